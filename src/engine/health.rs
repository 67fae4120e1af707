//! Relationship health, 0–100, from five named components, each 0–1:
//!
//! | component   | weight | what it measures |
//! |-------------|--------|------------------|
//! | recency     | 0.75   | warmth R(t, 7 days): the days since last contact on a fixed one-week scale |
//! | intensity   | 0.10   | Σ 0.5^(Δ/30 days) over interactions (half-life 30 days), divided by what steady contact at the cadence S would give, 1/(1 − 0.5^(S/30)); capped at 1 |
//! | consistency | 0      | of the last n cadence periods (n = clamp(730/S, 1, 6)) since the first interaction, the share with at least one interaction |
//! | reciprocity | 0      | (2·initiative + help) / 3, each 1 − \|a − b\| / (a + b + 2): who started the last 20 interactions (mutual counts half each way), and help given vs received |
//! | depth       | 0.15   | mean depth of the last 10 interactions: meeting 1, event 0.8, video 0.75, call 0.6, introduction 0.5, email 0.35, message 0.3, note 0.2 |
//!
//! health = round(100 × Σ weight × component). A contact with no interaction has health 0.
//! The weights are what predicted which ties go quiet in the next 30 days on real message
//! histories (docs/EVALUATION.md): recency on a fixed scale predicted best, intensity was a
//! wash (kept small: it separates a one-off from a busy tie), consistency and reciprocity
//! added nothing (they only diluted recency), so they weigh 0 and are shown as facets of the
//! tie; depth could not be tested there (every interaction was a message) and keeps a prior
//! weight. Recency on a fixed scale, rather than against the circle's target, also means
//! logging an interaction can never lower it; warmth, which decides who is due, still uses
//! the contact's cadence.
//!
//! The weakest component is the one that costs the most health, weight × (1 − value), among
//! those with evidence (reciprocity needs an initiator or some help logged), so a component
//! that weighs 0 is never named as the reason; it comes with a one-line explanation. The
//! same table is in `docs/ENGINE.md`.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use strum::{AsRefStr, Display, EnumString, IntoStaticStr, VariantArray};
use ts_rs::TS;

use super::cadence::{cadence, Cadence, CadenceSource};
use super::snapshot::{ContactFacts, Now, Touch};
use super::warmth::warmth;
use crate::model::{Circle, Initiator, InteractionKind, Settings};

pub const W_RECENCY: f64 = 0.75;
pub const W_INTENSITY: f64 = 0.10;
pub const W_CONSISTENCY: f64 = 0.0;
pub const W_RECIPROCITY: f64 = 0.0;
pub const W_DEPTH: f64 = 0.15;
/// The weights above as one value, as [`ContactHealth::weights`] shows them.
pub const WEIGHTS: Components = Components {
    recency: W_RECENCY,
    intensity: W_INTENSITY,
    consistency: W_CONSISTENCY,
    reciprocity: W_RECIPROCITY,
    depth: W_DEPTH,
};
/// The fixed scale S of the recency component R(t, S), in days.
pub const RECENCY_SCALE_DAYS: f64 = 7.0;
/// Half-life of an interaction's weight in the intensity, in days.
pub const HALF_LIFE_DAYS: f64 = 30.0;
/// How many recent interactions the depth and initiative read.
pub const DEPTH_TOUCHES: usize = 10;
pub const INITIATIVE_TOUCHES: usize = 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[derive(AsRefStr, Display, EnumString, IntoStaticStr, VariantArray)]
#[strum(serialize_all = "camelCase")]
pub enum Component {
    Recency,
    Intensity,
    Consistency,
    Reciprocity,
    Depth,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Components {
    pub recency: f64,
    pub intensity: f64,
    pub consistency: f64,
    pub reciprocity: f64,
    pub depth: f64,
}

/// The health of one tie, with its components and the reason it is not higher.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ContactHealth {
    pub contact_id: i64,
    pub name: String,
    pub circle: Option<Circle>,
    /// 0–100.
    pub health: u32,
    /// R(t, S) with the effective cadence S, 0–1 (0 when never contacted).
    pub warmth: f64,
    pub cadence_days: f64,
    pub cadence_source: CadenceSource,
    /// Calendar days since the last interaction (local days), `None` if never.
    pub days_since_last: Option<i64>,
    pub components: Components,
    /// How much each component counts in `health` (they sum to 1): what the UI shows beside
    /// the components, so that one weighted 0 is not mistaken for a cause.
    pub weights: Components,
    pub weakest: Component,
    pub explanation: String,
    /// What the tie is like beyond its score: who starts, who helps, how steady.
    pub facts: TieFacts,
}

