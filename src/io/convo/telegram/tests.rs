use std::io::Cursor;

use chrono::{DateTime, Utc};

use super::*;
use crate::io::convo::{events, problems};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/convo/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).expect("fixture")
}

fn run(bytes: &[u8], options: &TelegramOptions) -> (TelegramSurvey, Vec<ConvoItem>) {
    let survey = survey_reader(Cursor::new(bytes));
    let mut items = Vec::new();
    read_reader(Cursor::new(bytes), options, Some(&survey), &mut |i| {
        items.push(i);
    });
    (survey, items)
}

fn at(secs: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(secs, 0).expect("time")
}

fn ana() -> Party {
    Party {
        name: Some("Ana Ruiz".into()),
        id: Some("user4815162342".into()),
        ..Party::default()
    }
}

fn check_single(items: &[ConvoItem]) {
    let ev = events(items);
    assert_eq!(ev.len(), 7, "{items:#?}");
    assert!(ev.iter().all(|e| e.chat == "4815162342"));
    assert!(ev.iter().all(|e| e.others == vec![ana()]));
    assert_eq!(ev[0].at, at(1_704_189_600));
    assert_eq!(ev[0].author, Some(ana()));
    assert_eq!(ev[0].text.as_deref(), Some("Coffee on Friday?"));
    assert!(ev[1].from_me && ev[1].author.is_none());
    assert_eq!(ev[1].text.as_deref(), Some("Yes! 10am at Lupa"));
    assert_eq!(ev[2].kind, ConvoKind::Call { seconds: 63 });
    assert!(ev[2].from_me);
    assert_eq!(ev[2].text, None);
    assert_eq!(ev[3].kind, ConvoKind::MissedCall);
    assert_eq!(ev[3].author, Some(ana()));
    assert_eq!(ev[4].text.as_deref(), Some("Line one\nline\u{b}two"));
    assert_eq!(ev[5].kind, ConvoKind::MissedCall);
    // Without `date_unixtime`, its `date` in the zone given (UTC by default).
    assert_eq!(ev[6].at, at(1_704_445_200));
    assert_eq!(ev[6].text.as_deref(), Some("no unixtime"));
    assert!(problems(items).is_empty());
}

#[test]
fn a_single_personal_chat_with_the_person_given() {
    let options = TelegramOptions {
        me_id: Some("1000".into()),
        ..TelegramOptions::default()
    };
    let bytes = fixture("telegram-single-personal.json");
    let (survey, items) = run(&bytes, &options);
    assert_eq!(survey.problem, None);
    assert_eq!(survey.chats.len(), 1);
    assert_eq!(survey.chats[0].kind, "personal_chat");
    assert_eq!((survey.chats[0].messages, survey.chats[0].calls), (4, 3));
    check_single(&items);
    // Lines are where each message's object opens.
    let text = String::from_utf8(bytes).expect("utf-8");
    let line_of = |needle: &str| {
        text.lines()
            .position(|l| l.contains(needle))
            .expect("needle") as u64
    };
    assert_eq!(events(&items)[0].line, line_of("\"id\": 101"));
    assert_eq!(events(&items)[6].line, line_of("\"id\": 108"));
}

#[test]
fn a_single_personal_chat_infers_the_person() {
    let (survey, items) = run(
        &fixture("telegram-single-personal.json"),
        &TelegramOptions::default(),
    );
    check_single(&items);
    assert_eq!(survey.me.and_then(|p| p.id).as_deref(), Some("user1000"));
    let by_name = TelegramOptions {
        me_name: Some("Sam Lee".into()),
        ..TelegramOptions::default()
    };
    let (_, items) = run(&fixture("telegram-single-personal.json"), &by_name);
    check_single(&items);
}

