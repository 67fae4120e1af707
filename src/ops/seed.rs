//! A deterministic synthetic network: people, tags, interests and interactions spread over
//! the last three years. For benchmarks, demos and end-to-end tests at scale (10,000 people
//! and more). The same `seed` gives the same data; nothing reads the clock (`now` comes in).

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::model::{Channel, ChannelKind, Circle, ContactInput, InteractionKind, NewInteraction};
use crate::store::{contacts, interactions, interests};
use crate::Store;

const FIRST: &[&str] = &[
    "Ana", "Bo", "Carla", "Dmitri", "Elena", "Farid", "Greta", "Hiro", "Inès", "Jonas", "Kemal",
    "Léa", "Mateo", "Nadia", "Oskar", "Priya", "Quentin", "Rosa", "Sven", "Tomás", "Uma", "Viktor",
    "Wen", "Ximena", "Yusuf", "Zoe", "Björn", "Chloé", "Émile", "Łukasz",
];
const LAST: &[&str] = &[
    "Ruiz",
    "Chen",
    "Nueva",
    "Petrov",
    "Rossi",
    "Haddad",
    "Larsen",
    "Tanaka",
    "García",
    "Weber",
    "Yilmaz",
    "Dubois",
    "Silva",
    "Novak",
    "Berg",
    "Sharma",
    "Martin",
    "Costa",
    "Lund",
    "Ortega",
    "Iyer",
    "Kowalski",
    "Li",
    "Flores",
    "Aydın",
    "Müller",
    "Ångström",
    "Lefèvre",
    "Nowak",
    "Okafor",
];
const COMPANIES: &[&str] = &[
    "Acme",
    "Globex",
    "Initech",
    "Umbrella",
    "Hooli",
    "Stark",
    "Wayne",
    "Wonka",
    "Tyrell",
    "Cyberdyne",
];
const INTERESTS: &[&str] = &[
    "Rust",
    "Design",
    "Climbing",
    "Jazz",
    "Startups",
    "Hiring",
    "Cooking",
    "Photography",
    "Machine learning",
    "Gardening",
    "Chess",
    "Running",
];
const TOPICS: &[&str] = &[
    "coffee about the new role",
    "intro call",
    "catch-up on the conference",
    "advice on hiring",
    "lunch near the office",
    "talked about the move",
    "shared a climbing gym tip",
    "feedback on the pitch deck",
    "birthday wishes",
    "planning the meetup",
];
const KINDS: &[InteractionKind] = &[
    InteractionKind::Meeting,
    InteractionKind::Call,
    InteractionKind::Video,
    InteractionKind::Message,
    InteractionKind::Email,
];

/// How much to create.
#[derive(Debug, Clone, Copy)]
pub struct SeedOptions {
    pub contacts: u32,
    pub interactions: u32,
    pub seed: u64,
}

/// What was created.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SeedReport {
    pub contacts: u32,
    pub interactions: u32,
}

/// xorshift64*: tiny, fast and good enough to spread synthetic data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

