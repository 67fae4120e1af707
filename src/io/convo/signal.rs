//! Signal chats as `signal-export` (github.com/carderne/signal-export, `sigexport DEST`)
//! writes them: a folder per chat (`DEST/<chat>/chat.md`, `index.html`, `media/`) with, since
//! its 2.0.0 (March 2024), a `data.json` that is JSON lines, one message per line. Signal's
//! own database is encrypted and never read; Signal Desktop has no chat export of its own.
//!
//! What `signal-export` writes on each line (`models.Message.dict_str()`), and what is done
//! with it:
//!
//! - `date`: the message's time (the earlier of `sent_at` and `serverTimestamp`, else
//!   `timestamp`, in ms) as Python's `datetime.fromtimestamp(ms / 1000).isoformat()`: the
//!   local time of the computer that ran the export, without offset (`2024-03-05T14:07:33`,
//!   `2024-03-05T14:07:33.120000`). No other time is written. It is placed in the zone the
//!   caller passes ([`SignalOptions::zone`]); a date with an offset is taken as written. A
//!   message without timestamp is written as 1970: a date before 2010 is a problem, as is one
//!   not readable.
//! - `sender`: `"Me"` for the person's messages (and, since 3.8.4, their calls); else the
//!   contact's name as the export's folder names are made, letters and digits only, emoji
//!   spelled out (`"Ana Ruiz 🌻"` → `AnaRuizsunflower`): until 3.9.0 the folder's name itself
//!   (`Ana2` for a second Ana), after it without that number; `"No-Sender"` when not known
//!   (notices, group calls, a group member not in the contacts), `"None"` or `null` for a
//!   contact without a name: no author. No phone number or Signal id is written anywhere.
//! - `body` (backticks removed, two spaces added: trimmed), `quote` (the quoted text as
//!   Markdown, or `""`), `sticker` (`""` or its emoji before 3.8.4, an object or `null`
//!   since), `attachments` (`[{"name", "path"}]`, since 3.9.0 with `missing_kind`),
//!   `reactions` (`[["name", "emoji"], …]`: part of the message, never a record of their own;
//!   counted).
//! - Since 3.9.0 (July 2026): `deleted` (deleted for everyone: a message without text),
//!   `call` and `missed`. A call's body describes it: `Outgoing voice call (accepted, 1m 5s)`,
//!   `Missed video call`, `Incoming voice call (declined)` (since 3.8.4); before, only
//!   `Incoming call` / `Outgoing call`, written as from the other person, of unknown outcome
//!   and length (`Call { seconds: 0 }`). Exports older than 3.9.0 have no `call` key: a line
//!   whose whole body is such a description, with nothing else, is read as a call.
//! - Group updates, timer changes, safety-number and profile notices and the like are lines
//!   with an empty body and nothing else: skipped and counted ([`SignalChat::notices`]).
//!   Edits are no lines (the body is the latest text); read receipts are not written.
//!
//! The chat is its folder's name (unique within an export, stable across exports), also the
//! other person's name in a 1:1 chat (`NotetoSelf` is the person's own, since 3.8.6; `None`,
//! `None2`… are contacts without a name). Whether a chat is a group is not written: it is a
//! group when someone other than the folder's person wrote in it. A 1:1 chat's others are
//! that person; a group's are everyone who wrote in it (found by [`survey`]). Who the person
//! is needs no asking (`"Me"`), but their name and number are not written.
//!
//! Reading streams: [`survey`] reads each file once (authors, counts), [`read`] a second time,
//! handing each message and call to the sink. Memory holds one line (capped at [`LINE_CAP`])
//! and each chat's authors.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Datelike, NaiveDateTime, Utc};
use serde_json::Value;

use super::whatsapp::Zone;
use super::{ConvoEvent, ConvoItem, ConvoKind, ConvoProblem, Party};
use crate::error::{Error, Result};

