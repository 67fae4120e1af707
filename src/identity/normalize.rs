//! Normalised forms of identifiers (email, phone, profile URL) used as matching keys.
//!
//! Every function here is total: it returns `None` (or an empty string) for input it cannot
//! read, never panics, and never allocates more than a small multiple of its input. The
//! values are keys for matching, not for display: the text as written is kept elsewhere.

use std::fmt;
use std::str::FromStr;

use email_address::{EmailAddress, Options};
use phonenumber::country::Id;

use crate::model::ChannelKind;

/// The normalised form of an email address, or `None` when `raw` is not an address.
///
/// Trimmed, a `mailto:` prefix (and any `?subject=…` query of such a URI) removed, and the
/// whole address lower-cased. RFC 5321 lets the local part be case-sensitive, but no mail
/// provider people use treats `Ana@` and `ana@` as different mailboxes, while contact files
/// spell the same address both ways: the local part is case-folded on purpose, for matching.
///
/// Valid means an RFC 5322 `addr-spec` (quoted local parts, domain literals and domains
/// without a dot such as `contact1@invalid` included); display text (`Ana <ana@acme.com>`) is
/// not an address and gives `None`.
pub fn email(raw: &str) -> Option<String> {
    let trimmed = raw.trim();
    let address = match strip_prefix_ci(trimmed, "mailto:") {
        Some(rest) => {
            let without_query = rest.split('?').next().unwrap_or(rest);
            percent_decode(without_query, |_| true)
        }
        None => trimmed.to_owned(),
    };
    let lower = address.trim().to_lowercase();
    if lower.is_empty() || lower.len() > 320 {
        return None;
    }
    let options = Options::default()
        .with_no_minimum_sub_domains()
        .with_domain_literal()
        .without_display_text();
    EmailAddress::parse_with_options(&lower, options)
        .ok()
        .map(|parsed| parsed.as_str().to_owned())
}

/// A phone number in E.164 (`+14186569254`) with its extension, if any (`102`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Phone {
    /// The number in E.164: `+`, the country code and the national number, digits only.
    pub e164: String,
    /// The extension digits, without any `ext`/`x` marker.
    pub extension: Option<String>,
}

impl Phone {
    /// The single-string key used in [`crate::identity::Record::phones`]: the E.164 number,
    /// followed by `;ext=` and the extension when there is one (the RFC 3966 spelling).
    pub fn key(&self) -> String {
        self.to_string()
    }
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.extension {
            Some(ext) => write!(f, "{};ext={ext}", self.e164),
            None => f.write_str(&self.e164),
        }
    }
}

/// Parses a phone number as people write it into E.164, or `None` when it is not a valid
/// number.
///
/// Reads `tel:` URIs (`tel:+1-418-656-9254;ext=102`), extensions written `x102`, `ext. 102`,
/// `extension 102`, `#102` or `,102`, vanity numbers (`1-800-FLOWERS`: letters become digits
/// by the phone keypad) and `00` as the international prefix. A number without a country code
/// is read in `default_region` (ISO 3166 alpha-2, e.g. `"DE"`); with `None` (or a region the
/// numbering plan does not know) only numbers starting with `+` or `00` parse. Numbers the
/// numbering plan calls invalid give `None`, so callers fall back to [`phone_digits`].
pub fn phone(raw: &str, default_region: Option<&str>) -> Option<Phone> {
    let key = (raw.to_owned(), default_region.map(str::to_owned));
    let phones = || {
        PHONES
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    };
    if let Some(known) = phones().get(&key) {
        return known.clone();
    }
    let parsed = parse_phone(raw, default_region);
    let mut cache = phones();
    if cache.len() >= PHONES_KEPT {
        cache.clear();
    }
    cache.insert(key, parsed.clone());
    parsed
}

/// A number in E.164 as people write it across borders (`+44 7400 123451`); `None` when
/// libphonenumber does not know it (it is then shown as it is).
pub fn phone_display(e164: &str) -> Option<String> {
    let parsed = phonenumber::parse(None, e164).ok()?;
    parsed.is_valid().then(|| {
        parsed
            .format()
            .mode(phonenumber::Mode::International)
            .to_string()
    })
}

