//! Give help: match open needs against what I can give, and against other people's offers.
//!
//! - **You can help**: a need of a contact against each of my open offers and each of my
//!   interests. Score = the best [`fit`] among them.
//! - **Introduce A to B**: a need of A against an open offer of B (neither is me). It must
//!   fit both sides: `forward` = fit(A's need, B's offer), `back` = the best of fit(B's
//!   needs, A's offers and interests) and the overlap (Jaccard) of their interests; both
//!   must be positive, and the score is their harmonic mean, × 1.25 when A and B have never
//!   shared an interaction (a bridge across a structural hole, Burt).
//!
//! fit(x, y) = 0.5 × Jaccard(interests of x, interests of y) + 0.5 × TF-IDF cosine of
//! their words (texts and interest names; see `text`), or the cosine alone when one side
//! names no interest. Every opportunity lists the terms
//! both sides share, so the user sees why. Opportunities under [`MIN_SCORE`] are dropped.

use std::collections::{BTreeSet, HashMap, HashSet};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::health::round3;
use super::snapshot::{AskFacts, Snapshot};
use super::text::{similarity, Bag, Idf};
use crate::model::{AskKind, ContactRef, FeedbackAction, Lane};

/// Opportunities scoring below this are not shown.
pub const MIN_SCORE: f64 = 0.1;
/// Bonus factor for an introduction between people who never shared an interaction.
pub const BRIDGE_BONUS: f64 = 1.25;
/// The most opportunities returned.
pub const MAX_OPPORTUNITIES: usize = 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum HelpKind {
    /// I can help with their need.
    CanHelp,
    /// Introduce the person in need to someone who offers it.
    Introduce,
}

/// A need or offer named in an opportunity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AskRef {
    #[ts(type = "number")]
    pub id: i64,
    pub contact: ContactRef,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HelpOpportunity {
    pub kind: HelpKind,
    /// 0–1.25, higher is a better fit.
    pub score: f64,
    /// The need.
    pub need: AskRef,
    /// The offer that matches it (mine or B's); `None` when it matched one of my interests.
    pub offer: Option<AskRef>,
    /// For an introduction: who to introduce the person in need to.
    pub introduce: Option<ContactRef>,
    /// For an introduction: whether they already shared an interaction.
    pub connected: bool,
    /// Words both sides share.
    pub terms: Vec<String>,
    /// One line a person reads: "Ana needs a designer: you listed design as an offer".
    pub reason: String,
}

/// What one side brings to a match: the words and the interests.
#[derive(Debug, Clone, Default)]
struct Side {
    bag: Bag,
    interests: BTreeSet<String>,
}

impl Side {
    fn of_ask(a: &AskFacts) -> Self {
        Side {
            bag: Bag::of(
                std::iter::once(a.text.as_str()).chain(a.interests.iter().map(String::as_str)),
            ),
            interests: a.interests.iter().map(|i| i.to_lowercase()).collect(),
        }
    }

    fn of_interest(name: &str) -> Self {
        Side {
            bag: Bag::of([name]),
            interests: [name.to_lowercase()].into(),
        }
    }
}

fn jaccard(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f64 {
    let union = a.union(b).count();
    if union == 0 {
        0.0
    } else {
        a.intersection(b).count() as f64 / union as f64
    }
}

/// How well `x` (a need) is answered by `y`, with the shared terms.
fn fit(x: &Side, y: &Side, idf: &Idf) -> (f64, Vec<String>) {
    let (cos, mut terms) = similarity(&x.bag, &y.bag, idf);
    let j = jaccard(&x.interests, &y.interests);
    for i in x.interests.intersection(&y.interests) {
        if !terms.iter().any(|t| t.eq_ignore_ascii_case(i)) {
            terms.push(i.clone());
        }
    }
    let score = if x.interests.is_empty() || y.interests.is_empty() {
        cos
    } else {
        0.5 * j + 0.5 * cos
    };
    (score, terms)
}

/// The best way I can help so far: score, shared terms, my offer or my interest.
type Best<'a> = (f64, Vec<String>, Option<usize>, Option<&'a str>);

