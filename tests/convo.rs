//! Capture from phone and chat exports (issue 17): SMS Backup & Restore calls and texts,
//! WhatsApp chats, Telegram and LinkedIn exports added as sources, read into interactions with
//! the people Kith knows (by number, profile or name), the others queued; re-reading and a
//! newer export of the same chat create nothing twice. Runs on the fixtures in
//! `tests/fixtures/convo` (see its README).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use chrono::{DateTime, TimeZone, Utc};
use kith::model::{
    Channel, ChannelKind, ContactInput, Initiator, Interaction, InteractionKind, ScanReport,
    SourceKind,
};
use kith::ops::AddSource;
use kith::{Error, Store};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 12, 0, 0).unwrap()
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/convo")
        .join(name)
}

/// A store in `dir` whose numbers without a country code are British.
fn store_in(dir: &Path) -> Store {
    let mut store = Store::open(&dir.join("kith.db")).unwrap();
    store.infer_default_region("en_GB.UTF-8").unwrap();
    store
}

fn channel(kind: ChannelKind, value: &str) -> Channel {
    Channel {
        kind,
        label: None,
        value: value.into(),
        types: Vec::new(),
    }
}

fn person(store: &mut Store, name: &str, channels: Vec<Channel>) -> i64 {
    let input = ContactInput {
        name: name.into(),
        channels,
        ..Default::default()
    };
    store.add_contact(input, now()).unwrap().id
}

/// Copies fixture `name` into `dir` (as `as_name`): sources are read where they are.
fn copy(dir: &Path, name: &str, as_name: &str) -> PathBuf {
    let to = dir.join(as_name);
    std::fs::create_dir_all(to.parent().unwrap()).unwrap();
    std::fs::copy(fixture(name), &to).unwrap();
    to
}

fn add_with(store: &mut Store, path: &Path, options: AddSource) -> kith::Result<ScanReport> {
    store.add_source_with(path, options, now(), &mut |_| true)
}

fn add_as(store: &mut Store, path: &Path, me: &str) -> ScanReport {
    let options = AddSource {
        me: Some(me.into()),
        ..Default::default()
    };
    add_with(store, path, options).unwrap()
}

/// A contact's interactions, oldest first.
fn timeline(store: &Store, id: i64) -> Vec<Interaction> {
    let mut list = store.timeline(id, 100, 0).unwrap().items;
    list.reverse();
    list
}

/// Each interaction as "day kind initiator summary".
fn lines(list: &[Interaction]) -> Vec<String> {
    list.iter()
        .map(|i| {
            format!(
                "{} {} {} {}",
                i.occurred_at.format("%m-%d"),
                i.kind,
                i.initiated_by.map_or("-".to_owned(), |x| x.to_string()),
                i.summary
            )
        })
        .collect()
}

fn names(i: &Interaction) -> Vec<String> {
    let mut n: Vec<String> = i.participants.iter().map(|p| p.name.clone()).collect();
    n.sort();
    n
}

