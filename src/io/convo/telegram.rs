//! Telegram Desktop's JSON export (`result.json`): one chat (`{ "name", "type", "id",
//! "messages": [...] }`) or the whole account (`{ "personal_information": { "user_id" … },
//! "contacts": { "list" }, "chats": { "list": [ chat… ] }, "left_chats": … }`).
//!
//! What Telegram writes, and what is done with it:
//!
//! - Messages (`"type": "message"`) carry `from` (a name, `null` for a deleted account),
//!   `from_id` (`user123`), `date_unixtime` (seconds, as a string: used; `date` is local time
//!   without offset: used only without `date_unixtime`, which exports before Telegram
//!   Desktop 3.7.6 (2022) lack, in the zone [`TelegramOptions::zone`]) and `text`, a string or an array of strings and entities
//!   (`{"type": "bold", "text": "x"}`), joined into one text.
//! - Service messages (`"type": "service"`) carry `actor`/`actor_id` instead of `from`:
//!   `"action": "phone_call"` is a call (`duration_seconds`; `discard_reason` `missed` or
//!   `busy`, or no duration, is a missed call); every other action is skipped.
//! - Telegram escapes control characters in strings as `\xNN`, which JSON has not: read as
//!   `\u00NN`. It writes a line or paragraph separator (U+2028, U+2029) as `\u2028` and then
//!   copies the character's last two bytes (`0x80 0xA8`) after the escape: no UTF-8, so they
//!   are dropped (else the rest of the export could not be read).
//! - The person is `personal_information.user_id` (whole export, written before the chats),
//!   else [`TelegramOptions`], else, in a personal chat, whoever is not the other person
//!   (whose id is the chat's). Phone numbers of `contacts.list` are added to the people.
//! - Channels, bots, saved messages and replies are no conversation with people: skipped.
//!
//! The file is streamed (a `serde_json` deserializer visiting each message in turn): memory
//! holds one message and the authors of each chat, however large the export. [`survey`]
//! reads it once for the authors of each chat (each message's others in a group are everyone
//! who writes in it), [`read`] a second time for the messages.

use std::cell::Cell;
use std::collections::HashMap;
use std::fmt;
use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::Path;
use std::rc::Rc;

use chrono::{DateTime, NaiveDateTime};
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::whatsapp::Zone;
use super::{ConvoEvent, ConvoItem, ConvoKind, ConvoProblem, Party};
use crate::error::{Error, Result};

/// The most of one message's text kept.
pub const TEXT_CAP: usize = 64 * 1024;

/// What the person says about an export of one chat (a whole export names them itself).
#[derive(Debug, Clone, Default)]
pub struct TelegramOptions {
    /// Their Telegram id as the export writes it (`user123456`, or just the number).
    pub me_id: Option<String>,
    /// Their name as the export writes it.
    pub me_name: Option<String>,
    /// The zone of the computer that exported: the `date` of a message without
    /// `date_unixtime` (older exports) is a local time there.
    pub zone: Zone,
}

/// One chat as a first read finds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TelegramChat {
    /// The chat's id (as text): the [`ConvoEvent::chat`] of its messages.
    pub id: String,
    pub name: Option<String>,
    /// Telegram's type: `personal_chat`, `private_group`, `private_supergroup`...
    pub kind: String,
    /// Everyone who wrote or called, with how many times, most first.
    pub authors: Vec<(Party, u64)>,
    pub messages: u64,
    pub calls: u64,
}

/// What a first read of an export finds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TelegramSurvey {
    /// The person, when the export says (`personal_information`).
    pub me: Option<Party>,
    pub chats: Vec<TelegramChat>,
    /// Chats skipped: channels, bots, saved messages.
    pub skipped_chats: u64,
    /// Where the file stopped being readable JSON, if it did.
    pub problem: Option<ConvoProblem>,
}

/// Reads an export once: the person and the authors of each chat.
pub fn survey(path: &Path) -> Result<TelegramSurvey> {
    let file = File::open(path).map_err(|e| Error::io(path, &e))?;
    Ok(survey_reader(BufReader::with_capacity(64 * 1024, file)))
}

