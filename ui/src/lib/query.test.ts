import { describe, expect, it } from "vitest";
import { generationOf, invalidate } from "./query";

describe("invalidate and generationOf", () => {
  it("moves a key's generation when the key or one of its prefixes is invalidated", () => {
    const person = ["contact", 7] as const;
    const health = ["contact", 7, "health"] as const;
    const other = ["contact", 8, "health"] as const;
    const before = [generationOf(person), generationOf(health), generationOf(other)];

    invalidate(["contact", 7, "health"]);
    expect(generationOf(health)).toBeGreaterThan(before[1] ?? 0);
    expect(generationOf(person)).toBe(before[0]); // not the other way round
    expect(generationOf(other)).toBe(before[2]);

    const afterHealth = generationOf(health);
    invalidate(["contact", 7]);
    expect(generationOf(person)).toBeGreaterThan(before[0] ?? 0);
    expect(generationOf(health)).toBeGreaterThan(afterHealth);
    expect(generationOf(other)).toBe(before[2]);
  });

  it("matches whole elements, and the empty prefix matches everything", () => {
    const a = ["contact", 1] as const;
    const b = ["contact", 12] as const;
    const ga = generationOf(a);
    invalidate(["contact", 12]);
    expect(generationOf(a)).toBe(ga);
    invalidate();
    expect(generationOf(a)).toBeGreaterThan(ga);
    expect(generationOf(["today"])).toBe(generationOf(b));
  });
});
