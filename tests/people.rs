//! Integration tests of the full data model through `kith::Store`'s operations, one or more
//! per query file and operation, asserting what comes back:
//!
//! - contacts: every field and part round-trips, edits replace fields and parts, introducers,
//!   archiving, the self contact ("me");
//! - the People list: filters by circle, tag, interest and search, sorting by name (case,
//!   accents and scripts) and by last contact, totals and paging;
//! - finding a contact by what a user typed (`find_contact`, `resolve_contact`);
//! - the interest vocabulary: case-insensitive names, renaming, merging with aliases;
//! - needs and offers (asks) of contacts and of me;
//! - interactions: timelines, help, follow-ups, last contact, validation, huge notes;
//! - full-text search over contacts, interactions and asks, and odd input;
//! - the trash: delete, restore, list, purge after 30 days, empty.
//!
//! Every `now` is fixed: nothing depends on the clock.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use kith::model::{
    Address, Ask, AskKind, AskQuery, AskStatus, Channel, ChannelKind, Circle, Contact,
    ContactInput, ContactQuery, ContactRef, ContactSort, ContactSummary, FollowUp, Help, HelpInput,
    ImportantDate, Initiator, Interaction, InteractionKind, NameParts, NewAsk, NewInteraction,
    PastJob, SearchHit, SearchKind, Title, TitleKind, TrashItem, TrashKind,
};
use kith::ops::{ContactMatch, TRASH_DAYS};
use kith::{Error, Store};

// Helpers ----------------------------------------------------------------------------------

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 12, 0, 0).unwrap()
}

/// Noon (UTC) on a day of 2026.
fn day(month: u32, day: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, month, day, 12, 0, 0).unwrap()
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn store() -> Store {
    Store::open_in_memory().unwrap()
}

fn named(name: &str) -> ContactInput {
    ContactInput {
        name: name.to_owned(),
        ..Default::default()
    }
}

fn add(store: &mut Store, name: &str) -> Contact {
    store.add_contact(named(name), now()).unwrap()
}

fn channel(kind: ChannelKind, label: Option<&str>, value: &str) -> Channel {
    Channel {
        kind,
        label: label.map(str::to_owned),
        value: value.to_owned(),
        types: Vec::new(),
    }
}

fn r(c: &Contact) -> ContactRef {
    ContactRef {
        id: c.id,
        name: c.name.clone(),
    }
}

/// An interaction among `participants` on `at`, with a summary.
fn talk(participants: &[i64], at: DateTime<Utc>, summary: &str) -> NewInteraction {
    NewInteraction {
        participants: participants.to_vec(),
        kind: InteractionKind::Meeting,
        occurred_at: at,
        has_time: true,
        summary: summary.to_owned(),
        notes: String::new(),
        initiated_by: None,
        quality: None,
        help: vec![],
        follow_up: None,
    }
}

fn log(store: &mut Store, participants: &[i64], at: DateTime<Utc>, summary: &str) -> Interaction {
    store
        .log_interaction(talk(participants, at, summary), now())
        .unwrap()
}

fn ask(contact: &Contact, kind: AskKind, text: &str, interests: &[&str]) -> NewAsk {
    NewAsk {
        contact_id: contact.id,
        kind,
        text: text.to_owned(),
        interests: interests.iter().map(|s| (*s).to_owned()).collect(),
    }
}

/// The `field`s of an `Error::Invalid`, in order; panics on any other error.
fn invalid_fields(err: &Error) -> Vec<&str> {
    match err {
        Error::Invalid { fields } => fields.iter().map(|f| f.field.as_str()).collect(),
        other => panic!("expected Error::Invalid, got {other:?}"),
    }
}

fn query() -> ContactQuery {
    ContactQuery::default()
}

fn list(store: &Store, q: ContactQuery) -> (Vec<String>, u32) {
    let page = store.list_contacts(&q).unwrap();
    (page.items.into_iter().map(|c| c.name).collect(), page.total)
}

fn list_names(store: &Store, q: ContactQuery) -> Vec<String> {
    let (names, total) = list(store, q);
    assert_eq!(names.len(), total as usize, "one page holds every match");
    names
}

fn timeline_ids(store: &Store, contact: i64) -> Vec<i64> {
    let page = store.timeline(contact, 200, 0).unwrap();
    assert_eq!(page.items.len(), page.total as usize);
    page.items.iter().map(|i| i.id).collect()
}

