use chrono::{DateTime, Utc};

use crate::error::{Error, Result};
use crate::model::Interest;
use crate::store::interests;
use crate::store::search::{self, Entry};
use crate::validate;
use crate::Store;

impl Store {
    pub fn list_interests(&self) -> Result<Vec<Interest>> {
        interests::list_interests(&self.conn)
    }

    /// Adds `name` to the vocabulary, or returns the interest it already names.
    pub fn add_interest(&mut self, name: &str, now: DateTime<Utc>) -> Result<Interest> {
        let name = validate::interest_name(name)?;
        let tx = self.conn.transaction()?;
        let id = interests::get_or_insert_interest(&tx, &name, now)?;
        let interest = interests::get_interest(&tx, id)?;
        tx.commit()?;
        Ok(interest)
    }

    /// Renames the interest called `old` (or with that id) to `new`. Renaming onto another
    /// existing interest is refused: merge them instead.
    pub fn rename_interest(&mut self, old: &str, new: &str) -> Result<Interest> {
        let new = validate::interest_name(new)?;
        let tx = self.conn.transaction()?;
        let id = find(&tx, old)?;
        if let Some(other) = interests::get_interest_id(&tx, &new)? {
            if other != id {
                return Err(Error::invalid(
                    "name",
                    format!("\"{new}\" is already an interest: merge \"{old}\" into it instead"),
                ));
            }
        }
        interests::update_interest_name(&tx, id, &new)?;
        // Their search entries hold the name.
        let contacts = interests::list_interest_contact_ids(&tx, id)?;
        search::reindex(&tx, Entry::Contact, &contacts)?;
        let interest = interests::get_interest(&tx, id)?;
        tx.commit()?;
        Ok(interest)
    }

    /// Merges the interest `from` into `into`: every contact and ask that had `from` has
    /// `into`, and the name `from` keeps finding `into`.
    pub fn merge_interests(&mut self, from: &str, into: &str) -> Result<Interest> {
        let tx = self.conn.transaction()?;
        let from_id = find(&tx, from)?;
        let into_id = find(&tx, into)?;
        if from_id == into_id {
            return Err(Error::invalid(
                "from",
                "an interest cannot be merged into itself",
            ));
        }
        let contacts = interests::list_interest_contact_ids(&tx, from_id)?;
        interests::merge_interest(&tx, from_id, into_id)?;
        search::reindex(&tx, Entry::Contact, &contacts)?;
        let interest = interests::get_interest(&tx, into_id)?;
        tx.commit()?;
        Ok(interest)
    }
}

/// An interest by id or by (case-insensitive) name or alias.
fn find(conn: &rusqlite::Connection, text: &str) -> Result<i64> {
    let text = text.trim();
    if let Ok(id) = text.parse::<i64>() {
        return interests::get_interest(conn, id).map(|i| i.id);
    }
    interests::get_interest_id(conn, text)?.ok_or_else(|| Error::NoMatch {
        entity: "interest".into(),
        query: text.to_owned(),
    })
}
