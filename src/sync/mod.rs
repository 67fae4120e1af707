//! Sync through a folder the person already syncs (Syncthing, Nextcloud, Dropbox, iCloud
//! Drive…): the change-file layer. Each device appends immutable, encrypted, numbered files
//! of changes to its own folder; every device reads everyone's. No server, and never the
//! database file itself (a live SQLite file copied by a file-sync tool is corrupted).
//!
//! This module is the files only: their layout in the folder, their format, the key they are
//! encrypted with, writing them so that no reader ever sees half a file, and reading a folder
//! that a sync tool keeps changing under us without ever blocking, failing or guessing. What
//! goes into a change (capture in the store) and what a device does with one (the merge)
//! build on it.
//!
//! Layout of the synced folder (see docs/SYNC.md, "Change files"):
//!
//! ```text
//! <folder>/kith/keycheck                       the folder's key check (key::create_keycheck)
//! <folder>/kith/<device-id>/                   one folder per device, named by its UUIDv7
//! <folder>/kith/<device-id>/00000000000000000001.kch   change files, named by their first
//!                                                      sequence number (20 digits)
//! <folder>/kith/<device-id>/snapshot-00000000000000000420.kcs   a snapshot: the data and
//!                                                      its merge state after 420 changes,
//!                                                      every device's (see [`snapshot`])
//! <folder>/kith/<device-id>/applied-00000000000000000380.kca  what the device has applied of
//!                                                      the others' changes (see [`acks`])
//! <folder>/kith/<device-id>/.tmp-…             a file being written; readers skip it
//! ```
//!
//! Only a device writes in its own folder, and only names it has never used: a change file
//! is never changed or overwritten once renamed into place. A device's changes are numbered
//! 1, 2, 3… across its files; a file holds a contiguous run of them.
//!
//! - [`hlc`]: the hybrid logical clock every change is stamped with.
//! - [`key`]: recovery key, passphrase, Argon2id, the key check.
//! - [`file`]: a change file's bytes, writing and reading one.
//! - [`merge`]: what every device ends up with, from changes in any order (pure).
//! - [`scan`]: listing the folder, skipping (and saying why) what is not a complete change
//!   file of ours: temporary files, conflict copies, placeholders, files still arriving.
//! - [`acks`]: a device's file of what it has applied, which lets a device remove its change
//!   files once every other has applied them.
//! - [`snapshot`]: a snapshot's bytes: the synced data and merge state as a device had them,
//!   so that a new device does not replay every change.

pub mod acks;
pub mod apply;
pub mod capture;
pub mod file;
pub mod hlc;
pub mod key;
pub mod merge;
pub mod redirect;
pub mod scan;
pub mod snapshot;
pub mod spec;

use std::fmt;
use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::{Error, Result, SyncFileProblem};

pub use file::{
    read_change_file, read_header, write_change_file, ChangeFile, Header, NewChangeFile,
};
pub use hlc::{Clock, Hlc, Received};
pub use key::{
    create_keycheck, open_keycheck, read_keycheck, KdfParams, KeyCheck, RecoveryKey, SecretKind,
    SyncKey, SyncSecret,
};
pub use scan::{scan, DeviceFiles, ListedFile, Scan, SkipReason, Skipped};

/// The folder Kith keeps inside the synced folder.
pub const KITH_DIR: &str = "kith";
/// The key check's name inside [`KITH_DIR`].
pub const KEYCHECK_NAME: &str = "keycheck";
/// What a file being written is named with before it is renamed into place.
pub const TEMP_PREFIX: &str = ".tmp-";
/// A change file's extension.
pub const CHANGE_EXT: &str = "kch";
/// A snapshot's extension.
pub const SNAPSHOT_EXT: &str = "kcs";
/// The extension of a device's file of what it has applied.
pub const ACKS_EXT: &str = "kca";

/// `<folder>/kith`.
pub fn kith_dir(folder: &Path) -> PathBuf {
    folder.join(KITH_DIR)
}

/// Checks that the synced folder the person chose is there: Kith creates its own folders
/// inside it, never the folder itself (a drive not mounted must not get a new folder where
/// it would be).
pub(crate) fn check_folder(folder: &Path) -> Result<()> {
    match fs::metadata(folder) {
        Ok(meta) if meta.is_dir() => Ok(()),
        Ok(_) => Err(Error::Io {
            path: folder.display().to_string(),
            message: "it is a file, not a folder".into(),
        }),
        Err(e) => Err(Error::io(folder, &e)),
    }
}

