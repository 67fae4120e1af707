//! Queries of the `contact` table and of the rows that belong to one contact (channels, tags,
//! dates, interests). Callers validate input first (see `crate::validate`) and pick the
//! transaction.

use chrono::{DateTime, Utc};
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row};

use crate::error::{Error, Result};
use crate::identity::normalize::match_key;
use crate::identity::Record;
use crate::model::{
    Address, Channel, ChannelKind, Contact, ContactInput, ContactQuery, ContactRef, ContactSort,
    ContactSummary, Identity, ImportantDate, NameParts, PastJob, Title,
};
use crate::store::codec::{self, from_millis, opt_from_millis};
use crate::store::search::{self, Entry};

/// The key contacts sort by: case, accents and compatibility forms folded away, so "Émile",
/// "emile" and "EMILE" sit together, and "Ångström" sorts under A.
pub fn sort_key(name: &str) -> String {
    use unicode_normalization::char::is_combining_mark;
    use unicode_normalization::UnicodeNormalization;
    name.nfkd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

const COLUMNS: &str = "c.id, c.name, c.company, c.role, c.location, c.met_how, c.met_on, \
    c.introduced_by, i.name, c.circle, c.cadence_days, c.notes, c.is_self, c.archived, \
    c.deleted_at, c.last_interaction_at, c.created_at, c.updated_at, c.name_prefix, \
    c.given_name, c.additional_names, c.family_name, c.name_suffix, c.nickname, c.department, \
    c.connected_on";

fn from_row(row: &Row<'_>) -> rusqlite::Result<Contact> {
    let introduced_by = match (
        row.get::<_, Option<i64>>(7)?,
        row.get::<_, Option<String>>(8)?,
    ) {
        (Some(id), Some(name)) => Some(ContactRef { id, name }),
        _ => None,
    };
    Ok(Contact {
        id: row.get(0)?,
        name: row.get(1)?,
        company: row.get(2)?,
        role: row.get(3)?,
        location: row.get(4)?,
        met_how: row.get(5)?,
        met_on: codec::opt_date(row, 6)?,
        introduced_by,
        circle: row.get(9)?,
        cadence_days: row.get(10)?,
        notes: row.get(11)?,
        tags: Vec::new(),
        channels: Vec::new(),
        dates: Vec::new(),
        interests: Vec::new(),
        is_self: row.get(12)?,
        archived: row.get(13)?,
        deleted_at: opt_from_millis(row.get(14)?),
        last_interaction_at: opt_from_millis(row.get(15)?),
        created_at: from_millis(row.get(16)?),
        updated_at: from_millis(row.get(17)?),
        name_parts: NameParts {
            prefix: row.get(18)?,
            given: row.get(19)?,
            additional: row.get(20)?,
            family: row.get(21)?,
            suffix: row.get(22)?,
        },
        nickname: row.get(23)?,
        department: row.get(24)?,
        titles: Vec::new(),
        addresses: Vec::new(),
        connected_on: codec::opt_date(row, 25)?,
        past_jobs: Vec::new(),
    })
}

/// The contact with everything that belongs to it, deleted or not.
pub fn get_contact(conn: &Connection, id: i64) -> Result<Contact> {
    let sql = format!(
        "SELECT {COLUMNS} FROM contact c LEFT JOIN contact i ON i.id = c.introduced_by WHERE c.id = ?1"
    );
    let mut contact = codec::get_by_id(conn, &sql, id, "contact", from_row)?;
    contact.tags = list_tags(conn, id)?;
    contact.channels = list_channels(conn, id)?;
    contact.dates = list_dates(conn, id)?;
    contact.interests = list_contact_interests(conn, id)?;
    contact.titles = list_titles(conn, id)?;
    contact.addresses = list_addresses(conn, id)?;
    contact.past_jobs = list_past_jobs(conn, id)?;
    Ok(contact)
}

/// A contact's global id (`None` for a row written before schema 18 by a path that gave it
/// none, or no such contact).
pub fn get_contact_gid(conn: &Connection, id: i64) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT gid FROM contact WHERE id = ?1")?
        .query_row([id], |r| r.get::<_, Option<String>>(0))
        .optional()?
        .flatten())
}

/// A contact's global id, given one first if it has none (a row written before schema 18 by
/// a path that gave it none).
pub fn ensure_contact_gid(conn: &Connection, id: i64) -> Result<String> {
    if let Some(gid) = get_contact_gid(conn, id)? {
        return Ok(gid);
    }
    let gid = super::gid::new_gid();
    conn.prepare_cached("UPDATE contact SET gid = ?2 WHERE id = ?1")?
        .execute(params![id, gid])?;
    Ok(gid)
}

/// A live (not deleted) contact's id and name, or `NotFound`.
pub fn get_contact_ref(conn: &Connection, id: i64) -> Result<ContactRef> {
    codec::get_by_id(
        conn,
        "SELECT id, name FROM contact WHERE id = ?1 AND deleted_at IS NULL",
        id,
        "contact",
        |r| codec::contact_ref_at(r, 0),
    )
}

/// Live contacts whose name equals `name` (ignoring case and accents), else whose name
/// starts with it; at most `limit`.
pub fn list_contacts_named(conn: &Connection, name: &str, limit: u32) -> Result<Vec<ContactRef>> {
    contacts_named(conn, name, limit, "deleted_at IS NULL")
}

/// Like [`list_contacts_named`], among the contacts in the trash.
pub fn list_trashed_contacts_named(
    conn: &Connection,
    name: &str,
    limit: u32,
) -> Result<Vec<ContactRef>> {
    contacts_named(conn, name, limit, "deleted_at IS NOT NULL")
}

