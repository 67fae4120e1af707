//! Validation of everything a user can type, shared by the app and the CLI.
//!
//! Each `validated` method trims text, turns blank optional text into `None`, checks every
//! field and reports *all* invalid fields at once (field names as the UI knows them, e.g.
//! `name`, `channels[1]`, `followUp`), so a form can mark each of them. Checks that need the
//! database (does the contact exist?) are the store's. Date bounds are relative to `now`,
//! which callers pass in: nothing here reads the clock.

use std::collections::HashSet;

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};

use crate::error::{Error, FieldError, Result};
use crate::model::{
    Address, Channel, ChannelKind, ContactInput, ContactQuery, FollowUp, HelpInput, ImportantDate,
    NameParts, NewAsk, NewInteraction, NewReminder, PastJob, Settings, Title,
};

/// Longest name, company, role or location, in characters.
pub const NAME_MAX_CHARS: usize = 200;
/// RFC 5321's limit on the length of an address in a mail path.
pub const EMAIL_MAX_CHARS: usize = 254;
/// Longest tag, interest or label.
pub const TAG_MAX_CHARS: usize = 60;
/// Longest one-line text: an interaction summary, an ask, a promise, a help note.
pub const LINE_MAX_CHARS: usize = 1000;
/// Largest free-text notes, in bytes. A 1 MB note is fine; a 50 MB paste is refused.
pub const NOTES_MAX_BYTES: usize = 4 * 1024 * 1024;
/// Earliest year accepted in any date.
pub const MIN_YEAR: i32 = 1900;
/// How far ahead a follow-up or a one-off date may be, in years.
pub const MAX_YEARS_AHEAD: i32 = 10;
/// The most participants one interaction may have (an event with a crowd is still one row).
pub const MAX_PARTICIPANTS: usize = 500;
/// At most this many tags, interests, channels or dates on one contact (or one ask): enough
/// for anyone, and a bound on what one call can make the store write.
pub const MAX_LIST_ITEMS: usize = 200;

/// Collects field errors while a value is checked.
#[derive(Debug, Default)]
struct Check(Vec<FieldError>);

impl Check {
    fn fail(&mut self, field: &str, message: impl Into<String>) {
        self.0.push(FieldError::new(field, message));
    }

    /// Trims `value` and checks it as one line of at most `max` characters.
    fn line(&mut self, field: &str, value: &str, max: usize) -> String {
        let value = value.trim();
        let chars = value.chars().count();
        if chars > max {
            self.fail(
                field,
                format!("too long: {chars} characters (the limit is {max})"),
            );
        } else if value.chars().any(char::is_control) {
            self.fail(
                field,
                "line breaks, tabs and other control characters are not allowed",
            );
        }
        value.to_owned()
    }

    fn required_line(&mut self, field: &str, value: &str, max: usize, what: &str) -> String {
        let value = self.line(field, value, max);
        if value.is_empty() {
            self.fail(field, format!("{what} is required"));
        }
        value
    }

    fn optional_line(&mut self, field: &str, value: Option<String>, max: usize) -> Option<String> {
        value
            .map(|v| self.line(field, &v, max))
            .filter(|v| !v.is_empty())
    }

    /// Free text: line breaks allowed, trailing blank space trimmed, size bounded.
    fn notes(&mut self, field: &str, value: &str) -> String {
        let value = value.trim_end();
        if value.len() > NOTES_MAX_BYTES {
            self.fail(
                field,
                format!(
                    "too long: {:.1} MB (the limit is {} MB)",
                    value.len() as f64 / 1_048_576.0,
                    NOTES_MAX_BYTES / 1_048_576
                ),
            );
        } else if value
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
        {
            self.fail(field, "contains control characters that are not text");
        }
        value.to_owned()
    }

    /// Trimmed, de-duplicated (case-insensitively, first spelling kept), non-empty names.
    fn names(&mut self, field: &str, values: Vec<String>) -> Vec<String> {
        if !self.at_most(field, values.len()) {
            return Vec::new();
        }
        let mut out: Vec<String> = Vec::new();
        // A set, not a scan of `out`: a list of 100,000 names must not take quadratic time.
        let mut seen = HashSet::new();
        for (i, v) in values.into_iter().enumerate() {
            let v = self.line(&format!("{field}[{i}]"), &v, TAG_MAX_CHARS);
            if !v.is_empty() && seen.insert(v.to_lowercase()) {
                out.push(v);
            }
        }
        out
    }