/// Reads an export: a survey, then each message and call to `sink`. Returns the survey.
pub fn read(
    path: &Path,
    options: &TelegramOptions,
    mut sink: impl FnMut(ConvoItem),
) -> Result<TelegramSurvey> {
    let survey = survey(path)?;
    let file = File::open(path).map_err(|e| Error::io(path, &e))?;
    read_reader(
        BufReader::with_capacity(64 * 1024, file),
        options,
        Some(&survey),
        &mut sink,
    );
    Ok(survey)
}

/// [`survey`] of any reader.
pub fn survey_reader(reader: impl Read) -> TelegramSurvey {
    let mut ctx = Ctx::new(&TelegramOptions::default(), None, None);
    let problem = run(reader, &mut ctx);
    ctx.finish(problem)
}

/// [`read`] of any reader; with the export's survey, each message in a group has everyone
/// who writes in it as others, without it only those who wrote before.
pub fn read_reader(
    reader: impl Read,
    options: &TelegramOptions,
    survey: Option<&TelegramSurvey>,
    sink: &mut dyn FnMut(ConvoItem),
) {
    let mut ctx = Ctx::new(options, survey, Some(sink));
    if let Some(problem) = run(reader, &mut ctx) {
        if let Some(sink) = ctx.sink.as_mut() {
            sink(ConvoItem::Problem(problem));
        }
    }
}

fn run(reader: impl Read, ctx: &mut Ctx<'_>) -> Option<ConvoProblem> {
    let line = ctx.line.clone();
    let mut de = serde_json::Deserializer::from_reader(Escapes::new(reader, line));
    match de.deserialize_map(RootVisitor(ctx)) {
        Ok(()) => None,
        Err(e) => Some(ConvoProblem {
            line: e.line() as u64,
            message: format!("the file is not readable as a Telegram export from here: {e}"),
        }),
    }
}

// ---------------------------------------------------------------------------------------
// Bytes: Telegram's `\x` escapes, and the line being read.

/// Passes a JSON text through, writing Telegram's `\xNN` escapes as `\u00NN`, dropping the
/// stray bytes it writes after `\u2028` and `\u2029`, and counting lines as they are read.
struct Escapes<R> {
    inner: R,
    buf: Box<[u8]>,
    pos: usize,
    len: usize,
    pending: &'static [u8],
    in_string: bool,
    escaped: bool,
    /// Hex digits still to come of a `\u` escape, and their value so far.
    hex_left: u8,
    hex: u32,
    /// Bytes to drop if they come next: the tail of a separator after its escape.
    stray: &'static [u8],
    line: Rc<Cell<u64>>,
}

impl<R: Read> Escapes<R> {
    fn new(inner: R, line: Rc<Cell<u64>>) -> Self {
        line.set(1);
        Self {
            inner,
            buf: vec![0; 64 * 1024].into_boxed_slice(),
            pos: 0,
            len: 0,
            pending: &[],
            in_string: false,
            escaped: false,
            hex_left: 0,
            hex: 0,
            stray: &[],
            line,
        }
    }
}

impl<R: Read> Read for Escapes<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let mut n = 0;
        while n < out.len() {
            if let Some((&b, rest)) = self.pending.split_first() {
                out[n] = b;
                n += 1;
                self.pending = rest;
                continue;
            }
            if self.pos == self.len {
                if n > 0 {
                    break;
                }
                self.len = loop {
                    match self.inner.read(&mut self.buf) {
                        Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                        other => break other?,
                    }
                };
                self.pos = 0;
                if self.len == 0 {
                    break;
                }
            }
            let b = self.buf[self.pos];
            self.pos += 1;
            if let Some((&s, rest)) = self.stray.split_first() {
                if b == s {
                    self.stray = rest;
                    continue;
                }
                self.stray = &[];
            }
            if b == b'\n' {
                self.line.set(self.line.get() + 1);
            }
            out[n] = b;
            n += 1;
            if self.escaped {
                self.escaped = false;
                if b == b'x' {
                    out[n - 1] = b'u';
                    self.pending = b"00";
                } else if b == b'u' {
                    (self.hex_left, self.hex) = (4, 0);
                }
            } else if let (1.., Some(digit)) = (self.hex_left, char::from(b).to_digit(16)) {
                self.hex_left -= 1;
                self.hex = (self.hex << 4) | digit;
                if self.hex_left == 0 {
                    self.stray = match self.hex {
                        0x2028 => &[0x80, 0xA8],
                        0x2029 => &[0x80, 0xA9],
                        _ => &[],
                    };
                }
            } else if self.in_string {
                self.hex_left = 0;
                match b {
                    b'\\' => self.escaped = true,
                    b'"' => self.in_string = false,
                    _ => {}
                }
            } else if b == b'"' {
                self.in_string = true;
            }
        }
        Ok(n)
    }
}

