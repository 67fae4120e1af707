//! Whether the desktop notification is due now, and what it says.
//!
//! Once a day at most (the day it last fired is remembered by the caller): at start-up if
//! something is due, otherwise once the user's `notifyAt` time has passed that day. Something
//! is due when Today has a suggestion, a follow-up overdue or due today, or a date that falls
//! today ([`due_count`] counts them). Notifications switched off in the settings never fire,
//! not even when asked for ([`Moment::Forced`], which only lifts the once-a-day rule). Pure
//! like the rest of the engine: the caller passes the moment and the day it last notified.
//!
//! [`log_line`] is the one-line form every edge writes to `KITH_NOTIFY_LOG` instead of
//! showing the notification (`crate::desktop::notifier`, which the app and the tray run, and
//! `kith notify`): the tests read it.

use chrono::{NaiveDate, NaiveTime};
use serde::Serialize;

use super::health::plural;
use super::{Now, Today};
use crate::model::Settings;

/// A notification to show. As JSON (`kith notify --json`): `{"day": "YYYY-MM-DD", "title",
/// "body"}`, the body's lines separated by `\n`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Notification {
    /// The local day it is for (remembered so that it fires once that day).
    pub day: NaiveDate,
    pub title: String,
    pub body: String,
}

/// When the question is asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Moment {
    /// As the app starts, or as a daily timer runs `kith notify` (at the set time, or at boot
    /// for a run the machine slept through): whatever the time of day.
    Startup,
    /// On the app's regular check: only once the daily time has passed.
    Tick,
    /// Asked for by the user (`kith notify --force`): as at start-up, and even if it was
    /// already shown (or paused) today. Notifications switched off still never fire.
    Forced,
}

/// True when nothing rules a notification out before Today is even computed: notifications
/// on, not yet shown today (unless [`Moment::Forced`]), and on a [`Moment::Tick`] the daily
/// time has passed.
pub fn may_notify(
    settings: &Settings,
    now: &Now,
    notified_on: Option<NaiveDate>,
    moment: Moment,
) -> bool {
    if !settings.notifications {
        return false;
    }
    if notified_on == Some(now.today()) && moment != Moment::Forced {
        return false;
    }
    match moment {
        Moment::Startup | Moment::Forced => true,
        Moment::Tick => {
            let local = now.at.with_timezone(&now.offset).time();
            // A malformed time (never saved: settings are validated) counts as 09:00.
            let at = NaiveTime::parse_from_str(&settings.notify_at, "%H:%M")
                .unwrap_or(NaiveTime::MIN + chrono::Duration::hours(9));
            local >= at
        }
    }
}

/// The notification for `today`, if [`may_notify`] and something is due.
pub fn notification(
    today: &Today,
    settings: &Settings,
    now: &Now,
    notified_on: Option<NaiveDate>,
    moment: Moment,
) -> Option<Notification> {
    if !may_notify(settings, now, notified_on, moment) {
        return None;
    }
    let people: Vec<&str> = today.suggestions.iter().map(|s| s.name.as_str()).collect();
    let r = &today.reminders;
    let follow_ups = r.overdue.len() + r.due.len();
    let dates: Vec<String> = r
        .dates
        .iter()
        .filter(|d| d.in_days == 0)
        .map(|d| format!("{}: {}", d.contact.name, d.label))
        .collect();
    if due_count(today) == 0 {
        return None;
    }
    let title = match people.len() {
        0 if follow_ups > 0 => plural(follow_ups, "follow-up due", "follow-ups due"),
        0 => "A date today".to_owned(),
        n => plural(n, "person to reach out to", "people to reach out to"),
    };
    let mut lines = Vec::new();
    if !people.is_empty() {
        lines.push(names(&people));
    }
    if follow_ups > 0 && !people.is_empty() {
        let overdue = if r.overdue.is_empty() {
            String::new()
        } else {
            format!(" ({} overdue)", r.overdue.len())
        };
        lines.push(format!(
            "{}{overdue}",
            plural(follow_ups, "follow-up due", "follow-ups due")
        ));
    } else if follow_ups > 0 {
        let mut who: Vec<&str> = r
            .overdue
            .iter()
            .chain(&r.due)
            .map(|x| x.contact.name.as_str())
            .collect();
        who.dedup();
        lines.push(names(&who));
    }
    lines.extend(dates);
    Some(Notification {
        title: format!("Kith: {title}"),
        body: lines.join("\n"),
        day: now.today(),
    })
}

