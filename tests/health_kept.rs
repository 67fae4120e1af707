//! The People list sorted by health keeps everyone's score and, after a write through the
//! store, computes again only the contacts the write changed (issue 20). It must stay exact:
//! after every kind of edit, the list sorted by health (ids and scores, archived contacts
//! too) is the one a fresh store on the same file computes from scratch; a write by another
//! connection, a change of settings or of who "me" is, and the hour turning are all seen.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use chrono::{DateTime, Duration, FixedOffset, TimeZone, Utc};
use kith::engine::Now;
use kith::model::{
    Channel, Circle, ContactInput, ContactQuery, ContactSort, HelpInput, Initiator,
    InteractionKind, NewInteraction, Settings,
};
use kith::Store;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 12, 0, 0).unwrap()
}

fn at(days_ago: i64) -> DateTime<Utc> {
    now() - Duration::days(days_ago)
}

/// Every contact the list can show (archived ones too), sorted by health, with its score.
fn by_health(store: &mut Store, n: &Now, include_archived: bool) -> Vec<(i64, Option<u32>)> {
    let q = ContactQuery {
        sort: ContactSort::Health,
        include_archived,
        limit: ContactQuery::MAX_LIMIT,
        ..Default::default()
    };
    let page = store.list_contacts_at(&q, n).unwrap();
    assert_eq!(page.total as usize, page.items.len());
    page.items.iter().map(|c| (c.id, c.health)).collect()
}

/// The list as `store` keeps it equals the list a fresh store on `path` computes; returned
/// (archived contacts shown).
fn same_as_fresh(store: &mut Store, path: &Path, after: &str) -> Vec<(i64, Option<u32>)> {
    let n = Now::utc(now());
    let mut fresh = Store::open(path).unwrap();
    for archived in [true, false] {
        let kept = by_health(store, &n, archived);
        let scratch = by_health(&mut fresh, &n, archived);
        assert_eq!(kept, scratch, "after {after} (archived shown: {archived})");
    }
    // Another sort reads the same kept scores for its rows.
    let q = ContactQuery {
        sort: ContactSort::Name,
        include_archived: true,
        limit: ContactQuery::MAX_LIMIT,
        ..Default::default()
    };
    let named = |s: &mut Store| -> Vec<(i64, Option<u32>)> {
        let page = s.list_contacts_at(&q, &n).unwrap();
        page.items.iter().map(|c| (c.id, c.health)).collect()
    };
    assert_eq!(named(store), named(&mut fresh), "after {after}, by name");
    by_health(&mut fresh, &n, true)
}

/// [`same_as_fresh`], for an edit that changes someone's score: the list is not `before`.
fn changed(
    store: &mut Store,
    path: &Path,
    after: &str,
    before: &[(i64, Option<u32>)],
) -> Vec<(i64, Option<u32>)> {
    let now = same_as_fresh(store, path, after);
    assert_ne!(now, before, "{after} changes a score");
    now
}

fn person(store: &mut Store, name: &str, email: &str, circle: Option<Circle>) -> i64 {
    let input = ContactInput {
        name: name.into(),
        circle,
        channels: vec![Channel::email(email)],
        ..Default::default()
    };
    store.add_contact(input, at(400)).unwrap().id
}

fn log(
    store: &mut Store,
    who: &[i64],
    days_ago: i64,
    kind: InteractionKind,
    initiated_by: Option<Initiator>,
    help: Vec<HelpInput>,
) -> i64 {
    store
        .log_interaction(
            NewInteraction {
                participants: who.to_vec(),
                kind,
                occurred_at: at(days_ago),
                has_time: true,
                summary: "talked".into(),
                notes: String::new(),
                initiated_by,
                quality: None,
                help,
                follow_up: None,
            },
            at(days_ago),
        )
        .unwrap()
        .id
}

/// A small network with histories of different lengths and kinds.
fn network(store: &mut Store) -> [i64; 5] {
    let ana = person(store, "Ana Ruiz", "ana@example.org", Some(Circle::Close));
    let bo = person(store, "Bo Chen", "bo@chen.example.org", Some(Circle::Inner));
    let cy = person(store, "Cy Park", "cy@example.org", Some(Circle::Network));
    let di = person(store, "Di Lopez", "di@example.org", None);
    let eve = person(store, "Eve Ruiz", "eve@example.org", Some(Circle::Wider));
    for (i, &id) in [ana, bo, cy, di, eve].iter().enumerate() {
        for k in 0..(2 + i as i64 * 2) {
            let initiated_by = [Some(Initiator::Me), Some(Initiator::Them), None][k as usize % 3];
            log(
                store,
                &[id],
                3 + i as i64 * 11 + k * 9,
                InteractionKind::Call,
                initiated_by,
                vec![],
            );
        }
    }
    log(
        store,
        &[ana, bo],
        2,
        InteractionKind::Meeting,
        Some(Initiator::Mutual),
        vec![],
    );
    [ana, bo, cy, di, eve]
}

