use std::io::Cursor;
use std::path::PathBuf;

use chrono::{DateTime, NaiveDate, Utc};

use super::*;
use crate::io::convo::{events, problems};

fn dir() -> PathBuf {
    PathBuf::from(format!(
        "{}/tests/fixtures/convo/signal-export",
        env!("CARGO_MANIFEST_DIR")
    ))
}

fn london() -> SignalOptions {
    SignalOptions {
        zone: Zone::Named(chrono_tz::Europe::London),
    }
}

fn run(chat: &str, options: &SignalOptions) -> (SignalChat, Vec<ConvoItem>) {
    let bytes = std::fs::read(dir().join(chat).join(DATA_FILE)).expect("fixture");
    run_bytes(&bytes, chat, options)
}

fn run_bytes(bytes: &[u8], chat: &str, options: &SignalOptions) -> (SignalChat, Vec<ConvoItem>) {
    let survey = survey_reader(Cursor::new(bytes), chat);
    let mut items = Vec::new();
    read_reader(Cursor::new(bytes), chat, options, Some(&survey), &mut |i| {
        items.push(i);
    });
    (survey, items)
}

fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32, ms: u32) -> DateTime<Utc> {
    NaiveDate::from_ymd_opt(y, mo, d)
        .and_then(|d| d.and_hms_milli_opt(h, mi, s, ms))
        .expect("date")
        .and_utc()
}

fn named(name: &str) -> Party {
    Party {
        name: Some(name.into()),
        ..Party::default()
    }
}

/// (line, from_me, author, kind, text) of each event.
type Row<'a> = (u64, bool, Option<&'a str>, ConvoKind, Option<&'a str>);

fn rows(items: &[ConvoItem]) -> Vec<Row<'_>> {
    events(items)
        .into_iter()
        .map(|e| {
            (
                e.line,
                e.from_me,
                e.author.as_ref().and_then(|a| a.name.as_deref()),
                e.kind,
                e.text.as_deref(),
            )
        })
        .collect()
}

const MSG: ConvoKind = ConvoKind::Message;

#[test]
fn a_one_to_one_chat_of_version_3_9() {
    let (survey, items) = run("AnaRuiz", &london());
    let ana = Some("AnaRuiz");
    assert_eq!(
        rows(&items),
        vec![
            (
                1,
                false,
                ana,
                MSG,
                Some("Hola! Are we still on for Friday? 🌻")
            ),
            (2, true, None, MSG, Some("Yes, 10am at Lupa")),
            (3, true, None, MSG, Some("Make that 10:30")),
            (4, false, ana, MSG, None),
            (5, true, None, MSG, None),
            (7, true, None, ConvoKind::Call { seconds: 65 }, None),
            (8, false, ana, ConvoKind::MissedCall, None),
            (9, false, ana, ConvoKind::MissedCall, None),
            (11, false, ana, MSG, None),
            (12, false, ana, MSG, None),
            (14, true, None, MSG, Some("Line one\nline two — ok")),
            (15, false, ana, MSG, Some("Incoming call")),
        ]
    );
    let ev = events(&items);
    assert!(ev.iter().all(|e| e.chat == "AnaRuiz"));
    assert!(ev.iter().all(|e| e.others == vec![named("AnaRuiz")]));
    assert_eq!(ev[0].at, utc(2024, 3, 5, 14, 7, 33, 120));
    assert_eq!(ev[1].at, utc(2024, 3, 5, 14, 9, 1, 4));
    // July: British Summer Time, an hour ahead of UTC.
    assert_eq!(ev[10].at, utc(2024, 7, 1, 8, 15, 2, 0));
    let p = problems(&items);
    assert_eq!(p.len(), 2, "{p:#?}");
    assert_eq!(p[0].line, 10);
    assert!(p[0].message.starts_with("AnaRuiz: not a line of JSON"));
    assert_eq!(p[1].line, 13);
    assert!(p[1].message.contains("before Signal"));
    assert_eq!(
        survey,
        SignalChat {
            chat: "AnaRuiz".into(),
            path: PathBuf::new(),
            authors: vec![("AnaRuiz".into(), 7)],
            group: false,
            messages: 9,
            calls: 3,
            notices: 1,
            reactions: 1,
            problems: 2,
            lines: 15,
        }
    );
}

