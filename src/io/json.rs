//! The complete JSON export, and its restore into an empty database.
//!
//! The export is every table of the database (contacts, channels, tags, dates, interests and
//! aliases, asks, interactions, participants, help, reminders, photos, and any table a later
//! schema adds such as settings or suggestion feedback), row by row, with its columns named:
//! nothing is left out, and nothing depends on Kith's code to be read. SQLite's own tables,
//! the full-text index (rebuilt from the rows) and the record of the file's last damage check
//! are not exported. The layout is documented in
//! `docs/EXPORT.md`; [`FORMAT_VERSION`] changes only when that layout does, while
//! `schemaVersion` records the database schema the rows follow.
//!
//! A restore writes into an empty database only, in one transaction. An export from an older
//! schema is loaded into a scratch database at that schema, upgraded by the normal migrations,
//! then copied, so old exports stay restorable.

use std::collections::HashMap;
use std::io::Write;

use base64::Engine;
use chrono::{DateTime, Utc};
use rusqlite::types::{Value, ValueRef};
use rusqlite::Connection;
use serde::Deserialize;

use super::{ImportFormat, ImportPlan, TableCount};
use crate::error::{Error, Result};
use crate::store::migrate::{self, MIGRATIONS, SCHEMA_VERSION};
use crate::Store;

/// The value of the export's `format` field.
pub const FORMAT: &str = "kith-export";
/// The version of the export's layout (not of the database schema).
pub const FORMAT_VERSION: u32 = 1;

/// Tables about the file rather than its data (when its damage check last passed): not
/// exported, and not counted as data when a restore checks that the database is empty.
const FILE_STATE: &[&str] = &["integrity_check"];

/// The tables an export holds, in creation order: every table but SQLite's own, the
/// full-text index with its shadow tables, and [`FILE_STATE`].
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

fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
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

fn write_value(out: &mut Vec<u8>, v: ValueRef<'_>) -> Result<()> {
    let json =
        |e: serde_json::Error| Error::database(format!("could not write the export: {e}"), e);
    match v {
        ValueRef::Null => out.extend_from_slice(b"null"),
        ValueRef::Integer(i) => out.extend_from_slice(i.to_string().as_bytes()),
        ValueRef::Real(f) => serde_json::to_writer(&mut *out, &f).map_err(json)?,
        ValueRef::Text(t) => {
            serde_json::to_writer(&mut *out, &String::from_utf8_lossy(t)).map_err(json)?
        }
        ValueRef::Blob(b) => {
            let encoded = base64::engine::general_purpose::STANDARD.encode(b);
            out.extend_from_slice(b"{\"base64\":");
            serde_json::to_writer(&mut *out, &encoded).map_err(json)?;
            out.push(b'}');
        }
    }
    Ok(())
}

