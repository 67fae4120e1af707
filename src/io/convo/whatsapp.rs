//! WhatsApp's "Export chat": a `.txt` with one message per line (and the lines that continue
//! it), or the `.zip` of that `.txt` with the chat's media, of which only the `.txt` is read.
//!
//! The file's shape depends on the phone and its language settings, never said in the file:
//!
//! - Android: `12/31/23, 9:05 PM - Ana Ruiz: Hello`, `31.12.23, 21:05 - Ana: …`,
//!   `2023-12-31 21:05 - …`; iOS: `[31/12/2023, 21:05:33] Ana Ruiz: Hello`, the line
//!   sometimes starting with a left-to-right mark (U+200E).
//! - 12-hour clocks with a plain, a no-break (U+00A0) or a narrow no-break space (U+202F)
//!   before `AM`/`PM`, `a. m.`/`p. m.` (Spanish), `vorm.`/`nachm.`, or a marker before the
//!   time (`下午9:05`, `오후 9:05`).
//! - Dates day-first, month-first or year-first, with `/`, `.` or `-`, two- or four-digit
//!   years (two digits are 20xx). Which of day and month comes first is inferred per file
//!   from the dates it holds ([`survey`]): a first number above 12 says day-first, a second
//!   one month-first. When no date says, the order stays [`DateOrder::Ambiguous`] and the
//!   person chooses ([`WhatsAppOptions::day_first`]); [`Survey::likely_day_first`] offers the
//!   order under which the dates run forward in time.
//! - System lines (`Messages and calls are end-to-end encrypted…`, `Ana added Bo`, in any
//!   language): on Android a timestamp with no `author: `; on iOS the group's name (or, in a
//!   1:1 chat, the other person) as author and the text after a left-to-right mark. They are
//!   skipped and never make an author.
//! - A line that does not start with a timestamp continues the message before it.
//! - Authors: a number not in the phone's contacts between direction marks
//!   (`U+202A+44 7700 900123U+202C`), on iOS with non-breaking hyphens (U+2011, read as
//!   `-`); on iOS a group member not in the contacts as `~` and a space before the name they
//!   chose (`~ Ysa Lin`: read as `Ysa Lin`).
//! - Times are local, without offset: they are placed in the zone the caller passes.
//!
//! Reading streams: [`survey`] reads the file once (authors, date order), [`read`] a second
//! time, handing each message to the sink. Memory holds one line and one message (each
//! capped), and the list of authors.

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Seek};
use std::path::Path;

use chrono::{
    DateTime, Duration, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone,
    Utc,
};

use super::{ConvoEvent, ConvoItem, ConvoKind, ConvoProblem, Party};
use crate::error::{Error, Result};

/// The most of one line read; the rest of a longer line is skipped.
pub const LINE_CAP: usize = 64 * 1024;
/// The most of one message's text kept (a multi-line message stops growing there).
pub const TEXT_CAP: usize = 64 * 1024;
/// The longest author name: a longer "name" is the text of a system line with a colon in it.
const AUTHOR_MAX_CHARS: usize = 80;

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";

/// Where the export's local times are: a zone (with its daylight saving) or a fixed offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zone {
    Fixed(FixedOffset),
    Named(chrono_tz::Tz),
}

impl Default for Zone {
    fn default() -> Self {
        Zone::Fixed(FixedOffset::east_opt(0).expect("zero offset"))
    }
}

impl Zone {
    /// The instant a local time names: the earlier of a repeated hour (clocks going back), and
    /// for a time skipped by clocks going forward, the instant an hour later on the clock.
    pub fn to_utc(&self, local: NaiveDateTime) -> DateTime<Utc> {
        fn pick<Z: TimeZone>(zone: &Z, local: NaiveDateTime) -> DateTime<Utc> {
            match zone.from_local_datetime(&local) {
                LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => t.with_timezone(&Utc),
                LocalResult::None => {
                    match zone.from_local_datetime(&(local + Duration::hours(1))) {
                        LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => {
                            t.with_timezone(&Utc) - Duration::hours(1)
                        }
                        LocalResult::None => local.and_utc(),
                    }
                }
            }
        }
        match self {
            Zone::Fixed(offset) => pick(offset, local),
            Zone::Named(tz) => pick(tz, local),
        }
    }
}

