// Kith in the tray (issue 18), driven as a person would, from outside the app: no WebDriver,
// since closing the window ends the app WebDriver talks to. Kith waits in the tray as a
// program of its own, kith-tray, which does not link WebKit: the app hands over to it when the
// window closes to the tray and when it starts hidden (the login item), and it starts the app
// again when the window is wanted. The test gives Kith a session bus of its own (a second start
// of the app finds the first there) and a tray host on the display (trayer: an XEmbed tray,
// where the tray icon shows through libayatana-appindicator's fallback), then starts the app
// hidden, opens it from the tray menu (picked with the pointer and the keyboard), closes it
// with Ctrl+W, reads the notification log, starts Kith again, and quits from the tray, checking
// at every step which of Kith's processes run: one kith-app with its window, or one kith-tray.
// Screenshots: tray-01-window.png … tray-07-quit-menu.png in target/e2e.
import assert from "node:assert/strict";
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { test } from "node:test";
import { APP, CLI, captureDisplay, day } from "./harness.mjs";

const TRAY = join(dirname(APP), "kith-tray");
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function until(check, timeout, what) {
  const end = Date.now() + timeout;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

/** X windows that match `args` (xdotool search), [] when none. */
function search(...args) {
  const r = spawnSync("xdotool", ["search", ...args], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim().split("\n").filter(Boolean) : [];
}

/** Kith's main windows on screen. */
const mainWindows = () => search("--onlyvisible", "--name", "^Kith$");
const mainWindow = () => mainWindows()[0] ?? null;

/** Kith's live processes on database `db`: `[{ pid, name }]`, name kith-app or kith-tray. */
function kithProcesses(db) {
  const found = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      if (stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z")) continue; // ended, not yet reaped
      const argv = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0");
      const name = basename(argv[0]);
      if ((name === "kith-app" || name === "kith-tray") && argv.includes(db)) found.push({ pid: Number(entry), name });
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

/** Waits until exactly one Kith process runs on `db`, named `name`; returns its pid. */
async function onlyKith(db, name, what) {
  let seen = [];
  try {
    return await until(
      () => {
        seen = kithProcesses(db);
        return seen.length === 1 && seen[0].name === name ? seen[0].pid : null;
      },
      20_000,
      what,
    );
  } catch (e) {
    throw new Error(`${e.message}: running ${JSON.stringify(seen)}`);
  }
}

/** Clicks the tray icon: its menu opens. */
async function openTrayMenu() {
  // The icon's window and where it is. Right after the tray changed hands (the app gave way
  // to kith-tray, or back) a search can still name the icon window just destroyed, whose
  // geometry cannot be read: such a one is passed over until the live one is found.
  const at = await until(
    () => {
      for (const icon of search("--class", "tray-icon tray app main")) {
        const geo = spawnSync("xdotool", ["getwindowgeometry", "--shell", icon], { encoding: "utf8" });
        const val = (k) => geo.stdout?.match(new RegExp(`^${k}=(\\d+)`, "m"))?.[1];
        const [x, y, w, h] = ["X", "Y", "WIDTH", "HEIGHT"].map((k) => Number(val(k)));
        if (geo.status === 0 && [x, y, w, h].every(Number.isFinite) && w > 0 && h > 0) {
          return { x: x + Math.floor(w / 2), y: y + Math.floor(h / 2) };
        }
      }
      return null;
    },
    10_000,
    "the tray icon",
  );
  execFileSync("xdotool", ["mousemove", String(at.x), String(at.y), "click", "1"]);
  await sleep(800);
}

const keys = (...k) => execFileSync("xdotool", ["key", "--delay", "150", ...k]);

/** Gives Kith's window the keyboard and presses `k`. */
function pressInWindow(win, ...k) {
  execFileSync("xdotool", ["windowfocus", "--sync", win]);
  keys(...k);
}

test("closing the window leaves Kith in the tray as kith-tray; the tray, a notification and a second start bring it back", {
  timeout: 300_000,
}, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "kith-e2e-tray-"));
  const run = join(dir, "run");
  mkdirSync(run, { mode: 0o700 });
  const db = join(dir, "kith.db");
  const log = join(dir, "notifications.log");
  const cli = (...args) => execFileSync(CLI, [...args, "--db", db], { encoding: "utf8" });
  cli("contact", "add", "Ana Ruiz", "--circle", "inner");
  // Nothing due as Kith starts (Ana was just called), so no notification takes the day; and due
  // from midnight on, so the only thing that keeps one back is that nothing is due.
  cli("log", "--with", "Ana Ruiz", "--kind", "call", "about her move");
  cli("settings", "set", "--notify-at", "00:00");

  const bus = spawn("dbus-daemon", ["--session", "--nofork", "--print-address=1"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const address = await new Promise((resolve, reject) => {
    bus.stdout.once("data", (d) => resolve(String(d).trim()));
    bus.once("error", reject);
  });
  const tray = spawn("trayer", ["--edge", "top", "--align", "right", "--widthtype", "pixel", "--width", "120"], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let trayErr = "";
  tray.stderr.on("data", (d) => {
    trayErr += d;
  });
  // Whatever happens, nothing of the test stays behind.
  t.after(() => {
    for (const p of kithProcesses(db)) {
      try {
        process.kill(p.pid);
      } catch {}
    }
    tray.kill();
    bus.kill();
  });
  // The tray must be up before Kith looks for one (else closing the window quits).
  await until(() => search("--class", "trayer").length > 0, 30_000, "trayer").catch((e) => {
    throw new Error(`${e.message} (exit ${tray.exitCode}): ${trayErr}`);
  });
  const env = {
    ...process.env,
    DBUS_SESSION_BUS_ADDRESS: address,
    XDG_RUNTIME_DIR: run,
    XDG_CONFIG_HOME: join(dir, "config"),
    KITH_NOTIFY_LOG: log,
    KITH_NOTIFY_EVERY_SECS: "1",
  };
  let kithErr = "";
  /** Starts `program` with `args` in the test's session; its exit code, when it ends. */
  const start = (program, args) => {
    const p = spawn(program, args, { env, stdio: ["ignore", "ignore", "pipe"] });
    p.stderr.on("data", (d) => {
      kithErr += d;
    });
    return { proc: p, exited: new Promise((resolve) => p.once("exit", (code) => resolve(code))) };
  };
  const ended = (started, what) =>
    Promise.race([started.exited, sleep(15_000).then(() => "still running")]).then((code) =>
      assert.equal(code, 0, `${what}: ${kithErr}`),
    );

  // Started as the login item starts it: no window, and no WebKit either: the app becomes
  // kith-tray (the same process), whose icon shows.
  const hidden = start(APP, ["--db", db, "--hidden"]);
  const hiddenTray = await onlyKith(db, "kith-tray", "the hidden start to become kith-tray");
  assert.equal(hiddenTray, hidden.proc.pid, "the app replaced itself by kith-tray");
  await until(() => search("--class", "tray-icon tray app main")[0], 20_000, "the tray icon").catch((e) => {
    throw new Error(`${e.message}; Kith said: ${kithErr}`);
  });
  assert.equal(mainWindow(), null, "no window");
  const trayLibs = readFileSync(`/proc/${hiddenTray}/maps`, "utf8");
  assert.doesNotMatch(trayLibs, /webkit2gtk|javascriptcoregtk/, "kith-tray does not load WebKit");

  // Open Kith from the tray menu: the app starts with its window, the tray quits.
  await openTrayMenu();
  keys("Down", "Return"); // Open Kith
  const first = await until(mainWindow, 60_000, "Kith's window, opened from the tray").catch((e) => {
    throw new Error(`${e.message}; Kith said: ${kithErr}`);
  });
  await ended(hidden, "kith-tray quits once the app is started");
  await onlyKith(db, "kith-app", "the app alone");
  await sleep(3000);
  captureDisplay("tray-01-window.png");

  // The first close: the window stays and says, once, where Kith goes.
  pressInWindow(first, "ctrl+w");
  await sleep(1500);
  captureDisplay("tray-02-notice.png");
  assert.ok(mainWindow(), "the first close holds the window back to say where Kith goes");
  keys("Return"); // "Close to the tray", the choice in focus
  await until(() => !mainWindow(), 10_000, "the window to close");
  const tray1 = await onlyKith(db, "kith-tray", "kith-tray alone once the window closed to the tray");

  // A follow-up that comes due while only the tray runs is notified, by the tray.
  cli("remind", "add", "Ana Ruiz", "--on", day(0), "send the deck");
  const line = await until(
    () => (existsSync(log) ? readFileSync(log, "utf8").split("\n").find((l) => l.includes("1 follow-up due")) : null),
    20_000,
    "the notification of the follow-up",
  );
  assert.match(line, /^\d{4}-\d\d-\d\d\tKith: 1 follow-up due\tAna Ruiz$/);
  await sleep(2500); // a few more of the tray's one-second checks
  assert.equal(readFileSync(log, "utf8").trim().split("\n").length, 1, "one notification, not one a tick");
  assert.deepEqual(kithProcesses(db), [{ pid: tray1, name: "kith-tray" }], "the tray notified, still alone");

  // The tray menu opens Today: the app again, the tray gone.
  await openTrayMenu();
  captureDisplay("tray-03-menu.png");
  keys("Down", "Down", "Down", "Return"); // Open Kith, Log an interaction…, Today's …
  await until(mainWindow, 60_000, "the window opened from the tray");
  const fromTray = await onlyKith(db, "kith-app", "the app alone once opened from the tray");
  // The tray turns GTK's OpenGL off for itself only (GDK_GL=disable), not for the app.
  const appEnv = readFileSync(`/proc/${fromTray}/environ`, "utf8").split("\0");
  assert.equal(appEnv.find((e) => e.startsWith("GDK_GL=")), undefined, "the app gets no GDK_GL from the tray");
  await sleep(3000);
  captureDisplay("tray-04-today.png");

  // Closed again (no notice the second time): the tray again.
  pressInWindow(mainWindow(), "ctrl+w");
  await until(() => !mainWindow(), 10_000, "the window to close without a notice");
  await onlyKith(db, "kith-tray", "kith-tray alone after the second close");

  // Kith started again (the desktop entry): the tray hands over to it.
  const app2 = start(APP, ["--db", db, "--show", "today"]);
  await until(mainWindow, 60_000, "the window of Kith started again while in the tray");
  assert.equal(await onlyKith(db, "kith-app", "the app alone once started again"), app2.proc.pid);
  // And once more while its window is open: the first shows its window, the second exits.
  const again = spawnSync(APP, ["--db", db, "--show", "today"], { env, encoding: "utf8", timeout: 30_000 });
  assert.equal(again.status, 0, `a second start hands over and exits: ${again.stderr}`);
  await sleep(2000);
  assert.equal(mainWindows().length, 1, "one window");
  assert.equal(await onlyKith(db, "kith-app", "still one app"), app2.proc.pid);
  captureDisplay("tray-05-second-start.png");

  // Another database while this one runs: refused, with both named.
  const other = spawnSync(APP, ["--db", join(dir, "other.db")], { env, encoding: "utf8", timeout: 30_000 });
  assert.equal(other.status, 2);
  assert.match(other.stderr, /already running on .*kith\.db/);
  assert.match(other.stderr, /other\.db/);

  // To the tray once more, then another database while only the tray runs: refused the same
  // way, and the tray stays; a second kith-tray steps aside, quietly.
  pressInWindow(mainWindow(), "ctrl+w");
  await ended(app2, "the app exits once the window closed to the tray");
  const tray3 = await onlyKith(db, "kith-tray", "kith-tray alone after the third close");
  const otherInTray = spawnSync(APP, ["--db", join(dir, "other.db")], { env, encoding: "utf8", timeout: 30_000 });
  assert.equal(otherInTray.status, 2);
  assert.match(otherInTray.stderr, /already running on .*kith\.db/);
  assert.match(otherInTray.stderr, /other\.db/);
  const secondTray = spawnSync(TRAY, ["--db", db], { env, encoding: "utf8", timeout: 30_000 });
  assert.equal(secondTray.status, 0, secondTray.stderr);
  assert.equal(secondTray.stderr, "");
  assert.deepEqual(kithProcesses(db), [{ pid: tray3, name: "kith-tray" }]);

  // Log an interaction… from the tray: the app opens with the Log dialog open.
  await openTrayMenu();
  keys("Down", "Down", "Return"); // Open Kith, Log an interaction…
  await until(mainWindow, 60_000, "the window opened from the tray's Log an interaction…");
  await onlyKith(db, "kith-app", "the app alone once opened to log");
  await sleep(3000);
  captureDisplay("tray-06-log.png");
  pressInWindow(mainWindow(), "Escape");
  await sleep(500);
  pressInWindow(mainWindow(), "ctrl+w");
  await until(() => !mainWindow(), 10_000, "the window to close after the Log");
  await onlyKith(db, "kith-tray", "kith-tray alone after the Log");

  // Quit from the tray menu: nothing of Kith runs any more, and the window's size and place
  // are kept.
  await openTrayMenu();
  captureDisplay("tray-07-quit-menu.png");
  keys("Up", "Return"); // Quit Kith, the last item
  await until(() => kithProcesses(db).length === 0, 15_000, "every Kith process to end");
  assert.ok(existsSync(join(dir, "config", "app.kith.desktop", ".window-state.json")), "window state saved");
});