/// Every data table of `conn` as the JSON export; returns the bytes and the number of rows.
pub fn export(conn: &Connection, now: DateTime<Utc>) -> Result<(Vec<u8>, u32)> {
    let version = migrate::user_version(conn)?;
    let mut out = Vec::new();
    let mut rows_written = 0u32;
    let _ = write!(
        out,
        "{{\n  \"format\": \"{FORMAT}\",\n  \"version\": {FORMAT_VERSION},\n  \"schemaVersion\": {version},\n  \"exportedAt\": \"{}\",\n  \"tables\": {{",
        now.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
    );
    for (t, table) in data_tables(conn)?.iter().enumerate() {
        let (cols, order) = table_shape(conn, table)?;
        let _ = write!(
            out,
            "{}\n    {}: {{\n      \"columns\": ",
            if t > 0 { "," } else { "" },
            serde_json::Value::String(table.clone())
        );
        out.extend_from_slice(serde_json::to_string(&cols).unwrap_or_default().as_bytes());
        out.extend_from_slice(b",\n      \"rows\": [");
        let list = cols.iter().map(|c| quote(c)).collect::<Vec<_>>().join(", ");
        let mut stmt = conn.prepare(&format!(
            "SELECT {list} FROM {} ORDER BY {order}",
            quote(table)
        ))?;
        let mut rows = stmt.query([])?;
        let mut first = true;
        while let Some(row) = rows.next()? {
            out.extend_from_slice(if first {
                b"\n        ["
            } else {
                b",\n        ["
            });
            first = false;
            for i in 0..cols.len() {
                if i > 0 {
                    out.push(b',');
                }
                write_value(&mut out, row.get_ref(i)?)?;
            }
            out.push(b']');
            rows_written += 1;
        }
        out.extend_from_slice(if first {
            b"]\n    }"
        } else {
            b"\n      ]\n    }"
        });
    }
    out.extend_from_slice(b"\n  }\n}\n");
    Ok((out, rows_written))
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Export {
    format: String,
    version: u32,
    schema_version: i64,
    tables: serde_json::Map<String, serde_json::Value>,
}

#[derive(Debug, Deserialize)]
struct Table {
    columns: Vec<String>,
    rows: Vec<Vec<serde_json::Value>>,
}

fn invalid(path: &str, message: impl Into<String>) -> Error {
    Error::Io {
        path: path.to_owned(),
        message: message.into(),
    }
}

fn read(bytes: &[u8], path: &str) -> Result<(i64, Vec<(String, Table)>)> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let export: Export = serde_json::from_slice(bytes).map_err(|e| {
        invalid(
            path,
            format!(
                "not a Kith JSON export (line {}, column {}: {e})",
                e.line(),
                e.column()
            ),
        )
    })?;
    if export.format != FORMAT {
        return Err(invalid(
            path,
            format!(
                "not a Kith JSON export (its format is \"{}\")",
                export.format
            ),
        ));
    }
    if export.version > FORMAT_VERSION {
        return Err(invalid(
            path,
            format!(
                "the export's layout is version {}; this Kith reads up to {FORMAT_VERSION}: update Kith",
                export.version
            ),
        ));
    }
    if export.schema_version > SCHEMA_VERSION || export.schema_version < 1 {
        return Err(invalid(
            path,
            format!(
                "the export was written by a Kith with schema version {}; this one knows 1 to {SCHEMA_VERSION}",
                export.schema_version
            ),
        ));
    }
    let mut tables = Vec::new();
    for (name, value) in export.tables {
        let table: Table = serde_json::from_value(value)
            .map_err(|e| invalid(path, format!("table \"{name}\": {e}")))?;
        for (i, row) in table.rows.iter().enumerate() {
            if row.len() != table.columns.len() {
                return Err(invalid(
                    path,
                    format!(
                        "table \"{name}\", row {}: {} values for {} columns",
                        i + 1,
                        row.len(),
                        table.columns.len()
                    ),
                ));
            }
        }
        tables.push((name, table));
    }
    Ok((export.schema_version, tables))
}

fn to_sql(v: &serde_json::Value) -> Option<Value> {
    Some(match v {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Integer(i64::from(*b)),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => Value::Integer(i),
            None => Value::Real(n.as_f64()?),
        },
        serde_json::Value::String(s) => Value::Text(s.clone()),
        serde_json::Value::Object(o) => {
            let b64 = o.get("base64")?.as_str()?;
            Value::Blob(base64::engine::general_purpose::STANDARD.decode(b64).ok()?)
        }
        serde_json::Value::Array(_) => return None,
    })
}

/// Refuses a database that already holds data.
fn check_empty(conn: &Connection, path: &str) -> Result<()> {
    for table in data_tables(conn)? {
        let n: i64 = conn.query_row(
            &format!("SELECT count(*) FROM {}", quote(&table)),
            [],
            |r| r.get(0),
        )?;
        if n > 0 {
            return Err(invalid(
                path,
                format!(
                    "a JSON export is restored into an empty database only, and this one has data \
                     ({n} rows in \"{table}\"): open a new database file (--db NEW.db) and import it there"
                ),
            ));
        }
    }
    Ok(())
}