    /// Refuses a list of more than [`MAX_LIST_ITEMS`]; true if `len` is fine.
    fn at_most(&mut self, field: &str, len: usize) -> bool {
        if len > MAX_LIST_ITEMS {
            self.fail(
                field,
                format!("{len} is too many (at most {MAX_LIST_ITEMS})"),
            );
            return false;
        }
        true
    }

    fn finish<T>(self, value: T) -> Result<T> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            Err(Error::Invalid { fields: self.0 })
        }
    }
}

fn years_ahead(now: DateTime<Utc>) -> i32 {
    now.year() + MAX_YEARS_AHEAD
}

impl ContactInput {
    /// Checks and normalises the whole contact.
    pub fn validated(self, now: DateTime<Utc>) -> Result<Self> {
        let mut c = Check::default();
        let name = c.required_line("name", &self.name, NAME_MAX_CHARS, "a name");
        let company = c.optional_line("company", self.company, NAME_MAX_CHARS);
        let role = c.optional_line("role", self.role, NAME_MAX_CHARS);
        let location = c.optional_line("location", self.location, NAME_MAX_CHARS);
        let met_how = c.optional_line("metHow", self.met_how, LINE_MAX_CHARS);
        if let Some(d) = self.met_on {
            if d.year() < MIN_YEAR || d > now.date_naive() {
                c.fail(
                    "metOn",
                    format!(
                        "{d} is not a date you could have met on (between {MIN_YEAR} and today)"
                    ),
                );
            }
        }
        if let Some(days) = self.cadence_days {
            if !(1..=3650).contains(&days) {
                c.fail(
                    "cadenceDays",
                    format!("{days} days is not a cadence: use 1 to 3650 days"),
                );
            }
        }
        let notes = c.notes("notes", &self.notes);
        let tags = c.names("tags", self.tags);
        let interests = c.names("interests", self.interests);
        let more = faithful(
            &mut c,
            Faithful {
                name_parts: self.name_parts,
                nickname: self.nickname,
                department: self.department,
                titles: self.titles,
                addresses: self.addresses,
                connected_on: self.connected_on,
                past_jobs: self.past_jobs,
            },
            now,
        );
        c.at_most("channels", self.channels.len());
        c.at_most("dates", self.dates.len());
        let channels = self
            .channels
            .into_iter()
            .take(MAX_LIST_ITEMS)
            .enumerate()
            .filter_map(|(i, ch)| channel(&mut c, &format!("channels[{i}]"), ch))
            .collect();
        let dates = self
            .dates
            .into_iter()
            .take(MAX_LIST_ITEMS)
            .enumerate()
            .map(|(i, d)| important_date(&mut c, &format!("dates[{i}]"), d, now))
            .collect();
        c.finish(Self {
            name,
            company,
            role,
            location,
            met_how,
            met_on: self.met_on,
            introduced_by: self.introduced_by,
            circle: self.circle,
            cadence_days: self.cadence_days,
            notes,
            tags,
            channels,
            dates,
            interests,
            name_parts: more.name_parts,
            nickname: more.nickname,
            department: more.department,
            titles: more.titles,
            addresses: more.addresses,
            connected_on: more.connected_on,
            past_jobs: more.past_jobs,
        })
    }
}

/// A checked channel, or `None` for a blank one (an empty row in a form).
fn channel(c: &mut Check, field: &str, ch: Channel) -> Option<Channel> {
    let label = c.optional_line(&format!("{field}.label"), ch.label, TAG_MAX_CHARS);
    let value = ch.value.trim().to_owned();
    if value.is_empty() {
        return None;
    }
    let problem = match ch.kind {
        ChannelKind::Email => email_problem(&value),
        ChannelKind::Phone => phone_problem(&value),
        ChannelKind::Link => link_problem(&value),
    };
    if let Some(message) = problem {
        c.fail(field, message);
    }
    Some(Channel {
        kind: ch.kind,
        label,
        value: if ch.kind == ChannelKind::Email {
            value.to_lowercase()
        } else {
            value
        },
        types: types(c, &format!("{field}.types"), ch.types),
    })
}

