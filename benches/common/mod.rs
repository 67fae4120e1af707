//! The benchmark cases, shared by the criterion benches (`benches/kith.rs`) and the runner
//! that prints one table (`benches/table.rs`).
//!
//! Each case is a hot path of the app, measured through the same core call the app and the
//! CLI make, beside raw SQLite doing the minimum work for the same answer (a bare indexed scan,
//! a bare INSERT + COMMIT with the same pragmas...), on the same file in the same run. The
//! database is the one in `KITH_BENCH_DB` (made by `kith dev seed`; `scripts/bench.sh` makes
//! them), else a small network seeded in a temporary folder.

#![allow(dead_code, clippy::unwrap_used, clippy::print_stdout)]

use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, TimeZone, Utc};
use kith::engine::Now;
use kith::model::{Circle, ContactQuery, ContactSort, InteractionKind, NewInteraction};
use kith::ops::SeedOptions;
use kith::Store;
use rusqlite::Connection;

/// The moment the benchmark networks are seeded at and evaluated as of.
pub fn seeded_at() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 12, 0, 0).unwrap()
}

/// A benchmark database: the file, the store on it and a raw connection with the same pragmas.
pub struct Bench {
    pub path: PathBuf,
    pub store: Store,
    pub raw: Connection,
    /// A scratch database beside it for the bare durable commit.
    pub scratch: Connection,
    pub now: Now,
    /// A contact in the inner circle (the person page opened), with its interactions.
    pub person: i64,
    _dir: Option<tempfile::TempDir>,
}

