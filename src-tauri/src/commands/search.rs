//! Full-text search and the trash.

use kith::model::{SearchHit, TrashItem};
use kith::Result;
use tauri::State;

use crate::AppState;

#[tauri::command(async)]
pub fn search(state: State<'_, AppState>, query: String, limit: u32) -> Result<Vec<SearchHit>> {
    state.with_store(|s| s.search(&query, limit))
}

#[tauri::command(async)]
pub fn trash_list(state: State<'_, AppState>) -> Result<Vec<TrashItem>> {
    state.with_store(|s| s.list_trash())
}

#[tauri::command(async)]
pub fn trash_empty(state: State<'_, AppState>) -> Result<usize> {
    state.with_store(|s| s.empty_trash())
}
