//! Sentence vectors kept on disk between runs, so the app's start and every `kith` command do
//! not read every need and offer again through the model (5 ms or more a text).
//!
//! One file per model in the user's cache folder (`~/.cache/kith/meaning-<model>-v2.bin`, or
//! `$KITH_MEANING_CACHE`; `none` keeps nothing), of fixed-size records appended as texts are
//! read: a 16-byte key of the text, its vector (f32, little-endian), a CRC-32 of both. It is
//! derived data: never synced or backed up, and losing it costs only time. A record torn by a
//! crash or a bad checksum ends what is read; the file is then rewritten with the good ones
//! (to a temporary name, renamed), so later appends stay aligned. Several programs appending
//! to it at once (the app, the CLI) each write whole records with one `write` in append mode.

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::hash::{Hash, Hasher};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// Bumped when what Kith computes from the model changes (its pass, its pooling): vectors of
/// an earlier way of reading are then in a file no longer read.
pub const VERSION: &str = "v2";

/// A text's key: two 64-bit hashes of it (SipHash with fixed keys, and FNV-1a).
pub type Key = [u8; 16];

pub fn key(text: &str) -> Key {
    #[allow(deprecated)]
    let mut sip = std::hash::SipHasher::new();
    text.hash(&mut sip);
    let mut fnv: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        fnv = (fnv ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    let mut k = [0u8; 16];
    k[..8].copy_from_slice(&sip.finish().to_le_bytes());
    k[8..].copy_from_slice(&fnv.to_le_bytes());
    k
}

/// The vectors known, and where new ones go.
#[derive(Debug)]
pub struct DiskCache {
    dims: usize,
    path: PathBuf,
    known: HashMap<Key, Vec<f32>>,
    file: Option<File>,
    /// The file could not be opened or written: keep vectors in memory only, quietly.
    broken: bool,
}

impl DiskCache {
    fn record_len(dims: usize) -> usize {
        16 + 4 * dims + 4
    }

    /// The default place for `model`'s vectors: `$KITH_MEANING_CACHE` (`none` or empty: no
    /// file), else the user's cache folder.
    pub fn default_path(model: &str) -> Option<PathBuf> {
        match std::env::var_os("KITH_MEANING_CACHE") {
            Some(v) if v.is_empty() || v == "none" => None,
            Some(v) => Some(PathBuf::from(v)),
            None => dirs::cache_dir().map(|d| {
                d.join("kith")
                    .join(format!("meaning-{model}-{VERSION}.bin"))
            }),
        }
    }

    /// Reads what `path` holds (nothing if it is missing or unreadable).
    pub fn open(path: &Path, dims: usize) -> DiskCache {
        let mut bytes = Vec::new();
        let read = File::open(path)
            .and_then(|mut f| f.read_to_end(&mut bytes))
            .is_ok();
        let len = Self::record_len(dims);
        let mut known = HashMap::new();
        let mut good = 0;
        for rec in bytes.chunks(len) {
            if rec.len() < len
                || crc32fast::hash(&rec[..len - 4])
                    != u32::from_le_bytes([rec[len - 4], rec[len - 3], rec[len - 2], rec[len - 1]])
            {
                break;
            }
            let mut k = [0u8; 16];
            k.copy_from_slice(&rec[..16]);
            let v = rec[16..len - 4]
                .chunks_exact(4)
                .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                .collect();
            known.insert(k, v);
            good += len;
        }
        if read && good < bytes.len() {
            // A torn or damaged tail: keep the good records, so appends stay aligned.
            let tmp = path.with_extension("bin.tmp");
            let rewritten = File::create(&tmp)
                .and_then(|mut f| f.write_all(&bytes[..good]).and_then(|()| f.sync_all()))
                .and_then(|()| std::fs::rename(&tmp, path));
            if let Err(e) = rewritten {
                log::warn!("meaning cache {}: not rewritten: {e}", path.display());
            }
        }
        DiskCache {
            dims,
            path: path.to_owned(),
            known,
            file: None,
            broken: false,
        }
    }

    pub fn get(&self, key: &Key) -> Option<&[f32]> {
        self.known.get(key).map(Vec::as_slice)
    }

    /// Keeps `vector` for `key`, in memory and appended to the file (a failure to write is
    /// logged, not an error: the cache only saves time).
    pub fn put(&mut self, key: Key, vector: &[f32]) {
        if vector.len() != self.dims || self.known.contains_key(&key) {
            return;
        }
        let mut rec = Vec::with_capacity(Self::record_len(self.dims));
        rec.extend_from_slice(&key);
        for v in vector {
            rec.extend_from_slice(&v.to_le_bytes());
        }
        rec.extend_from_slice(&crc32fast::hash(&rec).to_le_bytes());
        if self.file.is_none() && !self.broken {
            if let Some(dir) = self.path.parent() {
                let _ = std::fs::create_dir_all(dir);
            }
            match OpenOptions::new()
                .create(true)
                .append(true)
                .open(&self.path)
            {
                Ok(f) => self.file = Some(f),
                Err(e) => {
                    log::warn!(
                        "meaning cache {}: {e}; kept in memory only",
                        self.path.display()
                    );
                    self.broken = true;
                }
            }
        }
        if let Some(f) = &mut self.file {
            if let Err(e) = f.write_all(&rec) {
                log::warn!(
                    "meaning cache {}: {e}; kept in memory only",
                    self.path.display()
                );
                self.file = None;
                self.broken = true;
            }
        }
        self.known.insert(key, vector.to_vec());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vectors_come_back_and_a_torn_tail_is_cut_off() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("m.bin");
        let mut c = DiskCache::open(&path, 3);
        c.put(key("a"), &[1.0, 2.0, 3.0]);
        c.put(key("b"), &[4.0, 5.0, 6.0]);
        c.put(key("wrong size"), &[1.0]);
        drop(c);
        // A crash mid-append leaves half a record.
        let mut f = OpenOptions::new().append(true).open(&path).expect("open");
        f.write_all(&[7u8; 10]).expect("write");
        drop(f);
        let mut c = DiskCache::open(&path, 3);
        assert_eq!(c.get(&key("a")), Some(&[1.0, 2.0, 3.0][..]));
        assert_eq!(c.get(&key("b")), Some(&[4.0, 5.0, 6.0][..]));
        assert_eq!(c.get(&key("wrong size")), None);
        assert_eq!(std::fs::metadata(&path).expect("meta").len(), 2 * 32);
        c.put(key("c"), &[7.0, 8.0, 9.0]);
        drop(c);
        let c = DiskCache::open(&path, 3);
        assert_eq!(c.get(&key("c")), Some(&[7.0, 8.0, 9.0][..]));
        assert_ne!(key("a"), key("b"));
    }
}
