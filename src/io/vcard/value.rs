//! A property's value as text: structure (`;` components, `,` lists), backslash escapes by
//! version, quoted-printable, and the character set (its `CHARSET`, else the file's).

use std::cell::Cell;

use encoding_rs::Encoding;

use super::lex::{Prop, RawCard};
use crate::io::text;

/// The escaping rules of a card's `VERSION`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) enum Version {
    /// 2.1: only `\;` is an escape.
    V21,
    V30,
    /// 4.0: 3.0's escapes, and `^n`, `^^`, `^'` in parameter values (RFC 6868).
    #[default]
    V40,
}

impl Version {
    pub fn of(value: &str) -> Self {
        match value.trim() {
            "2.1" | "2.0" | "1.0" => Self::V21,
            "3.0" => Self::V30,
            _ => Self::V40,
        }
    }
}

/// What the whole file says about decoding its values.
#[derive(Debug)]
pub(super) struct FileText {
    /// The file was UTF-16 and has been turned into UTF-8: its raw values are Unicode
    /// already, whatever their `CHARSET` says.
    pub transcoded: bool,
    /// The file's own encoding when it is not UTF-8 (values without a `CHARSET` that are
    /// not UTF-8), detected from those values; `None` for UTF-8 (or plain ASCII).
    pub legacy: Option<&'static Encoding>,
    /// Set to the code page some value was read in when the file as a whole gave no hint.
    pub guessed: Cell<Option<&'static Encoding>>,
}

impl FileText {
    /// Looks at every value that has no `CHARSET` parameter, quoted-printable ones decoded:
    /// if one is not UTF-8, the file is in a legacy code page, detected from all of them
    /// (see [`text::detect_legacy`]).
    pub fn detect(cards: &[RawCard], transcoded: bool) -> Self {
        let mut sample = Vec::new();
        for prop in cards.iter().flat_map(|c| &c.props).filter(|_| !transcoded) {
            if prop.params.iter().any(|p| p.name == "CHARSET") {
                continue;
            }
            let qp;
            let bytes = if is_quoted_printable(prop) {
                qp = quoted_printable(&prop.value);
                &qp
            } else {
                &prop.value
            };
            if !bytes.is_ascii() && std::str::from_utf8(bytes).is_err() {
                sample.extend_from_slice(bytes);
                sample.push(b'\n');
            }
        }
        Self {
            transcoded,
            legacy: (!sample.is_empty()).then(|| text::detect_legacy(&sample)),
            guessed: Cell::new(None),
        }
    }

    /// Text from bytes with no known charset: UTF-8 if they are, else the file's legacy
    /// encoding (detected from these bytes alone when the file gave no hint).
    fn guess(&self, bytes: &[u8]) -> String {
        if let Some(enc) = self.legacy {
            return enc.decode_without_bom_handling(bytes).0.into_owned();
        }
        match std::str::from_utf8(bytes) {
            Ok(s) => s.to_owned(),
            Err(_) => {
                let enc = text::detect_legacy(bytes);
                self.guessed.set(Some(enc));
                enc.decode_without_bom_handling(bytes).0.into_owned()
            }
        }
    }
}

/// `ENCODING=QUOTED-PRINTABLE` (or `Q`, or 2.1's bare `QUOTED-PRINTABLE`).
fn is_quoted_printable(prop: &Prop) -> bool {
    prop.params
        .iter()
        .filter(|p| p.name == "ENCODING")
        .flat_map(|p| &p.values)
        .any(|e| e.eq_ignore_ascii_case("QUOTED-PRINTABLE") || e.eq_ignore_ascii_case("Q"))
}

/// Splits raw value bytes on `sep` where it is not escaped by a backslash.
fn split_raw(raw: &[u8], sep: u8) -> Vec<&[u8]> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < raw.len() {
        if raw[i] == b'\\' {
            i += 2;
            continue;
        }
        if raw[i] == sep {
            out.push(&raw[start..i]);
            start = i + 1;
        }
        i += 1;
    }
    out.push(&raw[start.min(raw.len())..]);
    out
}

/// Resolves backslash escapes (RFC 6350 3.4; Google's `\:` too). An unknown escape keeps its
/// backslash.
fn unescape(raw: &[u8], version: Version) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        let b = raw[i];
        let next = raw.get(i + 1).copied();
        if b == b'\\' {
            let resolved = match (version, next) {
                (_, Some(b';')) => Some(b';'),
                (Version::V21, _) => None,
                (_, Some(b'n' | b'N')) => Some(b'\n'),
                (_, Some(c @ (b'\\' | b',' | b':'))) => Some(c),
                _ => None,
            };
            if let Some(r) = resolved {
                out.push(r);
                i += 2;
                continue;
            }
        }
        out.push(b);
        i += 1;
    }
    out
}

/// Decodes quoted-printable `=XX` octets; anything malformed is kept as written.
pub(super) fn quoted_printable(raw: &[u8]) -> Vec<u8> {
    let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        if raw[i] == b'=' {
            if let (Some(h), Some(l)) = (
                raw.get(i + 1).copied().and_then(hex),
                raw.get(i + 2).copied().and_then(hex),
            ) {
                out.push(h << 4 | l);
                i += 3;
                continue;
            }
        }
        out.push(raw[i]);
        i += 1;
    }
    out
}

