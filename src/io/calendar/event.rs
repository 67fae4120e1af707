//! One `VEVENT`, parsed by calcard, reduced to what an occurrence needs.

use std::hash::{DefaultHasher, Hash, Hasher};

use calcard::common::{IanaString, PartialDateTime};
use calcard::icalendar::{
    ICalendarComponent, ICalendarEntry, ICalendarParameterName, ICalendarParameterValue,
    ICalendarParticipationRole, ICalendarParticipationStatus, ICalendarPeriod, ICalendarProperty,
    ICalendarRecurrenceRule, ICalendarStatus, ICalendarUserTypes, ICalendarValue,
};
use chrono::{DateTime, NaiveDateTime, TimeDelta, Utc};

use super::{video_link, Attendee, PartStat, Role, Status};

/// Where a time value's zone comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum ZoneRef {
    Utc,
    /// A numeric offset in the value (seconds east of UTC).
    Fixed(i32),
    Tzid(String),
    Floating,
}

/// A `DATE` or `DATE-TIME` value as written: local time and where its zone comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct TimeValue {
    pub local: NaiveDateTime,
    pub date_only: bool,
    pub zone: ZoneRef,
}

/// An `RDATE`: a start, and its own end for a `PERIOD`.
#[derive(Debug, Clone)]
pub(super) struct Rdate {
    pub start: TimeValue,
    pub end: Option<RdateEnd>,
}

#[derive(Debug, Clone)]
pub(super) enum RdateEnd {
    At(TimeValue),
    After(TimeDelta),
}

/// What Kith keeps of one `VEVENT`.
#[derive(Debug, Clone)]
pub(super) struct Event {
    pub line: u64,
    pub calendar: usize,
    pub uid: String,
    pub start: Option<TimeValue>,
    pub end: Option<TimeValue>,
    pub duration: Option<TimeDelta>,
    pub rrule: Option<ICalendarRecurrenceRule>,
    pub rdates: Vec<Rdate>,
    pub exdates: Vec<TimeValue>,
    pub recurrence_id: Option<TimeValue>,
    pub status: Status,
    pub summary: Option<String>,
    pub location: Option<String>,
    pub video_link: Option<String>,
    pub organizer: Option<Attendee>,
    pub attendees: Vec<Attendee>,
    pub sequence: i64,
    pub last_modified: Option<DateTime<Utc>>,
    /// Problems with single properties (the event is still read).
    pub problems: Vec<String>,
}

/// Values of a date property; `None` (with a reason) when one is not a date.
fn time_values(entry: &ICalendarEntry) -> Result<Vec<TimeValue>, String> {
    let tzid = entry.tz_id().map(str::to_owned);
    let mut out = Vec::new();
    for value in &entry.values {
        match value {
            ICalendarValue::PartialDateTime(d) => out.push(time_value(d, tzid.as_deref())?),
            ICalendarValue::Period(ICalendarPeriod::Range { start, .. })
            | ICalendarValue::Period(ICalendarPeriod::Duration { start, .. }) => {
                out.push(time_value(start, tzid.as_deref())?);
            }
            other => {
                let text = other.as_text().unwrap_or("?");
                return Err(format!(
                    "{} is not a date: {}",
                    entry.name.as_str(),
                    crate::io::text::one_line(&text.chars().take(60).collect::<String>())
                ));
            }
        }
    }
    Ok(out)
}

fn time_value(d: &PartialDateTime, tzid: Option<&str>) -> Result<TimeValue, String> {
    let r = d.to_date_time().ok_or_else(|| {
        "a date that does not exist (a 31st of a short month, hour 25…)".to_owned()
    })?;
    let zone = match r.offset.map(|o| o.local_minus_utc()) {
        Some(0) => ZoneRef::Utc,
        Some(secs) => ZoneRef::Fixed(secs),
        None => match tzid.map(str::trim).filter(|t| !t.is_empty()) {
            Some(t) => ZoneRef::Tzid(t.to_owned()),
            None => ZoneRef::Floating,
        },
    };
    let date_only = !d.has_time();
    Ok(TimeValue {
        local: r.date_time,
        date_only,
        zone: if date_only { ZoneRef::Floating } else { zone },
    })
}

fn text(entry: &ICalendarEntry) -> Option<String> {
    let joined: Vec<&str> = entry.values.iter().filter_map(|v| v.as_text()).collect();
    let t = joined.join(",");
    let t = t.trim();
    (!t.is_empty()).then(|| t.to_owned())
}

fn param_text<'a>(entry: &'a ICalendarEntry, name: &ICalendarParameterName) -> Option<&'a str> {
    entry
        .parameter(name)
        .and_then(ICalendarParameterValue::as_text)
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

