//! One running Kith per person. The first Kith to start holds a lock on a small file (in the
//! user's runtime folder, else the data folder) and writes the database it opened into it;
//! the lock goes with the process, however it ends.
//!
//! A second start on the same database hands its arguments to the first over the session bus
//! (`tauri-plugin-single-instance`), which shows its window, and exits. A second start on
//! another database is refused with a message that names both: Kith opens one database at a
//! time, and two Kiths would share one tray, one notification a day and one login item.
//! Without a session bus the first cannot be reached, so a second start on the same database
//! is refused too, with a message saying where the first one is.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How long a start waits for a Kith that is quitting to let go of the lock.
const QUITTING: Duration = Duration::from_secs(2);

/// What a start may do.
#[derive(Debug)]
pub enum Claim {
    /// It is the only Kith: keep the lock (the file) as long as the app runs.
    First(File),
    /// Another Kith runs on the same database and can be reached: hand over to it.
    HandOver,
    /// Another Kith runs and this one must not start: say why, and exit.
    Refused(String),
}

/// The lock file: one per user.
fn lock_path() -> Option<PathBuf> {
    let dir = dirs::runtime_dir().or_else(|| dirs::data_local_dir().map(|d| d.join("kith")))?;
    Some(dir.join("kith-app.lock"))
}

/// Claims the one Kith of this user for database `db` (`bus`: whether a session bus can reach
/// another instance).
pub fn claim(db: &Path, bus: bool) -> Claim {
    match lock_path() {
        Some(path) => claim_at(&path, db, bus),
        None => {
            log::warn!("no folder for Kith's instance lock: a second Kith is not prevented");
            Claim::HandOver
        }
    }
}

pub fn claim_at(lock: &Path, db: &Path, bus: bool) -> Claim {
    if let Some(dir) = lock.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    let file = match OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(lock)
    {
        Ok(f) => f,
        Err(err) => {
            log::warn!(
                "could not open {} ({err}): a second Kith is not prevented",
                lock.display()
            );
            return Claim::HandOver;
        }
    };
    let started = Instant::now();
    loop {
        match file.try_lock() {
            Ok(()) => return first(file, db),
            Err(TryLockError::WouldBlock) => {}
            Err(TryLockError::Error(err)) => {
                log::warn!(
                    "could not lock {} ({err}): a second Kith is not prevented",
                    lock.display()
                );
                return Claim::HandOver;
            }
        }
        let running = running_on(&file);
        let same = running.as_deref() == Some(db);
        if same && bus {
            return Claim::HandOver;
        }
        if started.elapsed() >= QUITTING {
            let other = running.map_or_else(
                || "another database".to_owned(),
                |p| p.display().to_string(),
            );
            return Claim::Refused(if same {
                format!(
                    "Kith is already running on {other}. Without a desktop session bus this start \
                     cannot bring its window forward: switch to it (its window, or its tray \
                     icon)."
                )
            } else {
                format!(
                    "Kith is already running on {other}. It opens one database at a time: quit \
                     it first (Quit Kith in its tray icon's menu; where there is no tray, closing \
                     its window quits it), then open {}.",
                    db.display()
                )
            });
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn first(mut file: File, db: &Path) -> Claim {
    let written = file
        .set_len(0)
        .and_then(|()| file.seek(SeekFrom::Start(0)))
        .and_then(|_| file.write_all(db.as_os_str().as_encoded_bytes()))
        .and_then(|()| file.flush());
    if let Err(err) = written {
        log::warn!("could not note the open database in the instance lock: {err}");
    }
    Claim::First(file)
}

/// The database the Kith holding the lock opened.
fn running_on(mut file: &File) -> Option<PathBuf> {
    let mut text = String::new();
    file.seek(SeekFrom::Start(0)).ok()?;
    file.read_to_string(&mut text).ok()?;
    (!text.is_empty()).then(|| PathBuf::from(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_kith_hands_over_on_the_same_database_and_is_refused_on_another() {
        let dir = tempfile::tempdir().unwrap();
        let lock = dir.path().join("kith-app.lock");
        let a = dir.path().join("a.db");
        let b = dir.path().join("b.db");
        let Claim::First(held) = claim_at(&lock, &a, true) else {
            panic!("the first start holds the lock");
        };
        assert!(matches!(claim_at(&lock, &a, true), Claim::HandOver));
        match claim_at(&lock, &b, true) {
            Claim::Refused(why) => {
                assert!(why.contains(&a.display().to_string()), "{why}");
                assert!(why.contains(&b.display().to_string()), "{why}");
            }
            other => panic!("{other:?}"),
        }
        match claim_at(&lock, &a, false) {
            Claim::Refused(why) => assert!(why.contains("tray icon"), "{why}"),
            other => panic!("{other:?}"),
        }
        drop(held);
        assert!(matches!(claim_at(&lock, &b, true), Claim::First(_)));
    }
}
