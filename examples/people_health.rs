//! Times the People list with health on an existing database (e.g. one made with
//! `kith seed --contacts 10000 --interactions 100000`): a plain page by name, the first page
//! sorted by health (one engine pass), the next pages (scores kept), and pages after a write
//! (the kept scores brought up to date: only the contacts it changed are computed again).
//! `cargo run --release --example people_health -- PATH`.

#![allow(clippy::print_stdout, clippy::unwrap_used, clippy::expect_used)]

use std::time::Instant;

use chrono::Utc;
use kith::engine::Now;
use kith::model::{ContactQuery, ContactSort};
use kith::Store;

fn main() {
    let path = std::env::args().nth(1).expect("usage: people_health DB");
    let mut store = Store::open(std::path::Path::new(&path)).unwrap();
    let now = Now::utc(Utc::now());
    let page = |sort, offset| ContactQuery {
        sort,
        offset,
        limit: 100,
        ..ContactQuery::default()
    };
    let time = |label: &str, f: &mut dyn FnMut() -> u32| {
        let start = Instant::now();
        let total = f();
        println!(
            "{label:<44} {:>8.1} ms  ({total} contacts)",
            start.elapsed().as_secs_f64() * 1e3
        );
    };
    time("list by name, no health", &mut || {
        store
            .list_contacts(&page(ContactSort::Name, 0))
            .unwrap()
            .total
    });
    time("list by health, first page (engine pass)", &mut || {
        store
            .list_contacts_at(&page(ContactSort::Health, 0), &now)
            .unwrap()
            .total
    });
    for offset in [100, 5000, 9900] {
        time(
            &format!("list by health, offset {offset} (scores kept)"),
            &mut || {
                store
                    .list_contacts_at(&page(ContactSort::Health, offset), &now)
                    .unwrap()
                    .total
            },
        );
    }
    time("list by name with health (scores kept)", &mut || {
        store
            .list_contacts_at(&page(ContactSort::Name, 0), &now)
            .unwrap()
            .total
    });
    let settings = store.settings().unwrap();
    store.set_settings(settings.clone()).unwrap();
    time("list by name with health after a write (kept)", &mut || {
        store
            .list_contacts_at(&page(ContactSort::Name, 0), &now)
            .unwrap()
            .total
    });
    store.set_settings(settings).unwrap();
    time("list by health after a write (kept)", &mut || {
        store
            .list_contacts_at(&page(ContactSort::Health, 0), &now)
            .unwrap()
            .total
    });
}
