//! Each contact's health and warmth at every checkpoint of the review, computed
//! incrementally from its whole history: what `health::analyze` says of a snapshot taken at
//! each checkpoint (a property test checks it), without taking one.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{History, TREND_WEEKS};
use crate::engine::cadence::cadence;
use crate::engine::health::{self, balance, depth_of, round3, Components};
use crate::engine::snapshot::{ContactFacts, Now, INTENSITY_WINDOW_DAYS, MAX_TOUCHES, MIN_TOUCHES};
use crate::engine::warmth::warmth;
use crate::model::{Circle, Settings};

/// A tie's health and warmth at one moment.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    pub health: u32,
    pub warmth: f64,
}

/// `at` in milliseconds, rounded up: for whole-millisecond `t`, `t < at` ⇔ `ms(t) < ceil_ms(at)`.
fn ceil_ms(at: DateTime<Utc>) -> i64 {
    at.timestamp_millis() + i64::from(!at.timestamp_subsec_nanos().is_multiple_of(1_000_000))
}

/// How far back a snapshot taken at `cp` reaches (the bound [`Snapshot`] documents, which
/// the store's reads follow): the first index of `ms[..hi]` (touch times, ascending) it would
/// hold.
///
/// [`Snapshot`]: crate::engine::Snapshot
fn snapshot_start(ms: &[i64], hi: usize, cp: DateTime<Utc>) -> usize {
    let window_start = ceil_ms(cp - Duration::days(INTENSITY_WINDOW_DAYS));
    let in_window = hi - ms[..hi].partition_point(|&m| m < window_start);
    hi - in_window.max(MIN_TOUCHES.min(hi)).min(MAX_TOUCHES)
}

const DAY_MS: f64 = 86_400_000.0;

/// The health and warmth of `h` at each of `checkpoints` (ascending), `None` before its first
/// interaction: what [`health::analyze`] says of a snapshot taken at that moment. Times are
/// compared in whole milliseconds, as `Now::days_since` measures them.
pub fn series(
    h: &History,
    offset: FixedOffset,
    checkpoints: &[DateTime<Utc>],
    settings: &Settings,
) -> Vec<Option<Point>> {
    let touches = &h.touches;
    let Some(&last_cp) = checkpoints.last() else {
        return Vec::new();
    };
    let probe = Now {
        at: last_cp,
        offset,
    };
    let ms: Vec<i64> = touches.iter().map(|t| t.at.timestamp_millis()).collect();
    let last_ms = last_cp.timestamp_millis();
    let hi_max = ms.partition_point(|&m| m < ceil_ms(last_cp));
    // Σ 2^((at − last_cp) / half-life), so the decayed sum at cp is 2^((last_cp − cp) / hl)
    // times a difference of two prefixes.
    let half_life_ms = health::HALF_LIFE_DAYS * DAY_MS;
    let mut prefix = Vec::with_capacity(hi_max + 1);
    prefix.push(0.0f64);
    for &m in &ms[..hi_max] {
        let rel = (m - last_ms) as f64 / half_life_ms;
        prefix.push(prefix[prefix.len() - 1] + rel.exp2());
    }
    let mut given_before = Vec::with_capacity(h.help.len() + 1);
    given_before.push(0u32);
    for e in &h.help {
        given_before.push(given_before[given_before.len() - 1] + u32::from(e.given));
    }
    let days_wanted = crate::engine::cadence::LEARNING_DAYS;
    // Local days are computed lazily, newest first, at most once per touch.
    let mut days: Vec<Option<NaiveDate>> = vec![None; touches.len()];
    let mut top: Vec<NaiveDate> = Vec::with_capacity(days_wanted + 1);
    checkpoints
        .iter()
        .map(|&cp| {
            let cp_ms = cp.timestamp_millis();
            let since = |m: i64| (cp_ms - m) as f64 / DAY_MS;
            let hi = ms.partition_point(|&m| m < ceil_ms(cp));
            if hi == 0 {
                return None;
            }
            let lo = snapshot_start(&ms, hi, cp);
            let slice = &touches[lo..hi];

            // The newest distinct days: a local day is within a day of the UTC date.
            top.clear();
            for j in (lo..hi).rev() {
                if top.len() == days_wanted
                    && touches[j].at.date_naive() + Duration::days(1) < top[top.len() - 1]
                {
                    break;
                }
                let d = *days[j]
                    .get_or_insert_with(|| probe.day_of(touches[j].at, touches[j].has_time));
                if let Err(pos) = top.binary_search_by(|x| d.cmp(x)) {
                    top.insert(pos, d);
                    top.truncate(days_wanted);
                }
            }
            let cad = cadence(
                h.facts.cadence_days,
                h.facts.circle,
                &top,
                &settings.circle_gaps,
            );
            let t = since(ms[hi - 1]);
            let r = warmth(t, cad.days);
            let recency = warmth(t, health::RECENCY_SCALE_DAYS);
            let decayed =
                (prefix[hi] - prefix[lo]) * ((last_ms - cp_ms) as f64 / half_life_ms).exp2();
            let steady = 1.0 / (1.0 - 0.5f64.powf(cad.days / health::HALF_LIFE_DAYS));
            let intensity = (decayed / steady).min(1.0);
            let consistency = consistency(&ms[lo..hi], cp_ms, cad.days);
            let (mine, theirs) = health::initiative(slice.iter().rev());
            let helped = h.help.partition_point(|e| e.at < cp);
            let g = given_before[helped];
            let (g, rcv) = (f64::from(g), f64::from(helped as u32 - g));
            let reciprocity = (2.0 * balance(mine, theirs) + balance(g, rcv)) / 3.0;
            let recent = slice.len().min(health::DEPTH_TOUCHES);
            let depth = slice
                .iter()
                .rev()
                .take(recent)
                .map(|t| depth_of(t.kind))
                .sum::<f64>()
                / recent as f64;
            let score = health::score(&Components {
                recency,
                intensity,
                consistency,
                reciprocity,
                depth,
            });
            Some(Point {
                health: score.round().clamp(0.0, 100.0) as u32,
                warmth: r,
            })
        })
        .collect()
}

