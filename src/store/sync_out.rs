//! `sync_out`: this device's changes not yet written to a change file, in the order made
//! (the capture triggers insert them; see `sync::capture`).

use rusqlite::{params, Connection};

use crate::error::Result;
use crate::sync::{Change, ChangeOp, Hlc, Tag};

/// Parses `<hlc>@<device>`.
pub fn parse_tag(text: &str) -> Option<Tag> {
    let (hlc, device) = text.split_once('@')?;
    Some(Tag {
        hlc: hlc.parse::<Hlc>().ok()?,
        device: device.to_owned(),
    })
}

/// Up to `limit` pending changes from the oldest, with their sequence in `sync_out`, made by
/// `device` (this one): only those folded into the merge state (`sync_config.folded_seq`).
pub fn list_sync_out(conn: &Connection, device: &str, limit: usize) -> Result<Vec<(i64, Change)>> {
    let rows = conn
        .prepare_cached(
            "SELECT seq, tbl, row, col, op, value, hlc, base, observed FROM sync_out
             WHERE seq <= (SELECT folded_seq FROM sync_config WHERE id = 1)
             ORDER BY seq LIMIT ?1",
        )?
        .query_map([limit as i64], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, i64>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, String>(6)?,
                r.get::<_, Option<String>>(7)?,
                r.get::<_, Option<String>>(8)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut out = Vec::with_capacity(rows.len());
    for (seq, table, row, column, op, value, hlc, base, observed) in rows {
        let op = match op {
            0 => ChangeOp::Set,
            1 => ChangeOp::Add,
            2 => ChangeOp::Remove,
            _ => ChangeOp::Delete,
        };
        let observed: Vec<String> = observed
            .and_then(|o| serde_json::from_str(&o).ok())
            .unwrap_or_default();
        out.push((
            seq,
            Change {
                table,
                row,
                column,
                value: serde_json::from_str(&value).unwrap_or(serde_json::Value::Null),
                op,
                hlc: hlc.parse().unwrap_or_default(),
                device: device.to_owned(),
                base: base.as_deref().and_then(parse_tag),
                observed: observed.iter().filter_map(|t| parse_tag(t)).collect(),
            },
        ));
    }
    Ok(out)
}

/// How many changes wait to be written out.
pub fn count_sync_out(conn: &Connection) -> Result<u64> {
    Ok(conn
        .prepare_cached("SELECT count(*) FROM sync_out")?
        .query_row([], |r| r.get::<_, i64>(0))?
        .max(0) as u64)
}

/// The newest stamp among the pending changes.
pub fn get_sync_out_last_hlc(conn: &Connection) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT max(hlc) FROM sync_out")?
        .query_row([], |r| r.get(0))?)
}

/// Forgets the pending changes up to `seq` (written out).
pub fn delete_sync_out_through(conn: &Connection, seq: i64) -> Result<()> {
    conn.prepare_cached("DELETE FROM sync_out WHERE seq <= ?1")?
        .execute(params![seq])?;
    Ok(())
}

/// Drops the deletion of the row `gid` of `table` captured and not folded yet: a merge's
/// deletion of the person merged away, which travels as the merge's mark instead
/// (`sync::redirect`: the person stays gone only while the mark holds).
pub fn delete_sync_out_deletion(conn: &Connection, table: &str, gid: &str) -> Result<()> {
    conn.execute(
        "DELETE FROM sync_out WHERE tbl = ?1 AND row = ?2 AND op = 3
           AND seq > (SELECT folded_seq FROM sync_config WHERE id = 1)",
        rusqlite::params![table, gid],
    )?;
    Ok(())
}
