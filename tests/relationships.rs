//! Relationships between people (`Store::add_relationship`, `people_around`): said from one
//! side, read from both, kept through a merge and given back by an unmerge; and the people
//! someone was seen with.

use chrono::{DateTime, Duration, TimeZone, Utc};
use kith::model::{
    ContactInput, ImportantDate, InteractionKind, NewInteraction, PeopleAround, RelationshipInput,
    Role,
};
use kith::{Error, Store};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 20, 12, 0, 0)
        .single()
        .expect("a moment")
}

fn add(store: &mut Store, name: &str) -> i64 {
    let input = ContactInput {
        name: name.into(),
        ..Default::default()
    };
    store.add_contact(input, now()).expect("add").id
}

/// "`other` is `contact`'s `role`".
fn rel(contact: i64, role: Role, other: i64) -> RelationshipInput {
    RelationshipInput {
        contact,
        role,
        other,
        note: None,
        since: None,
    }
}

fn roles(around: &PeopleAround) -> Vec<(String, Role)> {
    around
        .relationships
        .iter()
        .map(|r| (r.other.name.clone(), r.role))
        .collect()
}

fn log(store: &mut Store, who: &[i64], days_ago: i64) {
    let at = now() - Duration::days(days_ago);
    store
        .log_interaction(
            NewInteraction {
                participants: who.to_vec(),
                kind: InteractionKind::Meeting,
                occurred_at: at,
                has_time: true,
                summary: "met".into(),
                notes: String::new(),
                initiated_by: None,
                quality: None,
                help: vec![],
                follow_up: None,
            },
            now(),
        )
        .expect("log");
}

#[test]
fn a_manager_on_one_page_is_a_report_on_the_other() {
    let mut store = Store::open_in_memory().expect("open");
    let ana = add(&mut store, "Ana Ruiz");
    let bo = add(&mut store, "Bo Chen");
    // "Ana is Bo's manager", said on Bo's page.
    let mut input = rel(bo, Role::Manager, ana);
    input.note = Some("since the reorg".into());
    input.since = chrono::NaiveDate::from_ymd_opt(2024, 3, 1);
    let on_bo = store.add_relationship(input, now()).expect("add");
    assert_eq!(roles(&on_bo), [("Ana Ruiz".to_owned(), Role::Manager)]);
    assert_eq!(
        on_bo.relationships[0].note.as_deref(),
        Some("since the reorg")
    );
    let on_ana = store.people_around(ana).expect("ana");
    assert_eq!(roles(&on_ana), [("Bo Chen".to_owned(), Role::Report)]);
    assert_eq!(
        Role::Report.sentence("Bo Chen", "Ana Ruiz"),
        "Bo Chen reports to Ana Ruiz"
    );
    // The same said from Ana's side is the same relationship, not a second one.
    let again = store
        .add_relationship(rel(ana, Role::Report, bo), now())
        .expect("again");
    assert_eq!(roles(&again), [("Bo Chen".to_owned(), Role::Report)]);
    assert_eq!(
        store.people_around(bo).expect("bo").relationships[0].note,
        None,
        "said again without a note, the note is cleared"
    );
    // Removed from either side.
    let gone = store
        .remove_relationship(rel(bo, Role::Manager, ana), now())
        .expect("remove");
    assert!(gone.relationships.is_empty());
    let err = store
        .remove_relationship(rel(bo, Role::Manager, ana), now())
        .expect_err("nothing to remove");
    assert_eq!(
        err,
        Error::invalid(
            "role",
            "Kith does not have “Ana Ruiz is Bo Chen’s manager” to remove"
        )
    );
}