/// How many parsed numbers [`phone`] keeps before it starts again.
const PHONES_KEPT: usize = 1 << 16;

/// A raw number and region, for [`PHONES`].
type PhoneKey = (String, Option<String>);

/// What [`phone`] made of each number it read lately, for the whole process. Parsing with the
/// numbering plan takes microseconds (it was a third of an import's time), and an import
/// reads each number more than once: to match its record (on a thread of its own, see
/// `ops::import::plan`), and to write its identity. The result depends on the number and
/// region only. (The numbering plan's own regular expressions sit behind one lock of the
/// `phonenumber` crate, so numbers are not parsed faster on more threads than one.)
static PHONES: std::sync::LazyLock<
    std::sync::Mutex<std::collections::HashMap<PhoneKey, Option<Phone>>>,
> = std::sync::LazyLock::new(Default::default);

/// [`phone`], without the cache.
fn parse_phone(raw: &str, default_region: Option<&str>) -> Option<Phone> {
    if raw.len() > 200 {
        return None;
    }
    let trimmed = raw.trim();
    let (number, uri_extension) = match strip_prefix_ci(trimmed, "tel:") {
        Some(rest) => split_tel_uri(rest),
        None => (trimmed, None),
    };
    let (number, written_extension) = split_extension(number);
    let mut number = vanity_to_digits(number.trim());
    let region = default_region.and_then(|r| Id::from_str(&r.trim().to_ascii_uppercase()).ok());
    if region.is_none() {
        if let Some(rest) = number.strip_prefix("00") {
            number = format!("+{rest}");
        }
    }
    if !number.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let parsed = phonenumber::parse(region, &number).ok()?;
    if !parsed.is_valid() {
        return None;
    }
    let e164 = format!("+{}{}", parsed.code().value(), parsed.national());
    let extension = uri_extension
        .or(written_extension)
        .or_else(|| parsed.extension().map(|e| phone_digits(e)))
        .filter(|e| !e.is_empty());
    Some(Phone { e164, extension })
}

/// The last 8 digits of a phone key (before any `;ext=`): how an import looks a phone up, so
/// that a number that did not parse (digits only) still meets its E.164 form.
pub fn phone_tail(key: &str) -> String {
    let digits: String = key
        .chars()
        .take_while(|c| *c != ';')
        .filter(char::is_ascii_digit)
        .collect();
    digits[digits.len().saturating_sub(8)..].to_owned()
}

/// What a stored channel is looked up by when a file is matched against the database (kept in
/// `contact_channel.match_key`): its identity value (`normalized`) or, when it has none, its
/// value as written; a phone by [`phone_tail`] of its E.164 form or digits; a link by its
/// [`profile_url`] form. A record being imported meets it through the same key of its own
/// normalised identifiers.
pub fn match_key(kind: ChannelKind, normalized: Option<&str>, value: &str) -> String {
    let v = normalized.unwrap_or(value);
    match kind {
        ChannelKind::Email => v.to_owned(),
        ChannelKind::Phone if v.starts_with('+') => phone_tail(v),
        ChannelKind::Phone => phone_tail(&phone_digits(v)),
        ChannelKind::Link => profile_url(v).unwrap_or_else(|| v.to_owned()),
    }
}

/// The ASCII digits of `raw`, in order (a fallback key when [`phone`] cannot parse it).
pub fn phone_digits(raw: &str) -> String {
    raw.chars().filter(char::is_ascii_digit).collect()
}

