// What this person needs and what they offer: add one, mark it helped or closed, reopen.
// Loaded under ["contact", id, "asks"] (lib/query); reloaded after each change here.
import { type FormEvent, useState } from "react";
import { api, errorOf } from "../api";
import type { Ask, AskKind, AskStatus } from "../bindings";
import { ErrorBanner } from "../ErrorBanner";
import { allMessages } from "../errors";
import { localDate } from "../lib/dates";
import { useNewAsk } from "../lib/newAsk";
import { useActionError, useQuery } from "../lib/query";
import { TextInput } from "../lib/TextInput";

type Props = {
  contactId: number;
  onOpen: (id: number) => void;
};

export function Asks({ contactId, onOpen }: Props) {
  const query = useQuery<Ask[]>(["contact", contactId, "asks"], () => api.listAsks({ contactId, openOnly: false }));
  const asks = query.data ?? null;
  const [actionError, setActionError] = useActionError(query.data);
  const error = actionError ?? query.error;

  const setStatus = async (a: Ask, status: AskStatus) => {
    try {
      await api.setAskStatus(a.id, status);
      query.reload();
    } catch (e) {
      setActionError(errorOf(e));
    }
  };

  /** A link that sets the status of `a`. */
  const statusButton = (a: Ask, status: AskStatus, label: string, testId: string) => (
    <button type="button" className="link" data-testid={testId} onClick={() => void setStatus(a, status)}>
      {label}
    </button>
  );

  // Open ones first, then the rest, newest first within each.
  const sorted = [...(asks ?? [])].sort(
    (a, b) => Number(a.status !== "open") - Number(b.status !== "open") || b.createdAt.localeCompare(a.createdAt),
  );

  return (
    <section className="psection" aria-labelledby="asks-title" data-testid="person-asks">
      <h3 id="asks-title">Needs and offers</h3>
      <ErrorBanner error={error} />
      {asks && asks.length === 0 && (
        <p className="muted">Nothing noted. What are they looking for? What could they help others with?</p>
      )}
      <ul className="pasks">
        {sorted.map((a) => {
          const by = a.helpedBy;
          return (
            <li key={a.id} className={`pask status-${a.status}`} data-testid="person-ask">
              <span className={`pbadge ask-${a.kind}`}>{a.kind === "need" ? "Needs" : "Offers"}</span>
              <span className="pask-text">{a.text}</span>
              {a.interests.map((i) => (
                <span key={i} className="chip small">
                  {i}
                </span>
              ))}
              <span className="pask-status muted">
                {a.status === "open" ? (
                  `since ${localDate(a.createdAt)}`
                ) : (
                  <>
                    {a.status}
                    {by && (
                      <>
                        {" by "}
                        <button type="button" className="link" onClick={() => onOpen(by.id)}>
                          {by.name}
                        </button>
                      </>
                    )}
                    {a.resolvedAt && ` on ${localDate(a.resolvedAt)}`}
                  </>
                )}
              </span>
              <span className="pask-actions">
                {a.status === "open" ? (
                  <>
                    {statusButton(a, "helped", "Helped", "ask-helped")}
                    {statusButton(a, "closed", "Close", "ask-close")}
                  </>
                ) : (
                  statusButton(a, "open", "Reopen", "ask-reopen")
                )}
              </span>
            </li>
          );
        })}
      </ul>
      <AddAsk contactId={contactId} onAdded={query.reload} />
    </section>
  );
}

function AddAsk({ contactId, onAdded }: { contactId: number; onAdded: () => void }) {
  const [kind, setKind] = useState<AskKind>("need");
  const { text, setText, interests, setInterests, error, add } = useNewAsk(contactId, onAdded);
  const [busy, setBusy] = useState(false);

  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    if (busy) return;
    setBusy(true);
    try {
      await add(kind);
    } finally {
      setBusy(false);
    }
  };

  const message = error && allMessages(error);
  return (
    <form className={`inline-add${error ? " invalid" : ""}`} noValidate onSubmit={(e) => void submit(e)}>
      <select
        aria-label="Need or offer"
        data-testid="new-ask-kind"
        value={kind}
        onChange={(e) => setKind(e.target.value as AskKind)}
      >
        <option value="need">Needs</option>
        <option value="offer">Offers</option>
      </select>
      <TextInput
        aria-label={kind === "need" ? "What they need" : "What they offer"}
        data-testid="new-ask-text"
        className="grow"
        autoComplete="off"
        placeholder={kind === "need" ? "e.g. a venue for the Rust meetup" : "e.g. reviews of pitch decks"}
        value={text}
        aria-invalid={error ? true : undefined}
        onChange={setText}
      />
      <TextInput
        aria-label="Interests, comma-separated (optional)"
        placeholder="Interests, comma-separated"
        autoComplete="off"
        value={interests}
        onChange={setInterests}
      />
      <button type="submit" disabled={busy || !text.trim()}>
        Add
      </button>
      {message && (
        <p className="field-error" role="alert">
          {message}
        </p>
      )}
    </form>
  );
}
