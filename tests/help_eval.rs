//! The evaluation of help matching (issue 19). `eval/help/pairs.tsv`: 110 needs written as
//! people write them, each with one offer that helps (`match`, mostly in other words) and one
//! that shares a word, a place or a generic word with it but does not help (`nomatch`). The
//! matcher by meaning was tuned on it (its bar, and how shared words count).
//!
//! Every need is matched against the whole pool of the set's offers the way the engine
//! compares two asks that name no interest (`engine::help::fit_scores`: by meaning when the
//! model is installed, by words otherwise), and its suggestions are what the engine would
//! suggest (`engine::help::suggestions`: at most 3, none under `help::MIN_SCORE` or far below
//! the best). Over the labelled pairs: precision = suggested `match` pairs /
//! suggested labelled pairs, recall = suggested `match` pairs / `match` pairs. Suggestions of
//! an offer labelled for another need are counted apart (they may be right or wrong).
//!
//! `cargo test --release --test help_eval -- --nocapture` prints the tables that
//! docs/EVALUATION.md reports, with every miss and wrong suggestion. The floors asserted here
//! are what was measured (see that page), so a change that makes matching worse is seen; raise
//! them with the figures when it gets better.

mod common;

use std::collections::HashMap;

use common::meaning::model;
use kith::engine::help::{fit_scores, shared_places, suggestions, MIN_SCORE};
use kith::meaning::Model;

struct Pair {
    need: String,
    label_match: bool,
    need_text: String,
    offer: String,
}

