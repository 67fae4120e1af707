// Settings → Import history: every import that wrote something, newest first, each with what it
// did and an Undo (asked to confirm). An undo moves the people the import created to the Trash
// and takes back what it filled into people already in Kith; the result is shown as it is.

import { useState } from "react";
import { api } from "../api";
import type { ImportRecord, ImportUndo } from "../bindings";
import { ErrorBanner } from "../ErrorBanner";
import { ConfirmInline, useConfirmedAction } from "../lib/action";
import { formatWhen } from "../lib/dates";
import { invalidate, useActionError, useQuery } from "../lib/query";

/** The file's name without its folders. */
export function fileName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] || path;
}

/** What an undo did, in words: the counts, then each thing it could not take back. */
export function undoText(undo: ImportUndo): string[] {
  return [`Undone: ${undo.trashed.length} moved to the Trash, ${undo.restored.length} restored.`, ...undo.kept];
}

export function ImportHistory() {
  const query = useQuery<ImportRecord[]>(["imports"], () => api.listImports());
  const imports = query.data ?? null;
  const [actionError, setError] = useActionError(query.data);
  const error = actionError ?? query.error;
  const { confirm, setConfirm, busy, run } = useConfirmedAction<number>(setError);
  const [result, setResult] = useState<string[] | null>(null);

  const undo = (id: number) => {
    setResult(null);
    return run(async () => {
      setResult(undoText(await api.undoImport(id)));
      invalidate(); // the people it created are in the Trash now; the list reloads too
    });
  };

  return (
    <div className="import-history" data-testid="import-history">
      <h3>Import history</h3>
      {result && (
        <div className="banner ok" role="status" data-testid="import-undo-result">
          {result.map((line) => (
            <p key={line}>{line}</p>
          ))}
        </div>
      )}
      <ErrorBanner error={error} testId="import-history-error" />
      {imports && imports.length === 0 && <p className="muted">No imports yet.</p>}
      <ul className="trash-list">
        {imports?.map((r) => (
          <li key={r.id} className="trash-item" data-testid="import-history-row" data-id={r.id}>
            <span className="trash-title" data-tip={r.path}>
              {formatWhen(r.at, true)} · {r.format} · {fileName(r.path)}
            </span>
            <span className="muted">
              created {r.created}, merged {r.merged}
            </span>
            {r.undoneAt ? (
              <span className="muted" data-testid="import-undone">
                Undone on {formatWhen(r.undoneAt, true)}
              </span>
            ) : confirm === r.id ? (
              <ConfirmInline
                action="Undo import"
                testId="import-undo-confirm"
                busy={busy}
                onConfirm={() => void undo(r.id)}
                onCancel={() => setConfirm(null)}
              >
                {r.created > 0
                  ? `Move the ${r.created === 1 ? "person" : `${r.created} people`} it created to the Trash and take back what it filled in?`
                  : "Take back what it filled in?"}
              </ConfirmInline>
            ) : (
              <button type="button" data-testid="import-undo" disabled={busy} onClick={() => setConfirm(r.id)}>
                Undo…
              </button>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
