//! Capture from mail: mbox files and Maildir folders registered as sources, read into
//! interactions with the people Kith knows (one per thread and day), read again as they grow,
//! and the queue of people who are not in Kith yet. Runs on the real-shaped fixtures in
//! `tests/fixtures/mail` (see its README).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use chrono::{DateTime, TimeZone, Utc};
use kith::model::{
    Channel, ContactInput, Initiator, InteractionKind, ScanReport, SourceKind, SourceStatus,
};
use kith::{Error, Store};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 12, 0, 0).unwrap()
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/mail")
        .join(name)
}

fn person(store: &mut Store, name: &str, email: &str) -> i64 {
    let input = ContactInput {
        name: name.into(),
        channels: vec![Channel::email(email)],
        ..Default::default()
    };
    store.add_contact(input, now()).unwrap().id
}

/// A store in `dir` knowing Sam's address (the user) and Ana and Priya.
fn store_in(dir: &Path) -> (Store, i64, i64) {
    let mut store = Store::open(&dir.join("kith.db")).unwrap();
    store.add_me_address("sam@example.net", now()).unwrap();
    let ana = person(&mut store, "Ana Ruiz", "ana.ruiz@example.org");
    let priya = person(&mut store, "Priya Raman", "priya@raman.example");
    (store, ana, priya)
}

fn copy_to(dir: &Path, name: &str) -> PathBuf {
    let to = dir.join(name);
    std::fs::copy(fixture(name), &to).unwrap();
    to
}

/// Adds `path` as a source (its kind detected) and reads it whole.
fn add(store: &mut Store, path: &Path) -> ScanReport {
    store
        .add_source(path, None, false, now(), &mut |_| true)
        .unwrap()
}

/// Reads source `id` again.
fn scan(store: &mut Store, id: i64) -> ScanReport {
    store.scan_source(id, now(), &mut |_| true).unwrap()
}

/// The queue's counts per address, kept by triggers, agree with adding the items up again;
/// and who knows whom (kept by the batch writer of participants) with the history.
fn stats_agree(store: &Store) {
    let off = kith::store::unknowns::list_stat_mismatches(store.conn()).unwrap();
    assert!(off.is_empty(), "address counts out of step: {off:?}");
    let off = kith::store::knows::mismatches(store.conn()).unwrap();
    assert!(off.is_empty(), "who knows whom out of step: {off:?}");
}

fn skipped(report: &ScanReport, reason: &str) -> u32 {
    report
        .totals
        .skipped
        .iter()
        .filter(|s| s.reason.contains(reason))
        .map(|s| s.count)
        .sum()
}

#[test]
fn a_takeout_mbox_becomes_one_email_interaction_per_thread_and_day() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, ana, priya) = store_in(dir.path());
    let mbox = copy_to(dir.path(), "takeout.mbox");
    let before = std::fs::read(&mbox).unwrap();
    let modified = std::fs::metadata(&mbox).unwrap().modified().unwrap();

    let report = add(&mut store, &mbox);
    assert!(report.committed);
    assert_eq!(report.source.kind, SourceKind::Mbox);
    assert_eq!(report.totals.new_items, 5, "{report:#?}");
    assert_eq!(report.totals.interactions, 4);
    assert_eq!(skipped(&report, "newsletter"), 1);
    assert_eq!(skipped(&report, "no-reply"), 1);
    assert_eq!(skipped(&report, "mailing list"), 1);
    assert_eq!(skipped(&report, "no one else"), 1);

    // Ana: the thread's first day (she wrote first, Sam answered and copied Bo) and its
    // second day, each one interaction, named by the subject without "Re:".
    let tl = store.timeline(ana, 50, 0).unwrap().items;
    assert_eq!(tl.len(), 2, "{tl:#?}");
    assert!(tl.iter().all(|i| i.kind == InteractionKind::Email));
    assert!(
        tl.iter().all(|i| i.summary == "Coffee next week?"),
        "{tl:#?}"
    );
    assert!(tl.iter().all(|i| i.source_id == Some(report.source.id)));
    let first = tl.last().unwrap();
    assert_eq!(
        first.occurred_at,
        Utc.with_ymd_and_hms(2026, 11, 2, 9, 15, 0).unwrap()
    );
    assert_eq!(first.initiated_by, Some(Initiator::Them));
    // Priya: her message without Message-ID or Date (dated by its separator), and Sam's.
    let tl = store.timeline(priya, 50, 0).unwrap().items;
    assert_eq!(tl.len(), 2, "{tl:#?}");
    assert_eq!(tl[0].initiated_by, Some(Initiator::Me));
    assert_eq!(
        tl[1].occurred_at,
        Utc.with_ymd_and_hms(2026, 11, 7, 16, 30, 0).unwrap()
    );

    // Nothing is written to a source.
    assert_eq!(std::fs::read(&mbox).unwrap(), before);
    assert_eq!(
        std::fs::metadata(&mbox).unwrap().modified().unwrap(),
        modified
    );
}

