-- Schema 11: what the queue of people not in Kith shows of each address (how many messages
-- each way, meetings, first and last time, the name it went by last) is kept per address as
-- items are stored and removed, instead of being added up over every captured message each
-- time Today or Settings asks (0.4 s over 100,000 messages). Triggers keep it: an address put
-- on an item adds to its counts; one taken off (an item changed or removed) has its counts
-- added up again from what is left. A source's items are indexed by time, and the text of
-- messages is kept for the sources where the person asks for it.

CREATE TABLE capture_address_stat (
    email    TEXT    PRIMARY KEY,
    -- Emails the person wrote with this address on them; emails it wrote; meetings with it.
    sent     INTEGER NOT NULL,
    received INTEGER NOT NULL,
    met      INTEGER NOT NULL,
    first_at INTEGER NOT NULL,
    last_at  INTEGER NOT NULL,
    -- The name it went by on the newest item that gives one, and that item's time.
    name     TEXT,
    name_at  INTEGER
) STRICT, WITHOUT ROWID;

INSERT INTO capture_address_stat (email, sent, received, met, first_at, last_at, name, name_at)
SELECT a.email,
       sum(i.kind = 'email' AND i.from_me = 1),
       sum(i.kind = 'email' AND a.role = 'from'),
       sum(i.kind <> 'email'),
       min(i.occurred_at), max(i.occurred_at),
       substr(max(CASE WHEN a.name <> '' THEN printf('%020d', i.occurred_at) || a.name END), 21),
       max(CASE WHEN a.name <> '' THEN i.occurred_at END)
FROM capture_address a JOIN capture_item i ON i.id = a.item_id
GROUP BY a.email;

CREATE TRIGGER capture_address_stat_add AFTER INSERT ON capture_address
BEGIN
    INSERT INTO capture_address_stat (email, sent, received, met, first_at, last_at, name, name_at)
    SELECT NEW.email,
           i.kind = 'email' AND i.from_me = 1,
           i.kind = 'email' AND NEW.role = 'from',
           i.kind <> 'email',
           i.occurred_at, i.occurred_at,
           nullif(NEW.name, ''),
           CASE WHEN NEW.name <> '' THEN i.occurred_at END
    FROM capture_item i WHERE i.id = NEW.item_id
    ON CONFLICT (email) DO UPDATE SET
        sent = sent + excluded.sent,
        received = received + excluded.received,
        met = met + excluded.met,
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
    INSERT INTO capture_address_stat (email, sent, received, met, first_at, last_at, name, name_at)
    SELECT a.email,
           sum(i.kind = 'email' AND i.from_me = 1),
           sum(i.kind = 'email' AND a.role = 'from'),
           sum(i.kind <> 'email'),
           min(i.occurred_at), max(i.occurred_at),
           substr(max(CASE WHEN a.name <> '' THEN printf('%020d', i.occurred_at) || a.name END), 21),
           max(CASE WHEN a.name <> '' THEN i.occurred_at END)
    FROM capture_address a JOIN capture_item i ON i.id = a.item_id
    WHERE a.email = OLD.email
    GROUP BY a.email;
END;

-- A source's items by time: what came due since its last read (an upcoming meeting that has
-- passed) and what is upcoming are read by range, not over every item of the source.
DROP INDEX capture_item_by_source;
CREATE INDEX capture_item_by_source_time ON capture_item (source_id, occurred_at);

-- The text of messages is kept only from sources where the person turned it on (off unless
-- asked); turned off, what was kept is erased.
ALTER TABLE source ADD COLUMN keep_text INTEGER NOT NULL DEFAULT 0 CHECK (keep_text IN (0, 1));
ALTER TABLE capture_item ADD COLUMN body TEXT;
