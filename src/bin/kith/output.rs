//! The text forms of records, shared by the verbs. Dates and times are shown in this machine's
//! local time zone (the one `--at` reads), except a day logged without a time, which is
//! shown as the day it was logged for. One-line forms never contain a line break.

use chrono::{DateTime, Local, Utc};
use kith::model::{
    Ask, Channel, ChannelKind, ContactRef, ContactSummary, ImportantDate, Interaction, SearchHit,
};

/// `Ana Ruiz (CTO, Acme) <ana@acme.com>`: a name, what they do, and their main address.
pub fn describe(
    name: &str,
    role: Option<&str>,
    company: Option<&str>,
    email: Option<&str>,
) -> String {
    let mut s = name.to_owned();
    match (role, company) {
        (Some(r), Some(c)) => s.push_str(&format!(" ({r}, {c})")),
        (Some(x), None) | (None, Some(x)) => s.push_str(&format!(" ({x})")),
        (None, None) => {}
    }
    if let Some(e) = email {
        s.push_str(&format!(" <{e}>"));
    }
    s
}

/// The first email address among `channels`.
pub fn first_email(channels: &[Channel]) -> Option<&str> {
    channels
        .iter()
        .find(|c| c.kind == ChannelKind::Email)
        .map(|c| c.value.as_str())
}

/// One line of `kith contact list`: `    12  Ana Ruiz (Acme) <ana@acme.com>  [close]  #friend`.
pub fn summary_line(c: &ContactSummary) -> String {
    let mut s = format!(
        "{:>6}  {}",
        c.id,
        line(&describe(
            &c.name,
            c.role.as_deref(),
            c.company.as_deref(),
            c.email.as_deref()
        ))
    );
    if let Some(circle) = c.circle {
        s.push_str(&format!("  [{}]", circle));
    }
    if !c.tags.is_empty() {
        let tags: Vec<String> = c.tags.iter().map(|t| format!("#{}", line(t))).collect();
        s.push_str(&format!("  {}", tags.join(" ")));
    }
    if let Some(at) = c.last_interaction_at {
        s.push_str(&format!("  last contact {}", local_date(at)));
    }
    if let Some(h) = c.health {
        s.push_str(&format!("  health {h}"));
    }
    if c.archived {
        s.push_str("  (archived)");
    }
    s
}

pub fn local_date(t: DateTime<Utc>) -> String {
    t.with_timezone(&Local).format("%Y-%m-%d").to_string()
}

pub fn local_time(t: DateTime<Utc>) -> String {
    t.with_timezone(&Local).format("%Y-%m-%d %H:%M").to_string()
}

/// When an interaction happened: a local date and time, or just the day it was logged for.
pub fn when(i: &Interaction) -> String {
    if i.has_time {
        local_time(i.occurred_at)
    } else {
        i.occurred_at.format("%Y-%m-%d").to_string()
    }
}

/// An important date: `1990-05-14 (yearly)`, `05-14 (yearly)`, `2019-06-01`.
pub fn date(d: &ImportantDate) -> String {
    let day = match d.year {
        Some(y) => format!("{y:04}-{:02}-{:02}", d.month, d.day),
        None => format!("{:02}-{:02}", d.month, d.day),
    };
    if d.recurring {
        format!("{day} (yearly)")
    } else {
        day
    }
}

/// An interaction's headline: its summary, else the start of its notes.
pub fn headline(i: &Interaction) -> String {
    let text = if i.summary.is_empty() {
        i.notes.trim()
    } else {
        i.summary.as_str()
    };
    shorten(&line(text), 80)
}

/// One line of a timeline: `    40  2026-03-01 09:30  call  with Ana Ruiz, Bea: Talked about the move`.
pub fn interaction_line(i: &Interaction) -> String {
    let names: Vec<&str> = i.participants.iter().map(|p| p.name.as_str()).collect();
    format!(
        "{:>6}  {}  {}  with {}: {}",
        i.id,
        when(i),
        i.kind,
        line(&names.join(", ")),
        headline(i)
    )
}

/// One line of `kith ask list`: `     3  need   open    Ana Ruiz: a flat in Lisbon  (housing)`.
pub fn ask_line(a: &Ask) -> String {
    let mut s = format!(
        "{:>6}  {:<5}  {:<6}  {}",
        a.id,
        a.kind,
        a.status,
        said(&a.contact, &a.text)
    );
    if !a.interests.is_empty() {
        s.push_str(&format!("  ({})", line(&a.interests.join(", "))));
    }
    if let Some(by) = &a.helped_by {
        s.push_str(&format!("  helped by {}", line(&by.name)));
    }
    s
}

/// One line of `kith search`: `interaction     40  Ana Ruiz: …talked about [Lisbon]…`.
pub fn hit_line(h: &SearchHit) -> String {
    format!(
        "{:<11}  {:>6}  {}",
        h.kind,
        h.id,
        said(&h.contact, &h.snippet)
    )
}

/// `text` on one line: every run of whitespace (line breaks included) becomes one space, and
/// other control characters are dropped.
/// "Name: text" of something a contact said, needs or was promised, on one line.
pub fn said(contact: &ContactRef, text: &str) -> String {
    format!("{}: {}", line(&contact.name), line(text))
}

pub fn line(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .filter(|c| !c.is_control())
        .collect()
}

/// At most `max` characters of `text`, ending in `…` when cut.
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let mut s: String = text.chars().take(max.saturating_sub(1)).collect();
        s.push('…');
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describes_a_contact_in_one_line() {
        assert_eq!(describe("Ana", None, None, None), "Ana");
        assert_eq!(
            describe("Ana", Some("CTO"), Some("Acme"), Some("a@b.co")),
            "Ana (CTO, Acme) <a@b.co>"
        );
        assert_eq!(describe("Ana", None, Some("Acme"), None), "Ana (Acme)");
    }

    #[test]
    fn one_line_forms_have_no_line_breaks() {
        assert_eq!(line("a\n\n b\tc\u{7}"), "a b c");
        assert_eq!(shorten("abcdef", 4), "abc…");
        assert_eq!(shorten("李小龍", 3), "李小龍");
    }
}
