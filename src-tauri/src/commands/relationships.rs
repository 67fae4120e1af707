//! How people know each other: the people around a person, and relationships added and
//! removed from their page.

use kith::model::{PeopleAround, RelationshipInput};
use kith::Result;
use tauri::State;

use crate::AppState;

#[tauri::command(async)]
pub fn people_around(state: State<'_, AppState>, id: i64) -> Result<PeopleAround> {
    state.with_store(|s| s.people_around(id))
}

#[tauri::command(async)]
pub fn relationship_add(
    state: State<'_, AppState>,
    input: RelationshipInput,
) -> Result<PeopleAround> {
    state.with_store(|s| s.add_relationship(input, chrono::Utc::now()))
}

#[tauri::command(async)]
pub fn relationship_remove(
    state: State<'_, AppState>,
    input: RelationshipInput,
) -> Result<PeopleAround> {
    state.with_store(|s| s.remove_relationship(input, chrono::Utc::now()))
}
