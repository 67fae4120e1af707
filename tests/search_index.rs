//! The full-text index is kept by the store's write functions (schema 7; triggers did
//! before). After every kind of write (create, edit, log, needs and offers, merge, unmerge,
//! trash, restore, purge, import, undo of an import, a JSON restore, the seed) the index
//! holds exactly what a rebuild from the tables would (`store::search::mismatches`), and
//! search finds what was written and no longer finds what was changed away. The identities,
//! also written by the store since schema 7, and who knows whom (`knows`, kept by triggers
//! and batch writers since schema 16), are checked alike.

use chrono::{DateTime, Duration, FixedOffset, TimeZone, Utc};
use kith::io::{ExportFormat, ImportFormat};
use kith::model::{
    AskKind, AskStatus, Channel, Contact, ContactInput, InteractionKind, NewAsk, NewInteraction,
};
use kith::ops::SeedOptions;
use kith::store::search::mismatches;
use kith::Store;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 1, 12, 0, 0).unwrap()
}

/// Fails with what differs when the index is not what its tables say, or the identities not
/// what the channels say (the store writes both since schema 7).
#[track_caller]
fn in_step(store: &Store, after: &str) {
    let off = mismatches(store.conn()).expect("read the index");
    assert!(off.is_empty(), "after {after}: {off:#?}");
    let off = kith::store::knows::mismatches(store.conn()).expect("read who knows whom");
    assert!(off.is_empty(), "who knows whom after {after}: {off:#?}");
    let rows = |sql: &str| -> Vec<(String, String, Option<i64>)> {
        store
            .conn()
            .prepare(sql)
            .expect("prepare")
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .expect("query")
            .collect::<Result<_, _>>()
            .expect("rows")
    };
    assert_eq!(
        rows("SELECT kind, value, contact_id FROM identity ORDER BY 1, 2"),
        rows(
            "SELECT kind, normalized, CASE WHEN count(DISTINCT contact_id) = 1 THEN min(contact_id) END
             FROM contact_channel WHERE normalized IS NOT NULL GROUP BY kind, normalized ORDER BY 1, 2"
        ),
        "identities after {after}"
    );
}

fn found(store: &Store, query: &str) -> Vec<String> {
    store
        .search(query, 50)
        .expect("search")
        .into_iter()
        .map(|h| h.title)
        .collect()
}

fn person(name: &str, company: &str, email: &str, notes: &str) -> ContactInput {
    ContactInput {
        name: name.into(),
        company: Some(company.into()),
        role: Some("engineer".into()),
        location: Some("Lisbon".into()),
        met_how: Some("at a meetup".into()),
        notes: notes.into(),
        channels: vec![Channel::email(email)],
        ..Default::default()
    }
}

fn interaction(with: &[i64], summary: &str, notes: &str, days_ago: i64) -> NewInteraction {
    NewInteraction {
        participants: with.to_vec(),
        kind: InteractionKind::Meeting,
        occurred_at: now() - Duration::days(days_ago),
        has_time: true,
        summary: summary.into(),
        notes: notes.into(),
        initiated_by: None,
        quality: None,
        help: Vec::new(),
        follow_up: None,
    }
}

fn ask(contact: i64, text: &str) -> NewAsk {
    NewAsk {
        contact_id: contact,
        kind: AskKind::Need,
        text: text.into(),
        interests: Vec::new(),
    }
}

/// A store on a file (imports take a backup) with Ana and Bo, and the folder it is in.
fn two_people() -> (tempfile::TempDir, Store, Contact, Contact) {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = Store::open(&dir.path().join("kith.db")).expect("open");
    in_step(&store, "opening");
    let ana = store
        .add_contact(
            person("Ana Ruiz", "Acme", "ana@acme.example", "likes sailing"),
            now(),
        )
        .expect("ana");
    let bo = store
        .add_contact(
            person("Bo Chen", "Globex", "bo@globex.example", "plays chess"),
            now(),
        )
        .expect("bo");
    store.me(now()).expect("me");
    in_step(&store, "creating contacts");
    assert_eq!(found(&store, "sailing"), ["Ana Ruiz"]);
    (dir, store, ana, bo)
}

