// End-to-end tests of the real Kith app: built binary, real WebKitGTK window under Xvfb,
// driven through tauri-driver + WebKitWebDriver. Run by tests/e2e/run.sh, which provides:
//   KITH_E2E_APP     absolute path of the built desktop app
//   KITH_E2E_CLI     absolute path of the `kith` CLI (same core, used to check the database)
//   KITH_E2E_DRIVER  tauri-driver's URL
//   KITH_E2E_OUT     where screenshots go (target/e2e)
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { OUT, kith, setValue, startApp, stopApp, tempDb, waitForText } from "./harness.mjs";
import { Keys } from "./webdriver.mjs";

const cliList = (db) => JSON.parse(kith(db, "contact", "list", "--json"));

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

  await setValue(app, "#contact-name", "a".repeat(10_000));
  await setValue(app, "#contact-email", "");
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
  await (await app.find('[data-testid="quit"]')).click().catch(() => {});
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
  kith(db, "contact", "add", "Ana Ruiz");
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
