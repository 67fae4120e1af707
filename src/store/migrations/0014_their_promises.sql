-- Schema 14: a promise logged with an interaction can be theirs as well as mine. A reminder
-- from a promise the contact made has the source 'their_promise' ('promise' stays the
-- user's own). The table is rebuilt to widen its CHECK; every row and id is kept.
CREATE TABLE reminder_new (
    id             INTEGER PRIMARY KEY,
    contact_id     INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    due_on         TEXT    NOT NULL,
    text           TEXT    NOT NULL CHECK (length(text) > 0),
    source         TEXT    NOT NULL CHECK (source IN ('manual', 'promise', 'their_promise', 'date', 'engine')),
    interaction_id INTEGER REFERENCES interaction (id) ON DELETE CASCADE,
    status         TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'snoozed', 'dismissed')),
    snoozed_until  TEXT,
    created_at     INTEGER NOT NULL,
    resolved_at    INTEGER
) STRICT;
INSERT INTO reminder_new (id, contact_id, due_on, text, source, interaction_id, status,
                          snoozed_until, created_at, resolved_at)
    SELECT id, contact_id, due_on, text, source, interaction_id, status,
           snoozed_until, created_at, resolved_at
    FROM reminder;
DROP TABLE reminder;
ALTER TABLE reminder_new RENAME TO reminder;
CREATE INDEX reminder_due ON reminder (status, due_on);
CREATE INDEX reminder_by_contact ON reminder (contact_id, status);
