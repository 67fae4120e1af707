use chrono::TimeZone;

use super::*;

fn fixture(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/tests/fixtures/calendar/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The hostile fixture with its 1 MB property put in.
fn hostile() -> Vec<u8> {
    let text = String::from_utf8(fixture("hostile.ics")).expect("utf-8");
    text.replace("@@HUGE@@", &"x".repeat(1 << 20)).into_bytes()
}

fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, min, 0)
        .single()
        .expect("a valid date")
}

/// 2025 and 2026.
fn window() -> (DateTime<Utc>, DateTime<Utc>) {
    (utc(2025, 1, 1, 0, 0), utc(2026, 12, 31, 0, 0))
}

fn limits_in(tz: chrono_tz::Tz) -> Limits {
    Limits {
        default_tz: tz,
        ..Limits::default()
    }
}

/// `(recurrence_id, start)` of every occurrence of `uid`, in order.
fn starts(r: &CalendarRead, uid: &str) -> Vec<(Option<String>, String)> {
    r.occurrences
        .iter()
        .filter(|o| o.uid == uid)
        .map(|o| (o.recurrence_id.clone(), o.start.to_rfc3339()))
        .collect()
}

fn one<'a>(r: &'a CalendarRead, uid: &str, rid: Option<&str>) -> &'a Occurrence {
    r.occurrences
        .iter()
        .find(|o| o.uid == uid && o.recurrence_id.as_deref() == rid)
        .unwrap_or_else(|| panic!("no occurrence {uid} {rid:?} in {:#?}", starts(r, uid)))
}

fn attendee<'a>(o: &'a Occurrence, email: &str) -> &'a Attendee {
    o.attendees
        .iter()
        .find(|a| a.email.as_deref() == Some(email))
        .unwrap_or_else(|| panic!("no attendee {email} in {:?}", o.attendees))
}

fn has_problem(r: &CalendarRead, uid: &str, needle: &str) -> bool {
    r.problems
        .iter()
        .any(|p| p.uid.as_deref() == Some(uid) && p.reason.contains(needle))
}

fn rid(s: &str) -> Option<String> {
    Some(s.to_owned())
}

const WEEKLY_SYNC: &str = "5kq3v0n2d9ho3p1c8s7m6j4f2a@google.com";

#[test]
fn google_export_weekly_series_with_exdate_a_moved_and_a_cancelled_instance() {
    let r = read_any(
        &fixture("google-calendar-export.zip"),
        window(),
        &Limits::default(),
    );
    // Tuesdays 10:00 Madrid: 09:00Z in winter, 08:00Z from 29 March; 7 April removed by
    // EXDATE; 17 March moved to Wednesday 15:00; the UNTIL instant (21 April 08:00Z) included.
    assert_eq!(
        starts(&r, WEEKLY_SYNC),
        vec![
            (rid("20260303T090000Z"), "2026-03-03T09:00:00+00:00".into()),
            (rid("20260310T090000Z"), "2026-03-10T09:00:00+00:00".into()),
            (rid("20260317T090000Z"), "2026-03-18T14:00:00+00:00".into()),
            (rid("20260324T090000Z"), "2026-03-24T09:00:00+00:00".into()),
            (rid("20260331T080000Z"), "2026-03-31T08:00:00+00:00".into()),
            (rid("20260414T080000Z"), "2026-04-14T08:00:00+00:00".into()),
            (rid("20260421T080000Z"), "2026-04-21T08:00:00+00:00".into()),
        ]
    );
    assert_eq!(
        r.excluded,
        vec![OccurrenceKey {
            uid: WEEKLY_SYNC.into(),
            recurrence_id: "20260407T080000Z".into()
        }]
    );

    let moved = one(&r, WEEKLY_SYNC, Some("20260317T090000Z"));
    assert!(moved.overridden);
    assert_eq!(moved.summary.as_deref(), Some("Weekly sync (moved)"));
    assert_eq!(moved.end, Some(utc(2026, 3, 18, 14, 30)));
    assert_eq!(moved.sequence, 3);
    assert_eq!(
        attendee(moved, "bo@chen.example.org").partstat,
        PartStat::Tentative
    );
    assert_eq!(moved.attendees.len(), 2, "the override's own attendees");

    let cancelled = one(&r, WEEKLY_SYNC, Some("20260414T080000Z"));
    assert_eq!(cancelled.status, Status::Cancelled);
    assert!(cancelled.overridden);

    let first = one(&r, WEEKLY_SYNC, Some("20260303T090000Z"));
    assert_eq!(first.status, Status::Confirmed);
    assert!(!first.overridden);
    assert_eq!(first.end, Some(utc(2026, 3, 3, 9, 30)));
    assert_eq!(
        first.video_link.as_deref(),
        Some("https://meet.google.com/abc-defg-hij")
    );
    assert_eq!(first.calendar.as_deref(), Some("ana.ruiz@example.com"));
    assert_eq!(first.file.as_deref(), Some("ana.ruiz@example.com.ics"));
    let carla = attendee(first, "carla@example.net");
    assert_eq!(carla.partstat, PartStat::Declined);
    assert_eq!(carla.role, Role::Optional);
    assert_eq!(
        carla.name.as_deref(),
        Some("Carla Núñez"),
        "a folded CN keeps its space"
    );
    let organizer = first.organizer.as_ref().expect("organizer");
    assert_eq!(organizer.email.as_deref(), Some("ana.ruiz@example.com"));
    assert_eq!(organizer.name.as_deref(), Some("Ana Ruiz"));
    assert!(r.problems.is_empty(), "{:#?}", r.problems);
}

