//! The SQLite store: the one way the app, the CLI and the tests open a Kith database.
//!
//! [`Store::open`] checks the file before it changes anything: a file that is not SQLite, an
//! SQLite database of another application, or a database written by a newer Kith is refused
//! with an error that says so, and is left byte-for-byte untouched. A new database is created
//! private to its owner (on Unix the file is `0600`, and a directory Kith creates for it
//! `0700`; SQLite gives the `-wal` and `-shm` files the database's mode). Then it sets the
//! pragmas every connection needs (WAL, `synchronous=FULL` so a saved record survives power
//! loss, foreign keys, a busy timeout for the CLI and the app writing at once), runs SQLite's
//! `quick_check` so a damaged file is refused ([`Error::Damaged`]) instead of being written
//! over, and brings the schema up to date (see [`migrate`]). `quick_check` reads the whole
//! file: the CLI opens with [`Check::Daily`], which runs it on its first run of the day (and
//! before any upgrade), the app with [`Check::Deferred`], which leaves it for after its first
//! screen is painted.
//!
//! Query functions live in one file per table (`contacts.rs`, ...) and take a `&Connection`;
//! [`Store`]'s methods (in `crate::ops`) validate input, pick the transaction and call them.

pub mod asks;
pub mod cache;
pub mod capture_interactions;
pub mod capture_items;
pub mod codec;
pub mod contact_merges;
pub mod contacts;
pub mod dump;
pub mod feedback;
pub mod gid;
pub mod health_dirty;
pub mod imports;
pub mod interactions;
pub mod interests;
pub mod knows;
pub mod merges;
pub mod migrate;
pub mod not_duplicates;
pub mod photos;
pub mod relationships;
pub mod reminders;
pub mod review;
pub mod search;
pub mod settings;
pub mod snapshot;
pub mod sources;
pub mod sync_config;
pub mod sync_out;
pub mod sync_peers;
pub mod trash;
pub mod unknowns;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::Connection;

use crate::error::{Error, Result};
use crate::model::DatabaseInfo;

pub use migrate::SCHEMA_VERSION;

/// Environment variable that overrides the default database path.
pub const DB_ENV: &str = "KITH_DB";
/// How long a writer waits for another process's write lock before giving up.
pub(crate) const BUSY_TIMEOUT: Duration = Duration::from_secs(5);
const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// The database file to use: `explicit` (a `--db` flag), else `$KITH_DB`, else
/// `kith/kith.db` in the OS data directory (`$XDG_DATA_HOME`, i.e. `~/.local/share`, on Linux).
pub fn resolve_path(explicit: Option<PathBuf>) -> Result<PathBuf> {
    if let Some(path) = explicit {
        return Ok(path);
    }
    if let Some(path) = std::env::var_os(DB_ENV).filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(path));
    }
    dirs::data_dir()
        .map(|dir| dir.join("kith").join("kith.db"))
        .ok_or_else(|| Error::Io {
            path: "$XDG_DATA_HOME".into(),
            message:
                "cannot find the user's data directory (is $HOME set?); pass --db or set KITH_DB"
                    .into(),
        })
}

/// An open, up-to-date Kith database.
#[derive(Debug)]
pub struct Store {
    pub(crate) conn: Connection,
    path: Option<PathBuf>,
    /// Whether opening it ran the damage check (see [`Check`]).
    checked: bool,
    /// Opened by [`Store::open_dry_run`]: nothing it does reaches the file.
    dry_run: bool,
    /// Derived figures kept until the data or their moment changes (see [`cache`]).
    pub(crate) caches: cache::Caches,
    /// The checkpoint running on a thread of its own, if any
    /// ([`Store::checkpoint_in_background`]).
    checkpoint: Checkpoint,
    /// Change capture, once sync is set up (see `sync::capture`).
    pub(crate) sync: Option<crate::sync::capture::Capture>,
    /// The wall clock sync stamps read, where not the system's (tests and benchmarks, see
    /// `Store::set_sync_wall_clock`); kept for a capture set up later.
    pub(crate) sync_wall: crate::sync::capture::SetWall,
}

