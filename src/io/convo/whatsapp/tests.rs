use std::io::{Cursor, Write};

use chrono::{TimeZone, Utc};

use super::*;
use crate::io::convo::events;

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/convo/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).expect("fixture")
}

fn run(bytes: &[u8], chat: &str, options: &WhatsAppOptions) -> (Survey, Vec<ConvoItem>) {
    let survey = survey_text(&mut Cursor::new(bytes), chat).expect("survey");
    let mut items = Vec::new();
    read_text(&mut Cursor::new(bytes), options, &survey, &mut |i| {
        items.push(i)
    })
    .expect("read");
    (survey, items)
}

fn me(name: &str) -> WhatsAppOptions {
    WhatsAppOptions {
        me: Some(name.into()),
        ..WhatsAppOptions::default()
    }
}

fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, s)
        .single()
        .expect("date")
}

fn named(name: &str) -> Party {
    Party {
        name: Some(name.into()),
        ..Party::default()
    }
}

#[test]
fn android_us_12_hour_with_narrow_spaces_multi_line_and_media() {
    let (survey, items) = run(
        &fixture("whatsapp-en-us-android-12h.txt"),
        "Ana Ruiz",
        &me("Sam Lee"),
    );
    assert_eq!(survey.date_order, DateOrder::MonthFirst);
    assert_eq!(
        survey.authors,
        vec![("Ana Ruiz".to_owned(), 4), ("Sam Lee".to_owned(), 2)]
    );
    assert_eq!(survey.most_frequent(), Some("Ana Ruiz"));
    assert!(!survey.group && !survey.has_numbers);
    let ev = events(&items);
    assert_eq!(ev.len(), 6, "{items:#?}");
    assert_eq!(ev[0].at, utc(2023, 12, 30, 21, 5, 0));
    assert_eq!(ev[0].author, Some(named("Ana Ruiz")));
    assert_eq!(ev[0].others, vec![named("Ana Ruiz")]);
    assert!(!ev[0].from_me);
    assert_eq!(ev[0].line, 2);
    assert!(ev[1].from_me && ev[1].author.is_none());
    assert_eq!(
        ev[1].text.as_deref(),
        Some("Yes, 8pm at Lupa\nSee you there\n\n(bring the book)")
    );
    assert_eq!(ev[2].text.as_deref(), Some("<Media omitted>"));
    assert_eq!(ev[3].at, utc(2023, 12, 31, 12, 0, 0));
    assert_eq!(
        ev[3].text.as_deref(),
        Some("Happy new year's eve: see you at midnight")
    );
    assert_eq!(ev[4].at, utc(2024, 1, 1, 0, 30, 0));
    assert_eq!(ev[5].text.as_deref(), Some("Call me when you're up"));
    assert!(ev.iter().all(|e| e.chat == "Ana Ruiz"));
}

#[test]
fn android_gb_group_with_a_number_author_and_system_lines() {
    let (survey, items) = run(
        &fixture("whatsapp-en-gb-android-group.txt"),
        "Book club",
        &me("Sam Lee"),
    );
    assert_eq!(survey.date_order, DateOrder::DayFirst);
    assert!(survey.group && survey.has_numbers);
    assert_eq!(survey.messages, 3);
    let ev = events(&items);
    assert_eq!(ev.len(), 3);
    let number = Party {
        phone: Some("+44 7700 900123".into()),
        ..Party::default()
    };
    assert_eq!(ev[1].author, Some(number.clone()));
    let mut others = ev[0].others.clone();
    others.sort_by_key(|p| format!("{p:?}"));
    let mut want = vec![named("Ana Ruiz"), number];
    want.sort_by_key(|p| format!("{p:?}"));
    assert_eq!(others, want);
    assert_eq!(ev[2].at, utc(2024, 1, 1, 9, 30, 0));
}

#[test]
fn german_dotted_dates_and_localized_system_lines() {
    let (survey, items) = run(
        &fixture("whatsapp-de-de-android.txt"),
        "Jürgen Müller",
        &me("Sam Lee"),
    );
    assert_eq!(survey.date_order, DateOrder::DayFirst);
    let ev = events(&items);
    assert_eq!(ev.len(), 3);
    assert_eq!(ev[0].at, utc(2023, 12, 31, 21, 5, 0));
    assert_eq!(ev[2].text.as_deref(), Some("<Medien ausgeschlossen>"));
}

