//! Capture as `Store` methods: sources (files the person already has) registered, read in
//! batches and read again as they grow; each message or meeting kept as a capture item
//! ([`crate::store::capture_items`]) and settled into interactions with the people Kith
//! knows ([`settle`]); the addresses of people it does not know queued ("who is this?") until
//! the person adds, links or ignores them.
//!
//! Nothing is ever written to a source: files are opened read-only.

mod calendar;
mod convo;
pub mod discover;
mod mail;
mod own;
mod settle;

use std::collections::btree_map::Entry;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::Path;

use chrono::{DateTime, Utc};
use rusqlite::Connection;

use crate::error::{Error, FieldError, Result};
use crate::identity::normalize;
use crate::io::mail::MailHeaders;
use crate::model::{
    CaptureCount, CapturedMessage, Channel, ChannelKind, Contact, ContactInput, ExportQuestions,
    InteractionKind, OwnAddress, ScanReport, Source, SourceKind, SourceStatus, SourceTotals,
    Unknown,
};
use crate::store::capture_items::{CaptureAddress, CaptureItem};
use crate::store::search::{self, Entry as SearchEntry};
use crate::store::{capture_items, contacts, sources, unknowns};
use crate::Store;

/// How a source is added (see [`Store::add_source_with`]).
#[derive(Debug, Clone, Default)]
pub struct AddSource {
    /// What it is (detected from the path when `None`).
    pub kind: Option<SourceKind>,
    /// A preview: read it, and keep nothing.
    pub dry_run: bool,
    /// Keep what its messages say (off unless the person asks; for phone and chat exports
    /// the first 500 characters of each).
    pub keep_text: bool,
    /// In a chat export (WhatsApp, Telegram, LinkedIn): the name (or id, or profile URL) in
    /// the file that is the person's.
    pub me: Option<String>,
    /// In a WhatsApp export whose dates can be read both ways: day before month (`true`) or
    /// month before day.
    pub day_first: Option<bool>,
}

/// Messages written per savepoint.
pub(super) const BATCH: usize = 2_000;
/// The page cache while a calendar is written (`PRAGMA cache_size`: negative is KiB).
const CALENDAR_CACHE_KIB: i64 = -65_536;
/// Problems listed in a report (the rest are counted).
const MAX_PROBLEMS: usize = 50;

/// One read of a source as it goes: what it has counted so far and how to say it.
pub(super) struct Reading<'a> {
    source: i64,
    /// Keep what messages say (the source's `keep_text`).
    keep_text: bool,
    me: HashSet<String>,
    now: DateTime<Utc>,
    totals: SourceTotals,
    known: u32,
    problems: Vec<String>,
    /// Per contact: emails, meetings, messages, calls.
    counts: HashMap<i64, [u32; 4]>,
    by_email: settle::ByEmail,
    /// The addresses of the batch's new items, written when it ends.
    new_addresses: NewAddresses,
    /// Called after each batch with how many items were read so far; `false` stops the read
    /// after that batch (what it committed stays).
    progress: &'a mut dyn FnMut(u32) -> bool,
    stopped: bool,
}

impl Reading<'_> {
    fn problem(&mut self, text: String) {
        if self.problems.len() < MAX_PROBLEMS {
            self.problems.push(text);
        }
    }

    fn cancelled(&self) -> bool {
        self.stopped
    }

    /// After a batch: tells `progress` how many items were read, and stops if it says so.
    fn tick(&mut self) {
        if !(self.progress)(self.totals.read) {
            self.stopped = true;
        }
    }
}

/// The addresses on the items a batch added, kept until the batch ends and written then with
/// SQLite's triggers off, their queue counts (`capture_address_stat`) added once per address:
/// the `capture_address_stat_add` trigger, run for every row, was 0.3 s of reading a
/// 5,000-event calendar (23,733 occurrences, 83,000 addresses). Addresses put back on an item
/// that changed are written at once, trigger and all (their old rows' removal recounts them).
#[derive(Debug, Default)]
pub(super) struct NewAddresses {
    rows: Vec<(i64, CaptureAddress)>,
    items: rustc_hash::FxHashSet<i64>,
    stats: rustc_hash::FxHashMap<String, unknowns::AddressStat>,
}

impl NewAddresses {
    /// Keeps `addresses` of the new item `id` (`item`) to write; an address twice on it
    /// counts once, as `INSERT OR IGNORE` keeps one row.
    fn add(&mut self, id: i64, item: &CaptureItem, addresses: &[CaptureAddress]) {
        for (i, a) in addresses.iter().enumerate() {
            if addresses[..i].iter().any(|b| b.email == a.email) {
                continue;
            }
            match self.stats.get_mut(&a.email) {
                Some(stat) => stat.add(item, a),
                None => {
                    let mut stat = unknowns::AddressStat::default();
                    stat.add(item, a);
                    self.stats.insert(a.email.clone(), stat);
                }
            }
            self.rows.push((id, a.clone()));
        }
        self.items.insert(id);
    }

    /// Writes what was kept if item `id` is among it: before the item's addresses are read,
    /// changed or removed (an event twice in one file).
    fn write_if_kept(&mut self, conn: &Connection, id: i64) -> Result<()> {
        if self.items.contains(&id) {
            self.write(conn)?;
        }
        Ok(())
    }

    /// Writes what was kept, before anything reads the batch's addresses back.
    fn write(&mut self, conn: &Connection) -> Result<()> {
        if self.rows.is_empty() {
            return Ok(());
        }
        self.items.clear();
        crate::store::without_triggers(conn, || {
            capture_items::insert_capture_addresses(
                conn,
                self.rows.iter().map(|(id, a)| (*id, a)),
            )?;
            self.rows.clear();
            for (email, stat) in self.stats.drain() {
                unknowns::insert_address_stat(conn, &email, &stat)?;
            }
            Ok(())
        })
    }
}

/// What one batch of mail brings: each message (with its offset in an mbox, 0 otherwise, and
/// its headers when they could be read), and the cursor to save with it.
pub(super) struct Batch {
    pub messages: Vec<(u64, Option<MailHeaders>)>,
    pub cursor: String,
}

