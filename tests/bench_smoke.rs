//! A smoke run of the benchmark cases (`benches/common`) on a tiny seeded network: every
//! case runs once and gives a sensible answer, so the benchmarks keep working without being
//! run in CI. No timing is asserted here (figures come from `scripts/bench.sh`).

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../benches/common/mod.rs"]
mod common;

#[test]
fn every_benchmark_case_runs_on_a_tiny_network() {
    let mut b = common::open(300, 3_000);
    assert!(b.today() > 0, "someone is due");
    assert!(b.raw_today() > 0);
    let before = b.raw_log();
    assert!(b.raw_log() > before);
    let logged = b.log();
    assert_eq!(
        b.store.get_interaction(logged).unwrap().summary,
        "benchmark call"
    );
    assert!(b.person_page() > 0);
    assert!(b.raw_person_page() > 0);
    for input in [common::RARE, common::COMMON, common::PREFIX] {
        b.raw_search(input);
        b.search(input);
    }
    assert_eq!(
        b.search(common::COMMON),
        20,
        "a word in most notes fills the page"
    );
    assert!(b.people_page() > 0 && b.raw_people_page() > 0);
    assert_eq!(b.people_page_all(), b.raw_people_page_all());
    let by_health = b.people_by_health();
    b.log();
    assert_eq!(
        b.people_by_health(),
        by_health,
        "the same people are listed"
    );
    b.raw_keep_health();
    assert_eq!(b.raw_people_by_health(), by_health);
    // An empty network's Review still has 5 circles and 53 trend weeks.
    assert!(b.review(1) > 5 + 53, "the Review has the network's content");
    assert!(b.raw_review() > 0);
    // The seeded names are unique ("First Last N"), so no pair is expected; the read is done.
    b.duplicates();
    assert!(b.raw_duplicates() > 0);

    let dir = tempfile::tempdir().unwrap();
    let file = common::vcard_file(dir.path(), 50);
    assert_eq!(common::import(dir.path(), &file, 1), 50);
    assert_eq!(common::raw_import(dir.path(), 50, 2), 50);
}