/// Facts about a tie, shown as what they are rather than as parts of its score (the
/// components built on them weigh 0 or little there).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TieFacts {
    /// Of the newest [`INITIATIVE_TOUCHES`] interactions, how many had who started them
    /// logged…
    pub with_initiator: u32,
    /// …and of those, how many the user started, the other person started, both did.
    pub started_by_me: u32,
    pub started_by_them: u32,
    pub started_by_both: u32,
    /// Help logged, either way.
    pub help_given: u32,
    pub help_received: u32,
    /// Of the last cadence periods since the first interaction (at most six), how many…
    pub periods: u32,
    /// …had an interaction.
    pub active_periods: u32,
}

/// Everything the rules derive from one contact's facts, computed once per run.
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    /// Distinct local days with an interaction, newest first.
    pub days: Vec<NaiveDate>,
    pub last_at: Option<DateTime<Utc>>,
    /// Fractional days since the last interaction.
    pub t_days: Option<f64>,
    pub cadence: Cadence,
    /// R with the effective cadence (0 when never contacted).
    pub warmth: f64,
    pub health: ContactHealth,
}

/// How deep a kind of interaction is (in person > call > message).
pub fn depth_of(kind: InteractionKind) -> f64 {
    match kind {
        InteractionKind::Meeting => 1.0,
        InteractionKind::Event => 0.8,
        InteractionKind::Video => 0.75,
        InteractionKind::Call => 0.6,
        InteractionKind::Introduction => 0.5,
        InteractionKind::Email => 0.35,
        InteractionKind::Message => 0.3,
        InteractionKind::Note => 0.2,
    }
}

/// 1 − |a − b| / (a + b + 2): 1 when balanced (or no evidence), towards 0 when one-sided.
pub fn balance(a: f64, b: f64) -> f64 {
    1.0 - (a - b).abs() / (a + b + 2.0)
}

/// Of the newest [`INITIATIVE_TOUCHES`] of `touches` (newest first): how many I started,
/// they started, and both.
fn starts<'a>(touches: impl Iterator<Item = &'a Touch>) -> (u32, u32, u32) {
    let (mut mine, mut theirs, mut both) = (0, 0, 0);
    for t in touches.take(INITIATIVE_TOUCHES) {
        match t.initiated_by {
            Some(Initiator::Me) => mine += 1,
            Some(Initiator::Them) => theirs += 1,
            Some(Initiator::Mutual) => both += 1,
            None => {}
        }
    }
    (mine, theirs, both)
}

/// Who started the newest [`INITIATIVE_TOUCHES`] of `touches` (newest first): (me, them),
/// a mutual start counting half to each.
pub fn initiative<'a>(touches: impl Iterator<Item = &'a Touch>) -> (f64, f64) {
    shares(starts(touches))
}

/// (me, them) from the counts of [`starts`]: a mutual start half to each.
fn shares((mine, theirs, both): (u32, u32, u32)) -> (f64, f64) {
    let half = 0.5 * f64::from(both);
    (f64::from(mine) + half, f64::from(theirs) + half)
}

/// How many of the newest [`INITIATIVE_TOUCHES`] of `touches` (newest first) I started and
/// they started, mutual starts left out: the counts an explanation names.
pub fn started<'a>(touches: impl Iterator<Item = &'a Touch>) -> (u32, u32) {
    let (mine, theirs, _) = starts(touches);
    (mine, theirs)
}

/// 100 × the weighted sum of the components (unrounded).
pub fn score(c: &Components) -> f64 {
    100.0
        * (W_RECENCY * c.recency
            + W_INTENSITY * c.intensity
            + W_CONSISTENCY * c.consistency
            + W_RECIPROCITY * c.reciprocity
            + W_DEPTH * c.depth)
}

