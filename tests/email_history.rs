//! How Today's suggestions and health change when the history includes email
//! (docs/EVALUATION.md, "A history that includes email"): a seeded synthetic network (2,000
//! contacts, 20,000 logged interactions over ten years), evaluated as of the end of its
//! history; then a generated mbox of the last 60 days read through `Store::add_source`, and
//! evaluated again; and, to weigh email against meetings, the same contacts on the same days
//! with a logged meeting instead of the mail.
//!
//! Who gets which mail (per circle, by place in id order; see `category`):
//! - **two-way**: I write, they answer the next day (one thread);
//! - **mine**: I write, no answer;
//! - **theirs**: they write to me (personally, `To:` me), no answer;
//! - **newsletter**: their own newsletter (`List-Id`, `List-Unsubscribe`): must be skipped;
//! - **bcc**: one mass mail from them, me in `Bcc` (so `To: undisclosed-recipients:;`), no
//!   list header: a one-way message that says nothing about our tie (skipped since capture
//!   reads a message addressed to no one as a mass mail);
//! - the rest get no mail. Beside them, 300 newsletters and notifications from addresses no
//!   contact has (must be skipped), and 200 two-way threads with people not in Kith.
//!
//! `cargo test --release --test email_history -- --nocapture` prints the figures the doc
//! quotes; the assertions hold what must not change (skipped mail, newsletters and mass
//! mail alike, changes nothing).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::path::Path;

use chrono::{DateTime, Duration, TimeZone, Utc};
use kith::engine::{ContactHealth, Now};
use kith::model::{Circle, InteractionKind, NewInteraction};
use kith::ops::SeedOptions;
use kith::Store;

fn seeded_at() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 12, 0, 0).unwrap()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Category {
    TwoWay,
    Mine,
    Theirs,
    Newsletter,
    Bcc,
    None,
}

const CATEGORIES: [Category; 6] = [
    Category::TwoWay,
    Category::Mine,
    Category::Theirs,
    Category::Newsletter,
    Category::Bcc,
    Category::None,
];

/// The mail of the contact at `index` (in id order) of its circle: in the small inner and
/// close circles one of each in turn, elsewhere 2 in 10 two-way and 1 in 10 of each other.
fn category(circle: Option<Circle>, index: usize) -> Category {
    match circle {
        Some(Circle::Inner | Circle::Close) => CATEGORIES[index % 6],
        _ => match index % 10 {
            0 | 1 => Category::TwoWay,
            2 => Category::Mine,
            3 => Category::Theirs,
            4 => Category::Newsletter,
            5 => Category::Bcc,
            _ => Category::None,
        },
    }
}

fn circle_name(c: Option<Circle>) -> &'static str {
    match c {
        Some(Circle::Inner) => "inner",
        Some(Circle::Close) => "close",
        Some(Circle::Network) => "network",
        Some(Circle::Wider) => "wider",
        None => "none",
    }
}

/// One message of the mbox.
struct Mail {
    at: DateTime<Utc>,
    from: String,
    to: String,
    extra: String,
    id: String,
    subject: String,
}

fn write_mbox(path: &Path, mails: &[Mail]) {
    let mut text = String::new();
    for m in mails {
        let sep = m.at.format("%a %b %e %H:%M:%S %Y");
        write!(
            text,
            "From MAILER-DAEMON {sep}\nMessage-ID: <{}>\nDate: {}\nFrom: {}\nTo: {}\n{}\
             Subject: {}\nContent-Type: text/plain; charset=utf-8\n\nHello,\nsee below.\n\n",
            m.id,
            m.at.to_rfc2822(),
            m.from,
            m.to,
            m.extra,
            m.subject
        )
        .unwrap();
    }
    std::fs::write(path, text).unwrap();
}

/// A deterministic stream of small numbers.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % n
    }
}