/// Opens `KITH_BENCH_DB`, or seeds `contacts` / `interactions` in a temporary folder.
pub fn open(contacts: u32, interactions: u32) -> Bench {
    let (path, dir) = match std::env::var_os("KITH_BENCH_DB") {
        Some(p) => (PathBuf::from(p), None),
        None => {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("bench.db");
            let mut store = Store::open(&path).unwrap();
            let opts = SeedOptions {
                contacts,
                interactions,
                seed: 1,
            };
            store.seed(opts, seeded_at()).unwrap();
            (path, Some(dir))
        }
    };
    let store = Store::open(&path).unwrap();
    let raw = raw_connection(&path);
    let scratch_path = path.with_extension("scratch.db");
    let _ = std::fs::remove_file(&scratch_path);
    let scratch = raw_connection(&scratch_path);
    scratch
        .execute_batch(
            "CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, at INTEGER, text TEXT)",
        )
        .unwrap();
    let person: i64 = raw
        .query_row(
            "SELECT c.id FROM contact c WHERE c.circle = 'inner' AND c.deleted_at IS NULL
             ORDER BY c.last_interaction_at DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    // As of the end of the seeded history (the seed ends a minute before its `now`).
    let newest: Option<i64> = raw
        .query_row("SELECT max(occurred_at) FROM interaction", [], |r| r.get(0))
        .unwrap();
    let at = newest
        .and_then(DateTime::from_timestamp_millis)
        .map_or_else(seeded_at, |t| t + Duration::minutes(1));
    Bench {
        path,
        store,
        raw,
        scratch,
        now: Now::utc(at),
        person,
        _dir: dir,
    }
}

/// A connection with the pragmas `Store::open` sets (WAL, synchronous=FULL, foreign keys).
pub fn raw_connection(path: &Path) -> Connection {
    let conn = Connection::open(path).unwrap();
    conn.query_row("PRAGMA journal_mode = WAL", [], |_| Ok(()))
        .unwrap();
    conn.execute_batch("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;")
        .unwrap();
    conn
}

/// The search inputs: a rare word, a word in most notes, a 3-letter prefix, an interest (in
/// about one contact in fifteen of the seed), an emoji (in no seeded text: the cost of a
/// symbol's query alone).
pub const RARE: &str = "swiss";
pub const COMMON: &str = "the";
pub const PREFIX: &str = "con";
pub const INTEREST: &str = "climbing";
pub const EMOJI: &str = "☕";

impl Bench {
    pub fn today(&self) -> usize {
        self.store.today(&self.now, None).unwrap().suggestions.len()
    }
    /// Raw: every live contact's last interaction, read from an index (what any ranking of
    /// who is due has to look at).
    pub fn raw_today(&self) -> usize {
        let mut stmt = self
            .raw
            .prepare_cached(
                "SELECT id, last_interaction_at FROM contact INDEXED BY contact_engine_summary
                 WHERE deleted_at IS NULL",
            )
            .unwrap();
        let rows = stmt
            .query_map([], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, Option<i64>>(1)?))
            })
            .unwrap();
        rows.map(|r| r.unwrap()).filter(|r| r.1.is_some()).count()
    }

    /// Logs one interaction (durably committed), dated long before the seeded history so
    /// that it changes no other measure.
    pub fn log(&mut self) -> i64 {
        let input = NewInteraction {
            participants: vec![self.person],
            kind: InteractionKind::Call,
            occurred_at: seeded_at() - Duration::days(365 * 20),
            has_time: true,
            summary: "benchmark call".into(),
            notes: "a short note about the call".into(),
            initiated_by: None,
            quality: None,
            help: Vec::new(),
            follow_up: None,
        };
        self.store.log_interaction(input, seeded_at()).unwrap().id
    }

    /// A meeting with the benchmark's person and the two contacts after them (three pairs).
    pub fn log_meeting(&mut self) -> i64 {
        let input = self.meeting();
        self.store.log_interaction(input, seeded_at()).unwrap().id
    }

    /// The meeting [`Bench::log_meeting`] logs: the person and the next two contacts.
    pub fn meeting(&self) -> NewInteraction {
        let others: Vec<i64> = self
            .raw
            .prepare_cached(
                "SELECT id FROM contact WHERE id > ?1 AND deleted_at IS NULL AND is_self = 0
                 ORDER BY id LIMIT 2",
            )
            .unwrap()
            .query_map([self.person], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        NewInteraction {
            participants: [vec![self.person], others].concat(),
            kind: InteractionKind::Meeting,
            occurred_at: seeded_at() - Duration::days(365 * 20),
            has_time: true,
            summary: "benchmark meeting".into(),
            notes: "a short note about the meeting".into(),
            initiated_by: None,
            quality: None,
            help: Vec::new(),
            follow_up: None,
        }
    }

    /// The contact who took part in the most interactions with others.
    pub fn busiest(&self) -> i64 {
        self.raw
            .query_row(
                "SELECT c FROM (SELECT a AS c, shared FROM knows UNION ALL SELECT b, shared FROM knows)
                 GROUP BY c ORDER BY sum(shared) DESC LIMIT 1",
                [],
                |r| r.get(0),
            )
            .unwrap()
    }

    /// Raw: the pairs of `contact` from `knows` by its two indexes, with each other's name.
    pub fn raw_known(&self, contact: i64) -> usize {
        let mut stmt = self
            .raw
            .prepare_cached(
                "SELECT o.name, k.shared FROM (SELECT b AS other, shared FROM knows WHERE a = ?1
                 UNION ALL SELECT a, shared FROM knows WHERE b = ?1) k JOIN contact o ON o.id = k.other",
            )
            .unwrap();
        let mut rows = stmt.query([contact]).unwrap();
        let mut n = 0;
        while let Some(r) = rows.next().unwrap() {
            n += r.get::<_, String>(0).unwrap().len();
        }
        n
    }

    /// Raw: who `contact` was seen with, joined from their whole history (before schema 16).
    pub fn raw_seen_with_by_join(&self, contact: i64) -> usize {
        let mut stmt = self
            .raw
            .prepare_cached(
                "SELECT o.id, o.name, count(*), max(p.occurred_at) FROM interaction_participant p
                   JOIN interaction_participant q
                     ON q.interaction_id = p.interaction_id AND q.contact_id <> p.contact_id AND q.deleted = 0
                   JOIN contact o ON o.id = q.contact_id AND o.deleted_at IS NULL AND o.is_self = 0
                  WHERE p.contact_id = ?1 AND p.deleted = 0
                  GROUP BY o.id ORDER BY 3 DESC, 4 DESC, o.sort_key",
            )
            .unwrap();
        let mut rows = stmt.query([contact]).unwrap();
        let mut n = 0;
        while let Some(r) = rows.next().unwrap() {
            n += r.get::<_, String>(1).unwrap().len();
        }
        n
    }

    /// Raw: one bare INSERT + COMMIT with the same pragmas.
    pub fn raw_log(&self) -> i64 {
        self.scratch
            .execute_batch(
                "BEGIN; INSERT INTO t (at, text) VALUES (1, 'a short note about the call'); COMMIT;",
            )
            .unwrap();
        self.scratch.last_insert_rowid()
    }

    /// The person page: the contact, its health and its latest 50 interactions.
    pub fn person_page(&self) -> usize {
        let c = self.store.get_contact(self.person).unwrap();
        let h = self.store.contact_health(self.person, &self.now).unwrap();
        let t = self.store.timeline(self.person, 50, 0).unwrap();
        c.name.len() + h.health as usize + t.items.len()
    }
    /// Raw: the contact row and its latest 50 interaction rows through the timeline index.
    pub fn raw_person_page(&self) -> usize {
        let name: String = self
            .raw
            .prepare_cached("SELECT name FROM contact WHERE id = ?1")
            .unwrap()
            .query_row([self.person], |r| r.get(0))
            .unwrap();
        let mut stmt = self
            .raw
            .prepare_cached(
                "SELECT i.id, i.occurred_at, i.kind, i.summary, i.notes FROM interaction_participant p
                 JOIN interaction i ON i.id = p.interaction_id
                 WHERE p.contact_id = ?1 AND p.deleted = 0 ORDER BY p.occurred_at DESC LIMIT 50",
            )
            .unwrap();
        let n = stmt
            .query_map([self.person], |r| r.get::<_, i64>(0))
            .unwrap()
            .count();
        name.len() + n
    }

    pub fn search(&self, input: &str) -> usize {
        self.store.search(input, 20).unwrap().len()
    }
    /// Raw: the first 20 matches of the index, no ranking, no join.
    pub fn raw_search(&self, input: &str) -> usize {
        let query = kith::store::search::prefix_query(input).unwrap();
        let mut stmt = self
            .raw
            .prepare_cached("SELECT rowid FROM search_index WHERE search_index MATCH ?1 LIMIT 20")
            .unwrap();
        stmt.query_map([query], |r| r.get::<_, i64>(0))
            .unwrap()
            .count()
    }

    /// The People list's first page (50), filtered to one circle, with its count.
    pub fn people_page(&self) -> usize {
        let q = ContactQuery {
            circle: Some(Circle::Network),
            sort: ContactSort::Name,
            limit: 50,
            ..Default::default()
        };
        let page = self.store.list_contacts(&q).unwrap();
        page.items.len() + page.total as usize
    }
    /// The People list's first page with no filter (all live contacts counted).
    pub fn people_page_all(&self) -> usize {
        let q = ContactQuery {
            sort: ContactSort::Name,
            limit: 50,
            ..Default::default()
        };
        let page = self.store.list_contacts(&q).unwrap();
        page.items.len() + page.total as usize
    }
    /// The People list's first page searched for `input`, with its count.
    pub fn people_search(&self, input: &str) -> usize {
        let q = ContactQuery {
            search: Some(input.to_owned()),
            sort: ContactSort::Name,
            limit: 50,
            ..Default::default()
        };
        let page = self.store.list_contacts(&q).unwrap();
        page.items.len() + page.total as usize
    }
    /// Raw: the contact entries the index matches, no names, no order.
    pub fn raw_people_search(&self, input: &str) -> usize {
        let query = kith::store::search::prefix_query(input).unwrap();
        let mut stmt = self
            .raw
            .prepare_cached(
                "SELECT rowid FROM search_index WHERE search_index MATCH ?1 AND rowid % 4 = 0",
            )
            .unwrap();
        stmt.query_map([query], |r| r.get::<_, i64>(0))
            .unwrap()
            .count()
    }
    /// Raw: 50 names of the circle in name order from an index, and the count.
    pub fn raw_people_page(&self) -> usize {
        let mut stmt = self
            .raw
            .prepare_cached(
                "SELECT id, name FROM contact WHERE circle = 'network' AND deleted_at IS NULL
                 ORDER BY sort_key LIMIT 50",
            )
            .unwrap();
        let n = stmt.query_map([], |r| r.get::<_, i64>(0)).unwrap().count();
        let total: i64 = self
            .raw
            .query_row(
                "SELECT count(*) FROM contact WHERE circle = 'network' AND deleted_at IS NULL",
                [],
                |r| r.get(0),
            )
            .unwrap();
        n + total as usize
    }
    pub fn raw_people_page_all(&self) -> usize {
        let mut stmt = self
            .raw
            .prepare_cached(
                "SELECT id, name FROM contact WHERE deleted_at IS NULL ORDER BY sort_key LIMIT 50",
            )
            .unwrap();
        let n = stmt.query_map([], |r| r.get::<_, i64>(0)).unwrap().count();
        let total: i64 = self
            .raw
            .query_row(
                "SELECT count(*) FROM contact WHERE deleted_at IS NULL",
                [],
                |r| r.get(0),
            )
            .unwrap();
        n + total as usize
    }

    /// The People list's first page (50) sorted by health, weakest first, with its count, as
    /// of the end of the seeded history: what the list shows right after an edit when called
    /// after [`Bench::log`].
    pub fn people_by_health(&mut self) -> usize {
        let q = ContactQuery {
            sort: ContactSort::Health,
            limit: 50,
            ..Default::default()
        };
        let page = self.store.list_contacts_at(&q, &self.now).unwrap();
        page.items.len() + page.total as usize
    }
    /// Keeps every listed contact's health (as [`Bench::people_by_health`] lists them: live,
    /// not archived, not me) in a temporary table of the raw connection, indexed by score and
    /// name, for [`Bench::raw_people_by_health`]; computed once, by the store.
    pub fn raw_keep_health(&self) {
        let all = self.store.health_all(&self.now).unwrap();
        self.raw
            .execute_batch(
                "DROP TABLE IF EXISTS temp.raw_health;
                 CREATE TEMP TABLE raw_health (id INTEGER PRIMARY KEY, health INTEGER, sort_key TEXT);
                 CREATE INDEX temp.raw_health_order ON raw_health (health, sort_key, id);",
            )
            .unwrap();
        let mut insert = self
            .raw
            .prepare(
                "INSERT INTO temp.raw_health (id, health, sort_key)
                 SELECT id, ?2, sort_key FROM contact WHERE id = ?1",
            )
            .unwrap();
        for h in all {
            insert.execute((h.contact_id, h.health)).unwrap();
        }
    }
    /// Raw: the first 50 rows of a kept score table in score order, each joined to its name,
    /// and the count (the minimum once every score is kept; see [`Bench::raw_keep_health`]).
    pub fn raw_people_by_health(&self) -> usize {
        let mut stmt = self
            .raw
            .prepare_cached(
                "SELECT c.id, c.name, h.health FROM temp.raw_health h INDEXED BY raw_health_order
                 JOIN contact c ON c.id = h.id ORDER BY h.health, h.sort_key, h.id LIMIT 50",
            )
            .unwrap();
        let n = stmt.query_map([], |r| r.get::<_, i64>(0)).unwrap().count();
        let total: i64 = self
            .raw
            .query_row("SELECT count(*) FROM temp.raw_health", [], |r| r.get(0))
            .unwrap();
        n + total as usize
    }

    /// The Review screen's data as the screen asks for it: every panel, one call each, as of
    /// a moment `run` milliseconds after `now` (a new moment, so the panels' shared evaluation
    /// is computed afresh, as when the screen is opened).
    pub fn review(&self, run: i64) -> usize {
        let now = Now {
            at: self.now.at + Duration::milliseconds(run),
            offset: self.now.offset,
        };
        let s = &self.store;
        s.review_circles(&now).unwrap().len()
            + s.review_trend(&now).unwrap().len()
            + s.review_fading(&now).unwrap().len()
            + s.review_one_sided(&now).unwrap().len()
            + s.review_activity(&now).unwrap().total as usize
            + s.review_map(&now, None).unwrap().nodes.len()
    }
    /// Raw: the two reads any Review of every history needs, done bare: every participant row
    /// through the covering `participant_timeline` index and every interaction's time, kind
    /// and initiator, in table order.
    pub fn raw_review(&self) -> usize {
        let mut n = 0;
        let mut stmt = self
            .raw
            .prepare_cached(
                "SELECT contact_id, interaction_id FROM interaction_participant
                 INDEXED BY participant_timeline WHERE deleted = 0",
            )
            .unwrap();
        let mut rows = stmt.query([]).unwrap();
        while let Some(r) = rows.next().unwrap() {
            n += usize::from(r.get::<_, i64>(1).unwrap() > 0);
        }
        let mut stmt = self
            .raw
            .prepare_cached(
                "SELECT id, occurred_at, kind, initiated_by FROM interaction
                 WHERE deleted_at IS NULL",
            )
            .unwrap();
        let mut rows = stmt.query([]).unwrap();
        while let Some(r) = rows.next().unwrap() {
            n += usize::from(r.get::<_, i64>(1).unwrap() != 0);
        }
        n
    }
}

