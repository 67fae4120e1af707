//! Review: how the network is doing, and how it changed — the figures behind the Review
//! screen and `kith review`.
//!
//! Contract: pure, like the rest of the engine. The caller passes every contact's whole
//! history (touches oldest first, help exchanged with me) read in one pass, and "now"; the
//! rules here never query anything per checkpoint. The health of a tie at an earlier moment
//! is what [`health::analyze`] would have said then, given a snapshot taken then
//! ([`series`] reproduces the snapshot's bounds and every component, computing the
//! intensity's decayed sum from prefix sums instead of once per checkpoint), so the trend's
//! last point is exactly the mean of today's health. A contact's circle, cadence and
//! archive flag are today's: the history of those edits is not kept.
//!
//! - **Circles**: per circle, how many people and the spread of their health (five bands).
//! - **Trend**: weekly for [`TREND_WEEKS`] weeks, the mean health of the ties that existed
//!   then (a contact with at least one interaction) and the interactions logged that week.
//! - **Fading**: inner and close ties whose warmth R dropped by at least [`MIN_DROP`] over
//!   the last 30 or 90 days, biggest drop first, with the drop and the weakest component.
//! - **One-sided**: ties where one side starts the conversations (the last 20, as the
//!   health reads them: at least [`MIN_ONE_SIDED`] started and a balance ≤ 0.5) or where help
//!   flows one way (at least 2 exchanges, balance ≤ 0.5), with the help ledger.
//! - **Map**: people as nodes, shared interests and introductions as edges (each member of
//!   an interest linked to the next [`MAP_RING`] members in id order, so an interest shared by
//!   n people costs O(n) edges, not O(n²)), each person placed by [`super::layout`].

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::cadence::cadence;
use super::feedback::{self, Effect};
use super::health::{self, balance, depth_of, plural, round3, Components};
use super::layout;
use super::snapshot::{
    ContactFacts, FeedbackFacts, Now, Touch, INTENSITY_WINDOW_DAYS, MAX_TOUCHES, MIN_TOUCHES,
};
use super::warmth::warmth;
use crate::model::{Circle, ContactRef, Lane, Settings};

/// How many weeks the trend covers (one point per week, plus now).
pub const TREND_WEEKS: i64 = 52;
/// The smallest warmth drop that makes a tie fading.
pub const MIN_DROP: f64 = 0.05;
/// The fewest started conversations (of the last 20) that can make a tie one-sided.
pub const MIN_ONE_SIDED: u32 = 3;
/// The most fading and one-sided ties listed.
pub const MAX_LISTED: usize = 30;
/// On the map, each member of an interest is linked to this many next members.
pub const MAP_RING: usize = 2;
/// The most people on the map by default.
pub const MAP_LIMIT: usize = 2000;

/// A help exchange between me and a contact.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HelpEntry {
    #[ts(type = "string")]
    pub at: DateTime<Utc>,
    /// I helped them (else they helped me).
    pub given: bool,
    pub text: String,
    /// The need or offer it answered, if one was named.
    pub ask: Option<String>,
}

/// One contact's whole history before `now`, as the review reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct History {
    /// The contact (its `touches` and help counts are not read: see the fields below).
    pub facts: ContactFacts,
    /// Every interaction, oldest first (ties in time by interaction id).
    pub touches: Vec<Touch>,
    /// Help exchanged with me, oldest first.
    pub help: Vec<HelpEntry>,
}

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

/// How far back [`list_touches`](crate::store::snapshot::list_touches) reads at `cp`: the
/// first index of `ms[..hi]` (touch times, ascending) a snapshot taken then would hold.
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
    let days_wanted = super::cadence::LEARNING_DAYS;
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

/// How many people a circle holds and how healthy they are.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CircleShape {
    /// `None`: people in no circle.
    pub circle: Option<Circle>,
    pub people: u32,
    /// People per health band: 0–19, 20–39, 40–59, 60–79, 80–100.
    pub bands: [u32; 5],
    /// Of them, never contacted (in the 0–19 band, health 0).
    pub never: u32,
    pub median: u32,
    pub mean: f64,
}

const CIRCLES: [Option<Circle>; 5] = [
    Some(Circle::Inner),
    Some(Circle::Close),
    Some(Circle::Network),
    Some(Circle::Wider),
    None,
];

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

pub fn circles(evals: &[Evaluated]) -> Vec<CircleShape> {
    CIRCLES
        .iter()
        .map(|&circle| {
            let mut hs: Vec<u32> = evals
                .iter()
                .filter(|e| e.circle == circle)
                .map(|e| e.health)
                .collect();
            hs.sort_unstable();
            let mut bands = [0; 5];
            for &h in &hs {
                bands[(h as usize / 20).min(4)] += 1;
            }
            let never = evals
                .iter()
                .filter(|e| e.circle == circle && e.series[e.series.len() - 1].is_none())
                .count() as u32;
            let n = hs.len();
            CircleShape {
                circle,
                people: n as u32,
                bands,
                never,
                median: if n == 0 { 0 } else { hs[n / 2] },
                mean: if n == 0 {
                    0.0
                } else {
                    round1(hs.iter().map(|&h| f64::from(h)).sum::<f64>() / n as f64)
                },
            }
        })
        .collect()
}

