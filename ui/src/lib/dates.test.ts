import { describe, expect, it } from "vitest";
import {
  addDays,
  calendarDays,
  daysUntil,
  formatDay,
  formatWhen,
  importantDateText,
  inDays,
  isOverdue,
  localDate,
  relativeTime,
  todayIso,
} from "./dates";

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

  it("counts calendar days, then months and years as the engine's reasons do", () => {
    expect(relativeTime(localIso(2026, 3, 19, 23), now)).toBe("yesterday");
    expect(relativeTime(localIso(2026, 3, 17), now)).toBe("3 days ago");
    expect(relativeTime(localIso(2026, 2, 4), now)).toBe("44 days ago");
    expect(relativeTime(localIso(2025, 12, 11), now)).toBe("99 days ago");
    expect(relativeTime(localIso(2025, 12, 1), now)).toBe("4 months ago");
    expect(relativeTime(localIso(2025, 3, 20), now)).toBe("12 months ago");
    expect(relativeTime(localIso(2024, 3, 20), now)).toBe("2 years ago");
    expect(relativeTime(localIso(2018, 3, 20), now)).toBe("8 years ago");
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

describe("todayIso and isOverdue", () => {
  it("compares due dates with the local day", () => {
    const now = new Date(2026, 0, 5, 23, 30);
    expect(todayIso(now)).toBe("2026-01-05");
    expect(isOverdue("2026-01-04", now)).toBe(true);
    expect(isOverdue("2026-01-05", now)).toBe(false);
    expect(isOverdue("2026-02-01", now)).toBe(false);
  });
});

describe("addDays", () => {
  it("adds local days across months and leap years", () => {
    expect(addDays("2026-03-02", 7)).toBe("2026-03-09");
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addDays("2026-12-30", 3)).toBe("2027-01-02");
  });
});
