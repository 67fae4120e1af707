//! Calendar sources: an `.ics` file (or Google's zip of them), read whole each time it has
//! changed (its size, time or content hash differ from the last read). Every occurrence in the
//! window (20 years back to 30 days ahead) that names the user (as organiser or attendee) is a
//! capture item keyed by UID and RECURRENCE-ID: organised by the user or not (`from_me`), with
//! the other attendees who did not decline.
//! Past occurrences become interactions ([`super::settle`]); upcoming ones wait for the
//! meeting brief (`Store::upcoming`), and become interactions at the first scan after they
//! take place, whether or not the file changed (`settle_due`). A re-read updates an item whose occurrence moved or changed, and removes the
//! items of occurrences that were cancelled, declined, excluded or deleted since, with what
//! they made.

use std::collections::HashSet;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::Path;

use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

use super::Reading;
use crate::error::{Error, Result};
use crate::identity::normalize;
use crate::io::calendar::{self, Limits, Occurrence, PartStat, Status};
use crate::model::InteractionKind;
use crate::store::capture_items::{CaptureAddress, CaptureItem};

/// Above this many people (the user and the others who did not decline), a meeting is an
/// event (a talk, a party), not a meeting.
pub const EVENT_ABOVE: usize = 8;

/// The largest calendar file read (a person's calendars are a few MB).
const MAX_FILE: u64 = 512 * 1024 * 1024;

/// What the last read of a calendar file saw.
#[derive(Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct IcsCursor {
    len: u64,
    hash: u64,
}

/// What one occurrence means for capture.
pub(super) enum Seen {
    /// An item to keep (new, or as it is now).
    Item(CaptureItem, Vec<CaptureAddress>),
    /// An occurrence that is no item (any made from it before goes), and why.
    Skip(String, String),
}

/// An address that is a calendar, not a person: Google's shared, resource and imported
/// calendars organise the events they hold.
fn is_calendar_address(email: &str) -> bool {
    email.ends_with(".calendar.google.com") || email.ends_with("@calendar.google.com")
}

/// The key of an occurrence.
fn key_of(uid: &str, recurrence_id: Option<&str>) -> String {
    let rid = recurrence_id.unwrap_or_default();
    let mut key = String::with_capacity(5 + uid.len() + rid.len());
    key.push_str("ics:");
    key.push_str(uid);
    key.push('|');
    key.push_str(rid);
    key
}

/// Normalised addresses by what a file wrote, each with whether it is one of the user's,
/// asked of [`normalize::email`] and of the user's addresses once per address a read: the
/// same people are on every occurrence of a series.
pub(super) type Emails = rustc_hash::FxHashMap<String, Option<(String, bool)>>;

/// Puts `a`'s address in `emails` if it has one that is not there yet.
fn learn(emails: &mut Emails, me: &HashSet<String>, a: &calendar::Attendee) {
    let Some(raw) = a.email.as_deref() else {
        return;
    };
    if !emails.contains_key(raw) {
        let found = normalize::email(raw).map(|e| {
            let mine = me.contains(&e);
            (e, mine)
        });
        emails.insert(raw.to_owned(), found);
    }
}

/// What occurrence `o` is to capture, for a user with addresses `me`.
pub(super) fn seen(o: &Occurrence, me: &HashSet<String>, emails: &mut Emails) -> Seen {
    let key = key_of(&o.uid, o.recurrence_id.as_deref());
    let skip = |why: &str| Seen::Skip(key.clone(), why.to_owned());
    if o.status == Status::Cancelled {
        return skip("cancelled");
    }
    for a in o.organizer.iter().chain(&o.attendees) {
        learn(emails, me, a);
    }
    let emails: &Emails = emails;
    // Each person (the organiser first): their normalised address and whether it is the
    // user's, and whether they organise it.
    let people = || {
        let organizer = o.organizer.iter().map(|a| (a, true));
        organizer
            .chain(o.attendees.iter().map(|a| (a, false)))
            .map(|(a, organizer)| {
                let email = a
                    .email
                    .as_deref()
                    .and_then(|raw| emails.get(raw))
                    .and_then(Option::as_ref)
                    .map(|(e, mine)| (e.as_str(), *mine));
                (a, email, organizer)
            })
    };
    let mine = |email: Option<(&str, bool)>| email.is_some_and(|(_, mine)| mine);
    if people().any(|(a, e, org)| !org && mine(e) && a.partstat == PartStat::Declined) {
        return skip("you declined");
    }
    let from_me = people().any(|(_, e, org)| org && mine(e));
    // An occurrence with people on it that does not name the user (a shared calendar's event
    // they were not invited to) is no meeting of theirs.
    if !from_me && !people().any(|(_, e, org)| !org && mine(e)) {
        return skip("you are not on it");
    }
    let mut others: Vec<CaptureAddress> = Vec::new();
    for (a, email, organizer) in people() {
        if a.is_resource || (!organizer && a.partstat == PartStat::Declined) {
            continue;
        }
        let Some((email, mine)) = email else { continue };
        if mine || is_calendar_address(email) || others.iter().any(|x| x.email == email) {
            continue;
        }
        others.push(CaptureAddress {
            email: email.to_owned(),
            name: a.name.clone(),
            from: organizer,
        });
    }
    if others.is_empty() {
        return skip("no one else on it");
    }
    let kind = if others.len() + 1 > EVENT_ABOVE {
        InteractionKind::Event
    } else if o.video_link.is_some() {
        InteractionKind::Video
    } else {
        InteractionKind::Meeting
    };
    Seen::Item(
        CaptureItem {
            thread: key.clone(),
            key,
            kind,
            occurred_at: o.start,
            has_time: !o.all_day,
            subject: o.summary.clone().unwrap_or_default(),
            from_me,
            them_first: false,
        },
        others,
    )
}

