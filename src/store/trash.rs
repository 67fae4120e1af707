//! Queries of what is in the trash: deleted contacts and interactions, both soft-deleted
//! (`deleted_at`) until they are purged.

use chrono::Duration;
use rusqlite::Connection;

use crate::error::Result;
use crate::model::{TrashItem, TrashKind};
use crate::store::codec::{self, from_millis};

/// What is in the trash, most recently deleted first (the newest 1,000); each is purged
/// `kept_for` after it was deleted.
pub fn list_trash(conn: &Connection, kept_for: Duration) -> Result<Vec<TrashItem>> {
    codec::list(
        conn,
        "SELECT 'contact', id, name, deleted_at FROM contact WHERE deleted_at IS NOT NULL
         UNION ALL
         SELECT 'interaction', id, CASE WHEN summary <> '' THEN summary ELSE substr(notes, 1, 120) END,
                deleted_at FROM interaction WHERE deleted_at IS NOT NULL
         ORDER BY 4 DESC LIMIT 1000",
        [],
        |r| {
            let deleted_at = from_millis(r.get(3)?);
            Ok(TrashItem {
                kind: if r.get::<_, String>(0)? == "contact" {
                    TrashKind::Contact
                } else {
                    TrashKind::Interaction
                },
                id: r.get(1)?,
                title: r.get(2)?,
                deleted_at,
                purge_at: deleted_at + kept_for,
            })
        },
    )
}
