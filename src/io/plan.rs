//! Matching imported records against the database, and applying the result.
//!
//! A record is the same person as a contact already in Kith (or as an earlier record of the
//! same file) when they share an email address (case-insensitive), a phone number (its
//! digits, leading zeros and country prefix aside: the shorter number must be at least 8
//! digits and end the longer one), or the same name and company (ignoring case, accents and
//! spacing; no company matches no company). The first rule that matches, in that order, is
//! the reason shown.
//!
//! A match adds what the record knows and the contact does not (emails, phones, links, tags,
//! dates, interests, empty fields, notes not already there, a photo) and never overwrites;
//! when there is nothing to add the record is skipped as already known, which is why
//! importing the same file twice creates nothing new.
//!
//! Fields that fail validation (a malformed email, a date out of range) are left out and
//! reported with their line; a record without a usable name is skipped whole.

use std::collections::HashMap;

use chrono::{DateTime, NaiveTime, Utc};
use rusqlite::Connection;

use super::{ImportFormat, ImportPlan, Incoming, Parsed, Photo, PlanAction, PlanItem, Skipped};
use crate::error::{Error, Result};
use crate::model::{
    Channel, ChannelKind, ContactInput, ContactRef, InteractionKind, NewInteraction,
};
use crate::store::contacts::sort_key;
use crate::store::{contacts, interactions, photos};
use crate::Store;

/// The summary of the interaction a LinkedIn connection becomes.
pub const CONNECTED_SUMMARY: &str = "Connected on LinkedIn";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Target {
    Existing(i64),
    /// An earlier record of the file (index into `Work::creates`).
    Pending(usize),
}

/// What applying a plan writes.
#[derive(Debug, Default)]
struct Work {
    creates: Vec<Change>,
    updates: Vec<(i64, Change)>,
    update_index: HashMap<i64, usize>,
}

#[derive(Debug)]
struct Change {
    input: ContactInput,
    photo: Option<Photo>,
    connected_on: Option<chrono::NaiveDate>,
    line: u64,
}

/// A normalised phone number: its digits without leading zeros.
pub fn phone_key(phone: &str) -> String {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    digits.trim_start_matches('0').to_owned()
}

fn phones_match(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    short.len() >= 8 && long.ends_with(short) || (a == b && !a.is_empty())
}

fn name_key(name: &str, company: Option<&str>) -> String {
    let norm = |s: &str| sort_key(&s.split_whitespace().collect::<Vec<_>>().join(" "));
    format!(
        "{}\u{1f}{}",
        norm(name),
        company.map(norm).unwrap_or_default()
    )
}

fn channel_key(ch: &Channel) -> String {
    match ch.kind {
        ChannelKind::Email => format!("e:{}", ch.value.to_lowercase()),
        ChannelKind::Phone => format!("p:{}", phone_key(&ch.value)),
        ChannelKind::Link => format!(
            "l:{}",
            ch.value
                .trim_end_matches('/')
                .trim_start_matches("https://")
                .trim_start_matches("http://")
                .trim_start_matches("www.")
                .to_lowercase()
        ),
    }
}

/// Two channels are the same address (phones compared as [`phones_match`] does).
fn same_channel(a: &Channel, b: &Channel) -> bool {
    match (a.kind, b.kind) {
        (ChannelKind::Phone, ChannelKind::Phone) => {
            phones_match(&phone_key(&a.value), &phone_key(&b.value))
        }
        _ => channel_key(a) == channel_key(b),
    }
}

#[derive(Debug, Default)]
struct Index {
    email: HashMap<String, Target>,
    /// Keyed by the last 8 digits.
    phone: HashMap<String, Vec<(String, Target)>>,
    name: HashMap<String, Target>,
    names: HashMap<Target, String>,
}

