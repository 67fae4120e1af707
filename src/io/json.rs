//! The complete JSON export's format: writing it from rows, and reading one back.
//!
//! The export is every data table of the database (contacts, channels, tags, dates, interests
//! and aliases, asks, interactions, participants, help, reminders, photos, and any table a
//! later schema adds such as settings or suggestion feedback), row by row, with its columns
//! named: nothing is left out, and nothing depends on Kith's code to be read. Which tables
//! and rows that is, is the store's (`store::dump`); how a restore writes them back is
//! `ops::import`'s. The layout is documented in `docs/EXPORT.md`; [`FORMAT_VERSION`] changes
//! only when that layout does, while `schemaVersion` records the database schema the rows
//! follow.

use std::io::Write;

use base64::Engine;
use chrono::{DateTime, Utc};
use rusqlite::types::{Value, ValueRef};
use serde::Deserialize;

use super::{ImportFormat, ImportPlan, TableCount};
use crate::error::{Error, Result};

/// The value of the export's `format` field.
pub const FORMAT: &str = "kith-export";
/// The version of the export's layout (not of the database schema).
pub const FORMAT_VERSION: u32 = 1;

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

/// Writes an export a table and a row at a time, in the layout of `docs/EXPORT.md`.
#[derive(Debug)]
pub struct Writer {
    out: Vec<u8>,
    tables: usize,
    /// Whether the open table has no row yet (`None`: no table open).
    empty: Option<bool>,
    rows: u32,
}

impl Writer {
    /// An export of a database at `schema_version`, written at `now`.
    pub fn new(schema_version: i64, now: DateTime<Utc>) -> Self {
        let mut out = Vec::new();
        let _ = write!(
            out,
            "{{\n  \"format\": \"{FORMAT}\",\n  \"version\": {FORMAT_VERSION},\n  \"schemaVersion\": {schema_version},\n  \"exportedAt\": \"{}\",\n  \"tables\": {{",
            now.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
        );
        Self {
            out,
            tables: 0,
            empty: None,
            rows: 0,
        }
    }

    /// Starts the table `name` with its `columns` (ending the one before).
    pub fn table(&mut self, name: &str, columns: &[String]) {
        self.end_table();
        let _ = write!(
            self.out,
            "{}\n    {}: {{\n      \"columns\": ",
            if self.tables > 0 { "," } else { "" },
            serde_json::Value::String(name.to_owned())
        );
        self.out.extend_from_slice(
            serde_json::to_string(columns)
                .unwrap_or_default()
                .as_bytes(),
        );
        self.out.extend_from_slice(b",\n      \"rows\": [");
        self.tables += 1;
        self.empty = Some(true);
    }

    /// Adds a row of the open table.
    pub fn row(&mut self, values: &[ValueRef<'_>]) -> Result<()> {
        self.out.extend_from_slice(if self.empty == Some(true) {
            b"\n        ["
        } else {
            b",\n        ["
        });
        self.empty = Some(false);
        for (i, v) in values.iter().enumerate() {
            if i > 0 {
                self.out.push(b',');
            }
            write_value(&mut self.out, *v)?;
        }
        self.out.push(b']');
        self.rows += 1;
        Ok(())
    }

    fn end_table(&mut self) {
        match self.empty.take() {
            Some(true) => self.out.extend_from_slice(b"]\n    }"),
            Some(false) => self.out.extend_from_slice(b"\n      ]\n    }"),
            None => {}
        }
    }

    /// The export's bytes, and how many rows it holds.
    pub fn finish(mut self) -> (Vec<u8>, u32) {
        self.end_table();
        self.out.extend_from_slice(b"\n  }\n}\n");
        (self.out, self.rows)
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawExport {
    format: String,
    version: u32,
    schema_version: i64,
    tables: serde_json::Map<String, serde_json::Value>,
}

#[derive(Debug, Deserialize)]
struct RawTable {
    columns: Vec<String>,
    rows: Vec<Vec<serde_json::Value>>,
}

/// One table of an export: its columns, and its rows as SQLite values.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Value>>,
}

/// What an export holds: the schema its rows follow, and its tables in the file's order.
#[derive(Debug, Clone, PartialEq)]
pub struct Export {
    pub schema_version: i64,
    pub tables: Vec<(String, Table)>,
}

/// The error for the export file at `path`.
pub fn invalid(path: &str, message: impl Into<String>) -> Error {
    Error::Io {
        path: path.to_owned(),
        message: message.into(),
    }
}

/// Reads an export (`path` names it in messages), refusing what this Kith cannot restore: not
/// an export, a newer layout, a schema outside 1 to `schema_version` (this Kith's), a row
/// whose length or values do not fit its table.
pub fn read(bytes: &[u8], path: &str, schema_version: i64) -> Result<Export> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let export: RawExport = serde_json::from_slice(bytes).map_err(|e| {
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
    if export.schema_version > schema_version || export.schema_version < 1 {
        return Err(invalid(
            path,
            format!(
                "the export was written by a Kith with schema version {}; this one knows 1 to {schema_version}",
                export.schema_version
            ),
        ));
    }
    let mut tables = Vec::new();
    for (name, value) in export.tables {
        let table: RawTable = serde_json::from_value(value)
            .map_err(|e| invalid(path, format!("table \"{name}\": {e}")))?;
        let mut rows = Vec::with_capacity(table.rows.len());
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
            let values = row.iter().map(to_sql).collect::<Option<Vec<Value>>>();
            rows.push(values.ok_or_else(|| {
                invalid(path, format!("table \"{name}\", row {}: a value is not a number, text, null or {{\"base64\"}}", i + 1))
            })?);
        }
        let columns = table.columns;
        tables.push((name, Table { columns, rows }));
    }
    Ok(Export {
        schema_version: export.schema_version,
        tables,
    })
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

/// What restoring `tables` does, as an import plan: the contacts and interactions it holds,
/// and the rows of each table (`counts`).
pub fn plan(tables: &[(String, Table)], committed: bool, counts: Vec<TableCount>) -> ImportPlan {
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
        import_id: None,
    }
}
