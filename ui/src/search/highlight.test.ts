import { describe, expect, it } from "vitest";
import { highlightParts } from "./highlight";

describe("highlightParts", () => {
  it("splits matches from the text around them", () => {
    expect(highlightParts("met [Ana] at [Acme] today")).toEqual([
      { text: "met ", match: false },
      { text: "Ana", match: true },
      { text: " at ", match: false },
      { text: "Acme", match: true },
      { text: " today", match: false },
    ]);
  });

  it("leaves text without matches whole", () => {
    expect(highlightParts("nothing here")).toEqual([{ text: "nothing here", match: false }]);
    expect(highlightParts("")).toEqual([]);
  });
});
