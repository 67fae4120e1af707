use std::io::Cursor;

use super::mbox::{envelope_date, Mbox, HEADER_CAP};
use super::*;

/// A Gmail Takeout-shaped mbox (CRLF, `X-Gmail-Labels`, encoded names, a group, a thread).
const TAKEOUT: &str = "From 1789123456789012345@xxx Tue Nov 03 09:15:02 +0000 2026\r\n\
X-GM-THRID: 1789123456789012345\r\n\
X-Gmail-Labels: Inbox,Important,Opened\r\n\
Message-ID: <CAF1=abc@mail.gmail.com>\r\n\
Date: Tue, 3 Nov 2026 10:15:00 +0100\r\n\
From: =?UTF-8?B?QW5hIFJ1w616?= <Ana.Ruiz@acme.example.com>\r\n\
To: me@example.org, \"Bo Chen\" <bo@chen.example.com>\r\n\
Cc: =?ISO-8859-1?Q?J=FCrgen_M=FCller?= <jm@example.de>\r\n\
Subject: =?UTF-8?Q?Caf=C3=A9_next_week?=\r\n\
\r\n\
Body line one.\r\n\
>From the desk of Ana: escaped, as mboxrd writes it.\r\n\
\r\n\
From 1789123456789099999@xxx Wed Nov 04 08:00:00 +0000 2026\r\n\
X-Gmail-Labels: Sent\r\n\
Message-ID: <reply-1@example.org>\r\n\
In-Reply-To: <CAF1=abc@mail.gmail.com>\r\n\
References: <CAF1=abc@mail.gmail.com>\r\n\
Date: Wed, 04 Nov 2026 09:00:00 +0100\r\n\
From: Me <me@example.org>\r\n\
To: undisclosed-recipients:;\r\n\
Bcc: Ana Ruiz <ana.ruiz@acme.example.com>\r\n\
Subject: Re: =?UTF-8?Q?Caf=C3=A9_next_week?=\r\n\
\r\n\
Sounds good.\r\n\
\r\n\
From 1789123456789088888@xxx Thu Nov 05 07:00:00 +0000 2026\r\n\
X-Gmail-Labels: Category Promotions\r\n\
Date: Thu, 05 Nov 2026 07:00:00 +0000\r\n\
From: Shop <no-reply@shop.example.com>\r\n\
To: me@example.org\r\n\
List-Unsubscribe: <mailto:unsub@shop.example.com>\r\n\
Subject: Deals\r\n\
\r\n\
Buy.\r\n";

fn read_all(bytes: &[u8]) -> Vec<RawMessage> {
    Mbox::new(Cursor::new(bytes), 0)
        .collect::<std::io::Result<_>>()
        .expect("read")
}

use super::mbox::RawMessage;

#[test]
fn a_takeout_mbox_gives_each_message_with_its_offset_and_headers() {
    let raw = read_all(TAKEOUT.as_bytes());
    assert_eq!(raw.len(), 3);
    assert_eq!(raw[0].offset, 0);
    assert!(TAKEOUT[raw[1].offset as usize..].starts_with("From 1789123456789099999@xxx"));
    assert!(TAKEOUT[raw[2].offset as usize..].starts_with("From 1789123456789088888@xxx"));

    let first = parse_headers(&raw[0].headers, raw[0].envelope).expect("headers");
    assert_eq!(first.key, "CAF1=abc@mail.gmail.com");
    assert_eq!(
        first.from,
        vec![MailAddress {
            name: Some("Ana Ruíz".into()),
            email: "Ana.Ruiz@acme.example.com".into()
        }]
    );
    assert_eq!(first.to.len(), 2);
    assert_eq!(first.to[1].name.as_deref(), Some("Bo Chen"));
    assert_eq!(first.cc[0].name.as_deref(), Some("Jürgen Müller"));
    assert_eq!(first.subject.as_deref(), Some("Café next week"));
    assert_eq!(first.labels, ["Inbox", "Important", "Opened"]);
    assert_eq!(
        first.date.map(|d| d.to_rfc3339()).as_deref(),
        Some("2026-11-03T09:15:00+00:00")
    );
    assert!(!first.date_from_envelope);
    assert_eq!(first.machine, None);

    let reply = parse_headers(&raw[1].headers, raw[1].envelope).expect("headers");
    assert_eq!(reply.references, ["CAF1=abc@mail.gmail.com"]);
    assert!(
        reply.to.is_empty(),
        "a group with no members names nobody: {:?}",
        reply.to
    );

    let promo = parse_headers(&raw[2].headers, raw[2].envelope).expect("headers");
    assert_eq!(
        promo.machine.as_deref(),
        Some("a newsletter (List-Unsubscribe)")
    );
    assert!(
        promo.key.starts_with("hash:"),
        "no Message-ID: {}",
        promo.key
    );
}

