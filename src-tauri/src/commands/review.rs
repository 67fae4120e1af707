//! The Review screen: one command per panel, and a person's health over time. Each takes
//! the moment to evaluate (`asOf`, default now) so the panels of one screen agree and share
//! the core's evaluation.

use chrono::{DateTime, Utc};
use kith::engine::review::{
    Activity, CircleShape, FadingTie, NetworkMap, OneSidedTie, SeriesPoint, TrendPoint,
};
use kith::Result;
use tauri::State;

use super::now_or;
use crate::AppState;

#[tauri::command(async)]
pub fn review_circles(
    state: State<'_, AppState>,
    as_of: Option<DateTime<Utc>>,
) -> Result<Vec<CircleShape>> {
    state.with_store(|s| s.review_circles(&now_or(as_of)))
}

#[tauri::command(async)]
pub fn review_trend(
    state: State<'_, AppState>,
    as_of: Option<DateTime<Utc>>,
) -> Result<Vec<TrendPoint>> {
    state.with_store(|s| s.review_trend(&now_or(as_of)))
}

#[tauri::command(async)]
pub fn review_fading(
    state: State<'_, AppState>,
    as_of: Option<DateTime<Utc>>,
) -> Result<Vec<FadingTie>> {
    state.with_store(|s| s.review_fading(&now_or(as_of)))
}

#[tauri::command(async)]
pub fn review_one_sided(
    state: State<'_, AppState>,
    as_of: Option<DateTime<Utc>>,
) -> Result<Vec<OneSidedTie>> {
    state.with_store(|s| s.review_one_sided(&now_or(as_of)))
}

#[tauri::command(async)]
pub fn review_activity(
    state: State<'_, AppState>,
    as_of: Option<DateTime<Utc>>,
) -> Result<Activity> {
    state.with_store(|s| s.review_activity(&now_or(as_of)))
}

#[tauri::command(async)]
pub fn review_map(
    state: State<'_, AppState>,
    as_of: Option<DateTime<Utc>>,
    limit: Option<u32>,
) -> Result<NetworkMap> {
    state.with_store(|s| s.review_map(&now_or(as_of), limit))
}

#[tauri::command(async)]
pub fn health_series(
    state: State<'_, AppState>,
    id: i64,
    as_of: Option<DateTime<Utc>>,
) -> Result<Vec<SeriesPoint>> {
    state.with_store(|s| s.health_series(id, &now_or(as_of)))
}
