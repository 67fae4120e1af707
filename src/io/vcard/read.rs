//! One card's properties to one contact: what each property means, in named steps.

use std::collections::HashMap;

use base64::Engine;
use chrono::NaiveDate;

use super::lex::{Prop, RawCard};
use super::value::{FileText, Value, Version};
use super::{ab_label, label_of, parse_vcard_date, shorten};
use crate::io::text::one_line;
use crate::io::{Incoming, Skipped, PHOTO_MAX_BYTES};
use crate::model::{
    Address, Channel, ChannelKind, ContactInput, ImportantDate, NameParts, PastJob, Photo, Title,
    TitleKind,
};
use crate::validate::{LINE_MAX_CHARS, NAME_MAX_CHARS, TAG_MAX_CHARS};

/// Properties that say nothing about the person (bookkeeping of the file or the app that
/// wrote it), or that are read as part of another: passed over without a word.
const QUIET: [&str; 13] = [
    "VERSION",
    "PRODID",
    "REV",
    "UID",
    "X-ABUID",
    "X-ABLABEL",
    "CLIENTPIDMAP",
    "NAME",
    "PROFILE",
    "SOURCE",
    "SORT-STRING",
    "X-ABSHOWAS",
    "X-APPLE-OMIT-YEAR",
];

/// Reads a card, step by step, into a contact.
struct Reader<'a> {
    card: &'a RawCard,
    file: &'a FileText,
    version: Version,
    /// `X-ABLabel` of each group: `Some("")` means "no label".
    group_labels: HashMap<String, String>,
    has_title: bool,
    has_adr: bool,
    c: ContactInput,
    n_name: Option<String>,
    org_name: Option<String>,
    role_taken: bool,
    location: Option<Option<String>>,
    photo: Option<Photo>,
    notes: Vec<String>,
    /// (field, reason) of what was left out, reported under the card's line.
    warnings: Vec<(String, String)>,
}

/// The contact a card holds, or `None` (reported) when it has no name at all.
pub(super) fn card_to_incoming(
    card: &RawCard,
    file: &FileText,
    skipped: &mut Vec<Skipped>,
) -> Option<Incoming> {
    let mut r = Reader::new(card, file);
    for p in &card.props {
        r.read(p);
    }
    r.finish(skipped)
}

impl<'a> Reader<'a> {
    fn new(card: &'a RawCard, file: &'a FileText) -> Self {
        let version = card
            .props
            .iter()
            .find(|p| p.name == "VERSION")
            .map(|p| Version::of(&String::from_utf8_lossy(&p.value)))
            .unwrap_or_default();
        let mut r = Self {
            card,
            file,
            version,
            group_labels: HashMap::new(),
            has_title: card.props.iter().any(|p| p.name == "TITLE"),
            has_adr: card.props.iter().any(|p| p.name == "ADR"),
            c: ContactInput::default(),
            n_name: None,
            org_name: None,
            role_taken: false,
            location: None,
            photo: None,
            notes: Vec::new(),
            warnings: Vec::new(),
        };
        for p in card.props.iter().filter(|p| p.name == "X-ABLABEL") {
            if let Some(g) = &p.group {
                let label = ab_label(&r.value(p).text());
                r.group_labels.entry(g.clone()).or_insert(label);
            }
        }
        r
    }