#[test]
fn google_export_second_calendar_and_single_events() {
    let r = read_any(
        &fixture("google-calendar-export.zip"),
        window(),
        &Limits::default(),
    );
    assert_eq!(r.calendars, ["Team Kith", "ana.ruiz@example.com"]);
    assert_eq!(r.events, 7);
    assert_eq!(r.series, 2);
    // First Monday of each month, four times, in UTC.
    let allhands = starts(&r, "0m1n2b3v4c5x6z@google.com");
    assert_eq!(
        allhands.iter().map(|(_, s)| s.as_str()).collect::<Vec<_>>(),
        [
            "2026-01-05T16:00:00+00:00",
            "2026-02-02T16:00:00+00:00",
            "2026-03-02T16:00:00+00:00",
            "2026-04-06T16:00:00+00:00"
        ]
    );
    let o = one(&r, "0m1n2b3v4c5x6z@google.com", Some("20260105T160000Z"));
    assert_eq!(o.attendees.len(), 11);
    assert_eq!(o.attendees.iter().filter(|a| a.is_resource).count(), 1);
    assert_eq!(o.calendar.as_deref(), Some("Team Kith"));

    // The lunch is in both calendars: the copy with the higher SEQUENCE is kept, once.
    let lunch: Vec<_> = r
        .occurrences
        .iter()
        .filter(|o| o.uid == "7a0d2f4c1e9b@google.com")
        .collect();
    assert_eq!(lunch.len(), 1);
    assert_eq!(lunch[0].recurrence_id, None);
    assert_eq!(lunch[0].summary.as_deref(), Some("Lunch with Bo"));
    assert_eq!(
        lunch[0].location.as_deref(),
        Some("Café Central, Calle Mayor 1, Madrid")
    );
    assert_eq!(
        lunch[0].video_link.as_deref(),
        Some("https://us02web.zoom.us/j/81234567890?pwd=QWxhZGRpbjpvcGVuIHNlc2FtZQ.1"),
        "a Zoom link in a folded DESCRIPTION"
    );

    let dentist = one(&r, "2b8e6c1d0f3a@google.com", None);
    assert!(dentist.all_day);
    assert!(dentist.attendees.is_empty());
    assert_eq!(dentist.start, utc(2026, 3, 25, 0, 0));
    assert_eq!(dentist.end, Some(utc(2026, 3, 26, 0, 0)));
}

#[test]
fn outlook_windows_zone_names_teams_and_a_customized_zone() {
    let r = read(&fixture("outlook.ics"), window(), &Limits::default());
    assert!(r.problems.is_empty(), "{:#?}", r.problems);
    let uid = "040000008200E00074C5B7101A82E00800000000B0A1C2D3E4F5DC01000000000000000\
               010000000A1B2C3D4E5F60718293A4B5C6D7E8F90";
    // Mondays 09:30 "W. Europe Standard Time": 08:30Z, then 07:30Z from 29 March; UNTIL
    // (6 April 07:30Z) included.
    assert_eq!(
        starts(&r, uid)
            .iter()
            .map(|(_, s)| s.as_str())
            .collect::<Vec<_>>(),
        [
            "2026-03-09T08:30:00+00:00",
            "2026-03-16T08:30:00+00:00",
            "2026-03-23T08:30:00+00:00",
            "2026-03-30T07:30:00+00:00",
            "2026-04-06T07:30:00+00:00"
        ]
    );
    let o = one(&r, uid, Some("20260330T073000Z"));
    assert_eq!(o.end, Some(utc(2026, 3, 30, 8, 30)));
    assert_eq!(o.summary.as_deref(), Some("Planning"));
    assert!(o.video_link.as_deref().is_some_and(|l| l
        .starts_with("https://teams.microsoft.com/l/meetup-join/19%3ameeting_NjM4ZTZl")
        && l.ends_with("%22%7d")));
    let organizer = o.organizer.as_ref().expect("organizer");
    assert_eq!(organizer.name.as_deref(), Some("Jürgen Müller"));
    let room = attendee(o, "room401@contoso.example");
    assert!(room.is_resource);
    assert_eq!(room.role, Role::NonParticipant);
    assert_eq!(room.name.as_deref(), Some("Conference Room 4.01"));
    let pieter = attendee(o, "Pieter.deVries@Contoso.example");
    assert_eq!(pieter.partstat, PartStat::NeedsAction);
    assert_eq!(pieter.role, Role::Optional);

    // "Customized Time Zone": US Eastern rules defined only by the VTIMEZONE. 16 March is
    // after the second Sunday of March: 09:00 EDT = 13:00Z.
    let review = r
        .occurrences
        .iter()
        .find(|o| o.summary.as_deref() == Some("Partner review"))
        .expect("partner review");
    assert_eq!(review.start, utc(2026, 3, 16, 13, 0));
    assert_eq!(review.end, Some(utc(2026, 3, 16, 14, 0)));
    assert_eq!(review.recurrence_id, None);
}