#[test]
fn an_older_chat_with_legacy_calls_and_a_numbered_folder() {
    let (survey, items) = run("Bo2", &SignalOptions::default());
    let bo = Some("Bo2");
    assert_eq!(
        rows(&items),
        vec![
            (1, false, bo, MSG, Some("Hey, it's Bo — new number")),
            // Written as from Bo, but outgoing: the person's.
            (2, true, None, ConvoKind::Call { seconds: 0 }, None),
            (3, false, bo, ConvoKind::Call { seconds: 0 }, None),
            (4, true, None, MSG, Some("Sorry, missed you")),
            (5, false, bo, MSG, None),
            (10, false, bo, MSG, None),
        ]
    );
    let ev = events(&items);
    assert_eq!(ev[0].at, utc(2023, 11, 14, 18, 2, 11, 4));
    assert!(ev.iter().all(|e| e.others == vec![named("Bo2")]));
    let p = problems(&items);
    assert_eq!(
        p.iter().map(|p| p.line).collect::<Vec<_>>(),
        vec![6, 8],
        "{p:#?}"
    );
    assert!(p[0].message.contains("14/11/2023 19:00"));
    assert_eq!((survey.messages, survey.calls), (4, 2));
    assert_eq!((survey.notices, survey.reactions, survey.lines), (1, 1, 10));
    assert_eq!(survey.authors, vec![("Bo2".into(), 4)]);
    assert!(!survey.group);
}

#[test]
fn a_group_with_unknown_senders_and_group_calls() {
    let chat = "Дачаevergreentree";
    let (survey, items) = run(chat, &london());
    let jose = Some("JoséGarcía");
    assert_eq!(
        rows(&items),
        vec![
            (
                1,
                false,
                Some("ИванПетров"),
                MSG,
                Some("Всем привет! Шашлык в субботу? 🍖")
            ),
            (3, false, jose, MSG, Some("¡Me apunto! 🙌")),
            (4, true, None, MSG, Some("I'll bring the bread")),
            (5, false, None, MSG, Some("who's driving?")),
            (6, false, None, ConvoKind::Call { seconds: 0 }, None),
            (7, true, None, ConvoKind::MissedCall, None),
            (8, false, Some("MeiLin"), MSG, None),
            (
                10,
                false,
                jose,
                ConvoKind::Call {
                    seconds: 75 * 60 + 3
                },
                None
            ),
        ]
    );
    assert!(survey.group);
    assert_eq!(
        survey.authors,
        vec![
            ("JoséGarcía".into(), 2),
            ("MeiLin".into(), 1),
            ("ИванПетров".into(), 1)
        ]
    );
    let everyone = vec![named("JoséGarcía"), named("MeiLin"), named("ИванПетров")];
    let ev = events(&items);
    assert!(ev.iter().all(|e| e.chat == chat && e.others == everyone));
    assert_eq!(ev[0].at, utc(2026, 5, 16, 9, 0, 0, 0));
    assert_eq!(ev[1].at, utc(2026, 5, 16, 9, 3, 12, 250));
    let p = problems(&items);
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].line, 9);
    assert!(p[0].message.contains("2026-13-40T25:00:00"));
    assert_eq!(
        (
            survey.messages,
            survey.calls,
            survey.notices,
            survey.reactions
        ),
        (5, 3, 1, 2)
    );
}

