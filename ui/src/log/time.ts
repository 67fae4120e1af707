// Local-time helpers for the Log form. The core stores UTC; people type local time, in their
// own words: "2026-11-30 14:00", "yesterday 3pm", "last friday", "30.11.2026". Reading those
// is chrono-node's (unit-tested in time.test.ts); what was read is shown under the field, so a
// misread is seen before it is saved.
import * as chrono from "chrono-node";

const pad = (n: number) => String(n).padStart(2, "0");
const userLocale = () => (typeof navigator === "undefined" ? "en-US" : navigator.language);

/** `d` as the text a When field starts with, in local time, to the minute: "2026-11-30 14:05". */
export function toLocalInput(d: Date): string {
  return `${toLocalDate(d)} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** `d` as a local calendar date, "2026-11-30". */
export function toLocalDate(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** What a typed moment was read as: the UTC timestamp the core takes, and whether a time of day
 * was given (without one only the date counts, stored as that date at 00:00 UTC, as the CLI
 * does for `--at YYYY-MM-DD`). `local` is the moment in local time, for showing it back. */
export type TypedMoment = { occurredAt: string; hasTime: boolean; local: Date; day: string };

// Day-first reading for numeric dates ("03/04/2026") outside the US and Canada.
const dayFirst = (locale: string) => !/^en-(US|CA)$/i.test(locale) && /^en|^[a-z]{2}/i.test(locale);

/**
 * `text` read as a moment in local time, relative to `now` (a weekday without a date is the last
 * one, or with `forward` the next one); null when the whole text is not one
 * date (with or without a time): "lunch yesterday" is not read as "yesterday", so nothing is
 * guessed from a sentence.
 */
export function parseMoment(
  text: string,
  now: Date,
  { locale = userLocale(), forward = false }: { locale?: string; forward?: boolean } = {},
): TypedMoment | null {
  const typed = text.trim();
  if (!typed) return null;
  const numeric = /^\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b/.test(typed);
  const parser = numeric && dayFirst(locale) ? chrono.en.GB : chrono.casual;
  const [found] = parser.parse(typed, now, { forwardDate: forward });
  if (found?.index !== 0 || found.text.length !== typed.length || found.end) return null;
  const local = found.start.date();
  if (Number.isNaN(local.getTime())) return null;
  const day = toLocalDate(local);
  const hasTime = found.start.isCertain("hour");
  return { occurredAt: hasTime ? local.toISOString() : `${day}T00:00:00Z`, hasTime, local, day };
}

/** A typed calendar date that is due ("friday", "in 2 weeks", "2026-12-15"), as "YYYY-MM-DD";
 * a weekday or month without a year is the next one. Null when it is not one date; a time of day,
 * if given, is ignored. */
export function parseDueDay(text: string, now: Date, locale: string = userLocale()): string | null {
  return parseMoment(text, now, { locale, forward: true })?.day ?? null;
}
