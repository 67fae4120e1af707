//! Unit tests of the vCard reader and writer; the fixtures are read in `tests/import.rs`.

use super::*;
use crate::io::text::push_line;

fn read(text: &[u8]) -> Parsed {
    parse(text, "test.vcf").unwrap()
}

#[test]
fn reads_vcard_dates() {
    assert_eq!(
        parse_vcard_date("1985-04-15", None),
        Some((Some(1985), 4, 15))
    );
    assert_eq!(
        parse_vcard_date("19850415", None),
        Some((Some(1985), 4, 15))
    );
    assert_eq!(parse_vcard_date("--0415", None), Some((None, 4, 15)));
    assert_eq!(parse_vcard_date("--04-15", None), Some((None, 4, 15)));
    assert_eq!(parse_vcard_date("0000-02-29", None), Some((None, 2, 29)));
    assert_eq!(
        parse_vcard_date("1604-04-15", Some(1604)),
        Some((None, 4, 15))
    );
    assert_eq!(
        parse_vcard_date("1985-04-15T00:00:00Z", None),
        Some((Some(1985), 4, 15))
    );
    assert_eq!(parse_vcard_date("1985-02-30", None), None);
    assert_eq!(parse_vcard_date("April 15", None), None);
}

#[test]
fn folds_long_lines_between_characters() {
    let mut out = String::new();
    push_line(&mut out, &format!("NOTE:{}", "é".repeat(60)));
    for line in out.split("\r\n") {
        assert!(line.len() <= 75, "{line}");
    }
    assert_eq!(
        out.replace("\r\n ", ""),
        format!("NOTE:{}\r\n", "é".repeat(60))
    );
}

#[test]
fn a_property_per_line_with_groups_params_and_bare_types() {
    let p = read(
        b"item1.BEGIN:VCARD\r\nVERSION:2.1\r\nitem2.TEL;WORK;VOICE;PREF:+1 555 0100\r\n\
          FN:Ana\r\nitem1.END:VCARD\r\n",
    );
    assert_eq!(p.records.len(), 1, "{:?}", p.skipped);
    let ch = &p.records[0].contact.channels[0];
    assert_eq!(ch.types, ["work", "voice", "pref"]);
    assert_eq!(ch.label.as_deref(), Some("work"));
}

#[test]
fn a_photo_with_one_padding_character_too_many_is_kept() {
    // BlackBerry's export: the base64 ends in `=` where no padding belongs.
    let card = "BEGIN:VCARD\r\nVERSION:2.1\r\nN:Doe;John\r\nFN:John Doe\r\n\
                PHOTO;ENCODING=BASE64:/9j/4AAQSkZJRgAB=\r\n\r\nEND:VCARD\r\n";
    let p = parse(card.as_bytes(), "blackberry.vcf").unwrap();
    assert!(p.skipped.is_empty(), "{:?}", p.skipped);
    let photo = p.records[0].photo.as_ref().expect("the photo is kept");
    assert_eq!(photo.data[..3], [0xFF, 0xD8, 0xFF]);
}

mod fuzz {
    use super::*;
    use proptest::prelude::*;

    const CARD: &str = "BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=Windows-1250;ENCODING=QUOTED-PRINTABLE:Nov=E1k;Jan\r\n\
        FN:Jan Novak\r\nitem1.TEL;WORK;VOICE:+420 555 0100 x12\r\nitem1.X-ABLabel:_$!<Work>!$_\r\n\
        ORG:Firma;Odd\\;el\r\nTITLE:Boss\r\nROLE:Lead\r\nADR;HOME:;;Ulice 1=0D=0A2;Praha;;110 00;CZ\r\n\
        AGENT:\r\nBEGIN:VCARD\r\nFN:Bob\r\nEND:VCARD\r\nPHOTO;ENCODING=BASE64;JPEG:/9j/4AAQ\r\nSkZJRg==\r\n\r\n\
        GEO:1.0;2.0\r\nNOTE;ENCODING=QUOTED-PRINTABLE:a=\r\nb\r\nEND:VCARD\r\n";

    /// A real-shaped card with bytes changed, inserted or removed.
    fn mutated() -> impl Strategy<Value = Vec<u8>> {
        let edit = (any::<prop::sample::Index>(), any::<u8>(), 0..3u8);
        proptest::collection::vec(edit, 0..12).prop_map(|edits| {
            let mut bytes = CARD.as_bytes().to_vec();
            for (at, byte, op) in edits {
                let i = at.index(bytes.len().max(1)).min(bytes.len());
                match op {
                    0 if i < bytes.len() => bytes[i] = byte,
                    1 => bytes.insert(i, byte),
                    _ if i < bytes.len() => {
                        bytes.remove(i);
                    }
                    _ => {}
                }
            }
            bytes
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
            let start = std::time::Instant::now();
            let _ = parse(&bytes, "fuzz");
            prop_assert!(start.elapsed() < std::time::Duration::from_secs(2));
        }

        #[test]
        fn mutated_cards_never_panic(bytes in mutated()) {
            let start = std::time::Instant::now();
            let _ = parse(&bytes, "fuzz");
            let mut doubled = bytes.clone();
            doubled.extend_from_slice(&bytes);
            let _ = parse(&doubled, "fuzz");
            prop_assert!(start.elapsed() < std::time::Duration::from_secs(2));
        }
    }
}
