// Settings → Follow-ups: how many suggestions Today shows, whether and when the daily
// notification comes, and each circle's target gap. The core validates; every message is
// shown beside its field. The saved settings load under ["settings"] (lib/query); the form
// edits a draft of them.
import { type FormEvent, useState } from "react";
import { api, errorOf } from "../api";
import type { CircleGaps, Settings } from "../bindings";
import { ErrorBanner } from "../ErrorBanner";
import { type AppError, fieldErrors } from "../errors";
import { CIRCLES } from "../lib/circles";
import { Field } from "../lib/Field";
import { invalidate, useQuery } from "../lib/query";

type Draft = {
  dailyBudget: string;
  notifications: boolean;
  notifyAt: string;
  gaps: Record<keyof CircleGaps, string>;
};

function draftOf(s: Settings): Draft {
  return {
    dailyBudget: String(s.dailyBudget),
    notifications: s.notifications,
    notifyAt: s.notifyAt,
    gaps: {
      inner: String(s.circleGaps.inner),
      close: String(s.circleGaps.close),
      network: String(s.circleGaps.network),
      wider: String(s.circleGaps.wider),
    },
  };
}

/** A whole number from `min` to `max` from a field, or the field's own error saying what is allowed. */
function wholeNumber(text: string, min: number, max: number): number | string {
  const t = text.trim();
  const allowed = `use a whole number from ${min} to ${max.toLocaleString()}`;
  if (!t) return `enter a number: ${allowed}`;
  if (!/^-?\d+$/.test(t) || Number(t) < min || Number(t) > max) return `"${t}": ${allowed}`;
  return Number(t);
}

/** The largest daily budget (the core's `MAX_DAILY_BUDGET`) and the longest gap, in days. */
const MAX_BUDGET = 50;
const MAX_GAP = 3650;

/** The settings a draft describes, or the messages of the fields that are not numbers in their range. */
export function settingsOf(d: Draft): { ok: true; value: Settings } | { ok: false; fields: Record<string, string> } {
  const fields: Record<string, string> = {};
  const num = (field: string, text: string, min = 1, max = MAX_GAP): number => {
    const v = wholeNumber(text, min, max);
    if (typeof v === "string") {
      fields[field] = v;
      return 0;
    }
    return v;
  };
  const value: Settings = {
    dailyBudget: num("dailyBudget", d.dailyBudget, 0, MAX_BUDGET),
    notifications: d.notifications,
    notifyAt: d.notifyAt,
    circleGaps: {
      inner: num("circleGaps.inner", d.gaps.inner),
      close: num("circleGaps.close", d.gaps.close),
      network: num("circleGaps.network", d.gaps.network),
      wider: num("circleGaps.wider", d.gaps.wider),
    },
  };
  return Object.keys(fields).length ? { ok: false, fields } : { ok: true, value };
}

