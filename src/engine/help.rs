//! Give help: match open needs against what I can give, and against other people's offers.
//!
//! - **You can help**: a need of a contact against each of my open offers and each of my
//!   interests. Score = the best fit among them.
//! - **They can help you**: each of my open needs against every open offer of a contact; the
//!   [`suggestions`] for it (a contact the user's feedback hides in this lane is not offered).
//! - **Suggestions** for one need: the offers that fit it, best first, at most [`PER_NEED`],
//!   none under [`MIN_SCORE`]; by meaning, none under [`NEAR_BEST`] × the best one's score.
//! - **Introduce A to B**: a need of A against an open offer of B (neither is me; B's offer
//!   among the [`suggestions`] for the need, of all offers but mine and A's), never when
//!   A and B already know each other (a shared interaction, an introduction, or a
//!   relationship the user recorded). It must fit both sides: `forward` = fit(A's need, B's
//!   offer), `back` = the best of fit(B's needs, A's offers and interests) and the overlap
//!   (Jaccard) of their interests; both must be positive, and the score is their harmonic
//!   mean, × 1.25 when A and B also know no one in common (a bridge across a structural hole,
//!   Burt). The reason says which: "they share no one you know" or "both know Cleo".
//!
//! fit(x, y) = 0.5 × Jaccard(interests of x, interests of y) + 0.5 × the text similarity, or
//! the similarity alone when one side names no interest. Two asks are compared **by meaning**
//! when the sentence model is installed (`meaning`, in the snapshot): their similarity is
//! `meaning::Model::compare`'s score, no match under [`MEANING_MIN`], so "need a bookkeeper"
//! meets "I do Xero accounts" and "pitch deck" does not meet "pitch coaching for baseball";
//! a shared place raises a match (as below), never makes one. An ask against an interest, or
//! against what a person offers taken together, and every comparison without the model, is
//! **by words** (texts and interest names; see `text`): 0 unless the two share a *thing* (a
//! skill, role, domain or object, by stem, synonym or term of several words): a generic word
//! ("help", "intro") or a place ("Berlin") alone never makes a match, and a shared place
//! raises one. The words of every interest name in the snapshot are terms too
//! (`text::Analyzer`). Every opportunity lists the terms both sides share, so the user sees
//! why; two asks matched by meaning that share none list the two words the model reads as
//! closest ("close in meaning: bookkeeping ~ accounts"), when it reads them as close at all
//! (`meaning::Model::closest`). Opportunities under [`MIN_SCORE`]
//! are dropped. Whose needs the user's feedback hides is decided in `feedback`
//! ([`hidden_in_help`](super::feedback::hidden_in_help)).

use std::collections::{BTreeSet, HashMap, HashSet};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::health::round3;
use super::snapshot::{AskFacts, Snapshot};
use super::text::{similarity, Analyzer, Bag, Idf, PLACE_BOOST};
use crate::meaning::Model;
use crate::model::{AskKind, ContactRef};

/// Opportunities scoring below this are not shown.
pub const MIN_SCORE: f64 = 0.1;
/// Compared by meaning, a need and an offer under this are no match (the cosine of
/// `meaning::Comparison::score`; see docs/EVALUATION.md for how it was chosen).
pub const MEANING_MIN: f64 = 0.42;
/// Compared by meaning, of the offers that meet one need, one scoring under this share of the
/// best one's score is not suggested for it: beside a clearly better fit, a weak one is mostly
/// an offer that shares a word or a field with the need and is about something else (chosen
/// with [`MEANING_MIN`]: docs/EVALUATION.md). By words, every offer that meets a need is
/// suggested (a share did worse on the tuning set).
pub const NEAR_BEST: f64 = 0.8;
/// The most offers suggested for one need (in "they can help you", and as introductions).
pub const PER_NEED: usize = 3;
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
    /// Someone offers what I need: the need is mine, the offer theirs.
    CanHelpYou,
}

/// A need or offer named in an opportunity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AskRef {
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
    /// For an introduction: whether they already know each other. Always false: people who
    /// do are not introduced (kept for the scripts that read it).
    pub connected: bool,
    /// Words both sides share; or, when `by_meaning`, the two words (one of each side) the
    /// meaning model reads as closest ("bookkeeping ~ accounts"), or none when it reads no two
    /// as close.
    pub terms: Vec<String>,
    /// The two asks share no thing: they matched by meaning alone.
    pub by_meaning: bool,
    /// One line a person reads: "Ana needs a designer: you listed design as an offer".
    pub reason: String,
}

/// What one side brings to a match: the words and the interests.
#[derive(Debug, Clone, Default)]
struct Side {
    bag: Bag,
    interests: BTreeSet<String>,
    /// What an ask says, for comparing by meaning: its text, and the interests it names.
    /// `None` for an interest or a person's offers taken together, which words compare.
    text: Option<String>,
}

impl Side {
    fn of_ask(an: &Analyzer, a: &AskFacts) -> Self {
        let text = if a.interests.is_empty() {
            a.text.clone()
        } else {
            format!("{} ({})", a.text, a.interests.join(", "))
        };
        Side {
            bag: an.bag(
                std::iter::once(a.text.as_str()).chain(a.interests.iter().map(String::as_str)),
            ),
            interests: a.interests.iter().map(|i| i.to_lowercase()).collect(),
            text: Some(text),
        }
    }

