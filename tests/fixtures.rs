//! Every released schema version has a fixture database in `tests/fixtures/schema-vN.db`
//! (written by that version, with data in it). Each is upgraded to the current schema by
//! `Store::open` and its data checked: an upgrade that loses or garbles anything fails here.
//! When a schema is released, save its fixture and set [`RELEASED`] to it (the test below
//! fails while the current schema's predecessor has none).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use kith::model::{ChannelKind, ContactQuery, ContactSort};
use kith::store::SCHEMA_VERSION;
use kith::Store;

/// The newest released schema: every version up to it has a fixture. The current schema
/// ([`SCHEMA_VERSION`]) is this one or the next, not released yet (its fixture is saved when it
/// is).
const RELEASED: i64 = 19;

fn fixture(version: i64) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/schema-v{version}.db"))
}

/// A copy of the fixture of `version` in a temporary folder (the fixture itself is never
/// opened), opened: it must be upgraded to the current schema.
fn open_copy(version: i64) -> (tempfile::TempDir, Store) {
    let (dir, store) = open_copy_named(&format!("schema-v{version}.db"));
    assert_eq!(store.info().expect("info").schema_version, SCHEMA_VERSION);
    (dir, store)
}

/// A copy of the fixture file `name` in a temporary folder.
fn open_copy_named(name: &str) -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("kith.db");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name),
        &path,
    )
    .expect("copy fixture");
    let store = Store::open(&path).expect("open and upgrade");
    (dir, store)
}

fn names(store: &Store) -> Vec<String> {
    let query = ContactQuery {
        sort: ContactSort::Name,
        ..Default::default()
    };
    let page = store.list_contacts(&query).expect("list");
    page.items.into_iter().map(|c| c.name).collect()
}

#[test]
fn there_is_a_fixture_for_every_schema_version() {
    const {
        assert!(
            SCHEMA_VERSION - 1 <= RELEASED && RELEASED <= SCHEMA_VERSION,
            "the schema before the current one is released: set RELEASED to it"
        );
    }
    for version in 1..=RELEASED {
        assert!(
            fixture(version).exists(),
            "missing {}: save a database written at schema {version}",
            fixture(version).display()
        );
    }
}

#[test]
fn schema_1_upgrades_with_every_contact_and_email() {
    let (dir, store) = open_copy(1);
    assert!(
        dir.path().join("kith.db.v1.bak").exists(),
        "backup taken before upgrading"
    );
    assert_eq!(
        names(&store),
        ["Ana Ruiz", "Bo Chen", "émile zola", "李小龙"]
    );
    let ana = store.resolve_contact("Ana Ruiz").expect("ana");
    let ana = store.get_contact(ana.id).expect("ana");
    assert_eq!(ana.company.as_deref(), Some("Acme"));
    assert_eq!(ana.role.as_deref(), Some("CTO"));
    assert_eq!(ana.channels.len(), 1);
    assert_eq!(ana.channels[0].kind, ChannelKind::Email);
    assert_eq!(ana.channels[0].value, "ana@acme.com");
    assert_eq!(store.search("emile", 10).expect("search").len(), 1);
    assert_eq!(store.search("李", 10).expect("search").len(), 1);
}

#[test]
fn schema_2_opens_with_people_interests_asks_interactions_and_trash() {
    let (_dir, mut store) = open_copy(2);
    assert_eq!(names(&store), ["Ana Ruiz", "Bo Chen"]);
    let ana = store.resolve_contact("Ana").expect("ana");
    let ana = store.get_contact(ana.id).expect("ana");
    assert_eq!(ana.tags, ["friend"]);
    assert_eq!(ana.interests, ["Rust"]);
    assert_eq!(ana.dates.len(), 1);
    let timeline = store.timeline(ana.id, 10, 0).expect("timeline");
    assert_eq!(timeline.total, 1);
    let logged = &timeline.items[0];
    assert_eq!(logged.summary, "Planned the meetup");
    assert_eq!(logged.participants.len(), 2);
    assert_eq!(
        logged.follow_up.as_ref().map(|f| f.text.as_str()),
        Some("send the contract")
    );
    let me = store.me(chrono::DateTime::UNIX_EPOCH).expect("me");
    assert_eq!(
        store
            .list_asks(&kith::model::AskQuery {
                contact_id: Some(me.id),
                open_only: true
            })
            .expect("asks")
            .len(),
        1
    );
    let trash = store.list_trash().expect("trash");
    assert_eq!(trash.len(), 1);
    assert_eq!(trash[0].title, "Carla Gone");
    assert_eq!(store.search("venue", 10).expect("search").len(), 1);
}

