// The add-a-person form: name, company, role, email, and optionally circle and tags. The
// core validates; this form shows each field's message next to the field and keeps what was
// typed. Enter or Ctrl+Enter saves, Esc cancels.
import { type FormEvent, useEffect, useRef, useState } from "react";
import { api, errorOf } from "../api";
import type { Contact } from "../bindings";
import { ErrorBanner } from "../ErrorBanner";
import type { AppError } from "../errors";
import { saveOrCancelKeys } from "../keys";
import { CIRCLES } from "../lib/circles";
import { SaveCancel } from "../lib/SaveCancel";
import { type NewPersonValues, newPersonErrors, newPersonInput } from "./contactInput";

type Field = keyof NewPersonValues;
const TEXT_FIELDS: { key: Field; label: string; type?: string; placeholder?: string }[] = [
  { key: "name", label: "Name", placeholder: "Ana Ruiz" },
  { key: "company", label: "Company" },
  { key: "role", label: "Role" },
  { key: "email", label: "Email", type: "email", placeholder: "ana@example.com" },
];
const EMPTY: NewPersonValues = { name: "", company: "", role: "", email: "", circle: "", tags: "" };

export function ContactForm({ onSaved, onCancel }: { onSaved: (c: Contact) => void; onCancel: () => void }) {
  const [values, setValues] = useState<NewPersonValues>(EMPTY);
  const [error, setError] = useState<AppError | null>(null);
  const [saving, setSaving] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const errors = newPersonErrors(error);
  const shownOnFields = Object.keys(errors).length > 0;

  useEffect(() => {
    formRef.current?.querySelector<HTMLInputElement>("#contact-name")?.focus();
  }, []);

  // After a refusal, the first field with a message gets the focus.
  useEffect(() => {
    const marked = newPersonErrors(error);
    const first = (["name", "company", "role", "email", "circle", "tags"] as const).find((k) => marked[k]);
    if (first) formRef.current?.querySelector<HTMLElement>(`#contact-${first}`)?.focus();
  }, [error]);

  const set = (key: Field, value: string) => setValues((v) => ({ ...v, [key]: value }));

  const submit = async (ev?: FormEvent) => {
    ev?.preventDefault();
    if (saving) return;
    setSaving(true);
    try {
      onSaved(await api.addContact(newPersonInput(values)));
    } catch (e) {
      setError(errorOf(e));
      setSaving(false);
    }
  };

  const message = (key: Field) =>
    errors[key] ? (
      <p className="field-error" id={`contact-${key}-error`} data-testid={`error-${key}`}>
        {errors[key]}
      </p>
    ) : null;
  const described = (key: Field) => ({
    "aria-invalid": errors[key] ? true : undefined,
    "aria-describedby": errors[key] ? `contact-${key}-error` : undefined,
  });

  return (
    <form
      ref={formRef}
      className="contact-form person-form"
      data-testid="contact-form"
      noValidate
      onSubmit={(ev) => void submit(ev)}
      onKeyDown={saveOrCancelKeys(() => void submit(), onCancel)}
    >
      <h2>Add a person</h2>
      <ErrorBanner error={shownOnFields ? null : error} />
      {TEXT_FIELDS.map(({ key, label, type, placeholder }) => (
        <div className={`field${errors[key] ? " invalid" : ""}`} key={key}>
          <label htmlFor={`contact-${key}`}>
            {label}
            {key === "name" && <span className="required"> (required)</span>}
          </label>
          <input
            id={`contact-${key}`}
            name={key}
            type={type ?? "text"}
            autoComplete="off"
            spellCheck={false}
            placeholder={placeholder}
            value={values[key]}
            {...described(key)}
            onChange={(ev) => set(key, ev.target.value)}
          />
          {message(key)}
        </div>
      ))}
      <div className="field-row">
        <div className={`field${errors.circle ? " invalid" : ""}`}>
          <label htmlFor="contact-circle">Circle</label>
          <select
            id="contact-circle"
            value={values.circle}
            {...described("circle")}
            onChange={(ev) => set("circle", ev.target.value)}
          >
            <option value="">None yet</option>
            {CIRCLES.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </select>
          {message("circle")}
        </div>
        <div className={`field${errors.tags ? " invalid" : ""}`}>
          <label htmlFor="contact-tags">Tags</label>
          <input
            id="contact-tags"
            name="tags"
            autoComplete="off"
            placeholder="friend, climbing"
            value={values.tags}
            {...described("tags")}
            onChange={(ev) => set("tags", ev.target.value)}
          />
          {message("tags")}
        </div>
      </div>
      <SaveCancel saving={saving} testId="save-person" onCancel={onCancel} />
    </form>
  );
}
