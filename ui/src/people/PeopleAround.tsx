// "People around Ana": who they are to her, as the user said it (family with birthdays, work,
// who introduced whom, friends), and who she was seen with in logged interactions. A
// relationship is added in place ("[Luis] is Ana's [child]"), by keyboard: type a name, ↑/↓ and
// Enter pick it, Enter in the note saves, Esc closes; its note is edited in place (Enter saves,
// Esc cancels); × removes one and offers Undo. Loaded
// under ["contact", id, "around"]; a change reloads the other person's too.
import { useState } from "react";
import { api, errorOf } from "../api";
import type { PeopleAround as Around, ContactRef, Relationship, Role, RoleGroup } from "../bindings";
import { ErrorBanner } from "../ErrorBanner";
import { type AppError, allMessages } from "../errors";
import { moveActive } from "../keys";
import { useContactSuggestions } from "../lib/contactSuggestions";
import { formatDay, importantDateText, localDate } from "../lib/dates";
import { invalidate, useActionError, useQuery } from "../lib/query";
import { offerUndo } from "../lib/undo";

const GROUPS: { group: RoleGroup; label: string }[] = [
  { group: "family", label: "Family" },
  { group: "work", label: "Work" },
  { group: "introductions", label: "Introductions" },
  { group: "others", label: "Friends and others" },
];

const GROUP_OF: Record<Role, RoleGroup> = {
  partner: "family",
  parent: "family",
  child: "family",
  sibling: "family",
  family: "family",
  colleague: "work",
  manager: "work",
  report: "work",
  mentor: "work",
  mentee: "work",
  introduced: "introductions",
  introducedBy: "introductions",
  friend: "others",
  knows: "others",
};

/** What `other` is to the person whose page it is (`name`), as the page says it. */
export function roleText(role: Role, name: string): string {
  switch (role) {
    case "report":
      return `reports to ${name}`;
    case "mentee":
      return `mentored by ${name}`;
    case "introduced":
      return `introduced ${name}`;
    case "introducedBy":
      return `introduced by ${name}`;
    case "knows":
      return `knows ${name}`;
    case "family":
      return "family";
    default:
      return role;
  }
}

const ROLES = Object.keys(GROUP_OF) as Role[];

export function PeopleAround({ contact, onOpen }: { contact: ContactRef; onOpen: (id: number) => void }) {
  const query = useQuery<Around>(["contact", contact.id, "around"], () => api.peopleAround(contact.id));
  const around = query.data ?? null;
  const [actionError, setError] = useActionError(query.data);
  const [adding, setAdding] = useState(false);

  const changed = (others: number[]) => {
    invalidate(["contact", contact.id]);
    for (const o of others) invalidate(["contact", o]);
  };

  const remove = async (r: Relationship) => {
    const input = { contact: contact.id, role: r.role, other: r.other.id, note: r.note, since: r.since };
    try {
      await api.removeRelationship({ ...input, note: null, since: null });
      changed([r.other.id]);
      offerUndo(
        `Removed: ${r.other.name}, ${roleText(r.role, contact.name)}.`,
        async () => {
          await api.addRelationship(input);
          changed([r.other.id]);
        },
        "Add it again on the person's page.",
      );
    } catch (e) {
      setError(errorOf(e));
    }
  };

  return (
    <section className="psection around" aria-label={`People around ${contact.name}`} data-testid="people-around">
      <h3>People around {contact.name}</h3>
      <ErrorBanner error={actionError ?? query.error} />
      {around && around.relationships.length === 0 && around.known.length === 0 && !adding && (
        <p className="muted">No one yet: add family, colleagues, who introduced you.</p>
      )}
      {around &&
        GROUPS.map(({ group, label }) => {
          const rows = around.relationships.filter((r) => GROUP_OF[r.role] === group);
          if (!rows.length) return null;
          return (
            <div className="psection-row" key={group}>
              <span className="pfield-label">{label}</span>
              <ul className="pfield-body around-list">
                {rows.map((r) => (
                  <li key={`${r.role}-${r.other.id}`} data-testid="around-relationship">
                    <button type="button" className="link" onClick={() => onOpen(r.other.id)}>
                      {r.other.name}
                    </button>
                    <span className="muted">, {roleText(r.role, contact.name)}</span>
                    {r.since && <span className="muted"> · since {formatDay(r.since)}</span>}
                    {r.birthday && <span className="muted"> · birthday {importantDateText(r.birthday)}</span>}
                    {r.role !== "introduced" && r.role !== "introducedBy" && (
                      <NoteEdit
                        relationship={r}
                        onSave={async (note) => {
                          const input = { contact: contact.id, role: r.role, other: r.other.id, since: r.since };
                          await api.addRelationship({ ...input, note: note || null });
                          changed([r.other.id]);
                        }}
                      />
                    )}
                    <button
                      type="button"
                      className="icon-button"
                      aria-label={`Remove ${r.other.name}, ${roleText(r.role, contact.name)}`}
                      data-tip="Remove"
                      onClick={() => void remove(r)}
                    >
                      ×
                    </button>
                  </li>
                ))}
              </ul>
            </div>
          );
        })}
      {around && around.known.length > 0 && (
        <div className="psection-row">
          <span className="pfield-label">Seen with</span>
          <ul className="pfield-body around-list" data-testid="around-known">
            {around.known.map((k) => (
              <li key={k.other.id} data-testid="around-known-person">
                <button type="button" className="link" onClick={() => onOpen(k.other.id)}>
                  {k.other.name}
                </button>
                <span className="muted">
                  {" "}
                  · {k.shared === 1 ? "1 interaction" : `${k.shared} interactions`} together, last {localDate(k.lastAt)}
                </span>
              </li>
            ))}
            {around.knownMore > 0 && <li className="muted">and {around.knownMore} more</li>}
          </ul>
        </div>
      )}
      {adding ? (
        <AddRelationship
          contact={contact}
          onDone={(other) => {
            setAdding(false);
            if (other) changed([other]);
          }}
        />
      ) : (
        <button type="button" className="link add-link" data-testid="add-relationship" onClick={() => setAdding(true)}>
          + Add someone around {contact.name}
        </button>
      )}
    </section>
  );
}

