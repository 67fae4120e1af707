// The one place the UI talks to the Rust side: a typed wrapper per Tauri command.
// Every rejection is converted to an ApiError carrying the tagged AppError.
import { invoke } from "@tauri-apps/api/core";
import type {
  Activity,
  Ask,
  AskQuery,
  AskStatus,
  BackupInfo,
  Brief,
  CapturedMessage,
  CircleShape,
  Contact,
  ContactHealth,
  ContactInput,
  ContactQuery,
  ContactRef,
  ContactSummary,
  DatabaseInfo,
  Desktop,
  DuplicatePair,
  ExportFormat,
  ExportQuestions,
  ExportReport,
  FadingTie,
  Feedback,
  FeedbackAction,
  FoundSource,
  HelpOpportunity,
  ImportDecision,
  ImportFormat,
  ImportPlan,
  ImportRecord,
  ImportUndo,
  Interaction,
  Interest,
  Lane,
  LastMerge,
  MergeField,
  NetworkMap,
  NewAsk,
  NewInteraction,
  NewReminder,
  OneSidedTie,
  OwnAddress,
  Page,
  PeopleAround,
  RelationshipInput,
  Reminder,
  RemindersView,
  ScanReport,
  SearchHit,
  SeriesPoint,
  Settings,
  Source,
  SourceKind,
  SyncConflict,
  SyncReport,
  SyncSetupReport,
  SyncStatus,
  TagCount,
  Today,
  TrashItem,
  TrendPoint,
  Unknown,
  Unmerged,
  Upcoming,
} from "./bindings";
import { type AppError, describeError, toAppError } from "./errors";

export class ApiError extends Error {
  readonly error: AppError;
  constructor(error: AppError) {
    super(describeError(error));
    this.name = "ApiError";
    this.error = error;
  }
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (raw) {
    throw new ApiError(toAppError(raw));
  }
}