impl Bench {
    /// Possible duplicates across every contact (`kith duplicates`, the People list's
    /// "Possible duplicates"): every pair, ranked.
    pub fn duplicates(&self) -> usize {
        self.store.find_duplicates(None).unwrap().len()
    }

    /// Raw: reading what the matcher needs, bare: every live contact's name, its parts,
    /// nickname and company, and every channel's kind, value and normalised value, each
    /// column fetched as text.
    pub fn raw_duplicates(&self) -> usize {
        let mut n = 0;
        let mut stmt = self
            .raw
            .prepare_cached(
                "SELECT id, name, given_name, family_name, nickname, company, archived FROM contact
                 WHERE deleted_at IS NULL AND is_self = 0 ORDER BY id",
            )
            .unwrap();
        let mut rows = stmt.query([]).unwrap();
        while let Some(r) = rows.next().unwrap() {
            let name: String = r.get(1).unwrap();
            let company: Option<String> = r.get(5).unwrap();
            n += name.len() + company.map_or(0, |c| c.len());
        }
        let mut stmt = self
            .raw
            .prepare_cached(
                "SELECT ch.contact_id, ch.kind, ch.value, ch.normalized FROM contact_channel ch
                 JOIN contact c ON c.id = ch.contact_id
                 WHERE c.deleted_at IS NULL AND c.is_self = 0 ORDER BY ch.contact_id, ch.position, ch.id",
            )
            .unwrap();
        let mut rows = stmt.query([]).unwrap();
        while let Some(r) = rows.next().unwrap() {
            let value: String = r.get(2).unwrap();
            let normalized: Option<String> = r.get(3).unwrap();
            n += value.len() + normalized.map_or(0, |v| v.len());
        }
        n
    }
}

