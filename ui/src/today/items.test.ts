import { describe, expect, it } from "vitest";
import type { Suggestion, Today } from "../bindings";
import { actionsOf, cursorAfter, dueText, emptyText, helpPerson, itemsOf, nothingOn } from "./items";

function suggestion(id: number, lane: Suggestion["lane"]): Suggestion {
  return {
    contactId: id,
    name: `P${id}`,
    circle: null,
    lane,
    priority: 1,
    warmth: 0.5,
    health: 50,
    daysSinceLast: 40,
    cadenceDays: 30,
    reasons: ["last spoke 40 days ago"],
  };
}

const ref = (id: number) => ({ id, name: `P${id}` });

const today: Today = {
  asOf: "2026-03-02T10:00:00Z",
  today: "2026-03-02",
  budget: 5,
  helpInSuggestions: 0,
  suggestions: [suggestion(1, "reconnect"), suggestion(2, "reachOut")],
  help: [
    {
      kind: "introduce",
      score: 0.5,
      need: { id: 7, contact: ref(3), text: "a designer" },
      offer: { id: 8, contact: ref(4), text: "design" },
      introduce: ref(4),
      connected: false,
      terms: ["design"],
      byMeaning: false,
      reason: "P3 needs a designer",
    },
    {
      kind: "canHelpYou",
      score: 0.4,
      need: { id: 10, contact: ref(1), text: "a designer for my branding" },
      offer: { id: 13, contact: ref(7), text: "brand identity" },
      introduce: null,
      connected: true,
      terms: ["branding ~ brand identity"],
      byMeaning: false,
      reason: "P7 offers brand identity",
    },
    {
      kind: "canHelp",
      score: 0.5,
      need: { id: 9, contact: ref(5), text: "rust" },
      offer: null,
      introduce: null,
      connected: false,
      terms: ["rust"],
      byMeaning: false,
      reason: "P5 needs rust",
    },
  ],
  reminders: {
    overdue: [{ id: 11, contact: ref(6), dueOn: "2026-02-28", text: "call", source: "manual", inDays: -2 }],
    due: [],
    upcoming: [{ id: 12, contact: ref(6), dueOn: "2026-03-05", text: "send", source: "promise", inDays: 3 }],
    dates: [{ contact: ref(2), label: "birthday", date: "2026-03-04", inDays: 2, years: 40 }],
  },
};

describe("itemsOf", () => {
  it("lists the sections in screen order whatever the engine's order", () => {
    const items = itemsOf(today);
    expect(items.map((i) => i.section)).toEqual([
      "reachOut",
      "reconnect",
      "canHelp",
      "canHelpYou",
      "introduce",
      "followUps",
      "followUps",
      "dates",
    ]);
    expect(new Set(items.map((i) => i.key)).size).toBe(items.length);
  });

  it("acts on whoever offers what I need, and on whoever needs help otherwise", () => {
    const help = itemsOf(today).flatMap((i) => (i.kind === "help" ? [helpPerson(i.h).name] : []));
    expect(help).toEqual(["P5", "P7", "P3"]);
  });

  it("offers snooze and dismiss only where the core can record them", () => {
    const byKind = Object.fromEntries(itemsOf(today).map((i) => [i.kind, actionsOf(i)]));
    expect(byKind.suggestion).toEqual({ done: true, snooze: true, dismiss: true });
    expect(byKind.reminder).toEqual({ done: true, snooze: true, dismiss: false });
    expect(byKind.date).toEqual({ done: true, snooze: false, dismiss: false });
  });
});

describe("cursorAfter", () => {
  const items = itemsOf(today);
  it("stays on the same item, else on the one that took its place, else the last", () => {
    expect(cursorAfter(items, items[3]?.key ?? null, 0)).toBe(3);
    expect(cursorAfter(items, "gone", 2)).toBe(2);
    expect(cursorAfter(items, null, 99)).toBe(items.length - 1);
    expect(cursorAfter([], null, 2)).toBe(-1);
  });
});

describe("dueText", () => {
  it("says when a follow-up is due", () => {
    expect(dueText(-1)).toBe("1 day overdue");
    expect(dueText(-5)).toBe("5 days overdue");
    expect(dueText(0)).toBe("due today");
    expect(dueText(1)).toBe("due tomorrow");
    expect(dueText(9)).toBe("in 9 days");
  });
});

describe("a daily budget of 0", () => {
  it("says suggestions are off, not that nobody is due, and still shows the sections", () => {
    const off = { ...today, budget: 0, suggestions: [], help: [] };
    expect(emptyText("reachOut", off)).toBe(
      "Suggestions are turned off: your daily budget is 0. Set how many people a day Kith suggests in Settings → Follow-ups.",
    );
    expect(nothingOn(off, [])).toBe(false);
    expect(emptyText("reachOut", { ...off, budget: 3 })).toMatch(/^Nobody is due today\./);
    expect(nothingOn({ ...off, budget: 3 }, [])).toBe(true);
  });
});

describe("You can help, when its needs are under Reach out", () => {
  it("does not say nothing matches", () => {
    const moved = { ...today, help: [], helpInSuggestions: 1 };
    expect(emptyText("canHelp", moved)).toBe(
      "Nothing else: the one need you can help with today is with its person, under Reach out.",
    );
    expect(emptyText("canHelp", { ...moved, helpInSuggestions: 2 })).toMatch(/^Nothing else: the 2 needs/);
    expect(emptyText("canHelp", { ...moved, helpInSuggestions: 0 })).toMatch(/^Nothing matches yet\./);
  });
});