fn hash(bytes: &[u8]) -> u64 {
    let mut h = DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

/// Reads the calendar at `path` if it changed since `cursor`: every occurrence in the window
/// as [`Seen`], the keys of the instances its `EXDATE`s remove, the window, and the cursor to
/// save. `None` when the file is as it was.
#[allow(clippy::type_complexity)]
pub(super) fn read_ics(
    path: &Path,
    cursor: &str,
    reading: &mut Reading<'_>,
) -> Result<
    Option<(
        Vec<Seen>,
        Vec<String>,
        (DateTime<Utc>, DateTime<Utc>),
        String,
    )>,
> {
    let io_err = |e: std::io::Error| Error::io(path, &e);
    let len = std::fs::metadata(path).map_err(io_err)?.len();
    if len > MAX_FILE {
        return Err(Error::Io {
            path: path.display().to_string(),
            message: format!(
                "it is {} MB; Kith reads calendars up to 512 MB",
                len / 1_000_000
            ),
        });
    }
    let bytes = std::fs::read(path).map_err(io_err)?;
    let now_cursor = IcsCursor {
        len,
        hash: hash(&bytes),
    };
    let saved: IcsCursor = serde_json::from_str(cursor).unwrap_or_default();
    if saved == now_cursor {
        return Ok(None);
    }
    let window = (
        reading.now - TimeDelta::days(20 * 366),
        reading.now + TimeDelta::days(30),
    );
    let read = calendar::read_any(&bytes, window, &Limits::default());
    for p in &read.problems {
        let what = p
            .summary
            .as_deref()
            .or(p.uid.as_deref())
            .map(|s| format!("\"{s}\" "))
            .unwrap_or_default();
        let file = p
            .file
            .as_deref()
            .map(|f| format!("{f}, "))
            .unwrap_or_default();
        reading.problem(format!("{file}line {}: {what}{}", p.line, p.reason));
    }
    for n in &read.notes {
        reading.problem(n.clone());
    }
    let mut emails = Emails::default();
    let seen: Vec<Seen> = read
        .occurrences
        .iter()
        .map(|o| seen(o, &reading.me, &mut emails))
        .collect();
    let excluded = read
        .excluded
        .iter()
        .map(|k| key_of(&k.uid, Some(&k.recurrence_id)))
        .collect();
    let cursor = serde_json::to_string(&now_cursor).unwrap_or_else(|_| "{}".into());
    Ok(Some((seen, excluded, window, cursor)))
}

/// The keys that a read of the whole file no longer has: any item of the source inside the
/// window that was neither seen nor skipped this time (the event was deleted).
pub(super) fn gone(
    stored: &[(String, DateTime<Utc>)],
    seen: &[Seen],
    window: (DateTime<Utc>, DateTime<Utc>),
) -> Vec<String> {
    let present: rustc_hash::FxHashSet<&str> = seen
        .iter()
        .map(|s| match s {
            Seen::Item(i, _) => i.key.as_str(),
            Seen::Skip(k, _) => k.as_str(),
        })
        .collect();
    stored
        .iter()
        .filter(|(k, at)| *at >= window.0 && *at < window.1 && !present.contains(k.as_str()))
        .map(|(k, _)| k.clone())
        .collect()
}
