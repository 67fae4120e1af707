//! Bytes to cards, cards to content lines, content lines to properties.
//!
//! Works on the file's bytes, not on text decoded up front, so a `CHARSET` on one property
//! can be honoured even when the rest of the file is in another encoding. What it resolves:
//! - cards between `BEGIN:VCARD` and `END:VCARD`, also with a group prefix
//!   (`item1.BEGIN:VCARD`); a `BEGIN:VCARD` inside a card that is not an `AGENT`'s means
//!   the card before it was cut short;
//! - an `AGENT` holding a whole embedded card (2.1: the card's lines follow the `AGENT:`
//!   line) is passed over, so it never becomes a contact of its own;
//! - folded lines (a space or tab), quoted-printable soft line breaks (a value ending in
//!   `=`, the next line not indented), 2.1 base64 whose continuation lines are not indented
//!   (it ends at a blank line or at the next property);
//! - a line that is no property is reported with its line number and the rest of the card
//!   read; so is a property larger than [`super::MAX_PROPERTY_BYTES`].

use super::{MAX_CARD_BYTES, MAX_PROPERTY_BYTES};
use crate::io::Skipped;

/// One property: `group.NAME;PARAM=a,b:value`, its value still raw bytes.
#[derive(Debug, Clone)]
pub(super) struct Prop {
    /// The group, lowercase (`item1`).
    pub group: Option<String>,
    /// The name, uppercase (`TEL`).
    pub name: String,
    pub params: Vec<Param>,
    /// The value as written (escapes, quoted-printable and charset not yet resolved).
    pub value: Vec<u8>,
}

/// One parameter. A 2.1 bare parameter (`TEL;WORK;VOICE`) is read as `TYPE=WORK`, and a
/// bare `QUOTED-PRINTABLE` or `BASE64` as `ENCODING=...`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Param {
    /// Uppercase.
    pub name: String,
    /// Unquoted, split on `,`.
    pub values: Vec<String>,
}

/// One card's properties and where it starts.
#[derive(Debug, Default)]
pub(super) struct RawCard {
    pub line: u64,
    pub props: Vec<Prop>,
    /// False when the file (or the next card) began before this card's `END:VCARD`.
    pub complete: bool,
    /// Bytes of its content lines (those not left out as too large), for the card size
    /// limit.
    pub bytes: usize,
}

/// A physical line: its number and content without the line ending.
struct Physical<'a> {
    no: u64,
    text: &'a [u8],
}

/// The file's physical lines; a file with only `\r` line endings (classic Mac) is split on
/// `\r`.
fn physical_lines(bytes: &[u8]) -> impl Iterator<Item = Physical<'_>> {
    let sep = if !bytes.contains(&b'\n') && bytes.contains(&b'\r') {
        b'\r'
    } else {
        b'\n'
    };
    bytes.split(move |b| *b == sep).enumerate().map(|(i, l)| {
        let text = l.strip_suffix(b"\r").unwrap_or(l);
        Physical {
            no: i as u64 + 1,
            text,
        }
    })
}

fn trim(b: &[u8]) -> &[u8] {
    b.trim_ascii()
}

/// `BEGIN:VCARD` / `END:VCARD` (`which`), with or without a group prefix, any case.
fn is_envelope(line: &[u8], which: &[u8]) -> bool {
    let line = trim(line);
    let bare = match line.iter().position(|b| *b == b':') {
        Some(colon) => {
            let head = &line[..colon];
            let name = head
                .iter()
                .rposition(|b| *b == b'.')
                .map_or(head, |dot| &head[dot + 1..]);
            (name, trim(&line[colon + 1..]))
        }
        None => return false,
    };
    bare.0.eq_ignore_ascii_case(which) && bare.1.eq_ignore_ascii_case(b"VCARD")
}

/// How the content line being assembled continues on the next physical line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Plain,
    QuotedPrintable,
    Base64,
}

/// A content line being assembled from physical lines.
#[derive(Debug)]
struct Pending {
    line: u64,
    bytes: Vec<u8>,
    mode: Mode,
    /// Bytes it had in the file, kept or not (a property over the limit keeps none).
    size: usize,
    /// Its name as written, for a report when it is too large to keep.
    name: String,
}

fn head_of(bytes: &[u8]) -> &[u8] {
    let colon = value_colon(bytes).unwrap_or(bytes.len());
    &bytes[..colon]
}

