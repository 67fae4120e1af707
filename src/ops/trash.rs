use chrono::{DateTime, Duration, Utc};
use rusqlite::Connection;

use crate::error::{Error, Result};
use crate::model::{Contact, ContactRef, Interaction, SearchHit, TrashItem};
use crate::store::{contacts, interactions, search, trash};
use crate::Store;

/// How long deleted contacts and interactions stay restorable.
pub const TRASH_DAYS: i64 = 30;

impl Store {
    /// Moves a contact to the trash. Their interactions stay, and come back with them.
    pub fn delete_contact(&mut self, id: i64, now: DateTime<Utc>) -> Result<()> {
        if contacts::get_self_id(&self.conn)? == Some(id) {
            return Err(Error::invalid(
                "contact",
                "this is you: your own record cannot be moved to the trash",
            ));
        }
        contacts::update_contact_deleted(&self.conn, id, Some(now))
    }

    pub fn restore_contact(&mut self, id: i64) -> Result<Contact> {
        self.restore(id, contacts::update_contact_deleted, contacts::get_contact)
    }

    /// Takes a row out of the trash with `set_deleted` and reads it back with `get`, in one
    /// transaction.
    fn restore<T>(
        &mut self,
        id: i64,
        set_deleted: fn(&Connection, i64, Option<DateTime<Utc>>) -> Result<()>,
        get: fn(&Connection, i64) -> Result<T>,
    ) -> Result<T> {
        let tx = self.conn.transaction()?;
        set_deleted(&tx, id, None)?;
        let restored = get(&tx, id)?;
        tx.commit()?;
        Ok(restored)
    }

    /// The contact in the trash that `text` names, to restore it: an id, or a name that is
    /// unambiguous among the contacts in the trash (ignoring case and accents; an exact name
    /// wins over names that start with it).
    pub fn resolve_trashed_contact(&self, text: &str) -> Result<ContactRef> {
        let text = text.trim();
        if let Ok(id) = text.parse::<i64>() {
            let c = contacts::get_contact(&self.conn, id)?;
            return Ok(ContactRef {
                id: c.id,
                name: c.name,
            });
        }
        let query = text.to_owned();
        if text.is_empty() {
            return Err(Error::NoMatch {
                entity: "contact in the trash".into(),
                query,
            });
        }
        let mut found = contacts::list_trashed_contacts_named(&self.conn, text, 10)?;
        match found.len() {
            0 => Err(Error::NoMatch {
                entity: "contact in the trash".into(),
                query,
            }),
            1 => Ok(found.remove(0)),
            _ => Err(Error::Ambiguous {
                query,
                matches: found,
            }),
        }
    }

    pub fn delete_interaction(&mut self, id: i64, now: DateTime<Utc>) -> Result<()> {
        interactions::update_interaction_deleted(&self.conn, id, Some(now))
    }

    pub fn restore_interaction(&mut self, id: i64) -> Result<Interaction> {
        self.restore(
            id,
            interactions::update_interaction_deleted,
            interactions::get_interaction,
        )
    }

    /// What is in the trash, most recently deleted first.
    pub fn list_trash(&self) -> Result<Vec<TrashItem>> {
        trash::list_trash(&self.conn, Duration::days(TRASH_DAYS))
    }

    /// Purges what has been in the trash for more than [`TRASH_DAYS`]; returns how many
    /// records went. The app and the CLI call this when they start.
    pub fn purge_expired_trash(&mut self, now: DateTime<Utc>) -> Result<usize> {
        self.purge_trashed_before(now - Duration::days(TRASH_DAYS))
    }

    /// Purges everything in the trash now.
    pub fn empty_trash(&mut self) -> Result<usize> {
        self.purge_trashed_before(DateTime::<Utc>::MAX_UTC)
    }

    fn purge_trashed_before(&mut self, before: DateTime<Utc>) -> Result<usize> {
        let tx = self.conn.transaction()?;
        let contacts = contacts::delete_contacts_trashed_before(&tx, before)?;
        let interactions =
            interactions::delete_interactions_trashed_before(&tx, before, contacts > 0)?;
        tx.commit()?;
        Ok(contacts + interactions)
    }

    /// Full-text search over contacts, interactions and needs/offers.
    pub fn search(&self, query: &str, limit: u32) -> Result<Vec<SearchHit>> {
        search::list_search_hits(&self.conn, query, limit.clamp(1, 200))
    }
}