impl Store {
    /// Adds a synthetic network, in one transaction. Contact `i` (from 1) is in circle
    /// `i % 4` (inner, close, network, wider), tagged `friend` when `i % 7 == 0`, with one or
    /// two interests; interactions have one or two participants, most with closer circles.
    pub fn seed(&mut self, opts: SeedOptions, now: DateTime<Utc>) -> Result<SeedReport> {
        if opts.contacts == 0 && opts.interactions > 0 {
            return Err(Error::invalid(
                "contacts",
                "interactions need at least one contact",
            ));
        }
        let mut rng = Rng(opts.seed.max(1).wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
        let tx = self.conn.transaction()?;
        let interest_ids: Vec<i64> = INTERESTS
            .iter()
            .map(|name| interests::get_or_insert_interest(&tx, name, now))
            .collect::<Result<_>>()?;
        let mut ids = Vec::with_capacity(opts.contacts as usize);
        for i in 1..=opts.contacts {
            let first = rng.pick(FIRST);
            let last = rng.pick(LAST);
            let input = ContactInput {
                name: format!("{first} {last} {i}"),
                company: Some((*rng.pick(COMPANIES)).to_owned()),
                circle: Some(
                    [Circle::Inner, Circle::Close, Circle::Network, Circle::Wider]
                        [(i % 4) as usize],
                ),
                ..Default::default()
            };
            let id = contacts::insert_contact(&tx, &input, false, now)?;
            let email = format!(
                "{}.{}{i}@example.com",
                contacts::sort_key(first),
                contacts::sort_key(last)
            );
            let channel = Channel {
                kind: ChannelKind::Email,
                label: None,
                value: email,
            };
            contacts::insert_channel(&tx, id, 0, &channel)?;
            if i % 7 == 0 {
                contacts::insert_tag(&tx, id, "friend")?;
            }
            for _ in 0..1 + rng.below(2) {
                contacts::insert_contact_interest(&tx, id, *rng.pick(&interest_ids), None)?;
            }
            ids.push(id);
        }
        // Closer circles get most of the interactions: a contact is drawn from the first
        // quarter of the list half of the time.
        let span = Duration::days(3 * 365).num_seconds() as usize;
        for n in 0..opts.interactions {
            let occurred_at = now - Duration::seconds(rng.below(span) as i64 + 60);
            let pick = |rng: &mut Rng| {
                let pool = if rng.below(2) == 0 {
                    ids.len().div_ceil(4)
                } else {
                    ids.len()
                };
                ids[rng.below(pool)]
            };
            let mut participants = vec![pick(&mut rng)];
            if rng.below(5) == 0 {
                let other = pick(&mut rng);
                if other != participants[0] {
                    participants.push(other);
                }
            }
            let input = NewInteraction {
                participants: participants.clone(),
                kind: *rng.pick(KINDS),
                occurred_at,
                has_time: true,
                summary: format!("{} #{n}", rng.pick(TOPICS)),
                notes: String::new(),
                initiated_by: None,
                quality: None,
                help: Vec::new(),
                follow_up: None,
            };
            let id = interactions::insert_interaction(&tx, &input, now)?;
            for contact in participants {
                interactions::insert_participant(&tx, id, contact, occurred_at)?;
            }
        }
        tx.commit()?;
        Ok(SeedReport {
            contacts: opts.contacts,
            interactions: opts.interactions,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ContactQuery, ContactSort};
    use chrono::TimeZone;

    #[test]
    fn seeds_a_deterministic_network_with_the_documented_shape() {
        let now = Utc.with_ymd_and_hms(2026, 11, 22, 12, 0, 0).unwrap();
        let opts = SeedOptions {
            contacts: 40,
            interactions: 200,
            seed: 7,
        };
        let mut a = Store::open_in_memory().unwrap();
        let mut b = Store::open_in_memory().unwrap();
        assert_eq!(
            a.seed(opts, now).unwrap(),
            SeedReport {
                contacts: 40,
                interactions: 200
            }
        );
        b.seed(opts, now).unwrap();
        let query = ContactQuery {
            limit: 100,
            sort: ContactSort::LastContact,
            ..Default::default()
        };
        let (pa, pb) = (
            a.list_contacts(&query).unwrap(),
            b.list_contacts(&query).unwrap(),
        );
        assert_eq!(pa, pb, "same seed, same network");
        assert_eq!(pa.total, 40);
        let inner = a
            .list_contacts(&ContactQuery {
                circle: Some(Circle::Inner),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(inner.total, 10);
        let friends = a
            .list_contacts(&ContactQuery {
                tag: Some("friend".into()),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(friends.total, 5);
        let logged: u32 = pa
            .items
            .iter()
            .map(|c| a.timeline(c.id, 1, 0).unwrap().total)
            .sum();
        assert!(
            logged >= 200,
            "every interaction is on a timeline: {logged}"
        );
        assert!(pa.items[0].last_interaction_at.unwrap() < now);
    }
}