#[test]
fn creating_and_editing_contacts() {
    let (_dir, mut store, ana, _) = two_people();
    let mut edit = ContactInput::from_contact(&ana);
    edit.notes = "likes rowing".into();
    edit.company = Some("Initech".into());
    store.update_contact(ana.id, edit, now()).expect("edit");
    in_step(&store, "editing a contact");
    assert!(found(&store, "sailing").is_empty());
    assert!(found(&store, "acme").is_empty());
    assert_eq!(found(&store, "rowing"), ["Ana Ruiz"]);
    assert_eq!(found(&store, "initech"), ["Ana Ruiz"]);
    // An address two people share identifies neither of them; then one again.
    let team = store
        .add_contact(
            person("Acme Team", "Acme", "ana@acme.example", "shared inbox"),
            now(),
        )
        .expect("team");
    in_step(&store, "sharing an address");
    store.delete_contact(team.id, now()).expect("trash");
    store.empty_trash().expect("purge");
    in_step(&store, "purging one of two with an address");
}

#[test]
fn interactions_needs_and_offers_the_trash_and_its_purge() {
    let (_dir, mut store, ana, bo) = two_people();
    let met = store
        .log_interaction(
            interaction(&[ana.id, bo.id], "Harbour walk", "talked about kayaks", 3),
            now(),
        )
        .expect("log");
    let need = store
        .add_ask(ask(bo.id, "looking for a violin teacher"), now())
        .expect("ask");
    let gone = store
        .add_ask(ask(bo.id, "wants a trombone"), now())
        .expect("ask");
    in_step(&store, "logging and adding needs");
    assert_eq!(found(&store, "kayaks"), ["Harbour walk"]);
    store.delete_ask(gone.id).expect("delete ask");
    store
        .set_ask_status(need.id, AskStatus::Helped, Some(ana.id), now())
        .expect("status");
    in_step(&store, "deleting and resolving needs");
    assert!(found(&store, "trombone").is_empty());
    assert_eq!(found(&store, "violin"), ["looking for a violin teacher"]);

    // Trash and restore: entries stay, search leaves trashed records out.
    store.delete_contact(bo.id, now()).expect("trash bo");
    store.delete_interaction(met.id, now()).expect("trash met");
    in_step(&store, "trashing");
    assert!(found(&store, "chess").is_empty());
    assert!(found(&store, "kayaks").is_empty());
    store.restore_contact(bo.id).expect("restore bo");
    store.restore_interaction(met.id).expect("restore met");
    in_step(&store, "restoring");
    assert_eq!(found(&store, "chess"), ["Bo Chen"]);

    // Purge: the contact, its needs and the interactions left with no one.
    let dan = store
        .add_contact(
            person("Dan Eriks", "Hooli", "dan@hooli.example", "collects maps"),
            now(),
        )
        .expect("dan");
    store
        .log_interaction(interaction(&[dan.id], "Map fair", "atlas", 5), now())
        .expect("log");
    store
        .add_ask(ask(dan.id, "wants an old lantern"), now())
        .expect("ask");
    store.delete_contact(dan.id, now()).expect("trash dan");
    store.empty_trash().expect("empty the trash");
    in_step(&store, "purging");
    assert!(found(&store, "atlas").is_empty());
    assert!(found(&store, "lantern").is_empty());
}

#[test]
fn merging_and_unmerging() {
    let (_dir, mut store, _, bo) = two_people();
    let cleo = store
        .add_contact(
            person(
                "Cleo Diaz",
                "Umbrella",
                "cleo@umbrella.example",
                "bakes bread",
            ),
            now(),
        )
        .expect("cleo");
    store
        .log_interaction(
            interaction(&[cleo.id], "Bakery visit", "sourdough", 2),
            now(),
        )
        .expect("log");
    store
        .add_ask(ask(cleo.id, "needs a flour supplier"), now())
        .expect("ask");
    let merged = store
        .merge_contacts(bo.id, cleo.id, &[], now())
        .expect("merge cleo into bo");
    in_step(&store, "merging");
    assert_eq!(found(&store, "bread"), ["Bo Chen"], "the notes came along");
    assert!(found(&store, "Cleo").is_empty());
    store.unmerge_contact(merged.id, now()).expect("unmerge");
    in_step(&store, "unmerging");
    assert_eq!(found(&store, "Cleo"), ["Cleo Diaz"]);
    assert!(!found(&store, "bread").contains(&"Bo Chen".to_owned()));
}

