-- Schema 1: contacts, enough for the walking skeleton. Timestamps are Unix milliseconds (UTC).
CREATE TABLE contact (
    id         INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL CHECK (length(trim(name)) > 0),
    company    TEXT,
    role       TEXT,
    email      TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;

CREATE INDEX contact_by_name ON contact (name COLLATE NOCASE, id);
