// Dates and times in words, one style everywhere (unit-tested in dates.test.ts): the core's
// UTC timestamps and "YYYY-MM-DD" calendar dates as local days, "3 days ago", "in 12 days",
// important dates and when they next come round.
import type { ImportantDate } from "../bindings";

/** A UTC timestamp from the core as a local calendar date. */
export function localDate(iso: string, locale?: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleDateString(locale, { year: "numeric", month: "short", day: "numeric" });
}

const DAY_MS = 86_400_000;

/** Whole local calendar days from `from` to `to` (positive when `to` is later). */
export function calendarDays(from: Date, to: Date): number {
  const a = new Date(from.getFullYear(), from.getMonth(), from.getDate()).getTime();
  const b = new Date(to.getFullYear(), to.getMonth(), to.getDate()).getTime();
  return Math.round((b - a) / DAY_MS); // round: a DST change makes a day 23 or 25 hours
}

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? "" : "s"}`;

/** How long ago a UTC timestamp was, in words: "just now", "3 hours ago", "yesterday", "45 days
 * ago", then as the engine's reasons say it (`health::ago`): months from 100 days on, years from
 * two years on, so that a page and its reasons say the same; "never" without one. */
export function relativeTime(iso: string | null, now: Date = new Date()): string {
  if (!iso) return "never";
  const then = new Date(iso);
  if (Number.isNaN(then.getTime())) return iso;
  const ms = now.getTime() - then.getTime();
  const future = ms < 0;
  const abs = Math.abs(ms);
  if (abs < 60_000) return "just now";
  const say = (n: number, unit: string) => (future ? `in ${plural(n, unit)}` : `${plural(n, unit)} ago`);
  const days = Math.abs(calendarDays(then, now));
  if (abs < 3_600_000) return say(Math.floor(abs / 60_000), "minute");
  if (days === 0) return say(Math.floor(abs / 3_600_000), "hour");
  if (days === 1) return future ? "tomorrow" : "yesterday";
  if (days < 100) return say(days, "day");
  if (days < 730) return say(Math.round(days / 30.44), "month");
  return say(Math.round(days / 365.25), "year");
}

/**
 * When an interaction happened, in local time. Without a time only the date counts, and
 * that date is the UTC one the core stored (so it never shifts a day with the time zone).
 */
export function formatWhen(iso: string, hasTime: boolean, locale?: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  if (!hasTime)
    return d.toLocaleDateString(locale, { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" });
  return d.toLocaleString(locale, {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
  });
}

/** A calendar date ("2026-03-14", as the core sends `metOn` and `dueOn`) in words. */
export function formatDay(day: string, locale?: string): string {
  const m = /^(\d{4,})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return day;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toLocaleDateString(locale, { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" });
}

/** An important date's day in words: "March 14, 1990", or "March 14" without a year. */
export function importantDateText(d: Pick<ImportantDate, "year" | "month" | "day">, locale?: string): string {
  const date = new Date(Date.UTC(d.year ?? 2000, d.month - 1, d.day));
  if (Number.isNaN(date.getTime())) return `${d.year ?? "----"}-${d.month}-${d.day}`;
  return date.toLocaleDateString(locale, {
    month: "long",
    day: "numeric",
    ...(d.year != null ? { year: "numeric" as const } : {}),
    timeZone: "UTC",
  });
}

/**
 * Days until an important date next comes round (0 = today), in local time; null for a
 * one-off date that has passed. Feb 29 falls on Mar 1 in other years.
 */
export function daysUntil(d: ImportantDate, now: Date = new Date()): number | null {
  const today = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  if (!d.recurring) {
    if (d.year == null) return null;
    const days = calendarDays(today, new Date(d.year, d.month - 1, d.day));
    return days >= 0 ? days : null;
  }
  let next = new Date(today.getFullYear(), d.month - 1, d.day);
  if (next < today) next = new Date(today.getFullYear() + 1, d.month - 1, d.day);
  return calendarDays(today, next);
}

/** Today's local date as "YYYY-MM-DD". */
export function todayIso(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** "YYYY-MM-DD" plus `days` calendar days (UTC arithmetic on the date alone, so no DST
 * surprises). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** True when a "YYYY-MM-DD" due date is before today (local). */
export function isOverdue(dueOn: string, now: Date = new Date()): boolean {
  return dueOn < todayIso(now);
}

/** "today", "tomorrow", "in 12 days". */
export function inDays(days: number): string {
  return days === 0 ? "today" : days === 1 ? "tomorrow" : `in ${days} days`;
}
