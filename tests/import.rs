//! Import and export, end to end through the core: every fixture of `tests/fixtures/import`
//! (see its README) field by field; re-imports that create nothing; duplicates merged within a
//! file and against the database; all-or-nothing imports; vCard and JSON round trips (the JSON
//! one compares every table row by row); merging two contacts; iCalendar; private export
//! files; the CLI verbs; and hostile input (arbitrary bytes, 50 MB files) that must neither
//! panic nor hang. The 5,000-contact timing is an ignored test that prints its figure.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use kith::io::{ExportFormat, ImportFormat, ImportPlan, PlanAction, Skipped};
use kith::model::{
    Address, AskKind, Channel, ChannelKind, Circle, Contact, ContactInput, ContactQuery, FollowUp,
    HelpInput, ImportantDate, InteractionKind, NameParts, NewAsk, NewInteraction, Title, TitleKind,
};
use kith::store::photos;
use kith::Store;
use rusqlite::types::Value;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 12, 0, 0).unwrap()
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

fn import_bytes(store: &mut Store, bytes: &[u8], format: ImportFormat) -> ImportPlan {
    store
        .import(bytes, format, "test", now(), &mut |_, _| {})
        .unwrap()
}

/// Imports a fixture, with its format detected as the CLI does.
fn import(store: &mut Store, name: &str) -> ImportPlan {
    let path = fixture(name);
    let bytes = std::fs::read(&path).unwrap();
    let format = kith::io::detect_format(&path, &bytes).expect("format detected");
    import_bytes(store, &bytes, format)
}

fn by_name(store: &Store, name: &str) -> Contact {
    let r = store.resolve_contact(name).unwrap();
    store.get_contact(r.id).unwrap()
}

fn count(store: &Store, table: &str) -> i64 {
    store
        .conn()
        .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

fn channels(c: &Contact) -> Vec<(ChannelKind, Option<&str>, &str)> {
    c.channels
        .iter()
        .map(|ch| (ch.kind, ch.label.as_deref(), ch.value.as_str()))
        .collect()
}

fn date(label: &str, year: Option<i32>, month: u32, day: u32) -> ImportantDate {
    ImportantDate {
        label: label.into(),
        year,
        month,
        day,
        recurring: true,
    }
}

fn skipped(plan: &ImportPlan) -> Vec<(u64, Option<&str>)> {
    plan.skipped
        .iter()
        .map(|s: &Skipped| (s.line, s.field.as_deref()))
        .collect()
}

use ChannelKind::{Email, Link, Phone};

// Fixtures, field by field ------------------------------------------------------------------

#[test]
fn google_vcard_3() {
    let mut store = Store::open_in_memory().unwrap();
    let plan = import(&mut store, "google.vcf");
    assert_eq!((plan.created, plan.merged, plan.unchanged), (2, 0, 0));
    assert!(plan.skipped.is_empty(), "{:?}", plan.skipped);
    let ana = by_name(&store, "Ana Ruiz");
    assert_eq!(ana.company.as_deref(), Some("Acme Robotics"));
    assert_eq!(ana.role.as_deref(), Some("Head of Design"));
    assert_eq!(ana.location.as_deref(), Some("Madrid, Spain"));
    assert_eq!(
        ana.notes,
        "Met at the design meetup, talked about typography.\nLoves climbing."
    );
    assert_eq!(ana.tags, ["Friends"], "myContacts is Google's, not a tag");
    assert_eq!(
        channels(&ana),
        [
            (Email, Some("work"), "ana.ruiz@acme.example.com"),
            (Email, Some("home"), "ana@home.example.org"),
            (Phone, Some("mobile"), "+34 600 123 456"),
            (Link, Some("Portfolio"), "https://ana.example.com"),
        ]
    );
    assert_eq!(ana.dates, [date("birthday", Some(1988), 4, 15)]);
    let bo = by_name(&store, "Bo Chen");
    assert_eq!(channels(&bo), [(Phone, Some("work"), "(212) 555-0187")]);
    assert_eq!(bo.dates, [date("birthday", None, 2, 29)]);
}

#[test]
fn apple_vcard_with_item_groups_and_a_photo() {
    let mut store = Store::open_in_memory().unwrap();
    let plan = import(&mut store, "apple.vcf");
    assert_eq!(plan.created, 1);
    let c = by_name(&store, "Dr. Chidi");
    assert_eq!(c.name, "Dr. Chidi Okafor");
    assert_eq!(c.company.as_deref(), Some("University of Lagos"));
    assert_eq!(c.role.as_deref(), Some("Lecturer"));
    assert_eq!(
        channels(&c),
        [
            (Email, Some("other"), "chidi@unilag.example.edu"),
            (Phone, Some("Office"), "+234 1 555 0199"),
            (Phone, Some("mobile"), "+234 802 555 0100"),
            (Link, Some("homepage"), "https://chidi.example.net"),
        ]
    );
    // Apple writes a birthday without a year as 1604 with X-APPLE-OMIT-YEAR.
    assert_eq!(
        c.dates,
        [
            date("anniversary", Some(2015), 6, 20),
            date("birthday", None, 11, 2)
        ]
    );
    let photo = photos::get_photo(store.conn(), c.id).unwrap().unwrap();
    assert_eq!(photo.mime, "image/png");
    assert_eq!(photo.data.len(), 70);
    assert_eq!(&photo.data[1..4], b"PNG");
}

#[test]
fn outlook_vcard_21_quoted_printable_windows_1252() {
    let mut store = Store::open_in_memory().unwrap();
    let plan = import(&mut store, "outlook-2.1.vcf");
    assert_eq!(plan.created, 1);
    let c = by_name(&store, "Jürgen");
    assert_eq!(c.name, "Jürgen Müller");
    assert_eq!(c.company.as_deref(), Some("Bäckerei Müller GmbH"));
    assert_eq!(c.role.as_deref(), Some("Geschäftsführer"));
    assert_eq!(
        c.notes,
        "Liefert jeden Freitag Brötchen.\nFragt nach unserem Café."
    );
    assert_eq!(
        channels(&c),
        [
            (Phone, Some("work"), "+49 30 1234567"),
            (Phone, Some("home"), "+49 30 7654321"),
            (Email, None, "juergen@baeckerei.example.de"),
        ]
    );
}

#[test]
fn android_vcard_21_soft_line_breaks_and_yearless_birthday() {
    let mut store = Store::open_in_memory().unwrap();
    let plan = import(&mut store, "android-2.1.vcf");
    assert_eq!(plan.created, 2);
    let c = by_name(&store, "Björn");
    assert_eq!(c.name, "Björn Åström");
    assert_eq!(c.notes, "Kanot-kör i sommar, träffas vid sjön.");
    assert_eq!(
        channels(&c),
        [
            (Phone, Some("mobile"), "070-123 45 67"),
            (Email, Some("home"), "bjorn@example.se"),
        ],
        "the same number written twice is kept once"
    );
    assert_eq!(c.dates, [date("birthday", None, 7, 4)], "0000 is no year");
    let p = by_name(&store, "Plumber");
    assert_eq!(channels(&p), [(Phone, Some("work"), "+46 8 555 010 20")]);
}

#[test]
fn vcard_4_with_bom_lf_endings_tel_uri_and_data_uri_photo() {
    let mut store = Store::open_in_memory().unwrap();
    let plan = import(&mut store, "v4.vcf");
    assert_eq!(plan.created, 1);
    let c = by_name(&store, "Dana");
    assert_eq!(c.name, "Dana Whitfield");
    assert_eq!(c.company.as_deref(), Some("Whitfield & Sons"));
    assert_eq!(c.role.as_deref(), Some("Partner"));
    assert_eq!(c.notes, "Prefers calls after 5pm");
    assert_eq!(
        channels(&c),
        [
            (Email, Some("work"), "dana@whitfield.example.com"),
            (Phone, Some("mobile"), "+1-415-555-0142"),
            (Link, Some("work"), "https://whitfield.example.com/"),
        ]
    );
    assert_eq!(
        c.dates,
        [
            date("birthday", None, 3, 11),
            date("anniversary", Some(2018), 9, 9)
        ]
    );
    assert!(photos::get_photo(store.conn(), c.id).unwrap().is_some());
}

fn ch(kind: ChannelKind, label: Option<&str>, value: &str, types: &[&str]) -> Channel {
    Channel {
        kind,
        label: label.map(str::to_owned),
        value: value.into(),
        types: types.iter().map(|t| (*t).to_owned()).collect(),
    }
}

fn fields_left_out(plan: &ImportPlan) -> Vec<(u64, &str)> {
    plan.skipped
        .iter()
        .map(|s| (s.line, s.field.as_deref().unwrap_or("")))
        .collect()
}

#[test]
fn vcard_keeps_every_field_an_address_book_has() {
    let mut store = Store::open_in_memory().unwrap();
    let plan = import(&mut store, "faithful-3.0.vcf");
    assert_eq!(plan.created, 1);
    let c = by_name(&store, "Dr. John Stevenson");
    let parts = &c.name_parts;
    assert_eq!(
        [
            &parts.prefix,
            &parts.given,
            &parts.additional,
            &parts.family,
            &parts.suffix
        ],
        [
            &Some("Dr.".to_owned()),
            &Some("John".to_owned()),
            &Some("Philip, Paul".to_owned()),
            &Some("Stevenson".to_owned()),
            &Some("Jr., M.D.".to_owned())
        ]
    );
    assert_eq!(c.nickname.as_deref(), Some("Johnny"));
    assert_eq!(c.company.as_deref(), Some("ABC, Inc."));
    assert_eq!(
        c.department.as_deref(),
        Some("North American Division, Marketing")
    );
    assert_eq!(c.role.as_deref(), Some("Director of Research"));
    assert_eq!(
        c.titles,
        [
            Title {
                kind: TitleKind::Title,
                value: "Adjunct Professor".into()
            },
            Title {
                kind: TitleKind::Role,
                value: "Programmer".into()
            },
        ]
    );
    assert_faithful_channels(&c);
    assert_faithful_addresses(&c);
    assert_eq!(
        fields_left_out(&plan),
        [
            (1, "X-SOCIALPROFILE"),
            (1, "IMPP"),
            (1, "GEO"),
            (1, "TZ"),
            (1, "KEY"),
            (1, "X-ABRELATEDNAMES"),
            (1, "X-PHONETIC-LAST-NAME"),
            (1, "SOUND")
        ],
        "what Kith cannot keep is named, never dropped silently"
    );
    assert_eq!(plan.skipped[2].reason, "Kith does not keep this: left out");
}

/// Every email, phone and link of `faithful-3.0.vcf` with all its types.
fn assert_faithful_channels(c: &Contact) {
    assert_eq!(
        c.channels,
        [
            ch(
                Email,
                Some("work"),
                "john@abc.example.com",
                &["internet", "work", "pref"]
            ),
            ch(Email, None, "contact1@invalid", &["internet"]),
            ch(
                Phone,
                Some("work"),
                "+1-418-656-9254;ext=102",
                &["work", "voice", "pref"]
            ),
            ch(Phone, Some("mobile"), "1-800-FLOWERS", &["cell", "voice"]),
            ch(Phone, Some("home"), "+1 418 555 0199 x12", &["home"]),
            ch(
                Link,
                Some("linkedin"),
                "https://www.linkedin.com/in/jstevenson",
                &["linkedin"]
            ),
            ch(
                Link,
                Some("home"),
                "https://stevenson.example.net",
                &["home"]
            ),
        ]
    );
}

/// The two postal addresses of `faithful-3.0.vcf`, with their parts, label and types.
fn assert_faithful_addresses(c: &Contact) {
    let work = &c.addresses[0];
    assert_eq!(work.label.as_deref(), Some("Head office"));
    assert_eq!(work.types, ["work", "pref"]);
    assert_eq!(
        work.parts(),
        [
            &None,
            &Some("Suite 400".to_owned()),
            &Some("123 Main Street, Building B".to_owned()),
            &Some("Any Town".to_owned()),
            &Some("CA".to_owned()),
            &Some("91921-1234".to_owned()),
            &Some("U.S.A.".to_owned())
        ]
    );
    let home = &c.addresses[1];
    assert_eq!(
        (home.label.as_deref(), home.po_box.as_deref()),
        (Some("home"), Some("P.O. Box 7"))
    );
    assert_eq!(c.location.as_deref(), Some("Any Town, CA, U.S.A."));
}

#[test]
fn an_agent_card_is_not_a_contact_and_its_card_is_kept() {
    let mut store = Store::open_in_memory().unwrap();
    let plan = import(&mut store, "agent.vcf");
    assert_eq!(plan.created, 2, "{:?}", plan.items);
    assert_eq!(fields_left_out(&plan), [(1, "AGENT"), (16, "AGENT")]);
    let maja = by_name(&store, "Maja Lindqvist");
    assert_eq!(maja.company.as_deref(), Some("Nordlys AB"));
    assert_eq!(
        channels(&maja),
        [
            (Phone, Some("mobile"), "+46 70 555 01 99"),
            (Email, None, "maja@nordlys.example.se")
        ],
        "the lines after the embedded card belong to the outer card"
    );
    let tomas = by_name(&store, "Tomás Ferreira");
    assert_eq!(
        channels(&tomas),
        [(Email, Some("work"), "tomas@ferreira.example.pt")]
    );
    assert!(store.resolve_contact("Olle Berg").is_err());
    assert!(store.resolve_contact("Rita Assistant").is_err());
}

#[test]
fn vcard_lines_that_cannot_be_read_cost_only_themselves() {
    let mut store = Store::open_in_memory().unwrap();
    let plan = import(&mut store, "broken-line.vcf");
    assert_eq!(fields_left_out(&plan), [(6, "line"), (9, "line")]);
    let kofi = by_name(&store, "Kofi Mensah");
    assert_eq!(kofi.notes, "Met at the hackathon");
    assert_eq!(
        channels(&kofi),
        [
            (Phone, Some("mobile"), "+233 20 555 0147"),
            (Email, Some("work"), "kofi@accralabs.example.com")
        ]
    );

    let plan = import(&mut store, "grouped-envelope.vcf");
    assert_eq!(plan.created, 1);
    assert!(plan.skipped.is_empty(), "{:?}", plan.skipped);
    let layla = by_name(&store, "Layla Haddad");
    assert_eq!(
        channels(&layla),
        [
            (Email, Some("home"), "layla@haddad.example.org"),
            (Phone, Some("mobile"), "+961 3 555 012")
        ]
    );

    let plan = import(&mut store, "base64-2.1.vcf");
    assert!(plan.skipped.is_empty(), "{:?}", plan.skipped);
    let ada = by_name(&store, "Ada Okonkwo");
    let photo = photos::get_photo(store.conn(), ada.id).unwrap().unwrap();
    assert_eq!((photo.mime.as_str(), photo.data.len()), ("image/png", 69));
    assert_eq!(
        channels(&ada),
        [
            (Phone, Some("work"), "+234 1 555 0111"),
            (Email, None, "ada@okonkwo.example.ng")
        ],
        "the photo ends at the blank line"
    );
}

#[test]
fn vcard_charsets_quoted_printable_and_utf16() {
    let mut store = Store::open_in_memory().unwrap();
    let plan = import(&mut store, "charsets-2.1.vcf");
    let names: Vec<&str> = plan.items.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Antonín Dvořák",
            "Пётр Иванов",
            "Élodie Lefèvre",
            "Νίκος Παπαδόπουλος",
            "Łucja Wałęsa",
            "Ана Петровић",
            "Şükrü Güneş",
            "Jānis Bērziņš",
            "Lê Văn Đan",
            "Zoë Ødegaard",
            "Bjørn Ærø"
        ]
    );
    assert!(plan.notes.is_empty(), "{:?}", plan.notes);
    assert_eq!(by_name(&store, "Élodie").notes, "Prix 50 € (œuvre)");
    let walesa = by_name(&store, "Łucja");
    assert_eq!(walesa.name_parts.family.as_deref(), Some("Wałęsa"));
    assert_eq!(
        by_name(&store, "Пётр").name_parts.given.as_deref(),
        Some("Пётр")
    );

    let plan = import(&mut store, "qp-no-charset-cp1252.vcf");
    assert_eq!(plan.created, 1);
    assert!(plan.notes[0].contains("Windows-1252"), "{:?}", plan.notes);
    let j = by_name(&store, "Jürgen Müller");
    assert_eq!(j.company.as_deref(), Some("Café Zürich"));
    assert_eq!(j.notes, "Grüße – bis bald");

    for (file, name, email) in [
        ("utf16le-bom.vcf", "Märta Åberg", "marta@aberg.example.se"),
        ("utf16be-bom.vcf", "Jiří Čapek", "jiri@capek.example.cz"),
    ] {
        let plan = import(&mut store, file);
        assert_eq!(plan.created, 1, "{file}");
        let c = by_name(&store, name);
        assert_eq!(channels(&c), [(Email, None, email)]);
    }
}

