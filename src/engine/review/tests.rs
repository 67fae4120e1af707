//! The review's rules, and the series against the engine's own analysis.

use chrono::{Duration, FixedOffset, TimeZone, Utc};
use proptest::prelude::*;

use super::*;
use crate::engine::health::analyze;
use crate::model::{Circle, Initiator, InteractionKind, Settings};

fn now() -> Now {
    Now::utc(Utc.with_ymd_and_hms(2026, 6, 1, 12, 0, 0).unwrap())
}

fn touch(days_ago: f64, kind: InteractionKind, by: Option<Initiator>) -> Touch {
    Touch {
        at: now().at - Duration::milliseconds((days_ago * 86_400_000.0) as i64),
        has_time: true,
        kind,
        initiated_by: by,
    }
}

fn history(id: i64, circle: Option<Circle>, mut ago: Vec<f64>) -> History {
    ago.sort_by(|a, b| b.total_cmp(a));
    let mut facts = ContactFacts::new(id, &format!("P{id}"));
    facts.circle = circle;
    History {
        facts,
        touches: ago
            .into_iter()
            .map(|d| touch(d, InteractionKind::Call, None))
            .collect(),
        help: Vec::new(),
    }
}

const KINDS: [InteractionKind; 5] = [
    InteractionKind::Meeting,
    InteractionKind::Call,
    InteractionKind::Message,
    InteractionKind::Note,
    InteractionKind::Video,
];

prop_compose! {
    fn any_history()(
        ago in prop::collection::vec((0.0f64..1200.0, 0usize..5, 0usize..4, any::<bool>()), 0..140),
        old in 0usize..80,
        help in prop::collection::vec((0.0f64..900.0, any::<bool>()), 0..6),
        circle in 0usize..5,
        explicit in prop::option::of(1u32..400),
    ) -> History {
        let circles = [Some(Circle::Inner), Some(Circle::Close), Some(Circle::Network), Some(Circle::Wider), None];
        let inits = [None, Some(Initiator::Me), Some(Initiator::Them), Some(Initiator::Mutual)];
        let mut touches: Vec<Touch> = ago
            .iter()
            .map(|&(d, k, i, timed)| Touch { has_time: timed, ..touch(d, KINDS[k], inits[i]) })
            .collect();
        // A long quiet past beyond the snapshot's window.
        touches.extend((0..old).map(|k| touch(1500.0 + k as f64 * 3.0, InteractionKind::Email, None)));
        touches.sort_by_key(|t| t.at);
        let mut help: Vec<HelpEntry> = help
            .iter()
            .map(|&(d, given)| HelpEntry {
                at: now().at - Duration::milliseconds((d * 86_400_000.0) as i64),
                given,
                text: "x".into(),
                ask: None,
            })
            .collect();
        help.sort_by_key(|e| e.at);
        let mut facts = ContactFacts::new(1, "Ana");
        facts.circle = circles[circle];
        facts.cadence_days = explicit;
        History { facts, touches, help }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn the_series_is_what_the_engine_says_at_every_checkpoint(
        h in any_history(),
        hours in prop::sample::select(vec![-10i32, -5, 0, 2, 13]),
        nanos in prop::sample::select(vec![0i64, 1, 999_999, 400_000_123]),
    ) {
        let offset = FixedOffset::east_opt(hours * 3600).unwrap();
        let now = Now { at: now().at + Duration::nanoseconds(nanos), offset };
        let cps = Checkpoints::of(&now);
        let s = series(&h, offset, &cps.at, &Settings::default());
        prop_assert_eq!(s.len(), cps.at.len());
        for (i, &cp) in cps.at.iter().enumerate() {
            let at = Now { at: cp, offset };
            let c = facts_at(&h, &at);
            let a = analyze(&c, &at, &Settings::default());
            match s[i] {
                None => prop_assert!(c.touches.is_empty()),
                Some(p) => {
                    prop_assert_eq!(p.health, a.health.health, "checkpoint {}", cp);
                    prop_assert!((p.warmth - a.warmth).abs() < 1e-12);
                }
            }
        }
    }
}

#[test]
fn checkpoints_are_weekly_and_end_now() {
    let cps = Checkpoints::of(&now());
    assert_eq!(cps.weeks.len(), 53);
    assert_eq!(cps.at[cps.now], now().at);
    assert_eq!(cps.at[cps.weeks[52]], now().at);
    assert_eq!(cps.at[cps.weeks[51]], now().at - Duration::days(7));
    assert_eq!(cps.at[cps.ago30], now().at - Duration::days(30));
    assert_eq!(cps.at[cps.ago90], now().at - Duration::days(90));
}

fn eval(hs: &[History]) -> (Vec<Evaluated>, Checkpoints) {
    let cps = Checkpoints::of(&now());
    (evaluate(hs, None, &now(), &cps, &Settings::default()), cps)
}

#[test]
fn circles_count_everyone_once_and_spread_their_health() {
    let hs = vec![
        history(1, Some(Circle::Inner), vec![1.0, 8.0, 15.0]),
        history(2, Some(Circle::Inner), vec![]),
        history(3, Some(Circle::Close), vec![200.0]),
        history(4, None, vec![3.0]),
    ];
    let (evals, _) = eval(&hs);
    let shapes = circles(&evals);
    let people: Vec<u32> = shapes.iter().map(|s| s.people).collect();
    assert_eq!(people, [2, 1, 0, 0, 1]);
    for s in &shapes {
        assert_eq!(s.bands.iter().sum::<u32>(), s.people);
    }
    assert_eq!(shapes[0].never, 1);
    assert_eq!(shapes[0].bands[0], 1, "never contacted is health 0");
}

#[test]
fn the_trend_ends_on_todays_mean_health_and_counts_only_existing_ties() {
    let hs = vec![
        history(1, Some(Circle::Inner), vec![1.0, 8.0, 15.0, 40.0]),
        history(2, Some(Circle::Close), vec![100.0]),
        history(3, Some(Circle::Network), vec![]),
    ];
    let (evals, cps) = eval(&hs);
    let t = trend(&evals, &cps, &[]);
    assert_eq!(t.len(), 53);
    let last = t.last().unwrap();
    let today: Vec<u32> = evals
        .iter()
        .filter(|e| e.series[cps.now].is_some())
        .map(|e| e.health)
        .collect();
    assert_eq!(last.ties, 2);
    let mean = f64::from(today.iter().sum::<u32>()) / 2.0;
    assert_eq!(last.health, (mean * 10.0).round() / 10.0);
    // A year ago neither tie existed yet.
    assert_eq!(t[0].ties, 0);
    assert_eq!(t[0].health, 0.0);
}

#[test]
fn a_close_tie_gone_quiet_is_fading_with_its_reasons() {
    // Weekly calls until 80 days ago, then nothing.
    let quiet: Vec<f64> = (0..40).map(|k| 80.0 + 7.0 * f64::from(k)).collect();
    let steady: Vec<f64> = (0..60).map(|k| 1.0 + 7.0 * f64::from(k)).collect();
    let hs = vec![
        history(1, Some(Circle::Close), quiet.clone()),
        history(2, Some(Circle::Close), steady),
        history(3, Some(Circle::Network), quiet),
    ];
    let (evals, cps) = eval(&hs);
    let f = fading(&evals, &hs, &cps, &now(), &Settings::default());
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].contact.id, 1);
    assert!(f[0].drop >= MIN_DROP);
    assert!(f[0].warmth90.unwrap() > f[0].warmth);
    // On the 0-100 scale of every other score.
    let from = (f[0].warmth90.unwrap() * 100.0).round();
    let to = (f[0].warmth * 100.0).round();
    assert!(
        f[0].reasons[0].starts_with(&format!("warmth fell from {from} to {to} (of 100) in ")),
        "{:?}",
        f[0].reasons
    );
    assert!(
        f[0].reasons[0].ends_with("last spoke 80 days ago"),
        "{:?}",
        f[0].reasons
    );
}

