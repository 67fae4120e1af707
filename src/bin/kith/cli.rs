//! The command line as clap parses it: every verb, flag and default of the `kith` CLI.
//!
//! This is the contract scripts rely on: extend it, never rename or remove a verb or a flag.
//! Dates, times and contact names are taken as text here and parsed by the verbs, so a bad
//! value is a one-line error naming the flag (exit 1), not a usage error (exit 2).

use std::path::PathBuf;

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::{ArgGroup, Args, Parser, Subcommand, ValueEnum};
use kith::io::{ExportFormat, ImportFormat};
use kith::model::{
    Circle, ContactSort, Initiator, InteractionKind, Lane, MergeField, Role, TrashKind,
};
use strum::VariantArray;

#[derive(Debug, Parser)]
#[command(
    name = "kith",
    version,
    about = "Kith: a private CRM for the people you know",
    after_help = "A CONTACT argument is an id, a name or the unambiguous start of one \
                  (ignoring case and accents), or `me` for yourself.\n\
                  Global flags (--db, --json) go before or after the subcommand."
)]
pub struct Cli {
    /// Database file (default: $KITH_DB, else ~/.local/share/kith/kith.db).
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Print machine-readable JSON instead of text (errors too, on stderr).
    #[arg(long, global = true)]
    pub json: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Add, list, show, edit, delete and restore contacts.
    #[command(subcommand)]
    Contact(ContactCommand),
    /// Log an interaction (a meeting, a call, a note...) with one or more contacts.
    Log(LogArgs),
    /// A contact's interactions, newest first.
    Timeline(TimelineArgs),
    /// Show or delete one logged interaction.
    #[command(subcommand)]
    Interaction(InteractionCommand),
    /// The shared vocabulary of interests.
    #[command(subcommand)]
    Interest(InterestCommand),
    /// Needs and offers of contacts (or of `me`).
    #[command(subcommand)]
    Ask(AskCommand),
    /// How people know each other: "Ana is Bo's manager", and who they were seen with.
    #[command(subcommand)]
    Relation(RelationCommand),
    /// Record that A is B's TYPE: `kith relate Ana Bo --as manager` (Ana is Bo's manager; Bo's
    /// page says Bo reports to Ana). The same as `kith relation add A TYPE B`.
    Relate(RelateArgs),
    /// Remove what A is to B (`--as TYPE`), or every relationship recorded between them.
    Unrelate {
        /// The first person.
        a: String,
        /// The second person.
        b: String,
        /// Only this one (what A is to B).
        #[arg(long = "as", value_name = "TYPE", value_parser = model_enum::<Role>(&[]))]
        role: Option<Role>,
    },
    /// Search contacts, interactions, needs and offers (every word matches as a prefix).
    Search(SearchArgs),
    /// Deleted contacts and interactions: restorable for 30 days, then purged.
    #[command(subcommand)]
    Trash(TrashCommand),
    /// Add a synthetic network (for benchmarks, demos and tests at scale); the same as
    /// `kith dev seed`.
    Seed(SeedArgs),
    /// Developer tools: a synthetic network for benchmarks.
    #[command(subcommand)]
    Dev(DevCommand),
    /// Import people from a vCard (.vcf), LinkedIn or Google CSV, or restore a Kith JSON export.
    Import(ImportArgs),
    /// Export contacts (vCard 4.0), reminders and dates (iCalendar) or everything (JSON).
    Export(ExportArgs),
    /// Merge a duplicate into a contact: OTHER's interactions, needs, offers, reminders,
    /// channels, tags and dates go to KEEP, and OTHER is deleted.
    Merge {
        /// The contact to keep.
        keep: String,
        /// The duplicate to merge into it.
        other: String,
        /// Show the contact as the merge would leave it, and write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Take these fields' values from OTHER where both have one (by default KEEP's
        /// values win and OTHER only fills what KEEP lacks). Repeat or separate by commas.
        #[arg(long, value_name = "FIELD", value_delimiter = ',', value_parser = model_enum::<MergeField>(&[]))]
        take: Vec<MergeField>,
    },
    /// Take back the last merge into CONTACT: the merged-away person comes back as they were,
    /// with the interactions, needs, offers, help and reminders they brought.
    Unmerge {
        /// The contact another one was merged into.
        contact: String,
    },
    /// Contacts that may be one person, by confidence, with the evidence: merge them with
    /// `kith merge KEEP OTHER`, or say they are two people with `kith not-duplicate A B`.
    Duplicates {
        /// Show at most N pairs (the most likely first).
        #[arg(long, value_name = "N")]
        limit: Option<u32>,
    },
    /// Say that two contacts are not the same person: the pair is never offered as a
    /// duplicate again.
    NotDuplicate {
        /// One contact.
        a: String,
        /// The other.
        b: String,
    },
    /// Back up the database now, list its backups, or restore one.
    #[command(subcommand)]
    Backup(BackupCommand),
    /// Sync with your other computers through a folder a sync tool keeps the same on each
    /// (Syncthing, Nextcloud, Dropbox, iCloud Drive…): set up, run now, status, conflicts.
    #[command(subcommand)]
    Sync(SyncCommand),
    /// Who to reach out to today and why, help you can give, follow-ups due; or your answer
    /// to a suggestion (`kith today done|snooze|dismiss CONTACT`).
    Today(TodayArgs),
    /// Relationship health (0-100) with its components: of one contact, or of everyone.
    Health(HealthArgs),
    /// Needs you can help with, introductions worth making, and who can help you.
    HelpOpportunities(AsOfArgs),
    /// Introductions worth making: a need of one contact that another's offer fits, never
    /// between people who already know each other.
    Introductions(AsOfArgs),
    /// Calendar events of the next days with people in Kith, with a brief on each of them.
    Upcoming(UpcomingArgs),
    /// What to have in mind before meeting CONTACT: your last interactions, open follow-ups,
    /// their needs (and what of yours fits), shared interests, a date coming up, health.
    Brief(BriefArgs),
    /// How your network is doing: people and health per circle, the weekly trend, fading
    /// and one-sided ties, activity over the last year; or the map of the network (`--map`).
    Review(ReviewArgs),
    /// Dated follow-ups: add, list (overdue, due, upcoming), done, snooze.
    #[command(subcommand)]
    Remind(RemindCommand),
    /// Show the follow-up settings (daily budget, notifications, circle gaps), or change
    /// some of them with `kith settings set`.
    Settings {
        #[command(subcommand)]
        action: Option<SettingsAction>,
    },
    /// Calendars, mailboxes and phone and chat exports Kith reads interactions from, and keeps
    /// reading as they grow or are replaced by newer exports.
    #[command(subcommand)]
    Source(crate::capture::SourceCommand),
    /// People you write to, call or meet who are not in Kith: list them, or add, link or ignore
    /// one.
    Unknown(crate::capture::UnknownArgs),
    /// You: your own email addresses.
    #[command(subcommand)]
    Me(crate::capture::MeCommand),
    /// Today's notification, once a day: print it and show it on the desktop (for a daily
    /// timer or cron; `kith agent install` sets one up). Quiet when nothing is due.
    Notify(NotifyArgs),
    /// The daily notification from a systemd user timer: install, uninstall or check it.
    #[command(subcommand)]
    Agent(AgentCommand),
}