#[test]
fn linkedin_connections_with_notes_preamble() {
    let mut store = Store::open_in_memory().unwrap();
    let plan = import(&mut store, "linkedin-connections.csv");
    assert_eq!(plan.format, ImportFormat::Linkedin);
    assert_eq!(
        (plan.created, plan.interactions),
        (3, 0),
        "a connection is not a conversation"
    );
    assert_eq!(
        skipped(&plan),
        [
            (7, Some("First Name")),
            (8, Some("Connected On")),
            (8, Some("email"))
        ]
    );
    let p = by_name(&store, "Priya Raman");
    assert_eq!(p.company.as_deref(), Some("Globex"));
    assert_eq!(p.role.as_deref(), Some("Staff Engineer"));
    assert_eq!(p.connected_on, NaiveDate::from_ymd_opt(2024, 1, 12));
    assert_eq!(p.met_on, None, "connecting is not meeting");
    assert_eq!(p.met_how.as_deref(), Some("LinkedIn"));
    assert_eq!(
        channels(&p),
        [
            (Email, None, "priya.raman@example.com"),
            (
                Link,
                Some("LinkedIn"),
                "https://www.linkedin.com/in/priyaraman"
            ),
        ]
    );
    assert_eq!(
        store.timeline(p.id, 10, 0).unwrap().total,
        0,
        "nothing logged: the timeline holds conversations only"
    );
    assert_eq!(p.last_interaction_at, None);
    let t = by_name(&store, "Tomás");
    assert_eq!(
        t.company.as_deref(),
        Some("Initech, Inc."),
        "a quoted comma"
    );
    let lea = by_name(&store, "Lea Weber");
    assert_eq!(lea.connected_on, None, "\"someday\" is not a date");
    assert_eq!(
        channels(&lea),
        [(
            Link,
            Some("LinkedIn"),
            "https://www.linkedin.com/in/leaweber"
        )]
    );
    assert_eq!(store.timeline(lea.id, 10, 0).unwrap().total, 0);
}

#[test]
fn google_contacts_csv() {
    let mut store = Store::open_in_memory().unwrap();
    let plan = import(&mut store, "google-contacts.csv");
    assert_eq!(plan.format, ImportFormat::Google);
    assert_eq!(plan.created, 2);
    assert_eq!(
        plan.items.iter().map(|i| i.line).collect::<Vec<_>>(),
        [2, 4],
        "the line of each record, past a note spanning two lines"
    );
    let m = by_name(&store, "Maya Patel");
    assert_eq!(m.company.as_deref(), Some("Northwind"));
    assert_eq!(m.role.as_deref(), Some("Data Scientist"));
    assert_eq!(m.location.as_deref(), Some("Bristol, United Kingdom"));
    assert_eq!(
        m.notes,
        "Volunteers at the food bank.\nAsk about her marathon."
    );
    assert_eq!(m.tags, ["Climbing"]);
    assert_eq!(m.dates, [date("birthday", Some(1990), 9, 21)]);
    assert_eq!(
        channels(&m),
        [
            (Email, Some("work"), "maya@patel.example.com"),
            (Email, Some("home"), "maya.p@example.org"),
            (Phone, Some("mobile"), "+44 7700 900123"),
            (Phone, Some("mobile"), "+44 20 7946 0958"),
            (Link, Some("blog"), "https://maya.example.org"),
        ]
    );
    let s = by_name(&store, "Sam Lee");
    assert_eq!(channels(&s), [(Email, Some("work"), "sam@lee.example.com")]);
    assert_eq!(s.dates, [date("birthday", None, 12, 25)]);
}

