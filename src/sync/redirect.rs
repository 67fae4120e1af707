//! Merges as every device makes them: a merge leaves a mark (`contact_merge`, synced like any
//! record), and each device derives from the marks not undone where each merged-away contact
//! now is (`sync_redirect`: the end of its chain of merges). Applying changes reads it, so
//! that what a computer did before it heard of a merge (logged a meeting with the person
//! merged away, named them as someone's manager) reaches the person kept, on every device,
//! and the merged-away person stays gone, whatever edits of them arrive after.
//!
//! Marks are taken oldest first (time, then mark id: the same order everywhere). A mark whose
//! person is already merged into someone else by an earlier mark, or that would close a
//! circle (Bo into Ana on one computer, Ana into Bo on another), is passed over: every device
//! passes over the same ones, so every device ends with the same people.

use std::collections::{BTreeMap, BTreeSet};

use rusqlite::{params, Connection, OptionalExtension};

use crate::error::Result;
use crate::store::contact_merges;

/// The contact the merged-away contact `gid` now is, if it was merged away.
pub fn target(conn: &Connection, gid: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT target FROM sync_redirect WHERE gid = ?1")?
        .query_row([gid], |r| r.get(0))
        .optional()?)
}

/// `gid` as what refers to it is written: the contact it was merged into, or itself.
pub fn follow(conn: &Connection, gid: &str) -> Result<String> {
    Ok(target(conn, gid)?.unwrap_or_else(|| gid.to_owned()))
}

/// Whether any merge was ever recorded (most databases: none, and nothing to look up).
pub fn any(conn: &Connection) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM contact_merge)")?
        .query_row([], |r| r.get(0))?)
}

/// Where each merged-away contact is, from the marks not undone (see the module doc).
pub fn compute(marks: &[(String, String)]) -> BTreeMap<String, String> {
    fn end<'a>(next: &BTreeMap<&'a str, &'a str>, mut g: &'a str) -> String {
        // Each contact has at most one step and no circle is ever closed: this ends.
        while let Some(n) = next.get(g) {
            g = n;
        }
        g.to_owned()
    }
    let mut next: BTreeMap<&str, &str> = BTreeMap::new();
    for (other, kept) in marks {
        if other == kept || next.contains_key(other.as_str()) || end(&next, kept) == *other {
            continue;
        }
        next.insert(other, kept);
    }
    next.keys()
        .map(|g| ((*g).to_owned(), end(&next, g)))
        .collect()
}

/// Makes `sync_redirect` what the marks say; returns the contacts whose place changed
/// (merged away, brought back, or now at the end of another chain): what refers to them is
/// to be written again.
pub fn refresh(conn: &Connection) -> Result<BTreeSet<String>> {
    let marks = contact_merges::list_contact_merges_active(conn)?;
    let now = compute(&marks);
    let before: BTreeMap<String, String> = conn
        .prepare_cached("SELECT gid, target FROM sync_redirect")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut changed = BTreeSet::new();
    for (gid, target) in &before {
        if now.get(gid) != Some(target) {
            changed.insert(gid.clone());
        }
    }
    for (gid, target) in &now {
        if before.get(gid) != Some(target) {
            changed.insert(gid.clone());
        }
    }
    for gid in &changed {
        match now.get(gid) {
            Some(target) => conn
                .prepare_cached(
                    "INSERT INTO sync_redirect (gid, target) VALUES (?1, ?2)
                     ON CONFLICT (gid) DO UPDATE SET target = excluded.target",
                )?
                .execute(params![gid, target])?,
            None => conn
                .prepare_cached("DELETE FROM sync_redirect WHERE gid = ?1")?
                .execute([gid])?,
        };
    }
    Ok(changed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marks(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
            .collect()
    }

    #[test]
    fn a_chain_of_merges_ends_at_the_last_person_kept() {
        let map = compute(&marks(&[("bo", "ana"), ("ana", "ana2")]));
        assert_eq!(map["bo"], "ana2");
        assert_eq!(map["ana"], "ana2");
        assert_eq!(map.len(), 2);
    }

    #[test]
    fn a_circle_and_a_second_merge_of_the_same_person_are_passed_over() {
        // Bo into Ana on one computer, Ana into Bo on another: the earlier mark holds.
        let map = compute(&marks(&[("bo", "ana"), ("ana", "bo")]));
        assert_eq!(map, BTreeMap::from([("bo".to_owned(), "ana".to_owned())]));
        // Bo into Ana here, Bo into Cy there: the earlier holds.
        let map = compute(&marks(&[("bo", "ana"), ("bo", "cy")]));
        assert_eq!(map, BTreeMap::from([("bo".to_owned(), "ana".to_owned())]));
        // A longer circle: a→b, b→c, c→a; the last is passed over.
        let map = compute(&marks(&[("a", "b"), ("b", "c"), ("c", "a")]));
        assert_eq!(map["a"], "c");
        assert_eq!(map["b"], "c");
        assert!(!map.contains_key("c"));
    }
}
