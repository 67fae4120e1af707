// The reads of sources that the person did not start (at start-up and every hour, see
// src-tauri/src/rescan.rs): while one runs long enough to report a batch, a small status in
// the corner says so and can cancel it; when it ends, what it may have changed loads again.
// Reads started in Settings → Sources show their own progress there (`ownRead`).
import { listen } from "@tauri-apps/api/event";
import { useEffect, useState } from "react";
import { api } from "../api";
import { invalidate } from "../lib/query";

/** Set while Settings → Sources runs a read of its own (it shows its progress itself). */
export const ownRead = { active: false };

export function CaptureStatus() {
  const [read, setRead] = useState<number | null>(null);
  useEffect(() => {
    let gone = false;
    const stops: (() => void)[] = [];
    const keep = (p: Promise<() => void>) =>
      p
        .then((f) => {
          if (gone) f();
          else stops.push(f);
        })
        .catch(() => {}); // Without events, reads still happen; only their progress is not shown.
    keep(
      listen<{ read: number }>("capture-progress", (e) => {
        if (!ownRead.active) setRead(e.payload.read);
      }),
    );
    keep(
      listen<{ interactions: number }>("sources-read", (e) => {
        setRead(null);
        invalidate(e.payload.interactions > 0 ? [] : ["sources"]);
      }),
    );
    return () => {
      gone = true;
      for (const f of stops) f();
    };
  }, []);
  if (read === null) return null;
  return (
    <div className="capture-status" role="status" data-testid="capture-status">
      <span>Reading your calendars and mail… {read.toLocaleString()} read</span>
      <button type="button" onClick={() => void api.cancelRead()}>
        Cancel
      </button>
    </div>
  );
}
