-- Schema 5: indexes for the hot paths at 100,000 people (see docs/PERFORMANCE.md).

-- The engine's per-contact summary (circle, explicit cadence, flags, last interaction) read
-- from one small index, without the rows: Today bounds every contact from it and reads the
-- history of only those that can make the day's budget.
CREATE INDEX contact_engine_summary
    ON contact (id, circle, cadence_days, archived, is_self, last_interaction_at)
    WHERE deleted_at IS NULL;

-- The People list, in name order, filtered by circle or not: the page and its count read the
-- index alone (the flags every list filters on are in it).
CREATE INDEX contact_list_by_circle
    ON contact (circle, archived, is_self, sort_key, id)
    WHERE deleted_at IS NULL;
CREATE INDEX contact_list_by_name
    ON contact (archived, is_self, sort_key, id)
    WHERE deleted_at IS NULL;

-- When SQLite's quick_check last passed (Unix ms): the CLI and the app run it at most once a
-- day (see Store::open_with), so that opening a large database does not read all of it.
CREATE TABLE integrity_check (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    checked_at INTEGER NOT NULL
) STRICT;
