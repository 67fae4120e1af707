//! Sync's change-file layer (src/sync): keys, the key check, writing and reading change files,
//! and scanning a folder a sync tool keeps changing.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use kith::error::{Error, SyncFileProblem};
use kith::sync::file::{decode, encode, HEADER_LEN};
use kith::sync::{
    change_file_name, create_keycheck, device_dir, kith_dir, open_keycheck, read_change_file,
    read_keycheck, scan, write_change_file, Change, ChangeOp, Clock, DeviceId, Hlc, KdfParams,
    NewChangeFile, RecoveryKey, SecretKind, SkipReason, SyncKey, SyncSecret,
};
use proptest::prelude::*;

const FAST: KdfParams = KdfParams::INSECURE_FOR_TESTS;
const T0: i64 = 1_764_676_800_000; // 2025-12-02 12:00 UTC

fn at(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(ms).expect("a valid time")
}

fn device(n: u8) -> DeviceId {
    DeviceId::from_bytes([n; 16])
}

fn change(i: u64, device: &DeviceId) -> Change {
    let columns = ["company", "role", "circle", "email", "tag"];
    let column = columns[(i % 5) as usize];
    let op = match column {
        "email" | "tag" if i.is_multiple_of(3) => ChangeOp::Remove,
        "email" | "tag" => ChangeOp::Add,
        _ => ChangeOp::Set,
    };
    Change {
        table: "contact".into(),
        row: format!("0193a5c4-7e10-7000-8000-{:012x}", i / 5),
        column: column.into(),
        value: serde_json::json!(format!("{column} value number {i}")),
        op,
        hlc: Hlc::new(T0 as u64 + i, (i % 3) as u32),
        device: device.to_string(),
        base: None,
        observed: Vec::new(),
    }
}

fn changes(n: u64, device: &DeviceId) -> Vec<Change> {
    (0..n).map(|i| change(i, device)).collect()
}

/// A folder set up with a new recovery key (cheap Argon2id costs), and its key.
fn setup() -> (tempfile::TempDir, RecoveryKey, SyncKey) {
    let dir = tempfile::tempdir().expect("tempdir");
    let recovery = RecoveryKey::generate().expect("random");
    let key = create_keycheck(dir.path(), &SyncSecret::RecoveryKey(recovery.clone()), FAST)
        .expect("set up");
    (dir, recovery, key)
}

fn new_file<'a>(device: DeviceId, first_seq: u64, changes: &'a [Change]) -> NewChangeFile<'a> {
    NewChangeFile {
        schema_version: 23,
        device,
        first_seq,
        created: at(T0),
        changes,
    }
}

fn problem(err: Error) -> SyncFileProblem {
    match err {
        Error::SyncFile { problem, .. } => problem,
        other => panic!("not a sync file error: {other:?}"),
    }
}

/// Every file under `dir` with its bytes: to show that something touched nothing.
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in fs::read_dir(dir).expect("read dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            out.extend(tree(&path));
        } else {
            out.insert(path.clone(), fs::read(&path).expect("read"));
        }
    }
    out
}

#[test]
fn a_change_file_round_trips_and_is_listed_with_its_header() {
    let (dir, recovery, key) = setup();
    let me = device(1);
    let written = changes(25, &me);
    let path = write_change_file(dir.path(), &key, &new_file(me, 1, &written)).expect("write");
    assert_eq!(
        path,
        kith_dir(dir.path())
            .join(me.to_string())
            .join("00000000000000000001.kch")
    );
    // Another device joins with the recovery key as typed and reads the file.
    let joined = open_keycheck(
        dir.path(),
        &SyncSecret::RecoveryKey(
            RecoveryKey::parse(&recovery.to_string().to_lowercase()).expect("parse"),
        ),
    )
    .expect("join");
    assert_eq!(joined.id(), key.id());
    let read = read_change_file(&path, &joined).expect("read");
    assert_eq!(read.changes, written);
    let h = &read.header;
    assert_eq!((h.first_seq, h.last_seq, h.count), (1, 25, 25));
    assert_eq!((h.format, h.schema_version, h.device), (1, 23, me));
    assert_eq!(h.created, at(T0));
    assert_eq!(fs::metadata(&path).expect("stat").len(), h.file_len());

    let next = changes(3, &me);
    write_change_file(dir.path(), &key, &new_file(me, 26, &next)).expect("write");
    let listed = scan(dir.path()).expect("scan");
    assert!(listed.has_keycheck);
    assert!(listed.skipped.is_empty(), "{:?}", listed.skipped);
    assert_eq!(listed.devices.len(), 1);
    let files = &listed.devices[0].files;
    assert_eq!(
        files
            .iter()
            .map(|f| (f.header.first_seq, f.header.last_seq))
            .collect::<Vec<_>>(),
        [(1, 25), (26, 28)]
    );
    // No temporary file is left behind.
    let names: Vec<_> = fs::read_dir(device_dir(dir.path(), &me))
        .expect("read dir")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
}