#[test]
fn schema_3_opens_with_feedback_settings_and_reminders() {
    let (_dir, store) = open_copy(3);
    assert_eq!(names(&store), ["Ana Ruiz", "Bo Chen"]);
    assert_eq!(store.settings().expect("settings").daily_budget, 7);
    let count = |sql: &str| -> i64 {
        store
            .conn()
            .query_row(sql, [], |r| r.get(0))
            .expect("count")
    };
    assert_eq!(
        count("SELECT count(*) FROM suggestion_feedback WHERE action = 'dismissed'"),
        1
    );
    assert_eq!(
        count("SELECT count(*) FROM suggestion_feedback WHERE until = '2026-12-10'"),
        1
    );
    assert_eq!(
        count("SELECT count(*) FROM reminder WHERE status = 'open'"),
        2,
        "the promise and the manual reminder"
    );
    let ana = store.resolve_contact("Ana").expect("ana");
    let timeline = store.timeline(ana.id, 10, 0).expect("timeline");
    assert_eq!(timeline.total, 1);
    // The promise (schema 14 rebuilt its table) is still mine, and to Ana.
    let promise = timeline.items[0].follow_up.clone().expect("the promise");
    assert_eq!(
        (promise.contact, promise.by),
        (Some(ana.id), kith::model::PromisedBy::Me)
    );
    // A promise of theirs can be kept now.
    store
        .conn()
        .execute(
            "INSERT INTO reminder (contact_id, due_on, text, source, created_at)
             VALUES (?1, '2026-12-20', 'send the photos', 'their_promise', 0)",
            [ana.id],
        )
        .expect("their promise");
}

/// Written at schema 4 (the contact photo table) with:
/// `kith --db F contact add "Ana Ruiz" --company Acme --email ana@acme.com --tag friend`, then
/// `kith --db F import tests/fixtures/import/apple.vcf` (a contact with a photo).
#[test]
fn schema_4_opens_with_contact_photos() {
    let (_dir, store) = open_copy(4);
    assert_eq!(names(&store), ["Ana Ruiz", "Dr. Chidi Okafor"]);
    let chidi = store.resolve_contact("Dr. Chidi").expect("chidi");
    let photo = kith::store::photos::get_photo(store.conn(), chidi.id)
        .expect("read")
        .expect("a photo");
    assert_eq!((photo.mime.as_str(), photo.data.len()), ("image/png", 70));
}

/// Written at schema 5 (the engine and People list indexes, the damage check's date) with:
/// `kith --db F contact add "Ana Ruiz" --circle inner`, `kith --db F contact add "Bo Chen"`,
/// then `kith --db F log --with "Ana Ruiz" --kind call --summary "Catch-up"`.
#[test]
fn schema_5_opens_with_its_indexes_and_the_last_damage_check() {
    let (_dir, store) = open_copy(5);
    assert_eq!(names(&store), ["Ana Ruiz", "Bo Chen"]);
    let ana = store.resolve_contact("Ana").expect("ana");
    assert_eq!(store.timeline(ana.id, 10, 0).expect("timeline").total, 1);
    let indexes: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name IN
             ('contact_engine_summary', 'contact_list_by_circle', 'contact_list_by_name')",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(indexes, 3);
    assert!(store.last_check().is_some(), "the check is recorded");
}

/// Written at schema 5 with `kith --db F contact add "Ana Ruiz" --email ana@acme.com`,
/// `kith --db F import tests/fixtures/import/linkedin-connections.csv` (two connections,
/// each logged as an interaction "Connected on LinkedIn" then) and
/// `kith --db F log --with "Ana Ruiz" --kind call --summary "Catch-up"`. From schema 6 a
/// connection is the day the user connected, not a conversation.
#[test]
fn schema_6_turns_linkedin_connections_into_a_connected_on_date() {
    let (_dir, store) = open_copy_named("schema-v5-linkedin.db");
    let priya = store.resolve_contact("Priya Raman").expect("priya");
    let priya = store.get_contact(priya.id).expect("priya");
    assert_eq!(
        priya.connected_on,
        chrono::NaiveDate::from_ymd_opt(2024, 1, 12)
    );
    assert_eq!(priya.last_interaction_at, None, "no conversation is left");
    assert_eq!(store.timeline(priya.id, 10, 0).expect("timeline").total, 0);
    let tomas = store.resolve_contact("Tomás O'Neill").expect("tomas");
    let tomas = store.get_contact(tomas.id).expect("tomas");
    assert_eq!(
        tomas.connected_on,
        chrono::NaiveDate::from_ymd_opt(2021, 2, 3)
    );
    let ana = store.resolve_contact("Ana").expect("ana");
    assert_eq!(
        store.timeline(ana.id, 10, 0).expect("timeline").total,
        1,
        "a conversation stays"
    );
    let identities: Vec<(String, String, Option<i64>)> = store
        .conn()
        .prepare("SELECT kind, value, contact_id FROM identity ORDER BY kind, value")
        .expect("prepare")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    let emails: Vec<&str> = identities
        .iter()
        .filter(|i| i.0 == "email")
        .map(|i| i.1.as_str())
        .collect();
    assert_eq!(emails, ["ana@acme.com", "priya.raman@example.com"]);
    assert!(identities.iter().all(|i| i.2.is_some()));
}

