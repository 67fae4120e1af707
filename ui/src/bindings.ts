// Generated from the Rust types in src/model.rs, src/io/mod.rs and src/error.rs by tests/bindings.rs.
// Do not edit: change the Rust types, then run
//   KITH_UPDATE_BINDINGS=1 cargo test --test bindings

export type Circle = "inner" | "close" | "network" | "wider";

export type ChannelKind = "email" | "phone" | "link";

export type Channel = { kind: ChannelKind, label?: string | null, value: string, 
/**
 * The vCard `TYPE`s it was imported with, lowercase, as written (`work`, `voice`,
 * `pref`...), so an export gives them back.
 */
types?: Array<string>, };

export type ImportantDate = { label: string, year?: number | null, month: number, day: number, recurring: boolean, };

export type NameParts = { 
/**
 * "Dr.", "Ms."
 */
prefix?: string | null, given?: string | null, 
/**
 * Middle names.
 */
additional?: string | null, family?: string | null, 
/**
 * "Jr.", "PhD"
 */
suffix?: string | null, };

export type TitleKind = "title" | "role";

export type Title = { kind: TitleKind, value: string, };

export type Address = { label?: string | null, types?: Array<string>, poBox?: string | null, 
/**
 * The extended address (apartment, suite).
 */
extended?: string | null, street?: string | null, 
/**
 * City or town.
 */
locality?: string | null, 
/**
 * State, province or county.
 */
region?: string | null, postcode?: string | null, country?: string | null, };

export type ContactRef = { id: number, name: string, };

export type Interest = { id: number, name: string, 
/**
 * The live people (not the user) who share it.
 */
contacts: number, };

export type Contact = { id: number, name: string, company: string | null, role: string | null, location: string | null, 
/**
 * How we met, in the user's words.
 */
metHow: string | null, metOn: string | null, introducedBy: ContactRef | null, circle: Circle | null, 
/**
 * An explicit target gap between contacts, in days; `None` means the circle's default.
 */
cadenceDays: number | null, notes: string, tags: Array<string>, channels: Array<Channel>, dates: Array<ImportantDate>, interests: Array<string>, nameParts: NameParts, nickname: string | null, 
/**
 * The department within `company` (the second part of vCard `ORG`, and any after it,
 * joined by ", ").
 */
department: string | null, titles: Array<Title>, addresses: Array<Address>, 
/**
 * The day the user connected with them (LinkedIn's "Connected On"): a fact about the
 * person, not a conversation.
 */
connectedOn: string | null, 
/**
 * Where they worked before, newest first. (Absent from records written before schema 7:
 * the import and merge records keep contacts as JSON.)
 */
pastJobs: Array<PastJob>, 
/**
 * The user's own row ("me"): my interests, offers and needs use the same tables.
 */
isSelf: boolean, archived: boolean, deletedAt: string | null, lastInteractionAt: string | null, createdAt: string, updatedAt: string, };

export type ContactSummary = { id: number, name: string, company: string | null, role: string | null, circle: Circle | null, 
/**
 * The first email address, if any.
 */
email: string | null, tags: Array<string>, archived: boolean, lastInteractionAt: string | null, 
/**
 * Relationship health 0–100 as of the moment of the list (`Store::list_contacts_at`);
 * `None` in lists read without a moment.
 */
health: number | null, };

export type ContactInput = { name: string, company?: string | null, role?: string | null, location?: string | null, metHow?: string | null, metOn?: string | null, introducedBy?: number | null, circle?: Circle | null, cadenceDays?: number | null, notes: string, tags: Array<string>, channels: Array<Channel>, dates: Array<ImportantDate>, 
/**
 * Interest names; new ones join the vocabulary, known ones (or their merged aliases)
 * match case-insensitively.
 */
interests: Array<string>, nameParts: NameParts, nickname?: string | null, department?: string | null, titles: Array<Title>, addresses: Array<Address>, connectedOn?: string | null, 
/**
 * Where they worked before, newest first.
 */
pastJobs: Array<PastJob>, };

export type ContactSort = "name" | "lastContact" | "health";

export type TagCount = { tag: string, contacts: number, };

