//! Integration tests of the follow-up engine through `kith::Store`: the snapshot as of a
//! moment (later interactions, trashed and archived contacts), suggestions reacting to a
//! logged interaction, to feedback (snooze, dismiss, done) and to settings, promises and
//! manual reminders, help opportunities from stored asks, "newly shared" interests kept
//! through an edit, and the interactions CSV import (all or nothing, contacts matched by
//! name, dry run).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use kith::engine::{Now, Today};
use kith::model::{
    AskKind, Circle, ContactInput, FeedbackAction, FollowUp, Initiator, InteractionKind, Lane,
    NewAsk, NewInteraction, NewReminder, Settings,
};
use kith::{Error, Store};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 5, 18, 0, 0).unwrap()
}

fn at(days_ago: i64) -> DateTime<Utc> {
    now() - Duration::days(days_ago)
}

fn utc(t: DateTime<Utc>) -> Now {
    Now::utc(t)
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn add(store: &mut Store, name: &str, circle: Option<Circle>) -> i64 {
    store
        .add_contact(
            ContactInput {
                name: name.into(),
                circle,
                ..Default::default()
            },
            at(400),
        )
        .unwrap()
        .id
}

fn log(store: &mut Store, who: &[i64], when: DateTime<Utc>, kind: InteractionKind) -> i64 {
    store
        .log_interaction(
            NewInteraction {
                participants: who.to_vec(),
                kind,
                occurred_at: when,
                has_time: true,
                summary: "talked".into(),
                notes: String::new(),
                initiated_by: Some(Initiator::Mutual),
                quality: None,
                help: vec![],
                follow_up: None,
            },
            when,
        )
        .unwrap()
        .id
}

fn suggested(t: &Today) -> Vec<&str> {
    t.suggestions.iter().map(|s| s.name.as_str()).collect()
}

fn today(store: &Store, when: DateTime<Utc>) -> Today {
    store.today(&utc(when), None).unwrap()
}

#[test]
fn as_of_ignores_later_interactions() {
    let mut store = Store::open_in_memory().unwrap();
    let ana = add(&mut store, "Ana", Some(Circle::Close));
    log(&mut store, &[ana], at(100), InteractionKind::Meeting);
    log(&mut store, &[ana], at(10), InteractionKind::Call);

    let then = store.contact_health(ana, &utc(at(50))).unwrap();
    assert_eq!(then.days_since_last, Some(50));
    let snap = store.engine_snapshot(&utc(at(50)), None).unwrap();
    assert_eq!(snap.contact(ana).unwrap().touches.len(), 1);
    // As of 50 days ago she was due (50 > 30); today she is not.
    assert_eq!(suggested(&today(&store, at(50))), ["Ana"]);
    assert!(suggested(&today(&store, now())).is_empty());
    assert_eq!(
        store
            .contact_health(ana, &utc(now()))
            .unwrap()
            .days_since_last,
        Some(10)
    );
    // An interaction exactly at as_of is not before it.
    let snap = store.engine_snapshot(&utc(at(10)), None).unwrap();
    assert_eq!(snap.contact(ana).unwrap().touches.len(), 1);
}

#[test]
fn a_suggestion_disappears_once_an_interaction_is_logged_today() {
    let mut store = Store::open_in_memory().unwrap();
    let ana = add(&mut store, "Ana", Some(Circle::Close));
    log(&mut store, &[ana], at(94), InteractionKind::Meeting);
    let t = today(&store, now());
    assert_eq!(suggested(&t), ["Ana"]);
    assert_eq!(
        t.suggestions[0].reasons,
        ["last spoke 94 days ago; your circle's target is every 30 days"]
    );
    log(
        &mut store,
        &[ana],
        now() - Duration::hours(2),
        InteractionKind::Message,
    );
    assert!(suggested(&today(&store, now())).is_empty());
}

#[test]
fn trashed_contacts_are_gone_and_archived_ones_are_not_suggested() {
    let mut store = Store::open_in_memory().unwrap();
    let ana = add(&mut store, "Ana", Some(Circle::Close));
    let ben = add(&mut store, "Ben", Some(Circle::Close));
    let cleo = add(&mut store, "Cleo", Some(Circle::Close));
    for id in [ana, ben, cleo] {
        log(&mut store, &[id], at(60), InteractionKind::Call);
    }
    store.delete_contact(ben, now()).unwrap();
    store.set_archived(cleo, true, now()).unwrap();
    assert_eq!(suggested(&today(&store, now())), ["Ana"]);
    let names: Vec<String> = store
        .health_all(&utc(now()))
        .unwrap()
        .into_iter()
        .map(|h| h.name)
        .collect();
    assert_eq!(names, ["Ana"]);
    assert_eq!(
        store
            .contact_health(cleo, &utc(now()))
            .unwrap()
            .days_since_last,
        Some(60)
    );
    assert!(matches!(
        store.contact_health(ben, &utc(now())),
        Err(Error::NotFound { .. })
    ));
}

#[test]
fn snooze_hides_until_its_date_and_dismiss_lowers() {
    let mut store = Store::open_in_memory().unwrap();
    let ana = add(&mut store, "Ana", Some(Circle::Close));
    let ben = add(&mut store, "Ben", Some(Circle::Close));
    log(&mut store, &[ana], at(94), InteractionKind::Call);
    log(&mut store, &[ben], at(60), InteractionKind::Call);
    assert_eq!(suggested(&today(&store, now())), ["Ana", "Ben"]);

    let fb = store
        .suggestion_feedback(
            ana,
            Lane::ReachOut,
            FeedbackAction::Snoozed,
            Some(date("2026-03-08")),
            &utc(now()),
        )
        .unwrap();
    assert_eq!(fb.until, Some(date("2026-03-08")));
    assert_eq!(suggested(&today(&store, now())), ["Ben"]);
    assert_eq!(
        suggested(&today(&store, now() + Duration::days(2))),
        ["Ben"]
    );
    assert_eq!(
        suggested(&today(&store, now() + Duration::days(3))),
        ["Ana", "Ben"]
    );
    // As of before the snooze was given, it did not exist.
    assert_eq!(
        suggested(&today(&store, now() - Duration::hours(1))),
        ["Ana", "Ben"]
    );

    store
        .suggestion_feedback(
            ana,
            Lane::ReachOut,
            FeedbackAction::Dismissed,
            None,
            &utc(now() + Duration::days(3)),
        )
        .unwrap();
    assert_eq!(
        suggested(&today(&store, now() + Duration::days(4))),
        ["Ben", "Ana"]
    );

    let err = store
        .suggestion_feedback(
            ana,
            Lane::ReachOut,
            FeedbackAction::Snoozed,
            Some(date("2026-03-05")),
            &utc(now()),
        )
        .unwrap_err();
    assert!(
        matches!(&err, Error::Invalid { fields } if fields[0].field == "until"),
        "{err:?}"
    );
}

#[test]
fn the_budget_comes_from_the_settings() {
    let mut store = Store::open_in_memory().unwrap();
    for i in 0..8 {
        let id = add(&mut store, &format!("P{i}"), Some(Circle::Close));
        log(&mut store, &[id], at(40 + i), InteractionKind::Call);
    }
    assert_eq!(today(&store, now()).suggestions.len(), 5);
    let saved = store
        .set_settings(Settings {
            daily_budget: 2,
            ..Settings::default()
        })
        .unwrap();
    assert_eq!(saved.daily_budget, 2);
    assert_eq!(suggested(&today(&store, now())), ["P7", "P6"]);
    assert_eq!(
        store.today(&utc(now()), Some(7)).unwrap().suggestions.len(),
        7
    );

    let err = store
        .set_settings(Settings {
            daily_budget: 500,
            notify_at: "25:00".into(),
            ..Settings::default()
        })
        .unwrap_err();
    let Error::Invalid { fields } = err else {
        panic!()
    };
    let names: Vec<&str> = fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(names, ["dailyBudget", "notifyAt"]);
    assert_eq!(store.settings().unwrap().daily_budget, 2);
}

#[test]
fn circle_gaps_from_the_settings_change_who_is_due() {
    let mut store = Store::open_in_memory().unwrap();
    let ana = add(&mut store, "Ana", Some(Circle::Close));
    log(&mut store, &[ana], at(20), InteractionKind::Call);
    assert!(suggested(&today(&store, now())).is_empty());
    let mut s = Settings::default();
    s.circle_gaps.close = 14;
    store.set_settings(s).unwrap();
    assert_eq!(suggested(&today(&store, now())), ["Ana"]);
}

#[test]
fn a_contact_with_no_circle_is_due_on_its_own_rhythm() {
    // Calls every 10 days (days 60, 50, 40, 30 ago): no circle, so the learned 10-day rhythm
    // is used as is (main counted such a contact as wider, 182.5 days at the least, and never
    // suggested it). 30 days after the last call R(30, 10) = (1 + 3·19/81)^-0.5 < 0.9: due.
    let mut store = Store::open_in_memory().unwrap();
    let ana = add(&mut store, "Ana", None);
    for d in [60, 50, 40, 30] {
        log(&mut store, &[ana], at(d), InteractionKind::Call);
    }
    let t = today(&store, now());
    assert_eq!(suggested(&t), ["Ana"]);
    assert_eq!(
        t.suggestions[0].reasons,
        ["last spoke 30 days ago; you usually talk every 10 days"]
    );
    // importance 0.2 × (1 − R) × (1 − p), p = 1 − e^(−7 × 2/90) (4 mutual calls, half each).
    let r = (1.0 + 3.0 * 19.0 / 81.0f64).powf(-0.5);
    let p = 1.0 - (-7.0 * 2.0 / 90.0f64).exp();
    assert!((t.suggestions[0].priority - 0.2 * (1.0 - r) * (1.0 - p)).abs() < 0.001);

    // With one call only, the 90-day default: not due 30 days later, due 100 days later.
    let bo = add(&mut store, "Bo", None);
    log(&mut store, &[bo], at(130), InteractionKind::Call);
    let h = store.contact_health(bo, &utc(at(100))).unwrap();
    assert_eq!(
        (h.cadence_days, h.cadence_source),
        (90.0, kith::engine::CadenceSource::Default)
    );
    assert!(!suggested(&today(&store, at(100))).contains(&"Bo"));
    assert!(suggested(&today(&store, at(30))).contains(&"Bo"));
}

#[test]
fn promises_and_manual_reminders() {
    let mut store = Store::open_in_memory().unwrap();
    let ana = add(&mut store, "Ana", Some(Circle::Close));
    store
        .log_interaction(
            NewInteraction {
                participants: vec![ana],
                kind: InteractionKind::Meeting,
                occurred_at: at(5),
                has_time: true,
                summary: "coffee".into(),
                notes: String::new(),
                initiated_by: None,
                quality: None,
                help: vec![],
                follow_up: Some(FollowUp {
                    due_on: date("2026-03-06"),
                    text: "send the article".into(),
                    contact: None,
                    by: Default::default(),
                }),
            },
            at(5),
        )
        .unwrap();
    let manual = store
        .add_reminder(
            NewReminder {
                contact_id: ana,
                due_on: date("2026-03-01"),
                text: "ask about the move".into(),
            },
            at(10),
        )
        .unwrap();
    let t = today(&store, now());
    assert_eq!(suggested(&t), ["Ana"]);
    assert_eq!(
        t.suggestions[0].reasons,
        ["you promised “send the article”, due tomorrow"]
    );
    assert_eq!(t.reminders.overdue.len(), 1);
    assert_eq!(t.reminders.overdue[0].in_days, -4);
    assert_eq!(t.reminders.upcoming[0].text, "send the article");

    let snoozed = store
        .reminder_snooze(manual.id, date("2026-03-07"), &utc(now()))
        .unwrap();
    assert_eq!(snoozed.snoozed_until, Some(date("2026-03-07")));
    let v = store.reminders(&utc(now())).unwrap();
    assert!(v.overdue.is_empty());
    assert_eq!(
        v.upcoming.iter().map(|r| r.id).collect::<Vec<_>>().first(),
        Some(&(manual.id - 1))
    );
    let v = store.reminders(&utc(now() + Duration::days(2))).unwrap();
    assert_eq!(v.due.iter().map(|r| r.id).collect::<Vec<_>>(), [manual.id]);

    store.reminder_done(manual.id, now()).unwrap();
    let v = store.reminders(&utc(now() + Duration::days(2))).unwrap();
    assert!(v.due.is_empty());
    // As of before it was done, it was still open.
    let v = store.reminders(&utc(now() - Duration::hours(1))).unwrap();
    assert_eq!(v.overdue.len(), 1);

    let err = store
        .add_reminder(
            NewReminder {
                contact_id: ana,
                due_on: date("2026-03-01"),
                text: "  ".into(),
            },
            now(),
        )
        .unwrap_err();
    assert!(
        matches!(&err, Error::Invalid { fields } if fields[0].field == "text"),
        "{err:?}"
    );
}

#[test]
fn help_opportunities_from_stored_asks() {
    let mut store = Store::open_in_memory().unwrap();
    let ana = add(&mut store, "Ana", Some(Circle::Network));
    let me = store.me(at(300)).unwrap().id;
    log(&mut store, &[ana], at(10), InteractionKind::Call);
    for (who, kind, text) in [
        (ana, AskKind::Need, "a designer for her app"),
        (me, AskKind::Offer, "design"),
    ] {
        store
            .add_ask(
                NewAsk {
                    contact_id: who,
                    kind,
                    text: text.into(),
                    interests: vec![],
                },
                at(20),
            )
            .unwrap();
    }
    let ops = store.help_opportunities(&utc(now())).unwrap();
    assert_eq!(ops.len(), 1);
    assert_eq!(ops[0].terms, ["designer"]);
    let t = today(&store, now());
    assert_eq!(suggested(&t), ["Ana"]);
    assert_eq!(
        t.suggestions[0].reasons,
        ["Ana needs “a designer for her app”: you listed “design” as an offer (shared: designer)"]
    );
    // Before the asks existed there was nothing to match.
    assert!(store.help_opportunities(&utc(at(30))).unwrap().is_empty());
    // Dismissed in the help lane: gone from help for a while.
    store
        .suggestion_feedback(
            ana,
            Lane::Help,
            FeedbackAction::Dismissed,
            None,
            &utc(now()),
        )
        .unwrap();
    assert!(store.help_opportunities(&utc(now())).unwrap().is_empty());
}

#[test]
fn a_newly_shared_interest_is_kept_through_an_edit_and_boosts() {
    let mut store = Store::open_in_memory().unwrap();
    let me = store.me(at(300)).unwrap();
    let mut mine = ContactInput::from_contact(&me);
    mine.interests = vec!["Climbing".into()];
    store.update_contact(me.id, mine, at(300)).unwrap();
    let ana = store
        .add_contact(
            ContactInput {
                name: "Ana".into(),
                circle: Some(Circle::Close),
                interests: vec!["Jazz".into()],
                ..Default::default()
            },
            at(300),
        )
        .unwrap();
    log(&mut store, &[ana.id], at(3), InteractionKind::Call);
    let mut edit = ContactInput::from_contact(&ana);
    edit.interests = vec!["Jazz".into(), "climbing".into()];
    store.update_contact(ana.id, edit, at(2)).unwrap();
    let t = today(&store, now());
    assert_eq!(t.suggestions[0].reasons, ["you now both like Climbing"]);
    let fresh = |t: &Today| {
        t.suggestions
            .iter()
            .any(|s| s.reasons.contains(&"you now both like Climbing".to_owned()))
    };
    assert!(fresh(&today(&store, now() + Duration::days(27))));
    // A later edit keeps the day she took it up: 30 days after it, it is no longer new.
    let ana = store.get_contact(ana.id).unwrap();
    let mut edit = ContactInput::from_contact(&ana);
    edit.notes = "met at the crag".into();
    store
        .update_contact(ana.id, edit, now() + Duration::days(20))
        .unwrap();
    assert!(!fresh(&today(&store, now() + Duration::days(35))));
}

fn csv_rows(n: usize, bad_at: Option<usize>) -> String {
    let mut s = String::from("when,participants,kind,initiated_by,summary,notes\n");
    for i in 0..n {
        // Line numbers: the header is line 1, row i is line i + 2.
        let when = if Some(i + 2) == bad_at {
            "2026-13-01".to_owned()
        } else {
            format!("2026-01-{:02}", i + 1)
        };
        s.push_str(&format!("{when},ana; Ben Stone,call,them,call {i},\n"));
    }
    s
}

fn count(store: &Store, table: &str) -> i64 {
    store
        .conn()
        .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

#[test]
fn csv_import_is_all_or_nothing_and_names_the_bad_line() {
    let mut store = Store::open_in_memory().unwrap();
    add(&mut store, "Ana", None);
    let offset = chrono::FixedOffset::east_opt(0).unwrap();
    let err = store
        .import_interactions_csv(csv_rows(10, Some(7)).as_bytes(), offset, false, now())
        .unwrap_err();
    let Error::Invalid { fields } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(fields.len(), 1);
    assert_eq!(fields[0].field, "line 7, when");
    assert!(
        err.to_string()
            .starts_with("line 7, when: \"2026-13-01\" is not a date"),
        "{err}"
    );
    assert_eq!(
        (count(&store, "interaction"), count(&store, "contact")),
        (0, 1)
    );

    let report = store
        .import_interactions_csv(csv_rows(10, None).as_bytes(), offset, true, now())
        .unwrap();
    assert_eq!(
        (
            report.interactions_created,
            report.contacts_created,
            report.contacts_matched
        ),
        (10, 1, 1)
    );
    assert!(report.dry_run);
    assert_eq!(
        (count(&store, "interaction"), count(&store, "contact")),
        (0, 1)
    );

    let report = store
        .import_interactions_csv(csv_rows(10, None).as_bytes(), offset, false, now())
        .unwrap();
    assert_eq!(
        (
            report.interactions_created,
            report.contacts_created,
            report.contacts_matched
        ),
        (10, 1, 1)
    );
    assert_eq!(
        (count(&store, "interaction"), count(&store, "contact")),
        (10, 2)
    );
    assert_eq!(count(&store, "interaction_participant"), 20);
    let ben = store.resolve_contact("Ben Stone").unwrap();
    let h = store.contact_health(ben.id, &utc(now())).unwrap();
    assert_eq!(h.days_since_last, Some(54));
    assert_eq!(h.cadence_source, kith::engine::CadenceSource::Learned);
}

#[test]
fn csv_import_refuses_a_future_interaction_and_ambiguous_names() {
    let mut store = Store::open_in_memory().unwrap();
    add(&mut store, "Ana", None);
    add(&mut store, "ana", None);
    let offset = chrono::FixedOffset::east_opt(0).unwrap();
    let err = store
        .import_interactions_csv(
            b"when,participants\n2026-03-01,Ben\n2030-01-01,Cleo\n2026-03-01,ANA\n",
            offset,
            false,
            now(),
        )
        .unwrap_err();
    let Error::Invalid { fields } = &err else {
        panic!("{err:?}")
    };
    let names: Vec<&str> = fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(names, ["line 3, when", "line 4, participants"]);
    assert_eq!(count(&store, "contact"), 2, "Ben and Cleo were not kept");
}

#[test]
fn the_people_list_pages_by_health_weakest_first_with_each_rows_health() {
    use kith::model::{ContactQuery, ContactSort};
    let mut store = Store::open_in_memory().unwrap();
    let mut ids = Vec::new();
    for (i, name) in ["Ana", "Bo", "Cy", "Di", "Eva", "Flo", "Gus"]
        .iter()
        .enumerate()
    {
        let id = add(&mut store, name, Some(Circle::Close));
        // Different histories, so different healths: the i-th was last seen 1 + i*15 days ago.
        for k in 0..=i {
            log(
                &mut store,
                &[id],
                at(1 + i as i64 * 15 + k as i64 * 20),
                InteractionKind::Call,
            );
        }
        ids.push(id);
    }
    add(&mut store, "Hal", None);
    let n = utc(now());
    let query = |sort, limit, offset| ContactQuery {
        sort,
        limit,
        offset,
        ..ContactQuery::default()
    };

    // Every row carries its health, the same as the person's own.
    let by_name = store
        .list_contacts_at(&query(ContactSort::Name, 100, 0), &n)
        .unwrap();
    assert_eq!(by_name.total, 8);
    for c in &by_name.items {
        let h = c.health.expect("every row has a health");
        assert!(h <= 100);
        assert_eq!(h, store.contact_health(c.id, &n).unwrap().health);
    }
    let hal = by_name.items.iter().find(|c| c.name == "Hal").unwrap();
    assert_eq!(hal.health, Some(0), "never contacted");

    // Sorted by health: ascending, and pages of 3 make up the whole list.
    let all = store
        .list_contacts_at(&query(ContactSort::Health, 100, 0), &n)
        .unwrap();
    let scores: Vec<u32> = all.items.iter().map(|c| c.health.unwrap()).collect();
    let mut sorted = scores.clone();
    sorted.sort_unstable();
    assert_eq!(scores, sorted);
    assert_eq!(all.items[0].name, "Hal");
    let mut paged = Vec::new();
    for offset in (0..9).step_by(3) {
        let page = store
            .list_contacts_at(&query(ContactSort::Health, 3, offset), &n)
            .unwrap();
        assert_eq!(page.total, 8);
        assert_eq!(page.offset, offset);
        paged.extend(page.items.into_iter().map(|c| c.id));
    }
    assert_eq!(paged, all.items.iter().map(|c| c.id).collect::<Vec<_>>());
    // Rows by name read the kept scores now: the same numbers as computed for the page.
    let again = store
        .list_contacts_at(&query(ContactSort::Name, 100, 0), &n)
        .unwrap();
    assert_eq!(again, by_name);

    // Filters apply before the sort; a change is seen at once (the scores are not stale).
    let close = ContactQuery {
        circle: Some(Circle::Close),
        ..query(ContactSort::Health, 100, 0)
    };
    assert_eq!(store.list_contacts_at(&close, &n).unwrap().total, 7);
    let weakest_close = store.list_contacts_at(&close, &n).unwrap().items[0].id;
    let before = store.contact_health(weakest_close, &n).unwrap().health;
    log(
        &mut store,
        &[weakest_close],
        now() - Duration::hours(1),
        InteractionKind::Meeting,
    );
    let after = store.list_contacts_at(&close, &n).unwrap();
    let row = after.items.iter().find(|c| c.id == weakest_close).unwrap();
    assert!(
        row.health.unwrap() > before,
        "logged: {} > {before}",
        row.health.unwrap()
    );

    // Without a moment there is no health to sort by.
    assert!(matches!(
        store.list_contacts(&query(ContactSort::Health, 10, 0)),
        Err(Error::Invalid { .. })
    ));
    assert!(matches!(
        store.list_contacts_at(&query(ContactSort::Health, 0, 0), &n),
        Err(Error::Invalid { .. })
    ));
}

#[test]
fn the_notification_fires_once_a_day_when_something_is_due() {
    use kith::engine::notify::Moment;
    let mut store = Store::open_in_memory().unwrap();
    let ana = add(&mut store, "Ana", Some(Circle::Close));
    log(&mut store, &[ana], at(60), InteractionKind::Call);
    let morning = utc(now() - Duration::hours(12)); // 06:00 UTC, before the 09:00 default.

    assert_eq!(
        store.notification(&morning, Moment::Tick).unwrap(),
        None,
        "before its time"
    );
    let first = store
        .notification(&morning, Moment::Startup)
        .unwrap()
        .expect("due at start-up");
    assert!(
        first.title.contains("1 person to reach out to"),
        "{}",
        first.title
    );
    assert_eq!(first.body, "Ana");
    assert_eq!(first.day, now().date_naive());
    assert_eq!(
        store.notification(&utc(now()), Moment::Tick).unwrap(),
        None,
        "once a day"
    );
    assert!(store
        .notification(&utc(now() + Duration::days(1)), Moment::Tick)
        .unwrap()
        .is_some());

    // Switched off: never.
    let settings = Settings {
        notifications: false,
        ..store.settings().unwrap()
    };
    store.set_settings(settings).unwrap();
    assert_eq!(
        store
            .notification(&utc(now() + Duration::days(2)), Moment::Startup)
            .unwrap(),
        None
    );

    // Nothing due: nothing shown, and nothing remembered.
    let mut quiet = Store::open_in_memory().unwrap();
    let bo = add(&mut quiet, "Bo", Some(Circle::Close));
    log(&mut quiet, &[bo], at(1), InteractionKind::Call);
    assert_eq!(
        quiet.notification(&utc(now()), Moment::Startup).unwrap(),
        None
    );
}

#[test]
fn pausing_today_silences_the_rest_of_the_day_only() {
    use kith::engine::notify::Moment;
    let mut store = Store::open_in_memory().unwrap();
    let ana = add(&mut store, "Ana", Some(Circle::Close));
    log(&mut store, &[ana], at(60), InteractionKind::Call);
    let morning = utc(now() - Duration::hours(12)); // 06:00 UTC on 2026-03-05
    assert_eq!(store.notified_on().unwrap(), None);

    assert_eq!(
        store.pause_notifications_today(&morning).unwrap(),
        date("2026-03-05")
    );
    assert_eq!(store.notified_on().unwrap(), Some(date("2026-03-05")));
    for (when, moment) in [
        (morning, Moment::Startup),
        (utc(now()), Moment::Tick),
        (utc(now() + Duration::hours(5)), Moment::Startup), // 23:00
    ] {
        assert_eq!(store.notification(&when, moment).unwrap(), None);
    }
    // Only an explicit request still shows it; the settings are untouched.
    assert!(store
        .notification(&utc(now()), Moment::Forced)
        .unwrap()
        .is_some());
    assert!(store.settings().unwrap().notifications);
    // The next day, as usual.
    let tomorrow = utc(now() + Duration::days(1));
    let n = store.notification(&tomorrow, Moment::Tick).unwrap();
    assert_eq!(n.map(|n| n.day), Some(date("2026-03-06")));
}

#[test]
fn due_today_counts_people_follow_ups_and_todays_dates() {
    let mut store = Store::open_in_memory().unwrap();
    let ana = add(&mut store, "Ana", Some(Circle::Close));
    let bo = add(&mut store, "Bo", Some(Circle::Close));
    log(&mut store, &[ana], at(60), InteractionKind::Call);
    log(&mut store, &[bo], at(1), InteractionKind::Call);
    let when = utc(now());
    // Ana is due (60 days, close circle); Bo was spoken to yesterday.
    assert_eq!(suggested(&store.today(&when, None).unwrap()), ["Ana"]);
    assert_eq!(store.due_today_count(&when).unwrap(), 1);
    for (due, text) in [
        ("2026-03-01", "overdue"),
        ("2026-03-05", "due"),
        ("2026-03-09", "later"),
    ] {
        store
            .add_reminder(
                NewReminder {
                    contact_id: bo,
                    due_on: date(due),
                    text: text.into(),
                },
                at(10),
            )
            .unwrap();
    }
    // Ana, the overdue one and the one due today; not the one of next week.
    assert_eq!(store.due_today_count(&when).unwrap(), 3);
    // The same figure the notification is about: nothing due, no notification.
    let mut quiet = Store::open_in_memory().unwrap();
    let cy = add(&mut quiet, "Cy", Some(Circle::Close));
    log(&mut quiet, &[cy], at(1), InteractionKind::Call);
    assert_eq!(quiet.due_today_count(&when).unwrap(), 0);
    assert_eq!(
        quiet
            .notification(&when, kith::engine::notify::Moment::Startup)
            .unwrap(),
        None
    );
}
