//! Comparing two records: the evidence for and against their being one person, a verdict
//! and a confidence. The rules and numbers are in the module documentation of
//! [`crate::identity`].

use serde::{Deserialize, Serialize};

use super::names::{company_core, company_key, NameKeys, PersonName};
use super::normalize;
use super::{Comparison, Evidence, EvidenceKind, NameAgreement, Verdict};

/// What is known of one person, as the matcher sees it.
///
/// `emails`, `phones` and `urls` are compared as given, so callers pass normalised values
/// ([`Record::normalised`] does it): emails by [`normalize::email`], phones as
/// [`normalize::Phone::key`] (`+14186569254` or `+14186569254;ext=102`) or, when a number
/// does not parse, its digits, and URLs by [`normalize::profile_url`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    /// The name as written (a vCard `FN`, a "Name" column, an email's display name).
    pub name: String,
    pub given: Option<String>,
    pub family: Option<String>,
    pub nickname: Option<String>,
    pub company: Option<String>,
    pub emails: Vec<String>,
    /// E.164 (with `;ext=` for an extension) or, for numbers that do not parse, digits.
    pub phones: Vec<String>,
    pub urls: Vec<String>,
}

impl Record {
    /// The record with its emails, phones and URLs normalised (section "Normalisation" of
    /// the module doc): values that are not an address, a number of at least 6 digits or a
    /// URL are dropped, duplicates removed. A phone that does not parse in `default_region`
    /// is kept as its digits.
    #[must_use]
    pub fn normalised(mut self, default_region: Option<&str>) -> Record {
        self.emails = dedup(self.emails.iter().filter_map(|e| normalize::email(e)));
        self.phones =
            dedup(
                self.phones
                    .iter()
                    .filter_map(|p| match normalize::phone(p, default_region) {
                        Some(phone) => Some(phone.key()),
                        None => Some(normalize::phone_digits(p)).filter(|d| d.len() >= 6),
                    }),
            );
        self.urls = dedup(self.urls.iter().filter_map(|u| normalize::profile_url(u)));
        self
    }
}

fn dedup(values: impl Iterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for value in values {
        if !out.contains(&value) {
            out.push(value);
        }
    }
    out
}

/// Compares two records. Symmetric in verdict and confidence; the evidence names values of
/// both records.
pub fn compare(a: &Record, b: &Record) -> Comparison {
    compare_prepared(&Prepared::new(a), &Prepared::new(b))
}

/// A phone number split for matching.
#[derive(Debug, Clone)]
pub(crate) struct PhoneKey<'a> {
    pub(crate) shown: &'a str,
    e164: bool,
    pub(crate) digits: String,
    pub(crate) extension: &'a str,
}

