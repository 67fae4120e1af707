//! Offline, explainable text similarity for matching needs and offers: by the *thing* needed
//! and offered, not by any word both happen to use.
//!
//! A text is lower-cased and split on anything that is not a letter or a digit. Stop words
//! go: the Snowball lists (via the `stop-words` crate) of English, German, Spanish, French,
//! Portuguese, Italian and Dutch. A word that is both a stop word and a term of the vocabulary
//! ("ai" is French for "have") is dropped only when the text is in that language (the
//! language with the most stop words in it). The rest are stemmed with Snowball's English
//! stemmer (`rust-stemmers`: "branding" → "brand", "intros" → "intro"), and read against a
//! vocabulary, longest spelling first, so that "seed investor" or "data engineer" is one term:
//!
//! - the curated vocabulary shipped in `data/vocabulary.tsv` (skills, roles, domains, their
//!   synonyms and variants in the languages above: "hiring" ~ "recruiter", "UX" ~ "user
//!   experience"), each spelling a **thing**, a **generic** word ("help", "intro", "people")
//!   or a **place** (countries, major cities, regions); a thing may be a kind of another
//!   ("seed investor" of "investor"), which it then also counts as, at half weight;
//! - the person's own vocabulary: every interest name in the snapshot is a thing, and one of
//!   several words is one term ([`Analyzer::new`]), its words also counting at half weight;
//!   a name the person merged into another interest (an alias: "golang" into "Go", "hiring"
//!   into "Recruiting") reads as that interest, so the person's merges are synonyms too, and
//!   win over what the shipped vocabulary says of the same spelling;
//! - the one-word names of the cities of 100,000 people or more (`data/places.txt`, from
//!   GeoNames) are places too, unless they are a common English word ("Reading", "Nice"), a
//!   stop word, a vocabulary term or a word of the person's own interests;
//! - any other word is a thing of its own stem.
//!
//! Terms are weighted by TF-IDF over the asks compared, times a prior: 1 for the vocabulary's
//! and the person's terms, less for a word the more common it is in English (from the word
//! frequencies shipped in `ops/data/words-en.tsv`), 0.2 for a generic word. Similarity is
//! the cosine of two such vectors over things and generic words, and it is 0 unless the two
//! share a thing: a generic word or a place alone never makes a match. A shared place raises
//! a match: s + (1 − s) × [`PLACE_BOOST`]. The explanation lists the shared terms, weightiest
//! first, as the words of the first side, "hiring ~ recruiting" when the two say it
//! differently (a generic word said differently is not named: a generic line gathers words
//! too general to match, not synonyms), then the shared places.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::OnceLock;

use rust_stemmers::{Algorithm, Stemmer};

/// How much a shared place closes the gap between a match and a perfect one.
pub const PLACE_BOOST: f64 = 0.2;
/// The prior of a generic word.
const GENERIC_PRIOR: f64 = 0.2;
/// The weight of what a term is a kind of, or of a word of one of the person's terms.
const PART_WEIGHT: f64 = 0.5;
/// The most words in one spelling of the vocabulary.
const MAX_WORDS: usize = 4;
/// The languages whose stop words are dropped, as ISO 639-1 codes.
const LANGUAGES: [&str; 7] = ["en", "de", "es", "fr", "pt", "it", "nl"];

const VOCABULARY: &str = include_str!("data/vocabulary.tsv");
const WORDS_EN: &str = include_str!("../ops/data/words-en.tsv");
const PLACES: &str = include_str!("data/places.txt");

/// What a term is: only a shared thing makes a match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Thing,
    Generic,
    Place,
}

/// The shipped data, read once: stop words, vocabulary, English word priors.
struct Shipped {
    stemmer: Stemmer,
    /// Stop word → bit set of the languages (index in [`LANGUAGES`]) that list it.
    stops: HashMap<&'static str, u8>,
    /// A spelling's stems joined by spaces → its line.
    spellings: HashMap<String, usize>,
    /// The spellings of one word, as written.
    singles: HashSet<&'static str>,
    lines: Vec<Line>,
    /// Stem → prior from its English frequency (words absent from the list weigh 1).
    priors: HashMap<String, f64>,
    /// The stems of the one-word city names of `data/places.txt` that are no common English
    /// word, stop word or vocabulary term: places too, besides the vocabulary's.
    places: HashSet<String>,
}

