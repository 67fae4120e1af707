// The one place the UI talks to the Rust side: a typed wrapper per Tauri command.
// Every rejection is converted to an ApiError carrying the tagged AppError.
import { invoke } from "@tauri-apps/api/core";
import type { Contact, ContactQuery, DatabaseInfo, NewContact, Page } from "./bindings";
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
  quit: () => call<void>("app_quit"),
  addContact: (input: NewContact) => call<Contact>("contact_add", { input }),
  getContact: (id: number) => call<Contact>("contact_get", { id }),
  listContacts: (query: ContactQuery) => call<Page<Contact>>("contact_list", { query }),
};

/** The AppError behind anything an api call threw. */
export function errorOf(thrown: unknown): AppError {
  return thrown instanceof ApiError ? thrown.error : toAppError(thrown);
}
