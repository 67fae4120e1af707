// A need or offer being typed: its text and interests, and adding it.
import { useState } from "react";
import { api, errorOf } from "../api";
import type { AskKind } from "../bindings";
import type { AppError } from "../errors";
import { parseList } from "./text";

/** `add(kind)` adds what was typed to `contactId`'s needs or offers, then clears the fields
 * and calls `onAdded`; a refusal is kept in `error`. */
export function useNewAsk(contactId: number, onAdded: () => void) {
  const [text, setText] = useState("");
  const [interests, setInterests] = useState("");
  const [error, setError] = useState<AppError | null>(null);
  const add = async (kind: AskKind) => {
    try {
      await api.addAsk({ contactId, kind, text, interests: parseList(interests) });
      setText("");
      setInterests("");
      setError(null);
      onAdded();
    } catch (e) {
      setError(errorOf(e));
    }
  };
  return { text, setText, interests, setInterests, error, setError, add };
}
