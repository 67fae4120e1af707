// Phone and chat exports, end to end, as a person meets them (issue 17): Ana Ruiz's meetings,
// mail and calls are already read (the CLI added a calendar, a mailbox and a call log). In
// Settings → Sources a WhatsApp export is added: its dates read both ways, so Kith asks their
// order (offering the one under which they run forward), and asks which author is the person
// (offering the most frequent first); the preview finds Ana under her WhatsApp name, someone
// not in Kith. An SMS backup is added next: it asks nothing, and Ana's and Bo's texts attach
// by number. From the queue, "Ana 🌻" is linked to Ana Ruiz, and her page then shows one
// history of meetings, emails, calls, texts and chats.
// The files are written here with fixed dates in 2026 (chosen so that read month first the
// chat's dates would go back in time).
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { OUT, kith, previewSource as preview, setValue, startApp, tempDb, waitForText } from "./harness.mjs";

const paint = () => new Promise((r) => setTimeout(r, 300));
const scrollTo = (app, css) => app.execute("document.querySelector(arguments[0]).scrollIntoView()", [css]);

const ANA_PHONE = "+447911123456";
const BO_PHONE = "+447412345678";
const STRANGER = "+447911000999";

/** Milliseconds since 1970 of a UTC time in 2026. */
const at = (month, day, hour, minute = 0) => Date.UTC(2026, month - 1, day, hour, minute);

function writeFiles(dir) {
  const mbox = join(dir, "Sent and received.mbox");
  writeFileSync(
    mbox,
    "From ana.ruiz@example.org Fri Mar 20 10:00:00 2026\n" +
      "From: Ana Ruiz <ana.ruiz@example.org>\nTo: Sam Lee <sam@example.net>\n" +
      "Date: Fri, 20 Mar 2026 10:00:00 +0000\nSubject: Slides for Lisbon\nMessage-ID: <s1@e2e.example>\n\nHere they are.\n\n",
  );
  const ics = join(dir, "work.ics");
  writeFileSync(
    ics,
    [
      "BEGIN:VCALENDAR",
      "VERSION:2.0",
      "PRODID:-//Kith e2e//EN",
      "BEGIN:VEVENT",
      "UID:lisbon-planning@e2e.example",
      "DTSTAMP:20260301T090000Z",
      "DTSTART:20260310T140000Z",
      "DTEND:20260310T150000Z",
      "SUMMARY:Lisbon planning",
      "ORGANIZER;CN=Sam Lee:mailto:sam@example.net",
      "ATTENDEE;PARTSTAT=ACCEPTED;CN=Ana Ruiz:mailto:ana.ruiz@example.org",
      "END:VEVENT",
      "END:VCALENDAR",
      "",
    ].join("\r\n"),
  );
  const calls = join(dir, "calls-20260501.xml");
  writeFileSync(
    calls,
    "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n" +
      '<calls count="2">\n' +
      `  <call number="${ANA_PHONE}" duration="540" date="${at(4, 25, 17)}" type="2" contact_name="Ana Ruiz" />\n` +
      `  <call number="${BO_PHONE}" duration="0" date="${at(4, 26, 9)}" type="3" contact_name="Bo Chen" />\n` +
      "</calls>\n",
  );
  const sms = join(dir, "sms-20260501.xml");
  const text = (address, date, type, body, name) =>
    `  <sms protocol="0" address="${address}" date="${date}" type="${type}" body="${body}" read="1" status="-1" contact_name="${name}" />\n`;
  writeFileSync(
    sms,
    "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n" +
      '<smses count="5">\n' +
      text(ANA_PHONE, at(4, 20, 8), 1, "Landed!", "Ana Ruiz") +
      text(ANA_PHONE, at(4, 20, 8, 5), 2, "Welcome back", "Ana Ruiz") +
      text(BO_PHONE, at(4, 21, 12), 2, "Lunch?", "Bo Chen") +
      text(STRANGER, at(4, 22, 12), 1, "Is this the bike seller?", "(Unknown)") +
      text(STRANGER, at(4, 22, 12, 3), 2, "Yes, still for sale", "(Unknown)") +
      "</smses>\n",
  );
  // Day first, 24-hour, Android: 04/03 is 4 March; read month first 02/04 (2 April) would be
  // 4 February, before 3 May.
  const chat = join(dir, "WhatsApp Chat with Ana 🌻.txt");
  writeFileSync(
    chat,
    [
      "04/03/2026, 18:02 - Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them.",
      "04/03/2026, 18:02 - Sam Lee: Hi Ana! Are you in Lisbon next week?",
      "04/03/2026, 18:10 - Ana 🌻: Yes, from Tuesday",
      "04/03/2026, 18:11 - Sam Lee: Coffee on Wednesday?",
      "05/03/2026, 09:20 - Ana 🌻: <Media omitted>",
      "05/03/2026, 09:21 - Sam Lee: Perfect, see you there",
      "02/04/2026, 20:01 - Ana 🌻: Thanks for the intro to Bo!",
      "02/04/2026, 20:05 - Sam Lee: Any time.",
      "Tell me how it goes",
      "",
    ].join("\n"),
  );
  return { mbox, ics, calls, sms, chat };
}

