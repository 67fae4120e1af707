//! A snapshot file: a whole copy of the synced data and of its merge state as one device had
//! them after a known set of changes (its *manifest*: how many of each device's changes it
//! holds), so that a new device starts from it instead of replaying every change file, and a
//! device that finds change files gone (compacted) catches up from it.
//!
//! What it holds is a SQLite database (made by `ops::sync_snapshot`); this module is the file
//! around it. Byte layout (integers little-endian):
//!
//! | offset | size | field |
//! |---|---|---|
//! | 0 | 8 | magic `KITHSNAP` |
//! | 8 | 2 | format version ([`FORMAT_VERSION`]) |
//! | 10 | 2 | reserved (0) |
//! | 12 | 4 | the writer's database schema version |
//! | 16 | 16 | the writing device's id |
//! | 32 | 8 | how many of the writer's own changes it holds (1 to this) |
//! | 40 | 8 | how many changes it holds in all, every device's (names the file) |
//! | 48 | 4 | the sealed manifest's length in bytes |
//! | 52 | 8 | when it was written, ms since 1970 UTC |
//! | 60 | 8 | the key's id |
//! | 68 | 24 | nonce (random per file) |
//! | 92 | 8 | payload length: what follows the header |
//! | 100 | 4 | CRC-32 of bytes 0..100 |
//! | 104 | | chunk 0: the manifest (JSON), sealed |
//! | | | chunks 1…: the database, deflated (level 1), in pieces of [`CHUNK`] bytes, each sealed |
//!
//! Every chunk is sealed with XChaCha20-Poly1305 on its own: nonce = the header's with its
//! last 8 bytes XORed with the chunk's number; associated data = header bytes 0..92, the
//! chunk's number and whether it is the last. So a snapshot of a gigabyte is written and read
//! a megabyte at a time, a chunk cannot be moved, dropped or swapped in from another
//! snapshot, and a file cut short at a chunk's end fails (its last chunk is not marked last).
//! The payload length is not sealed (it is written once the data is): a wrong one fails the
//! length check or the chunks' authentication, never passes unseen. The manifest comes first
//! and alone, so a device decides whether a snapshot is of use by reading a few hundred bytes.

use std::fs::{self, File};
use std::io::{BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use flate2::write::{DeflateDecoder, DeflateEncoder};
use flate2::Compression;
use serde::{Deserialize, Serialize};

use super::file::Envelope;
use super::key::{random, SyncKey};
use super::{device_dir, snapshot_file_name, write_new_file_with, DeviceId};
use crate::error::{Error, Result, SyncFileProblem};

/// The snapshot format this version writes and the newest it reads.
pub const FORMAT_VERSION: u16 = 1;
/// The length of a snapshot's header.
pub const HEADER_LEN: usize = 104;
/// The plaintext bytes of every data chunk but the last.
pub const CHUNK: usize = 1 << 20;
const MAGIC: &[u8; 8] = b"KITHSNAP";
const TAG_LEN: usize = 16;
/// The header bytes every chunk authenticates: all but the payload length and the checksum.
const SEALED_HEADER: usize = 92;

/// A snapshot's header: what it says in clear.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnapshotHeader {
    pub format: u16,
    pub schema_version: u32,
    pub device: DeviceId,
    /// The writer's own changes it holds: 1 to `own_seq`.
    pub own_seq: u64,
    /// Every device's changes it holds, counted (the sum of the manifest's `seq`).
    pub covered: u64,
    pub manifest_len: u32,
    pub created: DateTime<Utc>,
    pub key_id: [u8; 8],
    pub nonce: [u8; 24],
    pub payload_len: u64,
}

/// Which changes a snapshot holds: each device's from 1 to `seq`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub devices: Vec<ManifestDevice>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestDevice {
    pub device: String,
    pub seq: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

impl Manifest {
    /// How many of `device`'s changes it holds.
    pub fn seq(&self, device: &str) -> u64 {
        self.devices
            .iter()
            .find(|d| d.device == device)
            .map_or(0, |d| d.seq)
    }

