// End-to-end: the People screen of issue 3 in the real app: edit in place, channels, tags,
// interests, dates, needs and offers, timeline, archive, keyboard, and a 10,000-person list.
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { OUT, day, kith, setValue, startApp, tempDb, waitForText } from "./harness.mjs";
import { Keys } from "./webdriver.mjs";

const show = (db, name) => JSON.parse(kith(db, "contact", "show", name, "--json"));

async function waitForCount(driver, css, n, timeout = 10_000) {
  return driver.waitFor(async () => (await driver.findAll(css)).length === n, timeout, `${n} × ${css}`);
}

async function openPerson(driver, name) {
  const names = await driver.texts('[data-testid="person-row"] .row-name');
  const index = names.findIndex((n) => n === name);
  assert.notEqual(index, -1, `${name} is in the list: ${names.join(", ")}`);
  await (await driver.findAll('[data-testid="person-row"]'))[index].click();
  await waitForText(driver, '[data-testid="person-name"]', name);
}

async function edit(driver, field, inputCss) {
  await (await driver.find(`[data-testid="field-${field}"] .pfield-value`)).click();
  return driver.find(inputCss);
}

test("edits a person in place and keeps their page current", async () => {
  const db = tempDb();
  kith(db, "contact", "add", "Ana Ruiz", "--company", "Acme", "--email", "ana@acme.com", "--tag", "friend", "--interest", "Rust", "--birthday", "03-14");
  kith(db, "contact", "add", "Bo Chen", "--company", "Globex", "--role", "Founder");
  kith(db, "contact", "add", "Carla Nueva");
  kith(db, "log", "--with", "Ana Ruiz", "--kind", "call", "--at", "2026-03-01", "--summary", "Quick call");
  kith(db, "log", "--with", "Ana Ruiz", "--with", "Bo Chen", "--kind", "meeting", "--summary", "Planned the meetup",
    "--gave-help", "an intro to Kafe Lumen", "--follow-up", day(7), "send the contract", "--quality", "4",
    "word ".repeat(120).trim());

  const app = await startApp(db);
  await waitForText(app, '[data-testid="people-count"]', "3 people");
  await openPerson(app, "Ana Ruiz");
  assert.equal(await (await app.find('[data-testid="person-email"]')).text(), "ana@acme.com");

  // Timeline: newest first, a day-only entry shows its day, long notes fold.
  await waitForCount(app, '[data-testid="timeline-item"]', 2);
  assert.deepEqual(await app.texts('[data-testid="timeline-item"] .timeline-summary'), ["Planned the meetup", "Quick call"]);
  assert.match((await app.texts('[data-testid="timeline-item"] time'))[1], /Mar 1, 2026|1 Mar 2026/);
  assert.match((await app.texts(".tl-notes p"))[0], /…$/);

  // A field: click, type, Enter saves (the CLI sees it).
  const role = await edit(app, "role", "#person-role");
  await role.type("CTO");
  await role.type(Keys.ENTER);
  await waitForText(app, '[data-testid="field-role"] .pfield-value', "CTO");
  assert.equal(show(db, "Ana Ruiz").contact.role, "CTO");

  // A refused save: the message next to the field, the typed value kept; Esc cancels.
  await edit(app, "company", "#person-company");
  await setValue(app, "#person-company", "x".repeat(300));
  await (await app.find("#person-company")).type(Keys.ENTER);
  await waitForText(app, '[data-testid="field-company"] .field-error', "300 characters");
  assert.equal((await (await app.find("#person-company")).property("value")).length, 300);
  await (await app.find("#person-company")).type(Keys.ESCAPE);
  await waitForText(app, '[data-testid="field-company"] .pfield-value', "Acme");

  // Circle (select saves on change) shows in the list too.
  await edit(app, "circle", "#person-circle");
  await setValue(app, "#person-circle", "close");
  await waitForText(app, '[data-testid="field-circle"] .pfield-value', "Close");
  await waitForText(app, '[data-testid="person-row"] .pbadge', "Close");

  // Cadence: a client-side message, then a good value.
  await edit(app, "cadenceDays", "#person-cadence");
  await setValue(app, "#person-cadence", "");
  await (await app.find("#person-cadence")).type("30");
  await (await app.find("#person-cadence")).type(Keys.ENTER);
  await waitForText(app, '[data-testid="field-cadenceDays"] .pfield-value', "Every 30 days");

  // Met on in the future: the core's message.
  await edit(app, "metOn", "#person-met-on");
  await setValue(app, "#person-met-on", "2099-01-01");
  await (await app.find("#person-met-on")).type(Keys.ENTER);
  await waitForText(app, '[data-testid="field-metOn"] .field-error', "not a date you could have met on");
  await (await app.find("#person-met-on")).type(Keys.ESCAPE);

  // Introduced by, through the type-ahead.
  await edit(app, "introducedBy", "#person-introduced");
  await (await app.find("#person-introduced")).type("Bo");
  await waitForText(app, "#person-introduced-options li", "Bo Chen");
  await (await app.find("#person-introduced")).type(Keys.ENTER);
  await waitForText(app, '[data-testid="field-introducedBy"] .pfield-value', "Bo Chen");
  assert.equal(show(db, "Ana Ruiz").contact.introducedBy?.name, "Bo Chen");

  // Notes: multi-line, Ctrl+Enter saves.
  const notes = await edit(app, "notes", "#person-notes");
  await notes.type("Line one");
  await notes.type(Keys.ENTER);
  await notes.type("Line two");
  await app.keys(Keys.CONTROL, Keys.ENTER);
  await waitForText(app, '[data-testid="field-notes"] .pfield-value', "Line two");
  const saved = show(db, "Ana Ruiz");
  assert.equal(saved.contact.notes, "Line one\nLine two");

  // Channels: add a phone; a bad link is refused next to the form.
  await (await app.find('[data-testid="add-channel"]')).click();
  await setValue(app, '.inline-add select[aria-label="Kind"]', "phone");
  await (await app.find('[data-testid="new-channel-value"]')).type("+34 600 111 222");
  await (await app.find('[data-testid="new-channel-value"]')).type(Keys.ENTER);
  await waitForCount(app, '[data-testid="person-channel"]', 2);
  await (await app.find('[data-testid="add-channel"]')).click();
  await setValue(app, '.inline-add select[aria-label="Kind"]', "link");
  await (await app.find('[data-testid="new-channel-value"]')).type("nonsense");
  await (await app.find('[data-testid="new-channel-value"]')).type(Keys.ENTER);
  await waitForText(app, ".inline-add .field-error", "is not a link");
  await (await app.find('[data-testid="new-channel-value"]')).type(Keys.ESCAPE);
  await waitForCount(app, ".inline-add", 1); // only the asks form is left
  // Removing a phone offers Undo, which puts it back.
  await (await app.find('[data-testid="person-channel"] button[aria-label="Remove +34 600 111 222"]')).click();
  await waitForCount(app, '[data-testid="person-channel"]', 1);
  await waitForText(app, '[data-testid="undo-toast"]', "Removed +34 600 111 222.");
  await (await app.find('[data-testid="undo"]')).click();
  await waitForCount(app, '[data-testid="person-channel"]', 2);
  assert.ok(show(db, "Ana Ruiz").contact.channels.some((c) => c.value === "+34 600 111 222"), "the phone is back");

  // Tags and interests as chips.
  await (await app.find("#person-tags")).type("climbing");
  await (await app.find("#person-tags")).type(Keys.ENTER);
  await waitForText(app, '[data-testid="person-tags"] .chip', "climbing");
  await (await app.find('[data-testid="person-tags"] button[aria-label="Remove friend"]')).click();
  await app.waitFor(async () => !(await app.texts('[data-testid="person-tags"] .chip')).some((t) => t.includes("friend")), 5000, "friend removed");
  await (await app.find("#person-interests")).type("Climbing");
  await (await app.find("#person-interests")).type(Keys.ENTER);
  await waitForText(app, '[data-testid="person-interests"] .chip', "Climbing");

  // Important dates.
  await waitForText(app, '[data-testid="person-date"]', "Birthday");
  await (await app.find('[data-testid="add-date"]')).click();
  await setValue(app, '[data-testid="new-date-label"]', "Anniversary");
  await (await app.find('[data-testid="new-date-day"]')).type("5");
  await (await app.find('[data-testid="new-date-day"]')).type(Keys.ENTER);
  await waitForCount(app, '[data-testid="person-date"]', 2);

  // Needs and offers.
  await (await app.find('[data-testid="new-ask-text"]')).type("a venue for the meetup");
  await (await app.find('[data-testid="new-ask-text"]')).type(Keys.ENTER);
  await waitForText(app, '[data-testid="person-ask"]', "a venue for the meetup");
  await (await app.find('[data-testid="ask-helped"]')).click();
  await app.find('[data-testid="person-ask"].status-helped');
  await app.screenshot(join(OUT, "person-edited.png"));

  // The name, in place; the list follows.
  await (await app.find('[data-testid="person-name"] button')).click();
  await setValue(app, ".pname-input", "Ana María Ruiz");
  await (await app.find(".pname-input")).type(Keys.ENTER);
  await waitForText(app, '[data-testid="person-name"]', "Ana María Ruiz");
  await waitForText(app, '[data-testid="person-row"] .row-name', "Ana María Ruiz");

  // Timeline: another participant opens their page; delete an entry.
  await (await app.find('.tl-line button.link')).click();
  await waitForText(app, '[data-testid="person-name"]', "Bo Chen");
  await openPerson(app, "Ana María Ruiz");
  await waitForCount(app, '[data-testid="timeline-item"]', 2);
  await (await app.findAll('[data-testid="delete-interaction"]'))[1].click();
  await waitForCount(app, '[data-testid="timeline-item"]', 1);
  // For a few seconds it can be taken back: Ctrl+Z (or the toast's Undo).
  await waitForText(app, '[data-testid="undo-toast"]', "Moved “Quick call” to the trash.");
  await app.keys(Keys.CONTROL, "z");
  await waitForText(app, '[data-testid="toast"]', "Restored.");
  await waitForCount(app, '[data-testid="timeline-item"]', 2);
  assert.equal(JSON.parse(kith(db, "timeline", "Ana María Ruiz", "--json")).items.length, 2);
  await (await app.findAll('[data-testid="delete-interaction"]'))[1].click();
  await waitForCount(app, '[data-testid="timeline-item"]', 1);

  // Archive hides them from the list unless archived people are shown.
  await (await app.find('[data-testid="archive-person"]')).click();
  await waitForText(app, '[data-testid="people-count"]', "2 people");
  await (await app.find('[data-testid="filter-archived"]')).click();
  await waitForText(app, '[data-testid="people-count"]', "3 people");
  await waitForText(app, '[data-testid="archive-person"]', "Unarchive");

  // Keyboard: "/" searches, Enter opens the first match; ↑/↓ and Enter in the list.
  await app.execute("document.activeElement?.blur()");
  await app.keys("/");
  await app.keys("c", "a", "r", Keys.ENTER); // Enter before the debounced search has run
  await app.waitFor(async () => (await app.texts('[data-testid="person-row"] .row-name')).join() === "Carla Nueva", 5000, "search");
  await waitForText(app, '[data-testid="person-name"]', "Carla Nueva");
  await app.keys(Keys.ESCAPE); // clears the search
  await waitForText(app, '[data-testid="people-count"]', "3 people");
  await app.execute("document.activeElement?.blur()");
  await app.keys("\uE015"); // ArrowDown
  await app.keys("\uE015");
  await app.keys(Keys.ENTER);
  await waitForText(app, '[data-testid="person-name"]', "Bo Chen");
  await app.keys("\uE013"); // ArrowUp
  await app.keys(Keys.ENTER);
  await waitForText(app, '[data-testid="person-name"]', "Ana María Ruiz");
  await app.screenshot(join(OUT, "person-keyboard.png"));

  // Trash, and Undo from the toast: her page is back.
  await (await app.find('[data-testid="delete-person"]')).click();
  await waitForText(app, '[data-testid="person-trashed"]', "Ana María Ruiz");
  await waitForText(app, '[data-testid="people-count"]', "2 people");
  await waitForText(app, '[data-testid="undo-toast"]', "Moved Ana María Ruiz to the trash.");
  await app.screenshot(join(OUT, "undo-toast.png"));
  await (await app.find('[data-testid="undo"]')).click();
  await waitForText(app, '[data-testid="person-name"]', "Ana María Ruiz");
  await waitForText(app, '[data-testid="people-count"]', "3 people");
  await (await app.find('[data-testid="delete-person"]')).click();
  await waitForText(app, '[data-testid="people-count"]', "2 people");
});

