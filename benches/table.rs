//! The benchmark runner that prints one table: every hot path of `common`, its median over
//! repeated runs, the median of raw SQLite doing the minimum work for the same answer
//! (measured in the same run, interleaved), their ratio and the target of issue 8.
//!
//! `KITH_BENCH_DB=path cargo bench --bench table` (or `scripts/bench.sh`, which seeds the
//! databases first). `KITH_BENCH_RUNS` scales the number of runs (default 1 = the counts
//! below).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::{Duration, Instant};

/// Median of `runs` timings of `f`, after one warm-up run.
fn median(runs: usize, mut f: impl FnMut()) -> Duration {
    f();
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

fn ms(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1000.0;
    if ms < 1.0 {
        format!("{:.0} µs", ms * 1000.0)
    } else if ms < 100.0 {
        format!("{ms:.1} ms")
    } else {
        format!("{ms:.0} ms")
    }
}

fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "?".into())
}

/// One row of the table: Kith's median, raw SQLite's, their ratio and the target.
#[allow(clippy::print_stdout)]
fn row(name: &str, kith: Duration, raw: Duration, target: &str) {
    println!(
        "| {name} | {} | {} | {:.1}× | {target} |",
        ms(kith),
        ms(raw),
        kith.as_secs_f64() / raw.as_secs_f64().max(1e-9)
    );
}

/// The database benchmarked, and the table's header.
#[allow(clippy::print_stdout)]
fn header(b: &common::Bench) {
    let count = |sql: &str| -> i64 { b.raw.query_row(sql, [], |r| r.get(0)).unwrap_or(0) };
    let contacts = count("SELECT count(*) FROM contact WHERE deleted_at IS NULL");
    let interactions = count("SELECT count(*) FROM interaction WHERE deleted_at IS NULL");
    let size = std::fs::metadata(&b.path).map(|m| m.len()).unwrap_or(0);
    println!(
        "database: {} ({contacts} contacts, {interactions} interactions, {} MB)",
        b.path.display(),
        size / 1_000_000
    );
    println!();
    println!("| case | Kith (median) | raw SQLite (median) | ratio | target |");
    println!("|---|---|---|---|---|");
}

/// Help matching alone (`engine::help_opportunities`) on a made-up network: 10,000 people,
/// 300 open needs and 300 open offers written from a few dozen phrasings, three
/// interests each for one person in ten.
#[allow(clippy::print_stdout)]
fn help_matching(scale: usize) {
    use kith::engine::snapshot::{AskFacts, ContactFacts, InterestFacts};
    use kith::engine::{Now, Snapshot};
    use kith::model::AskKind;
    const THINGS: &[&str] = &[
        "a designer for our branding sprint",
        "senior data engineer to hire in Berlin",
        "warm intro to a seed investor",
        "advice on hiring a product manager",
        "a React developer for two months",
        "help with our tax return",
        "someone to review a pitch deck",
        "user research for the onboarding",
        "a lawyer who knows employment contracts",
        "intros to seed investors in Berlin",
        "brand identity and logo design",
        "recruiting for engineering teams",
        "machine learning consulting",
        "a flat in Lisbon for the summer",
        "copywriting for the website",
        "Suche einen Designer für unser Branding",
        "mentoring first-time founders",
        "marketing strategy for a B2B launch",
    ];
    const INTERESTS: &[&str] = &[
        "startups",
        "design",
        "hiring",
        "climbing",
        "machine learning",
        "cooking",
        "jazz",
    ];
    let mut snap = Snapshot {
        me: Some(0),
        ..Default::default()
    };
    for id in 0..10_000i64 {
        let mut c = ContactFacts::new(id, &format!("Person {id}"));
        c.is_self = id == 0;
        if id % 10 == 0 {
            c.interests = (0..3)
                .map(|k| InterestFacts {
                    name: INTERESTS[(id as usize / 10 + k) % INTERESTS.len()].to_owned(),
                    added_at: None,
                })
                .collect();
        }
        snap.contacts.push(c);
    }
    for k in 0..600i64 {
        snap.asks.push(AskFacts {
            id: k,
            contact_id: if k % 50 == 0 { 0 } else { (k * 7) % 10_000 },
            kind: if k % 2 == 0 {
                AskKind::Need
            } else {
                AskKind::Offer
            },
            text: format!("{} ({k})", THINGS[k as usize % THINGS.len()]),
            interests: vec![INTERESTS[k as usize % INTERESTS.len()].to_owned()],
        });
    }
    let load = median(5 * scale, || {
        std::hint::black_box(kith::engine::text::vocabulary_issues());
    });
    println!(
        "| reading the shipped vocabulary, stop words and word priors (once per process) | {} | | | |",
        ms(load)
    );
    let now = Now::utc(chrono::Utc::now());
    let t = median(5 * scale, || {
        std::hint::black_box(kith::engine::help_opportunities(&snap, &now, None));
    });
    println!(
        "| help matching alone: 10,000 people, 300 needs × 300 offers (engine, no SQLite) | {} | | | |",
        ms(t)
    );
}

fn today(b: &common::Bench, scale: usize) {
    let kith = median(15 * scale, || {
        b.today();
    });
    let raw = median(15 * scale, || {
        b.raw_today();
    });
    row(
        "today's suggestions (full engine pass)",
        kith,
        raw,
        "≤ 50 ms",
    );
}

#[allow(clippy::print_stdout)]
fn log(b: &mut common::Bench, scale: usize) {
    let raw = median(100 * scale, || {
        b.raw_log();
    });
    let kith = median(100 * scale, || {
        b.log();
    });
    println!(
        "| log one interaction, durably committed | {} | {} | {:.1}× (+{}) | ≤ bare commit + 1 ms |",
        ms(kith),
        ms(raw),
        kith.as_secs_f64() / raw.as_secs_f64().max(1e-9),
        ms(kith.saturating_sub(raw))
    );
}

