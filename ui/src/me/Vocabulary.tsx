// The shared vocabulary of interests: how many people share each, rename one, or merge a
// synonym into another (its people and needs/offers move over; the old name keeps finding it).
// Loaded under ["me", "interests"] (lib/query); a rename or merge reloads all of Me.
import { useState } from "react";
import { api, errorOf } from "../api";
import type { Interest } from "../bindings";
import { ErrorBanner } from "../ErrorBanner";
import { invalidate, useActionError, useQuery } from "../lib/query";

const NO_INTERESTS: Interest[] = [];

export function Vocabulary() {
  const query = useQuery<Interest[]>(["me", "interests"], () => api.listInterests());
  const interests = query.data ?? NO_INTERESTS;
  const [editing, setEditing] = useState<{ id: number; mode: "rename" | "merge"; value: string } | null>(null);
  const [actionError, setError] = useActionError(query.data);
  const error = actionError ?? query.error;

  const apply = async (interest: Interest) => {
    if (!editing) return;
    try {
      if (editing.mode === "rename") await api.renameInterest(interest.name, editing.value);
      else await api.mergeInterests(interest.name, editing.value);
      setEditing(null);
      setError(null);
      invalidate(["me"]);
    } catch (e) {
      setError(errorOf(e));
    }
  };

  return (
    <div className="vocabulary" data-testid="vocabulary">
      <h2>All interests</h2>
      <p className="muted">Shared by everyone you know. Rename one, or merge a synonym into another.</p>
      <ErrorBanner error={error} />
      {interests.length === 0 && <p className="muted">No interests yet.</p>}
      <ul className="vocab-list">
        {interests.map((i) => (
          <li key={i.id} className="vocab-item" data-testid="vocab-item">
            <span className="vocab-name">{i.name}</span>
            <span className="muted">{i.contacts === 1 ? "1 person" : `${i.contacts} people`}</span>
            {editing?.id === i.id ? (
              <form
                className="vocab-edit"
                onSubmit={(e) => {
                  e.preventDefault();
                  void apply(i);
                }}
                onKeyDown={(e) => e.key === "Escape" && setEditing(null)}
              >
                {editing.mode === "rename" ? (
                  <input
                    autoFocus
                    aria-label={`New name for ${i.name}`}
                    data-testid="vocab-rename-input"
                    value={editing.value}
                    onChange={(e) => setEditing({ ...editing, value: e.target.value })}
                  />
                ) : (
                  <select
                    autoFocus
                    aria-label={`Merge ${i.name} into`}
                    data-testid="vocab-merge-into"
                    value={editing.value}
                    onChange={(e) => setEditing({ ...editing, value: e.target.value })}
                  >
                    <option value="">Merge into…</option>
                    {interests
                      .filter((o) => o.id !== i.id)
                      .map((o) => (
                        <option key={o.id} value={o.name}>
                          {o.name}
                        </option>
                      ))}
                  </select>
                )}
                <button type="submit" className="primary" data-testid="vocab-apply" disabled={!editing.value.trim()}>
                  {editing.mode === "rename" ? "Rename" : "Merge"}
                </button>
                <button type="button" onClick={() => setEditing(null)}>
                  Cancel
                </button>
                {editing.mode === "merge" && editing.value && (
                  <p className="muted vocab-warning" data-testid="vocab-merge-warning">
                    {mergeWarning(i, editing.value)}
                  </p>
                )}
              </form>
            ) : (
              <span className="vocab-actions">
                <button
                  type="button"
                  className="link"
                  data-testid="vocab-rename"
                  onClick={() => setEditing({ id: i.id, mode: "rename", value: i.name })}
                >
                  Rename
                </button>
                <button
                  type="button"
                  className="link"
                  data-testid="vocab-merge"
                  onClick={() => setEditing({ id: i.id, mode: "merge", value: "" })}
                >
                  Merge into…
                </button>
              </span>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** What a merge does, said before it is applied: it cannot be undone. */
function mergeWarning(from: Interest, into: string): string {
  const who = from.contacts === 1 ? "its 1 person" : `its ${from.contacts} people`;
  return `“${from.name}” becomes “${into}”: ${who} and its needs and offers move over, and “${from.name}” still finds it. This cannot be undone.`;
}