#[test]
fn semicolon_utf16_and_latin1_csv() {
    let mut store = Store::open_in_memory().unwrap();
    let plan = import(&mut store, "semicolon-linkedin.csv");
    assert_eq!(plan.created, 1);
    let h = by_name(&store, "Hélène Dubois");
    assert_eq!(h.company.as_deref(), Some("Société Générale"));
    assert_eq!(h.connected_on, NaiveDate::from_ymd_opt(2022, 5, 5));

    let plan = import(&mut store, "google-utf16.csv");
    assert_eq!(plan.notes, ["the file was read as UTF-16"]);
    let z = by_name(&store, "Zoë");
    assert_eq!(z.name, "Zoë Ødegaard");
    assert_eq!(z.company.as_deref(), Some("Fjord AS"));

    let plan = import(&mut store, "latin1-linkedin.csv");
    assert!(
        plan.notes[0].contains("read as Windows-1252"),
        "{:?}",
        plan.notes
    );
    let f = by_name(&store, "François");
    assert_eq!(f.name, "François Mâcon");
    assert_eq!(f.company.as_deref(), Some("Crème & Café"));
    assert_eq!(f.role.as_deref(), Some("Gérant"));
}

fn addr(label: &str, street: &str, locality: &str, postcode: &str, country: &str) -> Address {
    let opt = |s: &str| (!s.is_empty()).then(|| s.to_owned());
    Address {
        label: Some(label.into()),
        types: if label == "other" {
            Vec::new()
        } else {
            vec![label.to_owned()]
        },
        street: opt(street),
        locality: opt(locality),
        postcode: opt(postcode),
        country: opt(country),
        ..Address::default()
    }
}

fn skipped_fields(plan: &ImportPlan) -> Vec<(u64, &str, &str)> {
    plan.skipped
        .iter()
        .map(|s| {
            (
                s.line,
                s.field.as_deref().unwrap_or(""),
                s.name.as_deref().unwrap_or(""),
            )
        })
        .collect()
}

#[test]
fn outlook_csv_english() {
    let mut store = Store::open_in_memory().unwrap();
    let plan = import(&mut store, "outlook-en.csv");
    assert_eq!(plan.format, ImportFormat::Outlook);
    assert_eq!(plan.created, 3);
    assert_eq!(
        plan.items.iter().map(|i| i.line).collect::<Vec<_>>(),
        [2, 5, 6],
        "the first record spans three lines (a two-line street, a two-line note)"
    );
    assert_eq!(
        skipped_fields(&plan),
        [
            (2, "Spouse", "Dr. Anna Maria Schmidt PhD"),
            (5, "Gender", "Bob Lee")
        ],
        "{:?}",
        plan.skipped
    );
    assert!(plan.skipped[0].reason.contains("Tom Schmidt"));
    let a = by_name(&store, "Dr. Anna Maria Schmidt PhD");
    assert_eq!(a.name, "Dr. Anna Maria Schmidt PhD");
    assert_eq!(
        a.name_parts,
        NameParts {
            prefix: Some("Dr.".into()),
            given: Some("Anna".into()),
            additional: Some("Maria".into()),
            family: Some("Schmidt".into()),
            suffix: Some("PhD".into()),
        }
    );
    assert_eq!(a.company.as_deref(), Some("Globex Corporation"));
    assert_eq!(a.department.as_deref(), Some("Research"));
    assert_eq!(a.role.as_deref(), Some("Head of Data"));
    assert_eq!(
        a.titles,
        [Title {
            kind: TitleKind::Role,
            value: "Statistician".into()
        }]
    );
    assert_eq!(a.met_how.as_deref(), Some("referred by Priya Raman"));
    assert_eq!(
        channels(&a),
        [
            (Phone, Some("work fax"), "+1 415 555 0109"),
            (Phone, Some("work"), "+1 415 555 0100"),
            (Phone, Some("work"), "+1 415 555 0101"),
            (Phone, Some("home"), "+1 510 555 0199"),
            (Phone, Some("mobile"), "+1 415 555 0142"),
            (Email, None, "anna.schmidt@globex.example.com"),
            (Email, None, "anna@schmidt.example.org"),
            (Link, None, "https://globex.example.com/anna"),
        ]
    );
    let mut work = addr(
        "work",
        "500 Market Street",
        "San Francisco",
        "94105",
        "United States",
    );
    work.extended = Some("Suite 1200".into());
    work.region = Some("CA".into());
    let mut home = addr("home", "12 Oak Lane", "Oakland", "94611", "United States");
    home.region = Some("CA".into());
    assert_eq!(a.addresses, [work, home]);
    assert_eq!(a.location.as_deref(), Some("San Francisco, United States"));
    assert_eq!(
        a.dates,
        [date("birthday", Some(1988), 3, 14)],
        "0/0/00 is no anniversary"
    );
    assert_eq!(a.tags, ["Conference", "Data Science"]);
    assert_eq!(
        a.notes,
        "Met at Strata 2023.\nInterested in graph databases."
    );

    let b = by_name(&store, "Bob Lee");
    assert_eq!(b.company.as_deref(), Some("Initech, Inc."));
    assert_eq!(b.dates, [date("birthday", Some(1975), 7, 4)], "US order");
    assert_eq!(
        channels(&b),
        [
            (Phone, Some("mobile"), "+44 7700 900123"),
            (Phone, Some("other"), "+353 1 555 0000"),
            (Email, None, "bob@initech.example.com"),
        ]
    );
    assert_eq!(
        b.addresses,
        [addr("other", "1 Quay Street", "Dublin", "", "Ireland")]
    );

    let acme = by_name(&store, "Acme Supplies");
    assert_eq!(
        acme.company.as_deref(),
        Some("Acme Supplies"),
        "no name: the company"
    );
    assert!(acme.dates.is_empty(), "1/1/1601 is Outlook's none");
}

#[test]
fn outlook_csv_german_semicolons_windows_1252() {
    let mut store = Store::open_in_memory().unwrap();
    let plan = import(&mut store, "outlook-de-semicolon-1252.csv");
    assert_eq!(plan.format, ImportFormat::Outlook);
    assert!(plan.notes[0].contains("Windows-1252"), "{:?}", plan.notes);
    assert_eq!(plan.created, 2);
    assert_eq!(
        skipped_fields(&plan),
        [
            (4, "Kinder", "Françoise Lefèvre"),
            (4, "E-Mail: Angezeigter Name", "Françoise Lefèvre")
        ],
        "{:?}",
        plan.skipped
    );
    let j = by_name(&store, "Herr Jürgen Müller");
    assert_eq!(j.name, "Herr Jürgen Müller");
    assert_eq!(j.name_parts.prefix.as_deref(), Some("Herr"));
    assert_eq!(j.company.as_deref(), Some("Müller & Söhne GmbH"));
    assert_eq!(j.department.as_deref(), Some("Vertrieb"));
    assert_eq!(j.role.as_deref(), Some("Geschäftsführer"));
    assert_eq!(
        channels(&j),
        [
            (Phone, Some("work fax"), "+49 711 5550109"),
            (Phone, Some("work"), "+49 711 5550100"),
            (Phone, Some("mobile"), "+49 171 5550123"),
            (Email, None, "j.mueller@muellersoehne.example.de"),
            (Link, None, "www.muellersoehne.example.de"),
        ]
    );
    assert_eq!(
        j.addresses,
        [addr(
            "work",
            "Königstraße 12",
            "Stuttgart",
            "70173",
            "Deutschland"
        )]
    );
    assert_eq!(
        j.dates,
        [date("birthday", Some(1968), 3, 14)],
        "14.03.1968; 0.0.00 is none"
    );
    assert_eq!(j.tags, ["Kunden", "Messe 2024"]);
    assert_eq!(j.notes, "Mag Fußball.\nSpricht kein Englisch.");
    let f = by_name(&store, "Françoise");
    assert_eq!(
        f.addresses,
        [addr(
            "home",
            "3 rue de Rivoli",
            "Paris",
            "75001",
            "Frankreich"
        )]
    );
    assert_eq!(channels(&f)[0], (Phone, Some("home"), "+33 1 55 55 01 01"));
}

#[test]
fn thunderbird_csv_english() {
    let mut store = Store::open_in_memory().unwrap();
    let plan = import(&mut store, "thunderbird-en.csv");
    assert_eq!(plan.format, ImportFormat::Thunderbird);
    assert_eq!(plan.created, 3);
    assert_eq!(
        skipped_fields(&plan),
        [
            (2, "Screen Name", "Priya Raman"),
            (2, "Custom 1", "Priya Raman"),
            (5, "Birth Year", "Kim Ode"),
        ],
        "{:?}",
        plan.skipped
    );
    let p = by_name(&store, "Priya Raman");
    assert_eq!(p.nickname.as_deref(), Some("Pri"));
    assert_eq!(p.name_parts.given.as_deref(), Some("Priya"));
    assert_eq!(p.name_parts.family.as_deref(), Some("Raman"));
    assert_eq!(p.company.as_deref(), Some("Globex"));
    assert_eq!(p.department.as_deref(), Some("Platform"));
    assert_eq!(p.role.as_deref(), Some("Staff Engineer"));
    assert_eq!(
        channels(&p),
        [
            (Email, None, "priya@raman.example.com"),
            (Email, None, "priya.raman@globex.example.com"),
            (Phone, Some("work"), "+1 206 555 0100"),
            (Phone, Some("fax"), "+1 206 555 0109"),
            (Phone, Some("mobile"), "+1 206 555 0142"),
            (Link, Some("work"), "https://globex.example.com"),
            (Link, Some("home"), "https://priya.example.org"),
        ]
    );
    let mut home = addr("home", "221 Pine Street", "Seattle", "98101", "USA");
    home.extended = Some("Apt 4B".into());
    home.region = Some("WA".into());
    let mut work = addr("work", "400 Broad Street", "Seattle", "98109", "USA");
    work.region = Some("WA".into());
    assert_eq!(p.addresses, [home, work]);
    assert_eq!(p.dates, [date("birthday", Some(1990), 9, 21)]);
    assert_eq!(p.notes, "Loves bouldering.\nAsk about her talk.");
    let s = by_name(&store, "Sam Lee");
    assert_eq!(s.dates, [date("birthday", None, 12, 25)], "no year");
    assert_eq!(channels(&s)[1], (Phone, Some("home"), "+1 312 555 0123"));
    assert!(by_name(&store, "Kim Ode").dates.is_empty());
}