export const api = {
  databaseInfo: () => call<DatabaseInfo>("database_info"),
  /** The damage check left out of start-up, run after the first paint. */
  checkDatabase: () => call<void>("database_check"),
  quit: () => call<void>("app_quit"),
  /** What closing the window does, whether the desktop has a tray, whether Kith starts at login. */
  desktop: () => call<Desktop>("desktop_get"),
  setDesktop: (change: { closeToTray?: boolean; startAtLogin?: boolean }) =>
    call<Desktop>("desktop_set", {
      closeToTray: change.closeToTray ?? null,
      startAtLogin: change.startAtLogin ?? null,
    }),
  /** After the one-line tray notice: close the window to the tray, or quit. */
  closeWindow: (quit: boolean) => call<void>("window_close", { quit }),

  addContact: (input: ContactInput) => call<Contact>("contact_add", { input }),
  updateContact: (id: number, input: ContactInput) => call<Contact>("contact_update", { id, input }),
  getContact: (id: number) => call<Contact>("contact_get", { id }),
  listContacts: (query: ContactQuery) => call<Page<ContactSummary>>("contact_list", { query }),
  setArchived: (id: number, archived: boolean) => call<Contact>("contact_set_archived", { id, archived }),
  deleteContact: (id: number) => call<void>("contact_delete", { id }),
  restoreContact: (id: number) => call<Contact>("contact_restore", { id }),
  suggestContacts: (prefix: string, limit = 8) => call<ContactRef[]>("contact_suggest", { prefix, limit }),
  listDuplicates: (limit?: number) => call<DuplicatePair[]>("duplicates_list", { limit: limit ?? null }),
  dismissDuplicate: (a: number, b: number) => call<void>("duplicates_dismiss", { a, b }),
  mergeContacts: (keep: number, other: number, take: MergeField[] = []) =>
    call<Contact>("contact_merge", { keep, other, take }),
  previewMerge: (keep: number, other: number, take: MergeField[] = []) =>
    call<Contact>("contact_merge_preview", { keep, other, take }),
  unmergeContact: (id: number) => call<Unmerged>("contact_unmerge", { id }),
  lastMerge: (id: number) => call<LastMerge | null>("contact_last_merge", { id }),
  listTags: () => call<TagCount[]>("tag_list"),
  me: () => call<Contact>("me_get"),

  listInterests: () => call<Interest[]>("interest_list"),
  addInterest: (name: string) => call<Interest>("interest_add", { name }),
  renameInterest: (old: string, name: string) => call<Interest>("interest_rename", { old, new: name }),
  mergeInterests: (from: string, into: string) => call<Interest>("interest_merge", { from, into }),

  addAsk: (input: NewAsk) => call<Ask>("ask_add", { input }),
  listAsks: (query: AskQuery) => call<Ask[]>("ask_list", { query }),
  peopleAround: (id: number) => call<PeopleAround>("people_around", { id }),
  /** "`other` is `contact`'s `role`". */
  addRelationship: (input: RelationshipInput) => call<PeopleAround>("relationship_add", { input }),
  removeRelationship: (input: RelationshipInput) => call<PeopleAround>("relationship_remove", { input }),
  setAskStatus: (id: number, status: AskStatus, helpedBy: number | null = null) =>
    call<Ask>("ask_set_status", { id, status, helpedBy }),

  logInteraction: (input: NewInteraction) => call<Interaction>("interaction_log", { input }),
  deleteInteraction: (id: number) => call<void>("interaction_delete", { id }),
  restoreInteraction: (id: number) => call<Interaction>("interaction_restore", { id }),
  timeline: (contactId: number, limit: number, offset: number) =>
    call<Page<Interaction>>("timeline", { contactId, limit, offset }),

  /** Sets up sync through `folder`; `key` (recovery key or passphrase) joins a folder set up on another computer. */
  syncSetup: (folder: string, name: string, key: string | null) =>
    call<SyncSetupReport>("sync_setup", { folder, name, key }),
  /** This computer's name, offered as the device's name at setup. */
  syncDeviceName: () => call<string>("sync_device_name"),
  syncNow: () => call<SyncReport>("sync_now"),
  syncStatus: () => call<SyncStatus>("sync_status"),
  syncConflicts: () => call<SyncConflict[]>("sync_conflicts"),
  /** Writes the replaced value of conflict `id` back, on every computer. */
  syncKeepOther: (id: string) => call<SyncConflict>("sync_keep_other", { id }),
  syncPause: (paused: boolean) => call<void>("sync_pause", { paused }),

  createBackup: () => call<BackupInfo>("backup_create"),
  listBackups: () => call<BackupInfo[]>("backup_list"),
  /** Restores `path`; resolves with the snapshot of what was there before (to undo). */
  restoreBackup: (path: string) => call<BackupInfo>("backup_restore", { path }),
  /** For a damaged database: sets it aside and restores the newest good backup. */
  restoreNewestBackup: () => call<BackupInfo>("backup_restore_newest"),

  search: (query: string, limit = 20) => call<SearchHit[]>("search", { query, limit }),
  listTrash: () => call<TrashItem[]>("trash_list"),
  emptyTrash: () => call<number>("trash_empty"),

  today: (limit: number | null = null) => call<Today>("today", { limit }),
  /** Calendar events of the next `days` days with people in Kith, each with a brief on them. */
  upcoming: (days: number | null = null) => call<Upcoming[]>("upcoming", { days }),
  brief: (id: number) => call<Brief>("brief_get", { id }),
  health: (id: number) => call<ContactHealth>("health_get", { id }),
  healthList: () => call<ContactHealth[]>("health_list"),
  helpOpportunities: () => call<HelpOpportunity[]>("help_opportunities"),
  /** done / snoozed (until a YYYY-MM-DD day after today) / dismissed, for a suggestion. */
  suggestionFeedback: (contactId: number, lane: Lane, action: FeedbackAction, until: string | null = null) =>
    call<Feedback>("suggestion_feedback", { contactId, lane, action, until }),
  addReminder: (input: NewReminder) => call<Reminder>("reminder_add", { input }),
  reminders: () => call<RemindersView>("reminder_list"),
  reminderDone: (id: number) => call<Reminder>("reminder_done", { id }),
  snoozeReminder: (id: number, until: string) => call<Reminder>("reminder_snooze", { id, until }),
  /** The Review screen, one call per panel; pass the same `asOf` so they share one evaluation. */
  reviewCircles: (asOf: string | null) => call<CircleShape[]>("review_circles", { asOf }),
  reviewTrend: (asOf: string | null) => call<TrendPoint[]>("review_trend", { asOf }),
  reviewFading: (asOf: string | null) => call<FadingTie[]>("review_fading", { asOf }),
  reviewOneSided: (asOf: string | null) => call<OneSidedTie[]>("review_one_sided", { asOf }),
  reviewActivity: (asOf: string | null) => call<Activity>("review_activity", { asOf }),
  reviewMap: (asOf: string | null, limit: number | null = null) => call<NetworkMap>("review_map", { asOf, limit }),
  healthSeries: (id: number, asOf: string | null = null) => call<SeriesPoint[]>("health_series", { id, asOf }),
  settings: () => call<Settings>("settings_get"),
  setSettings: (input: Settings) => call<Settings>("settings_set", { input }),
  importPreview: (path: string, format: ImportFormat | null, decisions: ImportDecision[] = []) =>
    call<ImportPlan>("import_preview", { path, format, decisions }),
  importCommit: (path: string, format: ImportFormat | null, decisions: ImportDecision[] = []) =>
    call<ImportPlan>("import_commit", { path, format, decisions }),
  exportWrite: (format: ExportFormat, path: string, contacts: number[] | null = null) =>
    call<ExportReport>("export_write", { format, path, contacts }),
  calendarPath: () => call<string | null>("calendar_path"),
  /** Every import that wrote something, newest first. */
  listImports: () => call<ImportRecord[]>("import_list"),
  /** Takes an import back: what it created goes to the Trash, what it filled in is taken back. */
  undoImport: (id: number) => call<ImportUndo>("import_undo", { id }),

  listSources: () => call<Source[]>("source_list"),
  /** Reads `path` as a new source; with `dryRun` keeps nothing (the preview). `me`: the person's name in a
   * chat export; `dayFirst`: the date order of a WhatsApp export that can be read both ways. */
  addSource: (
    path: string,
    kind: SourceKind | null,
    dryRun: boolean,
    keepText = false,
    me: string | null = null,
    dayFirst: boolean | null = null,
  ) => call<ScanReport>("source_add", { path, kind, dryRun, keepText, me, dayFirst }),
  /** Keeps what a source's messages say from its next read on, or stops and erases it. */
  setSourceKeepText: (id: number, keep: boolean) => call<Source>("source_set_keep_text", { id, keep }),
  /** The messages (or meeting) an interaction was made of, with their text where kept. */
  interactionMessages: (id: number) => call<CapturedMessage[]>("interaction_messages", { id }),
  /** Reads one source again (every source with `null`): only what is new. */
  scanSources: (id: number | null) => call<ScanReport[]>("source_scan", { id }),
  /** Thunderbird and Evolution mail folders and calendars in their usual places (listed, not read). */
  foundSources: () => call<FoundSource[]>("source_found"),
  /** Stops the read in progress after its current batch. */
  cancelRead: () => call<void>("source_cancel"),
  removeSource: (id: number, forget: boolean) => call<Source>("source_remove", { id, forget }),
  /** The kind `path` would be read as, and the addresses on most of it (likely the person's). */
  ownAddresses: (path: string, kind: SourceKind | null) =>
    call<[SourceKind, OwnAddress[]]>("source_own_addresses", { path, kind }),
  /** What the person must say before a phone or chat export is read (who they are in it, its date order). */
  exportQuestions: (path: string, kind: SourceKind | null) => call<ExportQuestions>("source_questions", { path, kind }),
  unknowns: (all: boolean) => call<Unknown[]>("unknown_list", { all }),
  addUnknown: (email: string, name: string | null = null) => call<Contact>("unknown_add", { email, name }),
  linkUnknown: (email: string, contact: number) => call<Contact>("unknown_link", { email, contact }),
  ignoreUnknown: (email: string) => call<void>("unknown_ignore", { email }),
  meAddresses: () => call<string[]>("me_address_list"),
  addMeAddress: (email: string) => call<Contact>("me_address_add", { email }),
};

/** The AppError behind anything an api call threw. */
export function errorOf(thrown: unknown): AppError {
  return thrown instanceof ApiError ? thrown.error : toAppError(thrown);
}

/** A ContactInput that reproduces `c` (the starting point of an edit). */
export function inputOf(c: Contact): ContactInput {
  return {
    name: c.name,
    company: c.company,
    role: c.role,
    location: c.location,
    metHow: c.metHow,
    metOn: c.metOn,
    introducedBy: c.introducedBy?.id ?? null,
    circle: c.circle,
    cadenceDays: c.cadenceDays,
    notes: c.notes,
    tags: c.tags,
    channels: c.channels,
    dates: c.dates,
    interests: c.interests,
    nameParts: c.nameParts,
    nickname: c.nickname,
    department: c.department,
    titles: c.titles,
    addresses: c.addresses,
    connectedOn: c.connectedOn,
    pastJobs: c.pastJobs,
  };
}

/** An empty ContactInput with just a name. */
export function newContactInput(name: string): ContactInput {
  return {
    name,
    notes: "",
    tags: [],
    channels: [],
    dates: [],
    interests: [],
    nameParts: {},
    titles: [],
    addresses: [],
    pastJobs: [],
  };
}
