//! Matching imported records against the database, and applying the result (in the
//! transaction the caller holds).
//!
//! A record is matched through its identities (each email, phone and profile link,
//! normalised) and its name against the contacts in Kith and the records before it in the
//! same file; each candidate is compared by `identity::compare`. The most confident "same
//! person" is merged into; a "possibly the same" (a shared address with different names, the
//! same name and nothing else) is created, and the plan says whom it may be and why. The
//! person's own decision for a line (create, skip, merge into a contact) overrules the plan.
//!
//! A match adds what the record knows and the contact does not (emails, phones, links, tags,
//! dates, interests, empty fields, notes not already there, a photo) and never overwrites;
//! when there is nothing to add the record is skipped as already known, which is why
//! importing the same file twice creates nothing new.
//!
//! Fields that fail validation (a malformed email, a date out of range) are left out and
//! reported with their line; a record without a usable name is skipped whole.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::Connection;

use crate::error::{Error, Result};
use crate::identity::{self, normalize, Comparison, Record, Verdict};
use crate::io::{
    ImportDecision, ImportFormat, ImportPlan, Incoming, Parsed, PlanAction, PlanItem, Skipped,
};
use crate::model::{Channel, ChannelKind, Contact, ContactInput, ContactRef, PastJob, Photo};
use crate::store::{contacts, photos, settings};

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

/// The identity record of `c` (its identifiers normalised, phones read in `region`).
fn record_of(c: &ContactInput, region: Option<&str>) -> Record {
    let values = |kind: ChannelKind| -> Vec<String> {
        c.channels
            .iter()
            .filter(|ch| ch.kind == kind)
            .map(|ch| ch.value.clone())
            .collect()
    };
    Record {
        name: c.name.clone(),
        given: c.name_parts.given.clone(),
        family: c.name_parts.family.clone(),
        nickname: c.nickname.clone(),
        company: c.company.clone(),
        emails: values(ChannelKind::Email),
        phones: values(ChannelKind::Phone),
        urls: values(ChannelKind::Link),
    }
    .normalised(region)
}

/// One thing a record is looked up by: an identifier (a phone by its last 8 digits, so that
/// numbers that did not parse still meet their E.164 form) or the name's key.
#[derive(Debug, Hash)]
enum Key<'a> {
    Channel(ChannelKind, Cow<'a, str>),
    Name(String),
}

impl Key<'_> {
    /// The key's hash, as the index of the file's records keeps it (see [`Index`]).
    fn hash(&self) -> u64 {
        let mut h = DefaultHasher::new();
        Hash::hash(self, &mut h);
        h.finish()
    }
}

/// The lookup keys of a record (normalised), the same as the database keeps for each contact
/// (`contact.name_key`, `contact_channel.match_key`).
fn keys_of(r: &Record) -> Vec<Key<'_>> {
    let mut keys: Vec<Key<'_>> = r
        .emails
        .iter()
        .map(|e| Key::Channel(ChannelKind::Email, Cow::Borrowed(e.as_str())))
        .collect();
    for p in &r.phones {
        keys.push(Key::Channel(
            ChannelKind::Phone,
            Cow::Owned(normalize::phone_tail(p)),
        ));
    }
    keys.extend(
        r.urls
            .iter()
            .map(|u| Key::Channel(ChannelKind::Link, Cow::Borrowed(u.as_str()))),
    );
    keys.push(Key::Name(identity::name_key(&r.name)));
    keys
}

/// A match: whom, and why.
#[derive(Debug)]
struct Found {
    target: Target,
    comparison: Comparison,
}

/// The people an import is matched against: the contacts in Kith, looked up in the database
/// by each record's keys (through `contact_by_name_key` and `contact_channel_by_match_key`,
/// so a file is matched against 100,000 contacts by reading only its candidates), and the
/// records of the file planned so far (and contacts the plan has changed), by the hash of
/// their keys. Every candidate's identity record is kept once read.
///
/// Two keys of the file with the same hash would only make a candidate that is then compared
/// (and, being someone else, not matched). Most keys have one target: the first is kept in
/// `keys`, any others in `more`.
#[derive(Debug, Default)]
struct Index {
    region: Option<String>,
    keys: HashMap<u64, Target>,
    more: HashMap<u64, Vec<Target>>,
    records: HashMap<Target, Record>,
}

