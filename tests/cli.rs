//! Integration tests of the `kith` binary, run as a process on temporary databases (`KITH_DB`
//! unset, `HOME` and `XDG_DATA_HOME` inside the temp dir, `TZ=UTC` unless a test sets it).
//!
//! They cover every verb (contact add/list/show/edit/rm/restore, log, timeline, interaction
//! show/rm, interest add/list/rename/merge, ask add/list, search, trash list/restore/empty) in
//! text and `--json`, asserting on the contents of the JSON; global flags before or after the
//! subcommand; `KITH_DB` versus `--db`; and failures: one-line (or JSON) errors on stderr with
//! exit status 1 that name the flag or the contacts at fault and write nothing, foreign or
//! newer files left untouched, and exit status 2 for usage errors.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;

use serde_json::Value;

use common::cli::*;
use common::file_names;

/// The contacts of the database at `db`, as the CLI lists them in JSON.
fn list_json(home: &Path, db: &Path) -> Vec<Value> {
    let out = ok(
        home,
        &["contact", "list", "--json", "--db", db.to_str().unwrap()],
    );
    json(&out).as_array().unwrap().clone()
}

fn names(contacts: &[Value]) -> Vec<&str> {
    contacts
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect()
}

// The issue 2 contract, kept ---------------------------------------------------------------

#[test]
fn add_then_list_as_json_with_global_flags_before_and_after() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("kith.db");
    let db_arg = db.to_str().unwrap();

    let out = ok(
        home.path(),
        &[
            "--db",
            db_arg,
            "contact",
            "add",
            "Ana Ruiz",
            "--company",
            "Acme",
        ],
    );
    assert!(out.starts_with("added contact "), "{out:?}");
    assert!(out.contains("Ana Ruiz (Acme)"), "{out:?}");

    let contacts = list_json(home.path(), &db);
    assert_eq!(contacts.len(), 1);
    let ana = &contacts[0];
    assert_eq!(ana["name"], "Ana Ruiz");
    assert_eq!(ana["company"], "Acme");
    assert!(ana["id"].is_i64(), "{ana}");
    assert_eq!(ana["archived"], false);
    assert_eq!(ana["lastInteractionAt"], Value::Null);

    // Global flags before the subcommand give the same list.
    let before = ok(home.path(), &["--json", "--db", db_arg, "contact", "list"]);
    assert_eq!(json(&before).as_array().unwrap(), &contacts);
}

#[test]
fn kith_db_is_used_without_db_and_db_wins_over_it() {
    let home = tempfile::tempdir().unwrap();
    let from_env = home.path().join("env.db");
    let from_flag = home.path().join("flag.db");

    let out = kith(home.path())
        .env("KITH_DB", &from_env)
        .args(["contact", "add", "Ana"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(from_env.is_file(), "KITH_DB was not used");

    let out = kith(home.path())
        .env("KITH_DB", &from_env)
        .args(["contact", "add", "Bea", "--db", from_flag.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));

    assert_eq!(names(&list_json(home.path(), &from_env)), ["Ana"]);
    assert_eq!(names(&list_json(home.path(), &from_flag)), ["Bea"]);
    assert!(
        !home.path().join("data").exists(),
        "the default database must not be touched"
    );
}

#[test]
fn add_json_prints_the_contact_and_show_prints_it_again() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("kith.db");
    let db_arg = db.to_str().unwrap();

    let added = json(&ok(
        home.path(),
        &[
            "contact",
            "add",
            "  Ana Ruiz ",
            "--company",
            "Acme",
            "--role",
            "CTO",
            "--email",
            "Ana@Acme.com",
            "--json",
            "--db",
            db_arg,
        ],
    ));
    assert_eq!(added["name"], "Ana Ruiz");
    assert_eq!(added["company"], "Acme");
    assert_eq!(added["role"], "CTO");
    assert_eq!(added["channels"][0]["kind"], "email");
    assert_eq!(added["channels"][0]["value"], "ana@acme.com");
    assert_eq!(added["createdAt"], added["updatedAt"]);
    let id = added["id"].as_i64().unwrap();
    let created =
        chrono::DateTime::parse_from_rfc3339(added["createdAt"].as_str().unwrap()).unwrap();

    let id_arg = id.to_string();
    let shown = json(&ok(
        home.path(),
        &["contact", "show", &id_arg, "--json", "--db", db_arg],
    ));
    assert_eq!(shown["contact"], added);
    assert_eq!(
        shown["identities"],
        serde_json::json!([{ "kind": "email", "value": "ana@acme.com", "shared": false }])
    );
    assert_eq!(shown["asks"], serde_json::json!([]));
    assert_eq!(shown["timeline"]["total"], 0);

    let text = ok(home.path(), &["contact", "show", &id_arg, "--db", db_arg]);
    let want = format!(
        "Ana Ruiz\n  company: Acme\n  role: CTO\n  email: ana@acme.com\n  id: {id}  added: {}\n  \
         matched by: email ana@acme.com\n",
        created.format("%Y-%m-%d")
    );
    assert_eq!(text, want);

    let missing = (id + 1000).to_string();
    let line = one_line_error(&run(
        home.path(),
        &["contact", "show", &missing, "--db", db_arg],
    ));
    assert_eq!(line, format!("kith: error: no contact with id {missing}"));
}

#[test]
fn list_pages_with_limit_and_offset() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("kith.db");
    let db_arg = db.to_str().unwrap();
    for name in ["Cid", "ana", "Bea"] {
        ok(home.path(), &["contact", "add", name, "--db", db_arg]);
    }
    assert_eq!(names(&list_json(home.path(), &db)), ["ana", "Bea", "Cid"]);

    let page = |limit: &str, offset: &str| {
        let out = ok(
            home.path(),
            &[
                "contact", "list", "--limit", limit, "--offset", offset, "--json", "--db", db_arg,
            ],
        );
        json(&out).as_array().unwrap().clone()
    };
    assert_eq!(names(&page("1", "1")), ["Bea"]);
    assert_eq!(names(&page("2", "0")), ["ana", "Bea"]);
    assert_eq!(names(&page("5", "2")), ["Cid"]);
    assert!(page("1", "3").is_empty());

    let text = ok(
        home.path(),
        &[
            "contact", "list", "--limit", "1", "--offset", "1", "--db", db_arg,
        ],
    );
    assert_eq!(text.lines().count(), 1, "{text:?}");
    assert!(text.trim_end().ends_with("  Bea"), "{text:?}");
}

#[test]
fn invalid_input_fails_with_one_line_naming_the_field_and_writes_nothing() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("kith.db");
    let db_arg = db.to_str().unwrap();

    for name in ["", "   "] {
        let line = one_line_error(&run(home.path(), &["contact", "add", name, "--db", db_arg]));
        assert!(line.contains("name: "), "{line}");
    }
    let line = one_line_error(&run(
        home.path(),
        &[
            "contact",
            "add",
            "Ana",
            "--email",
            "ana at acme",
            "--phone",
            "call me",
            "--db",
            db_arg,
        ],
    ));
    assert!(line.contains("--email: "), "{line}");
    assert!(line.contains("ana at acme"), "{line}");
    assert!(line.contains("--phone: "), "{line}");
    assert!(line.contains("call me"), "{line}");

    // A value with a line break is echoed escaped: the error stays on one line.
    let line = one_line_error(&run(
        home.path(),
        &[
            "contact",
            "add",
            "Ana",
            "--email",
            "ana\n@acme.com",
            "--db",
            db_arg,
        ],
    ));
    assert!(line.contains("ana\\n@acme.com"), "{line}");

    assert!(
        list_json(home.path(), &db).is_empty(),
        "nothing may be written"
    );
}