impl Command {
    /// Whether this run must write nothing at all: no database file for a path that does
    /// not exist, no daily backup or check record, no calendar (see `Store::open_dry_run`).
    pub fn is_dry_run(&self) -> bool {
        match self {
            Command::Import(args) => args.dry_run,
            Command::Merge { dry_run, .. } => *dry_run,
            _ => false,
        }
    }
}

#[derive(Debug, Args)]
#[command(
    after_help = "It follows the app's rules: at most once a day (the app and a second run \
                  show nothing more that day), only when something is due, never when \
                  notifications are off (`kith settings set --notifications on|off`). A day \
                  the machine was off gives no backlog: only today counts. It exits with \
                  status 0 whether or not something was due.\n\
                  With --json it prints {\"day\", \"title\", \"body\"} (the body's lines \
                  separated by \\n), or null when there is nothing to show."
)]
pub struct NotifyArgs {
    /// Show today's notification even if it was already shown (or paused) today.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Subcommand)]
pub enum AgentCommand {
    /// Write a systemd user timer that runs `kith notify` every day at the notification time
    /// (and at boot when a run was missed), and enable it.
    Install {
        /// The time, local HH:MM; it also becomes the notification time of the settings, so
        /// that the app notifies at the same time (default: the settings' time).
        #[arg(long, value_name = "HH:MM")]
        at: Option<String>,
    },
    /// Disable and remove the timer (nothing to do when it is not installed).
    Uninstall,
    /// Whether the timer is installed, its time and its next run.
    Status,
}

#[derive(Debug, Subcommand)]
pub enum SettingsAction {
    /// Show the settings (the default).
    Show,
    /// Change the settings named by the flags; the others keep their value.
    Set(SettingsSetArgs),
}

#[derive(Debug, Args)]
pub struct SettingsSetArgs {
    /// How many people Today suggests at most (0 to 50).
    #[arg(long, value_name = "N")]
    pub daily_budget: Option<u32>,
    /// Whether Kith shows a desktop notification when something is due.
    #[arg(long, value_name = "on|off", value_parser = parse_on_off)]
    pub notifications: Option<bool>,
    /// When the daily notification comes, local time HH:MM.
    #[arg(long, value_name = "HH:MM")]
    pub notify_at: Option<String>,
    /// Target gap of the inner circle, in days.
    #[arg(long, value_name = "DAYS")]
    pub gap_inner: Option<u32>,
    /// Target gap of the close circle, in days.
    #[arg(long, value_name = "DAYS")]
    pub gap_close: Option<u32>,
    /// Target gap of the network circle, in days.
    #[arg(long, value_name = "DAYS")]
    pub gap_network: Option<u32>,
    /// Target gap of the wider circle (and of people in no circle), in days.
    #[arg(long, value_name = "DAYS")]
    pub gap_wider: Option<u32>,
}

fn parse_on_off(s: &str) -> Result<bool, String> {
    match s.to_ascii_lowercase().as_str() {
        "on" | "true" | "yes" => Ok(true),
        "off" | "false" | "no" => Ok(false),
        _ => Err(format!("\"{s}\" is not on or off")),
    }
}

#[derive(Debug, Args)]
#[command(
    after_help = "Without --format the format is taken from the file: its extension (.vcf, \
                  .json) and its first lines (a vCard, or the header row of a LinkedIn, \
                  Google, Outlook or Thunderbird CSV, in English, German or French). People already in Kith (same email, phone, or name and company) \
                  are merged, never duplicated. The import is all or nothing.\n\
                  --format interactions reads a CSV with a header row: when, participants \
                  (separated by ;), and optionally kind, initiated_by, summary, notes; \
                  unknown participants become contacts. Any bad line (named in the error) \
                  means nothing is written.\n\
                  Every import that writes is recorded: `kith import list` shows them, \
                  `kith import undo ID` takes one back.",
    args_conflicts_with_subcommands = true,
    subcommand_negates_reqs = true
)]
pub struct ImportArgs {
    #[command(subcommand)]
    pub action: Option<ImportCommand>,
    /// The file to import.
    #[arg(required = true)]
    pub file: Option<PathBuf>,
    /// Your choice for one record, overriding the plan: LINE=create, LINE=skip or
    /// LINE=merge:CONTACT_ID (LINE as the plan shows it; repeat for several).
    #[arg(long = "decide", value_name = "LINE=ACTION", value_parser = parse_decision)]
    pub decisions: Vec<kith::io::ImportDecision>,
    /// What the file is.
    #[arg(long, value_parser = model_enum::<ImportFormat>(&[]))]
    pub format: Option<ImportFormat>,
    /// Only show what would be created, merged and skipped; write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// The imports that wrote something, newest first.
    List,
    /// Take an import back: the people it created go to the trash, what it filled into
    /// people already in Kith is taken back (unless edited since).
    Undo {
        /// The import's number, as `kith import list` shows it.
        id: i64,
    },
}

