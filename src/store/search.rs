//! Full-text search over contacts, interactions and asks (the `search_index` FTS5 table of
//! migration 0002), and the writes that keep that index in step with its tables.
//!
//! The store's write functions keep the index themselves, in the transaction that changes the
//! rows (since migration 0007; triggers did before). A trigger made every INSERT of a contact
//! a statement with a savepoint, and FTS5 writes out its pending data at every savepoint, so
//! each contact became a tiny segment on disk, merged again and again: a third of an import's
//! time. Batch writers (an import, the seed) write their rows first and the index entries
//! last, in one statement ([`reindex`]). An index entry's rowid is the record's id × 4 + its
//! kind (0 contact, 1 interaction, 2 ask); what it holds is [`Entry::select`]'s. A trashed
//! record keeps its entry (search leaves it out; a restore needs nothing).
//! [`mismatches`] compares the index with what its tables say it should hold.
//!
//! A contact's entry holds its name (the title), its company, role, location, how they met,
//! its interests' names and its notes (the body), so "climbing" finds everyone with the
//! interest Climbing: every write that changes a contact's interests (an edit, a rename or a
//! merge of interests, a merge of contacts...) writes its entry again (since schema 15).
//!
//! Emoji and other symbols (Unicode's So, Sc, Sm and Sk: "☕", "🎉", "€", "→") are words of
//! their own (schema 15): the tokenizer keeps them as token characters (the ASCII ones, `$`,
//! `+`, `<`, `=`, `>`, `^`, `` ` ``, `|` and `~`, stay separators, as the query parser splits
//! words at them), and a symbol written against a word or another symbol ("Congrats🎉",
//! "☕coffee", "€100") is set apart from it in the indexed text by a zero-width space
//! ([`search_text`], the SQL function `search_text` of every connection), so that "🎉" and
//! "congrats" each find "Congrats🎉". What belongs to one emoji stays with it: a skin tone
//! ("👍🏽" is one word, which "👍" finds as a prefix), a flag's two letters; a variation
//! selector ("❤️" is "❤" and U+FE0F) and the joiner of a sequence ("👨‍👩‍👧") are separators, so
//! "❤" and "❤️" find each other and a sequence is found as the phrase of its emoji. Snippets
//! leave the inserted spaces out.
//!
//! Every word the user types is matched as a prefix ("ana ru" finds "Ana Ruiz"), so search
//! works as they type. Words are quoted before they reach FTS5, so no input is a syntax error.

use std::borrow::Cow;

use rusqlite::functions::FunctionFlags;
use rusqlite::types::{Value, ValueRef};
use rusqlite::{params, Connection};

use crate::error::Result;
use crate::model::{ContactRef, SearchHit, SearchKind};
use crate::store::codec::{self, opt_from_millis};

/// The FTS5 query for what the user typed: every word as a quoted prefix, all required.
/// `None` when there is nothing to search for.
pub fn prefix_query(input: &str) -> Option<String> {
    let terms: Vec<String> = input
        // Control characters separate words too: FTS5 reads its query as a C string, so a
        // NUL inside a quoted word would leave the quote unterminated (a syntax error).
        .split(|c: char| {
            c.is_whitespace()
                || c.is_control()
                || (c.is_ascii_punctuation() && c != '\'' && c != '-')
        })
        .map(|w| w.trim_matches(|c: char| c == '\'' || c == '-'))
        .filter(|w| !w.is_empty())
        .take(16)
        .map(|w| format!("\"{}\"*", search_text(w).replace('"', "\"\"")))
        .collect();
    (!terms.is_empty()).then(|| terms.join(" "))
}

/// Above this many matching records, a search ranks by recency instead of relevance.
pub const COMMON_MATCHES: u32 = 2000;

