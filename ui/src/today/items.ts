// Today's content as one list the keyboard walks (j/k), section by section, and the little
// pure helpers the screen needs: which actions an item has, how a due date reads.
import type { ContactRef, HelpOpportunity, ReminderItem, Suggestion, Today, UpcomingDate } from "../bindings";
import { inDays } from "../lib/dates";

export type SectionId = "reachOut" | "reconnect" | "canHelp" | "canHelpYou" | "introduce" | "followUps" | "dates";

/** What an empty section says on `today`: with a daily budget of 0, Reach out is empty because
 * suggestions are off, not because nobody is due. */
export function emptyText(section: SectionId, today: Today): string {
  if (section === "reachOut" && today.budget === 0)
    return "Suggestions are turned off: your daily budget is 0. Set how many people a day Kith suggests in Settings → Follow-ups.";
  if (section === "canHelp" && today.helpInSuggestions > 0)
    return today.helpInSuggestions === 1
      ? "Nothing else: the one need you can help with today is with its person, under Reach out."
      : `Nothing else: the ${today.helpInSuggestions} needs you can help with today are with their people, under Reach out.`;
  return SECTIONS.find((s) => s.id === section)?.empty ?? "";
}

/** Whether Today has nothing at all to show (its first-run page instead of sections): never
 * while suggestions are turned off, which the Reach out section says. */
export function nothingOn(today: Today, items: Item[]): boolean {
  return items.length === 0 && today.budget > 0;
}

export type Item =
  | { kind: "suggestion"; key: string; section: SectionId; s: Suggestion }
  | { kind: "help"; key: string; section: SectionId; h: HelpOpportunity }
  | { kind: "reminder"; key: string; section: SectionId; r: ReminderItem; when: "overdue" | "due" | "upcoming" }
  | { kind: "date"; key: string; section: SectionId; d: UpcomingDate };

export const SECTIONS: { id: SectionId; title: string; empty: string }[] = [
  {
    id: "reachOut",
    title: "Reach out",
    empty: "Nobody is due today. People you put in a circle show up here when it has been a while.",
  },
  {
    id: "reconnect",
    title: "Reconnect",
    empty: "No dormant ties: people you used to see often and have not in a long time show up here.",
  },
  {
    id: "canHelp",
    title: "You can help",
    empty: "Nothing matches yet. Add what people need, and what you offer, on their page and on Me.",
  },
  {
    id: "canHelpYou",
    title: "They can help you",
    empty: "Nothing you need matches what someone offers yet. Add your needs on Me.",
  },
  {
    id: "introduce",
    title: "Introduce",
    empty: "No introductions to make: when one person's need fits another's offer, it shows up here.",
  },
  {
    id: "followUps",
    title: "Follow-ups",
    empty: "No follow-ups. Promise something when you log an interaction and it comes back here when due.",
  },
  {
    id: "dates",
    title: "Upcoming dates",
    empty: "No birthdays or anniversaries in the next two weeks.",
  },
];

/** Every item of `t`, in the order the sections are shown. */
export function itemsOf(t: Today): Item[] {
  const items: Item[] = [];
  for (const s of t.suggestions) {
    const section: SectionId = s.lane === "reconnect" ? "reconnect" : "reachOut";
    items.push({ kind: "suggestion", key: `s-${s.lane}-${s.contactId}`, section, s });
  }
  // Reach out before reconnect whatever the engine's interleaving.
  items.sort((a, b) => sectionIndex(a.section) - sectionIndex(b.section));
  const help = t.help.map(
    (h): Item => ({
      kind: "help",
      key: `h-${h.kind}-${h.need.id}-${h.offer?.id ?? "i"}-${h.introduce?.id ?? "me"}`,
      section: h.kind,
      h,
    }),
  );
  for (const section of ["canHelp", "canHelpYou", "introduce"] as const)
    items.push(...help.filter((i) => i.section === section));
  const r = t.reminders;
  for (const [when, list] of [
    ["overdue", r.overdue],
    ["due", r.due],
    ["upcoming", r.upcoming],
  ] as const) {
    for (const x of list) items.push({ kind: "reminder", key: `r-${x.id}`, section: "followUps", r: x, when });
  }
  for (const d of r.dates) {
    items.push({ kind: "date", key: `d-${d.contact.id}-${d.label}-${d.date}`, section: "dates", d });
  }
  return items;
}

function sectionIndex(id: SectionId): number {
  return SECTIONS.findIndex((s) => s.id === id);
}

export type Actions = { done: boolean; snooze: boolean; dismiss: boolean };

/** What the keys d / s / x do on an item. */
export function actionsOf(item: Item): Actions {
  switch (item.kind) {
    case "suggestion":
    case "help":
      return { done: true, snooze: true, dismiss: true };
    case "reminder":
      return { done: true, snooze: true, dismiss: false };
    case "date":
      return { done: true, snooze: false, dismiss: false };
  }
}

/**
 * Where the cursor goes when the list is reloaded: the same item if it is still there,
 * else the item that took its place (the next one), else the last; -1 for an empty list.
 */
export function cursorAfter(items: Item[], key: string | null, index: number): number {
  if (items.length === 0) return -1;
  const same = key === null ? -1 : items.findIndex((i) => i.key === key);
  if (same >= 0) return same;
  return Math.min(Math.max(index, 0), items.length - 1);
}

/** "3 days overdue", "due today", "in 4 days". */
export function dueText(days: number): string {
  if (days < 0) return days === -1 ? "1 day overdue" : `${-days} days overdue`;
  return days <= 1 ? `due ${inDays(days)}` : inDays(days);
}

/** Whom a help item is about, the person its actions act on: the one who offers what I need,
 * else the one in need. */
export function helpPerson(h: HelpOpportunity): ContactRef {
  return h.kind === "canHelpYou" && h.offer ? h.offer.contact : h.need.contact;
}