fn contacts_named(
    conn: &Connection,
    name: &str,
    limit: u32,
    filter: &str,
) -> Result<Vec<ContactRef>> {
    let key = sort_key(name.trim());
    let map = |r: &Row<'_>| codec::contact_ref_at(r, 0);
    let exact: Vec<ContactRef> = conn
        .prepare_cached(&format!(
            "SELECT id, name FROM contact WHERE sort_key = ?1 AND {filter} ORDER BY id LIMIT ?2"
        ))?
        .query_map(params![key, limit], map)?
        .collect::<rusqlite::Result<_>>()?;
    if !exact.is_empty() {
        return Ok(exact);
    }
    let upper = format!("{key}\u{10FFFF}");
    Ok(conn
        .prepare_cached(&format!(
            "SELECT id, name FROM contact WHERE sort_key >= ?1 AND sort_key < ?2 AND {filter}
             ORDER BY sort_key, id LIMIT ?3"
        ))?
        .query_map(params![key, upper, limit], map)?
        .collect::<rusqlite::Result<_>>()?)
}

/// The user's own contact row, if it exists.
pub fn get_self_id(conn: &Connection) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT id FROM contact WHERE is_self = 1")?
        .query_row([], |r| r.get(0))
        .optional()?)
}

/// The WHERE clause (over `contact c`) and its arguments for the filters of `q`.
fn list_filter(q: &ContactQuery) -> (String, Vec<Value>) {
    let mut filters = vec![
        "c.deleted_at IS NULL".to_owned(),
        "c.is_self = 0".to_owned(),
    ];
    let mut args: Vec<Value> = Vec::new();
    if !q.include_archived {
        filters.push("c.archived = 0".into());
    }
    if let Some(circle) = q.circle {
        args.push(Value::Text(circle.to_string()));
        filters.push(format!("c.circle = ?{}", args.len()));
    }
    if let Some(tag) = q.tag.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        args.push(Value::Text(tag.to_owned()));
        filters.push(format!(
            "EXISTS (SELECT 1 FROM contact_tag t WHERE t.contact_id = c.id AND t.tag = ?{})",
            args.len()
        ));
    }
    if let Some(interest) = q
        .interest
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        args.push(Value::Text(interest.to_owned()));
        // A name merged into another interest (an alias) finds that interest's contacts.
        filters.push(format!(
            "EXISTS (SELECT 1 FROM contact_interest ci WHERE ci.contact_id = c.id AND ci.interest_id IN
                     (SELECT id FROM interest WHERE name = ?{0}
                      UNION ALL SELECT interest_id FROM interest_alias WHERE alias = ?{0}))",
            args.len()
        ));
    }
    if let Some(search) = q.search.as_deref().and_then(search::prefix_query) {
        args.push(Value::Text(search));
        // A contact's own entry (its interests included), or one of its needs and offers:
        // one pass over the matches.
        filters.push(format!(
            "c.id IN (SELECT iif(s.rowid % 4 = 0, s.rowid / 4,
                                 (SELECT a.contact_id FROM ask a WHERE a.id = s.rowid / 4))
                      FROM search_index s WHERE search_index MATCH ?{} AND s.rowid % 4 IN (0, 2))",
            args.len()
        ));
    }
    (filters.join(" AND "), args)
}

const SUMMARY_COLUMNS: &str =
    "c.id, c.name, c.company, c.role, c.circle, c.archived, c.last_interaction_at,
   (SELECT value FROM contact_channel ch WHERE ch.contact_id = c.id AND ch.kind = 'email'
    ORDER BY ch.position LIMIT 1),
   (SELECT group_concat(tag, char(31)) FROM contact_tag t WHERE t.contact_id = c.id)";

fn summary_of(r: &Row<'_>) -> rusqlite::Result<ContactSummary> {
    Ok(ContactSummary {
        id: r.get(0)?,
        name: r.get(1)?,
        company: r.get(2)?,
        role: r.get(3)?,
        circle: r.get(4)?,
        archived: r.get(5)?,
        last_interaction_at: opt_from_millis(r.get(6)?),
        email: r.get(7)?,
        tags: r
            .get::<_, Option<String>>(8)?
            .map(|t| t.split('\u{1f}').map(str::to_owned).collect())
            .unwrap_or_default(),
        health: None,
    })
}

/// One page of the People list and the number of matching contacts. Sorting by health is
/// `Store::list_contacts_at`'s (it needs the engine); here it is refused.
pub fn list_contacts(conn: &Connection, q: &ContactQuery) -> Result<(Vec<ContactSummary>, u32)> {
    let order = match q.sort {
        ContactSort::Name => "c.sort_key, c.id",
        ContactSort::LastContact => {
            "c.last_interaction_at IS NULL, c.last_interaction_at DESC, c.sort_key, c.id"
        }
        ContactSort::Health => {
            return Err(Error::invalid(
                "sort",
                "sorting by health needs the engine: use Store::list_contacts_at",
            ))
        }
    };
    let (filter, mut args) = list_filter(q);
    let total: u32 = conn
        .prepare_cached(&format!("SELECT count(*) FROM contact c WHERE {filter}"))?
        .query_row(params_from_iter(args.iter()), |r| r.get(0))?;
    args.push(Value::Integer(q.limit.into()));
    args.push(Value::Integer(q.offset.into()));
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS}
         FROM contact c WHERE {filter} ORDER BY {order} LIMIT ?{} OFFSET ?{}",
        args.len() - 1,
        args.len()
    );
    let items = conn
        .prepare_cached(&sql)?
        .query_map(params_from_iter(args.iter()), summary_of)?
        .collect::<rusqlite::Result<_>>()?;
    Ok((items, total))
}

