//! Phone and chat exports as sources (issue 17): SMS Backup & Restore call logs and texts,
//! WhatsApp chats, Telegram Desktop exports, LinkedIn's `messages.csv` and `signal-export`'s
//! folders of Signal chats, read through the streaming readers of [`crate::io::convo`].
//!
//! An export is replaced by a newer one, not appended to: a file (for Signal, the chats'
//! `data.json` files together) whose size or time changed is read whole again (unless its content hash is the same), streaming, and its items are
//! written in batches of [`BATCH`] or a little more (a batch ends where a UTC day does, so
//! that a day's messages are settled once), each in one savepoint. Items are keyed by what the
//! conversation is, never by the file (`<kind>:<chat>|<author or me>|<time ms>|<text hash>`,
//! a `#n` after the n-th identical message), so an older and a newer export of the same chat
//! create nothing twice, and a read killed part-way leaves its cursor as it was: the next read
//! goes through the file again and adds only what is missing.
//!
//! What items are made of what:
//! - a message or text: kind `message`, thread `<kind>:<chat>` (a text's chat is its other
//!   people's numbers in E.164): one interaction per chat and UTC day, whoever wrote first
//!   that day started it;
//! - an answered call: kind `call`, its own thread, summary "Call, 12 min"; placed by the
//!   person within a day after the other person's missed call, the other person started it
//!   (missed calls are found in a first pass over the file: exports list calls in any order);
//! - a missed, rejected or blocked call: no item (counted as skipped).
//!
//! The people on them are addresses (see [`super::settle::ByEmail`]): `tel:+E164` for a
//! number (in the person's default region; `tel:` and the digits when it does not parse),
//! `whatsapp:<name as written>`, `telegram:<id>` (or `tel:` when the export lists the
//! number), `linkedin:<profile URL>` (or `linkedin:<name>` without one),
//! `signal:<number or name>`. A sender with no number and no name (an SMS from "AMAZON" is a
//! name, not a number: a business) is nobody: such an item is skipped. Text is kept only
//! where the person asked, at most [`TEXT_KEPT`] characters.

use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use chrono::{DateTime, Datelike, TimeDelta, Utc};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use super::{finish_batch, in_savepoint, settle, NewAddresses, Reading, Touched, BATCH};
use crate::engine::health::plural;
use crate::error::{Error, FieldError, Result};
use crate::identity::normalize;
use crate::io::convo::{
    linkedin, signal, sms_backup, telegram, whatsapp, ConvoEvent, ConvoItem, ConvoKind, Party,
};
use crate::model::{ExportAuthor, ExportQuestions, InteractionKind, SourceKind, SourceTotals};
use crate::store::capture_items::{self, CaptureAddress, CaptureItem};
use crate::store::sources::SourceOptions;

/// The most characters of a message's text kept, where the person keeps text.
pub const TEXT_KEPT: usize = 500;
/// The largest export read (a 500 MB backup is large; a bigger file is no export).
const MAX_FILE: u64 = 4 * 1024 * 1024 * 1024;
/// A missed call is returned by a call placed within this long after it.
const RETURNED_WITHIN_MS: i64 = 24 * 3600 * 1000;

/// What the last completed read of an export saw.
#[derive(Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
struct ConvoCursor {
    len: u64,
    /// Modification time, nanoseconds since 1970.
    mtime: u128,
    hash: u64,
}

/// FNV-1a, 64 bits: a hash that is the same in every build (keys are kept in the database).
#[derive(Debug, Clone, Copy)]
struct Fnv(u64);