    fn of_interest(an: &Analyzer, name: &str) -> Self {
        Side {
            bag: an.bag([name]),
            interests: [name.to_lowercase()].into(),
            text: None,
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

/// How well a need is answered, and why.
#[derive(Debug, Clone, Default)]
struct Fit {
    score: f64,
    /// The shared things and generic words, and shared interests.
    terms: Vec<String>,
    /// The shared places.
    places: Vec<String>,
    /// The two asks share no thing but are close in meaning: the texts (need, offer), whose
    /// closest words stand for the terms once the match is shown ([`Fit::terms`]).
    by_meaning: Option<(String, String)>,
}

impl Fit {
    /// Whether it is a match at all.
    fn matched(&self) -> bool {
        !self.terms.is_empty() || self.by_meaning.is_some()
    }

    /// The terms: the shared ones, or for a match by meaning the two words the model reads
    /// as closest ("bookkeeping ~ accounts"; found only now, for a match that is shown).
    fn terms(&self, m: Option<&Model>) -> Vec<String> {
        match (&self.by_meaning, m) {
            (Some((a, b)), Some(m)) => m
                .closest(a, b)
                .map(|(p, q)| vec![format!("{p} ~ {q}")])
                .unwrap_or_default(),
            _ => self.terms.clone(),
        }
    }

    /// Every term, places last.
    fn all(&self, m: Option<&Model>) -> Vec<String> {
        let mut all = self.terms(m);
        all.extend(self.places.iter().cloned());
        all
    }

    /// Why, as a reason says it: "shared: seed investor, intro; both mention berlin", or for
    /// two asks that share no thing but are close in meaning, "close in meaning: bookkeeping ~
    /// accounts".
    fn said(&self, m: Option<&Model>) -> String {
        let terms = self.terms(m).join(", ");
        let what = if self.by_meaning.is_some() {
            if terms.is_empty() {
                "close in meaning".to_owned()
            } else {
                format!("close in meaning: {terms}")
            }
        } else {
            format!("shared: {terms}")
        };
        if self.places.is_empty() {
            what
        } else {
            format!("{what}; both mention {}", self.places.join(", "))
        }
    }
}

/// How well `x` (a need) is answered by `y`. Two asks, with the meaning model: nothing under
/// [`MEANING_MIN`] (a shared place raises a match as in `text`) unless one of the person's
/// merged interest names links them, which then scores just that; the terms are the things both name, else the two words the model reads as closest
/// ("bookkeeper ~ accounts"). Otherwise by words: nothing unless they share a thing.
fn fit(x: &Side, y: &Side, idf: &Idf, meaning: Option<&Model>) -> Fit {
    let mut sim = similarity(&x.bag, &y.bag, idf);
    let mut by_meaning = None;
    if let (Some(m), Some(a), Some(b)) = (meaning, &x.text, &y.text) {
        #[allow(clippy::cast_possible_truncation)]
        let c = m.compare(a, b, MEANING_MIN as f32);
        let s = f64::from(c.score);
        if s >= MEANING_MIN {
            sim.score = if sim.places.is_empty() {
                s
            } else {
                s + (1.0 - s) * PLACE_BOOST
            };
            if sim.terms.is_empty() {
                by_meaning = Some((a.clone(), b.clone()));
            }
        } else if sim.linked {
            // Under the bar, a name the person merged into an interest still links them,
            // as a match just at the bar: the person said so.
            sim.score = MEANING_MIN;
        } else {
            return Fit::default();
        }
    }
    if sim.terms.is_empty() && by_meaning.is_none() {
        return Fit::default();
    }
    let mut terms = sim.terms;
    let j = jaccard(&x.interests, &y.interests);
    for i in x.interests.intersection(&y.interests) {
        if !terms.iter().any(|t| t.eq_ignore_ascii_case(i)) {
            terms.push(i.clone());
        }
    }
    let score = if x.interests.is_empty() || y.interests.is_empty() {
        sim.score
    } else {
        0.5 * j + 0.5 * sim.score
    };
    Fit {
        score,
        terms,
        places: sim.places,
        by_meaning,
    }
}

/// Every need against every offer, scored as two asks that name no interest are (the words'
/// IDF over all of them; by meaning when `meaning` is given): 0 for no match. For the
/// evaluation of matching (`tests/help_eval.rs`).
pub fn fit_scores(needs: &[&str], offers: &[&str], meaning: Option<&Model>) -> Vec<Vec<f64>> {
    let an = Analyzer::default();
    let side = |t: &&str| Side {
        bag: an.bag([*t]),
        interests: BTreeSet::new(),
        text: Some((*t).to_owned()),
    };
    let (ns, os): (Vec<Side>, Vec<Side>) = (
        needs.iter().map(side).collect(),
        offers.iter().map(side).collect(),
    );
    let idf = Idf::new(&an, ns.iter().chain(&os).map(|s| &s.bag));
    ns.iter()
        .map(|n| os.iter().map(|o| fit(n, o, &idf, meaning).score).collect())
        .collect()
}

/// Of the offers scored against one need (under [`MIN_SCORE`]: no match), the ones
/// suggested for it, best first (ties in the order given): at most [`PER_NEED`], and
/// `by_meaning`, none under [`NEAR_BEST`] × the best one's score.
pub fn suggestions<T>(
    scored: impl IntoIterator<Item = (T, f64)>,
    by_meaning: bool,
) -> Vec<(T, f64)> {
    let mut out: Vec<(T, f64)> = scored
        .into_iter()
        .filter(|(_, s)| *s >= MIN_SCORE)
        .collect();
    out.sort_by(|a, b| b.1.total_cmp(&a.1));
    if by_meaning {
        let best = out.first().map_or(0.0, |b| b.1);
        out.retain(|(_, s)| *s >= NEAR_BEST * best);
    }
    out.truncate(PER_NEED);
    out
}

/// Whether a place raises the match of each need and each offer as [`fit_scores`] scores
/// them (a place both name, by words, beside a thing both name). For `eval/help/choose.py`,
/// through `tests/help_eval.rs`.
pub fn shared_places(needs: &[&str], offers: &[&str]) -> Vec<Vec<bool>> {
    let an = Analyzer::default();
    let bags: (Vec<Bag>, Vec<Bag>) = (
        needs.iter().map(|t| an.bag([*t])).collect(),
        offers.iter().map(|t| an.bag([*t])).collect(),
    );
    let idf = Idf::new(&an, bags.0.iter().chain(&bags.1));
    bags.0
        .iter()
        .map(|n| {
            bags.1
                .iter()
                .map(|o| !similarity(n, o, &idf).places.is_empty())
                .collect()
        })
        .collect()
}

/// The best way I can help so far: the fit, my offer or my interest.
type Best<'a> = (Fit, Option<usize>, Option<&'a str>);

/// Every help and introduction opportunity, best first, at most [`MAX_OPPORTUNITIES`] (of
/// `only` that kind, when given). `hidden` contacts (feedback in the help lane that still
/// counts, archived) are skipped as the person in need.
pub fn opportunities(
    snap: &Snapshot,
    hidden: &HashSet<i64>,
    only: Option<HelpKind>,
) -> Vec<HelpOpportunity> {
    let m = Matcher::new(snap);
    let mut out = Vec::new();
    for n in m.needs(hidden) {
        out.extend(m.can_help(n));
        out.extend(m.introductions(n));
    }
    for n in m.of_kind(AskKind::Need, true).collect::<Vec<_>>() {
        out.extend(m.can_help_me(n, hidden));
    }
    out.retain(|h| only.is_none_or(|k| h.kind == k));
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

/// One open need and the best fit of mine for it, as "you can help" finds it: my offer, or
/// else my interest, with the terms they share; neither (and no terms) when nothing fits.
#[derive(Debug, Clone, PartialEq)]
pub struct NeedFit {
    pub need: AskRef,
    pub offer: Option<AskRef>,
    pub interest: Option<String>,
    pub terms: Vec<String>,
}

/// The open needs of contact `id` (a live one of `snap`), by ask id, each with the best fit
/// of mine. Unlike [`opportunities`], no feedback hides a need and none is left out for a
/// low fit: this is everything one person needs.
pub fn needs_of(snap: &Snapshot, id: i64) -> Vec<NeedFit> {
    let m = Matcher::new(snap);
    let mut out: Vec<NeedFit> = (0..m.asks.len())
        .filter(|&n| m.asks[n].contact_id == id && m.asks[n].kind == AskKind::Need)
        .map(|n| {
            let need = m.ask_ref(n);
            match m.best_fit(n) {
                Some((f, offer, interest)) => NeedFit {
                    need,
                    offer: offer.map(|o| m.ask_ref(o)),
                    interest: interest.map(str::to_owned),
                    terms: f.all(m.meaning()),
                },
                None => NeedFit {
                    need,
                    offer: None,
                    interest: None,
                    terms: Vec::new(),
                },
            }
        })
        .collect();
    out.sort_by_key(|f| f.need.id);
    out
}

/// The open asks of live contacts and what is compared of them, indexed alike: `asks[i]`
/// has the words and interests `sides[i]`; IDF is over these asks and my interests.
struct Matcher<'s> {
    snap: &'s Snapshot,
    names: HashMap<i64, &'s str>,
    asks: Vec<&'s AskFacts>,
    sides: Vec<Side>,
    my_interests: Vec<String>,
    interest_sides: Vec<Side>,
    /// The bag of every interest name in the snapshot, lower-cased.
    interest_bags: HashMap<String, Bag>,
    idf: Idf,
    connected: HashSet<(i64, i64)>,
    /// Whom each contact of `connected` knows.
    known: HashMap<i64, BTreeSet<i64>>,
}

impl<'s> Matcher<'s> {
    fn new(snap: &'s Snapshot) -> Self {
        let contact_names = snap
            .contacts
            .iter()
            .map(|c| (c.id, c.name.as_str()))
            .collect();
        let live = |id: i64| snap.contact(id).is_some_and(|c| !c.archived);
        let asks: Vec<&AskFacts> = snap.asks.iter().filter(|a| live(a.contact_id)).collect();
        let names: BTreeSet<String> = snap
            .contacts
            .iter()
            .flat_map(|c| c.interests.iter().map(|i| i.name.to_lowercase()))
            .chain(
                asks.iter()
                    .flat_map(|a| a.interests.iter().map(|i| i.to_lowercase())),
            )
            .collect();
        let an = Analyzer::new(
            names.iter().map(String::as_str),
            snap.interest_aliases
                .iter()
                .map(|(alias, name)| (alias.as_str(), name.as_str())),
        );
        let interest_bags = names
            .iter()
            .map(|n| (n.clone(), an.bag([n.as_str()])))
            .collect();
        let sides: Vec<Side> = asks.iter().map(|a| Side::of_ask(&an, a)).collect();
        let my_interests: Vec<String> = snap
            .me
            .and_then(|id| snap.contact(id))
            .map(|c| c.interests.iter().map(|i| i.name.clone()).collect())
            .unwrap_or_default();
        let interest_sides: Vec<Side> = my_interests
            .iter()
            .map(|n| Side::of_interest(&an, n))
            .collect();
        let idf = Idf::new(&an, sides.iter().chain(&interest_sides).map(|s| &s.bag));
        Matcher {
            snap,
            names: contact_names,
            asks,
            sides,
            my_interests,
            interest_sides,
            interest_bags,
            idf,
            connected: snap.connections.iter().copied().collect(),
            known: snap
                .connections
                .iter()
                .fold(HashMap::new(), |mut m, &(x, y)| {
                    m.entry(x).or_insert_with(BTreeSet::new).insert(y);
                    m.entry(y).or_insert_with(BTreeSet::new).insert(x);
                    m
                }),
        }
    }

    /// Someone live both `a` and `b` know (the first by id), with their name, if any: an
    /// introduction between them bridges no gap in the network.
    fn common_acquaintance(&self, a: i64, b: i64) -> Option<&'s str> {
        let (ka, kb) = (self.known.get(&a)?, self.known.get(&b)?);
        ka.intersection(kb)
            .filter(|&&c| c != a && c != b && Some(c) != self.snap.me)
            .find_map(|c| self.snap.connection_names.get(c).map(String::as_str))
    }

    fn meaning(&self) -> Option<&'s Model> {
        self.snap.meaning.as_ref().map(|m| &*m.0)
    }