/// Runs `f` in a savepoint of `conn`: released when it returns `Ok`, rolled back otherwise.
/// Inside a transaction of the caller's (a preview reads in one, and rolls it all back) `f`
/// runs in that one: a savepoint there would copy every page the batch changes to a
/// sub-journal file first, for a rollback the caller does anyway (about a seventh of the time
/// of reading a calendar).
///
/// `f` runs with SQLite's `CHECK` constraints off ([`crate::store::without_checks`]): what a
/// batch writes (items, addresses, interactions and their participants) is made of Kith's own
/// types (`InteractionKind`, `Initiator`, booleans) and validated as `NewInteraction`s, and the
/// `kind IN (…)` checks of `interaction` and `capture_item` made SQLite build a temporary
/// table for every row: a fifth of the time of reading a 5,000-event calendar.
fn in_savepoint<T>(conn: &Connection, f: impl FnOnce() -> Result<T>) -> Result<T> {
    crate::store::without_checks(conn, || in_savepoint_checked(conn, f))
}

fn in_savepoint_checked<T>(conn: &Connection, f: impl FnOnce() -> Result<T>) -> Result<T> {
    if !conn.is_autocommit() {
        return f();
    }
    conn.execute_batch("SAVEPOINT capture_batch")?;
    match f() {
        Ok(v) => {
            conn.execute_batch("RELEASE capture_batch")?;
            Ok(v)
        }
        Err(e) => {
            let _ = conn.execute_batch("ROLLBACK TO capture_batch; RELEASE capture_batch");
            Err(e)
        }
    }
}

/// Writes one batch (in the caller's savepoint): its items, the interactions they settle,
/// their search entries, and the source's cursor and counts.
fn write_batch(conn: &Connection, reading: &mut Reading<'_>, batch: Batch) -> Result<()> {
    let Batch { messages, cursor } = batch;
    let mut batch_totals = SourceTotals::default();
    let mut touched = Touched::new();
    for (offset, headers) in messages {
        batch_totals.read += 1;
        let Some(h) = headers else {
            batch_totals.skip("headers Kith cannot read");
            reading.problem(format!(
                "the message at byte {offset} has no headers Kith can read"
            ));
            continue;
        };
        let (item, addresses) = match mail::item_of(&h, &reading.me, reading.now) {
            Ok(v) => v,
            Err(reason) => {
                batch_totals.skip(&reason);
                continue;
            }
        };
        let Some(id) = capture_items::insert_capture_item(conn, reading.source, &item)? else {
            reading.known += 1;
            continue;
        };
        batch_totals.new_items += 1;
        reading.new_addresses.add(id, &item, &addresses);
        if let Some(text) = &h.text {
            capture_items::update_capture_item_body(conn, id, text)?;
        }
        count(conn, reading, &item, &addresses)?;
        touch(&mut touched, item.thread.clone(), item.occurred_at);
    }
    finish_batch(conn, reading, touched, batch_totals, &cursor)
}

/// The end of every batch: the thread-days it touched settled (from the items in hand where
/// the batch has them, else read back), their search entries written, the source's cursor and
/// counts saved.
fn finish_batch(
    conn: &Connection,
    reading: &mut Reading<'_>,
    touched: Touched,
    mut batch_totals: SourceTotals,
    cursor: &str,
) -> Result<()> {
    reading.new_addresses.write(conn)?;
    let mut indexed = Vec::new();
    let mut settling = settle::Settling::new(&mut reading.by_email);
    for ((thread, day), items) in touched {
        let settled = match items {
            Some(items) => {
                settling.settle_items(conn, &thread, day, &items, reading.source, reading.now)?
            }
            None => settling.settle(conn, &thread, day, reading.source, reading.now)?,
        };
        match settled {
            settle::Settled::Created(id) => {
                batch_totals.interactions += 1;
                indexed.push(id);
            }
            settle::Settled::Updated(id) => indexed.push(id),
            settle::Settled::Removed | settle::Settled::Nothing => {}
        }
    }
    settling.finish(conn)?;
    search::reindex(conn, SearchEntry::Interaction, &indexed)?;
    sources::update_source_progress(conn, reading.source, cursor, &batch_totals)?;
    reading.totals.add(&batch_totals);
    Ok(())
}

/// The thread-days a batch touched, in order, each with its items when the batch has them in
/// hand (`None`: read them back).
type Touched = BTreeMap<(String, DateTime<Utc>), Option<Vec<(CaptureItem, Vec<CaptureAddress>)>>>;

/// Marks the thread-day of `thread` on `at`'s day to be settled from what is stored.
fn touch(touched: &mut Touched, thread: String, at: DateTime<Utc>) {
    touched.insert((thread, settle::day_start(at)), None);
}

/// Settles, in one savepoint, the thread-days of the reading's source whose items were still
/// to come at its last completed read (`since`; every item when `None`) and have happened by
/// now, and have no interaction yet. A calendar file is read again only when it changes: without
/// this, a meeting that was upcoming would never become an interaction once it took place.
///
/// Only items stored before this read (`id <= stored_up_to`) are looked at: every item the
/// read stored had its thread-day settled by the read itself, at the same `now`, from the
/// same rows, so settling it again would change nothing.
fn settle_due(
    conn: &Connection,
    reading: &mut Reading<'_>,
    since: Option<DateTime<Utc>>,
    stored_up_to: i64,
) -> Result<()> {
    in_savepoint(conn, || {
        let touched: Touched = capture_items::list_capture_items_due(
            conn,
            reading.source,
            since,
            reading.now,
            stored_up_to,
        )?
        .into_iter()
        .map(|(thread, at)| ((thread, settle::day_start(at)), None))
        .collect();
        if touched.is_empty() {
            return Ok(());
        }
        let cursor = sources::get_source_cursor(conn, reading.source)?;
        finish_batch(conn, reading, touched, SourceTotals::default(), &cursor)
    })
}

/// Counts item `item` (new to Kith) for each contact on it.
fn count(
    conn: &Connection,
    reading: &mut Reading<'_>,
    item: &CaptureItem,
    addresses: &[CaptureAddress],
) -> Result<()> {
    let slot = match item.kind {
        InteractionKind::Email => 0,
        InteractionKind::Message => 2,
        InteractionKind::Call => 3,
        _ => 1,
    };
    for a in addresses {
        if let Some(contact) = reading.by_email.address(conn, a)? {
            reading.counts.entry(contact).or_default()[slot] += 1;
        }
    }
    Ok(())
}

