// End-to-end: the daily loop of issue 3 in the real app. Log one interaction with two
// participants from the Log dialog (Ctrl+L), find it on both timelines and through search,
// move a person to the trash and restore them with their interactions.
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { OUT, kith, setValue, startApp, tempDb, waitForText } from "./harness.mjs";
import { Keys } from "./webdriver.mjs";

async function openPerson(driver, name) {
  await (await driver.find('[data-testid="nav-people"]')).click();
  await waitForText(driver, '[data-testid="person-row"] .row-name', name);
  const rows = await driver.findAll('[data-testid="person-row"]');
  const names = await driver.texts('[data-testid="person-row"] .row-name');
  const index = names.findIndex((n) => n === name);
  assert.notEqual(index, -1, `${name} is in the list: ${names.join(", ")}`);
  await rows[index].click();
  await waitForText(driver, '[data-testid="person-name"]', name);
}

/** Types `typed` in the Log dialog's participant field and takes the suggestion `suggestion`. */
async function pick(app, who, typed, suggestion) {
  await who.type(typed);
  await waitForText(app, '[data-testid="log-suggestion"]', suggestion);
  await who.type(Keys.ENTER);
}

test("logs an interaction with two people and finds it on both timelines and through search", async () => {
  const db = tempDb();
  kith(db, "contact", "add", "Ana Ruiz", "--company", "Acme", "--email", "ana@acme.com", "--tag", "friend", "--interest", "Rust");
  kith(db, "contact", "add", "Bo Chen", "--company", "Globex", "--role", "Founder");
  kith(db, "contact", "add", "Bob Marley");
  const ids = Object.fromEntries(
    JSON.parse(kith(db, "contact", "list", "--json")).map((c) => [c.name, c.id]),
  );

  const app = await startApp(db);
  await waitForText(app, '[data-testid="people-count"]', "3 people");

  // Ctrl+L from anywhere opens the Log; participants by type-ahead, one created inline.
  await (await app.find("body")).click();
  await app.keys(Keys.CONTROL, "l");
  await app.find('[data-testid="log-dialog"]');
  const who = await app.find("#log-participant");
  await pick(app, who, "ana", "Ana Ruiz");
  await pick(app, who, "Bo Ch", "Bo Chen");
  await pick(app, who, "Carla Nueva", "Create “Carla Nueva”");
  await app.waitFor(async () => (await app.findAll('[data-testid="log-participant-chip"]')).length === 3, 5000, "three chips");

  await (await app.find("#log-summary")).type("Planned the Rust meetup");
  await (await app.find("#log-notes")).type("Ana needs a venue; Bo knows the owner of Kafe Lumen.");
  // When, typed in words; what it was read as shows under it.
  const when = await app.find("#log-when");
  await when.click();
  await app.keys(Keys.CONTROL, "a");
  await when.type("yesterday 3pm");
  const yesterday = await app.execute(
    "const d = new Date(Date.now() - 86400000); d.setHours(15, 0, 0, 0); return d.toISOString();",
  );
  const read = await app.execute(
    `return new Date(arguments[0]).toLocaleString(undefined, { weekday: "short", year: "numeric", month: "short", day: "numeric", hour: "numeric", minute: "2-digit" });`,
    [yesterday],
  );
  await waitForText(app, '[data-testid="log-when-read"]', read);
  // With three people, help and the promise say whom: I helped Bo; Carla promised me.
  await setValue(app, "#log-gave-whom", String(ids["Bo Chen"]));
  await (await app.find("#log-gave")).type("an intro to Kafe Lumen");
  await (await app.find("#log-follow-date")).type("in 3 days");
  const due = await app.execute(
    `const d = new Date(Date.now() + 3 * 86400000);
     return new Date(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()))
       .toLocaleDateString(undefined, { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" });`,
  );
  await waitForText(app, '[data-testid="log-follow-read"]', due);
  const carla = JSON.parse(kith(db, "contact", "show", "Carla Nueva", "--json")).contact.id;
  await setValue(app, "#log-promise-by", `them:${carla}`);
  await (await app.find("#log-follow-text")).type("send the venue contract");
  await app.screenshot(join(OUT, "log.png"));
  await app.keys(Keys.CONTROL, Keys.ENTER);
  await waitForText(app, '[data-testid="toast"]', "Logged with");
  assert.equal((await app.findAll('[data-testid="log-dialog"]')).length, 0, "the dialog closed");

  // On both timelines.
  for (const name of ["Ana Ruiz", "Bo Chen"]) {
    await openPerson(app, name);
    await waitForText(app, '[data-testid="timeline-item"] .timeline-summary', "Planned the Rust meetup");
  }
  await openPerson(app, "Ana Ruiz");
  await app.screenshot(join(OUT, "person.png"));

  // The CLI sees the same interaction, with the person created inline and the promise.
  const timeline = JSON.parse(kith(db, "timeline", "Bo Chen", "--json"));
  assert.equal(timeline.total, 1);
  const logged = timeline.items[0];
  assert.deepEqual(logged.participants.map((p) => p.name).sort(), ["Ana Ruiz", "Bo Chen", "Carla Nueva"]);
  assert.equal(logged.occurredAt, yesterday.replace(/\.000Z$/, "Z"));
  assert.equal(logged.hasTime, true);
  assert.equal(logged.followUp.text, "send the venue contract");
  assert.equal(logged.followUp.by, "them");
  assert.equal(logged.followUp.contact, carla);
  assert.equal(logged.help[0].text, "an intro to Kafe Lumen");
  assert.equal(logged.help[0].receiver.name, "Bo Chen");
  // Their promise is a follow-up with Carla, said as theirs.
  const brief = kith(db, "brief", "Carla Nueva");
  assert.match(brief, /they promised: send the venue contract/);

  // Through search, from words in the notes.
  await (await app.find('[data-testid="nav-search"]')).click();
  await (await app.find('[data-testid="search-input"]')).type("venu");
  await waitForText(app, '[data-testid="search-hit"]', "Planned the Rust meetup");
  await app.screenshot(join(OUT, "search.png"));

  // To the trash and back, with the interaction.
  await openPerson(app, "Bo Chen");
  await (await app.find('[data-testid="delete-person"]')).click();
  await waitForText(app, '[data-testid="people-count"]', "3 people");
  await (await app.find('[data-testid="nav-trash"]')).click();
  await waitForText(app, '[data-testid="trash-item"]', "Bo Chen");
  await app.screenshot(join(OUT, "trash.png"));
  await (await app.find('[data-testid="trash-restore"]')).click();
  await app.waitFor(async () => (await app.findAll('[data-testid="trash-item"]')).length === 0, 5000, "trash to empty");
  await openPerson(app, "Bo Chen");
  await waitForText(app, '[data-testid="timeline-item"] .timeline-summary', "Planned the Rust meetup");

  await (await app.find('[data-testid="nav-people"]')).click();
  await app.screenshot(join(OUT, "people-list.png"));
});

