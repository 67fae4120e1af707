//! The meeting brief: calendar events coming up with people in Kith (`Store::upcoming`), and
//! what to have in mind before meeting each of them (`Store::brief`). Runs on
//! `tests/fixtures/calendar/brief.ics` (see its README), read as of a fixed moment.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use kith::engine::Now;
use kith::model::{
    AskKind, Channel, ContactInput, FollowUp, ImportantDate, InteractionKind, NewAsk,
    NewInteraction, ReminderSource, Upcoming,
};
use kith::{Error, Store};

/// When the calendar is read: two days before the review, eleven after the coffee.
fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 12, 0, 0).unwrap()
}

/// When the people, asks and the lunch were added: the day before.
fn before() -> DateTime<Utc> {
    now() - Duration::days(1)
}

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/calendar/brief.ics")
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

struct World {
    _dir: tempfile::TempDir,
    store: Store,
    ana: i64,
    bo: i64,
}

/// Sam (the user, into climbing and jazz, offering app design) knows Ana (into climbing
/// and design, needs a designer, birthday on 10 December, a lunch logged with a promise) and
/// Bo (needs nothing); the calendar is added as a source.
fn world() -> World {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("kith.db")).unwrap();
    let me = store.add_me_address("sam@example.net", before()).unwrap();
    let mut input = ContactInput::from_contact(&me);
    input.interests = vec!["climbing".into(), "jazz".into()];
    store.update_contact(me.id, input, before()).unwrap();
    let ana = store
        .add_contact(
            ContactInput {
                name: "Ana Ruiz".into(),
                channels: vec![Channel::email("Ana.Ruiz@example.org")],
                interests: vec!["Climbing".into(), "design".into()],
                dates: vec![ImportantDate {
                    label: "birthday".into(),
                    year: Some(1990),
                    month: 12,
                    day: 10,
                    recurring: true,
                }],
                ..Default::default()
            },
            before(),
        )
        .unwrap()
        .id;
    let bo = store
        .add_contact(
            ContactInput {
                name: "Bo Chen".into(),
                channels: vec![Channel::email("bo@chen.example.org")],
                ..Default::default()
            },
            before(),
        )
        .unwrap()
        .id;
    store
        .add_ask(
            NewAsk {
                contact_id: me.id,
                kind: AskKind::Offer,
                text: "app design".into(),
                interests: vec![],
            },
            before(),
        )
        .unwrap();
    store
        .add_ask(
            NewAsk {
                contact_id: ana,
                kind: AskKind::Need,
                text: "a designer for her app".into(),
                interests: vec![],
            },
            before(),
        )
        .unwrap();
    store
        .log_interaction(
            NewInteraction {
                participants: vec![ana],
                kind: InteractionKind::Call,
                occurred_at: Utc.with_ymd_and_hms(2026, 11, 10, 13, 0, 0).unwrap(),
                has_time: true,
                summary: "Talked about her app".into(),
                notes: String::new(),
                initiated_by: None,
                quality: None,
                help: vec![],
                follow_up: Some(FollowUp {
                    due_on: day("2026-12-04"),
                    text: "send the deck".into(),
                    contact: None,
                    by: Default::default(),
                }),
            },
            before(),
        )
        .unwrap();
    store
        .add_source(&fixture(), None, false, now(), &mut |_| true)
        .unwrap();
    World {
        _dir: dir,
        store,
        ana,
        bo,
    }
}

fn titles(list: &[Upcoming]) -> Vec<&str> {
    list.iter().map(|u| u.title.as_str()).collect()
}