#[test]
fn a_passphrase_folder_opens_with_the_passphrase_only() {
    let dir = tempfile::tempdir().expect("tempdir");
    let secret = SyncSecret::passphrase("a long and memorable sentence");
    let key = create_keycheck(dir.path(), &secret, FAST).expect("set up");
    assert_eq!(
        read_keycheck(dir.path()).expect("read").kind,
        SecretKind::Passphrase
    );
    let again = open_keycheck(
        dir.path(),
        &SyncSecret::passphrase("a long and memorable sentence\n"),
    )
    .expect("join");
    assert_eq!(again.id(), key.id());
    let err = open_keycheck(
        dir.path(),
        &SyncSecret::passphrase("a long and memorable sentences"),
    )
    .unwrap_err();
    assert!(matches!(err, Error::WrongSyncKey { .. }), "{err:?}");
    // A too-short passphrase is refused at setup, naming the field.
    let other = tempfile::tempdir().expect("tempdir");
    let err = create_keycheck(other.path(), &SyncSecret::passphrase("short"), FAST).unwrap_err();
    assert!(err.to_string().starts_with("passphrase: "), "{err}");
    assert!(!kith_dir(other.path()).join("keycheck").exists());
}

#[test]
fn a_wrong_key_is_refused_with_a_clear_message_and_touches_nothing() {
    let (dir, _recovery, key) = setup();
    let me = device(1);
    write_change_file(dir.path(), &key, &new_file(me, 1, &changes(4, &me))).expect("write");
    let before = tree(dir.path());

    let wrong = SyncSecret::RecoveryKey(RecoveryKey::generate().expect("random"));
    let err = open_keycheck(dir.path(), &wrong).unwrap_err();
    assert!(matches!(err, Error::WrongSyncKey { .. }), "{err:?}");
    let text = err.to_string();
    assert!(
        text.contains("does not open the sync folder")
            && text.contains("nothing in it was read or changed"),
        "{text}"
    );
    // A passphrase where a recovery key was set up: refused the same way.
    let err = open_keycheck(
        dir.path(),
        &SyncSecret::passphrase("not the recovery key at all"),
    )
    .unwrap_err();
    assert!(matches!(err, Error::WrongSyncKey { .. }), "{err:?}");
    assert_eq!(tree(dir.path()), before);

    // A file read with another key says so (not "altered").
    let other_dir = tempfile::tempdir().expect("tempdir");
    let other = create_keycheck(other_dir.path(), &wrong, FAST).expect("set up");
    let path = device_dir(dir.path(), &me).join(change_file_name(1));
    assert_eq!(
        problem(read_change_file(&path, &other).unwrap_err()),
        SyncFileProblem::OtherKey
    );
    // A refused write of an existing number leaves the folder as it was, too.
    let err = write_change_file(dir.path(), &key, &new_file(me, 1, &changes(1, &me))).unwrap_err();
    assert_eq!(problem(err), SyncFileProblem::AlreadyExists);
    assert_eq!(tree(dir.path()), before);
}

#[test]
fn the_key_check_tells_a_damaged_file_from_a_wrong_key() {
    let (dir, recovery, _key) = setup();
    let path = kith_dir(dir.path()).join("keycheck");
    let good = fs::read(&path).expect("read");
    let secret = SyncSecret::RecoveryKey(recovery);
    for at in 0..good.len() {
        let mut bad = good.clone();
        bad[at] ^= 0x20;
        fs::write(&path, &bad).expect("write");
        let err = open_keycheck(dir.path(), &secret).unwrap_err();
        match err {
            Error::SyncFile { ref problem, .. } => assert!(
                matches!(
                    problem,
                    SyncFileProblem::Damaged { .. }
                        | SyncFileProblem::NotASyncFile
                        | SyncFileProblem::NewerFormat { .. }
                ),
                "byte {at}: {err:?}"
            ),
            other => panic!("byte {at}: {other:?}"),
        }
    }
    for len in 0..good.len() {
        fs::write(&path, &good[..len]).expect("write");
        let problem = problem(open_keycheck(dir.path(), &secret).unwrap_err());
        assert!(
            matches!(problem, SyncFileProblem::Incomplete { .. }),
            "{len}: {problem:?}"
        );
    }
    fs::write(&path, &good).expect("write");
    open_keycheck(dir.path(), &secret).expect("the intact key check opens");
}