// ---------------------------------------------------------------------------------------
// Values

/// A scalar as text (numbers and strings alike); `None` for null, arrays and objects.
struct Lenient(Option<String>);

impl<'de> serde::Deserialize<'de> for Lenient {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Lenient;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a value")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<Lenient, E> {
                Ok(Lenient(Some(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> std::result::Result<Lenient, E> {
                Ok(Lenient(Some(v)))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> std::result::Result<Lenient, E> {
                Ok(Lenient(Some(v.to_string())))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> std::result::Result<Lenient, E> {
                Ok(Lenient(Some(v.to_string())))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> std::result::Result<Lenient, E> {
                Ok(Lenient(Some(v.to_string())))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> std::result::Result<Lenient, E> {
                Ok(Lenient(Some(v.to_string())))
            }
            fn visit_unit<E: de::Error>(self) -> std::result::Result<Lenient, E> {
                Ok(Lenient(None))
            }
            fn visit_seq<A: SeqAccess<'de>>(
                self,
                mut a: A,
            ) -> std::result::Result<Lenient, A::Error> {
                while a.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Lenient(None))
            }
            fn visit_map<A: MapAccess<'de>>(
                self,
                mut a: A,
            ) -> std::result::Result<Lenient, A::Error> {
                while a.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Lenient(None))
            }
        }
        d.deserialize_any(V)
    }
}

/// A message's `text`: a string, or an array of strings and `{"type", "text"}` entities,
/// joined (at most [`TEXT_CAP`] bytes).
struct Text(String);

fn push_capped(text: &mut String, s: &str) {
    let room = TEXT_CAP.saturating_sub(text.len());
    let mut end = s.len().min(room);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    text.push_str(&s[..end]);
}

impl<'de> serde::Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a text")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<Text, E> {
                let mut t = String::new();
                push_capped(&mut t, v);
                Ok(Text(t))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> std::result::Result<Text, A::Error> {
                let mut t = String::new();
                while let Some(part) = a.next_element::<Part>()? {
                    push_capped(&mut t, &part.0);
                }
                Ok(Text(t))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> std::result::Result<Text, A::Error> {
                while a.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Text(String::new()))
            }
            fn visit_unit<E: de::Error>(self) -> std::result::Result<Text, E> {
                Ok(Text(String::new()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> std::result::Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> std::result::Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> std::result::Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> std::result::Result<Text, E> {
                Ok(Text(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

/// One part of a text array: a string, or an entity's `text`.
struct Part(String);

impl<'de> serde::Deserialize<'de> for Part {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Part;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a text part")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<Part, E> {
                Ok(Part(v.to_owned()))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> std::result::Result<Part, A::Error> {
                let mut text = String::new();
                while let Some(key) = a.next_key::<String>()? {
                    if key == "text" {
                        text = a.next_value::<Lenient>()?.0.unwrap_or_default();
                    } else {
                        a.next_value::<IgnoredAny>()?;
                    }
                }
                Ok(Part(text))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> std::result::Result<Part, A::Error> {
                while a.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Part(String::new()))
            }
            fn visit_unit<E: de::Error>(self) -> std::result::Result<Part, E> {
                Ok(Part(String::new()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> std::result::Result<Part, E> {
                Ok(Part(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> std::result::Result<Part, E> {
                Ok(Part(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> std::result::Result<Part, E> {
                Ok(Part(v.to_string()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> std::result::Result<Part, E> {
                Ok(Part(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

/// `user123` for `123`, as `from_id` writes ids.
fn user_id(id: &str) -> String {
    if id.bytes().all(|b| b.is_ascii_digit()) {
        format!("user{id}")
    } else {
        id.to_owned()
    }
}

// ---------------------------------------------------------------------------------------
// The walk

/// A chat's fields written before its messages.
#[derive(Debug, Default, Clone)]
struct Head {
    name: Option<String>,
    kind: Option<String>,
    id: Option<String>,
}

impl Head {
    fn skipped(&self) -> bool {
        matches!(
            self.kind.as_deref(),
            Some(
                "saved_messages"
                    | "replies"
                    | "bot_chat"
                    | "public_channel"
                    | "private_channel"
                    | "verification_codes"
            )
        )
    }

    fn personal(&self) -> bool {
        self.kind.as_deref() == Some("personal_chat")
    }

    fn key(&self) -> String {
        self.id
            .clone()
            .or_else(|| self.name.clone())
            .unwrap_or_else(|| "telegram".into())
    }

    /// The other person of a personal chat: the chat's name, and its id as a user.
    fn other(&self) -> Option<Party> {
        self.personal().then(|| Party {
            name: self.name.clone(),
            id: self.id.as_deref().map(user_id),
            ..Party::default()
        })
    }
}

/// One message's fields.
#[derive(Debug, Default)]
struct Message {
    line: u64,
    kind: Option<String>,
    unixtime: Option<String>,
    date: Option<String>,
    from: Option<String>,
    from_id: Option<String>,
    text: String,
    action: Option<String>,
    duration: Option<String>,
    discard: Option<String>,
}

/// The authors of a chat being surveyed, by id (else name).
#[derive(Default)]
struct Tally {
    order: Vec<(Party, u64)>,
    index: HashMap<String, usize>,
    messages: u64,
    calls: u64,
}

struct Ctx<'a> {
    line: Rc<Cell<u64>>,
    me_id: Option<String>,
    me_name: Option<String>,
    zone: Zone,
    me: Option<Party>,
    phones: HashMap<String, String>,
    survey: Option<&'a TelegramSurvey>,
    sink: Option<&'a mut dyn FnMut(ConvoItem)>,
    chats: Vec<TelegramChat>,
    skipped_chats: u64,
}

impl<'a> Ctx<'a> {
    fn new(
        options: &TelegramOptions,
        survey: Option<&'a TelegramSurvey>,
        sink: Option<&'a mut dyn FnMut(ConvoItem)>,
    ) -> Self {
        Self {
            line: Rc::new(Cell::new(1)),
            me_id: options.me_id.as_deref().map(user_id),
            me_name: options.me_name.clone(),
            zone: options.zone,
            me: None,
            phones: HashMap::new(),
            survey,
            sink,
            chats: Vec::new(),
            skipped_chats: 0,
        }
    }

    fn finish(self, problem: Option<ConvoProblem>) -> TelegramSurvey {
        TelegramSurvey {
            me: self.me,
            chats: self.chats,
            skipped_chats: self.skipped_chats,
            problem,
        }
    }

    fn party(&self, name: Option<&str>, id: Option<&str>) -> Party {
        Party {
            name: name.map(str::to_owned),
            phone: id.and_then(|i| self.phones.get(i)).cloned(),
            id: id.map(str::to_owned),
            ..Party::default()
        }
    }

    /// Whether an author is the person: by id, else by name, else (in a personal chat) by
    /// not being the other person.
    fn is_me(&self, head: &Head, from: Option<&str>, from_id: Option<&str>) -> bool {
        if let (Some(me), Some(id)) = (self.me_id.as_deref(), from_id) {
            return me == id;
        }
        if let (Some(me), Some(name)) = (self.me_name.as_deref(), from) {
            return me == name;
        }
        match (head.other().and_then(|o| o.id), from_id) {
            (Some(other), Some(id)) => other != id,
            _ => false,
        }
    }

    /// The chat's others as surveyed (or as seen so far), without the person.
    fn others(&self, head: &Head, tally: &Tally, author: &Party, from_me: bool) -> Vec<Party> {
        if let Some(other) = head.other() {
            let phone = other
                .id
                .as_deref()
                .and_then(|i| self.phones.get(i))
                .cloned();
            return vec![Party { phone, ..other }];
        }
        let key = head.key();
        let known = self
            .survey
            .and_then(|s| s.chats.iter().find(|c| c.id == key))
            .map(|c| c.authors.as_slice())
            .unwrap_or(&tally.order);
        let me_known = self.me_id.is_some() || self.me_name.is_some();
        known
            .iter()
            .map(|(p, _)| p)
            .filter(|p| !self.is_me(head, p.name.as_deref(), p.id.as_deref()))
            .filter(|p| me_known || from_me || (p.id != author.id || p.name != author.name))
            .cloned()
            .collect()
    }

    fn message(&mut self, head: &Head, tally: &mut Tally, m: Message) {
        let kind = match m.kind.as_deref() {
            Some("service") => {
                if m.action.as_deref() != Some("phone_call") {
                    return;
                }
                let seconds = m.duration.as_deref().and_then(|d| d.parse::<u32>().ok());
                match (m.discard.as_deref(), seconds) {
                    (Some("missed" | "busy"), _) | (_, None | Some(0)) => ConvoKind::MissedCall,
                    (_, Some(seconds)) => ConvoKind::Call { seconds },
                }
            }
            Some("message") | None => ConvoKind::Message,
            Some(_) => return,
        };
        let at = match m.unixtime.as_deref() {
            Some(t) => t
                .trim()
                .parse::<i64>()
                .ok()
                .and_then(|t| DateTime::from_timestamp(t, 0)),
            // Older exports: `date` only, a local time.
            None => m
                .date
                .as_deref()
                .and_then(|d| NaiveDateTime::parse_from_str(d.trim(), "%Y-%m-%dT%H:%M:%S").ok())
                .map(|local| self.zone.to_utc(local)),
        };
        let Some(at) = at else {
            if let Some(sink) = self.sink.as_mut() {
                sink(ConvoItem::Problem(ConvoProblem {
                    line: m.line,
                    message: "a message without a readable date_unixtime or date: skipped".into(),
                }));
            }
            return;
        };
        let author = self.party(m.from.as_deref(), m.from_id.as_deref());
        let from_me = self.is_me(head, m.from.as_deref(), m.from_id.as_deref());
        if from_me && self.me.is_none() {
            self.me = Some(author.clone());
        }
        // The tally: every author, the person too (the survey says who is who).
        let key = m
            .from_id
            .clone()
            .or_else(|| m.from.clone())
            .unwrap_or_default();
        if !key.is_empty() {
            match tally.index.get(&key) {
                Some(&i) => tally.order[i].1 += 1,
                None => {
                    tally.index.insert(key, tally.order.len());
                    tally.order.push((author.clone(), 1));
                }
            }
        }
        match kind {
            ConvoKind::Message => tally.messages += 1,
            _ => tally.calls += 1,
        }
        if self.sink.is_none() {
            return;
        }
        let others = self.others(head, tally, &author, from_me);
        let text = m.text.trim();
        let event = ConvoEvent {
            chat: head.key(),
            at,
            from_me,
            author: (!from_me).then_some(author),
            others,
            kind,
            text: (!text.is_empty() && kind == ConvoKind::Message).then(|| text.to_owned()),
            line: m.line,
        };
        if let Some(sink) = self.sink.as_mut() {
            sink(ConvoItem::Event(event));
        }
    }

    fn end_chat(&mut self, head: &Head, mut tally: Tally) {
        if head.skipped() {
            self.skipped_chats += 1;
            return;
        }
        tally.order.sort_by_key(|a| std::cmp::Reverse(a.1));
        self.chats.push(TelegramChat {
            id: head.key(),
            name: head.name.clone(),
            kind: head.kind.clone().unwrap_or_default(),
            authors: tally.order,
            messages: tally.messages,
            calls: tally.calls,
        });
    }
}

struct RootVisitor<'c, 'a>(&'c mut Ctx<'a>);

impl<'de> Visitor<'de> for RootVisitor<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a Telegram export (a JSON object)")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<(), A::Error> {
        let ctx = self.0;
        let mut head = Head::default();
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "personal_information" => map.next_value_seed(PersonalSeed(&mut *ctx))?,
                "contacts" => map.next_value_seed(ListSeed(&mut *ctx, List::Contacts))?,
                "chats" | "left_chats" => map.next_value_seed(ListSeed(&mut *ctx, List::Chats))?,
                "name" => head.name = map.next_value::<Lenient>()?.0,
                "type" => head.kind = map.next_value::<Lenient>()?.0,
                "id" => head.id = map.next_value::<Lenient>()?.0,
                "messages" => {
                    let mut tally = Tally::default();
                    map.next_value_seed(MessagesSeed(&mut *ctx, &head, &mut tally))?;
                    ctx.end_chat(&head, tally);
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

/// A seed that is its own visitor, whatever the JSON value: `DeserializeSeed` by
/// `deserialize_any(self)`, for the seeds below that walk the export without keeping it.
macro_rules! seed_by_visiting {
    ($seed:ident $($lt:tt)*) => {
        impl<'de> DeserializeSeed<'de> for $seed $($lt)* {
            type Value = ();
            fn deserialize<D: Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
                d.deserialize_any(self)
            }
        }
    };
}

struct PersonalSeed<'c, 'a>(&'c mut Ctx<'a>);

seed_by_visiting!(PersonalSeed<'_, '_>);

impl<'de> Visitor<'de> for PersonalSeed<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("personal information")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<(), A::Error> {
        let (mut id, mut first, mut last, mut phone) = (None, None, None, None);
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value::<Lenient>()?.0.filter(|v| !v.is_empty());
            match key.as_str() {
                "user_id" => id = value.map(|v| user_id(&v)),
                "first_name" => first = value,
                "last_name" => last = value,
                "phone_number" => phone = value,
                _ => {}
            }
        }
        let name = match (first, last) {
            (Some(f), Some(l)) => Some(format!("{f} {l}")),
            (f, l) => f.or(l),
        };
        if id.is_some() && self.0.me_id.is_none() {
            self.0.me_id.clone_from(&id);
        }
        self.0.me = Some(Party {
            name,
            phone,
            id,
            ..Party::default()
        });
        Ok(())
    }
    fn visit_unit<E: de::Error>(self) -> std::result::Result<(), E> {
        Ok(())
    }
}

#[derive(Clone, Copy)]
enum List {
    Contacts,
    Chats,
}

/// `{ "about": …, "list": [ … ] }` of contacts or chats.
struct ListSeed<'c, 'a>(&'c mut Ctx<'a>, List);

seed_by_visiting!(ListSeed<'_, '_>);

impl<'de> Visitor<'de> for ListSeed<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<(), A::Error> {
        let ListSeed(ctx, list) = self;
        while let Some(key) = map.next_key::<String>()? {
            if key == "list" {
                map.next_value_seed(ItemsSeed(ctx, list))?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<(), A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(())
    }
    fn visit_unit<E: de::Error>(self) -> std::result::Result<(), E> {
        Ok(())
    }
}

struct ItemsSeed<'c, 'a>(&'c mut Ctx<'a>, List);

seed_by_visiting!(ItemsSeed<'_, '_>);

impl<'de> Visitor<'de> for ItemsSeed<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of items")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<(), A::Error> {
        let ItemsSeed(ctx, list) = self;
        loop {
            let more = match list {
                List::Contacts => seq.next_element_seed(ContactSeed(&mut *ctx))?,
                List::Chats => seq.next_element_seed(ChatSeed(&mut *ctx))?,
            };
            if more.is_none() {
                return Ok(());
            }
        }
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<(), A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(())
    }
    fn visit_unit<E: de::Error>(self) -> std::result::Result<(), E> {
        Ok(())
    }
}

struct ContactSeed<'c, 'a>(&'c mut Ctx<'a>);

seed_by_visiting!(ContactSeed<'_, '_>);

impl<'de> Visitor<'de> for ContactSeed<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a contact")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<(), A::Error> {
        let (mut id, mut phone) = (None, None);
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value::<Lenient>()?.0.filter(|v| !v.is_empty());
            match key.as_str() {
                "user_id" => id = value.map(|v| user_id(&v)),
                "phone_number" => phone = value,
                _ => {}
            }
        }
        if let (Some(id), Some(phone)) = (id, phone) {
            self.0.phones.insert(id, phone);
        }
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<(), A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(())
    }
    fn visit_unit<E: de::Error>(self) -> std::result::Result<(), E> {
        Ok(())
    }
}

struct ChatSeed<'c, 'a>(&'c mut Ctx<'a>);

seed_by_visiting!(ChatSeed<'_, '_>);

impl<'de> Visitor<'de> for ChatSeed<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a chat")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<(), A::Error> {
        let ctx = self.0;
        let mut head = Head::default();
        let mut tally = Tally::default();
        let mut any = false;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "name" => head.name = map.next_value::<Lenient>()?.0,
                "type" => head.kind = map.next_value::<Lenient>()?.0,
                "id" => head.id = map.next_value::<Lenient>()?.0,
                "messages" if !head.skipped() => {
                    any = true;
                    map.next_value_seed(MessagesSeed(&mut *ctx, &head, &mut tally))?;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        if any || head.skipped() {
            ctx.end_chat(&head, tally);
        }
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<(), A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(())
    }
    fn visit_unit<E: de::Error>(self) -> std::result::Result<(), E> {
        Ok(())
    }
}

struct MessagesSeed<'c, 'a, 'h>(&'c mut Ctx<'a>, &'h Head, &'h mut Tally);

seed_by_visiting!(MessagesSeed<'_, '_, '_>);

impl<'de> Visitor<'de> for MessagesSeed<'_, '_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of messages")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<(), A::Error> {
        let MessagesSeed(ctx, head, tally) = self;
        while let Some(m) = seq.next_element_seed(MessageSeed(ctx.line.clone()))? {
            if let Some(m) = m {
                ctx.message(head, tally, m);
            }
        }
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<(), A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(())
    }
    fn visit_unit<E: de::Error>(self) -> std::result::Result<(), E> {
        Ok(())
    }
}

/// One message (`None` for anything in the list that is not an object).
struct MessageSeed(Rc<Cell<u64>>);

impl<'de> DeserializeSeed<'de> for MessageSeed {
    type Value = Option<Message>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> std::result::Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for MessageSeed {
    type Value = Option<Message>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a message")
    }
    fn visit_map<A: MapAccess<'de>>(
        self,
        mut map: A,
    ) -> std::result::Result<Self::Value, A::Error> {
        let mut m = Message {
            line: self.0.get(),
            ..Message::default()
        };
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "text" => m.text = map.next_value::<Text>()?.0,
                "type" => m.kind = map.next_value::<Lenient>()?.0,
                "date_unixtime" => m.unixtime = map.next_value::<Lenient>()?.0,
                "date" => m.date = map.next_value::<Lenient>()?.0,
                "from" | "actor" => m.from = map.next_value::<Lenient>()?.0,
                "from_id" | "actor_id" => m.from_id = map.next_value::<Lenient>()?.0,
                "action" => m.action = map.next_value::<Lenient>()?.0,
                "duration_seconds" => m.duration = map.next_value::<Lenient>()?.0,
                "discard_reason" => m.discard = map.next_value::<Lenient>()?.0,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(Some(m))
    }
    fn visit_seq<A: SeqAccess<'de>>(
        self,
        mut seq: A,
    ) -> std::result::Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(None)
    }
    fn visit_str<E: de::Error>(self, _: &str) -> std::result::Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> std::result::Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> std::result::Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> std::result::Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> std::result::Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> std::result::Result<Self::Value, E> {
        Ok(None)
    }
}

#[cfg(test)]
mod tests;
