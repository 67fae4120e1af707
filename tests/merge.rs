//! Merging two contacts and taking the merge back (`kith merge` / `kith unmerge`): the person
//! merged away comes back as they were, with what they brought, after a restart and after
//! other edits; what was logged after the merge stays with the kept contact.

use chrono::{DateTime, Duration, TimeZone, Utc};
use kith::model::{
    AskKind, AskQuery, Channel, ChannelKind, ContactInput, FollowUp, HelpInput, InteractionKind,
    NewAsk, NewInteraction,
};
use kith::Store;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 20, 12, 0, 0)
        .single()
        .expect("a moment")
}

fn email(value: &str) -> Channel {
    Channel {
        kind: ChannelKind::Email,
        label: None,
        value: value.into(),
        types: Vec::new(),
    }
}

fn log(store: &mut Store, with: &[i64], summary: &str, at: DateTime<Utc>) -> i64 {
    store
        .log_interaction(
            NewInteraction {
                participants: with.to_vec(),
                kind: InteractionKind::Call,
                occurred_at: at,
                has_time: true,
                summary: summary.into(),
                notes: String::new(),
                initiated_by: None,
                quality: None,
                help: Vec::new(),
                follow_up: None,
            },
            at,
        )
        .expect("ok")
        .id
}

fn summaries(store: &Store, id: i64) -> Vec<String> {
    let mut s: Vec<String> = store
        .timeline(id, 50, 0)
        .expect("ok")
        .items
        .into_iter()
        .map(|i| i.summary)
        .collect();
    s.sort();
    s
}

/// Who is in the story.
struct Scene {
    ana: kith::model::Contact,
    dup: kith::model::Contact,
    carla: kith::model::Contact,
    need: kith::model::Ask,
}

/// Ana, her duplicate "Ana R." (a company, notes, a tag, an interest, an address, an
/// interaction with Bo where she helped him and promised a follow-up, one with Ana, a need),
/// Bo, and Carla whom Ana R. introduced.
fn scene(store: &mut Store) -> Scene {
    let t0 = now() - Duration::days(30);
    let ana = store
        .add_contact(
            ContactInput {
                name: "Ana Ruiz".into(),
                tags: vec!["friend".into()],
                channels: vec![email("ana@acme.com")],
                ..Default::default()
            },
            t0,
        )
        .expect("ok");
    let dup = store
        .add_contact(
            ContactInput {
                name: "Ana R.".into(),
                company: Some("Acme".into()),
                notes: "Met at the Lisbon meetup.".into(),
                tags: vec!["climbing".into()],
                interests: vec!["Rust".into()],
                channels: vec![email("ana.r@home.example.org")],
                ..Default::default()
            },
            t0,
        )
        .expect("ok");
    let bo = store
        .add_contact(
            ContactInput {
                name: "Bo Chen".into(),
                ..Default::default()
            },
            t0,
        )
        .expect("ok");
    let carla = store
        .add_contact(
            ContactInput {
                name: "Carla Diaz".into(),
                introduced_by: Some(dup.id),
                ..Default::default()
            },
            t0,
        )
        .expect("ok");
    log(store, &[ana.id], "Ana alone", t0 + Duration::days(1));
    let shared = NewInteraction {
        participants: vec![dup.id, bo.id],
        kind: InteractionKind::Meeting,
        occurred_at: t0 + Duration::days(2),
        has_time: true,
        summary: "Ana R. and Bo".into(),
        notes: String::new(),
        initiated_by: None,
        quality: None,
        help: vec![HelpInput {
            giver: dup.id,
            receiver: bo.id,
            text: "an intro to a venue".into(),
            ask_id: None,
        }],
        follow_up: Some(FollowUp {
            due_on: (t0 + Duration::days(9)).date_naive(),
            text: "send the slides".into(),
        }),
    };
    store
        .log_interaction(shared, t0 + Duration::days(2))
        .expect("ok");
    log(
        store,
        &[ana.id, dup.id],
        "Both of them",
        t0 + Duration::days(3),
    );
    let need = store
        .add_ask(
            NewAsk {
                contact_id: dup.id,
                kind: AskKind::Need,
                text: "a designer for a rebrand".into(),
                interests: vec![],
            },
            t0,
        )
        .expect("ok");

    Scene {
        ana,
        dup,
        carla,
        need,
    }
}