#[test]
fn apple_floating_times_all_day_events_and_rdates() {
    let r = read(
        &fixture("apple.ics"),
        window(),
        &limits_in(chrono_tz::America::New_York),
    );
    assert!(r.problems.is_empty(), "{:#?}", r.problems);
    // Floating 19:00 read in the default zone (EDT since 8 March): 23:00Z.
    let dinner = one(&r, "6F1C2A7E-3B44-4D2B-9E0B-7A1D5C3E9F01", None);
    assert!(dinner.floating);
    assert_eq!(dinner.start, utc(2026, 3, 14, 23, 0));
    assert_eq!(dinner.end, Some(utc(2026, 3, 15, 2, 0)));
    assert_eq!(
        dinner.location.as_deref(),
        Some("Chez Léa\n12 Rue des Fleurs\nParis")
    );
    let lea = attendee(dinner, "lea.martin@example.fr");
    assert_eq!(
        lea.partstat,
        PartStat::Accepted,
        "the EMAIL parameter when the value is a urn:uuid"
    );
    assert_eq!(lea.name.as_deref(), Some("Léa Martin"));
    attendee(dinner, "tom@example.co.uk"); // MAILTO: in capitals stripped
    assert_eq!(attendee(dinner, "me@example.org").role, Role::Chair);

    let weekend = one(&r, "1A2B3C4D-5E6F-4A7B-8C9D-0E1F2A3B4C5D", None);
    assert!(weekend.all_day);
    assert!(!weekend.floating);
    assert_eq!(
        weekend.start,
        utc(2026, 3, 20, 4, 0),
        "midnight in New York"
    );
    assert_eq!(weekend.end, Some(utc(2026, 3, 22, 4, 0)));

    // DTSTART plus three RDATEs (one a PERIOD with its own end), keyed by local time.
    let club = "9E8D7C6B-5A49-4B3C-8D2E-1F0A9B8C7D6E";
    assert_eq!(
        starts(&r, club),
        vec![
            (rid("20260402T180000"), "2026-04-02T22:00:00+00:00".into()),
            (rid("20260416T180000"), "2026-04-16T22:00:00+00:00".into()),
            (rid("20260430T180000"), "2026-04-30T22:00:00+00:00".into()),
            (rid("20260507T170000"), "2026-05-07T21:00:00+00:00".into()),
        ]
    );
    assert_eq!(
        one(&r, club, Some("20260416T180000")).end,
        Some(utc(2026, 4, 16, 23, 30))
    );
    assert_eq!(
        one(&r, club, Some("20260507T170000")).end,
        Some(utc(2026, 5, 8, 0, 0)),
        "a PERIOD keeps its own end"
    );
    assert_eq!(
        one(&r, club, Some("20260402T180000")).video_link.as_deref(),
        Some("https://whereby.com/kith-book-club")
    );
}

#[test]
fn thunderbird_vendor_tzid_bymonthday_count_and_until_in_utc() {
    let r = read(&fixture("thunderbird.ics"), window(), &Limits::default());
    assert!(r.problems.is_empty(), "{:#?}", r.problems);
    // The 15th at 17:00 Berlin, four times: 16:00Z in winter, 15:00Z in April.
    assert_eq!(
        starts(&r, "b3f0c9a2-5d1e-4c7b-8a6f-2e9d1c0b7a54"),
        vec![
            (rid("20260115T160000Z"), "2026-01-15T16:00:00+00:00".into()),
            (rid("20260215T160000Z"), "2026-02-15T16:00:00+00:00".into()),
            (rid("20260315T160000Z"), "2026-03-15T16:00:00+00:00".into()),
            (rid("20260415T150000Z"), "2026-04-15T15:00:00+00:00".into()),
        ]
    );
    // Wednesdays 18:00 Berlin until 25 February 17:00Z, that last one included.
    let club = starts(&r, "c7d8e9f0-1a2b-4c3d-9e8f-7a6b5c4d3e2f");
    assert_eq!(club.len(), 4);
    assert_eq!(club[3].1, "2026-02-25T17:00:00+00:00");
    let o = one(
        &r,
        "c7d8e9f0-1a2b-4c3d-9e8f-7a6b5c4d3e2f",
        Some("20260204T170000Z"),
    );
    assert_eq!(
        o.video_link.as_deref(),
        Some("https://meet.jit.si/KithRunningClub")
    );
}

