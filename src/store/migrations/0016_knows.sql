-- Schema 16: who knows whom, inferred (issue 19). Two contacts who took part in the same live
-- interaction know each other; `shared` is how many such interactions they have, `first_at`
-- and `last_at` the first and newest (ms). One row per pair, the smaller id first. Kept by the
-- triggers below through every write path; a batch written with triggers off
-- (`interactions::insert_participants`) adds its pairs itself (`store::knows`). The map links
-- people by it and the engine reads from it who already knows whom, instead of joining a
-- contact's whole history each time.
CREATE TABLE knows (
    a        INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    b        INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    shared   INTEGER NOT NULL CHECK (shared > 0),
    first_at INTEGER NOT NULL,
    last_at  INTEGER NOT NULL,
    PRIMARY KEY (a, b),
    CHECK (a < b)
) STRICT, WITHOUT ROWID;
CREATE INDEX knows_by_b ON knows (b);

INSERT INTO knows (a, b, shared, first_at, last_at)
SELECT p.contact_id, q.contact_id, count(*), min(p.occurred_at), max(p.occurred_at)
  FROM interaction_participant p
  JOIN interaction_participant q
    ON q.interaction_id = p.interaction_id AND q.contact_id > p.contact_id AND q.deleted = 0
 WHERE p.deleted = 0
 GROUP BY p.contact_id, q.contact_id;

-- A live participant joins: each pair with the interaction's other live participants gains it.
CREATE TRIGGER knows_joined AFTER INSERT ON interaction_participant WHEN NEW.deleted = 0 BEGIN
    INSERT INTO knows (a, b, shared, first_at, last_at)
    SELECT min(NEW.contact_id, q.contact_id), max(NEW.contact_id, q.contact_id), 1,
           NEW.occurred_at, NEW.occurred_at
      FROM interaction_participant q
     WHERE q.interaction_id = NEW.interaction_id AND q.contact_id <> NEW.contact_id AND q.deleted = 0
        ON CONFLICT (a, b) DO UPDATE SET shared = shared + 1,
           first_at = min(first_at, excluded.first_at), last_at = max(last_at, excluded.last_at);
END;

-- A participant leaves, is trashed with its interaction, comes back or moves in time: each of
-- its pairs with the interaction's other live participants is counted again from the history
-- (a pair left with nothing shared is removed). Run per participant row, so an interaction
-- trashed or moved whole ends right whatever order its rows are updated in.
CREATE TRIGGER knows_left AFTER DELETE ON interaction_participant WHEN OLD.deleted = 0 BEGIN
    DELETE FROM knows WHERE (a, b) IN (
        SELECT min(OLD.contact_id, q.contact_id), max(OLD.contact_id, q.contact_id)
          FROM interaction_participant q
         WHERE q.interaction_id = OLD.interaction_id AND q.contact_id <> OLD.contact_id AND q.deleted = 0);
    INSERT INTO knows (a, b, shared, first_at, last_at)
    SELECT min(x.contact_id, y.contact_id), max(x.contact_id, y.contact_id), count(*),
           min(x.occurred_at), max(x.occurred_at)
      FROM interaction_participant q
      JOIN interaction_participant x ON x.contact_id = OLD.contact_id AND x.deleted = 0
      JOIN interaction_participant y
        ON y.interaction_id = x.interaction_id AND y.contact_id = q.contact_id AND y.deleted = 0
     WHERE q.interaction_id = OLD.interaction_id AND q.contact_id <> OLD.contact_id AND q.deleted = 0
       AND EXISTS (SELECT 1 FROM contact WHERE id = OLD.contact_id)
     GROUP BY q.contact_id;
END;

CREATE TRIGGER knows_moved AFTER UPDATE OF occurred_at, deleted ON interaction_participant
WHEN OLD.deleted = 0 OR NEW.deleted = 0 BEGIN
    DELETE FROM knows WHERE (a, b) IN (
        SELECT min(NEW.contact_id, q.contact_id), max(NEW.contact_id, q.contact_id)
          FROM interaction_participant q
         WHERE q.interaction_id = NEW.interaction_id AND q.contact_id <> NEW.contact_id AND q.deleted = 0);
    INSERT INTO knows (a, b, shared, first_at, last_at)
    SELECT min(x.contact_id, y.contact_id), max(x.contact_id, y.contact_id), count(*),
           min(x.occurred_at), max(x.occurred_at)
      FROM interaction_participant q
      JOIN interaction_participant x ON x.contact_id = NEW.contact_id AND x.deleted = 0
      JOIN interaction_participant y
        ON y.interaction_id = x.interaction_id AND y.contact_id = q.contact_id AND y.deleted = 0
     WHERE q.interaction_id = NEW.interaction_id AND q.contact_id <> NEW.contact_id AND q.deleted = 0
     GROUP BY q.contact_id;
END;