/// `x` to three decimals: how the engine reports its scores (the one rounding helper of the
/// engine: health, help, suggestions and the review use it).
pub(crate) fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// Analyses one contact as of `now`.
pub fn analyze(c: &ContactFacts, now: &Now, settings: &Settings) -> Analysis {
    let touches: Vec<_> = c.touches.iter().filter(|t| t.at <= now.at).collect();
    let mut days: Vec<NaiveDate> = touches
        .iter()
        .map(|t| now.day_of(t.at, t.has_time))
        .collect();
    days.sort_unstable_by(|a, b| b.cmp(a));
    days.dedup();
    let cad = cadence(c.cadence_days, c.circle, &days, &settings.circle_gaps);
    let last_at = touches.iter().map(|t| t.at).max();
    let t_days = last_at.map(|at| now.days_since(at));
    let days_since_last = days.first().map(|d| (now.today() - *d).num_days().max(0));
    let r = t_days.map_or(0.0, |t| warmth(t, cad.days));

    let (components, informative, facts) = components(c, &touches, now, cad.days, t_days);
    let score = if touches.is_empty() {
        0.0
    } else {
        score(&components)
    };
    let weakest = weakest(&components, informative);
    let explanation = explain(weakest, c, &touches, now, &cad, days_since_last);
    let health = ContactHealth {
        contact_id: c.id,
        name: c.name.clone(),
        circle: c.circle,
        health: score.round().clamp(0.0, 100.0) as u32,
        warmth: round3(r),
        cadence_days: (cad.days * 10.0).round() / 10.0,
        cadence_source: cad.source,
        days_since_last,
        weights: WEIGHTS,
        components: Components {
            recency: round3(components.recency),
            intensity: round3(components.intensity),
            consistency: round3(components.consistency),
            reciprocity: round3(components.reciprocity),
            depth: round3(components.depth),
        },
        weakest,
        explanation,
        facts,
    };
    Analysis {
        days,
        last_at,
        t_days,
        cadence: cad,
        warmth: r,
        health,
    }
}

/// The five components of `c`'s health from `touches` (its interactions up to `now`, newest
/// first) at a cadence of `cadence_days`, which of them have evidence (reciprocity needs a
/// logged initiator or help), and the facts they are made of.
fn components(
    c: &ContactFacts,
    touches: &[&Touch],
    now: &Now,
    cadence_days: f64,
    t_days: Option<f64>,
) -> (Components, [bool; 5], TieFacts) {
    let help = TieFacts {
        help_given: c.help_given,
        help_received: c.help_received,
        ..TieFacts::default()
    };
    if touches.is_empty() {
        (
            Components {
                recency: 0.0,
                intensity: 0.0,
                consistency: 0.0,
                reciprocity: 0.0,
                depth: 0.0,
            },
            [true, true, true, false, true],
            help,
        )
    } else {
        let recency = t_days.map_or(0.0, |t| warmth(t, RECENCY_SCALE_DAYS));
        let decayed: f64 = touches
            .iter()
            .map(|t| 0.5f64.powf(now.days_since(t.at).max(0.0) / HALF_LIFE_DAYS))
            .sum();
        let steady = 1.0 / (1.0 - 0.5f64.powf(cadence_days / HALF_LIFE_DAYS));
        let intensity = (decayed / steady).min(1.0);

        let (active_periods, periods) = periods_with_contact(
            &touches.iter().map(|t| t.at).collect::<Vec<_>>(),
            now,
            cadence_days,
        );
        let consistency = if periods == 0 {
            0.0
        } else {
            f64::from(active_periods) / f64::from(periods)
        };

        let (by_me, by_them, by_both) = starts(touches.iter().copied());
        let (mine, theirs) = shares((by_me, by_them, by_both));
        let (g, r) = (f64::from(c.help_given), f64::from(c.help_received));
        let reciprocity = (2.0 * balance(mine, theirs) + balance(g, r)) / 3.0;
        let recent: Vec<f64> = touches
            .iter()
            .take(DEPTH_TOUCHES)
            .map(|t| depth_of(t.kind))
            .collect();
        let depth = recent.iter().sum::<f64>() / recent.len() as f64;
        (
            Components {
                recency,
                intensity,
                consistency,
                reciprocity,
                depth,
            },
            [true, true, true, mine + theirs + g + r > 0.0, true],
            TieFacts {
                with_initiator: by_me + by_them + by_both,
                started_by_me: by_me,
                started_by_them: by_them,
                started_by_both: by_both,
                periods,
                active_periods,
                ..help
            },
        )
    }
}