/// vCard `TYPE`s: trimmed, lowercase, de-duplicated, at most 20 of at most 60 characters.
fn types(c: &mut Check, field: &str, values: Vec<String>) -> Vec<String> {
    if values.len() > 20 {
        c.fail(
            field,
            format!("{} types is too many (at most 20)", values.len()),
        );
        return Vec::new();
    }
    let mut out: Vec<String> = Vec::new();
    for (i, v) in values.into_iter().enumerate() {
        let v = c
            .line(&format!("{field}[{i}]"), &v, TAG_MAX_CHARS)
            .to_lowercase();
        if !v.is_empty() && !out.contains(&v) {
            out.push(v);
        }
    }
    out
}

/// The parts of a name, each one line.
fn name_parts(c: &mut Check, p: NameParts) -> NameParts {
    NameParts {
        prefix: c.optional_line("nameParts.prefix", p.prefix, NAME_MAX_CHARS),
        given: c.optional_line("nameParts.given", p.given, NAME_MAX_CHARS),
        additional: c.optional_line("nameParts.additional", p.additional, NAME_MAX_CHARS),
        family: c.optional_line("nameParts.family", p.family, NAME_MAX_CHARS),
        suffix: c.optional_line("nameParts.suffix", p.suffix, NAME_MAX_CHARS),
    }
}

/// A title or role: one non-empty line, or `None` for a blank one.
fn title(c: &mut Check, field: &str, t: Title) -> Option<Title> {
    let value = c.line(field, &t.value, NAME_MAX_CHARS);
    (!value.is_empty()).then_some(Title {
        kind: t.kind,
        value,
    })
}

/// A postal address: each part one line; `None` for a blank one.
fn address(c: &mut Check, field: &str, a: Address) -> Option<Address> {
    let mut part = |name: &str, v: Option<String>| {
        c.optional_line(&format!("{field}.{name}"), v, LINE_MAX_CHARS)
    };
    let out = Address {
        label: None,
        types: Vec::new(),
        po_box: part("poBox", a.po_box),
        extended: part("extended", a.extended),
        street: part("street", a.street),
        locality: part("locality", a.locality),
        region: part("region", a.region),
        postcode: part("postcode", a.postcode),
        country: part("country", a.country),
    };
    if out.is_empty() {
        return None;
    }
    Some(Address {
        label: c.optional_line(&format!("{field}.label"), a.label, TAG_MAX_CHARS),
        types: types(c, &format!("{field}.types"), a.types),
        ..out
    })
}

/// What an address book adds to a contact (schema 6): the parts of the name, nickname,
/// department, more titles, addresses, and the day the user connected with them.
struct Faithful {
    name_parts: NameParts,
    nickname: Option<String>,
    department: Option<String>,
    titles: Vec<Title>,
    addresses: Vec<Address>,
    connected_on: Option<NaiveDate>,
    past_jobs: Vec<PastJob>,
}

fn faithful(c: &mut Check, input: Faithful, now: DateTime<Utc>) -> Faithful {
    if let Some(d) = input.connected_on {
        if d.year() < MIN_YEAR || d > now.date_naive() {
            c.fail(
                "connectedOn",
                format!(
                    "{d} is not a day you could have connected on (between {MIN_YEAR} and today)"
                ),
            );
        }
    }
    c.at_most("titles", input.titles.len());
    c.at_most("addresses", input.addresses.len());
    c.at_most("pastJobs", input.past_jobs.len());
    Faithful {
        name_parts: name_parts(c, input.name_parts),
        nickname: c.optional_line("nickname", input.nickname, NAME_MAX_CHARS),
        department: c.optional_line("department", input.department, NAME_MAX_CHARS),
        titles: input
            .titles
            .into_iter()
            .take(MAX_LIST_ITEMS)
            .enumerate()
            .filter_map(|(i, t)| title(c, &format!("titles[{i}]"), t))
            .collect(),
        addresses: input
            .addresses
            .into_iter()
            .take(MAX_LIST_ITEMS)
            .enumerate()
            .filter_map(|(i, a)| address(c, &format!("addresses[{i}]"), a))
            .collect(),
        connected_on: input.connected_on,
        past_jobs: input
            .past_jobs
            .into_iter()
            .take(MAX_LIST_ITEMS)
            .enumerate()
            .filter_map(|(i, j)| past_job(c, &format!("pastJobs[{i}]"), j, now))
            .collect(),
    }
}

