// A person's interactions, newest first, 20 at a time ("Show more"). Each entry: when (local
// time), what kind, the summary, the notes (long ones folded), who else was there (click to
// open them), help given or received, the promised follow-up, and a delete button.
import { useCallback, useEffect, useRef, useState } from "react";
import { api, errorOf } from "../api";
import type { Interaction } from "../bindings";
import type { AppError } from "../errors";
import { initiatorText, KINDS } from "../lib/interactions";
import { clip } from "../lib/text";
import { formatDay, formatWhen, isOverdue } from "../lib/dates";
import { ErrorBanner } from "../ErrorBanner";

const PAGE = 20;
/** The core's largest timeline page; a refresh reloads at most this many entries. */
const MAX_PAGE = 200;

type Props = {
  contactId: number;
  /** Changes when the timeline must be fetched again (something was logged or deleted). */
  refreshToken: string;
  onOpen: (id: number) => void;
  /** After an entry was deleted (the person's last contact may have changed). */
  onChanged: () => void;
};

export function Timeline({ contactId, refreshToken, onOpen, onChanged }: Props) {
  const [items, setItems] = useState<Interaction[]>([]);
  const [total, setTotal] = useState<number | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [loading, setLoading] = useState(false);
  const shown = useRef(0);
  const request = useRef(0);

  const load = useCallback(
    async (offset: number) => {
      const id = ++request.current;
      const limit = offset === 0 ? Math.min(MAX_PAGE, Math.max(PAGE, shown.current)) : PAGE;
      setLoading(true);
      try {
        const page = await api.timeline(contactId, limit, offset);
        if (id !== request.current) return;
        setItems((prev) => {
          const next = offset === 0 ? page.items : [...prev, ...page.items.filter((i) => !prev.some((p) => p.id === i.id))];
          shown.current = next.length;
          return next;
        });
        setTotal(page.total);
        setError(null);
      } catch (e) {
        if (id === request.current) setError(errorOf(e));
      } finally {
        if (id === request.current) setLoading(false);
      }
    },
    [contactId],
  );

  useEffect(() => {
    void load(0);
  }, [load, refreshToken]);

  const remove = async (interaction: Interaction) => {
    try {
      await api.deleteInteraction(interaction.id);
      setItems((prev) => prev.filter((i) => i.id !== interaction.id));
      onChanged();
    } catch (e) {
      setError(errorOf(e));
    }
  };

  return (
    <section className="psection" aria-labelledby="timeline-title" data-testid="person-timeline">
      <h3 id="timeline-title">
        Timeline {total !== null && total > 0 && <span className="muted">({total})</span>}
      </h3>
      <ErrorBanner error={error} />
      {total === 0 && <p className="muted">Nothing logged yet. Press Log interaction (or Ctrl+L) after you talk.</p>}
      <ol className="timeline">
        {items.map((i) => (
          <TimelineItem key={i.id} item={i} contactId={contactId} onOpen={onOpen} onDelete={() => void remove(i)} />
        ))}
      </ol>
      {total !== null && items.length < total && (
        <button type="button" className="more-button" disabled={loading} onClick={() => void load(items.length)}>
          {loading ? "Loading…" : `Show more (${total - items.length} older)`}
        </button>
      )}
    </section>
  );
}

function TimelineItem({
  item: i,
  contactId,
  onOpen,
  onDelete,
}: {
  item: Interaction;
  contactId: number;
  onOpen: (id: number) => void;
  onDelete: () => void;
}) {
  const [expanded, setExpanded] = useState(false);
  const kind = KINDS[i.kind];
  const notes = clip(i.notes);
  const others = i.participants.filter((p) => p.id !== contactId);
  const facts = [i.quality ? "★".repeat(i.quality) : "", initiatorText(i.initiatedBy)].filter(Boolean);
  return (
    <li className="tl-item" data-testid="timeline-item">
      <span className="tl-icon" title={kind.label} aria-hidden="true">
        {kind.icon}
      </span>
      <div className="tl-body">
        <div className="tl-head">
          <span className="tl-kind">{kind.label}</span>
          <time className="muted" dateTime={i.occurredAt}>
            {formatWhen(i.occurredAt, i.hasTime)}
          </time>
          {facts.length > 0 && <span className="muted">· {facts.join(" · ")}</span>}
          <button
            type="button"
            className="icon-button tl-delete"
            data-testid="delete-interaction"
            aria-label={`Delete “${i.summary || kind.label}”`}
            title="Move to the trash (restore it from Trash)"
            onClick={onDelete}
          >
            Delete
          </button>
        </div>
        {i.summary && <p className="timeline-summary">{i.summary}</p>}
        {i.notes && (
          <div className="tl-notes">
            <p>{expanded ? i.notes : notes.text}</p>
            {notes.clipped && (
              <button type="button" className="link" aria-expanded={expanded} onClick={() => setExpanded(!expanded)}>
                {expanded ? "Show less" : "Show all"}
              </button>
            )}
          </div>
        )}
        {others.length > 0 && (
          <p className="tl-line">
            <span className="muted">With </span>
            {others.map((p, n) => (
              <span key={p.id}>
                {n > 0 && ", "}
                <button type="button" className="link inline" onClick={() => onOpen(p.id)}>
                  {p.name}
                </button>
              </span>
            ))}
          </p>
        )}
        {i.help.map((h, n) => (
          <p key={n} className="tl-line tl-help">
            <span className="muted">Help: </span>
            {h.giver.name} → {h.receiver.name}: {h.text}
          </p>
        ))}
        {i.followUp && (
          <p className={`tl-line tl-follow${isOverdue(i.followUp.dueOn) ? " overdue" : ""}`}>
            <span className="muted">Follow up by {formatDay(i.followUp.dueOn)}: </span>
            {i.followUp.text}
          </p>
        )}
      </div>
    </li>
  );
}
