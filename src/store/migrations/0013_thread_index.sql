-- Schema 13: an item whose thread is its own key (every calendar occurrence, a mail thread's
-- first message, a call) is no longer in the by-thread index: it is found by its key, which
-- is unique. A calendar of 5,000 events writes over 20,000 occurrences, each of which was
-- one more insert into this index at a random place. Queries by thread read both: the
-- index for `thread = ? AND thread <> key`, the key for `key = ? AND thread = key`.

DROP INDEX capture_item_by_thread;
CREATE INDEX capture_item_by_thread ON capture_item (thread, occurred_at) WHERE thread <> key;