/// Every help and introduction opportunity, best first. `hidden` contacts (snoozed or
/// dismissed in the help lane, archived) are skipped as the person in need.
pub fn opportunities(snap: &Snapshot, hidden: &HashSet<i64>) -> Vec<HelpOpportunity> {
    let names: HashMap<i64, &str> = snap
        .contacts
        .iter()
        .map(|c| (c.id, c.name.as_str()))
        .collect();
    let live = |id: i64| snap.contact(id).is_some_and(|c| !c.archived);
    let cref = |id: i64| ContactRef {
        id,
        name: names.get(&id).copied().unwrap_or_default().to_owned(),
    };
    let asks: Vec<&AskFacts> = snap.asks.iter().filter(|a| live(a.contact_id)).collect();
    let sides: Vec<Side> = asks.iter().map(|a| Side::of_ask(a)).collect();
    let me = snap.me;
    let my_interests: Vec<String> = me
        .and_then(|id| snap.contact(id))
        .map(|c| c.interests.iter().map(|i| i.name.clone()).collect())
        .unwrap_or_default();
    let interest_sides: Vec<Side> = my_interests.iter().map(|n| Side::of_interest(n)).collect();
    let idf = Idf::new(sides.iter().chain(&interest_sides).map(|s| &s.bag));

    let is_mine = |a: &AskFacts| Some(a.contact_id) == me;
    let needs: Vec<usize> = (0..asks.len())
        .filter(|&i| {
            asks[i].kind == AskKind::Need
                && !is_mine(asks[i])
                && !hidden.contains(&asks[i].contact_id)
        })
        .collect();
    let my_offers: Vec<usize> = (0..asks.len())
        .filter(|&i| asks[i].kind == AskKind::Offer && is_mine(asks[i]))
        .collect();
    let their_offers: Vec<usize> = (0..asks.len())
        .filter(|&i| asks[i].kind == AskKind::Offer && !is_mine(asks[i]))
        .collect();
    let connected: HashSet<(i64, i64)> = snap.connections.iter().copied().collect();
    let contact_interests = |id: i64| -> BTreeSet<String> {
        snap.contact(id)
            .map(|c| c.interests.iter().map(|i| i.name.to_lowercase()).collect())
            .unwrap_or_default()
    };

    let ask_ref = |i: usize| AskRef {
        id: asks[i].id,
        contact: cref(asks[i].contact_id),
        text: asks[i].text.clone(),
    };
    let mut out = Vec::new();
    for &n in &needs {
        let need = asks[n];
        let who = names.get(&need.contact_id).copied().unwrap_or_default();
        // You can help.
        let mut best: Option<Best<'_>> = None;
        for &o in &my_offers {
            let (s, terms) = fit(&sides[n], &sides[o], &idf);
            if !terms.is_empty() && best.as_ref().is_none_or(|b| s > b.0) {
                best = Some((s, terms, Some(o), None));
            }
        }
        for (k, side) in interest_sides.iter().enumerate() {
            let (s, terms) = fit(&sides[n], side, &idf);
            if !terms.is_empty() && best.as_ref().is_none_or(|b| s > b.0) {
                best = Some((s, terms, None, Some(my_interests[k].as_str())));
            }
        }
        if let Some((s, terms, offer, interest)) = best.filter(|b| b.0 >= MIN_SCORE) {
            let what = match (offer, interest) {
                (Some(o), _) => format!("you listed “{}” as an offer", asks[o].text),
                (None, Some(i)) => format!("you are into {i}"),
                _ => String::new(),
            };
            out.push(HelpOpportunity {
                kind: HelpKind::CanHelp,
                score: round3(s),
                need: ask_ref(n),
                offer: offer.map(ask_ref),
                introduce: None,
                connected: true,
                reason: format!(
                    "{who} needs “{}”: {what} (shared: {})",
                    need.text,
                    terms.join(", ")
                ),
                terms,
            });
        }
        // Introductions.
        let a = need.contact_id;
        let a_side = {
            let mut side = Side {
                bag: Bag::default(),
                interests: contact_interests(a),
            };
            for (i, ask) in asks.iter().enumerate() {
                if ask.contact_id == a && ask.kind == AskKind::Offer {
                    side.bag.extend(&sides[i].bag);
                    side.interests.extend(sides[i].interests.iter().cloned());
                }
            }
            for i in &side.interests.clone() {
                side.bag.extend(&Bag::of([i.as_str()]));
            }
            side
        };
        for &o in &their_offers {
            let b = asks[o].contact_id;
            if b == a {
                continue;
            }
            let (forward, terms) = fit(&sides[n], &sides[o], &idf);
            if forward < MIN_SCORE || terms.is_empty() {
                continue;
            }
            let b_interests = contact_interests(b);
            let overlap = jaccard(&a_side.interests, &b_interests);
            let mut back = overlap;
            let mut back_why = if overlap > 0.0 {
                let shared: Vec<String> = a_side
                    .interests
                    .intersection(&b_interests)
                    .cloned()
                    .collect();
                format!("they share {}", shared.join(", "))
            } else {
                String::new()
            };
            for (i, ask) in asks.iter().enumerate() {
                if ask.contact_id == b && ask.kind == AskKind::Need && !a_side.bag.is_empty() {
                    let (s, t) = fit(&sides[i], &a_side, &idf);
                    if s > back && !t.is_empty() {
                        back = s;
                        back_why =
                            format!("{} needs “{}” ({})", cref(b).name, ask.text, t.join(", "));
                    }
                }
            }
            if back <= 0.0 {
                continue;
            }
            let harmonic = 2.0 * forward * back / (forward + back);
            let pair = (a.min(b), a.max(b));
            let is_connected = connected.contains(&pair);
            let score = if is_connected {
                harmonic
            } else {
                harmonic * BRIDGE_BONUS
            };
            if score < MIN_SCORE {
                continue;
            }
            let b_name = cref(b).name;
            out.push(HelpOpportunity {
                kind: HelpKind::Introduce,
                score: round3(score),
                need: ask_ref(n),
                offer: Some(ask_ref(o)),
                introduce: Some(cref(b)),
                connected: is_connected,
                reason: format!(
                    "introduce {who} to {b_name}: {who} needs “{}”, {b_name} offers “{}” (shared: {}); {back_why}{}",
                    need.text,
                    asks[o].text,
                    terms.join(", "),
                    if is_connected { "" } else { "; they have not met through you yet" }
                ),
                terms,
            });
        }
    }
    out.sort_by(|x, y| {
        y.score
            .total_cmp(&x.score)
            .then_with(|| x.need.id.cmp(&y.need.id))
            .then_with(|| {
                x.offer
                    .as_ref()
                    .map(|o| o.id)
                    .cmp(&y.offer.as_ref().map(|o| o.id))
            })
    });
    out.truncate(MAX_OPPORTUNITIES);
    out
}

