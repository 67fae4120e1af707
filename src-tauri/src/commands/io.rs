//! Import and export: preview an import (the plan), carry it out, write an export.
//!
//! Paths come from the file dialog or from a file dropped on the window. An import reports
//! its progress as `import-progress` events (`{ done, total }`) while it writes.

use std::path::PathBuf;

use kith::io::{ExportFormat, ExportReport, ImportDecision, ImportFormat, ImportPlan};
use kith::model::{ImportRecord, ImportUndo};
use kith::Result;
use serde::Serialize;
use tauri::{AppHandle, Emitter, Runtime, State};

use crate::AppState;

/// What an `import-progress` event carries.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct ImportProgress {
    pub done: u32,
    pub total: u32,
}

/// What importing the file would create, merge and skip, with the person's `decisions` for
/// some records (create / skip / merge into a contact) overruling the plan; writes nothing.
#[tauri::command(async)]
pub fn import_preview(
    state: State<'_, AppState>,
    path: String,
    format: Option<ImportFormat>,
    decisions: Option<Vec<ImportDecision>>,
) -> Result<ImportPlan> {
    state.with_store(|s| {
        s.plan_import_file_with(
            &PathBuf::from(&path),
            format,
            decisions.as_deref().unwrap_or_default(),
            chrono::Utc::now(),
        )
    })
}

/// Imports the file with the same `decisions` as its preview, all or nothing, and returns
/// what was done.
#[tauri::command(async)]
pub fn import_commit<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    path: String,
    format: Option<ImportFormat>,
    decisions: Option<Vec<ImportDecision>>,
) -> Result<ImportPlan> {
    let mut progress = |done, total| {
        let _ = app.emit("import-progress", ImportProgress { done, total });
    };
    state.with_store(|s| {
        s.import_file_with(
            &PathBuf::from(&path),
            format,
            decisions.as_deref().unwrap_or_default(),
            chrono::Utc::now(),
            &mut progress,
        )
    })
}

/// Every import that wrote something, newest first.
#[tauri::command(async)]
pub fn import_list(state: State<'_, AppState>) -> Result<Vec<ImportRecord>> {
    state.with_store(|s| s.list_imports())
}

/// Takes import `id` back: what it created goes to the trash, what it filled in is taken
/// back where still unchanged. An import is undone once.
#[tauri::command(async)]
pub fn import_undo(state: State<'_, AppState>, id: i64) -> Result<ImportUndo> {
    state.with_store(|s| s.undo_import(id, chrono::Utc::now()))
}

/// Writes an export (vCard of all contacts or of `contacts`, iCalendar, JSON) to `path`.
#[tauri::command(async)]
pub fn export_write(
    state: State<'_, AppState>,
    format: ExportFormat,
    path: String,
    contacts: Option<Vec<i64>>,
) -> Result<ExportReport> {
    state.with_store(|s| {
        s.export_to_file(
            format,
            contacts.as_deref(),
            &PathBuf::from(&path),
            chrono::Utc::now(),
        )
    })
}

/// The calendar file the app keeps current (beside the database), for Settings to show.
#[tauri::command(async)]
pub fn calendar_path(state: State<'_, AppState>) -> Result<Option<String>> {
    state.with_store(|s| Ok(s.calendar_path().map(|p| p.display().to_string())))
}