/// The canonical form of a profile or web URL, for matching, or `None` when `raw` is not a
/// URL with a host.
///
/// No scheme, no user info, port, query or fragment; the host lower-cased without `www.`,
/// `m.` or `mobile.`; any `*.linkedin.com` (country subdomains such as `de.`) becomes
/// `linkedin.com` and a LinkedIn `/in/<slug>` or `/pub/<slug>` path keeps only those two
/// segments (a trailing locale like `/de` dropped); `twitter.com` becomes `x.com`. The path is
/// percent-decoded except where decoding would change its structure (`%2F`, `%3F`, `%23`,
/// `%25`, spaces and controls stay encoded), repeated and trailing slashes are removed, and it
/// is lower-cased: profile paths on the sites people link to are case-insensitive, so
/// `/in/Ana-Ruiz` and `/in/ana-ruiz` are the same profile.
pub fn profile_url(raw: &str) -> Option<String> {
    let trimmed = raw.trim();
    if trimmed.is_empty() || trimmed.len() > 2000 || trimmed.chars().any(char::is_whitespace) {
        return None;
    }
    let (rest, had_scheme) = match trimmed.find("://") {
        Some(i) if is_scheme(&trimmed[..i]) => (&trimmed[i + 3..], true),
        _ => (trimmed, false),
    };
    let rest = rest.split(['?', '#']).next().unwrap_or(rest);
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    let host = match authority.rsplit_once('@') {
        Some((_, host)) if had_scheme => host,
        Some(_) => return None,
        None => authority,
    };
    let host = canonical_host(host)?;
    let decoded = percent_decode(path, |c| {
        !matches!(c, '/' | '?' | '#' | '%') && !c.is_whitespace() && !c.is_control()
    });
    let mut segments: Vec<&str> = decoded.split('/').filter(|s| !s.is_empty()).collect();
    if host == "linkedin.com" && segments.len() > 2 && matches!(segments[0], "in" | "pub") {
        segments.truncate(2);
    }
    let mut out = host;
    for segment in segments {
        out.push('/');
        out.push_str(segment);
    }
    Some(out)
}

/// The region (ISO 3166 alpha-2, upper case) of a POSIX or BCP 47 locale, as a default
/// region for [`phone`]: `de_DE.UTF-8` → `DE`, `en-GB` → `GB`, `zh-Hans-CN` → `CN`;
/// `C`, `POSIX`, a bare language (`en`) or a region the numbering plan does not know → `None`.
pub fn region_from_locale(locale: &str) -> Option<String> {
    let base = locale.trim().split(['.', '@']).next().unwrap_or("");
    base.split(['_', '-'])
        .skip(1)
        .find(|part| part.len() == 2 && part.chars().all(|c| c.is_ascii_alphabetic()))
        .map(str::to_ascii_uppercase)
        .filter(|region| Id::from_str(region).is_ok())
}

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

fn is_scheme(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

fn canonical_host(host: &str) -> Option<String> {
    let host = host.split(':').next().unwrap_or(host).trim_end_matches('.');
    let mut host = host.to_lowercase();
    if host.is_empty()
        || !host.contains('.')
        || !host
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-'))
        || host.split('.').any(str::is_empty)
    {
        return None;
    }
    for prefix in ["www.", "m.", "mobile."] {
        if let Some(rest) = host.strip_prefix(prefix) {
            if rest.contains('.') {
                host = rest.to_owned();
            }
        }
    }
    if host.ends_with(".linkedin.com") {
        host = "linkedin.com".to_owned();
    }
    if host == "twitter.com" {
        host = "x.com".to_owned();
    }
    Some(host)
}

/// Lower-cases `s` and decodes its `%XX` sequences whose bytes form UTF-8 characters
/// `keep_decoded` accepts (lower-cased too); every other sequence stays encoded, hex in upper
/// case.
fn percent_decode(s: &str, keep_decoded: impl Fn(char) -> bool) -> String {
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let mut decoded = Vec::new();
            let mut j = i;
            while j < bytes.len() && bytes[j] == b'%' {
                match (hex(bytes.get(j + 1)), hex(bytes.get(j + 2))) {
                    (Some(hi), Some(lo)) => decoded.push(hi * 16 + lo),
                    _ => break,
                }
                j += 3;
            }
            if decoded.is_empty() {
                out.push('%');
                i += 1;
                continue;
            }
            match std::str::from_utf8(&decoded) {
                Ok(text) => {
                    for c in text.chars() {
                        if keep_decoded(c) {
                            out.extend(c.to_lowercase());
                        } else {
                            push_encoded(&mut out, c.encode_utf8(&mut [0u8; 4]).as_bytes());
                        }
                    }
                }
                Err(_) => push_encoded(&mut out, &decoded),
            }
            i = j;
        } else {
            let c = s[i..].chars().next().unwrap_or('\u{FFFD}');
            out.extend(c.to_lowercase());
            i += c.len_utf8().max(1);
        }
    }
    out
}

