//! What the app and the CLI do, as methods on [`Store`](crate::Store): each validates its
//! input, checks what only the database can tell (does that contact exist?), and writes in
//! one transaction, so nothing is ever half-saved. Tauri commands and CLI verbs call exactly
//! one of these.

mod asks;
mod brief;
mod capture;
mod contacts;
mod duplicates;
mod engine;
mod export;
mod import;
mod import_interactions;
mod interactions;
mod interests;
mod merge;
mod relationships;
mod review;
mod seed;
mod sync;
mod sync_snapshot;
mod trash;

pub use brief::{DATE_DAYS as BRIEF_DATE_DAYS, LAST_INTERACTIONS, MAX_UPCOMING_DAYS};
pub use capture::discover::{found_sources, found_sources_at_home, MAX_FOUND};
pub use capture::{parse_address, readable_address, AddSource};
pub(crate) use contacts::rewrite as rewrite_contact;
pub(crate) use contacts::write_parts as write_contact_parts;
pub use contacts::ContactMatch;
pub use engine::system_locale;
pub use merge::{LastMerge, Unmerged};
pub use seed::{SeedOptions, SeedReport};
pub(crate) use sync::open_capture as open_sync_capture;
pub use sync::CHANGES_PER_FILE;
pub use trash::TRASH_DAYS;

use rusqlite::Connection;

use crate::error::{Error, Result};
use crate::model::ContactRef;

/// The live contact `id` that an input names in `field`. Only a contact that is not there (or
/// is in the trash) is that field's invalid-input error; any other failure (a busy or damaged
/// database, a failed read) passes through as it is.
pub(crate) fn require_contact(conn: &Connection, id: i64, field: &str) -> Result<ContactRef> {
    match crate::store::contacts::get_contact_ref(conn, id) {
        Err(Error::NotFound { .. }) => Err(Error::invalid(
            field,
            format!("there is no contact with id {id}"),
        )),
        found => found,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn require_contact_passes_database_errors_through() {
        // No schema: the read itself fails, which is no statement about the input.
        let conn = Connection::open_in_memory().expect("open");
        let err = require_contact(&conn, 7, "contactId").expect_err("no contact table");
        assert!(matches!(err, Error::Database { .. }), "{err:?}");
    }

    #[test]
    fn require_contact_names_the_field_of_a_missing_contact() {
        let store = crate::Store::open_in_memory().expect("open");
        let err = require_contact(&store.conn, 7, "contactId").expect_err("no contact 7");
        assert_eq!(
            err,
            Error::invalid("contactId", "there is no contact with id 7")
        );
    }
}