/// A vCard file of `n` contacts (name, organisation, email, phone, a note).
pub fn vcard_file(dir: &Path, n: usize) -> PathBuf {
    use std::fmt::Write;
    let mut text = String::new();
    for i in 0..n {
        write!(
            text,
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person Number {i}\r\nN:Number {i};Person;;;\r\n\
             ORG:Company {}\r\nEMAIL:person{i}@example.com\r\nTEL:+1 555 {:04}\r\n\
             NOTE:met at the conference in {}\r\nEND:VCARD\r\n",
            i % 97,
            i % 10_000,
            2000 + i % 25
        )
        .unwrap();
    }
    let path = dir.join(format!("contacts-{n}.vcf"));
    std::fs::write(&path, text).unwrap();
    path
}

/// Imports the vCard at `file` into a new database in `dir`; returns the contacts added.
pub fn import(dir: &Path, file: &Path, run: usize) -> usize {
    let db = dir.join(format!("import-{run}.db"));
    let mut store = Store::open(&db).unwrap();
    let plan = store
        .import_file(file, None, seeded_at(), &mut |_, _| {})
        .unwrap();
    drop(store);
    let _ = std::fs::remove_file(&db);
    plan.created as usize
}

/// Where the benchmarks keep databases between runs: `KITH_BENCH_DATA`, else
/// `$CARGO_TARGET_DIR/bench-data`, else `target/bench-data` (as `scripts/bench.sh`).
pub fn bench_data() -> PathBuf {
    let dir = std::env::var_os("KITH_BENCH_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            std::env::var_os("CARGO_TARGET_DIR")
                .map_or_else(|| PathBuf::from("target"), PathBuf::from)
                .join("bench-data")
        });
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A database of `contacts` seeded contacts and no interactions, to import into: made once in
/// [`bench_data`] (`import-base-N.db`), and opened (so upgraded) on every call.
pub fn import_base(contacts: u32) -> PathBuf {
    let path = bench_data().join(format!("import-base-{contacts}.db"));
    if !path.exists() {
        let tmp = path.with_extension("tmp.db");
        let _ = std::fs::remove_file(&tmp);
        let mut store = Store::open(&tmp).unwrap();
        let opts = SeedOptions {
            contacts,
            interactions: 0,
            seed: 1,
        };
        store.seed(opts, seeded_at()).unwrap();
        drop(store);
        std::fs::rename(&tmp, &path).unwrap();
    }
    drop(Store::open(&path).unwrap());
    path
}

