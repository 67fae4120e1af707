//! Mail as Kith reads it: the headers of each message, and its body only for a source whose
//! text the person keeps ([`body_text`], from the body's first [`BODY_CAP`] bytes). Mailboxes
//! can be many gigabytes, so an mbox is streamed ([`mbox`]) in constant memory — a message's
//! body is skipped line by line (or kept up to the cap) and its headers are capped — and each
//! message says where it starts,
//! so that a later read can resume after the last byte it saw. A Maildir message is one file
//! ([`maildir`]). The headers are parsed by `mail-parser` (RFC 2047 names in any charset,
//! groups, several `To` headers, dates in every shape it knows); this module keeps what
//! capture needs: who wrote to whom, when, in which thread, and whether a person or a machine
//! sent it.
//!
//! Formats only: nothing here reads the database or decides which contact an address is.

pub mod maildir;
pub mod mbox;

use std::hash::{DefaultHasher, Hash, Hasher};

use chrono::{DateTime, Utc};
use mail_parser::{Address, HeaderValue, MessageParser};

/// One address of a header, as written: the display name (decoded) and the address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailAddress {
    pub name: Option<String>,
    /// As written (case kept); compare through `identity::normalize`.
    pub email: String,
}

/// What Kith keeps of one message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailHeaders {
    /// `Message-ID` without its angle brackets, else a hash of the headers (`hash:…`): the
    /// key that makes reading the same message twice create nothing twice.
    pub key: String,
    /// `Date`, else the date of the mbox separator line (`date_from_envelope`).
    pub date: Option<DateTime<Utc>>,
    pub date_from_envelope: bool,
    pub from: Vec<MailAddress>,
    pub to: Vec<MailAddress>,
    pub cc: Vec<MailAddress>,
    /// Kept in the copies of messages the user sent (their Sent folder).
    pub bcc: Vec<MailAddress>,
    pub subject: Option<String>,
    /// The thread: `In-Reply-To` and `References` ids, oldest first, without brackets.
    pub references: Vec<String>,
    /// Why this is not a person writing (a list, a bulk or automatic sender), if it is not.
    pub machine: Option<String>,
    /// Gmail Takeout's `X-Gmail-Labels`.
    pub labels: Vec<String>,
    /// What the message says ([`body_text`]), for a source whose text the person keeps.
    pub text: Option<String>,
}

/// The most of a message body read, and of its text kept.
pub const BODY_CAP: usize = 64 * 1024;
pub const TEXT_MAX_CHARS: usize = 10_000;

/// What a message says, from its header block and the first bytes of its body: the plain
/// text part (or the HTML one as text), without the lines it quotes (`>`), at most
/// [`TEXT_MAX_CHARS`] characters; `None` when it says nothing.
pub fn body_text(headers: &[u8], body: &[u8]) -> Option<String> {
    let mut raw = Vec::with_capacity(headers.len() + body.len() + 2);
    raw.extend_from_slice(headers);
    raw.extend_from_slice(b"\r\n");
    raw.extend_from_slice(body);
    let message = MessageParser::default().parse(&raw)?;
    let text = message.body_text(0)?;
    let kept: Vec<&str> = text
        .lines()
        .map(str::trim_end)
        .filter(|l| !l.starts_with('>'))
        .collect();
    let joined = kept.join("\n");
    let trimmed = joined.trim();
    if trimmed.is_empty() {
        return None;
    }
    Some(trimmed.chars().take(TEXT_MAX_CHARS).collect())
}

/// Senders whose local part says nobody reads replies.
fn is_no_reply(email: &str) -> bool {
    let local = email
        .split('@')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase()
        .replace(['-', '_', '.'], "");
    matches!(
        local.as_str(),
        "noreply" | "donotreply" | "mailerdaemon" | "postmaster" | "bounce" | "bounces"
    ) || local.starts_with("noreply")
        || local.starts_with("donotreply")
}