impl Index {
    /// Adds (or refreshes, after a merge) `t`, whose identity record is `r`.
    fn add_record(&mut self, t: Target, r: Record) {
        for k in keys_of(&r) {
            match self.keys.entry(k.hash()) {
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert(t);
                }
                std::collections::hash_map::Entry::Occupied(e) if *e.get() == t => {}
                std::collections::hash_map::Entry::Occupied(e) => {
                    let list = self.more.entry(*e.key()).or_default();
                    if !list.contains(&t) {
                        list.push(t);
                    }
                }
            }
        }
        self.records.insert(t, r);
    }

    fn add(&mut self, t: Target, c: &ContactInput) {
        let r = self.record(c);
        self.add_record(t, r);
    }

    /// The identity record of `c`.
    fn record(&self, c: &ContactInput) -> Record {
        record_of(c, self.region.as_deref())
    }

    /// The targets of key `k`: the contacts of the database that have it, then the records
    /// added here, first added first.
    fn targets(&self, conn: &Connection, k: &Key<'_>) -> Result<Vec<Target>> {
        let found = match k {
            Key::Channel(kind, value) => contacts::list_contacts_by_match_key(conn, *kind, value)?,
            Key::Name(key) if key.is_empty() => Vec::new(),
            Key::Name(key) => contacts::list_contacts_by_name_key(conn, key)?,
        };
        let h = k.hash();
        Ok(found
            .into_iter()
            .map(Target::Existing)
            .chain(self.keys.get(&h).copied())
            .chain(self.more.get(&h).into_iter().flatten().copied())
            .collect())
    }

    /// The identity record of `t`, read from the database the first time a contact is met.
    fn target_record(&mut self, conn: &Connection, t: Target) -> Result<&Record> {
        Ok(match (t, self.records.entry(t)) {
            (_, std::collections::hash_map::Entry::Occupied(e)) => e.into_mut(),
            (Target::Existing(id), std::collections::hash_map::Entry::Vacant(e)) => {
                e.insert(existing_record(contacts::get_match_keys(conn, id)?))
            }
            (Target::Pending(k), std::collections::hash_map::Entry::Vacant(_)) => {
                return Err(Error::invalid(
                    "import",
                    format!("record {k} of the file was matched before it was planned"),
                ))
            }
        })
    }

    /// The best match of `r`: the most confident "same person", else the most confident
    /// "possibly the same"; `None` when nobody is either.
    fn find(&mut self, conn: &Connection, r: &Record) -> Result<Option<Found>> {
        let mut seen: Vec<Target> = Vec::new();
        let mut best: Option<Found> = None;
        for k in keys_of(r) {
            for t in self.targets(conn, &k)? {
                if seen.contains(&t) {
                    continue;
                }
                seen.push(t);
                let comparison = identity::compare(r, self.target_record(conn, t)?);
                let rank = |f: &Comparison| (f.verdict == Verdict::Same, f.confidence);
                let better = match &best {
                    None => comparison.verdict != Verdict::Different,
                    Some(b) => {
                        comparison.verdict != Verdict::Different
                            && rank(&comparison) > rank(&b.comparison)
                    }
                };
                if better {
                    best = Some(Found {
                        target: t,
                        comparison,
                    });
                }
            }
        }
        Ok(best)
    }
}

/// The evidence of a comparison, in words, joined.
fn evidence(c: &Comparison) -> String {
    c.evidence
        .iter()
        .map(|e| e.text.as_str())
        .collect::<Vec<_>>()
        .join("; ")
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

/// A contact's identity record as stored (its identifiers normalised; a phone that is not
/// one is compared by its digits, a link by its profile URL form).
fn existing_record(mut r: Record) -> Record {
    for p in &mut r.phones {
        if !p.starts_with('+') {
            *p = normalize::phone_digits(p);
        }
    }
    for u in &mut r.urls {
        if let Some(url) = normalize::profile_url(u) {
            *u = url;
        }
    }
    r
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
    /// The day of the import: when a job change found by it ended the old job.
    today: Option<NaiveDate>,
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
        why: &str,
    ) -> Result<()> {
        let target = match self.existing.entry(id) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => e.insert(Existing {
                input: ContactInput::from_contact(&contacts::get_contact(conn, id)?),
                has_photo: photos::get_photo(conn, id)?.is_some(),
            }),
        };
        let target_name = target.input.name.clone();
        let mut changes = change_job(&mut target.input, &input, self.today);
        changes.extend(target.input.merge_from(&input));
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
        let reason = format!("{target_name} (id {id}): {why}");
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
                format!("same person as {reason}")
            },
            target: Some(ContactRef {
                id,
                name: target_name,
            }),
            changes,
            possible: false,
        });
        Ok(())
    }

    /// A record that matched the `k`th new contact of the file by `rule`.
    fn merge_pending(&mut self, inc: &Incoming, input: ContactInput, k: usize, why: &str) {
        let first = &mut self.work.creates[k];
        let mut changes = first.input.merge_from(&input);
        if first.photo.is_none() && inc.photo.is_some() {
            first.photo = inc.photo.clone();
            changes.push("photo".into());
        }
        let reason = format!(
            "line {} ({}) of this file: {why}",
            first.line, first.input.name
        );
        let snapshot = first.input.clone();
        let action = self.action(&changes);
        self.index.add(Target::Pending(k), &snapshot);
        self.items.push(PlanItem {
            line: inc.line,
            name: input.name,
            action,
            reason: format!("same person as {reason}"),
            target: None,
            changes,
            possible: false,
        });
    }

    /// A record that matched nothing for sure: a new contact, and why (`possible`: someone it
    /// may be, for the person to decide).
    fn create(
        &mut self,
        inc: &Incoming,
        input: ContactInput,
        why: String,
        possible: Option<ContactRef>,
    ) {
        let record = self.index.record(&input);
        self.create_as(inc, input, record, why, possible);
    }

    /// [`Planner::create`] of a record whose identity record is `record` already.
    fn create_as(
        &mut self,
        inc: &Incoming,
        input: ContactInput,
        record: Record,
        why: String,
        possible: Option<ContactRef>,
    ) {
        self.created += 1;
        let k = self.work.creates.len();
        self.index.add_record(Target::Pending(k), record);
        self.items.push(PlanItem {
            line: inc.line,
            name: input.name.clone(),
            action: PlanAction::Create,
            reason: why,
            possible: possible.is_some(),
            target: possible,
            changes: Vec::new(),
        });
        self.work.creates.push(Change {
            input,
            photo: inc.photo.clone(),
            line: inc.line,
        });
    }
}