/// `12=create`, `12=skip` or `12=merge:3`.
fn parse_decision(s: &str) -> Result<kith::io::ImportDecision, String> {
    use kith::io::{ImportDecision, PlanAction};
    let bad = || format!("\"{s}\" is not LINE=create, LINE=skip or LINE=merge:CONTACT_ID");
    let (line, action) = s.split_once('=').ok_or_else(bad)?;
    let line: u64 = line.trim().parse().map_err(|_| bad())?;
    let (action, into) = match action.trim() {
        "create" => (PlanAction::Create, None),
        "skip" => (PlanAction::Skip, None),
        other => {
            let id = other.strip_prefix("merge:").ok_or_else(bad)?;
            (
                PlanAction::Merge,
                Some(id.trim().parse().map_err(|_| bad())?),
            )
        }
    };
    Ok(ImportDecision { line, action, into })
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// What to write.
    #[arg(long, value_parser = model_enum::<ExportFormat>(&[]))]
    pub format: ExportFormat,
    /// The file to write (readable by you only); default: standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Export only this contact (vCard; repeat for several).
    #[arg(long = "contact", value_name = "CONTACT")]
    pub contacts: Vec<String>,
}

#[derive(Debug, Subcommand)]
pub enum SyncCommand {
    /// Set up sync through FOLDER. A folder never used for Kith gets a new recovery key,
    /// printed once: keep it, every other device needs it to join. A folder set up before
    /// is joined with its key (--key).
    Setup {
        /// The synced folder (it must exist; Kith writes into FOLDER/kith).
        folder: PathBuf,
        /// This device's name as the others show it (default: this computer's name).
        #[arg(long)]
        device: Option<String>,
        /// Join with this recovery key or passphrase; for a new folder, a passphrase to use
        /// instead of a generated recovery key.
        #[arg(long)]
        key: Option<String>,
    },
    /// Write this device's changes out and apply the other devices' now.
    Now,
    /// Devices seen, what is applied from each, changes waiting, conflicts.
    Status,
    /// Values that lost to a change made on another device at the same time; `keep ID
    /// other` puts the replaced value back.
    Conflicts {
        #[command(subcommand)]
        action: Option<ConflictAction>,
    },
    /// Stop writing out and reading in until `resume` (changes made meanwhile wait).
    Pause,
    /// Sync again after `pause`.
    Resume,
    /// Turn sync off on this computer: its data stays, the folder is not touched; `setup`
    /// can be run again (into a new folder after the old one was lost).
    Leave,
}