/// The ids of every contact matching the filters of `q` (not its sort, limit or offset), by
/// name.
pub fn list_contact_ids(conn: &Connection, q: &ContactQuery) -> Result<Vec<i64>> {
    let (filter, args) = list_filter(q);
    Ok(conn
        .prepare_cached(&format!(
            "SELECT c.id FROM contact c WHERE {filter} ORDER BY c.sort_key, c.id"
        ))?
        .query_map(params_from_iter(args.iter()), |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?)
}

/// The list rows of `ids`, in the order of `ids` (ids not found are left out).
pub fn list_contacts_by_ids(conn: &Connection, ids: &[i64]) -> Result<Vec<ContactSummary>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let marks = vec!["?"; ids.len()].join(",");
    let mut found: std::collections::HashMap<i64, ContactSummary> = conn
        .prepare(&format!(
            "SELECT {SUMMARY_COLUMNS} FROM contact c WHERE c.id IN ({marks})"
        ))?
        .query_map(params_from_iter(ids.iter()), summary_of)?
        .map(|r| r.map(|c| (c.id, c)))
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids.iter().filter_map(|id| found.remove(id)).collect())
}

/// The names of the contacts `ids` that are live (not in the trash), by id.
pub fn list_live_names(
    conn: &Connection,
    ids: &[i64],
) -> Result<std::collections::HashMap<i64, String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, name FROM contact
          WHERE id IN (SELECT value FROM json_each(?1)) AND deleted_at IS NULL",
    )?;
    let rows = stmt.query_map([codec::id_list(ids)], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Inserts a validated contact's own row (not its channels, tags, ...) and its search index
/// entry, and returns its id: for a contact without interests (the entry holds their names).
pub fn insert_contact(
    conn: &Connection,
    c: &ContactInput,
    is_self: bool,
    now: DateTime<Utc>,
) -> Result<i64> {
    let id = insert_contact_with_id(conn, None, None, c, is_self, now)?;
    search::index(conn, Entry::Contact, id)?;
    Ok(id)
}

/// [`insert_contact`] without the search index entry, for a contact whose interests are
/// written next, or a batch that writes the entries of all its contacts at its end
/// (`search::reindex`), before it commits.
pub fn insert_contact_unindexed(
    conn: &Connection,
    c: &ContactInput,
    is_self: bool,
    now: DateTime<Utc>,
) -> Result<i64> {
    insert_contact_with_id(conn, None, None, c, is_self, now)
}

/// [`insert_contact`] under the id `id` and the global id `gid` (new ones when `None`).
fn insert_contact_with_id(
    conn: &Connection,
    id: Option<i64>,
    gid: Option<&str>,
    c: &ContactInput,
    is_self: bool,
    now: DateTime<Utc>,
) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO contact (id, name, sort_key, company, role, location, met_how, met_on, introduced_by,
                              circle, cadence_days, notes, is_self, created_at, updated_at,
                              name_prefix, given_name, additional_names, family_name, name_suffix,
                              nickname, department, connected_on, name_key, gid)
         VALUES (?22, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13,
                 ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?23, ?24)",
    )?
    .execute(params![
        c.name,
        sort_key(&c.name),
        c.company,
        c.role,
        c.location,
        c.met_how,
        c.met_on.map(|d| d.to_string()),
        c.introduced_by,
        c.circle,
        c.cadence_days,
        c.notes,
        is_self,
        now.timestamp_millis(),
        c.name_parts.prefix,
        c.name_parts.given,
        c.name_parts.additional,
        c.name_parts.family,
        c.name_parts.suffix,
        c.nickname,
        c.department,
        c.connected_on.map(|d| d.to_string()),
        id,
        crate::identity::name_key(&c.name),
        gid.map_or_else(super::gid::new_gid, str::to_owned),
    ])?;
    Ok(conn.last_insert_rowid())
}

/// Writes a contact that was deleted for good back (an unmerge): its row as `was` had it
/// (created, archived, in the trash), under its old id and global id when no contact took
/// them since. Not its search index entry, which holds its interests: the caller writes it
/// after them.
pub fn insert_contact_as(
    conn: &Connection,
    (id, gid): (Option<i64>, Option<&str>),
    c: &ContactInput,
    was: &Contact,
) -> Result<i64> {
    let free = match id {
        Some(id) => conn
            .prepare_cached("SELECT NOT EXISTS (SELECT 1 FROM contact WHERE id = ?1)")?
            .query_row([id], |r| r.get::<_, bool>(0))?,
        None => false,
    };
    let gid_free = match gid {
        Some(gid) => conn
            .prepare_cached("SELECT NOT EXISTS (SELECT 1 FROM contact WHERE gid = ?1)")?
            .query_row([gid], |r| r.get::<_, bool>(0))?,
        None => false,
    };
    let id = insert_contact_with_id(
        conn,
        id.filter(|_| free),
        gid.filter(|_| gid_free),
        c,
        was.is_self,
        was.created_at,
    )?;
    conn.prepare_cached(
        "UPDATE contact SET archived = ?2, deleted_at = ?3, updated_at = ?4 WHERE id = ?1",
    )?
    .execute(params![
        id,
        was.archived,
        was.deleted_at.map(|d| d.timestamp_millis()),
        was.updated_at.timestamp_millis()
    ])?;
    Ok(id)
}

