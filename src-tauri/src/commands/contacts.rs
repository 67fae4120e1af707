//! Contacts: add, open one, list a page.

use kith::model::{Contact, ContactQuery, NewContact, Page};
use tauri::State;

use crate::AppState;

#[tauri::command(async)]
pub fn contact_add(state: State<'_, AppState>, input: NewContact) -> Result<Contact, kith::Error> {
    state.with_store(|store| store.add_contact(input, chrono::Utc::now()))
}

#[tauri::command(async)]
pub fn contact_get(state: State<'_, AppState>, id: i64) -> Result<Contact, kith::Error> {
    state.with_store(|store| store.get_contact(id))
}

#[tauri::command(async)]
pub fn contact_list(
    state: State<'_, AppState>,
    query: ContactQuery,
) -> Result<Page<Contact>, kith::Error> {
    state.with_store(|store| store.list_contacts(query))
}
