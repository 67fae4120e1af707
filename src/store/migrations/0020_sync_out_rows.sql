-- Schema 20: a new row's columns are captured as one pending change (`op` 4: `value` is the
-- JSON object of its columns; see `sync::capture::ROW`) instead of a change per column, which
-- took most of what capture added to a write (issue 21, docs/PERFORMANCE.md "Sync"). The
-- change files are the same: a row is read back as a change per column when written out.
-- Only `op`'s CHECK changes; the table is made again with it, rows, indexes and
-- AUTOINCREMENT's high-water mark kept (`folded_seq` counts on a sequence never reused).
CREATE TABLE sync_out_new (
    seq      INTEGER PRIMARY KEY AUTOINCREMENT,
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
DELETE FROM sqlite_sequence WHERE name = 'sync_out_new';
INSERT INTO sqlite_sequence (name, seq)
    SELECT 'sync_out_new', max(seq) FROM sqlite_sequence WHERE name = 'sync_out'
    HAVING max(seq) IS NOT NULL;
DROP TABLE sync_out;
ALTER TABLE sync_out_new RENAME TO sync_out;
CREATE INDEX sync_out_adds ON sync_out (tbl, row, col) WHERE op = 1;
CREATE INDEX sync_out_removes ON sync_out (tbl, row, col) WHERE op = 2;