/// Who knows whom: logging a meeting with three people (each pair kept by a trigger) against a
/// bare commit; the people the busiest contact was seen with, read from `knows`, against raw
/// SQLite reading the same pairs by index, and against the join over their whole history that
/// `knows` replaces.
#[allow(clippy::print_stdout)]
fn knows(b: &mut common::Bench, scale: usize) {
    let raw = median(100 * scale, || {
        b.raw_log();
    });
    let kith = median(100 * scale, || {
        b.log_meeting();
    });
    println!(
        "| log a meeting with three people, durably committed | {} | {} | {:.1}× (+{}) | ≤ bare commit + 1 ms |",
        ms(kith),
        ms(raw),
        kith.as_secs_f64() / raw.as_secs_f64().max(1e-9),
        ms(kith.saturating_sub(raw))
    );
    let busiest = b.busiest();
    let kith = median(50 * scale, || {
        b.store.people_around(busiest).unwrap();
    });
    let raw = median(50 * scale, || {
        b.raw_known(busiest);
    });
    row(
        "people around the busiest contact (seen with)",
        kith,
        raw,
        "≤ 20 ms",
    );
    let joined = median(10 * scale, || {
        b.raw_seen_with_by_join(busiest);
    });
    row(
        "  the same from their history (the join `knows` replaced)",
        joined,
        raw,
        "",
    );
}

fn person_page(b: &common::Bench, scale: usize) {
    let kith = median(50 * scale, || {
        b.person_page();
    });
    let raw = median(50 * scale, || {
        b.raw_person_page();
    });
    row("person page + latest 50 interactions", kith, raw, "≤ 20 ms");
}

fn search(b: &common::Bench, scale: usize) {
    for (name, input) in [
        ("rare word", common::RARE),
        ("word in most notes", common::COMMON),
        ("3-letter prefix", common::PREFIX),
        ("an interest", common::INTEREST),
        ("an emoji", common::EMOJI),
    ] {
        let kith = median(15 * scale, || {
            b.search(input);
        });
        let raw = median(15 * scale, || {
            b.raw_search(input);
        });
        row(
            &format!("search top 20: {name} (“{input}”)"),
            kith,
            raw,
            "≤ 50 ms",
        );
    }
    let kith = median(15 * scale, || {
        b.people_search(common::INTEREST);
    });
    let raw = median(15 * scale, || {
        b.raw_people_search(common::INTEREST);
    });
    row(
        &format!("People first page, search “{}”", common::INTEREST),
        kith,
        raw,
        "≤ 20 ms",
    );
}

fn people_pages(b: &common::Bench, scale: usize) {
    let kith = median(30 * scale, || {
        b.people_page();
    });
    let raw = median(30 * scale, || {
        b.raw_people_page();
    });
    row(
        "People first page, filter circle = network",
        kith,
        raw,
        "≤ 20 ms",
    );
    let kith = median(30 * scale, || {
        b.people_page_all();
    });
    let raw = median(30 * scale, || {
        b.raw_people_page_all();
    });
    row("People first page, no filter", kith, raw, "≤ 20 ms");
}

/// Issue 20: the People list sorted by health, first page, right after an edit. Each run
/// logs one interaction (as the "log one interaction" row: dated long before the seeded
/// history) and then times the page alone.
fn people_by_health(b: &mut common::Bench, scale: usize) {
    b.people_by_health();
    let mut times: Vec<Duration> = (0..=10 * scale)
        .map(|_| {
            b.log();
            let t = Instant::now();
            b.people_by_health();
            t.elapsed()
        })
        .skip(1)
        .collect();
    times.sort();
    let kith = times[times.len() / 2];
    b.raw_keep_health();
    let raw = median(30 * scale, || {
        b.raw_people_by_health();
    });
    row(
        "People first page sorted by health, right after logging one interaction",
        kith,
        raw,
        "≤ 50 ms (issue 20)",
    );
}

fn review(b: &common::Bench, scale: usize) {
    let mut run = 0;
    let kith = median(5 * scale, || {
        run += 1;
        b.review(run);
    });
    let raw = median(5 * scale, || {
        b.raw_review();
    });
    row(
        "Review screen data (all six panels)",
        kith,
        raw,
        "≤ 1 s (issue 5, at 10k)",
    );
}

fn duplicates(b: &common::Bench, scale: usize) {
    let kith = median(3 * scale, || {
        b.duplicates();
    });
    let raw = median(3 * scale, || {
        b.raw_duplicates();
    });
    row(
        "possible duplicates among all contacts (`kith duplicates`)",
        kith,
        raw,
        "≤ 2 s at 100k (issue 15)",
    );
}