/// What the person says about a file.
#[derive(Debug, Clone, Default)]
pub struct WhatsAppOptions {
    /// Day before month (`31/12/23`) or month before day (`12/31/23`); `None`: as inferred,
    /// which must then not be ambiguous.
    pub day_first: Option<bool>,
    /// The person's own name (or number) as the file writes it; `None`: no message is marked
    /// as theirs, and each message's others are the other authors.
    pub me: Option<String>,
    /// The zone of the phone that exported the chat.
    pub zone: Zone,
}

/// The order of day and month in a file's dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateOrder {
    DayFirst,
    MonthFirst,
    /// `2023-12-31`: nothing to choose.
    YearFirst,
    /// No date says (all numbers are 12 or less), or dates say both: the person chooses.
    Ambiguous,
}

/// What a first read of a file finds: for the person to say which author they are and, when
/// the file does not say, the order of day and month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Survey {
    /// The chat's name: from the file's name (`WhatsApp Chat with Ana Ruiz.txt`, localized),
    /// else the file's stem.
    pub chat: String,
    /// Each author with their number of messages, most first (then by name).
    pub authors: Vec<(String, u64)>,
    pub date_order: DateOrder,
    /// For an ambiguous order: the one under which the dates never (or least) go back in
    /// time, when one does better than the other.
    pub likely_day_first: Option<bool>,
    /// Lines in the file.
    pub lines: u64,
    /// Messages (system lines not counted).
    pub messages: u64,
    /// Some author is a phone number (not in the phone's contacts): match by phone too.
    pub has_numbers: bool,
    /// More than two people wrote, or the group's name writes its system lines (iOS).
    pub group: bool,
}

impl Survey {
    /// The most frequent author, to offer as "which name is yours".
    pub fn most_frequent(&self) -> Option<&str> {
        self.authors.first().map(|(name, _)| name.as_str())
    }
}

/// The name to offer as the person's across several files: the author found in the most
/// files, then with the most messages.
pub fn likely_me(surveys: &[Survey]) -> Option<String> {
    let mut tally: HashMap<&str, (usize, u64)> = HashMap::new();
    for survey in surveys {
        for (name, count) in &survey.authors {
            let entry = tally.entry(name.as_str()).or_default();
            entry.0 += 1;
            entry.1 += count;
        }
    }
    tally
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(a.0)))
        .map(|(name, _)| name.to_owned())
}

/// Reads a chat export (`.txt` or `.zip`) once: its authors and date order.
pub fn survey(path: &Path) -> Result<Survey> {
    with_text(path, |text, chat| survey_text(text, chat))
}

/// Reads a chat export (`.txt` or `.zip`): a survey, then each message to `sink`. Returns the
/// survey. Fails when the file is no chat export, or its date order is ambiguous and
/// `options` does not choose.
pub fn read(
    path: &Path,
    options: &WhatsAppOptions,
    mut sink: impl FnMut(ConvoItem),
) -> Result<Survey> {
    let survey = survey(path)?;
    check(&survey, options)?;
    with_text(path, |text, _| read_text(text, options, &survey, &mut sink))?;
    Ok(survey)
}

/// Whether `options` and what the survey found let the file be read.
pub fn check(survey: &Survey, options: &WhatsAppOptions) -> Result<()> {
    if survey.messages == 0 {
        return Err(Error::invalid(
            "file",
            "not a WhatsApp chat export: no line starts with a date, a time and a name",
        ));
    }
    if survey.date_order == DateOrder::Ambiguous && options.day_first.is_none() {
        return Err(Error::invalid(
            "day_first",
            "the dates of this chat can be read day first or month first: choose one",
        ));
    }
    Ok(())
}

