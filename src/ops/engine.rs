//! The engine as the app and the CLI use it: load a snapshot as of a moment, run the pure
//! engine on it, and record the user's answers (feedback, reminders, settings).
//!
//! The People list shows every row's health and can sort by it, a page at a time. Sorting
//! by health needs everyone's score (the whole engine: every contact's recent interactions),
//! so those scores are computed once and kept in the store ([`HealthCache`]) until the data
//! changes (through this connection or any other: `total_changes` and `PRAGMA
//! data_version`) or the hour turns (recency decays with time); each page then costs one
//! filtered id query, a sort and one row query. Other sorts compute only their page's rows
//! (or use the kept scores when current), so an edit never costs a pass over everyone there.

use std::collections::HashMap;

use chrono::{DateTime, Duration, NaiveDate, Utc};

use rusqlite::Connection;

use crate::engine::notify::{self, Moment, Notification};
use crate::engine::snapshot::{AskFacts, ContactFacts, ReminderFacts};
use crate::engine::suggest::{self, Lanes};
use crate::engine::{self, ContactHealth, HelpOpportunity, Now, RemindersView, Snapshot, Today};
use crate::error::{Error, Result};
use crate::model::{
    ContactQuery, ContactSort, ContactSummary, Feedback, FeedbackAction, Lane, NewReminder, Page,
    Reminder, ReminderStatus, Settings,
};
use crate::store::{contacts, feedback, reminders, settings, snapshot};
use crate::Store;