test("scrolls 10,000 people, fetching pages as it goes", async () => {
  const big = tempDb();
  kith(big, "seed", "--contacts", "10000", "--interactions", "20000");
  const app = await startApp(big);
  await waitForText(app, '[data-testid="people-count"]', "10,000 people", 20_000);
  // Counted in the page in one go: rows re-render as pages arrive, and WebKitWebDriver's
  // element lookup can fail with "stale element" while they do.
  const rowCount = () => app.execute('return document.querySelectorAll("[data-testid=person-row]").length');
  const rendered = await rowCount();
  assert.ok(rendered > 5 && rendered < 60, `renders only what is visible: ${rendered}`);
  const height = await app.execute('return document.querySelector("[data-testid=people-list]").scrollHeight');
  assert.equal(height, 10_000 * 56);
  const t0 = Date.now();
  await app.execute('const l = document.querySelector("[data-testid=people-list]"); l.scrollTop = l.scrollHeight;');
  await app.waitFor(async () => {
    const pos = await app.execute(
      'return Array.from(document.querySelectorAll("[data-testid=person-row]"), (r) => Number(r.getAttribute("aria-posinset")))',
    );
    return pos.includes(10_000);
  }, 10_000, "the last row");
  const elapsed = Date.now() - t0;
  await app.screenshot(join(OUT, "people-10k-bottom.png"));
  // Scroll through the middle in steps.
  for (let i = 1; i <= 20; i++) {
    await app.execute(`document.querySelector("[data-testid=people-list]").scrollTop = ${i * 25_000};`);
  }
  await app.waitFor(async () => (await app.findAll(".prow-loading")).length === 0, 10_000, "rows loaded");
  const rows = await rowCount();
  assert.ok(rows < 60, `still only the visible rows: ${rows}`);
  // Filtering by circle and tag.
  const inner = JSON.parse(kith(big, "contact", "list", "--circle", "inner", "--json")).length;
  assert.ok(inner > 0 && inner < 10_000, `the seed has some inner-circle people: ${inner}`);
  const innerText = `${inner.toLocaleString("en-US")} ${inner === 1 ? "person" : "people"}`;
  await setValue(app, '[data-testid="filter-circle"]', "inner");
  await app.waitFor(
    async () => (await (await app.find('[data-testid="people-count"]')).text()).trim() === innerText || null,
    10_000,
    innerText,
  );
  await setValue(app, '[data-testid="filter-tag"]', "friend");
  await app.waitFor(async () => {
    const t = await (await app.find('[data-testid="people-count"]')).text();
    return /^[\d,]+ (people|person)$/.test(t) && t !== innerText ? t : null;
  }, 10_000, "tag filter");
  await setValue(app, '[data-testid="filter-sort"]', "lastContact");
  await app.screenshot(join(OUT, "people-10k-filtered.png"));
  console.log(`bottom reached in ${elapsed} ms`);
});

