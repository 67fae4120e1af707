//! A change file: a header in clear, then a run of a device's changes, compressed, encrypted
//! and authenticated.
//!
//! Byte layout (integers little-endian):
//!
//! | offset | size | field |
//! |---|---|---|
//! | 0 | 8 | magic `KITHCHNG` |
//! | 8 | 2 | format version ([`FORMAT_VERSION`]) |
//! | 10 | 2 | reserved (0) |
//! | 12 | 4 | the writer's database schema version |
//! | 16 | 16 | the writing device's id (UUID bytes) |
//! | 32 | 8 | first sequence number |
//! | 40 | 8 | last sequence number |
//! | 48 | 4 | number of changes (= last − first + 1) |
//! | 52 | 8 | when it was written, ms since 1970 UTC (signed) |
//! | 60 | 8 | the key's id ([`SyncKey::id`]) |
//! | 68 | 24 | nonce (random per file) |
//! | 92 | 8 | payload length in bytes (ciphertext + 16-byte tag) |
//! | 100 | 4 | CRC-32 of bytes 0..100 |
//! | 104 | payload length | the payload, XChaCha20-Poly1305 with bytes 0..104 as associated data |
//!
//! Why each part:
//! - The header is in clear so that a device can list what a file holds (whose, which
//!   changes, which schema, whether it is complete) without the key and without decrypting.
//!   It is the AEAD's associated data, so no byte of it can be altered unnoticed.
//! - The CRC-32 over the header tells a garbled header (a damaged file) from a wrong key or
//!   a tampered payload before any decryption; the key id tells "written with another key"
//!   from "altered after it was written" (the AEAD alone cannot tell those apart).
//! - The payload length tells a file still being copied (shorter than it says: "incomplete,
//!   retry later") from a complete one, which a reader needs because a sync tool may show a
//!   file before its last byte arrives.
//! - XChaCha20-Poly1305 (24-byte nonce) because nonces are random per file: with a 192-bit
//!   nonce, random nonces never collide in practice, whatever the number of files.
//!
//! The payload's plaintext is the changes as a JSON array ([`super::Change`]), deflated
//! (zlib-rs, level 6). Why JSON: a change's value is already JSON (a column of any type), a
//! device on an older schema can keep and re-read changes with fields it does not know yet,
//! and a person debugging can read a decrypted file; deflate takes away what JSON repeats
//! (field names, table and column names, the device id in every change). Measured (figures
//! in docs/SYNC.md): 10,000 changes made a file of a twentieth of their JSON with repetitive
//! values, a sixth with 40 characters of noise as each value; writing one took 20–33 ms and
//! reading one 7–15 ms in a release build.

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use flate2::read::DeflateDecoder;
use flate2::write::DeflateEncoder;
use flate2::Compression;

use super::key::{random, SyncKey};
use super::{change_file_name, device_dir, write_new_file, Change, DeviceId};
use crate::error::{Error, Result, SyncFileProblem};

/// The change-file format this version writes and the newest it reads.
pub const FORMAT_VERSION: u16 = 1;
/// The length of a change file's header.
pub const HEADER_LEN: usize = 104;
const MAGIC: &[u8; 8] = b"KITHCHNG";
const TAG_LEN: u64 = 16;

/// A change file's header: everything it says in clear.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    pub format: u16,
    pub schema_version: u32,
    pub device: DeviceId,
    pub first_seq: u64,
    pub last_seq: u64,
    pub count: u32,
    pub created: DateTime<Utc>,
    pub key_id: [u8; 8],
    pub nonce: [u8; 24],
    pub payload_len: u64,
}

impl Header {
    /// The length of the whole file this header describes.
    pub fn file_len(&self) -> u64 {
        HEADER_LEN as u64 + self.payload_len
    }

    fn encode(&self) -> [u8; HEADER_LEN] {
        let mut middle = [0u8; 20];
        middle[..8].copy_from_slice(&self.first_seq.to_le_bytes());
        middle[8..16].copy_from_slice(&self.last_seq.to_le_bytes());
        middle[16..].copy_from_slice(&self.count.to_le_bytes());
        self.envelope().encode(MAGIC, &middle)
    }