impl Index {
    fn add(&mut self, t: Target, c: &ContactInput) {
        for ch in &c.channels {
            match ch.kind {
                ChannelKind::Email => {
                    self.email.entry(ch.value.to_lowercase()).or_insert(t);
                }
                ChannelKind::Phone => {
                    let key = phone_key(&ch.value);
                    if !key.is_empty() {
                        let tail = key[key.len().saturating_sub(8)..].to_owned();
                        self.phone.entry(tail).or_default().push((key, t));
                    }
                }
                ChannelKind::Link => {}
            }
        }
        self.name
            .entry(name_key(&c.name, c.company.as_deref()))
            .or_insert(t);
        self.names.entry(t).or_insert_with(|| c.name.clone());
    }

    /// The first match of `c` and the rule that matched.
    fn find(&self, c: &ContactInput) -> Option<(Target, &'static str)> {
        for ch in c.channels.iter().filter(|ch| ch.kind == ChannelKind::Email) {
            if let Some(t) = self.email.get(&ch.value.to_lowercase()) {
                return Some((*t, "email"));
            }
        }
        for ch in c.channels.iter().filter(|ch| ch.kind == ChannelKind::Phone) {
            let key = phone_key(&ch.value);
            let tail = &key[key.len().saturating_sub(8)..];
            if let Some(found) = self.phone.get(tail) {
                if let Some((_, t)) = found.iter().find(|(k, _)| phones_match(k, &key)) {
                    return Some((*t, "phone"));
                }
            }
        }
        self.name
            .get(&name_key(&c.name, c.company.as_deref()))
            .map(|t| (*t, "name and company"))
    }
}

/// Adds to `dst` what `src` knows and `dst` does not; returns what was added, in words.
pub fn merge_into(dst: &mut ContactInput, src: &ContactInput) -> Vec<String> {
    let mut changes = Vec::new();
    let mut fill = |field: &mut Option<String>, value: &Option<String>, what: &str| {
        if field.is_none() {
            if let Some(v) = value {
                *field = Some(v.clone());
                changes.push(format!("{what} {v}"));
            }
        }
    };
    fill(&mut dst.company, &src.company, "company");
    fill(&mut dst.role, &src.role, "role");
    fill(&mut dst.location, &src.location, "location");
    fill(&mut dst.met_how, &src.met_how, "how we met:");
    if dst.met_on.is_none() {
        if let Some(d) = src.met_on {
            dst.met_on = Some(d);
            changes.push(format!("met on {d}"));
        }
    }
    if dst.circle.is_none() && src.circle.is_some() {
        dst.circle = src.circle;
        changes.push("circle".into());
    }
    if dst.cadence_days.is_none() && src.cadence_days.is_some() {
        dst.cadence_days = src.cadence_days;
        changes.push("cadence".into());
    }
    let notes = src.notes.trim();
    if !notes.is_empty() && !dst.notes.contains(notes) {
        if !dst.notes.trim().is_empty() {
            dst.notes.push_str("\n\n");
        }
        dst.notes.push_str(notes);
        changes.push("notes".into());
    }
    for ch in &src.channels {
        if !dst.channels.iter().any(|d| same_channel(d, ch)) {
            dst.channels.push(ch.clone());
            let kind = ch.kind;
            changes.push(format!("{kind} {}", ch.value));
        }
    }
    for tag in &src.tags {
        if !dst
            .tags
            .iter()
            .any(|t| t.to_lowercase() == tag.to_lowercase())
        {
            dst.tags.push(tag.clone());
            changes.push(format!("tag {tag}"));
        }
    }
    for i in &src.interests {
        if !dst
            .interests
            .iter()
            .any(|t| t.to_lowercase() == i.to_lowercase())
        {
            dst.interests.push(i.clone());
            changes.push(format!("interest {i}"));
        }
    }
    for d in &src.dates {
        let same = dst.dates.iter_mut().find(|x| {
            x.label.to_lowercase() == d.label.to_lowercase() && x.month == d.month && x.day == d.day
        });
        match same {
            Some(x) if x.year.is_none() && d.year.is_some() => {
                x.year = d.year;
                changes.push(format!("{} year", d.label));
            }
            Some(_) => {}
            None => {
                dst.dates.push(d.clone());
                changes.push(format!("{} {:02}-{:02}", d.label, d.month, d.day));
            }
        }
    }
    changes
}

