//! Sync through a shared folder (see `docs/SYNC.md`): set up, a pass now, status, the conflict
//! log and "keep the other", pause and resume. After a setup the app starts watching the
//! folder (see `crate::sync`).

use std::path::PathBuf;

use kith::model::{SyncConflict, SyncReport, SyncSetupReport, SyncStatus};
use kith::Result;
use tauri::{AppHandle, Runtime, State};

use crate::AppState;

/// Sets up sync through `folder` as device `name`; `key` joins a folder set up before (its
/// recovery key or passphrase). A new folder's recovery key is in the report, once.
#[tauri::command(async)]
pub fn sync_setup<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    folder: PathBuf,
    name: String,
    key: Option<String>,
) -> Result<SyncSetupReport> {
    let report =
        state.with_store(|s| s.sync_setup(&folder, &name, key.as_deref(), chrono::Utc::now()))?;
    crate::sync::watch(&app);
    Ok(report)
}

/// This computer's name, offered as the device's name at setup.
#[tauri::command(async)]
pub fn sync_device_name() -> String {
    crate::sync::computer_name()
}

#[tauri::command(async)]
pub fn sync_now<R: Runtime>(app: AppHandle<R>) -> Result<SyncReport> {
    crate::sync::pass(&app)
}

#[tauri::command(async)]
pub fn sync_status(state: State<'_, AppState>) -> Result<SyncStatus> {
    state.with_store(|s| s.sync_status())
}

#[tauri::command(async)]
pub fn sync_conflicts(state: State<'_, AppState>) -> Result<Vec<SyncConflict>> {
    state.with_store(|s| s.sync_conflicts())
}

/// Writes the replaced value of conflict `id` back (on every device); returns the conflict.
#[tauri::command(async)]
pub fn sync_keep_other(state: State<'_, AppState>, id: String) -> Result<SyncConflict> {
    state.with_store(|s| s.sync_keep_other(&id))
}

#[tauri::command(async)]
pub fn sync_pause(state: State<'_, AppState>, paused: bool) -> Result<()> {
    state.with_store(|s| s.sync_pause(paused))
}
