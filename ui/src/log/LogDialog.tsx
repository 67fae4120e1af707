// Quick capture of an interaction, from anywhere (Ctrl+L). Keyboard first: type a name and
// Enter picks the suggestion (or creates the person), Tab moves on, Ctrl+Enter saves, Esc
// closes. The core validates; each field shows its own message.
import { useEffect, useRef, useState } from "react";
import { api, errorOf, newContactInput } from "../api";
import type { ContactRef, Initiator, Interaction, InteractionKind, NewInteraction } from "../bindings";
import { ErrorBanner } from "../ErrorBanner";
import { type AppError, capitalise, fieldErrors } from "../errors";
import { moveActive, saveOrCancelKeys } from "../keys";
import { Field } from "../lib/Field";
import { INTERACTION_KINDS } from "../lib/interactions";
import { SaveCancel } from "../lib/SaveCancel";
import { TextInput, type TextInputProps } from "../lib/TextInput";
import { localInputToUtc, toLocalDate, toLocalInput } from "./time";

type Props = { initial: ContactRef[]; onClose: () => void; onSaved: (i: Interaction) => void };

export function LogDialog({ initial, onClose, onSaved }: Props) {
  const [participants, setParticipants] = useState<ContactRef[]>(initial);
  const [kind, setKind] = useState<InteractionKind>("meeting");
  const [when, setWhen] = useState(() => toLocalInput(new Date()));
  const [summary, setSummary] = useState("");
  const [notes, setNotes] = useState("");
  const [initiatedBy, setInitiatedBy] = useState<Initiator | "">("");
  const [quality, setQuality] = useState("");
  const [gave, setGave] = useState("");
  const [got, setGot] = useState("");
  const [followDate, setFollowDate] = useState("");
  const [followText, setFollowText] = useState("");
  const [error, setError] = useState<AppError | null>(null);
  const [saving, setSaving] = useState(false);
  const dialogRef = useRef<HTMLFormElement>(null);
  const errors = fieldErrors(error);

  useEffect(() => {
    const first = dialogRef.current?.querySelector<HTMLInputElement>(
      initial.length ? "#log-summary" : "#log-participant",
    );
    first?.focus();
  }, [initial.length]);

  const save = async () => {
    if (saving) return;
    const occurredAt = localInputToUtc(when);
    if (!occurredAt) {
      setError({ type: "invalid", data: { fields: [{ field: "occurredAt", message: "enter a date and time" }] } });
      return;
    }
    setSaving(true);
    try {
      const help = [];
      const other = participants[0];
      if ((gave.trim() || got.trim()) && other) {
        const me = await api.me();
        if (gave.trim()) help.push({ giver: me.id, receiver: other.id, text: gave, askId: null });
        if (got.trim()) help.push({ giver: other.id, receiver: me.id, text: got, askId: null });
      }
      const input: NewInteraction = {
        participants: participants.map((p) => p.id),
        kind,
        occurredAt,
        hasTime: true,
        summary,
        notes,
        initiatedBy: initiatedBy || null,
        quality: quality ? Number(quality) : null,
        help,
        followUp: followDate || followText.trim() ? { dueOn: followDate, text: followText } : null,
      };
      if (input.followUp && !followDate) {
        setError({ type: "invalid", data: { fields: [{ field: "followUp", message: "pick the date it is due" }] } });
        setSaving(false);
        return;
      }
      onSaved(await api.logInteraction(input));
    } catch (e) {
      setError(errorOf(e));
      setSaving(false);
    }
  };

  const onKeyDown = saveOrCancelKeys(() => void save(), onClose);

  const fieldError = (name: string) =>
    errors[name] ? (
      <p className="field-error" data-testid={`log-error-${name.replace(/\W+/g, "-")}`}>
        {capitalise(errors[name])}.
      </p>
    ) : null;

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: a press on the backdrop closes the dialog; Esc does it from the keyboard
    <div className="overlay" role="presentation" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <form
        ref={dialogRef}
        className="dialog log-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="log-title"
        data-testid="log-dialog"
        noValidate
        onKeyDown={onKeyDown}
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <header className="dialog-header">
          <h2 id="log-title">Log an interaction</h2>
          <span className="muted">
            <kbd>Ctrl+Enter</kbd> save · <kbd>Esc</kbd> close
          </span>
        </header>
        <ErrorBanner error={error?.type === "invalid" ? null : error} />
        <Field message={fieldError("participants")}>
          <label htmlFor="log-participant">With</label>
          <ParticipantPicker value={participants} onChange={setParticipants} onError={setError} />
        </Field>
        <div className="field-row">
          <div className="field">
            <label htmlFor="log-kind">Kind</label>
            <select id="log-kind" value={kind} onChange={(e) => setKind(e.target.value as InteractionKind)}>
              {INTERACTION_KINDS.map((k) => (
                <option key={k} value={k}>
                  {capitalise(k)}
                </option>
              ))}
            </select>
          </div>
          <Field message={fieldError("occurredAt")}>
            <label htmlFor="log-when">When</label>
            <input id="log-when" type="datetime-local" value={when} onChange={(e) => setWhen(e.target.value)} />
          </Field>
        </div>
        <Field message={fieldError("summary")}>
          <LabelledInput
            id="log-summary"
            label="Summary"
            placeholder="What was it about, in a line"
            value={summary}
            onChange={setSummary}
          />
        </Field>
        <Field message={fieldError("notes")}>
          <label htmlFor="log-notes">Notes</label>
          <textarea
            id="log-notes"
            rows={4}
            placeholder="What you talked about, what they need, what you promised"
            value={notes}
            onChange={(e) => setNotes(e.target.value)}
          />
        </Field>
        <div className="field-row">
          <fieldset className="field">
            <legend>Who reached out</legend>
            <div className="segmented">
              {(["", "me", "them", "mutual"] as const).map((v) => (
                <label key={v || "unknown"}>
                  <input
                    type="radio"
                    name="initiated"
                    value={v}
                    checked={initiatedBy === v}
                    onChange={() => setInitiatedBy(v)}
                  />
                  {v === "" ? "—" : v === "me" ? "I did" : v === "them" ? "They did" : "Both"}
                </label>
              ))}
            </div>
          </fieldset>
          <div className={`field${errors.quality ? " invalid" : ""}`}>
            <label htmlFor="log-quality">Quality</label>
            <select id="log-quality" value={quality} onChange={(e) => setQuality(e.target.value)}>
              <option value="">—</option>
              {[1, 2, 3, 4, 5].map((q) => (
                <option key={q} value={q}>
                  {"★".repeat(q)}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="field-row">
          <Field message={fieldError("help[0]")}>
            <LabelledInput
              id="log-gave"
              label="I helped with"
              placeholder="e.g. an intro to a designer"
              value={gave}
              onChange={setGave}
            />
          </Field>
          <Field message={fieldError("help[1]")}>
            <LabelledInput id="log-got" label="They helped me with" value={got} onChange={setGot} />
          </Field>
        </div>
        <div className={`field-row${errors.followUp ? " invalid" : ""}`}>
          <div className="field narrow">
            <LabelledInput
              id="log-follow-date"
              label="Follow up on"
              type="date"
              min={when.slice(0, 10) || undefined}
              value={followDate}
              onChange={setFollowDate}
            />
          </div>
          <div className="field">
            <LabelledInput
              id="log-follow-text"
              label="Promised"
              placeholder="e.g. send the article"
              value={followText}
              onChange={setFollowText}
            />
          </div>
        </div>
        {fieldError("followUp")}
        {followDate && followDate < toLocalDate(new Date()) && !errors.followUp && (
          <p className="muted" data-testid="log-follow-overdue">
            This follow-up is already overdue: Today shows it as overdue until you mark it done.
          </p>
        )}
        <SaveCancel saving={saving} testId="log-save" onCancel={onClose} />
      </form>
    </div>
  );
}

type LabelledInputProps = TextInputProps & { id: string; label: string };

/** A text input with its label above it. */
function LabelledInput({ id, label, onChange, ...input }: LabelledInputProps) {
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <TextInput id={id} {...input} onChange={onChange} />
    </>
  );
}

/** Chips of the chosen people and a type-ahead that finds or creates the next one. */
function ParticipantPicker({
  value,
  onChange,
  onError,
}: {
  value: ContactRef[];
  onChange: (v: ContactRef[]) => void;
  onError: (e: AppError) => void;
}) {
  const [text, setText] = useState("");
  const [suggestions, setSuggestions] = useState<ContactRef[]>([]);
  const [active, setActive] = useState(0);

  useEffect(() => {
    let live = true;
    const t = window.setTimeout(() => {
      if (!text.trim()) return setSuggestions([]);
      api
        .suggestContacts(text, 8)
        .then((s) => live && setSuggestions(s.filter((c) => !value.some((v) => v.id === c.id))))
        .catch((e: unknown) => live && onError(errorOf(e)));
    }, 80);
    return () => {
      live = false;
      window.clearTimeout(t);
    };
  }, [text, value, onError]);

  const exact = suggestions.some((s) => s.name.toLowerCase() === text.trim().toLowerCase());
  const options: ({ kind: "pick"; ref: ContactRef } | { kind: "create"; name: string })[] = [
    ...suggestions.map((ref) => ({ kind: "pick" as const, ref })),
    ...(text.trim() && !exact ? [{ kind: "create" as const, name: text.trim() }] : []),
  ];

  const choose = async (index: number) => {
    const option = options[index];
    if (!option) return;
    if (option.kind === "pick") {
      onChange([...value, option.ref]);
    } else {
      try {
        const created = await api.addContact(newContactInput(option.name));
        onChange([...value, { id: created.id, name: created.name }]);
      } catch (e) {
        onError(errorOf(e));
        return;
      }
    }
    setText("");
    setSuggestions([]);
    setActive(0);
  };

  return (
    <div className="picker">
      {value.map((p) => (
        <span className="chip" key={p.id} data-testid="log-participant-chip">
          {p.name}
          <button
            type="button"
            aria-label={`Remove ${p.name}`}
            onClick={() => onChange(value.filter((v) => v.id !== p.id))}
          >
            ×
          </button>
        </span>
      ))}
      <input
        id="log-participant"
        role="combobox"
        aria-expanded={options.length > 0}
        aria-controls="log-participant-options"
        aria-autocomplete="list"
        autoComplete="off"
        placeholder={value.length ? "Add someone else" : "Type a name"}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setActive(0);
        }}
        onKeyDown={(e) => {
          if (moveActive(e, setActive, options.length)) return;
          if (e.key === "Enter" && !e.ctrlKey && !e.metaKey) {
            e.preventDefault();
            if (options.length) void choose(active);
          } else if (e.key === "Backspace" && !text && value.length) {
            onChange(value.slice(0, -1));
          }
        }}
      />
      {options.length > 0 && (
        // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: a type-ahead's options: the input keeps the focus, the arrow keys pick an option
        <ul className="suggestions" id="log-participant-options" role="listbox">
          {options.map((o, i) => (
            // biome-ignore lint/a11y/useFocusableInteractive: a type-ahead's options: the input keeps the focus, the arrow keys pick an option
            <li
              key={o.kind === "pick" ? o.ref.id : "create"}
              // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: a type-ahead's options: the input keeps the focus, the arrow keys pick an option
              role="option"
              aria-selected={i === active}
              className={i === active ? "active" : undefined}
              data-testid="log-suggestion"
              onMouseDown={(e) => {
                e.preventDefault();
                void choose(i);
              }}
            >
              {o.kind === "pick" ? o.ref.name : `Create “${o.name}”`}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
