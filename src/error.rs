//! The one error type of the Kith core.
//!
//! Every fallible core function returns [`Error`]. It serialises as a tagged enum,
//! `{ "type": "...", "data": { ... } }`, so the desktop UI can act on the kind of failure
//! (put a message next to the field at fault, show a "cannot open the database" screen)
//! instead of parsing text. Its `Display` is the sentence a person reads in the CLI; it names
//! the field, file or record at fault.

use std::fmt;
use std::sync::Arc;

use serde::Serialize;
use ts_rs::TS;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// One invalid field of an input, with a message meant for the person who typed it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct FieldError {
    /// The input's field name as the UI and the CLI know it (`name`, `email`, ...).
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: &str, message: impl Into<String>) -> Self {
        Self {
            field: field.to_owned(),
            message: message.into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, TS)]
#[serde(tag = "type", content = "data", rename_all = "camelCase")]
#[ts(rename = "KithError")]
pub enum Error {
    /// The input was rejected before anything was written.
    #[error("{}", join_fields(.fields))]
    Invalid { fields: Vec<FieldError> },

    /// Nothing matched what the user typed (a name, not an id).
    #[error("no {entity} matches \"{query}\"")]
    NoMatch { entity: String, query: String },

    /// A name matched several contacts; the user must pick one (by id or a fuller name).
    #[error("\"{query}\" matches several contacts: {}; use an id or a fuller name", list_refs(.matches))]
    Ambiguous {
        query: String,
        matches: Vec<crate::model::ContactRef>,
    },

    #[error("no {entity} with id {id}")]
    NotFound { entity: String, id: i64 },

    /// The file exists but is not a Kith database; it was not modified.
    #[error("{path} is not a Kith database ({reason}); it was left untouched")]
    NotADatabase { path: String, reason: String },

    /// The database was written by a newer Kith; it was not modified.
    #[error(
        "{path} was written by a newer version of Kith (schema version {found}; this version \
         knows up to {supported}); it was left untouched: update Kith to open it"
    )]
    NewerDatabase {
        path: String,
        found: i64,
        supported: i64,
    },

    /// SQLite's integrity check found the file damaged (a disk or file-system fault, a copy
    /// taken mid-write...). Kith refused to open it, so nothing was written over the damage;
    /// the way out is restoring a backup.
    #[error("{path} is damaged ({message}); Kith did not open it: restore a backup")]
    Damaged { path: String, message: String },

    /// A schema upgrade failed and was rolled back; the database is as it was before.
    #[error(
        "upgrading the database to schema version {version} failed and was rolled back: {message}"
    )]
    Migration { version: i64, message: String },

    #[error("{path}: {message}")]
    Io { path: String, message: String },

    /// A sync recovery key as typed is malformed (a wrong length, a character no key has, a
    /// typo its checksum caught). Nothing was derived, read or written.
    #[error("{message}")]
    SyncKeyTypo { message: String },

    /// The key (recovery key or passphrase) does not open this sync folder. Nothing in the
    /// folder was read beyond its key check, and nothing was written.
    #[error(
        "this key does not open the sync folder {folder}; nothing in it was read or changed: \
         use the recovery key or passphrase the folder was set up with"
    )]
    WrongSyncKey { folder: String },

    /// A file of a sync folder was refused; `problem` says why and whether a later pass may
    /// succeed ([`SyncFileProblem::retry_later`]).
    #[error("{path} {problem}")]
    SyncFile {
        path: String,
        problem: SyncFileProblem,
    },

    #[error("database error: {message}")]
    Database {
        message: String,
        /// What SQLite (or the export's writer) reported, for `Error::source` and the logs;
        /// the UI gets the message only.
        #[serde(skip)]
        #[ts(skip)]
        #[source]
        cause: Option<Cause>,
    },
}

/// Why a file of a sync folder (a change file, the key check) was refused. Each reads as the
/// end of a sentence that starts with the file's path.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, TS)]
#[serde(tag = "type", content = "data", rename_all = "camelCase")]
pub enum SyncFileProblem {
    /// The file does not start as a Kith sync file does.
    #[error("is not a Kith sync file; it was left alone")]
    NotASyncFile,
    /// Shorter than its header says: the sync tool is still writing or copying it.
    #[error(
        "is still arriving ({found} of {expected} bytes); it was left alone and will be read \
         on a later pass"
    )]
    Incomplete { expected: u64, found: u64 },
    /// Written in a format this version of Kith does not know.
    #[error(
        "was written by a newer version of Kith (sync file format {found}; this version reads \
         up to {supported}); it was kept for when Kith on this device is updated"
    )]
    NewerFormat { found: u16, supported: u16 },
    /// Its header's checksum does not match, or it is longer than its header says: the bytes
    /// were damaged on the way (a disk, a sync tool), not a key problem.
    #[error("is damaged ({reason}); it was not applied")]
    Damaged { reason: String },
    /// Written with a different key than this folder's: another Kith set up over this
    /// folder, or a file copied in from elsewhere.
    #[error(
        "was written with a different key than this sync folder's; it was not applied (a \
         device set up with another key writes here)"
    )]
    OtherKey,
    /// Its header names this folder's key, but authentication failed: it was altered after
    /// it was written.
    #[error(
        "failed its authenticity check: it was altered after it was written; it was not \
         applied"
    )]
    Tampered,
    /// A change file with this number exists already; it was not overwritten.
    #[error("already exists; change files are never overwritten")]
    AlreadyExists,
}