export function FollowUps() {
  const loaded = useQuery<Settings>(["settings"], () => api.settings());
  const saved = loaded.data ?? null;
  /** The form's values once edited; until then, the saved settings'. */
  const [edited, setDraft] = useState<Draft | null>(null);
  const draft = edited ?? (saved ? draftOf(saved) : null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saveError, setError] = useState<AppError | null>(null);
  const error = saveError ?? loaded.error;
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (!draft)
    return (
      <section className="followups" aria-label="Follow-ups">
        <h2>Follow-ups</h2>
        <ErrorBanner error={error} />
      </section>
    );

  const set = (patch: Partial<Draft>) => {
    setDraft({ ...draft, ...patch });
    setMessage(null);
  };
  const setGap = (k: keyof CircleGaps, v: string) => set({ gaps: { ...draft.gaps, [k]: v } });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setMessage(null);
    setError(null);
    const parsed = settingsOf(draft);
    if (!parsed.ok) {
      setErrors(parsed.fields);
      return;
    }
    setBusy(true);
    try {
      const s = await api.setSettings(parsed.value);
      loaded.set(() => s);
      setDraft(draftOf(s));
      setErrors({});
      setMessage("Saved.");
      invalidate(); // the engine's settings change what every screen shows
    } catch (err) {
      const ae = errorOf(err);
      const byField = fieldErrors(ae);
      setErrors(byField);
      if (Object.keys(byField).length === 0) setError(ae);
    } finally {
      setBusy(false);
    }
  };

  const field = (name: string) => ({
    "aria-invalid": errors[name] ? true : undefined,
    "aria-describedby": errors[name] ? `err-${name.replace(".", "-")}` : undefined,
  });
  const fieldError = (name: string) =>
    errors[name] && (
      <span className="field-error" id={`err-${name.replace(".", "-")}`} data-testid={`error-${name}`}>
        {errors[name]}
      </span>
    );
  const dirty = saved !== null && JSON.stringify(draftOf(saved)) !== JSON.stringify(draft);

  return (
    <section className="followups" aria-label="Follow-ups" data-testid="settings-followups">
      <div>
        <h2>Follow-ups</h2>
        <p className="muted">
          How many people Today suggests, when Kith reminds you, and how often each circle expects contact.
        </p>
      </div>
      <form className="followups-form" onSubmit={(e) => void submit(e)} noValidate>
        <Field message={fieldError("dailyBudget")}>
          <label htmlFor="set-budget">Suggestions a day</label>
          <input
            id="set-budget"
            type="number"
            min={0}
            max={50}
            inputMode="numeric"
            value={draft.dailyBudget}
            data-testid="set-budget"
            onChange={(e) => set({ dailyBudget: e.target.value })}
            {...field("dailyBudget")}
          />
        </Field>
        <div className="field">
          <span className="field-label">Notifications</span>
          <label className="check">
            <input
              type="checkbox"
              checked={draft.notifications}
              data-testid="set-notifications"
              onChange={(e) => set({ notifications: e.target.checked })}
            />
            Remind me once a day, and when Kith starts, if someone is due
          </label>
        </div>
        <Field message={fieldError("notifyAt")}>
          <label htmlFor="set-notify-at">Daily reminder at</label>
          <input
            id="set-notify-at"
            type="time"
            value={draft.notifyAt}
            disabled={!draft.notifications}
            data-testid="set-notify-at"
            onChange={(e) => set({ notifyAt: e.target.value })}
            {...field("notifyAt")}
          />
        </Field>
        <fieldset className="field gaps">
          <legend>Target gap by circle (days)</legend>
          <div className="gap-row">
            {CIRCLES.map((c) => {
              const name = `circleGaps.${c.value}`;
              return (
                <Field key={c.value} message={fieldError(name)}>
                  <label htmlFor={`set-gap-${c.value}`}>{c.label}</label>
                  <input
                    id={`set-gap-${c.value}`}
                    type="number"
                    min={1}
                    max={3650}
                    inputMode="numeric"
                    value={draft.gaps[c.value]}
                    data-testid={`set-gap-${c.value}`}
                    onChange={(e) => setGap(c.value, e.target.value)}
                    {...field(name)}
                  />
                </Field>
              );
            })}
          </div>
          <p className="muted">
            People with no circle keep their own rhythm (every 7 to 365 days; 90 until Kith has learned it). A cadence
            set on a person wins.
          </p>
        </fieldset>
        <div className="actions">
          <button type="submit" className="primary" disabled={busy || !dirty} data-testid="set-save">
            Save
          </button>
          {dirty && (
            <button
              type="button"
              onClick={() => {
                if (!saved) return;
                setDraft(draftOf(saved));
                setErrors({});
              }}
            >
              Undo changes
            </button>
          )}
          {message && (
            <span className="ok-text" role="status" data-testid="set-message">
              {message}
            </span>
          )}
        </div>
        <ErrorBanner error={error} />
      </form>
    </section>
  );
}
