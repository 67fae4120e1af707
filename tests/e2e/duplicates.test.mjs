// People → Possible duplicates: the pairs the core finds, with their evidence; Merge… with a
// side-by-side preview (and the switch of which one is kept); Undo merge on the person page;
// "Not the same person", remembered. The CLI checks the database at each step.
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { OUT, kith, startApp, tempDb, waitForText } from "./harness.mjs";

const cliList = (db) => JSON.parse(kith(db, "contact", "list", "--json"));
const cliDuplicates = (db) => JSON.parse(kith(db, "duplicates", "--json"));
const idOf = (db, name) => {
  const found = cliList(db).filter((c) => c.name === name);
  assert.equal(found.length, 1, `one ${name} in ${JSON.stringify(cliList(db))}`);
  return found[0].id;
};

/** The row of the pair of `x` and `y` (in either order), or `inner` in it, as a CSS selector. */
const rowOf = (x, y, inner = "") =>
  [`${x}-${y}`, `${y}-${x}`].map((p) => `[data-testid="duplicate-row"][data-pair="${p}"] ${inner}`.trim()).join(", ");

const rowCount = async (app) => (await app.findAll('[data-testid="duplicate-row"]')).length;

test("lists a possible duplicate, merges it through the preview, undoes the merge, and remembers a dismissal", async () => {
  const db = tempDb();
  kith(db, "contact", "add", "Robert Smith", "--email", "bob@acme.example.com");
  kith(db, "contact", "add", "Bob Smith", "--email", "bob@acme.example.com", "--company", "Acme");
  const robert = idOf(db, "Robert Smith");
  const bob = idOf(db, "Bob Smith");
  // What the core says about the pair, for the app to show as it is.
  const [expected] = cliDuplicates(db);
  assert.ok(expected.evidence.includes("Bob is a nickname of Robert"), JSON.stringify(expected));

  const app = await startApp(db);
  await waitForText(app, '[data-testid="people-count"]', "2 people");
  await (await app.find('[data-testid="duplicates-open"]')).click();
  const row = rowOf(robert, bob);
  await app.find(row);
  assert.equal(await rowCount(app), 1);
  const rowText = await (await app.find(row)).text();
  for (const part of ["Robert Smith", "Bob Smith", "Acme", "bob@acme.example.com", "Bob is a nickname of Robert"])
    assert.ok(rowText.includes(part), `"${part}" in ${rowText}`);
  assert.ok(
    rowText.toLowerCase().includes(`confidence ${expected.confidence}`),
    `confidence ${expected.confidence} in ${rowText}`,
  );
  await app.screenshot(join(OUT, "duplicates-list.png"));

  // Merge…: both sides, and the kept one after the merge; the switch swaps which is kept.
  await (await app.find(rowOf(robert, bob, '[data-testid="duplicate-merge"]'))).click();
  await app.find('[data-testid="merge-preview"]');
  const first = expected.a.name;
  const second = expected.b.name;
  await waitForText(app, '[data-testid="merge-preview"] h2', `Merge ${second} into ${first}?`);
  assert.equal((await app.findAll('[data-testid="merge-column"]')).length, 2);
  await waitForText(app, '[data-testid="merge-after"] [data-field="name"]', first);
  await waitForText(app, '[data-testid="merge-after"] [data-field="emails"]', "bob@acme.example.com");
  await (await app.find('[data-testid="merge-swap"]')).click();
  await waitForText(app, '[data-testid="merge-preview"] h2', `Merge ${first} into ${second}?`);
  await waitForText(app, '[data-testid="merge-after"] [data-field="name"]', second);
  if (second !== "Robert Smith") {
    // Keep Robert Smith: back to side a.
    await (await app.find('[data-testid="merge-swap"]')).click();
    await waitForText(app, '[data-testid="merge-preview"] h2', "Merge Bob Smith into Robert Smith?");
  }
  await waitForText(app, '[data-testid="merge-after"] [data-field="name"]', "Robert Smith");
  await waitForText(app, '[data-testid="merge-after"] [data-field="company"]', "Acme");
  await app.screenshot(join(OUT, "merge-preview.png"));

  await (await app.find('[data-testid="merge-confirm"]')).click();
  await waitForText(app, '[data-testid="duplicates-notice"]', "Merged Bob Smith into Robert Smith");
  await waitForText(app, '[data-testid="duplicates-empty"]', "No possible duplicates.");
  assert.equal(await rowCount(app), 0);
  await waitForText(app, '[data-testid="people-count"]', "1 person");
  assert.deepEqual(await app.texts('[data-testid="person-row"] .row-name'), ["Robert Smith"]);
  assert.deepEqual(
    cliList(db).map((c) => [c.name, c.company]),
    [["Robert Smith", "Acme"]],
  );

  // Undo merge on the person page: both are back, in the app and in the database.
  await (await app.find(`[data-testid="person-row"][data-id="${robert}"]`)).click();
  await waitForText(app, '[data-testid="person-name"]', "Robert Smith");
  await (await app.find('[data-testid="unmerge"]')).click();
  await waitForText(app, '[data-testid="person-notice"]', "Split back: Bob Smith is a separate person again");
  await waitForText(app, '[data-testid="people-count"]', "2 people");
  assert.deepEqual((await app.texts('[data-testid="person-row"] .row-name')).sort(), ["Bob Smith", "Robert Smith"]);
  assert.deepEqual(
    cliList(db)
      .map((c) => [c.name, c.company])
      .sort(),
    [
      ["Bob Smith", "Acme"],
      ["Robert Smith", null],
    ],
  );
  await app.screenshot(join(OUT, "unmerged.png"));

  // Nothing is left to split: the button is gone (the core would refuse: "Robert Smith has no
  // merge to undo").
  await app.waitFor(async () => (await app.findAll('[data-testid="unmerge"]')).length === 0, 10_000, "Undo merge to go");
  assert.throws(() => kith(db, "unmerge", String(robert)), /has no merge to undo/);

  // "Not the same person" on a second pair: gone, and still gone when the list opens again.
  kith(db, "contact", "add", "Ana Ruiz", "--company", "Acme", "--email", "ana@acme.example.com");
  kith(db, "contact", "add", "Ana Ruiz", "--company", "Acme");
  const anas = cliList(db)
    .filter((c) => c.name === "Ana Ruiz")
    .map((c) => c.id);
  assert.equal(anas.length, 2);
  const anaRow = rowOf(anas[0], anas[1]);
  await (await app.find('[data-testid="duplicates-open"]')).click();
  await app.find(anaRow);
  await app.find(row); // Robert and Bob are a possible pair again after the split.
  assert.equal(await rowCount(app), 2);
  await (await app.find(rowOf(anas[0], anas[1], '[data-testid="duplicate-dismiss"]'))).click();
  await app.waitFor(async () => (await app.findAll(anaRow)).length === 0, 10_000, "the dismissed pair to go");
  assert.equal(await rowCount(app), 1);
  await (await app.find('[data-testid="duplicates-close"]')).click();
  await (await app.find('[data-testid="duplicates-open"]')).click();
  await app.find(row);
  assert.equal(await rowCount(app), 1);
  assert.equal((await app.findAll(anaRow)).length, 0);
  const left = cliDuplicates(db).map((p) => [p.a.id, p.b.id].sort());
  assert.deepEqual(left, [[robert, bob].sort()]);
});
