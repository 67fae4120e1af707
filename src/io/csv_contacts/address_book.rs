//! One contact from each row of an Outlook or Thunderbird CSV, through the column table of
//! [`super::headers`]: the name and its parts, nickname, company, department and titles,
//! every email, phone and web page with its label, the work, home and other addresses,
//! birthday and anniversary, notes and categories (tags).
//!
//! Nothing is dropped without a word: a non-empty cell of a column Kith has no field for,
//! or does not know, is reported in `skipped` under the column's name, and so is a date
//! that is not one. Outlook's "no date" (`0/0/00`, `1/1/1601`, `1.1.4501`) is no date, not
//! an error. Dates with slashes are month first (US) unless the file has one whose first
//! number is above 12: then the whole file is read day first (and a note says so).

use chrono::NaiveDate;

use super::headers::{is_default_setting, Column, Field, Part, Slot};
use crate::io::text::one_line;
use crate::io::{Incoming, Parsed, Skipped};
use crate::model::{
    Address, Channel, ChannelKind, ContactInput, ImportantDate, NameParts, Title, TitleKind,
};

/// The order of day and month in dates written with slashes or dashes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Order {
    MonthFirst,
    DayFirst,
}

/// A date cell.
#[derive(Debug, PartialEq, Eq)]
enum DateCell {
    /// Empty, or Outlook's way of saying "none".
    None,
    Date(Option<i32>, u32, u32),
    Bad,
}

/// Reads every row (`(line, record)`, blank rows already left out) of a file whose header
/// row is `cols`.
pub(super) fn read_all(cols: &[Column], rows: &[(u64, csv::StringRecord)], parsed: &mut Parsed) {
    let order = date_order(cols, rows);
    if order == Order::DayFirst {
        parsed
            .notes
            .push("dates such as 14/03/1988 were read day first (day/month/year)".into());
    }
    for (line, record) in rows {
        if let Some(incoming) = read_row(cols, record, *line, order, &mut parsed.skipped) {
            parsed.records.push(incoming);
        }
    }
}

/// Day first when any whole-date cell of the file has a first number above 12.
fn date_order(cols: &[Column], rows: &[(u64, csv::StringRecord)]) -> Order {
    let date_cols: Vec<usize> = cols
        .iter()
        .enumerate()
        .filter(|(_, c)| matches!(c.field, Some(Field::Birthday | Field::Anniversary)))
        .map(|(i, _)| i)
        .collect();
    let day_first = rows.iter().any(|(_, r)| {
        date_cols.iter().any(|&i| {
            let v = r.get(i).unwrap_or("").trim();
            let mut parts = v.split(['/', '-']);
            match (parts.next(), parts.next(), parts.next()) {
                (Some(a), Some(_), Some(_)) if a.len() <= 2 => {
                    a.parse::<u32>().is_ok_and(|a| a > 12)
                }
                _ => false,
            }
        })
    });
    if day_first {
        Order::DayFirst
    } else {
        Order::MonthFirst
    }
}

/// An address being read, column by column.
#[derive(Debug)]
struct AddressCells {
    slot: Slot,
    lines: Vec<String>,
    po_box: Option<String>,
    locality: Option<String>,
    region: Option<String>,
    postcode: Option<String>,
    country: Option<String>,
}

/// What a row says, column by column, before it becomes a contact.
#[derive(Debug, Default)]
struct Cells {
    parts: NameParts,
    display: Option<String>,
    nickname: Option<String>,
    company: Option<String>,
    department: Option<String>,
    job_title: Option<String>,
    profession: Option<String>,
    location: Option<String>,
    referred_by: Option<String>,
    channels: Vec<Channel>,
    addresses: Vec<AddressCells>,
    /// (label, column, value) of whole dates.
    dates: Vec<(&'static str, String, String)>,
    /// Thunderbird's year, month and day columns: (column, value).
    birth: [Option<(String, String)>; 3],
    notes: Vec<String>,
    tags: Vec<String>,
    /// Outlook's "E-mail Display Name" cells: (column, value).
    displays: Vec<(String, String)>,
    /// (column, reason) of what is left out.
    left_out: Vec<(String, String)>,
}

/// Sets an empty `target` to `value`; returns `value` back when `target` already holds
/// something else.
fn set(target: &mut Option<String>, value: String) -> Option<String> {
    match target {
        None => {
            *target = Some(value);
            None
        }
        Some(t) if *t == value => None,
        Some(_) => Some(value),
    }
}

fn shorten(s: &str) -> String {
    let s = one_line(s);
    if s.chars().count() <= 60 {
        s
    } else {
        let mut out: String = s.chars().take(60).collect();
        out.push('…');
        out
    }
}

impl Cells {
    fn leave_out(&mut self, column: &str, reason: String) {
        self.left_out.push((column.to_owned(), reason));
    }