/// `<folder>/kith/<device>`: where `device` writes its files.
pub fn device_dir(folder: &Path, device: &DeviceId) -> PathBuf {
    kith_dir(folder).join(device.to_string())
}

/// The name of the change file whose first change is number `first_seq`:
/// `00000000000000000042.kch`.
pub fn change_file_name(first_seq: u64) -> String {
    format!("{first_seq:020}.{CHANGE_EXT}")
}

/// The name of a snapshot holding `covered` changes, every device's counted:
/// `snapshot-00000000000000000042.kcs`.
pub fn snapshot_file_name(covered: u64) -> String {
    format!("snapshot-{covered:020}.{SNAPSHOT_EXT}")
}

/// The name of a device's file saying it has applied `covered` changes of the others':
/// `applied-00000000000000000042.kca`.
pub fn acks_file_name(covered: u64) -> String {
    format!("applied-{covered:020}.{ACKS_EXT}")
}

/// A device's id: a UUIDv7 (its creation time and 74 random bits), written as lowercase
/// hyphenated text, which names the device's folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DeviceId(uuid::Uuid);

impl DeviceId {
    /// A new device id made at `now`.
    pub fn generate(now: DateTime<Utc>) -> Self {
        let secs = u64::try_from(now.timestamp()).unwrap_or(0);
        let ts = uuid::Timestamp::from_unix(uuid::NoContext, secs, now.timestamp_subsec_nanos());
        DeviceId(uuid::Uuid::new_v7(ts))
    }

    pub fn as_bytes(&self) -> &[u8; 16] {
        self.0.as_bytes()
    }

    pub fn from_bytes(bytes: [u8; 16]) -> Self {
        DeviceId(uuid::Uuid::from_bytes(bytes))
    }
}

impl fmt::Display for DeviceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.hyphenated().fmt(f)
    }
}

impl FromStr for DeviceId {
    type Err = Error;

    /// Only the canonical form (lowercase, hyphenated), so that one device has one folder name.
    fn from_str(s: &str) -> Result<Self> {
        uuid::Uuid::parse_str(s)
            .ok()
            .filter(|id| id.hyphenated().to_string() == s)
            .map(DeviceId)
            .ok_or_else(|| Error::invalid("device", format!("\"{s}\" is not a device id")))
    }
}

impl Serialize for DeviceId {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for DeviceId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        String::deserialize(d)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}

/// What a change does to its column (a first cut; the merge layer refines it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ChangeOp {
    /// The column's single value is now `value` (last writer wins by stamp).
    Set,
    /// `value` is added to the column's set (adds win over concurrent removes).
    Add,
    /// `value` is removed from the column's set (a tombstone for that element).
    Remove,
    /// The whole row is deleted (a tombstone; `column` and `value` are empty).
    Delete,
}

/// One change to one column of one row, as every device sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    /// The table as the sync layer names it (`contact`, `interaction`…).
    pub table: String,
    /// The row's global id (a UUID as text), the same on every device.
    pub row: String,
    /// The column, or for a set the set's name (`email`, `tag`…); empty for [`ChangeOp::Delete`].
    pub column: String,
    /// The value set, added or removed (`null` for a delete).
    pub value: serde_json::Value,
    pub op: ChangeOp,
    /// When, by the writing device's hybrid logical clock.
    pub hlc: Hlc,
    /// The device that made the change.
    pub device: String,
    /// For [`ChangeOp::Set`]: the stamp of the value the writer replaced (the column's winner
    /// in the writer's state when it wrote), `None` when it saw no value. The merge uses it to
    /// tell a deliberate overwrite from a concurrent one (see [`merge`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<Tag>,
    /// For [`ChangeOp::Remove`]: the tags of the adds of `value` the writer had seen; only
    /// those are removed (an add it had not seen stays: adds win).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub observed: Vec<Tag>,
}

/// A change's identity and place in the total order: its stamp and device. An add's tag in
/// a set; a replaced value's stamp in [`Change::base`].
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Tag {
    pub hlc: Hlc,
    pub device: String,
}