#[test]
fn thunderbird_separators_and_a_missing_date_use_the_envelope() {
    let mbox = "From - Mon Oct  5 14:03:11 2026\n\
X-Mozilla-Status: 0001\n\
From: Bo Chen <bo@chen.example.com>\n\
To: me@example.org\n\
Subject: no date header\n\
\n\
text\n\
From - Tue Oct  6 08:00:00 2026\n\
From: Bo Chen <bo@chen.example.com>\n\
Date: not a date\n\
\n";
    let raw = read_all(mbox.as_bytes());
    assert_eq!(
        raw.len(),
        2,
        "a dated separator splits even without a blank line before it"
    );
    let first = parse_headers(&raw[0].headers, raw[0].envelope).expect("headers");
    assert!(first.date_from_envelope);
    assert_eq!(
        first.date.map(|d| d.to_rfc3339()).as_deref(),
        Some("2026-10-05T14:03:11+00:00")
    );
    let second = parse_headers(&raw[1].headers, raw[1].envelope).expect("headers");
    assert!(
        second.date_from_envelope,
        "an unreadable Date falls back to the envelope"
    );
}

#[test]
fn a_body_line_starting_with_from_is_not_a_message() {
    let mbox = "From a@b Mon Oct  5 14:03:11 2026\nFrom: a@b.example\n\nHello,\nFrom what I hear, it works.\n";
    assert_eq!(read_all(mbox.as_bytes()).len(), 1);
}

#[test]
fn machines_and_lists_are_told_apart_from_people() {
    let cases = [
        (
            "List-Id: <dev.lists.example.org>\n",
            "a mailing list (List-Id)",
        ),
        ("Precedence: bulk\n", "bulk mail (Precedence: bulk)"),
        (
            "Auto-Submitted: auto-replied\n",
            "sent automatically (Auto-Submitted: auto-replied)",
        ),
    ];
    for (header, why) in cases {
        let raw = format!("From: Ana <ana@acme.example.com>\n{header}Subject: x\n");
        let h = parse_headers(raw.as_bytes(), None).expect("headers");
        assert_eq!(h.machine.as_deref(), Some(why), "{header}");
    }
    let raw = "From: Alerts <do-not-reply@bank.example.com>\nSubject: x\n";
    let h = parse_headers(raw.as_bytes(), None).expect("headers");
    assert_eq!(
        h.machine.as_deref(),
        Some("a no-reply sender (do-not-reply@bank.example.com)")
    );
    let person = "From: Ana <ana@acme.example.com>\nAuto-Submitted: no\n";
    assert_eq!(
        parse_headers(person.as_bytes(), None)
            .expect("headers")
            .machine,
        None
    );
}

#[test]
fn a_read_resumes_at_a_message_offset() {
    let all = read_all(TAKEOUT.as_bytes());
    let from = all[1].offset;
    let rest: Vec<RawMessage> = Mbox::new(Cursor::new(&TAKEOUT.as_bytes()[from as usize..]), from)
        .collect::<std::io::Result<_>>()
        .expect("read");
    assert_eq!(rest, all[1..]);
    let mut reader = Mbox::new(Cursor::new(TAKEOUT.as_bytes()), 0);
    reader.by_ref().for_each(drop);
    assert_eq!(reader.position(), TAKEOUT.len() as u64);
}