#[test]
fn a_folder_is_set_up_once() {
    let (dir, _recovery, _key) = setup();
    let before = tree(dir.path());
    let other = SyncSecret::RecoveryKey(RecoveryKey::generate().expect("random"));
    let err = create_keycheck(dir.path(), &other, FAST).unwrap_err();
    assert_eq!(problem(err), SyncFileProblem::AlreadyExists);
    assert_eq!(tree(dir.path()), before);
}

/// A small change file's bytes.
fn small_file(key: &SyncKey) -> Vec<u8> {
    let me = device(7);
    encode(key, &new_file(me, 5, &changes(3, &me))).expect("encode")
}

#[test]
fn altering_any_byte_is_refused() {
    let (_dir, _recovery, key) = setup();
    let good = small_file(&key);
    decode(&good, &key).expect("the intact file reads");
    for at in 0..good.len() {
        for flip in [0x01u8, 0x80, 0xff] {
            let mut bad = good.clone();
            bad[at] ^= flip;
            let got = decode(&bad, &key);
            let problem = got.expect_err(&format!("byte {at} ^ {flip:#x} was accepted"));
            match at {
                0..8 => assert_eq!(problem, SyncFileProblem::NotASyncFile, "byte {at}"),
                // The version: a higher one is "newer", a garbled lower one fails the checksum.
                8..10 => assert!(
                    matches!(
                        problem,
                        SyncFileProblem::NewerFormat { .. } | SyncFileProblem::Damaged { .. }
                    ),
                    "byte {at}: {problem:?}"
                ),
                10..HEADER_LEN => {
                    assert!(
                        matches!(problem, SyncFileProblem::Damaged { .. }),
                        "byte {at}: {problem:?}"
                    )
                }
                _ => assert_eq!(problem, SyncFileProblem::Tampered, "byte {at}"),
            }
        }
    }
}

#[test]
fn a_header_altered_with_its_checksum_recomputed_still_fails_authentication() {
    let (_dir, _recovery, key) = setup();
    let good = small_file(&key);
    // Everything a forger could want to change: schema, device, sequence numbers, time.
    for at in (12..60).chain(68..92) {
        let mut bad = good.clone();
        bad[at] ^= 0x01;
        let crc = crc32(&bad[..100]);
        bad[100..104].copy_from_slice(&crc.to_le_bytes());
        let problem = decode(&bad, &key).expect_err("accepted");
        assert!(
            matches!(
                problem,
                SyncFileProblem::Tampered | SyncFileProblem::Damaged { .. }
            ),
            "byte {at}: {problem:?}"
        );
    }
    // The key id: "another key", never accepted.
    let mut bad = good.clone();
    bad[60] ^= 0x01;
    let crc = crc32(&bad[..100]);
    bad[100..104].copy_from_slice(&crc.to_le_bytes());
    assert_eq!(decode(&bad, &key), Err(SyncFileProblem::OtherKey));
}

/// CRC-32 (IEEE), bit by bit: the test's own, so that it does not trust the code under test.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[test]
fn a_file_cut_short_at_any_length_is_incomplete() {
    let (_dir, _recovery, key) = setup();
    let good = small_file(&key);
    for len in 0..good.len() {
        let problem = decode(&good[..len], &key).expect_err("accepted");
        let SyncFileProblem::Incomplete { expected, found } = problem else {
            panic!("cut at {len}: {problem:?}");
        };
        assert_eq!(found, len as u64);
        let want = if len < HEADER_LEN {
            HEADER_LEN
        } else {
            good.len()
        };
        assert_eq!(expected, want as u64, "cut at {len}");
        assert!(problem.retry_later());
    }
    // Longer than its header says: damaged, not incomplete.
    let mut long = good.clone();
    long.push(0);
    assert!(matches!(
        decode(&long, &key),
        Err(SyncFileProblem::Damaged { .. })
    ));
}

