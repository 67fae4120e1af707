//! How values are stored: timestamps as Unix milliseconds, calendar dates as `YYYY-MM-DD`
//! text, enums as their text form (their serde names: the strings the UI and CLI use).

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSqlOutput, Type, ValueRef};
use rusqlite::{Row, ToSql};

use crate::model::{
    AskKind, AskStatus, ChannelKind, Circle, FeedbackAction, Initiator, InteractionKind, Lane,
    ReminderSource, ReminderStatus, TitleKind,
};

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

/// Model enums are stored as their text form (`AsRef<str>` out, `FromStr` in: the serde
/// names, see `crate::model`), so `params![...]` and `row.get(...)` take them as they are.
macro_rules! text_enum_sql {
    ($($t:ty),* $(,)?) => {$(
        impl ToSql for $t {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::Borrowed(ValueRef::Text(self.as_ref().as_bytes())))
            }
        }

        impl FromSql for $t {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                value
                    .as_str()?
                    .parse()
                    .map_err(|e| FromSqlError::Other(Box::new(e)))
            }
        }
    )*};
}

text_enum_sql!(
    AskKind,
    AskStatus,
    ChannelKind,
    Circle,
    FeedbackAction,
    Initiator,
    InteractionKind,
    Lane,
    ReminderSource,
    ReminderStatus,
    TitleKind,
);