#[test]
fn always_starting_is_one_sided_and_the_ledger_lists_the_help() {
    let mut mine = history(1, Some(Circle::Close), vec![]);
    mine.touches = (0..6)
        .rev()
        .map(|k| {
            touch(
                f64::from(k) * 5.0 + 1.0,
                InteractionKind::Call,
                Some(Initiator::Me),
            )
        })
        .collect();
    let mut helped = history(2, Some(Circle::Close), vec![2.0, 9.0]);
    helped.help = (0..3)
        .map(|k| HelpEntry {
            at: now().at - Duration::days(30 - k),
            given: true,
            text: format!("intro {k}"),
            ask: Some("needs a designer".into()),
        })
        .collect();
    let balanced = history(3, Some(Circle::Close), vec![2.0, 4.0]);
    let hs = vec![mine, helped, balanced];
    let (evals, _) = eval(&hs);
    let o = one_sided(&evals, &hs);
    assert_eq!(o.len(), 2, "{o:?}");
    assert_eq!(o[0].contact.id, 1);
    assert_eq!(o[0].lean, Lean::IStart);
    assert_eq!((o[0].i_started, o[0].they_started), (6, 0));
    assert_eq!(o[0].reason, "you started 6 of the last 6 conversations");
    assert_eq!(o[1].lean, Lean::IHelp);
    assert_eq!((o[1].help_given, o[1].help_received), (3, 0));
    assert_eq!(o[1].ledger.len(), 3);
    assert_eq!(o[1].ledger[0].text, "intro 2", "newest first");
    assert_eq!(o[1].ledger[0].ask.as_deref(), Some("needs a designer"));
}