/// Opens the chat text of `path` (a `.txt`, or the `.txt` in a `.zip`) and hands it to `f`
/// with the chat's name.
fn with_text<T>(path: &Path, f: impl FnOnce(&mut dyn BufRead, &str) -> io::Result<T>) -> Result<T> {
    let mut file = File::open(path).map_err(|e| Error::io(path, &e))?;
    let mut magic = [0u8; 4];
    let n = read_up_to(&mut file, &mut magic).map_err(|e| Error::io(path, &e))?;
    file.rewind().map_err(|e| Error::io(path, &e))?;
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if &magic[..n] == ZIP_MAGIC {
        return with_zip_text(BufReader::new(file), &stem, f).map_err(|e| Error::Io {
            path: path.display().to_string(),
            message: e,
        });
    }
    let chat = chat_name(&stem)
        .or_else(|| {
            // `_chat.txt` unpacked from an iOS zip: the folder has the zip's name.
            path.parent()
                .and_then(|p| p.file_name())
                .and_then(|n| chat_name(&n.to_string_lossy()))
        })
        .unwrap_or(stem);
    let mut reader = BufReader::with_capacity(64 * 1024, file);
    f(&mut reader, &chat).map_err(|e| Error::io(path, &e))
}

fn read_up_to(r: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

/// The chat text in a zip: `_chat.txt` (iOS), else the `.txt` named like a chat export
/// (Android), else the only `.txt`.
fn with_zip_text<R: Read + Seek, T>(
    reader: R,
    zip_stem: &str,
    f: impl FnOnce(&mut dyn BufRead, &str) -> io::Result<T>,
) -> std::result::Result<T, String> {
    let mut archive =
        zip::ZipArchive::new(reader).map_err(|e| format!("not a zip Kith can read: {e}"))?;
    let mut texts: Vec<(usize, String)> = Vec::new();
    for i in 0..archive.len() {
        let Some(Ok(name)) = archive.name_for_index(i) else {
            continue;
        };
        let lower = name.to_lowercase();
        if lower.ends_with(".txt") && !lower.starts_with("__macosx/") {
            texts.push((i, name.into_owned()));
        }
    }
    let base = |n: &str| n.rsplit('/').next().unwrap_or(n).to_owned();
    let chosen = texts
        .iter()
        .find(|(_, n)| base(n).eq_ignore_ascii_case("_chat.txt"))
        .or_else(|| {
            texts
                .iter()
                .find(|(_, n)| chat_name(base(n).trim_end_matches(".txt")).is_some())
        })
        .or_else(|| (texts.len() == 1).then(|| &texts[0]))
        .cloned();
    let Some((index, name)) = chosen else {
        return Err(if texts.is_empty() {
            "the zip holds no .txt: not a WhatsApp chat export".into()
        } else {
            format!(
                "the zip holds {} .txt files and none is named like a WhatsApp chat",
                texts.len()
            )
        });
    };
    let entry_stem = base(&name);
    let entry_stem = entry_stem
        .strip_suffix(".txt")
        .or_else(|| entry_stem.strip_suffix(".TXT"))
        .unwrap_or(&entry_stem)
        .to_owned();
    let chat = chat_name(&entry_stem)
        .or_else(|| chat_name(zip_stem))
        .unwrap_or_else(|| zip_stem.to_owned());
    let entry = archive
        .by_index(index)
        .map_err(|e| format!("{name} could not be opened: {e}"))?;
    if entry.encrypted() {
        return Err(format!("{name} is encrypted"));
    }
    let mut reader = BufReader::with_capacity(64 * 1024, entry);
    f(&mut reader, &chat).map_err(|e| format!("{name} could not be unpacked: {e}"))
}

/// The chat's name in an export's file name (`WhatsApp Chat with Ana Ruiz`, `WhatsApp Chat -
/// Ana Ruiz`, `Chat de WhatsApp con Ana`, `WhatsApp-Chat mit Ana`, `Discussion WhatsApp avec
/// Ana`...), without a download's ` (1)`; `None` when the name does not say.
pub fn chat_name(stem: &str) -> Option<String> {
    let at = stem.to_ascii_lowercase().find("whatsapp")?;
    let mut tail = &stem[at + "whatsapp".len()..];
    if at == 0 {
        // `WhatsApp Chat with X`, `WhatsApp Chat - X`, `WhatsApp-Chat mit X`.
        tail = ["-Chat", " Chat", " chat", "-chat"]
            .iter()
            .find_map(|w| tail.strip_prefix(w))
            .filter(|rest| rest.starts_with(' '))?;
    }
    // Then ` - X`, or a connector and X: `with`, `mit`, `con`, `avec`, `com`, `с`, `met`...
    let tail = tail.trim_start();
    let rest = match tail.strip_prefix("- ") {
        Some(rest) => rest,
        None => tail.split_once(char::is_whitespace).map(|(_, r)| r)?,
    };
    let mut rest = rest.trim();
    if let Some(open) = rest.rfind(" (") {
        if rest.ends_with(')')
            && rest[open + 2..rest.len() - 1]
                .bytes()
                .all(|b| b.is_ascii_digit())
        {
            rest = rest[..open].trim_end();
        }
    }
    (!rest.is_empty()).then(|| rest.to_owned())
}

// ---------------------------------------------------------------------------------------
// Lines

/// Reads lines of at most [`LINE_CAP`] bytes (the rest of a longer line is skipped), without
/// their line break, as text (invalid UTF-8 replaced).
struct Lines<R> {
    reader: R,
    buf: Vec<u8>,
    number: u64,
}

impl<R: BufRead> Lines<R> {
    fn new(reader: R) -> Self {
        Self {
            reader,
            buf: Vec::with_capacity(1024),
            number: 0,
        }
    }

    /// The next line, or `None` at the end.
    fn next_line(&mut self) -> io::Result<Option<(u64, std::borrow::Cow<'_, str>)>> {
        let (any, _) = super::read_capped_line(&mut self.reader, &mut self.buf, LINE_CAP)?;
        if !any {
            return Ok(None);
        }
        self.number += 1;
        if self.buf.last() == Some(&b'\r') {
            self.buf.pop();
        }
        let mut bytes = self.buf.as_slice();
        if self.number == 1 {
            bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        }
        Ok(Some((self.number, String::from_utf8_lossy(bytes))))
    }
}

// ---------------------------------------------------------------------------------------
// Timestamps

/// Marks that may come before a line's timestamp or a name: byte-order mark, left-to-right
/// and right-to-left marks, embeddings and isolates.
const MARKS: &[char] = &[
    '\u{feff}', '\u{200e}', '\u{200f}', '\u{202a}', '\u{202b}', '\u{202c}', '\u{202d}', '\u{202e}',
    '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}',
];
/// Spaces between a time and its AM/PM: plain, no-break, narrow no-break.
const SPACES: &[char] = &[' ', '\u{a0}', '\u{202f}'];

/// A line's timestamp as written, and what follows it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Header<'a> {
    /// The date's three numbers in the file's order, and how many digits each has.
    nums: [u32; 3],
    lens: [usize; 3],
    hour: u32,
    minute: u32,
    second: u32,
    /// `Some(true)` for PM, `Some(false)` for AM, `None` for a 24-hour clock.
    pm: Option<bool>,
    /// After the timestamp: `author: text`, or a system line.
    body: &'a str,
}

