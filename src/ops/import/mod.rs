//! Imports as `Store` methods: a file's records (parsed by `io`) matched against the
//! database ([`plan`]) and shown as a plan (the preview and `--dry-run`, which write
//! nothing), or written in one transaction, all or nothing. A complete JSON export is
//! restored whole instead ([`restore`]), into an empty database only.

mod plan;
mod restore;

use std::collections::HashMap;
use std::path::Path;

use chrono::{DateTime, Utc};

use crate::error::{Error, Result};
use crate::io::{self, ImportDecision, ImportFormat, ImportPlan};
use crate::model::{BackupKind, ContactInput, ContactRef, ImportRecord, ImportUndo};
use crate::store::search::{self, Entry};
use crate::store::{contacts, imports};
use crate::Store;

/// The decisions by the line of their record.
fn by_line(decisions: &[ImportDecision]) -> HashMap<u64, ImportDecision> {
    decisions.iter().map(|d| (d.line, *d)).collect()
}

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
        self.plan_import_with(bytes, format, path, &[], now)
    }

    /// [`Store::plan_import`] with the person's `decisions` for some records.
    pub fn plan_import_with(
        &self,
        bytes: &[u8],
        format: ImportFormat,
        path: &str,
        decisions: &[ImportDecision],
        now: DateTime<Utc>,
    ) -> Result<ImportPlan> {
        if format == ImportFormat::Json {
            return restore::plan_restore(&self.conn, bytes, path);
        }
        let parsed = io::parse(bytes, format, path)?;
        let tx = self.conn.unchecked_transaction()?;
        let (plan, _) = plan::compute(&tx, format, parsed, &by_line(decisions), now)?;
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
        self.import_with(bytes, format, path, &[], now, progress)
    }

    /// [`Store::import`] with the person's `decisions` for some records. The import is
    /// recorded ([`Store::list_imports`]) so that it can be undone.
    pub fn import_with(
        &mut self,
        bytes: &[u8],
        format: ImportFormat,
        path: &str,
        decisions: &[ImportDecision],
        now: DateTime<Utc>,
        progress: &mut dyn FnMut(u32, u32),
    ) -> Result<ImportPlan> {
        if format == ImportFormat::Json {
            return self.untracked(|store| restore::restore(store, bytes, path));
        }
        let parsed = io::parse(bytes, format, path)?;
        let bulk = BulkWrite::set(&self.conn)?;
        let result = self
            .untracked(|store| store.write_import(parsed, format, path, decisions, now, progress));
        bulk.restore(&self.conn)?;
        if result.as_ref().is_ok_and(|plan| plan.import_id.is_some()) {
            self.checkpoint_in_background();
        }
        result
    }

    /// [`Store::import_with`] once the file is read.
    fn write_import(
        &mut self,
        parsed: io::Parsed,
        format: ImportFormat,
        path: &str,
        decisions: &[ImportDecision],
        now: DateTime<Utc>,
        progress: &mut dyn FnMut(u32, u32),
    ) -> Result<ImportPlan> {
        let to_back_up = self.file_on_disk().map(Path::to_path_buf);
        let tx = self.conn.transaction()?;
        let (mut plan, work) = plan::compute(&tx, format, parsed, &by_line(decisions), now)?;
        // A copy of what is committed now (the matching wrote nothing), written on another
        // thread while this one writes (`backup::start`, what `Store::backup_before` does on
        // a thread); nothing is committed before it is safe on disk. Not
        // started before the matching, which reads the records on that other thread.
        let backup = to_back_up
            .map(|db| crate::backup::start(&db, BackupKind::BeforeImport, now))
            .transpose()?;
        let changed = plan::apply(&tx, work, now, progress)?;
        let ids: Vec<i64> = changed.iter().map(|(id, _)| *id).collect();
        if !changed.is_empty() {
            let id =
                imports::insert_import(&tx, path, format.as_ref(), plan.created, plan.merged, now)?;
            for (contact, before) in changed {
                let change = match before {
                    None => imports::Change::Created,
                    Some(before) => imports::Change::Changed(
                        Box::new(before),
                        Box::new(contacts::get_contact(&tx, contact)?),
                    ),
                };
                imports::insert_change(&tx, id, contact, &change)?;
            }
            plan.import_id = Some(id);
        }
        // The search index entries last: the one statement that writes them all journals
        // every page it changes, and after it the statements that journal their pages (those
        // with triggers or foreign keys to check) would write them to a file.
        search::reindex_many(&tx, Entry::Contact, &ids)?;
        if let Some(backup) = backup {
            backup.finish()?;
        }
        tx.commit()?;
        plan.committed = true;
        Ok(plan)
    }
}

/// How a connection is set for a large write transaction, and how it was:
/// - a page cache of 64 MiB instead of SQLite's 2 MiB, so that the pages an import changes stay
///   in memory until it commits instead of being written to the WAL again each time the cache
///   spills (a third more WAL frames for 10,000 contacts);
/// - no automatic checkpoint at its commit: copying the write-ahead log into the database file
///   is not needed for the import to be durable (the log is synced), and it took a fifth of
///   the import into 100,000 contacts. The store runs it on a thread of its own once the import
///   has committed ([`Store::checkpoint_in_background`]).
#[derive(Debug)]
struct BulkWrite {
    cache: i64,
    autocheckpoint: i64,
}