/// The most of one line read; a longer line is a problem.
pub const LINE_CAP: usize = 1024 * 1024;
/// The most of one message's text kept.
pub const TEXT_CAP: usize = 64 * 1024;
/// The most authors kept per chat.
const AUTHORS_CAP: usize = 4096;
/// The file `signal-export` writes in each chat's folder.
pub const DATA_FILE: &str = "data.json";
/// How `signal-export` writes the person as a sender.
const ME: &str = "Me";
/// How `signal-export` writes an unknown sender, and a contact without a name.
const NO_SENDER: &[&str] = &["No-Sender", "None"];

/// What the person says about an export.
#[derive(Debug, Clone, Copy, Default)]
pub struct SignalOptions {
    /// The zone of the computer that ran `signal-export`: its dates are local times there.
    pub zone: Zone,
}

/// One chat as a first read finds it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SignalChat {
    /// The chat's folder name: the [`ConvoEvent::chat`] of its messages.
    pub chat: String,
    /// Its `data.json`.
    pub path: PathBuf,
    /// Everyone but the person who wrote or called, with how many times, most first (then by
    /// name).
    pub authors: Vec<(String, u64)>,
    /// Someone other than the folder's person wrote: a group.
    pub group: bool,
    pub messages: u64,
    pub calls: u64,
    /// Lines with nothing in them: group updates and other notices, skipped.
    pub notices: u64,
    /// Reactions on the chat's messages (not messages themselves).
    pub reactions: u64,
    /// Lines that could not be read.
    pub problems: u64,
    pub lines: u64,
}

impl SignalChat {
    /// The chat's others: in a group every author, in a 1:1 chat the other person (as they
    /// write, else as the folder names them); none in "Note to Self".
    pub fn others(&self) -> Vec<Party> {
        let named = |name: &str| Party {
            name: Some(name.to_owned()),
            ..Party::default()
        };
        if self.group {
            return self.authors.iter().map(|(a, _)| named(a)).collect();
        }
        match self.authors.first() {
            Some((a, _)) => vec![named(a)],
            None if !names_person(&self.chat) => Vec::new(),
            None => vec![named(&self.chat)],
        }
    }
}

/// What a first read of an export finds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SignalSurvey {
    /// Each chat with a `data.json`, by folder name.
    pub chats: Vec<SignalChat>,
    /// Chat folders without a `data.json` (exported with `--no-json`): not read.
    pub without_json: Vec<PathBuf>,
}

/// Reads an export once: one chat's `data.json`, a chat's folder, or the export's folder
/// (every chat folder in it).
pub fn survey(path: &Path) -> Result<SignalSurvey> {
    let (files, without_json) = data_files(path)?;
    let mut chats = Vec::with_capacity(files.len());
    for (chat, file) in files {
        let f = File::open(&file).map_err(|e| Error::io(&file, &e))?;
        let mut c = survey_reader(BufReader::with_capacity(64 * 1024, f), &chat);
        c.path = file;
        chats.push(c);
    }
    Ok(SignalSurvey {
        chats,
        without_json,
    })
}

/// Reads an export (as [`survey`]): a survey, then each message and call of each chat to
/// `sink`, chat after chat. Returns the survey.
pub fn read(
    path: &Path,
    options: &SignalOptions,
    mut sink: impl FnMut(ConvoItem),
) -> Result<SignalSurvey> {
    let survey = survey(path)?;
    for chat in &survey.chats {
        let f = File::open(&chat.path).map_err(|e| Error::io(&chat.path, &e))?;
        read_reader(
            BufReader::with_capacity(64 * 1024, f),
            &chat.chat,
            options,
            Some(chat),
            &mut sink,
        );
    }
    Ok(survey)
}

/// Each chat's name and `data.json`.
type ChatFiles = Vec<(String, PathBuf)>;