// Windows code pages --------------------------------------------------------------------------

/// Imports a fixture that is not UTF-8 and checks the note names the code page it was read in.
fn import_code_page(store: &mut Store, name: &str, code_page: &str) -> ImportPlan {
    let plan = import(store, name);
    assert!(
        plan.notes
            .iter()
            .any(|n| n.contains(&format!("read as {code_page}"))),
        "{name}: {:?}",
        plan.notes
    );
    plan
}

#[test]
fn outlook_csv_in_windows_1250_reads_czech_and_polish_names() {
    let mut store = Store::open_in_memory().unwrap();
    let plan = import_code_page(&mut store, "outlook-cs-pl-1250.csv", "Windows-1250");
    assert_eq!(plan.format, ImportFormat::Outlook);
    assert_eq!(plan.created, 4, "{:?}", plan.skipped);
    let a = by_name(&store, "Antonín Dvořák");
    assert_eq!(a.company.as_deref(), Some("Dvořák a syn s.r.o."));
    assert_eq!(a.role.as_deref(), Some("Jednatel"));
    assert_eq!(
        a.addresses,
        [addr(
            "work",
            "Václavské náměstí 12",
            "Praha",
            "110 00",
            "Česká republika"
        )]
    );
    assert_eq!(
        a.notes,
        "Potkali jsme se na veletrhu v Brně; příští schůzka v úterý."
    );
    assert_eq!(a.tags, ["Dodavatelé"]);
    let j = by_name(&store, "Jiří Šťastný");
    assert_eq!(j.company.as_deref(), Some("Šťastný & Růžička"));
    assert_eq!(j.addresses[0].street.as_deref(), Some("Žižkova 7"));
    let l = by_name(&store, "Łukasz Żółw");
    assert_eq!(
        (
            l.name_parts.given.as_deref(),
            l.name_parts.family.as_deref()
        ),
        (Some("Łukasz"), Some("Żółw"))
    );
    assert_eq!(l.company.as_deref(), Some("Wytwórnia Łódź Sp. z o.o."));
    assert_eq!(l.role.as_deref(), Some("Kierownik sprzedaży"));
    assert_eq!(
        l.notes,
        "Zna świetną księgarnię przy rynku; pyta o współpracę."
    );
    let m = by_name(&store, "Małgorzata Wójcik-Ślęzak");
    assert_eq!(m.tags, ["Przyjaciele"]);
    assert_eq!(m.addresses[0].locality.as_deref(), Some("Kraków"));
    let again = import(&mut store, "outlook-cs-pl-1250.csv");
    assert_eq!(
        (again.created, again.merged),
        (0, 0),
        "read the same way again"
    );
}

#[test]
fn outlook_csv_in_windows_1251_reads_cyrillic_names() {
    let mut store = Store::open_in_memory().unwrap();
    let plan = import_code_page(&mut store, "outlook-ru-1251.csv", "Windows-1251");
    assert_eq!(plan.created, 2, "{:?}", plan.skipped);
    let s = by_name(&store, "Сергей Петрович Иванов");
    assert_eq!(s.name_parts.additional.as_deref(), Some("Петрович"));
    assert_eq!(s.company.as_deref(), Some("ООО «Ромашка»"));
    assert_eq!(s.department.as_deref(), Some("Отдел продаж"));
    assert_eq!(s.addresses[0].street.as_deref(), Some("ул. Тверская, д. 7"));
    assert_eq!(s.addresses[0].locality.as_deref(), Some("Москва"));
    assert_eq!(
        s.notes,
        "Любит шахматы; познакомились на конференции в Казани."
    );
    let o = by_name(&store, "Ольга Петренко");
    assert_eq!(o.company.as_deref(), Some("Київстар"));
    assert_eq!(o.role.as_deref(), Some("Інженерка"));
    assert_eq!(o.addresses[0].locality.as_deref(), Some("Київ"));
}

#[test]
fn a_windows_1252_file_is_still_read_as_windows_1252() {
    let mut store = Store::open_in_memory().unwrap();
    import_code_page(&mut store, "outlook-de-semicolon-1252.csv", "Windows-1252");
    let j = by_name(&store, "Herr Jürgen Müller");
    assert_eq!(j.addresses[0].street.as_deref(), Some("Königstraße 12"));
    import_code_page(&mut store, "latin1-linkedin.csv", "Windows-1252");
}

#[test]
fn vcard_2_1_in_windows_1250_without_a_charset_reads_its_quoted_printable_too() {
    let mut store = Store::open_in_memory().unwrap();
    let plan = import_code_page(&mut store, "outlook-cs-pl-1250-2.1.vcf", "Windows-1250");
    assert_eq!(plan.created, 3, "{:?}", plan.skipped);
    let a = by_name(&store, "Antonín Dvořák");
    assert_eq!(a.company.as_deref(), Some("Dvořák a syn s.r.o."));
    assert_eq!(
        a.notes, "Příští schůzka v úterý.\nVšechno v pořádku.",
        "quoted-printable without a CHARSET, in the file's code page"
    );
    assert_eq!(
        a.addresses[0].street.as_deref(),
        Some("Václavské náměstí 12")
    );
    let l = by_name(&store, "Łukasz Żółw");
    assert_eq!(l.name_parts.family.as_deref(), Some("Żółw"));
    assert_eq!(l.company.as_deref(), Some("Wytwórnia Łódź Sp. z o.o."));
    let j = by_name(&store, "Jiří Šťastný");
    assert_eq!(j.notes, "Hraje na violoncello, učí děti.");
}

#[test]
fn vcard_2_1_quoted_printable_soft_line_breaks_with_crlf() {
    let mut store = Store::open_in_memory().unwrap();
    let plan = import(&mut store, "android-qp-softbreaks-2.1.vcf");
    assert!(plan.notes.is_empty(), "all UTF-8: {:?}", plan.notes);
    assert_eq!(plan.created, 4, "{:?}", plan.skipped);
    let names: Vec<String> = plan.items.iter().map(|i| i.name.clone()).collect();
    assert_eq!(
        names,
        [
            "Jürgen Groß",
            "Олег Зорський",
            "John Doe",
            "김민준 (Min-jun Kim)"
        ],
        "a soft break inside a character, and before the last word, joins without a trace"
    );
    let o = by_name(&store, "Олег Зорський");
    assert_eq!(o.notes, "Познайомилися у Львові.\nГрає на бандурі.");
}

#[test]
fn thunderbird_csv_german_tabs_and_french_utf16() {
    let mut store = Store::open_in_memory().unwrap();
    let plan = import(&mut store, "thunderbird-de-tab.csv");
    assert_eq!(plan.format, ImportFormat::Thunderbird);
    assert_eq!(
        (plan.created, plan.skipped.len()),
        (2, 0),
        "{:?}",
        plan.skipped
    );
    let j = by_name(&store, "Jörg Weiß");
    assert_eq!(j.nickname.as_deref(), Some("Jöre"));
    assert_eq!(j.company.as_deref(), Some("Beispiel AG"));
    assert_eq!(j.department.as_deref(), Some("IT"));
    assert_eq!(j.role.as_deref(), Some("Projektleiter"));
    assert_eq!(
        channels(&j),
        [
            (Email, None, "joerg@weiss.example.de"),
            (Phone, Some("work"), "+49 30 5550100"),
            (Phone, Some("mobile"), "+49 160 5550199"),
            (Link, Some("work"), "https://beispiel.example.de"),
        ]
    );
    assert_eq!(
        j.addresses,
        [
            addr("home", "Hauptstraße 5", "Berlin", "10115", "Deutschland"),
            addr("work", "Alexanderplatz 1", "Berlin", "10178", ""),
        ]
    );
    assert_eq!(
        j.dates,
        [date("birthday", Some(1979), 5, 17)],
        "Geburtstag is the day"
    );
    assert_eq!(j.notes, "Trinkt keinen Kaffee.");

    let plan = import(&mut store, "thunderbird-fr-utf16.csv");
    assert_eq!(plan.format, ImportFormat::Thunderbird);
    assert_eq!(plan.notes, ["the file was read as UTF-16"]);
    assert_eq!(
        (plan.created, plan.skipped.len()),
        (1, 0),
        "{:?}",
        plan.skipped
    );
    let h = by_name(&store, "Hélène Dubois");
    assert_eq!(h.nickname.as_deref(), Some("Lène"));
    assert_eq!(h.company.as_deref(), Some("Studio Lumière"));
    assert_eq!(h.department.as_deref(), Some("Création"));
    assert_eq!(h.role.as_deref(), Some("Directrice artistique"));
    let mut home = addr("home", "12 rue des Lilas", "Lyon", "69003", "France");
    home.region = Some("Auvergne-Rhône-Alpes".into());
    assert_eq!(
        h.addresses,
        [
            home,
            addr("work", "1 place Bellecour", "Lyon", "69002", "France")
        ],
        "\"Ville\" and \"Code postal\" twice: home, then work"
    );
    assert_eq!(
        channels(&h),
        [
            (Email, None, "helene@dubois.example.fr"),
            (Phone, Some("work"), "+33 1 55 55 02 02"),
            (Phone, Some("mobile"), "+33 6 55 55 03 03"),
            (Link, Some("work"), "https://studio-lumiere.example.fr"),
        ]
    );
    assert_eq!(h.dates, [date("birthday", Some(1984), 11, 2)]);
}

#[test]
fn outlook_and_thunderbird_need_their_own_format() {
    let mut store = Store::open_in_memory().unwrap();
    let bytes = std::fs::read(fixture("thunderbird-en.csv")).unwrap();
    let err = store
        .import(
            &bytes,
            ImportFormat::Outlook,
            "t.csv",
            now(),
            &mut |_, _| {},
        )
        .unwrap_err();
    assert!(err.to_string().contains("--format thunderbird"), "{err}");
    // A hand-made CSV with a few Outlook columns reads when the user says it is Outlook.
    let plan = import_bytes(
        &mut store,
        b"First Name;Last Name;E-mail Address\nAda;Lovelace;ada@example.org\n",
        ImportFormat::Outlook,
    );
    assert_eq!(plan.created, 1);
    let a = by_name(&store, "Ada Lovelace");
    assert_eq!(channels(&a), [(Email, None, "ada@example.org")]);
}