#[derive(Debug, Subcommand)]
pub enum ConflictAction {
    /// `keep ID other`: put back the value conflict ID replaced, on every device.
    Keep {
        /// The conflict, as `kith sync conflicts` lists it.
        id: String,
        /// `other`: the value that was replaced.
        #[arg(value_parser = ["other"])]
        which: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum BackupCommand {
    /// Take a backup now (into the `<database>-backups` folder beside it); it is kept for 30
    /// days and replaces no other backup.
    Create,
    /// The backups, newest first.
    List,
    /// Replace the database with a backup; what it held before is saved as a backup first.
    #[command(group(ArgGroup::new("which").required(true).args(["file", "newest"])))]
    Restore {
        /// A backup file, as `kith backup list` prints it.
        file: Option<PathBuf>,
        /// For a damaged database that cannot be opened: set it aside and restore the newest
        /// healthy backup.
        #[arg(long)]
        newest: bool,
    },
}

// Engine --------------------------------------------------------------------------------------

#[derive(Debug, Args)]
#[command(
    args_conflicts_with_subcommands = true,
    after_help = "--as-of takes YYYY-MM-DD (the end of that day, local time) or an RFC 3339 \
                  timestamp: the engine runs as if it were then, using only interactions \
                  before it."
)]
pub struct TodayArgs {
    #[command(subcommand)]
    pub action: Option<TodayAction>,
    /// Evaluate as of this moment instead of now.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// Suggest at most N people (default: the daily budget, 5).
    #[arg(long, value_name = "N")]
    pub limit: Option<u32>,
}

#[derive(Debug, Subcommand)]
pub enum TodayAction {
    /// You acted on the suggestion (log the interaction too): quiet for 3 days.
    Done(FeedbackArgs),
    /// Hide the suggestion until a date.
    Snooze(SnoozeFeedbackArgs),
    /// Not now: shown lower for 30 days.
    Dismiss(FeedbackArgs),
}

#[derive(Debug, Args)]
pub struct FeedbackArgs {
    /// The suggested contact.
    pub contact: String,
    /// Which list the suggestion was in.
    #[arg(long, value_parser = model_enum::<Lane>(&[]), default_value = "reach-out")]
    pub lane: Lane,
}

#[derive(Debug, Args)]
pub struct SnoozeFeedbackArgs {
    #[command(flatten)]
    pub feedback: FeedbackArgs,
    /// The day it comes back (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", required = true)]
    pub until: String,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Events come from your calendar sources (`kith source add FILE.ics`), \
                        read up to 30 days ahead; `kith source scan` reads them again."
)]
pub struct UpcomingArgs {
    /// How many days ahead to look (at most 30).
    #[arg(long, value_name = "N", default_value_t = 7)]
    pub days: u32,
    /// Look from this moment instead of now: YYYY-MM-DD (the end of that day) or RFC 3339.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
}

#[derive(Debug, Args)]
pub struct BriefArgs {
    /// The contact.
    pub contact: String,
    /// As of this moment instead of now: YYYY-MM-DD (the end of that day) or RFC 3339.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
}

