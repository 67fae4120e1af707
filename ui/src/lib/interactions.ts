// Interaction kinds as the UI knows them: the one list of every kind (in the order the Log
// offers them), how each reads on the timeline, and how the initiator reads. The list is
// checked against the generated `InteractionKind`: a kind the core adds and this list lacks,
// or a kind here the core does not know, fails to compile. And how a promise logged with an
// interaction reads: whose, to whom, by when.
import type { ContactRef, FollowUp, Initiator, InteractionKind } from "../bindings";
import { formatDay } from "./dates";

/** Every interaction kind, once, in the order the Log's picker shows them. */
export const INTERACTION_KINDS = [
  "meeting",
  "call",
  "video",
  "message",
  "email",
  "event",
  "introduction",
  "note",
] as const satisfies readonly InteractionKind[];

/** The kinds `InteractionKind` has and `INTERACTION_KINDS` lacks; `never` when it lists them all. */
type MissingKinds = Exclude<InteractionKind, (typeof INTERACTION_KINDS)[number]>;
// Compiles only while `MissingKinds` is `never`.
true satisfies [MissingKinds] extends [never] ? true : MissingKinds;

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

/** Whose promise, to whom, due when: "You promised Bea, by Dec 1, 2026". */
export function promiseText(f: FollowUp, participants: ContactRef[], locale?: string): string {
  const whom = participants.find((p) => p.id === f.contact)?.name;
  const by = formatDay(f.dueOn, locale);
  if (f.by === "them") return `${whom ?? "They"} promised, by ${by}`;
  return whom ? `You promised ${whom}, by ${by}` : `You promised, by ${by}`;
}
