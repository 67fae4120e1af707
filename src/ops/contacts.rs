use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rusqlite::Transaction;

use crate::error::{Error, FieldError, Result};
use crate::identity;
use crate::model::{
    Contact, ContactInput, ContactQuery, ContactRef, ContactSummary, Identity, Page, TagCount,
};
use crate::store::search::{self, Entry};
use crate::store::{contacts, interests, settings};
use crate::Store;

/// How many candidates an ambiguous name lists.
const MATCHES_SHOWN: u32 = 10;

/// The result of looking a contact up by what the user typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContactMatch {
    One(ContactRef),
    None,
    Many(Vec<ContactRef>),
}

impl Store {
    /// Validates `input` and saves it as a new contact created at `now`.
    pub fn add_contact(&mut self, input: ContactInput, now: DateTime<Utc>) -> Result<Contact> {
        let input = input.validated(now)?;
        let tx = self.conn.transaction()?;
        check_introducer(&tx, None, input.introduced_by)?;
        let id = contacts::insert_contact_unindexed(&tx, &input, false, now)?;
        write_parts(&tx, id, &input, &HashMap::new(), now)?;
        search::index(&tx, Entry::Contact, id)?;
        let contact = contacts::get_contact(&tx, id)?;
        tx.commit()?;
        Ok(contact)
    }

    /// Replaces everything the user can set on contact `id` with `input`.
    pub fn update_contact(
        &mut self,
        id: i64,
        input: ContactInput,
        now: DateTime<Utc>,
    ) -> Result<Contact> {
        let input = input.validated(now)?;
        let tx = self.conn.transaction()?;
        let current = contacts::get_contact(&tx, id)?;
        // An edit sends the whole contact back: an introducer kept unchanged is fine even if
        // they are in the trash now (they may be restored); only a new one must be live.
        if input.introduced_by != current.introduced_by.map(|r| r.id) {
            check_introducer(&tx, Some(id), input.introduced_by)?;
        }
        // An interest kept through an edit keeps the day it was taken up.
        let kept = contacts::list_contact_interest_added(&tx, id)?;
        rewrite(&tx, id, &input, &kept, now)?;
        let contact = contacts::get_contact(&tx, id)?;
        tx.commit()?;
        Ok(contact)
    }

    /// The contact with everything that belongs to it (also when it is in the trash: the
    /// trash can show it).
    pub fn get_contact(&self, id: i64) -> Result<Contact> {
        contacts::get_contact(&self.conn, id)
    }

    /// The identifiers contact `id` (live or in the trash) is matched by (see [`Identity`]);
    /// none for an id that names nobody.
    pub fn list_identities(&self, id: i64) -> Result<Vec<Identity>> {
        contacts::list_identities(&self.conn, id)
    }

    /// One page of the People list.
    pub fn list_contacts(&self, query: &ContactQuery) -> Result<Page<ContactSummary>> {
        query.check_limit()?;
        let tx = self.conn.unchecked_transaction()?;
        let (items, total) = contacts::list_contacts(&tx, query)?;
        tx.finish()?;
        Ok(Page {
            items,
            total,
            offset: query.offset,
        })
    }

    /// Every tag in use, with how many contacts carry it (for the People filters).
    pub fn list_tags(&self) -> Result<Vec<TagCount>> {
        Ok(contacts::list_all_tags(&self.conn)?
            .into_iter()
            .map(|(tag, contacts)| TagCount { tag, contacts })
            .collect())
    }

    pub fn set_archived(&mut self, id: i64, archived: bool, now: DateTime<Utc>) -> Result<Contact> {
        let tx = self.conn.transaction()?;
        contacts::update_contact_archived(&tx, id, archived, now)?;
        let contact = contacts::get_contact(&tx, id)?;
        tx.commit()?;
        Ok(contact)
    }

    /// The user's own contact ("me"), created on first use.
    pub fn me(&mut self, now: DateTime<Utc>) -> Result<Contact> {
        let tx = self.conn.transaction()?;
        let id = match contacts::get_self_id(&tx)? {
            Some(id) => id,
            None => {
                let me = ContactInput {
                    name: "Me".into(),
                    ..Default::default()
                };
                contacts::insert_contact(&tx, &me, true, now)?
            }
        };
        let contact = contacts::get_contact(&tx, id)?;
        tx.commit()?;
        Ok(contact)
    }