impl Fnv {
    fn new() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// A hash of the content of `files`, in order.
fn files_hash(files: &[std::path::PathBuf]) -> Result<u64> {
    let mut h = Fnv::new();
    let mut buf = vec![0; 1 << 20];
    for path in files {
        let mut file = File::open(path).map_err(|e| Error::io(path, &e))?;
        loop {
            let n = file.read(&mut buf).map_err(|e| Error::io(path, &e))?;
            if n == 0 {
                break;
            }
            h.write(&buf[..n]);
        }
        h.write(&[0xff]);
    }
    Ok(h.0)
}

/// The files an export is read from: the file itself; for Signal, the `data.json` of each
/// chat of a `signal-export` folder (or of one chat's folder), by chat.
fn export_files(kind: SourceKind, path: &Path) -> Result<Vec<std::path::PathBuf>> {
    if kind != SourceKind::Signal || path.is_file() {
        return Ok(vec![path.to_owned()]);
    }
    let own = path.join(signal::DATA_FILE);
    if own.is_file() {
        return Ok(vec![own]);
    }
    let mut files = Vec::new();
    for entry in std::fs::read_dir(path).map_err(|e| Error::io(path, &e))? {
        let entry = entry.map_err(|e| Error::io(path, &e))?;
        let file = entry.path().join(signal::DATA_FILE);
        // `exported_stickers/<pack>/data.json` describes sticker packs, not a chat.
        if entry.file_name() != "exported_stickers" && file.is_file() {
            files.push(file);
        }
    }
    files.sort();
    Ok(files)
}

/// Whether the folder `path` is a `signal-export` output (or one chat of it).
pub(super) fn is_signal_export(path: &Path) -> bool {
    export_files(SourceKind::Signal, path).is_ok_and(|f| !f.is_empty())
}

/// What the person must say about an export before it can be read, checked when it is
/// added: the options to keep with the source (for LinkedIn, who Kith took them to be).
pub(super) fn prepare(
    kind: SourceKind,
    path: &Path,
    me: Option<String>,
    day_first: Option<bool>,
) -> Result<SourceOptions> {
    let me = me.map(|m| m.trim().to_owned()).filter(|m| !m.is_empty());
    match kind {
        SourceKind::Whatsapp => {
            let survey = whatsapp::survey(path)?;
            let options = whatsapp_options(me.clone(), day_first, &survey)?;
            // Kept as the file writes it.
            let me = options.me.map(|m| {
                survey
                    .authors
                    .iter()
                    .find(|(a, _)| same_name(a, &m))
                    .map_or(m, |(a, _)| a.clone())
            });
            Ok(SourceOptions { me, day_first })
        }
        SourceKind::Telegram => {
            let survey = telegram::survey(path)?;
            telegram_export(&survey)?;
            telegram_me(&survey, me.as_deref())?;
            Ok(SourceOptions {
                me,
                day_first: None,
            })
        }
        SourceKind::LinkedinMessages => {
            if me.is_some() {
                return Ok(SourceOptions {
                    me,
                    day_first: None,
                });
            }
            let file = File::open(path).map_err(|e| Error::io(path, &e))?;
            match linkedin::infer_me(BufReader::new(file)) {
                Some(found) => Ok(SourceOptions {
                    me: found.url.or(found.name),
                    day_first: None,
                }),
                None => Err(needs_me(
                    "Kith cannot tell which of the people in this file is you (no one takes \
                     part in more conversations than everyone else): say your name or your \
                     profile URL",
                )),
            }
        }
        SourceKind::Signal => {
            // The person is "Me" in every chat: nothing to ask; but it must be an export.
            let survey = signal::survey(path)?;
            if survey.chats.is_empty() {
                return Err(Error::invalid(
                    "path",
                    "no chat of this signal-export folder has a data.json (exported with \
                     --no-json?): export again without it",
                ));
            }
            if survey
                .chats
                .iter()
                .all(|c| c.messages + c.calls == 0 && c.problems > 0)
            {
                return Err(Error::invalid(
                    "path",
                    "not signal-export's JSON: no line of it is a message or a call",
                ));
            }
            Ok(SourceOptions::default())
        }
        SourceKind::SmsBackup | SourceKind::Ics | SourceKind::Mbox | SourceKind::Maildir => {
            Ok(SourceOptions::default())
        }
    }
}

/// What the person must say before the export at `path` is read (see
/// [`ExportQuestions`]); `known` are the names the person gave for other exports of the same
/// kind (the person is in every chat: a name seen before is offered first).
pub(super) fn questions(
    kind: SourceKind,
    path: &Path,
    known: &[String],
) -> Result<ExportQuestions> {
    let none = ExportQuestions {
        kind,
        authors: Vec::new(),
        me: None,
        ask_me: false,
        ask_date_order: false,
        likely_day_first: None,
    };
    match kind {
        SourceKind::Whatsapp => whatsapp_questions(path, known, none),
        SourceKind::Telegram => telegram_questions(path, none),
        SourceKind::LinkedinMessages => linkedin_questions(path, none),
        SourceKind::Signal => {
            prepare(kind, path, None, None)?;
            Ok(none)
        }
        SourceKind::SmsBackup | SourceKind::Ics | SourceKind::Mbox | SourceKind::Maildir => {
            Ok(none)
        }
    }
}

fn count(n: u64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A WhatsApp export always asks who the person is (offering a name they gave for another
/// chat, else the most frequent author), and the date order when it reads both ways.
fn whatsapp_questions(
    path: &Path,
    known: &[String],
    mut q: ExportQuestions,
) -> Result<ExportQuestions> {
    let survey = whatsapp::survey(path)?;
    if survey.messages == 0 {
        whatsapp::check(
            &survey,
            &whatsapp::WhatsAppOptions {
                day_first: None,
                me: None,
                zone: local_zone(),
            },
        )?;
    }
    let seen = survey
        .authors
        .iter()
        .find(|(a, _)| known.iter().any(|k| same_name(a, k)))
        .map(|(a, _)| a.clone());
    q.me = seen.or_else(|| whatsapp::likely_me(std::slice::from_ref(&survey)));
    q.authors = survey
        .authors
        .iter()
        .map(|(a, n)| ExportAuthor {
            name: a.clone(),
            key: a.clone(),
            messages: Some(count(*n)),
            conversations: None,
        })
        .collect();
    q.authors
        .sort_by_key(|a| q.me.as_deref() != Some(a.name.as_str()));
    q.ask_me = true;
    q.ask_date_order = survey.date_order == whatsapp::DateOrder::Ambiguous;
    q.likely_day_first = survey.likely_day_first.filter(|_| q.ask_date_order);
    Ok(q)
}

/// A Telegram export asks nothing when it names the person or holds personal chats only;
/// else it offers its authors, the one in the most chats (then with the most messages) first.
fn telegram_questions(path: &Path, mut q: ExportQuestions) -> Result<ExportQuestions> {
    let survey = telegram::survey(path)?;
    telegram_export(&survey)?;
    if let Some(me) = &survey.me {
        q.me = me.id.clone().or_else(|| me.name.clone());
        return Ok(q);
    }
    if survey.chats.iter().all(|c| c.kind == "personal_chat") {
        return Ok(q);
    }
    let mut list = telegram_authors(&survey);
    list.sort_by_key(|a| std::cmp::Reverse((a.chats, a.messages)));
    q.me = list.first().map(|a| a.key.clone());
    q.authors = list
        .into_iter()
        .map(|a| ExportAuthor {
            name: a.name,
            key: a.key,
            messages: Some(count(a.messages)),
            conversations: None,
        })
        .collect();
    q.ask_me = true;
    Ok(q)
}

/// A LinkedIn `messages.csv` asks nothing when one person is in more conversations than
/// anyone else (the person); else it offers everyone, by the conversations they are in.
fn linkedin_questions(path: &Path, mut q: ExportQuestions) -> Result<ExportQuestions> {
    let open = || {
        File::open(path)
            .map(BufReader::new)
            .map_err(|e| Error::io(path, &e))
    };
    if let Some(found) = linkedin::infer_me(open()?) {
        q.me = found.url.or(found.name);
        return Ok(q);
    }
    let (people, _) = linkedin::participants(open()?);
    q.authors = people
        .iter()
        .filter_map(|(p, n)| {
            let key = p.url.clone().or_else(|| p.name.clone())?;
            Some(ExportAuthor {
                name: p.name.clone().unwrap_or_else(|| key.clone()),
                key,
                messages: None,
                conversations: Some(count(*n)),
            })
        })
        .collect();
    q.ask_me = true;
    Ok(q)
}

fn needs_me(message: impl Into<String>) -> Error {
    Error::Invalid {
        fields: vec![FieldError::new("me", message.into())],
    }
}

/// The reader's options for a WhatsApp export, or why it cannot be read as it is: the
/// person's name must be one of its authors, and an ambiguous date order must be chosen.
fn whatsapp_options(
    me: Option<String>,
    day_first: Option<bool>,
    survey: &whatsapp::Survey,
) -> Result<whatsapp::WhatsAppOptions> {
    let options = whatsapp::WhatsAppOptions {
        day_first,
        me: me.clone(),
        zone: local_zone(),
    };
    if survey.messages == 0 {
        whatsapp::check(survey, &options)?;
    }
    // The authors, the likeliest to be the person first (then by messages).
    let names = || {
        let likely = whatsapp::likely_me(std::slice::from_ref(survey));
        let mut list: Vec<&(String, u64)> = survey.authors.iter().collect();
        list.sort_by_key(|(a, _)| likely.as_deref() != Some(a.as_str()));
        list.iter()
            .map(|(a, n)| format!("{a:?} ({})", plural(*n, "message", "messages")))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match &me {
        None => {
            return Err(needs_me(format!(
                "which name in this chat is yours? Its authors, most messages first: {}",
                names()
            )))
        }
        Some(m) if !survey.authors.iter().any(|(a, _)| same_name(a, m)) => {
            return Err(needs_me(format!(
                "{m:?} wrote nothing in this chat; its authors, most messages first: {}",
                names()
            )))
        }
        Some(_) => {}
    }
    if survey.date_order == whatsapp::DateOrder::Ambiguous && day_first.is_none() {
        let likely = match survey.likely_day_first {
            Some(true) => " (read day first, its dates run forward in time)",
            Some(false) => " (read month first, its dates run forward in time)",
            None => "",
        };
        return Err(Error::invalid(
            "date_order",
            format!(
                "every date in this chat can be read day first or month first{likely}: say \
                 which"
            ),
        ));
    }
    Ok(options)
}

/// Whether author `a` is the name `b` the person gave: as written, whatever the case, or the
/// same number.
fn same_name(a: &str, b: &str) -> bool {
    let digits = |s: &str| normalize::phone_digits(s);
    let number = |s: &str| s.chars().all(|c| !c.is_alphabetic()) && digits(s).len() >= 7;
    a == b
        || a.to_lowercase() == b.trim().to_lowercase()
        || (number(a) && number(b) && digits(a) == digits(b))
}

/// Where a WhatsApp export's local times are: the zone in `TZ`, else this machine's zone by
/// name (with its daylight saving), else its offset now. The phone that exported the chat is
/// the person's, most often where their computer is.
fn local_zone() -> whatsapp::Zone {
    let named = std::env::var("TZ")
        .ok()
        .map(|t| t.trim_start_matches(':').to_owned())
        .or_else(|| iana_time_zone::get_timezone().ok())
        .and_then(|t| t.parse::<chrono_tz::Tz>().ok());
    match named {
        Some(tz) => whatsapp::Zone::Named(tz),
        None => whatsapp::Zone::Fixed(*chrono::Local::now().offset()),
    }
}

/// A Telegram export holds chats, or it is none (its first problem says where it stopped
/// being one).
fn telegram_export(survey: &telegram::TelegramSurvey) -> Result<()> {
    match &survey.problem {
        Some(p) if survey.chats.is_empty() && survey.me.is_none() => Err(Error::invalid(
            "path",
            format!("line {}: {}", p.line, p.message),
        )),
        _ => Ok(()),
    }
}

/// Someone who writes in a Telegram export's chats.
struct TelegramAuthor {
    /// Their id (`user123`), else their name: what `me` names them by.
    key: String,
    /// Their name as written, else the key.
    name: String,
    /// The chats they write in, and their messages in all of them.
    chats: u64,
    messages: u64,
}

/// Every author of `survey`'s chats, in key order.
fn telegram_authors(survey: &telegram::TelegramSurvey) -> Vec<TelegramAuthor> {
    let mut tally: BTreeMap<String, TelegramAuthor> = BTreeMap::new();
    for c in &survey.chats {
        for (p, n) in &c.authors {
            let Some(key) = p.id.clone().or_else(|| p.name.clone()) else {
                continue;
            };
            let author = tally.entry(key.clone()).or_insert_with(|| TelegramAuthor {
                name: p.name.clone().unwrap_or_else(|| key.clone()),
                key,
                chats: 0,
                messages: 0,
            });
            author.chats += 1;
            author.messages += n;
        }
    }
    tally.into_values().collect()
}

/// The person in a Telegram export: named by the export, by `me`, or (personal chats only)
/// whoever is not the other person.
fn telegram_me(survey: &telegram::TelegramSurvey, me: Option<&str>) -> Result<()> {
    if survey.me.is_some() || me.is_some() {
        return Ok(());
    }
    if survey.chats.iter().all(|c| c.kind == "personal_chat") {
        return Ok(());
    }
    let mut list = telegram_authors(survey);
    list.sort_by(|a, b| {
        b.messages
            .cmp(&a.messages)
            .then_with(|| a.name.cmp(&b.name))
    });
    let names: Vec<String> = list
        .iter()
        .map(|a| {
            format!(
                "{:?} ({})",
                a.name,
                plural(a.messages, "message", "messages")
            )
        })
        .collect();
    Err(needs_me(format!(
        "this export does not say which author is you: its authors, most messages first \
         (say a name, or an id such as user123): {}",
        names.join(", ")
    )))
}

/// Reads the export at `path` if it changed since `cursor` (see the module docs).
pub(super) fn read(
    conn: &Connection,
    kind: SourceKind,
    path: &Path,
    cursor: &str,
    options: &SourceOptions,
    region: Option<String>,
    reading: &mut Reading<'_>,
) -> Result<()> {
    let files = export_files(kind, path)?;
    let mut now_cursor = ConvoCursor::default();
    for file in &files {
        let meta = std::fs::metadata(file).map_err(|e| Error::io(file, &e))?;
        now_cursor.len += meta.len();
        let mtime = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos());
        now_cursor.mtime = now_cursor.mtime.max(mtime);
    }
    if now_cursor.len > MAX_FILE {
        return Err(Error::Io {
            path: path.display().to_string(),
            message: format!(
                "it is {} MB: no export is that large",
                now_cursor.len / 1_000_000
            ),
        });
    }
    let saved: ConvoCursor = serde_json::from_str(cursor).unwrap_or_default();
    if saved.len == now_cursor.len && saved.mtime == now_cursor.mtime && saved.hash != 0 {
        return Ok(());
    }
    now_cursor.hash = files_hash(&files)?;
    let new_cursor = serde_json::to_string(&now_cursor).unwrap_or_else(|_| "{}".into());
    if saved.len == now_cursor.len && saved.hash == now_cursor.hash {
        // Touched, not changed.
        return in_savepoint(conn, || {
            finish_batch(
                conn,
                reading,
                Touched::new(),
                SourceTotals::default(),
                &new_cursor,
            )
        });
    }
    let mut feed = Feed {
        conn,
        kind,
        region,
        missed: HashMap::new(),
        pending: Vec::with_capacity(BATCH),
        totals: SourceTotals::default(),
        same_at: (i64::MIN, HashMap::new()),
        old_cursor: cursor.to_owned(),
        error: None,
        done: false,
    };
    read_events(&mut feed, kind, path, options, reading)?;
    if let Some(e) = feed.error.take() {
        return Err(e);
    }
    if feed.done {
        // Stopped: the cursor stays, and the next read goes through the file again.
        return Ok(());
    }
    feed.flush(reading, Some(&new_cursor))?;
    Ok(())
}

/// Runs the reader of `kind` over the export at `path`, each event to `feed` (a first pass
/// for missed calls where there can be calls).
fn read_events(
    feed: &mut Feed<'_>,
    kind: SourceKind,
    path: &Path,
    options: &SourceOptions,
    reading: &mut Reading<'_>,
) -> Result<()> {
    match kind {
        SourceKind::SmsBackup => {
            let sms = sms_backup::SmsOptions::default();
            let open = || {
                File::open(path)
                    .map(|f| BufReader::with_capacity(256 * 1024, f))
                    .map_err(|e| Error::io(path, &e))
            };
            if sms_root(path) == Some(SmsRoot::Calls) {
                sms_backup::read(open()?, &sms, &mut |item| feed.note_missed(&item));
            }
            sms_backup::read(open()?, &sms, &mut |item| feed.take(reading, item));
        }
        SourceKind::Whatsapp => {
            let survey = whatsapp::survey(path)?;
            let options = whatsapp_options(options.me.clone(), options.day_first, &survey)?;
            whatsapp::read(path, &options, |item| feed.take(reading, item))?;
        }
        SourceKind::Telegram => {
            let survey = telegram::survey(path)?;
            telegram_me(&survey, options.me.as_deref())?;
            let me = options.me.as_deref();
            let is_id = me.is_some_and(|m| {
                m.strip_prefix("user")
                    .unwrap_or(m)
                    .chars()
                    .all(|c| c.is_ascii_digit())
            });
            let tg = telegram::TelegramOptions {
                me_id: me.filter(|_| is_id).map(str::to_owned),
                me_name: me.filter(|_| !is_id).map(str::to_owned),
                zone: local_zone(),
            };
            let open = || {
                File::open(path)
                    .map(|f| BufReader::with_capacity(256 * 1024, f))
                    .map_err(|e| Error::io(path, &e))
            };
            if survey.chats.iter().any(|c| c.calls > 0) {
                telegram::read_reader(open()?, &tg, Some(&survey), &mut |item| {
                    feed.note_missed(&item);
                });
            }
            telegram::read_reader(open()?, &tg, Some(&survey), &mut |item| {
                feed.take(reading, item);
            });
        }
        SourceKind::LinkedinMessages => {
            let me = options.me.clone().unwrap_or_default();
            let li = if me.contains('/') {
                linkedin::LinkedInOptions {
                    my_profile_urls: vec![me],
                    my_name: None,
                }
            } else {
                linkedin::LinkedInOptions {
                    my_profile_urls: Vec::new(),
                    my_name: Some(me),
                }
            };
            let file = File::open(path).map_err(|e| Error::io(path, &e))?;
            linkedin::read(BufReader::new(file), &li, &mut |item| {
                feed.take(reading, item);
            });
        }
        SourceKind::Signal => {
            let options = signal::SignalOptions { zone: local_zone() };
            let survey = signal::survey(path)?;
            if survey.chats.iter().any(|c| c.calls > 0) {
                signal::read(path, &options, |item| feed.note_missed(&item))?;
            }
            signal::read(path, &options, |item| feed.take(reading, item))?;
        }
        SourceKind::Ics | SourceKind::Mbox | SourceKind::Maildir => {
            return Err(Error::invalid("kind", format!("{kind} is no chat export")));
        }
    }
    Ok(())
}

/// The root element of an SMS Backup & Restore file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum SmsRoot {
    Calls,
    Smses,
}

/// Whether `path` starts like an SMS Backup & Restore file, and of which kind (the first
/// element, among the first 64 KB).
pub(super) fn sms_root(path: &Path) -> Option<SmsRoot> {
    let mut head = Vec::with_capacity(64 * 1024);
    File::open(path)
        .ok()?
        .take(64 * 1024)
        .read_to_end(&mut head)
        .ok()?;
    let text = String::from_utf8_lossy(&head);
    let mut rest: &str = &text;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        if rest.starts_with('?') || rest.starts_with('!') {
            continue;
        }
        return if rest.starts_with("calls") {
            Some(SmsRoot::Calls)
        } else if rest.starts_with("smses") {
            Some(SmsRoot::Smses)
        } else {
            None
        };
    }
    None
}

/// One item ready to write.
struct Pending {
    item: CaptureItem,
    addresses: Vec<CaptureAddress>,
    body: Option<String>,
}

/// The read of one export as it goes: events made into items, written a batch at a time.
struct Feed<'c> {
    conn: &'c Connection,
    kind: SourceKind,
    region: Option<String>,
    /// Missed calls from the other person (first pass), by chat: their times (ms).
    missed: HashMap<String, Vec<i64>>,
    pending: Vec<Pending>,
    /// The batch's counts.
    totals: SourceTotals,
    /// The time of the last event and how often each key was seen at that time: the n-th
    /// identical message of the same minute is another message, and keeps its place.
    same_at: (i64, HashMap<String, u32>),
    old_cursor: String,
    error: Option<Error>,
    /// Stopped (asked to, or after an error): the rest of the file is passed over.
    done: bool,
}