/// The import of 10,000 vCards into an empty database and into one of 100,000 contacts
/// (`KITH_BENCH_IMPORT_BASE` contacts), beside 10,000 bare INSERTs; and the backup each
/// import takes first, measured alone.
#[allow(clippy::print_stdout)]
fn import(scale: usize) {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = common::vcard_file(dir.path(), 10_000);
    let base_size: u32 = std::env::var("KITH_BENCH_IMPORT_BASE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    let base = common::import_base(base_size);
    let mut run = 0;
    let mut backups = (Vec::new(), Vec::new());
    let mut plans = (Vec::new(), Vec::new());
    let runs = 5 * scale;
    let mut into_empty = Vec::new();
    let mut into_base = Vec::new();
    let mut raw = Vec::new();
    // Interleaved, so that the load of the machine moves all three alike.
    for i in 0..=runs {
        run += 1;
        let t = common::timed_import(dir.path(), None, &file, run);
        assert_eq!(t.created, 10_000);
        run += 1;
        let b = common::timed_import(dir.path(), Some(&base), &file, run);
        run += 1;
        let t0 = Instant::now();
        common::raw_import(dir.path(), 10_000, run);
        if i > 0 {
            into_empty.push(t.import);
            backups.0.push(t.backup);
            into_base.push(b.import);
            backups.1.push(b.backup);
            plans.0.push(t.plan);
            plans.1.push(b.plan);
            raw.push(t0.elapsed());
        }
    }
    let med = |v: &mut Vec<Duration>| {
        v.sort();
        v[v.len() / 2]
    };
    let (kith, kith_base, raw) = (med(&mut into_empty), med(&mut into_base), med(&mut raw));
    let per_s = |d: Duration| 10_000.0 / d.as_secs_f64();
    let ratio = |d: Duration| d.as_secs_f64() / raw.as_secs_f64().max(1e-9);
    println!(
        "| import a 10,000-contact vCard file | {} ({:.0} contacts/s) | {} | {:.1}× | ≥ 20,000 contacts/s |",
        ms(kith),
        per_s(kith),
        ms(raw),
        ratio(kith)
    );
    println!(
        "| the same into {base_size} existing contacts | {} ({:.0} contacts/s, {:+.0}% on the empty database) | {} | {:.1}× | ≤ +20% |",
        ms(kith_base),
        per_s(kith_base),
        (kith_base.as_secs_f64() / kith.as_secs_f64() - 1.0) * 100.0,
        ms(raw),
        ratio(kith_base)
    );
    println!(
        "| the backup it takes (alone; the import writes it on another thread): empty / {base_size} contacts | {} / {} | | | |",
        ms(med(&mut backups.0)),
        ms(med(&mut backups.1)),
    );
    let (plan, plan_base) = (med(&mut plans.0), med(&mut plans.1));
    println!(
        "| matching alone (the preview: read and match, nothing written): empty / {base_size} contacts | {} / {} (matching against them adds {:+.0}% of the import into the empty database) | | | ≤ +20% |",
        ms(plan),
        ms(plan_base),
        (plan_base.as_secs_f64() - plan.as_secs_f64()) / kith.as_secs_f64() * 100.0
    );
}

/// Issue 16: reading a 100,000-message mbox (≈1 GB) as a new source, and reading it again
/// with nothing new.
#[allow(clippy::print_stdout)]
fn capture() {
    let n: usize = std::env::var("KITH_BENCH_MAIL")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    let mbox = common::mbox_file(n);
    let size = std::fs::metadata(&mbox).map(|m| m.len()).unwrap_or(0);
    let dir = tempfile::tempdir().expect("tempdir");
    let mut reads = Vec::new();
    let mut rescans = Vec::new();
    let mut raws = Vec::new();
    let mut growth = Vec::new();
    let mut queues = Vec::new();
    let mut queue_raws = Vec::new();
    for run in 0..3 {
        let mut store = common::capture_store(&dir.path().join(format!("capture-{run}.db")));
        let t = Instant::now();
        common::raw_mbox(dir.path(), &mbox);
        raws.push(t.elapsed());
        let (before, _) = common::rss_kib();
        common::reset_peak_rss();
        let t = Instant::now();
        let report = store
            .add_source(&mbox, None, false, common::seeded_at(), &mut |_| true)
            .unwrap();
        reads.push(t.elapsed());
        let (_, peak) = common::rss_kib();
        growth.push(peak.saturating_sub(before));
        assert_eq!(report.totals.read as usize, n);
        let t = Instant::now();
        let again = store
            .scan_source(report.source.id, common::seeded_at(), &mut |_| true)
            .unwrap();
        rescans.push(t.elapsed());
        assert_eq!(again.totals.read, 0);
        // Today's line and Settings' queue: the people on it who are not in Kith. Every
        // address of the mbox is a contact's, so a third of them are put in the trash first.
        store
            .conn()
            .execute(
                "UPDATE contact SET deleted_at = 1 WHERE id % 3 = 0 AND is_self = 0",
                [],
            )
            .unwrap();
        let t = Instant::now();
        // Every address (`--all`): the generated mail is one-way, so the default (both ways or
        // met) would list none; the query is the same, only its filter differs.
        let queue = store.unknowns(true).unwrap();
        queues.push(t.elapsed());
        let t = Instant::now();
        let rows: i64 = store
            .conn()
            .query_row(
                "SELECT count(*) FROM (SELECT email, sent, received, met, last_at, name
                 FROM capture_address_stat)",
                [],
                |r| r.get(0),
            )
            .unwrap();
        queue_raws.push(t.elapsed());
        if run == 0 {
            println!(
                "(the queue, a third of the contacts in the trash: {} of {rows} addresses not in Kith)",
                queue.len()
            );
        }
        if run == 0 {
            println!(
                "({n} messages, {:.0} MB: {} new, {} interactions, skipped {:?})",
                size as f64 / 1e6,
                report.totals.new_items,
                report.totals.interactions,
                report.totals.skipped
            );
        }
    }
    let med = |v: &mut Vec<Duration>| {
        v.sort();
        v[v.len() / 2]
    };
    let (read, raw, rescan) = (med(&mut reads), med(&mut raws), med(&mut rescans));
    growth.sort_unstable();
    println!(
        "| read a {n}-message mbox as a new source | {} ({:.0} messages/s) | {} | {:.1}× | ≥ 10,000 messages/s |",
        ms(read),
        n as f64 / read.as_secs_f64(),
        ms(raw),
        read.as_secs_f64() / raw.as_secs_f64().max(1e-9)
    );
    println!(
        "| resident memory grown while reading it (peak − before, median of 3) | {:.0} MB | | | ≤ 100 MB |",
        growth[growth.len() / 2] as f64 / 1024.0
    );
    println!(
        "| read it again with nothing new | {} | | | ≤ 100 ms |",
        ms(rescan)
    );
    let (queue, queue_raw) = (med(&mut queues), med(&mut queue_raws));
    println!(
        "| the queue of people not in Kith (Today's line, Settings → Sources) | {} | {} (every address's counts read) | {:.1}× | |",
        ms(queue),
        ms(queue_raw),
        queue.as_secs_f64() / queue_raw.as_secs_f64().max(1e-9)
    );
}