/// The `data.json` files under `path`, with their chat's name, by name; and the chat folders
/// without one.
fn data_files(path: &Path) -> Result<(ChatFiles, Vec<PathBuf>)> {
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, &e))?;
    if meta.is_file() {
        return Ok((vec![(chat_of_file(path), path.to_owned())], Vec::new()));
    }
    let own = path.join(DATA_FILE);
    if own.is_file() {
        return Ok((vec![(dir_name(path), own)], Vec::new()));
    }
    let mut files = Vec::new();
    let mut without = Vec::new();
    let entries = std::fs::read_dir(path).map_err(|e| Error::io(path, &e))?;
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(path, &e))?;
        let dir = entry.path();
        // `exported_stickers/<pack>/data.json` describes sticker packs, not a chat.
        if !dir.is_dir() || entry.file_name() == "exported_stickers" {
            continue;
        }
        let file = dir.join(DATA_FILE);
        if file.is_file() {
            files.push((dir_name(&dir), file));
        } else if dir.join("chat.md").is_file() {
            without.push(dir);
        }
    }
    if files.is_empty() && without.is_empty() {
        return Err(Error::invalid(
            "path",
            "not a signal-export folder: no chat folder with a data.json in it",
        ));
    }
    files.sort();
    without.sort();
    Ok((files, without))
}

fn dir_name(dir: &Path) -> String {
    dir.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// A file's chat: its folder's name for a `data.json`, else its name without extension.
fn chat_of_file(path: &Path) -> String {
    if path.file_name().is_some_and(|n| n == DATA_FILE) {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            let name = dir_name(parent);
            if !name.is_empty() {
                return name;
            }
        }
    }
    path.file_stem()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// [`survey`] of one chat's JSON lines.
pub fn survey_reader(reader: impl BufRead, chat: &str) -> SignalChat {
    let mut tally: HashMap<String, u64> = HashMap::new();
    let mut c = SignalChat {
        chat: chat.to_owned(),
        ..SignalChat::default()
    };
    let mut no_sender_wrote = false;
    walk(reader, &SignalOptions::default(), &mut |line, parsed| {
        c.lines = line;
        match parsed {
            Parsed::Blank => {}
            Parsed::Problem(_) => c.problems += 1,
            Parsed::Notice => c.notices += 1,
            Parsed::Record(r) => {
                c.reactions += r.reactions;
                match r.kind {
                    ConvoKind::Message => c.messages += 1,
                    _ => c.calls += 1,
                }
                match r.sender.as_deref() {
                    Some(name) if !r.from_me => {
                        if let Some(n) = tally.get_mut(name) {
                            *n += 1;
                        } else if tally.len() < AUTHORS_CAP {
                            tally.insert(name.to_owned(), 1);
                        }
                    }
                    None if !r.from_me && r.kind == ConvoKind::Message => no_sender_wrote = true,
                    _ => {}
                }
            }
        }
    });
    let mut authors: Vec<(String, u64)> = tally.into_iter().collect();
    authors.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    c.group = no_sender_wrote || authors.iter().any(|(a, _)| !names_folder(a, chat));
    c.authors = authors;
    c
}

/// Whether a folder's name is a person's: not the person's own chat, nor a contact without a
/// name.
fn names_person(folder: &str) -> bool {
    !(folder.is_empty() || folder == "NotetoSelf" || names_folder("None", folder))
}

/// Whether `author` is the person a chat's folder is named after: the folder's name, or it
/// with the number `signal-export` adds to tell apart two folders of the same name.
fn names_folder(author: &str, folder: &str) -> bool {
    folder == author
        || folder.strip_prefix(author).is_some_and(|rest| {
            !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit()) && !rest.starts_with('0')
        })
}

/// [`read`] of one chat's JSON lines; with the chat's survey, each message's others are the
/// chat's people (a group's every author), without it only the author.
pub fn read_reader(
    reader: impl BufRead,
    chat: &str,
    options: &SignalOptions,
    survey: Option<&SignalChat>,
    sink: &mut dyn FnMut(ConvoItem),
) {
    let others = survey.map(SignalChat::others);
    walk(reader, options, &mut |line, parsed| match parsed {
        Parsed::Blank | Parsed::Notice => {}
        Parsed::Problem(message) => sink(ConvoItem::Problem(ConvoProblem {
            line,
            message: format!("{chat}: {message}"),
        })),
        Parsed::Record(r) => {
            let author = (!r.from_me).then(|| {
                r.sender.map(|name| Party {
                    name: Some(name),
                    ..Party::default()
                })
            });
            let author = author.flatten();
            let others = match &others {
                Some(o) => o.clone(),
                None => author.iter().cloned().collect(),
            };
            sink(ConvoItem::Event(ConvoEvent {
                chat: chat.to_owned(),
                at: r.at,
                from_me: r.from_me,
                author,
                others,
                kind: r.kind,
                text: r.text,
                line,
            }));
        }
    });
}

