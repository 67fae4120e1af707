//! Person and company names: keys that ignore accents, case, punctuation and spacing; a
//! structured parse of a written name; and a comparison that says whether two names can be
//! the same person and why.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

use super::nicknames;

/// The matching key of a name: accent-, case-, punctuation- and spacing-insensitive.
///
/// NFKD with combining marks dropped (`José` → `jose`), lower-cased, letters NFKD does not
/// decompose folded (`ß` → `ss`, `ø` → `o`, `ł` → `l`, `æ` → `ae`, `œ` → `oe`, `đ`/`ð` →
/// `d`, `þ` → `th`, `ı` → `i`), and everything that is not a letter or digit removed
/// (`Jean-Luc` and `Jean Luc` → `jeanluc`). Scripts without case (CJK…) are kept as is.
pub fn name_key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    if s.is_ascii() {
        out.extend(
            s.chars()
                .filter(char::is_ascii_alphanumeric)
                .map(|c| c.to_ascii_lowercase()),
        );
        return out;
    }
    for c in s.nfkd().filter(|c| !is_combining_mark(*c)) {
        for l in c.to_lowercase().filter(|l| !is_combining_mark(*l)) {
            match l {
                'ß' => out.push_str("ss"),
                'ø' => out.push('o'),
                'ł' | 'ŀ' => out.push('l'),
                'æ' => out.push_str("ae"),
                'œ' => out.push_str("oe"),
                'đ' | 'ð' => out.push('d'),
                'þ' => out.push_str("th"),
                'ı' => out.push('i'),
                'ħ' => out.push('h'),
                'ŧ' => out.push('t'),
                'ĸ' => out.push('k'),
                'ŋ' => out.push('n'),
                _ if l.is_alphanumeric() => out.push(l),
                _ => {}
            }
        }
    }
    out
}

/// The transliterated alternative key (`Müller` → `mueller`, `Åse` → `aase`, `Søren` →
/// `soeren`), or `None` when `s` has none of the letters German and Scandinavian spell out
/// with an `e` or a doubled `a`.
pub fn alternative_name_key(s: &str) -> Option<String> {
    if s.is_ascii() {
        return None;
    }
    let mut changed = false;
    let mut spelled = String::with_capacity(s.len() + 4);
    for c in s.nfc() {
        let expansion = match c {
            'ä' | 'Ä' => "ae",
            'ö' | 'Ö' | 'ø' | 'Ø' => "oe",
            'ü' | 'Ü' => "ue",
            'å' | 'Å' => "aa",
            _ => {
                spelled.push(c);
                continue;
            }
        };
        changed = true;
        spelled.push_str(expansion);
    }
    changed.then(|| name_key(&spelled))
}

/// The matching key of a company name: [`name_key`] of [`company_core`], so `Acme GmbH`,
/// `ACME Inc.` and `The Acme Company` all give `acme`.
pub fn company_key(s: &str) -> String {
    name_key(&company_core(s))
}

/// A company name as written without a leading "The" and trailing legal forms (GmbH, AG,
/// Inc., LLC, Ltd, S.A., B.V., & Co. KG, S.p.A., …): `Acme GmbH & Co. KG` → `Acme`. A name
/// that is nothing but a legal form (or "The") is kept whole.
pub fn company_core(s: &str) -> String {
    let spaced = s.replace(',', ", ");
    let tokens: Vec<&str> = spaced.split_whitespace().collect();
    let mut start = 0;
    if tokens.len() > 1 && name_key(tokens[0]) == "the" {
        start = 1;
    }
    let mut end = tokens.len();
    while end > start + 1 {
        let key = name_key(tokens[end - 1]);
        if !key.is_empty() && !LEGAL_FORMS.contains(&key.as_str()) {
            break;
        }
        end -= 1;
    }
    if start == end || tokens[start..end].iter().all(|t| name_key(t).is_empty()) {
        return tokens.join(" ");
    }
    tokens[start..end]
        .join(" ")
        .trim_end_matches([',', ' '])
        .to_owned()
}

