// The app's Undo toast: a screen that moved something to the trash, or removed an item from a
// person (an email, a tag), offers to take it back for a few seconds (`offerUndo`), and App
// shows the one offer at a time (`onUndoOffer`). The Trash keeps a deleted thing either way;
// Undo only saves the trip there.

/** What can be undone, how, and where the thing is if the undo fails (`otherwise`). */
export type UndoOffer = { message: string; undo: () => Promise<void>; otherwise: string };

let listener: ((offer: UndoOffer) => void) | null = null;

/** App's one listener; returns how to stop listening. */
export function onUndoOffer(l: (offer: UndoOffer) => void): () => void {
  listener = l;
  return () => {
    if (listener === l) listener = null;
  };
}

/** Offers to undo what was just done: `message` says it, `undo` takes it back, `otherwise` says
 * where it still is if that fails. */
export function offerUndo(message: string, undo: () => Promise<void>, otherwise = "It is in the Trash."): void {
  listener?.({ message, undo, otherwise });
}

/** How long an offer stays, in milliseconds. */
export const UNDO_MS = 8000;
