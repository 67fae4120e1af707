//! A deterministic synthetic network, for benchmarks, demos and end-to-end tests at scale
//! (10,000 people and a million interactions, and more). The same `seed` gives the same
//! data; nothing reads the clock (`now` comes in).
//!
//! Its shape follows what a real network looks like, so that benchmarks meet realistic data:
//! - circles in Dunbar's proportions: 5 people inner, 10 more close, 135 more network, 350
//!   more wider ([`DUNBAR_LAYERS`]); everyone else has no circle. Circles are dealt at
//!   random, not by id;
//! - interactions over the last [`YEARS`] years: a yearly rate per circle (inner 100, close
//!   25, network 8, wider 2), the rest of the total shared by the people with no circle,
//!   heavy-tailed (most are seen once or twice, a few often); bursty: each person's
//!   interactions gather around a few episodes rather than spreading evenly; they are
//!   inserted in time order, as a user logging them would;
//! - one participant mostly, two to five on about one interaction in five;
//! - one to three interests from a vocabulary where a few are popular, a birthday for about
//!   a third of the people, a need or an offer for one in ten of those in a circle (one in a
//!   thousand of the others), a `friend` tag for every seventh;
//! - notes on seven interactions in ten, 5 to 40 words drawn by their frequency in English
//!   (`data/words-en.tsv`, from wordfreq), so search meets both common words ("the" is in
//!   most notes) and rare ones.

use chrono::{DateTime, Duration, Utc};
use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::model::{
    AskKind, Channel, ChannelKind, Circle, ContactInput, ImportantDate, Initiator, InteractionKind,
    NewAsk, NewInteraction,
};
use crate::store::search::{self, Entry};
use crate::store::{self, asks, contacts, interactions, interests};
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
/// Most popular first: an interest is drawn with a weight falling with its rank.
const INTERESTS: &[&str] = &[
    "Startups",
    "Hiring",
    "Design",
    "Rust",
    "Running",
    "Cooking",
    "Photography",
    "Machine learning",
    "Jazz",
    "Climbing",
    "Gardening",
    "Chess",
    "Sailing",
    "Poetry",
    "Fundraising",
    "Open source",
    "Pottery",
    "Cycling",
    "Film",
    "Board games",
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
/// Kinds with their weights: messages and emails most, meetings less, the rest rarely.
const KINDS: &[(InteractionKind, u32)] = &[
    (InteractionKind::Message, 30),
    (InteractionKind::Email, 25),
    (InteractionKind::Meeting, 15),
    (InteractionKind::Call, 12),
    (InteractionKind::Video, 10),
    (InteractionKind::Event, 4),
    (InteractionKind::Introduction, 2),
    (InteractionKind::Note, 2),
];
/// Cumulative sizes of Dunbar's layers: inner, close, network, wider.
pub const DUNBAR_LAYERS: [(Circle, usize); 4] = [
    (Circle::Inner, 5),
    (Circle::Close, 15),
    (Circle::Network, 150),
    (Circle::Wider, 500),
];
/// How far back interactions go.
pub const YEARS: i64 = 10;
/// The English word frequency list the notes are drawn from (see the file's header).
const WORDS: &str = include_str!("data/words-en.tsv");

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
    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    /// Exponentially distributed with this mean.
    fn exp(&mut self, mean: f64) -> f64 {
        -mean * (1.0 - self.unit()).ln()
    }
}

/// Draws indices with probability proportional to their weights (binary search over the
/// cumulative sums).
struct Weighted(Vec<f64>);

impl Weighted {
    fn new(weights: impl IntoIterator<Item = f64>) -> Self {
        let mut total = 0.0;
        Self(
            weights
                .into_iter()
                .map(|w| {
                    total += w;
                    total
                })
                .collect(),
        )
    }
    fn draw(&self, rng: &mut Rng) -> usize {
        let total = self.0.last().copied().unwrap_or(0.0);
        let x = rng.unit() * total;
        self.0.partition_point(|&c| c <= x).min(self.0.len() - 1)
    }
}

/// The words of the frequency list and a sampler by frequency.
fn word_list() -> (Vec<&'static str>, Weighted) {
    let rows: Vec<(&str, f64)> = WORDS
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .filter_map(|l| {
            let (w, f) = l.split_once('\t')?;
            Some((w, f.parse().ok()?))
        })
        .collect();
    let sampler = Weighted::new(rows.iter().map(|r| r.1));
    (rows.into_iter().map(|r| r.0).collect(), sampler)
}

