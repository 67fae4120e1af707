//! Android "SMS Backup & Restore" (SyncTech) XML: `calls-*.xml` (the call log) and
//! `sms-*.xml` (texts and MMS), read as a stream with `quick-xml`.
//!
//! The format, as the app documents it and as real backups show it:
//!
//! - `<calls><call number=".." duration="s" date="ms" type="n" contact_name=".."/>`. Call
//!   types are Android's `CallLog.Calls`: 1 incoming, 2 outgoing, 3 missed, 4 voicemail,
//!   5 rejected, 6 blocked ("refused list"), 7 answered on another device. 1, 2 and 7 are
//!   calls (a 0-second answered call still is one); 3 to 6 are missed calls, never the
//!   person's. Other types are reported. A withheld caller (`number` empty or `-1`/`-2`,
//!   `presentation` 2 to 4) names nobody: reported, not emitted.
//! - `<smses><sms address=".." date="ms" type="n" body=".." contact_name=".."/>`: type 1
//!   received, 2 sent; 3 draft, 4 outbox, 5 failed, 6 queued were never exchanged and are
//!   left out silently.
//! - `<mms date=".." msg_box="n" address="+1~+2" contact_name="A, B">` with `<parts><part
//!   ct="text/plain" text=".."/>` and `<addrs><addr address=".." type="137|151|130|129"/>`
//!   (from, to, cc, bcc). `msg_box` 1 inbox, 2 sent (others left out like SMS types). The
//!   MMS `date` is in milliseconds, in seconds in some versions: told apart by size.
//!   A sent MMS's from-address is often the literal `insert-address-token`.
//! - Text is in attributes, with XML entities: `&#10;` for newlines, and emoji written as
//!   UTF-16 surrogate pairs (`&#55357;&#56832;`), which XML does not allow and parsers
//!   reject: decoded here by hand, a lone surrogate becoming U+FFFD.
//! - `contact_name` is `(Unknown)` or `null` when the phone had no contact: no name.
//!
//! The person's own numbers come from [`SmsOptions::my_numbers`] and from the from-address
//! of sent MMS as they are read. A received group MMS lists the person among its
//! recipients: when none of the recipients is a known number of theirs, a recipient missing
//! from the MMS's `address` attribute (which lists the thread's other members) is taken as
//! theirs for that message.
//!
//! Each item's `line` is the line its element starts on. A record that cannot be read
//! (no date, a duration that is not a number, an unknown type) is reported with its line
//! and the reader goes on; a file that ends early (a backup killed while writing) gives the
//! records before the cut and one problem saying so.

use std::collections::HashMap;
use std::io::{BufRead, Read};

use chrono::{DateTime, Utc};
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::{ConvoEvent, ConvoItem, ConvoKind, ConvoProblem, Party};

/// What the reader cannot know from the file.
#[derive(Debug, Clone, Default)]
pub struct SmsOptions {
    /// The person's own phone numbers (any format), left out of `others`.
    pub my_numbers: Vec<String>,
}

/// Most parts, addresses and characters of text kept from one MMS (bounded memory).
const MMS_MAX_ADDRS: usize = 256;
const TEXT_MAX_BYTES: usize = 64 * 1024;
/// Below this a `date` is in seconds, above in milliseconds (1e11 ms is 1973, 1e11 s 5138).
const SECONDS_BELOW: i64 = 100_000_000_000;
/// Errors the XML reader may recover from before the file is given up on.
const MAX_XML_ERRORS: u32 = 100;