const ALL_FIXTURES: &[&str] = &[
    "google.vcf",
    "apple.vcf",
    "outlook-2.1.vcf",
    "android-2.1.vcf",
    "v4.vcf",
    "linkedin-connections.csv",
    "google-contacts.csv",
    "semicolon-linkedin.csv",
    "google-utf16.csv",
    "latin1-linkedin.csv",
];

/// Outlook and Thunderbird address books (every field an address book has: addresses, the
/// parts of names, titles).
const ADDRESS_BOOK_FIXTURES: &[&str] = &[
    "outlook-en.csv",
    "outlook-de-semicolon-1252.csv",
    "thunderbird-en.csv",
    "thunderbird-de-tab.csv",
    "thunderbird-fr-utf16.csv",
];

#[test]
fn importing_every_fixture_again_creates_nothing() {
    let mut store = Store::open_in_memory().unwrap();
    let every = || ALL_FIXTURES.iter().chain(ADDRESS_BOOK_FIXTURES);
    for f in every() {
        import(&mut store, f);
    }
    let (contacts, interactions, channels) = (
        count(&store, "contact"),
        count(&store, "interaction"),
        count(&store, "contact_channel"),
    );
    // 11 address-book records, 3 of them people of the other fixtures (same name with the
    // same email or company); two more share a phone with someone of another name (Dana
    // Whitfield's, Maya Patel's): possibly the same, so created, for the person to decide.
    assert_eq!(contacts, 23);
    for f in every() {
        let plan = import(&mut store, f);
        assert_eq!(
            (plan.created, plan.merged, plan.interactions),
            (0, 0, 0),
            "{f}: {plan:?}"
        );
        assert!(plan.items.iter().all(|i| i.action == PlanAction::Skip));
    }
    assert_eq!(count(&store, "contact"), contacts);
    assert_eq!(count(&store, "interaction"), interactions);
    assert_eq!(count(&store, "contact_channel"), channels);
}

// Duplicates ---------------------------------------------------------------------------------

#[test]
fn duplicates_merge_within_the_file_and_with_the_database() {
    let mut store = Store::open_in_memory().unwrap();
    let existing = store
        .add_contact(
            ContactInput {
                name: "Ana Ruiz".into(),
                channels: vec![Channel {
                    kind: Phone,
                    label: None,
                    value: "+44 20 7946 0958".into(),
                    types: Vec::new(),
                }],
                notes: "Old friend".into(),
                ..Default::default()
            },
            now(),
        )
        .unwrap();
    let named = store
        .add_contact(
            ContactInput {
                name: "Bo Chen".into(),
                company: Some("Globex".into()),
                ..Default::default()
            },
            now(),
        )
        .unwrap();
    let vcf = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana R.\r\nTEL:020 7946 0958\r\nEMAIL:ana@x.example.com\r\nEND:VCARD\r\n\
               BEGIN:VCARD\r\nVERSION:3.0\r\nFN:bo  chen\r\nORG:GLOBEX\r\nTITLE:CTO\r\nEND:VCARD\r\n\
               BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Cy Diaz\r\nEMAIL:cy@diaz.example.com\r\nEND:VCARD\r\n\
               BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Cy Díaz\r\nEMAIL:CY@diaz.example.com\r\nTEL:+1 212 555 0100\r\nEND:VCARD\r\n\
               BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bo Chen\r\nEND:VCARD\r\n";
    let preview = store
        .plan_import(vcf.as_bytes(), ImportFormat::Vcard, "f.vcf", now())
        .unwrap();
    assert_eq!(count(&store, "contact"), 2, "a preview writes nothing");
    let plan = import_bytes(&mut store, vcf.as_bytes(), ImportFormat::Vcard);
    assert_eq!(
        preview.items, plan.items,
        "the preview is what the import does"
    );
    let summary: Vec<(u64, PlanAction, &str)> = plan
        .items
        .iter()
        .map(|i| (i.line, i.action, i.reason.as_str()))
        .collect();
    assert_eq!(
        summary,
        [
            (
                1,
                PlanAction::Merge,
                "same person as Ana Ruiz (id 1): same phone 02079460958; R. is an initial of Ruiz"
            ),
            (
                7,
                PlanAction::Merge,
                "same person as Bo Chen (id 2): same name bo chen; same company GLOBEX (GLOBEX / Globex)"
            ),
            (13, PlanAction::Create, "not in Kith yet"),
            (
                18,
                PlanAction::Merge,
                "same person as line 13 (Cy Diaz) of this file: same email cy@diaz.example.com; same name Cy Díaz"
            ),
            (
                24,
                PlanAction::Create,
                "not merged: possibly Bo Chen (id 2) — same name Bo Chen; check before merging"
            ),
        ],
        "Bo Chen without a company is not merged into Bo Chen of Globex: the person decides"
    );
    assert!(plan.items[4].possible && !plan.items[0].possible);
    assert_eq!(plan.items[0].changes, ["email ana@x.example.com"]);
    assert_eq!(plan.items[1].changes, ["role CTO"]);
    assert_eq!(plan.items[3].changes, ["phone +1 212 555 0100"]);
    let ana = store.get_contact(existing.id).unwrap();
    assert_eq!(ana.name, "Ana Ruiz", "a merge never overwrites");
    assert_eq!(ana.notes, "Old friend");
    assert_eq!(channels(&ana).len(), 2);
    assert_eq!(
        store.get_contact(named.id).unwrap().role.as_deref(),
        Some("CTO")
    );
    let cy = by_name(&store, "Cy Diaz");
    assert_eq!(
        channels(&cy),
        [
            (Email, None, "cy@diaz.example.com"),
            (Phone, None, "+1 212 555 0100")
        ]
    );
    assert_eq!(count(&store, "contact"), 4);
}

#[test]
fn an_import_is_all_or_nothing() {
    let mut store = Store::open_in_memory().unwrap();
    store
        .conn()
        .execute_batch(
            "CREATE TEMP TRIGGER boom BEFORE INSERT ON contact
             WHEN (SELECT count(*) FROM contact) >= 3 BEGIN SELECT RAISE(ABORT, 'disk full'); END;",
        )
        .unwrap();
    let bytes = std::fs::read(fixture("linkedin-connections.csv")).unwrap();
    let mut vcf = std::fs::read(fixture("google.vcf")).unwrap();
    vcf.extend(std::fs::read(fixture("android-2.1.vcf")).unwrap());
    let err = store
        .import(&vcf, ImportFormat::Vcard, "f", now(), &mut |_, _| {})
        .unwrap_err();
    assert!(err.to_string().contains("disk full"), "{err}");
    assert_eq!(count(&store, "contact"), 0);
    assert_eq!(count(&store, "contact_channel"), 0);
    // After the failure the store still works.
    store.conn().execute_batch("DROP TRIGGER boom").unwrap();
    let plan = import_bytes(&mut store, &bytes, ImportFormat::Linkedin);
    assert_eq!(plan.created, 3);
}

#[test]
fn a_broken_card_costs_only_its_broken_part() {
    let vcf = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana Ruiz\r\nthis line is junk\r\nEMAIL:ana@x.example.com\r\nEND:VCARD\r\n\
               BEGIN:VCARD\r\nVERSION:3.0\r\nEMAIL:no-name@x.example.com\r\nEND:VCARD\r\n\
               BEGIN:VCARD\r\nVERSION:3.0\r\nN:;;;;\r\nTEL:12\r\nEND:VCARD\r\n\
               BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bo Chen\r\nBDAY:next tuesday\r\nEND:VCARD\r\n\
               BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Cut Short\r\n";
    let mut store = Store::open_in_memory().unwrap();
    let plan = import_bytes(&mut store, vcf.as_bytes(), ImportFormat::Vcard);
    let left_out: Vec<(u64, Option<&str>, &str)> = plan
        .skipped
        .iter()
        .map(|s| (s.line, s.field.as_deref(), s.reason.as_str()))
        .collect();
    assert_eq!(
        left_out,
        [
            (
                4,
                Some("line"),
                "\"this line is junk\" is not a vCard property: ignored"
            ),
            (
                11,
                Some("FN"),
                "the card has no name, company or email address: skipped"
            ),
            (16, Some("BDAY"), "\"next tuesday\" is not a date: left out"),
            (
                21,
                None,
                "the card has no END:VCARD line (the file may be cut short)"
            ),
        ]
    );
    let names: Vec<String> = plan.items.iter().map(|i| i.name.clone()).collect();
    assert_eq!(
        names,
        ["Ana Ruiz", "no-name@x.example.com", "Bo Chen"],
        "an email is a name of last resort"
    );
    assert_eq!(
        channels(&by_name(&store, "Ana Ruiz")),
        [(Email, None, "ana@x.example.com")]
    );
}

#[test]
fn a_wrong_format_or_a_binary_file_is_refused_clearly() {
    let mut store = Store::open_in_memory().unwrap();
    let bytes = std::fs::read(fixture("google-contacts.csv")).unwrap();
    let err = store
        .import(
            &bytes,
            ImportFormat::Linkedin,
            "g.csv",
            now(),
            &mut |_, _| {},
        )
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "g.csv: this looks like a Google Contacts CSV, not LinkedIn: import it with --format google"
    );
    let err = store
        .import(
            b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR",
            ImportFormat::Vcard,
            "p.vcf",
            now(),
            &mut |_, _| {},
        )
        .unwrap_err();
    assert!(err.to_string().contains("not a text file"), "{err}");
}

// Round trips -----------------------------------------------------------------------------

