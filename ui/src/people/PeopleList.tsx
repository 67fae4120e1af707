// The People list: search, filters and a virtualised list that fetches pages of 100 as the
// user scrolls, so 10,000 contacts scroll smoothly. Rows have a fixed height; two spacers
// (sized through the CSSOM, since the CSP forbids style attributes) stand in for the rows
// that are not rendered.
// Keyboard: "/" search, ↑/↓ move the cursor, Enter opens, N adds, Home/End/PageUp/PageDown.
import { type KeyboardEvent, type ReactNode, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { api } from "../api";
import type { ContactSummary, Interest, TagCount } from "../bindings";
import { ErrorBanner } from "../ErrorBanner";
import { isShortcut } from "../keys";
import { circleLabel, isCircle } from "../lib/circles";
import { formatWhen, relativeTime } from "../lib/dates";
import { useDebounced } from "../lib/debounce";
import { healthBand } from "../lib/health";
import { useQuery } from "../lib/query";
import { countText, initials, subtitle } from "../lib/text";
import { type Filters, isFiltered, ListFilters, NO_FILTERS } from "./ListFilters";
import { type ListQuery, PAGE_SIZE, useContactPages } from "./useContactPages";
import { moveCursor, pagesFor, scrollToShow, visibleRange } from "./virtual";

/** Must match `.prow { height }` in people.css. */
export const ROW_HEIGHT = 56;
const OVERSCAN = 8;

type Props = {
  selectedId: number | null;
  onOpen: (id: number) => void;
  onAdd: () => void;
  /** Opens People → Possible duplicates. */
  onDuplicates: () => void;
};

export function PeopleList({ selectedId, onOpen, onAdd, onDuplicates }: Props) {
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [search, flushSearch] = useDebounced(filters.search.trim(), 150);
  const query: ListQuery = useMemo(
    () => ({
      search: search || null,
      circle: isCircle(filters.circle) ? filters.circle : null,
      tag: filters.tag || null,
      interest: filters.interest || null,
      sort: filters.sort,
      includeArchived: filters.includeArchived,
    }),
    [search, filters.circle, filters.tag, filters.interest, filters.sort, filters.includeArchived],
  );
  const pages = useContactPages(query);
  const total = pages.total ?? 0;
  const vocabulary = useVocabulary();

  const sectionRef = useRef<HTMLElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const topRef = useRef<HTMLDivElement>(null);
  const bottomRef = useRef<HTMLDivElement>(null);
  // The first visible row, not the pixel offset: scrolling re-renders once per row, not per pixel.
  const [firstRow, setFirstRow] = useState(0);
  const scrollTop = firstRow * ROW_HEIGHT;
  const [viewport, setViewport] = useState(0);
  const [cursor, setCursor] = useState(-1);
  // One row more than fits: the scroll offset is rounded down to a whole row.
  const { start, end } = visibleRange(scrollTop, viewport + ROW_HEIGHT, ROW_HEIGHT, total, OVERSCAN);

  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    setViewport(el.clientHeight);
    const observer = new ResizeObserver(() => setViewport(el.clientHeight));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  useLayoutEffect(() => {
    if (topRef.current) topRef.current.style.height = `${start * ROW_HEIGHT}px`;
    if (bottomRef.current) bottomRef.current.style.height = `${Math.max(0, total - end) * ROW_HEIGHT}px`;
  }, [start, end, total]);

  const { ensure, gen } = pages;
  useEffect(() => {
    const wanted = pagesFor(start, end, PAGE_SIZE);
    ensure(wanted.length ? wanted : [Math.floor(start / PAGE_SIZE)]);
  }, [ensure, gen, start, end]);

  // A new query starts at the top.
  const queryKey = JSON.stringify(query);
  const shownQuery = useRef(queryKey);
  useEffect(() => {
    if (shownQuery.current === queryKey) return;
    shownQuery.current = queryKey;
    if (scrollRef.current) scrollRef.current.scrollTop = 0;
    setFirstRow(0);
    setCursor(-1);
  }, [queryKey]);

  const showRow = (index: number) => {
    const el = scrollRef.current;
    if (el) el.scrollTop = scrollToShow(index, ROW_HEIGHT, el.scrollTop, el.clientHeight);
  };

  // The cursor follows the open person once their row is loaded (after adding, say).
  const synced = useRef<number | null>(null);
  const { indexOf, version } = pages;
  useEffect(() => {
    if (selectedId === null || synced.current === selectedId) return;
    const index = indexOf(selectedId);
    if (index < 0) return;
    synced.current = selectedId;
    setCursor(index);
    const el = scrollRef.current;
    if (el) el.scrollTop = scrollToShow(index, ROW_HEIGHT, el.scrollTop, el.clientHeight);
  }, [selectedId, indexOf, version]);

  const open = (index: number) => {
    const c = pages.at(index);
    if (c) {
      setCursor(index);
      onOpen(c.id);
    }
  };

  const move = (delta: number) => {
    const next = moveCursor(cursor, delta, total);
    setCursor(next);
    if (next >= 0) showRow(next);
  };
  const pageRows = Math.max(1, Math.floor(viewport / ROW_HEIGHT) - 1);

  // Shortcuts that work whenever nothing is being typed and no dialog is open.
  const latest = useRef({ move, open, cursor, total, pageRows, onAdd });
  latest.current = { move, open, cursor, total, pageRows, onAdd };
  useEffect(() => {
    const onKey = (ev: globalThis.KeyboardEvent) => {
      if (!isShortcut(ev)) return;
      const target = ev.target instanceof HTMLElement ? ev.target : null;
      const l = latest.current;
      const list = scrollRef.current;
      const inList = !target || target === document.body || !!sectionRef.current?.contains(target);
      const onList = target === list;
      const focusList = () => list?.focus({ preventScroll: true });
      if (ev.key === "/") {
        ev.preventDefault();
        searchRef.current?.focus();
        searchRef.current?.select();
      } else if ((ev.key === "n" || ev.key === "N") && !ev.repeat) {
        ev.preventDefault();
        l.onAdd();
      } else if ((ev.key === "ArrowDown" || ev.key === "ArrowUp") && inList) {
        ev.preventDefault();
        l.move(ev.key === "ArrowDown" ? 1 : -1);
        focusList();
      } else if (ev.key === "Enter" && inList && (onList || target === document.body || !target)) {
        if (l.cursor < 0) return;
        ev.preventDefault();
        l.open(l.cursor);
      } else if (onList && (ev.key === "PageDown" || ev.key === "PageUp")) {
        ev.preventDefault();
        l.move(ev.key === "PageDown" ? l.pageRows : -l.pageRows);
      } else if (onList && (ev.key === "Home" || ev.key === "End")) {
        ev.preventDefault();
        l.move(ev.key === "Home" ? -l.total : l.total);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  // Enter typed before the search caught up opens the first match once it has arrived.
  const openFirst = useRef(false);
  const { isReady } = pages;
  useEffect(() => {
    if (!openFirst.current || !isReady()) return;
    openFirst.current = false;
    latest.current.open(0);
  }, [isReady, gen, version]);

  const onSearchKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "ArrowDown") {
      e.preventDefault();
      move(1);
      scrollRef.current?.focus({ preventScroll: true });
    } else if (e.key === "Enter") {
      e.preventDefault();
      if (filters.search.trim() !== search) {
        openFirst.current = true;
        flushSearch();
      } else open(Math.max(cursor, 0));
    } else if (e.key === "Escape") {
      e.preventDefault();
      if (filters.search) setFilters({ ...filters, search: "" });
      else e.currentTarget.blur();
    }
  };

  const rows: ReactNode[] = [];
  for (let i = start; i < end; i++) {
    const c = pages.at(i);
    rows.push(
      c ? (
        <PersonRow
          key={c.id}
          contact={c}
          index={i}
          total={total}
          selected={c.id === selectedId}
          cursor={i === cursor}
          onClick={() => {
            setCursor(i);
            onOpen(c.id);
          }}
        />
      ) : (
        <div key={`loading-${i}`} className="prow prow-loading" aria-hidden="true">
          <span className="avatar" />
          <span className="prow-bar" />
        </div>
      ),
    );
  }
  const cursorContact = cursor >= 0 ? pages.at(cursor) : null;
  const loaded = pages.total !== null;
  const filtered = isFiltered(filters);

  return (
    <section className="people-pane" aria-label="People" ref={sectionRef}>
      <header className="people-head">
        <div>
          <h1>People</h1>
          <p className="muted" data-testid="people-count" aria-live="polite">
            {loaded ? countText(total) : "\u00a0"}
          </p>
        </div>
        <div className="people-head-actions">
          <button type="button" onClick={onDuplicates} data-testid="duplicates-open">
            Possible duplicates
          </button>
          <button type="button" className="primary" onClick={onAdd} data-testid="add-person" aria-keyshortcuts="N">
            Add person <kbd>N</kbd>
          </button>
        </div>
      </header>
      <ListFilters
        value={filters}
        onChange={setFilters}
        tags={vocabulary.tags}
        interests={vocabulary.interests}
        searchRef={searchRef}
        onSearchKeyDown={onSearchKeyDown}
      />
      <ErrorBanner error={pages.error ?? vocabulary.error}>
        {pages.error && (
          <button type="button" className="link" onClick={pages.retry}>
            Try again
          </button>
        )}
      </ErrorBanner>
      {loaded && total === 0 && !pages.error && (
        <div className="people-empty">
          {filtered ? (
            <>
              <p>No one matches.</p>
              <button type="button" className="link" onClick={() => setFilters({ ...NO_FILTERS, sort: filters.sort })}>
                Clear the search and filters
              </button>
            </>
          ) : (
            <>
              <p>No one here yet.</p>
              <p className="muted">
                Add the first person you want to keep in touch with: press <kbd>N</kbd>
              </p>
            </>
          )}
        </div>
      )}
      <div
        ref={scrollRef}
        className="vlist"
        role="listbox"
        tabIndex={0}
        aria-label="People"
        aria-activedescendant={cursorContact ? `person-row-${cursorContact.id}` : undefined}
        data-testid="people-list"
        onScroll={(e) => setFirstRow(Math.floor(e.currentTarget.scrollTop / ROW_HEIGHT))}
      >
        <div ref={topRef} className="vspacer" role="presentation" />
        {rows}
        <div ref={bottomRef} className="vspacer" role="presentation" />
      </div>
    </section>
  );
}

function PersonRow({
  contact: c,
  index,
  total,
  selected,
  cursor,
  onClick,
}: {
  contact: ContactSummary;
  index: number;
  total: number;
  selected: boolean;
  cursor: boolean;
  onClick: () => void;
}) {
  const sub = subtitle(c) || c.email || "";
  const classes = ["prow", selected && "selected", cursor && "cursor", c.archived && "archived"].filter(Boolean);
  return (
    // biome-ignore lint/a11y/useFocusableInteractive: rows of a virtualised listbox: the list has the focus and the keys (arrows, Enter), a row takes the click
    // biome-ignore lint/a11y/useKeyWithClickEvents: rows of a virtualised listbox: the list has the focus and the keys (arrows, Enter), a row takes the click
    <div
      id={`person-row-${c.id}`}
      className={classes.join(" ")}
      role="option"
      aria-selected={selected}
      aria-posinset={index + 1}
      aria-setsize={total}
      data-testid="person-row"
      data-id={c.id}
      onClick={onClick}
    >
      <span className="avatar" aria-hidden="true">
        {initials(c.name)}
      </span>
      <span className="prow-text">
        <span className="row-name">{c.name}</span>
        <span className="prow-sub">{sub || "\u00a0"}</span>
      </span>
      {c.health !== null ? (
        <span
          className={`health-badge ${healthBand(c.health)}`}
          data-tip={`Relationship health ${c.health} of 100`}
          data-testid="row-health"
        >
          {c.health}
        </span>
      ) : (
        <span />
      )}
      <span className="prow-meta">
        {c.archived ? (
          <span className="pbadge archived">Archived</span>
        ) : (
          c.circle && <span className={`pbadge circle-${c.circle}`}>{circleLabel(c.circle)}</span>
        )}
        <span
          className="prow-when"
          data-tip={
            c.lastInteractionAt ? `Last contact: ${formatWhen(c.lastInteractionAt, true)}` : "No contact logged"
          }
        >
          {relativeTime(c.lastInteractionAt)}
        </span>
      </span>
    </div>
  );
}

/** The tags and interests the filters offer, fetched again with the list. */
/** Every tag, and the interests somebody has, for the filters. */
function useVocabulary() {
  const q = useQuery(["contacts", "vocabulary"], async () => {
    const [tags, interests] = await Promise.all([api.listTags(), api.listInterests()]);
    return { tags, interests: interests.filter((x) => x.contacts > 0) };
  });
  return { tags: q.data?.tags ?? NO_TAGS, interests: q.data?.interests ?? NO_INTERESTS, error: q.error };
}

const NO_TAGS: TagCount[] = [];
const NO_INTERESTS: Interest[] = [];
