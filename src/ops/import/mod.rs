//! Imports as `Store` methods: a file's records (parsed by `io`) matched against the
//! database ([`plan`]) and shown as a plan (the preview and `--dry-run`, which write
//! nothing), or written in one transaction, all or nothing. A complete JSON export is
//! restored whole instead ([`restore`]), into an empty database only.

mod plan;
mod restore;

use std::path::Path;

use chrono::{DateTime, Utc};

use crate::error::{Error, Result};
use crate::io::{self, ImportFormat, ImportPlan};
use crate::Store;

impl Store {
    /// What importing `bytes` as `format` would do, without writing anything: the preview
    /// and `--dry-run`. `path` names the file in messages.
    pub fn plan_import(
        &self,
        bytes: &[u8],
        format: ImportFormat,
        path: &str,
        now: DateTime<Utc>,
    ) -> Result<ImportPlan> {
        if format == ImportFormat::Json {
            return restore::plan_restore(&self.conn, bytes, path);
        }
        let parsed = io::parse(bytes, format, path)?;
        let tx = self.conn.unchecked_transaction()?;
        let (plan, _) = plan::compute(&tx, format, parsed, now)?;
        tx.finish()?;
        Ok(plan)
    }

    /// Imports `bytes` as `format` in one transaction: everything in the plan is written,
    /// or nothing is. `progress(done, total)` is called as records are written.
    pub fn import(
        &mut self,
        bytes: &[u8],
        format: ImportFormat,
        path: &str,
        now: DateTime<Utc>,
        progress: &mut dyn FnMut(u32, u32),
    ) -> Result<ImportPlan> {
        if format == ImportFormat::Json {
            return restore::restore(self, bytes, path);
        }
        let parsed = io::parse(bytes, format, path)?;
        let tx = self.conn.transaction()?;
        let (mut plan, work) = plan::compute(&tx, format, parsed, now)?;
        plan::apply(&tx, work, now, progress)?;
        tx.commit()?;
        plan.committed = true;
        Ok(plan)
    }
}

/// Reads a file to import and settles its format (`format`, else detected).
fn read_with_format(path: &Path, format: Option<ImportFormat>) -> Result<(Vec<u8>, ImportFormat)> {
    let bytes = io::read_import_file(path)?;
    let format = match format {
        Some(f) => f,
        None => io::detect_format(path, &bytes).ok_or_else(|| Error::Io {
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