/// Contacts whose help opportunities are hidden now: snoozed in the help lane until after
/// `today`, or dismissed in it within the dismissal period.
pub fn hidden_in_help(snap: &Snapshot, now: &super::snapshot::Now) -> HashSet<i64> {
    let today = now.today();
    snap.feedback
        .iter()
        .filter(|f| f.lane == Lane::Help)
        .filter(|f| match f.action {
            FeedbackAction::Snoozed => f.until.is_some_and(|u| today < u),
            FeedbackAction::Dismissed => now.days_since(f.at) < super::suggest::DISMISS_DAYS as f64,
            FeedbackAction::Done => now.days_since(f.at) < super::suggest::DONE_QUIET_DAYS as f64,
        })
        .map(|f| f.contact_id)
        .chain(snap.contacts.iter().filter(|c| c.archived).map(|c| c.id))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::snapshot::{ContactFacts, InterestFacts};

    fn ask(id: i64, contact: i64, kind: AskKind, text: &str, interests: &[&str]) -> AskFacts {
        AskFacts {
            id,
            contact_id: contact,
            kind,
            text: text.into(),
            interests: interests.iter().map(|s| s.to_string()).collect(),
        }
    }

    fn with_interests(id: i64, name: &str, interests: &[&str]) -> ContactFacts {
        let mut c = ContactFacts::new(id, name);
        c.interests = interests
            .iter()
            .map(|n| InterestFacts {
                name: n.to_string(),
                added_at: None,
            })
            .collect();
        c
    }

    fn snap() -> Snapshot {
        Snapshot {
            me: Some(1),
            contacts: vec![
                with_interests(1, "Me", &["climbing"]),
                with_interests(2, "Ana", &["startups"]),
                with_interests(3, "Ben", &["startups"]),
                with_interests(4, "Cleo", &[]),
            ],
            asks: vec![
                ask(10, 2, AskKind::Need, "a designer for her app", &[]),
                ask(11, 1, AskKind::Offer, "design", &[]),
                ask(12, 3, AskKind::Offer, "UI design reviews", &[]),
                ask(13, 4, AskKind::Offer, "app design", &[]),
                ask(14, 2, AskKind::Offer, "tax advice", &[]),
            ],
            ..Default::default()
        }
    }

    #[test]
    fn i_can_help_shows_the_overlapping_terms() {
        let ops = opportunities(&snap(), &HashSet::new());
        let mine = ops.iter().find(|o| o.kind == HelpKind::CanHelp).unwrap();
        assert_eq!(mine.need.id, 10);
        assert_eq!(mine.offer.as_ref().unwrap().id, 11);
        assert_eq!(mine.terms, ["designer"]);
        assert_eq!(
            mine.reason,
            "Ana needs “a designer for her app”: you listed “design” as an offer (shared: designer)"
        );
    }

    #[test]
    fn an_introduction_needs_both_sides() {
        let ops = opportunities(&snap(), &HashSet::new());
        let intros: Vec<i64> = ops
            .iter()
            .filter(|o| o.kind == HelpKind::Introduce)
            .map(|o| o.introduce.as_ref().unwrap().id)
            .collect();
        // Ben shares an interest with Ana; Cleo's offer fits Ana's need even better
        // ("app", "design") but nothing of Ana's fits Cleo: no introduction to Cleo.
        assert_eq!(intros, [3]);
        let ben = ops.iter().find(|o| o.kind == HelpKind::Introduce).unwrap();
        assert!(!ben.connected);
        assert!(ben.reason.contains("they share startups"), "{}", ben.reason);
    }

    #[test]
    fn connected_pairs_lose_the_bridge_bonus() {
        let mut s = snap();
        let open = opportunities(&s, &HashSet::new());
        s.connections.push((2, 3));
        let known = opportunities(&s, &HashSet::new());
        let score = |ops: &[HelpOpportunity]| {
            ops.iter()
                .find(|o| o.kind == HelpKind::Introduce)
                .unwrap()
                .score
        };
        assert!((score(&open) / score(&known) - BRIDGE_BONUS).abs() < 0.01);
    }

    #[test]
    fn hidden_contacts_get_no_opportunity() {
        let ops = opportunities(&snap(), &[2].into());
        assert!(ops.is_empty());
    }
}
