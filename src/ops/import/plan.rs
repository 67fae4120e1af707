//! Matching imported records against the database, and applying the result (in the
//! transaction the caller holds).
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

use chrono::{DateTime, Utc};
use rusqlite::Connection;

use crate::error::{Error, Result};
use crate::io::{ImportFormat, ImportPlan, Incoming, Parsed, PlanAction, PlanItem, Skipped};
use crate::model::{
    phone_key, phones_match, Channel, ChannelKind, ContactInput, ContactRef, Photo,
};
use crate::store::contacts::sort_key;
use crate::store::{contacts, photos};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Target {
    Existing(i64),
    /// An earlier record of the file (index into `Work::creates`).
    Pending(usize),
}

/// What applying a plan writes.
#[derive(Debug, Default)]
pub(super) struct Work {
    creates: Vec<Change>,
    updates: Vec<(i64, Change)>,
    update_index: HashMap<i64, usize>,
}

#[derive(Debug)]
struct Change {
    input: ContactInput,
    photo: Option<Photo>,
    line: u64,
}

fn name_key(name: &str, company: Option<&str>) -> String {
    let norm = |s: &str| sort_key(&s.split_whitespace().collect::<Vec<_>>().join(" "));
    format!(
        "{}\u{1f}{}",
        norm(name),
        company.map(norm).unwrap_or_default()
    )
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
        let new = !seen.iter().any(|s| s.same_address(ch));
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
        let mut drops = Drops::default();
        for f in fields {
            match leave_out(&mut c, &f.field, &mut drops) {
                Some(field) => skipped.push(Skipped::field(
                    inc.line,
                    &field,
                    Some(&name),
                    format!("{}: left out", f.message),
                )),
                None => {
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
        filter(&mut c.channels, &drops.channels);
        filter(&mut c.dates, &drops.dates);
        filter(&mut c.tags, &drops.tags);
        filter(&mut c.interests, &drops.interests);
    }
    skipped.push(Skipped::record(
        inc.line,
        Some(&name),
        "could not be made valid: skipped",
    ));
    None
}

/// The items of a record's lists to leave out (their indexes).
#[derive(Debug, Default)]
struct Drops {
    channels: Vec<usize>,
    dates: Vec<usize>,
    tags: Vec<usize>,
    interests: Vec<usize>,
}

/// Leaves out of `c` the invalid `field` (a field name of [`Error::Invalid`], such as
/// `channels[2]` or `company`): emptied now, or noted in `drops` for a list's item. Returns
/// the field's name for the report, or `None` when the record cannot do without it.
fn leave_out(c: &mut ContactInput, field: &str, drops: &mut Drops) -> Option<String> {
    let (base, index, tail) = split_index(field);
    let name = match (base, index) {
        ("channels", Some(i)) => {
            let kind = c
                .channels
                .get(i)
                .map_or("channel".into(), |ch| ch.kind.to_string());
            if tail == ".label" {
                if let Some(ch) = c.channels.get_mut(i) {
                    ch.label = None;
                }
                return Some(format!("{kind} label"));
            }
            drops.channels.push(i);
            return Some(kind);
        }
        ("dates", Some(i)) => {
            drops.dates.push(i);
            "date"
        }
        ("tags", Some(i)) => {
            drops.tags.push(i);
            "tag"
        }
        ("interests", Some(i)) => {
            drops.interests.push(i);
            "interest"
        }
        ("company", _) => {
            c.company = None;
            "company"
        }
        ("role", _) => {
            c.role = None;
            "role"
        }
        ("location", _) => {
            c.location = None;
            "location"
        }
        ("metHow", _) => {
            c.met_how = None;
            "how we met"
        }
        ("metOn", _) => {
            c.met_on = None;
            "met on"
        }
        ("cadenceDays", _) => {
            c.cadence_days = None;
            "cadence"
        }
        ("notes", _) => {
            c.notes.clear();
            "notes"
        }
        _ => return None,
    };
    Some(name.to_owned())
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

/// Loads every live contact's match keys.
fn load_index(conn: &Connection) -> Result<Index> {
    let mut index = Index::default();
    for (id, name, company, channels) in contacts::list_match_keys(conn)? {
        let c = ContactInput {
            name,
            company,
            channels,
            ..Default::default()
        };
        index.add(Target::Existing(id), &c);
    }
    Ok(index)
}

/// A contact already in Kith that records of the file matched: what it is becoming, and
/// whether it has a photo.
#[derive(Debug)]
struct Existing {
    input: ContactInput,
    has_photo: bool,
}

/// The plan as it is built, a record at a time.
#[derive(Debug, Default)]
struct Planner {
    index: Index,
    work: Work,
    existing: HashMap<i64, Existing>,
    items: Vec<PlanItem>,
    created: u32,
    merged: u32,
    unchanged: u32,
}

impl Planner {
    /// The action of a record that changes (`changes`) or does not change what it matched.
    fn action(&mut self, changes: &[String]) -> PlanAction {
        if changes.is_empty() {
            self.unchanged += 1;
            PlanAction::Skip
        } else {
            self.merged += 1;
            PlanAction::Merge
        }
    }

    /// A record that matched contact `id` of the database by `rule`.
    fn merge_existing(
        &mut self,
        conn: &Connection,
        inc: &Incoming,
        input: ContactInput,
        id: i64,
        rule: &str,
    ) -> Result<()> {
        let target = match self.existing.entry(id) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => e.insert(Existing {
                input: ContactInput::from_contact(&contacts::get_contact(conn, id)?),
                has_photo: photos::get_photo(conn, id)?.is_some(),
            }),
        };
        let target_name = target.input.name.clone();
        let mut changes = target.input.merge_from(&input);
        let mut photo = None;
        if !target.has_photo {
            if let Some(p) = &inc.photo {
                photo = Some(p.clone());
                target.has_photo = true;
                changes.push("photo".into());
            }
        }
        let change = Change {
            input: target.input.clone(),
            photo,
            line: inc.line,
        };
        let reason = format!("same {rule} as {target_name} (id {id})");
        let action = self.action(&changes);
        if action == PlanAction::Merge {
            self.work.update(id, change);
            self.index
                .add(Target::Existing(id), &self.existing[&id].input);
        }
        self.items.push(PlanItem {
            line: inc.line,
            name: input.name,
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
        Ok(())
    }

    /// A record that matched the `k`th new contact of the file by `rule`.
    fn merge_pending(&mut self, inc: &Incoming, input: ContactInput, k: usize, rule: &str) {
        let first = &mut self.work.creates[k];
        let mut changes = first.input.merge_from(&input);
        if first.photo.is_none() && inc.photo.is_some() {
            first.photo = inc.photo.clone();
            changes.push("photo".into());
        }
        let reason = format!(
            "same {rule} as line {} ({}) of this file",
            first.line, first.input.name
        );
        let snapshot = first.input.clone();
        let action = self.action(&changes);
        self.index.add(Target::Pending(k), &snapshot);
        self.items.push(PlanItem {
            line: inc.line,
            name: input.name,
            action,
            reason,
            target: None,
            changes,
        });
    }

    /// A record that matched nothing: a new contact.
    fn create(&mut self, inc: &Incoming, input: ContactInput) {
        self.created += 1;
        let k = self.work.creates.len();
        self.index.add(Target::Pending(k), &input);
        self.items.push(PlanItem {
            line: inc.line,
            name: input.name.clone(),
            action: PlanAction::Create,
            reason: "not in Kith yet".into(),
            target: None,
            changes: Vec::new(),
        });
        self.work.creates.push(Change {
            input,
            photo: inc.photo.clone(),
            line: inc.line,
        });
    }
}

impl Work {
    /// Adds an update of contact `id`, or folds it into the one already planned.
    fn update(&mut self, id: i64, change: Change) {
        match self.update_index.get(&id) {
            Some(&k) => {
                let prev = &mut self.updates[k].1;
                prev.input = change.input;
                prev.photo = prev.photo.take().or(change.photo);
            }
            None => {
                self.update_index.insert(id, self.updates.len());
                self.updates.push((id, change));
            }
        }
    }
}

/// Matches `parsed` against the database: the plan, and the writes that carry it out.
pub(super) fn compute(
    conn: &Connection,
    format: ImportFormat,
    parsed: Parsed,
    now: DateTime<Utc>,
) -> Result<(ImportPlan, Work)> {
    let mut p = Planner {
        index: load_index(conn)?,
        ..Default::default()
    };
    let mut skipped = parsed.skipped;
    for inc in &parsed.records {
        let Some(input) = sanitize(inc, now, &mut skipped) else {
            continue;
        };
        match p.index.find(&input) {
            Some((Target::Existing(id), rule)) => p.merge_existing(conn, inc, input, id, rule)?,
            Some((Target::Pending(k), rule)) => p.merge_pending(inc, input, k, rule),
            None => p.create(inc, input),
        }
    }
    skipped.sort_by_key(|s| s.line);
    let plan = ImportPlan {
        format,
        committed: false,
        items: p.items,
        skipped,
        notes: parsed.notes,
        created: p.created,
        merged: p.merged,
        unchanged: p.unchanged,
        interactions: 0,
        tables: Vec::new(),
    };
    Ok((plan, p.work))
}

pub(super) fn apply(
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
        super::super::write_contact_parts(conn, id, &input, &Default::default(), now)?;
        if let Some(p) = &change.photo {
            photos::upsert_photo(conn, id, p)?;
        }
        tick(&mut done);
    }
    for (id, change) in work.updates {
        let input = change.input.validated(now)?;
        // An interest the contact had keeps the day it was taken up.
        let kept = contacts::list_contact_interest_added(conn, id)?;
        contacts::update_contact(conn, id, &input, now)?;
        contacts::delete_parts(conn, id)?;
        super::super::write_contact_parts(conn, id, &input, &kept, now)?;
        if let Some(p) = &change.photo {
            photos::upsert_photo(conn, id, p)?;
        }
        tick(&mut done);
    }
    Ok(())
}