/// Validates a record, leaving out (and reporting) the fields that fail; `None` when the
/// record itself is unusable (no valid name).
fn sanitize(
    inc: &Incoming,
    now: DateTime<Utc>,
    skipped: &mut Vec<Skipped>,
) -> Option<ContactInput> {
    let mut c = inc.contact.clone();
    c.notes = c
        .notes
        .chars()
        .filter(|ch| !ch.is_control() || matches!(ch, '\n' | '\t'))
        .collect();
    // De-duplicate the record's own channels (a card may list an address twice).
    let mut seen: Vec<Channel> = Vec::new();
    c.channels.retain(|ch| {
        let new = !seen.iter().any(|s| same_channel(s, ch));
        seen.push(ch.clone());
        new
    });
    let name = c.name.trim().to_owned();
    for _ in 0..4 {
        let fields = match c.clone().validated(now) {
            Ok(valid) => return Some(valid),
            Err(Error::Invalid { fields }) => fields,
            Err(e) => {
                skipped.push(Skipped::record(inc.line, Some(&name), e.to_string()));
                return None;
            }
        };
        let mut drop_channels = Vec::new();
        let mut drop_dates = Vec::new();
        let mut drop_tags = Vec::new();
        let mut drop_interests = Vec::new();
        for f in fields {
            let (base, index, tail) = split_index(&f.field);
            let report = |skipped: &mut Vec<Skipped>, field: &str| {
                skipped.push(Skipped::field(
                    inc.line,
                    field,
                    Some(&name),
                    format!("{}: left out", f.message),
                ));
            };
            match (base, index) {
                ("channels", Some(i)) => {
                    let kind = c
                        .channels
                        .get(i)
                        .map_or("channel".into(), |ch| ch.kind.to_string());
                    if tail == ".label" {
                        if let Some(ch) = c.channels.get_mut(i) {
                            ch.label = None;
                        }
                        report(skipped, &format!("{kind} label"));
                    } else {
                        drop_channels.push(i);
                        report(skipped, &kind);
                    }
                }
                ("dates", Some(i)) => {
                    drop_dates.push(i);
                    report(skipped, "date");
                }
                ("tags", Some(i)) => {
                    drop_tags.push(i);
                    report(skipped, "tag");
                }
                ("interests", Some(i)) => {
                    drop_interests.push(i);
                    report(skipped, "interest");
                }
                ("company", _) => {
                    c.company = None;
                    report(skipped, "company");
                }
                ("role", _) => {
                    c.role = None;
                    report(skipped, "role");
                }
                ("location", _) => {
                    c.location = None;
                    report(skipped, "location");
                }
                ("metHow", _) => {
                    c.met_how = None;
                    report(skipped, "how we met");
                }
                ("metOn", _) => {
                    c.met_on = None;
                    report(skipped, "met on");
                }
                ("cadenceDays", _) => {
                    c.cadence_days = None;
                    report(skipped, "cadence");
                }
                ("notes", _) => {
                    c.notes.clear();
                    report(skipped, "notes");
                }
                _ => {
                    let short: String = name.chars().take(80).collect();
                    skipped.push(Skipped::field(
                        inc.line,
                        &f.field,
                        (!short.is_empty()).then_some(short.as_str()),
                        format!("{}: record skipped", f.message),
                    ));
                    return None;
                }
            }
        }
        filter(&mut c.channels, &drop_channels);
        filter(&mut c.dates, &drop_dates);
        filter(&mut c.tags, &drop_tags);
        filter(&mut c.interests, &drop_interests);
    }
    skipped.push(Skipped::record(
        inc.line,
        Some(&name),
        "could not be made valid: skipped",
    ));
    None
}

