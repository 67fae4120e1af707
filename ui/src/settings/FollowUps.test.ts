import { describe, expect, it } from "vitest";
import { settingsOf } from "./FollowUps";

const draft = {
  dailyBudget: "5",
  notifications: true,
  notifyAt: "09:00",
  gaps: { inner: "7", close: "30", network: "90", wider: "365" },
};

describe("settingsOf", () => {
  it("turns a draft into settings", () => {
    expect(settingsOf(draft)).toEqual({
      ok: true,
      value: {
        dailyBudget: 5,
        notifications: true,
        notifyAt: "09:00",
        circleGaps: { inner: 7, close: 30, network: 90, wider: 365 },
      },
    });
  });

  it("names every field that is not a whole number, with the core's field names", () => {
    const r = settingsOf({ ...draft, dailyBudget: "", gaps: { ...draft.gaps, close: "2.5" } });
    expect(r).toEqual({
      ok: false,
      fields: { dailyBudget: "enter a number", "circleGaps.close": '"2.5" is not a whole number' },
    });
  });
});
