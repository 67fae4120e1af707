//! The review through `kith::Store` (its CLI, `kith review`, is tested in `cli_engine.rs`):
//! figures that must agree with the rest of the app — people per circle equal the contacts
//! in each circle, the trend's last point is the mean of today's health, a person's series
//! ends on their health, a tie you stopped talking to is fading with a reason, the help
//! ledger holds what was logged, a snooze shows until it ends. No number here depends on the
//! engine's weights.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{DateTime, Duration, TimeZone, Utc};
use kith::engine::review::{EdgeKind, Lean};
use kith::engine::Now;
use kith::model::{
    AskKind, Circle, ContactInput, ContactQuery, FeedbackAction, HelpInput, Initiator,
    InteractionKind, Lane, NewAsk, NewInteraction,
};
use kith::Store;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 6, 1, 12, 0, 0).unwrap()
}

fn at(days_ago: i64) -> DateTime<Utc> {
    now() - Duration::days(days_ago)
}

fn add(store: &mut Store, name: &str, circle: Option<Circle>, interests: &[&str]) -> i64 {
    store
        .add_contact(
            ContactInput {
                name: name.into(),
                circle,
                interests: interests.iter().map(|s| (*s).to_owned()).collect(),
                ..Default::default()
            },
            at(800),
        )
        .unwrap()
        .id
}

fn log(
    store: &mut Store,
    who: &[i64],
    when: DateTime<Utc>,
    by: Option<Initiator>,
    help: Vec<HelpInput>,
) {
    store
        .log_interaction(
            NewInteraction {
                participants: who.to_vec(),
                kind: InteractionKind::Call,
                occurred_at: when,
                has_time: true,
                summary: "talked".into(),
                notes: String::new(),
                initiated_by: by,
                quality: None,
                help,
                follow_up: None,
            },
            when,
        )
        .unwrap();
}

/// A seeded network plus: Fay (close) weekly until 100 days ago, then silence; Gil (close)
/// always called by me; Hal, whom I helped three times.
fn network() -> (Store, i64, i64, i64, i64) {
    network_in(Store::open_in_memory().unwrap())
}

fn network_in(mut s: Store) -> (Store, i64, i64, i64, i64) {
    s.seed(
        kith::ops::SeedOptions {
            contacts: 60,
            interactions: 900,
            seed: 3,
        },
        now(),
    )
    .unwrap();
    let me = s.me(at(800)).unwrap().id;
    let fay = add(&mut s, "Fay", Some(Circle::Close), &["Jazz"]);
    let gil = add(&mut s, "Gil", Some(Circle::Close), &["Jazz"]);
    let hal = add(&mut s, "Hal", Some(Circle::Network), &[]);
    for k in 0..40 {
        log(
            &mut s,
            &[fay],
            at(100 + 7 * k),
            Some(Initiator::Mutual),
            vec![],
        );
    }
    for k in 0..8 {
        log(&mut s, &[gil], at(3 + 9 * k), Some(Initiator::Me), vec![]);
    }
    let ask = s
        .add_ask(
            NewAsk {
                contact_id: hal,
                kind: AskKind::Need,
                text: "looking for a designer".into(),
                interests: vec![],
            },
            at(300),
        )
        .unwrap()
        .id;
    for k in 0..3 {
        log(
            &mut s,
            &[hal],
            at(200 - 30 * k),
            None,
            vec![HelpInput {
                giver: me,
                receiver: hal,
                text: format!("introduced a designer {k}"),
                ask_id: (k == 0).then_some(ask),
            }],
        );
    }
    (s, me, fay, gil, hal)
}

#[test]
fn people_per_circle_are_the_contacts_in_each_circle() {
    let (s, ..) = network();
    let n = Now::utc(now());
    let circles = s.review_circles(&n).unwrap();
    for shape in &circles {
        let Some(circle) = shape.circle else {
            continue;
        };
        let listed = s
            .list_contacts(&ContactQuery {
                circle: Some(circle),
                limit: 1000,
                ..Default::default()
            })
            .unwrap()
            .total;
        assert_eq!(shape.people, listed, "{circle:?}");
        assert_eq!(shape.bands.iter().sum::<u32>(), shape.people);
    }
    let everyone = s.health_all(&n).unwrap().len() as u32;
    assert_eq!(circles.iter().map(|c| c.people).sum::<u32>(), everyone);
}

