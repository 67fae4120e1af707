//! From bytes to blocks: the file decoded to text, its lines unfolded, and cut into the
//! `VEVENT`s and `VTIMEZONE`s of each `VCALENDAR`, each with the line where it starts. Every
//! block is parsed on its own later, so a broken event never costs the others. A `BEGIN:VEVENT`
//! (or `END:VCALENDAR`) inside an event ends it (a missing `END:VEVENT`, reported); an event
//! the file ends inside is left out (a truncated file, reported).

/// Deepest nesting of components followed; deeper `BEGIN`s are kept as text of their event.
const MAX_DEPTH: usize = 32;

/// A `VEVENT` or `VTIMEZONE`: its unfolded lines, `BEGIN` and `END` included.
#[derive(Debug, Default)]
pub(super) struct Block {
    pub line: u64,
    pub text: String,
    /// Index into [`Split::calendars`].
    pub calendar: usize,
    /// The `UID` seen in it, for reporting problems of a block that does not parse.
    pub uid: Option<String>,
    /// What was wrong with its text (a property cut, no `END`).
    pub problems: Vec<String>,
}

/// What a `VCALENDAR` says of all its events.
#[derive(Debug, Default, Clone)]
pub(super) struct CalendarHeader {
    pub name: Option<String>,
    /// `X-WR-TIMEZONE`: the zone of its floating times.
    pub timezone: Option<String>,
    /// `METHOD:CANCEL`: every event in it is cancelled.
    pub cancel: bool,
}

#[derive(Debug, Default)]
pub(super) struct Split {
    pub events: Vec<Block>,
    pub timezones: Vec<Block>,
    pub calendars: Vec<CalendarHeader>,
    /// Problems of the file, by line.
    pub problems: Vec<(u64, Option<String>, String)>,
    /// `VEVENT`s left out because the file has more than the cap, or truncated.
    pub skipped: usize,
}

/// The bytes as text, and a note when they were not UTF-8.
pub(super) fn decode(bytes: &[u8]) -> (String, Option<String>) {
    match crate::io::text::decode(bytes, "") {
        Ok(d) => (d.text, d.note),
        Err(_) => (
            String::from_utf8_lossy(bytes).into_owned(),
            Some("the file holds bytes that are not text; they were skipped".into()),
        ),
    }
}

/// Unfolded content lines: (line number where it starts, text, bytes cut off).
struct Unfold<'a> {
    lines: std::iter::Peekable<std::iter::Enumerate<std::str::Split<'a, char>>>,
    cap: usize,
}

impl Iterator for Unfold<'_> {
    type Item = (u64, String, usize);

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let (i, first) = self.lines.next()?;
            let first = first.strip_suffix('\r').unwrap_or(first);
            if first.trim().is_empty() {
                continue;
            }
            let mut text = String::new();
            let mut cut = 0;
            push_capped(&mut text, first, self.cap, &mut cut);
            while let Some((_, next)) = self.lines.peek() {
                let Some(rest) = next.strip_prefix([' ', '\t']) else {
                    break;
                };
                let rest = rest.strip_suffix('\r').unwrap_or(rest);
                push_capped(&mut text, rest, self.cap, &mut cut);
                self.lines.next();
            }
            return Some((i as u64 + 1, text, cut));
        }
    }
}

fn push_capped(text: &mut String, more: &str, cap: usize, cut: &mut usize) {
    let room = cap.saturating_sub(text.len());
    if more.len() <= room {
        text.push_str(more);
    } else {
        let mut end = room;
        while !more.is_char_boundary(end) {
            end -= 1;
        }
        text.push_str(&more[..end]);
        *cut += more.len() - end;
    }
}

/// The name of a content line (before `;` or `:`), upper case, and its value (after the
/// first `:` outside quotes).
fn name_and_value(line: &str) -> (String, &str) {
    let name_end = line.find([';', ':']).unwrap_or(line.len());
    let name = line[..name_end].trim().to_ascii_uppercase();
    let mut quoted = false;
    let mut value = "";
    for (i, c) in line.char_indices().skip_while(|(i, _)| *i < name_end) {
        match c {
            '"' => quoted = !quoted,
            ':' if !quoted => {
                value = &line[i + 1..];
                break;
            }
            _ => {}
        }
    }
    (name, value)
}

/// Undoes iCalendar text escapes (`\n`, `\,`, `\;`, `\\`).
pub(super) fn unescape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n' | 'N') => out.push('\n'),
                Some(other) => out.push(other),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[derive(Debug, PartialEq, Eq)]
enum Collecting {
    Nothing,
    Event,
    Timezone,
}

struct Splitter {
    split: Split,
    /// Upper-case names of the open components.
    stack: Vec<String>,
    collecting: Collecting,
    /// Depth of the stack when the collected block began.
    block_depth: usize,
    block: Block,
    calendar: usize,
    max_events: usize,
    events_seen: usize,
}

impl Splitter {
    fn begin_block(&mut self, kind: Collecting, line: u64, text: &str) {
        self.collecting = kind;
        self.block_depth = self.stack.len();
        self.block = Block {
            line,
            text: format!("{text}\n"),
            calendar: self.calendar,
            ..Block::default()
        };
    }

