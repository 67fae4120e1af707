//! Contacts from CSV: LinkedIn's `Connections.csv`, Google Contacts' export, and the address
//! books of Outlook and Thunderbird ([`address_book`], with their columns in English, German
//! and French in one table, [`headers`]).
//!
//! Read with the `csv` crate. The header row is found by its column names, so LinkedIn's
//! "Notes:" preamble before it is skipped; the delimiter (comma, semicolon or tab, as Excel
//! writes it in many locales) is taken from the header row. Line numbers in reports are the
//! file's own. Columns are found by name, in any order, so both Google layouts (the older
//! "Given Name / E-mail 1 - Value" and the newer "First Name / E-mail 1 - Label") read.

mod address_book;
mod headers;

use chrono::NaiveDate;

use super::text::one_line;
use super::{ImportFormat, Incoming, Parsed, Skipped};
use crate::error::{Error, Result};
use crate::model::{Channel, ChannelKind, ContactInput, ImportantDate};

const LINKEDIN: &[&str] = &["first name", "last name", "connected on"];

fn is_linkedin(cols: &[String]) -> bool {
    LINKEDIN.iter().all(|c| cols.iter().any(|h| h == c))
}

fn is_google(cols: &[String]) -> bool {
    let has = |n: &str| cols.iter().any(|h| h == n);
    (has("given name") || has("first name") || has("name"))
        && (cols
            .iter()
            .any(|h| h.starts_with("e-mail 1") || h.starts_with("phone 1"))
            || has("group membership")
            || has("labels"))
}

/// Splits one CSV header line into its column names (quotes removed, trimmed).
fn header_names(line: &str) -> Vec<String> {
    let delim = delimiter(line);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .delimiter(delim)
        .flexible(true)
        .from_reader(line.as_bytes());
    reader
        .records()
        .next()
        .and_then(|r| r.ok())
        .map(|r| r.iter().map(|c| c.trim().to_owned()).collect())
        .unwrap_or_default()
}

/// The format a header line names, if any.
fn format_of(line: &str) -> Option<ImportFormat> {
    let names = header_names(line);
    let cols: Vec<String> = names.iter().map(|c| c.to_lowercase()).collect();
    if is_linkedin(&cols) {
        Some(ImportFormat::Linkedin)
    } else if is_google(&cols) {
        Some(ImportFormat::Google)
    } else {
        headers::detect(&names)
    }
}

fn delimiter(header: &str) -> u8 {
    let count = |c: char| header.matches(c).count();
    let (comma, semi, tab) = (count(','), count(';'), count('\t'));
    if semi > comma && semi >= tab {
        b';'
    } else if tab > comma && tab > semi {
        b'\t'
    } else {
        b','
    }
}

/// The header line (0-based index) and the format it names, among the first 50 lines.
fn find_header(text: &str) -> Option<(usize, ImportFormat)> {
    text.lines()
        .take(50)
        .enumerate()
        .find_map(|(i, line)| format_of(line).map(|f| (i, f)))
}

/// For a file the user says is Outlook or Thunderbird but whose header row is not clearly
/// either (a hand-made CSV): the first line with at least two columns of that format.
fn find_header_as(text: &str, format: ImportFormat) -> Option<(usize, ImportFormat)> {
    if !matches!(format, ImportFormat::Outlook | ImportFormat::Thunderbird) {
        return None;
    }
    text.lines()
        .take(50)
        .position(|line| headers::known(&header_names(line), format) >= 2)
        .map(|i| (i, format))
}

/// LinkedIn, Google, Outlook or Thunderbird, from the start of a CSV file.
pub fn detect(head: &str) -> Option<ImportFormat> {
    find_header(head).map(|(_, f)| f)
}

/// Reads a LinkedIn, Google, Outlook or Thunderbird CSV (already decoded to text).
pub fn parse(text: &str, format: ImportFormat, path: &str) -> Result<Parsed> {
    let header_index = header_for(text, format, path)?;
    let offset: usize = text
        .split_inclusive('\n')
        .take(header_index)
        .map(str::len)
        .sum();
    let body = &text[offset..];
    let header_line = body.lines().next().unwrap_or("");
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter(header_line))
        .flexible(true)
        .from_reader(body.as_bytes());
    let names: Vec<String> = reader
        .headers()
        .map_err(|e| Error::Io {
            path: path.to_owned(),
            message: format!("line {}: {e}", header_index + 1),
        })?
        .iter()
        .map(|h| h.trim().to_owned())
        .collect();
    let mut parsed = Parsed::default();
    let rows = rows(&mut reader, body, header_index as u64, &mut parsed.skipped);
    match format {
        ImportFormat::Outlook | ImportFormat::Thunderbird => {
            let cols = headers::columns(&names, format);
            address_book::read_all(&cols, &rows, &mut parsed);
        }
        _ => {
            let headers: Vec<String> = names.iter().map(|h| h.to_lowercase()).collect();
            for (line, record) in &rows {
                let row = Row {
                    headers: &headers,
                    record,
                };
                let result = match format {
                    ImportFormat::Linkedin => linkedin(&row, *line, &mut parsed.skipped),
                    _ => google(&row, *line, &mut parsed.skipped),
                };
                parsed.records.extend(result);
            }
        }
    }
    Ok(parsed)
}

