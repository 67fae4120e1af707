//! iCalendar (RFC 5545) export of what is coming up: open and snoozed reminders (follow-ups
//! and promises) and contacts' important dates (birthdays recur yearly). Every event has a
//! stable `UID`, so a calendar that subscribes to the file updates events instead of
//! duplicating them when the file is written again.
//!
//! The desktop app keeps such a file up to date beside the database (`kith.ics` next to
//! `kith.db`), rewriting it after every change; see `Store::refresh_calendar` (`ops::export`).

use chrono::{DateTime, NaiveDate, Utc};

use super::text::{escape_text, push_line};
use crate::model::{ImportantDate, Reminder, ReminderSource};

/// Escapes a TEXT value; control characters other than line breaks are dropped.
fn escape(s: &str) -> String {
    escape_text(s, char::is_control)
}

fn day(d: NaiveDate) -> String {
    d.format("%Y%m%d").to_string()
}

/// The calendar of `reminders` (open or snoozed: due on the day a snooze ends) and `dates`
/// (`(row id, contact's name, date)`), and how many events it holds.
pub fn write(
    reminders: &[Reminder],
    dates: &[(i64, String, ImportantDate)],
    now: DateTime<Utc>,
) -> (String, u32) {
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
    for r in reminders {
        let due = r.snoozed_until.unwrap_or(r.due_on);
        let what = match r.source {
            ReminderSource::Promise => "Promised",
            ReminderSource::TheirPromise => "They promised",
            _ => "Follow up",
        };
        let (id, name, text) = (r.id, &r.contact.name, &r.text);
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
    for (id, name, d) in dates {
        let (label, month, dom) = (&d.label, d.month, d.day);
        let start_year = d.year.unwrap_or(2000);
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
        if d.recurring {
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
    (out, count)
}
