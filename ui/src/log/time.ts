// Local-time helpers for the Log form. The core stores UTC; people type local time.

const pad = (n: number) => String(n).padStart(2, "0");

/** `d` as the value of an `<input type="datetime-local">`, in local time, to the minute. */
export function toLocalInput(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** `d` as the value of an `<input type="date">`, in local time. */
export function toLocalDate(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/**
 * A datetime-local value (local time) as a UTC ISO timestamp, or null when it is not a
 * date at all (the browser leaves the field empty for impossible dates).
 */
export function localInputToUtc(value: string): string | null {
  if (!/^\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}
