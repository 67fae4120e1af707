// Search everything: names, companies, notes, interactions and needs/offers, as you type.
// Selecting a result opens the person it belongs to. Results load under ["search", text]
// (lib/query) once the typing pauses; the last results stay until the new ones arrive.
import { Fragment, useEffect, useRef, useState } from "react";
import { api } from "../api";
import type { SearchHit } from "../bindings";
import { ErrorBanner } from "../ErrorBanner";
import { moveActive } from "../keys";
import { localDate } from "../lib/dates";
import { useDebounced } from "../lib/debounce";
import { useQuery } from "../lib/query";
import { highlightParts } from "./highlight";

const NO_HITS: SearchHit[] = [];

export function SearchScreen({ onOpen }: { onOpen: (contactId: number) => void }) {
  const [query, setQuery] = useState("");
  const [text] = useDebounced(query.trim() ? query : "", 120);
  const results = useQuery<SearchHit[]>(
    ["search", text],
    () => (text ? api.search(text, 50) : Promise.resolve(NO_HITS)),
    {
      keepPrevious: true,
    },
  );
  const hits = results.data ?? NO_HITS;
  const error = results.error;
  // The highlighted result: the first of every new list of results.
  const [picked, setPicked] = useState<{ of: SearchHit[]; index: number }>({ of: NO_HITS, index: 0 });
  const active = picked.of === hits ? picked.index : 0;
  const setActive = (f: (a: number) => number) => setPicked({ of: hits, index: f(active) });
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => inputRef.current?.focus(), []);

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
          if (moveActive(e, setActive, hits.length)) return;
          if (e.key === "Enter" && hits[active]) {
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
              type="button"
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
                  {h.occurredAt && <span className="muted"> · {localDate(h.occurredAt)}</span>}
                </span>
                <span className="hit-snippet">
                  {highlightParts(h.snippet).map((p, j) => (
                    <Fragment
                      // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one snippet are positions
                      key={j}
                    >
                      {p.match ? <mark>{p.text}</mark> : p.text}
                    </Fragment>
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
