//! Who is who: at import a match needs evidence that does not contradict the names; the
//! person can overrule any row; every import can be undone; a LinkedIn connection is a date,
//! and nobody is suggested only because of it. Every merge can be taken back.

use chrono::{DateTime, Duration, TimeZone, Utc};
use kith::engine::Now;
use kith::io::{ImportDecision, ImportFormat, PlanAction};
use kith::model::{
    AskKind, AskQuery, Channel, ChannelKind, Contact, ContactInput, FollowUp, HelpInput,
    InteractionKind, MergeField, NewAsk, NewInteraction, PastJob,
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

/// Adds a contact, which must be valid, as of `at`.
fn added(store: &mut Store, input: ContactInput, at: DateTime<Utc>) -> Contact {
    store.add_contact(input, at).expect("a valid contact")
}

fn person(store: &mut Store, name: &str, channels: Vec<Channel>) -> i64 {
    added(
        store,
        ContactInput {
            name: name.into(),
            channels,
            ..Default::default()
        },
        now() - Duration::days(10),
    )
    .id
}

const FAMILY: &str = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Carlos Ruiz\r\nN:Ruiz;Carlos;;;\r\n\
    EMAIL;TYPE=home:ruiz.family@example.org\r\nTEL;TYPE=cell:+34 600 111 222\r\nEND:VCARD\r\n";

#[test]
fn a_shared_family_address_with_another_name_is_a_question_not_a_merge() {
    let mut store = Store::open_in_memory().expect("store");
    let ana = person(
        &mut store,
        "Ana Ruiz",
        vec![email("ruiz.family@example.org")],
    );
    let plan = store
        .plan_import(FAMILY.as_bytes(), ImportFormat::Vcard, "family.vcf", now())
        .expect("plan");
    let item = &plan.items[0];
    assert_eq!(item.action, PlanAction::Create);
    assert!(item.possible, "flagged for the person to decide");
    assert_eq!(item.target.as_ref().map(|t| t.id), Some(ana));
    assert!(
        item.reason.contains("same email ruiz.family@example.org")
            && item.reason.contains("Ana Ruiz"),
        "{}",
        item.reason
    );

    // The person decides they are the same after all: the row merges.
    let decided = [ImportDecision {
        line: 1,
        action: PlanAction::Merge,
        into: Some(ana),
    }];
    let plan = store
        .import_with(
            FAMILY.as_bytes(),
            ImportFormat::Vcard,
            "family.vcf",
            &decided,
            now(),
            &mut |_, _| {},
        )
        .expect("import");
    assert_eq!((plan.created, plan.merged), (0, 1));
    assert_eq!(
        store
            .list_contacts(&Default::default())
            .expect("list")
            .total,
        1
    );
}

#[test]
fn a_row_can_be_created_separately_or_left_out() {
    let mut store = Store::open_in_memory().expect("store");
    person(&mut store, "Bo Chen", vec![email("bo@globex.example.com")]);
    let vcf = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bo Chen\r\nEMAIL:bo@globex.example.com\r\nTITLE:CTO\r\nEND:VCARD\r\n\
               BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Dee Ng\r\nEND:VCARD\r\n";
    let plan = store
        .plan_import(vcf.as_bytes(), ImportFormat::Vcard, "f.vcf", now())
        .expect("plan");
    assert_eq!(
        plan.items[0].action,
        PlanAction::Merge,
        "same email, same name"
    );
    let decided = [
        ImportDecision {
            line: 1,
            action: PlanAction::Create,
            into: None,
        },
        ImportDecision {
            line: 7,
            action: PlanAction::Skip,
            into: None,
        },
    ];
    let plan = store
        .import_with(
            vcf.as_bytes(),
            ImportFormat::Vcard,
            "f.vcf",
            &decided,
            now(),
            &mut |_, _| {},
        )
        .expect("import");
    assert_eq!(plan.items[0].reason, "a new person, as you chose");
    assert_eq!(plan.items[1].reason, "left out, as you chose");
    let names: Vec<String> = store
        .list_contacts(&Default::default())
        .expect("list")
        .items
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(names, ["Bo Chen", "Bo Chen"], "two Bo Chens, no Dee Ng");
}

#[test]
fn an_import_is_undone_keeping_later_edits() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("kith.db");
    let mut store = Store::open(&path).expect("store");
    let bo = person(&mut store, "Bo Chen", vec![email("bo@globex.example.com")]);
    let vcf = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bo Chen\r\nEMAIL:bo@globex.example.com\r\nORG:Globex\r\nTITLE:CTO\r\nTEL:+1 212 555 0100\r\nEND:VCARD\r\n\
               BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Dee Ng\r\nEND:VCARD\r\n";
    let plan = store
        .import(
            vcf.as_bytes(),
            ImportFormat::Vcard,
            "people.vcf",
            now(),
            &mut |_, _| {},
        )
        .expect("import");
    let id = plan.import_id.expect("recorded");
    let mut edit = ContactInput::from_contact(&store.get_contact(bo).expect("bo"));
    edit.role = Some("CEO".into());
    store
        .update_contact(bo, edit, now() + Duration::hours(1))
        .expect("edit");
    drop(store);

    let mut store = Store::open(&path).expect("reopen");
    let listed = store.list_imports().expect("list");
    assert_eq!(
        (
            listed[0].id,
            listed[0].created,
            listed[0].merged,
            listed[0].path.as_str()
        ),
        (id, 1, 1, "people.vcf")
    );
    let undo = store
        .undo_import(id, now() + Duration::hours(2))
        .expect("undo");
    assert_eq!(
        undo.trashed
            .iter()
            .map(|c| c.name.as_str())
            .collect::<Vec<_>>(),
        ["Dee Ng"]
    );
    assert_eq!(undo.restored.iter().map(|c| c.id).collect::<Vec<_>>(), [bo]);
    let bo = store.get_contact(bo).expect("bo");
    assert_eq!(bo.company, None, "what the import filled is taken back");
    assert_eq!(bo.role.as_deref(), Some("CEO"), "an edit made since stays");
    assert_eq!(bo.channels, [email("bo@globex.example.com")]);
    assert_eq!(store.list_trash().expect("trash")[0].title, "Dee Ng");
    let again = store.undo_import(id, now() + Duration::hours(3));
    assert!(again
        .expect_err("once")
        .to_string()
        .contains("undone already"));
}

