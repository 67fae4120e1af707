// Today, the landing view: who to reach out to and why, dormant ties worth reviving, needs
// I can help with and introductions to make, follow-ups due and dates coming up; above them,
// how many people you write to are not in Kith yet, and the meetings coming up with a brief
// on each person (see Upcoming.tsx).
// Keyboard: j/k (or ↓/↑) move, Enter or d = done, s = snooze (pick a day, +7 by default),
// x = dismiss, ? shows the keys. "Done" on a person records it and opens the Log prefilled;
// after every action (and after a change elsewhere) the list is fetched again and the
// cursor stays on the same place.
import { type FormEvent, useEffect, useLayoutEffect, useRef, useState } from "react";
import { api, errorOf } from "../api";
import type { ContactRef, FeedbackAction, Today, Unknown } from "../bindings";
import { ErrorBanner } from "../ErrorBanner";
import { isShortcut } from "../keys";
import { circleLabel } from "../lib/circles";
import { addDays, formatDay, inDays } from "../lib/dates";
import { healthBand } from "../lib/health";
import { useActionError, useQuery } from "../lib/query";
import { initials } from "../lib/text";
import { queueLine } from "../settings/sourceText";
import {
  actionsOf,
  cursorAfter,
  dueText,
  emptyText,
  helpPerson,
  type Item,
  itemsOf,
  nothingOn,
  SECTIONS,
} from "./items";
import { UpcomingSection } from "./Upcoming";

type Props = {
  onLog: (participants: ContactRef[]) => void;
  onOpenPerson: (id: number) => void;
  /** Opens Settings → Sources at the queue of people not in Kith. */
  onOpenQueue: () => void;
  /** Opens Settings at Import (a first run's way in). */
  onImport: () => void;
  /** Opens People, to add someone. */
  onAddPerson: () => void;
};

const SNOOZE_DAYS = 7;

