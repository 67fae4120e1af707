//! The review as the app and the CLI use it: one panel per method, all evaluated as of one
//! moment `now`.
//!
//! The panels that need every contact's health over time (circles, trend, fading,
//! one-sided, the map) share one evaluation: every history read in one pass
//! (`store::review`), then the pure `engine::review`. It is kept for the next panel asked
//! about the same `now`, as long as the database has not changed (this connection's change
//! count and SQLite's `data_version`, which moves when another connection commits) — so the
//! Review screen, which asks for each panel with the same `as_of`, pays for one pass.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Datelike, NaiveDate, Utc};

use crate::engine::review::{
    self, Activity, Checkpoints, CircleShape, Evaluated, FadingTie, History, NetworkMap,
    OneSidedTie, Review, SeriesPoint, TrendPoint,
};
use crate::engine::Now;
use crate::error::{Error, Result};
use crate::model::Settings;
use crate::store::cache::CacheKey;
use crate::store::{contacts, feedback, knows, relationships, review as q, snapshot};
use crate::Store;

/// The evaluation the panels share.
#[derive(Debug)]
pub struct Evaluation {
    cps: Checkpoints,
    histories: Vec<History>,
    evals: Vec<Evaluated>,
    activity: Activity,
    settings: Settings,
    /// Whom reaching out to is put off, and until when (`review::snoozes`).
    snoozes: HashMap<i64, NaiveDate>,
}

/// When each interaction happened, and whether a time was given.
type Times = Vec<(DateTime<Utc>, bool)>;

/// The review looks a year and more back from `now`, and a day past it: `now` must be in
/// the years 1000 to 9999.
fn check_moment(now: &Now) -> Result<()> {
    let year = now.at.year();
    if (1000..=9999).contains(&year) {
        Ok(())
    } else {
        Err(Error::invalid(
            "asOf",
            format!("{} is not a moment to review (years 1000 to 9999)", now.at),
        ))
    }
}

impl Store {
    /// What the kept evaluation must have been computed for to serve `now`: the data and
    /// the moment, to the millisecond.
    fn review_key(&self, now: &Now) -> Result<CacheKey> {
        Ok(CacheKey {
            stamp: self.data_stamp()?,
            at: now.at.timestamp_millis(),
            offset: now.offset.local_minus_utc(),
        })
    }

    fn evaluation(&self, now: &Now) -> Result<Arc<Evaluation>> {
        check_moment(now)?;
        let key = self.review_key(now)?;
        if let Some(e) = self.caches.review.get::<Evaluation>(&key) {
            return Ok(e);
        }
        let settings = self.settings()?;
        let (histories, interactions) = self.histories(now, None)?;
        let me = contacts::get_self_id(&self.conn)?;
        let cps = Checkpoints::of(now);
        let evals = review::evaluate(&histories, me, now, &cps, &settings);
        let given = feedback::list_feedback_in_effect(&self.conn, now.at, now.at, now.today())?;
        let e = Arc::new(Evaluation {
            cps,
            histories,
            evals,
            activity: review::activity(now, &interactions),
            settings,
            snoozes: review::snoozes(&given, now),
        });
        self.caches.review.put(key, Arc::clone(&e));
        Ok(e)
    }

    /// Every live contact (or `only`) with its whole history before `now`, and the times of
    /// all interactions then (none with `only`), read in one transaction.
    ///
    /// For everyone, from a file, the interaction table is scanned on a second connection in
    /// parallel (`list_all_touches`). Its snapshot is the same as this transaction's when no
    /// other connection committed between the start and the end of the reads, which
    /// `PRAGMA data_version` tells; if one did, the reads are done again on this connection.
    fn histories(&self, now: &Now, only: Option<i64>) -> Result<(Vec<History>, Times)> {
        let side = self.path().filter(|_| only.is_none());
        if side.is_some() {
            let before = self.data_stamp()?.version;
            let read = self.read_histories(now, only, side)?;
            if self.data_stamp()?.version == before {
                return Ok(read);
            }
        }
        self.read_histories(now, only, None)
    }

