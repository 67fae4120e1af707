// Tags and interests as chips: type and press Enter (or a comma) to add, × to remove. Each
// change is saved at once; a refused one keeps what was typed and says why.
import { useState } from "react";
import type { AppError } from "../errors";
import { messageFor } from "../errors";
import { parseList } from "../lib/text";

type Props = {
  label: string;
  /** `tags` or `interests`: the field the core names in its messages. */
  field: string;
  values: string[];
  /** Known names to offer while typing. */
  suggestions: string[];
  placeholder: string;
  testId: string;
  onSave: (values: string[]) => Promise<AppError | null>;
};

export function Chips({ label, field, values, suggestions, placeholder, testId, onSave }: Props) {
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = `person-${field}`;
  const has = (v: string) => values.some((x) => x.toLowerCase() === v.toLowerCase());

  const save = async (next: string[]): Promise<boolean> => {
    setBusy(true);
    const e = await onSave(next);
    setBusy(false);
    setError(e ? messageFor(e, field) : null);
    return !e;
  };

  const add = async () => {
    if (busy) return;
    const fresh = parseList(text).filter(
      (v, i, all) => !has(v) && all.findIndex((x) => x.toLowerCase() === v.toLowerCase()) === i,
    );
    if (!fresh.length) {
      setText("");
      return;
    }
    if (await save([...values, ...fresh])) setText("");
  };

  const offered = suggestions.filter((s) => !has(s));
  return (
    <div className={`psection-row${error ? " invalid" : ""}`} data-testid={testId}>
      <label className="pfield-label" htmlFor={id}>
        {label}
      </label>
      <div className="pfield-body">
        <div className="chips">
          {values.map((v) => (
            <span key={v} className="chip">
              {v}
              <button
                type="button"
                aria-label={`Remove ${v}`}
                disabled={busy}
                onClick={() => void save(values.filter((x) => x !== v))}
              >
                ×
              </button>
            </span>
          ))}
          <input
            id={id}
            className="chip-input"
            list={offered.length ? `${id}-options` : undefined}
            placeholder={placeholder}
            autoComplete="off"
            value={text}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-error` : undefined}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={(e) => {
              if ((e.key === "Enter" || e.key === ",") && !e.ctrlKey && !e.metaKey) {
                e.preventDefault();
                void add();
              } else if (e.key === "Escape" && text) {
                e.preventDefault();
                e.stopPropagation();
                setText("");
                setError(null);
              }
            }}
          />
          {offered.length > 0 && (
            <datalist id={`${id}-options`}>
              {offered.map((s) => (
                <option key={s} value={s} />
              ))}
            </datalist>
          )}
        </div>
        {error && (
          <p className="field-error" id={`${id}-error`} role="alert">
            {error}
          </p>
        )}
      </div>
    </div>
  );
}