#[test]
fn nobody_is_suggested_only_because_of_a_linkedin_connection() {
    let mut store = Store::open_in_memory().expect("store");
    let csv = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n\
               Priya,Raman,https://www.linkedin.com/in/priyaraman,priya@example.com,Globex,Engineer,12 Jan 2018\n\
               Tomás,O'Neill,https://www.linkedin.com/in/tomasoneill,,Initech,VP Sales,03 Feb 2016\n";
    let plan = store
        .import(
            csv.as_bytes(),
            ImportFormat::Linkedin,
            "Connections.csv",
            now(),
            &mut |_, _| {},
        )
        .expect("import");
    assert_eq!((plan.created, plan.interactions), (2, 0));
    let today = store.today(&Now::utc(now()), None).expect("today");
    assert!(
        today.suggestions.is_empty(),
        "a connection date is not a conversation: {:?}",
        today.suggestions
    );
    let priya = store.resolve_contact("Priya Raman").expect("priya");
    let priya = store.get_contact(priya.id).expect("priya");
    assert_eq!(
        priya.connected_on.map(|d| d.to_string()).as_deref(),
        Some("2018-01-12")
    );
}

// Merging two contacts and taking the merge back (`kith merge` / `kith unmerge`): the person
// merged away comes back as they were, with what they brought, after a restart and after
// other edits; what was logged after the merge stays with the kept contact.

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
    ana: Contact,
    dup: Contact,
    carla: Contact,
    need: kith::model::Ask,
}

/// Ana, her duplicate "Ana R." (a company, notes, a tag, an interest, an address, an
/// interaction with Bo where she helped him and promised a follow-up, one with Ana, a need),
/// Bo, and Carla whom Ana R. introduced.
fn scene(store: &mut Store) -> Scene {
    let t0 = now() - Duration::days(30);
    let ana = added(
        store,
        ContactInput {
            name: "Ana Ruiz".into(),
            tags: vec!["friend".into()],
            channels: vec![email("ana@acme.com")],
            ..Default::default()
        },
        t0,
    );
    let dup = added(
        store,
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
    );
    let bo = added(
        store,
        ContactInput {
            name: "Bo Chen".into(),
            ..Default::default()
        },
        t0,
    );
    let carla = added(
        store,
        ContactInput {
            name: "Carla Diaz".into(),
            introduced_by: Some(dup.id),
            ..Default::default()
        },
        t0,
    );
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
            contact: None,
            by: Default::default(),
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
    store.merge_contacts(ana.id, dup.id, &[], now()).unwrap();
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
    let a = added(
        &mut store,
        ContactInput {
            name: "Ana Ruiz".into(),
            ..Default::default()
        },
        now(),
    );
    let b = added(
        &mut store,
        ContactInput {
            name: "Ana R.".into(),
            company: Some("Acme".into()),
            ..Default::default()
        },
        now(),
    );
    let preview = store.preview_merge(a.id, b.id, &[], now()).unwrap();
    assert_eq!(preview.company.as_deref(), Some("Acme"));
    assert_eq!(store.get_contact(a.id).unwrap().company, None);
    assert_eq!(store.get_contact(b.id).unwrap().name, "Ana R.");
}

