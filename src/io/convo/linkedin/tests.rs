use std::io::Cursor;

use super::*;

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/convo/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

type Read = (Vec<ConvoEvent>, Vec<ConvoProblem>, LinkedInReport);

fn read_with(bytes: &[u8], options: &LinkedInOptions) -> Read {
    let (mut events, mut problems) = (Vec::new(), Vec::new());
    let report = read_inferring(Cursor::new(bytes), options, &mut |item| match item {
        ConvoItem::Event(e) => events.push(e),
        ConvoItem::Problem(p) => problems.push(p),
    })
    .expect("memory");
    (events, problems, report)
}

fn member(name: &str, slug: &str) -> Party {
    Party {
        name: Some(name.to_owned()),
        url: Some(format!("https://www.linkedin.com/in/{slug}")),
        ..Party::default()
    }
}

const SAM: &str = "https://www.linkedin.com/in/sam-lee-0a1b2c3";

fn check_fixture(events: &[ConvoEvent], problems: &[ConvoProblem]) {
    let ana = member("Ana Ruiz", "ana-ruiz-4b2a1c");
    let bo = member("Bo Chen", "bochen");
    let rene = member("René Dupont", "rene-dupont");
    let lines: Vec<(u64, bool)> = events.iter().map(|e| (e.line, e.from_me)).collect();
    assert_eq!(
        lines,
        [
            (2, false),
            (7, true),
            (9, false),
            (10, false),
            (11, true),
            (12, false)
        ]
    );

    let first = &events[0];
    assert_eq!(
        first.chat,
        "2-YTFiMmMzZDQtZTVmNi00NzA4LTkxMGEtYjFjMmQzZTRmNTA2XzAxMA=="
    );
    assert_eq!(first.at.to_rfc3339(), "2023-05-04T13:22:10+00:00");
    assert_eq!(first.author, Some(ana.clone()));
    assert_eq!(first.others, std::slice::from_ref(&ana));
    assert_eq!(
        first.text.as_deref(),
        Some("Hi Sam,\n\nGreat meeting you at the meetup. Coffee next week?\n\nAna")
    );
    assert_eq!(events[1].author, None);
    assert_eq!(events[1].others, std::slice::from_ref(&ana));
    assert_eq!(
        events[1].text.as_deref(),
        Some("Sure, Tuesday works. \"Café Central\" at 10?")
    );

    // The group: everyone but the person, the sender first; a double-encoded name repaired.
    assert_eq!(events[2].others, [bo.clone(), ana.clone(), rene.clone()]);
    assert_eq!(events[2].text.as_deref(), Some("Who is in for Lisbon? 🇵🇹"));
    assert_eq!(events[3].author, Some(rene.clone()));
    assert_eq!(events[3].others, [rene.clone(), ana.clone(), bo.clone()]);
    assert_eq!(
        events[3].text.as_deref(),
        Some("Je suis partant — count me in")
    );
    assert_eq!(events[4].others, [bo, ana, rene]);
    assert_eq!(events[4].chat, events[2].chat);

    // InMail from a recruiter is a message.
    assert_eq!(
        events[5].author,
        Some(member("Dee Okafor", "dee-okafor-recruiter"))
    );

    let problems: Vec<(u64, &str)> = problems
        .iter()
        .map(|p| (p.line, p.message.as_str()))
        .collect();
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert_eq!(problems[0].0, 15);
    assert!(problems[0].1.contains("LinkedIn Member"));
    assert_eq!(problems[1].0, 16);
    assert!(problems[1].1.contains("\"yesterday\" is not a date"));
}

#[test]
fn the_export_with_the_person_inferred() {
    let (events, problems, report) =
        read_with(&fixture("messages.csv"), &LinkedInOptions::default());
    check_fixture(&events, &problems);
    assert_eq!(
        report,
        LinkedInReport {
            me: Some(Me {
                name: Some("Sam Lee".into()),
                url: Some(SAM.into()),
                conversations: 4,
                of: 4,
            }),
            rows: 11,
            spam: 1,
            drafts: 1,
            sponsored: 1,
            notices: 0,
        }
    );
}