impl<'a> PhoneKey<'a> {
    fn new(value: &'a str) -> PhoneKey<'a> {
        let (number, extension) = value.split_once(";ext=").unwrap_or((value, ""));
        PhoneKey {
            shown: value,
            e164: number.starts_with('+'),
            digits: normalize::phone_digits(number),
            extension,
        }
    }

    /// Two E.164 numbers match when equal; when either is only digits (written without a
    /// country code, in no known region), when the digits are equal (6 or more), or when,
    /// leading zeros (a trunk prefix) aside, the shorter has 8 digits or more and ends the
    /// longer (`020 7946 0958` is `+44 20 7946 0958`; `070-123 45 67` is not
    /// `+49 30 1234567`, though their last 8 digits agree). Extensions must agree: colleagues
    /// behind one switchboard have one number and different extensions.
    fn matches(&self, other: &PhoneKey<'_>) -> bool {
        if self.extension != other.extension || self.digits.len() < 6 || other.digits.len() < 6 {
            return false;
        }
        if self.e164 && other.e164 || self.digits == other.digits {
            return self.digits == other.digits;
        }
        let (a, b) = (
            self.digits.trim_start_matches('0'),
            other.digits.trim_start_matches('0'),
        );
        let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
        short.len() >= 8 && long.ends_with(short)
    }

    /// The blocking key: the last 8 digits (all of them when fewer) and the extension.
    pub(crate) fn block_key(&self) -> String {
        format!("{};{}", last8(&self.digits), self.extension)
    }
}

fn last8(digits: &str) -> &str {
    &digits[digits.len().saturating_sub(8)..]
}

/// A record with everything the comparison needs computed once (the blocking step builds
/// one per record and compares many pairs).
#[derive(Debug, Clone)]
pub(crate) struct Prepared<'a> {
    pub(crate) name: NameKeys,
    pub(crate) company: Option<(&'a str, String)>,
    pub(crate) emails: Vec<String>,
    pub(crate) phones: Vec<PhoneKey<'a>>,
    /// URLs with a path: profiles, identifiers of one person.
    pub(crate) profiles: Vec<&'a str>,
    /// URLs without a path: websites, which colleagues share.
    websites: Vec<&'a str>,
    /// Email domains that are not free-mail providers.
    domains: Vec<String>,
}

impl<'a> Prepared<'a> {
    pub(crate) fn new(record: &'a Record) -> Prepared<'a> {
        let person = PersonName::parse(
            &record.name,
            record.given.as_deref(),
            record.family.as_deref(),
            record.nickname.as_deref(),
        );
        let emails = dedup(
            record
                .emails
                .iter()
                .map(|e| e.trim().to_lowercase())
                .filter(|e| !e.is_empty()),
        );
        let domains = dedup(
            emails
                .iter()
                .filter_map(|e| e.rsplit_once('@').map(|(_, d)| d.to_owned()))
                .filter(|d| !is_free_mail(d)),
        );
        let (profiles, websites) = record
            .urls
            .iter()
            .map(|u| u.trim())
            .filter(|u| !u.is_empty())
            .partition(|u| u.contains('/'));
        Prepared {
            name: NameKeys::new(&person),
            company: record
                .company
                .as_deref()
                .map(|c| (c.trim(), company_key(c)))
                .filter(|(_, key)| !key.is_empty()),
            emails,
            phones: record
                .phones
                .iter()
                .map(|p| PhoneKey::new(p.trim()))
                .collect(),
            profiles,
            websites,
            domains,
        }
    }
}

/// Free-mail providers: a shared domain there says nothing about two people.
const FREE_MAIL: &[&str] = &[
    "gmail.com",
    "googlemail.com",
    "outlook.com",
    "msn.com",
    "aol.com",
    "icloud.com",
    "me.com",
    "mac.com",
    "web.de",
    "t-online.de",
    "freenet.de",
    "posteo.de",
    "mailbox.org",
    "online.de",
    "arcor.de",
    "proton.me",
    "protonmail.com",
    "protonmail.ch",
    "pm.me",
    "tutanota.com",
    "tuta.io",
    "zoho.com",
    "mail.ru",
    "qq.com",
    "163.com",
    "126.com",
    "fastmail.com",
    "hey.com",
    "orange.fr",
    "free.fr",
    "laposte.net",
    "wanadoo.fr",
    "libero.it",
    "seznam.cz",
    "wp.pl",
    "o2.pl",
    "interia.pl",
    "naver.com",
    "hanmail.net",
    "rediffmail.com",
    "comcast.net",
    "verizon.net",
    "att.net",
    "sbcglobal.net",
    "btinternet.com",
    "sky.com",
    "bluewin.ch",
    "mail.com",
    "ymail.com",
    "rocketmail.com",
    "aim.com",
    "inbox.com",
    "hushmail.com",
];
/// Providers with a domain per country (`yahoo.co.uk`, `hotmail.fr`, `gmx.net`, …).
const FREE_MAIL_BRANDS: &[&str] = &["yahoo", "hotmail", "live", "gmx", "yandex", "outlook"];

/// True for the domain of a free-mail provider (gmail.com, yahoo.*, hotmail.*, gmx.*, …).
pub fn is_free_mail(domain: &str) -> bool {
    let domain = domain.trim().to_ascii_lowercase();
    FREE_MAIL.contains(&domain.as_str())
        || domain
            .split('.')
            .next()
            .is_some_and(|brand| domain.contains('.') && FREE_MAIL_BRANDS.contains(&brand))
}

/// What two prepared records share and where they conflict.
struct Signals {
    /// Whether the evidence is written (see [`score_prepared`]).
    write: bool,
    evidence: Vec<Evidence>,
    identifier_kinds: u8,
    second_signal: bool,
    company_differs: bool,
}

impl Signals {
    /// Adds a piece of evidence, its text written only when the evidence is wanted.
    fn note(&mut self, kind: EvidenceKind, text: impl FnOnce() -> String) {
        if self.write {
            self.evidence.push(evidence(kind, text()));
        }
    }
}

fn evidence(kind: EvidenceKind, text: String) -> Evidence {
    Evidence { kind, text }
}

fn identifiers(a: &Prepared<'_>, b: &Prepared<'_>, signals: &mut Signals) {
    let emails: Vec<&String> = a.emails.iter().filter(|e| b.emails.contains(e)).collect();
    let phones: Vec<&PhoneKey<'_>> = a
        .phones
        .iter()
        .filter(|p| b.phones.iter().any(|q| p.matches(q)))
        .collect();
    let profiles: Vec<&&str> = a
        .profiles
        .iter()
        .filter(|u| b.profiles.contains(u))
        .collect();
    for email in emails.iter().take(3) {
        signals.note(EvidenceKind::SameEmail, || format!("same email {email}"));
    }
    for phone in phones.iter().take(3) {
        signals.note(EvidenceKind::SamePhone, || {
            format!("same phone {}", phone.shown)
        });
    }
    for url in profiles.iter().take(3) {
        signals.note(EvidenceKind::SameUrl, || format!("same profile {url}"));
    }
    signals.identifier_kinds = [!emails.is_empty(), !phones.is_empty(), !profiles.is_empty()]
        .into_iter()
        .map(u8::from)
        .sum();
}

fn second_signals(a: &Prepared<'_>, b: &Prepared<'_>, signals: &mut Signals) {
    if let (Some((ra, ka)), Some((rb, kb))) = (&a.company, &b.company) {
        if ka == kb {
            signals.note(EvidenceKind::SameCompany, || {
                if ra == rb {
                    format!("same company {ra}")
                } else {
                    format!("same company {} ({ra} / {rb})", company_core(ra))
                }
            });
            signals.second_signal = true;
        } else {
            signals.note(EvidenceKind::DifferentCompany, || {
                format!("different companies: {ra} / {rb}")
            });
            signals.company_differs = true;
        }
    }
    let shared_email_domain = |d: &String| {
        a.emails
            .iter()
            .any(|e| b.emails.contains(e) && e.rsplit_once('@').is_some_and(|(_, at)| at == d))
    };
    if let Some(domain) = a
        .domains
        .iter()
        .find(|d| b.domains.contains(d) && !shared_email_domain(d))
    {
        signals.note(EvidenceKind::SameEmailDomain, || {
            format!("same email domain {domain}")
        });
        signals.second_signal = true;
    }
    if let Some(site) = a.websites.iter().find(|w| b.websites.contains(w)) {
        signals.note(EvidenceKind::SameWebsite, || format!("same website {site}"));
        signals.second_signal = true;
    }
}

fn name_evidence(
    a: &Prepared<'_>,
    b: &Prepared<'_>,
    agreement: &NameAgreement,
) -> Option<Evidence> {
    let (x, y) = (&a.name.full, &b.name.full);
    match agreement {
        NameAgreement::Same => Some(evidence(EvidenceKind::SameName, format!("same name {x}"))),
        NameAgreement::Compatible(why) => Some(evidence(EvidenceKind::CompatibleName, why.clone())),
        NameAgreement::Different => Some(evidence(
            EvidenceKind::DifferentName,
            format!("different names: {x} / {y}"),
        )),
        NameAgreement::Unknown if a.name.is_empty() && b.name.is_empty() => Some(evidence(
            EvidenceKind::NoName,
            "neither has a name".to_owned(),
        )),
        NameAgreement::Unknown => {
            let named = if a.name.is_empty() { y } else { x };
            Some(evidence(
                EvidenceKind::NoName,
                format!("only one has a name ({named})"),
            ))
        }
    }
}

/// Compares two prepared records (see [`compare`]).
pub(crate) fn compare_prepared(a: &Prepared<'_>, b: &Prepared<'_>) -> Comparison {
    compare_as(a, b, true)
}

/// The verdict and confidence of [`compare_prepared`], without writing the evidence (to rank
/// many pairs and write the evidence of the few that are shown).
pub(crate) fn score_prepared(a: &Prepared<'_>, b: &Prepared<'_>) -> (Verdict, u8) {
    let c = compare_as(a, b, false);
    (c.verdict, c.confidence)
}

fn compare_as(a: &Prepared<'_>, b: &Prepared<'_>, write: bool) -> Comparison {
    let mut signals = Signals {
        write,
        evidence: Vec::new(),
        identifier_kinds: 0,
        second_signal: false,
        company_differs: false,
    };
    identifiers(a, b, &mut signals);
    let agreement = a.name.agreement(&b.name);
    if write {
        signals.evidence.extend(name_evidence(a, b, &agreement));
    }
    second_signals(a, b, &mut signals);
    let (verdict, confidence) = verdict(&agreement, &signals);
    Comparison {
        verdict,
        confidence,
        evidence: signals.evidence,
    }
}

/// The verdict and confidence from the names and the signals; the numbers are documented in
/// the module doc of [`crate::identity`].
fn verdict(agreement: &NameAgreement, signals: &Signals) -> (Verdict, u8) {
    let identified = signals.identifier_kinds > 0;
    let extra_identifiers = signals.identifier_kinds.saturating_sub(1);
    let company_penalty = if signals.company_differs { 3 } else { 0 };
    match agreement {
        NameAgreement::Different if identified => (Verdict::Possible, 50 + 5 * extra_identifiers),
        NameAgreement::Different => (Verdict::Different, 0),
        _ if identified => {
            let base: u8 = match agreement {
                NameAgreement::Same => 97,
                NameAgreement::Compatible(_) => 92,
                _ => 85,
            };
            (
                Verdict::Same,
                (base + extra_identifiers - company_penalty).min(99),
            )
        }
        NameAgreement::Same if signals.second_signal => (Verdict::Same, 90),
        NameAgreement::Compatible(_) if signals.second_signal => (Verdict::Same, 80),
        NameAgreement::Same => (
            Verdict::Possible,
            if signals.company_differs { 25 } else { 40 },
        ),
        NameAgreement::Compatible(_) => (
            Verdict::Possible,
            if signals.company_differs { 15 } else { 30 },
        ),
        NameAgreement::Unknown => (Verdict::Different, 0),
    }
}
