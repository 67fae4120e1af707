//! Which addresses in a source are likely the person's own, to offer before its first read:
//! Kith must know them to tell who wrote a message and whether a meeting is theirs.
//!
//! A mailbox is someone's own mail, so their address is on (nearly) every message, as sender
//! or recipient; a calendar names its owner as organiser or attendee of (nearly) every event.
//! The first [`SAMPLE`] messages (or every event) are counted, headers only (mail from lists
//! and machines left out), and the address on most of them offered, with the one covering most
//! of the rest for a mailbox that mixes two of the person's addresses (see `Tally::offered`).
//! Nothing is written, and the file is only read.

use std::collections::HashMap;
use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use chrono::{DateTime, TimeDelta, Utc};

use crate::error::{Error, Result};
use crate::identity::normalize;
use crate::io::calendar::{self, Limits};
use crate::io::mail::{self, maildir, mbox::Mbox, MailHeaders};
use crate::model::{OwnAddress, SourceKind};

/// Messages looked at.
const SAMPLE: usize = 2_000;
/// Offered: at most this many addresses.
const OFFERED: usize = 3;

/// The addresses likely the person's own in the first messages (events) of the source at
/// `path` of `kind`, most first.
pub fn likely_own_addresses(
    path: &Path,
    kind: SourceKind,
    now: DateTime<Utc>,
) -> Result<Vec<OwnAddress>> {
    let io_err = |e: std::io::Error| Error::io(path, &e);
    let mut tally = Tally::default();
    match kind {
        SourceKind::Mbox => {
            let file = File::open(path).map_err(io_err)?;
            for message in Mbox::new(BufReader::new(file), 0).take(SAMPLE) {
                let message = message.map_err(io_err)?;
                if let Some(h) = mail::parse_headers(&message.headers, message.envelope) {
                    tally.message(&h);
                }
            }
        }
        SourceKind::Maildir => {
            let files = maildir::message_files(path).map_err(io_err)?;
            for file in files.iter().take(SAMPLE) {
                if let Ok((raw, _)) = maildir::read_headers(file) {
                    if let Some(h) = mail::parse_headers(&raw, None) {
                        tally.message(&h);
                    }
                }
            }
        }
        SourceKind::Ics => {
            let bytes = std::fs::read(path).map_err(io_err)?;
            let window = (now - TimeDelta::days(20 * 366), now + TimeDelta::days(30));
            let read = calendar::read_any(&bytes, window, &Limits::default());
            let mut seen = std::collections::HashSet::new();
            for o in &read.occurrences {
                // Each event counts once, however often it repeats.
                if !seen.insert(o.uid.as_str()) {
                    continue;
                }
                let people = o.organizer.iter().chain(&o.attendees);
                tally.add(people.filter_map(|a| a.email.as_deref()));
            }
        }
        // Phone and chat exports name the person by a name or number, not an email address.
        SourceKind::SmsBackup
        | SourceKind::Whatsapp
        | SourceKind::Telegram
        | SourceKind::LinkedinMessages
        | SourceKind::Signal => {}
    }
    Ok(tally.offered())
}

/// The addresses on each item looked at.
#[derive(Default)]
struct Tally {
    items: Vec<Vec<String>>,
}

impl Tally {
    fn message(&mut self, h: &MailHeaders) {
        if h.machine.is_some() {
            return;
        }
        let all = h.from.iter().chain(&h.to).chain(&h.cc);
        self.add(all.map(|a| a.email.as_str()));
    }

    /// Counts one item with the addresses in `emails` on it.
    fn add<'a>(&mut self, emails: impl Iterator<Item = &'a str>) {
        let mut on: Vec<String> = emails.filter_map(normalize::email).collect();
        on.sort();
        on.dedup();
        self.items.push(on);
    }

    /// The address on most items (every one on as many, when several are), then (someone with a work and a home address in one
    /// mailbox) the one on most of the items left without any chosen so far, while those are
    /// at least a tenth of all and it is on at least half of them.
    fn offered(self) -> Vec<OwnAddress> {
        let of = u32::try_from(self.items.len()).unwrap_or(u32::MAX);
        let mut left: Vec<&Vec<String>> = self.items.iter().collect();
        let mut chosen: Vec<OwnAddress> = Vec::new();
        while chosen.len() < OFFERED && !left.is_empty() {
            if !chosen.is_empty() && left.len() * 10 < self.items.len() {
                break;
            }
            let mut counts: HashMap<&str, u32> = HashMap::new();
            for item in &left {
                for e in item.iter() {
                    *counts.entry(e.as_str()).or_default() += 1;
                }
            }
            let Some(&n) = counts.values().max() else {
                break;
            };
            if (n as usize) * 2 < left.len() {
                break;
            }
            // Addresses on as many items as each other cannot be told apart: all are offered.
            let mut best: Vec<String> = counts
                .into_iter()
                .filter(|&(_, c)| c == n)
                .map(|(e, _)| e.to_owned())
                .collect();
            best.sort();
            for email in best.into_iter().take(OFFERED - chosen.len()) {
                let on = self.items.iter().filter(|i| i.contains(&email)).count();
                chosen.push(OwnAddress {
                    email,
                    on: u32::try_from(on).unwrap_or(u32::MAX),
                    of,
                });
            }
            left.retain(|i| !chosen.iter().any(|c| i.contains(&c.email)));
        }
        chosen
    }
}

#[cfg(test)]
mod tests {
    use super::Tally;

    fn tally(items: &[&[&str]]) -> Vec<(String, u32)> {
        let mut t = Tally::default();
        for i in items {
            t.add(i.iter().copied());
        }
        t.offered().into_iter().map(|a| (a.email, a.on)).collect()
    }

    #[test]
    fn the_address_on_every_message_is_offered_and_a_frequent_correspondent_is_not() {
        let got = tally(&[
            &["me@x.org", "ana@y.org"],
            &["me@x.org", "ana@y.org"],
            &["ana@y.org", "Me@X.org"],
            &["me@x.org", "bo@z.org"],
        ]);
        assert_eq!(got, vec![("me@x.org".to_owned(), 4)]);
    }

    #[test]
    fn a_second_address_covering_the_rest_of_the_mailbox_is_offered_too() {
        let mut items: Vec<&[&str]> = vec![&["me@work.com", "ana@y.org"]; 3];
        items.extend(vec![&["me@work.com", "cy@y.org"] as &[&str]; 3]);
        items.extend(vec![&["me@home.net", "bo@z.org"] as &[&str]; 2]);
        items.extend(vec![&["me@home.net", "di@z.org"] as &[&str]; 2]);
        let got = tally(&items);
        assert_eq!(
            got,
            vec![("me@work.com".to_owned(), 6), ("me@home.net".to_owned(), 4)]
        );
    }

    #[test]
    fn nothing_is_offered_from_an_empty_or_scattered_source() {
        assert!(tally(&[]).is_empty());
        assert!(tally(&[&["a@x.org"], &["b@x.org"], &["c@x.org"]]).is_empty());
    }

    #[test]
    fn two_addresses_on_every_message_are_both_offered() {
        let got = tally(&[&["priya@r.org", "sam@x.net"], &["sam@x.net", "priya@r.org"]]);
        assert_eq!(
            got,
            vec![("priya@r.org".to_owned(), 2), ("sam@x.net".to_owned(), 2)]
        );
    }
}
