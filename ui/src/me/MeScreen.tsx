// Me: my interests, what I can offer, what I need, and the vocabulary of interests. The engine matches these against other
// people's needs and offers; here the user keeps them current. Loaded under ["me"]
// (lib/query), reloaded after each change here.
import { type FormEvent, useState } from "react";
import { api, errorOf, inputOf } from "../api";
import type { Ask, AskKind, Contact } from "../bindings";
import { ErrorBanner } from "../ErrorBanner";
import { capitalise, describeError, fieldErrors } from "../errors";
import { useNewAsk } from "../lib/newAsk";
import { invalidate, useActionError, useQuery } from "../lib/query";
import { Vocabulary } from "./Vocabulary";

const NO_ASKS: Ask[] = [];

export function MeScreen() {
  const loaded = useQuery(["me"], async () => {
    const me = await api.me();
    return { me, asks: await api.listAsks({ contactId: me.id, openOnly: false }) };
  });
  const me = loaded.data?.me ?? null;
  const asks = loaded.data?.asks ?? NO_ASKS;
  const [actionError, setActionError] = useActionError(loaded.data);
  const error = actionError ?? loaded.error;

  const setInterests = async (interests: string[]) => {
    if (!me) return;
    try {
      const saved = await api.updateContact(me.id, { ...inputOf(me), interests });
      loaded.set((d) => ({ ...d, me: saved }));
      // The vocabulary of interests (All interests below, the People filters) may have grown.
      invalidate(["me", "interests"]);
      invalidate(["vocabulary"]);
    } catch (e) {
      setActionError(errorOf(e));
    }
  };

  if (!me)
    return (
      <section className="screen" aria-busy={!error}>
        <ErrorBanner error={error} />
      </section>
    );
  return (
    <section className="screen me-screen" aria-label="Me">
      <h1>Me</h1>
      <p className="muted">What you care about, what you can give, what you are looking for.</p>
      <ErrorBanner error={error?.type === "invalid" ? null : error} />
      <h2>My interests</h2>
      <ChipEditor
        values={me.interests}
        placeholder="Add an interest and press Enter"
        testId="me-interests"
        error={fieldErrors(error)["interests[0]"]}
        onChange={(v) => void setInterests(v)}
      />
      <AskList kind="offer" me={me} asks={asks} onChanged={loaded.reload} />
      <AskList kind="need" me={me} asks={asks} onChanged={loaded.reload} />
      <Vocabulary />
    </section>
  );
}

function AskList({ kind, me, asks, onChanged }: { kind: AskKind; me: Contact; asks: Ask[]; onChanged: () => void }) {
  const { text, setText, interests, setInterests, error, setError, add: addAsk } = useNewAsk(me.id, onChanged);
  const mine = asks.filter((a) => a.kind === kind);

  const add = async (ev: FormEvent) => {
    ev.preventDefault();
    await addAsk(kind);
  };

  const setStatus = async (a: Ask, status: Ask["status"]) => {
    try {
      await api.setAskStatus(a.id, status);
      onChanged();
    } catch (e) {
      setError(errorOf(e));
    }
  };

  const errors = fieldErrors(error);
  return (
    <div className="ask-section" data-testid={`me-${kind}s`}>
      <h2>{kind === "offer" ? "What I can offer" : "What I need"}</h2>
      {mine.length === 0 && (
        <p className="muted">
          {kind === "offer" ? "Skills, introductions, advice you are glad to give." : "Nothing open."}
        </p>
      )}
      <ul className="asks">
        {mine.map((a) => (
          <li key={a.id} className={`ask status-${a.status}`} data-testid="me-ask">
            <span className="ask-text">{a.text}</span>
            {a.interests.map((i) => (
              <span key={i} className="chip small">
                {i}
              </span>
            ))}
            {a.status === "open" ? (
              <button type="button" className="link" onClick={() => void setStatus(a, "closed")}>
                Close
              </button>
            ) : (
              <>
                <span className="muted">{a.status}</span>
                <button type="button" className="link" onClick={() => void setStatus(a, "open")}>
                  Reopen
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
      <form className="inline-form" onSubmit={(e) => void add(e)}>
        <input
          aria-label={kind === "offer" ? "New offer" : "New need"}
          data-testid={`me-new-${kind}`}
          placeholder={kind === "offer" ? "e.g. Code reviews for Rust projects" : "e.g. A designer for a small app"}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <input
          aria-label="Interests (comma-separated)"
          placeholder="interests, comma-separated"
          value={interests}
          onChange={(e) => setInterests(e.target.value)}
        />
        <button type="submit">Add</button>
      </form>
      {error && <p className="field-error">{errors.text ? `${capitalise(errors.text)}.` : describeError(error)}</p>}
    </div>
  );
}

/** Editable chips: Enter adds, × removes. */
function ChipEditor({
  values,
  placeholder,
  testId,
  error,
  onChange,
}: {
  values: string[];
  placeholder: string;
  testId: string;
  error?: string;
  onChange: (v: string[]) => void;
}) {
  const [text, setText] = useState("");
  return (
    <div className="chips" data-testid={testId}>
      {values.map((v) => (
        <span key={v} className="chip">
          {v}
          <button type="button" aria-label={`Remove ${v}`} onClick={() => onChange(values.filter((x) => x !== v))}>
            ×
          </button>
        </span>
      ))}
      <input
        aria-label={placeholder}
        placeholder={placeholder}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter" && text.trim()) {
            e.preventDefault();
            onChange([...values, text.trim()]);
            setText("");
          }
        }}
      />
      {error && <p className="field-error">{capitalise(error)}.</p>}
    </div>
  );
}