fn rich_store() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    for f in ALL_FIXTURES.iter().chain(ADDRESS_BOOK_FIXTURES) {
        import(&mut store, f);
    }
    let ana = by_name(&store, "Ana Ruiz");
    let mut input = ContactInput::from_contact(&ana);
    input.circle = Some(Circle::Close);
    input.cadence_days = Some(21);
    input.met_how = Some("Design meetup; she gave a talk, on kerning".into());
    input.met_on = NaiveDate::from_ymd_opt(2019, 5, 2);
    input.interests = vec!["Typography".into(), "Climbing".into()];
    input.tags.push("met, 2019".into());
    input.dates.push(ImportantDate {
        label: "wedding".into(),
        year: Some(2021),
        month: 6,
        day: 12,
        recurring: false,
    });
    input
        .notes
        .push_str("\nBackslash \\ semicolon ; comma , done.");
    // Every field of an address book, and the corners vCard has no direct place for.
    input.name_parts = NameParts {
        prefix: Some("Dr.".into()),
        given: Some("Ana".into()),
        additional: Some("María, José".into()),
        family: Some("Ruiz".into()),
        suffix: Some("PhD".into()),
    };
    input.nickname = Some("Anita, la jefa".into());
    input.department = Some("Design; Research".into());
    input.titles = vec![
        Title {
            kind: TitleKind::Role,
            value: "Mentor".into(),
        },
        Title {
            kind: TitleKind::Title,
            value: "Board member, advisor".into(),
        },
    ];
    input.addresses = vec![
        Address {
            label: Some("Summer house".into()),
            types: vec!["home".into(), "pref".into()],
            po_box: Some("PO 7".into()),
            street: Some("Calle Mayor 1; 2º".into()),
            locality: Some("Madrid".into()),
            postcode: Some("28013".into()),
            country: Some("Spain".into()),
            ..Address::default()
        },
        Address {
            types: vec!["work".into()],
            street: Some("Gran Vía 5".into()),
            ..Address::default()
        },
    ];
    input.connected_on = NaiveDate::from_ymd_opt(2020, 1, 10);
    input.channels.extend([
        ch(
            Phone,
            Some("work"),
            "+34 91 555 0100;ext=12",
            &["work", "voice"],
        ),
        ch(Email, None, "ana@intranet", &["work"]),
        ch(Phone, Some("mobile"), "1-800-FLOWERS", &[]),
        ch(Link, Some("Blog"), "https://blog.example.com", &["x-blog"]),
    ]);
    store.update_contact(ana.id, input, now()).unwrap();
    let bo = by_name(&store, "Bo Chen");
    let mut input = ContactInput::from_contact(&bo);
    input.role = None;
    input.titles = vec![Title {
        kind: TitleKind::Title,
        value: "Volunteer".into(),
    }];
    input.location = Some("Brooklyn".into());
    store.update_contact(bo.id, input, now()).unwrap();
    store.set_archived(bo.id, true, now()).unwrap();
    let chidi = by_name(&store, "Dr. Chidi");
    let mut input = ContactInput::from_contact(&chidi);
    input.location = None;
    input.addresses = vec![Address {
        locality: Some("Lagos".into()),
        ..Address::default()
    }];
    store.update_contact(chidi.id, input, now()).unwrap();
    store
}

fn inputs(store: &Store) -> Vec<ContactInput> {
    let q = ContactQuery {
        include_archived: true,
        limit: 1000,
        ..Default::default()
    };
    store
        .list_contacts(&q)
        .unwrap()
        .items
        .iter()
        .map(|s| {
            let mut c = ContactInput::from_contact(&store.get_contact(s.id).unwrap());
            c.channels.sort_by(|a, b| a.value.cmp(&b.value));
            c
        })
        .collect()
}

#[test]
fn vcard_export_imports_back_unchanged() {
    let mut store = rich_store();
    let (bytes, n) = store.export(ExportFormat::Vcard, None, now()).unwrap();
    assert_eq!(n, 23);
    let text = String::from_utf8(bytes.clone()).unwrap();
    assert!(text.lines().all(|l| l.len() <= 76), "folded at 75 octets");
    assert!(text.contains("X-KITH-CIRCLE:close\r\n"));

    let before = (count(&store, "contact"), count(&store, "contact_channel"));
    let plan = import_bytes(&mut store, &bytes, ImportFormat::Vcard);
    assert_eq!(
        (plan.created, plan.merged, plan.unchanged),
        (0, 0, 23),
        "{:?}",
        plan.items
    );
    assert_eq!(
        before,
        (count(&store, "contact"), count(&store, "contact_channel"))
    );

    let mut fresh = Store::open_in_memory().unwrap();
    let plan = import_bytes(&mut fresh, &bytes, ImportFormat::Vcard);
    assert_eq!(plan.created, 23);
    assert!(plan.skipped.is_empty(), "{:?}", plan.skipped);
    let mut want = inputs(&store);
    let mut got = inputs(&fresh);
    // Who introduced whom links two contacts of one database: a vCard does not carry it.
    for c in want.iter_mut().chain(got.iter_mut()) {
        c.introduced_by = None;
    }
    assert_eq!(got, want);
    let ana = by_name(&fresh, "Ana Ruiz");
    let chidi = by_name(&fresh, "Dr. Chidi");
    assert!(photos::get_photo(fresh.conn(), chidi.id).unwrap().is_some());
    assert_eq!(ana.interests, ["Climbing", "Typography"]);
}

#[test]
fn exporting_selected_contacts() {
    let store = rich_store();
    let ana = by_name(&store, "Ana Ruiz");
    let (bytes, n) = store
        .export(ExportFormat::Vcard, Some(&[ana.id]), now())
        .unwrap();
    assert_eq!(n, 1);
    assert_eq!(
        String::from_utf8(bytes)
            .unwrap()
            .matches("BEGIN:VCARD")
            .count(),
        1
    );
}

/// Every data table of `store`, each row as its values, in rowid (or primary key) order.
fn dump(store: &Store) -> Vec<(String, Vec<Vec<Value>>)> {
    let conn = store.conn();
    let tables = kith::store::dump::data_tables(conn).unwrap();
    assert!(tables.contains(&"contact".to_owned()) && tables.contains(&"reminder".to_owned()));
    assert!(!tables.iter().any(|t| t.starts_with("search_index")));
    tables
        .into_iter()
        .map(|t| {
            let (cols, order) = kith::store::dump::table_shape(conn, &t).unwrap();
            let mut stmt = conn
                .prepare(&format!("SELECT * FROM \"{t}\" ORDER BY {order}"))
                .unwrap();
            let rows = stmt
                .query_map([], |r| {
                    (0..cols.len()).map(|i| r.get::<_, Value>(i)).collect()
                })
                .unwrap()
                .collect::<rusqlite::Result<Vec<Vec<Value>>>>()
                .unwrap();
            (t, rows)
        })
        .collect()
}

fn full_store() -> Store {
    let mut store = rich_store();
    store
        .seed(
            kith::ops::SeedOptions {
                contacts: 40,
                interactions: 200,
                seed: 7,
            },
            now(),
        )
        .unwrap();
    let ana = by_name(&store, "Ana Ruiz");
    let maya = by_name(&store, "Maya Patel");
    let me = store.me(now()).unwrap();
    let ask = store
        .add_ask(
            NewAsk {
                contact_id: ana.id,
                kind: AskKind::Need,
                text: "A typographer for a book".into(),
                interests: vec!["Typography".into()],
            },
            now(),
        )
        .unwrap();
    store
        .log_interaction(
            NewInteraction {
                participants: vec![ana.id, maya.id],
                kind: InteractionKind::Meeting,
                occurred_at: now() - chrono::Duration::days(3),
                has_time: true,
                summary: "Coffee".into(),
                notes: "Talked about books".into(),
                initiated_by: None,
                quality: Some(4),
                help: vec![HelpInput {
                    giver: me.id,
                    receiver: ana.id,
                    text: "Introduced a typographer".into(),
                    ask_id: Some(ask.id),
                }],
                follow_up: Some(FollowUp {
                    due_on: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
                    text: "Send the article".into(),
                    contact: None,
                    by: Default::default(),
                }),
            },
            now(),
        )
        .unwrap();
    store.merge_interests("Climbing", "Typography").unwrap();
    let sam = by_name(&store, "Sam Lee");
    store.delete_contact(sam.id, now()).unwrap();
    store
}

#[test]
fn json_export_restores_into_an_empty_database_identically() {
    let store = full_store();
    let (bytes, rows) = store.export(ExportFormat::Json, None, now()).unwrap();
    let value: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(value["format"], "kith-export");
    assert_eq!(value["version"], 1);
    assert_eq!(value["schemaVersion"], kith::store::SCHEMA_VERSION);
    let before = dump(&store);
    let total: usize = before.iter().map(|(_, r)| r.len()).sum();
    assert_eq!(rows as usize, total);
    for table in [
        "contact",
        "interaction",
        "help",
        "reminder",
        "ask",
        "interest_alias",
        "contact_photo",
    ] {
        let n = before.iter().find(|(t, _)| t == table).unwrap().1.len();
        assert!(n > 0, "the test data has rows in {table}");
    }

    let mut fresh = Store::open_in_memory().unwrap();
    let preview = fresh
        .plan_import(&bytes, ImportFormat::Json, "e.json", now())
        .unwrap();
    assert!(!preview.committed);
    assert_eq!(count(&fresh, "contact"), 0);
    let plan = import_bytes(&mut fresh, &bytes, ImportFormat::Json);
    assert!(plan.committed);
    assert_eq!(plan.tables, preview.tables);
    let after = dump(&fresh);
    assert_eq!(after.len(), before.len());
    for ((t1, r1), (t2, r2)) in before.iter().zip(&after) {
        assert_eq!(t1, t2);
        assert_eq!(r1.len(), r2.len(), "{t1}: row count");
        for (a, b) in r1.iter().zip(r2) {
            assert_eq!(a, b, "{t1}: row differs");
        }
    }
    // The search index is rebuilt from the rows.
    let hits = fresh.search("typographer", 10).unwrap();
    assert!(!hits.is_empty());

    let err = fresh
        .import(&bytes, ImportFormat::Json, "e.json", now(), &mut |_, _| {})
        .unwrap_err();
    assert!(err.to_string().contains("empty database only"), "{err}");
    assert_eq!(dump(&fresh), after, "a refused restore writes nothing");
}