/// Reads an SMS Backup & Restore file (calls or messages, told by its root element),
/// handing each call, text or MMS, and each problem, to `sink` as it goes.
pub fn read<R: BufRead>(reader: R, options: &SmsOptions, sink: &mut dyn FnMut(ConvoItem)) {
    let mut xml = Reader::from_reader(LineCounter::new(reader));
    let config = xml.config_mut();
    config.check_end_names = false;
    config.allow_unmatched_ends = true;
    let mut state = State {
        mine: options
            .my_numbers
            .iter()
            .filter_map(|n| digits_key(n))
            .collect(),
        root: None,
        mms: None,
        depth: Vec::new(),
        records: 0,
    };
    let mut buf = Vec::new();
    let mut errors = 0;
    loop {
        buf.clear();
        let before = xml.buffer_position();
        let event = xml.read_event_into(&mut buf);
        let lines = xml.get_ref().lines;
        match event {
            Ok(Event::Start(e)) => {
                let line = start_line(lines, &e);
                let name = e.local_name().as_ref().to_vec();
                if !state.open(&name, &e, line, sink) {
                    return;
                }
                state.depth.push(name);
            }
            Ok(Event::Empty(e)) => {
                let line = start_line(lines, &e);
                let name = e.local_name().as_ref().to_vec();
                if !state.open(&name, &e, line, sink) {
                    return;
                }
                state.close(&name, sink);
            }
            Ok(Event::End(e)) => {
                let name = e.local_name().as_ref().to_vec();
                if let Some(at) = state.depth.iter().rposition(|n| *n == name) {
                    state.depth.truncate(at);
                }
                state.close(&name, sink);
            }
            Ok(Event::Eof) => {
                if let Some(open) = state.depth.first() {
                    let mut message = format!(
                        "the file ends early: <{}> is never closed (a backup interrupted while \
                         being written?); {} records read before the cut",
                        String::from_utf8_lossy(open),
                        state.records
                    );
                    state.note_incomplete(&mut message);
                    problem(sink, lines + 1, message);
                } else if state.root.is_none() {
                    problem(sink, 1, "not an SMS Backup & Restore file: no XML elements");
                }
                return;
            }
            Ok(_) => {}
            Err(e) => {
                let line = lines + 1;
                if let quick_xml::Error::Syntax(s) = &e {
                    let mut message = format!(
                        "the file ends early or is broken at line {line} ({s}); {} records \
                         read before it",
                        state.records
                    );
                    state.note_incomplete(&mut message);
                    problem(sink, line, message);
                    return;
                }
                problem(sink, line, format!("not well-formed XML: {e}"));
                errors += 1;
                if errors >= MAX_XML_ERRORS || xml.buffer_position() <= before {
                    problem(
                        sink,
                        line,
                        "too many XML errors: the rest of the file is not read",
                    );
                    return;
                }
            }
        }
    }
}

fn problem(sink: &mut dyn FnMut(ConvoItem), line: u64, message: impl Into<String>) {
    sink(ConvoItem::Problem(ConvoProblem {
        line,
        message: message.into(),
    }));
}