export function TodayScreen({ onLog, onOpenPerson, onOpenQueue, onImport, onAddPerson }: Props) {
  const query = useQuery(["today"], () => api.today());
  // Whether anyone is in Kith yet: an empty Kith shows how to start instead of an empty day.
  const people = useQuery(["contacts", "any"], () =>
    api.listContacts({ sort: "name", includeArchived: true, limit: 1, offset: 0 }),
  );
  const firstRun = people.data?.total === 0;
  const today = query.data ?? null;
  const [actionError, setActionError] = useActionError(query.data);
  const error = actionError ?? query.error;
  const [cursor, setCursor] = useState(0);
  const [snoozing, setSnoozing] = useState<string | null>(null);
  const [help, setHelp] = useState(false);
  const [busy, setBusy] = useState(false);
  const [focusTick, setFocusTick] = useState(0);
  const listRef = useRef<HTMLDivElement>(null);
  const items = today ? itemsOf(today) : [];
  /** Where the cursor stays after the next load: an item (or its place), else where it is. */
  const keep = useRef<{ key: string | null; index: number } | null>(null);
  const shown = useRef<Today | null>(null);

  // A new Today (after an action here or a change elsewhere): the cursor stays on the kept
  // item (or its place); after a reload (not the first load) it gets the keyboard focus.
  useLayoutEffect(() => {
    if (!today || today === shown.current) return;
    const first = shown.current === null;
    shown.current = today;
    const k = keep.current;
    keep.current = null;
    setCursor((c) => cursorAfter(itemsOf(today), k?.key ?? null, k?.index ?? c));
    if (!first) setFocusTick((v) => v + 1);
  }, [today]);

  // After a reload (not the first load) the cursor's row has the keyboard focus.
  useEffect(() => {
    if (focusTick === 0) return;
    if (document.querySelector('[aria-modal="true"]')) return;
    listRef.current?.querySelector<HTMLElement>('[data-cursor="true"]')?.focus();
  }, [focusTick]);

  const act = async (item: Item, action: FeedbackAction, until: string | null = null) => {
    if (busy) return;
    const index = items.indexOf(item);
    setBusy(true);
    setActionError(null);
    try {
      let log: ContactRef[] | null = null;
      if (item.kind === "suggestion") {
        await api.suggestionFeedback(item.s.contactId, item.s.lane, action, until);
        if (action === "done") log = [{ id: item.s.contactId, name: item.s.name }];
      } else if (item.kind === "help") {
        await api.suggestionFeedback(helpPerson(item.h).id, "help", action, until);
        if (action === "done") log = [helpPerson(item.h), ...(item.h.introduce ? [item.h.introduce] : [])];
      } else if (item.kind === "reminder") {
        if (action === "done") await api.reminderDone(item.r.id);
        else if (action === "snoozed" && until) await api.snoozeReminder(item.r.id, until);
      } else if (item.kind === "date" && action === "done") {
        log = [item.d.contact];
      }
      setSnoozing(null);
      keep.current = { key: item.kind === "date" ? item.key : null, index };
      query.reload();
      if (log) onLog(log);
    } catch (e) {
      setActionError(errorOf(e));
    } finally {
      setBusy(false);
    }
  };

  // Shortcuts whenever nothing is being typed and no dialog is open.
  const latest = useRef({ items, cursor, act, snoozing });
  latest.current = { items, cursor, act, snoozing };
  useEffect(() => {
    const onKey = (ev: KeyboardEvent) => {
      if (!isShortcut(ev)) return;
      const target = ev.target instanceof HTMLElement ? ev.target : null;
      if (target instanceof HTMLButtonElement && (ev.key === "Enter" || ev.key === " ")) return;
      const l = latest.current;
      const item = l.items[l.cursor];
      const move = (delta: number) => {
        ev.preventDefault();
        const next = Math.min(Math.max(l.cursor + delta, 0), l.items.length - 1);
        setCursor(next);
        setSnoozing(null);
        window.requestAnimationFrame(() =>
          listRef.current?.querySelector<HTMLElement>(`[data-index="${next}"]`)?.focus(),
        );
      };
      if (ev.key === "?") {
        ev.preventDefault();
        setHelp((h) => !h);
      } else if (ev.key === "Escape") {
        setHelp(false);
        setSnoozing(null);
      } else if (ev.key === "j" || ev.key === "ArrowDown") move(1);
      else if (ev.key === "k" || ev.key === "ArrowUp") move(-1);
      else if (!item) return;
      else if ((ev.key === "Enter" || ev.key === "d") && actionsOf(item).done) {
        ev.preventDefault();
        void l.act(item, "done");
      } else if (ev.key === "s" && actionsOf(item).snooze) {
        ev.preventDefault();
        setSnoozing(item.key);
      } else if (ev.key === "x" && actionsOf(item).dismiss) {
        ev.preventDefault();
        void l.act(item, "dismissed");
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  const nothing = today !== null && nothingOn(today, items);
  let index = -1;
  return (
    <section className="screen today" aria-label="Today" data-testid="today-screen">
      <header className="screen-header">
        <div>
          <h1>Today</h1>
          <p className="muted">
            {today ? formatDay(today.today) : "\u00a0"}
            {today && ` · up to ${today.budget} suggestions a day`}
          </p>
        </div>
        <button
          type="button"
          className="link"
          aria-expanded={help}
          onClick={() => setHelp((h) => !h)}
          data-testid="today-keys"
        >
          Keys <kbd>?</kbd>
        </button>
      </header>
      {help && (
        <div className="today-help" role="note" data-testid="today-help">
          <span>
            <kbd>j</kbd>
            <kbd>k</kbd> move
          </span>
          <span>
            <kbd>Enter</kbd> or <kbd>d</kbd> done (opens the Log)
          </span>
          <span>
            <kbd>s</kbd> snooze
          </span>
          <span>
            <kbd>x</kbd> dismiss for a while
          </span>
          <span>
            <kbd>Ctrl+L</kbd> log · <kbd>Ctrl+T</kbd> Today · <kbd>Ctrl+1</kbd>–<kbd>Ctrl+7</kbd> the screens in the
            sidebar's order · <kbd>Ctrl+W</kbd> close the window
          </span>
        </div>
      )}
      <ErrorBanner error={error} />
      <QueueLine onOpen={onOpenQueue} />
      <UpcomingSection onOpenPerson={onOpenPerson} />
      {nothing && firstRun && (
        <div className="today-empty today-first-run" data-testid="today-first-run">
          <p>Welcome to Kith. Start with the people you keep in touch with:</p>
          <div className="row-actions">
            <button type="button" className="primary" onClick={onImport} data-testid="first-run-import">
              Import your contacts…
            </button>
            <button type="button" onClick={onAddPerson} data-testid="first-run-add">
              Add a person
            </button>
            <button type="button" onClick={() => onLog([])} data-testid="first-run-log">
              Log a conversation
            </button>
          </div>
          <p className="muted">
            A vCard file, a Google or Outlook CSV or your LinkedIn export all import, and nothing is kept until you say
            so. Put people in a circle (inner, close, network) and log when you talk: Kith then suggests here, every
            day, who to reach out to and why.
          </p>
        </div>
      )}
      {nothing && !firstRun && (
        <div className="today-empty" data-testid="today-empty">
          <p>Nothing to do today.</p>
          <p className="muted">
            Add the people you want to keep in touch with, put them in a circle (inner, close, network) and log when you
            talk (<kbd>Ctrl+L</kbd>). Kith then suggests who to reach out to here, and why.
          </p>
        </div>
      )}
      {today && !nothing && (
        <div className="today-sections" ref={listRef}>
          {SECTIONS.map((section) => {
            const mine = items.filter((i) => i.section === section.id);
            if (mine.length === 0 && ["reconnect", "canHelpYou", "introduce"].includes(section.id)) return null;
            return (
              <section
                key={section.id}
                className="today-section"
                aria-label={section.title}
                data-testid={`today-${section.id}`}
              >
                <h2>
                  {section.title}
                  {mine.length > 0 && <span className="count">{mine.length}</span>}
                </h2>
                {mine.length === 0 && (
                  <p className="muted today-none" data-testid={`today-${section.id}-empty`}>
                    {emptyText(section.id, today)}
                  </p>
                )}
                {/* biome-ignore lint/a11y/useSemanticElements: rows are focusable divs with their own keys; a <ul> would change their layout */}
                <div role="list" aria-label={section.title}>
                  {mine.map((item) => {
                    index += 1;
                    const i = index;
                    return (
                      <Row
                        key={item.key}
                        item={item}
                        index={i}
                        cursor={i === cursor}
                        busy={busy}
                        snoozeOpen={snoozing === item.key}
                        defaultUntil={addDays(today.today, SNOOZE_DAYS)}
                        minUntil={addDays(today.today, 1)}
                        onFocus={() => setCursor(i)}
                        onAct={(action, until) => void act(item, action, until)}
                        onSnooze={() => setSnoozing(item.key)}
                        onCancelSnooze={() => {
                          setSnoozing(null);
                          setFocusTick((v) => v + 1);
                        }}
                        onOpenPerson={onOpenPerson}
                      />
                    );
                  })}
                </div>
              </section>
            );
          })}
        </div>
      )}
    </section>
  );
}

/** "12 people you write to are not in Kith", when the queue has anyone. */
function QueueLine({ onOpen }: { onOpen: () => void }) {
  const query = useQuery<Unknown[]>(["unknowns", false], () => api.unknowns(false));
  const list = query.data ?? [];
  if (list.length === 0) return null;
  return (
    <p className="today-queue" data-testid="today-queue">
      {queueLine(list)}.{" "}
      <button type="button" className="link" onClick={onOpen} data-testid="today-queue-review">
        Review
      </button>
    </p>
  );
}

type RowProps = {
  item: Item;
  index: number;
  cursor: boolean;
  busy: boolean;
  snoozeOpen: boolean;
  defaultUntil: string;
  minUntil: string;
  onFocus: () => void;
  onAct: (action: FeedbackAction, until?: string) => void;
  onSnooze: () => void;
  onCancelSnooze: () => void;
  onOpenPerson: (id: number) => void;
};

function Row(p: RowProps) {
  const { item } = p;
  const actions = actionsOf(item);
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: the row takes the focus on click; its keys (j/k, Enter, d/s/x) are the screen's
    // biome-ignore lint/a11y/useSemanticElements: the row takes the focus on click; its keys (j/k, Enter, d/s/x) are the screen's
    <div
      className={`today-item${p.cursor ? " cursor" : ""}`}
      role="listitem"
      tabIndex={p.cursor ? 0 : -1}
      data-index={p.index}
      data-cursor={p.cursor ? "true" : undefined}
      data-testid={`today-item-${item.kind}`}
      data-kind={item.kind}
      onFocus={(e) => e.target === e.currentTarget && p.onFocus()}
      onClick={p.onFocus}
    >
      <div className="today-main">
        <Body item={item} onOpenPerson={p.onOpenPerson} />
      </div>
      <div className="today-actions">
        {actions.done && (
          <button
            type="button"
            disabled={p.busy}
            data-testid="today-done"
            onClick={() => p.onAct("done")}
            data-tip="Done (d)"
          >
            {item.kind === "reminder" ? "Done" : "Log…"}
          </button>
        )}
        {actions.snooze && (
          <button type="button" disabled={p.busy} data-testid="today-snooze" onClick={p.onSnooze} data-tip="Snooze (s)">
            Snooze
          </button>
        )}
        {actions.dismiss && (
          <button
            type="button"
            disabled={p.busy}
            data-testid="today-dismiss"
            onClick={() => p.onAct("dismissed")}
            data-tip="Dismiss for a while (x)"
          >
            Dismiss
          </button>
        )}
      </div>
      {p.snoozeOpen && (
        <SnoozeForm
          defaultUntil={p.defaultUntil}
          min={p.minUntil}
          busy={p.busy}
          onSnooze={(until) => p.onAct("snoozed", until)}
          onCancel={p.onCancelSnooze}
        />
      )}
    </div>
  );
}

function Body({ item, onOpenPerson }: { item: Item; onOpenPerson: (id: number) => void }) {
  const person = (c: ContactRef) => (
    <button type="button" className="link person-link" onClick={() => onOpenPerson(c.id)}>
      {c.name}
    </button>
  );
  switch (item.kind) {
    case "suggestion": {
      const s = item.s;
      return (
        <>
          <div className="today-title">
            <span className="avatar" aria-hidden="true">
              {initials(s.name)}
            </span>
            <span className="today-name" data-testid="today-name">
              {person({ id: s.contactId, name: s.name })}
            </span>
            {s.circle && <span className={`pbadge circle-${s.circle}`}>{circleLabel(s.circle)}</span>}
            <span className={`health-badge ${healthBand(s.health)}`} data-tip="Relationship health, 0–100">
              {s.health}
            </span>
          </div>
          <ul className="reasons" data-testid="today-reasons">
            {s.reasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        </>
      );
    }
    case "help": {
      const h = item.h;
      return (
        <>
          <div className="today-title">
            {h.kind === "introduce" && h.introduce ? (
              <span className="today-name">
                Introduce {person(h.need.contact)} to {person(h.introduce)}
                {!h.connected && <span className="pbadge soon">new tie</span>}
              </span>
            ) : h.kind === "canHelpYou" ? (
              <span className="today-name">Ask {person(helpPerson(h))}</span>
            ) : (
              <span className="today-name">Help {person(h.need.contact)}</span>
            )}
          </div>
          <p className="today-reason">{h.reason}</p>
          {h.terms.length > 0 && (
            <p className="terms" data-testid="today-terms">
              <span className="muted">{h.byMeaning ? "Close in meaning:" : "Shared:"}</span>
              {h.terms.map((t) => (
                <span key={t} className="chip small">
                  {t}
                </span>
              ))}
            </p>
          )}
        </>
      );
    }
    case "reminder": {
      const r = item.r;
      return (
        <>
          <div className="today-title">
            <span className="today-name">{person(r.contact)}</span>
            <span className={`pbadge${item.when === "overdue" ? " overdue" : item.when === "due" ? " soon" : ""}`}>
              {dueText(r.inDays)}
            </span>
            {r.source === "promise" && <span className="muted">you promised</span>}
            {r.source === "their_promise" && <span className="muted">they promised</span>}
          </div>
          <p className="today-reason">{r.text}</p>
        </>
      );
    }
    case "date": {
      const d = item.d;
      return (
        <div className="today-title">
          <span className="today-name">{person(d.contact)}</span>
          <span className="today-reason">
            {d.label}
            {d.years !== null && ` (${d.years})`} · {formatDay(d.date)}
          </span>
          <span className={`pbadge${d.inDays <= 1 ? " soon" : ""}`}>{inDays(d.inDays)}</span>
        </div>
      );
    }
  }
}

function SnoozeForm({
  defaultUntil,
  min,
  busy,
  onSnooze,
  onCancel,
}: {
  defaultUntil: string;
  min: string;
  busy: boolean;
  onSnooze: (until: string) => void;
  onCancel: () => void;
}) {
  const [until, setUntil] = useState(defaultUntil);
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => ref.current?.focus(), []);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (until) onSnooze(until);
  };
  return (
    <form className="snooze-form" onSubmit={submit} data-testid="snooze-form">
      <label htmlFor="snooze-until">Snooze until</label>
      <input
        id="snooze-until"
        ref={ref}
        type="date"
        min={min}
        value={until}
        data-testid="snooze-until"
        onChange={(e) => setUntil(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Escape") {
            e.preventDefault();
            onCancel();
          } else if (e.key === "Enter") {
            submit(e);
          }
        }}
      />
      <button type="submit" className="primary" disabled={busy || !until} data-testid="snooze-confirm">
        Snooze
      </button>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </form>
  );
}