#[test]
fn with_json_an_error_is_a_json_object_on_stderr() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("kith.db");
    let db_arg = db.to_str().unwrap();

    let out = run(
        home.path(),
        &["contact", "add", "", "--json", "--db", db_arg],
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout(&out), "");
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err:?}");
    let value = json(&err);
    assert_eq!(value["error"]["type"], "invalid");
    assert_eq!(value["error"]["data"]["fields"][0]["field"], "name");
    let message = value["message"].as_str().unwrap();
    assert!(message.starts_with("name: "), "{message}");

    // The error keeps the core's field names; the message names the flag.
    let out = run(
        home.path(),
        &[
            "--json", "contact", "add", "Ana", "--email", "ana@", "--db", db_arg,
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let value = json(&stderr(&out));
    assert_eq!(value["error"]["type"], "invalid");
    assert_eq!(value["error"]["data"]["fields"][0]["field"], "channels[0]");
    assert!(
        value["message"].as_str().unwrap().starts_with("--email: "),
        "{value}"
    );

    // A value the CLI cannot parse is an `invalid` error on the flag.
    let out = run(
        home.path(),
        &[
            "--json", "contact", "add", "Ana", "--met-on", "last May", "--db", db_arg,
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let value = json(&stderr(&out));
    assert_eq!(value["error"]["type"], "invalid");
    assert_eq!(value["error"]["data"]["fields"][0]["field"], "--met-on");

    assert!(
        list_json(home.path(), &db).is_empty(),
        "nothing may be written"
    );
}

#[test]
fn a_file_that_is_not_a_database_is_refused_and_left_untouched() {
    let home = tempfile::tempdir().unwrap();
    let notes = home.path().join("notes.txt");
    let bytes = b"Call Ana back about the Acme contract.\n";
    std::fs::write(&notes, bytes).unwrap();

    for args in [&["contact", "list"][..], &["contact", "add", "Ana"][..]] {
        let out = kith(home.path())
            .args(args)
            .args(["--db", notes.to_str().unwrap()])
            .output()
            .unwrap();
        let line = one_line_error(&out);
        assert!(line.contains("is not a Kith database"), "{line}");
        assert!(line.contains("notes.txt"), "{line}");
        assert_eq!(
            std::fs::read(&notes).unwrap(),
            bytes,
            "the file was modified"
        );
    }
    let mut files: Vec<_> = std::fs::read_dir(home.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    files.sort();
    assert_eq!(files, ["notes.txt"], "nothing may be created beside it");
}

#[test]
fn a_database_from_a_newer_kith_is_refused_and_left_untouched() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("kith.db");
    let db_arg = db.to_str().unwrap();
    ok(home.path(), &["contact", "add", "Ana", "--db", db_arg]);
    let newer = kith::store::SCHEMA_VERSION + 5;
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.pragma_update(None, "user_version", newer).unwrap();
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .unwrap();
    }
    let before = std::fs::read(&db).unwrap();

    for args in [&["contact", "list"][..], &["contact", "add", "Bea"][..]] {
        let out = kith(home.path())
            .args(args)
            .args(["--db", db_arg])
            .output()
            .unwrap();
        let line = one_line_error(&out);
        assert!(line.contains("newer version of Kith"), "{line}");
        assert!(line.contains(&format!("schema version {newer}")), "{line}");
        assert_eq!(std::fs::read(&db).unwrap(), before, "the file was modified");
    }
}

#[test]
fn an_unknown_subcommand_is_a_usage_error() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("kith.db");
    for args in [
        &["frobnicate"][..],
        &["contact", "frobnicate"][..],
        &["trash", "frobnicate"][..],
    ] {
        let out = kith(home.path())
            .args(args)
            .args(["--db", db.to_str().unwrap()])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "kith {args:?}");
        assert_eq!(stdout(&out), "");
        assert!(stderr(&out).contains("frobnicate"), "{}", stderr(&out));
        assert!(!db.exists(), "a usage error must not create the database");
    }
}

// Contacts -----------------------------------------------------------------------------------

/// Adds Bea, then Ana with every field of `contact add` set (introduced by Bea); gives both ids.
fn add_ana_with_every_field(k: &Kith) -> (i64, i64) {
    let bea = k.add("Bea Lopez", &[]);
    let ana = k.add(
        "Ana Ruiz",
        &[
            "--company",
            "Acme",
            "--role",
            "CTO",
            "--email",
            "ana@acme.com",
            "--email",
            "ana@home.org",
            "--phone",
            "+351 912 345 678",
            "--link",
            "https://ana.dev",
            "--location",
            "Lisbon",
            "--circle",
            "close",
            "--cadence",
            "30",
            "--interest",
            "Rust",
            "--interest",
            "climbing",
            "--tag",
            "friend",
            "--tag",
            "work",
            "--met-how",
            "At RustConf",
            "--met-on",
            "2024-09-10",
            "--introduced-by",
            "Bea",
            "--birthday",
            "1990-05-14",
            "--notes",
            "Likes tea.\nHates calls before 10.",
        ],
    );
    (bea, ana)
}

