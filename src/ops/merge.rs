//! Merging two contacts into one: the kept one gains what the other knows and everything
//! that pointed at the other, in one transaction.

use chrono::{DateTime, Utc};

use crate::error::{Error, Result};
use crate::model::{Contact, ContactInput};
use crate::store::{contacts, photos};
use crate::Store;

impl Store {
    /// Merges contact `other` into `keep`: `keep` gains everything of `other` it lacks
    /// (channels, tags, dates, interests, empty fields, notes, photo) and takes over all of
    /// `other`'s interactions, needs and offers, help, reminders and introductions; then
    /// `other` is deleted for good. Help recorded between the two themselves cannot survive
    /// (a person cannot help themselves) and is dropped. All or nothing.
    pub fn merge_contacts(&mut self, keep: i64, other: i64, now: DateTime<Utc>) -> Result<Contact> {
        if keep == other {
            return Err(Error::invalid(
                "other",
                "a contact cannot be merged into itself",
            ));
        }
        let tx = self.conn.transaction()?;
        let k = contacts::get_contact(&tx, keep)?;
        let o = contacts::get_contact(&tx, other)?;
        if o.is_self {
            return Err(Error::invalid(
                "other",
                "you (me) cannot be merged into someone else: merge them into me instead",
            ));
        }
        let mut input = ContactInput::from_contact(&k);
        let mut from = ContactInput::from_contact(&o);
        if from.introduced_by == Some(keep) {
            from.introduced_by = None;
        }
        input.merge_from(&from);
        if input.introduced_by.is_none() {
            input.introduced_by = from.introduced_by;
        }
        if input.introduced_by == Some(other) {
            input.introduced_by = None;
        }
        let input = input.validated(now)?;
        // Interests of either keep the earlier day they were taken up.
        let mut kept = contacts::list_contact_interest_added(&tx, other)?;
        for (interest, at) in contacts::list_contact_interest_added(&tx, keep)? {
            let earlier = match (kept.get(&interest).copied().flatten(), at) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (None, _) | (_, None) => None,
            };
            kept.insert(interest, earlier);
        }
        contacts::update_contact(&tx, keep, &input, now)?;
        contacts::delete_parts(&tx, keep)?;
        super::write_contact_parts(&tx, keep, &input, &kept, now)?;
        if photos::get_photo(&tx, keep)?.is_none() {
            if let Some(p) = photos::get_photo(&tx, other)? {
                photos::upsert_photo(&tx, keep, &p)?;
            }
        }
        contacts::reassign(&tx, other, keep)?;
        let merged = contacts::get_contact(&tx, keep)?;
        tx.commit()?;
        Ok(merged)
    }
}
