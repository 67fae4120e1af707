import { describe, expect, it } from "vitest";
import type { ScanReport, Source, Unknown } from "../bindings";
import { countText, queueLine, reportSummary, scanAllText, sourceState, totalsText, unknownText } from "./sourceText";

const source = (over: Partial<Source> = {}): Source => ({
  id: 1,
  kind: "mbox",
  path: "/home/sam/mail.mbox",
  addedAt: "2026-11-30T10:00:00Z",
  readAt: "2026-11-30T10:00:00Z",
  status: "ok",
  keepText: false,
  message: null,
  totals: { read: 0, newItems: 0, interactions: 0, skipped: [] },
  ...over,
});

const report = (over: Partial<ScanReport> = {}): ScanReport => ({
  source: source(),
  totals: { read: 6, newItems: 6, interactions: 4, skipped: [] },
  known: 0,
  contacts: [{ contact: { id: 2, name: "Ana Ruiz" }, emails: 3, meetings: 0, messages: 0, calls: 0 }],
  problems: [],
  unknowns: [],
  committed: false,
  ...over,
});

const unknown = (over: Partial<Unknown> = {}): Unknown => ({
  email: "lea@umbrella.example",
  label: "lea@umbrella.example",
  name: "Lea Weber",
  calls: 0,
  sent: 1,
  received: 1,
  met: 0,
  firstAt: "2026-11-01T10:00:00Z",
  lastAt: "2026-11-02T10:00:00Z",
  ...over,
});

describe("sources", () => {
  it("says what a preview would do, and that nothing is kept yet", () => {
    expect(reportSummary(report())).toBe(
      "Would read 6 messages and make 4 interactions with 1 person in Kith. Nothing is kept until you import.",
    );
    const ics = report({
      source: source({ kind: "ics" }),
      totals: { read: 1, newItems: 1, interactions: 1, skipped: [] },
    });
    expect(reportSummary(ics)).toBe(
      "Would read 1 calendar event and make 1 interaction with 1 person in Kith. Nothing is kept until you import.",
    );
  });

  it("says what a read did, and says so when nothing was new", () => {
    const done = report({ committed: true, known: 2, totals: { read: 8, newItems: 6, interactions: 4, skipped: [] } });
    expect(reportSummary(done)).toBe(
      "Read 8 messages (6 new, 2 already in Kith) and made 4 interactions with 1 person in Kith.",
    );
    const none = report({
      committed: true,
      contacts: [],
      totals: { read: 0, newItems: 0, interactions: 0, skipped: [] },
    });
    expect(reportSummary(none)).toBe("Nothing new since the last read.");
    const passed = report({
      committed: true,
      contacts: [],
      totals: { read: 0, newItems: 0, interactions: 1, skipped: [] },
    });
    expect(reportSummary(passed)).toBe(
      "Nothing new in the file; made 1 interaction of what has taken place since the last read.",
    );
    expect(scanAllText([none, none])).toBe("Nothing new in your sources.");
    const unknownsOnly = report({ committed: true, totals: { read: 2, newItems: 2, interactions: 0, skipped: [] } });
    expect(scanAllText([unknownsOnly, none])).toBe("Read your sources: 2 new messages or events, 0 interactions made.");
    const onlyKnown = report({
      committed: true,
      contacts: [],
      known: 1,
      totals: { read: 1, newItems: 0, interactions: 0, skipped: [] },
    });
    expect(reportSummary(onlyKnown)).toBe("Read 1 message (0 new, 1 already in Kith) and made 0 interactions.");
  });

  it("says a source that went away keeps what it brought", () => {
    expect(sourceState(source({ status: "missing" }))).toBe("Not found any more; what it brought stays");
    expect(sourceState(source({ readAt: null }))).toBe("Not read to the end yet");
    expect(sourceState(source(), new Date("2026-11-30T10:00:30Z"))).toBe("Read just now");
  });

  it("counts with the right plurals", () => {
    expect(
      totalsText("ics", { read: 1, newItems: 1, interactions: 1, skipped: [{ reason: "cancelled", count: 2 }] }),
    ).toBe("1 calendar event read · 1 interaction made · 2 skipped");
    expect(countText(1, 2)).toBe("1 email, 2 meetings");
    expect(countText(0, 1)).toBe("1 meeting");
    expect(countText(0, 0, 14, 1)).toBe("14 messages, 1 call");
    expect(totalsText("sms-backup", { read: 1, newItems: 1, interactions: 1, skipped: [] })).toBe(
      "1 text or call read · 1 interaction made",
    );
  });

  it("says texts for a number, messages for a chat name, and calls", () => {
    const number = unknown({
      email: "tel:+447400123456",
      label: "+447400123456",
      name: null,
      received: 3,
      sent: 0,
      calls: 2,
    });
    expect(unknownText(number, "en-US")).toBe("3 texts to you · 2 calls · last Nov 2, 2026");
    const chat = unknown({ email: "whatsapp:Bo Chen", label: "Bo Chen (WhatsApp)", sent: 2, received: 1 });
    expect(unknownText(chat, "en-US")).toBe("2 messages from you · 1 message to you · last Nov 2, 2026");
    expect(queueLine([unknown(), number, unknown({ sent: 0, received: 0, met: 2 })])).toBe(
      "3 people you write to, call or meet are not in Kith",
    );
  });

  it("says how the queue's people were in touch, and what Today says of them", () => {
    expect(unknownText(unknown(), "en-US")).toBe("1 email from you · 1 email to you · last Nov 2, 2026");
    expect(queueLine([unknown()])).toBe("1 person you write to is not in Kith");
    expect(queueLine([unknown(), unknown({ sent: 0, received: 0, met: 2 })])).toBe(
      "2 people you write to or meet are not in Kith",
    );
    expect(queueLine([unknown({ sent: 0, received: 0, met: 2 })])).toBe("1 person you meet is not in Kith");
  });
});