impl Header<'_> {
    fn year_first(&self) -> bool {
        self.lens[0] == 4
    }

    /// Evidence for the order of day and month: (day-first, month-first).
    fn order_evidence(&self) -> (bool, bool) {
        if self.year_first() {
            return (false, false);
        }
        // Only one of the two above 12 says: both above is no date at all.
        let [a, b, _] = self.nums;
        let big = |n: u32| (13..=31).contains(&n);
        let small = |n: u32| (1..=12).contains(&n);
        (big(a) && small(b), big(b) && small(a))
    }

    /// The date under an order (`day_first` ignored for year-first dates).
    fn date(&self, day_first: bool) -> std::result::Result<NaiveDate, String> {
        let [a, b, c] = self.nums;
        let (year, year_len, month, day) = if self.year_first() {
            (a, self.lens[0], b, c)
        } else if day_first {
            (c, self.lens[2], b, a)
        } else {
            (c, self.lens[2], a, b)
        };
        let year = match year_len {
            2 => 2000 + year,
            4 => year,
            _ => return Err(format!("the year {year} is not one of a date")),
        };
        i32::try_from(year)
            .ok()
            .and_then(|y| NaiveDate::from_ymd_opt(y, month, day))
            .ok_or_else(|| {
                format!(
                    "no such date: day {day} of month {month} of {year} (read {})",
                    if self.year_first() {
                        "year first"
                    } else if day_first {
                        "day first"
                    } else {
                        "month first"
                    }
                )
            })
    }

    fn time(&self) -> std::result::Result<NaiveTime, String> {
        let hour = match self.pm {
            Some(pm) if (1..=12).contains(&self.hour) => (self.hour % 12) + if pm { 12 } else { 0 },
            _ => self.hour,
        };
        NaiveTime::from_hms_opt(hour, self.minute, self.second).ok_or_else(|| {
            format!(
                "no such time: {}:{:02}:{:02}",
                self.hour, self.minute, self.second
            )
        })
    }

    fn local(&self, day_first: bool) -> std::result::Result<NaiveDateTime, String> {
        Ok(self.date(day_first)?.and_time(self.time()?))
    }
}