/// Reads a calendar source (whole, when it changed) in one savepoint.
fn read_calendar(
    conn: &Connection,
    path: &Path,
    cursor: &str,
    reading: &mut Reading<'_>,
) -> Result<()> {
    let Some((seen, excluded, window, cursor)) = calendar::read_ics(path, cursor, reading)? else {
        return Ok(());
    };
    // A calendar is written in one savepoint, every occurrence settled into the indexes of
    // a database that may be hundreds of MB: a page cache of 64 MB for it (2 MB otherwise)
    // keeps those pages from being read again from the file.
    let cache = crate::store::cache_size(conn)?;
    crate::store::set_cache_size(conn, CALENDAR_CACHE_KIB)?;
    let written = in_savepoint(conn, || {
        let stored = capture_items::list_source_item_keys(conn, reading.source)?;
        let gone = calendar::gone(&stored, &seen, window);
        let stored: rustc_hash::FxHashSet<&str> = stored.iter().map(|(k, _)| k.as_str()).collect();
        let mut totals = SourceTotals::default();
        let mut touched = Touched::new();
        for s in seen {
            totals.read += 1;
            match s {
                calendar::Seen::Item(item, addresses) => {
                    let mut kept = Kept {
                        totals: &mut totals,
                        touched: &mut touched,
                        stored: &stored,
                    };
                    keep_item(conn, reading, item, addresses, &mut kept)?;
                }
                calendar::Seen::Skip(key, why) => {
                    totals.skip(&why);
                    drop_item(conn, reading, &key, &mut touched)?;
                }
            }
        }
        for key in excluded.iter().chain(&gone) {
            drop_item(conn, reading, key, &mut touched)?;
        }
        finish_batch(conn, reading, touched, totals, &cursor)
    });
    crate::store::set_cache_size(conn, cache)?;
    written?;
    reading.tick();
    Ok(())
}

/// Where [`keep_item`] counts and marks what it did.
struct Kept<'a> {
    totals: &'a mut SourceTotals,
    touched: &'a mut Touched,
    /// The keys of the source's items before this read.
    stored: &'a rustc_hash::FxHashSet<&'a str>,
}

/// Stores `item` as it is now: new, changed (moved, renamed, other people) or as it was.
///
/// A new item is settled from what is in hand, not read back: a calendar item's thread is its
/// key (unique over every source, and no mail thread starts with `ics:`), so its thread-day
/// holds it and nothing else. A thread-day touched twice in one read (an event twice in the
/// file) is read back.
fn keep_item(
    conn: &Connection,
    reading: &mut Reading<'_>,
    item: CaptureItem,
    addresses: Vec<CaptureAddress>,
    kept: &mut Kept<'_>,
) -> Result<()> {
    // A key the source did not have is tried as new first: one statement instead of a
    // look-up and an insert. It may still be another source's (keys are unique over all).
    let new_id = if kept.stored.contains(item.key.as_str()) {
        None
    } else {
        capture_items::insert_capture_item(conn, reading.source, &item)?
    };
    if let Some(id) = new_id {
        kept.totals.new_items += 1;
        reading.new_addresses.add(id, &item, &addresses);
        count(conn, reading, &item, &addresses)?;
        let at = settle::day_start(item.occurred_at);
        match kept.touched.entry((item.thread.clone(), at)) {
            Entry::Vacant(e) => {
                e.insert(Some(vec![(item, addresses)]));
            }
            Entry::Occupied(mut e) => {
                e.insert(None);
            }
        }
        return Ok(());
    }
    let Some((id, old)) = capture_items::get_capture_item(conn, &item.key)? else {
        return Ok(());
    };
    reading.new_addresses.write_if_kept(conn, id)?;
    let old_addresses = capture_items::list_capture_addresses(conn, id)?;
    let mut sorted = addresses.clone();
    sorted.sort_by(|a, b| a.email.cmp(&b.email));
    if old == item && old_addresses == sorted {
        reading.known += 1;
        return Ok(());
    }
    capture_items::update_capture_item(conn, id, &item)?;
    capture_items::delete_capture_addresses(conn, id)?;
    for a in &addresses {
        capture_items::insert_capture_address(conn, id, a)?;
    }
    touch(kept.touched, old.thread, old.occurred_at);
    touch(kept.touched, item.thread, item.occurred_at);
    Ok(())
}

/// Removes the item with `key`, if there is one (what it made is settled again).
fn drop_item(
    conn: &Connection,
    reading: &mut Reading<'_>,
    key: &str,
    touched: &mut Touched,
) -> Result<()> {
    if let Some((id, old)) = capture_items::get_capture_item(conn, key)? {
        reading.new_addresses.write_if_kept(conn, id)?;
        capture_items::delete_capture_item(conn, id)?;
        touch(touched, old.thread, old.occurred_at);
    }
    Ok(())
}

/// What kind of source `path` is: a folder with `cur/` or `new/` is a Maildir, one with chat
/// folders holding a `data.json` (or a chat's `data.json`) a Signal export; an SMS
/// Backup & Restore file (`calls-*.xml`, `sms-*.xml`, or XML whose root is `<calls>` or
/// `<smses>`) a phone backup; a `.txt` or `.zip` with WhatsApp's lines a WhatsApp chat; a
/// `.json` Telegram Desktop wrote a Telegram export; a `.csv` with LinkedIn's messages header
/// LinkedIn messages; a `.ics` or other `.zip` file a calendar; any other file an mbox.
fn detect_kind(path: &Path) -> Result<SourceKind> {
    if path.is_dir() {
        if crate::io::mail::maildir::is_maildir(path) {
            return Ok(SourceKind::Maildir);
        }
        if convo::is_signal_export(path) {
            return Ok(SourceKind::Signal);
        }
        return Err(Error::invalid(
            "path",
            format!(
                "{} is a folder but not a Maildir (no cur/ or new/ in it)",
                path.display()
            ),
        ));
    }
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let whatsapp =
        || crate::io::convo::whatsapp::survey(path).is_ok_and(|s| s.messages > 0 && s.lines > 0);
    Ok(match ext.as_str() {
        "xml" if convo::sms_root(path).is_some() => SourceKind::SmsBackup,
        "zip" if whatsapp() => SourceKind::Whatsapp,
        "ics" | "ical" | "ifb" | "zip" => SourceKind::Ics,
        "txt" if whatsapp() => SourceKind::Whatsapp,
        "json" if is_telegram(path) => SourceKind::Telegram,
        "json" if path.file_name().is_some_and(|n| n == "data.json") => SourceKind::Signal,
        "csv" if is_linkedin_messages(path) => SourceKind::LinkedinMessages,
        "json" | "csv" => {
            return Err(Error::invalid(
                "kind",
                format!(
                    "Kith cannot tell what {} is: say which kind of export it is (Telegram, \
                     LinkedIn messages or Signal)",
                    path.display()
                ),
            ))
        }
        _ => SourceKind::Mbox,
    })
}

