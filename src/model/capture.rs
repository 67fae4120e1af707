//! Capture: the files Kith reads interactions from (sources), what a read of one found, and
//! the queue of people the user writes to or meets who are not in Kith yet.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use strum::{AsRefStr, Display, EnumString, IntoStaticStr, VariantArray};
use ts_rs::TS;

use super::ContactRef;

/// What kind of file a source is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
#[derive(AsRefStr, Display, EnumString, IntoStaticStr, VariantArray)]
#[strum(serialize_all = "kebab-case")]
pub enum SourceKind {
    /// An iCalendar file (or a zip of them, as Google Calendar exports).
    Ics,
    /// An mbox file (Gmail Takeout, Thunderbird folders, Apple Mail exports).
    Mbox,
    /// A Maildir folder (mutt, notmuch, Evolution, offlineimap).
    Maildir,
    /// An Android call log or texts backup of "SMS Backup & Restore" (`calls-*.xml`,
    /// `sms-*.xml`).
    SmsBackup,
    /// A WhatsApp "Export chat" file (`.txt`, or the `.zip` with its media).
    Whatsapp,
    /// A Telegram Desktop export (`result.json`).
    Telegram,
    /// LinkedIn's `messages.csv` (from "Get a copy of your data").
    LinkedinMessages,
    /// A JSON export of `signal-export`.
    Signal,
}

impl SourceKind {
    /// A phone or chat export: its people are numbers and names, not email addresses, and it
    /// is read whole each time it is replaced by a newer export.
    pub fn is_convo(self) -> bool {
        !matches!(self, Self::Ics | Self::Mbox | Self::Maildir)
    }

    /// The app, as people call it ("WhatsApp").
    pub fn app(self) -> &'static str {
        match self {
            Self::Ics => "Calendar",
            Self::Mbox | Self::Maildir => "Mail",
            Self::SmsBackup => "Phone",
            Self::Whatsapp => "WhatsApp",
            Self::Telegram => "Telegram",
            Self::LinkedinMessages => "LinkedIn",
            Self::Signal => "Signal",
        }
    }
}

/// Whether the last attempt to read a source could.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[derive(AsRefStr, Display, EnumString, IntoStaticStr, VariantArray)]
#[strum(serialize_all = "lowercase")]
pub enum SourceStatus {
    Ok,
    /// The file or folder is not there any more (what it brought stays).
    Missing,
    /// It is there but could not be read (permissions, not a mailbox any more…).
    Unreadable,
}

/// How many items were left out for one reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SkipCount {
    pub reason: String,
    pub count: u32,
}

/// What reading a source has brought, over every read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SourceTotals {
    /// Messages or meeting occurrences read.
    pub read: u32,
    /// Of those, new to Kith (not read before from this or another source).
    pub new_items: u32,
    /// Interactions made from them.
    pub interactions: u32,
    /// Items left out, by reason (lists and machines, no other person, declined…).
    pub skipped: Vec<SkipCount>,
}

impl SourceTotals {
    /// Counts one item left out for `reason`.
    pub fn skip(&mut self, reason: &str) {
        match self.skipped.iter_mut().find(|s| s.reason == reason) {
            Some(s) => s.count += 1,
            None => self.skipped.push(SkipCount {
                reason: reason.to_owned(),
                count: 1,
            }),
        }
    }

    /// Adds `other`'s counts to these.
    pub fn add(&mut self, other: &SourceTotals) {
        self.read += other.read;
        self.new_items += other.new_items;
        self.interactions += other.interactions;
        for s in &other.skipped {
            match self.skipped.iter_mut().find(|t| t.reason == s.reason) {
                Some(t) => t.count += s.count,
                None => self.skipped.push(s.clone()),
            }
        }
    }
}

/// A file or folder Kith reads interactions from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Source {
    pub id: i64,
    pub kind: SourceKind,
    pub path: String,
    pub added_at: DateTime<Utc>,
    /// When a read last completed.
    #[ts(optional = nullable)]
    pub read_at: Option<DateTime<Utc>>,
    pub status: SourceStatus,
    /// The text of its messages is kept (the person turned it on); otherwise only who, when
    /// and the subject.
    pub keep_text: bool,
    /// Why it could not be read, when it could not.
    #[ts(optional = nullable)]
    pub message: Option<String>,
    pub totals: SourceTotals,
    /// In a chat export: the name (or id) in the file that is the person's, as they said it
    /// or as Kith took it.
    #[ts(optional = nullable)]
    pub me: Option<String>,
}

/// Per contact, what a read found of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CaptureCount {
    pub contact: ContactRef,
    pub emails: u32,
    pub meetings: u32,
    /// Texts and chat messages.
    pub messages: u32,
    /// Answered calls.
    pub calls: u32,
}