#[test]
fn a_phone_backup_gives_calls_and_texts_with_people_known_by_their_number() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store_in(dir.path());
    // Written otherwise than the backup writes them (`07400 123451`, `+447400123451`).
    let ana = person(
        &mut store,
        "Ana Ruiz",
        vec![channel(ChannelKind::Phone, "+44 7400 123451")],
    );
    let bo = person(
        &mut store,
        "Bo Chen",
        vec![channel(ChannelKind::Phone, "07400-123452")],
    );
    let calls = copy(dir.path(), "kith-calls-gb.xml", "calls-20240310.xml");
    let report = store
        .add_source(&calls, None, false, now(), &mut |_| true)
        .unwrap();
    assert_eq!(report.source.kind, SourceKind::SmsBackup);
    assert_eq!(report.totals.read, 8, "{report:#?}");
    assert_eq!(report.totals.new_items, 5);
    assert_eq!(report.totals.interactions, 4);
    let missed = &report.totals.skipped[0];
    assert_eq!(
        (missed.reason.as_str(), missed.count),
        ("missed or rejected calls (no conversation)", 3)
    );
    let counts: Vec<(String, u32, u32)> = report
        .contacts
        .iter()
        .map(|c| (c.contact.name.clone(), c.calls, c.messages))
        .collect();
    assert_eq!(
        counts,
        [("Ana Ruiz".into(), 2, 0), ("Bo Chen".into(), 2, 0)]
    );

    let texts = copy(dir.path(), "kith-sms-gb.xml", "sms-20240310.xml");
    let report = store
        .add_source(&texts, None, false, now(), &mut |_| true)
        .unwrap();
    assert_eq!(report.source.kind, SourceKind::SmsBackup);
    assert_eq!(report.totals.new_items, 6, "{report:#?}");
    assert_eq!(report.totals.interactions, 2);
    assert_eq!(report.contacts[0].messages, 4);

    // The rejected call of 03-06 is no interaction; the texts of 03-04 are one, started by
    // whoever wrote first that day.
    assert_eq!(
        lines(&timeline(&store, ana)),
        [
            "03-04 message me 3 texts",
            "03-04 call them Call, 1 min",
            "03-05 message them 1 text",
            "03-08 call me Call, 13 min",
        ]
    );
    // Bo's missed call of 03-05 09:00 was returned at 18:00: his. The one of 03-01 was
    // returned two days later: Sam's.
    assert_eq!(
        lines(&timeline(&store, bo)),
        ["03-03 call me Call, 2 min", "03-05 call them Call, 5 min"]
    );

    // The number no contact has is queued with what it brought; the business is not.
    let queue = store.unknowns(true).unwrap();
    assert_eq!(queue.len(), 1, "{queue:#?}");
    let u = &queue[0];
    assert_eq!(u.email, "tel:+447400123453");
    assert_eq!((u.sent, u.received, u.calls, u.met), (1, 1, 1, 0));
    assert!(u.is_two_way());
    assert_eq!(u.first_at.format("%m-%d").to_string(), "03-06");
    assert_eq!(u.last_at.format("%m-%d").to_string(), "03-07");

    // The queue's counts, added per batch, are what adding the items up gives.
    let off = kith::store::unknowns::list_stat_mismatches(store.conn()).unwrap();
    assert!(off.is_empty(), "{off:?}");

    // Read again unchanged: nothing read, nothing new.
    for id in [1, 2] {
        let again = store.scan_source(id, now(), &mut |_| true).unwrap();
        assert_eq!((again.totals.read, again.totals.new_items), (0, 0));
    }
    // Touched but the same: read again, nothing new.
    let bytes = std::fs::read(&calls).unwrap();
    std::fs::remove_file(&calls).unwrap();
    std::fs::write(&calls, &bytes).unwrap();
    let again = store.scan_source(1, now(), &mut |_| true).unwrap();
    assert_eq!(again.totals.new_items, 0);

    // Added from the queue by number: their call and texts attach.
    let dana = store
        .add_unknown("07400 123453", Some("Dana Lee"), now())
        .unwrap();
    assert_eq!(dana.channels[0].kind, ChannelKind::Phone);
    assert_eq!(
        lines(&timeline(&store, dana.id)),
        ["03-06 message them 2 texts", "03-07 call them Call, 2 min"]
    );
    assert!(store.unknowns(true).unwrap().is_empty());
}

