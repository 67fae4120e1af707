//! The engine as the app and the CLI use it: load a snapshot as of a moment, run the pure
//! engine on it, and record the user's answers (feedback, reminders, settings).

use chrono::{DateTime, Duration, NaiveDate, Utc};

use crate::engine::snapshot::ReminderFacts;
use crate::engine::{self, ContactHealth, HelpOpportunity, Now, RemindersView, Snapshot, Today};
use crate::error::{Error, FieldError, Result};
use crate::model::{
    Feedback, FeedbackAction, Lane, NewReminder, Reminder, ReminderStatus, Settings,
};
use crate::store::{contacts, feedback, reminders, settings, snapshot};
use crate::Store;

/// How far back feedback can still matter (longer than any dismissal or quiet period).
const FEEDBACK_DAYS: i64 = 90;

impl Store {
    /// What the engine needs, as it was before `now.at`: every live contact (or only
    /// `only`, plus me) with its newest interactions, the asks, reminders and feedback of
    /// that time. Read in one transaction, so it is consistent.
    pub fn engine_snapshot(&self, now: &Now, only: Option<i64>) -> Result<Snapshot> {
        let as_of = now.at;
        let tx = self.conn.unchecked_transaction()?;
        let me = contacts::get_self_id(&tx)?;
        let mut contacts = snapshot::list_contact_facts(&tx, only, as_of)?;
        if let (Some(id), Some(me)) = (only, me) {
            if id != me {
                contacts.extend(snapshot::list_contact_facts(&tx, Some(me), as_of)?);
            }
        }
        let help = match me {
            Some(me) => snapshot::list_help_with(&tx, me, as_of)?,
            None => Default::default(),
        };
        for c in &mut contacts {
            if c.is_self {
                continue;
            }
            c.touches = snapshot::list_touches(&tx, c.id, as_of)?;
            if let Some(&(given, received)) = help.get(&c.id) {
                c.help_given = given;
                c.help_received = received;
            }
        }
        let asks = if only.is_some() {
            Vec::new()
        } else {
            snapshot::list_asks_open_at(&tx, as_of)?
        };
        let mut connections = Vec::new();
        let mut needy: Vec<i64> = asks
            .iter()
            .filter(|a| a.kind == crate::model::AskKind::Need)
            .map(|a| a.contact_id)
            .collect();
        needy.sort_unstable();
        needy.dedup();
        for id in needy {
            connections.extend(snapshot::list_connections(&tx, id, as_of)?);
        }
        let reminders = reminders::list_reminders_open_at(&tx, as_of)?
            .into_iter()
            .filter(|r| only.is_none_or(|id| r.contact.id == id))
            .map(|r| ReminderFacts {
                id: r.id,
                contact_id: r.contact.id,
                due_on: r.due_on,
                text: r.text,
                source: r.source,
                status: r.status,
                snoozed_until: r.snoozed_until,
            })
            .collect();
        let feedback = feedback::list_feedback_in_effect(
            &tx,
            as_of - Duration::days(FEEDBACK_DAYS),
            as_of,
            now.today(),
        )?;
        tx.finish()?;
        Ok(Snapshot {
            me,
            contacts,
            asks,
            reminders,
            feedback,
            connections,
        })
    }

    /// Today's suggestions, help opportunities and follow-ups as of `now`; at most `limit`
    /// suggestions (default: the daily budget).
    pub fn today(&self, now: &Now, limit: Option<u32>) -> Result<Today> {
        let settings = self.settings()?;
        let snap = self.engine_snapshot(now, None)?;
        Ok(engine::today(&snap, now, &settings, limit))
    }

    /// The health of every live, unarchived contact but me, by name.
    pub fn health_all(&self, now: &Now) -> Result<Vec<ContactHealth>> {
        let settings = self.settings()?;
        let snap = self.engine_snapshot(now, None)?;
        Ok(engine::health_all(&snap, now, &settings))
    }

    /// The health of one contact (archived ones too).
    pub fn contact_health(&self, id: i64, now: &Now) -> Result<ContactHealth> {
        let settings = self.settings()?;
        let snap = self.engine_snapshot(now, Some(id))?;
        let c = snap.contact(id).ok_or_else(|| Error::NotFound {
            entity: "contact".into(),
            id,
        })?;
        Ok(engine::health::analyze(c, now, &settings).health)
    }

    pub fn help_opportunities(&self, now: &Now) -> Result<Vec<HelpOpportunity>> {
        let snap = self.engine_snapshot(now, None)?;
        Ok(engine::help_opportunities(&snap, now))
    }