#[test]
fn a_json_export_with_unknown_tables_or_layout_is_refused() {
    let mut fresh = Store::open_in_memory().unwrap();
    for (json, want) in [
        (
            r#"{"format":"other","version":1,"schemaVersion":1,"tables":{}}"#,
            "not a Kith JSON export",
        ),
        (
            r#"{"format":"kith-export","version":9,"schemaVersion":1,"tables":{}}"#,
            "update Kith",
        ),
        (
            r#"{"format":"kith-export","version":1,"schemaVersion":99,"tables":{}}"#,
            "schema version 99",
        ),
        (
            r#"{"format":"kith-export","version":1,"schemaVersion":1,"tables":{"evil":{"columns":["x"],"rows":[[1]]}}}"#,
            "\"evil\" is not part of Kith's database",
        ),
        ("[1,2", "not a Kith JSON export"),
    ] {
        let err = fresh
            .import(
                json.as_bytes(),
                ImportFormat::Json,
                "e.json",
                now(),
                &mut |_, _| {},
            )
            .unwrap_err();
        assert!(err.to_string().contains(want), "{err}");
    }
    assert_eq!(count(&fresh, "contact"), 0);
}

#[test]
fn an_export_of_an_older_schema_is_upgraded_on_restore() {
    let old = r#"{"format":"kith-export","version":1,"schemaVersion":1,"tables":{
        "contact":{"columns":["id","name","company","role","email","created_at","updated_at"],
                   "rows":[[7,"Émile Zola","Aurore",null,"emile@zola.example.fr",1000,2000]]}}}"#;
    let mut fresh = Store::open_in_memory().unwrap();
    import_bytes(&mut fresh, old.as_bytes(), ImportFormat::Json);
    let c = fresh.get_contact(7).unwrap();
    assert_eq!(c.name, "Émile Zola");
    assert_eq!(channels(&c), [(Email, None, "emile@zola.example.fr")]);
    assert_eq!(
        fresh.resolve_contact("emile").unwrap().id,
        7,
        "sort key filled"
    );
}

// Merging two contacts ----------------------------------------------------------------------

#[test]
fn merging_two_contacts_keeps_everything_of_both() {
    let mut store = full_store();
    let ana = by_name(&store, "Ana Ruiz");
    let maya = by_name(&store, "Maya Patel");
    let me = store.me(now()).unwrap();
    store
        .add_ask(
            NewAsk {
                contact_id: maya.id,
                kind: AskKind::Offer,
                text: "Statistics tutoring".into(),
                interests: vec![],
            },
            now(),
        )
        .unwrap();
    let solo = store
        .log_interaction(
            NewInteraction {
                participants: vec![maya.id],
                kind: InteractionKind::Call,
                occurred_at: now() - chrono::Duration::days(1),
                has_time: true,
                summary: "Call".into(),
                notes: String::new(),
                initiated_by: None,
                quality: None,
                help: vec![HelpInput {
                    giver: maya.id,
                    receiver: me.id,
                    text: "Reviewed my CV".into(),
                    ask_id: None,
                }],
                follow_up: None,
            },
            now(),
        )
        .unwrap();
    let ana_timeline = store.timeline(ana.id, 200, 0).unwrap().total;
    let maya_timeline = store.timeline(maya.id, 200, 0).unwrap().total;
    let shared = 1; // the coffee with both of them
    let merged = store.merge_contacts(ana.id, maya.id, &[], now()).unwrap();
    assert_eq!(merged.name, "Ana Ruiz");
    assert!(store.get_contact(maya.id).is_err(), "the duplicate is gone");
    assert_eq!(
        store.timeline(ana.id, 200, 0).unwrap().total,
        ana_timeline + maya_timeline - shared
    );
    let call = store.get_interaction(solo.id).unwrap();
    assert_eq!(call.participants[0].id, ana.id);
    assert_eq!(call.help[0].giver.id, ana.id);
    let asks = store
        .list_asks(&kith::model::AskQuery {
            contact_id: Some(ana.id),
            open_only: false,
        })
        .unwrap();
    assert_eq!(asks.len(), 2);
    for ch in &maya.channels {
        assert!(merged.channels.contains(ch), "{ch:?}");
    }
    assert!(
        merged.tags.contains(&"Climbing".to_owned()) || merged.tags.contains(&"Friends".to_owned())
    );
    assert!(merged.dates.contains(&date("birthday", Some(1988), 4, 15)));
    assert!(merged.dates.contains(&date("birthday", Some(1990), 9, 21)));
    assert!(merged.notes.contains("Volunteers at the food bank."));
    let reminders: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM reminder WHERE contact_id = ?1",
            [ana.id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(reminders, 1);
    let err = store.merge_contacts(ana.id, me.id, &[], now()).unwrap_err();
    assert!(err.to_string().contains("merge them into me"), "{err}");
}

// iCalendar and files ------------------------------------------------------------------------

#[test]
fn icalendar_holds_reminders_and_yearly_dates() {
    let mut store = full_store();
    store
        .add_contact(
            ContactInput {
                name: "Leap Day".into(),
                dates: vec![date("birthday", None, 2, 29)],
                ..Default::default()
            },
            now(),
        )
        .unwrap();
    let (bytes, n) = store.export(ExportFormat::Ics, None, now()).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
    assert!(text.ends_with("END:VCALENDAR\r\n"));
    assert_eq!(text.matches("BEGIN:VEVENT").count() as u32, n);
    let unfolded = text.replace("\r\n ", "");
    assert!(unfolded.contains(
        "DTSTART;VALUE=DATE:19880415\r\nRRULE:FREQ=YEARLY\r\nSUMMARY:Ana Ruiz's birthday\r\n"
    ));
    assert!(
        !unfolded.contains("Bo Chen"),
        "an archived contact's dates are not shown"
    );
    assert!(
        unfolded.contains("DTSTART;VALUE=DATE:20000229\r\nRRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1\r\nSUMMARY:Leap Day's birthday"),
        "Feb 29 falls on Feb 28 in other years"
    );
    assert!(unfolded.contains(
        "DTSTART;VALUE=DATE:20261201\r\nSUMMARY:Promised — Ana Ruiz: Send the article\r\n"
    ));
    assert!(
        unfolded.contains("DTSTART;VALUE=DATE:20210612\r\nSUMMARY:Ana Ruiz: wedding\r\n"),
        "one-off: no RRULE"
    );
}

#[cfg(unix)]
#[test]
fn export_files_and_the_calendar_are_private_and_kept_current() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("kith.db")).unwrap();
    import(&mut store, "google.vcf");
    for format in [ExportFormat::Vcard, ExportFormat::Ics, ExportFormat::Json] {
        let path = dir.path().join(format!("out.{}", format.extension()));
        std::fs::write(&path, b"old").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let report = store.export_to_file(format, None, &path, now()).unwrap();
        assert_eq!(report.bytes, std::fs::metadata(&path).unwrap().len());
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{format:?}");
    }
    let ics = dir.path().join("kith.ics");
    assert_eq!(store.calendar_path(), Some(ics.clone()));
    assert!(store.refresh_calendar(None, now()).unwrap().is_some());
    let mode = std::fs::metadata(&ics).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let before = store.total_changes();
    assert!(
        store
            .refresh_calendar(Some(before), now())
            .unwrap()
            .is_none(),
        "nothing changed"
    );
    let bo = by_name(&store, "Bo Chen");
    let mut input = ContactInput::from_contact(&bo);
    input.dates.push(date("name day", None, 5, 5));
    store.update_contact(bo.id, input, now()).unwrap();
    assert!(store
        .refresh_calendar(Some(before), now())
        .unwrap()
        .is_some());
    assert!(std::fs::read_to_string(&ics)
        .unwrap()
        .contains("Bo Chen: name day"));
}

// The CLI ------------------------------------------------------------------------------------

