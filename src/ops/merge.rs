//! Merging two contacts into one, and taking a merge back.
//!
//! A merge gives the kept contact what the other knows and everything that pointed at the
//! other, in one transaction, and records both contacts as they were and what moved
//! (`store::merges`). Unmerging puts the other contact back as it was (with its own id when
//! it is free) and moves back what it brought: its fields, channels, tags, interests and
//! dates where the kept contact still holds exactly what the merge gave it, and the
//! interactions, needs and offers, help, reminders and introductions it had. What was logged
//! after the merge stays with the kept contact. It works after a restart and after other
//! edits: an edit of a field the merge filled keeps the edit.

use chrono::{DateTime, Utc};

use crate::error::{Error, Result};
use crate::model::{BackupKind, Contact, ContactInput, MergeField};
use crate::store::search::{self, Entry};
use crate::store::{contact_merges, contacts, merges, photos, relationships};
use crate::Store;

impl Store {
    /// Merges contact `other` into `keep`: `keep` gains everything of `other` it lacks
    /// (channels, tags, dates, interests, empty fields, notes, photo) and takes over all of
    /// `other`'s interactions, needs and offers, help, reminders and introductions; then
    /// `other` is deleted for good. Help recorded between the two themselves cannot survive
    /// (a person cannot help themselves) and is dropped. The fields of `take` take `other`'s
    /// value where both have one (the person's choice in the merge preview); an unmerge gives
    /// `keep` its own values back. All or nothing.
    pub fn merge_contacts(
        &mut self,
        keep: i64,
        other: i64,
        take: &[MergeField],
        now: DateTime<Utc>,
    ) -> Result<Contact> {
        self.merge_contacts_as(keep, other, take, now, true)
    }

    /// What [`Store::merge_contacts`] would make of `keep`, without writing anything.
    pub fn preview_merge(
        &mut self,
        keep: i64,
        other: i64,
        take: &[MergeField],
        now: DateTime<Utc>,
    ) -> Result<Contact> {
        self.merge_contacts_as(keep, other, take, now, false)
    }

    fn merge_contacts_as(
        &mut self,
        keep: i64,
        other: i64,
        take: &[MergeField],
        now: DateTime<Utc>,
        commit: bool,
    ) -> Result<Contact> {
        if commit {
            // A copy of what is committed now, before anything is written.
            self.backup_before(BackupKind::BeforeMerge, now)?;
        }
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
        let mut moved = merges::list_references(&tx, other, keep)?;
        let mut input = ContactInput::from_contact(&k);
        let mut from = ContactInput::from_contact(&o);
        if from.introduced_by == Some(keep) {
            from.introduced_by = None;
        }
        input.merge_from(&from);
        input.take_fields(&from, take);
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
        super::rewrite_contact(&tx, keep, &input, &kept, now)?;
        let other_photo = photos::get_photo(&tx, other)?;
        if let Some(p) = &other_photo {
            moved.photo = Some(merges::photo_parts(p));
            if photos::get_photo(&tx, keep)?.is_none() {
                photos::upsert_photo(&tx, keep, p)?;
                moved.photo_taken = true;
            }
        }
        merges::insert_merge_record(&tx, &k, &o, &moved, now)?;
        contacts::reassign(&tx, other, keep)?;
        let merged = contacts::get_contact(&tx, keep)?;
        if commit {
            let kept_gid = contacts::get_contact_gid(&tx, keep)?;
            let marked = match (&moved.other_gid, kept_gid) {
                (Some(o), Some(k)) => {
                    contact_merges::insert_contact_merge(&tx, o, &k, now)?;
                    Some(o.as_str())
                }
                _ => None,
            };
            super::sync::settle_merges(&tx, self.sync.as_ref(), marked)?;
            tx.commit()?;
        }
        Ok(merged)
    }
}

/// The merge an unmerge of a contact would take back: whom it merged in, and when.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct LastMerge {
    /// The merged-away contact as it was (its id is the one it gets back when still free).
    pub other: crate::model::ContactRef,
    pub at: DateTime<Utc>,
}

impl Store {
    /// The newest merge into `contact` not undone yet, if any: what
    /// [`Store::unmerge_contact`] would take back.
    pub fn last_merge(&self, contact: i64) -> Result<Option<LastMerge>> {
        contacts::get_contact_ref(&self.conn, contact)?;
        Ok(
            merges::get_last_merge_into(&self.conn, contact)?.map(|r| LastMerge {
                other: crate::model::ContactRef {
                    id: r.other_id,
                    name: r.other.name,
                },
                at: r.at,
            }),
        )
    }
}