#[derive(Debug, Args)]
pub struct HealthArgs {
    /// One contact (default: everyone but you and the archived, by name).
    pub contact: Option<String>,
    /// With a contact: their weekly health and warmth over the last year (the person page's
    /// chart) instead.
    #[arg(long, requires = "contact")]
    pub over_time: bool,
    #[command(flatten)]
    pub as_of: AsOfArgs,
}

#[derive(Debug, Args)]
#[command(
    after_help = "With --json: one object with circles, trend, fading, oneSided and activity \
                  (or, with --map, the map's nodes and edges)."
)]
pub struct ReviewArgs {
    #[command(flatten)]
    pub as_of: AsOfArgs,
    /// Print the map of the network (people, shared interests, introductions) instead.
    #[arg(long)]
    pub map: bool,
    /// With --map: at most N people, the closest circles first (default 2000).
    #[arg(long, value_name = "N", requires = "map")]
    pub limit: Option<u32>,
    /// Also print how long each panel took to compute, on standard error.
    #[arg(long)]
    pub timings: bool,
}

#[derive(Debug, Args)]
pub struct AsOfArgs {
    /// Evaluate as of this moment: YYYY-MM-DD (the end of that day) or RFC 3339.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum RemindCommand {
    /// Add a follow-up: `kith remind add Ana --on 2026-03-10 "send the article"`.
    Add {
        /// Who it is about.
        contact: String,
        /// When it is due (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        on: String,
        /// What to do.
        text: String,
    },
    /// Overdue, due and upcoming follow-ups (14 days ahead), and dates coming up.
    List(AsOfArgs),
    /// Mark a follow-up done.
    Done {
        /// Its id (see `kith remind list`).
        id: i64,
    },
    /// Hide a follow-up until a date, when it is due again.
    Snooze {
        /// Its id.
        id: i64,
        /// The day it comes back (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        until: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum DevCommand {
    /// Add a synthetic network of realistic shape to the database given by --db: circles in
    /// Dunbar's proportions, bursty interactions over ten years, notes from an English word
    /// frequency list.
    Seed(SeedArgs),
}

#[derive(Debug, Args)]
pub struct SeedArgs {
    /// How many people to add.
    #[arg(long, default_value_t = 1000)]
    pub contacts: u32,
    /// How many interactions to add, spread over the last ten years.
    #[arg(long, default_value_t = 0)]
    pub interactions: u32,
    /// The same seed gives the same network.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

// Contacts ---------------------------------------------------------------------------------

#[derive(Debug, Subcommand)]
pub enum ContactCommand {
    /// Add a contact.
    Add(Box<AddArgs>),
    /// List contacts (one line each; with --json an array of contact summaries).
    List(ListArgs),
    /// Show everything about a contact: details, needs and offers, latest interactions.
    Show {
        /// The contact (an id also shows a contact in the trash).
        contact: String,
    },
    /// Change a contact: each flag replaces that field, the others stay as they are.
    Edit(Box<EditArgs>),
    /// Move a contact to the trash (their interactions stay, and come back with them).
    Rm {
        /// The contact.
        contact: String,
    },
    /// Bring a contact back from the trash.
    Restore {
        /// The contact in the trash: its id (see `kith trash list`) or its name.
        contact: String,
    },
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// Full name, as you would write it.
    pub name: String,
    #[command(flatten)]
    pub fields: ContactFields,
}

/// The fields of a contact that `add` sets and `edit` replaces.
#[derive(Debug, Args)]
pub struct ContactFields {
    /// Company or organisation.
    #[arg(long, value_name = "C")]
    pub company: Option<String>,
    /// Role or job title.
    #[arg(long, value_name = "R")]
    pub role: Option<String>,
    /// Email address (repeat for several; the first is the main one).
    #[arg(long = "email", value_name = "E")]
    pub emails: Vec<String>,
    /// Phone number (repeat for several).
    #[arg(long = "phone", value_name = "P")]
    pub phones: Vec<String>,
    /// Link: a website or a profile (repeat for several).
    #[arg(long = "link", value_name = "URL")]
    pub links: Vec<String>,
    /// Where they live.
    #[arg(long, value_name = "L")]
    pub location: Option<String>,
    /// How close you are.
    #[arg(long, value_parser = model_enum::<Circle>(&[]))]
    pub circle: Option<Circle>,
    /// Keep in touch every DAYS days (default: the circle's).
    #[arg(long, value_name = "DAYS")]
    pub cadence: Option<u32>,
    /// An interest (repeat for several).
    #[arg(long = "interest", value_name = "I")]
    pub interests: Vec<String>,
    /// A tag (repeat for several).
    #[arg(long = "tag", value_name = "T")]
    pub tags: Vec<String>,
    /// How you met, in your words.
    #[arg(long, value_name = "TEXT")]
    pub met_how: Option<String>,
    /// When you met (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub met_on: Option<String>,
    /// Who introduced you.
    #[arg(long, value_name = "CONTACT")]
    pub introduced_by: Option<String>,
    /// Birthday: MM-DD, or YYYY-MM-DD with the birth year.
    #[arg(long, value_name = "DATE")]
    pub birthday: Option<String>,
    /// Free-text notes.
    #[arg(long, value_name = "TEXT", conflicts_with = "notes_file")]
    pub notes: Option<String>,
    /// Read the notes from a file (`-` for standard input).
    #[arg(long, value_name = "PATH")]
    pub notes_file: Option<PathBuf>,
}

#[derive(Debug, Args)]
#[command(
    after_help = "A text flag given an empty value (--company \"\") clears that field; \
                        --clear clears any field. --email, --phone, --link, --tag and \
                        --interest replace the whole list; --add-* and --remove-* change one \
                        entry."
)]
pub struct EditArgs {
    /// The contact to change.
    pub contact: String,
    /// A new name.
    #[arg(long, value_name = "NEW")]
    pub name: Option<String>,
    #[command(flatten)]
    pub fields: ContactFields,
    /// Add an email address.
    #[arg(long, value_name = "E")]
    pub add_email: Vec<String>,
    /// Remove an email address.
    #[arg(long, value_name = "E")]
    pub remove_email: Vec<String>,
    /// Add a phone number.
    #[arg(long, value_name = "P")]
    pub add_phone: Vec<String>,
    /// Remove a phone number.
    #[arg(long, value_name = "P")]
    pub remove_phone: Vec<String>,
    /// Add a link.
    #[arg(long, value_name = "URL")]
    pub add_link: Vec<String>,
    /// Remove a link.
    #[arg(long, value_name = "URL")]
    pub remove_link: Vec<String>,
    /// Add a tag.
    #[arg(long, value_name = "T")]
    pub add_tag: Vec<String>,
    /// Remove a tag.
    #[arg(long, value_name = "T")]
    pub remove_tag: Vec<String>,
    /// Add an interest.
    #[arg(long, value_name = "I")]
    pub add_interest: Vec<String>,
    /// Remove an interest.
    #[arg(long, value_name = "I")]
    pub remove_interest: Vec<String>,
    /// Clear a field (repeat for several).
    #[arg(long, value_enum, value_name = "FIELD")]
    pub clear: Vec<ClearField>,
    /// Archive the contact: hidden from lists unless --archived.
    #[arg(long, conflicts_with = "unarchive")]
    pub archive: bool,
    /// Bring an archived contact back into lists.
    #[arg(long)]
    pub unarchive: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ClearField {
    Company,
    Role,
    Location,
    Circle,
    Cadence,
    MetHow,
    MetOn,
    IntroducedBy,
    Birthday,
    Notes,
    Emails,
    Phones,
    Links,
    Tags,
    Interests,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Show at most N contacts (default: all).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub limit: Option<u32>,
    /// Skip the first N contacts.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub offset: u32,
    /// Only contacts whose name, company, role, location, notes, interests or one of their needs
    /// and offers have words starting so.
    #[arg(long, value_name = "Q")]
    pub search: Option<String>,
    /// Only contacts of this circle.
    #[arg(long, value_parser = model_enum::<Circle>(&[]))]
    pub circle: Option<Circle>,
    /// Only contacts with this tag.
    #[arg(long, value_name = "T")]
    pub tag: Option<String>,
    /// Only contacts with this interest (or a name merged into it).
    #[arg(long, value_name = "I")]
    pub interest: Option<String>,
    /// Order: by name, or most recently contacted first.
    #[arg(long, value_parser = sort_values(), default_value = "name")]
    pub sort: ContactSort,
    /// Include archived contacts.
    #[arg(long)]
    pub archived: bool,
}

// Interactions -----------------------------------------------------------------------------

#[derive(Debug, Args)]
#[command(
    after_help = "--at takes YYYY-MM-DD (a day, no time), \"YYYY-MM-DD HH:MM\" or \
                        YYYY-MM-DDTHH:MM[:SS] (this machine's local time), or an RFC 3339 \
                        timestamp such as 2026-03-01T09:30:00Z. A summary or notes are \
                        required."
)]
pub struct LogArgs {
    /// Who was there (repeat for several; the first is the main one).
    #[arg(long = "with", value_name = "CONTACT", required = true)]
    pub with: Vec<String>,
    /// What kind of interaction.
    #[arg(long, value_parser = model_enum::<InteractionKind>(&[]), default_value = "note")]
    pub kind: InteractionKind,
    /// When it happened (default: now).
    #[arg(long, value_name = "DATETIME")]
    pub at: Option<String>,
    /// Who reached out.
    #[arg(long, value_parser = model_enum::<Initiator>(&[]), value_name = "WHO")]
    pub initiated_by: Option<Initiator>,
    /// Help you gave a --with contact (the first, or --gave-help-to).
    #[arg(long, value_name = "TEXT")]
    pub gave_help: Option<String>,
    /// Whom --gave-help went to: one of the --with contacts.
    #[arg(long, value_name = "CONTACT", requires = "gave_help")]
    pub gave_help_to: Option<String>,
    /// Help a --with contact gave you (the first, or --got-help-from).
    #[arg(long, value_name = "TEXT")]
    pub got_help: Option<String>,
    /// Whom --got-help came from: one of the --with contacts.
    #[arg(long, value_name = "CONTACT", requires = "got_help")]
    pub got_help_from: Option<String>,
    /// Something promised, due on DATE (YYYY-MM-DD): it becomes a reminder. By default you
    /// promised it to the first --with contact (not you).
    #[arg(long, num_args = 2, value_names = ["DATE", "TEXT"])]
    pub follow_up: Option<Vec<String>>,
    /// You promised the --follow-up to this --with contact.
    #[arg(
        long,
        value_name = "CONTACT",
        requires = "follow_up",
        conflicts_with = "promised_by"
    )]
    pub promised_to: Option<String>,
    /// This --with contact promised you the --follow-up (their promise, not yours).
    #[arg(long, value_name = "CONTACT", requires = "follow_up")]
    pub promised_by: Option<String>,
    /// A one-line summary.
    #[arg(long, value_name = "S")]
    pub summary: Option<String>,
    /// How it went, 1 to 5.
    #[arg(long, value_name = "1-5")]
    pub quality: Option<u8>,
    /// Free-text notes.
    #[arg(value_name = "NOTES", conflicts_with = "notes_file")]
    pub notes: Option<String>,
    /// Read the notes from a file (`-` for standard input), for long notes.
    #[arg(long, value_name = "PATH")]
    pub notes_file: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct TimelineArgs {
    /// The contact.
    pub contact: String,
    /// Show at most N interactions (1 to 200).
    #[arg(long, value_name = "N", default_value_t = 20)]
    pub limit: u32,
    /// Skip the N newest.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub offset: u32,
}