fn count(store: &Store, sql: &str) -> i64 {
    store.conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

/// Every row of the tables an interaction writes to.
fn interaction_rows(store: &Store) -> [i64; 4] {
    [
        count(store, "SELECT count(*) FROM interaction"),
        count(store, "SELECT count(*) FROM interaction_participant"),
        count(store, "SELECT count(*) FROM help"),
        count(store, "SELECT count(*) FROM reminder"),
    ]
}

fn hits(store: &Store, q: &str) -> Vec<SearchHit> {
    store.search(q, 50).unwrap()
}

/// `(kind, id)` of every hit, sorted, to compare hit sets whatever their rank.
fn hit_keys(hits: &[SearchHit]) -> Vec<(String, i64)> {
    let mut keys: Vec<(String, i64)> = hits
        .iter()
        .map(|h| (format!("{:?}", h.kind), h.id))
        .collect();
    keys.sort();
    keys
}

fn key(kind: SearchKind, id: i64) -> (String, i64) {
    (format!("{kind:?}"), id)
}

// Contacts ---------------------------------------------------------------------------------

/// An input using every field and part, in the order the store returns them (tags and
/// interests alphabetical, dates by month and day, channels as given).
fn full_input(introducer: i64) -> ContactInput {
    ContactInput {
        name: "Ana Ruiz".into(),
        company: Some("Acme".into()),
        role: Some("CTO".into()),
        location: Some("Lisbon".into()),
        met_how: Some("At RustConf, in the hallway".into()),
        met_on: Some(date(2019, 9, 12)),
        introduced_by: Some(introducer),
        circle: Some(Circle::Close),
        cadence_days: Some(30),
        notes: "Loves sailing.\nTwo kids: Leo and Mia.".into(),
        tags: vec!["climbing".into(), "friend".into()],
        channels: vec![
            channel(ChannelKind::Email, Some("work"), "ana@acme.com"),
            channel(ChannelKind::Email, None, "ana.ruiz@example.org"),
            Channel {
                types: vec!["cell".into(), "voice".into()],
                ..channel(ChannelKind::Phone, Some("mobile"), "+34 600 123 456")
            },
            channel(
                ChannelKind::Link,
                Some("LinkedIn"),
                "https://linkedin.com/in/anaruiz",
            ),
        ],
        dates: vec![
            ImportantDate {
                label: "birthday".into(),
                year: None,
                month: 3,
                day: 14,
                recurring: true,
            },
            ImportantDate {
                label: "wedding".into(),
                year: Some(2021),
                month: 6,
                day: 5,
                recurring: false,
            },
        ],
        interests: vec!["Go".into(), "Rust".into()],
        name_parts: NameParts {
            prefix: Some("Dr.".into()),
            given: Some("Ana".into()),
            additional: Some("María".into()),
            family: Some("Ruiz".into()),
            suffix: Some("PhD".into()),
        },
        nickname: Some("Anita".into()),
        department: Some("Platform".into()),
        titles: vec![
            Title {
                kind: TitleKind::Title,
                value: "Founder".into(),
            },
            Title {
                kind: TitleKind::Role,
                value: "Board member".into(),
            },
        ],
        addresses: vec![Address {
            label: Some("work".into()),
            types: vec!["work".into(), "pref".into()],
            street: Some("Rua Augusta 1".into()),
            locality: Some("Lisbon".into()),
            postcode: Some("1100-048".into()),
            country: Some("Portugal".into()),
            ..Default::default()
        }],
        connected_on: Some(date(2020, 1, 15)),
        past_jobs: vec![
            PastJob {
                company: "Initech".into(),
                role: Some("Engineer".into()),
                until: Some(date(2019, 6, 30)),
            },
            PastJob {
                company: "Globex".into(),
                ..Default::default()
            },
        ],
    }
}

#[test]
fn a_contact_with_every_field_comes_back_exactly() {
    let mut store = store();
    let bob = add(&mut store, "Bob Stone");
    let input = full_input(bob.id);

    let ana = store.add_contact(input.clone(), now()).unwrap();

    assert_eq!(ContactInput::from_contact(&ana), input);
    assert_eq!(ana.introduced_by, Some(r(&bob)));
    assert_eq!(ana.channels[2].kind, ChannelKind::Phone);
    assert_eq!(ana.channels[2].label.as_deref(), Some("mobile"));
    assert_eq!(
        ana.dates[0].year, None,
        "a recurring birthday without a year"
    );
    assert_eq!(ana.dates[1].year, Some(2021));
    assert!(!ana.is_self && !ana.archived);
    assert_eq!(ana.deleted_at, None);
    assert_eq!(ana.last_interaction_at, None);
    assert_eq!((ana.created_at, ana.updated_at), (now(), now()));
    assert_eq!(store.get_contact(ana.id).unwrap(), ana);

    let summary = &store.list_contacts(&query()).unwrap().items[0];
    assert_eq!(
        *summary,
        ContactSummary {
            id: ana.id,
            name: "Ana Ruiz".into(),
            company: Some("Acme".into()),
            role: Some("CTO".into()),
            circle: Some(Circle::Close),
            email: Some("ana@acme.com".into()),
            tags: vec!["climbing".into(), "friend".into()],
            archived: false,
            last_interaction_at: None,
            health: None,
        }
    );
    let interests = store.list_interests().unwrap();
    let names: Vec<(&str, u32)> = interests
        .iter()
        .map(|i| (i.name.as_str(), i.contacts))
        .collect();
    assert_eq!(names, [("Go", 1), ("Rust", 1)]);
    let tags: Vec<(String, u32)> = store
        .list_tags()
        .unwrap()
        .into_iter()
        .map(|t| (t.tag, t.contacts))
        .collect();
    assert_eq!(tags, [("climbing".into(), 1), ("friend".into(), 1)]);
}

#[test]
fn an_edit_replaces_every_field_and_part() {
    let mut store = store();
    let bob = add(&mut store, "Bob Stone");
    let ana = store.add_contact(full_input(bob.id), now()).unwrap();

    let edit = ContactInput {
        name: "Ana Ruiz Vega".into(),
        company: None,
        role: Some("CEO".into()),
        location: None,
        met_how: None,
        met_on: None,
        introduced_by: None,
        circle: Some(Circle::Inner),
        cadence_days: None,
        notes: "Moved to Porto.".into(),
        tags: vec!["work".into()],
        channels: vec![channel(ChannelKind::Phone, None, "+351 912 345 678")],
        dates: vec![],
        interests: vec!["Sailing".into()],
        ..Default::default()
    };
    let later = now() + Duration::days(3);
    let edited = store.update_contact(ana.id, edit.clone(), later).unwrap();

    assert_eq!(ContactInput::from_contact(&edited), edit);
    assert_eq!(edited.introduced_by, None);
    assert_eq!(edited.created_at, now());
    assert_eq!(edited.updated_at, later);
    assert_eq!(store.get_contact(ana.id).unwrap(), edited);
    for (table, rows) in [
        ("contact_channel", 1),
        ("contact_tag", 1),
        ("contact_date", 0),
        ("contact_interest", 1),
    ] {
        let sql = format!("SELECT count(*) FROM {table} WHERE contact_id = {}", ana.id);
        assert_eq!(count(&store, &sql), rows, "rows of {table}");
    }
    let tags: Vec<String> = store
        .list_tags()
        .unwrap()
        .into_iter()
        .map(|t| t.tag)
        .collect();
    assert_eq!(tags, ["work"], "removed tags are gone");
    let summary = &store.list_contacts(&query()).unwrap().items[0];
    assert_eq!(summary.email, None, "the removed emails are gone");

    // The search index follows the edit: "sailing" is her interest now, no longer her notes.
    let sailing = hits(&store, "sailing");
    assert_eq!(hit_keys(&sailing), [key(SearchKind::Contact, ana.id)]);
    assert!(sailing[0].snippet.contains("[Sailing]"), "{sailing:?}");
    assert!(hits(&store, "rust").is_empty(), "an interest taken away");
    assert!(hits(&store, "acme").is_empty());
    assert_eq!(
        hit_keys(&hits(&store, "porto")),
        [key(SearchKind::Contact, ana.id)]
    );
    assert_eq!(
        hit_keys(&hits(&store, "vega")),
        [key(SearchKind::Contact, ana.id)]
    );

    // Editing a missing contact is NotFound, and writes nothing.
    assert_eq!(
        store
            .update_contact(9999, named("Nobody"), later)
            .unwrap_err(),
        Error::NotFound {
            entity: "contact".into(),
            id: 9999
        }
    );
}

#[test]
fn introduced_by_must_be_another_existing_contact() {
    let mut store = store();
    let ana = add(&mut store, "Ana Ruiz");
    let bob = add(&mut store, "Bob Stone");

    let err = store
        .update_contact(
            ana.id,
            ContactInput {
                introduced_by: Some(ana.id),
                ..named("Ana Ruiz")
            },
            now(),
        )
        .unwrap_err();
    assert_eq!(invalid_fields(&err), ["introducedBy"]);
    assert_eq!(
        store.get_contact(ana.id).unwrap(),
        ana,
        "nothing was written"
    );

    let err = store
        .add_contact(
            ContactInput {
                introduced_by: Some(9999),
                ..named("Carla")
            },
            now(),
        )
        .unwrap_err();
    assert_eq!(invalid_fields(&err), ["introducedBy"]);
    assert!(err.to_string().contains("9999"), "{err}");

    store.delete_contact(bob.id, now()).unwrap();
    let err = store
        .add_contact(
            ContactInput {
                introduced_by: Some(bob.id),
                ..named("Carla")
            },
            now(),
        )
        .unwrap_err();
    assert_eq!(
        invalid_fields(&err),
        ["introducedBy"],
        "a trashed introducer"
    );
    assert_eq!(list_names(&store, query()), ["Ana Ruiz"]);
}

#[test]
fn a_contact_introduced_by_someone_now_in_the_trash_can_still_be_edited() {
    let mut store = store();
    let bob = add(&mut store, "Bob Stone");
    let ana = store
        .add_contact(
            ContactInput {
                introduced_by: Some(bob.id),
                ..named("Ana Ruiz")
            },
            now(),
        )
        .unwrap();
    store.delete_contact(bob.id, now()).unwrap();

    // The edit form sends the whole contact back, introducer included.
    let mut edit = ContactInput::from_contact(&store.get_contact(ana.id).unwrap());
    assert_eq!(edit.introduced_by, Some(bob.id));
    edit.tags = vec!["friend".into()];
    let edited = store.update_contact(ana.id, edit, now()).unwrap();
    assert_eq!(edited.tags, ["friend"]);
    assert_eq!(
        edited.introduced_by,
        Some(r(&bob)),
        "the link survives the edit"
    );

    // Bob comes back from the trash still credited with the introduction...
    store.restore_contact(bob.id).unwrap();
    assert_eq!(
        store.get_contact(ana.id).unwrap().introduced_by,
        Some(r(&bob))
    );
    // ...but a trashed contact cannot be newly named as an introducer.
    let carla = add(&mut store, "Carla Díaz");
    store.delete_contact(carla.id, now()).unwrap();
    let err = store
        .update_contact(
            ana.id,
            ContactInput {
                introduced_by: Some(carla.id),
                ..named("Ana Ruiz")
            },
            now(),
        )
        .unwrap_err();
    assert_eq!(invalid_fields(&err), ["introducedBy"]);
}

#[test]
fn archived_contacts_are_listed_only_when_asked_for() {
    let mut store = store();
    let ana = add(&mut store, "Ana Ruiz");
    let bob = add(&mut store, "Bob Stone");

    let later = now() + Duration::hours(1);
    let archived = store.set_archived(bob.id, true, later).unwrap();
    assert!(archived.archived);
    assert_eq!(archived.updated_at, later);

    assert_eq!(list(&store, query()), (vec!["Ana Ruiz".into()], 1));
    let all = store
        .list_contacts(&ContactQuery {
            include_archived: true,
            ..query()
        })
        .unwrap();
    assert_eq!(all.total, 2);
    let flags: Vec<(i64, bool)> = all.items.iter().map(|c| (c.id, c.archived)).collect();
    assert_eq!(flags, [(ana.id, false), (bob.id, true)]);

    assert!(!store.set_archived(bob.id, false, later).unwrap().archived);
    assert_eq!(list_names(&store, query()), ["Ana Ruiz", "Bob Stone"]);
    assert!(matches!(
        store.set_archived(9999, true, later),
        Err(Error::NotFound { id: 9999, .. })
    ));
}

#[test]
fn me_is_created_once_and_never_listed() {
    let mut store = store();
    let me = store.me(now()).unwrap();
    assert!(me.is_self);
    assert_eq!(me.name, "Me");
    assert_eq!(me.created_at, now());

    let again = store.me(now() + Duration::days(1)).unwrap();
    assert_eq!(again, me, "the second call returns the same contact");
    assert_eq!(
        count(&store, "SELECT count(*) FROM contact WHERE is_self = 1"),
        1
    );

    let ana = add(&mut store, "Ana Ruiz");
    assert_eq!(list_names(&store, query()), ["Ana Ruiz"]);
    let everyone = ContactQuery {
        include_archived: true,
        sort: ContactSort::LastContact,
        ..query()
    };
    assert_eq!(list_names(&store, everyone), ["Ana Ruiz"]);

    // Logging with me does not put me in the list either.
    log(&mut store, &[me.id, ana.id], day(11, 1), "Coffee");
    assert_eq!(list_names(&store, query()), ["Ana Ruiz"]);
    assert_eq!(store.resolve_contact("me").unwrap(), r(&me));

    // Me cannot be trashed, and the error says why.
    let err = store.delete_contact(me.id, now()).unwrap_err();
    assert!(err.to_string().contains("this is you"), "{err}");
    assert_eq!(store.get_contact(me.id).unwrap().deleted_at, None);
}

// The People list --------------------------------------------------------------------------

/// Ana (inner; friend, climbing; Rust), Bob (close; FRIEND; Go), Carla (inner; work; Rust,
/// Go), Dan (no circle; nothing).
fn crowd(store: &mut Store) -> [Contact; 4] {
    let mk = |name: &str, circle, tags: &[&str], interests: &[&str], company: &str, notes: &str| {
        ContactInput {
            name: name.into(),
            circle,
            tags: tags.iter().map(|s| (*s).into()).collect(),
            interests: interests.iter().map(|s| (*s).into()).collect(),
            company: Some(company.into()),
            notes: notes.into(),
            ..Default::default()
        }
    };
    let inputs = [
        mk(
            "Ana Ruiz",
            Some(Circle::Inner),
            &["friend", "climbing"],
            &["Rust"],
            "Acme",
            "Loves sailing",
        ),
        mk(
            "Bob Stone",
            Some(Circle::Close),
            &["FRIEND"],
            &["Go"],
            "Globex",
            "Runs marathons",
        ),
        mk(
            "Carla Díaz",
            Some(Circle::Inner),
            &["work"],
            &["rust", "Go"],
            "Initech",
            "Sails on weekends",
        ),
        mk("Dan Ruiz", None, &[], &[], "Acme Labs", ""),
    ];
    inputs.map(|i| store.add_contact(i, now()).unwrap())
}

#[test]
fn the_list_filters_by_circle_tag_and_interest() {
    let mut store = store();
    crowd(&mut store);

    let by_circle = ContactQuery {
        circle: Some(Circle::Inner),
        ..query()
    };
    assert_eq!(list_names(&store, by_circle), ["Ana Ruiz", "Carla Díaz"]);
    let by_close = ContactQuery {
        circle: Some(Circle::Close),
        ..query()
    };
    assert_eq!(list_names(&store, by_close), ["Bob Stone"]);

    for tag in ["friend", "Friend", " FRIEND "] {
        let q = ContactQuery {
            tag: Some(tag.into()),
            ..query()
        };
        assert_eq!(
            list_names(&store, q),
            ["Ana Ruiz", "Bob Stone"],
            "tag {tag:?}"
        );
    }
    for interest in ["Rust", "RUST"] {
        let q = ContactQuery {
            interest: Some(interest.into()),
            ..query()
        };
        assert_eq!(
            list_names(&store, q),
            ["Ana Ruiz", "Carla Díaz"],
            "{interest:?}"
        );
    }
    let go = ContactQuery {
        interest: Some("go".into()),
        ..query()
    };
    assert_eq!(list_names(&store, go), ["Bob Stone", "Carla Díaz"]);

    let inner_rust_friends = ContactQuery {
        circle: Some(Circle::Inner),
        tag: Some("friend".into()),
        interest: Some("rust".into()),
        ..query()
    };
    assert_eq!(list_names(&store, inner_rust_friends), ["Ana Ruiz"]);
    let nobody = ContactQuery {
        tag: Some("nonexistent".into()),
        ..query()
    };
    assert_eq!(list(&store, nobody), (vec![], 0));

    // A filter's total counts every match, not the page.
    let paged = ContactQuery {
        tag: Some("friend".into()),
        limit: 1,
        offset: 1,
        ..query()
    };
    assert_eq!(list(&store, paged), (vec!["Bob Stone".into()], 2));
}

#[test]
fn the_list_search_matches_word_prefixes_of_names_companies_and_notes() {
    let mut store = store();
    crowd(&mut store);
    let search = |store: &Store, text: &str| {
        list_names(
            store,
            ContactQuery {
                search: Some(text.into()),
                ..query()
            },
        )
    };
    assert_eq!(search(&store, "ana ru"), ["Ana Ruiz"]);
    assert_eq!(search(&store, "ANA RUIZ"), ["Ana Ruiz"]);
    assert_eq!(search(&store, "ruiz"), ["Ana Ruiz", "Dan Ruiz"]);
    assert_eq!(
        search(&store, "ru"),
        ["Ana Ruiz", "Bob Stone", "Carla Díaz", "Dan Ruiz"],
        "Carla by her interest Rust"
    );
    assert_eq!(
        search(&store, "acme"),
        ["Ana Ruiz", "Dan Ruiz"],
        "by company"
    );
    assert_eq!(search(&store, "acme lab"), ["Dan Ruiz"]);
    assert_eq!(search(&store, "marathon"), ["Bob Stone"], "by notes");
    assert_eq!(search(&store, "sail"), ["Ana Ruiz", "Carla Díaz"]);
    assert_eq!(search(&store, "diaz"), ["Carla Díaz"], "accents ignored");
    assert!(search(&store, "zanzibar").is_empty());
    assert_eq!(
        search(&store, "   ").len(),
        4,
        "a blank search is no filter"
    );

    let combined = ContactQuery {
        search: Some("ruiz".into()),
        circle: Some(Circle::Inner),
        ..query()
    };
    assert_eq!(list_names(&store, combined), ["Ana Ruiz"]);
}

#[test]
fn sorting_by_name_folds_case_and_accents_and_keeps_every_script() {
    let mut store = store();
    let names = [
        "bob",
        "Émile Zola",
        "李小龍",
        "Alice",
        "emma",
        "ÉLODIE",
        "محمد بن سلمان",
        "Fay",
        "alice",
        "Zoë",
        "Ångström",
        "Eve",
    ];
    for n in names {
        add(&mut store, n);
    }
    let want = [
        "Alice",
        "alice",
        "Ångström",
        "bob",
        "ÉLODIE",
        "Émile Zola",
        "emma",
        "Eve",
        "Fay",
        "Zoë",
        "محمد بن سلمان",
        "李小龍",
    ];
    assert_eq!(list_names(&store, query()), want);
    assert_eq!(
        list_names(&store, query()),
        want,
        "the same order every time"
    );

    let mut paged = Vec::new();
    for offset in (0..12).step_by(5) {
        let (names, total) = list(
            &store,
            ContactQuery {
                limit: 5,
                offset,
                ..query()
            },
        );
        assert_eq!(total, 12);
        paged.extend(names);
    }
    assert_eq!(paged, want, "pages concatenate to the full list");
}

#[test]
fn sorting_by_last_contact_puts_the_most_recent_first_and_the_never_contacted_last() {
    let mut store = store();
    let [ana, bob, carla, dan] = crowd(&mut store);
    let eve = add(&mut store, "Eve Adams");
    log(&mut store, &[ana.id], day(3, 1), "Lunch");
    log(&mut store, &[bob.id, carla.id], day(5, 1), "Hike");
    log(&mut store, &[carla.id], day(9, 1), "Call");
    log(&mut store, &[ana.id], day(1, 1), "Older lunch");

    let page = store
        .list_contacts(&ContactQuery {
            sort: ContactSort::LastContact,
            ..query()
        })
        .unwrap();
    let got: Vec<(&str, Option<DateTime<Utc>>)> = page
        .items
        .iter()
        .map(|c| (c.name.as_str(), c.last_interaction_at))
        .collect();
    assert_eq!(
        got,
        [
            ("Carla Díaz", Some(day(9, 1))),
            ("Bob Stone", Some(day(5, 1))),
            ("Ana Ruiz", Some(day(3, 1))),
            ("Dan Ruiz", None),
            ("Eve Adams", None),
        ]
    );
    assert_eq!(page.total, 5);
    assert_eq!(store.get_contact(dan.id).unwrap().last_interaction_at, None);
    assert_eq!(store.get_contact(eve.id).unwrap().last_interaction_at, None);

    let second_page = store
        .list_contacts(&ContactQuery {
            sort: ContactSort::LastContact,
            limit: 2,
            offset: 2,
            ..query()
        })
        .unwrap();
    let ids: Vec<i64> = second_page.items.iter().map(|c| c.id).collect();
    assert_eq!(ids, [ana.id, dan.id]);
    assert_eq!(second_page.total, 5);
}

// Finding a contact by what the user typed -------------------------------------------------

#[test]
fn a_contact_is_found_by_id_exact_name_or_unique_prefix() {
    let mut store = store();
    let ana = add(&mut store, "Ana Ruiz");
    let belen = add(&mut store, "Ana Belén");
    let emile = add(&mut store, "Émile Zola");
    let bob = add(&mut store, "Bob");
    let bobby = add(&mut store, "Bobby Tables");

    assert_eq!(store.resolve_contact(&ana.id.to_string()).unwrap(), r(&ana));
    assert_eq!(
        store.resolve_contact(&format!(" {} ", emile.id)).unwrap(),
        r(&emile)
    );
    for text in ["Émile Zola", "emile zola", "EMILE ZOLA", "  émile zola "] {
        assert_eq!(store.resolve_contact(text).unwrap(), r(&emile), "{text:?}");
    }
    assert_eq!(
        store.resolve_contact("emi").unwrap(),
        r(&emile),
        "a unique prefix"
    );
    assert_eq!(store.resolve_contact("ana r").unwrap(), r(&ana));
    assert_eq!(store.resolve_contact("ana belen").unwrap(), r(&belen));
    assert_eq!(
        store.resolve_contact("bob").unwrap(),
        r(&bob),
        "an exact name wins over longer names starting with it"
    );
    assert_eq!(store.resolve_contact("bobb").unwrap(), r(&bobby));
    assert_eq!(
        store.find_contact("ana r").unwrap(),
        ContactMatch::One(r(&ana))
    );

    let err = store.resolve_contact("ana").unwrap_err();
    assert_eq!(
        err,
        Error::Ambiguous {
            query: "ana".into(),
            matches: vec![r(&belen), r(&ana)],
        }
    );
    let text = err.to_string();
    for id in [ana.id, belen.id] {
        assert!(text.contains(&format!("(id {id})")), "{text}");
    }
    assert_eq!(
        store.find_contact("ana").unwrap(),
        ContactMatch::Many(vec![r(&belen), r(&ana)])
    );

    assert_eq!(
        store.resolve_contact("Zed").unwrap_err(),
        Error::NoMatch {
            entity: "contact".into(),
            query: "Zed".into(),
        }
    );
    assert_eq!(store.find_contact("9999").unwrap(), ContactMatch::None);
    assert!(matches!(
        store.resolve_contact("9999"),
        Err(Error::NoMatch { .. })
    ));

    store.delete_contact(bob.id, now()).unwrap();
    assert_eq!(
        store.resolve_contact("bob").unwrap(),
        r(&bobby),
        "the trashed exact match is skipped"
    );
    assert_eq!(
        store.find_contact(&bob.id.to_string()).unwrap(),
        ContactMatch::None
    );
    store.delete_contact(bobby.id, now()).unwrap();
    assert!(matches!(
        store.resolve_contact("bob"),
        Err(Error::NoMatch { .. })
    ));
}

// Interests --------------------------------------------------------------------------------

#[test]
fn an_interest_is_named_case_insensitively() {
    let mut store = store();
    let rust = store.add_interest("Rust", now()).unwrap();
    assert_eq!(rust.name, "Rust");
    assert_eq!(rust.contacts, 0);
    for spelling in ["rust", " RUST "] {
        assert_eq!(
            store.add_interest(spelling, now()).unwrap(),
            rust,
            "{spelling:?}"
        );
    }
    assert_eq!(store.list_interests().unwrap(), std::slice::from_ref(&rust));

    let ana = store
        .add_contact(
            ContactInput {
                interests: vec!["rUST".into()],
                ..named("Ana")
            },
            now(),
        )
        .unwrap();
    assert_eq!(ana.interests, ["Rust"], "the vocabulary's spelling wins");
    assert_eq!(store.list_interests().unwrap()[0].contacts, 1);

    for blank in ["", "   "] {
        let err = store.add_interest(blank, now()).unwrap_err();
        assert_eq!(invalid_fields(&err), ["name"]);
    }
}

#[test]
fn renaming_an_interest_renames_it_everywhere_but_never_onto_another() {
    let mut store = store();
    let ana = store
        .add_contact(
            ContactInput {
                interests: vec!["Rust".into()],
                ..named("Ana")
            },
            now(),
        )
        .unwrap();
    let go = store.add_interest("Go", now()).unwrap();
    let rust_id = store.list_interests().unwrap()[1].id;

    let renamed = store.rename_interest("rust", "Rust lang").unwrap();
    assert_eq!(
        (renamed.id, renamed.name.as_str(), renamed.contacts),
        (rust_id, "Rust lang", 1)
    );
    assert_eq!(store.get_contact(ana.id).unwrap().interests, ["Rust lang"]);

    let err = store.rename_interest("Rust lang", "GO").unwrap_err();
    assert_eq!(invalid_fields(&err), ["name"]);
    assert_eq!(store.list_interests().unwrap().len(), 2);
    assert_eq!(store.get_contact(ana.id).unwrap().interests, ["Rust lang"]);

    // A change of case only, and a rename by id, are fine.
    assert_eq!(
        store
            .rename_interest("rust LANG", "Rust Lang")
            .unwrap()
            .name,
        "Rust Lang"
    );
    assert_eq!(
        store
            .rename_interest(&go.id.to_string(), "Golang")
            .unwrap()
            .name,
        "Golang"
    );
    assert!(matches!(
        store.rename_interest("Haskell", "Elm"),
        Err(Error::NoMatch { .. })
    ));
    let err = store.rename_interest("Golang", " ").unwrap_err();
    assert_eq!(invalid_fields(&err), ["name"]);
}

#[test]
fn merging_interests_moves_contacts_and_asks_and_the_old_name_still_resolves() {
    let mut store = store();
    let with = |name: &str, interests: &[&str]| ContactInput {
        interests: interests.iter().map(|s| (*s).into()).collect(),
        ..named(name)
    };
    let ana = store.add_contact(with("Ana", &["golang"]), now()).unwrap();
    let bob = store.add_contact(with("Bob", &["Go"]), now()).unwrap();
    let carla = store
        .add_contact(with("Carla", &["golang", "Go", "Rust"]), now())
        .unwrap();
    let need = store
        .add_ask(
            ask(&bob, AskKind::Need, "A golang mentor", &["golang"]),
            now(),
        )
        .unwrap();
    assert_eq!(need.interests, ["golang"]);
    let go_id = store.add_interest("go", now()).unwrap().id;

    let merged = store.merge_interests("golang", "Go").unwrap();
    assert_eq!(
        (merged.id, merged.name.as_str(), merged.contacts),
        (go_id, "Go", 3)
    );
    let vocabulary: Vec<String> = store
        .list_interests()
        .unwrap()
        .into_iter()
        .map(|i| i.name)
        .collect();
    assert_eq!(vocabulary, ["Go", "Rust"], "the source is deleted");
    assert_eq!(store.get_contact(ana.id).unwrap().interests, ["Go"]);
    assert_eq!(store.get_contact(bob.id).unwrap().interests, ["Go"]);
    assert_eq!(
        store.get_contact(carla.id).unwrap().interests,
        ["Go", "Rust"]
    );
    let asks = store.list_asks(&AskQuery::default()).unwrap();
    assert_eq!(asks[0].interests, ["Go"]);

    // The old name keeps finding the merged interest.
    let dan = store.add_contact(with("Dan", &["Golang"]), now()).unwrap();
    assert_eq!(dan.interests, ["Go"]);
    assert_eq!(store.add_interest("GOLANG", now()).unwrap().id, go_id);
    let offer = store
        .add_ask(
            ask(&dan, AskKind::Offer, "Code reviews", &["golang"]),
            now(),
        )
        .unwrap();
    assert_eq!(offer.interests, ["Go"]);
    let q = ContactQuery {
        interest: Some("Go".into()),
        ..query()
    };
    assert_eq!(list_names(&store, q), ["Ana", "Bob", "Carla", "Dan"]);
    let by_old_name = ContactQuery {
        interest: Some("golang".into()),
        ..query()
    };
    assert_eq!(
        list_names(&store, by_old_name),
        ["Ana", "Bob", "Carla", "Dan"],
        "filtering by the merged name finds the merged interest"
    );
    assert_eq!(store.list_interests().unwrap()[0].contacts, 4);

    let err = store.merge_interests("go", "GO").unwrap_err();
    assert_eq!(invalid_fields(&err), ["from"]);
    assert!(matches!(
        store.merge_interests("Haskell", "Go"),
        Err(Error::NoMatch { .. })
    ));
}

// Needs and offers -------------------------------------------------------------------------

#[test]
fn asks_of_contacts_and_of_me_are_listed_and_resolved() {
    let mut store = store();
    let me = store.me(now()).unwrap();
    let ana = add(&mut store, "Ana Ruiz");
    let bob = add(&mut store, "Bob Stone");

    let need = store
        .add_ask(
            ask(
                &ana,
                AskKind::Need,
                " A job in Lisbon ",
                &["Hiring", "Lisbon"],
            ),
            day(11, 1),
        )
        .unwrap();
    assert_eq!(need.contact, r(&ana));
    assert_eq!(need.kind, AskKind::Need);
    assert_eq!(need.text, "A job in Lisbon");
    assert_eq!(need.status, AskStatus::Open);
    assert_eq!(need.interests, ["Hiring", "Lisbon"]);
    assert_eq!(need.created_at, day(11, 1));
    assert_eq!((need.resolved_at, need.helped_by.clone()), (None, None));

    let offer = store
        .add_ask(
            ask(&me, AskKind::Offer, "Intros to Rust people", &["Rust"]),
            day(11, 2),
        )
        .unwrap();
    assert_eq!(offer.contact, r(&me));
    assert_eq!(offer.kind, AskKind::Offer);

    let ids = |asks: Vec<Ask>| asks.into_iter().map(|a| a.id).collect::<Vec<_>>();
    assert_eq!(
        ids(store.list_asks(&AskQuery::default()).unwrap()),
        [offer.id, need.id],
        "newest first"
    );
    let of_ana = AskQuery {
        contact_id: Some(ana.id),
        open_only: false,
    };
    assert_eq!(
        store.list_asks(&of_ana).unwrap(),
        std::slice::from_ref(&need)
    );
    let of_me = AskQuery {
        contact_id: Some(me.id),
        open_only: true,
    };
    assert_eq!(ids(store.list_asks(&of_me).unwrap()), [offer.id]);

    let helped = store
        .set_ask_status(need.id, AskStatus::Helped, Some(bob.id), day(11, 5))
        .unwrap();
    assert_eq!(helped.status, AskStatus::Helped);
    assert_eq!(helped.helped_by, Some(r(&bob)));
    assert_eq!(helped.resolved_at, Some(day(11, 5)));
    let open = AskQuery {
        contact_id: None,
        open_only: true,
    };
    assert_eq!(ids(store.list_asks(&open).unwrap()), [offer.id]);
    assert_eq!(store.list_asks(&of_ana).unwrap(), [helped]);

    let closed = store
        .set_ask_status(offer.id, AskStatus::Closed, None, day(11, 6))
        .unwrap();
    assert_eq!(
        (closed.status, closed.resolved_at),
        (AskStatus::Closed, Some(day(11, 6)))
    );
    assert!(store.list_asks(&open).unwrap().is_empty());

    let reopened = store
        .set_ask_status(need.id, AskStatus::Open, None, day(11, 7))
        .unwrap();
    assert_eq!(reopened.status, AskStatus::Open);
    assert_eq!((reopened.resolved_at, reopened.helped_by), (None, None));
    assert_eq!(ids(store.list_asks(&open).unwrap()), [need.id]);

    // The asks of a trashed contact are not listed.
    store.delete_contact(ana.id, now()).unwrap();
    assert_eq!(
        ids(store.list_asks(&AskQuery::default()).unwrap()),
        [offer.id]
    );
}

#[test]
fn an_invalid_ask_is_refused_and_writes_nothing() {
    let mut store = store();
    let ana = add(&mut store, "Ana Ruiz");
    let missing = NewAsk {
        contact_id: 9999,
        kind: AskKind::Need,
        text: "A flat".into(),
        interests: vec!["Housing".into()],
    };
    let err = store.add_ask(missing, now()).unwrap_err();
    assert_eq!(invalid_fields(&err), ["contactId"]);
    let err = store
        .add_ask(ask(&ana, AskKind::Need, "  ", &[]), now())
        .unwrap_err();
    assert_eq!(invalid_fields(&err), ["text"]);
    assert!(store.list_asks(&AskQuery::default()).unwrap().is_empty());
    assert!(
        store.list_interests().unwrap().is_empty(),
        "no interest was added"
    );

    let need = store
        .add_ask(ask(&ana, AskKind::Need, "A flat", &[]), now())
        .unwrap();
    assert!(matches!(
        store.set_ask_status(need.id, AskStatus::Helped, Some(9999), now()),
        Err(Error::NotFound { .. })
    ));
    assert!(matches!(
        store.set_ask_status(9999, AskStatus::Closed, None, now()),
        Err(Error::NotFound { .. })
    ));
    assert_eq!(store.list_asks(&AskQuery::default()).unwrap(), [need]);
}

// Interactions -----------------------------------------------------------------------------

#[test]
fn an_interaction_is_on_the_timeline_of_every_participant() {
    let mut store = store();
    let ana = add(&mut store, "Ana Ruiz");
    let bob = add(&mut store, "Bob Stone");
    let carla = add(&mut store, "Carla Díaz");

    let input = NewInteraction {
        participants: vec![bob.id, ana.id],
        kind: InteractionKind::Video,
        occurred_at: day(11, 20),
        has_time: false,
        summary: " Planned the trip ".into(),
        notes: "Ana books the boat.\nBob brings the maps.".into(),
        initiated_by: Some(Initiator::Them),
        quality: Some(4),
        help: vec![],
        follow_up: None,
    };
    let logged = store.log_interaction(input, now()).unwrap();
    assert_eq!(
        logged,
        Interaction {
            id: logged.id,
            kind: InteractionKind::Video,
            occurred_at: day(11, 20),
            has_time: false,
            summary: "Planned the trip".into(),
            notes: "Ana books the boat.\nBob brings the maps.".into(),
            initiated_by: Some(Initiator::Them),
            quality: Some(4),
            participants: vec![r(&ana), r(&bob)],
            help: vec![],
            follow_up: None,
            deleted_at: None,
            source_id: None,
        }
    );
    assert_eq!(store.get_interaction(logged.id).unwrap(), logged);
    for who in [&ana, &bob] {
        let page = store.timeline(who.id, 10, 0).unwrap();
        assert_eq!((page.total, page.offset), (1, 0));
        assert_eq!(
            page.items,
            std::slice::from_ref(&logged),
            "timeline of {}",
            who.name
        );
    }
    assert_eq!(store.timeline(carla.id, 10, 0).unwrap().total, 0);
    assert!(matches!(
        store.timeline(9999, 10, 0),
        Err(Error::NotFound { .. })
    ));
    for limit in [0, 201] {
        let err = store.timeline(ana.id, limit, 0).unwrap_err();
        assert_eq!(invalid_fields(&err), ["limit"]);
    }
}

#[test]
fn timelines_are_newest_first_and_paged() {
    let mut store = store();
    let ana = add(&mut store, "Ana Ruiz");
    let bob = add(&mut store, "Bob Stone");
    let start = Utc.with_ymd_and_hms(2026, 1, 1, 9, 0, 0).unwrap();
    let mut logged = Vec::new();
    for i in 0..25i64 {
        // Logged out of order; two of them at the same minute.
        let at = start + Duration::days((i * 7) % 25) + Duration::hours(i % 2);
        let at = if i == 24 { logged_at(&logged, 3) } else { at };
        let participants = if i % 3 == 0 {
            vec![ana.id, bob.id]
        } else {
            vec![ana.id]
        };
        let interaction = store
            .log_interaction(talk(&participants, at, &format!("Talk {i}")), now())
            .unwrap();
        logged.push(interaction);
    }
    let mut want: Vec<&Interaction> = logged.iter().collect();
    want.sort_by_key(|i| (std::cmp::Reverse(i.occurred_at), std::cmp::Reverse(i.id)));
    let want_ids: Vec<i64> = want.iter().map(|i| i.id).collect();

    let mut paged = Vec::new();
    for (offset, len) in [(0, 10), (10, 10), (20, 5), (25, 0)] {
        let page = store.timeline(ana.id, 10, offset).unwrap();
        assert_eq!(page.total, 25);
        assert_eq!(page.offset, offset);
        assert_eq!(page.items.len(), len, "page at {offset}");
        paged.extend(page.items);
    }
    let paged_ids: Vec<i64> = paged.iter().map(|i| i.id).collect();
    assert_eq!(paged_ids, want_ids, "pages concatenate, newest first");
    assert!(paged
        .windows(2)
        .all(|w| (w[0].occurred_at, w[0].id) > (w[1].occurred_at, w[1].id)));
    assert_eq!(
        paged[0].occurred_at,
        start + Duration::days(24) + Duration::hours(1)
    );

    let bobs: Vec<i64> = want_ids
        .iter()
        .copied()
        .filter(|id| {
            logged
                .iter()
                .any(|i| i.id == *id && i.participants.len() == 2)
        })
        .collect();
    assert_eq!(bobs.len(), 9);
    let bob_page = store.timeline(bob.id, 4, 4).unwrap();
    assert_eq!(bob_page.total, 9);
    let ids: Vec<i64> = bob_page.items.iter().map(|i| i.id).collect();
    assert_eq!(ids, bobs[4..8]);
}

fn logged_at(logged: &[Interaction], index: usize) -> DateTime<Utc> {
    logged[index].occurred_at
}

#[test]
fn help_given_and_received_is_stored_and_returned() {
    let mut store = store();
    let me = store.me(now()).unwrap();
    let ana = add(&mut store, "Ana Ruiz");
    let input = NewInteraction {
        help: vec![
            HelpInput {
                giver: me.id,
                receiver: ana.id,
                text: " Reviewed her CV ".into(),
                ask_id: None,
            },
            HelpInput {
                giver: ana.id,
                receiver: me.id,
                text: "Introduced me to Bea".into(),
                ask_id: None,
            },
        ],
        ..talk(&[ana.id], day(11, 10), "Coffee")
    };
    let logged = store.log_interaction(input, now()).unwrap();
    let want = [
        Help {
            giver: r(&me),
            receiver: r(&ana),
            text: "Reviewed her CV".into(),
            ask_id: None,
        },
        Help {
            giver: r(&ana),
            receiver: r(&me),
            text: "Introduced me to Bea".into(),
            ask_id: None,
        },
    ];
    assert_eq!(logged.help, want);
    assert_eq!(store.get_interaction(logged.id).unwrap().help, want);
    assert_eq!(store.timeline(ana.id, 10, 0).unwrap().items[0].help, want);

    let err = store
        .log_interaction(
            NewInteraction {
                help: vec![HelpInput {
                    giver: ana.id,
                    receiver: ana.id,
                    text: "Self-help".into(),
                    ask_id: None,
                }],
                ..talk(&[ana.id], day(11, 11), "Again")
            },
            now(),
        )
        .unwrap_err();
    assert_eq!(invalid_fields(&err), ["help[0]"]);
    let err = store
        .log_interaction(
            NewInteraction {
                help: vec![HelpInput {
                    giver: 9999,
                    receiver: ana.id,
                    text: "A ghost's help".into(),
                    ask_id: None,
                }],
                ..talk(&[ana.id], day(11, 11), "Again")
            },
            now(),
        )
        .unwrap_err();
    assert_eq!(invalid_fields(&err), ["participants"]);
    assert_eq!(store.timeline(ana.id, 10, 0).unwrap().total, 1);
}

#[test]
fn help_for_an_ask_marks_it_helped_by_the_giver() {
    let mut store = store();
    let me = store.me(now()).unwrap();
    let ana = add(&mut store, "Ana Ruiz");
    let need = store
        .add_ask(
            ask(&ana, AskKind::Need, "A Rust mentor", &["Rust"]),
            day(10, 1),
        )
        .unwrap();

    let before = interaction_rows(&store);
    let err = store
        .log_interaction(
            NewInteraction {
                help: vec![HelpInput {
                    giver: me.id,
                    receiver: ana.id,
                    text: "Found her a mentor".into(),
                    ask_id: Some(9999),
                }],
                ..talk(&[ana.id], day(11, 10), "Call")
            },
            now(),
        )
        .unwrap_err();
    assert_eq!(invalid_fields(&err), ["help[0]"]);
    assert_eq!(interaction_rows(&store), before, "nothing was written");

    let logged = store
        .log_interaction(
            NewInteraction {
                help: vec![HelpInput {
                    giver: me.id,
                    receiver: ana.id,
                    text: "Found her a mentor".into(),
                    ask_id: Some(need.id),
                }],
                ..talk(&[ana.id], day(11, 10), "Call")
            },
            now(),
        )
        .unwrap();
    assert_eq!(logged.help[0].ask_id, Some(need.id));
    let helped = store.list_asks(&AskQuery::default()).unwrap().remove(0);
    assert_eq!(helped.id, need.id);
    assert_eq!(helped.status, AskStatus::Helped);
    assert_eq!(helped.helped_by, Some(r(&me)));
    assert_eq!(helped.resolved_at, Some(now()));
}

#[test]
fn a_follow_up_promise_becomes_a_reminder() {
    let mut store = store();
    let ana = add(&mut store, "Ana Ruiz");
    let bob = add(&mut store, "Bob Stone");
    let promise = FollowUp {
        due_on: date(2026, 12, 1),
        text: "Send the article".into(),
        contact: None,
        by: Default::default(),
    };
    let logged = store
        .log_interaction(
            NewInteraction {
                follow_up: Some(FollowUp {
                    text: " Send the article ".into(),
                    ..promise.clone()
                }),
                ..talk(&[ana.id, bob.id], day(11, 20), "Lunch")
            },
            now(),
        )
        .unwrap();
    // Promised, by me, to the first participant (no one was named).
    let promise = FollowUp {
        contact: Some(ana.id),
        ..promise
    };
    assert_eq!(logged.follow_up, Some(promise.clone()));
    assert_eq!(
        store.get_interaction(logged.id).unwrap().follow_up,
        Some(promise.clone())
    );
    assert_eq!(
        store.timeline(bob.id, 5, 0).unwrap().items[0].follow_up,
        Some(promise)
    );
    let reminder: (i64, String, String, String, String, Option<i64>) = store
        .conn()
        .query_row(
            "SELECT contact_id, due_on, text, source, status, interaction_id FROM reminder",
            [],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                ))
            },
        )
        .unwrap();
    assert_eq!(
        reminder,
        (
            ana.id,
            "2026-12-01".into(),
            "Send the article".into(),
            "promise".into(),
            "open".into(),
            Some(logged.id)
        )
    );

    let without = log(&mut store, &[ana.id], day(11, 21), "No promise");
    assert_eq!(without.follow_up, None);
    assert_eq!(count(&store, "SELECT count(*) FROM reminder"), 1);
}

