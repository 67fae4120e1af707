// The trash: deleted people and interactions, restorable for 30 days, or purged now.
import { useCallback, useEffect, useState } from "react";
import { api, errorOf } from "../api";
import type { TrashItem } from "../bindings";
import type { AppError } from "../errors";
import { ErrorBanner } from "../ErrorBanner";

export function TrashScreen({ onRestored }: { onRestored: () => void }) {
  const [items, setItems] = useState<TrashItem[] | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [confirming, setConfirming] = useState(false);

  const load = useCallback(async () => {
    try {
      setItems(await api.listTrash());
      setError(null);
    } catch (e) {
      setError(errorOf(e));
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const restore = async (item: TrashItem) => {
    try {
      if (item.kind === "contact") await api.restoreContact(item.id);
      else await api.restoreInteraction(item.id);
      onRestored();
      await load();
    } catch (e) {
      setError(errorOf(e));
    }
  };

  const empty = async () => {
    try {
      await api.emptyTrash();
      setConfirming(false);
      await load();
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
        {items && items.length > 0 &&
          (confirming ? (
            <span className="confirm">
              Delete {items.length} {items.length === 1 ? "item" : "items"} forever?
              <button className="danger" data-testid="trash-empty-confirm" onClick={() => void empty()}>
                Delete forever
              </button>
              <button onClick={() => setConfirming(false)}>Keep</button>
            </span>
          ) : (
            <button data-testid="trash-empty" onClick={() => setConfirming(true)}>
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
              deleted {new Date(item.deletedAt).toLocaleDateString()} · purged {new Date(item.purgeAt).toLocaleDateString()}
            </span>
            <button data-testid="trash-restore" onClick={() => void restore(item)}>
              Restore
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
