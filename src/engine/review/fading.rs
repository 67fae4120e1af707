//! The Fading panel: inner and close ties cooling down, with why.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[cfg(doc)]
use super::snoozes;
use super::{facts_at, Checkpoints, Evaluated, History, MAX_LISTED};
use crate::engine::health::{self, round3};
use crate::engine::snapshot::Now;
use crate::model::{Circle, ContactRef, Settings};

/// The smallest warmth drop that makes a tie fading.
pub const MIN_DROP: f64 = 0.05;

/// A strong tie cooling down.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FadingTie {
    pub contact: ContactRef,
    pub circle: Option<Circle>,
    pub health: u32,
    pub warmth: f64,
    /// Warmth 30 and 90 days ago (`None` before the first interaction).
    pub warmth30: Option<f64>,
    pub warmth90: Option<f64>,
    /// The larger of the two drops.
    pub drop: f64,
    /// What changed, then the weakest component's explanation.
    pub reasons: Vec<String>,
    /// Until when the user put off reaching out to them (see [`snoozes`]).
    pub snoozed_until: Option<NaiveDate>,
}

/// A fading tie before its reasons: how far warmth fell, over how many days, from what to what.
struct Fall<'a> {
    fell: f64,
    days: u32,
    from: f64,
    warm: f64,
    e: &'a Evaluated,
}

/// The inner and close ties whose warmth fell at least [`MIN_DROP`], biggest drop first, at
/// most [`MAX_LISTED`].
fn falls<'a>(evals: &'a [Evaluated], cps: &Checkpoints) -> Vec<Fall<'a>> {
    let mut found: Vec<Fall<'a>> = evals
        .iter()
        .filter(|e| matches!(e.circle, Some(Circle::Inner | Circle::Close)))
        .filter_map(|e| {
            let warm = e.series[cps.now]?.warmth;
            let w30 = e.series[cps.ago30].map(|p| p.warmth);
            let w90 = e.series[cps.ago90].map(|p| p.warmth);
            let d30 = w30.map_or(0.0, |w| w - warm);
            let d90 = w90.map_or(0.0, |w| w - warm);
            let (fell, days, from) = if d90 > d30 {
                (d90, 90, w90?)
            } else {
                (d30, 30, w30?)
            };
            (fell >= MIN_DROP).then_some(Fall {
                fell,
                days,
                from,
                warm,
                e,
            })
        })
        .collect();
    found.sort_by(|a, b| b.fell.total_cmp(&a.fell).then(a.e.id.cmp(&b.e.id)));
    found.truncate(MAX_LISTED);
    found
}

/// Who [`fading`] lists, without working out their reasons (the map marks them).
pub fn fading_ids(evals: &[Evaluated], cps: &Checkpoints) -> Vec<i64> {
    falls(evals, cps).iter().map(|f| f.e.id).collect()
}

/// The fading ties, biggest drop first; the reasons come from [`health::analyze`] of the
/// few listed.
pub fn fading(
    evals: &[Evaluated],
    histories: &[History],
    cps: &Checkpoints,
    now: &Now,
    settings: &Settings,
) -> Vec<FadingTie> {
    falls(evals, cps)
        .into_iter()
        .map(
            |Fall {
                 fell,
                 days,
                 from,
                 warm,
                 e,
             }| {
                let h = health::analyze(&facts_at(&histories[e.index], now), now, settings).health;
                FadingTie {
                    contact: ContactRef {
                        id: e.id,
                        name: e.name.clone(),
                    },
                    circle: e.circle,
                    health: e.health,
                    warmth: round3(warm),
                    warmth30: e.series[cps.ago30].map(|p| round3(p.warmth)),
                    warmth90: e.series[cps.ago90].map(|p| round3(p.warmth)),
                    drop: round3(fell),
                    reasons: vec![
                        format!(
                            "warmth fell from {:.0} to {:.0} (of 100) in {days} days; last spoke {}",
                            from * 100.0,
                            warm * 100.0,
                            h.days_since_last.map_or_else(String::new, health::ago)
                        ),
                        h.explanation,
                    ],
                    snoozed_until: None,
                }
            },
        )
        .collect()
}