impl BulkWrite {
    fn set(conn: &rusqlite::Connection) -> Result<Self> {
        let was = Self {
            cache: crate::store::cache_size(conn)?,
            autocheckpoint: conn.query_row("PRAGMA wal_autocheckpoint", [], |r| r.get(0))?,
        };
        crate::store::set_cache_size(conn, -65_536)?;
        conn.execute_batch("PRAGMA wal_autocheckpoint = 0")?;
        Ok(was)
    }

    fn restore(self, conn: &rusqlite::Connection) -> Result<()> {
        conn.execute_batch(&format!(
            "PRAGMA wal_autocheckpoint = {}",
            self.autocheckpoint
        ))?;
        crate::store::set_cache_size(conn, self.cache)
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
                      google, outlook, thunderbird, interactions or json"
                .into(),
        })?,
    };
    Ok((bytes, format))
}

impl Store {
    /// [`Store::plan_import_with`] of the file at `path` (its format detected when `None`).
    pub fn plan_import_file_with(
        &self,
        path: &Path,
        format: Option<ImportFormat>,
        decisions: &[ImportDecision],
        now: DateTime<Utc>,
    ) -> Result<ImportPlan> {
        let (bytes, format) = read_with_format(path, format)?;
        self.plan_import_with(&bytes, format, &path.display().to_string(), decisions, now)
    }

    /// [`Store::import_with`] of the file at `path` (its format detected when `None`).
    pub fn import_file_with(
        &mut self,
        path: &Path,
        format: Option<ImportFormat>,
        decisions: &[ImportDecision],
        now: DateTime<Utc>,
        progress: &mut dyn FnMut(u32, u32),
    ) -> Result<ImportPlan> {
        let (bytes, format) = read_with_format(path, format)?;
        let name = path.display().to_string();
        self.import_with(&bytes, format, &name, decisions, now, progress)
    }

    /// [`Store::plan_import`] of the file at `path` (its format detected when `None`).
    pub fn plan_import_file(
        &self,
        path: &Path,
        format: Option<ImportFormat>,
        now: DateTime<Utc>,
    ) -> Result<ImportPlan> {
        self.plan_import_file_with(path, format, &[], now)
    }

    /// [`Store::import`] of the file at `path` (its format detected when `None`).
    pub fn import_file(
        &mut self,
        path: &Path,
        format: Option<ImportFormat>,
        now: DateTime<Utc>,
        progress: &mut dyn FnMut(u32, u32),
    ) -> Result<ImportPlan> {
        self.import_file_with(path, format, &[], now, progress)
    }
}

impl Store {
    /// Every import that wrote something, newest first.
    pub fn list_imports(&self) -> Result<Vec<ImportRecord>> {
        imports::list_imports(&self.conn)
    }

    /// Takes import `id` back: the contacts it created go to the trash, and what it filled
    /// into contacts already in Kith is taken back where they still hold exactly that (a
    /// field edited since is the person's and stays). What cannot be undone — a created
    /// contact merged into another or deleted for good since — is said in `kept`. All or
    /// nothing; an import is undone once.
    pub fn undo_import(&mut self, id: i64, now: DateTime<Utc>) -> Result<ImportUndo> {
        let tx = self.conn.transaction()?;
        let record = imports::get_import(&tx, id)?;
        if let Some(at) = record.undone_at {
            return Err(Error::invalid(
                "import",
                format!(
                    "import {id} was undone already ({})",
                    at.format("%Y-%m-%d %H:%M")
                ),
            ));
        }
        let mut out = ImportUndo {
            id,
            trashed: Vec::new(),
            restored: Vec::new(),
            kept: Vec::new(),
        };
        for (contact, change) in imports::list_changes(&tx, id)? {
            let current = match contacts::get_contact(&tx, contact) {
                Ok(c) => c,
                Err(Error::NotFound { .. }) => {
                    let who = match &change {
                        imports::Change::Created => format!("a person it created (id {contact})"),
                        imports::Change::Changed(_, after) => after.name.clone(),
                    };
                    out.kept.push(format!(
                        "{who} is no longer in Kith (merged into someone or deleted for good since)"
                    ));
                    continue;
                }
                Err(e) => return Err(e),
            };
            let who = ContactRef {
                id: contact,
                name: current.name.clone(),
            };
            match change {
                imports::Change::Created if current.deleted_at.is_some() => {
                    out.kept
                        .push(format!("{} is in the trash already", current.name));
                }
                imports::Change::Created => {
                    contacts::update_contact_deleted(&tx, contact, Some(now))?;
                    out.trashed.push(who);
                }
                imports::Change::Changed(before, after) => {
                    let was = ContactInput::from_contact(&before);
                    let mut input = ContactInput::from_contact(&current);
                    input.undo_change(&was, &ContactInput::from_contact(&after));
                    let input = input.validated(now)?;
                    let kept = contacts::list_contact_interest_added(&tx, contact)?;
                    super::rewrite_contact(&tx, contact, &input, &kept, now)?;
                    out.restored.push(who);
                }
            }
        }
        imports::update_import_undone(&tx, id, now)?;
        tx.commit()?;
        Ok(out)
    }
}
