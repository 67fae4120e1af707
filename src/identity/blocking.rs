//! Finding candidate duplicates among many records without comparing all pairs (see
//! "Blocking" in the module doc of [`crate::identity`]).

use std::collections::HashMap;

use super::compare::{compare_prepared, score_prepared, Prepared};
use super::nicknames;
use super::{Comparison, Verdict};

/// Blocks larger than this are not compared all pairs but by a sliding window.
pub const MAX_BLOCK: usize = 50;
/// In a block larger than [`MAX_BLOCK`], each record is compared with this many neighbours.
pub const WINDOW: usize = 8;

/// Two records (indices into the slice given to [`candidates`], `a < b`) that may be one
/// person, with the comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub a: usize,
    pub b: usize,
    pub comparison: Comparison,
}

/// The pairs of `records` whose verdict is Same or Possible, by confidence (highest first),
/// then by `(a, b)`. Only records that share a blocking key are compared.
pub fn candidates(records: &[super::Record]) -> Vec<Candidate> {
    candidates_where(records, None, |_, _| true)
}

/// The first `limit` (all without one) of the [`candidates`] that `keep(a, b)` accepts, in
/// the same order. With a limit, pairs are ranked first and the evidence is written only for
/// the pairs returned.
pub fn candidates_where(
    records: &[super::Record],
    limit: Option<usize>,
    keep: impl Fn(usize, usize) -> bool,
) -> Vec<Candidate> {
    let prepared: Vec<Prepared<'_>> = records.iter().map(Prepared::new).collect();
    let pairs = blocked_pairs(&prepared);
    let pairs = pairs
        .into_iter()
        .map(|(a, b)| (a as usize, b as usize))
        .filter(|&(a, b)| keep(a, b));
    let by_rank = |x: &Candidate, y: &Candidate| {
        y.comparison
            .confidence
            .cmp(&x.comparison.confidence)
            .then((x.a, x.b).cmp(&(y.a, y.b)))
    };
    let Some(limit) = limit else {
        let mut found: Vec<Candidate> = pairs
            .filter_map(|(a, b)| {
                let comparison = compare_prepared(&prepared[a], &prepared[b]);
                (comparison.verdict != Verdict::Different).then_some(Candidate { a, b, comparison })
            })
            .collect();
        found.sort_by(by_rank);
        return found;
    };
    let mut scored: Vec<(u8, usize, usize)> = pairs
        .filter_map(|(a, b)| {
            let (verdict, confidence) = score_prepared(&prepared[a], &prepared[b]);
            (verdict != Verdict::Different).then_some((confidence, a, b))
        })
        .collect();
    scored.sort_unstable_by(|x, y| y.0.cmp(&x.0).then((x.1, x.2).cmp(&(y.1, y.2))));
    scored.truncate(limit);
    scored
        .into_iter()
        .map(|(_, a, b)| Candidate {
            a,
            b,
            comparison: compare_prepared(&prepared[a], &prepared[b]),
        })
        .collect()
}

/// Every pair of records that share a blocking key (see [`block_pairs`]), once, `a < b`.
fn blocked_pairs(prepared: &[Prepared<'_>]) -> Vec<(u32, u32)> {
    let mut blocks: HashMap<String, Vec<u32>> = HashMap::new();
    for (index, record) in prepared.iter().enumerate() {
        let Ok(index) = u32::try_from(index) else {
            break;
        };
        for key in blocking_keys(record) {
            blocks.entry(key).or_default().push(index);
        }
    }
    let mut pairs: Vec<(u32, u32)> = Vec::new();
    // Each record's neighbourhood key, computed once however many large blocks it is in.
    let mut hoods: Vec<Option<String>> = vec![None; prepared.len()];
    for members in blocks.values() {
        block_pairs(members, prepared, &mut hoods, &mut pairs);
    }
    drop(blocks);
    pairs.sort_unstable();
    pairs.dedup();
    pairs
}

/// The pairs to compare within one block: all of them up to [`MAX_BLOCK`] members, else
/// each member with its next [`WINDOW`] neighbours in (name, company, email domain) order.
fn block_pairs(
    members: &[u32],
    prepared: &[Prepared<'_>],
    hoods: &mut [Option<String>],
    pairs: &mut Vec<(u32, u32)>,
) {
    if members.len() < 2 {
        return;
    }
    if members.len() <= MAX_BLOCK {
        for (i, &a) in members.iter().enumerate() {
            for &b in &members[i + 1..] {
                pairs.push((a.min(b), a.max(b)));
            }
        }
        return;
    }
    let mut sorted: Vec<(&str, u32)> = Vec::with_capacity(members.len());
    for &m in members {
        let hood = &mut hoods[m as usize];
        if hood.is_none() {
            *hood = Some(neighbourhood_key(&prepared[m as usize]));
        }
    }
    sorted.extend(
        members
            .iter()
            .map(|&m| (hoods[m as usize].as_deref().unwrap_or(""), m)),
    );
    sorted.sort_unstable();
    for (i, (_, a)) in sorted.iter().enumerate() {
        for (_, b) in sorted.iter().skip(i + 1).take(WINDOW) {
            pairs.push(((*a).min(*b), (*a).max(*b)));
        }
    }
}

fn neighbourhood_key(record: &Prepared<'_>) -> String {
    let name: String = sorted_words(record).join(" ");
    let company = record.company.as_ref().map_or("", |(_, key)| key.as_str());
    let domain = record
        .emails
        .first()
        .and_then(|e| e.rsplit_once('@'))
        .map_or("", |(_, d)| d);
    format!("{name}\u{1}{company}\u{1}{domain}")
}

/// The keys of the record's name words in their order: given, middle, family.
fn word_keys<'r>(record: &'r Prepared<'_>) -> impl Iterator<Item = &'r str> {
    let name = &record.name;
    name.given
        .iter()
        .chain(&name.middle)
        .chain(&name.family)
        .map(|t| t.key.as_str())
}

fn sorted_words<'r>(record: &'r Prepared<'_>) -> Vec<&'r str> {
    let mut words: Vec<&str> = word_keys(record).collect();
    words.sort_unstable();
    words
}

/// The keys a record is filed under; two records are compared when they share one.
fn blocking_keys(record: &Prepared<'_>) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    keys.extend(record.emails.iter().map(|e| format!("e:{e}")));
    keys.extend(
        record
            .phones
            .iter()
            .filter(|p| p.digits.len() >= 6)
            .map(|p| format!("p:{}", p.block_key())),
    );
    keys.extend(record.profiles.iter().map(|u| format!("u:{u}")));
    let name = &record.name;
    let words = sorted_words(record);
    if words.len() > 1 {
        keys.push(format!("o:{}", words.join(" ")));
    }
    let in_order: String = word_keys(record).collect();
    if !in_order.is_empty() {
        keys.push(format!("n:{in_order}"));
    }
    if let (Some(family), Some(given)) = (&name.family_whole, name.given.first()) {
        let initial: String = given.key.chars().take(1).collect();
        for family_key in std::iter::once(&family.key).chain(&family.alt) {
            keys.push(format!("f:{family_key} {initial}"));
            let formal = nicknames::formal_names(&given.key);
            let nickname_formal = name
                .nickname
                .iter()
                .flat_map(|n| nicknames::formal_names(&n.key));
            for formal in formal.iter().chain(nickname_formal) {
                keys.push(format!("g:{formal} {family_key}"));
            }
            if nicknames::is_formal(&given.key) {
                keys.push(format!("g:{} {family_key}", given.key));
            }
        }
    }
    keys.sort_unstable();
    keys.dedup();
    keys
}
