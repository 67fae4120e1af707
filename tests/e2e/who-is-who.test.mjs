// Who is who, end to end, as a new user meets it: an address book (vCard) and an overlapping
// LinkedIn export imported through Settings; one preview row switched ("create separately"
// instead of the proposed merge) and a flagged row (same email, different names) left as a
// question; the duplicate that switch made found in People → Possible duplicates and merged
// with a value chosen per field; the merge undone on the person page; the LinkedIn import
// undone from Settings → Import history; and Today, before and after, suggesting only the
// person with a logged conversation — never someone only because of a LinkedIn connection
// date. The CLI checks the database at each step. Fixtures: tests/fixtures/e2e.
import assert from "node:assert/strict";
import { join, resolve } from "node:path";
import { test } from "node:test";
import { OUT, day, kith, setValue, startApp, tempDb, waitForText } from "./harness.mjs";

const BOOK = resolve(import.meta.dirname, "../fixtures/e2e/address-book.vcf");
const LINKEDIN = resolve(import.meta.dirname, "../fixtures/e2e/linkedin-connections.csv");

const cliList = (db) => JSON.parse(kith(db, "contact", "list", "--json"));
const names = (db) =>
  cliList(db)
    .map((c) => c.name)
    .sort();
const show = (db, id) => JSON.parse(kith(db, "contact", "show", String(id), "--json")).contact;
const scrollTo = (app, css) => app.execute("document.querySelector(arguments[0]).scrollIntoView()", [css]);
const paint = () => new Promise((r) => setTimeout(r, 300)); // let WebKit paint before a screenshot

/** The plan row of a file's line, or `inner` in it. */
const planRow = (line, inner = "") => `[data-testid="plan-row"][data-line="${line}"] ${inner}`.trim();

/** Today's suggested names, in the app and from the CLI, which must agree. */
async function todayNames(app, db) {
  await (await app.find('[data-testid="nav-today"]')).click();
  await app.find('[data-testid="today-screen"]');
  const cli = JSON.parse(kith(db, "today", "--json"));
  const expected = cli.suggestions.map((s) => s.name);
  await app.waitFor(
    async () => {
      const shown = await app.texts('[data-testid="today-item-suggestion"] [data-testid="today-name"]');
      return JSON.stringify(shown) === JSON.stringify(expected) ? shown : null;
    },
    10_000,
    `Today to show ${JSON.stringify(expected)}`,
  );
  return expected;
}

async function previewFile(app, file) {
  await (await app.find('[data-testid="nav-settings"]')).click();
  await app.find('[data-testid="import-export"]');
  await setValue(app, '[data-testid="import-path"]', file);
  await (await app.find('[data-testid="import-preview"]')).click();
  await app.find('[data-testid="import-plan"]');
}

