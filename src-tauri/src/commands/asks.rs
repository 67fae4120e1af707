//! Needs and offers.

use kith::model::{Ask, AskQuery, AskStatus, NewAsk};
use kith::Result;
use tauri::State;

use crate::AppState;

#[tauri::command(async)]
pub fn ask_add(state: State<'_, AppState>, input: NewAsk) -> Result<Ask> {
    state.with_store(|s| s.add_ask(input, chrono::Utc::now()))
}

#[tauri::command(async)]
pub fn ask_list(state: State<'_, AppState>, query: AskQuery) -> Result<Vec<Ask>> {
    state.with_store(|s| s.list_asks(&query))
}

#[tauri::command(async)]
pub fn ask_set_status(
    state: State<'_, AppState>,
    id: i64,
    status: AskStatus,
    helped_by: Option<i64>,
) -> Result<Ask> {
    state.with_store(|s| s.set_ask_status(id, status, helped_by, chrono::Utc::now()))
}
