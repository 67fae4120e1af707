//! Queries of needs and offers: `ask` and `ask_interest`.

use chrono::{DateTime, Utc};
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, Row};

use crate::error::Result;
use crate::model::{Ask, AskQuery, AskStatus, ContactRef, NewAsk};
use crate::store::codec::{self, from_millis, opt_from_millis};
use crate::store::search::{self, Entry};

const SELECT: &str = "SELECT a.id, a.contact_id, c.name, a.kind, a.text, a.status, a.created_at,
        a.resolved_at, a.helped_by, h.name,
        (SELECT group_concat(n.name, char(31)) FROM ask_interest ai JOIN interest n ON n.id = ai.interest_id
         WHERE ai.ask_id = a.id)
    FROM ask a JOIN contact c ON c.id = a.contact_id LEFT JOIN contact h ON h.id = a.helped_by";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Ask> {
    let helped_by = match (r.get::<_, Option<i64>>(8)?, r.get::<_, Option<String>>(9)?) {
        (Some(id), Some(name)) => Some(ContactRef { id, name }),
        _ => None,
    };
    let mut interests: Vec<String> = r
        .get::<_, Option<String>>(10)?
        .map(|s| s.split('\u{1f}').map(str::to_owned).collect())
        .unwrap_or_default();
    interests.sort_by_key(|s| s.to_lowercase());
    Ok(Ask {
        id: r.get(0)?,
        contact: codec::contact_ref_at(r, 1)?,
        kind: r.get(3)?,
        text: r.get(4)?,
        status: r.get(5)?,
        created_at: from_millis(r.get(6)?),
        resolved_at: opt_from_millis(r.get(7)?),
        helped_by,
        interests,
    })
}

pub fn get_ask(conn: &Connection, id: i64) -> Result<Ask> {
    codec::get_by_id(
        conn,
        &format!("{SELECT} WHERE a.id = ?1"),
        id,
        "ask",
        from_row,
    )
}

/// Asks of live contacts, newest first.
pub fn list_asks(conn: &Connection, q: &AskQuery) -> Result<Vec<Ask>> {
    let mut filters = vec!["c.deleted_at IS NULL".to_owned()];
    let mut args: Vec<Value> = Vec::new();
    if let Some(id) = q.contact_id {
        args.push(Value::Integer(id));
        filters.push(format!("a.contact_id = ?{}", args.len()));
    }
    if q.open_only {
        filters.push("a.status = 'open'".into());
    }
    let sql = format!(
        "{SELECT} WHERE {} ORDER BY a.created_at DESC, a.id DESC",
        filters.join(" AND ")
    );
    codec::list(conn, &sql, params_from_iter(args.iter()), from_row)
}

/// Inserts a need or offer and its search index entry, and returns its id.
pub fn insert_ask(conn: &Connection, a: &NewAsk, now: DateTime<Utc>) -> Result<i64> {
    let id = insert_ask_unindexed(conn, a, now)?;
    search::index(conn, Entry::Ask, id)?;
    Ok(id)
}

/// [`insert_ask`] without the search index entry, for a batch that writes the entries of all
/// its asks at its end (`search::reindex`), before it commits.
pub fn insert_ask_unindexed(conn: &Connection, a: &NewAsk, now: DateTime<Utc>) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO ask (contact_id, kind, text, created_at, gid) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        a.contact_id,
        a.kind,
        a.text,
        now.timestamp_millis(),
        super::gid::new_gid()
    ])?;
    Ok(conn.last_insert_rowid())
}

pub fn insert_ask_interest(conn: &Connection, ask_id: i64, interest_id: i64) -> Result<()> {
    conn.prepare_cached(
        "INSERT OR IGNORE INTO ask_interest (ask_id, interest_id) VALUES (?1, ?2)",
    )?
    .execute(params![ask_id, interest_id])?;
    Ok(())
}

/// Sets an ask's status; resolving it (helped or closed) stamps `resolved_at`, reopening
/// clears it.
pub fn update_ask_status(
    conn: &Connection,
    id: i64,
    status: AskStatus,
    helped_by: Option<i64>,
    now: DateTime<Utc>,
) -> Result<()> {
    let resolved = (status != AskStatus::Open).then(|| now.timestamp_millis());
    let changed = conn
        .prepare_cached(
            "UPDATE ask SET status = ?2, helped_by = ?3, resolved_at = ?4 WHERE id = ?1",
        )?
        .execute(params![id, status, helped_by, resolved])?;
    codec::changed(changed, "ask", id)
}

/// Deletes a need or offer, and its search index entry.
pub fn delete_ask(conn: &Connection, id: i64) -> Result<()> {
    conn.prepare_cached("DELETE FROM ask WHERE id = ?1")?
        .execute([id])?;
    search::reindex(conn, Entry::Ask, &[id])?;
    Ok(())
}
