//! Helpers of the sync tests (`tests/sync_*.rs`): a device is a store of its own in a
//! temporary folder, with a wall clock a test can fix.

use std::sync::Arc;

use chrono::{DateTime, TimeZone, Utc};
use kith::model::{Channel, ChannelKind, ContactInput};
use kith::Store;

/// 2026-12-03 at `h:m` UTC.
pub fn at(h: u32, m: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 3, h, m, 0).unwrap()
}

pub struct Device {
    pub _dir: tempfile::TempDir,
    pub store: Store,
}

/// A new device: an empty store, its wall clock fixed at 08:00 of the tests' day (a clock
/// that followed the real date would put its first stamps a day or more after the edits a
/// test then makes at fixed times, once the real date passes 2026-12-03).
pub fn device() -> Device {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(&dir.path().join("kith.db")).expect("open");
    let mut d = Device { _dir: dir, store };
    clock(&mut d, at(8, 0));
    d
}

/// A fixed wall clock for `d`'s stamps.
pub fn clock(d: &mut Device, t: DateTime<Utc>) {
    d.store.set_sync_wall_clock(Arc::new(move || t));
}

/// A person with a company, an email and `tags`.
pub fn contact(name: &str, company: &str, email: &str, tags: &[&str]) -> ContactInput {
    ContactInput {
        name: name.into(),
        company: Some(company.into()),
        channels: vec![Channel {
            kind: ChannelKind::Email,
            label: None,
            value: email.into(),
            types: Vec::new(),
        }],
        tags: tags.iter().map(|t| (*t).to_owned()).collect(),
        ..Default::default()
    }
}

/// The id of the person called `name` on `d`.
pub fn id_of(d: &Device, name: &str) -> i64 {
    d.store.resolve_contact(name).expect(name).id
}