#[test]
fn hostile_file_is_read_around_its_problems_within_the_caps() {
    let r = read(&hostile(), window(), &Limits::default());
    let uids: Vec<&str> = r.occurrences.iter().map(|o| o.uid.as_str()).collect();
    assert!(uids.contains(&"good-one"), "{uids:?}");
    assert!(
        uids.contains(&"missing-end"),
        "an event with no END:VEVENT is read up to the next one"
    );
    assert!(has_problem(&r, "missing-end", "no END:VEVENT"));
    assert!(!uids.contains(&"truncated"));
    assert!(has_problem(&r, "truncated", "the file ends"));

    // No end, every second: cut by the step cap, then by the occurrence cap.
    let secondly = r
        .occurrences
        .iter()
        .filter(|o| o.uid == "secondly-no-end")
        .count();
    assert_eq!(secondly, Limits::default().max_occurrences_per_series);
    assert!(has_problem(
        &r,
        "secondly-no-end",
        "more than 100000 instances"
    ));
    assert!(r.capped_series >= 1);
    // COUNT=1000000 daily from 2020: read up to the window's end only (2025-01-01 to
    // 2026-12-30 inclusive: 729 days).
    let daily = r
        .occurrences
        .iter()
        .filter(|o| o.uid == "daily-million")
        .count();
    assert_eq!(daily, 729);

    let mars = one(&r, "unknown-zone", None);
    assert_eq!(
        mars.start,
        utc(2026, 3, 10, 10, 0),
        "read in the default zone"
    );
    assert_eq!(
        r.problems
            .iter()
            .filter(|p| p.uid.as_deref() == Some("unknown-zone"))
            .count(),
        1,
        "reported once: {:#?}",
        r.problems
    );
    assert!(has_problem(&r, "year-30000", "not a date"));
    assert!(has_problem(&r, "bad-date", "does not exist"));
    assert!(has_problem(&r, "no-start", "no DTSTART"));
    assert!(has_problem(&r, "huge-description", "DESCRIPTION was cut"));
    assert!(uids.contains(&"huge-description"));
    assert!(r.skipped_events >= 4);
}

#[test]
fn a_weekly_berlin_meeting_stays_at_nine_across_both_daylight_saving_changes() {
    let named =
        "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:standup\nDTSTART;TZID=Europe/Berlin:20260302T090000\n\
                 DTEND;TZID=Europe/Berlin:20260302T091500\nRRULE:FREQ=WEEKLY;BYDAY=MO\n\
                 ATTENDEE:mailto:a@example.com\nEND:VEVENT\nEND:VCALENDAR\n";
    // The same zone known only by its VTIMEZONE's rules.
    let custom = "BEGIN:VCALENDAR\nBEGIN:VTIMEZONE\nTZID:Büro\nBEGIN:STANDARD\n\
                  DTSTART:16011028T030000\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\n\
                  TZOFFSETFROM:+0200\nTZOFFSETTO:+0100\nEND:STANDARD\nBEGIN:DAYLIGHT\n\
                  DTSTART:16010325T020000\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\n\
                  TZOFFSETFROM:+0100\nTZOFFSETTO:+0200\nEND:DAYLIGHT\nEND:VTIMEZONE\n\
                  BEGIN:VEVENT\nUID:standup\nDTSTART;TZID=Büro:20260302T090000\n\
                  DTEND;TZID=Büro:20260302T091500\nRRULE:FREQ=WEEKLY;BYDAY=MO\n\
                  END:VEVENT\nEND:VCALENDAR\n";
    for text in [named, custom] {
        let r = read(text.as_bytes(), window(), &Limits::default());
        assert!(r.problems.is_empty(), "{:#?}", r.problems);
        let berlin = chrono_tz::Europe::Berlin;
        let mondays = r.occurrences.len();
        assert_eq!(mondays, 44, "2 March to 28 December 2026");
        for o in &r.occurrences {
            let local = o.start.with_timezone(&berlin);
            assert_eq!(local.format("%H:%M %a").to_string(), "09:00 Mon", "{o:?}");
            assert_eq!(
                o.end.map(|e| e - o.start),
                Some(chrono::TimeDelta::minutes(15))
            );
        }
        let at = |d: u32, m: u32| {
            r.occurrences
                .iter()
                .find(|o| o.start.format("%m%d").to_string() == format!("{m:02}{d:02}"))
                .map(|o| o.start.format("%H:%M").to_string())
        };
        assert_eq!(at(23, 3).as_deref(), Some("08:00"));
        assert_eq!(at(30, 3).as_deref(), Some("07:00"));
        assert_eq!(at(19, 10).as_deref(), Some("07:00"));
        assert_eq!(at(26, 10).as_deref(), Some("08:00"));
    }
}

