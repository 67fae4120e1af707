//! Plain data types shared by the store, the CLI and the UI.
//!
//! These are the source of truth for the front end: `tests/bindings.rs` generates
//! `ui/src/bindings.ts` from them and fails when the committed file is stale. Field names
//! cross the IPC boundary in camelCase. Input types (`*Input`, `New*`) are validated by
//! `crate::validate` before anything is written, so the app and the CLI accept and refuse
//! exactly the same things.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use strum::{AsRefStr, Display, EnumString, IntoStaticStr, VariantArray};
use ts_rs::TS;

mod brief;
mod capture;
mod merge;
mod sync;

pub use brief::{
    Brief, BriefDate, BriefFollowUp, BriefInteraction, BriefNeed, BriefOffer, Upcoming,
};

pub use sync::{SyncConflict, SyncDevice, SyncReport, SyncSetupReport, SyncStatus};

pub use capture::{
    CaptureCount, CapturedMessage, ExportAuthor, ExportQuestions, FoundSource, OwnAddress,
    ScanReport, SkipCount, Source, SourceKind, SourceStatus, SourceTotals, Unknown,
};

/// Dunbar's layers: how close a tie is, as the user sees it. The user's circle always wins
/// over what the engine infers from logged contact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[derive(AsRefStr, Display, EnumString, IntoStaticStr, VariantArray)]
#[strum(serialize_all = "lowercase")]
pub enum Circle {
    Inner,
    Close,
    Network,
    Wider,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[derive(AsRefStr, Display, EnumString, IntoStaticStr, VariantArray)]
#[strum(serialize_all = "lowercase")]
pub enum ChannelKind {
    Email,
    Phone,
    Link,
}

/// One way to reach a contact: an email address, a phone number or a link, with an optional
/// label ("work", "home", "LinkedIn").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Channel {
    pub kind: ChannelKind,
    #[serde(default)]
    #[ts(optional = nullable)]
    pub label: Option<String>,
    pub value: String,
    /// The vCard `TYPE`s it was imported with, lowercase, as written (`work`, `voice`,
    /// `pref`...), so an export gives them back.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(as = "Option<Vec<String>>", optional)]
    pub types: Vec<String>,
}

/// The parts of a name as address books keep them (vCard `N`); the name shown is
/// [`Contact::name`] (vCard `FN`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct NameParts {
    /// "Dr.", "Ms."
    #[ts(optional = nullable)]
    pub prefix: Option<String>,
    #[ts(optional = nullable)]
    pub given: Option<String>,
    /// Middle names.
    #[ts(optional = nullable)]
    pub additional: Option<String>,
    #[ts(optional = nullable)]
    pub family: Option<String>,
    /// "Jr.", "PhD"
    #[ts(optional = nullable)]
    pub suffix: Option<String>,
}

impl NameParts {
    pub fn is_empty(&self) -> bool {
        self.parts().iter().all(|p| p.is_none())
    }

    /// The five parts in vCard `N` order: family, given, additional, prefix, suffix.
    pub fn parts(&self) -> [&Option<String>; 5] {
        [
            &self.family,
            &self.given,
            &self.additional,
            &self.prefix,
            &self.suffix,
        ]
    }
}

/// A job title or role beyond the contact's [`Contact::role`] (vCard `TITLE` and `ROLE`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Title {
    pub kind: TitleKind,
    pub value: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[derive(AsRefStr, Display, EnumString, IntoStaticStr, VariantArray)]
#[strum(serialize_all = "lowercase")]
pub enum TitleKind {
    /// A job title ("CTO").
    Title,
    /// A function or part played ("Project leader").
    Role,
}