/// The line (1-based) a tag starts on, from the newlines consumed through its end.
fn start_line(lines_after: u64, tag: &BytesStart) -> u64 {
    let inside = tag.iter().filter(|&&b| b == b'\n').count() as u64;
    lines_after.saturating_sub(inside) + 1
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Root {
    Calls,
    Smses,
}

struct State {
    /// The person's numbers, as [`digits_key`]s.
    mine: Vec<String>,
    root: Option<Root>,
    mms: Option<Mms>,
    /// Open elements, outermost first.
    depth: Vec<Vec<u8>>,
    records: u64,
}

/// An MMS being read: its own attributes, then its parts and addresses.
struct Mms {
    line: u64,
    date: Option<String>,
    msg_box: Option<String>,
    address: Option<String>,
    contact_name: Option<String>,
    text: String,
    /// (address as written, `type`)
    addrs: Vec<(String, u32)>,
    broken: Option<String>,
}

impl State {
    /// Handles an element's start; false when the file is not one this reader reads.
    fn open(
        &mut self,
        name: &[u8],
        e: &BytesStart,
        line: u64,
        sink: &mut dyn FnMut(ConvoItem),
    ) -> bool {
        if self.root.is_none() {
            self.root = match name {
                b"calls" => Some(Root::Calls),
                b"smses" => Some(Root::Smses),
                _ => {
                    let message = format!(
                        "not an SMS Backup & Restore file: it starts with <{}>, not <calls> or \
                         <smses>",
                        String::from_utf8_lossy(name)
                    );
                    problem(sink, line, message);
                    return false;
                }
            };
            return true;
        }
        match (name, self.root) {
            (b"call", Some(Root::Calls)) => {
                self.records += 1;
                match attrs(e, &CALL_KEYS) {
                    Ok(a) => self.call(a, line, sink),
                    Err(m) => problem(sink, line, m),
                }
            }
            (b"sms", Some(Root::Smses)) => {
                self.records += 1;
                match attrs(e, &SMS_KEYS) {
                    Ok(a) => self.sms(a, line, sink),
                    Err(m) => problem(sink, line, m),
                }
            }
            (b"mms", Some(Root::Smses)) => {
                self.records += 1;
                let mut mms = Mms {
                    line,
                    date: None,
                    msg_box: None,
                    address: None,
                    contact_name: None,
                    text: String::new(),
                    addrs: Vec::new(),
                    broken: None,
                };
                match attrs(e, &MMS_KEYS) {
                    Ok([date, msg_box, address, contact_name]) => {
                        mms.date = date;
                        mms.msg_box = msg_box;
                        mms.address = address;
                        mms.contact_name = contact_name;
                    }
                    Err(m) => mms.broken = Some(m),
                }
                self.mms = Some(mms);
            }
            (b"part", _) => {
                if let Some(mms) = &mut self.mms {
                    if let Ok([Some(ct), text]) = attrs(e, &PART_KEYS) {
                        let text = text.filter(|t| t != "null" && !t.is_empty());
                        if ct.eq_ignore_ascii_case("text/plain") {
                            if let Some(t) = text {
                                if mms.text.len() + t.len() < TEXT_MAX_BYTES {
                                    if !mms.text.is_empty() {
                                        mms.text.push('\n');
                                    }
                                    mms.text.push_str(&t);
                                }
                            }
                        }
                    }
                }
            }
            (b"addr", _) => {
                if let Some(mms) = &mut self.mms {
                    if let Ok([Some(address), Some(kind)]) = attrs(e, &ADDR_KEYS) {
                        if mms.addrs.len() < MMS_MAX_ADDRS {
                            mms.addrs
                                .push((address, kind.trim().parse().unwrap_or_default()));
                        }
                    }
                }
            }
            _ => {}
        }
        true
    }

    fn close(&mut self, name: &[u8], sink: &mut dyn FnMut(ConvoItem)) {
        if name == b"mms" {
            if let Some(mms) = self.mms.take() {
                self.mms(mms, sink);
            }
        }
    }

    fn call(&mut self, a: [Option<String>; 5], line: u64, sink: &mut dyn FnMut(ConvoItem)) {
        let [number, duration, date, kind, name] = a;
        let at = match date.as_deref().map(parse_date) {
            Some(Ok(at)) => at,
            Some(Err(m)) => return problem(sink, line, format!("call left out: {m}")),
            None => return problem(sink, line, "call left out: it has no date"),
        };
        let Some(kind) = kind.as_deref().map(str::trim) else {
            return problem(sink, line, "call left out: it has no type");
        };
        let (kind, from_me) = match kind {
            "1" | "2" | "7" => {
                let seconds = match duration.as_deref().map(str::trim) {
                    None | Some("") => 0,
                    Some(d) => match d.parse::<u64>() {
                        Ok(s) => u32::try_from(s).unwrap_or(u32::MAX),
                        Err(_) => {
                            let m = format!("call left out: its duration {d:?} is not a number");
                            return problem(sink, line, m);
                        }
                    },
                };
                (ConvoKind::Call { seconds }, kind == "2")
            }
            "3" | "4" | "5" | "6" => (ConvoKind::MissedCall, false),
            other => {
                let m = format!("call left out: unknown call type {other:?}");
                return problem(sink, line, m);
            }
        };
        let Some(chat) = number.as_deref().and_then(normalize_number) else {
            let m = "call left out: the number was withheld, so it names nobody";
            return problem(sink, line, m);
        };
        let party = Party {
            name: contact(name.as_deref()),
            phone: Some(chat.clone()),
            ..Party::default()
        };
        sink(ConvoItem::Event(ConvoEvent {
            chat,
            at,
            from_me,
            author: (!from_me).then(|| party.clone()),
            others: vec![party],
            kind,
            text: None,
            line,
        }));
    }

    fn sms(&mut self, a: [Option<String>; 5], line: u64, sink: &mut dyn FnMut(ConvoItem)) {
        let [address, date, kind, body, name] = a;
        let from_me = match kind.as_deref().map(str::trim) {
            Some("1") => false,
            Some("2") => true,
            // Draft, outbox, failed, queued: never exchanged.
            Some("3" | "4" | "5" | "6") => return,
            Some(other) => {
                let m = format!("text left out: unknown message type {other:?}");
                return problem(sink, line, m);
            }
            None => return problem(sink, line, "text left out: it has no type"),
        };
        let at = match date.as_deref().map(parse_date) {
            Some(Ok(at)) => at,
            Some(Err(m)) => return problem(sink, line, format!("text left out: {m}")),
            None => return problem(sink, line, "text left out: it has no date"),
        };
        let numbers = split_numbers(address.as_deref());
        let names = split_names(name.as_deref(), numbers.len());
        let others: Vec<Party> = numbers
            .iter()
            .zip(names)
            .filter(|(n, _)| numbers.len() == 1 || !self.is_mine(n))
            .map(|(n, name)| Party {
                name,
                phone: Some(n.clone()),
                ..Party::default()
            })
            .collect();
        if others.is_empty() {
            return problem(sink, line, "text left out: it has no address");
        }
        let mut text = body.unwrap_or_default();
        truncate(&mut text);
        sink(ConvoItem::Event(ConvoEvent {
            chat: chat_of(&others),
            at,
            from_me,
            author: (!from_me).then(|| others[0].clone()),
            others,
            kind: ConvoKind::Message,
            text: (!text.is_empty()).then_some(text),
            line,
        }));
    }

    fn mms(&mut self, mms: Mms, sink: &mut dyn FnMut(ConvoItem)) {
        let line = mms.line;
        if let Some(m) = mms.broken {
            return problem(sink, line, m);
        }
        let from_me = match mms.msg_box.as_deref().map(str::trim) {
            Some("1") => false,
            Some("2") => true,
            Some("3" | "4" | "5" | "6") => return,
            Some(other) => {
                let m = format!("MMS left out: unknown message box {other:?}");
                return problem(sink, line, m);
            }
            None => return problem(sink, line, "MMS left out: it has no msg_box"),
        };
        let at = match mms.date.as_deref().map(parse_date) {
            Some(Ok(at)) => at,
            Some(Err(m)) => return problem(sink, line, format!("MMS left out: {m}")),
            None => return problem(sink, line, "MMS left out: it has no date"),
        };
        // The thread's other members, as the `address` attribute lists them, with names.
        let listed = split_numbers(mms.address.as_deref());
        let names: HashMap<String, String> = listed
            .iter()
            .zip(split_names(mms.contact_name.as_deref(), listed.len()))
            .filter_map(|(n, name)| Some((digits_key(n)?, name?)))
            .collect();
        let addrs: Vec<(String, u32)> = mms
            .addrs
            .iter()
            .filter(|(a, _)| !a.eq_ignore_ascii_case("insert-address-token"))
            .filter_map(|(a, t)| Some((normalize_number(a)?, *t)))
            .collect();
        let from = addrs
            .iter()
            .find(|(_, t)| *t == 137)
            .map(|(a, _)| a.clone());
        if from_me {
            if let Some(key) = from.as_deref().and_then(digits_key) {
                if !self.mine.contains(&key) {
                    self.mine.push(key);
                }
            }
        }
        let recipients: Vec<&String> = addrs
            .iter()
            .filter(|(_, t)| matches!(t, 151 | 130 | 129))
            .map(|(a, _)| a)
            .collect();
        // A received MMS: which recipient is the person, when no known number says.
        let unlisted_mine = !from_me
            && !listed.is_empty()
            && !recipients.iter().any(|r| self.is_mine(r))
            && from
                .as_deref()
                .is_some_and(|f| listed.iter().any(|l| same(l, f)));
        let mut numbers: Vec<String> = Vec::new();
        let candidates = (!from_me).then_some(from.as_ref()).flatten().into_iter();
        for n in candidates.chain(recipients.iter().copied()) {
            if self.is_mine(n)
                || (unlisted_mine && !listed.iter().any(|l| same(l, n)))
                || numbers.iter().any(|m| same(m, n))
            {
                continue;
            }
            numbers.push(n.clone());
        }
        if numbers.is_empty() {
            numbers = listed.into_iter().filter(|n| !self.is_mine(n)).collect();
        }
        let others: Vec<Party> = numbers
            .into_iter()
            .map(|n| Party {
                name: digits_key(&n).and_then(|k| names.get(&k).cloned()),
                phone: Some(n),
                ..Party::default()
            })
            .collect();
        if others.is_empty() {
            return problem(sink, line, "MMS left out: it names nobody but the person");
        }
        let author = if from_me {
            None
        } else {
            let from = from.as_deref();
            others
                .iter()
                .find(|p| from.is_some_and(|f| p.phone.as_deref().is_some_and(|n| same(n, f))))
                .or(others.first())
                .cloned()
        };
        let text = mms.text;
        sink(ConvoItem::Event(ConvoEvent {
            chat: chat_of(&others),
            at,
            from_me,
            author,
            others,
            kind: ConvoKind::Message,
            text: (!text.is_empty()).then_some(text),
            line,
        }));
    }

    /// Says so in `message` when the file ends inside an MMS.
    fn note_incomplete(&self, message: &mut String) {
        if let Some(mms) = &self.mms {
            message.push_str(&format!(
                "; the MMS starting on line {} is incomplete and left out",
                mms.line
            ));
        }
    }

    fn is_mine(&self, number: &str) -> bool {
        digits_key(number).is_some_and(|k| self.mine.iter().any(|m| same_digits(m, &k)))
    }
}

const CALL_KEYS: [&[u8]; 5] = [b"number", b"duration", b"date", b"type", b"contact_name"];
const SMS_KEYS: [&[u8]; 5] = [b"address", b"date", b"type", b"body", b"contact_name"];
const MMS_KEYS: [&[u8]; 4] = [b"date", b"msg_box", b"address", b"contact_name"];
const PART_KEYS: [&[u8]; 2] = [b"ct", b"text"];
const ADDR_KEYS: [&[u8]; 2] = [b"address", b"type"];

/// The values of `keys` among a tag's attributes, entities decoded (others not decoded).
fn attrs<const N: usize>(e: &BytesStart, keys: &[&[u8]; N]) -> Result<[Option<String>; N], String> {
    let mut out: [Option<String>; N] = std::array::from_fn(|_| None);
    for a in e.attributes().with_checks(false) {
        let a = a.map_err(|err| format!("record left out: a malformed attribute ({err})"))?;
        if let Some(i) = keys.iter().position(|k| *k == a.key.as_ref()) {
            if out[i].is_none() {
                out[i] = Some(unescape(&String::from_utf8_lossy(&a.value)));
            }
        }
    }
    Ok(out)
}

/// XML entities decoded, including UTF-16 surrogate pairs written as two numeric
/// references (as SMS Backup & Restore writes emoji); a lone surrogate, an invalid
/// code point becomes U+FFFD; an unknown or unterminated entity stays as written.
pub fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let Some((entity, after)) = entity(rest) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        match entity {
            Entity::Char(c) => out.push(c),
            Entity::Unit(high @ 0xD800..=0xDBFF) => match self::entity(after) {
                Some((Entity::Unit(low @ 0xDC00..=0xDFFF), after_low)) => {
                    let c = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
                    out.push(char::from_u32(c).unwrap_or(char::REPLACEMENT_CHARACTER));
                    rest = after_low;
                    continue;
                }
                _ => out.push(char::REPLACEMENT_CHARACTER),
            },
            Entity::Unit(_) => out.push(char::REPLACEMENT_CHARACTER),
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

enum Entity {
    Char(char),
    /// A numeric reference that is not a character (a surrogate, zero, out of range).
    Unit(u32),
}

/// The entity `s` starts with (`s` starts with `&`), and what follows it.
fn entity(s: &str) -> Option<(Entity, &str)> {
    let body = s.strip_prefix('&')?;
    let end = body.bytes().take(12).position(|b| b == b';')?;
    let (name, after) = (&body[..end], &body[end + 1..]);
    let entity = match name {
        "amp" => Entity::Char('&'),
        "lt" => Entity::Char('<'),
        "gt" => Entity::Char('>'),
        "quot" => Entity::Char('"'),
        "apos" => Entity::Char('\''),
        _ => {
            let num = name.strip_prefix('#')?;
            let n = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse::<u32>().ok()?,
            };
            match char::from_u32(n).filter(|&c| c != '\0') {
                Some(c) => Entity::Char(c),
                None => Entity::Unit(n),
            }
        }
    };
    Some((entity, after))
}

/// A `date` attribute: milliseconds since 1970 (seconds when too small to be milliseconds).
fn parse_date(raw: &str) -> Result<DateTime<Utc>, String> {
    let raw = raw.trim();
    let n: i64 = raw
        .parse()
        .map_err(|_| format!("its date {raw:?} is not a number"))?;
    if n <= 0 {
        return Err(format!("its date {raw:?} is not a time"));
    }
    let at = if n < SECONDS_BELOW {
        DateTime::from_timestamp(n, 0)
    } else {
        DateTime::from_timestamp_millis(n)
    };
    at.ok_or_else(|| format!("its date {raw:?} is out of range"))
}

/// A number as written, less spaces, dashes and parentheses; `None` when there is none
/// (empty, `null`, or Android's withheld markers `-1`, `-2`, `-3`).
fn normalize_number(raw: &str) -> Option<String> {
    let raw = raw.trim();
    if raw.is_empty() || raw.eq_ignore_ascii_case("null") || raw.starts_with('-') {
        return None;
    }
    let n: String = raw
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '(' | ')' | '\u{a0}'))
        .collect();
    (!n.is_empty()).then_some(n)
}