fn push_encoded(out: &mut String, bytes: &[u8]) {
    for b in bytes {
        out.push_str(&format!("%{b:02X}"));
    }
}

fn hex(b: Option<&u8>) -> Option<u8> {
    (*b? as char)
        .to_digit(16)
        .and_then(|d| u8::try_from(d).ok())
}

/// Splits a `tel:` URI body into the number and its `ext=` parameter.
fn split_tel_uri(rest: &str) -> (&str, Option<String>) {
    let mut parts = rest.split(';');
    let number = parts.next().unwrap_or("");
    let extension = parts
        .filter_map(|p| strip_prefix_ci(p.trim(), "ext="))
        .map(phone_digits)
        .find(|e| !e.is_empty());
    (number, extension)
}

/// Splits a trailing extension (`x102`, `ext. 102`, `extension 102`, `#102`, `,102`) off a
/// written number. The marker must follow something containing a digit and must not be the
/// end of a word (`1-800-FAX` is a vanity number, not an extension).
fn split_extension(s: &str) -> (&str, Option<String>) {
    let s = s.trim_end();
    let digits_start = s.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    if digits_start == s.len() || s.len() - digits_start > 10 {
        return (s, None);
    }
    let before = s[..digits_start].trim_end_matches([' ', '.', ':', '=']);
    let lower = before.to_ascii_lowercase();
    for marker in ["extension", "ext", "x", "#", ",", ";"] {
        if let Some(head) = lower.strip_suffix(marker) {
            let head_is_word = marker.starts_with(|c: char| c.is_ascii_alphabetic())
                && head.ends_with(|c: char| c.is_ascii_alphabetic());
            if !head_is_word && head.chars().any(|c| c.is_ascii_digit()) {
                return (&before[..head.len()], Some(s[digits_start..].to_owned()));
            }
        }
    }
    (s, None)
}