fn arb_change() -> impl Strategy<Value = Change> {
    (
        "[a-z_]{1,12}",
        "[0-9a-f-]{1,36}",
        "[a-z_]{0,12}",
        prop_oneof![
            Just(serde_json::Value::Null),
            any::<i64>().prop_map(serde_json::Value::from),
            any::<bool>().prop_map(serde_json::Value::from),
            ".{0,40}".prop_map(serde_json::Value::from),
        ],
        prop_oneof![
            Just(ChangeOp::Set),
            Just(ChangeOp::Add),
            Just(ChangeOp::Remove),
            Just(ChangeOp::Delete)
        ],
        any::<(u64, u32)>(),
        "[0-9a-f-]{36}",
    )
        .prop_map(
            |(table, row, column, value, op, (ms, counter), device)| Change {
                table,
                row,
                column,
                value,
                op,
                hlc: Hlc::new(ms, counter),
                device,
                base: None,
                observed: Vec::new(),
            },
        )
}

fn test_key() -> SyncKey {
    SyncKey::derive(
        &SyncSecret::passphrase("proptest passphrase"),
        &[9; 16],
        FAST,
    )
    .expect("key")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_changes_round_trip_and_any_cut_is_incomplete(
        changes in prop::collection::vec(arb_change(), 1..20),
        first in 1u64..u64::MAX / 2,
        schema in any::<u32>(),
        cut in any::<prop::sample::Index>(),
    ) {
        let key = test_key();
        let new = NewChangeFile { schema_version: schema, device: device(3), first_seq: first, created: at(T0), changes: &changes };
        let bytes = encode(&key, &new).expect("encode");
        let read = decode(&bytes, &key).expect("decode");
        prop_assert_eq!(&read.changes, &changes);
        prop_assert_eq!(read.header.last_seq, first + changes.len() as u64 - 1);
        let len = cut.index(bytes.len());
        let cut_problem = decode(&bytes[..len], &key);
        prop_assert!(
            matches!(cut_problem, Err(SyncFileProblem::Incomplete { .. })),
            "cut at {}: {:?}", len, cut_problem
        );
    }

    #[test]
    fn garbage_is_refused_without_panicking(bytes in prop::collection::vec(any::<u8>(), 0..300), magic in any::<bool>()) {
        let key = test_key();
        let mut bytes = bytes;
        if magic && bytes.len() >= 10 {
            bytes[..8].copy_from_slice(b"KITHCHNG");
            bytes[8..10].copy_from_slice(&1u16.to_le_bytes());
        }
        prop_assert!(decode(&bytes, &key).is_err());
        let mut check = bytes.clone();
        if magic && check.len() >= 10 {
            check[..8].copy_from_slice(b"KITHKEYC");
        }
        prop_assert!(kith::sync::KeyCheck::decode(&check).is_err());
    }

    #[test]
    fn stamps_stay_monotonic_whatever_the_clocks_do(
        steps in prop::collection::vec((any::<bool>(), -100_000_000i64..100_000_000, -200_000_000i64..200_000_000, any::<u32>()), 1..60),
    ) {
        // Each step: a local change at a wall clock that jumps around T0 by up to ~1 day, or
        // a remote stamp up to ~2 days either side taken in.
        let mut clock = Clock::default();
        let mut last = Hlc::default();
        for (local, wall, remote_off, counter) in steps {
            let wall = at(T0 + wall);
            if local {
                let stamp = clock.now(wall);
                prop_assert!(stamp > last);
                last = stamp;
            } else {
                let remote = Hlc::new((T0 + remote_off) as u64, counter);
                let got = clock.update(remote, wall);
                prop_assert!(got.hlc > last);
                if !got.clamped {
                    prop_assert!(got.hlc > remote);
                }
                prop_assert_eq!(got.clamped, got.ahead_ms > kith::sync::hlc::MAX_AHEAD_MS);
                last = got.hlc;
            }
        }
    }

    #[test]
    fn stamps_with_device_ids_are_a_total_order(
        stamps in prop::collection::vec((0u64..4, 0u32..3, 0u8..3), 2..30),
    ) {
        let me = device(0);
        let mut all: Vec<Change> = stamps
            .iter()
            .map(|&(ms, counter, dev)| Change { hlc: Hlc::new(ms, counter), device: device(dev).to_string(), ..change(0, &me) })
            .collect();
        let mut reversed = all.clone();
        reversed.reverse();
        all.sort_by(|a, b| a.stamp().cmp(&b.stamp()));
        reversed.sort_by(|a, b| a.stamp().cmp(&b.stamp()));
        // The same order from any starting order, and equal only when hlc and device are equal.
        prop_assert_eq!(&all, &reversed);
        for pair in all.windows(2) {
            prop_assert!(pair[0].stamp() <= pair[1].stamp());
            if pair[0].stamp() == pair[1].stamp() {
                prop_assert_eq!((pair[0].hlc, &pair[0].device), (pair[1].hlc, &pair[1].device));
            }
        }
    }
}

