-- Schema 12: phone and chat exports as sources (issue 17): Android calls and texts (SMS
-- Backup & Restore), WhatsApp, Telegram, LinkedIn messages and Signal. Their calls and
-- messages are capture items like mail and meetings; the people on them are addresses of
-- their own kind (`tel:+E164`, `whatsapp:<name>`, `telegram:<id>`, `linkedin:<profile URL>`,
-- `signal:<number or name>`), kept in `capture_address.email`, which holds any normalised
-- address from now on.
--
-- SQLite cannot change a CHECK: `source` and `capture_item` are rebuilt (new table, copy,
-- drop, rename, indexes again). The migration runner turns foreign keys off around this step
-- (dropping `source` with them on would delete every item and unlink every interaction it
-- made) and runs `PRAGMA foreign_key_check` before it commits.
--
-- The new CHECKs are chains of `=` joined by OR, not `IN (…)`: SQLite builds a temporary
-- table for every `IN` list of more than two constants, on every row inserted, which was a
-- real share of the time capture spends writing its items.

DROP TRIGGER capture_address_stat_add;
DROP TRIGGER capture_address_stat_remove;

CREATE TABLE source_new (
    id        INTEGER PRIMARY KEY,
    kind      TEXT    NOT NULL CHECK (kind = 'ics' OR kind = 'mbox' OR kind = 'maildir'
                                      OR kind = 'sms-backup' OR kind = 'whatsapp'
                                      OR kind = 'telegram' OR kind = 'linkedin-messages'
                                      OR kind = 'signal'),
    path      TEXT    NOT NULL UNIQUE,
    added_at  INTEGER NOT NULL,
    read_at   INTEGER,
    cursor    TEXT    NOT NULL DEFAULT '{}',
    status    TEXT    NOT NULL DEFAULT 'ok'
                      CHECK (status = 'ok' OR status = 'missing' OR status = 'unreadable'),
    message   TEXT,
    report    TEXT    NOT NULL DEFAULT '{}',
    keep_text INTEGER NOT NULL DEFAULT 0 CHECK (keep_text = 0 OR keep_text = 1),
    -- What the person said about the file that the file does not say (JSON): which name in a
    -- chat export is theirs, the order of day and month in a WhatsApp export's dates.
    options   TEXT    NOT NULL DEFAULT '{}'
) STRICT;
INSERT INTO source_new (id, kind, path, added_at, read_at, cursor, status, message, report,
                        keep_text)
SELECT id, kind, path, added_at, read_at, cursor, status, message, report, keep_text
FROM source;
DROP TABLE source;
ALTER TABLE source_new RENAME TO source;

-- Calls ('call'), chat messages and texts ('message'); 'missed-call' is allowed for a later
-- reader that keeps missed calls, which are never settled into interactions.
CREATE TABLE capture_item_new (
    id          INTEGER PRIMARY KEY,
    source_id   INTEGER NOT NULL REFERENCES source (id) ON DELETE CASCADE,
    key         TEXT    NOT NULL UNIQUE,
    kind        TEXT    NOT NULL CHECK (kind = 'email' OR kind = 'meeting' OR kind = 'video'
                                        OR kind = 'event' OR kind = 'call' OR kind = 'message'
                                        OR kind = 'missed-call'),
    occurred_at INTEGER NOT NULL,
    has_time    INTEGER NOT NULL DEFAULT 1 CHECK (has_time = 0 OR has_time = 1),
    thread      TEXT    NOT NULL,
    subject     TEXT    NOT NULL DEFAULT '',
    from_me     INTEGER NOT NULL CHECK (from_me = 0 OR from_me = 1),
    body        TEXT,
    -- A call the person placed within a day of the other person's missed call: the other
    -- person started that conversation.
    them_first  INTEGER NOT NULL DEFAULT 0 CHECK (them_first = 0 OR them_first = 1)
) STRICT;
INSERT INTO capture_item_new (id, source_id, key, kind, occurred_at, has_time, thread, subject,
                              from_me, body)
SELECT id, source_id, key, kind, occurred_at, has_time, thread, subject, from_me, body
FROM capture_item;
DROP TABLE capture_item;
ALTER TABLE capture_item_new RENAME TO capture_item;
CREATE INDEX capture_item_by_thread ON capture_item (thread, occurred_at);
CREATE INDEX capture_item_by_source_time ON capture_item (source_id, occurred_at);

-- Calls with each address, for the queue ("3 calls"); messages count as `sent`/`received`
-- like emails, meetings (not calls) as `met`.
ALTER TABLE capture_address_stat ADD COLUMN calls INTEGER NOT NULL DEFAULT 0;

CREATE TRIGGER capture_address_stat_add AFTER INSERT ON capture_address
BEGIN
    INSERT INTO capture_address_stat
        (email, sent, received, met, calls, first_at, last_at, name, name_at)
    SELECT NEW.email,
           (i.kind = 'email' OR i.kind = 'message') AND i.from_me = 1,
           (i.kind = 'email' OR i.kind = 'message') AND NEW.role = 'from',
           i.kind = 'meeting' OR i.kind = 'video' OR i.kind = 'event',
           i.kind = 'call',
           i.occurred_at, i.occurred_at,
           nullif(NEW.name, ''),
           CASE WHEN NEW.name <> '' THEN i.occurred_at END
    FROM capture_item i WHERE i.id = NEW.item_id
    ON CONFLICT (email) DO UPDATE SET
        sent = sent + excluded.sent,
        received = received + excluded.received,
        met = met + excluded.met,
        calls = calls + excluded.calls,
        first_at = min(first_at, excluded.first_at),
        last_at = max(last_at, excluded.last_at),
        name = CASE WHEN excluded.name_at >= coalesce(name_at, excluded.name_at)
                    THEN excluded.name ELSE name END,
        name_at = CASE WHEN excluded.name_at >= coalesce(name_at, excluded.name_at)
                       THEN excluded.name_at ELSE name_at END;
END;

CREATE TRIGGER capture_address_stat_remove AFTER DELETE ON capture_address
BEGIN
    DELETE FROM capture_address_stat WHERE email = OLD.email;
    INSERT INTO capture_address_stat
        (email, sent, received, met, calls, first_at, last_at, name, name_at)
    SELECT a.email,
           sum((i.kind = 'email' OR i.kind = 'message') AND i.from_me = 1),
           sum((i.kind = 'email' OR i.kind = 'message') AND a.role = 'from'),
           sum(i.kind = 'meeting' OR i.kind = 'video' OR i.kind = 'event'),
           sum(i.kind = 'call'),
           min(i.occurred_at), max(i.occurred_at),
           substr(max(CASE WHEN a.name <> '' THEN printf('%020d', i.occurred_at) || a.name END), 21),
           max(CASE WHEN a.name <> '' THEN i.occurred_at END)
    FROM capture_address a JOIN capture_item i ON i.id = a.item_id
    WHERE a.email = OLD.email
    GROUP BY a.email;
END;

-- A chat name (WhatsApp, Telegram, Signal without a number, LinkedIn without a URL) the
-- person linked to a contact from the queue. A display name is no identity (not unique, not
-- stable), so it is no contact channel: it only says whom this name on these exports meant.
CREATE TABLE capture_alias (
    address    TEXT    PRIMARY KEY,
    contact_id INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    linked_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX capture_alias_by_contact ON capture_alias (contact_id);