test("adds a WhatsApp export and an SMS backup through Settings, links a chat name from the queue, and shows one history", async () => {
  const db = tempDb();
  const dir = mkdtempSync(join(tmpdir(), "kith-e2e-chats-"));
  const files = writeFiles(dir);
  kith(db, "contact", "add", "Ana Ruiz", "--email", "ana.ruiz@example.org", "--phone", "+44 7911 123456");
  kith(db, "contact", "add", "Bo Chen", "--phone", "+44 7412 345678");
  kith(db, "me", "address", "add", "sam@example.net");
  for (const f of [files.ics, files.mbox, files.calls]) kith(db, "source", "add", f);
  const before = JSON.parse(kith(db, "timeline", "Ana Ruiz", "--json")).items.map((i) => i.kind);
  assert.deepEqual(before, ["call", "email", "meeting"]);

  const app = await startApp(db);
  await (await app.find('[data-testid="nav-settings"]')).click();
  await app.find('[data-testid="sources"]');

  // 1. WhatsApp: Kith asks the date order (day first runs forward) and who the person is
  // (the most frequent author first).
  await preview(app, files.chat);
  const questions = await waitForText(app, '[data-testid="export-questions"]', "Which name in this WhatsApp export is yours?");
  assert.match(questions, /read day first, its messages run forward in time/);
  assert.equal(await (await app.find('[data-testid="date-order-dmy"]')).property("checked"), true);
  const authors = await app.texts('[data-testid="export-author"]');
  assert.equal(authors.length, 2);
  assert.match(authors[0], /^Sam Lee 4 messages · likely you/);
  assert.match(authors[1], /^Ana 🌻 3 messages/);
  await scrollTo(app, '[data-testid="export-questions"]');
  await paint();
  await app.screenshot(join(OUT, "chats-this-is-me.png"));
  await (await app.findAll('[data-testid="export-me"]'))[0].click();

  // 2. The preview: Ana's WhatsApp name matches no one in Kith, so nothing attaches yet.
  const summary = await waitForText(app, '[data-testid="source-preview-report"] .plan-summary', "Would read 7 messages");
  assert.match(summary, /Nothing is kept until you import\.$/);
  await waitForText(app, '[data-testid="source-preview-unknowns"]', "Ana 🌻");
  await (await app.find('[data-testid="source-import"]')).click();
  await waitForText(app, '[data-testid="source-report"] .plan-summary', "Read 7 messages");
  await waitForText(app, '[data-testid="source-me"]', "You are “Sam Lee” in it.");
  const chatSource = JSON.parse(kith(db, "source", "list", "--json")).find((s) => s.kind === "whatsapp");
  assert.equal(chatSource.me, "Sam Lee");
  assert.equal(chatSource.totals.read, 7);
  assert.equal(chatSource.totals.interactions, 0, "nothing attaches to no one: her name is in the queue");

  // 3. The SMS backup asks nothing: Ana's and Bo's texts attach by number.
  await preview(app, files.sms);
  await waitForText(app, '[data-testid="source-preview-report"] .plan-summary', "Would read 5 texts and calls");
  await waitForText(app, '[data-testid="source-person"]', "Ana Ruiz");
  await (await app.find('[data-testid="source-import"]')).click();
  await waitForText(app, '[data-testid="source-report"] .plan-summary', "Read 5 texts and calls");
  const bo = JSON.parse(kith(db, "timeline", "Bo Chen", "--json")).items;
  assert.deepEqual(
    bo.map((i) => i.kind),
    ["message"],
  );

  // 4. The queue: Ana's WhatsApp name and the bike seller's number; Ana's is linked to her.
  const ana = await waitForText(app, '[data-testid="queue-item"]', "Ana 🌻");
  assert.match(ana, /Ana 🌻/);
  const items = await app.texts('[data-testid="queue-item"]');
  const index = items.findIndex((t) => t.includes("Ana 🌻"));
  assert.ok(items.some((t) => t.includes("+44 7911 000999")), items.join(" | "));
  await (await app.findAll('[data-testid="queue-link"]'))[index].click();
  await setValue(app, '[data-testid="queue-link-input"]', "Ana R");
  await waitForText(app, '[data-testid="queue-link-option"]', "Ana Ruiz");
  await (await app.find('[data-testid="queue-link-input"]')).type("\uE007");
  await waitForText(app, '[data-testid="queue-message"]', "Ana 🌻 (WhatsApp) is Ana Ruiz's now; what your sources hold of them is on their page.");

  // 5. Her page: one history of meetings, emails, calls, texts and chats.
  const after = JSON.parse(kith(db, "timeline", "Ana Ruiz", "--json")).items;
  assert.deepEqual(
    after.map((i) => [i.kind, i.occurredAt.slice(0, 10)]),
    [
      ["call", "2026-04-25"],
      ["message", "2026-04-20"],
      ["message", "2026-04-02"],
      ["email", "2026-03-20"],
      ["meeting", "2026-03-10"],
      ["message", "2026-03-05"],
      ["message", "2026-03-04"],
    ],
  );
  await (await app.find('[data-testid="nav-people"]')).click();
  await waitForText(app, '[data-testid="people-count"]', "2 people");
  const rows = await app.texts('[data-testid="person-row"] .row-name');
  await (await app.findAll('[data-testid="person-row"]'))[rows.indexOf("Ana Ruiz")].click();
  await waitForText(app, '[data-testid="person-name"]', "Ana Ruiz");
  await app.waitFor(
    async () => ((await app.texts('[data-testid="timeline-item"]')).length === 7 ? true : null),
    10_000,
    "seven interactions on Ana's timeline",
  );
  // A chat day opens to its messages: who wrote each, and when (their text is not kept).
  const days = await app.findAll('[data-testid="timeline-messages"]');
  assert.equal(days.length, 5, "the email thread and the four days of texts and chats; not the call or the meeting");
  await days[1].click();
  const said = await waitForText(app, '[data-testid="timeline-message-list"]', "Ana 🌻 ·");
  assert.match(said, /Ana 🌻 · Apr 2, 2026[\s\S]*You · Apr 2, 2026/);
  await scrollTo(app, '[data-testid="timeline-item"]');
  await paint();
  await app.screenshot(join(OUT, "chats-timeline.png"));
});
