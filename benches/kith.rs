//! Criterion benchmarks of Kith's hot paths beside raw SQLite (see `common` and
//! docs/PERFORMANCE.md). `KITH_BENCH_DB=path cargo bench --bench kith` measures a seeded
//! database; without it, a small network seeded in a temporary folder.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use criterion::{criterion_group, criterion_main, Criterion};

fn hot_paths(c: &mut Criterion) {
    let mut b = common::open(2_000, 20_000);
    let mut g = c.benchmark_group("kith");
    g.sample_size(20);
    g.bench_function("today", |x| x.iter(|| b.today()));
    g.bench_function("raw/today", |x| x.iter(|| b.raw_today()));
    g.bench_function("person_page", |x| x.iter(|| b.person_page()));
    g.bench_function("raw/person_page", |x| x.iter(|| b.raw_person_page()));
    for (name, input) in [
        ("rare", common::RARE),
        ("common", common::COMMON),
        ("prefix", common::PREFIX),
    ] {
        g.bench_function(format!("search_{name}"), |x| x.iter(|| b.search(input)));
        g.bench_function(format!("raw/search_{name}"), |x| {
            x.iter(|| b.raw_search(input))
        });
    }
    g.bench_function("people_page", |x| x.iter(|| b.people_page()));
    g.bench_function("raw/people_page", |x| x.iter(|| b.raw_people_page()));
    g.bench_function("people_page_all", |x| x.iter(|| b.people_page_all()));
    g.bench_function("raw/people_page_all", |x| {
        x.iter(|| b.raw_people_page_all())
    });
    g.bench_function("people_by_health_after_log", |x| {
        x.iter_custom(|iters| {
            let mut total = std::time::Duration::ZERO;
            for _ in 0..iters {
                b.log();
                let t = std::time::Instant::now();
                b.people_by_health();
                total += t.elapsed();
            }
            total
        })
    });
    b.raw_keep_health();
    g.bench_function("raw/people_by_health", |x| {
        x.iter(|| b.raw_people_by_health())
    });
    let mut run = 0;
    g.bench_function("review", |x| {
        x.iter(|| {
            run += 1;
            b.review(run)
        })
    });
    g.bench_function("raw/review", |x| x.iter(|| b.raw_review()));
    g.bench_function("raw/log", |x| x.iter(|| b.raw_log()));
    g.bench_function("log", |x| x.iter(|| b.log()));
    g.finish();

    let dir = tempfile::tempdir().expect("tempdir");
    let file = common::vcard_file(dir.path(), 10_000);
    let mut g = c.benchmark_group("import");
    g.sample_size(10);
    let mut run = 0;
    g.bench_function("vcard_10k", |x| {
        x.iter(|| {
            run += 1;
            common::import(dir.path(), &file, run)
        })
    });
    g.bench_function("raw/vcard_10k", |x| {
        x.iter(|| {
            run += 1;
            common::raw_import(dir.path(), 10_000, run)
        })
    });
    g.finish();
}

criterion_group!(benches, hot_paths);
criterion_main!(benches);