/// Whether a `.json` file is a Telegram Desktop export: it names the person or has chats.
fn is_telegram(path: &Path) -> bool {
    crate::io::convo::telegram::survey(path).is_ok_and(|s| s.me.is_some() || !s.chats.is_empty())
}

/// Whether a `.csv` file starts with the header of LinkedIn's `messages.csv`.
fn is_linkedin_messages(path: &Path) -> bool {
    use std::io::{BufRead, Read};
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    let mut first = String::new();
    let mut reader = std::io::BufReader::new(file.take(64 * 1024));
    if reader.read_line(&mut first).is_err() {
        return false;
    }
    let header = first.to_uppercase();
    header.contains("CONVERSATION ID") && header.contains("SENDER PROFILE URL")
}

/// Where `path` is (made absolute) and what kind of source it is (`kind`, else detected from
/// the path), or why it can be no source: it is not there, or it is a file where the kind
/// reads a folder or the other way round.
fn located(path: &Path, kind: Option<SourceKind>) -> Result<(std::path::PathBuf, SourceKind)> {
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, &e))?;
    let path = std::fs::canonicalize(path).map_err(|e| Error::io(path, &e))?;
    let kind = match kind {
        Some(k) => k,
        None => detect_kind(&path)?,
    };
    // A Maildir is a folder; a Signal export a folder or one chat's `data.json`.
    if kind != SourceKind::Signal && (kind == SourceKind::Maildir) != meta.is_dir() {
        return Err(Error::invalid(
            "path",
            format!(
                "{} is a {}, not a {kind} source",
                path.display(),
                if meta.is_dir() { "folder" } else { "file" }
            ),
        ));
    }
    Ok((path, kind))
}

/// The apps of chat addresses, as [`readable_address`] names them.
const APPS: [(&str, &str); 4] = [
    ("whatsapp:", "WhatsApp"),
    ("telegram:", "Telegram"),
    ("linkedin:", "LinkedIn"),
    ("signal:", "Signal"),
];

/// An address as people read it: an email as it is, a number written internationally
/// (`+44 7400 123451`, as it is when libphonenumber does not know it), a chat name or
/// id with its app ("Ana Ruiz (WhatsApp)"), a LinkedIn profile as its URL.
pub fn readable_address(address: &str) -> String {
    match settle::split_address(address) {
        None => address.to_owned(),
        Some(("tel:", n)) => normalize::phone_display(n).unwrap_or_else(|| n.to_owned()),
        Some(("linkedin:", url)) if url.contains('/') => url.to_owned(),
        Some((prefix, rest)) => {
            let app = APPS
                .iter()
                .find(|(p, _)| *p == prefix)
                .map_or("", |(_, a)| a);
            format!("{rest} ({app})")
        }
    }
}

/// A phone number as a capture address: `tel:` and the number in E.164 (read in `region`),
/// else `tel:` and its digits (with the `+` it was written with, so that a number libphonenumber
/// does not know, such as a fictional one, still reads as a number); `None` with fewer than 3
/// digits (a sender's name, such as "AMAZON").
pub(crate) fn phone_address(raw: &str, region: Option<&str>) -> Option<String> {
    if let Some(p) = normalize::phone(raw, region) {
        return Some(format!("tel:{}", p.key()));
    }
    let digits = normalize::phone_digits(raw);
    let plus = if raw.trim_start().starts_with('+') {
        "+"
    } else {
        ""
    };
    (digits.len() >= 3).then(|| format!("tel:{plus}{digits}"))
}

/// `list` with each address's [`readable_address`] as its label.
fn labelled(mut list: Vec<Unknown>) -> Vec<Unknown> {
    for u in &mut list {
        u.label = readable_address(&u.email);
    }
    list
}

/// An address as the person types it (an email, a number, a profile URL, what
/// [`readable_address`] prints, or capture's own form) as capture writes it; `None` when it
/// is none of these.
pub fn parse_address(raw: &str, region: Option<&str>) -> Option<String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    let phone = |n: &str| phone_address(n, region);
    if let Some((prefix, rest)) = settle::split_address(raw) {
        return match prefix {
            "tel:" => phone(rest),
            "linkedin:" if rest.contains('/') => {
                normalize::profile_url(rest).map(|u| format!("linkedin:{u}"))
            }
            _ => Some(format!("{prefix}{}", rest.trim())),
        };
    }
    for (prefix, app) in APPS {
        if let Some(name) = raw
            .strip_suffix(&format!("({app})"))
            .map(str::trim)
            .filter(|n| !n.is_empty())
        {
            return Some(format!("{prefix}{name}"));
        }
    }
    if let Some(email) = normalize::email(raw) {
        return Some(email);
    }
    if raw.to_lowercase().contains("linkedin.com/") {
        return normalize::profile_url(raw).map(|u| format!("linkedin:{u}"));
    }
    let number = raw
        .chars()
        .all(|c| c.is_ascii_digit() || " +-().".contains(c));
    if number {
        return phone(raw);
    }
    None
}

/// The channel an address is, for a contact: an email, a phone number, a LinkedIn profile;
/// `None` for a chat name or id (no identity: remembered as an alias).
fn channel_of(address: &str) -> Option<Channel> {
    let channel = |kind, value: &str| Channel {
        kind,
        label: None,
        value: value.to_owned(),
        types: Vec::new(),
    };
    match settle::split_address(address) {
        None => Some(Channel::email(address)),
        Some(("tel:", n)) => Some(channel(ChannelKind::Phone, n)),
        Some(("signal:", n)) if n.starts_with('+') => Some(channel(ChannelKind::Phone, n)),
        Some(("linkedin:", url)) if url.contains('/') => {
            Some(channel(ChannelKind::Link, &format!("https://www.{url}")))
        }
        Some(_) => None,
    }
}

/// The name a chat address is (a WhatsApp or Signal name as written), if it is one.
fn chat_name(address: &str) -> Option<&str> {
    match settle::split_address(address)? {
        ("whatsapp:", n) => Some(n),
        ("signal:", n) if !n.starts_with('+') => Some(n),
        ("linkedin:", n) if !n.contains('/') => Some(n),
        _ => None,
    }
}

impl Store {
    /// The person's own email addresses (normalised): those of the "me" contact.
    pub fn me_addresses(&self) -> Result<Vec<String>> {
        let Some(id) = contacts::get_self_id(&self.conn)? else {
            return Ok(Vec::new());
        };
        Ok(contacts::get_contact(&self.conn, id)?
            .channels
            .iter()
            .filter(|c| c.kind == ChannelKind::Email)
            .filter_map(|c| normalize::email(&c.value))
            .collect())
    }