#[test]
fn keys_are_stable_across_reads_windows_and_default_zones() {
    let keys = |r: &CalendarRead| -> Vec<(String, Option<String>)> {
        r.occurrences
            .iter()
            .map(|o| (o.uid.clone(), o.recurrence_id.clone()))
            .collect()
    };
    for name in [
        "google-calendar-export.zip",
        "outlook.ics",
        "thunderbird.ics",
    ] {
        let a = read_any(&fixture(name), window(), &Limits::default());
        let b = read_any(&fixture(name), window(), &Limits::default());
        assert_eq!(keys(&a), keys(&b), "{name}");
        assert_eq!(a.occurrences, b.occurrences, "{name}");
        // A narrower window gives a subset with the same keys.
        let narrow = read_any(
            &fixture(name),
            (utc(2026, 3, 15, 0, 0), utc(2026, 4, 1, 0, 0)),
            &Limits::default(),
        );
        let all = keys(&a);
        assert!(!narrow.occurrences.is_empty(), "{name}");
        assert!(keys(&narrow).iter().all(|k| all.contains(k)), "{name}");
    }
    // Floating and all-day keys do not move with the default zone.
    let utc_read = read(&fixture("apple.ics"), window(), &Limits::default());
    let tokyo = read(
        &fixture("apple.ics"),
        window(),
        &limits_in(chrono_tz::Asia::Tokyo),
    );
    let mut a = keys(&utc_read);
    let mut b = keys(&tokyo);
    a.sort();
    b.sort();
    assert_eq!(a, b);
    // An event without a UID gets the same made-up key each time.
    let no_uid =
        "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTAMP:20260101T000000Z\nDTSTART:20260310T100000Z\n\
                  SUMMARY:No uid\nEND:VEVENT\nEND:VCALENDAR\n";
    let changed_stamp = no_uid.replace("20260101T000000Z", "20260202T000000Z");
    let x = read(no_uid.as_bytes(), window(), &Limits::default());
    let y = read(changed_stamp.as_bytes(), window(), &Limits::default());
    assert!(x.occurrences[0].uid.starts_with("hash:"));
    assert_eq!(keys(&x), keys(&y), "DTSTAMP changes with every export");
}

fn event(body: &str) -> Vec<u8> {
    format!("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{body}END:VCALENDAR\r\n").into_bytes()
}

#[test]
fn an_instance_moved_out_of_the_window_or_a_cancelled_series_still_reach_the_caller() {
    let bytes = event(
        "BEGIN:VEVENT\r\nUID:s\r\nDTSTART:20261228T100000Z\r\nRRULE:FREQ=DAILY;COUNT=3\r\nEND:VEVENT\r\n\
         BEGIN:VEVENT\r\nUID:s\r\nRECURRENCE-ID:20261229T100000Z\r\nDTSTART:20270105T100000Z\r\nEND:VEVENT\r\n",
    );
    let r = read(&bytes, window(), &Limits::default());
    let moved = one(&r, "s", Some("20261229T100000Z"));
    assert_eq!(
        moved.start,
        utc(2027, 1, 5, 10, 0),
        "moved out, but its original start is inside: the caller must hear of it"
    );
    assert_eq!(
        starts(&r, "s")
            .iter()
            .map(|(k, _)| k.clone().unwrap_or_default())
            .collect::<Vec<_>>(),
        ["20261228T100000Z", "20261230T100000Z", "20261229T100000Z"],
        "by start: the moved one last"
    );

    let cancelled = event(
        "METHOD:CANCEL\r\nBEGIN:VEVENT\r\nUID:c\r\nDTSTART:20260310T100000Z\r\nRRULE:FREQ=WEEKLY;COUNT=2\r\n\
         END:VEVENT\r\n",
    );
    let r = read(&cancelled, window(), &Limits::default());
    assert_eq!(r.occurrences.len(), 2);
    assert!(r.occurrences.iter().all(|o| o.status == Status::Cancelled));
    let status = event(
        "BEGIN:VEVENT\r\nUID:d\r\nDTSTART:20260310T100000Z\r\nSTATUS:CANCELLED\r\nEND:VEVENT\r\n\
         BEGIN:VEVENT\r\nUID:e\r\nDTSTART:20260310T100000Z\r\nSTATUS:TENTATIVE\r\nEND:VEVENT\r\n",
    );
    let r = read(&status, window(), &Limits::default());
    assert_eq!(one(&r, "d", None).status, Status::Cancelled);
    assert_eq!(one(&r, "e", None).status, Status::Tentative);
}

#[test]
fn an_override_with_rdates_and_no_series_is_the_series() {
    // Lotus Notes' shape: RECURRENCE-ID;RANGE=THISANDFUTURE plus RDATE periods, no master.
    let bytes = event(
        "BEGIN:VEVENT\r\nUID:lotus\r\nDTSTART;TZID=\"Western/Central Europe\":20261102T160000\r\n\
         DTEND;TZID=\"Western/Central Europe\":20261102T163000\r\n\
         RECURRENCE-ID;RANGE=THISANDFUTURE:20261102T150000Z\r\n\
         RDATE;TZID=\"Western/Central Europe\";VALUE=PERIOD:20261102T160000/20261102T163000,\
         20261207T160000/20261207T163000\r\nEND:VEVENT\r\n",
    );
    let r = read(&bytes, window(), &limits_in(chrono_tz::Europe::Paris));
    assert_eq!(
        starts(&r, "lotus")
            .iter()
            .map(|(_, s)| s.as_str())
            .collect::<Vec<_>>(),
        ["2026-11-02T15:00:00+00:00", "2026-12-07T15:00:00+00:00"]
    );
}

