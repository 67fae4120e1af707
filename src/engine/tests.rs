//! Scenario tests of the engine as a whole, and property tests.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use proptest::prelude::*;

use super::snapshot::{AskFacts, ContactFacts, FeedbackFacts, InterestFacts, ReminderFacts, Touch};
use super::*;
use crate::model::{
    AskKind, Circle, FeedbackAction, ImportantDate, Initiator, InteractionKind, Lane,
    ReminderSource, ReminderStatus,
};

fn now() -> Now {
    Now::utc(Utc.with_ymd_and_hms(2026, 3, 5, 18, 0, 0).unwrap())
}

fn touch_days_ago(days: i64) -> Touch {
    Touch {
        at: now().at - Duration::days(days),
        has_time: true,
        kind: InteractionKind::Call,
        initiated_by: None,
    }
}

fn person(id: i64, name: &str, circle: Circle, ago: &[i64]) -> ContactFacts {
    let mut c = ContactFacts::new(id, name);
    c.circle = Some(circle);
    c.touches = ago.iter().map(|d| touch_days_ago(*d)).collect();
    c
}

/// The user's answer to the reach-out suggestion of contact 1 (Ana).
fn ana_feedback(
    action: FeedbackAction,
    until: Option<NaiveDate>,
    at: DateTime<Utc>,
) -> FeedbackFacts {
    FeedbackFacts {
        contact_id: 1,
        lane: Lane::ReachOut,
        action,
        until,
        at,
    }
}

/// A need or offer with no interests.
fn ask(id: i64, contact_id: i64, kind: AskKind, text: &str) -> AskFacts {
    AskFacts {
        id,
        contact_id,
        kind,
        text: text.into(),
        interests: vec![],
    }
}

/// Today's suggestions now, with the default settings.
fn today_now(snap: &Snapshot) -> Today {
    today(snap, &now(), &Settings::default(), None)
}

/// Asserts that `t` suggests `id` alone, for `reasons`.
fn assert_only(t: &Today, id: i64, reasons: &[&str]) {
    assert_eq!(ids(t), [id]);
    assert_eq!(t.suggestions[0].reasons, reasons);
}

fn ids(t: &Today) -> Vec<i64> {
    t.suggestions.iter().map(|s| s.contact_id).collect()
}

#[test]
fn a_due_tie_is_suggested_with_its_reason() {
    // Close circle, last spoke 94 days ago, never before: cadence = target 30.
    let snap = Snapshot {
        contacts: vec![person(1, "Ana", Circle::Close, &[94])],
        ..Default::default()
    };
    let t = today_now(&snap);
    assert_eq!(ids(&t), [1]);
    let s = &t.suggestions[0];
    assert_eq!(s.lane, Lane::ReachOut);
    assert_eq!(
        s.reasons,
        ["last spoke 94 days ago; your circle's target is every 30 days"]
    );
    // priority = 0.7 × (1 − R(94, 30)) × (1 − p), p = 1 − e^(−7 × 0/90) = 0 (outside 90 days).
    let r = warmth::warmth(94.0, 30.0);
    assert!(
        (s.priority - 0.7 * (1.0 - r)).abs() < 0.001,
        "{}",
        s.priority
    );
}

#[test]
fn learned_cadence_shows_in_the_reason() {
    // Days 100, 130, 160, 190 ago: median gap 30 (network target 90, clipped to 45..180 -> 45).
    let snap = Snapshot {
        contacts: vec![person(1, "Ana", Circle::Network, &[100, 130, 160, 190])],
        ..Default::default()
    };
    let t = today_now(&snap);
    assert_eq!(
        t.suggestions[0].reasons,
        ["last spoke 3 months ago; your network-circle target is every 90 days; you have talked every ~30 days"]
    );
}

#[test]
fn not_yet_due_is_not_suggested() {
    let snap = Snapshot {
        contacts: vec![person(1, "Ana", Circle::Close, &[29])],
        ..Default::default()
    };
    assert!(today(&snap, &now(), &Settings::default(), None)
        .suggestions
        .is_empty());
}

