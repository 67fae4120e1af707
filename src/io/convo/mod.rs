//! Phone and chat exports (issue 17: calls and texts from "SMS Backup & Restore", WhatsApp's
//! "Export chat", Telegram Desktop's JSON, LinkedIn's `messages.csv`, the `data.json` of
//! each chat `signal-export` writes for Signal Desktop), read into one shape:
//! each message or call as a [`ConvoEvent`] with who wrote or placed it and who else is in the
//! conversation, or a [`ConvoProblem`] naming the line or record that could not be read.
//!
//! Readers stream: they hand each item to a sink as they go and never hold the whole export,
//! so memory stays bounded however large the file. They only read; matching people to
//! contacts, deduplication and interactions are capture's (`ops::capture`).

use std::io::{self, BufRead};

use chrono::{DateTime, Utc};

pub mod linkedin;
pub mod signal;
pub mod sms_backup;

/// Someone in a conversation as the export names them: any of a display name, a phone
/// number (as written), an app's own id (Telegram `user123`), a profile URL (LinkedIn).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Party {
    pub name: Option<String>,
    pub phone: Option<String>,
    pub id: Option<String>,
    pub url: Option<String>,
}

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConvoKind {
    /// A text, a chat message, an MMS.
    Message,
    /// A call that was answered (`seconds` long).
    Call { seconds: u32 },
    /// A call that was missed or rejected: no conversation (but a missed call returned within
    /// a day counts for who started).
    MissedCall,
}

/// One message or call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConvoEvent {
    /// The conversation it belongs to, stable across exports of the same chat: a thread id, a
    /// chat's id or name, the other party's number.
    pub chat: String,
    pub at: DateTime<Utc>,
    /// Written, sent or placed by the person whose export it is.
    pub from_me: bool,
    /// Who wrote or placed it, when not the person.
    pub author: Option<Party>,
    /// Everyone else in the conversation (never the person), as far as the export says.
    pub others: Vec<Party>,
    pub kind: ConvoKind,
    /// The message's text, when it has one (capture keeps it only if asked).
    pub text: Option<String>,
    /// The line (or record, 1-based) of the file it was read from.
    pub line: u64,
}

/// A line or record that could not be read, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConvoProblem {
    pub line: u64,
    pub message: String,
}

/// What a reader hands its sink.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConvoItem {
    Event(ConvoEvent),
    Problem(ConvoProblem),
}

impl ConvoItem {
    /// The event, if this is one.
    pub fn event(&self) -> Option<&ConvoEvent> {
        match self {
            Self::Event(e) => Some(e),
            Self::Problem(_) => None,
        }
    }

    /// The problem, if this is one.
    pub fn problem(&self) -> Option<&ConvoProblem> {
        match self {
            Self::Problem(p) => Some(p),
            Self::Event(_) => None,
        }
    }
}

pub mod telegram;
pub mod whatsapp;

/// The events among `items` (for the readers' tests).
#[cfg(test)]
pub(crate) fn events(items: &[ConvoItem]) -> Vec<&ConvoEvent> {
    items.iter().filter_map(ConvoItem::event).collect()
}

/// The problems among `items` (for the readers' tests).
#[cfg(test)]
pub(crate) fn problems(items: &[ConvoItem]) -> Vec<&ConvoProblem> {
    items.iter().filter_map(ConvoItem::problem).collect()
}

/// Reads the next line (without its `\n`) from `reader` into `buf` (cleared first), keeping
/// at most `cap` bytes of it: whether there was a line, and whether it was longer than `cap`
/// (the rest is read past, so memory stays bounded whatever the file holds).
pub(crate) fn read_capped_line(
    reader: &mut impl BufRead,
    buf: &mut Vec<u8>,
    cap: usize,
) -> io::Result<(bool, bool)> {
    buf.clear();
    let mut any = false;
    let mut long = false;
    loop {
        let chunk = match reader.fill_buf() {
            Ok(c) => c,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if chunk.is_empty() {
            break;
        }
        any = true;
        let (take, used, done) = match chunk.iter().position(|&b| b == b'\n') {
            Some(at) => (at, at + 1, true),
            None => (chunk.len(), chunk.len(), false),
        };
        let room = cap.saturating_sub(buf.len());
        long |= take > room;
        buf.extend_from_slice(&chunk[..take.min(room)]);
        reader.consume(used);
        if done {
            break;
        }
    }
    Ok((any, long))
}