#[test]
fn the_export_with_the_person_given() {
    for options in [
        LinkedInOptions {
            my_profile_urls: vec!["linkedin.com/in/Sam-Lee-0a1b2c3/".into()],
            my_name: None,
        },
        LinkedInOptions {
            my_profile_urls: vec![],
            my_name: Some(" sam lee ".into()),
        },
    ] {
        let (events, problems, report) = read_with(&fixture("messages.csv"), &options);
        check_fixture(&events, &problems);
        assert_eq!(report.me, None);
    }
}

#[test]
fn nobody_stands_out_in_one_conversation() {
    let csv = "conversation id,From,Sender Profile Url,To,Recipient Profile Urls,date,content\n\
               c1,Ana,https://www.linkedin.com/in/ana,Bo,https://www.linkedin.com/in/bo,2023-05-04 13:22:10 UTC,hi\n\
               c1,Bo,https://www.linkedin.com/in/bo,Ana,https://www.linkedin.com/in/ana,2023-05-04T13:25:00Z,hey\n";
    let (events, problems, report) = read_with(csv.as_bytes(), &LinkedInOptions::default());
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(report.me, None);
    // Nobody is the person: everyone is in `others`.
    assert_eq!(events.len(), 2);
    assert!(events.iter().all(|e| !e.from_me && e.others.len() == 2));
    assert_eq!(events[1].at.to_rfc3339(), "2023-05-04T13:25:00+00:00");
}

#[test]
fn notices_and_sponsored_conversations_are_no_problems() {
    // LinkedIn writes notices as rows with nobody in FROM and TO ("Message request
    // accepted", "X left the conversation."), and ads from "LinkedIn Member" (no URL) in a
    // conversation titled "Sponsored Conversation".
    let csv = "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER\n\
               c1,,Ana Ruiz,https://www.linkedin.com/in/ana-ruiz,Sam Lee,https://www.linkedin.com/in/sam-lee,2023-04-16 06:09:46 UTC,,hello,INBOX\n\
               c1,,,,,,2023-04-15 10:00:00 UTC,,Message request accepted,INBOX\n\
               c2,Sponsored Conversation,LinkedIn Member,,Sam Lee,https://www.linkedin.com/in/sam-lee,2023-04-14 13:55:29 UTC,,\"Hi %FIRSTNAME%, a course for you\",INBOX\n\
               c3,,,,,,2023-04-01 18:58:41 UTC,,Bo Chen left the conversation.,INBOX\n\
               c4,,LinkedIn Member,,Sam Lee,https://www.linkedin.com/in/sam-lee,2023-03-01 09:00:00 UTC,,Thanks!,INBOX\n";
    let options = LinkedInOptions {
        my_profile_urls: vec!["https://www.linkedin.com/in/sam-lee".into()],
        my_name: None,
    };
    let (events, problems, report) = read_with(csv.as_bytes(), &options);
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(events[0].author, Some(member("Ana Ruiz", "ana-ruiz")));
    // Only the deleted account's message is a problem.
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].line, 6);
    assert_eq!((report.rows, report.sponsored, report.notices), (5, 1, 2));
}