#[test]
fn exdates_in_another_zone_or_as_dates_and_until_as_a_date() {
    // Google writes EXDATE in UTC for a series in a zone; some apps write a DATE.
    let bytes = event(
        "BEGIN:VEVENT\r\nUID:x\r\nDTSTART;TZID=Europe/Paris:20260302T090000\r\n\
         RRULE:FREQ=DAILY;UNTIL=20260306\r\nEXDATE:20260303T080000Z\r\nEXDATE;VALUE=DATE:20260305\r\n\
         END:VEVENT\r\n",
    );
    let r = read(&bytes, window(), &Limits::default());
    assert_eq!(
        starts(&r, "x")
            .iter()
            .map(|(k, _)| k.clone().unwrap_or_default())
            .collect::<Vec<_>>(),
        ["20260302T080000Z", "20260304T080000Z", "20260306T080000Z"],
        "UNTIL as a DATE keeps its whole day"
    );
    assert_eq!(r.excluded.len(), 2);
}

#[test]
fn floating_times_follow_x_wr_timezone_and_unknown_zones_fall_back() {
    let bytes = event(
        "X-WR-TIMEZONE:Asia/Tokyo\r\nBEGIN:VEVENT\r\nUID:f\r\nDTSTART:20260310T090000\r\nEND:VEVENT\r\n",
    );
    let r = read(&bytes, window(), &Limits::default());
    assert_eq!(one(&r, "f", None).start, utc(2026, 3, 10, 0, 0));
    assert!(one(&r, "f", None).floating);

    // Windows and Outlook labels, a quoted name, a vendor path with no VTIMEZONE.
    for tzid in [
        "W. Europe Standard Time",
        "\"Romance Standard Time\"",
        "\"(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna\"",
        "/example.com/20260101_1/Europe/Paris",
    ] {
        let bytes = event(&format!(
            "BEGIN:VEVENT\r\nUID:w\r\nDTSTART;TZID={tzid}:20260310T090000\r\nEND:VEVENT\r\n"
        ));
        let r = read(&bytes, window(), &Limits::default());
        assert!(r.problems.is_empty(), "{tzid}: {:#?}", r.problems);
        assert_eq!(one(&r, "w", None).start, utc(2026, 3, 10, 8, 0), "{tzid}");
    }
}

#[test]
fn a_vtimezone_with_no_end_does_not_swallow_the_events_after_it() {
    let bytes = event(
        "BEGIN:VTIMEZONE\r\nTZID:Mine\r\nX-LIC-LOCATION:Europe/Madrid\r\n\
         BEGIN:VEVENT\r\nUID:after\r\nDTSTART;TZID=Mine:20260310T090000\r\nEND:VEVENT\r\n",
    );
    let r = read(&bytes, window(), &Limits::default());
    assert_eq!(one(&r, "after", None).start, utc(2026, 3, 10, 8, 0));
    assert!(r
        .problems
        .iter()
        .any(|p| p.reason.contains("no END:VTIMEZONE")));
}

#[test]
fn text_in_legacy_code_pages_with_a_bom_or_bare_lf_is_read() {
    // Windows-1252: "Réunion" with é as 0xE9.
    let mut bytes =
        b"BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:l\nDTSTART:20260310T090000Z\nSUMMARY:R".to_vec();
    bytes.push(0xE9);
    bytes.extend_from_slice(b"union\nEND:VEVENT\nEND:VCALENDAR\n");
    let r = read(&bytes, window(), &Limits::default());
    assert_eq!(one(&r, "l", None).summary.as_deref(), Some("Réunion"));
    assert_eq!(r.notes.len(), 1, "{:?}", r.notes);

    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(&event(
        "BEGIN:VEVENT\r\nUID:b\r\nDTSTART:20260310T090000Z\r\nSUMMARY:a\\, b\\; c\\nd\r\nEND:VEVENT\r\n",
    ));
    let r = read(&bom, window(), &Limits::default());
    assert_eq!(one(&r, "b", None).summary.as_deref(), Some("a, b; c d"));
}

#[test]
fn a_zip_bomb_or_a_broken_zip_is_reported_not_read() {
    use std::io::Write;
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        z.start_file("big.ics", opts).expect("start");
        let line = vec![b' '; 1 << 20];
        for _ in 0..8 {
            z.write_all(&line).expect("write");
        }
        z.start_file("ok.ics", opts).expect("start");
        z.write_all(&event(
            "BEGIN:VEVENT\r\nUID:ok\r\nDTSTART:20260310T090000Z\r\nEND:VEVENT\r\n",
        ))
        .expect("write");
        z.start_file("notes.txt", opts).expect("start");
        z.write_all(b"hello").expect("write");
        z.finish().expect("finish");
    }
    let limits = Limits {
        max_entry_bytes: 1 << 20,
        ..Limits::default()
    };
    let r = read_any(buf.get_ref(), window(), &limits);
    assert_eq!(r.occurrences.len(), 1);
    assert_eq!(r.occurrences[0].file.as_deref(), Some("ok.ics"));
    assert!(r
        .problems
        .iter()
        .any(|p| p.file.as_deref() == Some("big.ics") && p.reason.contains("more than 1 MB")));
    assert_eq!(r.notes.len(), 1, "{:?}", r.notes);

    let broken = read_any(b"PK\x03\x04 not really a zip", window(), &Limits::default());
    assert!(broken.occurrences.is_empty());
    assert_eq!(broken.problems.len(), 1);
}

