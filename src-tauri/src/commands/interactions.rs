//! The interaction log and timelines.

use kith::model::{Interaction, NewInteraction, Page};
use kith::Result;
use tauri::State;

use crate::AppState;

#[tauri::command(async)]
pub fn interaction_log(state: State<'_, AppState>, input: NewInteraction) -> Result<Interaction> {
    state.with_store(|s| s.log_interaction(input, chrono::Utc::now()))
}

#[tauri::command(async)]
pub fn interaction_delete(state: State<'_, AppState>, id: i64) -> Result<()> {
    state.with_store(|s| s.delete_interaction(id, chrono::Utc::now()))
}

#[tauri::command(async)]
pub fn interaction_restore(state: State<'_, AppState>, id: i64) -> Result<Interaction> {
    state.with_store(|s| s.restore_interaction(id))
}

#[tauri::command(async)]
pub fn timeline(
    state: State<'_, AppState>,
    contact_id: i64,
    limit: u32,
    offset: u32,
) -> Result<Page<Interaction>> {
    state.with_store(|s| s.timeline(contact_id, limit, offset))
}