#[test]
fn a_leftover_of_a_crash_mid_write_is_ignored_and_does_not_block_the_next_write() {
    let (dir, _recovery, key) = setup();
    let me = device(1);
    let own = device_dir(dir.path(), &me);
    fs::create_dir_all(&own).expect("mkdir");
    // What a crash leaves: half a file under the temporary name, for this number and another.
    let good = encode(&key, &new_file(me, 1, &changes(5, &me))).expect("encode");
    fs::write(
        own.join(".tmp-00000000000000000001.kch"),
        &good[..good.len() / 2],
    )
    .expect("write");
    fs::write(own.join(".tmp-00000000000000000009.kch"), b"garbage").expect("write");
    let listed = scan(dir.path()).expect("scan");
    assert!(listed.devices[0].files.is_empty());
    assert_eq!(listed.skipped.len(), 2);
    assert!(listed
        .skipped
        .iter()
        .all(|s| s.reason == SkipReason::Temporary));

    let written = changes(5, &me);
    let path = write_change_file(dir.path(), &key, &new_file(me, 1, &written)).expect("write");
    assert_eq!(
        read_change_file(&path, &key).expect("read").changes,
        written
    );
    assert!(!own.join(".tmp-00000000000000000001.kch").exists());
    let listed = scan(dir.path()).expect("scan");
    assert_eq!(listed.devices[0].files.len(), 1);
    assert_eq!(
        listed.skipped.len(),
        1,
        "the other leftover is still just skipped"
    );
}

#[test]
fn a_leftover_hard_link_is_replaced_without_touching_the_file_it_links() {
    // A crash between linking the file into place and removing the temporary name leaves two
    // names for one file; the next write under that temporary name must not write through it.
    let (dir, _recovery, key) = setup();
    let me = device(1);
    let first = changes(2, &me);
    let path = write_change_file(dir.path(), &key, &new_file(me, 1, &first)).expect("write");
    let own = device_dir(dir.path(), &me);
    let leftover = own.join(".tmp-00000000000000000003.kch");
    fs::hard_link(&path, &leftover).expect("link");
    let second = changes(4, &me);
    write_change_file(dir.path(), &key, &new_file(me, 3, &second)).expect("write");
    assert_eq!(read_change_file(&path, &key).expect("read").changes, first);
    assert_eq!(
        read_change_file(&own.join(change_file_name(3)), &key)
            .expect("read")
            .changes,
        second
    );
}

#[test]
fn an_existing_number_is_never_overwritten() {
    let (dir, _recovery, key) = setup();
    let me = device(1);
    let first = changes(3, &me);
    let path = write_change_file(dir.path(), &key, &new_file(me, 1, &first)).expect("write");
    let bytes = fs::read(&path).expect("read");
    let other = changes(7, &me);
    let err = write_change_file(dir.path(), &key, &new_file(me, 1, &other)).unwrap_err();
    assert!(
        err.to_string()
            .ends_with("already exists; change files are never overwritten"),
        "{err}"
    );
    assert_eq!(fs::read(&path).expect("read"), bytes);
    // Even a file someone else put there, whatever it holds.
    let own = device_dir(dir.path(), &me);
    fs::write(own.join(change_file_name(50)), b"not ours").expect("write");
    let err = write_change_file(dir.path(), &key, &new_file(me, 50, &other)).unwrap_err();
    assert_eq!(problem(err), SyncFileProblem::AlreadyExists);
    assert_eq!(
        fs::read(own.join(change_file_name(50))).expect("read"),
        b"not ours"
    );
    assert_eq!(
        fs::read_dir(&own).expect("read dir").count(),
        2,
        "no temporary file left"
    );
}

#[test]
fn bad_runs_are_refused_before_anything_is_written() {
    let (dir, _recovery, key) = setup();
    let me = device(1);
    let err = write_change_file(dir.path(), &key, &new_file(me, 1, &[])).unwrap_err();
    assert!(matches!(err, Error::Invalid { .. }), "{err:?}");
    let one = changes(2, &me);
    for first in [0, u64::MAX] {
        let err = write_change_file(dir.path(), &key, &new_file(me, first, &one)).unwrap_err();
        assert!(matches!(err, Error::Invalid { .. }), "{err:?}");
    }
    assert!(!device_dir(dir.path(), &me).exists());
}

