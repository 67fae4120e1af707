import { describe, expect, it } from "vitest";
import { promiseText } from "./interactions";

const people = [
  { id: 1, name: "Ana" },
  { id: 2, name: "Bea" },
];

describe("a promise on the timeline", () => {
  it("says whose it is and to whom", () => {
    expect(promiseText({ dueOn: "2026-12-15", text: "x", contact: 2, by: "me" }, people, "en-US")).toBe(
      "You promised Bea, by Dec 15, 2026",
    );
    expect(promiseText({ dueOn: "2026-12-15", text: "x", contact: 2, by: "them" }, people, "en-US")).toBe(
      "Bea promised, by Dec 15, 2026",
    );
    expect(promiseText({ dueOn: "2026-12-15", text: "x", contact: 9, by: "them" }, people, "en-US")).toBe(
      "They promised, by Dec 15, 2026",
    );
  });
});