fn mode_of(bytes: &[u8]) -> Mode {
    let head = head_of(bytes);
    let mut mode = Mode::Plain;
    for token in head.split(|b| *b == b';').skip(1) {
        let t = trim(token);
        let value = t
            .iter()
            .position(|b| *b == b'=')
            .map_or(t, |eq| &t[eq + 1..]);
        let value = trim(value).strip_prefix(b"\"").unwrap_or(value);
        let value = value.strip_suffix(b"\"").unwrap_or(value);
        if value.eq_ignore_ascii_case(b"QUOTED-PRINTABLE") {
            mode = Mode::QuotedPrintable;
        } else if value.eq_ignore_ascii_case(b"BASE64") || t.eq_ignore_ascii_case(b"ENCODING=B") {
            mode = Mode::Base64;
        }
    }
    mode
}

fn is_base64_text(b: &[u8]) -> bool {
    let t = trim(b);
    !t.is_empty()
        && t.iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'/' | b'=' | b' ' | b'\t'))
}

/// Splits the file into cards of properties; lines it cannot read are reported in
/// `skipped`.
pub(super) fn cards(bytes: &[u8], skipped: &mut Vec<Skipped>) -> Vec<RawCard> {
    let mut out = Vec::new();
    let mut card: Option<RawCard> = None;
    let mut pending: Option<Pending> = None;
    // Depth inside an AGENT's embedded card.
    let mut agent: Option<usize> = None;
    for phys in physical_lines(bytes) {
        if let Some(depth) = agent.as_mut() {
            if is_envelope(phys.text, b"BEGIN") {
                *depth += 1;
            } else if is_envelope(phys.text, b"END") {
                *depth -= 1;
                if *depth == 0 {
                    if let Some(c) = card.as_mut() {
                        c.props.push(embedded_agent());
                    }
                    agent = None;
                }
            }
            continue;
        }
        if is_envelope(phys.text, b"BEGIN") {
            if let Some(c) = card.as_mut() {
                if let Some(p) = pending.take() {
                    finish_line(p, c, skipped);
                }
                if c.props.last().is_some_and(is_bare_agent) {
                    c.props.pop();
                    agent = Some(1);
                    continue;
                }
            }
            if let Some(cut) = card.take() {
                out.push(cut);
            }
            card = Some(RawCard {
                line: phys.no,
                ..RawCard::default()
            });
            continue;
        }
        let Some(c) = card.as_mut() else {
            continue;
        };
        if is_envelope(phys.text, b"END") {
            if let Some(p) = pending.take() {
                finish_line(p, c, skipped);
            }
            c.complete = true;
            out.extend(card.take());
            continue;
        }
        feed(&phys, &mut pending, c, skipped);
    }
    if let Some(mut c) = card {
        if let Some(p) = pending.take() {
            finish_line(p, &mut c, skipped);
        }
        out.push(c);
    }
    out
}

/// Adds one physical line to the content line being assembled, or starts the next one.
fn feed(
    phys: &Physical<'_>,
    pending: &mut Option<Pending>,
    card: &mut RawCard,
    skipped: &mut Vec<Skipped>,
) {
    let text = phys.text;
    if let Some(p) = pending.as_mut() {
        let folded = text.first().is_some_and(|b| matches!(b, b' ' | b'\t'));
        let soft_break = p.mode == Mode::QuotedPrintable && p.bytes.ends_with(b"=");
        if soft_break && !trim(text).is_empty() {
            p.bytes.pop();
            let rest = if folded { &text[1..] } else { text };
            append(p, rest);
            return;
        }
        if folded && !trim(text).is_empty() {
            append(p, &text[1..]);
            return;
        }
        if p.mode == Mode::Base64 && value_colon(text).is_none() && is_base64_text(text) {
            append(p, trim(text));
            return;
        }
    }
    if let Some(p) = pending.take() {
        finish_line(p, card, skipped);
    }
    if trim(text).is_empty() {
        return;
    }
    let mut p = Pending {
        line: phys.no,
        bytes: Vec::new(),
        mode: mode_of(text),
        size: 0,
        name: String::from_utf8_lossy(head_of(&text[..text.len().min(256)]))
            .split(';')
            .next()
            .unwrap_or("")
            .rsplit('.')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_uppercase(),
    };
    append(&mut p, text);
    *pending = Some(p);
}

fn append(p: &mut Pending, more: &[u8]) {
    p.size += more.len();
    if p.size <= MAX_PROPERTY_BYTES {
        p.bytes.extend_from_slice(more);
    }
}