/// Legal forms as name keys (so `S.A.`, `SA` and `s.a.` are all `sa`). `&` has an empty key
/// and never survives as a token.
const LEGAL_FORMS: &[&str] = &[
    "gmbh",
    "mbh",
    "ag",
    "kg",
    "kgaa",
    "ohg",
    "ug",
    "gbr",
    "ev",
    "se",
    "inc",
    "incorporated",
    "llc",
    "llp",
    "lp",
    "ltd",
    "limited",
    "plc",
    "pty",
    "corp",
    "corporation",
    "co",
    "company",
    "sa",
    "sas",
    "sarl",
    "sl",
    "slu",
    "sau",
    "spa",
    "srl",
    "sro",
    "bv",
    "nv",
    "oy",
    "oyj",
    "ab",
    "as",
    "asa",
    "aps",
    "kk",
    "pte",
    "pvt",
    "cv",
    "sc",
    "doo",
    "spzoo",
    "zoo",
    "sp",
];

/// A person's name, split into its parts; every part trimmed, with prefixes (Dr., Prof.,
/// Mr., …) and suffixes (Jr., III, PhD, MBA, …) removed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PersonName {
    /// First given name (with any hyphenated part: `Jean-Luc`).
    pub given: Option<String>,
    /// Middle names, space-separated.
    pub additional: Option<String>,
    /// Family name, with particles (`van Beethoven`, `de la Cruz`).
    pub family: Option<String>,
    /// A nickname, given or written in quotes or parentheses (`Robert "Bob" Smith`).
    pub nickname: Option<String>,
    /// The name as shown, whitespace collapsed; built from the parts when none was given.
    pub full: String,
}

impl PersonName {
    /// Parses a written name, honouring `given` and `family` when they are provided (as in a
    /// vCard `N` or a CSV's first/last name columns). The full name is read as "Last, First
    /// Middle" when it has a comma (that is not only before a suffix like "Jr."), else as
    /// "First Middle Last" with family particles (van, de, …) kept with the family name. A
    /// "name" that is an email address or has no letters is no name at all.
    pub fn parse(
        full: &str,
        given: Option<&str>,
        family: Option<&str>,
        nickname: Option<&str>,
    ) -> PersonName {
        let (full_clean, quoted_nickname) = extract_nickname(&collapse(full));
        let from_full = if is_name_like(&full_clean) {
            split_full(&full_clean)
        } else {
            Parts::default()
        };
        let given = given
            .map(|g| strip_affixes(&collapse(g)))
            .filter(|g| is_name_like(g));
        let family = family
            .map(|f| strip_affixes(&collapse(f)))
            .filter(|f| is_name_like(f));
        let parts = match (given, family) {
            (None, None) => from_full,
            (given, family) => combine(given, family, from_full),
        };
        let nickname = nickname
            .map(collapse)
            .filter(|n| is_name_like(n))
            .or(quoted_nickname);
        let full = if is_name_like(&full_clean) {
            full_clean
        } else {
            [&parts.given, &parts.additional, &parts.family]
                .into_iter()
                .flatten()
                .cloned()
                .collect::<Vec<_>>()
                .join(" ")
        };
        PersonName {
            given: parts.given,
            additional: parts.additional,
            family: parts.family,
            nickname,
            full,
        }
    }

    /// True when there is no given and no family name (e.g. the "name" was an email address).
    pub fn is_empty(&self) -> bool {
        self.given.is_none() && self.family.is_none()
    }
}

#[derive(Debug, Default)]
struct Parts {
    given: Option<String>,
    additional: Option<String>,
    family: Option<String>,
}

