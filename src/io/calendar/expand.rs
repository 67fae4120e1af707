//! From a file's events to occurrences: events grouped by `UID` into a series and its
//! overrides, rules expanded in local time within the caps, `EXDATE`s removed, `RDATE`s added,
//! overrides put in place of the instance they replace, and what starts inside the window kept.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::panic::{catch_unwind, AssertUnwindSafe};

use calcard::common::timezone::Tz;
use calcard::common::PartialDateTime;
use calcard::icalendar::{
    ICalendar, ICalendarComponent, ICalendarComponentType, ICalendarEntry, ICalendarProperty,
    ICalendarRecurrenceRule, ICalendarValue,
};
use calcard::{Entry, Parser};
use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeDelta, Utc};

use super::event::{self, Event, RdateEnd, TimeValue, ZoneRef};
use super::lines::{self, Block, CalendarHeader};
use super::zone::{Zone, Zones};
use super::{CalendarProblem, CalendarRead, Limits, Occurrence, OccurrenceKey, Status};

/// What the reads of one file (or of every entry of a zip) gathered so far.
#[derive(Debug)]
pub(super) struct Acc {
    pub read: CalendarRead,
    /// Rule steps left for the rest of the read.
    pub steps_left: usize,
}

impl Acc {
    pub fn new(limits: &Limits) -> Self {
        Self {
            read: CalendarRead::default(),
            steps_left: limits.max_steps_total,
        }
    }

    /// One occurrence per key (highest `SEQUENCE`, then `LAST-MODIFIED`, then first read), by
    /// start.
    pub fn finish(mut self) -> CalendarRead {
        let occurrences = &self.read.occurrences;
        let mut best: rustc_hash::FxHashMap<(&str, Option<&str>), usize> =
            rustc_hash::FxHashMap::default();
        best.reserve(occurrences.len());
        let mut keep = vec![true; occurrences.len()];
        for (i, o) in occurrences.iter().enumerate() {
            let key = (o.uid.as_str(), o.recurrence_id.as_deref());
            match best.entry(key) {
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert(i);
                }
                std::collections::hash_map::Entry::Occupied(mut e) => {
                    let j = *e.get();
                    let other = &occurrences[j];
                    if (o.sequence, o.last_modified) > (other.sequence, other.last_modified) {
                        keep[j] = false;
                        e.insert(i);
                    } else {
                        keep[i] = false;
                    }
                }
            }
        }
        drop(best);
        let mut flags = keep.into_iter();
        self.read
            .occurrences
            .retain(|_| flags.next().unwrap_or(true));
        // One occurrence per key is left, so no two compare equal: an unstable sort (in place)
        // orders them as a stable one would.
        self.read.occurrences.sort_unstable_by(|a, b| {
            (a.start, &a.uid, &a.recurrence_id).cmp(&(b.start, &b.uid, &b.recurrence_id))
        });
        let mut seen = HashSet::new();
        self.read
            .problems
            .retain(|p| seen.insert((p.file.clone(), p.line, p.uid.clone(), p.reason.clone())));
        self.read.excluded.sort();
        self.read.excluded.dedup();
        self.read.calendars.dedup();
        self.read
    }
}

/// calcard's parser on one block's text; `None` when it panics or finds no component.
fn parse_block(text: &str) -> Option<Vec<ICalendarComponent>> {
    catch_unwind(AssertUnwindSafe(|| match Parser::new(text).entry() {
        Entry::ICalendar(ical) => Some(ical.components),
        _ => None,
    }))
    .ok()
    .flatten()
    .filter(|c| !c.is_empty())
}

/// Below this many events a file is parsed on one thread.
const PARSE_ALONE_BELOW: usize = 256;

/// Each block read as an event (`None`: it could not be parsed), in order; on every core the
/// machine has when there are many, since calcard's parser is most of the time of reading a
/// calendar, and each block is parsed on its own.
fn parse_events(blocks: &[Block]) -> Vec<Option<Event>> {
    let one = |block: &Block| {
        parse_block(&block.text).map(|c| event::read(&c[0], block.line, block.calendar))
    };
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    if threads < 2 || blocks.len() < PARSE_ALONE_BELOW {
        return blocks.iter().map(one).collect();
    }
    let chunk = blocks.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let parts: Vec<_> = blocks
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(one).collect::<Vec<_>>()))
            .collect();
        parts
            .into_iter()
            // A panic inside calcard is caught by `parse_block`; one here is a bug of ours.
            .flat_map(|p| p.join().expect("a calendar parsing thread"))
            .collect()
    })
}