/// The component with evidence that costs the most health, weight × (1 − value).
fn weakest(components: &Components, informative: [bool; 5]) -> Component {
    let costs = [
        (Component::Recency, W_RECENCY * (1.0 - components.recency)),
        (
            Component::Intensity,
            W_INTENSITY * (1.0 - components.intensity),
        ),
        (
            Component::Consistency,
            W_CONSISTENCY * (1.0 - components.consistency),
        ),
        (
            Component::Reciprocity,
            W_RECIPROCITY * (1.0 - components.reciprocity),
        ),
        (Component::Depth, W_DEPTH * (1.0 - components.depth)),
    ];
    costs
        .iter()
        .zip(informative)
        .filter(|(_, ok)| *ok)
        .map(|(x, _)| *x)
        .min_by(|a, b| b.1.total_cmp(&a.1))
        .map_or(Component::Recency, |(k, _)| k)
}

/// How many of the last cadence periods had contact, and how many periods there have been
/// since the first one (at most [`periods`]).
fn periods_with_contact(ats: &[DateTime<Utc>], now: &Now, s_days: f64) -> (u32, u32) {
    let periods = periods(s_days);
    let Some(first) = ats.iter().min() else {
        return (0, 0);
    };
    let since_first = now.days_since(*first);
    let mut considered = 0;
    let mut active = 0;
    for k in 0..periods {
        let (end, start) = (k as f64 * s_days, (k + 1) as f64 * s_days);
        if end > since_first {
            break;
        }
        considered += 1;
        if ats.iter().any(|at| {
            let d = now.days_since(*at);
            d >= end && d < start
        }) {
            active += 1;
        }
    }
    (active, considered)
}

fn periods(s_days: f64) -> u32 {
    ((730.0 / s_days).floor() as u32).clamp(1, 6)
}

