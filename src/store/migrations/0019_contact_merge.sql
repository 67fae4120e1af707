-- Schema 19: merges replicate as what they are (issue 21). A merge of `other_gid` into
-- `kept_gid` leaves a mark, synced like any record, so that every device sends what refers to
-- the merged-away person (an interaction logged on a computer that had not heard of the
-- merge yet) to the person kept, and keeps the merged-away person gone; an unmerge sets
-- `undone_at`. Merges made before this schema have no mark.
CREATE TABLE contact_merge (
    id        INTEGER PRIMARY KEY,
    gid       TEXT    UNIQUE,
    other_gid TEXT    NOT NULL,
    kept_gid  TEXT    NOT NULL,
    merged_at INTEGER NOT NULL,
    undone_at INTEGER
) STRICT;
CREATE INDEX contact_merge_by_other ON contact_merge (other_gid);

-- Derived from `contact_merge` on each device, never synced: each merged-away contact and the
-- contact it now counts as (the end of its chain of merges not undone). See `sync::redirect`.
CREATE TABLE sync_redirect (
    gid    TEXT NOT NULL PRIMARY KEY,
    target TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- "Not the same person" marks sync (issue 21): a pair is kept by the two contacts' global
-- ids (in their own order), so that it means the same on every device, whatever the
-- contacts' numbers there; its gid is made of the two, so that the same pair marked on two
-- devices at once is one record. A pair stays when a contact is deleted (it matches no one
-- then), and counts again if that contact comes back (an unmerge).
CREATE TABLE not_duplicate_new (
    id         INTEGER PRIMARY KEY,
    gid        TEXT    UNIQUE,
    first_gid  TEXT    NOT NULL,
    second_gid TEXT    NOT NULL,
    decided_at INTEGER NOT NULL,
    CHECK (first_gid < second_gid)
) STRICT;
INSERT INTO not_duplicate_new (gid, first_gid, second_gid, decided_at)
    SELECT min(x.gid, y.gid) || ' ' || max(x.gid, y.gid), min(x.gid, y.gid), max(x.gid, y.gid),
           n.decided_at
    FROM not_duplicate n JOIN contact x ON x.id = n.a JOIN contact y ON y.id = n.b
    WHERE x.gid IS NOT NULL AND y.gid IS NOT NULL AND x.gid <> y.gid
    ORDER BY n.decided_at;
DROP TABLE not_duplicate;
ALTER TABLE not_duplicate_new RENAME TO not_duplicate;

-- Capture's lookups in `sync_out` are of set elements only (the additions a removal names, a
-- removal an addition cancels): two partial indexes hold those rows, not every column written,
-- which takes most of the index work out of capturing a write. (One index `WHERE op IN (1, 2)`
-- would not do: SQLite uses a partial index only where the query repeats its condition.)
DROP INDEX sync_out_by_row;
CREATE INDEX sync_out_adds ON sync_out (tbl, row, col) WHERE op = 1;
CREATE INDEX sync_out_removes ON sync_out (tbl, row, col) WHERE op = 2;