#[test]
fn last_interaction_follows_logged_deleted_and_restored_interactions() {
    let mut store = store();
    let ana = add(&mut store, "Ana Ruiz");
    let bob = add(&mut store, "Bob Stone");
    let last = |store: &Store, c: &Contact| store.get_contact(c.id).unwrap().last_interaction_at;

    let shared = log(&mut store, &[ana.id, bob.id], day(3, 1), "Dinner");
    assert_eq!(
        (last(&store, &ana), last(&store, &bob)),
        (Some(day(3, 1)), Some(day(3, 1)))
    );
    let later = log(&mut store, &[ana.id], day(6, 1), "Call");
    let earlier = log(&mut store, &[ana.id], day(1, 1), "Old call");
    assert_eq!(
        last(&store, &ana),
        Some(day(6, 1)),
        "an older log does not move it back"
    );
    assert_eq!(last(&store, &bob), Some(day(3, 1)));

    store.delete_interaction(later.id, now()).unwrap();
    assert_eq!(last(&store, &ana), Some(day(3, 1)));
    store.delete_interaction(shared.id, now()).unwrap();
    assert_eq!(
        (last(&store, &ana), last(&store, &bob)),
        (Some(day(1, 1)), None)
    );
    store.delete_interaction(earlier.id, now()).unwrap();
    assert_eq!(last(&store, &ana), None);

    store.restore_interaction(shared.id).unwrap();
    assert_eq!(
        (last(&store, &ana), last(&store, &bob)),
        (Some(day(3, 1)), Some(day(3, 1)))
    );
    store.restore_interaction(later.id).unwrap();
    assert_eq!(last(&store, &ana), Some(day(6, 1)));
    let summary = &store.list_contacts(&query()).unwrap().items[0];
    assert_eq!(summary.last_interaction_at, Some(day(6, 1)));
}

