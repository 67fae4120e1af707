#!/usr/bin/env python3
"""How the meaning matcher's constants were chosen (docs/EVALUATION.md, "The rule").

Reads the features `tests/help_eval.rs` writes (`KITH_EVAL_FEATURES=DIR cargo test --release
--test help_eval -- --ignored --nocapture features`): for every need of a set against every
offer of that set, the cosine as written (`full`), with the shared words left out (`apart`),
whether they share a word and how much of either text the shared words make up (`cov`), and
whether a place both name raises their match (`place`).

It scores as `engine::help` does: for two texts that share words, m = w * full + (1 - w) *
min(apart, full), with w = max(w0, cov^2); otherwise m = full. Under the bar, no match; over
it, a shared place raises m to m + (1 - m) * 0.2. An offer is suggested
for a need when it matches and scores at least `near` times the need's best score, at most
3 per need. Precision and recall are counted over the labelled pairs, as tests/help_eval.rs
counts them, summed over the sets given (each need against its own set's offers).

Among the settings under which at most MAX_OTHERS offers of other needs match per need (the
app has no pool to rank against: those are wrong "you can help" lines), the best by the
smaller of precision and recall over all the sets given is printed first, with each set's
figures.

    python3 eval/help/choose.py DIR/pairs.tsv DIR/heldout.tsv [...]
"""
import csv
import sys

MAX_OTHERS = 4.0
PLACE_BOOST = 0.2


def load(path):
    rows = list(csv.DictReader(open(path, encoding="utf-8"), delimiter="\t"))
    for r in rows:
        for k in ("full", "apart", "shared", "cov", "place"):
            r[k] = float(r[k])
        r["offer"] = int(r["offer"])
    return rows


def score(r, w0, bar):
    m = r["full"]
    if r["shared"]:
        w = max(w0, r["cov"] ** 2)
        m = w * r["full"] + (1 - w) * min(r["apart"], r["full"])
    if m < bar:
        return 0.0
    return m + (1 - m) * PLACE_BOOST if r["place"] else m


def measure(rows, w0, bar, near):
    """(true positives, false positives, positives, offers of other needs matched, needs)."""
    by_need = {}
    for r in rows:
        by_need.setdefault(r["need"], []).append((score(r, w0, bar), r))
    tp = fp = positives = others = 0
    for pairs in by_need.values():
        pairs.sort(key=lambda p: (-p[0], p[1]["offer"]))
        positives += sum(r["label"] == "match" for _, r in pairs)
        others += sum(r["label"] == "other" and s > 0 for s, r in pairs)
        over = [p for p in pairs if p[0] > 0]
        for s, r in [p for p in over if p[0] >= near * over[0][0]][:3]:
            tp += r["label"] == "match"
            fp += r["label"] == "nomatch"
    return tp, fp, positives, others, len(by_need)


def summed(sets, *setting):
    t = f = p = o = n = 0
    for rows in sets:
        tp, fp, pos, oth, needs = measure(rows, *setting)
        t, f, p, o, n = t + tp, f + fp, p + pos, o + oth, n + needs
    return t / max(1, t + f), t / max(1, p), o / max(1, n)


def main(*paths):
    sets = [load(p) for p in paths]
    settings = []
    for w0 in (0.4, 0.5, 0.6):
        for j in range(24, 41):
            bar = j / 100
            for near in [0] + [k / 20 for k in range(10, 20)]:
                p, r, o = summed(sets, w0, bar, near)
                if o <= MAX_OTHERS:
                    settings.append((min(p, r), p, r, o, (w0, bar, near)))
    settings.sort(key=lambda s: (-s[0], -s[1]))
    for _, p, r, o, setting in settings[:10]:
        cells = []
        for path, rows in zip(paths, sets):
            tp, fp, pos, _, _ = measure(rows, *setting)
            cells.append(f"{path.rsplit('/', 1)[-1]} {tp / max(1, tp + fp):.3f}/{tp / pos:.3f}")
        w0, bar, near = setting
        print(
            f"w0 {w0} bar {bar:.2f} near {near} | all: P {p:.3f} R {r:.3f} "
            f"others {o:.2f} | " + " ".join(cells)
        )


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(*sys.argv[1:])
