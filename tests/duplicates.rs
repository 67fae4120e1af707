//! Possible duplicates across the whole database (`Store::find_duplicates`, `kith
//! duplicates`) and the pairs the user said are two people (`kith not-duplicate`).

use std::path::Path;
use std::process::{Command, Output};

use chrono::{DateTime, TimeZone, Utc};
use kith::model::{Channel, ChannelKind, ContactInput, DuplicatePair, MatchVerdict};
use kith::Store;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 20, 12, 0, 0)
        .single()
        .expect("a moment")
}

fn channel(kind: ChannelKind, value: &str) -> Channel {
    Channel {
        kind,
        label: None,
        value: value.into(),
        types: Vec::new(),
    }
}

fn add(store: &mut Store, name: &str, company: Option<&str>, channels: &[Channel]) -> i64 {
    let input = ContactInput {
        name: name.into(),
        company: company.map(str::to_owned),
        channels: channels.to_vec(),
        ..Default::default()
    };
    store.add_contact(input, now()).expect("add").id
}

/// Adds people of these names (no company) who all have `shared`; their ids.
fn sharing<const N: usize>(store: &mut Store, shared: &Channel, names: [&str; N]) -> [i64; N] {
    names.map(|name| add(store, name, None, std::slice::from_ref(shared)))
}

fn pair(pairs: &[DuplicatePair], a: i64, b: i64) -> Option<&DuplicatePair> {
    pairs
        .iter()
        .find(|p| (p.a.id, p.b.id) == (a.min(b), a.max(b)))
}

#[test]
fn a_family_sharing_an_email_is_a_possible_pair_and_nothing_merges_them() {
    let mut store = Store::open_in_memory().expect("open");
    let family = channel(ChannelKind::Email, "ruiz.family@example.org");
    let [ana, luis] = sharing(&mut store, &family, ["Ana Ruiz", "Luis Ruiz"]);
    let pairs = store.find_duplicates(None).expect("find");
    let p = pair(&pairs, ana, luis).expect("the pair is offered");
    assert_eq!(p.verdict, MatchVerdict::Possible);
    assert_eq!(p.confidence, 50);
    assert_eq!(
        p.evidence,
        [
            "same email ruiz.family@example.org",
            "different names: Ana Ruiz / Luis Ruiz"
        ]
    );
    assert_eq!(p.a.email.as_deref(), Some("ruiz.family@example.org"));
    // Finding duplicates writes nothing: both people are still there, each as they were.
    assert_eq!(store.get_contact(ana).expect("ana").name, "Ana Ruiz");
    assert_eq!(store.get_contact(luis).expect("luis").name, "Luis Ruiz");
    assert_eq!(store.find_duplicates(None).expect("again"), pairs);
}

#[test]
fn bob_and_robert_with_the_same_phone_are_the_same_person() {
    let mut store = Store::open_in_memory().expect("open");
    let bob = add(
        &mut store,
        "Bob Smith",
        Some("Acme Inc."),
        &[channel(ChannelKind::Phone, "+1 418-656-9254")],
    );
    let robert = add(
        &mut store,
        "Robert Smith",
        Some("Acme"),
        &[channel(ChannelKind::Phone, "+14186569254")],
    );
    add(&mut store, "Carla Diaz", None, &[]);
    let pairs = store.find_duplicates(None).expect("find");
    assert_eq!(pairs.len(), 1, "{pairs:?}");
    let p = pair(&pairs, bob, robert).expect("the pair is offered");
    assert_eq!(p.verdict, MatchVerdict::Same);
    assert_eq!(p.confidence, 92);
    assert_eq!(p.evidence[0], "same phone +14186569254");
    assert!(
        p.evidence
            .iter()
            .any(|e| e == "Bob is a nickname of Robert"),
        "{:?}",
        p.evidence
    );
    assert_eq!(p.a.company.as_deref(), Some("Acme Inc."));
    assert_eq!(p.b.phone.as_deref(), Some("+14186569254"));
}