fn filter<T>(v: &mut Vec<T>, drop: &[usize]) {
    let mut i = 0;
    v.retain(|_| {
        i += 1;
        !drop.contains(&(i - 1))
    });
}

fn split_index(field: &str) -> (&str, Option<usize>, &str) {
    let Some((base, rest)) = field.split_once('[') else {
        return (field, None, "");
    };
    match rest.split_once(']') {
        Some((i, tail)) => (base, i.parse().ok(), tail),
        None => (field, None, ""),
    }
}

fn has_connected_interaction(conn: &Connection, id: i64) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM interaction_participant p JOIN interaction i ON i.id = p.interaction_id
             WHERE p.contact_id = ?1 AND i.deleted_at IS NULL AND i.summary = ?2)",
        )?
        .query_row(rusqlite::params![id, CONNECTED_SUMMARY], |r| r.get(0))?)
}

/// Loads every live contact's match keys.
fn load_index(conn: &Connection) -> Result<Index> {
    let mut index = Index::default();
    let mut contacts: HashMap<i64, ContactInput> = HashMap::new();
    let mut stmt =
        conn.prepare("SELECT id, name, company FROM contact WHERE deleted_at IS NULL")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Option<String>>(2)?,
        ))
    })?;
    for row in rows {
        let (id, name, company) = row?;
        contacts.insert(
            id,
            ContactInput {
                name,
                company,
                ..Default::default()
            },
        );
    }
    let mut stmt = conn.prepare(
        "SELECT ch.contact_id, ch.kind, ch.value FROM contact_channel ch
         JOIN contact c ON c.id = ch.contact_id
         WHERE c.deleted_at IS NULL AND ch.kind IN ('email', 'phone') ORDER BY ch.contact_id, ch.position",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    for row in rows {
        let (id, kind, value) = row?;
        if let Some(c) = contacts.get_mut(&id) {
            c.channels.push(Channel {
                kind: if kind == "email" {
                    ChannelKind::Email
                } else {
                    ChannelKind::Phone
                },
                label: None,
                value,
            });
        }
    }
    let mut ids: Vec<i64> = contacts.keys().copied().collect();
    ids.sort_unstable();
    for id in ids {
        if let Some(c) = contacts.get(&id) {
            index.add(Target::Existing(id), c);
        }
    }
    Ok(index)
}