#[test]
fn a_suggestion_disappears_after_logging_an_interaction_today() {
    let mut snap = Snapshot {
        contacts: vec![person(1, "Ana", Circle::Close, &[94])],
        ..Default::default()
    };
    assert_eq!(ids(&today(&snap, &now(), &Settings::default(), None)), [1]);
    // Logged this morning (the same local day as now, 18:00).
    snap.contacts[0].touches.insert(
        0,
        Touch {
            at: now().at - Duration::hours(8),
            ..touch_days_ago(0)
        },
    );
    assert!(ids(&today(&snap, &now(), &Settings::default(), None)).is_empty());
}

#[test]
fn logged_today_counts_in_the_local_day() {
    // 02:00 UTC on 5 March is still 4 March at UTC−5: not "today" there.
    let mut snap = Snapshot {
        contacts: vec![person(1, "Ana", Circle::Inner, &[94])],
        ..Default::default()
    };
    let early = Utc.with_ymd_and_hms(2026, 3, 5, 2, 0, 0).unwrap();
    snap.contacts[0].touches.insert(
        0,
        Touch {
            at: early - Duration::hours(1),
            ..touch_days_ago(0)
        },
    );
    // At UTC: same day 5 March -> hidden. At UTC−5 (now = 4 March 21:00 local), the
    // interaction was 4 March 20:00 local, also the same day -> hidden. At UTC+3 the
    // interaction was 5 March 04:00 and now is 5 March 05:00 -> hidden; a day later not.
    let at = |hours: i32, t| Now {
        at: t,
        offset: chrono::FixedOffset::east_opt(hours * 3600).unwrap(),
    };
    let s = Settings::default();
    assert!(today(&snap, &at(0, early), &s, None).suggestions.is_empty());
    assert!(today(&snap, &at(-5, early), &s, None)
        .suggestions
        .is_empty());
    assert!(today(&snap, &at(3, early), &s, None).suggestions.is_empty());
    let next_day = early + Duration::days(8);
    assert_eq!(ids(&today(&snap, &at(0, next_day), &s, None)), [1]);
}

#[test]
fn snooze_hides_until_its_date_and_then_comes_back() {
    let mut snap = Snapshot {
        contacts: vec![person(1, "Ana", Circle::Close, &[94])],
        ..Default::default()
    };
    snap.feedback.push(ana_feedback(
        FeedbackAction::Snoozed,
        Some(now().today() + Duration::days(3)),
        now().at - Duration::hours(1),
    ));
    let s = Settings::default();
    let later = |days| Now::utc(now().at + Duration::days(days));
    assert!(ids(&today(&snap, &now(), &s, None)).is_empty());
    assert!(ids(&today(&snap, &later(2), &s, None)).is_empty());
    assert_eq!(ids(&today(&snap, &later(3), &s, None)), [1]);
    assert_eq!(ids(&today(&snap, &later(4), &s, None)), [1]);
}

#[test]
fn dismissed_is_lower_for_thirty_days() {
    let mut snap = Snapshot {
        contacts: vec![
            person(1, "Ana", Circle::Close, &[94]),
            person(2, "Ben", Circle::Close, &[60]),
        ],
        ..Default::default()
    };
    let s = Settings::default();
    assert_eq!(ids(&today(&snap, &now(), &s, None)), [1, 2]);
    snap.feedback
        .push(ana_feedback(FeedbackAction::Dismissed, None, now().at));
    let t = today(&snap, &now(), &s, None);
    assert_eq!(ids(&t), [2, 1]);
    assert!(t.suggestions[1]
        .reasons
        .last()
        .unwrap()
        .starts_with("dismissed recently"));
    let later = Now::utc(now().at + Duration::days(31));
    assert_eq!(ids(&today(&snap, &later, &s, None)), [1, 2]);
}

