//! Identity: deciding which records are the same person, with the evidence and a confidence.
//!
//! Imports, capture sources and the duplicates list all ask the same question — is this
//! record someone we already know? — and a wrong "yes" silently folds two people into one.
//! So this module is pure (no I/O, no database, no clock; it depends on nothing else in the
//! crate) and every answer carries the evidence a person can check. Callers store and show
//! the results; they never re-derive a rule.
//!
//! # Normalisation ([`normalize`])
//!
//! Identifiers are compared in one normal form: [`normalize::email`] (trimmed, lower-cased
//! whole, RFC 5322 including dotless domains), [`normalize::phone`] (E.164 in a default
//! region, with the extension kept apart; [`normalize::phone_digits`] as the fallback key),
//! [`normalize::profile_url`] (no scheme, `www.`, query or trailing slash; LinkedIn country
//! hosts folded) and [`normalize::region_from_locale`] for the default region.
//!
//! # Names ([`names`])
//!
//! [`name_key`] ignores accents, case, punctuation and spacing; [`PersonName::parse`] splits
//! a written name; [`compare_names`] says [`NameAgreement::Same`], `Compatible` (with why:
//! a nickname from a deliberately small table, an initial, a missing middle name, another
//! order, another spelling such as Müller/Mueller, one side's extra family name), `Unknown`
//! (one side has no usable name) or `Different`. Different means the names contradict: given
//! names that are neither equal, an initial nor a nickname of each other, family names that
//! are neither equal, an initial nor one part of the other, or conflicting middle names. A
//! single-word name ("Ana") is compatible with a name it is the given, nickname or family
//! name of, and different from any other (a lone initial is `Unknown`). [`company_key`]
//! drops a leading "The" and legal forms (GmbH, Inc., S.A., & Co. KG, …).
//!
//! # Verdicts and confidence ([`compare`])
//!
//! An *identifier* is a shared email, phone (same extension) or profile URL (a URL with a
//! path; a bare host such as `acme.com` is a company website that colleagues share, so it
//! counts only as a second signal). A *second signal* is the same [`company_key`], the same
//! email domain that is not a free-mail provider ([`is_free_mail`]), or the same website.
//!
//! | names \ evidence      | identifier                | second signal, no identifier | neither             |
//! |-----------------------|---------------------------|------------------------------|---------------------|
//! | Same                  | Same, 97                  | Same, 90                     | Possible, 40 (25)   |
//! | Compatible            | Same, 92                  | Same, 80                     | Possible, 30 (15)   |
//! | Unknown               | Same, 85                  | Different, 0                 | Different, 0        |
//! | Different             | Possible, 50              | Different, 0                 | Different, 0        |
//!
//! - Each further kind of identifier (email, phone, profile) adds 1 to a Same and 5 to a
//!   Possible with different names; confidence never exceeds 99.
//! - A job change — an identifier and agreeing names, different companies — is still Same
//!   (3 less), and the evidence names both companies.
//! - A shared identifier with different names (a family or an office sharing an address) is
//!   only ever Possible: the person decides.
//! - The same name with nothing else is Possible, not Different, even when the companies
//!   differ (an old export from before a job change looks exactly like that); the numbers in
//!   brackets apply when the companies differ, so such pairs rank last.
//!
//! Verdict and confidence are symmetric in the two records.
//!
//! # Blocking ([`candidates`])
//!
//! Finding duplicates among n records compares only records that share a blocking key:
//! an email, a phone's last 8 digits (with its extension), a profile URL, the name's words
//! run together (`Jean-Luc Picard` = `jeanlucpicard`) and in sorted order, the family name (and its Müller→Mueller spelling) with the first
//! initial, and the formal given name (Bob → Robert) with the family name. A block of more
//! than [`MAX_BLOCK`] records (an `info@` address, "John Smith") is not compared all pairs:
//! its records are sorted by name, company and email domain and each is compared with its
//! next [`WINDOW`] neighbours, so the work stays linear in the block's size while records
//! that also agree on name and company still meet.
//!
//! [`candidates_where`] gives the first pairs of that same list that a filter keeps (the
//! duplicates list leaves out pairs the user said are two people): with a limit, every pair
//! is scored without its evidence and only the pairs returned have their evidence written.

mod blocking;
pub mod channel;
mod compare;
pub mod names;
pub mod nicknames;
pub mod normalize;

use serde::{Deserialize, Serialize};

pub use blocking::{candidates, candidates_where, Candidate, MAX_BLOCK, WINDOW};
pub use compare::{compare, is_free_mail, Record};
pub use names::{company_core, company_key, compare_names, name_key, NameAgreement, PersonName};
pub use normalize::Phone;

#[cfg(test)]
mod tests;

/// How sure the matcher is that two records are one person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Verdict {
    /// Merge (an import merges; the duplicates list offers it first).
    Same,
    /// Ask the person ("possible duplicate").
    Possible,
    /// Keep apart.
    Different,
}

/// What kind of fact a piece of evidence is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum EvidenceKind {
    SameEmail,
    SamePhone,
    SameUrl,
    SameName,
    CompatibleName,
    DifferentName,
    /// One or both records have no usable name.
    NoName,
    SameCompany,
    DifferentCompany,
    SameEmailDomain,
    SameWebsite,
}

/// One fact for or against two records being one person, with a short sentence that names
/// the values ("same email ana@acme.com", "Bob is a nickname of Robert").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    pub kind: EvidenceKind,
    pub text: String,
}

/// The result of comparing two records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comparison {
    pub verdict: Verdict,
    /// 0–100: how likely the two are one person (see the table in the module doc).
    pub confidence: u8,
    /// Identifiers first, then names, then company, domain and website.
    pub evidence: Vec<Evidence>,
}
