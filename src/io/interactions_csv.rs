//! Interactions from a CSV file (a call log, a spreadsheet): one interaction per row.
//!
//! The first row names the columns, in any order and case: `when` and `participants` are
//! required; `kind`, `initiated_by` (or `initiated by`), `summary` and `notes` are optional;
//! other columns are ignored (and reported). Fields may be separated by commas, semicolons
//! or tabs: the separator is the most frequent of the three in the header row.
//!
//! - `when`: an RFC 3339 timestamp, `YYYY-MM-DD` (a day, no time) or `YYYY-MM-DD HH:MM[:SS]`
//!   (local time at the given UTC offset).
//! - `participants`: names separated by `;` (quote the field if `;` is also the separator).
//!   `me` is the user and is left out. A name matches an existing live contact by its exact
//!   name, ignoring case; a new name becomes a new contact (one per distinct name).
//! - `kind`: meeting, call, video, message, email, event, introduction or note (default
//!   note). `initiated_by`: me, them or mutual (default unknown).
//! - `summary`, `notes`: text; when both are empty the summary is the kind ("call").
//!
//! Parsing reports every problem (up to [`MAX_ERRORS`]) as a field error named
//! `line N, COLUMN`, N being the line of the file, before anything is written.

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, FieldError, Result};
use crate::model::{Initiator, InteractionKind, NewInteraction};

/// Parsing stops after this many problems.
pub const MAX_ERRORS: usize = 50;

const COLUMNS: &[&str] = &[
    "when",
    "participants",
    "kind",
    "initiated_by",
    "summary",
    "notes",
];

/// What an import did (or, in a dry run, would do).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportReport {
    pub format: String,
    pub dry_run: bool,
    pub interactions_created: u32,
    pub contacts_created: u32,
    pub contacts_matched: u32,
    /// Columns of the file that were not read.
    pub ignored_columns: Vec<String>,
}

/// One row, parsed: participants by name (resolved to contacts by the store).
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub line: u64,
    pub participants: Vec<String>,
    /// A `NewInteraction` without participants yet.
    pub interaction: NewInteraction,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    pub rows: Vec<Row>,
    pub ignored_columns: Vec<String>,
}

fn column_name(header: &str) -> String {
    header
        .trim()
        .trim_start_matches('\u{feff}')
        .to_lowercase()
        .replace([' ', '-'], "_")
}

fn delimiter(data: &[u8]) -> u8 {
    let first = data.split(|&b| b == b'\n').next().unwrap_or_default();
    [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|d| (first.iter().filter(|b| *b == d).count(), *d == b','))
        .unwrap_or(b',')
}

fn date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if s.len() < 8
        || s.matches('-').count() != 2
        || !s.bytes().all(|b| b.is_ascii_digit() || b == b'-')
    {
        return None;
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// Parses a `when` field: (instant, has a time of day).
pub fn parse_when(text: &str, offset: FixedOffset) -> Option<(DateTime<Utc>, bool)> {
    let t = text.trim();
    if let Some(d) = date(t) {
        return Some((d.and_time(NaiveTime::MIN).and_utc(), false));
    }
    if let Ok(x) = DateTime::parse_from_rfc3339(t) {
        return Some((x.with_timezone(&Utc), true));
    }
    let (d, time) = t.split_once([' ', 'T'])?;
    let time = NaiveTime::parse_from_str(time.trim(), "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(time.trim(), "%H:%M:%S"))
        .ok()?;
    let local = NaiveDateTime::new(date(d)?, time);
    offset
        .from_local_datetime(&local)
        .single()
        .map(|x| (x.with_timezone(&Utc), true))
}

fn parse_enum<T: std::str::FromStr>(text: &str) -> Option<T> {
    text.trim().to_lowercase().parse().ok()
}

/// Parses the whole file; `offset` is the UTC offset of local times without one.
pub fn parse(data: &[u8], offset: FixedOffset) -> Result<Parsed> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter(data))
        .flexible(true)
        .has_headers(true)
        .from_reader(data);
    let headers = reader
        .headers()
        .map_err(|e| Error::invalid("line 1", format!("cannot read the header row: {e}")))?;
    let header = read_header(headers)?;
    let width = header.width;
    let mut errors = Vec::new();
    let mut rows = Vec::new();
    for record in reader.records() {
        if errors.len() >= MAX_ERRORS {
            break;
        }
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                errors.push(record_error(&e));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        if record.len() > width {
            errors.push(FieldError::new(
                &format!("line {line}"),
                format!("{} fields, but the header names {width}", record.len()),
            ));
            continue;
        }
        if let Some(row) = read_row(&record, line, &header.at, offset, &mut errors) {
            rows.push(row);
        }
    }
    if errors.is_empty() {
        Ok(Parsed {
            rows,
            ignored_columns: header.ignored,
        })
    } else {
        Err(Error::Invalid { fields: errors })
    }
}