struct Line {
    kind: Kind,
    /// The first spelling's stems: the term's key.
    key: String,
    /// Lines this one is a kind of.
    broader: Vec<usize>,
}

/// A problem in the shipped vocabulary (for its test).
#[derive(Debug, PartialEq)]
pub struct VocabularyIssue(pub String);

fn shipped() -> &'static Shipped {
    static SHIPPED: OnceLock<Shipped> = OnceLock::new();
    SHIPPED.get_or_init(|| Shipped::load().0)
}

impl Shipped {
    fn load() -> (Shipped, Vec<VocabularyIssue>) {
        let mut stops: HashMap<&'static str, u8> = HashMap::new();
        for (i, lang) in LANGUAGES.iter().enumerate() {
            for w in stop_words::get(lang) {
                *stops.entry(w).or_insert(0) |= 1 << i;
            }
        }
        let mut s = Shipped {
            stemmer: Stemmer::create(Algorithm::English),
            stops,
            spellings: HashMap::new(),
            singles: VOCABULARY
                .lines()
                .filter(|l| !l.starts_with('#'))
                .filter_map(|l| l.split('\t').nth(1))
                .flat_map(|f| f.split(" | "))
                .filter(|sp| !sp.contains(' '))
                .collect(),
            lines: Vec::new(),
            priors: HashMap::new(),
            places: HashSet::new(),
        };
        let mut issues = Vec::new();
        let mut broader_names: Vec<Vec<String>> = Vec::new();
        for raw in VOCABULARY.lines() {
            if raw.trim().is_empty() || raw.starts_with('#') {
                continue;
            }
            let mut fields = raw.split('\t');
            let kind = match fields.next() {
                Some("thing") => Kind::Thing,
                Some("generic") => Kind::Generic,
                Some("place") => Kind::Place,
                other => {
                    issues.push(VocabularyIssue(format!("unknown kind {other:?}: {raw}")));
                    continue;
                }
            };
            let spellings = fields.next().unwrap_or_default();
            let broader = fields
                .next()
                .and_then(|f| f.strip_prefix("> "))
                .map(|f| f.split(" | ").map(|b| s.key_of(b)).collect())
                .unwrap_or_default();
            let n = s.lines.len();
            let mut key = String::new();
            for spelling in spellings.split(" | ") {
                let k = s.key_of(spelling);
                if k.is_empty() || k.split(' ').count() > MAX_WORDS {
                    issues.push(VocabularyIssue(format!(
                        "spelling {spelling:?} reads as {k:?}"
                    )));
                    continue;
                }
                if key.is_empty() {
                    key = k.clone();
                }
                if let Some(&other) = s.spellings.get(&k) {
                    if other != n {
                        issues.push(VocabularyIssue(format!(
                            "{spelling:?} is also a spelling of {:?}",
                            s.lines[other].key
                        )));
                    }
                    continue;
                }
                s.spellings.insert(k, n);
            }
            s.lines.push(Line {
                kind,
                key,
                broader: Vec::new(),
            });
            broader_names.push(broader);
        }
        for (n, names) in broader_names.into_iter().enumerate() {
            for name in names {
                match s.spellings.get(&name) {
                    Some(&b) if b != n => s.lines[n].broader.push(b),
                    _ => issues.push(VocabularyIssue(format!(
                        "{:?} is a kind of {name:?}, which is no other term",
                        s.lines[n].key
                    ))),
                }
            }
        }
        s.priors = english_priors(&s.stemmer);
        s.places = PLACES
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter(|name| !s.stops.contains_key(name.trim()))
            .map(|name| s.stem(name.trim()))
            .filter(|st| !s.priors.contains_key(st) && !s.spellings.contains_key(st))
            .collect();
        (s, issues)
    }

    fn stem(&self, word: &str) -> String {
        self.stemmer.stem(word).into_owned()
    }

