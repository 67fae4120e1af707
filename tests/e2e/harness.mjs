// What every end-to-end test needs: the paths tests/e2e/run.sh provides, the app started on
// a database of its own (and always closed after each test: tauri-driver allows one session
// at a time), the CLI on the same database, and waits that poll instead of sleeping.
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, openSync, readFileSync } from "node:fs";
import { createConnection, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, afterEach } from "node:test";
import { WebDriver } from "./webdriver.mjs";

function need(name) {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run the e2e tests through tests/e2e/run.sh`);
  return v;
}

export const APP = need("KITH_E2E_APP");
export const CLI = need("KITH_E2E_CLI");
export const DRIVER = need("KITH_E2E_DRIVER");
export const OUT = need("KITH_E2E_OUT");

const open = new Set();

/** The file the app appends its notifications to (run.sh sets KITH_NOTIFY_LOG for tauri-driver). */
export const NOTIFY_LOG = process.env.KITH_NOTIFY_LOG ?? null;

/**
 * Starts the app on `db`; it is closed after the test whatever happens. The app opens on
 * Today; unless asked `{ view: "today" }` this goes to People, where most tests start
 * (or stays on the fatal screen of a database that cannot be opened). `driver`: the
 * tauri-driver to start it through (another one from [`startDriver`] runs a second app beside
 * the first).
 */
export async function startApp(db, { view = "people", driver: base = DRIVER } = {}) {
  const driver = await WebDriver.start(base, APP, ["--db", db]);
  open.add(driver);
  if (view !== "today") {
    // A database that cannot be opened shows the fatal screen instead, with no navigation.
    const first = await driver.find(`[data-testid="nav-${view}"], [data-testid="fatal-message"]`);
    if ((await first.attribute("data-testid")) !== "fatal-message") await first.click();
  }
  return driver;
}

export async function stopApp(driver) {
  open.delete(driver);
  await driver.quit().catch(() => {});
}

afterEach(async () => {
  for (const d of [...open]) await stopApp(d);
});

const drivers = new Set();

after(() => {
  for (const p of drivers) p.kill();
});

/** A port no one listens on now. */
function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

/**
 * Starts another tauri-driver (one drives one app at a time), whose apps get `env` on top of
 * this process's environment (a value of `undefined` removes the variable); resolves to its
 * address for [`startApp`]'s `driver`. It is stopped when the test file ends. Its log goes to
 * OUT/logs/`name`.log.
 */
export async function startDriver(name, env = {}) {
  const port = await freePort();
  const merged = { ...process.env, ...env };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete merged[k];
  const log = openSync(join(OUT, "logs", `${name}.log`), "w");
  const native = execFileSync("sh", ["-c", "command -v WebKitWebDriver"], { encoding: "utf8" }).trim();
  const proc = spawn("tauri-driver", ["--port", String(port), "--native-port", String(port + 1), "--native-driver", native], {
    env: merged,
    stdio: ["ignore", log, log],
  });
  drivers.add(proc);
  const deadline = Date.now() + 10_000;
  for (;;) {
    const up = await new Promise((resolve) => {
      const c = createConnection(port, "127.0.0.1", () => (c.end(), resolve(true)));
      c.on("error", () => resolve(false));
    });
    if (up) return `http://127.0.0.1:${port}`;
    if (proc.exitCode !== null || Date.now() > deadline) throw new Error(`${name}: tauri-driver did not start (see ${name}.log)`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The local day `days` from today (negative: before), YYYY-MM-DD, as the CLI reads `--at`. */
export function day(days) {
  const d = new Date();
  d.setDate(d.getDate() + days);
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Waits until the network map on screen has drawn its first frame. */
export async function mapDrawn(driver, what = "the map drawn") {
  await driver.waitFor(
    async () => (await driver.execute(`return document.querySelector('[data-testid="network-map"]')?.dataset.drawn;`)) === "yes",
    60_000,
    what,
  );
}

/** Where person `id`'s dot is on the drawn map, in CSS pixels from the window's top-left
 * corner (for `driver.clickInWindow`), or null if they are not on the map. The map is
 * scrolled to the middle of the window and left two frames to settle, and the dot and the
 * map's place are read in one script: a pointer move relative to an element starts from the
 * centre of its visible part, not its centre, and panels loading above the map move it. */
export async function personOnMap(driver, id) {
  const at = await driver.executeAsync(
    `const [id, done] = arguments;
    const el = document.querySelector('[data-testid="network-map"]');
    el.scrollIntoView({ block: "center" });
    requestAnimationFrame(() => requestAnimationFrame(() => {
      const p = el.kithViewportOf(id);
      const r = el.getBoundingClientRect();
      done(p && { x: r.left + p.x, y: r.top + p.y, inside: p.x >= 0 && p.y >= 0 && p.x <= r.width && p.y <= r.height && r.top >= 0 && r.bottom <= window.innerHeight });
    }));`,
    [id],
  );
  if (at && !at.inside) throw new Error(`person ${id}'s dot is outside the window: ${JSON.stringify(at)}`);
  return at;
}

/** The X display as it is shown, to OUT/`name`: WebDriver's screenshots leave out WebGL
 * layers (the map). */
export function captureDisplay(name) {
  const path = join(OUT, name);
  execFileSync("/usr/bin/import", ["-window", "root", path]);
  return path;
}

/** The display with the element `css` scrolled to the top; the pointer is moved across it
 * first so that the window repaints before the display is read. */
export async function shootDisplay(driver, css, name) {
  await driver.execute(`document.querySelector(arguments[0]).scrollIntoView({ block: "start" });`, [css]);
  const el = await driver.find(css);
  for (const x of [-50, 0, 50]) {
    await driver.pointer(el, x, 200);
    await new Promise((r) => setTimeout(r, 700));
  }
  return captureDisplay(name);
}

/** A path for a new database in a fresh temporary folder. */
export function tempDb() {
  return join(mkdtempSync(join(tmpdir(), "kith-e2e-")), "kith.db");
}

/** Runs the `kith` CLI on `db` and returns what it printed. */
export function kith(db, ...args) {
  // The map of 2,000 people as JSON is over execFileSync's default 1 MiB of output.
  return execFileSync(CLI, [...args, "--db", db], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
}

/** Waits until an element matching `css` contains `expected`; returns its text. */
export async function waitForText(driver, css, expected, timeout = 10_000) {
  return driver.waitFor(
    async () => (await driver.texts(css)).find((t) => t.includes(expected)) ?? null,
    timeout,
    `"${expected}" in ${css}`,
  );
}

/** Sets an input, textarea or select the way a user would, without sending every key. */
export async function setValue(driver, css, value) {
  // The element may not be on screen yet (a view just opened): wait for it.
  await driver.find(css);
  await driver.execute(
    `const el = document.querySelector(arguments[0]);
     const proto = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype
       : el instanceof HTMLSelectElement ? HTMLSelectElement.prototype : HTMLInputElement.prototype;
     Object.getOwnPropertyDescriptor(proto, "value").set.call(el, arguments[1]);
     el.dispatchEvent(new Event(el instanceof HTMLSelectElement ? "change" : "input", { bubbles: true }));`,
    [css, value],
  );
}

/** Settings → Sources: types `path` as a source and asks for its preview. */
export async function previewSource(driver, path) {
  await setValue(driver, '[data-testid="source-path"]', path);
  await (await driver.find('[data-testid="source-preview"]')).click();
}

/** A value in kB from `/proc/PID/FILE` (`status`, `smaps_rollup`) on the line starting with
 * `key` ("VmRSS:", "Pss:"); 0 when the process or the line is gone. */
export function kb(pid, file, key) {
  try {
    const line = readFileSync(`/proc/${pid}/${file}`, "utf8").split("\n").find((l) => l.startsWith(key));
    return line ? Number(line.split(/\s+/)[1]) : 0;
  } catch {
    return 0;
  }
}
