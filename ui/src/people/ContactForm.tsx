// The add-a-person form. The core validates; this form shows each field's message next to
// the field and keeps what was typed. Enter or Ctrl+Enter saves, Esc cancels.
import { type FormEvent, useEffect, useRef, useState } from "react";
import { api, errorOf } from "../api";
import type { Contact, NewContact } from "../bindings";
import { type AppError, capitalise, describeError, fieldErrors } from "../errors";

type Field = "name" | "company" | "role" | "email";
const FIELDS: { key: Field; label: string; type?: string; placeholder?: string }[] = [
  { key: "name", label: "Name", placeholder: "Ana Ruiz" },
  { key: "company", label: "Company" },
  { key: "role", label: "Role" },
  { key: "email", label: "Email", type: "email", placeholder: "ana@example.com" },
];

export function ContactForm({ onSaved, onCancel }: { onSaved: (c: Contact) => void; onCancel: () => void }) {
  const [values, setValues] = useState<Record<Field, string>>({ name: "", company: "", role: "", email: "" });
  const [error, setError] = useState<AppError | null>(null);
  const [saving, setSaving] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const errors = fieldErrors(error);

  useEffect(() => {
    formRef.current?.querySelector<HTMLInputElement>("input")?.focus();
  }, []);

  useEffect(() => {
    if (error?.type !== "invalid") return;
    const first = error.data.fields[0]?.field;
    if (first) formRef.current?.querySelector<HTMLInputElement>(`[name="${first}"]`)?.focus();
  }, [error]);

  const submit = async (ev?: FormEvent) => {
    ev?.preventDefault();
    if (saving) return;
    setSaving(true);
    const input: NewContact = {
      name: values.name,
      company: values.company || null,
      role: values.role || null,
      email: values.email || null,
    };
    try {
      const contact = await api.addContact(input);
      onSaved(contact);
    } catch (e) {
      setError(errorOf(e));
      setSaving(false);
    }
  };

  return (
    <form
      ref={formRef}
      className="contact-form"
      data-testid="contact-form"
      noValidate
      onSubmit={(ev) => void submit(ev)}
      onKeyDown={(ev) => {
        if (ev.key === "Escape") {
          ev.preventDefault();
          onCancel();
        } else if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) {
          ev.preventDefault();
          void submit();
        }
      }}
    >
      <h2>Add a person</h2>
      {error && error.type !== "invalid" && (
        <div className="banner error" role="alert">
          {describeError(error)}
        </div>
      )}
      {FIELDS.map(({ key, label, type, placeholder }) => (
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
            aria-invalid={errors[key] ? true : undefined}
            aria-describedby={errors[key] ? `contact-${key}-error` : undefined}
            onChange={(ev) => setValues((v) => ({ ...v, [key]: ev.target.value }))}
          />
          {errors[key] && (
            <p className="field-error" id={`contact-${key}-error`} data-testid={`error-${key}`}>
              {capitalise(errors[key])}.
            </p>
          )}
        </div>
      ))}
      <div className="actions">
        <button type="submit" className="primary" disabled={saving} data-testid="save-person">
          Save <kbd>Ctrl+Enter</kbd>
        </button>
        <button type="button" onClick={onCancel}>
          Cancel <kbd>Esc</kbd>
        </button>
      </div>
    </form>
  );
}
