//! Full-text search over contacts, interactions and asks (the `search_index` FTS5 table,
//! kept in sync by triggers; see migration 0002).
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

/// The best `limit` matches of `input` among live records, best first.
pub fn list_search_hits(conn: &Connection, input: &str, limit: u32) -> Result<Vec<SearchHit>> {
    let Some(query) = prefix_query(input) else {
        return Ok(Vec::new());
    };
    // Titles (names, summaries) weigh more than bodies (notes).
    let mut stmt = conn.prepare_cached(
        "WITH hits AS (
             SELECT rowid, bm25(search_index, 4.0, 1.0) AS score,
                    snippet(search_index, -1, '[', ']', '…', 12) AS snip, title
             FROM search_index WHERE search_index MATCH ?1
         )
         SELECT 'contact', c.id, c.id, c.name, h.title, h.snip, NULL, h.score
           FROM hits h JOIN contact c ON c.id = h.rowid / 4
          WHERE h.rowid % 4 = 0 AND c.deleted_at IS NULL
         UNION ALL
         SELECT 'interaction', i.id, pc.id, pc.name, h.title, h.snip, i.occurred_at, h.score
           FROM hits h JOIN interaction i ON i.id = h.rowid / 4
           JOIN contact pc ON pc.id = (
               SELECT p.contact_id FROM interaction_participant p JOIN contact pp ON pp.id = p.contact_id
               WHERE p.interaction_id = i.id AND pp.deleted_at IS NULL ORDER BY pp.is_self, pp.sort_key LIMIT 1)
          WHERE h.rowid % 4 = 1 AND i.deleted_at IS NULL
         UNION ALL
         SELECT 'ask', a.id, c.id, c.name, h.title, h.snip, NULL, h.score
           FROM hits h JOIN ask a ON a.id = h.rowid / 4 JOIN contact c ON c.id = a.contact_id
          WHERE h.rowid % 4 = 2 AND c.deleted_at IS NULL
         ORDER BY 8 LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![query, limit], |r| {
        let kind = match r.get::<_, String>(0)?.as_str() {
            "contact" => SearchKind::Contact,
            "interaction" => SearchKind::Interaction,
            _ => SearchKind::Ask,
        };
        Ok(SearchHit {
            kind,
            id: r.get(1)?,
            contact: ContactRef {
                id: r.get(2)?,
                name: r.get(3)?,
            },
            title: r.get(4)?,
            snippet: r.get(5)?,
            occurred_at: opt_from_millis(r.get(6)?),
        })
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
