//! The Trend panel (the network's mean health week by week) and the activity calendar.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{round1, Checkpoints, Evaluated, TREND_WEEKS};
use crate::engine::snapshot::Now;

/// One week of the trend.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TrendPoint {
    /// The moment evaluated (the end of the week).
    pub at: DateTime<Utc>,
    /// Mean health of the ties that existed then (0 when none).
    pub health: f64,
    /// How many ties that was.
    pub ties: u32,
    /// Interactions logged in the 7 days before `at`.
    pub interactions: u32,
}

/// The weekly trend; `per_week[k]` is the interactions of the week ending at week `k`.
pub fn trend(evals: &[Evaluated], cps: &Checkpoints, per_week: &[u32]) -> Vec<TrendPoint> {
    cps.weeks
        .iter()
        .enumerate()
        .map(|(k, &i)| {
            let (mut sum, mut ties) = (0u64, 0u32);
            for p in evals.iter().filter_map(|e| e.series[i]) {
                sum += u64::from(p.health);
                ties += 1;
            }
            TrendPoint {
                at: cps.at[i],
                health: if ties == 0 {
                    0.0
                } else {
                    round1(sum as f64 / f64::from(ties))
                },
                ties,
                interactions: per_week.get(k).copied().unwrap_or(0),
            }
        })
        .collect()
}

/// Interactions per local day over the last year: `counts[i]` is the count of `from + i`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Activity {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub counts: Vec<u32>,
    pub total: u32,
    /// Days with at least one interaction.
    pub active_days: u32,
}

/// The calendar of the trend's weeks (the 371 local days up to today) of `interactions`
/// (when, whether a time was given: a day logged without one counts on that day).
pub fn activity(now: &Now, interactions: &[(DateTime<Utc>, bool)]) -> Activity {
    let to = now.today();
    let from = to - Duration::days(7 * TREND_WEEKS + 6);
    let len = usize::try_from((to - from).num_days() + 1).unwrap_or(0);
    let mut counts = vec![0u32; len];
    for &(at, has_time) in interactions {
        if at >= now.at {
            continue;
        }
        if let Ok(i) = usize::try_from((now.day_of(at, has_time) - from).num_days()) {
            if let Some(c) = counts.get_mut(i) {
                *c += 1;
            }
        }
    }
    Activity {
        from,
        to,
        total: counts.iter().sum(),
        active_days: counts.iter().filter(|&&c| c > 0).count() as u32,
        counts,
    }
}

/// The interactions of each trend week (the 7 local days ending on that week's day).
pub fn per_week(now: &Now, cps: &Checkpoints, a: &Activity) -> Vec<u32> {
    cps.weeks
        .iter()
        .map(|&i| {
            let end = now.day_of(cps.at[i], true);
            (0..7)
                .filter_map(|k| {
                    let d = end - Duration::days(k);
                    usize::try_from((d - a.from).num_days())
                        .ok()
                        .and_then(|i| a.counts.get(i))
                })
                .sum()
        })
        .collect()
}
