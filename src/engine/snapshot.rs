//! The engine's input: what the store knew at a moment (`as_of`), reduced to what the rules
//! read. Built by `Store::engine_snapshot`, or by hand in tests.
//!
//! Every interaction, ask, reminder and feedback in a snapshot happened before `as_of`;
//! contacts in the trash are absent. A contact's `touches` are its newest interactions
//! (newest first), bounded: every one of the last [`INTENSITY_WINDOW_DAYS`] days (capped at
//! [`MAX_TOUCHES`]) and at least the last [`MIN_TOUCHES`] whatever their age — enough for
//! every rule here, without reading a whole history.

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset, NaiveDate, Offset, Utc};

use crate::model::{
    AskKind, Circle, FeedbackAction, ImportantDate, Initiator, InteractionKind, Lane,
    ReminderSource, ReminderStatus,
};

/// Interactions older than this add less than 0.5^(730/30) ≈ 5·10⁻⁸ each to the intensity.
pub const INTENSITY_WINDOW_DAYS: i64 = 730;
/// The newest interactions a snapshot always holds, however old (cadence and reconnect
/// read the last 20 distinct days).
pub const MIN_TOUCHES: usize = 60;
/// The most interactions a snapshot holds per contact.
pub const MAX_TOUCHES: usize = 2000;

/// "Now" for the engine: an instant and the user's UTC offset, which decides which local
/// day an instant falls on ("today", "an interaction logged today"). Interactions logged
/// with a date and no time count on that date whatever the offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Now {
    pub at: DateTime<Utc>,
    pub offset: FixedOffset,
}

impl Now {
    /// `at`, with days counted in UTC.
    pub fn utc(at: DateTime<Utc>) -> Self {
        Self {
            at,
            offset: Utc.fix(),
        }
    }

    pub fn today(&self) -> NaiveDate {
        self.at.with_timezone(&self.offset).date_naive()
    }

    /// The local day of an instant (`has_time`), or the logged date itself.
    pub fn day_of(&self, at: DateTime<Utc>, has_time: bool) -> NaiveDate {
        if has_time {
            at.with_timezone(&self.offset).date_naive()
        } else {
            at.date_naive()
        }
    }

    /// Days (fractional) from `at` to now; negative for the future.
    pub fn days_since(&self, at: DateTime<Utc>) -> f64 {
        (self.at - at).num_milliseconds() as f64 / 86_400_000.0
    }
}

/// One logged interaction, seen from one participant.
#[derive(Debug, Clone, PartialEq)]
pub struct Touch {
    pub at: DateTime<Utc>,
    pub has_time: bool,
    pub kind: InteractionKind,
    pub initiated_by: Option<Initiator>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct InterestFacts {
    pub name: String,
    /// When the contact got this interest (unknown for data older than schema 3).
    pub added_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ContactFacts {
    pub id: i64,
    pub name: String,
    pub circle: Option<Circle>,
    pub cadence_days: Option<u32>,
    pub archived: bool,
    pub is_self: bool,
    pub interests: Vec<InterestFacts>,
    pub dates: Vec<ImportantDate>,
    /// Newest first; see the module doc for the bounds.
    pub touches: Vec<Touch>,
    /// Help I gave them, and they gave me (all time before `as_of`).
    pub help_given: u32,
    pub help_received: u32,
}

impl ContactFacts {
    /// A contact with nothing but a name (for tests and as a starting point).
    pub fn new(id: i64, name: &str) -> Self {
        Self {
            id,
            name: name.to_owned(),
            circle: None,
            cadence_days: None,
            archived: false,
            is_self: false,
            interests: Vec::new(),
            dates: Vec::new(),
            touches: Vec::new(),
            help_given: 0,
            help_received: 0,
        }
    }
}

/// What Today bounds a contact by before reading its interactions (see `bounded`): the
/// store reads it from one small index (`contact_engine_summary`).
#[derive(Debug, Clone, PartialEq)]
pub struct ContactSummaryFacts {
    pub id: i64,
    pub circle: Option<Circle>,
    pub cadence_days: Option<u32>,
    pub archived: bool,
    pub is_self: bool,
    /// The last interaction before `as_of`, if any.
    pub last_at: Option<DateTime<Utc>>,
}

/// An ask that was open at `as_of`.
#[derive(Debug, Clone, PartialEq)]
pub struct AskFacts {
    pub id: i64,
    pub contact_id: i64,
    pub kind: AskKind,
    pub text: String,
    pub interests: Vec<String>,
}

/// A reminder that was open (or snoozed) at `as_of`.
#[derive(Debug, Clone, PartialEq)]
pub struct ReminderFacts {
    pub id: i64,
    pub contact_id: i64,
    pub due_on: NaiveDate,
    pub text: String,
    pub source: ReminderSource,
    pub status: ReminderStatus,
    pub snoozed_until: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FeedbackFacts {
    pub contact_id: i64,
    pub lane: Lane,
    pub action: FeedbackAction,
    pub until: Option<NaiveDate>,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Snapshot {
    /// The user's own contact, if there is one.
    pub me: Option<i64>,
    pub contacts: Vec<ContactFacts>,
    pub asks: Vec<AskFacts>,
    pub reminders: Vec<ReminderFacts>,
    /// Newest last.
    pub feedback: Vec<FeedbackFacts>,
    /// Pairs of contacts (smaller id first) who know each other (a shared interaction, an
    /// introduction, a relationship), for contacts with an open need or offer: an
    /// introduction between them would add nothing new, and one between two people who know
    /// someone in common bridges no gap.
    pub connections: Vec<(i64, i64)>,
    /// The names of the live contacts in `connections` (a snapshot need not hold them all):
    /// an introduction's reason names someone both know.
    pub connection_names: HashMap<i64, String>,
    /// The person's merged interest names: (the name merged away, the interest's name now).
    /// Help matching reads each as that interest.
    pub interest_aliases: Vec<(String, String)>,
    /// The sentence model help matching reads needs and offers with, when there is one
    /// (`meaning`); by words only without.
    pub meaning: Option<Meaning>,
}

/// A handle on the loaded meaning model: a pure function of text (its memo aside), shared.
/// Two handles are equal when they are the same model.
#[derive(Clone)]
pub struct Meaning(pub std::sync::Arc<crate::meaning::Model>);

impl Meaning {
    /// The model of this process, if one is installed ([`crate::meaning::Model::shared`]).
    pub fn shared() -> Option<Meaning> {
        crate::meaning::Model::shared().map(Meaning)
    }
}

impl std::fmt::Debug for Meaning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl PartialEq for Meaning {
    fn eq(&self, other: &Self) -> bool {
        std::sync::Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Snapshot {
    pub fn contact(&self, id: i64) -> Option<&ContactFacts> {
        self.contacts.iter().find(|c| c.id == id)
    }
}