/// A checkpoint running on a thread of its own. Dropped (with the store), it waits for the
/// copy to end: the program does not end, nor a benchmark go on, with it half done.
#[derive(Debug, Default)]
struct Checkpoint(Option<std::thread::JoinHandle<()>>);

impl Drop for Checkpoint {
    fn drop(&mut self) {
        if let Some(handle) = self.0.take() {
            let _ = handle.join();
        }
    }
}

/// Runs `f` with SQLite's triggers off on `conn` (`SQLITE_DBCONFIG_ENABLE_TRIGGER`), and turns
/// them on again however it ends (an error, a panic). Turning them off or on makes SQLite
/// prepare every statement of the connection again at its next use: for a batch, not a row.
/// Whoever calls it does what the triggers would have done. The connection's `TEMP` triggers
/// ([`health_dirty`]) still fire: SQLite (since 3.35) turns off only those of the schema.
pub(crate) fn without_triggers<T>(conn: &Connection, f: impl FnOnce() -> Result<T>) -> Result<T> {
    use rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_TRIGGER as TRIGGERS;
    struct On<'a>(&'a Connection);
    impl Drop for On<'_> {
        fn drop(&mut self) {
            // Turning a flag on cannot fail on an open connection; were it to, every write
            // after would go without its triggers, so this is no place to hide an error.
            self.0
                .set_db_config(TRIGGERS, true)
                .expect("SQLite's triggers turned on again");
        }
    }
    conn.set_db_config(TRIGGERS, false)?;
    let _on = On(conn);
    f()
}

/// Runs `f` with SQLite's `CHECK` constraints off on `conn`, then as they were (on, unless a
/// caller had them off) however it ends. For bulk writes of rows built from Kith's own types
/// only: a `CHECK (kind IN (…))` of more than two values makes SQLite build a temporary table
/// on every insert, and the values come from enums that cannot hold anything else. Every
/// statement is prepared again after each switch, so switch per batch, not per row.
pub(crate) fn without_checks<T>(conn: &Connection, f: impl FnOnce() -> Result<T>) -> Result<T> {
    struct Restore<'a>(&'a Connection);
    impl Drop for Restore<'_> {
        fn drop(&mut self) {
            // As in `without_triggers`: failing to turn checks on again must not pass unseen.
            self.0
                .execute_batch("PRAGMA ignore_check_constraints = OFF")
                .expect("SQLite's CHECK constraints turned on again");
        }
    }
    let off: bool = conn.query_row("PRAGMA ignore_check_constraints", [], |r| r.get(0))?;
    if off {
        return f();
    }
    conn.execute_batch("PRAGMA ignore_check_constraints = ON")?;
    let _restore = Restore(conn);
    f()
}

/// SQLite's page cache size of `conn` (pages if positive, KiB if negative).
pub(crate) fn cache_size(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA cache_size", [], |r| r.get(0))?)
}

/// Sets `conn`'s page cache size ([`cache_size`]'s units).
pub(crate) fn set_cache_size(conn: &Connection, size: i64) -> Result<()> {
    conn.execute_batch(&format!("PRAGMA cache_size = {size}"))?;
    Ok(())
}

/// When [`Store::open_with`] runs SQLite's `quick_check`, which reads the whole file (seconds
/// for a database of hundreds of megabytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// Every time.
    Always,
    /// When the last check that passed is [`CHECK_EVERY`] old or more, or unknown, or the
    /// schema is about to be upgraded: what the CLI uses, so that only its first run of the
    /// day pays for it.
    Daily,
    /// Only when the schema is about to be upgraded (nothing is written to a database before
    /// it is checked): what the app uses, which checks with [`Store::check_damaged`] on its
    /// own connection once its first screen is shown ([`Store::checked_on_open`] says whether
    /// that is still to do).
    Deferred,
}

/// How often [`Check::Daily`] checks.
pub const CHECK_EVERY: chrono::Duration = chrono::Duration::hours(24);

impl Store {
    /// What moves whenever the data does, for caches of derived figures (see [`cache`]).
    pub(crate) fn data_stamp(&self) -> Result<cache::DataStamp> {
        cache::DataStamp::of(&self.conn)
    }

