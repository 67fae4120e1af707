// What Settings → Sources and Today say about sources, reads and the queue of people who are
// not in Kith: every count with its right plural, every sentence true of the report it is
// made from.
import type { ScanReport, Source, SourceKind, SourceTotals, Unknown } from "../bindings";
import { formatWhen, relativeTime } from "../lib/dates";

const plural = (n: number, one: string, many: string) => `${n.toLocaleString()} ${n === 1 ? one : many}`;

/** What one item of a source is called. */
export function itemWord(kind: SourceKind, n: number): string {
  return kind === "ics" ? plural(n, "calendar event", "calendar events") : plural(n, "message", "messages");
}

export function kindLabel(kind: SourceKind): string {
  switch (kind) {
    case "ics":
      return "calendar";
    case "mbox":
      return "mbox";
    case "maildir":
      return "Maildir";
  }
}

/** A source's state in a few words: when it was last read, or why it cannot be. */
export function sourceState(s: Source, now: Date = new Date()): string {
  switch (s.status) {
    case "missing":
      return "Not found any more; what it brought stays";
    case "unreadable":
      return "Cannot be read; what it brought stays";
    case "ok":
      return s.readAt ? `Read ${relativeTime(s.readAt, now)}` : "Not read to the end yet";
  }
}

/** What a source has brought over every read. */
export function totalsText(kind: SourceKind, t: SourceTotals): string {
  const skipped = t.skipped.reduce((n, s) => n + s.count, 0);
  const parts = [`${itemWord(kind, t.read)} read`, `${plural(t.interactions, "interaction", "interactions")} made`];
  if (skipped > 0) parts.push(`${skipped.toLocaleString()} skipped`);
  return parts.join(" · ");
}

/** The first line of a read's report (a preview says what it would do). */
export function reportSummary(r: ScanReport): string {
  const t = r.totals;
  const kind = r.source.kind;
  const people = plural(r.contacts.length, "person", "people");
  if (!r.committed) {
    if (t.read === 0) return `Nothing to read in ${kind === "ics" ? "this calendar" : "this mailbox"}.`;
    return (
      `Would read ${itemWord(kind, t.read)} and make ${plural(t.interactions, "interaction", "interactions")} ` +
      `with ${people} in Kith. Nothing is kept until you import.`
    );
  }
  if (t.read === 0 && t.interactions === 0) return "Nothing new since the last read.";
  if (t.read === 0)
    return `Nothing new in the file; made ${plural(t.interactions, "interaction", "interactions")} of what has taken place since the last read.`;
  const known = r.known > 0 ? `, ${r.known.toLocaleString()} already in Kith` : "";
  return (
    `Read ${itemWord(kind, t.read)} (${t.newItems.toLocaleString()} new${known}) and made ` +
    `${plural(t.interactions, "interaction", "interactions")}${t.interactions > 0 ? ` with ${people} in Kith` : ""}.`
  );
}

/** A person's count in a report: "3 emails, 1 meeting". */
export function countText(emails: number, meetings: number): string {
  const parts = [];
  if (emails > 0) parts.push(plural(emails, "email", "emails"));
  if (meetings > 0) parts.push(plural(meetings, "meeting", "meetings"));
  return parts.join(", ");
}

/** How the person and an address in the queue have been in touch, and how recently. */
export function unknownText(u: Unknown, locale?: string): string {
  const parts = [];
  if (u.sent > 0) parts.push(`${plural(u.sent, "email", "emails")} from you`);
  if (u.received > 0) parts.push(`${plural(u.received, "email", "emails")} to you`);
  if (u.met > 0) parts.push(plural(u.met, "meeting", "meetings"));
  return `${parts.join(" · ")} · last ${formatWhen(u.lastAt, false, locale)}`;
}

/** Today's line about the queue: "3 people you write to are not in Kith". */
export function queueLine(list: Unknown[]): string {
  const n = list.length;
  const wrote = list.some((u) => u.sent > 0 || u.received > 0);
  const met = list.some((u) => u.met > 0);
  const verb = wrote && met ? "write to or meet" : met ? "meet" : "write to";
  return n === 1 ? `1 person you ${verb} is not in Kith` : `${n.toLocaleString()} people you ${verb} are not in Kith`;
}

/** What reading every source again did. */
export function scanAllText(reports: ScanReport[]): string {
  const fresh = reports.reduce((n, r) => n + r.totals.newItems, 0);
  const made = reports.reduce((n, r) => n + r.totals.interactions, 0);
  if (fresh === 0 && made === 0) return "Nothing new in your sources.";
  return `Read your sources: ${plural(fresh, "new message or event", "new messages or events")}, ${plural(made, "interaction", "interactions")} made.`;
}