export type ContactQuery = { 
/**
 * Search-as-you-type over names, companies, notes, interests and needs and offers
 * (prefix match on every word; emoji and symbols are words too).
 */
search?: string | null, circle?: Circle | null, tag?: string | null, interest?: string | null, sort: ContactSort, includeArchived: boolean, limit: number, offset: number, };

export type Page<T> = { items: Array<T>, total: number, offset: number, };

export type InteractionKind = "meeting" | "call" | "video" | "message" | "email" | "event" | "introduction" | "note";

export type Initiator = "me" | "them" | "mutual";

export type Role = "partner" | "parent" | "child" | "sibling" | "family" | "friend" | "colleague" | "manager" | "report" | "mentor" | "mentee" | "introduced" | "introducedBy" | "knows";

export type RoleGroup = "family" | "work" | "introductions" | "others";

export type RelationshipInput = { contact: number, role: Role, other: number, note?: string | null, since?: string | null, };

export type Relationship = { other: ContactRef, role: Role, note: string | null, since: string | null, 
/**
 * The other person's birthday, for family ("ask about her daughter").
 */
birthday: ImportantDate | null, };

export type Acquaintance = { other: ContactRef, 
/**
 * How many live interactions both took part in.
 */
shared: number, lastAt: string, };

export type PeopleAround = { 
/**
 * By group (family, work, introductions, others), then by name.
 */
relationships: Array<Relationship>, 
/**
 * Most shared interactions first, at most [`PeopleAround::KNOWN_MAX`]; people already in
 * `relationships` are left out.
 */
known: Array<Acquaintance>, 
/**
 * How many more were seen with them than `known` lists.
 */
knownMore: number, };

export type PromisedBy = "me" | "them";

export type HelpInput = { giver: number, receiver: number, text: string, 
/**
 * The need this help resolves; it is marked helped.
 */
askId?: number | null, };

export type Help = { giver: ContactRef, receiver: ContactRef, text: string, askId: number | null, };

export type FollowUp = { dueOn: string, text: string, 
/**
 * The participant it was promised to (`by` me) or by (`by` them); when not given, the
 * first participant who is not me.
 */
contact?: number | null, 
/**
 * Whose promise it is: mine (I owe it) or theirs (they owe it to me).
 */
by: PromisedBy, };

export type NewInteraction = { participants: number[], kind: InteractionKind, 
/**
 * When it happened (UTC). With `has_time` false only the date counts.
 */
occurredAt: string, hasTime: boolean, summary: string, notes: string, initiatedBy?: Initiator | null, quality?: number | null, help: Array<HelpInput>, followUp?: FollowUp | null, };

export type Interaction = { id: number, kind: InteractionKind, occurredAt: string, hasTime: boolean, summary: string, notes: string, initiatedBy: Initiator | null, quality: number | null, participants: Array<ContactRef>, help: Array<Help>, followUp: FollowUp | null, deletedAt: string | null, 
/**
 * The source it was read from (`kith source list`), when capture made it; `None` when
 * it was logged or imported from a file.
 */
sourceId?: number | null, };

export type SourceKind = "ics" | "mbox" | "maildir" | "sms-backup" | "whatsapp" | "telegram" | "linkedin-messages" | "signal";

export type SourceStatus = "ok" | "missing" | "unreadable";

export type SkipCount = { reason: string, count: number, };

export type SourceTotals = { 
/**
 * Messages or meeting occurrences read.
 */
read: number, 
/**
 * Of those, new to Kith (not read before from this or another source).
 */
newItems: number, 
/**
 * Interactions made from them.
 */
interactions: number, 
/**
 * Items left out, by reason (lists and machines, no other person, declined…).
 */
skipped: Array<SkipCount>, };

export type Source = { id: number, kind: SourceKind, path: string, addedAt: string, 
/**
 * When a read last completed.
 */
readAt?: string | null, status: SourceStatus, 
/**
 * The text of its messages is kept (the person turned it on); otherwise only who, when
 * and the subject.
 */
keepText: boolean, 
/**
 * Why it could not be read, when it could not.
 */
message?: string | null, totals: SourceTotals, 
/**
 * In a chat export: the name (or id) in the file that is the person's, as they said it
 * or as Kith took it.
 */
me?: string | null, };

export type CaptureCount = { contact: ContactRef, emails: number, meetings: number, 
/**
 * Texts and chat messages.
 */
messages: number, 
/**
 * Answered calls.
 */
calls: number, };

