//! An mbox file, streamed: each message's start (its byte offset, for resuming a later read
//! after the last message seen), the date of its separator line, and its header block. Bodies
//! are skipped line by line without being kept (or, for a source whose text the person keeps,
//! their first bytes up to a cap: [`Mbox::keep_body`]), and no line or header block is held
//! beyond a cap, so memory stays constant however large the file or a message in it.
//!
//! Separators: a line starting with `From ` at the start of the file or after a blank line
//! (mboxo, mboxrd, Gmail Takeout's `From 1234@xxx Tue Dec 01 …`, Thunderbird's `From - …`), or
//! anywhere when the rest of the line is a separator's date (files that do not leave a blank
//! line). A `From ` inside a body that is not escaped and does not carry such a date is body.
//! CRLF files read the same. Anything before the first separator is not a message and is
//! skipped (`skipped_bytes`).

use std::io::{self, BufRead};

use chrono::{DateTime, NaiveDateTime, Utc};

/// The longest header block kept of one message; a longer one is cut (`truncated`).
pub const HEADER_CAP: usize = 256 * 1024;

/// One message of an mbox: where it starts, its separator's date, and its headers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawMessage {
    /// The byte offset of its separator line in the file.
    pub offset: u64,
    /// The date of the separator line, when it has one Kith can read.
    pub envelope: Option<DateTime<Utc>>,
    /// The header block, without the blank line that ends it.
    pub headers: Vec<u8>,
    /// True when the header block was longer than [`HEADER_CAP`] and was cut.
    pub truncated: bool,
    /// The body's first bytes, when asked for ([`Mbox::keep_body`]); empty otherwise.
    pub body: Vec<u8>,
}

/// The date of a separator line (`From sender date`), if it carries one.
pub fn envelope_date(line: &[u8]) -> Option<DateTime<Utc>> {
    let text = std::str::from_utf8(line.strip_prefix(b"From ")?).ok()?;
    let words: Vec<&str> = text.split_whitespace().collect();
    // The sender is the first word; the date starts at the weekday after it.
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    let start = words.iter().skip(1).position(|w| DAYS.contains(w))? + 1;
    let date = words[start..].join(" ");
    for format in [
        "%a %b %d %H:%M:%S %Y",
        "%a %b %d %H:%M:%S %z %Y",
        "%a %b %d %H:%M %Y",
    ] {
        if format.contains("%z") {
            if let Ok(d) = DateTime::parse_from_str(&date, format) {
                return Some(d.with_timezone(&Utc));
            }
        } else if let Ok(d) = NaiveDateTime::parse_from_str(&date, format) {
            return Some(d.and_utc());
        }
    }
    None
}

fn is_blank(line: &[u8]) -> bool {
    line == b"\n" || line == b"\r\n"
}

/// The messages of an mbox read from `reader`, which starts at byte `start` of the file (0, or
/// the offset of a message to resume from).
#[derive(Debug)]
pub struct Mbox<R> {
    reader: R,
    /// The offset of the next byte to read.
    pos: u64,
    /// The start of the current line, what is kept of it, and whether the one before was blank.
    line: Vec<u8>,
    prev_blank: bool,
    current: Option<RawMessage>,
    in_headers: bool,
    /// Bytes before the first separator (not a message).
    pub skipped_bytes: u64,
    done: bool,
    /// How many bytes of each body to keep (0: none).
    body_cap: usize,
}

/// What is kept of a line: enough to tell a separator, a blank line, and a header.
const LINE_CAP: usize = 64 * 1024;

impl<R: BufRead> Mbox<R> {
    pub fn new(reader: R, start: u64) -> Self {
        Self {
            reader,
            pos: start,
            line: Vec::with_capacity(256),
            prev_blank: true,
            current: None,
            in_headers: false,
            skipped_bytes: 0,
            done: false,
            body_cap: 0,
        }
    }

    /// Keeps the first `cap` bytes of each message's body (whole lines; `>From ` lines of an
    /// mboxrd file unescaped).
    #[must_use]
    pub fn keep_body(mut self, cap: usize) -> Self {
        self.body_cap = cap;
        self
    }

    /// The offset of the next byte to read: after a read to the end, the file's length.
    pub fn position(&self) -> u64 {
        self.pos
    }

    /// Reads one line, keeping at most [`LINE_CAP`] bytes of it; returns its whole length
    /// (0 at the end of the file).
    fn read_line(&mut self) -> io::Result<u64> {
        self.line.clear();
        let mut total = 0u64;
        loop {
            let available = match self.reader.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if available.is_empty() {
                return Ok(total);
            }
            let (chunk, end) = match available.iter().position(|&b| b == b'\n') {
                Some(i) => (&available[..=i], true),
                None => (available, false),
            };
            let room = LINE_CAP.saturating_sub(self.line.len());
            self.line.extend_from_slice(&chunk[..chunk.len().min(room)]);
            let n = chunk.len();
            self.reader.consume(n);
            total += n as u64;
            if end {
                return Ok(total);
            }
        }
    }

    fn separator(&self) -> Option<Option<DateTime<Utc>>> {
        if !self.line.starts_with(b"From ") {
            return None;
        }
        let date = envelope_date(self.line.trim_ascii_end());
        (self.prev_blank || date.is_some()).then_some(date)
    }
}

impl<R: BufRead> Iterator for Mbox<R> {
    type Item = io::Result<RawMessage>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        loop {
            let start = self.pos;
            let n = match self.read_line() {
                Ok(n) => n,
                Err(e) => {
                    self.done = true;
                    return Some(Err(e));
                }
            };
            if n == 0 {
                self.done = true;
                return self.current.take().map(Ok);
            }
            self.pos += n;
            if let Some(envelope) = self.separator() {
                self.prev_blank = false;
                self.in_headers = true;
                let next = RawMessage {
                    offset: start,
                    envelope,
                    headers: Vec::new(),
                    truncated: false,
                    body: Vec::new(),
                };
                if let Some(done) = self.current.replace(next) {
                    return Some(Ok(done));
                }
                continue;
            }
            let blank = is_blank(&self.line);
            match &mut self.current {
                None => self.skipped_bytes += n,
                Some(m) if self.in_headers => {
                    if blank {
                        self.in_headers = false;
                    } else if n as usize == self.line.len()
                        && m.headers.len() + self.line.len() <= HEADER_CAP
                        && !m.truncated
                    {
                        m.headers.extend_from_slice(&self.line);
                    } else {
                        m.truncated = true;
                    }
                }
                Some(m) => {
                    let line = match self.line.strip_prefix(b">") {
                        Some(rest)
                            if rest[rest.iter().take_while(|&&b| b == b'>').count()..]
                                .starts_with(b"From ") =>
                        {
                            rest
                        }
                        _ => &self.line[..],
                    };
                    if m.body.len() + line.len() <= self.body_cap {
                        m.body.extend_from_slice(line);
                    }
                }
            }
            self.prev_blank = blank;
        }
    }
}
