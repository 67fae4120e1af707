// What the People screens send the core for a contact, and the core's validation messages
// back on their own fields (unit-tested in contactInput.test.ts): the add form and the
// cadence field.
import type { ContactInput } from "../bindings";
import { type AppError, capitalise, fieldIs } from "../errors";
import { isCircle } from "../lib/circles";
import { parseList } from "../lib/text";

/** The cadence field: blank means the circle's default, otherwise a whole number of days. */
export function parseCadence(text: string): { ok: true; value: number | null } | { ok: false; message: string } {
  const t = text.trim();
  if (!t) return { ok: true, value: null };
  if (!/^\d+$/.test(t) || Number(t) > 4_294_967_295)
    return { ok: false, message: "Enter a whole number of days, or leave it empty for the circle's default." };
  return { ok: true, value: Number(t) };
}

export type NewPersonValues = {
  name: string;
  company: string;
  role: string;
  email: string;
  circle: string;
  tags: string;
};

/** The add form's values as the ContactInput the core expects (email becomes a channel). */
export function newPersonInput(v: NewPersonValues): ContactInput {
  const email = v.email.trim();
  return {
    name: v.name,
    company: v.company.trim() || null,
    role: v.role.trim() || null,
    circle: isCircle(v.circle) ? v.circle : null,
    notes: "",
    tags: parseList(v.tags),
    channels: email ? [{ kind: "email", label: null, value: email }] : [],
    dates: [],
    interests: [],
    nameParts: {},
    titles: [],
    addresses: [],
    pastJobs: [],
  };
}

/** A validation error's messages keyed by the add form's own field names. */
export function newPersonErrors(e: AppError | null): Partial<Record<keyof NewPersonValues, string>> {
  if (e?.type !== "invalid") return {};
  const out: Partial<Record<keyof NewPersonValues, string>> = {};
  const put = (key: keyof NewPersonValues, message: string) => {
    out[key] = out[key] ? `${out[key]} ${capitalise(message)}.` : `${capitalise(message)}.`;
  };
  for (const f of e.data.fields) {
    if (fieldIs(f.field, "channels")) put("email", f.message);
    else if (fieldIs(f.field, "tags")) put("tags", f.message);
    else if (f.field === "name" || f.field === "company" || f.field === "role" || f.field === "circle")
      put(f.field, f.message);
  }
  return out;
}
