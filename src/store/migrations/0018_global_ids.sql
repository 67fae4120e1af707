-- Global ids (see store::gid): every row of the replicated tables gets a UUID that is the same
-- on every device. ADD COLUMN cannot take a computed default, so the column is nullable here;
-- the migration's Rust step fills every existing row, and every insert writes one.
ALTER TABLE contact ADD COLUMN gid TEXT;
ALTER TABLE interaction ADD COLUMN gid TEXT;
ALTER TABLE ask ADD COLUMN gid TEXT;
ALTER TABLE interest ADD COLUMN gid TEXT;
ALTER TABLE relationship ADD COLUMN gid TEXT;
ALTER TABLE reminder ADD COLUMN gid TEXT;

CREATE UNIQUE INDEX contact_by_gid ON contact (gid);
CREATE UNIQUE INDEX interaction_by_gid ON interaction (gid);
CREATE UNIQUE INDEX ask_by_gid ON ask (gid);
CREATE UNIQUE INDEX interest_by_gid ON interest (gid);
CREATE UNIQUE INDEX relationship_by_gid ON relationship (gid);
CREATE UNIQUE INDEX reminder_by_gid ON reminder (gid);