#[derive(Debug, Subcommand)]
pub enum InteractionCommand {
    /// Show one interaction in full.
    Show {
        /// The interaction's id.
        id: i64,
    },
    /// Move an interaction to the trash.
    Rm {
        /// The interaction's id.
        id: i64,
    },
}

// Interests, asks, search, trash -----------------------------------------------------------

#[derive(Debug, Subcommand)]
pub enum InterestCommand {
    /// Add an interest to the vocabulary (or show the one it already names).
    Add {
        /// The interest's name.
        name: String,
    },
    /// Every interest, with how many contacts share it.
    List,
    /// Rename an interest.
    Rename {
        /// Its name or id.
        old: String,
        /// The new name.
        new: String,
    },
    /// Merge an interest into another: its contacts and asks move over, and its name keeps
    /// finding the other.
    Merge {
        /// The interest that goes away (name or id).
        from: String,
        /// The interest that stays (name or id).
        into: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum AskCommand {
    /// Record a need or an offer of a contact (or of `me`).
    Add(AskAddArgs),
    /// List needs and offers, newest first.
    List {
        /// Only open ones.
        #[arg(long)]
        open: bool,
        /// Only this contact's (or `me`).
        #[arg(long, value_name = "CONTACT")]
        contact: Option<String>,
    },
}

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("what").required(true).args(["need", "offer"])))]
pub struct AskAddArgs {
    /// The contact, or `me`.
    pub contact: String,
    /// Something they need.
    #[arg(long, value_name = "TEXT")]
    pub need: Option<String>,
    /// Something they offer.
    #[arg(long, value_name = "TEXT")]
    pub offer: Option<String>,
    /// An interest it is about (repeat for several).
    #[arg(long = "interest", value_name = "I")]
    pub interests: Vec<String>,
}

