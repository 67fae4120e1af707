//! `sync_config`: this device's part in sync (one row once sync is set up).

use rusqlite::{params, Connection, OptionalExtension};

use crate::error::Result;

/// This device's sync setup.
#[derive(Debug, Clone, PartialEq)]
pub struct SyncConfig {
    pub device: String,
    pub name: String,
    pub folder: String,
    pub key: [u8; 32],
    /// This device's changes written to files so far.
    pub exported_seq: u64,
    pub paused: bool,
    pub created_at: i64,
    /// The last stamp of this device's clock when its changes were last written out.
    pub clock: Option<String>,
    pub last_run_at: Option<i64>,
    pub last_error: Option<String>,
}

pub fn get_sync_config(conn: &Connection) -> Result<Option<SyncConfig>> {
    Ok(conn
        .prepare_cached(
            "SELECT device, name, folder, key, exported_seq, paused, created_at, clock,
                    last_run_at, last_error
             FROM sync_config WHERE id = 1",
        )?
        .query_row([], |r| {
            let key: Vec<u8> = r.get(3)?;
            let mut bytes = [0u8; 32];
            if key.len() == 32 {
                bytes.copy_from_slice(&key);
            }
            Ok(SyncConfig {
                device: r.get(0)?,
                name: r.get(1)?,
                folder: r.get(2)?,
                key: bytes,
                exported_seq: r.get::<_, i64>(4)?.max(0) as u64,
                paused: r.get(5)?,
                created_at: r.get(6)?,
                clock: r.get(7)?,
                last_run_at: r.get(8)?,
                last_error: r.get(9)?,
            })
        })
        .optional()?)
}

pub fn insert_sync_config(conn: &Connection, c: &SyncConfig) -> Result<()> {
    conn.execute(
        "INSERT INTO sync_config (id, device, name, folder, key, exported_seq, paused, created_at,
                                  clock)
         VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            c.device,
            c.name,
            c.folder,
            c.key.as_slice(),
            c.exported_seq as i64,
            c.paused,
            c.created_at,
            c.clock
        ],
    )?;
    Ok(())
}

/// After this device's changes up to `exported_seq` were written out, its clock at `clock`.
pub fn update_sync_config_exported(
    conn: &Connection,
    exported_seq: u64,
    clock: &str,
) -> Result<()> {
    conn.prepare_cached("UPDATE sync_config SET exported_seq = ?1, clock = max(coalesce(clock, ''), ?2) WHERE id = 1")?
        .execute(params![exported_seq as i64, clock])?;
    Ok(())
}

/// The end of a pass: when, its error if any, and the clock after it.
pub fn update_sync_config_run(
    conn: &Connection,
    at: i64,
    error: Option<&str>,
    clock: &str,
) -> Result<()> {
    conn.prepare_cached(
        "UPDATE sync_config SET last_run_at = ?1, last_error = ?2,
                                clock = max(coalesce(clock, ''), ?3) WHERE id = 1",
    )?
    .execute(params![at, error, clock])?;
    Ok(())
}

pub fn update_sync_config_paused(conn: &Connection, paused: bool) -> Result<()> {
    conn.execute("UPDATE sync_config SET paused = ?1 WHERE id = 1", [paused])?;
    Ok(())
}