/// The consistency component over touch times `ms` (ascending), as `health` computes it.
fn consistency(ms: &[i64], cp_ms: i64, s_days: f64) -> f64 {
    let since = |m: i64| (cp_ms - m) as f64 / DAY_MS;
    let periods = ((730.0 / s_days).floor() as u32).clamp(1, 6);
    let since_first = since(ms[0]);
    let (mut considered, mut active) = (0u32, 0u32);
    for k in 0..periods {
        let (end, start) = (f64::from(k) * s_days, f64::from(k + 1) * s_days);
        if end > since_first {
            break;
        }
        considered += 1;
        let p = ms.partition_point(|&m| since(m) >= end);
        if p > 0 && since(ms[p - 1]) < start {
            active += 1;
        }
    }
    if considered == 0 {
        0.0
    } else {
        f64::from(active) / f64::from(considered)
    }
}

/// The moments the review evaluates: weekly over [`TREND_WEEKS`] weeks up to now, and 30 and
/// 90 days ago (for fading), ascending.
#[derive(Debug, Clone, PartialEq)]
pub struct Checkpoints {
    pub at: Vec<DateTime<Utc>>,
    /// Indexes into `at` of the trend's weeks (oldest first, the last is now).
    pub weeks: Vec<usize>,
    pub ago30: usize,
    pub ago90: usize,
    pub now: usize,
}

impl Checkpoints {
    pub fn of(now: &Now) -> Self {
        let mut at: Vec<DateTime<Utc>> = (0..=TREND_WEEKS)
            .map(|k| now.at - Duration::days(7 * (TREND_WEEKS - k)))
            .collect();
        let (d30, d90) = (now.at - Duration::days(30), now.at - Duration::days(90));
        at.extend([d30, d90]);
        at.sort_unstable();
        at.dedup();
        let find = |x: DateTime<Utc>| at.binary_search(&x).unwrap_or_default();
        let weeks = (0..=TREND_WEEKS)
            .map(|k| find(now.at - Duration::days(7 * (TREND_WEEKS - k))))
            .collect();
        Self {
            ago30: find(d30),
            ago90: find(d90),
            now: at.len() - 1,
            weeks,
            at,
        }
    }
}

