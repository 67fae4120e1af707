// End-to-end: Settings → Import and Export in the real app. A real-world-shaped vCard file
// (tests/fixtures/import) is previewed (the plan lists who will be created) and imported
// through the UI; the people then appear in the People list, and a second preview of the
// same file shows nothing new. Run by tests/e2e/run.sh (see people.test.mjs for the setup).
import assert from "node:assert/strict";
import { join, resolve } from "node:path";
import { test } from "node:test";
import { OUT, kith, setValue, startApp, tempDb, waitForText } from "./harness.mjs";

/** Scrolls the Import and Export section into view, for a screenshot that shows it. */
const showImport = (app) =>
  app.execute("document.querySelector(arguments[0]).scrollIntoView()", ['[data-testid="import-plan"], [data-testid="import-report"], [data-testid="import-export"]']);

const FIXTURE = resolve(import.meta.dirname, "../fixtures/import/google.vcf");

test("imports a vCard through Settings → Import and sees the people", async () => {
  const db = tempDb();
  const app = await startApp(db);
  await waitForText(app, '[data-testid="people-count"]', "0 people");

  await (await app.find('[data-testid="nav-settings"]')).click();
  await app.find('[data-testid="import-export"]');
  await setValue(app, '[data-testid="import-path"]', FIXTURE);
  await (await app.find('[data-testid="import-preview"]')).click();

  await waitForText(app, '[data-testid="import-plan"] .plan-summary', "2 new, 0 to merge, 0 already known.");
  const rows = await app.texts('[data-testid="plan-row"]');
  assert.equal(rows.length, 2);
  assert.match(rows[0], /^1\s*Ana Ruiz.*not in Kith yet$/);
  // Each row is a choice, on Kith's proposal until switched.
  assert.deepEqual(
    await app.execute(
      "return [...document.querySelectorAll('[data-testid=\"plan-choice\"]')].map((s) => s.selectedOptions[0].textContent);",
    ),
    ["New person", "New person"],
  );
  assert.match(rows[1], /Bo Chen/);
  await showImport(app);
  await app.screenshot(join(OUT, "import-preview.png"));

  await (await app.find('[data-testid="import-commit"]')).click();
  await waitForText(app, '[data-testid="import-report"] .plan-summary', "Added 2 people, updated 0, 0 already known.");
  await app.waitFor(async () => (await app.findAll(".progress")).length === 0, 10_000, "the progress bar to go");
  await showImport(app);
  await new Promise((r) => setTimeout(r, 300)); // let WebKit paint the report before the screenshot
  await app.screenshot(join(OUT, "import-report.png"));

  await (await app.find('[data-testid="nav-people"]')).click();
  await waitForText(app, '[data-testid="people-count"]', "2 people");
  assert.deepEqual(await app.texts('[data-testid="person-row"] .row-name'), ["Ana Ruiz", "Bo Chen"]);
  await app.screenshot(join(OUT, "import-people.png"));

  // The same file again: everyone is already known. (Settings is on screen, with the path
  // typed in, before Preview is pressed; a preview that fails says why.)
  await (await app.find('[data-testid="nav-settings"]')).click();
  await app.find('[data-testid="import-export"]');
  await setValue(app, '[data-testid="import-path"]', FIXTURE);
  await app.waitFor(
    async () => (await (await app.find('[data-testid="import-path"]')).property("value")) === FIXTURE || null,
    5_000,
    "the path typed in",
  );
  await (await app.find('[data-testid="import-preview"]')).click();
  await app.waitFor(
    async () => {
      const failed = await app.texts('[data-testid="import-error"]');
      if (failed.length > 0) throw new Error(`the preview failed: ${failed.join(" ")}`);
      const plan = await app.texts('[data-testid="import-plan"] .plan-summary');
      return plan.some((t) => t.includes("0 new, 0 to merge, 2 already known.")) || null;
    },
    20_000,
    "the second preview: everyone already known",
  );

  // A LinkedIn export: the fields and rows left out are listed with their lines.
  const linkedin = resolve(import.meta.dirname, "../fixtures/import/linkedin-connections.csv");
  await setValue(app, '[data-testid="import-path"]', linkedin);
  await (await app.find('[data-testid="import-preview"]')).click();
  await waitForText(
    app,
    '[data-testid="import-plan"] .plan-summary',
    "3 new, 0 to merge, 0 already known, 3 left out.",
  );
  assert.deepEqual(await app.texts('[data-testid="import-skipped"] li'), [
    "Line 7 [First Name]: no name: skipped",
    'Line 8, Lea Weber [Connected On]: "someday" is not a date: left out',
    "Line 8, Lea Weber [email]: \"lea(at)example.de\" is not a valid email address (missing separator character '@'): left out",
  ]);
  await showImport(app);
  await app.screenshot(join(OUT, "import-linkedin-preview.png"));

  // A file that is not there: a banner names it, and nothing is imported.
  await setValue(app, '[data-testid="import-path"]', "/nonexistent/contacts.vcf");
  await (await app.find('[data-testid="import-preview"]')).click();
  await waitForText(app, '[data-testid="import-error"]', "Could not use /nonexistent/contacts.vcf: there is no such file or folder");
  assert.equal(await app.execute(`return document.querySelector('[data-testid="import-error"]').getAttribute("role");`), "alert");
  await app.screenshot(join(OUT, "import-missing-file.png"));

  const people = JSON.parse(kith(db, "contact", "list", "--json"));
  assert.deepEqual(
    people.map((p) => [p.name, p.company, p.email]),
    [
      ["Ana Ruiz", "Acme Robotics", "ana.ruiz@acme.example.com"],
      ["Bo Chen", null, null],
    ],
  );

  // Import history: the vCard import is listed; undoing it (after a confirm) moves the two
  // people it created to the Trash, and the row says when it was undone.
  const history = await waitForText(app, '[data-testid="import-history-row"]', "google.vcf");
  assert.match(history, /vcard/);
  assert.match(history, /created 2, merged 0/);
  assert.equal((await app.findAll('[data-testid="import-history-row"]')).length, 1);
  await app.execute("document.querySelector(arguments[0]).scrollIntoView()", ['[data-testid="import-history"]']);
  await (await app.find('[data-testid="import-undo"]')).click();
  await (await app.find('[data-testid="import-undo-confirm"]')).click();
  await waitForText(app, '[data-testid="import-undo-result"]', "Undone: 2 moved to the Trash, 0 restored.");
  await waitForText(app, '[data-testid="import-history-row"]', "Undone on");
  assert.equal((await app.findAll('[data-testid="import-undo"]')).length, 0);
  assert.deepEqual(JSON.parse(kith(db, "contact", "list", "--json")), []);
  await app.execute("document.querySelector(arguments[0]).scrollIntoView()", ['[data-testid="import-history"]']);
  await new Promise((r) => setTimeout(r, 300)); // let WebKit paint before the screenshot
  await app.screenshot(join(OUT, "import-history.png"));
});
