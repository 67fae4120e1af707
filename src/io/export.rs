//! Exports as `Store` methods: build the file's bytes, or write them privately to a path.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use super::{write_private, ExportFormat, ExportReport, ImportFormat, ImportPlan};
use crate::error::{Error, Result};
use crate::store::{contacts, photos};
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
                    None => tx
                        .prepare(
                            "SELECT id FROM contact WHERE deleted_at IS NULL AND is_self = 0 ORDER BY sort_key, id",
                        )?
                        .query_map([], |r| r.get(0))?
                        .collect::<rusqlite::Result<_>>()?,
                };
                let mut out = String::new();
                for &id in &ids {
                    let c = contacts::get_contact(&tx, id)?;
                    let photo = photos::get_photo(&tx, id)?;
                    super::vcard::write_card(&c, photo.as_ref(), &mut out);
                }
                (out.into_bytes(), ids.len() as u32)
            }
            ExportFormat::Ics => {
                let (text, n) = super::ics::export(&tx, now)?;
                (text.into_bytes(), n)
            }
            ExportFormat::Json => super::json::export(&tx, now)?,
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
    /// for an in-memory database).
    pub fn calendar_path(&self) -> Option<PathBuf> {
        self.path().map(|p| p.with_extension("ics"))
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

/// Reads a file to import and settles its format (`format`, else detected).
fn read_with_format(path: &Path, format: Option<ImportFormat>) -> Result<(Vec<u8>, ImportFormat)> {
    let bytes = super::read_import_file(path)?;
    let format = match format {
        Some(f) => f,
        None => super::detect_format(path, &bytes).ok_or_else(|| Error::Io {
            path: path.display().to_string(),
            message: "cannot tell what kind of file this is: pass --format vcard, linkedin, \
                      google, interactions or json"
                .into(),
        })?,
    };
    Ok((bytes, format))
}

impl Store {
    /// [`Store::plan_import`] of the file at `path` (its format detected when `None`).
    pub fn plan_import_file(
        &self,
        path: &Path,
        format: Option<ImportFormat>,
        now: DateTime<Utc>,
    ) -> Result<ImportPlan> {
        let (bytes, format) = read_with_format(path, format)?;
        self.plan_import(&bytes, format, &path.display().to_string(), now)
    }

    /// [`Store::import`] of the file at `path` (its format detected when `None`).
    pub fn import_file(
        &mut self,
        path: &Path,
        format: Option<ImportFormat>,
        now: DateTime<Utc>,
        progress: &mut dyn FnMut(u32, u32),
    ) -> Result<ImportPlan> {
        let (bytes, format) = read_with_format(path, format)?;
        self.import(&bytes, format, &path.display().to_string(), now, progress)
    }
}