/// Interactions a year with someone of this circle; for people with no circle, a
/// heavy-tailed weight (most acquaintances are seen once or twice, a few often), scaled in
/// [`Store::seed`] so that they take whatever the circles leave of the total.
fn yearly_rate(circle: Option<Circle>, rng: &mut Rng) -> f64 {
    match circle {
        Some(Circle::Inner) => 100.0,
        Some(Circle::Close) => 25.0,
        Some(Circle::Network) => 8.0,
        Some(Circle::Wider) => 2.0,
        None => 0.05 + rng.exp(1.0).powi(2),
    }
}

/// One person's episodes of contact: (centre, in ms before now; spread in days).
fn episodes(rate: f64, span_ms: i64, rng: &mut Rng) -> Vec<(i64, f64)> {
    let n = ((rate * YEARS as f64) / 6.0).clamp(1.0, 120.0) as usize;
    (0..n)
        .map(|_| {
            let centre = (rng.unit() * span_ms as f64) as i64;
            (centre, 2.0 + rng.exp(10.0))
        })
        .collect()
}

/// The state of one seeding: the random stream, the moment, and what is written so far.
struct Seeder<'a> {
    tx: &'a Connection,
    rng: Rng,
    now: DateTime<Utc>,
    span_ms: i64,
    words: Vec<&'static str>,
    word_sampler: Weighted,
    interest_ids: Vec<i64>,
    interest_sampler: Weighted,
    /// The contacts written, in order.
    ids: Vec<i64>,
}