#[test]
fn a_whole_export_folder() {
    let mut items = Vec::new();
    let survey = read(&dir(), &london(), |i| items.push(i)).expect("read");
    let chats: Vec<&str> = survey.chats.iter().map(|c| c.chat.as_str()).collect();
    assert_eq!(
        chats,
        vec!["AnaRuiz", "Bo2", "NotetoSelf", "Дачаevergreentree"]
    );
    assert_eq!(survey.without_json, vec![dir().join("Cleo")]);
    assert_eq!(survey.chats[0].path, dir().join("AnaRuiz").join(DATA_FILE));
    let ev = events(&items);
    assert_eq!(ev.len(), 12 + 6 + 1 + 8);
    assert_eq!(problems(&items).len(), 2 + 2 + 1);
    let note = ev.iter().find(|e| e.chat == "NotetoSelf").expect("note");
    assert!(note.from_me && note.others.is_empty() && note.author.is_none());
    assert_eq!(note.text.as_deref(), Some("passport no. in the drawer"));
    // Chat after chat, in file order within each.
    let order: Vec<(&str, u64)> = ev.iter().map(|e| (e.chat.as_str(), e.line)).collect();
    let mut sorted = order.clone();
    sorted.sort_by_key(|&(c, l)| (chats.iter().position(|x| *x == c), l));
    assert_eq!(order, sorted);
}

#[test]
fn one_chat_folder_or_its_data_json() {
    let folder = dir().join("Bo2");
    let mut a = Vec::new();
    let survey = read(&folder, &SignalOptions::default(), |i| a.push(i)).expect("folder");
    assert_eq!(survey.chats.len(), 1);
    assert_eq!(survey.chats[0].chat, "Bo2");
    let mut b = Vec::new();
    read(&folder.join(DATA_FILE), &SignalOptions::default(), |i| {
        b.push(i)
    })
    .expect("file");
    assert_eq!(a, b);
    assert_eq!(events(&a).len(), 6);
}

#[test]
fn a_folder_without_chats_is_refused() {
    let empty = std::env::temp_dir().join(format!("kith-signal-empty-{}", std::process::id()));
    std::fs::create_dir_all(&empty).expect("dir");
    let r = read(&empty, &SignalOptions::default(), |_| {});
    std::fs::remove_dir_all(&empty).ok();
    assert!(r.is_err());
    assert!(read(
        &dir().join("nothing-here"),
        &SignalOptions::default(),
        |_| {}
    )
    .is_err());
}

#[test]
fn without_a_survey_each_message_has_its_author_as_others() {
    let bytes = std::fs::read(dir().join("Дачаevergreentree").join(DATA_FILE)).expect("fixture");
    let mut items = Vec::new();
    read_reader(
        Cursor::new(&bytes),
        "g",
        &SignalOptions::default(),
        None,
        &mut |i| items.push(i),
    );
    let ev = events(&items);
    assert_eq!(ev[0].others, vec![named("ИванПетров")]);
    assert!(ev[2].others.is_empty());
}

#[test]
fn contacts_without_a_name_are_no_one() {
    let lines = concat!(
        r#"{"date": "2025-01-02T10:00:00", "sender": "None", "body": "hi  "}"#,
        "\n",
        r#"{"date": "2025-01-02T10:01:00", "sender": null, "body": "hi again  "}"#,
        "\n",
        r#"{"date": "2025-01-02T10:02:00", "sender": "Me", "body": "who is this?  "}"#,
    );
    let (survey, items) = run_bytes(lines.as_bytes(), "None2", &SignalOptions::default());
    assert!(survey.authors.is_empty());
    let ev = events(&items);
    assert_eq!(ev.len(), 3);
    assert!(ev.iter().all(|e| e.author.is_none() && e.others.is_empty()));
    assert!(!ev[0].from_me && !ev[1].from_me && ev[2].from_me);
    // A 1:1 chat where only the person wrote: the folder names the other person.
    let mine = r#"{"date": "2025-01-02T10:02:00", "sender": "Me", "body": "you there?  "}"#;
    let (survey, items) = run_bytes(mine.as_bytes(), "CleoMoreau", &SignalOptions::default());
    assert!(!survey.group);
    assert_eq!(events(&items)[0].others, vec![named("CleoMoreau")]);
}

