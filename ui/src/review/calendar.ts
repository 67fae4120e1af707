// Pure helpers for the Review screen: the activity calendar's layout and colour levels,
// and the weekly review's queue.
import type { FadingTie, OneSidedTie } from "../bindings";
import { addDays } from "../lib/dates";

export type Cell = { date: string; count: number; level: number } | null;

/** 0 for none, then 1–4 by quartile of the non-zero days. */
export function levels(counts: number[]): (n: number) => number {
  const nz = counts.filter((c) => c > 0).sort((a, b) => a - b);
  if (nz.length === 0) return () => 0;
  const q = (p: number) => nz[Math.min(nz.length - 1, Math.floor(p * nz.length))] ?? 0;
  const [a, b, c] = [q(0.25), q(0.5), q(0.75)];
  return (n) => (n <= 0 ? 0 : n <= a ? 1 : n <= b ? 2 : n <= c ? 3 : 4);
}

/** Weeks (columns, Monday first) of days from `from`, padded with nulls to whole weeks. */
export function calendarWeeks(from: string, counts: number[]): Cell[][] {
  const level = levels(counts);
  const dow = (new Date(`${from}T00:00:00Z`).getUTCDay() + 6) % 7;
  const cells: Cell[] = Array.from({ length: dow }, () => null);
  counts.forEach((count, i) => {
    cells.push({ date: addDays(from, i), count, level: level(count) });
  });
  while (cells.length % 7 !== 0) cells.push(null);
  const weeks: Cell[][] = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  return weeks;
}

export type Step =
  | { kind: "fading"; id: number; name: string; tie: FadingTie }
  | { kind: "oneSided"; id: number; name: string; tie: OneSidedTie };

/** The weekly review's steps: fading ties first (biggest drop first), then one-sided ones;
 *  a person on both lists comes once, as fading; a tie snoozed (in an earlier review or from
 *  Today) is passed over until its snooze ends. */
export function reviewQueue(fading: FadingTie[], oneSided: OneSidedTie[]): Step[] {
  const seen = new Set<number>();
  const steps: Step[] = [];
  for (const tie of fading) {
    if (seen.has(tie.contact.id) || tie.snoozedUntil) continue;
    seen.add(tie.contact.id);
    steps.push({ kind: "fading", id: tie.contact.id, name: tie.contact.name, tie });
  }
  for (const tie of oneSided) {
    if (seen.has(tie.contact.id) || tie.snoozedUntil) continue;
    seen.add(tie.contact.id);
    steps.push({ kind: "oneSided", id: tie.contact.id, name: tie.contact.name, tie });
  }
  return steps;
}
