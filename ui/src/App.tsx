// The app shell: asks which database is open, then shows the screens, or, when the database
// cannot be used (not a Kith file, newer than this app), a screen that says why and quits.
import { useEffect, useState } from "react";
import { api, errorOf } from "./api";
import type { DatabaseInfo } from "./bindings";
import { type AppError, describeError } from "./errors";
import { PeopleScreen } from "./people/PeopleScreen";

type Boot = { state: "loading" } | { state: "ready"; info: DatabaseInfo } | { state: "failed"; error: AppError };

export function App() {
  const [boot, setBoot] = useState<Boot>({ state: "loading" });

  useEffect(() => {
    api
      .databaseInfo()
      .then((info) => setBoot({ state: "ready", info }))
      .catch((e: unknown) => setBoot({ state: "failed", error: errorOf(e) }));
  }, []);

  if (boot.state === "loading") return <div className="boot" aria-busy="true" />;
  if (boot.state === "failed") return <FatalScreen error={boot.error} />;
  return (
    <div className="shell">
      <nav className="sidebar" aria-label="Main">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            K
          </span>
          Kith
        </div>
        <a className="nav-item active" aria-current="page" href="#people">
          People
        </a>
        <div className="sidebar-foot" title={boot.info.path} data-testid="db-path">
          {shortPath(boot.info.path)}
        </div>
      </nav>
      <main className="main">
        <PeopleScreen />
      </main>
    </div>
  );
}

function FatalScreen({ error }: { error: AppError }) {
  const [quitError, setQuitError] = useState<string | null>(null);
  return (
    <div className="fatal" role="alertdialog" aria-labelledby="fatal-title" aria-describedby="fatal-text">
      <h1 id="fatal-title">Kith cannot open its database</h1>
      <p id="fatal-text" data-testid="fatal-message">
        {describeError(error)}
      </p>
      <p className="muted">
        To use another file, start Kith with <code>KITH_DB=/path/to/file.db</code>.
      </p>
      <button
        className="primary"
        autoFocus
        onClick={() => api.quit().catch((e: unknown) => setQuitError(describeError(errorOf(e))))}
      >
        Quit Kith
      </button>
      {quitError && <p className="error-text">{quitError}</p>}
    </div>
  );
}

/** The file and its folder, e.g. "kith/kith.db": enough to recognise, short enough to fit. */
function shortPath(path: string): string {
  return path.split(/[\\/]/).filter(Boolean).slice(-2).join("/");
}
