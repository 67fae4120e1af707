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
//! Every word the user types is matched as a prefix ("ana ru" finds "Ana Ruiz"), so search
//! works as they type. Words are quoted before they reach FTS5, so no input is a syntax error.

use rusqlite::{params, Connection};

use crate::error::Result;
use crate::model::{ContactRef, SearchHit, SearchKind};
use crate::store::codec::opt_from_millis;

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
        .map(|w| format!("\"{}\"*", w.replace('"', "\"\"")))
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
        hit.snippet = snip.query_row(params![query, *rowid], |r| r.get(0))?;
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
    /// had.
    pub fn select(self) -> &'static str {
        match self {
            Entry::Contact => {
                "SELECT id * 4 AS entry, name AS title, \
                 concat_ws(' ', company, role, location, met_how, notes) AS body FROM contact"
            }
            Entry::Interaction => {
                "SELECT id * 4 + 1 AS entry, summary AS title, notes AS body FROM interaction"
            }
            Entry::Ask => "SELECT id * 4 + 2 AS entry, text AS title, '' AS body FROM ask",
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
            let list = id_list(ids);
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
/// restored row by row).
pub fn rebuild(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM search_index", [])?;
    for entry in Entry::ALL {
        index_after(conn, entry, i64::MIN)?;
    }
    Ok(())
}

fn id_list(ids: &[i64]) -> String {
    let mut list = String::with_capacity(ids.len() * 8 + 2);
    list.push('[');
    for (i, id) in ids.iter().enumerate() {
        if i > 0 {
            list.push(',');
        }
        list.push_str(&id.to_string());
    }
    list.push(']');
    list
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
    use super::prefix_query;

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
}