test("keeps my interests and offers, and renames and merges interests from Me", async () => {
  const db = tempDb();
  kith(db, "contact", "add", "Ana Ruiz", "--interest", "golang");
  kith(db, "contact", "add", "Bo Chen", "--interest", "Go");
  const app = await startApp(db);
  await (await app.find('[data-testid="nav-me"]')).click();

  const interests = await app.find('[data-testid="me-interests"] input');
  await interests.type("Climbing");
  await interests.type(Keys.ENTER);
  await waitForText(app, '[data-testid="me-interests"] .chip', "Climbing");
  // "All interests" has it at once, shared by no one else yet.
  await waitForText(app, '[data-testid="vocab-item"]', "Climbing");
  assert.match((await app.texts('[data-testid="vocab-item"]')).find((t) => t.includes("Climbing")), /0 people/);
  await (await app.find('[data-testid="me-new-offer"]')).type("Code reviews for Rust projects");
  await (await app.find('[data-testid="me-new-offer"]')).type(Keys.ENTER);
  await waitForText(app, '[data-testid="me-offers"] [data-testid="me-ask"]', "Code reviews for Rust projects");

  // Merge the synonym "golang" into "Go": Ana and Bo now share it.
  await waitForText(app, '[data-testid="vocab-item"]', "golang");
  const names = await app.texts('[data-testid="vocab-item"] .vocab-name');
  await (await app.findAll('[data-testid="vocab-merge"]'))[names.indexOf("golang")].click();
  await setValue(app, '[data-testid="vocab-merge-into"]', "Go");
  // What the merge does is said before it is applied: it cannot be undone.
  await waitForText(app, '[data-testid="vocab-merge-warning"]', "“golang” becomes “Go”: its 1 person");
  await waitForText(app, '[data-testid="vocab-merge-warning"]', "This cannot be undone.");
  await (await app.find('[data-testid="vocab-apply"]')).click();
  await app.waitFor(
    async () => !(await app.texts('[data-testid="vocab-item"] .vocab-name')).includes("golang"),
    5000,
    "golang to be merged away",
  );
  await waitForText(app, '[data-testid="vocab-item"]', "2 people");
  await app.screenshot(join(OUT, "me.png"));

  const vocabulary = JSON.parse(kith(db, "interest", "list", "--json"));
  assert.deepEqual(
    vocabulary.map((i) => [i.name, i.contacts]),
    [["Climbing", 0], ["Go", 2]], // the people who share it, not me
  );
  const me = JSON.parse(kith(db, "contact", "show", "me", "--json"));
  assert.deepEqual(me.contact.interests, ["Climbing"]);
  assert.equal(me.asks[0].text, "Code reviews for Rust projects");
});