#[test]
fn an_invalid_interaction_names_the_field_and_writes_nothing() {
    let mut store = store();
    let ana = add(&mut store, "Ana Ruiz");
    let trashed = add(&mut store, "Trashed Tom");
    store.delete_contact(trashed.id, now()).unwrap();
    log(&mut store, &[ana.id], day(11, 1), "Before");
    let before = interaction_rows(&store);
    let year_30000 = NaiveDate::from_ymd_opt(30000, 1, 1)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap()
        .and_utc();

    let ok = || talk(&[ana.id], day(11, 20), "Lunch");
    let cases: Vec<(NewInteraction, &str)> = vec![
        (talk(&[], day(11, 20), "Lunch"), "participants"),
        (talk(&[ana.id, 9999], day(11, 20), "Lunch"), "participants"),
        (
            talk(&[ana.id, trashed.id], day(11, 20), "Lunch"),
            "participants",
        ),
        (talk(&[ana.id], year_30000, "Lunch"), "occurredAt"),
        (
            talk(&[ana.id], day(6, 1) + Duration::days(365), "Lunch"),
            "occurredAt",
        ),
        (
            talk(&[ana.id], now() + Duration::days(2), "Lunch"),
            "occurredAt",
        ),
        (
            NewInteraction {
                summary: "  ".into(),
                notes: " \n ".into(),
                ..ok()
            },
            "summary",
        ),
        (
            NewInteraction {
                quality: Some(9),
                ..ok()
            },
            "quality",
        ),
        (
            NewInteraction {
                quality: Some(0),
                ..ok()
            },
            "quality",
        ),
        (
            NewInteraction {
                follow_up: Some(FollowUp {
                    due_on: date(2040, 1, 1),
                    text: "Too far".into(),
                    contact: None,
                    by: Default::default(),
                }),
                ..ok()
            },
            "followUp",
        ),
    ];
    for (input, field) in cases {
        let err = store.log_interaction(input.clone(), now()).unwrap_err();
        assert_eq!(invalid_fields(&err), [field], "{input:?}");
    }
    let err = store
        .log_interaction(talk(&[ana.id, 9999], day(11, 20), "x"), now())
        .unwrap_err();
    assert!(err.to_string().contains("9999"), "{err}");

    assert_eq!(interaction_rows(&store), before, "nothing was written");
    assert_eq!(store.timeline(ana.id, 10, 0).unwrap().total, 1);
    assert_eq!(
        store.get_contact(ana.id).unwrap().last_interaction_at,
        Some(day(11, 1))
    );
    // Notes alone are enough.
    let notes_only = NewInteraction {
        summary: String::new(),
        notes: "Just notes".into(),
        ..ok()
    };
    assert!(store.log_interaction(notes_only, now()).is_ok());
}