#[test]
fn importing_undoing_an_import_and_importing_interactions() {
    let (_dir, mut store, _, _) = two_people();
    // New people, and one matched to Ana by her email.
    let vcf = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Eve Fox\r\nORG:Stark\r\n\
               EMAIL:eve@stark.example\r\nNOTE:paints murals\r\nEND:VCARD\r\n\
               BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana Ruiz\r\nTITLE:Captain\r\n\
               EMAIL:ana@acme.example\r\nNOTE:keeps bees\r\nEND:VCARD\r\n\
               BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Finn Gray\r\nEND:VCARD\r\n";
    let import = |store: &mut Store| {
        store
            .import(
                vcf.as_bytes(),
                ImportFormat::Vcard,
                "test.vcf",
                now(),
                &mut |_, _| {},
            )
            .expect("import")
    };
    let plan = import(&mut store);
    assert_eq!((plan.created, plan.merged), (2, 1));
    in_step(&store, "importing");
    assert_eq!(found(&store, "murals"), ["Eve Fox"]);
    assert_eq!(found(&store, "bees"), ["Ana Ruiz"]);
    let again = import(&mut store);
    assert_eq!(
        again.created, 1,
        "Finn Gray: a name alone is only possibly the same"
    );
    in_step(&store, "importing the same file again");
    store
        .undo_import(plan.import_id.expect("recorded"), now())
        .expect("undo");
    in_step(&store, "undoing the import");
    assert!(found(&store, "bees").is_empty());
    assert!(found(&store, "murals").is_empty());

    // Interactions from a CSV file, with a participant who becomes a contact.
    store
        .import_interactions_csv(
            b"when,participants,kind,summary,notes\n2026-01-05,Ana Ruiz; Gil Hart,call,Budget call,spreadsheets\n",
            FixedOffset::east_opt(0).expect("utc"),
            false,
            now(),
        )
        .expect("csv");
    in_step(&store, "importing interactions");
    assert_eq!(found(&store, "Gil"), ["Gil Hart"]);
    assert_eq!(found(&store, "spreadsheets"), ["Budget call"]);
}

#[test]
fn restoring_a_json_export_and_seeding() {
    let (dir, mut store, ana, bo) = two_people();
    store
        .log_interaction(
            interaction(&[ana.id, bo.id], "Harbour walk", "talked about kayaks", 3),
            now(),
        )
        .expect("log");
    store
        .add_ask(ask(bo.id, "looking for a violin teacher"), now())
        .expect("ask");
    let mut edit = ContactInput::from_contact(&ana);
    edit.interests = vec!["Climbing".into()];
    store.update_contact(ana.id, edit, now()).expect("edit");
    let (json, _) = store
        .export(ExportFormat::Json, None, now())
        .expect("export");
    let mut copy = Store::open(&dir.path().join("copy.db")).expect("open copy");
    copy.import(
        &json,
        ImportFormat::Json,
        "export.json",
        now(),
        &mut |_, _| {},
    )
    .expect("restore");
    in_step(&copy, "restoring a JSON export");
    for query in ["sailing", "chess", "violin", "kayaks", "Ana", "climbing"] {
        assert_eq!(found(&copy, query), found(&store, query), "{query}");
        assert!(!found(&copy, query).is_empty(), "{query}");
    }

    // The seed, into a database that has data.
    store
        .seed(
            SeedOptions {
                contacts: 40,
                interactions: 300,
                seed: 3,
            },
            now(),
        )
        .expect("seed");
    in_step(&store, "seeding");
}

/// The names of the live contacts a search finds (its contact hits), sorted.
fn people_found(store: &Store, query: &str) -> Vec<String> {
    let mut names: Vec<String> = store
        .search(query, 50)
        .expect("search")
        .into_iter()
        .filter(|h| h.kind == kith::model::SearchKind::Contact)
        .map(|h| h.title)
        .collect();
    names.sort();
    names
}

