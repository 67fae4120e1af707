//! vCard in (2.1, 3.0, 4.0) and out (4.0).
//!
//! Reading works on the file's bytes in three steps:
//! - [`lex`] splits the file into cards and content lines (groups on any property, `BEGIN`
//!   and `END` included; folded lines, quoted-printable soft breaks, 2.1 base64 without
//!   indentation; an `AGENT`'s embedded card passed over), carrying on past any line it
//!   cannot read, which is reported with its line number;
//! - [`value`] turns a value into text: `;` components and `,` lists, backslash escapes by
//!   version, quoted-printable, and the property's `CHARSET` (Windows-125x, ISO-8859-x,
//!   KOI8-R, UTF-8...), else the file's own encoding (UTF-8, or the code page detected from
//!   the values that are not UTF-8, quoted-printable ones decoded first: Windows-1252,
//!   Windows-1250...; a UTF-16 file is read whole as Unicode first);
//! - [`read`] gives each property its meaning: the structured name (`N`), `NICKNAME`, every
//!   `ORG` unit, `TITLE` and `ROLE`, `ADR` with its types and label, every `TEL`/`EMAIL`/`URL`
//!   with all its types, web links from `X-SOCIALPROFILE` and `IMPP`, what Google, Apple,
//!   Outlook and Android write (`X-ABLabel` labels of a group, `_$!<Mobile>!$_`, `BDAY`
//!   without a year, inline `PHOTO`). Whatever Kith does not keep (`GEO`, `TZ`, `KEY`,
//!   unknown `X-` properties...) is listed in the report by field, never dropped silently.
//!
//! Limits: a property larger than [`MAX_PROPERTY_BYTES`] is left out, a card still larger
//! than [`MAX_CARD_BYTES`] is skipped, a photo larger than [`super::PHOTO_MAX_BYTES`] is left
//! out; all reported with their line.
//!
//! Writing ([`write`]) is vCard 4.0, folded at 75 octets, with `X-KITH-*` properties and
//! parameters for what vCard has no place for, so an export imports back into Kith unchanged.

mod lex;
mod read;
mod value;
mod write;

#[cfg(test)]
mod tests;

pub use write::write_card;

use chrono::NaiveDate;

use super::{text, Parsed, Skipped};
use crate::error::Result;

/// Largest single card read, once oversize properties are left out; a bigger one is skipped.
pub const MAX_CARD_BYTES: usize = 16 * 1024 * 1024;
/// Largest single property read (a photo is kept up to 1 MB, notes up to 4 MB); a bigger one
/// is left out and reported, and the rest of its card read.
pub const MAX_PROPERTY_BYTES: usize = 4 * 1024 * 1024;

/// Reads every card of a vCard file.
pub fn parse(bytes: &[u8], path: &str) -> Result<Parsed> {
    let raw = text::raw_text(bytes, path)?;
    let mut parsed = Parsed::default();
    parsed.notes.extend(raw.note);
    let cards = lex::cards(&raw.bytes, &mut parsed.skipped);
    let file = value::FileText::detect(&cards, raw.transcoded);
    if cards.is_empty() {
        parsed
            .notes
            .push("the file has no vCard in it (no BEGIN:VCARD line)".into());
    }
    for card in cards {
        if !card.complete {
            parsed.skipped.push(Skipped::record(
                card.line,
                None,
                "the card has no END:VCARD line (the file may be cut short)",
            ));
        } else if card.bytes > MAX_CARD_BYTES {
            parsed.skipped.push(Skipped::record(
                card.line,
                None,
                format!(
                    "the card is {:.1} MB; cards of up to {} MB are read",
                    card.bytes as f64 / 1_048_576.0,
                    MAX_CARD_BYTES / 1_048_576
                ),
            ));
        } else if let Some(record) = read::card_to_incoming(&card, &file, &mut parsed.skipped) {
            parsed.records.push(record);
        }
    }
    parsed.skipped.sort_by_key(|s| s.line);
    if let Some(encoding) = file.legacy.or(file.guessed.get()) {
        parsed.notes.push(text::legacy_note(encoding));
    }
    Ok(parsed)
}

fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_owned()
    } else {
        let mut out: String = s.chars().take(max).collect();
        out.push('…');
        out
    }
}

/// Apple's `_$!<Mobile>!$_` is the built-in label "mobile"; anything else is the user's own.
fn ab_label(s: &str) -> String {
    let s = s.trim();
    match s.strip_prefix("_$!<").and_then(|x| x.strip_suffix(">!$_")) {
        Some(inner) => inner.to_lowercase(),
        None => s.to_owned(),
    }
}

/// The label an email, phone, link or address has from its types (`work`, `cell`...).
fn label_of(types: &[String]) -> Option<String> {
    types.iter().find_map(|t| {
        Some(match t.as_str() {
            "cell" | "mobile" => "mobile".to_owned(),
            "work" | "home" | "fax" | "pager" | "main" | "other" | "school" | "iphone" => t.clone(),
            t if t.starts_with("x-") && t.len() > 2 => t[2..].to_owned(),
            _ => return None,
        })
    })
}

/// A vCard date: `1985-04-15`, `19850415`, `--0415`, `--04-15`, `0000-04-15`,
/// `1985-04-15T00:00:00Z`. Returns (year, month, day); a year of 0 or before 1900 (Apple's
/// 1604 placeholder) is no year.
pub fn parse_vcard_date(value: &str, omit_year: Option<i32>) -> Option<(Option<i32>, u32, u32)> {
    let v = value.trim();
    let v = v.split('T').next().unwrap_or(v);
    let (year, rest) = if let Some(rest) = v.strip_prefix("--") {
        (None, rest.replace('-', ""))
    } else {
        let digits: String = v.chars().filter(char::is_ascii_digit).collect();
        if digits.len() != 8 || v.chars().any(|c| !c.is_ascii_digit() && c != '-') {
            return None;
        }
        let year: i32 = digits[..4].parse().ok()?;
        (Some(year), digits[4..].to_owned())
    };
    if rest.len() != 4 || !rest.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let month: u32 = rest[..2].parse().ok()?;
    let day: u32 = rest[2..].parse().ok()?;
    NaiveDate::from_ymd_opt(year.filter(|y| *y > 0).unwrap_or(2000), month, day)?;
    let year = year.filter(|y| *y >= crate::validate::MIN_YEAR && Some(*y) != omit_year);
    Some((year, month, day))
}
