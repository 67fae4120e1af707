//! Applying changes from other devices: each change is first *recorded* in the merge state
//! (`sync_stamp`, `sync_added`, `sync_removed`, `sync_deleted`), then every row it touched is
//! *materialized*: its table row made what the merge state says, with capture paused (these
//! are not this device's changes). Both run inside the caller's transaction, with the
//! device's progress, so a pass is applied whole or not at all.
//!
//! The rules (docs/SYNC.md, "Merge rules"), the same on every device whatever the order of
//! arrival, and the same as [`merge::State`](super::merge::State), the pure reference the
//! tests compare with:
//! - a single value: the greatest stamp `(hlc, device)` wins; a column with no recorded stamp
//!   holds what this device had before sync (stamp zero), which any change beats;
//! - a set: an element is there while one of its adds is not among the removed tags;
//! - a row: deleted while its latest delete is after its latest edit; an edit after the
//!   delete keeps it;
//! - a row trashed on one device and edited after on another stays out of the trash
//!   ([`trash_overruled`]);
//! - a row that refers to a row not here yet waits in `sync_waiting` and is written again on
//!   every pass until it is (a nullable reference is written as null meanwhile, and for good
//!   when the row it names was deleted);
//! - a row that comes back after it was deleted here (an edit made elsewhere after the delete,
//!   an unmerge) brings back the rows that point to it, which the schema's cascades took with
//!   it here ([`pointing_to`]: a scan of the merge state, for such rows only); a set element
//!   naming a row deleted for good is what the schema's foreign key made of it (null, or gone).
//!
//! Values are compared as SQLite writes JSON: a remote value is rewritten by SQLite's own
//! JSON functions before it is stored, so an element added here and the same element added
//! elsewhere are the same text.

use std::collections::{BTreeMap, BTreeSet};

use rusqlite::types::Value as SqlValue;
use rusqlite::{params, Connection, OptionalExtension};
use serde_json::Value;

use super::capture::element_expr;
use super::spec::{self, Element, Entity, SetSpec, ENTITIES};
use super::{Change, ChangeOp, Tag};
use crate::error::{Error, Result};
use crate::model::{Channel, ChannelKind};
use crate::store::search::Entry;

/// What [`record`] did with a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recorded {
    /// In the merge state; its row is to be materialized.
    Applied,
    /// Names a table or column this version does not know: kept in `sync_held`.
    Held,
}

/// The rows a pass touched, to materialize: (index in [`ENTITIES`], gid).
pub type Touched = BTreeSet<(usize, String)>;

/// `<hlc>@<device>`.
pub fn tag_text(tag: &Tag) -> String {
    format!("{}@{}", tag.hlc, tag.device)
}

/// A JSON value as SQLite's JSON functions write it (see the module doc).
pub fn sql_json(conn: &Connection, value: &Value) -> Result<String> {
    Ok(match value {
        Value::Object(map) => {
            let keys: Vec<&String> = map.keys().collect::<BTreeSet<_>>().into_iter().collect();
            let args = keys
                .iter()
                .enumerate()
                .map(|(i, _)| format!("?{}, json(?{})", 2 * i + 1, 2 * i + 2))
                .collect::<Vec<_>>()
                .join(", ");
            let mut bind: Vec<SqlValue> = Vec::new();
            for k in keys {
                bind.push(SqlValue::Text(k.clone()));
                bind.push(SqlValue::Text(sql_json(conn, &map[k])?));
            }
            conn.prepare_cached(&format!("SELECT json_object({args})"))?
                .query_row(rusqlite::params_from_iter(bind), |r| r.get(0))?
        }
        Value::Array(items) => {
            let parts = items
                .iter()
                .map(|v| sql_json(conn, v))
                .collect::<Result<Vec<_>>>()?;
            format!("[{}]", parts.join(","))
        }
        scalar => conn
            .prepare_cached("SELECT json_quote(?1)")?
            .query_row([to_sql(scalar)], |r| r.get(0))?,
    })
}

/// A scalar JSON value as what SQLite stores.
pub fn to_sql(value: &Value) -> SqlValue {
    match value {
        Value::Null => SqlValue::Null,
        Value::Bool(b) => SqlValue::Integer(i64::from(*b)),
        Value::Number(n) => n
            .as_i64()
            .map(SqlValue::Integer)
            .or_else(|| n.as_f64().map(SqlValue::Real))
            .unwrap_or(SqlValue::Null),
        Value::String(s) => SqlValue::Text(s.clone()),
        other => SqlValue::Text(other.to_string()),
    }
}

fn known(change: &Change) -> Option<usize> {
    let at = ENTITIES.iter().position(|e| e.table == change.table)?;
    let e = &ENTITIES[at];
    let ok = match change.op {
        ChangeOp::Set => e.column(&change.column).is_some(),
        ChangeOp::Add | ChangeOp::Remove => e.set(&change.column).is_some(),
        ChangeOp::Delete => true,
    };
    ok.then_some(at)
}

