//! Who is who at import (issue "who is who"): a match needs evidence that does not contradict
//! the names; the person can overrule any row; every import can be undone; a LinkedIn
//! connection is a date, and nobody is suggested only because of it.

use chrono::{DateTime, Duration, TimeZone, Utc};
use kith::engine::Now;
use kith::io::{ImportDecision, ImportFormat, PlanAction};
use kith::model::{Channel, ChannelKind, ContactInput};
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

fn person(store: &mut Store, name: &str, channels: Vec<Channel>) -> i64 {
    store
        .add_contact(
            ContactInput {
                name: name.into(),
                channels,
                ..Default::default()
            },
            now() - Duration::days(10),
        )
        .expect("added")
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