/// The best `limit` matches of `input` among live records, best first.
///
/// Up to [`COMMON_MATCHES`] matching records are ranked by bm25, titles (names, summaries)
/// weighing more than bodies (notes). A term in more records than that (a word in most notes,
/// the first letters of a common word) is not ranked: bm25 over a million matches takes
/// seconds and says little. Then contacts that match come first (in name order), then the
/// newest interactions and asks, found by walking the index from its newest entry and
/// stopping at `limit`. Either way the text around the match (the snippet) is computed only
/// for the hits returned.
pub fn list_search_hits(conn: &Connection, input: &str, limit: u32) -> Result<Vec<SearchHit>> {
    let Some(query) = prefix_query(input) else {
        return Ok(Vec::new());
    };
    let matches: u32 = conn
        .prepare_cached(
            "SELECT count(*) FROM (SELECT 1 FROM search_index WHERE search_index MATCH ?1 LIMIT ?2)",
        )?
        .query_row(params![query, COMMON_MATCHES + 1], |r| r.get(0))?;
    let mut hits = if matches <= COMMON_MATCHES {
        ranked_hits(conn, &query, limit)?
    } else {
        recent_hits(conn, &query, limit)?
    };
    let mut snip = conn.prepare_cached(
        "SELECT snippet(search_index, -1, '[', ']', '…', 12) FROM search_index
         WHERE search_index MATCH ?1 AND rowid = ?2",
    )?;
    for (rowid, hit) in &mut hits {
        let snippet: String = snip.query_row(params![query, *rowid], |r| r.get(0))?;
        hit.snippet = if snippet.contains(SYMBOL_BREAK) {
            snippet.replace(SYMBOL_BREAK, "")
        } else {
            snippet
        };
    }
    Ok(hits.into_iter().map(|(_, h)| h).collect())
}

fn kind_of(text: &str) -> SearchKind {
    match text {
        "contact" => SearchKind::Contact,
        "interaction" => SearchKind::Interaction,
        _ => SearchKind::Ask,
    }
}

/// Columns: index rowid, kind, id, contact id, contact name, title, occurred_at.
fn hit_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(i64, SearchHit)> {
    Ok((
        r.get(0)?,
        SearchHit {
            kind: kind_of(&r.get::<_, String>(1)?),
            id: r.get(2)?,
            contact: ContactRef {
                id: r.get(3)?,
                name: r.get(4)?,
            },
            title: r.get(5)?,
            snippet: String::new(),
            occurred_at: opt_from_millis(r.get(6)?),
        },
    ))
}

/// The live record an index entry stands for: `rowid` = id * 4 + kind.
const RECORD: &str = "
    SELECT h.rowid AS hit, 'contact', c.id, c.id, c.name, c.name AS title, NULL
      FROM hits h JOIN contact c ON c.id = h.rowid / 4
     WHERE h.rowid % 4 = 0 AND c.deleted_at IS NULL
    UNION ALL
    SELECT h.rowid, 'interaction', i.id, pc.id, pc.name, i.summary, i.occurred_at
      FROM hits h JOIN interaction i ON i.id = h.rowid / 4
      JOIN contact pc ON pc.id = (
          SELECT p.contact_id FROM interaction_participant p JOIN contact pp ON pp.id = p.contact_id
          WHERE p.interaction_id = i.id AND pp.deleted_at IS NULL ORDER BY pp.is_self, pp.sort_key LIMIT 1)
     WHERE h.rowid % 4 = 1 AND i.deleted_at IS NULL
    UNION ALL
    SELECT h.rowid, 'ask', a.id, c.id, c.name, a.text, NULL
      FROM hits h JOIN ask a ON a.id = h.rowid / 4 JOIN contact c ON c.id = a.contact_id
     WHERE h.rowid % 4 = 2 AND c.deleted_at IS NULL";