#[test]
fn a_meeting_with_contacts_comes_up_with_a_brief_on_each() {
    let w = world();
    let list = w.store.upcoming(&Now::utc(now()), 7).unwrap();
    // Not the pitch (only a stranger), the coffee (past), the sprint (11 days ahead), the
    // dinner (declined) or the standup (cancelled).
    assert_eq!(titles(&list), ["Quarterly review"], "{list:#?}");
    let review = &list[0];
    assert_eq!(review.key, "ics:review@brief.test|");
    assert_eq!(
        review.starts_at,
        Utc.with_ymd_and_hms(2026, 12, 3, 10, 0, 0).unwrap()
    );
    assert!(review.has_time);
    assert!(review.from_me);
    assert_eq!(review.kind, InteractionKind::Meeting);
    assert_eq!(review.others, 1, "Zoe is not in Kith");
    let people: Vec<i64> = review.people.iter().map(|b| b.contact.id).collect();
    assert_eq!(people, [w.ana, w.bo]);

    let ana = &review.people[0];
    assert_eq!(ana.contact.name, "Ana Ruiz");
    // The coffee (settled from the calendar) and the call logged by hand, newest first.
    let last: Vec<(&str, InteractionKind)> = ana
        .last_interactions
        .iter()
        .map(|i| (i.summary.as_str(), i.kind))
        .collect();
    assert_eq!(
        last,
        [
            ("Coffee", InteractionKind::Meeting),
            ("Talked about her app", InteractionKind::Call)
        ]
    );
    assert_eq!(ana.shared_interests, ["climbing"]);
    assert_eq!(ana.needs.len(), 1);
    assert_eq!(ana.needs[0].text, "a designer for her app");
    assert_eq!(
        ana.needs[0].offer.as_ref().map(|o| o.text.as_str()),
        Some("app design")
    );
    assert!(!ana.needs[0].terms.is_empty());
    assert_eq!(ana.follow_ups.len(), 1);
    assert_eq!(ana.follow_ups[0].text, "send the deck");
    assert_eq!(ana.follow_ups[0].source, ReminderSource::Promise);
    assert_eq!(ana.follow_ups[0].in_days, 3);
    let date = ana.date_coming_up.as_ref().unwrap();
    assert_eq!(
        (date.label.as_str(), date.date, date.in_days, date.years),
        ("birthday", day("2026-12-10"), 9, Some(36))
    );
    assert_eq!(ana.days_since_last, Some(11));
    assert!(ana.health > 0);
    assert!(!ana.health_line.is_empty());

    let bo = &review.people[1];
    assert!(bo.last_interactions.is_empty());
    assert!(bo.needs.is_empty() && bo.follow_ups.is_empty() && bo.shared_interests.is_empty());
    assert_eq!(bo.date_coming_up, None);
    assert_eq!((bo.health, bo.days_since_last), (0, None));
    assert_eq!(bo.health_line, "no interaction logged yet");

    // `brief` says the same of one person.
    assert_eq!(&w.store.brief(w.ana, &Now::utc(now())).unwrap(), ana);
}

#[test]
fn days_bound_how_far_ahead_and_what_has_begun_is_no_longer_upcoming() {
    let w = world();
    let at = |n: Now, days| titles(&w.store.upcoming(&n, days).unwrap()).join(", ");
    let now = Now::utc(now());
    assert_eq!(at(now, 1), "");
    assert_eq!(at(now, 2), "Quarterly review");
    assert_eq!(at(now, 10), "Quarterly review");
    assert_eq!(at(now, 11), "Quarterly review, Design sprint");
    let sprint = &w.store.upcoming(&now, 11).unwrap()[1];
    assert_eq!(sprint.kind, InteractionKind::Video);
    assert!(!sprint.from_me);
    assert_eq!(sprint.others, 0);
    // Once the review has begun it is past.
    let later = Now::utc(Utc.with_ymd_and_hms(2026, 12, 3, 10, 0, 1).unwrap());
    assert_eq!(at(later, 30), "Design sprint");
    for days in [0, 31] {
        assert!(matches!(
            w.store.upcoming(&now, days),
            Err(Error::Invalid { .. })
        ));
    }
}

#[test]
fn a_brief_is_of_a_live_contact_only() {
    let mut w = world();
    w.store.delete_contact(w.bo, now()).unwrap();
    assert!(matches!(
        w.store.brief(w.bo, &Now::utc(now())),
        Err(Error::NotFound { .. })
    ));
    // A person in the trash is nobody on the review: Bo counts as not in Kith.
    let review = &w.store.upcoming(&Now::utc(now()), 7).unwrap()[0];
    assert_eq!(review.people.len(), 1);
    assert_eq!(review.others, 2);
    // Tomorrow's brief already counts the coffee as 12 days ago.
    let tomorrow = Now::utc(now() + Duration::days(1));
    assert_eq!(
        w.store.brief(w.ana, &tomorrow).unwrap().days_since_last,
        Some(12)
    );
}
