//! The app's commands through Tauri's IPC layer (mock runtime, no window): arguments arrive
//! as the UI sends them (camelCase JSON), results and errors come back as the UI reads them —
//! errors as `{ type, data }`, never a bare string.

mod common;

use serde_json::{json, Value};

use common::MockApp as Harness;

#[test]
fn add_list_and_get_a_contact_through_ipc() {
    let dir = tempfile::tempdir().expect("tempdir");
    let h = Harness::open(&dir.path().join("kith.db"));

    let added = h
        .invoke(
            "contact_add",
            json!({ "input": {
                "name": "Ana Ruiz", "company": "Acme", "notes": "", "tags": ["friend"],
                "channels": [{ "kind": "email", "value": "ana@acme.com" }],
                "dates": [], "interests": ["Rust"]
            } }),
        )
        .expect("contact_add succeeds");
    assert_eq!(added["name"], "Ana Ruiz");
    assert_eq!(added["company"], "Acme");
    assert_eq!(added["role"], Value::Null);
    assert!(added["createdAt"].is_string());

    let page = h
        .invoke(
            "contact_list",
            json!({ "query": { "limit": 50, "offset": 0 } }),
        )
        .expect("contact_list succeeds");
    assert_eq!(page["total"], 1);
    assert_eq!(page["items"][0]["email"], "ana@acme.com");
    assert_eq!(page["items"][0]["tags"], json!(["friend"]));

    let got = h
        .invoke("contact_get", json!({ "id": added["id"] }))
        .expect("contact_get succeeds");
    assert_eq!(got, added);

    let info = h.invoke("database_info", json!({})).expect("database_info");
    assert_eq!(info["schemaVersion"], kith::store::SCHEMA_VERSION);
}

#[test]
fn validation_errors_arrive_tagged_with_every_field() {
    let dir = tempfile::tempdir().expect("tempdir");
    let h = Harness::open(&dir.path().join("kith.db"));

    let err = h
        .invoke(
            "contact_add",
            json!({ "input": {
                "name": "  ", "notes": "", "tags": [], "dates": [], "interests": [],
                "channels": [{ "kind": "email", "value": "not an email" }]
            } }),
        )
        .expect_err("an empty name is refused");
    assert_eq!(err["type"], "invalid");
    let fields: Vec<&str> = err["data"]["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .map(|f| f["field"].as_str().expect("field name"))
        .collect();
    assert_eq!(fields, ["name", "channels[0]"]);

    let page = h
        .invoke(
            "contact_list",
            json!({ "query": { "limit": 50, "offset": 0 } }),
        )
        .expect("contact_list");
    assert_eq!(page["total"], 0, "nothing was written");

    let missing = h
        .invoke("contact_get", json!({ "id": 4242 }))
        .expect_err("no such contact");
    assert_eq!(
        missing,
        json!({ "type": "notFound", "data": { "entity": "contact", "id": 4242 } })
    );
}

#[test]
fn a_refused_database_is_reported_by_every_command_and_left_untouched() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("notes.db");
    std::fs::write(&db, "not a database at all").expect("write");
    let h = Harness::open(&db);

    let err = h.invoke("database_info", json!({})).expect_err("refused");
    assert_eq!(err["type"], "notADatabase");
    assert_eq!(err["data"]["path"], db.display().to_string());

    let err = h
        .invoke(
            "contact_add",
            json!({ "input": { "name": "Ana", "notes": "", "tags": [], "channels": [], "dates": [], "interests": [] } }),
        )
        .expect_err("nothing can be written");
    assert_eq!(err["type"], "notADatabase");
    assert_eq!(std::fs::read(&db).expect("read"), b"not a database at all");
}

#[test]
fn an_interaction_logged_through_ipc_is_on_both_timelines() {
    let dir = tempfile::tempdir().expect("tempdir");
    let h = Harness::open(&dir.path().join("kith.db"));
    let add = |name: &str| {
        h.invoke(
            "contact_add",
            json!({ "input": { "name": name, "notes": "", "tags": [], "channels": [], "dates": [], "interests": [] } }),
        )
        .expect("contact_add")["id"]
            .as_i64()
            .expect("id")
    };
    let (ana, bo) = (add("Ana"), add("Bo"));
    let logged = h
        .invoke(
            "interaction_log",
            json!({ "input": {
                "participants": [ana, bo], "kind": "meeting", "occurredAt": "2026-11-20T10:00:00Z",
                "summary": "Lunch", "notes": "", "help": []
            } }),
        )
        .expect("interaction_log");
    for id in [ana, bo] {
        let page = h
            .invoke(
                "timeline",
                json!({ "contactId": id, "limit": 20, "offset": 0 }),
            )
            .expect("timeline");
        assert_eq!(page["items"][0]["id"], logged["id"]);
    }
    let hits = h
        .invoke("search", json!({ "query": "lun", "limit": 10 }))
        .expect("search");
    assert_eq!(hits[0]["kind"], "interaction");
}

