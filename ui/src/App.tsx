// The app shell: asks which database is open, then shows the screens, or, when the database
// cannot be used (not a Kith file, newer than this app), a screen that says why and quits.
// Today is the landing view. Ctrl+L opens the Log from anywhere; Ctrl+F opens Search,
// Ctrl+T Today, Ctrl+R Review, Ctrl+W closes the window (as its close button does); a click on Kith's desktop notification ("open-today" event) opens Today, the tray's
// "Log an interaction…" ("open-log", or `?open=log` on a window made for it) the Log. The first time closing the
// window would keep Kith in the tray, the app holds the close back and asks this shell ("tray-notice") to say so.
// After a save that any screen may show (the Log, a backup restored) every query loads again
// (`invalidate()`, lib/query); screens invalidate what their own saves change.
import { listen } from "@tauri-apps/api/event";
import { getCurrentWindow } from "@tauri-apps/api/window";
import { useCallback, useEffect, useState } from "react";
import { api, errorOf } from "./api";
import type { ContactRef, DatabaseInfo } from "./bindings";
import { type AppError, describeError, isFatal } from "./errors";
import { formatWhen } from "./lib/dates";
import { invalidate } from "./lib/query";
import { onUndoOffer, UNDO_MS, type UndoOffer } from "./lib/undo";
import { LogDialog } from "./log/LogDialog";
import { MeScreen } from "./me/MeScreen";
import { PeopleScreen } from "./people/PeopleScreen";
import { ReviewScreen } from "./review/ReviewScreen";
import { SearchScreen } from "./search/SearchScreen";
import { CaptureStatus } from "./settings/CaptureStatus";
import { SettingsScreen } from "./settings/SettingsScreen";
import { SyncEvents } from "./settings/Sync";
import { TodayScreen } from "./today/TodayScreen";
import { TrashScreen } from "./trash/TrashScreen";

type Boot = { state: "loading" } | { state: "ready"; info: DatabaseInfo } | { state: "failed"; error: AppError };
type View = "today" | "people" | "review" | "search" | "me" | "trash" | "settings";

/** The screens in the sidebar's order; each opens with Ctrl and its number, some also with a letter. */
const NAV: { view: View; label: string; key: string }[] = [
  { view: "today", label: "Today", key: "Ctrl+T" },
  { view: "people", label: "People", key: "Ctrl+2" },
  { view: "review", label: "Review", key: "Ctrl+R" },
  { view: "search", label: "Search", key: "Ctrl+F" },
  { view: "me", label: "Me", key: "Ctrl+5" },
  { view: "trash", label: "Trash", key: "Ctrl+6" },
  { view: "settings", label: "Settings", key: "Ctrl+7" },
];

