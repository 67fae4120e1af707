//! One running Kith per person, whichever of its two programs runs: the desktop app
//! (`kith-app`, the window) or the tray (`kith-tray`, the icon and the daily notification while
//! no window is open). The first to start holds a lock on a small file (in the user's runtime
//! folder, else the data folder) and writes into it who it is (its [`Role`] and process id) and
//! the database it opened; the lock goes with the process, however it ends.
//!
//! The two are separate programs so that Kith waiting in the tray does not carry WebKit (the
//! app links and starts WebKitGTK even with no window: ≈120 MB; the tray alone a fraction of
//! it, docs/PERFORMANCE.md). They hand over through this lock:
//!
//! - The app starting while the tray holds the lock on the same database asks the tray to quit
//!   (SIGTERM to the process id written in the file: [`ask_to_quit`]), waits for the lock, and
//!   starts with its window. The person sees one Kith: the tray icon goes, the window comes.
//! - The app closing its window to the tray lets go of the lock first, then starts the tray
//!   (see `kith-app`'s desktop module), so the tray finds it free.
//! - A second app on the same database hands its arguments to the first over the session bus
//!   (`tauri-plugin-single-instance`), which shows its window, and exits ([`Claim::HandOver`]).
//!   Without a session bus the first cannot be reached, so that start is refused, with a message
//!   saying where the first one is.
//! - Any start on another database while a Kith runs is refused with a message that names both:
//!   Kith opens one database at a time, and two Kiths would share one tray, one notification a
//!   day and one login item.
//! - A tray starting while any Kith runs steps aside ([`Claim::Running`]): the running one
//!   already shows the icon.
//!
//! A lock file written by an older Kith holds only the database path; its holder is then taken
//! for an app.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How long a start waits for a Kith that is quitting (or was asked to) to let go of the lock.
pub const QUITTING: Duration = Duration::from_secs(2);

/// Which of Kith's programs holds the lock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// `kith-app`: the window (and, while it is open, the tray icon).
    App,
    /// `kith-tray`: only the tray icon and the notifications.
    Tray,
}

impl Role {
    fn word(self) -> &'static str {
        match self {
            Role::App => "app",
            Role::Tray => "tray",
        }
    }
}

/// What the lock file says of the Kith holding it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holder {
    pub role: Role,
    /// Its process id (None from an older Kith).
    pub pid: Option<u32>,
    /// The database it opened (None if the file is empty: it is being written).
    pub db: Option<PathBuf>,
}

impl Holder {
    /// The file's content: `ROLE PID`, a line break, the database path (its bytes as they are).
    fn to_bytes(&self) -> Vec<u8> {
        let mut out = format!("{} {}\n", self.role.word(), self.pid.unwrap_or(0)).into_bytes();
        if let Some(db) = &self.db {
            out.extend_from_slice(db.as_os_str().as_encoded_bytes());
        }
        out
    }

    /// Reads what [`to_bytes`](Self::to_bytes) wrote, or an older Kith's bare path.
    fn parse(text: &str) -> Self {
        let header = text.split_once('\n').and_then(|(first, rest)| {
            let (role, pid) = first.split_once(' ')?;
            let role = match role {
                "app" => Role::App,
                "tray" => Role::Tray,
                _ => return None,
            };
            let pid = pid.parse::<u32>().ok()?;
            Some((role, pid, rest))
        });
        let (role, pid, db) = match header {
            Some((role, pid, db)) => (role, (pid != 0).then_some(pid), db),
            None => (Role::App, None, text),
        };
        Holder {
            role,
            pid,
            db: (!db.is_empty()).then(|| PathBuf::from(db)),
        }
    }
}

/// The lock, held for as long as this value lives (dropping it lets go).
#[derive(Debug)]
pub struct Lock {
    /// None where no lock file could be had (a second Kith is then not prevented).
    _file: Option<File>,
}

impl Lock {
    fn none() -> Self {
        Lock { _file: None }
    }
}

/// What a start may do.
#[derive(Debug)]
pub enum Claim {
    /// It is the only Kith: keep the lock as long as it runs.
    First(Lock),
    /// The app runs on the same database and can be reached over the session bus: hand over
    /// to it. (Only an app's start gets this.)
    HandOver,
    /// Another Kith runs and this start must not go on: say why, and exit.
    Refused(String),
    /// A Kith runs already: a tray's start steps aside, quietly. (Only a tray's start gets
    /// this.)
    Running(Holder),
}