#[test]
fn pairs_are_ranked_by_confidence_and_limited() {
    let mut store = Store::open_in_memory().expect("open");
    let shared = channel(ChannelKind::Email, "office@acme.com");
    sharing(&mut store, &shared, ["Ana Ruiz", "Luis Ortega"]);
    let ana = channel(ChannelKind::Email, "ana@acme.com");
    sharing(&mut store, &ana, ["Ana Ortiz", "Ana Ortiz"]);
    let pairs = store.find_duplicates(None).expect("find");
    let confidences: Vec<u8> = pairs.iter().map(|p| p.confidence).collect();
    assert_eq!(confidences, [97, 50]);
    let first = store.find_duplicates(Some(1)).expect("find");
    assert_eq!(first, pairs[..1]);
}

#[test]
fn archived_contacts_are_included_and_trashed_ones_and_me_are_not() {
    let mut store = Store::open_in_memory().expect("open");
    let email = channel(ChannelKind::Email, "ana@acme.com");
    let [a, b] = sharing(&mut store, &email, ["Ana Ruiz", "Ana Ruiz"]);
    store.set_archived(b, true, now()).expect("archive");
    let pairs = store.find_duplicates(None).expect("find");
    assert!(pair(&pairs, a, b).is_some_and(|p| p.b.archived));
    store.delete_contact(b, now()).expect("trash");
    assert!(store.find_duplicates(None).expect("find").is_empty());
    let me = store.me(now()).expect("me").id;
    let mut input = ContactInput::from_contact(&store.get_contact(me).expect("me"));
    input.name = "Ana Ruiz".into();
    input.channels = vec![email];
    store.update_contact(me, input, now()).expect("edit me");
    assert!(store.find_duplicates(None).expect("find").is_empty());
}

#[test]
fn a_pair_marked_not_duplicate_is_never_offered_again() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("kith.db");
    let (ana, luis, other) = {
        let mut store = Store::open(&path).expect("open");
        let family = channel(ChannelKind::Email, "ruiz@example.org");
        let [ana, luis, other] =
            sharing(&mut store, &family, ["Ana Ruiz", "Luis Ruiz", "Marta Ruiz"]);
        assert_eq!(store.find_duplicates(None).expect("find").len(), 3);
        // Either order, and twice, is the same decision.
        store.mark_not_duplicate(luis, ana, now()).expect("mark");
        store
            .mark_not_duplicate(ana, luis, now())
            .expect("mark again");
        (ana, luis, other)
    };
    let store = Store::open(&path).expect("reopen");
    let pairs = store.find_duplicates(None).expect("find");
    assert!(pair(&pairs, ana, luis).is_none(), "{pairs:?}");
    assert!(pair(&pairs, ana, other).is_some());
    assert!(pair(&pairs, luis, other).is_some());
}

#[test]
fn marking_not_duplicate_needs_two_live_contacts() {
    let mut store = Store::open_in_memory().expect("open");
    let ana = add(&mut store, "Ana Ruiz", None, &[]);
    let luis = add(&mut store, "Luis Ruiz", None, &[]);
    let err = store
        .mark_not_duplicate(ana, ana, now())
        .expect_err("itself");
    assert!(err.to_string().contains("itself"), "{err}");
    let err = store.mark_not_duplicate(ana, 99, now()).expect_err("no 99");
    assert_eq!(err.to_string(), "b: there is no contact with id 99");
    store.delete_contact(luis, now()).expect("trash");
    let err = store
        .mark_not_duplicate(luis, ana, now())
        .expect_err("trashed");
    assert!(err.to_string().starts_with("a: "), "{err}");
}

#[test]
fn a_merged_pair_disappears() {
    let mut store = Store::open_in_memory().expect("open");
    let email = channel(ChannelKind::Email, "bob@acme.com");
    let [bob, robert] = sharing(&mut store, &email, ["Bob Smith", "Robert Smith"]);
    assert!(pair(&store.find_duplicates(None).expect("find"), bob, robert).is_some());
    store
        .merge_contacts(robert, bob, &[], now())
        .expect("merge");
    assert!(store.find_duplicates(None).expect("find").is_empty());
}