#[test]
fn the_trend_ends_on_the_mean_of_todays_health() {
    let (s, ..) = network();
    let n = Now::utc(now());
    let trend = s.review_trend(&n).unwrap();
    assert_eq!(trend.len(), 53);
    let last = trend.last().unwrap();
    assert_eq!(last.at, now());
    // The health of every contact spoken to by `at`, and its mean to one decimal.
    let health_at = |at: &Now| -> (Vec<u32>, f64) {
        let health: Vec<u32> = s
            .health_all(at)
            .unwrap()
            .iter()
            .filter(|h| h.days_since_last.is_some())
            .map(|h| h.health)
            .collect();
        let mean = f64::from(health.iter().sum::<u32>()) / health.len() as f64;
        (health, (mean * 10.0).round() / 10.0)
    };
    let (health, mean) = health_at(&n);
    assert_eq!(last.ties as usize, health.len());
    assert_eq!(last.health, mean);
    // And at an earlier moment, the trend of `--as-of` then ends on the health of then.
    let then = Now::utc(at(45));
    let earlier = s.review_trend(&then).unwrap();
    assert_eq!(earlier.last().unwrap().health, health_at(&then).1);
    // Interactions per week add up to the interactions of the activity calendar's weeks.
    let activity = s.review_activity(&n).unwrap();
    let weekly: u32 = trend.iter().map(|p| p.interactions).sum();
    assert_eq!(weekly, activity.total);
}

#[test]
fn a_persons_series_ends_on_their_health() {
    let (s, _, fay, gil, _) = network();
    let n = Now::utc(now());
    for id in [fay, gil] {
        let series = s.health_series(id, &n).unwrap();
        assert_eq!(series.len(), 53);
        let h = s.contact_health(id, &n).unwrap();
        assert_eq!(series.last().unwrap().health, Some(h.health));
    }
    let fay_series = s.health_series(fay, &n).unwrap();
    assert!(
        fay_series.first().unwrap().health.unwrap() > fay_series.last().unwrap().health.unwrap()
    );
}

#[test]
fn a_tie_you_stopped_talking_to_is_fading_with_its_reason() {
    let (s, _, fay, gil, _) = network();
    let fading = s.review_fading(&Now::utc(now())).unwrap();
    let f = fading
        .iter()
        .find(|f| f.contact.id == fay)
        .expect("Fay fades");
    assert!(f.warmth90.unwrap() - f.warmth >= 0.05);
    assert!(
        f.reasons[0].starts_with("warmth fell from"),
        "{:?}",
        f.reasons
    );
    assert!(
        f.reasons[0].ends_with("last spoke 3 months ago"),
        "{:?}",
        f.reasons
    );
    assert!(
        fading.iter().all(|f| f.contact.id != gil),
        "Gil is called weekly"
    );
    assert!(fading
        .iter()
        .all(|f| matches!(f.circle, Some(Circle::Inner | Circle::Close))));
}

#[test]
fn a_snoozed_tie_says_until_when_and_a_help_snooze_does_not_count() {
    let (mut s, _, fay, gil, _) = network();
    let n = Now::utc(now());
    let until = n.today() + Duration::days(14);
    // Until when Fay's fading tie and Gil's one-sided tie are snoozed, as of `at`.
    let snoozed_at = |s: &Store, at: &Now| {
        let fading = s.review_fading(at).unwrap();
        let one = s.review_one_sided(at).unwrap();
        (
            fading
                .iter()
                .find(|f| f.contact.id == fay)
                .expect("Fay fades")
                .snoozed_until,
            one.iter()
                .find(|o| o.contact.id == gil)
                .expect("Gil is one-sided")
                .snoozed_until,
        )
    };
    let snoozed = |s: &Store| snoozed_at(s, &n);
    assert_eq!(snoozed(&s), (None, None));
    // Putting off help for Fay is not putting off the tie.
    s.suggestion_feedback(fay, Lane::Help, FeedbackAction::Snoozed, Some(until), &n)
        .unwrap();
    assert_eq!(snoozed(&s), (None, None));
    s.suggestion_feedback(
        fay,
        Lane::ReachOut,
        FeedbackAction::Snoozed,
        Some(until),
        &n,
    )
    .unwrap();
    s.suggestion_feedback(
        gil,
        Lane::ReachOut,
        FeedbackAction::Snoozed,
        Some(until),
        &n,
    )
    .unwrap();
    assert_eq!(snoozed(&s), (Some(until), Some(until)));
    // The day it ends, the tie is back in the weekly review; before it was given, it was not there.
    let then = Now::utc(now() + Duration::days(14));
    assert_eq!(snoozed_at(&s, &then), (None, None));
    let earlier = Now::utc(now() - Duration::days(1));
    assert!(s
        .review_fading(&earlier)
        .unwrap()
        .iter()
        .all(|f| f.snoozed_until.is_none()));
}

