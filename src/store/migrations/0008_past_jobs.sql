-- Jobs a contact held before (schema 8): when an import brings a new company for someone
-- (a job change: same person, new employer), the company and role they had move here, so
-- nothing is lost and the person page can say where they were before.
CREATE TABLE contact_past_job (
    id         INTEGER PRIMARY KEY,
    contact_id INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    company    TEXT    NOT NULL CHECK (length(company) > 0),
    role       TEXT,
    -- The day Kith learned they had moved on (YYYY-MM-DD), when known.
    until_on   TEXT,
    position   INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX contact_past_job_by_contact ON contact_past_job (contact_id, position);
