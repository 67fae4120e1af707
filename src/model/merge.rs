//! Two records of one person, made one: which channels are the same address, and what one
//! record adds to another. Used by imports (a record matched to a contact) and by merging two
//! contacts; nothing here reads or writes the database.

use super::{Channel, ChannelKind, ContactInput, MergeField};

/// A normalised phone number: its digits without leading zeros.
fn phone_key(phone: &str) -> String {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    digits.trim_start_matches('0').to_owned()
}

/// Two normalised numbers ([`phone_key`]) are the same: equal, or the shorter (of at least 8
/// digits) ends the longer (a country or trunk prefix aside).
fn phones_match(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    short.len() >= 8 && long.ends_with(short) || (a == b && !a.is_empty())
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

impl Channel {
    /// An email address as written, with no label or types.
    pub fn email(value: impl Into<String>) -> Self {
        Channel {
            kind: ChannelKind::Email,
            label: None,
            value: value.into(),
            types: Vec::new(),
        }
    }

    /// Both are the same address: emails ignoring case, links ignoring scheme, `www.` and a
    /// trailing slash, phones as [`phones_match`] compares them.
    pub fn same_address(&self, other: &Channel) -> bool {
        let (a, b) = (self, other);
        match (a.kind, b.kind) {
            (ChannelKind::Phone, ChannelKind::Phone) => {
                phones_match(&phone_key(&a.value), &phone_key(&b.value))
            }
            _ => channel_key(a) == channel_key(b),
        }
    }
}

/// Sets `field` to `value` when it is empty; says so in `changes`.
fn fill(changes: &mut Vec<String>, field: &mut Option<String>, value: &Option<String>, what: &str) {
    if field.is_none() {
        if let Some(v) = value {
            *field = Some(v.clone());
            changes.push(format!("{what} {v}"));
        }
    }
}

/// Sets `field` to `value` when it is empty; says so in `changes` as `what`.
fn fill_copy<T: Copy>(
    changes: &mut Vec<String>,
    field: &mut Option<T>,
    value: Option<T>,
    what: String,
) {
    if field.is_none() && value.is_some() {
        *field = value;
        changes.push(what);
    }
}

impl ContactInput {
    /// Adds to `self` what `src` knows and `self` does not, overwriting nothing; returns what
    /// was added, in words ("email ana@acme.com", "company Acme").
    pub fn merge_from(&mut self, src: &ContactInput) -> Vec<String> {
        let mut changes = Vec::new();
        self.merge_fields(src, &mut changes);
        self.merge_lists(src, &mut changes);
        changes
    }

    /// The single fields: each filled when empty.
    fn merge_fields(&mut self, src: &ContactInput, changes: &mut Vec<String>) {
        let dst = self;
        fill(changes, &mut dst.company, &src.company, "company");
        fill(changes, &mut dst.role, &src.role, "role");
        fill(changes, &mut dst.location, &src.location, "location");
        fill(changes, &mut dst.met_how, &src.met_how, "how we met:");
        if let Some(d) = src.connected_on {
            fill_copy(
                changes,
                &mut dst.connected_on,
                Some(d),
                format!("connected on {d}"),
            );
        }
        if let Some(d) = src.met_on {
            fill_copy(changes, &mut dst.met_on, Some(d), format!("met on {d}"));
        }
        fill(changes, &mut dst.nickname, &src.nickname, "nickname");
        fill(changes, &mut dst.department, &src.department, "department");
        let (to, from) = (&mut dst.name_parts, &src.name_parts);
        fill(changes, &mut to.prefix, &from.prefix, "name prefix");
        fill(changes, &mut to.given, &from.given, "given name");
        fill(changes, &mut to.additional, &from.additional, "middle name");
        fill(changes, &mut to.family, &from.family, "family name");
        fill(changes, &mut to.suffix, &from.suffix, "name suffix");
        fill_copy(changes, &mut dst.circle, src.circle, "circle".into());
        fill_copy(
            changes,
            &mut dst.cadence_days,
            src.cadence_days,
            "cadence".into(),
        );
        let notes = src.notes.trim();
        if !notes.is_empty() && !dst.notes.contains(notes) {
            if !dst.notes.trim().is_empty() {
                dst.notes.push_str("\n\n");
            }
            dst.notes.push_str(notes);
            changes.push("notes".into());
        }
    }

    /// The lists: what `src` has and `self` lacks is added, in `src`'s order.
    fn merge_lists(&mut self, src: &ContactInput, changes: &mut Vec<String>) {
        let dst = self;
        for ch in &src.channels {
            if !dst.channels.iter().any(|d| d.same_address(ch)) {
                dst.channels.push(ch.clone());
                let kind = ch.kind;
                changes.push(format!("{kind} {}", ch.value));
            }
        }
        for t in &src.titles {
            let known = dst.role.as_deref() == Some(t.value.as_str())
                || dst.titles.iter().any(|d| d.value == t.value);
            if !known {
                dst.titles.push(t.clone());
                changes.push(format!("{} {}", t.kind, t.value));
            }
        }
        for j in &src.past_jobs {
            let known = dst
                .past_jobs
                .iter()
                .any(|d| d.company.to_lowercase() == j.company.to_lowercase() && d.role == j.role);
            if !known {
                dst.past_jobs.push(j.clone());
                changes.push(format!("past job {}", j.company));
            }
        }
        for a in &src.addresses {
            if !dst.addresses.iter().any(|d| d.parts() == a.parts()) {
                dst.addresses.push(a.clone());
                changes.push("address".into());
            }
        }
        add_words(&mut dst.tags, &src.tags, "tag", changes);
        add_words(&mut dst.interests, &src.interests, "interest", changes);
        for d in &src.dates {
            let same = dst.dates.iter_mut().find(|x| {
                x.label.to_lowercase() == d.label.to_lowercase()
                    && x.month == d.month
                    && x.day == d.day
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
    }
}

impl ContactInput {
    /// Takes each field of `fields` from `src` where `src` has a value, over `self`'s: the
    /// person's choice in a merge of which value wins. The name comes with its parts.
    pub fn take_fields(&mut self, src: &ContactInput, fields: &[MergeField]) {
        fn take<T: Clone>(to: &mut Option<T>, from: &Option<T>) {
            if from.is_some() {
                to.clone_from(from);
            }
        }
        for field in fields {
            match field {
                MergeField::Name => {
                    if !src.name.trim().is_empty() {
                        self.name.clone_from(&src.name);
                        self.name_parts = src.name_parts.clone();
                    }
                }
                MergeField::Nickname => take(&mut self.nickname, &src.nickname),
                MergeField::Company => take(&mut self.company, &src.company),
                MergeField::Department => take(&mut self.department, &src.department),
                MergeField::Role => take(&mut self.role, &src.role),
                MergeField::Location => take(&mut self.location, &src.location),
                MergeField::MetHow => take(&mut self.met_how, &src.met_how),
                MergeField::MetOn => take(&mut self.met_on, &src.met_on),
                MergeField::ConnectedOn => take(&mut self.connected_on, &src.connected_on),
                MergeField::Circle => take(&mut self.circle, &src.circle),
                MergeField::Cadence => take(&mut self.cadence_days, &src.cadence_days),
            }
        }
    }

    /// The value of `field` as text, for saying what a merge changes.
    pub fn field_text(&self, field: MergeField) -> Option<String> {
        fn text<T: ToString>(v: &Option<T>) -> Option<String> {
            v.as_ref().map(ToString::to_string)
        }
        match field {
            MergeField::Name => Some(self.name.clone()),
            MergeField::Nickname => self.nickname.clone(),
            MergeField::Company => self.company.clone(),
            MergeField::Department => self.department.clone(),
            MergeField::Role => self.role.clone(),
            MergeField::Location => self.location.clone(),
            MergeField::MetHow => self.met_how.clone(),
            MergeField::MetOn => text(&self.met_on),
            MergeField::ConnectedOn => text(&self.connected_on),
            MergeField::Circle => text(&self.circle),
            MergeField::Cadence => self.cadence_days.map(|d| format!("every {d} days")),
        }
    }

    /// Undoes a merge ([`ContactInput::merge_from`] and [`ContactInput::take_fields`]), which
    /// records the two contacts but not the result, where it still shows: of what `other` brought into a contact that was `before`, each field `self` still
    /// holds exactly as `other` had it (and `before` did not) goes back to what `before` had,
    /// and each channel, tag, interest, date, title and address only `other` had is removed.
    /// A value edited since the merge is the user's and stays.
    pub fn take_back(&mut self, before: &ContactInput, other: &ContactInput) {
        fn back<T: Clone + PartialEq>(now: &mut Option<T>, was: &Option<T>, theirs: &Option<T>) {
            if now.is_some() && now == theirs && was != theirs {
                now.clone_from(was);
            }
        }
        if self.name == other.name && before.name != other.name {
            self.name.clone_from(&before.name);
            self.name_parts = before.name_parts.clone();
        }
        back(&mut self.company, &before.company, &other.company);
        back(&mut self.role, &before.role, &other.role);
        back(&mut self.location, &before.location, &other.location);
        back(&mut self.met_how, &before.met_how, &other.met_how);
        back(&mut self.nickname, &before.nickname, &other.nickname);
        back(&mut self.department, &before.department, &other.department);
        let (now, was, theirs) = (&mut self.name_parts, &before.name_parts, &other.name_parts);
        back(&mut now.prefix, &was.prefix, &theirs.prefix);
        back(&mut now.given, &was.given, &theirs.given);
        back(&mut now.additional, &was.additional, &theirs.additional);
        back(&mut now.family, &was.family, &theirs.family);
        back(&mut now.suffix, &was.suffix, &theirs.suffix);
        back(&mut self.met_on, &before.met_on, &other.met_on);
        back(
            &mut self.connected_on,
            &before.connected_on,
            &other.connected_on,
        );
        back(&mut self.circle, &before.circle, &other.circle);
        back(
            &mut self.cadence_days,
            &before.cadence_days,
            &other.cadence_days,
        );
        let theirs = other.notes.trim();
        if !theirs.is_empty() && !before.notes.contains(theirs) {
            if let Some(kept) = self.notes.strip_suffix(theirs) {
                self.notes = kept.trim_end().to_owned();
            }
        }
        self.take_back_lists(before, other);
    }

    /// Undoes a change recorded as the contact `before` and `after` it (an import): each
    /// field that still holds exactly what the change left goes back to what it was — filled,
    /// replaced or emptied (a job change to a record with no role) — and each list item the
    /// change added is removed. A value edited since the change is the user's and stays.
    pub fn undo_change(&mut self, before: &ContactInput, after: &ContactInput) {
        fn back<T: Clone + PartialEq>(now: &mut T, was: &T, left: &T) {
            if now == left && was != left {
                now.clone_from(was);
            }
        }
        back(&mut self.name, &before.name, &after.name);
        back(&mut self.company, &before.company, &after.company);
        back(&mut self.role, &before.role, &after.role);
        back(&mut self.location, &before.location, &after.location);
        back(&mut self.met_how, &before.met_how, &after.met_how);
        back(&mut self.met_on, &before.met_on, &after.met_on);
        back(&mut self.circle, &before.circle, &after.circle);
        back(
            &mut self.cadence_days,
            &before.cadence_days,
            &after.cadence_days,
        );
        back(&mut self.notes, &before.notes, &after.notes);
        back(&mut self.nickname, &before.nickname, &after.nickname);
        back(&mut self.department, &before.department, &after.department);
        back(
            &mut self.connected_on,
            &before.connected_on,
            &after.connected_on,
        );
        let (now, was, left) = (&mut self.name_parts, &before.name_parts, &after.name_parts);
        back(&mut now.prefix, &was.prefix, &left.prefix);
        back(&mut now.given, &was.given, &left.given);
        back(&mut now.additional, &was.additional, &left.additional);
        back(&mut now.family, &was.family, &left.family);
        back(&mut now.suffix, &was.suffix, &left.suffix);
        fn added<T: PartialEq>(list: &mut Vec<T>, before: &[T], after: &[T]) {
            list.retain(|x| before.contains(x) || !after.contains(x));
        }
        added(&mut self.channels, &before.channels, &after.channels);
        added(&mut self.tags, &before.tags, &after.tags);
        added(&mut self.interests, &before.interests, &after.interests);
        added(&mut self.dates, &before.dates, &after.dates);
        added(&mut self.titles, &before.titles, &after.titles);
        added(&mut self.addresses, &before.addresses, &after.addresses);
        added(&mut self.past_jobs, &before.past_jobs, &after.past_jobs);
    }

    fn take_back_lists(&mut self, before: &ContactInput, other: &ContactInput) {
        let brought = |ch: &Channel| {
            other.channels.iter().any(|o| o.same_address(ch))
                && !before.channels.iter().any(|b| b.same_address(ch))
        };
        self.channels.retain(|ch| !brought(ch));
        let word_brought = |list_before: &[String], list_other: &[String], v: &String| {
            let same = |x: &String| x.to_lowercase() == v.to_lowercase();
            list_other.iter().any(same) && !list_before.iter().any(same)
        };
        self.tags
            .retain(|t| !word_brought(&before.tags, &other.tags, t));
        self.interests
            .retain(|i| !word_brought(&before.interests, &other.interests, i));
        fn kept<T: PartialEq>(list: &mut Vec<T>, before: &[T], other: &[T]) {
            list.retain(|x| before.contains(x) || !other.contains(x));
        }
        kept(&mut self.dates, &before.dates, &other.dates);
        kept(&mut self.titles, &before.titles, &other.titles);
        kept(&mut self.addresses, &before.addresses, &other.addresses);
        kept(&mut self.past_jobs, &before.past_jobs, &other.past_jobs);
    }
}

/// Adds the words of `src` that `dst` lacks (ignoring case), each noted as "`what` word".
fn add_words(dst: &mut Vec<String>, src: &[String], what: &str, changes: &mut Vec<String>) {
    for word in src {
        if !dst.iter().any(|d| d.to_lowercase() == word.to_lowercase()) {
            dst.push(word.clone());
            changes.push(format!("{what} {word}"));
        }
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