fn ranked_hits(conn: &Connection, query: &str, limit: u32) -> Result<Vec<(i64, SearchHit)>> {
    let mut stmt = conn.prepare_cached(&format!(
        "WITH hits AS MATERIALIZED (
             SELECT rowid, bm25(search_index, 4.0, 1.0) AS score
             FROM search_index WHERE search_index MATCH ?1
         ),
         found AS ({RECORD})
         SELECT found.* FROM found JOIN hits ON hits.rowid = found.hit
         ORDER BY hits.score, found.hit LIMIT ?2"
    ))?;
    let rows = stmt.query_map(params![query, limit], hit_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn recent_hits(conn: &Connection, query: &str, limit: u32) -> Result<Vec<(i64, SearchHit)>> {
    // Contacts: their entries sit below 4 × the largest contact id, among older interactions.
    let top: i64 = conn.query_row("SELECT coalesce(max(id), 0) * 4 FROM contact", [], |r| {
        r.get(0)
    })?;
    let mut people = conn.prepare_cached(&format!(
        "WITH hits AS (
             SELECT rowid FROM search_index
             WHERE search_index MATCH ?1 AND rowid <= ?2 AND rowid % 4 = 0 LIMIT ?3
         )
         {RECORD} ORDER BY 6"
    ))?;
    let mut out: Vec<(i64, SearchHit)> = people
        .query_map(params![query, top, limit], hit_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    // Then the newest interactions and asks, a batch at a time until `limit` are live.
    let mut newest = conn.prepare_cached(&format!(
        "WITH hits AS (
             SELECT rowid FROM search_index
             WHERE search_index MATCH ?1 AND rowid < ?2 ORDER BY rowid DESC LIMIT ?3
         )
         {RECORD} ORDER BY 1 DESC"
    ))?;
    let mut below = i64::MAX;
    let batch = i64::from(limit.max(1)) * 4;
    while out.len() < limit as usize {
        let (scanned, last): (i64, Option<i64>) = conn
            .prepare_cached(
                "SELECT count(*), min(rowid) FROM (SELECT rowid FROM search_index
                 WHERE search_index MATCH ?1 AND rowid < ?2 ORDER BY rowid DESC LIMIT ?3)",
            )?
            .query_row(params![query, below, batch], |r| Ok((r.get(0)?, r.get(1)?)))?;
        let found: Vec<(i64, SearchHit)> = newest
            .query_map(params![query, below, batch], hit_from_row)?
            .collect::<rusqlite::Result<_>>()?;
        out.extend(
            found
                .into_iter()
                .filter(|(rowid, _)| rowid % 4 != 0)
                .take(limit as usize - out.len()),
        );
        match last {
            Some(last) if scanned == batch => below = last,
            _ => break,
        }
    }
    Ok(out)
}

/// A kind of record the index holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    Contact,
    Interaction,
    Ask,
}

impl Entry {
    pub const ALL: [Entry; 3] = [Entry::Contact, Entry::Interaction, Entry::Ask];

    /// The kind in the index's rowid (`id * 4 + kind`).
    pub fn kind(self) -> i64 {
        match self {
            Entry::Contact => 0,
            Entry::Interaction => 1,
            Entry::Ask => 2,
        }
    }

    /// `SELECT entry, title, body FROM <table>`: what the index holds for each row (a
    /// `WHERE` on the table's `id` may follow). The definition the triggers of migration 0002
    /// had, with a contact's interests (by name) and symbols set apart ([`search_text`]) since
    /// schema 15.
    pub fn select(self) -> &'static str {
        match self {
            Entry::Contact => {
                "SELECT id * 4 AS entry, search_text(name) AS title, \
                 search_text(concat_ws(' ', company, role, location, met_how, \
                   (SELECT group_concat(n.name, ', ' ORDER BY n.name) \
                      FROM contact_interest ci JOIN interest n ON n.id = ci.interest_id \
                     WHERE ci.contact_id = contact.id), \
                   notes)) AS body FROM contact"
            }
            Entry::Interaction => {
                "SELECT id * 4 + 1 AS entry, search_text(summary) AS title, \
                 search_text(notes) AS body FROM interaction"
            }
            Entry::Ask => {
                "SELECT id * 4 + 2 AS entry, search_text(text) AS title, '' AS body FROM ask"
            }
        }
    }
}

/// Writes the index entry of the new record `id` (no entry of it may exist yet).
pub fn index(conn: &Connection, entry: Entry, id: i64) -> rusqlite::Result<()> {
    conn.prepare_cached(&format!(
        "INSERT INTO search_index (rowid, title, body) {} WHERE id = ?1",
        entry.select()
    ))?
    .execute([id])?;
    Ok(())
}