/// The health of every live contact but me (archived ones too), and what it was computed
/// for: (data version, changes through this connection, hour since the epoch, UTC offset).
#[derive(Debug)]
pub(crate) struct HealthCache {
    key: (i64, u64, i64, i32),
    scores: HashMap<i64, u32>,
}

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
        let contacts = read_contacts(&tx, me, only, as_of)?;
        let asks = if only.is_some() {
            Vec::new()
        } else {
            snapshot::list_asks_open_at(&tx, as_of)?
        };
        let connections = needy_connections(&tx, &asks, as_of)?;
        let reminders = open_reminder_facts(&tx, as_of)?
            .into_iter()
            .filter(|r| only.is_none_or(|id| r.contact_id == id))
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
    /// suggestions (default: the daily budget). The same answer as [`Store::today_exact`],
    /// bound-then-read: every contact is bounded from its summary (see
    /// [`suggest::bound`]), and only those whose bound can still make the budget have their
    /// history read and scored exactly, best bound first, until no one left can change the
    /// selection ([`Lanes::settled`]). Its cost follows the contacts that are due, not the
    /// whole history.
    pub fn today(&self, now: &Now, limit: Option<u32>) -> Result<Today> {
        let settings = self.settings()?;
        let budget = limit.unwrap_or(settings.daily_budget);
        let as_of = now.at;
        let tx = self.conn.unchecked_transaction()?;
        let me = contacts::get_self_id(&tx)?;
        let summaries = snapshot::list_contact_summaries(&tx, as_of)?;
        let asks = snapshot::list_asks_open_at(&tx, as_of)?;
        let reminders = open_reminder_facts(&tx, as_of)?;
        // Whose facts the help and reminder rules read: me, the people with an open ask or
        // reminder (all their facts), and those with a date coming up (their dates).
        let today = now.today();
        let horizon = engine::reminders::UPCOMING_DAYS.max(suggest::DATE_DAYS);
        let mut wanted: Vec<i64> = Vec::new();
        wanted.extend(me);
        wanted.extend(asks.iter().map(|a| a.contact_id));
        wanted.extend(reminders.iter().map(|r| r.contact_id));
        wanted.sort_unstable();
        wanted.dedup();
        let mut known = Vec::with_capacity(wanted.len());
        for &id in &wanted {
            known.extend(snapshot::get_contact_facts(&tx, id, as_of)?);
        }
        // Those with a date coming up: their dates, not their interests.
        let dated = snapshot::list_contacts_with_dates_on(
            &tx,
            (0..=horizon).map(|d| today + Duration::days(d)),
        )?;
        let no_interests: std::collections::HashSet<i64> = dated
            .iter()
            .map(|(c, _)| c.id)
            .filter(|id| wanted.binary_search(id).is_err())
            .collect();
        known.extend(
            dated
                .into_iter()
                .filter(|(c, _)| no_interests.contains(&c.id)),
        );
        known.sort_by(|a, b| (&a.1, a.0.id).cmp(&(&b.1, b.0.id)));
        let mut snap = Snapshot {
            me,
            contacts: known.into_iter().map(|(c, _)| c).collect(),
            asks,
            reminders,
            feedback: feedback::list_feedback_in_effect(
                &tx,
                as_of - Duration::days(FEEDBACK_DAYS),
                as_of,
                today,
            )?,
            connections: Vec::new(),
        };
        snap.connections = needy_connections(&tx, &snap.asks, as_of)?;
        let help_opportunities = engine::help_opportunities(&snap, now);
        let help_with = match me {
            Some(me) => snapshot::list_help_with(&tx, me, as_of)?,
            None => Default::default(),
        };

        let by_id: HashMap<i64, usize> = snap
            .contacts
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id, i))
            .collect();
        // Someone whose facts were not read has no date coming up, no open ask or reminder:
        // their only possible boost is an interest they newly share with me.
        let unknown_boost = if me
            .and_then(|id| snap.contact(id))
            .is_some_and(|c| !c.interests.is_empty())
        {
            suggest::BOOST_INTEREST
        } else {
            0.0
        };
        let mut candidates: Vec<(suggest::Bound, &snapshot::ContactSummaryFacts)> = Vec::new();
        for s in &summaries {
            let bound = match by_id.get(&s.id) {
                Some(&i) => {
                    let c = &snap.contacts[i];
                    let mut boost = suggest::boost_total(c, &snap, &help_opportunities, now);
                    if no_interests.contains(&c.id) {
                        boost += unknown_boost;
                    }
                    suggest::bound(c, s.last_at, boost, &snap, now, &settings)
                }
                None => {
                    let mut c = ContactFacts::new(s.id, "");
                    c.circle = s.circle;
                    c.cadence_days = s.cadence_days;
                    c.archived = s.archived;
                    c.is_self = s.is_self;
                    suggest::bound(&c, s.last_at, unknown_boost, &snap, now, &settings)
                }
            };
            candidates.extend(bound.map(|b| (b, s)));
        }
        candidates.sort_by(|a, b| {
            b.0.priority
                .total_cmp(&a.0.priority)
                .then_with(|| a.1.id.cmp(&b.1.id))
        });
        // The best bound among those left that may reconnect, for each position.
        let mut next_reconnect = vec![None; candidates.len() + 1];
        for i in (0..candidates.len()).rev() {
            next_reconnect[i] = if candidates[i].0.may_reconnect {
                Some(candidates[i].0.priority)
            } else {
                next_reconnect[i + 1]
            };
        }
        let budget_n = usize::try_from(budget).unwrap_or(usize::MAX);
        let mut lanes = Lanes::default();
        for (i, (_, s)) in candidates.iter().enumerate() {
            if lanes.settled(budget_n, Some(candidates[i].0.priority), next_reconnect[i]) {
                break;
            }
            // Facts already read in full (not only the dates) are not read again.
            let held = by_id
                .get(&s.id)
                .filter(|_| !no_interests.contains(&s.id))
                .map(|&i| snap.contacts[i].clone());
            let mut c = match held {
                Some(c) => c,
                None => match snapshot::get_contact_facts(&tx, s.id, as_of)? {
                    Some((c, _)) => c,
                    None => continue,
                },
            };
            read_history(&tx, &mut c, as_of, &help_with)?;
            let analysis = engine::health::analyze(&c, now, &settings);
            lanes.push(suggest::suggest_one(
                &c,
                &analysis,
                &snap,
                &help_opportunities,
                now,
            ));
        }
        tx.finish()?;
        Ok(Today {
            as_of,
            today,
            budget,
            suggestions: lanes.select(budget_n),
            help: help_opportunities,
            reminders: engine::reminders::reminders(&snap, now),
        })
    }

    /// Today as [`Store::today`] gives it, by the full pass: every contact's history read and
    /// scored. Kept as the reference the fast path is tested against.
    pub fn today_exact(&self, now: &Now, limit: Option<u32>) -> Result<Today> {
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

    /// What the kept scores must have been computed for to be used at `now`.
    fn health_key(&self, now: &Now) -> Result<(i64, u64, i64, i32)> {
        let (version, changes) = self.data_stamp()?;
        Ok((
            version,
            changes,
            now.at.timestamp().div_euclid(3600),
            now.offset.local_minus_utc(),
        ))
    }

    /// The health of every live contact but me (archived ones too), by id, as of `now`;
    /// computed again only when the data changed or the hour turned (see the module doc).
    fn health_cache(&mut self, now: &Now) -> Result<HealthCache> {
        let key = self.health_key(now)?;
        if let Some(cache) = self.health_cache.take().filter(|c| c.key == key) {
            return Ok(cache);
        }
        let settings = self.settings()?;
        // Health reads only the contacts' own past, not the asks, reminders and feedback
        // of a whole snapshot.
        let tx = self.conn.unchecked_transaction()?;
        let me = contacts::get_self_id(&tx)?;
        let people = read_contacts(&tx, me, None, now.at)?;
        tx.finish()?;
        let scores = people
            .iter()
            .filter(|c| !c.is_self && Some(c.id) != me)
            .map(|c| {
                (
                    c.id,
                    engine::health::analyze(c, now, &settings).health.health,
                )
            })
            .collect();
        Ok(HealthCache { key, scores })
    }

    /// The health of the contacts `ids` (me left out), as of `now`: only their own histories
    /// are read, so a page of the People list costs the same at 100 or 100,000 contacts.
    fn health_of(&self, ids: &[i64], now: &Now) -> Result<HashMap<i64, u32>> {
        let settings = self.settings()?;
        let as_of = now.at;
        let tx = self.conn.unchecked_transaction()?;
        let me = contacts::get_self_id(&tx)?;
        let mut scores = HashMap::with_capacity(ids.len());
        for &id in ids {
            if Some(id) == me {
                continue;
            }
            let Some((mut c, _)) = snapshot::get_contact_facts(&tx, id, as_of)? else {
                continue;
            };
            c.touches = snapshot::list_touches(&tx, id, as_of)?;
            if let Some(me) = me {
                (c.help_given, c.help_received) = snapshot::get_help_between(&tx, me, id, as_of)?;
            }
            scores.insert(
                id,
                engine::health::analyze(&c, now, &settings).health.health,
            );
        }
        tx.finish()?;
        Ok(scores)
    }

    /// One page of the People list with each row's health, as of `now`; the only list that
    /// can sort by health (weakest first, then by name). Sorting by health needs everyone's
    /// score (kept, see the module doc); another sort needs only the page's, which are
    /// computed for its rows unless the kept scores are current.
    pub fn list_contacts_at(
        &mut self,
        query: &ContactQuery,
        now: &Now,
    ) -> Result<Page<ContactSummary>> {
        if query.sort == ContactSort::Health {
            query.check_limit()?;
            let cache = self.health_cache(now)?;
            let result = self.list_by_health(query, &cache.scores);
            self.health_cache = Some(cache);
            return result;
        }
        let mut page = self.list_contacts(query)?;
        let key = self.health_key(now)?;
        let page_scores;
        let scores = match self.health_cache.as_ref().filter(|c| c.key == key) {
            Some(cache) => &cache.scores,
            None => {
                let ids: Vec<i64> = page.items.iter().map(|c| c.id).collect();
                page_scores = self.health_of(&ids, now)?;
                &page_scores
            }
        };
        for c in &mut page.items {
            c.health = scores.get(&c.id).copied();
        }
        Ok(page)
    }

    fn list_by_health(
        &self,
        query: &ContactQuery,
        scores: &HashMap<i64, u32>,
    ) -> Result<Page<ContactSummary>> {
        let tx = self.conn.unchecked_transaction()?;
        let mut ids = contacts::list_contact_ids(&tx, query)?;
        // Stable: equal scores stay in name order.
        ids.sort_by_key(|id| scores.get(id).copied().unwrap_or(0));
        let total = u32::try_from(ids.len()).unwrap_or(u32::MAX);
        let start = usize::try_from(query.offset)
            .unwrap_or(usize::MAX)
            .min(ids.len());
        let end = start
            .saturating_add(usize::try_from(query.limit).unwrap_or(usize::MAX))
            .min(ids.len());
        let mut items = contacts::list_contacts_by_ids(&tx, &ids[start..end])?;
        tx.finish()?;
        for c in &mut items {
            c.health = scores.get(&c.id).copied();
        }
        Ok(Page {
            items,
            total,
            offset: query.offset,
        })
    }

    /// The desktop notification to show now, if any (see `engine::notify`); when there is
    /// one, today is remembered as notified so it fires once a day.
    pub fn notification(&mut self, now: &Now, moment: Moment) -> Result<Option<Notification>> {
        let settings = self.settings()?;
        let notified_on = settings::get_notified_on(&self.conn)?;
        if !notify::may_notify(&settings, now, notified_on, moment) {
            return Ok(None);
        }
        let today = self.today(now, None)?;
        let Some(n) = notify::notification(&today, &settings, now, notified_on, moment) else {
            return Ok(None);
        };
        settings::update_notified_on(&self.conn, n.day)?;
        Ok(Some(n))
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
        super::require_contact(&tx, contact_id, "contactId")?;
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
        super::require_contact(&tx, input.contact_id, "contactId")?;
        let id = reminders::insert_manual(&tx, input.contact_id, input.due_on, &input.text, now)?;
        let r = reminders::get_reminder(&tx, id)?;
        tx.commit()?;
        Ok(r)
    }

    /// Overdue, due and upcoming follow-ups, and important dates coming up, as of `now`.
    pub fn reminders(&self, now: &Now) -> Result<RemindersView> {
        let tx = self.conn.unchecked_transaction()?;
        let contacts = snapshot::list_contact_facts(&tx, None, now.at)?;
        let reminders = open_reminder_facts(&tx, now.at)?;
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

/// Reminders open (or snoozed) at `as_of`, as the engine reads them.
fn open_reminder_facts(conn: &Connection, as_of: DateTime<Utc>) -> Result<Vec<ReminderFacts>> {
    Ok(reminders::list_reminders_open_at(conn, as_of)?
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
        .collect())
}

/// Every live contact (or only `only`, plus me) with what health reads of its past before
/// `as_of` (see [`read_history`]).
fn read_contacts(
    conn: &Connection,
    me: Option<i64>,
    only: Option<i64>,
    as_of: DateTime<Utc>,
) -> Result<Vec<ContactFacts>> {
    let mut contacts = match only {
        None => snapshot::list_contact_facts(conn, None, as_of)?,
        Some(_) => Vec::new(),
    };
    if let Some(id) = only {
        for one in std::iter::once(id).chain(me.filter(|&me| me != id)) {
            contacts.extend(snapshot::get_contact_facts(conn, one, as_of)?.map(|(c, _)| c));
        }
    }
    let help = match me {
        Some(me) => snapshot::list_help_with(conn, me, as_of)?,
        None => Default::default(),
    };
    for c in &mut contacts {
        if !c.is_self {
            read_history(conn, c, as_of, &help)?;
        }
    }
    Ok(contacts)
}

/// Fills in what health reads of a contact's past before `as_of`: its newest interactions,
/// and the help between me and them (from `help`, by contact, as `list_help_with` gives it).
fn read_history(
    conn: &Connection,
    c: &mut ContactFacts,
    as_of: DateTime<Utc>,
    help: &HashMap<i64, (u32, u32)>,
) -> Result<()> {
    c.touches = snapshot::list_touches(conn, c.id, as_of)?;
    if let Some(&(given, received)) = help.get(&c.id) {
        c.help_given = given;
        c.help_received = received;
    }
    Ok(())
}

/// The connections of everyone with an open need (see `Snapshot::connections`).
fn needy_connections(
    conn: &Connection,
    asks: &[AskFacts],
    as_of: DateTime<Utc>,
) -> Result<Vec<(i64, i64)>> {
    let mut needy: Vec<i64> = asks
        .iter()
        .filter(|a| a.kind == crate::model::AskKind::Need)
        .map(|a| a.contact_id)
        .collect();
    needy.sort_unstable();
    needy.dedup();
    let mut out = Vec::new();
    for id in needy {
        out.extend(snapshot::list_connections(conn, id, as_of)?);
    }
    Ok(out)
}
