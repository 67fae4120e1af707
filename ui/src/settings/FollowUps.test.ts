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

  it("names every field that is not a whole number in its range, saying what is allowed", () => {
    const r = settingsOf({ ...draft, dailyBudget: "", gaps: { ...draft.gaps, close: "2.5", network: "-5" } });
    expect(r).toEqual({
      ok: false,
      fields: {
        dailyBudget: "enter a number: use a whole number from 0 to 50",
        "circleGaps.close": '"2.5": use a whole number from 1 to 3,650',
        "circleGaps.network": '"-5": use a whole number from 1 to 3,650',
      },
    });
    expect(settingsOf({ ...draft, dailyBudget: "-5" })).toEqual({
      ok: false,
      fields: { dailyBudget: '"-5": use a whole number from 0 to 50' },
    });
    expect(settingsOf({ ...draft, dailyBudget: "0" }).ok).toBe(true);
  });
});