/// The numbers of an `address` attribute (`~`-separated for groups).
fn split_numbers(raw: Option<&str>) -> Vec<String> {
    raw.map(|r| r.split('~').filter_map(normalize_number).collect())
        .unwrap_or_default()
}

/// The names of a `contact_name` attribute for `count` numbers (`, `-separated for groups;
/// none when the counts differ, as a name with a comma would make them).
fn split_names(raw: Option<&str>, count: usize) -> Vec<Option<String>> {
    let names: Vec<Option<String>> = match raw {
        Some(r) if count > 1 => r.split(", ").map(|n| contact(Some(n))).collect(),
        r => vec![contact(r)],
    };
    if names.len() == count {
        names
    } else {
        vec![None; count]
    }
}

/// A `contact_name`, unless it says there is none.
fn contact(raw: Option<&str>) -> Option<String> {
    let n = raw?.trim();
    let unknown = n.is_empty() || n.eq_ignore_ascii_case("(unknown)") || n == "null";
    // Some versions write the number where there is no name.
    let number = n
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '+' | ' ' | '-' | '(' | ')'));
    (!unknown && !number).then(|| n.to_owned())
}

/// The number's digits, for comparing (`None` without any).
fn digits_key(n: &str) -> Option<String> {
    let d: String = n.chars().filter(char::is_ascii_digit).collect();
    (!d.is_empty()).then_some(d)
}