#[test]
fn dates_with_an_offset_are_taken_as_written() {
    let line = br#"{"date": "2024-03-05T14:07:33+02:00", "sender": "Me", "body": "hi  "}"#;
    let (_, items) = run_bytes(line, "x", &london());
    assert_eq!(events(&items)[0].at, utc(2024, 3, 5, 12, 7, 33, 0));
}

#[test]
fn a_line_longer_than_the_cap_is_a_problem_and_the_next_is_read() {
    let mut bytes = br#"{"date": "2024-03-05T14:07:33", "sender": "Me", "body": ""#.to_vec();
    bytes.resize(bytes.len() + LINE_CAP + 10, b'a');
    bytes.extend_from_slice(b"\"}\n");
    bytes.extend_from_slice(br#"{"date": "2024-03-05T14:08:00", "sender": "Ana", "body": "ok"}"#);
    let (survey, items) = run_bytes(&bytes, "Ana", &SignalOptions::default());
    assert_eq!(problems(&items)[0].line, 1);
    assert_eq!(rows(&items), vec![(2, false, Some("Ana"), MSG, Some("ok"))]);
    assert_eq!(survey.lines, 2);
}

#[test]
fn calls_as_described() {
    let call = |s| call_of(s);
    assert_eq!(
        call("Incoming call"),
        Some((Some(false), ConvoKind::Call { seconds: 0 }))
    );
    assert_eq!(
        call("Outgoing video call (accepted, 45s)"),
        Some((Some(true), ConvoKind::Call { seconds: 45 }))
    );
    assert_eq!(
        call("Incoming voice call (accepted)"),
        Some((Some(false), ConvoKind::Call { seconds: 0 }))
    );
    assert_eq!(
        call("Outgoing call (declined by recipient)"),
        Some((Some(true), ConvoKind::MissedCall))
    );
    assert_eq!(
        call("Missed call"),
        Some((Some(false), ConvoKind::MissedCall))
    );
    assert_eq!(call("Incoming calls are annoying"), None);
    assert_eq!(call("Missed the bus"), None);
    assert_eq!(call("Outgoing voice call (I think)"), None);
    assert_eq!(seconds_of("2m 0s"), Some(120));
    assert_eq!(seconds_of("4294967295m 1s"), None);
}

#[test]
fn folders_of_the_same_name_are_numbered() {
    assert!(names_folder("Alice", "Alice"));
    assert!(names_folder("Alice", "Alice2"));
    assert!(names_folder("Alice2", "Alice2"));
    assert!(!names_folder("Alice", "Alicea"));
    assert!(!names_folder("Bob", "Alice"));
    assert!(!names_folder("Alice", "Alice02"));
}

mod fuzz {
    use proptest::prelude::*;

    use super::*;

    const FIXTURES: &[&str] = &["AnaRuiz", "Bo2", "Дачаevergreentree"];

    fn all(bytes: &[u8]) -> usize {
        let (survey, items) = run_bytes(bytes, "x", &SignalOptions::default());
        assert!(items.len() as u64 <= survey.lines);
        items.len()
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
            all(&bytes);
        }

        #[test]
        fn json_shaped_lines_never_panic(
            text in r#"(\{"(date|sender|body|call|missed|sticker|attachments)": ("[-0-9T:. a-zA-Z()]{0,30}"|true|null|\[\]|[0-9]{1,3})(, )?\}?\n?){0,12}"#
        ) {
            all(text.as_bytes());
        }

        #[test]
        fn mutated_fixtures_never_panic(
            which in 0..FIXTURES.len(),
            edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..16),
            cut in any::<prop::sample::Index>(),
        ) {
            let mut bytes = std::fs::read(dir().join(FIXTURES[which]).join(DATA_FILE)).expect("fixture");
            for (at, b) in edits {
                let i = at.index(bytes.len());
                bytes[i] = b;
            }
            // At most one item a line, and the lines a byte edit can add.
            prop_assert!(all(&bytes) <= 15 + 16);
            bytes.truncate(cut.index(bytes.len()));
            all(&bytes);
        }
    }
}