#[test]
fn one_sided_ties_and_the_help_ledger_hold_what_was_logged() {
    let (s, _, _, gil, hal) = network();
    let one = s.review_one_sided(&Now::utc(now())).unwrap();
    let g = one.iter().find(|o| o.contact.id == gil).expect("Gil");
    assert_eq!(g.lean, Lean::IStart);
    assert_eq!((g.i_started, g.they_started), (8, 0));
    let h = one.iter().find(|o| o.contact.id == hal).expect("Hal");
    assert_eq!(h.lean, Lean::IHelp);
    assert_eq!((h.help_given, h.help_received), (3, 0));
    assert_eq!(h.ledger.len(), 3);
    assert!(h.ledger.iter().all(|e| e.given));
    assert_eq!(
        h.ledger.last().unwrap().ask.as_deref(),
        Some("looking for a designer"),
        "the oldest answered the need"
    );
    // Before the last two were logged, the ledger held one.
    let before = s.review_one_sided(&Now::utc(at(190))).unwrap();
    assert!(
        before.iter().all(|o| o.contact.id != hal),
        "one help is not one-sided yet"
    );
}

#[test]
fn the_map_links_shared_interests_and_marks_fading_ties() {
    let (s, _, fay, gil, _) = network();
    let n = Now::utc(now());
    let map = s.review_map(&n, None).unwrap();
    assert_eq!(map.nodes.len(), s.health_all(&n).unwrap().len());
    assert!(map.nodes.iter().any(|x| x.id == fay && x.fading));
    assert!(map.edges.iter().any(|e| e.kind == EdgeKind::Interest
        && e.interests.iter().any(|i| i == "Jazz")
        && [e.source, e.target].contains(&fay)
        && [e.source, e.target].contains(&gil)));
    // Laid out in the core: everyone has a place in [-1, 1], and the two who share Jazz
    // (and nothing else) sit closer than most pairs.
    assert!(map
        .nodes
        .iter()
        .all(|x| x.x.abs() <= 1.0 && x.y.abs() <= 1.0 && x.x.is_finite() && x.y.is_finite()));
    let place = |id: i64| {
        let p = map.nodes.iter().find(|x| x.id == id).unwrap();
        (p.x, p.y)
    };
    let dist = |a: (f32, f32), b: (f32, f32)| ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt();
    let mut all: Vec<f32> = map
        .nodes
        .iter()
        .flat_map(|a| map.nodes.iter().map(move |b| dist((a.x, a.y), (b.x, b.y))))
        .filter(|&d| d > 0.0)
        .collect();
    all.sort_by(f32::total_cmp);
    let fay_gil = dist(place(fay), place(gil));
    assert!(
        fay_gil < all[all.len() / 4],
        "Fay and Gil {fay_gil}, a quarter of all pairs are closer than {}",
        all[all.len() / 4]
    );
    let small = s.review_map(&n, Some(10)).unwrap();
    assert_eq!(small.nodes.len(), 10);
    assert_eq!(small.left_off as usize, map.nodes.len() - 10);
    let ids: std::collections::HashSet<i64> = small.nodes.iter().map(|x| x.id).collect();
    assert!(small
        .edges
        .iter()
        .all(|e| ids.contains(&e.source) && ids.contains(&e.target)));
}

#[test]
fn a_database_file_gives_the_same_review_as_memory() {
    // From a file, the interaction table is scanned on a second connection, in parallel.
    let dir = tempfile::tempdir().unwrap();
    let (file, ..) = network_in(Store::open(&dir.path().join("kith.db")).unwrap());
    let (memory, ..) = network();
    let n = Now::utc(now());
    assert_eq!(file.review(&n).unwrap(), memory.review(&n).unwrap());
    assert_eq!(
        file.review_map(&n, None).unwrap(),
        memory.review_map(&n, None).unwrap()
    );
}

#[test]
fn a_change_is_seen_by_the_next_panel() {
    let (mut s, _, fay, ..) = network();
    let n = Now::utc(now());
    assert!(s
        .review_fading(&n)
        .unwrap()
        .iter()
        .any(|f| f.contact.id == fay));
    log(&mut s, &[fay], at(1), Some(Initiator::Me), vec![]);
    assert!(s
        .review_fading(&n)
        .unwrap()
        .iter()
        .all(|f| f.contact.id != fay));
}