#[test]
fn spanish_a_m_p_m_with_no_break_spaces() {
    let (survey, items) = run(
        &fixture("whatsapp-es-es-android-12h.txt"),
        "Lucía Gómez",
        &me("Sam Lee"),
    );
    assert_eq!(survey.date_order, DateOrder::DayFirst);
    let ev = events(&items);
    assert_eq!(ev.len(), 4, "{items:#?}");
    assert_eq!(ev[0].at, utc(2023, 12, 31, 21, 5, 0));
    assert_eq!(ev[1].at, utc(2023, 12, 31, 23, 59, 0));
    assert_eq!(ev[2].at, utc(2024, 1, 1, 0, 10, 0));
    assert_eq!(ev[3].at, utc(2024, 1, 1, 10, 30, 0));
}

#[test]
fn brazilian_dates_without_a_comma() {
    let (survey, items) = run(
        &fixture("whatsapp-pt-br-android.txt"),
        "João Silva",
        &me("Sam Lee"),
    );
    assert_eq!(survey.date_order, DateOrder::DayFirst);
    let ev = events(&items);
    assert_eq!(ev.len(), 3);
    assert_eq!(ev[2].at, utc(2024, 1, 13, 8, 0, 0));
}

#[test]
fn french_ios_notice_from_the_other_person_is_skipped() {
    let (survey, items) = run(
        &fixture("whatsapp-fr-fr-ios.txt"),
        "Claire Dubois",
        &me("Sam Lee"),
    );
    assert_eq!(survey.authors[0], ("Claire Dubois".to_owned(), 3));
    let ev = events(&items);
    assert_eq!(ev.len(), 4, "{items:#?}");
    assert_eq!(ev[0].text.as_deref(), Some("Bonne année !"));
    assert_eq!(ev[0].at, utc(2023, 12, 31, 21, 5, 33));
    assert!(ev[1]
        .text
        .as_deref()
        .is_some_and(|t| t.starts_with("<pièce jointe")));
    assert_eq!(
        ev[2].text.as_deref(),
        Some("Merci, à toi aussi\nsur deux lignes")
    );
    assert_eq!(ev[3].text.as_deref(), Some("image absente"));
}

#[test]
fn russian_ios_group_lines_from_the_group_are_not_authors() {
    let (survey, items) = run(
        &fixture("whatsapp-ru-ru-ios-group.txt"),
        "Дача",
        &me("Sam Lee"),
    );
    assert!(survey.group);
    assert!(survey.authors.iter().all(|(a, _)| a != "Дача"));
    assert_eq!(survey.date_order, DateOrder::DayFirst);
    let ev = events(&items);
    assert_eq!(ev.len(), 4);
    assert_eq!(ev[0].at, utc(2023, 12, 31, 20, 1, 15));
    assert_eq!(ev[0].others.len(), 2);
    assert!(ev[2].from_me);
    assert_eq!(ev[3].at, utc(2024, 1, 1, 13, 30, 0));
}

#[test]
fn ios_us_12_hour_group_with_a_group_named_author() {
    let (survey, items) = run(
        &fixture("whatsapp-en-us-ios-12h.txt"),
        "Trip 2024",
        &me("Sam Lee"),
    );
    assert_eq!(survey.date_order, DateOrder::MonthFirst);
    let ev = events(&items);
    assert_eq!(ev.len(), 4, "{items:#?}");
    assert_eq!(ev[0].at, utc(2023, 12, 31, 21, 5, 33));
    assert_eq!(ev[1].text.as_deref(), Some("image omitted"));
    assert_eq!(ev[3].at, utc(2024, 1, 14, 12, 0, 0));
}

#[test]
fn an_ambiguous_file_asks_and_offers_the_order_that_runs_forward() {
    let bytes = fixture("whatsapp-ambiguous.txt");
    let survey = survey_text(&mut Cursor::new(&bytes), "Ana Ruiz").expect("survey");
    assert_eq!(survey.date_order, DateOrder::Ambiguous);
    assert_eq!(survey.likely_day_first, Some(true));
    assert!(check(&survey, &me("Sam Lee")).is_err());
    let chosen = WhatsAppOptions {
        day_first: Some(false),
        ..me("Sam Lee")
    };
    check(&survey, &chosen).expect("chosen");
    let (_, items) = run(&bytes, "Ana Ruiz", &chosen);
    assert_eq!(events(&items)[0].at, utc(2024, 1, 3, 10, 0, 0));
}