    pub fn covered(&self) -> u64 {
        self.devices.iter().map(|d| d.seq).sum()
    }
}

impl SnapshotHeader {
    fn encode(&self) -> [u8; HEADER_LEN] {
        let mut middle = [0u8; 20];
        middle[..8].copy_from_slice(&self.own_seq.to_le_bytes());
        middle[8..16].copy_from_slice(&self.covered.to_le_bytes());
        middle[16..].copy_from_slice(&self.manifest_len.to_le_bytes());
        Envelope {
            format: self.format,
            schema_version: self.schema_version,
            device: self.device,
            created: self.created,
            key_id: self.key_id,
            nonce: self.nonce,
            payload_len: self.payload_len,
        }
        .encode(MAGIC, &middle)
    }

    /// Reads a header from the first bytes of a file.
    pub fn decode(bytes: &[u8]) -> std::result::Result<Self, SyncFileProblem> {
        let (e, middle) = Envelope::decode(bytes, MAGIC, FORMAT_VERSION)?;
        let u64_at = |at: usize| u64::from_le_bytes(middle[at..at + 8].try_into().expect("8"));
        let header = SnapshotHeader {
            format: e.format,
            schema_version: e.schema_version,
            device: e.device,
            own_seq: u64_at(0),
            covered: u64_at(8),
            manifest_len: u32::from_le_bytes(middle[16..].try_into().expect("4 bytes")),
            created: e.created,
            key_id: e.key_id,
            nonce: e.nonce,
            payload_len: e.payload_len,
        };
        let manifest = u64::from(header.manifest_len);
        if header.own_seq > header.covered
            || manifest < TAG_LEN as u64
            || header.payload_len <= manifest + TAG_LEN as u64
        {
            return Err(SyncFileProblem::Damaged {
                reason: "its header is inconsistent".into(),
            });
        }
        Ok(header)
    }

    /// The length of the whole file.
    pub fn file_len(&self) -> u64 {
        HEADER_LEN as u64 + self.payload_len
    }
}

/// Chunk `index`'s nonce and associated data.
fn chunk_params(header: &[u8; HEADER_LEN], index: u64, last: bool) -> ([u8; 24], Vec<u8>) {
    let mut nonce: [u8; 24] = header[68..92].try_into().expect("24 bytes");
    for (n, i) in nonce[16..].iter_mut().zip(index.to_le_bytes()) {
        *n ^= i;
    }
    let mut aad = Vec::with_capacity(SEALED_HEADER + 9);
    aad.extend_from_slice(&header[..SEALED_HEADER]);
    aad.extend_from_slice(&index.to_le_bytes());
    aad.push(u8::from(last));
    (nonce, aad)
}

/// A snapshot to write.
#[derive(Debug, Clone, Copy)]
pub struct NewSnapshot<'a> {
    pub schema_version: u32,
    pub device: DeviceId,
    pub created: DateTime<Utc>,
    pub manifest: &'a Manifest,
    /// The database file it holds.
    pub data: &'a Path,
}

/// Seals what is written to it in chunks of [`CHUNK`] bytes into `out`.
struct Sealer<'a, W: Write> {
    out: W,
    key: &'a SyncKey,
    header: [u8; HEADER_LEN],
    buf: Vec<u8>,
    index: u64,
    written: u64,
}

impl<W: Write> Sealer<'_, W> {
    fn seal(&mut self, last: bool) -> std::io::Result<()> {
        let (nonce, aad) = chunk_params(&self.header, self.index, last);
        let sealed = self
            .key
            .seal(&nonce, &aad, &self.buf)
            .ok_or_else(|| std::io::Error::other("a chunk could not be encrypted"))?;
        self.out.write_all(&sealed)?;
        self.written += sealed.len() as u64;
        self.index += 1;
        self.buf.clear();
        Ok(())
    }

    /// Seals what is left as the last chunk.
    fn finish(mut self) -> std::io::Result<(W, u64)> {
        self.seal(true)?;
        Ok((self.out, self.written))
    }
}

