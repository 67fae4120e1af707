// Sync through the real app (issue 21): Settings → Sync sets up a new folder and shows its
// recovery key once; a second computer (the CLI on another database) joins with that key, and
// what it adds reaches the app's People list by itself (the app watches the folder); then a
// conflict: the same person's company changed on both while the app is paused, the conflict in
// Settings → Sync, and "Keep the other" puts the app's value back.
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { OUT, kith, setValue, startApp, tempDb, waitForText } from "./harness.mjs";
import { Keys } from "./webdriver.mjs";

const show = (db, name) => JSON.parse(kith(db, "contact", "show", name, "--json"));

/** A screenshot with `css` at the top, once what loads after a pass has settled. */
async function shoot(app, css, name) {
  await new Promise((r) => setTimeout(r, 1000));
  await app.execute(`document.querySelector(arguments[0]).scrollIntoView({ block: "start" });`, [css]);
  await new Promise((r) => setTimeout(r, 300));
  await app.screenshot(join(OUT, name));
}

async function openSettings(app) {
  await (await app.find('[data-testid="nav-settings"]')).click();
  await app.find('[data-testid="sync"]');
}

async function openPerson(app, name) {
  await (await app.find('[data-testid="nav-people"]')).click();
  const row = await app.waitFor(
    async () => {
      const names = await app.texts('[data-testid="person-row"] .row-name');
      const i = names.indexOf(name);
      return i === -1 ? null : (await app.findAll('[data-testid="person-row"]'))[i];
    },
    10_000,
    `${name} in People`,
  );
  await row.click();
  await waitForText(app, '[data-testid="person-name"]', name);
}