/// Written at schema 6 (who is who) with:
/// `kith --db F import tests/fixtures/import/faithful-3.0.vcf`,
/// `kith --db F import tests/fixtures/import/linkedin-connections.csv`,
/// `kith --db F contact add "Johnny S." --email john@abc.example.com`, then
/// `kith --db F merge "Dr. John Stevenson" "Johnny S."`.
#[test]
fn schema_6_opens_with_identities_and_what_can_be_undone() {
    let (_dir, mut store) = open_copy(6);
    let john = store.resolve_contact("Dr. John Stevenson").expect("john");
    let john = store.get_contact(john.id).expect("john");
    assert_eq!(john.name_parts.given.as_deref(), Some("John"));
    assert_eq!(john.nickname.as_deref(), Some("Johnny"));
    assert_eq!(john.addresses.len(), 2);
    assert_eq!(john.titles.len(), 2);
    let imports = store.list_imports().expect("imports");
    assert_eq!(imports.len(), 2);
    let back = store
        .unmerge_contact(john.id, chrono::Utc::now())
        .expect("the recorded merge can be taken back");
    assert_eq!(back.restored.name, "Johnny S.");
    let undo = store
        .undo_import(imports[0].id, chrono::Utc::now())
        .expect("the recorded import can be undone");
    assert_eq!(undo.trashed.len(), 3, "the three LinkedIn connections");
}

/// From schema 7 the store writes the search index itself (no triggers): every older
/// database upgrades to an index that holds exactly what its tables say. The schema 7
/// fixture was written with the commands of the schema 6 one (below), then
/// `kith --db F log --with "Dr. John Stevenson" --kind call --summary "Catch-up about the harbour"`.
#[test]
fn every_schema_upgrades_to_a_search_index_in_step_with_its_tables() {
    for version in 1..=RELEASED {
        let (_dir, store) = open_copy(version);
        let off = kith::store::search::mismatches(store.conn()).expect("check");
        assert!(off.is_empty(), "schema {version}: {off:#?}");
        let triggers: i64 = store
            .conn()
            .query_row(
                "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name LIKE '%search%'",
                [],
                |r| r.get(0),
            )
            .expect("count");
        assert_eq!(triggers, 0, "schema {version}");
    }
}

/// The schema 6 fixture (see above): what its triggers indexed is found after the upgrade,
/// and an edit and an unmerge after it keep the index in step.
#[test]
fn schema_6_upgrades_to_search_kept_by_the_store() {
    let (_dir, mut store) = open_copy(6);
    let john = store.resolve_contact("Dr. John Stevenson").expect("john");
    let hits = store.search("Stevenson", 10).expect("search");
    assert!(hits.iter().any(|h| h.id == john.id), "{hits:?}");
    let back = store
        .unmerge_contact(john.id, chrono::Utc::now())
        .expect("unmerge");
    let mut input = kith::model::ContactInput::from_contact(&back.restored);
    input.notes = "plays the theremin".into();
    store
        .update_contact(back.restored.id, input, chrono::Utc::now())
        .expect("edit");
    let hits = store.search("theremin", 10).expect("search");
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].id, back.restored.id);
    let off = kith::store::search::mismatches(store.conn()).expect("check");
    assert!(off.is_empty(), "{off:#?}");
}

#[test]
fn schema_7_upgrades_to_past_jobs_and_schema_8_keeps_them() {
    let (_dir, store) = open_copy(7);
    let priya = store.resolve_contact("Priya Raman").expect("priya");
    assert!(store
        .get_contact(priya.id)
        .expect("priya")
        .past_jobs
        .is_empty());

    // Written at schema 8: a LinkedIn import moved Priya from Globex to Umbrella Corp.
    let (_dir, mut store) = open_copy(8);
    let priya = store.resolve_contact("Priya Raman").expect("priya");
    let c = store.get_contact(priya.id).expect("priya");
    assert_eq!(c.company.as_deref(), Some("Umbrella Corp"));
    assert_eq!(c.past_jobs.len(), 1);
    assert_eq!(c.past_jobs[0].company, "Globex");
    assert_eq!(c.past_jobs[0].role.as_deref(), Some("Staff Engineer"));
    // The import that did it is recorded, and undoing it puts Globex back.
    let last = store.list_imports().expect("imports")[0].id;
    store.undo_import(last, chrono::Utc::now()).expect("undo");
    let c = store.get_contact(priya.id).expect("priya");
    assert_eq!(c.company.as_deref(), Some("Globex"));
    assert!(c.past_jobs.is_empty());
}