/// A series and its overrides.
#[derive(Debug, Default)]
struct Group {
    master: Option<Event>,
    overrides: Vec<Event>,
}

/// The time zone of a value and whether it was floating.
#[derive(Debug, Clone)]
struct Placed {
    zone: Zone,
    floating: bool,
}

/// One instance of a series, before the window and the caps.
#[derive(Debug, Clone)]
struct Instance {
    local: NaiveDateTime,
    start: DateTime<Utc>,
    /// The end of an `RDATE` period.
    end: Option<DateTime<Utc>>,
}

struct FileCtx<'a> {
    zones: Zones,
    headers: &'a [CalendarHeader],
    /// Each calendar's `X-WR-TIMEZONE`, resolved.
    calendar_zones: Vec<Option<Zone>>,
    default: Zone,
    window: (DateTime<Utc>, DateTime<Utc>),
    limits: &'a Limits,
    file: Option<&'a str>,
}

/// Reads one file's bytes into `acc`.
pub(super) fn read_file(
    bytes: &[u8],
    file: Option<&str>,
    window: (DateTime<Utc>, DateTime<Utc>),
    limits: &Limits,
    acc: &mut Acc,
) {
    let (text, note) = lines::decode(bytes);
    if let Some(note) = note {
        acc.read.notes.push(match file {
            Some(f) => format!("{f}: {note}"),
            None => note,
        });
    }
    let split = lines::split(&text, limits.max_property_bytes, limits.max_events);
    drop(text);
    acc.read.skipped_events += split.skipped;
    for (line, uid, reason) in split.problems {
        acc.read.problems.push(CalendarProblem {
            uid,
            summary: None,
            file: file.map(str::to_owned),
            line,
            reason,
        });
    }
    acc.read
        .calendars
        .extend(split.calendars.iter().filter_map(|c| c.name.clone()));
    let mut zones = Zones::default();
    for block in &split.timezones {
        if let Some(components) = parse_block(&block.text) {
            zones.add(&components);
        }
    }
    let default = Zone::from_chrono(limits.default_tz);
    let calendar_zones = split
        .calendars
        .iter()
        .map(|c| c.timezone.as_deref().and_then(|t| zones.resolve(t)))
        .collect();
    let ctx = FileCtx {
        zones,
        headers: &split.calendars,
        calendar_zones,
        default,
        window,
        limits,
        file,
    };
    let groups = ctx.group(&split.events, acc);
    for group in groups {
        ctx.expand(group, acc);
    }
}

/// `YYYYMMDD`, `YYYYMMDDTHHMMSS` (floating) or `YYYYMMDDTHHMMSSZ`.
fn key(all_day: bool, floating: bool, local: NaiveDateTime, utc: DateTime<Utc>) -> String {
    if all_day {
        local.format("%Y%m%d").to_string()
    } else if floating {
        local.format("%Y%m%dT%H%M%S").to_string()
    } else {
        utc.format("%Y%m%dT%H%M%SZ").to_string()
    }
}

fn floating_value(local: NaiveDateTime, date_only: bool) -> Option<PartialDateTime> {
    use chrono::{Datelike, Timelike};
    let year = u16::try_from(local.year()).ok()?;
    let time = |v: u32| (!date_only).then(|| u8::try_from(v).ok()).flatten();
    Some(PartialDateTime {
        year: Some(year),
        month: u8::try_from(local.month()).ok(),
        day: u8::try_from(local.day()).ok(),
        hour: time(local.hour()),
        minute: time(local.minute()),
        second: time(local.second()),
        ..PartialDateTime::default()
    })
}

fn entry(name: ICalendarProperty, value: ICalendarValue) -> ICalendarEntry {
    ICalendarEntry {
        name,
        params: Vec::new(),
        values: vec![value],
    }
}

