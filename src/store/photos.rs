//! Queries of `contact_photo`: one picture per contact, imported from a vCard.

use rusqlite::{params, Connection, OptionalExtension};

use crate::error::Result;
use crate::model::Photo;

pub fn get_photo(conn: &Connection, contact_id: i64) -> Result<Option<Photo>> {
    Ok(conn
        .prepare_cached("SELECT mime, data FROM contact_photo WHERE contact_id = ?1")?
        .query_row([contact_id], |r| {
            Ok(Photo {
                mime: r.get(0)?,
                data: r.get(1)?,
            })
        })
        .optional()?)
}

pub fn upsert_photo(conn: &Connection, contact_id: i64, photo: &Photo) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO contact_photo (contact_id, mime, data) VALUES (?1, ?2, ?3)
         ON CONFLICT (contact_id) DO UPDATE SET mime = excluded.mime, data = excluded.data",
    )?
    .execute(params![contact_id, photo.mime, photo.data])?;
    Ok(())
}

pub fn delete_photo(conn: &Connection, contact_id: i64) -> Result<()> {
    conn.prepare_cached("DELETE FROM contact_photo WHERE contact_id = ?1")?
        .execute([contact_id])?;
    Ok(())
}
