// What Settings → Sources and Today say about sources, reads and the queue of people who are
// not in Kith: every count with its right plural, every sentence true of the report it is
// made from.
import type { ScanReport, Source, SourceKind, SourceTotals, Unknown } from "../bindings";
import { formatWhen, relativeTime } from "../lib/dates";

const plural = (n: number, one: string, many: string) => `${n.toLocaleString()} ${n === 1 ? one : many}`;

/** How much an author of a chat export wrote, as offered for "This is me". */
export function authorCount(messages: number | null, conversations: number | null): string {
  if (messages !== null) return plural(messages, "message", "messages");
  if (conversations !== null) return `in ${plural(conversations, "conversation", "conversations")}`;
  return "";
}

/** What one item of a source is called. */
export function itemWord(kind: SourceKind, n: number): string {
  switch (kind) {
    case "ics":
      return plural(n, "calendar event", "calendar events");
    case "sms-backup":
      return plural(n, "text or call", "texts and calls");
    default:
      return plural(n, "message", "messages");
  }
}

export function kindLabel(kind: SourceKind): string {
  switch (kind) {
    case "ics":
      return "calendar";
    case "mbox":
      return "mbox";
    case "maildir":
      return "Maildir";
    case "sms-backup":
      return "phone backup";
    case "whatsapp":
      return "WhatsApp";
    case "telegram":
      return "Telegram";
    case "linkedin-messages":
      return "LinkedIn messages";
    case "signal":
      return "Signal";
  }
}

/** What the file of a source is, in "Nothing to read in …". */
function sourceNoun(kind: SourceKind): string {
  switch (kind) {
    case "ics":
      return "this calendar";
    case "mbox":
    case "maildir":
      return "this mailbox";
    default:
      return "this export";
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
    if (t.read === 0) return `Nothing to read in ${sourceNoun(kind)}.`;
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

/** A person's count in a report: "3 emails, 1 meeting, 12 messages, 2 calls". */
export function countText(emails: number, meetings: number, messages = 0, calls = 0): string {
  const parts = [];
  if (emails > 0) parts.push(plural(emails, "email", "emails"));
  if (meetings > 0) parts.push(plural(meetings, "meeting", "meetings"));
  if (messages > 0) parts.push(plural(messages, "message", "messages"));
  if (calls > 0) parts.push(plural(calls, "call", "calls"));
  return parts.join(", ");
}

/** What the messages of an address in the queue are: emails for an email address, texts for a
 * number, chat messages for a name in a chat app. */
function messageWords(address: string): [string, string] {
  if (address.startsWith("tel:")) return ["text", "texts"];
  if (/^[a-z]+:/.test(address)) return ["message", "messages"];
  return ["email", "emails"];
}

/** How the person and an address in the queue have been in touch, and how recently. */
export function unknownText(u: Unknown, locale?: string): string {
  const [one, many] = messageWords(u.email);
  const parts = [];
  if (u.sent > 0) parts.push(`${plural(u.sent, one, many)} from you`);
  if (u.received > 0) parts.push(`${plural(u.received, one, many)} to you`);
  if (u.met > 0) parts.push(plural(u.met, "meeting", "meetings"));
  if (u.calls > 0) parts.push(plural(u.calls, "call", "calls"));
  return `${parts.join(" · ")} · last ${formatWhen(u.lastAt, false, locale)}`;
}

/** Today's line about the queue: "3 people you write to are not in Kith". */
export function queueLine(list: Unknown[]): string {
  const n = list.length;
  const verbs = [
    list.some((u) => u.sent > 0 || u.received > 0) && "write to",
    list.some((u) => u.calls > 0) && "call",
    list.some((u) => u.met > 0) && "meet",
  ].filter((v): v is string => Boolean(v));
  const verb =
    verbs.length > 1 ? `${verbs.slice(0, -1).join(", ")} or ${verbs[verbs.length - 1]}` : (verbs[0] ?? "write to");
  return n === 1 ? `1 person you ${verb} is not in Kith` : `${n.toLocaleString()} people you ${verb} are not in Kith`;
}

/** What reading every source again did. */
export function scanAllText(reports: ScanReport[]): string {
  const fresh = reports.reduce((n, r) => n + r.totals.newItems, 0);
  const made = reports.reduce((n, r) => n + r.totals.interactions, 0);
  if (fresh === 0 && made === 0) return "Nothing new in your sources.";
  return `Read your sources: ${plural(fresh, "new message or event", "new messages or events")}, ${plural(made, "interaction", "interactions")} made.`;
}
