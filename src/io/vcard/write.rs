//! One contact as a vCard 4.0, folded at 75 octets. What vCard has no place for goes into
//! `X-KITH-*` properties and parameters, so that an export imports back unchanged:
//! - `N;X-KITH-FROM-FN=yes` is a name split from `FN` for other apps, not parts the user has;
//! - `X-KITH-UNTYPED=yes` on a property says its `TYPE` only carries its label (a channel
//!   typed in Kith has a label and no types);
//! - an empty `X-ABLabel` says "no label" where the types would imply one;
//! - an empty `TITLE` says "no role" before the other titles;
//! - `ADR;X-KITH-LOCATION=yes` holds a location with no address, `X-KITH-LOCATION` a location
//!   that is not the first address's.

use base64::Engine;
use chrono::{DateTime, Datelike, Utc};

use super::label_of;
use super::read::location_of;
use crate::io::text::{escape_text, push_line};
use crate::model::{ChannelKind, Contact, ImportantDate, Photo, TitleKind};

/// Escapes a text value (RFC 6350 3.4); a carriage return is dropped.
fn escape(s: &str) -> String {
    escape_text(s, |c| c == '\r')
}

/// A parameter value, quoted when it holds a delimiter (RFC 6350 3.3; quotes, carets and
/// control characters cannot be written and are dropped).
fn param_value(s: &str) -> String {
    let s: String = s
        .chars()
        .filter(|c| !matches!(c, '"' | '^') && !c.is_control())
        .collect();
    if s.contains([';', ':', ',']) {
        format!("\"{s}\"")
    } else {
        s
    }
}

/// The `TYPE` a label stands for, for a channel or address that has no types of its own.
fn type_for_label(label: &str) -> Option<&'static str> {
    Some(match label {
        "mobile" => "cell",
        "work" => "work",
        "home" => "home",
        "fax" => "fax",
        "pager" => "pager",
        _ => return None,
    })
}

/// Numbers the groups (`item1`, `item2`...) of a card.
#[derive(Default)]
struct Groups(u32);

/// Writes `NAME;TYPE=...:value` with its label: implied by the types, or the group's
/// `X-ABLabel` (empty for "no label" when the types imply one).
fn labelled(
    out: &mut String,
    groups: &mut Groups,
    name: &str,
    (label, types): (Option<&str>, &[String]),
    value: &str,
) {
    let mut params = String::new();
    let untyped = types.is_empty();
    let types: Vec<String> = if untyped {
        label
            .and_then(type_for_label)
            .map(str::to_owned)
            .into_iter()
            .collect()
    } else {
        types.to_vec()
    };
    if !types.is_empty() {
        let list: Vec<String> = types.iter().map(|t| param_value(t)).collect();
        params.push_str(&format!(";TYPE={}", list.join(",")));
        if untyped {
            params.push_str(";X-KITH-UNTYPED=yes");
        }
    }
    if label_of(&types).as_deref() == label {
        push_line(out, &format!("{name}{params}:{value}"));
    } else {
        groups.0 += 1;
        let g = groups.0;
        push_line(out, &format!("item{g}.{name}{params}:{value}"));
        push_line(
            out,
            &format!("item{g}.X-ABLabel:{}", escape(label.unwrap_or(""))),
        );
    }
}

fn date_value(d: &ImportantDate) -> String {
    match d.year {
        Some(y) => format!("{y:04}{:02}{:02}", d.month, d.day),
        None => format!("--{:02}{:02}", d.month, d.day),
    }
}

fn opt(s: &Option<String>) -> String {
    s.as_deref().map(escape).unwrap_or_default()
}

/// `FN`, `N`, `NICKNAME`, `ORG`, `TITLE` and `ROLE`.
fn names(c: &Contact, out: &mut String) {
    push_line(out, &format!("FN:{}", escape(&c.name)));
    if c.name_parts.is_empty() {
        let (given, family) = c.name.rsplit_once(' ').unwrap_or((c.name.as_str(), ""));
        let n = format!("{};{};;;", escape(family), escape(given));
        push_line(out, &format!("N;X-KITH-FROM-FN=yes:{n}"));
    } else {
        let parts: Vec<String> = c.name_parts.parts().iter().map(|p| opt(p)).collect();
        push_line(out, &format!("N:{}", parts.join(";")));
    }
    if let Some(nick) = &c.nickname {
        push_line(out, &format!("NICKNAME:{}", escape(nick)));
    }
    match (&c.company, &c.department) {
        (company, Some(dept)) => {
            push_line(out, &format!("ORG:{};{}", opt(company), escape(dept)));
        }
        (Some(company), None) => push_line(out, &format!("ORG:{}", escape(company))),
        (None, None) => {}
    }
    if c.role.is_some() || !c.titles.is_empty() {
        push_line(out, &format!("TITLE:{}", opt(&c.role)));
    }
    for t in &c.titles {
        let name = match t.kind {
            TitleKind::Title => "TITLE",
            TitleKind::Role => "ROLE",
        };
        push_line(out, &format!("{name}:{}", escape(&t.value)));
    }
}