export type ScanReport = { source: Source, 
/**
 * This read's counts (the source's `totals` hold every read's).
 */
totals: SourceTotals, 
/**
 * Items read again that were in Kith already (this or another source had them).
 */
known: number, 
/**
 * The people items were found with, most first.
 */
contacts: Array<CaptureCount>, 
/**
 * Messages or events that could not be read, each with why (the first 50).
 */
problems: Array<string>, 
/**
 * In a preview: the people on it who are not in Kith, as the queue would offer them
 * (both wrote, or met); empty after a read that kept what it found (see the queue).
 */
unknowns: Array<Unknown>, 
/**
 * False for a preview (`--dry-run`): nothing was written.
 */
committed: boolean, };

export type Unknown = { email: string, 
/**
 * The address as a person reads it: an email as it is, a number as a number, a chat
 * name with its app ("Ana Ruiz (WhatsApp)").
 */
label: string, 
/**
 * The name they go by on the newest item that gives one.
 */
name?: string | null, 
/**
 * Messages (emails, texts, chat messages) the user wrote with them on it.
 */
sent: number, 
/**
 * Messages they wrote to the user.
 */
received: number, 
/**
 * Meetings with them.
 */
met: number, 
/**
 * Answered calls with them.
 */
calls: number, firstAt: string, lastAt: string, };

export type OwnAddress = { email: string, 
/**
 * On how many of the messages (events) looked at…
 */
on: number, 
/**
 * …of this many.
 */
of: number, };

export type ExportQuestions = { 
/**
 * What the file is (detected from the path when not said).
 */
kind: SourceKind, 
/**
 * The people in it who could be the person, the likeliest first.
 */
authors: Array<ExportAuthor>, 
/**
 * Who Kith takes the person to be: the export says so, or (WhatsApp) the name the
 * person gave for another chat, else the most frequent author. Offered first.
 */
me: string | null, 
/**
 * The person must say which of `authors` they are.
 */
askMe: boolean, 
/**
 * Every date in the file reads both day first and month first: the person chooses.
 */
askDateOrder: boolean, 
/**
 * For an ambiguous order: the one under which the dates run forward in time, when one
 * does.
 */
likelyDayFirst: boolean | null, };

export type ExportAuthor = { 
/**
 * As the export writes them.
 */
name: string, 
/**
 * What to give as `me` to say this is the person (a name, `user<ID>`, a profile URL).
 */
key: string, 
/**
 * The messages they wrote (WhatsApp, Telegram)…
 */
messages: number | null, 
/**
 * …or the conversations they are in (LinkedIn).
 */
conversations: number | null, };

export type CapturedMessage = { occurredAt: string, 
/**
 * The user wrote (or organised) it.
 */
fromMe: boolean, 
/**
 * Who else wrote it (their name, else their address), when the user did not.
 */
from?: string | null, subject: string, 
/**
 * What it says, when its source keeps the text of messages.
 */
text?: string | null, };

export type FoundSource = { 
/**
 * The file or folder, as `kith source add` takes it.
 */
path: string, kind: SourceKind, 
/**
 * The app that keeps it: "Thunderbird" or "Evolution".
 */
app: string, 
/**
 * How to show it: "Thunderbird · Local Folders · Inbox (profile abc.default-release)".
 */
label: string, 
/**
 * Its size (a Maildir's: its messages' together).
 */
bytes: number, };

export type AskKind = "need" | "offer";

export type AskStatus = "open" | "helped" | "closed";

export type NewAsk = { contactId: number, kind: AskKind, text: string, interests: Array<string>, };

export type Ask = { id: number, contact: ContactRef, kind: AskKind, text: string, status: AskStatus, interests: Array<string>, createdAt: string, resolvedAt: string | null, helpedBy: ContactRef | null, };

export type AskQuery = { contactId?: number | null, openOnly: boolean, };

export type SearchKind = "contact" | "interaction" | "ask";

export type SearchHit = { kind: SearchKind, id: number, 
/**
 * The contact to open: the contact itself, an interaction's first participant, or the
 * ask's owner.
 */
contact: ContactRef, title: string, 
/**
 * The matching text around the first hit, matches wrapped in `[` `]`.
 */
snippet: string, occurredAt: string | null, };

