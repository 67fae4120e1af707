-- Schema 17: the index contact_channel_by_value (kind, value COLLATE NOCASE), from schema 2, is
-- read by no query: since schema 6 channels are found by their identity value (`identity`,
-- `contact_channel_by_normalized`) and since schema 9 an import looks them up by their match
-- key (`contact_channel_by_match_key`). Every channel written still paid for it: a tenth of the
-- time of writing 10,000 contacts' emails and phones with their identities (measured with the
-- same rows inserted into the schema 16 tables with and without it).
DROP INDEX contact_channel_by_value;