#[test]
fn dates_that_cannot_be_placed_are_problems_and_reading_goes_on() {
    let (survey, items) = run(
        &fixture("whatsapp-problems.txt"),
        "Ana Ruiz",
        &me("Sam Lee"),
    );
    assert_eq!(survey.date_order, DateOrder::DayFirst);
    let problems: Vec<u64> = items
        .iter()
        .filter_map(ConvoItem::problem)
        .map(|p| p.line)
        .collect();
    assert_eq!(problems, vec![2, 3, 4, 5]);
    let ev = events(&items);
    assert_eq!(ev.len(), 2);
    assert_eq!(ev[1].at, utc(2024, 1, 20, 10, 0, 0));
}

#[test]
fn local_times_are_placed_in_the_zone_given() {
    let options = WhatsAppOptions {
        zone: Zone::Named(chrono_tz::Europe::Berlin),
        ..me("Sam Lee")
    };
    let (_, items) = run(
        &fixture("whatsapp-de-de-android.txt"),
        "Jürgen Müller",
        &options,
    );
    assert_eq!(events(&items)[0].at, utc(2023, 12, 31, 20, 5, 0));
}

#[test]
fn without_me_the_others_are_the_other_authors() {
    let (_, items) = run(
        &fixture("whatsapp-en-us-android-12h.txt"),
        "Ana Ruiz",
        &WhatsAppOptions::default(),
    );
    let ev = events(&items);
    assert!(ev.iter().all(|e| !e.from_me));
    assert_eq!(ev[0].others, vec![named("Sam Lee")]);
    assert_eq!(ev[1].others, vec![named("Ana Ruiz")]);
}

/// A line, its date's numbers, its time, PM or AM, and what follows.
type Shape<'a> = (&'a str, [u32; 3], (u32, u32, u32), Option<bool>, &'a str);

const SHAPES: &[Shape<'static>] = &[
    (
        "12/31/23, 9:05 PM - Ana: Hi",
        [12, 31, 23],
        (9, 5, 0),
        Some(true),
        "Ana: Hi",
    ),
    (
        "31/12/2023, 21:05 - Ana: Hi",
        [31, 12, 2023],
        (21, 5, 0),
        None,
        "Ana: Hi",
    ),
    (
        "31.12.23, 21:05 - Ana: Hi",
        [31, 12, 23],
        (21, 5, 0),
        None,
        "Ana: Hi",
    ),
    (
        "2023-12-31 21:05 - Ana: Hi",
        [2023, 12, 31],
        (21, 5, 0),
        None,
        "Ana: Hi",
    ),
    (
        "[31/12/2023, 21:05:33] Ana: Hi",
        [31, 12, 2023],
        (21, 5, 33),
        None,
        "Ana: Hi",
    ),
    (
        "\u{200e}[12/31/23, 9:05:33\u{202f}PM] Ana: Hi",
        [12, 31, 23],
        (9, 5, 33),
        Some(true),
        "Ana: Hi",
    ),
    (
        "[3/6/18 1:55:00 p.\u{a0}m.] a: m",
        [3, 6, 18],
        (1, 55, 0),
        Some(true),
        "a: m",
    ),
    (
        "13.06.18 21.25.15: a: m",
        [13, 6, 18],
        (21, 25, 15),
        None,
        "a: m",
    ),
    (
        "13.6.2018 klo 21.25.15 - a: m",
        [13, 6, 2018],
        (21, 25, 15),
        None,
        "a: m",
    ),
    (
        "2023. 12. 31. 오후 9:05 - 이름: 안녕",
        [2023, 12, 31],
        (9, 5, 0),
        Some(true),
        "이름: 안녕",
    ),
    (
        "2023/12/31 下午9:05 - 名字: 你好",
        [2023, 12, 31],
        (9, 5, 0),
        Some(true),
        "名字: 你好",
    ),
    (
        "31.12.23, 9:05 nachm. - Ana: Hi",
        [31, 12, 23],
        (9, 5, 0),
        Some(true),
        "Ana: Hi",
    ),
    (
        "[10.24.21, 15:21:43] John-John Doe: dash - in body",
        [10, 24, 21],
        (15, 21, 43),
        None,
        "John-John Doe: dash - in body",
    ),
    (
        "12/24/14, 17:08 - You were added",
        [12, 24, 14],
        (17, 8, 0),
        None,
        "You were added",
    ),
];

