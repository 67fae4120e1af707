//! The people around a person: relationships the user states ("Ana is Bo's manager"), read
//! from either side, and the people they were seen with (shared interactions).

use chrono::{DateTime, Utc};

use crate::error::{Error, Result};
use crate::model::{Acquaintance, PeopleAround, Relationship, RelationshipInput};
use crate::store::relationships::{self, Place};
use crate::store::{contacts, knows};
use crate::Store;

/// Contact `id`'s relationships by group (family, work, introductions, others), name and
/// role, and everyone they were seen with, most shared first: what [`Store::ties`] and
/// [`Store::people_around`] both show.
fn read_ties(
    conn: &rusqlite::Connection,
    id: i64,
) -> Result<(Vec<Relationship>, Vec<Acquaintance>)> {
    let mut rels = relationships::list_relationships(conn, id)?;
    rels.sort_by(|a, b| {
        (a.role.group(), a.other.name.to_lowercase(), a.role).cmp(&(
            b.role.group(),
            b.other.name.to_lowercase(),
            b.role,
        ))
    });
    Ok((rels, knows::list_acquaintances(conn, id)?))
}

impl Store {
    /// What contact `id` (live or in the trash) is to others, as recorded, and everyone they
    /// took part in a live interaction with (the trashed and me left out; most shared first,
    /// then the most recent): all of them, unlike [`Store::people_around`].
    pub fn ties(&self, id: i64) -> Result<(Vec<Relationship>, Vec<Acquaintance>)> {
        let tx = self.conn.unchecked_transaction()?;
        contacts::get_contact(&tx, id)?;
        let out = read_ties(&tx, id)?;
        tx.finish()?;
        Ok(out)
    }

    /// Who is around contact `id`: their relationships by group (family, work, introductions,
    /// others) and name, then the people they shared the most interactions with who are not
    /// among them.
    pub fn people_around(&self, id: i64) -> Result<PeopleAround> {
        let tx = self.conn.unchecked_transaction()?;
        contacts::get_contact_ref(&tx, id)?;
        let (rels, seen) = read_ties(&tx, id)?;
        tx.finish()?;
        let unrelated: Vec<_> = seen
            .into_iter()
            .filter(|k| !rels.iter().any(|r| r.other.id == k.other.id))
            .collect();
        let more = unrelated.len().saturating_sub(PeopleAround::KNOWN_MAX);
        Ok(PeopleAround {
            relationships: rels,
            known: unrelated
                .into_iter()
                .take(PeopleAround::KNOWN_MAX)
                .collect(),
            known_more: u32::try_from(more).unwrap_or(u32::MAX),
        })
    }

    /// Records that `input.other` is `input.contact`'s `input.role` (or changes its note and
    /// date). Returns the people around `input.contact`.
    pub fn add_relationship(
        &mut self,
        input: RelationshipInput,
        now: DateTime<Utc>,
    ) -> Result<PeopleAround> {
        let input = input.validated(now)?;
        let tx = self.conn.transaction()?;
        super::require_contact(&tx, input.contact, "contact")?;
        super::require_contact(&tx, input.other, "other")?;
        match relationships::place(input.other, input.role, input.contact) {
            Place::Row(a, kind, b) => {
                relationships::insert_relationship(
                    &tx,
                    (a, kind, b),
                    input.note.as_deref(),
                    input.since,
                    now,
                )?;
            }
            Place::IntroducedBy { contact, by } => {
                contacts::update_contact_introduced_by(&tx, contact, Some(by), now)?;
            }
        }
        tx.commit()?;
        self.people_around(input.contact)
    }

    /// Removes what [`Store::add_relationship`] records; refused (`role`) when it is not there.
    /// Returns the people around `input.contact`.
    pub fn remove_relationship(
        &mut self,
        input: RelationshipInput,
        now: DateTime<Utc>,
    ) -> Result<PeopleAround> {
        let tx = self.conn.transaction()?;
        let removed = match relationships::place(input.other, input.role, input.contact) {
            Place::Row(a, kind, b) => relationships::delete_relationship(&tx, (a, kind, b))?,
            Place::IntroducedBy { contact, by } => {
                let was = contacts::get_contact(&tx, contact)?
                    .introduced_by
                    .map(|c| c.id);
                if was == Some(by) {
                    contacts::update_contact_introduced_by(&tx, contact, None, now)?;
                }
                was == Some(by)
            }
        };
        if !removed {
            let (other, contact) = (
                contacts::get_contact_ref(&tx, input.other)?.name,
                contacts::get_contact_ref(&tx, input.contact)?.name,
            );
            return Err(Error::invalid(
                "role",
                format!(
                    "Kith does not have “{}” to remove",
                    input.role.sentence(&other, &contact)
                ),
            ));
        }
        tx.commit()?;
        self.people_around(input.contact)
    }
}