/// The mbox's messages for `people` (contact id, email, category), and the contacts' days of
/// mail (for the meeting counterfactual).
#[allow(clippy::too_many_lines)]
fn mails(
    people: &[(i64, String, Category)],
    now: DateTime<Utc>,
) -> (Vec<Mail>, Vec<(i64, DateTime<Utc>)>) {
    const ME: &str = "Me <me@example.net>";
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut out = Vec::new();
    let mut days = Vec::new();
    let when = |rng: &mut Rng| {
        now - Duration::days(2 + rng.below(58) as i64) - Duration::minutes(rng.below(600) as i64)
    };
    for (k, (id, email, cat)) in people.iter().enumerate() {
        let at = when(&mut rng);
        let mid = format!("c{k}@mail.example.net");
        let subject = format!("Catching up {k}");
        match cat {
            Category::TwoWay => {
                out.push(Mail {
                    at,
                    from: ME.into(),
                    to: email.clone(),
                    extra: String::new(),
                    id: mid.clone(),
                    subject: subject.clone(),
                });
                out.push(Mail {
                    at: at + Duration::hours(20),
                    from: email.clone(),
                    to: ME.into(),
                    extra: format!("In-Reply-To: <{mid}>\nReferences: <{mid}>\n"),
                    id: format!("r{k}@mail.example.org"),
                    subject: format!("Re: {subject}"),
                });
            }
            Category::Mine => out.push(Mail {
                at,
                from: ME.into(),
                to: email.clone(),
                extra: String::new(),
                id: mid,
                subject,
            }),
            Category::Theirs => out.push(Mail {
                at,
                from: email.clone(),
                to: ME.into(),
                extra: String::new(),
                id: mid,
                subject,
            }),
            Category::Newsletter => out.push(Mail {
                at,
                from: email.clone(),
                to: ME.into(),
                extra: format!(
                    "List-Id: <letter{k}.lists.example.org>\n\
                     List-Unsubscribe: <https://lists.example.org/u/{k}>\n"
                ),
                id: mid,
                subject: format!("My newsletter, issue {k}"),
            }),
            Category::Bcc => out.push(Mail {
                at,
                from: email.clone(),
                to: "undisclosed-recipients:;".into(),
                extra: String::new(),
                id: mid,
                subject: "We moved! Our new address".into(),
            }),
            Category::None => continue,
        }
        days.push((*id, at));
    }
    for k in 0..300 {
        out.push(Mail {
            at: when(&mut rng),
            from: format!("news{} <news@shop{}.example.com>", k % 30, k % 30),
            to: ME.into(),
            extra: if k % 2 == 0 {
                "List-Unsubscribe: <mailto:unsub@shop.example.com>\n".into()
            } else {
                "Precedence: bulk\n".into()
            },
            id: format!("n{k}@shop.example.com"),
            subject: format!("Deals of the week {k}"),
        });
    }
    for k in 0..200 {
        let at = when(&mut rng);
        let who = format!("stranger{k}@elsewhere.example.org");
        out.push(Mail {
            at,
            from: ME.into(),
            to: who.clone(),
            extra: String::new(),
            id: format!("s{k}@mail.example.net"),
            subject: format!("Hello {k}"),
        });
        out.push(Mail {
            at: at + Duration::hours(3),
            from: who,
            to: ME.into(),
            extra: format!("References: <s{k}@mail.example.net>\n"),
            id: format!("t{k}@elsewhere.example.org"),
            subject: format!("Re: Hello {k}"),
        });
    }
    out.sort_by_key(|m| m.at);
    (out, days)
}

/// What one evaluation says: everyone's health, the top 5 and top 50 suggestions.
struct Eval {
    health: HashMap<i64, ContactHealth>,
    top5: Vec<i64>,
    top50: Vec<i64>,
}

fn evaluate(store: &Store, now: &Now) -> Eval {
    let health = store
        .health_all(now)
        .unwrap()
        .into_iter()
        .map(|h| (h.contact_id, h))
        .collect();
    let ids = |limit| {
        store
            .today(now, Some(limit))
            .unwrap()
            .suggestions
            .iter()
            .map(|s| s.contact_id)
            .collect::<Vec<_>>()
    };
    Eval {
        health,
        top5: ids(5),
        top50: ids(50),
    }
}

fn due(h: &ContactHealth) -> bool {
    h.days_since_last.is_some() && h.warmth < 0.9
}

