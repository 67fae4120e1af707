//! Time zones: a `TZID` resolved to a zone Kith can compute with, and local times turned into
//! UTC instants. Names go through calcard's table (IANA, Windows, Outlook labels, vendor
//! prefixes), then the file's `VTIMEZONE`s: their `X-LIC-LOCATION` / `X-MICROSOFT-CDO-TZID`,
//! else their own `STANDARD`/`DAYLIGHT` observances (yearly `BYMONTH` + `BYDAY` rules, or
//! fixed onsets), which is how Outlook's "Customized Time Zone" is read.

use std::collections::HashMap;
use std::str::FromStr;
use std::sync::Arc;

use calcard::common::timezone::Tz;
use calcard::common::PartialDateTime;
use calcard::icalendar::{
    ICalendarComponent, ICalendarComponentType, ICalendarProperty, ICalendarValue,
};
use chrono::{
    DateTime, Datelike, Duration, LocalResult, NaiveDate, NaiveDateTime, Offset, TimeZone, Utc,
    Weekday,
};

/// A zone local times can be read in.
#[derive(Debug, Clone)]
pub(super) enum Zone {
    /// A named or fixed-offset zone (never `Tz::Floating`).
    Known(Tz),
    /// A zone defined only by a `VTIMEZONE`'s observances.
    Rules(Arc<Rules>),
}

impl Zone {
    pub fn utc() -> Self {
        Zone::Known(Tz::UTC)
    }

    pub fn from_chrono(tz: chrono_tz::Tz) -> Self {
        Zone::Known(Tz::Tz(tz))
    }

    pub fn fixed(seconds: i32) -> Self {
        chrono::FixedOffset::east_opt(seconds)
            .map(|o| Zone::Known(Tz::Fixed(o)))
            .unwrap_or_else(Zone::utc)
    }

    /// The instant of a local time. A time skipped by a daylight-saving change is read with
    /// the offset before the change (02:30 on a spring-forward night is 03:30 summer time);
    /// a time that happens twice is the first of the two.
    pub fn to_utc(&self, local: NaiveDateTime) -> Option<DateTime<Utc>> {
        match self {
            Zone::Known(tz) => match tz.from_local_datetime(&local) {
                LocalResult::Single(d) | LocalResult::Ambiguous(d, _) => {
                    Some(d.with_timezone(&Utc))
                }
                LocalResult::None => {
                    let before = tz
                        .offset_from_utc_datetime(&(local - Duration::days(1)))
                        .fix()
                        .local_minus_utc();
                    local
                        .checked_sub_signed(Duration::seconds(i64::from(before)))
                        .map(|n| n.and_utc())
                }
            },
            Zone::Rules(rules) => rules.to_utc(local),
        }
    }

    /// The local time of an instant.
    pub fn to_local(&self, utc: DateTime<Utc>) -> NaiveDateTime {
        match self {
            Zone::Known(tz) => utc.with_timezone(tz).naive_local(),
            Zone::Rules(rules) => {
                let off = rules.offset_at(utc.naive_utc());
                utc.naive_utc() + Duration::seconds(i64::from(off))
            }
        }
    }
}

/// One `STANDARD` or `DAYLIGHT` of a `VTIMEZONE`.
#[derive(Debug, Clone)]
struct Observance {
    /// Local onset (in the offset before it).
    start: NaiveDateTime,
    from: i32,
    to: i32,
    /// A yearly rule: month and (nth, weekday), nth -1 for the last.
    rule: Option<(u32, i16, Weekday)>,
    until: Option<NaiveDateTime>,
    rdates: Vec<NaiveDateTime>,
}

/// The observances of a `VTIMEZONE` that names no zone Kith knows.
#[derive(Debug, Clone)]
pub(super) struct Rules {
    observances: Vec<Observance>,
}

fn nth_weekday(year: i32, month: u32, nth: i16, weekday: Weekday) -> Option<NaiveDate> {
    if nth > 0 {
        NaiveDate::from_weekday_of_month_opt(year, month, weekday, u8::try_from(nth).ok()?)
    } else {
        let (y, m) = if month == 12 {
            (year + 1, 1)
        } else {
            (year, month + 1)
        };
        let mut day = NaiveDate::from_ymd_opt(y, m, 1)?.pred_opt()?;
        while day.weekday() != weekday {
            day = day.pred_opt()?;
        }
        let back = i64::from(nth.unsigned_abs().saturating_sub(1)) * 7;
        let day = day.checked_sub_signed(Duration::days(back))?;
        (day.month() == month).then_some(day)
    }
}

impl Rules {
    /// Onsets as UTC (naive) with the offset after them, around `year`.
    fn transitions(&self, year: i32) -> Vec<(NaiveDateTime, i32)> {
        let mut out = Vec::new();
        for o in &self.observances {
            let shift = Duration::seconds(i64::from(o.from));
            let mut push = |local: NaiveDateTime| {
                if local >= o.start && o.until.is_none_or(|u| local <= u) {
                    out.push((local - shift, o.to));
                }
            };
            match o.rule {
                Some((month, nth, weekday)) => {
                    for y in [year - 1, year] {
                        if let Some(d) = nth_weekday(y, month, nth, weekday) {
                            push(d.and_time(o.start.time()));
                        }
                    }
                }
                None => push(o.start),
            }
            for r in &o.rdates {
                push(*r);
            }
        }
        out
    }

    fn offset_at(&self, utc: NaiveDateTime) -> i32 {
        self.transitions(utc.year())
            .into_iter()
            .filter(|(at, _)| *at <= utc)
            .max_by_key(|(at, _)| *at)
            .map(|(_, to)| to)
            .or_else(|| {
                self.observances
                    .iter()
                    .min_by_key(|o| o.start)
                    .map(|o| o.from)
            })
            .unwrap_or(0)
    }

