// Cold start and memory of the real app (see docs/PERFORMANCE.md), not a test of behaviour:
//   KITH_COLDSTART_DB=/path/to/big.db tests/e2e/run.sh tests/e2e/coldstart.mjs
// Starts the app on that database `KITH_COLDSTART_RUNS` times (default 3), and prints for each
// start the time from the app's process start (its /proc start time) to the landing view
// (Today) painted with its data (its sections, or its empty state, shown), then the resident memory (RSS, and
// PSS, which shares pages fairly) of the app and its WebKit processes 3 s after that.
// `KITH_COLDSTART_FIRST_OF_DAY=1` forgets the day's damage check first, so each start also
// runs it before opening (the first start of a day).
import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { test } from "node:test";
import { APP, CLI, kb, startApp, stopApp } from "./harness.mjs";

const db = process.env.KITH_COLDSTART_DB;
const runs = Number(process.env.KITH_COLDSTART_RUNS ?? 3);
const firstOfDay = process.env.KITH_COLDSTART_FIRST_OF_DAY === "1";
const TICKS = 100; // clock ticks per second (getconf CLK_TCK)

const uptime = () => Number(readFileSync("/proc/uptime", "utf8").split(" ")[0]);
const stat = (pid) => {
  const s = readFileSync(`/proc/${pid}/stat`, "utf8");
  const rest = s.slice(s.lastIndexOf(")") + 2).split(" ");
  return { ppid: Number(rest[1]), start: Number(rest[19]) / TICKS };
};
const pids = () => readdirSync("/proc").filter((n) => /^\d+$/.test(n));
const cmdline = (pid) => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
  } catch {
    return [];
  }
};

/** The app process started on `db`, and every process below it. */
function appTree() {
  const all = pids().map((pid) => {
    try {
      return { pid, ...stat(pid) };
    } catch {
      return null;
    }
  }).filter(Boolean);
  const app = all.find((p) => {
    const args = cmdline(p.pid);
    return args[0] === APP && args.includes(db);
  });
  if (!app) return null;
  const tree = [app];
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of all) {
      if (!tree.includes(p) && tree.some((t) => Number(t.pid) === p.ppid)) {
        tree.push(p);
        grew = true;
      }
    }
  }
  return tree;
}

test("cold start to People painted, and memory after start-up", { skip: !db }, async (t) => {
  for (let run = 1; run <= runs; run++) {
    if (firstOfDay) {
      execFileSync("python3", ["-c", `import sqlite3; c = sqlite3.connect(${JSON.stringify(db)}); c.execute("DELETE FROM integrity_check"); c.commit()`]);
    } else {
      execFileSync(CLI, ["contact", "list", "--limit", "1", "--db", db]);
    }
    const app = await startApp(db, { view: "today" });
    let painted;
    for (;;) {
      const shown = await app.findAll('.today-sections, [data-testid="today-empty"]');
      if (shown.length > 0) {
        painted = uptime();
        break;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    const tree = appTree();
    const started = tree[0].start;
    await new Promise((r) => setTimeout(r, 3000));
    const procs = appTree().map((p) => ({
      name: cmdline(p.pid)[0].split("/").pop(),
      rss: kb(p.pid, "status", "VmRSS:"),
      pss: kb(p.pid, "smaps_rollup", "Pss:"),
    }));
    const rss = procs.reduce((a, p) => a + p.rss, 0);
    const pss = procs.reduce((a, p) => a + p.pss, 0);
    const line = `run ${run}${firstOfDay ? " (first start of the day)" : ""}: Today painted ${((painted - started) * 1000).toFixed(0)} ms after the app process started; memory 3 s later: RSS ${(rss / 1024).toFixed(0)} MB, PSS ${(pss / 1024).toFixed(0)} MB (${procs.map((p) => `${p.name} ${(p.rss / 1024).toFixed(0)}`).join(", ")})`;
    t.diagnostic(line);
    console.log(line);
    await stopApp(app);
  }
});
