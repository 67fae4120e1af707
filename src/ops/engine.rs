//! The engine as the app and the CLI use it: load a snapshot as of a moment, run the pure
//! engine on it, and record the user's answers (feedback, reminders, settings) and the day
//! the desktop notification fired (or was paused).
//!
//! The People list shows every row's health and can sort by it, a page at a time. Sorting
//! by health needs everyone's score (the whole engine: every contact's recent interactions),
//! so those scores are computed once and kept in the store (`store::cache`). A write through
//! this connection changes the health of the contacts it touches only: `store::health_dirty`
//! marks them, and the next call computes those again and keeps everyone else's. Everyone is
//! computed again only when another connection wrote (`PRAGMA data_version`), the hour turned
//! (recency decays with time; within the hour a score is as of when it was computed), the
//! UTC offset, "me" or the circle gaps changed, or one batch marked many contacts. Each page then costs one filtered id query, a sort and one row query. Other
//! sorts use the kept scores when they can be brought up to date so, and otherwise compute
//! only their page's rows: an edit never costs a pass over everyone there.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use chrono::{DateTime, Duration, NaiveDate, Utc};

use rusqlite::Connection;

use crate::engine::notify::{self, Moment, Notification};
use crate::engine::snapshot::{AskFacts, ContactFacts, Meaning, ReminderFacts};
use crate::engine::{self, ContactHealth, HelpOpportunity, Now, RemindersView, Snapshot, Today};
use crate::error::{Error, Result};
use crate::model::{
    CircleGaps, ContactQuery, ContactSort, ContactSummary, Feedback, FeedbackAction, Lane,
    NewReminder, Page, Reminder, ReminderStatus, Settings,
};
use crate::store::cache::{CacheKey, DataStamp};
use crate::store::{contacts, feedback, health_dirty, interests, reminders, settings, snapshot};
use crate::Store;

/// The health of every live contact but me (archived ones too), by id, and what it was
/// computed with besides the data and the hour of its key: who "me" was and the circle gaps
/// (the only setting health reads). Kept in the store's `caches.health`.
#[derive(Debug, Clone)]
struct KeptHealth {
    me: Option<i64>,
    gaps: CircleGaps,
    scores: HashMap<i64, u32>,
}

