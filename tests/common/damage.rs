//! Damaging database files on purpose, for the tests of what Kith does with a damaged file.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

// Offsets from https://sqlite.org/fileformat.html; numbers are big-endian.

pub fn be32(bytes: &[u8], at: usize) -> usize {
    u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]) as usize
}

pub fn page_size(bytes: &[u8]) -> usize {
    match u16::from_be_bytes([bytes[16], bytes[17]]) {
        1 => 65536,
        n => usize::from(n),
    }
}

/// The numbers (from 1) of the pages on the freelist: unused pages whose stale content
/// SQLite never reads, so damage there is no damage.
pub fn free_pages(bytes: &[u8]) -> Vec<usize> {
    let size = page_size(bytes);
    let mut free = Vec::new();
    let mut trunk = be32(bytes, 32);
    while trunk != 0 {
        free.push(trunk);
        let at = (trunk - 1) * size;
        let leaves = be32(bytes, at + 4);
        free.extend((0..leaves).map(|i| be32(bytes, at + 8 + 4 * i)));
        trunk = be32(bytes, at);
    }
    assert_eq!(free.len(), be32(bytes, 36), "the freelist's page count");
    free
}

/// Garbage that is the same for every run (xorshift64).
pub fn garbage(len: usize) -> Vec<u8> {
    let mut x = 0x9E37_79B9_7F4A_7C15u64;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect()
}

/// Overwrites `range` (offsets within the page) of a b-tree page in use in the second half of
/// a closed database of a few hundred contacts, and returns the page's number and the
/// damaged bytes of the whole file.
pub fn damage_a_btree_page(
    path: &Path,
    range: impl Fn(usize) -> std::ops::Range<usize>,
) -> (usize, Vec<u8>) {
    let mut bytes = std::fs::read(path).unwrap();
    let size = page_size(&bytes);
    let pages = bytes.len() / size;
    assert!(pages > 10, "a few hundred contacts fill more than 10 pages");
    let free = free_pages(&bytes);

    // The first b-tree page (table or index, leaf or interior) in use in the second half of
    // the file: its first byte is the page type (2, 5, 10 or 13). Pages are numbered from 1.
    let page = (pages / 2 + 1..=pages)
        .find(|&n| !free.contains(&n) && matches!(bytes[(n - 1) * size], 2 | 5 | 10 | 13))
        .expect("a b-tree page in the second half");
    let range = range(size);
    let at = (page - 1) * size;
    bytes[at + range.start..at + range.end].copy_from_slice(&garbage(range.len()));
    std::fs::write(path, &bytes).unwrap();
    (page, bytes)
}