#[test]
fn done_is_quiet_for_a_few_days() {
    let mut snap = Snapshot {
        contacts: vec![person(1, "Ana", Circle::Close, &[94])],
        ..Default::default()
    };
    snap.feedback
        .push(ana_feedback(FeedbackAction::Done, None, now().at));
    let s = Settings::default();
    assert!(ids(&today(&snap, &now(), &s, None)).is_empty());
    let later = Now::utc(now().at + Duration::days(3));
    assert_eq!(ids(&today(&snap, &later, &s, None)), [1]);
}

#[test]
fn the_daily_budget_is_respected() {
    let contacts = (1..=12)
        .map(|i| person(i, &format!("P{i}"), Circle::Close, &[40 + i]))
        .collect();
    let snap = Snapshot {
        contacts,
        ..Default::default()
    };
    let s = Settings::default();
    let t = today(&snap, &now(), &s, None);
    assert_eq!(t.budget, 5);
    // The longest silences first.
    assert_eq!(ids(&t), [12, 11, 10, 9, 8]);
    let three = Settings {
        daily_budget: 3,
        ..Settings::default()
    };
    assert_eq!(today(&snap, &now(), &three, None).suggestions.len(), 3);
    assert_eq!(today(&snap, &now(), &s, Some(8)).suggestions.len(), 8);
}

#[test]
fn inner_circle_outranks_wider_at_the_same_warmth() {
    let snap = Snapshot {
        contacts: vec![
            person(1, "Wide", Circle::Wider, &[730]),
            person(2, "In", Circle::Inner, &[14]),
        ],
        ..Default::default()
    };
    assert_eq!(
        ids(&today(&snap, &now(), &Settings::default(), None)),
        [2, 1]
    );
}

#[test]
fn a_birthday_within_a_week_boosts_even_a_fresh_tie_and_recurs_yearly() {
    let mut ana = person(1, "Ana", Circle::Close, &[7]);
    ana.dates.push(ImportantDate {
        label: "birthday".into(),
        year: Some(1990),
        month: 3,
        day: 9,
        recurring: true,
    });
    let snap = Snapshot {
        contacts: vec![ana],
        ..Default::default()
    };
    let s = Settings::default();
    let t = today(&snap, &now(), &s, None);
    assert_eq!(ids(&t), [1]);
    assert_eq!(t.suggestions[0].reasons, ["birthday in 4 days"]);
    assert!((t.suggestions[0].priority - suggest::BOOST_DATE).abs() < 1e-9);
    // A year later, same week: again (the touch is then old, so she is due too).
    let next_year = Now::utc(now().at + Duration::days(365));
    let t = today(&snap, &next_year, &s, None);
    assert!(t.suggestions[0]
        .reasons
        .contains(&"birthday in 4 days".to_owned()));
    // Ten days before: no boost.
    let early = Now::utc(now().at - Duration::days(6));
    assert!(today(&snap, &early, &s, None).suggestions.is_empty());
}

#[test]
fn a_promise_coming_due_boosts() {
    let snap = Snapshot {
        contacts: vec![person(1, "Ana", Circle::Close, &[3])],
        reminders: vec![ReminderFacts {
            id: 7,
            contact_id: 1,
            due_on: now().today() + Duration::days(1),
            text: "send the article".into(),
            source: ReminderSource::Promise,
            status: ReminderStatus::Open,
            snoozed_until: None,
        }],
        ..Default::default()
    };
    let t = today_now(&snap);
    assert_eq!(
        t.suggestions[0].reasons,
        ["you promised “send the article”, due tomorrow"]
    );
    assert_eq!(t.reminders.upcoming[0].id, 7);

    // Their promise coming due is a reason too, said as theirs.
    let mut snap = snap;
    snap.reminders[0].source = ReminderSource::TheirPromise;
    snap.reminders[0].due_on = now().today() - Duration::days(3);
    let t = today_now(&snap);
    assert_eq!(
        t.suggestions[0].reasons,
        ["they promised “send the article”, was due 3 days ago"]
    );
}

