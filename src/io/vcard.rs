//! vCard in (2.1, 3.0, 4.0) and out (4.0).
//!
//! Reading builds on the `vcard-rs` crate (pimalaya), which tokenises content lines: it
//! unfolds folded lines, joins quoted-printable soft line breaks, splits groups
//! (`item1.EMAIL`), parameters (including 2.1's bare `TEL;WORK;VOICE`) and structured values,
//! and resolves backslash escapes by version. What it lacks for importing real address books,
//! this module adds:
//! - splitting a file into cards with line numbers, and carrying on past a broken card
//!   (the crate stops at the first one), with lines that are not properties dropped and
//!   reported rather than losing the whole card;
//! - per-component quoted-printable and `CHARSET` decoding of structured values (`N`, `ORG`,
//!   `ADR`) as Outlook and Android 2.1 write them;
//! - the meaning of what Google, Apple, Outlook and Android write: `X-ABLabel` labels of a
//!   group, `_$!<Mobile>!$_` labels, `BDAY` without a year (`--0415`, `0000-04-15`, Apple's
//!   1604 with `X-APPLE-OMIT-YEAR`), `PHOTO` inline (2.1/3.0 base64 or a 4.0 `data:` URI);
//! - limits: a property larger than [`MAX_PROPERTY_BYTES`] is left out before parsing, a card
//!   still larger than [`MAX_CARD_BYTES`] is skipped, a photo larger than
//!   [`super::PHOTO_MAX_BYTES`] is left out; all reported with their line.
//!
//! Writing is vCard 4.0, folded at 75 octets, with `X-KITH-*` properties for what vCard has no
//! place for (circle, cadence, how we met, interests, other dates), so an export imports back
//! into Kith unchanged.

use base64::Engine;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use vcard::tree::cst::VcardCst;
use vcard::tree::error::VcardParseError;
use vcard::tree::line::VcardLine;

use super::text::{one_line, push_line};
use super::{Incoming, Parsed, Skipped, PHOTO_MAX_BYTES};
use crate::model::{Channel, ChannelKind, Contact, ContactInput, ImportantDate, Photo};

/// Largest single card read, once oversize properties are left out; a bigger one is skipped.
pub const MAX_CARD_BYTES: usize = 16 * 1024 * 1024;
/// Largest single property read (a photo is kept up to 1 MB, notes up to 4 MB); a bigger one
/// is left out and reported, and the rest of its card read.
pub const MAX_PROPERTY_BYTES: usize = 4 * 1024 * 1024;

/// One card's text and where it starts in the file.
struct Chunk<'a> {
    line: u64,
    text: &'a str,
    complete: bool,
}

/// Splits `text` into `BEGIN:VCARD` .. `END:VCARD` chunks (a nested 2.1 `AGENT` card stays
/// inside its card). Text outside cards is ignored.
fn chunks(text: &str) -> Vec<Chunk<'_>> {
    let mut out = Vec::new();
    let mut start: Option<(usize, u64)> = None;
    let mut depth = 0usize;
    let mut offset = 0usize;
    for (i, raw) in text.split_inclusive('\n').enumerate() {
        let line_no = i as u64 + 1;
        let content = raw.trim();
        let begin = content.eq_ignore_ascii_case("BEGIN:VCARD");
        let end = content.eq_ignore_ascii_case("END:VCARD");
        match start {
            None if begin => {
                start = Some((offset, line_no));
                depth = 0;
            }
            Some(_) if begin => depth += 1,
            Some((from, line)) if end => {
                if depth == 0 {
                    out.push(Chunk {
                        line,
                        text: &text[from..offset + raw.len()],
                        complete: true,
                    });
                    start = None;
                } else {
                    depth -= 1;
                }
            }
            _ => {}
        }
        offset += raw.len();
    }
    if let Some((from, line)) = start {
        out.push(Chunk {
            line,
            text: &text[from..],
            complete: false,
        });
    }
    out
}