    fn value<'p>(&self, p: &'p Prop) -> Value<'p>
    where
        'a: 'p,
    {
        Value {
            prop: p,
            version: self.version,
            file: self.file,
        }
    }

    fn warn(&mut self, field: &str, reason: impl Into<String>) {
        self.warnings.push((field.to_owned(), reason.into()));
    }

    /// One property: which step reads it.
    fn read(&mut self, p: &Prop) {
        match p.name.as_str() {
            "FN" | "N" | "NICKNAME" => self.name(p),
            "ORG" | "TITLE" | "ROLE" => self.work(p),
            "EMAIL" | "TEL" | "URL" | "X-SOCIALPROFILE" | "IMPP" => self.channel(p),
            "ADR" | "LABEL" | "X-KITH-LOCATION" => self.address(p),
            "BDAY" | "ANNIVERSARY" | "X-ANNIVERSARY" | "X-ABDATE" | "X-KITH-DATE" => self.date(p),
            "PHOTO" => self.photo(p),
            "NOTE" | "CATEGORIES" => self.text(p),
            "KIND" if self.value(p).text().trim().eq_ignore_ascii_case("individual") => {}
            "AGENT" => self.warn(
                "AGENT",
                "an embedded card (the contact's agent or assistant) is not a contact of its own: left out",
            ),
            name if name.starts_with("X-KITH-") && self.kith(p) => {}
            name if QUIET.contains(&name) => {}
            name => {
                if !self.warnings.iter().any(|(f, _)| f == name) {
                    self.warn(name, "Kith does not keep this: left out");
                }
            }
        }
    }

    /// A value of at most `max` characters, or `None` (reported) when it is longer.
    fn fit(&mut self, field: &str, value: String, max: usize) -> Option<String> {
        let value = one_line(&value);
        let chars = value.chars().count();
        if value.is_empty() {
            None
        } else if chars > max {
            self.warn(
                field,
                format!("{chars} characters is too long (at most {max}): left out"),
            );
            None
        } else {
            Some(value)
        }
    }

    /// `FN`, `N`, `NICKNAME`.
    fn name(&mut self, p: &Prop) {
        let v = self.value(p);
        match p.name.as_str() {
            "FN" if self.c.name.is_empty() => self.c.name = one_line(&v.text()),
            "N" if self.n_name.is_none() => {
                let parts: Vec<String> = v
                    .component_lists()
                    .into_iter()
                    .map(|items| items.join(", "))
                    .collect();
                let get = |i: usize| parts.get(i).cloned().unwrap_or_default();
                let name = [get(3), get(1), get(2), get(0), get(4)]
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(" ");
                self.n_name = Some(name);
                if v.has_param("X-KITH-FROM-FN") {
                    return;
                }
                self.c.name_parts = NameParts {
                    family: self.fit("N", get(0), NAME_MAX_CHARS),
                    given: self.fit("N", get(1), NAME_MAX_CHARS),
                    additional: self.fit("N", get(2), NAME_MAX_CHARS),
                    prefix: self.fit("N", get(3), NAME_MAX_CHARS),
                    suffix: self.fit("N", get(4), NAME_MAX_CHARS),
                };
            }
            "NICKNAME" => {
                let mut all: Vec<String> = self.c.nickname.iter().cloned().collect();
                all.extend(v.list());
                self.c.nickname = self.fit("NICKNAME", all.join(", "), NAME_MAX_CHARS);
            }
            _ => self.warn(&p.name, "a second one: left out (the first is kept)"),
        }
    }

    /// `ORG` (company; department), `TITLE`, `ROLE`.
    fn work(&mut self, p: &Prop) {
        let v = self.value(p);
        match p.name.as_str() {
            "ORG" if self.org_name.is_none() => {
                let units: Vec<String> = v.components().iter().map(|u| one_line(u)).collect();
                let company = units.first().cloned().unwrap_or_default();
                let rest: Vec<&str> = units
                    .iter()
                    .skip(1)
                    .map(String::as_str)
                    .filter(|u| !u.is_empty())
                    .collect();
                self.org_name = Some(company.clone());
                self.c.company = Some(company).filter(|s| !s.is_empty());
                self.c.department = self.fit("ORG", rest.join(", "), NAME_MAX_CHARS);
            }
            "ORG" => self.warn("ORG", "a second organisation: left out (the first is kept)"),
            "TITLE" | "ROLE" => {
                let text = one_line(&v.text());
                // The first TITLE is the role (an empty one says "no role"); without any
                // TITLE, the first ROLE is.
                let takes_role = !self.role_taken && (p.name == "TITLE" || !self.has_title);
                if takes_role {
                    self.role_taken = true;
                    self.c.role = Some(text).filter(|s| !s.is_empty());
                    return;
                }
                let kind = if p.name == "TITLE" {
                    TitleKind::Title
                } else {
                    TitleKind::Role
                };
                if let Some(value) = self.fit(&p.name, text, NAME_MAX_CHARS) {
                    self.c.titles.push(Title { kind, value });
                }
            }
            _ => {}
        }
    }

    /// The label of a grouped property: its group's `X-ABLabel`, `Some(None)` when that is
    /// empty (written by Kith for "no label"), `None` when there is none.
    fn group_label(&self, p: &Prop) -> Option<Option<String>> {
        let label = self.group_labels.get(p.group.as_ref()?)?;
        Some(Some(label.clone()).filter(|l| !l.is_empty()))
    }

    /// A label and types: the group's label, else the one the types imply; the types as
    /// written (none when Kith wrote them only to carry the label).
    fn label_and_types(&mut self, p: &Prop) -> (Option<String>, Vec<String>) {
        let v = self.value(p);
        let mut types = v.types();
        let label = match self.group_label(p) {
            Some(l) => l,
            None => label_of(&types),
        };
        if v.has_param("X-KITH-UNTYPED") {
            types.clear();
        }
        types.retain(|t| t.chars().count() <= TAG_MAX_CHARS);
        types.truncate(20);
        (label, types)
    }

    /// `EMAIL`, `TEL`, `URL`, and `X-SOCIALPROFILE` / `IMPP` when they are web links.
    fn channel(&mut self, p: &Prop) {
        let v = self.value(p);
        let mut value = one_line(&v.text());
        let kind = match p.name.as_str() {
            "EMAIL" => ChannelKind::Email,
            "TEL" => ChannelKind::Phone,
            _ => ChannelKind::Link,
        };
        if kind == ChannelKind::Phone {
            value = strip_scheme(&value, "tel:");
        }
        if kind == ChannelKind::Email {
            value = strip_scheme(&value, "mailto:");
        }
        if value.is_empty() {
            return;
        }
        let social = matches!(p.name.as_str(), "X-SOCIALPROFILE" | "IMPP");
        let web = value.to_ascii_lowercase();
        if social && !(web.starts_with("http://") || web.starts_with("https://")) {
            self.warn(
                &p.name,
                format!(
                    "\"{}\" is not a web link (Kith keeps web links only): left out",
                    shorten(&value, 60)
                ),
            );
            return;
        }
        let (mut label, types) = self.label_and_types(p);
        if social && label.is_none() {
            label = types.iter().find(|t| *t != "pref").cloned();
        }
        self.c.channels.push(Channel {
            kind,
            label,
            value,
            types,
        });
    }

    /// `ADR` (an address; the first one is also the location), a 2.1/3.0 `LABEL` on a card
    /// with no `ADR`, and Kith's own location.
    fn address(&mut self, p: &Prop) {
        let v = self.value(p);
        match p.name.as_str() {
            "X-KITH-LOCATION" => {
                self.location = Some(Some(one_line(&v.text())).filter(|s| !s.is_empty()));
            }
            "ADR" if v.has_param("X-KITH-LOCATION") => {
                let loc = v
                    .components()
                    .get(3)
                    .map(|s| one_line(s))
                    .unwrap_or_default();
                self.location = Some(Some(loc).filter(|s| !s.is_empty()));
            }
            "ADR" => {
                let parts: Vec<String> = v.components().iter().map(|s| lines(s)).collect();
                self.push_address(p, &parts);
            }
            _ if !self.has_adr => {
                let text = lines(&v.text());
                self.push_address(p, &[String::new(), String::new(), text]);
            }
            _ => {}
        }
    }

    fn push_address(&mut self, p: &Prop, parts: &[String]) {
        let mut part = |i: usize| {
            let s = parts.get(i).cloned().unwrap_or_default();
            self.fit("ADR", s, LINE_MAX_CHARS)
        };
        let mut a = Address {
            po_box: part(0),
            extended: part(1),
            street: part(2),
            locality: part(3),
            region: part(4),
            postcode: part(5),
            country: part(6),
            ..Address::default()
        };
        if a.is_empty() {
            return;
        }
        let (mut label, types) = self.label_and_types(p);
        if label.is_none() && self.group_label(p).is_none() {
            // A short 4.0 LABEL parameter is a name ("Summer house"), a long one the
            // address formatted for an envelope (the parts hold it).
            label = self
                .value(p)
                .param("LABEL")
                .into_iter()
                .map(|l| one_line(&l))
                .find(|l| !l.is_empty() && !l.contains('\n') && l.chars().count() <= 40);
        }
        a.label = label.filter(|l| l.chars().count() <= TAG_MAX_CHARS);
        a.types = types;
        if self.c.addresses.is_empty() {
            self.c.location = location_of(&a);
        }
        self.c.addresses.push(a);
    }

    /// `NOTE` (several are joined) and `CATEGORIES` (tags).
    fn text(&mut self, p: &Prop) {
        let v = self.value(p);
        if p.name == "NOTE" {
            let t = v.text().replace("\r\n", "\n");
            if !t.trim().is_empty() {
                self.notes.push(t.trim().to_owned());
            }
            return;
        }
        for tag in v.list() {
            if !tag.eq_ignore_ascii_case("myContacts") {
                self.c.tags.push(tag);
            }
        }
    }

    /// Birthdays, anniversaries, Apple's labelled dates and Kith's own.
    fn date(&mut self, p: &Prop) {
        let v = self.value(p);
        let omit = v
            .param("X-APPLE-OMIT-YEAR")
            .first()
            .and_then(|y| y.parse().ok());
        let value = v.text();
        let label = match p.name.as_str() {
            "BDAY" => "birthday".to_owned(),
            "X-KITH-DATE" => v.param("LABEL").first().cloned().unwrap_or_default(),
            "X-ABDATE" => self
                .group_label(p)
                .flatten()
                .unwrap_or_else(|| "date".into()),
            _ => "anniversary".to_owned(),
        };
        let recurring = p.name != "X-KITH-DATE"
            || v.param("RECURRING")
                .first()
                .is_some_and(|r| r.eq_ignore_ascii_case("yes"));
        match parse_vcard_date(&value, omit) {
            Some((year, month, day)) => self.c.dates.push(ImportantDate {
                label: if label.is_empty() {
                    "date".into()
                } else {
                    label
                },
                year,
                month,
                day,
                recurring: recurring || year.is_none(),
            }),
            None if value.trim().is_empty() => {}
            None => self.warn(
                &p.name,
                format!("\"{}\" is not a date: left out", shorten(value.trim(), 40)),
            ),
        }
    }

    fn photo(&mut self, p: &Prop) {
        if self.photo.is_some() {
            self.warn("PHOTO", "a second photo: left out (the first is kept)");
            return;
        }
        match read_photo(&self.value(p)) {
            Ok(found) => self.photo = found,
            Err(reason) => self.warn("PHOTO", reason),
        }
    }

    /// Kith's own properties; false for one it does not know.
    fn kith(&mut self, p: &Prop) -> bool {
        let text = self.value(p).text();
        let day = || NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok();
        match p.name.as_str() {
            "X-KITH-CIRCLE" => self.c.circle = text.trim().to_lowercase().parse().ok(),
            "X-KITH-CADENCE" => self.c.cadence_days = text.trim().parse().ok(),
            "X-KITH-MET-HOW" => self.c.met_how = Some(one_line(&text)).filter(|s| !s.is_empty()),
            "X-KITH-MET-ON" => self.c.met_on = day(),
            "X-KITH-CONNECTED-ON" => self.c.connected_on = day(),
            "X-KITH-INTEREST" => {
                let list = self.value(p).list();
                self.c.interests.extend(list);
            }
            "X-KITH-PAST-JOB" => {
                let parts = self.value(p).components();
                let part = |i: usize| parts.get(i).map(|s| one_line(s)).filter(|s| !s.is_empty());
                if let Some(company) = part(0) {
                    self.c.past_jobs.push(PastJob {
                        company,
                        role: part(1),
                        until: part(2).and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()),
                    });
                }
            }
            _ => return false,
        }
        true
    }

    /// The name (from `FN`, else `N`, `ORG` or an email), and what was left out.
    fn finish(mut self, skipped: &mut Vec<Skipped>) -> Option<Incoming> {
        let line = self.card.line;
        if self.c.name.is_empty() {
            let email = self
                .c
                .channels
                .iter()
                .find(|ch| ch.kind == ChannelKind::Email)
                .map(|ch| ch.value.clone());
            self.c.name = self
                .n_name
                .take()
                .filter(|n| !n.is_empty())
                .or(self.org_name.take().filter(|n| !n.is_empty()))
                .or(email)
                .unwrap_or_default();
        }
        if let Some(loc) = self.location.take() {
            self.c.location = loc;
        }
        if self.c.name.is_empty() {
            skipped.push(Skipped::field(
                line,
                "FN",
                None,
                "the card has no name, company or email address: skipped",
            ));
            return None;
        }
        let name = self.c.name.clone();
        for (field, reason) in self.warnings {
            skipped.push(Skipped::field(line, &field, Some(&name), reason));
        }
        self.c.notes = self.notes.join("\n\n");
        Some(Incoming {
            line,
            contact: self.c,
            photo: self.photo,
        })
    }
}