fn addresses(value: Option<&Address<'_>>) -> Vec<MailAddress> {
    value
        .map(|a| {
            a.iter()
                .filter_map(|addr| {
                    let email = addr.address.as_deref()?.trim();
                    (!email.is_empty()).then(|| MailAddress {
                        name: addr
                            .name
                            .as_deref()
                            .map(|n| crate::io::text::one_line(n.trim().trim_matches('"')))
                            .filter(|n| !n.is_empty()),
                        email: email.to_owned(),
                    })
                })
                .collect()
        })
        .unwrap_or_default()
}

fn ids(value: &HeaderValue<'_>) -> Vec<String> {
    match value {
        HeaderValue::Text(t) => vec![t.trim().to_owned()],
        HeaderValue::TextList(list) => list.iter().map(|t| t.trim().to_owned()).collect(),
        _ => Vec::new(),
    }
    .into_iter()
    .map(|id| id.trim_matches(['<', '>']).to_owned())
    .filter(|id| !id.is_empty())
    .collect()
}

/// Why a message with these headers comes from a list or a machine, if it does.
fn machine(message: &mail_parser::Message<'_>, from: &[MailAddress]) -> Option<String> {
    let text = |name: &str| {
        message
            .header_raw(name)
            .map(|v| v.trim().to_ascii_lowercase())
    };
    if message.header_raw("List-Id").is_some() {
        return Some("a mailing list (List-Id)".into());
    }
    if message.header_raw("List-Unsubscribe").is_some() {
        return Some("a newsletter (List-Unsubscribe)".into());
    }
    if let Some(p) = text("Precedence") {
        if ["bulk", "list", "junk"].contains(&p.as_str()) {
            return Some(format!("bulk mail (Precedence: {p})"));
        }
    }
    if let Some(a) = text("Auto-Submitted") {
        if a != "no" {
            return Some(format!("sent automatically (Auto-Submitted: {a})"));
        }
    }
    from.iter()
        .find(|a| is_no_reply(&a.email))
        .map(|a| format!("a no-reply sender ({})", a.email))
}

/// Parses one message's header block (`raw`, up to the blank line). `envelope` is the date of
/// the mbox separator line, used when the message has no readable `Date`. `None` when the
/// bytes hold no header at all.
pub fn parse_headers(raw: &[u8], envelope: Option<DateTime<Utc>>) -> Option<MailHeaders> {
    let message = MessageParser::new().parse_headers(raw)?;
    if message.headers().is_empty() {
        return None;
    }
    let from = addresses(message.from());
    let date = message
        .date()
        .filter(|d| d.is_valid())
        .and_then(|d| DateTime::from_timestamp(d.to_timestamp(), 0));
    let mut references = ids(message.references());
    for id in ids(message.in_reply_to()) {
        if !references.contains(&id) {
            references.push(id);
        }
    }
    let key = match message
        .message_id()
        .map(str::trim)
        .filter(|id| !id.is_empty())
    {
        Some(id) => id.trim_matches(['<', '>']).to_owned(),
        None => {
            let mut h = DefaultHasher::new();
            raw.hash(&mut h);
            format!("hash:{:016x}", h.finish())
        }
    };
    let labels = message
        .header_raw("X-Gmail-Labels")
        .map(|l| {
            l.split(',')
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
                .collect()
        })
        .unwrap_or_default();
    Some(MailHeaders {
        key,
        date_from_envelope: date.is_none() && envelope.is_some(),
        date: date.or(envelope),
        machine: machine(&message, &from),
        to: addresses(message.to()),
        cc: addresses(message.cc()),
        bcc: addresses(message.bcc()),
        subject: message
            .subject()
            .map(|s| crate::io::text::one_line(s.trim()))
            .filter(|s| !s.is_empty()),
        from,
        references,
        labels,
        text: None,
    })
}

#[cfg(test)]
mod tests;