/// Reads every card of a vCard file (already decoded to text).
pub fn parse(text: &str) -> Parsed {
    let mut parsed = Parsed::default();
    let cards = chunks(text);
    if cards.is_empty() {
        parsed
            .notes
            .push("the file has no vCard in it (no BEGIN:VCARD line)".into());
    }
    for chunk in cards {
        if !chunk.complete {
            parsed.skipped.push(Skipped::record(
                chunk.line,
                None,
                "the card has no END:VCARD line (the file may be cut short)",
            ));
            continue;
        }
        let shrunk;
        let chunk = if chunk.text.len() > MAX_PROPERTY_BYTES {
            shrunk = drop_huge_properties(&chunk, &mut parsed.skipped);
            Chunk {
                line: chunk.line,
                text: &shrunk,
                complete: true,
            }
        } else {
            chunk
        };
        if chunk.text.len() > MAX_CARD_BYTES {
            parsed.skipped.push(Skipped::record(
                chunk.line,
                None,
                format!(
                    "the card is {:.1} MB; cards of up to {} MB are read",
                    chunk.text.len() as f64 / 1_048_576.0,
                    MAX_CARD_BYTES / 1_048_576
                ),
            ));
            continue;
        }
        read_chunk(&chunk, &mut parsed);
    }
    parsed
}

/// Leaves out (and reports) every property larger than [`MAX_PROPERTY_BYTES`] (a huge
/// photo or note), so the rest of the card is still read.
fn drop_huge_properties(chunk: &Chunk<'_>, skipped: &mut Vec<Skipped>) -> String {
    let mut out = String::new();
    let mut prop: Vec<&str> = Vec::new();
    let mut prop_line = chunk.line;
    let mut flush = |prop: &mut Vec<&str>, line: u64, out: &mut String| {
        let size: usize = prop.iter().map(|l| l.len()).sum();
        if size > MAX_PROPERTY_BYTES {
            let head = prop.first().copied().unwrap_or("");
            let name = head
                .split([':', ';'])
                .next()
                .unwrap_or("")
                .rsplit('.')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_uppercase();
            skipped.push(Skipped::field(
                line,
                &shorten(&name, 40),
                None,
                format!(
                    "{:.1} MB is too large to keep (the limit is {} MB for a property, 1 MB for a photo): left out",
                    size as f64 / 1_048_576.0,
                    MAX_PROPERTY_BYTES / 1_048_576
                ),
            ));
        } else {
            for l in prop.iter() {
                out.push_str(l);
            }
        }
        prop.clear();
    };
    for (i, raw) in chunk.text.split_inclusive('\n').enumerate() {
        let continuation = raw.starts_with([' ', '\t'])
            || prop
                .last()
                .is_some_and(|l| l.trim_end().ends_with('=') && !raw.contains(':'));
        if !continuation {
            flush(&mut prop, prop_line, &mut out);
            prop_line = chunk.line + i as u64;
        }
        prop.push(raw);
    }
    flush(&mut prop, prop_line, &mut out);
    out
}

fn read_chunk(chunk: &Chunk<'_>, parsed: &mut Parsed) {
    let mut owned;
    let mut text = chunk.text;
    if !text.ends_with('\n') {
        owned = format!("{text}\r\n");
        text = &owned;
    }
    let card = match VcardCst::parse(text) {
        Ok(card) => card,
        Err(VcardParseError::MissingPropertyColon(_)) => {
            // Drop the lines that are no property (and no continuation of one), report them,
            // and read the rest of the card.
            let mut kept = String::with_capacity(text.len());
            for (i, raw) in text.split_inclusive('\n').enumerate() {
                let content = raw.trim_end_matches(['\r', '\n']);
                let continuation = content.starts_with([' ', '\t']) || content.is_empty();
                if continuation || content.contains(':') || kept.ends_with("=\r\n") {
                    kept.push_str(raw);
                } else {
                    parsed.skipped.push(Skipped::field(
                        chunk.line + i as u64,
                        "line",
                        None,
                        format!(
                            "\"{}\" is not a vCard property: ignored",
                            shorten(content, 60)
                        ),
                    ));
                }
            }
            owned = kept;
            match VcardCst::parse(&owned) {
                Ok(card) => card.into_static(),
                Err(e) => {
                    parsed.skipped.push(parse_error(chunk.line, &e));
                    return;
                }
            }
        }
        Err(e) => {
            parsed.skipped.push(parse_error(chunk.line, &e));
            return;
        }
    };
    if let Some(record) = card_to_incoming(&card, chunk.line, &mut parsed.skipped) {
        parsed.records.push(record);
    }
}

