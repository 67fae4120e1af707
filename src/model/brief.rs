//! The meeting brief: the calendar events coming up with people in Kith, and for each of
//! them what to have in mind before meeting them — the last conversations, the follow-ups
//! open with them, their needs (and what of the user's answers them), the interests shared,
//! a date of theirs coming up, and how the tie is doing.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{ContactRef, InteractionKind, ReminderSource};

/// A calendar event coming up with at least one person in Kith.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Upcoming {
    /// The occurrence's own key (`ics:<UID>|<RECURRENCE-ID>`).
    pub key: String,
    /// Its summary, or "(untitled event)".
    pub title: String,
    pub starts_at: DateTime<Utc>,
    /// False for an all-day event (`starts_at` is then the start of its day, UTC).
    pub has_time: bool,
    /// Meeting, video or event (more than 8 people).
    pub kind: InteractionKind,
    /// The user organised it.
    pub from_me: bool,
    /// The calendar source it was read from.
    pub source_id: i64,
    /// A brief on each person on it who is in Kith: the organiser first, then by name.
    pub people: Vec<Brief>,
    /// The other people on it who are not in Kith.
    pub others: u32,
}

/// What to have in mind before meeting someone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Brief {
    pub contact: ContactRef,
    /// The last (at most 3) interactions with them, newest first.
    pub last_interactions: Vec<BriefInteraction>,
    /// Follow-ups open with them (promises the user or they made, manual ones, accepted
    /// suggestions), soonest due first.
    pub follow_ups: Vec<BriefFollowUp>,
    /// Their open needs, each with what of the user's fits it, if anything does.
    pub needs: Vec<BriefNeed>,
    /// Interests both the user and they have, by name.
    pub shared_interests: Vec<String>,
    /// Their next important date (a birthday…), if it is within 30 days.
    #[ts(optional = nullable)]
    pub date_coming_up: Option<BriefDate>,
    /// Relationship health, 0–100.
    pub health: u32,
    /// Calendar days since the last interaction (local days), `None` if never.
    #[ts(optional = nullable)]
    pub days_since_last: Option<i64>,
    /// The one line that says what holds the health back.
    pub health_line: String,
}

/// One past interaction in a brief.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BriefInteraction {
    pub id: i64,
    pub occurred_at: DateTime<Utc>,
    pub has_time: bool,
    pub kind: InteractionKind,
    pub summary: String,
}

/// An open follow-up with the person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BriefFollowUp {
    /// The reminder's id.
    pub id: i64,
    /// When it is due (the snooze date for a snoozed one).
    pub due_on: NaiveDate,
    pub text: String,
    /// `promise` when the user promised it in an interaction, `their_promise` when the
    /// person did.
    pub source: ReminderSource,
    /// Days from today to `due_on`: negative when overdue.
    pub in_days: i64,
}

/// An open need of the person, and the best fit of the user's, as the help engine finds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BriefNeed {
    /// The ask's id.
    pub id: i64,
    pub text: String,
    /// An open offer of the user's that fits it.
    #[ts(optional = nullable)]
    pub offer: Option<BriefOffer>,
    /// Else an interest of the user's that fits it.
    #[ts(optional = nullable)]
    pub interest: Option<String>,
    /// The words the need and the fit share (empty when nothing fits).
    pub terms: Vec<String>,
}

/// An offer of the user's named in a brief.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BriefOffer {
    /// The ask's id.
    pub id: i64,
    pub text: String,
}

/// An important date of the person coming up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BriefDate {
    pub label: String,
    pub date: NaiveDate,
    /// Days from today.
    pub in_days: i64,
    /// How many years it marks (an age, an anniversary), when the first year is known.
    #[ts(optional = nullable)]
    pub years: Option<i32>,
}
