//! How values are stored: timestamps as Unix milliseconds, calendar dates as `YYYY-MM-DD`
//! text, enums as their lowercase serde names (the same strings the UI and CLI use).

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::types::{FromSqlError, Type};
use rusqlite::Row;
use serde::de::DeserializeOwned;
use serde::Serialize;

pub fn from_millis(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(ms).unwrap_or(DateTime::<Utc>::MIN_UTC)
}

pub fn opt_from_millis(ms: Option<i64>) -> Option<DateTime<Utc>> {
    ms.map(from_millis)
}

pub fn date_str(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

pub fn opt_date(row: &Row<'_>, idx: usize) -> rusqlite::Result<Option<NaiveDate>> {
    match row.get::<_, Option<String>>(idx)? {
        None => Ok(None),
        Some(s) => date(&s, idx).map(Some),
    }
}

pub fn date_at(row: &Row<'_>, idx: usize) -> rusqlite::Result<NaiveDate> {
    date(&row.get::<_, String>(idx)?, idx)
}

fn date(s: &str, idx: usize) -> rusqlite::Result<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(idx, Type::Text, Box::new(e)))
}

/// The stored name of a unit enum variant (its serde name).
pub fn enum_str<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

fn parse_enum<T: DeserializeOwned>(s: String, idx: usize) -> rusqlite::Result<T> {
    serde_json::from_value(serde_json::Value::String(s)).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(
            idx,
            Type::Text,
            Box::new(FromSqlError::Other(Box::new(e))),
        )
    })
}

pub fn enum_from<T: DeserializeOwned>(row: &Row<'_>, idx: usize) -> rusqlite::Result<T> {
    parse_enum(row.get(idx)?, idx)
}

pub fn opt_enum<T: DeserializeOwned>(row: &Row<'_>, idx: usize) -> rusqlite::Result<Option<T>> {
    row.get::<_, Option<String>>(idx)?
        .map(|s| parse_enum(s, idx))
        .transpose()
}
