//! A device's file of what it has applied: how many of each other device's changes, and
//! when it said so. A device removes a change file of its own only once every other device
//! that still syncs has applied it (and a snapshot holds it, for devices yet to come); these
//! files are how it knows.
//!
//! `<folder>/kith/<device>/applied-<20 digits>.kca`, named by the sum of what it says (a
//! device's sum only grows, so the newest is the one with the greatest name); a device
//! writes a new one when it has applied more, and removes its older ones. Written like a
//! change file (temporary name, then into place), never changed once written.
//!
//! Layout: magic `KITHACKS` (8 bytes), format version (2, little-endian), reserved (2, zero),
//! the device's id (16), nonce (24), then the JSON of an [`Acks`], sealed with
//! XChaCha20-Poly1305 with the 52 bytes before it as associated data. Sealed because
//! nothing in the folder is to be trusted unread: a forged file could make a device remove
//! change files another still needs (it would then catch up from a snapshot; nothing is
//! lost, but nothing should be forged either).

use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::file::check_magic;
use super::key::{random, SyncKey};
use super::snapshot::Manifest;
use super::{acks_file_name, device_dir, write_new_file, DeviceId, ACKS_EXT};
use crate::error::{Error, Result, SyncFileProblem};

const MAGIC: &[u8; 8] = b"KITHACKS";
const FORMAT_VERSION: u16 = 1;
const HEAD: usize = 52;

/// What a device has applied, and when it said so.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Acks {
    /// Each other device's changes applied, 1 to `seq`.
    pub applied: Manifest,
    /// When the device wrote this (its clock), ms since 1970 UTC.
    pub written_at: i64,
}

impl Acks {
    pub fn written(&self) -> Option<DateTime<Utc>> {
        DateTime::from_timestamp_millis(self.written_at)
    }
}

/// Writes `acks` as `device`'s newest file of what it applied, and removes its older ones.
/// Nothing is written when a file saying as much is there.
pub fn write_acks(folder: &Path, key: &SyncKey, device: DeviceId, acks: &Acks) -> Result<PathBuf> {
    let dir = device_dir(folder, &device);
    let name = acks_file_name(acks.applied.covered());
    let path = dir.join(&name);
    if !path.exists() {
        let json = serde_json::to_vec(acks)
            .map_err(|e| Error::invalid("acks", format!("cannot be written as JSON: {e}")))?;
        let mut bytes = Vec::with_capacity(HEAD + json.len() + 16);
        bytes.extend_from_slice(MAGIC);
        bytes.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        bytes.extend_from_slice(&[0, 0]);
        bytes.extend_from_slice(device.as_bytes());
        let nonce: [u8; 24] = random()?;
        bytes.extend_from_slice(&nonce);
        let sealed = key
            .seal(&nonce, &bytes, &json)
            .ok_or_else(|| Error::invalid("acks", "too large to encrypt"))?;
        bytes.extend_from_slice(&sealed);
        match write_new_file(&dir, &name, &bytes) {
            Ok(_)
            | Err(Error::SyncFile {
                problem: SyncFileProblem::AlreadyExists,
                ..
            }) => {}
            Err(e) => return Err(e),
        }
    }
    for entry in fs::read_dir(&dir)
        .map_err(|e| Error::io(&dir, &e))?
        .flatten()
    {
        let other = entry.file_name().to_string_lossy().into_owned();
        if other.starts_with("applied-") && other.ends_with(&format!(".{ACKS_EXT}")) && other < name
        {
            let _ = fs::remove_file(entry.path());
        }
    }
    Ok(path)
}

/// Reads a file of what `device` applied (its folder's); refused if it is not one, is
/// another device's, or fails its authenticity check.
pub fn read_acks(path: &Path, key: &SyncKey, device: DeviceId) -> Result<Acks> {
    let refused = |problem| Error::SyncFile {
        path: path.display().to_string(),
        problem,
    };
    let bytes = fs::read(path).map_err(|e| Error::io(path, &e))?;
    let format = check_magic(&bytes, MAGIC, HEAD as u64).map_err(refused)?;
    if format > FORMAT_VERSION {
        return Err(refused(SyncFileProblem::NewerFormat {
            found: format,
            supported: FORMAT_VERSION,
        }));
    }
    if bytes.len() < HEAD + 16 {
        return Err(refused(SyncFileProblem::Incomplete {
            expected: HEAD as u64 + 16,
            found: bytes.len() as u64,
        }));
    }
    if bytes[12..28] != *device.as_bytes() {
        return Err(refused(SyncFileProblem::Damaged {
            reason: "it names another device than the folder it is in".into(),
        }));
    }
    let nonce: [u8; 24] = bytes[28..52].try_into().expect("24 bytes");
    let plain = key
        .open(&nonce, &bytes[..HEAD], &bytes[HEAD..])
        .ok_or_else(|| refused(SyncFileProblem::Tampered))?;
    serde_json::from_slice(&plain).map_err(|e| {
        refused(SyncFileProblem::Damaged {
            reason: format!("it cannot be read: {e}"),
        })
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use crate::sync::key::{KdfParams, SyncSecret};

    #[test]
    fn a_device_keeps_its_newest_file_and_a_forged_one_is_refused() {
        let folder = tempfile::tempdir().unwrap();
        let key = SyncKey::derive(
            &SyncSecret::passphrase("correct horse battery"),
            &[1; 16],
            KdfParams::INSECURE_FOR_TESTS,
        )
        .unwrap();
        let device = DeviceId::generate(Utc::now());
        let acks = |seq| Acks {
            applied: Manifest {
                devices: vec![crate::sync::snapshot::ManifestDevice {
                    device: "0193b0f2-1a44-7e02-8c7d-51aa09e3f6b2".into(),
                    seq,
                    name: None,
                }],
            },
            written_at: 1_796_284_800_000,
        };
        let first = write_acks(folder.path(), &key, device, &acks(9)).unwrap();
        let second = write_acks(folder.path(), &key, device, &acks(120)).unwrap();
        assert!(!first.exists(), "the older file is removed");
        assert_eq!(read_acks(&second, &key, device).unwrap(), acks(120));
        assert_eq!(
            read_acks(&second, &key, DeviceId::generate(Utc::now())).map_err(|e| e.to_string()),
            Err(format!(
                "{} is damaged (it names another device than the folder it is in); it was not applied",
                second.display()
            ))
        );
        let mut bytes = fs::read(&second).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        fs::write(&second, bytes).unwrap();
        assert!(matches!(
            read_acks(&second, &key, device),
            Err(Error::SyncFile {
                problem: SyncFileProblem::Tampered,
                ..
            })
        ));
    }
}