export type TrashKind = "contact" | "interaction";

export type TrashItem = { kind: TrashKind, id: number, title: string, deletedAt: string, 
/**
 * When it will be purged for good unless restored.
 */
purgeAt: string, };

export type DatabaseInfo = { path: string, schemaVersion: number, };

export type ImportFormat = "vcard" | "linkedin" | "google" | "outlook" | "thunderbird" | "interactions" | "json";

export type ExportFormat = "vcard" | "ics" | "json";

export type Skipped = { 
/**
 * The line of the file (1-based) where the record starts.
 */
line: number, 
/**
 * The field left out (`email`, `photo`, `BDAY`...), or `None` when the whole record is.
 */
field: string | null, 
/**
 * The record's name, when it has one.
 */
name: string | null, reason: string, };

export type PlanAction = "create" | "merge" | "skip";

export type PlanItem = { line: number, name: string, action: PlanAction, 
/**
 * Why, with the evidence: "not in Kith yet", "same person as Ana Ruiz (id 3): same email
 * ana@acme.com", "not merged: possibly Bo Chen (id 2) — same name; check before merging".
 */
reason: string, 
/**
 * The contact already in Kith it matched, if any.
 */
target: ContactRef | null, 
/**
 * What a merge adds: "email ana@acme.com", "company Acme", "photo"...
 */
changes: Array<string>, 
/**
 * True when the record may be `target` but the evidence is not enough to merge (a
 * shared address with different names, the same name and nothing else): it is created
 * unless the person chooses to merge it.
 */
possible: boolean, };

export type TableCount = { table: string, rows: number, };

export type ImportPlan = { format: ImportFormat, 
/**
 * True once the import was written; false for a preview.
 */
committed: boolean, items: Array<PlanItem>, 
/**
 * Records and fields left out, with their line and the reason.
 */
skipped: Array<Skipped>, 
/**
 * About the file as a whole ("read as Windows-1252").
 */
notes: Array<string>, created: number, merged: number, unchanged: number, 
/**
 * Interactions added (LinkedIn's "Connected on LinkedIn").
 */
interactions: number, 
/**
 * For a JSON import: the rows restored, per table.
 */
tables: Array<TableCount>, 
/**
 * Once written: the import's record, to undo it (`kith import undo ID`).
 */
importId: number | null, };

export type ImportDecision = { 
/**
 * The record's line.
 */
line: number, action: PlanAction, 
/**
 * For a merge: the contact to merge into.
 */
into?: number | null, };

export type ImportRecord = { id: number, at: string, 
/**
 * The file, as it was named when imported.
 */
path: string, 
/**
 * `vcard`, `linkedin`, `google`...
 */
format: string, created: number, merged: number, undoneAt: string | null, };

export type ImportUndo = { id: number, 
/**
 * Contacts the import created, now in the trash.
 */
trashed: Array<ContactRef>, 
/**
 * Contacts the import changed, with what it filled taken back.
 */
restored: Array<ContactRef>, 
/**
 * What could not be undone, and why ("Ana Ruiz was merged into Ana R. since").
 */
kept: Array<string>, };

export type Unmerged = { kept: Contact, restored: Contact, };

export type LastMerge = { 
/**
 * The merged-away contact as it was (its id is the one it gets back when still free).
 */
other: ContactRef, at: string, };

export type ExportReport = { format: ExportFormat, path: string, 
/**
 * Contacts (vCard), events (iCalendar) or rows (JSON) written.
 */
count: number, bytes: number, };

export type BackupKind = "daily" | "beforeRestore" | "manual" | "beforeImport" | "beforeMerge";

export type BackupInfo = { path: string, createdAt: string, sizeBytes: number, kind: BackupKind, };

export type CircleGaps = { inner: number, close: number, network: number, wider: number, };

export type Settings = { 
/**
 * How many people Today suggests at most (both lanes together).
 */
dailyBudget: number, 
/**
 * When the daily notification fires, local time `HH:MM`.
 */
notifyAt: string, notifications: boolean, circleGaps: CircleGaps, 
/**
 * Where phone numbers written without a country code are from (ISO 3166 alpha-2, "DE"):
 * first taken from the system's locale, then the user's to change.
 */
defaultRegion?: string | null, };

