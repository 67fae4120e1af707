//! Follow-ups as of a day: open reminders (manual, promises, accepted suggestions) sorted
//! into overdue, due today and upcoming, and important dates coming up.
//!
//! A snoozed reminder is hidden until its snooze date, then counts as due on that date.
//! Recurring dates (birthdays) come back every year; 29 February falls on 28 February in
//! other years. One-off dates count only in their own year.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::snapshot::{Now, ReminderFacts, Snapshot};
use crate::model::{ContactRef, ImportantDate, ReminderSource, ReminderStatus};

/// How far ahead reminders and dates count as upcoming, in days.
pub const UPCOMING_DAYS: i64 = 14;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReminderItem {
    pub id: i64,
    pub contact: ContactRef,
    /// When it is due (the snooze date for a snoozed reminder).
    pub due_on: NaiveDate,
    pub text: String,
    pub source: ReminderSource,
    /// Days from today to `due_on`: negative when overdue.
    pub in_days: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UpcomingDate {
    pub contact: ContactRef,
    pub label: String,
    pub date: NaiveDate,
    pub in_days: i64,
    /// How many years it marks (an age, an anniversary), when the first year is known.
    pub years: Option<i32>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RemindersView {
    pub overdue: Vec<ReminderItem>,
    pub due: Vec<ReminderItem>,
    pub upcoming: Vec<ReminderItem>,
    pub dates: Vec<UpcomingDate>,
}

/// The next day on or after `from` when `d` happens, if any.
pub fn next_occurrence(d: &ImportantDate, from: NaiveDate) -> Option<NaiveDate> {
    let on = |year: i32| {
        NaiveDate::from_ymd_opt(year, d.month, d.day).or_else(|| {
            (d.month == 2 && d.day == 29)
                .then(|| NaiveDate::from_ymd_opt(year, 2, 28))
                .flatten()
        })
    };
    if d.recurring {
        let this_year = on(from.year()).filter(|x| *x >= from);
        this_year
            .or_else(|| on(from.year() + 1))
            .filter(|x| d.year.is_none_or(|y| x.year() >= y))
    } else {
        d.year.and_then(on).filter(|x| *x >= from)
    }
}

/// When reminder `r` is due: its day, or the end of its snooze when later; `None` once it is
/// done or dismissed.
pub fn due_on(r: &ReminderFacts) -> Option<NaiveDate> {
    match r.status {
        ReminderStatus::Open => Some(r.due_on),
        ReminderStatus::Snoozed => Some(r.snoozed_until.unwrap_or(r.due_on).max(r.due_on)),
        ReminderStatus::Done | ReminderStatus::Dismissed => None,
    }
}

/// The follow-ups of `snap` as of `now`'s local day; archived contacts are left out.
pub fn reminders(snap: &Snapshot, now: &Now) -> RemindersView {
    let today = now.today();
    let mut view = RemindersView::default();
    let contact = |id: i64| {
        snap.contact(id)
            .filter(|c| !c.archived)
            .map(|c| ContactRef {
                id: c.id,
                name: c.name.clone(),
            })
    };
    for r in &snap.reminders {
        let Some(due_on) = due_on(r) else {
            continue;
        };
        let Some(who) = contact(r.contact_id) else {
            continue;
        };
        let in_days = (due_on - today).num_days();
        let item = ReminderItem {
            id: r.id,
            contact: who,
            due_on,
            text: r.text.clone(),
            source: r.source,
            in_days,
        };
        match in_days {
            d if d < 0 => view.overdue.push(item),
            0 => view.due.push(item),
            d if d <= UPCOMING_DAYS => view.upcoming.push(item),
            _ => {}
        }
    }
    for c in snap.contacts.iter().filter(|c| !c.archived) {
        for d in &c.dates {
            let Some(date) = next_occurrence(d, today) else {
                continue;
            };
            let in_days = (date - today).num_days();
            if in_days <= UPCOMING_DAYS {
                view.dates.push(UpcomingDate {
                    contact: ContactRef {
                        id: c.id,
                        name: c.name.clone(),
                    },
                    label: d.label.clone(),
                    date,
                    in_days,
                    years: d.year.filter(|_| d.recurring).map(|y| date.year() - y),
                });
            }
        }
    }
    let key = |i: &ReminderItem| (i.due_on, i.id);
    view.overdue.sort_by_key(key);
    view.due.sort_by_key(key);
    view.upcoming.sort_by_key(key);
    view.dates
        .sort_by(|a, b| (a.date, a.contact.id, &a.label).cmp(&(b.date, b.contact.id, &b.label)));
    view
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::snapshot::ContactFacts;
    use chrono::{TimeZone, Utc};

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn birthday(year: Option<i32>, month: u32, d: u32) -> ImportantDate {
        ImportantDate {
            label: "birthday".into(),
            year,
            month,
            day: d,
            recurring: true,
        }
    }

    #[test]
    fn birthdays_recur_every_year() {
        let b = birthday(Some(1990), 3, 9);
        let leap = birthday(None, 2, 29);
        let once = ImportantDate {
            recurring: false,
            ..birthday(Some(2026), 5, 1)
        };
        for (date, from, next) in [
            (&b, "2026-03-05", Some("2026-03-09")),
            (&b, "2026-03-10", Some("2027-03-09")),
            (&b, "2026-03-09", Some("2026-03-09")),
            (&leap, "2027-02-01", Some("2027-02-28")),
            (&leap, "2028-02-01", Some("2028-02-29")),
            (&once, "2026-04-01", Some("2026-05-01")),
            (&once, "2026-06-01", None),
        ] {
            assert_eq!(
                next_occurrence(date, day(from)),
                next.map(day),
                "{date:?} from {from}"
            );
        }
    }

    #[test]
    fn sorted_into_overdue_due_and_upcoming() {
        let now = Now::utc(Utc.with_ymd_and_hms(2026, 3, 5, 10, 0, 0).unwrap());
        let r = |id, due: &str, status, until: Option<&str>| ReminderFacts {
            id,
            contact_id: 1,
            due_on: day(due),
            text: format!("r{id}"),
            source: ReminderSource::Manual,
            status,
            snoozed_until: until.map(day),
        };
        let mut ana = ContactFacts::new(1, "Ana");
        ana.dates.push(birthday(Some(1990), 3, 9));
        let snap = Snapshot {
            contacts: vec![ana],
            reminders: vec![
                r(1, "2026-03-01", ReminderStatus::Open, None),
                r(2, "2026-03-05", ReminderStatus::Open, None),
                r(3, "2026-03-10", ReminderStatus::Open, None),
                r(4, "2026-04-30", ReminderStatus::Open, None),
                r(5, "2026-03-01", ReminderStatus::Snoozed, Some("2026-03-07")),
                r(6, "2026-03-01", ReminderStatus::Done, None),
            ],
            ..Default::default()
        };
        let v = reminders(&snap, &now);
        let ids = |xs: &[ReminderItem]| xs.iter().map(|x| x.id).collect::<Vec<_>>();
        assert_eq!(ids(&v.overdue), [1]);
        assert_eq!(v.overdue[0].in_days, -4);
        assert_eq!(ids(&v.due), [2]);
        assert_eq!(ids(&v.upcoming), [5, 3]);
        assert_eq!(v.dates.len(), 1);
        assert_eq!((v.dates[0].in_days, v.dates[0].years), (4, Some(36)));
    }
}
