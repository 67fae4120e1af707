//! `sync_peer`: the other devices whose change files were read here, and how far.

use rusqlite::{params, Connection, OptionalExtension};

use crate::error::Result;

#[derive(Debug, Clone, PartialEq)]
pub struct SyncPeer {
    pub device: String,
    pub name: Option<String>,
    pub applied_seq: u64,
    pub schema_version: Option<i64>,
    pub last_applied_at: Option<i64>,
}

pub fn list_sync_peers(conn: &Connection) -> Result<Vec<SyncPeer>> {
    Ok(conn
        .prepare_cached(
            "SELECT device, name, applied_seq, schema_version, last_applied_at FROM sync_peer
             ORDER BY device",
        )?
        .query_map([], |r| {
            Ok(SyncPeer {
                device: r.get(0)?,
                name: r.get(1)?,
                applied_seq: r.get::<_, i64>(2)?.max(0) as u64,
                schema_version: r.get(3)?,
                last_applied_at: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}

/// How many of `device`'s changes are applied here (0 for a device never read).
pub fn get_sync_peer_applied(conn: &Connection, device: &str) -> Result<u64> {
    Ok(conn
        .prepare_cached("SELECT applied_seq FROM sync_peer WHERE device = ?1")?
        .query_row([device], |r| r.get::<_, i64>(0))
        .optional()?
        .map_or(0, |n| n.max(0) as u64))
}

/// `device`'s changes up to `applied_seq` are applied here, the last at `at`.
pub fn update_sync_peer_applied(
    conn: &Connection,
    device: &str,
    applied_seq: u64,
    schema_version: i64,
    at: i64,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO sync_peer (device, applied_seq, schema_version, last_applied_at)
         VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (device) DO UPDATE SET applied_seq = excluded.applied_seq,
             schema_version = excluded.schema_version, last_applied_at = excluded.last_applied_at",
    )?
    .execute(params![device, applied_seq as i64, schema_version, at])?;
    Ok(())
}

pub fn update_sync_peer_name(conn: &Connection, device: &str, name: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO sync_peer (device, name) VALUES (?1, ?2)
         ON CONFLICT (device) DO UPDATE SET name = excluded.name",
    )?
    .execute(params![device, name])?;
    Ok(())
}
