//! The app itself: which database is open, its damage check after start-up, and quitting.

use kith::model::DatabaseInfo;
use tauri::{AppHandle, Runtime, State};

use crate::AppState;

/// The open database, or the error that kept it from opening (the UI shows it and offers to
/// quit).
#[tauri::command(async)]
pub fn database_info(state: State<'_, AppState>) -> Result<DatabaseInfo, kith::Error> {
    state.with_store(|store| store.info())
}

/// Checks the open database for damage if opening it did not (the app leaves it for after
/// start-up); the UI calls it once the first screen is painted. A damaged database is closed and reported
/// as `damaged`, as at start-up.
#[tauri::command(async)]
pub fn database_check(state: State<'_, AppState>) -> Result<(), kith::Error> {
    state.check_after_start()
}

/// Quits the app; with status 1 if the database could not be opened.
#[tauri::command]
pub fn app_quit<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>) {
    app.exit(if state.is_open() { 0 } else { 1 });
}