#[test]
fn a_one_megabyte_note_is_accepted_and_searchable() {
    let mut store = store();
    let ana = add(&mut store, "Ana Ruiz");
    let half = "lorem ipsum dolor sit amet ".repeat(20_000);
    let notes = format!("{half}zanzibar {half}");
    assert!(notes.len() > 1_000_000);
    let logged = store
        .log_interaction(
            NewInteraction {
                notes: notes.clone(),
                ..talk(&[ana.id], day(11, 1), "Long notes")
            },
            now(),
        )
        .unwrap();
    assert_eq!(logged.notes, notes.trim_end());
    assert_eq!(
        store.get_interaction(logged.id).unwrap().notes.len(),
        notes.trim_end().len()
    );

    let found = hits(&store, "zanzibar");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        (found[0].kind, found[0].id),
        (SearchKind::Interaction, logged.id)
    );
    assert_eq!(found[0].contact, r(&ana));
    assert_eq!(found[0].title, "Long notes");
    assert!(
        found[0].snippet.contains("[zanzibar]"),
        "{}",
        found[0].snippet
    );
    assert!(
        found[0].snippet.len() < 1000,
        "a snippet, not the whole note"
    );
}

#[test]
fn names_in_any_script_are_found_by_search() {
    let mut store = store();
    let arabic = add(&mut store, "محمد بن سلمان");
    let cjk = add(&mut store, "李小龍");
    let emoji = add(&mut store, "Zoë 🎉 O'Brien");
    for (text, who) in [
        ("محمد", &arabic),
        ("سلمان", &arabic),
        ("李小龍", &cjk),
        ("李小", &cjk),
        ("zoe", &emoji),
        ("ZOË", &emoji),
        ("o'brien", &emoji),
        ("brien", &emoji),
    ] {
        let found = hits(&store, text);
        assert_eq!(
            hit_keys(&found),
            [key(SearchKind::Contact, who.id)],
            "{text:?}"
        );
        assert!(
            found[0].snippet.contains('['),
            "{text:?}: {}",
            found[0].snippet
        );
        let q = ContactQuery {
            search: Some(text.into()),
            ..query()
        };
        assert_eq!(
            list_names(&store, q),
            std::slice::from_ref(&who.name),
            "{text:?}"
        );
    }
}