/// The line (0-based) of the header row of a file read as `format`, or why there is none.
fn header_for(text: &str, format: ImportFormat, path: &str) -> Result<usize> {
    let Some((header_index, found)) = find_header(text).or_else(|| find_header_as(text, format))
    else {
        let expected = match format {
            ImportFormat::Linkedin => "First Name, Last Name, ..., Connected On",
            ImportFormat::Outlook => "First Name, Last Name, E-mail Address, Business Phone, ...",
            ImportFormat::Thunderbird => "First Name, Last Name, Display Name, Primary Email, ...",
            _ => "Name or First Name, E-mail 1 - Value, Phone 1 - Value, ...",
        };
        return Err(Error::Io {
            path: path.to_owned(),
            message: format!(
                "no header row with the columns of a {} export ({expected}) in the first 50 lines",
                name_of(format)
            ),
        });
    };
    if found != format {
        return Err(Error::Io {
            path: path.to_owned(),
            message: format!(
                "this looks like a {} CSV, not {}: import it with --format {}",
                name_of(found),
                name_of(format),
                found
            ),
        });
    }
    Ok(header_index)
}

/// Every non-blank row after the header, with the file's line where it starts (counted from
/// the record's byte offset: the `csv` crate's own line count is one short after some CRLF rows),
/// and unreadable rows reported.
fn rows(
    reader: &mut csv::Reader<&[u8]>,
    body: &str,
    header_index: u64,
    skipped: &mut Vec<Skipped>,
) -> Vec<(u64, csv::StringRecord)> {
    let mut out = Vec::new();
    let mut record = csv::StringRecord::new();
    let (mut seen_byte, mut seen_line) = (0usize, header_index + 1);
    let mut line_at = |byte: u64| {
        let mut byte = usize::try_from(byte).unwrap_or(usize::MAX).min(body.len());
        // After a CRLF the reader may place a record at its "\n": a record starts after it.
        while matches!(body.as_bytes().get(byte), Some(b'\r' | b'\n')) {
            byte += 1;
        }
        if byte > seen_byte {
            let newlines = body.as_bytes()[seen_byte..byte]
                .iter()
                .filter(|b| **b == b'\n')
                .count();
            seen_line += newlines as u64;
            seen_byte = byte;
        }
        seen_line
    };
    loop {
        let before = reader.position().byte();
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let byte = record.position().map_or(before, csv::Position::byte);
                let line = line_at(byte);
                if !record.iter().all(|v| v.trim().is_empty()) {
                    out.push((line, record.clone()));
                }
            }
            Err(e) => {
                let line = line_at(e.position().map_or(before, csv::Position::byte));
                skipped.push(Skipped::record(
                    line,
                    None,
                    format!("not a readable CSV row ({})", csv_reason(&e)),
                ));
                if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                    break;
                }
            }
        }
    }
    out
}

fn csv_reason(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Utf8 { .. } => "not valid text".into(),
        csv::ErrorKind::UnequalLengths { .. } => "wrong number of columns".into(),
        _ => "malformed".into(),
    }
}

fn name_of(f: ImportFormat) -> &'static str {
    match f {
        ImportFormat::Linkedin => "LinkedIn",
        ImportFormat::Google => "Google Contacts",
        ImportFormat::Outlook => "Outlook",
        ImportFormat::Thunderbird => "Thunderbird",
        _ => "other",
    }
}

struct Row<'a> {
    headers: &'a [String],
    record: &'a csv::StringRecord,
}

impl Row<'_> {
    fn get(&self, name: &str) -> String {
        self.headers
            .iter()
            .position(|h| h == name)
            .and_then(|i| self.record.get(i))
            .map(|v| v.trim().to_owned())
            .unwrap_or_default()
    }

    /// The first non-empty of several column names.
    fn any(&self, names: &[&str]) -> String {
        names
            .iter()
            .map(|n| self.get(n))
            .find(|v| !v.is_empty())
            .unwrap_or_default()
    }
}

fn opt(s: String) -> Option<String> {
    let s = one_line(&s);
    (!s.is_empty()).then_some(s)
}

/// LinkedIn writes "15 Mar 2023"; older exports "3/15/23"; some tools ISO dates.
pub fn parse_connected_on(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    [
        "%d %b %Y",
        "%d %B %Y",
        "%m/%d/%y",
        "%m/%d/%Y",
        "%Y-%m-%d",
        "%b %d, %Y",
    ]
    .iter()
    .find_map(|f| NaiveDate::parse_from_str(s, f).ok())
}