/// `ADR`s, and the location where it is not the first address's.
fn addresses(c: &Contact, groups: &mut Groups, out: &mut String) {
    for a in &c.addresses {
        let parts: Vec<String> = a.parts().iter().map(|p| opt(p)).collect();
        labelled(
            out,
            groups,
            "ADR",
            (a.label.as_deref(), &a.types),
            &parts.join(";"),
        );
    }
    let derived = c.addresses.first().and_then(location_of);
    if c.location == derived {
        return;
    }
    match (&c.location, c.addresses.is_empty()) {
        (Some(loc), true) => push_line(
            out,
            &format!("ADR;X-KITH-LOCATION=yes:;;;{};;;", escape(loc)),
        ),
        (loc, _) => push_line(out, &format!("X-KITH-LOCATION:{}", opt(loc))),
    }
}

/// One contact as a vCard 4.0.
pub fn write_card(c: &Contact, photo: Option<&Photo>, out: &mut String) {
    out.push_str("BEGIN:VCARD\r\nVERSION:4.0\r\n");
    names(c, out);
    let mut groups = Groups::default();
    for ch in &c.channels {
        let name = match ch.kind {
            ChannelKind::Email => "EMAIL",
            ChannelKind::Phone => "TEL",
            ChannelKind::Link => "URL",
        };
        let label = ch.label.as_deref();
        labelled(
            out,
            &mut groups,
            name,
            (label, &ch.types),
            &escape(&ch.value),
        );
    }
    addresses(c, &mut groups, out);
    for d in &c.dates {
        if d.label == "birthday" && d.recurring {
            push_line(out, &format!("BDAY:{}", date_value(d)));
        } else {
            let recurring = if d.recurring { "yes" } else { "no" };
            let label = param_value(&d.label);
            let value = date_value(d);
            push_line(
                out,
                &format!("X-KITH-DATE;LABEL={label};RECURRING={recurring}:{value}"),
            );
        }
    }
    if !c.tags.is_empty() {
        let tags: Vec<String> = c.tags.iter().map(|t| escape(t)).collect();
        push_line(out, &format!("CATEGORIES:{}", tags.join(",")));
    }
    if !c.notes.is_empty() {
        push_line(out, &format!("NOTE:{}", escape(&c.notes)));
    }
    kith(c, out);
    if let Some(p) = photo {
        let data = base64::engine::general_purpose::STANDARD.encode(&p.data);
        push_line(
            out,
            &format!("PHOTO:data:{};base64,{data}", param_value(&p.mime)),
        );
    }
    push_line(out, &format!("REV:{}", rev(c.updated_at)));
    out.push_str("END:VCARD\r\n");
}

/// Kith's own properties: circle, cadence, how and when you met, interests, past jobs.
fn kith(c: &Contact, out: &mut String) {
    if let Some(circle) = c.circle {
        push_line(out, &format!("X-KITH-CIRCLE:{circle}"));
    }
    if let Some(days) = c.cadence_days {
        push_line(out, &format!("X-KITH-CADENCE:{days}"));
    }
    if let Some(how) = &c.met_how {
        push_line(out, &format!("X-KITH-MET-HOW:{}", escape(how)));
    }
    if let Some(on) = c.met_on {
        push_line(out, &format!("X-KITH-MET-ON:{}", on.format("%Y-%m-%d")));
    }
    if let Some(on) = c.connected_on {
        let on = on.format("%Y-%m-%d");
        push_line(out, &format!("X-KITH-CONNECTED-ON:{on}"));
    }
    if !c.interests.is_empty() {
        let list: Vec<String> = c.interests.iter().map(|t| escape(t)).collect();
        push_line(out, &format!("X-KITH-INTEREST:{}", list.join(",")));
    }
    // Company; role; until (YYYY-MM-DD), newest first.
    for job in &c.past_jobs {
        let role = job.role.as_deref().map(escape).unwrap_or_default();
        let until = job.until.map(|d| d.to_string()).unwrap_or_default();
        let company = escape(&job.company);
        push_line(out, &format!("X-KITH-PAST-JOB:{company};{role};{until}"));
    }
}

fn rev(t: DateTime<Utc>) -> String {
    format!(
        "{:04}{:02}{:02}T{}Z",
        t.year(),
        t.month(),
        t.day(),
        t.format("%H%M%S")
    )
}