/// What one timed import took.
pub struct ImportTiming {
    /// `Store::import_file`: what the person waits for (the backup, matching, writing).
    pub import: std::time::Duration,
    /// The backup it takes (on another thread, while it matches and writes), measured alone
    /// on the same file just before.
    pub backup: std::time::Duration,
    /// The preview of the same import (`Store::plan_import_file`: the file read and every
    /// record matched, nothing written), measured alone just before.
    pub plan: std::time::Duration,
    pub created: usize,
}

/// Imports the vCard at `file` into a copy of `base` (a new database when `None`) in `dir`,
/// timing only the import (not the copy, nor opening the file).
pub fn timed_import(dir: &Path, base: Option<&Path>, file: &Path, run: usize) -> ImportTiming {
    use std::time::Instant;
    let db = dir.join(format!("timed-import-{run}.db"));
    if let Some(base) = base {
        std::fs::copy(base, &db).unwrap();
    }
    let mut store = Store::open(&db).unwrap();
    let t = Instant::now();
    let preview = store.plan_import_file(file, None, seeded_at()).unwrap();
    let planned = t.elapsed();
    assert_eq!(preview.created as usize, preview.items.len());
    let t = Instant::now();
    store
        .backup_before(kith::model::BackupKind::BeforeImport, seeded_at())
        .unwrap();
    let backup = t.elapsed();
    let t = Instant::now();
    let plan = store
        .import_file(file, None, seeded_at(), &mut |_, _| {})
        .unwrap();
    let import = t.elapsed();
    drop(store);
    let _ = std::fs::remove_file(&db);
    let _ = std::fs::remove_dir_all(kith::backup::backups_dir(&db));
    ImportTiming {
        import,
        plan: planned,
        backup,
        created: plan.created as usize,
    }
}

/// Raw: the same number of bare INSERTs of a name and an email, in one transaction.
pub fn raw_import(dir: &Path, n: usize, run: usize) -> usize {
    let db = dir.join(format!("raw-import-{run}.db"));
    let conn = raw_connection(&db);
    conn.execute_batch(
        "CREATE TABLE c (id INTEGER PRIMARY KEY, name TEXT, org TEXT, email TEXT, phone TEXT, note TEXT)",
    )
    .unwrap();
    conn.execute_batch("BEGIN").unwrap();
    {
        let mut stmt = conn
            .prepare("INSERT INTO c (name, org, email, phone, note) VALUES (?1, ?2, ?3, ?4, ?5)")
            .unwrap();
        for i in 0..n {
            stmt.execute((
                format!("Person Number {i}"),
                format!("Company {}", i % 97),
                format!("person{i}@example.com"),
                format!("+1 555 {:04}", i % 10_000),
                format!("met at the conference in {}", 2000 + i % 25),
            ))
            .unwrap();
        }
    }
    conn.execute_batch("COMMIT").unwrap();
    drop(conn);
    let _ = std::fs::remove_file(&db);
    n
}

/// A generated mbox of `n` messages of about 10 KB each (≈1 GB for 100,000), made once in
/// [`bench_data`]: 3,000 correspondents (`person{i}@example.com`; the first 1,000 are the
/// contacts of [`capture_store`]), the user `me@example.net` writing 4 in 10, threads of up to
/// 6 messages, 1 in 10 from a mailing list, three years of dates. Written a message at a time.
pub fn mbox_file(n: usize) -> PathBuf {
    use std::io::Write;
    let path = bench_data().join(format!("mail-{n}.mbox"));
    if path.exists() {
        return path;
    }
    let tmp = path.with_extension("tmp");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&tmp).unwrap());
    let body_line = "Thanks for the notes from Tuesday; I went through them and added a few \
                     thoughts on the timeline and the budget below.\n";
    let start = Utc.with_ymd_and_hms(2023, 12, 1, 8, 0, 0).unwrap();
    for i in 0..n {
        let who = (i * 7919) % 3_000;
        let at = start + chrono::TimeDelta::minutes((i as i64) * 15);
        let date = at.to_rfc2822();
        let sep = at.format("%a %b %e %H:%M:%S +0000 %Y");
        let thread = i / 6;
        let (from, to) = if i % 10 < 4 {
            (
                "Me <me@example.net>".to_owned(),
                format!("Person {who} <person{who}@example.com>"),
            )
        } else {
            (
                format!("Person {who} <person{who}@example.com>"),
                "Me <me@example.net>".to_owned(),
            )
        };
        write!(
            out,
            "From {thread}@xxx {sep}\nMessage-ID: <m{i}@example.com>\nDate: {date}\nFrom: {from}\n\
             To: {to}\nSubject: Re: plans {thread}\n"
        )
        .unwrap();
        if i % 6 != 0 {
            writeln!(out, "References: <m{}@example.com>", thread * 6).unwrap();
        }
        if i % 10 == 9 {
            writeln!(out, "List-Id: <team.lists.example.com>").unwrap();
        }
        out.write_all(b"X-Mailer: bench\nContent-Type: text/plain; charset=utf-8\n\n")
            .unwrap();
        for _ in 0..75 {
            out.write_all(body_line.as_bytes()).unwrap();
        }
        out.write_all(b"\n").unwrap();
    }
    out.flush().unwrap();
    drop(out);
    std::fs::rename(&tmp, &path).unwrap();
    path
}

