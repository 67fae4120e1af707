//! Crash test: the `kith` CLI writing (adding contacts, logging interactions, editing,
//! importing a CSV of interactions with new people, bulk-adding a synthetic batch) is killed with
//! SIGKILL at random moments; after every kill the database is reopened and checked:
//!
//! - `PRAGMA integrity_check` is `ok`;
//! - every write the CLI acknowledged (exited 0 and printed its result) is there, as written;
//! - an edit that was killed left the old or the new value, nothing else;
//! - a killed import or bulk write is all or nothing: both counts before, or both after;
//! - the next `kith` process opens the database and goes on writing.
//!
//! `KITH_CRASH_KILLS` sets how many kills (default 30, the CI run); `KITH_CRASH_SEED` the
//! random seed. `scripts/crash-test.sh` runs the long version (release build, 200+ kills) and
//! prints the figures.

#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

use std::collections::HashMap;
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use rusqlite::Connection;
use serde_json::Value;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// What the database must hold, from what the CLI acknowledged.
#[derive(Default)]
struct Expected {
    /// Acknowledged contacts: id → (name, acknowledged company, company of a killed edit).
    contacts: HashMap<i64, (String, Option<String>, Option<String>)>,
    /// Acknowledged interactions: id → summary.
    interactions: HashMap<i64, String>,
}

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
enum Op {
    Add,
    Log,
    Edit,
    Bulk,
    Import,
}

const BULK_CONTACTS: i64 = 25;
const BULK_INTERACTIONS: i64 = 150;
const IMPORT_PEOPLE: i64 = 20;
const IMPORT_ROWS: i64 = 300;

/// An interactions CSV of `IMPORT_ROWS` rows with `IMPORT_PEOPLE` new people, all named
/// after `step` so each import creates them anew.
fn import_file(dir: &Path, step: u64) -> std::path::PathBuf {
    let path = dir.join(format!("import-{step}.csv"));
    let mut csv = String::from("when,participants,kind,initiated_by,summary,notes\n");
    for row in 0..IMPORT_ROWS {
        let a = row % IMPORT_PEOPLE;
        let b = (row + 7) % IMPORT_PEOPLE;
        csv.push_str(&format!(
            "2025-{:02}-{:02} 10:00,Imported {step}-{a};Imported {step}-{b},call,them,call {row},\n",
            1 + row % 12,
            1 + row % 28
        ));
    }
    std::fs::write(&path, csv).unwrap();
    path
}