#[test]
fn reading_again_brings_only_what_was_appended_and_a_rewritten_file_doubles_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _, _) = store_in(dir.path());
    let mbox = copy_to(dir.path(), "takeout.mbox");
    let id = add(&mut store, &mbox).source.id;
    let again = scan(&mut store, id);
    assert_eq!(again.totals.read, 0, "nothing new: nothing read");

    let bo = person(&mut store, "Bo Chen", "bo@globex.example");
    let mut text = std::fs::read(&mbox).unwrap();
    text.extend_from_slice(
        b"From 1780000000000000009@xxx Mon Nov 09 10:00:00 +0000 2026\r\n\
          Message-ID: <bo-9@globex.example>\r\nDate: Mon, 9 Nov 2026 10:00:00 +0000\r\n\
          From: Bo Chen <bo@globex.example>\r\nTo: sam@example.net\r\nSubject: Lunch?\r\n\r\nHi\r\n\r\n",
    );
    std::fs::write(&mbox, &text).unwrap();
    let appended = scan(&mut store, id);
    assert_eq!(appended.totals.read, 1);
    assert_eq!(appended.totals.interactions, 1);
    assert_eq!(
        store.timeline(bo, 10, 0).unwrap().items[0].summary,
        "Lunch?"
    );

    // A mail client compacts the folder: the bytes before the saved point change.
    let mut compacted = text.clone();
    compacted.splice(
        0..0,
        b"From x@xxx Sun Nov 01 08:00:00 +0000 2026\r\nSubject: x\r\n\r\n\r\n"
            .iter()
            .copied(),
    );
    std::fs::write(&mbox, &compacted).unwrap();
    let reread = scan(&mut store, id);
    assert_eq!(reread.totals.new_items, 0, "{reread:#?}");
    assert_eq!(reread.known, 6);
    assert!(reread
        .problems
        .iter()
        .any(|p| p.contains("read again from the start")));
    let sources = store.list_sources().unwrap();
    assert_eq!(sources[0].totals.interactions, 5);
}

#[test]
fn a_read_stopped_after_a_batch_resumes_there_and_doubles_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, ana, _) = store_in(dir.path());
    let mut text = String::new();
    for i in 0..4_500u32 {
        let day = 1 + (i / 7) % 28;
        text.push_str(&format!(
            "From x@xxx Mon Nov {day:02} 10:00:00 +0000 2025\n\
             Message-ID: <m{i}@example.org>\nDate: {day} Nov 2025 10:{:02}:00 +0000\n\
             From: Ana Ruiz <ana.ruiz@example.org>\nTo: sam@example.net\nSubject: note {}\n\
             References: <root{}@example.org>\n\nbody\n\n",
            i % 60,
            i % 7,
            i % 7
        ));
    }
    let mbox = dir.path().join("big.mbox");
    std::fs::write(&mbox, text).unwrap();
    let mut batches = 0;
    let first = store
        .add_source(&mbox, None, false, now(), &mut |_| {
            batches += 1;
            false
        })
        .unwrap();
    assert_eq!(batches, 1);
    assert_eq!(first.totals.read, 2_000);
    assert_eq!(
        first.source.read_at, None,
        "a read stopped part-way did not complete"
    );
    let rest = scan(&mut store, first.source.id);
    assert_eq!(rest.totals.read, 2_500);
    assert_eq!(rest.known, 0);
    let source = &store.list_sources().unwrap()[0];
    assert_eq!(source.totals.new_items, 4_500);
    // 28 days × 7 threads, each one interaction.
    assert_eq!(store.timeline(ana, 1, 0).unwrap().total, 28 * 7);
}

#[test]
fn mail_needs_the_users_own_addresses_first() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("kith.db")).unwrap();
    let err = store
        .add_source(&fixture("takeout.mbox"), None, false, now(), &mut |_| true)
        .unwrap_err();
    assert!(
        matches!(&err, Error::Invalid { fields } if fields[0].field == "me"),
        "{err:?}"
    );
    assert!(err.to_string().contains("kith me address add"), "{err}");
    assert!(store.list_sources().unwrap().is_empty());
}