test("sets up sync in Settings, receives another computer's changes by itself, and resolves a conflict", async () => {
  const db = tempDb();
  const other = tempDb();
  const folder = mkdtempSync(join(tmpdir(), "kith-e2e-sync-"));
  kith(db, "contact", "add", "Ana Ruiz", "--company", "Acme");

  const app = await startApp(db);
  await waitForText(app, '[data-testid="people-count"]', "1 person");
  await openSettings(app);
  await app.find('[data-testid="sync-setup-form"]');
  // This computer's name is offered; the person names it.
  await app.waitFor(async () => (await (await app.find('[data-testid="sync-name"]')).property("value")) !== "" || null, 10_000, "a name offered");
  await setValue(app, '[data-testid="sync-folder"]', folder);
  await setValue(app, '[data-testid="sync-name"]', "laptop");
  await (await app.find('[data-testid="sync-setup"]')).click();
  const key = await app.waitFor(
    async () => {
      const texts = await app.texts('[data-testid="sync-recovery-key"]');
      return texts[0]?.trim() || null;
    },
    30_000,
    "the recovery key",
  );
  await waitForText(app, '[data-testid="sync-recovery"]', "Kith shows it only now");
  await waitForText(app, '[data-testid="sync-status-name"]', "laptop");
  await waitForText(app, '[data-testid="sync-no-conflicts"]', "No conflicts.");
  await shoot(app, '[data-testid="sync"]', "sync-setup-recovery-key.png");

  // A wrong key is refused on the other computer, the right one joins.
  assert.throws(() => kith(other, "sync", "setup", folder, "--device", "desktop", "--key", "not the key at all"));
  kith(other, "sync", "setup", folder, "--device", "desktop", "--key", key);
  assert.equal(show(other, "Ana Ruiz").contact.company, "Acme", "the desktop received Ana");
  kith(other, "contact", "add", "Dana Lee", "--company", "Globex");
  kith(other, "sync", "now");

  // The app sees the folder change and applies it; People shows Dana without a reload.
  await (await app.find('[data-testid="sync-key-kept"]')).click();
  await (await app.find('[data-testid="nav-people"]')).click();
  await waitForText(app, '[data-testid="person-row"] .row-name', "Dana Lee", 20_000);
  await waitForText(app, '[data-testid="people-count"]', "2 people");

  // A conflict: the app paused, Dana's company changed here and on the desktop.
  await openSettings(app);
  await (await app.find('[data-testid="sync-pause"]')).click();
  await waitForText(app, '[data-testid="sync-status-state"]', "Paused");
  await waitForText(app, '[data-testid="sync-device"]', "desktop");
  await openPerson(app, "Dana Lee");
  await (await app.find('[data-testid="field-company"] .pfield-value')).click();
  await setValue(app, "#person-company", "Globex Laptop");
  await (await app.find("#person-company")).type(Keys.ENTER);
  await waitForText(app, '[data-testid="field-company"] .pfield-value', "Globex Laptop");
  kith(other, "contact", "edit", "Dana Lee", "--company", "Globex Desktop");
  kith(other, "sync", "now");

  // Resumed, one pass: the later change (the desktop's) wins, and the log says so.
  await openSettings(app);
  await (await app.find('[data-testid="sync-pause"]')).click();
  await waitForText(app, '[data-testid="sync-status-state"]', "On");
  await (await app.find('[data-testid="sync-now"]')).click();
  await waitForText(app, '[data-testid="sync-message"]', "Synced");
  const summary = await waitForText(app, '[data-testid="sync-conflict"]', "Globex Laptop", 20_000);
  assert.match(summary, /Dana Lee's company: "Globex Desktop" \(desktop, .*\) replaced "Globex Laptop" \(laptop, .*\)/);
  await shoot(app, '[data-testid="sync-devices"]', "sync-conflict.png");
  assert.equal(show(db, "Dana Lee").contact.company, "Globex Desktop");

  // Keep the other: the app's value is back, here and, after a pass, on the desktop.
  await (await app.find('[data-testid="sync-keep-other"]')).click();
  await waitForText(app, '[data-testid="sync-message"]', 'Dana Lee\'s company is "Globex Laptop"');
  assert.equal(show(db, "Dana Lee").contact.company, "Globex Laptop");
  await openPerson(app, "Dana Lee");
  await waitForText(app, '[data-testid="field-company"] .pfield-value', "Globex Laptop");
  await openSettings(app);
  await (await app.find('[data-testid="sync-now"]')).click();
  await waitForText(app, '[data-testid="sync-message"]', "Synced");
  kith(other, "sync", "now");
  assert.equal(show(other, "Dana Lee").contact.company, "Globex Laptop");
  await waitForText(app, '[data-testid="sync-no-conflicts"]', "No conflicts.");
  await shoot(app, '[data-testid="sync-devices"]', "sync-after-keep-other.png");
});

test("joins a folder set up on another computer: a wrong key is refused with a clear message, the right one joins", async () => {
  const db = tempDb();
  const other = tempDb();
  const folder = mkdtempSync(join(tmpdir(), "kith-e2e-sync-"));
  kith(other, "contact", "add", "Eli Moss", "--company", "Initech");
  const setup = JSON.parse(kith(other, "sync", "setup", folder, "--device", "desktop", "--json"));
  assert.ok(setup.recoveryKey, "a new folder's recovery key");

  const app = await startApp(db);
  await openSettings(app);
  await setValue(app, '[data-testid="sync-folder"]', folder);
  await setValue(app, '[data-testid="sync-name"]', "laptop");
  await setValue(app, '[data-testid="sync-key"]', "a passphrase nobody set");
  await (await app.find('[data-testid="sync-setup"]')).click();
  await waitForText(app, '[data-testid="sync-error"]', "This key does not open the sync folder", 30_000);
  await shoot(app, '[data-testid="sync"]', "sync-wrong-key.png");

  await setValue(app, '[data-testid="sync-key"]', setup.recoveryKey);
  await (await app.find('[data-testid="sync-setup"]')).click();
  await waitForText(app, '[data-testid="sync-status-name"]', "laptop", 30_000);
  assert.deepEqual(await app.texts('[data-testid="sync-recovery-key"]'), [], "no key is shown when joining");
  await waitForText(app, '[data-testid="sync-device"]', "desktop");
  await (await app.find('[data-testid="nav-people"]')).click();
  await waitForText(app, '[data-testid="person-row"] .row-name', "Eli Moss");
});
