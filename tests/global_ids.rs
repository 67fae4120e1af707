//! Global ids (schema 18, `store::gid`): every row the store writes to a replicated table gets
//! one, of the kind its table takes, and the name-based ones are the same on two devices.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use kith::model::{
    AskKind, ContactInput, FollowUp, InteractionKind, NewAsk, NewInteraction, NewReminder,
    PromisedBy, RelationshipInput, Role,
};
use kith::store::gid;
use kith::Store;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 20, 12, 0, 0)
        .single()
        .expect("a moment")
}

fn add(store: &mut Store, name: &str, interests: &[&str]) -> i64 {
    let input = ContactInput {
        name: name.into(),
        interests: interests.iter().map(|s| (*s).to_owned()).collect(),
        ..Default::default()
    };
    store.add_contact(input, now()).expect("add").id
}

/// The gid of row `id` of `table`.
fn gid_of(store: &Store, table: &str, id: i64) -> String {
    store
        .conn()
        .query_row(
            &format!("SELECT gid FROM {table} WHERE id = ?1"),
            [id],
            |r| r.get(0),
        )
        .expect("gid")
}

fn version(g: &str) -> usize {
    let u = uuid::Uuid::parse_str(g).expect("a UUID");
    assert_eq!(g, u.hyphenated().to_string(), "lowercase hyphenated");
    u.get_version_num()
}

/// A call with `ana` and `bo`, with a promise of mine to `bo` (a reminder).
fn log_call(store: &mut Store, ana: i64, bo: i64) -> kith::model::Interaction {
    store
        .log_interaction(
            NewInteraction {
                participants: vec![ana, bo],
                kind: InteractionKind::Call,
                occurred_at: now(),
                has_time: true,
                summary: "Catch-up".into(),
                notes: String::new(),
                initiated_by: None,
                quality: None,
                help: Vec::new(),
                follow_up: Some(FollowUp {
                    due_on: NaiveDate::from_ymd_opt(2026, 12, 1).expect("day"),
                    text: "send the slides".into(),
                    contact: Some(bo),
                    by: PromisedBy::Me,
                }),
            },
            now(),
        )
        .expect("log")
}