/// Leading ASCII digits (at most 6) as a number, their count, and the rest.
fn digits(s: &str) -> Option<(u32, usize, &str)> {
    let n = s.bytes().take_while(u8::is_ascii_digit).count();
    if n == 0 || n > 6 {
        return None;
    }
    Some((s[..n].parse().ok()?, n, &s[n..]))
}

/// An AM/PM marker in any of the forms phones write (`PM`, `p. m.`, `nachm.`, `下午`...):
/// `Some(true)` for PM.
fn marker(s: &str) -> Option<bool> {
    let key: String = s
        .chars()
        .filter(|c| !matches!(c, '.' | ',') && !c.is_whitespace() && !SPACES.contains(c))
        .flat_map(char::to_lowercase)
        .collect();
    match key.as_str() {
        "am" | "vorm" | "fm" | "πμ" | "上午" | "午前" | "오전" | "ص" | "sa" | "dop" => {
            Some(false)
        }
        "pm" | "nachm" | "em" | "μμ" | "下午" | "午後" | "오후" | "م" | "ch" | "odp" => {
            Some(true)
        }
        _ => None,
    }
}

/// Parses the timestamp a message line starts with; `None` when the line does not start with
/// one (it continues the message before).
fn parse_header(line: &str) -> Option<Header<'_>> {
    let mut s = line.trim_start_matches(MARKS);
    let bracket = s.starts_with('[');
    if bracket {
        s = s[1..].trim_start_matches(MARKS);
    }
    if !s.as_bytes().first()?.is_ascii_digit() {
        return None;
    }
    // The date: three numbers with the same separator, each maybe followed by a space
    // (`2023. 12. 31.`), maybe a dot after the last.
    let (a, la, rest) = digits(s)?;
    let sep = rest
        .chars()
        .next()
        .filter(|c| matches!(c, '/' | '.' | '-'))?;
    let rest = rest[1..].strip_prefix(' ').unwrap_or(&rest[1..]);
    let (b, lb, rest) = digits(rest)?;
    let rest = rest.strip_prefix(sep)?;
    let rest = rest.strip_prefix(' ').unwrap_or(rest);
    let (c, lc, rest) = digits(rest)?;
    let rest = rest.strip_prefix('.').unwrap_or(rest);
    // Between date and time: `, `, ` `, `, klo `, `. 오후 `... a few characters, no digits.
    let gap = rest.find(|c: char| c.is_ascii_digit())?;
    let between = &rest[..gap];
    if between.is_empty()
        || between.chars().count() > 10
        || !between.chars().all(|c| {
            c == ',' || c == '.' || c.is_whitespace() || SPACES.contains(&c) || c.is_alphabetic()
        })
    {
        return None;
    }
    let pre = marker(between);
    // The time: `21:05`, `9:05:33`, `21.25.15`.
    let (hour, lh, rest) = digits(&rest[gap..])?;
    let tsep = rest.chars().next().filter(|c| matches!(c, ':' | '.'))?;
    let (minute, lm, mut rest) = digits(&rest[1..])?;
    if lh > 2 || lm != 2 {
        return None;
    }
    let mut second = 0;
    if let Some(after) = rest.strip_prefix(tsep) {
        if let Some((sec, 2, r)) = digits(after) {
            second = sec;
            rest = r;
        }
    }
    // A marker after the time.
    let mut pm = pre;
    let spaced = rest.trim_start_matches(SPACES);
    let cand_len: usize = spaced
        .char_indices()
        .take_while(|(i, c)| *i < 24 && (c.is_alphabetic() || *c == '.' || SPACES.contains(c)))
        .map(|(_, c)| c.len_utf8())
        .sum();
    let cand = spaced[..cand_len].trim_end_matches(SPACES);
    if let Some(m) = marker(cand).filter(|_| !cand.is_empty()) {
        pm = Some(m);
        rest = &spaced[cand.len()..];
    }
    // The separator: `] ` (iOS), ` - ` (Android), `: `.
    let body = if bracket {
        let r = rest.trim_start_matches(SPACES).strip_prefix(']')?;
        let r = r.trim_start_matches(SPACES);
        r.strip_prefix("- ").unwrap_or(r)
    } else {
        let r = rest.trim_start_matches(SPACES);
        let spaced = r.len() < rest.len();
        if let Some(after) = r.strip_prefix(['-', '–', '—']).filter(|_| spaced) {
            after
                .strip_prefix(SPACES)
                .or_else(|| after.is_empty().then_some(after))?
        } else if let Some(after) = r.strip_prefix(':').filter(|_| !spaced) {
            after.strip_prefix(' ')?
        } else {
            return None;
        }
    };
    Some(Header {
        nums: [a, b, c],
        lens: [la, lb, lc],
        hour,
        minute,
        second,
        pm,
        body,
    })
}

