//! Hostile arguments to every command the app registers, through Tauri's IPC layer (mock
//! runtime, as the UI's `invoke` reaches them): missing arguments, wrong types, a bytes
//! payload, absurd ids (`i64::MAX`, `i64::MIN`, -1, floats, strings), limits of 0,
//! `u32::MAX` and 1e12, 10,000-character and 5 MB strings, NUL and other control
//! characters, SQL-looking text, FTS5 query syntax, dates in the year 30000 and 0 and
//! malformed ones, unknown enum values, 100,000 participants, self-introductions...
//!
//! It proves, for each call:
//! * the app survives: the command returns (a panic inside a command is caught and reported
//!   with the call that caused it, and the test fails);
//! * every refusal has one of two shapes, and nothing else reaches the UI:
//!   - the core's tagged error, an object `{ "type": "<camelCase kind>", "data": { .. } }`
//!     (validation, not found, ...): the command ran and refused the input;
//!   - Tauri's argument error, a string ``invalid args `<arg>` for command `<cmd>`: ..``:
//!     the arguments did not deserialise into the command's parameter types (missing key,
//!     wrong JSON type, unknown enum value, out-of-range number, malformed date, bytes
//!     payload), so the command never ran;
//! * nothing is written when an input is refused: the whole database (every row of every
//!   table, read through a second connection) is the same before and after;
//! * each call answers within [`SLOW`], so no input stalls the app;
//! * valid but hostile-looking text (SQL, FTS syntax, script in a link) is stored
//!   literally and found verbatim.
//!
//! The command list comes from `generate_handler![..]` in `src/lib.rs`; every command gets
//! at least one hostile call except `app_quit`, which exits the app (Tauri's mock runtime
//! does not implement exit and panics; the real one ends the process) and takes no
//! arguments.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use tauri::ipc::InvokeBody;

use common::MockApp;

/// A call slower than this is a failure (debug build, on a busy machine).
const SLOW: Duration = Duration::from_secs(10);
/// Commands that are deliberately not called; see the module docs.
const NOT_CALLED: &[&str] = &["app_quit"];

const SQL: &str = "'; DROP TABLE contact; --";
const SQL2: &str = "Robert'); DELETE FROM contact WHERE 1=1; --";

/// What a call came back with.
#[derive(Debug, Clone)]
enum Outcome {
    Ok(Value),
    /// The core's `{ type, data }` error: its `type`.
    Tagged(String, Value),
    /// Tauri's `invalid args` string (shown in failure messages).
    ArgError(#[allow(dead_code)] String),
    /// Anything else (a panic, an untagged error): already recorded as a failure.
    Broken,
}

/// What a call should come back with.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Expect {
    /// Success, and nothing written (a read).
    Read,
    /// Success; it may write.
    Write,
    /// Tauri's argument error.
    Args,
    /// A tagged error of this type.
    Tagged(&'static str),
    /// Refused either way (whether serde or the core refuses it is not the point).
    Refused,
}

#[derive(Debug, Default)]
struct Log {
    called: BTreeSet<String>,
    calls: usize,
    arg_errors: usize,
    tagged: BTreeMap<String, usize>,
    slowest: Vec<(Duration, String)>,
    failures: Vec<String>,
}

struct Harness {
    app: MockApp,
    db: PathBuf,
    log: RefCell<Log>,
}

impl Harness {
    fn new(db: &Path) -> Self {
        Self {
            app: MockApp::open(db),
            db: db.to_owned(),
            log: RefCell::default(),
        }
    }

    fn raw(&self, cmd: &str, body: InvokeBody) -> Result<tauri::ipc::InvokeResponseBody, Value> {
        self.app.invoke_body(cmd, body)
    }

    /// Every row of every table, as text: equal fingerprints mean nothing was written.
    fn fingerprint(&self) -> Vec<String> {
        let store = kith::Store::open(&self.db).expect("open a second connection");
        let conn = store.conn();
        let tables: Vec<String> = conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            .expect("tables")
            .query_map([], |r| r.get(0))
            .expect("tables")
            .collect::<Result<_, _>>()
            .expect("tables");
        let mut out = Vec::new();
        for table in tables {
            let mut stmt = conn
                .prepare(&format!("SELECT * FROM \"{table}\""))
                .expect("select");
            let columns = stmt.column_count();
            let rows = stmt
                .query_map([], |r| {
                    let mut row = format!("{table}:");
                    for i in 0..columns {
                        row.push_str(&format!(" {:?}", r.get_ref(i)?));
                    }
                    Ok(row)
                })
                .expect("rows");
            for row in rows {
                out.push(row.expect("row"));
            }
        }
        out
    }

    fn fail(&self, message: String) {
        self.log.borrow_mut().failures.push(message);
    }

    /// Calls `cmd` with `body`, checks the outcome has an allowed shape, that a refusal wrote
    /// nothing, and that it matches `expect`.
    fn call_body(&self, cmd: &str, body: InvokeBody, label: &str, expect: Expect) -> Outcome {
        let label = format!("{cmd}({})", short(label));
        self.log.borrow_mut().called.insert(cmd.to_owned());
        self.log.borrow_mut().calls += 1;
        let before = self.fingerprint();
        let started = Instant::now();
        let result = catch_unwind(AssertUnwindSafe(|| self.raw(cmd, body)));
        let elapsed = started.elapsed();
        {
            let mut log = self.log.borrow_mut();
            log.slowest.push((elapsed, label.clone()));
            log.slowest.sort_by_key(|s| std::cmp::Reverse(s.0));
            log.slowest.truncate(5);
        }
        if elapsed > SLOW {
            self.fail(format!("{label}: took {elapsed:?}"));
        }
        let outcome = match result {
            Err(_) => {
                self.fail(format!(
                    "{label}: PANICKED (the command never answered; see stderr)"
                ));
                return Outcome::Broken;
            }
            Ok(Ok(body)) => Outcome::Ok(body.deserialize::<Value>().expect("JSON response")),
            Ok(Err(Value::String(s)))
                if s.starts_with("invalid args `")
                    && s.contains(&format!("for command `{cmd}`")) =>
            {
                self.log.borrow_mut().arg_errors += 1;
                Outcome::ArgError(s)
            }
            Ok(Err(e)) => match (e["type"].as_str(), e.get("data")) {
                (Some(kind), Some(data))
                    if e.as_object().is_some_and(|o| o.len() == 2)
                        && data.is_object()
                        && kind.chars().next().is_some_and(|c| c.is_ascii_lowercase())
                        && kind.chars().all(|c| c.is_ascii_alphanumeric()) =>
                {
                    *self
                        .log
                        .borrow_mut()
                        .tagged
                        .entry(kind.to_owned())
                        .or_default() += 1;
                    Outcome::Tagged(kind.to_owned(), data.clone())
                }
                _ => {
                    self.fail(format!(
                        "{label}: an error that is neither tagged nor an argument error: {}",
                        short(&e.to_string())
                    ));
                    Outcome::Broken
                }
            },
        };
        let wrote = self.fingerprint() != before;
        let refused = matches!(outcome, Outcome::Tagged(..) | Outcome::ArgError(_));
        if wrote && (refused || expect == Expect::Read) {
            self.fail(format!(
                "{label}: WROTE to the database although it {}",
                if refused { "was refused" } else { "is a read" }
            ));
        }
        if let Outcome::Tagged(kind, data) = &outcome {
            if kind == "database" {
                // A raw SQLite error reaching the UI means the core let bad input through to SQL.
                self.fail(format!("{label}: a raw database error: {data}"));
            }
        }
        let matches = match (&outcome, expect) {
            (Outcome::Ok(_), Expect::Read | Expect::Write) => true,
            (Outcome::ArgError(_), Expect::Args | Expect::Refused) => true,
            (Outcome::Tagged(..), Expect::Refused) => true,
            (Outcome::Tagged(kind, _), Expect::Tagged(want)) => kind == want,
            (Outcome::Broken, _) => true, // already a failure
            _ => false,
        };
        if !matches {
            self.fail(format!(
                "{label}: expected {expect:?}, got {}",
                short(&format!("{outcome:?}"))
            ));
        }
        outcome
    }

    fn call(&self, cmd: &str, args: Value, expect: Expect) -> Outcome {
        let label = args.to_string();
        self.call_body(cmd, InvokeBody::Json(args), &label, expect)
    }

    /// A call that must succeed; its result.
    fn ok(&self, cmd: &str, args: Value) -> Value {
        match self.call(cmd, args.clone(), Expect::Write) {
            Outcome::Ok(v) => v,
            other => panic!("{cmd}({}) failed: {other:?}", short(&args.to_string())),
        }
    }

    fn total_contacts(&self) -> u64 {
        self.raw_ok(
            "contact_list",
            json!({ "query": { "limit": 1, "includeArchived": true } }),
        )["total"]
            .as_u64()
            .expect("total")
    }

    fn trash_len(&self) -> usize {
        self.raw_ok("trash_list", json!({}))
            .as_array()
            .expect("trash")
            .len()
    }

    /// A call outside the hostile bookkeeping (for checks).
    fn raw_ok(&self, cmd: &str, args: Value) -> Value {
        self.raw(cmd, InvokeBody::Json(args))
            .unwrap_or_else(|e| panic!("{cmd}: {e}"))
            .deserialize()
            .expect("JSON")
    }