/// A postal address (vCard `ADR`, its seven parts), with an optional label ("home", "work")
/// and the vCard `TYPE`s it came with.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct Address {
    #[ts(optional = nullable)]
    pub label: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[ts(as = "Option<Vec<String>>", optional)]
    pub types: Vec<String>,
    #[ts(optional = nullable)]
    pub po_box: Option<String>,
    /// The extended address (apartment, suite).
    #[ts(optional = nullable)]
    pub extended: Option<String>,
    #[ts(optional = nullable)]
    pub street: Option<String>,
    /// City or town.
    #[ts(optional = nullable)]
    pub locality: Option<String>,
    /// State, province or county.
    #[ts(optional = nullable)]
    pub region: Option<String>,
    #[ts(optional = nullable)]
    pub postcode: Option<String>,
    #[ts(optional = nullable)]
    pub country: Option<String>,
}

impl Address {
    /// The seven parts in vCard `ADR` order.
    pub fn parts(&self) -> [&Option<String>; 7] {
        [
            &self.po_box,
            &self.extended,
            &self.street,
            &self.locality,
            &self.region,
            &self.postcode,
            &self.country,
        ]
    }

    pub fn is_empty(&self) -> bool {
        self.parts().iter().all(|p| p.is_none())
    }
}

/// A birthday or other date worth remembering. Recurring dates come back every year (their
/// year, when known, is the first occurrence, e.g. a birth year); one-off dates need a year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportantDate {
    pub label: String,
    #[serde(default)]
    #[ts(optional = nullable)]
    pub year: Option<i32>,
    pub month: u32,
    pub day: u32,
    pub recurring: bool,
}

/// A contact named in another record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ContactRef {
    pub id: i64,
    pub name: String,
}

/// An interest of the shared vocabulary, with how many (live) contacts have it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Interest {
    pub id: i64,
    pub name: String,
    /// The live people (not the user) who share it.
    pub contacts: u32,
}

/// One of a contact's identifiers as Kith matches it: an email (normalised), a phone (E.164)
/// or a profile link, from one of their channels. `shared` when another contact has it too
/// (a family or office address), so that it identifies nobody on its own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Identity {
    pub kind: ChannelKind,
    pub value: String,
    pub shared: bool,
}

/// A job the person held before their current one: kept when an import brings a new
/// company (a job change), so the old company stays in their history.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct PastJob {
    pub company: String,
    #[ts(optional = nullable)]
    pub role: Option<String>,
    /// The day Kith learned they had moved on, when known.
    #[ts(optional = nullable)]
    pub until: Option<NaiveDate>,
}

/// A person the user knows, with everything the person page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Contact {
    pub id: i64,
    pub name: String,
    pub company: Option<String>,
    pub role: Option<String>,
    pub location: Option<String>,
    /// How we met, in the user's words.
    pub met_how: Option<String>,
    pub met_on: Option<NaiveDate>,
    pub introduced_by: Option<ContactRef>,
    pub circle: Option<Circle>,
    /// An explicit target gap between contacts, in days; `None` means the circle's default.
    pub cadence_days: Option<u32>,
    pub notes: String,
    pub tags: Vec<String>,
    pub channels: Vec<Channel>,
    pub dates: Vec<ImportantDate>,
    pub interests: Vec<String>,
    pub name_parts: NameParts,
    pub nickname: Option<String>,
    /// The department within `company` (the second part of vCard `ORG`, and any after it,
    /// joined by ", ").
    pub department: Option<String>,
    pub titles: Vec<Title>,
    pub addresses: Vec<Address>,
    /// The day the user connected with them (LinkedIn's "Connected On"): a fact about the
    /// person, not a conversation.
    pub connected_on: Option<NaiveDate>,
    /// Where they worked before, newest first. (Absent from records written before schema 7:
    /// the import and merge records keep contacts as JSON.)
    #[serde(default)]
    pub past_jobs: Vec<PastJob>,
    /// The user's own row ("me"): my interests, offers and needs use the same tables.
    pub is_self: bool,
    pub archived: bool,
    pub deleted_at: Option<DateTime<Utc>>,
    pub last_interaction_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// One row of the People list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ContactSummary {
    pub id: i64,
    pub name: String,
    pub company: Option<String>,
    pub role: Option<String>,
    pub circle: Option<Circle>,
    /// The first email address, if any.
    pub email: Option<String>,
    pub tags: Vec<String>,
    pub archived: bool,
    pub last_interaction_at: Option<DateTime<Utc>>,
    /// Relationship health 0–100 as of the moment of the list (`Store::list_contacts_at`);
    /// `None` in lists read without a moment.
    #[serde(default)]
    pub health: Option<u32>,
}