export function App() {
  const [boot, setBoot] = useState<Boot>({ state: "loading" });
  const [view, setView] = useState<View>("today");
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [log, setLog] = useState<ContactRef[] | null>(() =>
    new URLSearchParams(window.location.search).get("open") === "log" ? [] : null,
  );
  const [trayNotice, setTrayNotice] = useState(false);
  const [toast, setToast] = useState<string | null>(null);
  const [undo, setUndo] = useState<UndoOffer | null>(null);
  // Settings opened from Today's line about people not in Kith: it shows the queue.
  const [queueFocus, setQueueFocus] = useState(false);

  const loadInfo = useCallback(() => {
    api
      .databaseInfo()
      .then((info) => {
        setBoot({ state: "ready", info });
        // Once the first screen has had time to load and paint: the damage check that start-up
        // left for later. It reads the whole file, so it waits its turn.
        window.setTimeout(() => {
          api.checkDatabase().catch((e: unknown) => {
            const error = errorOf(e);
            if (isFatal(error)) setBoot({ state: "failed", error });
          });
        }, 2000);
      })
      .catch((e: unknown) => setBoot({ state: "failed", error: errorOf(e) }));
  }, []);

  useEffect(loadInfo, [loadInfo]);

  const openPerson = useCallback((id: number | null) => {
    setSelectedId(id);
    setView("people");
  }, []);

  useEffect(() => {
    const onKey = (ev: KeyboardEvent) => {
      if (!(ev.ctrlKey || ev.metaKey) || ev.altKey) return;
      const key = ev.key.toLowerCase();
      if (key === "l") {
        ev.preventDefault();
        setLog((open) => open ?? []);
      } else if (key === "f") {
        ev.preventDefault();
        setView("search");
      } else if (key === "t") {
        ev.preventDefault();
        setView("today");
      } else if (key === "r" && !ev.shiftKey) {
        ev.preventDefault();
        setView("review");
      } else if (/^[1-7]$/.test(key) && !ev.shiftKey) {
        ev.preventDefault();
        const n = NAV[Number(key) - 1];
        if (n) {
          setQueueFocus(false);
          setView(n.view);
        }
      } else if (key === "," && !ev.shiftKey) {
        ev.preventDefault();
        setQueueFocus(false);
        setView("settings");
      } else if (key === "w" && !ev.shiftKey) {
        // As the window's close button: to the tray where Kith stays there, else it quits.
        ev.preventDefault();
        getCurrentWindow()
          .close()
          .catch(() => {});
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  useEffect(() => {
    let gone = false;
    const stops: (() => void)[] = [];
    const on = (event: string, handler: () => void) =>
      listen(event, handler)
        .then((f) => {
          if (gone) f();
          else stops.push(f);
        })
        .catch(() => {}); // Without events the window still comes forward; it just stays where it was.
    void on("open-today", () => {
      setView("today");
      invalidate();
    });
    void on("open-log", () => setLog((open) => open ?? []));
    void on("tray-notice", () => setTrayNotice(true));
    return () => {
      gone = true;
      for (const f of stops) f();
    };
  }, []);

  useEffect(() => {
    if (!toast) return;
    const t = window.setTimeout(() => setToast(null), 4000);
    return () => window.clearTimeout(t);
  }, [toast]);

  // Something just moved to the trash: Undo for a few seconds (the Trash keeps it anyway).
  useEffect(
    () =>
      onUndoOffer((offer) => {
        setToast(null);
        setUndo(offer);
      }),
    [],
  );
  const takeBack = useCallback(async (offer: UndoOffer) => {
    setUndo(null);
    try {
      await offer.undo();
      invalidate();
      setToast("Restored.");
    } catch (e) {
      setToast(`Could not restore it: ${describeError(errorOf(e))}. ${offer.otherwise}`);
    }
  }, []);
  useEffect(() => {
    if (!undo) return;
    const t = window.setTimeout(() => setUndo(null), UNDO_MS);
    // Ctrl+Z takes it back, unless it is undoing typing in a field.
    const onKey = (ev: KeyboardEvent) => {
      const typing = ev.target instanceof HTMLInputElement || ev.target instanceof HTMLTextAreaElement;
      if ((ev.ctrlKey || ev.metaKey) && ev.key.toLowerCase() === "z" && !ev.shiftKey && !typing) {
        ev.preventDefault();
        void takeBack(undo);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => {
      window.clearTimeout(t);
      window.removeEventListener("keydown", onKey);
    };
  }, [undo, takeBack]);

  // The close held back for the notice must be answerable whatever the window shows.
  const notice = trayNotice && <TrayNotice onDone={() => setTrayNotice(false)} />;
  if (boot.state === "loading")
    return (
      <>
        <div className="boot" aria-busy="true" />
        {notice}
      </>
    );
  if (boot.state === "failed")
    return (
      <>
        <FatalScreen
          error={boot.error}
          onRestored={(message) => {
            setToast(message);
            loadInfo();
          }}
        />
        {notice}
      </>
    );
  return (
    <div className="shell">
      <nav className="sidebar" aria-label="Main">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            K
          </span>
          Kith
        </div>
        <button type="button" className="primary log-button" data-testid="open-log" onClick={() => setLog([])}>
          Log <kbd>Ctrl+L</kbd>
        </button>
        {NAV.map((n) => (
          <button
            type="button"
            key={n.view}
            className={`nav-item${view === n.view ? " active" : ""}`}
            aria-current={view === n.view ? "page" : undefined}
            data-testid={`nav-${n.view}`}
            onClick={() => {
              setQueueFocus(false);
              setView(n.view);
            }}
          >
            {n.label}
            <kbd>{n.key}</kbd>
          </button>
        ))}
        <div className="sidebar-foot" data-tip={boot.info.path} data-testid="db-path">
          {shortPath(boot.info.path)}
        </div>
      </nav>
      <main className="main">
        {view === "today" && (
          <TodayScreen
            onLog={(p) => setLog(p)}
            onOpenPerson={openPerson}
            onOpenQueue={() => {
              setQueueFocus(true);
              setView("settings");
            }}
            onImport={() => {
              setQueueFocus(false);
              setView("settings");
              window.requestAnimationFrame(() =>
                document.querySelector('[data-testid="import-export"]')?.scrollIntoView({ block: "start" }),
              );
            }}
            onAddPerson={() => setView("people")}
          />
        )}
        {view === "people" && (
          <PeopleScreen selectedId={selectedId} onSelect={setSelectedId} onLog={(p) => setLog(p)} />
        )}
        {view === "review" && <ReviewScreen logOpen={log !== null} onOpen={openPerson} onLog={(p) => setLog(p)} />}
        {view === "search" && <SearchScreen onOpen={openPerson} />}
        {view === "me" && <MeScreen />}
        {view === "trash" && <TrashScreen />}
        {view === "settings" && (
          <SettingsScreen
            info={boot.info}
            focusQueue={queueFocus}
            onRestored={() => {
              setSelectedId(null);
              invalidate();
            }}
          />
        )}
      </main>
      {log && (
        <LogDialog
          initial={log}
          onClose={() => setLog(null)}
          onSaved={(interaction) => {
            setLog(null);
            invalidate();
            setToast(`Logged with ${interaction.participants.map((p) => p.name).join(", ")}`);
          }}
        />
      )}
      {notice}
      <CaptureStatus />
      <SyncEvents />
      {toast && (
        <div className="toast" role="status" data-testid="toast">
          {toast}
        </div>
      )}
      {undo && (
        <div className="toast undo-toast" role="status" data-testid="undo-toast">
          {undo.message}{" "}
          <button
            type="button"
            className="link"
            data-tip="Ctrl+Z"
            onClick={() => void takeBack(undo)}
            data-testid="undo"
          >
            Undo
          </button>
        </div>
      )}
    </div>
  );
}

function FatalScreen({ error, onRestored }: { error: AppError; onRestored: (message: string) => void }) {
  const [quitError, setQuitError] = useState<string | null>(null);
  const [restoring, setRestoring] = useState(false);
  const restore = async () => {
    setRestoring(true);
    try {
      const from = await api.restoreNewestBackup();
      onRestored(`Restored the backup of ${formatWhen(from.createdAt, true)}.`);
    } catch (e) {
      setQuitError(describeError(errorOf(e)));
      setRestoring(false);
    }
  };
  return (
    <div className="fatal" role="alertdialog" aria-labelledby="fatal-title" aria-describedby="fatal-text">
      <h1 id="fatal-title">Kith cannot open its database</h1>
      <p id="fatal-text" data-testid="fatal-message">
        {describeError(error)}
      </p>
      {error.type === "damaged" && (
        <p>
          The damaged file will be kept aside, untouched, and the newest backup that passes an integrity check will take
          its place.
        </p>
      )}
      <p className="muted">
        To use another file, start Kith with <code>--db /path/to/file.db</code> or <code>KITH_DB=/path/to/file.db</code>
        .
      </p>
      <div className="actions">
        {error.type === "damaged" && (
          <button
            type="button"
            className="primary"
            autoFocus
            disabled={restoring}
            data-testid="restore-newest"
            onClick={() => void restore()}
          >
            Restore the newest backup
          </button>
        )}
        <button
          type="button"
          className={error.type === "damaged" ? undefined : "primary"}
          autoFocus={error.type !== "damaged"}
          data-testid="quit"
          onClick={() => api.quit().catch((e: unknown) => setQuitError(describeError(errorOf(e))))}
        >
          Quit Kith
        </button>
      </div>
      {quitError && <p className="error-text">{quitError}</p>}
    </div>
  );
}

/** The file and its folder, e.g. "kith/kith.db": enough to recognise, short enough to fit. */
function shortPath(path: string): string {
  return path.split(/[\\/]/).filter(Boolean).slice(-2).join("/");
}

/** Said once, the first time closing the window keeps Kith running: where it went, and how to quit instead. */
function TrayNotice({ onDone }: { onDone: () => void }) {
  const [error, setError] = useState<AppError | null>(null);
  const close = (quit: boolean) => {
    api
      .closeWindow(quit)
      .then(onDone)
      .catch((e: unknown) => setError(errorOf(e)));
  };
  return (
    <div className="overlay" role="presentation">
      <div
        className="dialog tray-notice"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="tray-notice-text"
        data-testid="tray-notice"
      >
        <p id="tray-notice-text">
          Kith keeps running in the tray when its window is closed, so reminders still arrive. Quit it from the tray
          icon's menu, or change this in Settings → Desktop.
        </p>
        {error && <p className="field-error">{describeError(error)}</p>}
        <div className="actions">
          <button type="button" data-testid="tray-notice-quit" onClick={() => close(true)}>
            Quit Kith
          </button>
          <button type="button" className="primary" autoFocus data-testid="tray-notice-ok" onClick={() => close(false)}>
            Close to the tray
          </button>
        </div>
      </div>
    </div>
  );
}