// Search -----------------------------------------------------------------------------------

/// The names the People list searched for `text` shows.
fn people(store: &Store, text: &str) -> Vec<String> {
    list_names(
        store,
        ContactQuery {
            search: Some(text.into()),
            ..query()
        },
    )
}

/// Five people, four of whom like climbing (one of them in the trash), and a need and an
/// offer.
fn climbers(store: &mut Store) -> [Contact; 5] {
    let mk = |name: &str, interests: &[&str], notes: &str| ContactInput {
        interests: interests.iter().map(|s| (*s).into()).collect(),
        notes: notes.into(),
        ..named(name)
    };
    let people = [
        mk("Ana Ruiz", &["Climbing", "Chess"], ""),
        mk("Bob Stone", &["climbing"], "Runs marathons"),
        mk("Carla Díaz", &["Sailing", "Climbing"], ""),
        mk("Dan Ruiz", &["Climbing"], ""),
        mk("Eve Fox", &["Chess"], "Met at the climbing gym"),
    ]
    .map(|i| store.add_contact(i, now()).unwrap());
    let gone = add(store, "Finn Gray");
    let mut edit = ContactInput::from_contact(&gone);
    edit.interests = vec!["Climbing".into()];
    store.update_contact(gone.id, edit, now()).unwrap();
    store.delete_contact(gone.id, now()).unwrap();
    people
}

#[test]
fn search_finds_people_by_their_interests() {
    let mut store = store();
    let [ana, bob, carla, dan, eve] = climbers(&mut store);
    let found = hits(&store, "climbing");
    assert_eq!(
        hit_keys(&found),
        [ana.id, bob.id, carla.id, dan.id, eve.id].map(|id| key(SearchKind::Contact, id)),
        "the four with the interest, and Eve by her notes; not Finn, in the trash"
    );
    for h in found.iter().filter(|h| h.contact.id != eve.id) {
        assert!(h.snippet.contains("[Climbing]"), "{h:?}");
    }
    assert_eq!(
        people(&store, "climbing"),
        ["Ana Ruiz", "Bob Stone", "Carla Díaz", "Dan Ruiz", "Eve Fox"]
    );
    assert_eq!(
        people(&store, "climb chess"),
        ["Ana Ruiz", "Eve Fox"],
        "Eve by her notes and her interest"
    );
    assert_eq!(people(&store, "sail"), ["Carla Díaz"]);

    store.rename_interest("Climbing", "Bouldering").unwrap();
    assert_eq!(people(&store, "climbing"), ["Eve Fox"], "renamed away");
    assert_eq!(
        people(&store, "bouldering"),
        ["Ana Ruiz", "Bob Stone", "Carla Díaz", "Dan Ruiz"]
    );
    store.merge_interests("Chess", "Sailing").unwrap();
    assert!(people(&store, "chess").is_empty(), "merged away");
    assert_eq!(
        people(&store, "sailing"),
        ["Ana Ruiz", "Carla Díaz", "Eve Fox"]
    );
    let mut edit = ContactInput::from_contact(&store.get_contact(dan.id).unwrap());
    edit.interests.clear();
    store.update_contact(dan.id, edit, now()).unwrap();
    assert_eq!(
        people(&store, "bouldering"),
        ["Ana Ruiz", "Bob Stone", "Carla Díaz"],
        "taken away"
    );
}

#[test]
fn the_people_search_finds_who_has_a_need_or_an_offer() {
    let mut store = store();
    let [ana, bob, ..] = climbers(&mut store);
    let need = store
        .add_ask(
            ask(&bob, AskKind::Need, "A kayak for the summer", &[]),
            now(),
        )
        .unwrap();
    store
        .add_ask(
            ask(
                &ana,
                AskKind::Offer,
                "Can lend a tent and a kayak paddle",
                &[],
            ),
            now(),
        )
        .unwrap();
    let kayak = hits(&store, "kayak");
    assert!(
        kayak
            .iter()
            .any(|h| h.kind == SearchKind::Ask && h.id == need.id && h.contact == r(&bob)),
        "{kayak:?}"
    );
    assert_eq!(people(&store, "kayak"), ["Ana Ruiz", "Bob Stone"]);
    assert_eq!(people(&store, "tent"), ["Ana Ruiz"]);
    assert_eq!(people(&store, "summer kay"), ["Bob Stone"]);
    let (names, total) = list(
        &store,
        ContactQuery {
            search: Some("kayak".into()),
            circle: Some(Circle::Inner),
            ..query()
        },
    );
    assert_eq!((names.len(), total), (0, 0), "other filters still apply");
}

#[test]
fn search_finds_emoji_and_symbols_in_notes_summaries_and_names() {
    let mut store = store();
    let zoe = add(&mut store, "Zoë🌻 Park");
    let ana = store
        .add_contact(
            ContactInput {
                notes: "Loves ❤️ and ☕coffee; owes me €100 and $100".into(),
                ..named("Ana Ruiz")
            },
            now(),
        )
        .unwrap();
    let party = store
        .log_interaction(
            NewInteraction {
                notes: "Congrats🎉 on the new job 👍🏽 — the whole 👨‍👩‍👧 came".into(),
                ..talk(&[zoe.id], day(11, 3), "Party ☕ and cake")
            },
            now(),
        )
        .unwrap();
    let plain = store
        .log_interaction(
            NewInteraction {
                notes: "A plain ❤ heart, 20°C, and → arrows".into(),
                ..talk(&[ana.id], day(11, 4), "Walk")
            },
            now(),
        )
        .unwrap();
    let keys = |text: &str| hit_keys(&hits(&store, text));
    let contact = |c: &Contact| key(SearchKind::Contact, c.id);
    let talk_ = |i: &Interaction| key(SearchKind::Interaction, i.id);

    assert_eq!(keys("🎉"), [talk_(&party)], "glued to a word");
    assert_eq!(keys("congrats"), [talk_(&party)], "the word still");
    assert_eq!(keys("congrats🎉"), [talk_(&party)], "both, as typed");
    assert_eq!(
        keys("☕"),
        [contact(&ana), talk_(&party)],
        "glued and spaced"
    );
    assert_eq!(keys("coffee"), [contact(&ana)]);
    assert_eq!(keys("€"), [contact(&ana)]);
    assert_eq!(keys("100"), [contact(&ana)], "after € and after $");
    assert_eq!(keys("€100"), [contact(&ana)]);
    assert_eq!(keys("❤"), [contact(&ana), talk_(&plain)]);
    assert_eq!(
        keys("❤️"),
        [contact(&ana), talk_(&plain)],
        "with its selector"
    );
    assert_eq!(keys("👍"), [talk_(&party)], "any skin tone");
    assert_eq!(keys("👍🏽"), [talk_(&party)]);
    assert_eq!(keys("👨‍👩‍👧"), [talk_(&party)], "a sequence");
    assert_eq!(keys("°"), [talk_(&plain)]);
    assert_eq!(keys("20"), [talk_(&plain)]);
    assert_eq!(keys("→"), [talk_(&plain)]);
    assert_eq!(keys("🌻"), [contact(&zoe)], "in a name");
    assert_eq!(keys("zoe"), [contact(&zoe)]);
    assert!(keys("🚀").is_empty());

    let snippet = |text: &str, k: (String, i64)| {
        hits(&store, text)
            .into_iter()
            .find(|h| key(h.kind, h.id) == k)
            .unwrap()
            .snippet
    };
    assert!(
        snippet("🎉", talk_(&party)).contains("Congrats[🎉] on"),
        "{}",
        snippet("🎉", talk_(&party))
    );
    assert!(snippet("congrats", talk_(&party)).contains("[Congrats]🎉 on"));
    assert!(snippet("☕", contact(&ana)).contains("[☕]coffee"));
    assert!(snippet("❤", contact(&ana)).contains("[❤]\u{fe0f}"));
    assert_eq!(snippet("🌻", contact(&zoe)), "Zoë[🌻] Park");

    assert_eq!(people(&store, "🌻"), ["Zoë🌻 Park"]);
    assert_eq!(people(&store, "€"), ["Ana Ruiz"]);
    assert_eq!(people(&store, "☕"), ["Ana Ruiz"]);
}