impl Feed<'_> {
    /// First pass: notes each missed call from the other person.
    fn note_missed(&mut self, item: &ConvoItem) {
        let ConvoItem::Event(e) = item else { return };
        if e.kind != ConvoKind::MissedCall || e.from_me {
            return;
        }
        let addresses = self.addresses(e);
        let chat = self.chat_key(e, &addresses);
        self.missed
            .entry(chat)
            .or_default()
            .push(e.at.timestamp_millis());
    }

    fn take(&mut self, reading: &mut Reading<'_>, item: ConvoItem) {
        if self.done {
            return;
        }
        let e = match item {
            ConvoItem::Problem(p) => {
                reading.problem(format!("line {}: {}", p.line, p.message));
                return;
            }
            ConvoItem::Event(e) => e,
        };
        self.totals.read += 1;
        let Some(p) = self.item_of(reading, e) else {
            return;
        };
        // A full batch is written when the day changes (exports run in time order, one way
        // or the other), so that a thread-day is settled once, from the items in hand, rather
        // than again with each batch it spans; a day of more than four batches is cut anyway.
        let day = settle::day_start(p.item.occurred_at);
        let full = self.pending.len() >= BATCH
            && (self.pending.len() >= 4 * BATCH
                || self
                    .pending
                    .last()
                    .is_some_and(|last| settle::day_start(last.item.occurred_at) != day));
        if full {
            if let Err(err) = self.flush(reading, None) {
                self.error = Some(err);
                self.done = true;
                return;
            }
            if reading.cancelled() {
                self.done = true;
                return;
            }
        }
        self.pending.push(p);
    }

    /// The item an event makes, or `None` (counted as skipped, and why).
    fn item_of(&mut self, reading: &Reading<'_>, e: ConvoEvent) -> Option<Pending> {
        let (kind, seconds) = match e.kind {
            ConvoKind::Message => (InteractionKind::Message, 0),
            ConvoKind::Call { seconds } => (InteractionKind::Call, seconds),
            ConvoKind::MissedCall => {
                self.totals
                    .skip("missed or rejected calls (no conversation)");
                return None;
            }
        };
        if e.at > reading.now + TimeDelta::days(1) {
            self.totals.skip("dated in the future");
            return None;
        }
        if e.at.year() < crate::validate::MIN_YEAR {
            self.totals
                .skip(&format!("dated before {}", crate::validate::MIN_YEAR));
            return None;
        }
        let addresses = self.addresses(&e);
        if addresses.is_empty() {
            self.totals
                .skip(if e.others.is_empty() && e.author.is_none() {
                    "no one else in the chat"
                } else {
                    "from a sender with no number or name (a business or a service)"
                });
            return None;
        }
        let chat = self.chat_key(&e, &addresses);
        let at = e.at.timestamp_millis();
        let author = if e.from_me {
            "me".to_owned()
        } else {
            e.author
                .as_ref()
                .map(|p| self.stable_id(p))
                .unwrap_or_default()
        };
        let mut text_hash = Fnv::new();
        match kind {
            InteractionKind::Call => text_hash.write(b"call"),
            _ => text_hash.write(e.text.as_deref().unwrap_or_default().as_bytes()),
        }
        let mut key = format!(
            "{}:{chat}|{author}|{at}|{:08x}",
            self.kind, text_hash.0 as u32
        );
        if self.same_at.0 != at {
            self.same_at.0 = at;
            self.same_at.1.clear();
        }
        let seen = self.same_at.1.entry(key.clone()).or_default();
        *seen += 1;
        if *seen > 1 {
            key.push_str(&format!("#{seen}"));
        }
        let (thread, subject, them_first) = if kind == InteractionKind::Call {
            let them_first = e.from_me
                && self.missed.get(&chat).is_some_and(|times| {
                    times
                        .iter()
                        .any(|&m| m < at && at - m <= RETURNED_WITHIN_MS)
                });
            (key.clone(), call_subject(seconds), them_first)
        } else {
            (format!("{}:{chat}", self.kind), String::new(), false)
        };
        let body = if reading.keep_text {
            e.text
                .as_deref()
                .map(|t| t.chars().take(TEXT_KEPT).collect::<String>())
                .filter(|t| !t.trim().is_empty())
        } else {
            None
        };
        Some(Pending {
            item: CaptureItem {
                key,
                kind,
                occurred_at: e.at,
                has_time: true,
                thread,
                subject,
                from_me: e.from_me,
                them_first,
            },
            addresses,
            body,
        })
    }

    /// The other people on an event as addresses: its author first (`from`), then the
    /// others, each once.
    fn addresses(&self, e: &ConvoEvent) -> Vec<CaptureAddress> {
        let mut out: Vec<CaptureAddress> = Vec::with_capacity(e.others.len() + 1);
        let parties = e
            .author
            .iter()
            .filter(|_| !e.from_me)
            .map(|p| (p, true))
            .chain(e.others.iter().map(|p| (p, false)));
        for (p, from) in parties {
            let Some(address) = self.address_of(p) else {
                continue;
            };
            if out.iter().any(|a| a.email == address) {
                continue;
            }
            out.push(CaptureAddress {
                email: address,
                name: p.name.clone().filter(|n| !n.trim().is_empty()),
                from,
            });
        }
        out
    }

    /// `party`'s address (see the module docs), `None` when the export names them by nothing
    /// Kith can use.
    fn address_of(&self, p: &Party) -> Option<String> {
        let name = p.name.as_deref().map(str::trim).filter(|n| !n.is_empty());
        let phone = p.phone.as_deref().and_then(|n| self.phone(n));
        match self.kind {
            SourceKind::SmsBackup => phone,
            SourceKind::Whatsapp => phone.or_else(|| name.map(|n| format!("whatsapp:{n}"))),
            SourceKind::Telegram => {
                phone.or_else(|| p.id.as_deref().or(name).map(|id| format!("telegram:{id}")))
            }
            SourceKind::LinkedinMessages => p
                .url
                .as_deref()
                .and_then(normalize::profile_url)
                .or_else(|| name.map(str::to_owned))
                .map(|v| format!("linkedin:{v}")),
            SourceKind::Signal => phone
                .map(|t| format!("signal:{}", &t[4..]))
                .or_else(|| name.map(|n| format!("signal:{n}"))),
            SourceKind::Ics | SourceKind::Mbox | SourceKind::Maildir => None,
        }
    }

    /// The number as a capture address (see [`super::phone_address`]).
    fn phone(&self, raw: &str) -> Option<String> {
        super::phone_address(raw, self.region.as_deref())
    }

    /// Who wrote, as the item key names them: what stays the same from one export to the next.
    fn stable_id(&self, p: &Party) -> String {
        match self.kind {
            SourceKind::Telegram => p.id.clone().or_else(|| p.name.clone()),
            SourceKind::LinkedinMessages => p
                .url
                .as_deref()
                .and_then(normalize::profile_url)
                .or_else(|| p.name.clone()),
            _ => p
                .phone
                .as_deref()
                .and_then(|n| self.phone(n))
                .or_else(|| p.name.clone()),
        }
        .unwrap_or_default()
    }

    /// The conversation an event belongs to: for texts and calls its other people's numbers
    /// (as normalised: a number written two ways is one chat), else the export's chat.
    fn chat_key(&self, e: &ConvoEvent, addresses: &[CaptureAddress]) -> String {
        if self.kind == SourceKind::SmsBackup && !addresses.is_empty() {
            let mut numbers: Vec<&str> = addresses
                .iter()
                .map(|a| a.email.trim_start_matches("tel:"))
                .collect();
            numbers.sort_unstable();
            numbers.dedup();
            return numbers.join(",");
        }
        e.chat.clone()
    }

    /// Writes the pending items in one savepoint, with `cursor` (the end of the read) or the
    /// cursor as it was (a batch in the middle of it).
    fn flush(&mut self, reading: &mut Reading<'_>, cursor: Option<&str>) -> Result<()> {
        let conn = self.conn;
        let pending = std::mem::take(&mut self.pending);
        let totals = std::mem::take(&mut self.totals);
        let cursor = cursor.unwrap_or(&self.old_cursor).to_owned();
        in_savepoint(conn, || write(conn, reading, pending, totals, &cursor))?;
        reading.tick();
        Ok(())
    }
}