/// Structured parts win; the full name fills in a missing part only where it agrees with
/// the part that was given, and gives the middle names when it agrees with both.
fn combine(given: Option<String>, family: Option<String>, from_full: Parts) -> Parts {
    let agrees = |mine: &Option<String>, theirs: &Option<String>| match (mine, theirs) {
        (Some(m), Some(t)) => name_key(m) == name_key(t),
        _ => false,
    };
    let given_agrees = agrees(&given, &from_full.given);
    let family_agrees = agrees(&family, &from_full.family);
    let additional = (given_agrees && family_agrees)
        .then_some(from_full.additional)
        .flatten();
    match (given, family) {
        (Some(g), Some(f)) => Parts {
            given: Some(g),
            additional,
            family: Some(f),
        },
        (Some(g), None) => Parts {
            given: Some(g),
            additional,
            family: given_agrees.then_some(from_full.family).flatten(),
        },
        (None, f) => Parts {
            given: family_agrees.then_some(from_full.given).flatten(),
            additional,
            family: f,
        },
    }
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn is_name_like(s: &str) -> bool {
    !s.contains('@') && s.chars().any(char::is_alphabetic)
}

/// Removes a nickname written in double quotes or parentheses and returns it.
fn extract_nickname(s: &str) -> (String, Option<String>) {
    for (open, close) in [('"', '"'), ('“', '”'), ('(', ')'), ('«', '»')] {
        let Some(start) = s.find(open) else { continue };
        let after = start + open.len_utf8();
        let Some(len) = s[after..].find(close) else {
            continue;
        };
        let inner = collapse(&s[after..after + len]);
        let rest = collapse(&format!(
            "{} {}",
            &s[..start],
            &s[after + len + close.len_utf8()..]
        ));
        if is_name_like(&inner) && is_name_like(&rest) {
            return (rest, Some(inner));
        }
    }
    (s.to_owned(), None)
}

const PREFIXES: &[&str] = &[
    "dr", "prof", "mr", "mrs", "ms", "miss", "mx", "sir", "dame", "herr", "frau", "mme", "mlle",
    "sr", "sra", "srta", "rev", "hon", "ing", "dipl", "mag",
];
const SUFFIXES: &[&str] = &[
    "jr", "sr", "ii", "iii", "iv", "phd", "md", "mba", "esq", "cpa", "dds", "msc", "bsc", "mphil",
    "dphil", "jd", "llm", "rn", "ret", "obe", "mbe", "cbe",
];
const PARTICLES: &[&str] = &[
    "van", "von", "de", "der", "den", "del", "della", "di", "da", "du", "la", "le", "dos", "das",
    "do", "ten", "ter", "bin", "ibn", "al", "el", "st", "zu", "vom", "zum", "y",
];

/// True when `token` is in `list` (as a name key).
fn is_affix(token: &str, list: &[&str]) -> bool {
    list.contains(&name_key(token).as_str())
}

/// True for a suffix, or a token without letters or digits (a stray `-` or `,`), which is
/// trimmed from the end like one.
fn is_suffix(token: &str) -> bool {
    let key = name_key(token);
    key.is_empty() || SUFFIXES.contains(&key.as_str())
}

/// Drops prefixes at the start and suffixes at the end, keeping at least one token.
fn strip_affix_tokens<'a>(mut tokens: &'a [&'a str]) -> &'a [&'a str] {
    while tokens.len() > 1 && is_affix(tokens[0], PREFIXES) {
        tokens = &tokens[1..];
    }
    while tokens.len() > 1 && is_suffix(tokens[tokens.len() - 1]) {
        tokens = &tokens[..tokens.len() - 1];
    }
    tokens
}

fn strip_affixes(s: &str) -> String {
    let tokens: Vec<&str> = s.split_whitespace().collect();
    strip_affix_tokens(&tokens).join(" ")
}

fn split_full(s: &str) -> Parts {
    let parts: Vec<&str> = s
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty() && !p.split_whitespace().all(is_suffix))
        .collect();
    if parts.len() >= 2 {
        let family = strip_affixes(parts[0]);
        let rest: Vec<&str> = parts[1..]
            .iter()
            .flat_map(|p| p.split_whitespace())
            .collect();
        let rest = strip_affix_tokens(&rest);
        return Parts {
            given: rest.first().map(|g| (*g).to_owned()),
            additional: (rest.len() > 1).then(|| rest[1..].join(" ")),
            family: Some(family).filter(|f| is_name_like(f)),
        };
    }
    let all: Vec<&str> = parts.iter().flat_map(|p| p.split_whitespace()).collect();
    let tokens = strip_affix_tokens(&all);
    match tokens.len() {
        0 => Parts::default(),
        1 => Parts {
            given: Some(tokens[0].to_owned()),
            ..Parts::default()
        },
        n => {
            let mut family_start = n - 1;
            while family_start > 1 && is_affix(tokens[family_start - 1], PARTICLES) {
                family_start -= 1;
            }
            Parts {
                given: Some(tokens[0].to_owned()),
                additional: (family_start > 1).then(|| tokens[1..family_start].join(" ")),
                family: Some(tokens[family_start..].join(" ")),
            }
        }
    }
}

/// Whether two names can belong to the same person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameAgreement {
    /// The same name, up to case, accents, punctuation and spacing.
    Same,
    /// Different spellings of a name one person can have; the text says why ("Bob is a
    /// nickname of Robert", "J. is an initial of John").
    Compatible(String),
    /// One side has no usable name (just an email address, say).
    Unknown,
    /// The names contradict each other ("Ana Ruiz" / "Carlos Ruiz").
    Different,
}