/// The header row, read: where each known column is, how many columns there are, and the
/// columns not read.
struct Header {
    at: HashMap<&'static str, usize>,
    width: usize,
    ignored: Vec<String>,
}

/// Maps the header row's columns, or names every problem with it (a column named twice, a
/// required column missing).
fn read_header(headers: &csv::StringRecord) -> Result<Header> {
    let mut errors = Vec::new();
    let names: Vec<String> = headers.iter().map(column_name).collect();
    let mut at: HashMap<&'static str, usize> = HashMap::new();
    let mut ignored = Vec::new();
    for (i, n) in names.iter().enumerate() {
        match COLUMNS
            .iter()
            .find(|c| **c == n || (**c == "initiated_by" && n == "initiatedby"))
        {
            Some(c) if !at.contains_key(c) => {
                at.insert(c, i);
            }
            Some(_) => errors.push(FieldError::new(
                "line 1",
                format!("column \"{n}\" appears twice"),
            )),
            None if n.is_empty() => {}
            None => ignored.push(headers.get(i).unwrap_or_default().trim().to_owned()),
        }
    }
    for required in ["when", "participants"] {
        if !at.contains_key(required) {
            errors.push(FieldError::new(
                "line 1",
                format!(
                    "no \"{required}\" column (the header row must name when and participants; \
                     optional: kind, initiated_by, summary, notes)"
                ),
            ));
        }
    }
    if !errors.is_empty() {
        return Err(Error::Invalid { fields: errors });
    }
    Ok(Header {
        at,
        width: names.len(),
        ignored,
    })
}

/// A row the CSV reader could not read (a field that is not UTF-8 text, a broken quote).
fn record_error(e: &csv::Error) -> FieldError {
    let line = e.position().map_or(0, |p| p.line());
    let message = match e.kind() {
        csv::ErrorKind::Utf8 { .. } => "is not UTF-8 text".to_owned(),
        _ => e.to_string(),
    };
    FieldError::new(&format!("line {line}"), message)
}

/// One row to a `Row`, or `None` after adding its problems to `errors` (one per bad field).
fn read_row(
    record: &csv::StringRecord,
    line: u64,
    at: &HashMap<&'static str, usize>,
    offset: FixedOffset,
    errors: &mut Vec<FieldError>,
) -> Option<Row> {
    let get = |col: &str| {
        at.get(col)
            .and_then(|&i| record.get(i))
            .unwrap_or("")
            .trim()
    };
    let occurred = check(errors, line, "when", when_field(get("when"), offset));
    let participants = check(
        errors,
        line,
        "participants",
        participants_field(get("participants")),
    );
    let kind = check(errors, line, "kind", kind_field(get("kind")));
    let initiated_by = check(
        errors,
        line,
        "initiated_by",
        initiator_field(get("initiated_by")),
    );
    let (Some((occurred_at, has_time)), Some(participants), Some(kind), Some(initiated_by)) =
        (occurred, participants, kind, initiated_by)
    else {
        return None;
    };
    let mut summary = get("summary").to_owned();
    let notes = at
        .get("notes")
        .and_then(|&i| record.get(i))
        .unwrap_or("")
        .to_owned();
    if summary.is_empty() && notes.trim().is_empty() {
        summary = kind.to_string();
    }
    Some(Row {
        line,
        participants,
        interaction: NewInteraction {
            participants: Vec::new(),
            kind,
            occurred_at,
            has_time,
            summary,
            notes,
            initiated_by,
            quality: None,
            help: Vec::new(),
            follow_up: None,
        },
    })
}

/// A field's value, or `None` after adding its problem to `errors` as `line N, COLUMN`.
fn check<T>(
    errors: &mut Vec<FieldError>,
    line: u64,
    col: &str,
    parsed: std::result::Result<T, String>,
) -> Option<T> {
    match parsed {
        Ok(value) => Some(value),
        Err(message) => {
            errors.push(FieldError::new(&format!("line {line}, {col}"), message));
            None
        }
    }
}

/// The `when` field: (instant, has a time of day), or what is wrong with it.
fn when_field(
    when: &str,
    offset: FixedOffset,
) -> std::result::Result<(DateTime<Utc>, bool), String> {
    if when.is_empty() {
        return Err("is empty: when did it happen?".into());
    }
    parse_when(when, offset).ok_or_else(|| {
        format!(
            "\"{when}\" is not a date or time (use YYYY-MM-DD, \"YYYY-MM-DD HH:MM\" \
             or an RFC 3339 timestamp such as 2026-03-01T09:30:00Z)"
        )
    })
}

