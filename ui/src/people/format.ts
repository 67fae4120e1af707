// Small, pure helpers for the People screens (unit-tested in format.test.ts): names, times,
// dates, labels, error messages per field, and building what the core is sent.
import type { Circle, Contact, ContactInput, ImportantDate, Initiator, InteractionKind } from "../bindings";
import { type AppError, capitalise, describeError } from "../errors";

/** Up to two initials, from the first and last word of a name, in any script. */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/u).filter(Boolean);
  const first = words[0];
  if (!first) return "?";
  // The last word with a letter: a trailing number ("Ana Martin 5124") makes a poor initial.
  const last = words
    .slice(1)
    .reverse()
    .find((w) => /\p{L}/u.test(w));
  const letter = (w: string) => Array.from(w)[0]?.toUpperCase() ?? "";
  return letter(first) + (last ? letter(last) : "");
}

/** "Role · Company", whichever of the two are known. */
export function subtitle(c: Pick<Contact, "role" | "company">): string {
  return [c.role, c.company].filter((x): x is string => !!x).join(" · ");
}

/** "1 person", "2 people", "10,000 people". */
export function countText(n: number): string {
  return n === 1 ? "1 person" : `${n.toLocaleString("en-US")} people`;
}

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

/** How long ago a UTC timestamp was, in words: "just now", "3 days ago", "never". */
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
  if (days < 14) return say(days, "day");
  if (days < 60) return say(Math.floor(days / 7), "week");
  if (days < 365) return say(Math.max(2, Math.floor(days / 30.44)), "month");
  return say(Math.max(1, Math.floor(days / 365.25)), "year");
}

/**
 * When an interaction happened, in local time. Without a time only the date counts, and
 * that date is the UTC one the core stored (so it never shifts a day with the time zone).
 */
export function formatWhen(iso: string, hasTime: boolean, locale?: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  if (!hasTime) return d.toLocaleDateString(locale, { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" });
  return d.toLocaleString(locale, { year: "numeric", month: "short", day: "numeric", hour: "numeric", minute: "2-digit" });
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

export const CIRCLES: { value: Circle; label: string }[] = [
  { value: "inner", label: "Inner" },
  { value: "close", label: "Close" },
  { value: "network", label: "Network" },
  { value: "wider", label: "Wider" },
];

export function circleLabel(c: Circle | null): string {
  return CIRCLES.find((x) => x.value === c)?.label ?? "";
}

export function isCircle(v: string): v is Circle {
  return CIRCLES.some((c) => c.value === v);
}

export const KINDS: Record<InteractionKind, { label: string; icon: string }> = {
  meeting: { label: "Meeting", icon: "◎" },
  call: { label: "Call", icon: "☎" },
  video: { label: "Video call", icon: "▶" },
  message: { label: "Message", icon: "✉" },
  email: { label: "Email", icon: "@" },
  event: { label: "Event", icon: "★" },
  introduction: { label: "Introduction", icon: "⇄" },
  note: { label: "Note", icon: "✎" },
};

export function initiatorText(i: Initiator | null): string {
  return i === "me" ? "I reached out" : i === "them" ? "They reached out" : i === "mutual" ? "Both reached out" : "";
}

/** A long text cut at a word boundary near `max` characters (or its 6th line). */
export function clip(text: string, max = 280, maxLines = 6): { text: string; clipped: boolean } {
  const lines = text.split("\n");
  let cut = text;
  if (lines.length > maxLines) cut = lines.slice(0, maxLines).join("\n");
  if (cut.length > max) {
    const space = cut.lastIndexOf(" ", max);
    cut = cut.slice(0, space > max * 0.6 ? space : max);
  }
  if (cut === text) return { text, clipped: false };
  return { text: `${cut.trimEnd()}…`, clipped: true };
}

/** Comma-separated words as a list: trimmed, blanks dropped. */
export function parseList(text: string): string[] {
  return text
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The cadence field: blank means the circle's default, otherwise a whole number of days. */
export function parseCadence(text: string): { ok: true; value: number | null } | { ok: false; message: string } {
  const t = text.trim();
  if (!t) return { ok: true, value: null };
  if (!/^\d+$/.test(t) || Number(t) > 4_294_967_295)
    return { ok: false, message: "Enter a whole number of days, or leave it empty for the circle's default." };
  return { ok: true, value: Number(t) };
}

/** True when `field` (e.g. `channels[1].label`) is `name` or one of its parts. */
export function fieldIs(field: string, name: string): boolean {
  return field === name || field.startsWith(`${name}[`) || field.startsWith(`${name}.`);
}

/**
 * The message to show next to the control for `name` after a failed save: that field's own
 * messages when the core named it, otherwise the whole error in words.
 */
export function messageFor(e: AppError, name: string): string {
  if (e.type === "invalid") {
    const mine = e.data.fields.filter((f) => fieldIs(f.field, name));
    if (mine.length) return mine.map((f) => `${capitalise(f.message)}.`).join(" ");
  }
  return describeError(e);
}

/** Every message of an error: a validation error's own sentences, anything else in words. */
export function allMessages(e: AppError): string {
  if (e.type === "invalid" && e.data.fields.length) return e.data.fields.map((f) => `${capitalise(f.message)}.`).join(" ");
  return describeError(e);
}

export type NewPersonValues = {
  name: string;
  company: string;
  role: string;
  email: string;
  circle: string;
  tags: string;
};

/** The add form's values as the ContactInput the core expects (email becomes a channel). */
export function newPersonInput(v: NewPersonValues): ContactInput {
  const email = v.email.trim();
  return {
    name: v.name,
    company: v.company.trim() || null,
    role: v.role.trim() || null,
    circle: isCircle(v.circle) ? v.circle : null,
    notes: "",
    tags: parseList(v.tags),
    channels: email ? [{ kind: "email", label: null, value: email }] : [],
    dates: [],
    interests: [],
  };
}

/** A validation error's messages keyed by the add form's own field names. */
export function newPersonErrors(e: AppError | null): Partial<Record<keyof NewPersonValues, string>> {
  if (e?.type !== "invalid") return {};
  const out: Partial<Record<keyof NewPersonValues, string>> = {};
  const put = (key: keyof NewPersonValues, message: string) => {
    out[key] = out[key] ? `${out[key]} ${capitalise(message)}.` : `${capitalise(message)}.`;
  };
  for (const f of e.data.fields) {
    if (fieldIs(f.field, "channels")) put("email", f.message);
    else if (fieldIs(f.field, "tags")) put("tags", f.message);
    else if (f.field === "name" || f.field === "company" || f.field === "role" || f.field === "circle")
      put(f.field, f.message);
  }
  return out;
}