impl<W: Write> Write for Sealer<'_, W> {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        // A full chunk is sealed only when more comes: the last chunk is never empty unless
        // everything is.
        if self.buf.len() == CHUNK {
            self.seal(false)?;
        }
        let n = data.len().min(CHUNK - self.buf.len());
        self.buf.extend_from_slice(&data[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Writes a snapshot into `<folder>/kith/<device>/`, named after how many changes it holds
/// (the manifest's sum), durably and never over an existing file (as change files are).
pub fn write_snapshot(folder: &Path, key: &SyncKey, new: &NewSnapshot<'_>) -> Result<PathBuf> {
    super::check_folder(folder)?;
    let manifest = serde_json::to_vec(new.manifest)
        .map_err(|e| Error::invalid("manifest", format!("cannot be written as JSON: {e}")))?;
    let covered = new.manifest.covered();
    let mut header = SnapshotHeader {
        format: FORMAT_VERSION,
        schema_version: new.schema_version,
        device: new.device,
        own_seq: new.manifest.seq(&new.device.to_string()),
        covered,
        manifest_len: u32::try_from(manifest.len() + TAG_LEN)
            .map_err(|_| Error::invalid("manifest", "too large"))?,
        created: DateTime::from_timestamp_millis(new.created.timestamp_millis())
            .unwrap_or(new.created),
        key_id: key.id(),
        nonce: random()?,
        payload_len: 0,
    };
    let dir = device_dir(folder, &new.device);
    let data = new.data;
    write_new_file_with(&dir, &snapshot_file_name(covered), |file| {
        let path = dir.join(snapshot_file_name(covered));
        let io = |e: std::io::Error| Error::io(&path, &e);
        let bytes = header.encode();
        file.write_all(&bytes).map_err(io)?;
        let (nonce, aad) = chunk_params(&bytes, 0, false);
        let sealed = key
            .seal(&nonce, &aad, &manifest)
            .ok_or_else(|| Error::invalid("manifest", "too large to encrypt"))?;
        file.write_all(&sealed).map_err(io)?;
        let sealer = Sealer {
            out: BufWriter::with_capacity(CHUNK, &mut *file),
            key,
            header: bytes,
            buf: Vec::with_capacity(CHUNK),
            index: 1,
            written: sealed.len() as u64,
        };
        let mut deflate = DeflateEncoder::new(sealer, Compression::new(1));
        let mut source = File::open(data).map_err(|e| Error::io(data, &e))?;
        std::io::copy(&mut source, &mut deflate).map_err(io)?;
        let sealer = deflate.finish().map_err(io)?;
        let (out, written) = sealer.finish().map_err(io)?;
        out.into_inner().map_err(|e| io(e.into_error()))?;
        header.payload_len = written;
        file.seek(SeekFrom::Start(0)).map_err(io)?;
        file.write_all(&header.encode()).map_err(io)?;
        Ok(())
    })
}

fn refused(path: &Path, problem: SyncFileProblem) -> Error {
    Error::SyncFile {
        path: path.display().to_string(),
        problem,
    }
}

/// Reads a snapshot's header (no key needed) and checks the file is all there.
pub fn read_snapshot_header(path: &Path) -> Result<SnapshotHeader> {
    let mut file = File::open(path).map_err(|e| Error::io(path, &e))?;
    let mut start = Vec::with_capacity(HEADER_LEN);
    (&mut file)
        .take(HEADER_LEN as u64)
        .read_to_end(&mut start)
        .map_err(|e| Error::io(path, &e))?;
    let header = SnapshotHeader::decode(&start).map_err(|p| refused(path, p))?;
    let len = file.metadata().map_err(|e| Error::io(path, &e))?.len();
    let expected = header.file_len();
    if len < expected {
        return Err(refused(
            path,
            SyncFileProblem::Incomplete {
                expected,
                found: len,
            },
        ));
    }
    if len > expected {
        return Err(refused(
            path,
            SyncFileProblem::Damaged {
                reason: format!("{} bytes more than its header says", len - expected),
            },
        ));
    }
    Ok(header)
}

/// Opens a snapshot with `key`: its header and manifest, and the file positioned at its data.
fn open_snapshot(
    path: &Path,
    key: &SyncKey,
) -> Result<(SnapshotHeader, Manifest, BufReader<File>)> {
    let header = read_snapshot_header(path)?;
    if header.key_id != key.id() {
        return Err(refused(path, SyncFileProblem::OtherKey));
    }
    let mut file = BufReader::with_capacity(
        CHUNK + TAG_LEN,
        File::open(path).map_err(|e| Error::io(path, &e))?,
    );
    let mut bytes = [0u8; HEADER_LEN];
    let mut sealed = vec![0u8; header.manifest_len as usize];
    file.read_exact(&mut bytes)
        .and_then(|()| file.read_exact(&mut sealed))
        .map_err(|e| Error::io(path, &e))?;
    let (nonce, aad) = chunk_params(&bytes, 0, false);
    let plain = key
        .open(&nonce, &aad, &sealed)
        .ok_or_else(|| refused(path, SyncFileProblem::Tampered))?;
    let manifest: Manifest = serde_json::from_slice(&plain).map_err(|e| {
        refused(
            path,
            SyncFileProblem::Damaged {
                reason: format!("its manifest cannot be read: {e}"),
            },
        )
    })?;
    Ok((header, manifest, file))
}

/// A snapshot's header and manifest: which changes it holds, without reading its data.
pub fn read_snapshot_manifest(path: &Path, key: &SyncKey) -> Result<(SnapshotHeader, Manifest)> {
    let (header, manifest, _) = open_snapshot(path, key)?;
    Ok((header, manifest))
}

/// Decrypts a snapshot's database into the new file `out` (removed again if reading fails).
pub fn read_snapshot(path: &Path, key: &SyncKey, out: &Path) -> Result<(SnapshotHeader, Manifest)> {
    let (header, manifest, mut file) = open_snapshot(path, key)?;
    let result = (|| {
        let target = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(out)
            .map_err(|e| Error::io(out, &e))?;
        let mut inflate = DeflateDecoder::new(BufWriter::with_capacity(CHUNK, target));
        let bytes = header.encode();
        let mut left = header.payload_len - u64::from(header.manifest_len);
        let mut index = 1u64;
        let mut sealed = vec![0u8; CHUNK + TAG_LEN];
        while left > 0 {
            let n = left.min((CHUNK + TAG_LEN) as u64) as usize;
            file.read_exact(&mut sealed[..n])
                .map_err(|e| Error::io(path, &e))?;
            left -= n as u64;
            let (nonce, aad) = chunk_params(&bytes, index, left == 0);
            let plain = key
                .open(&nonce, &aad, &sealed[..n])
                .ok_or_else(|| refused(path, SyncFileProblem::Tampered))?;
            inflate.write_all(&plain).map_err(|e| {
                refused(
                    path,
                    SyncFileProblem::Damaged {
                        reason: format!("its contents do not decompress: {e}"),
                    },
                )
            })?;
            index += 1;
        }
        let target = inflate.finish().map_err(|e| Error::io(out, &e))?;
        target
            .into_inner()
            .map_err(|e| Error::io(out, &e.into_error()))?
            .sync_all()
            .map_err(|e| Error::io(out, &e))?;
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(out);
    }
    result.map(|()| (header, manifest))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use crate::sync::key::{KdfParams, SyncSecret};

    fn key(text: &str) -> SyncKey {
        SyncKey::derive(
            &SyncSecret::passphrase(text),
            &[7; 16],
            KdfParams::INSECURE_FOR_TESTS,
        )
        .unwrap()
    }

    fn manifest(device: DeviceId) -> Manifest {
        Manifest {
            devices: vec![
                ManifestDevice {
                    device: device.to_string(),
                    seq: 40,
                    name: Some("laptop".into()),
                },
                ManifestDevice {
                    device: "0193b0f2-1a44-7e02-8c7d-51aa09e3f6b2".into(),
                    seq: 2,
                    name: None,
                },
            ],
        }
    }

    /// A data file of `len` bytes that does not compress much.
    fn data(dir: &Path, len: usize) -> PathBuf {
        let path = dir.join("data.db");
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let bytes: Vec<u8> = (0..len)
            .map(|i| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                if i % 3 == 0 {
                    b'a'
                } else {
                    x as u8
                }
            })
            .collect();
        fs::write(&path, bytes).unwrap();
        path
    }

    fn write(folder: &Path, k: &SyncKey, len: usize) -> (PathBuf, PathBuf, DeviceId) {
        let device = DeviceId::generate(Utc::now());
        let m = manifest(device);
        let source = data(folder, len);
        let path = write_snapshot(
            folder,
            k,
            &NewSnapshot {
                schema_version: 18,
                device,
                created: Utc::now(),
                manifest: &m,
                data: &source,
            },
        )
        .unwrap();
        (path, source, device)
    }

    #[test]
    fn reads_back_what_was_written_across_chunks() {
        for len in [0, 1, CHUNK - 1, CHUNK, 3 * CHUNK + 17] {
            let dir = tempfile::tempdir().unwrap();
            let k = key("correct horse battery");
            let (path, source, device) = write(dir.path(), &k, len);
            assert_eq!(
                path.file_name().unwrap().to_str().unwrap(),
                snapshot_file_name(42)
            );
            let out = dir.path().join("out.db");
            let (header, m) = read_snapshot(&path, &k, &out).unwrap();
            assert_eq!(m, manifest(device));
            assert_eq!((header.own_seq, header.covered), (40, 42));
            assert_eq!(fs::read(&out).unwrap(), fs::read(&source).unwrap(), "{len}");
            assert_eq!(read_snapshot_manifest(&path, &k).unwrap().1, m);
        }
    }

    #[test]
    fn refuses_another_key_a_cut_file_and_altered_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let k = key("correct horse battery");
        let (path, _, _) = write(dir.path(), &k, 2 * CHUNK + 5);
        let problem = |p: &Path, k: &SyncKey| {
            let out = dir.path().join("out.db");
            let _ = fs::remove_file(&out);
            match read_snapshot(p, k, &out) {
                Err(Error::SyncFile { problem, .. }) => {
                    assert!(!out.exists(), "nothing half written is left");
                    problem
                }
                other => panic!("{other:?}"),
            }
        };
        assert_eq!(
            problem(&path, &key("another passphrase")),
            SyncFileProblem::OtherKey
        );
        let bytes = fs::read(&path).unwrap();
        // Cut short: still arriving.
        let cut = dir.path().join("cut.kcs");
        fs::write(&cut, &bytes[..bytes.len() - 100]).unwrap();
        assert!(matches!(
            problem(&cut, &k),
            SyncFileProblem::Incomplete { .. }
        ));
        // Cut at a chunk's end, with a header rewritten to match: the last chunk is missing.
        let mut header = SnapshotHeader::decode(&bytes).unwrap();
        let keep = HEADER_LEN + header.manifest_len as usize + CHUNK + TAG_LEN;
        header.payload_len = (keep - HEADER_LEN) as u64;
        let mut short = bytes[..keep].to_vec();
        short[..HEADER_LEN].copy_from_slice(&header.encode());
        fs::write(&cut, &short).unwrap();
        assert_eq!(problem(&cut, &k), SyncFileProblem::Tampered);
        // One byte of the data altered.
        let mut altered = bytes.clone();
        let at = altered.len() - 40;
        altered[at] ^= 1;
        fs::write(&cut, &altered).unwrap();
        assert_eq!(problem(&cut, &k), SyncFileProblem::Tampered);
        // A header byte altered: its checksum says so before any key is tried.
        let mut altered = bytes;
        altered[33] ^= 1;
        fs::write(&cut, &altered).unwrap();
        assert!(matches!(problem(&cut, &k), SyncFileProblem::Damaged { .. }));
    }
}