fn parse_error(line: u64, e: &VcardParseError) -> Skipped {
    let reason = match e {
        VcardParseError::MissingCrlf(_) => "a line of the card has no line ending".to_owned(),
        VcardParseError::MissingPropertyColon(_) => {
            "a line of the card is not a property (no ':')".to_owned()
        }
        VcardParseError::NonUtf8Header(_) => {
            "a property name or parameter is not valid text".to_owned()
        }
        VcardParseError::ExpectedBegin(_) => "the card does not start with BEGIN:VCARD".into(),
        VcardParseError::MissingEnd(_) => "the card has no END:VCARD line".into(),
    };
    Skipped::record(line, None, reason)
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

// Reading one card ---------------------------------------------------------------------------

/// What a content line means once its encodings are resolved.
struct Prop<'c, 'a> {
    line: &'c VcardLine<'a>,
    group: Option<String>,
    name: String,
}

impl Prop<'_, '_> {
    /// Parameter values of `name` (case-insensitive), quotes removed.
    fn param(&self, name: &str) -> Vec<String> {
        self.line
            .params
            .iter()
            .filter(|p| p.name.get().trim().eq_ignore_ascii_case(name))
            .flat_map(|p| p.values.iter().map(|v| unquote(v.get())))
            .collect()
    }

    /// `TYPE` values and 2.1 bare type parameters, lowercase.
    fn types(&self) -> Vec<String> {
        let mut out = Vec::new();
        for p in &self.line.params {
            let name = p.name.get().trim();
            if p.values.is_empty() {
                let bare = name.to_ascii_lowercase();
                if !matches!(
                    bare.as_str(),
                    "quoted-printable" | "base64" | "b" | "8bit" | "7bit"
                ) {
                    out.push(bare);
                }
            } else if name.eq_ignore_ascii_case("TYPE") {
                for v in &p.values {
                    out.extend(
                        unquote(v.get())
                            .split(',')
                            .map(|t| t.trim().to_ascii_lowercase())
                            .filter(|t| !t.is_empty()),
                    );
                }
            }
        }
        out
    }

    fn is_quoted_printable(&self) -> bool {
        self.line.params.iter().any(|p| {
            let name = p.name.get().trim();
            (p.values.is_empty() && name.eq_ignore_ascii_case("QUOTED-PRINTABLE"))
                || (name.eq_ignore_ascii_case("ENCODING")
                    && p.values
                        .iter()
                        .any(|v| unquote(v.get()).eq_ignore_ascii_case("QUOTED-PRINTABLE")))
        })
    }

    fn charset(&self) -> Option<&'static encoding_rs::Encoding> {
        self.param("CHARSET")
            .first()
            .and_then(|l| encoding_rs::Encoding::for_label(l.trim().as_bytes()))
    }

    /// Resolves quoted-printable octets and their `CHARSET` (text from the file itself is
    /// already Unicode: the whole file was decoded first).
    fn resolve(&self, raw: &str) -> String {
        if !self.is_quoted_printable() {
            return raw.to_owned();
        }
        let octets = quoted_printable(raw.as_bytes());
        let enc = self.charset().unwrap_or(encoding_rs::UTF_8);
        enc.decode_without_bom_handling(&octets).0.into_owned()
    }

    /// The whole value as text.
    fn text(&self) -> String {
        self.resolve(&self.line.value.decode())
    }

    /// The `i`th `;`-separated component of a structured value.
    fn component(&self, i: usize) -> String {
        self.resolve(&self.line.value.decode_component(i))
    }

    fn components(&self) -> Vec<String> {
        (0..self.line.value.component_count().min(16))
            .map(|i| self.component(i))
            .collect()
    }
}

