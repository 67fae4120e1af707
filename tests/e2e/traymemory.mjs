// Memory of Kith with its window open and waiting in the tray (issue 18; docs/PERFORMANCE.md),
// not a test of behaviour:
//   KITH_TRAYMEM_DB=/path/to/10k.db KITH_TRAYMEM_APP=/path/to/release/kith-app \
//     tests/e2e/run.sh tests/e2e/traymemory.mjs
// Starts the app (as tray.test.mjs does: a session bus and an XEmbed tray of its own, the
// close-to-tray notice already seen), waits for its window and 10 s more, and reads the
// resident (RSS) and proportional (PSS, shared pages split fairly) memory of the app and every
// process below it (WebKit's web and network processes); then closes the window with Ctrl+W,
// waits 10 s, and reads them again. `KITH_TRAYMEM_RUNS` runs (default 3).
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { kb } from "./harness.mjs";

const db = process.env.KITH_TRAYMEM_DB;
const app = process.env.KITH_TRAYMEM_APP ?? process.env.KITH_E2E_APP;
const runs = Number(process.env.KITH_TRAYMEM_RUNS ?? 3);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const ppid = (pid) => {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, "utf8");
    return Number(s.slice(s.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return -1;
  }
};
const name = (pid) => {
  try {
    return readFileSync(`/proc/${pid}/comm`, "utf8").trim();
  } catch {
    return "?";
  }
};

/** `root` and every process below it, with their memory. */
function memory(root) {
  const all = readdirSync("/proc").filter((n) => /^\d+$/.test(n)).map(Number);
  const tree = [root];
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of all) {
      if (!tree.includes(p) && tree.includes(ppid(p))) {
        tree.push(p);
        grew = true;
      }
    }
  }
  const procs = tree.map((p) => ({ name: name(p), rss: kb(p, "status", "VmRSS:"), pss: kb(p, "smaps_rollup", "Pss:") }));
  const mb = (k) => (k / 1024).toFixed(0);
  const sum = (k) => procs.reduce((a, p) => a + p[k], 0);
  return `RSS ${mb(sum("rss"))} MB, PSS ${mb(sum("pss"))} MB (${procs.map((p) => `${p.name} ${mb(p.pss)}`).join(", ")})`;
}

const visible = () => {
  const r = spawnSync("xdotool", ["search", "--onlyvisible", "--name", "^Kith$"], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim().split("\n")[0] : null;
};

test("memory with the window open and in the tray", { skip: !db, timeout: 600_000 }, async (t) => {
  for (let run = 1; run <= runs; run++) {
    const dir = mkdtempSync(join(tmpdir(), "kith-traymem-"));
    mkdirSync(join(dir, "run"), { mode: 0o700 });
    mkdirSync(join(dir, "config", "app.kith.desktop"), { recursive: true });
    writeFileSync(join(dir, "config", "app.kith.desktop", "desktop.json"), '{ "trayNoticeSeen": true }');
    const bus = spawn("dbus-daemon", ["--session", "--nofork", "--print-address=1"], { stdio: ["ignore", "pipe", "ignore"] });
    const address = await new Promise((resolve) => bus.stdout.once("data", (d) => resolve(String(d).trim())));
    const tray = spawn("trayer", ["--edge", "top", "--align", "right"], { stdio: "ignore" });
    const env = {
      ...process.env,
      DBUS_SESSION_BUS_ADDRESS: address,
      XDG_RUNTIME_DIR: join(dir, "run"),
      XDG_CONFIG_HOME: join(dir, "config"),
    };
    const proc = spawn(app, ["--db", db], { env, stdio: "ignore" });
    try {
      const end = Date.now() + 120_000;
      while (!visible() && Date.now() < end) await sleep(200);
      await sleep(10_000);
      const open = memory(proc.pid);
      execFileSync("xdotool", ["windowfocus", "--sync", visible()]);
      execFileSync("xdotool", ["key", "ctrl+w"]);
      await sleep(10_000);
      const inTray = visible() ? "the window did not close" : memory(proc.pid);
      const line = `run ${run}: window open: ${open}; in the tray: ${inTray}`;
      t.diagnostic(line);
      console.log(line);
    } finally {
      proc.kill();
      tray.kill();
      bus.kill();
    }
  }
});
