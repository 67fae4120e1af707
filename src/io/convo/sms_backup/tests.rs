use std::io::Cursor;

use super::*;

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/convo/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn read_with(bytes: &[u8], my_numbers: &[&str]) -> (Vec<ConvoEvent>, Vec<ConvoProblem>) {
    let options = SmsOptions {
        my_numbers: my_numbers.iter().map(|n| (*n).to_owned()).collect(),
    };
    let (mut events, mut problems) = (Vec::new(), Vec::new());
    read(Cursor::new(bytes), &options, &mut |item| match item {
        ConvoItem::Event(e) => events.push(e),
        ConvoItem::Problem(p) => problems.push(p),
    });
    (events, problems)
}

fn read_all(bytes: &[u8]) -> (Vec<ConvoEvent>, Vec<ConvoProblem>) {
    read_with(bytes, &[])
}

fn phone(number: &str, name: Option<&str>) -> Party {
    Party {
        name: name.map(str::to_owned),
        phone: Some(number.to_owned()),
        ..Party::default()
    }
}

#[test]
fn calls_of_every_type() {
    let (events, problems) = read_all(&fixture("calls-20231115.xml"));
    let kinds: Vec<(u64, ConvoKind, bool)> =
        events.iter().map(|e| (e.line, e.kind, e.from_me)).collect();
    assert_eq!(
        kinds,
        [
            (5, ConvoKind::Call { seconds: 65 }, false),
            (6, ConvoKind::Call { seconds: 312 }, true),
            (7, ConvoKind::MissedCall, false),
            (8, ConvoKind::MissedCall, false),
            (9, ConvoKind::MissedCall, false),
            (10, ConvoKind::MissedCall, false),
            // An outgoing call nobody answered is still a call, of 0 seconds.
            (11, ConvoKind::Call { seconds: 0 }, true),
            // Answered on another device.
            (12, ConvoKind::Call { seconds: 45 }, false),
        ]
    );
    let ana = phone("+15551234567", Some("Ana Ruiz"));
    assert_eq!(events[0].chat, "+15551234567");
    assert_eq!(events[0].author, Some(ana.clone()));
    assert_eq!(events[0].others, std::slice::from_ref(&ana));
    assert_eq!(events[0].at.to_rfc3339(), "2023-11-14T22:13:20+00:00");
    // "+1 (555) 123-4567": spaces, dashes and parentheses gone, the same chat.
    assert_eq!(events[1].chat, "+15551234567");
    assert_eq!(events[1].author, None);
    assert_eq!(events[1].others, [ana]);
    // "(Unknown)" and "null" are no names.
    assert_eq!(events[4].others, [phone("+18005550100", None)]);
    assert_eq!(events[5].others, [phone("+18005550199", None)]);

    let problems: Vec<(u64, &str)> = problems
        .iter()
        .map(|p| (p.line, p.message.as_str()))
        .collect();
    assert_eq!(problems.len(), 3, "{problems:?}");
    assert_eq!(problems[0].0, 13);
    assert!(problems[0].1.contains("withheld"), "{problems:?}");
    assert_eq!(problems[1].0, 14);
    assert!(problems[1].1.contains("\"1m05\" is not a number"));
    assert_eq!(problems[2].0, 15);
    assert!(problems[2].1.contains("no date"));
}

#[test]
fn texts_and_mms_with_surrogate_emoji_and_groups() {
    let (events, problems) = read_all(&fixture("sms-20231115.xml"));
    let ana = phone("+15551234567", Some("Ana Ruiz"));
    let bo = phone("+15559876543", Some("Bo Chen"));
    assert_eq!(events.len(), 6, "{events:#?}");

    assert_eq!(events[0].line, 5);
    assert_eq!(events[0].text.as_deref(), Some("Running late, 10 min 😀"));
    assert_eq!(events[0].author, Some(ana.clone()));
    assert!(!events[0].from_me);

    assert!(events[1].from_me);
    assert_eq!(events[1].author, None);
    assert_eq!(events[1].others, std::slice::from_ref(&ana));
    assert_eq!(
        events[1].text.as_deref(),
        Some("No worries!\nTable by the window & coffee☕")
    );

    // The draft (line 7) and the failed text (line 9) are left out, silently.
    assert_eq!(events[2].line, 8);
    assert_eq!(events[2].chat, "5550109999");
    assert_eq!(events[2].others, [phone("5550109999", None)]);
    assert_eq!(
        events[2].text.as_deref(),
        Some("Your code is 123456. Broken emoji: \u{fffd} end")
    );

    // A received group MMS: the person's own number (a recipient the thread does not list)
    // is not among the others; names follow the `address` order.
    let group = &events[3];
    assert_eq!(group.line, 10);
    assert_eq!(group.chat, "+15551234567,+15559876543");
    assert_eq!(group.others, [ana.clone(), bo.clone()]);
    assert_eq!(group.author, Some(ana.clone()));
    assert_eq!(group.text.as_deref(), Some("Dinner Friday? 🍕"));
    assert_eq!(group.at.to_rfc3339(), "2023-11-14T22:23:20+00:00");

    // A sent MMS dated in seconds, from `insert-address-token`.
    let sent = &events[4];
    assert_eq!(sent.line, 21);
    assert!(sent.from_me);
    assert_eq!(sent.author, None);
    assert_eq!(sent.chat, group.chat);
    assert_eq!(sent.others, [ana, bo]);
    assert_eq!(sent.text.as_deref(), Some("Yes! Booked for 3"));
    assert_eq!(sent.at.to_rfc3339(), "2023-11-14T22:25:00+00:00");

    // An alphanumeric sender stays as written.
    assert_eq!(events[5].chat, "AMAZON");

    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].line, 32);
    assert!(problems[0].message.contains("\"soon\" is not a number"));
}