/// Everything the user can set on a contact: used to add one, and to save an edit (the whole
/// contact is sent back, so an edit can never half-apply).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct ContactInput {
    pub name: String,
    #[ts(optional = nullable)]
    pub company: Option<String>,
    #[ts(optional = nullable)]
    pub role: Option<String>,
    #[ts(optional = nullable)]
    pub location: Option<String>,
    #[ts(optional = nullable)]
    pub met_how: Option<String>,
    #[ts(optional = nullable)]
    pub met_on: Option<NaiveDate>,
    #[ts(optional = nullable)]
    pub introduced_by: Option<i64>,
    #[ts(optional = nullable)]
    pub circle: Option<Circle>,
    #[ts(optional = nullable)]
    pub cadence_days: Option<u32>,
    pub notes: String,
    pub tags: Vec<String>,
    pub channels: Vec<Channel>,
    pub dates: Vec<ImportantDate>,
    /// Interest names; new ones join the vocabulary, known ones (or their merged aliases)
    /// match case-insensitively.
    pub interests: Vec<String>,
    pub name_parts: NameParts,
    #[ts(optional = nullable)]
    pub nickname: Option<String>,
    #[ts(optional = nullable)]
    pub department: Option<String>,
    pub titles: Vec<Title>,
    pub addresses: Vec<Address>,
    #[ts(optional = nullable)]
    pub connected_on: Option<NaiveDate>,
    /// Where they worked before, newest first.
    pub past_jobs: Vec<PastJob>,
}