    fn envelope(&self) -> Envelope {
        Envelope {
            format: self.format,
            schema_version: self.schema_version,
            device: self.device,
            created: self.created,
            key_id: self.key_id,
            nonce: self.nonce,
            payload_len: self.payload_len,
        }
    }

    /// Reads a header from the start of a file (`bytes` may be the whole file or its first
    /// [`HEADER_LEN`] bytes). Does not look at the file's length; see [`check_len`].
    pub fn decode(bytes: &[u8]) -> std::result::Result<Header, SyncFileProblem> {
        let (e, middle) = Envelope::decode(bytes, MAGIC, FORMAT_VERSION)?;
        let u64_at = |at: usize| u64::from_le_bytes(middle[at..at + 8].try_into().expect("8"));
        let header = Header {
            format: e.format,
            schema_version: e.schema_version,
            device: e.device,
            first_seq: u64_at(0),
            last_seq: u64_at(8),
            count: u32::from_le_bytes(middle[16..].try_into().expect("4 bytes")),
            created: e.created,
            key_id: e.key_id,
            nonce: e.nonce,
            payload_len: e.payload_len,
        };
        let runs = header.first_seq >= 1
            && header.last_seq >= header.first_seq
            && header.last_seq - header.first_seq == u64::from(header.count).wrapping_sub(1);
        if !runs || header.payload_len < TAG_LEN {
            return Err(SyncFileProblem::Damaged {
                reason: "its header is inconsistent".into(),
            });
        }
        Ok(header)
    }
}

/// What the 104-byte header of a change file and of a snapshot (`super::snapshot`) share:
/// bytes 0–31 (magic, format, reserved, schema, device) and 52–103 (when, key id, nonce,
/// payload length, checksum). Bytes 32–51 are each kind's own (`middle`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Envelope {
    pub format: u16,
    pub schema_version: u32,
    pub device: DeviceId,
    pub created: DateTime<Utc>,
    pub key_id: [u8; 8],
    pub nonce: [u8; 24],
    pub payload_len: u64,
}

impl Envelope {
    pub(crate) fn encode(&self, magic: &[u8; 8], middle: &[u8; 20]) -> [u8; HEADER_LEN] {
        let mut out = [0u8; HEADER_LEN];
        out[..8].copy_from_slice(magic);
        out[8..10].copy_from_slice(&self.format.to_le_bytes());
        out[12..16].copy_from_slice(&self.schema_version.to_le_bytes());
        out[16..32].copy_from_slice(self.device.as_bytes());
        out[32..52].copy_from_slice(middle);
        out[52..60].copy_from_slice(&self.created.timestamp_millis().to_le_bytes());
        out[60..68].copy_from_slice(&self.key_id);
        out[68..92].copy_from_slice(&self.nonce);
        out[92..100].copy_from_slice(&self.payload_len.to_le_bytes());
        let crc = crc32fast::hash(&out[..100]);
        out[100..].copy_from_slice(&crc.to_le_bytes());
        out
    }

    /// Reads the shared parts of a header with `magic` of a format up to `supported`, and
    /// its own 20 bytes. Distinct problems for: not this kind of file, a file still arriving,
    /// a newer format, a damaged header.
    pub(crate) fn decode(
        bytes: &[u8],
        magic: &[u8; 8],
        supported: u16,
    ) -> std::result::Result<(Envelope, [u8; 20]), SyncFileProblem> {
        let format = check_magic(bytes, magic, HEADER_LEN as u64)?;
        if format > supported {
            return Err(SyncFileProblem::NewerFormat {
                found: format,
                supported,
            });
        }
        if bytes.len() < HEADER_LEN {
            return Err(SyncFileProblem::Incomplete {
                expected: HEADER_LEN as u64,
                found: bytes.len() as u64,
            });
        }
        let damaged = |reason: &str| SyncFileProblem::Damaged {
            reason: reason.into(),
        };
        let crc = u32::from_le_bytes(bytes[100..104].try_into().expect("4 bytes"));
        if crc != crc32fast::hash(&bytes[..100]) {
            return Err(damaged("its header's checksum does not match"));
        }
        if format == 0 || bytes[10..12] != [0, 0] {
            return Err(damaged("its header is inconsistent"));
        }
        let u64_at = |at: usize| u64::from_le_bytes(bytes[at..at + 8].try_into().expect("8"));
        let envelope = Envelope {
            format,
            schema_version: u32::from_le_bytes(bytes[12..16].try_into().expect("4 bytes")),
            device: DeviceId::from_bytes(bytes[16..32].try_into().expect("16 bytes")),
            created: DateTime::from_timestamp_millis(u64_at(52) as i64)
                .ok_or_else(|| damaged("its creation time is out of range"))?,
            key_id: bytes[60..68].try_into().expect("8 bytes"),
            nonce: bytes[68..92].try_into().expect("24 bytes"),
            payload_len: u64_at(92),
        };
        Ok((envelope, bytes[32..52].try_into().expect("20 bytes")))
    }
}

