//! People: add, edit, open, list (with each row's health, as of now), archive, trash and
//! restore, autocomplete, "me".

use kith::model::{
    Contact, ContactInput, ContactQuery, ContactRef, ContactSummary, Page, TagCount,
};
use kith::Result;
use tauri::State;

use crate::AppState;

#[tauri::command(async)]
pub fn contact_add(state: State<'_, AppState>, input: ContactInput) -> Result<Contact> {
    state.with_store(|s| s.add_contact(input, chrono::Utc::now()))
}

#[tauri::command(async)]
pub fn contact_update(state: State<'_, AppState>, id: i64, input: ContactInput) -> Result<Contact> {
    state.with_store(|s| s.update_contact(id, input, chrono::Utc::now()))
}

#[tauri::command(async)]
pub fn contact_get(state: State<'_, AppState>, id: i64) -> Result<Contact> {
    state.with_store(|s| s.get_contact(id))
}

#[tauri::command(async)]
pub fn contact_list(
    state: State<'_, AppState>,
    query: ContactQuery,
) -> Result<Page<ContactSummary>> {
    state.with_store(|s| s.list_contacts_at(&query, &super::now()))
}

#[tauri::command(async)]
pub fn contact_set_archived(
    state: State<'_, AppState>,
    id: i64,
    archived: bool,
) -> Result<Contact> {
    state.with_store(|s| s.set_archived(id, archived, chrono::Utc::now()))
}

#[tauri::command(async)]
pub fn contact_delete(state: State<'_, AppState>, id: i64) -> Result<()> {
    state.with_store(|s| s.delete_contact(id, chrono::Utc::now()))
}

#[tauri::command(async)]
pub fn contact_restore(state: State<'_, AppState>, id: i64) -> Result<Contact> {
    state.with_store(|s| s.restore_contact(id))
}

#[tauri::command(async)]
pub fn contact_suggest(
    state: State<'_, AppState>,
    prefix: String,
    limit: u32,
) -> Result<Vec<ContactRef>> {
    state.with_store(|s| s.suggest_contacts(&prefix, limit))
}

#[tauri::command(async)]
pub fn tag_list(state: State<'_, AppState>) -> Result<Vec<TagCount>> {
    state.with_store(|s| s.list_tags())
}

#[tauri::command(async)]
pub fn me_get(state: State<'_, AppState>) -> Result<Contact> {
    state.with_store(|s| s.me(chrono::Utc::now()))
}