/// Issue 16: a calendar of 5,000 events with recurrences (see `common::ics_file`) read as a
/// new source into the seeded network of 2,000 contacts, and read again unchanged.
#[allow(clippy::print_stdout)]
fn calendar() {
    let n: usize = std::env::var("KITH_BENCH_EVENTS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5_000);
    let base = common::calendar_base();
    let emails = common::contact_emails(&base);
    let dir = tempfile::tempdir().expect("tempdir");
    let (ics, shape) = common::ics_file(dir.path(), n, &emails);
    let size = std::fs::metadata(&ics).map(|m| m.len()).unwrap_or(0);
    let mut reads = Vec::new();
    let mut rescans = Vec::new();
    let mut raws = Vec::new();
    let mut cpus = Vec::new();
    let mut rows = 0;
    for run in 0..=5 {
        let db = dir.path().join(format!("calendar-{run}.db"));
        std::fs::copy(&base, &db).unwrap();
        let mut store = kith::Store::open(&db).unwrap();
        let (t, cpu) = (Instant::now(), thread_cpu());
        let report = store
            .add_source(&ics, None, false, common::seeded_at(), &mut |_| true)
            .unwrap();
        let read = t.elapsed();
        let cpu = thread_cpu().saturating_sub(cpu);
        let t = Instant::now();
        let again = store
            .scan_source(report.source.id, common::seeded_at(), &mut |_| true)
            .unwrap();
        let rescan = t.elapsed();
        assert_eq!(again.totals.read, 0);
        rows = report.totals.read as usize;
        let t = Instant::now();
        common::raw_rows(dir.path(), &ics, rows);
        let raw = t.elapsed();
        drop(store);
        let _ = std::fs::remove_file(&db);
        if run == 0 {
            let occ = common::calendar_occurrences(&ics);
            println!(
                "({} VEVENTs, {:.1} MB: {} series, {} overrides, {} EXDATEs; {} occurrences \
                 expanded in the window, {} excluded; {} read: {} new items, {} interactions, \
                 skipped {:?})",
                shape.events,
                size as f64 / 1e6,
                shape.series,
                shape.overrides,
                shape.exdates,
                occ.0,
                occ.1,
                report.totals.read,
                report.totals.new_items,
                report.totals.interactions,
                report.totals.skipped
            );
            // The first run is the warm-up.
            continue;
        }
        reads.push(read);
        rescans.push(rescan);
        raws.push(raw);
        cpus.push(cpu);
    }
    let med = |v: &mut Vec<Duration>| {
        v.sort();
        v[v.len() / 2]
    };
    let (read, raw, rescan) = (med(&mut reads), med(&mut raws), med(&mut rescans));
    println!(
        "(the read's own CPU time, median: {}; wall times of the runs: {:?})",
        ms(med(&mut cpus)),
        reads.iter().map(|d| ms(*d)).collect::<Vec<_>>()
    );
    println!(
        "| read a {n}-event calendar with recurrences ({rows} occurrences) as a new source, \
         2,000 contacts | {} | {} | {:.1}× | ≤ 1 s |",
        ms(read),
        ms(raw),
        read.as_secs_f64() / raw.as_secs_f64().max(1e-9)
    );
    println!(
        "| read it again unchanged | {} | | | ≤ 100 ms |",
        ms(rescan)
    );
}

/// The CPU time this thread has had (Linux: `/proc/thread-self/schedstat`; zero elsewhere):
/// on a machine shared with other work, what a read cost apart from waiting for a core.
fn thread_cpu() -> Duration {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .map_or(Duration::ZERO, Duration::from_nanos)
}

/// Issue 17: the phone and chat readers alone (no database yet): a WhatsApp export of 200,000
/// messages (one in ten of two lines) and 100,000 SMS Backup & Restore records, each against
/// reading the same file line by line. Three runs, medians.
#[allow(clippy::print_stdout)]
fn convo() {
    use kith::io::convo::{sms_backup, whatsapp};
    use std::io::BufRead;

    let dir = tempfile::tempdir().expect("tempdir");
    // The same files the whole reads of `convo_sources` use.
    let (chat, lines, sms, _) = convo_files(dir.path());
    let raw_lines = |path: &std::path::Path| {
        let file = std::io::BufReader::new(std::fs::File::open(path).expect("open"));
        file.lines().count()
    };
    let (mut wa, mut wa_raw, mut sm, mut sm_raw) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let (mut wa_items, mut sm_items) = (0usize, 0usize);
    for _ in 0..3 {
        let options = whatsapp::WhatsAppOptions {
            me: Some("Sam Lee".into()),
            ..Default::default()
        };
        let t = Instant::now();
        let mut n = 0;
        whatsapp::read(&chat, &options, |_| n += 1).expect("read the chat");
        wa.push(t.elapsed());
        wa_items = n;
        let t = Instant::now();
        raw_lines(&chat);
        wa_raw.push(t.elapsed());
        let t = Instant::now();
        let mut n = 0;
        let file = std::io::BufReader::new(std::fs::File::open(&sms).expect("open"));
        sms_backup::read(file, &sms_backup::SmsOptions::default(), &mut |_| n += 1);
        sm.push(t.elapsed());
        sm_items = n;
        let t = Instant::now();
        raw_lines(&sms);
        sm_raw.push(t.elapsed());
    }
    let med = |v: &mut Vec<Duration>| {
        v.sort();
        v[v.len() / 2]
    };
    let (wa, wa_raw, sm, sm_raw) = (
        med(&mut wa),
        med(&mut wa_raw),
        med(&mut sm),
        med(&mut sm_raw),
    );
    println!(
        "| read a WhatsApp export of 200,000 messages ({lines} lines, {wa_items} items) | {} ({:.0} lines/s) | {} (its lines read) | {:.1}× | ≥ 50,000 lines/s |",
        ms(wa),
        lines as f64 / wa.as_secs_f64(),
        ms(wa_raw),
        wa.as_secs_f64() / wa_raw.as_secs_f64().max(1e-9)
    );
    println!(
        "| read an SMS Backup & Restore file of 100,000 texts ({sm_items} items) | {} ({:.0} records/s) | {} (its lines read) | {:.1}× | ≥ 20,000 records/s |",
        ms(sm),
        100_000.0 / sm.as_secs_f64(),
        ms(sm_raw),
        sm.as_secs_f64() / sm_raw.as_secs_f64().max(1e-9)
    );
}

/// The files of [`convo_sources`] in `dir`: a WhatsApp export of 200,000 messages (and its
/// lines) and an SMS backup of 100,000 texts with 500 British numbers (and the numbers).
fn convo_files(
    dir: &std::path::Path,
) -> (std::path::PathBuf, usize, std::path::PathBuf, Vec<String>) {
    use std::fmt::Write as _;

    let chat = dir.join("WhatsApp Chat with Ana Ruiz.txt");
    let mut text = String::new();
    let authors = ["Ana Ruiz", "Sam Lee"];
    for i in 0..200_000usize {
        let (day, month, year) = (1 + (i / 400) % 28, 1 + (i / 11_200) % 12, 20 + i / 134_400);
        let _ = writeln!(
            text,
            "{day:02}/{month:02}/{year}, {:02}:{:02} - {}: message number {i}, a few words about the weekend",
            (i / 60) % 24,
            i % 60,
            authors[i % 2]
        );
        if i % 10 == 0 {
            text.push_str("and a second line of the same message\n");
        }
    }
    std::fs::write(&chat, &text).expect("write the chat");
    let lines = text.lines().count();
    drop(text);
    let numbers: Vec<String> = (0..500).map(|i| format!("+44 7400 1{i:05}")).collect();
    let sms = dir.join("sms-20261202.xml");
    let mut xml = String::from(
        "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<smses count=\"100000\">\n",
    );
    for i in 0..100_000u64 {
        let _ = writeln!(
            xml,
            "  <sms protocol=\"0\" address=\"{}\" date=\"{}\" type=\"{}\" subject=\"null\" \
             body=\"Hello number {i} &#55357;&#56832; see you\" toa=\"null\" sc_toa=\"null\" \
             service_center=\"null\" read=\"1\" status=\"-1\" locked=\"0\" date_sent=\"0\" \
             readable_date=\"2 Dec 2026 10:00:00\" contact_name=\"Person {}\" />",
            numbers[(i % 500) as usize],
            1_700_000_000_000 + i * 60_000,
            1 + i % 2,
            i % 500
        );
    }
    xml.push_str("</smses>\n");
    std::fs::write(&sms, &xml).expect("write the backup");
    drop(xml);
    (chat, lines, sms, numbers)
}

/// A call log of `n` calls with the 500 `numbers` of [`convo_files`], one a minute in turn:
/// incoming, outgoing and missed in turn (a third are missed: no interaction), 30 s to 10 min.
fn calls_file(dir: &std::path::Path, n: u64, numbers: &[String]) -> std::path::PathBuf {
    use std::fmt::Write as _;

    let path = dir.join("calls-20261202.xml");
    let mut xml = format!(
        "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<calls count=\"{n}\">\n"
    );
    for i in 0..n {
        let kind = 1 + i % 3;
        let _ = writeln!(
            xml,
            "  <call number=\"{}\" duration=\"{}\" date=\"{}\" type=\"{kind}\" \
             presentation=\"1\" subscription_id=\"1\" post_dial_digits=\"\" \
             readable_date=\"2 Dec 2026 10:00:00\" contact_name=\"Person {}\" />",
            numbers[(i % 500) as usize],
            if kind == 3 { 0 } else { 30 + (i * 7) % 570 },
            1_700_000_000_000 + i * 60_000,
            i % 500
        );
    }
    xml.push_str("</calls>\n");
    std::fs::write(&path, &xml).expect("write the call log");
    path
}

/// The store of one run of [`convo_sources`] on `db` (a copy of the seeded database): British
/// numbers, and the people of `case` ("whatsapp": Ana by name; else one contact per number).
fn convo_store(db: &std::path::Path, case: &str, numbers: &[String]) -> kith::Store {
    let mut store = kith::Store::open(db).unwrap();
    store.infer_default_region("en_GB.UTF-8").unwrap();
    let now = common::seeded_at();
    if case == "whatsapp" {
        let input = kith::model::ContactInput {
            name: "Ana Ruiz".into(),
            ..Default::default()
        };
        store.add_contact(input, now).unwrap();
    } else {
        for (i, n) in numbers.iter().enumerate() {
            let input = kith::model::ContactInput {
                name: format!("Texter {i}"),
                channels: vec![kith::model::Channel {
                    kind: kith::model::ChannelKind::Phone,
                    label: None,
                    value: n.clone(),
                    types: Vec::new(),
                }],
                ..Default::default()
            };
            store.add_contact(input, now).unwrap();
        }
    }
    store
}

/// One case of [`convo_sources`]: its name, the read, raw and read-again times of each run,
/// and what the first read said.
type ConvoRuns = (
    &'static str,
    Vec<Duration>,
    Vec<Duration>,
    Vec<Duration>,
    String,
);

/// Prints the rows of [`convo_sources`] (medians); `lines`: the WhatsApp export's.
#[allow(clippy::print_stdout)]
fn convo_rows(results: &mut [ConvoRuns], lines: usize) {
    let med = |v: &mut Vec<Duration>| {
        v.sort();
        v[v.len() / 2]
    };
    for (case, reads, raws, rescans, said) in results.iter_mut() {
        if reads.is_empty() {
            continue;
        }
        let (read, raw, rescan) = (med(reads), med(raws), med(rescans));
        println!("({said})");
        if *case == "whatsapp" {
            println!(
                "| add a WhatsApp export of 200,000 messages ({lines} lines) as a source, 2,000 contacts | {} ({:.0} lines/s) | {} | {:.1}× | ≥ 50,000 lines/s |",
                ms(read),
                lines as f64 / read.as_secs_f64(),
                ms(raw),
                read.as_secs_f64() / raw.as_secs_f64().max(1e-9)
            );
        } else if *case == "sms" {
            println!(
                "| add an SMS Backup & Restore file of 100,000 texts (500 contacts by number) as a source, 2,500 contacts | {} ({:.0} records/s) | {} | {:.1}× | ≥ 20,000 records/s |",
                ms(read),
                100_000.0 / read.as_secs_f64(),
                ms(raw),
                read.as_secs_f64() / raw.as_secs_f64().max(1e-9)
            );
        } else {
            println!(
                "| add an SMS Backup & Restore call log of 50,000 calls (a third missed; 500 contacts by number) as a source, 2,500 contacts | {} ({:.0} records/s) | {} | {:.1}× | ≥ 20,000 records/s |",
                ms(read),
                50_000.0 / read.as_secs_f64(),
                ms(raw),
                read.as_secs_f64() / raw.as_secs_f64().max(1e-9)
            );
        }
        println!("| read it again unchanged | {} | | | |", ms(rescan));
    }
}

/// Issue 17, whole reads into the database: a WhatsApp export of 200,000 messages (a 1:1
/// chat with a contact known by name), an SMS Backup & Restore file of 100,000 texts and a
/// call log of 50,000 calls with 500 contacts known by number, each added as a source (`Store::add_source_with`) to a copy
/// of the calendar benchmark's seeded database (2,000 contacts, 20,000 interactions), against
/// raw SQLite inserting as many rows. A warm-up and three runs, medians.
#[allow(clippy::print_stdout)]
fn convo_sources() {
    let base = common::calendar_base();
    let dir = tempfile::tempdir().expect("tempdir");
    let (chat, lines, sms, numbers) = convo_files(dir.path());
    let calls = calls_file(dir.path(), 50_000, &numbers);

    type Runs = (
        &'static str,
        Vec<Duration>,
        Vec<Duration>,
        Vec<Duration>,
        String,
    );
    let mut results: Vec<Runs> = Vec::new();
    // `KITH_BENCH_CONVO_CASE=whatsapp|sms`: one of them (to profile it); `KITH_BENCH_CONVO_RUNS`:
    // runs after the warm-up (3).
    let only = std::env::var("KITH_BENCH_CONVO_CASE").ok();
    let runs: usize = std::env::var("KITH_BENCH_CONVO_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3);
    for (case, path) in [("whatsapp", &chat), ("sms", &sms), ("calls", &calls)] {
        if only.as_deref().is_some_and(|o| o != case) {
            continue;
        }
        let (mut reads, mut raws, mut rescans) = (Vec::new(), Vec::new(), Vec::new());
        let mut said = String::new();
        for run in 0..=runs {
            let db = dir.path().join(format!("convo-{case}-{run}.db"));
            std::fs::copy(&base, &db).unwrap();
            let mut store = convo_store(&db, case, &numbers);
            let now = common::seeded_at();
            let options = kith::ops::AddSource {
                me: (case == "whatsapp").then(|| "Sam Lee".to_owned()),
                ..Default::default()
            };
            let t = Instant::now();
            let report = store
                .add_source_with(path, options, now, &mut |_| true)
                .unwrap();
            let read = t.elapsed();
            let t = Instant::now();
            let again = store
                .scan_source(report.source.id, now, &mut |_| true)
                .unwrap();
            let rescan = t.elapsed();
            assert_eq!(again.totals.read, 0);
            let rows = report.totals.read as usize;
            let t = Instant::now();
            common::raw_rows(dir.path(), path, rows);
            let raw = t.elapsed();
            drop(store);
            let _ = std::fs::remove_file(&db);
            if run == 0 {
                said = format!(
                    "{} read: {} new items, {} interactions, {} people counted, skipped {:?}, {} problems",
                    report.totals.read,
                    report.totals.new_items,
                    report.totals.interactions,
                    report.contacts.len(),
                    report.totals.skipped,
                    report.problems.len()
                );
                continue;
            }
            reads.push(read);
            raws.push(raw);
            rescans.push(rescan);
        }
        results.push((case, reads, raws, rescans, said));
    }
    convo_rows(&mut results, lines);
}

/// Sync (issue 21), on a seeded network of `KITH_BENCH_SYNC=people,interactions` (default
/// 2,000 and 20,000): what change capture adds to logging a meeting (sync off, then set up), a
/// pass with nothing new, a pass applying 10,000 changes, and a new device joining.
#[allow(clippy::print_stdout)]
fn sync(scale: usize) {
    use kith::sync::KdfParams;
    let (people, interactions) = std::env::var("KITH_BENCH_SYNC")
        .ok()
        .and_then(|s| {
            let (p, i) = s.split_once(',')?;
            Some((p.parse().ok()?, i.parse().ok()?))
        })
        .unwrap_or((2_000, 20_000));
    let mut b = common::open(people, interactions);
    header(&b);
    let now = common::seeded_at();
    // Each side starts from an emptied WAL: setting sync up and the joins write hundreds of
    // thousands of changes, whose WAL would otherwise weigh on the second side only.
    let checkpoint = |b: &common::Bench| {
        b.store
            .conn()
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
            .unwrap();
    };
    checkpoint(&b);
    // Sync off: a copy of the same database, never set up, logged in turn with the synced one
    // below (so that both see the same load on the machine and the same growth).
    let unsynced = tempfile::tempdir().unwrap();
    let off_path = unsynced.path().join("off.db");
    std::fs::copy(&b.path, &off_path).unwrap();
    let mut off_store = kith::Store::open(&off_path).unwrap();
    let folder = tempfile::tempdir().unwrap();
    let t = Instant::now();
    let key = b
        .store
        .sync_setup_with(folder.path(), "a", None, now, KdfParams::INSECURE_FOR_TESTS)
        .unwrap()
        .recovery_key
        .unwrap();
    let setup = t.elapsed();
    // Joins first: passes of device a alone remove its change files once its snapshot holds
    // them, and the replaying join needs them.
    let other = tempfile::tempdir().unwrap();
    let mut c = sync_join(
        &mut b,
        folder.path(),
        other.path(),
        &key,
        (people, interactions),
        now,
    );
    b.store.sync_now(now).unwrap();
    checkpoint(&b);
    off_store
        .conn()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
        .unwrap();
    sync_capture(&mut b, &mut off_store, scale);
    b.store.sync_now(now).unwrap();
    let idle = median(50 * scale, || {
        b.store.sync_now(now).unwrap();
    });
    let kith_dir = folder.path().join("kith");
    let raw_idle = median(50 * scale, || {
        for d in std::fs::read_dir(&kith_dir).unwrap() {
            let d = d.unwrap().path();
            if d.is_dir() {
                std::fs::read_dir(&d).unwrap().for_each(drop);
            }
        }
    });
    row(
        "a pass with nothing new (raw: list the folder)",
        idle,
        raw_idle,
        "≤ 20 ms",
    );

    println!(
        "| (setting sync up on device a, its {people} people sent as changes) | {} | | | |",
        ms(setup)
    );
    sync_apply(&mut b, &mut c, now);
}

/// What capture adds to a log: in turn on the synced database and on `off` (the same seeded
/// database, never set up), 20 logs a side at a time, each timed, the medians of each side; a
/// call with one person (the most common log), then a meeting with three; then the meeting on
/// the synced database alone, its capture triggers dropped and made again in turn.
#[allow(clippy::print_stdout)]
fn sync_capture(b: &mut common::Bench, off_store: &mut kith::Store, scale: usize) {
    let middle = |v: &mut Vec<Duration>| {
        v.sort();
        v[v.len() / 2]
    };
    let rounds = (30 * scale).max(10);
    for (what, people) in [
        ("a call with one person", 1),
        ("a meeting with three people", 3),
    ] {
        let (mut on, mut off) = (Vec::new(), Vec::new());
        let input = |b: &common::Bench| {
            let mut input = b.meeting();
            input.participants.truncate(people);
            input
        };
        for _ in 0..rounds {
            for _ in 0..20 {
                let i = input(b);
                let t = Instant::now();
                off_store.log_interaction(i, common::seeded_at()).unwrap();
                off.push(t.elapsed());
            }
            for _ in 0..20 {
                let i = input(b);
                let t = Instant::now();
                b.store.log_interaction(i, common::seeded_at()).unwrap();
                on.push(t.elapsed());
            }
        }
        let (on, off) = (middle(&mut on), middle(&mut off));
        println!(
            "| log {what}, durably committed: sync set up (raw: the same database without sync, \
             logged in turn) | {} | {} | {:.2}× | ≤ 1.2× |",
            ms(on),
            ms(off),
            on.as_secs_f64() / off.as_secs_f64()
        );
    }
    // The capture's share of the meeting itself: the same database, a meeting logged with the
    // capture triggers off and on, in turn.
    let (mut with, mut without) = (Vec::new(), Vec::new());
    for _ in 0..rounds {
        b.store.sync_capture_off_for_bench(true).unwrap();
        for _ in 0..20 {
            let t = Instant::now();
            b.log_meeting();
            without.push(t.elapsed());
        }
        b.store.sync_capture_off_for_bench(false).unwrap();
        for _ in 0..20 {
            let t = Instant::now();
            b.log_meeting();
            with.push(t.elapsed());
        }
    }
    let (with, without) = (middle(&mut with), middle(&mut without));
    println!(
        "| log a meeting with three people, durably committed: the synced database, capture on \
         (raw: its capture triggers dropped, in turn) | {} | {} | {:.2}× | |",
        ms(with),
        ms(without),
        with.as_secs_f64() / without.as_secs_f64()
    );
}

/// A new device joins device a's folder: by replaying its change files (up to 200,000
/// interactions), then from a snapshot a writes. The device that joined.
#[allow(clippy::print_stdout)]
fn sync_join(
    b: &mut common::Bench,
    folder: &std::path::Path,
    other: &std::path::Path,
    key: &str,
    (people, interactions): (u32, u32),
    now: chrono::DateTime<chrono::Utc>,
) -> kith::Store {
    use kith::sync::KdfParams;
    let t = Instant::now();
    std::fs::copy(&b.path, other.join("copy.db")).unwrap();
    let copy = t.elapsed();
    let join_device = |name: &str| {
        let mut c = kith::Store::open(&other.join(format!("{name}.db"))).unwrap();
        let t = Instant::now();
        let joined = c
            .sync_setup_with(folder, name, Some(key), now, KdfParams::INSECURE_FOR_TESTS)
            .unwrap();
        (c, joined.first_pass, t.elapsed())
    };

    // A new device joins: everything device a had, replayed from its change files (left out
    // above 200,000 interactions: minutes of replay, which snapshots are there to spare).
    let replayed = (interactions <= 200_000).then(|| {
        // Device a wrote a snapshot in its first pass: out of sight for this join.
        let snapshots: Vec<std::path::PathBuf> = std::fs::read_dir(folder.join("kith"))
            .unwrap()
            .flatten()
            .filter(|d| d.path().is_dir())
            .flat_map(|d| std::fs::read_dir(d.path()).unwrap().flatten())
            .map(|f| f.path())
            .filter(|p| p.extension().is_some_and(|e| e == "kcs"))
            .collect();
        for p in &snapshots {
            std::fs::rename(p, p.with_extension("away")).unwrap();
        }
        let (c, first, join) = join_device("c");
        assert!(!first.notes.iter().any(|n| n.contains("snapshot")), "{first:?}");
        for p in &snapshots {
            std::fs::rename(p.with_extension("away"), p).unwrap();
        }
        row(
            &format!(
                "a new device joins by replaying change files ({people} people, {interactions} interactions: {} changes applied; raw: copy the database file)",
                first.received
            ),
            join,
            copy,
            "",
        );
        c
    });

    // The same from a snapshot device a writes first.
    let t = Instant::now();
    let snapshot = b.store.sync_snapshot(now).unwrap().unwrap();
    let written = t.elapsed();
    let size = std::fs::metadata(&snapshot).unwrap().len();
    let (e, first, join) = join_device("e");
    assert!(
        first.notes.iter().any(|n| n.contains("snapshot")),
        "{first:?}"
    );
    row(
        &format!(
            "a new device joins from a snapshot ({people} people, {interactions} interactions: {} changes held, a file of {:.1} MB; raw: copy the database file)",
            first.received,
            size as f64 / 1e6
        ),
        join,
        copy,
        "≤ 60 s at 10k / 1M",
    );
    println!(
        "| (device a writing the snapshot) | {} | | | |",
        ms(written)
    );
    replayed.unwrap_or(e)
}

/// 10,000 changes: five fields of 2,000 people edited on device a (`b`), applied on device
/// `c` in one pass.
#[allow(clippy::print_stdout)]
fn sync_apply(b: &mut common::Bench, c: &mut kith::Store, now: chrono::DateTime<chrono::Utc>) {
    let ids: Vec<i64> = b
        .raw
        .prepare("SELECT id FROM contact WHERE deleted_at IS NULL AND is_self = 0 ORDER BY id LIMIT 2000")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    for (round, &id) in ids.iter().enumerate() {
        let mut input = kith::model::ContactInput::from_contact(&b.store.get_contact(id).unwrap());
        input.company = Some(format!("Company {round}"));
        input.role = Some(format!("Role {round}"));
        input.location = Some(format!("City {round}"));
        input.met_how = Some(format!("Met at event {round}"));
        input.notes = format!("Notes written on device a, round {round}");
        b.store.update_contact(id, input, now).unwrap();
    }
    let pending = b.store.sync_status().unwrap().pending;
    b.store.sync_now(now).unwrap();
    let t = Instant::now();
    let applied = c.sync_now(now).unwrap();
    let apply = t.elapsed();
    let t = Instant::now();
    {
        let tx = b.raw.unchecked_transaction().unwrap();
        let mut update = tx
            .prepare("UPDATE contact SET notes = ?2 WHERE id = ?1")
            .unwrap();
        for i in 0..pending as i64 {
            update
                .execute(rusqlite::params![
                    ids[(i as usize) % ids.len()],
                    format!("raw {i}")
                ])
                .unwrap();
        }
        drop(update);
        tx.commit().unwrap();
    }
    let raw_apply = t.elapsed();
    row(
        &format!(
            "a pass applying {} changes ({} records written; raw: as many UPDATEs by id in one transaction)",
            applied.received, applied.rows_written
        ),
        apply,
        raw_apply,
        "≤ 1 s for 10,000",
    );
}

#[allow(clippy::print_stdout)]
fn main() {
    let scale: usize = std::env::var("KITH_BENCH_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    let load_before = loadavg();
    // `KITH_BENCH_ONLY=convo`: only the phone and chat readers (issue 17).
    if std::env::var("KITH_BENCH_ONLY").as_deref() == Ok("convo") {
        println!("| case | Kith (median) | raw (median) | ratio | target |");
        println!("|---|---|---|---|---|");
        if std::env::var("KITH_BENCH_CONVO_CASE").is_err() {
            convo();
        }
        if std::env::var("KITH_BENCH_CONVO_DB").as_deref() != Ok("0") {
            convo_sources();
        }
        println!();
        println!("load average before: {load_before}; after: {}", loadavg());
        return;
    }
    // `KITH_BENCH_ONLY=import`: only the import rows (no network is seeded).
    if std::env::var("KITH_BENCH_ONLY").as_deref() == Ok("capture") {
        println!("| case | Kith (median) | raw SQLite (median) | ratio | target |");
        println!("|---|---|---|---|---|");
        calendar();
        if std::env::var("KITH_BENCH_MAIL").as_deref() != Ok("0") {
            capture();
        }
        println!();
        println!("load average before: {load_before}; after: {}", loadavg());
        return;
    }
    // `KITH_BENCH_ONLY=sync`: only sync's rows (issue 21).
    if std::env::var("KITH_BENCH_ONLY").as_deref() == Ok("sync") {
        sync(scale);
        println!();
        println!("load average before: {load_before}; after: {}", loadavg());
        return;
    }
    // `KITH_BENCH_ONLY=search`: only the search rows.
    if std::env::var("KITH_BENCH_ONLY").as_deref() == Ok("search") {
        let b = common::open(2_000, 20_000);
        header(&b);
        search(&b, scale);
        println!();
        println!("load average before: {load_before}; after: {}", loadavg());
        return;
    }
    if std::env::var("KITH_BENCH_ONLY").as_deref() == Ok("import") {
        println!("| case | Kith (median) | raw SQLite (median) | ratio | target |");
        println!("|---|---|---|---|---|");
        import(scale);
        println!();
        println!("load average before: {load_before}; after: {}", loadavg());
        return;
    }
    // `KITH_BENCH_ONLY=knows`: who knows whom (issue 19): a meeting with three people logged,
    // the people someone was seen with, and the Review with its map.
    if std::env::var("KITH_BENCH_ONLY").as_deref() == Ok("knows") {
        let mut b = common::open(2_000, 20_000);
        header(&b);
        knows(&mut b, scale);
        review(&b, scale);
        println!();
        println!("load average before: {load_before}; after: {}", loadavg());
        return;
    }
    // `KITH_BENCH_ONLY=health`: only the People list sorted by health after an edit.
    if std::env::var("KITH_BENCH_ONLY").as_deref() == Ok("health") {
        let mut b = common::open(2_000, 20_000);
        header(&b);
        people_by_health(&mut b, scale);
        println!();
        println!("load average before: {load_before}; after: {}", loadavg());
        return;
    }
    let mut b = common::open(2_000, 20_000);
    header(&b);
    today(&b, scale);
    help_matching(scale);
    // `KITH_BENCH_ONLY=today`: only Today's rows (help matching is part of it).
    if std::env::var("KITH_BENCH_ONLY").as_deref() == Ok("today") {
        println!();
        println!("load average before: {load_before}; after: {}", loadavg());
        return;
    }
    log(&mut b, scale);
    person_page(&b, scale);
    search(&b, scale);
    people_pages(&b, scale);
    people_by_health(&mut b, scale);
    review(&b, scale);
    duplicates(&b, scale);
    import(scale);
    println!();
    println!("load average before: {load_before}; after: {}", loadavg());
}
