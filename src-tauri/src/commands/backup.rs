//! Backups: back up now, list, restore (undoable), and recovery of a damaged database.

use std::path::PathBuf;

use kith::model::BackupInfo;
use kith::Result;
use tauri::State;

use crate::AppState;

#[tauri::command(async)]
pub fn backup_create(state: State<'_, AppState>) -> Result<BackupInfo> {
    state.with_store(|s| s.create_backup(chrono::Utc::now()))
}

#[tauri::command(async)]
pub fn backup_list(state: State<'_, AppState>) -> Result<Vec<BackupInfo>> {
    state.with_store(|s| s.list_backups())
}

/// Restores the backup at `path`; returns the snapshot of the state before, to undo it.
#[tauri::command(async)]
pub fn backup_restore(state: State<'_, AppState>, path: PathBuf) -> Result<BackupInfo> {
    state.restore_backup(&path)
}

#[tauri::command(async)]
pub fn backup_restore_newest(state: State<'_, AppState>) -> Result<BackupInfo> {
    state.restore_newest_backup()
}
