//! Offline, explainable text similarity for matching needs and offers.
//!
//! Text is lower-cased, split on anything that is not a letter or a digit, stripped of
//! English stop words and of a few common suffixes (a light stemmer: "designer", "designs"
//! and "designing" all become "design"), and weighted by TF-IDF over the asks being
//! compared. Similarity is the cosine of two such vectors; the explanation is the list of
//! terms both sides share, shown as the first word that produced each.

use std::collections::{BTreeMap, HashMap};

const STOP_WORDS: &[&str] = &[
    "a", "about", "after", "again", "all", "also", "am", "an", "and", "any", "are", "as", "at",
    "be", "been", "before", "being", "both", "but", "by", "can", "could", "did", "do", "does",
    "doing", "done", "for", "from", "get", "getting", "give", "good", "got", "had", "has", "have",
    "having", "he", "help", "her", "here", "him", "his", "how", "i", "if", "in", "into", "is",
    "it", "its", "just", "like", "looking", "make", "me", "more", "most", "my", "need", "needs",
    "new", "no", "not", "now", "of", "off", "offer", "offers", "on", "one", "or", "other", "our",
    "out", "over", "same", "she", "should", "so", "some", "someone", "such", "than", "that", "the",
    "their", "them", "then", "there", "these", "they", "this", "those", "through", "to", "too",
    "up", "us", "very", "want", "wants", "was", "way", "we", "well", "were", "what", "when",
    "where", "which", "who", "why", "will", "with", "would", "you", "your",
];

/// The stem of a lower-case word: plural, then -ing/-ed, then -er/-or endings removed while
/// at least four letters remain.
pub fn stem(word: &str) -> String {
    let mut w = word.to_owned();
    for group in [
        &["ies", "es", "s"][..],
        &["ing", "ed"][..],
        &["ers", "er", "ors", "or"][..],
    ] {
        for suffix in group {
            if let Some(base) = w.strip_suffix(suffix) {
                if base.chars().count() >= 4 && !base.ends_with('s') {
                    w = if *suffix == "ies" {
                        format!("{base}y")
                    } else {
                        base.to_owned()
                    };
                    break;
                }
            }
        }
    }
    w
}

/// Stems of the meaningful words of `text`, each with the first surface word that produced it.
pub fn terms(text: &str) -> Vec<(String, String)> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .filter(|w| w.chars().count() > 1 && !STOP_WORDS.contains(&w.as_str()))
        .map(|w| (stem(&w), w))
        .collect()
}

/// A bag of terms: stem -> (count, surface word).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Bag(pub BTreeMap<String, (f64, String)>);

impl Bag {
    pub fn of<'a>(texts: impl IntoIterator<Item = &'a str>) -> Self {
        let mut bag = Bag::default();
        for text in texts {
            for (stem, word) in terms(text) {
                bag.0.entry(stem).or_insert((0.0, word)).0 += 1.0;
            }
        }
        bag
    }

    pub fn extend(&mut self, other: &Bag) {
        for (stem, (n, word)) in &other.0 {
            self.0.entry(stem.clone()).or_insert((0.0, word.clone())).0 += n;
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Inverse document frequencies over a set of bags: ln(1 + N / df).
#[derive(Debug, Clone, Default)]
pub struct Idf {
    docs: f64,
    df: HashMap<String, f64>,
}

impl Idf {
    pub fn new<'a>(bags: impl IntoIterator<Item = &'a Bag>) -> Self {
        let mut idf = Idf::default();
        for bag in bags {
            idf.docs += 1.0;
            for stem in bag.0.keys() {
                *idf.df.entry(stem.clone()).or_insert(0.0) += 1.0;
            }
        }
        idf
    }

    fn weight(&self, stem: &str) -> f64 {
        let df = self.df.get(stem).copied().unwrap_or(0.0).max(1.0);
        (1.0 + self.docs.max(1.0) / df).ln()
    }
}

/// Cosine similarity of two bags under TF-IDF, and the shared terms (surface words of `a`),
/// most weighty first.
pub fn similarity(a: &Bag, b: &Bag, idf: &Idf) -> (f64, Vec<String>) {
    let norm = |bag: &Bag| {
        bag.0
            .iter()
            .map(|(s, (n, _))| (n * idf.weight(s)).powi(2))
            .sum::<f64>()
            .sqrt()
    };
    let (na, nb) = (norm(a), norm(b));
    if na == 0.0 || nb == 0.0 {
        return (0.0, Vec::new());
    }
    let mut shared: Vec<(f64, String)> = Vec::new();
    let mut dot = 0.0;
    for (stem, (n, word)) in &a.0 {
        if let Some((m, _)) = b.0.get(stem) {
            let w = idf.weight(stem).powi(2);
            dot += n * m * w;
            shared.push((w, word.clone()));
        }
    }
    shared.sort_by(|x, y| y.0.total_cmp(&x.0).then_with(|| x.1.cmp(&y.1)));
    (
        dot / (na * nb),
        shared.into_iter().map(|(_, w)| w).collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_fold_common_endings() {
        for w in ["designer", "designers", "designs", "designing", "designed"] {
            assert_eq!(stem(w), "design", "{w}");
        }
        assert_eq!(stem("companies"), "company");
        assert_eq!(stem("user"), "user");
        assert_eq!(stem("class"), "class");
    }

    #[test]
    fn stop_words_are_dropped() {
        let t: Vec<String> = terms("She needs a designer for the app")
            .into_iter()
            .map(|x| x.0)
            .collect();
        assert_eq!(t, ["design", "app"]);
    }

    #[test]
    fn similarity_shows_shared_terms() {
        let need = Bag::of(["a designer for our mobile app"]);
        let offer = Bag::of(["UI design"]);
        let other = Bag::of(["tax advice"]);
        let idf = Idf::new([&need, &offer, &other]);
        let (s, shared) = similarity(&need, &offer, &idf);
        assert!((s - 0.234).abs() < 0.01, "{s}");
        assert_eq!(shared, ["designer"]);
        assert_eq!(similarity(&need, &other, &idf).0, 0.0);
    }
}
