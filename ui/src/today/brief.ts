// What Today's Upcoming says of a meeting and of each person on it (the meeting brief): the
// same facts as `kith upcoming` / `kith brief`, as short lines with the right plurals.
import type { Brief, BriefFollowUp, BriefNeed, Upcoming } from "../bindings";

/** "today", "tomorrow", "in 3 days", "yesterday", "4 days ago". */
export function inDaysText(d: number): string {
  if (d === 0) return "today";
  if (d === 1) return "tomorrow";
  if (d === -1) return "yesterday";
  return d > 1 ? `in ${d} days` : `${-d} days ago`;
}

/** "Ana Ruiz", "Ana Ruiz and Bo Chen", "Ana, Bo and Cy", with "+ 2 not in Kith". */
export function whoText(u: Upcoming): string {
  const names = u.people.map((p) => p.contact.name);
  const list = names.length <= 1 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
  return u.others > 0 ? `${list} + ${u.others} not in Kith` : list;
}

export function followUpText(f: BriefFollowUp): string {
  const what = f.source === "promise" ? "You promised" : f.source === "their_promise" ? "They promised" : "Follow up";
  const due = f.inDays < 0 ? `was due ${inDaysText(f.inDays)}` : `due ${inDaysText(f.inDays)}`;
  return `${what}: ${f.text} (${due})`;
}

export function needText(n: BriefNeed): string {
  if (n.offer) return `Needs: ${n.text} — your offer “${n.offer.text}” fits`;
  if (n.interest) return `Needs: ${n.text} — you are into ${n.interest}`;
  return `Needs: ${n.text}`;
}

export function dateText(b: Brief): string | null {
  const d = b.dateComingUp;
  if (!d) return null;
  const years = d.years != null ? ` (${d.years} years)` : "";
  return `${d.label} ${inDaysText(d.inDays)}${years}`;
}