/// The need, the introduction, the help and the promised follow-up of `dup` are theirs again,
/// and so is their address.
fn assert_references_back(store: &Store, s: &Scene) {
    let dup = &s.dup;
    let carla = &s.carla;
    let need = &s.need;
    let asks = store
        .list_asks(&AskQuery {
            contact_id: Some(dup.id),
            open_only: true,
        })
        .expect("ok");
    assert_eq!(asks.iter().map(|a| a.id).collect::<Vec<_>>(), [need.id]);
    let carla = store.get_contact(carla.id).expect("ok");
    assert_eq!(carla.introduced_by.map(|r| r.id), Some(dup.id));
    let given: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM help WHERE giver_id = ?1",
            [dup.id],
            |r| r.get(0),
        )
        .expect("ok");
    assert_eq!(given, 1, "the help they gave is theirs again");
    let promised: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM reminder WHERE contact_id = ?1",
            [dup.id],
            |r| r.get(0),
        )
        .expect("ok");
    assert_eq!(
        promised, 1,
        "the follow-up promised to them is theirs again"
    );
    let owner: Option<i64> = store
        .conn()
        .query_row(
            "SELECT contact_id FROM identity WHERE kind = 'email' AND value = 'ana.r@home.example.org'",
            [],
            |r| r.get(0),
        )
        .expect("ok");
    assert_eq!(owner, Some(dup.id), "their address identifies them again");
}

#[test]
fn an_unmerge_after_a_restart_and_an_edit_gives_both_people_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kith.db");
    let mut store = Store::open(&path).unwrap();
    let s = scene(&mut store);
    let (ana, dup) = (&s.ana, &s.dup);
    store.merge_contacts(ana.id, dup.id, now()).unwrap();
    log(
        &mut store,
        &[ana.id],
        "After the merge",
        now() + Duration::hours(1),
    );
    let merged = store.get_contact(ana.id).unwrap();
    assert_eq!(merged.company.as_deref(), Some("Acme"));
    let mut edit = ContactInput::from_contact(&merged);
    edit.role = Some("CEO".into());
    store
        .update_contact(ana.id, edit, now() + Duration::hours(2))
        .unwrap();
    drop(store);

    let mut store = Store::open(&path).unwrap();
    let out = store
        .unmerge_contact(ana.id, now() + Duration::hours(3))
        .unwrap();
    let back = out.restored;
    assert_eq!(back.id, dup.id, "the person comes back under their own id");
    assert_eq!(back.name, "Ana R.");
    assert_eq!(back.company.as_deref(), Some("Acme"));
    assert_eq!(back.notes, "Met at the Lisbon meetup.");
    assert_eq!(back.tags, ["climbing"]);
    assert_eq!(back.interests, ["Rust"]);
    assert_eq!(back.channels, [email("ana.r@home.example.org")]);

    let kept = store.get_contact(ana.id).unwrap();
    assert_eq!(kept.name, "Ana Ruiz");
    assert_eq!(kept.company, None, "what the merge gave is taken back");
    assert_eq!(
        kept.role.as_deref(),
        Some("CEO"),
        "an edit after the merge stays"
    );
    assert_eq!(kept.tags, ["friend"]);
    assert!(kept.interests.is_empty());
    assert_eq!(kept.notes, "");
    assert_eq!(kept.channels, [email("ana@acme.com")]);

    assert_eq!(
        summaries(&store, ana.id),
        ["After the merge", "Ana alone", "Both of them"]
    );
    assert_eq!(summaries(&store, dup.id), ["Ana R. and Bo", "Both of them"]);
    assert_references_back(&store, &s);
    let again = store.unmerge_contact(ana.id, now() + Duration::hours(4));
    assert!(
        again
            .unwrap_err()
            .to_string()
            .contains("has no merge to undo"),
        "a merge is taken back once"
    );
}

#[test]
fn a_merge_dry_run_writes_nothing() {
    let mut store = Store::open_in_memory().unwrap();
    let a = store
        .add_contact(
            ContactInput {
                name: "Ana Ruiz".into(),
                ..Default::default()
            },
            now(),
        )
        .unwrap();
    let b = store
        .add_contact(
            ContactInput {
                name: "Ana R.".into(),
                company: Some("Acme".into()),
                ..Default::default()
            },
            now(),
        )
        .unwrap();
    let preview = store.preview_merge(a.id, b.id, now()).unwrap();
    assert_eq!(preview.company.as_deref(), Some("Acme"));
    assert_eq!(store.get_contact(a.id).unwrap().company, None);
    assert_eq!(store.get_contact(b.id).unwrap().name, "Ana R.");
}