    fn read_histories(
        &self,
        now: &Now,
        only: Option<i64>,
        side: Option<&std::path::Path>,
    ) -> Result<(Vec<History>, Times)> {
        let tx = self.conn.unchecked_transaction()?;
        let me = contacts::get_self_id(&tx)?;
        let facts = snapshot::list_contact_facts(&tx, only, now.at)?;
        let q::AllTouches {
            mut touches,
            interactions,
        } = q::list_all_touches(&tx, only, now.at, side)?;
        let mut help = match me {
            Some(me) => q::list_help_ledger(&tx, me, only, now.at)?,
            None => HashMap::new(),
        };
        tx.finish()?;
        let histories = facts
            .into_iter()
            .map(|f| History {
                touches: touches.remove(&f.id).unwrap_or_default(),
                help: help.remove(&f.id).unwrap_or_default(),
                facts: f,
            })
            .collect();
        Ok((histories, interactions))
    }

    /// People per circle and the spread of their health.
    pub fn review_circles(&self, now: &Now) -> Result<Vec<CircleShape>> {
        Ok(review::circles(&self.evaluation(now)?.evals))
    }

    /// Weekly mean health and interactions over the last year.
    pub fn review_trend(&self, now: &Now) -> Result<Vec<TrendPoint>> {
        let e = self.evaluation(now)?;
        Ok(review::trend(
            &e.evals,
            &e.cps,
            &review::per_week(now, &e.cps, &e.activity),
        ))
    }

    /// Inner and close ties whose warmth dropped most over 30 or 90 days.
    pub fn review_fading(&self, now: &Now) -> Result<Vec<FadingTie>> {
        let e = self.evaluation(now)?;
        let mut ties = review::fading(&e.evals, &e.histories, &e.cps, now, &e.settings);
        for t in &mut ties {
            t.snoozed_until = e.snoozes.get(&t.contact.id).copied();
        }
        Ok(ties)
    }

    /// Ties where one side starts the conversations or gives the help, with the ledger.
    pub fn review_one_sided(&self, now: &Now) -> Result<Vec<OneSidedTie>> {
        let e = self.evaluation(now)?;
        let mut ties = review::one_sided(&e.evals, &e.histories);
        for t in &mut ties {
            t.snoozed_until = e.snoozes.get(&t.contact.id).copied();
        }
        Ok(ties)
    }

    /// Interactions per local day over the trend's weeks (371 days up to today).
    pub fn review_activity(&self, now: &Now) -> Result<Activity> {
        Ok(self.evaluation(now)?.activity.clone())
    }

    /// The map of at most `limit` people (default [`review::MAP_LIMIT`]).
    pub fn review_map(&self, now: &Now, limit: Option<u32>) -> Result<NetworkMap> {
        let e = self.evaluation(now)?;
        let fading = review::fading_ids(&e.evals, &e.cps);
        let interests: HashMap<i64, Vec<String>> = e
            .histories
            .iter()
            .map(|h| {
                (
                    h.facts.id,
                    h.facts.interests.iter().map(|i| i.name.clone()).collect(),
                )
            })
            .collect();
        let intros = contacts::list_introductions(&self.conn)?;
        let rels = relationships::list_all_relationships(&self.conn)?;
        let knows = knows::list_knows(&self.conn)?;
        let limit = limit.map_or(review::MAP_LIMIT, |l| l as usize);
        Ok(review::map(
            &e.evals, &interests, &intros, &rels, &knows, &fading, limit,
        ))
    }

    /// Every panel but the map.
    pub fn review(&self, now: &Now) -> Result<Review> {
        Ok(Review {
            as_of: now.at,
            circles: self.review_circles(now)?,
            trend: self.review_trend(now)?,
            fading: self.review_fading(now)?,
            one_sided: self.review_one_sided(now)?,
            activity: self.review_activity(now)?,
        })
    }

    /// One contact's weekly health over the last year (archived ones too).
    pub fn health_series(&self, id: i64, now: &Now) -> Result<Vec<SeriesPoint>> {
        check_moment(now)?;
        let settings = self.settings()?;
        let h = self
            .histories(now, Some(id))?
            .0
            .into_iter()
            .find(|h| h.facts.id == id)
            .ok_or_else(|| Error::NotFound {
                entity: "contact".into(),
                id,
            })?;
        Ok(review::person_series(&h, now, &settings))
    }
}
