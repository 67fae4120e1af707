// Backups through the real app: Settings → back up now, restore (and its undo copy), and the
// start-up screen of a damaged database offering the newest good backup instead.
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { OUT, kith, startApp, stopApp, tempDb, waitForText } from "./harness.mjs";

const count = (db) => JSON.parse(kith(db, "contact", "list", "--json")).length;

test("backs up from Settings, restores the backup, and keeps what was there as an undo copy", async () => {
  const db = tempDb();
  kith(db, "seed", "--contacts", "40", "--interactions", "100", "--seed", "5");
  const app = await startApp(db);
  await waitForText(app, '[data-testid="people-count"]', "40 people");

  // The day's backup is there (the first `kith` run of the day took it, as the app would).
  await app.waitFor(async () => JSON.parse(kith(db, "backup", "list", "--json")).length === 1 || null, 10_000, "the daily backup");
  await (await app.find('[data-testid="nav-settings"]')).click();
  await waitForText(app, '[data-testid="settings-db-path"]', db);
  await app.waitFor(async () => (await app.findAll('[data-testid="backup-item"]')).length === 1 || null, 10_000, "the daily backup listed");
  await (await app.find('[data-testid="backup-now"]')).click();
  await waitForText(app, '[data-testid="settings-message"]', "Backed up to");

  // Settings → Desktop: with no tray on this display, closing the window quits, and says so;
  // starting at login writes the desktop's autostart entry (started hidden) and takes it back.
  await waitForText(app, '[data-testid="no-tray"]', "This desktop shows no tray icons, so closing the window quits Kith.");
  assert.equal(await (await app.find('[data-testid="set-close-to-tray"]')).property("disabled"), true);
  // (tauri-plugin-autostart writes to ~/.config/autostart whatever XDG_CONFIG_HOME says.)
  const autostart = join(homedir(), ".config", "autostart", "Kith.desktop");
  const login = '[data-testid="set-start-at-login"]';
  await (await app.find(login)).click();
  await app.waitFor(async () => existsSync(autostart) || null, 10_000, "the autostart entry");
  assert.match(readFileSync(autostart, "utf8"), /kith-app.*--hidden/);
  await app.screenshot(join(OUT, "settings-desktop.png"));
  await app.waitFor(async () => (await (await app.find(login)).property("checked")) || null, 10_000, "the box ticked");
  await (await app.find(login)).click();
  await app.waitFor(async () => !existsSync(autostart) || null, 10_000, "the autostart entry removed");

  // A change after the backup, made through the CLI on the same file.
  kith(db, "contact", "add", "After The Backup");
  assert.equal(count(db), 41);

  // Restore asks first, then replaces everything with the copy.
  await (await app.find('[data-testid="backup-restore"]')).click();
  await waitForText(app, ".confirm", "Replace everything with this copy?");
  await app.screenshot(join(OUT, "settings-backups-confirm.png"));
  await (await app.find('[data-testid="backup-restore-confirm"]')).click();
  await waitForText(app, '[data-testid="settings-message"]', "What you had before is saved as");
  assert.equal(count(db), 40, "the contact added after the backup is gone");
  await waitForText(app, '[data-testid="backup-list"]', "before a restore");
  await app.screenshot(join(OUT, "settings-backups.png"));

  await (await app.find('[data-testid="nav-people"]')).click();
  await waitForText(app, '[data-testid="people-count"]', "40 people");
  await stopApp(app);

  // The undo copy holds the contact added before the restore.
  const undo = JSON.parse(kith(db, "backup", "list", "--json")).find((b) => b.kind === "beforeRestore");
  kith(db, "backup", "restore", undo.path);
  assert.equal(count(db), 41);
});

test("offers the newest good backup when the database is damaged, and keeps the damaged file", async () => {
  const db = tempDb();
  kith(db, "seed", "--contacts", "300", "--interactions", "600", "--seed", "9");
  kith(db, "backup", "create");
  // Damage: garbage over the second half of the file (the header and schema stay readable).
  const bytes = readFileSync(db);
  for (let i = Math.floor(bytes.length / 2); i < bytes.length; i++) bytes[i] = (i * 2654435761) >>> 24;
  writeFileSync(db, bytes);

  let app = await startApp(db);
  await waitForText(app, '[data-testid="fatal-message"]', "is damaged");
  await app.screenshot(join(OUT, "damaged-database.png"));
  await (await app.find('[data-testid="restore-newest"]')).click();
  await (await app.find('[data-testid="nav-people"]')).click();
  await waitForText(app, '[data-testid="people-count"]', "300 people");
  await app.screenshot(join(OUT, "damaged-database-restored.png"));
  await stopApp(app);

  const aside = readdirSync(dirname(db)).filter((n) => n.startsWith("kith.db.damaged-"));
  assert.equal(aside.length, 1, `the damaged file is set aside: ${aside}`);
  assert.deepEqual(readFileSync(join(dirname(db), aside[0])), bytes, "and kept as it was");

  app = await startApp(db);
  await waitForText(app, '[data-testid="people-count"]', "300 people");
  assert.ok(existsSync(db));
});
