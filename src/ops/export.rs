//! Exports as `Store` methods: read what the format holds in one transaction, have `io`
//! write the file's bytes, and write them privately to a path.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use rusqlite::Connection;

use crate::error::Result;
use crate::io::{self, write_private, ExportFormat, ExportReport};
use crate::store::{contacts, dump, migrate, photos, reminders};
use crate::Store;

impl Store {
    /// The export as bytes, and how many contacts, events or rows it holds. `contacts`
    /// selects contacts for a vCard export (`None`: every live contact but me); the other
    /// formats always hold everything.
    pub fn export(
        &self,
        format: ExportFormat,
        contacts: Option<&[i64]>,
        now: DateTime<Utc>,
    ) -> Result<(Vec<u8>, u32)> {
        let tx = self.conn.unchecked_transaction()?;
        let out = match format {
            ExportFormat::Vcard => {
                let ids: Vec<i64> = match contacts {
                    Some(ids) => ids.to_vec(),
                    None => contacts::list_export_ids(&tx)?,
                };
                let mut out = String::new();
                for &id in &ids {
                    let c = contacts::get_contact(&tx, id)?;
                    let photo = photos::get_photo(&tx, id)?;
                    io::vcard::write_card(&c, photo.as_ref(), &mut out);
                }
                (out.into_bytes(), ids.len() as u32)
            }
            ExportFormat::Ics => {
                let reminders = reminders::list_reminders_pending(&tx)?;
                let dates = contacts::list_calendar_dates(&tx)?;
                let (text, n) = io::ics::write(&reminders, &dates, now);
                (text.into_bytes(), n)
            }
            ExportFormat::Json => json_export(&tx, now)?,
        };
        tx.finish()?;
        Ok(out)
    }

    /// Writes the export to `path`, readable by the user only.
    pub fn export_to_file(
        &self,
        format: ExportFormat,
        contacts: Option<&[i64]>,
        path: &Path,
        now: DateTime<Utc>,
    ) -> Result<ExportReport> {
        let (bytes, count) = self.export(format, contacts, now)?;
        write_private(path, &bytes)?;
        Ok(ExportReport {
            format,
            path: path.display().to_string(),
            count,
            bytes: bytes.len() as u64,
        })
    }

    /// The calendar file the app keeps current: `kith.ics` beside the database file (`None`
    /// for an in-memory database, and for a dry run, which writes nothing).
    pub fn calendar_path(&self) -> Option<PathBuf> {
        self.path()
            .filter(|_| !self.is_dry_run())
            .map(|p| p.with_extension("ics"))
    }

    /// Rewrites the calendar file ([`Store::calendar_path`]) if the database changed since
    /// `changes_before` (a [`Store::total_changes`] reading) or the file does not exist yet.
    pub fn refresh_calendar(
        &self,
        changes_before: Option<u64>,
        now: DateTime<Utc>,
    ) -> Result<Option<ExportReport>> {
        let Some(path) = self.calendar_path() else {
            return Ok(None);
        };
        let changed = changes_before.is_none_or(|before| self.total_changes() != before);
        if !changed && path.exists() {
            return Ok(None);
        }
        self.export_to_file(ExportFormat::Ics, None, &path, now)
            .map(Some)
    }

    /// Rows changed through this connection since it was opened (to tell whether a call
    /// wrote anything).
    pub fn total_changes(&self) -> u64 {
        self.conn.total_changes()
    }
}

/// Every data table of `conn` as the JSON export; the bytes and the number of rows.
fn json_export(conn: &Connection, now: DateTime<Utc>) -> Result<(Vec<u8>, u32)> {
    let mut out = io::json::Writer::new(migrate::user_version(conn)?, now);
    for table in dump::data_tables(conn)? {
        let (cols, order) = dump::table_shape(conn, &table)?;
        out.table(&table, &cols);
        dump::for_each_row(conn, &table, &cols, &order, &mut |row| out.row(row))?;
    }
    Ok(out.finish())
}