    /// Adds `email` to the person's own addresses (on "me"); they decide who wrote a message.
    pub fn add_me_address(&mut self, email: &str, now: DateTime<Utc>) -> Result<Contact> {
        let Some(normal) = normalize::email(email) else {
            return Err(Error::invalid(
                "email",
                format!("{email:?} is not an email address"),
            ));
        };
        let me = self.me(now)?;
        if self.me_addresses()?.contains(&normal) {
            return Ok(me);
        }
        let mut input = ContactInput::from_contact(&me);
        input.channels.push(Channel::email(email.trim().to_owned()));
        self.update_contact(me.id, input, now)
    }

    /// Every source, oldest first.
    pub fn list_sources(&self) -> Result<Vec<Source>> {
        sources::list_sources(&self.conn)
    }

    /// Registers `path` as a source of `kind` (detected when `None`) and reads it, each batch
    /// in its own transaction. With `dry_run` nothing is kept: the report says what it would
    /// bring (the preview).
    /// `progress(read)` is called after each batch; returning `false` stops the read there
    /// (what was read stays, and the next read resumes after it).
    pub fn add_source(
        &mut self,
        path: &Path,
        kind: Option<SourceKind>,
        dry_run: bool,
        now: DateTime<Utc>,
        progress: &mut dyn FnMut(u32) -> bool,
    ) -> Result<ScanReport> {
        let options = AddSource {
            kind,
            dry_run,
            ..Default::default()
        };
        self.add_source_with(path, options, now, progress)
    }

    /// [`Store::add_source`] with every choice: also whether to keep what its messages say.
    pub fn add_source_with(
        &mut self,
        path: &Path,
        options: AddSource,
        now: DateTime<Utc>,
        progress: &mut dyn FnMut(u32) -> bool,
    ) -> Result<ScanReport> {
        let AddSource {
            kind,
            dry_run,
            keep_text,
            me,
            day_first,
        } = options;
        let (path, kind) = located(path, kind)?;
        let text = path.display().to_string();
        if let Some(s) = sources::get_source_by_path(&self.conn, &text)? {
            return Err(Error::invalid(
                "path",
                format!(
                    "{text} is a source already (id {}): read it again instead (Read again \
                     in Settings → Sources, or `kith source scan {}`)",
                    s.id, s.id
                ),
            ));
        }
        let source_options = if kind.is_convo() {
            convo::prepare(kind, &path, me, day_first)?
        } else {
            self.require_me_for(kind, &path)?;
            sources::SourceOptions::default()
        };
        let insert = |conn: &Connection| -> Result<i64> {
            let id = sources::insert_source(conn, kind, &text, now)?;
            sources::update_source_keep_text(conn, id, keep_text)?;
            if source_options != sources::SourceOptions::default() {
                sources::update_source_options(conn, id, &source_options)?;
            }
            Ok(id)
        };
        if !dry_run {
            // The source is kept before it is read, and each batch commits on its own: a read
            // killed part-way resumes after the last batch that committed.
            let tx = self.conn.transaction()?;
            let id = insert(&tx)?;
            tx.commit()?;
            return self.scan_source(id, now, progress);
        }
        self.conn.execute_batch("SAVEPOINT capture_add")?;
        let result = insert(&self.conn).and_then(|id| {
            let mut report = self.scan_source(id, now, progress)?;
            report.unknowns = labelled(unknowns::list_unknowns(&self.conn, Some(id))?);
            report.unknowns.retain(Unknown::is_two_way);
            self.drop_resolved(&mut report.unknowns)?;
            Ok(report)
        });
        self.conn
            .execute_batch("ROLLBACK TO capture_add; RELEASE capture_add")?;
        let mut report = result?;
        report.committed = false;
        Ok(report)
    }

    /// What kind of source `path` is (as [`Store::add_source`] would read it) and the
    /// addresses on most of its messages or events, likely the person's own: offered before a
    /// first source is added. Reads a sample of the file; writes nothing.
    pub fn likely_own_addresses(
        &self,
        path: &Path,
        kind: Option<SourceKind>,
        now: DateTime<Utc>,
    ) -> Result<(SourceKind, Vec<OwnAddress>)> {
        let kind = match kind {
            Some(k) => k,
            None => detect_kind(path)?,
        };
        Ok((kind, own::likely_own_addresses(path, kind, now)?))
    }

    /// What the person must say before the phone or chat export at `path` is read (which
    /// author they are, the order of its dates), with what Kith offers as the answers. Reads
    /// the file; writes nothing. For mail and calendars (which need the person's addresses
    /// instead, [`Store::likely_own_addresses`]) there is nothing to ask.
    pub fn export_questions(
        &self,
        path: &Path,
        kind: Option<SourceKind>,
    ) -> Result<ExportQuestions> {
        let (path, kind) = located(path, kind)?;
        let known: Vec<String> = sources::list_sources(&self.conn)?
            .into_iter()
            .filter(|s| s.kind == kind)
            .filter_map(|s| s.me)
            .collect();
        convo::questions(kind, &path, &known)
    }

    /// A source is read as the person's: Kith must know their addresses to tell who wrote a
    /// message and which meetings they were at.
    fn require_me_for(&self, kind: SourceKind, path: &Path) -> Result<()> {
        if !self.me_addresses()?.is_empty() {
            return Ok(());
        }
        let (what, whose) = match kind {
            SourceKind::Ics => ("which events in", "are yours"),
            _ => ("which messages in", "you wrote"),
        };
        Err(Error::Invalid {
            fields: vec![FieldError::new(
                "me",
                format!(
                    "Kith does not know your own email addresses yet, so it cannot tell {what} \
                     {} {whose}: add them with `kith me address add EMAIL` (or in Settings → \
                     Sources) first",
                    path.display()
                ),
            )],
        })
    }

