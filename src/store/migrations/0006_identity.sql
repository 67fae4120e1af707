-- Schema 6: who is who. What an address book holds is kept faithfully (the parts of a name,
-- a nickname, the department, every title and role, postal addresses, every type of an email
-- or phone), a LinkedIn connection is a date on the person rather than an interaction, and
-- every email, phone and profile link is an identity that imports and capture sources match
-- through. Merges and imports are recorded so that they can be undone.

-- Contacts ---------------------------------------------------------------------------------
ALTER TABLE contact ADD COLUMN name_prefix TEXT;
ALTER TABLE contact ADD COLUMN given_name TEXT;
ALTER TABLE contact ADD COLUMN additional_names TEXT;
ALTER TABLE contact ADD COLUMN family_name TEXT;
ALTER TABLE contact ADD COLUMN name_suffix TEXT;
ALTER TABLE contact ADD COLUMN nickname TEXT;
ALTER TABLE contact ADD COLUMN department TEXT;
-- The day the user connected with them (LinkedIn's "Connected On"): a fact, not a conversation.
ALTER TABLE contact ADD COLUMN connected_on TEXT;

-- TYPE parameters as written (lowercase, comma-separated: 'work,voice,pref'); the normalised
-- value an identity is kept under (NULL when the value cannot identify anyone).
ALTER TABLE contact_channel ADD COLUMN types TEXT NOT NULL DEFAULT '';
ALTER TABLE contact_channel ADD COLUMN normalized TEXT;

-- Titles and roles beyond the contact's role (vCard TITLE and ROLE), in their order.
CREATE TABLE contact_title (
    id         INTEGER PRIMARY KEY,
    contact_id INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    kind       TEXT    NOT NULL CHECK (kind IN ('title', 'role')),
    value      TEXT    NOT NULL CHECK (length(value) > 0),
    position   INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX contact_title_by_contact ON contact_title (contact_id, position);

-- Postal addresses (vCard ADR: its seven parts), with a label and the types as written.
CREATE TABLE contact_address (
    id         INTEGER PRIMARY KEY,
    contact_id INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    label      TEXT,
    types      TEXT    NOT NULL DEFAULT '',
    po_box     TEXT,
    extended   TEXT,
    street     TEXT,
    locality   TEXT,
    region     TEXT,
    postcode   TEXT,
    country    TEXT,
    position   INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX contact_address_by_contact ON contact_address (contact_id, position);

-- Identities -------------------------------------------------------------------------------
-- One row per normalised email, phone (E.164) or profile link, kept by the triggers below from
-- the contacts' channels: contact_id is the one contact that has it, or NULL when several do
-- (a shared family or office address identifies nobody on its own).
CREATE TABLE identity (
    kind       TEXT    NOT NULL CHECK (kind IN ('email', 'phone', 'link')),
    value      TEXT    NOT NULL CHECK (length(value) > 0),
    contact_id INTEGER REFERENCES contact (id) ON DELETE SET NULL,
    PRIMARY KEY (kind, value)
) STRICT, WITHOUT ROWID;
CREATE INDEX identity_by_contact ON identity (contact_id) WHERE contact_id IS NOT NULL;
CREATE INDEX contact_channel_by_normalized ON contact_channel (kind, normalized) WHERE normalized IS NOT NULL;

CREATE TRIGGER identity_channel_added AFTER INSERT ON contact_channel
WHEN new.normalized IS NOT NULL BEGIN
    INSERT INTO identity (kind, value, contact_id) VALUES (new.kind, new.normalized, new.contact_id)
    ON CONFLICT (kind, value) DO UPDATE SET contact_id =
        CASE WHEN identity.contact_id = excluded.contact_id THEN identity.contact_id END;
END;

CREATE TRIGGER identity_channel_removed AFTER DELETE ON contact_channel
WHEN old.normalized IS NOT NULL BEGIN
    DELETE FROM identity WHERE kind = old.kind AND value = old.normalized;
    INSERT INTO identity (kind, value, contact_id)
        SELECT old.kind, old.normalized,
               CASE WHEN count(DISTINCT contact_id) = 1 THEN min(contact_id) END
        FROM contact_channel WHERE kind = old.kind AND normalized = old.normalized
        HAVING count(*) > 0;
END;

-- Two contacts the user said are not the same person (a < b): never offered as duplicates again.
CREATE TABLE not_duplicate (
    a          INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    b          INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    decided_at INTEGER NOT NULL,
    PRIMARY KEY (a, b),
    CHECK (a < b)
) STRICT, WITHOUT ROWID;

-- Imports and merges, recorded to be undone --------------------------------------------------
CREATE TABLE import_record (
    id        INTEGER PRIMARY KEY,
    at        INTEGER NOT NULL,
    path      TEXT    NOT NULL,
    format    TEXT    NOT NULL,
    created   INTEGER NOT NULL DEFAULT 0,
    merged    INTEGER NOT NULL DEFAULT 0,
    undone_at INTEGER
) STRICT;

-- A contact an import created (before and after are NULL) or changed: the contact as it was
-- before and as the import left it (JSON), so that undoing the import takes back only what
-- it wrote.
CREATE TABLE import_change (
    import_id  INTEGER NOT NULL REFERENCES import_record (id) ON DELETE CASCADE,
    contact_id INTEGER NOT NULL,
    before     TEXT,
    after      TEXT,
    PRIMARY KEY (import_id, contact_id)
) STRICT, WITHOUT ROWID;

-- A merge of `other` into `kept`: both contacts as they were (JSON), what moved from `other`
-- (its interactions, asks, help, reminders, introductions: JSON), and whether it was undone.
CREATE TABLE merge_record (
    id        INTEGER PRIMARY KEY,
    kept_id   INTEGER NOT NULL,
    other_id  INTEGER NOT NULL,
    at        INTEGER NOT NULL,
    import_id INTEGER REFERENCES import_record (id) ON DELETE SET NULL,
    kept      TEXT    NOT NULL,
    other     TEXT    NOT NULL,
    moved     TEXT    NOT NULL,
    undone_at INTEGER
) STRICT;
CREATE INDEX merge_record_by_kept ON merge_record (kept_id, at);

-- A LinkedIn connection was logged as an interaction before this schema: it becomes the
-- contact's connected_on, and the interaction goes (only one Kith wrote itself: an event
-- "Connected on LinkedIn" with no notes, no help and one participant).
CREATE TEMP TABLE linkedin_connected AS
    SELECT i.id AS interaction_id, p.contact_id, date(i.occurred_at / 1000, 'unixepoch') AS day
    FROM interaction i JOIN interaction_participant p ON p.interaction_id = i.id
    WHERE i.kind = 'event' AND i.summary = 'Connected on LinkedIn' AND i.notes = ''
      AND NOT EXISTS (SELECT 1 FROM help h WHERE h.interaction_id = i.id)
      AND (SELECT count(*) FROM interaction_participant q WHERE q.interaction_id = i.id) = 1;
UPDATE contact SET connected_on =
    (SELECT min(day) FROM linkedin_connected l WHERE l.contact_id = contact.id)
WHERE id IN (SELECT contact_id FROM linkedin_connected);
DELETE FROM interaction WHERE id IN (SELECT interaction_id FROM linkedin_connected);
DROP TABLE linkedin_connected;