#[test]
fn video_links_of_each_service() {
    for (text, want) in [
        (
            "Join: https://us02web.zoom.us/j/812345?pwd=abc.1.",
            Some("https://us02web.zoom.us/j/812345?pwd=abc.1"),
        ),
        ("https://zoom.us/j/1", Some("https://zoom.us/j/1")),
        (
            "Meet: <https://meet.google.com/abc-defg-hij>",
            Some("https://meet.google.com/abc-defg-hij"),
        ),
        (
            "<a href=\"https://teams.microsoft.com/l/meetup-join/19%3a/0?context=x\">",
            Some("https://teams.microsoft.com/l/meetup-join/19%3a/0?context=x"),
        ),
        (
            "HTTPS://ACME.WEBEX.COM/meet/ana",
            Some("HTTPS://ACME.WEBEX.COM/meet/ana"),
        ),
        (
            "(https://meet.jit.si/Room)",
            Some("https://meet.jit.si/Room"),
        ),
        ("https://whereby.com/kith", Some("https://whereby.com/kith")),
        ("https://teams.microsoft.com/", None),
        ("https://notzoom.us/j/1", None),
        ("https://zoom.us.evil.example/j/1", None),
        ("https://support.google.com/a/users/answer/9282720", None),
        ("zoom.us/j/1 without a scheme", None),
        (
            "Café https://meet.google.com/x-y-z ☕",
            Some("https://meet.google.com/x-y-z"),
        ),
        ("", None),
    ] {
        assert_eq!(video_link(text), want, "{text}");
    }
}

mod fuzz {
    use super::*;
    use proptest::prelude::*;

    /// A read that must end: no panic, and no more occurrences than the caps allow.
    fn bounded(bytes: &[u8]) -> CalendarRead {
        let limits = Limits {
            max_steps_per_series: 2_000,
            max_steps_total: 20_000,
            max_occurrences_per_series: 500,
            ..Limits::default()
        };
        let r = read_any(bytes, window(), &limits);
        assert!(r.occurrences.len() <= r.events * 500 + r.events);
        r
    }

    fn mutate(mut bytes: Vec<u8>, edits: &[(prop::sample::Index, u8, u8)]) -> Vec<u8> {
        for (at, b, how) in edits {
            if bytes.is_empty() {
                break;
            }
            let i = at.index(bytes.len());
            match how % 4 {
                0 => bytes[i] = *b,
                1 => {
                    bytes.remove(i);
                }
                2 => bytes.insert(i, *b),
                _ => bytes.truncate(i),
            }
        }
        bytes
    }

    fn rule_part() -> impl Strategy<Value = String> {
        prop_oneof![
            prop::sample::select(vec![
                "FREQ=SECONDLY",
                "FREQ=MINUTELY",
                "FREQ=HOURLY",
                "FREQ=DAILY",
                "FREQ=WEEKLY",
                "FREQ=MONTHLY",
                "FREQ=YEARLY",
                "COUNT=0",
                "COUNT=3",
                "COUNT=4294967295",
                "INTERVAL=0",
                "INTERVAL=65535",
                "UNTIL=20260301",
                "UNTIL=20260301T000000Z",
                "UNTIL=19000101T000000",
                "BYDAY=MO,WE",
                "BYDAY=-1SU",
                "BYDAY=53MO",
                "BYMONTHDAY=31",
                "BYMONTHDAY=-1",
                "BYMONTHDAY=0",
                "BYMONTH=2",
                "BYMONTH=13",
                "BYSETPOS=-1",
                "BYSETPOS=400",
                "BYYEARDAY=366",
                "BYWEEKNO=53",
                "BYHOUR=25",
                "BYMINUTE=0,30",
                "BYSECOND=60",
                "WKST=SU",
                "RSCALE=HEBREW",
                "SKIP=FORWARD",
            ])
            .prop_map(str::to_owned),
            "[A-Z=;,0-9-]{0,12}",
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
            bounded(&bytes);
            let mut inside = b"BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:z\nDTSTART:20260310T090000Z\n".to_vec();
            inside.extend_from_slice(&bytes);
            bounded(&inside);
            let mut zip = b"PK\x03\x04".to_vec();
            zip.extend_from_slice(&bytes);
            bounded(&zip);
        }

        #[test]
        fn mutated_real_files_never_panic(
            which in 0usize..5,
            edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>(), any::<u8>()), 0..24),
        ) {
            let name = ["outlook.ics", "apple.ics", "thunderbird.ics", "google/ana.ruiz@example.com.ics", "google-calendar-export.zip"][which];
            bounded(&mutate(fixture(name), &edits));
        }

        #[test]
        fn any_recurrence_rule_ends(
            parts in proptest::collection::vec(rule_part(), 0..6),
            start in prop::sample::select(vec!["20260310T090000Z", "20260310", "20260310T090000", "19000101T000000Z", "99991231T235959Z"]),
            tz in prop::sample::select(vec!["", ";TZID=Europe/Berlin", ";TZID=Nowhere/Else"]),
        ) {
            let text = format!(
                "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:r\nDTSTART{tz}:{start}\nRRULE:{}\n\
                 EXDATE:20260311T090000Z\nRDATE:20260401T090000Z\nEND:VEVENT\n\
                 BEGIN:VEVENT\nUID:r\nRECURRENCE-ID{tz}:{start}\nDTSTART:20260312T090000Z\n\
                 END:VEVENT\nEND:VCALENDAR\n",
                parts.join(";")
            );
            let r = bounded(text.as_bytes());
            prop_assert!(r.occurrences.len() <= 502);
        }
    }
}

