// End-to-end tests of the real Kith app: built binary, real WebKitGTK window under Xvfb,
// driven through tauri-driver + WebKitWebDriver. Run by tests/e2e/run.sh, which provides:
//   KITH_E2E_APP     absolute path of the built desktop app
//   KITH_E2E_CLI     absolute path of the `kith` CLI (same core, used to check the database)
//   KITH_E2E_DRIVER  tauri-driver's URL
//   KITH_E2E_OUT     where screenshots go (target/e2e)
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, test } from "node:test";
import { Keys, WebDriver } from "./webdriver.mjs";

const APP = need("KITH_E2E_APP");
const CLI = need("KITH_E2E_CLI");
const DRIVER = need("KITH_E2E_DRIVER");
const OUT = need("KITH_E2E_OUT");

function need(name) {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run the e2e tests through tests/e2e/run.sh`);
  return v;
}

// tauri-driver allows one session at a time: every test closes its app, pass or fail.
const open = new Set();
async function startApp(db) {
  const driver = await WebDriver.start(DRIVER, APP, ["--db", db]);
  open.add(driver);
  return driver;
}
async function stopApp(driver) {
  open.delete(driver);
  await driver.quit().catch(() => {});
}
afterEach(async () => {
  for (const d of [...open]) await stopApp(d);
});

function tempDb() {
  return join(mkdtempSync(join(tmpdir(), "kith-e2e-")), "kith.db");
}

function cliList(db) {
  return JSON.parse(execFileSync(CLI, ["contact", "list", "--json", "--db", db], { encoding: "utf8" }));
}

async function waitForText(driver, css, expected) {
  return driver.waitFor(async () => {
    const t = await (await driver.find(css, { timeout: 500 })).text();
    return t.includes(expected) ? t : null;
  }, 10_000, `"${expected}" in ${css}`);
}

/** Sets a React-controlled input's value the way typing would, without sending every key. */
async function setInput(driver, css, value) {
  await driver.execute(
    `const el = document.querySelector(arguments[0]);
     Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value").set.call(el, arguments[1]);
     el.dispatchEvent(new Event("input", { bubbles: true }));`,
    [css, value],
  );
}

test("adds a person through the form, opens them, and still has them after a restart", async () => {
  const db = tempDb();
  let app = await startApp(db);
  await waitForText(app, '[data-testid="people-count"]', "0 people");

  await (await app.find('[data-testid="add-person"]')).click();
  await (await app.find("#contact-name")).type("Ana Ruiz");
  await (await app.find("#contact-company")).type("Acme");
  await (await app.find("#contact-role")).type("CTO");
  await (await app.find("#contact-email")).type("ana@acme.com");
  await app.keys(Keys.CONTROL, Keys.ENTER); // Ctrl+Enter saves

  await waitForText(app, '[data-testid="people-count"]', "1 person");
  await waitForText(app, '[data-testid="person-name"]', "Ana Ruiz");
  assert.equal(await (await app.find('[data-testid="person-email"]')).text(), "ana@acme.com");

  // Keyboard only: N opens the form, Enter saves.
  await (await app.find("body")).click();
  await app.keys("n");
  const name = await app.find("#contact-name");
  await name.type("Björn Ångström");
  await (await app.find("#contact-company")).type("Fjord Labs");
  await name.type(Keys.ENTER);
  await waitForText(app, '[data-testid="people-count"]', "2 people");
  assert.deepEqual(
    (await app.texts('[data-testid="person-row"] .row-name')),
    ["Ana Ruiz", "Björn Ångström"],
  );
  await app.screenshot(join(OUT, "people.png"));

  // The CLI sees what the app wrote: one store, two interfaces.
  assert.deepEqual(
    cliList(db).map((c) => [c.name, c.company, c.role, c.email]),
    [
      ["Ana Ruiz", "Acme", "CTO", "ana@acme.com"],
      ["Björn Ångström", "Fjord Labs", null, null],
    ],
  );

  await stopApp(app);
  app = await startApp(db);
  await waitForText(app, '[data-testid="people-count"]', "2 people");
  const rows = await app.findAll('[data-testid="person-row"]');
  assert.equal(rows.length, 2);
  await rows[0].click();
  await waitForText(app, '[data-testid="person-name"]', "Ana Ruiz");
  assert.equal(await (await app.find('[data-testid="person-email"]')).text(), "ana@acme.com");
  await app.screenshot(join(OUT, "people-after-restart.png"));
  await stopApp(app);
});

test("refuses bad input with a message next to the field and writes nothing", async () => {
  const db = tempDb();
  const app = await startApp(db);
  await waitForText(app, '[data-testid="people-count"]', "0 people");
  await (await app.find('[data-testid="add-person"]')).click();

  await (await app.find("#contact-name")).type("   ");
  await (await app.find("#contact-email")).type("ana at acme");
  await (await app.find('[data-testid="save-person"]')).click();
  await waitForText(app, '[data-testid="error-name"]', "A name is required");
  await waitForText(app, '[data-testid="error-email"]', "not a valid email address");
  assert.equal(await (await app.find("#contact-name")).attribute("aria-invalid"), "true");
  await app.screenshot(join(OUT, "add-person-errors.png"));

  await setInput(app, "#contact-name", "a".repeat(10_000));
  await setInput(app, "#contact-email", "");
  await (await app.find('[data-testid="save-person"]')).click();
  await waitForText(app, '[data-testid="error-name"]', "10000 characters");
  assert.equal((await app.findAll('[data-testid="error-email"]')).length, 0, "the fixed email is no longer flagged");

  assert.equal(await (await app.find('[data-testid="people-count"]')).text(), "0 people");
  assert.deepEqual(cliList(db), [], "nothing was written");

  // Esc cancels and keeps the list as it was.
  await app.keys(Keys.ESCAPE);
  await app.waitFor(async () => (await app.findAll('[data-testid="contact-form"]')).length === 0, 5000, "form to close");
  await stopApp(app);
});

test("explains a file that is not a database, and leaves it untouched", async () => {
  const db = tempDb();
  writeFileSync(db, "these are my notes, not a database\n");
  const before = readFileSync(db);
  const app = await startApp(db);
  const text = await waitForText(app, '[data-testid="fatal-message"]', "is not a Kith database");
  assert.match(text, /not an SQLite database file/);
  await app.screenshot(join(OUT, "not-a-database.png"));
  // Quit closes the app: the WebDriver session loses its window (the click itself may be
  // reported as failed, since the app is gone before WebKitWebDriver can answer).
  await (await app.find("button.primary")).click().catch(() => {});
  await app.waitFor(
    () => app.cmd("GET", "/url").then(() => false, () => true),
    10_000,
    "the app to exit after Quit",
  );
  await stopApp(app);
  assert.deepEqual(readFileSync(db), before);
  assert.equal(existsSync(`${db}-wal`), false);
});

test("refuses a database written by a newer Kith, and leaves it untouched", async () => {
  const db = tempDb();
  execFileSync(CLI, ["contact", "add", "Ana Ruiz", "--db", db]);
  // user_version lives at byte 60 of the SQLite header (big-endian): pretend schema 99.
  const bytes = readFileSync(db);
  bytes.writeUInt32BE(99, 60);
  writeFileSync(db, bytes);

  const app = await startApp(db);
  const text = await waitForText(app, '[data-testid="fatal-message"]', "newer version of Kith");
  assert.match(text, /schema 99/);
  await app.screenshot(join(OUT, "newer-database.png"));
  await stopApp(app);
  assert.deepEqual(readFileSync(db), bytes);
  assert.equal(existsSync(`${db}-wal`), false, "SQLite never opened the refused file");
});