export type Desktop = { 
/**
 * Closing the window keeps Kith running in the tray (as it will act now).
 */
closeToTray: boolean, 
/**
 * The desktop shows Kith's tray icon (without one, closing the window quits).
 */
hasTray: boolean, 
/**
 * Kith starts, hidden in the tray, when the person logs in.
 */
startAtLogin: boolean, };

export type Lane = "reachOut" | "reconnect" | "help";

export type FeedbackAction = "done" | "snoozed" | "dismissed";

export type Feedback = { id: number, contact: ContactRef, lane: Lane, action: FeedbackAction, 
/**
 * For a snooze: the day it comes back.
 */
until: string | null, at: string, };

export type ReminderSource = "manual" | "promise" | "date" | "engine" | "their_promise";

export type ReminderStatus = "open" | "done" | "snoozed" | "dismissed";

export type Reminder = { id: number, contact: ContactRef, dueOn: string, text: string, source: ReminderSource, status: ReminderStatus, snoozedUntil: string | null, interactionId: number | null, createdAt: string, };

export type NewReminder = { contactId: number, dueOn: string, text: string, };

export type BriefInteraction = { id: number, occurredAt: string, hasTime: boolean, kind: InteractionKind, summary: string, };

export type BriefFollowUp = { 
/**
 * The reminder's id.
 */
id: number, 
/**
 * When it is due (the snooze date for a snoozed one).
 */
dueOn: string, text: string, 
/**
 * `promise` when the user promised it in an interaction, `their_promise` when the
 * person did.
 */
source: ReminderSource, 
/**
 * Days from today to `due_on`: negative when overdue.
 */
inDays: number, };

export type BriefOffer = { 
/**
 * The ask's id.
 */
id: number, text: string, };

export type BriefNeed = { 
/**
 * The ask's id.
 */
id: number, text: string, 
/**
 * An open offer of the user's that fits it.
 */
offer?: BriefOffer | null, 
/**
 * Else an interest of the user's that fits it.
 */
interest?: string | null, 
/**
 * The words the need and the fit share (empty when nothing fits).
 */
terms: Array<string>, };

export type BriefDate = { label: string, date: string, 
/**
 * Days from today.
 */
inDays: number, 
/**
 * How many years it marks (an age, an anniversary), when the first year is known.
 */
years?: number | null, };

export type Brief = { contact: ContactRef, 
/**
 * The last (at most 3) interactions with them, newest first.
 */
lastInteractions: Array<BriefInteraction>, 
/**
 * Follow-ups open with them (promises the user or they made, manual ones, accepted
 * suggestions), soonest due first.
 */
followUps: Array<BriefFollowUp>, 
/**
 * Their open needs, each with what of the user's fits it, if anything does.
 */
needs: Array<BriefNeed>, 
/**
 * Interests both the user and they have, by name.
 */
sharedInterests: Array<string>, 
/**
 * Their next important date (a birthday…), if it is within 30 days.
 */
dateComingUp?: BriefDate | null, 
/**
 * Relationship health, 0–100.
 */
health: number, 
/**
 * Calendar days since the last interaction (local days), `None` if never.
 */
daysSinceLast?: number | null, 
/**
 * The one line that says what holds the health back.
 */
healthLine: string, };

export type Upcoming = { 
/**
 * The occurrence's own key (`ics:<UID>|<RECURRENCE-ID>`).
 */
key: string, 
/**
 * Its summary, or "(untitled event)".
 */
title: string, startsAt: string, 
/**
 * False for an all-day event (`starts_at` is then the start of its day, UTC).
 */
hasTime: boolean, 
/**
 * Meeting, video or event (more than 8 people).
 */
kind: InteractionKind, 
/**
 * The user organised it.
 */
fromMe: boolean, 
/**
 * The calendar source it was read from.
 */
sourceId: number, 
/**
 * A brief on each person on it who is in Kith: the organiser first, then by name.
 */
people: Array<Brief>, 
/**
 * The other people on it who are not in Kith.
 */
others: number, };

export type CadenceSource = "explicit" | "learned" | "circle" | "default";

export type Component = "recency" | "intensity" | "consistency" | "reciprocity" | "depth";

export type Components = { recency: number, intensity: number, consistency: number, reciprocity: number, depth: number, };