#[test]
fn rows_written_through_the_store_get_gids_of_their_kind() {
    let mut store = Store::open_in_memory().expect("open");
    let ana = add(&mut store, "Ana Ruiz", &["Rock Climbing"]);
    let bo = add(&mut store, "Bo Chen", &[]);
    let (ga, gb) = (
        gid_of(&store, "contact", ana),
        gid_of(&store, "contact", bo),
    );
    assert_eq!((version(&ga), version(&gb)), (7, 7));
    assert_ne!(ga, gb);

    let logged = log_call(&mut store, ana, bo);
    assert_eq!(version(&gid_of(&store, "interaction", logged.id)), 7);
    let ask = store
        .add_ask(
            NewAsk {
                contact_id: bo,
                kind: AskKind::Need,
                text: "a climbing partner".into(),
                interests: vec!["rock climbing".into()],
            },
            now(),
        )
        .expect("ask");
    assert_eq!(version(&gid_of(&store, "ask", ask.id)), 7);
    let reminder = store
        .add_reminder(
            NewReminder {
                contact_id: ana,
                due_on: NaiveDate::from_ymd_opt(2026, 12, 5).expect("day"),
                text: "call back".into(),
            },
            now(),
        )
        .expect("reminder");
    assert_eq!(version(&gid_of(&store, "reminder", reminder.id)), 7);
    store
        .add_relationship(
            RelationshipInput {
                contact: bo,
                role: Role::Manager,
                other: ana,
                note: None,
                since: None,
            },
            now(),
        )
        .expect("relate");

    let missing: i64 = store
        .conn()
        .query_row(
            "SELECT (SELECT count(*) FROM contact WHERE gid IS NULL)
                  + (SELECT count(*) FROM interaction WHERE gid IS NULL)
                  + (SELECT count(*) FROM ask WHERE gid IS NULL)
                  + (SELECT count(*) FROM reminder WHERE gid IS NULL)
                  + (SELECT count(*) FROM interest WHERE gid IS NULL)
                  + (SELECT count(*) FROM relationship WHERE gid IS NULL)",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(missing, 0, "the promise's reminder too");
    let interest: String = store
        .conn()
        .query_row("SELECT gid FROM interest", [], |r| r.get(0))
        .expect("one interest");
    assert_eq!(interest, gid::interest_gid("Rock Climbing"));
    let relationship: (String, String, String) = store
        .conn()
        .query_row(
            "SELECT r.gid, ca.gid, cb.gid FROM relationship r
               JOIN contact ca ON ca.id = r.a JOIN contact cb ON cb.id = r.b",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .expect("one relationship");
    assert_eq!(
        relationship.0,
        gid::relationship_gid(&relationship.1, "manager", &relationship.2)
    );
    assert_eq!(
        (relationship.1, relationship.2),
        (ga, gb),
        "Ana is Bo's manager"
    );
}

#[test]
fn two_databases_adding_the_same_interest_agree_on_its_gid() {
    let mut one = Store::open_in_memory().expect("open");
    let mut two = Store::open_in_memory().expect("open");
    add(&mut one, "Ana Ruiz", &["Rock Climbing"]);
    add(&mut two, "Someone Else", &["Chess"]);
    let first = one.add_interest("Rock Climbing", now()).expect("add");
    let second = two.add_interest("rock climbing", now()).expect("add");
    let g1 = gid_of(&one, "interest", first.id);
    let g2 = gid_of(&two, "interest", second.id);
    assert_eq!(g1, g2);
    assert_eq!(version(&g1), 5);
}

#[test]
fn a_merge_keeps_the_kept_gid_and_an_unmerge_gives_the_other_its_own_back() {
    let mut store = Store::open_in_memory().expect("open");
    let ana = add(&mut store, "Ana Ruiz", &[]);
    let dup = add(&mut store, "Ana R.", &[]);
    let bo = add(&mut store, "Bo Chen", &[]);
    store
        .add_relationship(
            RelationshipInput {
                contact: bo,
                role: Role::Friend,
                other: dup,
                note: None,
                since: None,
            },
            now(),
        )
        .expect("relate");
    let (kept, other) = (
        gid_of(&store, "contact", ana),
        gid_of(&store, "contact", dup),
    );
    store.merge_contacts(ana, dup, &[], now()).expect("merge");
    assert_eq!(gid_of(&store, "contact", ana), kept);
    let moved: (String, String, String, String) = store
        .conn()
        .query_row(
            "SELECT r.gid, ca.gid, r.kind, cb.gid FROM relationship r
               JOIN contact ca ON ca.id = r.a JOIN contact cb ON cb.id = r.b",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .expect("the moved relationship");
    assert_eq!(moved.0, gid::relationship_gid(&moved.1, &moved.2, &moved.3));
    assert!(moved.1 == kept || moved.3 == kept);

    let back = store.unmerge_contact(ana, now()).expect("unmerge");
    assert_eq!(gid_of(&store, "contact", back.restored.id), other);
    assert_eq!(gid_of(&store, "contact", ana), kept);
}

#[test]
fn an_interest_added_under_a_name_another_was_renamed_from_gets_its_own_gid() {
    let mut store = Store::open_in_memory().expect("open");
    let first = store.add_interest("Climbing", now()).expect("add");
    store
        .rename_interest("Climbing", "Bouldering")
        .expect("rename");
    assert_eq!(
        gid_of(&store, "interest", first.id),
        gid::interest_gid("Climbing"),
        "a rename keeps the gid"
    );
    let again = store.add_interest("Climbing", now()).expect("add again");
    assert_ne!(again.id, first.id);
    assert_eq!(version(&gid_of(&store, "interest", again.id)), 7);
}
