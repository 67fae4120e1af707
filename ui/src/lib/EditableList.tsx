// A list on the person page that is edited item by item: each row has a remove button (a
// removal offers Undo), and "+ Add …" opens an inline form; every change saves at once through
// `onSave`, which gets an update of the whole list (so it applies to the latest saved value) and
// resolves to the core's error, if any. Errors show under the list (a remove) or in the form (an
// add), in the words of the field they are about (`field` for the list, `field[index]` for a new
// item). Esc in the form closes it. The caller renders its rows and its form's own fields, and
// turns those fields into an item (or a message saying what to fix) in `toItem`.
import { type FormEvent, type ReactNode, useState } from "react";
import { type AppError, messageFor } from "../errors";
import { offerUndo } from "./undo";

/** Saves the list as `update` changes it; resolves to the error when the core refused. */
export type SaveList<T> = (update: (items: T[]) => T[]) => Promise<AppError | null>;

/** What the list hands the form it opens: pass it on to `AddItemForm`. */
export type AddProps<T> = {
  /** The list's field name in the core's validation errors (e.g. `channels`). */
  field: string;
  /** The index the new item will have. */
  index: number;
  onSave: SaveList<T>;
  /** Closes the form (after a save, on Cancel or Esc). */
  onDone: () => void;
};

type Props<T> = {
  /** The row's label beside the list ("Reach", "Dates"). */
  label: string;
  field: string;
  items: T[];
  /** Shown instead of the list while it is empty and no form is open. */
  empty: string;
  listClassName: string;
  rowClassName: string;
  rowTestId: string;
  rowKey: (item: T, index: number) => string;
  /** The row's content before its remove button. */
  renderRow: (item: T, index: number) => ReactNode;
  /** How the remove button names the item: "Remove {name}". */
  itemName: (item: T) => string;
  addText: string;
  addTestId: string;
  renderAdd: (props: AddProps<T>) => ReactNode;
  onSave: SaveList<T>;
};

export function EditableList<T>({
  label,
  field,
  items,
  empty,
  listClassName,
  rowClassName,
  rowTestId,
  rowKey,
  renderRow,
  itemName,
  addText,
  addTestId,
  renderAdd,
  onSave,
}: Props<T>) {
  const [adding, setAdding] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const remove = async (index: number) => {
    const item = items[index];
    const e = await onSave((xs) => xs.filter((_, i) => i !== index));
    setError(e ? messageFor(e, field) : null);
    if (e || item === undefined) return;
    offerUndo(
      `Removed ${itemName(item)}.`,
      async () => {
        const back = await onSave((xs) => [...xs.slice(0, index), item, ...xs.slice(index)]);
        if (back) throw back;
      },
      "Add it again on the person's page.",
    );
  };

  return (
    <div className="psection-row">
      <span className="pfield-label">{label}</span>
      <div className="pfield-body">
        {items.length === 0 && !adding && <p className="muted">{empty}</p>}
        <ul className={listClassName}>
          {items.map((item, i) => (
            <li key={rowKey(item, i)} className={rowClassName} data-testid={rowTestId}>
              {renderRow(item, i)}
              <button
                type="button"
                className="icon-button"
                aria-label={`Remove ${itemName(item)}`}
                data-tip="Remove"
                onClick={() => void remove(i)}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
        {error && !adding && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
        {adding ? (
          renderAdd({
            field,
            index: items.length,
            onSave,
            onDone: () => {
              setAdding(false);
              setError(null);
            },
          })
        ) : (
          <button type="button" className="link add-link" data-testid={addTestId} onClick={() => setAdding(true)}>
            {addText}
          </button>
        )}
      </div>
    </div>
  );
}

/** An item from the form's fields, or what to fix first. */
export type Parsed<T> = { ok: true; item: T } | { ok: false; message: string };

/** The inline form that adds one item: the caller's fields, then Add and Cancel. */
export function AddItemForm<T>({
  field,
  index,
  onSave,
  onDone,
  toItem,
  children,
}: AddProps<T> & {
  toItem: () => Parsed<T>;
  /** The form's own fields; `invalid` while an error is shown. */
  children: (invalid: boolean) => ReactNode;
}) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    if (busy) return;
    const parsed = toItem();
    if (!parsed.ok) {
      setError(parsed.message);
      return;
    }
    setBusy(true);
    const e = await onSave((xs) => [...xs, parsed.item]);
    setBusy(false);
    if (e) setError(messageFor(e, `${field}[${index}]`));
    else onDone();
  };

  return (
    <form
      className={`inline-add${error ? " invalid" : ""}`}
      noValidate
      onSubmit={(e) => void submit(e)}
      onKeyDown={(e) => {
        if (e.key === "Escape") {
          e.preventDefault();
          e.stopPropagation();
          onDone();
        }
      }}
    >
      {children(!!error)}
      <button type="submit" className="primary" disabled={busy}>
        Add
      </button>
      <button type="button" onClick={onDone}>
        Cancel
      </button>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