#[test]
fn a_full_export_names_the_person_and_skips_channels() {
    let (survey, items) = run(
        &fixture("telegram-full-export.json"),
        &TelegramOptions::default(),
    );
    assert_eq!(
        survey.me,
        Some(Party {
            name: Some("Sam Lee".into()),
            phone: Some("+44 7700 900001".into()),
            id: Some("user1000".into()),
            ..Party::default()
        })
    );
    assert_eq!(survey.skipped_chats, 2);
    assert_eq!(survey.chats.len(), 2);
    let ev = events(&items);
    assert_eq!(ev.len(), 6, "{items:#?}");
    let ana_phone = Party {
        phone: Some("+34 600 000 001".into()),
        ..ana()
    };
    assert_eq!(ev[0].kind, ConvoKind::Call { seconds: 305 });
    assert_eq!(ev[0].author, Some(ana_phone.clone()));
    assert_eq!(ev[0].others, vec![ana_phone.clone()]);
    assert!(ev[1].from_me);
    assert_eq!(ev[1].text.as_deref(), Some("Ana, thanks for the call"));
    // The group: everyone who writes in it but the person, from its first message.
    let group: Vec<_> = ev.iter().filter(|e| e.chat == "777").collect();
    assert_eq!(group.len(), 4);
    let bo = Party {
        name: Some("Bo Chen".into()),
        id: Some("user2000".into()),
        ..Party::default()
    };
    let deleted = Party {
        id: Some("user3000".into()),
        ..Party::default()
    };
    for e in &group {
        assert_eq!(
            e.others,
            vec![ana_phone.clone(), bo.clone(), deleted.clone()]
        );
    }
    assert!(group[1].from_me);
    assert_eq!(group[3].author, Some(deleted));
    assert_eq!(problems(&items).len(), 0);
}

#[test]
fn without_a_survey_a_group_knows_who_wrote_so_far() {
    let bytes = fixture("telegram-full-export.json");
    let mut items = Vec::new();
    read_reader(
        Cursor::new(&bytes),
        &TelegramOptions::default(),
        None,
        &mut |i| {
            items.push(i);
        },
    );
    let group: Vec<_> = events(&items)
        .into_iter()
        .filter(|e| e.chat == "777")
        .collect();
    assert_eq!(group[0].others.len(), 1);
    assert_eq!(group[3].others.len(), 3);
}

#[test]
fn a_cut_file_gives_what_it_read_and_a_problem() {
    let bytes = fixture("telegram-single-personal.json");
    let cut = &bytes[..bytes.len() / 2];
    let (survey, items) = run(cut, &TelegramOptions::default());
    assert!(survey.problem.is_some());
    assert!(!events(&items).is_empty());
    assert_eq!(problems(&items).len(), 1);
    let (survey, items) = run(b"[1, 2]", &TelegramOptions::default());
    assert!(survey.problem.is_some() && events(&items).is_empty());
}

#[test]
fn escapes_turn_telegram_x_into_json_u() {
    let line = Rc::new(Cell::new(0));
    let mut out = String::new();
    Escapes::new(
        Cursor::new(br#"{"a\\x": "b\x0Bc\\x", "x": 1}"#.to_vec()),
        line,
    )
    .read_to_string(&mut out)
    .expect("read");
    assert_eq!(out, r#"{"a\\x": "b\u000Bc\\x", "x": 1}"#);
}

#[test]
fn a_line_separator_as_telegram_writes_it_is_read() {
    // Telegram Desktop writes U+2028 (and U+2029) as the escape `\u2028` and then copies the
    // character's last two bytes (0x80 0xA8) after it: bytes that are no UTF-8 on their own.
    let mut json = br#"{"name": "Noor Haddad", "type": "personal_chat", "id": 31, "messages": [
 {"id": 1, "type": "message", "date_unixtime": "1700000000", "from": "Noor Haddad",
  "from_id": "user31", "text": "first\u2028"#
        .to_vec();
    json.extend_from_slice(b"\x80\xa8second\\u2029\x80\xa9third\"},\n");
    json.extend_from_slice(
        br#" {"id": 2, "type": "message", "date_unixtime": "1700000060", "from": "Sam Lee",
  "from_id": "user7", "text": "got it"}
]}"#,
    );
    let options = TelegramOptions {
        me_id: Some("7".into()),
        ..TelegramOptions::default()
    };
    let (survey, items) = run(&json, &options);
    assert_eq!(survey.problem, None);
    assert!(problems(&items).is_empty(), "{items:#?}");
    let ev = events(&items);
    assert_eq!(ev.len(), 2);
    assert_eq!(
        ev[0].text.as_deref(),
        Some("first\u{2028}second\u{2029}third")
    );
    assert!(ev[1].from_me);
}

