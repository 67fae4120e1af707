-- Schema 18. Global ids (see store::gid): every row of the replicated tables gets a UUID that is the same
-- on every device. ADD COLUMN cannot take a computed default, so the column is nullable here;
-- the migration's Rust step fills every existing row, and every insert writes one.
ALTER TABLE contact ADD COLUMN gid TEXT;
ALTER TABLE interaction ADD COLUMN gid TEXT;
ALTER TABLE ask ADD COLUMN gid TEXT;
ALTER TABLE interest ADD COLUMN gid TEXT;
ALTER TABLE relationship ADD COLUMN gid TEXT;
ALTER TABLE reminder ADD COLUMN gid TEXT;

CREATE UNIQUE INDEX contact_by_gid ON contact (gid);
CREATE UNIQUE INDEX interaction_by_gid ON interaction (gid);
CREATE UNIQUE INDEX ask_by_gid ON ask (gid);
CREATE UNIQUE INDEX interest_by_gid ON interest (gid);
CREATE UNIQUE INDEX relationship_by_gid ON relationship (gid);
CREATE UNIQUE INDEX reminder_by_gid ON reminder (gid);

-- Sync (docs/SYNC.md). Nothing below is written until `kith sync setup` has run.

-- This device's part in sync: one row once set up.
CREATE TABLE sync_config (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    device       TEXT    NOT NULL,                 -- this device's id (a UUIDv7)
    name         TEXT    NOT NULL CHECK (length(name) > 0),
    folder       TEXT    NOT NULL,                 -- the folder a sync tool keeps in sync
    key          BLOB    NOT NULL CHECK (length(key) = 32),   -- derived from the passphrase or recovery key
    exported_seq INTEGER NOT NULL DEFAULT 0,       -- this device's changes written to files so far
    folded_seq   INTEGER NOT NULL DEFAULT 0,       -- sync_out rows up to this seq are in the merge state
    paused       INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1)),
    created_at   INTEGER NOT NULL,
    clock        TEXT,                             -- this device's clock when it last wrote out or read
    last_run_at  INTEGER,
    last_error   TEXT
) STRICT;

-- Every other device whose files were read, and how far its changes are applied here.
CREATE TABLE sync_peer (
    device          TEXT    PRIMARY KEY,
    name            TEXT,
    applied_seq     INTEGER NOT NULL DEFAULT 0,
    schema_version  INTEGER,
    last_applied_at INTEGER
) STRICT, WITHOUT ROWID;

-- This device's changes not yet written to a change file, in order.
CREATE TABLE sync_out (
    seq      INTEGER PRIMARY KEY AUTOINCREMENT,   -- never reused: `folded_seq` counts on it
    tbl      TEXT    NOT NULL,
    row      TEXT    NOT NULL,
    col      TEXT    NOT NULL,
    op       INTEGER NOT NULL CHECK (op BETWEEN 0 AND 3),  -- set, add, remove, delete
    value    TEXT    NOT NULL,                             -- JSON
    hlc      TEXT    NOT NULL,
    base     TEXT,                                         -- <hlc>@<device> replaced (set)
    observed TEXT                                          -- JSON array of <hlc>@<device> (remove)
) STRICT;
-- A removal finds this device's additions not folded into the merge state yet, and an addition
-- the removal it undoes in the same edit (see sync::capture).
CREATE INDEX sync_out_by_row ON sync_out (tbl, row, col, op);

-- The merge state. Per single-value column, each device's latest value and stamp (the
-- winner is the greatest stamp; the others are the conflict log).
CREATE TABLE sync_stamp (
    tbl    TEXT NOT NULL,
    row    TEXT NOT NULL,
    col    TEXT NOT NULL,
    device TEXT NOT NULL,
    hlc    TEXT NOT NULL,
    base   TEXT,
    value  TEXT NOT NULL,
    PRIMARY KEY (tbl, row, col, device)
) STRICT, WITHOUT ROWID;

-- Per set element, every add (its tag) and every removed tag.
CREATE TABLE sync_added (
    tbl    TEXT NOT NULL,
    row    TEXT NOT NULL,
    col    TEXT NOT NULL,
    value  TEXT NOT NULL,
    hlc    TEXT NOT NULL,
    device TEXT NOT NULL,
    PRIMARY KEY (tbl, row, col, value, hlc, device)
) STRICT, WITHOUT ROWID;
CREATE TABLE sync_removed (
    tbl    TEXT NOT NULL,
    row    TEXT NOT NULL,
    col    TEXT NOT NULL,
    value  TEXT NOT NULL,
    hlc    TEXT NOT NULL,
    device TEXT NOT NULL,
    PRIMARY KEY (tbl, row, col, value, hlc, device)
) STRICT, WITHOUT ROWID;

-- Rows deleted (for good, not to the trash), by whom and when.
CREATE TABLE sync_deleted (
    tbl    TEXT NOT NULL,
    row    TEXT NOT NULL,
    hlc    TEXT NOT NULL,
    device TEXT NOT NULL,
    PRIMARY KEY (tbl, row, hlc, device)
) STRICT, WITHOUT ROWID;

-- Rows that could not be written yet: a row they refer to has not arrived. Tried again on
-- every pass.
CREATE TABLE sync_waiting (
    tbl TEXT NOT NULL,
    row TEXT NOT NULL,
    PRIMARY KEY (tbl, row)
) STRICT, WITHOUT ROWID;

-- Changes this version cannot apply (a table or column of a newer schema): kept, and tried
-- again after an upgrade.
CREATE TABLE sync_held (
    device TEXT    NOT NULL,
    hlc    TEXT    NOT NULL,
    change TEXT    NOT NULL,   -- the change as JSON
    PRIMARY KEY (device, hlc)
) STRICT, WITHOUT ROWID;

-- Columns written by more than one device: where the conflict log looks.
CREATE TABLE sync_contested (
    tbl TEXT NOT NULL,
    row TEXT NOT NULL,
    col TEXT NOT NULL,
    PRIMARY KEY (tbl, row, col)
) STRICT, WITHOUT ROWID;
