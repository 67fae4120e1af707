// One person: every field edited in place, ways to reach them, tags, interests, dates,
// needs and offers, and the timeline. Each save sends the whole contact back
// (`updateContact(id, {...inputOf(contact), field})`), one save at a time, so quick edits
// of two fields never undo each other. What the page shows is loaded under the key
// ["contact", id] (lib/query): the health under ["contact", id, "health"], which a change of
// cadence or circle invalidates; the list under ["contacts"], which every change invalidates.
import { useCallback, useEffect, useRef, useState } from "react";
import { api, errorOf, inputOf } from "../api";
import type { Contact, ContactHealth, ContactInput } from "../bindings";
import { ErrorBanner } from "../ErrorBanner";
import type { AppError } from "../errors";
import { messageFor } from "../errors";
import { useAction } from "../lib/action";
import { CIRCLES, circleLabel, isCircle } from "../lib/circles";
import { formatDay, localDate, relativeTime, todayIso } from "../lib/dates";
import { cadenceText } from "../lib/health";
import { invalidate, useQuery } from "../lib/query";
import { initials, subtitle } from "../lib/text";
import { offerUndo } from "../lib/undo";
import { Asks } from "./Asks";
import { Channels } from "./Channels";
import { Chips } from "./Chips";
import { parseCadence } from "./contactInput";
import { EditableField, EditableName } from "./EditableField";
import { HealthOverTime } from "./HealthOverTime";
import { HealthPanel } from "./HealthPanel";
import { ImportantDates } from "./ImportantDates";
import { IntroducedBy } from "./IntroducedBy";
import { Timeline } from "./Timeline";

const NO_VOCABULARY = { tags: [], interests: [] };

type Patch = Partial<ContactInput> | ((base: ContactInput) => Partial<ContactInput>);

type Props = {
  id: number;
  onSelect: (id: number | null) => void;
  onLog: (participants: { id: number; name: string }[]) => void;
  /** The person went to the trash. */
  onDeleted: (name: string) => void;
};