/// A new database at `path` that knows the user's address and 1,000 of the correspondents of
/// [`mbox_file`].
pub fn capture_store(path: &Path) -> Store {
    let mut store = Store::open(path).unwrap();
    store.add_me_address("me@example.net", seeded_at()).unwrap();
    for i in 0..1_000 {
        let input = kith::model::ContactInput {
            name: format!("Person {i}"),
            channels: vec![kith::model::Channel::email(format!(
                "person{i}@example.com"
            ))],
            ..Default::default()
        };
        store.add_contact(input, seeded_at()).unwrap();
    }
    store
}

/// This process's resident memory and its peak since the last [`reset_peak_rss`], in KiB.
pub fn rss_kib() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// Resets the peak resident memory Linux reports (`VmHWM`).
pub fn reset_peak_rss() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// Raw: the minimum a reader of the same mbox does — every byte read, each message's start
/// found, and one row per message inserted in one transaction.
pub fn raw_mbox(dir: &Path, mbox: &Path) -> usize {
    use std::io::BufRead;
    let db = dir.join("raw-mbox.db");
    let _ = std::fs::remove_file(&db);
    let conn = raw_connection(&db);
    conn.execute_batch("CREATE TABLE m (id INTEGER PRIMARY KEY, offset INTEGER); BEGIN")
        .unwrap();
    let mut n = 0;
    {
        let mut stmt = conn.prepare("INSERT INTO m (offset) VALUES (?1)").unwrap();
        let mut reader =
            std::io::BufReader::with_capacity(256 * 1024, std::fs::File::open(mbox).unwrap());
        let mut line = Vec::new();
        let mut offset = 0u64;
        loop {
            line.clear();
            let len = reader.read_until(b'\n', &mut line).unwrap();
            if len == 0 {
                break;
            }
            if line.starts_with(b"From ") {
                stmt.execute([offset as i64]).unwrap();
                n += 1;
            }
            offset += len as u64;
        }
    }
    conn.execute_batch("COMMIT").unwrap();
    drop(conn);
    let _ = std::fs::remove_file(&db);
    n
}

/// A database of the network [`open`] seeds (2,000 contacts, 20,000 interactions) that knows
/// the user's address `me@example.net`: made once in [`bench_data`]
/// (`calendar-base.db`), to be copied for each read.
pub fn calendar_base() -> PathBuf {
    let path = bench_data().join("calendar-base.db");
    if !path.exists() {
        let tmp = path.with_extension("tmp.db");
        let _ = std::fs::remove_file(&tmp);
        let mut store = Store::open(&tmp).unwrap();
        let opts = SeedOptions {
            contacts: 2_000,
            interactions: 20_000,
            seed: 1,
        };
        store.seed(opts, seeded_at()).unwrap();
        store.add_me_address("me@example.net", seeded_at()).unwrap();
        drop(store);
        std::fs::rename(&tmp, &path).unwrap();
    }
    drop(Store::open(&path).unwrap());
    path
}

/// Every contact's email address in the database at `path`, by contact id.
pub fn contact_emails(path: &Path) -> Vec<String> {
    let conn = Connection::open(path).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT ch.value FROM contact_channel ch JOIN contact c ON c.id = ch.contact_id
             WHERE ch.kind = 'email' AND c.is_self = 0 AND c.deleted_at IS NULL ORDER BY c.id",
        )
        .unwrap();
    let emails = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    emails
}

/// What [`ics_file`] wrote.
#[derive(Debug, Default)]
pub struct IcsShape {
    pub events: usize,
    pub series: usize,
    pub overrides: usize,
    pub exdates: usize,
}

const BERLIN_VTIMEZONE: &str = "BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\n\
X-LIC-LOCATION:Europe/Berlin\r\nBEGIN:DAYLIGHT\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\n\
TZNAME:CEST\r\nDTSTART:19700329T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n\
END:DAYLIGHT\r\nBEGIN:STANDARD\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nTZNAME:CET\r\n\
DTSTART:19701025T030000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\n\
END:VTIMEZONE\r\n";