// ---------------------------------------------------------------------------------------
// Lines

/// What one line holds.
enum Parsed {
    Blank,
    Notice,
    Problem(String),
    Record(Record),
}

/// A message or call as read from a line.
struct Record {
    at: DateTime<Utc>,
    from_me: bool,
    /// Who wrote it, when not the person and known.
    sender: Option<String>,
    kind: ConvoKind,
    text: Option<String>,
    reactions: u64,
}

/// Reads each line of `reader` and hands what it holds to `f` with its number.
fn walk(mut reader: impl BufRead, options: &SignalOptions, f: &mut dyn FnMut(u64, Parsed)) {
    let mut buf = Vec::with_capacity(4096);
    let mut number = 0u64;
    loop {
        let (any, long) = match super::read_capped_line(&mut reader, &mut buf, LINE_CAP) {
            Ok(r) => r,
            Err(e) => {
                f(
                    number + 1,
                    Parsed::Problem(format!("the file could not be read from here: {e}")),
                );
                return;
            }
        };
        if !any {
            return;
        }
        number += 1;
        let parsed = if long {
            Parsed::Problem(format!("a line longer than {LINE_CAP} bytes: skipped"))
        } else {
            parse_line(&buf, options)
        };
        f(number, parsed);
    }
}

fn parse_line(bytes: &[u8], options: &SignalOptions) -> Parsed {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Parsed::Blank;
    }
    let value: Value = match serde_json::from_slice(bytes) {
        Ok(v) => v,
        Err(e) => return Parsed::Problem(format!("not a line of JSON: {e}")),
    };
    let Value::Object(m) = value else {
        return Parsed::Problem("not a signal-export message (a JSON object)".into());
    };
    let str_of = |key: &str| m.get(key).and_then(Value::as_str).unwrap_or("");
    let body = str_of("body").trim();
    let deleted = m.get("deleted").and_then(Value::as_bool).unwrap_or(false);
    let attachments = m
        .get("attachments")
        .and_then(Value::as_array)
        .is_some_and(|a| !a.is_empty());
    let sticker = match m.get("sticker") {
        Some(Value::String(s)) => !s.trim().is_empty(),
        Some(Value::Object(_)) => true,
        _ => false,
    };
    let quote = !str_of("quote").trim().is_empty();
    let reactions = m
        .get("reactions")
        .and_then(Value::as_array)
        .map_or(0, |r| r.len() as u64);

    let call = match m.get("call") {
        // Since 3.9: said.
        Some(Value::Bool(true)) => {
            let missed = m.get("missed").and_then(Value::as_bool);
            let described = call_of(body);
            let kind = match (missed, described) {
                (Some(true), _) => ConvoKind::MissedCall,
                (_, Some((_, kind))) => kind,
                (_, None) => ConvoKind::Call { seconds: 0 },
            };
            let outgoing = described.and_then(|d| d.0).unwrap_or(false);
            Some((outgoing, kind))
        }
        Some(_) => None,
        // Before 3.9: a body that is a call's description, and nothing else.
        None if !attachments && !sticker && !quote => {
            call_of(body).map(|(outgoing, kind)| (outgoing.unwrap_or(false), kind))
        }
        None => None,
    };

    if call.is_none() && body.is_empty() && !attachments && !sticker && !quote && !deleted {
        return Parsed::Notice;
    }

    let at = match m.get("date") {
        Some(Value::String(s)) => match date_of(s, options) {
            Some(at) if at.year() >= 2010 => at,
            Some(_) => {
                return Parsed::Problem(format!(
                    "a date before Signal ({s}): the message had no timestamp; skipped"
                ))
            }
            None => return Parsed::Problem(format!("a date that cannot be read ({s}): skipped")),
        },
        _ => return Parsed::Problem("a message without a date: skipped".into()),
    };

    let sender = str_of("sender").trim();
    let me = sender == ME;
    let (from_me, kind, text) = match call {
        Some((outgoing, kind)) => (me || outgoing, kind, None),
        None => {
            let text = (!deleted && !body.is_empty()).then(|| capped(body));
            (me, ConvoKind::Message, text)
        }
    };
    let sender =
        (!from_me && !sender.is_empty() && !NO_SENDER.contains(&sender)).then(|| sender.to_owned());
    Parsed::Record(Record {
        at,
        from_me,
        sender,
        kind,
        text,
        reactions,
    })
}