impl Seeder<'_> {
    /// Writes the `i`th person (of `rank` in the shuffled order of circles); returns whether
    /// they are in a circle and their yearly rate of interactions.
    fn person(&mut self, i: usize, rank: usize) -> Result<(bool, f64)> {
        let tx = self.tx;
        let first = self.rng.pick(FIRST);
        let last = self.rng.pick(LAST);
        let circle = DUNBAR_LAYERS
            .iter()
            .find(|(_, size)| rank < *size)
            .map(|(c, _)| *c);
        let input = ContactInput {
            name: format!("{first} {last} {i}"),
            company: Some((*self.rng.pick(COMPANIES)).to_owned()),
            circle,
            ..Default::default()
        };
        let id = contacts::insert_contact_unindexed(tx, &input, false, self.now)?;
        let email = format!(
            "{}.{}{i}@example.com",
            contacts::sort_key(first),
            contacts::sort_key(last)
        );
        let channel = Channel {
            kind: ChannelKind::Email,
            label: None,
            value: email,
            types: Vec::new(),
        };
        let identity = crate::identity::channel::value(&channel, None);
        contacts::insert_channel(tx, id, 0, &channel, identity.as_deref())?;
        if i.is_multiple_of(7) {
            contacts::insert_tag(tx, id, "friend")?;
        }
        for _ in 0..1 + self.rng.below(3) {
            let interest = self.interest_ids[self.interest_sampler.draw(&mut self.rng)];
            let added =
                self.now.timestamp_millis() - (self.rng.unit() * self.span_ms as f64) as i64;
            contacts::insert_contact_interest(tx, id, interest, Some(added))?;
        }
        if self.rng.below(3) == 0 {
            let date = ImportantDate {
                label: "birthday".into(),
                year: None,
                month: 1 + self.rng.below(12) as u32,
                day: 1 + self.rng.below(28) as u32,
                recurring: true,
            };
            contacts::insert_date(tx, id, &date)?;
        }
        // People track needs and offers of those they care about.
        if self.rng.below(if circle.is_some() { 10 } else { 1000 }) == 0 {
            let kind = if self.rng.below(2) == 0 {
                AskKind::Need
            } else {
                AskKind::Offer
            };
            let k = self.interest_sampler.draw(&mut self.rng);
            let ask = NewAsk {
                contact_id: id,
                kind,
                text: format!(
                    "{} ({})",
                    self.rng.pick(TOPICS),
                    INTERESTS[k].to_lowercase()
                ),
                interests: vec![INTERESTS[k].to_owned()],
            };
            let ask_id = asks::insert_ask_unindexed(tx, &ask, self.now)?;
            asks::insert_ask_interest(tx, ask_id, self.interest_ids[k])?;
        }
        self.ids.push(id);
        Ok((circle.is_some(), yearly_rate(circle, &mut self.rng)))
    }

    /// When each of `interactions` happens (ms before now, oldest first) and with whom (an
    /// index of `ids`): a person by their rate, a time near one of their episodes.
    fn plan(&mut self, rates: &[f64], interactions: u32) -> (Vec<(i64, usize)>, Weighted) {
        let eps: Vec<Vec<(i64, f64)>> = rates
            .iter()
            .map(|&rate| episodes(rate, self.span_ms, &mut self.rng))
            .collect();
        let people = Weighted::new(rates.iter().copied());
        let mut plan: Vec<(i64, usize)> = (0..interactions)
            .map(|_| {
                let who = people.draw(&mut self.rng);
                let (centre, spread) = *self.rng.pick(&eps[who]);
                let jitter = (self.rng.exp(spread) * 86_400_000.0) as i64;
                let ago = if self.rng.below(2) == 0 {
                    centre + jitter
                } else {
                    centre - jitter
                };
                (ago.clamp(60_000, self.span_ms), who)
            })
            .collect();
        plan.sort_unstable_by_key(|p| std::cmp::Reverse(p.0));
        (plan, people)
    }

    /// Writes the `k`th interaction, `ago` ms before now with person `who` (and maybe others
    /// drawn from `people`).
    fn interaction(
        &mut self,
        k: usize,
        ago: i64,
        who: usize,
        people: &Weighted,
        kinds: &Weighted,
    ) -> Result<()> {
        let tx = self.tx;
        let occurred_at = self.now - Duration::milliseconds(ago);
        let mut participants = vec![self.ids[who]];
        let extra = match self.rng.below(20) {
            0..=15 => 0,
            16..=18 => 1,
            _ => 2 + self.rng.below(3),
        };
        for _ in 0..extra {
            let other = self.ids[people.draw(&mut self.rng)];
            if !participants.contains(&other) {
                participants.push(other);
            }
        }
        let notes = if self.rng.below(10) < 7 {
            let len = 5 + self.rng.below(36);
            (0..len)
                .map(|_| self.words[self.word_sampler.draw(&mut self.rng)])
                .collect::<Vec<_>>()
                .join(" ")
        } else {
            String::new()
        };
        let input = NewInteraction {
            participants: participants.clone(),
            kind: KINDS[kinds.draw(&mut self.rng)].0,
            occurred_at,
            has_time: self.rng.below(10) != 0,
            summary: format!("{} #{k}", self.rng.pick(TOPICS)),
            notes,
            initiated_by: match self.rng.below(4) {
                0 => Some(Initiator::Me),
                1 => Some(Initiator::Them),
                2 => Some(Initiator::Mutual),
                _ => None,
            },
            quality: None,
            help: Vec::new(),
            follow_up: None,
        };
        let id = interactions::insert_interaction_unindexed(tx, &input, self.now)?;
        for contact in participants {
            interactions::insert_participant(tx, id, contact, occurred_at)?;
        }
        Ok(())
    }
}

/// The yearly rates of `rates` (`(in a circle, rate)`) once the people with no circle share
/// what the circles leave of `interactions` over [`YEARS`] (when the total is too small for
/// the circles' rates, every rate shrinks alike).
fn scaled_rates(rates: Vec<(bool, f64)>, interactions: u32) -> Vec<f64> {
    let per_year = f64::from(interactions) / YEARS as f64;
    let circled: f64 = rates.iter().filter(|r| r.0).map(|r| r.1).sum();
    let others: f64 = rates.iter().filter(|r| !r.0).map(|r| r.1).sum();
    let scale = if others > 0.0 && per_year > circled {
        (per_year - circled) / others
    } else {
        1.0
    };
    let rates: Vec<f64> = rates
        .into_iter()
        .map(|(circled, rate)| if circled { rate } else { rate * scale })
        .collect();
    rates
}

impl Store {
    /// Adds a synthetic network (see the module doc for its shape), in one transaction.
    pub fn seed(&mut self, opts: SeedOptions, now: DateTime<Utc>) -> Result<SeedReport> {
        if opts.contacts == 0 && opts.interactions > 0 {
            return Err(Error::invalid(
                "contacts",
                "interactions need at least one contact",
            ));
        }
        // A bigger page cache while the indexes grow in random order; restored after.
        let cache = store::cache_size(&self.conn)?;
        store::set_cache_size(&self.conn, -262_144)?;
        let result = self.untracked(|store| {
            let tx = store.conn.transaction()?;
            seed_into(&tx, &opts, now)?;
            tx.commit()?;
            Ok(())
        });
        store::set_cache_size(&self.conn, cache)?;
        result?;
        Ok(SeedReport {
            contacts: opts.contacts,
            interactions: opts.interactions,
        })
    }
}