#[test]
fn a_preview_keeps_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, ana, _) = store_in(dir.path());
    let preview = store
        .add_source(&fixture("takeout.mbox"), None, true, now(), &mut |_| true)
        .unwrap();
    assert!(!preview.committed);
    assert_eq!(preview.totals.interactions, 4);
    assert_eq!(preview.contacts[0].contact.name, "Ana Ruiz");
    assert_eq!(preview.contacts[0].emails, 3);
    assert!(store.list_sources().unwrap().is_empty());
    assert_eq!(store.timeline(ana, 10, 0).unwrap().total, 0);
    assert!(store.unknowns(true).unwrap().is_empty());

    // The preview of the Maildir shows who is on it and not in Kith, as the queue would:
    // Lea (she wrote and was written to), not the one-way addresses.
    let preview = store
        .add_source(&fixture("maildir"), None, true, now(), &mut |_| true)
        .unwrap();
    let queued: Vec<&str> = preview.unknowns.iter().map(|u| u.email.as_str()).collect();
    assert_eq!(queued, ["lea@umbrella.example"]);
    assert_eq!(preview.unknowns[0].name.as_deref(), Some("Lea Weber"));
    assert!(store.unknowns(true).unwrap().is_empty());
    // A read that keeps what it found leaves the list to the queue.
    assert!(add(&mut store, &fixture("maildir")).unknowns.is_empty());
}

#[test]
fn people_not_in_kith_wait_in_a_queue_and_their_past_attaches_when_added_or_linked() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, ana, _) = store_in(dir.path());
    add(&mut store, &fixture("takeout.mbox"));
    add(&mut store, &fixture("maildir"));
    // Bo was only copied once by Sam: one-way, so offered only with `all`.
    assert!(store
        .unknowns(false)
        .unwrap()
        .iter()
        .all(|u| u.email != "bo@globex.example"));
    let all = store.unknowns(true).unwrap();
    let bo = all.iter().find(|u| u.email == "bo@globex.example").unwrap();
    assert_eq!((bo.sent, bo.received, bo.met), (1, 0, 0));
    assert_eq!(bo.name.as_deref(), Some("Bo Chen"));
    // Lea wrote and was written to (the Maildir): two-way, offered by default.
    let lea = store.unknowns(false).unwrap();
    assert_eq!(lea.len(), 1, "{lea:#?}");
    assert_eq!(lea[0].email, "lea@umbrella.example");

    let added = store
        .add_unknown("Lea@Umbrella.example", None, now())
        .unwrap();
    assert_eq!(added.name, "Lea Weber");
    let tl = store.timeline(added.id, 10, 0).unwrap().items;
    assert_eq!(tl.len(), 2, "Sam's reply with her on it, and hers: {tl:#?}");
    assert!(tl.iter().all(|i| i.summary == "Café on Friday"), "{tl:#?}");

    // Linked to an existing contact: the thread-day she shares with Ana gains her.
    let bo_id = person(&mut store, "Robert Chen", "robert@chen.example");
    store
        .link_unknown("bo@globex.example", bo_id, now())
        .unwrap();
    let tl = store.timeline(bo_id, 10, 0).unwrap().items;
    assert_eq!(tl.len(), 1);
    let names: Vec<&str> = tl[0].participants.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["Ana Ruiz", "Robert Chen"]);
    assert_eq!(store.timeline(ana, 10, 0).unwrap().total, 4);

    // Ignored: never offered again; someone's already: refused with whose.
    let priya_like = store.unknowns(true).unwrap();
    assert!(priya_like.is_empty(), "{priya_like:#?}");
    let err = store
        .ignore_unknown("ana.ruiz@example.org", now())
        .unwrap_err();
    assert!(err.to_string().contains("Ana Ruiz"), "{err}");
    let err = store
        .add_unknown("nobody@example.org", None, now())
        .unwrap_err();
    assert!(err.to_string().contains("nothing Kith has read"), "{err}");
}

