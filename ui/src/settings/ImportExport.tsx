// Settings → Import and Export, a section of the Settings screen. Import: pick a file (dialog, drag-and-drop onto the window, or
// a typed path), see the plan (what will be created, merged or skipped, and why), switch any
// row (create separately, merge into the contact it may be, leave out; the plan is read again
// with those choices), then import it in one go with a progress bar and a report. Export: vCard, iCalendar or the complete JSON
// export, saved where the user chooses; the calendar file the app keeps current is shown.

import { listen } from "@tauri-apps/api/event";
import { getCurrentWebview } from "@tauri-apps/api/webview";
import { open, save } from "@tauri-apps/plugin-dialog";
import { useCallback, useEffect, useMemo, useState } from "react";
import { api, errorOf } from "../api";
import type {
  ExportFormat,
  ExportReport,
  ImportDecision,
  ImportFormat,
  ImportPlan,
  PlanAction,
  PlanItem,
} from "../bindings";
import { ErrorBanner } from "../ErrorBanner";
import type { AppError } from "../errors";
import { invalidate, useQuery } from "../lib/query";
import { ImportHistory } from "./ImportHistory";

const FORMATS: { value: ImportFormat | ""; label: string }[] = [
  { value: "", label: "Detect from the file" },
  { value: "vcard", label: "vCard (.vcf): Google, Apple, Outlook, Android" },
  { value: "linkedin", label: "LinkedIn Connections.csv" },
  { value: "google", label: "Google Contacts CSV" },
  { value: "outlook", label: "Outlook CSV (any language, comma or semicolon)" },
  { value: "thunderbird", label: "Thunderbird address book CSV (comma or tab)" },
  { value: "json", label: "Kith JSON export (into an empty database)" },
];

const EXPORTS: { value: ExportFormat; label: string; ext: string }[] = [
  { value: "vcard", label: "Contacts as vCard 4.0 (.vcf)", ext: "vcf" },
  { value: "ics", label: "Follow-ups and birthdays as iCalendar (.ics)", ext: "ics" },
  { value: "json", label: "Everything as Kith JSON (.json)", ext: "json" },
];

/** Rows of the preview table shown at once; the counts above it cover every record. */
const SHOWN = 300;

type Filter = PlanAction | "all" | "check";

/** The person's choices, by the line of their record. */
type Decisions = Record<number, ImportDecision>;