/// RFC 6868 parameter value encoding (4.0 only).
fn caret_decode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        let resolved = match (c, chars.peek()) {
            ('^', Some('n')) => Some('\n'),
            ('^', Some('^')) => Some('^'),
            ('^', Some('\'')) => Some('"'),
            _ => None,
        };
        match resolved {
            Some(r) => {
                out.push(r);
                chars.next();
            }
            None => out.push(c),
        }
    }
    out
}

/// A property read with its card's version and the file's encoding.
pub(super) struct Value<'p> {
    pub prop: &'p Prop,
    pub version: Version,
    pub file: &'p FileText,
}

impl Value<'_> {
    /// Values of parameter `name` (uppercase), as written.
    pub fn param(&self, name: &str) -> Vec<String> {
        self.prop
            .params
            .iter()
            .filter(|p| p.name == name)
            .flat_map(|p| p.values.iter())
            .map(|v| {
                if self.version == Version::V40 {
                    caret_decode(v)
                } else {
                    v.clone()
                }
            })
            .collect()
    }

    pub fn has_param(&self, name: &str) -> bool {
        self.prop.params.iter().any(|p| p.name == name)
    }

    /// `TYPE` values (and 2.1 bare types), lowercase, as written, each once.
    pub fn types(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        // A quoted list (`TYPE="voice,cell"`, as iOS writes it) is a list too.
        for t in self.param("TYPE").iter().flat_map(|t| t.split(',')) {
            let t = t.trim().to_ascii_lowercase();
            if !t.is_empty() && !out.contains(&t) {
                out.push(t);
            }
        }
        out
    }

    pub fn is_quoted_printable(&self) -> bool {
        is_quoted_printable(self.prop)
    }

    pub fn is_base64(&self) -> bool {
        self.param("ENCODING")
            .iter()
            .any(|e| e.eq_ignore_ascii_case("b") || e.eq_ignore_ascii_case("base64"))
            || self.types().iter().any(|t| t == "base64")
    }

    fn charset(&self) -> Option<&'static Encoding> {
        self.param("CHARSET")
            .first()
            .and_then(|l| Encoding::for_label(l.trim().as_bytes()))
    }

    /// One unescaped piece of the value as text.
    fn decode(&self, raw: &[u8]) -> String {
        let bytes = unescape(raw, self.version);
        let declared = self.charset();
        if self.is_quoted_printable() {
            let octets = quoted_printable(&bytes);
            return match declared {
                Some(enc) if enc != encoding_rs::UTF_8 => {
                    enc.decode_without_bom_handling(&octets).0.into_owned()
                }
                _ => self.file.guess(&octets),
            };
        }
        if self.file.transcoded {
            return String::from_utf8_lossy(&bytes).into_owned();
        }
        match declared {
            // A single-byte charset declared on bytes that are UTF-8 (a file re-saved as
            // UTF-8 by an editor): the bytes win.
            Some(enc)
                if enc != encoding_rs::UTF_8
                    && !(enc.is_single_byte()
                        && !bytes.is_ascii()
                        && std::str::from_utf8(&bytes).is_ok()) =>
            {
                enc.decode_without_bom_handling(&bytes).0.into_owned()
            }
            _ => self.file.guess(&bytes),
        }
    }

    /// The whole value as text, its `;` and `,` literal.
    pub fn text(&self) -> String {
        self.decode(&self.prop.value)
    }

    /// The value as raw ASCII (a photo's base64, a URI), escapes not resolved.
    pub fn raw(&self) -> String {
        String::from_utf8_lossy(&self.prop.value).into_owned()
    }

    /// The `;`-separated components (`N`, `ORG`, `ADR`), each as text.
    pub fn components(&self) -> Vec<String> {
        split_raw(&self.prop.value, b';')
            .into_iter()
            .take(32)
            .map(|c| self.decode(c))
            .collect()
    }

    /// The `;`-separated components, each split on `,` into its items (trimmed, non-empty).
    pub fn component_lists(&self) -> Vec<Vec<String>> {
        split_raw(&self.prop.value, b';')
            .into_iter()
            .take(32)
            .map(|c| self.items(c))
            .collect()
    }

    /// The `,`-separated items of the whole value (`CATEGORIES`, `NICKNAME`).
    pub fn list(&self) -> Vec<String> {
        self.items(&self.prop.value)
    }

    fn items(&self, raw: &[u8]) -> Vec<String> {
        split_raw(raw, b',')
            .into_iter()
            .map(|i| text::one_line(&self.decode(i)))
            .filter(|i| !i.is_empty())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_unescapes_by_version() {
        assert_eq!(split_raw(b"a\\;b;c", b';'), [&b"a\\;b"[..], b"c"]);
        assert_eq!(
            unescape(b"a\\;b\\,c\\nd\\:e\\x", Version::V30),
            b"a;b,c\nd:e\\x"
        );
        assert_eq!(unescape(b"C:\\dir\\n\\;", Version::V21), b"C:\\dir\\n;");
        assert_eq!(caret_decode("a^nb^^c^'d^x"), "a\nb^c\"d^x");
        assert_eq!(
            quoted_printable(b"M=C3=BCller =XY="),
            "Müller =XY=".as_bytes()
        );
    }
}
