// A value that settles: what a search box sends the core once the typing pauses.
import { useEffect, useState } from "react";

/** `value` once it has not changed for `ms`, and a way to take it at once. */
export function useDebounced<T>(value: T, ms: number): [T, () => void] {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const t = window.setTimeout(() => setDebounced(value), ms);
    return () => window.clearTimeout(t);
  }, [value, ms]);
  return [debounced, () => setDebounced(value)];
}