/// Overwrites a contact's own row with a validated input. Not its search index entry, which
/// holds its interests: the caller writes it after them (`search::reindex`), a batch at its
/// end, before it commits.
pub fn update_contact_unindexed(
    conn: &Connection,
    id: i64,
    c: &ContactInput,
    now: DateTime<Utc>,
) -> Result<()> {
    let changed = conn
        .prepare_cached(
            "UPDATE contact SET name = ?2, sort_key = ?3, company = ?4, role = ?5, location = ?6,
                met_how = ?7, met_on = ?8, introduced_by = ?9, circle = ?10, cadence_days = ?11,
                notes = ?12, updated_at = ?13, name_prefix = ?14, given_name = ?15,
                additional_names = ?16, family_name = ?17, name_suffix = ?18, nickname = ?19,
                department = ?20, connected_on = ?21, name_key = ?22
             WHERE id = ?1",
        )?
        .execute(params![
            id,
            c.name,
            sort_key(&c.name),
            c.company,
            c.role,
            c.location,
            c.met_how,
            c.met_on.map(|d| d.to_string()),
            c.introduced_by,
            c.circle,
            c.cadence_days,
            c.notes,
            now.timestamp_millis(),
            c.name_parts.prefix,
            c.name_parts.given,
            c.name_parts.additional,
            c.name_parts.family,
            c.name_parts.suffix,
            c.nickname,
            c.department,
            c.connected_on.map(|d| d.to_string()),
            crate::identity::name_key(&c.name),
        ])?;
    codec::changed(changed, "contact", id)
}

pub fn update_contact_archived(
    conn: &Connection,
    id: i64,
    archived: bool,
    now: DateTime<Utc>,
) -> Result<()> {
    let changed = conn
        .prepare_cached("UPDATE contact SET archived = ?2, updated_at = ?3 WHERE id = ?1")?
        .execute(params![id, archived, now.timestamp_millis()])?;
    codec::changed(changed, "contact", id)
}

/// Sets (or clears) who introduced contact `id`.
pub fn update_contact_introduced_by(
    conn: &Connection,
    id: i64,
    by: Option<i64>,
    now: DateTime<Utc>,
) -> Result<()> {
    let changed = conn
        .prepare_cached("UPDATE contact SET introduced_by = ?2, updated_at = ?3 WHERE id = ?1")?
        .execute(params![id, by, now.timestamp_millis()])?;
    codec::changed(changed, "contact", id)
}

/// Moves a contact to the trash (`Some(now)`) or back out of it (`None`).
pub fn update_contact_deleted(
    conn: &Connection,
    id: i64,
    deleted_at: Option<DateTime<Utc>>,
) -> Result<()> {
    let changed = conn
        .prepare_cached("UPDATE contact SET deleted_at = ?2 WHERE id = ?1 AND is_self = 0")?
        .execute(params![id, deleted_at.map(|t| t.timestamp_millis())])?;
    codec::changed(changed, "contact", id)
}