// ---------------------------------------------------------------------------------------
// Bodies

/// What follows a timestamp.
#[derive(Debug, PartialEq, Eq)]
enum Body<'a> {
    /// A notice of WhatsApp's, not a message: skipped.
    System,
    Message {
        author: String,
        text: &'a str,
    },
}

/// Words of the end-to-end encryption notice, which iOS attributes to the other person.
const E2E: &[&str] = &[
    "end-to-end",
    "ende-zu-ende",
    "extremo a extremo",
    "ponta a ponta",
    "bout en bout",
    "сквозным шифрованием",
    "uçtan uca",
    "end-to-end-versleuteld",
];

/// Texts iOS marks (U+200E) that are messages still: media...
const MEDIA_WORDS: &[&str] = &[
    "omitted",
    "omitid",
    "ocultad",
    "weggelassen",
    "absent",
    "omess",
    "отсутств",
    "weggelaten",
    "pominię",
];

/// ...and deleted messages: a word for deleted with a word for message (`This message was
/// deleted`), as iOS's notices of deleted things are no messages (`Ana deleted the group
/// description`, `Ana hat das Gruppenbild gelöscht`).
const DELETED_WORDS: &[&str] = &[
    "deleted",
    "gelöscht",
    "eliminad",
    "eliminó",
    "eliminaste",
    "apagada",
    "supprimé",
    "eliminato",
    "удален",
];
const MESSAGE_WORDS: &[&str] = &[
    "message",
    "nachricht",
    "mensaje",
    "mensagem",
    "messaggio",
    "сообщени",
    "bericht",
];

/// Hyphens phones write in numbers instead of `-`: iOS's non-breaking hyphen (U+2011).
const HYPHENS: &[char] = &['\u{2010}', '\u{2011}'];

/// A name as the file writes it, without the direction marks around numbers, with plain
/// hyphens, and without the `~` (and space) iOS writes before a group member who is not
/// in the phone's contacts (`~ Ysa Lin`: the name they chose).
fn clean_name(s: &str) -> String {
    let s: String = s
        .chars()
        .filter(|c| !MARKS.contains(c))
        .map(|c| if HYPHENS.contains(&c) { '-' } else { c })
        .collect();
    let space = |c: char| c.is_whitespace() || SPACES.contains(&c);
    let s = s.trim_matches(space);
    match s.strip_prefix('~') {
        Some(rest) if rest.starts_with(space) && !rest.trim_start_matches(space).is_empty() => {
            rest.trim_start_matches(space).to_owned()
        }
        _ => s.to_owned(),
    }
}

fn valid_author(name: &str) -> bool {
    !name.is_empty()
        && name.chars().count() <= AUTHOR_MAX_CHARS
        && !name.contains(['"', '“', '”', '„', '«', '»', '\u{201c}'])
}