/// A checked past job, or `None` for one with no company (an empty row in a form).
fn past_job(c: &mut Check, field: &str, j: PastJob, now: DateTime<Utc>) -> Option<PastJob> {
    let company = c.optional_line(&format!("{field}.company"), Some(j.company), NAME_MAX_CHARS)?;
    let role = c.optional_line(&format!("{field}.role"), j.role, NAME_MAX_CHARS);
    if let Some(d) = j.until {
        if d.year() < MIN_YEAR || d > now.date_naive() {
            c.fail(
                &format!("{field}.until"),
                format!("{d} is not a day they could have moved on (between {MIN_YEAR} and today)"),
            );
        }
    }
    Some(PastJob {
        company,
        role,
        until: j.until,
    })
}

pub(crate) fn email_problem(email: &str) -> Option<String> {
    let chars = email.chars().count();
    if chars > EMAIL_MAX_CHARS {
        return Some(format!(
            "too long: {chars} characters (an email address has at most {EMAIL_MAX_CHARS})"
        ));
    }
    // RFC 5322's addr-spec: a domain without a dot (`contact1@invalid`, an intranet host) is
    // valid, and address books hold such addresses.
    let options = email_address::Options::default().without_display_text();
    match email_address::EmailAddress::parse_with_options(email, options) {
        Ok(_) => None,
        Err(e) => Some(format!(
            "\"{email}\" is not a valid email address ({})",
            e.to_string().trim_end_matches('.').to_lowercase()
        )),
    }
}

/// A number as people write it: digits with separators, an extension (`x102`,
/// `;ext=102`), pauses, or letters of a vanity number (`1-800-FLOWERS`).
fn phone_problem(phone: &str) -> Option<String> {
    let (number, extension) = split_extension(phone);
    // Pauses to dial after the number (`,` or `;`) must lead to more digits to dial.
    let (number, pauses_ok) = match number.find([',', ';']) {
        Some(at) => {
            let tail = number[at..].trim_start_matches([',', ';']);
            let ok = !tail.is_empty()
                && tail
                    .bytes()
                    .all(|b| b.is_ascii_digit() || b == b'#' || b == b'*');
            (&number[..at], ok)
        }
        None => (number, true),
    };
    let allowed = |ch: char| ch.is_ascii_alphanumeric() || " +-()./#*".contains(ch);
    let digits = number.chars().filter(char::is_ascii_digit).count();
    let extension_ok = extension
        .is_none_or(|e| (1..=10).contains(&e.len()) && e.bytes().all(|b| b.is_ascii_digit()));
    if phone.chars().count() > 40
        || !(3..=20).contains(&digits)
        || !number.chars().all(allowed)
        || !extension_ok
        || !pauses_ok
    {
        Some(format!(
            "\"{phone}\" is not a phone number (digits, spaces, + - ( ) . /, the letters of a \
             vanity number, and an extension such as ;ext=102 or x102)"
        ))
    } else {
        None
    }
}

/// A phone number and its extension, if it has one (`;ext=102`, `ext. 102`, `x102`, `#102`).
fn split_extension(phone: &str) -> (&str, Option<&str>) {
    let lower = phone.to_ascii_lowercase();
    for marker in [";ext=", " ext.", " ext", "ext.", "ext", " x", "x", "#"] {
        if let Some(at) = lower.rfind(marker) {
            let ext = phone[at + marker.len()..].trim();
            if !ext.is_empty() && ext.bytes().all(|b| b.is_ascii_digit()) {
                return (&phone[..at], Some(ext));
            }
        }
    }
    (phone, None)
}

fn link_problem(link: &str) -> Option<String> {
    if link.chars().count() > 2048 {
        Some("too long for a link (the limit is 2048 characters)".into())
    } else if link.chars().any(|ch| ch.is_whitespace() || ch.is_control()) || !link.contains('.') {
        Some(format!("\"{link}\" is not a link"))
    } else if let Some((scheme, _)) = link.split_once(':').filter(|(scheme, _)| {
        scheme.starts_with(|ch: char| ch.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|ch| ch.is_ascii_alphanumeric() || "+-".contains(ch))
    }) {
        (!["http", "https"].contains(&scheme.to_ascii_lowercase().as_str()))
            .then(|| format!("\"{link}\" is not a web link (only http and https links are kept)"))
    } else {
        None
    }
}

