//! What the app and the CLI do, as methods on [`Store`](crate::Store): each validates its
//! input, checks what only the database can tell (does that contact exist?), and writes in
//! one transaction, so nothing is ever half-saved. Tauri commands and CLI verbs call exactly
//! one of these.

mod asks;
mod contacts;
mod engine;
mod export;
mod import;
mod import_interactions;
mod interactions;
mod interests;
mod merge;
mod review;
mod seed;
mod trash;

pub(crate) use contacts::write_parts as write_contact_parts;
pub use contacts::ContactMatch;
pub use seed::{SeedOptions, SeedReport};
pub use trash::TRASH_DAYS;
