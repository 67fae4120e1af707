-- Schema 15: search finds people by their interests, and emoji and symbols (issue 20).
-- The index is made again with a tokenizer that keeps symbols (Unicode's So, Sc, Sm, Sk:
-- "☕", "🎉", "€", "→") as words of their own; the ASCII ones stay separators, as the
-- query parser splits words at them ("$100" is found by "100"). Its entries are then written
-- again by the migration's Rust step (store/search.rs, `rebuild`): a contact's now holds its
-- interests' names, and every entry's text has its symbols set apart from the words they are
-- written against (`search_text`).
DROP TABLE search_index;
CREATE VIRTUAL TABLE search_index USING fts5(
    title, body,
    tokenize = "unicode61 remove_diacritics 2 categories 'L* N* Co So Sc Sm Sk' separators '$+<=>^`|~'",
    prefix = '1 2 3'
);