/// Compares two names; symmetric in its variant (the explanation may name the two in
/// either order). See [`NameAgreement`] and the module documentation for the rules.
pub fn compare_names(a: &PersonName, b: &PersonName) -> NameAgreement {
    NameKeys::new(a).agreement(&NameKeys::new(b))
}

/// A word of a name with its keys.
#[derive(Debug, Clone)]
pub(crate) struct Token {
    pub(crate) shown: String,
    pub(crate) key: String,
    pub(crate) alt: Option<String>,
}

impl Token {
    fn new(shown: &str) -> Option<Token> {
        let key = name_key(shown);
        (!key.is_empty()).then(|| Token {
            shown: shown.to_owned(),
            alt: alternative_name_key(shown),
            key,
        })
    }

    fn keys(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.key.as_str()).chain(self.alt.as_deref())
    }

    fn same(&self, other: &Token) -> bool {
        self.keys().any(|k| other.keys().any(|o| o == k))
    }

    /// A single ASCII letter (`J`, `J.`).
    pub(crate) fn is_initial(&self) -> bool {
        self.key.len() == 1 && self.key.bytes().all(|b| b.is_ascii_alphabetic())
    }

    /// Why `self` and `other` can be the same word of a name, or `None` when they cannot;
    /// `Some("")` means the same word. Nicknames count.
    fn relation(&self, other: &Token) -> Option<String> {
        self.spelling_relation(other)
            .or_else(|| nicknames::relation(&self.key, &other.key, &self.shown, &other.shown))
    }

    /// As [`Token::relation`], without nicknames: the same word, another spelling, an initial.
    fn spelling_relation(&self, other: &Token) -> Option<String> {
        if self.key == other.key {
            return Some(String::new());
        }
        if self.same(other) {
            return Some(format!(
                "{} and {} are spellings of the same name",
                self.shown, other.shown
            ));
        }
        for (short, long) in [(self, other), (other, self)] {
            if short.is_initial() && !long.is_initial() && long.key.starts_with(&short.key) {
                return Some(format!("{} is an initial of {}", short.shown, long.shown));
            }
        }
        None
    }
}

fn tokens(s: Option<&str>) -> Vec<Token> {
    s.unwrap_or("")
        .split(|c: char| c.is_whitespace() || c == '-' || c == '‐')
        .filter_map(Token::new)
        .collect()
}