fn exec(store: &Store, sql: &str, params: impl rusqlite::Params) {
    store.conn().execute(sql, params).unwrap();
}

/// One sequence, each edit on what the ones before made (a merge of contacts with history,
/// help and a calendar's interactions...): long, as the list of edits is.
#[test]
#[allow(clippy::too_many_lines)]
fn after_every_kind_of_edit_the_kept_list_is_the_one_computed_from_scratch() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kith.db");
    let mut store = Store::open(&path).unwrap();
    let [ana, bo, cy, di, eve] = network(&mut store);
    let mut list = same_as_fresh(&mut store, &path, "the first computation");

    let call = log(
        &mut store,
        &[ana, cy],
        1,
        InteractionKind::Video,
        Some(Initiator::Them),
        vec![],
    );
    list = changed(&mut store, &path, "logging an interaction", &list);

    let me = store.add_me_address("sam@example.net", at(300)).unwrap().id;
    assert_eq!(same_as_fresh(&mut store, &path, "\"me\" created"), list);
    log(
        &mut store,
        &[me, cy],
        1,
        InteractionKind::Message,
        None,
        vec![HelpInput {
            giver: me,
            receiver: cy,
            text: "an introduction".into(),
            ask_id: None,
        }],
    );
    list = changed(&mut store, &path, "help given", &list);
    let helped = log(
        &mut store,
        &[me, di],
        40,
        InteractionKind::Call,
        None,
        vec![HelpInput {
            giver: di,
            receiver: me,
            text: "a reference".into(),
            ask_id: None,
        }],
    );
    list = changed(&mut store, &path, "help received", &list);

    let mut input = ContactInput::from_contact(&store.get_contact(bo).unwrap());
    input.circle = Some(Circle::Wider);
    input.cadence_days = Some(5);
    store.update_contact(bo, input, now()).unwrap();
    list = changed(&mut store, &path, "a circle and a cadence edited", &list);
    let mut input = ContactInput::from_contact(&store.get_contact(ana).unwrap());
    input.notes = "met at the conference".into();
    store.update_contact(ana, input, now()).unwrap();
    assert_eq!(
        same_as_fresh(&mut store, &path, "an edit that changes no health"),
        list
    );

    store.set_archived(cy, true, now()).unwrap();
    assert_eq!(same_as_fresh(&mut store, &path, "archiving"), list);
    store.set_archived(cy, false, now()).unwrap();
    assert_eq!(same_as_fresh(&mut store, &path, "unarchiving"), list);

    store.delete_interaction(call, now()).unwrap();
    list = changed(&mut store, &path, "an interaction trashed", &list);
    store.restore_interaction(call).unwrap();
    list = changed(&mut store, &path, "an interaction restored", &list);
    store.delete_interaction(helped, now()).unwrap();
    list = changed(&mut store, &path, "an interaction with help trashed", &list);

    // Edits no screen makes yet, written straight through the store's connection.
    exec(
        &store,
        "UPDATE interaction SET kind = 'note' WHERE id = ?1",
        [call],
    );
    list = changed(&mut store, &path, "an interaction's kind changed", &list);
    exec(
        &store,
        "UPDATE interaction SET initiated_by = 'me', has_time = 0 WHERE id = ?1",
        [call],
    );
    // Reciprocity (initiators, help) has no weight in the score today (`W_RECIPROCITY`):
    // these two move no score, and are tracked all the same.
    same_as_fresh(&mut store, &path, "an interaction's initiator changed");
    exec(
        &store,
        "UPDATE interaction SET occurred_at = ?2 WHERE id = ?1",
        [call, at(200).timestamp_millis()],
    );
    list = changed(&mut store, &path, "an interaction moved", &list);
    exec(
        &store,
        "DELETE FROM interaction_participant WHERE interaction_id = ?1 AND contact_id = ?2",
        [call, cy],
    );
    list = changed(&mut store, &path, "a participant removed", &list);
    exec(
        &store,
        "UPDATE help SET receiver_id = ?1 WHERE receiver_id = ?2",
        [bo, cy],
    );
    same_as_fresh(&mut store, &path, "help given to someone else");

    store.delete_contact(di, now()).unwrap();
    list = changed(&mut store, &path, "a contact trashed", &list);
    store.restore_contact(di).unwrap();
    list = changed(&mut store, &path, "a contact restored", &list);

    store.merge_contacts(ana, eve, &[], now()).unwrap();
    list = changed(&mut store, &path, "a merge", &list);
    store.unmerge_contact(ana, now()).unwrap();
    list = changed(&mut store, &path, "an unmerge", &list);

    let settings = Settings {
        circle_gaps: kith::model::CircleGaps {
            inner: 1,
            close: 2,
            network: 3,
            wider: 4,
        },
        ..Settings::default()
    };
    store.set_settings(settings).unwrap();
    list = changed(&mut store, &path, "the circle gaps changed", &list);

    let vcf = dir.path().join("people.vcf");
    std::fs::write(
        &vcf,
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Fay Ng\r\nEMAIL:fay@example.org\r\nEND:VCARD\r\n\
         BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Gil Ode\r\nEMAIL:gil@example.org\r\nEND:VCARD\r\n",
    )
    .unwrap();
    store
        .import_file(&vcf, None, now(), &mut |_, _| {})
        .unwrap();
    list = changed(&mut store, &path, "a vCard import", &list);
    let csv = "when,participants,kind,initiated_by,summary,notes\n\
               2026-11-20,Fay Ng; Bo Chen,meeting,them,lunch,\n\
               2026-11-25,Gil Ode,call,me,call,\n";
    let offset = FixedOffset::east_opt(0).unwrap();
    store
        .import_interactions_csv(csv.as_bytes(), offset, false, now())
        .unwrap();
    list = changed(&mut store, &path, "an interactions CSV import", &list);
    assert!(
        kith::store::health_dirty::get_tracking(store.conn()).unwrap(),
        "imports forget the kept scores instead of marking, and track again after"
    );

    let ics = |start: &str, also: &str| {
        format!(
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:test\r\n\
             BEGIN:VEVENT\r\nUID:m1@test\r\nDTSTART:{start}\r\nSUMMARY:Planning\r\n\
             ORGANIZER:mailto:bo@chen.example.org\r\nATTENDEE:mailto:sam@example.net\r\n\
             ATTENDEE:mailto:di@example.org\r\n{also}END:VEVENT\r\nEND:VCALENDAR\r\n"
        )
    };
    let calendar = dir.path().join("work.ics");
    std::fs::write(&calendar, ics("20261125T090000Z", "")).unwrap();
    let source = store
        .add_source(&calendar, None, false, now(), &mut |_| true)
        .unwrap();
    assert_eq!(source.totals.interactions, 1, "{source:#?}");
    list = changed(&mut store, &path, "a calendar read as a source", &list);
    std::fs::write(&calendar, ics("20261005T090000Z", "")).unwrap();
    store
        .scan_source(source.source.id, now(), &mut |_| true)
        .unwrap();
    list = changed(&mut store, &path, "a calendar event moved", &list);
    let with_fay = "ATTENDEE:mailto:fay@example.org\r\n";
    std::fs::write(&calendar, ics("20261005T090000Z", with_fay)).unwrap();
    store
        .scan_source(source.source.id, now(), &mut |_| true)
        .unwrap();
    list = changed(
        &mut store,
        &path,
        "someone added to a calendar event",
        &list,
    );

    store.delete_contact(cy, now()).unwrap();
    store.empty_trash().unwrap();
    changed(&mut store, &path, "a contact purged", &list);
}

