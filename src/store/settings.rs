//! Queries of `setting`: one row per setting the user changed, as text; a missing or
//! unreadable row takes the default of [`Settings`]. The app's own state that is not a user
//! setting (the day the notification last fired, `notifiedOn`) lives in the same table.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};

use crate::error::Result;
use crate::model::Settings;

const DAILY_BUDGET: &str = "dailyBudget";
const NOTIFY_AT: &str = "notifyAt";
const NOTIFICATIONS: &str = "notifications";
const GAP_INNER: &str = "gap.inner";
const GAP_CLOSE: &str = "gap.close";
const GAP_NETWORK: &str = "gap.network";
const GAP_WIDER: &str = "gap.wider";
const NOTIFIED_ON: &str = "notifiedOn";
const DEFAULT_REGION: &str = "defaultRegion";

pub fn get_settings(conn: &Connection) -> Result<Settings> {
    let mut s = Settings::default();
    let mut stmt = conn.prepare_cached("SELECT key, value FROM setting")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    for row in rows {
        let (key, value) = row?;
        let num = |into: &mut u32| {
            if let Ok(v) = value.parse() {
                *into = v;
            }
        };
        match key.as_str() {
            DAILY_BUDGET => num(&mut s.daily_budget),
            NOTIFY_AT => s.notify_at = value.clone(),
            NOTIFICATIONS => s.notifications = value == "true",
            GAP_INNER => num(&mut s.circle_gaps.inner),
            GAP_CLOSE => num(&mut s.circle_gaps.close),
            GAP_NETWORK => num(&mut s.circle_gaps.network),
            GAP_WIDER => num(&mut s.circle_gaps.wider),
            DEFAULT_REGION => s.default_region = Some(value.clone()),
            _ => {}
        }
    }
    Ok(s)
}

/// Writes every setting of `s` (already validated).
pub fn update_settings(conn: &Connection, s: &Settings) -> Result<()> {
    let mut stmt =
        conn.prepare_cached("INSERT OR REPLACE INTO setting (key, value) VALUES (?1, ?2)")?;
    for (key, value) in [
        (DAILY_BUDGET, s.daily_budget.to_string()),
        (NOTIFY_AT, s.notify_at.clone()),
        (NOTIFICATIONS, s.notifications.to_string()),
        (GAP_INNER, s.circle_gaps.inner.to_string()),
        (GAP_CLOSE, s.circle_gaps.close.to_string()),
        (GAP_NETWORK, s.circle_gaps.network.to_string()),
        (GAP_WIDER, s.circle_gaps.wider.to_string()),
    ] {
        stmt.execute(params![key, value])?;
    }
    match &s.default_region {
        Some(region) => stmt.execute(params![DEFAULT_REGION, region])?,
        None => conn
            .prepare_cached("DELETE FROM setting WHERE key = ?1")?
            .execute([DEFAULT_REGION])?,
    };
    Ok(())
}

/// The region phone numbers without a country code are read in (ISO 3166 alpha-2), if set.
pub fn get_default_region(conn: &Connection) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT value FROM setting WHERE key = ?1")?
        .query_row([DEFAULT_REGION], |r| r.get(0))
        .optional()?)
}

/// Sets the default region unless one is set already; true if it was set now.
pub fn insert_default_region(conn: &Connection, region: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("INSERT OR IGNORE INTO setting (key, value) VALUES (?1, ?2)")?
        .execute(params![DEFAULT_REGION, region])?
        > 0)
}

/// The local day the desktop notification last fired, if ever (unreadable: never).
pub fn get_notified_on(conn: &Connection) -> Result<Option<NaiveDate>> {
    let value: Option<String> = conn
        .prepare_cached("SELECT value FROM setting WHERE key = ?1")?
        .query_row([NOTIFIED_ON], |r| r.get(0))
        .optional()?;
    Ok(value.and_then(|v| v.parse().ok()))
}

pub fn update_notified_on(conn: &Connection, day: NaiveDate) -> Result<()> {
    conn.prepare_cached("INSERT OR REPLACE INTO setting (key, value) VALUES (?1, ?2)")?
        .execute(params![NOTIFIED_ON, day.to_string()])?;
    Ok(())
}