/// From schema 9 each contact keeps the key an import looks its name up by, and each channel
/// the key it is looked up by (matching reads only the candidates of each record). Every older
/// database upgrades with both filled: its own vCard export, imported back, finds each person
/// it holds (as the same person, or as possibly the same when only the name is there to go
/// by). The schema 9 fixture is the schema 8 one opened at schema 9, then `kith contact add
/// "Jean-Luc Bérard" --phone 0612345678 --link https://de.linkedin.com/in/JL-Berard/ --email
/// JL@Berard.example` (a number that does not parse without a region, a country subdomain and
/// a mixed-case LinkedIn path).
#[test]
fn every_schema_upgrades_to_match_keys_an_import_finds_its_people_by() {
    for version in 1..=RELEASED {
        let (_dir, store) = open_copy(version);
        let now = chrono::Utc::now();
        let (vcf, count) = store
            .export(kith::io::ExportFormat::Vcard, None, now)
            .expect("export");
        let plan = store
            .plan_import(&vcf, kith::io::ImportFormat::Vcard, "export.vcf", now)
            .expect("plan");
        assert_eq!(plan.items.len() as u32, count, "schema {version}");
        for item in &plan.items {
            let found = item.target.as_ref().map(|t| t.name.as_str());
            assert_eq!(
                found,
                Some(item.name.as_str()),
                "schema {version}: {item:#?}"
            );
        }
    }
    // Found by identifiers alone, whatever the name: the schema 9 fixture's Jean-Luc.
    let (_dir, store) = open_copy(RELEASED);
    let card = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:J. Bérard\r\nTEL:+33 6 12 34 56 78\r\n\
                URL:https://www.linkedin.com/in/jl-berard\r\nEND:VCARD\r\n";
    let plan = store
        .plan_import(
            card.as_bytes(),
            kith::io::ImportFormat::Vcard,
            "jl.vcf",
            chrono::Utc::now(),
        )
        .expect("plan");
    assert_eq!(plan.created, 0, "{:#?}", plan.items);
    assert_eq!(
        plan.items[0].target.as_ref().map(|t| t.name.as_str()),
        Some("Jean-Luc Bérard")
    );
}

/// Schema 11 keeps the queue's counts per address (`capture_address_stat`): the schema 10
/// fixture (one mbox read: Ana, Priya and Bo on it) upgrades with them added up from its
/// items, and lists the same queue as before; its source keeps no message text until asked.
/// The schema 11 fixture is the schema 10 one opened at schema 11, then `kith source text 1
/// on`.
#[test]
fn schema_10_upgrades_to_queue_counts_added_up_from_its_items() {
    for version in [10, 11] {
        let (_dir, store) = open_copy(version);
        let off = kith::store::unknowns::list_stat_mismatches(store.conn()).expect("check");
        assert!(off.is_empty(), "schema {version}: {off:?}");
        let sources = store.list_sources().expect("sources");
        assert_eq!(sources[0].keep_text, version == 11, "schema {version}");
        let queue: Vec<(String, u32, u32)> = store
            .unknowns(true)
            .expect("queue")
            .into_iter()
            .map(|u| (u.email, u.sent, u.received))
            .collect();
        assert_eq!(
            queue,
            [
                ("priya@raman.example".to_owned(), 1, 1),
                ("bo@globex.example".to_owned(), 1, 0)
            ],
            "schema {version}"
        );
    }
}

/// Every row of the capture tables and every interaction's source, as text: what an upgrade
/// must keep as it was.
fn capture_rows(conn: &rusqlite::Connection) -> Vec<String> {
    let mut out = Vec::new();
    for sql in [
        "SELECT 's', id, kind, path, added_at, read_at, cursor, status, message, report, keep_text
         FROM source ORDER BY id",
        "SELECT 'i', id, source_id, key, kind, occurred_at, has_time, thread, subject, from_me,
                body FROM capture_item ORDER BY id",
        "SELECT 'a', item_id, email, name, role FROM capture_address ORDER BY item_id, email",
        "SELECT 'k', thread_day, interaction_id FROM capture_interaction ORDER BY thread_day",
        "SELECT 'n', id, source_id FROM interaction ORDER BY id",
        "SELECT 'g', email, ignored_at FROM unknown_ignored ORDER BY email",
    ] {
        let mut stmt = conn.prepare(sql).expect("prepare");
        let n = stmt.column_count();
        let rows = stmt
            .query_map([], |r| {
                let cells: Vec<String> = (0..n)
                    .map(|i| format!("{:?}", r.get_ref(i).expect("cell")))
                    .collect();
                Ok(cells.join(" "))
            })
            .expect("query");
        out.extend(rows.map(|r| r.expect("row")));
    }
    out
}

/// Schema 12 rebuilds `source` and `capture_item` (their kinds grew: phone and chat exports)
/// with foreign keys off: the schema 11 fixture upgrades with every source, item, address,
/// thread-day and interaction's source as it was (nothing cascaded away or unlinked), the
/// references whole, and the queue's counts in step. The schema 12 fixture is the schema 11
/// one opened at schema 12.
#[test]
fn schema_11_upgrades_to_convo_sources_with_every_capture_row() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("kith.db");
    std::fs::copy(fixture(11), &path).expect("copy");
    let before = {
        let conn = rusqlite::Connection::open(&path).expect("open v11");
        let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).expect("count") };
        assert!(count("SELECT count(*) FROM interaction WHERE source_id IS NOT NULL") > 0);
        assert!(count("SELECT count(*) FROM capture_item") >= 5);
        assert!(count("SELECT count(*) FROM capture_address") >= 5);
        capture_rows(&conn)
    };
    let store = Store::open(&path).expect("open and upgrade");
    assert_eq!(capture_rows(store.conn()), before);
    let dangling: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .expect("check");
    assert_eq!(dangling, 0);
    let on: bool = store
        .conn()
        .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
        .expect("pragma");
    assert!(on, "foreign keys are on again after the upgrade");
    let off = kith::store::unknowns::list_stat_mismatches(store.conn()).expect("check");
    assert!(off.is_empty(), "{off:?}");
    // The new kinds are allowed, and a source's deletion still cascades to its items.
    let n: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM capture_item WHERE source_id = 1",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert!(n > 0);
    store
        .conn()
        .execute_batch("DELETE FROM source WHERE id = 1")
        .expect("delete");
    let n: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM capture_item", [], |r| r.get(0))
        .expect("count");
    assert_eq!(n, 0);
    store
        .conn()
        .execute_batch(
            "INSERT INTO source (kind, path, added_at) VALUES ('sms-backup', '/x', 0),
                 ('linkedin-messages', '/y', 0)",
        )
        .expect("new kinds");
}