#[test]
fn a_whatsapp_chat_gives_one_interaction_per_chat_and_day_and_a_newer_export_nothing_twice() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store_in(dir.path());
    let ana = person(&mut store, "Ana Ruiz", Vec::new());
    let bo = person(&mut store, "Bo Chen", Vec::new());
    let older = copy(
        dir.path(),
        "whatsapp-older/WhatsApp Chat with Ana Ruiz.txt",
        "old/WhatsApp Chat with Ana Ruiz.txt",
    );

    // Without saying which name is theirs: refused, naming the authors.
    let err = add_with(&mut store, &older, AddSource::default()).unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("\"Ana Ruiz\" (4 messages), \"Sam Lee\" (1 message)")
            && text.contains("which name in this chat is yours"),
        "{text}"
    );
    assert!(store.list_sources().unwrap().is_empty());

    let report = add_as(&mut store, &older, "sam lee");
    assert_eq!(report.source.kind, SourceKind::Whatsapp);
    assert_eq!(report.source.me.as_deref(), Some("Sam Lee"));
    // Two "ok" in the same minute are two messages.
    assert_eq!(report.totals.new_items, 5, "{report:#?}");
    assert_eq!(
        lines(&timeline(&store, ana)),
        [
            "03-14 message me WhatsApp: 4 messages",
            "03-15 message them WhatsApp: 1 message"
        ]
    );

    // The newer export of the same chat brings only what the older one did not have.
    let newer = copy(
        dir.path(),
        "whatsapp-newer/WhatsApp Chat with Ana Ruiz.txt",
        "new/WhatsApp Chat with Ana Ruiz.txt",
    );
    let report = add_as(&mut store, &newer, "Sam Lee");
    assert_eq!(
        (
            report.totals.new_items,
            report.known,
            report.totals.interactions
        ),
        (2, 5, 1)
    );
    assert_eq!(
        lines(&timeline(&store, ana)),
        [
            "03-14 message me WhatsApp: 4 messages",
            "03-15 message them WhatsApp: 1 message",
            "03-19 message them WhatsApp: 2 messages"
        ]
    );
    let again = store
        .scan_source(report.source.id, now(), &mut |_| true)
        .unwrap();
    assert_eq!(again.totals.new_items, 0);

    // A group: every other member is on each day's interaction; who wrote first started it.
    let group = copy(
        dir.path(),
        "whatsapp-group/WhatsApp Chat with Book club.txt",
        "group/WhatsApp Chat with Book club.txt",
    );
    let report = add_as(&mut store, &group, "Sam Lee");
    assert_eq!(report.totals.interactions, 2, "{report:#?}");
    let days: Vec<Interaction> = timeline(&store, bo);
    assert_eq!(
        lines(&days),
        [
            "04-13 message them WhatsApp: 3 messages",
            "04-14 message me WhatsApp: 3 messages"
        ]
    );
    assert_eq!(names(&days[0]), ["Ana Ruiz", "Bo Chen"]);

    // A name no contact has is queued with its counts and dates, and never made a contact.
    let queue = store.unknowns(false).unwrap();
    assert_eq!(queue.len(), 1, "{queue:#?}");
    assert_eq!(queue[0].email, "whatsapp:Carla Diaz");
    assert_eq!((queue[0].sent, queue[0].received), (2, 2));
    assert_eq!(
        kith::ops::readable_address(&queue[0].email),
        "Carla Diaz (WhatsApp)"
    );

    // Added from the queue as it is listed: a contact, and her past days attach.
    let carla = store
        .add_unknown("Carla Diaz (WhatsApp)", None, now())
        .unwrap();
    assert_eq!(carla.name, "Carla Diaz");
    assert!(carla.channels.is_empty(), "a chat name is no channel");
    let days = timeline(&store, carla.id);
    assert_eq!(days.len(), 2);
    assert_eq!(names(&days[0]), ["Ana Ruiz", "Bo Chen", "Carla Diaz"]);
    assert!(store.unknowns(true).unwrap().is_empty());
}

#[test]
fn a_chat_name_linked_from_the_queue_attaches_its_past_days() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store_in(dir.path());
    // Named otherwise than in the chat: no match by name.
    let ana = person(&mut store, "Ana María Ruiz", Vec::new());
    let older = copy(
        dir.path(),
        "whatsapp-older/WhatsApp Chat with Ana Ruiz.txt",
        "WhatsApp Chat with Ana Ruiz.txt",
    );
    let report = add_as(&mut store, &older, "Sam Lee");
    assert_eq!(report.totals.interactions, 0);
    assert!(timeline(&store, ana).is_empty());
    let queue = store.unknowns(false).unwrap();
    assert_eq!(queue[0].email, "whatsapp:Ana Ruiz");
    store.link_unknown("whatsapp:Ana Ruiz", ana, now()).unwrap();
    assert_eq!(timeline(&store, ana).len(), 2);
    assert!(store.unknowns(true).unwrap().is_empty());
    // Linked once, known from then on: a newer export settles with her at once.
    let newer = copy(
        dir.path(),
        "whatsapp-newer/WhatsApp Chat with Ana Ruiz.txt",
        "new/WhatsApp Chat with Ana Ruiz.txt",
    );
    let report = add_as(&mut store, &newer, "Sam Lee");
    assert_eq!(report.totals.interactions, 1);
    assert_eq!(report.contacts[0].messages, 2);
}

