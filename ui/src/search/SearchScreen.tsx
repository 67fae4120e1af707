// Search everything: names, companies, notes, interactions and needs/offers, as you type.
// Selecting a result opens the person it belongs to.
import { Fragment, useEffect, useRef, useState } from "react";
import { api, errorOf } from "../api";
import type { SearchHit } from "../bindings";
import type { AppError } from "../errors";
import { highlightParts } from "./highlight";
import { ErrorBanner } from "../ErrorBanner";

export function SearchScreen({ onOpen, refreshKey }: { onOpen: (contactId: number) => void; refreshKey: number }) {
  const [query, setQuery] = useState("");
  const [hits, setHits] = useState<SearchHit[]>([]);
  const [error, setError] = useState<AppError | null>(null);
  const [active, setActive] = useState(0);
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => inputRef.current?.focus(), []);

  useEffect(() => {
    let live = true;
    const t = window.setTimeout(() => {
      if (!query.trim()) {
        setHits([]);
        return;
      }
      api
        .search(query, 50)
        .then((h) => {
          if (!live) return;
          setHits(h);
          setError(null);
          setActive(0);
        })
        .catch((e: unknown) => live && setError(errorOf(e)));
    }, 120);
    return () => {
      live = false;
      window.clearTimeout(t);
    };
  }, [query, refreshKey]);

  return (
    <section className="screen search-screen" aria-label="Search">
      <h1>Search</h1>
      <input
        ref={inputRef}
        className="search-input"
        type="search"
        placeholder="Names, companies, notes, conversations, needs…"
        aria-label="Search"
        data-testid="search-input"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "ArrowDown") {
            e.preventDefault();
            setActive((a) => Math.min(a + 1, hits.length - 1));
          } else if (e.key === "ArrowUp") {
            e.preventDefault();
            setActive((a) => Math.max(a - 1, 0));
          } else if (e.key === "Enter" && hits[active]) {
            onOpen(hits[active].contact.id);
          }
        }}
      />
      <ErrorBanner error={error} />
      {query.trim() && hits.length === 0 && !error && <p className="muted empty">Nothing matches “{query.trim()}”.</p>}
      <ul className="hits" data-testid="search-results">
        {hits.map((h, i) => (
          <li key={`${h.kind}-${h.id}`}>
            <button
              className={`hit${i === active ? " active" : ""}`}
              data-testid="search-hit"
              data-kind={h.kind}
              onClick={() => onOpen(h.contact.id)}
            >
              <span className={`badge kind-${h.kind}`}>{h.kind === "ask" ? "need/offer" : h.kind}</span>
              <span className="hit-text">
                <span className="hit-title">
                  {h.contact.name}
                  {h.kind !== "contact" && <span className="muted"> · {h.title}</span>}
                  {h.occurredAt && <span className="muted"> · {new Date(h.occurredAt).toLocaleDateString()}</span>}
                </span>
                <span className="hit-snippet">
                  {highlightParts(h.snippet).map((p, j) => (
                    <Fragment key={j}>{p.match ? <mark>{p.text}</mark> : p.text}</Fragment>
                  ))}
                </span>
              </span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