/// Records one remote change in the merge state. Idempotent: recording a change twice is
/// recording it once.
pub fn record(conn: &Connection, change: &Change, touched: &mut Touched) -> Result<Recorded> {
    let Some(at) = known(change) else {
        conn.prepare_cached(
            "INSERT OR IGNORE INTO sync_held (device, hlc, change) VALUES (?1, ?2, ?3)",
        )?
        .execute(params![
            change.device,
            change.hlc.to_string(),
            serde_json::to_string(change).unwrap_or_default()
        ])?;
        return Ok(Recorded::Held);
    };
    let (t, row, col) = (&change.table, &change.row, &change.column);
    let hlc = change.hlc.to_string();
    match change.op {
        ChangeOp::Set => {
            let value = sql_json(conn, &change.value)?;
            conn.prepare_cached(
                "INSERT INTO sync_stamp (tbl, row, col, device, hlc, base, value)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT (tbl, row, col, device) DO UPDATE
                   SET hlc = excluded.hlc, base = excluded.base, value = excluded.value
                   WHERE excluded.hlc > sync_stamp.hlc",
            )?
            .execute(params![
                t,
                row,
                col,
                change.device,
                hlc,
                change.base.as_ref().map(tag_text),
                value
            ])?;
            conn.prepare_cached(
                "INSERT OR IGNORE INTO sync_contested (tbl, row, col)
                 SELECT ?1, ?2, ?3 WHERE EXISTS (
                     SELECT 1 FROM sync_stamp WHERE tbl = ?1 AND row = ?2 AND col = ?3
                       AND device <> ?4)",
            )?
            .execute(params![t, row, col, change.device])?;
            if spec::entity(t).is_some_and(|e| e.column("deleted_at").is_some()) {
                // Where a trashing may meet a later edit: listed by `sync_conflicts`.
                conn.prepare_cached(
                    "INSERT OR IGNORE INTO sync_contested (tbl, row, col)
                     SELECT ?1, ?2, 'deleted_at' WHERE EXISTS (
                         SELECT 1 FROM sync_stamp WHERE tbl = ?1 AND row = ?2
                           AND col = 'deleted_at' AND value <> 'null')",
                )?
                .execute(params![t, row])?;
            }
        }
        ChangeOp::Add => {
            let value = sql_json(conn, &change.value)?;
            conn.prepare_cached(
                "INSERT OR IGNORE INTO sync_added (tbl, row, col, value, hlc, device)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![t, row, col, value, hlc, change.device])?;
        }
        ChangeOp::Remove => {
            let value = sql_json(conn, &change.value)?;
            let mut insert = conn.prepare_cached(
                "INSERT OR IGNORE INTO sync_removed (tbl, row, col, value, hlc, device)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            for tag in &change.observed {
                insert.execute(params![t, row, col, value, tag.hlc.to_string(), tag.device])?;
            }
        }
        ChangeOp::Delete => {
            conn.prepare_cached(
                "INSERT OR IGNORE INTO sync_deleted (tbl, row, hlc, device) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![t, row, hlc, change.device])?;
        }
    }
    touched.insert((at, row.clone()));
    Ok(Recorded::Applied)
}

/// Rows that waited for a row they refer to, and held changes this version now knows:
/// tried again on every pass.
pub fn retry_waiting(conn: &Connection, touched: &mut Touched) -> Result<()> {
    let waiting: Vec<(String, String)> = conn
        .prepare("SELECT tbl, row FROM sync_waiting")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (t, row) in waiting {
        if let Some(at) = ENTITIES.iter().position(|e| e.table == t) {
            touched.insert((at, row));
        }
    }
    let held: Vec<(String, String, String)> = conn
        .prepare("SELECT device, hlc, change FROM sync_held")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (device, hlc, text) in held {
        let Ok(change) = serde_json::from_str::<Change>(&text) else {
            continue;
        };
        if known(&change).is_some() {
            conn.execute(
                "DELETE FROM sync_held WHERE device = ?1 AND hlc = ?2",
                params![device, hlc],
            )?;
            record(conn, &change, touched)?;
        }
    }
    Ok(())
}

/// Whether `err` is SQLite refusing a row (a unique name taken, a check failed).
fn is_constraint(err: &Error) -> bool {
    let mut source = std::error::Error::source(err);
    while let Some(e) = source {
        if let Some(rusqlite::Error::SqliteFailure(f, _)) = e.downcast_ref::<rusqlite::Error>() {
            return f.code == rusqlite::ErrorCode::ConstraintViolation;
        }
        source = e.source();
    }
    false
}

/// What materializing a pass did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Materialized {
    pub written: usize,
    pub deleted: usize,
    pub waiting: usize,
    /// Rows the schema refused here, with why (they wait, and are tried again).
    pub refused: Vec<String>,
}

/// Makes every touched row what the merge state says, references first. Capture must be
/// paused by the caller.
pub fn materialize(conn: &Connection, touched: &Touched) -> Result<Materialized> {
    let region = crate::store::settings::get_default_region(conn)?;
    let mut out = Materialized::default();
    let mut contacts = Vec::new();
    // The search index is written by the store's write functions, not by triggers.
    let mut index: BTreeMap<&'static str, Vec<i64>> = BTreeMap::new();
    // Rows waiting for a row of the same pass that comes later in the order (a contact
    // introduced by one that arrived with it) are tried again while that makes progress.
    // A row that comes back after it was deleted here (edited on a device that had not seen it
    // go, or an unmerge) brings back the rows that point to it, which the deletion took with
    // it here while the merge state kept them: they are written again in a further round.
    let mut round: Vec<(usize, String)> = touched.iter().cloned().collect();
    let mut seen: BTreeSet<(usize, String)> = touched.clone();
    // Merge marks first (they refer to nothing), then where merged-away contacts now are:
    // what refers to a contact whose place changed is written again.
    let (marks, rest): (Vec<_>, Vec<_>) = round
        .into_iter()
        .partition(|(at, _)| ENTITIES[*at].table == "contact_merge");
    round = rest;
    if !marks.is_empty() {
        let (mut again, mut revived) = (Vec::new(), Vec::new());
        materialize_round(
            conn,
            &marks,
            region.as_deref(),
            &mut out,
            &mut index,
            &mut contacts,
            (&mut again, &mut revived),
        )?;
    }
    round.extend(moved_by_merges(conn, &mut seen)?);
    round.sort();
    loop {
        let waiting_before = out.waiting;
        let mut again = Vec::new();
        let mut revived = Vec::new();
        materialize_round(
            conn,
            &round,
            region.as_deref(),
            &mut out,
            &mut index,
            &mut contacts,
            (&mut again, &mut revived),
        )?;
        let mut next = Vec::new();
        for gid in revived {
            for row in pointing_to(conn, &gid)? {
                if seen.insert(row.clone()) {
                    next.push(row);
                }
            }
        }
        if next.is_empty() && (again.is_empty() || again.len() == round.len()) {
            break;
        }
        out.waiting = waiting_before;
        again.extend(next);
        round = again;
    }
    finish(conn, index, contacts)?;
    Ok(out)
}

/// After merge marks were written (here or by a pass): the contacts whose place changed
/// (`redirect::refresh`) and the rows that point to them, not in `seen` yet.
pub(crate) fn moved_by_merges(
    conn: &Connection,
    seen: &mut BTreeSet<(usize, String)>,
) -> Result<Vec<(usize, String)>> {
    let contact = ENTITIES
        .iter()
        .position(|e| e.table == "contact")
        .unwrap_or_default();
    let mut out = Vec::new();
    for gid in super::redirect::refresh(conn)? {
        let mut rows = pointing_to(conn, &gid)?;
        rows.push((contact, gid));
        for row in rows {
            if seen.insert(row.clone()) {
                out.push(row);
            }
        }
    }
    Ok(out)
}

/// The rows whose fields or sets, as the merge state has them, point to the row `gid`.
fn pointing_to(conn: &Connection, gid: &str) -> Result<Vec<(usize, String)>> {
    let rows: Vec<(String, String)> = conn
        .prepare_cached(
            "SELECT tbl, row FROM sync_stamp WHERE value = json_quote(?1)
             UNION SELECT tbl, row FROM sync_added WHERE instr(value, ?1) > 0",
        )?
        .query_map([gid], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows
        .into_iter()
        .filter_map(|(t, row)| Some((ENTITIES.iter().position(|e| e.table == t)?, row)))
        .collect())
}

/// Materializes `round`, counting into `out`; the rows left waiting go to `again`, and the
/// gids of rows written again after they were deleted here to `revived`.
#[allow(clippy::too_many_arguments)]
fn materialize_round(
    conn: &Connection,
    round: &[(usize, String)],
    region: Option<&str>,
    out: &mut Materialized,
    index: &mut BTreeMap<&'static str, Vec<i64>>,
    contacts: &mut Vec<i64>,
    (again, revived): (&mut Vec<(usize, String)>, &mut Vec<String>),
) -> Result<()> {
    for (at, gid) in round {
        let e = &ENTITIES[*at];
        let was_here = local_id(conn, e.table, gid)?.is_some();
        // A row the schema refuses (another row here already has its unique name: an
        // interest created on two devices, one renamed) waits, and the pass goes on.
        conn.execute_batch("SAVEPOINT sync_row")?;
        let outcome = match materialize_row(conn, e, gid, region) {
            Ok(outcome) => {
                conn.execute_batch("RELEASE sync_row")?;
                outcome
            }
            Err(err) if is_constraint(&err) => {
                conn.execute_batch("ROLLBACK TO sync_row; RELEASE sync_row")?;
                out.refused.push(format!("{} {gid}: {err}", e.table));
                Row::Waiting(None)
            }
            Err(err) => return Err(err),
        };
        conn.prepare_cached("DELETE FROM sync_waiting WHERE tbl = ?1 AND row = ?2")?
            .execute(params![e.table, gid])?;
        if let (false, Row::Written(_) | Row::Waiting(Some(_))) = (was_here, &outcome) {
            let deleted_before: bool = conn
                .prepare_cached(
                    "SELECT EXISTS (SELECT 1 FROM sync_deleted WHERE tbl = ?1 AND row = ?2)",
                )?
                .query_row(params![e.table, gid], |r| r.get(0))?;
            if deleted_before {
                revived.push(gid.clone());
            }
        }
        if let Row::Deleted(Some(id)) | Row::Written(id) | Row::Waiting(Some(id)) = outcome {
            index.entry(e.table).or_default().push(id);
            if e.table == "contact" {
                contacts.push(id);
            }
        }
        match outcome {
            Row::Deleted(Some(_)) => out.deleted += 1,
            Row::Deleted(None) => {}
            Row::Waiting(_) => {
                out.waiting += 1;
                again.push((*at, gid.clone()));
                conn.prepare_cached(
                    "INSERT OR IGNORE INTO sync_waiting (tbl, row) VALUES (?1, ?2)",
                )?
                .execute(params![e.table, gid])?;
            }
            Row::Written(_) => out.written += 1,
            Row::Unknown => {}
        }
    }
    Ok(())
}

/// What the store's write functions do beside the rows: the search index, sort and match keys.
fn finish(
    conn: &Connection,
    index: BTreeMap<&'static str, Vec<i64>>,
    contacts: Vec<i64>,
) -> Result<()> {
    for (table, ids) in index {
        let entry = match table {
            "contact" => Entry::Contact,
            "interaction" => Entry::Interaction,
            "ask" => Entry::Ask,
            _ => continue,
        };
        crate::store::search::reindex(conn, entry, &ids)?;
    }
    for id in contacts {
        let name: Option<String> = conn
            .query_row("SELECT name FROM contact WHERE id = ?1", [id], |r| r.get(0))
            .optional()?;
        if let Some(name) = name {
            conn.prepare_cached("UPDATE contact SET sort_key = ?2, name_key = ?3 WHERE id = ?1")?
                .execute(params![
                    id,
                    crate::store::contacts::sort_key(&name),
                    crate::identity::name_key(&name)
                ])?;
        }
    }
    Ok(())
}

enum Row {
    /// Nothing known of it but a change to a set or a delete of a row never seen.
    Unknown,
    /// Deleted here (its id, if it was here).
    Deleted(Option<i64>),
    /// A reference it needs has not arrived; written without it if it could be (its id).
    Waiting(Option<i64>),
    Written(i64),
}

/// This database's id of the row `gid` of `table`, if it is here.
pub(crate) fn local_id(conn: &Connection, table: &str, gid: &str) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached(&format!("SELECT id FROM {table} WHERE gid = ?1"))?
        .query_row([gid], |r| r.get(0))
        .optional()?)
}