/// "1 day", "3 days": `one` after exactly 1, else `many`.
pub fn plural(n: impl std::fmt::Display, one: &str, many: &str) -> String {
    let n = n.to_string();
    if n == "1" {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// How long ago something was, `days` whole days back, as people say it: "today",
/// "yesterday", "40 days ago", then "4 months ago" from 100 days on and "8 years ago" from two
/// years on (the exact count stays in the JSON's `daysSinceLast`).
pub fn ago(days: i64) -> String {
    match days {
        ..=0 => "today".to_owned(),
        1 => "yesterday".to_owned(),
        2..=99 => format!("{days} days ago"),
        100..=729 => format!(
            "{} ago",
            plural((days as f64 / 30.44).round() as i64, "month", "months")
        ),
        _ => format!(
            "{} ago",
            plural((days as f64 / 365.25).round() as i64, "year", "years")
        ),
    }
}

/// "you usually talk every 30 days" / "you want to talk every 30 days"...
pub fn cadence_phrase(cad: &Cadence) -> String {
    let every = cad.days.round() as i64;
    match cad.source {
        // "Usually" only of the person's own rhythm: a rhythm clipped to the circle's range
        // says the target and the rhythm apart.
        CadenceSource::Learned => match (cad.observed.map(|o| o.round() as i64), cad.circle) {
            (Some(seen), Some(circle)) if seen != every => format!(
                "your {circle}-circle target is every {} days; you have talked every ~{seen}",
                cad.target.round() as i64
            ),
            (Some(seen), None) if seen != every => format!(
                "with no circle, Kith counts on every {every} days; you have talked every \
                 ~{seen}"
            ),
            _ => format!("you usually talk every {every}"),
        },
        CadenceSource::Explicit => format!("you want to talk every {every}"),
        CadenceSource::Circle => format!("your circle's target is every {every}"),
        CadenceSource::Default => format!("no rhythm yet, so by default every {every}"),
    }
}

fn explain(
    weakest: Component,
    c: &ContactFacts,
    touches: &[&Touch],
    now: &Now,
    cad: &Cadence,
    days_since_last: Option<i64>,
) -> String {
    let Some(since) = days_since_last else {
        return "no interaction logged yet".into();
    };
    match weakest {
        Component::Recency => format!("last spoke {}; {} days", ago(since), cadence_phrase(cad)),
        Component::Intensity => {
            let window = (3.0 * cad.days).max(30.0).round() as i64;
            let n = touches
                .iter()
                .filter(|t| now.days_since(t.at) < window as f64)
                .count() as i64;
            format!(
                "little contact lately: {} in the last {window} days",
                plural(n, "interaction", "interactions")
            )
        }
        Component::Consistency => {
            let s = cad.days.round() as i64;
            format!("contact comes in bursts: no steady rhythm of one every {s} days")
        }
        Component::Reciprocity => {
            let (mine, theirs) = started(touches.iter().copied());
            let init = balance(f64::from(mine), f64::from(theirs));
            let help = balance(f64::from(c.help_given), f64::from(c.help_received));
            if init <= help {
                if mine >= theirs {
                    format!(
                        "one-sided: you started {mine} of the last {} conversations",
                        mine + theirs
                    )
                } else {
                    format!(
                        "one-sided: they started {theirs} of the last {} conversations",
                        mine + theirs
                    )
                }
            } else if c.help_given >= c.help_received {
                format!(
                    "one-sided help: you helped them {}, they helped you {}",
                    plural(c.help_given, "time", "times"),
                    plural(c.help_received, "time", "times")
                )
            } else {
                format!(
                    "one-sided help: they helped you {}, you helped them {}",
                    plural(c.help_received, "time", "times"),
                    plural(c.help_given, "time", "times")
                )
            }
        }
        Component::Depth => depth_advice(touches),
    }
}

/// What the last [`DEPTH_TOUCHES`] interactions were, every kind named ("only emails and
/// messages lately", "one call lately"), and what would go deeper than the deepest of them:
/// never what the person has just done.
fn depth_advice(touches: &[&Touch]) -> String {
    let recent: Vec<InteractionKind> = touches.iter().take(DEPTH_TOUCHES).map(|t| t.kind).collect();
    let mut kinds: Vec<(InteractionKind, usize)> = Vec::new();
    for k in &recent {
        match kinds.iter_mut().find(|(seen, _)| seen == k) {
            Some((_, n)) => *n += 1,
            None => kinds.push((*k, 1)),
        }
    }
    kinds.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
    let deepest = recent.iter().map(|k| depth_of(*k)).fold(0.0, f64::max);
    let what = match kinds.as_slice() {
        [] => return "no interaction logged yet".into(),
        [(k, 1)] if recent.len() == 1 => format!("one {} lately", kind_word(*k, false)),
        _ => {
            let words: Vec<&str> = kinds.iter().map(|(k, _)| kind_word(*k, true)).collect();
            let listed = match words.split_last() {
                Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
                _ => words.join(""),
            };
            format!("only {listed} lately")
        }
    };
    let deeper = if deepest < depth_of(InteractionKind::Call) {
        "a call or a meeting would deepen it"
    } else if deepest < depth_of(InteractionKind::Meeting) {
        "meeting in person would deepen it"
    } else {
        "more time in person would deepen it"
    };
    format!("{what}: {deeper}")
}

/// A kind of interaction as a noun: "call", "video call"; `many` for its plural.
fn kind_word(kind: InteractionKind, many: bool) -> &'static str {
    use InteractionKind as K;
    match (kind, many) {
        (K::Meeting, false) => "meeting",
        (K::Meeting, true) => "meetings",
        (K::Call, false) => "call",
        (K::Call, true) => "calls",
        (K::Video, false) => "video call",
        (K::Video, true) => "video calls",
        (K::Message, false) => "message",
        (K::Message, true) => "messages",
        (K::Email, false) => "email",
        (K::Email, true) => "emails",
        (K::Event, false) => "event",
        (K::Event, true) => "events",
        (K::Introduction, false) => "introduction",
        (K::Introduction, true) => "introductions",
        (K::Note, false) => "note",
        (K::Note, true) => "notes",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::snapshot::Touch;
    use chrono::{Duration, TimeZone};

    fn now() -> Now {
        Now::utc(Utc.with_ymd_and_hms(2026, 6, 1, 12, 0, 0).unwrap())
    }

    fn touch(days_ago: i64, kind: InteractionKind, by: Option<Initiator>) -> Touch {
        Touch {
            at: now().at - Duration::days(days_ago),
            has_time: true,
            kind,
            initiated_by: by,
        }
    }

    #[test]
    fn usually_describes_the_persons_own_rhythm_and_a_clip_says_so() {
        let gaps = crate::model::CircleGaps::default();
        let every = |circle: Option<Circle>, gap: i64| {
            let days: Vec<_> = (0..6)
                .map(|i| now().at.date_naive() - Duration::days(i * gap))
                .collect();
            cadence_phrase(&cadence(None, circle, &days, &gaps))
        };
        // Inner circle, every 7 days: talked every 45, clipped to 14.
        assert_eq!(
            every(Some(Circle::Inner), 45),
            "your inner-circle target is every 7 days; you have talked every ~45"
        );
        assert_eq!(every(Some(Circle::Inner), 10), "you usually talk every 10");
        assert_eq!(
            every(None, 2),
            "with no circle, Kith counts on every 7 days; you have talked every ~2"
        );
        assert_eq!(every(None, 40), "you usually talk every 40");
    }

    #[test]
    fn how_long_ago_reads_as_people_say_it() {
        let said: Vec<String> = [0, 1, 2, 40, 99, 100, 400, 729, 730, 2906]
            .into_iter()
            .map(ago)
            .collect();
        assert_eq!(
            said,
            [
                "today",
                "yesterday",
                "2 days ago",
                "40 days ago",
                "99 days ago",
                "3 months ago",
                "13 months ago",
                "24 months ago",
                "2 years ago",
                "8 years ago"
            ]
        );
    }

    #[test]
    fn depth_advice_names_what_was_done_and_never_recommends_it() {
        let advice = |kinds: &[InteractionKind]| {
            let touches: Vec<Touch> = kinds
                .iter()
                .enumerate()
                .map(|(i, k)| touch(i as i64 * 3, *k, None))
                .collect();
            depth_advice(&touches.iter().collect::<Vec<_>>())
        };
        use InteractionKind as K;
        assert_eq!(
            advice(&[K::Call]),
            "one call lately: meeting in person would deepen it"
        );
        assert_eq!(
            advice(&[K::Message, K::Email, K::Message]),
            "only messages and emails lately: a call or a meeting would deepen it"
        );
        assert_eq!(
            advice(&[K::Email, K::Video, K::Note, K::Email]),
            "only emails, video calls and notes lately: meeting in person would deepen it"
        );
        assert_eq!(
            advice(&[K::Meeting, K::Message, K::Message]),
            "only messages and meetings lately: more time in person would deepen it"
        );
    }

    fn contact(circle: Circle, touches: Vec<Touch>) -> ContactFacts {
        let mut c = ContactFacts::new(1, "Ana");
        c.circle = Some(circle);
        c.touches = touches;
        c
    }

    #[test]
    fn never_contacted_is_zero_with_a_reason() {
        let a = analyze(
            &contact(Circle::Close, vec![]),
            &now(),
            &Settings::default(),
        );
        assert_eq!(a.health.health, 0);
        assert_eq!(a.health.warmth, 0.0);
        assert_eq!(a.health.days_since_last, None);
        assert_eq!(a.health.explanation, "no interaction logged yet");
    }

    #[test]
    fn one_meeting_today_hand_computed() {
        // Close circle, one meeting 0 days ago, no initiator, no help:
        // recency 1; intensity 1 / (1/(1-0.5)) = 0.5; consistency 1 (1 period considered,
        // active); reciprocity (2*1 + 1)/3 = 1 (no evidence); depth 1.
        // health = 100 * (0.75 + 0.1*0.5 + 0*1 + 0*1 + 0.15) = 95; the only shortfall is
        // intensity's 0.1 * 0.5.
        let a = analyze(
            &contact(
                Circle::Close,
                vec![touch(0, InteractionKind::Meeting, None)],
            ),
            &now(),
            &Settings::default(),
        );
        let c = a.health.components;
        assert_eq!(
            (
                c.recency,
                c.intensity,
                c.consistency,
                c.reciprocity,
                c.depth
            ),
            (1.0, 0.5, 1.0, 1.0, 1.0)
        );
        assert_eq!(a.health.health, 95);
        assert_eq!(a.health.weakest, Component::Intensity);
    }

    #[test]
    fn one_sided_initiative_is_shown_but_weighs_nothing() {
        // Six meetings I started, every 5 days, inner circle: initiative 1 - 6/8 = 0.25,
        // help 1 -> reciprocity (0.5 + 1)/3 = 0.5. It weighs 0, so the weakest is what costs
        // health: cadence 5 (gaps of 5, inside 3.5..14), decayed sum = 0.5 × steady contact
        // at 5 days (the last 30 days of an endless rhythm are half of it) -> intensity 0.5,
        // costing 0.1 × 0.5.
        let touches: Vec<Touch> = (0..6)
            .map(|i| touch(i * 5, InteractionKind::Meeting, Some(Initiator::Me)))
            .collect();
        let c = contact(Circle::Inner, touches);
        let a = analyze(&c, &now(), &Settings::default());
        assert_eq!(a.health.components.reciprocity, 0.5);
        assert_eq!(a.health.components.intensity, 0.5);
        assert_eq!(a.health.weakest, Component::Intensity);
        // 100 × (0.75 + 0.1 × 0.5 + 0.15) = 95.
        assert_eq!(a.health.health, 95);
        let touches: Vec<&Touch> = c.touches.iter().collect();
        assert_eq!(
            explain(
                Component::Reciprocity,
                &c,
                &touches,
                &now(),
                &a.cadence,
                Some(0)
            ),
            "one-sided: you started 6 of the last 6 conversations"
        );
    }

    #[test]
    fn recency_is_on_a_one_week_scale_whatever_the_circle() {
        // One meeting 94 days ago, mutual: R(94, 7) = (1 + 94·19/(81·7))^-0.5
        // = (2353/567)^-0.5 = 0.4909 in every circle (and with none).
        let want = (567.0f64 / 2353.0).sqrt();
        for circle in [Some(Circle::Inner), Some(Circle::Wider), None] {
            let mut c = contact(
                Circle::Close,
                vec![touch(94, InteractionKind::Meeting, Some(Initiator::Mutual))],
            );
            c.circle = circle;
            let a = analyze(&c, &now(), &Settings::default());
            assert!(
                (a.health.components.recency - want).abs() < 0.001,
                "{circle:?}"
            );
        }
    }

    #[test]
    fn recency_explanation_names_days_and_cadence() {
        let a = analyze(
            &contact(
                Circle::Close,
                vec![touch(94, InteractionKind::Meeting, Some(Initiator::Mutual))],
            ),
            &now(),
            &Settings::default(),
        );
        assert_eq!(a.health.days_since_last, Some(94));
        // Costs: recency 0.75 × (1 − 0.4909) = 0.382; intensity 0.1 × (1 − 0.5^(94/30)/2)
        // = 0.1 × (1 − 0.057) = 0.094; depth 0.
        assert_eq!(a.health.weakest, Component::Recency);
        assert_eq!(
            a.health.explanation,
            "last spoke 94 days ago; your circle's target is every 30 days"
        );
        // 100 × (0.75 × 0.4909 + 0.1 × 0.0570 + 0.15 × 1) = 52.4 -> 52.
        assert_eq!(a.health.health, 52);
    }

    #[test]
    fn no_circle_and_few_days_is_a_default_rhythm_and_says_so() {
        // Two messages, 40 and 100 days ago: too few days to learn, so 90 days by default.
        let mut c = contact(
            Circle::Close,
            vec![
                touch(40, InteractionKind::Message, Some(Initiator::Them)),
                touch(100, InteractionKind::Message, Some(Initiator::Me)),
            ],
        );
        c.circle = None;
        let a = analyze(&c, &now(), &Settings::default());
        assert_eq!(a.health.cadence_source, CadenceSource::Default);
        assert_eq!(a.health.cadence_days, 90.0);
        assert_eq!(a.health.weakest, Component::Recency);
        assert_eq!(
            a.health.explanation,
            "last spoke 40 days ago; no rhythm yet, so by default every 90 days"
        );
        // Warmth (who is due) uses the cadence: R(40, 90) = (1 + 40·19/(81·90))^-0.5.
        let r = (1.0 + 40.0 * 19.0 / 7290.0f64).powf(-0.5);
        assert!((a.health.warmth - r).abs() < 0.001);
    }

    #[test]
    fn a_component_that_weighs_nothing_is_never_the_weakest() {
        // Everything perfect but initiative (I started all of 20 meetings, daily): reciprocity
        // is the lowest value, yet it costs nothing; the weakest is what does cost.
        let touches: Vec<Touch> = (0..20)
            .map(|i| touch(i, InteractionKind::Meeting, Some(Initiator::Me)))
            .collect();
        let a = analyze(
            &contact(Circle::Inner, touches),
            &now(),
            &Settings::default(),
        );
        let c = a.health.components;
        assert!(c.reciprocity < c.intensity.min(c.recency).min(c.depth));
        assert_ne!(a.health.weakest, Component::Reciprocity);
        assert_ne!(a.health.weakest, Component::Consistency);
    }

    #[test]
    fn depth_prefers_meetings_over_messages() {
        let msgs = analyze(
            &contact(
                Circle::Close,
                vec![touch(1, InteractionKind::Message, None)],
            ),
            &now(),
            &Settings::default(),
        );
        assert_eq!(msgs.health.components.depth, 0.3);
    }
}