/// What an interaction capture made shows of one of its items: time, from me, subject, from.
type Message = (i64, bool, String, Option<String>);

/// Per interaction capture made (and its thread-day), read as schema 12 read them (`thread = ?`
/// over the whole by-thread index): its items' keys and what it shows of each.
fn thread_days_before(
    conn: &rusqlite::Connection,
) -> Vec<(i64, String, Vec<String>, Vec<Message>)> {
    let mut before: Vec<(i64, String, Vec<String>, Vec<Message>)> = Vec::new();
    let rows = conn
        .prepare(
            "SELECT ci.interaction_id, ci.thread_day, i.key, i.occurred_at, i.from_me,
                    i.subject,
                    (SELECT coalesce(nullif(a.name, ''), a.email) FROM capture_address a
                     WHERE a.item_id = i.id AND a.role = 'from' ORDER BY a.email LIMIT 1)
             FROM capture_interaction ci
             JOIN capture_item i
               ON i.thread = substr(ci.thread_day, 12)
              AND i.occurred_at >= unixepoch(substr(ci.thread_day, 1, 10)) * 1000
              AND i.occurred_at < unixepoch(substr(ci.thread_day, 1, 10)) * 1000 + 86400000
             ORDER BY ci.interaction_id, i.occurred_at, i.id",
        )
        .expect("prepare")
        .query_map([], |r| {
            let message: Message = (r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?);
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                message,
            ))
        })
        .expect("query")
        .map(|r| r.expect("row"))
        .collect::<Vec<_>>();
    for (id, day, key, message) in rows {
        match before.last_mut() {
            Some((last, _, keys, messages)) if *last == id => {
                keys.push(key);
                messages.push(message);
            }
            _ => before.push((id, day, vec![key], vec![message])),
        }
    }
    before
}

/// Schema 13 keeps the items whose thread is their own key (a thread's first message, every
/// calendar occurrence) out of the by-thread index: the schema 10 to 12 fixtures (a thread of
/// three messages whose first one's thread is its key, a message alone in its thread, one
/// threaded by subject) upgrade with every thread-day, thread and interaction reading the same
/// items as `thread = ?` read them over the whole index before.
#[test]
fn schema_12_upgrades_to_a_thread_index_without_items_threaded_by_their_key() {
    for version in 10..=RELEASED {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("kith.db");
        std::fs::copy(fixture(version), &path).expect("copy");
        let conn = rusqlite::Connection::open(&path).expect("open");
        let own: i64 = conn
            .query_row(
                "SELECT count(*) FROM capture_item WHERE thread = key",
                [],
                |r| r.get(0),
            )
            .expect("count");
        assert!(own > 0, "schema {version}");
        let before = thread_days_before(&conn);
        assert!(
            before.iter().any(|(_, _, keys, _)| keys.len() > 1),
            "schema {version}"
        );
        let sources: Vec<(String, i64)> = conn
            .prepare(
                "SELECT thread, (SELECT source_id FROM capture_item WHERE thread = t.thread
                                 ORDER BY id LIMIT 1)
                 FROM (SELECT DISTINCT thread FROM capture_item) t",
            )
            .expect("prepare")
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .expect("query")
            .map(|r| r.expect("row"))
            .collect();
        drop(conn);

        let store = Store::open(&path).expect("open and upgrade");
        let index: String = store
            .conn()
            .query_row(
                "SELECT sql FROM sqlite_schema WHERE name = 'capture_item_by_thread'",
                [],
                |r| r.get(0),
            )
            .expect("index");
        assert!(index.ends_with("WHERE thread <> key"), "{index}");
        for (id, thread_day, keys, messages) in before {
            let (day, thread) = thread_day.split_once('|').expect("thread-day");
            let day = chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d")
                .expect("day")
                .and_hms_opt(0, 0, 0)
                .expect("midnight")
                .and_utc();
            let items = kith::store::capture_items::list_thread_day(store.conn(), thread, day)
                .expect("thread-day");
            let found: Vec<String> = items.into_iter().map(|(i, _)| i.key).collect();
            assert_eq!(found, keys, "schema {version}: {thread_day}");
            let n = kith::store::capture_items::count_thread_day(store.conn(), thread, day)
                .expect("count");
            assert_eq!(n, keys.len(), "schema {version}: {thread_day}");
            let shown: Vec<Message> = store
                .interaction_messages(id)
                .expect("messages")
                .into_iter()
                .map(|m| {
                    (
                        m.occurred_at.timestamp_millis(),
                        m.from_me,
                        m.subject,
                        m.from,
                    )
                })
                .collect();
            assert_eq!(shown, messages, "schema {version}: interaction {id}");
        }
        for (thread, source) in sources {
            let found = kith::store::capture_items::get_thread_source(store.conn(), &thread)
                .expect("source");
            assert_eq!(found, Some(source), "schema {version}: {thread}");
        }
    }
}