impl Change {
    /// The change's place in the total order every device agrees on: by stamp, then by
    /// device id as text.
    pub fn stamp(&self) -> (Hlc, &str) {
        (self.hlc, &self.device)
    }

    /// The change's stamp as an owned [`Tag`].
    pub fn tag(&self) -> Tag {
        Tag {
            hlc: self.hlc,
            device: self.device.clone(),
        }
    }
}

/// Writes `bytes` as the new file `dir/name`, never a half-written file under that name and
/// never over an existing one: to `dir/.tmp-name` first, fsync, then linked (or, where the
/// file system has no hard links, renamed) into place, and the folder fsynced. A leftover
/// temporary file of a crash is replaced. `dir` is created if missing.
pub(crate) fn write_new_file(dir: &Path, name: &str, bytes: &[u8]) -> Result<PathBuf> {
    write_new_file_with(dir, name, |file| {
        file.write_all(bytes)
            .map_err(|e| Error::io(&dir.join(name), &e))
    })
}

/// [`write_new_file`] with the contents written by `write` (a snapshot, too large to hold in
/// memory): what it writes is flushed to the disk before the file gets its name.
pub(crate) fn write_new_file_with(
    dir: &Path,
    name: &str,
    write: impl FnOnce(&mut File) -> Result<()>,
) -> Result<PathBuf> {
    let target = dir.join(name);
    let exists = || Error::SyncFile {
        path: target.display().to_string(),
        problem: SyncFileProblem::AlreadyExists,
    };
    create_dir_durably(dir)?;
    if fs::symlink_metadata(&target).is_ok() {
        return Err(exists());
    }
    let tmp = dir.join(format!("{TEMP_PREFIX}{name}"));
    // A leftover of a crash: unlinked (not truncated: it may be a hard link to a real file).
    match fs::remove_file(&tmp) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(Error::io(&tmp, &e)),
        _ => {}
    }
    let result = (|| {
        let mut file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
            .map_err(|e| Error::io(&tmp, &e))?;
        write(&mut file)?;
        file.sync_all().map_err(|e| Error::io(&tmp, &e))?;
        drop(file);
        match fs::hard_link(&tmp, &target) {
            Ok(()) => fs::remove_file(&tmp).map_err(|e| Error::io(&tmp, &e)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(exists()),
            // No hard links here (FAT, some network and cloud file systems).
            Err(_) if fs::symlink_metadata(&target).is_ok() => Err(exists()),
            Err(_) => fs::rename(&tmp, &target).map_err(|e| Error::io(&target, &e)),
        }
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result?;
    sync_dir(dir)?;
    Ok(target)
}

/// Creates `dir` (and its parents) if missing, fsyncing each parent a folder was made in.
fn create_dir_durably(dir: &Path) -> Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    if let Some(parent) = dir.parent() {
        create_dir_durably(parent)?;
    }
    match fs::create_dir(dir) {
        Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => Err(Error::io(dir, &e)),
        _ => dir.parent().map_or(Ok(()), sync_dir),
    }
}

/// Makes a rename or a new entry in `dir` durable.
fn sync_dir(dir: &Path) -> Result<()> {
    #[cfg(unix)]
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|e| Error::io(dir, &e))?;
    #[cfg(not(unix))]
    let _ = (dir, File::open);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn device_ids_are_uuid_v7_text_and_only_canonical_text_parses() {
        let now = DateTime::from_timestamp(1_764_676_800, 5).expect("time");
        let id = DeviceId::generate(now);
        let text = id.to_string();
        assert_eq!(text.len(), 36);
        assert_eq!(&text[14..15], "7", "version 7: {text}");
        assert_eq!(text.parse::<DeviceId>().expect("parse"), id);
        assert!(text.to_uppercase().parse::<DeviceId>().is_err());
        assert!(text.replace('-', "").parse::<DeviceId>().is_err());
        assert_ne!(DeviceId::generate(now), id);
        assert_eq!(DeviceId::from_bytes(*id.as_bytes()), id);
    }

    #[test]
    fn names_are_fixed_width() {
        assert_eq!(change_file_name(42), "00000000000000000042.kch");
        assert_eq!(change_file_name(u64::MAX), "18446744073709551615.kch");
        assert_eq!(snapshot_file_name(7), "snapshot-00000000000000000007.kcs");
    }
}