    /// Reads source `id` again, from where the last read ended, in batches: only what is new.
    /// A source that is gone or unreadable is marked so (and its report says why) without
    /// touching anything it brought.
    pub fn scan_source(
        &mut self,
        id: i64,
        now: DateTime<Utc>,
        progress: &mut dyn FnMut(u32) -> bool,
    ) -> Result<ScanReport> {
        let source = sources::get_source(&self.conn, id)?;
        let cursor = sources::get_source_cursor(&self.conn, id)?;
        let path = std::path::PathBuf::from(&source.path);
        let stored_up_to = capture_items::get_max_capture_item_id(&self.conn)?;
        let mut reading = Reading {
            source: id,
            keep_text: source.keep_text,
            me: self.me_addresses()?.into_iter().collect(),
            now,
            totals: SourceTotals::default(),
            known: 0,
            problems: Vec::new(),
            counts: HashMap::new(),
            by_email: settle::ByEmail::default(),
            new_addresses: NewAddresses::default(),
            progress,
            stopped: false,
        };
        let conn = &self.conn;
        let mut write = |reading: &mut Reading<'_>, batch: Batch| -> Result<()> {
            in_savepoint(conn, || write_batch(conn, reading, batch))?;
            reading.tick();
            Ok(())
        };
        let outcome = match source.kind {
            SourceKind::Mbox => mail::read_mbox(&path, &cursor, &mut reading, &mut write),
            SourceKind::Maildir => mail::read_maildir(&path, &cursor, &mut reading, &mut write),
            SourceKind::Ics => read_calendar(&self.conn, &path, &cursor, &mut reading),
            kind => {
                let options = sources::get_source_options(&self.conn, id)?;
                let region = crate::store::settings::get_default_region(&self.conn)?;
                // As for a calendar: the items' indexes (by key, thread, address) take
                // rows of hundreds of chats at once, at as many places; a page cache of 64 MB
                // keeps their pages from being written out and read again batch after batch.
                let cache = crate::store::cache_size(&self.conn)?;
                crate::store::set_cache_size(&self.conn, CALENDAR_CACHE_KIB)?;
                // Each batch's commit rewrites index pages the previous one wrote: the WAL
                // is copied back into the database every 16,000 pages (64 MB) instead of
                // every 1,000, so a page written by many batches is copied back once.
                let checkpoint: i64 =
                    self.conn
                        .query_row("PRAGMA wal_autocheckpoint", [], |r| r.get(0))?;
                self.conn
                    .pragma_update(None, "wal_autocheckpoint", 16_000)?;
                let read = convo::read(
                    &self.conn,
                    kind,
                    &path,
                    &cursor,
                    &options,
                    region,
                    &mut reading,
                );
                crate::store::set_cache_size(&self.conn, cache)?;
                self.conn
                    .pragma_update(None, "wal_autocheckpoint", checkpoint)?;
                read
            }
        };
        match outcome {
            // A read stopped part-way is no completed read: its time is not the last read's.
            Ok(()) if reading.stopped => {}
            Ok(()) => sources::update_source_status(&self.conn, id, SourceStatus::Ok, None, now)?,
            Err(Error::Io { path: p, message }) => {
                let status = if path.exists() {
                    SourceStatus::Unreadable
                } else {
                    SourceStatus::Missing
                };
                let text = format!("{p}: {message}");
                sources::update_source_status(&self.conn, id, status, Some(&text), now)?;
                reading.problem(text);
            }
            Err(e) => return Err(e),
        }
        settle_due(&self.conn, &mut reading, source.read_at, stored_up_to)?;
        let mut contacts: Vec<CaptureCount> = Vec::with_capacity(reading.counts.len());
        for (contact, [emails, meetings, messages, calls]) in reading.counts {
            contacts.push(CaptureCount {
                contact: contacts::get_contact_ref(&self.conn, contact)?,
                emails,
                meetings,
                messages,
                calls,
            });
        }
        contacts.sort_by(|a, b| {
            b.total()
                .cmp(&a.total())
                .then_with(|| a.contact.name.cmp(&b.contact.name))
        });
        Ok(ScanReport {
            source: sources::get_source(&self.conn, id)?,
            totals: reading.totals,
            known: reading.known,
            contacts,
            problems: reading.problems,
            unknowns: Vec::new(),
            committed: true,
        })
    }

    /// Reads source `only`, or every source, again (what is new since each one's last read).
    /// `progress` is told the items read so far over all of them; `false` stops after the
    /// batch it is in (the sources not reached yet are left for the next read).
    pub fn scan_sources(
        &mut self,
        only: Option<i64>,
        now: DateTime<Utc>,
        progress: &mut dyn FnMut(u32) -> bool,
    ) -> Result<Vec<ScanReport>> {
        let ids: Vec<i64> = match only {
            Some(id) => vec![sources::get_source(&self.conn, id)?.id],
            None => self.list_sources()?.iter().map(|s| s.id).collect(),
        };
        let mut out = Vec::with_capacity(ids.len());
        let mut before = 0;
        let mut go_on = true;
        for id in ids {
            let report = self.scan_source(id, now, &mut |read| {
                go_on = progress(before + read);
                go_on
            })?;
            before += report.totals.read;
            out.push(report);
            if !go_on {
                break;
            }
        }
        Ok(out)
    }

    /// Keeps what source `id`'s messages say from its next read on (`keep`), or stops keeping
    /// it and erases what was kept.
    pub fn set_source_keep_text(&mut self, id: i64, keep: bool) -> Result<Source> {
        let tx = self.conn.transaction()?;
        sources::update_source_keep_text(&tx, id, keep)?;
        if !keep {
            capture_items::update_source_items_body_cleared(&tx, id)?;
        }
        let source = sources::get_source(&tx, id)?;
        tx.commit()?;
        Ok(source)
    }

    /// The messages (or the meeting) interaction `id` was made of, oldest first, with what
    /// each says where its source keeps that; empty for an interaction capture did not make.
    pub fn interaction_messages(&self, id: i64) -> Result<Vec<CapturedMessage>> {
        crate::store::interactions::get_interaction(&self.conn, id)?;
        capture_items::list_interaction_items(&self.conn, id)
    }

    /// Stops reading source `id`. What it brought stays unless `forget`, which also takes
    /// the interactions it made to the trash.
    pub fn remove_source(&mut self, id: i64, forget: bool, now: DateTime<Utc>) -> Result<Source> {
        let tx = self.conn.transaction()?;
        let source = sources::get_source(&tx, id)?;
        if forget {
            crate::store::interactions::update_interactions_of_source_deleted(&tx, id, now)?;
        }
        sources::delete_source(&tx, id)?;
        tx.commit()?;
        Ok(source)
    }

    /// The queue of people the person writes to or meets who are not in Kith, most recent
    /// first: by default only those they both wrote to and heard from, called, or met (`all`:
    /// every address, one-way ones too).
    pub fn unknowns(&self, all: bool) -> Result<Vec<Unknown>> {
        let mut list = labelled(unknowns::list_unknowns(&self.conn, None)?);
        if !all {
            list.retain(Unknown::is_two_way);
        }
        self.drop_resolved(&mut list)?;
        Ok(list)
    }

    /// Leaves out of `list` the chat names that match a contact by name (the SQL of the queue
    /// knows channels and links, not names).
    fn drop_resolved(&self, list: &mut Vec<Unknown>) -> Result<()> {
        let mut by = settle::ByEmail::default();
        let mut keep = Vec::with_capacity(list.len());
        for u in list.drain(..) {
            let named = settle::split_address(&u.email)
                .is_some_and(|(p, rest)| p != "tel:" && !(p == "signal:" && rest.starts_with('+')));
            let address = CaptureAddress {
                email: u.email.clone(),
                name: u.name.clone(),
                from: false,
            };
            if !named || by.address(&self.conn, &address)?.is_none() {
                keep.push(u);
            }
        }
        *list = keep;
        Ok(())
    }

    /// Adds the person behind `address` from the queue as a new contact (named `name`, else
    /// as their messages name them, else by the address): an email or a number becomes their
    /// channel, a LinkedIn profile their link, a chat name is remembered as theirs
    /// (`capture_alias`). Their past items attach.
    pub fn add_unknown(
        &mut self,
        address: &str,
        name: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<Contact> {
        let normal = self.queued(address)?;
        let name = match name.map(str::trim).filter(|n| !n.is_empty()) {
            Some(n) => n.to_owned(),
            None => unknowns::get_unknown_name(&self.conn, &normal)?
                .or_else(|| chat_name(&normal).map(str::to_owned))
                .unwrap_or_else(|| readable_address(&normal)),
        };
        let input = ContactInput {
            name,
            channels: channel_of(&normal).into_iter().collect(),
            ..Default::default()
        };
        let contact = self.add_contact(input, now)?;
        if channel_of(&normal).is_none() {
            unknowns::insert_capture_alias(&self.conn, &normal, contact.id, now)?;
        }
        self.attach(&normal, now)?;
        self.get_contact(contact.id)
    }

    /// Adds `address` from the queue to contact `id` (as one of their channels, or a chat name
    /// remembered as theirs); their past items attach.
    pub fn link_unknown(&mut self, address: &str, id: i64, now: DateTime<Utc>) -> Result<Contact> {
        let normal = self.queued(address)?;
        let contact = self.get_contact(id)?;
        match channel_of(&normal) {
            Some(channel) => {
                let mut input = ContactInput::from_contact(&contact);
                input.channels.push(channel);
                self.update_contact(id, input, now)?;
            }
            None => unknowns::insert_capture_alias(&self.conn, &normal, id, now)?,
        }
        self.attach(&normal, now)?;
        self.get_contact(id)
    }

    /// Never offers `address` in the queue again.
    pub fn ignore_unknown(&mut self, address: &str, now: DateTime<Utc>) -> Result<()> {
        let normal = self.queued(address)?;
        unknowns::insert_unknown_ignored(&self.conn, &normal, now)
    }

    /// `address` as capture writes it (see [`parse_address`]), if it is on captured items
    /// and no contact's.
    fn queued(&self, address: &str) -> Result<String> {
        let region = crate::store::settings::get_default_region(&self.conn)?;
        let normal = parse_address(address, region.as_deref()).ok_or_else(|| {
            Error::invalid(
                "address",
                format!(
                    "{address:?} is not an address Kith reads: an email, a phone number, or a \
                     name as `kith unknown` lists it (\"Ana Ruiz (WhatsApp)\")"
                ),
            )
        })?;
        let mut by = settle::ByEmail::default();
        let on_items = CaptureAddress {
            email: normal.clone(),
            name: unknowns::get_unknown_name(&self.conn, &normal)?,
            from: false,
        };
        if let Some(id) = by.address(&self.conn, &on_items)? {
            let who = contacts::get_contact_ref(&self.conn, id)?;
            return Err(Error::invalid(
                "address",
                format!(
                    "{} is {}'s already (id {})",
                    readable_address(&normal),
                    who.name,
                    who.id
                ),
            ));
        }
        if !unknowns::get_address_captured(&self.conn, &normal)? {
            return Err(Error::invalid(
                "address",
                format!(
                    "{} is on nothing Kith has read from your sources",
                    readable_address(&normal)
                ),
            ));
        }
        Ok(normal)
    }

    /// Settles every thread-day with `email` on it, now that it is someone's.
    fn attach(&mut self, email: &str, now: DateTime<Utc>) -> Result<()> {
        let tx = self.conn.transaction()?;
        let days: BTreeSet<(String, DateTime<Utc>)> =
            capture_items::list_items_with_address(&tx, email)?
                .into_iter()
                .map(|(thread, at)| (thread, settle::day_start(at)))
                .collect();
        let mut indexed = Vec::new();
        let mut by_email = settle::ByEmail::default();
        let mut settling = settle::Settling::new(&mut by_email);
        for (thread, day) in days {
            let source = capture_items::get_thread_source(&tx, &thread)?.unwrap_or_default();
            if let settle::Settled::Created(id) | settle::Settled::Updated(id) =
                settling.settle(&tx, &thread, day, source, now)?
            {
                indexed.push(id);
            }
        }
        settling.finish(&tx)?;
        search::reindex(&tx, SearchEntry::Interaction, &indexed)?;
        tx.commit()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use chrono::TimeZone;

    use super::*;

    #[test]
    fn a_number_reads_as_a_number_whether_or_not_libphonenumber_knows_it() {
        let known = phone_address("07400 123456", Some("GB")).unwrap();
        assert_eq!(known, "tel:+447400123456");
        // Ofcom's range for drama: not a number libphonenumber accepts, still a number.
        let fictional = phone_address("+44 7700 900123", Some("GB")).unwrap();
        assert_eq!(fictional, "tel:+447700900123");
        assert_eq!(readable_address(&fictional), "+447700900123");
        assert_eq!(
            parse_address("+44 7700 900123", Some("GB")).as_deref(),
            Some(fictional.as_str())
        );
        assert_eq!(phone_address("AMAZON", Some("GB")), None);
    }

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 1, 12, 0, 0).unwrap()
    }

    /// Every interaction, participant row and contact's last interaction, as text.
    fn snapshot(conn: &Connection) -> Vec<String> {
        let mut out = Vec::new();
        for sql in [
            "SELECT 'i', id, occurred_at, has_time, kind, summary, initiated_by, updated_at,
                    deleted_at, source_id FROM interaction ORDER BY id",
            "SELECT 'p', interaction_id, contact_id, occurred_at, deleted
             FROM interaction_participant ORDER BY interaction_id, contact_id",
            "SELECT 'c', id, last_interaction_at, updated_at FROM contact ORDER BY id",
            "SELECT 'k', thread_day, interaction_id FROM capture_interaction ORDER BY thread_day",
        ] {
            let mut stmt = conn.prepare(sql).unwrap();
            let n = stmt.column_count();
            let rows = stmt
                .query_map([], |r| {
                    let cells: Vec<String> = (0..n)
                        .map(|i| format!("{:?}", r.get_ref(i).unwrap()))
                        .collect();
                    Ok(cells.join(" "))
                })
                .unwrap();
            out.extend(rows.map(Result::unwrap));
        }
        out
    }

    /// Contacts whose `last_interaction_at` is not what the `participant_added` trigger gives.
    fn stale_last_interactions(conn: &Connection) -> i64 {
        conn.query_row(
            "SELECT count(*) FROM contact c WHERE c.last_interaction_at IS NOT (
                 SELECT max(p.occurred_at) FROM interaction_participant p
                 WHERE p.contact_id = c.id AND p.deleted = 0)",
            [],
            |r| r.get(0),
        )
        .unwrap()
    }

    /// Settles every thread-day that has an interaction again, from what is stored: nothing
    /// may change if the read settled each one from the items in hand as reading them back
    /// would have.
    fn settle_all_again(conn: &Connection, source: i64) {
        let days: Vec<(String, i64)> = conn
            .prepare("SELECT thread_day, interaction_id FROM capture_interaction")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert!(!days.is_empty());
        let before = snapshot(conn);
        let mut by_email = settle::ByEmail::default();
        let mut settling = settle::Settling::new(&mut by_email);
        for (key, id) in days {
            let (day, thread) = key.split_once('|').unwrap();
            let day = chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d")
                .unwrap()
                .and_hms_opt(0, 0, 0)
                .unwrap()
                .and_utc();
            let settled = settling.settle(conn, thread, day, source, now()).unwrap();
            assert_eq!(settled, settle::Settled::Updated(id), "{key}");
        }
        settling.finish(conn).unwrap();
        assert_eq!(snapshot(conn), before);
    }

    #[test]
    fn addresses_read_back_as_they_are_printed() {
        for address in [
            "ana@example.org",
            "tel:+447400123451",
            "whatsapp:Ana Ruiz",
            "telegram:user4815162342",
            "linkedin:linkedin.com/in/ana-ruiz",
            "linkedin:Ana Ruiz",
            "signal:Ana",
        ] {
            let printed = readable_address(address);
            assert_eq!(
                parse_address(&printed, Some("GB")).as_deref(),
                Some(address)
            );
        }
        assert_eq!(readable_address("tel:+447400123451"), "+44 7400 123451");
        assert_eq!(readable_address("whatsapp:Ana Ruiz"), "Ana Ruiz (WhatsApp)");
        assert_eq!(
            parse_address("07400 123451", Some("GB")).as_deref(),
            Some("tel:+447400123451")
        );
        assert_eq!(
            parse_address("https://www.linkedin.com/in/Ana-Ruiz/", None).as_deref(),
            Some("linkedin:linkedin.com/in/ana-ruiz")
        );
        assert_eq!(parse_address("Ana Ruiz", None), None);
    }

    #[test]
    fn a_calendar_read_settles_as_reading_its_items_back_would() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("kith.db")).unwrap();
        store.add_me_address("ana.ruiz@example.com", now()).unwrap();
        let mut bo = 0;
        for (name, email) in [
            ("Bo Chen", "bo@chen.example.org"),
            ("Carla", "carla@example.net"),
            ("Dmitri", "dmitri@example.com"),
            ("Eiko", "eiko@example.jp"),
        ] {
            let input = ContactInput {
                name: name.into(),
                channels: vec![Channel::email(email)],
                ..Default::default()
            };
            let id = store.add_contact(input, now()).unwrap().id;
            if bo == 0 {
                bo = id;
            }
        }
        let zip = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/calendar/google-calendar-export.zip");
        let report = store
            .add_source(&zip, None, false, now(), &mut |_| true)
            .unwrap();
        assert!(report.totals.interactions > 10, "{report:#?}");
        assert_eq!(stale_last_interactions(store.conn()), 0);
        assert!(store.get_contact(bo).unwrap().last_interaction_at.is_some());
        settle_all_again(store.conn(), report.source.id);

        // A file read again with an event twice, one moved: settled from what is stored.
        let event = |uid: &str, at: &str| {
            format!(
                "BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTART:{at}\r\nSUMMARY:Coffee {uid}\r\n\
                 ORGANIZER:mailto:ana.ruiz@example.com\r\nATTENDEE:mailto:bo@chen.example.org\r\n\
                 ATTENDEE:mailto:carla@example.net\r\nEND:VEVENT\r\n"
            )
        };
        let ics = |events: &[String]| {
            format!(
                "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:test\r\n{}END:VCALENDAR\r\n",
                events.concat()
            )
        };
        let file = dir.path().join("work.ics");
        let (a, b) = (
            event("a@test", "20261120T150000Z"),
            event("b@test", "20261121T150000Z"),
        );
        std::fs::write(&file, ics(&[a.clone(), b.clone(), a.clone()])).unwrap();
        let work = store
            .add_source(&file, None, false, now(), &mut |_| true)
            .unwrap();
        assert_eq!(work.totals.interactions, 2, "{work:#?}");
        assert_eq!(stale_last_interactions(store.conn()), 0);
        let moved = event("a@test", "20261125T090000Z");
        std::fs::write(&file, ics(&[moved, b.clone(), b])).unwrap();
        store
            .scan_source(work.source.id, now(), &mut |_| true)
            .unwrap();
        assert_eq!(stale_last_interactions(store.conn()), 0);
        let last = store.get_contact(bo).unwrap().last_interaction_at.unwrap();
        assert_eq!(last.format("%m-%d %H:%M").to_string(), "11-25 09:00");
        settle_all_again(store.conn(), work.source.id);

        // The triggers are on again: an interaction logged by hand moves Bo's last one.
        let input = crate::model::NewInteraction {
            participants: vec![bo],
            kind: InteractionKind::Call,
            occurred_at: now(),
            has_time: true,
            summary: "Call".into(),
            notes: String::new(),
            initiated_by: None,
            quality: None,
            help: Vec::new(),
            follow_up: None,
        };
        store.log_interaction(input, now()).unwrap();
        assert_eq!(
            store.get_contact(bo).unwrap().last_interaction_at,
            Some(now())
        );
        assert_eq!(stale_last_interactions(store.conn()), 0);
    }
}