#[test]
fn a_maildir_reads_cur_and_new_never_tmp_and_then_only_new_files() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, ana, _) = store_in(dir.path());
    let maildir = dir.path().join("Mail");
    for sub in ["cur", "new", "tmp"] {
        std::fs::create_dir_all(maildir.join(sub)).unwrap();
        for f in std::fs::read_dir(fixture("maildir").join(sub)).unwrap() {
            let f = f.unwrap();
            std::fs::copy(f.path(), maildir.join(sub).join(f.file_name())).unwrap();
        }
    }
    let report = add(&mut store, &maildir);
    assert_eq!(report.source.kind, SourceKind::Maildir);
    assert_eq!(report.totals.read, 3, "tmp/ is not read: {report:#?}");
    // Ana's message (Mon 10:00 -0500 = 15:00 UTC) and Sam's answer on Tuesday.
    let tl = store.timeline(ana, 10, 0).unwrap().items;
    assert_eq!(tl.len(), 2, "{tl:#?}");
    assert_eq!(
        tl[1].occurred_at,
        Utc.with_ymd_and_hms(2026, 11, 2, 15, 0, 0).unwrap()
    );
    assert_eq!(tl[1].summary, "Café on Friday");

    // The client moves the new message to cur/ (same time, a flag added): nothing new.
    std::fs::rename(
        maildir.join("new/1762300000.M3P100.host"),
        maildir.join("cur/1762300000.M3P100.host:2,S"),
    )
    .unwrap();
    let id = report.source.id;
    assert_eq!(scan(&mut store, id).totals.read, 0);
    // A message arrives.
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(
        maildir.join("new/1762500000.M5P100.host"),
        "Message-ID: <md-5@example.org>\nDate: Fri, 06 Nov 2026 09:00:00 +0000\n\
         From: Ana Ruiz <ana.ruiz@example.org>\nTo: sam@example.net\nSubject: Friday\n\nok\n",
    )
    .unwrap();
    let next = scan(&mut store, id);
    assert_eq!(next.totals.read, 1);
    assert_eq!(store.timeline(ana, 10, 0).unwrap().total, 3);
}

#[test]
fn a_thunderbird_folder_is_an_mbox_and_a_source_that_goes_away_keeps_what_it_brought() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _, priya) = store_in(dir.path());
    let inbox = copy_to(dir.path(), "Inbox");
    let report = add(&mut store, &inbox);
    assert_eq!(report.source.kind, SourceKind::Mbox);
    let tl = store.timeline(priya, 10, 0).unwrap().items;
    assert_eq!(tl.len(), 2, "{tl:#?}");
    // "Date: someday soon": the separator's date instead.
    assert_eq!(
        tl[0].occurred_at,
        Utc.with_ymd_and_hms(2026, 11, 7, 9, 0, 0).unwrap()
    );

    std::fs::remove_file(&inbox).unwrap();
    let gone = scan(&mut store, report.source.id);
    assert_eq!(gone.source.status, SourceStatus::Missing);
    assert!(gone
        .source
        .message
        .as_deref()
        .unwrap_or_default()
        .contains("no such file"));
    assert_eq!(store.timeline(priya, 10, 0).unwrap().total, 2);

    // Removed with --forget: what it made goes to the trash.
    store.remove_source(report.source.id, true, now()).unwrap();
    assert_eq!(store.timeline(priya, 10, 0).unwrap().total, 0);
    assert!(store.list_sources().unwrap().is_empty());
}

/// A calendar of the user's (Ana's) with a weekly series with Bo: its past occurrences are
/// meetings (video with a Meet link), an event with many people is an `event`, and a re-read
/// of the changed file moves, cancels and removes what it had made.
#[test]
fn a_calendar_makes_meetings_and_a_changed_file_moves_and_removes_them() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("kith.db")).unwrap();
    store.add_me_address("ana.ruiz@example.com", now()).unwrap();
    let bo = person(&mut store, "Bo Chen", "bo@chen.example.org");
    let zip = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/calendar/google-calendar-export.zip");
    let report = add(&mut store, &zip);
    assert_eq!(report.source.kind, SourceKind::Ics);
    assert_eq!(skipped(&report, "cancelled"), 1);
    let tl = store.timeline(bo, 50, 0).unwrap().items;
    let weekly: Vec<_> = tl
        .iter()
        .filter(|i| i.summary.starts_with("Weekly sync"))
        .collect();
    // Tuesdays Mar 3 – Apr 21 at 10:00 Madrid: Mar 17 moved to Mar 18 15:00, Apr 7 excluded,
    // Apr 14 cancelled.
    let days: Vec<String> = weekly
        .iter()
        .rev()
        .map(|i| i.occurred_at.format("%m-%d %H:%M").to_string())
        .collect();
    assert_eq!(
        days,
        [
            "03-03 09:00",
            "03-10 09:00",
            "03-18 14:00",
            "03-24 09:00",
            "03-31 08:00",
            "04-21 08:00"
        ]
    );
    assert!(
        weekly.iter().all(|i| i.kind == InteractionKind::Video),
        "{weekly:#?}"
    );
    assert!(weekly.iter().all(|i| i.initiated_by == Some(Initiator::Me)));
    let all_hands: Vec<_> = tl
        .iter()
        .filter(|i| i.summary == "Team all-hands")
        .collect();
    assert_eq!(all_hands.len(), 4);
    assert!(all_hands.iter().all(|i| i.kind == InteractionKind::Event));
    // The shared calendar's own address organises its events: it is nobody to add.
    assert!(store
        .unknowns(true)
        .unwrap()
        .iter()
        .all(|u| !u.email.ends_with("calendar.google.com")));
}