#[test]
fn family_comes_first_with_birthdays_and_an_introduction_is_the_contacts_own() {
    let mut store = Store::open_in_memory().expect("open");
    let ana = add(&mut store, "Ana Ruiz");
    let luis = store
        .add_contact(
            ContactInput {
                name: "Luis Ruiz".into(),
                dates: vec![ImportantDate {
                    label: "birthday".into(),
                    year: None,
                    month: 3,
                    day: 14,
                    recurring: true,
                }],
                ..Default::default()
            },
            now(),
        )
        .expect("luis")
        .id;
    let cem = add(&mut store, "Cem Aydin");
    let dee = add(&mut store, "Dee Park");
    store
        .add_relationship(rel(ana, Role::Colleague, cem), now())
        .expect("colleague");
    store
        .add_relationship(rel(ana, Role::Child, luis), now())
        .expect("child");
    // "Dee introduced Ana": Ana's "introduced by".
    let around = store
        .add_relationship(rel(ana, Role::Introduced, dee), now())
        .expect("introduced");
    assert_eq!(
        roles(&around),
        [
            ("Luis Ruiz".to_owned(), Role::Child),
            ("Cem Aydin".to_owned(), Role::Colleague),
            ("Dee Park".to_owned(), Role::Introduced),
        ]
    );
    assert_eq!(
        around.relationships[0].birthday.as_ref().map(|b| b.day),
        Some(14)
    );
    assert_eq!(around.relationships[1].birthday, None, "only family");
    let contact = store.get_contact(ana).expect("ana");
    assert_eq!(contact.introduced_by.map(|c| c.id), Some(dee));
    assert_eq!(
        roles(&store.people_around(luis).expect("luis")),
        [("Ana Ruiz".to_owned(), Role::Parent)]
    );
    assert_eq!(
        roles(&store.people_around(dee).expect("dee")),
        [("Ana Ruiz".to_owned(), Role::IntroducedBy)]
    );
    // A trashed person is not around anyone.
    store.delete_contact(cem, now()).expect("trash");
    assert_eq!(
        store.people_around(ana).expect("ana").relationships.len(),
        2
    );
}

#[test]
fn bad_relationships_are_refused_by_field() {
    let mut store = Store::open_in_memory().expect("open");
    let ana = add(&mut store, "Ana Ruiz");
    let err = store
        .add_relationship(rel(ana, Role::Friend, ana), now())
        .expect_err("self");
    assert_eq!(
        err,
        Error::invalid("other", "a person has no relationship with themselves")
    );
    let bo = add(&mut store, "Bo Chen");
    let mut future = rel(ana, Role::Friend, bo);
    future.since = chrono::NaiveDate::from_ymd_opt(2030, 1, 1);
    let err = store.add_relationship(future, now()).expect_err("future");
    assert!(format!("{err}").contains("2030-01-01"), "{err}");
    let err = store
        .add_relationship(rel(ana, Role::Friend, 999), now())
        .expect_err("no such contact");
    assert_eq!(
        err,
        Error::invalid("other", "there is no contact with id 999")
    );
    assert!(store
        .people_around(ana)
        .expect("ana")
        .relationships
        .is_empty());
}

#[test]
fn a_merge_moves_relationships_and_an_unmerge_gives_them_back() {
    let mut store = Store::open_in_memory().expect("open");
    let ana = add(&mut store, "Ana Ruiz");
    let ana2 = add(&mut store, "Ana R.");
    let bo = add(&mut store, "Bo Chen");
    let cem = add(&mut store, "Cem Aydin");
    store
        .add_relationship(rel(ana2, Role::Partner, bo), now())
        .expect("partner");
    store
        .add_relationship(rel(ana2, Role::Mentor, cem), now())
        .expect("mentor");
    // The two Anas were friends of each other (a duplicate's relation to itself is dropped).
    store
        .add_relationship(rel(ana, Role::Friend, ana2), now())
        .expect("friend");
    store.merge_contacts(ana, ana2, &[], now()).expect("merge");
    assert_eq!(
        roles(&store.people_around(ana).expect("ana")),
        [
            ("Bo Chen".to_owned(), Role::Partner),
            ("Cem Aydin".to_owned(), Role::Mentor),
        ]
    );
    assert_eq!(
        roles(&store.people_around(cem).expect("cem")),
        [("Ana Ruiz".to_owned(), Role::Mentee)]
    );
    let back = store.unmerge_contact(ana, now()).expect("unmerge");
    let restored = back.restored.id;
    assert_eq!(
        roles(&store.people_around(restored).expect("ana2")),
        [
            ("Bo Chen".to_owned(), Role::Partner),
            ("Cem Aydin".to_owned(), Role::Mentor),
            ("Ana Ruiz".to_owned(), Role::Friend),
        ]
    );
    assert_eq!(
        roles(&store.people_around(ana).expect("ana")),
        [("Ana R.".to_owned(), Role::Friend)]
    );
}