impl ContactInput {
    /// The input that reproduces `c` exactly (the starting point of an edit).
    pub fn from_contact(c: &Contact) -> Self {
        Self {
            name: c.name.clone(),
            company: c.company.clone(),
            role: c.role.clone(),
            location: c.location.clone(),
            met_how: c.met_how.clone(),
            met_on: c.met_on,
            introduced_by: c.introduced_by.as_ref().map(|r| r.id),
            circle: c.circle,
            cadence_days: c.cadence_days,
            notes: c.notes.clone(),
            tags: c.tags.clone(),
            channels: c.channels.clone(),
            dates: c.dates.clone(),
            interests: c.interests.clone(),
            name_parts: c.name_parts.clone(),
            nickname: c.nickname.clone(),
            department: c.department.clone(),
            titles: c.titles.clone(),
            addresses: c.addresses.clone(),
            connected_on: c.connected_on,
            past_jobs: c.past_jobs.clone(),
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[derive(AsRefStr, Display, EnumString, IntoStaticStr, VariantArray)]
#[strum(serialize_all = "camelCase")]
pub enum ContactSort {
    /// Alphabetical, ignoring case and accents.
    #[default]
    Name,
    /// Most recently contacted first; never-contacted last.
    LastContact,
    /// Weakest relationship health first (the engine's 0–100 as of now), then by name.
    /// Only `Store::list_contacts_at` can sort by it: it needs a moment.
    Health,
}

/// Which slice of the People list to return. Lists are always paged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct ContactQuery {
    /// Search-as-you-type over names, companies, notes, interests and needs and offers
    /// (prefix match on every word; emoji and symbols are words too).
    #[ts(optional = nullable)]
    pub search: Option<String>,
    #[ts(optional = nullable)]
    pub circle: Option<Circle>,
    #[ts(optional = nullable)]
    pub tag: Option<String>,
    #[ts(optional = nullable)]
    pub interest: Option<String>,
    pub sort: ContactSort,
    pub include_archived: bool,
    pub limit: u32,
    pub offset: u32,
}

impl ContactQuery {
    /// The largest page a caller may ask for: a screenful is ~50 rows.
    pub const MAX_LIMIT: u32 = 1000;
}

impl Default for ContactQuery {
    fn default() -> Self {
        Self {
            search: None,
            circle: None,
            tag: None,
            interest: None,
            sort: ContactSort::Name,
            include_archived: false,
            limit: 100,
            offset: 0,
        }
    }
}

/// A tag in use, with how many live contacts carry it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TagCount {
    pub tag: String,
    pub contacts: u32,
}

/// One page of a list, with the total number of matching rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: u32,
    pub offset: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[derive(AsRefStr, Display, EnumString, IntoStaticStr, VariantArray)]
#[strum(serialize_all = "lowercase")]
pub enum InteractionKind {
    Meeting,
    Call,
    Video,
    Message,
    Email,
    Event,
    Introduction,
    Note,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[derive(AsRefStr, Display, EnumString, IntoStaticStr, VariantArray)]
#[strum(serialize_all = "lowercase")]
pub enum Initiator {
    Me,
    Them,
    Mutual,
}

/// Help that changed hands in an interaction. The user is a contact too (see
/// [`Contact::is_self`]), so "I helped Ana" is `giver = me, receiver = Ana`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HelpInput {
    pub giver: i64,
    pub receiver: i64,
    pub text: String,
    /// The need this help resolves; it is marked helped.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub ask_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Help {
    pub giver: ContactRef,
    pub receiver: ContactRef,
    pub text: String,
    pub ask_id: Option<i64>,
}

/// Something promised in an interaction, due on a date: it becomes a reminder with the person
/// it was promised to or by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FollowUp {
    pub due_on: NaiveDate,
    pub text: String,
    /// The participant it was promised to (`by` me) or by (`by` them); when not given, the
    /// first participant who is not me.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub contact: Option<i64>,
    /// Whose promise it is: mine (I owe it) or theirs (they owe it to me).
    #[serde(default)]
    pub by: PromisedBy,
}

/// Who made a promise logged with an interaction.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[derive(AsRefStr, Display, EnumString, IntoStaticStr, VariantArray)]
#[strum(serialize_all = "lowercase")]
pub enum PromisedBy {
    #[default]
    Me,
    Them,
}