    /// Opens (creating it if needed) the database at `path`, checks that it is not damaged and
    /// upgrades its schema.
    pub fn open(path: &Path) -> Result<Self> {
        Self::open_with(path, Check::Always, chrono::Utc::now())
    }

    /// [`Store::open`], with the damage check run as `check` says (`now` decides whether the
    /// last one is recent enough). A daily check that passes is recorded in the database
    /// ([`Check::Always`] writes nothing before the caller does).
    pub fn open_with(
        path: &Path,
        check: Check,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<Self> {
        check_existing_file(path)?;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            create_private_dir(dir).map_err(|e| Error::io(dir, &e))?;
        }
        create_private_file(path).map_err(|e| Error::io(path, &e))?;
        let mut conn = Connection::open(path).map_err(|e| open_error(path, e))?;
        configure(&conn).map_err(|e| open_error(path, e))?;
        let checked = match check {
            Check::Always => true,
            Check::Daily => last_check(&conn).is_none_or(|at| now - at >= CHECK_EVERY || at > now),
            Check::Deferred => migrate::user_version(&conn).ok() != Some(SCHEMA_VERSION),
        };
        if checked {
            quick_check(&conn, path)?;
        }
        migrate::migrate(&mut conn, Some(path), migrate::MIGRATIONS)?;
        health_dirty::create_tracking(&conn)?;
        let sync = crate::ops::open_sync_capture(&conn)?;
        if checked && check == Check::Daily {
            conn.execute(
                "INSERT INTO integrity_check (id, checked_at) VALUES (1, ?1)
                 ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at",
                [now.timestamp_millis()],
            )?;
        }
        Ok(Self {
            conn,
            path: Some(path.to_owned()),
            checked,
            dry_run: false,
            caches: Default::default(),
            checkpoint: Checkpoint::default(),
            sync,
            sync_wall: Default::default(),
        })
    }

    /// Whether opening this store ran the damage check; if not (it passed earlier today), an
    /// app can run [`Store::check_damaged`] in the background once its first screen is shown.
    pub fn checked_on_open(&self) -> bool {
        self.checked
    }

    /// When the damage check last passed, as recorded by [`Store::open_with`].
    pub fn last_check(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        last_check(&self.conn)
    }

    /// A private database in memory, for tests and dry runs.
    pub fn open_in_memory() -> Result<Self> {
        let mut conn = Connection::open_in_memory()?;
        configure(&conn)?;
        migrate::migrate(&mut conn, None, migrate::MIGRATIONS)?;
        health_dirty::create_tracking(&conn)?;
        let sync = crate::ops::open_sync_capture(&conn)?;
        Ok(Self {
            conn,
            path: None,
            checked: false,
            dry_run: false,
            caches: Default::default(),
            checkpoint: Checkpoint::default(),
            sync,
            sync_wall: Default::default(),
        })
    }