#[test]
fn an_open_need_i_can_help_with_boosts_with_its_terms() {
    let mut me = ContactFacts::new(9, "Me");
    me.is_self = true;
    let snap = Snapshot {
        me: Some(9),
        contacts: vec![me, person(1, "Ana", Circle::Network, &[10])],
        asks: vec![
            ask(1, 1, AskKind::Need, "a designer"),
            ask(2, 9, AskKind::Offer, "design"),
        ],
        ..Default::default()
    };
    let t = today_now(&snap);
    assert_only(
        &t,
        1,
        &["Ana needs “a designer”: you listed “design” as an offer (shared: designer)"],
    );
    // Said once, where Ana is suggested: not again under "You can help".
    assert!(t.help.is_empty(), "{:?}", t.help);
    assert_eq!(t.help_in_suggestions, 1);
    // Not suggested today, her need is under "You can help".
    let t = today(&snap, &now(), &Settings::default(), Some(0));
    assert!(t.suggestions.is_empty());
    assert_eq!(t.help.len(), 1);
    assert_eq!(t.help[0].need.contact.id, 1);
}

#[test]
fn a_newly_shared_interest_boosts() {
    let added = |days: i64, name: &str| InterestFacts {
        name: name.into(),
        added_at: Some(now().at - Duration::days(days)),
    };
    let mut me = ContactFacts::new(9, "Me");
    me.is_self = true;
    me.interests = vec![added(400, "Climbing"), added(400, "Jazz")];
    let mut ana = person(1, "Ana", Circle::Close, &[5]);
    ana.interests = vec![added(2, "climbing"), added(200, "jazz")];
    let snap = Snapshot {
        me: Some(9),
        contacts: vec![me, ana],
        ..Default::default()
    };
    let t = today_now(&snap);
    assert_eq!(t.suggestions[0].reasons, ["you now both like climbing"]);
}

#[test]
fn a_dormant_once_strong_tie_goes_to_the_reconnect_lane() {
    // Ten days of contact two weeks apart, ending 400 days ago.
    let ago: Vec<i64> = (0..10).map(|k| 400 + 14 * k).collect();
    let snap = Snapshot {
        contacts: vec![
            person(1, "Old friend", Circle::Network, &ago),
            person(2, "Acquaintance", Circle::Network, &[400]),
        ],
        ..Default::default()
    };
    let t = today_now(&snap);
    let lanes: Vec<(i64, Lane)> = t
        .suggestions
        .iter()
        .map(|s| (s.contact_id, s.lane))
        .collect();
    assert!(lanes.contains(&(1, Lane::Reconnect)), "{lanes:?}");
    assert!(lanes.contains(&(2, Lane::ReachOut)), "{lanes:?}");
    let old = t.suggestions.iter().find(|s| s.contact_id == 1).unwrap();
    assert_eq!(
        old.reasons[0],
        "you used to be in touch every 14 days (10 days of contact up to 2025-01-29)"
    );
}

#[test]
fn never_contacted_without_a_circle_is_not_suggested() {
    let mut nobody = ContactFacts::new(1, "Imported");
    nobody.circle = None;
    let snap = Snapshot {
        contacts: vec![nobody, person(2, "Chosen", Circle::Close, &[])],
        ..Default::default()
    };
    assert_only(
        &today_now(&snap),
        2,
        &["no interaction logged yet; they are in your close circle"],
    );
}

#[test]
fn me_and_archived_are_never_suggested() {
    let mut me = person(1, "Me", Circle::Inner, &[90]);
    me.is_self = true;
    let mut gone = person(2, "Gone", Circle::Inner, &[90]);
    gone.archived = true;
    let snap = Snapshot {
        me: Some(1),
        contacts: vec![me, gone],
        ..Default::default()
    };
    assert!(today(&snap, &now(), &Settings::default(), None)
        .suggestions
        .is_empty());
    assert!(health_all(&snap, &now(), &Settings::default()).is_empty());
}

