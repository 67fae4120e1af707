// Capture, end to end, as a person meets it: Settings → Sources first asks whose mail it is
// (offering the address on most of the file), then previews an mbox (per person what it
// would bring, who on it is not in Kith, what it skips and why) and imports it; a calendar is
// added the same way; one person from the queue is added and their past emails attach (their
// page shows them); a message appended to the mbox arrives on "Read again"; Today says how
// many people you write to are not in Kith, and shows the Upcoming meeting with its brief
// (its last interactions are the captured lunch and email); a message appended while Kith is
// closed is read at its next start.
// The CLI checks the database at each step. The mail and calendar are written here, dated
// relative to today, so the test means the same on any day.
import assert from "node:assert/strict";
import { appendFileSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { OUT, kith, previewSource as preview, startApp, stopApp, tempDb, waitForText } from "./harness.mjs";

const paint = () => new Promise((r) => setTimeout(r, 300));
const scrollTo = (app, css) => app.execute("document.querySelector(arguments[0]).scrollIntoView()", [css]);

/** An RFC 2822 date `days` from now (negative: before), at `hour` UTC. */
function mailDate(days, hour = 10) {
  const d = new Date(Date.now() + days * 86_400_000);
  d.setUTCHours(hour, 0, 0, 0);
  return d.toUTCString().replace("GMT", "+0000");
}

/** An iCalendar UTC time `days` from now at `hour`. */
function icsTime(days, hour) {
  const d = new Date(Date.now() + days * 86_400_000);
  d.setUTCHours(hour, 0, 0, 0);
  return d.toISOString().replace(/[-:]/g, "").replace(/\.\d+/, "");
}

function message({ id, from, to, days, hour = 10, subject, extra = "" }) {
  return (
    `From ${from.match(/<(.*)>/)[1]} ${new Date(Date.now() + days * 86_400_000).toUTCString()}\n` +
    `From: ${from}\nTo: ${to}\nDate: ${mailDate(days, hour)}\nSubject: ${subject}\nMessage-ID: <${id}@e2e.example>\n${extra}\nHello.\n\n`
  );
}

const SAM = "Sam Lee <sam@example.net>";
const ANA = "Ana Ruiz <ana.ruiz@example.org>";
const LEA = "Lea Weber <lea@umbrella.example>";

function writeSources(dir) {
  const mbox = join(dir, "All mail.mbox");
  writeFileSync(
    mbox,
    message({ id: "a1", from: ANA, to: SAM, days: -20, subject: "Lisbon trip" }) +
      message({ id: "a2", from: SAM, to: ANA, days: -20, hour: 15, subject: "Re: Lisbon trip", extra: "In-Reply-To: <a1@e2e.example>\nReferences: <a1@e2e.example>\n" }) +
      message({ id: "l1", from: LEA, to: SAM, days: -12, subject: "Café on Friday" }) +
      message({ id: "l2", from: SAM, to: LEA, days: -11, subject: "Re: Café on Friday", extra: "References: <l1@e2e.example>\n" }) +
      message({
        id: "n1",
        from: "Umbrella News <news@umbrella.example>",
        to: SAM,
        days: -3,
        subject: "This week at Umbrella",
        extra: "List-Unsubscribe: <mailto:unsubscribe@umbrella.example>\n",
      }),
  );
  const ics = join(dir, "calendar.ics");
  const event = (uid, days, hour, summary, attendees) =>
    [
      "BEGIN:VEVENT",
      `UID:${uid}`,
      `DTSTAMP:${icsTime(-30, 9)}`,
      `DTSTART:${icsTime(days, hour)}`,
      `DTEND:${icsTime(days, hour + 1)}`,
      `SUMMARY:${summary}`,
      "ORGANIZER;CN=Sam Lee:mailto:sam@example.net",
      ...attendees.map((a) => `ATTENDEE;PARTSTAT=ACCEPTED:mailto:${a}`),
      "END:VEVENT",
    ].join("\r\n");
  writeFileSync(
    ics,
    [
      "BEGIN:VCALENDAR",
      "VERSION:2.0",
      "PRODID:-//Kith e2e//EN",
      event("past-lunch", -5, 12, "Lunch with Ana", ["sam@example.net", "ana.ruiz@example.org"]),
      event("next-review", 2, 14, "Design review", ["sam@example.net", "ana.ruiz@example.org"]),
      "END:VCALENDAR",
      "",
    ].join("\r\n"),
  );
  return { mbox, ics };
}

async function openSources(app) {
  await (await app.find('[data-testid="nav-settings"]')).click();
  await app.find('[data-testid="sources"]');
}

test("adds a mailbox and a calendar through Settings, reviews the queue, and keeps reading what is new", async () => {
  const db = tempDb();
  const dir = mkdtempSync(join(tmpdir(), "kith-e2e-sources-"));
  const { mbox, ics } = writeSources(dir);
  kith(db, "contact", "add", "Ana Ruiz", "--email", "ana.ruiz@example.org", "--circle", "close", "--interest", "Sailing");
  kith(db, "contact", "edit", "me", "--interest", "Sailing");
  const app = await startApp(db);

  // 1. Kith does not know whose mail this is: it offers the address on every message.
  await openSources(app);
  // What the messages say is kept too, for this mailbox.
  await (await app.find('[data-testid="source-keep-text"]')).click();
  await preview(app, mbox);
  const offer = await waitForText(app, '[data-testid="own-offer"]', "sam@example.net");
  // The newsletter is no one's message: 4 of the 4 from people.
  assert.match(offer, /sam@example\.net\s+on 4 of 4 messages from people/);
  await (await app.find('[data-testid="own-offer-use"]')).click();
  await waitForText(app, '[data-testid="me-address"]', "sam@example.net");

  // 2. The preview: Ana would get one conversation; Lea is not in Kith; the newsletter skipped.
  const summary = await waitForText(app, '[data-testid="source-preview-report"] .plan-summary', "Would read 5 messages");
  assert.equal(
    summary,
    "Would read 5 messages and make 1 interaction with 1 person in Kith. Nothing is kept until you import.",
  );
  await waitForText(app, '[data-testid="source-person"]', "Ana Ruiz2 emails");
  await waitForText(app, '[data-testid="source-preview-unknowns"]', "Lea Weber <lea@umbrella.example>");
  await waitForText(app, '[data-testid="source-skipped"]', "1 — from a list or a machine: a newsletter");
  assert.equal(JSON.parse(kith(db, "source", "list", "--json")).length, 0, "a preview keeps nothing");
  await scrollTo(app, '[data-testid="source-preview-report"]');
  await paint();
  await app.screenshot(join(OUT, "capture-preview.png"));

  // 3. Import.
  await (await app.find('[data-testid="source-import"]')).click();
  await waitForText(app, '[data-testid="source-report"] .plan-summary', "Read 5 messages (4 new) and made 1 interaction");
  const ana = JSON.parse(kith(db, "timeline", "Ana Ruiz", "--json"));
  assert.equal(ana.items.length, 1);
  assert.equal(ana.items[0].kind, "email");
  assert.equal(ana.items[0].summary, "Lisbon trip");

  // 4. The calendar: the past lunch becomes a meeting; the review in two days waits.
  await preview(app, ics);
  await waitForText(
    app,
    '[data-testid="source-preview-report"] .plan-summary',
    "Would read 2 calendar events and make 1 interaction with 1 person in Kith.",
  );
  await (await app.find('[data-testid="source-import"]')).click();
  await waitForText(app, '[data-testid="source-report"] .plan-summary', "made 1 interaction");
  const sources = await app.texts('[data-testid="source-item"]');
  assert.equal(sources.length, 2);
  assert.match(sources[0], /All mail\.mbox[\s\S]*Read just now[\s\S]*5 messages read · 1 interaction made · 1 skipped/);
  assert.match(sources[1], /calendar\.ics[\s\S]*2 calendar events read · 1 interaction made/);
  await scrollTo(app, '[data-testid="source-list"]');
  await paint();
  await app.screenshot(join(OUT, "capture-sources.png"));

  // 5. Today: the design review in two days comes up with a brief on Ana, and Lea is someone
  // you write to who is not in Kith.
  await (await app.find('[data-testid="nav-today"]')).click();
  const review = await waitForText(app, '[data-testid="upcoming-item"]', "Design review");
  assert.match(review, /with Ana Ruiz/);
  await (await app.find('[data-testid="upcoming-brief-toggle"]')).click();
  const brief = await waitForText(app, '[data-testid="brief"]', "Ana Ruiz");
  const last = await app.waitFor(
    async () => {
      const t = await app.texts('[data-testid="brief-last"] li');
      return t.length === 2 ? t : null;
    },
    10_000,
    "the brief's two last interactions",
  );
  assert.match(last[0], /Meeting · Lunch with Ana$/);
  assert.match(last[1], /Email · Lisbon trip$/);
  assert.match(brief, /You share: Sailing/);
  const cli = JSON.parse(kith(db, "upcoming", "--json"));
  assert.deepEqual(
    cli.map((u) => [u.title, u.people.map((p) => p.contact.name)]),
    [["Design review", ["Ana Ruiz"]]],
  );
  await paint();
  await app.screenshot(join(OUT, "capture-brief.png"));
  await waitForText(app, '[data-testid="today-queue"]', "1 person you write to is not in Kith");
  await (await app.find('[data-testid="today-queue-review"]')).click();
  const lea = await waitForText(app, '[data-testid="queue-item"]', "Lea Weber");
  assert.match(lea, /1 email from you · 1 email to you · last/);
  await paint();
  await app.screenshot(join(OUT, "capture-queue.png"));
  await (await app.find('[data-testid="queue-add"]')).click();
  await waitForText(app, '[data-testid="queue-message"]', "Added Lea Weber; what your sources hold of them is on their page.");
  await waitForText(app, '[data-testid="queue-empty"]', "No one you both wrote to and heard from");
  const leaTl = JSON.parse(kith(db, "timeline", "Lea Weber", "--json"));
  assert.equal(leaTl.items.length, 2, "her message and Sam's reply, a day apart");
  assert.ok(leaTl.items.every((i) => i.summary === "Café on Friday" && i.sourceId !== null));

  // 6. A message appended to the mbox arrives when it is read again (as at the hourly read).
  appendFileSync(mbox, message({ id: "a3", from: ANA, to: SAM, days: -1, subject: "Photos from Lisbon" }));
  await openSources(app);
  const scan = await app.findAll('[data-testid="source-scan"]');
  await scan[0].click();
  await waitForText(app, '[data-testid="source-report"] .plan-summary', "Read 1 message (1 new) and made 1 interaction with 1 person in Kith.");
  const after = JSON.parse(kith(db, "timeline", "Ana Ruiz", "--json"));
  assert.equal(after.items[0].summary, "Photos from Lisbon");
  await waitForText(app, '[data-testid="source-text"]', "Keeps what messages say");

  // On Ana's page, the Lisbon thread shows both messages and what they said.
  await (await app.find('[data-testid="nav-today"]')).click();
  await (await app.find('[data-testid="upcoming-brief-toggle"]')).click();
  await (await app.find('[data-testid="brief"] .person-link')).click();
  await waitForText(app, '[data-testid="timeline-item"]', "Photos from Lisbon");
  const items = await app.findAll('[data-testid="timeline-messages"]');
  await items[items.length - 1].click();
  const said = await waitForText(app, '[data-testid="timeline-message-list"]', "You ·");
  assert.match(said, /Ana Ruiz · [\s\S]*Hello\.[\s\S]*You · [\s\S]*Hello\./);
  await scrollTo(app, '[data-testid="timeline-message-list"]');
  await paint();
  await app.screenshot(join(OUT, "capture-messages.png"));

  // 8. Kith reads its sources again at start-up: a message appended while it was closed
  // arrives by itself.
  await stopApp(app);
  appendFileSync(mbox, message({ id: "a4", from: ANA, to: SAM, days: -1, hour: 12, subject: "Dinner on Friday" }));
  const again = await startApp(db, { view: "today" });
  const arrived = () =>
    JSON.parse(kith(db, "timeline", "Ana Ruiz", "--json")).items.some((i) => i.summary === "Dinner on Friday");
  assert.equal(arrived(), false, "not read before the app starts");
  await again.waitFor(async () => arrived() || null, 30_000, "the appended message read at start-up");
});