/// Schema 14 keeps relationships and promises of theirs; schema 15 indexes interests, emoji and
/// symbols for search. The schema 14 fixture is the schema 13 one opened at schema 14, then
/// `kith relation add "Lea Weber" manager "Priya Raman" --note "since the reorg" --since
/// 2025-02-01`, `kith relation add "Jean-Luc" partner "Ana Ruiz"` and `kith log --with "Ana
/// Ruiz" --with "Lea Weber" --at 2026-11-20 --summary "Lunch at Lumen ☕" --follow-up
/// 2026-12-10 "send the slides" --promised-by "Lea Weber" "Congrats🎉 on the move"`.
#[test]
fn schema_14_upgrades_with_its_relationships_and_promises_and_finds_emoji() {
    let (_dir, store) = open_copy(14);
    let priya = store.resolve_contact("Priya").expect("priya");
    let around = store.people_around(priya.id).expect("around");
    let rels: Vec<_> = around
        .relationships
        .iter()
        .map(|r| (r.other.name.as_str(), r.role, r.note.as_deref()))
        .collect();
    assert_eq!(
        rels,
        [(
            "Lea Weber",
            kith::model::Role::Manager,
            Some("since the reorg")
        )]
    );
    let lea = store.resolve_contact("Lea").expect("lea");
    let lunch = &store.timeline(lea.id, 5, 0).expect("timeline").items[0];
    let promise = lunch.follow_up.clone().expect("their promise");
    assert_eq!(
        (promise.contact, promise.by, promise.text.as_str()),
        (
            Some(lea.id),
            kith::model::PromisedBy::Them,
            "send the slides"
        )
    );
    // The index is written again at schema 15: the emoji are found, glued or not.
    for symbol in ["☕", "🎉"] {
        let hits = store.search(symbol, 5).expect("search");
        assert_eq!(hits.len(), 1, "{symbol}: {hits:?}");
        assert_eq!(hits[0].id, lunch.id);
    }
}

/// The schema 15 fixture is the schema 14 one opened at schema 15, then `kith contact edit
/// Tomás --add-interest Climbing`, `kith ask add Jean-Luc --need "a logo for the bakery ☕"`,
/// `kith ask add me --need "designer for branding sprint"` and `kith ask add "Lea Weber"
/// --offer "Brand identity and logo design"`.
#[test]
fn schema_15_opens_with_interests_and_symbols_searchable_and_my_needs_matched() {
    let (_dir, store) = open_copy(15);
    let found = |q: &str| -> Vec<String> {
        store
            .search(q, 10)
            .expect("search")
            .into_iter()
            .map(|h| h.title)
            .collect()
    };
    assert_eq!(found("climbing"), ["Tomás O'Neill"]);
    assert_eq!(
        found("☕"),
        ["a logo for the bakery ☕", "Lunch at Lumen ☕"]
    );
    // The asks were added when the fixture was written: ask as of now.
    let now = kith::engine::Now::utc(chrono::Utc::now());
    let mine: Vec<String> = store
        .help_opportunities(&now)
        .expect("help")
        .into_iter()
        .filter(|h| h.kind == kith::engine::HelpKind::CanHelpYou)
        .filter_map(|h| h.offer.map(|o| o.contact.name))
        .collect();
    assert_eq!(mine, ["Lea Weber"]);
}

/// Schema 16 fills who knows whom from each earlier schema's history: the kept pairs equal the
/// history counted again, and the fixtures that have interactions with two people or more
/// have pairs.
#[test]
fn every_schema_upgrades_to_who_knows_whom_counted_from_its_history() {
    let mut with_pairs = 0;
    for version in 1..=RELEASED {
        let (_dir, store) = open_copy(version);
        let off = kith::store::knows::mismatches(store.conn()).expect("check");
        assert!(off.is_empty(), "schema {version}: {off:#?}");
        let pairs = kith::store::knows::list_knows(store.conn()).expect("pairs");
        let together: i64 = store
            .conn()
            .query_row(
                "SELECT count(*) FROM (SELECT interaction_id FROM interaction_participant
                  WHERE deleted = 0 GROUP BY interaction_id HAVING count(*) > 1)",
                [],
                |r| r.get(0),
            )
            .expect("count");
        assert_eq!(pairs.is_empty(), together == 0, "schema {version}");
        with_pairs += usize::from(!pairs.is_empty());
    }
    assert!(with_pairs > 0, "no fixture has people seen together");
}

