//! Possible duplicates across the whole database, and the pairs the user said are two people.
//!
//! Every live contact but me (archived ones included) becomes an [`identity::Record`] from its
//! name, the parts of its name, nickname, company and the normalised values of its channels
//! (phones already in E.164, or their digits when they do not parse); [`identity::candidates`]
//! finds the pairs worth a look by blocking keys, so the work stays close to linear in the
//! number of contacts. Pairs the user marked "not the same person" are never offered again.

use std::collections::HashSet;

use chrono::{DateTime, Utc};

use crate::error::{Error, Result};
use crate::identity::{self, normalize, Record, Verdict};
use crate::model::{ChannelKind, DuplicatePair, DuplicateSide, MatchVerdict};
use crate::store::contacts::{self, IdentityRow};
use crate::store::not_duplicates;
use crate::Store;

impl Store {
    /// Pairs of contacts that may be one person, by confidence (highest first), then by ids;
    /// at most `limit` of them (all without one). Pairs marked with
    /// [`Store::mark_not_duplicate`] are left out.
    pub fn find_duplicates(&self, limit: Option<u32>) -> Result<Vec<DuplicatePair>> {
        let rows = contacts::list_identity_rows(&self.conn)?;
        let dismissed: HashSet<(i64, i64)> = not_duplicates::list_not_duplicates(&self.conn)?
            .into_iter()
            .collect();
        let records: Vec<Record> = rows.iter().map(record).collect();
        let limit = limit.map(|l| l as usize);
        let kept = |a: usize, b: usize| !dismissed.contains(&(rows[a].id, rows[b].id));
        let pairs = identity::candidates_where(&records, limit, kept)
            .into_iter()
            .map(|c| DuplicatePair {
                a: side(&rows[c.a]),
                b: side(&rows[c.b]),
                verdict: match c.comparison.verdict {
                    Verdict::Same => MatchVerdict::Same,
                    Verdict::Possible | Verdict::Different => MatchVerdict::Possible,
                },
                confidence: c.comparison.confidence,
                evidence: c.comparison.evidence.into_iter().map(|e| e.text).collect(),
            })
            .collect();
        Ok(pairs)
    }

    /// Remembers that contacts `a` and `b` are two people: the pair is never offered as a
    /// duplicate again, on every device it syncs with. Both must be live contacts.
    pub fn mark_not_duplicate(&mut self, a: i64, b: i64, now: DateTime<Utc>) -> Result<()> {
        if a == b {
            return Err(Error::invalid(
                "b",
                "a contact cannot be a duplicate of itself",
            ));
        }
        let tx = self.conn.transaction()?;
        super::require_contact(&tx, a, "a")?;
        super::require_contact(&tx, b, "b")?;
        let (a, b) = (
            contacts::ensure_contact_gid(&tx, a)?,
            contacts::ensure_contact_gid(&tx, b)?,
        );
        not_duplicates::insert_not_duplicate(&tx, &a, &b, now)?;
        tx.commit()?;
        Ok(())
    }
}

/// The matcher's view of a contact: its channels' normalised values, and for a phone that
/// does not parse its digits (6 or more), as [`Record::normalised`] would make them.
fn record(row: &IdentityRow) -> Record {
    let mut r = Record {
        name: row.name.clone(),
        given: row.given.clone(),
        family: row.family.clone(),
        nickname: row.nickname.clone(),
        company: row.company.clone(),
        ..Record::default()
    };
    for (kind, value, normalized) in &row.channels {
        let (list, value) = match (kind, normalized) {
            (ChannelKind::Email, Some(n)) => (&mut r.emails, n.clone()),
            (ChannelKind::Link, Some(n)) => (&mut r.urls, n.clone()),
            (ChannelKind::Phone, Some(n)) => (&mut r.phones, n.clone()),
            (ChannelKind::Phone, None) => {
                let digits = normalize::phone_digits(value);
                if digits.len() < 6 {
                    continue;
                }
                (&mut r.phones, digits)
            }
            (ChannelKind::Email | ChannelKind::Link, None) => continue,
        };
        if !list.contains(&value) {
            list.push(value);
        }
    }
    r
}

fn side(row: &IdentityRow) -> DuplicateSide {
    let first = |kind: ChannelKind| {
        row.channels
            .iter()
            .find(|(k, _, _)| *k == kind)
            .map(|(_, v, _)| v.clone())
    };
    DuplicateSide {
        id: row.id,
        name: row.name.clone(),
        company: row.company.clone(),
        email: first(ChannelKind::Email),
        phone: first(ChannelKind::Phone),
        archived: row.archived,
    }
}
