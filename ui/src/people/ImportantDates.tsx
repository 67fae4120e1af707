// Important dates: birthdays (often without a year), anniversaries, one-off dates, as an
// editable list (lib/EditableList): list, add, remove; each change saves at once. Dates
// coming up soon say so.
import { useState } from "react";
import type { ImportantDate } from "../bindings";
import { capitalise } from "../errors";
import { daysUntil, importantDateText, inDays } from "../lib/dates";
import { AddItemForm, type AddProps, EditableList, type Parsed, type SaveList } from "../lib/EditableList";
import { TextInput } from "../lib/TextInput";

/** A day or a year: a narrow input with the numeric keyboard. */
const NUMBER = { className: "narrow", inputMode: "numeric" } as const;

const MONTHS = Array.from({ length: 12 }, (_, i) =>
  new Date(Date.UTC(2000, i, 1)).toLocaleDateString(undefined, { month: "long", timeZone: "UTC" }),
);
const SOON_DAYS = 30;

export function ImportantDates({ dates, onSave }: { dates: ImportantDate[]; onSave: SaveList<ImportantDate> }) {
  const now = new Date();
  return (
    <EditableList
      label="Dates"
      field="dates"
      items={dates}
      empty="No birthday or other dates yet."
      listClassName="pdates"
      rowClassName="pdate"
      rowTestId="person-date"
      rowKey={(d, i) => `${i}-${d.label}`}
      renderRow={(d) => {
        const days = daysUntil(d, now);
        return (
          <>
            <span className="pdate-label">{capitalise(d.label)}</span>
            <span>{importantDateText(d)}</span>
            <span className="muted">{d.recurring ? "every year" : "once"}</span>
            {days !== null && days <= SOON_DAYS && <span className="pbadge soon">{inDays(days)}</span>}
          </>
        );
      }}
      itemName={(d) => d.label}
      addText="+ Add a date"
      addTestId="add-date"
      renderAdd={(props) => (
        <AddDate {...props} suggestBirthday={!dates.some((d) => d.label.toLowerCase() === "birthday")} />
      )}
      onSave={onSave}
    />
  );
}

function AddDate({ suggestBirthday, ...props }: AddProps<ImportantDate> & { suggestBirthday: boolean }) {
  const [label, setLabel] = useState(suggestBirthday ? "Birthday" : "");
  const [month, setMonth] = useState("1");
  const [day, setDay] = useState("");
  const [year, setYear] = useState("");
  const [recurring, setRecurring] = useState(true);

  const toItem = (): Parsed<ImportantDate> => {
    const d = Number(day);
    if (!/^\d{1,2}$/.test(day.trim()) || d < 1 || d > 31)
      return { ok: false, message: "Enter the day of the month (1 to 31)." };
    const y = year.trim();
    if (y && !/^\d{4}$/.test(y)) return { ok: false, message: "Enter the year with four digits, or leave it empty." };
    return { ok: true, item: { label, month: Number(month), day: d, year: y ? Number(y) : null, recurring } };
  };

  return (
    <AddItemForm {...props} toItem={toItem}>
      {() => (
        <>
          <TextInput
            aria-label="What (e.g. Birthday)"
            data-testid="new-date-label"
            placeholder="Birthday, anniversary…"
            autoFocus
            autoComplete="off"
            value={label}
            onChange={setLabel}
          />
          <select aria-label="Month" value={month} onChange={(e) => setMonth(e.target.value)}>
            {MONTHS.map((m, i) => (
              <option key={m} value={i + 1}>
                {m}
              </option>
            ))}
          </select>
          <TextInput
            aria-label="Day"
            data-testid="new-date-day"
            {...NUMBER}
            placeholder="Day"
            value={day}
            onChange={setDay}
          />
          <TextInput aria-label="Year (optional)" {...NUMBER} placeholder="Year" value={year} onChange={setYear} />
          <label className="people-check">
            <input type="checkbox" checked={recurring} onChange={(e) => setRecurring(e.target.checked)} />
            Every year
          </label>
        </>
      )}
    </AddItemForm>
  );
}
