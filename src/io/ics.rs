//! iCalendar (RFC 5545) export of what is coming up: open and snoozed reminders (follow-ups
//! and promises) and contacts' important dates (birthdays recur yearly). Every event has a
//! stable `UID`, so a calendar that subscribes to the file updates events instead of
//! duplicating them when the file is written again.
//!
//! The desktop app keeps such a file up to date beside the database (`kith.ics` next to
//! `kith.db`), rewriting it after every change; see [`crate::Store::refresh_calendar`].

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::Connection;

use super::text::push_line;
use crate::error::Result;

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

fn day(d: NaiveDate) -> String {
    d.format("%Y%m%d").to_string()
}

/// The calendar and how many events it holds.
pub fn export(conn: &Connection, now: DateTime<Utc>) -> Result<(String, u32)> {
    let stamp = now.format("%Y%m%dT%H%M%SZ").to_string();
    let mut out = String::new();
    for l in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Kith//Kith//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:Kith",
    ] {
        push_line(&mut out, l);
    }
    let mut count = 0;
    let mut stmt = conn.prepare(
        "SELECT r.id, coalesce(r.snoozed_until, r.due_on), r.text, r.source, c.name
         FROM reminder r JOIN contact c ON c.id = r.contact_id
         WHERE r.status IN ('open', 'snoozed') AND c.deleted_at IS NULL
         ORDER BY 2, r.id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
        ))
    })?;
    for row in rows {
        let (id, due, text, source, name) = row?;
        let Ok(due) = NaiveDate::parse_from_str(&due, "%Y-%m-%d") else {
            continue;
        };
        let what = if source == "promise" {
            "Promised"
        } else {
            "Follow up"
        };
        push_line(&mut out, "BEGIN:VEVENT");
        push_line(&mut out, &format!("UID:reminder-{id}@kith"));
        push_line(&mut out, &format!("DTSTAMP:{stamp}"));
        push_line(&mut out, &format!("DTSTART;VALUE=DATE:{}", day(due)));
        push_line(
            &mut out,
            &format!("SUMMARY:{}", escape(&format!("{what} — {name}: {text}"))),
        );
        push_line(&mut out, "TRANSP:TRANSPARENT");
        push_line(&mut out, "END:VEVENT");
        count += 1;
    }
    let mut stmt = conn.prepare(
        "SELECT d.id, d.label, d.year, d.month, d.day, d.recurring, c.name
         FROM contact_date d JOIN contact c ON c.id = d.contact_id
         WHERE c.deleted_at IS NULL AND c.archived = 0 ORDER BY d.month, d.day, d.id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Option<i32>>(2)?,
            r.get::<_, u32>(3)?,
            r.get::<_, u32>(4)?,
            r.get::<_, bool>(5)?,
            r.get::<_, String>(6)?,
        ))
    })?;
    for row in rows {
        let (id, label, year, month, dom, recurring, name) = row?;
        let start_year = year.unwrap_or(2000);
        let Some(start) = NaiveDate::from_ymd_opt(start_year, month, dom) else {
            continue;
        };
        let summary = if label.eq_ignore_ascii_case("birthday") {
            format!("{name}'s birthday")
        } else {
            format!("{name}: {label}")
        };
        push_line(&mut out, "BEGIN:VEVENT");
        push_line(&mut out, &format!("UID:date-{id}@kith"));
        push_line(&mut out, &format!("DTSTAMP:{stamp}"));
        push_line(&mut out, &format!("DTSTART;VALUE=DATE:{}", day(start)));
        if recurring {
            if month == 2 && dom == 29 {
                push_line(&mut out, "RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1");
            } else {
                push_line(&mut out, "RRULE:FREQ=YEARLY");
            }
        }
        push_line(&mut out, &format!("SUMMARY:{}", escape(&summary)));
        push_line(&mut out, "TRANSP:TRANSPARENT");
        push_line(&mut out, "END:VEVENT");
        count += 1;
    }
    push_line(&mut out, "END:VCALENDAR");
    Ok((out, count))
}