#[test]
fn huge_lines_and_header_blocks_are_capped() {
    let mut mbox = b"From a@b Mon Oct  5 14:03:11 2026\nFrom: a@b.example\nX-Long: ".to_vec();
    mbox.extend(std::iter::repeat_n(b'x', 3 * HEADER_CAP));
    mbox.extend_from_slice(b"\n\n");
    mbox.extend(std::iter::repeat_n(b'y', 5_000_000));
    mbox.extend_from_slice(b"\nFrom a@b Tue Oct  6 14:03:11 2026\nFrom: c@d.example\n\n");
    let raw = read_all(&mbox);
    assert_eq!(raw.len(), 2);
    assert!(raw[0].truncated);
    assert!(raw[0].headers.len() <= HEADER_CAP);
    assert!(!raw[1].truncated);
}

#[test]
fn text_before_the_first_separator_is_skipped_and_counted() {
    let mut reader = Mbox::new(
        Cursor::new(
            b"garbage\nmore\nFrom a@b Mon Oct  5 14:03:11 2026\nFrom: a@b.example\n\n".as_slice(),
        ),
        0,
    );
    assert_eq!(reader.by_ref().count(), 1);
    assert_eq!(reader.skipped_bytes, 13);
}

#[test]
fn envelope_dates_in_the_shapes_of_real_files() {
    for (line, want) in [
        (
            "From - Mon Oct  5 14:03:11 2026",
            "2026-10-05T14:03:11+00:00",
        ),
        (
            "From MAILER-DAEMON Fri Jul  8 12:08:34 2011",
            "2011-07-08T12:08:34+00:00",
        ),
        (
            "From 123@xxx Tue Nov 03 09:15:02 +0100 2026",
            "2026-11-03T08:15:02+00:00",
        ),
    ] {
        let got = envelope_date(line.as_bytes()).map(|d| d.to_rfc3339());
        assert_eq!(got.as_deref(), Some(want), "{line}");
    }
    assert_eq!(envelope_date(b"From what I hear"), None);
}

#[test]
fn a_maildir_reads_cur_and_new_but_never_tmp() {
    let dir = tempfile::tempdir().expect("tempdir");
    for sub in ["cur", "new", "tmp"] {
        std::fs::create_dir(dir.path().join(sub)).expect("mkdir");
    }
    let msg = "From: Ana <ana@acme.example.com>\r\nSubject: hi\r\n\r\nbody\r\n";
    std::fs::write(dir.path().join("cur/1700000000.1.host:2,RS"), msg).expect("write");
    std::fs::write(dir.path().join("new/1700000001.2.host"), msg).expect("write");
    std::fs::write(dir.path().join("tmp/1700000002.3.host"), msg).expect("write");
    assert!(maildir::is_maildir(dir.path()));
    let files = maildir::message_files(dir.path()).expect("list");
    assert_eq!(files.len(), 2);
    let (headers, cut) = maildir::read_headers(&files[0]).expect("read");
    assert!(!cut);
    assert!(!headers.windows(4).any(|w| w == b"body"));
    let h = parse_headers(&headers, None).expect("headers");
    assert_eq!(h.subject.as_deref(), Some("hi"));
}

mod fuzz {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
            let mut with_separator = b"From a@b Mon Oct  5 14:03:11 2026\n".to_vec();
            with_separator.extend_from_slice(&bytes);
            for input in [&bytes, &with_separator] {
                for m in Mbox::new(Cursor::new(input.as_slice()), 0).keep_body(1024) {
                    let m = m.expect("reading memory cannot fail");
                    prop_assert!(m.body.len() <= 1024);
                    let _ = parse_headers(&m.headers, m.envelope);
                    if let Some(text) = body_text(&m.headers, &m.body) {
                        prop_assert!(text.chars().count() <= TEXT_MAX_CHARS);
                    }
                }
                let _ = parse_headers(input, None);
                let _ = body_text(input, input);
            }
        }

        #[test]
        fn mutated_takeout_files_never_panic(edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..16)) {
            let mut bytes = TAKEOUT.as_bytes().to_vec();
            for (at, b) in edits {
                let i = at.index(bytes.len());
                bytes[i] = b;
            }
            let mut n = 0;
            for m in Mbox::new(Cursor::new(bytes.as_slice()), 0).keep_body(BODY_CAP) {
                let m = m.expect("reading memory cannot fail");
                let _ = parse_headers(&m.headers, m.envelope);
                let _ = body_text(&m.headers, &m.body);
                n += 1;
            }
            prop_assert!(n <= 4);
        }
    }
}
