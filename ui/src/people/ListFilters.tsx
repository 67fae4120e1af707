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

type Option = { value: string; label: string };

/** One filter: its name as the choice of "any", and its value kept selectable when it vanished
 * from the vocabulary (the last tag removed). */
function FilterSelect({
  name,
  testId,
  value,
  onChange,
  options,
}: {
  name: string;
  testId: string;
  value: string;
  onChange: (value: string) => void;
  options: readonly Option[];
}) {
  return (
    <select
      aria-label={name}
      data-testid={testId}
      className={value ? "active" : undefined}
      value={value}
      onChange={(e) => onChange(e.target.value)}
    >
      <option value="">{name}</option>
      {value && !options.some((o) => o.value === value) && <option value={value}>{value}</option>}
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );
}

export function ListFilters({ value, onChange, tags, interests, searchRef, onSearchKeyDown }: Props) {
  const set = <K extends keyof Filters>(key: K, v: Filters[K]) => onChange({ ...value, [key]: v });
  const filter = (key: "circle" | "tag" | "interest", name: string, options: readonly Option[]) => (
    <FilterSelect
      name={name}
      testId={`filter-${key}`}
      value={value[key]}
      onChange={(v) => set(key, v)}
      options={options}
    />
  );
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
        {filter("circle", "Circle", CIRCLES)}
        {filter(
          "tag",
          "Tag",
          tags.map((t) => ({ value: t.tag, label: `${t.tag} (${t.contacts})` })),
        )}
        {filter(
          "interest",
          "Interest",
          interests.map((i) => ({ value: i.name, label: `${i.name} (${i.contacts})` })),
        )}
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
