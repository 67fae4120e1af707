//! Calendars as Kith reads them: every occurrence of every event that starts inside a window
//! the caller gives (e.g. the last years up to next week), with who was invited and how they
//! answered. Formats only: bytes in, values out. Nothing here reads the clock or the
//! database, decides which contact an address is, or whether an occurrence is an interaction.
//!
//! **Input.** A `.ics` file (Google, Apple, Outlook, Thunderbird/Evolution, any app), or a zip
//! of them (Google Calendar's export), told apart by the zip magic ([`read_any`]). Text is
//! UTF-8 with or without a byte-order mark, UTF-16, or a legacy code page read lossily (the
//! read says which, in `notes`); CRLF or LF; folded lines are unfolded, values unescaped.
//!
//! **The key.** An occurrence is known by `uid` + `recurrence_id`: `None` for an event that
//! does not repeat; for an instance of a series, its *original* start (before any move): in
//! UTC as `YYYYMMDDTHHMMSSZ`, `YYYYMMDD` for an all-day series, and the local
//! `YYYYMMDDTHHMMSS` (no `Z`) for a floating series, so that the key does not change with the
//! default zone. A `RECURRENCE-ID` override replaces the instance with the same key (its
//! moved time, changed attendees, or `STATUS:CANCELLED`, returned as
//! [`Status::Cancelled`] so the caller removes what it made from it). `RANGE=THISANDFUTURE`
//! is read as an override of that one instance only (and an override carrying `RDATE`s with
//! no series in the file, as Lotus Notes writes, is read as the series). `DTSTART` is always
//! the first instance, even where the rule would skip it. `EXDATE` removes instances: their keys
//! inside the window are listed in [`CalendarRead::excluded`]. `RDATE` adds instances (a
//! `PERIOD` keeps its own end). Several copies of one key (a meeting in two calendars of a
//! Google export) come out once: the highest `SEQUENCE`, then `LAST-MODIFIED`.
//!
//! **Time.** `TZID` is resolved by IANA name, Windows name ("W. Europe Standard Time"),
//! Outlook label ("(UTC+01:00) Amsterdam, Berlin, …"), vendor prefix
//! ("/freeassociation.sourceforge.net/Europe/Berlin"), the file's `VTIMEZONE` (its
//! `X-LIC-LOCATION` or `X-MICROSOFT-CDO-TZID`, else its own `STANDARD`/`DAYLIGHT` rules). A
//! zone none of these knows is read in [`Limits::default_tz`] and reported for that event.
//! Floating times are read in the calendar's `X-WR-TIMEZONE` when it has one, else in
//! `default_tz`; all-day events start at midnight in `default_tz`. Recurrences are expanded in
//! local time, so a weekly 09:00 Berlin meeting stays at 09:00 across daylight-saving changes.
//! `EXDATE`, `RDATE` and `RECURRENCE-ID` without a `TZID` take the series' zone.
//!
//! **Bounds.** No input makes a read panic, hang or grow without bound ([`Limits`]): events per
//! file, bytes per property (longer ones are cut), rule steps per series and per file (a
//! `FREQ=SECONDLY` rule with no end stops), occurrences per series inside the window, zip
//! entries and their unpacked size (zip bombs). A capped series is counted and reported.
//! Malformed dates, unknown zones, truncated files or events and missing `END:VEVENT` are
//! reported per event ([`CalendarProblem`]) and never stop the rest of the file.
//!
//! **Library.** `calcard` (Stalwart; MIT/Apache-2.0) parses each component and iterates the
//! recurrence rules (its rule engine is a port of `rust-rrule`), and its zone table resolves
//! Windows and Outlook names; `rrule` alone has no Windows names, needs a separate parser
//! (`icalendar`) and has an open daylight-saving issue. calcard's own `expand_dates` is not
//! used: it matches overrides by `SEQUENCE` and start rather than by UID, compares a UTC
//! `UNTIL` with local times, and bounds steps only per calendar; this module does that part.

mod archive;
mod event;
mod expand;
mod lines;
mod video;
mod zone;

use chrono::{DateTime, Utc};

pub use archive::{read_any, read_zip};
pub use video::video_link;

/// The bounds of one read; [`Limits::default`] suits a person's calendars.
#[derive(Debug, Clone)]
pub struct Limits {
    /// The zone of floating times and all-day events (the person's zone).
    pub default_tz: chrono_tz::Tz,
    /// Occurrences of one series kept inside the window; the rest are left out (reported).
    pub max_occurrences_per_series: usize,
    /// Instances one rule may produce before the window's end, counted from its start.
    pub max_steps_per_series: usize,
    /// Instances all the rules of one read may produce together.
    pub max_steps_total: usize,
    /// `VEVENT`s read from one file; later ones are left out (reported).
    pub max_events: usize,
    /// Longest property (after unfolding) kept whole; a longer one is cut (reported).
    pub max_property_bytes: usize,
    /// Largest `.ics` read from a zip, unpacked.
    pub max_entry_bytes: u64,
    /// All the `.ics` of a zip together, unpacked.
    pub max_zip_bytes: u64,
    /// Entries of a zip looked at.
    pub max_zip_entries: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            default_tz: chrono_tz::Tz::UTC,
            max_occurrences_per_series: 5_000,
            max_steps_per_series: 100_000,
            max_steps_total: 5_000_000,
            max_events: 200_000,
            max_property_bytes: 256 * 1024,
            max_entry_bytes: 128 * 1024 * 1024,
            max_zip_bytes: 512 * 1024 * 1024,
            max_zip_entries: 10_000,
        }
    }
}

