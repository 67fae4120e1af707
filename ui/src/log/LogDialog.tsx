// Quick capture of an interaction, from anywhere (Ctrl+L). Keyboard first: type a name and
// Enter picks the suggestion (or creates the person), Tab moves on, Ctrl+Enter saves, Esc
// closes. When and the follow-up's day are typed ("yesterday 3pm", "friday"), and what was read
// is shown under them. With several people, help and a promise say whom. The core validates;
// each field shows its own message.
import { useEffect, useRef, useState } from "react";
import { api, errorOf, newContactInput } from "../api";
import type {
  ContactRef,
  HelpInput,
  Initiator,
  Interaction,
  InteractionKind,
  NewInteraction,
  PromisedBy,
} from "../bindings";
import { ErrorBanner } from "../ErrorBanner";
import { type AppError, capitalise, fieldErrors } from "../errors";
import { moveActive, saveOrCancelKeys } from "../keys";
import { useContactSuggestions } from "../lib/contactSuggestions";
import { formatDay } from "../lib/dates";
import { Field } from "../lib/Field";
import { INTERACTION_KINDS } from "../lib/interactions";
import { SaveCancel } from "../lib/SaveCancel";
import { TextInput, type TextInputProps } from "../lib/TextInput";
import { roleText } from "../people/PeopleAround";
import { parseDueDay, parseMoment, type TypedMoment, toLocalDate, toLocalInput } from "./time";

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
  const [gaveTo, setGaveTo] = useState<number | null>(null);
  const [got, setGot] = useState("");
  const [gotFrom, setGotFrom] = useState<number | null>(null);
  const [followDay, setFollowDay] = useState("");
  const [followText, setFollowText] = useState("");
  const [promise, setPromise] = useState<{ by: PromisedBy; contact: number | null }>({ by: "me", contact: null });
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

  // Whom help and a promise are with: the one picked while they are still there, else the first.
  const pick = (id: number | null) => participants.find((p) => p.id === id) ?? participants[0];
  const moment = parseMoment(when, new Date());
  const followDate = followDay.trim() ? parseDueDay(followDay, new Date()) : null;

  const save = async () => {
    if (saving) return;
    const invalid = (field: string, message: string) =>
      setError({ type: "invalid", data: { fields: [{ field, message }] } });
    if (!moment) {
      invalid("occurredAt", `“${when.trim()}” is not a date: type one like 2026-11-30 14:00 or yesterday 3pm`);
      return;
    }
    if (followDay.trim() && !followDate) {
      invalid("followUp", `“${followDay.trim()}” is not a date: type one like 2026-12-15 or friday`);
      return;
    }
    if (followText.trim() && !followDate) {
      invalid("followUp", "say when it is due");
      return;
    }
    setSaving(true);
    try {
      const help: HelpInput[] = [];
      if ((gave.trim() || got.trim()) && participants.length) {
        const me = await api.me();
        const to = pick(gaveTo);
        const from = pick(gotFrom);
        if (gave.trim() && to) help.push({ giver: me.id, receiver: to.id, text: gave, askId: null });
        if (got.trim() && from) help.push({ giver: from.id, receiver: me.id, text: got, askId: null });
      }
      const input: NewInteraction = {
        participants: participants.map((p) => p.id),
        kind,
        occurredAt: moment.occurredAt,
        hasTime: moment.hasTime,
        summary,
        notes,
        initiatedBy: initiatedBy || null,
        quality: quality ? Number(quality) : null,
        help,
        followUp: followDate
          ? { dueOn: followDate, text: followText, contact: pick(promise.contact)?.id ?? null, by: promise.by }
          : null,
      };
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
          <AroundThem participants={participants} onAdd={(p) => setParticipants([...participants, p])} />
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
            <LabelledInput
              id="log-when"
              label="When"
              placeholder="e.g. yesterday 3pm"
              value={when}
              onChange={setWhen}
              aria-describedby="log-when-read"
            />
            <MomentRead id="log-when-read" moment={moment} typed={when} />
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
          <Field message={gave.trim() ? fieldError("help[0]") : null}>
            <WhomLabel
              id="log-gave"
              before="I helped"
              after="with"
              solo="I helped with"
              people={participants}
              value={pick(gaveTo)?.id ?? null}
              onChange={setGaveTo}
            />
            <TextInput id="log-gave" placeholder="e.g. an intro to a designer" value={gave} onChange={setGave} />
          </Field>
          <Field message={got.trim() ? fieldError(gave.trim() ? "help[1]" : "help[0]") : null}>
            <WhomLabel
              id="log-got"
              before=""
              after="helped me with"
              solo="They helped me with"
              people={participants}
              value={pick(gotFrom)?.id ?? null}
              onChange={setGotFrom}
            />
            <TextInput id="log-got" value={got} onChange={setGot} />
          </Field>
        </div>
        <div className={`field-row${errors.followUp ? " invalid" : ""}`}>
          <div className="field narrow">
            <LabelledInput
              id="log-follow-date"
              label="Follow up on"
              placeholder="e.g. friday"
              value={followDay}
              onChange={setFollowDay}
              aria-describedby="log-follow-read"
            />
            {followDay.trim() && (
              <p className="muted field-read" id="log-follow-read" data-testid="log-follow-read">
                {followDate ? formatDay(followDate) : "Not a date yet"}
              </p>
            )}
          </div>
          <div className="field">
            <div className="field-label whom">
              {participants.length > 0 ? (
                <select
                  id="log-promise-by"
                  aria-label="Whose promise, to whom"
                  value={`${promise.by}:${pick(promise.contact)?.id ?? ""}`}
                  onChange={(e) => {
                    const [by, id] = e.target.value.split(":");
                    setPromise({ by: by as PromisedBy, contact: Number(id) });
                  }}
                >
                  {(["me", "them"] as const).flatMap((by) =>
                    participants.map((p) => (
                      <option key={`${by}:${p.id}`} value={`${by}:${p.id}`}>
                        {by === "me" ? `I promised ${p.name}` : `${p.name} promised me`}
                      </option>
                    )),
                  )}
                </select>
              ) : (
                <label htmlFor="log-follow-text">Promised</label>
              )}
            </div>
            <TextInput
              id="log-follow-text"
              aria-label="What was promised"
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

/** What the When field was read as, so a misread is seen before saving. */
function MomentRead({ id, moment, typed }: { id: string; moment: TypedMoment | null; typed: string }) {
  const text = !typed.trim()
    ? "Type a date, e.g. yesterday 3pm"
    : !moment
      ? "Not a date yet: type one like 2026-11-30 14:00 or yesterday 3pm"
      : moment.hasTime
        ? moment.local.toLocaleString(undefined, {
            weekday: "short",
            year: "numeric",
            month: "short",
            day: "numeric",
            hour: "numeric",
            minute: "2-digit",
          })
        : `${moment.local.toLocaleDateString(undefined, { weekday: "short", year: "numeric", month: "short", day: "numeric" })} (no time)`;
  return (
    <p className="muted field-read" id={id} data-testid={id}>
      {text}
    </p>
  );
}

/** A help field's label: with one person it says "I helped with"; with several, whom is picked
 * in it ("I helped [Bea] with"). */
function WhomLabel({
  id,
  before,
  after,
  solo,
  people,
  value,
  onChange,
}: {
  id: string;
  before: string;
  after: string;
  solo: string;
  people: ContactRef[];
  value: number | null;
  onChange: (id: number) => void;
}) {
  if (people.length < 2) return <label htmlFor={id}>{solo}</label>;
  return (
    <div className="field-label whom">
      {before && <label htmlFor={`${id}-whom`}>{before}</label>}
      <select
        id={`${id}-whom`}
        aria-label={before ? `${before} whom` : "Who helped me"}
        value={value ?? ""}
        onChange={(e) => onChange(Number(e.target.value))}
      >
        {people.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </select>
      <label htmlFor={id}>{after}</label>
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
  const [active, setActive] = useState(0);
  const { list: suggestions, pending } = useContactSuggestions(
    text,
    value.map((v) => v.id),
    onError,
  );

  const exact = suggestions.some((s) => s.name.toLowerCase() === text.trim().toLowerCase());
  const options: ({ kind: "pick"; ref: ContactRef } | { kind: "create"; name: string })[] = [
    ...suggestions.map((ref) => ({ kind: "pick" as const, ref })),
    ...(text.trim() && !exact && !pending ? [{ kind: "create" as const, name: text.trim() }] : []),
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

/** The people around the participants (their family, colleagues, who they are often seen
 * with), offered as one-press additions: who else was probably there. */
function AroundThem({ participants, onAdd }: { participants: ContactRef[]; onAdd: (p: ContactRef) => void }) {
  const [offers, setOffers] = useState<{ ref: ContactRef; why: string }[]>([]);
  useEffect(() => {
    let live = true;
    const chosen = new Set(participants.map((p) => p.id));
    Promise.all(participants.slice(0, 5).map((p) => api.peopleAround(p.id).then((a) => ({ p, a }))))
      .then((all) => {
        if (!live) return;
        const out: { ref: ContactRef; why: string }[] = [];
        const add = (ref: ContactRef, why: string) => {
          if (!chosen.has(ref.id) && !out.some((o) => o.ref.id === ref.id)) out.push({ ref, why });
        };
        for (const { p, a } of all)
          for (const r of a.relationships) add(r.other, `${p.name}: ${roleText(r.role, p.name)}`);
        for (const { p, a } of all)
          for (const k of a.known.slice(0, 3))
            add(k.other, `seen with ${p.name} ${k.shared === 1 ? "once" : `${k.shared} times`}`);
        setOffers(out.slice(0, 6));
      })
      .catch(() => live && setOffers([]));
    return () => {
      live = false;
    };
  }, [participants]);

  if (!offers.length) return null;
  return (
    <div className="around-them" data-testid="log-around">
      <span className="muted">Also there?</span>
      {offers.map((o) => (
        <button
          type="button"
          key={o.ref.id}
          className="chip-button"
          data-tip={o.why}
          aria-label={`Add ${o.ref.name} (${o.why})`}
          data-testid="log-around-person"
          onClick={() => onAdd(o.ref)}
        >
          + {o.ref.name}
        </button>
      ))}
    </div>
  );
}
