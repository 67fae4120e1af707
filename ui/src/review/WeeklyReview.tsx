// The weekly review: step through the fading and one-sided ties one at a time and decide.
// Keyboard first: L reach out now (opens Log), S snooze two weeks, C change circle (then
// 1–4), D set a cadence (type the days, Enter), A archive, N or → skip, Esc close.
import { useCallback, useEffect, useRef, useState } from "react";
import { api, errorOf, inputOf } from "../api";
import type { Circle, ContactRef } from "../bindings";
import { describeError } from "../errors";
import { CIRCLES } from "../lib/circles";
import { addDays, todayIso } from "../lib/dates";
import type { Step } from "./calendar";
import { CIRCLE_LABEL, circleKey } from "./Panels";

const SNOOZE_DAYS = 14;

type Mode = "choose" | "circle" | "cadence";

export function WeeklyReview({
  steps,
  paused,
  onLog,
  onClose,
}: {
  steps: Step[];
  /** Another dialog (the Log) has the keyboard. */
  paused: boolean;
  onLog: (people: ContactRef[]) => void;
  onClose: (decided: number) => void;
}) {
  const [index, setIndex] = useState(0);
  const [mode, setMode] = useState<Mode>("choose");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string[]>([]);
  const [cadence, setCadence] = useState("30");
  const cadenceRef = useRef<HTMLInputElement>(null);
  const step = steps[index] as Step | undefined;

  const next = useCallback((what: string) => {
    setDone((d) => [...d, what]);
    setMode("choose");
    setError(null);
    setIndex((i) => i + 1);
  }, []);

  const act = useCallback(
    async (what: string, run: () => Promise<unknown>) => {
      setBusy(true);
      setError(null);
      try {
        await run();
        next(what);
      } catch (e) {
        setError(describeError(errorOf(e)));
      } finally {
        setBusy(false);
      }
    },
    [next],
  );

  const edit = useCallback(
    (id: number, change: (input: ReturnType<typeof inputOf>) => void) => async () => {
      const c = await api.getContact(id);
      const input = inputOf(c);
      change(input);
      await api.updateContact(id, input);
    },
    [],
  );

  const choose = useCallback(
    (key: string) => {
      if (!step || busy) return;
      const who = { id: step.id, name: step.name };
      switch (key) {
        case "l":
          onLog([who]);
          next(`reached out to ${step.name}`);
          break;
        case "s": {
          const until = addDays(todayIso(), SNOOZE_DAYS);
          void act(`snoozed ${step.name} until ${until}`, () =>
            api.suggestionFeedback(step.id, "reachOut", "snoozed", until),
          );
          break;
        }
        case "c":
          setMode("circle");
          break;
        case "d":
          setMode("cadence");
          break;
        case "a":
          void act(`archived ${step.name}`, () => api.setArchived(step.id, true));
          break;
        case "n":
        case "arrowright":
          next(`skipped ${step.name}`);
          break;
      }
    },
    [step, busy, onLog, next, act],
  );

  const setCircle = useCallback(
    (circle: Circle) => {
      if (!step) return;
      void act(
        `moved ${step.name} to ${CIRCLE_LABEL[circle]}`,
        edit(step.id, (i) => (i.circle = circle)),
      );
    },
    [step, act, edit],
  );

  const saveCadence = useCallback(() => {
    if (!step) return;
    const days = Number(cadence);
    if (!Number.isInteger(days) || days < 1 || days > 3650) {
      setError("A cadence is a whole number of days, 1 to 3650.");
      return;
    }
    void act(
      `${step.name}: every ${days} days`,
      edit(step.id, (i) => (i.cadenceDays = days)),
    );
  }, [step, cadence, act, edit]);

  useEffect(() => {
    if (mode === "cadence") cadenceRef.current?.focus();
  }, [mode]);

  useEffect(() => {
    if (paused) return;
    const onKey = (ev: KeyboardEvent) => {
      if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
      const key = ev.key.toLowerCase();
      if (key === "escape") {
        ev.preventDefault();
        if (mode === "choose") onClose(done.length);
        else setMode("choose");
        return;
      }
      if (ev.target instanceof HTMLInputElement) return;
      if (mode === "circle" && /^[1-4]$/.test(key)) {
        ev.preventDefault();
        const circle = CIRCLES[Number(key) - 1]?.value;
        if (circle) setCircle(circle);
      } else if (mode === "choose") {
        if (["l", "s", "c", "d", "a", "n", "arrowright"].includes(key)) ev.preventDefault();
        choose(key);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [paused, mode, choose, setCircle, onClose, done.length]);

  const total = steps.length;
  return (
    <div className="overlay" role="presentation">
      <div
        className="dialog review-flow"
        role="dialog"
        aria-modal="true"
        aria-labelledby="review-title"
        data-testid="weekly-review"
      >
        <div className="dialog-header">
          <h2 id="review-title">Weekly review</h2>
          <span className="muted" data-testid="review-progress">
            {step ? `Step ${index + 1} of ${total}` : `Done: ${total} of ${total}`}
          </span>
        </div>
        <div className="progress" aria-hidden="true">
          <span style={{ width: `${(100 * Math.min(index, total)) / Math.max(total, 1)}%` }} />
        </div>
        {step ? (
          <div className="review-step" data-testid="review-step" data-contact={step.id}>
            <div className="review-who">
              <strong data-testid="review-name">{step.name}</strong>
              <span className="badge">{step.kind === "fading" ? "fading" : "one-sided"}</span>
              <span className="badge">{CIRCLE_LABEL[circleKey(step.tie.circle)]}</span>
              <span className="muted">health {step.tie.health}</span>
            </div>
            <ul className="reasons">
              {step.kind === "fading" ? step.tie.reasons.map((r) => <li key={r}>{r}</li>) : <li>{step.tie.reason}</li>}
            </ul>
            {mode === "choose" && (
              <div className="review-actions">
                <button
                  type="button"
                  className="primary"
                  disabled={busy}
                  onClick={() => choose("l")}
                  data-testid="review-reach-out"
                >
                  Reach out now <kbd>L</kbd>
                </button>
                <button type="button" disabled={busy} onClick={() => choose("s")} data-testid="review-snooze">
                  Snooze 2 weeks <kbd>S</kbd>
                </button>
                <button type="button" disabled={busy} onClick={() => choose("c")} data-testid="review-circle">
                  Change circle <kbd>C</kbd>
                </button>
                <button type="button" disabled={busy} onClick={() => choose("d")} data-testid="review-cadence">
                  Set cadence <kbd>D</kbd>
                </button>
                <button type="button" disabled={busy} onClick={() => choose("a")} data-testid="review-archive">
                  Archive <kbd>A</kbd>
                </button>
                <button type="button" disabled={busy} onClick={() => choose("n")} data-testid="review-skip">
                  Skip <kbd>N</kbd>
                </button>
              </div>
            )}
            {mode === "circle" && (
              <div className="review-actions" data-testid="review-circle-choices">
                {CIRCLES.map((c, i) => (
                  <button
                    type="button"
                    key={c.value}
                    disabled={busy}
                    onClick={() => setCircle(c.value)}
                    aria-pressed={step.tie.circle === c.value}
                  >
                    {c.label} <kbd>{i + 1}</kbd>
                  </button>
                ))}
                <button type="button" onClick={() => setMode("choose")}>
                  Back <kbd>Esc</kbd>
                </button>
              </div>
            )}
            {mode === "cadence" && (
              <form
                className="review-actions"
                onSubmit={(e) => {
                  e.preventDefault();
                  saveCadence();
                }}
              >
                <label>
                  Every{" "}
                  <input
                    ref={cadenceRef}
                    className="cadence-input"
                    inputMode="numeric"
                    value={cadence}
                    onChange={(e) => setCadence(e.target.value)}
                    data-testid="review-cadence-days"
                  />{" "}
                  days
                </label>
                <button type="submit" className="primary" disabled={busy}>
                  Save <kbd>Enter</kbd>
                </button>
                <button type="button" onClick={() => setMode("choose")}>
                  Back <kbd>Esc</kbd>
                </button>
              </form>
            )}
            {error && <p className="error-text">{error}</p>}
          </div>
        ) : (
          <div className="review-step" data-testid="review-finished">
            <p>
              {total === 0
                ? "Nothing to review: no fading or one-sided ties, or they are all snoozed."
                : "That is everyone for this week."}
            </p>
          </div>
        )}
        {done.length > 0 && (
          <ul className="review-log muted" data-testid="review-log">
            {done.map((d, i) => (
              <li
                // biome-ignore lint/suspicious/noArrayIndexKey: the review log only grows at its end
                key={i}
              >
                {d}
              </li>
            ))}
          </ul>
        )}
        <div className="actions">
          <button type="button" onClick={() => onClose(done.length)} data-testid="review-close">
            Close <kbd>Esc</kbd>
          </button>
        </div>
      </div>
    </div>
  );
}
