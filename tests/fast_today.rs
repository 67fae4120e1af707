//! Today's fast path (bound-then-read, `Store::today`) gives exactly what the full pass
//! (`Store::today_exact`) gives: on several seeded networks, with explicit cadences, archived
//! and deleted contacts, feedback of every kind, needs I can help with, interests I newly
//! share, reminders, at several moments (before, at and after the seeded history's end) and
//! budgets.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use kith::engine::Now;
use kith::model::{
    AskKind, Circle, ContactInput, ContactQuery, ContactSort, FeedbackAction, Lane, NewAsk,
    NewReminder,
};
use kith::ops::SeedOptions;
use kith::Store;

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 12, 0, 0).unwrap()
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// A seeded network with a bit of everything the suggestion rules read.
fn network(contacts: u32, interactions: u32, seed: u64) -> Store {
    let mut s = Store::open_in_memory().unwrap();
    s.seed(
        SeedOptions {
            contacts,
            interactions,
            seed,
        },
        t0() - Duration::days(2),
    )
    .unwrap();
    let ids: Vec<i64> = s
        .list_contacts(&ContactQuery {
            sort: ContactSort::LastContact,
            limit: 500,
            ..Default::default()
        })
        .unwrap()
        .items
        .iter()
        .map(|c| c.id)
        .collect();
    let now = t0() - Duration::days(1);
    // Me, with interests some of them share, one taken up just now.
    let me = s.me(now).unwrap();
    let mut input = ContactInput::from_contact(&me);
    input.interests = vec!["Startups".into(), "Chess".into(), "Sailing".into()];
    s.update_contact(me.id, input, now).unwrap();
    for (k, &id) in ids.iter().enumerate().take(60) {
        let c = s.get_contact(id).unwrap();
        let mut input = ContactInput::from_contact(&c);
        match k % 6 {
            0 => input.cadence_days = Some(3 + k as u32),
            1 => input.circle = Some(Circle::Inner),
            2 => input.circle = None,
            3 => input.interests.push("Sailing".into()),
            _ => {}
        }
        s.update_contact(id, input, now).unwrap();
        match k % 10 {
            0 => {
                s.set_archived(id, true, now).unwrap();
            }
            1 => s.delete_contact(id, now).unwrap(),
            2 => {
                s.suggestion_feedback(
                    id,
                    Lane::ReachOut,
                    FeedbackAction::Dismissed,
                    None,
                    &Now::utc(now),
                )
                .unwrap();
            }
            3 => {
                s.suggestion_feedback(
                    id,
                    Lane::ReachOut,
                    FeedbackAction::Snoozed,
                    Some(day("2026-11-26")),
                    &Now::utc(now),
                )
                .unwrap();
            }
            4 => {
                s.suggestion_feedback(
                    id,
                    Lane::Reconnect,
                    FeedbackAction::Done,
                    None,
                    &Now::utc(now),
                )
                .unwrap();
            }
            5 => {
                s.add_ask(
                    NewAsk {
                        contact_id: id,
                        kind: AskKind::Need,
                        text: "looking for advice on startups and chess".into(),
                        interests: vec!["Startups".into()],
                    },
                    now,
                )
                .unwrap();
            }
            6 => {
                s.add_reminder(
                    NewReminder {
                        contact_id: id,
                        due_on: day("2026-11-24"),
                        text: "send the article".into(),
                    },
                    now,
                )
                .unwrap();
            }
            _ => {}
        }
    }
    s
}

fn same_at(s: &Store, at: DateTime<Utc>, limits: &[Option<u32>]) -> usize {
    let now = Now::utc(at);
    let mut shown = 0;
    for &limit in limits {
        let fast = s.today(&now, limit).unwrap();
        let exact = s.today_exact(&now, limit).unwrap();
        assert_eq!(fast, exact, "as of {at}, limit {limit:?}");
        shown += fast.suggestions.len();
    }
    shown
}

#[test]
fn fast_today_equals_the_full_pass_on_seeded_networks() {
    let limits = [None, Some(1), Some(12), Some(40)];
    let mut shown = 0;
    for (contacts, interactions, seed) in [(300, 3000, 1), (800, 4000, 2), (120, 5000, 3)] {
        let s = network(contacts, interactions, seed);
        for at in [
            t0(),
            t0() + Duration::days(45),
            t0() - Duration::days(120),
            t0() - Duration::days(3 * 365),
        ] {
            shown += same_at(&s, at, &limits);
        }
    }
    assert!(shown > 100, "the comparison saw real suggestions: {shown}");
}

#[test]
fn fast_today_equals_the_full_pass_with_no_circles_and_no_history() {
    let mut s = Store::open_in_memory().unwrap();
    s.seed(
        SeedOptions {
            contacts: 50,
            interactions: 0,
            seed: 4,
        },
        t0(),
    )
    .unwrap();
    same_at(&s, t0(), &[None, Some(40)]);
    let empty = Store::open_in_memory().unwrap();
    assert!(empty
        .today(&Now::utc(t0()), None)
        .unwrap()
        .suggestions
        .is_empty());
}