export type ContactHealth = { contactId: number, name: string, circle: Circle | null, 
/**
 * 0–100.
 */
health: number, 
/**
 * R(t, S) with the effective cadence S, 0–1 (0 when never contacted).
 */
warmth: number, cadenceDays: number, cadenceSource: CadenceSource, 
/**
 * Calendar days since the last interaction (local days), `None` if never.
 */
daysSinceLast: number | null, components: Components, 
/**
 * How much each component counts in `health` (they sum to 1): what the UI shows beside
 * the components, so that one weighted 0 is not mistaken for a cause.
 */
weights: Components, weakest: Component, explanation: string, 
/**
 * What the tie is like beyond its score: who starts, who helps, how steady.
 */
facts: TieFacts, };

export type TieFacts = { 
/**
 * Of the newest [`INITIATIVE_TOUCHES`] interactions, how many had who started them
 * logged…
 */
withInitiator: number, 
/**
 * …and of those, how many the user started, the other person started, both did.
 */
startedByMe: number, startedByThem: number, startedByBoth: number, 
/**
 * Help logged, either way.
 */
helpGiven: number, helpReceived: number, 
/**
 * Of the last cadence periods since the first interaction (at most six), how many…
 */
periods: number, 
/**
 * …had an interaction.
 */
activePeriods: number, };

export type Suggestion = { contactId: number, name: string, circle: Circle | null, lane: Lane, priority: number, warmth: number, health: number, daysSinceLast: number | null, cadenceDays: number, 
/**
 * Human-readable, most important first.
 */
reasons: Array<string>, };

export type HelpKind = "canHelp" | "introduce" | "canHelpYou";

export type AskRef = { id: number, contact: ContactRef, text: string, };

export type HelpOpportunity = { kind: HelpKind, 
/**
 * 0–1.25, higher is a better fit.
 */
score: number, 
/**
 * The need.
 */
need: AskRef, 
/**
 * The offer that matches it (mine or B's); `None` when it matched one of my interests.
 */
offer: AskRef | null, 
/**
 * For an introduction: who to introduce the person in need to.
 */
introduce: ContactRef | null, 
/**
 * For an introduction: whether they already know each other. Always false: people who
 * do are not introduced (kept for the scripts that read it).
 */
connected: boolean, 
/**
 * Words both sides share; or, when `by_meaning`, the two words (one of each side) the
 * meaning model reads as closest ("bookkeeping ~ accounts"), or none when it reads no two
 * as close.
 */
terms: Array<string>, 
/**
 * The two asks share no thing: they matched by meaning alone.
 */
byMeaning: boolean, 
/**
 * One line a person reads: "Ana needs a designer: you listed design as an offer".
 */
reason: string, };

export type ReminderItem = { id: number, contact: ContactRef, 
/**
 * When it is due (the snooze date for a snoozed reminder).
 */
dueOn: string, text: string, source: ReminderSource, 
/**
 * Days from today to `due_on`: negative when overdue.
 */
inDays: number, };

export type UpcomingDate = { contact: ContactRef, label: string, date: string, inDays: number, 
/**
 * How many years it marks (an age, an anniversary), when the first year is known.
 */
years: number | null, };

export type RemindersView = { overdue: Array<ReminderItem>, due: Array<ReminderItem>, upcoming: Array<ReminderItem>, dates: Array<UpcomingDate>, };

export type Today = { 
/**
 * The moment evaluated.
 */
asOf: string, 
/**
 * Its local day.
 */
today: string, 
/**
 * The most suggestions shown.
 */
budget: number, suggestions: Array<Suggestion>, 
/**
 * What the person can help with, but what a suggestion already gives as a reason to
 * reach out (said once, there)…
 */
help: Array<HelpOpportunity>, 
/**
 * …and how many such reasons there are.
 */
helpInSuggestions: number, reminders: RemindersView, };

export type HelpEntry = { at: string, 
/**
 * I helped them (else they helped me).
 */
given: boolean, text: string, 
/**
 * The need or offer it answered, if one was named.
 */
ask: string | null, };