#[derive(Debug, Subcommand)]
pub enum RelationCommand {
    /// Record that WHO is WHOSE's ROLE: `kith relation add ana manager bo` (Ana is Bo's
    /// manager; Bo's page says Bo reports to Ana). Again with a note or date changes them.
    Add(RelationArgs),
    /// Remove what `add` recorded (the same three words).
    Rm {
        /// The first person.
        who: String,
        /// What they are to the second.
        #[arg(value_parser = model_enum::<Role>(&[]))]
        role: Role,
        /// The second person.
        whose: String,
    },
    /// The people around a contact: their relationships, then who they took part in
    /// interactions with.
    List {
        /// The contact.
        contact: String,
    },
}

#[derive(Debug, Args)]
pub struct RelationArgs {
    /// The first person.
    pub who: String,
    /// What they are to the second.
    #[arg(value_parser = model_enum::<Role>(&[
        (Role::Introduced, "WHO introduced WHOSE to you"),
        (Role::IntroducedBy, "WHO was introduced to you by WHOSE"),
        (Role::Family, "family other than partner, parent, child or sibling"),
        (Role::Knows, "they know each other"),
    ]))]
    pub role: Role,
    /// The second person.
    pub whose: String,
    /// A note on it (one line).
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// Since when (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
}

#[derive(Debug, Args)]
pub struct RelateArgs {
    /// The first person.
    pub a: String,
    /// The second person.
    pub b: String,
    /// What A is to B.
    #[arg(long = "as", value_name = "TYPE", value_parser = model_enum::<Role>(&[
        (Role::Introduced, "A introduced B to you"),
        (Role::IntroducedBy, "A was introduced to you by B"),
        (Role::Family, "family other than partner, parent, child or sibling"),
        (Role::Knows, "they know each other"),
    ]))]
    pub role: Role,
    /// A note on it (one line).
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// Since when (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// What to look for (several words: all must match).
    #[arg(required = true, num_args = 1.., value_name = "QUERY")]
    pub query: Vec<String>,
    /// Show at most N results (1 to 200).
    #[arg(long, value_name = "N", default_value_t = 20, value_parser = clap::value_parser!(u32).range(1..=200))]
    pub limit: u32,
}