    fn finish(self, registered: &[String]) {
        let log = self.log.into_inner();
        let missing: Vec<&String> = registered
            .iter()
            .filter(|c| !log.called.contains(*c) && !NOT_CALLED.contains(&c.as_str()))
            .filter(|c| !tested_apart(c))
            .collect();
        #[allow(clippy::print_stderr)]
        {
            eprintln!(
                "hostile: {} calls to {} commands: {} argument errors, tagged errors {:?}",
                log.calls,
                log.called.len(),
                log.arg_errors,
                log.tagged
            );
            for (t, label) in &log.slowest {
                eprintln!("hostile: slowest {t:?} {label}");
            }
        }
        assert!(
            log.failures.is_empty(),
            "{} problems:\n  {}",
            log.failures.len(),
            log.failures.join("\n  ")
        );
        assert!(
            missing.is_empty(),
            "commands with no hostile call: {missing:?}"
        );
        assert!(
            !log.called.iter().any(|c| NOT_CALLED.contains(&c.as_str())),
            "app_quit must not be called: it exits"
        );
    }
}

fn short(s: &str) -> String {
    if s.chars().count() > 160 {
        format!(
            "{}… ({} bytes)",
            s.chars().take(120).collect::<String>(),
            s.len()
        )
    } else {
        s.to_owned()
    }
}

/// The commands `generate_handler![..]` registers in `src/lib.rs`.
fn registered_commands() -> Vec<String> {
    let lib = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs"))
        .expect("read lib.rs");
    let handlers = &lib[lib.find("generate_handler![").expect("handler list")..];
    let handlers = &handlers["generate_handler![".len()..handlers.find("])").expect("end of list")];
    let commands: Vec<String> = handlers
        .split(',')
        .filter_map(|p| p.trim().rsplit("::").next().map(str::to_owned))
        .filter(|n| !n.is_empty())
        .collect();
    assert!(commands.len() > 10, "parsed {commands:?}");
    commands
}

fn contact(name: &str) -> Value {
    json!({ "name": name, "notes": "", "tags": [], "channels": [], "dates": [], "interests": [] })
}

fn with(mut base: Value, key: &str, value: Value) -> Value {
    base[key] = value;
    base
}

/// Ids that name nothing, and ids that are not ids at all.
fn bad_ids() -> Vec<(Value, bool)> {
    vec![
        (json!(i64::MAX), true),
        (json!(i64::MIN), true),
        (json!(-1), true),
        (json!(0), true),
        (json!(u64::MAX), false),
        (json!(1e20), false),
        (json!(1.5), false),
        (json!("1"), false),
        (json!("1; DROP TABLE contact"), false),
        (Value::Null, false),
        (json!(true), false),
        (json!([1]), false),
        (json!({ "id": 1 }), false),
    ]
}

/// Bodies that carry no usable arguments at all.
fn no_args() -> Vec<(InvokeBody, &'static str)> {
    vec![
        (InvokeBody::Json(json!({})), "{}"),
        (InvokeBody::Json(json!([1, 2, 3])), "[1,2,3]"),
        (InvokeBody::Json(json!("args")), "\"args\""),
        (InvokeBody::Json(Value::Null), "null"),
        (InvokeBody::Raw(b"{\"id\":1}".to_vec()), "raw bytes"),
    ]
}

const INTERACTION_AT: &str = "2024-03-01T10:00:00Z";

/// `reminder_add`'s arguments.
fn reminder(contact: Value, due: Value, text: Value) -> Value {
    json!({ "input": { "contactId": contact, "dueOn": due, "text": text } })
}

/// `settings_set`'s arguments.
fn settings(budget: Value, at: Value, inner: Value) -> Value {
    json!({ "input": { "dailyBudget": budget, "notifyAt": at, "notifications": true,
        "circleGaps": { "inner": inner, "close": 30, "network": 90, "wider": 365 } } })
}

/// A small world to aim at, and what every area of commands shares.
struct World {
    me: i64,
    ana: i64,
    bo: i64,
    ask: i64,
    logged: i64,
    interaction: Value,
    /// Whatever comes along to commands that take no arguments.
    junk: Value,
    contacts_before: u64,
    dir: PathBuf,
}

impl World {
    fn new(h: &Harness, dir: &Path) -> Self {
        let me = h.ok("me_get", json!({}))["id"].as_i64().unwrap();
        let ana = h.ok(
            "contact_add",
            json!({ "input": with(contact("Ana Ruiz"), "interests", json!(["Rust"])) }),
        )["id"]
            .as_i64()
            .unwrap();
        let bo = h.ok("contact_add", json!({ "input": contact("Bo Chen") }))["id"]
            .as_i64()
            .unwrap();
        let ask = h.ok(
            "ask_add",
            json!({ "input": { "contactId": ana, "kind": "need", "text": "a venue" } }),
        )["id"]
            .as_i64()
            .unwrap();
        let interaction = json!({ "participants": [ana, bo], "kind": "call", "occurredAt": INTERACTION_AT, "summary": "Lunch" });
        let logged = h.ok("interaction_log", json!({ "input": interaction }))["id"]
            .as_i64()
            .unwrap();
        h.ok("interest_add", json!({ "name": "Jazz" }));
        let contacts_before = h.total_contacts();
        Self {
            me,
            ana,
            bo,
            ask,
            logged,
            interaction,
            junk: json!({ "id": -1, "query": SQL, "input": { "name": "\u{0}" }, "path": "/etc/passwd" }),
            contacts_before,
            dir: dir.to_owned(),
        }
    }
}

/// One harness and one world for every area of commands, called in sequence, so that
/// [`Harness::finish`] checks the union: every registered command got a hostile call.

#[test]
fn every_command_survives_hostile_arguments_and_writes_nothing_it_refuses() {
    let dir = tempfile::tempdir().expect("tempdir");
    let h = Harness::new(&dir.path().join("kith.db"));
    let registered = registered_commands();
    for cmd in NOT_CALLED {
        assert!(
            registered.iter().any(|c| c == cmd),
            "{cmd} is no longer registered: update NOT_CALLED"
        );
    }

    let w = World::new(&h, dir.path());
    no_usable_arguments(&h, &w);
    ids_that_name_nothing(&h, &w);
    ids_and_statuses_that_break_the_rules(&h, &w);
    limits_and_offsets(&h, &w);
    texts(&h, &w);
    texts_of_the_wrong_kind(&h, &w);
    unknown_enum_values(&h, &w);
    numbers_out_of_range(&h, &w);
    dates_as_strings(&h, &w);
    participants(&h, &w);
    interest_names(&h);
    backups(&h, &w);
    engine_refusals(&h, &w);
    review(&h, &w);
    reminders_and_settings(&h, &w);
    engine_writes(&h, &w);
    import_and_export(&h, &w);
    trash_and_newest_backup(&h, &w);
    sources(&h, &w);
    desktop(&h, &w);
    h.finish(&registered);
}

/// The desktop's preferences. The mock app has no tray and no login item: choosing to close
/// to the tray changes nothing there, and starting at login is refused. `window_close` is
/// only called with arguments it refuses (with `quit: true` it would end the test).
fn desktop(h: &Harness, w: &World) {
    h.call("desktop_get", w.junk.clone(), Expect::Read);
    for bad in [json!("yes"), json!(1), json!({ "on": true })] {
        h.call("desktop_set", json!({ "closeToTray": bad }), Expect::Args);
        h.call("desktop_set", json!({ "startAtLogin": bad }), Expect::Args);
        h.call("window_close", json!({ "quit": bad }), Expect::Args);
    }
    h.call("window_close", json!({}), Expect::Args);
    h.call("desktop_set", json!({ "closeToTray": true }), Expect::Read);
    h.call(
        "desktop_set",
        json!({ "startAtLogin": true }),
        Expect::Refused,
    );
}

/// Commands called with no usable arguments, and argument-less commands with junk.
fn no_usable_arguments(h: &Harness, w: &World) {
    let World { ref junk, .. } = *w;
    // Commands with arguments: no usable arguments at all.
    for cmd in [
        "contact_add",
        "contact_update",
        "contact_get",
        "contact_list",
        "contact_set_archived",
        "contact_delete",
        "contact_restore",
        "contact_suggest",
        "interest_add",
        "interest_rename",
        "interest_merge",
        "ask_add",
        "ask_list",
        "ask_set_status",
        "people_around",
        "relationship_add",
        "relationship_remove",
        "interaction_log",
        "interaction_delete",
        "interaction_restore",
        "timeline",
        "search",
        "backup_restore",
        "import_preview",
        "import_commit",
        "export_write",
    ] {
        for (body, label) in no_args() {
            h.call_body(cmd, body, label, Expect::Args);
        }
    }
    // Commands without arguments ignore whatever comes along.
    for cmd in [
        "database_info",
        "database_check",
        "tag_list",
        "me_get",
        "interest_list",
        "trash_list",
        "backup_list",
        "calendar_path",
    ] {
        h.call(cmd, junk.clone(), Expect::Read);
        h.call_body(
            cmd,
            InvokeBody::Raw(vec![0, 159, 146, 150]),
            "raw bytes",
            Expect::Read,
        );
    }

    // Ids.
}

/// Ids that name nothing, and ids that are not ids, everywhere an id goes.
fn ids_that_name_nothing(h: &Harness, w: &World) {
    let World {
        ana,
        bo,
        ask,
        ref interaction,
        ..
    } = *w;
    for (id, is_int) in bad_ids() {
        let not_found = if is_int {
            Expect::Tagged("notFound")
        } else {
            Expect::Args
        };
        h.call("contact_get", json!({ "id": id }), not_found);
        h.call("contact_delete", json!({ "id": id }), not_found);
        h.call("contact_restore", json!({ "id": id }), not_found);
        h.call(
            "contact_set_archived",
            json!({ "id": id, "archived": true }),
            not_found,
        );
        h.call(
            "contact_update",
            json!({ "id": id, "input": contact("Eve") }),
            not_found,
        );
        h.call("interaction_delete", json!({ "id": id }), not_found);
        h.call("interaction_restore", json!({ "id": id }), not_found);
        h.call("people_around", json!({ "id": id }), not_found);
        h.call(
            "ask_set_status",
            json!({ "id": id, "status": "closed" }),
            not_found,
        );
        h.call(
            "timeline",
            json!({ "contactId": id, "limit": 20, "offset": 0 }),
            not_found,
        );
        // An id that names nothing is an input error where it is a field of an input.
        let invalid = if is_int {
            Expect::Tagged("invalid")
        } else {
            Expect::Args
        };
        h.call(
            "ask_add",
            json!({ "input": { "contactId": id, "kind": "need", "text": "x" } }),
            invalid,
        );
        h.call(
            "relationship_add",
            json!({ "input": { "contact": ana, "role": "friend", "other": id } }),
            invalid,
        );
        h.call(
            "interaction_log",
            json!({ "input": with(interaction.clone(), "participants", json!([ana, id])) }),
            invalid,
        );
        if id.is_null() {
            // null is "none" for the optional ids below (introducedBy, askId, helpedBy,
            // contactId of a query): a valid input, not a hostile one.
            continue;
        }
        h.call(
            "contact_add",
            json!({ "input": with(contact("Eve"), "introducedBy", id.clone()) }),
            invalid,
        );
        h.call(
            "interaction_log",
            json!({ "input": with(interaction.clone(), "help", json!([{ "giver": ana, "receiver": bo, "text": "intro", "askId": id }])) }),
            invalid,
        );
        h.call(
            "ask_set_status",
            json!({ "id": ask, "status": "helped", "helpedBy": id }),
            if is_int {
                Expect::Tagged("notFound")
            } else {
                Expect::Args
            },
        );
        h.call(
            "ask_list",
            json!({ "query": { "contactId": id } }),
            if is_int { Expect::Read } else { Expect::Args },
        );
    }
}

/// Ids and statuses of the right type that break a rule.
fn ids_and_statuses_that_break_the_rules(h: &Harness, w: &World) {
    let World { me, ana, ask, .. } = *w;
    h.call(
        "contact_set_archived",
        json!({ "id": ana, "archived": "yes" }),
        Expect::Args,
    );
    h.call("contact_set_archived", json!({ "id": ana }), Expect::Args);
    h.call(
        "contact_delete",
        json!({ "id": me }),
        Expect::Tagged("invalid"),
    );
    h.call(
        "contact_update",
        json!({ "id": ana, "input": with(contact("Ana Ruiz"), "introducedBy", json!(ana)) }),
        Expect::Tagged("invalid"),
    );
    h.call(
        "ask_set_status",
        json!({ "id": ask, "status": "best" }),
        Expect::Args,
    );
    h.call(
        "ask_set_status",
        json!({ "id": ask, "status": "OPEN" }),
        Expect::Args,
    );
}

/// Limits and offsets.
/// Unknown values in a list query.
fn limits_and_offsets(h: &Harness, w: &World) {
    let World { ana, .. } = *w;
    for (limit, expect_list, expect_timeline) in [
        (
            json!(0),
            Expect::Tagged("invalid"),
            Expect::Tagged("invalid"),
        ),
        (
            json!(u32::MAX),
            Expect::Tagged("invalid"),
            Expect::Tagged("invalid"),
        ),
        (json!(1e12), Expect::Args, Expect::Args),
        (json!(1_000_000_000_000_u64), Expect::Args, Expect::Args),
        (json!(-1), Expect::Args, Expect::Args),
        (json!("50"), Expect::Args, Expect::Args),
        (Value::Null, Expect::Read, Expect::Args),
    ] {
        let list_query = if limit.is_null() {
            json!({})
        } else {
            json!({ "limit": limit })
        };
        h.call("contact_list", json!({ "query": list_query }), expect_list);
        h.call(
            "timeline",
            json!({ "contactId": ana, "limit": limit, "offset": 0 }),
            expect_timeline,
        );
        let clamped = if matches!(expect_list, Expect::Args) {
            Expect::Args
        } else {
            Expect::Read
        };
        let clamped = if limit.is_null() {
            Expect::Args
        } else {
            clamped
        };
        h.call("search", json!({ "query": "ana", "limit": limit }), clamped);
        h.call(
            "contact_suggest",
            json!({ "prefix": "a", "limit": limit }),
            clamped,
        );
    }
    for offset in [json!(u32::MAX), json!(-1), json!(1e12)] {
        let expect = if offset == json!(u32::MAX) {
            Expect::Read
        } else {
            Expect::Args
        };
        h.call(
            "contact_list",
            json!({ "query": { "limit": 50, "offset": offset } }),
            expect,
        );
        h.call(
            "timeline",
            json!({ "contactId": ana, "limit": 20, "offset": offset }),
            expect,
        );
    }
    for (key, value) in [
        ("circle", json!("best")),
        ("circle", json!(1)),
        ("sort", json!("random()")),
        ("includeArchived", json!("true")),
        ("search", json!(42)),
    ] {
        h.call(
            "contact_list",
            json!({ "query": { "limit": 50, key: value } }),
            Expect::Args,
        );
    }
}

/// Text: too long, NUL and control characters (wrong types: [`texts_of_the_wrong_kind`]).
fn texts(h: &Harness, w: &World) {
    let World {
        ana,
        ref interaction,
        ..
    } = *w;
    let long = "x".repeat(10_000);
    let huge = "y".repeat(5 * 1024 * 1024);
    let texts = [
        long.as_str(),
        huge.as_str(),
        "Ana\u{0}Ruiz",
        "\u{0}",
        "Ana\u{7}\u{1b}[31mRuiz",
        "line\nbreak",
        "",
        "   ",
    ];
    for text in texts {
        h.call(
            "contact_add",
            json!({ "input": contact(text) }),
            Expect::Tagged("invalid"),
        );
        h.call(
            "contact_update",
            json!({ "id": ana, "input": contact(text) }),
            Expect::Tagged("invalid"),
        );
        h.call(
            "interest_add",
            json!({ "name": text }),
            Expect::Tagged("invalid"),
        );
        h.call(
            "interest_rename",
            json!({ "old": "Rust", "new": text }),
            Expect::Tagged("invalid"),
        );
        h.call(
            "ask_add",
            json!({ "input": { "contactId": ana, "kind": "offer", "text": text } }),
            Expect::Tagged("invalid"),
        );
        for field in ["company", "role", "location", "metHow"] {
            if !text.trim().is_empty() {
                h.call(
                    "contact_add",
                    json!({ "input": with(contact("Eve"), field, json!(text)) }),
                    Expect::Tagged("invalid"),
                );
            }
        }
        for field in ["tags", "interests"] {
            if !text.trim().is_empty() {
                h.call(
                    "contact_add",
                    json!({ "input": with(contact("Eve"), field, json!([text])) }),
                    Expect::Tagged("invalid"),
                );
            }
        }
        if !text.trim().is_empty() {
            h.call(
                "interaction_log",
                json!({ "input": with(interaction.clone(), "summary", json!(text)) }),
                Expect::Tagged("invalid"),
            );
        }
        // Reads take any text and find nothing, or what matches.
        h.call(
            "search",
            json!({ "query": text, "limit": 20 }),
            Expect::Read,
        );
        h.call(
            "contact_suggest",
            json!({ "prefix": text, "limit": 10 }),
            Expect::Read,
        );
        h.call(
            "contact_list",
            json!({ "query": { "limit": 50, "search": text, "tag": text, "interest": text } }),
            Expect::Read,
        );
        h.call(
            "interest_merge",
            json!({ "from": text, "into": "Rust" }),
            Expect::Refused,
        );
    }
}

/// Notes with 5 MB or NUL, and text arguments of the wrong JSON type.
fn texts_of_the_wrong_kind(h: &Harness, w: &World) {
    let World {
        ref interaction, ..
    } = *w;
    let huge = "y".repeat(5 * 1024 * 1024);
    // Notes allow line breaks but not 5 MB or NUL.
    for notes in [huge.as_str(), "a\u{0}b", "bell\u{7}"] {
        h.call(
            "contact_add",
            json!({ "input": with(contact("Eve"), "notes", json!(notes)) }),
            Expect::Tagged("invalid"),
        );
        h.call(
            "interaction_log",
            json!({ "input": with(interaction.clone(), "notes", json!(notes)) }),
            Expect::Tagged("invalid"),
        );
    }
    for bad in [
        json!(42),
        Value::Null,
        json!(["Eve"]),
        json!({ "first": "Eve" }),
    ] {
        h.call(
            "contact_add",
            json!({ "input": with(contact("x"), "name", bad.clone()) }),
            Expect::Args,
        );
        h.call("interest_add", json!({ "name": bad.clone() }), Expect::Args);
        h.call(
            "search",
            json!({ "query": bad.clone(), "limit": 10 }),
            Expect::Args,
        );
        h.call("backup_restore", json!({ "path": bad }), Expect::Args);
    }
    for input in [json!("Ana"), json!(42), Value::Null, json!(true)] {
        h.call(
            "contact_add",
            json!({ "input": input.clone() }),
            Expect::Args,
        );
        h.call(
            "interaction_log",
            json!({ "input": input.clone() }),
            Expect::Args,
        );
        h.call("ask_add", json!({ "input": input.clone() }), Expect::Args);
        h.call(
            "contact_list",
            json!({ "query": input.clone() }),
            Expect::Args,
        );
        h.call("ask_list", json!({ "query": input }), Expect::Args);
    }
    h.call("contact_add", json!({ "input": [] }), Expect::Refused);
}

/// Unknown enum values.
fn unknown_enum_values(h: &Harness, w: &World) {
    let World {
        ana,
        ref interaction,
        ..
    } = *w;
    h.call(
        "contact_add",
        json!({ "input": with(contact("Eve"), "circle", json!("best")) }),
        Expect::Args,
    );
    h.call("contact_add", json!({ "input": with(contact("Eve"), "channels", json!([{ "kind": "fax", "value": "123" }])) }), Expect::Args);
    h.call(
        "interaction_log",
        json!({ "input": with(interaction.clone(), "kind", json!("party")) }),
        Expect::Args,
    );
    h.call(
        "interaction_log",
        json!({ "input": with(interaction.clone(), "initiatedBy", json!("nobody")) }),
        Expect::Args,
    );
    h.call(
        "ask_add",
        json!({ "input": { "contactId": ana, "kind": "party", "text": "x" } }),
        Expect::Args,
    );
}

/// Numbers out of range.
fn numbers_out_of_range(h: &Harness, w: &World) {
    let World {
        ref interaction, ..
    } = *w;
    for (cadence, expect) in [
        (json!(0), Expect::Tagged("invalid")),
        (json!(3651), Expect::Tagged("invalid")),
        (json!(u32::MAX), Expect::Tagged("invalid")),
        (json!(-1), Expect::Args),
        (json!(1e12), Expect::Args),
    ] {
        h.call(
            "contact_add",
            json!({ "input": with(contact("Eve"), "cadenceDays", cadence) }),
            expect,
        );
    }
    for (quality, expect) in [
        (json!(0), Expect::Tagged("invalid")),
        (json!(6), Expect::Tagged("invalid")),
        (json!(255), Expect::Tagged("invalid")),
        (json!(256), Expect::Args),
        (json!(-1), Expect::Args),
    ] {
        h.call(
            "interaction_log",
            json!({ "input": with(interaction.clone(), "quality", quality) }),
            expect,
        );
    }
    let date = |year: Value, month: Value, day: Value| json!([{ "label": "birthday", "year": year, "month": month, "day": day, "recurring": false }]);
    for (dates, expect) in [
        (
            date(json!(30000), json!(1), json!(1)),
            Expect::Tagged("invalid"),
        ),
        (
            date(json!(0), json!(1), json!(1)),
            Expect::Tagged("invalid"),
        ),
        (
            date(json!(-5), json!(1), json!(1)),
            Expect::Tagged("invalid"),
        ),
        (
            date(json!(2000), json!(13), json!(1)),
            Expect::Tagged("invalid"),
        ),
        (
            date(json!(2000), json!(2), json!(30)),
            Expect::Tagged("invalid"),
        ),
        (
            date(json!(2000), json!(0), json!(0)),
            Expect::Tagged("invalid"),
        ),
        (
            date(json!(2000), json!(u32::MAX), json!(u32::MAX)),
            Expect::Tagged("invalid"),
        ),
        (date(json!(1e12), json!(1), json!(1)), Expect::Args),
        (date(json!(2000), json!(-1), json!(1)), Expect::Args),
    ] {
        h.call(
            "contact_add",
            json!({ "input": with(contact("Eve"), "dates", dates) }),
            expect,
        );
    }
}

/// Dates as strings: the year 30000, the year 0, nonsense.
fn dates_as_strings(h: &Harness, w: &World) {
    let World {
        ref interaction, ..
    } = *w;
    for when in [
        "+30000-01-01T00:00:00Z",
        "30000-01-01T00:00:00Z",
        "0000-01-01T00:00:00Z",
        "-0001-01-01T00:00:00Z",
        "1899-12-31T23:59:59Z",
        "yesterday",
        "",
        "2024-02-30T10:00:00Z",
        "2024-03-01",
        "2024-03-01T25:00:00Z",
    ] {
        h.call(
            "interaction_log",
            json!({ "input": with(interaction.clone(), "occurredAt", json!(when)) }),
            Expect::Refused,
        );
    }
    h.call(
        "interaction_log",
        json!({ "input": with(interaction.clone(), "occurredAt", json!(1_700_000_000)) }),
        Expect::Args,
    );
    for day in [
        "+30000-01-01",
        "30000-01-01",
        "0000-01-01",
        "-0001-01-01",
        "1899-12-31",
        "2024-02-30",
        "tomorrow",
        "",
        "2024-13-01",
    ] {
        h.call(
            "interaction_log",
            json!({ "input": with(interaction.clone(), "followUp", json!({ "dueOn": day, "text": "send it" })) }),
            Expect::Refused,
        );
        h.call(
            "contact_add",
            json!({ "input": with(contact("Eve"), "metOn", json!(day)) }),
            Expect::Refused,
        );
    }
    h.call(
        "contact_add",
        json!({ "input": with(contact("Eve"), "metOn", json!("2999-01-01")) }),
        Expect::Tagged("invalid"),
    );
}

/// Participants: none, too many, everyone at once, bad help.
fn participants(h: &Harness, w: &World) {
    let World {
        ana,
        bo,
        ref interaction,
        ..
    } = *w;
    let many: Vec<i64> = (1..=100_000).collect();
    h.call(
        "interaction_log",
        json!({ "input": with(interaction.clone(), "participants", json!(many)) }),
        Expect::Tagged("invalid"),
    );
    let many_missing: Vec<i64> = (1_000_000..1_000_400).collect();
    h.call(
        "interaction_log",
        json!({ "input": with(interaction.clone(), "participants", json!(many_missing)) }),
        Expect::Tagged("invalid"),
    );
    h.call(
        "interaction_log",
        json!({ "input": with(interaction.clone(), "participants", json!([])) }),
        Expect::Tagged("invalid"),
    );
    h.call(
        "interaction_log",
        json!({ "input": with(interaction.clone(), "participants", json!([ana, "bo"])) }),
        Expect::Args,
    );
    h.call(
        "interaction_log",
        json!({ "input": with(interaction.clone(), "help", json!([{ "giver": ana, "receiver": ana, "text": "self-help" }])) }),
        Expect::Tagged("invalid"),
    );
    h.call(
        "interaction_log",
        json!({ "input": with(interaction.clone(), "help", json!([{ "giver": ana, "receiver": bo, "text": "" }])) }),
        Expect::Tagged("invalid"),
    );
    h.call(
        "interaction_log",
        json!({ "input": with(interaction.clone(), "summary", json!("")) }),
        Expect::Tagged("invalid"),
    );
}

/// Interests by id-looking names.
fn interest_names(h: &Harness) {
    for name in [
        "-1",
        "0",
        "9223372036854775807",
        "99999999999999999999",
        "1 OR 1=1",
        SQL,
    ] {
        h.call(
            "interest_rename",
            json!({ "old": name, "new": "Other" }),
            Expect::Refused,
        );
        h.call(
            "interest_merge",
            json!({ "from": name, "into": "Jazz" }),
            Expect::Refused,
        );
    }
    h.call(
        "interest_merge",
        json!({ "from": "Jazz", "into": "jazz" }),
        Expect::Tagged("invalid"),
    );
    h.call(
        "interest_rename",
        json!({ "old": "Jazz", "new": "Rust" }),
        Expect::Tagged("invalid"),
    );
}

/// Backups: paths that are not backups.
/// Backups made and listed, whatever comes along.
fn backups(h: &Harness, w: &World) {
    let World {
        ref junk,
        contacts_before,
        ref dir,
        ..
    } = *w;
    let not_db = dir.join("notes.txt");
    std::fs::write(&not_db, "not a database").unwrap();
    let db_path = h.db.display().to_string();
    for path in [
        String::new(),
        "/".to_owned(),
        "/etc/passwd".to_owned(),
        "/nonexistent/backup.db".to_owned(),
        "../../../../../../etc/passwd".to_owned(),
        format!("{}/a\u{0}b.db", dir.display()),
        format!("/{}", "a".repeat(10_000)),
        dir.display().to_string(),
        not_db.display().to_string(),
        db_path,
    ] {
        h.call("backup_restore", json!({ "path": path }), Expect::Refused);
    }
    h.call(
        "backup_restore",
        json!({ "path": ["etc", "passwd"] }),
        Expect::Args,
    );
    // Backups that are made and listed, whatever comes along.
    h.call("backup_create", junk.clone(), Expect::Write);
    h.call("backup_list", junk.clone(), Expect::Read);
    if h.total_contacts() != contacts_before {
        h.fail(format!(
            "refused calls added contacts: {} instead of {contacts_before}",
            h.total_contacts()
        ));
    }
}

/// The engine: reads take whatever comes along; answers (and, in [`reminders_and_settings`],
/// reminders and settings) refuse what is not a contact, a date or a sane value, and write
/// nothing then.
fn engine_refusals(h: &Harness, w: &World) {
    let World { ana, ref junk, .. } = *w;
    for cmd in [
        "health_list",
        "help_opportunities",
        "reminder_list",
        "settings_get",
    ] {
        h.call(cmd, junk.clone(), Expect::Read);
    }
    for limit in [json!(null), json!(0), json!(3), json!(u32::MAX)] {
        h.call("today", json!({ "limit": limit }), Expect::Read);
    }
    for limit in [
        json!(-1),
        json!(1e20),
        json!("5"),
        json!(u64::MAX),
        json!([5]),
    ] {
        h.call("today", json!({ "limit": limit }), Expect::Args);
    }
    h.call("health_get", json!({ "id": ana }), Expect::Read);
    for (id, typed) in bad_ids() {
        let expect = if typed { Expect::Refused } else { Expect::Args };
        h.call("health_get", json!({ "id": id }), expect);
        let expect = if typed { Expect::Refused } else { Expect::Args };
        h.call("reminder_done", json!({ "id": id }), expect);
        let expect = if typed { Expect::Refused } else { Expect::Args };
        h.call(
            "reminder_snooze",
            json!({ "id": id, "until": "2099-01-01" }),
            expect,
        );
        let expect = if typed { Expect::Refused } else { Expect::Args };
        h.call(
            "suggestion_feedback",
            json!({ "contactId": id, "lane": "reachOut", "action": "dismissed" }),
            expect,
        );
    }
    for (lane, action, until) in [
        (json!("reachOut"), json!("snoozed"), json!(null)),
        (json!("reachOut"), json!("snoozed"), json!("2001-01-01")),
    ] {
        h.call(
            "suggestion_feedback",
            json!({ "contactId": ana, "lane": lane, "action": action, "until": until }),
            Expect::Tagged("invalid"),
        );
    }
    for (lane, action, until) in [
        (json!("everywhere"), json!("dismissed"), json!(null)),
        (json!("reachOut"), json!("deleted"), json!(null)),
        (json!(SQL), json!("done"), json!(null)),
        (json!("reachOut"), json!("snoozed"), json!("30000-01-01")),
        (json!("reachOut"), json!("snoozed"), json!("2026-02-30")),
        (json!("reachOut"), json!("snoozed"), json!(SQL)),
    ] {
        h.call(
            "suggestion_feedback",
            json!({ "contactId": ana, "lane": lane, "action": action, "until": until }),
            Expect::Args,
        );
    }
}

/// The review: reads at any moment a date can name; what is not a moment never runs.
/// The health series, at any moment, of contacts that exist.
fn review(h: &Harness, w: &World) {
    let World { ana, ref junk, .. } = *w;
    for cmd in [
        "review_circles",
        "review_trend",
        "review_fading",
        "review_one_sided",
        "review_activity",
        "review_map",
    ] {
        h.call(cmd, junk.clone(), Expect::Read);
        for as_of in [
            json!(null),
            json!("2024-03-01T10:00:00Z"),
            json!("1900-01-01T00:00:00Z"),
            json!("9999-12-31T23:59:59Z"),
        ] {
            h.call(cmd, json!({ "asOf": as_of }), Expect::Read);
        }
        for as_of in [
            json!("+262000-01-01T00:00:00Z"),
            json!("0500-01-01T00:00:00Z"),
        ] {
            h.call(cmd, json!({ "asOf": as_of }), Expect::Tagged("invalid"));
        }
        for as_of in [
            json!("yesterday"),
            json!(SQL),
            json!(5),
            json!([1]),
            json!("2026-02-30T00:00:00Z"),
        ] {
            h.call(cmd, json!({ "asOf": as_of }), Expect::Args);
        }
    }
    for limit in [json!(0), json!(1), json!(u32::MAX)] {
        h.call("review_map", json!({ "limit": limit }), Expect::Read);
    }
    for limit in [json!(-1), json!(1e20), json!("5")] {
        h.call("review_map", json!({ "limit": limit }), Expect::Args);
    }
    h.call("health_series", json!({ "id": ana }), Expect::Read);
    h.call(
        "health_series",
        json!({ "id": ana, "asOf": "9999-12-31T23:59:59Z" }),
        Expect::Read,
    );
    for (id, typed) in bad_ids() {
        let expect = if typed { Expect::Refused } else { Expect::Args };
        h.call("health_series", json!({ "id": id }), expect);
    }
}

/// Reminders and settings refuse what is not a contact, a date or a sane value, and write
/// nothing then.
fn reminders_and_settings(h: &Harness, w: &World) {
    let World { ana, .. } = *w;
    for (args, expect) in [
        (
            reminder(json!(i64::MAX), json!("2027-01-01"), json!("call")),
            Expect::Tagged("invalid"),
        ),
        (
            reminder(json!(ana), json!("2027-01-01"), json!("   ")),
            Expect::Tagged("invalid"),
        ),
        (
            reminder(
                json!(ana),
                json!("2027-01-01"),
                json!("x".repeat(2_000_000)),
            ),
            Expect::Tagged("invalid"),
        ),
        (
            reminder(json!(ana), json!("9999-12-31"), json!("call")),
            Expect::Tagged("invalid"),
        ),
        (
            reminder(json!(ana), json!("30000-01-01"), json!("call")),
            Expect::Args,
        ),
        (
            reminder(json!(ana), json!("2027-13-01"), json!("call")),
            Expect::Args,
        ),
        (
            reminder(json!("ana"), json!("2027-01-01"), json!("call")),
            Expect::Args,
        ),
        (json!({ "input": null }), Expect::Args),
    ] {
        h.call("reminder_add", args, expect);
    }
    for (args, expect) in [
        (
            settings(json!(1_000_000), json!("09:00"), json!(7)),
            Expect::Tagged("invalid"),
        ),
        (
            settings(json!(5), json!("25:00"), json!(7)),
            Expect::Tagged("invalid"),
        ),
        (
            settings(json!(5), json!("<script>"), json!(7)),
            Expect::Tagged("invalid"),
        ),
        (
            settings(json!(5), json!("09:00"), json!(0)),
            Expect::Tagged("invalid"),
        ),
        (settings(json!(-5), json!("09:00"), json!(7)), Expect::Args),
        (settings(json!(5), json!(9), json!(7)), Expect::Args),
        (json!({ "input": { "dailyBudget": 5 } }), Expect::Args),
    ] {
        h.call("settings_set", args, expect);
    }
}

/// Valid feedback, reminders and settings write, and add no contact.
fn engine_writes(h: &Harness, w: &World) {
    let World {
        bo,
        contacts_before,
        ..
    } = *w;
    // And the valid ones write.
    h.call(
        "suggestion_feedback",
        json!({ "contactId": bo, "lane": "reachOut", "action": "dismissed" }),
        Expect::Write,
    );
    let added = h.ok(
        "reminder_add",
        reminder(json!(bo), json!("2027-01-01"), json!("send the deck")),
    );
    h.call(
        "reminder_snooze",
        json!({ "id": added["id"], "until": "2001-01-01" }),
        Expect::Tagged("invalid"),
    );
    h.call(
        "reminder_snooze",
        json!({ "id": added["id"], "until": "2099-01-01" }),
        Expect::Write,
    );
    h.call("reminder_done", json!({ "id": added["id"] }), Expect::Write);
    h.call(
        "settings_set",
        settings(json!(7), json!("08:30"), json!(10)),
        Expect::Write,
    );
    if h.total_contacts() != contacts_before {
        h.fail("engine calls added contacts".into());
    }
}

/// Import and export: paths that are no file to import, or nowhere to write; unknown
/// formats; a binary file; a JSON "restore" into this non-empty database.
fn import_and_export(h: &Harness, w: &World) {
    let World { ref dir, .. } = *w;
    let binary = dir.join("photo.vcf");
    std::fs::write(&binary, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    let restore = dir.join("restore.json");
    std::fs::write(
        &restore,
        r#"{"format":"kith-export","version":1,"schemaVersion":1,"tables":{"contact":{"columns":["id","name","created_at","updated_at"],"rows":[[99,"Eve",1,1]]}}}"#,
    )
    .unwrap();
    for path in [
        String::new(),
        "/".to_owned(),
        "/nonexistent/contacts.vcf".to_owned(),
        "/etc/passwd".to_owned(),
        format!("{}/a\u{0}b.vcf", dir.display()),
        format!("/{}", "a".repeat(10_000)),
        dir.display().to_string(),
        binary.display().to_string(),
    ] {
        h.call("import_preview", json!({ "path": path }), Expect::Refused);
        h.call("import_commit", json!({ "path": path }), Expect::Refused);
    }
    let restore = restore.display().to_string();
    h.call(
        "import_preview",
        json!({ "path": restore, "format": "json" }),
        Expect::Tagged("io"),
    );
    h.call(
        "import_commit",
        json!({ "path": restore }),
        Expect::Tagged("io"),
    );
    for format in [json!("exe"), json!(7), json!({ "vcard": true })] {
        h.call(
            "import_preview",
            json!({ "path": restore, "format": format }),
            Expect::Args,
        );
    }
    // Decisions that are not decisions are refused before the file is read.
    for decisions in [
        json!([{ "line": 1, "action": "delete" }]),
        json!([{ "line": -1, "action": "skip" }]),
        json!([{ "action": "skip" }]),
        json!({ "line": 1 }),
        json!("skip"),
    ] {
        for cmd in ["import_preview", "import_commit"] {
            h.call(
                cmd,
                json!({ "path": restore, "decisions": decisions }),
                Expect::Args,
            );
        }
    }
    for path in [
        String::new(),
        "/".to_owned(),
        "/nonexistent/dir/out.vcf".to_owned(),
        format!("{}/a\u{0}b.vcf", dir.display()),
        format!("/{}", "a".repeat(10_000)),
        dir.display().to_string(),
    ] {
        h.call(
            "export_write",
            json!({ "format": "vcard", "path": path }),
            Expect::Refused,
        );
    }
    let out = dir.join("out.vcf").display().to_string();
    h.call(
        "export_write",
        json!({ "format": "ics", "path": out }),
        Expect::Read,
    );
    h.call(
        "export_write",
        json!({ "format": "vcard", "path": out, "contacts": [i64::MAX, -1] }),
        Expect::Tagged("notFound"),
    );
    h.call(
        "export_write",
        json!({ "format": "pdf", "path": out }),
        Expect::Args,
    );
    h.call(
        "export_write",
        json!({ "format": "vcard", "path": out, "contacts": "all" }),
        Expect::Args,
    );
}

/// Valid writes last: a trashed interaction, purged by an emptied trash.
/// Restoring the newest backup does not replace the open database.
fn trash_and_newest_backup(h: &Harness, w: &World) {
    let World {
        logged,
        ref junk,
        contacts_before,
        ..
    } = *w;
    h.ok("interaction_delete", json!({ "id": logged }));
    assert_eq!(h.trash_len(), 1);
    h.call("trash_empty", junk.clone(), Expect::Write);
    assert_eq!(h.trash_len(), 0);
    h.call("backup_restore_newest", junk.clone(), Expect::Refused);
    if h.total_contacts() != contacts_before {
        h.fail("backup_restore_newest replaced the open database".into());
    }
}

/// SQL-looking and FTS-looking text is data: stored as typed, found as typed.
#[test]
fn sql_and_search_syntax_are_stored_literally_and_found_verbatim() {
    let dir = tempfile::tempdir().expect("tempdir");
    let h = Harness::new(&dir.path().join("kith.db"));
    let names = [
        SQL,
        SQL2,
        "\" OR 1=1 --",
        "Ana* NEAR(Bo) ^Chen",
        "x\"); DROP TABLE search_index; --",
    ];
    let ids = stored_literally(&h, &names);
    found_verbatim(&h, &names, &ids);
    search_syntax_is_plain_text(&h, &names);
    let log = h.log.into_inner();
    assert!(log.failures.is_empty(), "{}", log.failures.join("\n"));
}

/// Each name, in every text field of a contact, comes back as typed, and so does SQL in an
/// interest and an ask; the contacts' ids.
fn stored_literally(h: &Harness, names: &[&str]) -> Vec<i64> {
    let mut ids = Vec::new();
    for &name in names {
        let added = h.ok(
            "contact_add",
            json!({ "input": {
                "name": name, "company": name, "notes": name, "tags": [name.chars().take(60).collect::<String>()],
                "interests": [format!("{} i", name.chars().take(50).collect::<String>())],
                "channels": [{ "kind": "link", "value": "https://x.org/?q=<script>alert(1)</script>" }]
            } }),
        );
        assert_eq!(added["name"], name);
        assert_eq!(added["company"], name);
        assert_eq!(added["notes"], name);
        // Stored literally; the UI shows links as text (no href), so this is only data.
        assert_eq!(
            added["channels"][0]["value"],
            "https://x.org/?q=<script>alert(1)</script>"
        );
        let id = added["id"].as_i64().unwrap();
        assert_eq!(h.ok("contact_get", json!({ "id": id }))["name"], name);
        ids.push(id);
    }
    let page = h.ok("contact_list", json!({ "query": { "limit": 50 } }));
    assert_eq!(
        page["total"],
        names.len(),
        "every table is still there: {page}"
    );
    let listed: BTreeSet<&str> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(listed, names.iter().copied().collect());
    let interest = h.ok("interest_add", json!({ "name": SQL }));
    assert_eq!(interest["name"], SQL);
    assert!(h
        .ok("interest_list", json!({}))
        .as_array()
        .unwrap()
        .iter()
        .any(|i| i["name"] == SQL));
    let ask = h.ok(
        "ask_add",
        json!({ "input": { "contactId": ids[0], "kind": "offer", "text": SQL2 } }),
    );
    assert_eq!(ask["text"], SQL2);
    ids
}

/// Each name is found by typing it, and by typing a piece of it.
fn found_verbatim(h: &Harness, names: &[&str], ids: &[i64]) {
    for (name, id) in names.iter().zip(ids) {
        let hits = h.ok("search", json!({ "query": name, "limit": 50 }));
        assert!(
            hits.as_array()
                .unwrap()
                .iter()
                .any(|hit| hit["kind"] == "contact" && hit["id"] == *id && hit["title"] == *name),
            "{name} not found verbatim: {hits}"
        );
        let suggested = h.ok("contact_suggest", json!({ "prefix": name, "limit": 10 }));
        assert!(
            suggested.as_array().unwrap().iter().any(|r| r["id"] == *id),
            "{name} not suggested: {suggested}"
        );
        let page = h.ok("contact_list", json!({ "query": { "limit": 50, "search": name, "tag": name.chars().take(60).collect::<String>() } }));
        assert!(
            page["items"]
                .as_array()
                .unwrap()
                .iter()
                .any(|c| c["id"] == *id),
            "{name} not listed: {page}"
        );
    }
    let hits = h.ok("search", json!({ "query": "DROP TABLE", "limit": 50 }));
    let titles: BTreeSet<&str> = hits
        .as_array()
        .unwrap()
        .iter()
        .map(|hit| hit["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, BTreeSet::from([names[0], names[4]]), "{hits}");
}

/// FTS5 syntax is plain text: never a syntax error, never "match everything".
fn search_syntax_is_plain_text(h: &Harness, names: &[&str]) {
    for query in [
        "\"", "\"\"", "*", "OR", "AND", "NOT", "NEAR(", "NEAR(a b", "^", "^Ana", "a:b", "title:x",
        "(", ")", "-", "+", "{a b}", "'", "''", "\u{0}", "a\u{0}b", "\\", "%", "_",
    ] {
        let hits = h.call(
            "search",
            json!({ "query": query, "limit": 50 }),
            Expect::Read,
        );
        let Outcome::Ok(hits) = hits else { continue };
        assert!(
            hits.as_array().unwrap().len() < names.len() + 2,
            "{query:?} matched everything: {hits}"
        );
        h.call(
            "contact_list",
            json!({ "query": { "limit": 50, "search": query } }),
            Expect::Read,
        );
        h.call(
            "contact_suggest",
            json!({ "prefix": query, "limit": 50 }),
            Expect::Read,
        );
    }
    let or = h.ok("search", json!({ "query": "OR", "limit": 50 }));
    assert!(
        or.as_array().unwrap().iter().all(|hit| hit["snippet"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .contains("[or")),
        "OR is a word, not an operator: {or}"
    );
}

/// Many duplicates of one participant are one participant; a person cannot introduce
/// themselves; a huge but legal tag list does not stall the app.
#[test]
fn duplicates_and_self_references_are_handled() {
    let dir = tempfile::tempdir().expect("tempdir");
    let h = Harness::new(&dir.path().join("kith.db"));
    let ana = h.ok("contact_add", json!({ "input": contact("Ana") }))["id"]
        .as_i64()
        .unwrap();
    let logged = h.ok(
        "interaction_log",
        json!({ "input": { "participants": vec![ana; 100_000], "kind": "meeting", "occurredAt": INTERACTION_AT, "summary": "x" } }),
    );
    assert_eq!(
        logged["participants"].as_array().unwrap().len(),
        1,
        "{}",
        short(&logged.to_string())
    );
    h.call(
        "contact_update",
        json!({ "id": ana, "input": with(contact("Ana"), "introducedBy", json!(ana)) }),
        Expect::Tagged("invalid"),
    );
    let tags: Vec<String> = (0..20_000).map(|i| format!("tag{i}")).collect();
    // A link that is not a web link is refused, not kept for a later click.
    h.call(
        "contact_add",
        json!({ "input": with(contact("Mallory"), "channels", json!([{ "kind": "link", "value": "javascript:alert(document.cookie)" }])) }),
        Expect::Tagged("invalid"),
    );
    let mut dup_tags = vec!["Friend".to_owned(); 150];
    dup_tags.push("friend".into());
    let eve = h.ok(
        "contact_add",
        json!({ "input": with(contact("Eve"), "tags", json!(dup_tags)) }),
    );
    assert_eq!(
        eve["tags"],
        json!(["Friend"]),
        "duplicates differing in case are one tag"
    );
    let started = Instant::now();
    h.call(
        "contact_add",
        json!({ "input": with(contact("Many tags"), "tags", json!(tags)) }),
        Expect::Tagged("invalid"),
    );
    #[allow(clippy::print_stderr)]
    {
        eprintln!("hostile: 20,000 tags refused in {:?}", started.elapsed());
    }
    let log = h.log.into_inner();
    assert!(log.failures.is_empty(), "{}", log.failures.join("\n"));
}

/// The duplicates commands, called in [`duplicates_commands_survive_hostile_arguments`].
const DUPLICATES_COMMANDS: &[&str] = &[
    "duplicates_list",
    "duplicates_dismiss",
    "contact_merge",
    "contact_merge_preview",
    "contact_unmerge",
    "contact_last_merge",
];

#[test]
fn duplicates_commands_survive_hostile_arguments() {
    let dir = tempfile::tempdir().expect("tempdir");
    let h = Harness::new(&dir.path().join("kith.db"));
    let registered = registered_commands();
    for cmd in DUPLICATES_COMMANDS {
        assert!(
            registered.iter().any(|c| c == cmd),
            "{cmd} is not registered"
        );
    }
    let email = json!([{ "kind": "email", "value": "ana@acme.com" }]);
    let ana = h.ok(
        "contact_add",
        json!({ "input": with(contact("Ana Ruiz"), "channels", email.clone()) }),
    )["id"]
        .as_i64()
        .unwrap();
    let twin = h.ok(
        "contact_add",
        json!({ "input": with(contact("Ana R."), "channels", email) }),
    )["id"]
        .as_i64()
        .unwrap();
    let me = h.ok("me_get", json!({}))["id"].as_i64().unwrap();

    refuse_hostile_duplicates_arguments(&h, ana, me);

    // The preview writes nothing; the pair is offered until it is merged, and comes back
    // with the unmerge.
    let preview = match h.call(
        "contact_merge_preview",
        json!({ "keep": ana, "other": twin }),
        Expect::Read,
    ) {
        Outcome::Ok(v) => v,
        other => panic!("preview: {other:?}"),
    };
    assert_eq!(preview["id"], json!(ana));
    let pairs = h.raw_ok("duplicates_list", json!({ "limit": 10 }));
    assert_eq!(pairs[0]["a"]["id"], json!(ana), "{pairs}");
    assert_eq!(pairs[0]["verdict"], json!("same"));
    assert_eq!(
        h.raw_ok("contact_last_merge", json!({ "id": ana })),
        Value::Null
    );
    h.ok("contact_merge", json!({ "keep": ana, "other": twin }));
    assert_eq!(h.raw_ok("duplicates_list", json!({})), json!([]));
    let last = h.raw_ok("contact_last_merge", json!({ "id": ana }));
    assert_eq!(last["other"]["id"], json!(twin), "{last}");
    let back = h.ok("contact_unmerge", json!({ "id": ana }));
    assert_eq!(
        h.raw_ok("contact_last_merge", json!({ "id": ana })),
        Value::Null
    );
    assert_eq!(back["restored"]["id"], json!(twin));
    assert_eq!(
        h.raw_ok("duplicates_list", json!({}))
            .as_array()
            .map(Vec::len),
        Some(1)
    );
    h.ok("duplicates_dismiss", json!({ "a": twin, "b": ana }));
    assert_eq!(h.raw_ok("duplicates_list", json!({})), json!([]));

    let log = h.log.into_inner();
    assert!(log.failures.is_empty(), "{}", log.failures.join("\n"));
    let missing: Vec<&&str> = DUPLICATES_COMMANDS
        .iter()
        .filter(|c| !log.called.contains(**c))
        .collect();
    assert!(
        missing.is_empty(),
        "commands with no hostile call: {missing:?}"
    );
}

/// The duplicates commands with no usable arguments, ids that name nothing, and requests
/// the core refuses (itself, me merged away, an unmerge with no merge to undo).
fn refuse_hostile_duplicates_arguments(h: &Harness, ana: i64, me: i64) {
    // Every one but the list, whose only argument is optional.
    for &cmd in DUPLICATES_COMMANDS
        .iter()
        .filter(|&&c| c != "duplicates_list")
    {
        for (body, label) in no_args() {
            h.call_body(cmd, body, label, Expect::Args);
        }
    }
    for limit in [
        json!(-1),
        json!(1.5),
        json!("10"),
        json!(u64::MAX),
        json!([1]),
    ] {
        h.call("duplicates_list", json!({ "limit": limit }), Expect::Args);
    }
    for args in [
        json!({}),
        json!({ "limit": null }),
        json!({ "limit": 0 }),
        json!({ "limit": u32::MAX }),
    ] {
        h.call("duplicates_list", args, Expect::Read);
    }
    for (id, is_int) in bad_ids() {
        let (invalid, not_found) = if is_int {
            (Expect::Tagged("invalid"), Expect::Tagged("notFound"))
        } else {
            (Expect::Args, Expect::Args)
        };
        h.call("duplicates_dismiss", json!({ "a": ana, "b": id }), invalid);
        h.call("duplicates_dismiss", json!({ "a": id, "b": ana }), invalid);
        h.call(
            "contact_merge",
            json!({ "keep": ana, "other": id }),
            not_found,
        );
        h.call(
            "contact_merge",
            json!({ "keep": id, "other": ana }),
            not_found,
        );
        h.call(
            "contact_merge_preview",
            json!({ "keep": ana, "other": id }),
            not_found,
        );
        h.call("contact_unmerge", json!({ "id": id }), not_found);
        h.call("contact_last_merge", json!({ "id": id }), not_found);
    }
    // Itself, me merged away, and an unmerge with no merge to undo are refused.
    h.call(
        "duplicates_dismiss",
        json!({ "a": ana, "b": ana }),
        Expect::Tagged("invalid"),
    );
    h.call(
        "contact_merge",
        json!({ "keep": ana, "other": ana }),
        Expect::Tagged("invalid"),
    );
    h.call(
        "contact_merge_preview",
        json!({ "keep": ana, "other": me }),
        Expect::Tagged("invalid"),
    );
    h.call(
        "contact_unmerge",
        json!({ "id": ana }),
        Expect::Tagged("invalid"),
    );
    // Fields to take that are not fields, or not a list, are refused before anything runs.
    for take in [
        json!(["salary"]),
        json!("name"),
        json!([1]),
        json!({ "name": true }),
    ] {
        for cmd in ["contact_merge", "contact_merge_preview"] {
            h.call(
                cmd,
                json!({ "keep": ana, "other": me, "take": take }),
                Expect::Args,
            );
        }
    }
}

/// The import history commands, called in [`import_history_commands_survive_hostile_arguments`].
const IMPORT_HISTORY_COMMANDS: &[&str] = &["import_list", "import_undo"];

/// The sync commands, called in [`sync_commands_survive_hostile_arguments`].
const SYNC_COMMANDS: &[&str] = &[
    "sync_setup",
    "sync_now",
    "sync_status",
    "sync_conflicts",
    "sync_keep_other",
    "sync_pause",
    "sync_device_name",
];

/// Commands whose hostile calls have a test function of their own (each checks its list).
fn tested_apart(cmd: &str) -> bool {
    DUPLICATES_COMMANDS.contains(&cmd)
        || IMPORT_HISTORY_COMMANDS.contains(&cmd)
        || SYNC_COMMANDS.contains(&cmd)
}

/// Sync before it is set up: reads answer, the rest is refused, and so are setups with no
/// usable folder, name or key. Returns the folder a setup may use.
fn sync_refusals_before_setup(h: &Harness, dir: &Path, junk: &Value) -> String {
    h.call("sync_status", junk.clone(), Expect::Read);
    match h.call("sync_device_name", junk.clone(), Expect::Read) {
        Outcome::Ok(Value::String(name)) => assert!(!name.trim().is_empty()),
        other => panic!("sync_device_name: {other:?}"),
    }
    h.call("sync_conflicts", junk.clone(), Expect::Read);
    h.call("sync_now", junk.clone(), Expect::Tagged("invalid"));
    for paused in [true, false] {
        h.call(
            "sync_pause",
            json!({ "paused": paused }),
            Expect::Tagged("invalid"),
        );
    }
    for cmd in ["sync_setup", "sync_keep_other", "sync_pause"] {
        for (body, label) in no_args() {
            h.call_body(cmd, body, label, Expect::Args);
        }
    }
    for bad in [json!("yes"), json!(1), json!(null), json!([true])] {
        h.call("sync_pause", json!({ "paused": bad }), Expect::Args);
    }
    for id in [json!(1), json!(null), json!(["a"]), json!({ "id": "a" })] {
        h.call("sync_keep_other", json!({ "id": id }), Expect::Args);
    }
    let file = dir.join("notes.txt");
    std::fs::write(&file, "not a folder").unwrap();
    let folder = dir.join("shared");
    std::fs::create_dir(&folder).unwrap();
    let folder_text = folder.display().to_string();
    for path in [
        String::new(),
        "/nonexistent/sync".to_owned(),
        format!("{}/a\u{0}b", dir.display()),
        format!("/{}", "a".repeat(10_000)),
        file.display().to_string(),
    ] {
        h.call(
            "sync_setup",
            json!({ "folder": path, "name": "laptop" }),
            Expect::Refused,
        );
    }
    let huge = "x".repeat(5 * 1024 * 1024);
    for name in [json!(""), json!("   "), json!("n".repeat(101)), json!(huge)] {
        h.call(
            "sync_setup",
            json!({ "folder": folder_text, "name": name }),
            Expect::Tagged("invalid"),
        );
    }
    for (folder, name, key) in [
        (json!(folder_text), json!(1), json!(null)),
        (json!(folder_text), json!("laptop"), json!(7)),
        (json!(["/tmp"]), json!("laptop"), json!(null)),
    ] {
        h.call(
            "sync_setup",
            json!({ "folder": folder, "name": name, "key": key }),
            Expect::Args,
        );
    }
    folder_text
}

/// Sync before it is set up (reads answer, everything else is refused), setups that are
/// refused (no folder, a file, a name of nothing or of 5 MB, a key that opens nothing), then a
/// real setup, after which conflict ids that name nothing are refused.
#[test]
fn sync_commands_survive_hostile_arguments() {
    let dir = tempfile::tempdir().expect("tempdir");
    let h = Harness::new(&dir.path().join("kith.db"));
    let registered = registered_commands();
    for cmd in SYNC_COMMANDS {
        assert!(
            registered.iter().any(|c| c == cmd),
            "{cmd} is not registered"
        );
    }
    let junk = json!({ "id": 1, "folder": "/", "paused": "yes", "name": SQL });
    let folder_text = sync_refusals_before_setup(&h, dir.path(), &junk);
    assert_eq!(h.raw_ok("sync_status", json!({}))["setUp"], json!(false));
    // A real setup, with a new recovery key; then another is refused.
    let report = h.ok(
        "sync_setup",
        json!({ "folder": folder_text, "name": "laptop" }),
    );
    let key = report["recoveryKey"].as_str().expect("a recovery key");
    h.call(
        "sync_setup",
        json!({ "folder": folder_text, "name": "laptop", "key": key }),
        Expect::Tagged("invalid"),
    );
    let status = h.raw_ok("sync_status", json!({}));
    assert_eq!(status["setUp"], json!(true), "{status}");
    assert_eq!(status["name"], json!("laptop"), "{status}");
    h.call("sync_now", junk.clone(), Expect::Write);
    h.call("sync_conflicts", junk, Expect::Read);
    for id in [
        String::new(),
        "contact/1/company/1/x".to_owned(),
        SQL.to_owned(),
        "/".repeat(10_000),
        "a\u{0}b".to_owned(),
    ] {
        h.call(
            "sync_keep_other",
            json!({ "id": id }),
            Expect::Tagged("invalid"),
        );
    }
    h.call("sync_pause", json!({ "paused": true }), Expect::Write);
    assert_eq!(h.raw_ok("sync_status", json!({}))["paused"], json!(true));
    h.call("sync_pause", json!({ "paused": false }), Expect::Write);

    let log = h.log.into_inner();
    assert!(log.failures.is_empty(), "{}", log.failures.join("\n"));
    let missing: Vec<&&str> = SYNC_COMMANDS
        .iter()
        .filter(|c| !log.called.contains(**c))
        .collect();
    assert!(
        missing.is_empty(),
        "commands with no hostile call: {missing:?}"
    );
}

#[test]
fn import_history_commands_survive_hostile_arguments() {
    let dir = tempfile::tempdir().expect("tempdir");
    let h = Harness::new(&dir.path().join("kith.db"));
    let registered = registered_commands();
    for cmd in IMPORT_HISTORY_COMMANDS {
        assert!(
            registered.iter().any(|c| c == cmd),
            "{cmd} is not registered"
        );
    }
    match h.call("import_list", json!({}), Expect::Read) {
        Outcome::Ok(v) => assert_eq!(v, json!([])),
        other => panic!("import_list: {other:?}"),
    }
    for (body, label) in no_args() {
        h.call_body("import_undo", body, label, Expect::Args);
    }
    for (id, is_int) in bad_ids() {
        let expect = if is_int {
            Expect::Tagged("notFound")
        } else {
            Expect::Args
        };
        h.call("import_undo", json!({ "id": id }), expect);
    }

    let file = dir.path().join("people.vcf");
    std::fs::write(
        &file,
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana Ruiz\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bo Lin\r\nEND:VCARD\r\n",
    )
    .unwrap();
    h.ok(
        "import_commit",
        json!({ "path": file.display().to_string() }),
    );
    let list = h.raw_ok("import_list", json!({}));
    assert_eq!(list.as_array().map(Vec::len), Some(1), "{list}");
    assert_eq!(list[0]["created"], json!(2), "{list}");
    assert_eq!(list[0]["undoneAt"], Value::Null, "{list}");
    let id = list[0]["id"].as_i64().unwrap();
    h.call(
        "import_undo",
        json!({ "id": id + 1 }),
        Expect::Tagged("notFound"),
    );
    h.call("import_undo", json!({ "id": id.to_string() }), Expect::Args);
    let undo = h.ok("import_undo", json!({ "id": id }));
    assert_eq!(undo["trashed"].as_array().map(Vec::len), Some(2), "{undo}");
    let list = h.raw_ok("import_list", json!({}));
    assert!(list[0]["undoneAt"].is_string(), "{list}");
    h.call(
        "import_undo",
        json!({ "id": id }),
        Expect::Tagged("invalid"),
    );

    let log = h.log.into_inner();
    assert!(log.failures.is_empty(), "{}", log.failures.join("\n"));
    let missing: Vec<&&str> = IMPORT_HISTORY_COMMANDS
        .iter()
        .filter(|c| !log.called.contains(**c))
        .collect();
    assert!(
        missing.is_empty(),
        "commands with no hostile call: {missing:?}"
    );
}

/// Sources, the queue and the person's own addresses: paths that are no source, a first
/// source before Kith knows whose mail it is, addresses that are no address or on nothing
/// read, ids that name no source or contact.
fn sources(h: &Harness, w: &World) {
    let World { ref dir, .. } = *w;
    let binary = dir.join("photo.mbox");
    std::fs::write(&binary, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    let paths = [
        String::new(),
        "/".to_owned(),
        "/nonexistent/mail.mbox".to_owned(),
        format!("{}/a\u{0}b.mbox", dir.display()),
        format!("/{}", "a".repeat(10_000)),
        dir.display().to_string(),
        binary.display().to_string(),
    ];
    // Kith does not know the person's addresses yet: no source is read at all.
    for path in &paths {
        for dry_run in [true, false] {
            h.call(
                "source_add",
                json!({ "path": path, "dryRun": dry_run }),
                Expect::Refused,
            );
        }
    }
    // A binary file is an mbox with no message in it: no address to offer.
    for path in &paths[..6] {
        h.call(
            "source_own_addresses",
            json!({ "path": path }),
            Expect::Refused,
        );
    }
    // No export: an error saying why; a mailbox: nothing to ask.
    for path in &paths[..5] {
        h.call("source_questions", json!({ "path": path }), Expect::Refused);
    }
    h.call("source_questions", json!({ "path": binary }), Expect::Read);
    for path in &paths {
        for kind in ["whatsapp", "telegram", "signal"] {
            h.call(
                "source_questions",
                json!({ "path": path, "kind": kind }),
                Expect::Refused,
            );
        }
    }
    h.call("source_questions", json!({ "path": 7 }), Expect::Args);
    for args in [
        json!({ "path": binary, "dryRun": "yes" }),
        json!({ "path": binary, "dryRun": true, "kind": "pst" }),
        json!({ "path": binary, "dryRun": true, "keepText": "all" }),
        json!({ "path": 7, "dryRun": true }),
        json!({ "path": binary }),
    ] {
        h.call("source_add", args, Expect::Args);
    }
    for (id, typed) in bad_ids() {
        let expect = if typed { Expect::Refused } else { Expect::Args };
        // No id: every source (there are none).
        let scan = if id.is_null() { Expect::Read } else { expect };
        h.call("source_scan", json!({ "id": id }), scan);
        h.call("source_remove", json!({ "id": id, "forget": true }), expect);
    }
    h.call("source_scan", json!({}), Expect::Read);
    queue_and_addresses(h, w, &paths[..6]);
}

/// The meeting brief and what a captured interaction was made of; the queue and the person's
/// own addresses, then a first source once Kith knows whose mail it is.
fn queue_and_addresses(h: &Harness, w: &World, not_sources: &[String]) {
    let World { ana, ref dir, .. } = *w;
    let binary = dir.join("photo.mbox");
    for days in [json!(null), json!(1), json!(30)] {
        h.call("upcoming", json!({ "days": days }), Expect::Read);
    }
    for days in [json!(0), json!(31), json!(u32::MAX)] {
        h.call(
            "upcoming",
            json!({ "days": days }),
            Expect::Tagged("invalid"),
        );
    }
    for days in [json!(-1), json!(1e12), json!("7")] {
        h.call("upcoming", json!({ "days": days }), Expect::Args);
    }
    h.call("brief_get", json!({ "id": ana }), Expect::Read);
    // An interaction capture did not make was made of no message.
    let typed = h.ok("interaction_log", json!({ "input": w.interaction }))["id"].clone();
    h.call("interaction_messages", json!({ "id": typed }), Expect::Read);
    for (id, typed) in bad_ids() {
        let expect = if typed { Expect::Refused } else { Expect::Args };
        h.call("interaction_messages", json!({ "id": id }), expect);
        h.call(
            "source_set_keep_text",
            json!({ "id": id, "keep": true }),
            expect,
        );
    }
    h.call(
        "source_set_keep_text",
        json!({ "id": 1, "keep": "yes" }),
        Expect::Args,
    );
    for (id, typed) in bad_ids() {
        let expect = if typed { Expect::Refused } else { Expect::Args };
        h.call("brief_get", json!({ "id": id }), expect);
    }
    h.call("source_list", json!({}), Expect::Read);
    h.call("source_cancel", w.junk.clone(), Expect::Read);
    h.call("source_found", w.junk.clone(), Expect::Read);
    h.call("me_address_list", w.junk.clone(), Expect::Read);
    h.call("unknown_list", json!({ "all": true }), Expect::Read);
    h.call("unknown_list", json!({ "all": "yes" }), Expect::Args);
    for email in [
        json!(""),
        json!("not an address"),
        json!(SQL),
        json!("a\u{0}b@x.org"),
        json!("x".repeat(10_000)),
    ] {
        h.call("me_address_add", json!({ "email": email }), Expect::Refused);
        h.call("unknown_add", json!({ "email": email }), Expect::Refused);
        h.call("unknown_ignore", json!({ "email": email }), Expect::Refused);
        h.call(
            "unknown_link",
            json!({ "email": email, "contact": ana }),
            Expect::Refused,
        );
    }
    // A real address, but on nothing Kith has read.
    for cmd in ["unknown_add", "unknown_ignore"] {
        h.call(cmd, json!({ "email": "zoe@example.org" }), Expect::Refused);
    }
    for (id, typed) in bad_ids() {
        let expect = if typed { Expect::Refused } else { Expect::Args };
        h.call(
            "unknown_link",
            json!({ "email": "zoe@example.org", "contact": id }),
            expect,
        );
    }
    // Once Kith knows whose mail it is: a binary file is an mbox with no message in it, and
    // the preview of it keeps nothing.
    h.call(
        "me_address_add",
        json!({ "email": "me@example.net" }),
        Expect::Write,
    );
    h.call(
        "source_add",
        json!({ "path": binary, "dryRun": true }),
        Expect::Read,
    );
    for path in not_sources {
        h.call(
            "source_add",
            json!({ "path": path, "dryRun": false }),
            Expect::Refused,
        );
    }
}