/// A generated calendar of `n` `VEVENT`s, as a calendar app exports a person's calendar of
/// three years (January 2024 to a month after [`seeded_at`]), in `TZID=Europe/Berlin` with its
/// `VTIMEZONE`:
/// - one event in five (`n / 5`) a series: weekly (two in three) or monthly, ended by `COUNT`
///   (4–52 weeks, 3–24 months) or by `UNTIL`, three in ten with one or two `EXDATE`s;
/// - `n / 50` `RECURRENCE-ID` overrides of the first series' second instance (moved an hour
///   later and retitled; one in ten cancelled); the rest single events;
/// - 1–6 other people on each (one in twenty a big event of 9–14), each a contact of `emails`
///   seven times in ten, else one of 600 unknown addresses; the user (`me@example.net`) the
///   organiser of four in ten, else an attendee (accepted 80%, tentative 8%, needs-action 7%,
///   declined 5%); one in fifty a shared calendar's event without the user; a Zoom link in
///   one in four; one in thirty an all-day event with nobody on it.
#[allow(clippy::too_many_lines)]
pub fn ics_file(dir: &Path, n: usize, emails: &[String]) -> (PathBuf, IcsShape) {
    use std::fmt::Write;
    let mut rng = 0x2545_F491_4F6C_DD1Du64;
    let mut next = move |below: usize| -> usize {
        rng ^= rng >> 12;
        rng ^= rng << 25;
        rng ^= rng >> 27;
        (rng.wrapping_mul(0x2545_F491_4F6C_DD1D) % below as u64) as usize
    };
    let berlin = chrono_tz::Europe::Berlin;
    let first_day = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
    let days = (seeded_at().date_naive() - first_day).num_days() as usize + 30;
    let local = |t: chrono::NaiveDateTime| t.format("%Y%m%dT%H%M%S").to_string();
    let mut shape = IcsShape::default();
    let series = n / 5;
    let overrides = n / 50;
    let mut text = String::with_capacity(n * 900);
    text.push_str(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Kith bench//EN\r\nCALSCALE:GREGORIAN\r\n\
         X-WR-CALNAME:Work\r\nX-WR-TIMEZONE:Europe/Berlin\r\n",
    );
    text.push_str(BERLIN_VTIMEZONE);
    // The start of each series (local), for its overrides.
    let mut series_starts = Vec::with_capacity(series);
    let stamp = "20261120T090000Z";
    for i in 0..n - overrides {
        let is_series = i < series;
        let day = first_day + chrono::TimeDelta::days(next(days) as i64);
        let start = day
            .and_hms_opt(8 + next(10) as u32, [0, 15, 30, 45][next(4)], 0)
            .unwrap();
        let all_day = !is_series && next(30) == 0;
        let minutes = [30, 45, 60, 90][next(4)];
        write!(
            text,
            "BEGIN:VEVENT\r\nUID:bench-{i}@kith.example\r\nDTSTAMP:{stamp}\r\n"
        )
        .unwrap();
        if all_day {
            write!(
                text,
                "DTSTART;VALUE=DATE:{}\r\nDTEND;VALUE=DATE:{}\r\nSUMMARY:Day off {i}\r\n\
                 TRANSP:TRANSPARENT\r\nEND:VEVENT\r\n",
                day.format("%Y%m%d"),
                (day + chrono::TimeDelta::days(1)).format("%Y%m%d")
            )
            .unwrap();
            shape.events += 1;
            continue;
        }
        let end = start + chrono::TimeDelta::minutes(minutes);
        write!(
            text,
            "DTSTART;TZID=Europe/Berlin:{}\r\nDTEND;TZID=Europe/Berlin:{}\r\n",
            local(start),
            local(end)
        )
        .unwrap();
        if is_series {
            shape.series += 1;
            let weekly = next(3) != 0;
            series_starts.push((start, weekly));
            let (freq, step, count) = if weekly {
                ("WEEKLY", chrono::TimeDelta::weeks(1), 4 + next(49))
            } else {
                ("MONTHLY", chrono::TimeDelta::days(30), 3 + next(22))
            };
            if next(2) == 0 {
                writeln!(text, "RRULE:FREQ={freq};COUNT={count}\r").unwrap();
            } else {
                let until = (start + step * count as i32)
                    .and_local_timezone(berlin)
                    .earliest()
                    .unwrap()
                    .with_timezone(&Utc);
                writeln!(
                    text,
                    "RRULE:FREQ={freq};UNTIL={}\r",
                    until.format("%Y%m%dT%H%M%SZ")
                )
                .unwrap();
            }
            if weekly && next(10) < 3 {
                let k = 2 + next(count - 2);
                let mut ex = vec![local(start + chrono::TimeDelta::weeks(k as i64))];
                if next(2) == 0 && k + 1 < count {
                    ex.push(local(start + chrono::TimeDelta::weeks(k as i64 + 1)));
                }
                shape.exdates += ex.len();
                writeln!(text, "EXDATE;TZID=Europe/Berlin:{}\r", ex.join(",")).unwrap();
            }
        }
        people(&mut text, &mut next, emails, i);
        text.push_str("END:VEVENT\r\n");
        shape.events += 1;
    }
    // Overrides: the second instance of the first series, moved an hour later.
    for (j, &(start, weekly)) in series_starts.iter().take(overrides).enumerate() {
        let second = if weekly {
            start + chrono::TimeDelta::weeks(1)
        } else {
            start.checked_add_months(chrono::Months::new(1)).unwrap()
        };
        let moved = second + chrono::TimeDelta::hours(1);
        write!(
            text,
            "BEGIN:VEVENT\r\nUID:bench-{j}@kith.example\r\nDTSTAMP:{stamp}\r\nSEQUENCE:1\r\n\
             RECURRENCE-ID;TZID=Europe/Berlin:{}\r\nDTSTART;TZID=Europe/Berlin:{}\r\n\
             DTEND;TZID=Europe/Berlin:{}\r\n",
            local(second),
            local(moved),
            local(moved + chrono::TimeDelta::minutes(30))
        )
        .unwrap();
        if j % 10 == 9 {
            text.push_str("STATUS:CANCELLED\r\n");
        }
        people(&mut text, &mut next, emails, j);
        text.push_str("END:VEVENT\r\n");
        shape.events += 1;
        shape.overrides += 1;
    }
    text.push_str("END:VCALENDAR\r\n");
    let path = dir.join(format!("calendar-{n}.ics"));
    std::fs::write(&path, text).unwrap();
    (path, shape)
}