#[test]
fn the_map_links_interests_in_rings_and_keeps_the_closest() {
    let hs: Vec<History> = (1..=10)
        .map(|i| {
            let circle = if i <= 5 { Circle::Inner } else { Circle::Wider };
            history(i, Some(circle), vec![f64::from(i as i32)])
        })
        .collect();
    let (evals, _) = eval(&hs);
    let interests: HashMap<i64, Vec<String>> = (1..=10)
        .map(|i| (i, vec!["Rust".to_owned()]))
        .chain([(11, vec!["Rust".to_owned()])])
        .collect();
    let m = map(
        &evals,
        &interests,
        &[(1, 2), (1, 42)],
        &[
            (4, crate::model::Role::Manager, 5),
            (4, crate::model::Role::Friend, 42),
        ],
        &[],
        &[3],
        8,
    );
    assert_eq!(m.nodes.len(), 8);
    assert_eq!(m.left_off, 2);
    assert!(
        m.nodes
            .iter()
            .filter(|n| n.circle == Some(Circle::Inner))
            .count()
            == 5
    );
    assert!(m.nodes.iter().any(|n| n.id == 3 && n.fading));
    let interest_edges = m
        .edges
        .iter()
        .filter(|e| e.kind == EdgeKind::Interest)
        .count();
    assert_eq!(interest_edges, 8 * MAP_RING, "a ring of 8 with 2 steps");
    assert!(m.edges.iter().all(|e| e.source != e.target));
    let intros: Vec<_> = m
        .edges
        .iter()
        .filter(|e| e.kind == EdgeKind::Introduction)
        .collect();
    assert_eq!(intros.len(), 1, "only between people on the map");
    let rels: Vec<_> = m
        .edges
        .iter()
        .filter(|e| e.kind == EdgeKind::Relationship)
        .map(|e| (e.source, e.role, e.target))
        .collect();
    assert_eq!(rels, [(4, Some(crate::model::Role::Manager), 5)]);
}

/// Two groups that meet among themselves and never with each other: each person is linked to
/// their strongest [`MAP_KNOWS`] acquaintances only, and the layout puts each group together.
#[test]
fn the_map_links_who_was_seen_with_whom_and_keeps_the_groups_apart() {
    use crate::model::Knows;
    let hs: Vec<History> = (1..=14)
        .map(|i| history(i, Some(Circle::Network), vec![10.0]))
        .collect();
    let (evals, _) = eval(&hs);
    // Group one: 1..=7 all met (a big meeting), 1 and 2 many times more. Group two: 8..=14.
    let mut knows = Vec::new();
    for group in [1..=7, 8..=14] {
        let ids: Vec<i64> = group.collect();
        for (k, &a) in ids.iter().enumerate() {
            for &b in &ids[k + 1..] {
                let shared = if (a, b) == (1, 2) { 9 } else { 1 };
                knows.push(Knows { a, b, shared });
            }
        }
    }
    knows.push(Knows {
        a: 1,
        b: 99,
        shared: 4,
    });
    let m = map(&evals, &HashMap::new(), &[], &[], &knows, &[], 100);
    let links: Vec<(i64, i64, Option<u32>)> = m
        .edges
        .iter()
        .filter(|e| e.kind == EdgeKind::Knows)
        .map(|e| (e.source, e.target, e.shared))
        .collect();
    assert!(links.contains(&(1, 2, Some(9))), "the strongest is kept");
    assert!(
        links.iter().all(|&(a, b, _)| a != 99 && b != 99),
        "only people on the map"
    );
    for id in 1..=14 {
        let mine = links
            .iter()
            .filter(|&&(a, b, _)| a == id || b == id)
            .count();
        assert!(mine >= MAP_KNOWS.min(6), "{id} keeps its strongest: {mine}");
        assert!(mine < 6 + 1, "{id}: {mine}");
    }
    assert!(
        links.len() < 2 * 21,
        "not every pair of the two meetings: {}",
        links.len()
    );
    let at = |id: i64| {
        let n = m.nodes.iter().find(|n| n.id == id).expect("on the map");
        (n.x, n.y)
    };
    let centre = |ids: std::ops::RangeInclusive<i64>| {
        let n = ids.clone().count() as f32;
        let (x, y) = ids.map(at).fold((0.0, 0.0), |s, p| (s.0 + p.0, s.1 + p.1));
        (x / n, y / n)
    };
    let dist = |p: (f32, f32), q: (f32, f32)| ((p.0 - q.0).powi(2) + (p.1 - q.1).powi(2)).sqrt();
    let (one, two) = (centre(1..=7), centre(8..=14));
    for id in 1..=7 {
        assert!(
            dist(at(id), one) < dist(at(id), two),
            "{id} sits with its group"
        );
    }
    for id in 8..=14 {
        assert!(
            dist(at(id), two) < dist(at(id), one),
            "{id} sits with its group"
        );
    }
}

#[test]
fn activity_is_dense_and_weeks_sum_its_days() {
    let n = now();
    let cps = Checkpoints::of(&n);
    let day = |d: i64| n.at - Duration::days(d);
    let a = activity(
        &n,
        &[
            (day(0) - Duration::hours(1), true),
            (day(0) - Duration::hours(2), true),
            (day(6), true),
            (day(7), true),
            (day(400), true),
            (n.at + Duration::hours(1), true),
        ],
    );
    assert_eq!(a.counts.len(), 7 * 53);
    assert_eq!(
        (a.total, a.active_days),
        (4, 3),
        "a year and more ago, and later, are out"
    );
    let w = per_week(&n, &cps, &a);
    assert_eq!(w[52], 3);
    assert_eq!(w[51], 1);
    assert_eq!(w.iter().sum::<u32>(), 4);
}