/// A meeting, call, message... to log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NewInteraction {
    // `number[]` rather than ts-rs's `Array<number>`, as the UI writes it.
    #[ts(type = "number[]")]
    pub participants: Vec<i64>,
    pub kind: InteractionKind,
    /// When it happened (UTC). With `has_time` false only the date counts.
    pub occurred_at: DateTime<Utc>,
    #[serde(default = "yes")]
    pub has_time: bool,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub notes: String,
    #[serde(default)]
    #[ts(optional = nullable)]
    pub initiated_by: Option<Initiator>,
    #[serde(default)]
    #[ts(optional = nullable)]
    pub quality: Option<u8>,
    #[serde(default)]
    pub help: Vec<HelpInput>,
    #[serde(default)]
    #[ts(optional = nullable)]
    pub follow_up: Option<FollowUp>,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Interaction {
    pub id: i64,
    pub kind: InteractionKind,
    pub occurred_at: DateTime<Utc>,
    pub has_time: bool,
    pub summary: String,
    pub notes: String,
    pub initiated_by: Option<Initiator>,
    pub quality: Option<u8>,
    pub participants: Vec<ContactRef>,
    pub help: Vec<Help>,
    pub follow_up: Option<FollowUp>,
    pub deleted_at: Option<DateTime<Utc>>,
    /// The source it was read from (`kith source list`), when capture made it; `None` when
    /// it was logged or imported from a file.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub source_id: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[derive(AsRefStr, Display, EnumString, IntoStaticStr, VariantArray)]
#[strum(serialize_all = "lowercase")]
pub enum AskKind {
    Need,
    Offer,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[derive(AsRefStr, Display, EnumString, IntoStaticStr, VariantArray)]
#[strum(serialize_all = "lowercase")]
pub enum AskStatus {
    Open,
    Helped,
    Closed,
}

/// A need or an offer of a contact (or of me).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NewAsk {
    pub contact_id: i64,
    pub kind: AskKind,
    pub text: String,
    #[serde(default)]
    pub interests: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Ask {
    pub id: i64,
    pub contact: ContactRef,
    pub kind: AskKind,
    pub text: String,
    pub status: AskStatus,
    pub interests: Vec<String>,
    pub created_at: DateTime<Utc>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub helped_by: Option<ContactRef>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct AskQuery {
    #[ts(optional = nullable)]
    pub contact_id: Option<i64>,
    pub open_only: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[derive(AsRefStr, Display, EnumString, IntoStaticStr, VariantArray)]
#[strum(serialize_all = "lowercase")]
pub enum SearchKind {
    Contact,
    Interaction,
    Ask,
}

/// One search result: what matched, and where to go to see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SearchHit {
    pub kind: SearchKind,
    pub id: i64,
    /// The contact to open: the contact itself, an interaction's first participant, or the
    /// ask's owner.
    pub contact: ContactRef,
    pub title: String,
    /// The matching text around the first hit, matches wrapped in `[` `]`.
    pub snippet: String,
    pub occurred_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[derive(AsRefStr, Display, EnumString, IntoStaticStr, VariantArray)]
#[strum(serialize_all = "lowercase")]
pub enum TrashKind {
    Contact,
    Interaction,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TrashItem {
    pub kind: TrashKind,
    pub id: i64,
    pub title: String,
    pub deleted_at: DateTime<Utc>,
    /// When it will be purged for good unless restored.
    pub purge_at: DateTime<Utc>,
}

/// Which database the app or CLI has open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DatabaseInfo {
    pub path: String,
    pub schema_version: i64,
}

/// A single-valued field of a contact that can be taken from the merged-away contact when
/// both hold a value (otherwise a merge fills only what the kept contact lacks).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[derive(AsRefStr, Display, EnumString, IntoStaticStr, VariantArray)]
#[strum(serialize_all = "camelCase")]
pub enum MergeField {
    /// The display name with its structured parts.
    Name,
    Nickname,
    Company,
    Department,
    Role,
    Location,
    MetHow,
    MetOn,
    ConnectedOn,
    Circle,
    Cadence,
}

/// Why a backup was taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[derive(AsRefStr, Display, EnumString, IntoStaticStr, VariantArray)]
#[strum(serialize_all = "camelCase")]
pub enum BackupKind {
    /// The daily copy, taken on the first start (app or CLI) a day or more after the last.
    Daily,
    /// What the database held just before a restore: restoring it undoes the restore.
    BeforeRestore,
    /// Taken when the person asked ("Back up now", `kith backup create`).
    Manual,
    /// What the database held just before an import.
    BeforeImport,
    /// What the database held just before a merge of contacts.
    BeforeMerge,
}

/// One backup file of the database.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BackupInfo {
    pub path: String,
    pub created_at: DateTime<Utc>,
    pub size_bytes: u64,
    pub kind: BackupKind,
}

// Engine settings, feedback and reminders -------------------------------------------------

/// The target gap between contacts of each circle, in days (Dunbar's layers).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CircleGaps {
    pub inner: u32,
    pub close: u32,
    pub network: u32,
    pub wider: u32,
}

impl Default for CircleGaps {
    fn default() -> Self {
        Self {
            inner: 7,
            close: 30,
            network: 90,
            wider: 365,
        }
    }
}

impl CircleGaps {
    /// The target gap of `circle` (a contact with no circle keeps its own rhythm, see
    /// `engine::cadence`).
    pub fn of(&self, circle: Circle) -> u32 {
        match circle {
            Circle::Inner => self.inner,
            Circle::Close => self.close,
            Circle::Network => self.network,
            Circle::Wider => self.wider,
        }
    }
}

/// What the user can tune about the follow-up engine and its notifications.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Settings {
    /// How many people Today suggests at most (both lanes together).
    pub daily_budget: u32,
    /// When the daily notification fires, local time `HH:MM`.
    pub notify_at: String,
    pub notifications: bool,
    pub circle_gaps: CircleGaps,
    /// Where phone numbers written without a country code are from (ISO 3166 alpha-2, "DE"):
    /// first taken from the system's locale, then the user's to change.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub default_region: Option<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            daily_budget: 5,
            notify_at: "09:00".into(),
            notifications: true,
            circle_gaps: CircleGaps::default(),
            default_region: None,
        }
    }
}