fn kith(db: &Path, args: &[String]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_kith"))
        .args(args)
        .arg("--db")
        .arg(db)
        .arg("--json")
        .env("TZ", "UTC")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn counts(conn: &Connection) -> (i64, i64) {
    let n = |sql: &str| conn.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap();
    (
        n("SELECT count(*) FROM contact"),
        n("SELECT count(*) FROM interaction"),
    )
}

/// Opens the database as a new process would after the crash and checks everything.
fn check(db: &Path, expected: &Expected, records: &mut u64) -> (i64, i64) {
    let conn = Connection::open(db).unwrap();
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    if version == 0 {
        // Killed while the very first run was creating the schema: rolled back to nothing.
        assert!(expected.contacts.is_empty() && expected.interactions.is_empty());
        return (0, 0);
    }
    for (id, (name, company, pending)) in &expected.contacts {
        let (got_name, got_company): (String, Option<String>) = conn
            .query_row(
                "SELECT name, company FROM contact WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap_or_else(|e| panic!("acknowledged contact {id} ({name}) is missing: {e}"));
        assert_eq!(&got_name, name);
        assert!(
            got_company == *company || (pending.is_some() && got_company == *pending),
            "contact {id}: company {got_company:?}, expected {company:?} or {pending:?}"
        );
        *records += 1;
    }
    for (id, summary) in &expected.interactions {
        let got: String = conn
            .query_row("SELECT summary FROM interaction WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .unwrap_or_else(|e| panic!("acknowledged interaction {id} is missing: {e}"));
        assert_eq!(&got, summary);
        *records += 1;
    }
    counts(&conn)
}

/// What a completed batch write adds: (contacts, interactions).
fn batch(op: Op) -> Option<(i64, i64)> {
    match op {
        Op::Bulk => Some((BULK_CONTACTS, BULK_INTERACTIONS)),
        Op::Import => Some((IMPORT_PEOPLE, IMPORT_ROWS)),
        _ => None,
    }
}

/// One step's write: what it does, to whom, and the values it writes.
struct Write {
    op: Op,
    step: u64,
    target: i64,
    company: String,
    summary: String,
}

impl Write {
    /// Picks step `step`'s write at random (an add while there is nobody to log with or edit).
    fn pick(rng: &mut Rng, expected: &Expected, step: u64) -> Write {
        let ids: Vec<i64> = expected.contacts.keys().copied().collect();
        let op = match rng.below(10) {
            _ if ids.is_empty() => Op::Add,
            0..=1 => Op::Add,
            2..=4 => Op::Log,
            5..=6 => Op::Edit,
            7 => Op::Import,
            _ => Op::Bulk,
        };
        let target = if ids.is_empty() {
            0
        } else {
            ids[rng.below(ids.len() as u64) as usize]
        };
        Write {
            op,
            step,
            target,
            company: format!("Company {step}"),
            summary: format!("crash note {step}"),
        }
    }

    /// The `kith` arguments of the write (an import writes its file into `dir`).
    fn args(&self, dir: &Path) -> Vec<String> {
        let (step, target) = (self.step, self.target.to_string());
        let args: &[&str] = match self.op {
            Op::Add => &["contact", "add", &format!("Crash Person {step}")],
            Op::Log => &[
                "log",
                "--with",
                &target,
                "--summary",
                &self.summary,
                &format!("notes of step {step}"),
            ],
            Op::Edit => &["contact", "edit", &target, "--company", &self.company],
            Op::Bulk => &[
                "seed",
                "--contacts",
                &BULK_CONTACTS.to_string(),
                "--interactions",
                &BULK_INTERACTIONS.to_string(),
                "--seed",
                &step.to_string(),
            ],
            Op::Import => &[
                "import",
                &import_file(dir, step).display().to_string(),
                "--format",
                "interactions",
            ],
        };
        args.iter().map(|&a| a.to_owned()).collect()
    }
}

/// Runs `kith args`, killing it two times in three: gives whether it was killed, its output
/// and when it started.
fn run_maybe_killed(
    db: &Path,
    args: &[String],
    op: Op,
    rng: &mut Rng,
    typical: &HashMap<Op, Duration>,
) -> (bool, Output, Instant) {
    let t = Instant::now();
    let mut child = kith(db, args);
    // Two writes in three are killed, at a moment in the second half of the write's usual
    // duration or a little after (the first half is mostly the process starting).
    let kill_at = if rng.below(3) != 0 {
        let span = typical
            .get(&op)
            .copied()
            .unwrap_or(Duration::from_millis(20));
        let micros = span.as_micros().max(2) as u64;
        Some(Duration::from_micros(
            micros / 2 + rng.below(micros * 3 / 4),
        ))
    } else {
        None
    };
    let killed = match kill_at {
        Some(at) => {
            std::thread::sleep(at.saturating_sub(t.elapsed()));
            match child.try_wait().unwrap() {
                Some(_) => false, // it finished first: an ordinary run
                None => {
                    child.kill().unwrap(); // SIGKILL
                    true
                }
            }
        }
        None => false,
    };
    (killed, child.wait_with_output().unwrap(), t)
}

/// After a kill: checks the database (a batch write all or nothing against the counts
/// `before`), and a killed edit's company becomes whichever value was found. Gives the counts
/// found.
fn check_killed(
    db: &Path,
    w: &Write,
    expected: &mut Expected,
    records: &mut u64,
    before: (i64, i64),
) -> (i64, i64) {
    let (op, target) = (w.op, w.target);
    let (contacts, interactions) = before;
    if op == Op::Edit {
        if let Some(c) = expected.contacts.get_mut(&target) {
            c.2 = Some(w.company.clone());
        }
    }
    let (c, i) = check(db, expected, records);
    if let Some((added_c, added_i)) = batch(op) {
        let before = (contacts, interactions);
        let after = (contacts + added_c, interactions + added_i);
        assert!(
            (c, i) == before || (c, i) == after,
            "a killed {op:?} is all or nothing: {before:?} before, {after:?} \
             if complete, found {:?}",
            (c, i)
        );
    }
    if op == Op::Edit {
        // Whichever value the check found is what the next check must find.
        let conn = Connection::open(db).unwrap();
        let now: Option<String> = conn
            .query_row("SELECT company FROM contact WHERE id = ?1", [target], |r| {
                r.get(0)
            })
            .unwrap();
        if let Some(entry) = expected.contacts.get_mut(&target) {
            entry.1 = now;
            entry.2 = None;
        }
    }
    (c, i)
}

/// After an acknowledged write: what the database must now hold, and its counts.
fn acknowledge(w: Write, printed: &Value, expected: &mut Expected, counts: &mut (i64, i64)) {
    let (contacts, interactions) = counts;
    let step = w.step;
    match w.op {
        Op::Add => {
            let id = printed["id"].as_i64().unwrap();
            expected
                .contacts
                .insert(id, (format!("Crash Person {step}"), None, None));
            *contacts += 1;
        }
        Op::Log => {
            let id = printed["id"].as_i64().unwrap();
            expected.interactions.insert(id, w.summary);
            *interactions += 1;
        }
        Op::Edit => {
            if let Some(c) = expected.contacts.get_mut(&w.target) {
                c.1 = Some(w.company);
            }
        }
        Op::Bulk | Op::Import => {
            let (added_c, added_i) = batch(w.op).unwrap_or_default();
            *contacts += added_c;
            *interactions += added_i;
        }
    }
}

#[test]
fn killed_writers_never_lose_acknowledged_writes_or_half_write() {
    let kills_wanted: u32 = std::env::var("KITH_CRASH_KILLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(30);
    let seed: u64 = std::env::var("KITH_CRASH_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x5eed_c0de);
    let mut rng = Rng(seed | 1);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kith.db");

    let started = Instant::now();
    let mut expected = Expected::default();
    let mut kills = 0u32;
    let mut kills_by_op: HashMap<Op, u32> = HashMap::new();
    let mut acked = 0u32;
    let mut records = 0u64;
    let mut checks = 0u32;
    // How long each kind of write takes, so kills land anywhere inside one.
    let mut typical: HashMap<Op, Duration> = HashMap::new();
    let (mut contacts, mut interactions) = (0i64, 0i64);
    let mut step = 0u64;

    while kills < kills_wanted {
        step += 1;
        let w = Write::pick(&mut rng, &expected, step);
        let op = w.op;
        let args = w.args(dir.path());
        let (killed, out, t) = run_maybe_killed(&db, &args, op, &mut rng, &typical);
        if killed {
            kills += 1;
            *kills_by_op.entry(op).or_default() += 1;
            (contacts, interactions) = check_killed(
                &db,
                &w,
                &mut expected,
                &mut records,
                (contacts, interactions),
            );
            checks += 1;
            continue;
        }

        assert!(
            out.status.success(),
            "kith {args:?} failed after a crash: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        typical.insert(op, t.elapsed());
        acked += 1;
        let printed: Value = serde_json::from_slice(&out.stdout).unwrap();
        let mut counts = (contacts, interactions);
        acknowledge(w, &printed, &mut expected, &mut counts);
        (contacts, interactions) = counts;
    }
    let (c, i) = check(&db, &expected, &mut records);
    checks += 1;
    assert_eq!(
        (c, i),
        (contacts, interactions),
        "nothing more, nothing less"
    );
    println!(
        "crash test: {kills} kills ({} add, {} log, {} edit, {} bulk, {} import), {acked} acknowledged \
         writes, {checks} checks of {records} acknowledged records, {c} contacts and {i} \
         interactions at the end, in {:.1} s",
        kills_by_op.get(&Op::Add).unwrap_or(&0),
        kills_by_op.get(&Op::Log).unwrap_or(&0),
        kills_by_op.get(&Op::Edit).unwrap_or(&0),
        kills_by_op.get(&Op::Bulk).unwrap_or(&0),
        kills_by_op.get(&Op::Import).unwrap_or(&0),
        started.elapsed().as_secs_f64()
    );
}

/// What a mailbox read left: items, live interactions, their participants, thread-days.
fn capture_counts(db: &Path) -> [i64; 4] {
    let conn = Connection::open(db).unwrap();
    let one = |sql: &str| conn.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap();
    [
        one("SELECT count(*) FROM capture_item"),
        one("SELECT count(*) FROM interaction WHERE deleted_at IS NULL"),
        one("SELECT count(*) FROM interaction_participant p JOIN interaction i ON i.id = p.interaction_id WHERE i.deleted_at IS NULL"),
        one("SELECT count(*) FROM capture_interaction"),
    ]
}

fn run(db: &Path, args: &[&str]) -> Output {
    let out = kith(
        db,
        &args.iter().map(|a| (*a).to_owned()).collect::<Vec<_>>(),
    )
    .wait_with_output()
    .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// A first read of a mailbox killed part-way keeps the batches it committed, and the next read
/// resumes after them: in the end exactly what one read with no kill makes, nothing doubled.
#[test]
fn a_killed_first_read_of_a_mailbox_resumes_there_and_doubles_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mbox = dir.path().join("mail.mbox");
    let mut text = String::new();
    for i in 0..12_000 {
        let who = i % 40;
        let (from, to) = if i % 3 == 0 {
            ("me@example.net".to_owned(), format!("p{who}@example.org"))
        } else {
            (format!("p{who}@example.org"), "me@example.net".to_owned())
        };
        let day = 1 + i % 28;
        text.push_str(&format!(
            "From x Mon Nov 02 09:00:00 2026\nFrom: {from}\nTo: {to}\n\
             Date: {day} Oct 2026 09:{:02}:00 +0000\nSubject: thread {}\nMessage-ID: <m{i}@x>\n\nHi\n\n",
            i % 60,
            i % 500
        ));
    }
    std::fs::write(&mbox, text).unwrap();
    let setup = |db: &Path| {
        run(db, &["me", "address", "add", "me@example.net"]);
        for who in 0..40 {
            let name = format!("Person {who}");
            let email = format!("p{who}@example.org");
            run(db, &["contact", "add", &name, "--email", &email]);
        }
    };
    let path = mbox.display().to_string();
    let clean = dir.path().join("clean.db");
    setup(&clean);
    run(&clean, &["source", "add", &path]);
    let want = capture_counts(&clean);
    assert!(want[0] == 12_000 && want[1] > 0, "{want:?}");

    let killed = dir.path().join("killed.db");
    setup(&killed);
    let child = kith(&killed, &["source".into(), "add".into(), path.clone()]);
    let part = kill_after_a_batch(child, &killed, &want);
    let conn = Connection::open(&killed).unwrap();
    let ok: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    drop(conn);
    run(&killed, &["source", "scan"]);
    assert_eq!(capture_counts(&killed), want, "killed after {part:?}");
}

/// Kills `child` (a `kith source add` on `db`) once a batch has committed and before the read
/// ends (one that reads `want` in all): what it committed.
fn kill_after_a_batch(mut child: Child, db: &Path, want: &[i64; 4]) -> [i64; 4] {
    let started = Instant::now();
    loop {
        let items = Connection::open(db)
            .and_then(|c| {
                c.query_row("SELECT count(*) FROM capture_item", [], |r| {
                    r.get::<_, i64>(0)
                })
            })
            .unwrap_or(0);
        if items > 0 || started.elapsed() > Duration::from_secs(60) {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let part = capture_counts(db);
    assert!(
        part[0] > 0 && part[0] < want[0],
        "killed after a batch committed and before the end: {part:?}"
    );
    part
}

/// A first read of a WhatsApp export killed part-way keeps the batches it committed and
/// leaves its cursor as it was: the next read goes through the file again and adds only what
/// is missing, ending exactly where one read with no kill ends.
#[test]
fn a_killed_first_read_of_a_chat_export_resumes_and_doubles_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let chat = dir.path().join("WhatsApp Chat with Book club.txt");
    let mut text = String::new();
    for i in 0..30_000 {
        let who = if i % 3 == 0 {
            "Sam Lee".to_owned()
        } else {
            format!("Person {}", i % 40)
        };
        let day = 1 + (i / 300) % 28;
        let month = 1 + i / 8_400;
        text.push_str(&format!(
            "{day:02}/{month:02}/2025, {:02}:{:02} - {who}: message {i}\n",
            9 + (i % 300) / 60,
            i % 60
        ));
    }
    std::fs::write(&chat, text).unwrap();
    let setup = |db: &Path| {
        for who in 0..40 {
            run(db, &["contact", "add", &format!("Person {who}")]);
        }
    };
    let add: Vec<String> = [
        "source",
        "add",
        &chat.display().to_string(),
        "--me",
        "Sam Lee",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    let clean = dir.path().join("clean.db");
    setup(&clean);
    let args: Vec<&str> = add.iter().map(String::as_str).collect();
    run(&clean, &args);
    let want = capture_counts(&clean);
    assert!(want[0] == 30_000 && want[1] > 0, "{want:?}");

    let killed = dir.path().join("killed.db");
    setup(&killed);
    let child = kith(&killed, &add);
    let part = kill_after_a_batch(child, &killed, &want);
    run(&killed, &["source", "scan"]);
    assert_eq!(capture_counts(&killed), want, "killed after {part:?}");
}