#[test]
fn search_finds_contacts_interactions_and_asks_with_snippets() {
    let mut store = store();
    let ana = store
        .add_contact(
            ContactInput {
                company: Some("Acme".into()),
                ..named("Ana Ruiz")
            },
            now(),
        )
        .unwrap();
    let bob = add(&mut store, "Bob Stone");
    let lunch = store
        .log_interaction(
            NewInteraction {
                notes: "We talked about kayaks and the lake.".into(),
                ..talk(&[bob.id, ana.id], day(11, 3), "Lunch at Acme HQ")
            },
            now(),
        )
        .unwrap();
    let need = store
        .add_ask(
            ask(&bob, AskKind::Need, "A kayak for the summer", &[]),
            now(),
        )
        .unwrap();

    let acme = hits(&store, "acme");
    assert_eq!(
        hit_keys(&acme),
        [
            key(SearchKind::Contact, ana.id),
            key(SearchKind::Interaction, lunch.id)
        ]
    );
    for h in &acme {
        assert!(h.snippet.contains("[Acme]"), "{h:?}");
        assert_eq!(h.contact, r(&ana), "{h:?}");
    }
    let contact_hit = acme.iter().find(|h| h.kind == SearchKind::Contact).unwrap();
    assert_eq!(
        (contact_hit.title.as_str(), contact_hit.occurred_at),
        ("Ana Ruiz", None)
    );
    let lunch_hit = acme
        .iter()
        .find(|h| h.kind == SearchKind::Interaction)
        .unwrap();
    assert_eq!(lunch_hit.title, "Lunch at Acme HQ");
    assert_eq!(lunch_hit.occurred_at, Some(day(11, 3)));

    let kayak = hits(&store, "kayak");
    assert_eq!(
        hit_keys(&kayak),
        [
            key(SearchKind::Ask, need.id),
            key(SearchKind::Interaction, lunch.id)
        ]
    );
    let ask_hit = kayak.iter().find(|h| h.kind == SearchKind::Ask).unwrap();
    assert_eq!(ask_hit.contact, r(&bob), "an ask points to its owner");
    assert_eq!(ask_hit.title, "A kayak for the summer");
    assert!(ask_hit.snippet.contains("[kayak]"), "{ask_hit:?}");
    let notes_hit = kayak
        .iter()
        .find(|h| h.kind == SearchKind::Interaction)
        .unwrap();
    assert!(notes_hit.snippet.contains("[kayaks]"), "{notes_hit:?}");

    assert_eq!(
        hit_keys(&hits(&store, "bob st")),
        [key(SearchKind::Contact, bob.id)]
    );
    assert_eq!(hits(&store, "kayak").len(), 2);
    assert_eq!(
        store.search("kayak", 1).unwrap().len(),
        1,
        "the limit is kept"
    );
    assert!(hits(&store, "").is_empty());
}

#[test]
fn trashed_contacts_and_interactions_are_not_found() {
    let mut store = store();
    let ana = add(&mut store, "Ana Ruiz");
    let bob = add(&mut store, "Bob Stone");
    let solo = log(&mut store, &[ana.id], day(11, 1), "Sailing with Ana");
    let shared = log(
        &mut store,
        &[ana.id, bob.id],
        day(11, 2),
        "Sailing with both",
    );
    let need = store
        .add_ask(ask(&ana, AskKind::Need, "A sailing partner", &[]), now())
        .unwrap();
    let all = [
        key(SearchKind::Interaction, solo.id),
        key(SearchKind::Interaction, shared.id),
        key(SearchKind::Ask, need.id),
    ];
    let mut sorted = all.to_vec();
    sorted.sort();
    assert_eq!(hit_keys(&hits(&store, "sailing")), sorted);

    store.delete_contact(ana.id, now()).unwrap();
    assert!(hits(&store, "ana").is_empty(), "{:?}", hits(&store, "ana"));
    let left = hits(&store, "sailing");
    assert_eq!(hit_keys(&left), [key(SearchKind::Interaction, shared.id)]);
    assert_eq!(left[0].contact, r(&bob), "points to a live participant");

    store.delete_interaction(shared.id, now()).unwrap();
    assert!(hits(&store, "sailing").is_empty());

    store.restore_contact(ana.id).unwrap();
    store.restore_interaction(shared.id).unwrap();
    assert_eq!(hit_keys(&hits(&store, "sailing")), sorted);
    assert_eq!(
        hit_keys(&hits(&store, "ana")),
        [
            key(SearchKind::Contact, ana.id),
            key(SearchKind::Interaction, solo.id)
        ]
    );
}

#[test]
fn odd_search_input_never_fails() {
    let mut store = store();
    let ana = add(&mut store, "Ana Ruiz");
    add(&mut store, "Orla Or");
    log(
        &mut store,
        &[ana.id],
        day(11, 1),
        "Said \"hello\" (twice) * OR NOT",
    );
    let inputs = [
        "\"",
        "\"\"",
        "ana\"",
        "\"ana",
        "(ana",
        "ana)",
        "()",
        "ana OR bob",
        "OR",
        "AND",
        "NOT",
        "NEAR(ana ruiz)",
        "*",
        "**",
        "ana*",
        "-",
        "--ana",
        "'",
        "''",
        "^ana",
        "!!!",
        "...",
        "title:ana",
        ":",
        "{ana}",
        "[ana]",
        "\\",
        "%",
        "_",
        "«»",
        "—",
        "…",
        "🎉",
        "ana + ruiz",
        "a\"b OR (c",
        "\u{0}",
        "\u{200b}",
        "   ",
        "",
    ];
    for input in inputs {
        assert!(store.search(input, 20).is_ok(), "search {input:?}");
        let q = ContactQuery {
            search: Some(input.into()),
            ..query()
        };
        assert!(store.list_contacts(&q).is_ok(), "list {input:?}");
        assert!(store.find_contact(input).is_ok(), "find {input:?}");
    }
    // Operators are words like any other; a quote does not end the query.
    assert_eq!(
        hit_keys(&hits(&store, "ana\"")),
        [key(SearchKind::Contact, ana.id)]
    );
    assert_eq!(
        hit_keys(&hits(&store, "(ana")),
        [key(SearchKind::Contact, ana.id)]
    );
    assert_eq!(
        hit_keys(&hits(&store, "ana*")),
        [key(SearchKind::Contact, ana.id)]
    );
    assert_eq!(hits(&store, "\"hello\" (twice)").len(), 1);
    assert!(
        hits(&store, "ana OR zed").is_empty(),
        "OR is not an operator"
    );
    assert!(hits(&store, "!!!").is_empty());
    assert_eq!(
        hit_keys(&hits(&store, "ana\u{0}")),
        [key(SearchKind::Contact, ana.id)],
        "a control character separates words"
    );
    assert_eq!(
        store.search("ana", 0).unwrap().len(),
        1,
        "a zero limit is raised to one"
    );
}

// Trash ------------------------------------------------------------------------------------

#[test]
fn a_trashed_contact_comes_back_with_their_interactions() {
    let mut store = store();
    let ana = add(&mut store, "Ana Ruiz");
    let bob = add(&mut store, "Bob Stone");
    let shared = log(&mut store, &[ana.id, bob.id], day(11, 1), "Dinner");
    let solo = log(&mut store, &[ana.id], day(11, 5), "Call");
    let deleted_at = day(11, 10);

    store.delete_contact(ana.id, deleted_at).unwrap();
    assert_eq!(list_names(&store, query()), ["Bob Stone"]);
    let everyone = ContactQuery {
        include_archived: true,
        ..query()
    };
    assert_eq!(list_names(&store, everyone), ["Bob Stone"]);
    assert_eq!(
        store.get_contact(ana.id).unwrap().deleted_at,
        Some(deleted_at)
    );
    assert_eq!(
        store.list_trash().unwrap(),
        [TrashItem {
            kind: TrashKind::Contact,
            id: ana.id,
            title: "Ana Ruiz".into(),
            deleted_at,
            purge_at: deleted_at + Duration::days(30),
        }]
    );
    assert_eq!(TRASH_DAYS, 30);
    // Bob keeps the shared interaction; Ana is no longer shown in it.
    let bobs = store.timeline(bob.id, 10, 0).unwrap();
    assert_eq!(bobs.items.len(), 1);
    assert_eq!(bobs.items[0].participants, [r(&bob)]);

    let restored = store.restore_contact(ana.id).unwrap();
    assert_eq!(restored.deleted_at, None);
    assert_eq!(list_names(&store, query()), ["Ana Ruiz", "Bob Stone"]);
    assert!(store.list_trash().unwrap().is_empty());
    assert_eq!(timeline_ids(&store, ana.id), [solo.id, shared.id]);
    assert_eq!(
        store.get_interaction(shared.id).unwrap().participants,
        [r(&ana), r(&bob)]
    );
    assert_eq!(
        store.get_contact(ana.id).unwrap().last_interaction_at,
        Some(day(11, 5))
    );
}

#[test]
fn a_trashed_interaction_leaves_both_timelines_and_comes_back() {
    let mut store = store();
    let ana = add(&mut store, "Ana Ruiz");
    let bob = add(&mut store, "Bob Stone");
    let dinner = log(&mut store, &[ana.id, bob.id], day(11, 1), "Dinner");
    let notes_only = store
        .log_interaction(
            NewInteraction {
                summary: String::new(),
                notes: "x".repeat(300),
                ..talk(&[bob.id], day(11, 2), "")
            },
            now(),
        )
        .unwrap();

    store.delete_interaction(dinner.id, day(11, 10)).unwrap();
    store
        .delete_interaction(notes_only.id, day(11, 11))
        .unwrap();
    assert_eq!(store.timeline(ana.id, 10, 0).unwrap().total, 0);
    assert_eq!(store.timeline(bob.id, 10, 0).unwrap().total, 0);
    assert_eq!(
        store.get_interaction(dinner.id).unwrap().deleted_at,
        Some(day(11, 10))
    );
    assert_eq!(
        store.list_trash().unwrap(),
        [
            TrashItem {
                kind: TrashKind::Interaction,
                id: notes_only.id,
                title: "x".repeat(120),
                deleted_at: day(11, 11),
                purge_at: day(12, 11),
            },
            TrashItem {
                kind: TrashKind::Interaction,
                id: dinner.id,
                title: "Dinner".into(),
                deleted_at: day(11, 10),
                purge_at: day(12, 10),
            },
        ],
        "most recently deleted first"
    );

    let restored = store.restore_interaction(dinner.id).unwrap();
    assert_eq!(restored, dinner);
    assert_eq!(timeline_ids(&store, ana.id), [dinner.id]);
    assert_eq!(timeline_ids(&store, bob.id), [dinner.id]);
    assert_eq!(store.list_trash().unwrap().len(), 1);
    assert!(matches!(
        store.delete_interaction(9999, now()),
        Err(Error::NotFound { .. })
    ));
}

