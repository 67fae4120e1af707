//! Parsing what the user typed into dates, times and notes, before anything is written.
//!
//! Every failure is an [`Error::Invalid`] whose field is the flag (`--at`), and whose message
//! quotes the value and says what is accepted, so it reads as one line naming both. Whether a
//! well-formed date is acceptable (not in the future, not before 1900...) is the core's call.

use std::io::Read;
use std::path::Path;

use chrono::{
    DateTime, FixedOffset, Local, LocalResult, NaiveDate, NaiveTime, Offset, TimeZone, Utc,
};
use kith::model::ImportantDate;
use kith::Error;

/// A calendar date, `YYYY-MM-DD`.
pub fn date(flag: &str, text: &str) -> kith::Result<NaiveDate> {
    parse_date(text.trim()).ok_or_else(|| {
        Error::invalid(
            flag,
            format!("\"{text}\" is not a date (use YYYY-MM-DD, e.g. 2026-03-01)"),
        )
    })
}

fn parse_date(text: &str) -> Option<NaiveDate> {
    let mut parts = text.split('-');
    let (year, month, day) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some()
        || year.len() < 4
        || !(1..=2).contains(&month.len())
        || !(1..=2).contains(&day.len())
        || ![year, month, day]
            .iter()
            .all(|p| p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    NaiveDate::from_ymd_opt(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?)
}

/// A birthday: `MM-DD`, or `YYYY-MM-DD` with the birth year. It recurs every year.
pub fn birthday(flag: &str, text: &str) -> kith::Result<ImportantDate> {
    let trimmed = text.trim();
    let bad = || {
        Error::invalid(
            flag,
            format!("\"{text}\" is not a birthday (use MM-DD, or YYYY-MM-DD with the year)"),
        )
    };
    let (year, month, day) = match trimmed.split_once('-') {
        Some((m, d)) if !d.contains('-') => {
            let (m, d): (u32, u32) = (m.parse().map_err(|_| bad())?, d.parse().map_err(|_| bad())?);
            // Feb 29 is a fine birthday without a year: check against a leap year.
            NaiveDate::from_ymd_opt(2000, m, d).ok_or_else(bad)?;
            (None, m, d)
        }
        _ => {
            use chrono::Datelike;
            let d = parse_date(trimmed).ok_or_else(bad)?;
            (Some(d.year()), d.month(), d.day())
        }
    };
    Ok(ImportantDate {
        label: "birthday".into(),
        year,
        month,
        day,
        recurring: true,
    })
}

/// When something happened, and whether the time of day is known:
/// `YYYY-MM-DD` (a day: midnight UTC of that date, no time), `YYYY-MM-DD HH:MM` or
/// `YYYY-MM-DDTHH:MM[:SS]` (this machine's local time), or an RFC 3339 timestamp.
pub fn when(flag: &str, text: &str) -> kith::Result<(DateTime<Utc>, bool)> {
    let trimmed = text.trim();
    if let Some(d) = parse_date(trimmed) {
        return Ok((d.and_time(NaiveTime::MIN).and_utc(), false));
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(trimmed) {
        return Ok((t.with_timezone(&Utc), true));
    }
    let local = trimmed
        .split_once([' ', 'T'])
        .and_then(|(d, t)| {
            let time = NaiveTime::parse_from_str(t.trim(), "%H:%M")
                .or_else(|_| NaiveTime::parse_from_str(t.trim(), "%H:%M:%S"))
                .ok()?;
            Some(parse_date(d.trim())?.and_time(time))
        })
        .ok_or_else(|| {
            Error::invalid(
                flag,
                format!(
                    "\"{text}\" is not a date or time (use YYYY-MM-DD, \"YYYY-MM-DD HH:MM\" in \
                     local time, or an RFC 3339 timestamp such as 2026-03-01T09:30:00Z)"
                ),
            )
        })?;
    match Local.from_local_datetime(&local) {
        LocalResult::Single(t) => Ok((t.with_timezone(&Utc), true)),
        // A time that happened twice (clocks went back): the first one.
        LocalResult::Ambiguous(first, _) => Ok((first.with_timezone(&Utc), true)),
        LocalResult::None => Err(Error::invalid(
            flag,
            format!(
                "\"{text}\" does not exist in this machine's time zone (the clocks went forward): \
                 give an RFC 3339 timestamp with an offset"
            ),
        )),
    }
}

/// This machine's UTC offset at `at`.
pub fn local_offset(at: DateTime<Utc>) -> FixedOffset {
    at.with_timezone(&Local).offset().fix()
}

/// A moment for `--as-of`: `YYYY-MM-DD` is the end of that day in local time (the last
/// millisecond), an RFC 3339 timestamp is itself.
pub fn as_of(flag: &str, text: &str) -> kith::Result<DateTime<Utc>> {
    let trimmed = text.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(trimmed) {
        return Ok(t.with_timezone(&Utc));
    }
    let bad = || {
        Error::invalid(
            flag,
            format!(
                "\"{text}\" is not a date or a timestamp (use YYYY-MM-DD for the end of that \
                 day, or RFC 3339 such as 2026-03-01T09:30:00Z)"
            ),
        )
    };
    let day = parse_date(trimmed).ok_or_else(bad)?;
    let last = day.and_hms_milli_opt(23, 59, 59, 999).ok_or_else(bad)?;
    match Local.from_local_datetime(&last) {
        LocalResult::Single(t) | LocalResult::Ambiguous(_, t) => Ok(t.with_timezone(&Utc)),
        LocalResult::None => Ok(last.and_utc()),
    }
}

/// The text of the file at `path` (`-` is standard input), for notes too long for an argument.
pub fn notes_file(flag: &str, path: &Path) -> kith::Result<String> {
    let mut bytes = Vec::new();
    let read = if path.as_os_str() == "-" {
        std::io::stdin().lock().read_to_end(&mut bytes)
    } else {
        std::fs::File::open(path).and_then(|mut f| f.read_to_end(&mut bytes))
    };
    read.map_err(|e| Error::invalid(flag, format!("cannot read {}: {e}", path.display())))?;
    String::from_utf8(bytes)
        .map_err(|_| Error::invalid(flag, format!("{} is not UTF-8 text", path.display())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_year_month_day() {
        assert_eq!(date("--x", "2026-03-01").unwrap().to_string(), "2026-03-01");
        assert_eq!(date("--x", " 2026-3-1 ").unwrap().to_string(), "2026-03-01");
        assert!(
            date("--x", "30000-01-01").is_ok(),
            "the core judges the range"
        );
        for bad in [
            "",
            "2026-02-30",
            "26-03-01",
            "2026/03/01",
            "tomorrow",
            "2026-03-01-1",
        ] {
            let err = date("--met-on", bad).unwrap_err().to_string();
            assert!(err.starts_with("--met-on: \""), "{err}");
        }
    }

    #[test]
    fn birthdays_with_and_without_a_year() {
        let b = birthday("--birthday", "02-29").unwrap();
        assert_eq!((b.year, b.month, b.day, b.recurring), (None, 2, 29, true));
        let b = birthday("--birthday", "1990-05-14").unwrap();
        assert_eq!((b.year, b.month, b.day), (Some(1990), 5, 14));
        for bad in ["02-30", "13-01", "may 4", "1990-02-29"] {
            assert!(birthday("--birthday", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn times_in_every_accepted_form() {
        let (t, has_time) = when("--at", "2026-03-01").unwrap();
        assert_eq!(t.to_rfc3339(), "2026-03-01T00:00:00+00:00");
        assert!(!has_time);
        let (t, has_time) = when("--at", "2026-03-01T09:30:00+02:00").unwrap();
        assert_eq!(t.to_rfc3339(), "2026-03-01T07:30:00+00:00");
        assert!(has_time);
        for local in [
            "2026-03-01 09:30",
            "2026-03-01T09:30",
            "2026-03-01T09:30:15",
        ] {
            assert!(when("--at", local).unwrap().1, "{local}");
        }
        let err = when("--at", "yesterday").unwrap_err().to_string();
        assert!(
            err.starts_with("--at: \"yesterday\" is not a date or time"),
            "{err}"
        );
        assert!(when("--at", "2026-03-01 25:00").is_err());
    }
}