/// Leaves in `folder` what sync tools and crashes leave, beside the change files `one` (a
/// copy of file 1) and `full` (a copy of file 5) of device `me`.
fn litter(folder: &Path, me: DeviceId, other: DeviceId, one: &[u8], full: &[u8]) {
    let mine = device_dir(folder, &me);
    let theirs = device_dir(folder, &other);
    let put =
        |dir: &Path, name: &str, bytes: &[u8]| fs::write(dir.join(name), bytes).expect("write");
    // Conflict copies and duplicates (with the original there, and without).
    put(
        &mine,
        "00000000000000000001.sync-conflict-20261202-101010-ABCDEFG.kch",
        one,
    );
    put(
        &mine,
        "00000000000000000001 (Ana's conflicted copy 2026-12-02).kch",
        one,
    );
    put(
        &mine,
        "00000000000000000001_conflict-20261202-101010.kch",
        one,
    );
    put(&mine, "00000000000000000001 (1).kch", one);
    put(&mine, "00000000000000000011-2.kch", one);
    // Files still arriving: the next change file half there, and an empty one.
    put(&mine, "00000000000000000007.kch", &full[..full.len() - 10]);
    put(&theirs, "00000000000000000002.kch", b"");
    // A change file of mine copied into the other device's folder, and under another number.
    put(&theirs, "00000000000000000005.kch", full);
    put(&mine, "00000000000000000009.kch", full);
    // Not ours at all; a newer format; a damaged header.
    put(&mine, "notes.txt", b"hello");
    put(&mine, "00000000000000000012.kch", b"PK\x03\x04 a zip file");
    let mut newer = full.to_vec();
    newer[8] = 2;
    put(&mine, "00000000000000000013.kch", &newer);
    let mut damaged = full.to_vec();
    damaged[40] ^= 1;
    put(&mine, "00000000000000000014.kch", &damaged);
    // A copy of a device's folder, and an unknown folder in kith/.
    fs::create_dir(kith_dir(folder).join(format!("{me} (1)"))).expect("mkdir");
    put(&kith_dir(folder), "keycheck (1)", b"x");
}

/// What `the_scan_skips_what_sync_tools_leave_and_says_why` expects skipped, by path inside
/// `kith/`, with why.
fn expected_skips(me: DeviceId, other: DeviceId, full_len: u64) -> BTreeMap<String, SkipReason> {
    let mine_name = |n: &str| format!("{me}/{n}");
    [
        (
            mine_name("00000000000000000001.sync-conflict-20261202-101010-ABCDEFG.kch"),
            SkipReason::ConflictCopy,
        ),
        (
            mine_name("00000000000000000001 (Ana's conflicted copy 2026-12-02).kch"),
            SkipReason::ConflictCopy,
        ),
        (
            mine_name("00000000000000000001_conflict-20261202-101010.kch"),
            SkipReason::ConflictCopy,
        ),
        (
            mine_name("00000000000000000001 (1).kch"),
            SkipReason::Copy {
                seq: 1,
                original: true,
            },
        ),
        (
            mine_name("00000000000000000011-2.kch"),
            SkipReason::Copy {
                seq: 11,
                original: false,
            },
        ),
        (
            mine_name("00000000000000000007.kch"),
            SkipReason::Refused(SyncFileProblem::Incomplete {
                expected: full_len,
                found: full_len - 10,
            }),
        ),
        (
            format!("{other}/00000000000000000002.kch"),
            SkipReason::Refused(SyncFileProblem::Incomplete {
                expected: HEADER_LEN as u64,
                found: 0,
            }),
        ),
        (
            format!("{other}/00000000000000000005.kch"),
            SkipReason::Misplaced,
        ),
        (mine_name("00000000000000000009.kch"), SkipReason::Misplaced),
        (mine_name("notes.txt"), SkipReason::Unknown),
        (
            mine_name("00000000000000000012.kch"),
            SkipReason::Refused(SyncFileProblem::NotASyncFile),
        ),
        (
            mine_name("00000000000000000013.kch"),
            SkipReason::Refused(SyncFileProblem::NewerFormat {
                found: 2,
                supported: 1,
            }),
        ),
        (
            mine_name("00000000000000000014.kch"),
            SkipReason::Refused(SyncFileProblem::Damaged {
                reason: "its header's checksum does not match".into(),
            }),
        ),
        (format!("{me} (1)"), SkipReason::Unknown),
        ("keycheck (1)".into(), SkipReason::Unknown),
    ]
    .into_iter()
    .collect()
}

