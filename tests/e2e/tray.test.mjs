// Kith in the tray (issue 18), driven as a person would, from outside the app: no WebDriver,
// since closing the window destroys the web view WebDriver talks to. The test gives the app a
// session bus of its own (a second start finds the first there) and a tray host on the display
// (trayer: an XEmbed tray, where the tray icon shows through libayatana-appindicator's
// fallback), then closes the window with Ctrl+W, reads the notification log, opens the tray
// menu with the pointer and picks its items with the keyboard, and starts Kith again.
// Screenshots: tray-01-window.png … tray-06-quit-menu.png in target/e2e.
import assert from "node:assert/strict";
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { APP, CLI, captureDisplay, day } from "./harness.mjs";

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

/** Kith's main window, if it is on screen. */
const mainWindow = () => search("--onlyvisible", "--name", "^Kith$")[0] ?? null;

/** Clicks the tray icon: its menu opens. */
async function openTrayMenu() {
  const icon = await until(() => search("--class", "tray-icon tray app main")[0], 10_000, "the tray icon");
  const geo = execFileSync("xdotool", ["getwindowgeometry", "--shell", icon], { encoding: "utf8" });
  const val = (k) => Number(geo.match(new RegExp(`^${k}=(\\d+)`, "m"))[1]);
  execFileSync("xdotool", [
    "mousemove",
    String(val("X") + Math.floor(val("WIDTH") / 2)),
    String(val("Y") + Math.floor(val("HEIGHT") / 2)),
    "click",
    "1",
  ]);
  await sleep(800);
}

const keys = (...k) => execFileSync("xdotool", ["key", "--delay", "150", ...k]);

/** Gives Kith's window the keyboard and presses `k`. */
function pressInWindow(win, ...k) {
  execFileSync("xdotool", ["windowfocus", "--sync", win]);
  keys(...k);
}

test("closing the window keeps Kith in the tray; the tray, a notification and a second start bring it back", {
  timeout: 180_000,
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
    stdio: "ignore",
  });
  const env = {
    ...process.env,
    DBUS_SESSION_BUS_ADDRESS: address,
    XDG_RUNTIME_DIR: run,
    XDG_CONFIG_HOME: join(dir, "config"),
    KITH_NOTIFY_LOG: log,
    KITH_NOTIFY_EVERY_SECS: "1",
  };
  const app = spawn(APP, ["--db", db], { env, stdio: ["ignore", "ignore", "pipe"] });
  let appErr = "";
  app.stderr.on("data", (d) => {
    appErr += d;
  });
  const exited = new Promise((resolve) => app.once("exit", (code) => resolve(code)));
  t.after(() => {
    app.kill();
    tray.kill();
    bus.kill();
  });

  const first = await until(mainWindow, 60_000, "Kith's window").catch((e) => {
    throw new Error(`${e.message}; the app said: ${appErr}`);
  });
  await sleep(3000);
  captureDisplay("tray-01-window.png");

  // The first close: the window stays and says, once, where Kith goes.
  pressInWindow(first, "ctrl+w");
  await sleep(1500);
  captureDisplay("tray-02-notice.png");
  assert.ok(mainWindow(), "the first close holds the window back to say where Kith goes");
  keys("Return"); // "Close to the tray", the choice in focus
  await until(() => !mainWindow(), 10_000, "the window to close");
  await sleep(1000);
  assert.equal(app.exitCode, null, `Kith quit instead of staying in the tray: ${appErr}`);

  // A follow-up that comes due while only the tray runs is notified.
  cli("remind", "add", "Ana Ruiz", "--on", day(0), "send the deck");
  const line = await until(
    () => (existsSync(log) ? readFileSync(log, "utf8").split("\n").find((l) => l.includes("1 follow-up due")) : null),
    20_000,
    "the notification of the follow-up",
  );
  assert.match(line, /^\d{4}-\d\d-\d\d\tKith: 1 follow-up due\tAna Ruiz$/);
  assert.equal(readFileSync(log, "utf8").trim().split("\n").length, 1, "one notification, not one a tick");

  // The tray menu opens Today in a window made anew.
  await openTrayMenu();
  captureDisplay("tray-03-menu.png");
  keys("Down", "Down", "Down", "Return"); // Open Kith, Log an interaction…, Today's …
  await until(mainWindow, 20_000, "the window made again from the tray");
  await sleep(3000);
  captureDisplay("tray-04-today.png");

  // Closed again (no notice the second time), then Kith started again: the first one shows its window.
  pressInWindow(mainWindow(), "ctrl+w");
  await until(() => !mainWindow(), 10_000, "the window to close without a notice");
  const again = spawnSync(APP, ["--db", db, "--show", "today"], { env, encoding: "utf8", timeout: 30_000 });
  assert.equal(again.status, 0, `a second start hands over and exits: ${again.stderr}`);
  await until(mainWindow, 20_000, "the first Kith's window, brought back by the second start");
  await sleep(2000);
  captureDisplay("tray-05-second-start.png");

  // Another database while this one runs: refused, with both named.
  const other = spawnSync(APP, ["--db", join(dir, "other.db")], { env, encoding: "utf8", timeout: 30_000 });
  assert.equal(other.status, 2);
  assert.match(other.stderr, /already running on .*kith\.db/);
  assert.match(other.stderr, /other\.db/);

  // Quit from the tray menu: the process ends, and the window's size and place are kept.
  await openTrayMenu();
  captureDisplay("tray-06-quit-menu.png");
  keys("Up", "Return"); // Quit Kith, the last item
  const code = await Promise.race([exited, sleep(15_000).then(() => "still running")]);
  assert.equal(code, 0, `Quit Kith ends the process: ${appErr}`);
  assert.ok(existsSync(join(dir, "config", "app.kith.desktop", ".window-state.json")), "window state saved");
});
