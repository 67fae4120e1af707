//! Sources (calendars and mailboxes Kith reads), the queue of people on them who are not in
//! Kith, and the person's own addresses.
//!
//! A read reports its progress as `capture-progress` events (`{ read }`: items read so far)
//! after each batch, and stops after the batch it is in when `source_cancel` is called; what
//! it committed stays (a preview keeps nothing either way). Only one read runs at a time: the
//! store is held for it.

use std::path::PathBuf;

use kith::model::{
    CapturedMessage, Contact, ExportQuestions, FoundSource, OwnAddress, ScanReport, Source,
    SourceKind, Unknown,
};
use kith::ops::AddSource;
use kith::Result;
use serde::Serialize;
use tauri::{AppHandle, Emitter, Runtime, State};

use crate::AppState;

/// The event a read sends after each batch.
pub const PROGRESS: &str = "capture-progress";

/// What a `capture-progress` event carries.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct CaptureProgress {
    /// Messages or meeting occurrences read so far.
    pub read: u32,
}

/// After each batch: tells the window, and goes on unless a cancel came.
pub(crate) fn progress<R: Runtime>(
    app: &AppHandle<R>,
    state: &AppState,
) -> impl FnMut(u32) -> bool {
    let app = app.clone();
    let stop = state.capture_stop();
    move |read| {
        let _ = app.emit(PROGRESS, CaptureProgress { read });
        !stop.load(std::sync::atomic::Ordering::SeqCst)
    }
}

#[tauri::command(async)]
pub fn source_list(state: State<'_, AppState>) -> Result<Vec<Source>> {
    state.with_store(|s| s.list_sources())
}

/// Reads `path` as a new source; with `dryRun` keeps nothing (the preview); with `keepText`
/// keeps what its messages say; `me` names the person in a chat export, `dayFirst` the date
/// order of a WhatsApp export that can be read both ways.
// Each of the call's arguments is a parameter: that is how Tauri hands them over.
#[allow(clippy::too_many_arguments)]
#[tauri::command(async)]
pub fn source_add<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    path: String,
    kind: Option<SourceKind>,
    dry_run: bool,
    keep_text: Option<bool>,
    me: Option<String>,
    day_first: Option<bool>,
) -> Result<ScanReport> {
    let mut progress = progress(&app, &state);
    let options = AddSource {
        kind,
        dry_run,
        keep_text: keep_text.unwrap_or(false),
        me,
        day_first,
    };
    state.with_read(|s| {
        s.add_source_with(
            &PathBuf::from(&path),
            options,
            chrono::Utc::now(),
            &mut progress,
        )
    })
}

/// Keeps what source `id`'s messages say from its next read on, or stops and erases it.
#[tauri::command(async)]
pub fn source_set_keep_text(state: State<'_, AppState>, id: i64, keep: bool) -> Result<Source> {
    state.with_store(|s| s.set_source_keep_text(id, keep))
}

/// The messages (or meeting) interaction `id` was made of, with their text where kept.
#[tauri::command(async)]
pub fn interaction_messages(state: State<'_, AppState>, id: i64) -> Result<Vec<CapturedMessage>> {
    state.with_store(|s| s.interaction_messages(id))
}

/// Reads source `id` again (every source without one): only what is new.
#[tauri::command(async)]
pub fn source_scan<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: Option<i64>,
) -> Result<Vec<ScanReport>> {
    let mut progress = progress(&app, &state);
    state.with_read(|s| s.scan_sources(id, chrono::Utc::now(), &mut progress))
}

/// Stops the read in progress after its current batch.
#[tauri::command(async)]
pub fn source_cancel(state: State<'_, AppState>) {
    state.cancel_read();
}

/// Stops reading source `id`; with `forget`, what it brought goes to the trash.
#[tauri::command(async)]
pub fn source_remove(state: State<'_, AppState>, id: i64, forget: bool) -> Result<Source> {
    state.with_store(|s| s.remove_source(id, forget, chrono::Utc::now()))
}

/// Thunderbird and Evolution mail folders and calendars in their usual places, to offer as
/// sources: listed only (names and sizes), never read until the person adds one.
#[tauri::command(async)]
pub fn source_found() -> Vec<FoundSource> {
    kith::ops::found_sources_at_home()
}

/// The kind `path` would be read as, and the addresses on most of it (likely the person's).
#[tauri::command(async)]
pub fn source_own_addresses(
    state: State<'_, AppState>,
    path: String,
    kind: Option<SourceKind>,
) -> Result<(SourceKind, Vec<OwnAddress>)> {
    state.with_store(|s| s.likely_own_addresses(&PathBuf::from(&path), kind, chrono::Utc::now()))
}

/// What the person must say before the phone or chat export at `path` is read (which author
/// they are, the order of its dates), and what Kith offers as the answers.
#[tauri::command(async)]
pub fn source_questions(
    state: State<'_, AppState>,
    path: String,
    kind: Option<SourceKind>,
) -> Result<ExportQuestions> {
    state.with_store(|s| s.export_questions(&PathBuf::from(&path), kind))
}

#[tauri::command(async)]
pub fn unknown_list(state: State<'_, AppState>, all: bool) -> Result<Vec<Unknown>> {
    state.with_store(|s| s.unknowns(all))
}

#[tauri::command(async)]
pub fn unknown_add(
    state: State<'_, AppState>,
    email: String,
    name: Option<String>,
) -> Result<Contact> {
    state.with_store(|s| s.add_unknown(&email, name.as_deref(), chrono::Utc::now()))
}

#[tauri::command(async)]
pub fn unknown_link(state: State<'_, AppState>, email: String, contact: i64) -> Result<Contact> {
    state.with_store(|s| s.link_unknown(&email, contact, chrono::Utc::now()))
}

#[tauri::command(async)]
pub fn unknown_ignore(state: State<'_, AppState>, email: String) -> Result<()> {
    state.with_store(|s| s.ignore_unknown(&email, chrono::Utc::now()))
}

#[tauri::command(async)]
pub fn me_address_list(state: State<'_, AppState>) -> Result<Vec<String>> {
    state.with_store(|s| s.me_addresses())
}

/// Adds one of the person's own addresses (to Me).
#[tauri::command(async)]
pub fn me_address_add(state: State<'_, AppState>, email: String) -> Result<Contact> {
    state.with_store(|s| s.add_me_address(&email, chrono::Utc::now()))
}