#[test]
fn the_scan_skips_what_sync_tools_leave_and_says_why() {
    let (dir, _recovery, key) = setup();
    let (me, other) = (device(1), device(2));
    let p1 = write_change_file(dir.path(), &key, &new_file(me, 1, &changes(2, &me))).expect("w");
    write_change_file(dir.path(), &key, &new_file(me, 3, &changes(2, &me))).expect("w");
    let p5 = write_change_file(dir.path(), &key, &new_file(me, 5, &changes(2, &me))).expect("w");
    write_change_file(dir.path(), &key, &new_file(other, 1, &changes(1, &other))).expect("w");
    let full = fs::read(&p5).expect("read");
    let one = fs::read(&p1).expect("read");
    litter(dir.path(), me, other, &one, &full);

    let listed = scan(dir.path()).expect("scan");
    let seqs = |d: &DeviceId| -> Vec<u64> {
        listed
            .devices
            .iter()
            .find(|f| f.device == *d)
            .expect("device listed")
            .files
            .iter()
            .map(|f| f.header.first_seq)
            .collect()
    };
    assert_eq!(seqs(&me), [1, 3, 5]);
    assert_eq!(seqs(&other), [1]);
    let reasons: BTreeMap<String, SkipReason> = listed
        .skipped
        .iter()
        .map(|s| {
            let rel = s
                .path
                .strip_prefix(kith_dir(dir.path()))
                .expect("inside")
                .display()
                .to_string();
            (rel, s.reason.clone())
        })
        .collect();
    assert_eq!(reasons, expected_skips(me, other, full.len() as u64));
    assert!(listed.retry_later());
}

#[cfg(unix)]
#[test]
fn placeholders_are_never_opened() {
    // A FIFO blocks whoever opens it for reading, as an iCloud placeholder that is not
    // downloaded does: if the scan opened one, this test would hang.
    let (dir, _recovery, key) = setup();
    let me = device(1);
    write_change_file(dir.path(), &key, &new_file(me, 1, &changes(1, &me))).expect("write");
    let mine = device_dir(dir.path(), &me);
    let fifo = |path: PathBuf| {
        let ok = std::process::Command::new("mkfifo")
            .arg(&path)
            .status()
            .expect("mkfifo")
            .success();
        assert!(ok);
        path
    };
    let p2 = fifo(mine.join(".00000000000000000002.kch.icloud"));
    let pk = fifo(kith_dir(dir.path()).join(".keycheck.icloud"));
    fs::remove_file(kith_dir(dir.path()).join("keycheck")).expect("rm");
    let listed = scan(dir.path()).expect("scan");
    assert!(!listed.has_keycheck);
    assert_eq!(listed.devices[0].files.len(), 1);
    let placeholders: Vec<_> = listed
        .skipped
        .iter()
        .filter(|s| s.reason == SkipReason::Placeholder)
        .map(|s| s.path.clone())
        .collect();
    assert_eq!(placeholders, [pk, p2]);
    assert!(listed.retry_later());
}

#[test]
fn a_folder_not_set_up_scans_empty_and_a_missing_folder_is_an_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let listed = scan(dir.path()).expect("scan");
    assert!(!listed.has_keycheck && listed.devices.is_empty() && listed.skipped.is_empty());
    let err = scan(&dir.path().join("missing")).unwrap_err();
    assert!(
        err.to_string().ends_with("there is no such file or folder"),
        "{err}"
    );
    let err =
        open_keycheck(dir.path(), &SyncSecret::passphrase("whatever it is, long")).unwrap_err();
    assert!(matches!(err, Error::Io { .. }), "{err:?}");
    // Kith makes its folders inside the chosen one, never the chosen one itself (a drive
    // that is not mounted must not get a new folder in its place).
    let missing = dir.path().join("not mounted");
    let secret = SyncSecret::passphrase("whatever it is, long");
    let err = create_keycheck(&missing, &secret, FAST).unwrap_err();
    assert!(
        err.to_string().ends_with("there is no such file or folder"),
        "{err}"
    );
    let key = test_key();
    let me = device(1);
    let err = write_change_file(&missing, &key, &new_file(me, 1, &changes(1, &me))).unwrap_err();
    assert!(matches!(err, Error::Io { .. }), "{err:?}");
    assert!(!missing.exists());
}