#[test]
fn the_people_seen_together_know_each_other() {
    let mut store = Store::open_in_memory().expect("open");
    let ana = add(&mut store, "Ana Ruiz");
    let bo = add(&mut store, "Bo Chen");
    let cem = add(&mut store, "Cem Aydin");
    let dee = add(&mut store, "Dee Park");
    log(&mut store, &[ana, bo, cem], 30);
    log(&mut store, &[ana, bo], 10);
    log(&mut store, &[cem, dee], 5);
    store
        .add_relationship(rel(ana, Role::Friend, cem), now())
        .expect("friend");
    let around = store.people_around(ana).expect("ana");
    // Bo twice, most recently 10 days ago; Cem is a friend, so among the relationships.
    assert_eq!(around.known.len(), 1);
    assert_eq!(around.known[0].other.name, "Bo Chen");
    assert_eq!(around.known[0].shared, 2);
    assert_eq!(around.known[0].last_at, now() - Duration::days(10));
    assert_eq!(roles(&around), [("Cem Aydin".to_owned(), Role::Friend)]);
    assert!(store.people_around(dee).expect("dee").known[0].other.name == "Cem Aydin");
}

/// Who knows whom is kept (schema 16) through what changes a history: a meeting logged,
/// trashed and restored, a duplicate who was at the same meeting merged and unmerged, a
/// person purged. After each, the people around say what the history says, and the kept pairs
/// equal the history counted again.
#[test]
fn who_knows_whom_follows_the_trash_a_merge_an_unmerge_and_a_purge() {
    let mut store = Store::open_in_memory().expect("open");
    let ana = add(&mut store, "Ana Ruiz");
    let ana2 = add(&mut store, "Ana R.");
    let bo = add(&mut store, "Bo Chen");
    let cem = add(&mut store, "Cem Aydin");
    log(&mut store, &[ana, ana2, bo], 30);
    log(&mut store, &[ana2, cem], 20);
    log(&mut store, &[ana, bo], 10);
    let in_step = |store: &Store, after: &str| {
        let off = kith::store::knows::mismatches(store.conn()).expect("check");
        assert!(off.is_empty(), "after {after}: {off:#?}");
    };
    let seen = |store: &Store, id: i64| -> Vec<(String, u32)> {
        store
            .people_around(id)
            .expect("around")
            .known
            .iter()
            .map(|k| (k.other.name.clone(), k.shared))
            .collect()
    };
    in_step(&store, "logging");
    assert_eq!(
        seen(&store, bo),
        [("Ana Ruiz".into(), 2), ("Ana R.".into(), 1)]
    );

    // The newest meeting trashed: Ana and Bo shared one, last 30 days ago; back when restored.
    let newest = store.timeline(bo, 1, 0).expect("timeline").items[0].id;
    store.delete_interaction(newest, now()).expect("trash");
    in_step(&store, "trashing");
    let around = store.people_around(ana).expect("ana");
    assert_eq!(around.known[0].shared, 1);
    assert_eq!(around.known[0].last_at, now() - Duration::days(30));
    store.restore_interaction(newest).expect("restore");
    in_step(&store, "restoring");
    assert_eq!(seen(&store, bo)[0], ("Ana Ruiz".into(), 2));

    // The duplicate merged into Ana: Ana now knows Cem, and was at the first meeting once.
    store.merge_contacts(ana, ana2, &[], now()).expect("merge");
    in_step(&store, "merging");
    assert_eq!(
        seen(&store, ana),
        [("Bo Chen".into(), 2), ("Cem Aydin".into(), 1)]
    );
    let back = store
        .unmerge_contact(ana, now())
        .expect("unmerge")
        .restored
        .id;
    in_step(&store, "unmerging");
    // One each: the most recent first (Cem 20 days ago, then the first meeting's two).
    assert_eq!(
        seen(&store, back),
        [
            ("Cem Aydin".into(), 1),
            ("Ana Ruiz".into(), 1),
            ("Bo Chen".into(), 1)
        ]
    );

    // Bo trashed: left out of who Ana was seen with; purged: gone from the table.
    store.delete_contact(bo, now()).expect("trash bo");
    assert_eq!(seen(&store, ana), [("Ana R.".into(), 1)]);
    store.empty_trash().expect("purge");
    in_step(&store, "purging");
    let left: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM knows WHERE a = ?1 OR b = ?1",
            [bo],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(left, 0);
}