impl CaptureCount {
    /// Everything counted.
    pub fn total(&self) -> u32 {
        self.emails + self.meetings + self.messages + self.calls
    }
}

/// What one read of a source did (or, in a preview, would do).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ScanReport {
    pub source: Source,
    /// This read's counts (the source's `totals` hold every read's).
    pub totals: SourceTotals,
    /// Items read again that were in Kith already (this or another source had them).
    pub known: u32,
    /// The people items were found with, most first.
    pub contacts: Vec<CaptureCount>,
    /// Messages or events that could not be read, each with why (the first 50).
    pub problems: Vec<String>,
    /// In a preview: the people on it who are not in Kith, as the queue would offer them
    /// (both wrote, or met); empty after a read that kept what it found (see the queue).
    pub unknowns: Vec<Unknown>,
    /// False for a preview (`--dry-run`): nothing was written.
    pub committed: bool,
}

/// Someone the user writes to or meets who is not in Kith: an address on captured items that
/// is no contact's. `email` holds any address: an email, `tel:+E164` (or `tel:` and the
/// digits of a number that does not parse), `whatsapp:<name>`, `telegram:<id>`,
/// `linkedin:<profile URL>`, `signal:<number or name>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Unknown {
    pub email: String,
    /// The address as a person reads it: an email as it is, a number as a number, a chat
    /// name with its app ("Ana Ruiz (WhatsApp)").
    #[serde(default)]
    pub label: String,
    /// The name they go by on the newest item that gives one.
    #[ts(optional = nullable)]
    pub name: Option<String>,
    /// Messages (emails, texts, chat messages) the user wrote with them on it.
    pub sent: u32,
    /// Messages they wrote to the user.
    pub received: u32,
    /// Meetings with them.
    pub met: u32,
    /// Answered calls with them.
    pub calls: u32,
    pub first_at: DateTime<Utc>,
    pub last_at: DateTime<Utc>,
}

impl Unknown {
    /// Both wrote to each other, or they met or spoke: someone the user knows, not a sender.
    pub fn is_two_way(&self) -> bool {
        self.met > 0 || self.calls > 0 || (self.sent > 0 && self.received > 0)
    }
}

/// An address on many of a source's messages or events: likely the person's own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct OwnAddress {
    pub email: String,
    /// On how many of the messages (events) looked at…
    pub on: u32,
    /// …of this many.
    pub of: u32,
}

/// One message (or meeting) an interaction was made of.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CapturedMessage {
    pub occurred_at: DateTime<Utc>,
    /// The user wrote (or organised) it.
    pub from_me: bool,
    /// Who else wrote it (their name, else their address), when the user did not.
    #[ts(optional = nullable)]
    pub from: Option<String>,
    pub subject: String,
    /// What it says, when its source keeps the text of messages.
    #[ts(optional = nullable)]
    pub text: Option<String>,
}

/// A mail folder or calendar of another app, found where that app keeps it and offered as a
/// source (`kith source found`): only listed, never read until the person adds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FoundSource {
    /// The file or folder, as `kith source add` takes it.
    pub path: String,
    pub kind: SourceKind,
    /// The app that keeps it: "Thunderbird" or "Evolution".
    pub app: String,
    /// How to show it: "Thunderbird · Local Folders · Inbox (profile abc.default-release)".
    pub label: String,
    /// Its size (a Maildir's: its messages' together).
    pub bytes: u64,
}

/// What Kith must ask before it reads a phone or chat export, with what it offers as the
/// answers (`Store::export_questions`). Mail and calendar files ask nothing here (they need
/// the person's own addresses instead): their questions are all off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExportQuestions {
    /// What the file is (detected from the path when not said).
    pub kind: SourceKind,
    /// The people in it who could be the person, the likeliest first.
    pub authors: Vec<ExportAuthor>,
    /// Who Kith takes the person to be: the export says so, or (WhatsApp) the name the
    /// person gave for another chat, else the most frequent author. Offered first.
    pub me: Option<String>,
    /// The person must say which of `authors` they are.
    pub ask_me: bool,
    /// Every date in the file reads both day first and month first: the person chooses.
    pub ask_date_order: bool,
    /// For an ambiguous order: the one under which the dates run forward in time, when one
    /// does.
    pub likely_day_first: Option<bool>,
}

/// Someone in a chat export, as offered for "this is me".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExportAuthor {
    /// As the export writes them.
    pub name: String,
    /// What to give as `me` to say this is the person (a name, `user<ID>`, a profile URL).
    pub key: String,
    /// The messages they wrote (WhatsApp, Telegram)…
    pub messages: Option<u32>,
    /// …or the conversations they are in (LinkedIn).
    pub conversations: Option<u32>,
}
