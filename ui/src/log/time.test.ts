import { describe, expect, it } from "vitest";
import { parseDueDay, parseMoment, toLocalDate, toLocalInput } from "./time";

// Wednesday, December 2, 2026, 11:00 local time.
const now = new Date(2026, 11, 2, 11, 0);
const read = (text: string, locale = "en-US") => {
  const m = parseMoment(text, now, { locale });
  return m && { at: `${toLocalDate(m.local)}${m.hasTime ? ` ${toLocalInput(m.local).slice(11)}` : ""}` };
};

describe("typed moments in the When field", () => {
  it("starts from now, in a form it reads back", () => {
    const d = new Date(2026, 10, 22, 9, 5);
    expect(toLocalInput(d)).toBe("2026-11-22 09:05");
    expect(parseMoment(toLocalInput(d), now)?.occurredAt).toBe(d.toISOString());
    expect(toLocalDate(new Date(2026, 0, 3, 23, 59))).toBe("2026-01-03");
  });

  it("reads dates and times as people type them", () => {
    expect(read("2026-11-30 14:00")).toEqual({ at: "2026-11-30 14:00" });
    expect(read("2026-11-30T14:00")).toEqual({ at: "2026-11-30 14:00" });
    expect(read("yesterday 3pm")).toEqual({ at: "2026-12-01 15:00" });
    expect(read("today 9:30")).toEqual({ at: "2026-12-02 09:30" });
    expect(read("last friday at 9")).toEqual({ at: "2026-11-27 09:00" });
    expect(read("30 Nov 2026 14:00")).toEqual({ at: "2026-11-30 14:00" });
    expect(read("2 days ago")).toEqual({ at: "2026-11-30" });
  });

  it("keeps a date without a time as that date alone", () => {
    const m = parseMoment("yesterday", now, { locale: "en-US" });
    expect(m?.hasTime).toBe(false);
    expect(m?.occurredAt).toBe("2026-12-01T00:00:00Z");
    expect(parseMoment("monday", now)?.day).toBe("2026-11-30");
  });

  it("reads numeric dates day first outside the US", () => {
    expect(read("03/04/2026", "en-US")).toEqual({ at: "2026-03-04" });
    expect(read("03/04/2026", "en-GB")).toEqual({ at: "2026-04-03" });
    expect(read("30.11.2026 14:00", "de-DE")).toEqual({ at: "2026-11-30 14:00" });
  });

  it("refuses what is not one date", () => {
    expect(parseMoment("", now)).toBeNull();
    expect(parseMoment("lunch yesterday", now)).toBeNull();
    expect(parseMoment("soon", now)).toBeNull();
    expect(parseMoment("nov 30 - dec 2", now)).toBeNull();
    expect(parseMoment("2026-13-45 99:99", now)).toBeNull();
  });

  it("reads a due day forward", () => {
    expect(parseDueDay("friday", now)).toBe("2026-12-04");
    expect(parseDueDay("in 2 weeks", now)).toBe("2026-12-16");
    expect(parseDueDay("2026-12-15", now)).toBe("2026-12-15");
    expect(parseDueDay("whenever", now)).toBeNull();
  });
});