#[test]
fn the_persons_numbers_from_the_options_are_never_others() {
    let xml = br#"<smses count="1">
<mms date="1700000600000" msg_box="1" address="null" contact_name="null">
<parts><part ct="text/plain" text="hi all"/></parts>
<addrs><addr address="+15551234567" type="137"/><addr address="555-000-1111" type="151"/>
<addr address="+15559876543" type="130"/></addrs></mms></smses>"#;
    let (events, problems) = read_with(xml, &["+1 555 000 1111"]);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(
        events[0].others,
        [phone("+15551234567", None), phone("+15559876543", None)]
    );
    assert_eq!(events[0].line, 2);
}

#[test]
fn a_sent_mms_teaches_the_persons_number() {
    let xml = br#"<smses>
<mms date="1700000600000" msg_box="2" address="+15551234567~+15559876543">
<addrs><addr address="+15550001111" type="137"/><addr address="+15551234567" type="151"/>
<addr address="+15559876543" type="151"/></addrs></mms>
<mms date="1700000700000" msg_box="1" address="null">
<addrs><addr address="+15551234567" type="137"/><addr address="+15550001111" type="151"/>
<addr address="+15559876543" type="151"/></addrs></mms></smses>"#;
    let (events, problems) = read_all(xml);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(events.len(), 2);
    assert_eq!(events[1].chat, "+15551234567,+15559876543");
    assert_eq!(events[1].text, None);
}

#[test]
fn a_file_cut_inside_a_record_gives_what_came_before_and_one_problem() {
    let (events, problems) = read_all(&fixture("sms-truncated.xml"));
    assert_eq!(events.len(), 4);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].message.contains("ends early"), "{problems:?}");
    assert!(
        problems[0].message.contains("line 21 is incomplete"),
        "{problems:?}"
    );
    // The line the cut is on.
    assert_eq!(problems[0].line, 24);
}

#[test]
fn a_file_cut_between_records_gives_them_and_one_problem() {
    let (events, problems) = read_all(&fixture("calls-truncated.xml"));
    assert_eq!(events.len(), 3);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].message.contains("ends early"), "{problems:?}");
    assert!(problems[0].message.contains("<calls>"), "{problems:?}");
}

#[test]
fn other_files_are_refused_with_one_problem() {
    for bytes in [
        &b"<html><body/></html>"[..],
        b"",
        b"just text",
        b"\xff\xfe<",
    ] {
        let (events, problems) = read_all(bytes);
        assert!(events.is_empty());
        assert_eq!(problems.len(), 1, "{problems:?}");
    }
}

#[test]
fn entities() {
    assert_eq!(unescape("a &amp;&lt;&gt;&quot;&apos; b"), "a &<>\"' b");
    assert_eq!(unescape("&#55357;&#56832;&#x1F600;"), "😀😀");
    assert_eq!(unescape("&#xD83D;&#xDE00;"), "😀");
    assert_eq!(unescape("&#56832;&#55357;"), "\u{fffd}\u{fffd}");
    assert_eq!(unescape("&#55357;x"), "\u{fffd}x");
    assert_eq!(
        unescape("&#0;&#1114112;&#99999999999;"),
        "\u{fffd}\u{fffd}&#99999999999;"
    );
    assert_eq!(unescape("AT&T &nbsp; &"), "AT&T &nbsp; &");
}

#[test]
fn numbers() {
    assert!(same("+15551234567", "5551234567"));
    assert!(same("+4915112345678", "015112345678"));
    assert!(!same("+15551234567", "+15551234568"));
    assert!(!same("112", "+44112"));
    assert_eq!(
        normalize_number(" +1 (555) 123-4567 ").as_deref(),
        Some("+15551234567")
    );
    assert_eq!(normalize_number("-2"), None);
    assert_eq!(normalize_number("null"), None);
}

mod fuzz {
    use proptest::prelude::*;

    use super::*;

    fn count(bytes: &[u8]) -> usize {
        let mut n = 0;
        read(Cursor::new(bytes), &SmsOptions::default(), &mut |_| n += 1);
        n
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
            let mut sms = b"<smses><mms msg_box=\"1\" date=\"1\">".to_vec();
            sms.extend_from_slice(&bytes);
            let mut calls = b"<calls><call ".to_vec();
            calls.extend_from_slice(&bytes);
            for input in [&bytes, &sms, &calls] {
                // Never more items than the file has tags, plus a final problem.
                prop_assert!(count(input) <= input.len() + 2);
            }
        }

        #[test]
        fn mutated_fixtures_never_panic(
            which in 0..3usize,
            edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..16),
            cut in any::<prop::sample::Index>(),
        ) {
            let name = ["calls-20231115.xml", "sms-20231115.xml", "sms-truncated.xml"][which];
            let mut bytes = fixture(name);
            for (at, b) in edits {
                let i = at.index(bytes.len());
                bytes[i] = b;
            }
            let n = count(&bytes);
            prop_assert!(n <= 40);
            bytes.truncate(cut.index(bytes.len()));
            prop_assert!(count(&bytes) <= 40);
        }

        #[test]
        fn any_entity_text_decodes(s in "(&#[0-9]{1,7};|&#x[0-9a-fA-F]{1,6};|&[a-z]{0,5};?|[a-z&;#]){0,40}") {
            let _ = unescape(&s);
        }
    }
}