#[test]
fn add_with_every_field_then_show_has_them() {
    let k = Kith::new();
    let (bea, ana) = add_ana_with_every_field(&k);
    let shown = k.show(&ana.to_string());
    let c = &shown["contact"];
    assert_eq!(c["name"], "Ana Ruiz");
    assert_eq!(c["company"], "Acme");
    assert_eq!(c["role"], "CTO");
    assert_eq!(c["location"], "Lisbon");
    let channels: Vec<(&str, &str)> = c["channels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|ch| (ch["kind"].as_str().unwrap(), ch["value"].as_str().unwrap()))
        .collect();
    assert_eq!(
        channels,
        [
            ("email", "ana@acme.com"),
            ("email", "ana@home.org"),
            ("phone", "+351 912 345 678"),
            ("link", "https://ana.dev"),
        ]
    );
    assert_eq!(c["circle"], "close");
    assert_eq!(c["cadenceDays"], 30);
    assert_eq!(strs(&c["interests"]), ["climbing", "Rust"]);
    assert_eq!(strs(&c["tags"]), ["friend", "work"]);
    assert_eq!(c["metHow"], "At RustConf");
    assert_eq!(c["metOn"], "2024-09-10");
    assert_eq!(c["introducedBy"]["id"], bea);
    assert_eq!(c["introducedBy"]["name"], "Bea Lopez");
    assert_eq!(
        c["dates"],
        serde_json::json!([{"label": "birthday", "year": 1990, "month": 5, "day": 14, "recurring": true}])
    );
    assert_eq!(c["notes"], "Likes tea.\nHates calls before 10.");
    assert_eq!(c["isSelf"], false);

    // The text form shows every detail, one per line.
    let text = k.ok(&["contact", "show", "ana"]);
    for line in [
        "Ana Ruiz",
        "  company: Acme",
        "  email: ana@acme.com",
        "  email: ana@home.org",
        "  phone: +351 912 345 678",
        "  link: https://ana.dev",
        "  location: Lisbon",
        "  circle: close",
        "  cadence: every 30 days",
        "  tags: friend, work",
        "  interests: climbing, Rust",
        "  birthday: 1990-05-14 (yearly)",
        "  met how: At RustConf",
        "  met on: 2024-09-10",
        &format!("  introduced by: Bea Lopez (id {bea})"),
        "    Likes tea.",
        "    Hates calls before 10.",
    ] {
        assert!(text.lines().any(|l| l == line), "{line:?} not in\n{text}");
    }

    // A birthday without a year recurs too.
    let cid = k.add("Cid", &["--birthday", "02-29"]);
    assert_eq!(
        k.show(&cid.to_string())["contact"]["dates"][0],
        serde_json::json!({"label": "birthday", "year": null, "month": 2, "day": 29, "recurring": true})
    );
}

#[test]
fn list_filters_by_circle_tag_interest_and_search() {
    let k = Kith::new();
    k.add(
        "Ana Ruiz",
        &[
            "--circle",
            "close",
            "--tag",
            "Climbing-Club",
            "--interest",
            "rust",
            "--company",
            "Acme",
        ],
    );
    k.add(
        "Bea Lopez",
        &[
            "--circle",
            "network",
            "--interest",
            "Rust",
            "--notes",
            "met at the zoo",
        ],
    );
    k.add("Cid Moreau", &["--circle", "close", "--company", "Globex"]);

    assert_eq!(k.list(&["--circle", "close"]), ["Ana Ruiz", "Cid Moreau"]);
    assert_eq!(k.list(&["--circle", "wider"]), Vec::<String>::new());
    assert_eq!(k.list(&["--tag", "climbing-club"]), ["Ana Ruiz"]);
    assert_eq!(k.list(&["--interest", "RUST"]), ["Ana Ruiz", "Bea Lopez"]);
    assert_eq!(
        k.list(&["--interest", "rust", "--circle", "close"]),
        ["Ana Ruiz"]
    );
    // Search matches every word as a prefix, over names, companies, notes and interests.
    assert_eq!(k.list(&["--search", "ru"]), ["Ana Ruiz", "Bea Lopez"]);
    assert_eq!(k.list(&["--search", "rust"]), ["Ana Ruiz", "Bea Lopez"]);
    assert_eq!(k.list(&["--search", "glob"]), ["Cid Moreau"]);
    assert_eq!(k.list(&["--search", "zoo"]), ["Bea Lopez"]);
    assert_eq!(k.list(&["--search", "an ru"]), ["Ana Ruiz"]);
    assert_eq!(k.list(&["--search", "nobody"]), Vec::<String>::new());

    // The text list shows the circle and the tags.
    let text = k.ok(&["contact", "list", "--circle", "close"]);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(
        lines[0].ends_with("Ana Ruiz (Acme)  [close]  #Climbing-Club"),
        "{text}"
    );

    // A usage error for a circle that does not exist.
    let out = k.run(&["contact", "list", "--circle", "bestie"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn sort_by_last_contact_follows_what_was_logged() {
    let k = Kith::new();
    for name in ["Ana", "Bea", "Cid"] {
        k.add(name, &[]);
    }
    k.ok(&["log", "--with", "Bea", "--at", "2025-01-10", "coffee"]);
    k.ok(&["log", "--with", "Cid", "--at", "2025-03-01 10:00", "lunch"]);
    assert_eq!(
        k.list(&["--sort", "last-contact"]),
        ["Cid", "Bea", "Ana"],
        "most recent first, never contacted last"
    );
    assert_eq!(k.list(&[]), ["Ana", "Bea", "Cid"]);
    let list = k.json(&["contact", "list", "--sort", "last-contact"]);
    assert_eq!(list[0]["lastInteractionAt"], "2025-03-01T10:00:00Z");
    assert_eq!(list[2]["lastInteractionAt"], Value::Null);
}

/// Adds Ana Ruiz with the fields `edit_changes_only_what_was_given` changes or keeps; gives her id.
fn add_ana_to_edit(k: &Kith) -> i64 {
    k.add(
        "Ana Ruiz",
        &[
            "--company",
            "Acme",
            "--role",
            "CTO",
            "--email",
            "ana@acme.com",
            "--phone",
            "+351 912 345 678",
            "--tag",
            "friend",
            "--tag",
            "work",
            "--interest",
            "rust",
            "--circle",
            "close",
            "--birthday",
            "05-14",
            "--notes",
            "likes tea",
        ],
    )
}

#[test]
fn edit_changes_only_what_was_given() {
    let k = Kith::new();
    let ana = add_ana_to_edit(&k);
    let id = ana.to_string();
    let before = k.show(&id)["contact"].clone();

    let out = k.ok(&["contact", "edit", "Ana", "--role", "CEO"]);
    assert_eq!(
        out,
        format!("updated contact {ana}: Ana Ruiz (CEO, Acme) <ana@acme.com>\n")
    );
    let after = k.show(&id)["contact"].clone();
    assert_eq!(after["role"], "CEO");
    for field in [
        "name",
        "company",
        "channels",
        "tags",
        "interests",
        "circle",
        "dates",
        "notes",
        "metOn",
        "createdAt",
    ] {
        assert_eq!(after[field], before[field], "{field} changed");
    }

    // Replacing lists, adding and removing entries, clearing fields.
    let edited = k.json(&[
        "contact",
        "edit",
        &id,
        "--name",
        "Ana María Ruiz",
        "--add-tag",
        "vip",
        "--remove-tag",
        "WORK",
        "--add-email",
        "ana@home.org",
        "--clear",
        "phones",
        "--clear",
        "circle",
        "--company",
        "",
        "--interest",
        "climbing",
        "--interest",
        "chess",
    ]);
    assert_eq!(edited["name"], "Ana María Ruiz");
    assert_eq!(strs(&edited["tags"]), ["friend", "vip"]);
    assert_eq!(strs(&edited["interests"]), ["chess", "climbing"]);
    assert_eq!(edited["company"], Value::Null);
    assert_eq!(edited["circle"], Value::Null);
    let values: Vec<&str> = edited["channels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["value"].as_str().unwrap())
        .collect();
    assert_eq!(values, ["ana@acme.com", "ana@home.org"]);
    assert_eq!(edited["notes"], "likes tea");
    assert_eq!(edited["dates"], before["dates"]);

    // Removing what is not there fails and writes nothing.
    let line = k.fails(&[
        "contact",
        "edit",
        &id,
        "--role",
        "Chair",
        "--remove-tag",
        "nope",
    ]);
    assert!(line.contains("--remove-tag"), "{line}");
    assert!(line.contains("\"nope\""), "{line}");
    assert_eq!(k.show(&id)["contact"]["role"], "CEO");

    // An invalid new value names its flag and writes nothing.
    let line = k.fails(&[
        "contact",
        "edit",
        &id,
        "--add-email",
        "nope",
        "--role",
        "Chair",
    ]);
    assert!(line.contains("--email: \"nope\""), "{line}");
    assert_eq!(k.show(&id)["contact"]["role"], "CEO");

    // An edit with no flag at all is refused.
    let line = k.fails(&["contact", "edit", &id]);
    assert!(line.contains("nothing to change"), "{line}");
}

#[test]
fn archive_hides_a_contact_from_lists_until_unarchived() {
    let k = Kith::new();
    k.add("Ana", &[]);
    k.add("Bea", &[]);
    let archived = k.json(&["contact", "edit", "Bea", "--archive"]);
    assert_eq!(archived["archived"], true);
    assert_eq!(k.list(&[]), ["Ana"]);
    assert_eq!(k.list(&["--archived"]), ["Ana", "Bea"]);
    let text = k.ok(&["contact", "list", "--archived"]);
    assert!(text.contains("Bea  (archived)"), "{text}");
    // An archived contact is still found by name.
    k.ok(&["contact", "edit", "Bea", "--unarchive", "--company", "Acme"]);
    assert_eq!(k.list(&[]), ["Ana", "Bea"]);
    assert_eq!(k.show("Bea")["contact"]["company"], "Acme");
}

#[test]
fn an_ambiguous_name_is_an_error_listing_every_match_with_its_id() {
    let k = Kith::new();
    let ruiz = k.add("Ana Ruiz", &[]);
    let lopez = k.add("Ana Lopez", &[]);
    k.add("Bea", &[]);
    for args in [
        &["contact", "show", "ana"][..],
        &["timeline", "ana"][..],
        &["log", "--with", "Bea", "--with", "ana", "hello"][..],
        &["contact", "edit", "ana", "--role", "CTO"][..],
        &["ask", "add", "ana", "--need", "a job"][..],
    ] {
        let line = k.fails(args);
        assert!(line.contains("\"ana\" matches several contacts"), "{line}");
        assert!(line.contains(&format!("Ana Ruiz (id {ruiz})")), "{line}");
        assert!(line.contains(&format!("Ana Lopez (id {lopez})")), "{line}");
    }
    assert_eq!(k.timeline("Bea")["total"], 0, "nothing may be written");

    // With --json the matches are data.
    let out = k.run(&["contact", "show", "ana", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let err = json(&stderr(&out));
    assert_eq!(err["error"]["type"], "ambiguous");
    let mut ids: Vec<i64> = err["error"]["data"]["matches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_i64().unwrap())
        .collect();
    ids.sort_unstable();
    assert_eq!(ids, [ruiz, lopez]);

    // A fuller name, or an exact one, or the id, picks one.
    assert_eq!(k.show("ana r")["contact"]["id"], ruiz);
    assert_eq!(k.show("ANA LÓPEZ")["contact"]["id"], lopez);
    assert_eq!(k.show(&lopez.to_string())["contact"]["id"], lopez);
}

#[test]
fn an_unknown_contact_is_an_error() {
    let k = Kith::new();
    k.add("Ana", &[]);
    assert_eq!(
        k.fails(&["contact", "show", "Zoe"]),
        "kith: error: no contact matches \"Zoe\""
    );
    assert_eq!(
        k.fails(&["timeline", "999"]),
        "kith: error: no contact with id 999"
    );
    assert_eq!(
        k.fails(&["log", "--with", "Zoe", "hello"]),
        "kith: error: no contact matches \"Zoe\""
    );
    // A blank name names no one (it would otherwise start every name).
    assert_eq!(
        k.fails(&["log", "--with", " ", "hello"]),
        "kith: error: no contact matches \"\""
    );
    assert_eq!(
        k.fails(&["contact", "rm", "Zoe"]),
        "kith: error: no contact matches \"Zoe\""
    );
    let out = k.run(&["contact", "show", "Zoe", "--json"]);
    assert_eq!(json(&stderr(&out))["error"]["type"], "noMatch");
}

// Interactions -----------------------------------------------------------------------------

#[test]
fn a_log_with_two_people_is_on_both_timelines_and_found_by_search() {
    let k = Kith::new();
    let ana = k.add("Ana Ruiz", &[]);
    let bea = k.add("Bea Lopez", &[]);
    let out = k.ok(&[
        "log",
        "--with",
        "Ana",
        "--with",
        "bea",
        "--kind",
        "meeting",
        "--at",
        "2026-01-05 14:30",
        "--summary",
        "Coffee at the harbour",
        "--initiated-by",
        "them",
        "--quality",
        "4",
        "Talked about her move to Lisbon.",
    ]);
    let id = out
        .strip_prefix("logged interaction ")
        .and_then(|rest| rest.strip_suffix(" with Ana Ruiz, Bea Lopez\n"))
        .unwrap_or_else(|| panic!("{out:?}"));

    for who in ["Ana", "Bea"] {
        let page = k.timeline(who);
        assert_eq!(page["total"], 1, "{who}");
        let i = &page["items"][0];
        assert_eq!(i["id"].to_string(), id);
        assert_eq!(i["kind"], "meeting");
        assert_eq!(i["occurredAt"], "2026-01-05T14:30:00Z");
        assert_eq!(i["hasTime"], true);
        assert_eq!(i["summary"], "Coffee at the harbour");
        assert_eq!(i["notes"], "Talked about her move to Lisbon.");
        assert_eq!(i["initiatedBy"], "them");
        assert_eq!(i["quality"], 4);
        let people: Vec<i64> = i["participants"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["id"].as_i64().unwrap())
            .collect();
        assert_eq!(people, [ana, bea]);
    }

    let hits = k.search("lisb");
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0]["kind"], "interaction");
    assert_eq!(hits[0]["id"].to_string(), id);
    assert!(
        hits[0]["snippet"].as_str().unwrap().contains("[Lisbon]"),
        "{hits:?}"
    );
    let text = k.ok(&["search", "harbour"]);
    assert!(text.starts_with("interaction "), "{text}");
    assert!(text.contains("Ana Ruiz: Coffee at the [harbour]"), "{text}");

    // The text timeline and `interaction show`.
    let text = k.ok(&["timeline", "Bea"]);
    assert_eq!(
        text,
        format!(
            "{id:>6}  2026-01-05 14:30  meeting  with Ana Ruiz, Bea Lopez: Coffee at the harbour\n"
        )
    );
    let shown = k.json(&["interaction", "show", id]);
    assert_eq!(shown["summary"], "Coffee at the harbour");
    let text = k.ok(&["interaction", "show", id]);
    assert!(
        text.starts_with("meeting 2026-01-05 14:30  with Ana Ruiz"),
        "{text}"
    );
    assert!(text.contains("  quality: 4/5\n"), "{text}");
}

#[test]
fn a_log_defaults_to_a_note_now_and_reads_every_date_form() {
    let k = Kith::new();
    k.add("Ana", &[]);
    let before = chrono::Utc::now();
    let note = k.json(&["log", "--with", "Ana", "just a thought"]);
    assert_eq!(note["kind"], "note");
    assert_eq!(note["hasTime"], true);
    let at = chrono::DateTime::parse_from_rfc3339(note["occurredAt"].as_str().unwrap()).unwrap();
    assert!(at >= before - chrono::Duration::seconds(1), "{at}");

    for (given, stored, has_time) in [
        ("2025-06-01", "2025-06-01T00:00:00Z", false),
        ("2025-06-01 09:15", "2025-06-01T09:15:00Z", true),
        ("2025-06-01T09:15:30", "2025-06-01T09:15:30Z", true),
        ("2025-06-01T09:15:00+02:00", "2025-06-01T07:15:00Z", true),
    ] {
        let i = k.json(&["log", "--with", "Ana", "--at", given, "x"]);
        assert_eq!(i["occurredAt"], stored, "{given}");
        assert_eq!(i["hasTime"], has_time, "{given}");
    }

    // A local time is this machine's: 09:00 at UTC+9 is midnight UTC.
    let out = k
        .cmd(&[
            "log",
            "--with",
            "Ana",
            "--at",
            "2025-06-01 09:00",
            "x",
            "--json",
        ])
        .env("TZ", "XYZ-9")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(json(&stdout(&out))["occurredAt"], "2025-06-01T00:00:00Z");
}

#[test]
fn follow_up_and_help_are_recorded_on_the_interaction() {
    let k = Kith::new();
    let ana = k.add("Ana", &[]);
    k.add("Bea", &[]);
    let i = k.json(&[
        "log",
        "--with",
        "Ana",
        "--with",
        "Bea",
        "--summary",
        "Career chat",
        "--at",
        "2026-01-20",
        "--gave-help",
        "Intro to a recruiter",
        "--got-help",
        "Feedback on my CV",
        "--follow-up",
        "2026-02-01",
        "send the deck",
    ]);
    assert_eq!(
        i["followUp"],
        serde_json::json!({"dueOn": "2026-02-01", "text": "send the deck", "contact": ana, "by": "me"})
    );
    let me = k.json(&["contact", "show", "me"])["contact"].clone();
    assert_eq!(me["isSelf"], true);
    let me = me["id"].as_i64().unwrap();
    let help = i["help"].as_array().unwrap();
    assert_eq!(help.len(), 2);
    assert_eq!(help[0]["giver"]["id"], me);
    assert_eq!(help[0]["receiver"]["id"], ana);
    assert_eq!(help[0]["text"], "Intro to a recruiter");
    assert_eq!(help[0]["askId"], Value::Null, "it resolves no need");
    assert_eq!(help[1]["giver"]["id"], ana);
    assert_eq!(help[1]["receiver"]["id"], me);

    // The timeline shows it the same way, and the text form says it.
    assert_eq!(k.timeline("Ana")["items"][0], i);
    let text = k.ok(&["interaction", "show", &i["id"].to_string()]);
    assert!(
        text.contains("  follow-up: 2026-02-01 send the deck (you promised Ana)\n"),
        "{text}"
    );
    assert!(
        text.contains("  help: Me -> Ana: Intro to a recruiter\n"),
        "{text}"
    );
    assert!(
        text.contains("  help: Ana -> Me: Feedback on my CV\n"),
        "{text}"
    );
    // "me" is not a person of the People list.
    assert_eq!(k.list(&[]), ["Ana", "Bea"]);
}

#[test]
fn help_and_promises_name_whom_among_several_participants() {
    let k = Kith::new();
    let ana = k.add("Ana", &[]);
    let bea = k.add("Bea", &[]);
    k.add("Cem", &[]);
    let i = k.json(&[
        "log",
        "--with",
        "Ana",
        "--with",
        "Bea",
        "--with",
        "Cem",
        "--summary",
        "Offsite",
        "--at",
        "2026-01-20",
        "--gave-help",
        "Intro to a recruiter",
        "--gave-help-to",
        "Bea",
        "--got-help",
        "Feedback on my CV",
        "--got-help-from",
        "Cem",
        "--follow-up",
        "2026-02-01",
        "send the deck",
        "--promised-by",
        "Bea",
    ]);
    let me = k.json(&["contact", "show", "me"])["contact"]["id"]
        .as_i64()
        .unwrap();
    let help = i["help"].as_array().unwrap();
    assert_eq!(help[0]["giver"]["id"], me);
    assert_eq!(help[0]["receiver"]["name"], "Bea");
    assert_eq!(help[1]["giver"]["name"], "Cem");
    assert_eq!(help[1]["receiver"]["id"], me);
    assert_eq!(
        i["followUp"],
        serde_json::json!({"dueOn": "2026-02-01", "text": "send the deck", "contact": bea, "by": "them"})
    );
    let text = k.ok(&["interaction", "show", &i["id"].to_string()]);
    assert!(
        text.contains("  follow-up: 2026-02-01 send the deck (Bea promised you)\n"),
        "{text}"
    );
    // Their promise is a reminder with Bea, said as theirs.
    let brief = k.ok(&["brief", "Bea"]);
    assert!(brief.contains("they promised: send the deck"), "{brief}");

    // My promise to someone named.
    let mine = k.json(&[
        "log",
        "--with",
        "Ana",
        "--with",
        "Bea",
        "--at",
        "2026-01-21",
        "x",
        "--follow-up",
        "2026-02-02",
        "call back",
        "--promised-to",
        "Bea",
    ]);
    assert_eq!(mine["followUp"]["contact"], bea);
    assert_eq!(mine["followUp"]["by"], "me");
    assert_ne!(mine["followUp"]["contact"], ana);

    // Whom must be one of --with: nothing is written otherwise.
    for (args, want) in [
        (
            &["--gave-help", "x", "--gave-help-to", "Cem"][..],
            "kith: error: --gave-help-to: Cem was not part of this interaction",
        ),
        (
            &["--follow-up", "2026-02-01", "x", "--promised-by", "Cem"][..],
            "kith: error: --promised-by: Cem was not part of this interaction",
        ),
    ] {
        let mut all = vec![
            "log",
            "--with",
            "Ana",
            "--with",
            "Bea",
            "--at",
            "2026-01-22",
            "y",
        ];
        all.extend_from_slice(args);
        let out = k.run(&all);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(stderr(&out).starts_with(want), "{}", stderr(&out));
    }
    assert_eq!(k.timeline("Ana")["total"], 2);
}

#[test]
fn promised_to_and_promised_by_are_one_or_the_other_and_need_a_follow_up() {
    let k = Kith::new();
    k.add("Ana", &[]);
    let out = k.run(&[
        "log",
        "--with",
        "Ana",
        "y",
        "--follow-up",
        "2026-02-01",
        "x",
        "--promised-to",
        "Ana",
        "--promised-by",
        "Ana",
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let out = k.run(&["log", "--with", "Ana", "y", "--promised-to", "Ana"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}

#[test]
fn a_log_without_anyone_is_a_usage_error() {
    let k = Kith::new();
    k.add("Ana", &[]);
    let out = k.run(&["log", "--summary", "Lunch"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--with <CONTACT>"),
        "{}",
        stderr(&out)
    );
    // --follow-up takes a date and a text.
    let out = k.run(&["log", "--with", "Ana", "--follow-up", "2026-02-01"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(k.timeline("Ana")["total"], 0);
}

#[test]
fn bad_dates_are_refused_naming_the_flag_and_value_and_nothing_is_written() {
    let k = Kith::new();
    k.add("Ana", &[]);
    for (args, want) in [
        (
            &["log", "--with", "Ana", "--at", "yesterday", "x"][..],
            "kith: error: --at: \"yesterday\" is not a date or time",
        ),
        (
            &[
                "log",
                "--with",
                "Ana",
                "--at",
                "2026-03-01",
                "--follow-up",
                "2026-02-01",
                "send the deck",
                "x",
            ][..],
            "kith: error: --follow-up: 2026-02-01 is before the interaction (2026-03-01): a \
             follow-up is due after it",
        ),
        (
            &["log", "--with", "Ana", "--at", "2026-02-30", "x"][..],
            "kith: error: --at: \"2026-02-30\" is not a date or time",
        ),
        (
            &["log", "--with", "Ana", "--at", "30000-01-01", "x"][..],
            "kith: error: --at: +30000-01-01 is in the future",
        ),
        (
            &["log", "--with", "Ana", "--follow-up", "soon", "call", "x"][..],
            "kith: error: --follow-up: \"soon\" is not a date",
        ),
        (
            &[
                "log",
                "--with",
                "Ana",
                "--follow-up",
                "30000-01-01",
                "call",
                "x",
            ][..],
            "kith: error: --follow-up: +30000-01-01 is too far away",
        ),
        (
            &["contact", "add", "Bea", "--met-on", "2024-13-01"][..],
            "kith: error: --met-on: \"2024-13-01\" is not a date",
        ),
        (
            &["contact", "add", "Bea", "--met-on", "30000-01-01"][..],
            "kith: error: --met-on: +30000-01-01 is not a date you could have met on",
        ),
        (
            &["contact", "add", "Bea", "--birthday", "02-30"][..],
            "kith: error: --birthday: \"02-30\" is not a birthday",
        ),
        (
            &["contact", "edit", "Ana", "--birthday", "30000-05-14"][..],
            "kith: error: --birthday: the year 30000 is out of range",
        ),
    ] {
        let line = k.fails(args);
        assert!(
            line.starts_with(want),
            "kith {args:?}:\n{line}\nwant {want}"
        );
    }
    assert_eq!(k.timeline("Ana")["total"], 0, "nothing may be logged");
    assert_eq!(k.list(&[]), ["Ana"], "nothing may be added");
    assert_eq!(k.show("Ana")["contact"]["dates"], serde_json::json!([]));
}

#[test]
fn a_log_needs_a_summary_or_notes() {
    let k = Kith::new();
    k.add("Ana", &[]);
    for args in [
        &["log", "--with", "Ana"][..],
        &["log", "--with", "Ana", "--summary", "", ""][..],
        &["log", "--with", "Ana", "--summary", "  ", " \n "][..],
    ] {
        let line = k.fails(args);
        assert_eq!(
            line, "kith: error: --summary: write a summary or some notes",
            "{args:?}"
        );
    }
    let line = k.fails(&["log", "--with", "Ana", "--quality", "9", "x"]);
    assert!(line.contains("--quality: 9 is not a quality"), "{line}");
    assert_eq!(k.timeline("Ana")["total"], 0);
}

#[test]
fn a_one_megabyte_note_from_a_file_is_accepted_and_searchable() {
    let k = Kith::new();
    k.add("Ana", &[]);
    let mut notes = String::new();
    while notes.len() < 512 * 1024 {
        notes.push_str("lorem ipsum dolor sit amet\n");
    }
    notes.push_str("the quokkaphant appeared\n");
    while notes.len() < 1024 * 1024 {
        notes.push_str("consectetur adipiscing elit\n");
    }
    let path = k.home.path().join("notes.txt");
    std::fs::write(&path, &notes).unwrap();

    let i = k.json(&[
        "log",
        "--with",
        "Ana",
        "--summary",
        "Long call",
        "--notes-file",
        path.to_str().unwrap(),
    ]);
    assert_eq!(i["notes"].as_str().unwrap(), notes.trim_end());
    let hits = k.search("quokka");
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0]["id"], i["id"]);
    assert!(hits[0]["snippet"]
        .as_str()
        .unwrap()
        .contains("[quokkaphant]"));
    assert_eq!(k.timeline("Ana")["items"][0]["notes"], i["notes"]);

    // NOTES and --notes-file are one or the other; a missing file names the flag.
    assert_eq!(
        k.run(&[
            "log",
            "--with",
            "Ana",
            "x",
            "--notes-file",
            path.to_str().unwrap()
        ])
        .status
        .code(),
        Some(2)
    );
    let missing = k.home.path().join("nope.txt");
    let line = k.fails(&[
        "log",
        "--with",
        "Ana",
        "--notes-file",
        missing.to_str().unwrap(),
    ]);
    assert!(
        line.starts_with("kith: error: --notes-file: cannot read "),
        "{line}"
    );
    assert_eq!(k.timeline("Ana")["total"], 1);
}

#[test]
fn names_in_arabic_cjk_and_emoji_round_trip_and_are_found() {
    let k = Kith::new();
    for name in ["سارة الحربي", "李小龍", "🦊 Fox Müller"] {
        let id = k.add(name, &["--notes", &format!("{name} notes")]);
        assert_eq!(k.show(&id.to_string())["contact"]["name"], name);
        let text = k.ok(&["contact", "show", &id.to_string()]);
        assert!(text.starts_with(&format!("{name}\n")), "{text}");
    }
    assert_eq!(k.list(&[]).len(), 3, "{:?}", k.list(&[]));
    for (query, name) in [
        ("سارة", "سارة الحربي"),
        ("李小", "李小龍"),
        ("🦊", "🦊 Fox Müller"),
        ("muller", "🦊 Fox Müller"),
    ] {
        let hits = k.search(query);
        assert!(
            hits.iter()
                .any(|h| h["kind"] == "contact" && h["contact"]["name"] == name),
            "{query}: {hits:?}"
        );
        // And the start of a name resolves them (not a later word: that is search's job).
        if query != "muller" {
            assert_eq!(k.show(query)["contact"]["name"], name, "{query}");
        }
    }
    let i = k.json(&["log", "--with", "李小", "--with", "سارة", "会議 اجتماع"]);
    assert_eq!(i["notes"], "会議 اجتماع");
    assert_eq!(k.search("اجتماع")[0]["id"], i["id"]);
}

// Trash --------------------------------------------------------------------------------------

#[test]
fn rm_moves_a_contact_to_the_trash_and_restore_brings_it_back_with_its_interactions() {
    let k = Kith::new();
    let ana = k.add("Ana", &[]);
    k.add("Bea", &[]);
    let logged = k.json(&["log", "--with", "Ana", "--summary", "Lunch"]);

    let out = k.ok(&["contact", "rm", "Ana"]);
    assert!(
        out.starts_with(&format!("moved contact {ana}: Ana to the trash")),
        "{out}"
    );
    assert_eq!(k.list(&[]), ["Bea"]);
    let trash = k.json(&["trash", "list"]);
    assert_eq!(trash.as_array().unwrap().len(), 1);
    assert_eq!(trash[0]["kind"], "contact");
    assert_eq!(trash[0]["id"], ana);
    assert_eq!(trash[0]["title"], "Ana");
    assert!(k.ok(&["trash", "list"]).starts_with("contact "));
    // In the trash: not found by name, shown by id, not searchable.
    assert!(k.fails(&["timeline", "Ana"]).contains("no contact matches"));
    let shown = k.show(&ana.to_string());
    assert!(shown["contact"]["deletedAt"].is_string(), "{shown}");
    assert!(k.search("Ana").is_empty());

    let restored = k.json(&["contact", "restore", &ana.to_string()]);
    assert_eq!(restored["deletedAt"], Value::Null);
    assert_eq!(k.list(&[]), ["Ana", "Bea"]);
    assert_eq!(k.timeline("Ana")["items"][0], logged);
    assert_eq!(k.json(&["trash", "list"]), serde_json::json!([]));

    // `trash restore contact ID` does the same.
    k.ok(&["contact", "rm", "Ana"]);
    let out = k.ok(&["trash", "restore", "contact", &ana.to_string()]);
    assert_eq!(out, format!("restored contact {ana}: Ana\n"));
    assert_eq!(k.list(&[]), ["Ana", "Bea"]);
}

#[test]
fn interactions_go_to_the_trash_and_come_back() {
    let k = Kith::new();
    k.add("Ana", &[]);
    let i = k.json(&["log", "--with", "Ana", "--summary", "Lunch"]);
    let id = i["id"].to_string();
    let gone = k.json(&["interaction", "rm", &id]);
    assert!(gone["deletedAt"].is_string());
    assert_eq!(k.timeline("Ana")["total"], 0);
    assert_eq!(k.json(&["trash", "list"])[0]["kind"], "interaction");
    assert_eq!(k.json(&["trash", "list"])[0]["title"], "Lunch");
    assert!(k.search("lunch").is_empty());
    let back = k.json(&["trash", "restore", "interaction", &id]);
    assert_eq!(back, i);
    assert_eq!(k.timeline("Ana")["total"], 1);
    // A kind that does not exist is a usage error; an id that does not, exit 1.
    assert_eq!(
        k.run(&["trash", "restore", "ask", &id]).status.code(),
        Some(2)
    );
    assert!(k
        .fails(&["trash", "restore", "interaction", "999"])
        .contains("no interaction with id 999"));
}

#[test]
fn emptying_the_trash_deletes_for_good() {
    let k = Kith::new();
    let ana = k.add("Ana", &[]);
    k.add("Bea", &[]);
    k.ok(&["log", "--with", "Ana", "alone with Ana"]);
    let shared = k.json(&["log", "--with", "Ana", "--with", "Bea", "all of us"]);
    k.ok(&["contact", "rm", "Ana"]);

    let emptied = k.json(&["trash", "empty"]);
    assert_eq!(
        emptied["purged"], 2,
        "Ana and the interaction only she was in"
    );
    assert_eq!(k.json(&["trash", "list"]), serde_json::json!([]));
    assert_eq!(
        k.fails(&["contact", "restore", &ana.to_string()]),
        format!("kith: error: no contact with id {ana}")
    );
    assert_eq!(
        k.fails(&["contact", "show", &ana.to_string()]),
        format!("kith: error: no contact with id {ana}")
    );
    assert!(k.search("alone").is_empty());
    // What Bea shared with Ana stays on Bea's timeline.
    let bea = k.timeline("Bea");
    assert_eq!(bea["total"], 1);
    assert_eq!(bea["items"][0]["id"], shared["id"]);
    assert_eq!(
        k.ok(&["trash", "empty"]),
        "emptied the trash: 0 records deleted for good\n"
    );
}

// Interests, asks, timeline paging -------------------------------------------------------------

#[test]
fn interests_are_added_listed_renamed_and_merged() {
    let k = Kith::new();
    k.add("Ana", &["--interest", "rock climbing"]);
    k.add("Bea", &["--interest", "Bouldering", "--interest", "chess"]);
    let added = k.json(&["interest", "add", "Go"]);
    assert_eq!(added["name"], "Go");
    assert_eq!(added["contacts"], 0);
    // Adding a known interest (in any case) returns it.
    assert_eq!(k.json(&["interest", "add", "CHESS"])["contacts"], 1);

    let list = k.json(&["interest", "list"]);
    let listed: Vec<(&str, i64)> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["name"].as_str().unwrap(), i["contacts"].as_i64().unwrap()))
        .collect();
    assert_eq!(
        listed,
        [
            ("Bouldering", 1),
            ("chess", 1),
            ("Go", 0),
            ("rock climbing", 1)
        ]
    );
    assert!(k
        .ok(&["interest", "list"])
        .contains("  rock climbing (1 person)\n"));

    let renamed = k.json(&["interest", "rename", "rock climbing", "Climbing"]);
    assert_eq!(renamed["name"], "Climbing");
    assert_eq!(strs(&k.show("Ana")["contact"]["interests"]), ["Climbing"]);
    // Renaming onto another interest is refused: merge instead.
    let line = k.fails(&["interest", "rename", "Climbing", "chess"]);
    assert!(line.contains("merge"), "{line}");

    let merged = k.json(&["interest", "merge", "bouldering", "Climbing"]);
    assert_eq!(merged["name"], "Climbing");
    assert_eq!(merged["contacts"], 2, "the contacts of both");
    assert_eq!(k.list(&["--interest", "Climbing"]), ["Ana", "Bea"]);
    // The merged name still finds the interest it went into.
    assert_eq!(k.list(&["--interest", "bouldering"]), ["Ana", "Bea"]);
    assert_eq!(
        k.json(&["interest", "add", "Bouldering"])["name"],
        "Climbing"
    );
    assert!(k
        .fails(&["interest", "merge", "nope", "Climbing"])
        .contains("no interest matches \"nope\""));
    let line = k.fails(&["interest", "add", " "]);
    assert!(line.contains("a name is required"), "{line}");
}

#[test]
fn needs_and_offers_of_a_contact_and_of_me() {
    let k = Kith::new();
    let ana = k.add("Ana", &[]);
    let need = k.json(&[
        "ask",
        "add",
        "Ana",
        "--need",
        "A flat in Lisbon",
        "--interest",
        "housing",
    ]);
    assert_eq!(need["kind"], "need");
    assert_eq!(need["status"], "open");
    assert_eq!(need["contact"]["id"], ana);
    assert_eq!(strs(&need["interests"]), ["housing"]);
    let out = k.ok(&["ask", "add", "me", "--offer", "Rust mentoring"]);
    assert!(out.starts_with("added offer "), "{out}");
    assert!(out.ends_with(" of Me: Rust mentoring\n"), "{out}");

    let all = k.json(&["ask", "list"]);
    let texts: Vec<&str> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["text"].as_str().unwrap())
        .collect();
    assert_eq!(texts, ["Rust mentoring", "A flat in Lisbon"]);
    let mine = k.json(&["ask", "list", "--contact", "me", "--open"]);
    assert_eq!(mine.as_array().unwrap().len(), 1);
    assert_eq!(mine[0]["kind"], "offer");
    assert_eq!(mine[0]["contact"]["name"], "Me");
    let anas = k.json(&["ask", "list", "--contact", "Ana"]);
    assert_eq!(anas[0]["id"], need["id"]);

    // `contact show` lists them; search finds them.
    assert_eq!(k.show("Ana")["asks"][0]["id"], need["id"]);
    let text = k.ok(&["contact", "show", "Ana"]);
    assert!(
        text.contains("need   open    Ana: A flat in Lisbon  (housing)"),
        "{text}"
    );
    let hits = k.search("lisbon");
    assert_eq!(hits[0]["kind"], "ask");

    // Exactly one of --need and --offer; the text is required.
    assert_eq!(k.run(&["ask", "add", "Ana"]).status.code(), Some(2));
    assert_eq!(
        k.run(&["ask", "add", "Ana", "--need", "a", "--offer", "b"])
            .status
            .code(),
        Some(2)
    );
    let line = k.fails(&["ask", "add", "Ana", "--need", " "]);
    assert_eq!(line, "kith: error: --need: a description is required");
    assert_eq!(k.json(&["ask", "list"]).as_array().unwrap().len(), 2);
}

#[test]
fn a_timeline_is_paged_newest_first() {
    let k = Kith::new();
    k.add("Ana", &[]);
    for day in 1..=5 {
        let at = format!("2025-01-0{day}");
        k.ok(&["log", "--with", "Ana", "--at", &at, &format!("day {day}")]);
    }
    let page = k.json(&["timeline", "Ana", "--limit", "2", "--offset", "1"]);
    assert_eq!(page["total"], 5);
    assert_eq!(page["offset"], 1);
    let notes: Vec<&str> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["notes"].as_str().unwrap())
        .collect();
    assert_eq!(notes, ["day 4", "day 3"]);
    let text = k.ok(&["timeline", "Ana", "--limit", "2"]);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(
        lines[0].ends_with("2025-01-05  note  with Ana: day 5"),
        "{text}"
    );
    assert_eq!(lines[2], "(3 more: --offset 2)");
    let line = k.fails(&["timeline", "Ana", "--limit", "500"]);
    assert!(
        line.starts_with("kith: error: --limit: must be between 1 and 200"),
        "{line}"
    );

    // `contact show` has the 10 latest.
    for day in 10..=20 {
        k.ok(&[
            "log",
            "--with",
            "Ana",
            "--at",
            &format!("2025-02-{day}"),
            "x",
        ]);
    }
    let shown = k.show("Ana");
    assert_eq!(shown["timeline"]["total"], 16);
    assert_eq!(shown["timeline"]["items"].as_array().unwrap().len(), 10);
    assert_eq!(
        shown["timeline"]["items"][0]["occurredAt"],
        "2025-02-20T00:00:00Z"
    );
}

/// The bytes, size and modification time of `path`.
fn file_state(path: &Path) -> (Vec<u8>, u64, std::time::SystemTime) {
    let meta = std::fs::metadata(path).unwrap();
    (
        std::fs::read(path).unwrap(),
        meta.len(),
        meta.modified().unwrap(),
    )
}

const TWO_CARDS: &str = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana Ruiz\r\n\
    EMAIL:ana@acme.example.com\r\nEND:VCARD\r\n\
    BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bo Chen\r\nEND:VCARD\r\n";

#[test]
fn a_dry_run_import_to_a_path_that_does_not_exist_creates_nothing_and_prints_the_plan() {
    let home = tempfile::tempdir().unwrap();
    let cards = home.path().join("cards.vcf");
    std::fs::write(&cards, TWO_CARDS).unwrap();
    let csv = home.path().join("history.csv");
    std::fs::write(&csv, "when,participants\n2026-01-05,Ana Ruiz\n").unwrap();
    let db = home.path().join("NEW.db");
    let before = file_names(home.path());

    let db_arg = db.to_str().unwrap();
    let cards_arg = cards.to_str().unwrap();
    let text = ok(
        home.path(),
        &["--db", db_arg, "import", cards_arg, "--dry-run"],
    );
    assert!(
        text.starts_with("vcard: would create 2, would merge 0, 0 already known, 0 left out (dry run: nothing written)\n"),
        "{text}"
    );
    assert!(text.contains("  create  line 1      Ana Ruiz\n"), "{text}");
    let plan = json(&ok(
        home.path(),
        &["--db", db_arg, "import", cards_arg, "--dry-run", "--json"],
    ));
    assert_eq!(plan["created"], 2);
    assert_eq!(plan["committed"], false);
    let args = [
        "--db",
        db_arg,
        "import",
        csv.to_str().unwrap(),
        "--format",
        "interactions",
    ];
    let text = ok(home.path(), &[&args[..], &["--dry-run"]].concat());
    assert_eq!(
        text,
        "would import 1 interactions (1 new contacts, 0 existing)\n"
    );

    assert_eq!(
        file_names(home.path()),
        before,
        "no database, no -backups folder"
    );
    assert!(!db.exists());
}

#[test]
fn a_dry_run_import_into_a_database_changes_nothing() {
    let home = tempfile::tempdir().unwrap();
    let cards = home.path().join("cards.vcf");
    std::fs::write(&cards, TWO_CARDS).unwrap();
    let db = home.path().join("kith.db");
    let db_arg = db.to_str().unwrap();
    ok(
        home.path(),
        &[
            "--db",
            db_arg,
            "contact",
            "add",
            "Ana Ruiz",
            "--email",
            "ana@acme.example.com",
        ],
    );
    ok(home.path(), &["--db", db_arg, "contact", "add", "Bo"]);
    // Its daily backup is taken; without it, the next run would take one.
    let backups = home.path().join("kith.db-backups");
    std::fs::remove_dir_all(&backups).unwrap();
    let before = file_state(&db);
    let listed = file_names(home.path());

    let text = ok(
        home.path(),
        &[
            "--db",
            db_arg,
            "import",
            cards.to_str().unwrap(),
            "--dry-run",
        ],
    );
    assert!(
        text.starts_with("vcard: would create 1, would merge 0, 1 already known,"),
        "{text}"
    );
    let csv = home.path().join("history.csv");
    std::fs::write(&csv, "when,participants\n2026-01-05,Ana Ruiz;Zoe\n").unwrap();
    let text = ok(
        home.path(),
        &[
            "--db",
            db_arg,
            "import",
            csv.to_str().unwrap(),
            "--format",
            "interactions",
            "--dry-run",
        ],
    );
    assert_eq!(
        text,
        "would import 1 interactions (1 new contacts, 1 existing)\n"
    );
    let text = ok(
        home.path(),
        &["--db", db_arg, "merge", "Ana Ruiz", "Bo", "--dry-run"],
    );
    assert!(
        text.starts_with("would merge Bo (id 2) into Ana Ruiz (id 1)"),
        "{text}"
    );

    assert!(file_state(&db) == before, "the database file changed");
    let mut expected = listed;
    expected.push("history.csv".into());
    expected.sort();
    assert_eq!(
        file_names(home.path()),
        expected,
        "no backup, no -wal or -shm left"
    );
    assert_eq!(names(&list_json(home.path(), &db)), ["Ana Ruiz", "Bo"]);
}

#[test]
fn backup_create_keeps_the_daily_copy_and_list_names_each_kind() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("kith.db");
    let db_arg = db.to_str().unwrap();
    ok(home.path(), &["--db", db_arg, "contact", "add", "Ana"]);
    let one = json(&ok(
        home.path(),
        &["--db", db_arg, "backup", "create", "--json"],
    ));
    let two = ok(home.path(), &["--db", db_arg, "backup", "create"]);
    assert_eq!(one["kind"], "manual");
    assert!(two.starts_with("backed up to "), "{two}");
    assert!(two.contains("-manual"), "{two}");
    let all = json(&ok(
        home.path(),
        &["--db", db_arg, "backup", "list", "--json"],
    ));
    let kinds: Vec<&str> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["manual", "manual", "daily"]);
    let text = ok(home.path(), &["--db", db_arg, "backup", "list"]);
    let kinds: Vec<&str> = text
        .lines()
        .map(|l| {
            l.split("  ")
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .nth(2)
                .unwrap()
        })
        .collect();
    assert_eq!(kinds, ["manual", "manual", "daily"], "{text}");
    assert_eq!(file_names(&home.path().join("kith.db-backups")).len(), 3);
}

// The meeting brief ---------------------------------------------------------------------------

/// `tests/fixtures/calendar/brief.ics` moved in time so that the moment it is written for
/// (2026-12-01 12:00 UTC) is now: `source add` reads with the real clock. Returns its path
/// and that moment plus a minute (after everything the test adds), for `--as-of`.
fn brief_calendar(k: &Kith) -> (String, String) {
    use chrono::{NaiveDateTime, TimeZone, Utc};
    let written_for = Utc.with_ymd_and_hms(2026, 12, 1, 12, 0, 0).unwrap();
    let now = Utc::now();
    let shift = now - written_for;
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/calendar/brief.ics"),
    )
    .unwrap();
    let moved: String = text
        .split_inclusive("\r\n")
        .map(|l| {
            let Some((name, value)) = l.trim_end().split_once(':') else {
                return l.to_owned();
            };
            if name != "DTSTART" && name != "DTEND" {
                return l.to_owned();
            }
            let at = NaiveDateTime::parse_from_str(value, "%Y%m%dT%H%M%SZ").unwrap();
            format!("{name}:{}\r\n", (at + shift).format("%Y%m%dT%H%M%SZ"))
        })
        .collect();
    let path = k.file("brief.ics", &moved);
    let as_of = (now + chrono::Duration::minutes(1)).format("%Y-%m-%dT%H:%M:%SZ");
    (path, as_of.to_string())
}

#[test]
fn upcoming_lists_meetings_with_people_in_kith_and_brief_shows_one_person() {
    let k = Kith::new();
    k.ok(&["me", "address", "add", "sam@example.net"]);
    k.ok(&["contact", "edit", "me", "--interest", "climbing"]);
    let ana = k.add(
        "Ana Ruiz",
        &["--email", "ana.ruiz@example.org", "--interest", "climbing"],
    );
    k.add("Bo Chen", &["--email", "bo@chen.example.org"]);
    k.ok(&["ask", "add", "Ana", "--need", "a designer for her app"]);
    k.ok(&["ask", "add", "me", "--offer", "design reviews"]);
    let (ics, as_of) = brief_calendar(&k);
    k.ok(&["source", "add", &ics]);

    let text = k.ok(&["upcoming", "--as-of", &as_of]);
    assert!(
        text.contains(
            "  Quarterly review (meeting, you organise it)  with Ana Ruiz, Bo Chen and 1 person \
             not in Kith\n"
        ),
        "{text}"
    );
    assert!(
        text.contains(&format!("  Ana Ruiz (id {ana}): health ")),
        "{text}"
    );
    assert!(text.contains("meeting: Coffee\n"), "{text}");
    assert!(
        text.contains("    needs: a designer for her app (your offer “design reviews” fits)\n"),
        "{text}"
    );
    assert!(text.contains("    you share: climbing\n"), "{text}");
    assert!(text.contains("  Bo Chen (id "), "{text}");
    assert!(text.contains("    no interaction logged yet\n"), "{text}");
    for absent in [
        "Vendor pitch",
        "Board dinner",
        "Saturday standup",
        "Design sprint",
    ] {
        assert!(!text.contains(absent), "{absent}: {text}");
    }
    let wider = k.ok(&["upcoming", "--as-of", &as_of, "--days", "11"]);
    assert!(
        wider.contains("Design sprint (video)  with Ana Ruiz\n"),
        "{wider}"
    );
    assert_eq!(
        k.ok(&["upcoming", "--as-of", &as_of, "--days", "1"]),
        "no event with people in Kith in the next 1 day\n"
    );

    let list = k.json(&["upcoming", "--as-of", &as_of]);
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["title"], "Quarterly review");
    assert_eq!(list[0]["others"], 1);
    assert_eq!(list[0]["people"][0]["contact"]["id"], ana);
    assert_eq!(
        list[0]["people"][0]["needs"][0]["offer"]["text"],
        "design reviews"
    );

    let brief = k.json(&["brief", "Ana", "--as-of", &as_of]);
    assert_eq!(brief, list[0]["people"][0]);
    assert_eq!(brief["lastInteractions"][0]["summary"], "Coffee");
    assert_eq!(brief["sharedInterests"][0], "climbing");
    let text = k.ok(&["brief", "ana", "--as-of", &as_of]);
    assert!(
        text.starts_with(&format!("Ana Ruiz (id {ana}): health ")),
        "{text}"
    );
    assert!(text.contains("\n  needs: a designer for her app"), "{text}");

    for days in ["0", "31"] {
        let err = k.fails(&["upcoming", "--days", days]);
        assert!(err.contains("--days: must be between 1 and 30"), "{err}");
    }
    let err = k.fails(&["brief", "Nobody"]);
    assert!(err.contains("Nobody"), "{err}");
}

#[test]
fn an_interest_counts_the_people_who_share_it_not_the_user() {
    let k = Kith::new();
    k.ok(&[
        "contact",
        "edit",
        "me",
        "--interest",
        "Rust",
        "--interest",
        "Chess",
    ]);
    k.add("Ana", &["--interest", "Rust"]);
    let list = k.json(&["interest", "list"]);
    let counts: Vec<(&str, u64)> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["name"].as_str().unwrap(), i["contacts"].as_u64().unwrap()))
        .collect();
    assert_eq!(counts, [("Chess", 0), ("Rust", 1)]);
    let text = k.ok(&["interest", "list"]);
    assert!(
        text.contains("Rust (1 person)") && text.contains("Chess (0 people)"),
        "{text}"
    );
}

#[test]
fn relations_are_said_from_one_side_and_read_from_both() {
    let k = Kith::new();
    k.add("Ana Ruiz", &[]);
    k.add("Bo Chen", &[]);
    k.add("Luis Ruiz", &[]);
    assert_eq!(
        k.ok(&[
            "relation",
            "add",
            "ana",
            "manager",
            "bo",
            "--since",
            "2024-03-01"
        ]),
        "Ana Ruiz is Bo Chen’s manager\n"
    );
    k.ok(&[
        "relation",
        "add",
        "luis",
        "child",
        "ana",
        "--note",
        "studies in Lyon",
    ]);
    assert_eq!(
        k.ok(&["relation", "list", "bo"]),
        "work:\n  Ana Ruiz is Bo Chen’s manager, since 2024-03-01\n"
    );
    assert_eq!(
        k.ok(&["relation", "list", "ana"]),
        "family:\n  Luis Ruiz is Ana Ruiz’s child (studies in Lyon)\nwork:\n  Bo Chen reports to Ana Ruiz, since 2024-03-01\n"
    );
    let around = k.json(&["relation", "list", "ana"]);
    assert_eq!(around["relationships"][1]["role"], "report");
    assert_eq!(around["relationships"][1]["other"]["name"], "Bo Chen");
    // Mistakes name what was wrong; nothing is written.
    let out = k.run(&["relation", "add", "ana", "friend", "ana"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "kith: error: WHOSE: a person has no relationship with themselves\n"
    );
    let out = k.run(&["relation", "add", "ana", "boss", "bo"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "an unknown role is a usage error"
    );
    let out = k.run(&["relation", "rm", "bo", "friend", "ana"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("Kith does not have “Bo Chen is Ana Ruiz’s friend” to remove"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        k.ok(&["relation", "rm", "ana", "manager", "bo"]),
        "removed: Ana Ruiz is Bo Chen’s manager\n"
    );
    assert_eq!(
        k.ok(&["relation", "list", "bo"]),
        "no one around Bo Chen yet\n"
    );
}

/// `kith relate A B --as TYPE` and `kith unrelate A B [--as TYPE]` (issue 19's verbs),
/// `contact show --json` with the relationships and who they were seen with (with counts),
/// and `kith introductions`, which stops pairing two people once they met.
#[test]
fn relate_unrelate_show_and_introductions() {
    let k = Kith::new();
    k.add("Ana Ruiz", &["--interest", "Coffee"]);
    k.add("Bo Chen", &["--interest", "Coffee"]);
    k.add("Luis Ruiz", &[]);
    assert_eq!(
        k.ok(&[
            "relate",
            "luis",
            "ana",
            "--as",
            "partner",
            "--note",
            "met in Lyon"
        ]),
        "Luis Ruiz is Ana Ruiz’s partner\n"
    );
    k.ok(&["relate", "ana", "luis", "--as", "colleague"]);
    let shown = k.json(&["contact", "show", "ana"]);
    let rels: Vec<(&str, &str)> = shown["relationships"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["other"]["name"].as_str().unwrap(),
                r["role"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(rels, [("Luis Ruiz", "partner"), ("Luis Ruiz", "colleague")]);
    // Without --as, every relationship between the two goes.
    assert_eq!(
        k.ok(&["unrelate", "luis", "ana"]),
        "removed: Luis Ruiz is Ana Ruiz’s partner\nremoved: Luis Ruiz is Ana Ruiz’s colleague\n"
    );
    let out = k.run(&["unrelate", "luis", "ana"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("no relationship is recorded between Luis Ruiz and Ana Ruiz"));

    // Ana needs a venue, Bo runs one: an introduction, until they meet.
    k.ok(&[
        "ask",
        "add",
        "ana",
        "--need",
        "a venue for our launch party",
    ]);
    k.ok(&[
        "ask",
        "add",
        "bo",
        "--offer",
        "I run Kafe Lumen, an event venue for 60 people",
    ]);
    let intros = k.json(&["introductions"]);
    let pairs: Vec<(&str, &str)> = intros
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["need"]["contact"]["name"].as_str().unwrap(),
                h["introduce"]["name"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(pairs, [("Ana Ruiz", "Bo Chen")]);
    assert!(k
        .ok(&["introductions"])
        .contains("they share no one you know"));
    k.ok(&[
        "log",
        "--with",
        "ana",
        "--with",
        "bo",
        "--with",
        "luis",
        "--summary",
        "Launch planning",
    ]);
    let shown = k.json(&["contact", "show", "ana"]);
    let knows: Vec<(&str, u64)> = shown["knows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| {
            (
                k["other"]["name"].as_str().unwrap(),
                k["shared"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(knows, [("Bo Chen", 1), ("Luis Ruiz", 1)]);
    assert_eq!(k.json(&["introductions"]), serde_json::json!([]));
    assert!(k
        .ok(&["introductions"])
        .starts_with("no introduction to make"));
}