impl Planner {
    /// Why a record that may be `target` is still created, and whom it may be.
    fn possibly(&self, target: Target, c: &Comparison) -> (String, Option<ContactRef>) {
        let why = evidence(c);
        match target {
            Target::Existing(id) => {
                let name = self.index.records[&target].name.clone();
                (
                    format!("not merged: possibly {name} (id {id}) — {why}; check before merging"),
                    Some(ContactRef { id, name }),
                )
            }
            Target::Pending(k) => {
                let first = &self.work.creates[k];
                (
                    format!(
                        "not merged: possibly line {} ({}) of this file — {why}",
                        first.line, first.input.name
                    ),
                    None,
                )
            }
        }
    }

    /// Applies the person's own decision for a record; false when it cannot be applied (a
    /// merge without the contact to merge into).
    fn decided(
        &mut self,
        conn: &Connection,
        inc: &Incoming,
        input: ContactInput,
        d: &ImportDecision,
    ) -> Result<bool> {
        match (d.action, d.into) {
            (PlanAction::Skip, _) => {
                self.items.push(PlanItem {
                    line: inc.line,
                    name: input.name,
                    action: PlanAction::Skip,
                    reason: "left out, as you chose".into(),
                    target: None,
                    changes: Vec::new(),
                    possible: false,
                });
                Ok(true)
            }
            (PlanAction::Create, _) => {
                self.create(inc, input, "a new person, as you chose".into(), None);
                Ok(true)
            }
            (PlanAction::Merge, Some(id)) => {
                contacts::get_contact_ref(conn, id)?;
                self.merge_existing(conn, inc, input, id, "as you chose")?;
                Ok(true)
            }
            (PlanAction::Merge, None) => Ok(false),
        }
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

/// A job change: when `src` (a newer record of the same person) names another company
/// than `target` (by [`identity::company_key`], so "Acme Inc" is "Acme"), the
/// company, department and role become `src`'s and the old ones move to the front of
/// `past_jobs`, ended `until`. Returns what changed, in words; nothing
/// when either has no company, the companies are the same, or `src`'s company is one of
/// the past jobs already (an older record).
fn change_job(
    target: &mut ContactInput,
    src: &ContactInput,
    until: Option<NaiveDate>,
) -> Vec<String> {
    let (Some(old), Some(new)) = (&target.company, &src.company) else {
        return Vec::new();
    };
    let new_key = identity::company_key(new);
    // The same company, or one they are known to have left (an older record read again:
    // importing files in any order must not move them back and forth).
    if identity::company_key(old) == new_key
        || target
            .past_jobs
            .iter()
            .any(|j| identity::company_key(&j.company) == new_key)
    {
        return Vec::new();
    }
    let job = PastJob {
        company: old.clone(),
        role: target.role.clone(),
        until,
    };
    let what = format!("company {new} (was {old}: kept in past jobs)");
    target.past_jobs.insert(0, job);
    target.company.clone_from(&src.company);
    target.department.clone_from(&src.department);
    target.role.clone_from(&src.role);
    vec![what]
}

/// A record of the file made ready to match ([`sanitize`]d, with its identity record), and
/// what of it was left out.
type Ready = (Option<(ContactInput, Record)>, Vec<Skipped>);

/// Matches `parsed` against the database: the plan, and the writes that carry it out.
///
/// Each record is made ready (its fields checked, its identifiers normalised: reading phone
/// numbers with the numbering plan is most of that) on a thread of its own, a little ahead of
/// the matching, which needs the records in the file's order; the two overlap on two cores.
pub(super) fn compute(
    conn: &Connection,
    format: ImportFormat,
    parsed: Parsed,
    decisions: &HashMap<u64, ImportDecision>,
    now: DateTime<Utc>,
) -> Result<(ImportPlan, Work)> {
    let region = settings::get_default_region(conn)?;
    let mut p = Planner {
        today: Some(now.date_naive()),
        index: Index {
            region: region.clone(),
            ..Default::default()
        },
        ..Default::default()
    };
    let mut skipped = parsed.skipped;
    let records = &parsed.records;
    std::thread::scope(|scope| -> Result<()> {
        let (ready_tx, ready) = std::sync::mpsc::sync_channel::<Ready>(1024);
        std::thread::Builder::new()
            .name("kith-import-read".into())
            .spawn_scoped(scope, move || {
                for inc in records {
                    let mut left_out = Vec::new();
                    let input = sanitize(inc, now, &mut left_out).map(|input| {
                        let record = record_of(&input, region.as_deref());
                        (input, record)
                    });
                    // The receiver is gone when the matching stopped at an error.
                    if ready_tx.send((input, left_out)).is_err() {
                        break;
                    }
                }
            })
            .map_err(|e| Error::Io {
                path: String::new(),
                message: format!("could not start reading the records: {e}"),
            })?;
        for inc in records {
            let (input, mut left_out) = ready.recv().map_err(|_| {
                Error::invalid("import", format!("line {}: could not be read", inc.line))
            })?;
            skipped.append(&mut left_out);
            let Some((input, record)) = input else {
                continue;
            };
            p.plan_record(conn, inc, input, record, decisions)?;
        }
        Ok(())
    })?;
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
        import_id: None,
    };
    Ok((plan, p.work))
}

impl Planner {
    /// Plans one record of the file, ready to match (its identity record is `record`): as the
    /// person decided for its line, else merged into whom it is, else created.
    fn plan_record(
        &mut self,
        conn: &Connection,
        inc: &Incoming,
        input: ContactInput,
        record: Record,
        decisions: &HashMap<u64, ImportDecision>,
    ) -> Result<()> {
        if let Some(d) = decisions.get(&inc.line) {
            if self.decided(conn, inc, input, d)? {
                return Ok(());
            }
            return Err(Error::invalid(
                "decisions",
                format!("line {}: merge needs the contact to merge into", inc.line),
            ));
        }
        match self.index.find(conn, &record)? {
            Some(Found { target, comparison }) if comparison.verdict == Verdict::Same => {
                let why = evidence(&comparison);
                match target {
                    Target::Existing(id) => self.merge_existing(conn, inc, input, id, &why)?,
                    Target::Pending(k) => self.merge_pending(inc, input, k, &why),
                }
            }
            Some(Found { target, comparison }) => {
                let (why, possible) = self.possibly(target, &comparison);
                self.create_as(inc, input, record, why, possible);
            }
            None => self.create_as(inc, input, record, "not in Kith yet".into(), None),
        }
        Ok(())
    }
}

/// Writes `work` but the search index entries of the contacts (the caller writes them in one
/// statement before it commits: see `store::search`); returns every contact created (with no
/// "before") or changed (with the contact as it was).
pub(super) fn apply(
    conn: &Connection,
    work: Work,
    now: DateTime<Utc>,
    progress: &mut dyn FnMut(u32, u32),
) -> Result<Vec<(i64, Option<Contact>)>> {
    let mut changed = Vec::with_capacity(work.creates.len() + work.updates.len());
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
        let id = contacts::insert_contact_unindexed(conn, &input, false, now)?;
        super::super::write_contact_parts(conn, id, &input, &Default::default(), now)?;
        changed.push((id, None));
        if let Some(p) = &change.photo {
            photos::upsert_photo(conn, id, p)?;
        }
        tick(&mut done);
    }
    for (id, change) in work.updates {
        let input = change.input.validated(now)?;
        changed.push((id, Some(contacts::get_contact(conn, id)?)));
        // An interest the contact had keeps the day it was taken up.
        let kept = contacts::list_contact_interest_added(conn, id)?;
        contacts::update_contact_unindexed(conn, id, &input, now)?;
        contacts::delete_parts(conn, id)?;
        super::super::write_contact_parts(conn, id, &input, &kept, now)?;
        if let Some(p) = &change.photo {
            photos::upsert_photo(conn, id, p)?;
        }
        tick(&mut done);
    }
    Ok(changed)
}