    /// Finds a live contact by what a user typed: an id, or a name that is unambiguous
    /// (ignoring case and accents; an exact name wins over names that start with it).
    pub fn find_contact(&self, text: &str) -> Result<ContactMatch> {
        let text = text.trim();
        if text.is_empty() {
            return Ok(ContactMatch::None);
        }
        if let Ok(id) = text.parse::<i64>() {
            return match contacts::get_contact_ref(&self.conn, id) {
                Ok(r) => Ok(ContactMatch::One(r)),
                Err(Error::NotFound { .. }) => Ok(ContactMatch::None),
                Err(e) => Err(e),
            };
        }
        if text.eq_ignore_ascii_case("me") {
            if let Some(id) = contacts::get_self_id(&self.conn)? {
                return Ok(ContactMatch::One(contacts::get_contact_ref(
                    &self.conn, id,
                )?));
            }
        }
        let mut found = contacts::list_contacts_named(&self.conn, text, MATCHES_SHOWN)?;
        Ok(match found.len() {
            0 => ContactMatch::None,
            1 => ContactMatch::One(found.remove(0)),
            _ => ContactMatch::Many(found),
        })
    }

    /// Like [`Store::find_contact`], but "none" and "many" are errors that say what to do.
    pub fn resolve_contact(&self, text: &str) -> Result<ContactRef> {
        match self.find_contact(text)? {
            ContactMatch::One(r) => Ok(r),
            ContactMatch::None => Err(Error::NoMatch {
                entity: "contact".into(),
                query: text.trim().to_owned(),
            }),
            ContactMatch::Many(matches) => Err(Error::Ambiguous {
                query: text.trim().to_owned(),
                matches,
            }),
        }
    }

    /// Live contacts whose name starts with `prefix`, for autocomplete.
    pub fn suggest_contacts(&self, prefix: &str, limit: u32) -> Result<Vec<ContactRef>> {
        if prefix.trim().is_empty() {
            return Ok(Vec::new());
        }
        contacts::list_contacts_named(&self.conn, prefix, limit.min(50))
    }
}

fn check_introducer(tx: &Transaction<'_>, id: Option<i64>, introducer: Option<i64>) -> Result<()> {
    match introducer {
        Some(by) if Some(by) == id => Err(Error::Invalid {
            fields: vec![FieldError::new(
                "introducedBy",
                "a person cannot introduce themselves",
            )],
        }),
        Some(by) => super::require_contact(tx, by, "introducedBy").map(drop),
        None => Ok(()),
    }
}

/// Overwrites contact `id` with a validated `input`: its row, everything [`write_parts`]
/// writes (`kept`: the day each interest it keeps was taken up), and its search index entry,
/// written last as it holds the interests' names.
pub(crate) fn rewrite(
    tx: &rusqlite::Connection,
    id: i64,
    input: &ContactInput,
    kept: &HashMap<i64, Option<i64>>,
    now: DateTime<Utc>,
) -> Result<()> {
    contacts::update_contact_unindexed(tx, id, input, now)?;
    contacts::delete_parts(tx, id)?;
    write_parts(tx, id, input, kept, now)?;
    search::reindex(tx, Entry::Contact, &[id])?;
    Ok(())
}

/// Writes a contact's channels (each an identity when it can be one), tags, dates,
/// interests, titles, addresses and past jobs (after the old ones were deleted).
pub(crate) fn write_parts(
    tx: &rusqlite::Connection,
    id: i64,
    input: &ContactInput,
    kept: &HashMap<i64, Option<i64>>,
    now: DateTime<Utc>,
) -> Result<()> {
    let region = settings::get_default_region(tx)?;
    for (position, channel) in input.channels.iter().enumerate() {
        let identity = identity::channel::value(channel, region.as_deref());
        contacts::insert_channel(tx, id, position, channel, identity.as_deref())?;
    }
    for (position, title) in input.titles.iter().enumerate() {
        contacts::insert_title(tx, id, position, title)?;
    }
    for (position, address) in input.addresses.iter().enumerate() {
        contacts::insert_address(tx, id, position, address)?;
    }
    for (position, job) in input.past_jobs.iter().enumerate() {
        contacts::insert_past_job(tx, id, position, job)?;
    }
    for tag in &input.tags {
        contacts::insert_tag(tx, id, tag)?;
    }
    for date in &input.dates {
        contacts::insert_date(tx, id, date)?;
    }
    for name in &input.interests {
        let interest = interests::get_or_insert_interest(tx, name, now)?;
        let added_at = kept
            .get(&interest)
            .copied()
            .unwrap_or(Some(now.timestamp_millis()));
        contacts::insert_contact_interest(tx, id, interest, added_at)?;
    }
    Ok(())
}