    /// Ends the block being collected: `complete` when its `END` was seen.
    fn end_block(&mut self, complete: bool, at: u64) {
        let mut block = std::mem::take(&mut self.block);
        let kind = std::mem::replace(&mut self.collecting, Collecting::Nothing);
        self.stack.truncate(self.block_depth);
        match kind {
            Collecting::Event if complete => {
                self.events_seen += 1;
                if self.events_seen > self.max_events {
                    self.split.skipped += 1;
                    if self.events_seen == self.max_events + 1 {
                        self.split.problems.push((
                            block.line,
                            None,
                            format!(
                                "the file has more than {} events; the rest were not read",
                                self.max_events
                            ),
                        ));
                    }
                    return;
                }
                block.text.push_str("END:VEVENT\n");
                self.split.events.push(block);
            }
            Collecting::Event => {
                block.text.push_str("END:VEVENT\n");
                block.problems.push(format!(
                    "no END:VEVENT before line {at}: read up to there (a missing line?)"
                ));
                self.events_seen += 1;
                if self.events_seen <= self.max_events {
                    self.split.events.push(block);
                }
            }
            Collecting::Timezone => {
                block.text.push_str("END:VTIMEZONE\n");
                self.split.timezones.push(block);
            }
            Collecting::Nothing => {}
        }
    }

    fn line(&mut self, no: u64, text: &str, cut: usize) {
        let (name, value) = name_and_value(text);
        let upper_value = || value.trim().to_ascii_uppercase();
        match name.as_str() {
            "BEGIN" => self.begin(no, text, upper_value()),
            "END" => self.end(no, text, upper_value()),
            _ => self.property(no, text, &name, value, cut),
        }
    }

    fn begin(&mut self, no: u64, text: &str, what: String) {
        if what == "VEVENT" || what == "VCALENDAR" {
            match self.collecting {
                Collecting::Event => self.end_block(false, no),
                Collecting::Timezone => {
                    // A VTIMEZONE with no END must not swallow the events after it.
                    self.split.problems.push((
                        self.block.line,
                        None,
                        format!("no END:VTIMEZONE before line {no}: read up to there"),
                    ));
                    self.end_block(false, no);
                }
                Collecting::Nothing => {}
            }
        }
        match self.collecting {
            Collecting::Nothing => {
                match what.as_str() {
                    "VCALENDAR" => {
                        self.split.calendars.push(CalendarHeader::default());
                        self.calendar = self.split.calendars.len() - 1;
                    }
                    "VEVENT" => self.begin_block(Collecting::Event, no, text),
                    "VTIMEZONE" => self.begin_block(Collecting::Timezone, no, text),
                    _ => {}
                }
                if self.stack.len() < MAX_DEPTH {
                    self.stack.push(what);
                }
            }
            Collecting::Event | Collecting::Timezone => {
                self.block.text.push_str(text);
                self.block.text.push('\n');
                if self.stack.len() < MAX_DEPTH {
                    self.stack.push(what);
                }
            }
        }
    }

    fn end(&mut self, no: u64, text: &str, what: String) {
        if self.collecting != Collecting::Nothing {
            let closes_block = matches!(
                (&self.collecting, what.as_str()),
                (Collecting::Event, "VEVENT") | (Collecting::Timezone, "VTIMEZONE")
            );
            if closes_block {
                // Complete even if a nested component (a VALARM) was left open.
                self.end_block(true, no);
                return;
            }
            if what == "VCALENDAR" {
                self.end_block(false, no);
            } else {
                if self.stack.last() == Some(&what) {
                    self.stack.pop();
                }
                self.block.text.push_str(text);
                self.block.text.push('\n');
                return;
            }
        }
        if let Some(at) = self.stack.iter().rposition(|c| *c == what) {
            self.stack.truncate(at);
        }
    }

    fn property(&mut self, no: u64, text: &str, name: &str, value: &str, cut: usize) {
        if cut > 0 {
            let reason = format!("{name} was cut: {cut} bytes over the limit were left out");
            match self.collecting {
                Collecting::Nothing => self.split.problems.push((no, None, reason)),
                _ => self.block.problems.push(reason),
            }
        }
        match self.collecting {
            Collecting::Event | Collecting::Timezone => {
                if name == "UID" && self.stack.len() == self.block_depth + 1 {
                    self.block.uid = Some(unescape(value.trim()));
                }
                self.block.text.push_str(text);
                self.block.text.push('\n');
            }
            Collecting::Nothing => {
                if self.stack.last().map(String::as_str) != Some("VCALENDAR") {
                    return;
                }
                let Some(header) = self.split.calendars.get_mut(self.calendar) else {
                    return;
                };
                let value = unescape(value.trim());
                match name {
                    "X-WR-CALNAME" if !value.is_empty() => header.name = Some(value),
                    "X-WR-TIMEZONE" if !value.is_empty() => header.timezone = Some(value),
                    "METHOD" => header.cancel = value.eq_ignore_ascii_case("CANCEL"),
                    _ => {}
                }
            }
        }
    }
}

/// Cuts decoded text into blocks.
pub(super) fn split(text: &str, max_property_bytes: usize, max_events: usize) -> Split {
    let mut s = Splitter {
        split: Split {
            // Events outside any VCALENDAR (a bare VEVENT) belong to an empty header.
            calendars: vec![CalendarHeader::default()],
            ..Split::default()
        },
        stack: Vec::new(),
        collecting: Collecting::Nothing,
        block_depth: 0,
        block: Block::default(),
        calendar: 0,
        max_events,
        events_seen: 0,
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let unfold = Unfold {
        lines: text.split('\n').enumerate().peekable(),
        cap: max_property_bytes.max(64),
    };
    let mut last = 0;
    for (no, line, cut) in unfold {
        last = no;
        s.line(no, line.trim_start_matches('\u{feff}'), cut);
    }
    match s.collecting {
        Collecting::Event => {
            let block = std::mem::take(&mut s.block);
            s.split.skipped += 1;
            s.split.problems.push((
                block.line,
                block.uid,
                format!(
                    "the file ends at line {last} inside this event (a truncated file?): left out"
                ),
            ));
        }
        Collecting::Timezone => s.end_block(false, last),
        Collecting::Nothing => {}
    }
    s.split
}