/// Every command is registered in `lib.rs`, named in `build.rs` (which generates its
/// permission) and granted in `capabilities/main.json`: a command missing from one of them
/// would fail only at run time, in the UI.
/// The only plugin and core permissions the window has: the file dialogs of Settings →
/// Import and Export, listening to events (import progress, files dropped on the window), and
/// closing its own window (Ctrl+W, as its close button).
const PLUGIN_PERMISSIONS: &[&str] = &[
    "dialog:allow-open",
    "dialog:allow-save",
    "core:event:allow-listen",
    "core:event:allow-unlisten",
    "core:window:allow-close",
];

#[test]
fn registered_named_and_granted_commands_are_the_same() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let read = |p: &str| std::fs::read_to_string(dir.join(p)).expect("read");
    let lib = read("src/lib.rs");
    let handlers = &lib[lib.find("generate_handler![").expect("handler list")..];
    let handlers = &handlers[..handlers.find("])").expect("end of list")];
    let mut registered: Vec<String> = handlers
        .split(',')
        .filter_map(|p| p.trim().rsplit("::").next().map(str::to_owned))
        .filter(|n| !n.is_empty() && !n.contains('['))
        .collect();
    let build = read("build.rs");
    let list = &build[build.find("&[").expect("COMMANDS")..];
    let list = &list[..list.find("];").expect("end of COMMANDS")];
    let mut named: Vec<String> = list
        .split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect();
    let caps: Value = serde_json::from_str(&read("capabilities/main.json")).expect("json");
    let mut granted: Vec<String> = caps["permissions"]
        .as_array()
        .expect("permissions")
        .iter()
        .filter(|p| !p.as_str().is_some_and(|p| PLUGIN_PERMISSIONS.contains(&p)))
        .map(|p| {
            p.as_str()
                .expect("plain permission")
                .strip_prefix("allow-")
                .expect("only allow- permissions")
                .replace('-', "_")
        })
        .collect();
    registered.sort();
    named.sort();
    granted.sort();
    assert_eq!(registered, named, "lib.rs vs build.rs");
    assert_eq!(named, granted, "build.rs vs capabilities/main.json");
}

#[test]
fn today_feedback_reminders_and_settings_through_ipc() {
    let dir = tempfile::tempdir().expect("tempdir");
    let h = Harness::open(&dir.path().join("kith.db"));
    let ana = h
        .invoke(
            "contact_add",
            json!({ "input": { "name": "Ana", "circle": "inner", "notes": "", "tags": [],
                               "channels": [], "dates": [], "interests": [] } }),
        )
        .expect("contact_add");
    let id = ana["id"].as_i64().expect("id");

    let today = h.invoke("today", json!({})).expect("today");
    assert_eq!(today["budget"], 5);
    assert_eq!(today["suggestions"][0]["contactId"], id);
    assert_eq!(
        today["suggestions"][0]["reasons"][0],
        "no interaction logged yet; they are in your inner circle"
    );

    let fb = h
        .invoke(
            "suggestion_feedback",
            json!({ "contactId": id, "lane": "reachOut", "action": "snoozed", "until": "2099-01-01" }),
        )
        .expect("snooze");
    assert_eq!(fb["until"], "2099-01-01");
    let today = h.invoke("today", json!({ "limit": 3 })).expect("today");
    assert_eq!(today["suggestions"], json!([]));
    let err = h
        .invoke(
            "suggestion_feedback",
            json!({ "contactId": id, "lane": "reachOut", "action": "snoozed", "until": null }),
        )
        .expect_err("a snooze needs a day");
    assert_eq!(err["type"], "invalid");
    assert_eq!(err["data"]["fields"][0]["field"], "until");
    let err = h
        .invoke(
            "suggestion_feedback",
            json!({ "contactId": id, "lane": "nowhere", "action": "done" }),
        )
        .expect_err("unknown lane");
    assert!(err.is_string() || err.is_object(), "{err}");

    let health = h
        .invoke("health_get", json!({ "id": id }))
        .expect("health_get");
    assert_eq!(health["health"], 0);
    assert_eq!(
        h.invoke("health_list", json!({}))
            .expect("health_list")
            .as_array()
            .map(Vec::len),
        Some(1)
    );
    assert_eq!(
        h.invoke("help_opportunities", json!({})).expect("help"),
        json!([])
    );

    let r = h
        .invoke(
            "reminder_add",
            json!({ "input": { "contactId": id, "dueOn": "2020-01-01", "text": "call back" } }),
        )
        .expect("reminder_add");
    let rid = r["id"].as_i64().expect("reminder id");
    let list = h.invoke("reminder_list", json!({})).expect("reminder_list");
    assert_eq!(list["overdue"][0]["id"], rid);
    let r = h
        .invoke(
            "reminder_snooze",
            json!({ "id": rid, "until": "2099-01-01" }),
        )
        .expect("snooze");
    assert_eq!(r["status"], "snoozed");
    let r = h
        .invoke("reminder_done", json!({ "id": rid }))
        .expect("done");
    assert_eq!(r["status"], "done");

    let mut settings = h.invoke("settings_get", json!({})).expect("settings_get");
    assert_eq!(settings["dailyBudget"], 5);
    assert_eq!(settings["circleGaps"]["close"], 30);
    settings["notifyAt"] = json!("7pm");
    let err = h
        .invoke("settings_set", json!({ "input": settings.clone() }))
        .expect_err("a bad time");
    assert_eq!(err["data"]["fields"][0]["field"], "notifyAt");
    settings["notifyAt"] = json!("19:30");
    settings["dailyBudget"] = json!(3);
    let saved = h
        .invoke("settings_set", json!({ "input": settings }))
        .expect("settings_set");
    assert_eq!(saved["dailyBudget"], 3);
    assert_eq!(h.invoke("today", json!({})).expect("today")["budget"], 3);
}