/// One week of the trend.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TrendPoint {
    /// The moment evaluated (the end of the week).
    #[ts(type = "string")]
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

/// Until when reaching out to each contact is put off as of `now`: the latest snooze in the
/// reach-out lanes still running ([`feedback::effect`]; a help suggestion's snooze is not
/// about the tie). The weekly review passes over a snoozed tie until then, as Today does.
pub fn snoozes(given: &[FeedbackFacts], now: &Now) -> HashMap<i64, NaiveDate> {
    let mut out: HashMap<i64, NaiveDate> = HashMap::new();
    for f in given {
        if f.lane == Lane::Help || f.at > now.at {
            continue;
        }
        let Some(Effect::QuietUntil(until)) = feedback::effect(f, now) else {
            continue;
        };
        let at = out.entry(f.contact_id).or_insert(until);
        *at = (*at).max(until);
    }
    out
}

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
    #[ts(type = "string | null")]
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
                            "warmth fell from {from:.2} to {warm:.2} in {days} days; last spoke {}",
                            h.days_since_last
                                .map_or_else(String::new, |d| plural(d, "day ago", "days ago"))
                        ),
                        h.explanation,
                    ],
                    snoozed_until: None,
                }
            },
        )
        .collect()
}

/// Which way a one-sided tie leans.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Lean {
    /// I start the conversations.
    IStart,
    /// They start them.
    TheyStart,
    /// I help them, they do not help me.
    IHelp,
    /// They help me.
    TheyHelp,
}

/// A tie where the effort or the help flows mostly one way, with its help ledger.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OneSidedTie {
    pub contact: ContactRef,
    pub circle: Option<Circle>,
    pub health: u32,
    pub lean: Lean,
    /// 1 balanced, towards 0 one-sided.
    pub balance: f64,
    /// Of the last 20 interactions: started by me, by them.
    pub i_started: u32,
    pub they_started: u32,
    pub help_given: u32,
    pub help_received: u32,
    /// The help exchanged, newest first.
    pub ledger: Vec<HelpEntry>,
    pub reason: String,
    /// Until when the user put off reaching out to them (see [`snoozes`]).
    #[ts(type = "string | null")]
    pub snoozed_until: Option<NaiveDate>,
}

pub fn one_sided(evals: &[Evaluated], histories: &[History]) -> Vec<OneSidedTie> {
    let mut out: Vec<OneSidedTie> = evals
        .iter()
        .filter_map(|e| {
            let (mine, theirs) = e.started;
            let (g, r) = (e.help_given, e.help_received);
            let init = (mine + theirs >= MIN_ONE_SIDED)
                .then(|| balance(f64::from(mine), f64::from(theirs)))
                .filter(|b| *b <= 0.5);
            let help = (g + r >= 2)
                .then(|| balance(f64::from(g), f64::from(r)))
                .filter(|b| *b <= 0.5);
            let (lean, bal, reason) = match (init, help) {
                (Some(i), h) if h.is_none_or(|h| i <= h) => {
                    if mine >= theirs {
                        (
                            Lean::IStart,
                            i,
                            format!(
                                "you started {mine} of the last {} conversations",
                                mine + theirs
                            ),
                        )
                    } else {
                        (
                            Lean::TheyStart,
                            i,
                            format!(
                                "they started {theirs} of the last {} conversations",
                                mine + theirs
                            ),
                        )
                    }
                }
                (_, Some(h)) => {
                    if g >= r {
                        (
                            Lean::IHelp,
                            h,
                            format!("you helped them {g} times, they helped you {r}"),
                        )
                    } else {
                        (
                            Lean::TheyHelp,
                            h,
                            format!("they helped you {r} times, you helped them {g}"),
                        )
                    }
                }
                _ => return None,
            };
            let ledger = histories[e.index].help.iter().rev().cloned().collect();
            Some(OneSidedTie {
                contact: ContactRef {
                    id: e.id,
                    name: e.name.clone(),
                },
                circle: e.circle,
                health: e.health,
                lean,
                balance: round3(bal),
                i_started: mine,
                they_started: theirs,
                help_given: g,
                help_received: r,
                ledger,
                reason,
                snoozed_until: None,
            })
        })
        .collect();
    out.sort_by(|a, b| {
        a.balance
            .total_cmp(&b.balance)
            .then(a.contact.id.cmp(&b.contact.id))
    });
    out.truncate(MAX_LISTED);
    out
}

/// A person on the map.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MapNode {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub circle: Option<Circle>,
    pub health: u32,
    pub fading: bool,
    /// Where to draw them, in [-1, 1] (see [`layout`]).
    pub x: f32,
    pub y: f32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum EdgeKind {
    Interest,
    Introduction,
}