#[test]
fn the_text_of_chat_messages_is_kept_only_when_asked_and_at_most_500_characters() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store_in(dir.path());
    let ana = person(&mut store, "Ana Ruiz", Vec::new());
    let newer = copy(
        dir.path(),
        "whatsapp-newer/WhatsApp Chat with Ana Ruiz.txt",
        "WhatsApp Chat with Ana Ruiz.txt",
    );
    let options = AddSource {
        me: Some("Sam Lee".into()),
        keep_text: true,
        dry_run: true,
        ..Default::default()
    };
    let preview = add_with(&mut store, &newer, options.clone()).unwrap();
    assert!(!preview.committed);
    assert!(store.list_sources().unwrap().is_empty());
    assert!(timeline(&store, ana).is_empty());

    let options = AddSource {
        dry_run: false,
        ..options
    };
    add_with(&mut store, &newer, options).unwrap();
    let days = timeline(&store, ana);
    let last = store.interaction_messages(days[2].id).unwrap();
    assert_eq!(last.len(), 2);
    assert_eq!(last[0].text.as_deref(), Some("On my way"));
    let long = last[1].text.as_deref().unwrap();
    assert!(last[1].from_me);
    assert_eq!(long.chars().count(), 500);
    assert!(long.starts_with("A long message. A long message."));

    // Turned off: what was kept is erased, and another chat read without it keeps none.
    store.set_source_keep_text(1, false).unwrap();
    let last = store.interaction_messages(days[2].id).unwrap();
    assert!(last.iter().all(|m| m.text.is_none()));
    let group = copy(
        dir.path(),
        "whatsapp-group/WhatsApp Chat with Book club.txt",
        "WhatsApp Chat with Book club.txt",
    );
    add_as(&mut store, &group, "Sam Lee");
    let days = timeline(&store, ana);
    let group_day = store.interaction_messages(days[3].id).unwrap();
    assert_eq!(group_day.len(), 3);
    assert!(group_day.iter().all(|m| m.text.is_none()));
}

#[test]
fn a_chat_whose_dates_read_both_ways_is_refused_until_the_order_is_chosen() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store_in(dir.path());
    let ana = person(&mut store, "Ana Ruiz", Vec::new());
    let path = copy(
        dir.path(),
        "whatsapp-ambiguous.txt",
        "WhatsApp Chat with Ana Ruiz.txt",
    );
    let err = add_with(
        &mut store,
        &path,
        AddSource {
            me: Some("Sam Lee".into()),
            ..Default::default()
        },
    )
    .unwrap_err();
    let Error::Invalid { fields } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(fields[0].field, "date_order");
    assert!(
        fields[0].message.contains("say which")
            && fields[0]
                .message
                .contains("read day first, its dates run forward"),
        "{err}"
    );
    assert!(store.list_sources().unwrap().is_empty());

    let report = add_with(
        &mut store,
        &path,
        AddSource {
            me: Some("Sam Lee".into()),
            day_first: Some(true),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(report.totals.new_items, 4);
    let days: Vec<String> = timeline(&store, ana)
        .iter()
        .map(|i| i.occurred_at.format("%m-%d").to_string())
        .collect();
    assert_eq!(days, ["03-01", "03-02", "03-05", "04-01"]);
}

#[test]
fn a_read_stopped_part_way_resumes_with_nothing_doubled() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store_in(dir.path());
    let ana = person(&mut store, "Ana Ruiz", Vec::new());
    // 5,000 messages over 50 days, 100 a day: batches of 2,000 end in the middle of a day.
    let mut chat = String::new();
    for i in 0..5_000u32 {
        let day = 1 + i / 100;
        let (month, d) = if day <= 31 { (1, day) } else { (2, day - 31) };
        let who = if i % 3 == 0 { "Sam Lee" } else { "Ana Ruiz" };
        chat.push_str(&format!(
            "{d:02}/{month:02}/2024, 12:{:02} - {who}: message {i}\n",
            (i % 100) / 2
        ));
    }
    let path = dir.path().join("WhatsApp Chat with Ana Ruiz.txt");
    std::fs::write(&path, chat).unwrap();
    let mut batches = 0;
    let options = AddSource {
        me: Some("Sam Lee".into()),
        ..Default::default()
    };
    let first = store
        .add_source_with(&path, options, now(), &mut |_| {
            batches += 1;
            false
        })
        .unwrap();
    assert_eq!(batches, 1);
    assert_eq!(first.totals.new_items, 2_000);
    assert!(first.source.read_at.is_none(), "no completed read");
    let days_before = timeline(&store, ana).len();
    assert_eq!(days_before, 20);

    let rest = store
        .scan_source(first.source.id, now(), &mut |_| true)
        .unwrap();
    assert_eq!(rest.totals.new_items, 3_000);
    assert_eq!(rest.known, 2_000);
    let days = timeline(&store, ana);
    assert_eq!(days.len(), 50);
    assert!(
        days.iter().all(|d| d.summary == "WhatsApp: 100 messages"),
        "{:?}",
        lines(&days)
    );
    let items: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM capture_item", [], |r| r.get(0))
        .unwrap();
    assert_eq!(items, 5_000);
    let off = kith::store::unknowns::list_stat_mismatches(store.conn()).unwrap();
    assert!(off.is_empty(), "{off:?}");
}