fn bands(e: &Eval) -> String {
    let mut counts = [0; 5];
    let mut sum = 0u64;
    let mut n = 0u64;
    for h in e.health.values().filter(|h| h.days_since_last.is_some()) {
        counts[(h.health as usize / 20).min(4)] += 1;
        sum += u64::from(h.health);
        n += 1;
    }
    format!(
        "0–19: {}, 20–39: {}, 40–59: {}, 60–79: {}, 80–100: {}; mean {:.1} over {n}",
        counts[0],
        counts[1],
        counts[2],
        counts[3],
        counts[4],
        sum as f64 / n.max(1) as f64
    )
}

#[test]
#[allow(clippy::too_many_lines)]
fn a_history_with_email() {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("base.db");
    {
        let mut store = Store::open(&base).unwrap();
        let opts = SeedOptions {
            contacts: 2_000,
            interactions: 20_000,
            seed: 1,
        };
        store.seed(opts, seeded_at()).unwrap();
        store.add_me_address("me@example.net", seeded_at()).unwrap();
    }
    let copy = |name: &str| {
        let path = dir.path().join(name);
        std::fs::copy(&base, &path).unwrap();
        Store::open(&path).unwrap()
    };
    let now = Now::utc(seeded_at());
    let logged = copy("logged.db");
    let before = evaluate(&logged, &now);

    // Everyone with a logged history, by circle in id order, with their category.
    let mut by_circle: BTreeMap<&str, Vec<&ContactHealth>> = BTreeMap::new();
    let mut all: Vec<&ContactHealth> = before
        .health
        .values()
        .filter(|h| h.days_since_last.is_some())
        .collect();
    all.sort_by_key(|h| h.contact_id);
    for h in all {
        by_circle.entry(circle_name(h.circle)).or_default().push(h);
    }
    let mut people = Vec::new();
    let mut cat_of: HashMap<i64, Category> = HashMap::new();
    for list in by_circle.values() {
        for (i, h) in list.iter().enumerate() {
            let c = category(h.circle, i);
            cat_of.insert(h.contact_id, c);
            let email = logged.get_contact(h.contact_id).unwrap().channels[0]
                .value
                .clone();
            people.push((h.contact_id, format!("{} <{email}>", h.name), c));
        }
    }
    let (mail, days) = mails(&people, seeded_at());
    let mbox = dir.path().join("mail.mbox");
    write_mbox(&mbox, &mail);

    let mut with_mail = copy("mail.db");
    let report = with_mail
        .add_source(&mbox, None, false, seeded_at(), &mut |_| true)
        .unwrap();
    let after = evaluate(&with_mail, &now);

    // The counterfactual: a logged meeting on each day a contact had mail, no mail.
    let mut with_meetings = copy("meetings.db");
    for (id, at) in &days {
        if cat_of[id] == Category::Newsletter {
            continue;
        }
        let input = NewInteraction {
            participants: vec![*id],
            kind: InteractionKind::Meeting,
            occurred_at: *at,
            has_time: true,
            summary: "meeting instead of the mail".into(),
            notes: String::new(),
            initiated_by: None,
            quality: None,
            help: Vec::new(),
            follow_up: None,
        };
        with_meetings.log_interaction(input, seeded_at()).unwrap();
    }
    let met = evaluate(&with_meetings, &now);

    let mut out = String::new();
    let t = &report.totals;
    writeln!(
        out,
        "mbox: {} messages; read {}, {} new, {} interactions; skipped {:?}",
        mail.len(),
        t.read,
        t.new_items,
        t.interactions,
        t.skipped
    )
    .unwrap();
    writeln!(out, "health before: {}", bands(&before)).unwrap();
    writeln!(out, "health after:  {}", bands(&after)).unwrap();
    writeln!(out, "health with meetings instead: {}", bands(&met)).unwrap();

    let set = |v: &[i64]| v.iter().copied().collect::<HashSet<i64>>();
    for (name, b, a) in [
        ("top 5", &before.top5, &after.top5),
        ("top 50", &before.top50, &after.top50),
    ] {
        let (sb, sa) = (set(b), set(a));
        let left: Vec<i64> = b.iter().copied().filter(|i| !sa.contains(i)).collect();
        let entered: Vec<i64> = a.iter().copied().filter(|i| !sb.contains(i)).collect();
        let by_cat = |ids: &[i64]| {
            let mut m: BTreeMap<String, usize> = BTreeMap::new();
            for i in ids {
                *m.entry(format!(
                    "{:?}",
                    cat_of.get(i).copied().unwrap_or(Category::None)
                ))
                .or_default() += 1;
            }
            m
        };
        writeln!(
            out,
            "Today {name}: {} left ({:?}), {} entered ({:?}); same order: {}",
            left.len(),
            by_cat(&left),
            entered.len(),
            by_cat(&entered),
            b == a
        )
        .unwrap();
    }

    writeln!(
        out,
        "\n| circle | category | people | due before | due after (mail) | no longer due | newly due | mean health Δ (mail) | health fell | cadence shorter | mean health Δ (meeting instead) | due after (meeting instead) |"
    )
    .unwrap();
    writeln!(out, "|---|---|---|---|---|---|---|---|---|---|---|---|").unwrap();
    let mut rows: BTreeMap<(usize, Category), Vec<i64>> = BTreeMap::new();
    let order = |c: Option<Circle>| match c {
        Some(Circle::Inner) => 0,
        Some(Circle::Close) => 1,
        Some(Circle::Network) => 2,
        Some(Circle::Wider) => 3,
        None => 4,
    };
    for (&id, &c) in &cat_of {
        rows.entry((order(before.health[&id].circle), c))
            .or_default()
            .push(id);
    }
    let mut newsletter_changed = 0;
    for ((circle, cat), ids) in &rows {
        let n = ids.len();
        let due_b = ids.iter().filter(|i| due(&before.health[i])).count();
        let due_a = ids.iter().filter(|i| due(&after.health[i])).count();
        let due_m = ids.iter().filter(|i| due(&met.health[i])).count();
        let dropped = ids
            .iter()
            .filter(|i| due(&before.health[i]) && !due(&after.health[i]))
            .count();
        let newly = ids
            .iter()
            .filter(|i| !due(&before.health[i]) && due(&after.health[i]))
            .count();
        let delta = |e: &Eval| {
            ids.iter()
                .map(|i| f64::from(e.health[i].health) - f64::from(before.health[i].health))
                .sum::<f64>()
                / n as f64
        };
        let fell = ids
            .iter()
            .filter(|i| after.health[i].health < before.health[i].health)
            .count();
        let shorter = ids
            .iter()
            .filter(|i| after.health[i].cadence_days < before.health[i].cadence_days - 1e-9)
            .count();
        if *cat == Category::Newsletter {
            newsletter_changed += ids
                .iter()
                .filter(|i| after.health[i] != before.health[i])
                .count();
        }
        let names = ["inner", "close", "network", "wider", "none"];
        writeln!(
            out,
            "| {} | {cat:?} | {n} | {due_b} | {due_a} | {dropped} | {newly} | {:+.1} | {fell} | {shorter} | {:+.1} | {due_m} |",
            names[*circle],
            delta(&after),
            delta(&met)
        )
        .unwrap();
    }
    println!("{out}");

    // What must hold: newsletters (from contacts or not) and strangers change nobody.
    assert_eq!(
        newsletter_changed, 0,
        "a skipped newsletter changed someone"
    );
    let none_changed = cat_of
        .iter()
        .filter(|(_, c)| **c == Category::None)
        .filter(|(i, _)| after.health[*i] != before.health[*i])
        .count();
    assert_eq!(none_changed, 0, "someone with no mail changed");
    let bcc_changed = cat_of
        .iter()
        .filter(|(_, c)| **c == Category::Bcc)
        .filter(|(i, _)| after.health[*i] != before.health[*i])
        .count();
    assert_eq!(
        bcc_changed, 0,
        "a mass mail to undisclosed recipients changed someone"
    );
    assert!(t.skipped.iter().any(|s| s.reason.contains("list")));
}