/// The people of event `i` (see [`ics_file`]): its summary, organiser, attendees and where.
fn people(text: &mut String, next: &mut impl FnMut(usize) -> usize, emails: &[String], i: usize) {
    use std::fmt::Write;
    const TOPICS: &[&str] = &[
        "Weekly sync",
        "1:1",
        "Project review",
        "Coffee",
        "Lunch",
        "Planning",
        "Interview",
        "Design critique",
        "Board prep",
        "Retro",
    ];
    writeln!(text, "SUMMARY:{} {i}\r", TOPICS[next(TOPICS.len())]).unwrap();
    let big = next(20) == 0;
    let others = if big { 9 + next(6) } else { 1 + next(6) };
    let mut list: Vec<(String, String)> = (0..others)
        .map(|_| {
            if next(10) < 7 {
                let e = emails[next(emails.len())].clone();
                (
                    e.clone(),
                    e.split('@').next().unwrap_or_default().to_owned(),
                )
            } else {
                let k = next(600);
                (
                    format!("guest{k}@partner{}.example.org", k % 40),
                    format!("Guest {k}"),
                )
            }
        })
        .collect();
    list.dedup();
    let shared = next(50) == 0;
    let me_organises = !shared && next(10) < 4;
    if me_organises {
        text.push_str("ORGANIZER;CN=Me:mailto:me@example.net\r\n");
    } else {
        let (e, n) = &list[0];
        writeln!(text, "ORGANIZER;CN={n}:mailto:{e}\r").unwrap();
    }
    let partstat = |r: usize| match r {
        0..=79 => "ACCEPTED",
        80..=87 => "TENTATIVE",
        88..=94 => "NEEDS-ACTION",
        _ => "DECLINED",
    };
    for (k, (e, n)) in list.iter().enumerate() {
        if k == 0 && !me_organises {
            writeln!(
                text,
                "ATTENDEE;CN={n};ROLE=CHAIR;PARTSTAT=ACCEPTED;RSVP=FALSE:mailto:{e}\r"
            )
            .unwrap();
            continue;
        }
        writeln!(
            text,
            "ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT={};CN={n}:mailto:{e}\r",
            partstat(next(100))
        )
        .unwrap();
    }
    if me_organises {
        text.push_str(
            "ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;CN=Me:mailto:me@example.net\r\n",
        );
    } else if !shared {
        writeln!(
            text,
            "ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT={};RSVP=TRUE;CN=Me:mailto:me@example.net\r",
            partstat(next(100))
        )
        .unwrap();
    }
    if next(4) == 0 {
        writeln!(
            text,
            "LOCATION:https://us02web.zoom.us/j/8{:09}\r\nDESCRIPTION:Join Zoom Meeting\\nhttps://us02web.zoom.us/j/8{:09}\r",
            i, i
        )
        .unwrap();
    } else {
        text.push_str("LOCATION:Office\\, room 4.12\r\n");
    }
}

/// The occurrences a read of the calendar at `path` expands in the window capture uses as of
/// [`seeded_at`], and the instances its `EXDATE`s remove there.
pub fn calendar_occurrences(path: &Path) -> (usize, usize) {
    let bytes = std::fs::read(path).unwrap();
    let window = (
        seeded_at() - Duration::days(20 * 366),
        seeded_at() + Duration::days(30),
    );
    let read = kith::io::calendar::read(&bytes, window, &kith::io::calendar::Limits::default());
    assert!(
        read.problems.is_empty(),
        "{:#?}",
        &read.problems[..3.min(read.problems.len())]
    );
    (read.occurrences.len(), read.excluded.len())
}

/// Raw: the minimum a reader of the same calendar does — every byte read, and `n` rows (one
/// per occurrence: its key and start) inserted in one transaction.
pub fn raw_rows(dir: &Path, file: &Path, n: usize) -> usize {
    let db = dir.join("raw-rows.db");
    let _ = std::fs::remove_file(&db);
    let conn = raw_connection(&db);
    let bytes = std::fs::read(file).unwrap();
    conn.execute_batch("CREATE TABLE o (id INTEGER PRIMARY KEY, key TEXT, at INTEGER); BEGIN")
        .unwrap();
    {
        let mut stmt = conn
            .prepare("INSERT INTO o (key, at) VALUES (?1, ?2)")
            .unwrap();
        for i in 0..n {
            stmt.execute((
                format!("ics:bench-{i}@kith.example|20250101T090000Z"),
                i as i64,
            ))
            .unwrap();
        }
    }
    conn.execute_batch("COMMIT").unwrap();
    drop(conn);
    let _ = std::fs::remove_file(&db);
    bytes.len() + n
}
