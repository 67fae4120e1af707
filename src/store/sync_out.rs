//! `sync_out`: this device's changes not yet written to a change file, in the order made
//! (the capture triggers insert them; see `sync::capture`).

use rusqlite::{params, Connection};

use crate::error::Result;
use crate::sync::capture;
use crate::sync::{Change, ChangeOp, Hlc, Tag};

/// Parses `<hlc>@<device>`.
pub fn parse_tag(text: &str) -> Option<Tag> {
    let (hlc, device) = text.split_once('@')?;
    Some(Tag {
        hlc: hlc.parse::<Hlc>().ok()?,
        device: device.to_owned(),
    })
}

/// The pending changes from the oldest, with their sequence in `sync_out`, made by `device`
/// (this one): only those folded into the merge state (`sync_config.folded_seq`). At most
/// `limit` of them, except that a new row's changes (one `sync_out` row, see
/// `capture::ROW`) are never split: the last row read may go past `limit` by its columns.
pub fn list_sync_out(conn: &Connection, device: &str, limit: usize) -> Result<Vec<(i64, Change)>> {
    // The sequence of the `limit`th pending row, and every change up to it.
    let Some(through): Option<i64> = conn
        .prepare_cached(
            "SELECT max(seq) FROM (SELECT seq FROM sync_out
             WHERE seq <= (SELECT folded_seq FROM sync_config WHERE id = 1)
             ORDER BY seq LIMIT ?1)",
        )?
        .query_row([limit as i64], |r| r.get(0))?
    else {
        return Ok(Vec::new());
    };
    let rows = conn
        .prepare_cached(&format!(
            "SELECT seq, tbl, row, col, 0, value, hlc, base, NULL, i
             FROM ({sets})
             UNION ALL
             SELECT seq, tbl, row, col, op, value, hlc, base, observed, 0 FROM sync_out
             WHERE seq <= ?1 AND op IN (1, 2, 3)
             ORDER BY 1, 10",
            sets = capture::pending_sets("seq <= ?1")
        ))?
        .query_map([through], |r| {
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
    // At most `limit`, but a new row's changes all together.
    if let Some(&(cut, _)) = out.get(limit.saturating_sub(1)) {
        out.retain(|(seq, _)| *seq <= cut);
    }
    Ok(out)
}

/// How many changes wait to be written out.
pub fn count_sync_out(conn: &Connection) -> Result<u64> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT coalesce(sum(CASE WHEN o.op = {} THEN (SELECT count(*) FROM json_each(o.value))
                                      ELSE 1 END), 0)
             FROM sync_out o",
            capture::ROW
        ))?
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
    update_sync_out_emptied(conn)
}

/// After rows were deleted: an empty table numbers its next row 1 (it has no AUTOINCREMENT),
/// so what is folded is counted from 0 again.
fn update_sync_out_emptied(conn: &Connection) -> Result<()> {
    conn.prepare_cached(EMPTIED)?.execute([])?;
    Ok(())
}

/// See [`update_sync_out_emptied`] (the capture triggers run the same when a removal they
/// cancel was the last row).
const EMPTIED: &str = "UPDATE main.sync_config SET folded_seq = 0
     WHERE folded_seq <> 0 AND NOT EXISTS (SELECT 1 FROM main.sync_out)";

/// Drops the deletion of the row `gid` of `table` captured and not folded yet: a merge's
/// deletion of the person merged away, which travels as the merge's mark instead
/// (`sync::redirect`: the person stays gone only while the mark holds).
pub fn delete_sync_out_deletion(conn: &Connection, table: &str, gid: &str) -> Result<()> {
    conn.execute(
        "DELETE FROM sync_out WHERE tbl = ?1 AND row = ?2 AND op = 3
           AND seq > (SELECT folded_seq FROM sync_config WHERE id = 1)",
        rusqlite::params![table, gid],
    )?;
    update_sync_out_emptied(conn)
}
