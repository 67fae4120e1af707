//! Mail sources: an mbox file or a Maildir folder, read in batches of messages, each batch in
//! one savepoint together with where the next read resumes, so that a read stopped at any
//! point (the app killed, the machine off) resumes after the last batch it committed and
//! doubles nothing (items are also keyed by `Message-ID`).
//!
//! An mbox resumes at a byte offset, checked against a hash of the bytes just before it: a
//! file that shrank or changed there (a mail client compacting its folder) is read again from
//! the start, which the keys make harmless. A Maildir resumes after the newest file time it has
//! read (a message moved from `new/` to `cur/` keeps its time).

use std::collections::HashSet;
use std::fs::File;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::Path;
use std::time::UNIX_EPOCH;

use chrono::{DateTime, Datelike, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

use super::{Batch, Reading, BATCH};
use crate::error::{Error, Result};
use crate::identity::normalize;
use crate::io::mail::{self, maildir, mbox::Mbox, MailHeaders};
use crate::model::InteractionKind;
use crate::store::capture_items::{CaptureAddress, CaptureItem};

/// How many bytes before an mbox cursor are hashed to tell the file is still the one read.
const TAIL: u64 = 4096;

/// Where the next read of an mbox resumes.
#[derive(Debug, Default, Serialize, Deserialize)]
pub(super) struct MboxCursor {
    offset: u64,
    tail: u64,
}

/// Where the next read of a Maildir resumes: after files modified at `mtime` (nanoseconds)
/// or before, but those listed in `at_mtime` (files of that very time already read).
#[derive(Debug, Default, Serialize, Deserialize)]
pub(super) struct MaildirCursor {
    mtime: u128,
    at_mtime: Vec<String>,
}

/// A hash of the `TAIL` bytes of `file` before `offset`.
fn tail_hash(file: &mut File, offset: u64) -> std::io::Result<u64> {
    let start = offset.saturating_sub(TAIL);
    file.seek(SeekFrom::Start(start))?;
    let mut buf = vec![0; (offset - start) as usize];
    file.read_exact(&mut buf)?;
    let mut h = DefaultHasher::new();
    buf.hash(&mut h);
    Ok(h.finish())
}

/// Where the reasons a message is from a list or a machine are counted: without the
/// particulars (which header, which address) that would make one reason per sender.
fn machine_reason(why: &str) -> String {
    let general = why.split(" (").next().unwrap_or(why);
    format!("from a list or a machine: {general}")
}

/// The thread a message belongs to: the first message it refers to, else its own id, else
/// its subject without `Re:`/`Fwd:` prefixes.
fn thread_of(h: &MailHeaders) -> String {
    if let Some(root) = h.references.first() {
        return format!("mail:{root}");
    }
    if !h.key.starts_with("hash:") {
        return format!("mail:{}", h.key);
    }
    format!(
        "subject:{}",
        normalized_subject(h.subject.as_deref().unwrap_or(""))
    )
}

/// A subject without its reply and forward prefixes (`Re:`, `Fwd:`, `AW:`, `SV:`, `Antw:`,
/// `Re[2]:`…), as written otherwise.
pub(super) fn bare_subject(s: &str) -> &str {
    const PREFIXES: [&str; 11] = [
        "re", "fw", "fwd", "aw", "wg", "sv", "vs", "antw", "tr", "rif", "r",
    ];
    let mut rest = s.trim();
    loop {
        let Some(colon) = rest.find(':').filter(|&i| i <= 8) else {
            return rest;
        };
        let head = rest[..colon].trim();
        // "Re[2]" and "Re(2)" count as "Re".
        let word = head.split(['[', '(']).next().unwrap_or(head);
        if !PREFIXES.iter().any(|p| word.eq_ignore_ascii_case(p)) {
            return rest;
        }
        rest = rest[colon + 1..].trim_start();
    }
}

/// A subject as threads are told apart by: [`bare_subject`], lower-cased, spaces collapsed.
fn normalized_subject(s: &str) -> String {
    bare_subject(s)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The capture item a message makes, with the other people on it, or why it makes none.
pub(super) fn item_of(
    h: &MailHeaders,
    me: &HashSet<String>,
    now: DateTime<Utc>,
) -> std::result::Result<(CaptureItem, Vec<CaptureAddress>), String> {
    if let Some(why) = &h.machine {
        return Err(machine_reason(why));
    }
    let Some(date) = h.date else {
        return Err("no date".into());
    };
    if date > now + TimeDelta::days(1) {
        return Err("dated in the future".into());
    }
    if date.year_ce().1 < crate::validate::MIN_YEAR as u32 {
        return Err(format!("dated before {}", crate::validate::MIN_YEAR));
    }
    let norm = |a: &mail::MailAddress| normalize::email(&a.email);
    let from_me = h.from.iter().filter_map(norm).any(|e| me.contains(&e));
    // Someone else's message addressed to no one (`To: undisclosed-recipients:;`, the user in
    // Bcc) is a mass mail ("we moved"), not a conversation: it would count as contact with
    // its sender like a meeting (docs/EVALUATION.md, "A history that includes email").
    if !from_me && h.to.is_empty() && h.cc.is_empty() {
        return Err("a mass mail to undisclosed recipients (you were in Bcc)".into());
    }
    let mut others: Vec<CaptureAddress> = Vec::new();
    // The Bcc of a message the user sent are people they wrote to.
    let bcc: &[mail::MailAddress] = if from_me { &h.bcc } else { &[] };
    let roles = h
        .from
        .iter()
        .map(|a| (a, true))
        .chain(h.to.iter().chain(&h.cc).chain(bcc).map(|a| (a, false)));
    for (a, from) in roles {
        let Some(email) = norm(a) else { continue };
        if me.contains(&email) || others.iter().any(|o| o.email == email) {
            continue;
        }
        others.push(CaptureAddress {
            email,
            name: a.name.clone(),
            from,
        });
    }
    if others.is_empty() {
        return Err("no one else on it".into());
    }
    Ok((
        CaptureItem {
            key: format!("mail:{}", h.key),
            kind: InteractionKind::Email,
            occurred_at: date,
            has_time: true,
            thread: thread_of(h),
            subject: bare_subject(h.subject.as_deref().unwrap_or_default()).to_owned(),
            from_me,
            them_first: false,
        },
        others,
    ))
}

/// Reads the mbox at `path` from where `cursor` says, a batch at a time (`batch` is called
/// with each, and the cursor to save with it).
pub(super) fn read_mbox(
    path: &Path,
    cursor: &str,
    reading: &mut Reading<'_>,
    batch: &mut dyn FnMut(&mut Reading<'_>, Batch) -> Result<()>,
) -> Result<()> {
    let io_err = |e: std::io::Error| Error::io(path, &e);
    let mut file = File::open(path).map_err(io_err)?;
    let len = file.metadata().map_err(io_err)?.len();
    let saved: MboxCursor = serde_json::from_str(cursor).unwrap_or_default();
    let mut start = saved.offset;
    if start > len || (start > 0 && tail_hash(&mut file, start).map_err(io_err)? != saved.tail) {
        reading.problem(format!(
            "{} changed before the point read last time; read again from the start (nothing is doubled)",
            path.display()
        ));
        start = 0;
    }
    if start == len {
        return Ok(());
    }
    file.seek(SeekFrom::Start(start)).map_err(io_err)?;
    let cap = if reading.keep_text { mail::BODY_CAP } else { 0 };
    let mut messages = Mbox::new(BufReader::with_capacity(256 * 1024, file), start).keep_body(cap);
    let mut pending: Vec<(u64, Option<MailHeaders>)> = Vec::new();
    let mut reopen = File::open(path).map_err(io_err)?;
    let mut cursor_at = |offset: u64| -> Result<String> {
        let tail = if offset == 0 {
            0
        } else {
            tail_hash(&mut reopen, offset).map_err(io_err)?
        };
        Ok(serde_json::json!({ "offset": offset, "tail": tail }).to_string())
    };
    for message in messages.by_ref() {
        let message = message.map_err(io_err)?;
        if pending.len() >= BATCH {
            let cursor = cursor_at(message.offset)?;
            batch(
                reading,
                Batch {
                    messages: std::mem::take(&mut pending),
                    cursor,
                },
            )?;
            if reading.cancelled() {
                return Ok(());
            }
        }
        let mut headers = mail::parse_headers(&message.headers, message.envelope);
        if let Some(h) = headers.as_mut().filter(|_| reading.keep_text) {
            h.text = mail::body_text(&message.headers, &message.body);
        }
        pending.push((message.offset, headers));
    }
    let end = messages.position();
    let cursor = cursor_at(end)?;
    batch(
        reading,
        Batch {
            messages: pending,
            cursor,
        },
    )
}

/// A file's modification time in nanoseconds since 1970 (0 when it has none).
fn mtime(path: &Path) -> u128 {
    std::fs::metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos())
}

/// The part of a Maildir file name that stays when the client adds flags (`:2,S`).
fn base_name(path: &Path) -> String {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    name.split(':').next().unwrap_or_default().to_owned()
}

/// Reads the Maildir at `dir`: the files newer than `cursor` says, oldest first, a batch at
/// a time.
pub(super) fn read_maildir(
    dir: &Path,
    cursor: &str,
    reading: &mut Reading<'_>,
    batch: &mut dyn FnMut(&mut Reading<'_>, Batch) -> Result<()>,
) -> Result<()> {
    let saved: MaildirCursor = serde_json::from_str(cursor).unwrap_or_default();
    let files = maildir::message_files(dir).map_err(|e| Error::io(dir, &e))?;
    let mut fresh: Vec<(u128, String, std::path::PathBuf)> = files
        .into_iter()
        .map(|p| (mtime(&p), base_name(&p), p))
        .filter(|(t, name, _)| {
            *t > saved.mtime || (*t == saved.mtime && !saved.at_mtime.contains(name))
        })
        .collect();
    fresh.sort();
    let mut done = MaildirCursor {
        mtime: saved.mtime,
        at_mtime: saved.at_mtime,
    };
    for chunk in fresh.chunks(BATCH) {
        let mut pending = Vec::with_capacity(chunk.len());
        for (t, name, path) in chunk {
            let read = if reading.keep_text {
                maildir::read_message(path, mail::BODY_CAP)
            } else {
                maildir::read_headers(path).map(|(raw, _)| (raw, Vec::new()))
            };
            match read {
                Ok((raw, body)) => {
                    let mut headers = mail::parse_headers(&raw, None);
                    if let Some(h) = headers.as_mut().filter(|_| reading.keep_text) {
                        h.text = mail::body_text(&raw, &body);
                    }
                    pending.push((0, headers));
                }
                Err(e) => reading.problem(Error::io(path, &e).to_string()),
            }
            if *t != done.mtime {
                done.mtime = *t;
                done.at_mtime.clear();
            }
            done.at_mtime.push(name.clone());
        }
        let cursor = serde_json::to_string(&done).unwrap_or_else(|_| "{}".into());
        batch(
            reading,
            Batch {
                messages: pending,
                cursor,
            },
        )?;
        if reading.cancelled() {
            break;
        }
    }
    Ok(())
}