#[test]
fn a_telegram_export_is_read_as_a_source() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store_in(dir.path());
    let ana = person(
        &mut store,
        "Ana Ruiz",
        vec![channel(ChannelKind::Phone, "+34 600 000 001")],
    );
    let path = copy(dir.path(), "telegram-full-export.json", "result.json");
    let report = store
        .add_source(&path, None, false, now(), &mut |_| true)
        .unwrap();
    assert_eq!(report.source.kind, SourceKind::Telegram);
    let days = timeline(&store, ana);
    let kinds: Vec<(InteractionKind, Option<Initiator>)> =
        days.iter().map(|i| (i.kind, i.initiated_by)).collect();
    assert!(
        kinds.iter().any(|(k, _)| *k == InteractionKind::Call),
        "{:?}",
        lines(&days)
    );
    assert!(
        days.iter().any(|i| i.summary.starts_with("Telegram: ")),
        "{:?}",
        lines(&days)
    );
    // The group's other members are not in Kith: queued by their Telegram id.
    let queue = store.unknowns(true).unwrap();
    assert!(
        queue.iter().all(|u| u.email.starts_with("telegram:")),
        "{queue:#?}"
    );
    assert!(!queue.is_empty());
    let again = store
        .scan_source(report.source.id, now(), &mut |_| true)
        .unwrap();
    assert_eq!(again.totals.new_items, 0);
}

#[test]
fn linkedin_messages_are_matched_by_profile_then_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store_in(dir.path());
    let ana = person(
        &mut store,
        "Ana R.",
        vec![channel(
            ChannelKind::Link,
            "https://linkedin.com/in/Ana-Ruiz-4b2a1c/",
        )],
    );
    let bo = person(&mut store, "Bo Chen", Vec::new());
    let path = copy(dir.path(), "messages.csv", "messages.csv");
    let report = store
        .add_source(&path, None, false, now(), &mut |_| true)
        .unwrap();
    assert_eq!(report.source.kind, SourceKind::LinkedinMessages);
    assert_eq!(
        report.source.me.as_deref(),
        Some("https://www.linkedin.com/in/sam-lee-0a1b2c3"),
        "{report:#?}"
    );
    let ana_days = timeline(&store, ana);
    assert_eq!(
        lines(&ana_days)[0],
        "05-04 message them LinkedIn: 2 messages",
        "{:?}",
        lines(&ana_days)
    );
    let bo_days = timeline(&store, bo);
    assert!(!bo_days.is_empty());
    assert!(names(&bo_days[0]).contains(&"Ana R.".to_owned()));
    // The queue offers the others by profile.
    let queue = store.unknowns(true).unwrap();
    assert!(
        queue
            .iter()
            .any(|u| u.email == "linkedin:linkedin.com/in/rene-dupont"),
        "{queue:#?}"
    );
}

#[test]
fn a_broken_line_or_record_is_reported_with_its_line_and_the_rest_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store_in(dir.path());
    let ana = person(&mut store, "Ana Ruiz", Vec::new());
    let chat = copy(
        dir.path(),
        "whatsapp-problems.txt",
        "WhatsApp Chat with Ana Ruiz.txt",
    );
    // Only Ana writes: the person's name must be one of the authors.
    let err = add_with(
        &mut store,
        &chat,
        AddSource {
            me: Some("Sam Lee".into()),
            ..Default::default()
        },
    )
    .unwrap_err();
    assert!(
        err.to_string()
            .contains("\"Sam Lee\" wrote nothing in this chat"),
        "{err}"
    );
    let before = std::fs::read(&chat).unwrap();
    let report = add_as(&mut store, &chat, "Ana Ruiz");
    assert_eq!(std::fs::read(&chat).unwrap(), before, "read-only");
    assert_eq!(report.totals.read, 2, "{report:#?}");
    let skipped = &report.totals.skipped[0];
    assert_eq!(
        (skipped.reason.as_str(), skipped.count),
        ("no one else in the chat", 2)
    );
    let lines: Vec<&str> = report
        .problems
        .iter()
        .map(|p| p.split(':').next().unwrap())
        .collect();
    assert_eq!(
        lines,
        ["line 2", "line 3", "line 4", "line 5"],
        "{report:#?}"
    );
    // Ana is the person here: no one else is in the chat, so no interaction.
    assert!(timeline(&store, ana).is_empty());

    let calls = copy(dir.path(), "calls-truncated.xml", "calls-truncated.xml");
    let report = store
        .add_source(&calls, None, false, now(), &mut |_| true)
        .unwrap();
    assert_eq!(report.totals.read, 3, "{report:#?}");
    assert!(
        report.problems.iter().any(|p| p.contains("ends early")),
        "{report:#?}"
    );
}