/// Brings the index entries of the records `ids` in step with their rows: each entry is
/// removed, and written again from its row when the row is there (so a deleted record loses
/// its entry). Many ids take one statement to remove and one to write: called once at the end
/// of a batch, FTS5 writes all of them out at once.
pub fn reindex(conn: &Connection, entry: Entry, ids: &[i64]) -> rusqlite::Result<()> {
    match ids {
        [] => {}
        [id] => {
            conn.prepare_cached("DELETE FROM search_index WHERE rowid = ?1")?
                .execute([id * 4 + entry.kind()])?;
            index(conn, entry, *id)?;
        }
        _ => {
            let list = codec::id_list(ids);
            conn.prepare_cached(
                "DELETE FROM search_index WHERE rowid IN (SELECT value * 4 + ?2 FROM json_each(?1))",
            )?
            .execute(params![list, entry.kind()])?;
            conn.prepare_cached(&format!(
                "INSERT INTO search_index (rowid, title, body)
                 {} WHERE id IN (SELECT value FROM json_each(?1)) ORDER BY id",
                entry.select()
            ))?
            .execute([list])?;
        }
    }
    Ok(())
}

/// [`reindex`] for a batch of many entries (an import's contacts), with FTS5's merging of
/// index segments left for later: FTS5 merges segments a little at every write, and a batch
/// written into a large index did that merging as it went (into 100,000 contacts' entries,
/// 10,000 new ones took 0.28 s with it, 0.08 s without, measured with the rows inserted through
/// Python's `sqlite3`). The batch's entries become one new segment; the next writes go on
/// merging as before (automatic merging is on again when this returns, and FTS5 merges at
/// once when a level reaches 16 segments), so searches are not slowed by more than a segment.
pub fn reindex_many(conn: &Connection, entry: Entry, ids: &[i64]) -> rusqlite::Result<()> {
    let automerge = |n: i64| {
        conn.prepare_cached(
            "INSERT INTO search_index (search_index, rank) VALUES ('automerge', ?1)",
        )?
        .execute([n])
    };
    automerge(0)?;
    let written = reindex(conn, entry, ids);
    // FTS5's default: merge once 4 segments of a level are there.
    automerge(4)?;
    written
}

/// Writes the index entries of every record of `entry`'s table with an id above `after` (none
/// of which may have one yet): for a batch that only added rows (the seed).
pub fn index_after(conn: &Connection, entry: Entry, after: i64) -> rusqlite::Result<()> {
    conn.prepare_cached(&format!(
        "INSERT INTO search_index (rowid, title, body) {} WHERE id > ?1 ORDER BY id",
        entry.select()
    ))?
    .execute([after])?;
    Ok(())
}

/// The largest id of `entry`'s table (0 when it is empty), for [`index_after`].
pub fn max_id(conn: &Connection, entry: Entry) -> Result<i64> {
    let table = match entry {
        Entry::Contact => "contact",
        Entry::Interaction => "interaction",
        Entry::Ask => "ask",
    };
    Ok(conn.query_row(
        &format!("SELECT coalesce(max(id), 0) FROM {table}"),
        [],
        |r| r.get(0),
    )?)
}

/// Empties the index and writes every record's entry again (after a JSON export was
/// restored row by row, and in migration 15, which made the index again).
pub fn rebuild(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM search_index", [])?;
    for entry in Entry::ALL {
        index_after(conn, entry, i64::MIN)?;
    }
    Ok(())
}

/// What sets a symbol apart from the word or symbol it is written against in the indexed
/// text: a zero-width space, a separator to the tokenizer that no one sees.
const SYMBOL_BREAK: char = '\u{200B}';

/// `text` as the index holds it: with a [`SYMBOL_BREAK`] between a symbol and a letter,
/// digit or other symbol it is written against (not before a skin tone, nor inside a flag's
/// pair of letters). Text without symbols comes back as it is.
pub fn search_text(text: &str) -> Cow<'_, str> {
    if text.is_ascii() || !text.chars().any(is_symbol) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut prev: Option<char> = None;
    // Regional indicators read so far in a row: a flag is a pair of them.
    let mut regional = 0usize;
    for c in text.chars() {
        if let Some(p) = prev {
            let apart = match (is_symbol(p), is_symbol(c)) {
                (true, true) => {
                    let flag = is_regional(p) && is_regional(c) && regional % 2 == 1;
                    !(is_skin_tone(c) || flag)
                }
                (true, false) => is_word_char(c),
                (false, true) => is_word_char(p),
                (false, false) => false,
            };
            if apart {
                out.push(SYMBOL_BREAK);
            }
        }
        regional = if is_regional(c) { regional + 1 } else { 0 };
        out.push(c);
        prev = Some(c);
    }
    Cow::Owned(out)
}