/// Checks that `bytes` start like a sync file with `magic` (a prefix of it is a file still
/// arriving) and returns its format version. `header_len` is what a complete header needs.
pub(crate) fn check_magic(
    bytes: &[u8],
    magic: &[u8; 8],
    header_len: u64,
) -> std::result::Result<u16, SyncFileProblem> {
    let seen = bytes.len().min(magic.len());
    if bytes[..seen] != magic[..seen] {
        return Err(SyncFileProblem::NotASyncFile);
    }
    if bytes.len() < 10 {
        return Err(SyncFileProblem::Incomplete {
            expected: header_len,
            found: bytes.len() as u64,
        });
    }
    Ok(u16::from_le_bytes([bytes[8], bytes[9]]))
}

/// Checks a file's length against its header: shorter is a file still arriving, longer a
/// damaged one.
pub fn check_len(header: &Header, len: u64) -> std::result::Result<(), SyncFileProblem> {
    let expected = header.file_len();
    if len < expected {
        Err(SyncFileProblem::Incomplete {
            expected,
            found: len,
        })
    } else if len > expected {
        Err(SyncFileProblem::Damaged {
            reason: format!("{} bytes more than its header says", len - expected),
        })
    } else {
        Ok(())
    }
}

/// A change file to write.
#[derive(Debug, Clone, Copy)]
pub struct NewChangeFile<'a> {
    /// The writer's database schema version.
    pub schema_version: u32,
    pub device: DeviceId,
    /// The sequence number of the first change (the device's changes are numbered from 1).
    pub first_seq: u64,
    pub created: DateTime<Utc>,
    /// The changes, numbered `first_seq`, `first_seq + 1`… in this order. At least one.
    pub changes: &'a [Change],
}

/// A change file read back.
#[derive(Debug, Clone, PartialEq)]
pub struct ChangeFile {
    pub header: Header,
    pub changes: Vec<Change>,
}

/// The bytes of a change file (see the module doc for the layout).
pub fn encode(key: &SyncKey, new: &NewChangeFile<'_>) -> Result<Vec<u8>> {
    let count = u32::try_from(new.changes.len())
        .ok()
        .filter(|&n| n > 0)
        .ok_or_else(|| {
            Error::invalid(
                "changes",
                "a change file holds from 1 to 4,294,967,295 changes",
            )
        })?;
    let last_seq = new
        .first_seq
        .checked_add(u64::from(count) - 1)
        .filter(|_| new.first_seq >= 1)
        .ok_or_else(|| Error::invalid("first_seq", "sequence numbers run from 1 to 2^64 - 1"))?;
    let json = serde_json::to_vec(new.changes)
        .map_err(|e| Error::invalid("changes", format!("cannot be written as JSON: {e}")))?;
    let mut deflate = DeflateEncoder::new(Vec::with_capacity(json.len() / 4), Compression::new(6));
    deflate.write_all(&json).expect("writing to memory");
    let plain = deflate.finish().expect("writing to memory");
    let header = Header {
        format: FORMAT_VERSION,
        schema_version: new.schema_version,
        device: new.device,
        first_seq: new.first_seq,
        last_seq,
        count,
        // Milliseconds, as the header keeps it.
        created: DateTime::from_timestamp_millis(new.created.timestamp_millis())
            .unwrap_or(new.created),
        key_id: key.id(),
        nonce: random()?,
        payload_len: plain.len() as u64 + TAG_LEN,
    };
    let aad = header.encode();
    let sealed = key
        .seal(&header.nonce, &aad, &plain)
        .ok_or_else(|| Error::invalid("changes", "too large to encrypt"))?;
    debug_assert_eq!(sealed.len() as u64, header.payload_len);
    let mut out = Vec::with_capacity(HEADER_LEN + sealed.len());
    out.extend_from_slice(&aad);
    out.extend_from_slice(&sealed);
    Ok(out)
}

