// Settings → Desktop: what closing the window does (keep Kith running in the tray, where the desktop shows one)
// and whether Kith starts when the person logs in. These belong to this computer, not to the database: the app
// keeps them in its config folder. Loaded under ["desktop"] (lib/query).
import { useState } from "react";
import { api, errorOf } from "../api";
import type { Desktop as DesktopState } from "../bindings";
import { ErrorBanner } from "../ErrorBanner";
import type { AppError } from "../errors";
import { useQuery } from "../lib/query";

export function Desktop() {
  const query = useQuery<DesktopState>(["desktop"], () => api.desktop());
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const d = query.data;

  const change = (what: { closeToTray?: boolean; startAtLogin?: boolean }) => {
    setBusy(true);
    setError(null);
    api
      .setDesktop(what)
      .then(() => query.reload())
      .catch((e: unknown) => setError(errorOf(e)))
      .finally(() => setBusy(false));
  };

  return (
    <>
      <h2>Desktop</h2>
      <ErrorBanner error={error ?? query.error} />
      {d && (
        <div className="followups-form" data-testid="desktop-settings">
          <div className="field">
            <span className="field-label">Closing the window</span>
            <label className="check">
              <input
                type="checkbox"
                checked={d.closeToTray}
                disabled={busy || !d.hasTray}
                data-testid="set-close-to-tray"
                onChange={(e) => change({ closeToTray: e.target.checked })}
              />
              Keep Kith running in the tray, so reminders still arrive
            </label>
            {!d.hasTray && (
              <p className="muted" data-testid="no-tray">
                This desktop shows no tray icons, so closing the window quits Kith.
              </p>
            )}
          </div>
          <div className="field">
            <span className="field-label">At login</span>
            <label className="check">
              <input
                type="checkbox"
                checked={d.startAtLogin}
                disabled={busy}
                data-testid="set-start-at-login"
                onChange={(e) => change({ startAtLogin: e.target.checked })}
              />
              {d.hasTray ? "Start Kith when I log in, hidden in the tray" : "Start Kith when I log in"}
            </label>
          </div>
        </div>
      )}
    </>
  );
}
