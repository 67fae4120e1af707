-- Schema 2: the full model of people, interests, needs and offers, interactions and
-- reminders, with full-text search and a trash. Timestamps are Unix milliseconds (UTC);
-- calendar dates are 'YYYY-MM-DD' text.

-- Contacts ---------------------------------------------------------------------------------
ALTER TABLE contact ADD COLUMN sort_key TEXT NOT NULL DEFAULT '';   -- filled by the migration's Rust step
ALTER TABLE contact ADD COLUMN location TEXT;
ALTER TABLE contact ADD COLUMN met_how TEXT;
ALTER TABLE contact ADD COLUMN met_on TEXT;
ALTER TABLE contact ADD COLUMN introduced_by INTEGER REFERENCES contact (id) ON DELETE SET NULL;
ALTER TABLE contact ADD COLUMN circle TEXT CHECK (circle IN ('inner', 'close', 'network', 'wider'));
ALTER TABLE contact ADD COLUMN cadence_days INTEGER CHECK (cadence_days BETWEEN 1 AND 3650);
ALTER TABLE contact ADD COLUMN notes TEXT NOT NULL DEFAULT '';
ALTER TABLE contact ADD COLUMN is_self INTEGER NOT NULL DEFAULT 0 CHECK (is_self IN (0, 1));
ALTER TABLE contact ADD COLUMN archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1));
ALTER TABLE contact ADD COLUMN deleted_at INTEGER;
-- Kept up to date by the triggers below, so "sort by last contact" reads one index.
ALTER TABLE contact ADD COLUMN last_interaction_at INTEGER;

DROP INDEX contact_by_name;
CREATE INDEX contact_by_sort_key ON contact (sort_key, id) WHERE deleted_at IS NULL;
CREATE INDEX contact_by_last_interaction ON contact (last_interaction_at DESC, id) WHERE deleted_at IS NULL;
CREATE INDEX contact_deleted ON contact (deleted_at) WHERE deleted_at IS NOT NULL;
CREATE UNIQUE INDEX contact_one_self ON contact (is_self) WHERE is_self = 1;