fn strip_mailto(value: &str) -> Option<&str> {
    let v = value.trim();
    match v.split_once(':') {
        Some((scheme, rest)) if scheme.eq_ignore_ascii_case("mailto") => Some(rest.trim()),
        Some(_) => None,
        None => v.contains('@').then_some(v),
    }
    .filter(|e| e.contains('@') && !e.contains(char::is_whitespace))
}

fn attendee(entry: &ICalendarEntry) -> Attendee {
    let email = entry
        .values
        .first()
        .and_then(|v| v.as_text())
        .and_then(strip_mailto)
        .or_else(|| param_text(entry, &ICalendarParameterName::Email).and_then(strip_mailto))
        .map(str::to_owned);
    let partstat = match entry.parameter(&ICalendarParameterName::Partstat) {
        None => PartStat::NeedsAction,
        Some(ICalendarParameterValue::Partstat(p)) => match p {
            ICalendarParticipationStatus::Accepted => PartStat::Accepted,
            ICalendarParticipationStatus::Declined => PartStat::Declined,
            ICalendarParticipationStatus::Tentative => PartStat::Tentative,
            ICalendarParticipationStatus::NeedsAction => PartStat::NeedsAction,
            ICalendarParticipationStatus::Delegated => PartStat::Delegated,
            other => PartStat::Other(other.as_str().to_ascii_uppercase()),
        },
        Some(other) => PartStat::Other(other.as_text().unwrap_or_default().to_ascii_uppercase()),
    };
    let role = match entry.parameter(&ICalendarParameterName::Role) {
        Some(ICalendarParameterValue::Role(ICalendarParticipationRole::Chair)) => Role::Chair,
        Some(ICalendarParameterValue::Role(ICalendarParticipationRole::OptParticipant)) => {
            Role::Optional
        }
        Some(ICalendarParameterValue::Role(ICalendarParticipationRole::NonParticipant)) => {
            Role::NonParticipant
        }
        _ => Role::Required,
    };
    let is_resource = matches!(
        entry.parameter(&ICalendarParameterName::Cutype),
        Some(ICalendarParameterValue::Cutype(
            ICalendarUserTypes::Room | ICalendarUserTypes::Resource
        ))
    );
    Attendee {
        email,
        name: param_text(entry, &ICalendarParameterName::Cn)
            .map(|n| crate::io::text::one_line(n.trim_matches('"')))
            .filter(|n| !n.is_empty()),
        partstat,
        role,
        is_resource,
    }
}

/// Conference properties, in the order a link is looked for before `URL`, `LOCATION` and
/// `DESCRIPTION`.
const CONFERENCE: [&str; 4] = [
    "X-GOOGLE-CONFERENCE",
    "X-MICROSOFT-SKYPETEAMSMEETINGURL",
    "X-MICROSOFT-ONLINEMEETINGCONFLINK",
    "X-MICROSOFT-ONLINEMEETINGEXTERNALLINK",
];

/// A key for an event with no `UID`: its start, summary and organizer (not `DTSTAMP`, which
/// changes with every export).
fn uid_from_content(component: &ICalendarComponent) -> String {
    let mut h = DefaultHasher::new();
    for entry in &component.entries {
        if matches!(
            entry.name,
            ICalendarProperty::Dtstart
                | ICalendarProperty::Summary
                | ICalendarProperty::Organizer
                | ICalendarProperty::RecurrenceId
        ) {
            format!("{:?}", entry.values).hash(&mut h);
        }
    }
    format!("hash:{:016x}", h.finish())
}

#[derive(Default)]
struct Texts {
    description: Option<String>,
    url: Option<String>,
    conference: Vec<(usize, String)>,
}

/// Reads the event's properties. `Err` when its dates cannot be read at all.
pub(super) fn read(component: &ICalendarComponent, line: u64, calendar: usize) -> Event {
    let mut e = Event {
        line,
        calendar,
        uid: String::new(),
        start: None,
        end: None,
        duration: None,
        rrule: None,
        rdates: Vec::new(),
        exdates: Vec::new(),
        recurrence_id: None,
        status: Status::Confirmed,
        summary: None,
        location: None,
        video_link: None,
        organizer: None,
        attendees: Vec::new(),
        sequence: 0,
        last_modified: None,
        problems: Vec::new(),
    };
    let mut texts = Texts::default();
    for entry in &component.entries {
        read_entry(&mut e, &mut texts, entry);
    }
    if e.uid.is_empty() {
        e.uid = uid_from_content(component);
    }
    texts.conference.sort_by_key(|(rank, _)| *rank);
    e.video_link = texts
        .conference
        .iter()
        .map(|(_, t)| t.as_str())
        .chain(texts.url.as_deref())
        .chain(e.location.as_deref())
        .chain(texts.description.as_deref())
        .find_map(video_link)
        .map(str::to_owned);
    e
}