    /// Opens the database at `path` for a dry run, which writes nothing at all: no file,
    /// folder or backup is created, no check is recorded, and the file keeps its bytes.
    ///
    /// - No file (or an empty one): a new database in memory, as the file would start.
    /// - A file refused by [`Store::open`] (not SQLite, another application's, newer): the
    ///   same error.
    /// - An older schema: a copy in memory, upgraded there (the file is not upgraded).
    /// - Otherwise the file itself, on a connection whose every commit is turned into a
    ///   rollback (and fails), and whose changes in a transaction never spill into the WAL:
    ///   a dry run may write inside a transaction it then rolls back.
    ///
    /// The damage check is not run: nothing is written, so no damage can spread.
    pub fn open_dry_run(path: &Path) -> Result<Self> {
        check_existing_file(path)?;
        if !std::fs::metadata(path).is_ok_and(|m| m.len() > 0) {
            return Ok(Self {
                dry_run: true,
                ..Self::open_in_memory()?
            });
        }
        let mut conn =
            Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE)
                .map_err(|e| open_error(path, e))?;
        conn.commit_hook(Some(|| true))?;
        // Not `configure`: setting the journal mode would write the header of a file that is
        // not in WAL mode yet.
        conn.busy_timeout(BUSY_TIMEOUT)?;
        conn.execute_batch("PRAGMA foreign_keys = ON; PRAGMA cache_spill = OFF;")
            .map_err(|e| open_error(path, e))?;
        stable_plans(&conn).map_err(|e| open_error(path, e))?;
        search::register_functions(&conn)?;
        if migrate::user_version(&conn)? < SCHEMA_VERSION {
            let mut copy = Connection::open_in_memory()?;
            {
                let backup = rusqlite::backup::Backup::new(&conn, &mut copy)?;
                backup.run_to_completion(i32::MAX, Duration::from_millis(50), None)?;
            }
            configure(&copy)?;
            migrate::migrate(&mut copy, None, migrate::MIGRATIONS)?;
            conn = copy;
        }
        let sync = crate::ops::open_sync_capture(&conn)?;
        Ok(Self {
            conn,
            path: Some(path.to_owned()),
            checked: false,
            dry_run: true,
            caches: Default::default(),
            checkpoint: Checkpoint::default(),
            sync,
            sync_wall: Default::default(),
        })
    }

    /// Whether this store was opened for a dry run ([`Store::open_dry_run`]).
    pub fn is_dry_run(&self) -> bool {
        self.dry_run
    }

    /// Copies the write-ahead log into the database file on a thread and connection of their
    /// own (a passive checkpoint: it never waits for, nor blocks, a reader or a writer), after
    /// a large write that left the log long (an import, which turns the automatic checkpoint
    /// off for its commit): so that neither that write nor the next one the person makes waits
    /// for the copy. Nothing to do for an in-memory database or a dry run. If the program
    /// ends first, the log stays and the next checkpoint copies it; nothing is lost. The store
    /// waits for it when it is closed.
    pub(crate) fn checkpoint_in_background(&mut self) {
        let Some(path) = self.file_on_disk().map(Path::to_path_buf) else {
            return;
        };
        // One at a time: a checkpoint still running is waited for first.
        drop(std::mem::take(&mut self.checkpoint));
        self.checkpoint.0 = std::thread::Builder::new()
            .name("kith-checkpoint".into())
            .spawn(move || {
                let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE
                    | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
                if let Ok(conn) = Connection::open_with_flags(&path, flags) {
                    let _ = conn.busy_timeout(BUSY_TIMEOUT);
                    let _ = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
                }
            })
            .ok();
    }

    /// The database file that writes reach: none for an in-memory database or a dry run
    /// (what backups and checkpoints are taken of).
    pub(crate) fn file_on_disk(&self) -> Option<&Path> {
        self.path().filter(|_| !self.dry_run)
    }

    /// The database file (None for an in-memory database).
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Checks the database at `path` without changing it (nor creating it): `Ok` if it opens
    /// cleanly (or does not exist), [`Error::Damaged`] if SQLite finds it damaged, or why it
    /// would be refused.
    pub fn check_damaged(path: &Path) -> Result<()> {
        if !path.exists() {
            return Ok(());
        }
        check_existing_file(path)?;
        let conn = Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .map_err(|e| open_error(path, e))?;
        quick_check(&conn, path)
    }

    /// The underlying connection, for read-only queries of other modules and for tests.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    pub fn info(&self) -> Result<DatabaseInfo> {
        Ok(DatabaseInfo {
            path: self
                .path
                .as_ref()
                .map_or_else(|| ":memory:".to_owned(), |p| p.display().to_string()),
            schema_version: migrate::user_version(&self.conn)?,
        })
    }
}

/// When the last damage check passed; `None` if never, unknown, or the schema is not the
/// current one (an upgrade is always preceded by a check).
fn last_check(conn: &Connection) -> Option<chrono::DateTime<chrono::Utc>> {
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .ok()?;
    if version != SCHEMA_VERSION {
        return None;
    }
    let ms: i64 = conn
        .query_row(
            "SELECT checked_at FROM integrity_check WHERE id = 1",
            [],
            |r| r.get(0),
        )
        .ok()?;
    chrono::DateTime::from_timestamp_millis(ms)
}