test("adds with circle and tags, logs from the person page, and the open page follows", async () => {
  const db = tempDb();
  kith(db, "contact", "add", "Zed Old");
  const app = await startApp(db);
  await waitForText(app, '[data-testid="people-count"]', "1 person");
  await app.execute("document.activeElement?.blur()");
  await app.keys("n");
  await (await app.find("#contact-name")).type("Ana Ruiz");
  await setValue(app, "#contact-circle", "inner");
  await (await app.find("#contact-tags")).type("friend, rust");
  await (await app.find("#contact-tags")).type(Keys.ENTER);
  await waitForText(app, '[data-testid="person-name"]', "Ana Ruiz");
  await waitForText(app, '[data-testid="people-count"]', "2 people");
  assert.deepEqual(await app.texts('[data-testid="person-tags"] .chip'), ["friend×", "rust×"]);
  await waitForText(app, '[data-testid="person-row"].selected .row-name', "Ana Ruiz");
  const c = show(db, "Ana Ruiz").contact;
  assert.equal(c.circle, "inner");
  assert.deepEqual(c.tags, ["friend", "rust"]);

  // Log from the page: the dialog starts with this person; the timeline follows.
  await (await app.find('[data-testid="log-with-person"]')).click();
  await waitForText(app, '[data-testid="log-participant-chip"]', "Ana Ruiz");
  await (await app.find("#log-summary")).type("Coffee at Lumen");
  await app.keys(Keys.CONTROL, Keys.ENTER);
  await waitForText(app, '[data-testid="timeline-item"] .timeline-summary', "Coffee at Lumen");
  await waitForText(app, '[data-testid="person-row"].selected .prow-when', "just now");

  // Sort by last contact puts her first.
  await setValue(app, '[data-testid="filter-sort"]', "lastContact");
  await app.waitFor(async () => (await app.texts('[data-testid="person-row"] .row-name'))[0] === "Ana Ruiz", 5000, "sorted");
  await app.screenshot(join(OUT, "person-logged.png"));
});