#[test]
fn timestamp_shapes() {
    let cases = SHAPES;
    for (line, nums, (h, m, s), pm, body) in cases {
        let header = parse_header(line).unwrap_or_else(|| panic!("{line}"));
        assert_eq!(header.nums, *nums, "{line}");
        assert_eq!(
            (header.hour, header.minute, header.second),
            (*h, *m, *s),
            "{line}"
        );
        assert_eq!(header.pm, *pm, "{line}");
        assert_eq!(header.body, *body, "{line}");
    }
}

#[test]
fn lines_that_are_no_timestamp() {
    for not in [
        "See you there",
        "2016-04-29 10:30:00",
        "12/31/23 was a good day",
        "",
        "[",
        "1/2/3, 4:5 - a: b",
        "12/31/23, 9:05 PM Ana: no dash",
    ] {
        assert_eq!(parse_header(not), None, "{not}");
    }
}

#[test]
fn chat_names_from_file_names() {
    for (stem, want) in [
        ("WhatsApp Chat with Ana Ruiz", Some("Ana Ruiz")),
        ("WhatsApp Chat with Ana Ruiz (1)", Some("Ana Ruiz")),
        ("WhatsApp Chat - Trip 2024", Some("Trip 2024")),
        ("Chat de WhatsApp con Lucía Gómez", Some("Lucía Gómez")),
        ("WhatsApp-Chat mit Jürgen Müller", Some("Jürgen Müller")),
        ("Discussion WhatsApp avec Claire", Some("Claire")),
        ("Conversa do WhatsApp com João", Some("João")),
        ("Чат WhatsApp с Анна", Some("Анна")),
        ("_chat", None),
        ("whatsapp-fr-fr-ios", None),
        ("notes", None),
    ] {
        assert_eq!(chat_name(stem).as_deref(), want, "{stem}");
    }
}

#[test]
fn phones_and_names() {
    assert_eq!(
        phone_of("+44 7700 900123").as_deref(),
        Some("+44 7700 900123")
    );
    assert_eq!(
        phone_of("+49\u{a0}151 23456789").as_deref(),
        Some("+49 151 23456789")
    );
    assert_eq!(phone_of("Ana Ruiz"), None);
    assert_eq!(phone_of("2024"), None);
    assert_eq!(
        clean_name("\u{202a}+44 7700 900123\u{202c}"),
        "+44 7700 900123"
    );
    assert!(same_person("+44 7700 900123", "+447700900123"));
    assert!(same_person("sam lee", "Sam Lee"));
}

#[test]
fn ios_group_members_not_in_contacts() {
    // iOS writes a member who is not in the phone's contacts as `~` and a (narrow no-break)
    // space before the name they chose, and a number with non-breaking hyphens (U+2011).
    let text =
        "[02.03.24, 18:00:01] Hora Club: \u{200e}Messages and calls are end-to-end encrypted.\n\
                [02.03.24, 18:08:08] ~\u{202f}Ysa Lin: Hi all\n\
                [02.03.24, 18:09:08] ~ Teo Park: hello\n\
                [02.03.24, 18:10:08] \u{202a}+1 (555) 010\u{2011}4477\u{202c}: hey\n\
                [02.03.24, 18:11:08] Sam Lee: welcome\n\
                [03.03.24, 09:00:00] Ysa Lin: saved you now\n";
    let (survey, items) = run(text.as_bytes(), "Hora Club", &me("Sam Lee"));
    let mut authors: Vec<&str> = survey.authors.iter().map(|(a, _)| a.as_str()).collect();
    authors.sort_unstable();
    assert_eq!(
        authors,
        vec!["+1 (555) 010-4477", "Sam Lee", "Teo Park", "Ysa Lin"]
    );
    assert!(survey.has_numbers);
    let ev = events(&items);
    assert_eq!(ev.len(), 5, "{items:#?}");
    assert_eq!(ev[0].author, Some(named("Ysa Lin")));
    assert_eq!(ev[1].author, Some(named("Teo Park")));
    assert_eq!(
        ev[2].author.as_ref().and_then(|a| a.phone.as_deref()),
        Some("+1 (555) 010-4477")
    );
    assert_eq!(ev[4].author, Some(named("Ysa Lin")));
    assert_eq!(
        phone_of("+1 (555) 010\u{2011}4477").as_deref(),
        Some("+1 (555) 010-4477")
    );
}