/// The precomputed keys of a [`PersonName`]; the blocking step builds one per record.
#[derive(Debug, Clone)]
pub(crate) struct NameKeys {
    pub(crate) full: String,
    /// Given-name words (a hyphenated given name is several).
    pub(crate) given: Vec<Token>,
    pub(crate) middle: Vec<Token>,
    pub(crate) family: Vec<Token>,
    pub(crate) family_whole: Option<Token>,
    pub(crate) nickname: Option<Token>,
}

impl NameKeys {
    pub(crate) fn new(name: &PersonName) -> NameKeys {
        NameKeys {
            full: name.full.clone(),
            given: tokens(name.given.as_deref()),
            middle: tokens(name.additional.as_deref()),
            family: tokens(name.family.as_deref()),
            family_whole: name.family.as_deref().and_then(Token::new),
            nickname: name.nickname.as_deref().and_then(Token::new),
        }
    }

    fn words(&self) -> impl Iterator<Item = &Token> {
        self.given.iter().chain(&self.middle).chain(&self.family)
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.given.is_empty() && self.family.is_empty()
    }

    /// All words' keys in order, concatenated (primary keys, then alternative keys).
    fn full_keys(&self) -> (String, String) {
        let primary: String = self.words().map(|t| t.key.as_str()).collect();
        let alt: String = self
            .words()
            .map(|t| t.alt.as_deref().unwrap_or(&t.key))
            .collect();
        (primary, alt)
    }

    fn sorted_keys(&self) -> Vec<&str> {
        let mut keys: Vec<&str> = self.words().map(|t| t.key.as_str()).collect();
        keys.sort_unstable();
        keys
    }

    pub(crate) fn agreement(&self, other: &NameKeys) -> NameAgreement {
        if self.is_empty() || other.is_empty() {
            return NameAgreement::Unknown;
        }
        let (a, a_alt) = self.full_keys();
        let (b, b_alt) = other.full_keys();
        if a == b {
            return NameAgreement::Same;
        }
        if a_alt == b_alt || a == b_alt || a_alt == b {
            return NameAgreement::Compatible(format!(
                "{} and {} are spellings of the same name",
                self.full, other.full
            ));
        }
        if self.sorted_keys() == other.sorted_keys() {
            return NameAgreement::Compatible(format!(
                "{} and {} are the same names in another order",
                self.full, other.full
            ));
        }
        let single = |k: &NameKeys| k.words().nth(1).is_none();
        let lone_initial = |k: &NameKeys| single(k) && k.words().all(Token::is_initial);
        if lone_initial(self) || lone_initial(other) {
            return NameAgreement::Unknown;
        }
        match (single(self), single(other)) {
            (true, true) => match self.single_word_agreement(other) {
                NameAgreement::Different => other.single_word_agreement(self),
                agreement => agreement,
            },
            (true, false) => self.single_word_agreement(other),
            (false, true) => other.single_word_agreement(self),
            (false, false) => self.full_agreement(other),
        }
    }

    fn full_agreement(&self, other: &NameKeys) -> NameAgreement {
        match (
            self.given_relation(other),
            family_relation(self, other),
            middle_relation(self, other),
        ) {
            (Some(g), Some(f), Some(m)) => {
                let reasons: Vec<String> =
                    [g, f, m].into_iter().filter(|r| !r.is_empty()).collect();
                if reasons.is_empty() {
                    NameAgreement::Same
                } else {
                    NameAgreement::Compatible(reasons.join("; "))
                }
            }
            _ => NameAgreement::Different,
        }
    }

