-- Schema 4: a contact's photo, as imported from a vCard (at most 1 MB, kept out of the
-- contact row so lists never read it).
CREATE TABLE contact_photo (
    contact_id INTEGER PRIMARY KEY REFERENCES contact (id) ON DELETE CASCADE,
    mime       TEXT    NOT NULL CHECK (mime LIKE 'image/%'),
    data       BLOB    NOT NULL CHECK (length(data) BETWEEN 1 AND 1048576)
) STRICT;