    /// [`fit`] with this snapshot's IDF and meaning model.
    fn fit(&self, x: &Side, y: &Side) -> Fit {
        fit(x, y, &self.idf, self.meaning())
    }

    fn name(&self, id: i64) -> &'s str {
        self.names.get(&id).copied().unwrap_or_default()
    }

    fn cref(&self, id: i64) -> ContactRef {
        ContactRef {
            id,
            name: self.name(id).to_owned(),
        }
    }

    fn ask_ref(&self, i: usize) -> AskRef {
        AskRef {
            id: self.asks[i].id,
            contact: self.cref(self.asks[i].contact_id),
            text: self.asks[i].text.clone(),
        }
    }

    fn is_mine(&self, i: usize) -> bool {
        Some(self.asks[i].contact_id) == self.snap.me
    }

    /// The asks of `kind`, mine or not.
    fn of_kind(&self, kind: AskKind, mine: bool) -> impl Iterator<Item = usize> + '_ {
        (0..self.asks.len()).filter(move |&i| self.asks[i].kind == kind && self.is_mine(i) == mine)
    }

    /// Open needs of others, but not of `hidden` contacts.
    fn needs(&self, hidden: &HashSet<i64>) -> Vec<usize> {
        self.of_kind(AskKind::Need, false)
            .filter(|&i| !hidden.contains(&self.asks[i].contact_id))
            .collect()
    }

    fn their_offers(&self) -> impl Iterator<Item = usize> + '_ {
        self.of_kind(AskKind::Offer, false)
    }

    fn contact_interests(&self, id: i64) -> BTreeSet<String> {
        self.snap
            .contact(id)
            .map(|c| c.interests.iter().map(|i| i.name.to_lowercase()).collect())
            .unwrap_or_default()
    }

    /// Need `n` against each of my offers and each of my interests: the best fit that shares
    /// a term, if it scores at least [`MIN_SCORE`].
    fn best_fit(&self, n: usize) -> Option<Best<'_>> {
        let mut best: Option<Best<'_>> = None;
        for o in self.of_kind(AskKind::Offer, true) {
            let f = self.fit(&self.sides[n], &self.sides[o]);
            if f.matched() && best.as_ref().is_none_or(|b| f.score > b.0.score) {
                best = Some((f, Some(o), None));
            }
        }
        for (k, side) in self.interest_sides.iter().enumerate() {
            let f = self.fit(&self.sides[n], side);
            if f.matched() && best.as_ref().is_none_or(|b| f.score > b.0.score) {
                best = Some((f, None, Some(self.my_interests[k].as_str())));
            }
        }
        best.filter(|b| b.0.score >= MIN_SCORE)
    }

    /// You can help: need `n` answered by the best fit of mine ([`Matcher::best_fit`]).
    fn can_help(&self, n: usize) -> Option<HelpOpportunity> {
        let (f, offer, interest) = self.best_fit(n)?;
        let what = match (offer, interest) {
            (Some(o), _) => format!("you listed “{}” as an offer", self.asks[o].text),
            (None, Some(i)) => format!("you are into {i}"),
            _ => String::new(),
        };
        let need = self.asks[n];
        Some(HelpOpportunity {
            kind: HelpKind::CanHelp,
            score: round3(f.score),
            need: self.ask_ref(n),
            offer: offer.map(|o| self.ask_ref(o)),
            introduce: None,
            connected: true,
            reason: format!(
                "{} needs “{}”: {what} ({})",
                self.name(need.contact_id),
                need.text,
                f.said(self.meaning())
            ),
            terms: f.all(self.meaning()),
            by_meaning: f.by_meaning.is_some(),
        })
    }

    /// The offers, each with its fit, that need `n` meets among `offers` (those that share
    /// a thing), as [`suggestions`] picks them.
    fn suggested(&self, n: usize, offers: impl Iterator<Item = usize>) -> Vec<(usize, Fit)> {
        let scored = offers.map(|o| {
            let f = self.fit(&self.sides[n], &self.sides[o]);
            let s = if f.matched() { f.score } else { 0.0 };
            ((o, f), s)
        });
        suggestions(scored, self.meaning().is_some())
            .into_iter()
            .map(|(of, _)| of)
            .collect()
    }

    /// They can help you: my need `n` against every offer of someone not `hidden`, as
    /// [`suggestions`] picks them.
    fn can_help_me(&self, n: usize, hidden: &HashSet<i64>) -> Vec<HelpOpportunity> {
        let offers = self
            .their_offers()
            .filter(|&o| !hidden.contains(&self.asks[o].contact_id));
        self.suggested(n, offers)
            .into_iter()
            .map(|(o, f)| self.can_help_me_by(n, o, &f))
            .collect()
    }

    fn can_help_me_by(&self, n: usize, o: usize, f: &Fit) -> HelpOpportunity {
        let offer = self.asks[o];
        HelpOpportunity {
            kind: HelpKind::CanHelpYou,
            score: round3(f.score),
            need: self.ask_ref(n),
            offer: Some(self.ask_ref(o)),
            introduce: None,
            connected: true,
            reason: format!(
                "{} offers “{}”: you need “{}” ({})",
                self.name(offer.contact_id),
                offer.text,
                self.asks[n].text,
                f.said(self.meaning())
            ),
            terms: f.all(self.meaning()),
            by_meaning: f.by_meaning.is_some(),
        }
    }

    /// What the person in need, `a`, can give back: their offers and their interests.
    fn giver_side(&self, a: i64) -> Side {
        let mut side = Side {
            bag: Bag::default(),
            interests: self.contact_interests(a),
            text: None,
        };
        for (i, ask) in self.asks.iter().enumerate() {
            if ask.contact_id == a && ask.kind == AskKind::Offer {
                side.bag.extend(&self.sides[i].bag);
                side.interests
                    .extend(self.sides[i].interests.iter().cloned());
            }
        }
        for i in &side.interests {
            if let Some(bag) = self.interest_bags.get(i) {
                side.bag.extend(bag);
            }
        }
        side
    }

    /// How well A (`a_side`, see [`Matcher::giver_side`]) fits B back, and why: the overlap
    /// of their interests, or better, one of B's needs that A's offers or interests answer.
    fn back(&self, b: i64, a_side: &Side) -> (f64, String) {
        let b_interests = self.contact_interests(b);
        let overlap = jaccard(&a_side.interests, &b_interests);
        let mut back = overlap;
        let mut why = if overlap > 0.0 {
            let shared: Vec<String> = a_side
                .interests
                .intersection(&b_interests)
                .cloned()
                .collect();
            format!("they share {}", shared.join(", "))
        } else {
            String::new()
        };
        for (i, ask) in self.asks.iter().enumerate() {
            if ask.contact_id == b && ask.kind == AskKind::Need && !a_side.bag.is_empty() {
                let f = self.fit(&self.sides[i], a_side);
                if f.score > back && f.matched() {
                    back = f.score;
                    why = format!(
                        "{} needs “{}” ({})",
                        self.name(b),
                        ask.text,
                        f.said(self.meaning())
                    );
                }
            }
        }
        (back, why)
    }

    /// Introduce the person with need `n` to the authors of the offers [`suggestions`] picks
    /// for it among other people's, each if it fits both ways (see the module doc).
    fn introductions(&self, n: usize) -> Vec<HelpOpportunity> {
        let a = self.asks[n].contact_id;
        let offers = self
            .their_offers()
            .filter(|&o| self.asks[o].contact_id != a);
        let picked = self.suggested(n, offers);
        if picked.is_empty() {
            return Vec::new();
        }
        let giver = self.giver_side(a);
        picked
            .into_iter()
            .filter_map(|(o, f)| self.introduction(n, o, &f, &giver))
            .collect()
    }

    /// Introduce the person with need `n` (who can give back `a_side`) to the author of offer
    /// `o`, which fits the need by `f`, if it fits back (see the module doc).
    fn introduction(&self, n: usize, o: usize, f: &Fit, a_side: &Side) -> Option<HelpOpportunity> {
        let need = self.asks[n];
        let (a, b) = (need.contact_id, self.asks[o].contact_id);
        let forward = f.score;
        let (back, back_why) = self.back(b, a_side);
        if back <= 0.0 {
            return None;
        }
        let harmonic = 2.0 * forward * back / (forward + back);
        // People who already know each other need no introduction.
        if self.connected.contains(&(a.min(b), a.max(b))) {
            return None;
        }
        let common = self.common_acquaintance(a, b);
        let score = match common {
            None => harmonic * BRIDGE_BONUS,
            Some(_) => harmonic,
        };
        if score < MIN_SCORE {
            return None;
        }
        let apart = match common {
            None => "they share no one you know".to_owned(),
            Some(c) => format!("both know {c}"),
        };
        let (who, b_name) = (self.name(a), self.name(b));
        Some(HelpOpportunity {
            kind: HelpKind::Introduce,
            score: round3(score),
            need: self.ask_ref(n),
            offer: Some(self.ask_ref(o)),
            introduce: Some(self.cref(b)),
            connected: false,
            reason: format!(
                "introduce {who} to {b_name}: {who} needs “{}”, {b_name} offers “{}” ({}); {back_why}; {apart}",
                need.text,
                self.asks[o].text,
                f.said(self.meaning()),
            ),
            terms: f.all(self.meaning()),
            by_meaning: f.by_meaning.is_some(),
        })
    }
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
        let ops = opportunities(&snap(), &HashSet::new(), None);
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
        let ops = opportunities(&snap(), &HashSet::new(), None);
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
    fn people_who_know_each_other_are_never_introduced() {
        let mut s = snap();
        let intro = |s: &Snapshot| {
            opportunities(s, &HashSet::new(), None)
                .into_iter()
                .find(|o| o.kind == HelpKind::Introduce)
        };
        let open = intro(&s).expect("Ana to Ben");
        assert!(
            open.reason.ends_with("; they share no one you know"),
            "{}",
            open.reason
        );
        // Both know Cleo: still suggested, without the bridge bonus, and said so.
        s.connections.extend([(2, 4), (3, 4)]);
        s.connection_names = [(2, "Ana"), (3, "Ben"), (4, "Cleo")]
            .map(|(id, n)| (id, n.to_owned()))
            .into();
        let near = intro(&s).expect("still suggested");
        assert!(near.reason.ends_with("; both know Cleo"), "{}", near.reason);
        assert!((open.score / near.score - BRIDGE_BONUS).abs() < 0.01);
        // They know each other: no introduction.
        s.connections.push((2, 3));
        assert!(intro(&s).is_none());
    }

    #[test]
    fn the_needs_of_one_person_come_with_my_best_fit_or_none() {
        let mut s = snap();
        s.asks
            .push(ask(15, 2, AskKind::Need, "a sailing boat", &[]));
        let fits = needs_of(&s, 2);
        assert_eq!(fits.len(), 2);
        assert_eq!(fits[0].need.id, 10);
        assert_eq!(fits[0].offer.as_ref().map(|o| o.id), Some(11));
        assert_eq!(fits[0].terms, ["designer"]);
        assert_eq!(fits[1].need.id, 15);
        assert_eq!(
            (fits[1].offer.as_ref(), fits[1].interest.as_ref()),
            (None, None)
        );
        assert!(fits[1].terms.is_empty());
        assert!(needs_of(&s, 3).is_empty(), "Ben needs nothing");
    }

    /// Me (1) with `offers`, and one contact (2, "Trudi") per need, each need its own
    /// contact; my interests `mine`. Returns what "you can help" finds for each need.
    fn can_help(mine: &[&str], offers: &[&str], needs: &[&str]) -> Vec<Option<HelpOpportunity>> {
        let mut s = Snapshot {
            me: Some(1),
            contacts: vec![with_interests(1, "Me", mine)],
            ..Default::default()
        };
        for (k, o) in offers.iter().enumerate() {
            s.asks.push(ask(100 + k as i64, 1, AskKind::Offer, o, &[]));
        }
        for (k, n) in needs.iter().enumerate() {
            let id = 2 + k as i64;
            s.contacts.push(with_interests(id, &format!("P{id}"), &[]));
            s.asks.push(ask(200 + k as i64, id, AskKind::Need, n, &[]));
        }
        let ops = opportunities(&s, &HashSet::new(), None);
        (0..needs.len())
            .map(|k| ops.iter().find(|o| o.need.id == 200 + k as i64).cloned())
            .collect()
    }

    #[test]
    fn a_need_gets_at_most_three_suggestions_near_the_best_by_meaning() {
        let scored = vec![
            ("a", 0.40),
            ("b", 0.0),
            ("c", 0.62),
            ("d", 0.50),
            ("e", 0.05),
            ("f", 0.55),
            ("g", 0.60),
        ];
        let names = |v: Vec<(&'static str, f64)>| -> Vec<&'static str> {
            v.into_iter().map(|(n, _)| n).collect()
        };
        // By meaning: the three best, none under 0.8 × 0.62 (0.496).
        assert_eq!(names(suggestions(scored.clone(), true)), ["c", "g", "f"]);
        let far = vec![("a", 0.40), ("c", 0.62), ("d", 0.50)];
        assert_eq!(names(suggestions(far, true)), ["c", "d"]);
        // By words, every match counts (the three best), none under MIN_SCORE.
        assert_eq!(names(suggestions(scored.clone(), false)), ["c", "g", "f"]);
        let low = vec![("a", 0.40), ("e", 0.05), ("c", 0.62)];
        assert_eq!(names(suggestions(low.clone(), false)), ["c", "a"]);
        // Ties keep the order given.
        assert_eq!(
            names(suggestions(vec![("x", 0.5), ("y", 0.5)], true)),
            ["x", "y"]
        );
        assert!(suggestions(Vec::<(&str, f64)>::new(), true).is_empty());
    }

    #[test]
    fn by_meaning_a_fit_far_below_the_best_is_not_suggested() {
        let Some(meaning) = crate::engine::snapshot::Meaning::shared() else {
            assert!(
                std::env::var_os("CI").is_none(),
                "the meaning model is not installed"
            );
            return;
        };
        let mut s = me_needing("babysitter for friday evenings in Clapham?");
        s.meaning = Some(meaning);
        let lane = |s: &Snapshot| -> Vec<(String, f64)> {
            they_can_help_me(s)
                .into_iter()
                .filter_map(|o| o.offer.map(|x| (x.contact.name, o.score)))
                .collect()
        };
        // Alone, the pottery classes clear the bar (they share the evening and the place)…
        offered_by(&mut s, 3, "Bo", "Friday evening pottery classes in Clapham");
        let alone = lane(&s);
        assert_eq!(alone.len(), 1, "{alone:?}");
        // … but not beside the childminder, who fits far better.
        let childminder = "Childminding student, evenings & weekends, South London, DBS checked";
        offered_by(&mut s, 2, "Ana", childminder);
        let both = lane(&s);
        assert_eq!(both.len(), 1, "{both:?}");
        assert_eq!(both[0].0, "Ana");
        assert!(alone[0].1 < NEAR_BEST * both[0].1, "{alone:?} {both:?}");
    }

    /// A snapshot of me alone (id 1), with one open need (ask 10).
    fn me_needing(need: &str) -> Snapshot {
        let mut s = Snapshot {
            me: Some(1),
            contacts: vec![with_interests(1, "Me", &[])],
            ..Default::default()
        };
        s.asks.push(ask(10, 1, AskKind::Need, need, &[]));
        s
    }

    /// Contact `id`, called `name`, who offers `offer` (ask `id` × 10 + 1).
    fn offered_by(s: &mut Snapshot, id: i64, name: &str, offer: &str) {
        s.contacts.push(with_interests(id, name, &[]));
        s.asks
            .push(ask(id * 10 + 1, id, AskKind::Offer, offer, &[]));
    }

    fn they_can_help_me(s: &Snapshot) -> Vec<HelpOpportunity> {
        opportunities(s, &HashSet::new(), Some(HelpKind::CanHelpYou))
    }

    #[test]
    fn my_need_lists_up_to_three_people_who_offer_it() {
        let mut s = me_needing("designer for branding sprint");
        offered_by(&mut s, 2, "Joyce", "Brand identity and logo design");
        offered_by(&mut s, 3, "Ana", "branding workshops for founders");
        offered_by(&mut s, 4, "Bo", "logo design");
        offered_by(&mut s, 5, "Cleo", "brand design sprints");
        let mine = they_can_help_me(&s);
        assert_eq!(mine.len(), PER_NEED, "{mine:?}");
        assert!(mine.iter().all(|o| o.need.id == 10));
        assert!(
            mine.windows(2).all(|w| w[0].score >= w[1].score),
            "{mine:?}"
        );
        let who: HashSet<&str> = mine
            .iter()
            .filter_map(|o| o.offer.as_ref().map(|x| x.contact.name.as_str()))
            .collect();
        assert_eq!(who.len(), 3, "three people, each once: {mine:?}");
    }

    #[test]
    fn my_own_need_meets_the_best_offer_of_someone_i_know() {
        let mut s = Snapshot {
            me: Some(1),
            contacts: vec![
                with_interests(1, "Me", &[]),
                with_interests(2, "Joyce", &[]),
                with_interests(3, "Bo", &[]),
            ],
            ..Default::default()
        };
        s.asks.push(ask(
            10,
            1,
            AskKind::Need,
            "designer for branding sprint",
            &[],
        ));
        s.asks
            .push(ask(11, 1, AskKind::Need, "a boat for the summer", &[]));
        s.asks.push(ask(
            20,
            2,
            AskKind::Offer,
            "Brand identity and logo design",
            &[],
        ));
        s.asks
            .push(ask(21, 3, AskKind::Offer, "Intros in Berlin", &[]));
        let mine: Vec<HelpOpportunity> = opportunities(&s, &HashSet::new(), None)
            .into_iter()
            .filter(|o| o.kind == HelpKind::CanHelpYou)
            .collect();
        assert_eq!(mine.len(), 1, "the boat meets no offer: {mine:?}");
        assert_eq!(mine[0].need.id, 10);
        assert_eq!(
            mine[0].offer.as_ref().map(|o| o.contact.name.as_str()),
            Some("Joyce")
        );
        assert!(
            mine[0]
                .reason
                .starts_with("Joyce offers “Brand identity and logo design”: you need “designer for branding sprint” (shared: "),
            "{}",
            mine[0].reason
        );
        // Joyce kept quiet in the help lane: not offered.
        let hidden = opportunities(&s, &[2].into(), None);
        assert!(hidden.iter().all(|o| o.kind != HelpKind::CanHelpYou));
    }

    #[test]
    fn a_need_meets_an_offer_by_the_thing_not_a_shared_city() {
        let found = can_help(
            &[],
            &["Intros to seed investors in Berlin"],
            &[
                "senior data engineer to hire in Berlin",
                "Warm intro to a seed investor",
            ],
        );
        assert!(found[0].is_none(), "{:?}", found[0]);
        let maggie = found[1]
            .as_ref()
            .expect("seed investor meets seed investors");
        assert_eq!(maggie.terms, ["seed investor", "intro"]);
        assert_eq!(
            maggie.reason,
            "P3 needs “Warm intro to a seed investor”: you listed “Intros to seed investors in \
             Berlin” as an offer (shared: seed investor, intro)"
        );
    }

    #[test]
    fn a_designer_for_branding_meets_brand_identity_and_logo_design() {
        let mut s = snap();
        s.asks.clear();
        s.asks.push(ask(
            20,
            1,
            AskKind::Need,
            "designer for branding sprint",
            &[],
        ));
        s.asks.push(ask(
            21,
            4,
            AskKind::Offer,
            "Brand identity and logo design",
            &[],
        ));
        s.asks.push(ask(22, 4, AskKind::Need, "a tax return", &[]));
        let ops = opportunities(&s, &HashSet::new(), None);
        let kinds: Vec<HelpKind> = ops.iter().map(|o| o.kind).collect();
        assert_eq!(
            kinds,
            [HelpKind::CanHelpYou],
            "my own need meets Joyce's offer"
        );
        let m = Matcher::new(&s);
        let f = fit(&m.sides[0], &m.sides[1], &m.idf, None);
        assert!(f.score >= MIN_SCORE, "{f:?}");
        assert_eq!(
            f.terms,
            ["branding ~ brand identity", "designer ~ logo design"]
        );
    }

    #[test]
    fn synonyms_and_variants_match() {
        for (offer, need, shared) in [
            (
                "recruiting for startups",
                "hiring our first engineers",
                "hiring ~ recruiting",
            ),
            (
                "UX reviews",
                "user experience audit",
                "user experience ~ ux",
            ),
            ("React developer", "a dev for our React app", "react"),
            (
                "intros to VCs",
                "fundraising for our seed round",
                "fundraising ~ vcs",
            ),
            (
                "tax advice",
                "help with my Steuererklärung",
                "steuererklärung ~ tax advice",
            ),
            (
                "Spanish lessons",
                "Clases de español para mi hija",
                "clases ~ lessons",
            ),
        ] {
            let found = can_help(&[], &[offer], &[need]);
            let o = found[0]
                .as_ref()
                .unwrap_or_else(|| panic!("{need} / {offer}"));
            assert!(
                o.terms.iter().any(|t| t == shared),
                "{need} / {offer}: {:?}",
                o.terms
            );
        }
    }

    #[test]
    fn generic_words_or_a_place_alone_make_no_match() {
        let found = can_help(
            &["people"],
            &[
                "Happy to help people looking for work",
                "Intros to anyone in Lisbon",
            ],
            &[
                "looking for help",
                "intro to people who work in Portugal",
                "someone in Lisboa",
                "need a warm intro",
            ],
        );
        assert!(found.iter().all(Option::is_none), "{found:?}");
    }

    #[test]
    fn a_shared_place_raises_a_real_match_and_is_named() {
        let found = can_help(
            &[],
            &["Rust consulting in Berlin"],
            &["Rust developer in Berlin", "Rust developer in Lisbon"],
        );
        let (berlin, lisbon) = (found[0].as_ref().unwrap(), found[1].as_ref().unwrap());
        assert!(
            berlin.score > lisbon.score,
            "{} {}",
            berlin.score,
            lisbon.score
        );
        assert_eq!(berlin.terms, ["rust", "berlin"]);
        assert!(
            berlin
                .reason
                .ends_with("(shared: rust; both mention berlin)"),
            "{}",
            berlin.reason
        );
        assert_eq!(lisbon.terms, ["rust"]);
    }

    #[test]
    fn a_need_in_german_or_spanish_meets_the_design_offer() {
        let found = can_help(
            &[],
            &["Brand identity and logo design"],
            &[
                "Suche einen Designer für unser Branding",
                "Busco un diseñador para nuestra marca",
            ],
        );
        let de = found[0].as_ref().expect("Designer, Branding");
        assert_eq!(
            de.terms,
            ["branding ~ brand identity", "designer ~ logo design"]
        );
        let es = found[1].as_ref().expect("diseñador, marca");
        assert_eq!(
            es.terms,
            ["marca ~ brand identity", "diseñador ~ logo design"]
        );
    }

    #[test]
    fn my_interests_count_as_terms_of_several_words() {
        let found = can_help(
            &["Urban sketching"],
            &[],
            &["a teacher for urban sketching", "sketching tips"],
        );
        let o = found[0].as_ref().expect("the interest meets its words");
        assert_eq!(o.terms, ["urban sketching"]);
        assert!(
            o.reason.contains("you are into Urban sketching"),
            "{}",
            o.reason
        );
    }

    #[test]
    fn hidden_contacts_get_no_opportunity() {
        let ops = opportunities(&snap(), &[2].into(), None);
        assert!(ops.is_empty());
    }
}