/// How many things Today has due today, as the notification counts them: the people it
/// suggests reaching out to, the follow-ups overdue or due today, and the dates that fall
/// today. Zero exactly when there is nothing to notify about.
pub fn due_count(today: &Today) -> u32 {
    let r = &today.reminders;
    let n = today.suggestions.len()
        + r.overdue.len()
        + r.due.len()
        + r.dates.iter().filter(|d| d.in_days == 0).count();
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The notification as one line of `KITH_NOTIFY_LOG` (without the line break): the day, the
/// title and the body, separated by tabs, the body's lines joined by " / ".
pub fn log_line(n: &Notification) -> String {
    let body = n.body.lines().collect::<Vec<_>>().join(" / ");
    format!("{}\t{}\t{body}", n.day, n.title)
}

/// "Ana", "Ana and Bo", "Ana, Bo and 3 more".
fn names(all: &[&str]) -> String {
    match all {
        [] => String::new(),
        [a] => (*a).to_owned(),
        [a, b] => format!("{a} and {b}"),
        [a, b, rest @ ..] => format!("{a}, {b} and {} more", rest.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{ReminderItem, RemindersView, Suggestion};
    use crate::model::{ContactRef, Lane, ReminderSource};
    use chrono::{DateTime, FixedOffset, Offset, Utc};

    fn at(s: &str) -> Now {
        Now {
            at: DateTime::parse_from_rfc3339(s)
                .map(|d| d.with_timezone(&Utc))
                .unwrap_or_default(),
            offset: FixedOffset::east_opt(2 * 3600).unwrap_or(Utc.fix()),
        }
    }

    fn today(now: &Now, people: &[&str], due: usize) -> Today {
        Today {
            as_of: now.at,
            today: now.today(),
            budget: 5,
            help_in_suggestions: 0,
            suggestions: people
                .iter()
                .enumerate()
                .map(|(i, n)| Suggestion {
                    contact_id: i as i64 + 1,
                    name: (*n).to_owned(),
                    circle: None,
                    lane: Lane::ReachOut,
                    priority: 0.5,
                    warmth: 0.5,
                    health: 40,
                    days_since_last: Some(40),
                    cadence_days: 30.0,
                    reasons: vec!["last spoke 40 days ago".into()],
                })
                .collect(),
            help: Vec::new(),
            reminders: RemindersView {
                due: (0..due)
                    .map(|i| ReminderItem {
                        id: i as i64,
                        contact: ContactRef {
                            id: 9,
                            name: "Cy".into(),
                        },
                        due_on: now.today(),
                        text: "call back".into(),
                        source: ReminderSource::Manual,
                        in_days: 0,
                    })
                    .collect(),
                ..Default::default()
            },
        }
    }

    #[test]
    fn fires_at_startup_when_something_is_due_and_names_who() {
        let now = at("2026-03-02T06:00:00+02:00");
        let s = Settings::default();
        let n = notification(
            &today(&now, &["Ana", "Bo", "Cy", "Di"], 1),
            &s,
            &now,
            None,
            Moment::Startup,
        );
        let n = n.expect("a notification at start-up");
        assert_eq!(n.title, "Kith: 4 people to reach out to");
        assert_eq!(n.body, "Ana, Bo and 2 more\n1 follow-up due");
        assert_eq!(
            n.day,
            NaiveDate::from_ymd_opt(2026, 3, 2).unwrap_or_default()
        );
    }

    #[test]
    fn waits_for_the_daily_time_on_ticks_in_local_time() {
        let s = Settings {
            notify_at: "09:00".into(),
            ..Settings::default()
        };
        let before = at("2026-03-02T08:59:00+02:00");
        let after = at("2026-03-02T09:00:00+02:00");
        assert!(notification(
            &today(&before, &["Ana"], 0),
            &s,
            &before,
            None,
            Moment::Tick
        )
        .is_none());
        assert!(
            notification(&today(&after, &["Ana"], 0), &s, &after, None, Moment::Tick).is_some()
        );
    }

    #[test]
    fn once_a_day_only_when_on_and_only_when_something_is_due() {
        let now = at("2026-03-02T10:00:00+02:00");
        let on = Settings::default();
        let off = Settings {
            notifications: false,
            ..Settings::default()
        };
        let busy = today(&now, &["Ana"], 0);
        assert!(notification(&busy, &on, &now, Some(now.today()), Moment::Startup).is_none());
        assert!(notification(&busy, &off, &now, None, Moment::Startup).is_none());
        assert!(notification(&today(&now, &[], 0), &on, &now, None, Moment::Tick).is_none());
        let yesterday = now.today().pred_opt();
        assert!(notification(&busy, &on, &now, yesterday, Moment::Tick).is_some());
        let only_follow_up = notification(&today(&now, &[], 2), &on, &now, None, Moment::Tick);
        assert_eq!(
            only_follow_up.map(|n| (n.title, n.body)),
            Some(("Kith: 2 follow-ups due".to_owned(), "Cy".to_owned()))
        );
    }

    #[test]
    fn forced_lifts_only_the_once_a_day_rule() {
        let now = at("2026-03-02T06:00:00+02:00"); // before the 09:00 default
        let on = Settings::default();
        let off = Settings {
            notifications: false,
            ..Settings::default()
        };
        let busy = today(&now, &["Ana"], 0);
        let shown = Some(now.today());
        assert!(notification(&busy, &on, &now, shown, Moment::Forced).is_some());
        assert!(notification(&busy, &on, &now, shown, Moment::Startup).is_none());
        assert!(notification(&busy, &off, &now, None, Moment::Forced).is_none());
        assert!(notification(&today(&now, &[], 0), &on, &now, shown, Moment::Forced).is_none());
    }

    #[test]
    fn counts_what_is_due_today_and_nothing_else() {
        let now = at("2026-03-02T10:00:00+02:00");
        assert_eq!(due_count(&today(&now, &[], 0)), 0);
        let mut t = today(&now, &["Ana", "Bo"], 1);
        assert_eq!(due_count(&t), 3);
        let date = |in_days| crate::engine::UpcomingDate {
            contact: ContactRef {
                id: 4,
                name: "Di".into(),
            },
            label: "birthday".into(),
            date: now.today() + chrono::Duration::days(in_days),
            in_days,
            years: None,
        };
        t.reminders.dates = vec![date(0), date(3)];
        t.reminders.upcoming = t.reminders.due.clone();
        assert_eq!(
            due_count(&t),
            4,
            "a date today counts, upcoming ones do not"
        );
        t.reminders.overdue = t.reminders.due.clone();
        assert_eq!(due_count(&t), 5);
    }

    #[test]
    fn the_log_line_is_day_title_body_on_one_line() {
        let n = Notification {
            title: "Kith: 2 people to reach out to".into(),
            body: "Ana and Bo\n1 follow-up due".into(),
            day: NaiveDate::from_ymd_opt(2026, 3, 2).unwrap_or_default(),
        };
        assert_eq!(
            log_line(&n),
            "2026-03-02\tKith: 2 people to reach out to\tAna and Bo / 1 follow-up due"
        );
        assert_eq!(
            serde_json::to_value(&n).ok(),
            Some(serde_json::json!({
                "day": "2026-03-02",
                "title": "Kith: 2 people to reach out to",
                "body": "Ana and Bo\n1 follow-up due",
            }))
        );
    }
}
