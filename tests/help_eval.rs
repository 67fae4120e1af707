//! The evaluation of help matching (issue 19): `eval/help/pairs.tsv` holds needs written as
//! people write them, each with one offer that helps (`match`, mostly in other words) and one
//! that shares a word, a place or a generic word with it but does not help (`nomatch`).
//!
//! Every need is matched against the whole pool of offers the way the engine compares asks
//! without interests (`engine::text`: one analyzer, IDF over every ask compared, the cosine
//! with its rules; under `help::MIN_SCORE` is no suggestion), and its top 3 are its
//! suggestions. Over the labelled pairs: precision = suggested `match` pairs / suggested
//! labelled pairs, recall = suggested `match` pairs / `match` pairs. Suggestions of an offer
//! labelled for another need are counted apart (they may be right or wrong) and listed.
//!
//! `cargo test --release --test help_eval -- --nocapture` prints the table that
//! docs/EVALUATION.md reports, with every miss and wrong suggestion. The target is
//! 0.8 for both and is **not met** (precision 0.410, recall 0.391 when this was written: most
//! matches need world knowledge no word list holds, "headhunter" ~ "executive search"). The
//! test fails when either falls under what was measured, so a change that makes matching
//! worse is seen; raise the floors with the figures when it gets better.

use std::collections::HashMap;

use kith::engine::help::MIN_SCORE;
use kith::engine::text::{similarity, Analyzer, Idf};

/// The suggestions per need: up to `top` offers (index into the pool), best first, with the
/// terms shared.
fn suggest(needs: &[&str], offers: &[&str], top: usize) -> Vec<Vec<(usize, f64, Vec<String>)>> {
    let an = Analyzer::default();
    let need_bags: Vec<_> = needs.iter().map(|t| an.bag([*t])).collect();
    let offer_bags: Vec<_> = offers.iter().map(|t| an.bag([*t])).collect();
    let idf = Idf::new(&an, need_bags.iter().chain(&offer_bags));
    need_bags
        .iter()
        .map(|n| {
            let mut scored: Vec<(usize, f64, Vec<String>)> = offer_bags
                .iter()
                .enumerate()
                .map(|(i, o)| {
                    let s = similarity(n, o, &idf);
                    (i, s.score, s.terms)
                })
                .filter(|(_, score, _)| *score >= MIN_SCORE)
                .collect();
            scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            scored.truncate(top);
            scored
        })
        .collect()
}

struct Pair {
    need: String,
    label_match: bool,
    need_text: String,
    offer: String,
}

fn pairs() -> Vec<Pair> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("eval/help/pairs.tsv");
    let text = std::fs::read_to_string(&path).expect("eval/help/pairs.tsv");
    text.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            assert!(f.len() >= 4, "a row of need_id, label, need, offer: {l}");
            assert!(f[1] == "match" || f[1] == "nomatch", "label: {l}");
            Pair {
                need: f[0].to_owned(),
                label_match: f[1] == "match",
                need_text: f[2].to_owned(),
                offer: f[3].to_owned(),
            }
        })
        .collect()
}

#[test]
#[allow(clippy::print_stdout)]
fn help_matching_meets_precision_and_recall_on_the_evaluation_set() {
    let pairs = pairs();
    let mut needs: Vec<(&str, &str)> = Vec::new();
    for p in &pairs {
        if !needs.iter().any(|(id, _)| *id == p.need) {
            needs.push((&p.need, &p.need_text));
        }
    }
    let offers: Vec<&str> = pairs.iter().map(|p| p.offer.as_str()).collect();
    let need_texts: Vec<&str> = needs.iter().map(|(_, t)| *t).collect();
    let top = suggest(&need_texts, &offers, 3);
    let of_need: HashMap<&str, usize> = needs
        .iter()
        .enumerate()
        .map(|(i, (id, _))| (*id, i))
        .collect();
    let (mut tp, mut fp, mut positives, mut elsewhere) = (0u32, 0u32, 0u32, 0u32);
    let mut missed = Vec::new();
    let mut wrong = Vec::new();
    let mut other = Vec::new();
    for (k, p) in pairs.iter().enumerate() {
        let suggested = top[of_need[p.need.as_str()]]
            .iter()
            .find(|(o, _, _)| *o == k);
        positives += u32::from(p.label_match);
        match (p.label_match, suggested) {
            (true, Some(_)) => tp += 1,
            (true, None) => missed.push(format!("{}: “{}” / “{}”", p.need, p.need_text, p.offer)),
            (false, Some((_, s, terms))) => {
                fp += 1;
                wrong.push(format!(
                    "{}: “{}” / “{}” ({s:.2}: {})",
                    p.need,
                    p.need_text,
                    p.offer,
                    terms.join(", ")
                ));
            }
            (false, None) => {}
        }
    }
    for (n, list) in top.iter().enumerate() {
        for (o, s, terms) in list {
            if pairs[*o].need != needs[n].0 {
                elsewhere += 1;
                other.push(format!(
                    "{}: “{}” / {}: “{}” ({s:.2}: {})",
                    needs[n].0,
                    needs[n].1,
                    pairs[*o].need,
                    offers[*o],
                    terms.join(", ")
                ));
            }
        }
    }
    let precision = f64::from(tp) / f64::from((tp + fp).max(1));
    let recall = f64::from(tp) / f64::from(positives.max(1));
    println!(
        "{} needs, {} pairs ({positives} match), {} offers in the pool",
        needs.len(),
        pairs.len(),
        offers.len()
    );
    println!("| top 3 per need | precision | recall | suggested match | suggested nomatch | suggestions of another need's offer |");
    println!("|---|---|---|---|---|---|");
    println!("| now | {precision:.3} | {recall:.3} | {tp} of {positives} | {fp} | {elsewhere} |");
    println!("\nmissed ({}):", missed.len());
    for m in &missed {
        println!("  {m}");
    }
    println!("\nsuggested but labelled nomatch ({}):", wrong.len());
    for w in &wrong {
        println!("  {w}");
    }
    println!("\nanother need's offer ({}):", other.len());
    for o in &other {
        println!("  {o}");
    }
    assert!(
        precision >= 0.40 && recall >= 0.39,
        "worse than measured (0.410, 0.391): precision {precision:.3}, recall {recall:.3}"
    );
}