test("imports an address book and an overlapping LinkedIn export, fixes who is who, and takes it all back", async () => {
  const db = tempDb();
  const app = await startApp(db);
  await waitForText(app, '[data-testid="people-count"]', "0 people");

  // 1. The address book: five new people.
  await previewFile(app, BOOK);
  await waitForText(app, '[data-testid="import-plan"] .plan-summary', "5 new, 0 to merge, 0 already known.");
  await (await app.find('[data-testid="import-commit"]')).click();
  await waitForText(app, '[data-testid="import-report"] .plan-summary', "Added 5 people, updated 0");
  assert.deepEqual(names(db), ["Ana Ruiz", "Carlos Ruiz", "Mei Tanaka", "Priya Raman", "Robert Smith"]);
  const byName = Object.fromEntries(cliList(db).map((c) => [c.name, c.id]));
  // One real conversation, 70 days ago, with someone in the close circle: she is due.
  kith(db, "contact", "edit", "Mei Tanaka", "--circle", "close");
  kith(db, "log", "Coffee in Shibuya", "--with", "Mei Tanaka", "--at", day(-70));

  // 2. The LinkedIn export: three merges proposed with their evidence, one flagged row.
  await previewFile(app, LINKEDIN);
  await waitForText(
    app,
    '[data-testid="import-plan"] .plan-summary',
    "2 new, 3 to merge, 0 already known, 1 may already be in Kith (see why).",
  );
  const ana = await app.find(planRow(5));
  assert.match(await ana.text(), /same person as Ana Ruiz \(id \d+\): same email ana\.ruiz@acme\.example\.com/);
  const lucia = await waitForText(app, planRow(7), "Lucia Ruiz");
  assert.match(lucia, /check/);
  assert.match(lucia, /not merged: possibly Carlos Ruiz \(id \d+\) — same email ruiz\.family@example\.org; different names/);
  assert.equal(
    await app.execute("return document.querySelector(arguments[0]).value;", [planRow(7, "select")]),
    "plan",
    "a flagged row is not merged unless the person chooses it",
  );
  assert.match(await (await app.find(planRow(7))).attribute("class"), /flagged/);
  // Switch Ana's row: create her separately instead of merging.
  await setValue(app, planRow(5, "select"), "create");
  await waitForText(app, planRow(5), "a new person, as you chose");
  await waitForText(
    app,
    '[data-testid="import-plan"] .plan-summary',
    "3 new, 2 to merge, 0 already known, 1 may already be in Kith (see why), 1 row as you chose.",
  );
  await waitForText(app, '[data-testid="import-commit"]', "Add 3 people, update 2");
  await scrollTo(app, '[data-testid="import-plan"]');
  await paint();
  await app.screenshot(join(OUT, "who-import-preview.png"));
  await (await app.find('[data-testid="import-commit"]')).click();
  await waitForText(app, '[data-testid="import-report"] .plan-summary', "Added 3 people, updated 2");
  assert.deepEqual(names(db), [
    "Ana Ruiz",
    "Ana Ruiz",
    "Carlos Ruiz",
    "Lucia Ruiz",
    "Mei Tanaka",
    "Priya Raman",
    "Robert Smith",
    "Zoe Park",
  ]);
  const robert = show(db, byName["Robert Smith"]);
  assert.equal(robert.connectedOn, "2017-03-05");
  assert.equal(robert.role, "Engineering Manager");
  const anaLinkedin = cliList(db).find((c) => c.name === "Ana Ruiz" && c.id !== byName["Ana Ruiz"]).id;

  // Today: a LinkedIn connection date is not a conversation.
  assert.deepEqual(await todayNames(app, db), ["Mei Tanaka"]);

  // 3. People → Possible duplicates: the two Anas (the switched row) and the flagged family address.
  await (await app.find('[data-testid="nav-people"]')).click();
  // The connection date is on Robert's page, as a date, not as a conversation.
  await (await app.find(`[data-testid="person-row"][data-id="${byName["Robert Smith"]}"]`)).click();
  await waitForText(app, '[data-testid="field-connectedOn"]', "2017");
  assert.equal(JSON.parse(kith(db, "timeline", "Robert Smith", "--json")).total, 0);
  await (await app.find('[data-testid="duplicates-open"]')).click();
  const anaPair = [`${byName["Ana Ruiz"]}-${anaLinkedin}`, `${anaLinkedin}-${byName["Ana Ruiz"]}`]
    .map((p) => `[data-testid="duplicate-row"][data-pair="${p}"]`)
    .join(", ");
  const pairText = await waitForText(app, anaPair, "same email ana.ruiz@acme.example.com");
  assert.match(pairText, /same · confidence \d+/);
  await waitForText(app, '[data-testid="duplicate-row"]', "different names: Carlos Ruiz / Lucia Ruiz");
  assert.equal((await app.findAll('[data-testid="duplicate-row"]')).length, 2);
  await paint();
  await app.screenshot(join(OUT, "who-duplicates.png"));

  // Merge the LinkedIn Ana into the address-book Ana, taking LinkedIn's role ("COO").
  await (await app.find(`${anaPair.split(", ")[0]} [data-testid="duplicate-merge"], ${anaPair.split(", ")[1]} [data-testid="duplicate-merge"]`)).click();
  await app.find('[data-testid="merge-preview"]');
  await app.find('[data-testid="merge-column"].kept dd[data-field="role"]');
  await waitForText(app, '[data-testid="merge-preview"] h2', "Merge Ana Ruiz (id ");
  const keptIsBook = await app.execute(
    "return document.querySelector('[data-testid=\"merge-column\"].kept dd[data-field=\"role\"]').textContent;",
  );
  if (keptIsBook !== "Head of Operations") await (await app.find('[data-testid="merge-swap"]')).click();
  await waitForText(app, '[data-testid="merge-choices"] [data-field="role"]', "Head of Operations");
  await waitForText(app, '[data-testid="merge-choices"] [data-field="company"]', "Acme Robotics S.L.");
  await waitForText(app, '[data-testid="merge-after"] [data-field="role"]', "Head of Operations");
  await (await app.find('[data-testid="merge-choices"] [data-field="role"] [data-testid="merge-take-value"]')).click();
  await waitForText(app, '[data-testid="merge-after"] [data-field="role"]', "COO");
  await waitForText(app, '[data-testid="merge-after"] [data-field="company"]', "Acme Robotics");
  await paint();
  await app.screenshot(join(OUT, "who-merge-preview.png"));
  await (await app.find('[data-testid="merge-confirm"]')).click();
  await waitForText(
    app,
    '[data-testid="duplicates-notice"]',
    `Merged Ana Ruiz (id ${anaLinkedin}) into Ana Ruiz (id ${byName["Ana Ruiz"]})`,
  );
  const merged = show(db, byName["Ana Ruiz"]);
  assert.equal(merged.role, "COO");
  assert.equal(merged.company, "Acme Robotics");
  assert.equal(merged.connectedOn, "2019-01-12");
  assert.equal(cliList(db).filter((c) => c.name === "Ana Ruiz").length, 1);

  // 4. Undo the merge on Ana's page: both Anas back, the kept one with her own role.
  await (await app.find('[data-testid="duplicates-close"]')).click();
  await (await app.find(`[data-testid="person-row"][data-id="${byName["Ana Ruiz"]}"]`)).click();
  await waitForText(app, '[data-testid="person-name"]', "Ana Ruiz");
  await (await app.find('[data-testid="unmerge"]')).click();
  await waitForText(app, '[data-testid="person-notice"]', "Split back: Ana Ruiz is a separate person again");
  assert.equal(show(db, byName["Ana Ruiz"]).role, "Head of Operations");
  assert.equal(show(db, byName["Ana Ruiz"]).connectedOn, null);
  assert.equal(show(db, anaLinkedin).role, "COO");
  await paint();
  await app.screenshot(join(OUT, "who-unmerged.png"));

  // 5. Undo the LinkedIn import from Settings → Import history.
  const imports = JSON.parse(kith(db, "import", "list", "--json"));
  const linkedinImport = imports.find((i) => i.format === "linkedin");
  assert.ok(linkedinImport, JSON.stringify(imports));
  await (await app.find('[data-testid="nav-settings"]')).click();
  const row = `[data-testid="import-history-row"][data-id="${linkedinImport.id}"]`;
  await waitForText(app, row, "linkedin-connections.csv");
  await scrollTo(app, row);
  await (await app.find(`${row} [data-testid="import-undo"]`)).click();
  await waitForText(app, row, "Move the 3 people it created to the Trash");
  await (await app.find(`${row} [data-testid="import-undo-confirm"]`)).click();
  await waitForText(app, '[data-testid="import-undo-result"]', "Undone: 3 moved to the Trash, 2 restored.");
  await waitForText(app, row, "Undone on");
  assert.deepEqual(names(db), ["Ana Ruiz", "Carlos Ruiz", "Mei Tanaka", "Priya Raman", "Robert Smith"]);
  const robertAfter = show(db, byName["Robert Smith"]);
  assert.equal(robertAfter.connectedOn, null);
  assert.equal(robertAfter.role, null);
  assert.equal(robertAfter.company, "Globex");
  await scrollTo(app, '[data-testid="import-history"]');
  await paint();
  await app.screenshot(join(OUT, "who-import-undone.png"));

  // Today, after all of it: still only the person with a logged conversation.
  assert.deepEqual(await todayNames(app, db), ["Mei Tanaka"]);
  await paint();
  await app.screenshot(join(OUT, "who-today.png"));
});
