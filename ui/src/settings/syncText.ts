// Sentences of Settings → Sync, from the core's numbers: each true of the data it is given
// ("1 change", "2 changes", "no changes").
import type { SyncDevice, SyncReport } from "../bindings";
import { formatWhen } from "../lib/dates";

/** "1 change", "2 changes", "no changes". */
export function changes(n: number): string {
  if (n === 0) return "no changes";
  return n === 1 ? "1 change" : `${n.toLocaleString("en-US")} changes`;
}

/** A moment the core gives in ms since 1970, in the words dates take elsewhere. */
export function formatMs(ms: number, locale?: string): string {
  return formatWhen(new Date(ms).toISOString(), true, locale);
}

/** What came from another computer: "3 changes applied, last at 3 May 2026, 10:02". */
export function deviceLine(d: SyncDevice, locale?: string): string {
  if (d.thisDevice) {
    const written = d.applied === 0 ? "Nothing written out yet" : `${capital(changes(d.applied))} written out`;
    return d.lastAppliedAt === null ? written : `${written}, last at ${formatMs(d.lastAppliedAt, locale)}`;
  }
  if (d.applied === 0) return "Nothing applied from it yet";
  const applied = `${capital(changes(d.applied))} applied`;
  return d.lastAppliedAt === null ? applied : `${applied}, last at ${formatMs(d.lastAppliedAt, locale)}`;
}

/** This computer's changes not written out yet. */
export function pendingLine(pending: number, paused: boolean): string {
  if (pending === 0) return "Everything changed here is written out.";
  const waiting = `${capital(changes(pending))} ${pending === 1 ? "is" : "are"} waiting to be written out`;
  return paused ? `${waiting} (sync is paused).` : `${waiting}.`;
}

/** What one pass did, in one sentence. */
export function passLine(r: SyncReport): string {
  if (r.notes.length > 0 && r.sent === 0 && r.received === 0) return capital(r.notes.join("; "));
  if (r.sent === 0 && r.received === 0) return "Synced: nothing new here or on the other computers.";
  const done = `Synced: ${changes(r.sent)} sent, ${changes(r.received)} received.`;
  return r.notes.length > 0 ? `${done} ${capital(r.notes.join("; "))}.` : done;
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