/// A calendar file that changes: one meeting moved, one cancelled, one deleted; each re-read
/// brings what Kith made in step.
#[test]
fn a_changed_calendar_file_moves_cancels_and_removes_what_it_made() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("kith.db")).unwrap();
    store.add_me_address("ana.ruiz@example.com", now()).unwrap();
    let bo = person(&mut store, "Bo Chen", "bo@chen.example.org");
    let ics = |sync2: &str, extra: &str| {
        format!(
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:test\r\n\
             BEGIN:VEVENT\r\nUID:s1@test\r\nDTSTART:20261102T090000Z\r\nDTEND:20261102T093000Z\r\n\
             RRULE:FREQ=WEEKLY;COUNT=3\r\nSUMMARY:Standup\r\n\
             ORGANIZER:mailto:bo@chen.example.org\r\nATTENDEE;PARTSTAT=ACCEPTED:mailto:ana.ruiz@example.com\r\n\
             END:VEVENT\r\n{sync2}{extra}END:VCALENDAR\r\n"
        )
    };
    let moved = "BEGIN:VEVENT\r\nUID:s1@test\r\nRECURRENCE-ID:20261109T090000Z\r\n\
                 DTSTART:20261110T140000Z\r\nSUMMARY:Standup (moved)\r\n\
                 ORGANIZER:mailto:bo@chen.example.org\r\nATTENDEE:mailto:ana.ruiz@example.com\r\nEND:VEVENT\r\n";
    let cancelled = "BEGIN:VEVENT\r\nUID:s1@test\r\nRECURRENCE-ID:20261116T090000Z\r\n\
                     DTSTART:20261116T090000Z\r\nSTATUS:CANCELLED\r\nSUMMARY:Standup\r\n\
                     ORGANIZER:mailto:bo@chen.example.org\r\nEND:VEVENT\r\n";
    let not_mine = "BEGIN:VEVENT\r\nUID:b1@test\r\nDTSTART:20261119T150000Z\r\nSUMMARY:Board\r\n\
                    ORGANIZER:mailto:bo@chen.example.org\r\nATTENDEE:mailto:carla@example.org\r\nEND:VEVENT\r\n";
    let coffee = "BEGIN:VEVENT\r\nUID:c1@test\r\nDTSTART:20261120T150000Z\r\nSUMMARY:Coffee\r\n\
                  ORGANIZER:mailto:ana.ruiz@example.com\r\nATTENDEE:mailto:bo@chen.example.org\r\nEND:VEVENT\r\n";
    let file = dir.path().join("work.ics");
    std::fs::write(&file, ics("", &format!("{coffee}{not_mine}"))).unwrap();
    let report = add(&mut store, &file);
    // Bo's board meeting does not name Ana: no meeting of hers.
    assert_eq!(skipped(&report, "you are not on it"), 1, "{report:#?}");
    let id = report.source.id;
    let summaries = |store: &Store| -> Vec<String> {
        store
            .timeline(bo, 50, 0)
            .unwrap()
            .items
            .iter()
            .filter(|i| i.occurred_at.format("%Y-%m").to_string() == "2026-11")
            .map(|i| format!("{} {}", i.occurred_at.format("%d %H:%M"), i.summary))
            .collect()
    };
    assert_eq!(
        summaries(&store),
        [
            "20 15:00 Coffee",
            "16 09:00 Standup",
            "09 09:00 Standup",
            "02 09:00 Standup"
        ]
    );
    assert_eq!(scan(&mut store, id).totals.read, 0, "unchanged");

    std::fs::write(&file, ics(&format!("{moved}{cancelled}"), "")).unwrap();
    let again = scan(&mut store, id);
    assert_eq!(again.totals.new_items, 0, "{again:#?}");
    assert_eq!(
        summaries(&store),
        ["10 14:00 Standup (moved)", "02 09:00 Standup"]
    );
    stats_agree(&store);
}

/// The queue's counts follow every change: mail read, a calendar changed, someone added from
/// the queue, a source removed with what it brought.
#[test]
fn the_queue_counts_follow_every_read_change_and_removal() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _, _) = store_in(dir.path());
    let mbox = add(&mut store, &fixture("takeout.mbox")).source.id;
    add(&mut store, &fixture("maildir"));
    stats_agree(&store);
    let lea = store.unknowns(true).unwrap();
    let lea = lea
        .iter()
        .find(|u| u.email == "lea@umbrella.example")
        .unwrap();
    assert_eq!((lea.sent, lea.received), (1, 1));
    store
        .add_unknown("lea@umbrella.example", None, now())
        .unwrap();
    stats_agree(&store);
    store.remove_source(mbox, true, now()).unwrap();
    stats_agree(&store);
    // Bo was only on the mbox: with it gone, so is he.
    assert!(store
        .unknowns(true)
        .unwrap()
        .iter()
        .all(|u| u.email != "bo@globex.example"));
}