fn unquote(s: &str) -> String {
    let s = s.trim();
    s.strip_prefix('"')
        .and_then(|x| x.strip_suffix('"'))
        .unwrap_or(s)
        .to_owned()
}

/// Decodes quoted-printable `=XX` octets; anything malformed is kept as written.
fn quoted_printable(raw: &[u8]) -> Vec<u8> {
    let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        if raw[i] == b'=' {
            if let (Some(h), Some(l)) = (
                raw.get(i + 1).copied().and_then(hex),
                raw.get(i + 2).copied().and_then(hex),
            ) {
                out.push(h << 4 | l);
                i += 3;
                continue;
            }
        }
        out.push(raw[i]);
        i += 1;
    }
    out
}

/// Apple's `_$!<Mobile>!$_` is the built-in label "mobile"; anything else is the user's own.
fn ab_label(s: &str) -> String {
    let s = s.trim();
    match s.strip_prefix("_$!<").and_then(|x| x.strip_suffix(">!$_")) {
        Some(inner) => inner.to_lowercase(),
        None => s.to_owned(),
    }
}

/// The label of an email, phone or link from its types (`work`, `cell`...), or the
/// `X-ABLabel` of its group.
fn label_of(types: &[String], group_label: Option<&String>) -> Option<String> {
    if let Some(l) = group_label.filter(|l| !l.is_empty()) {
        return Some(l.clone());
    }
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

fn card_to_incoming(
    card: &VcardCst<'_>,
    line: u64,
    skipped: &mut Vec<Skipped>,
) -> Option<Incoming> {
    let props: Vec<Prop<'_, '_>> = card
        .props
        .iter()
        .map(|l| Prop {
            line: l,
            group: l.group().map(str::to_ascii_lowercase),
            name: l.bare_name().trim().to_ascii_uppercase(),
        })
        .collect();
    let group_label = |p: &Prop<'_, '_>| -> Option<String> {
        let g = p.group.as_ref()?;
        props
            .iter()
            .find(|q| q.group.as_ref() == Some(g) && q.name == "X-ABLABEL")
            .map(|q| ab_label(&q.text()))
    };
    let mut c = ContactInput::default();
    let mut n_name = None;
    let mut org_name = None;
    let mut photo = None;
    let mut warnings: Vec<(String, String)> = Vec::new();
    let mut notes: Vec<String> = Vec::new();
    for p in &props {
        match p.name.as_str() {
            "FN" if c.name.is_empty() => c.name = one_line(&p.text()),
            "N" if n_name.is_none() => {
                let parts = p.components();
                let get = |i: usize| parts.get(i).map(|s| one_line(s)).unwrap_or_default();
                let name = [get(3), get(1), get(2), get(0), get(4)]
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(" ");
                n_name = Some(name);
            }
            "ORG" if c.company.is_none() => {
                let org = one_line(&p.component(0));
                if !org.is_empty() {
                    org_name = Some(org.clone());
                    c.company = Some(org);
                }
            }
            "TITLE" => {
                let t = one_line(&p.text());
                if !t.is_empty() {
                    c.role = Some(t);
                }
            }
            "ROLE" if c.role.is_none() => {
                let t = one_line(&p.text());
                if !t.is_empty() {
                    c.role = Some(t);
                }
            }
            "NOTE" => {
                let t = p.text().replace("\r\n", "\n");
                if !t.trim().is_empty() {
                    notes.push(t.trim().to_owned());
                }
            }
            "EMAIL" => push_channel(&mut c, ChannelKind::Email, p, group_label(p)),
            "TEL" => push_channel(&mut c, ChannelKind::Phone, p, group_label(p)),
            "URL" | "X-SOCIALPROFILE" => push_channel(&mut c, ChannelKind::Link, p, group_label(p)),
            "ADR" if c.location.is_none() => {
                let parts = p.components();
                let get = |i: usize| parts.get(i).map(|s| one_line(s)).unwrap_or_default();
                let place: Vec<String> = [get(3), get(4), get(6)]
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect();
                let location = if place.is_empty() {
                    get(2)
                } else {
                    place.join(", ")
                };
                if !location.is_empty() {
                    c.location = Some(location);
                }
            }
            "CATEGORIES" => {
                for tag in p.line.value.decode_list() {
                    let tag = one_line(&p.resolve(&tag));
                    if !tag.is_empty() && !tag.eq_ignore_ascii_case("myContacts") {
                        c.tags.push(tag);
                    }
                }
            }
            "BDAY" | "ANNIVERSARY" | "X-ANNIVERSARY" | "X-ABDATE" | "X-KITH-DATE" => {
                let omit = p
                    .param("X-APPLE-OMIT-YEAR")
                    .first()
                    .and_then(|y| y.parse().ok());
                let value = p.text();
                let label = match p.name.as_str() {
                    "BDAY" => "birthday".to_owned(),
                    "X-KITH-DATE" => p.param("LABEL").first().cloned().unwrap_or_default(),
                    "X-ABDATE" => group_label(p).unwrap_or_else(|| "date".into()),
                    _ => "anniversary".to_owned(),
                };
                let recurring = p.name != "X-KITH-DATE"
                    || p.param("RECURRING")
                        .first()
                        .is_some_and(|r| r.eq_ignore_ascii_case("yes"));
                match parse_vcard_date(&value, omit) {
                    Some((year, month, day)) => c.dates.push(ImportantDate {
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
                    None => warnings.push((
                        p.name.clone(),
                        format!("\"{}\" is not a date: left out", shorten(value.trim(), 40)),
                    )),
                }
            }
            "PHOTO" if photo.is_none() => match read_photo(p) {
                Ok(found) => photo = found,
                Err(reason) => warnings.push(("PHOTO".into(), reason)),
            },
            "X-KITH-CIRCLE" => {
                c.circle = p.text().trim().to_lowercase().parse().ok();
            }
            "X-KITH-CADENCE" => c.cadence_days = p.text().trim().parse().ok(),
            "X-KITH-MET-HOW" => c.met_how = Some(one_line(&p.text())).filter(|s| !s.is_empty()),
            "X-KITH-MET-ON" => {
                c.met_on = NaiveDate::parse_from_str(p.text().trim(), "%Y-%m-%d").ok();
            }
            "X-KITH-CONNECTED-ON" => {
                c.connected_on = NaiveDate::parse_from_str(p.text().trim(), "%Y-%m-%d").ok();
            }
            "X-KITH-INTEREST" => {
                for i in p.line.value.decode_list() {
                    let i = one_line(&i);
                    if !i.is_empty() {
                        c.interests.push(i);
                    }
                }
            }
            _ => {}
        }
    }
    if c.name.is_empty() {
        c.name = n_name
            .filter(|n| !n.is_empty())
            .or(org_name)
            .or_else(|| {
                c.channels
                    .iter()
                    .find(|ch| ch.kind == ChannelKind::Email)
                    .map(|ch| ch.value.clone())
            })
            .unwrap_or_default();
    }
    let name = (!c.name.is_empty()).then(|| c.name.clone());
    if name.is_none() {
        skipped.push(Skipped::field(
            line,
            "FN",
            None,
            "the card has no name, company or email address: skipped",
        ));
        return None;
    }
    for (field, reason) in warnings {
        skipped.push(Skipped::field(line, &field, name.as_deref(), reason));
    }
    c.notes = notes.join("\n\n");
    Some(Incoming {
        line,
        contact: c,
        photo,
    })
}

fn push_channel(
    c: &mut ContactInput,
    kind: ChannelKind,
    p: &Prop<'_, '_>,
    group_label: Option<String>,
) {
    let mut value = one_line(&p.text());
    if kind == ChannelKind::Phone {
        value = value.strip_prefix("tel:").unwrap_or(&value).to_owned();
    }
    if kind == ChannelKind::Email {
        value = value.strip_prefix("mailto:").unwrap_or(&value).to_owned();
    }
    if value.is_empty() {
        return;
    }
    let types = p.types();
    c.channels.push(Channel {
        kind,
        label: label_of(&types, group_label.as_ref()),
        value,
        types: Vec::new(),
    });
}

/// An inline photo (a link to one is not fetched), or why it was left out.
fn read_photo(p: &Prop<'_, '_>) -> Result<Option<Photo>, String> {
    let value = p.line.value.decode();
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
        let encoded =
            p.param("ENCODING")
                .iter()
                .any(|e| e.eq_ignore_ascii_case("b") || e.eq_ignore_ascii_case("base64"))
                || p.types().iter().any(|t| t == "base64")
                || p.line.params.iter().any(|x| {
                    x.values.is_empty() && x.name.get().trim().eq_ignore_ascii_case("BASE64")
                });
        if !encoded {
            return Err("the photo is a link, not a picture in the card: left out".into());
        }
        let kind = p
            .types()
            .into_iter()
            .find(|t| matches!(t.as_str(), "jpeg" | "jpg" | "png" | "gif" | "bmp" | "webp"))
            .unwrap_or_else(|| "jpeg".into());
        let kind = if kind == "jpg" { "jpeg".into() } else { kind };
        (format!("image/{kind}"), value)
    };
    let approx = data.len() / 4 * 3;
    if approx > PHOTO_MAX_BYTES + 3 {
        return Err(format!(
            "the photo is {:.1} MB; photos of up to {} MB are kept: left out",
            approx as f64 / 1_048_576.0,
            PHOTO_MAX_BYTES / 1_048_576
        ));
    }
    let clean: String = data.chars().filter(|c| !c.is_whitespace()).collect();
    let engine = base64::engine::GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        base64::engine::GeneralPurposeConfig::new()
            .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent)
            .with_decode_allow_trailing_bits(true),
    );
    match engine.decode(clean.as_bytes()) {
        Ok(bytes) if bytes.is_empty() => Ok(None),
        Ok(bytes) if bytes.len() > PHOTO_MAX_BYTES => Err(format!(
            "the photo is {:.1} MB; photos of up to {} MB are kept: left out",
            bytes.len() as f64 / 1_048_576.0,
            PHOTO_MAX_BYTES / 1_048_576
        )),
        Ok(bytes) => Ok(Some(Photo { mime, data: bytes })),
        Err(_) => Err("the photo is not valid base64: left out".into()),
    }
}