/// Matches `parsed` against the database: the plan, and the writes that carry it out.
fn compute(
    conn: &Connection,
    format: ImportFormat,
    parsed: Parsed,
    now: DateTime<Utc>,
) -> Result<(ImportPlan, Work)> {
    let mut index = load_index(conn)?;
    let mut skipped = parsed.skipped;
    let mut items = Vec::new();
    let mut work = Work::default();
    let mut existing: HashMap<i64, (ContactInput, bool, bool)> = HashMap::new();
    let (mut created, mut merged, mut unchanged, mut interactions) = (0, 0, 0, 0);
    for inc in &parsed.records {
        let Some(input) = sanitize(inc, now, &mut skipped) else {
            continue;
        };
        let name = input.name.clone();
        match index.find(&input) {
            Some((Target::Existing(id), rule)) => {
                let (target, has_photo, connected) = match existing.entry(id) {
                    std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
                    std::collections::hash_map::Entry::Vacant(e) => {
                        let current = contacts::get_contact(conn, id)?;
                        let has_photo = photos::get_photo(conn, id)?.is_some();
                        let connected = has_connected_interaction(conn, id)?;
                        e.insert((ContactInput::from_contact(&current), has_photo, connected))
                    }
                };
                let target_name = target.name.clone();
                let mut changes = merge_into(target, &input);
                let mut photo = None;
                if !*has_photo {
                    if let Some(p) = &inc.photo {
                        photo = Some(p.clone());
                        *has_photo = true;
                        changes.push("photo".into());
                    }
                }
                let mut connected_on = None;
                if let (Some(d), false) = (inc.connected_on, *connected) {
                    connected_on = Some(d);
                    *connected = true;
                    interactions += 1;
                    changes.push(format!("interaction \"{CONNECTED_SUMMARY}\" on {d}"));
                }
                let reason = format!("same {rule} as {target_name} (id {id})");
                let action = if changes.is_empty() {
                    unchanged += 1;
                    PlanAction::Skip
                } else {
                    merged += 1;
                    let change = Change {
                        input: target.clone(),
                        photo,
                        connected_on,
                        line: inc.line,
                    };
                    match work.update_index.get(&id) {
                        Some(&k) => {
                            let prev = &mut work.updates[k].1;
                            prev.input = change.input;
                            prev.photo = prev.photo.take().or(change.photo);
                            prev.connected_on = prev.connected_on.or(change.connected_on);
                        }
                        None => {
                            work.update_index.insert(id, work.updates.len());
                            work.updates.push((id, change));
                        }
                    }
                    index.add(Target::Existing(id), target);
                    PlanAction::Merge
                };
                items.push(PlanItem {
                    line: inc.line,
                    name,
                    action,
                    reason: if action == PlanAction::Skip {
                        format!("already in Kith: {reason}")
                    } else {
                        reason
                    },
                    target: Some(ContactRef {
                        id,
                        name: target_name,
                    }),
                    changes,
                });
            }
            Some((Target::Pending(k), rule)) => {
                let first = &mut work.creates[k];
                let mut changes = merge_into(&mut first.input, &input);
                if first.photo.is_none() && inc.photo.is_some() {
                    first.photo = inc.photo.clone();
                    changes.push("photo".into());
                }
                if first.connected_on.is_none() && inc.connected_on.is_some() {
                    first.connected_on = inc.connected_on;
                    interactions += 1;
                    changes.push(format!("interaction \"{CONNECTED_SUMMARY}\""));
                }
                let reason = format!(
                    "same {rule} as line {} ({}) of this file",
                    first.line, first.input.name
                );
                let action = if changes.is_empty() {
                    unchanged += 1;
                    PlanAction::Skip
                } else {
                    merged += 1;
                    PlanAction::Merge
                };
                let snapshot = first.input.clone();
                index.add(Target::Pending(k), &snapshot);
                items.push(PlanItem {
                    line: inc.line,
                    name,
                    action,
                    reason,
                    target: None,
                    changes,
                });
            }
            None => {
                created += 1;
                if inc.connected_on.is_some() {
                    interactions += 1;
                }
                let k = work.creates.len();
                index.add(Target::Pending(k), &input);
                work.creates.push(Change {
                    input,
                    photo: inc.photo.clone(),
                    connected_on: inc.connected_on,
                    line: inc.line,
                });
                items.push(PlanItem {
                    line: inc.line,
                    name,
                    action: PlanAction::Create,
                    reason: "not in Kith yet".into(),
                    target: None,
                    changes: Vec::new(),
                });
            }
        }
    }
    skipped.sort_by_key(|s| s.line);
    let plan = ImportPlan {
        format,
        committed: false,
        items,
        skipped,
        notes: parsed.notes,
        created,
        merged,
        unchanged,
        interactions,
        tables: Vec::new(),
    };
    Ok((plan, work))
}

fn connected_interaction(id: i64, date: chrono::NaiveDate) -> NewInteraction {
    NewInteraction {
        participants: vec![id],
        kind: InteractionKind::Event,
        occurred_at: date.and_time(NaiveTime::MIN).and_utc(),
        has_time: false,
        summary: CONNECTED_SUMMARY.into(),
        notes: String::new(),
        initiated_by: None,
        quality: None,
        help: Vec::new(),
        follow_up: None,
    }
}