/// The person's own merges are synonyms for help matching: once "Sourdough" is merged into
/// "Bread baking", Ana's need "help with my sourdough starter" meets my offer "bread baking
/// classes" (no word of the two is shared, and the shipped vocabulary does not link them).
#[test]
fn a_merged_interest_name_matches_help_as_the_interest_it_became() {
    use kith::model::{AskKind, NewAsk};
    let mut store = Store::open_in_memory().expect("open");
    let ana = add(&mut store, "Ana Ruiz");
    let me = store.me(now()).expect("me").id;
    for (who, kind, text) in [
        (ana, AskKind::Need, "help with my sourdough starter"),
        (me, AskKind::Offer, "bread baking classes"),
    ] {
        let ask = NewAsk {
            contact_id: who,
            kind,
            text: text.into(),
            interests: vec![],
        };
        store.add_ask(ask, now()).expect("ask");
    }
    store.add_interest("Sourdough", now()).expect("interest");
    store.add_interest("Bread baking", now()).expect("interest");
    let at = kith::engine::Now::utc(now() + Duration::minutes(1));
    let mine = |store: &Store| {
        store
            .help_opportunities(&at)
            .expect("help")
            .into_iter()
            .find(|h| h.kind == kith::engine::HelpKind::CanHelp)
    };
    // By words, nothing links them before the merge; the meaning model, where installed, may
    // find them close by itself.
    if kith::meaning::Model::shared().is_none() {
        assert_eq!(mine(&store), None, "not before the merge");
    }
    store
        .merge_interests("Sourdough", "Bread baking")
        .expect("merge");
    let found = mine(&store).expect("help after the merge");
    assert_eq!(found.need.text, "help with my sourdough starter");
    assert_eq!(found.offer.expect("offer").text, "bread baking classes");
    assert_eq!(found.terms, ["sourdough ~ bread baking"]);
}

/// On a seeded network (300 people, 4,000 interactions, needs and offers), no introduction
/// is between two people who already know each other: no shared interaction before the
/// moment asked about, no introduction of one by the other, no recorded relationship. And
/// there are introductions to check.
#[test]
fn no_introduction_on_a_seeded_network_pairs_people_who_know_each_other() {
    let mut store = Store::open_in_memory().expect("open");
    store
        .seed(
            kith::ops::SeedOptions {
                contacts: 300,
                interactions: 4_000,
                seed: 7,
            },
            now(),
        )
        .expect("seed");
    let at = kith::engine::Now::utc(now() + Duration::minutes(1));
    let intros: Vec<_> = store
        .help_opportunities(&at)
        .expect("help")
        .into_iter()
        .filter(|h| h.kind == kith::engine::HelpKind::Introduce)
        .collect();
    assert!(
        !intros.is_empty(),
        "the seeded network has introductions to check"
    );
    for h in &intros {
        let (a, b) = (h.need.contact.id, h.introduce.as_ref().expect("whom").id);
        let known: i64 = store
            .conn()
            .query_row(
                "SELECT (SELECT count(*) FROM interaction_participant p
                           JOIN interaction_participant q ON q.interaction_id = p.interaction_id
                          WHERE p.contact_id = ?1 AND q.contact_id = ?2 AND p.deleted = 0
                            AND p.occurred_at < ?3)
                      + (SELECT count(*) FROM relationship WHERE (a = ?1 AND b = ?2) OR (a = ?2 AND b = ?1))
                      + (SELECT count(*) FROM contact WHERE (id = ?1 AND introduced_by = ?2)
                                                         OR (id = ?2 AND introduced_by = ?1))",
                rusqlite::params![a, b, at.at.timestamp_millis()],
                |r| r.get(0),
            )
            .expect("count");
        assert_eq!(known, 0, "{}", h.reason);
    }
}