export function ImportExport() {
  const [path, setPath] = useState("");
  const [format, setFormat] = useState<ImportFormat | "">("");
  const [plan, setPlan] = useState<ImportPlan | null>(null);
  const [report, setReport] = useState<ImportPlan | null>(null);
  const [busy, setBusy] = useState<"preview" | "import" | null>(null);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [dragging, setDragging] = useState(false);
  const [filter, setFilter] = useState<Filter>("all");
  // The plan as Kith made it, before any choice: what each row can be switched to.
  const [proposed, setProposed] = useState<Map<number, PlanItem>>(new Map());
  const [decisions, setDecisions] = useState<Decisions>({});
  // The file and format the plan was read from: choices and the import apply to it, even if
  // the path field is edited after the preview.
  const [source, setSource] = useState<{ path: string; format: ImportFormat | null } | null>(null);

  const preview = useCallback(async (file: string, fmt: ImportFormat | "") => {
    if (!file.trim()) return;
    setBusy("preview");
    setError(null);
    setPlan(null);
    setReport(null);
    setDecisions({});
    try {
      const p = await api.importPreview(file.trim(), fmt || null);
      setSource({ path: file.trim(), format: fmt || null });
      setProposed(new Map(p.items.map((i) => [i.line, i])));
      setPlan(p);
    } catch (e) {
      setError(errorOf(e));
    } finally {
      setBusy(null);
    }
  }, []);

  /** Switches one row (`null`: back to Kith's proposal) and reads the plan again with it. */
  const decide = async (line: number, choice: ImportDecision | null) => {
    if (!plan || !source) return;
    const next = { ...decisions };
    if (choice) next[line] = choice;
    else delete next[line];
    setBusy("preview");
    setError(null);
    try {
      setPlan(await api.importPreview(source.path, source.format ?? plan.format, Object.values(next)));
      setDecisions(next);
    } catch (e) {
      setError(errorOf(e));
    } finally {
      setBusy(null);
    }
  };

  // A file dropped anywhere on the window is previewed here.
  useEffect(() => {
    let unlisten: (() => void) | undefined;
    let gone = false;
    getCurrentWebview()
      .onDragDropEvent((event) => {
        const p = event.payload;
        if (p.type === "enter" || p.type === "over") setDragging(true);
        else if (p.type === "leave") setDragging(false);
        else if (p.type === "drop") {
          setDragging(false);
          const file = p.paths[0];
          if (file) {
            setPath(file);
            void preview(file, format);
          }
        }
      })
      .then((f) => {
        if (gone) f();
        else unlisten = f;
      })
      .catch(() => undefined);
    return () => {
      gone = true;
      unlisten?.();
    };
  }, [preview, format]);

  const choose = async () => {
    try {
      const file = await open({
        multiple: false,
        directory: false,
        filters: [{ name: "Contacts", extensions: ["vcf", "vcard", "csv", "json", "txt"] }],
      });
      if (typeof file === "string") {
        setPath(file);
        await preview(file, format);
      }
    } catch (e) {
      setError(errorOf(e));
    }
  };

  const commit = async () => {
    if (!plan || !source) return;
    setBusy("import");
    setError(null);
    setProgress({ done: 0, total: plan.created + plan.merged });
    const stop = await listen<{ done: number; total: number }>("import-progress", (e) => setProgress(e.payload)).catch(
      () => undefined,
    );
    try {
      const done = await api.importCommit(source.path, source.format ?? plan.format, Object.values(decisions));
      setReport(done);
      setPlan(null);
      invalidate(); // an import may add or change anyone
    } catch (e) {
      setError(errorOf(e));
    } finally {
      stop?.();
      setBusy(null);
      setProgress(null);
    }
  };

  const shown = plan ?? report;
  const toCheck = useMemo(() => [...proposed.values()].filter((i) => i.possible).length, [proposed]);
  const rows = useMemo(
    () =>
      shown
        ? shown.items.filter((i) =>
            filter === "all" ? true : filter === "check" ? proposed.get(i.line)?.possible : i.action === filter,
          )
        : [],
    [shown, filter, proposed],
  );

  return (
    <section className="import-export" aria-labelledby="import-export-title" data-testid="import-export">
      <div>
        <h2 id="import-export-title">Import and export</h2>
        <p className="muted">
          Bring people in from your phone, mail or LinkedIn; take everything out whenever you like.
        </p>
      </div>

      <h3>Import</h3>
      <div className={`dropzone${dragging ? " dragging" : ""}`} data-testid="import-dropzone">
        <p>
          Drop a <strong>.vcf</strong>, <strong>.csv</strong> or Kith <strong>.json</strong> file on the window, or
        </p>
        <button
          type="button"
          className="primary"
          onClick={() => void choose()}
          disabled={busy !== null}
          data-testid="import-choose"
        >
          Choose a file…
        </button>
      </div>
      <form
        className="import-form"
        onSubmit={(e) => {
          e.preventDefault();
          void preview(path, format);
        }}
      >
        <div className="field">
          <label htmlFor="import-path">File</label>
          <input
            id="import-path"
            data-testid="import-path"
            value={path}
            placeholder="/home/you/Downloads/contacts.vcf"
            onChange={(e) => setPath(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="import-format">Format</label>
          <select
            id="import-format"
            data-testid="import-format"
            value={format}
            onChange={(e) => setFormat(e.target.value as ImportFormat | "")}
          >
            {FORMATS.map((f) => (
              <option key={f.value} value={f.value}>
                {f.label}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" disabled={!path.trim() || busy !== null} data-testid="import-preview">
          {busy === "preview" ? "Reading…" : "Preview"}
        </button>
      </form>

      <ErrorBanner error={error} testId="import-error" />

      {busy === "import" && progress && (
        <div
          className="progress"
          role="progressbar"
          aria-label="Importing"
          aria-valuemin={0}
          aria-valuemax={progress.total}
          aria-valuenow={progress.done}
        >
          <div
            className="progress-bar"
            style={{ width: `${progress.total ? (100 * progress.done) / progress.total : 0}%` }}
          />
          <span className="muted">
            Importing… {progress.done} of {progress.total}
          </span>
        </div>
      )}

      {shown && (
        <div className="plan" data-testid={report ? "import-report" : "import-plan"}>
          <p className="plan-summary" role="status">
            {summary(shown, report ? 0 : Object.keys(decisions).length)}
          </p>
          {shown.notes.map((n) => (
            <p key={n} className="muted">
              Note: {n}
            </p>
          ))}
          {plan && (
            <div className="plan-actions">
              <button
                type="button"
                className="primary"
                onClick={() => void commit()}
                disabled={busy !== null || plan.created + plan.merged + plan.tables.length === 0}
                data-testid="import-commit"
              >
                {plan.format === "json" ? "Restore" : commitLabel(plan)}
              </button>
              <button type="button" onClick={() => setPlan(null)} disabled={busy !== null}>
                Cancel
              </button>
            </div>
          )}
          {shown.items.length > 0 && (
            <>
              {/* biome-ignore lint/a11y/useSemanticElements: a <fieldset> brings its own border and legend; this is one row of filter buttons */}
              <div className="plan-filter" role="group" aria-label="Show">
                {(["all", "check", "create", "merge", "skip"] as Filter[])
                  .filter((f) => f !== "check" || (plan && toCheck > 0))
                  .map((f) => (
                    <button
                      type="button"
                      key={f}
                      className={filter === f ? "active" : ""}
                      aria-pressed={filter === f}
                      onClick={() => setFilter(f)}
                      data-testid={`plan-filter-${f}`}
                    >
                      {FILTER_LABELS[f]}
                      {f === "check" ? ` (${toCheck})` : ""}
                    </button>
                  ))}
              </div>
              <table className="plan-table">
                <thead>
                  <tr>
                    <th scope="col">Line</th>
                    <th scope="col">Name</th>
                    <th scope="col">What happens</th>
                    <th scope="col">Why</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.slice(0, SHOWN).map((item) => {
                    const { line } = item;
                    const first = proposed.get(line);
                    const flagged = first?.possible ?? item.possible;
                    return (
                      <tr
                        key={`${item.line}-${item.name}`}
                        data-testid="plan-row"
                        className={flagged ? "flagged" : undefined}
                        data-line={line}
                      >
                        <td>{item.line}</td>
                        <td>{item.name}</td>
                        <td>
                          {plan && first ? (
                            <RowChoice
                              item={first}
                              decision={decisions[line] ?? null}
                              disabled={busy !== null}
                              onChange={(d) => void decide(line, d)}
                            />
                          ) : (
                            <span className={`badge action-${item.action}`}>{actionLabel(item.action)}</span>
                          )}
                          {flagged && (
                            <span className="badge action-check" data-tip="Possibly someone already in Kith">
                              check
                            </span>
                          )}
                        </td>
                        <td>
                          {item.reason}
                          {item.changes.length > 0 && <span className="muted"> — adds {item.changes.join(", ")}</span>}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
              {rows.length > SHOWN && <p className="muted">…and {rows.length - SHOWN} more.</p>}
            </>
          )}
          {shown.tables.length > 0 && (
            <p className="muted">{shown.tables.map((t) => `${t.table}: ${t.rows}`).join(" · ")}</p>
          )}
          {shown.skipped.length > 0 && (
            <>
              <h4>Left out ({shown.skipped.length})</h4>
              <ul className="skipped" data-testid="import-skipped">
                {shown.skipped.slice(0, SHOWN).map((s, i) => (
                  <li
                    // biome-ignore lint/suspicious/noArrayIndexKey: skipped lines are shown as read, in order, and never move
                    key={i}
                  >
                    Line {s.line}
                    {s.name ? `, ${s.name}` : ""}
                    {s.field ? ` [${s.field}]` : ""}: {s.reason}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}

      <ExportPanel />
    </section>
  );
}

function ExportPanel() {
  const [format, setFormat] = useState<ExportFormat>("vcard");
  const [report, setReport] = useState<ExportReport | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  // Where the calendar file is kept; nothing is said about it when that cannot be read.
  const calendar = useQuery(["calendarPath"], () => api.calendarPath()).data ?? null;

  const run = async () => {
    setError(null);
    setReport(null);
    const choice = EXPORTS.find((e) => e.value === format);
    if (!choice) return;
    try {
      const target = await save({
        defaultPath: `kith.${choice.ext}`,
        filters: [{ name: choice.label, extensions: [choice.ext] }],
      });
      if (!target) return;
      setReport(await api.exportWrite(format, target));
    } catch (e) {
      setError(errorOf(e));
    }
  };

  return (
    <>
      <ImportHistory />

      <h3>Export</h3>
      <div className="import-form export-form">
        <div className="field">
          <label htmlFor="export-format">What</label>
          <select
            id="export-format"
            data-testid="export-format"
            value={format}
            onChange={(e) => setFormat(e.target.value as ExportFormat)}
          >
            {EXPORTS.map((f) => (
              <option key={f.value} value={f.value}>
                {f.label}
              </option>
            ))}
          </select>
        </div>
        <button type="button" className="primary" onClick={() => void run()} data-testid="export-run">
          Export…
        </button>
      </div>
      {report && (
        <p role="status" data-testid="export-report">
          Wrote {report.count} {report.format === "vcard" ? "contacts" : report.format === "ics" ? "events" : "rows"} to{" "}
          <code>{report.path}</code> (readable by you only).
        </p>
      )}
      <ErrorBanner error={error} />
      {calendar && (
        <p className="muted" data-testid="calendar-path">
          Your follow-ups and birthdays are kept current in <code>{calendar}</code>: subscribe to it from your calendar
          app.
        </p>
      )}
    </>
  );
}

const FILTER_LABELS: Record<Filter, string> = {
  all: "All",
  check: "To check",
  create: "New",
  merge: "Merged",
  skip: "Already known",
};

/**
 * What one row can be: Kith's proposal first, then the other choices that make sense for
 * it — a separate new person, a merge into the contact it matched or may be, or left out.
 */
function choicesFor(item: PlanItem): { value: string; label: string; decision: ImportDecision | null }[] {
  const line = item.line;
  const target = item.target;
  const proposal =
    item.action === "create"
      ? target
        ? `New person (not ${target.name})`
        : "New person"
      : item.action === "merge"
        ? target
          ? `Merge into ${target.name}`
          : "Merge with the earlier line"
        : "Already known: nothing to add";
  const out: { value: string; label: string; decision: ImportDecision | null }[] = [
    { value: "plan", label: proposal, decision: null },
  ];
  if (item.action !== "create") {
    out.push({ value: "create", label: "Create as a new person", decision: { line, action: "create", into: null } });
  }
  if (target && item.action !== "merge") {
    out.push({
      value: `merge:${target.id}`,
      label: `Merge into ${target.name}`,
      decision: { line, action: "merge", into: target.id },
    });
  }
  if (item.action !== "skip") {
    out.push({ value: "skip", label: "Leave out", decision: { line, action: "skip", into: null } });
  }
  return out;
}

function RowChoice({
  item,
  decision,
  disabled,
  onChange,
}: {
  item: PlanItem;
  decision: ImportDecision | null;
  disabled: boolean;
  onChange: (d: ImportDecision | null) => void;
}) {
  const choices = choicesFor(item);
  const value = decision ? (decision.action === "merge" ? `merge:${decision.into}` : decision.action) : "plan";
  return (
    <select
      className={`row-choice action-${decision?.action ?? item.action}${decision ? " chosen" : ""}`}
      aria-label={`What to do with line ${item.line}, ${item.name}`}
      value={value}
      disabled={disabled}
      onChange={(e) => onChange(choices.find((c) => c.value === e.target.value)?.decision ?? null)}
      data-testid="plan-choice"
    >
      {choices.map((c) => (
        <option key={c.value} value={c.value}>
          {c.label}
        </option>
      ))}
    </select>
  );
}

/** The import button says what it will do: people added and people updated, apart. */
function commitLabel(p: ImportPlan): string {
  const added = p.created > 0 ? `Add ${p.created} ${p.created === 1 ? "person" : "people"}` : "";
  const updated = p.merged > 0 ? `update ${p.merged}` : "";
  if (added && updated) return `${added}, ${updated}`;
  if (added) return added;
  if (updated) return `Update ${p.merged} ${p.merged === 1 ? "person" : "people"}`;
  return "Nothing to import";
}

function actionLabel(a: PlanAction): string {
  return a === "create" ? "new" : a === "merge" ? "merge" : "known";
}

function summary(p: ImportPlan, chosen: number): string {
  if (p.format === "json") {
    return p.committed
      ? `Restored ${p.created} people and ${p.interactions} interactions.`
      : `Will restore ${p.created} people and ${p.interactions} interactions into this empty database.`;
  }
  const parts = p.committed
    ? [`Added ${p.created} ${p.created === 1 ? "person" : "people"}`, `updated ${p.merged}`]
    : [`${p.created} new`, `${p.merged} to merge`];
  parts.push(`${p.unchanged} already known`);
  if (p.skipped.length) parts.push(`${p.skipped.length} left out`);
  const possible = p.items.filter((i) => i.possible).length;
  if (possible) parts.push(`${possible} may already be in Kith (see why)`);
  if (chosen) parts.push(`${chosen} ${chosen === 1 ? "row" : "rows"} as you chose`);
  return `${parts.join(", ")}.`;
}