#[test]
fn a_write_by_another_connection_is_seen() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kith.db");
    let mut store = Store::open(&path).unwrap();
    let [ana, bo, ..] = network(&mut store);
    let n = Now::utc(now());
    let before = by_health(&mut store, &n, true);

    let mut other = Store::open(&path).unwrap();
    for k in 0..4 {
        log(
            &mut other,
            &[bo],
            1 + k,
            InteractionKind::Meeting,
            Some(Initiator::Them),
            vec![],
        );
    }
    let mut input = ContactInput::from_contact(&other.get_contact(ana).unwrap());
    input.circle = Some(Circle::Inner);
    other.update_contact(ana, input, now()).unwrap();
    let after = by_health(&mut store, &n, true);
    assert_ne!(
        after, before,
        "the other connection's writes changed the list"
    );
    assert_eq!(after, by_health(&mut other, &n, true));
    same_as_fresh(&mut store, &path, "another connection's writes");

    // A write here after that one there is seen too.
    log(
        &mut store,
        &[ana],
        1,
        InteractionKind::Call,
        Some(Initiator::Me),
        vec![],
    );
    same_as_fresh(&mut store, &path, "a write here after one there");
}

#[test]
fn the_hour_turning_and_another_offset_compute_everyone_again() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kith.db");
    let mut store = Store::open(&path).unwrap();
    network(&mut store);
    let n = Now::utc(now());
    by_health(&mut store, &n, true);
    for later in [
        Now::utc(now() + Duration::days(40)),
        Now {
            at: now() + Duration::days(40),
            offset: FixedOffset::east_opt(-11 * 3600).unwrap(),
        },
    ] {
        let mut fresh = Store::open(&path).unwrap();
        assert_eq!(
            by_health(&mut store, &later, true),
            by_health(&mut fresh, &later, true)
        );
    }
}