/// The pairs of `file`: a set of `eval/help`, or a path (`KITH_EVAL_SET`).
fn pairs(file: &str) -> Vec<Pair> {
    let given = std::path::Path::new(file);
    let path = if given.is_file() {
        given.to_owned()
    } else {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("eval/help")
            .join(file)
    };
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
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

/// Each need of `pairs` once, in order: (id, text).
fn needs(pairs: &[Pair]) -> Vec<(&str, &str)> {
    let mut needs: Vec<(&str, &str)> = Vec::new();
    for p in pairs {
        if !needs.iter().any(|(id, _)| *id == p.need) {
            needs.push((&p.need, &p.need_text));
        }
    }
    needs
}

/// What one set scored.
struct Scored {
    precision: f64,
    recall: f64,
    tp: u32,
    fp: u32,
    positives: u32,
    elsewhere: u32,
    /// Offers labelled for other needs that still score a match, per need (the top 3 aside).
    others_matched: f64,
    missed: Vec<String>,
    wrong: Vec<String>,
}

fn evaluate(file: &str, meaning: Option<&Model>) -> Scored {
    let pairs = pairs(file);
    let needs = needs(&pairs);
    let offers: Vec<&str> = pairs.iter().map(|p| p.offer.as_str()).collect();
    let need_texts: Vec<&str> = needs.iter().map(|(_, t)| *t).collect();
    let scores = fit_scores(&need_texts, &offers, meaning);
    let top: Vec<Vec<(usize, f64)>> = scores
        .iter()
        .map(|row| suggestions(row.iter().copied().enumerate(), meaning.is_some()))
        .collect();
    let of_need: HashMap<&str, usize> = needs
        .iter()
        .enumerate()
        .map(|(i, (id, _))| (*id, i))
        .collect();
    let (mut tp, mut fp, mut positives) = (0u32, 0u32, 0u32);
    let (mut missed, mut wrong) = (Vec::new(), Vec::new());
    for (k, p) in pairs.iter().enumerate() {
        let n = of_need[p.need.as_str()];
        let suggested = top[n].iter().find(|(o, _)| *o == k);
        positives += u32::from(p.label_match);
        match (p.label_match, suggested) {
            (true, Some(_)) => tp += 1,
            (true, None) => missed.push(format!(
                "{}: “{}” / “{}” ({:.2})",
                p.need, p.need_text, p.offer, scores[n][k]
            )),
            (false, Some((_, s))) => {
                fp += 1;
                wrong.push(format!(
                    "{}: “{}” / “{}” ({s:.2})",
                    p.need, p.need_text, p.offer
                ));
            }
            (false, None) => {}
        }
    }
    let elsewhere = top
        .iter()
        .enumerate()
        .map(|(n, list)| {
            list.iter()
                .filter(|(o, _)| pairs[*o].need != needs[n].0)
                .count()
        })
        .sum::<usize>();
    let mut others = 0usize;
    for (n, row) in scores.iter().enumerate() {
        others += row
            .iter()
            .enumerate()
            .filter(|(k, s)| **s >= MIN_SCORE && pairs[*k].need != needs[n].0)
            .count();
    }
    #[allow(clippy::cast_precision_loss)]
    let others_matched = others as f64 / needs.len().max(1) as f64;
    Scored {
        others_matched,
        precision: f64::from(tp) / f64::from((tp + fp).max(1)),
        recall: f64::from(tp) / f64::from(positives.max(1)),
        tp,
        fp,
        positives,
        elsewhere: u32::try_from(elsewhere).unwrap_or(u32::MAX),
        missed,
        wrong,
    }
}

#[allow(clippy::print_stdout)]
fn report(label: &str, s: &Scored) {
    println!(
        "| {label} | {:.3} | {:.3} | {} of {} | {} | {} | {:.2} |",
        s.precision, s.recall, s.tp, s.positives, s.fp, s.elsewhere, s.others_matched
    );
    println!("missed ({}):", s.missed.len());
    for m in &s.missed {
        println!("  {m}");
    }
    println!("suggested but labelled nomatch ({}):", s.wrong.len());
    for w in &s.wrong {
        println!("  {w}");
    }
}

/// Scores `file` by meaning: what is under `floor` (precision, recall), if anything.
fn short_of(file: &str, m: &Model, floor: (f64, f64)) -> Option<String> {
    let s = evaluate(file, Some(m));
    report(&format!("{file}, by meaning"), &s);
    (s.precision < floor.0 || s.recall < floor.1).then(|| {
        format!(
            "{file}: worse than measured: precision {:.3}, recall {:.3}",
            s.precision, s.recall
        )
    })
}

/// Scores each of `sets` by meaning, and fails if any is under its floor (after reporting
/// them all).
fn meets(sets: &[(&str, (f64, f64))], m: &Model) {
    let short: Vec<String> = sets
        .iter()
        .filter_map(|(file, floor)| short_of(file, m, *floor))
        .collect();
    assert!(short.is_empty(), "{}", short.join("; "));
}

#[test]
fn matching_by_words_alone_is_no_worse_than_measured() {
    let s = evaluate("pairs.tsv", None);
    report("pairs.tsv, by words", &s);
    assert!(
        s.precision >= 0.40 && s.recall >= 0.39,
        "worse than measured (0.410, 0.391): precision {:.3}, recall {:.3}",
        s.precision,
        s.recall
    );
}

#[test]
fn matching_by_meaning_meets_the_precision_and_recall_measured() {
    if let Some(m) = model() {
        // Measured 0.910 and 0.827 (the model tuned on other sets; the constants chosen here).
        meets(&[("pairs.tsv", (0.91, 0.82))], &m);
    }
}

/// `eval/help/heldout.tsv`: 60 needs and 120 pairs written after the matcher was first tuned,
/// and never used to fit it; but the rule of 2026-12-04 (the mean of the similarities with
/// and without the shared words) was chosen after its misses had been read, so it is no longer
/// quite unseen (docs/EVALUATION.md). Matched against their own pool of offers as `pairs.tsv`
/// is. The floors are what was measured.
#[test]
fn matching_by_meaning_on_pairs_it_was_not_tuned_on() {
    report("heldout.tsv, by words", &evaluate("heldout.tsv", None));
    if let Some(m) = model() {
        meets(&[("heldout.tsv", HELDOUT_FLOOR)], &m);
    }
}

/// `eval/help/heldout2.tsv` (80 needs, 160 pairs), `heldout3.tsv` (40, 80) and `heldout4.tsv` to
/// `heldout13.tsv` (60, 120 each), each written by a helper that saw neither the matcher nor the
/// other sets, and committed before the matcher first ran on it. heldout2 and heldout3 were first
/// run after the rule of the third session was chosen (0.695 / 0.825, 0.688 / 0.825), heldout4 and
/// heldout5 after the places (0.750 / 0.850, 0.734 / 0.783), heldout7 and heldout6 after
/// `help::NEAR_BEST` (0.814 / 0.800, 0.746 / 0.783), heldout8 and heldout9 with a share of the
/// words' score added, since left out (0.671 / 0.783, 0.705 / 0.717; without it 0.701 / 0.783,
/// 0.754 / 0.717), heldout10 and heldout11 with the rule unchanged (0.582 / 0.650, 0.657 / 0.767:
/// their helpers were asked for offers worded apart from the need and for trickier decoys),
/// heldout12 and heldout13 the same (0.701 / 0.783, 0.703 / 0.750). Each change was chosen after
/// the sets before it had been read (docs/EVALUATION.md).
#[test]
fn matching_by_meaning_on_pairs_written_after_the_rule() {
    for (file, _) in WRITTEN_AFTER {
        report(&format!("{file}, by words"), &evaluate(file, None));
    }
    if let Some(m) = model() {
        meets(&WRITTEN_AFTER, &m);
    }
}

/// The sets written after the rule, with the precision and recall measured now, rounded
/// down. heldout to heldout15 are also what the model was tuned on (`eval/help/finetune.py`),
/// so theirs are figures on training data; heldout16 0.821 / 0.917, heldout17 0.848 / 0.933
/// and heldout18 0.852 / 0.867 are on sets the tuning never saw (docs/EVALUATION.md).
const WRITTEN_AFTER: [(&str, (f64, f64)); 17] = [
    ("heldout2.tsv", (0.86, 0.97)),
    ("heldout3.tsv", (0.97, 0.97)),
    ("heldout4.tsv", (0.93, 0.93)),
    ("heldout5.tsv", (0.89, 0.96)),
    ("heldout6.tsv", (0.85, 0.98)),
    ("heldout7.tsv", (0.87, 0.95)),
    ("heldout8.tsv", (0.85, 0.95)),
    ("heldout9.tsv", (0.85, 0.88)),
    ("heldout10.tsv", (0.75, 0.95)),
    ("heldout11.tsv", (0.80, 0.95)),
    ("heldout12.tsv", (0.84, 0.93)),
    ("heldout13.tsv", (0.79, 0.96)),
    ("heldout14.tsv", (0.79, 0.95)),
    ("heldout15.tsv", (0.78, 0.90)),
    ("heldout16.tsv", (0.82, 0.91)),
    ("heldout17.tsv", (0.84, 0.93)),
    ("heldout18.tsv", (0.85, 0.86)),
];

/// Precision and recall measured on the held-out set (1.000, 0.967; it is one of the sets the
/// model was tuned on), rounded down.
const HELDOUT_FLOOR: (f64, f64) = (0.99, 0.96);

/// Scores a set of your own, in the same form (need_id, label, need, offer; a header line
/// first): `KITH_EVAL_SET=FILE cargo test --release --test help_eval -- --ignored --nocapture
/// a_set_of_your_own` prints its table, misses and wrong suggestions, by words and by meaning.
#[test]
#[ignore = "scores $KITH_EVAL_SET: run by hand"]
fn a_set_of_your_own() {
    let file = std::env::var("KITH_EVAL_SET").expect("KITH_EVAL_SET=FILE");
    let file = std::fs::canonicalize(&file).unwrap_or_else(|e| panic!("{file}: {e}"));
    let file = file.to_string_lossy();
    report(&format!("{file}, by words"), &evaluate(&file, None));
    let m = Model::shared().expect("the meaning model (scripts/setup.sh installs it)");
    report(&format!("{file}, by meaning"), &evaluate(&file, Some(&m)));
}

/// Writes, for `eval/help/choose.py`, every need of each set against every offer of that set
/// with what `meaning::Model::compare` reads of them, to `$KITH_EVAL_FEATURES/<set>`.
#[test]
#[ignore = "writes files for eval/help/choose.py: run by hand"]
fn features_for_choosing_the_rule() {
    use std::fmt::Write as _;
    let dir = std::env::var_os("KITH_EVAL_FEATURES").expect("KITH_EVAL_FEATURES=DIR");
    let m = Model::shared().expect("the meaning model (scripts/setup.sh installs it)");
    let sets = ["pairs.tsv", "heldout.tsv"]
        .into_iter()
        .chain(WRITTEN_AFTER.iter().map(|(file, _)| *file));
    for file in sets {
        let pairs = pairs(file);
        let needs = needs(&pairs);
        let need_texts: Vec<&str> = needs.iter().map(|(_, t)| *t).collect();
        let offers: Vec<&str> = pairs.iter().map(|p| p.offer.as_str()).collect();
        let places = shared_places(&need_texts, &offers);
        let mut out = String::from("need\toffer\tlabel\tfull\tapart\tshared\tcov\tplace\n");
        for (i, (id, text)) in needs.iter().enumerate() {
            for (k, o) in pairs.iter().enumerate() {
                let label = match (o.need == *id, o.label_match) {
                    (false, _) => "other",
                    (true, true) => "match",
                    (true, false) => "nomatch",
                };
                let c = m.compare(text, &o.offer, 0.0);
                let _ = writeln!(
                    out,
                    "{id}\t{k}\t{label}\t{:.4}\t{:.4}\t{}\t{:.4}\t{}",
                    c.full,
                    c.apart.unwrap_or(c.full),
                    u8::from(!c.shared.is_empty()),
                    c.covered,
                    u8::from(places[i][k])
                );
            }
        }
        let path = std::path::Path::new(&dir).join(file);
        std::fs::write(&path, out).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }
}