fn important_date(
    c: &mut Check,
    field: &str,
    d: ImportantDate,
    now: DateTime<Utc>,
) -> ImportantDate {
    let label = c.required_line(
        &format!("{field}.label"),
        &d.label,
        TAG_MAX_CHARS,
        "a label",
    );
    // Feb 29 is a fine birthday without a year: check against a leap year.
    let year_for_check = d.year.unwrap_or(2000);
    if NaiveDate::from_ymd_opt(year_for_check, d.month, d.day).is_none() {
        c.fail(
            field,
            format!(
                "{}-{:02}-{:02} is not a date",
                year_for_check, d.month, d.day
            ),
        );
    }
    match d.year {
        None if !d.recurring => c.fail(field, "a one-off date needs a year"),
        Some(y) if y < MIN_YEAR || y > years_ahead(now) => c.fail(
            field,
            format!(
                "the year {y} is out of range ({MIN_YEAR} to {})",
                years_ahead(now)
            ),
        ),
        _ => {}
    }
    ImportantDate { label, ..d }
}

impl NewInteraction {
    /// Checks and normalises an interaction to log.
    pub fn validated(self, now: DateTime<Utc>) -> Result<Self> {
        let mut c = Check::default();
        let mut participants = Vec::new();
        // A set, not `participants.contains`: 100,000 ids must not take quadratic time.
        let mut seen = HashSet::new();
        for id in self.participants {
            if seen.insert(id) {
                participants.push(id);
            }
        }
        if participants.is_empty() {
            c.fail("participants", "add at least one person who was there");
        } else if participants.len() > MAX_PARTICIPANTS {
            c.fail("participants", format!("at most {MAX_PARTICIPANTS} people"));
        }
        if self.occurred_at > now + Duration::days(1) {
            c.fail(
                "occurredAt",
                format!(
                    "{} is in the future: log what happened, or add a follow-up for what is planned",
                    self.occurred_at.date_naive()
                ),
            );
        } else if self.occurred_at.year() < MIN_YEAR {
            c.fail(
                "occurredAt",
                format!("dates before {MIN_YEAR} are not accepted"),
            );
        }
        let summary = c.line("summary", &self.summary, LINE_MAX_CHARS);
        let notes = c.notes("notes", &self.notes);
        if summary.is_empty() && notes.trim().is_empty() {
            c.fail("summary", "write a summary or some notes");
        }
        if let Some(q) = self.quality {
            if !(1..=5).contains(&q) {
                c.fail("quality", format!("{q} is not a quality: use 1 to 5"));
            }
        }
        let help = self
            .help
            .into_iter()
            .enumerate()
            .map(|(i, h)| {
                let field = format!("help[{i}]");
                if h.giver == h.receiver {
                    c.fail(&field, "the giver and the receiver are the same person");
                }
                let text = c.required_line(&field, &h.text, LINE_MAX_CHARS, "what the help was");
                HelpInput { text, ..h }
            })
            .collect();
        let follow_up = self.follow_up.map(|f| {
            let text = c.required_line("followUp", &f.text, LINE_MAX_CHARS, "what was promised");
            // The interaction's day is its UTC day here; a day's slack keeps a late evening
            // west of Greenwich (already the next UTC day) from refusing a same-day follow-up.
            let happened = self.occurred_at.date_naive();
            if f.due_on.year() > years_ahead(now) || f.due_on.year() < MIN_YEAR {
                c.fail(
                    "followUp",
                    format!("{} is too far away for a follow-up", f.due_on),
                );
            } else if f.due_on < happened - Duration::days(1) {
                c.fail(
                    "followUp",
                    format!(
                        "{} is before the interaction ({happened}): a follow-up is due after it",
                        f.due_on
                    ),
                );
            }
            FollowUp { text, ..f }
        });
        c.finish(Self {
            participants,
            summary,
            notes,
            help,
            follow_up,
            ..self
        })
    }
}

impl NewAsk {
    pub fn validated(self) -> Result<Self> {
        let mut c = Check::default();
        let text = c.required_line("text", &self.text, LINE_MAX_CHARS, "a description");
        let interests = c.names("interests", self.interests);
        c.finish(Self {
            text,
            interests,
            ..self
        })
    }
}