    /// The key of a vocabulary spelling: its words' stems, stop words left out.
    fn key_of(&self, spelling: &str) -> String {
        words(spelling)
            .filter(|w| !self.stops.contains_key(w.as_str()) || self.singles.contains(w.as_str()))
            .map(|w| self.stem(&w))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// Priors of English stems by frequency: p = ln(10⁹ / f) / ln(10⁹ / f_least), squared, at
/// least 0.05; the frequencies of a stem's words add up.
fn english_priors(stemmer: &Stemmer) -> HashMap<String, f64> {
    let mut freq: HashMap<String, f64> = HashMap::new();
    let mut least = f64::MAX;
    for line in WORDS_EN.lines().filter(|l| !l.starts_with('#')) {
        if let Some((w, f)) = line.split_once('\t') {
            if let Ok(f) = f.trim().parse::<f64>() {
                least = least.min(f);
                *freq.entry(stemmer.stem(w).into_owned()).or_insert(0.0) += f;
            }
        }
    }
    let top = (1e9 / least).ln();
    freq.into_iter()
        .map(|(s, f)| (s, ((1e9 / f).ln() / top).clamp(0.0, 1.0).powi(2).max(0.05)))
        .collect()
}

/// The lower-cased words of `text`, one letter alone left out.
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() > 1)
        .map(str::to_lowercase)
}

/// The stem of one word as matching by meaning compares them (`meaning`): lower-cased and
/// stemmed as here; `None` for a stop word of any of the [`LANGUAGES`] or a single letter.
pub fn content_stem(word: &str) -> Option<String> {
    let s = shipped();
    let w = word.to_lowercase();
    if w.chars().count() < 2 || s.stops.contains_key(w.as_str()) {
        return None;
    }
    Some(s.stem(&w))
}

/// Whether `stem` (as [`content_stem`] gives it) is a place spelt as one word: of the shipped
/// vocabulary (a city, country or region), or a city of 100,000 people or more
/// (`data/places.txt`, from GeoNames). Matching by meaning leaves it out of a comparison when
/// both texts name it, since a place alone never makes a match.
pub fn is_place_stem(stem: &str) -> bool {
    let s = shipped();
    s.places.contains(stem)
        || s.spellings
            .get(stem)
            .is_some_and(|&i| s.lines[i].kind == Kind::Place)
}

/// Whether `word` is a stop word of the language of the text it is in, for a text in one of
/// the [`LANGUAGES`] other than English (by its stop words, as the bags read it): what the
/// English sentence model (`meaning`) should not read. `None` when the text is English or in
/// no language found.
pub fn foreign_stop_words(text: &str) -> Option<impl Fn(&str) -> bool> {
    let s = shipped();
    let ws: Vec<String> = words(text).collect();
    let lang = language(s, &ws).filter(|&i| LANGUAGES[i] != "en")?;
    Some(move |word: &str| {
        s.stops
            .get(word.to_lowercase().as_str())
            .is_some_and(|&langs| langs & (1 << lang) != 0)
    })
}

/// One term of a bag.
#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    pub count: f64,
    pub kind: Kind,
    /// The words that first produced it, as written (lower-cased).
    pub surface: String,
    /// Their stems: two sides that say it alike share this too.
    pub form: String,
    /// Read through one of the person's merged interest names ("sourdough" as "Bread
    /// baking").
    pub aliased: bool,
}

/// A bag of terms, by key: a vocabulary term's first spelling, or a word's stem.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Bag(pub BTreeMap<String, Term>);