/// A calendar of 5,000 events, a fifth of them weekly series over two years with an EXDATE
/// and an override each; prints how long `read` takes. Run with
/// `cargo test --release --lib io::calendar::tests::five_thousand -- --ignored --nocapture`.
#[test]
#[ignore = "a measurement, not a check"]
#[allow(clippy::print_stderr)]
fn five_thousand_events_with_recurrences() {
    use std::fmt::Write as _;
    let mut text = String::from("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n");
    for i in 0..5_000u32 {
        let day = 1 + i % 28;
        let month = 1 + (i / 28) % 12;
        let _ = write!(
            text,
            "BEGIN:VEVENT\r\nUID:ev-{i}@example.com\r\nDTSTART;TZID=Europe/Berlin:2025{month:02}{day:02}T{:02}0000\r\n\
             DTEND;TZID=Europe/Berlin:2025{month:02}{day:02}T{:02}3000\r\nSUMMARY:Event {i}\r\n\
             ORGANIZER;CN=Org:mailto:org{i}@example.com\r\n\
             ATTENDEE;PARTSTAT=ACCEPTED;CN=A:mailto:a{i}@example.com\r\n\
             ATTENDEE;PARTSTAT=DECLINED;CN=B:mailto:b{i}@example.com\r\n\
             DESCRIPTION:Join https://meet.google.com/abc-{i}\r\n",
            8 + i % 9,
            8 + i % 9
        );
        if i % 5 == 0 {
            let _ = write!(
                text,
                "RRULE:FREQ=WEEKLY;UNTIL=20261231T000000Z\r\nEXDATE;TZID=Europe/Berlin:2025{month:02}{:02}T{:02}0000\r\n\
                 END:VEVENT\r\nBEGIN:VEVENT\r\nUID:ev-{i}@example.com\r\n\
                 RECURRENCE-ID;TZID=Europe/Berlin:2025{month:02}{:02}T{:02}0000\r\n\
                 DTSTART;TZID=Europe/Berlin:2025{month:02}{:02}T{:02}0000\r\n",
                (day + 7).min(28),
                8 + i % 9,
                (day + 14).min(28),
                8 + i % 9,
                (day + 14).min(28),
                9 + i % 9
            );
        }
        text.push_str("END:VEVENT\r\n");
    }
    text.push_str("END:VCALENDAR\r\n");
    let window = (utc(2020, 1, 1, 0, 0), utc(2027, 1, 1, 0, 0));
    let t = std::time::Instant::now();
    let r = read(text.as_bytes(), window, &Limits::default());
    let took = t.elapsed();
    eprintln!(
        "5,000 events ({} bytes, {} series): {} occurrences, {} problems in {took:?}",
        text.len(),
        r.series,
        r.occurrences.len(),
        r.problems.len()
    );
    assert_eq!(r.events, 6_000);
}

/// An event with two `RRULE`s (RFC 5545: SHOULD NOT; one of calcard's own test calendars
/// has it): the first is read, and the second is reported, not silently dropped.
#[test]
fn a_second_rrule_is_reported_and_the_first_read() {
    let ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:two-rules\r\n\
               DTSTART:20260302T090000Z\r\nRRULE:FREQ=WEEKLY;COUNT=2\r\n\
               RRULE:FREQ=DAILY;COUNT=5\r\nSUMMARY:Standup\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    let r = read(ics.as_bytes(), window(), &Limits::default());
    assert_eq!(
        starts(&r, "two-rules")
            .into_iter()
            .map(|(_, s)| s)
            .collect::<Vec<_>>(),
        ["2026-03-02T09:00:00+00:00", "2026-03-09T09:00:00+00:00"]
    );
    assert!(has_problem(&r, "two-rules", "a second RRULE was left out"));
}
