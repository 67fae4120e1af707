//! Listing a sync folder: each device's complete change files, and every other file skipped
//! with its reason — never an error for what a sync tool leaves behind, never a blocking read.
//!
//! What is skipped, by name alone (such files are never opened):
//! - temporary files: names starting with `.` (Kith's own `.tmp-…`, Syncthing's
//!   `.syncthing.….tmp`, other tools' hidden partial files) or `~`, and names ending in
//!   `.tmp`, `.part` or `.partial`;
//! - iCloud placeholders, `.<name>.icloud`: a file iCloud has not downloaded yet. Opening one
//!   blocks until it is downloaded, so it is reported ([`SkipReason::Placeholder`], to retry
//!   later) and never touched;
//! - conflict copies: any name with "conflict" in it, whatever its case — Syncthing's
//!   `….sync-conflict-<date>-<time>-<device>.kch`, Dropbox's and Nextcloud's `… (conflicted
//!   copy …).kch`, Nextcloud's older `…_conflict-<date>-<time>.kch`. A device writes only new
//!   names in its own folder, so a conflict copy is never news; it is left for the person or
//!   the sync tool to delete;
//! - other copies of a change file: a change file's number with anything added before the
//!   extension (`…42 (1).kch`, `…42-2.kch`, OneDrive's `…42-LAPTOP.kch`); reported whether
//!   or not the original is there ([`SkipReason::Copy`]);
//! - snapshots (`snapshot-<20 digits>.kcs`): listed apart, with their headers;
//! - files of what a device applied (`applied-<20 digits>.kca`): listed apart, by name;
//! - anything else: [`SkipReason::Unknown`].
//!
//! A change file's name is its first sequence number, 20 digits, then `.kch`. For each one
//! the scan reads its header (104 bytes; no key needed) and skips it when:
//! - it is shorter than its header says: still arriving, [`SkipReason::Refused`] with
//!   [`SyncFileProblem::Incomplete`] — a later pass will read it;
//! - its header is damaged, of a newer format, or not a change file's;
//! - its header names another device or another first change than its folder and name say
//!   ([`SkipReason::Misplaced`]).
//!
//! In `<folder>/kith/` itself: the key check, and one folder per device named by its id;
//! other folders (a sync tool's `(1)` copy of a device's folder, say) are skipped.
//!
//! A file or device folder the system will not let Kith read is skipped as
//! [`SkipReason::Unreadable`]; a file gone between listing and reading (a sync tool moved it)
//! is not listed at all. Only a `folder` that cannot be read is an error.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use super::file::Header;
use super::{kith_dir, DeviceId, ACKS_EXT, CHANGE_EXT, KEYCHECK_NAME, SNAPSHOT_EXT};
use crate::error::{Error, Result, SyncFileProblem};

/// What [`scan`] found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Scan {
    /// Whether `<folder>/kith/keycheck` is there (a folder set up for sync).
    pub has_keycheck: bool,
    /// Each device's folder, by device id.
    pub devices: Vec<DeviceFiles>,
    /// Everything not listed, with why.
    pub skipped: Vec<Skipped>,
}

impl Scan {
    /// Whether some skipped file may be read on a later pass without anyone doing anything.
    pub fn retry_later(&self) -> bool {
        self.skipped.iter().any(|s| s.reason.retry_later())
    }
}

/// One device's files.
#[derive(Debug, Clone, PartialEq)]
pub struct DeviceFiles {
    pub device: DeviceId,
    pub dir: PathBuf,
    /// Its complete change files, by first sequence number.
    pub files: Vec<ListedFile>,
    /// Its snapshots, by name, each with its header as read (no key needed) or why it could
    /// not be (`ops::sync_snapshot` decides what to do with them).
    pub snapshots: Vec<ListedSnapshot>,
    /// Its files saying what it has applied of everyone's changes (`applied-….kca`), by name.
    pub acks: Vec<PathBuf>,
}

/// A snapshot and its header.
#[derive(Debug, Clone, PartialEq)]
pub struct ListedSnapshot {
    pub path: PathBuf,
    pub header: Result<super::snapshot::SnapshotHeader>,
}

/// A complete change file and its header.
#[derive(Debug, Clone, PartialEq)]
pub struct ListedFile {
    pub path: PathBuf,
    pub header: Header,
}

/// A file or folder the scan passed over.
#[derive(Debug, Clone, PartialEq)]
pub struct Skipped {
    pub path: PathBuf,
    pub reason: SkipReason,
}