/// An interaction made from mail that the person put in the trash stays there: a later
/// message of the same thread and day joins nothing and makes no other.
#[test]
fn what_the_person_trashed_stays_in_the_trash() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, ana, _) = store_in(dir.path());
    let mbox = copy_to(dir.path(), "takeout.mbox");
    let id = add(&mut store, &mbox).source.id;
    let first = store.timeline(ana, 10, 0).unwrap().items;
    let nov2 = first.last().unwrap().id;
    store.delete_interaction(nov2, now()).unwrap();
    // Bo, copied on that day's thread, is added to Kith only now.
    let bo = person(&mut store, "Bo Chen", "bo@globex.example");
    let mut text = std::fs::read(&mbox).unwrap();
    text.extend_from_slice(
        b"From x@xxx Mon Nov 02 18:00:00 +0000 2026\r\nMessage-ID: <ana-late@example.org>\r\n\
          Date: Mon, 2 Nov 2026 18:00:00 +0000\r\nFrom: Ana Ruiz <ana.ruiz@example.org>\r\n\
          To: sam@example.net\r\nReferences: <CAF1=ana-1@mail.gmail.com>\r\n\
          Subject: Re: Coffee next week?\r\n\r\nok\r\n\r\n",
    );
    std::fs::write(&mbox, &text).unwrap();
    let again = scan(&mut store, id);
    assert_eq!(again.totals.new_items, 1);
    assert_eq!(again.totals.interactions, 0);
    let now_tl = store.timeline(ana, 10, 0).unwrap().items;
    assert_eq!(now_tl.len(), first.len() - 1, "{now_tl:#?}");
    assert!(now_tl.iter().all(|i| i.id != nov2));
    assert_eq!(store.timeline(bo, 10, 0).unwrap().total, 0);
}

/// A meeting that was still to come when its calendar was read becomes an interaction once
/// it has taken place, at the next scan, though the file has not changed; only once.
#[test]
fn an_upcoming_meeting_that_passes_becomes_an_interaction_without_a_changed_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("kith.db")).unwrap();
    store.add_me_address("ana.ruiz@example.com", now()).unwrap();
    let bo = person(&mut store, "Bo Chen", "bo@chen.example.org");
    let at = now() + chrono::TimeDelta::hours(1);
    let file = dir.path().join("soon.ics");
    std::fs::write(
        &file,
        format!(
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:test\r\n\
             BEGIN:VEVENT\r\nUID:soon@test\r\nDTSTART:{}\r\nSUMMARY:Lunch\r\n\
             ORGANIZER:mailto:ana.ruiz@example.com\r\nATTENDEE:mailto:bo@chen.example.org\r\n\
             END:VEVENT\r\nEND:VCALENDAR\r\n",
            at.format("%Y%m%dT%H%M%SZ")
        ),
    )
    .unwrap();
    let report = add(&mut store, &file);
    assert_eq!(report.totals.new_items, 1);
    assert_eq!(report.totals.interactions, 0);
    assert_eq!(store.timeline(bo, 10, 0).unwrap().total, 0);

    let later = now() + chrono::TimeDelta::hours(2);
    let id = report.source.id;
    let again = store.scan_source(id, later, &mut |_| true).unwrap();
    assert_eq!(again.totals.read, 0, "the file did not change");
    assert_eq!(again.totals.interactions, 1);
    let tl = store.timeline(bo, 10, 0).unwrap();
    assert_eq!(tl.total, 1);
    assert_eq!(tl.items[0].summary, "Lunch");
    assert_eq!(tl.items[0].occurred_at, at);
    assert_eq!(tl.items[0].source_id, Some(id));

    let third = store.scan_source(id, later, &mut |_| true).unwrap();
    assert_eq!(third.totals.interactions, 0);
    let fourth = store
        .scan_source(id, later + chrono::TimeDelta::days(1), &mut |_| true)
        .unwrap();
    assert_eq!(fourth.totals.interactions, 0);
    assert_eq!(store.timeline(bo, 10, 0).unwrap().total, 1);
    assert_eq!(store.list_sources().unwrap()[0].totals.interactions, 1);
}