/// Splits a body into author and text; `first` is true for the first timestamped line.
fn classify(body: &str, first: bool) -> Body<'_> {
    let (author, text) = match body.find(": ") {
        Some(at) => (&body[..at], &body[at + 2..]),
        None => match body.strip_suffix(':') {
            Some(author) => (author, ""),
            None => return Body::System,
        },
    };
    let author = clean_name(author);
    if !valid_author(&author) {
        return Body::System;
    }
    if let Some(marked) = text.strip_prefix('\u{200e}') {
        let lower = marked.to_lowercase();
        let media = (marked.starts_with('<') && marked.trim_end().ends_with('>'))
            || MEDIA_WORDS.iter().any(|w| lower.contains(w))
            || (DELETED_WORDS.iter().any(|w| lower.contains(w))
                && MESSAGE_WORDS.iter().any(|w| lower.contains(w)));
        if !media {
            return Body::System;
        }
        return Body::Message {
            author,
            text: marked,
        };
    }
    if first {
        let lower = text.to_lowercase();
        if E2E.iter().any(|w| lower.contains(w)) {
            return Body::System;
        }
    }
    Body::Message { author, text }
}

/// A phone number as an author (`+49 151 23456789`, a number not in the phone's contacts).
fn phone_of(name: &str) -> Option<String> {
    let digits = name.chars().filter(char::is_ascii_digit).count();
    let shape = name.chars().all(|c| {
        c.is_ascii_digit()
            || matches!(c, '+' | ' ' | '-' | '(' | ')' | '.')
            || SPACES.contains(&c)
            || HYPHENS.contains(&c)
    });
    (shape && (6..=15).contains(&digits) && !name.starts_with(['-', '.'])).then(|| {
        name.replace(['\u{a0}', '\u{202f}'], " ")
            .replace(HYPHENS, "-")
    })
}

fn party(name: &str) -> Party {
    match phone_of(name) {
        Some(phone) => Party {
            phone: Some(phone),
            ..Party::default()
        },
        None => Party {
            name: Some(name.to_owned()),
            ..Party::default()
        },
    }
}

/// Whether an author is the person named `me` (names as written; numbers by their digits).
fn same_person(me: &str, author: &str) -> bool {
    if me == author {
        return true;
    }
    match (phone_of(me), phone_of(author)) {
        (Some(a), Some(b)) => {
            let d = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
            d(&a) == d(&b)
        }
        _ => me.to_lowercase() == author.to_lowercase(),
    }
}

// ---------------------------------------------------------------------------------------
// Survey

/// Surveys a chat's text (see [`survey`]); `chat` is its name.
pub fn survey_text(text: &mut dyn BufRead, chat: &str) -> io::Result<Survey> {
    let mut lines = Lines::new(text);
    let mut counts: HashMap<String, u64> = HashMap::new();
    let (mut day_ev, mut month_ev, mut year_first) = (0u64, 0u64, 0u64);
    // Going back in time from one line to the next, read day-first and month-first.
    let mut prev: [Option<NaiveDate>; 2] = [None, None];
    let mut back = [0u64; 2];
    let mut first = true;
    while let Some((_, line)) = lines.next_line()? {
        let Some(header) = parse_header(&line) else {
            continue;
        };
        let (d, m) = header.order_evidence();
        day_ev += u64::from(d);
        month_ev += u64::from(m);
        year_first += u64::from(header.year_first());
        for (i, day_first) in [true, false].into_iter().enumerate() {
            if let Ok(date) = header.date(day_first) {
                if prev[i].is_some_and(|p| date < p) {
                    back[i] += 1;
                }
                prev[i] = Some(date);
            }
        }
        if let Body::Message { author, .. } = classify(header.body, first) {
            *counts.entry(author).or_default() += 1;
        }
        first = false;
    }
    // iOS writes a group's system lines as from the group: its name is no author.
    let others = counts.keys().filter(|a| a.as_str() != chat).count();
    let group = others >= 2;
    if group {
        counts.remove(chat);
    }
    let mut authors: Vec<(String, u64)> = counts.into_iter().collect();
    authors.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let date_order = match (day_ev > 0, month_ev > 0) {
        (true, false) => DateOrder::DayFirst,
        (false, true) => DateOrder::MonthFirst,
        (false, false) if year_first > 0 => DateOrder::YearFirst,
        _ => DateOrder::Ambiguous,
    };
    let likely_day_first = match date_order {
        DateOrder::Ambiguous if day_ev != month_ev => Some(day_ev > month_ev),
        DateOrder::Ambiguous if back[0] != back[1] => Some(back[0] < back[1]),
        _ => None,
    };
    Ok(Survey {
        chat: chat.to_owned(),
        messages: authors.iter().map(|(_, n)| n).sum(),
        has_numbers: authors.iter().any(|(a, _)| phone_of(a).is_some()),
        authors,
        date_order,
        likely_day_first,
        lines: lines.number,
        group,
    })
}