#[test]
fn older_exports_name_recipients_without_urls() {
    // Older exports have no RECIPIENT PROFILE URLS: a recipient is a name only, the same
    // person a URL when they write; and names may hold commas (`Kemi Ade, MBA`).
    let csv = "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,DATE,SUBJECT,CONTENT,FOLDER\n\
               c1,,Ana Ruiz,https://www.linkedin.com/in/ana-ruiz,\"Kemi Ade, MBA\",2021-06-15 16:37:00 UTC,,\"Sure, thanks\",INBOX\n\
               c1,,\"Kemi Ade, MBA\",https://www.linkedin.com/in/kemi-ade,Ana Ruiz,2021-06-15 15:45:19 UTC,,Noted,INBOX\n\
               c2,Book club,Bo Chen,https://www.linkedin.com/in/bo-chen,\"Kemi Ade, MBA, Ana Ruiz\",2021-06-10 10:00:00 UTC,,hi both,INBOX\n\
               c2,Book club,\"Kemi Ade, MBA\",https://www.linkedin.com/in/kemi-ade,\"Bo Chen, Ana Ruiz\",2021-06-10 11:00:00 UTC,,hello,INBOX\n\
               c3,,\"Kemi Ade, MBA\",https://www.linkedin.com/in/kemi-ade,Cy Dale,2021-06-01 09:00:00 UTC,,ping,INBOX\n";
    let (events, problems, report) = read_with(csv.as_bytes(), &LinkedInOptions::default());
    assert!(problems.is_empty(), "{problems:?}");
    let me = report.me.expect("the person");
    assert_eq!(
        me.url.as_deref(),
        Some("https://www.linkedin.com/in/kemi-ade")
    );
    assert_eq!((me.conversations, me.of), (3, 3));
    let ana = member("Ana Ruiz", "ana-ruiz");
    let bo = member("Bo Chen", "bo-chen");
    assert_eq!(events.len(), 5);
    assert!(!events[0].from_me && events[0].others == vec![ana.clone()]);
    assert!(events[1].from_me && events[1].others == vec![ana.clone()]);
    assert_eq!(events[2].others, vec![bo.clone(), ana.clone()]);
    assert!(events[3].from_me && events[3].others == vec![bo, ana]);
    // Someone who never writes stays a name.
    assert_eq!(
        events[4].others,
        vec![Party {
            name: Some("Cy Dale".into()),
            ..Party::default()
        }]
    );
}

#[test]
fn other_files_are_refused_with_one_problem() {
    let connections = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n\
                       Ana,Ruiz,https://www.linkedin.com/in/ana,,Acme,CTO,04 May 2023\n";
    for bytes in [connections.as_bytes(), b"", b"\xff\xfe\x00"] {
        let (events, problems, _) = read_with(bytes, &LinkedInOptions::default());
        assert!(events.is_empty());
        assert!(problems.len() <= 1, "{problems:?}");
        assert_eq!(problems.len(), usize::from(!bytes.is_empty()));
    }
}

#[test]
fn repairs_only_double_encoding() {
    assert_eq!(repair("RenÃ© donâ€™t"), "René don’t");
    assert_eq!(repair("ðŸ˜€"), "😀");
    assert_eq!(repair("São Paulo, Ã  la carte"), "São Paulo, Ã  la carte");
    assert_eq!(repair("Ã"), "Ã");
}

mod fuzz {
    use proptest::prelude::*;

    use super::*;

    fn count(bytes: &[u8]) -> usize {
        let mut n = 0;
        let _ = read_inferring(Cursor::new(bytes), &LinkedInOptions::default(), &mut |_| {
            n += 1
        });
        n
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
            let mut with_header = b"CONVERSATION ID,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,CONTENT\n".to_vec();
            with_header.extend_from_slice(&bytes);
            for input in [&bytes, &with_header] {
                prop_assert!(count(input) <= input.len() + 1);
            }
        }

        #[test]
        fn mutated_fixture_never_panics(
            edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..16),
            cut in any::<prop::sample::Index>(),
        ) {
            let mut bytes = fixture("messages.csv");
            for (at, b) in edits {
                let i = at.index(bytes.len());
                bytes[i] = b;
            }
            prop_assert!(count(&bytes) <= 40);
            bytes.truncate(cut.index(bytes.len()));
            prop_assert!(count(&bytes) <= 40);
        }

        #[test]
        fn any_text_repairs(s in "\\PC{0,40}") {
            let _ = repair(&s);
            let _ = parse_date(&s);
            let _ = url_key(&s);
        }
    }
}
