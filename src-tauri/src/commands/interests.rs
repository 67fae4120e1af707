//! The shared vocabulary of interests.

use kith::model::Interest;
use kith::Result;
use tauri::State;

use crate::AppState;

#[tauri::command(async)]
pub fn interest_list(state: State<'_, AppState>) -> Result<Vec<Interest>> {
    state.with_store(|s| s.list_interests())
}

#[tauri::command(async)]
pub fn interest_add(state: State<'_, AppState>, name: String) -> Result<Interest> {
    state.with_store(|s| s.add_interest(&name, chrono::Utc::now()))
}

#[tauri::command(async)]
pub fn interest_rename(state: State<'_, AppState>, old: String, new: String) -> Result<Interest> {
    state.with_store(|s| s.rename_interest(&old, &new))
}

#[tauri::command(async)]
pub fn interest_merge(state: State<'_, AppState>, from: String, into: String) -> Result<Interest> {
    state.with_store(|s| s.merge_interests(&from, &into))
}