/// Letters to digits by the phone keypad (`FLOWERS` → `3569377`), when the text starts like
/// a number (a digit, `+` or `(`); text that starts with a word ("Mobile: …") is left as is.
fn vanity_to_digits(s: &str) -> String {
    if !s.starts_with(|c: char| c.is_ascii_digit() || c == '+' || c == '(') {
        return s.to_owned();
    }
    s.chars()
        .map(|c| match c.to_ascii_uppercase() {
            'A'..='C' => '2',
            'D'..='F' => '3',
            'G'..='I' => '4',
            'J'..='L' => '5',
            'M'..='O' => '6',
            'P'..='S' => '7',
            'T'..='V' => '8',
            'W'..='Z' => '9',
            _ => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dotless_domain_email_is_valid() {
        assert_eq!(
            email("contact1@invalid").as_deref(),
            Some("contact1@invalid")
        );
    }

    #[test]
    fn email_is_trimmed_lowercased_and_mailto_stripped() {
        assert_eq!(
            email("  MAILTO:Ana.Ruiz@Acme.COM?subject=hi ").as_deref(),
            Some("ana.ruiz@acme.com")
        );
        assert_eq!(email("Ana@Acme.com").as_deref(), Some("ana@acme.com"));
    }

    #[test]
    fn non_addresses_are_not_emails() {
        for raw in [
            "",
            "ana",
            "ana@",
            "@acme.com",
            "Ana <ana@acme.com>",
            "ana@@acme.com",
            "a b@acme.com",
        ] {
            assert_eq!(email(raw), None, "{raw}");
        }
    }

    #[test]
    fn tel_uri_with_extension() {
        let p = phone("tel:+1-418-656-9254;ext=102", None).expect("parses");
        assert_eq!(p.e164, "+14186569254");
        assert_eq!(p.extension.as_deref(), Some("102"));
        assert_eq!(p.key(), "+14186569254;ext=102");
    }

    #[test]
    fn written_extensions() {
        for raw in [
            "+1 418 656 9254 x102",
            "+1 418 656 9254 ext. 102",
            "+1 (418) 656-9254 extension 102",
            "+1 418 656 9254x102",
        ] {
            let p = phone(raw, None).expect(raw);
            assert_eq!(
                (p.e164.as_str(), p.extension.as_deref()),
                ("+14186569254", Some("102")),
                "{raw}"
            );
        }
        assert_eq!(
            phone("+1 418 656 9254", None).expect("parses").extension,
            None
        );
    }

    #[test]
    fn vanity_number_uses_the_keypad() {
        let p = phone("1-800-FLOWERS", Some("US")).expect("parses");
        assert_eq!(p.e164, "+18003569377");
        assert_eq!(p.extension, None);
    }

    #[test]
    fn national_numbers_need_a_region() {
        assert_eq!(phone("030 1234567", None), None);
        let p = phone("030 1234567", Some("de")).expect("parses in DE");
        assert_eq!(p.e164, "+49301234567");
        assert_eq!(
            phone("0049 30 1234567", None).map(|p| p.e164).as_deref(),
            Some("+49301234567")
        );
        assert_eq!(
            phone("+49 (0)30 1234567", None).map(|p| p.e164).as_deref(),
            Some("+49301234567")
        );
    }

    #[test]
    fn garbage_is_not_a_phone() {
        for raw in ["", "abc", "+", "12", "tel:", "x102", "Mobile"] {
            assert_eq!(phone(raw, Some("US")), None, "{raw}");
        }
        assert_eq!(phone_digits("+1 (418) 656-9254"), "14186569254");
    }

    #[test]
    fn linkedin_url_variants_normalise_equal() {
        let expected = Some("linkedin.com/in/ana-ruiz-12ab".to_owned());
        for raw in [
            "https://de.linkedin.com/in/Ana-Ruiz-12ab/",
            "http://www.linkedin.com/in/ana-ruiz-12ab?trk=profile",
            "linkedin.com/in/ana-ruiz-12ab#about",
            "https://m.linkedin.com/in/ana-ruiz-12ab/de",
            "HTTPS://WWW.LINKEDIN.COM//in/Ana-Ruiz-12ab//",
        ] {
            assert_eq!(profile_url(raw), expected, "{raw}");
        }
    }

    #[test]
    fn url_paths_are_percent_decoded_where_safe() {
        assert_eq!(
            profile_url("https://linkedin.com/in/jos%C3%A9-p%C3%A9rez").as_deref(),
            Some("linkedin.com/in/josé-pérez")
        );
        assert_eq!(
            profile_url("https://example.com/a%2Fb").as_deref(),
            Some("example.com/a%2Fb")
        );
        assert_eq!(
            profile_url("https://twitter.com/AnaRuiz").as_deref(),
            Some("x.com/anaruiz")
        );
    }

    #[test]
    fn non_urls_are_none() {
        for raw in [
            "",
            "ana",
            "ana@acme.com",
            "https://",
            "http://localhost/x",
            "a b.com",
            "https://exa mple.com",
        ] {
            assert_eq!(profile_url(raw), None, "{raw}");
        }
    }

    #[test]
    fn regions_from_locales() {
        assert_eq!(region_from_locale("de_DE.UTF-8").as_deref(), Some("DE"));
        assert_eq!(region_from_locale("en-GB").as_deref(), Some("GB"));
        assert_eq!(region_from_locale("zh-Hans-CN").as_deref(), Some("CN"));
        assert_eq!(region_from_locale("sr_RS@latin").as_deref(), Some("RS"));
        for locale in ["C", "POSIX", "en", "", "es-419", "C.UTF-8"] {
            assert_eq!(region_from_locale(locale), None, "{locale}");
        }
    }
}
