import { describe, expect, it } from "vitest";
import type { AppError } from "../errors";
import {
  allMessages,
  calendarDays,
  circleLabel,
  clip,
  countText,
  daysUntil,
  fieldIs,
  formatDay,
  formatWhen,
  importantDateText,
  inDays,
  initials,
  isOverdue,
  localDate,
  messageFor,
  newPersonErrors,
  newPersonInput,
  parseCadence,
  parseList,
  relativeTime,
  subtitle,
  todayIso,
} from "./format";

describe("initials", () => {
  it("skips words without letters, like a number after the name", () => {
    expect(initials("Ana Martin 5124")).toBe("AM");
    expect(initials("42")).toBe("4");
  });

  it("takes the first letters of the first and last word", () => {
    expect(initials("Ana María Ruiz")).toBe("AR");
    expect(initials("  prince ")).toBe("P");
  });

  it("works for any script and for emoji without splitting surrogate pairs", () => {
    expect(initials("李 小龙")).toBe("李小");
    expect(initials("🙂 Smile")).toBe("🙂S");
  });

  it("has a placeholder for a blank name", () => {
    expect(initials("   ")).toBe("?");
  });
});

describe("subtitle", () => {
  it("joins what is known", () => {
    expect(subtitle({ role: "CTO", company: "Acme" })).toBe("CTO · Acme");
    expect(subtitle({ role: null, company: "Acme" })).toBe("Acme");
    expect(subtitle({ role: null, company: null })).toBe("");
  });
});

describe("countText", () => {
  it("says person or people", () => {
    expect(countText(0)).toBe("0 people");
    expect(countText(1)).toBe("1 person");
    expect(countText(2)).toBe("2 people");
    expect(countText(10_000)).toBe("10,000 people");
  });
});

describe("localDate", () => {
  it("formats a UTC timestamp as a date and passes through what it cannot parse", () => {
    expect(localDate("2026-11-22T07:44:00Z", "en-US")).toMatch(/Nov 2[12], 2026/);
    expect(localDate("not a date")).toBe("not a date");
  });
});

describe("relativeTime", () => {
  const now = new Date(2026, 2, 20, 15, 0, 0); // local time: 20 March 2026, 15:00
  const ago = (ms: number) => new Date(now.getTime() - ms).toISOString();
  const localIso = (y: number, m: number, d: number, h = 12) => new Date(y, m - 1, d, h).toISOString();

  it("says never for no contact", () => {
    expect(relativeTime(null, now)).toBe("never");
  });

  it("counts minutes and hours within the day", () => {
    expect(relativeTime(ago(20_000), now)).toBe("just now");
    expect(relativeTime(ago(60_000), now)).toBe("1 minute ago");
    expect(relativeTime(ago(5 * 60_000), now)).toBe("5 minutes ago");
    expect(relativeTime(ago(3 * 3_600_000), now)).toBe("3 hours ago");
  });

  it("counts calendar days, then weeks, months and years", () => {
    expect(relativeTime(localIso(2026, 3, 19, 23), now)).toBe("yesterday");
    expect(relativeTime(localIso(2026, 3, 17), now)).toBe("3 days ago");
    expect(relativeTime(localIso(2026, 3, 1), now)).toBe("2 weeks ago");
    expect(relativeTime(localIso(2025, 12, 1), now)).toBe("3 months ago");
    expect(relativeTime(localIso(2025, 3, 20), now)).toBe("1 year ago");
    expect(relativeTime(localIso(2020, 1, 1), now)).toBe("6 years ago");
  });

  it("handles the near future and bad input", () => {
    expect(relativeTime(localIso(2026, 3, 21), now)).toBe("tomorrow");
    expect(relativeTime(new Date(now.getTime() + 2 * 3_600_000).toISOString(), now)).toBe("in 2 hours");
    expect(relativeTime("garbage", now)).toBe("garbage");
  });
});

describe("calendarDays", () => {
  it("counts local midnights, not 24-hour spans", () => {
    expect(calendarDays(new Date(2026, 0, 1, 23, 59), new Date(2026, 0, 2, 0, 1))).toBe(1);
    expect(calendarDays(new Date(2026, 0, 2), new Date(2026, 0, 1))).toBe(-1);
    expect(calendarDays(new Date(2026, 2, 1), new Date(2026, 3, 1))).toBe(31);
  });
});

describe("formatWhen", () => {
  it("shows local date and time, or the stored date alone", () => {
    const iso = "2026-03-14T00:00:00Z";
    expect(formatWhen(iso, false, "en-US")).toBe("Mar 14, 2026");
    const local = new Date(iso);
    expect(formatWhen(iso, true, "en-US")).toContain(String(local.getDate()));
    expect(formatWhen(iso, true, "en-US")).toMatch(/\d:\d\d/);
    expect(formatWhen("nope", true)).toBe("nope");
  });
});

describe("formatDay and importantDateText", () => {
  it("formats calendar dates without a time-zone shift", () => {
    expect(formatDay("2026-03-01", "en-US")).toBe("Mar 1, 2026");
    expect(formatDay("soon")).toBe("soon");
    expect(importantDateText({ year: 1990, month: 3, day: 14 }, "en-US")).toBe("March 14, 1990");
    expect(importantDateText({ year: null, month: 2, day: 29 }, "en-US")).toBe("February 29");
  });
});

