import { describe, expect, it } from "vitest";
import { clip, countText, initials, parseList, subtitle } from "./text";

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

describe("parseList", () => {
  it("splits comma-separated words", () => {
    expect(parseList(" friend, climbing ,, ")).toEqual(["friend", "climbing"]);
    expect(parseList("")).toEqual([]);
  });
});
