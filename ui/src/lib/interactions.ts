// Interaction kinds as the UI knows them: the one list of every kind (in the order the Log
// offers them), how each reads on the timeline, and how the initiator reads. The list is
// checked against the generated `InteractionKind`: a kind the core adds and this list lacks,
// or a kind here the core does not know, fails to compile.
import type { Initiator, InteractionKind } from "../bindings";

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