// CLI --------------------------------------------------------------------------------------

fn kith(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kith"))
        .env_remove("KITH_DB")
        .env("TZ", "UTC")
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .expect("run kith")
}

fn ok(db: &Path, args: &[&str]) -> String {
    let out = kith(db, args);
    assert!(
        out.status.success(),
        "kith {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

#[test]
fn kith_duplicates_prints_pairs_with_evidence_and_not_duplicate_hides_one() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("kith.db");
    for (name, email) in [
        ("Robert Smith", "bob@acme.com"),
        ("Bob Smith", "Bob@Acme.com"),
        ("Ana Ruiz", "home@ruiz.es"),
        ("Luis Ruiz", "home@ruiz.es"),
    ] {
        ok(&db, &["contact", "add", name, "--email", email]);
    }
    assert_eq!(
        ok(&db, &["duplicates"]),
        "92  Robert Smith (id 1) ~ Bob Smith (id 2): same email bob@acme.com; \
         Bob is a nickname of Robert\n\
         50  Ana Ruiz (id 3) ~ Luis Ruiz (id 4): same email home@ruiz.es; \
         different names: Ana Ruiz / Luis Ruiz\n"
    );
    let json: serde_json::Value =
        serde_json::from_str(&ok(&db, &["duplicates", "--json", "--limit", "1"])).expect("json");
    assert_eq!(
        json,
        serde_json::json!([{
            "a": {"id": 1, "name": "Robert Smith", "company": null, "email": "bob@acme.com",
                  "phone": null, "archived": false},
            "b": {"id": 2, "name": "Bob Smith", "company": null, "email": "bob@acme.com",
                  "phone": null, "archived": false},
            "verdict": "same",
            "confidence": 92,
            "evidence": ["same email bob@acme.com", "Bob is a nickname of Robert"],
        }])
    );
    assert_eq!(
        ok(&db, &["not-duplicate", "ana ruiz", "4"]),
        "Ana Ruiz and Luis Ruiz will not be offered as duplicates again\n"
    );
    assert_eq!(
        ok(&db, &["duplicates"]),
        "92  Robert Smith (id 1) ~ Bob Smith (id 2): same email bob@acme.com; \
         Bob is a nickname of Robert\n"
    );
    ok(&db, &["merge", "1", "2"]);
    assert_eq!(ok(&db, &["duplicates"]), "no possible duplicates\n");
    assert_eq!(ok(&db, &["duplicates", "--json"]), "[]\n");
    let out = kith(&db, &["not-duplicate", "1", "1"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("itself"));
}

#[test]
fn kith_contact_restore_finds_a_trashed_contact_by_name() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("kith.db");
    ok(&db, &["contact", "add", "Ana Ruiz"]);
    ok(&db, &["contact", "add", "Ana Ortiz"]);
    ok(&db, &["contact", "add", "Anabel Ruiz"]);
    ok(&db, &["contact", "rm", "Ana Ruiz"]);
    ok(&db, &["contact", "rm", "Anabel Ruiz"]);
    // "Ana Ruiz" is exact among the trashed; a live "Ana Ortiz" does not get in the way.
    let out = ok(&db, &["contact", "restore", "ana ruiz"]);
    assert!(out.starts_with("restored contact 1: Ana Ruiz"), "{out}");
    let out = kith(&db, &["contact", "restore", "Ana Ortiz"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "kith: error: no contact in the trash matches \"Ana Ortiz\"\n"
    );
    let out = ok(&db, &["contact", "restore", "anab"]);
    assert!(out.starts_with("restored contact 3: Anabel Ruiz"), "{out}");
    // An id still works.
    ok(&db, &["contact", "rm", "2"]);
    let out = ok(&db, &["contact", "restore", "2"]);
    assert!(out.starts_with("restored contact 2: Ana Ortiz"), "{out}");
}
