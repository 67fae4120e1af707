use chrono::{DateTime, Utc};
use rusqlite::Transaction;

use crate::error::{Error, FieldError, Result};
use crate::model::{AskStatus, Interaction, NewInteraction, Page};
use crate::store::{asks, contacts, interactions, reminders};
use crate::Store;

/// The largest timeline page.
const MAX_TIMELINE_PAGE: u32 = 200;

impl Store {
    /// Logs an interaction: its participants, the help given or received (resolving the asks
    /// it names), and the follow-up promised, which becomes a reminder. All or nothing.
    pub fn log_interaction(
        &mut self,
        input: NewInteraction,
        now: DateTime<Utc>,
    ) -> Result<Interaction> {
        let input = input.validated(now)?;
        let tx = self.conn.transaction()?;
        let id = write_interaction(&tx, &input, now)?;
        let interaction = interactions::get_interaction(&tx, id)?;
        tx.commit()?;
        Ok(interaction)
    }

    pub fn get_interaction(&self, id: i64) -> Result<Interaction> {
        interactions::get_interaction(&self.conn, id)
    }

    /// A page of a contact's interactions, newest first.
    pub fn timeline(&self, contact_id: i64, limit: u32, offset: u32) -> Result<Page<Interaction>> {
        if limit == 0 || limit > MAX_TIMELINE_PAGE {
            return Err(Error::invalid(
                "limit",
                format!("must be between 1 and {MAX_TIMELINE_PAGE}"),
            ));
        }
        let tx = self.conn.unchecked_transaction()?;
        contacts::get_contact(&tx, contact_id)?;
        let (items, total) = interactions::list_timeline(&tx, contact_id, limit, offset)?;
        tx.finish()?;
        Ok(Page {
            items,
            total,
            offset,
        })
    }
}

/// Writes a validated interaction in `tx`: checks its people exist, that each help was given
/// or received by someone who was there and that its promise is between me and someone who
/// was, then writes its row, its participants, its help (resolving the asks it names) and its
/// promise. Returns its id.
pub(crate) fn write_interaction(
    tx: &Transaction<'_>,
    input: &NewInteraction,
    now: DateTime<Utc>,
) -> Result<i64> {
    let mut missing = Vec::new();
    for &id in input
        .participants
        .iter()
        .chain(input.help.iter().flat_map(|h| [&h.giver, &h.receiver]))
    {
        match contacts::get_contact_ref(tx, id) {
            Err(Error::NotFound { .. }) if !missing.contains(&id) => missing.push(id),
            Err(Error::NotFound { .. }) | Ok(_) => {}
            Err(other) => return Err(other),
        }
    }
    if !missing.is_empty() {
        let ids = missing
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(", ");
        return Err(Error::Invalid {
            fields: vec![FieldError::new(
                "participants",
                format!("no contact with id {ids} (deleted, or never there)"),
            )],
        });
    }
    let me = contacts::get_self_id(tx)?;
    let there = |id: i64| input.participants.contains(&id);
    let mut absent = Vec::new();
    for (i, help) in input.help.iter().enumerate() {
        // Help someone there gave or got ("Ana found Bo a bike", logged with Bo) is theirs to
        // tell; help between two people neither of whom was there is a mistaken name.
        if there(help.giver) || there(help.receiver) {
            continue;
        }
        let who = [help.receiver, help.giver]
            .into_iter()
            .find(|&p| Some(p) != me)
            .unwrap_or(help.receiver);
        absent.push(FieldError::new(
            &format!("help[{i}]"),
            format!(
                "{} was not part of this interaction: help is logged with someone who was there",
                contacts::get_contact_ref(tx, who)?.name
            ),
        ));
    }
    // The promise is between me and another participant: the one named, else the first.
    let promised = match &input.follow_up {
        None => None,
        Some(f) => match f.contact {
            Some(p) if Some(p) != me && input.participants.contains(&p) => Some(p),
            Some(p) => {
                let name = contacts::get_contact_ref(tx, p)
                    .map_or_else(|_| format!("contact {p}"), |c| c.name);
                absent.push(FieldError::new(
                    "followUp",
                    if Some(p) == me {
                        "a promise is between you and someone else who was there".to_string()
                    } else {
                        format!("{name} was not part of this interaction")
                    },
                ));
                None
            }
            None => Some(
                input
                    .participants
                    .iter()
                    .copied()
                    .find(|&p| Some(p) != me)
                    .unwrap_or(input.participants[0]),
            ),
        },
    };
    if !absent.is_empty() {
        return Err(Error::Invalid { fields: absent });
    }
    let id = interactions::insert_interaction(tx, input, now)?;
    for &contact in &input.participants {
        interactions::insert_participant(tx, id, contact, input.occurred_at)?;
    }
    for (i, help) in input.help.iter().enumerate() {
        if let Some(ask_id) = help.ask_id {
            asks::get_ask(tx, ask_id).map_err(|_| Error::Invalid {
                fields: vec![FieldError::new(
                    &format!("help[{i}]"),
                    format!("there is no need or offer with id {ask_id}"),
                )],
            })?;
            asks::update_ask_status(tx, ask_id, AskStatus::Helped, Some(help.giver), now)?;
        }
        interactions::insert_help(tx, id, help)?;
    }
    if let (Some(follow_up), Some(with)) = (&input.follow_up, promised) {
        reminders::insert_promise(tx, with, id, follow_up, now)?;
    }
    Ok(id)
}
