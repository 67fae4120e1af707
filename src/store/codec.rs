//! How values are stored: timestamps as Unix milliseconds, calendar dates as `YYYY-MM-DD`
//! text, enums as their text form (their serde names: the strings the UI and CLI use).

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSqlOutput, Type, ValueRef};
use rusqlite::{Connection, OptionalExtension, Params, Row, ToSql};

use crate::error::{Error, Result};
use crate::model::{
    AskKind, AskStatus, ChannelKind, Circle, ContactRef, FeedbackAction, ImportantDate, Initiator,
    InteractionKind, Lane, ReminderSource, ReminderStatus, Role, SourceKind, SourceStatus,
    TitleKind,
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

/// The row a query by id found, or `NotFound` for the `entity` with that id.
pub fn found<T>(row: Option<T>, entity: &str, id: i64) -> Result<T> {
    row.ok_or_else(|| Error::NotFound {
        entity: entity.into(),
        id,
    })
}

/// Every row `sql` finds with `params`, read by `read` (into a `Vec`, most often).
pub fn list<T, C: FromIterator<T>>(
    conn: &Connection,
    sql: &str,
    params: impl Params,
    read: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
) -> Result<C> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map(params, read)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The row `sql` finds by id (its `?1`), read by `read`; `NotFound` for the `entity` when
/// there is none.
pub fn get_by_id<T>(
    conn: &Connection,
    sql: &str,
    id: i64,
    entity: &str,
    read: impl FnOnce(&Row<'_>) -> rusqlite::Result<T>,
) -> Result<T> {
    let row = conn.prepare_cached(sql)?.query_row([id], read).optional()?;
    found(row, entity, id)
}

/// `Ok` when a write by id changed a row, else `NotFound` for the `entity` with that id.
pub fn changed(rows: usize, entity: &str, id: i64) -> Result<()> {
    found((rows > 0).then_some(()), entity, id)
}

/// A contact reference read from two columns: its id at `at`, its name at `at + 1`.
pub fn contact_ref_at(row: &Row<'_>, at: usize) -> rusqlite::Result<ContactRef> {
    Ok(ContactRef {
        id: row.get(at)?,
        name: row.get(at + 1)?,
    })
}

/// An important date read from five columns from `at` on: label, year, month, day, recurring.
pub fn important_date_at(row: &Row<'_>, at: usize) -> rusqlite::Result<ImportantDate> {
    Ok(ImportantDate {
        label: row.get(at)?,
        year: row.get(at + 1)?,
        month: row.get(at + 2)?,
        day: row.get(at + 3)?,
        recurring: row.get(at + 4)?,
    })
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
    Role,
    SourceKind,
    SourceStatus,
    TitleKind,
);

/// `ids` as a JSON array, for `json_each(?)`: one statement for many ids.
pub fn id_list(ids: &[i64]) -> String {
    let mut list = String::with_capacity(ids.len() * 8 + 2);
    list.push('[');
    for (i, id) in ids.iter().enumerate() {
        if i > 0 {
            list.push(',');
        }
        list.push_str(&id.to_string());
    }
    list.push(']');
    list
}