/// Purges for good the contacts in the trash since before `before` (with their needs and
/// offers, and the search index entries of both); returns how many contacts.
pub fn delete_contacts_trashed_before(conn: &Connection, before: DateTime<Utc>) -> Result<usize> {
    let before = before.timestamp_millis();
    let asks: Vec<i64> = conn
        .prepare_cached(
            "SELECT a.id FROM ask a JOIN contact c ON c.id = a.contact_id
             WHERE c.deleted_at IS NOT NULL AND c.deleted_at < ?1",
        )?
        .query_map([before], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let purged: Vec<i64> = conn
        .prepare_cached(
            "DELETE FROM contact WHERE deleted_at IS NOT NULL AND deleted_at < ?1 RETURNING id",
        )?
        .query_map([before], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    search::reindex(conn, Entry::Contact, &purged)?;
    search::reindex(conn, Entry::Ask, &asks)?;
    Ok(purged.len())
}

// Channels ---------------------------------------------------------------------------------

pub fn list_channels(conn: &Connection, contact_id: i64) -> Result<Vec<Channel>> {
    codec::list(
        conn,
        "SELECT kind, label, value, types FROM contact_channel WHERE contact_id = ?1 ORDER BY position, id",
        [contact_id],
        |r| {
            Ok(Channel {
                kind: r.get::<_, ChannelKind>(0)?,
                label: r.get(1)?,
                value: r.get(2)?,
                types: split_types(&r.get::<_, String>(3)?),
            })
        },
    )
}

/// vCard types kept as one comma-separated column (a type never holds a comma: vCard
/// separates them with it).
fn split_types(joined: &str) -> Vec<String> {
    joined
        .split(',')
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Deletes what [`get_contact`] reads besides the row: channels, tags, dates, interests,
/// titles, addresses and past jobs (to write them again).
pub fn delete_parts(conn: &Connection, contact_id: i64) -> Result<()> {
    delete_channels(conn, contact_id)?;
    delete_tags(conn, contact_id)?;
    delete_dates(conn, contact_id)?;
    delete_contact_interests(conn, contact_id)?;
    delete_titles(conn, contact_id)?;
    delete_addresses(conn, contact_id)?;
    delete_past_jobs(conn, contact_id)
}

pub fn delete_channels(conn: &Connection, contact_id: i64) -> Result<()> {
    conn.prepare_cached("DELETE FROM contact_channel WHERE contact_id = ?1")?
        .execute([contact_id])?;
    Ok(())
}

/// Inserts a channel; `identity` is its normalised value (see `identity::normalize`), which
/// makes it an identity of the contact: of this contact alone, or of nobody when another
/// contact has it too (a shared address). Channels are only ever inserted and deleted, never
/// updated; a trigger keeps the identity when a channel is deleted (schema 6), the identity
/// of an inserted one is written here (a trigger did up to schema 6: it made each INSERT a
/// statement with its own journal, an eighth of an import's time).
pub fn insert_channel(
    conn: &Connection,
    contact_id: i64,
    position: usize,
    ch: &Channel,
    identity: Option<&str>,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO contact_channel (contact_id, kind, label, value, position, types, normalized,
                                      match_key)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        contact_id,
        ch.kind,
        ch.label,
        ch.value,
        position as i64,
        ch.types.join(","),
        identity,
        match_key(ch.kind, identity, &ch.value),
    ])?;
    if let Some(value) = identity {
        // Not an upsert: its DO UPDATE (of a column with a foreign key) gives the INSERT a
        // statement journal too.
        let added = conn
            .prepare_cached(
                "INSERT OR IGNORE INTO identity (kind, value, contact_id) VALUES (?1, ?2, ?3)",
            )?
            .execute(params![ch.kind, value, contact_id])?;
        if added == 0 {
            conn.prepare_cached(
                "UPDATE identity SET contact_id = NULL
                 WHERE kind = ?1 AND value = ?2 AND contact_id IS NOT ?3",
            )?
            .execute(params![ch.kind, value, contact_id])?;
        }
    }
    Ok(())
}

/// Computes every channel's identity value again (phones read in `region`) and rebuilds the
/// identity table from them: when the default region changes.
pub fn renormalize_channels(conn: &Connection, region: Option<&str>) -> rusqlite::Result<()> {
    normalize_channels(conn, region, true)?;
    rebuild_identities(conn)
}

/// Writes every channel's identity value (phones read in `region`), and its match key too
/// when `match_keys` (schema 9 on; schema 6's upgrade runs before that column exists).
pub fn normalize_channels(
    conn: &Connection,
    region: Option<&str>,
    match_keys: bool,
) -> rusqlite::Result<()> {
    let rows: Vec<(i64, ChannelKind, String)> = conn
        .prepare("SELECT id, kind, value FROM contact_channel")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut update = conn.prepare(if match_keys {
        "UPDATE contact_channel SET normalized = ?2, match_key = ?3 WHERE id = ?1"
    } else {
        "UPDATE contact_channel SET normalized = ?2 WHERE id = ?1 AND ?3 IS NOT NULL"
    })?;
    for (id, kind, value) in rows {
        let ch = Channel {
            kind,
            label: None,
            value,
            types: Vec::new(),
        };
        let normalized = crate::identity::channel::value(&ch, region);
        let key = match_key(kind, normalized.as_deref(), &ch.value);
        update.execute(params![id, normalized, key])?;
    }
    Ok(())
}

/// Writes every contact's `name_key` and every channel's `match_key` from what they hold
/// (schema 9's upgrade).
pub fn fill_match_keys(conn: &Connection) -> rusqlite::Result<()> {
    let names: Vec<(i64, String)> = conn
        .prepare("SELECT id, name FROM contact")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut update = conn.prepare("UPDATE contact SET name_key = ?2 WHERE id = ?1")?;
    for (id, name) in names {
        update.execute(params![id, crate::identity::name_key(&name)])?;
    }
    let channels: Vec<(i64, ChannelKind, Option<String>, String)> = conn
        .prepare("SELECT id, kind, normalized, value FROM contact_channel")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut update = conn.prepare("UPDATE contact_channel SET match_key = ?2 WHERE id = ?1")?;
    for (id, kind, normalized, value) in channels {
        update.execute(params![id, match_key(kind, normalized.as_deref(), &value)])?;
    }
    Ok(())
}

/// Writes the identity table again from the channels' identity values (after an upgrade, a
/// change of the default region, or a JSON export restored row by row).
pub fn rebuild_identities(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(
        "DELETE FROM identity;
         INSERT INTO identity (kind, value, contact_id)
             SELECT kind, normalized, CASE WHEN count(DISTINCT contact_id) = 1 THEN min(contact_id) END
             FROM contact_channel WHERE normalized IS NOT NULL GROUP BY kind, normalized;",
    )
}

// Titles and addresses ---------------------------------------------------------------------

pub fn list_titles(conn: &Connection, contact_id: i64) -> Result<Vec<Title>> {
    codec::list(
        conn,
        "SELECT kind, value FROM contact_title WHERE contact_id = ?1 ORDER BY position, id",
        [contact_id],
        |r| {
            Ok(Title {
                kind: r.get(0)?,
                value: r.get(1)?,
            })
        },
    )
}

pub fn delete_titles(conn: &Connection, contact_id: i64) -> Result<()> {
    conn.prepare_cached("DELETE FROM contact_title WHERE contact_id = ?1")?
        .execute([contact_id])?;
    Ok(())
}

pub fn insert_title(conn: &Connection, contact_id: i64, position: usize, t: &Title) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO contact_title (contact_id, kind, value, position) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![contact_id, t.kind, t.value, position as i64])?;
    Ok(())
}

/// The identities of contact `id`'s channels, in the channels' order.
pub fn list_identities(conn: &Connection, contact_id: i64) -> Result<Vec<Identity>> {
    codec::list(
        conn,
        "SELECT DISTINCT ch.kind, ch.normalized, i.contact_id IS NULL FROM contact_channel ch
         LEFT JOIN identity i ON i.kind = ch.kind AND i.value = ch.normalized
         WHERE ch.contact_id = ?1 AND ch.normalized IS NOT NULL ORDER BY ch.position, ch.id",
        [contact_id],
        |r| {
            Ok(Identity {
                kind: r.get(0)?,
                value: r.get(1)?,
                shared: r.get(2)?,
            })
        },
    )
}