test("a follow-up already past says it is overdue; one before the interaction is refused by its field", async () => {
  const db = tempDb();
  kith(db, "contact", "add", "Ana Ruiz");
  const app = await startApp(db);
  await waitForText(app, '[data-testid="people-count"]', "1 person");
  await app.keys(Keys.CONTROL, "l");
  await app.find('[data-testid="log-dialog"]');
  const who = await app.find("#log-participant");
  await pick(app, who, "ana", "Ana Ruiz");
  await (await app.find("#log-summary")).type("Coffee at Lumen");
  await (await app.find("#log-follow-text")).type("send the photos");
  // Ten days ago, a follow-up five days ago: past, but after the coffee.
  const local = (days) =>
    app.execute(
      `const d = new Date(Date.now() + arguments[0] * 86400000);
       return d.getFullYear() + "-" + String(d.getMonth() + 1).padStart(2, "0") + "-" + String(d.getDate()).padStart(2, "0");`,
      [days],
    );
  await setValue(app, "#log-when", `${await local(-10)}T10:00`);
  await setValue(app, "#log-follow-date", await local(-5));
  await waitForText(app, '[data-testid="log-follow-overdue"]', "already overdue");
  // Before the coffee: refused, and said by the field.
  await setValue(app, "#log-follow-date", await local(-20));
  await app.keys(Keys.CONTROL, Keys.ENTER);
  await waitForText(app, '[data-testid="log-dialog"]', "is before the interaction");
  assert.equal(JSON.parse(kith(db, "timeline", "Ana Ruiz", "--json")).total, 0, "nothing logged");
  await setValue(app, "#log-follow-date", await local(-5));
  await app.keys(Keys.CONTROL, Keys.ENTER);
  await waitForText(app, '[data-testid="toast"]', "Logged with Ana Ruiz");
  const logged = JSON.parse(kith(db, "timeline", "Ana Ruiz", "--json")).items[0];
  assert.equal(logged.followUp.dueOn, await local(-5));
});
