-- Schema 7: the full-text index is kept by the store's write functions instead of triggers
-- (see store/search.rs). A trigger made every INSERT of a contact a statement with a
-- savepoint, at which FTS5 writes its pending data out: an import of 10,000 contacts wrote
-- 10,000 tiny index segments and merged them again and again. The entries stay what the
-- triggers wrote (rowid = id * 4 + kind; the same title and body).
DROP TRIGGER contact_search_insert;
DROP TRIGGER contact_search_update;
DROP TRIGGER contact_search_delete;
DROP TRIGGER interaction_search_insert;
DROP TRIGGER interaction_search_update;
DROP TRIGGER interaction_search_delete;
DROP TRIGGER ask_search_insert;
DROP TRIGGER ask_search_update;
DROP TRIGGER ask_search_delete;

-- Likewise the identity of an inserted channel (store/contacts.rs, insert_channel): the trigger
-- made each INSERT of a channel a statement with its own journal. The trigger that keeps the
-- identities when a channel is deleted stays (deletes also come from ON DELETE CASCADE).
DROP TRIGGER identity_channel_added;
