// "Introduced by": edited in place with a type-ahead over the user's contacts. ↑/↓ pick,
// Enter saves the highlighted person (or clears the field when it is empty), Esc cancels.
import { useEffect, useRef, useState } from "react";
import { api, errorOf } from "../api";
import type { ContactRef } from "../bindings";
import { describeError } from "../errors";
import { moveActive } from "../keys";
import { useInlineEdit } from "./EditableField";

type Props = {
  contactId: number;
  value: ContactRef | null;
  /** Saves the introducer's id (null clears); resolves to a message when refused. */
  onSave: (id: number | null) => Promise<string | null>;
  onOpen: (id: number) => void;
};

export function IntroducedBy({ contactId, value, onSave, onOpen }: Props) {
  const [suggestions, setSuggestions] = useState<ContactRef[]>([]);
  const [active, setActive] = useState(0);
  const picked = useRef<ContactRef | null>(null);
  const edit = useInlineEdit(value?.name ?? "", async (draft) => {
    const text = draft.trim();
    if (!text) return onSave(null);
    const match =
      picked.current?.name === draft
        ? picked.current
        : suggestions.find((s) => s.name.toLowerCase() === text.toLowerCase());
    if (match) return onSave(match.id);
    return "Pick someone from the suggestions, or leave it empty to clear.";
  });
  const { editing, draft } = edit;

  useEffect(() => {
    if (!editing) return;
    const text = draft.trim();
    let live = true;
    const t = window.setTimeout(() => {
      if (!text || picked.current?.name === draft) return setSuggestions([]);
      api
        .suggestContacts(text, 8)
        .then((s) => {
          if (!live) return;
          setSuggestions(s.filter((c) => c.id !== contactId));
          setActive(0);
        })
        .catch((e: unknown) => live && edit.setError(describeError(errorOf(e))));
    }, 100);
    return () => {
      live = false;
      window.clearTimeout(t);
    };
  }, [editing, draft, contactId, edit.setError]);

  const choose = (ref: ContactRef) => {
    picked.current = ref;
    edit.setDraft(ref.name);
    setSuggestions([]);
    void edit.commit(ref.name, true);
  };

  const listId = "person-introduced-options";
  return (
    <div className={`pfield${edit.error ? " invalid" : ""}`} data-testid="field-introducedBy">
      {editing ? (
        <label className="pfield-label" htmlFor="person-introduced">
          Introduced by
        </label>
      ) : (
        <span className="pfield-label" id="person-introduced-label">
          Introduced by
        </span>
      )}
      <div className="pfield-body">
        {editing ? (
          <div className="autocomplete">
            <input
              id="person-introduced"
              role="combobox"
              aria-expanded={suggestions.length > 0}
              aria-controls={listId}
              aria-autocomplete="list"
              aria-activedescendant={suggestions[active] ? `${listId}-${suggestions[active].id}` : undefined}
              aria-invalid={edit.error ? true : undefined}
              autoFocus
              autoComplete="off"
              placeholder="Type a name; leave empty to clear"
              value={draft}
              onChange={(e) => {
                picked.current = null;
                edit.setDraft(e.target.value);
                edit.setError(null);
              }}
              onBlur={() => void edit.commit()}
              onKeyDown={(e) => {
                if (moveActive(e, setActive, suggestions.length)) return;
                if (e.key === "Enter") {
                  e.preventDefault();
                  const s = suggestions[active];
                  if (s && draft.trim()) choose(s);
                  else void edit.commit(draft, true);
                } else if (e.key === "Escape") {
                  e.preventDefault();
                  e.stopPropagation();
                  setSuggestions([]);
                  edit.cancel();
                }
              }}
            />
            {suggestions.length > 0 && (
              // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: a combobox's options: the input keeps the focus and the keys, aria-activedescendant points at the active one
              <ul className="suggestions" id={listId} role="listbox">
                {suggestions.map((s, i) => (
                  // biome-ignore lint/a11y/useFocusableInteractive: a combobox's options: the input keeps the focus and the keys, aria-activedescendant points at the active one
                  <li
                    key={s.id}
                    id={`${listId}-${s.id}`}
                    // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: a combobox's options: the input keeps the focus and the keys, aria-activedescendant points at the active one
                    role="option"
                    aria-selected={i === active}
                    className={i === active ? "active" : undefined}
                    onMouseDown={(e) => {
                      e.preventDefault();
                      choose(s);
                    }}
                  >
                    {s.name}
                  </li>
                ))}
              </ul>
            )}
            {!edit.error && (
              <p className="pfield-hint" aria-hidden="true">
                ↑/↓ to pick · Enter to save · Esc to cancel
              </p>
            )}
          </div>
        ) : (
          <span className="pfield-inline">
            <button
              ref={edit.displayRef}
              type="button"
              className={`pfield-value${value ? "" : " unset"}`}
              aria-describedby="person-introduced-label"
              data-tip="Click or press Enter to edit"
              onClick={edit.start}
            >
              {value ? value.name : "Add who introduced you"}
            </button>
            {value && (
              <button type="button" className="link" onClick={() => onOpen(value.id)}>
                Open
              </button>
            )}
          </span>
        )}
        {edit.error && (
          <p className="field-error" role="alert">
            {edit.error}
          </p>
        )}
      </div>
    </div>
  );
}