fn kith(home: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_kith"))
        .env_remove("KITH_DB")
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("TZ", "UTC")
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn cli_import_dry_run_export_and_merge() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path();
    let db = home.join("k.db");
    let db = db.to_str().unwrap();
    let vcf = fixture("google.vcf");
    let vcf = vcf.to_str().unwrap();

    let out = kith(home, &["import", vcf, "--dry-run", "--db", db]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("vcard: would create 2, would merge 0, 0 already known, 0 left out (dry run: nothing written)\n"), "{text}");
    assert!(text.contains("  create  line 1      Ana Ruiz\n"), "{text}");

    let out = kith(home, &["import", vcf, "--json", "--db", db]);
    assert!(out.status.success());
    let plan: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(plan["committed"], true);
    assert_eq!(plan["created"], 2);
    assert_eq!(plan["items"][0]["action"], "create");

    let li = fixture("linkedin-connections.csv");
    let out = kith(home, &["import", li.to_str().unwrap(), "--db", db]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("  left out  line 8      Lea Weber [Connected On]: \"someday\" is not a date: left out\n"), "{text}");

    let out_file = home.join("all.json");
    let out = kith(
        home,
        &[
            "export",
            "--format",
            "json",
            "-o",
            out_file.to_str().unwrap(),
            "--json",
            "--db",
            db,
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["format"], "json");

    let out = kith(
        home,
        &[
            "export",
            "--format",
            "vcard",
            "--contact",
            "Ana",
            "--db",
            db,
        ],
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.matches("BEGIN:VCARD").count(), 1);
    assert!(text.contains("FN:Ana Ruiz\r\n"));

    let out = kith(home, &["merge", "Ana", "Bo", "--db", db]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "merged Bo Chen (id 2) into Ana Ruiz (id 1)\n"
    );

    let fresh = home.join("fresh.db");
    let out = kith(
        home,
        &[
            "import",
            out_file.to_str().unwrap(),
            "--db",
            fresh.to_str().unwrap(),
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8(out.stdout)
        .unwrap()
        .starts_with("json: restored 5 contacts"));

    let unknown = home.join("notes.txt");
    std::fs::write(&unknown, "hello\n").unwrap();
    let out = kith(home, &["import", unknown.to_str().unwrap(), "--db", db]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("pass --format"));
}

// Hostile input ------------------------------------------------------------------------------

mod fuzz {
    use super::*;
    use proptest::prelude::*;

    const FORMATS: [ImportFormat; 5] = [
        ImportFormat::Vcard,
        ImportFormat::Linkedin,
        ImportFormat::Google,
        ImportFormat::Outlook,
        ImportFormat::Thunderbird,
    ];

    fn vcardish() -> impl Strategy<Value = Vec<u8>> {
        let line = prop_oneof![
            Just("BEGIN:VCARD".to_owned()),
            Just("END:VCARD".to_owned()),
            Just("VERSION:2.1".to_owned()),
            Just("VERSION:4.0".to_owned()),
            "[A-Za-z0-9.;=:,\\\\ -]{0,40}",
            "(FN|N|ORG|EMAIL|TEL|BDAY|PHOTO|NOTE|item1.X-ABLabel|ADR|CATEGORIES)(;[A-Z=a-z0-9-]{0,20}){0,3}:[ -~]{0,40}",
            Just(" folded".to_owned()),
            Just("NOTE;ENCODING=QUOTED-PRINTABLE:a=".to_owned()),
        ];
        (proptest::collection::vec(line, 0..40), any::<bool>())
            .prop_map(|(lines, crlf)| lines.join(if crlf { "\r\n" } else { "\n" }).into_bytes())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
            for f in FORMATS {
                let _ = kith::io::parse(&bytes, f, "fuzz");
            }
            let _ = kith::io::detect_format(Path::new("x"), &bytes);
            let mut store = Store::open_in_memory().unwrap();
            let _ = store.import(&bytes, ImportFormat::Json, "fuzz", now(), &mut |_, _| {});
        }

        #[test]
        fn vcard_like_text_never_panics_and_imports_or_reports(bytes in vcardish()) {
            let mut store = Store::open_in_memory().unwrap();
            let _ = store.import(&bytes, ImportFormat::Vcard, "fuzz", now(), &mut |_, _| {});
        }

        /// A real-shaped file of every kind the fixtures hold, damaged: bytes flipped, cut
        /// short, a chunk repeated. The import either writes what it could read, all of it,
        /// or refuses and writes nothing.
        #[test]
        fn damaged_real_files_import_whole_or_not_at_all(
            pick in 0usize..64,
            flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..12),
            cut in any::<prop::sample::Index>(),
            repeat in any::<prop::sample::Index>(),
        ) {
            let mut files: Vec<PathBuf> = std::fs::read_dir(fixture(""))
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|e| e != "md"))
                .collect();
            files.sort();
            let file = &files[pick % files.len()];
            let mut bytes = std::fs::read(file).unwrap();
            if bytes.is_empty() {
                return Ok(());
            }
            for (at, b) in &flips {
                let i = at.index(bytes.len());
                bytes[i] = *b;
            }
            let from = repeat.index(bytes.len());
            let chunk: Vec<u8> = bytes[from..bytes.len().min(from + 200)].to_vec();
            bytes.splice(from..from, chunk);
            bytes.truncate(cut.index(bytes.len()) + 1);
            let mut store = Store::open_in_memory().unwrap();
            let format = kith::io::detect_format(file, &bytes).unwrap_or(ImportFormat::Vcard);
            let result = store.import(&bytes, format, "fuzz", now(), &mut |_, _| {});
            if result.is_err() {
                prop_assert_eq!(count(&store, "contact"), 0, "a refused import writes nothing");
            }
        }

        #[test]
        fn csv_like_text_never_panics(rows in proptest::collection::vec("[^\\n]{0,60}", 0..20)) {
            let text = format!("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n{}", rows.join("\n"));
            let mut store = Store::open_in_memory().unwrap();
            let _ = store.import(text.as_bytes(), ImportFormat::Linkedin, "fuzz", now(), &mut |_, _| {});
            let google = format!("Name,E-mail 1 - Value,Birthday\n{}", rows.join("\n"));
            let _ = store.import(google.as_bytes(), ImportFormat::Google, "fuzz", now(), &mut |_, _| {});
        }
    }
}

const FIFTY_MB: usize = 50 * 1024 * 1024;

#[test]
fn a_50_mb_photo_is_left_out_and_the_rest_imported() {
    let mut vcf = String::with_capacity(FIFTY_MB + 4_000_000);
    vcf.push_str("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Big Photo\r\nEMAIL:big@photo.example.com\r\nPHOTO;ENCODING=b;TYPE=JPEG:");
    while vcf.len() < FIFTY_MB {
        vcf.push_str("QUJDRA==");
    }
    vcf.push_str(
        "\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:Two MB\r\nPHOTO;ENCODING=b;TYPE=JPEG:",
    );
    vcf.push_str(&"QUJD".repeat(2 * 1024 * 1024 / 3));
    vcf.push_str("\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:Small\r\nEND:VCARD\r\n");
    let mut store = Store::open_in_memory().unwrap();
    let plan = import_bytes(&mut store, vcf.as_bytes(), ImportFormat::Vcard);
    assert_eq!(plan.created, 3);
    let fields: Vec<(u64, Option<&str>, Option<&str>)> = plan
        .skipped
        .iter()
        .map(|s| (s.line, s.field.as_deref(), s.name.as_deref()))
        .collect();
    assert_eq!(
        fields,
        [(5, Some("PHOTO"), None), (7, Some("PHOTO"), Some("Two MB"))]
    );
    assert!(
        plan.skipped[0]
            .reason
            .contains("50.0 MB is too large to keep"),
        "{:?}",
        plan.skipped
    );
    assert!(
        plan.skipped[1]
            .reason
            .contains("photos of up to 1 MB are kept"),
        "{:?}",
        plan.skipped
    );
    assert_eq!(count(&store, "contact_photo"), 0);
    assert_eq!(
        channels(&by_name(&store, "Big Photo")),
        [(Email, None, "big@photo.example.com")]
    );

    // A 50 MB note is left out before parsing; the rest of its card is read.
    let mut huge = String::with_capacity(FIFTY_MB + 100);
    huge.push_str("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Huge\r\nNOTE:");
    huge.push_str(&"x".repeat(FIFTY_MB));
    huge.push_str("\r\nEMAIL:huge@note.example.com\r\nEND:VCARD\r\n");
    let plan = import_bytes(&mut store, huge.as_bytes(), ImportFormat::Vcard);
    assert_eq!(plan.created, 1);
    assert_eq!(
        (plan.skipped[0].line, plan.skipped[0].field.as_deref()),
        (4, Some("NOTE"))
    );
    assert!(
        plan.skipped[0]
            .reason
            .contains("50.0 MB is too large to keep"),
        "{:?}",
        plan.skipped
    );
    let c = by_name(&store, "Huge");
    assert_eq!(c.notes, "");
    assert_eq!(channels(&c), [(Email, None, "huge@note.example.com")]);
}

#[test]
fn fifty_megabytes_of_junk_is_refused_or_skipped_without_panic() {
    let junk: Vec<u8> = (0..FIFTY_MB).map(|i| b"ab,;:\"=\r\n\xc3"[i % 10]).collect();
    let mut store = Store::open_in_memory().unwrap();
    for f in [
        ImportFormat::Vcard,
        ImportFormat::Linkedin,
        ImportFormat::Google,
        ImportFormat::Json,
    ] {
        let _ = store.import(&junk, f, "junk", now(), &mut |_, _| {});
    }
    let mut csv =
        b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n\"".to_vec();
    csv.extend(std::iter::repeat_n(b'n', FIFTY_MB));
    csv.extend(b"\",Smith,,,,,\n");
    let plan = import_bytes(&mut store, &csv, ImportFormat::Linkedin);
    assert_eq!(plan.created, 0);
    assert!(
        plan.skipped[0].reason.contains("too long"),
        "{:?}",
        plan.skipped
    );
    assert_eq!(count(&store, "contact"), 0);
}

// The measurement ----------------------------------------------------------------------------

/// A vCard 3.0 file of `n` people, Google-style.
pub fn generate_vcards(n: usize) -> String {
    let mut out = String::new();
    for i in 0..n {
        out.push_str(&format!(
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person{i} Example\r\nN:Example;Person{i};;;\r\n\
             EMAIL;TYPE=INTERNET;TYPE=WORK:person{i}@example.com\r\nTEL;TYPE=CELL:+1 555 {:07}\r\n\
             ORG:Company {}\r\nTITLE:Engineer\r\nBDAY:19{:02}-{:02}-{:02}\r\n\
             NOTE:Met at conference {i}\\, talked about things.\r\nCATEGORIES:imported,batch{}\r\nEND:VCARD\r\n",
            i,
            i % 97,
            50 + i % 40,
            1 + i % 12,
            1 + i % 28,
            i % 10
        ));
    }
    out
}

/// `cargo test --release -p kith --test import -- --ignored --nocapture five_thousand`
#[test]
#[ignore = "a measurement: run in release mode and read the printed figure"]
fn five_thousand_contacts_import_and_reimport() {
    let bytes = generate_vcards(5000).into_bytes();
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("kith.db")).unwrap();
    let start = std::time::Instant::now();
    let plan = import_bytes(&mut store, &bytes, ImportFormat::Vcard);
    let first = start.elapsed();
    assert_eq!(plan.created, 5000);
    let start = std::time::Instant::now();
    let again = import_bytes(&mut store, &bytes, ImportFormat::Vcard);
    let second = start.elapsed();
    assert_eq!((again.created, again.merged, again.unchanged), (0, 0, 5000));
    assert_eq!(count(&store, "contact"), 5000);
    println!(
        "5000-contact vCard ({:.1} MB): import {:.2} s, re-import {:.2} s",
        bytes.len() as f64 / 1_048_576.0,
        first.as_secs_f64(),
        second.as_secs_f64()
    );
}

#[test]
fn cli_edits_keep_an_existing_calendar_file_current() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path();
    let db = home.join("kith.db");
    let db = db.to_str().unwrap();
    let out = kith(
        home,
        &[
            "contact",
            "add",
            "Ana Ruiz",
            "--birthday",
            "04-15",
            "--db",
            db,
        ],
    );
    assert!(out.status.success());
    let ics = home.join("kith.ics");
    assert!(!ics.exists(), "the CLI does not create the calendar file");
    std::fs::write(&ics, "").unwrap();
    let out = kith(
        home,
        &[
            "contact",
            "add",
            "Bo Chen",
            "--birthday",
            "1990-02-01",
            "--db",
            db,
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&ics).unwrap();
    assert!(text.contains("SUMMARY:Ana Ruiz's birthday"), "{text}");
    assert!(text.contains("SUMMARY:Bo Chen's birthday"), "{text}");
}