fn apply(
    conn: &Connection,
    work: Work,
    now: DateTime<Utc>,
    progress: &mut dyn FnMut(u32, u32),
) -> Result<()> {
    let total = (work.creates.len() + work.updates.len()) as u32;
    let mut done = 0u32;
    let mut tick = |done: &mut u32| {
        *done += 1;
        if (*done).is_multiple_of(100) || *done == total {
            progress(*done, total);
        }
    };
    for change in work.creates {
        let input = change.input.validated(now)?;
        let id = contacts::insert_contact(conn, &input, false, now)?;
        crate::ops::write_contact_parts(conn, id, &input, &Default::default(), now)?;
        if let Some(p) = &change.photo {
            photos::upsert_photo(conn, id, p)?;
        }
        if let Some(d) = change.connected_on {
            log(conn, id, d, now)?;
        }
        tick(&mut done);
    }
    for (id, change) in work.updates {
        let input = change.input.validated(now)?;
        // An interest the contact had keeps the day it was taken up.
        let kept = contacts::list_contact_interest_added(conn, id)?;
        contacts::update_contact(conn, id, &input, now)?;
        contacts::delete_channels(conn, id)?;
        contacts::delete_tags(conn, id)?;
        contacts::delete_dates(conn, id)?;
        contacts::delete_contact_interests(conn, id)?;
        crate::ops::write_contact_parts(conn, id, &input, &kept, now)?;
        if let Some(p) = &change.photo {
            photos::upsert_photo(conn, id, p)?;
        }
        if let Some(d) = change.connected_on {
            log(conn, id, d, now)?;
        }
        tick(&mut done);
    }
    Ok(())
}

fn log(conn: &Connection, id: i64, date: chrono::NaiveDate, now: DateTime<Utc>) -> Result<()> {
    let i = connected_interaction(id, date).validated(now)?;
    let iid = interactions::insert_interaction(conn, &i, now)?;
    interactions::insert_participant(conn, iid, id, i.occurred_at)?;
    Ok(())
}

impl Store {
    /// What importing `bytes` as `format` would do, without writing anything: the preview
    /// and `--dry-run`. `path` names the file in messages.
    pub fn plan_import(
        &self,
        bytes: &[u8],
        format: ImportFormat,
        path: &str,
        now: DateTime<Utc>,
    ) -> Result<ImportPlan> {
        if format == ImportFormat::Json {
            return super::json::plan_restore(&self.conn, bytes, path);
        }
        let parsed = super::parse(bytes, format, path)?;
        let tx = self.conn.unchecked_transaction()?;
        let (plan, _) = compute(&tx, format, parsed, now)?;
        tx.finish()?;
        Ok(plan)
    }

    /// Imports `bytes` as `format` in one transaction: everything in the plan is written,
    /// or nothing is. `progress(done, total)` is called as records are written.
    pub fn import(
        &mut self,
        bytes: &[u8],
        format: ImportFormat,
        path: &str,
        now: DateTime<Utc>,
        progress: &mut dyn FnMut(u32, u32),
    ) -> Result<ImportPlan> {
        if format == ImportFormat::Json {
            return super::json::restore(self, bytes, path);
        }
        let parsed = super::parse(bytes, format, path)?;
        let tx = self.conn.transaction()?;
        let (mut plan, work) = compute(&tx, format, parsed, now)?;
        apply(&tx, work, now, progress)?;
        tx.commit()?;
        plan.committed = true;
        Ok(plan)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_numbers_match_across_prefixes() {
        assert!(phones_match(
            &phone_key("+44 20 7946 0958"),
            &phone_key("020 7946 0958")
        ));
        assert!(!phones_match(
            &phone_key("555 0100"),
            &phone_key("+1 212 555 0100")
        ));
        assert!(phones_match(&phone_key("5550100"), &phone_key("555-0100")));
    }
}