/// A multipart message in quoted-printable with an mboxrd-escaped `>From ` line, and a reply
/// that quotes it, both on one day between Ana and Sam.
const WITH_TEXT: &str = "From ana.ruiz@example.org Tue Nov 03 09:00:00 2026\n\
From: Ana Ruiz <ana.ruiz@example.org>\n\
To: Sam Lee <sam@example.net>\n\
Date: Tue, 3 Nov 2026 09:00:00 +0000\n\
Subject: Coffee\n\
Message-ID: <t1@example.org>\n\
MIME-Version: 1.0\n\
Content-Type: multipart/alternative; boundary=\"b1\"\n\
\n\
--b1\n\
Content-Type: text/plain; charset=utf-8\n\
Content-Transfer-Encoding: quoted-printable\n\
\n\
Caf=C3=A9 at 10?\n\
>From the station it is 5 minutes.\n\
--b1\n\
Content-Type: text/html; charset=utf-8\n\
\n\
<p>Caf&eacute; at 10?</p>\n\
--b1--\n\
\n\
From sam@example.net Tue Nov 03 10:00:00 2026\n\
From: Sam Lee <sam@example.net>\n\
To: Ana Ruiz <ana.ruiz@example.org>\n\
Date: Tue, 3 Nov 2026 10:00:00 +0000\n\
Subject: Re: Coffee\n\
Message-ID: <t2@example.net>\n\
In-Reply-To: <t1@example.org>\n\
References: <t1@example.org>\n\
\n\
Yes!\n\
\n\
> Caf\u{e9} at 10?\n\
\n";

#[test]
fn the_text_of_messages_is_kept_only_where_the_person_asks_and_erased_when_they_stop() {
    let texts = |store: &Store, ana: i64| -> Vec<(bool, Option<String>, Option<String>)> {
        let tl = store.timeline(ana, 10, 0).unwrap().items;
        assert_eq!(tl.len(), 1, "{tl:#?}");
        store
            .interaction_messages(tl[0].id)
            .unwrap()
            .into_iter()
            .map(|m| (m.from_me, m.from, m.text))
            .collect()
    };
    // By default only who, when and the subject are kept.
    let dir = tempfile::tempdir().unwrap();
    let (mut store, ana, _) = store_in(dir.path());
    let mbox = dir.path().join("mail.mbox");
    std::fs::write(&mbox, WITH_TEXT).unwrap();
    let source = add(&mut store, &mbox).source;
    assert!(!source.keep_text);
    assert_eq!(
        texts(&store, ana),
        [
            (false, Some("Ana Ruiz".to_owned()), None),
            (true, None, None)
        ]
    );

    // Asked for: the plain text, decoded and unescaped, without what a reply quotes.
    let dir = tempfile::tempdir().unwrap();
    let (mut store, ana, _) = store_in(dir.path());
    std::fs::write(dir.path().join("mail.mbox"), WITH_TEXT).unwrap();
    let options = kith::ops::AddSource {
        keep_text: true,
        ..Default::default()
    };
    let source = store
        .add_source_with(
            &dir.path().join("mail.mbox"),
            options.clone(),
            now(),
            &mut |_| true,
        )
        .unwrap()
        .source;
    assert!(source.keep_text);
    assert_eq!(
        texts(&store, ana),
        [
            (
                false,
                Some("Ana Ruiz".to_owned()),
                Some("Café at 10?\nFrom the station it is 5 minutes.".to_owned())
            ),
            (true, None, Some("Yes!".to_owned()))
        ]
    );
    // Turned off: what was kept is erased.
    assert!(
        !store
            .set_source_keep_text(source.id, false)
            .unwrap()
            .keep_text
    );
    assert!(texts(&store, ana).iter().all(|(_, _, t)| t.is_none()));

    // A Maildir's messages too.
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _, _) = store_in(dir.path());
    store
        .add_source_with(&fixture("maildir"), options, now(), &mut |_| true)
        .unwrap();
    let lea = store
        .add_unknown("lea@umbrella.example", None, now())
        .unwrap();
    let tl = store.timeline(lea.id, 10, 0).unwrap().items;
    let said: Vec<Option<String>> = tl
        .iter()
        .flat_map(|i| store.interaction_messages(i.id).unwrap())
        .map(|m| m.text)
        .collect();
    assert_eq!(said, [Some("Hi".to_owned()), Some("Hi".to_owned())]);
}