impl FileCtx<'_> {
    fn problem(&self, acc: &mut Acc, e: Option<&Event>, line: u64, reason: String) {
        acc.read.problems.push(CalendarProblem {
            uid: e.map(|e| e.uid.clone()),
            summary: e.and_then(|e| e.summary.clone()),
            file: self.file.map(str::to_owned),
            line: e.map_or(line, |e| e.line),
            reason,
        });
    }

    /// Parses each block and groups the events by `UID`, in the order of the file.
    fn group(&self, blocks: &[Block], acc: &mut Acc) -> Vec<Group> {
        let mut order: Vec<Group> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        for (block, parsed) in blocks.iter().zip(parse_events(blocks)) {
            let Some(mut e) = parsed else {
                acc.read.skipped_events += 1;
                acc.read.problems.push(CalendarProblem {
                    uid: block.uid.clone(),
                    summary: None,
                    file: self.file.map(str::to_owned),
                    line: block.line,
                    reason: "this event could not be read: left out".into(),
                });
                continue;
            };
            acc.read.events += 1;
            if self.headers.get(block.calendar).is_some_and(|h| h.cancel) {
                e.status = Status::Cancelled;
            }
            for reason in block.problems.iter().chain(&e.problems) {
                self.problem(acc, Some(&e), 0, reason.clone());
            }
            let at = *index.entry(e.uid.clone()).or_insert_with(|| {
                order.push(Group::default());
                order.len() - 1
            });
            let group = &mut order[at];
            if e.recurrence_id.is_some() {
                group.overrides.push(e);
            } else if let Some(m) = &group.master {
                // The same event twice (two VCALENDARs, a re-export): the latest wins.
                if (e.sequence, e.last_modified) > (m.sequence, m.last_modified) {
                    group.master = Some(e);
                }
            } else {
                group.master = Some(e);
            }
        }
        order
    }

    /// The zone a value is read in. A floating `EXDATE`, `RDATE`, `RECURRENCE-ID` or `DTEND`
    /// takes its series' zone (`series`).
    fn place(
        &self,
        acc: &mut Acc,
        e: &Event,
        value: &TimeValue,
        series: Option<&Placed>,
    ) -> Placed {
        let floating_zone = || {
            self.calendar_zones
                .get(e.calendar)
                .cloned()
                .flatten()
                .unwrap_or_else(|| self.default.clone())
        };
        if value.date_only {
            return Placed {
                zone: self.default.clone(),
                floating: false,
            };
        }
        match &value.zone {
            ZoneRef::Utc => Placed {
                zone: Zone::utc(),
                floating: false,
            },
            ZoneRef::Fixed(s) => Placed {
                zone: Zone::fixed(*s),
                floating: false,
            },
            ZoneRef::Tzid(name) => match self.zones.resolve(name) {
                Some(zone) => Placed {
                    zone,
                    floating: false,
                },
                None => {
                    let name =
                        crate::io::text::one_line(&name.chars().take(80).collect::<String>());
                    self.problem(
                        acc,
                        Some(e),
                        0,
                        format!(
                            "unknown time zone \"{name}\": read in {}",
                            self.limits.default_tz.name()
                        ),
                    );
                    Placed {
                        zone: self.default.clone(),
                        floating: false,
                    }
                }
            },
            ZoneRef::Floating => match series {
                Some(s) if !s.floating => s.clone(),
                _ => Placed {
                    zone: floating_zone(),
                    floating: true,
                },
            },
        }
    }

    fn instant(
        &self,
        acc: &mut Acc,
        e: &Event,
        placed: &Placed,
        local: NaiveDateTime,
    ) -> Option<DateTime<Utc>> {
        let utc = placed.zone.to_utc(local);
        if utc.is_none() {
            self.problem(acc, Some(e), 0, format!("{local} cannot be placed in time"));
        }
        utc
    }

    fn in_window(&self, t: DateTime<Utc>) -> bool {
        self.window.0 <= t && t < self.window.1
    }

    fn expand(&self, group: Group, acc: &mut Acc) {
        let Group {
            mut master,
            mut overrides,
        } = group;
        if master.is_none() {
            // Lotus Notes writes a series as one event with RECURRENCE-ID;RANGE=THISANDFUTURE
            // and its RDATEs: with no master in the file, such an event is the series.
            if let Some(at) = overrides
                .iter()
                .position(|o| o.rrule.is_some() || !o.rdates.is_empty())
            {
                let mut series = overrides.remove(at);
                series.recurrence_id = None;
                master = Some(series);
            }
        }
        let Some(master) = master else {
            // Overrides whose series is not in the file (an invitation to one instance).
            for o in &overrides {
                self.emit_override(acc, o, None, None, &mut HashSet::new());
            }
            return;
        };
        let Some(start) = master.start.clone() else {
            acc.read.skipped_events += 1;
            self.problem(acc, Some(&master), 0, "no DTSTART: left out".into());
            return;
        };
        let placed = self.place(acc, &master, &start, None);
        let Some(start_utc) = self.instant(acc, &master, &placed, start.local) else {
            acc.read.skipped_events += 1;
            return;
        };
        let length = self.length(acc, &master, &start, &placed, start_utc);
        let repeats = master.rrule.is_some() || !master.rdates.is_empty();
        if repeats {
            acc.read.series += 1;
        }
        let mut instances = self.instances(acc, &master, &start, &placed, start_utc);
        let all_day = start.date_only;
        let mut done: HashSet<String> = HashSet::new();
        for o in &overrides {
            self.emit_override(acc, o, Some((&master, &placed)), length, &mut done);
        }
        instances.retain(|k, _| !done.contains(k));
        let mut kept = 0;
        let mut capped = false;
        for (k, inst) in instances {
            if !self.in_window(inst.start) {
                continue;
            }
            if kept == self.limits.max_occurrences_per_series {
                capped = true;
                break;
            }
            kept += 1;
            let end = inst.end.or_else(|| {
                length.and_then(|d| {
                    let local = inst.local.checked_add_signed(d)?;
                    placed.zone.to_utc(local)
                })
            });
            let occurrence = self.occurrence(
                &master,
                repeats.then_some(k),
                inst.start,
                end,
                all_day,
                placed.floating,
                false,
            );
            acc.read.occurrences.push(occurrence);
        }
        if capped {
            acc.read.capped_series += 1;
            self.problem(
                acc,
                Some(&master),
                0,
                format!(
                    "more than {} occurrences in the window: the later ones were left out",
                    self.limits.max_occurrences_per_series
                ),
            );
        }
    }

    /// The local length of each instance (so that 09:00–10:00 stays an hour across a
    /// daylight-saving change); `None` for a timed event with no end.
    fn length(
        &self,
        acc: &mut Acc,
        e: &Event,
        start: &TimeValue,
        placed: &Placed,
        start_utc: DateTime<Utc>,
    ) -> Option<TimeDelta> {
        let length = match (&e.end, e.duration) {
            (Some(end), _) if start.date_only || end.date_only => {
                Some(end.local.date() - start.local.date())
            }
            (Some(end), _) => {
                let end_placed = self.place(acc, e, end, Some(placed));
                let end_utc = self.instant(acc, e, &end_placed, end.local)?;
                Some(placed.zone.to_local(end_utc) - placed.zone.to_local(start_utc))
            }
            (None, Some(d)) => Some(d),
            (None, None) if start.date_only => Some(TimeDelta::days(1)),
            (None, None) => None,
        };
        match length {
            Some(d) if d < TimeDelta::zero() => {
                self.problem(
                    acc,
                    Some(e),
                    0,
                    "it ends before it starts: read with no end".into(),
                );
                None
            }
            other => other,
        }
    }

    /// The instances of a series (or the one of a single event), by key, `EXDATE`s removed.
    fn instances(
        &self,
        acc: &mut Acc,
        master: &Event,
        start: &TimeValue,
        placed: &Placed,
        start_utc: DateTime<Utc>,
    ) -> BTreeMap<String, Instance> {
        let all_day = start.date_only;
        let mut out = BTreeMap::new();
        let add = |out: &mut BTreeMap<String, Instance>, inst: Instance, floating: bool| {
            let k = key(all_day, floating, inst.local, inst.start);
            out.entry(k).or_insert(inst);
        };
        add(
            &mut out,
            Instance {
                local: start.local,
                start: start_utc,
                end: None,
            },
            placed.floating,
        );
        if let Some(rule) = &master.rrule {
            for local in self.rule_instances(acc, master, rule, start, placed) {
                if let Some(utc) = placed.zone.to_utc(local) {
                    add(
                        &mut out,
                        Instance {
                            local,
                            start: utc,
                            end: None,
                        },
                        placed.floating,
                    );
                }
            }
        }
        for r in &master.rdates {
            let p = self.place(acc, master, &r.start, Some(placed));
            let Some(utc) = self.instant(acc, master, &p, r.start.local) else {
                continue;
            };
            let end = match &r.end {
                Some(RdateEnd::At(v)) => {
                    let pe = self.place(acc, master, v, Some(placed));
                    pe.zone.to_utc(v.local)
                }
                Some(RdateEnd::After(d)) => utc.checked_add_signed(*d),
                None => None,
            };
            let local = placed.zone.to_local(utc);
            let local = if all_day { r.start.local } else { local };
            add(
                &mut out,
                Instance {
                    local,
                    start: utc,
                    end,
                },
                p.floating && placed.floating,
            );
        }
        self.remove_exdates(acc, master, all_day, placed, &mut out);
        out
    }

    fn remove_exdates(
        &self,
        acc: &mut Acc,
        master: &Event,
        all_day: bool,
        placed: &Placed,
        out: &mut BTreeMap<String, Instance>,
    ) {
        let mut keys = HashSet::new();
        let mut days: HashSet<NaiveDate> = HashSet::new();
        for x in &master.exdates {
            if x.date_only && !all_day {
                // A DATE on a timed series: that day's instances.
                days.insert(x.local.date());
                continue;
            }
            let p = self.place(acc, master, x, Some(placed));
            if let Some(utc) = p.zone.to_utc(x.local) {
                keys.insert(key(all_day, p.floating, x.local, utc));
            }
        }
        if keys.is_empty() && days.is_empty() {
            return;
        }
        out.retain(|k, inst| {
            let gone = keys.contains(k) || days.contains(&inst.local.date());
            if gone && self.in_window(inst.start) {
                acc.read.excluded.push(OccurrenceKey {
                    uid: master.uid.clone(),
                    recurrence_id: k.clone(),
                });
            }
            !gone
        });
    }

    /// The local starts an `RRULE` gives up to the window's end, from calcard's rule engine,
    /// within the step caps.
    fn rule_instances(
        &self,
        acc: &mut Acc,
        master: &Event,
        rule: &ICalendarRecurrenceRule,
        start: &TimeValue,
        placed: &Placed,
    ) -> Vec<NaiveDateTime> {
        let end_local = placed.zone.to_local(self.window.1) + TimeDelta::days(1);
        let mut rule = rule.clone();
        if rule.interval == Some(0) {
            rule.interval = Some(1);
        }
        // UNTIL in the series' local time (calcard compares it with local times); a DATE
        // UNTIL on a timed series includes that whole day.
        let until = rule.until.as_ref().and_then(|u| {
            let d = u.to_date_time()?;
            Some(match d.offset {
                Some(o) => placed.zone.to_local(
                    (d.date_time - TimeDelta::seconds(i64::from(o.local_minus_utc()))).and_utc(),
                ),
                None if !u.has_time() && !start.date_only => {
                    d.date_time.date().and_hms_opt(23, 59, 59)?
                }
                None => d.date_time,
            })
        });
        let bound = until.map_or(end_local, |u| u.min(end_local));
        if bound < start.local {
            return Vec::new();
        }
        rule.until = floating_value(bound, false);
        let Some(dtstart) = floating_value(start.local, start.date_only) else {
            return Vec::new();
        };
        let limit = self.limits.max_steps_per_series.min(acc.steps_left);
        let ical = ICalendar {
            components: vec![ICalendarComponent {
                component_type: ICalendarComponentType::VEvent,
                entries: vec![
                    entry(
                        ICalendarProperty::Dtstart,
                        ICalendarValue::PartialDateTime(Box::new(dtstart)),
                    ),
                    entry(
                        ICalendarProperty::Rrule,
                        ICalendarValue::RecurrenceRule(Box::new(rule)),
                    ),
                ],
                component_ids: Vec::new(),
            }],
        };
        let expanded = catch_unwind(AssertUnwindSafe(|| {
            ical.expand_dates(Tz::Floating, limit.saturating_add(1))
        }));
        let Ok(expanded) = expanded else {
            self.problem(
                acc,
                Some(master),
                0,
                "its RRULE could not be expanded: only DTSTART was read".into(),
            );
            return Vec::new();
        };
        for err in &expanded.errors {
            self.problem(
                acc,
                Some(master),
                0,
                format!("RRULE: {}: only DTSTART was read", err.error),
            );
        }
        let n = expanded.events.len();
        acc.steps_left = acc.steps_left.saturating_sub(n.min(limit));
        if n > limit {
            acc.read.capped_series += 1;
            self.problem(
                acc,
                Some(master),
                0,
                format!(
                    "its RRULE gives more than {limit} instances before the window's end: \
                     read up to the {limit}th"
                ),
            );
        }
        expanded
            .events
            .into_iter()
            .take(limit)
            .map(|e| e.start.naive_local())
            .collect()
    }

    /// An override: emitted when its new or its original start is inside the window; its key
    /// goes into `done` so the instance it replaces is not emitted too.
    fn emit_override(
        &self,
        acc: &mut Acc,
        o: &Event,
        series: Option<(&Event, &Placed)>,
        series_length: Option<TimeDelta>,
        done: &mut HashSet<String>,
    ) {
        let Some(rid) = &o.recurrence_id else {
            return;
        };
        let series_placed = series.map(|(_, p)| p);
        let rid_placed = self.place(acc, o, rid, series_placed);
        let Some(rid_utc) = self.instant(acc, o, &rid_placed, rid.local) else {
            return;
        };
        let all_day = series
            .and_then(|(m, _)| m.start.as_ref())
            .map_or(rid.date_only, |s| s.date_only);
        let k = key(all_day, rid_placed.floating, rid.local, rid_utc);
        done.insert(k.clone());
        let (start_local, start_placed, start_utc) = match &o.start {
            Some(s) => {
                let p = self.place(acc, o, s, series_placed);
                let Some(utc) = self.instant(acc, o, &p, s.local) else {
                    return;
                };
                (s.clone(), p, utc)
            }
            None => (rid.clone(), rid_placed.clone(), rid_utc),
        };
        if !self.in_window(start_utc) && !self.in_window(rid_utc) {
            return;
        }
        let length = match (&o.end, o.duration) {
            (None, None) => series_length,
            _ => self.length(acc, o, &start_local, &start_placed, start_utc),
        };
        let end = length.and_then(|d| {
            start_local
                .local
                .checked_add_signed(d)
                .and_then(|l| start_placed.zone.to_utc(l))
        });
        let mut occ = self.occurrence(
            o,
            Some(k),
            start_utc,
            end,
            start_local.date_only,
            start_placed.floating,
            true,
        );
        if let Some((m, _)) = series {
            if m.status == Status::Cancelled {
                occ.status = Status::Cancelled;
            }
        }
        acc.read.occurrences.push(occ);
    }

    #[allow(clippy::too_many_arguments)]
    fn occurrence(
        &self,
        e: &Event,
        recurrence_id: Option<String>,
        start: DateTime<Utc>,
        end: Option<DateTime<Utc>>,
        all_day: bool,
        floating: bool,
        overridden: bool,
    ) -> Occurrence {
        Occurrence {
            uid: e.uid.clone(),
            recurrence_id,
            start,
            end,
            all_day,
            floating,
            summary: e.summary.clone(),
            location: e.location.clone(),
            video_link: e.video_link.clone(),
            status: e.status,
            organizer: e.organizer.clone(),
            attendees: e.attendees.clone(),
            sequence: e.sequence,
            last_modified: e.last_modified,
            overridden,
            calendar: self.headers.get(e.calendar).and_then(|h| h.name.clone()),
            file: self.file.map(str::to_owned),
            line: e.line,
        }
    }
}
