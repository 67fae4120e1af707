-- Schema 10: capture. Files the person already has (calendars, mailboxes) are registered as
-- sources and read again as they grow; what each message or meeting said is kept as a
-- capture item (who was on it, when, in which thread), and interactions are made from the
-- items whose people are in Kith: one per thread (or meeting) and day. Addresses that match
-- nobody stay on their items, so that adding or linking the person later attaches their past.

CREATE TABLE source (
    id        INTEGER PRIMARY KEY,
    kind      TEXT    NOT NULL CHECK (kind IN ('ics', 'mbox', 'maildir')),
    path      TEXT    NOT NULL UNIQUE,
    added_at  INTEGER NOT NULL,
    -- The end of the last read that completed, and where the next one resumes (JSON, by kind:
    -- an mbox's offset and a hash of the bytes before it; a Maildir's newest file time; an
    -- .ics file's size, time and hash).
    read_at   INTEGER,
    cursor    TEXT    NOT NULL DEFAULT '{}',
    -- 'ok', or why the last attempt could not read it ('missing', 'unreadable'): nothing it
    -- brought is deleted when it goes away.
    status    TEXT    NOT NULL DEFAULT 'ok' CHECK (status IN ('ok', 'missing', 'unreadable')),
    message   TEXT,
    -- What came in and what was skipped and why, over every read (JSON).
    report    TEXT    NOT NULL DEFAULT '{}'
) STRICT;

-- One message or meeting occurrence, by its own key (`mail:<Message-ID>`, or a hash of the
-- headers; `ics:<UID>|<RECURRENCE-ID>`): reading it again, from this source or another,
-- creates nothing twice.
CREATE TABLE capture_item (
    id          INTEGER PRIMARY KEY,
    source_id   INTEGER NOT NULL REFERENCES source (id) ON DELETE CASCADE,
    key         TEXT    NOT NULL UNIQUE,
    kind        TEXT    NOT NULL CHECK (kind IN ('email', 'meeting', 'video', 'event')),
    occurred_at INTEGER NOT NULL,
    has_time    INTEGER NOT NULL DEFAULT 1 CHECK (has_time IN (0, 1)),
    -- The thread (mail: the first message id it refers to, else its own, else its subject)
    -- or the meeting (its key) the item belongs to: with the day, what one interaction holds.
    thread      TEXT    NOT NULL,
    subject     TEXT    NOT NULL DEFAULT '',
    -- Written (mail) or organised (meetings) by the person using Kith.
    from_me     INTEGER NOT NULL CHECK (from_me IN (0, 1))
) STRICT;
CREATE INDEX capture_item_by_source ON capture_item (source_id);
CREATE INDEX capture_item_by_thread ON capture_item (thread, occurred_at);

-- The other people on an item (never the person using Kith), as normalised addresses.
CREATE TABLE capture_address (
    item_id INTEGER NOT NULL REFERENCES capture_item (id) ON DELETE CASCADE,
    email   TEXT    NOT NULL,
    name    TEXT,
    -- 'from' (they wrote or organised it), 'to' (it was sent or they were invited to it).
    role    TEXT    NOT NULL CHECK (role IN ('from', 'to')),
    PRIMARY KEY (item_id, email)
) STRICT, WITHOUT ROWID;
CREATE INDEX capture_address_by_email ON capture_address (email);

-- The interaction made of a thread's (or a meeting's) items of one day.
CREATE TABLE capture_interaction (
    thread_day     TEXT    PRIMARY KEY,
    interaction_id INTEGER NOT NULL REFERENCES interaction (id) ON DELETE CASCADE
) STRICT;
CREATE INDEX capture_interaction_by_interaction ON capture_interaction (interaction_id);

-- Addresses the person said not to offer again in the queue of people they write to.
CREATE TABLE unknown_ignored (
    email      TEXT    PRIMARY KEY,
    ignored_at INTEGER NOT NULL
) STRICT;

-- Which source an interaction came from (NULL: logged by hand or imported from a file).
ALTER TABLE interaction ADD COLUMN source_id INTEGER REFERENCES source (id) ON DELETE SET NULL;