export type CircleShape = { 
/**
 * `None`: people in no circle.
 */
circle: Circle | null, people: number, 
/**
 * People per health band: 0–19, 20–39, 40–59, 60–79, 80–100.
 */
bands: [number, number, number, number, number], 
/**
 * Of them, never contacted (in the 0–19 band, health 0).
 */
never: number, median: number, mean: number, };

export type TrendPoint = { 
/**
 * The moment evaluated (the end of the week).
 */
at: string, 
/**
 * Mean health of the ties that existed then (0 when none).
 */
health: number, 
/**
 * How many ties that was.
 */
ties: number, 
/**
 * Interactions logged in the 7 days before `at`.
 */
interactions: number, };

export type FadingTie = { contact: ContactRef, circle: Circle | null, health: number, warmth: number, 
/**
 * Warmth 30 and 90 days ago (`None` before the first interaction).
 */
warmth30: number | null, warmth90: number | null, 
/**
 * The larger of the two drops.
 */
drop: number, 
/**
 * What changed, then the weakest component's explanation.
 */
reasons: Array<string>, 
/**
 * Until when the user put off reaching out to them (see [`snoozes`]).
 */
snoozedUntil: string | null, };

export type Lean = "iStart" | "theyStart" | "iHelp" | "theyHelp";

export type OneSidedTie = { contact: ContactRef, circle: Circle | null, health: number, lean: Lean, 
/**
 * 1 balanced, towards 0 one-sided.
 */
balance: number, 
/**
 * Of the last 20 interactions: started by me, by them.
 */
iStarted: number, theyStarted: number, helpGiven: number, helpReceived: number, 
/**
 * The help exchanged, newest first.
 */
ledger: Array<HelpEntry>, reason: string, 
/**
 * Until when the user put off reaching out to them (see [`snoozes`]).
 */
snoozedUntil: string | null, };

export type MapNode = { id: number, name: string, circle: Circle | null, health: number, fading: boolean, 
/**
 * Where to draw them, in [-1, 1] (see [`layout`]).
 */
x: number, y: number, };

export type EdgeKind = "interest" | "introduction" | "relationship" | "knows";

export type MapEdge = { source: number, target: number, kind: EdgeKind, 
/**
 * The shared interests (empty for the other kinds).
 */
interests: Array<string>, 
/**
 * For a relationship: what `source` is to `target` (a `manager`, a `partner`).
 */
role: Role | null, 
/**
 * For who was seen with whom: how many interactions they took part in together.
 */
shared: number | null, };

export type NetworkMap = { nodes: Array<MapNode>, edges: Array<MapEdge>, 
/**
 * People left off the map (beyond the limit), the least close first.
 */
leftOff: number, };

export type Activity = { from: string, to: string, counts: Array<number>, total: number, 
/**
 * Days with at least one interaction.
 */
activeDays: number, };

export type Review = { asOf: string, circles: Array<CircleShape>, trend: Array<TrendPoint>, fading: Array<FadingTie>, oneSided: Array<OneSidedTie>, activity: Activity, };

export type SeriesPoint = { at: string, 
/**
 * `None` before the first interaction.
 */
health: number | null, warmth: number | null, };

export type MatchVerdict = "same" | "possible";

export type MergeField = "name" | "nickname" | "company" | "department" | "role" | "location" | "metHow" | "metOn" | "connectedOn" | "circle" | "cadence";

export type PastJob = { company: string, role?: string | null, 
/**
 * The day Kith learned they had moved on, when known.
 */
until?: string | null, };

export type Identity = { kind: ChannelKind, value: string, shared: boolean, };

export type DuplicateSide = { id: number, name: string, company: string | null, 
/**
 * The first email address, as written.
 */
email: string | null, 
/**
 * The first phone number, as written.
 */
phone: string | null, archived: boolean, };

export type DuplicatePair = { a: DuplicateSide, b: DuplicateSide, verdict: MatchVerdict, 
/**
 * 0–100: how likely the two are one person.
 */
confidence: number, 
/**
 * Facts for and against, each a short sentence naming the values ("same email
 * ana@acme.com", "Bob is a nickname of Robert"): identifiers first, then names, then
 * company, email domain and website.
 */
evidence: Array<string>, };

export type ImportReport = { format: string, dryRun: boolean, interactionsCreated: number, contactsCreated: number, contactsMatched: number, 
/**
 * Columns of the file that were not read.
 */
ignoredColumns: Array<string>, };