/// The schema 16 fixture is the schema 15 one opened at schema 16, then `kith log --kind
/// meeting --with Priya --with Tomás --with Jean-Luc --at 2026-11-25 --summary "Roadmap
/// workshop"` and `kith relate "Lea Weber" Priya --as manager`.
#[test]
fn schema_16_upgrades_with_who_knows_whom_and_relationships() {
    let (_dir, store) = open_copy(16);
    let priya = store
        .list_contacts(&ContactQuery::default())
        .expect("list")
        .items
        .into_iter()
        .find(|c| c.name == "Priya Raman")
        .expect("Priya");
    let (relationships, seen) = store.ties(priya.id).expect("ties");
    let mut seen: Vec<(String, u32)> = seen.into_iter().map(|k| (k.other.name, k.shared)).collect();
    seen.sort();
    assert_eq!(
        seen,
        [
            ("Jean-Luc Bérard".to_owned(), 1),
            ("Tomás O'Neill".to_owned(), 1)
        ]
    );
    let ties: Vec<String> = relationships
        .iter()
        .map(|r| format!("{} {:?}", r.other.name, r.role))
        .collect();
    assert_eq!(ties, ["Lea Weber Manager"]);
}

/// The schema 17 fixture is the schema 16 one opened at schema 17, then
/// `kith relate Tomás Jean-Luc --as friend`, `kith ask add Priya --offer "an intro to the
/// climbing gym"` and `kith contact edit Ana --add-interest "Rock Climbing"`.
#[test]
fn schema_17_upgrades_with_its_relationships_asks_and_interests() {
    let (_dir, store) = open_copy(17);
    let tomas = store.resolve_contact("Tomás").expect("tomás");
    let (relationships, _) = store.ties(tomas.id).expect("ties");
    let ties: Vec<String> = relationships
        .iter()
        .map(|r| format!("{} {:?}", r.other.name, r.role))
        .collect();
    assert_eq!(ties, ["Jean-Luc Bérard Friend"]);
    let priya = store.resolve_contact("Priya").expect("priya");
    let asks: Vec<String> = store
        .list_asks(&kith::model::AskQuery {
            contact_id: Some(priya.id),
            open_only: true,
        })
        .expect("asks")
        .into_iter()
        .map(|a| a.text)
        .collect();
    assert_eq!(asks, ["an intro to the climbing gym"]);
    let ana = store.resolve_contact("Ana").expect("ana");
    assert!(store
        .get_contact(ana.id)
        .expect("ana")
        .interests
        .contains(&"Rock Climbing".to_owned()));
}

/// Schema 18 gives every row of the replicated tables a global id (`store::gid`): every
/// fixture upgrades with one on each row, well formed and unique in its table, time-ordered
/// (v7) for contacts, interactions, asks and reminders, and derived (v5) from what the row is
/// for interests and relationships.
#[test]
fn every_schema_upgrades_to_a_global_id_on_every_replicated_row() {
    use kith::store::gid;
    let mut seen = [0usize; 2];
    for version in 1..=RELEASED {
        let (_dir, store) = open_copy(version);
        let conn = store.conn();
        for (table, kind) in [
            ("contact", 7),
            ("interaction", 7),
            ("ask", 7),
            ("reminder", 7),
            ("interest", 5),
            ("relationship", 5),
        ] {
            let gids: Vec<Option<String>> = conn
                .prepare(&format!("SELECT gid FROM {table}"))
                .expect("prepare")
                .query_map([], |r| r.get(0))
                .expect("query")
                .map(|r| r.expect("row"))
                .collect();
            let mut unique = std::collections::HashSet::new();
            for g in &gids {
                let g = g
                    .as_deref()
                    .unwrap_or_else(|| panic!("schema {version}: {table}: a row without"));
                let u = uuid::Uuid::parse_str(g).expect("a UUID");
                assert_eq!(g, u.hyphenated().to_string(), "schema {version}: {table}");
                assert_eq!(u.get_version_num(), kind, "schema {version}: {table}: {g}");
                assert!(
                    unique.insert(g.to_owned()),
                    "schema {version}: {table}: {g} twice"
                );
            }
        }
        let interests: Vec<(String, String)> = conn
            .prepare("SELECT name, gid FROM interest")
            .expect("prepare")
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .expect("query")
            .map(|r| r.expect("row"))
            .collect();
        for (name, g) in &interests {
            assert_eq!(*g, gid::interest_gid(name), "schema {version}: {name}");
        }
        let relationships: Vec<(String, String, String, String)> = conn
            .prepare(
                "SELECT r.gid, ca.gid, r.kind, cb.gid FROM relationship r
                   JOIN contact ca ON ca.id = r.a JOIN contact cb ON cb.id = r.b",
            )
            .expect("prepare")
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .expect("query")
            .map(|r| r.expect("row"))
            .collect();
        for (g, a, kind, b) in &relationships {
            assert_eq!(*g, gid::relationship_gid(a, kind, b), "schema {version}");
        }
        seen[0] += interests.len();
        seen[1] += relationships.len();
    }
    assert!(
        seen[0] > 0 && seen[1] > 0,
        "no fixture has interests or relationships: {seen:?}"
    );
}