/// What an unmerge gave back: the kept contact as it is now, and the other one restored.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct Unmerged {
    pub kept: Contact,
    pub restored: Contact,
}

impl Store {
    /// Takes back the newest merge into `contact` (see the module doc). All or nothing.
    pub fn unmerge_contact(&mut self, contact: i64, now: DateTime<Utc>) -> Result<Unmerged> {
        let tx = self.conn.transaction()?;
        let current = contacts::get_contact(&tx, contact)?;
        let Some(record) = merges::get_last_merge_into(&tx, contact)? else {
            return Err(Error::invalid(
                "contact",
                format!("{} has no merge to undo", current.name),
            ));
        };
        let restored_id = restore_other(&tx, &record, now)?;
        let before = ContactInput::from_contact(&record.kept);
        let other = ContactInput::from_contact(&record.other);
        let mut input = ContactInput::from_contact(&current);
        input.take_back(&before, &other);
        if input.introduced_by == Some(record.other_id) {
            input.introduced_by = before.introduced_by;
        }
        let input = input.validated(now)?;
        let kept_interests = contacts::list_contact_interest_added(&tx, contact)?;
        super::rewrite_contact(&tx, contact, &input, &kept_interests, now)?;
        merges::restore_references(&tx, &record.moved, restored_id, contact)?;
        relationships::update_relationship_rows(
            &tx,
            &record.moved.relationships,
            record.other_id,
            restored_id,
        )?;
        if let Some((mime, data)) = &record.moved.photo {
            let photo = crate::model::Photo {
                mime: mime.clone(),
                data: data.clone(),
            };
            photos::upsert_photo(&tx, restored_id, &photo)?;
            let keep_photo = photos::get_photo(&tx, contact)?;
            if record.moved.photo_taken && keep_photo.as_ref() == Some(&photo) {
                photos::delete_photo(&tx, contact)?;
            }
        }
        merges::update_merge_undone(&tx, record.id, now)?;
        if let (Some(o), Some(k)) = (
            &record.moved.other_gid,
            contacts::get_contact_gid(&tx, contact)?,
        ) {
            contact_merges::update_contact_merge_undone(&tx, o, &k, now)?;
        }
        let kept_gid = contacts::get_contact_gid(&tx, contact)?;
        super::sync::settle_merges(&tx, self.sync.as_ref(), None)?;
        // With sync, undoing this merge can let another computer's merge of this person hold
        // again (one made at the same time, passed over while this one held): the person is
        // then where that merge sent them.
        let kept = match contacts::get_contact(&tx, contact) {
            Err(Error::NotFound { .. }) => {
                let target = match &kept_gid {
                    Some(gid) => crate::sync::redirect::target(&tx, gid)?,
                    None => None,
                };
                let moved = match target {
                    Some(gid) => crate::sync::apply::local_id(&tx, "contact", &gid)?,
                    None => None,
                };
                match moved {
                    Some(id) => contacts::get_contact(&tx, id)?,
                    None => contacts::get_contact(&tx, contact)?,
                }
            }
            other => other?,
        };
        let out = Unmerged {
            kept,
            restored: contacts::get_contact(&tx, restored_id)?,
        };
        tx.commit()?;
        Ok(out)
    }
}

/// Writes the merged-away contact of `record` back, under its own id when no other contact
/// took it since; returns its id.
fn restore_other(
    tx: &rusqlite::Connection,
    record: &merges::MergeRecord,
    now: DateTime<Utc>,
) -> Result<i64> {
    let o = &record.other;
    let mut input = ContactInput::from_contact(o);
    if input.introduced_by == Some(record.kept_id) || input.introduced_by == Some(o.id) {
        input.introduced_by = input.introduced_by.filter(|&i| i == record.kept_id);
    }
    if let Some(by) = input.introduced_by {
        if contacts::get_contact_ref(tx, by).is_err() {
            input.introduced_by = None;
        }
    }
    let input = input.validated(now)?;
    let id = contacts::insert_contact_as(
        tx,
        (Some(o.id), record.moved.other_gid.as_deref()),
        &input,
        o,
    )?;
    super::write_contact_parts(tx, id, &input, &Default::default(), now)?;
    search::index(tx, Entry::Contact, id)?;
    Ok(id)
}