CREATE TABLE contact_channel (
    id         INTEGER PRIMARY KEY,
    contact_id INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    kind       TEXT    NOT NULL CHECK (kind IN ('email', 'phone', 'link')),
    label      TEXT,
    value      TEXT    NOT NULL CHECK (length(value) > 0),
    position   INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX contact_channel_by_contact ON contact_channel (contact_id, position);
CREATE INDEX contact_channel_by_value ON contact_channel (kind, value COLLATE NOCASE);

INSERT INTO contact_channel (contact_id, kind, label, value, position)
SELECT id, 'email', NULL, email, 0 FROM contact WHERE email IS NOT NULL AND email <> '';
ALTER TABLE contact DROP COLUMN email;

CREATE TABLE contact_tag (
    contact_id INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    tag        TEXT    NOT NULL COLLATE NOCASE CHECK (length(tag) > 0),
    PRIMARY KEY (contact_id, tag)
) STRICT, WITHOUT ROWID;
CREATE INDEX contact_tag_by_tag ON contact_tag (tag, contact_id);

-- Birthdays and other dates: yearly when recurring (year optional), else one-off (year set).
CREATE TABLE contact_date (
    id         INTEGER PRIMARY KEY,
    contact_id INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    label      TEXT    NOT NULL CHECK (length(label) > 0),
    year       INTEGER CHECK (year BETWEEN 1 AND 9999),
    month      INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
    day        INTEGER NOT NULL CHECK (day BETWEEN 1 AND 31),
    recurring  INTEGER NOT NULL CHECK (recurring IN (0, 1)),
    CHECK (recurring = 1 OR year IS NOT NULL)
) STRICT;
CREATE INDEX contact_date_by_contact ON contact_date (contact_id);
CREATE INDEX contact_date_by_day ON contact_date (month, day);

-- Interests: one vocabulary, case-insensitive; merged names live on as aliases -----------
CREATE TABLE interest (
    id         INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL COLLATE NOCASE UNIQUE CHECK (length(name) > 0),
    created_at INTEGER NOT NULL
) STRICT;
CREATE TABLE interest_alias (
    alias       TEXT    NOT NULL COLLATE NOCASE PRIMARY KEY,
    interest_id INTEGER NOT NULL REFERENCES interest (id) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;
CREATE TABLE contact_interest (
    contact_id  INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    interest_id INTEGER NOT NULL REFERENCES interest (id) ON DELETE CASCADE,
    PRIMARY KEY (contact_id, interest_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX contact_interest_by_interest ON contact_interest (interest_id, contact_id);

-- Needs and offers (of a contact, or of me: the self contact) -------------------------------
CREATE TABLE ask (
    id          INTEGER PRIMARY KEY,
    contact_id  INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    kind        TEXT    NOT NULL CHECK (kind IN ('need', 'offer')),
    text        TEXT    NOT NULL CHECK (length(text) > 0),
    status      TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'helped', 'closed')),
    created_at  INTEGER NOT NULL,
    resolved_at INTEGER,
    helped_by   INTEGER REFERENCES contact (id) ON DELETE SET NULL
) STRICT;
CREATE INDEX ask_by_contact ON ask (contact_id, status);
CREATE INDEX ask_open ON ask (status, kind) WHERE status = 'open';
CREATE TABLE ask_interest (
    ask_id      INTEGER NOT NULL REFERENCES ask (id) ON DELETE CASCADE,
    interest_id INTEGER NOT NULL REFERENCES interest (id) ON DELETE CASCADE,
    PRIMARY KEY (ask_id, interest_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX ask_interest_by_interest ON ask_interest (interest_id, ask_id);

-- Interactions ------------------------------------------------------------------------------
CREATE TABLE interaction (
    id           INTEGER PRIMARY KEY,
    occurred_at  INTEGER NOT NULL,
    has_time     INTEGER NOT NULL DEFAULT 1 CHECK (has_time IN (0, 1)),
    kind         TEXT    NOT NULL CHECK (kind IN ('meeting', 'call', 'video', 'message', 'email', 'event', 'introduction', 'note')),
    summary      TEXT    NOT NULL DEFAULT '',
    notes        TEXT    NOT NULL DEFAULT '',
    initiated_by TEXT    CHECK (initiated_by IN ('me', 'them', 'mutual')),
    quality      INTEGER CHECK (quality BETWEEN 1 AND 5),
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    deleted_at   INTEGER,
    CHECK (summary <> '' OR notes <> '')
) STRICT;
CREATE INDEX interaction_by_time ON interaction (occurred_at);
CREATE INDEX interaction_deleted ON interaction (deleted_at) WHERE deleted_at IS NOT NULL;

-- occurred_at and deleted are copies of the interaction's, kept by triggers, so a
-- timeline page and a contact's last interaction each read one index range.
CREATE TABLE interaction_participant (
    interaction_id INTEGER NOT NULL REFERENCES interaction (id) ON DELETE CASCADE,
    contact_id     INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    occurred_at    INTEGER NOT NULL,
    deleted        INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (interaction_id, contact_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX participant_timeline ON interaction_participant (contact_id, deleted, occurred_at DESC, interaction_id);

-- Help given or received in an interaction: by whom, to whom, resolving which ask.
CREATE TABLE help (
    id             INTEGER PRIMARY KEY,
    interaction_id INTEGER NOT NULL REFERENCES interaction (id) ON DELETE CASCADE,
    giver_id       INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    receiver_id    INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    text           TEXT    NOT NULL CHECK (length(text) > 0),
    ask_id         INTEGER REFERENCES ask (id) ON DELETE SET NULL,
    CHECK (giver_id <> receiver_id)
) STRICT;
CREATE INDEX help_by_interaction ON help (interaction_id);
CREATE INDEX help_by_giver ON help (giver_id);
CREATE INDEX help_by_receiver ON help (receiver_id);

-- Reminders: dated follow-ups (manual, from a promise in an interaction, from a date, or
-- accepted from the engine).
CREATE TABLE reminder (
    id             INTEGER PRIMARY KEY,
    contact_id     INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    due_on         TEXT    NOT NULL,
    text           TEXT    NOT NULL CHECK (length(text) > 0),
    source         TEXT    NOT NULL CHECK (source IN ('manual', 'promise', 'date', 'engine')),
    interaction_id INTEGER REFERENCES interaction (id) ON DELETE CASCADE,
    status         TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'snoozed', 'dismissed')),
    snoozed_until  TEXT,
    created_at     INTEGER NOT NULL,
    resolved_at    INTEGER
) STRICT;
CREATE INDEX reminder_due ON reminder (status, due_on);
CREATE INDEX reminder_by_contact ON reminder (contact_id, status);

-- Keeping the copies in step ---------------------------------------------------------------
CREATE TRIGGER participant_added AFTER INSERT ON interaction_participant BEGIN
    UPDATE contact SET last_interaction_at = (
        SELECT max(occurred_at) FROM interaction_participant
        WHERE contact_id = NEW.contact_id AND deleted = 0
    ) WHERE id = NEW.contact_id;
END;
CREATE TRIGGER participant_removed AFTER DELETE ON interaction_participant BEGIN
    UPDATE contact SET last_interaction_at = (
        SELECT max(occurred_at) FROM interaction_participant
        WHERE contact_id = OLD.contact_id AND deleted = 0
    ) WHERE id = OLD.contact_id;
END;
CREATE TRIGGER interaction_moved AFTER UPDATE OF occurred_at, deleted_at ON interaction BEGIN
    UPDATE interaction_participant
    SET occurred_at = NEW.occurred_at, deleted = (NEW.deleted_at IS NOT NULL)
    WHERE interaction_id = NEW.id;
    UPDATE contact SET last_interaction_at = (
        SELECT max(p.occurred_at) FROM interaction_participant p
        WHERE p.contact_id = contact.id AND p.deleted = 0
    ) WHERE id IN (SELECT contact_id FROM interaction_participant WHERE interaction_id = NEW.id);
END;

-- Full-text search ---------------------------------------------------------------------------
-- One index over contacts, interactions and asks. rowid = id * 4 + kind (0 contact,
-- 1 interaction, 2 ask), so triggers find a row's entry without a lookup table. Prefix indexes
-- make search-as-you-type ("an*") fast.
CREATE VIRTUAL TABLE search_index USING fts5(
    title, body,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '1 2 3'
);

CREATE TRIGGER contact_search_insert AFTER INSERT ON contact BEGIN
    INSERT INTO search_index (rowid, title, body) VALUES (
        NEW.id * 4,
        NEW.name,
        concat_ws(' ', NEW.company, NEW.role, NEW.location, NEW.met_how, NEW.notes)
    );
END;
CREATE TRIGGER contact_search_update AFTER UPDATE OF name, company, role, location, met_how, notes ON contact BEGIN
    DELETE FROM search_index WHERE rowid = OLD.id * 4;
    INSERT INTO search_index (rowid, title, body) VALUES (
        NEW.id * 4,
        NEW.name,
        concat_ws(' ', NEW.company, NEW.role, NEW.location, NEW.met_how, NEW.notes)
    );
END;
CREATE TRIGGER contact_search_delete AFTER DELETE ON contact BEGIN
    DELETE FROM search_index WHERE rowid = OLD.id * 4;
END;

CREATE TRIGGER interaction_search_insert AFTER INSERT ON interaction BEGIN
    INSERT INTO search_index (rowid, title, body) VALUES (NEW.id * 4 + 1, NEW.summary, NEW.notes);
END;
CREATE TRIGGER interaction_search_update AFTER UPDATE OF summary, notes ON interaction BEGIN
    DELETE FROM search_index WHERE rowid = OLD.id * 4 + 1;
    INSERT INTO search_index (rowid, title, body) VALUES (NEW.id * 4 + 1, NEW.summary, NEW.notes);
END;
CREATE TRIGGER interaction_search_delete AFTER DELETE ON interaction BEGIN
    DELETE FROM search_index WHERE rowid = OLD.id * 4 + 1;
END;

CREATE TRIGGER ask_search_insert AFTER INSERT ON ask BEGIN
    INSERT INTO search_index (rowid, title, body) VALUES (NEW.id * 4 + 2, NEW.text, '');
END;
CREATE TRIGGER ask_search_update AFTER UPDATE OF text ON ask BEGIN
    DELETE FROM search_index WHERE rowid = OLD.id * 4 + 2;
    INSERT INTO search_index (rowid, title, body) VALUES (NEW.id * 4 + 2, NEW.text, '');
END;
CREATE TRIGGER ask_search_delete AFTER DELETE ON ask BEGIN
    DELETE FROM search_index WHERE rowid = OLD.id * 4 + 2;
END;

INSERT INTO search_index (rowid, title, body)
SELECT id * 4, name, concat_ws(' ', company, role) FROM contact;