export type FieldError = { 
/**
 * The input's field name as the UI and the CLI know it (`name`, `email`, ...).
 */
field: string, message: string, };

export type SyncFileProblem = { "type": "notASyncFile" } | { "type": "incomplete", "data": { expected: number, found: number, } } | { "type": "newerFormat", "data": { found: number, supported: number, } } | { "type": "damaged", "data": { reason: string, } } | { "type": "otherKey" } | { "type": "tampered" } | { "type": "alreadyExists" };

export type KithError = { "type": "invalid", "data": { fields: Array<FieldError>, } } | { "type": "noMatch", "data": { entity: string, query: string, } } | { "type": "ambiguous", "data": { query: string, matches: Array<ContactRef>, } } | { "type": "notFound", "data": { entity: string, id: number, } } | { "type": "notADatabase", "data": { path: string, reason: string, } } | { "type": "newerDatabase", "data": { path: string, found: number, supported: number, } } | { "type": "damaged", "data": { path: string, message: string, } } | { "type": "migration", "data": { version: number, message: string, } } | { "type": "io", "data": { path: string, message: string, } } | { "type": "syncKeyTypo", "data": { message: string, } } | { "type": "wrongSyncKey", "data": { folder: string, } } | { "type": "syncFile", "data": { path: string, problem: SyncFileProblem, } } | { "type": "database", "data": { message: string, } };

export type SyncReport = { 
/**
 * This device's changes written out in this pass.
 */
sent: number, 
/**
 * Changes read from other devices and applied.
 */
received: number, 
/**
 * Rows written here from those changes.
 */
rowsWritten: number, 
/**
 * Rows deleted here from those changes.
 */
rowsDeleted: number, 
/**
 * Rows still waiting for a row they refer to.
 */
rowsWaiting: number, 
/**
 * Changes this version cannot apply yet (a newer device's), kept for after an upgrade.
 */
held: number, 
/**
 * Files passed over for now (still arriving, placeholders); read on a later pass.
 */
retryLater: number, 
/**
 * Files passed over for good, with why (`path: reason`).
 */
skipped: Array<string>, 
/**
 * Notes for the person: another device's clock far ahead, and the like.
 */
notes: Array<string>, };

export type SyncSetupReport = { 
/**
 * This device's id and name.
 */
device: string, name: string, folder: string, 
/**
 * A new folder's recovery key: shown once, never stored in the clear; `None` when this
 * device joined a folder set up before.
 */
recoveryKey: string | null, 
/**
 * Whether the folder was set up before (by another device).
 */
joined: boolean, 
/**
 * What the first pass did.
 */
firstPass: SyncReport, };

export type SyncDevice = { device: string, name: string | null, 
/**
 * This device itself.
 */
thisDevice: boolean, 
/**
 * Its changes applied here (for this device: written out).
 */
applied: number, 
/**
 * When its last change was applied here (ms since 1970); `None` for this device.
 */
lastAppliedAt: number | null, };

export type SyncStatus = { 
/**
 * Whether sync is set up here.
 */
setUp: boolean, folder: string | null, device: string | null, name: string | null, paused: boolean, 
/**
 * This device's changes not written out yet.
 */
pending: number, devices: Array<SyncDevice>, conflicts: number, 
/**
 * Rows waiting for a row they refer to.
 */
waiting: number, 
/**
 * Changes kept for after an upgrade.
 */
held: number, 
/**
 * The last pass (ms since 1970) and the error it ended with, if any.
 */
lastRunAt: number | null, lastError: string | null, };

export type SyncConflict = { 
/**
 * Stable on every device: what `sync conflicts keep ID other` names.
 */
id: string, 
/**
 * The record, as the person knows it ("Ana Lima", "Lunch with Bo (3 May)").
 */
record: string, 
/**
 * The field, as the person knows it ("company").
 */
field: string, 
/**
 * The value kept, who wrote it and when (ms since 1970).
 */
kept: string, keptBy: string, keptAt: number, 
/**
 * The value replaced, who wrote it and when.
 */
replaced: string, replacedBy: string, replacedAt: number, 
/**
 * One line: "Ana Lima's company: Acme (laptop, 10:02) replaced Acme Corp (desktop, 10:01)".
 */
summary: string, };