#[test]
fn the_trash_is_purged_only_after_thirty_days() {
    let mut store = store();
    let ana = add(&mut store, "Ana Ruiz");
    let bob = add(&mut store, "Bob Stone");
    let solo = log(&mut store, &[ana.id], day(9, 1), "Ana alone");
    let shared = log(&mut store, &[ana.id, bob.id], day(9, 2), "Both");
    let bobs = log(&mut store, &[bob.id], day(9, 3), "Bob alone");
    let t0 = day(10, 1);
    store.delete_contact(ana.id, t0).unwrap();
    store
        .delete_interaction(bobs.id, t0 + Duration::days(31))
        .unwrap();

    assert_eq!(store.purge_expired_trash(t0).unwrap(), 0);
    assert_eq!(
        store.purge_expired_trash(t0 + Duration::days(30)).unwrap(),
        0,
        "exactly 30 days is not more than 30 days"
    );
    assert_eq!(store.list_trash().unwrap().len(), 2);

    // 31 days later: Ana goes, with the interaction only she was in.
    assert_eq!(
        store.purge_expired_trash(t0 + Duration::days(31)).unwrap(),
        2
    );
    assert!(matches!(
        store.get_contact(ana.id),
        Err(Error::NotFound { .. })
    ));
    assert!(matches!(
        store.get_interaction(solo.id),
        Err(Error::NotFound { .. })
    ));
    assert_eq!(
        store.get_interaction(shared.id).unwrap().participants,
        [r(&bob)]
    );
    let trash = store.list_trash().unwrap();
    assert_eq!(trash.len(), 1);
    assert_eq!(
        (trash[0].kind, trash[0].id),
        (TrashKind::Interaction, bobs.id)
    );
    assert_eq!(
        store.purge_expired_trash(t0 + Duration::days(31)).unwrap(),
        0
    );

    assert_eq!(
        store.purge_expired_trash(t0 + Duration::days(62)).unwrap(),
        1
    );
    assert!(store.list_trash().unwrap().is_empty());
    assert!(matches!(
        store.get_interaction(bobs.id),
        Err(Error::NotFound { .. })
    ));
    assert_eq!(timeline_ids(&store, bob.id), [shared.id]);
    assert_eq!(list_names(&store, query()), ["Bob Stone"]);
}

/// The scene of `emptying_the_trash_...`: Ana (with tags, interests, an email, an ask, help given
/// and a promise) and Carla's call in the trash; Bob, Carla (introduced by Ana) and their
/// interactions, one shared with Ana, live.
struct TrashScene {
    me: Contact,
    ana: Contact,
    bob: Contact,
    carla: Contact,
    need: Ask,
    bobs_need: Ask,
    solo: Interaction,
    shared: Interaction,
    helped: Interaction,
    carlas: Interaction,
}

fn trash_scene(store: &mut Store) -> TrashScene {
    let me = store.me(now()).unwrap();
    let ana = store
        .add_contact(
            ContactInput {
                tags: vec!["friend".into()],
                interests: vec!["Rust".into()],
                channels: vec![channel(ChannelKind::Email, None, "ana@acme.com")],
                ..named("Ana Ruiz")
            },
            now(),
        )
        .unwrap();
    let bob = add(store, "Bob Stone");
    let carla = store
        .add_contact(
            ContactInput {
                introduced_by: Some(ana.id),
                ..named("Carla Díaz")
            },
            now(),
        )
        .unwrap();
    let need = store
        .add_ask(ask(&ana, AskKind::Need, "A flat", &[]), now())
        .unwrap();
    let bobs_need = store
        .add_ask(ask(&bob, AskKind::Need, "A bike", &[]), now())
        .unwrap();
    let solo = store
        .log_interaction(
            NewInteraction {
                help: vec![HelpInput {
                    giver: me.id,
                    receiver: ana.id,
                    text: "Lent a ladder".into(),
                    ask_id: None,
                }],
                follow_up: Some(FollowUp {
                    due_on: date(2026, 12, 1),
                    text: "Get the ladder back".into(),
                    contact: None,
                    by: Default::default(),
                }),
                ..talk(&[ana.id], day(11, 1), "Ana alone")
            },
            now(),
        )
        .unwrap();
    let shared = log(store, &[ana.id, bob.id], day(11, 2), "Both");
    let helped = store
        .log_interaction(
            NewInteraction {
                help: vec![HelpInput {
                    giver: ana.id,
                    receiver: bob.id,
                    text: "Found him a bike".into(),
                    ask_id: Some(bobs_need.id),
                }],
                ..talk(&[bob.id], day(11, 3), "Bike")
            },
            now(),
        )
        .unwrap();
    let carlas = log(store, &[carla.id], day(11, 4), "Carla's call");
    store.delete_contact(ana.id, day(11, 20)).unwrap();
    store.delete_interaction(carlas.id, day(11, 21)).unwrap();
    TrashScene {
        me,
        ana,
        bob,
        carla,
        need,
        bobs_need,
        solo,
        shared,
        helped,
        carlas,
    }
}

#[test]
fn emptying_the_trash_purges_everything_trashed_and_nothing_else() {
    let mut store = store();
    let TrashScene {
        me,
        ana,
        bob,
        carla,
        need,
        bobs_need,
        solo,
        shared,
        helped,
        carlas,
    } = trash_scene(&mut store);

    assert_eq!(
        store.empty_trash().unwrap(),
        3,
        "Ana, her solo interaction, Carla's call"
    );
    assert!(store.list_trash().unwrap().is_empty());
    assert!(matches!(
        store.get_contact(ana.id),
        Err(Error::NotFound { .. })
    ));
    assert!(matches!(
        store.get_interaction(solo.id),
        Err(Error::NotFound { .. })
    ));
    assert!(matches!(
        store.get_interaction(carlas.id),
        Err(Error::NotFound { .. })
    ));
    assert_eq!(
        store.get_interaction(shared.id).unwrap().participants,
        [r(&bob)]
    );
    assert_eq!(timeline_ids(&store, bob.id), [helped.id, shared.id]);
    assert_eq!(list_names(&store, query()), ["Bob Stone", "Carla Díaz"]);
    assert_eq!(store.get_contact(carla.id).unwrap().introduced_by, None);
    assert_eq!(store.get_contact(me.id).unwrap().name, "Me");
    let bobs_ask = store.list_asks(&AskQuery::default()).unwrap();
    assert_eq!(bobs_ask.len(), 1);
    assert_eq!(bobs_ask[0].id, bobs_need.id);
    assert_eq!(
        bobs_ask[0].helped_by, None,
        "the purged helper is forgotten"
    );
    assert!(matches!(
        store.set_ask_status(need.id, AskStatus::Closed, None, now()),
        Err(Error::NotFound { .. })
    ));
    // Nothing of Ana is left behind.
    for (table, column) in [
        ("contact_channel", "contact_id"),
        ("contact_tag", "contact_id"),
        ("contact_interest", "contact_id"),
        ("interaction_participant", "contact_id"),
        ("ask", "contact_id"),
        ("reminder", "contact_id"),
        ("help", "giver_id"),
        ("help", "receiver_id"),
    ] {
        let sql = format!("SELECT count(*) FROM {table} WHERE {column} = {}", ana.id);
        assert_eq!(count(&store, &sql), 0, "{table}.{column}");
    }
    assert!(hits(&store, "ana").is_empty());
    assert!(hits(&store, "ladder").is_empty());
    assert_eq!(store.empty_trash().unwrap(), 0);
    assert_eq!(store.list_interests().unwrap()[0].contacts, 0);
}

#[test]
fn with_me_in_an_interaction_the_promise_and_the_search_hit_belong_to_the_other_person() {
    let mut store = store();
    let me = store.me(now()).unwrap();
    // "Zed Aaron" sorts after "Me": the other person must still win, because they are not me.
    let aaron = add(&mut store, "Zed Aaron");
    let mut input = talk(&[me.id, aaron.id], day(11, 2), "Planned the venue");
    input.follow_up = Some(FollowUp {
        due_on: date(2026, 11, 30),
        text: "send the contract".into(),
        contact: None,
        by: Default::default(),
    });
    store.log_interaction(input, now()).unwrap();
    assert_eq!(
        count(
            &store,
            &format!(
                "SELECT count(*) FROM reminder WHERE contact_id = {}",
                aaron.id
            )
        ),
        1
    );
    let hits = store.search("venue", 10).unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].contact, r(&aaron));
}

#[test]
fn blank_text_finds_no_contact() {
    let mut store = store();
    add(&mut store, "Ana Ruiz");
    assert_eq!(store.find_contact("   ").unwrap(), ContactMatch::None);
}

/// A term in more records than `COMMON_MATCHES` is not ranked by bm25 (seconds over a million
/// notes): matching contacts come first, in name order, then the newest interactions, each
/// with its snippet; records in the trash are skipped.
#[test]
fn a_common_term_finds_matching_people_first_then_the_newest_records() {
    let mut store = store();
    let zed = store
        .add_contact(
            ContactInput {
                notes: "kayak club".into(),
                ..named("Zed Kayak")
            },
            now(),
        )
        .unwrap();
    let amy = add(&mut store, "Amy Kayaker");
    let bob = add(&mut store, "Bob Stone");
    let n = kith::store::search::COMMON_MATCHES as usize + 50;
    let mut logged = Vec::new();
    for i in 0..n {
        let at = now() - Duration::days(1) - Duration::minutes((n - i) as i64);
        let input = NewInteraction {
            notes: format!("kayak trip number {i}"),
            ..talk(&[bob.id], at, &format!("trip {i}"))
        };
        logged.push(store.log_interaction(input, now()).unwrap().id);
    }
    let newest = *logged.last().unwrap();
    store.delete_interaction(newest, now()).unwrap();

    let found = store.search("kayak", 20).unwrap();
    assert_eq!(found.len(), 20);
    assert_eq!(
        found[..2].iter().map(|h| h.id).collect::<Vec<_>>(),
        [amy.id, zed.id],
        "people first, by name"
    );
    assert!(found[..2].iter().all(|h| h.kind == SearchKind::Contact));
    let ids: Vec<i64> = found[2..].iter().map(|h| h.id).collect();
    let want: Vec<i64> = logged.iter().rev().skip(1).take(18).copied().collect();
    assert_eq!(
        ids, want,
        "then the newest interactions, the deleted one left out"
    );
    for h in &found[2..] {
        assert_eq!(h.kind, SearchKind::Interaction);
        assert!(h.snippet.contains("[kayak]"), "{h:?}");
        assert_eq!(h.contact, r(&bob));
    }
    assert!(found[1].snippet.contains("[Kayak]"), "{:?}", found[1]);
    // A prefix behaves the same, and a rare word is still ranked.
    assert_eq!(store.search("kay", 20).unwrap().len(), 20);
    let rare = store.search("trip 7", 5).unwrap();
    assert!(rare.iter().any(|h| h.title == "trip 7"), "{rare:?}");
}
