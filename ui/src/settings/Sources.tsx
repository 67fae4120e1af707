// Settings → Sources: the calendars, mailboxes and phone and chat exports Kith reads (each with
// its kind, path, when it was last read, what it brought and skipped and why, or why it cannot
// be read); adding one (a typed path, or a file or folder chosen in the dialog) shows a preview
// first — per person what it would bring, who is on it and not in Kith, what it skips and why —
// and imports it only when asked. Kith first needs to know who the person is: for mail and
// calendars their own addresses (it offers the ones on most of the file); for a chat export
// their name in it (it offers the authors, the name given for other chats or the most frequent
// first) and, when every date reads both ways, the order of day and month. Below, the queue
// ("Review"): people the person writes to, meets, calls or chats with who are not in Kith, each
// to add, link to a contact, or ignore. A read shows its progress and can be cancelled (what it
// committed stays; a preview keeps nothing anyway).
//
// Lists load under ["sources"] and ["unknowns"] (lib/query); an import, an add or a link
// invalidates everything, since people's histories change.

import { listen } from "@tauri-apps/api/event";
import { open } from "@tauri-apps/plugin-dialog";
import { useEffect, useRef, useState } from "react";
import { api, errorOf } from "../api";
import type {
  ContactRef,
  ExportQuestions,
  FoundSource,
  OwnAddress,
  ScanReport,
  Source,
  SourceKind,
  Unknown,
} from "../bindings";
import { ErrorBanner } from "../ErrorBanner";
import type { AppError } from "../errors";
import { moveActive } from "../keys";
import { invalidate, useQuery } from "../lib/query";
import { ownRead } from "./CaptureStatus";
import { formatSize } from "./SettingsScreen";
import {
  authorCount,
  countText,
  itemWord,
  kindLabel,
  queueLine,
  reportSummary,
  scanAllText,
  sourceState,
  totalsText,
  unknownText,
} from "./sourceText";

const KINDS: { value: SourceKind | ""; label: string }[] = [
  { value: "", label: "Detect from the path" },
  { value: "ics", label: "Calendar (.ics, or Google's .zip)" },
  { value: "mbox", label: "Mailbox file (mbox, Thunderbird folder)" },
  { value: "maildir", label: "Maildir folder" },
  { value: "sms-backup", label: "Phone calls or texts (SMS Backup & Restore .xml)" },
  { value: "whatsapp", label: "WhatsApp chat (exported .txt or .zip)" },
  { value: "telegram", label: "Telegram (Desktop's result.json)" },
  { value: "linkedin-messages", label: "LinkedIn messages (messages.csv)" },
  { value: "signal", label: "Signal (a signal-export folder)" },
];

/** Mail and calendars: read as the person's by their own addresses; the rest are chat and phone exports. */
const byAddress = (kind: SourceKind) => kind === "ics" || kind === "mbox" || kind === "maildir";

/** What a preview or an import reads, as the person chose it. */
type Target = {
  path: string;
  kind: SourceKind | null;
  keepText: boolean;
  /** Their name in a chat export. */
  me: string | null;
  /** A WhatsApp export's date order, where its dates read both ways. */
  dayFirst: boolean | null;
};

type Busy = "preview" | "import" | "scan" | null;