/// A link between two people on the map: shared interests, or one introduced the other.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MapEdge {
    #[ts(type = "number")]
    pub source: i64,
    #[ts(type = "number")]
    pub target: i64,
    pub kind: EdgeKind,
    /// The shared interests (empty for an introduction).
    pub interests: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NetworkMap {
    pub nodes: Vec<MapNode>,
    pub edges: Vec<MapEdge>,
    /// People left off the map (beyond the limit), the least close first.
    pub left_off: u32,
}

/// Where a circle starts on the map before the layout: the closest in the middle.
fn start_ring(c: Option<Circle>) -> f32 {
    f32::from(circle_rank(c)) + 1.0
}

fn circle_rank(c: Option<Circle>) -> u8 {
    match c {
        Some(Circle::Inner) => 0,
        Some(Circle::Close) => 1,
        Some(Circle::Network) => 2,
        Some(Circle::Wider) => 3,
        None => 4,
    }
}

/// The map of at most `limit` people (closest circles first, then healthiest), linked by
/// shared interests (`interests[contact]`) and `introductions` (introducer, introduced).
pub fn map(
    evals: &[Evaluated],
    interests: &HashMap<i64, Vec<String>>,
    introductions: &[(i64, i64)],
    fading_ids: &[i64],
    limit: usize,
) -> NetworkMap {
    let mut chosen: Vec<&Evaluated> = evals.iter().collect();
    chosen.sort_by(|a, b| {
        circle_rank(a.circle)
            .cmp(&circle_rank(b.circle))
            .then(b.health.cmp(&a.health))
            .then(a.id.cmp(&b.id))
    });
    let left_off = chosen.len().saturating_sub(limit) as u32;
    chosen.truncate(limit);
    chosen.sort_by_key(|e| e.id);
    let mut nodes: Vec<MapNode> = chosen
        .iter()
        .map(|e| MapNode {
            id: e.id,
            name: e.name.clone(),
            circle: e.circle,
            health: e.health,
            fading: fading_ids.contains(&e.id),
            x: 0.0,
            y: 0.0,
        })
        .collect();
    let on_map: std::collections::HashSet<i64> = nodes.iter().map(|n| n.id).collect();
    let mut members: BTreeMap<&str, Vec<i64>> = BTreeMap::new();
    for n in &nodes {
        for i in interests.get(&n.id).into_iter().flatten() {
            members.entry(i.as_str()).or_default().push(n.id);
        }
    }
    let mut pairs: BTreeMap<(i64, i64), Vec<String>> = BTreeMap::new();
    for (name, ids) in &members {
        if ids.len() < 2 {
            continue;
        }
        let ring = MAP_RING.min(ids.len() - 1);
        for (k, &a) in ids.iter().enumerate() {
            for step in 1..=ring {
                let b = ids[(k + step) % ids.len()];
                let labels = pairs.entry((a.min(b), a.max(b))).or_default();
                if !labels.iter().any(|l| l == name) {
                    labels.push((*name).to_owned());
                }
            }
        }
    }
    let mut edges: Vec<MapEdge> = pairs
        .into_iter()
        .map(|((source, target), interests)| MapEdge {
            source,
            target,
            kind: EdgeKind::Interest,
            interests,
        })
        .collect();
    for &(by, whom) in introductions {
        if by != whom && on_map.contains(&by) && on_map.contains(&whom) {
            edges.push(MapEdge {
                source: by,
                target: whom,
                kind: EdgeKind::Introduction,
                interests: Vec::new(),
            });
        }
    }
    let index: HashMap<i64, usize> = nodes.iter().enumerate().map(|(i, n)| (n.id, i)).collect();
    let rings: Vec<f32> = nodes.iter().map(|n| start_ring(n.circle)).collect();
    let links: Vec<(usize, usize, f32)> = edges
        .iter()
        .filter_map(|e| {
            let weight = match e.kind {
                EdgeKind::Introduction => 2.0,
                EdgeKind::Interest => e.interests.len() as f32,
            };
            Some((*index.get(&e.source)?, *index.get(&e.target)?, weight))
        })
        .collect();
    for (n, (x, y)) in nodes.iter_mut().zip(layout::lay_out(&rings, &links)) {
        n.x = x;
        n.y = y;
    }
    NetworkMap {
        nodes,
        edges,
        left_off,
    }
}

/// Interactions per local day over the last year: `counts[i]` is the count of `from + i`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Activity {
    #[ts(type = "string")]
    pub from: NaiveDate,
    #[ts(type = "string")]
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

/// Everything the Review screen shows but the map and the calendar.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Review {
    #[ts(type = "string")]
    pub as_of: DateTime<Utc>,
    pub circles: Vec<CircleShape>,
    pub trend: Vec<TrendPoint>,
    pub fading: Vec<FadingTie>,
    pub one_sided: Vec<OneSidedTie>,
    pub activity: Activity,
}

/// One week of a person's health.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SeriesPoint {
    #[ts(type = "string")]
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

#[cfg(test)]
mod tests;