#[cfg(unix)]
#[test]
fn a_file_gone_between_listing_and_reading_is_passed_over() {
    let (dir, _recovery, key) = setup();
    let me = device(1);
    write_change_file(dir.path(), &key, &new_file(me, 1, &changes(1, &me))).expect("write");
    // A link to nothing: listed by the folder, gone when opened.
    let own = device_dir(dir.path(), &me);
    std::os::unix::fs::symlink(own.join("nowhere"), own.join(change_file_name(2))).expect("link");
    let listed = scan(dir.path()).expect("scan");
    assert_eq!(listed.devices[0].files.len(), 1);
    assert!(listed.skipped.is_empty(), "{:?}", listed.skipped);
}

#[test]
fn sync_errors_read_as_sentences_and_cross_to_the_ui_tagged() {
    let err = Error::SyncFile {
        path: "/sync/kith/x/00000000000000000007.kch".into(),
        problem: SyncFileProblem::Incomplete {
            expected: 2000,
            found: 1000,
        },
    };
    assert_eq!(
        err.to_string(),
        "/sync/kith/x/00000000000000000007.kch is still arriving (1000 of 2000 bytes); it was left \
         alone and will be read on a later pass"
    );
    assert_eq!(
        serde_json::to_value(&err).expect("json"),
        serde_json::json!({
            "type": "syncFile",
            "data": {
                "path": "/sync/kith/x/00000000000000000007.kch",
                "problem": { "type": "incomplete", "data": { "expected": 2000, "found": 1000 } }
            }
        })
    );
    let err = Error::SyncFile {
        path: "f.kch".into(),
        problem: SyncFileProblem::NewerFormat {
            found: 3,
            supported: 1,
        },
    };
    assert_eq!(
        err.to_string(),
        "f.kch was written by a newer version of Kith (sync file format 3; this version reads up \
         to 1); it was kept for when Kith on this device is updated"
    );
}

/// Figures for docs/SYNC.md: writing and reading a file of 10,000 changes, and its size. Run
/// with `cargo test -p kith --test sync_files measure -- --ignored --nocapture` (a debug
/// build unless `--release`).
#[test]
#[ignore = "a measurement, not a test"]
#[allow(clippy::print_stdout)]
fn measure_10000_changes() {
    let (dir, _recovery, key) = setup();
    let me = DeviceId::generate(at(T0));
    // Two sets: the repetitive synthetic values of `change`, and the same changes with 40
    // characters of noise as values (compresses about as badly as text can).
    let mut noise = 0x2545_f491_4f6c_dd1du64;
    let noisy: Vec<Change> = changes(10_000, &me)
        .into_iter()
        .map(|mut c| {
            let text: String = (0..40)
                .map(|_| {
                    noise ^= noise << 13;
                    noise ^= noise >> 7;
                    noise ^= noise << 17;
                    char::from(b'a' + (noise % 26) as u8)
                })
                .collect();
            c.value = serde_json::json!(text);
            c
        })
        .collect();
    for (set, written) in [("synthetic", changes(10_000, &me)), ("noise", noisy)] {
        let json = serde_json::to_vec(&written).expect("json").len();
        for first in [1u64, 10_001, 20_001] {
            let first = first + if set == "noise" { 100_000 } else { 0 };
            let start = std::time::Instant::now();
            let path =
                write_change_file(dir.path(), &key, &new_file(me, first, &written)).expect("w");
            let write = start.elapsed();
            let start = std::time::Instant::now();
            let read = read_change_file(&path, &key).expect("read");
            let read_time = start.elapsed();
            assert_eq!(read.changes.len(), 10_000);
            let size = fs::metadata(&path).expect("stat").len();
            // The same without the file system: encoding (JSON, deflate, encryption) and decoding.
            let start = std::time::Instant::now();
            let bytes = encode(&key, &new_file(me, first, &written)).expect("encode");
            let encode_time = start.elapsed();
            let start = std::time::Instant::now();
            decode(&bytes, &key).expect("decode");
            let decode_time = start.elapsed();
            println!(
                "10,000 changes ({set}): write {write:?} (encode alone {encode_time:?}), read \
             {read_time:?} (decode alone {decode_time:?}), file {size} bytes (JSON {json} bytes)"
            );
        }
    }
}