#[test]
fn a_merge_takes_the_values_chosen_per_field_and_an_unmerge_gives_them_back() {
    let mut store = Store::open_in_memory().unwrap();
    let add = |store: &mut Store, name: &str, company: &str, role: Option<&str>| {
        store
            .add_contact(
                ContactInput {
                    name: name.into(),
                    company: Some(company.into()),
                    role: role.map(Into::into),
                    channels: vec![email("robert.smith@example.com")],
                    ..Default::default()
                },
                now(),
            )
            .unwrap()
            .id
    };
    let keep = add(&mut store, "Bob Smith", "Acme Ltd", None);
    let other = add(&mut store, "Robert Smith", "Globex", Some("CTO"));
    let take = [MergeField::Name, MergeField::Role];

    let preview = store.preview_merge(keep, other, &take, now()).unwrap();
    assert_eq!(preview.name, "Robert Smith");
    assert_eq!(
        preview.company.as_deref(),
        Some("Acme Ltd"),
        "not chosen: kept"
    );
    assert_eq!(preview.role.as_deref(), Some("CTO"));
    assert_eq!(
        store.get_contact(keep).unwrap().name,
        "Bob Smith",
        "a preview writes nothing"
    );

    let merged = store
        .merge_contacts(keep, other, &[MergeField::Name, MergeField::Company], now())
        .unwrap();
    assert_eq!(merged.id, keep);
    assert_eq!(merged.name, "Robert Smith");
    assert_eq!(merged.company.as_deref(), Some("Globex"));
    assert_eq!(
        merged.role.as_deref(),
        Some("CTO"),
        "an empty field is filled as always"
    );

    let back = store
        .unmerge_contact(keep, now() + Duration::hours(1))
        .unwrap();
    assert_eq!(back.kept.name, "Bob Smith");
    assert_eq!(back.kept.company.as_deref(), Some("Acme Ltd"));
    assert_eq!(back.kept.role, None);
    assert_eq!(back.restored.name, "Robert Smith");
    assert_eq!(back.restored.company.as_deref(), Some("Globex"));
}

#[test]
fn an_unmerge_keeps_a_chosen_field_edited_since() {
    let mut store = Store::open_in_memory().unwrap();
    let keep = person(&mut store, "Ana Ruiz", vec![email("ana@example.com")]);
    let other = store
        .add_contact(
            ContactInput {
                name: "Ana R.".into(),
                company: Some("Initech".into()),
                ..Default::default()
            },
            now(),
        )
        .unwrap()
        .id;
    let mut edit = ContactInput::from_contact(&store.get_contact(keep).unwrap());
    edit.company = Some("Acme".into());
    store.update_contact(keep, edit, now()).unwrap();
    store
        .merge_contacts(keep, other, &[MergeField::Company], now())
        .unwrap();
    let mut edit = ContactInput::from_contact(&store.get_contact(keep).unwrap());
    edit.company = Some("Initech GmbH".into());
    store.update_contact(keep, edit, now()).unwrap();
    let back = store.unmerge_contact(keep, now()).unwrap();
    assert_eq!(
        back.kept.company.as_deref(),
        Some("Initech GmbH"),
        "the later edit stays"
    );
}

/// Ana Ruiz, Head of Operations at Acme Robotics (in `department`), ana.ruiz@example.com.
fn head_of_operations(store: &mut Store, department: Option<&str>) -> i64 {
    added(
        store,
        ContactInput {
            name: "Ana Ruiz".into(),
            company: Some("Acme Robotics".into()),
            department: department.map(Into::into),
            role: Some("Head of Operations".into()),
            channels: vec![email("ana.ruiz@example.com")],
            ..Default::default()
        },
        now() - Duration::days(30),
    )
    .id
}

