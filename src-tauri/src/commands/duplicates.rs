//! Possible duplicates: the list, "not the same person", and merging (with its preview and
//! its undo).

use kith::model::{Contact, DuplicatePair, MergeField};
use kith::ops::{LastMerge, Unmerged};
use kith::Result;
use tauri::State;

use crate::AppState;

#[tauri::command(async)]
pub fn duplicates_list(
    state: State<'_, AppState>,
    limit: Option<u32>,
) -> Result<Vec<DuplicatePair>> {
    state.with_store(|s| s.find_duplicates(limit))
}

#[tauri::command(async)]
pub fn duplicates_dismiss(state: State<'_, AppState>, a: i64, b: i64) -> Result<()> {
    state.with_store(|s| s.mark_not_duplicate(a, b, chrono::Utc::now()))
}

#[tauri::command(async)]
pub fn contact_merge(
    state: State<'_, AppState>,
    keep: i64,
    other: i64,
    take: Option<Vec<MergeField>>,
) -> Result<Contact> {
    let take = take.unwrap_or_default();
    state.with_store(|s| s.merge_contacts(keep, other, &take, chrono::Utc::now()))
}

#[tauri::command(async)]
pub fn contact_merge_preview(
    state: State<'_, AppState>,
    keep: i64,
    other: i64,
    take: Option<Vec<MergeField>>,
) -> Result<Contact> {
    let take = take.unwrap_or_default();
    state.with_store(|s| s.preview_merge(keep, other, &take, chrono::Utc::now()))
}

#[tauri::command(async)]
pub fn contact_last_merge(state: State<'_, AppState>, id: i64) -> Result<Option<LastMerge>> {
    state.with_store(|s| s.last_merge(id))
}

#[tauri::command(async)]
pub fn contact_unmerge(state: State<'_, AppState>, id: i64) -> Result<Unmerged> {
    state.with_store(|s| s.unmerge_contact(id, chrono::Utc::now()))
}
