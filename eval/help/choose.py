#!/usr/bin/env python3
"""How the meaning matcher's rule and bar were chosen (docs/EVALUATION.md, "The rule").

Reads the features `tests/help_eval.rs` writes (`KITH_EVAL_FEATURES=DIR cargo test --release
--test help_eval -- --ignored --nocapture`): for every need of a set against every offer of
that set, the cosine as written (`full`), with the shared words left out (`apart`), whether
they share a word and how much of either text the shared words make up (`cov`).

For two texts that share words the score is w * full + (1 - w) * min(apart, full), with
w = max(w0, cov^2); otherwise full. An offer is suggested for a need when it scores at least
the bar and at least `near` times the need's best score (`engine::help::NEAR_BEST`), at most 3
per need. Each (w0, bar, near) is scored as tests/help_eval.rs scores the matcher: over the
labelled pairs. Among the
settings under which at most MAX_OTHERS offers of other needs clear the bar per need (the
app has no pool to rank against: those are wrong "you can help" lines), the best by the
smaller of precision and recall on the tuning set is printed first, with what each setting
scores on the other sets given.

    python3 eval/help/choose.py DIR/pairs.tsv DIR/heldout.tsv [...]
"""
import csv
import sys

MAX_OTHERS = 4.0


def load(path):
    rows = list(csv.DictReader(open(path, encoding="utf-8"), delimiter="\t"))
    for r in rows:
        for k in ("full", "apart", "shared", "cov"):
            r[k] = float(r[k])
        r["offer"] = int(r["offer"])
    return rows


def rule(w0):
    def score(r):
        if not r["shared"]:
            return r["full"]
        w = max(w0, r["cov"] ** 2)
        return w * r["full"] + (1 - w) * min(r["apart"], r["full"])
    return score


def measure(rows, score, bar, near):
    """(precision, recall, offers of other needs over the bar per need)."""
    by_need = {}
    for r in rows:
        by_need.setdefault(r["need"], []).append((score(r), r))
    tp = fp = positives = others = 0
    for pairs in by_need.values():
        pairs.sort(key=lambda p: (-p[0], p[1]["offer"]))
        for s, r in pairs:
            positives += r["label"] == "match"
            others += r["label"] == "other" and s >= bar
        over = [p for p in pairs if p[0] >= bar]
        for s, r in [p for p in over if p[0] >= near * over[0][0]][:3]:
            tp += r["label"] == "match"
            fp += r["label"] == "nomatch"
    return tp / max(1, tp + fp), tp / max(1, positives), others / len(by_need)


def main(tuning, *others):
    sets = [load(tuning)] + [load(p) for p in others]
    settings = []
    for i in range(11):
        w0 = i / 10
        for j in range(24, 41):
            bar = j / 100
            for k in range(0, 20):
                near = k / 20
                p, r, o = measure(sets[0], rule(w0), bar, near)
                if o <= MAX_OTHERS:
                    settings.append((min(p, r), p, w0, bar, near))
    # Ties: the fewest needs of the settings' own offers hidden (the lowest `near`).
    settings.sort(key=lambda s: (-s[0], -s[1], s[4]))
    names = [tuning] + list(others)
    for _, _, w0, bar, near in settings[:10]:
        cells = []
        for name, rows in zip(names, sets):
            p, r, o = measure(rows, rule(w0), bar, near)
            cells.append(f"{name.rsplit('/', 1)[-1]}: P {p:.3f} R {r:.3f} others {o:.2f}")
        print(f"w0 {w0:.1f} bar {bar:.2f} near {near:.2f} | " + " | ".join(cells))


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(*sys.argv[1:])