/// The kept health is brought up to date contact by contact while at most this many were
/// marked, or one in [`UPDATE_SHARE`] of its contacts; past that (an import, a capture), a
/// pass over everyone costs less.
const UPDATE_AT_MOST: usize = 256;
const UPDATE_SHARE: usize = 4;

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
        let (connections, connection_names) = ask_connections(&tx, &asks, as_of)?;
        let interest_aliases = interests::list_interest_aliases(&tx)?;
        let meaning = meaning_for(&asks);
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
            connection_names,
            interest_aliases,
            meaning,
        })
    }

    /// Today's suggestions, help opportunities and follow-ups as of `now`; at most `limit`
    /// suggestions (default: the daily budget). The same answer as [`Store::today_exact`],
    /// bound-then-read ([`engine::bounded`]): this reads what the engine asks for — every
    /// contact's summary, the facts of a few, and then the histories it asks for one by one,
    /// in one transaction. Its cost follows the contacts that are due, not the whole history.
    pub fn today(&self, now: &Now, limit: Option<u32>) -> Result<Today> {
        let settings = self.settings()?;
        let as_of = now.at;
        let tx = self.conn.unchecked_transaction()?;
        let me = contacts::get_self_id(&tx)?;
        let summaries = snapshot::list_contact_summaries(&tx, as_of)?;
        let asks = snapshot::list_asks_open_at(&tx, as_of)?;
        let reminders = open_reminder_facts(&tx, as_of)?;
        let wanted = engine::bounded::facts_wanted(me, &asks, &reminders);
        let mut known = Vec::with_capacity(wanted.len());
        for &id in &wanted {
            known.extend(snapshot::get_contact_facts(&tx, id, as_of)?);
        }
        // Those with a date coming up: their dates, not their interests.
        let today = now.today();
        let dated = snapshot::list_contacts_with_dates_on(
            &tx,
            (0..=engine::bounded::DATES_AHEAD_DAYS).map(|d| today + Duration::days(d)),
        )?;
        let dates_only: HashSet<i64> = dated
            .iter()
            .map(|(c, _)| c.id)
            .filter(|id| wanted.binary_search(id).is_err())
            .collect();
        known.extend(
            dated
                .into_iter()
                .filter(|(c, _)| dates_only.contains(&c.id)),
        );
        known.sort_by(|a, b| (&a.1, a.0.id).cmp(&(&b.1, b.0.id)));
        let meaning = meaning_for(&asks);
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
            connection_names: HashMap::new(),
            interest_aliases: interests::list_interest_aliases(&tx)?,
            meaning,
        };
        (snap.connections, snap.connection_names) = ask_connections(&tx, &snap.asks, as_of)?;
        let help_with = match me {
            Some(me) => snapshot::list_help_with(&tx, me, as_of)?,
            None => Default::default(),
        };
        let out = engine::bounded::today(
            &snap,
            &dates_only,
            &summaries,
            now,
            &settings,
            limit,
            |id, held| -> Result<Option<ContactFacts>> {
                let c = match held {
                    Some(c) => Some(c),
                    None => snapshot::get_contact_facts(&tx, id, as_of)?.map(|(c, _)| c),
                };
                let Some(mut c) = c else { return Ok(None) };
                read_history(&tx, &mut c, as_of, &help_with)?;
                Ok(Some(c))
            },
        )?;
        tx.finish()?;
        Ok(out)
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

    /// What the kept scores must have been computed for to be used at `now` as they are: the
    /// data and the hour.
    fn health_key(&self, now: &Now) -> Result<CacheKey> {
        Ok(CacheKey {
            stamp: self.data_stamp()?,
            at: now.at.timestamp().div_euclid(3600),
            offset: now.offset.local_minus_utc(),
        })
    }

    /// The kept health brought up to date at `now` (`key`), when that needs no pass over
    /// everyone: it is current, or it was computed in the same hour, at the same UTC offset,
    /// with the same "me" and circle gaps, and since then only this connection wrote: the
    /// contacts those writes marked ([`health_dirty`]) are computed again, the others keep
    /// theirs. `None` otherwise (nothing kept, another connection wrote, too many marked...),
    /// when the kept scores are forgotten if they are no longer current.
    fn kept_health(
        &self,
        now: &Now,
        settings: &Settings,
        me: Option<i64>,
        key: &CacheKey,
    ) -> Result<Option<Arc<KeptHealth>>> {
        let Some((kept_key, kept)) = self.caches.health.last::<KeptHealth>() else {
            return Ok(None);
        };
        let same_basis = kept.me == me
            && kept.gaps == settings.circle_gaps
            && (kept_key.at, kept_key.offset, kept_key.stamp.version)
                == (key.at, key.offset, key.stamp.version);
        if same_basis && kept_key.stamp.changes == key.stamp.changes {
            return Ok(Some(kept));
        }
        self.caches.health.clear();
        if !same_basis || !health_dirty::get_tracking(&self.conn)? {
            return Ok(None);
        }
        let dirty = health_dirty::delete_dirty(&self.conn)?;
        if dirty.len() > UPDATE_AT_MOST.max(kept.scores.len() / UPDATE_SHARE) {
            return Ok(None);
        }
        let key = self.key_after_marks_read(key);
        let fresh = self.health_of(&dirty, now, settings, me)?;
        let mut kept = Arc::try_unwrap(kept).unwrap_or_else(|k| (*k).clone());
        for id in dirty {
            match fresh.get(&id) {
                Some(&score) => kept.scores.insert(id, score),
                None => kept.scores.remove(&id),
            };
        }
        let kept = Arc::new(kept);
        self.caches.health.put(key, Arc::clone(&kept));
        Ok(Some(kept))
    }

    /// `key` with this connection's changes as they are now, after reading (and so deleting)
    /// the marks, which counts as a change: the key the scores computed next are kept under.
    /// The data version stays `key`'s, read before: a commit by another connection since is
    /// then seen on the next call.
    fn key_after_marks_read(&self, key: &CacheKey) -> CacheKey {
        CacheKey {
            stamp: DataStamp {
                changes: self.conn.total_changes(),
                ..key.stamp
            },
            ..*key
        }
    }

    /// The health of every live contact but me (archived ones too), by id, as of `now`:
    /// kept, brought up to date after this connection's writes, and computed again in full
    /// only when another connection wrote, the hour turned, or "me", the settings or the UTC
    /// offset changed (see the module doc).
    fn health_scores(&self, now: &Now) -> Result<Arc<KeptHealth>> {
        let settings = self.settings()?;
        let me = contacts::get_self_id(&self.conn)?;
        let key = self.health_key(now)?;
        if let Some(kept) = self.kept_health(now, &settings, me, &key)? {
            return Ok(kept);
        }
        if health_dirty::get_tracking(&self.conn)? {
            health_dirty::delete_dirty(&self.conn)?;
        }
        let key = self.key_after_marks_read(&key);
        // Health reads only the contacts' own past, not the asks, reminders and feedback
        // of a whole snapshot.
        let tx = self.conn.unchecked_transaction()?;
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
        let kept = Arc::new(KeptHealth {
            me,
            gaps: settings.circle_gaps,
            scores,
        });
        self.caches.health.put(key, Arc::clone(&kept));
        Ok(kept)
    }

    /// Runs the bulk write `f` (an import, the seed) with this connection's health tracking
    /// off ([`health_dirty::delete_tracking`]): its rows mark no contact one by one (that
    /// made a 10,000-contact vCard import about 15% slower); the kept scores are forgotten
    /// instead, and the next list sorted by health computes everyone. Tracking is on again
    /// however `f` ends (short of a panic, after which health is computed in full on every
    /// write, as without tracking).
    pub(crate) fn untracked<T>(&mut self, f: impl FnOnce(&mut Self) -> Result<T>) -> Result<T> {
        let tracking = health_dirty::get_tracking(&self.conn)?;
        self.caches.health.clear();
        if tracking {
            health_dirty::delete_tracking(&self.conn)?;
        }
        let out = f(self);
        self.caches.health.clear();
        if tracking {
            health_dirty::create_tracking(&self.conn)?;
        }
        out
    }

    /// The health of the contacts `ids` that are live and not me, as of `now`: only their
    /// own histories are read, so a page of the People list costs the same at 100 or 100,000
    /// contacts.
    fn health_of(
        &self,
        ids: &[i64],
        now: &Now,
        settings: &Settings,
        me: Option<i64>,
    ) -> Result<HashMap<i64, u32>> {
        let as_of = now.at;
        let tx = self.conn.unchecked_transaction()?;
        let mut scores = HashMap::with_capacity(ids.len());
        for &id in ids {
            if Some(id) == me {
                continue;
            }
            let Some((mut c, _)) = snapshot::get_contact_facts(&tx, id, as_of)? else {
                continue;
            };
            if c.is_self {
                continue;
            }
            c.touches = snapshot::list_touches(&tx, id, as_of)?;
            if let Some(me) = me {
                (c.help_given, c.help_received) = snapshot::get_help_between(&tx, me, id, as_of)?;
            }
            scores.insert(id, engine::health::analyze(&c, now, settings).health.health);
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
            let kept = self.health_scores(now)?;
            return self.list_by_health(query, &kept.scores);
        }
        let mut page = self.list_contacts(query)?;
        let settings = self.settings()?;
        let me = contacts::get_self_id(&self.conn)?;
        let key = self.health_key(now)?;
        let kept = self.kept_health(now, &settings, me, &key)?;
        let of_page;
        let scores = match &kept {
            Some(kept) => &kept.scores,
            None => {
                let ids: Vec<i64> = page.items.iter().map(|c| c.id).collect();
                of_page = self.health_of(&ids, now, &settings, me)?;
                &of_page
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
        // Stable: equal scores stay in name order. Each score is looked up once.
        ids.sort_by_cached_key(|id| scores.get(id).copied().unwrap_or(0));
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

    /// "Pause notifications for today": no notification fires for the rest of the local day
    /// of `now`, from the app or from `kith notify` (only `kith notify --force` still shows
    /// one). It marks that day as notified, exactly as if the day's notification had been
    /// shown; the next day they come as usual, and the settings are not changed. Returns the
    /// day paused.
    pub fn pause_notifications_today(&mut self, now: &Now) -> Result<NaiveDate> {
        let day = now.today();
        settings::update_notified_on(&self.conn, day)?;
        Ok(day)
    }

    /// The local day a notification last fired (or notifications were paused), if ever: when
    /// it is today, no notification comes again until tomorrow.
    pub fn notified_on(&self) -> Result<Option<NaiveDate>> {
        settings::get_notified_on(&self.conn)
    }

    /// How many things are due today (for the tray's "N due today"): the people Today
    /// suggests, the follow-ups overdue or due today and the dates that fall today, as
    /// [`notify::due_count`] counts them; 0 exactly when the notification would have nothing
    /// to say. Costs one [`Store::today`] (the bounded read, not a pass over everyone).
    pub fn due_today_count(&self, now: &Now) -> Result<u32> {
        Ok(notify::due_count(&self.today(now, None)?))
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
        Ok(engine::help_opportunities(&snap, now, None))
    }

    /// The introductions worth making as of `now`, best first (at most as many as
    /// [`Store::help_opportunities`] lists of every kind).
    pub fn introductions(&self, now: &Now) -> Result<Vec<HelpOpportunity>> {
        let snap = self.engine_snapshot(now, None)?;
        Ok(engine::help_opportunities(
            &snap,
            now,
            Some(engine::HelpKind::Introduce),
        ))
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
        let before = settings::get_default_region(&tx)?;
        settings::update_settings(&tx, &input)?;
        if before != input.default_region {
            // Numbers written without a country code are read in the new region.
            contacts::renormalize_channels(&tx, input.default_region.as_deref())?;
        }
        let saved = settings::get_settings(&tx)?;
        tx.commit()?;
        Ok(saved)
    }

    /// Takes the default region from the system's `locale` (`de_DE.UTF-8` → DE) when none is
    /// set yet; the edges (app, CLI) call it at start. True when it was set now.
    pub fn infer_default_region(&mut self, locale: &str) -> Result<bool> {
        let Some(region) = crate::identity::normalize::region_from_locale(locale) else {
            return Ok(false);
        };
        if settings::get_default_region(&self.conn)?.is_some() {
            return Ok(false);
        }
        let tx = self.conn.transaction()?;
        let set = settings::insert_default_region(&tx, &region)?;
        if set {
            contacts::renormalize_channels(&tx, Some(&region))?;
        }
        tx.commit()?;
        Ok(set)
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
/// The meaning model for matching `asks`: loaded (once per process) only when there is an
/// ask to match.
pub(super) fn meaning_for(asks: &[AskFacts]) -> Option<Meaning> {
    if asks.is_empty() {
        None
    } else {
        Meaning::shared()
    }
}

pub(super) fn open_reminder_facts(
    conn: &Connection,
    as_of: DateTime<Utc>,
) -> Result<Vec<ReminderFacts>> {
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

/// The connections of everyone with an open need or offer, and the names of the live
/// contacts among them (see `Snapshot::connections`).
#[allow(clippy::type_complexity)]
fn ask_connections(
    conn: &Connection,
    asks: &[AskFacts],
    as_of: DateTime<Utc>,
) -> Result<(Vec<(i64, i64)>, HashMap<i64, String>)> {
    let mut asking: Vec<i64> = asks.iter().map(|a| a.contact_id).collect();
    asking.sort_unstable();
    asking.dedup();
    let mut out = Vec::new();
    for id in asking {
        out.extend(snapshot::list_connections(conn, id, as_of)?);
    }
    let mut ids: Vec<i64> = out.iter().flat_map(|&(a, b)| [a, b]).collect();
    ids.sort_unstable();
    ids.dedup();
    let names = contacts::list_live_names(conn, &ids)?;
    Ok((out, names))
}

/// The system's locale for telephone numbers, as the edges pass it to
/// [`Store::infer_default_region`]: `LC_ALL`, else `LC_TELEPHONE`, else `LANG` (empty when
/// none is set).
pub fn system_locale() -> String {
    ["LC_ALL", "LC_TELEPHONE", "LANG"]
        .iter()
        .filter_map(|k| std::env::var(k).ok())
        .find(|v| !v.is_empty())
        .unwrap_or_default()
}