impl NewReminder {
    /// Checks a manual follow-up: some text, a date within the accepted years.
    pub fn validated(self, now: DateTime<Utc>) -> Result<Self> {
        let mut c = Check::default();
        let text = c.required_line("text", &self.text, LINE_MAX_CHARS, "what to do");
        if self.due_on.year() > years_ahead(now) || self.due_on.year() < MIN_YEAR {
            c.fail(
                "dueOn",
                format!("{} is too far away for a follow-up", self.due_on),
            );
        }
        c.finish(Self { text, ..self })
    }
}

/// The largest daily budget of suggestions.
pub const MAX_DAILY_BUDGET: u32 = 50;

impl ContactQuery {
    /// A page of 1 to [`ContactQuery::MAX_LIMIT`] rows.
    pub fn check_limit(&self) -> Result<()> {
        if self.limit == 0 || self.limit > Self::MAX_LIMIT {
            return Err(Error::invalid(
                "limit",
                format!("must be between 1 and {}", Self::MAX_LIMIT),
            ));
        }
        Ok(())
    }
}

impl Settings {
    /// Checks settings before they are saved: a budget of 0 to 50, a time `HH:MM`, gaps of
    /// 1 to 3650 days.
    pub fn validated(self) -> Result<Self> {
        let mut c = Check::default();
        if self.daily_budget > MAX_DAILY_BUDGET {
            c.fail(
                "dailyBudget",
                format!(
                    "{} is too many: at most {MAX_DAILY_BUDGET} a day",
                    self.daily_budget
                ),
            );
        }
        let notify_at = self.notify_at.trim().to_owned();
        let well_formed = notify_at.len() == 5
            && notify_at.as_bytes()[2] == b':'
            && chrono::NaiveTime::parse_from_str(&notify_at, "%H:%M").is_ok();
        if !well_formed {
            c.fail(
                "notifyAt",
                format!("\"{notify_at}\" is not a time of day (use HH:MM, e.g. 09:00)"),
            );
        }
        let g = self.circle_gaps;
        for (field, days) in [
            ("circleGaps.inner", g.inner),
            ("circleGaps.close", g.close),
            ("circleGaps.network", g.network),
            ("circleGaps.wider", g.wider),
        ] {
            if !(1..=3650).contains(&days) {
                c.fail(field, format!("{days} days: use 1 to 3650"));
            }
        }
        // A closer circle is kept in touch with at least as often as a wider one.
        let order = [
            ("inner", "circleGaps.inner", g.inner),
            ("close", "circleGaps.close", g.close),
            ("network", "circleGaps.network", g.network),
            ("wider", "circleGaps.wider", g.wider),
        ];
        for pair in order.windows(2) {
            let [(closer, _, before), (name, field, days)] = pair else {
                continue;
            };
            if days < before {
                c.fail(
                    field,
                    format!(
                        "every {days} days is more often than the {closer} circle's every \
                         {before}: the {name} circle's gap is {before} days or more"
                    ),
                );
            }
        }
        let default_region = self
            .default_region
            .map(|r| r.trim().to_ascii_uppercase())
            .filter(|r| !r.is_empty());
        if let Some(r) = &default_region {
            if r.len() != 2 || !r.bytes().all(|b| b.is_ascii_uppercase()) {
                c.fail(
                    "defaultRegion",
                    format!("\"{r}\" is not a country code: use two letters, e.g. DE or US"),
                );
            }
        }
        c.finish(Self {
            notify_at,
            default_region,
            ..self
        })
    }
}

