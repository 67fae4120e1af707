// A person's interactions, newest first, 20 at a time ("Show more"). Each entry: when (local
// time), what kind, the summary, the notes (long ones folded), who else was there (click to
// open them), help given or received, the promised follow-up, and a delete button. Loaded
// under ["contact", id, "timeline"] (lib/query): a reload fetches as many entries as are
// shown (up to the core's largest page); "Show more" appends the next page to what is shown.
import { useRef, useState } from "react";
import { api, errorOf } from "../api";
import type { CapturedMessage, Interaction, Page } from "../bindings";
import { ErrorBanner } from "../ErrorBanner";
import { formatWhen, isOverdue } from "../lib/dates";
import { initiatorText, KINDS, promiseText } from "../lib/interactions";
import { useActionError, useQuery } from "../lib/query";
import { clip } from "../lib/text";
import { offerUndo } from "../lib/undo";

const PAGE = 20;
/** The core's largest timeline page; a refresh reloads at most this many entries. */
const MAX_PAGE = 200;

type Props = {
  contactId: number;
  onOpen: (id: number) => void;
  /** After an entry was deleted (the person's last contact may have changed). */
  onChanged: () => void;
};

export function Timeline({ contactId, onOpen, onChanged }: Props) {
  /** How many entries are shown: a reload fetches as many again. */
  const shown = useRef(0);
  const query = useQuery<Page<Interaction>>(["contact", contactId, "timeline"], () =>
    api.timeline(contactId, Math.min(MAX_PAGE, Math.max(PAGE, shown.current)), 0),
  );
  const items = query.data?.items ?? [];
  const total = query.data?.total ?? null;
  shown.current = items.length;
  const [actionError, setActionError] = useActionError(query.data);
  const error = actionError ?? query.error;
  const [loadingMore, setLoadingMore] = useState(false);
  const loading = query.loading || loadingMore;

  const more = async () => {
    setLoadingMore(true);
    try {
      const page = await api.timeline(contactId, PAGE, items.length);
      query.set((prev) => ({
        ...prev,
        items: [...prev.items, ...page.items.filter((i) => !prev.items.some((p) => p.id === i.id))],
        total: page.total,
      }));
    } catch (e) {
      setActionError(errorOf(e));
    } finally {
      setLoadingMore(false);
    }
  };

  const remove = async (interaction: Interaction) => {
    try {
      await api.deleteInteraction(interaction.id);
      query.set((prev) => ({ ...prev, items: prev.items.filter((i) => i.id !== interaction.id) }));
      onChanged();
      offerUndo(`Moved “${interaction.summary || "the interaction"}” to the trash.`, async () => {
        await api.restoreInteraction(interaction.id);
      });
    } catch (e) {
      setActionError(errorOf(e));
    }
  };

  return (
    <section className="psection" aria-labelledby="timeline-title" data-testid="person-timeline">
      <h3 id="timeline-title">Timeline {total !== null && total > 0 && <span className="muted">({total})</span>}</h3>
      <ErrorBanner error={error} />
      {total === 0 && <p className="muted">Nothing logged yet. Press Log interaction (or Ctrl+L) after you talk.</p>}
      <ol className="timeline">
        {items.map((i) => (
          <TimelineItem key={i.id} item={i} contactId={contactId} onOpen={onOpen} onDelete={() => void remove(i)} />
        ))}
      </ol>
      {total !== null && items.length < total && (
        <button type="button" className="more-button" disabled={loading} onClick={() => void more()}>
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
      <span className="tl-icon" data-tip={kind.label} aria-hidden="true">
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
            data-tip="Move to the trash (restore it from Trash)"
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
        {i.sourceId != null && <CapturedMessages id={i.id} kind={i.kind} />}
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
          <p
            // biome-ignore lint/suspicious/noArrayIndexKey: an entry's help lines have no id of their own and never move
            key={n}
            className="tl-line tl-help"
          >
            <span className="muted">Help: </span>
            {h.giver.name} → {h.receiver.name}: {h.text}
          </p>
        ))}
        {i.followUp && (
          <p className={`tl-line tl-follow${isOverdue(i.followUp.dueOn) ? " overdue" : ""}`}>
            <span className="muted">{promiseText(i.followUp, i.participants)}: </span>
            {i.followUp.text}
          </p>
        )}
      </div>
    </li>
  );
}

/** What a captured email thread or day of texts or chat was made of: each message (who wrote it,
 * when, what it says where its source keeps the text), loaded when asked. */
function CapturedMessages({ id, kind }: { id: number; kind: Interaction["kind"] }) {
  const [messages, setMessages] = useState<CapturedMessage[] | null>(null);
  const [open, setOpen] = useState(false);
  // A meeting or a call is one item: its line says it all.
  if (kind !== "email" && kind !== "message") return null;
  const toggle = () => {
    setOpen(!open);
    if (!messages)
      api
        .interactionMessages(id)
        .then(setMessages)
        .catch(() => setMessages([]));
  };
  return (
    <div className="tl-messages">
      <button type="button" className="link" aria-expanded={open} onClick={toggle} data-testid="timeline-messages">
        {open ? "Hide the messages" : "The messages"}
      </button>
      {open && messages && (
        <ul className="brief-list" data-testid="timeline-message-list">
          {messages.map((m) => (
            <li key={`${m.occurredAt}-${m.subject}-${m.from ?? ""}`}>
              <span className="muted">
                {m.fromMe ? "You" : (m.from ?? "Someone")} · {formatWhen(m.occurredAt, true)}
              </span>
              {m.text ? (
                <p className="tl-message-text">{m.text}</p>
              ) : (
                m.subject && <span className="muted"> · {m.subject}</span>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