#[derive(Debug, Subcommand)]
pub enum TrashCommand {
    /// What is in the trash, most recently deleted first.
    List,
    /// Bring something back: `kith trash restore contact 12`, `kith trash restore interaction 40`.
    Restore {
        /// What it is.
        #[arg(value_parser = model_enum::<TrashKind>(&[]))]
        kind: TrashKind,
        /// Its id (see `kith trash list`).
        id: i64,
    },
    /// Delete everything in the trash for good.
    Empty,
}

// Enums as typed on the command line ---------------------------------------------------------

/// The value parser of a model enum: its values are the enum's text forms (its serde names),
/// spelt as clap spells a variant (`reachOut` is `reach-out`), so `--help` lists them and a
/// wrong value gets clap's usual error with the possible values and a "similar value" tip.
/// `help` adds a line to some values in the long `--help`.
pub fn model_enum<T>(help: &'static [(T, &'static str)]) -> impl TypedValueParser<Value = T>
where
    T: VariantArray + AsRef<str> + Copy + PartialEq + Send + Sync + 'static,
{
    let values = T::VARIANTS.iter().map(move |v| {
        let value = PossibleValue::new(cli_name(v.as_ref()));
        match help.iter().find(|(h, _)| h == v) {
            Some((_, text)) => value.help(*text),
            None => value,
        }
    });
    PossibleValuesParser::new(values).try_map(|name| {
        T::VARIANTS
            .iter()
            .find(|v| cli_name(v.as_ref()) == name)
            .copied()
            .ok_or("not one of the possible values")
    })
}

/// `reachOut` as clap writes a variant's name: `reach-out`.
fn cli_name(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    for c in text.chars() {
        if c.is_ascii_uppercase() {
            out.push('-');
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

/// `--sort`'s values, with the line `--help` shows for `health`.
fn sort_values() -> impl TypedValueParser<Value = ContactSort> {
    model_enum(&[(
        ContactSort::Health,
        "Weakest relationship health first (each row then shows its health)",
    )])
}

#[cfg(test)]
mod tests {
    use super::cli_name;

    #[test]
    fn cli_names_are_kebab_case() {
        assert_eq!(cli_name("reachOut"), "reach-out");
        assert_eq!(cli_name("lastContact"), "last-contact");
        assert_eq!(cli_name("meeting"), "meeting");
    }
}
