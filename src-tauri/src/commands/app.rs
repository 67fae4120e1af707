//! The app itself: which database is open, its damage check after start-up, and quitting.

use kith::desktop::Desktop;
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

/// What Settings shows of the desktop: whether closing the window keeps Kith in the tray,
/// whether there is a tray, whether Kith starts at login.
#[tauri::command]
pub fn desktop_get<R: Runtime>(app: AppHandle<R>) -> Result<Desktop, kith::Error> {
    crate::desktop::get(&app)
}

/// Changes what closing the window does and whether Kith starts at login (hidden in the tray).
#[tauri::command]
pub fn desktop_set<R: Runtime>(
    app: AppHandle<R>,
    close_to_tray: Option<bool>,
    start_at_login: Option<bool>,
) -> Result<Desktop, kith::Error> {
    crate::desktop::set(&app, close_to_tray, start_at_login)
}

/// After the one-line notice that closing keeps Kith in the tray: closes the window to the
/// tray, or quits (`quit`). The notice is not shown again.
#[tauri::command]
pub fn window_close<R: Runtime>(app: AppHandle<R>, quit: bool) -> Result<(), kith::Error> {
    crate::desktop::close_after_notice(&app, quit)
}