fn strip_scheme(value: &str, scheme: &str) -> String {
    match value.get(..scheme.len()) {
        Some(head) if head.eq_ignore_ascii_case(scheme) => value[scheme.len()..].to_owned(),
        _ => value.to_owned(),
    }
}

/// A part of an address that may span lines (a street), as one line.
fn lines(s: &str) -> String {
    s.lines()
        .map(one_line)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The location shown for an address: locality, region, country; else its street.
pub(super) fn location_of(a: &Address) -> Option<String> {
    let place: Vec<&str> = [&a.locality, &a.region, &a.country]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect();
    if place.is_empty() {
        a.street.clone()
    } else {
        Some(place.join(", "))
    }
}

/// An inline photo (a link to one is not fetched), or why it was left out.
fn read_photo(v: &Value<'_>) -> Result<Option<Photo>, String> {
    let value = v.raw();
    let value = value.trim();
    let (mime, data) = if let Some(rest) = value.strip_prefix("data:") {
        let Some((meta, data)) = rest.split_once(',') else {
            return Err("the photo's data: link has no data: left out".into());
        };
        if !meta.to_ascii_lowercase().ends_with(";base64") {
            return Err("the photo is not base64 data: left out".into());
        }
        (meta[..meta.len() - 7].to_ascii_lowercase(), data)
    } else {
        if !v.is_base64() {
            return Err("the photo is a link, not a picture in the card: left out".into());
        }
        let kind = v
            .types()
            .into_iter()
            .chain(v.param("MEDIATYPE"))
            .map(|t| {
                t.to_ascii_lowercase()
                    .trim_start_matches("image/")
                    .to_owned()
            })
            .find(|t| matches!(t.as_str(), "jpeg" | "jpg" | "png" | "gif" | "bmp" | "webp"))
            .unwrap_or_else(|| "jpeg".into());
        let kind = if kind == "jpg" { "jpeg".into() } else { kind };
        (format!("image/{kind}"), value)
    };
    decode_photo(mime, data)
}

fn decode_photo(mime: String, data: &str) -> Result<Option<Photo>, String> {
    let too_big = |n: usize| {
        format!(
            "the photo is {:.1} MB; photos of up to {} MB are kept: left out",
            n as f64 / 1_048_576.0,
            PHOTO_MAX_BYTES / 1_048_576
        )
    };
    let approx = data.len() / 4 * 3;
    if approx > PHOTO_MAX_BYTES + 3 {
        return Err(too_big(approx));
    }
    // Padding is ignored, whatever its length: BlackBerry writes one `=` too many.
    let clean: String = data.chars().filter(|c| !c.is_whitespace()).collect();
    let clean = clean.trim_end_matches('=');
    let engine = base64::engine::GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        base64::engine::GeneralPurposeConfig::new()
            .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent)
            .with_decode_allow_trailing_bits(true),
    );
    match engine.decode(clean.as_bytes()) {
        Ok(bytes) if bytes.is_empty() => Ok(None),
        Ok(bytes) if bytes.len() > PHOTO_MAX_BYTES => Err(too_big(bytes.len())),
        Ok(bytes) => Ok(Some(Photo { mime, data: bytes })),
        Err(_) => Err("the photo is not valid base64: left out".into()),
    }
}