/// The schema 18 fixture is the schema 17 one opened at schema 18, then `kith contact add
/// "Mara Okafor" --email …` and `kith contact add "Mara O." --tag climbing`, `kith sync setup
/// FOLDER --device fixture`, `kith merge "Mara Okafor" "Mara O."`, `kith sync now` and `kith
/// not-duplicate "Ana Ruiz" "Lea Weber"`. At schema 19 sync is still set up with its device,
/// the merge made before it (which left no mark: `contact_merge` is new) can still be undone,
/// with sync on, and the pair said to be two people (now kept by global ids) still is.
#[test]
fn schema_18_upgrades_with_sync_set_up_and_its_merge_undoable() {
    let (_dir, mut store) = open_copy(18);
    let (_, device, paused) = store.sync_place().expect("place").expect("sync set up");
    assert!(!paused);
    assert!(!device.is_empty());
    let marks: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM contact_merge", [], |r| r.get(0))
        .expect("marks");
    assert_eq!(marks, 0);
    let ana = store.resolve_contact("Ana Ruiz").expect("ana").id;
    let lea = store.resolve_contact("Lea Weber").expect("lea").id;
    let pairs: Vec<(i64, i64)> = store
        .conn()
        .prepare(
            "SELECT min(x.id, y.id), max(x.id, y.id) FROM not_duplicate n
             JOIN contact x ON x.gid = n.first_gid JOIN contact y ON y.gid = n.second_gid",
        )
        .expect("prepare")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("pairs")
        .map(|r| r.expect("pair"))
        .collect();
    assert_eq!(pairs, [(ana.min(lea), ana.max(lea))]);
    let mara = store.resolve_contact("Mara Okafor").expect("mara");
    let merged = store.get_contact(mara.id).expect("mara");
    assert_eq!(merged.tags, ["climbing"]);
    let now = chrono::Utc::now();
    let undone = store.unmerge_contact(mara.id, now).expect("unmerge");
    assert_eq!(undone.restored.name, "Mara O.");
    assert_eq!(undone.restored.tags, ["climbing"]);
    assert!(store.get_contact(mara.id).expect("mara").tags.is_empty());
}

/// The schema 19 fixture is the schema 18 one opened at schema 19, then `kith contact add
/// "Ines Duarte" --email ines@duarte.example --tag pottery`, `kith contact edit "Ines Duarte"
/// --company "Atelier Duarte"` and `kith log --with "Ines Duarte" --with "Ana Ruiz" --kind
/// meeting --at 2026-11-20T10:00:00Z "Studio visit, glazes"`, with no pass after: 36 changes
/// wait in `sync_out` (a change per column, as schema 19 captured them), after 339 written
/// out. At schema 20 they go out as they were, in order, and a row written now (one pending
/// change of its columns) goes out after them as a change per column.
#[test]
fn schema_19_upgrades_with_its_pending_changes_kept_in_order() {
    use kith::sync::{capture, ChangeOp};
    let (_dir, mut store) = open_copy(19);
    assert_eq!(store.sync_status().expect("status").pending, 36);
    let device = store
        .sync_status()
        .expect("status")
        .device
        .expect("sync set up");
    let input = kith::model::ContactInput {
        name: "Jon Ekberg".into(),
        company: Some("Ekberg Kilns".into()),
        ..Default::default()
    };
    store
        .add_contact(input, chrono::Utc::now())
        .expect("add a contact at schema 20");
    let columns = kith::sync::spec::ENTITIES
        .iter()
        .find(|e| e.table == "contact")
        .expect("contact")
        .columns
        .len();
    assert_eq!(
        store.sync_status().expect("status").pending,
        36 + columns as u64,
        "a new row's changes count one per column"
    );
    capture::fold(store.conn(), &device).expect("fold");
    let pending =
        kith::store::sync_out::list_sync_out(store.conn(), &device, 10_000).expect("list");
    assert_eq!(pending.len(), 36 + columns);
    // Numbered after what was written out before the upgrade (the sequence is never reused).
    assert!(pending.iter().all(|(seq, _)| *seq > 339), "{pending:?}");
    assert!(pending.windows(2).all(|w| w[0].0 <= w[1].0));
    // Schema 19's changes first, as captured: Ines's name first, the meeting's last participant.
    let first = &pending[0].1;
    assert_eq!(
        (first.table.as_str(), first.column.as_str()),
        ("contact", "name")
    );
    assert_eq!(first.value, serde_json::json!("Ines Duarte"));
    assert_eq!(pending[35].1.column, "participant");
    // Then the new row: every column once, a set each, its stamps one after another.
    let new: Vec<_> = pending[36..].iter().map(|(_, c)| c).collect();
    assert!(new
        .iter()
        .all(|c| c.op == ChangeOp::Set && c.table == "contact"));
    let row = &new[0].row;
    assert!(new.iter().all(|c| &c.row == row));
    let names: BTreeSet<&str> = new.iter().map(|c| c.column.as_str()).collect();
    assert_eq!(names.len(), columns);
    let value = |col: &str| &new.iter().find(|c| c.column == col).expect(col).value;
    assert_eq!(value("name"), &serde_json::json!("Jon Ekberg"));
    assert_eq!(value("company"), &serde_json::json!("Ekberg Kilns"));
    assert_eq!(value("deleted_at"), &serde_json::Value::Null);
    // Every stamp of this device's pending changes is its own, increasing in order.
    assert!(
        pending.windows(2).all(|w| w[0].1.hlc < w[1].1.hlc),
        "stamps not increasing: {:?}",
        pending
            .iter()
            .map(|(_, c)| c.hlc.to_string())
            .collect::<Vec<_>>()
    );
}