    /// `self` has a single word: it must be the other's given name, nickname or family name.
    fn single_word_agreement(&self, more: &NameKeys) -> NameAgreement {
        let Some(word) = self.words().next() else {
            return NameAgreement::Unknown;
        };
        let candidates = more
            .given
            .first()
            .into_iter()
            .chain(&more.nickname)
            .chain(&more.family_whole);
        for candidate in candidates.filter(|c| !c.is_initial()) {
            if let Some(why) = word.relation(candidate) {
                let only = format!("only {} is known of {}", word.shown, more.full);
                let why = if why.is_empty() {
                    only
                } else {
                    format!("{why}; {only}")
                };
                return NameAgreement::Compatible(why);
            }
        }
        if let Some(nickname) = &self.nickname {
            if more
                .given
                .first()
                .is_some_and(|g| nickname.relation(g).is_some())
            {
                return NameAgreement::Compatible(format!(
                    "{} is the nickname of {}",
                    nickname.shown, self.full
                ));
            }
        }
        NameAgreement::Different
    }

    /// The first given names (or a nickname, or a middle name used as the given name).
    fn given_relation(&self, other: &NameKeys) -> Option<String> {
        let (Some(a), Some(b)) = (self.given.first(), other.given.first()) else {
            return Some(String::new());
        };
        if let Some(why) = a.relation(b) {
            return Some(why);
        }
        for (x, y_given) in [(self, b), (other, a)] {
            if let Some(nick) = &x.nickname {
                if nick.relation(y_given).is_some() {
                    return Some(format!("{} is the nickname of {}", nick.shown, x.full));
                }
            }
            let x_initial = x.given.first().is_some_and(Token::is_initial);
            if x_initial
                && x.middle
                    .iter()
                    .chain(x.given.iter().skip(1))
                    .any(|m| m.relation(y_given).is_some())
            {
                return Some(format!("{} goes by a middle name", x.full));
            }
        }
        None
    }
}

/// Family names agree when they are the same (or spellings or an initial of each other), or
/// when one's words are all among the other's family and middle names (a second surname, a
/// maiden name kept as a middle name, one half of a double-barrelled name).
fn family_relation(a: &NameKeys, b: &NameKeys) -> Option<String> {
    let (Some(fa), Some(fb)) = (&a.family_whole, &b.family_whole) else {
        return Some(String::new());
    };
    if let Some(why) = fa.spelling_relation(fb) {
        return Some(why);
    }
    for (x, y) in [(a, b), (b, a)] {
        let mut significant = x
            .family
            .iter()
            .filter(|t| !PARTICLES.contains(&t.key.as_str()))
            .peekable();
        if significant.peek().is_some()
            && significant.all(|t| y.family.iter().chain(&y.middle).any(|o| o.same(t)))
        {
            return Some(format!("{}'s family name is part of {}'s", x.full, y.full));
        }
    }
    None
}

/// Middle names agree when either side has none, or one side's are all among (or initials
/// of) the other's.
fn middle_relation(a: &NameKeys, b: &NameKeys) -> Option<String> {
    let (ma, mb) = (&a.middle, &b.middle);
    if ma.is_empty() && mb.is_empty() {
        return Some(String::new());
    }
    if ma.is_empty() || mb.is_empty() {
        let (with, without) = if ma.is_empty() { (b, a) } else { (a, b) };
        let names: Vec<&str> = with.middle.iter().map(|t| t.shown.as_str()).collect();
        return Some(format!(
            "middle name {} is missing in {}",
            names.join(" "),
            without.full
        ));
    }
    if let ([x], [y]) = (ma.as_slice(), mb.as_slice()) {
        return x.spelling_relation(y);
    }
    let covered = |x: &[Token], y: &[Token]| {
        x.iter()
            .all(|t| y.iter().any(|o| t.spelling_relation(o).is_some()))
    };
    if covered(ma, mb) || covered(mb, ma) {
        if ma.len() == mb.len() && ma.iter().zip(mb).all(|(x, y)| x.key == y.key) {
            return Some(String::new());
        }
        return Some(format!(
            "middle names {} / {}",
            join_shown(ma),
            join_shown(mb)
        ));
    }
    None
}