/// The `participants` field: the names other than `me`, at least one.
fn participants_field(text: &str) -> std::result::Result<Vec<String>, String> {
    let participants: Vec<String> = text
        .split(';')
        .map(str::trim)
        .filter(|p| !p.is_empty() && !p.eq_ignore_ascii_case("me"))
        .map(str::to_owned)
        .collect();
    if participants.is_empty() {
        return Err("names nobody: list who was there, separated by ;".into());
    }
    Ok(participants)
}

/// The `kind` field (a note when empty).
fn kind_field(text: &str) -> std::result::Result<InteractionKind, String> {
    if text.is_empty() {
        return Ok(InteractionKind::Note);
    }
    parse_enum::<InteractionKind>(text).ok_or_else(|| {
        format!(
            "\"{text}\" is not a kind (use meeting, call, video, message, email, \
             event, introduction or note)"
        )
    })
}

/// The `initiated_by` field (unknown when empty).
fn initiator_field(text: &str) -> std::result::Result<Option<Initiator>, String> {
    if text.is_empty() {
        return Ok(None);
    }
    parse_enum::<Initiator>(text)
        .map(Some)
        .ok_or_else(|| format!("\"{text}\" is not who started it (use me, them or mutual)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc() -> FixedOffset {
        FixedOffset::east_opt(0).unwrap()
    }

    #[test]
    fn reads_every_column_and_form_of_date() {
        let csv = "When,Participants,Kind,Initiated By,Summary,Notes,Extra\n\
                   2026-03-01,Ana;Ben,call,me,Caught up,,x\n\
                   2026-03-02 09:30,ana,,,,\"long\nnotes\",\n\
                   2026-03-03T10:00:00+02:00,me; Cleo,MEETING,mutual,,,\n";
        let p = parse(csv.as_bytes(), utc()).unwrap();
        assert_eq!(p.ignored_columns, ["Extra"]);
        assert_eq!(p.rows.len(), 3);
        let r = &p.rows[0];
        assert_eq!(
            (r.line, r.participants.clone()),
            (2, vec!["Ana".to_owned(), "Ben".to_owned()])
        );
        assert!(!r.interaction.has_time);
        assert_eq!(r.interaction.initiated_by, Some(Initiator::Me));
        assert_eq!(
            p.rows[1].interaction.occurred_at.to_rfc3339(),
            "2026-03-02T09:30:00+00:00"
        );
        assert_eq!(p.rows[1].interaction.notes, "long\nnotes");
        assert_eq!(p.rows[1].interaction.kind, InteractionKind::Note);
        let r = &p.rows[2];
        assert_eq!(r.line, 5, "the quoted line break counts");
        assert_eq!(r.participants, ["Cleo"]);
        assert_eq!(r.interaction.summary, "meeting");
        assert_eq!(
            r.interaction.occurred_at.to_rfc3339(),
            "2026-03-03T08:00:00+00:00"
        );
    }

    #[test]
    fn semicolon_separated_files_quote_their_participants() {
        let csv = "when;participants;summary\n2026-03-01;\"Ana;Ben\";Lunch\n";
        let p = parse(csv.as_bytes(), utc()).unwrap();
        assert_eq!(p.rows[0].participants, ["Ana", "Ben"]);
    }

    #[test]
    fn local_times_use_the_offset() {
        let p = parse(
            b"when,participants\n2026-03-01 09:30,Ana\n",
            FixedOffset::east_opt(3600).unwrap(),
        )
        .unwrap();
        assert_eq!(
            p.rows[0].interaction.occurred_at.to_rfc3339(),
            "2026-03-01T08:30:00+00:00"
        );
    }

    #[test]
    fn every_bad_field_is_named_with_its_line() {
        let csv = "when,participants,kind,initiated_by\n\
                   2026-03-01,Ana,call,me\n\
                   yesterday,Ana,chat,boss\n\
                   2026-03-01,me,,\n";
        let err = parse(csv.as_bytes(), utc()).unwrap_err();
        let Error::Invalid { fields } = err else {
            panic!("{err:?}")
        };
        let names: Vec<&str> = fields.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(
            names,
            [
                "line 3, when",
                "line 3, kind",
                "line 3, initiated_by",
                "line 4, participants"
            ]
        );
    }

    #[test]
    fn a_missing_required_column_is_refused() {
        let err = parse(b"date,who\n2026-03-01,Ana\n", utc()).unwrap_err();
        assert!(err.to_string().contains("no \"when\" column"), "{err}");
    }
}
