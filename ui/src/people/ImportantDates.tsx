// Important dates: birthdays (often without a year), anniversaries, one-off dates. List,
// add, remove; each change saves at once. Dates coming up soon say so.
import { type FormEvent, useState } from "react";
import type { ImportantDate } from "../bindings";
import { type AppError, capitalise } from "../errors";
import { daysUntil, importantDateText, inDays } from "../lib/dates";
import { messageFor } from "../errors";

const MONTHS = Array.from({ length: 12 }, (_, i) =>
  new Date(Date.UTC(2000, i, 1)).toLocaleDateString(undefined, { month: "long", timeZone: "UTC" }),
);
const SOON_DAYS = 30;

type Props = {
  dates: ImportantDate[];
  onSave: (update: (dates: ImportantDate[]) => ImportantDate[]) => Promise<AppError | null>;
};

export function ImportantDates({ dates, onSave }: Props) {
  const [adding, setAdding] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const now = new Date();

  const remove = async (index: number) => {
    const e = await onSave((ds) => ds.filter((_, i) => i !== index));
    setError(e ? messageFor(e, "dates") : null);
  };

  return (
    <div className="psection-row">
      <span className="pfield-label">Dates</span>
      <div className="pfield-body">
        {dates.length === 0 && !adding && <p className="muted">No birthday or other dates yet.</p>}
        <ul className="pdates">
          {dates.map((d, i) => {
            const days = daysUntil(d, now);
            return (
              <li key={`${i}-${d.label}`} className="pdate" data-testid="person-date">
                <span className="pdate-label">{capitalise(d.label)}</span>
                <span>{importantDateText(d)}</span>
                <span className="muted">{d.recurring ? "every year" : "once"}</span>
                {days !== null && days <= SOON_DAYS && <span className="pbadge soon">{inDays(days)}</span>}
                <button
                  type="button"
                  className="icon-button"
                  aria-label={`Remove ${d.label}`}
                  title="Remove"
                  onClick={() => void remove(i)}
                >
                  ×
                </button>
              </li>
            );
          })}
        </ul>
        {error && !adding && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
        {adding ? (
          <AddDate
            index={dates.length}
            suggestBirthday={!dates.some((d) => d.label.toLowerCase() === "birthday")}
            onSave={onSave}
            onDone={() => {
              setAdding(false);
              setError(null);
            }}
          />
        ) : (
          <button type="button" className="link add-link" data-testid="add-date" onClick={() => setAdding(true)}>
            + Add a date
          </button>
        )}
      </div>
    </div>
  );
}

function AddDate({
  index,
  suggestBirthday,
  onSave,
  onDone,
}: {
  index: number;
  suggestBirthday: boolean;
  onSave: Props["onSave"];
  onDone: () => void;
}) {
  const [label, setLabel] = useState(suggestBirthday ? "Birthday" : "");
  const [month, setMonth] = useState("1");
  const [day, setDay] = useState("");
  const [year, setYear] = useState("");
  const [recurring, setRecurring] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    if (busy) return;
    const d = Number(day);
    if (!/^\d{1,2}$/.test(day.trim()) || d < 1 || d > 31) {
      setError("Enter the day of the month (1 to 31).");
      return;
    }
    const y = year.trim();
    if (y && !/^\d{4}$/.test(y)) {
      setError("Enter the year with four digits, or leave it empty.");
      return;
    }
    const date: ImportantDate = {
      label,
      month: Number(month),
      day: d,
      year: y ? Number(y) : null,
      recurring,
    };
    setBusy(true);
    const e = await onSave((ds) => [...ds, date]);
    setBusy(false);
    if (e) setError(messageFor(e, `dates[${index}]`));
    else onDone();
  };

  return (
    <form
      className={`inline-add${error ? " invalid" : ""}`}
      noValidate
      onSubmit={(e) => void submit(e)}
      onKeyDown={(e) => {
        if (e.key === "Escape") {
          e.preventDefault();
          e.stopPropagation();
          onDone();
        }
      }}
    >
      <input
        aria-label="What (e.g. Birthday)"
        data-testid="new-date-label"
        placeholder="Birthday, anniversary…"
        autoFocus
        autoComplete="off"
        value={label}
        onChange={(e) => setLabel(e.target.value)}
      />
      <select aria-label="Month" value={month} onChange={(e) => setMonth(e.target.value)}>
        {MONTHS.map((m, i) => (
          <option key={m} value={i + 1}>
            {m}
          </option>
        ))}
      </select>
      <input
        aria-label="Day"
        data-testid="new-date-day"
        className="narrow"
        inputMode="numeric"
        placeholder="Day"
        value={day}
        onChange={(e) => setDay(e.target.value)}
      />
      <input
        aria-label="Year (optional)"
        className="narrow"
        inputMode="numeric"
        placeholder="Year"
        value={year}
        onChange={(e) => setYear(e.target.value)}
      />
      <label className="people-check">
        <input type="checkbox" checked={recurring} onChange={(e) => setRecurring(e.target.checked)} />
        Every year
      </label>
      <button type="submit" className="primary" disabled={busy}>
        Add
      </button>
      <button type="button" onClick={onDone}>
        Cancel
      </button>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