/// Why [`scan`] passed over a file.
#[derive(Debug, Clone, PartialEq)]
pub enum SkipReason {
    /// A file being written (by Kith or by a sync tool).
    Temporary,
    /// An iCloud placeholder: the file is not downloaded yet. Never opened.
    Placeholder,
    /// A sync tool's conflict copy.
    ConflictCopy,
    /// Another copy of change file number `seq` (`… (1).kch`); `original` says whether the
    /// file of that name is there too.
    Copy { seq: u64, original: bool },
    /// A change file's header names another device or first change than its place does.
    Misplaced,
    /// Its header could not be used (still arriving, damaged, newer format, not ours).
    Refused(SyncFileProblem),
    /// The system would not let Kith read it (permissions, a disk error); `message` says
    /// what it answered.
    Unreadable { message: String },
    /// A name Kith does not use.
    Unknown,
}

/// The end of a sentence that starts with the file's path, as the pass's report says it.
impl std::fmt::Display for SkipReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SkipReason::Temporary => f.write_str("is being written; it is read on a later pass"),
            SkipReason::Placeholder => {
                f.write_str("is not downloaded yet (iCloud); it is read on a later pass")
            }
            SkipReason::ConflictCopy => f.write_str(
                "is a sync tool's conflict copy (Kith never changes a file it wrote); left alone",
            ),
            SkipReason::Copy { seq, .. } => {
                write!(f, "is another copy of change file {seq}; left alone")
            }
            SkipReason::Misplaced => f.write_str(
                "names another device or change number than the folder it is in; left alone",
            ),
            SkipReason::Refused(problem) => problem.fmt(f),
            SkipReason::Unreadable { message } => {
                write!(
                    f,
                    "could not be read ({message}); it is tried again on a later pass"
                )
            }
            SkipReason::Unknown => f.write_str("is not a file Kith writes; left alone"),
        }
    }
}

impl SkipReason {
    /// Whether a later pass may find the file complete (a placeholder downloaded, a file
    /// fully arrived).
    pub fn retry_later(&self) -> bool {
        match self {
            SkipReason::Placeholder => true,
            SkipReason::Refused(problem) => problem.retry_later(),
            _ => false,
        }
    }
}

/// What a file's name says it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Name {
    Change(u64),
    Snapshot,
    Acks,
    Temporary,
    Placeholder,
    ConflictCopy,
    Copy(u64),
    Unknown,
}

fn digits20(s: &str) -> Option<u64> {
    (s.len() == 20 && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

fn classify(name: &str) -> Name {
    let lower = name.to_lowercase();
    if name.starts_with('.') {
        return if lower.ends_with(".icloud") {
            Name::Placeholder
        } else {
            Name::Temporary
        };
    }
    if name.starts_with('~')
        || [".tmp", ".part", ".partial"]
            .iter()
            .any(|e| lower.ends_with(e))
    {
        return Name::Temporary;
    }
    if lower.contains("conflict") {
        return Name::ConflictCopy;
    }
    if let Some(stem) = name.strip_suffix(&format!(".{CHANGE_EXT}")) {
        if let Some(seq) = digits20(stem) {
            return Name::Change(seq);
        }
        if let Some(seq) = stem.get(..20).and_then(digits20) {
            return Name::Copy(seq);
        }
    }
    if let Some(seq) = name
        .strip_prefix("applied-")
        .and_then(|n| n.strip_suffix(&format!(".{ACKS_EXT}")))
    {
        if digits20(seq).is_some() {
            return Name::Acks;
        }
    }
    if let Some(seq) = name
        .strip_prefix("snapshot-")
        .and_then(|n| n.strip_suffix(&format!(".{SNAPSHOT_EXT}")))
    {
        if digits20(seq).is_some() {
            return Name::Snapshot;
        }
    }
    Name::Unknown
}

fn read_names(dir: &Path) -> Result<Vec<(String, PathBuf, bool)>> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).map_err(|e| Error::io(dir, &e))? {
        let entry = entry.map_err(|e| Error::io(dir, &e))?;
        let path = entry.path();
        // The entry's own type: no stat of the file, which for a placeholder could block.
        let is_dir = entry.file_type().map(|t| t.is_dir()).unwrap_or(false);
        out.push((
            entry.file_name().to_string_lossy().into_owned(),
            path,
            is_dir,
        ));
    }
    out.sort();
    Ok(out)
}

/// Lists `<folder>/kith/`: every device's complete change files (headers read, no key
/// needed) and every skipped file with its reason. A folder not set up for sync yet
/// (no `kith/` in it) is an empty scan; a `folder` that does not exist is an error.
pub fn scan(folder: &Path) -> Result<Scan> {
    fs::metadata(folder).map_err(|e| Error::io(folder, &e))?;
    let root = kith_dir(folder);
    let mut out = Scan::default();
    if !root.is_dir() {
        return Ok(out);
    }
    for (name, path, is_dir) in read_names(&root)? {
        if is_dir {
            let Ok(device) = name.parse::<DeviceId>() else {
                let reason = skip_name(classify(&name));
                out.skipped.push(Skipped { path, reason });
                continue;
            };
            match scan_device(device, path.clone(), &mut out.skipped) {
                Ok(files) => out.devices.push(files),
                Err(e) => out.skipped.push(Skipped {
                    path,
                    reason: SkipReason::Unreadable {
                        message: e.to_string(),
                    },
                }),
            }
        } else if name == KEYCHECK_NAME {
            out.has_keycheck = true;
        } else {
            let reason = skip_name(classify(&name));
            out.skipped.push(Skipped { path, reason });
        }
    }
    Ok(out)
}