/// Which list of Today a suggestion (and the feedback on it) belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[derive(AsRefStr, Display, EnumString, IntoStaticStr, VariantArray)]
#[strum(serialize_all = "camelCase")]
pub enum Lane {
    /// Ties that are due for contact.
    ReachOut,
    /// Dormant ties that were once strong.
    Reconnect,
    /// Help and introduction opportunities.
    Help,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[derive(AsRefStr, Display, EnumString, IntoStaticStr, VariantArray)]
#[strum(serialize_all = "camelCase")]
pub enum FeedbackAction {
    /// Acted on (the app opens Log prefilled): quiet for a few days.
    Done,
    /// Hidden until a date.
    Snoozed,
    /// Not now: lower weight for a while.
    Dismissed,
}

/// The user's answer to a suggestion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Feedback {
    pub id: i64,
    pub contact: ContactRef,
    pub lane: Lane,
    pub action: FeedbackAction,
    /// For a snooze: the day it comes back.
    pub until: Option<NaiveDate>,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[derive(AsRefStr, Display, EnumString, IntoStaticStr, VariantArray)]
#[strum(serialize_all = "lowercase")]
pub enum ReminderSource {
    Manual,
    /// Something I promised in an interaction.
    Promise,
    Date,
    Engine,
    /// Something the contact promised me in an interaction.
    #[serde(rename = "their_promise")]
    #[strum(serialize = "their_promise")]
    TheirPromise,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[derive(AsRefStr, Display, EnumString, IntoStaticStr, VariantArray)]
#[strum(serialize_all = "lowercase")]
pub enum ReminderStatus {
    Open,
    Done,
    Snoozed,
    Dismissed,
}

/// A dated follow-up with a contact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Reminder {
    pub id: i64,
    pub contact: ContactRef,
    pub due_on: NaiveDate,
    pub text: String,
    pub source: ReminderSource,
    pub status: ReminderStatus,
    pub snoozed_until: Option<NaiveDate>,
    pub interaction_id: Option<i64>,
    pub created_at: DateTime<Utc>,
}

/// A manual follow-up to add.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NewReminder {
    pub contact_id: i64,
    pub due_on: NaiveDate,
    pub text: String,
}

// Relationships ------------------------------------------------------------------------------

/// What one person is to another, from the first one's side: "Ana is Bo's **manager**" is
/// `(Ana, Manager, Bo)`, which Bo's page says as "Ana, manager" and Ana's as "Bo, reports to
/// Ana" (`Report`). Each directed role has its mirror ([`Role::mirror`]); the others are the
/// same from both sides. `Introduced` and `IntroducedBy` are the contact's "introduced by".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[derive(AsRefStr, Display, EnumString, IntoStaticStr, VariantArray)]
#[strum(serialize_all = "camelCase")]
pub enum Role {
    Partner,
    Parent,
    Child,
    Sibling,
    /// Family, other than partner, parent, child or sibling.
    Family,
    Friend,
    Colleague,
    Manager,
    Report,
    Mentor,
    Mentee,
    /// They introduced the other person to me.
    Introduced,
    /// They were introduced to me by the other person.
    IntroducedBy,
    /// They know each other, nothing more said.
    Knows,
}