    /// Records the user's answer to a suggestion about `contact_id`. A snooze needs `until`,
    /// a day after today.
    pub fn suggestion_feedback(
        &mut self,
        contact_id: i64,
        lane: Lane,
        action: FeedbackAction,
        until: Option<NaiveDate>,
        now: &Now,
    ) -> Result<Feedback> {
        let until = match (action, until) {
            (FeedbackAction::Snoozed, Some(u)) if u > now.today() => Some(u),
            (FeedbackAction::Snoozed, Some(u)) => {
                return Err(Error::invalid(
                    "until",
                    format!(
                        "{u} is not after today ({}): snooze until a later day",
                        now.today()
                    ),
                ))
            }
            (FeedbackAction::Snoozed, None) => {
                return Err(Error::invalid("until", "say until when to snooze"))
            }
            (_, _) => None,
        };
        let tx = self.conn.transaction()?;
        contacts::get_contact_ref(&tx, contact_id).map_err(|_| Error::Invalid {
            fields: vec![FieldError::new(
                "contactId",
                format!("there is no contact with id {contact_id}"),
            )],
        })?;
        let id = feedback::insert_feedback(&tx, contact_id, lane, action, until, now.at)?;
        let fb = feedback::get_feedback(&tx, id)?;
        tx.commit()?;
        Ok(fb)
    }

    pub fn settings(&self) -> Result<Settings> {
        settings::get_settings(&self.conn)
    }

    pub fn set_settings(&mut self, input: Settings) -> Result<Settings> {
        let input = input.validated()?;
        let tx = self.conn.transaction()?;
        settings::update_settings(&tx, &input)?;
        let saved = settings::get_settings(&tx)?;
        tx.commit()?;
        Ok(saved)
    }

    /// Adds a manual follow-up.
    pub fn add_reminder(&mut self, input: NewReminder, now: DateTime<Utc>) -> Result<Reminder> {
        let input = input.validated(now)?;
        let tx = self.conn.transaction()?;
        contacts::get_contact_ref(&tx, input.contact_id).map_err(|_| Error::Invalid {
            fields: vec![FieldError::new(
                "contactId",
                format!("there is no contact with id {}", input.contact_id),
            )],
        })?;
        let id = reminders::insert_manual(&tx, input.contact_id, input.due_on, &input.text, now)?;
        let r = reminders::get_reminder(&tx, id)?;
        tx.commit()?;
        Ok(r)
    }

    /// Overdue, due and upcoming follow-ups, and important dates coming up, as of `now`.
    pub fn reminders(&self, now: &Now) -> Result<RemindersView> {
        let tx = self.conn.unchecked_transaction()?;
        let contacts = snapshot::list_contact_facts(&tx, None, now.at)?;
        let reminders = reminders::list_reminders_open_at(&tx, now.at)?
            .into_iter()
            .map(|r| ReminderFacts {
                id: r.id,
                contact_id: r.contact.id,
                due_on: r.due_on,
                text: r.text,
                source: r.source,
                status: r.status,
                snoozed_until: r.snoozed_until,
            })
            .collect();
        tx.finish()?;
        let snap = Snapshot {
            contacts,
            reminders,
            ..Default::default()
        };
        Ok(engine::reminders::reminders(&snap, now))
    }

    pub fn get_reminder(&self, id: i64) -> Result<Reminder> {
        reminders::get_reminder(&self.conn, id)
    }

    /// Marks a reminder done.
    pub fn reminder_done(&mut self, id: i64, now: DateTime<Utc>) -> Result<Reminder> {
        self.set_reminder_status(id, ReminderStatus::Done, None, now)
    }

    pub fn reminder_dismiss(&mut self, id: i64, now: DateTime<Utc>) -> Result<Reminder> {
        self.set_reminder_status(id, ReminderStatus::Dismissed, None, now)
    }

    /// Hides a reminder until `until` (a day after today), when it is due again.
    pub fn reminder_snooze(&mut self, id: i64, until: NaiveDate, now: &Now) -> Result<Reminder> {
        if until <= now.today() {
            return Err(Error::invalid(
                "until",
                format!(
                    "{until} is not after today ({}): snooze until a later day",
                    now.today()
                ),
            ));
        }
        self.set_reminder_status(id, ReminderStatus::Snoozed, Some(until), now.at)
    }

    fn set_reminder_status(
        &mut self,
        id: i64,
        status: ReminderStatus,
        until: Option<NaiveDate>,
        now: DateTime<Utc>,
    ) -> Result<Reminder> {
        let tx = self.conn.transaction()?;
        reminders::get_reminder(&tx, id)?;
        reminders::update_reminder_status(&tx, id, status, until, now)?;
        let r = reminders::get_reminder(&tx, id)?;
        tx.commit()?;
        Ok(r)
    }
}
