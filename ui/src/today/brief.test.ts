import { describe, expect, it } from "vitest";
import type { Brief, Upcoming } from "../bindings";
import { dateText, followUpText, inDaysText, needText, whoText } from "./brief";

const brief = (name: string, over: Partial<Brief> = {}): Brief => ({
  contact: { id: 1, name },
  lastInteractions: [],
  followUps: [],
  needs: [],
  sharedInterests: [],
  dateComingUp: null,
  health: 50,
  daysSinceLast: null,
  healthLine: "",
  ...over,
});

const upcoming = (people: Brief[], others: number): Upcoming => ({
  key: "ics:x|",
  title: "Design review",
  startsAt: "2026-12-04T14:00:00Z",
  hasTime: true,
  kind: "meeting",
  fromMe: true,
  sourceId: 1,
  people,
  others,
});

describe("the meeting brief", () => {
  it("names who is on a meeting, and how many others are not in Kith", () => {
    expect(whoText(upcoming([brief("Ana")], 0))).toBe("Ana");
    expect(whoText(upcoming([brief("Ana"), brief("Bo")], 2))).toBe("Ana and Bo + 2 not in Kith");
    expect(whoText(upcoming([brief("Ana"), brief("Bo"), brief("Cy")], 0))).toBe("Ana, Bo and Cy");
  });

  it("says when in days, both ways", () => {
    expect([0, 1, 3, -1, -4].map(inDaysText)).toEqual(["today", "tomorrow", "in 3 days", "yesterday", "4 days ago"]);
  });

  it("says what is open and what fits", () => {
    expect(followUpText({ id: 1, dueOn: "2026-12-01", text: "send the deck", source: "promise", inDays: -2 })).toBe(
      "You promised: send the deck (was due 2 days ago)",
    );
    expect(needText({ id: 2, text: "a venue", offer: { id: 3, text: "Kafe Lumen" }, interest: null, terms: [] })).toBe(
      "Needs: a venue — your offer “Kafe Lumen” fits",
    );
    expect(needText({ id: 2, text: "a venue", offer: null, interest: null, terms: [] })).toBe("Needs: a venue");
    expect(
      dateText(brief("Ana", { dateComingUp: { label: "Birthday", date: "2026-12-09", inDays: 5, years: 40 } })),
    ).toBe("Birthday in 5 days (40 years)");
  });
});
