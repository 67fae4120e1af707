-- Schema 3: the follow-up engine. The user's answers to suggestions (so the engine learns),
-- the engine's settings, and when a contact took up an interest (for "you now both like X").
-- Timestamps are Unix milliseconds (UTC); calendar dates are 'YYYY-MM-DD' text.

CREATE TABLE suggestion_feedback (
    id         INTEGER PRIMARY KEY,
    contact_id INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    lane       TEXT    NOT NULL CHECK (lane IN ('reachOut', 'reconnect', 'help')),
    action     TEXT    NOT NULL CHECK (action IN ('done', 'snoozed', 'dismissed')),
    until      TEXT,
    at         INTEGER NOT NULL,
    CHECK (action <> 'snoozed' OR until IS NOT NULL)
) STRICT;
CREATE INDEX suggestion_feedback_by_time ON suggestion_feedback (at);
CREATE INDEX suggestion_feedback_snoozed ON suggestion_feedback (until) WHERE action = 'snoozed';

-- One row per setting the user changed; absent keys take their defaults (see store/settings.rs).
CREATE TABLE setting (
    key   TEXT NOT NULL PRIMARY KEY,
    value TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- NULL for interests taken up before schema 3: not "new".
ALTER TABLE contact_interest ADD COLUMN added_at INTEGER;