pub fn list_past_jobs(conn: &Connection, contact_id: i64) -> Result<Vec<PastJob>> {
    let mut stmt = conn.prepare_cached(
        "SELECT company, role, until_on FROM contact_past_job WHERE contact_id = ?1 \
         ORDER BY position, id",
    )?;
    let rows = stmt.query_map([contact_id], |r| {
        Ok(PastJob {
            company: r.get(0)?,
            role: r.get(1)?,
            until: codec::opt_date(r, 2)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn delete_past_jobs(conn: &Connection, contact_id: i64) -> Result<()> {
    conn.prepare_cached("DELETE FROM contact_past_job WHERE contact_id = ?1")?
        .execute([contact_id])?;
    Ok(())
}

pub fn insert_past_job(
    conn: &Connection,
    contact_id: i64,
    position: usize,
    job: &PastJob,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO contact_past_job (contact_id, company, role, until_on, position) \
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        contact_id,
        job.company,
        job.role,
        job.until.map(|d| d.to_string()),
        position as i64
    ])?;
    Ok(())
}

pub fn list_addresses(conn: &Connection, contact_id: i64) -> Result<Vec<Address>> {
    codec::list(
        conn,
        "SELECT label, types, po_box, extended, street, locality, region, postcode, country
         FROM contact_address WHERE contact_id = ?1 ORDER BY position, id",
        [contact_id],
        |r| {
            Ok(Address {
                label: r.get(0)?,
                types: split_types(&r.get::<_, String>(1)?),
                po_box: r.get(2)?,
                extended: r.get(3)?,
                street: r.get(4)?,
                locality: r.get(5)?,
                region: r.get(6)?,
                postcode: r.get(7)?,
                country: r.get(8)?,
            })
        },
    )
}

pub fn delete_addresses(conn: &Connection, contact_id: i64) -> Result<()> {
    conn.prepare_cached("DELETE FROM contact_address WHERE contact_id = ?1")?
        .execute([contact_id])?;
    Ok(())
}

pub fn insert_address(
    conn: &Connection,
    contact_id: i64,
    position: usize,
    a: &Address,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO contact_address (contact_id, label, types, po_box, extended, street, locality,
                                      region, postcode, country, position)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![
        contact_id,
        a.label,
        a.types.join(","),
        a.po_box,
        a.extended,
        a.street,
        a.locality,
        a.region,
        a.postcode,
        a.country,
        position as i64
    ])?;
    Ok(())
}

// Tags -------------------------------------------------------------------------------------

pub fn list_tags(conn: &Connection, contact_id: i64) -> Result<Vec<String>> {
    codec::list(
        conn,
        "SELECT tag FROM contact_tag WHERE contact_id = ?1 ORDER BY tag",
        [contact_id],
        |r| r.get(0),
    )
}

/// Every tag in use by a live contact, alphabetically, with its count.
pub fn list_all_tags(conn: &Connection) -> Result<Vec<(String, u32)>> {
    codec::list(
        conn,
        "SELECT t.tag, count(*) FROM contact_tag t JOIN contact c ON c.id = t.contact_id
         WHERE c.deleted_at IS NULL GROUP BY t.tag ORDER BY t.tag",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

pub fn delete_tags(conn: &Connection, contact_id: i64) -> Result<()> {
    conn.prepare_cached("DELETE FROM contact_tag WHERE contact_id = ?1")?
        .execute([contact_id])?;
    Ok(())
}

pub fn insert_tag(conn: &Connection, contact_id: i64, tag: &str) -> Result<()> {
    conn.prepare_cached("INSERT OR IGNORE INTO contact_tag (contact_id, tag) VALUES (?1, ?2)")?
        .execute(params![contact_id, tag])?;
    Ok(())
}

// Important dates --------------------------------------------------------------------------

pub fn list_dates(conn: &Connection, contact_id: i64) -> Result<Vec<ImportantDate>> {
    codec::list(
        conn,
        "SELECT label, year, month, day, recurring FROM contact_date WHERE contact_id = ?1 ORDER BY month, day, id",
        [contact_id],
        |r| codec::important_date_at(r, 0),
    )
}

/// A contact's important date, with its row id and the contact's name.
pub type CalendarDate = (i64, String, ImportantDate);

/// The important dates of every live, unarchived contact, by month and day, for the calendar
/// export.
pub fn list_calendar_dates(conn: &Connection) -> Result<Vec<CalendarDate>> {
    codec::list(
        conn,
        "SELECT d.id, c.name, d.label, d.year, d.month, d.day, d.recurring
         FROM contact_date d JOIN contact c ON c.id = d.contact_id
         WHERE c.deleted_at IS NULL AND c.archived = 0 ORDER BY d.month, d.day, d.id",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, codec::important_date_at(r, 2)?)),
    )
}

pub fn delete_dates(conn: &Connection, contact_id: i64) -> Result<()> {
    conn.prepare_cached("DELETE FROM contact_date WHERE contact_id = ?1")?
        .execute([contact_id])?;
    Ok(())
}

pub fn insert_date(conn: &Connection, contact_id: i64, d: &ImportantDate) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO contact_date (contact_id, label, year, month, day, recurring) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![contact_id, d.label, d.year, d.month, d.day, d.recurring])?;
    Ok(())
}

// Interests of a contact -------------------------------------------------------------------

pub fn list_contact_interests(conn: &Connection, contact_id: i64) -> Result<Vec<String>> {
    codec::list(
        conn,
        "SELECT n.name FROM contact_interest ci JOIN interest n ON n.id = ci.interest_id
         WHERE ci.contact_id = ?1 ORDER BY n.name",
        [contact_id],
        |r| r.get(0),
    )
}

pub fn delete_contact_interests(conn: &Connection, contact_id: i64) -> Result<()> {
    conn.prepare_cached("DELETE FROM contact_interest WHERE contact_id = ?1")?
        .execute([contact_id])?;
    Ok(())
}

/// Links a contact to an interest, taken up at `added_at` (Unix ms; `None` when unknown).
pub fn insert_contact_interest(
    conn: &Connection,
    contact_id: i64,
    interest_id: i64,
    added_at: Option<i64>,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT OR IGNORE INTO contact_interest (contact_id, interest_id, added_at) VALUES (?1, ?2, ?3)",
    )?
    .execute(params![contact_id, interest_id, added_at])?;
    Ok(())
}

/// When the contact took up each of their interests: interest id -> Unix ms, if known.
pub fn list_contact_interest_added(
    conn: &Connection,
    contact_id: i64,
) -> Result<std::collections::HashMap<i64, Option<i64>>> {
    codec::list(
        conn,
        "SELECT interest_id, added_at FROM contact_interest WHERE contact_id = ?1",
        [contact_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

/// Every live contact but me: (id, name), by id.
pub fn list_contact_names(conn: &Connection) -> Result<Vec<(i64, String)>> {
    codec::list(
        conn,
        "SELECT id, name FROM contact WHERE deleted_at IS NULL AND is_self = 0 ORDER BY id",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

/// (introducer, introduced) for live contacts.
pub fn list_introductions(conn: &Connection) -> Result<Vec<(i64, i64)>> {
    codec::list(
        conn,
        "SELECT c.introduced_by, c.id FROM contact c JOIN contact b ON b.id = c.introduced_by
         WHERE c.deleted_at IS NULL AND b.deleted_at IS NULL",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

/// What an import compares a record with, of live contact `id`: the parts of the name, the
/// company and the identifiers (their stored identity value, else the value as written).
pub fn get_match_keys(conn: &Connection, id: i64) -> Result<Record> {
    let mut r = codec::get_by_id(
        conn,
        "SELECT name, given_name, family_name, nickname, company FROM contact WHERE id = ?1",
        id,
        "contact",
        |r| {
            Ok(Record {
                name: r.get(0)?,
                given: r.get(1)?,
                family: r.get(2)?,
                nickname: r.get(3)?,
                company: r.get(4)?,
                ..Default::default()
            })
        },
    )?;
    let mut stmt = conn.prepare_cached(
        "SELECT kind, coalesce(normalized, value) FROM contact_channel
         WHERE contact_id = ?1 ORDER BY position, id",
    )?;
    let rows = stmt.query_map([id], |r| {
        Ok((r.get::<_, ChannelKind>(0)?, r.get::<_, String>(1)?))
    })?;
    for row in rows {
        let (kind, value) = row?;
        match kind {
            ChannelKind::Email => r.emails.push(value),
            ChannelKind::Phone => r.phones.push(value),
            ChannelKind::Link => r.urls.push(value),
        }
    }
    Ok(r)
}

/// The live contacts with a channel of `kind` whose `match_key` is `key`, by id.
pub fn list_contacts_by_match_key(
    conn: &Connection,
    kind: ChannelKind,
    key: &str,
) -> Result<Vec<i64>> {
    codec::list(
        conn,
        "SELECT DISTINCT ch.contact_id FROM contact_channel ch JOIN contact c ON c.id = ch.contact_id
         WHERE ch.kind = ?1 AND ch.match_key = ?2 AND c.deleted_at IS NULL ORDER BY ch.contact_id",
        params![kind, key],
        |r| r.get(0),
    )
}

/// The live contacts whose `name_key` is `key`, by id.
pub fn list_contacts_by_name_key(conn: &Connection, key: &str) -> Result<Vec<i64>> {
    codec::list(
        conn,
        "SELECT id FROM contact WHERE name_key = ?1 AND deleted_at IS NULL ORDER BY id",
        [key],
        |r| r.get(0),
    )
}

/// What telling people apart needs of one contact (see [`list_identity_rows`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IdentityRow {
    pub id: i64,
    pub name: String,
    pub given: Option<String>,
    pub family: Option<String>,
    pub nickname: Option<String>,
    pub company: Option<String>,
    pub archived: bool,
    /// Every channel in the contact's order: its kind, its value as written, and the
    /// normalised value it is an identity under (`None` when it cannot identify anyone).
    pub channels: Vec<(ChannelKind, String, Option<String>)>,
}

/// The [`IdentityRow`] of every live contact but me (archived ones included), by id: two
/// queries, one over the contacts and one over their channels.
pub fn list_identity_rows(conn: &Connection) -> Result<Vec<IdentityRow>> {
    let mut stmt = conn.prepare(
        "SELECT id, name, given_name, family_name, nickname, company, archived FROM contact
         WHERE deleted_at IS NULL AND is_self = 0 ORDER BY id",
    )?;
    let mut out: Vec<IdentityRow> = stmt
        .query_map([], |r| {
            Ok(IdentityRow {
                id: r.get(0)?,
                name: r.get(1)?,
                given: r.get(2)?,
                family: r.get(3)?,
                nickname: r.get(4)?,
                company: r.get(5)?,
                archived: r.get(6)?,
                channels: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt = conn.prepare(
        "SELECT ch.contact_id, ch.kind, ch.value, ch.normalized FROM contact_channel ch
         JOIN contact c ON c.id = ch.contact_id
         WHERE c.deleted_at IS NULL AND c.is_self = 0 ORDER BY ch.contact_id, ch.position, ch.id",
    )?;
    let mut rows = stmt.query([])?;
    let mut at = 0;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        while out.get(at).is_some_and(|c| c.id < id) {
            at += 1;
        }
        if let Some(c) = out.get_mut(at).filter(|c| c.id == id) {
            c.channels.push((r.get(1)?, r.get(2)?, r.get(3)?));
        }
    }
    Ok(out)
}

/// Every live contact but me, by name: what a vCard export of everyone holds.
pub fn list_export_ids(conn: &Connection) -> Result<Vec<i64>> {
    codec::list(
        conn,
        "SELECT id FROM contact WHERE deleted_at IS NULL AND is_self = 0 ORDER BY sort_key, id",
        [],
        |r| r.get(0),
    )
}

/// Everything that points at contact `from` points at `into` instead (interactions it took
/// part in, help, needs and offers, reminders, introductions, relationships), then `from` is
/// deleted for good. Help between the two themselves is dropped: a person cannot help themselves.
pub fn reassign(conn: &Connection, from: i64, into: i64) -> Result<()> {
    let ids = params![into, from];
    conn.execute(
        "INSERT OR IGNORE INTO interaction_participant (interaction_id, contact_id, occurred_at, deleted)
         SELECT interaction_id, ?1, occurred_at, deleted FROM interaction_participant WHERE contact_id = ?2",
        ids,
    )?;
    conn.execute(
        "DELETE FROM help WHERE (giver_id = ?1 AND receiver_id = ?2) OR (giver_id = ?2 AND receiver_id = ?1)",
        ids,
    )?;
    conn.execute("UPDATE help SET giver_id = ?1 WHERE giver_id = ?2", ids)?;
    conn.execute(
        "UPDATE help SET receiver_id = ?1 WHERE receiver_id = ?2",
        ids,
    )?;
    conn.execute("UPDATE ask SET contact_id = ?1 WHERE contact_id = ?2", ids)?;
    conn.execute("UPDATE ask SET helped_by = ?1 WHERE helped_by = ?2", ids)?;
    conn.execute(
        "UPDATE reminder SET contact_id = ?1 WHERE contact_id = ?2",
        ids,
    )?;
    conn.execute(
        "UPDATE contact SET introduced_by = ?1 WHERE introduced_by = ?2 AND id <> ?1",
        ids,
    )?;
    let rows = super::relationships::list_relationship_rows(conn, from)?;
    super::relationships::update_relationship_rows(conn, &rows, from, into)?;
    conn.execute("DELETE FROM contact WHERE id = ?1", [from])?;
    search::reindex(conn, Entry::Contact, &[from])?;
    Ok(())
}

/// The live contact whose email `email` (normalised) identifies, if one does: an address
/// several contacts share identifies nobody.
/// Sets the `last_interaction_at` of contacts `ids` from their live interactions, as the
/// `participant_added` trigger does for one (see [`super::interactions::insert_participants`]).
pub fn update_last_interaction(conn: &Connection, ids: &[i64]) -> Result<()> {
    let mut update = conn.prepare_cached(
        "UPDATE contact SET last_interaction_at = (
             SELECT max(occurred_at) FROM interaction_participant
             WHERE contact_id = ?1 AND deleted = 0
         ) WHERE id = ?1",
    )?;
    for id in ids {
        update.execute([id])?;
    }
    Ok(())
}

/// The live contact with identity `value` of `kind` (`'phone'`: E.164, `'link'`: a profile
/// URL as `normalize::profile_url` writes it).
pub fn get_contact_by_identity(
    conn: &Connection,
    kind: ChannelKind,
    value: &str,
) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached(
            "SELECT d.contact_id FROM identity d JOIN contact c ON c.id = d.contact_id
             WHERE d.kind = ?1 AND d.value = ?2 AND c.deleted_at IS NULL",
        )?
        .query_row(params![kind.as_ref(), value], |r| r.get(0))
        .optional()?)
}

/// The live contacts other than me whose name has `key` (`identity::name_key`), by id, at
/// most `limit`.
pub fn list_others_by_name_key(conn: &Connection, key: &str, limit: i64) -> Result<Vec<i64>> {
    codec::list(
        conn,
        "SELECT id FROM contact WHERE name_key = ?1 AND deleted_at IS NULL AND is_self = 0
         ORDER BY id LIMIT ?2",
        params![key, limit],
        |r| r.get(0),
    )
}

pub fn get_contact_by_email(conn: &Connection, email: &str) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached(
            "SELECT d.contact_id FROM identity d JOIN contact c ON c.id = d.contact_id
             WHERE d.kind = 'email' AND d.value = ?1 AND c.deleted_at IS NULL",
        )?
        .query_row([email], |r| r.get(0))
        .optional()?)
}

/// Deletes "me" if it is the record Kith made on its own ("Me", nothing else in it, in no
/// interaction or ask): when this device joins a sync folder whose "me" is the one in use.
pub fn delete_unused_self(conn: &Connection) -> Result<()> {
    conn.execute(
        "DELETE FROM contact WHERE is_self = 1 AND name = 'Me' AND company IS NULL
           AND role IS NULL AND notes = ''
           AND NOT EXISTS (SELECT 1 FROM contact_channel WHERE contact_id = contact.id)
           AND NOT EXISTS (SELECT 1 FROM contact_tag WHERE contact_id = contact.id)
           AND NOT EXISTS (SELECT 1 FROM contact_interest WHERE contact_id = contact.id)
           AND NOT EXISTS (SELECT 1 FROM interaction_participant WHERE contact_id = contact.id)
           AND NOT EXISTS (SELECT 1 FROM ask WHERE contact_id = contact.id)",
        [],
    )?;
    Ok(())
}