impl Role {
    /// The same relationship from the other person's side: a manager's other is a report.
    pub fn mirror(self) -> Role {
        match self {
            Role::Parent => Role::Child,
            Role::Child => Role::Parent,
            Role::Manager => Role::Report,
            Role::Report => Role::Manager,
            Role::Mentor => Role::Mentee,
            Role::Mentee => Role::Mentor,
            Role::Introduced => Role::IntroducedBy,
            Role::IntroducedBy => Role::Introduced,
            same => same,
        }
    }

    /// "`who` is `whose`'s manager", "`who` reports to `whose`", "`who` introduced `whose`":
    /// the relationship said in a sentence.
    pub fn sentence(self, who: &str, whose: &str) -> String {
        match self {
            Role::Report => format!("{who} reports to {whose}"),
            Role::Mentee => format!("{who} is mentored by {whose}"),
            Role::Introduced => format!("{who} introduced {whose}"),
            Role::IntroducedBy => format!("{who} was introduced by {whose}"),
            Role::Knows => format!("{who} knows {whose}"),
            Role::Family => format!("{who} is family of {whose}"),
            other => format!("{who} is {whose}’s {}", other.as_ref()),
        }
    }

    /// Family, work or other, as the person page groups them.
    pub fn group(self) -> RoleGroup {
        match self {
            Role::Partner | Role::Parent | Role::Child | Role::Sibling | Role::Family => {
                RoleGroup::Family
            }
            Role::Colleague | Role::Manager | Role::Report | Role::Mentor | Role::Mentee => {
                RoleGroup::Work
            }
            Role::Introduced | Role::IntroducedBy => RoleGroup::Introductions,
            Role::Friend | Role::Knows => RoleGroup::Others,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum RoleGroup {
    Family,
    Work,
    Introductions,
    Others,
}

/// A relationship to add or remove: `contact` is `other`'s `role` ("Ana is Bo's manager").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RelationshipInput {
    pub contact: i64,
    pub role: Role,
    pub other: i64,
    #[serde(default)]
    #[ts(optional = nullable)]
    pub note: Option<String>,
    #[serde(default)]
    #[ts(optional = nullable)]
    pub since: Option<NaiveDate>,
}

/// Someone in a person's life, seen from that person's page: `other` is their `role`
/// ("Ana: manager" on Bo's page).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Relationship {
    pub other: ContactRef,
    pub role: Role,
    pub note: Option<String>,
    pub since: Option<NaiveDate>,
    /// The other person's birthday, for family ("ask about her daughter").
    pub birthday: Option<ImportantDate>,
}

/// Someone a person took part in interactions with, inferred from the history: they know
/// each other.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Acquaintance {
    pub other: ContactRef,
    /// How many live interactions both took part in.
    pub shared: u32,
    pub last_at: DateTime<Utc>,
}

/// Two people who took part in live interactions together: `a < b`, and how many they shared
/// (the map links them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Knows {
    pub a: i64,
    pub b: i64,
    pub shared: u32,
}

/// The people around a person: who they are to them, as the user said, and who they were
/// seen with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PeopleAround {
    /// By group (family, work, introductions, others), then by name.
    pub relationships: Vec<Relationship>,
    /// Most shared interactions first, at most [`PeopleAround::KNOWN_MAX`]; people already in
    /// `relationships` are left out.
    pub known: Vec<Acquaintance>,
    /// How many more were seen with them than `known` lists.
    pub known_more: u32,
}

impl PeopleAround {
    pub const KNOWN_MAX: usize = 12;
}

// Duplicates ---------------------------------------------------------------------------------

/// How sure Kith is that two contacts are one person (see `identity`'s module doc).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    TS,
    AsRefStr,
    Display,
    EnumString,
    IntoStaticStr,
    VariantArray,
)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum MatchVerdict {
    /// The evidence agrees: merging is offered first.
    Same,
    /// Something is shared but something else differs (a family's email, the same name and
    /// nothing more): the person decides.
    Possible,
}

