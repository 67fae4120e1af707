//! The follow-up engine: Today, health, help opportunities, feedback on suggestions,
//! reminders and the engine's settings. "Now" is read here, with this machine's UTC offset,
//! and passed down.

use chrono::{NaiveDate, Utc};
use kith::engine::{ContactHealth, HelpOpportunity, RemindersView, Today};
use kith::model::{
    Brief, Feedback, FeedbackAction, Lane, NewReminder, Reminder, Settings, Upcoming,
};
use kith::Result;
use tauri::State;

use super::now;
use crate::AppState;

#[tauri::command(async)]
pub fn today(state: State<'_, AppState>, limit: Option<u32>) -> Result<Today> {
    state.with_store(|s| s.today(&now(), limit))
}

/// Calendar events of the next `days` days (7 by default) with people in Kith, each with a
/// brief on every such person.
#[tauri::command(async)]
pub fn upcoming(state: State<'_, AppState>, days: Option<u32>) -> Result<Vec<Upcoming>> {
    state.with_store(|s| s.upcoming(&now(), days.unwrap_or(7)))
}

/// What to have in mind before meeting contact `id`.
#[tauri::command(async)]
pub fn brief_get(state: State<'_, AppState>, id: i64) -> Result<Brief> {
    state.with_store(|s| s.brief(id, &now()))
}

#[tauri::command(async)]
pub fn health_get(state: State<'_, AppState>, id: i64) -> Result<ContactHealth> {
    state.with_store(|s| s.contact_health(id, &now()))
}

#[tauri::command(async)]
pub fn health_list(state: State<'_, AppState>) -> Result<Vec<ContactHealth>> {
    state.with_store(|s| s.health_all(&now()))
}

#[tauri::command(async)]
pub fn help_opportunities(state: State<'_, AppState>) -> Result<Vec<HelpOpportunity>> {
    state.with_store(|s| s.help_opportunities(&now()))
}

#[tauri::command(async)]
pub fn suggestion_feedback(
    state: State<'_, AppState>,
    contact_id: i64,
    lane: Lane,
    action: FeedbackAction,
    until: Option<NaiveDate>,
) -> Result<Feedback> {
    state.with_store(|s| s.suggestion_feedback(contact_id, lane, action, until, &now()))
}

#[tauri::command(async)]
pub fn reminder_add(state: State<'_, AppState>, input: NewReminder) -> Result<Reminder> {
    state.with_store(|s| s.add_reminder(input, Utc::now()))
}

#[tauri::command(async)]
pub fn reminder_list(state: State<'_, AppState>) -> Result<RemindersView> {
    state.with_store(|s| s.reminders(&now()))
}

#[tauri::command(async)]
pub fn reminder_done(state: State<'_, AppState>, id: i64) -> Result<Reminder> {
    state.with_store(|s| s.reminder_done(id, Utc::now()))
}

#[tauri::command(async)]
pub fn reminder_snooze(state: State<'_, AppState>, id: i64, until: NaiveDate) -> Result<Reminder> {
    state.with_store(|s| s.reminder_snooze(id, until, &now()))
}

#[tauri::command(async)]
pub fn settings_get(state: State<'_, AppState>) -> Result<Settings> {
    state.with_store(|s| s.settings())
}

#[tauri::command(async)]
pub fn settings_set(state: State<'_, AppState>, input: Settings) -> Result<Settings> {
    state.with_store(|s| s.set_settings(input))
}