fn capped(s: &str) -> String {
    let mut end = s.len().min(TEXT_CAP);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s[..end].to_owned()
}

/// A `date` as `signal-export` writes it (local, no offset: placed in the zone), or with an
/// offset.
fn date_of(s: &str, options: &SignalOptions) -> Option<DateTime<Utc>> {
    let s = s.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&Utc));
    }
    let local = NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f")
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S%.f"))
        .ok()?;
    Some(options.zone.to_utc(local))
}

/// A call's description as `signal-export` writes it in the body: whether it was outgoing
/// (`None` for a missed call, always incoming), and what it was.
///
/// `Incoming call` / `Outgoing call` (before 3.8); `Incoming voice call (accepted, 1m 5s)`,
/// `Outgoing video call (unanswered)`, `Incoming voice call (declined)`, `Missed voice call`,
/// `Outgoing call (declined by recipient)`, `Incoming video call (genericgroupcall)`.
fn call_of(body: &str) -> Option<(Option<bool>, ConvoKind)> {
    fn call_word(s: &str) -> Option<&str> {
        let s = s
            .strip_prefix("voice ")
            .or_else(|| s.strip_prefix("video "))
            .unwrap_or(s);
        s.strip_prefix("call")
    }
    if let Some(rest) = body.strip_prefix("Missed ") {
        return call_word(rest)
            .filter(|r| r.is_empty())
            .map(|_| (Some(false), ConvoKind::MissedCall));
    }
    let (outgoing, rest) = if let Some(r) = body.strip_prefix("Incoming ") {
        (false, r)
    } else if let Some(r) = body.strip_prefix("Outgoing ") {
        (true, r)
    } else {
        return None;
    };
    let rest = call_word(rest)?;
    if rest.is_empty() {
        return Some((Some(outgoing), ConvoKind::Call { seconds: 0 }));
    }
    let detail = rest.strip_prefix(" (")?.strip_suffix(')')?;
    if detail.contains(['(', ')', '\n']) {
        return None;
    }
    let (status, duration) = match detail.split_once(", ") {
        Some((s, d)) => (s, Some(d)),
        None => (detail, None),
    };
    let kind = match status {
        "accepted" => ConvoKind::Call {
            seconds: duration.and_then(seconds_of).unwrap_or(0),
        },
        "unanswered" | "declined" | "declined by recipient" | "missed" | "notaccepted" => {
            ConvoKind::MissedCall
        }
        _ if duration.is_none() && status.chars().all(|c| c.is_ascii_lowercase()) => {
            ConvoKind::Call { seconds: 0 }
        }
        _ => return None,
    };
    Some((Some(outgoing), kind))
}

/// `1m 5s` or `45s`.
fn seconds_of(d: &str) -> Option<u32> {
    let (m, s) = match d.split_once("m ") {
        Some((m, s)) => (m.parse::<u32>().ok()?, s),
        None => (0, d),
    };
    let s = s.strip_suffix('s')?.parse::<u32>().ok()?;
    m.checked_mul(60)?.checked_add(s)
}

#[cfg(test)]
mod tests;