/// A contact's entry holds its interests' names (schema 15): every write that changes them
/// writes it again.
#[test]
fn interests_are_in_their_contacts_entries() {
    let (_dir, mut store, ana, bo) = two_people();
    let mut edit = ContactInput::from_contact(&ana);
    edit.interests = vec!["Climbing".into(), "Chess".into()];
    let ana = store.update_contact(ana.id, edit, now()).expect("edit ana");
    let cleo = store
        .add_contact(
            ContactInput {
                interests: vec!["climbing".into(), "Board games".into()],
                ..person("Cleo Diaz", "Umbrella", "cleo@umbrella.example", "")
            },
            now(),
        )
        .expect("cleo");
    in_step(&store, "adding interests");
    assert_eq!(people_found(&store, "climbing"), ["Ana Ruiz", "Cleo Diaz"]);
    let hit = store.search("climbing", 50).expect("search");
    assert!(
        hit.iter().all(|h| h.snippet.contains("[Climbing]")),
        "{hit:#?}"
    );

    store
        .rename_interest("Climbing", "Bouldering")
        .expect("rename");
    in_step(&store, "renaming an interest");
    assert!(people_found(&store, "climbing").is_empty());
    assert_eq!(people_found(&store, "boulder"), ["Ana Ruiz", "Cleo Diaz"]);

    store
        .merge_interests("Chess", "Board games")
        .expect("merge interests");
    in_step(&store, "merging interests");
    assert_eq!(
        people_found(&store, "chess"),
        ["Bo Chen"],
        "by his notes only"
    );
    assert_eq!(
        people_found(&store, "board games"),
        ["Ana Ruiz", "Cleo Diaz"]
    );

    let mut edit = ContactInput::from_contact(&store.get_contact(cleo.id).expect("cleo"));
    edit.interests.retain(|i| i != "Bouldering");
    store
        .update_contact(cleo.id, edit, now())
        .expect("edit cleo");
    in_step(&store, "taking an interest away");
    assert_eq!(people_found(&store, "bouldering"), ["Ana Ruiz"]);

    let merged = store
        .merge_contacts(bo.id, ana.id, &[], now())
        .expect("merge ana into bo");
    in_step(&store, "merging contacts");
    assert_eq!(people_found(&store, "bouldering"), ["Bo Chen"]);
    store.unmerge_contact(merged.id, now()).expect("unmerge");
    in_step(&store, "unmerging contacts");
    assert_eq!(people_found(&store, "bouldering"), ["Ana Ruiz"]);

    let vcf = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Eve Fox\r\nX-KITH-INTEREST:Pottery,Bouldering\r\n\
               EMAIL:eve@stark.example\r\nEND:VCARD\r\n\
               BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bo Chen\r\nX-KITH-INTEREST:Pottery\r\n\
               EMAIL:bo@globex.example\r\nEND:VCARD\r\n";
    let plan = store
        .import(
            vcf.as_bytes(),
            ImportFormat::Vcard,
            "test.vcf",
            now(),
            &mut |_, _| {},
        )
        .expect("import");
    in_step(&store, "importing interests");
    assert_eq!(people_found(&store, "pottery"), ["Bo Chen", "Eve Fox"]);
    assert_eq!(people_found(&store, "bouldering"), ["Ana Ruiz", "Eve Fox"]);
    store
        .undo_import(plan.import_id.expect("recorded"), now())
        .expect("undo");
    in_step(&store, "undoing an import of interests");
    assert!(people_found(&store, "pottery").is_empty());
}

#[test]
fn the_check_sees_a_missing_a_stale_and_a_left_over_entry() {
    let mut store = Store::open_in_memory().expect("open");
    let ana = store
        .add_contact(person("Ana Ruiz", "Acme", "ana@acme.example", ""), now())
        .expect("ana");
    let bo = store
        .add_contact(person("Bo Chen", "Globex", "bo@globex.example", ""), now())
        .expect("bo");
    in_step(&store, "creating");
    let conn = store.conn();
    conn.execute("DELETE FROM search_index WHERE rowid = ?1", [ana.id * 4])
        .expect("drop ana's entry");
    conn.execute(
        "UPDATE contact SET notes = 'changed' WHERE id = ?1",
        [bo.id],
    )
    .expect("change bo behind the index's back");
    conn.execute(
        "INSERT INTO search_index (rowid, title, body) VALUES (401, 'ghost', '')",
        [],
    )
    .expect("a left-over entry");
    let off = mismatches(conn).expect("check");
    assert_eq!(off.len(), 3, "{off:#?}");
    assert!(off[0].contains(&format!("entry {} (missing)", ana.id * 4)));
    assert!(off[1].contains(&format!("entry {} (different)", bo.id * 4)));
    assert!(off[2].contains("entry 401 (left over)"));
}
