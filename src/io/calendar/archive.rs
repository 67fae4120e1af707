//! Google Calendar's export: a zip with one `.ics` per calendar. Each entry is unpacked with
//! a cap on its size and on the total (a zip bomb stops at the cap, whatever its headers
//! claim), and read like a file; a broken or encrypted entry is reported and skipped.

use std::io::{Cursor, Read};

use chrono::{DateTime, Utc};

use super::expand::{self, Acc};
use super::{CalendarProblem, CalendarRead, Limits};

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";

/// Reads `.ics` bytes, or a zip of `.ics` files (told by its first bytes).
pub fn read_any(
    bytes: &[u8],
    window: (DateTime<Utc>, DateTime<Utc>),
    limits: &Limits,
) -> CalendarRead {
    if bytes.starts_with(ZIP_MAGIC) {
        read_zip(bytes, window, limits)
    } else {
        super::read(bytes, window, limits)
    }
}

fn problem(acc: &mut Acc, file: Option<String>, reason: String) {
    acc.read.problems.push(CalendarProblem {
        uid: None,
        summary: None,
        file,
        line: 0,
        reason,
    });
}

/// Reads every `.ics` entry of a zip; occurrences carry the entry's name in `file`.
pub fn read_zip(
    bytes: &[u8],
    window: (DateTime<Utc>, DateTime<Utc>),
    limits: &Limits,
) -> CalendarRead {
    let mut acc = Acc::new(limits);
    let mut archive = match zip::ZipArchive::new(Cursor::new(bytes)) {
        Ok(a) => a,
        Err(e) => {
            problem(&mut acc, None, format!("not a zip Kith can read: {e}"));
            return acc.finish();
        }
    };
    let mut unpacked: u64 = 0;
    let mut other = 0;
    if archive.len() > limits.max_zip_entries {
        problem(
            &mut acc,
            None,
            format!(
                "the zip has {} entries: only the first {} were looked at",
                archive.len(),
                limits.max_zip_entries
            ),
        );
    }
    for i in 0..archive.len().min(limits.max_zip_entries) {
        let mut entry = match archive.by_index(i) {
            Ok(e) => e,
            Err(e) => {
                problem(
                    &mut acc,
                    None,
                    format!("entry {} could not be opened: {e}", i + 1),
                );
                continue;
            }
        };
        let name = entry
            .name()
            .map(|n| n.into_owned())
            .unwrap_or_else(|_| format!("entry {}", i + 1));
        if entry.is_dir() {
            continue;
        }
        if !name.to_ascii_lowercase().ends_with(".ics") {
            other += 1;
            continue;
        }
        if entry.encrypted() {
            problem(&mut acc, Some(name), "encrypted: not read".into());
            continue;
        }
        let room = limits
            .max_entry_bytes
            .min(limits.max_zip_bytes.saturating_sub(unpacked));
        let mut data = Vec::new();
        let read = (&mut entry)
            .take(room.saturating_add(1))
            .read_to_end(&mut data);
        drop(entry);
        unpacked = unpacked.saturating_add(data.len() as u64);
        if let Err(e) = read {
            problem(&mut acc, Some(name), format!("could not be unpacked: {e}"));
            continue;
        }
        if data.len() as u64 > room {
            problem(
                &mut acc,
                Some(name),
                format!(
                    "unpacks to more than {} MB: not read",
                    room.div_ceil(1024 * 1024)
                ),
            );
            if unpacked >= limits.max_zip_bytes {
                break;
            }
            continue;
        }
        expand::read_file(&data, Some(&name), window, limits, &mut acc);
    }
    if other > 0 {
        acc.read.notes.push(format!(
            "{other} entries of the zip are not .ics files and were skipped"
        ));
    }
    acc.finish()
}
