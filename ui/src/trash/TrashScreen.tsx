// The trash: deleted people and interactions, restorable for 30 days, or purged now. Loaded
// under ["trash"] (lib/query); a restore invalidates everything (the item is back where it was).
import { useState } from "react";
import { api, errorOf } from "../api";
import type { TrashItem } from "../bindings";
import { ErrorBanner } from "../ErrorBanner";
import { localDate } from "../lib/dates";
import { invalidate, useActionError, useQuery } from "../lib/query";

export function TrashScreen() {
  const query = useQuery<TrashItem[]>(["trash"], () => api.listTrash());
  const items = query.data ?? null;
  const [actionError, setError] = useActionError(query.data);
  const error = actionError ?? query.error;
  const [confirming, setConfirming] = useState(false);

  const restore = async (item: TrashItem) => {
    try {
      if (item.kind === "contact") await api.restoreContact(item.id);
      else await api.restoreInteraction(item.id);
      invalidate();
    } catch (e) {
      setError(errorOf(e));
    }
  };

  const empty = async () => {
    try {
      await api.emptyTrash();
      setConfirming(false);
      query.reload();
    } catch (e) {
      setError(errorOf(e));
    }
  };

  return (
    <section className="screen" aria-label="Trash">
      <header className="screen-header">
        <div>
          <h1>Trash</h1>
          <p className="muted">Deleted people and interactions stay here for 30 days, then go for good.</p>
        </div>
        {items &&
          items.length > 0 &&
          (confirming ? (
            <span className="confirm">
              Delete {items.length} {items.length === 1 ? "item" : "items"} forever?
              <button type="button" className="danger" data-testid="trash-empty-confirm" onClick={() => void empty()}>
                Delete forever
              </button>
              <button type="button" onClick={() => setConfirming(false)}>
                Keep
              </button>
            </span>
          ) : (
            <button type="button" data-testid="trash-empty" onClick={() => setConfirming(true)}>
              Empty trash
            </button>
          ))}
      </header>
      <ErrorBanner error={error} />
      {items && items.length === 0 && <p className="muted empty">The trash is empty.</p>}
      <ul className="trash-list" data-testid="trash-list">
        {items?.map((item) => (
          <li key={`${item.kind}-${item.id}`} className="trash-item" data-testid="trash-item">
            <span className={`badge kind-${item.kind}`}>{item.kind === "contact" ? "person" : "interaction"}</span>
            <span className="trash-title">{item.title}</span>
            <span className="muted">
              deleted {localDate(item.deletedAt)} · purged {localDate(item.purgeAt)}
            </span>
            <button type="button" data-testid="trash-restore" onClick={() => void restore(item)}>
              Restore
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
