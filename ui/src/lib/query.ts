// The UI's one data layer: `useQuery(key, load)` runs a core call for a component and
// `invalidate(prefix)` makes every mounted query whose key starts with `prefix` load again.
// A save anywhere (the Log, an edit on the person page, an import, a merge, Today's
// feedback) invalidates what it may have changed instead of passing a refresh counter down
// through the screens.
//
// Why our own ~100 lines and not TanStack Query: only one screen is mounted at a time and
// every screen loads fresh when it opens, so a cache shared across mounts (TanStack's point)
// would change what the user sees (yesterday's list for a moment, then today's) or would
// have to be configured away together with its retries and refetch-on-focus; what the
// screens need is only the part below, and it keeps the dependency count down.
//
// What a query guarantees:
// - A loaded value is returned only for the key that produced it. When the key changes (a
//   new person, a new moment for Review) the query is loading, with no data, until the load
//   for that key settles: nothing from an old key is ever on screen for a frame.
// - A load that settles after its key changed, or after the component unmounted, is dropped;
//   so is one overtaken by a newer load of the same key.
// - When the same key loads again (after `invalidate`), the last value for that key stays
//   until the new one arrives (no flash of an empty screen), and `loading` says so.
// - Except where a caller asks for `keepPrevious` (search as you type): then the last value of
//   the previous key stays on screen while the new key loads (`loading` is true meanwhile).
// - Keys are JSON values compared by their JSON text; a prefix matches whole elements.
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from "react";
import { errorOf } from "../api";
import type { AppError } from "../errors";

export type QueryKey = readonly (string | number | boolean | null)[];

// ---- Invalidation: a generation per key prefix. ----

let epoch = 0;
/** The epoch at which each prefix (as JSON) was last invalidated. */
const invalidated = new Map<string, number>();
const listeners = new Set<() => void>();

/** Every mounted query whose key starts with `prefix` loads again; `[]` means all of them. */
export function invalidate(prefix: QueryKey = []): void {
  invalidated.set(JSON.stringify(prefix), ++epoch);
  for (const l of listeners) l();
}

/** How many times `key` has been invalidated, as a number that only grows. */
export function generationOf(key: QueryKey): number {
  let gen = 0;
  for (let n = 0; n <= key.length; n++) gen = Math.max(gen, invalidated.get(JSON.stringify(key.slice(0, n))) ?? 0);
  return gen;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * The generation of `key`: changes whenever `invalidate` hits it. For data that is not one
 * value (a paged list with its own page cache) and for values derived from a reload (the
 * moment Review evaluates at).
 */
export function useGeneration(key: QueryKey): number {
  return useSyncExternalStore(subscribe, () => generationOf(key));
}

// ---- Queries. ----

export type Query<T> = {
  /** The last value loaded for this key; undefined until the first load for it succeeds. */
  data: T | undefined;
  /** Why the latest load for this key failed; null once one succeeds. */
  error: AppError | null;
  /** A load for this key (first or again) has not settled yet. */
  loading: boolean;
  /** Loads this key again (and every key it is a prefix of). */
  reload: () => void;
  /** Replaces the value shown for this key (e.g. with what a save returned); a no-op until
   * there is one. The next load replaces it in turn. */
  set: (update: (value: T) => T) => void;
};

type Settled<T> = { id: string; gen: number; value: { data: T } | null; error: AppError | null };

/**
 * Runs `load` for `key` when the component mounts, when `key` changes and whenever `key` is
 * invalidated. `load` must fetch what `key` names: the key, not the function, says when to
 * load (the latest `load` is the one called).
 */
export function useQuery<T>(key: QueryKey, load: () => Promise<T>, options: { keepPrevious?: boolean } = {}): Query<T> {
  const id = JSON.stringify(key);
  const gen = useGeneration(key);
  const loader = useRef(load);
  loader.current = load;
  const [settled, setSettled] = useState<Settled<T> | null>(null);

  useEffect(() => {
    let live = true;
    loader.current().then(
      (data) => live && setSettled({ id, gen, value: { data }, error: null }),
      (e: unknown) => live && setSettled((s) => ({ id, gen, value: s?.id === id ? s.value : null, error: errorOf(e) })),
    );
    return () => {
      live = false;
    };
  }, [id, gen]);

  const reload = useCallback(() => invalidate(JSON.parse(id) as QueryKey), [id]);
  const set = useCallback(
    (update: (value: T) => T) =>
      setSettled((s) => (s?.id === id && s.value ? { ...s, value: { data: update(s.value.data) } } : s)),
    [id],
  );

  const previous = settled !== null && settled.id !== id && !!options.keepPrevious;
  const shown = settled?.id === id || previous ? settled : null;
  return {
    data: shown?.value?.data,
    error: shown?.error ?? null,
    loading: settled?.id !== id || settled.gen !== gen,
    reload,
    set,
  };
}

/**
 * An error from an action on a query's value (a save, a status change, a delete), shown
 * until the value is replaced: the next load or `set` clears it, as a successful reload
 * clears a failed load's error.
 */
export function useActionError(data: unknown): [AppError | null, (error: AppError | null) => void] {
  const [state, setState] = useState<{ error: AppError; on: unknown } | null>(null);
  const latest = useRef(data);
  latest.current = data;
  const set = useCallback((error: AppError | null) => setState(error ? { error, on: latest.current } : null), []);
  return [state !== null && state.on === data ? state.error : null, set];
}
