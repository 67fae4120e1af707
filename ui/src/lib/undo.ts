// The app's Undo toast: a screen that moved something to the trash offers to take it back
// for a few seconds (`offerUndo`), and App shows the one offer at a time (`onUndoOffer`). The
// Trash keeps the thing either way; Undo only saves the trip there.

/** What can be undone, and how. */
export type UndoOffer = { message: string; undo: () => Promise<void> };

let listener: ((offer: UndoOffer) => void) | null = null;

/** App's one listener; returns how to stop listening. */
export function onUndoOffer(l: (offer: UndoOffer) => void): () => void {
  listener = l;
  return () => {
    if (listener === l) listener = null;
  };
}

/** Offers to undo what was just done: `message` says it, `undo` takes it back. */
export function offerUndo(message: string, undo: () => Promise<void>): void {
  listener?.({ message, undo });
}

/** How long an offer stays, in milliseconds. */
export const UNDO_MS = 8000;