/** A relationship's note, edited in place: a click (or Enter) on it opens a field, Enter saves,
 * Esc cancels; an empty note removes it. */
function NoteEdit({ relationship, onSave }: { relationship: Relationship; onSave: (note: string) => Promise<void> }) {
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const label = `note on ${relationship.other.name}`;
  if (draft === null)
    return (
      <>
        <span className="muted"> · </span>
        <button
          type="button"
          className={`link around-note${relationship.note ? "" : " muted"}`}
          aria-label={relationship.note ? `Edit the ${label}` : `Add a ${label}`}
          data-testid="around-note"
          onClick={() => setDraft(relationship.note ?? "")}
        >
          {relationship.note ?? "add a note"}
        </button>
      </>
    );
  return (
    <span className="around-note-edit">
      <input
        autoFocus
        aria-label={label}
        data-testid="around-note-input"
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Escape") {
            e.preventDefault();
            e.stopPropagation();
            setDraft(null);
            setError(null);
          } else if (e.key === "Enter") {
            e.preventDefault();
            onSave(draft.trim())
              .then(() => setDraft(null))
              .catch((x: unknown) => setError(errorOf(x)));
          }
        }}
      />
      {error && (
        <span className="field-error" role="alert">
          {allMessages(error)}
        </span>
      )}
    </span>
  );
}

/** "[name] is Ana's [role] · [note]": a type-ahead for the person, the role, an optional note. */
function AddRelationship({ contact, onDone }: { contact: ContactRef; onDone: (other: number | null) => void }) {
  const [text, setText] = useState("");
  const [picked, setPicked] = useState<ContactRef | null>(null);
  const [active, setActive] = useState(0);
  const [role, setRole] = useState<Role>("friend");
  const [note, setNote] = useState("");
  const [error, setError] = useState<AppError | null>(null);
  const { list: suggestions } = useContactSuggestions(text, [contact.id], setError, picked?.name === text);

  const save = async () => {
    const other =
      picked?.name === text ? picked : suggestions.find((s) => s.name.toLowerCase() === text.trim().toLowerCase());
    if (!other) {
      setError({
        type: "invalid",
        data: { fields: [{ field: "other", message: "pick someone from the suggestions" }] },
      });
      return;
    }
    try {
      await api.addRelationship({ contact: contact.id, role, other: other.id, note: note.trim() || null, since: null });
      onDone(other.id);
    } catch (e) {
      setError(errorOf(e));
    }
  };

  const message = error && allMessages(error);
  return (
    <form
      className="inline-add around-add"
      data-testid="relationship-form"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
      onKeyDown={(e) => {
        if (e.key === "Escape") {
          e.preventDefault();
          e.stopPropagation();
          onDone(null);
        }
      }}
    >
      <div className="autocomplete">
        <input
          id="relationship-person"
          role="combobox"
          aria-label="Who"
          aria-expanded={suggestions.length > 0}
          aria-controls="relationship-options"
          aria-autocomplete="list"
          autoComplete="off"
          autoFocus
          placeholder="Who"
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setPicked(null);
            setActive(0);
            setError(null);
          }}
          onKeyDown={(e) => {
            if (moveActive(e, setActive, suggestions.length)) return;
            const s = suggestions[active];
            if (e.key === "Enter" && s && picked?.name !== text) {
              e.preventDefault();
              setPicked(s);
              setText(s.name);
            }
          }}
        />
        {suggestions.length > 0 && (
          // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: a type-ahead's options: the input keeps the focus, the arrow keys pick an option
          <ul className="suggestions" id="relationship-options" role="listbox">
            {suggestions.map((s, i) => (
              // biome-ignore lint/a11y/useFocusableInteractive: a type-ahead's options: the input keeps the focus, the arrow keys pick an option
              <li
                key={s.id}
                // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: a type-ahead's options: the input keeps the focus, the arrow keys pick an option
                role="option"
                aria-selected={i === active}
                className={i === active ? "active" : undefined}
                data-testid="relationship-suggestion"
                onMouseDown={(e) => {
                  e.preventDefault();
                  setPicked(s);
                  setText(s.name);
                }}
              >
                {s.name}
              </li>
            ))}
          </ul>
        )}
      </div>
      <span className="muted">is {contact.name}’s</span>
      <select
        aria-label="Relationship"
        data-testid="relationship-role"
        value={role}
        onChange={(e) => setRole(e.target.value as Role)}
      >
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {r === "introducedBy" ? "introducee (introduced by them)" : r === "introduced" ? "introducer" : r}
          </option>
        ))}
      </select>
      <input
        aria-label="Note"
        placeholder="Note (optional)"
        value={note}
        onChange={(e) => setNote(e.target.value)}
        disabled={role === "introduced" || role === "introducedBy"}
      />
      <button type="submit" className="primary" data-testid="relationship-save">
        Add
      </button>
      <button type="button" onClick={() => onDone(null)}>
        Cancel
      </button>
      {message && (
        <p className="field-error" role="alert">
          {message}
        </p>
      )}
    </form>
  );
}