/// `STATUS` of an event or of one occurrence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// `CONFIRMED`, or no status.
    Confirmed,
    Tentative,
    /// `CANCELLED`, or the calendar is a `METHOD:CANCEL` message.
    Cancelled,
}

/// `PARTSTAT` of an attendee.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PartStat {
    Accepted,
    Declined,
    Tentative,
    /// `NEEDS-ACTION`, or no `PARTSTAT` (the default of the standard).
    NeedsAction,
    Delegated,
    /// Anything else, as written (upper case).
    Other(String),
}

/// `ROLE` of an attendee.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Chair,
    /// `REQ-PARTICIPANT`, or no `ROLE` (the default of the standard).
    Required,
    Optional,
    NonParticipant,
}

/// An `ATTENDEE` or the `ORGANIZER`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attendee {
    /// The address without `mailto:` (case kept; compare through `identity::normalize`), from
    /// the value or the `EMAIL` parameter; `None` when neither is an address.
    pub email: Option<String>,
    /// `CN`.
    pub name: Option<String>,
    pub partstat: PartStat,
    pub role: Role,
    /// `CUTYPE=ROOM` or `RESOURCE`: a room or a projector, not a person.
    pub is_resource: bool,
}

/// One occurrence of an event, inside the window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occurrence {
    pub uid: String,
    /// The key's second part (see the module docs); `None` for an event that does not repeat.
    pub recurrence_id: Option<String>,
    pub start: DateTime<Utc>,
    /// `DTEND`, or `DTSTART` + `DURATION`; one day for an all-day event with neither; `None`
    /// for a timed event with neither.
    pub end: Option<DateTime<Utc>>,
    pub all_day: bool,
    /// The start had no zone: it was read in the calendar's `X-WR-TIMEZONE` or `default_tz`.
    pub floating: bool,
    pub summary: Option<String>,
    pub location: Option<String>,
    /// A Zoom, Google Meet, Teams, Webex, Jitsi or Whereby link found in the conference
    /// properties, `URL`, `LOCATION` or `DESCRIPTION` ([`video_link`]).
    pub video_link: Option<String>,
    pub status: Status,
    pub organizer: Option<Attendee>,
    pub attendees: Vec<Attendee>,
    pub sequence: i64,
    pub last_modified: Option<DateTime<Utc>>,
    /// True when a `RECURRENCE-ID` override gave this occurrence (moved, changed, cancelled).
    pub overridden: bool,
    /// The calendar's `X-WR-CALNAME`, when it has one.
    pub calendar: Option<String>,
    /// The zip entry it was read from, for a zip.
    pub file: Option<String>,
    /// The line of the file where its `BEGIN:VEVENT` is (1-based).
    pub line: u64,
}

/// The key of an instance an `EXDATE` removed.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct OccurrenceKey {
    pub uid: String,
    pub recurrence_id: String,
}

/// Something a read left out or had to guess, for one event (or the file when `uid` and
/// `summary` are `None` and the line is 0).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarProblem {
    pub uid: Option<String>,
    pub summary: Option<String>,
    /// The zip entry, for a zip.
    pub file: Option<String>,
    /// The line of the file where the event starts (1-based), or of the problem.
    pub line: u64,
    pub reason: String,
}

/// What a read found.
#[derive(Debug, Clone, Default)]
pub struct CalendarRead {
    /// Every occurrence starting inside the window, by start then key.
    pub occurrences: Vec<Occurrence>,
    /// Instances inside the window that an `EXDATE` removed.
    pub excluded: Vec<OccurrenceKey>,
    pub problems: Vec<CalendarProblem>,
    /// About the file as a whole ("read as Windows-1252").
    pub notes: Vec<String>,
    /// `X-WR-CALNAME`s of the calendars read.
    pub calendars: Vec<String>,
    /// `VEVENT`s read (a series and each of its overrides count one each).
    pub events: usize,
    /// Events that repeat (`RRULE` or `RDATE`).
    pub series: usize,
    /// Series cut by a cap (steps or occurrences in the window).
    pub capped_series: usize,
    /// Events left out whole (no start, no end, truncated, over the event cap).
    pub skipped_events: usize,
}

/// Reads one `.ics` file's bytes: every occurrence starting in `window` (`[start, end)`).
pub fn read(bytes: &[u8], window: (DateTime<Utc>, DateTime<Utc>), limits: &Limits) -> CalendarRead {
    let mut acc = expand::Acc::new(limits);
    expand::read_file(bytes, None, window, limits, &mut acc);
    acc.finish()
}

#[cfg(test)]
mod tests;