/// A character the tokenizer keeps in a word besides symbols: letters, digits, private use.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '\u{E000}'..='\u{F8FF}' | '\u{F0000}'..='\u{10FFFF}')
}

fn is_skin_tone(c: char) -> bool {
    matches!(c, '\u{1F3FB}'..='\u{1F3FF}')
}

fn is_regional(c: char) -> bool {
    matches!(c, '\u{1F1E6}'..='\u{1F1FF}')
}

/// A non-ASCII symbol ([`SYMBOLS`]).
fn is_symbol(c: char) -> bool {
    let c = c as u32;
    c >= 0x80 && {
        let i = SYMBOLS.partition_point(|&start| start <= c);
        i % 2 == 1 || (i > 0 && SYMBOLS[i - 1] == c)
    }
}

/// The non-ASCII symbols, as sorted inclusive ranges (first, last, first, last...): the
/// characters of Unicode's categories So, Sc, Sm and Sk by SQLite's tables (which the
/// tokenizer reads) or by Unicode 14, and the whole emoji planes U+1F000 to U+1FBFF (emoji
/// newer than SQLite's tables, which it takes as letters), but no letter, digit, mark or
/// format character. A range may span punctuation and unassigned characters, which the
/// tokenizer separates anyway.
#[rustfmt::skip]
const SYMBOLS: &[u32] = &[
    0x00A2, 0x00A9, 0x00AC, 0x00AC, 0x00AE, 0x00B1, 0x00B4, 0x00B4, 0x00B8, 0x00B8, 0x00D7, 0x00D7,
    0x00F7, 0x00F7, 0x02C2, 0x02C5, 0x02D2, 0x02DF, 0x02E5, 0x02EB, 0x02ED, 0x02ED, 0x02EF, 0x02FF,
    0x0375, 0x0375, 0x0384, 0x0385, 0x03F6, 0x03F6, 0x0482, 0x0482, 0x058D, 0x058F, 0x0606, 0x060F,
    0x06DE, 0x06DE, 0x06E9, 0x06E9, 0x06FD, 0x06FE, 0x07F6, 0x07F6, 0x07FE, 0x07FF, 0x0888, 0x0888,
    0x09F2, 0x09F3, 0x09FA, 0x09FB, 0x0AF1, 0x0AF1, 0x0B70, 0x0B70, 0x0BF3, 0x0BFA, 0x0C7F, 0x0C7F,
    0x0D4F, 0x0D4F, 0x0D79, 0x0D79, 0x0E3F, 0x0E3F, 0x0F01, 0x0F17, 0x0F1A, 0x0F1F, 0x0F34, 0x0F34,
    0x0F36, 0x0F36, 0x0F38, 0x0F38, 0x0FBE, 0x0FC5, 0x0FC7, 0x0FD8, 0x109E, 0x109F, 0x1390, 0x1399,
    0x166D, 0x166D, 0x17DB, 0x17DB, 0x1940, 0x1940, 0x19DE, 0x19FF, 0x1B61, 0x1B6A, 0x1B74, 0x1B7C,
    0x1FBD, 0x1FBD, 0x1FBF, 0x1FC1, 0x1FCD, 0x1FCF, 0x1FDD, 0x1FDF, 0x1FED, 0x1FEF, 0x1FFD, 0x1FFE,
    0x2044, 0x2052, 0x207A, 0x207C, 0x208A, 0x208C, 0x20A0, 0x20C0, 0x2100, 0x2101, 0x2103, 0x2106,
    0x2108, 0x2109, 0x2114, 0x2114, 0x2116, 0x2118, 0x211E, 0x2123, 0x2125, 0x2125, 0x2127, 0x2127,
    0x2129, 0x2129, 0x212E, 0x212E, 0x213A, 0x213B, 0x2140, 0x2144, 0x214A, 0x214D, 0x214F, 0x214F,
    0x218A, 0x244A, 0x249C, 0x24E9, 0x2500, 0x2767, 0x2794, 0x2BFF, 0x2CE5, 0x2CEA, 0x2E50, 0x3004,
    0x3012, 0x3020, 0x3036, 0x3037, 0x303E, 0x303F, 0x309B, 0x309C, 0x3190, 0x3191, 0x3196, 0x319F,
    0x31C0, 0x31E3, 0x3200, 0x321E, 0x322A, 0x3247, 0x3250, 0x3250, 0x3260, 0x327F, 0x328A, 0x32B0,
    0x32C0, 0x33FF, 0x4DC0, 0x4DFF, 0xA490, 0xA4C6, 0xA700, 0xA716, 0xA720, 0xA721, 0xA789, 0xA78A,
    0xA828, 0xA82B, 0xA836, 0xA839, 0xAA77, 0xAA79, 0xAB5B, 0xAB5B, 0xAB6A, 0xAB6B, 0xFB29, 0xFB29,
    0xFBB2, 0xFBC2, 0xFD40, 0xFD4F, 0xFDCF, 0xFDCF, 0xFDFC, 0xFDFF, 0xFE62, 0xFE69, 0xFF04, 0xFF0B,
    0xFF1C, 0xFF1E, 0xFF3E, 0xFF40, 0xFF5C, 0xFF5E, 0xFFE0, 0xFFEE, 0xFFFC, 0xFFFD, 0x10137, 0x1013F,
    0x10179, 0x10189, 0x1018C, 0x101FC, 0x10877, 0x10878, 0x10AC8, 0x10AC8, 0x1173F, 0x1173F, 0x11FD5, 0x11FF1,
    0x16B3C, 0x16B3F, 0x16B45, 0x16B45, 0x1BC9C, 0x1BC9C, 0x1CF50, 0x1D164, 0x1D16A, 0x1D16C, 0x1D183, 0x1D184,
    0x1D18C, 0x1D1A9, 0x1D1AE, 0x1D241, 0x1D245, 0x1D245, 0x1D300, 0x1D356, 0x1D6C1, 0x1D6C1, 0x1D6DB, 0x1D6DB,
    0x1D6FB, 0x1D6FB, 0x1D715, 0x1D715, 0x1D735, 0x1D735, 0x1D74F, 0x1D74F, 0x1D76F, 0x1D76F, 0x1D789, 0x1D789,
    0x1D7A9, 0x1D7A9, 0x1D7C3, 0x1D7C3, 0x1D800, 0x1D9FF, 0x1DA37, 0x1DA3A, 0x1DA6D, 0x1DA74, 0x1DA76, 0x1DA83,
    0x1DA85, 0x1DA86, 0x1E14F, 0x1E14F, 0x1E2FF, 0x1E2FF, 0x1ECAC, 0x1ECAC, 0x1ECB0, 0x1ECB0, 0x1ED2E, 0x1ED2E,
    0x1EEF0, 0x1F0FF, 0x1F10D, 0x1FBEF, 0x1FBFA, 0x1FBFF,
];