/// One side of a possible duplicate, with what tells the two apart at a glance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DuplicateSide {
    pub id: i64,
    pub name: String,
    pub company: Option<String>,
    /// The first email address, as written.
    pub email: Option<String>,
    /// The first phone number, as written.
    pub phone: Option<String>,
    pub archived: bool,
}

/// Two contacts that may be one person (`a.id < b.id`), with the evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DuplicatePair {
    pub a: DuplicateSide,
    pub b: DuplicateSide,
    pub verdict: MatchVerdict,
    /// 0–100: how likely the two are one person.
    pub confidence: u8,
    /// Facts for and against, each a short sentence naming the values ("same email
    /// ana@acme.com", "Bob is a nickname of Robert"): identifiers first, then names, then
    /// company, email domain and website.
    pub evidence: Vec<String>,
}

/// A contact's picture, as imported from a vCard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Photo {
    /// `image/jpeg`, `image/png`, ...
    pub mime: String,
    pub data: Vec<u8>,
}

/// An import that wrote something, to list and undo.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportRecord {
    pub id: i64,
    pub at: DateTime<Utc>,
    /// The file, as it was named when imported.
    pub path: String,
    /// `vcard`, `linkedin`, `google`...
    pub format: String,
    pub created: u32,
    pub merged: u32,
    pub undone_at: Option<DateTime<Utc>>,
}

/// What undoing an import did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportUndo {
    pub id: i64,
    /// Contacts the import created, now in the trash.
    pub trashed: Vec<ContactRef>,
    /// Contacts the import changed, with what it filled taken back.
    pub restored: Vec<ContactRef>,
    /// What could not be undone, and why ("Ana Ruiz was merged into Ana R. since").
    pub kept: Vec<String>,
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use serde::de::DeserializeOwned;

    /// Every variant's text form (`as_ref`, `Display`, `FromStr`) is its serde name, so the
    /// database, the files and the CLI read and write the same strings as the UI.
    pub(crate) fn text_is_serde_name<T>()
    where
        T: VariantArray + AsRef<str> + std::fmt::Display + std::str::FromStr,
        T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug,
        <T as std::str::FromStr>::Err: std::fmt::Debug,
    {
        for v in T::VARIANTS {
            let serde_name = serde_json::to_value(v).expect("serialize");
            assert_eq!(serde_name, serde_json::Value::String(v.as_ref().into()));
            assert_eq!(v.to_string(), v.as_ref());
            assert_eq!(&v.as_ref().parse::<T>().expect("parse"), v);
            let back: T = serde_json::from_value(serde_name).expect("deserialize");
            assert_eq!(&back, v);
        }
    }

    #[test]
    fn enum_text_forms_are_the_serde_names() {
        text_is_serde_name::<Circle>();
        text_is_serde_name::<ChannelKind>();
        text_is_serde_name::<ContactSort>();
        text_is_serde_name::<InteractionKind>();
        text_is_serde_name::<Initiator>();
        text_is_serde_name::<AskKind>();
        text_is_serde_name::<AskStatus>();
        text_is_serde_name::<SearchKind>();
        text_is_serde_name::<TrashKind>();
        text_is_serde_name::<BackupKind>();
        text_is_serde_name::<Lane>();
        text_is_serde_name::<FeedbackAction>();
        text_is_serde_name::<ReminderSource>();
        text_is_serde_name::<ReminderStatus>();
        text_is_serde_name::<TitleKind>();
        text_is_serde_name::<MatchVerdict>();
        text_is_serde_name::<MergeField>();
        assert_eq!(Lane::ReachOut.as_ref(), "reachOut");
        assert_eq!(BackupKind::Manual.as_ref(), "manual");
        assert_eq!(BackupKind::BeforeImport.as_ref(), "beforeImport");
        assert_eq!(BackupKind::BeforeMerge.as_ref(), "beforeMerge");
        assert_eq!(ContactSort::LastContact.as_ref(), "lastContact");
    }
}
