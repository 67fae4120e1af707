//! Restoring a complete JSON export (read by `io::json`) into an empty database, in one
//! transaction. An export from an older schema is loaded into a scratch database at that
//! schema, upgraded by the normal migrations, then copied, so old exports stay restorable.

use std::collections::HashMap;

use rusqlite::Connection;

use crate::error::Result;
use crate::io::json::{self, invalid, Table};
use crate::io::{ImportPlan, TableCount};
use crate::store::migrate::SCHEMA_VERSION;
use crate::store::{contacts, dump, search};
use crate::Store;

/// Refuses a database that already holds data.
fn check_empty(conn: &Connection, path: &str) -> Result<()> {
    match dump::first_with_rows(conn)? {
        None => Ok(()),
        Some((table, n)) => Err(invalid(
            path,
            format!(
                "a JSON export is restored into an empty database only, and this one has data \
                 ({n} rows in \"{table}\"): open a new database file (--db NEW.db) and import it there"
            ),
        )),
    }
}

/// Inserts the export's rows into `conn` (in a transaction the caller holds).
fn insert(conn: &Connection, tables: &[(String, Table)], path: &str) -> Result<Vec<TableCount>> {
    let known = dump::data_tables(conn)?;
    let mut by_name: HashMap<&str, &Table> = HashMap::new();
    for (name, table) in tables {
        if !known.contains(name) {
            return Err(invalid(
                path,
                format!("table \"{name}\" is not part of Kith's database"),
            ));
        }
        by_name.insert(name, table);
    }
    dump::defer_foreign_keys(conn)?;
    let mut counts = Vec::new();
    for name in &known {
        let Some(table) = by_name.get(name.as_str()) else {
            continue;
        };
        let (cols, _) = dump::table_shape(conn, name)?;
        if let Some(bad) = table.columns.iter().find(|c| !cols.contains(c)) {
            return Err(invalid(
                path,
                format!("table \"{name}\" has no column \"{bad}\""),
            ));
        }
        if let Err((i, e)) = dump::insert_rows(conn, name, &table.columns, &table.rows)? {
            return Err(invalid(
                path,
                format!("table \"{name}\", row {}: {e}", i + 1),
            ));
        }
        counts.push(TableCount {
            table: name.clone(),
            rows: table.rows.len() as u64,
        });
    }
    Ok(counts)
}

/// An export from an older schema, loaded at that schema and upgraded: its tables as they
/// are at the current schema.
fn upgrade(version: i64, tables: Vec<(String, Table)>, path: &str) -> Result<Vec<(String, Table)>> {
    let mut scratch = dump::scratch_at(version)?;
    let tx = scratch.transaction()?;
    insert(&tx, &tables, path)?;
    tx.commit()?;
    dump::upgrade_scratch(&mut scratch)?;
    Ok(dump::read_all(&scratch)?
        .into_iter()
        .map(|(name, columns, rows)| (name, Table { columns, rows }))
        .collect())
}

/// What restoring the export would do (checks the file and that the database is empty).
pub(super) fn plan_restore(conn: &Connection, bytes: &[u8], path: &str) -> Result<ImportPlan> {
    let export = json::read(bytes, path, SCHEMA_VERSION)?;
    check_empty(conn, path)?;
    let known = dump::data_tables(conn)?;
    let mut counts: Vec<TableCount> = export
        .tables
        .iter()
        .map(|(n, t)| TableCount {
            table: n.clone(),
            rows: t.rows.len() as u64,
        })
        .collect();
    counts.sort_by_key(|c| known.iter().position(|k| *k == c.table));
    Ok(json::plan(&export.tables, false, counts))
}

/// Restores a JSON export into `store`, which must be empty. All or nothing.
pub(super) fn restore(store: &mut Store, bytes: &[u8], path: &str) -> Result<ImportPlan> {
    let export = json::read(bytes, path, SCHEMA_VERSION)?;
    let tables = if export.schema_version < SCHEMA_VERSION {
        upgrade(export.schema_version, export.tables, path)?
    } else {
        export.tables
    };
    let tx = store.conn.transaction()?;
    check_empty(&tx, path)?;
    let counts = insert(&tx, &tables, path)?;
    // Neither the index nor the identities are part of an export: they are written from the
    // rows.
    search::rebuild(&tx)?;
    contacts::rebuild_identities(&tx)?;
    tx.commit().map_err(|e| {
        invalid(
            path,
            format!("the restored data is inconsistent ({e}); nothing was written"),
        )
    })?;
    Ok(json::plan(&tables, true, counts))
}