export function Sources({ focusQueue = false }: { focusQueue?: boolean }) {
  const sources = useQuery<Source[]>(["sources"], () => api.listSources());
  const me = useQuery<string[]>(["sources", "me"], () => api.meAddresses());
  const [path, setPath] = useState("");
  const [kind, setKind] = useState<SourceKind | "">("");
  const [keepText, setKeepText] = useState(false);
  const [busy, setBusy] = useState<Busy>(null);
  const [read, setRead] = useState(0);
  const [error, setError] = useState<AppError | null>(null);
  // The file the preview was read from: the import reads the same, even if the field changed.
  const [previewed, setPreviewed] = useState<Target | null>(null);
  const [report, setReport] = useState<ScanReport | null>(null);
  const [offer, setOffer] = useState<{ kind: SourceKind; addresses: OwnAddress[] } | null>(null);
  const [questions, setQuestions] = useState<ExportQuestions | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  /** Runs a read with its progress shown and cancellable. */
  const reading = async <T,>(what: Busy, work: () => Promise<T>): Promise<T | null> => {
    setBusy(what);
    setRead(0);
    setError(null);
    setMessage(null);
    ownRead.active = true;
    const stop = await listen<{ read: number }>("capture-progress", (e) => setRead(e.payload.read)).catch(
      () => undefined,
    );
    try {
      return await work();
    } catch (e) {
      setError(errorOf(e));
      return null;
    } finally {
      stop?.();
      ownRead.active = false;
      setBusy(null);
    }
  };

  const dryRun = async (target: Target) => {
    const r = await reading("preview", () =>
      api.addSource(target.path, target.kind, true, target.keepText, target.me, target.dayFirst),
    );
    if (r) {
      setPreviewed(target);
      setReport(r);
    }
  };

  const preview = async (file: string, k: SourceKind | "") => {
    const chosen: Target = { path: file.trim(), kind: k || null, keepText, me: null, dayFirst: null };
    if (!chosen.path) return;
    setReport(null);
    setOffer(null);
    setQuestions(null);
    setPreviewed(null);
    const q = await reading("preview", () => api.exportQuestions(chosen.path, chosen.kind));
    if (!q) return;
    const target = { ...chosen, kind: q.kind };
    if (!byAddress(q.kind)) {
      if (q.askMe || q.askDateOrder) {
        // Kith must be told who the person is in it, or how to read its dates, first.
        setPreviewed(target);
        setQuestions(q);
      } else {
        await dryRun({ ...target, me: q.me ?? null });
      }
      return;
    }
    if ((me.data ?? []).length === 0) {
      // Kith must know whose mail this is first: offer the addresses on most of it.
      const found = await reading("preview", () => api.ownAddresses(target.path, target.kind));
      if (found) setOffer({ kind: found[0], addresses: found[1] });
      setPreviewed(target);
      return;
    }
    await dryRun(target);
  };

  const commit = async () => {
    if (!previewed) return;
    const p = previewed;
    const r = await reading("import", () => api.addSource(p.path, p.kind, false, p.keepText, p.me, p.dayFirst));
    if (r) {
      setReport(r);
      setPreviewed(null);
      setPath("");
      invalidate();
    }
  };

  const scan = async (id: number | null) => {
    const reports = await reading("scan", () => api.scanSources(id));
    if (reports) {
      setReport(reports.length === 1 ? (reports[0] ?? null) : null);
      if (reports.length !== 1) setMessage(scanAllText(reports));
      invalidate();
    }
  };

  const addMine = async (email: string) => {
    setError(null);
    try {
      await api.addMeAddress(email);
      me.reload();
      return true;
    } catch (e) {
      setError(errorOf(e));
      return false;
    }
  };

  const choose = async (directory: boolean) => {
    try {
      const file = await open({ multiple: false, directory });
      if (typeof file === "string") {
        setPath(file);
        await preview(file, kind);
      }
    } catch (e) {
      setError(errorOf(e));
    }
  };

  return (
    <section className="sources" aria-labelledby="sources-title" data-testid="sources">
      <div className="screen-header">
        <div>
          <h2 id="sources-title">Sources</h2>
          <p className="muted">
            Kith reads meetings from calendar files, conversations from mailboxes, and calls, texts and chats from the
            exports your phone and chat apps make, all already on this computer, and reads them again at start-up and
            every hour. Of a message it keeps who, when and a mail's subject (the text too only where you ask), and it
            never writes to these files.
          </p>
        </div>
        {(sources.data ?? []).length > 0 && (
          <button type="button" disabled={busy !== null} onClick={() => void scan(null)} data-testid="sources-scan-all">
            Read all again
          </button>
        )}
      </div>

      <MyAddresses addresses={me.data ?? []} onAdd={addMine} />

      <SourceList
        sources={sources.data ?? []}
        busy={busy !== null}
        onScan={(id) => void scan(id)}
        onChanged={(text) => {
          setMessage(text);
          invalidate();
        }}
        setError={setError}
      />

      <h3>Add a source</h3>
      <form
        className="import-form"
        onSubmit={(e) => {
          e.preventDefault();
          void preview(path, kind);
        }}
      >
        <div className="field">
          <label htmlFor="source-path">File or folder</label>
          <input
            id="source-path"
            data-testid="source-path"
            value={path}
            placeholder="/home/you/Takeout/Mail/All mail.mbox"
            onChange={(e) => setPath(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="source-kind">Kind</label>
          <select
            id="source-kind"
            data-testid="source-kind"
            value={kind}
            onChange={(e) => setKind(e.target.value as SourceKind | "")}
          >
            {KINDS.map((k) => (
              <option key={k.value} value={k.value}>
                {k.label}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" disabled={!path.trim() || busy !== null} data-testid="source-preview">
          Preview
        </button>
      </form>
      <label className="check">
        <input
          type="checkbox"
          checked={keepText}
          onChange={(e) => setKeepText(e.target.checked)}
          data-testid="source-keep-text"
        />{" "}
        Also keep what messages say (a mail's first 10,000 characters, a text's or chat message's first 500; by default
        Kith keeps who, when and a mail's subject)
      </label>
      <div className="row-actions">
        <button type="button" disabled={busy !== null} onClick={() => void choose(false)}>
          Choose a file…
        </button>
        <button type="button" disabled={busy !== null} onClick={() => void choose(true)}>
          Choose a folder (Maildir, Signal export)…
        </button>
      </div>

      <FoundOffers
        sources={sources.data ?? []}
        busy={busy !== null}
        onPreview={(f) => {
          setPath(f.path);
          setKind(f.kind);
          void preview(f.path, f.kind);
        }}
      />

      {busy && (
        <div className="progress" role="progressbar" aria-label="Reading" aria-valuetext={`${read} read`}>
          <div className="progress-bar indeterminate" />
          <span className="muted" data-testid="source-progress">
            {busy === "preview" ? "Reading for the preview" : busy === "import" ? "Importing" : "Reading"}…{" "}
            {read > 0 && `${read.toLocaleString()} read`}{" "}
            <button type="button" onClick={() => void api.cancelRead()} data-testid="source-cancel">
              Cancel
            </button>
          </span>
        </div>
      )}
      {message && (
        <p className="banner ok" role="status" data-testid="sources-message">
          {message}
        </p>
      )}
      <ErrorBanner error={error} testId="source-error" />

      {questions && previewed && (
        <ExportQuestionsView
          questions={questions}
          busy={busy !== null}
          onAnswer={(answer) => {
            setQuestions(null);
            void dryRun({ ...previewed, ...answer });
          }}
          onCancel={() => {
            setQuestions(null);
            setPreviewed(null);
          }}
        />
      )}

      {offer && previewed && (
        <OwnAddressOffer
          kind={offer.kind}
          addresses={offer.addresses}
          onAdd={async (email) => {
            if (await addMine(email)) {
              setOffer(null);
              await dryRun(previewed);
            }
          }}
        />
      )}

      {report && (
        <ScanReportView
          report={report}
          onImport={previewed && !report.committed ? () => void commit() : null}
          onCancel={() => {
            setReport(null);
            setPreviewed(null);
          }}
          busy={busy !== null}
        />
      )}

      <Queue focus={focusQueue} />
    </section>
  );
}

/** Thunderbird and Evolution folders found in their usual places, not sources yet. */
function FoundOffers({
  sources,
  busy,
  onPreview,
}: {
  sources: Source[];
  busy: boolean;
  onPreview: (f: FoundSource) => void;
}) {
  const query = useQuery<FoundSource[]>(["sources", "found"], () => api.foundSources());
  const taken = new Set(sources.map((s) => s.path));
  const list = (query.data ?? []).filter((f) => !taken.has(f.path));
  if (list.length === 0) return null;
  return (
    <div className="found" data-testid="found-sources">
      <h4>Found on this computer</h4>
      <p className="muted">
        In the places Thunderbird and Evolution keep mail and calendars. Kith reads none of them unless you add it.
      </p>
      <ul className="offer-list">
        {list.map((f) => (
          <li key={f.path} data-testid="found-source">
            <span className="badge">{kindLabel(f.kind)}</span> {f.label}{" "}
            <span className="muted">{formatSize(f.bytes)}</span>{" "}
            <button type="button" disabled={busy} onClick={() => onPreview(f)} data-testid="found-preview">
              Preview
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

function MyAddresses({ addresses, onAdd }: { addresses: string[]; onAdd: (email: string) => Promise<boolean> }) {
  const [draft, setDraft] = useState("");
  return (
    <div className="my-addresses" data-testid="me-addresses">
      <span className="pfield-label">Your addresses</span>
      {addresses.length === 0 ? (
        <span className="muted">
          None yet. Kith needs them to tell which messages you wrote and which meetings were yours.
        </span>
      ) : (
        addresses.map((a) => (
          <span key={a} className="chip" data-testid="me-address">
            {a}
          </span>
        ))
      )}
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (draft.trim()) void onAdd(draft.trim()).then((ok) => ok && setDraft(""));
        }}
      >
        <input
          aria-label="Add one of your addresses"
          placeholder="you@example.com"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          data-testid="me-address-input"
        />
        <button type="submit" disabled={!draft.trim()}>
          Add
        </button>
      </form>
    </div>
  );
}

function OwnAddressOffer({
  kind,
  addresses,
  onAdd,
}: {
  kind: SourceKind;
  addresses: OwnAddress[];
  onAdd: (email: string) => Promise<void>;
}) {
  return (
    <div className="plan" data-testid="own-offer">
      <p className="plan-summary">Which address is yours?</p>
      <p className="muted">
        Kith needs your own addresses to tell which messages you wrote and which meetings were yours.{" "}
        {addresses.length > 0
          ? "Likely yours, from how often each is on it:"
          : "No address is on most of this file; add yours above."}
      </p>
      <ul className="offer-list">
        {addresses.map((a) => (
          <li key={a.email}>
            <strong>{a.email}</strong>{" "}
            <span className="muted">
              on {a.on.toLocaleString()} of {itemWord(kind, a.of)}
              {kind === "ics" ? "" : " from people"}
            </span>{" "}
            <button type="button" className="primary" onClick={() => void onAdd(a.email)} data-testid="own-offer-use">
              This is me
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * Before a chat export is read: which of its authors is the person ("This is me"; the likeliest
 * first, and marked), and, when every date reads both ways, whether day or month comes first.
 */
function ExportQuestionsView({
  questions: q,
  busy,
  onAnswer,
  onCancel,
}: {
  questions: ExportQuestions;
  busy: boolean;
  onAnswer: (answer: { me: string | null; dayFirst: boolean | null }) => void;
  onCancel: () => void;
}) {
  const [dayFirst, setDayFirst] = useState<boolean | null>(q.likelyDayFirst ?? null);
  const orderChosen = !q.askDateOrder || dayFirst !== null;
  const answer = (me: string | null) => onAnswer({ me, dayFirst: q.askDateOrder ? dayFirst : null });
  return (
    <div className="plan" data-testid="export-questions">
      {q.askDateOrder && (
        <fieldset className="date-order" data-testid="date-order">
          <legend className="plan-summary">How are this chat's dates written?</legend>
          <p className="muted">
            Every date in it reads both ways (3/4 is 3 April or March 4)
            {q.likelyDayFirst === null
              ? ", and both ways its messages run forward in time: check one date on your phone."
              : `; read ${q.likelyDayFirst ? "day" : "month"} first, its messages run forward in time.`}
          </p>
          {[true, false].map((first) => (
            <label key={String(first)} className="check">
              <input
                type="radio"
                name="date-order"
                checked={dayFirst === first}
                onChange={() => setDayFirst(first)}
                data-testid={first ? "date-order-dmy" : "date-order-mdy"}
              />{" "}
              {first ? "Day first (31/12/2024)" : "Month first (12/31/2024)"}
            </label>
          ))}
        </fieldset>
      )}
      {q.askMe ? (
        <>
          <p className="plan-summary">Which name in this {kindLabel(q.kind)} export is yours?</p>
          <p className="muted">
            Kith needs it to tell what you wrote from what others wrote; everyone else in it is someone you talked with.{" "}
            {q.me !== null && "The likeliest first."}
          </p>
          <ul className="offer-list" data-testid="export-authors">
            {q.authors.map((a) => (
              <li key={a.key} data-testid="export-author">
                <strong>{a.name}</strong>{" "}
                <span className="muted">
                  {authorCount(a.messages, a.conversations)}
                  {a.key === q.me && " · likely you"}
                </span>{" "}
                <button
                  type="button"
                  className={a.key === q.me ? "primary" : undefined}
                  disabled={busy || !orderChosen}
                  onClick={() => answer(a.key)}
                  data-testid="export-me"
                >
                  This is me
                </button>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <div className="plan-actions">
          <button
            type="button"
            className="primary"
            disabled={busy || !orderChosen}
            onClick={() => answer(q.me)}
            data-testid="export-questions-preview"
          >
            Preview
          </button>
        </div>
      )}
      <div className="row-actions">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}

function SourceList({
  sources,
  busy,
  onScan,
  onChanged: onRemoved,
  setError,
}: {
  sources: Source[];
  busy: boolean;
  onScan: (id: number) => void;
  /** A source was changed or removed: what to say of it. */
  onChanged: (text: string) => void;
  setError: (e: AppError | null) => void;
}) {
  const [removing, setRemoving] = useState<number | null>(null);
  const [forget, setForget] = useState(false);
  if (sources.length === 0) return <p className="muted">No sources yet.</p>;
  return (
    <ul className="source-list" data-testid="source-list">
      {sources.map((s) => (
        <li key={s.id} className={`source-item status-${s.status}`} data-testid="source-item">
          <div className="source-head">
            <span className="badge">{kindLabel(s.kind)}</span>
            <span className="source-path" data-tip={s.path}>
              {s.path}
            </span>
          </div>
          <div className="source-state" data-testid="source-state">
            <span className={s.status === "ok" ? "muted" : "warn"}>{sourceState(s)}</span>
            {s.message && <span className="muted"> — {s.message}</span>}
          </div>
          {s.me && (
            <div className="muted" data-testid="source-me">
              You are “{s.me}” in it.
            </div>
          )}
          <div className="muted" data-testid="source-totals">
            {totalsText(s.kind, s.totals)}
          </div>
          {s.totals.skipped.length > 0 && (
            <details>
              <summary>What was skipped, and why</summary>
              <ul className="skipped">
                {s.totals.skipped.map((k) => (
                  <li key={k.reason}>
                    {k.count.toLocaleString()} — {k.reason}
                  </li>
                ))}
              </ul>
            </details>
          )}
          {s.kind !== "ics" && (
            <div className="muted" data-testid="source-text">
              {s.keepText
                ? "Keeps what messages say, from when this was turned on. "
                : "Keeps who, when and the subject. "}
              <button
                type="button"
                className="link"
                disabled={busy}
                onClick={() => {
                  api
                    .setSourceKeepText(s.id, !s.keepText)
                    .then((next) =>
                      onRemoved(
                        next.keepText
                          ? "What its messages say is kept from the next read on."
                          : "What its messages said is erased, and no longer kept.",
                      ),
                    )
                    .catch((e: unknown) => setError(errorOf(e)));
                }}
                data-testid="source-text-toggle"
              >
                {s.keepText ? "Stop keeping the text" : "Keep the text too"}
              </button>
            </div>
          )}
          <div className="row-actions">
            <button type="button" disabled={busy} onClick={() => onScan(s.id)} data-testid="source-scan">
              Read again
            </button>
            {removing === s.id ? (
              <span className="confirm">
                <label>
                  <input type="checkbox" checked={forget} onChange={(e) => setForget(e.target.checked)} /> Also move the
                  interactions it made to the trash
                </label>
                <button
                  type="button"
                  className="danger"
                  onClick={() => {
                    api
                      .removeSource(s.id, forget)
                      .then(() => {
                        setRemoving(null);
                        onRemoved(
                          forget
                            ? `Stopped reading ${s.path}; what it made is in the trash.`
                            : `Stopped reading ${s.path}; what it brought stays.`,
                        );
                      })
                      .catch((e: unknown) => setError(errorOf(e)));
                  }}
                  data-testid="source-remove-confirm"
                >
                  Remove
                </button>
                <button type="button" onClick={() => setRemoving(null)}>
                  Keep
                </button>
              </span>
            ) : (
              <button
                type="button"
                disabled={busy}
                onClick={() => {
                  setForget(false);
                  setRemoving(s.id);
                }}
                data-testid="source-remove"
              >
                Remove…
              </button>
            )}
          </div>
        </li>
      ))}
    </ul>
  );
}

function ScanReportView({
  report,
  onImport,
  onCancel,
  busy,
}: {
  report: ScanReport;
  onImport: (() => void) | null;
  onCancel: () => void;
  busy: boolean;
}) {
  const r = report;
  return (
    <div className="plan" data-testid={r.committed ? "source-report" : "source-preview-report"}>
      <p className="plan-summary" role="status">
        {reportSummary(r)}
      </p>
      {onImport && (
        <div className="plan-actions">
          <button type="button" className="primary" disabled={busy} onClick={onImport} data-testid="source-import">
            Import
          </button>
          <button type="button" disabled={busy} onClick={onCancel}>
            Cancel
          </button>
        </div>
      )}
      {r.contacts.length > 0 && (
        <table className="plan-table" data-testid="source-people">
          <thead>
            <tr>
              <th scope="col">Person</th>
              <th scope="col">{r.committed ? "Found" : "Would bring"}</th>
            </tr>
          </thead>
          <tbody>
            {r.contacts.map((c) => (
              <tr key={c.contact.id} data-testid="source-person">
                <td>{c.contact.name}</td>
                <td>{countText(c.emails, c.meetings, c.messages, c.calls)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {r.unknowns.length > 0 && (
        <>
          <h4>{queueLine(r.unknowns)}</h4>
          <p className="muted">After the import, add or link them below; their past then attaches.</p>
          <ul className="skipped" data-testid="source-preview-unknowns">
            {r.unknowns.map((u) => (
              <li key={u.email}>
                {u.name && u.name !== u.label ? `${u.name} <${u.label}>` : u.label} — {unknownText(u)}
              </li>
            ))}
          </ul>
        </>
      )}
      {r.totals.skipped.length > 0 && (
        <>
          <h4>Skipped</h4>
          <ul className="skipped" data-testid="source-skipped">
            {r.totals.skipped.map((k) => (
              <li key={k.reason}>
                {k.count.toLocaleString()} — {k.reason}
              </li>
            ))}
          </ul>
        </>
      )}
      {r.problems.length > 0 && (
        <>
          <h4>Could not be read</h4>
          <ul className="skipped">
            {r.problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

/** The queue: people on captured mail, meetings, calls and chats who are not in Kith. */
function Queue({ focus }: { focus: boolean }) {
  const [all, setAll] = useState(false);
  const query = useQuery<Unknown[]>(["unknowns", all], () => api.unknowns(all));
  const [error, setError] = useState<AppError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [linking, setLinking] = useState<string | null>(null);
  const ref = useRef<HTMLDivElement>(null);
  const loaded = query.data !== undefined;
  // Opened from Today: once the queue is there (the sources above it have loaded too).
  const shown = useRef(false);
  useEffect(() => {
    if (focus && loaded && !shown.current) {
      shown.current = true;
      window.requestAnimationFrame(() => ref.current?.scrollIntoView({ block: "start" }));
    }
  }, [focus, loaded]);
  const list = query.data ?? [];

  const act = async (work: () => Promise<string>) => {
    setError(null);
    try {
      setDone(await work());
      setLinking(null);
      invalidate();
    } catch (e) {
      setError(errorOf(e));
    }
  };

  return (
    <div className="queue" id="sources-review" ref={ref} data-testid="queue">
      <h3>Review: people not in Kith</h3>
      <p className="muted">
        People on your mail, meetings, calls and chats who match no one in Kith. Add them, or link the address, number
        or chat name to someone you have: what your sources hold of them attaches to that person. Or ignore it: it is
        not offered again.
      </p>
      <label className="check">
        <input type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} data-testid="queue-all" /> Also
        show addresses that only wrote to you, or that only you wrote to
      </label>
      {done && (
        <p className="banner ok" role="status" data-testid="queue-message">
          {done}
        </p>
      )}
      <ErrorBanner error={error ?? query.error} testId="queue-error" />
      {query.data && list.length === 0 && (
        <p className="muted" data-testid="queue-empty">
          {all
            ? "Everyone on your mail, meetings, calls and chats is in Kith."
            : "No one you both wrote to and heard from, met, or spoke with on the phone is missing from Kith."}
        </p>
      )}
      <ul className="trash-list" data-testid="queue-list">
        {list.map((u) => (
          <li key={u.email} className="trash-item queue-item" data-testid="queue-item">
            <div>
              <div className="trash-title">{u.name ?? u.label}</div>
              {u.name && u.name !== u.label && <div className="muted">{u.label}</div>}
              <div className="muted" data-testid="queue-counts">
                {unknownText(u)}
              </div>
            </div>
            {linking === u.email ? (
              <LinkPicker
                onPick={(c) =>
                  void act(async () => {
                    await api.linkUnknown(u.email, c.id);
                    return `${u.label} is ${c.name}'s now; what your sources hold of them is on their page.`;
                  })
                }
                onCancel={() => setLinking(null)}
              />
            ) : (
              <div className="row-actions">
                <button
                  type="button"
                  className="primary"
                  data-testid="queue-add"
                  onClick={() =>
                    void act(async () => {
                      const c = await api.addUnknown(u.email);
                      return `Added ${c.name}; what your sources hold of them is on their page.`;
                    })
                  }
                >
                  Add as a person
                </button>
                <button type="button" data-testid="queue-link" onClick={() => setLinking(u.email)}>
                  Link to…
                </button>
                <button
                  type="button"
                  data-testid="queue-ignore"
                  onClick={() =>
                    void act(async () => {
                      await api.ignoreUnknown(u.email);
                      return `${u.label} will not be offered again.`;
                    })
                  }
                >
                  Ignore
                </button>
              </div>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** A type-ahead over the person's contacts: ↑/↓ pick, Enter links, Esc cancels. */
function LinkPicker({ onPick, onCancel }: { onPick: (c: ContactRef) => void; onCancel: () => void }) {
  const [text, setText] = useState("");
  const [found, setFound] = useState<ContactRef[]>([]);
  const [active, setActive] = useState(0);
  useEffect(() => {
    let live = true;
    const t = window.setTimeout(() => {
      if (!text.trim()) return setFound([]);
      api
        .suggestContacts(text.trim(), 8)
        .then((s) => {
          if (live) {
            setFound(s);
            setActive(0);
          }
        })
        .catch(() => live && setFound([]));
    }, 100);
    return () => {
      live = false;
      window.clearTimeout(t);
    };
  }, [text]);
  const listId = "queue-link-options";
  return (
    <div className="autocomplete link-picker">
      <input
        role="combobox"
        aria-label="Link to"
        aria-expanded={found.length > 0}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={found[active] ? `${listId}-${found[active].id}` : undefined}
        autoFocus
        autoComplete="off"
        placeholder="Type a name"
        value={text}
        data-testid="queue-link-input"
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (moveActive(e, setActive, found.length)) return;
          if (e.key === "Enter") {
            e.preventDefault();
            const c = found[active];
            if (c) onPick(c);
          } else if (e.key === "Escape") {
            e.preventDefault();
            e.stopPropagation();
            onCancel();
          }
        }}
      />
      {found.length > 0 && (
        // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: a combobox's options: the input keeps the focus and the keys, aria-activedescendant points at the active one
        <ul className="suggestions" id={listId} role="listbox">
          {found.map((c, i) => (
            // biome-ignore lint/a11y/useFocusableInteractive: a combobox's options: the input keeps the focus and the keys, aria-activedescendant points at the active one
            <li
              key={c.id}
              id={`${listId}-${c.id}`}
              // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: a combobox's options: the input keeps the focus and the keys, aria-activedescendant points at the active one
              role="option"
              aria-selected={i === active}
              data-testid="queue-link-option"
              onMouseDown={(e) => {
                e.preventDefault();
                onPick(c);
              }}
            >
              {c.name}
            </li>
          ))}
        </ul>
      )}
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}