fn join_shown(tokens: &[Token]) -> String {
    tokens
        .iter()
        .map(|t| t.shown.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(full: &str) -> PersonName {
        PersonName::parse(full, None, None, None)
    }

    fn agreement(a: &str, b: &str) -> NameAgreement {
        let forward = compare_names(&name(a), &name(b));
        let backward = compare_names(&name(b), &name(a));
        assert_eq!(
            std::mem::discriminant(&forward),
            std::mem::discriminant(&backward),
            "{a} / {b}: {forward:?} vs {backward:?}"
        );
        forward
    }

    fn compatible(a: &str, b: &str) -> String {
        match agreement(a, b) {
            NameAgreement::Compatible(why) => why,
            other => panic!("{a} / {b}: expected Compatible, got {other:?}"),
        }
    }

    #[test]
    fn name_key_ignores_accents_case_punctuation_and_spacing() {
        assert_eq!(name_key("José  Pérez-García"), "joseperezgarcia");
        assert_eq!(name_key("Jean-Luc"), name_key("jean luc"));
        assert_eq!(name_key("Straße"), "strasse");
        assert_eq!(name_key("Søren Łukasz Æsir Đorđe"), "sorenlukaszaesirdorde");
        assert_eq!(name_key("王小明"), "王小明");
        assert_eq!(name_key("  .-  "), "");
    }

    #[test]
    fn mueller_muller_and_mueller_agree() {
        assert_eq!(alternative_name_key("Müller").as_deref(), Some("mueller"));
        assert_eq!(agreement("Anna Müller", "Anna Muller"), NameAgreement::Same);
        let why = compatible("Anna Müller", "Anna Mueller");
        assert!(why.contains("spellings of the same name"), "{why}");
        assert_eq!(
            agreement("Anna Mueller", "Anna Muller"),
            NameAgreement::Different
        );
    }

    #[test]
    fn parse_splits_last_comma_first_and_drops_affixes() {
        let n = name("Dr. Ruiz García, Ana María PhD");
        assert_eq!(n.family.as_deref(), Some("Ruiz García"));
        assert_eq!(n.given.as_deref(), Some("Ana"));
        assert_eq!(n.additional.as_deref(), Some("María"));
        let n = name("Prof. John Michael Doe, Jr.");
        assert_eq!(
            (
                n.given.as_deref(),
                n.additional.as_deref(),
                n.family.as_deref()
            ),
            (Some("John"), Some("Michael"), Some("Doe"))
        );
        assert_eq!(name("Jack Ma").family.as_deref(), Some("Ma"));
        assert_eq!(name("Don Johnson").given.as_deref(), Some("Don"));
        let n = name("Ludwig van Beethoven III");
        assert_eq!(n.family.as_deref(), Some("van Beethoven"));
        let n = name("Robert \"Bob\" Smith");
        assert_eq!(
            (n.given.as_deref(), n.nickname.as_deref(), n.full.as_str()),
            (Some("Robert"), Some("Bob"), "Robert Smith")
        );
    }

    #[test]
    fn parse_honours_given_and_family() {
        let n = PersonName::parse("Ana María Ruiz", Some("Ana"), Some("Ruiz"), None);
        assert_eq!(n.additional.as_deref(), Some("María"));
        let n = PersonName::parse("", Some(" Carlos "), Some("de la Cruz"), Some("Charlie"));
        assert_eq!(
            (n.given.as_deref(), n.family.as_deref(), n.full.as_str()),
            (Some("Carlos"), Some("de la Cruz"), "Carlos de la Cruz")
        );
        assert_eq!(n.nickname.as_deref(), Some("Charlie"));
        let n = PersonName::parse("Ana Ruiz", Some("Ana"), None, None);
        assert_eq!(n.family.as_deref(), Some("Ruiz"));
    }

    #[test]
    fn an_email_or_a_number_is_no_name() {
        assert!(name("ana@acme.com").is_empty());
        assert!(name("+49 30 1234567").is_empty());
        assert_eq!(
            agreement("ana@acme.com", "Ana Ruiz"),
            NameAgreement::Unknown
        );
    }

    #[test]
    fn nicknames_and_initials_are_compatible() {
        assert_eq!(
            compatible("Bob Smith", "Robert Smith"),
            "Bob is a nickname of Robert"
        );
        assert_eq!(compatible("J. Doe", "John Doe"), "J. is an initial of John");
        assert_eq!(compatible("J Doe", "John Doe"), "J is an initial of John");
        assert_eq!(compatible("John D.", "John Doe"), "D. is an initial of Doe");
        assert_eq!(
            compatible("Bob Smith", "Rob Smith"),
            "Bob and Rob are both short for Robert"
        );
        let with_nickname = PersonName::parse("Margarethe Weber", None, None, Some("Gretl"));
        assert!(matches!(
            compare_names(&with_nickname, &name("Gretl Weber")),
            NameAgreement::Compatible(_)
        ));
    }

    #[test]
    fn middle_names_order_and_hyphens() {
        assert!(compatible("John Doe", "John Michael Doe").contains("middle name Michael"));
        assert!(
            compatible("John M. Doe", "John Michael Doe").contains("M. is an initial of Michael")
        );
        assert_eq!(
            agreement("John A. Doe", "John B. Doe"),
            NameAgreement::Different
        );
        assert!(compatible("Doe John", "John Doe").contains("another order"));
        assert_eq!(
            agreement("Jean-Luc Picard", "Jean Luc Picard"),
            NameAgreement::Same
        );
        assert_eq!(
            agreement("Jean-Luc Picard", "jean luc PICARD"),
            NameAgreement::Same
        );
        assert!(compatible("J. Michael Doe", "Michael Doe").contains("goes by a middle name"));
        assert!(compatible("Juan Pérez", "Juan Pérez García")
            .contains("Juan Pérez's family name is part of Juan Pérez García's"));
    }

    #[test]
    fn conflicting_names_are_different() {
        assert_eq!(agreement("Ana Ruiz", "Bo Chen"), NameAgreement::Different);
        assert_eq!(
            agreement("Ana Ruiz", "Carlos Ruiz"),
            NameAgreement::Different
        );
        assert_eq!(agreement("Ana Ruiz", "Ana Chen"), NameAgreement::Different);
        assert_eq!(
            agreement("Steven Smith", "Stephen Smith"),
            NameAgreement::Different
        );
        assert_eq!(agreement("Ana", "Bo Chen"), NameAgreement::Different);
    }

    #[test]
    fn a_single_name_agrees_with_its_part() {
        assert!(compatible("Ana", "Ana Ruiz").contains("only Ana is known"));
        assert!(compatible("Bobby", "Robert Smith").contains("Bobby is a nickname of Robert"));
        assert_eq!(agreement("J.", "John Doe"), NameAgreement::Unknown);
        assert_eq!(
            agreement("katherinekowalski", "K. Dubois"),
            NameAgreement::Different
        );
        assert_eq!(
            agreement("katherinekowalski", "Katherine Kowalski"),
            NameAgreement::Same
        );
    }

    #[test]
    fn company_keys_drop_legal_forms() {
        for raw in [
            "Acme GmbH",
            "ACME Inc.",
            "Acme, Inc",
            "The Acme Company",
            "Acme GmbH & Co. KG",
            "Acme S.p.A.",
            "Acme Pty Ltd",
            "acme b.v.",
        ] {
            assert_eq!(company_key(raw), "acme", "{raw}");
        }
        assert_eq!(company_key("Société Générale S.A."), "societegenerale");
        assert_eq!(company_key("AG"), "ag");
        assert_eq!(company_key("The"), "the");
        assert_eq!(company_key(""), "");
        assert_eq!(company_core("The Acme GmbH & Co. KG"), "Acme");
        assert_eq!(company_core("Acme,Inc."), "Acme");
    }
}