// ---------------------------------------------------------------------------------------
// Read

struct Pending {
    line: u64,
    at: DateTime<Utc>,
    author: String,
    text: String,
}

/// Reads a chat's text (see [`read`]) with what its survey found.
pub fn read_text(
    text: &mut dyn BufRead,
    options: &WhatsAppOptions,
    survey: &Survey,
    sink: &mut dyn FnMut(ConvoItem),
) -> io::Result<()> {
    let day_first = match (options.day_first, survey.date_order) {
        (Some(d), _) => d,
        (None, DateOrder::MonthFirst) => false,
        (None, _) => survey.likely_day_first.unwrap_or(true),
    };
    let me = options.me.as_deref().map(clean_name);
    let is_me = |author: &str| me.as_deref().is_some_and(|m| same_person(m, author));
    let members: Vec<(String, Party)> = survey
        .authors
        .iter()
        .filter(|(a, _)| !is_me(a))
        .map(|(a, _)| (a.clone(), party(a)))
        .collect();
    let emit = |p: Pending, sink: &mut dyn FnMut(ConvoItem)| {
        let from_me = is_me(&p.author);
        let others = members
            .iter()
            .filter(|(a, _)| me.is_some() || *a != p.author)
            .map(|(_, party)| party.clone())
            .collect();
        let text = p.text.trim_end();
        let text = text
            .strip_suffix("<This message was edited>")
            .map(str::trim_end)
            .unwrap_or(text);
        sink(ConvoItem::Event(ConvoEvent {
            chat: survey.chat.clone(),
            at: p.at,
            from_me,
            author: (!from_me).then(|| party(&p.author)),
            others,
            kind: ConvoKind::Message,
            text: (!text.is_empty()).then(|| text.to_owned()),
            line: p.line,
        }));
    };

    let mut lines = Lines::new(text);
    let mut pending: Option<Pending> = None;
    let mut first = true;
    while let Some((number, line)) = lines.next_line()? {
        let Some(header) = parse_header(&line) else {
            if let Some(p) = pending.as_mut() {
                if p.text.len() < TEXT_CAP {
                    p.text.push('\n');
                    push_capped(&mut p.text, &line);
                }
            }
            continue;
        };
        if let Some(p) = pending.take() {
            emit(p, sink);
        }
        let was_first = std::mem::replace(&mut first, false);
        let local = match header.local(day_first) {
            Ok(local) => local,
            Err(message) => {
                sink(ConvoItem::Problem(ConvoProblem {
                    line: number,
                    message,
                }));
                continue;
            }
        };
        match classify(header.body, was_first) {
            Body::System => {}
            Body::Message { author, .. } if survey.group && author == survey.chat => {}
            Body::Message { author, text } => {
                let mut kept = String::with_capacity(text.len().min(TEXT_CAP));
                push_capped(&mut kept, text);
                pending = Some(Pending {
                    line: number,
                    at: options.zone.to_utc(local),
                    author,
                    text: kept,
                });
            }
        }
    }
    if let Some(p) = pending.take() {
        emit(p, sink);
    }
    Ok(())
}

/// Appends `s` to `text` up to [`TEXT_CAP`] bytes, cut at a character boundary.
fn push_capped(text: &mut String, s: &str) {
    let room = TEXT_CAP.saturating_sub(text.len());
    if s.len() <= room {
        text.push_str(s);
    } else {
        let mut end = room;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        text.push_str(&s[..end]);
    }
}

#[cfg(test)]
mod tests;
