// The search box and filters above the People list. "/" focuses the search (PeopleList).
import type { KeyboardEvent, RefObject } from "react";
import type { ContactSort, Interest, TagCount } from "../bindings";
import { CIRCLES } from "../lib/circles";

export type Filters = {
  search: string;
  circle: string;
  tag: string;
  interest: string;
  sort: ContactSort;
  includeArchived: boolean;
};

export const NO_FILTERS: Filters = {
  search: "",
  circle: "",
  tag: "",
  interest: "",
  sort: "name",
  includeArchived: false,
};

function sortOf(v: string): ContactSort {
  return v === "lastContact" || v === "health" ? v : "name";
}

export function isFiltered(f: Filters): boolean {
  return !!(f.search.trim() || f.circle || f.tag || f.interest || f.includeArchived);
}

type Props = {
  value: Filters;
  onChange: (f: Filters) => void;
  tags: TagCount[];
  interests: Interest[];
  searchRef: RefObject<HTMLInputElement | null>;
  onSearchKeyDown: (e: KeyboardEvent<HTMLInputElement>) => void;
};

export function ListFilters({ value, onChange, tags, interests, searchRef, onSearchKeyDown }: Props) {
  const set = <K extends keyof Filters>(key: K, v: Filters[K]) => onChange({ ...value, [key]: v });
  // A filter whose value vanished from the vocabulary (last tag removed) stays selectable.
  const tagNames = tags.map((t) => t.tag);
  const interestNames = interests.map((i) => i.name);
  return (
    <div className="people-filters">
      <div className="people-search">
        <input
          ref={searchRef}
          type="search"
          className="people-search-input"
          placeholder="Search people"
          aria-label="Search people"
          aria-keyshortcuts="/"
          data-testid="people-search"
          autoComplete="off"
          spellCheck={false}
          value={value.search}
          onChange={(e) => set("search", e.target.value)}
          onKeyDown={onSearchKeyDown}
        />
        {!value.search && (
          // biome-ignore lint/a11y/noAriaHiddenOnFocusable: a <kbd> hint is not focusable; hidden so the search box is read without it
          <kbd className="people-search-hint" aria-hidden="true">
            /
          </kbd>
        )}
      </div>
      <div className="people-filter-row">
        <select
          aria-label="Circle"
          data-testid="filter-circle"
          className={value.circle ? "active" : undefined}
          value={value.circle}
          onChange={(e) => set("circle", e.target.value)}
        >
          <option value="">Circle</option>
          {CIRCLES.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
        <select
          aria-label="Tag"
          data-testid="filter-tag"
          className={value.tag ? "active" : undefined}
          value={value.tag}
          onChange={(e) => set("tag", e.target.value)}
        >
          <option value="">Tag</option>
          {value.tag && !tagNames.includes(value.tag) && <option value={value.tag}>{value.tag}</option>}
          {tags.map((t) => (
            <option key={t.tag} value={t.tag}>
              {t.tag} ({t.contacts})
            </option>
          ))}
        </select>
        <select
          aria-label="Interest"
          data-testid="filter-interest"
          className={value.interest ? "active" : undefined}
          value={value.interest}
          onChange={(e) => set("interest", e.target.value)}
        >
          <option value="">Interest</option>
          {value.interest && !interestNames.includes(value.interest) && (
            <option value={value.interest}>{value.interest}</option>
          )}
          {interests.map((i) => (
            <option key={i.id} value={i.name}>
              {i.name} ({i.contacts})
            </option>
          ))}
        </select>
      </div>
      <div className="people-filter-row">
        <select
          aria-label="Sort"
          data-testid="filter-sort"
          value={value.sort}
          onChange={(e) => set("sort", sortOf(e.target.value))}
        >
          <option value="name">Sort by name</option>
          <option value="lastContact">Sort by last contact</option>
          <option value="health">Sort by health (weakest first)</option>
        </select>
        <label className="people-check">
          <input
            type="checkbox"
            data-testid="filter-archived"
            checked={value.includeArchived}
            onChange={(e) => set("includeArchived", e.target.checked)}
          />
          Show archived
        </label>
        {isFiltered(value) && (
          <button type="button" className="link" onClick={() => onChange({ ...NO_FILTERS, sort: value.sort })}>
            Clear
          </button>
        )}
      </div>
    </div>
  );
}