/// Reads the bytes of a change file with `key`. Distinct problems for: not a change file, a
/// file still arriving (shorter than its header says), a newer format, a damaged header,
/// another key, altered contents.
pub fn decode(bytes: &[u8], key: &SyncKey) -> std::result::Result<ChangeFile, SyncFileProblem> {
    let header = Header::decode(bytes)?;
    check_len(&header, bytes.len() as u64)?;
    if header.key_id != key.id() {
        return Err(SyncFileProblem::OtherKey);
    }
    let plain = key
        .open(&header.nonce, &bytes[..HEADER_LEN], &bytes[HEADER_LEN..])
        .ok_or(SyncFileProblem::Tampered)?;
    // Authentic from here on: what fails now is a writer's fault, not the file's travels.
    let damaged = |reason: String| SyncFileProblem::Damaged { reason };
    let mut json = Vec::with_capacity(plain.len() * 8);
    DeflateDecoder::new(plain.as_slice())
        .read_to_end(&mut json)
        .map_err(|e| damaged(format!("its contents do not decompress: {e}")))?;
    let changes: Vec<Change> = serde_json::from_slice(&json)
        .map_err(|e| damaged(format!("its changes cannot be read: {e}")))?;
    if changes.len() as u64 != u64::from(header.count) {
        return Err(damaged(format!(
            "it holds {} changes, its header says {}",
            changes.len(),
            header.count
        )));
    }
    Ok(ChangeFile { header, changes })
}

/// Writes a change file into `<folder>/kith/<device>/` (`folder` must exist; the two folders
/// inside it are made if missing), named after its first sequence number, durably (temporary name, fsync, link or rename into place, fsync of the folder).
/// Refuses ([`SyncFileProblem::AlreadyExists`]) if a file of that number exists: change
/// files are never overwritten. Returns the file's path.
pub fn write_change_file(folder: &Path, key: &SyncKey, new: &NewChangeFile<'_>) -> Result<PathBuf> {
    super::check_folder(folder)?;
    let bytes = encode(key, new)?;
    let dir = device_dir(folder, &new.device);
    write_new_file(&dir, &change_file_name(new.first_seq), &bytes)
}

fn refused(path: &Path, problem: SyncFileProblem) -> Error {
    Error::SyncFile {
        path: path.display().to_string(),
        problem,
    }
}

/// Reads and decrypts the change file at `path`.
pub fn read_change_file(path: &Path, key: &SyncKey) -> Result<ChangeFile> {
    let bytes = fs::read(path).map_err(|e| Error::io(path, &e))?;
    decode(&bytes, key).map_err(|problem| refused(path, problem))
}

/// Reads only the header of the change file at `path` (no key needed) and checks the file is
/// complete: a file shorter than its header says is [`SyncFileProblem::Incomplete`].
pub fn read_header(path: &Path) -> Result<Header> {
    let mut file = fs::File::open(path).map_err(|e| Error::io(path, &e))?;
    let mut start = Vec::with_capacity(HEADER_LEN);
    (&mut file)
        .take(HEADER_LEN as u64)
        .read_to_end(&mut start)
        .map_err(|e| Error::io(path, &e))?;
    let len = file.metadata().map_err(|e| Error::io(path, &e))?.len();
    let header = Header::decode(&start).map_err(|p| refused(path, p))?;
    check_len(&header, len).map_err(|p| refused(path, p))?;
    Ok(header)
}