test("says who is around a person, from either side, and offers them in the Log", async () => {
  const db = tempDb();
  kith(db, "contact", "add", "Ana Ruiz");
  kith(db, "contact", "add", "Luis Ruiz", "--birthday", "03-14");
  kith(db, "contact", "add", "Bo Chen");
  kith(db, "contact", "add", "Cem Aydin");
  kith(db, "relation", "add", "Bo Chen", "manager", "Ana Ruiz", "--note", "since the reorg");
  kith(db, "log", "--with", "Ana Ruiz", "--with", "Cem Aydin", "--summary", "Offsite", "x");
  const app = await startApp(db);
  await waitForText(app, '[data-testid="people-count"]', "4 people");
  await openPerson(app, "Ana Ruiz");
  await waitForText(app, '[data-testid="around-relationship"]', "Bo Chen, manager · since the reorg");
  await waitForText(app, '[data-testid="around-known-person"]', "Cem Aydin · 1 interaction together");

  // "Luis is Ana's child", added in place by keyboard.
  await (await app.find('[data-testid="add-relationship"]')).click();
  const who = await app.find("#relationship-person");
  await who.type("Luis");
  await waitForText(app, '[data-testid="relationship-suggestion"]', "Luis Ruiz");
  await who.type(Keys.ENTER);
  await setValue(app, '[data-testid="relationship-role"]', "child");
  await (await app.find('[data-testid="relationship-save"]')).click();
  await waitForText(app, '[data-testid="around-relationship"]', "Luis Ruiz, child · birthday March 14");
  // A note is edited in place: Enter saves.
  await (await app.find('[data-testid="around-note"][aria-label="Edit the note on Bo Chen"]')).click();
  const note = await app.find('[data-testid="around-note-input"]');
  await app.keys(Keys.CONTROL, "a");
  await note.type("since the spring reorg");
  await note.type(Keys.ENTER);
  await waitForText(app, '[data-testid="around-relationship"]', "Bo Chen, manager · since the spring reorg");
  assert.equal(
    JSON.parse(kith(db, "relation", "list", "Ana Ruiz", "--json")).relationships.find((r) => r.other.name === "Bo Chen").note,
    "since the spring reorg",
  );
  await app.screenshot(join(OUT, "people-around.png"));
  const around = JSON.parse(kith(db, "relation", "list", "Luis Ruiz", "--json"));
  assert.deepEqual(around.relationships.map((r) => [r.other.name, r.role]), [["Ana Ruiz", "parent"]]);

  // From Bo's side Ana reports to him.
  await (await app.find('[data-testid="nav-people"]')).click();
  await openPerson(app, "Bo Chen");
  await waitForText(app, '[data-testid="around-relationship"]', "Ana Ruiz, reports to Bo Chen");

  // The Log offers the people around its participants: one press adds them.
  await openPerson(app, "Ana Ruiz");
  await (await app.find('[data-testid="log-with-person"]')).click();
  await waitForText(app, '[data-testid="log-around-person"]', "+ Luis Ruiz");
  const offered = await app.texts('[data-testid="log-around-person"]');
  assert.deepEqual([...offered].sort(), ["+ Bo Chen", "+ Cem Aydin", "+ Luis Ruiz"]);
  await (await app.findAll('[data-testid="log-around-person"]'))[offered.indexOf("+ Luis Ruiz")].click();
  await app.waitFor(async () => (await app.texts('[data-testid="log-participant-chip"]')).length === 2, 5000, "two chips");
  // Luis is in; what is offered now is who else is around Ana and Luis.
  await app.waitFor(
    async () => (await app.texts('[data-testid="log-around-person"]')).join() === "+ Bo Chen,+ Cem Aydin",
    5000,
    "the offers without Luis",
  );
  await app.screenshot(join(OUT, "log-around.png"));
});