/// One contact evaluated for the review: its health and warmth at every checkpoint.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluated {
    /// Its index in the histories evaluated.
    pub index: usize,
    pub id: i64,
    pub name: String,
    pub circle: Option<Circle>,
    /// Health now (0 when never contacted).
    pub health: u32,
    pub series: Vec<Option<Point>>,
    /// Who started the last 20 interactions (as the health reads them): me, them.
    pub started: (u32, u32),
    pub help_given: u32,
    pub help_received: u32,
}

/// The snapshot-equivalent facts of `h` at `now` (touches newest first, bounded).
pub fn facts_at(h: &History, now: &Now) -> ContactFacts {
    let ms: Vec<i64> = h.touches.iter().map(|t| t.at.timestamp_millis()).collect();
    let hi = ms.partition_point(|&m| m < ceil_ms(now.at));
    let lo = snapshot_start(&ms, hi, now.at);
    let mut c = h.facts.clone();
    c.touches = h.touches[lo..hi].iter().rev().cloned().collect();
    c.help_given = 0;
    c.help_received = 0;
    for e in h.help.iter().take_while(|e| e.at < now.at) {
        if e.given {
            c.help_given += 1;
        } else {
            c.help_received += 1;
        }
    }
    c
}

fn evaluate_one(
    index: usize,
    h: &History,
    now: &Now,
    cps: &Checkpoints,
    settings: &Settings,
) -> Evaluated {
    let series = series(h, now.offset, &cps.at, settings);
    let ms_now = ceil_ms(now.at);
    let hi = h
        .touches
        .partition_point(|t| t.at.timestamp_millis() < ms_now);
    let started = health::started(h.touches[..hi].iter().rev());
    let helped = h.help.partition_point(|e| e.at < now.at);
    let help_given = h.help[..helped].iter().filter(|e| e.given).count() as u32;
    Evaluated {
        index,
        id: h.facts.id,
        name: h.facts.name.clone(),
        circle: h.facts.circle,
        health: series[cps.now].map_or(0, |p| p.health),
        series,
        started,
        help_given,
        help_received: helped as u32 - help_given,
    }
}

/// Every contact of `histories` but me and the archived, evaluated at `cps`, in order. The
/// contacts are independent, so they are shared out among the available cores.
pub fn evaluate(
    histories: &[History],
    me: Option<i64>,
    now: &Now,
    cps: &Checkpoints,
    settings: &Settings,
) -> Vec<Evaluated> {
    let chosen: Vec<(usize, &History)> = histories
        .iter()
        .enumerate()
        .filter(|(_, h)| !h.facts.is_self && !h.facts.archived && Some(h.facts.id) != me)
        .collect();
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8);
    if threads == 1 || chosen.len() < 256 {
        return chosen
            .iter()
            .map(|&(i, h)| evaluate_one(i, h, now, cps, settings))
            .collect();
    }
    let chunk = chosen.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = chosen
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|&(i, h)| evaluate_one(i, h, now, cps, settings))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    })
}

/// One week of a person's health.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SeriesPoint {
    pub at: DateTime<Utc>,
    /// `None` before the first interaction.
    pub health: Option<u32>,
    pub warmth: Option<f64>,
}

/// A person's weekly health over the trend's weeks.
pub fn person_series(h: &History, now: &Now, settings: &Settings) -> Vec<SeriesPoint> {
    let cps = Checkpoints::of(now);
    let points = series(h, now.offset, &cps.at, settings);
    cps.weeks
        .iter()
        .map(|&i| SeriesPoint {
            at: cps.at[i],
            health: points[i].map(|p| p.health),
            warmth: points[i].map(|p| round3(p.warmth)),
        })
        .collect()
}