/// Whether the row's latest delete is after its latest edit. (SQLite's `max(a, b)` is null
/// when either is: a row with no set elements would count as never edited.)
fn is_deleted(conn: &Connection, table: &str, gid: &str) -> Result<bool> {
    if table == "contact" && super::redirect::target(conn, gid)?.is_some() {
        // Merged away: gone, whatever edits of it arrive (they were made before their
        // device heard of the merge).
        return Ok(true);
    }
    let (deleted, edited): (Option<String>, Option<String>) = conn
        .prepare_cached(
            "SELECT (SELECT max(hlc || '@' || device) FROM sync_deleted WHERE tbl = ?1 AND row = ?2),
                    nullif(max(
                        coalesce((SELECT max(hlc || '@' || device) FROM sync_stamp
                                  WHERE tbl = ?1 AND row = ?2), ''),
                        coalesce((SELECT max(hlc || '@' || device) FROM sync_added
                                  WHERE tbl = ?1 AND row = ?2), '')), '')",
        )?
        .query_row([table, gid], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(match (deleted, edited) {
        (Some(d), Some(e)) => d > e,
        (Some(_), None) => true,
        _ => false,
    })
}

/// Each column's winning value: the greatest stamp.
pub(crate) fn winners(
    conn: &Connection,
    table: &str,
    gid: &str,
) -> Result<BTreeMap<String, Value>> {
    let mut out = BTreeMap::new();
    let rows: Vec<(String, String)> = conn
        .prepare_cached(
            "SELECT col, value FROM sync_stamp WHERE tbl = ?1 AND row = ?2
             ORDER BY col, hlc DESC, device DESC",
        )?
        .query_map([table, gid], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (col, text) in rows {
        out.entry(col)
            .or_insert_with(|| serde_json::from_str(&text).unwrap_or(Value::Null));
    }
    Ok(out)
}

/// A row moved to the trash on one device and edited after on another (which had not seen
/// it go: a row in the trash cannot be edited) is kept out of the trash, the same on every
/// device; `sync_conflicts` lists it. Returns the trashing's stamp and the latest such edit's
/// (`<hlc>@<device>`). Every device's latest write of every field counts, not only the fields'
/// winners: an edit that kept the row out of the trash keeps it out when a later write wins
/// its field, so a device never has to write the row again for a change of its own.
pub(crate) fn trash_overruled(
    conn: &Connection,
    table: &str,
    gid: &str,
) -> Result<Option<(String, String)>> {
    let trashed: Option<(String, String, String)> = conn
        .prepare_cached(
            "SELECT hlc || '@' || device, device, value FROM sync_stamp
             WHERE tbl = ?1 AND row = ?2 AND col = 'deleted_at'
             ORDER BY hlc DESC, device DESC LIMIT 1",
        )?
        .query_row([table, gid], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    let Some((trashed, by, _)) = trashed.filter(|(_, _, value)| value != "null") else {
        return Ok(None);
    };
    let edit: Option<String> = conn
        .prepare_cached(
            "SELECT max(hlc || '@' || device) FROM sync_stamp
             WHERE tbl = ?1 AND row = ?2 AND col <> 'deleted_at' AND device <> ?3",
        )?
        .query_row(params![table, gid, by], |r| r.get(0))?;
    Ok(edit.filter(|e| *e > trashed).map(|e| (trashed, e)))
}

/// A gid as this device's id of that row: `Err(())` when the row is not here (yet).
fn resolve(
    conn: &Connection,
    table: &str,
    value: &Value,
) -> Result<std::result::Result<SqlValue, ()>> {
    match value {
        Value::String(gid) => {
            // A merged-away contact is the one it was merged into.
            let gid = if table == "contact" {
                super::redirect::follow(conn, gid)?
            } else {
                gid.clone()
            };
            Ok(match local_id(conn, table, &gid)? {
                Some(id) => Ok(SqlValue::Integer(id)),
                // Deleted for good: nothing to wait for.
                None if is_deleted(conn, table, &gid)? => Ok(SqlValue::Null),
                None => Err(()),
            })
        }
        _ => Ok(Ok(SqlValue::Null)),
    }
}

fn materialize_row(conn: &Connection, e: &Entity, gid: &str, region: Option<&str>) -> Result<Row> {
    let t = e.table;
    let id = local_id(conn, t, gid)?;
    if is_deleted(conn, t, gid)? {
        if let Some(id) = id {
            conn.execute(&format!("DELETE FROM {t} WHERE id = ?1"), [id])?;
        }
        return Ok(Row::Deleted(id));
    }
    let winners = winners(conn, t, gid)?;
    let untrash = trash_overruled(conn, t, gid)?.is_some();
    let mut waiting = false;
    let mut values: Vec<(&'static str, SqlValue)> = Vec::new();
    for c in e.columns {
        let Some(value) = winners.get(c.name) else {
            continue;
        };
        if untrash && c.name == "deleted_at" {
            values.push((c.name, SqlValue::Null));
            continue;
        }
        let sql = match c.refers {
            Some(target) => match resolve(conn, target, value)? {
                Ok(v) => v,
                Err(()) => {
                    waiting = true;
                    if spec::required_refs(e).contains(&c.name) {
                        continue;
                    }
                    SqlValue::Null
                }
            },
            None => to_sql(value),
        };
        values.push((c.name, sql));
    }
    if t == "relationship" {
        order_pair(&mut values);
        if merged_into_one(conn, id, &values)? {
            if let Some(id) = id {
                conn.execute("DELETE FROM relationship WHERE id = ?1", [id])?;
            }
            return Ok(Row::Deleted(id));
        }
    }
    if t == "contact" {
        one_self(conn, gid, &mut values)?;
        // Introduced by someone since merged into them: by no one.
        for (c, v) in &mut values {
            if *c == "introduced_by" && id.is_some_and(|id| *v == SqlValue::Integer(id)) {
                *v = SqlValue::Null;
            }
        }
    }
    let id = match id {
        Some(id) => {
            if !values.is_empty() {
                let sets = values
                    .iter()
                    .enumerate()
                    .map(|(i, (c, _))| format!("{c} = ?{}", i + 2))
                    .collect::<Vec<_>>()
                    .join(", ");
                let changed = values
                    .iter()
                    .enumerate()
                    .map(|(i, (c, _))| format!("{c} IS NOT ?{}", i + 2))
                    .collect::<Vec<_>>()
                    .join(" OR ");
                let mut bind = vec![SqlValue::Integer(id)];
                bind.extend(values.iter().map(|(_, v)| v.clone()));
                conn.prepare_cached(&format!(
                    "UPDATE {t} SET {sets} WHERE id = ?1 AND ({changed})"
                ))?
                .execute(rusqlite::params_from_iter(bind))?;
            }
            id
        }
        None => {
            if winners.is_empty() {
                return Ok(Row::Unknown);
            }
            match insert_row(conn, e, gid, &values)? {
                Some(id) => id,
                None => return Ok(Row::Waiting(None)),
            }
        }
    };
    for s in e.sets {
        if !materialize_set(conn, e, s, id, gid, region)? {
            waiting = true;
        }
    }
    Ok(if waiting {
        Row::Waiting(Some(id))
    } else {
        Row::Written(id)
    })
}

/// Writes a row new here from its columns' winners (`values`), the schema's required columns
/// that no change has set yet filled in; `None` when a reference it needs is not here yet.
fn insert_row(
    conn: &Connection,
    e: &Entity,
    gid: &str,
    values: &[(&'static str, SqlValue)],
) -> Result<Option<i64>> {
    let t = e.table;
    let given: BTreeSet<&str> = values.iter().map(|(c, _)| *c).collect();
    if spec::required_refs(e).iter().any(|r| !given.contains(r)) {
        return Ok(None);
    }
    let mut cols = vec!["gid".to_owned()];
    let mut exprs = vec!["?1".to_owned()];
    let mut bind = vec![SqlValue::Text(gid.to_owned())];
    for (c, v) in values {
        cols.push((*c).to_owned());
        bind.push(v.clone());
        exprs.push(format!("?{}", bind.len()));
    }
    for c in e.columns {
        if let (Some(fill), false) = (c.fill, given.contains(c.name)) {
            cols.push(c.name.to_owned());
            exprs.push(fill.to_owned());
        }
    }
    if t == "contact" || t == "interaction" {
        // Not synced (every edit would conflict on it): a new row's is its creation.
        let created = cols.iter().position(|c| c == "created_at");
        cols.push("updated_at".into());
        exprs.push(created.map_or_else(|| "0".to_owned(), |i| exprs[i].clone()));
    }
    conn.prepare_cached(&format!(
        "INSERT INTO {t} ({}) VALUES ({})",
        cols.join(", "),
        exprs.join(", ")
    ))?
    .execute(rusqlite::params_from_iter(bind))?;
    Ok(Some(conn.last_insert_rowid()))
}

/// Two devices that each had a "me" before they synced: the one with the smaller gid is
/// "me" on every device, the other an ordinary contact (the person can merge them). The
/// schema allows one "me".
fn one_self(conn: &Connection, gid: &str, values: &mut [(&'static str, SqlValue)]) -> Result<()> {
    let Some(flag) = values
        .iter_mut()
        .find(|(c, v)| *c == "is_self" && *v == SqlValue::Integer(1))
    else {
        return Ok(());
    };
    let other: Option<(i64, String)> = conn
        .query_row(
            "SELECT id, coalesce(gid, '') FROM contact WHERE is_self = 1 AND gid IS NOT ?1",
            [gid],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    match other {
        Some((id, other_gid)) if gid < other_gid.as_str() => {
            conn.execute("UPDATE contact SET is_self = 0 WHERE id = ?1", [id])?;
        }
        Some(_) => flag.1 = SqlValue::Integer(0),
        None => {}
    }
    Ok(())
}

/// Whether a relationship is between one person and themselves, or the same as another
/// relationship here, once merged-away people are the ones they were merged into (Ana is Bo's
/// manager, Bo merged into Ana; or a friendship of Bo and Cy where Ana and Cy are friends
/// already): it is not written while the merge holds (a merge made here deletes it).
fn merged_into_one(
    conn: &Connection,
    id: Option<i64>,
    values: &[(&'static str, SqlValue)],
) -> Result<bool> {
    let get = |name: &str| values.iter().find(|(c, _)| *c == name).map(|(_, v)| v);
    let (Some(a), Some(b), Some(kind)) = (get("a"), get("b"), get("kind")) else {
        return Ok(false);
    };
    if a == b && *a != SqlValue::Null {
        return Ok(true);
    }
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM relationship
                            WHERE a = ?1 AND b = ?2 AND kind = ?3 AND id IS NOT ?4)",
        )?
        .query_row(params![a, b, kind, id], |r| r.get(0))?)
}

/// A relationship of a two-sided kind is stored with its lower contact id first (a CHECK of
/// the schema); ids differ between devices, so the order is made here.
fn order_pair(values: &mut [(&'static str, SqlValue)]) {
    let kind = values
        .iter()
        .find(|(c, _)| *c == "kind")
        .map(|(_, v)| v.clone());
    let one_sided = matches!(&kind, Some(SqlValue::Text(k)) if ["parent", "manager", "mentor"].contains(&k.as_str()));
    if one_sided {
        return;
    }
    let a = values.iter().position(|(c, _)| *c == "a");
    let b = values.iter().position(|(c, _)| *c == "b");
    if let (Some(a), Some(b)) = (a, b) {
        if let (SqlValue::Integer(x), SqlValue::Integer(y)) = (&values[a].1, &values[b].1) {
            if x > y {
                let (x, y) = (values[a].1.clone(), values[b].1.clone());
                values[a].1 = y;
                values[b].1 = x;
            }
        }
    }
}

/// The set's elements as the merge state has them: `(live, known)`, where `known` holds
/// every element with an add recorded (an element here with none was written by something
/// that does not sync, and is left alone).
fn set_state(
    conn: &Connection,
    table: &str,
    gid: &str,
    set: &str,
) -> Result<(BTreeSet<String>, BTreeSet<String>)> {
    let rows: Vec<(String, bool)> = conn
        .prepare_cached(
            "SELECT a.value, NOT EXISTS (
                 SELECT 1 FROM sync_removed r
                 WHERE r.tbl = a.tbl AND r.row = a.row AND r.col = a.col AND r.value = a.value
                   AND r.hlc = a.hlc AND r.device = a.device)
             FROM sync_added a WHERE a.tbl = ?1 AND a.row = ?2 AND a.col = ?3",
        )?
        .query_map([table, gid, set], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut live = BTreeSet::new();
    let mut known = BTreeSet::new();
    for (value, alive) in rows {
        if alive {
            live.insert(value.clone());
        }
        known.insert(value);
    }
    Ok((live, known))
}

/// Makes the set `s` of the row `id` what the merge state says. False when an element waits
/// for the row it names.
fn materialize_set(
    conn: &Connection,
    e: &Entity,
    s: &SetSpec,
    id: i64,
    gid: &str,
    region: Option<&str>,
) -> Result<bool> {
    let (mut live, mut known) = set_state(conn, e.table, gid, s.name)?;
    if known.is_empty() {
        return Ok(true);
    }
    if s.element == Element::Photo {
        // One photo: the greatest of those in the set (see `Element::Photo`).
        live = live.pop_last().into_iter().collect();
    }
    if !contact_refs(s).is_empty() && super::redirect::any(conn)? {
        // An element naming a merged-away person names the one kept; an element here that
        // was written under a merge since undone is one of the elements' images.
        let mut mapped = BTreeSet::new();
        for element in live {
            mapped.extend(redirect_element(conn, s, element)?);
        }
        live = mapped;
        let mut images = BTreeSet::new();
        for element in &known {
            images.extend(element_images(conn, s, element)?);
        }
        known = images;
    }
    if let Element::Row { refs, .. } = s.element {
        if !refs.is_empty() {
            live = settle_refs(conn, s, refs, live)?;
            known = settle_refs(conn, s, refs, known)?;
        }
    }
    let here: Vec<Option<String>> = conn
        .prepare_cached(&format!(
            "SELECT {} FROM {} x WHERE x.{} = ?1",
            element_expr("x", s),
            s.table,
            s.parent
        ))?
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut present = BTreeSet::new();
    for element in here.into_iter().flatten() {
        if known.contains(&element) && !live.contains(&element) {
            conn.prepare_cached(&format!(
                "DELETE FROM {t} WHERE {p} = ?1 AND {el} = ?2",
                t = s.table,
                p = s.parent,
                el = element_expr(s.table, s),
            ))?
            .execute(params![id, element])?;
        } else {
            present.insert(element);
        }
    }
    let mut complete = true;
    for (position, element) in live.difference(&present).enumerate() {
        let value: Value = serde_json::from_str(element).unwrap_or(Value::Null);
        if !insert_element(conn, s, id, &value, present.len() + position, region)? {
            complete = false;
        }
    }
    Ok(complete)
}

/// Where a set's elements name a contact: the whole element (`None`, a link to a contact) or
/// these keys of it.
fn contact_refs(s: &SetSpec) -> Vec<Option<&'static str>> {
    match s.element {
        Element::Link {
            target: "contact", ..
        } => vec![None],
        Element::Row { refs, .. } => refs
            .iter()
            .filter(|(_, t)| *t == "contact")
            .map(|(c, _)| Some(*c))
            .collect(),
        _ => Vec::new(),
    }
}

/// The contact gid at `at` of an element (see [`contact_refs`]).
fn ref_at<'v>(value: &'v mut Value, at: Option<&str>) -> Option<&'v mut Value> {
    match at {
        None => Some(value),
        Some(key) => value.get_mut(key),
    }
}

/// An element with each merged-away person it names replaced by the one kept; `None` when
/// that leaves help given by someone to themselves (a merge drops it too).
fn redirect_element(conn: &Connection, s: &SetSpec, text: String) -> Result<Option<String>> {
    let mut value: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
    let mut changed = false;
    for at in contact_refs(s) {
        if let Some(slot) = ref_at(&mut value, at) {
            if let Value::String(gid) = slot {
                let to = super::redirect::follow(conn, gid)?;
                if to != *gid {
                    *slot = Value::String(to);
                    changed = true;
                }
            }
        }
    }
    if !changed {
        return Ok(Some(text));
    }
    let giver = value.get("giver_id").filter(|v| v.is_string());
    if s.table == "help" && giver.is_some() && giver == value.get("receiver_id") {
        return Ok(None);
    }
    Ok(Some(sql_json(conn, &value)?))
}

/// Every form an element may have been written in here: each person it names, or anyone they
/// were ever merged into (a merge since undone).
fn element_images(conn: &Connection, s: &SetSpec, text: &str) -> Result<Vec<String>> {
    let value: Value = serde_json::from_str(text).unwrap_or(Value::Null);
    let mut out = vec![value];
    for at in contact_refs(s) {
        let mut first = out[0].clone();
        let Some(Value::String(gid)) = ref_at(&mut first, at).map(|v| v.clone()) else {
            continue;
        };
        let reach = crate::store::contact_merges::list_contact_merge_reach(conn, &gid)?;
        if reach.len() < 2 {
            continue;
        }
        let mut next = Vec::with_capacity(out.len() * reach.len());
        for v in &out {
            for g in &reach {
                let mut image = v.clone();
                if let Some(slot) = ref_at(&mut image, at) {
                    *slot = Value::String(g.clone());
                }
                next.push(image);
            }
        }
        out = next;
    }
    if out.len() == 1 {
        return Ok(vec![text.to_owned()]);
    }
    out.iter().map(|v| sql_json(conn, v)).collect()
}

/// Elements as the rows they name make them here: a row an element points to that was deleted
/// for good is a null there (the schema's `ON DELETE SET NULL` did the same to the child row
/// here), or, for a column that cannot be null, the element is gone with it (`ON DELETE
/// CASCADE`). Without this the element, still live in the merge state, would be written again
/// as a second row.
fn settle_refs(
    conn: &Connection,
    s: &SetSpec,
    refs: &[(&str, &str)],
    elements: BTreeSet<String>,
) -> Result<BTreeSet<String>> {
    let not_null: BTreeSet<String> = conn
        .prepare_cached(&format!(
            "SELECT name FROM pragma_table_info('{}') WHERE \"notnull\"",
            s.table
        ))?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = BTreeSet::new();
    'elements: for text in elements {
        let mut value: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        let mut changed = false;
        for (c, target) in refs {
            let Some(Value::String(gid)) = value.get(*c) else {
                continue;
            };
            if local_id(conn, target, gid)?.is_none() && is_deleted(conn, target, gid)? {
                if not_null.contains(*c) {
                    continue 'elements;
                }
                value[*c] = Value::Null;
                changed = true;
            }
        }
        out.insert(if changed {
            sql_json(conn, &value)?
        } else {
            text
        });
    }
    Ok(out)
}

fn insert_element(
    conn: &Connection,
    s: &SetSpec,
    parent: i64,
    value: &Value,
    position: usize,
    region: Option<&str>,
) -> Result<bool> {
    match s.element {
        Element::Text { column } => {
            let added = conn
                .prepare_cached(&format!(
                    "INSERT OR IGNORE INTO {} ({}, {column}) VALUES (?1, ?2)",
                    s.table, s.parent
                ))?
                .execute(params![parent, to_sql(value)])?;
            if added == 0 && s.table == "interest_alias" {
                // A name can be the other name of one interest only: given to two on two
                // devices at once, it is the one with the smaller gid's, on every device.
                conn.prepare_cached(
                    "UPDATE interest_alias SET interest_id = ?1
                     WHERE alias = ?2 AND interest_id <> ?1
                       AND (SELECT gid FROM interest WHERE id = interest_id)
                           > (SELECT gid FROM interest WHERE id = ?1)",
                )?
                .execute(params![parent, to_sql(value)])?;
            }
        }
        Element::Channel => {
            let field = |k: &str| {
                value
                    .get(k)
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_owned()
            };
            let Ok(kind) = serde_json::from_value::<ChannelKind>(Value::String(field("kind")))
            else {
                return Ok(true);
            };
            let label = value
                .get("label")
                .and_then(Value::as_str)
                .map(str::to_owned);
            let types = field("types");
            let ch = Channel {
                kind,
                label,
                value: field("value"),
                types: types
                    .split(',')
                    .filter(|t| !t.is_empty())
                    .map(str::to_owned)
                    .collect(),
            };
            if ch.value.is_empty() {
                return Ok(true);
            }
            let identity = crate::identity::channel::value(&ch, region);
            crate::store::contacts::insert_channel(
                conn,
                parent,
                position,
                &ch,
                identity.as_deref(),
            )?;
        }
        Element::Photo => {
            conn.prepare_cached(
                "INSERT INTO contact_photo (contact_id, mime, data)
                 VALUES (?1, json_extract(?2, '$.mime'), unhex(json_extract(?2, '$.data')))
                 ON CONFLICT (contact_id) DO UPDATE SET mime = excluded.mime, data = excluded.data",
            )?
            .execute(params![parent, value.to_string()])?;
        }
        Element::Row {
            columns,
            positioned,
            refs,
        } => {
            let position = positioned.then_some(position);
            return insert_row_element(conn, s, parent, value, columns, refs, position);
        }
        Element::Link { column, target } => {
            let Ok(other) = resolve(conn, target, value)? else {
                return Ok(false);
            };
            if s.table == "interaction_participant" {
                conn.prepare_cached(
                    "INSERT OR IGNORE INTO interaction_participant
                         (interaction_id, contact_id, occurred_at, deleted)
                     SELECT id, ?2, occurred_at, deleted_at IS NOT NULL FROM interaction WHERE id = ?1",
                )?
                .execute(params![parent, other])?;
            } else {
                conn.prepare_cached(&format!(
                    "INSERT OR IGNORE INTO {} ({}, {column}) VALUES (?1, ?2)",
                    s.table, s.parent
                ))?
                .execute(params![parent, other])?;
            }
        }
    }
    Ok(true)
}

/// A [`Element::Row`] element written as a child row of `parent` (at `position`, for a table
/// that orders its rows); false when a row it points to is not here yet (it waits).
fn insert_row_element(
    conn: &Connection,
    s: &SetSpec,
    parent: i64,
    value: &Value,
    columns: &[&str],
    refs: &[(&str, &str)],
    position: Option<usize>,
) -> Result<bool> {
    for (c, target) in refs {
        if let Some(v) = value.get(*c).filter(|v| !v.is_null()) {
            if resolve(conn, target, v)?.is_err() {
                return Ok(false);
            }
        }
    }
    let mut cols: Vec<String> = vec![s.parent.to_owned()];
    let mut exprs: Vec<String> = vec!["?1".to_owned()];
    for c in columns {
        cols.push((*c).to_owned());
        exprs.push(match refs.iter().find(|(r, _)| r == c) {
            Some((_, target)) => {
                format!("(SELECT id FROM main.{target} WHERE gid = json_extract(?2, '$.{c}'))")
            }
            None => format!("json_extract(?2, '$.{c}')"),
        });
    }
    if position.is_some() {
        cols.push("position".into());
        exprs.push("?3".into());
    }
    let sql = format!(
        "INSERT INTO {} ({}) VALUES ({})",
        s.table,
        cols.join(", "),
        exprs.join(", ")
    );
    let json = value.to_string();
    match position {
        Some(at) => conn
            .prepare_cached(&sql)?
            .execute(params![parent, json, at as i64])?,
        None => conn.prepare_cached(&sql)?.execute(params![parent, json])?,
    };
    Ok(true)
}
