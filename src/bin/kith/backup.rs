//! `kith backup create|list|restore`. Runs before the store is opened, so that `list` and
//! `restore --newest` work on a database that is damaged and cannot be opened.
//!
//! `create` ("back up now", kept 30 days beside the daily copies) prints
//! `backed up to PATH (SIZE)`; `list` prints `DATE  SIZE  KIND  PATH` per backup, newest
//! first (KIND: daily, manual, before-restore, before-import, before-merge); `restore FILE` prints `restored FILE; what was there before is saved
//! as PATH`; `restore --newest` prints `restored PATH; the damaged file was set aside`. With
//! `--json`: a `BackupInfo`, an array of them, or `{"restored": BackupInfo, "undo":
//! BackupInfo|null}`.

use std::io::Write;
use std::path::Path;

use chrono::{DateTime, Utc};
use kith::model::{BackupInfo, BackupKind};
use kith::Store;
use serde::Serialize;

use crate::cli::BackupCommand;
use crate::output;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Restored {
    restored: BackupInfo,
    /// The backup of what the database held before (none when a damaged file was set aside).
    undo: Option<BackupInfo>,
}

pub fn run(db: &Path, now: DateTime<Utc>, json: bool, cmd: BackupCommand) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match cmd {
        BackupCommand::Create => {
            let b = Store::open(db)?.create_backup(now)?;
            if json {
                print_json(&mut out, &b)?;
            } else {
                writeln!(out, "backed up to {} ({})", b.path, size(b.size_bytes))?;
            }
        }
        BackupCommand::List => {
            let all = kith::backup::list(db)?;
            if json {
                print_json(&mut out, &all)?;
            } else {
                for b in &all {
                    writeln!(
                        out,
                        "{}  {:>8}  {:<14}  {}",
                        output::local_time(b.created_at),
                        size(b.size_bytes),
                        kind(b.kind),
                        b.path
                    )?;
                }
            }
        }
        BackupCommand::Restore {
            file: Some(file), ..
        } => {
            let restored = kith::backup::list(db)?
                .into_iter()
                .find(|b| same_file(&b.path, &file));
            // An unlisted file is refused by the restore itself, with the reason.
            let (_, undo) = Store::open(db)?.restore_backup(&file, now)?;
            if json {
                if let Some(restored) = restored {
                    let undo = Some(undo);
                    print_json(&mut out, &Restored { restored, undo })?;
                }
            } else {
                writeln!(
                    out,
                    "restored {}; what was there before is saved as {}",
                    file.display(),
                    undo.path
                )?;
            }
        }
        BackupCommand::Restore { file: None, .. } => {
            let restored = kith::backup::restore_newest_into(db, now)?;
            if json {
                print_json(
                    &mut out,
                    &Restored {
                        restored,
                        undo: None,
                    },
                )?;
            } else {
                writeln!(
                    out,
                    "restored {}; the damaged file was set aside beside it (*.damaged-*)",
                    restored.path
                )?;
            }
        }
    }
    out.flush()?;
    Ok(())
}

/// The KIND column of `kith backup list`.
fn kind(kind: BackupKind) -> &'static str {
    match kind {
        BackupKind::Daily => "daily",
        BackupKind::Manual => "manual",
        BackupKind::BeforeRestore => "before-restore",
        BackupKind::BeforeImport => "before-import",
        BackupKind::BeforeMerge => "before-merge",
    }
}

fn same_file(a: &str, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

fn size(bytes: u64) -> String {
    if bytes < 1024 * 1024 {
        format!("{} KB", (bytes / 1024).max(1))
    } else {
        format!("{:.1} MB", bytes as f64 / 1024.0 / 1024.0)
    }
}

fn print_json<T: Serialize>(out: &mut impl Write, value: &T) -> anyhow::Result<()> {
    writeln!(out, "{}", serde_json::to_string(value)?)?;
    Ok(())
}
