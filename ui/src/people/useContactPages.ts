// The People list's data: pages of 100 contacts fetched on demand by offset and cached by
// page index. A new query, a retry, or an invalidation of ["contacts"] (lib/query: anything
// shown in the list was saved) starts a new generation; until its first page arrives the
// previous one stays on screen (no flash of empty rows while typing).
import { useCallback, useEffect, useReducer, useRef, useState } from "react";
import { api, errorOf } from "../api";
import type { ContactQuery, ContactSummary } from "../bindings";
import type { AppError } from "../errors";
import { useGeneration } from "../lib/query";

export const PAGE_SIZE = 100;

export type ListQuery = Omit<ContactQuery, "limit" | "offset">;

type Cache = {
  gen: number;
  pages: Map<number, ContactSummary[]>;
  /** The previous generation's pages, shown until this generation's first page arrives. */
  stale: Map<number, ContactSummary[]> | null;
  pending: Set<number>;
  total: number | null;
};

export type ContactPages = {
  /** Changes with every new query, refresh or retry. */
  gen: number;
  /** Changes whenever a page arrives. */
  version: number;
  /** Matching contacts; null until the first page of the first query arrives. */
  total: number | null;
  /** The contact at `index`, or null while its page is loading. */
  at: (index: number) => ContactSummary | null;
  /** True once the current query's first page has arrived (nothing stale is shown). */
  isReady: () => boolean;
  /** The index of a loaded contact, or -1. */
  indexOf: (id: number) => number;
  /** Fetches the pages not cached yet (the caller passes the pages its visible rows need). */
  ensure: (pages: number[]) => void;
  error: AppError | null;
  retry: () => void;
};

export function useContactPages(query: ListQuery): ContactPages {
  const key = `${JSON.stringify(query)}#${useGeneration(["contacts"])}`;
  const cache = useRef<Cache>({ gen: 0, pages: new Map(), stale: null, pending: new Set(), total: null });
  const [version, rerender] = useReducer((n: number) => n + 1, 0);
  const [error, setError] = useState<AppError | null>(null);
  const [retries, retry] = useReducer((n: number) => n + 1, 0);
  const queryRef = useRef(query);
  queryRef.current = query;

  // A new generation for every query, refresh or retry.
  useEffect(() => {
    const old = cache.current;
    cache.current = {
      gen: old.gen + 1,
      pages: new Map(),
      stale: old.pages.size > 0 ? old.pages : old.stale,
      pending: new Set(),
      total: old.total,
    };
    setError(null);
    rerender();
  }, [key, retries]);

  const ensure = useCallback((pages: number[]) => {
    const c = cache.current;
    for (const page of pages) {
      if (c.pages.has(page) || c.pending.has(page)) continue;
      if (c.total !== null && c.stale === null && page * PAGE_SIZE >= c.total && page > 0) continue;
      c.pending.add(page);
      const gen = c.gen;
      api
        .listContacts({ ...queryRef.current, limit: PAGE_SIZE, offset: page * PAGE_SIZE })
        .then((result) => {
          const now = cache.current;
          if (now.gen !== gen) return;
          now.pending.delete(page);
          now.pages.set(page, result.items);
          now.total = result.total;
          now.stale = null;
          rerender();
        })
        .catch((e: unknown) => {
          const now = cache.current;
          if (now.gen !== gen) return;
          now.pending.delete(page);
          setError(errorOf(e));
        });
    }
  }, []);

  const at = useCallback((index: number): ContactSummary | null => {
    const c = cache.current;
    const page = Math.floor(index / PAGE_SIZE);
    const rows = c.pages.get(page) ?? c.stale?.get(page);
    return rows?.[index % PAGE_SIZE] ?? null;
  }, []);

  const isReady = useCallback(() => cache.current.stale === null && cache.current.pages.size > 0, []);

  const indexOf = useCallback((id: number): number => {
    const c = cache.current;
    for (const [page, rows] of c.pages) {
      const i = rows.findIndex((r) => r.id === id);
      if (i >= 0) return page * PAGE_SIZE + i;
    }
    return -1;
  }, []);

  return { gen: cache.current.gen, version, total: cache.current.total, at, isReady, indexOf, ensure, error, retry };
}
