// How an interaction's kind and its initiator read in the UI.
import type { Initiator, InteractionKind } from "../bindings";

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