/// Whether two numbers are the same line: the same digits, or one the other with a
/// country code or trunk prefix (`+15551234567`, `5551234567`; `+4915112345678`, `015112345678`).
fn same(a: &str, b: &str) -> bool {
    match (digits_key(a), digits_key(b)) {
        (Some(a), Some(b)) => same_digits(&a, &b),
        _ => a == b,
    }
}

fn same_digits(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (short, long) = if a.len() < b.len() { (a, b) } else { (b, a) };
    let short = short.trim_start_matches('0');
    short.len() >= 7 && long.ends_with(short)
}

/// A conversation's key: the other number, or the others' sorted and joined by `,`.
fn chat_of(others: &[Party]) -> String {
    let mut numbers: Vec<&str> = others.iter().filter_map(|p| p.phone.as_deref()).collect();
    numbers.sort_unstable();
    numbers.join(",")
}

fn truncate(text: &mut String) {
    if text.len() > TEXT_MAX_BYTES {
        let mut end = TEXT_MAX_BYTES;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
    }
}

/// A `BufRead` counting the newlines consumed through it, so that an event's line is
/// known without keeping the file.
struct LineCounter<R> {
    inner: R,
    lines: u64,
}

impl<R: BufRead> LineCounter<R> {
    fn new(inner: R) -> Self {
        Self { inner, lines: 0 }
    }
}

impl<R: BufRead> Read for LineCounter<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(out.len());
        out[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for LineCounter<R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amt: usize) {
        // The bytes being consumed are the ones the last `fill_buf` returned: asking again
        // returns them without reading.
        if let Ok(buf) = self.inner.fill_buf() {
            let n = amt.min(buf.len());
            self.lines += buf[..n].iter().filter(|&&b| b == b'\n').count() as u64;
        }
        self.inner.consume(amt);
    }
}

#[cfg(test)]
mod tests;