/// A call's summary, true of its length: "Call, under a minute", "Call, 12 min",
/// "Call, 1 h 05 min".
fn call_subject(seconds: u32) -> String {
    match seconds {
        0 => "Call, 0 seconds".to_owned(),
        1..=59 => "Call, under a minute".to_owned(),
        _ => {
            let minutes = (seconds + 30) / 60;
            if minutes < 60 {
                format!("Call, {minutes} min")
            } else {
                format!("Call, {} h {:02} min", minutes / 60, minutes % 60)
            }
        }
    }
}

/// A batch's new items by thread-day.
type Days = BTreeMap<(String, DateTime<Utc>), Vec<(CaptureItem, Vec<CaptureAddress>)>>;

/// Writes one batch: each item new to Kith with its addresses (and text), then the
/// thread-days they touched settled — from the items in hand when the day holds nothing else,
/// else read back.
fn write(
    conn: &Connection,
    reading: &mut Reading<'_>,
    pending: Vec<Pending>,
    mut totals: SourceTotals,
    cursor: &str,
) -> Result<()> {
    let mut days: Days = BTreeMap::new();
    let mut new_addresses = NewAddresses::default();
    for Pending {
        item,
        addresses,
        body,
    } in pending
    {
        let Some(id) = capture_items::insert_capture_item(conn, reading.source, &item)? else {
            reading.known += 1;
            continue;
        };
        totals.new_items += 1;
        new_addresses.add(id, &item, &addresses);
        if let Some(text) = &body {
            capture_items::update_capture_item_body(conn, id, text)?;
        }
        super::count(conn, reading, &item, &addresses)?;
        days.entry((item.thread.clone(), settle::day_start(item.occurred_at)))
            .or_default()
            .push((item, addresses));
    }
    // The batch's addresses, with triggers off and the queue's counts added once per
    // address, before anything reads them back.
    new_addresses.write(conn)?;
    let mut touched = Touched::new();
    for ((thread, day), mut items) in days {
        let stored = capture_items::count_thread_day(conn, &thread, day)?;
        let in_hand = if stored == items.len() {
            items.sort_by_key(|(i, _)| i.occurred_at);
            Some(items)
        } else {
            None
        };
        touched.insert((thread, day), in_hand);
    }
    finish_batch(conn, reading, touched, totals, cursor)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_call_says_how_long_it_was() {
        assert_eq!(call_subject(0), "Call, 0 seconds");
        assert_eq!(call_subject(59), "Call, under a minute");
        assert_eq!(call_subject(60), "Call, 1 min");
        assert_eq!(call_subject(89), "Call, 1 min");
        assert_eq!(call_subject(90), "Call, 2 min");
        assert_eq!(call_subject(3600), "Call, 1 h 00 min");
        assert_eq!(call_subject(3929), "Call, 1 h 05 min");
    }

    #[test]
    fn fnv_is_the_published_one() {
        let mut h = Fnv::new();
        h.write(b"a");
        assert_eq!(h.0, 0xaf63_dc4c_8601_ec8c);
    }
}