#[test]
fn an_export_older_than_date_unixtime_is_read_in_the_zone_given() {
    // Telegram Desktop wrote `date_unixtime` from 3.7.6 (2022) on; before, only `date`, the
    // local time of the computer that exported, without offset.
    let json = r#"{"name": "Noor Haddad", "type": "personal_chat", "id": 31, "messages": [
 {"id": 1, "type": "message", "date": "2019-06-04T00:01:59", "from": "Noor Haddad",
  "from_id": "user31", "text": "late again?"},
 {"id": 2, "type": "service", "date": "2019-06-04T00:05:00", "actor": "Sam Lee",
  "actor_id": "user7", "action": "phone_call", "duration_seconds": 65},
 {"id": 3, "type": "message", "date": "yesterday", "from": "Sam Lee", "from_id": "user7",
  "text": "sorry"}
]}"#;
    let options = TelegramOptions {
        me_id: Some("7".into()),
        zone: Zone::Named(chrono_tz::Europe::Moscow),
        ..TelegramOptions::default()
    };
    let (survey, items) = run(json.as_bytes(), &options);
    assert_eq!(survey.problem, None);
    let ev = events(&items);
    assert_eq!(ev.len(), 2, "{items:#?}");
    // Moscow is UTC+3.
    assert_eq!(ev[0].at.to_rfc3339(), "2019-06-03T21:01:59+00:00");
    assert_eq!(ev[1].kind, ConvoKind::Call { seconds: 65 });
    assert!(ev[1].from_me);
    let p = problems(&items);
    assert_eq!(p.len(), 1);
    assert!(p[0].message.contains("date"), "{p:?}");
}

#[test]
fn a_large_export_streams() {
    let mut json =
        String::from(r#"{"name": "Ana", "type": "personal_chat", "id": 5, "messages": ["#);
    for i in 0..20_000 {
        if i > 0 {
            json.push(',');
        }
        json.push_str(&format!(
            r#"{{"id": {i}, "type": "message", "date_unixtime": "{}", "from": "Ana", "from_id": "user5", "text": ["m", {{"type": "bold", "text": "{i}"}}]}}"#,
            1_700_000_000 + i
        ));
    }
    json.push_str("]}");
    let mut n = 0;
    read_reader(
        Cursor::new(json.as_bytes()),
        &TelegramOptions::default(),
        None,
        &mut |i| {
            assert!(matches!(i, ConvoItem::Event(_)));
            n += 1;
        },
    );
    assert_eq!(n, 20_000);
}

mod fuzz {
    use proptest::prelude::*;

    use super::*;

    const FIXTURES: &[&str] = &["telegram-single-personal.json", "telegram-full-export.json"];

    fn all(bytes: &[u8]) -> usize {
        let survey = survey_reader(Cursor::new(bytes));
        let mut n = 0;
        read_reader(
            Cursor::new(bytes),
            &TelegramOptions::default(),
            Some(&survey),
            &mut |_| {
                n += 1;
            },
        );
        n
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
            all(&bytes);
            let mut wrapped = br#"{"type": "personal_chat", "id": 1, "messages": ["#.to_vec();
            wrapped.extend_from_slice(&bytes);
            all(&wrapped);
        }

        #[test]
        fn json_shaped_text_never_panics(text in r#"[\[\]{}",:0-9a-z_\\ ]{0,200}"#) {
            all(text.as_bytes());
        }

        #[test]
        fn mutated_fixtures_never_panic(
            which in 0..FIXTURES.len(),
            edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..16),
            cut in any::<prop::sample::Index>(),
        ) {
            let mut bytes = fixture(FIXTURES[which]);
            for (at, b) in edits {
                let i = at.index(bytes.len());
                bytes[i] = b;
            }
            prop_assert!(all(&bytes) <= 12);
            bytes.truncate(cut.index(bytes.len()));
            all(&bytes);
        }
    }
}