impl Bag {
    pub fn extend(&mut self, other: &Bag) {
        for (key, t) in &other.0 {
            self.add(key, t.count, t.kind, &t.surface, &t.form);
            if t.aliased {
                self.mark_aliased(key);
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn add(&mut self, key: &str, count: f64, kind: Kind, surface: &str, form: &str) {
        self.0
            .entry(key.to_owned())
            .or_insert_with(|| Term {
                count: 0.0,
                kind,
                surface: surface.to_owned(),
                form: form.to_owned(),
                aliased: false,
            })
            .count += count;
    }

    fn mark_aliased(&mut self, key: &str) {
        if let Some(t) = self.0.get_mut(key) {
            t.aliased = true;
        }
    }
}

/// Reads texts into bags: the shipped vocabulary and the person's own terms (interests).
#[derive(Debug, Clone, Default)]
pub struct Analyzer {
    /// Keys of the person's terms of several words (their words count too).
    own: HashSet<String>,
    /// Keys of the person's terms of one word.
    own_words: HashSet<String>,
    /// Key of a merged-away interest name → the key of the interest it became.
    aliases: HashMap<String, String>,
}

/// What a span of words was read as.
enum Found {
    /// A spelling of the shipped vocabulary (its line), with the key read.
    Line(usize, String),
    /// One of the person's terms of several words.
    Own(String),
    /// An alias: the key of the interest it became, and its own key (what it was read as).
    Alias(String, String),
}

impl Analyzer {
    /// An analyzer that also knows `names` (interest names) as terms, and each of `aliases`
    /// (a merged-away name, the name of the interest it became) as that interest.
    pub fn new<'a>(
        names: impl IntoIterator<Item = &'a str>,
        aliases: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Self {
        let s = shipped();
        let mut a = Analyzer::default();
        let own = |a: &mut Analyzer, name: &str| {
            let key = s.key_of(name);
            if key.is_empty() || s.spellings.contains_key(&key) {
                return key;
            }
            if key.contains(' ') {
                a.own.insert(key.clone());
            } else {
                a.own_words.insert(key.clone());
            }
            key
        };
        for name in names {
            own(&mut a, name);
        }
        for (alias, name) in aliases {
            let into = own(&mut a, name);
            let key = s.key_of(alias);
            if !key.is_empty() && !into.is_empty() && key != into {
                a.aliases.insert(key, into);
            }
        }
        a
    }

    /// What `key` (a span's stems) reads as, if anything but a word of its own.
    fn find(&self, key: String, words: usize) -> Option<Found> {
        let s = shipped();
        if let Some(into) = self.aliases.get(&key) {
            return Some(match s.spellings.get(into) {
                Some(&line) => Found::Line(line, key),
                None => Found::Alias(into.clone(), key),
            });
        }
        if let Some(&line) = s.spellings.get(&key) {
            return Some(Found::Line(line, key));
        }
        (words > 1 && self.own.contains(&key)).then_some(Found::Own(key))
    }

    /// The bag of terms of `texts`.
    pub fn bag<'a>(&self, texts: impl IntoIterator<Item = &'a str>) -> Bag {
        let mut bag = Bag::default();
        for text in texts {
            self.read(text, &mut bag);
        }
        bag
    }

    fn read(&self, text: &str, bag: &mut Bag) {
        let s = shipped();
        let all: Vec<String> = words(text).collect();
        let lang = language(s, &all);
        let kept: Vec<(String, String)> = all
            .into_iter()
            .filter(|w| match s.stops.get(w.as_str()) {
                None => true,
                Some(&langs) => {
                    lang.is_none_or(|l| langs & (1 << l) == 0) && {
                        let stem = s.stem(w);
                        s.spellings.contains_key(&stem)
                            || self.own_words.contains(&stem)
                            || self.aliases.contains_key(&stem)
                    }
                }
            })
            .map(|w| (s.stem(&w), w))
            .collect();
        let mut i = 0;
        while i < kept.len() {
            let mut taken = 1;
            let mut found = None;
            for len in (1..=MAX_WORDS.min(kept.len() - i)).rev() {
                let key = kept[i..i + len]
                    .iter()
                    .map(|(st, _)| st.as_str())
                    .collect::<Vec<_>>()
                    .join(" ");
                if let Some(f) = self.find(key, len) {
                    found = Some(f);
                    taken = len;
                    break;
                }
            }
            let part = &kept[i..i + taken];
            let surface = part
                .iter()
                .map(|(_, w)| w.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            match found {
                Some(Found::Line(line, form)) => {
                    let l = &s.lines[line];
                    bag.add(&l.key, 1.0, l.kind, &surface, &form);
                    if self.aliases.contains_key(&form) {
                        bag.mark_aliased(&l.key);
                    }
                    for &b in &l.broader {
                        let b = &s.lines[b];
                        bag.add(&b.key, PART_WEIGHT, b.kind, &surface, &form);
                    }
                }
                Some(Found::Own(key)) => {
                    bag.add(&key, 1.0, Kind::Thing, &surface, &key);
                    for (st, w) in part {
                        bag.add(st, PART_WEIGHT, Kind::Thing, w, st);
                    }
                }
                Some(Found::Alias(key, form)) => {
                    bag.add(&key, 1.0, Kind::Thing, &surface, &form);
                    bag.mark_aliased(&key);
                }
                None => {
                    let (st, w) = &part[0];
                    let kind = if s.places.contains(st) && !self.own_words.contains(st) {
                        Kind::Place
                    } else {
                        Kind::Thing
                    };
                    bag.add(st, 1.0, kind, w, st);
                }
            }
            i += taken;
        }
    }

    /// The prior of a term: see the module doc.
    fn prior(&self, key: &str, kind: Kind) -> f64 {
        let s = shipped();
        match kind {
            Kind::Generic => GENERIC_PRIOR,
            Kind::Place => 0.0,
            Kind::Thing => {
                if s.spellings.contains_key(key)
                    || self.own.contains(key)
                    || self.own_words.contains(key)
                {
                    1.0
                } else {
                    s.priors.get(key).copied().unwrap_or(1.0)
                }
            }
        }
    }
}

/// The language of a text: the one with the most stop words in it (the first listed on a
/// tie), if one of them is no term ("AI consulting" is in no language).
fn language(s: &Shipped, words: &[String]) -> Option<usize> {
    let mut counts = [0u32; LANGUAGES.len()];
    let mut plain = false;
    for w in words {
        if let Some(&langs) = s.stops.get(w.as_str()) {
            plain |= !s.singles.contains(w.as_str());
            for (i, c) in counts.iter_mut().enumerate() {
                if langs & (1 << i) != 0 {
                    *c += 1;
                }
            }
        }
    }
    let best = *counts.iter().max()?;
    (plain && best > 0).then(|| counts.iter().position(|&c| c == best))?
}

/// Term weights over a set of bags: TF-IDF's ln(1 + N / df), times the term's prior; worked
/// out once for every term of those bags.
#[derive(Debug, Clone, Default)]
pub struct Idf {
    docs: f64,
    weights: HashMap<String, f64>,
    analyzer: Analyzer,
}

impl Idf {
    pub fn new<'a>(analyzer: &Analyzer, bags: impl IntoIterator<Item = &'a Bag>) -> Self {
        let mut df: HashMap<&str, (f64, Kind)> = HashMap::new();
        let mut docs = 0.0;
        for bag in bags {
            docs += 1.0;
            for (key, t) in &bag.0 {
                df.entry(key.as_str()).or_insert((0.0, t.kind)).0 += 1.0;
            }
        }
        let mut idf = Idf {
            docs,
            weights: HashMap::new(),
            analyzer: analyzer.clone(),
        };
        idf.weights = df
            .into_iter()
            .map(|(key, (n, kind))| (key.to_owned(), idf.compute(key, kind, n)))
            .collect();
        idf
    }

    fn compute(&self, key: &str, kind: Kind, df: f64) -> f64 {
        (1.0 + self.docs.max(1.0) / df.max(1.0)).ln() * self.analyzer.prior(key, kind)
    }

    fn weight(&self, key: &str, kind: Kind) -> f64 {
        match self.weights.get(key) {
            Some(&w) => w,
            None => self.compute(key, kind, 1.0),
        }
    }
}

/// How well two bags match, and why.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Similarity {
    /// 0–1; 0 unless they share a thing.
    pub score: f64,
    /// The shared things and generic words, weightiest first (see the module doc).
    pub terms: Vec<String>,
    /// The shared places: "berlin", or "eu ~ dach" when the two name one place of the
    /// vocabulary differently (`a`'s word first).
    pub places: Vec<String>,
    /// A shared thing is said differently on the two sides through one of the person's
    /// merged interest names ("sourdough ~ bread baking").
    pub linked: bool,
}

/// Cosine similarity of two bags under TF-IDF and the priors, with a shared place's boost.
pub fn similarity(a: &Bag, b: &Bag, idf: &Idf) -> Similarity {
    let norm = |bag: &Bag| {
        bag.0
            .iter()
            .filter(|(_, t)| t.kind != Kind::Place)
            .map(|(k, t)| (t.count * idf.weight(k, t.kind)).powi(2))
            .sum::<f64>()
            .sqrt()
    };
    let mut shared: Vec<(Kind, f64, String)> = Vec::new();
    let mut places = Vec::new();
    let mut linked = false;
    let mut dot = 0.0;
    for (key, t) in &a.0 {
        let Some(u) = b.0.get(key) else { continue };
        // Each side's own words ("hiring ~ recruiting", "eu ~ dach"), never one side's for
        // both.
        let alike = t.form == u.form || t.surface == u.surface;
        let said = if alike {
            t.surface.clone()
        } else {
            format!("{} ~ {}", t.surface, u.surface)
        };
        if t.kind == Kind::Place {
            places.push(said);
            continue;
        }
        linked |= !alike && t.kind == Kind::Thing && (t.aliased || u.aliased);
        let w = idf.weight(key, t.kind).powi(2);
        dot += t.count * u.count * w;
        // A generic line gathers words too general to match ("good … small … last"), not
        // words of one meaning: said differently, it counts but is never named ("good ~
        // small" would be untrue).
        let unnamed = t.kind == Kind::Generic && !alike;
        if !unnamed && !shared.iter().any(|x| x.2 == said) {
            shared.push((t.kind, w * t.count * u.count, said));
        }
    }
    if !shared.iter().any(|x| x.0 == Kind::Thing) {
        return Similarity::default();
    }
    let (na, nb) = (norm(a), norm(b));
    if na == 0.0 || nb == 0.0 {
        return Similarity::default();
    }
    shared.sort_by(|x, y| {
        x.0.cmp(&y.0)
            .then_with(|| y.1.total_cmp(&x.1))
            .then_with(|| x.2.cmp(&y.2))
    });
    let mut said: Vec<String> = Vec::new();
    for (_, _, term) in shared {
        let within = |t: &String| {
            let words: HashSet<&str> = t.split([' ', '~']).collect();
            term.split([' ', '~']).all(|w| words.contains(w))
        };
        if !said.iter().any(within) {
            said.push(term);
        }
    }
    let cos = (dot / (na * nb)).min(1.0);
    Similarity {
        score: if places.is_empty() {
            cos
        } else {
            cos + (1.0 - cos) * PLACE_BOOST
        },
        terms: said,
        places,
        linked,
    }
}

/// Problems in the shipped vocabulary: unknown kinds, a spelling of two terms (after stop
/// words and stemming), a kind of no term.
pub fn vocabulary_issues() -> Vec<VocabularyIssue> {
    Shipped::load().1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_are_the_vocabularys_and_stop_words_the_texts_language() {
        assert!(is_place_stem("berlin") && is_place_stem("köln"));
        assert!(!is_place_stem("design") && !is_place_stem("unknownville"));
        // GeoNames' cities, but not those that are common English words.
        let stem = |w: &str| content_stem(w).expect("a content word");
        assert!(is_place_stem(&stem("Nantes")) && is_place_stem(&stem("Leeds")));
        for word in ["reading", "nice", "mobile", "split", "orange"] {
            assert!(!is_place_stem(&stem(word)), "{word}");
        }
        let stop = foreign_stop_words("Suche eine Werkstatt für meinen alten Bus").expect("German");
        assert!(stop("für") && stop("eine") && !stop("Werkstatt"));
        assert!(foreign_stop_words("looking for a garage for my old van").is_none());
    }

    fn keys(text: &str) -> Vec<String> {
        Analyzer::default().bag([text]).0.into_keys().collect()
    }

    fn sim(need: &str, offer: &str, others: &[&str]) -> Similarity {
        let a = Analyzer::default();
        let (n, o) = (a.bag([need]), a.bag([offer]));
        let rest: Vec<Bag> = others.iter().map(|t| a.bag([*t])).collect();
        let idf = Idf::new(&a, [&n, &o].into_iter().chain(&rest));
        similarity(&n, &o, &idf)
    }

    #[test]
    fn a_merged_name_reads_as_the_interest_it_became() {
        let a = Analyzer::new([], [("Sourdough", "Bread baking")]);
        let (n, o) = (
            a.bag(["help with my sourdough starter"]),
            a.bag(["bread baking classes"]),
        );
        let idf = Idf::new(&a, [&n, &o]);
        let s = similarity(&n, &o, &idf);
        assert!(s.score > 0.1, "{s:?} {:?} {:?}", n.0.keys(), o.0.keys());
        assert_eq!(s.terms, ["sourdough ~ bread baking"]);
        let plain = Analyzer::default();
        let (n, o) = (
            plain.bag(["help with my sourdough starter"]),
            plain.bag(["bread baking classes"]),
        );
        let idf = Idf::new(&plain, [&n, &o]);
        assert_eq!(similarity(&n, &o, &idf).score, 0.0, "not without the merge");
    }

    #[test]
    fn the_shipped_vocabulary_reads_cleanly() {
        assert_eq!(vocabulary_issues(), []);
    }

    #[test]
    fn stems_fold_morphology() {
        let a = Analyzer::default();
        for w in ["designer", "designers", "designs", "designing", "designed"] {
            assert_eq!(a.bag([w]), a.bag(["design"]).into_surface(w), "{w}");
        }
        assert_eq!(keys("branding"), keys("brand"));
        assert_eq!(keys("intros"), keys("intro"));
        assert_eq!(keys("recruiter"), keys("hiring"));
    }

    #[test]
    fn stop_words_of_several_languages_are_dropped() {
        assert_eq!(
            keys("She needs a designer for the app"),
            ["app", "design", "need"]
        );
        assert_eq!(
            keys("Suche einen Designer für unser Branding"),
            keys("designer branding search")
        );
        assert_eq!(
            keys("Busco un diseñador para nuestra marca"),
            keys("designer brand search")
        );
        assert_eq!(
            keys("Je cherche un designer pour notre site"),
            keys("designer search site")
        );
    }

    #[test]
    fn a_stop_word_that_is_a_term_counts_unless_the_text_is_in_that_language() {
        assert_eq!(keys("AI consulting"), keys("machine learning consulting"));
        assert!(!keys("j'ai besoin d'un avocat").contains(&keys("AI")[0]));
    }

    #[test]
    fn several_words_make_one_term() {
        assert_eq!(
            keys("seed investors").len(),
            3,
            "{:?}",
            keys("seed investors")
        );
        assert_eq!(keys("data engineer"), keys("data pipelines"));
        assert_eq!(keys("UX"), keys("user experience"));
        let own = Analyzer::new(["Urban sketching"], []);
        let bag = own.bag(["urban sketching walks"]);
        assert!(bag.0.contains_key("urban sketch"), "{:?}", bag.0.keys());
        assert!(bag.0.contains_key("sketch"), "its words count too");
    }

    #[test]
    fn similarity_shows_shared_terms() {
        let s = sim(
            "a designer for our mobile app",
            "UI design",
            &["tax advice"],
        );
        assert!(s.score > 0.1, "{s:?}");
        assert_eq!(s.terms, ["designer ~ ui design"]);
        assert_eq!(
            sim("a designer for our mobile app", "tax advice", &[]).score,
            0.0
        );
        let s = sim("hiring a senior engineer", "recruiting for startups", &[]);
        assert_eq!(s.terms, ["hiring ~ recruiting"]);
    }

    #[test]
    fn generic_words_and_places_alone_never_match() {
        for (need, offer) in [
            ("help with something", "happy to help"),
            ("looking for an intro", "intros to people"),
            ("work with people", "people I work with"),
            (
                "senior data engineer to hire in Berlin",
                "intros to seed investors in Berlin",
            ),
            ("a flat in Lisbon", "anything in Lisboa"),
            // Cities of GeoNames the vocabulary does not list.
            ("dog sitter in Nantes", "hairdresser in Nantes"),
            ("pottery class in Leeds", "balloon decor, Leeds"),
        ] {
            let s = sim(need, offer, &[]);
            assert_eq!(s, Similarity::default(), "{need} / {offer}");
        }
    }

    #[test]
    fn a_generic_word_said_differently_is_never_named_as_shared() {
        let s = sim(
            "looking for a good accountant for my taxes",
            "accountant for small companies",
            &[],
        );
        assert!(s.score > 0.0, "{s:?}");
        assert_eq!(s.terms, ["accountant"]);
        let alike = sim("a good accountant", "good accountant here", &[]);
        assert_eq!(alike.terms, ["accountant", "good"]);
    }

    #[test]
    fn a_place_said_differently_is_named_as_each_side_says_it() {
        let s = sim(
            "React developer for an EU fintech",
            "React consulting for DACH startups",
            &[],
        );
        assert!(s.score > 0.0, "{s:?}");
        assert_eq!(s.places, ["eu ~ dach"]);
        let s = sim("React developer in Berlin", "React consulting, Berlin", &[]);
        assert_eq!(s.places, ["berlin"]);
    }

    #[test]
    fn a_shared_place_raises_a_match() {
        let there = sim("React developer in Berlin", "React consulting, Berlin", &[]);
        let elsewhere = sim("React developer in Berlin", "React consulting, Lisbon", &[]);
        assert!(there.score > elsewhere.score && elsewhere.score > 0.0);
        assert_eq!(there.places, ["berlin"]);
    }

    impl Bag {
        fn into_surface(mut self, w: &str) -> Bag {
            for t in self.0.values_mut() {
                t.surface = w.to_owned();
            }
            self
        }
    }
}
