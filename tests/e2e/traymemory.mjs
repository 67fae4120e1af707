// Memory of Kith with its window open and waiting in the tray (issue 18; docs/PERFORMANCE.md),
// not a test of behaviour:
//   KITH_TRAYMEM_DB=/path/to/10k.db KITH_TRAYMEM_APP=/path/to/release/kith-app \
//     tests/e2e/run.sh tests/e2e/traymemory.mjs
// Starts the app as the login item does (`--hidden`: it becomes kith-tray at once; as
// tray.test.mjs starts it: a session bus and an XEmbed tray of its own, the close-to-tray notice
// already seen; WebKit's compositing as the app sets it, not as run.sh does), waits 10 s, and
// reads the resident (RSS) and proportional (PSS, shared pages split fairly) memory of every
// Kith process on that database and every process below them; then quits it, starts the app
// with its window, waits for the window and 10 s more, and reads them again (kith-app and
// WebKit's web and network processes); then closes the window with Ctrl+W, waits 10 s, and
// reads them again (kith-tray by then).
// `KITH_TRAYMEM_RUNS` runs (default 3); `KITH_TRAYMEM_SMAPS=1` also prints each process's
// largest mappings (MB of PSS).
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
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

/** Kith's live processes on database `path` (kith-app, kith-tray). */
function kithRoots(path) {
  const all = readdirSync("/proc").filter((n) => /^\d+$/.test(n)).map(Number);
  return all.filter((p) => {
    try {
      const argv = readFileSync(`/proc/${p}/cmdline`, "utf8").split("\0");
      return ["kith-app", "kith-tray"].includes(basename(argv[0])) && argv.includes(path);
    } catch {
      return false;
    }
  });
}

/** Kith's processes on `db` and every process below them, with their memory. */
function memory() {
  const all = readdirSync("/proc").filter((n) => /^\d+$/.test(n)).map(Number);
  const tree = kithRoots(db);
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
  const detail = process.env.KITH_TRAYMEM_SMAPS ? tree.map((p) => `\n  ${name(p)}: ${largest(p)}`).join("") : "";
  return `RSS ${mb(sum("rss"))} MB, PSS ${mb(sum("pss"))} MB (${procs.map((p) => `${p.name} ${mb(p.pss)}`).join(", ")})${detail}`;
}

/** With KITH_TRAYMEM_SMAPS set: what a process's PSS is made of, its 8 largest mappings. */
function largest(pid) {
  const by = new Map();
  let current = "[anon]";
  try {
    for (const line of readFileSync(`/proc/${pid}/smaps`, "utf8").split("\n")) {
      const head = line.match(/^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/);
      if (head) current = head[1] || "[anon]";
      else if (line.startsWith("Pss:")) by.set(current, (by.get(current) ?? 0) + Number(line.split(/\s+/)[1]));
    }
  } catch {
    return "gone";
  }
  return [...by]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8)
    .map(([k, v]) => `${basename(k)} ${(v / 1024).toFixed(1)}`)
    .join(", ");
}

/** Ends every Kith process on `db`. */
function stop() {
  for (const p of kithRoots(db)) {
    try {
      process.kill(p);
    } catch {
      // ended meanwhile
    }
  }
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
    // The tray must be up before Kith looks for one (else closing the window quits).
    for (let i = 0; i < 100 && spawnSync("xdotool", ["search", "--class", "trayer"]).status !== 0; i++) await sleep(100);
    const env = {
      ...process.env,
      DBUS_SESSION_BUS_ADDRESS: address,
      XDG_RUNTIME_DIR: join(dir, "run"),
      XDG_CONFIG_HOME: join(dir, "config"),
    };
    // As a person runs it: run.sh keeps WebKit's compositing on for WebDriver's screenshots.
    delete env.KITH_GPU_COMPOSITING;
    // First as the login item starts it (`--hidden`: it becomes kith-tray at once), so that in
    // the first run it is the first GTK program on the display (nothing set up before it).
    const hidden = spawn(app, ["--db", db, "--hidden"], { env, stdio: "ignore" });
    let proc = hidden;
    try {
      await sleep(10_000);
      const atLogin = visible() ? "a window opened" : memory();
      stop();
      await sleep(1000);
      proc = spawn(app, ["--db", db], { env, stdio: "ignore" });
      const end = Date.now() + 120_000;
      while (!visible() && Date.now() < end) await sleep(200);
      await sleep(10_000);
      const open = memory();
      execFileSync("xdotool", ["windowfocus", "--sync", visible()]);
      execFileSync("xdotool", ["key", "ctrl+w"]);
      await sleep(10_000);
      const inTray = visible() ? "the window did not close" : memory();
      const line = `run ${run}: started hidden: ${atLogin}; window open: ${open}; in the tray: ${inTray}`;
      t.diagnostic(line);
      console.log(line);
    } finally {
      proc.kill();
      stop();
      tray.kill();
      bus.kill();
    }
  }
});