test("a partner and a manager added in place; a meeting of three makes them known to each other, and the introduction between two of them goes", async () => {
  const db = tempDb();
  kith(db, "contact", "add", "Ana Ruiz", "--interest", "Coffee");
  kith(db, "contact", "add", "Bo Chen", "--interest", "Coffee");
  kith(db, "contact", "add", "Cem Aydin");
  kith(db, "contact", "add", "Luis Ruiz");
  kith(db, "ask", "add", "Ana Ruiz", "--need", "a venue for our launch party");
  kith(db, "ask", "add", "Bo Chen", "--offer", "I run Kafe Lumen, an event venue for 60 people");
  const intros = () =>
    JSON.parse(kith(db, "introductions", "--json")).map((h) => `${h.need.contact.name} → ${h.introduce.name}`);
  assert.deepEqual(intros(), ["Ana Ruiz → Bo Chen"]);
  const app = await startApp(db, { view: "today" });
  await waitForText(app, '[data-testid="today-introduce"]', "Introduce Ana Ruiz to Bo Chen");
  assert.match(await (await app.find('[data-testid="today-introduce"]')).text(), /they share no one you know/);

  // On Ana's page: Luis is her partner, Cem her manager, both added by keyboard.
  await (await app.find('[data-testid="nav-people"]')).click();
  await waitForText(app, '[data-testid="people-count"]', "4 people");
  await openPerson(app, "Ana Ruiz");
  for (const [name, role, says] of [
    ["Luis", "partner", "Luis Ruiz, partner"],
    ["Cem", "manager", "Cem Aydin, manager"],
  ]) {
    await (await app.find('[data-testid="add-relationship"]')).click();
    const who = await app.find("#relationship-person");
    await who.type(name);
    await waitForText(app, '[data-testid="relationship-suggestion"]', name);
    await who.type(Keys.ENTER);
    await setValue(app, '[data-testid="relationship-role"]', role);
    await (await app.find('[data-testid="relationship-save"]')).click();
    await waitForText(app, '[data-testid="around-relationship"]', says);
  }
  const rels = show(db, "Ana Ruiz").relationships.map((r) => `${r.other.name} ${r.role}`);
  assert.deepEqual(rels.sort(), ["Cem Aydin manager", "Luis Ruiz partner"]);

  // A meeting with Ana, Bo and Cem, logged from Ana's page.
  await (await app.find('[data-testid="log-with-person"]')).click();
  const who = await app.find("#log-participant");
  for (const [typed, name] of [
    ["Bo", "Bo Chen"],
    ["Cem", "Cem Aydin"],
  ]) {
    await who.type(typed);
    await waitForText(app, '[data-testid="log-suggestion"]', name);
    await who.type(Keys.ENTER);
  }
  await waitForCount(app, '[data-testid="log-participant-chip"]', 3);
  await (await app.find("#log-summary")).type("Launch planning at the office");
  await app.keys(Keys.CONTROL, Keys.ENTER);
  await waitForText(app, '[data-testid="toast"]', "Logged with");

  // Inferred: Ana was seen with Bo (Cem is among her relationships); Bo with both.
  await waitForText(app, '[data-testid="around-known-person"]', "Bo Chen · 1 interaction together");
  const knows = show(db, "Bo Chen").knows.map((k) => `${k.other.name} ${k.shared}`);
  assert.deepEqual(knows.sort(), ["Ana Ruiz 1", "Cem Aydin 1"]);
  // Scrolled to People around, and the screenshot waits for the scroll to be drawn.
  await app.waitFor(
    async () =>
      app.execute(`const el = document.querySelector('[data-testid="around-known-person"]');
        el.scrollIntoView({ block: "center" });
        const r = el.getBoundingClientRect();
        return r.top >= 0 && r.bottom <= window.innerHeight;`),
    5000,
    "People around in view",
  );
  await new Promise((r) => setTimeout(r, 500));
  await app.screenshot(join(OUT, "people-around-met.png"));

  // They know each other now: Today no longer suggests introducing them, nor does the CLI.
  await (await app.find('[data-testid="nav-today"]')).click();
  await app.find('[data-testid="today-screen"]');
  await app.waitFor(
    async () => (await app.findAll('[data-testid="today-introduce"]')).length === 0,
    10_000,
    "no introduction on Today",
  );
  assert.deepEqual(intros(), []);
  await app.screenshot(join(OUT, "today-after-meeting.png"));
});
