// Small, pure formatting helpers for people (unit-tested in format.test.ts).
import type { Contact } from "../bindings";

/** Up to two initials, from the first and last word of a name, in any script. */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/u).filter(Boolean);
  const first = words[0];
  if (!first) return "?";
  const last = words.length > 1 ? words[words.length - 1] : undefined;
  const letter = (w: string) => Array.from(w)[0]?.toUpperCase() ?? "";
  return letter(first) + (last ? letter(last) : "");
}

/** "Role · Company", whichever of the two are known. */
export function subtitle(c: Pick<Contact, "role" | "company">): string {
  return [c.role, c.company].filter((x): x is string => !!x).join(" · ");
}

/** A UTC timestamp from the core as a local calendar date. */
export function localDate(iso: string, locale?: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleDateString(locale, { year: "numeric", month: "short", day: "numeric" });
}