describe("daysUntil", () => {
  const now = new Date(2026, 2, 20, 18, 30);
  const date = (month: number, day: number, recurring = true, year: number | null = null) => ({
    label: "x",
    month,
    day,
    recurring,
    year,
  });

  it("finds the next yearly occurrence", () => {
    expect(daysUntil(date(3, 20), now)).toBe(0);
    expect(daysUntil(date(3, 21), now)).toBe(1);
    expect(daysUntil(date(3, 19), now)).toBe(364);
    expect(daysUntil(date(4, 1, true, 1990), now)).toBe(12);
  });

  it("is null for a one-off date that has passed", () => {
    expect(daysUntil(date(3, 25, false, 2026), now)).toBe(5);
    expect(daysUntil(date(3, 1, false, 2026), now)).toBeNull();
    expect(daysUntil(date(3, 1, false, null), now)).toBeNull();
  });

  it("words it", () => {
    expect(inDays(0)).toBe("today");
    expect(inDays(1)).toBe("tomorrow");
    expect(inDays(12)).toBe("in 12 days");
  });
});

describe("clip", () => {
  it("leaves short text alone and cuts long text at a word", () => {
    expect(clip("short note")).toEqual({ text: "short note", clipped: false });
    const long = "word ".repeat(100).trim();
    const c = clip(long, 50);
    expect(c.clipped).toBe(true);
    expect(c.text.endsWith("word…")).toBe(true);
    expect(c.text.length).toBeLessThanOrEqual(51);
  });

  it("cuts after a few lines", () => {
    const c = clip("1\n2\n3\n4\n5\n6\n7\n8", 280, 3);
    expect(c).toEqual({ text: "1\n2\n3…", clipped: true });
  });
});

describe("parseList and parseCadence", () => {
  it("splits comma-separated words", () => {
    expect(parseList(" friend, climbing ,, ")).toEqual(["friend", "climbing"]);
    expect(parseList("")).toEqual([]);
  });

  it("reads a cadence in days", () => {
    expect(parseCadence("")).toEqual({ ok: true, value: null });
    expect(parseCadence(" 30 ")).toEqual({ ok: true, value: 30 });
    expect(parseCadence("0")).toEqual({ ok: true, value: 0 }); // the core explains the range
    expect(parseCadence("1.5").ok).toBe(false);
    expect(parseCadence("-3").ok).toBe(false);
    expect(parseCadence("99999999999").ok).toBe(false);
  });
});

describe("messageFor and fieldIs", () => {
  const invalid: AppError = {
    type: "invalid",
    data: {
      fields: [
        { field: "channels[1]", message: "\"x\" is not a link" },
        { field: "channels[1].label", message: "too long" },
        { field: "name", message: "a name is required" },
      ],
    },
  };

  it("matches a field and its parts only", () => {
    expect(fieldIs("channels[1].label", "channels")).toBe(true);
    expect(fieldIs("channels[1].label", "channels[1]")).toBe(true);
    expect(fieldIs("channels[10]", "channels[1]")).toBe(false);
    expect(fieldIs("namesake", "name")).toBe(false);
  });

  it("picks the field's own messages", () => {
    expect(messageFor(invalid, "channels[1]")).toBe('"x" is not a link. Too long.');
    expect(messageFor(invalid, "name")).toBe("A name is required.");
  });

  it("lists every message", () => {
    expect(allMessages(invalid)).toBe('"x" is not a link. Too long. A name is required.');
    expect(allMessages({ type: "database", data: { message: "disk full" } })).toBe("The database reported an error: disk full");
  });

  it("falls back to the whole error", () => {
    expect(messageFor(invalid, "company")).toContain("Name: a name is required.");
    expect(messageFor({ type: "notFound", data: { entity: "contact", id: 3 } }, "name")).toBe(
      "That contact no longer exists (id 3).",
    );
  });
});

describe("newPersonInput and newPersonErrors", () => {
  it("turns the add form into a ContactInput", () => {
    expect(
      newPersonInput({ name: "Ana Ruiz", company: " Acme ", role: "", email: " ana@acme.com ", circle: "close", tags: "friend, rust" }),
    ).toEqual({
      name: "Ana Ruiz",
      company: "Acme",
      role: null,
      circle: "close",
      notes: "",
      tags: ["friend", "rust"],
      channels: [{ kind: "email", label: null, value: "ana@acme.com" }],
      dates: [],
      interests: [],
    });
    const bare = newPersonInput({ name: "Bo", company: "", role: "", email: "  ", circle: "", tags: "" });
    expect(bare.channels).toEqual([]);
    expect(bare.circle).toBeNull();
  });

  it("puts the core's messages on the form's fields", () => {
    const e: AppError = {
      type: "invalid",
      data: {
        fields: [
          { field: "name", message: "a name is required" },
          { field: "channels[0]", message: "\"ana at acme\" is not a valid email address" },
          { field: "tags[1]", message: "too long" },
        ],
      },
    };
    expect(newPersonErrors(e)).toEqual({
      name: "A name is required.",
      email: "\"ana at acme\" is not a valid email address.",
      tags: "Too long.",
    });
    expect(newPersonErrors(null)).toEqual({});
  });
});

describe("circleLabel", () => {
  it("names a circle", () => {
    expect(circleLabel("inner")).toBe("Inner");
    expect(circleLabel(null)).toBe("");
  });
});

describe("todayIso and isOverdue", () => {
  it("compares due dates with the local day", () => {
    const now = new Date(2026, 0, 5, 23, 30);
    expect(todayIso(now)).toBe("2026-01-05");
    expect(isOverdue("2026-01-04", now)).toBe(true);
    expect(isOverdue("2026-01-05", now)).toBe(false);
    expect(isOverdue("2026-02-01", now)).toBe(false);
  });
});
