// Errors as the UI sees them: the core's tagged KithError, or a failure of the IPC call
// itself (a command the capability does not grant, arguments that did not deserialise).
// Every error is turned into words here, as a whole or per field (next to the control that
// holds it); no screen shows a raw object or swallows one.
import type { KithError, SyncFileProblem } from "./bindings";

export type AppError = KithError | { type: "ipc"; data: { message: string } };

const KITH_ERROR_TYPES: ReadonlySet<string> = new Set([
  "invalid",
  "noMatch",
  "ambiguous",
  "notFound",
  "notADatabase",
  "newerDatabase",
  "migration",
  "io",
  "database",
  "damaged",
  "syncKeyTypo",
  "wrongSyncKey",
  "syncFile",
]);

/** Whatever a rejected `invoke` threw, as an AppError. */
export function toAppError(raw: unknown): AppError {
  if (typeof raw === "object" && raw !== null && "type" in raw && "data" in raw) {
    const type = (raw as { type: unknown }).type;
    if (typeof type === "string" && KITH_ERROR_TYPES.has(type)) return raw as KithError;
  }
  if (raw instanceof Error) return { type: "ipc", data: { message: raw.message } };
  if (typeof raw === "string") return { type: "ipc", data: { message: raw } };
  return { type: "ipc", data: { message: JSON.stringify(raw) ?? String(raw) } };
}

/** One or two sentences a person can act on. */
export function describeError(e: AppError): string {
  switch (e.type) {
    case "invalid":
      return e.data.fields.map((f) => `${capitalise(f.field)}: ${f.message}.`).join(" ");
    case "noMatch":
      return `No ${e.data.entity} matches "${e.data.query}".`;
    case "ambiguous":
      return `"${e.data.query}" matches several people: ${e.data.matches.map((m) => m.name).join(", ")}. Pick one.`;
    case "notFound":
      return `That ${e.data.entity} no longer exists (id ${e.data.id}).`;
    case "notADatabase":
      return `${e.data.path} is not a Kith database: ${e.data.reason}. Kith left it untouched.`;
    case "newerDatabase":
      return (
        `${e.data.path} was written by a newer version of Kith (schema ${e.data.found}; ` +
        `this version reads up to ${e.data.supported}). Kith left it untouched: update Kith to open it.`
      );
    case "migration":
      return `Upgrading the database to version ${e.data.version} failed and was undone: ${e.data.message}`;
    case "io":
      return `Could not use ${e.data.path}: ${e.data.message}`;
    case "damaged":
      return `${e.data.path} is damaged (${e.data.message}). Kith did not open it.`;
    case "database":
      return `The database reported an error: ${e.data.message}`;
    case "syncKeyTypo":
      return `${capitalise(e.data.message)}.`;
    case "wrongSyncKey":
      return (
        `This key does not open the sync folder ${e.data.folder}; nothing in it was read or changed. ` +
        "Use the recovery key or passphrase the folder was set up with."
      );
    case "syncFile":
      return `${e.data.path}: ${describeSyncFileProblem(e.data.problem)}`;
    case "ipc":
      return `Kith could not complete that request: ${e.data.message}`;
  }
}

/** Why a file of the sync folder was refused, as the end of a sentence after its path. */
function describeSyncFileProblem(p: SyncFileProblem): string {
  switch (p.type) {
    case "notASyncFile":
      return "not a Kith sync file; it was left alone.";
    case "incomplete":
      return `still arriving (${p.data.found} of ${p.data.expected} bytes); it will be read on a later pass.`;
    case "newerFormat":
      return (
        `written by a newer version of Kith (sync file format ${p.data.found}; this version reads up to ` +
        `${p.data.supported}); it was kept for when Kith on this computer is updated.`
      );
    case "damaged":
      return `damaged (${p.data.reason}); it was not applied.`;
    case "otherKey":
      return "written with a different key than this sync folder's; it was not applied.";
    case "tampered":
      return "failed its authenticity check: it was altered after it was written; it was not applied.";
    case "alreadyExists":
      return "already exists; change files are never overwritten.";
  }
}

/** Per-field messages of a validation error, keyed by field name; empty for other errors. */
export function fieldErrors(e: AppError | null): Record<string, string> {
  if (e?.type !== "invalid") return {};
  const out: Record<string, string> = {};
  for (const f of e.data.fields) out[f.field] = f.message;
  return out;
}

/** True for errors that mean the database cannot be used at all. */
export function isFatal(e: AppError): boolean {
  return (
    e.type === "notADatabase" ||
    e.type === "newerDatabase" ||
    e.type === "migration" ||
    e.type === "io" ||
    e.type === "damaged"
  );
}

export function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** True when `field` (e.g. `channels[1].label`) is `name` or one of its parts. */
export function fieldIs(field: string, name: string): boolean {
  return field === name || field.startsWith(`${name}[`) || field.startsWith(`${name}.`);
}

/**
 * The message to show next to the control for `name` after a failed save: that field's own
 * messages when the core named it, otherwise the whole error in words.
 */
export function messageFor(e: AppError, name: string): string {
  if (e.type === "invalid") {
    const mine = e.data.fields.filter((f) => fieldIs(f.field, name));
    if (mine.length) return mine.map((f) => `${capitalise(f.message)}.`).join(" ");
  }
  return describeError(e);
}

/** Every message of an error: a validation error's own sentences, anything else in words. */
export function allMessages(e: AppError): string {
  if (e.type === "invalid" && e.data.fields.length)
    return e.data.fields.map((f) => `${capitalise(f.message)}.`).join(" ");
  return describeError(e);
}
