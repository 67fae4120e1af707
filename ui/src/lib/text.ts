// Small text helpers shared by the screens (unit-tested in text.test.ts): a person's initials
// and subtitle, counts of people, long text clipped, comma-separated lists.
import type { Contact } from "../bindings";

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
