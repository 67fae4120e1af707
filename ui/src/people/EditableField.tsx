// Edit in place: a field shows its value as a button; click it (or Enter when it has focus)
// to edit. Enter or leaving the field saves (Ctrl+Enter in multi-line notes), Esc cancels.
// A failed save keeps the field open with what was typed and the message next to it.
import { type InputHTMLAttributes, type KeyboardEvent, type ReactNode, useEffect, useRef, useState } from "react";

/** Saves a draft; resolves to null when saved, or to the message to show. */
export type SaveDraft = (draft: string) => Promise<string | null>;

export function useInlineEdit(value: string, onSave: SaveDraft) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(value);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const editingRef = useRef(false);
  const busy = useRef(false);
  const refocus = useRef(false);
  const mounted = useRef(true);
  const displayRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  // Back on the value after Enter or Esc, so the keyboard user can go on from there.
  useEffect(() => {
    if (!editing && refocus.current) {
      refocus.current = false;
      displayRef.current?.focus();
    }
  }, [editing]);

  const close = (focusBack: boolean) => {
    refocus.current = focusBack;
    editingRef.current = false;
    setError(null);
    setEditing(false);
  };

  const start = () => {
    setDraft(value);
    setError(null);
    editingRef.current = true;
    setEditing(true);
  };

  const cancel = () => {
    if (editingRef.current) close(true);
  };

  /** Saves `next` (the draft by default) unless it is unchanged. */
  const commit = async (next: string = draft, focusBack = false) => {
    if (!editingRef.current || busy.current) return;
    if (next === value) return close(focusBack);
    busy.current = true;
    setSaving(true);
    const message = await onSave(next);
    busy.current = false;
    if (!mounted.current) return;
    setSaving(false);
    if (message) setError(message);
    else close(focusBack);
  };

  return { editing, draft, setDraft, error, setError, saving, start, cancel, commit, displayRef };
}

type Option = { value: string; label: string };

type Props = {
  /** The edit control's id; also the stem of the label's and the message's ids. */
  id: string;
  label: string;
  /** The stored value as text ("" when not set). */
  value: string;
  /** How the value reads when not editing (defaults to the value itself). */
  display?: ReactNode;
  /** Shown, muted, when there is no value. */
  placeholder: string;
  kind?: "text" | "textarea" | "number" | "date" | "select";
  options?: Option[];
  inputProps?: InputHTMLAttributes<HTMLInputElement>;
  onSave: SaveDraft;
  testId?: string;
};

export function EditableField({
  id,
  label,
  value,
  display,
  placeholder,
  kind = "text",
  options = [],
  inputProps,
  onSave,
  testId,
}: Props) {
  const edit = useInlineEdit(value, onSave);
  const errorId = `${id}-error`;
  const shared = {
    id,
    autoFocus: true,
    "aria-invalid": edit.error ? true : undefined,
    "aria-describedby": edit.error ? errorId : undefined,
    onBlur: () => void edit.commit(),
    onKeyDown: (e: KeyboardEvent) => {
      if (e.key === "Escape") {
        e.preventDefault();
        e.stopPropagation();
        edit.cancel();
      } else if (e.key === "Enter" && (kind !== "textarea" || e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        void edit.commit(edit.draft, true);
      }
    },
  };

  let control: ReactNode = null;
  if (edit.editing) {
    if (kind === "textarea") {
      control = (
        <textarea
          {...shared}
          rows={Math.min(16, Math.max(4, edit.draft.split("\n").length + 1))}
          value={edit.draft}
          onChange={(e) => edit.setDraft(e.target.value)}
        />
      );
    } else if (kind === "select") {
      control = (
        <select
          {...shared}
          value={edit.draft}
          onChange={(e) => {
            edit.setDraft(e.target.value);
            void edit.commit(e.target.value, true);
          }}
        >
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      );
    } else {
      control = (
        <input
          {...inputProps}
          {...shared}
          type={kind}
          autoComplete="off"
          value={edit.draft}
          onChange={(e) => edit.setDraft(e.target.value)}
        />
      );
    }
  }

  return (
    <div className={`pfield${edit.error ? " invalid" : ""}${kind === "textarea" ? " wide" : ""}`} data-testid={testId}>
      {edit.editing ? (
        <label className="pfield-label" htmlFor={id}>
          {label}
        </label>
      ) : (
        <span className="pfield-label" id={`${id}-label`}>
          {label}
        </span>
      )}
      <div className="pfield-body">
        {edit.editing ? (
          <>
            {control}
            {!edit.error && (
              <p className="pfield-hint" aria-hidden="true">
                {edit.saving
                  ? "Saving…"
                  : kind === "textarea"
                    ? "Ctrl+Enter or click away to save · Esc to cancel"
                    : kind === "select"
                      ? "Esc to cancel"
                      : "Enter to save · Esc to cancel"}
              </p>
            )}
          </>
        ) : (
          <button
            ref={edit.displayRef}
            type="button"
            className={`pfield-value${value ? "" : " unset"}${kind === "textarea" ? " multiline" : ""}`}
            aria-describedby={`${id}-label`}
            data-tip="Click or press Enter to edit"
            onClick={edit.start}
          >
            {value ? (display ?? value) : placeholder}
          </button>
        )}
        {edit.error && (
          <p className="field-error" id={errorId} role="alert">
            {edit.error}
          </p>
        )}
      </div>
    </div>
  );
}

/** The person's name as the page's heading, edited in place like the other fields. */
export function EditableName({ value, onSave }: { value: string; onSave: SaveDraft }) {
  const edit = useInlineEdit(value, onSave);
  if (!edit.editing)
    return (
      <h2 className="pname" data-testid="person-name">
        <button
          ref={edit.displayRef}
          type="button"
          className="pname-button"
          data-tip="Click or press Enter to edit the name"
          onClick={edit.start}
        >
          {value}
        </button>
      </h2>
    );
  return (
    <div className={`pname-edit${edit.error ? " invalid" : ""}`}>
      <input
        className="pname-input"
        aria-label="Name"
        autoFocus
        autoComplete="off"
        spellCheck={false}
        value={edit.draft}
        aria-invalid={edit.error ? true : undefined}
        aria-describedby={edit.error ? "person-name-error" : undefined}
        onChange={(e) => edit.setDraft(e.target.value)}
        onBlur={() => void edit.commit()}
        onKeyDown={(e) => {
          if (e.key === "Escape") {
            e.preventDefault();
            e.stopPropagation();
            edit.cancel();
          } else if (e.key === "Enter") {
            e.preventDefault();
            void edit.commit(edit.draft, true);
          }
        }}
      />
      {edit.error ? (
        <p className="field-error" id="person-name-error" role="alert" data-testid="person-name-error">
          {edit.error}
        </p>
      ) : (
        <p className="pfield-hint" aria-hidden="true">
          Enter to save · Esc to cancel
        </p>
      )}
    </div>
  );
}