/// Runs the `kith` CLI on the database `db`.
fn kith(db: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_kith"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env("LC_ALL", "en_GB.UTF-8")
        .output()
        .unwrap()
}

fn stdout(out: &std::process::Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn the_cli_adds_chat_exports_and_shows_their_people_readably() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kith.db");
    let group = copy(
        dir.path(),
        "whatsapp-group/WhatsApp Chat with Book club.txt",
        "WhatsApp Chat with Book club.txt",
    );
    let group = group.to_str().unwrap();
    stdout(&kith(&db, &["contact", "add", "Bo Chen"]));
    let out = kith(&db, &["source", "add", group]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("--me NAME") && err.contains("\"Sam Lee\""),
        "{err}"
    );

    let out = stdout(&kith(&db, &["source", "add", group, "--me", "Sam Lee"]));
    assert!(
        out.contains("read 6 items: 6 new, 0 known already, 2 interactions made"),
        "{out}"
    );
    assert!(out.contains("Bo Chen (id 1): 6 messages"), "{out}");
    let out = stdout(&kith(&db, &["source", "list"]));
    assert!(
        out.contains("  whatsapp ") && out.contains("you are Sam Lee"),
        "{out}"
    );
    let out = stdout(&kith(&db, &["unknown"]));
    assert!(
        out.contains("Carla Diaz (WhatsApp)    2 messages from you, 2 messages to you; first 2024-04-13, last 2024-04-14"),
        "{out}"
    );
    let out = stdout(&kith(
        &db,
        &["unknown", "link", "Carla Diaz (WhatsApp)", "Bo Chen"],
    ));
    assert!(
        out.contains("Carla Diaz (WhatsApp) is Bo Chen's now (id 1)"),
        "{out}"
    );

    let ambiguous = copy(dir.path(), "whatsapp-ambiguous.txt", "ambiguous/chat.txt");
    let ambiguous = ambiguous.to_str().unwrap();
    let out = kith(&db, &["source", "add", ambiguous, "--me", "Sam Lee"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success() && err.contains("--date-order dmy"),
        "{err}"
    );
    let out = stdout(&kith(
        &db,
        &[
            "source",
            "add",
            ambiguous,
            "--me",
            "Sam Lee",
            "--date-order",
            "dmy",
            "--json",
        ],
    ));
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["source"]["kind"], "whatsapp");
    assert_eq!(report["totals"]["newItems"], 4);
}

#[test]
fn a_signal_export_folder_is_read_as_a_source() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store_in(dir.path());
    // signal-export writes names without spaces (`AnaRuiz`): matched all the same.
    let ana = person(&mut store, "Ana Ruiz", Vec::new());
    let export = fixture("signal-export");
    let report = store
        .add_source(&export, None, false, now(), &mut |_| true)
        .unwrap();
    assert_eq!(report.source.kind, SourceKind::Signal);
    assert_eq!(report.contacts[0].contact.id, ana);
    assert_eq!(
        (report.contacts[0].messages, report.contacts[0].calls),
        (9, 1)
    );
    assert!(
        report
            .problems
            .iter()
            .any(|p| p.starts_with("line 10: AnaRuiz:")),
        "{report:#?}"
    );
    let days = timeline(&store, ana);
    assert!(
        days.iter().any(|i| i.kind == InteractionKind::Call),
        "{:?}",
        lines(&days)
    );
    assert!(
        days.iter().any(|i| i.summary == "Signal: 5 messages"),
        "{:?}",
        lines(&days)
    );
    // The group's members not in Kith are queued by name, with the app.
    let queue = store.unknowns(false).unwrap();
    assert!(
        queue.iter().any(|u| u.email == "signal:JoséGarcía"),
        "{queue:#?}"
    );
    let again = store
        .scan_source(report.source.id, now(), &mut |_| true)
        .unwrap();
    assert_eq!((again.totals.read, again.totals.new_items), (0, 0));
}