/// Inserts the export's rows into `conn` (in a transaction the caller holds).
fn insert(conn: &Connection, tables: &[(String, Table)], path: &str) -> Result<Vec<TableCount>> {
    let known = data_tables(conn)?;
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
    conn.execute_batch("PRAGMA defer_foreign_keys = ON")?;
    let mut counts = Vec::new();
    for name in &known {
        let Some(table) = by_name.get(name.as_str()) else {
            continue;
        };
        let (cols, _) = table_shape(conn, name)?;
        if let Some(bad) = table.columns.iter().find(|c| !cols.contains(c)) {
            return Err(invalid(
                path,
                format!("table \"{name}\" has no column \"{bad}\""),
            ));
        }
        let list = table
            .columns
            .iter()
            .map(|c| quote(c))
            .collect::<Vec<_>>()
            .join(", ");
        let marks = (1..=table.columns.len())
            .map(|i| format!("?{i}"))
            .collect::<Vec<_>>()
            .join(", ");
        let mut stmt = conn.prepare(&format!(
            "INSERT INTO {} ({list}) VALUES ({marks})",
            quote(name)
        ))?;
        for (i, row) in table.rows.iter().enumerate() {
            let values: Vec<Value> = row
                .iter()
                .map(|v| {
                    to_sql(v).ok_or_else(|| {
                        invalid(path, format!("table \"{name}\", row {}: a value is not a number, text, null or {{\"base64\"}}", i + 1))
                    })
                })
                .collect::<Result<_>>()?;
            stmt.execute(rusqlite::params_from_iter(values.iter()))
                .map_err(|e| invalid(path, format!("table \"{name}\", row {}: {e}", i + 1)))?;
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
    let mut scratch = Connection::open_in_memory()?;
    scratch.execute_batch("PRAGMA foreign_keys = ON")?;
    let at = usize::try_from(version).unwrap_or(0).min(MIGRATIONS.len());
    migrate::migrate(&mut scratch, None, &MIGRATIONS[..at])?;
    let tx = scratch.transaction()?;
    insert(&tx, &tables, path)?;
    tx.commit()?;
    migrate::migrate(&mut scratch, None, MIGRATIONS)?;
    let mut out = Vec::new();
    for name in data_tables(&scratch)? {
        let (columns, order) = table_shape(&scratch, &name)?;
        let list = columns
            .iter()
            .map(|c| quote(c))
            .collect::<Vec<_>>()
            .join(", ");
        let mut stmt = scratch.prepare(&format!(
            "SELECT {list} FROM {} ORDER BY {order}",
            quote(&name)
        ))?;
        let n = columns.len();
        let rows = stmt
            .query_map([], |r| {
                (0..n)
                    .map(|i| {
                        Ok(match r.get_ref(i)? {
                            ValueRef::Null => serde_json::Value::Null,
                            ValueRef::Integer(v) => v.into(),
                            ValueRef::Real(f) => f.into(),
                            ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned().into(),
                            ValueRef::Blob(b) => serde_json::json!({
                                "base64": base64::engine::general_purpose::STANDARD.encode(b)
                            }),
                        })
                    })
                    .collect::<rusqlite::Result<Vec<_>>>()
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        out.push((name, Table { columns, rows }));
    }
    Ok(out)
}

fn plan(tables: &[(String, Table)], committed: bool, counts: Vec<TableCount>) -> ImportPlan {
    let contacts = tables
        .iter()
        .find(|(n, _)| n == "contact")
        .map_or(0, |(_, t)| t.rows.len() as u32);
    let interactions = tables
        .iter()
        .find(|(n, _)| n == "interaction")
        .map_or(0, |(_, t)| t.rows.len() as u32);
    ImportPlan {
        format: ImportFormat::Json,
        committed,
        items: Vec::new(),
        skipped: Vec::new(),
        notes: Vec::new(),
        created: contacts,
        merged: 0,
        unchanged: 0,
        interactions,
        tables: counts,
    }
}

/// What restoring the export would do (checks the file and that the database is empty).
pub fn plan_restore(conn: &Connection, bytes: &[u8], path: &str) -> Result<ImportPlan> {
    let (_, tables) = read(bytes, path)?;
    check_empty(conn, path)?;
    let known = data_tables(conn)?;
    let mut counts: Vec<TableCount> = tables
        .iter()
        .map(|(n, t)| TableCount {
            table: n.clone(),
            rows: t.rows.len() as u64,
        })
        .collect();
    counts.sort_by_key(|c| known.iter().position(|k| *k == c.table));
    Ok(plan(&tables, false, counts))
}

/// Restores a JSON export into `store`, which must be empty. All or nothing.
pub fn restore(store: &mut Store, bytes: &[u8], path: &str) -> Result<ImportPlan> {
    let (version, tables) = read(bytes, path)?;
    let tables = if version < SCHEMA_VERSION {
        upgrade(version, tables, path)?
    } else {
        tables
    };
    let tx = store.conn.transaction()?;
    check_empty(&tx, path)?;
    let counts = insert(&tx, &tables, path)?;
    tx.commit().map_err(|e| {
        invalid(
            path,
            format!("the restored data is inconsistent ({e}); nothing was written"),
        )
    })?;
    Ok(plan(&tables, true, counts))
}
