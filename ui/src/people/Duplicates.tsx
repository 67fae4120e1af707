// People → Possible duplicates: the pairs the core finds across the whole database, ranked
// as it returns them, each with its evidence, "Merge…" (a side-by-side preview where the
// person picks which value wins for each field the two hold differently, then the merge) and
// "Not the same person" (remembered by the core). Loaded under
// ["contacts", "duplicates"], so every change to the contacts lists them again.
import { useEffect, useRef, useState } from "react";
import { api, errorOf } from "../api";
import type { Contact, DuplicatePair, DuplicateSide, MergeField } from "../bindings";
import { ErrorBanner } from "../ErrorBanner";
import type { AppError } from "../errors";
import { invalidate, useQuery } from "../lib/query";

const LIMIT = 100;

type Props = {
  onClose: () => void;
};

export function DuplicatesPanel({ onClose }: Props) {
  const pairs = useQuery(["contacts", "duplicates"], () => api.listDuplicates(LIMIT));
  const [merging, setMerging] = useState<DuplicatePair | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [actionError, setActionError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (!merging) headingRef.current?.focus();
  }, [merging]);

  const dismiss = async (pair: DuplicatePair) => {
    if (busy) return;
    setBusy(true);
    setActionError(null);
    try {
      await api.dismissDuplicate(pair.a.id, pair.b.id);
      setNotice(`${pair.a.name} and ${pair.b.name} will not be suggested again.`);
      invalidate(["contacts", "duplicates"]);
    } catch (e) {
      setActionError(errorOf(e));
    } finally {
      setBusy(false);
    }
  };

  if (merging)
    return (
      <MergePreview
        pair={merging}
        onCancel={() => setMerging(null)}
        onMerged={(what) => {
          setMerging(null);
          setNotice(what);
          invalidate([]);
        }}
      />
    );

  const list = pairs.data ?? [];
  return (
    <section className="duplicates" aria-label="Possible duplicates" data-testid="duplicates">
      <header className="duplicates-head">
        <h2 tabIndex={-1} ref={headingRef}>
          Possible duplicates
        </h2>
        <button type="button" onClick={onClose} data-testid="duplicates-close">
          Close
        </button>
      </header>
      {notice && (
        <p className="banner ok" role="status" data-testid="duplicates-notice">
          {notice}
        </p>
      )}
      <ErrorBanner error={pairs.error ?? actionError}>
        {pairs.error && (
          <button type="button" className="link" onClick={pairs.reload}>
            Try again
          </button>
        )}
      </ErrorBanner>
      {pairs.data === undefined && !pairs.error && <p className="muted">Looking for duplicates…</p>}
      {pairs.data !== undefined && list.length === 0 && (
        <p className="muted" data-testid="duplicates-empty">
          No possible duplicates.
        </p>
      )}
      {list.length > 0 && (
        <ul className="duplicate-list" aria-busy={pairs.loading}>
          {list.map((p) => (
            <li
              key={`${p.a.id}-${p.b.id}`}
              className="duplicate-row"
              data-testid="duplicate-row"
              data-pair={`${p.a.id}-${p.b.id}`}
            >
              <div className="duplicate-sides">
                <Side side={p.a} />
                <span className="duplicate-and" aria-hidden="true">
                  &amp;
                </span>
                <Side side={p.b} />
                <span
                  className={`pbadge duplicate-confidence ${p.verdict}`}
                  data-tip={`${p.verdict === "same" ? "Very likely the same person" : "Possibly the same person"}; confidence ${p.confidence} of 100 (a score from the evidence, not a measured probability)`}
                  data-testid="duplicate-confidence"
                >
                  {p.verdict === "same" ? "same" : "possible"} · confidence {p.confidence}
                </span>
              </div>
              <ul className="duplicate-evidence" data-testid="duplicate-evidence">
                {p.evidence.map((e) => (
                  <li key={e}>{e}</li>
                ))}
              </ul>
              <div className="actions">
                <button
                  type="button"
                  className="primary"
                  data-testid="duplicate-merge"
                  disabled={busy}
                  onClick={() => {
                    setNotice(null);
                    setActionError(null);
                    setMerging(p);
                  }}
                >
                  Merge…
                </button>
                <button type="button" data-testid="duplicate-dismiss" disabled={busy} onClick={() => void dismiss(p)}>
                  Not the same person
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Side({ side }: { side: DuplicateSide }) {
  const sub = [side.company, side.email ?? side.phone].filter(Boolean).join(" · ");
  return (
    <span className="duplicate-side">
      <span className="duplicate-name" data-testid="duplicate-name">
        {side.name}
      </span>
      {side.archived && <span className="pbadge archived">Archived</span>}
      <span className="muted duplicate-sub">{sub || "\u00a0"}</span>
    </span>
  );
}

type PreviewProps = {
  pair: DuplicatePair;
  onCancel: () => void;
  onMerged: (what: string) => void;
};

/** The two contacts side by side and the kept one as the merge would leave it. */
function MergePreview({ pair, onCancel, onMerged }: PreviewProps) {
  const [swapped, setSwapped] = useState(false);
  // The fields whose value comes from the merged-away contact, by the person's choice.
  const [take, setTake] = useState<MergeField[]>([]);
  const keep = swapped ? pair.b : pair.a;
  const other = swapped ? pair.a : pair.b;
  const sides = useQuery(["merge-preview", pair.a.id, pair.b.id], () =>
    Promise.all([api.getContact(pair.a.id), api.getContact(pair.b.id)]),
  );
  const after = useQuery(["merge-preview", pair.a.id, pair.b.id, keep.id, ...take], () =>
    api.previewMerge(keep.id, other.id, take),
  );
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);

  const confirm = async () => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await api.mergeContacts(keep.id, other.id, take);
      onMerged(`Merged ${named(other, keep)} into ${named(keep, other)}`);
    } catch (e) {
      setError(errorOf(e));
      setBusy(false);
    }
  };

  const [a, b] = sides.data ?? [null, null];
  const [keptContact, otherContact] = swapped ? [b, a] : [a, b];
  const differing = keptContact && otherContact ? differences(keptContact, otherContact) : [];
  return (
    <section className="duplicates merge-preview" aria-label="Merge preview" data-testid="merge-preview">
      <header className="duplicates-head">
        <h2 tabIndex={-1} ref={headingRef}>
          Merge {named(other, keep)} into {named(keep, other)}?
        </h2>
        <button type="button" onClick={onCancel} data-testid="merge-cancel">
          Back
        </button>
      </header>
      <ErrorBanner error={sides.error ?? after.error ?? error} />
      <div className="merge-columns">
        <ContactColumn contact={a} fallback={pair.a} role={swapped ? "merged away" : "kept"} />
        <ContactColumn contact={b} fallback={pair.b} role={swapped ? "kept" : "merged away"} />
      </div>
      <label className="merge-swap">
        <input
          type="checkbox"
          checked={swapped}
          onChange={(e) => {
            setSwapped(e.currentTarget.checked);
            setTake([]);
          }}
          data-testid="merge-swap"
        />{" "}
        Keep the other one instead
      </label>
      {differing.length > 0 && (
        <fieldset className="merge-choices" data-testid="merge-choices">
          <legend>Where they differ, keep</legend>
          {differing.map(({ field, label, kept: k, theirs }) => {
            const taken = take.includes(field);
            const choose = (fromOther: boolean) =>
              setTake((t) => (fromOther ? [...t.filter((f) => f !== field), field] : t.filter((f) => f !== field)));
            return (
              <div key={field} className="merge-choice" role="radiogroup" aria-label={label} data-field={field}>
                <span className="merge-choice-label">{label}</span>
                <label>
                  <input
                    type="radio"
                    name={`take-${field}`}
                    checked={!taken}
                    onChange={() => choose(false)}
                    data-testid="merge-keep-value"
                  />{" "}
                  {k}
                </label>
                <label>
                  <input
                    type="radio"
                    name={`take-${field}`}
                    checked={taken}
                    onChange={() => choose(true)}
                    data-testid="merge-take-value"
                  />{" "}
                  {theirs}
                </label>
              </div>
            );
          })}
        </fieldset>
      )}
      <h3>After the merge</h3>
      <div className="merge-after" data-testid="merge-after" aria-busy={after.loading}>
        {after.data && !after.loading ? (
          <ContactFields contact={after.data} />
        ) : (
          <p className="muted">Working out the merge…</p>
        )}
      </div>
      <p className="muted">
        Interactions, asks, reminders, tags, interests and dates of {other.name} move to {keep.name}. You can undo the
        merge from {keep.name}'s page.
      </p>
      <div className="actions">
        <button
          type="button"
          className="primary"
          data-testid="merge-confirm"
          disabled={busy || !after.data || after.loading}
          onClick={() => void confirm()}
        >
          Merge into {named(keep, other)}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </section>
  );
}

/** A side's name, with its id when both sides have the same name (two "Ana Ruiz"). */
function named(side: DuplicateSide, other: DuplicateSide): string {
  return side.name === other.name ? `${side.name} (id ${side.id})` : side.name;
}

/** The single-valued fields of a merge, as the person reads them. */
const FIELDS: { field: MergeField; label: string; value: (c: Contact) => string | null }[] = [
  { field: "name", label: "Name", value: (c) => c.name },
  { field: "nickname", label: "Nickname", value: (c) => c.nickname },
  { field: "company", label: "Company", value: (c) => c.company },
  { field: "department", label: "Department", value: (c) => c.department },
  { field: "role", label: "Role", value: (c) => c.role },
  { field: "location", label: "Location", value: (c) => c.location },
  { field: "metHow", label: "How you met", value: (c) => c.metHow },
  { field: "metOn", label: "Met on", value: (c) => c.metOn },
  { field: "connectedOn", label: "Connected on", value: (c) => c.connectedOn },
  { field: "circle", label: "Circle", value: (c) => c.circle },
  { field: "cadence", label: "Keep in touch", value: (c) => (c.cadenceDays ? `every ${c.cadenceDays} days` : null) },
];

/** The fields both contacts hold, with different values: the ones the person can choose. */
function differences(kept: Contact, other: Contact) {
  return FIELDS.flatMap(({ field, label, value }) => {
    const k = value(kept);
    const theirs = value(other);
    return k && theirs && k !== theirs ? [{ field, label, kept: k, theirs }] : [];
  });
}

function ContactColumn({
  contact,
  fallback,
  role,
}: {
  contact: Contact | null;
  fallback: DuplicateSide;
  role: string;
}) {
  return (
    <div className={`merge-column ${role === "kept" ? "kept" : ""}`} data-testid="merge-column">
      <p className="merge-role muted">{role === "kept" ? "Kept" : "Merged into the other"}</p>
      {contact ? <ContactFields contact={contact} /> : <p className="duplicate-name">{fallback.name}</p>}
    </div>
  );
}

function ContactFields({ contact: c }: { contact: Contact }) {
  const emails = c.channels.filter((x) => x.kind === "email").map((x) => x.value);
  const phones = c.channels.filter((x) => x.kind === "phone").map((x) => x.value);
  const rows: [string, string][] = [
    ["Name", c.name],
    ["Company", c.company ?? ""],
    ["Role", c.role ?? ""],
    ["Location", c.location ?? ""],
    ["Emails", emails.join(", ")],
    ["Phones", phones.join(", ")],
    ["Tags", c.tags.join(", ")],
  ];
  return (
    <dl className="merge-fields">
      {rows.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd data-field={label.toLowerCase()}>{value || <span className="muted">—</span>}</dd>
        </div>
      ))}
    </dl>
  );
}