#[test]
fn a_job_change_keeps_the_old_company_in_past_jobs_and_an_undo_puts_it_back() {
    let mut store = Store::open_in_memory().unwrap();
    let ana = head_of_operations(&mut store, None);
    let csv = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n\
               Ana,Ruiz,https://www.linkedin.com/in/anaruiz,ana.ruiz@example.com,Initech GmbH,COO,12 Jan 2019\n\
               Ana,Ruiz,,ana.ruiz@example.com,Initech,COO,12 Jan 2019\n";
    let plan = store
        .plan_import(
            csv.as_bytes(),
            ImportFormat::Linkedin,
            "Connections.csv",
            now(),
        )
        .unwrap();
    assert_eq!(plan.items[0].action, PlanAction::Merge);
    assert!(
        plan.items[0]
            .changes
            .contains(&"company Initech GmbH (was Acme Robotics: kept in past jobs)".to_owned()),
        "{:?}",
        plan.items[0].changes
    );
    assert!(
        !plan.items[1]
            .changes
            .iter()
            .any(|c| c.starts_with("company")),
        "the same new company again (legal suffix aside) is no second job change: {:?}",
        plan.items[1].changes
    );
    let done = store
        .import(
            csv.as_bytes(),
            ImportFormat::Linkedin,
            "Connections.csv",
            now(),
            &mut |_, _| {},
        )
        .unwrap();
    let after = store.get_contact(ana).unwrap();
    assert_eq!(after.company.as_deref(), Some("Initech GmbH"));
    assert_eq!(after.role.as_deref(), Some("COO"));
    assert_eq!(
        after.past_jobs,
        vec![PastJob {
            company: "Acme Robotics".into(),
            role: Some("Head of Operations".into()),
            until: Some(now().date_naive()),
        }]
    );

    // An older record read again (the address book from before the move) moves nobody back.
    let old = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana Ruiz\r\nORG:Acme Robotics\r\n\
               EMAIL:ana.ruiz@example.com\r\nEND:VCARD\r\n";
    let again = store
        .plan_import(old.as_bytes(), ImportFormat::Vcard, "old.vcf", now())
        .unwrap();
    assert_eq!(
        again.items[0].action,
        PlanAction::Skip,
        "{:?}",
        again.items[0]
    );

    store
        .undo_import(done.import_id.expect("recorded"), now())
        .unwrap();
    let back = store.get_contact(ana).unwrap();
    assert_eq!(back.company.as_deref(), Some("Acme Robotics"));
    assert_eq!(back.role.as_deref(), Some("Head of Operations"));
    assert!(back.past_jobs.is_empty(), "{:?}", back.past_jobs);
}

#[test]
fn undoing_a_job_change_gives_back_the_role_and_department_it_emptied() {
    let mut store = Store::open_in_memory().unwrap();
    let ana = head_of_operations(&mut store, Some("Operations"));
    // A card with the new employer only: no role, no department.
    let card = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana Ruiz\r\nORG:Initech\r\n\
                EMAIL:ana.ruiz@example.com\r\nEND:VCARD\r\n";
    let done = store
        .import(
            card.as_bytes(),
            ImportFormat::Vcard,
            "new.vcf",
            now(),
            &mut |_, _| {},
        )
        .unwrap();
    let moved = store.get_contact(ana).unwrap();
    assert_eq!(moved.company.as_deref(), Some("Initech"));
    assert_eq!((moved.role, moved.department), (None, None));
    store
        .undo_import(done.import_id.expect("recorded"), now())
        .unwrap();
    let back = store.get_contact(ana).unwrap();
    assert_eq!(back.company.as_deref(), Some("Acme Robotics"));
    assert_eq!(back.department.as_deref(), Some("Operations"));
    assert_eq!(back.role.as_deref(), Some("Head of Operations"));
    assert!(back.past_jobs.is_empty());
}

#[test]
fn a_contact_lists_its_identities_and_says_which_are_shared() {
    let mut store = Store::open_in_memory().unwrap();
    let carlos = person(
        &mut store,
        "Carlos Ruiz",
        vec![
            email("Ruiz.Family@Example.org"),
            email("carlos@work.example.com"),
        ],
    );
    person(
        &mut store,
        "Lucia Ruiz",
        vec![email("ruiz.family@example.org")],
    );
    let ids = store.list_identities(carlos).unwrap();
    let shown: Vec<(String, bool)> = ids.iter().map(|i| (i.value.clone(), i.shared)).collect();
    assert_eq!(
        shown,
        [
            ("ruiz.family@example.org".to_owned(), true),
            ("carlos@work.example.com".to_owned(), false)
        ]
    );
    assert!(store.list_identities(9999).unwrap().is_empty());
}

#[test]
fn phones_without_a_country_code_are_identities_once_the_region_is_known() {
    let mut store = Store::open_in_memory().expect("store");
    let ana = added(
        &mut store,
        ContactInput {
            name: "Ana Ruiz".into(),
            channels: vec![Channel {
                kind: ChannelKind::Phone,
                label: None,
                value: "030 1234567".into(),
                types: Vec::new(),
            }],
            ..Default::default()
        },
        now(),
    );
    let owner = |store: &Store| -> Option<i64> {
        store
            .conn()
            .query_row(
                "SELECT contact_id FROM identity WHERE kind = 'phone' AND value = '+49301234567'",
                [],
                |r| r.get(0),
            )
            .ok()
    };
    assert_eq!(owner(&store), None, "no region yet: not an E.164 number");
    assert!(store.infer_default_region("de_DE.UTF-8").expect("infer"));
    assert_eq!(owner(&store), Some(ana.id));
    assert!(
        !store.infer_default_region("fr_FR.UTF-8").expect("infer"),
        "set once"
    );
    let mut settings = store.settings().expect("settings");
    settings.default_region = Some("FR".into());
    store.set_settings(settings).expect("save");
    assert_eq!(owner(&store), None, "read in France it is another number");
}
