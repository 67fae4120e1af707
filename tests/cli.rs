//! Integration tests of the `kith` binary, run as a process on temporary databases: adding,
//! listing (with paging) and showing contacts in text and `--json`, global flags before or
//! after the subcommand, `KITH_DB` versus `--db`, and failures: one-line (or JSON) errors on
//! stderr with exit status 1 that write nothing and leave foreign or newer files untouched,
//! and exit status 2 for usage errors.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

/// A `kith` command that can never touch the user's real database: `KITH_DB` is unset and
/// the default data directory points into `home`.
fn kith(home: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kith"));
    cmd.env_remove("KITH_DB")
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"));
    cmd
}

fn run(home: &Path, args: &[&str]) -> Output {
    kith(home).args(args).output().unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

/// Runs `kith` and asserts it succeeded, returning its stdout.
fn ok(home: &Path, args: &[&str]) -> String {
    let out = run(home, args);
    assert!(
        out.status.success(),
        "kith {args:?} failed: {:?}\n{}",
        out.status,
        stderr(&out)
    );
    stdout(&out)
}

fn json(text: &str) -> Value {
    serde_json::from_str(text.trim()).unwrap_or_else(|e| panic!("not JSON ({e}): {text:?}"))
}

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

/// Asserts `out` is a plain-text failure: status 1, nothing on stdout, exactly one line on
/// stderr starting with `kith: error:`. Returns that line.
fn one_line_error(out: &Output) -> String {
    assert_eq!(out.status.code(), Some(1), "stderr: {}", stderr(out));
    assert_eq!(stdout(out), "", "nothing may be printed on stdout");
    let err = stderr(out);
    assert!(err.ends_with('\n'), "{err:?}");
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 1, "expected one line, got {err:?}");
    assert!(lines[0].starts_with("kith: error: "), "{err:?}");
    lines[0].to_owned()
}

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
    let created = ana["createdAt"].as_str().unwrap();
    chrono::DateTime::parse_from_rfc3339(created).unwrap();

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
            "ana@acme.com",
            "--json",
            "--db",
            db_arg,
        ],
    ));
    assert_eq!(added["name"], "Ana Ruiz");
    assert_eq!(added["company"], "Acme");
    assert_eq!(added["role"], "CTO");
    assert_eq!(added["email"], "ana@acme.com");
    assert_eq!(added["createdAt"], added["updatedAt"]);
    let id = added["id"].as_i64().unwrap();
    let created =
        chrono::DateTime::parse_from_rfc3339(added["createdAt"].as_str().unwrap()).unwrap();

    let id_arg = id.to_string();
    let shown = json(&ok(
        home.path(),
        &["contact", "show", &id_arg, "--json", "--db", db_arg],
    ));
    assert_eq!(shown, added);

    let text = ok(home.path(), &["contact", "show", &id_arg, "--db", db_arg]);
    let want = format!(
        "Ana Ruiz\n  company: Acme\n  role: CTO\n  email: ana@acme.com\n  id: {id}  added: {}\n",
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
            "--db",
            db_arg,
        ],
    ));
    assert!(line.contains("email: "), "{line}");
    assert!(line.contains("ana at acme"), "{line}");

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

    let out = run(
        home.path(),
        &[
            "--json", "contact", "add", "Ana", "--email", "ana@", "--db", db_arg,
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let value = json(&stderr(&out));
    assert_eq!(value["error"]["type"], "invalid");
    assert_eq!(value["error"]["data"]["fields"][0]["field"], "email");

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
    for args in [&["frobnicate"][..], &["contact", "frobnicate"][..]] {
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
