import { describe, expect, it } from "vitest";
import type { FadingTie, OneSidedTie } from "../bindings";
import { addDays } from "../lib/dates";
import { calendarWeeks, levels, reviewQueue } from "./calendar";

describe("calendar", () => {
  it("adds days across months and years", () => {
    expect(addDays("2026-02-27", 2)).toBe("2026-03-01");
    expect(addDays("2025-12-31", 1)).toBe("2026-01-01");
  });

  it("lays out whole Monday-first weeks with every day once", () => {
    // 2026-06-03 is a Wednesday: two empty cells before it.
    const counts = Array.from({ length: 10 }, (_, i) => i % 3);
    const weeks = calendarWeeks("2026-06-03", counts);
    expect(weeks.every((w) => w.length === 7)).toBe(true);
    expect(weeks[0]?.[0]).toBeNull();
    expect(weeks[0]?.[1]).toBeNull();
    expect(weeks[0]?.[2]?.date).toBe("2026-06-03");
    const days = weeks.flat().filter((c) => c !== null);
    expect(days.map((c) => c?.count)).toEqual(counts);
    expect(days[9]?.date).toBe("2026-06-12");
  });

  it("gives level 0 to empty days and 4 to the busiest", () => {
    const level = levels([0, 1, 1, 2, 5, 9]);
    expect(level(0)).toBe(0);
    expect(level(1)).toBe(1);
    expect(level(9)).toBe(4);
    expect(levels([0, 0])(3)).toBe(0);
  });
});

describe("reviewQueue", () => {
  const fading = (id: number) => ({ contact: { id, name: `F${id}` } }) as FadingTie;
  const one = (id: number) => ({ contact: { id, name: `O${id}` } }) as OneSidedTie;
  it("puts fading first and lists each person once", () => {
    const q = reviewQueue([fading(1), fading(2)], [one(2), one(3)]);
    expect(q.map((s) => [s.kind, s.id])).toEqual([
      ["fading", 1],
      ["fading", 2],
      ["oneSided", 3],
    ]);
  });
  it("passes over snoozed ties, on both lists", () => {
    const snoozed = { snoozedUntil: "2026-12-07" };
    const q = reviewQueue(
      [{ ...fading(1), ...snoozed }, fading(2)],
      [{ ...one(1), ...snoozed }, { ...one(3), ...snoozed }, one(4)],
    );
    expect(q.map((s) => [s.kind, s.id])).toEqual([
      ["fading", 2],
      ["oneSided", 4],
    ]);
  });
});