#[test]
fn ios_notices_of_deleted_things_are_no_messages() {
    // iOS marks notices (U+200E) and deleted messages alike; a notice that something was
    // deleted is no message, a deleted message is one.
    let text = "[05.04.24, 10:00:00] Lese Runde: \u{200e}Nachrichten und Anrufe sind Ende-zu-Ende-verschlüsselt.\n\
                [05.04.24, 10:01:00] ~\u{202f}Ysa Lin: \u{200e}~\u{202f}Ysa Lin hat das Gruppenbild gelöscht.\n\
                [05.04.24, 10:02:00] Teo Park: \u{200e}Teo Park hat die Gruppenbeschreibung gelöscht.\n\
                [05.04.24, 10:03:00] Teo Park: \u{200e}Diese Nachricht wurde gelöscht.\n\
                [05.04.24, 10:04:00] Sam Lee: \u{200e}Du hast diese Nachricht gelöscht.\n\
                [05.04.24, 10:05:00] Ana Ruiz: \u{200e}Ana Ruiz deleted this group's icon\n\
                [05.04.24, 10:06:00] Ana Ruiz: \u{200e}This message was deleted.\n\
                [05.04.24, 10:07:00] Ana Ruiz: \u{200e}Bild weggelassen\n";
    let (_, items) = run(text.as_bytes(), "Lese Runde", &me("Sam Lee"));
    let lines: Vec<u64> = events(&items).iter().map(|e| e.line).collect();
    assert_eq!(lines, vec![4, 5, 7, 8]);
}

#[test]
fn the_person_offered_is_the_author_of_most_files() {
    let s = |authors: &[(&str, u64)]| Survey {
        chat: String::new(),
        authors: authors.iter().map(|(a, n)| ((*a).to_owned(), *n)).collect(),
        date_order: DateOrder::DayFirst,
        likely_day_first: None,
        lines: 0,
        messages: 0,
        has_numbers: false,
        group: false,
    };
    let surveys = [
        s(&[("Ana", 100), ("Sam", 20)]),
        s(&[("Bo", 50), ("Sam", 10)]),
    ];
    assert_eq!(likely_me(&surveys).as_deref(), Some("Sam"));
}

fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut buf = Vec::new();
    {
        let mut z = zip::ZipWriter::new(Cursor::new(&mut buf));
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, bytes) in entries {
            z.start_file(*name, opts).expect("entry");
            z.write_all(bytes).expect("write");
        }
        z.finish().expect("finish");
    }
    buf
}

#[test]
fn a_zip_is_read_through_its_chat_text() {
    let text = fixture("whatsapp-en-us-ios-12h.txt");
    let bytes = zip_of(&[
        ("00000003-PHOTO-2023-12-31-21-06-00.jpg", b"\xff\xd8\xff"),
        ("notes.txt", b"not the chat"),
        ("_chat.txt", &text),
    ]);
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("WhatsApp Chat - Trip 2024.zip");
    std::fs::write(&path, &bytes).expect("write");
    let mut items = Vec::new();
    let survey = read(&path, &me("Sam Lee"), |i| items.push(i)).expect("read");
    assert_eq!(survey.chat, "Trip 2024");
    assert!(survey.group);
    assert_eq!(events(&items).len(), 4);

    let txt = dir.path().join("WhatsApp Chat with Ana Ruiz.txt");
    std::fs::write(&txt, fixture("whatsapp-en-us-android-12h.txt")).expect("write");
    let mut n = 0;
    let survey = read(&txt, &me("Sam Lee"), |_| n += 1).expect("read");
    assert_eq!((survey.chat.as_str(), n), ("Ana Ruiz", 6));

    let other = dir.path().join("other.zip");
    std::fs::write(&other, zip_of(&[("a.txt", b"x"), ("b.txt", b"y")])).expect("write");
    assert!(read(&other, &me("Sam Lee"), |_| {}).is_err());
    let plain = dir.path().join("plain.txt");
    std::fs::write(&plain, "just some notes\n").expect("write");
    assert!(read(&plain, &me("Sam Lee"), |_| {}).is_err());
}

