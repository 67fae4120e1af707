//! Every data table, row by row, with its columns named: what the complete JSON export holds
//! and what restoring one writes back (the format itself is `io::json`'s).
//!
//! The data tables are every table but SQLite's own, the full-text index with its shadow
//! tables (rebuilt from the rows) and [`FILE_STATE`] (the file's own state and what is
//! derived from other tables). Rows are listed in a stable order
//! (rowid, else the primary key), so two exports of the same data are the same bytes.

use rusqlite::types::{Value, ValueRef};
use rusqlite::Connection;

use crate::error::Result;
use crate::store::migrate::{self, MIGRATIONS};

/// Tables that are not data: about the file (when its damage check last passed), or derived
/// from other tables (the identities, from the channels; who knows whom, from the
/// participants, by triggers as the restore writes them). Not exported, and not counted as
/// data when a restore checks that the database is empty.
const FILE_STATE: &[&str] = &["integrity_check", "identity", "knows"];

fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

fn quoted_list(names: &[String]) -> String {
    names
        .iter()
        .map(|c| quote(c))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The data tables, in creation order.
pub fn data_tables(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT name, type, coalesce(sql, '') FROM sqlite_schema WHERE type = 'table' ORDER BY rowid",
    )?;
    let rows: Vec<(String, String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let virtuals: Vec<String> = rows
        .iter()
        .filter(|(_, _, sql)| sql.to_ascii_uppercase().starts_with("CREATE VIRTUAL TABLE"))
        .map(|(n, _, _)| n.clone())
        .collect();
    Ok(rows
        .into_iter()
        .map(|(n, _, _)| n)
        .filter(|n| !n.starts_with("sqlite_") && !FILE_STATE.contains(&n.as_str()))
        .filter(|n| {
            !virtuals
                .iter()
                .any(|v| n == v || n.starts_with(&format!("{v}_")))
        })
        .collect())
}

/// The columns of `table`, and the `ORDER BY` that lists its rows in a stable order (rowid,
/// else the primary key).
pub fn table_shape(conn: &Connection, table: &str) -> Result<(Vec<String>, String)> {
    let mut stmt = conn.prepare(&format!("PRAGMA table_info({})", quote(table)))?;
    let cols: Vec<(String, i64)> = stmt
        .query_map([], |r| Ok((r.get::<_, String>(1)?, r.get::<_, i64>(5)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let has_rowid = conn
        .prepare(&format!("SELECT rowid FROM {} LIMIT 0", quote(table)))
        .is_ok();
    let order = if has_rowid {
        "rowid".to_owned()
    } else {
        let mut pk: Vec<&(String, i64)> = cols.iter().filter(|(_, k)| *k > 0).collect();
        pk.sort_by_key(|(_, k)| *k);
        let list: Vec<&(String, i64)> = if pk.is_empty() {
            cols.iter().collect()
        } else {
            pk
        };
        list.iter()
            .map(|(n, _)| quote(n))
            .collect::<Vec<_>>()
            .join(", ")
    };
    Ok((cols.into_iter().map(|(n, _)| n).collect(), order))
}

/// Calls `row` with the values of each row of `table` (its columns `cols`, in `order`, as
/// [`table_shape`] gives them).
pub fn for_each_row(
    conn: &Connection,
    table: &str,
    cols: &[String],
    order: &str,
    row: &mut dyn FnMut(&[ValueRef<'_>]) -> Result<()>,
) -> Result<()> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {} FROM {} ORDER BY {order}",
        quoted_list(cols),
        quote(table)
    ))?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let values = (0..cols.len())
            .map(|i| r.get_ref(i))
            .collect::<rusqlite::Result<Vec<_>>>()?;
        row(&values)?;
    }
    Ok(())
}

fn owned(v: ValueRef<'_>) -> Value {
    match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::Integer(i),
        ValueRef::Real(f) => Value::Real(f),
        ValueRef::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => Value::Blob(b.to_vec()),
    }
}

/// A table's name, columns and rows.
pub type TableRows = (String, Vec<String>, Vec<Vec<Value>>);

/// Every data table with its columns and rows, owned.
pub fn read_all(conn: &Connection) -> Result<Vec<TableRows>> {
    let mut out = Vec::new();
    for name in data_tables(conn)? {
        let (cols, order) = table_shape(conn, &name)?;
        let mut rows = Vec::new();
        for_each_row(conn, &name, &cols, &order, &mut |values| {
            rows.push(values.iter().map(|v| owned(*v)).collect());
            Ok(())
        })?;
        out.push((name, cols, rows));
    }
    Ok(out)
}

/// The first data table that holds rows, and how many: `None` when the database is empty.
pub fn first_with_rows(conn: &Connection) -> Result<Option<(String, i64)>> {
    for table in data_tables(conn)? {
        let n: i64 = conn.query_row(
            &format!("SELECT count(*) FROM {}", quote(&table)),
            [],
            |r| r.get(0),
        )?;
        if n > 0 {
            return Ok(Some((table, n)));
        }
    }
    Ok(None)
}

/// Checks foreign keys at commit rather than per row, so tables can be filled in any order
/// (until the transaction ends).
pub fn defer_foreign_keys(conn: &Connection) -> Result<()> {
    conn.execute_batch("PRAGMA defer_foreign_keys = ON")?;
    Ok(())
}

/// Inserts `rows` (values of `columns`) into `table`. A row SQLite refuses is an
/// `Err((its index, SQLite's error))` in the inner result; other failures are the outer.
pub fn insert_rows(
    conn: &Connection,
    table: &str,
    columns: &[String],
    rows: &[Vec<Value>],
) -> Result<std::result::Result<(), (usize, rusqlite::Error)>> {
    let marks = (1..=columns.len())
        .map(|i| format!("?{i}"))
        .collect::<Vec<_>>()
        .join(", ");
    let mut stmt = conn.prepare(&format!(
        "INSERT INTO {} ({}) VALUES ({marks})",
        quote(table),
        quoted_list(columns)
    ))?;
    for (i, row) in rows.iter().enumerate() {
        if let Err(e) = stmt.execute(rusqlite::params_from_iter(row.iter())) {
            return Ok(Err((i, e)));
        }
    }
    Ok(Ok(()))
}

/// A private database in memory at schema `version` (the first `version` migrations), to
/// load an old export into before it is upgraded with [`upgrade_scratch`].
pub fn scratch_at(version: i64) -> Result<Connection> {
    let mut scratch = Connection::open_in_memory()?;
    scratch.execute_batch("PRAGMA foreign_keys = ON")?;
    let at = usize::try_from(version).unwrap_or(0).min(MIGRATIONS.len());
    migrate::migrate(&mut scratch, None, &MIGRATIONS[..at])?;
    Ok(scratch)
}

/// Brings a [`scratch_at`] database up to the current schema.
pub fn upgrade_scratch(scratch: &mut Connection) -> Result<()> {
    migrate::migrate(scratch, None, MIGRATIONS)?;
    Ok(())
}
