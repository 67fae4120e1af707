-- Schema 20: a new row's columns are captured as one pending change (`op` 4: `value` is the
-- JSON object of its columns; see `sync::capture::ROW`) instead of a change per column, which
-- took most of what capture added to a write (issue 21, docs/PERFORMANCE.md "Sync"). The
-- change files are the same: a row is read back as a change per column when written out.
-- The table is made again for `op`'s CHECK, without AUTOINCREMENT: its `sqlite_sequence`
-- row was a page more written by every captured write. A sequence number is now reused only
-- once the table is empty, and `folded_seq` is set back to 0 whenever it empties (here, and
-- where rows are deleted: `store::sync_out`, the capture triggers), so that every pending
-- change is always after it.
CREATE TABLE sync_out_new (
    seq      INTEGER PRIMARY KEY,                 -- after `sync_config.folded_seq` while not folded
    tbl      TEXT    NOT NULL,
    row      TEXT    NOT NULL,
    col      TEXT    NOT NULL,
    op       INTEGER NOT NULL CHECK (op BETWEEN 0 AND 4),  -- set, add, remove, delete, row
    value    TEXT    NOT NULL,                             -- JSON
    hlc      TEXT    NOT NULL,
    base     TEXT,
    observed TEXT
) STRICT;
INSERT INTO sync_out_new (seq, tbl, row, col, op, value, hlc, base, observed)
    SELECT seq, tbl, row, col, op, value, hlc, base, observed FROM sync_out ORDER BY seq;
DROP TABLE sync_out;
ALTER TABLE sync_out_new RENAME TO sync_out;
-- Pending additions are no longer indexed (a page more in every write that adds to a set):
-- the fold looks up, once per pass, which of them each removal takes (`sync::capture::fold`).
CREATE INDEX sync_out_removes ON sync_out (tbl, row, col) WHERE op = 2;
UPDATE sync_config SET folded_seq = 0 WHERE NOT EXISTS (SELECT 1 FROM sync_out);