// Writing ------------------------------------------------------------------------------------

/// Escapes a text value (RFC 6350 3.4).
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            ',' => out.push_str("\\,"),
            ';' => out.push_str("\\;"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// A parameter value, quoted when it holds a delimiter (RFC 6350 3.3; quotes cannot be
/// written and are dropped).
fn param_value(s: &str) -> String {
    let s: String = s.chars().filter(|c| *c != '"' && !c.is_control()).collect();
    if s.contains([';', ':', ',']) {
        format!("\"{s}\"")
    } else {
        s
    }
}

fn typed(kind: &str, label: Option<&str>, group: &mut u32, value: &str, out: &mut String) {
    let standard = match label.map(str::to_lowercase).as_deref() {
        None => Some(String::new()),
        Some("mobile") => Some(";TYPE=cell".into()),
        Some(l @ ("work" | "home" | "fax" | "pager")) => Some(format!(";TYPE={l}")),
        _ => None,
    };
    match (standard, label) {
        (Some(params), _) => push_line(out, &format!("{kind}{params}:{value}")),
        (None, Some(label)) => {
            *group += 1;
            push_line(out, &format!("item{group}.{kind}:{value}"));
            push_line(out, &format!("item{group}.X-ABLabel:{}", escape(label)));
        }
        (None, None) => push_line(out, &format!("{kind}:{value}")),
    }
}

fn date_value(d: &ImportantDate) -> String {
    match d.year {
        Some(y) => format!("{y:04}{:02}{:02}", d.month, d.day),
        None => format!("--{:02}{:02}", d.month, d.day),
    }
}

/// One contact as a vCard 4.0.
pub fn write_card(c: &Contact, photo: Option<&Photo>, out: &mut String) {
    out.push_str("BEGIN:VCARD\r\nVERSION:4.0\r\n");
    push_line(out, &format!("FN:{}", escape(&c.name)));
    let (given, family) = match c.name.rsplit_once(' ') {
        Some((g, f)) => (g, f),
        None => (c.name.as_str(), ""),
    };
    push_line(out, &format!("N:{};{};;;", escape(family), escape(given)));
    if let Some(org) = &c.company {
        push_line(out, &format!("ORG:{}", escape(org)));
    }
    if let Some(role) = &c.role {
        push_line(out, &format!("TITLE:{}", escape(role)));
    }
    let mut group = 0;
    for ch in &c.channels {
        let kind = match ch.kind {
            ChannelKind::Email => "EMAIL",
            ChannelKind::Phone => "TEL",
            ChannelKind::Link => "URL",
        };
        typed(
            kind,
            ch.label.as_deref(),
            &mut group,
            &escape(&ch.value),
            out,
        );
    }
    if let Some(loc) = &c.location {
        push_line(out, &format!("ADR:;;;{};;;", escape(loc)));
    }
    for d in &c.dates {
        if d.label == "birthday" && d.recurring {
            push_line(out, &format!("BDAY:{}", date_value(d)));
        } else {
            push_line(
                out,
                &format!(
                    "X-KITH-DATE;LABEL={};RECURRING={}:{}",
                    param_value(&d.label),
                    if d.recurring { "yes" } else { "no" },
                    date_value(d)
                ),
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
    if let Some(circle) = c.circle {
        push_line(out, &format!("X-KITH-CIRCLE:{}", circle));
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
        push_line(
            out,
            &format!("X-KITH-CONNECTED-ON:{}", on.format("%Y-%m-%d")),
        );
    }
    if !c.interests.is_empty() {
        let list: Vec<String> = c.interests.iter().map(|t| escape(t)).collect();
        push_line(out, &format!("X-KITH-INTEREST:{}", list.join(",")));
    }
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

fn rev(t: DateTime<Utc>) -> String {
    format!(
        "{:04}{:02}{:02}T{}Z",
        t.year(),
        t.month(),
        t.day(),
        t.format("%H%M%S")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_vcard_dates() {
        assert_eq!(
            parse_vcard_date("1985-04-15", None),
            Some((Some(1985), 4, 15))
        );
        assert_eq!(
            parse_vcard_date("19850415", None),
            Some((Some(1985), 4, 15))
        );
        assert_eq!(parse_vcard_date("--0415", None), Some((None, 4, 15)));
        assert_eq!(parse_vcard_date("--04-15", None), Some((None, 4, 15)));
        assert_eq!(parse_vcard_date("0000-02-29", None), Some((None, 2, 29)));
        assert_eq!(
            parse_vcard_date("1604-04-15", Some(1604)),
            Some((None, 4, 15))
        );
        assert_eq!(
            parse_vcard_date("1985-04-15T00:00:00Z", None),
            Some((Some(1985), 4, 15))
        );
        assert_eq!(parse_vcard_date("1985-02-30", None), None);
        assert_eq!(parse_vcard_date("April 15", None), None);
    }

    #[test]
    fn folds_long_lines_between_characters() {
        let mut out = String::new();
        push_line(&mut out, &format!("NOTE:{}", "é".repeat(60)));
        for line in out.split("\r\n") {
            assert!(line.len() <= 75, "{line}");
        }
        assert_eq!(
            out.replace("\r\n ", ""),
            format!("NOTE:{}\r\n", "é".repeat(60))
        );
    }

    #[test]
    fn decodes_quoted_printable() {
        assert_eq!(
            quoted_printable(b"M=C3=BCller =XY="),
            "Müller =XY=".as_bytes()
        );
    }
}