/// Registers the SQL function `search_text` ([`search_text`]; NULL stays NULL) on `conn`,
/// which [`Entry::select`] calls: every connection that writes or checks the index needs it.
pub fn register_functions(conn: &Connection) -> rusqlite::Result<()> {
    conn.create_scalar_function(
        "search_text",
        1,
        FunctionFlags::SQLITE_UTF8
            | FunctionFlags::SQLITE_DETERMINISTIC
            | FunctionFlags::SQLITE_INNOCUOUS,
        |ctx| {
            Ok(match ctx.get_raw(0) {
                ValueRef::Text(bytes) => {
                    let text = std::str::from_utf8(bytes)
                        .map_err(|e| rusqlite::Error::UserFunctionError(Box::new(e)))?;
                    Value::Text(search_text(text).into_owned())
                }
                ValueRef::Null => Value::Null,
                ValueRef::Integer(i) => Value::Integer(i),
                ValueRef::Real(f) => Value::Real(f),
                ValueRef::Blob(b) => Value::Blob(b.to_vec()),
            })
        },
    )
}

/// How the index differs from what its tables say it should hold: one line per entry that is
/// missing, left over or different (empty when they agree). Reads the whole index.
pub fn mismatches(conn: &Connection) -> Result<Vec<String>> {
    let expected = Entry::ALL
        .iter()
        .map(|e| format!("SELECT * FROM ({})", e.select()))
        .collect::<Vec<_>>()
        .join(" UNION ALL ");
    let mut stmt = conn.prepare(&format!(
        "WITH expected (entry, title, body) AS ({expected}),
              actual AS (SELECT rowid AS entry, title, body FROM search_index)
         SELECT e.entry, 'missing', e.title, e.body FROM expected e
          WHERE NOT EXISTS (SELECT 1 FROM actual a WHERE a.entry = e.entry)
         UNION ALL
         SELECT a.entry, 'left over', a.title, a.body FROM actual a
          WHERE NOT EXISTS (SELECT 1 FROM expected e WHERE e.entry = a.entry)
         UNION ALL
         SELECT a.entry, 'different', a.title, a.body FROM actual a
           JOIN expected e ON e.entry = a.entry
          WHERE a.title IS NOT e.title OR a.body IS NOT e.body
         ORDER BY 1"
    ))?;
    let rows = stmt.query_map([], |r| {
        Ok(format!(
            "entry {} ({}): {:?} / {:?}",
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Option<String>>(2)?,
            r.get::<_, Option<String>>(3)?
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[cfg(test)]
mod tests {
    use super::{is_symbol, prefix_query, search_text};

    #[test]
    fn every_word_becomes_a_quoted_prefix() {
        assert_eq!(prefix_query("ana ru").as_deref(), Some("\"ana\"* \"ru\"*"));
        assert_eq!(prefix_query("  ").as_deref(), None);
        assert_eq!(
            prefix_query("a\"b OR (c").as_deref(),
            Some("\"a\"* \"b\"* \"OR\"* \"c\"*")
        );
        assert_eq!(prefix_query("李小").as_deref(), Some("\"李小\"*"));
        assert_eq!(prefix_query("a\u{0}b").as_deref(), Some("\"a\"* \"b\"*"));
        assert_eq!(prefix_query("\u{0}").as_deref(), None);
    }

    #[test]
    fn symbols_are_set_apart_from_what_they_are_written_against() {
        let apart = |t: &str| search_text(t).replace('\u{200B}', "|");
        assert_eq!(apart("Congrats🎉!"), "Congrats|🎉!");
        assert_eq!(apart("☕coffee €100 $100"), "☕|coffee €|100 $100");
        assert_eq!(apart("🎉🎉 👍🏽ok"), "🎉|🎉 👍🏽|ok", "a skin tone stays");
        assert_eq!(apart("🇫🇷🇩🇪x"), "🇫🇷|🇩🇪|x", "flags are pairs");
        assert_eq!(apart("a❤️b"), "a|❤\u{fe0f}b", "the selector separates");
        assert_eq!(apart("👨‍👩‍👧"), "👨‍👩‍👧", "a sequence is left whole");
        assert_eq!(
            apart("l’été, naïve, cafe\u{301}s"),
            "l’été, naïve, cafe\u{301}s"
        );
        assert_eq!(apart("20°C"), "20|°|C");
        assert!(matches!(
            search_text("plain words"),
            std::borrow::Cow::Borrowed(_)
        ));
        assert!(matches!(
            search_text("école, 李小龍"),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn symbols_are_the_unicode_symbol_categories_beyond_ascii() {
        for c in [
            '☕', '🎉', '€', '£', '©', '°', '→', '∑', '🏽', '🇫', '🥹', '🫨', '\u{2764}',
        ] {
            assert!(is_symbol(c), "{c:?}");
        }
        for c in [
            'a', 'é', '李', '1', '$', '+', '’', '«', '\u{200D}', '\u{FE0F}', '\u{301}', '\u{20E3}',
        ] {
            assert!(!is_symbol(c), "{c:?}");
        }
    }

    #[test]
    fn a_word_with_symbols_is_searched_as_the_index_holds_it() {
        assert_eq!(
            prefix_query("Congrats🎉").as_deref(),
            Some("\"Congrats\u{200B}🎉\"*")
        );
        assert_eq!(prefix_query("❤️").as_deref(), Some("\"❤\u{fe0f}\"*"));
    }
}