proptest! {
    #[test]
    fn more_recent_contact_never_lowers_warmth(t1 in 0.0f64..5000.0, dt in 0.0f64..5000.0, s in 1.0f64..3650.0) {
        prop_assert!(warmth::warmth(t1, s) >= warmth::warmth(t1 + dt, s));
    }

    #[test]
    fn a_more_recent_last_contact_never_lowers_a_contacts_warmth(
        older in proptest::collection::vec(1i64..2000, 0..30),
        last in 0i64..2000,
        earlier_by in 1i64..500,
        cadence in 1u32..400,
    ) {
        // The same history with the last contact moved closer to now.
        let mut c = person(1, "Ana", Circle::Close, &older);
        c.cadence_days = Some(cadence);
        let mut a = c.clone();
        a.touches.push(touch_days_ago(last + earlier_by));
        let mut b = c.clone();
        b.touches.push(touch_days_ago(last));
        let s = Settings::default();
        let wa = health::analyze(&a, &now(), &s).warmth;
        let wb = health::analyze(&b, &now(), &s).warmth;
        prop_assert!(wb >= wa - 1e-12, "{wb} < {wa}");
    }

    #[test]
    fn the_weakest_component_is_one_that_costs_health(
        ago in proptest::collection::vec(0i64..400, 1..30),
        circle in proptest::option::of(0usize..4),
        mine_every in 1usize..5,
    ) {
        let circles = [Circle::Inner, Circle::Close, Circle::Network, Circle::Wider];
        let mut c = person(1, "Ana", Circle::Close, &ago);
        c.circle = circle.map(|i| circles[i]);
        for (i, t) in c.touches.iter_mut().enumerate() {
            t.initiated_by = Some(if i % mine_every == 0 { Initiator::Them } else { Initiator::Me });
        }
        let h = health::analyze(&c, &now(), &Settings::default()).health;
        let weight = |k: Component| match k {
            Component::Recency => health::W_RECENCY,
            Component::Intensity => health::W_INTENSITY,
            Component::Consistency => health::W_CONSISTENCY,
            Component::Reciprocity => health::W_RECIPROCITY,
            Component::Depth => health::W_DEPTH,
        };
        let x = h.components;
        let lost = health::W_RECENCY * (1.0 - x.recency)
            + health::W_INTENSITY * (1.0 - x.intensity)
            + health::W_CONSISTENCY * (1.0 - x.consistency)
            + health::W_RECIPROCITY * (1.0 - x.reciprocity)
            + health::W_DEPTH * (1.0 - x.depth);
        prop_assert!(lost == 0.0 || weight(h.weakest) > 0.0, "{h:?}");
    }

    #[test]
    fn logging_an_interaction_never_lowers_recency(
        ago in proptest::collection::vec(0i64..3000, 0..40),
        new in 0i64..3000,
        circle in 0usize..4,
        explicit in proptest::option::of(1u32..500),
    ) {
        let circles = [Circle::Inner, Circle::Close, Circle::Network, Circle::Wider];
        let mut before = person(1, "Ana", circles[circle], &ago);
        before.cadence_days = explicit;
        let mut after = before.clone();
        after.touches.push(touch_days_ago(new));
        after.touches.sort_by_key(|t| std::cmp::Reverse(t.at));
        let s = Settings::default();
        let r0 = health::analyze(&before, &now(), &s).health.components.recency;
        let r1 = health::analyze(&after, &now(), &s).health.components.recency;
        prop_assert!(r1 >= r0, "{r1} < {r0}");
    }
}

#[test]
fn engine_enum_text_forms_are_the_serde_names() {
    crate::model::tests::text_is_serde_name::<CadenceSource>();
    crate::model::tests::text_is_serde_name::<Component>();
}
