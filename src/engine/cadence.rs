//! Cadence: how often a tie expects contact, in days.
//!
//! An explicit cadence on the contact wins. Otherwise, once there are at least
//! [`MIN_LEARNING_DAYS`] distinct interaction days, the observed rhythm: the median gap
//! between consecutive distinct days (the last [`LEARNING_DAYS`] of them).
//!
//! - In a circle, the circle's target gap, adapted to that rhythm clipped to 0.5–2× the
//!   target, so a burst or a lull cannot redefine the relationship the user chose.
//! - With no circle, the user said nothing about the tie, so its own rhythm is used, clipped
//!   to [`FREE_MIN_DAYS`]–[`FREE_MAX_DAYS`]; before there is one, [`DEFAULT_DAYS`]. (Counting
//!   such a contact as `wider`, 365 days, meant an imported history produced no suggestion
//!   for half a year: see docs/EVALUATION.md.)

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use strum::{AsRefStr, Display, EnumString, IntoStaticStr, VariantArray};
use ts_rs::TS;

use crate::model::{Circle, CircleGaps};

/// Distinct interaction days needed before the rhythm is learned.
pub const MIN_LEARNING_DAYS: usize = 3;
/// How many of the most recent distinct days the rhythm is learned from.
pub const LEARNING_DAYS: usize = 20;
/// The cadence of a contact with no circle and too few days to learn from.
pub const DEFAULT_DAYS: f64 = 90.0;
/// The band a contact with no circle learns its rhythm in.
pub const FREE_MIN_DAYS: f64 = 7.0;
pub const FREE_MAX_DAYS: f64 = 365.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[derive(AsRefStr, Display, EnumString, IntoStaticStr, VariantArray)]
#[strum(serialize_all = "camelCase")]
pub enum CadenceSource {
    /// Set on the contact by the user.
    Explicit,
    /// The median gap between interaction days, clipped to 0.5–2× the circle's target
    /// (with no circle, to 7–365 days).
    Learned,
    /// The circle's target gap.
    Circle,
    /// No circle and too few interaction days to learn from: [`DEFAULT_DAYS`].
    Default,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cadence {
    /// The gap the engine expects, in days.
    pub days: f64,
    pub source: CadenceSource,
    /// What the user asked for: the explicit cadence, else the circle's target; with no
    /// circle, [`DEFAULT_DAYS`].
    pub target: f64,
    /// The unclipped median gap, when there were enough days to learn it.
    pub observed: Option<f64>,
    /// The contact's circle (what `target` and the clip come from).
    pub circle: Option<Circle>,
}

/// The median of `xs` (the mean of the middle two for an even count); `None` when empty.
pub fn median(xs: &[f64]) -> Option<f64> {
    if xs.is_empty() {
        return None;
    }
    let mut v = xs.to_vec();
    v.sort_by(f64::total_cmp);
    let mid = v.len() / 2;
    Some(if v.len().is_multiple_of(2) {
        (v[mid - 1] + v[mid]) / 2.0
    } else {
        v[mid]
    })
}

/// The median gap in days between consecutive distinct `days` (any order, duplicates
/// allowed), using the most recent [`LEARNING_DAYS`]; `None` below [`MIN_LEARNING_DAYS`].
pub fn observed_gap(days: &[NaiveDate]) -> Option<f64> {
    let mut distinct = days.to_vec();
    distinct.sort_unstable_by(|a, b| b.cmp(a));
    distinct.dedup();
    distinct.truncate(LEARNING_DAYS);
    if distinct.len() < MIN_LEARNING_DAYS {
        return None;
    }
    let gaps: Vec<f64> = distinct
        .windows(2)
        .map(|w| (w[0] - w[1]).num_days() as f64)
        .collect();
    median(&gaps)
}

/// The gap a contact keeps when it has no rhythm of its own: its circle's target gap, or
/// [`DEFAULT_DAYS`] with no circle.
fn target(circle: Option<Circle>, gaps: &CircleGaps) -> f64 {
    circle.map_or(DEFAULT_DAYS, |c| f64::from(gaps.of(c).max(1)))
}

/// The range a learned cadence is clipped to: 0.5–2× the circle's target gap, or
/// [`FREE_MIN_DAYS`]–[`FREE_MAX_DAYS`] for a contact with no circle.
pub fn learned_range(circle: Option<Circle>, gaps: &CircleGaps) -> (f64, f64) {
    match circle {
        Some(_) => {
            let t = target(circle, gaps);
            (0.5 * t, 2.0 * t)
        }
        None => (FREE_MIN_DAYS, FREE_MAX_DAYS),
    }
}

/// The shortest cadence [`cadence`] can give a contact with this explicit cadence and circle,
/// whatever its interactions: what a bound on how due a contact can be starts from.
pub fn shortest(explicit: Option<u32>, circle: Option<Circle>, gaps: &CircleGaps) -> f64 {
    match explicit.filter(|&e| e > 0) {
        Some(e) => f64::from(e),
        None => learned_range(circle, gaps).0.min(target(circle, gaps)),
    }
}

/// The cadence of a contact with this explicit cadence, circle and interaction days.
pub fn cadence(
    explicit: Option<u32>,
    circle: Option<Circle>,
    days: &[NaiveDate],
    gaps: &CircleGaps,
) -> Cadence {
    let observed = observed_gap(days);
    if let Some(e) = explicit.filter(|&e| e > 0) {
        let e = f64::from(e);
        return Cadence {
            days: e,
            source: CadenceSource::Explicit,
            target: e,
            observed,
            circle,
        };
    }
    let target = target(circle, gaps);
    match observed {
        Some(gap) => {
            let (lo, hi) = learned_range(circle, gaps);
            Cadence {
                days: gap.clamp(lo, hi),
                source: CadenceSource::Learned,
                target,
                observed,
                circle,
            }
        }
        None => Cadence {
            days: target,
            source: if circle.is_some() {
                CadenceSource::Circle
            } else {
                CadenceSource::Default
            },
            target,
            observed,
            circle,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn days_apart(gaps: &[i64]) -> Vec<NaiveDate> {
        let mut day = d("2026-01-01");
        let mut out = vec![day];
        for g in gaps {
            day += chrono::Duration::days(*g);
            out.push(day);
        }
        out
    }

    #[test]
    fn circle_targets_by_default_and_ninety_days_without_a_circle() {
        let g = CircleGaps::default();
        let c = |circle| cadence(None, circle, &[], &g);
        assert_eq!(c(Some(Circle::Inner)).days, 7.0);
        assert_eq!(c(Some(Circle::Close)).days, 30.0);
        assert_eq!(c(Some(Circle::Network)).days, 90.0);
        assert_eq!(c(Some(Circle::Wider)).days, 365.0);
        assert_eq!(c(Some(Circle::Wider)).source, CadenceSource::Circle);
        assert_eq!(
            (c(None).days, c(None).source, c(None).target),
            (90.0, CadenceSource::Default, 90.0)
        );
        // Two days are still too few to learn from.
        let two = cadence(None, None, &days_apart(&[3]), &g);
        assert_eq!((two.days, two.source), (90.0, CadenceSource::Default));
    }

    #[test]
    fn without_a_circle_the_own_rhythm_is_clipped_to_a_week_and_a_year() {
        let g = CircleGaps::default();
        // Gaps 10, 20, 40: median 20, kept as is (no circle to clip it to).
        let mid = cadence(None, None, &days_apart(&[10, 20, 40]), &g);
        assert_eq!(
            (mid.days, mid.source, mid.observed),
            (20.0, CadenceSource::Learned, Some(20.0))
        );
        // Every 2 days -> 7; every 500 days -> 365.
        let fast = cadence(None, None, &days_apart(&[2, 2, 2]), &g);
        assert_eq!((fast.days, fast.observed), (7.0, Some(2.0)));
        let slow = cadence(None, None, &days_apart(&[500, 500]), &g);
        assert_eq!(slow.days, 365.0);
        // An explicit cadence still wins.
        let set = cadence(Some(45), None, &days_apart(&[2, 2, 2]), &g);
        assert_eq!((set.days, set.source), (45.0, CadenceSource::Explicit));
    }

    #[test]
    fn explicit_cadence_wins_over_circle_and_rhythm() {
        let days = days_apart(&[2, 2, 2, 2]);
        let c = cadence(Some(45), Some(Circle::Inner), &days, &CircleGaps::default());
        assert_eq!((c.days, c.source), (45.0, CadenceSource::Explicit));
    }

    #[test]
    fn median_of_gaps_between_distinct_days() {
        // Gaps 10, 20, 40 (the same day twice counts once): median 20.
        let mut days = days_apart(&[10, 20, 40]);
        days.push(days[1]);
        assert_eq!(observed_gap(&days), Some(20.0));
        // Even count: gaps 10, 20, 30, 50 -> (20 + 30) / 2.
        assert_eq!(observed_gap(&days_apart(&[10, 20, 30, 50])), Some(25.0));
        let c = cadence(None, Some(Circle::Close), &days, &CircleGaps::default());
        assert_eq!((c.days, c.source), (20.0, CadenceSource::Learned));
    }

    #[test]
    fn two_days_are_not_enough_to_learn() {
        let c = cadence(
            None,
            Some(Circle::Close),
            &days_apart(&[3]),
            &CircleGaps::default(),
        );
        assert_eq!((c.days, c.source), (30.0, CadenceSource::Circle));
    }

    #[test]
    fn learned_cadence_is_clipped_to_half_and_double_the_target() {
        let g = CircleGaps::default();
        // Close (30): every 2 days -> 15; every 200 days -> 60.
        let fast = cadence(None, Some(Circle::Close), &days_apart(&[2, 2, 2]), &g);
        assert_eq!(fast.days, 15.0);
        assert_eq!(fast.observed, Some(2.0));
        let slow = cadence(None, Some(Circle::Close), &days_apart(&[200, 200]), &g);
        assert_eq!(slow.days, 60.0);
        // Inside the band it is kept as is.
        let mid = cadence(None, Some(Circle::Close), &days_apart(&[40, 40]), &g);
        assert_eq!(mid.days, 40.0);
    }

    #[test]
    fn no_cadence_is_shorter_than_the_shortest() {
        let g = CircleGaps::default();
        for circle in [
            None,
            Some(Circle::Inner),
            Some(Circle::Close),
            Some(Circle::Wider),
        ] {
            for explicit in [None, Some(3), Some(400)] {
                let floor = shortest(explicit, circle, &g);
                for gaps in [vec![], vec![1, 1, 1], vec![500, 500, 500], vec![20, 30, 40]] {
                    let c = cadence(explicit, circle, &days_apart(&gaps), &g);
                    assert!(c.days >= floor, "{circle:?} {explicit:?} {gaps:?}");
                }
            }
        }
    }

    #[test]
    fn only_the_last_twenty_days_count() {
        // 30 gaps of 100 days, then 19 gaps of 10: the last 20 days have gaps of 10.
        let mut gaps = vec![100; 30];
        gaps.extend([10; 19]);
        assert_eq!(observed_gap(&days_apart(&gaps)), Some(10.0));
    }
}
