-- Schema 9: what an import looks people up by, stored with each contact and channel, so that
-- matching a file against a large database reads the few candidates of each record through an
-- index instead of loading every contact first. Both columns are computed in Rust (see
-- identity::name_key and identity::normalize::match_key) by the store's write functions; the
-- migration's Rust step fills them for the rows already there.
ALTER TABLE contact ADD COLUMN name_key TEXT NOT NULL DEFAULT '';
CREATE INDEX contact_by_name_key ON contact (name_key) WHERE deleted_at IS NULL;

ALTER TABLE contact_channel ADD COLUMN match_key TEXT NOT NULL DEFAULT '';
CREATE INDEX contact_channel_by_match_key ON contact_channel (kind, match_key);