/// A mass mail from a contact with the user in Bcc (`To: undisclosed-recipients:;`) is no
/// conversation: skipped, and counted with why; a message the user sends in Bcc is theirs.
#[test]
fn a_mass_mail_to_undisclosed_recipients_is_no_conversation() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, ana, _) = store_in(dir.path());
    let mbox = dir.path().join("bcc.mbox");
    std::fs::write(
        &mbox,
        "From x Mon Nov 02 09:00:00 2026\n\
         From: Ana Ruiz <ana.ruiz@example.org>\n\
         To: undisclosed-recipients:;\n\
         Date: Mon, 2 Nov 2026 09:00:00 +0000\n\
         Subject: We moved!\n\
         Message-ID: <moved@example.org>\n\
         \n\
         Our new address is...\n\
         \n\
         From x Tue Nov 03 09:00:00 2026\n\
         From: Sam Lee <sam@example.net>\n\
         To: undisclosed-recipients:;\n\
         Bcc: Ana Ruiz <ana.ruiz@example.org>\n\
         Date: Tue, 3 Nov 2026 09:00:00 +0000\n\
         Subject: Thanks\n\
         Message-ID: <thanks@example.net>\n\
         \n\
         Thank you!\n\
         \n",
    )
    .unwrap();
    let report = add(&mut store, &mbox);
    assert_eq!(
        skipped(&report, "a mass mail to undisclosed recipients"),
        1,
        "{report:#?}"
    );
    let tl = store.timeline(ana, 10, 0).unwrap().items;
    let summaries: Vec<&str> = tl.iter().map(|i| i.summary.as_str()).collect();
    assert_eq!(summaries, ["Thanks"]);
}

/// One read that adds an event, changes another's people and cancels a third keeps the
/// queue's counts equal to what its items add up to (new items' addresses are written at the
/// end of a batch, a changed item's at once).
#[test]
fn new_changed_and_cancelled_events_in_one_read_keep_the_queue_counts() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, ana, _) = store_in(dir.path());
    let event = |uid: &str, day: u32, attendees: &[&str], status: &str| {
        let people: String = attendees
            .iter()
            .map(|a| format!("ATTENDEE;CN={a};PARTSTAT=ACCEPTED:mailto:{a}\r\n"))
            .collect();
        format!(
            "BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTART:202611{day:02}T100000Z\r\n\
             DTEND:202611{day:02}T110000Z\r\nSUMMARY:Planning\r\nSTATUS:{status}\r\n\
             ORGANIZER:mailto:sam@example.net\r\n{people}END:VEVENT\r\n"
        )
    };
    let calendar = |events: &[String]| {
        format!(
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n{}END:VCALENDAR\r\n",
            events.concat()
        )
    };
    let (a, k) = ("ana.ruiz@example.org", "kim@lee.example");
    let path = dir.path().join("planning.ics");
    std::fs::write(
        &path,
        calendar(&[
            event("one", 2, &[a], "CONFIRMED"),
            event("two", 3, &[k], "CONFIRMED"),
        ]),
    )
    .unwrap();
    let source = add(&mut store, &path).source.id;
    stats_agree(&store);
    let met = |store: &Store| {
        store
            .unknowns(true)
            .unwrap()
            .iter()
            .find(|u| u.email == k)
            .map(|u| u.met)
    };
    assert_eq!(met(&store), Some(1));

    // "one" gains Kim (changed), "three" is new with Kim, "two" is cancelled.
    std::fs::write(
        &path,
        calendar(&[
            event("one", 2, &[a, k], "CONFIRMED"),
            event("two", 3, &[k], "CANCELLED"),
            event("three", 4, &[k, a], "CONFIRMED"),
        ]),
    )
    .unwrap();
    scan(&mut store, source);
    stats_agree(&store);
    assert_eq!(met(&store), Some(2));
    assert_eq!(store.timeline(ana, 10, 0).unwrap().items.len(), 2);

    std::fs::write(&path, calendar(&[event("one", 2, &[a], "CONFIRMED")])).unwrap();
    scan(&mut store, source);
    stats_agree(&store);
    assert_eq!(met(&store), None);
}

/// A read writes with SQLite's `CHECK` constraints off (they cost a temporary table per row);
/// once it is over, even after one that failed, the database refuses what they forbid again.
#[test]
fn the_database_checks_what_it_stores_again_after_a_read() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _, _) = store_in(dir.path());
    let bad = "INSERT INTO interaction (occurred_at, kind, summary, created_at, updated_at)
               VALUES (0, 'telepathy', 'x', 0, 0)";
    add(&mut store, &fixture("takeout.mbox"));
    assert!(store.conn().execute(bad, []).is_err());
    let missing = dir.path().join("gone.mbox");
    std::fs::write(&missing, "From x\n").unwrap();
    let id = add(&mut store, &missing).source.id;
    std::fs::write(&missing, [0xff_u8; 16]).unwrap();
    let _ = store.scan_source(id, now(), &mut |_| false);
    assert!(store.conn().execute(bad, []).is_err());
}
