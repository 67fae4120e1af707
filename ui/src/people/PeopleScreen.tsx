// People: the paged list of contacts, the selected person's details, and the add form.
// Keyboard: N opens the form, ↑/↓ move through the list, Esc closes the form.
import { useCallback, useEffect, useRef, useState } from "react";
import { api, errorOf } from "../api";
import type { Contact } from "../bindings";
import { type AppError, describeError } from "../errors";
import { ContactDetail } from "./ContactDetail";
import { ContactForm } from "./ContactForm";
import { initials, subtitle } from "./format";

const PAGE_SIZE = 100;

export function PeopleScreen() {
  const [items, setItems] = useState<Contact[]>([]);
  const [total, setTotal] = useState(0);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<AppError | null>(null);
  const [selected, setSelected] = useState<number | null>(null);
  const [adding, setAdding] = useState(false);
  const listRef = useRef<HTMLUListElement>(null);

  /** Loads the first `count` contacts (at least one page), replacing what is shown. */
  const reload = useCallback(async (count: number) => {
    setLoading(true);
    try {
      const page = await api.listContacts({ limit: Math.max(PAGE_SIZE, Math.min(count, 1000)), offset: 0 });
      setItems(page.items);
      setTotal(page.total);
      setError(null);
    } catch (e) {
      setError(errorOf(e));
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void reload(PAGE_SIZE);
  }, [reload]);

  const loadMore = async () => {
    setLoading(true);
    try {
      const page = await api.listContacts({ limit: PAGE_SIZE, offset: items.length });
      setItems((prev) => [...prev, ...page.items]);
      setTotal(page.total);
    } catch (e) {
      setError(errorOf(e));
    } finally {
      setLoading(false);
    }
  };

  const onSaved = async (contact: Contact) => {
    setAdding(false);
    await reload(items.length + 1);
    setSelected(contact.id);
  };

  useEffect(() => {
    const onKey = (ev: KeyboardEvent) => {
      const target = ev.target as HTMLElement | null;
      const typing = target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.isContentEditable);
      if (typing || ev.altKey || ev.metaKey) return;
      if (ev.key === "n" || ev.key === "N") {
        ev.preventDefault();
        setAdding(true);
      } else if ((ev.key === "ArrowDown" || ev.key === "ArrowUp") && !adding && items.length > 0) {
        ev.preventDefault();
        const index = items.findIndex((c) => c.id === selected);
        const next = ev.key === "ArrowDown" ? Math.min(index + 1, items.length - 1) : Math.max(index - 1, 0);
        const contact = items[next];
        if (contact) {
          setSelected(contact.id);
          listRef.current?.querySelector<HTMLElement>(`[data-id="${contact.id}"]`)?.scrollIntoView({ block: "nearest" });
        }
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [adding, items, selected]);

  return (
    <div className="people">
      <section className="people-list" aria-label="People">
        <header className="list-header">
          <div>
            <h1>People</h1>
            <p className="muted" data-testid="people-count">
              {total === 1 ? "1 person" : `${total} people`}
            </p>
          </div>
          <button className="primary" onClick={() => setAdding(true)} data-testid="add-person" aria-keyshortcuts="N">
            Add person <kbd>N</kbd>
          </button>
        </header>
        {error && (
          <div className="banner error" role="alert">
            {describeError(error)}
          </div>
        )}
        {!loading && items.length === 0 && !error && (
          <div className="empty">
            <p>No one here yet.</p>
            <p className="muted">Add the first person you want to keep in touch with.</p>
          </div>
        )}
        <ul className="rows" ref={listRef} data-testid="people-list">
          {items.map((c) => (
            <li key={c.id}>
              <button
                className={`row${c.id === selected && !adding ? " selected" : ""}`}
                data-id={c.id}
                data-testid="person-row"
                aria-current={c.id === selected && !adding ? "true" : undefined}
                onClick={() => {
                  setAdding(false);
                  setSelected(c.id);
                }}
              >
                <span className="avatar" aria-hidden="true">
                  {initials(c.name)}
                </span>
                <span className="row-text">
                  <span className="row-name">{c.name}</span>
                  <span className="row-sub">{subtitle(c)}</span>
                </span>
              </button>
            </li>
          ))}
        </ul>
        {items.length < total && (
          <button className="more" onClick={() => void loadMore()} disabled={loading}>
            Show more ({total - items.length} left)
          </button>
        )}
      </section>
      <section className="people-detail" aria-label={adding ? "Add a person" : "Person"}>
        {adding ? (
          <ContactForm onSaved={onSaved} onCancel={() => setAdding(false)} />
        ) : selected !== null ? (
          <ContactDetail id={selected} />
        ) : (
          <div className="empty detail-empty">
            <p className="muted">Select someone to see their details, or press N to add a person.</p>
          </div>
        )}
      </section>
    </div>
  );
}