impl SyncFileProblem {
    /// Whether the same file may read fine on a later pass without anyone doing anything.
    pub fn retry_later(&self) -> bool {
        matches!(self, SyncFileProblem::Incomplete { .. })
    }
}

/// The error a [`Error::Database`] came from. Kept behind an `Arc` so that [`Error`] stays
/// `Clone`; two causes are equal when they read the same.
#[derive(Debug, Clone)]
pub struct Cause(Arc<dyn std::error::Error + Send + Sync>);

impl Cause {
    pub fn new(err: impl std::error::Error + Send + Sync + 'static) -> Self {
        Self(Arc::new(err))
    }
}

impl fmt::Display for Cause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for Cause {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&*self.0)
    }
}

impl PartialEq for Cause {
    fn eq(&self, other: &Self) -> bool {
        self.to_string() == other.to_string()
    }
}

impl Eq for Cause {}

fn list_refs(matches: &[crate::model::ContactRef]) -> String {
    matches
        .iter()
        .map(|m| format!("{} (id {})", m.name, m.id))
        .collect::<Vec<_>>()
        .join(", ")
}

fn join_fields(fields: &[FieldError]) -> String {
    fields
        .iter()
        .map(|f| format!("{}: {}", f.field, f.message))
        .collect::<Vec<_>>()
        .join("; ")
}

impl Error {
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        Error::Invalid {
            fields: vec![FieldError::new(field, message)],
        }
    }

    /// A database error that says `message` about `cause` (which it keeps as its source).
    pub(crate) fn database(
        message: impl Into<String>,
        cause: impl std::error::Error + Send + Sync + 'static,
    ) -> Self {
        Error::Database {
            message: message.into(),
            cause: Some(Cause::new(cause)),
        }
    }

    pub(crate) fn io(path: &std::path::Path, err: &std::io::Error) -> Self {
        Error::Io {
            path: path.display().to_string(),
            message: io_message(err),
        }
    }
}

/// What went wrong with a file, in words for a person: the common cases by kind, otherwise
/// the system's own text without its "(os error N)".
fn io_message(err: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match err.kind() {
        ErrorKind::NotFound => "there is no such file or folder".into(),
        ErrorKind::PermissionDenied => "permission denied".into(),
        ErrorKind::IsADirectory => "it is a folder, not a file".into(),
        ErrorKind::StorageFull => "the disk is full".into(),
        ErrorKind::ReadOnlyFilesystem => "the disk is read-only".into(),
        _ => {
            let text = err.to_string();
            match text.rfind(" (os error ") {
                Some(at) if text.ends_with(')') => text[..at].to_string(),
                _ => text,
            }
        }
    }
}

impl From<rusqlite::Error> for Error {
    fn from(err: rusqlite::Error) -> Self {
        // Only the connection of a dry run refuses commits (`Store::open_dry_run`).
        if err.sqlite_extended_error_code() == Some(rusqlite::ffi::SQLITE_CONSTRAINT_COMMITHOOK) {
            return Error::database("a dry run writes nothing".to_owned(), err);
        }
        Error::database(err.to_string(), err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Error as IoError;

    #[test]
    fn database_errors_keep_their_cause_but_send_the_message_only() {
        let err = Error::from(rusqlite::Error::QueryReturnedNoRows);
        assert_eq!(err.to_string(), "database error: Query returned no rows");
        let cause = std::error::Error::source(&err).expect("a source");
        assert_eq!(cause.to_string(), "Query returned no rows");
        assert_eq!(
            serde_json::to_value(&err).expect("serialize"),
            serde_json::json!({
                "type": "database",
                "data": { "message": "Query returned no rows" }
            })
        );
    }

    #[test]
    fn io_errors_read_as_words_without_os_codes() {
        let missing = std::fs::File::open("/nonexistent/kith-test/contacts.vcf").unwrap_err();
        let err = Error::io(
            std::path::Path::new("/nonexistent/kith-test/contacts.vcf"),
            &missing,
        );
        assert_eq!(
            err.to_string(),
            "/nonexistent/kith-test/contacts.vcf: there is no such file or folder"
        );
        let other = io_message(&IoError::from_raw_os_error(5));
        assert!(!other.is_empty() && !other.contains("os error"), "{other}");
        assert_eq!(io_message(&IoError::other("custom")), "custom");
    }
}
