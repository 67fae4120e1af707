// The contacts a type-ahead offers while the user types a name: asked for after a short pause,
// only the answer to what is typed now offered, the people already chosen left out.
import { useEffect, useState } from "react";
import { api, errorOf } from "../api";
import type { ContactRef } from "../bindings";
import type { AppError } from "../errors";

/** Up to 8 contacts whose names start like `text`, without those of `exclude`; none while
 * `text` is blank or `skip` (a name already picked). `pending` while the answer to `text` has
 * not come yet (nothing is offered then: a quick Enter must not pick or create the wrong
 * person). A failed read goes to `onError`. */
export function useContactSuggestions(
  text: string,
  exclude: number[],
  onError: (e: AppError) => void,
  skip = false,
): { list: ContactRef[]; pending: boolean } {
  // The answer, with the text it answers: an answer to earlier text is never offered.
  const [found, setFound] = useState<{ text: string; list: ContactRef[] }>({ text: "", list: [] });
  const off = skip || !text.trim();

  useEffect(() => {
    if (off) return;
    let live = true;
    const t = window.setTimeout(() => {
      api
        .suggestContacts(text, 8)
        .then((list) => live && setFound({ text, list }))
        .catch((e: unknown) => live && onError(errorOf(e)));
    }, 80);
    return () => {
      live = false;
      window.clearTimeout(t);
    };
  }, [text, off, onError]);

  if (off) return { list: [], pending: false };
  if (found.text !== text) return { list: [], pending: true };
  return { list: found.list.filter((c) => !exclude.includes(c.id)), pending: false };
}