/// Why a name that is not a change file of ours is skipped.
fn skip_name(name: Name) -> SkipReason {
    match name {
        Name::Temporary => SkipReason::Temporary,
        Name::Placeholder => SkipReason::Placeholder,
        Name::ConflictCopy => SkipReason::ConflictCopy,
        Name::Copy(seq) => SkipReason::Copy {
            seq,
            original: false,
        },
        Name::Change(_) | Name::Snapshot | Name::Acks | Name::Unknown => SkipReason::Unknown,
    }
}

fn scan_device(device: DeviceId, dir: PathBuf, skipped: &mut Vec<Skipped>) -> Result<DeviceFiles> {
    let names = read_names(&dir)?;
    let mut files = Vec::new();
    let mut snapshots = Vec::new();
    let mut acks = Vec::new();
    let present: HashSet<u64> = names
        .iter()
        .filter(|(_, _, is_dir)| !is_dir)
        .filter_map(|(name, _, _)| match classify(name) {
            Name::Change(seq) => Some(seq),
            _ => None,
        })
        .collect();
    for (name, path, is_dir) in names {
        let class = if is_dir {
            Name::Unknown
        } else {
            classify(&name)
        };
        let reason = match class {
            Name::Change(seq) => match super::file::read_header(&path) {
                Ok(header) if header.device == device && header.first_seq == seq => {
                    files.push(ListedFile { path, header });
                    continue;
                }
                Ok(_) => SkipReason::Misplaced,
                Err(Error::SyncFile { problem, .. }) => SkipReason::Refused(problem),
                // Gone between listing and opening (a sync tool moved or removed it).
                Err(_) if fs::metadata(&path).is_err() => continue,
                Err(e) => SkipReason::Unreadable {
                    message: e.to_string(),
                },
            },
            Name::Snapshot => {
                snapshots.push(ListedSnapshot {
                    header: super::snapshot::read_snapshot_header(&path),
                    path,
                });
                continue;
            }
            Name::Acks => {
                acks.push(path);
                continue;
            }
            Name::Copy(seq) => SkipReason::Copy {
                seq,
                original: present.contains(&seq),
            },
            other => skip_name(other),
        };
        skipped.push(Skipped { path, reason });
    }
    files.sort_by_key(|f| f.header.first_seq);
    snapshots.sort_by(|a, b| a.path.cmp(&b.path));
    acks.sort();
    Ok(DeviceFiles {
        device,
        dir,
        files,
        snapshots,
        acks,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_classified_without_opening_anything() {
        let cases = [
            ("00000000000000000042.kch", Name::Change(42)),
            ("snapshot-00000000000000000042.kcs", Name::Snapshot),
            ("applied-00000000000000000042.kca", Name::Acks),
            ("applied-42.kca", Name::Unknown),
            (".tmp-00000000000000000042.kch", Name::Temporary),
            (".syncthing.00000000000000000042.kch.tmp", Name::Temporary),
            ("~syncthing~00000000000000000042.kch.tmp", Name::Temporary),
            ("00000000000000000042.kch.part", Name::Temporary),
            (".00000000000000000042.kch.icloud", Name::Placeholder),
            (".keycheck.iCloud", Name::Placeholder),
            (
                "00000000000000000042.sync-conflict-20261202-101010-ABCDEFG.kch",
                Name::ConflictCopy,
            ),
            (
                "00000000000000000042 (Ana's conflicted copy 2026-12-02).kch",
                Name::ConflictCopy,
            ),
            (
                "00000000000000000042 (conflicted copy 2026-12-02 101010).kch",
                Name::ConflictCopy,
            ),
            (
                "00000000000000000042_conflict-20261202-101010.kch",
                Name::ConflictCopy,
            ),
            (
                "keycheck.sync-conflict-20261202-101010-X.kch",
                Name::ConflictCopy,
            ),
            ("00000000000000000042 (1).kch", Name::Copy(42)),
            ("00000000000000000042(1).kch", Name::Copy(42)),
            ("00000000000000000042-2.kch", Name::Copy(42)),
            ("00000000000000000042-LAPTOP.kch", Name::Copy(42)),
            ("0000000000000000042.kch", Name::Unknown),
            ("00000000000000000042.KCH", Name::Unknown),
            ("000000000000000000042.kch", Name::Copy(4)),
            ("notes.txt", Name::Unknown),
            ("desktop.ini", Name::Unknown),
            ("99999999999999999999.kch", Name::Unknown),
        ];
        for (name, want) in cases {
            assert_eq!(classify(name), want, "{name}");
        }
    }
}
