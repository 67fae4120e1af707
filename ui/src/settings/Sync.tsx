// Settings → Sync: keeping Kith the same on several computers through a folder a sync tool (Syncthing, Dropbox,
// iCloud Drive, OneDrive…) already keeps the same on each (see docs/SYNC.md). Not set up: choose the folder, name this
// computer, and give the recovery key or passphrase when joining a folder set up elsewhere; a new folder's recovery
// key is shown once. Set up: what sync did and does (the computers seen, what waits to be written out, the last pass
// and its error), Sync now, Pause/Resume, and the conflict log with "Keep the other". The app syncs by itself too
// (src-tauri/src/sync.rs); after a pass that brought changes it sends `sync-applied`, on which <SyncEvents> loads
// everything again. Loaded under ["sync"] (lib/query).
import { listen } from "@tauri-apps/api/event";
import { open } from "@tauri-apps/plugin-dialog";
import { useEffect, useState } from "react";
import { api, errorOf } from "../api";
import type { SyncConflict, SyncStatus } from "../bindings";
import { ErrorBanner } from "../ErrorBanner";
import type { AppError } from "../errors";
import { invalidate, useQuery } from "../lib/query";
import { deviceLine, formatMs, passLine, pendingLine } from "./syncText";

/** Mounted once beside the screens: a background pass that brought changes reloads what is shown. */
export function SyncEvents() {
  useEffect(() => {
    let gone = false;
    let stop: (() => void) | null = null;
    listen<{ received: number }>("sync-applied", () => invalidate([]))
      .then((f) => {
        if (gone) f();
        else stop = f;
      })
      .catch(() => {}); // Without events, a screen shows the synced data when it next loads.
    return () => {
      gone = true;
      stop?.();
    };
  }, []);
  return null;
}

export function Sync() {
  const status = useQuery<SyncStatus>(["sync", "status"], () => api.syncStatus());
  const [error, setError] = useState<AppError | null>(null);
  const [recoveryKey, setRecoveryKey] = useState<string | null>(null);
  const s = status.data;

  return (
    <section className="sync" aria-labelledby="sync-title" data-testid="sync">
      <h2 id="sync-title">Sync</h2>
      <p className="muted">
        Kith keeps the same people and history on your other computers through a folder that a sync tool (Syncthing,
        Dropbox, iCloud Drive, OneDrive…) already keeps the same on each. What Kith writes there is encrypted; there is
        no Kith server.
      </p>
      <ErrorBanner error={error ?? status.error} testId="sync-error" />
      {recoveryKey && <RecoveryKey recoveryKey={recoveryKey} onDone={() => setRecoveryKey(null)} />}
      {s && !s.setUp && (
        <SetupForm
          setError={setError}
          onSetUp={(key) => {
            setRecoveryKey(key);
            invalidate([]);
          }}
        />
      )}
      {s?.setUp && <SyncState status={s} setError={setError} />}
    </section>
  );
}