fn linkedin(row: &Row<'_>, line: u64, skipped: &mut Vec<Skipped>) -> Option<Incoming> {
    let name = one_line(&format!(
        "{} {}",
        row.get("first name"),
        row.get("last name")
    ));
    if name.is_empty() {
        skipped.push(Skipped::field(line, "First Name", None, "no name: skipped"));
        return None;
    }
    let mut c = ContactInput {
        name: name.clone(),
        company: opt(row.get("company")),
        role: opt(row.get("position")),
        ..Default::default()
    };
    let email = row.any(&["email address", "e-mail address", "email"]);
    if !email.is_empty() {
        c.channels.push(Channel {
            kind: ChannelKind::Email,
            label: None,
            value: email,
            types: Vec::new(),
        });
    }
    let url = row.any(&["url", "profile url"]);
    if !url.is_empty() {
        c.channels.push(Channel {
            kind: ChannelKind::Link,
            label: Some("LinkedIn".into()),
            value: url,
            types: Vec::new(),
        });
    }
    let connected = row.get("connected on");
    if !connected.is_empty() {
        match parse_connected_on(&connected) {
            Some(d) => {
                c.connected_on = Some(d);
                c.met_how = Some("LinkedIn".into());
            }
            None => skipped.push(Skipped::field(
                line,
                "Connected On",
                Some(&name),
                format!("\"{connected}\" is not a date: left out"),
            )),
        }
    }
    Some(Incoming {
        line,
        contact: c,
        photo: None,
    })
}

/// Google's multi-value cells: `a@x.com ::: b@y.com`.
fn values(cell: &str) -> impl Iterator<Item = String> + '_ {
    cell.split(":::")
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
}

fn google(row: &Row<'_>, line: u64, skipped: &mut Vec<Skipped>) -> Option<Incoming> {
    let mut name = one_line(&row.get("name"));
    if name.is_empty() {
        name = one_line(
            &[
                row.any(&["given name", "first name"]),
                row.any(&["additional name", "middle name"]),
                row.any(&["family name", "last name"]),
            ]
            .join(" "),
        );
    }
    let company = opt(row.any(&["organization 1 - name", "organization name"]));
    let mut c = ContactInput {
        role: opt(row.any(&["organization 1 - title", "organization title"])),
        notes: row.get("notes").replace("\r\n", "\n"),
        ..Default::default()
    };
    for (kind, prefix) in [
        (ChannelKind::Email, "e-mail"),
        (ChannelKind::Phone, "phone"),
        (ChannelKind::Link, "website"),
    ] {
        for n in 1..=9 {
            let value = row.get(&format!("{prefix} {n} - value"));
            let label = row.any(&[
                &format!("{prefix} {n} - type"),
                &format!("{prefix} {n} - label"),
            ]);
            let label = label.trim_start_matches("* ").trim().to_lowercase();
            for v in values(&value) {
                c.channels.push(Channel {
                    kind,
                    label: (!label.is_empty() && label != "other").then(|| label.clone()),
                    value: v,
                    types: Vec::new(),
                });
            }
        }
    }
    if name.is_empty() {
        name = company
            .clone()
            .or_else(|| c.channels.first().map(|ch| ch.value.clone()))
            .unwrap_or_default();
    }
    if name.is_empty() {
        skipped.push(Skipped::field(line, "Name", None, "no name: skipped"));
        return None;
    }
    c.name = name.clone();
    c.company = company;
    let city = row.any(&["address 1 - city"]);
    let country = row.any(&["address 1 - country"]);
    let place: Vec<String> = [city, country]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect();
    c.location = if place.is_empty() {
        opt(row.get("address 1 - formatted"))
    } else {
        Some(place.join(", "))
    };
    let birthday = row.get("birthday");
    if !birthday.is_empty() {
        match super::vcard::parse_vcard_date(&birthday, None) {
            Some((year, month, day)) => c.dates.push(ImportantDate {
                label: "birthday".into(),
                year,
                month,
                day,
                recurring: true,
            }),
            None => skipped.push(Skipped::field(
                line,
                "Birthday",
                Some(&name),
                format!("\"{birthday}\" is not a date: left out"),
            )),
        }
    }
    for group in values(&row.any(&["group membership", "labels"])) {
        let tag = group.trim_start_matches("* ").trim();
        if !tag.is_empty() && !tag.eq_ignore_ascii_case("myContacts") {
            c.tags.push(tag.to_owned());
        }
    }
    Some(Incoming {
        line,
        contact: c,
        photo: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_linkedin_dates() {
        let d = NaiveDate::from_ymd_opt(2023, 3, 15);
        assert_eq!(parse_connected_on("15 Mar 2023"), d);
        assert_eq!(parse_connected_on("3/15/23"), d);
        assert_eq!(parse_connected_on("2023-03-15"), d);
        assert_eq!(parse_connected_on("someday"), None);
    }

    #[test]
    fn finds_the_header_after_a_preamble() {
        let text = "Notes:\n\"When exporting, some emails may be missing.\"\n\n\
                    First Name,Last Name,URL,Email Address,Company,Position,Connected On\n";
        assert_eq!(find_header(text), Some((3, ImportFormat::Linkedin)));
        assert_eq!(delimiter("a;b;c,d"), b';');
    }
}
