// Settings: Follow-ups (see FollowUps.tsx), Sources (calendars and mailboxes Kith reads, and the queue of people
// on them who are not in Kith: see Sources.tsx), the desktop (tray and login: Desktop.tsx), sync
// with other computers (Sync.tsx), which data file is open, and its backups — each listed with why it was
// taken (daily, manual, before a restore, import or merge); back up now, or restore one (the state before a restore is
// itself saved as a backup, so a restore can be undone) — and Import and Export (see ImportExport.tsx). The backups
// load under ["backups"] (lib/query).
import { useState } from "react";
import { api } from "../api";
import type { BackupInfo, BackupKind, DatabaseInfo } from "../bindings";
import { ErrorBanner } from "../ErrorBanner";
import { ConfirmInline, useConfirmedAction } from "../lib/action";
import { formatWhen } from "../lib/dates";
import { useActionError, useQuery } from "../lib/query";
import { Desktop } from "./Desktop";
import { FollowUps } from "./FollowUps";
import { ImportExport } from "./ImportExport";
import { Sources } from "./Sources";
import { Sync } from "./Sync";

export function SettingsScreen({
  info,
  onRestored,
  focusQueue = false,
}: {
  info: DatabaseInfo;
  /** A backup replaced the database: everything loads again, nobody is open. */
  onRestored: () => void;
  /** Opened from Today's "people … are not in Kith": show the queue. */
  focusQueue?: boolean;
}) {
  const query = useQuery<BackupInfo[]>(["backups"], () => api.listBackups());
  const backups = query.data ?? null;
  const [actionError, setError] = useActionError(query.data);
  const error = actionError ?? query.error;
  const action = useConfirmedAction<string>(setError);
  const { confirm, setConfirm, busy } = action;
  const [message, setMessage] = useState<string | null>(null);

  const run = (work: () => Promise<string>) =>
    action.run(async () => {
      setMessage(await work());
      query.reload();
    });

  return (
    <section className="screen settings" aria-label="Settings">
      <h1>Settings</h1>
      <FollowUps />
      <Sources focusQueue={focusQueue} />
      <Desktop />
      <Sync />
      <h2>Data</h2>
      <dl className="facts">
        <dt>Database</dt>
        <dd data-testid="settings-db-path">{info.path}</dd>
        <dt>Schema</dt>
        <dd>version {info.schemaVersion}</dd>
      </dl>

      <div className="screen-header">
        <div>
          <h2>Backups</h2>
          <p className="muted">
            Kith saves a copy every day beside the database and keeps the last 7 days and 4 weeks. Copies made with Back
            up now or before a restore are kept for 30 days, and so are the last 10 made before imports and the last 10
            before merges.
          </p>
        </div>
        <button
          type="button"
          className="primary"
          disabled={busy}
          data-testid="backup-now"
          onClick={() =>
            void run(async () => {
              const b = await api.createBackup();
              return `Backed up to ${b.path}`;
            })
          }
        >
          Back up now
        </button>
      </div>
      {message && (
        <p className="banner ok" role="status" data-testid="settings-message">
          {message}
        </p>
      )}
      <ErrorBanner error={error} />
      {backups && backups.length === 0 && <p className="muted">No backups yet.</p>}
      <ul className="trash-list" data-testid="backup-list">
        {backups?.map((b) => (
          <li key={b.path} className="trash-item backup-item" data-testid="backup-item">
            <span className="badge" data-testid="backup-kind">
              {backupKindLabel(b.kind)}
            </span>
            <span className="trash-title" data-tip={b.path}>
              {formatWhen(b.createdAt, true)}
            </span>
            <span className="muted">{formatSize(b.sizeBytes)}</span>
            {confirm === b.path ? (
              <ConfirmInline
                action="Restore"
                testId="backup-restore-confirm"
                busy={busy}
                onConfirm={() =>
                  void run(async () => {
                    const undo = await api.restoreBackup(b.path);
                    onRestored();
                    return `Restored. What you had before is saved as ${undo.path}.`;
                  })
                }
                onCancel={() => setConfirm(null)}
              >
                Replace everything with this copy?
              </ConfirmInline>
            ) : (
              <button type="button" data-testid="backup-restore" disabled={busy} onClick={() => setConfirm(b.path)}>
                Restore…
              </button>
            )}
          </li>
        ))}
      </ul>

      <ImportExport />
    </section>
  );
}

/** Why a backup was taken, in the list's words. */
export function backupKindLabel(kind: BackupKind): string {
  switch (kind) {
    case "daily":
      return "daily";
    case "manual":
      return "manual";
    case "beforeRestore":
      return "before a restore";
    case "beforeImport":
      return "before import";
    case "beforeMerge":
      return "before merge";
  }
}

/** Bytes as a short human size: "812 KB", "4.2 MB". */
export function formatSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
