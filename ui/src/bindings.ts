// Generated from the Rust types in src/model.rs and src/error.rs by tests/bindings.rs.
// Do not edit: change the Rust types, then run
//   KITH_UPDATE_BINDINGS=1 cargo test --test bindings

export type Contact = { id: number, name: string, company: string | null, role: string | null, email: string | null, createdAt: string, updatedAt: string, };

export type NewContact = { name: string, company?: string | null, role?: string | null, email?: string | null, };

export type ContactQuery = { limit: number, offset: number, };

export type Page<T> = { items: Array<T>, total: number, offset: number, };

export type DatabaseInfo = { path: string, schemaVersion: number, };

export type FieldError = { 
/**
 * The input's field name as the UI and the CLI know it (`name`, `email`, ...).
 */
field: string, message: string, };

export type KithError = { "type": "invalid", "data": { fields: Array<FieldError>, } } | { "type": "notFound", "data": { entity: string, id: number, } } | { "type": "notADatabase", "data": { path: string, reason: string, } } | { "type": "newerDatabase", "data": { path: string, found: number, supported: number, } } | { "type": "migration", "data": { version: number, message: string, } } | { "type": "io", "data": { path: string, message: string, } } | { "type": "database", "data": { message: string, } };
