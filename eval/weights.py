#!/usr/bin/env python3
"""What each health component is worth, from the rows of an earlier collegemsg.py run.

Reads eval/out/TAG/rows.csv (which holds each tie's five components as `kith health` printed
them) and prints, for the four settings (circles none/dunbar × all/established ties):

- the AUC of each component alone (1 − component as the "goes quiet" score), and of
  R(t, 7 days), warmth on a fixed one-week scale, computed from the days since last contact;
- the AUC of a weighted sum of the components for the weights given with --weights
  (`--recency-scale 7` replaces the recency component by R(t, 7));
- with --ablate, how that AUC changes when 0.10 of weight moves from recency to each other
  component, or when intensity's weight goes to recency;
- with --grid, every weighting on a 0.1 grid (weights summing to 1), best first by the
  lowest of the four AUC margins over recency-only.

This explores; the figures that count are those of a full collegemsg.py run with the engine
built from the chosen weights.
"""

import argparse
import itertools
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from collegemsg import auc, read_rows, subsets  # noqa: E402

COMPONENTS = ["recency", "intensity", "consistency", "reciprocity", "depth"]
F = 0.9 ** -2 - 1


def warmth(t, s):
    return (1 + F * np.maximum(t, 0) / s) ** -0.5


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("rows")
    p.add_argument("--weights", default="0.35,0.20,0.15,0.15,0.15")
    p.add_argument("--recency-scale", type=float, help="use R(t, DAYS) as the recency component")
    p.add_argument("--grid", action="store_true")
    p.add_argument(
        "--ablate",
        action="store_true",
        help="move 0.10 of weight from recency to each other component, and drop intensity",
    )
    args = p.parse_args()

    rows = read_rows(args.rows)
    parts = []
    for setting, ties, sel in subsets(rows):
        y = np.array([r["quiet30"] for r in sel])
        comp = np.array([[r[c] for c in COMPONENTS] for r in sel])
        t = np.array([r["t_days"] for r in sel])
        n = np.array([r["n"] for r in sel], dtype=float)
        if args.recency_scale:
            comp[:, 0] = warmth(t, args.recency_scale)
        parts.append((f"{setting}/{ties}", y, comp, t, n))

    print("| setting | " + " | ".join(COMPONENTS) + " | R(t,7) | recency-only | frequency-only |")
    print("|---" * (len(COMPONENTS) + 4) + "|")
    for label, y, comp, t, n in parts:
        alone = [auc(y, 1 - comp[:, i]) for i in range(len(COMPONENTS))]
        print(
            f"| {label} | "
            + " | ".join(f"{a:.3f}" for a in alone)
            + f" | {auc(y, 1 - warmth(t, 7.0)):.3f} | {auc(y, t):.3f} | {auc(y, -n):.3f} |"
        )

    w = np.array([float(x) for x in args.weights.split(",")])
    print(f"\nweights {args.weights} (recency scale {args.recency_scale or 'as run'}):")
    for label, y, comp, t, n in parts:
        print(f"  {label}: health {auc(y, -(comp @ w)):.3f}  recency-only {auc(y, t):.3f}")

    if args.ablate:
        base = [auc(y, -(comp @ w)) for _, y, comp, _, _ in parts]
        print("\nAUC change against those weights (" + ", ".join(s[0] for s in parts) + "):")
        variants = []
        for i, c in enumerate(COMPONENTS[1:], start=1):
            v = w.copy()
            v[0] -= 0.10
            v[i] += 0.10
            variants.append((f"0.10 from recency to {c}", v))
        v = w.copy()
        v[0] += v[1]
        v[1] = 0
        variants.append(("intensity's weight to recency", v))
        for label, v in variants:
            d = [auc(y, -(comp @ v)) - b for (_, y, comp, _, _), b in zip(parts, base)]
            print(f"  {label}: " + " ".join(f"{x:+.4f}" for x in d))

    if args.grid:
        steps = range(11)
        base = [auc(y, t) for _, y, _, t, _ in parts]
        results = []
        for combo in itertools.product(steps, repeat=len(COMPONENTS) - 1):
            last = 10 - sum(combo)
            if last < 0:
                continue
            w = np.array([*combo, last]) / 10
            aucs = [auc(y, -(comp @ w)) for _, y, comp, _, _ in parts]
            margins = [a - b for a, b in zip(aucs, base)]
            results.append((min(margins), w, aucs))
        results.sort(key=lambda x: -x[0])
        print("\nbest weightings (recency, intensity, consistency, reciprocity, depth):")
        for m, w, aucs in results[:15]:
            print(f"  {w}  min margin {m:+.3f}  AUCs " + " ".join(f"{a:.3f}" for a in aucs))


if __name__ == "__main__":
    main()