    fn to_utc(&self, local: NaiveDateTime) -> Option<DateTime<Utc>> {
        let mut offsets: Vec<i32> = self
            .observances
            .iter()
            .flat_map(|o| [o.from, o.to])
            .collect();
        offsets.sort_unstable();
        offsets.dedup();
        // The largest offset that holds gives the earliest instant.
        for off in offsets.iter().rev() {
            let utc = local.checked_sub_signed(Duration::seconds(i64::from(*off)))?;
            if self.offset_at(utc) == *off {
                return Some(utc.and_utc());
            }
        }
        let off = offsets.first().copied().unwrap_or(0);
        local
            .checked_sub_signed(Duration::seconds(i64::from(off)))
            .map(|n| n.and_utc())
    }
}

fn utc_offset(value: &PartialDateTime) -> Option<i32> {
    let secs = i32::from(value.tz_hour?) * 3600 + i32::from(value.tz_minute.unwrap_or(0)) * 60;
    Some(if value.tz_minus { -secs } else { secs })
}

fn observance(component: &ICalendarComponent) -> Option<Observance> {
    let mut start = None;
    let mut from = None;
    let mut to = None;
    let mut rule = None;
    let mut until = None;
    let mut rdates = Vec::new();
    for entry in &component.entries {
        let Some(value) = entry.values.first() else {
            continue;
        };
        match (&entry.name, value) {
            (ICalendarProperty::Dtstart, ICalendarValue::PartialDateTime(d)) => {
                start = d.to_date_time().map(|d| d.date_time);
            }
            (ICalendarProperty::Tzoffsetfrom, ICalendarValue::PartialDateTime(d)) => {
                from = utc_offset(d);
            }
            (ICalendarProperty::Tzoffsetto, ICalendarValue::PartialDateTime(d)) => {
                to = utc_offset(d);
            }
            (ICalendarProperty::Rrule, ICalendarValue::RecurrenceRule(r)) => {
                let month = r.bymonth.first().map(|m| u32::from(m.month()));
                let day = r.byday.first();
                if let (Some(month), Some(day)) = (month, day) {
                    rule = Some((month, day.ordwk.unwrap_or(1), day.weekday.into()));
                }
                until = r
                    .until
                    .as_ref()
                    .and_then(|u| u.to_date_time())
                    .map(|d| d.date_time);
            }
            (ICalendarProperty::Rdate, _) => {
                rdates.extend(entry.values.iter().filter_map(|v| match v {
                    ICalendarValue::PartialDateTime(d) => d.to_date_time().map(|d| d.date_time),
                    _ => None,
                }));
            }
            _ => {}
        }
    }
    let to = to?;
    rdates.truncate(64);
    Some(Observance {
        start: start.unwrap_or_default(),
        from: from.unwrap_or(to),
        to,
        rule,
        until,
        rdates,
    })
}

/// A name calcard does not know, tried again without vendor decoration: quotes, and a path
/// whose last segments are an IANA name (`/example.com/2026a/Europe/Berlin`).
fn resolve_name(name: &str) -> Option<Tz> {
    let name = name.trim().trim_matches('"').trim();
    if name.is_empty() {
        return None;
    }
    if let Ok(tz) = Tz::from_str(name) {
        return (!tz.is_floating()).then_some(tz);
    }
    let parts: Vec<&str> = name.split('/').filter(|p| !p.is_empty()).collect();
    for take in [3, 2] {
        if parts.len() >= take {
            let tail = parts[parts.len() - take..].join("/");
            if let Ok(tz) = chrono_tz::Tz::from_str(&tail) {
                return Some(Tz::Tz(tz));
            }
        }
    }
    None
}

/// The zones a file defines, by `TZID`.
#[derive(Debug, Default)]
pub(super) struct Zones {
    defined: HashMap<String, Zone>,
}

impl Zones {
    /// Reads one parsed `VTIMEZONE` (the first component) with its observances.
    pub fn add(&mut self, components: &[ICalendarComponent]) {
        let Some(tz) = components.first() else {
            return;
        };
        let Some(id) = tz
            .entries
            .iter()
            .find_map(|e| match (&e.name, e.values.first()) {
                (ICalendarProperty::Tzid, Some(ICalendarValue::Text(id))) => Some(id.clone()),
                _ => None,
            })
        else {
            return;
        };
        if let Some((_, known)) = tz.timezone().filter(|(_, t)| !t.is_floating()) {
            self.defined.insert(id, Zone::Known(known));
            return;
        }
        let observances: Vec<Observance> = tz
            .component_ids
            .iter()
            .filter_map(|i| components.get(*i as usize))
            .filter(|c| {
                matches!(
                    c.component_type,
                    ICalendarComponentType::Standard | ICalendarComponentType::Daylight
                )
            })
            .take(64)
            .filter_map(observance)
            .collect();
        if !observances.is_empty() {
            self.defined
                .insert(id, Zone::Rules(Arc::new(Rules { observances })));
        }
    }

    /// The zone of a `TZID`, or `None` when nothing names or defines it.
    pub fn resolve(&self, tzid: &str) -> Option<Zone> {
        if let Some(tz) = Tz::from_str(tzid).ok().filter(|t| !t.is_floating()) {
            return Some(Zone::Known(tz));
        }
        if let Some(zone) = self.defined.get(tzid) {
            return Some(zone.clone());
        }
        resolve_name(tzid).map(Zone::Known)
    }
}