/// The path of a file in `tests/fixtures/import`.
fn import_fixture(name: &str) -> String {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/import")
        .join(name)
        .display()
        .to_string()
}

#[test]
fn import_decisions_overrule_the_plan_in_preview_and_commit() {
    let dir = tempfile::tempdir().expect("tempdir");
    let h = Harness::open(&dir.path().join("kith.db"));
    let fixture = import_fixture("google.vcf");
    let plan = h
        .invoke("import_preview", json!({ "path": fixture }))
        .expect("preview");
    let ana = plan["items"][0]["line"].clone();
    assert_eq!(plan["items"][0]["name"], "Ana Ruiz");
    let decisions = json!([{ "line": ana, "action": "skip" }]);

    let chosen = h
        .invoke(
            "import_preview",
            json!({ "path": fixture, "decisions": decisions }),
        )
        .expect("preview with a decision");
    assert_eq!(chosen["items"][0]["action"], "skip");
    assert_eq!(chosen["items"][0]["reason"], "left out, as you chose");
    assert_eq!(chosen["created"], 1);

    let done = h
        .invoke(
            "import_commit",
            json!({ "path": fixture, "decisions": decisions }),
        )
        .expect("commit with the decision");
    assert_eq!(done["created"], 1);
    let people = h
        .invoke("contact_list", json!({ "query": {} }))
        .expect("contact_list");
    let text = people.to_string();
    assert!(
        !text.contains("Ana Ruiz"),
        "the skipped record was written: {text}"
    );

    let err = h
        .invoke(
            "import_preview",
            json!({ "path": fixture, "decisions": [{ "line": ana, "action": "merge" }] }),
        )
        .expect_err("a merge with no contact to merge into");
    assert_eq!(err["type"], "invalid", "{err}");
}

#[test]
fn import_preview_commit_and_export_through_ipc() {
    let dir = tempfile::tempdir().expect("tempdir");
    let h = Harness::open(&dir.path().join("kith.db"));
    let fixture = import_fixture("google.vcf");

    let plan = h
        .invoke("import_preview", json!({ "path": fixture }))
        .expect("preview");
    assert_eq!(plan["format"], "vcard");
    assert_eq!(plan["committed"], false);
    assert_eq!(plan["created"], 2);
    assert_eq!(plan["items"][0]["name"], "Ana Ruiz");
    assert_eq!(plan["items"][0]["action"], "create");

    let done = h
        .invoke(
            "import_commit",
            json!({ "path": fixture, "format": "vcard" }),
        )
        .expect("commit");
    assert_eq!(done["committed"], true);
    let again = h
        .invoke("import_preview", json!({ "path": fixture }))
        .expect("preview again");
    assert_eq!(again["created"], 0);
    assert_eq!(again["unchanged"], 2);

    let ics = h.invoke("calendar_path", json!({})).expect("calendar path");
    let ics = ics.as_str().expect("a path").to_owned();
    assert!(std::fs::read_to_string(&ics)
        .expect("the calendar file is written after an import")
        .contains("Ana Ruiz's birthday"));

    let out = dir.path().join("out.vcf").display().to_string();
    let report = h
        .invoke("export_write", json!({ "format": "vcard", "path": out }))
        .expect("export");
    assert_eq!(report["count"], 2);

    for (cmd, args) in [
        ("import_preview", json!({ "path": "/nonexistent/x.vcf" })),
        (
            "import_preview",
            json!({ "path": dir.path().display().to_string() }),
        ),
        ("import_commit", json!({ "path": "", "format": "json" })),
        (
            "export_write",
            json!({ "format": "json", "path": "/nonexistent/dir/x.json" }),
        ),
    ] {
        let err = h.invoke(cmd, args).expect_err("refused");
        assert_eq!(err["type"], "io", "{cmd}: {err}");
    }
    let err = h
        .invoke(
            "import_preview",
            json!({ "path": fixture, "format": "exe" }),
        )
        .expect_err("bad format");
    assert!(err.is_string() || err.is_object(), "{err}");
}