/// Writes the network of `opts` through `tx`, the search index entries last (see
/// `store::search`).
fn seed_into(tx: &Connection, opts: &SeedOptions, now: DateTime<Utc>) -> Result<()> {
    let existing = Entry::ALL
        .iter()
        .map(|&e| Ok((e, search::max_id(tx, e)?)))
        .collect::<Result<Vec<_>>>()?;
    let mut rng = Rng(opts.seed.max(1).wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let n = opts.contacts as usize;
    let (words, word_sampler) = word_list();
    let interest_ids: Vec<i64> = INTERESTS
        .iter()
        .map(|name| interests::get_or_insert_interest(tx, name, now))
        .collect::<Result<_>>()?;
    let interest_sampler = Weighted::new((0..INTERESTS.len()).map(|k| 1.0 / (k as f64 + 2.0)));
    // Circles dealt at random: rank[i] is contact i's place in a shuffled order.
    let mut rank: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        rank.swap(i, rng.below(i + 1));
    }
    let mut seeder = Seeder {
        tx,
        rng,
        now,
        span_ms: Duration::days(365 * YEARS).num_milliseconds(),
        words,
        word_sampler,
        interest_ids,
        interest_sampler,
        ids: Vec::with_capacity(n),
    };
    let rates = (1..=n)
        .map(|i| seeder.person(i, rank[i - 1]))
        .collect::<Result<Vec<_>>>()?;
    let rates = scaled_rates(rates, opts.interactions);
    let (plan, people) = seeder.plan(&rates, opts.interactions);
    let kinds = Weighted::new(KINDS.iter().map(|k| f64::from(k.1)));
    for (k, (ago, who)) in plan.into_iter().enumerate() {
        seeder.interaction(k, ago, who, &people, &kinds)?;
    }
    for (entry, after) in existing {
        search::index_after(tx, entry, after)?;
    }
    Ok(())
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
        assert_eq!(inner.total, 5, "Dunbar's innermost layer");
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

    #[test]
    fn circles_follow_dunbar_layers_and_notes_use_common_and_rare_words() {
        let now = Utc.with_ymd_and_hms(2026, 11, 22, 12, 0, 0).unwrap();
        let mut s = Store::open_in_memory().unwrap();
        let opts = SeedOptions {
            contacts: 600,
            interactions: 3000,
            seed: 11,
        };
        s.seed(opts, now).unwrap();
        let count = |circle| {
            s.list_contacts(&ContactQuery {
                circle: Some(circle),
                ..Default::default()
            })
            .unwrap()
            .total
        };
        assert_eq!(
            [
                count(Circle::Inner),
                count(Circle::Close),
                count(Circle::Network),
                count(Circle::Wider)
            ],
            [5, 10, 135, 350]
        );
        let with = |sql: &str| -> i64 { s.conn().query_row(sql, [], |r| r.get(0)).unwrap() };
        let noted = with("SELECT count(*) FROM interaction WHERE notes <> ''");
        let the = with("SELECT count(*) FROM interaction WHERE ' ' || notes || ' ' LIKE '% the %'");
        assert!(noted > 1800 && noted < 2400, "7 in 10 have notes: {noted}");
        assert!(the * 2 > noted, "'the' is in most notes: {the} of {noted}");
        let rare =
            with("SELECT count(*) FROM interaction WHERE ' ' || notes || ' ' LIKE '% swiss %'");
        assert!(rare < 20, "a rare word is rare: {rare}");
        let inner_rate = with(
            "SELECT count(*) FROM interaction_participant p JOIN contact c ON c.id = p.contact_id
             WHERE c.circle = 'inner'",
        );
        assert!(
            inner_rate > 3000 / 20,
            "the inner circle gets many interactions: {inner_rate}"
        );
        let span = with("SELECT max(occurred_at) - min(occurred_at) FROM interaction");
        assert!(span > 8 * 365 * 86_400_000, "spread over years: {span}");
        let ordered = with(
            "SELECT count(*) FROM interaction a JOIN interaction b ON b.id = a.id + 1
             WHERE b.occurred_at < a.occurred_at",
        );
        assert_eq!(ordered, 0, "inserted in time order");
    }
}