/// Tokenises an assembled content line into the card, or reports why it cannot be read.
fn finish_line(p: Pending, card: &mut RawCard, skipped: &mut Vec<Skipped>) {
    if p.size > MAX_PROPERTY_BYTES {
        skipped.push(Skipped::field(
            p.line,
            &super::shorten(&p.name, 40),
            None,
            format!(
                "{:.1} MB is too large to keep (the limit is {} MB for a property, 1 MB for a photo): left out",
                p.size as f64 / 1_048_576.0,
                MAX_PROPERTY_BYTES / 1_048_576
            ),
        ));
        return;
    }
    card.bytes += p.size;
    if card.bytes > MAX_CARD_BYTES {
        return;
    }
    match tokenise(&p.bytes) {
        Some(prop) => card.props.push(prop),
        None => {
            let text = String::from_utf8_lossy(&p.bytes);
            skipped.push(Skipped::field(
                p.line,
                "line",
                None,
                format!(
                    "\"{}\" is not a vCard property: ignored",
                    super::shorten(crate::io::text::one_line(&text).as_str(), 60)
                ),
            ));
        }
    }
}

/// A 2.1 `AGENT:` line whose embedded card follows on the next lines.
fn is_bare_agent(p: &Prop) -> bool {
    p.name == "AGENT" && trim(&p.value).is_empty()
}

/// What stands for an embedded agent card once it has been passed over.
fn embedded_agent() -> Prop {
    Prop {
        group: None,
        name: "AGENT".into(),
        params: vec![Param {
            name: "X-KITH-EMBEDDED".into(),
            values: vec!["yes".into()],
        }],
        value: Vec::new(),
    }
}

/// The `:` between a line's head and its value: the first one outside a quoted parameter
/// value (or the first one when quotes do not balance).
pub(super) fn value_colon(content: &[u8]) -> Option<usize> {
    let mut quoted = false;
    for (i, b) in content.iter().enumerate() {
        match b {
            b'"' => quoted = !quoted,
            b':' if !quoted => return Some(i),
            _ => {}
        }
    }
    content.iter().position(|b| *b == b':')
}

/// Splits `s` on `sep` outside double quotes.
fn split_unquoted(s: &str, sep: char) -> Vec<&str> {
    let mut out = Vec::new();
    let mut quoted = false;
    let mut start = 0;
    for (i, ch) in s.char_indices() {
        if ch == '"' {
            quoted = !quoted;
        } else if ch == sep && !quoted {
            out.push(&s[start..i]);
            start = i + 1;
        }
    }
    out.push(&s[start..]);
    out
}

fn unquote(s: &str) -> &str {
    let s = s.trim();
    s.strip_prefix('"')
        .and_then(|x| x.strip_suffix('"'))
        .unwrap_or(s)
}

fn is_name(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

const ENCODINGS: [&str; 6] = ["QUOTED-PRINTABLE", "BASE64", "B", "8BIT", "7BIT", "Q"];

/// One content line as a property, or `None` when it is not one (no `:`, or no valid name).
pub(super) fn tokenise(bytes: &[u8]) -> Option<Prop> {
    let colon = value_colon(bytes)?;
    let head = String::from_utf8_lossy(&bytes[..colon]);
    let mut parts = split_unquoted(head.trim(), ';').into_iter();
    let full = parts.next()?.trim();
    let (group, name) = match full.rsplit_once('.') {
        Some((g, n)) => (Some(g.trim().to_ascii_lowercase()), n.trim()),
        None => (None, full),
    };
    if !is_name(name)
        || group
            .as_deref()
            .is_some_and(|g| !is_name(g.rsplit('.').next().unwrap_or(g)))
    {
        return None;
    }
    let mut params = Vec::new();
    for raw in parts {
        let raw = raw.trim();
        if raw.is_empty() {
            continue;
        }
        let (pname, value) = match raw.split_once('=') {
            Some((n, v)) => (n.trim().to_ascii_uppercase(), v),
            None if ENCODINGS.iter().any(|e| raw.eq_ignore_ascii_case(e)) => {
                ("ENCODING".to_owned(), raw)
            }
            None => ("TYPE".to_owned(), raw),
        };
        let values = split_unquoted(value, ',')
            .into_iter()
            .map(|v| unquote(v).to_owned())
            .collect();
        params.push(Param {
            name: pname,
            values,
        });
    }
    Some(Prop {
        group,
        name: name.to_ascii_uppercase(),
        params,
        value: bytes[colon + 1..].to_vec(),
    })
}
