//! Crash test: the `kith` CLI writing (adding contacts, logging interactions, editing,
//! bulk-adding a batch of contacts and interactions in one transaction) is killed with
//! SIGKILL at random moments; after every kill the database is reopened and checked:
//!
//! - `PRAGMA integrity_check` is `ok`;
//! - every write the CLI acknowledged (exited 0 and printed its result) is there, as written;
//! - an edit that was killed left the old or the new value, nothing else;
//! - a killed bulk write is all or nothing: both counts before, or both after;
//! - the next `kith` process opens the database and goes on writing.
//!
//! `KITH_CRASH_KILLS` sets how many kills (default 30, the CI run); `KITH_CRASH_SEED` the
//! random seed. `scripts/crash-test.sh` runs the long version (release build, 200+ kills) and
//! prints the figures.

#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

use std::collections::HashMap;
use std::path::Path;
use std::process::{Child, Command, Stdio};
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
}

const BULK_CONTACTS: i64 = 25;
const BULK_INTERACTIONS: i64 = 150;

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
        let ids: Vec<i64> = expected.contacts.keys().copied().collect();
        let op = match rng.below(10) {
            _ if ids.is_empty() => Op::Add,
            0..=1 => Op::Add,
            2..=4 => Op::Log,
            5..=6 => Op::Edit,
            _ => Op::Bulk,
        };
        let target = if ids.is_empty() {
            0
        } else {
            ids[rng.below(ids.len() as u64) as usize]
        };
        let company = format!("Company {step}");
        let summary = format!("crash note {step}");
        let args: Vec<String> = match op {
            Op::Add => vec![
                "contact".into(),
                "add".into(),
                format!("Crash Person {step}"),
            ],
            Op::Log => vec![
                "log".into(),
                "--with".into(),
                target.to_string(),
                "--summary".into(),
                summary.clone(),
                format!("notes of step {step}"),
            ],
            Op::Edit => vec![
                "contact".into(),
                "edit".into(),
                target.to_string(),
                "--company".into(),
                company.clone(),
            ],
            Op::Bulk => vec![
                "seed".into(),
                "--contacts".into(),
                BULK_CONTACTS.to_string(),
                "--interactions".into(),
                BULK_INTERACTIONS.to_string(),
                "--seed".into(),
                step.to_string(),
            ],
        };

        let t = Instant::now();
        let mut child = kith(&db, &args);
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
        let out = child.wait_with_output().unwrap();
        if killed {
            kills += 1;
            *kills_by_op.entry(op).or_default() += 1;
            if op == Op::Edit {
                if let Some(c) = expected.contacts.get_mut(&target) {
                    c.2 = Some(company.clone());
                }
            }
            let (c, i) = check(&db, &expected, &mut records);
            checks += 1;
            if op == Op::Bulk {
                let before = (contacts, interactions);
                let after = (contacts + BULK_CONTACTS, interactions + BULK_INTERACTIONS);
                assert!(
                    (c, i) == before || (c, i) == after,
                    "a killed bulk write is all or nothing: {before:?} before, {after:?} \
                     if complete, found {:?}",
                    (c, i)
                );
            }
            if op == Op::Edit {
                // Whichever value the check found is what the next check must find.
                let conn = Connection::open(&db).unwrap();
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
            (contacts, interactions) = (c, i);
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
        match op {
            Op::Add => {
                let id = printed["id"].as_i64().unwrap();
                expected
                    .contacts
                    .insert(id, (format!("Crash Person {step}"), None, None));
                contacts += 1;
            }
            Op::Log => {
                let id = printed["id"].as_i64().unwrap();
                expected.interactions.insert(id, summary);
                interactions += 1;
            }
            Op::Edit => {
                if let Some(c) = expected.contacts.get_mut(&target) {
                    c.1 = Some(company);
                }
            }
            Op::Bulk => {
                contacts += BULK_CONTACTS;
                interactions += BULK_INTERACTIONS;
            }
        }
    }
    let (c, i) = check(&db, &expected, &mut records);
    checks += 1;
    assert_eq!(
        (c, i),
        (contacts, interactions),
        "nothing more, nothing less"
    );
    println!(
        "crash test: {kills} kills ({} add, {} log, {} edit, {} bulk), {acked} acknowledged \
         writes, {checks} checks of {records} acknowledged records, {c} contacts and {i} \
         interactions at the end, in {:.1} s",
        kills_by_op.get(&Op::Add).unwrap_or(&0),
        kills_by_op.get(&Op::Log).unwrap_or(&0),
        kills_by_op.get(&Op::Edit).unwrap_or(&0),
        kills_by_op.get(&Op::Bulk).unwrap_or(&0),
        started.elapsed().as_secs_f64()
    );
}