/// Refuses a file that is not SQLite, or whose schema is newer than this build or belongs to
/// another application. It reads only the 100-byte database header, so a refused file is not
/// even opened by SQLite (no `-wal` or `-shm` files appear beside it). A missing or empty file
/// is a new database.
fn check_existing_file(path: &Path) -> Result<()> {
    let not_a_db = |reason: &str| Error::NotADatabase {
        path: path.display().to_string(),
        reason: reason.to_owned(),
    };
    let mut file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(Error::io(path, &e)),
    };
    let meta = file.metadata().map_err(|e| Error::io(path, &e))?;
    if meta.is_dir() {
        return Err(not_a_db("it is a directory"));
    }
    if meta.len() == 0 {
        return Ok(());
    }
    let mut header = [0u8; 100];
    if file.read_exact(&mut header).is_err() || &header[..16] != SQLITE_HEADER {
        return Err(not_a_db("it is not an SQLite database file"));
    }
    let be32 = |at: usize| {
        u32::from_be_bytes([header[at], header[at + 1], header[at + 2], header[at + 3]])
    };
    // Offsets from https://sqlite.org/fileformat.html#the_database_header.
    let schema_cookie = be32(40);
    let version = i64::from(be32(60));
    if version > SCHEMA_VERSION {
        return Err(Error::NewerDatabase {
            path: path.display().to_string(),
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    if version == 0 && schema_cookie != 0 {
        return Err(not_a_db("it is an SQLite database of another application"));
    }
    Ok(())
}

/// Creates `dir` and its missing parents, readable only by their owner on Unix. A directory
/// that exists is left as it is.
pub(crate) fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

/// Creates the empty database file, readable only by its owner on Unix, before SQLite opens
/// it (SQLite would create it with the default `0644`, less the umask). SQLite creates the
/// `-wal` and `-shm` files with the mode of the database file. A file that exists is left as
/// it is.
fn create_private_file(path: &Path) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e),
    }
}

/// Refuses a damaged database: SQLite's `quick_check` (every page and record well-formed, no
/// page used twice or lost; it skips the index-content check of `integrity_check`, which is
/// what makes it fast enough for every start). A database that is damaged is not written to,
/// not even migrated, so the damage does not spread and a backup can be restored instead.
fn quick_check(conn: &Connection, path: &Path) -> Result<()> {
    // The first few problems are enough to tell a person (and a bug report) what is wrong.
    let rows = conn.prepare("PRAGMA quick_check(5)").and_then(|mut stmt| {
        stmt.query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()
    });
    match rows {
        Ok(rows) if rows.len() == 1 && rows[0] == "ok" => Ok(()),
        // A row is one or more lines, under a "*** in database main ***" heading.
        Ok(rows) => Err(Error::Damaged {
            path: path.display().to_string(),
            message: rows
                .iter()
                .flat_map(|row| row.lines())
                .filter(|line| !line.starts_with("***") && !line.trim().is_empty())
                .collect::<Vec<_>>()
                .join("; "),
        }),
        Err(e) => Err(open_error(path, e)),
    }
}

/// Plans that do not depend on the values bound (SQLite's query planner stability
/// guarantee). Without it, a statement with a `column = ?` term is marked to be planned again
/// when its bindings change, and rusqlite's statement cache clears the bindings of every
/// statement it takes back, so each `prepare_cached` statement of that shape was parsed and
/// planned again on every use (a fifth of the time of reading a calendar as a source). Kith
/// keeps no `ANALYZE` statistics and binds no `LIKE` pattern or partial-index value, so no
/// plan changes.
fn stable_plans(conn: &Connection) -> rusqlite::Result<()> {
    conn.set_db_config(
        rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
        true,
    )?;
    Ok(())
}

fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    stable_plans(conn)?;
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    // In-memory databases report "memory"; a file that cannot do WAL keeps its journal.
    debug_assert!(mode == "wal" || mode == "memory", "journal_mode = {mode}");
    conn.execute_batch("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;")?;
    Ok(())
}

fn open_error(path: &Path, err: rusqlite::Error) -> Error {
    match err.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) => Error::NotADatabase {
            path: path.display().to_string(),
            reason: "it is not an SQLite database file".into(),
        },
        // Damage bad enough that SQLite cannot even read the schema (or run the check).
        Some(rusqlite::ErrorCode::DatabaseCorrupt) => Error::Damaged {
            path: path.display().to_string(),
            message: err.to_string(),
        },
        _ => Error::database(format!("{}: {err}", path.display()), err),
    }
}