#[test]
fn a_long_chat_streams() {
    let mut bytes = Vec::new();
    for i in 0..20_000u32 {
        let who = if i % 3 == 0 { "Ana Ruiz" } else { "Sam Lee" };
        writeln!(
            bytes,
            "{}/{}/2023, {}:{:02} - {who}: message {i}\nsecond line",
            i % 28 + 1,
            i % 12 + 1,
            i % 24,
            i % 60
        )
        .expect("write");
    }
    let survey = survey_text(&mut Cursor::new(&bytes), "Ana Ruiz").expect("survey");
    assert_eq!(survey.messages, 20_000);
    assert_eq!(survey.date_order, DateOrder::DayFirst);
    let mut n = 0u32;
    read_text(
        &mut Cursor::new(&bytes),
        &me("Sam Lee"),
        &survey,
        &mut |i| {
            assert!(matches!(i, ConvoItem::Event(_)));
            n += 1;
        },
    )
    .expect("read");
    assert_eq!(n, 20_000);
}

#[test]
fn overlong_lines_are_capped() {
    let mut bytes = b"31/12/2023, 21:05 - Ana: ".to_vec();
    bytes.extend(std::iter::repeat_n(b'x', LINE_CAP * 2));
    bytes.extend_from_slice(b"\n31/12/2023, 21:06 - Sam: ok\n");
    let (_, items) = run(&bytes, "Ana", &me("Sam"));
    let ev = events(&items);
    assert_eq!(ev.len(), 2);
    assert!(ev[0].text.as_ref().is_some_and(|t| t.len() <= TEXT_CAP));
}

mod fuzz {
    use proptest::prelude::*;

    use super::*;

    const FIXTURES: &[&str] = &[
        "whatsapp-en-us-android-12h.txt",
        "whatsapp-en-gb-android-group.txt",
        "whatsapp-es-es-android-12h.txt",
        "whatsapp-ru-ru-ios-group.txt",
        "whatsapp-en-us-ios-12h.txt",
        "whatsapp-problems.txt",
    ];

    fn all(bytes: &[u8]) {
        let Ok(survey) = survey_text(&mut Cursor::new(bytes), "Ana") else {
            return;
        };
        for day_first in [Some(true), Some(false)] {
            let options = WhatsAppOptions {
                day_first,
                ..me("Sam Lee")
            };
            read_text(&mut Cursor::new(bytes), &options, &survey, &mut |_| {})
                .expect("reading memory cannot fail");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
            all(&bytes);
            let mut zipped = ZIP_MAGIC.to_vec();
            zipped.extend_from_slice(&bytes);
            let _ = with_zip_text(Cursor::new(zipped), "x", |t, c| survey_text(t, c));
        }

        #[test]
        fn arbitrary_text_never_panics(text in "[0-9/.,:\\[\\] \u{202f}\u{a0}\u{200e}APMapm-]{0,80}(: [a-z]{0,5})?\n?") {
            all(text.as_bytes());
        }

        #[test]
        fn mutated_fixtures_never_panic(
            which in 0..FIXTURES.len(),
            edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..16),
        ) {
            let mut bytes = fixture(FIXTURES[which]);
            for (at, b) in edits {
                let i = at.index(bytes.len());
                bytes[i] = b;
            }
            all(&bytes);
            let zipped = zip_of(&[("_chat.txt", &bytes)]);
            let mut n = 0;
            let _ = with_zip_text(Cursor::new(zipped), "x", |t, c| {
                let s = survey_text(t, c)?;
                n = s.messages;
                Ok(())
            });
            prop_assert!(n <= 10);
        }
    }
}
