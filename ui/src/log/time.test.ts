import { describe, expect, it } from "vitest";
import { localInputToUtc, toLocalDate, toLocalInput } from "./time";

describe("local time inputs", () => {
  it("round-trips a local time through UTC", () => {
    const d = new Date(2026, 10, 22, 9, 5);
    const input = toLocalInput(d);
    expect(input).toBe("2026-11-22T09:05");
    expect(localInputToUtc(input)).toBe(d.toISOString());
  });

  it("formats a date for a date input", () => {
    expect(toLocalDate(new Date(2026, 0, 3, 23, 59))).toBe("2026-01-03");
  });

  it("refuses what is not a date-time", () => {
    expect(localInputToUtc("")).toBeNull();
    expect(localInputToUtc("yesterday")).toBeNull();
    expect(localInputToUtc("2026-13-45T99:99")).toBeNull();
  });
});