    fn address(&mut self, slot: Slot, part: Part, value: &str) -> Option<String> {
        let i = match self.addresses.iter().position(|a| a.slot == slot) {
            Some(i) => i,
            None => {
                self.addresses.push(AddressCells {
                    slot,
                    lines: Vec::new(),
                    po_box: None,
                    locality: None,
                    region: None,
                    postcode: None,
                    country: None,
                });
                self.addresses.len() - 1
            }
        };
        let a = &mut self.addresses[i];
        let line = one_line(value);
        match part {
            Part::Street => {
                a.lines
                    .extend(value.lines().map(one_line).filter(|l| !l.is_empty()));
                None
            }
            Part::PoBox => set(&mut a.po_box, line),
            Part::Locality => set(&mut a.locality, line),
            Part::Region => set(&mut a.region, line),
            Part::Postcode => set(&mut a.postcode, line),
            Part::Country => set(&mut a.country, line),
        }
    }

    /// Takes one non-empty cell.
    fn take(&mut self, column: &str, field: Option<Field>, value: &str) {
        let line = || one_line(value);
        let channel = |kind, label: Option<&str>, types: &[&str]| Channel {
            kind,
            label: label.map(str::to_owned),
            value: one_line(value),
            types: types.iter().map(|t| (*t).to_owned()).collect(),
        };
        let Some(field) = field else {
            self.leave_out(
                column,
                format!("\"{}\": not a column Kith knows: left out", shorten(value)),
            );
            return;
        };
        let second = match field {
            Field::Prefix => set(&mut self.parts.prefix, line()),
            Field::Given => set(&mut self.parts.given, line()),
            Field::Additional => set(&mut self.parts.additional, line()),
            Field::Family => set(&mut self.parts.family, line()),
            Field::Suffix => set(&mut self.parts.suffix, line()),
            Field::DisplayName => set(&mut self.display, line()),
            Field::Nickname => set(&mut self.nickname, line()),
            Field::Company => set(&mut self.company, line()),
            Field::Department => set(&mut self.department, line()),
            Field::JobTitle => set(&mut self.job_title, line()),
            Field::Profession => set(&mut self.profession, line()),
            Field::Location => set(&mut self.location, line()),
            Field::ReferredBy => set(&mut self.referred_by, line()),
            Field::Email => {
                self.channels.push(channel(ChannelKind::Email, None, &[]));
                None
            }
            Field::Phone { label, types } => {
                self.channels
                    .push(channel(ChannelKind::Phone, Some(label), types));
                None
            }
            Field::Link(label) => {
                self.channels.push(channel(ChannelKind::Link, label, &[]));
                None
            }
            Field::Address(slot, part) => self.address(slot.unwrap_or(Slot::Other), part, value),
            Field::Birthday => {
                self.dates.push(("birthday", column.to_owned(), line()));
                None
            }
            Field::Anniversary => {
                self.dates.push(("anniversary", column.to_owned(), line()));
                None
            }
            Field::BirthYear | Field::BirthMonth | Field::BirthDay => {
                let i = match field {
                    Field::BirthYear => 0,
                    Field::BirthMonth => 1,
                    _ => 2,
                };
                self.birth[i] = Some((column.to_owned(), line()));
                None
            }
            Field::Notes => {
                self.notes.push(value.replace("\r\n", "\n"));
                None
            }
            Field::Categories => {
                self.tags
                    .extend(value.split(';').map(one_line).filter(|t| !t.is_empty()));
                None
            }
            Field::EmailDisplay => {
                self.displays.push((column.to_owned(), line()));
                None
            }
            Field::Derived => None,
            Field::Setting if is_default_setting(value) => None,
            Field::Setting | Field::Unsupported => {
                self.leave_out(
                    column,
                    format!("\"{}\": Kith has no field for it: left out", shorten(value)),
                );
                None
            }
        };
        if let Some(v) = second {
            self.leave_out(
                column,
                format!(
                    "\"{}\": a second value for the same field: left out",
                    shorten(&v)
                ),
            );
        }
    }
}

fn read_row(
    cols: &[Column],
    record: &csv::StringRecord,
    line: u64,
    order: Order,
    skipped: &mut Vec<Skipped>,
) -> Option<Incoming> {
    let mut cells = Cells::default();
    for (i, value) in record.iter().enumerate() {
        if value.trim().is_empty() {
            continue;
        }
        match cols.get(i) {
            Some(col) if col.name.is_empty() => cells.leave_out(
                &format!("column {}", i + 1),
                format!("\"{}\": a column without a name: left out", shorten(value)),
            ),
            Some(col) => cells.take(&col.name, col.field, value.trim()),
            None => cells.leave_out(
                &format!("column {}", i + 1),
                format!(
                    "\"{}\": past the last column of the header: left out",
                    shorten(value)
                ),
            ),
        }
    }
    let (contact, left_out) = contact(cells, order);
    let name = (!contact.name.is_empty()).then_some(contact.name.as_str());
    for (column, reason) in &left_out {
        skipped.push(Skipped::field(line, column, name, reason.clone()));
    }
    if contact.name.is_empty() {
        skipped.push(Skipped::field(line, "Name", None, "no name: skipped"));
        return None;
    }
    Some(Incoming {
        line,
        contact,
        photo: None,
    })
}

/// The name shown: the display name, else the parts, else the nickname, the company or the
/// first email address.
fn shown_name(c: &Cells) -> String {
    let p = &c.parts;
    let composed = one_line(
        &[&p.prefix, &p.given, &p.additional, &p.family, &p.suffix]
            .iter()
            .filter_map(|s| s.as_deref())
            .collect::<Vec<_>>()
            .join(" "),
    );
    c.display
        .clone()
        .filter(|d| !d.is_empty())
        .or((!composed.is_empty()).then_some(composed))
        .or_else(|| c.nickname.clone())
        .or_else(|| c.company.clone())
        .or_else(|| {
            c.channels
                .iter()
                .find(|ch| ch.kind == ChannelKind::Email)
                .map(|ch| ch.value.clone())
        })
        .unwrap_or_default()
}

/// The contact a row's cells make, and the (column, reason) of what it leaves out.
fn contact(mut c: Cells, order: Order) -> (ContactInput, Vec<(String, String)>) {
    let name = shown_name(&c);
    let dates = dates(&mut c, order);
    check_displays(&mut c, &name);
    let addresses: Vec<Address> = c.addresses.drain(..).map(address).collect();
    let location = c.location.take().or_else(|| {
        addresses.iter().find_map(|a| {
            let place: Vec<&str> = [&a.locality, &a.country]
                .into_iter()
                .filter_map(|p| p.as_deref())
                .collect();
            (!place.is_empty()).then(|| place.join(", "))
        })
    });
    let (role, titles) = match (c.job_title.take(), c.profession.take()) {
        (None, p) => (p, Vec::new()),
        (role, None) => (role, Vec::new()),
        (role, Some(p)) => (
            role,
            vec![Title {
                kind: TitleKind::Role,
                value: p,
            }],
        ),
    };
    let contact = ContactInput {
        name,
        company: c.company,
        role,
        location,
        met_how: c.referred_by.map(|r| format!("referred by {r}")),
        notes: c.notes.join("\n\n"),
        tags: c.tags,
        channels: c.channels,
        dates,
        name_parts: c.parts,
        nickname: c.nickname,
        department: c.department,
        titles,
        addresses,
        ..Default::default()
    };
    (contact, c.left_out)
}

/// Street lines: the first is the street, the others the extended address.
fn address(a: AddressCells) -> Address {
    let mut lines = a.lines.into_iter();
    let street = lines.next();
    let extended: Vec<String> = lines.collect();
    let (label, types) = match a.slot {
        Slot::Work => ("work", vec!["work".to_owned()]),
        Slot::Home => ("home", vec!["home".to_owned()]),
        Slot::Other => ("other", Vec::new()),
    };
    Address {
        label: Some(label.to_owned()),
        types,
        po_box: a.po_box,
        extended: (!extended.is_empty()).then(|| extended.join(", ")),
        street,
        locality: a.locality,
        region: a.region,
        postcode: a.postcode,
        country: a.country,
    }
}

/// Outlook's display names say the name and the address again; one that says something
/// else is reported.
fn check_displays(c: &mut Cells, name: &str) {
    let name = name.to_lowercase();
    let given = c.parts.given.clone().unwrap_or_default().to_lowercase();
    let family = c.parts.family.clone().unwrap_or_default().to_lowercase();
    for (column, value) in std::mem::take(&mut c.displays) {
        let v = value.to_lowercase();
        let derived = v.contains('@')
            || v == name
            || (!given.is_empty() && v.contains(&given))
            || (!family.is_empty() && v.contains(&family));
        if !derived {
            c.leave_out(
                &column,
                format!(
                    "\"{}\": Kith keeps the address, not a display name: left out",
                    shorten(&value)
                ),
            );
        }
    }
}

fn birthday(year: Option<i32>, month: u32, day: u32, label: &str) -> ImportantDate {
    ImportantDate {
        label: label.to_owned(),
        year,
        month,
        day,
        recurring: true,
    }
}

/// The row's dates: whole ones (Outlook) and Thunderbird's year, month and day columns.
fn dates(c: &mut Cells, order: Order) -> Vec<ImportantDate> {
    let mut out = Vec::new();
    for (label, column, value) in std::mem::take(&mut c.dates) {
        match parse_date(&value, order) {
            DateCell::None => {}
            DateCell::Date(y, m, d) => out.push(birthday(y, m, d, label)),
            DateCell::Bad => c.leave_out(
                &column,
                format!("\"{}\" is not a date: left out", shorten(&value)),
            ),
        }
    }
    let [year, month, day] = std::mem::take(&mut c.birth);
    if year.is_none() && month.is_none() && day.is_none() {
        return out;
    }
    let num = |cell: &Option<(String, String)>| cell.as_ref().map(|(_, v)| v.parse::<u32>().ok());
    let y = num(&year).flatten().and_then(|y| i32::try_from(y).ok());
    let y = y.filter(|y| *y >= crate::validate::MIN_YEAR);
    match (num(&month).flatten(), num(&day).flatten()) {
        (Some(m), Some(d)) if NaiveDate::from_ymd_opt(y.unwrap_or(2000), m, d).is_some() => {
            out.push(birthday(y, m, d, "birthday"));
        }
        _ => {
            let column = [&year, &month, &day]
                .into_iter()
                .flatten()
                .map(|(col, _)| col.as_str())
                .collect::<Vec<_>>()
                .join(", ");
            let written = [&year, &month, &day]
                .map(|c| c.as_ref().map_or("?", |(_, v)| v.as_str()))
                .join("-");
            c.leave_out(
                &column,
                format!("\"{written}\" (year-month-day) is not a birthday: left out"),
            );
        }
    }
    out
}

/// A whole date as Outlook writes it in any locale: `3/14/1988`, `14/03/1988` (by
/// `order`), `14.03.1988`, `1988-03-14`, two-digit years (00–29 → 2000s, as Excel
/// reads them), an optional time after it. `0/0/00`, `1/1/1601` and `1.1.4501` are
/// Outlook's "none".
fn parse_date(value: &str, order: Order) -> DateCell {
    let v = value.split_whitespace().next().unwrap_or("");
    if v.is_empty() {
        return DateCell::None;
    }
    let sep = if v.contains('.') {
        '.'
    } else if v.contains('/') {
        '/'
    } else {
        '-'
    };
    let parts: Vec<&str> = v.split(sep).collect();
    if parts.len() != 3
        || parts
            .iter()
            .any(|p| p.is_empty() || p.len() > 4 || !p.chars().all(|c| c.is_ascii_digit()))
    {
        return DateCell::Bad;
    }
    let n: Vec<u32> = parts.iter().map(|p| p.parse().unwrap_or(0)).collect();
    let (y, m, d, year_len) = if parts[0].len() == 4 {
        (n[0], n[1], n[2], 4)
    } else if sep == '.' || order == Order::DayFirst {
        (n[2], n[1], n[0], parts[2].len())
    } else {
        (n[2], n[0], n[1], parts[2].len())
    };
    if (m == 0 && d == 0) || y == 1601 || y == 4501 {
        return DateCell::None;
    }
    let year = match year_len {
        1 | 2 if y < 30 => 2000 + y,
        1 | 2 => 1900 + y,
        _ => y,
    };
    let Ok(year) = i32::try_from(year) else {
        return DateCell::Bad;
    };
    if NaiveDate::from_ymd_opt(year, m, d).is_none() {
        return DateCell::Bad;
    }
    let year = (year >= crate::validate::MIN_YEAR).then_some(year);
    DateCell::Date(year, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_outlook_dates_in_every_locale() {
        use DateCell::{Bad, Date, None};
        let us = Order::MonthFirst;
        assert_eq!(parse_date("3/14/1988", us), Date(Some(1988), 3, 14));
        assert_eq!(parse_date("3/14/88", us), Date(Some(1988), 3, 14));
        assert_eq!(parse_date("7/4/05", us), Date(Some(2005), 7, 4));
        assert_eq!(
            parse_date("14/03/1988", Order::DayFirst),
            Date(Some(1988), 3, 14)
        );
        assert_eq!(parse_date("14.03.1988", us), Date(Some(1988), 3, 14));
        assert_eq!(parse_date("1988-03-14", us), Date(Some(1988), 3, 14));
        assert_eq!(
            parse_date("3/14/1988 12:00:00 AM", us),
            Date(Some(1988), 3, 14)
        );
        for none in ["", "0/0/00", "00.00.0000", "1/1/1601", "1.1.4501"] {
            assert_eq!(parse_date(none, us), None, "{none}");
        }
        for bad in ["someday", "2/30/1990", "14/14/1988", "3/14"] {
            assert_eq!(parse_date(bad, us), Bad, "{bad}");
        }
    }
}