export function PersonPage({ id, onSelect, onLog, onDeleted }: Props) {
  const loaded = useQuery(["contact", id], () => api.getContact(id));
  // The merge "Undo merge" would take back; the button shows only when there is one.
  const lastMerge = useQuery(["contact", id, "last-merge"], () => api.lastMerge(id)).data ?? null;
  // The health panel's, and the cadence the engine keeps to when none is set ("Keep in touch"
  // says it, the one place): loaded once for both.
  const healthQuery = useQuery<ContactHealth>(["contact", id, "health"], () => api.health(id));
  const health = healthQuery.data ?? null;
  const contact = loaded.data ?? null;
  const loadError = loaded.error;
  const setContact = loaded.set;
  const [actionError, setActionError] = useState<AppError | null>(null);
  const { busy, run } = useAction(setActionError);
  const [notice, setNotice] = useState<string | null>(null);
  // Only suggestions: the fields work without them (a failed load shows nothing).
  const vocabulary =
    useQuery(["vocabulary"], async () => {
      const [t, i] = await Promise.all([api.listTags(), api.listInterests()]);
      return { tags: t.map((x) => x.tag), interests: i.map((x) => x.name) };
    }).data ?? NO_VOCABULARY;
  /** The contact as last saved or loaded: what the next save starts from. */
  const latest = useRef<Contact | null>(null);
  const queue = useRef<Promise<unknown>>(Promise.resolve());

  useEffect(() => {
    latest.current = contact;
  }, [contact]);

  /** Saves a change to the latest saved contact; resolves to the error when refused. */
  const save = useCallback(
    (patch: Patch): Promise<AppError | null> => {
      const run = async (): Promise<AppError | null> => {
        const base = latest.current;
        if (!base) return { type: "ipc", data: { message: "the person is still loading" } };
        const input = inputOf(base);
        try {
          const saved = await api.updateContact(base.id, {
            ...input,
            ...(typeof patch === "function" ? patch(input) : patch),
          });
          latest.current = saved;
          setContact(() => saved);
          // What a person's health is computed from: their data, their cadence and their circle.
          if (saved.cadenceDays !== base.cadenceDays || saved.circle !== base.circle)
            invalidate(["contact", base.id, "health"]);
          invalidate(["contacts"]);
          return null;
        } catch (e) {
          return errorOf(e);
        }
      };
      const next = queue.current.then(run, run);
      queue.current = next;
      return next;
    },
    [setContact],
  );

  /** A save whose failure is shown next to the field named `field`. */
  const saveField = (field: string, patch: Patch) => async (): Promise<string | null> => {
    const e = await save(patch);
    return e ? messageFor(e, field) : null;
  };
  const text = (field: "name" | "company" | "role" | "location" | "metHow" | "notes") => (draft: string) =>
    saveField(field, { [field]: field === "name" || field === "notes" ? draft : draft.trim() || null })();

  const act = async (action: () => Promise<void>) => {
    if (busy) return;
    setNotice(null);
    await run(action);
  };

  if (loadError && !contact)
    return (
      <div className="person-page">
        <ErrorBanner error={loadError} />
        <button type="button" onClick={() => onSelect(null)}>
          Close
        </button>
      </div>
    );
  if (!contact) return <div className="person-page" aria-busy="true" />;

  const c = contact;
  const sub = subtitle(c);
  return (
    <article className="person-page" data-testid="person-detail" aria-label={c.name}>
      <header className="person-head">
        <span className="avatar large" aria-hidden="true">
          {initials(c.name)}
        </span>
        <div className="person-title">
          <EditableName value={c.name} onSave={text("name")} />
          <p className="muted person-sub">
            {sub && <span>{sub}</span>}
            {c.circle && <span className={`pbadge circle-${c.circle}`}>{circleLabel(c.circle)}</span>}
            {c.archived && <span className="pbadge archived">Archived</span>}
            {c.isSelf && <span className="pbadge">You</span>}
            {c.deletedAt && <span className="pbadge archived">In the trash</span>}
          </p>
          <p className="muted person-meta">
            Last contact {relativeTime(c.lastInteractionAt)} · added {localDate(c.createdAt)}
          </p>
        </div>
        <div className="person-actions">
          <button
            type="button"
            className="primary"
            data-testid="log-with-person"
            onClick={() => onLog([{ id: c.id, name: c.name }])}
          >
            Log interaction
          </button>
          <button
            type="button"
            data-testid="archive-person"
            disabled={busy}
            onClick={() =>
              void act(async () => {
                const saved = await api.setArchived(c.id, !c.archived);
                latest.current = saved;
                setContact(() => saved);
                invalidate(["contacts"]);
              })
            }
          >
            {c.archived ? "Unarchive" : "Archive"}
          </button>
          <button
            type="button"
            className="danger-quiet"
            data-testid="delete-person"
            data-tip="Move to the trash (restore it from Trash)"
            disabled={busy}
            onClick={() =>
              void act(async () => {
                await api.deleteContact(c.id);
                onDeleted(c.name);
                offerUndo(`Moved ${c.name} to the trash.`, async () => {
                  await api.restoreContact(c.id);
                  onSelect(c.id);
                });
              })
            }
          >
            Move to trash
          </button>
          {lastMerge && (
            <button
              type="button"
              data-testid="unmerge"
              data-tip={`Split ${lastMerge.other.name} (merged in on ${localDate(lastMerge.at)}) back out into their own person`}
              disabled={busy}
              onClick={() =>
                void act(async () => {
                  const { kept, restored } = await api.unmergeContact(c.id);
                  latest.current = kept;
                  setContact(() => kept);
                  setNotice(`Split back: ${restored.name} is a separate person again`);
                  // Interactions, asks, tags... went back: everything shown may have changed.
                  invalidate([]);
                })
              }
            >
              Undo merge
            </button>
          )}
        </div>
      </header>
      <ErrorBanner error={actionError} testId="person-error" />
      {notice && (
        <p className="banner ok person-notice" role="status" data-testid="person-notice">
          {notice}
        </p>
      )}

      {!c.isSelf && <HealthPanel health={health} error={healthQuery.error} />}

      <section className="psection" aria-label="Details">
        <div className="pfields">
          <EditableField
            id="person-company"
            label="Company"
            value={c.company ?? ""}
            placeholder="Add company"
            onSave={text("company")}
            testId="field-company"
          />
          <EditableField
            id="person-role"
            label="Role"
            value={c.role ?? ""}
            placeholder="Add role"
            onSave={text("role")}
            testId="field-role"
          />
          <EditableField
            id="person-location"
            label="Location"
            value={c.location ?? ""}
            placeholder="Add location"
            onSave={text("location")}
            testId="field-location"
          />
          <EditableField
            id="person-circle"
            label="Circle"
            kind="select"
            value={c.circle ?? ""}
            display={circleLabel(c.circle)}
            placeholder="Choose a circle"
            options={[{ value: "", label: "No circle" }, ...CIRCLES]}
            onSave={(v) => saveField("circle", { circle: isCircle(v) ? v : null })()}
            testId="field-circle"
          />
          <EditableField
            id="person-cadence"
            label="Keep in touch"
            kind="number"
            value={c.cadenceDays === null ? "" : String(c.cadenceDays)}
            display={c.cadenceDays === 1 ? "Every day" : `Every ${c.cadenceDays} days`}
            placeholder={health ? sentence(cadenceText(health.cadenceDays, health.cadenceSource)) : "Circle default"}
            inputProps={{ min: 1, max: 3650, step: 1, placeholder: "Days; empty for the circle default" }}
            onSave={async (v) => {
              const parsed = parseCadence(v);
              if (!parsed.ok) return parsed.message;
              return saveField("cadenceDays", { cadenceDays: parsed.value })();
            }}
            testId="field-cadenceDays"
          />
          <EditableField
            id="person-met-how"
            label="How we met"
            value={c.metHow ?? ""}
            placeholder="Add how you met"
            onSave={text("metHow")}
            testId="field-metHow"
          />
          {(
            [
              ["metOn", "person-met-on", "Met on"],
              ["connectedOn", "person-connected-on", "Connected on"],
            ] as const
          ).map(([field, id, label]) => (
            <EditableField
              key={field}
              id={id}
              label={label}
              kind="date"
              value={c[field] ?? ""}
              display={c[field] ? formatDay(c[field]) : ""}
              placeholder="Add the date"
              inputProps={{ max: todayIso(), min: "1900-01-01" }}
              onSave={(v) => saveField(field, { [field]: v || null })()}
              testId={`field-${field}`}
            />
          ))}
          {c.pastJobs.length > 0 && (
            <div className="pfield" data-testid="person-past-jobs">
              <span className="pfield-label">Before</span>
              <ul className="pfield-body past-jobs">
                {c.pastJobs.map((j) => (
                  <li key={`${j.company}-${j.role ?? ""}-${j.until ?? ""}`}>
                    {j.role ? `${j.role} at ${j.company}` : j.company}
                    {j.until && <span className="muted"> · until {formatDay(j.until)}</span>}
                  </li>
                ))}
              </ul>
            </div>
          )}
          <IntroducedBy
            contactId={c.id}
            value={c.introducedBy}
            onOpen={(other) => onSelect(other)}
            onSave={(introducer) => saveField("introducedBy", { introducedBy: introducer })()}
          />
        </div>
      </section>

      <section className="psection" aria-label="Contact details and labels">
        <Channels channels={c.channels} onSave={(update) => save((base) => ({ channels: update(base.channels) }))} />
        <Chips
          label="Tags"
          field="tags"
          values={c.tags}
          suggestions={vocabulary.tags}
          placeholder="Add a tag"
          testId="person-tags"
          onSave={(tags) => save({ tags })}
        />
        <Chips
          label="Interests"
          field="interests"
          values={c.interests}
          suggestions={vocabulary.interests}
          placeholder="Add an interest"
          testId="person-interests"
          onSave={(interests) => save({ interests })}
        />
        <ImportantDates dates={c.dates} onSave={(update) => save((base) => ({ dates: update(base.dates) }))} />
      </section>

      <section className="psection" aria-label="Notes">
        <EditableField
          id="person-notes"
          label="Notes"
          kind="textarea"
          value={c.notes}
          placeholder="Add notes: family, what they care about, what you talked about…"
          onSave={text("notes")}
          testId="field-notes"
        />
      </section>

      {!c.isSelf && <HealthOverTime id={c.id} />}
      <Asks contactId={c.id} onOpen={(other) => onSelect(other)} />
      <Timeline
        contactId={c.id}
        onOpen={(other) => onSelect(other)}
        onChanged={() => {
          invalidate(["contact", c.id]);
          invalidate(["contacts"]);
        }}
      />
    </article>
  );
}

/** `text` with its first letter a capital. */
function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
