//! A small, hand-written table of common given-name diminutives.
//!
//! Deliberately small: it holds the short forms people really use in address books (mostly
//! English, with a few Spanish and German ones), not a genealogical dictionary. A larger
//! table would make more unrelated people "compatible"; a name missing here only means the
//! pair needs another signal (an identifier, a company) to be found.

use std::collections::HashMap;
use std::sync::OnceLock;

/// Formal given name (as a name key: lower case, no accents) → its short forms.
const TABLE: &[(&str, &[&str])] = &[
    ("abigail", &["abby", "abbie", "gail"]),
    ("albert", &["al", "bert", "bertie"]),
    (
        "alexander",
        &["alex", "al", "alec", "sasha", "sandy", "xander", "lex"],
    ),
    ("alexandra", &["alex", "sasha", "sandy", "lexi"]),
    ("alfred", &["al", "alf", "fred", "freddie"]),
    ("andrew", &["andy", "drew", "andi"]),
    ("anthony", &["tony", "ant"]),
    ("antonio", &["toni", "tono"]),
    ("barbara", &["barb", "babs", "barbie"]),
    ("benjamin", &["ben", "benny", "benji"]),
    ("catherine", &["cathy", "cat", "kate", "katie", "cate"]),
    ("charles", &["charlie", "chuck", "chas", "chaz"]),
    ("christina", &["chris", "tina", "christy"]),
    ("christine", &["chris", "tina", "chrissy", "christy"]),
    ("christopher", &["chris", "kit", "topher"]),
    ("daniel", &["dan", "danny", "dani"]),
    ("david", &["dave", "davey", "davy"]),
    ("deborah", &["deb", "debbie", "debby"]),
    ("donald", &["don", "donnie"]),
    ("dorothy", &["dot", "dottie", "dolly"]),
    ("edward", &["ed", "eddie", "ted", "teddy", "ned"]),
    (
        "elizabeth",
        &[
            "liz", "lizzie", "beth", "betsy", "betty", "eliza", "libby", "bess",
        ],
    ),
    ("eleanor", &["ellie", "nell"]),
    ("emily", &["em", "emmy", "millie"]),
    ("francisco", &["paco", "pancho", "curro", "fran"]),
    ("frederick", &["fred", "freddie", "fritz"]),
    ("gabriel", &["gabe"]),
    ("gregory", &["greg"]),
    ("henry", &["hank", "harry", "hal"]),
    ("ignacio", &["nacho"]),
    ("isabel", &["isa", "bel", "izzy"]),
    ("jacob", &["jake"]),
    ("james", &["jim", "jimmy", "jamie", "jem"]),
    ("jennifer", &["jen", "jenny", "jenn"]),
    ("jessica", &["jess", "jessie"]),
    ("john", &["jack", "johnny", "jon"]),
    ("jonathan", &["jon", "jonny"]),
    ("jose", &["pepe", "chema"]),
    ("josef", &["sepp", "joe", "jupp"]),
    ("joseph", &["joe", "joey", "jo"]),
    ("judith", &["judy", "jude"]),
    ("katherine", &["kate", "katie", "kathy", "kat"]),
    ("kathryn", &["kate", "katie", "kathy", "kat"]),
    ("kenneth", &["ken", "kenny"]),
    ("lawrence", &["larry", "laurie"]),
    ("leonard", &["leo", "len", "lenny"]),
    (
        "margaret",
        &["meg", "maggie", "peggy", "marge", "margie", "greta"],
    ),
    ("matthew", &["matt", "matty"]),
    ("michael", &["mike", "mikey", "mick", "mickey"]),
    ("nicholas", &["nick", "nicky", "nico"]),
    ("patricia", &["pat", "patty", "trish", "tricia"]),
    ("patrick", &["pat", "paddy"]),
    ("peter", &["pete"]),
    ("philip", &["phil", "pip"]),
    ("rebecca", &["becky", "becca", "bex"]),
    ("richard", &["rick", "ricky", "dick", "rich", "richie"]),
    (
        "robert",
        &["bob", "bobby", "rob", "robbie", "robby", "bert"],
    ),
    ("ronald", &["ron", "ronnie"]),
    ("samantha", &["sam", "sammy"]),
    ("samuel", &["sam", "sammy"]),
    ("stephen", &["steve", "stevie"]),
    ("steven", &["steve", "stevie"]),
    ("susan", &["sue", "susie", "suzy"]),
    ("theodore", &["ted", "teddy", "theo"]),
    ("thomas", &["tom", "tommy"]),
    ("timothy", &["tim", "timmy"]),
    ("victoria", &["vicky", "vicki", "tori"]),
    ("william", &["bill", "billy", "will", "willie", "liam"]),
    ("wolfgang", &["wolf"]),
    ("zachary", &["zach", "zack"]),
];

fn short_to_formal() -> &'static HashMap<&'static str, Vec<&'static str>> {
    static MAP: OnceLock<HashMap<&'static str, Vec<&'static str>>> = OnceLock::new();
    MAP.get_or_init(|| {
        let mut map: HashMap<&'static str, Vec<&'static str>> = HashMap::new();
        for (formal, shorts) in TABLE {
            for short in *shorts {
                map.entry(short).or_default().push(formal);
            }
        }
        map
    })
}

/// The formal names `key` (a name key) is a short form of; empty when it is none.
pub fn formal_names(key: &str) -> &'static [&'static str] {
    short_to_formal().get(key).map_or(&[], Vec::as_slice)
}

/// True when `key` (a name key) is a formal name the table has short forms of.
pub fn is_formal(key: &str) -> bool {
    TABLE.iter().any(|(formal, _)| *formal == key)
}

/// Why two given-name keys are the same name in short and formal form, or `None`.
/// `a` and `b` are the name keys, `a_shown` and `b_shown` the names as written.
pub fn relation(a: &str, b: &str, a_shown: &str, b_shown: &str) -> Option<String> {
    if a == b {
        return None;
    }
    if formal_names(a).contains(&b) {
        return Some(format!("{a_shown} is a nickname of {b_shown}"));
    }
    if formal_names(b).contains(&a) {
        return Some(format!("{b_shown} is a nickname of {a_shown}"));
    }
    let shared = formal_names(a)
        .iter()
        .find(|f| formal_names(b).contains(f))?;
    Some(format!(
        "{a_shown} and {b_shown} are both short for {}",
        capitalised(shared)
    ))
}

fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_has_enough_pairs_and_is_keyed_in_name_key_form() {
        let pairs: usize = TABLE.iter().map(|(_, s)| s.len()).sum();
        assert!(pairs >= 80, "{pairs}");
        for (formal, shorts) in TABLE {
            for name in std::iter::once(formal).chain(shorts.iter()) {
                assert!(name.chars().all(|c| c.is_ascii_lowercase()), "{name}");
            }
        }
    }

    #[test]
    fn relations_read_as_sentences() {
        assert_eq!(
            relation("bob", "robert", "Bob", "Robert").as_deref(),
            Some("Bob is a nickname of Robert")
        );
        assert_eq!(
            relation("robert", "bob", "Robert", "Bob").as_deref(),
            Some("Bob is a nickname of Robert")
        );
        assert_eq!(
            relation("bob", "rob", "Bob", "Rob").as_deref(),
            Some("Bob and Rob are both short for Robert")
        );
        assert_eq!(relation("ana", "robert", "Ana", "Robert"), None);
        assert_eq!(relation("steven", "stephen", "Steven", "Stephen"), None);
    }
}