/// Checks an interest name (for add and rename).
pub fn interest_name(name: &str) -> Result<String> {
    let mut c = Check::default();
    let name = c.required_line("name", name, TAG_MAX_CHARS, "a name");
    c.finish(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Initiator, InteractionKind};
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 22, 12, 0, 0).unwrap()
    }

    fn fields(err: Error) -> Vec<String> {
        match err {
            Error::Invalid { fields } => fields.into_iter().map(|f| f.field).collect(),
            other => panic!("expected Invalid, got {other:?}"),
        }
    }

    fn contact(name: &str) -> ContactInput {
        ContactInput {
            name: name.into(),
            ..Default::default()
        }
    }

    #[test]
    fn trims_and_drops_blank_optional_fields() {
        let c = ContactInput {
            company: Some("  ".into()),
            role: Some(" CTO ".into()),
            channels: vec![
                Channel {
                    kind: ChannelKind::Email,
                    label: Some(" work ".into()),
                    value: " Ana@Acme.com ".into(),
                    types: Vec::new(),
                },
                Channel {
                    kind: ChannelKind::Phone,
                    label: None,
                    value: "  ".into(),
                    types: Vec::new(),
                },
            ],
            tags: vec![" friend ".into(), "Friend".into(), "".into()],
            ..contact("  Ana Ruiz ")
        }
        .validated(now())
        .expect("valid");
        assert_eq!(c.name, "Ana Ruiz");
        assert_eq!(c.company, None);
        assert_eq!(c.role.as_deref(), Some("CTO"));
        assert_eq!(c.channels.len(), 1, "a blank channel row is dropped");
        assert_eq!(c.channels[0].value, "ana@acme.com");
        assert_eq!(c.channels[0].label.as_deref(), Some("work"));
        assert_eq!(c.tags, ["friend"]);
    }

    #[test]
    fn reports_every_invalid_field_at_once() {
        let err = ContactInput {
            company: Some("x".repeat(NAME_MAX_CHARS + 1)),
            channels: vec![Channel {
                kind: ChannelKind::Email,
                label: None,
                value: "ana at acme".into(),
                types: Vec::new(),
            }],
            cadence_days: Some(0),
            ..contact(" \t ")
        }
        .validated(now())
        .unwrap_err();
        assert_eq!(
            fields(err),
            ["name", "company", "cadenceDays", "channels[0]"]
        );
    }

    #[test]
    fn limits_count_characters_not_bytes() {
        assert!(contact(&"李".repeat(NAME_MAX_CHARS))
            .validated(now())
            .is_ok());
        let err = contact(&"a".repeat(10_000)).validated(now()).unwrap_err();
        assert!(err.to_string().contains("10000 characters"), "{err}");
    }

    #[test]
    fn rejects_malformed_emails_phones_and_links() {
        for (kind, bad) in [
            (ChannelKind::Email, "ana"),
            (ChannelKind::Email, "a b@c.com"),
            (ChannelKind::Phone, "call me"),
            (ChannelKind::Phone, "12"),
            (ChannelKind::Phone, "205246;;,;"),
            (ChannelKind::Link, "not a link"),
            (
                ChannelKind::Link,
                "javascript:alert(document.cookie)//x.com",
            ),
            (ChannelKind::Link, "file:///etc/passwd.txt"),
        ] {
            let err = ContactInput {
                channels: vec![Channel {
                    kind,
                    label: None,
                    value: bad.into(),
                    types: Vec::new(),
                }],
                ..contact("Ana")
            }
            .validated(now())
            .unwrap_err();
            assert_eq!(fields(err), ["channels[0]"], "{bad} should be refused");
        }
    }

    #[test]
    fn emails_with_a_dotless_domain_and_phones_as_written_are_kept() {
        for (kind, good) in [
            (ChannelKind::Email, "contact1@invalid"),
            (ChannelKind::Email, "ana@localhost"),
            (ChannelKind::Phone, "+1-418-656-9254;ext=102"),
            (ChannelKind::Phone, "+1 418 656 9254 x102"),
            (ChannelKind::Phone, "1-800-FLOWERS"),
            (ChannelKind::Phone, "+1 555 0100,,123#"),
        ] {
            let c = ContactInput {
                channels: vec![Channel {
                    kind,
                    label: None,
                    value: good.into(),
                    types: Vec::new(),
                }],
                ..contact("Ana")
            }
            .validated(now())
            .unwrap();
            assert_eq!(c.channels[0].value, good, "kept as written");
        }
    }

    #[test]
    fn web_links_with_or_without_a_scheme_are_kept() {
        for good in [
            "https://ana.dev",
            "HTTP://x.org/a:b",
            "ana.dev/about",
            "x.org:8080/a",
        ] {
            let input = ContactInput {
                channels: vec![Channel {
                    kind: ChannelKind::Link,
                    label: None,
                    value: good.into(),
                    types: Vec::new(),
                }],
                ..contact("Ana")
            };
            assert!(input.validated(now()).is_ok(), "{good} should be kept");
        }
    }

    #[test]
    fn lists_longer_than_the_limit_are_refused() {
        let err = ContactInput {
            tags: (0..=MAX_LIST_ITEMS).map(|i| format!("t{i}")).collect(),
            interests: vec!["jazz".into()],
            ..contact("Ana")
        }
        .validated(now())
        .unwrap_err();
        assert_eq!(fields(err), ["tags"]);
    }

    #[test]
    fn a_note_of_one_megabyte_is_fine_and_fifty_is_not() {
        let ok = ContactInput {
            notes: "word ".repeat(200_000),
            ..contact("Ana")
        };
        assert!(ok.validated(now()).is_ok());
        let err = ContactInput {
            notes: "x".repeat(50 * 1024 * 1024),
            ..contact("Ana")
        }
        .validated(now())
        .unwrap_err();
        assert!(err.to_string().contains("50.0 MB"), "{err}");
    }

    #[test]
    fn checks_dates() {
        let date = |label: &str, year, month, day, recurring| ImportantDate {
            label: label.into(),
            year,
            month,
            day,
            recurring,
        };
        let ok = ContactInput {
            dates: vec![
                date("birthday", None, 2, 29, true),
                date("wedding", Some(2019), 6, 1, false),
            ],
            met_on: NaiveDate::from_ymd_opt(2020, 1, 1),
            ..contact("Ana")
        };
        assert!(ok.validated(now()).is_ok());
        let err = ContactInput {
            dates: vec![
                date("birthday", Some(2023), 2, 29, true),
                date("trip", None, 5, 1, false),
                date("far", Some(30000), 1, 1, false),
                date("", None, 1, 1, true),
            ],
            met_on: NaiveDate::from_ymd_opt(2027, 1, 1),
            ..contact("Ana")
        }
        .validated(now())
        .unwrap_err();
        assert_eq!(
            fields(err),
            [
                "metOn",
                "dates[0]",
                "dates[1]",
                "dates[2]",
                "dates[3].label"
            ]
        );
    }

    #[test]
    fn a_follow_up_due_before_the_interaction_is_refused() {
        let day = now().date_naive();
        let with_due = |due: NaiveDate| {
            NewInteraction {
                follow_up: Some(FollowUp {
                    due_on: due,
                    text: "send the deck".into(),
                    contact: None,
                    by: Default::default(),
                }),
                ..interaction()
            }
            .validated(now())
        };
        let err = with_due(day - Duration::days(30)).unwrap_err();
        assert_eq!(fields(err.clone()), ["followUp"]);
        assert!(
            err.to_string().contains(&format!(
                "{} is before the interaction ({day}): a follow-up is due after it",
                day - Duration::days(30)
            )),
            "{err}"
        );
        // The same day, and the day before (a late evening west of Greenwich), are not.
        assert!(with_due(day).is_ok());
        assert!(with_due(day - Duration::days(1)).is_ok());
    }

    fn interaction() -> NewInteraction {
        NewInteraction {
            participants: vec![1, 2, 1],
            kind: InteractionKind::Call,
            occurred_at: now(),
            has_time: true,
            summary: " Talked about the move ".into(),
            notes: String::new(),
            initiated_by: Some(Initiator::Me),
            quality: Some(4),
            help: vec![],
            follow_up: None,
        }
    }

    #[test]
    fn an_interaction_is_normalised() {
        let i = interaction().validated(now()).unwrap();
        assert_eq!(i.participants, [1, 2], "duplicates removed, order kept");
        assert_eq!(i.summary, "Talked about the move");
    }

    #[test]
    fn a_bad_interaction_names_every_problem() {
        let err = NewInteraction {
            participants: vec![],
            occurred_at: now() + Duration::days(400),
            summary: "  ".into(),
            notes: " \n ".into(),
            quality: Some(9),
            help: vec![HelpInput {
                giver: 3,
                receiver: 3,
                text: "".into(),
                ask_id: None,
            }],
            follow_up: Some(FollowUp {
                due_on: NaiveDate::from_ymd_opt(30000, 1, 1).unwrap(),
                text: "send the article".into(),
                contact: None,
                by: Default::default(),
            }),
            ..interaction()
        }
        .validated(now())
        .unwrap_err();
        assert_eq!(
            fields(err),
            [
                "participants",
                "occurredAt",
                "summary",
                "quality",
                "help[0]",
                "help[0]",
                "followUp"
            ]
        );
    }
}