function SetupForm({
  setError,
  onSetUp,
}: {
  setError: (e: AppError | null) => void;
  onSetUp: (recoveryKey: string | null) => void;
}) {
  const [folder, setFolder] = useState("");
  const [name, setName] = useState("");
  const [key, setKey] = useState("");
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let gone = false;
    api
      .syncDeviceName()
      .then((n) => {
        if (!gone) setName((current) => current || n);
      })
      .catch(() => {}); // The person types a name instead.
    return () => {
      gone = true;
    };
  }, []);

  const choose = async () => {
    try {
      const picked = await open({ multiple: false, directory: true });
      if (typeof picked === "string") setFolder(picked);
    } catch (e) {
      setError(errorOf(e));
    }
  };

  const setUp = () => {
    setBusy(true);
    setError(null);
    api
      .syncSetup(folder.trim(), name.trim(), key.trim() === "" ? null : key.trim())
      .then((report) => onSetUp(report.recoveryKey))
      .catch((e: unknown) => setError(errorOf(e)))
      .finally(() => setBusy(false));
  };

  return (
    <form
      className="sync-form"
      data-testid="sync-setup-form"
      onSubmit={(e) => {
        e.preventDefault();
        setUp();
      }}
    >
      <div className="field">
        <label htmlFor="sync-folder">Folder</label>
        <div className="sync-folder-row">
          <input
            id="sync-folder"
            data-testid="sync-folder"
            value={folder}
            placeholder="/home/you/Sync"
            onChange={(e) => setFolder(e.target.value)}
          />
          <button type="button" onClick={() => void choose()} disabled={busy}>
            Choose…
          </button>
        </div>
      </div>
      <div className="field">
        <label htmlFor="sync-name">This computer's name</label>
        <input id="sync-name" data-testid="sync-name" value={name} onChange={(e) => setName(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="sync-key">Recovery key or passphrase (to join a folder set up on another computer)</label>
        <input
          id="sync-key"
          data-testid="sync-key"
          value={key}
          autoComplete="off"
          spellCheck={false}
          onChange={(e) => setKey(e.target.value)}
        />
      </div>
      <div className="actions">
        <button
          type="submit"
          className="primary"
          data-testid="sync-setup"
          disabled={busy || folder.trim() === "" || name.trim() === ""}
        >
          {busy ? "Setting up…" : "Set up sync"}
        </button>
      </div>
    </form>
  );
}

function RecoveryKey({ recoveryKey, onDone }: { recoveryKey: string; onDone: () => void }) {
  const [copied, setCopied] = useState<string | null>(null);
  return (
    <div className="recovery-key" role="status" data-testid="sync-recovery">
      <p>
        <strong>Your recovery key</strong>
      </p>
      <code data-testid="sync-recovery-key">{recoveryKey}</code>
      <p>Keep this key somewhere safe: every other computer needs it to join, and Kith shows it only now.</p>
      <div className="actions">
        <button
          type="button"
          className="primary"
          data-testid="sync-copy-key"
          onClick={() =>
            void navigator.clipboard
              .writeText(recoveryKey)
              .then(() => setCopied("Copied."))
              .catch(() => setCopied("Could not copy: select the key above and copy it."))
          }
        >
          Copy
        </button>
        <button type="button" data-testid="sync-key-kept" onClick={onDone}>
          I have kept it
        </button>
        {copied && <span className="muted">{copied}</span>}
      </div>
    </div>
  );
}

function SyncState({ status: s, setError }: { status: SyncStatus; setError: (e: AppError | null) => void }) {
  const conflicts = useQuery<SyncConflict[]>(["sync", "conflicts"], () => api.syncConflicts());
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const others = s.devices.filter((d) => !d.thisDevice);
  const self = s.devices.find((d) => d.thisDevice);

  const run = (work: () => Promise<string | null>) => {
    setBusy(true);
    setError(null);
    setMessage(null);
    work()
      .then((m) => setMessage(m))
      .catch((e: unknown) => setError(errorOf(e)))
      .finally(() => {
        setBusy(false);
        invalidate(["sync"]);
      });
  };

  return (
    <div className="sync-state" data-testid="sync-state">
      <dl className="facts">
        <dt>Folder</dt>
        <dd data-testid="sync-status-folder">{s.folder}</dd>
        <dt>This computer</dt>
        <dd data-testid="sync-status-name">
          {s.name}
          {self && <span className="muted"> · {deviceLine(self)}</span>}
        </dd>
        <dt>Sync</dt>
        <dd data-testid="sync-status-state">{s.paused ? "Paused" : "On"}</dd>
        <dt>Waiting</dt>
        <dd data-testid="sync-status-pending">{pendingLine(s.pending, s.paused)}</dd>
        <dt>Last pass</dt>
        <dd data-testid="sync-status-last">{s.lastRunAt === null ? "Not yet" : formatMs(s.lastRunAt)}</dd>
      </dl>
      {s.lastError && (
        <p className="banner error" role="alert" data-testid="sync-last-error">
          The last pass failed: {s.lastError}
        </p>
      )}
      <h3>Other computers</h3>
      {others.length === 0 ? (
        <p className="muted" data-testid="sync-no-devices">
          No other computer has written to this folder yet.
        </p>
      ) : (
        <ul className="trash-list" data-testid="sync-devices">
          {others.map((d) => (
            <li key={d.device} className="trash-item sync-device" data-testid="sync-device">
              <span className="trash-title">{d.name ?? "A computer not named yet"}</span>
              <span className="muted">{deviceLine(d)}</span>
            </li>
          ))}
        </ul>
      )}
      <div className="actions">
        <button
          type="button"
          className="primary"
          data-testid="sync-now"
          disabled={busy || s.paused}
          onClick={() => run(async () => passLine(await api.syncNow()))}
        >
          Sync now
        </button>
        <button
          type="button"
          data-testid="sync-pause"
          disabled={busy}
          onClick={() =>
            run(async () => {
              await api.syncPause(!s.paused);
              return s.paused ? "Sync is on again." : "Sync is paused: changes here wait until you resume.";
            })
          }
        >
          {s.paused ? "Resume" : "Pause"}
        </button>
      </div>
      {message && (
        <p className="banner ok" role="status" data-testid="sync-message">
          {message}
        </p>
      )}
      <h3>Conflicts</h3>
      <p className="muted">
        When a value was changed on two computers before they synced, the later change is kept and the other is listed
        here: keep the other to put it back on every computer.
      </p>
      <ErrorBanner error={conflicts.error} />
      {conflicts.data && conflicts.data.length === 0 && (
        <p className="muted" data-testid="sync-no-conflicts">
          No conflicts.
        </p>
      )}
      <ul className="trash-list" data-testid="sync-conflicts">
        {conflicts.data?.map((c) => (
          <li key={c.id} className="trash-item sync-conflict" data-testid="sync-conflict">
            <span>{c.summary}</span>
            <button
              type="button"
              data-testid="sync-keep-other"
              disabled={busy}
              onClick={() =>
                run(async () => {
                  await api.syncKeepOther(c.id);
                  invalidate([]);
                  return `${c.record}'s ${c.field} is ${c.replaced} here now, and on your other computers after their next sync.`;
                })
              }
            >
              Keep the other
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
