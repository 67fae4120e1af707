import { describe, expect, it } from "vitest";
import { initials, localDate, subtitle } from "./format";

describe("initials", () => {
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

describe("localDate", () => {
  it("formats a UTC timestamp as a date and passes through what it cannot parse", () => {
    expect(localDate("2026-11-22T07:44:00Z", "en-US")).toMatch(/Nov 2[12], 2026/);
    expect(localDate("not a date")).toBe("not a date");
  });
});