#[test]
fn an_export_says_what_kith_must_ask_and_offers_the_name_given_for_other_chats_first() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store_in(dir.path());
    let ask = |store: &Store, path: &Path| store.export_questions(path, None).unwrap();

    // One chat alone: its most frequent author is offered first, and the order is asked
    // only where the dates read both ways.
    let older = copy(
        dir.path(),
        "whatsapp-older/WhatsApp Chat with Ana Ruiz.txt",
        "older/WhatsApp Chat with Ana Ruiz.txt",
    );
    let q = ask(&store, &older);
    assert_eq!(q.kind, SourceKind::Whatsapp);
    assert!(q.ask_me);
    assert!(!q.ask_date_order);
    let authors: Vec<(&str, Option<u32>)> = q
        .authors
        .iter()
        .map(|a| (a.name.as_str(), a.messages))
        .collect();
    assert_eq!(authors[0], ("Ana Ruiz", Some(4)));
    assert!(authors.contains(&("Sam Lee", Some(1))), "{authors:?}");
    assert_eq!(q.me.as_deref(), Some("Ana Ruiz"));

    // Once the person said who they are in another chat, that name comes first here.
    let group = copy(
        dir.path(),
        "whatsapp-group/WhatsApp Chat with Book club.txt",
        "group/WhatsApp Chat with Book club.txt",
    );
    add_as(&mut store, &group, "Sam Lee");
    let q = ask(&store, &older);
    assert_eq!(q.me.as_deref(), Some("Sam Lee"));
    assert_eq!(q.authors[0].name, "Sam Lee");

    let ambiguous = copy(dir.path(), "whatsapp-ambiguous.txt", "ambiguous.txt");
    let q = store
        .export_questions(&ambiguous, Some(SourceKind::Whatsapp))
        .unwrap();
    assert!(q.ask_date_order);
    assert_eq!(
        q.likely_day_first,
        Some(true),
        "only day first runs forward"
    );

    // Exports that name the person, or where the person takes part in the most
    // conversations, ask nothing; nor does a phone backup.
    let telegram = copy(dir.path(), "telegram-full-export.json", "tg/result.json");
    let q = store
        .export_questions(&telegram, Some(SourceKind::Telegram))
        .unwrap();
    assert!(!q.ask_me && !q.ask_date_order);
    assert!(q.me.is_some());
    let linkedin = copy(dir.path(), "messages.csv", "li/messages.csv");
    let q = ask(&store, &linkedin);
    assert_eq!(q.kind, SourceKind::LinkedinMessages);
    assert!(!q.ask_me);
    assert!(
        q.me.as_deref()
            .is_some_and(|m| m.contains("linkedin.com/in/")),
        "{:?}",
        q.me
    );
    let sms = copy(dir.path(), "sms-20231115.xml", "sms-20231115.xml");
    let q = ask(&store, &sms);
    assert_eq!(q.kind, SourceKind::SmsBackup);
    assert!(!q.ask_me && !q.ask_date_order && q.authors.is_empty());

    // A file that is no chat export says so.
    let notes = dir.path().join("notes.txt");
    std::fs::write(&notes, "shopping: milk, eggs\n").unwrap();
    let err = store
        .export_questions(&notes, Some(SourceKind::Whatsapp))
        .unwrap_err();
    assert!(
        err.to_string().contains("not a WhatsApp chat export"),
        "{err}"
    );
    for (kind, says) in [
        (SourceKind::Telegram, "not readable as a Telegram export"),
        (SourceKind::Signal, "not signal-export's JSON"),
    ] {
        let err = store.export_questions(&notes, Some(kind)).unwrap_err();
        assert!(err.to_string().contains(says), "{err}");
        let options = AddSource {
            kind: Some(kind),
            ..Default::default()
        };
        let err = add_with(&mut store, &notes, options).unwrap_err();
        assert!(err.to_string().contains(says), "{err}");
    }
    let missing = dir.path().join("gone.txt");
    assert!(store.export_questions(&missing, None).is_err());
    assert_eq!(
        store.list_sources().unwrap().len(),
        1,
        "only the group chat"
    );
}