/// The lock file: one per user.
pub fn lock_path() -> Option<PathBuf> {
    let dir = dirs::runtime_dir().or_else(|| dirs::data_local_dir().map(|d| d.join("kith")))?;
    Some(dir.join("kith-app.lock"))
}

/// Claims the one Kith of this user for database `db`, as `role` (`bus`: whether a session bus
/// can reach another app). A tray holding the lock on `db` is asked to quit when an app starts.
pub fn claim(db: &Path, role: Role, bus: bool) -> Claim {
    match lock_path() {
        Some(path) => claim_at(&path, db, role, bus, &mut ask_to_quit),
        None => {
            log::warn!("no folder for Kith's instance lock: a second Kith is not prevented");
            Claim::First(Lock::none())
        }
    }
}

/// [`claim`] with the lock file at `lock` and `quit` to ask a tray (by process id) to quit.
pub fn claim_at(lock: &Path, db: &Path, role: Role, bus: bool, quit: &mut dyn FnMut(u32)) -> Claim {
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
            return Claim::First(Lock::none());
        }
    };
    let started = Instant::now();
    let mut asked = None;
    loop {
        match file.try_lock() {
            Ok(()) => return first(file, db, role),
            Err(TryLockError::WouldBlock) => {}
            Err(TryLockError::Error(err)) => {
                log::warn!(
                    "could not lock {} ({err}): a second Kith is not prevented",
                    lock.display()
                );
                return Claim::First(Lock { _file: Some(file) });
            }
        }
        let holder = running(&file);
        if role == Role::Tray {
            return Claim::Running(holder);
        }
        let same = holder.db.as_deref() == Some(db);
        match (holder.role, holder.pid) {
            // Asked once: it quits within moments, or it will not.
            (Role::Tray, Some(pid)) if same && asked != Some(pid) => {
                quit(pid);
                asked = Some(pid);
            }
            (Role::App, _) if same && bus => return Claim::HandOver,
            _ => {}
        }
        if started.elapsed() >= QUITTING {
            return Claim::Refused(refusal(&holder, db, same));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Why a start of the app is refused.
fn refusal(holder: &Holder, db: &Path, same: bool) -> String {
    let other = holder.db.as_ref().map_or_else(
        || "another database".to_owned(),
        |p| p.display().to_string(),
    );
    if same && holder.role == Role::Tray {
        format!(
            "Kith is already running in the tray on {other} and did not quit when asked to: \
             quit it (Quit Kith in its tray icon's menu), then start Kith again."
        )
    } else if same {
        format!(
            "Kith is already running on {other}. Without a desktop session bus this start \
             cannot bring its window forward: switch to it (its window, or its tray icon)."
        )
    } else {
        format!(
            "Kith is already running on {other}. It opens one database at a time: quit it \
             first (Quit Kith in its tray icon's menu; where there is no tray, closing its \
             window quits it), then open {}.",
            db.display()
        )
    }
}

fn first(mut file: File, db: &Path, role: Role) -> Claim {
    let holder = Holder {
        role,
        pid: Some(std::process::id()),
        db: Some(db.to_owned()),
    };
    let written = file
        .set_len(0)
        .and_then(|()| file.seek(SeekFrom::Start(0)))
        .and_then(|_| file.write_all(&holder.to_bytes()))
        .and_then(|()| file.flush());
    if let Err(err) = written {
        log::warn!("could not note the open database in the instance lock: {err}");
    }
    Claim::First(Lock { _file: Some(file) })
}

/// Who holds the lock, as its file says.
fn running(mut file: &File) -> Holder {
    let mut bytes = Vec::new();
    let read = file
        .seek(SeekFrom::Start(0))
        .and_then(|_| file.read_to_end(&mut bytes));
    if read.is_err() {
        bytes.clear();
    }
    Holder::parse(&String::from_utf8_lossy(&bytes))
}

/// Asks the Kith tray with process id `pid` to quit: SIGTERM, on which it removes its icon
/// and exits. The pid is read from the lock file while its holder holds the lock, so it is
/// that live process. Elsewhere than on Unix there is no tray program: nothing to do.
pub fn ask_to_quit(pid: u32) {
    #[cfg(unix)]
    {
        use rustix::process::{kill_process, Pid, Signal};
        let Some(pid) = i32::try_from(pid).ok().and_then(Pid::from_raw) else {
            return;
        };
        if let Err(err) = kill_process(pid, Signal::TERM) {
            log::warn!("could not ask Kith's tray (process {pid:?}) to quit: {err}");
        }
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;

    fn never(pid: u32) {
        panic!("no tray to ask (asked {pid})");
    }

    #[test]
    fn a_second_app_hands_over_on_the_same_database_and_is_refused_on_another() {
        let dir = tempfile::tempdir().unwrap();
        let lock = dir.path().join("kith-app.lock");
        let a = dir.path().join("a.db");
        let b = dir.path().join("b.db");
        let Claim::First(held) = claim_at(&lock, &a, Role::App, true, &mut never) else {
            panic!("the first start holds the lock");
        };
        assert!(matches!(
            claim_at(&lock, &a, Role::App, true, &mut never),
            Claim::HandOver
        ));
        match claim_at(&lock, &b, Role::App, true, &mut never) {
            Claim::Refused(why) => {
                assert!(why.contains(&a.display().to_string()), "{why}");
                assert!(why.contains(&b.display().to_string()), "{why}");
            }
            other => panic!("{other:?}"),
        }
        match claim_at(&lock, &a, Role::App, false, &mut never) {
            Claim::Refused(why) => assert!(why.contains("tray icon"), "{why}"),
            other => panic!("{other:?}"),
        }
        // A tray steps aside for the running app, whatever its database.
        match claim_at(&lock, &b, Role::Tray, true, &mut never) {
            Claim::Running(h) => {
                assert_eq!(h.role, Role::App);
                assert_eq!(h.pid, Some(std::process::id()));
                assert_eq!(h.db.as_deref(), Some(a.as_path()));
            }
            other => panic!("{other:?}"),
        }
        drop(held);
        assert!(matches!(
            claim_at(&lock, &b, Role::App, true, &mut never),
            Claim::First(_)
        ));
    }

    #[test]
    fn an_app_asks_the_tray_on_its_database_to_quit_and_takes_over() {
        let dir = tempfile::tempdir().unwrap();
        let lock = dir.path().join("kith-app.lock");
        let a = dir.path().join("a.db");
        let Claim::First(tray) = claim_at(&lock, &a, Role::Tray, true, &mut never) else {
            panic!("the tray holds the lock");
        };
        // A second tray steps aside.
        match claim_at(&lock, &a, Role::Tray, true, &mut never) {
            Claim::Running(h) => assert_eq!(h.role, Role::Tray),
            other => panic!("{other:?}"),
        }
        // The app asks it (once) to quit; the "tray" quits by letting go of its lock. Even
        // without a session bus: the hand-over goes through the lock alone.
        let tray = RefCell::new(Some(tray));
        let mut asked = Vec::new();
        let claim = claim_at(&lock, &a, Role::App, false, &mut |pid| {
            asked.push(pid);
            tray.borrow_mut().take();
        });
        assert!(matches!(claim, Claim::First(_)), "{claim:?}");
        assert_eq!(asked, vec![std::process::id()]);
        assert!(tray.borrow().is_none());
    }

    #[test]
    fn a_tray_that_does_not_quit_or_runs_on_another_database_refuses_the_app() {
        let dir = tempfile::tempdir().unwrap();
        let lock = dir.path().join("kith-app.lock");
        let a = dir.path().join("a.db");
        let b = dir.path().join("b.db");
        let Claim::First(_tray) = claim_at(&lock, &a, Role::Tray, true, &mut never) else {
            panic!("the tray holds the lock");
        };
        let mut asked = 0;
        match claim_at(&lock, &a, Role::App, true, &mut |_| asked += 1) {
            Claim::Refused(why) => assert!(why.contains("did not quit"), "{why}"),
            other => panic!("{other:?}"),
        }
        assert_eq!(asked, 1, "asked once, not every 100 ms");
        // On another database the tray is not asked: the app is refused as before.
        match claim_at(&lock, &b, Role::App, true, &mut never) {
            Claim::Refused(why) => {
                assert!(why.contains("one database at a time"), "{why}");
                assert!(why.contains(&b.display().to_string()), "{why}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_lock_file_says_who_holds_it_and_reads_an_older_kiths_bare_path() {
        let h = Holder {
            role: Role::Tray,
            pid: Some(42),
            db: Some(PathBuf::from("/home/a b/kith.db")),
        };
        let text = String::from_utf8(h.to_bytes()).unwrap();
        assert_eq!(text, "tray 42\n/home/a b/kith.db");
        assert_eq!(Holder::parse(&text), h);
        assert_eq!(
            Holder::parse("/home/a/kith.db"),
            Holder {
                role: Role::App,
                pid: None,
                db: Some(PathBuf::from("/home/a/kith.db")),
            }
        );
        assert_eq!(Holder::parse("").db, None);
    }
}