fn date_property(e: &mut Event, entry: &ICalendarEntry) -> Option<TimeValue> {
    match time_values(entry) {
        Ok(mut v) if !v.is_empty() => Some(v.swap_remove(0)),
        Ok(_) => None,
        Err(why) => {
            e.problems.push(why);
            None
        }
    }
}

fn read_entry(e: &mut Event, texts: &mut Texts, entry: &ICalendarEntry) {
    let first = entry.values.first();
    match &entry.name {
        ICalendarProperty::Uid => e.uid = text(entry).unwrap_or_default(),
        ICalendarProperty::Dtstart => e.start = date_property(e, entry),
        ICalendarProperty::Dtend => e.end = date_property(e, entry),
        ICalendarProperty::Duration => match first {
            Some(ICalendarValue::Duration(d)) => e.duration = d.to_time_delta(),
            _ => e.problems.push("DURATION is not a duration".into()),
        },
        ICalendarProperty::RecurrenceId => e.recurrence_id = date_property(e, entry),
        ICalendarProperty::Rrule => match first {
            Some(ICalendarValue::RecurrenceRule(r)) if e.rrule.is_none() => {
                e.rrule = Some((**r).clone());
            }
            Some(ICalendarValue::RecurrenceRule(_)) => e
                .problems
                .push("a second RRULE was left out (only the first is read)".into()),
            _ => e.problems.push(format!(
                "RRULE could not be read: {}",
                first
                    .and_then(|v| v.as_text())
                    .map(|t| t.chars().take(80).collect::<String>())
                    .unwrap_or_default()
            )),
        },
        ICalendarProperty::Rdate => read_rdate(e, entry),
        ICalendarProperty::Exdate => match time_values(entry) {
            Ok(v) => e.exdates.extend(v),
            Err(why) => e.problems.push(why),
        },
        ICalendarProperty::Status => {
            e.status = match first {
                Some(ICalendarValue::Status(ICalendarStatus::Cancelled)) => Status::Cancelled,
                Some(ICalendarValue::Status(ICalendarStatus::Tentative)) => Status::Tentative,
                _ => Status::Confirmed,
            }
        }
        ICalendarProperty::Summary => {
            e.summary = text(entry).map(|t| crate::io::text::one_line(&t))
        }
        ICalendarProperty::Location => e.location = text(entry),
        ICalendarProperty::Description => texts.description = text(entry),
        ICalendarProperty::Url => texts.url = text(entry),
        ICalendarProperty::Conference => {
            texts.conference.extend(text(entry).map(|t| (0, t)));
        }
        ICalendarProperty::Organizer => e.organizer = Some(attendee(entry)),
        ICalendarProperty::Attendee => e.attendees.push(attendee(entry)),
        ICalendarProperty::Sequence => e.sequence = first.and_then(|v| v.as_integer()).unwrap_or(0),
        ICalendarProperty::LastModified => {
            e.last_modified = first
                .and_then(|v| v.as_partial_date_time())
                .and_then(|d| d.to_date_time())
                .map(|d| match d.offset {
                    Some(o) => d.date_time - TimeDelta::seconds(i64::from(o.local_minus_utc())),
                    None => d.date_time,
                })
                .map(|d| d.and_utc());
        }
        ICalendarProperty::Other(name) => {
            if let Some(rank) = CONFERENCE.iter().position(|c| name.eq_ignore_ascii_case(c)) {
                texts.conference.extend(text(entry).map(|t| (rank + 1, t)));
            }
        }
        _ => {}
    }
}

fn read_rdate(e: &mut Event, entry: &ICalendarEntry) {
    let tzid = entry.tz_id().map(str::to_owned);
    for value in &entry.values {
        let rdate = match value {
            ICalendarValue::PartialDateTime(d) => {
                time_value(d, tzid.as_deref()).map(|start| Rdate { start, end: None })
            }
            ICalendarValue::Period(ICalendarPeriod::Range { start, end }) => {
                time_value(start, tzid.as_deref()).and_then(|start| {
                    Ok(Rdate {
                        start,
                        end: Some(RdateEnd::At(time_value(end, tzid.as_deref())?)),
                    })
                })
            }
            ICalendarValue::Period(ICalendarPeriod::Duration { start, duration }) => {
                time_value(start, tzid.as_deref()).map(|start| Rdate {
                    start,
                    end: duration.to_time_delta().map(RdateEnd::After),
                })
            }
            _ => Err("RDATE is not a date or a period".into()),
        };
        match rdate {
            Ok(r) => e.rdates.push(r),
            Err(why) => e.problems.push(why),
        }
    }
}
