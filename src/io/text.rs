//! Turning an imported file's bytes into text.
//!
//! Exports in the wild come in UTF-8 (with or without a byte-order mark), UTF-16 (Excel's
//! "Unicode text", some Windows tools) and the Windows code page of the machine that wrote
//! them (older Outlook and Excel CSVs: Windows-1252 in Western Europe, Windows-1250 in Czechia
//! or Poland, Windows-1251 in Russia...). UTF-16 is recognised by its byte-order mark or by the
//! pattern of zero bytes ASCII text leaves in it; for bytes that are not valid UTF-8 the code
//! page is detected from the bytes ([`detect_legacy`]), and the import says which it read. Binary data (an image, a zip, a database
//! renamed `.csv`) is refused with a message naming the byte where it was found.
//!
//! Also the two line helpers the readers and writers share: [`one_line`] for a value meant
//! for one line, and [`push_line`] for a folded content line of vCard and iCalendar (with
//! [`escape_text`] for its value).

use encoding_rs::Encoding;

use crate::error::{Error, Result};

/// Largest file an import reads. A 50 MB export of 100,000 people is fine.
pub const MAX_IMPORT_BYTES: usize = 256 * 1024 * 1024;

/// A file decoded to text, with a note for the user when the encoding was guessed.
#[derive(Debug)]
pub struct Decoded {
    pub text: String,
    pub note: Option<String>,
}

/// Decodes `bytes` (the whole file) to text; see the module docs for the rules.
pub fn decode(bytes: &[u8], path: &str) -> Result<Decoded> {
    if bytes.len() > MAX_IMPORT_BYTES {
        return Err(Error::Io {
            path: path.to_owned(),
            message: format!(
                "the file is {} MB; Kith imports files of up to {} MB",
                bytes.len() / (1024 * 1024),
                MAX_IMPORT_BYTES / (1024 * 1024)
            ),
        });
    }
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return utf8(rest, path, None);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return utf16(rest, encoding_rs::UTF_16LE, path, "UTF-16");
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return utf16(rest, encoding_rs::UTF_16BE, path, "UTF-16");
    }
    if let Some(le) = looks_like_utf16(bytes) {
        let enc = if le {
            encoding_rs::UTF_16LE
        } else {
            encoding_rs::UTF_16BE
        };
        return utf16(bytes, enc, path, "UTF-16 (no byte-order mark)");
    }
    match std::str::from_utf8(bytes) {
        Ok(_) => utf8(bytes, path, None),
        Err(_) => {
            check_not_binary(bytes, path)?;
            let encoding = detect_legacy(bytes);
            let (text, _) = encoding.decode_without_bom_handling(bytes);
            Ok(Decoded {
                text: text.into_owned(),
                note: Some(legacy_note(encoding)),
            })
        }
    }
}

/// The legacy code page that text which is not UTF-8 is most likely in, from its bytes:
/// Windows-1252 for Western European, Windows-1250 for Central European (Czech, Polish...),
/// Windows-1251 or KOI8-R for Cyrillic, Shift_JIS for Japanese, and so on. The detector is
/// chardetng (Firefox's); where the bytes fit several, it leans Western European. It reads
/// the lines that are not plain ASCII (the others tell nothing), up to [`DETECT_SAMPLE_BYTES`]
/// of them: thousands of names, and a bounded time whatever the file's size.
pub(crate) fn detect_legacy(bytes: &[u8]) -> &'static Encoding {
    let mut detector = chardetng::EncodingDetector::new();
    let mut left = DETECT_SAMPLE_BYTES;
    for line in bytes.split_inclusive(|b| *b == b'\n') {
        if left == 0 {
            break;
        }
        if !line.is_ascii() {
            let take = &line[..line.len().min(left)];
            detector.feed(take, false);
            left -= take.len();
        }
    }
    detector.feed(b"", true);
    detector.guess(None, false)
}

/// How much of a file [`detect_legacy`] reads.
pub const DETECT_SAMPLE_BYTES: usize = 64 * 1024;

/// What an import says of a file read in the legacy `encoding`.
pub(crate) fn legacy_note(encoding: &'static Encoding) -> String {
    format!(
        "the file is not UTF-8: it was read as {}; if names look wrong, save it as UTF-8 and \
         import it again",
        describe(encoding)
    )
}

/// A code page's name with the script or languages it is for: "Windows-1250 (Central
/// European)".
fn describe(encoding: &'static Encoding) -> String {
    let what = match encoding.name() {
        "windows-1252" => "Windows-1252 (Western European)",
        "windows-1250" => "Windows-1250 (Central European)",
        "ISO-8859-2" => "ISO-8859-2 (Central European)",
        "windows-1251" => "Windows-1251 (Cyrillic)",
        "KOI8-R" => "KOI8-R (Cyrillic)",
        // chardetng names KOI8-U for both: a superset of KOI8-R, Russian reads the same.
        "KOI8-U" => "KOI8-R / KOI8-U (Cyrillic)",
        "IBM866" => "IBM866 (Cyrillic)",
        "ISO-8859-5" => "ISO-8859-5 (Cyrillic)",
        "windows-1253" => "Windows-1253 (Greek)",
        "ISO-8859-7" => "ISO-8859-7 (Greek)",
        "windows-1254" => "Windows-1254 (Turkish)",
        "windows-1257" => "Windows-1257 (Baltic)",
        "ISO-8859-4" => "ISO-8859-4 (Baltic)",
        "ISO-8859-13" => "ISO-8859-13 (Baltic)",
        "windows-1255" => "Windows-1255 (Hebrew)",
        "ISO-8859-8" => "ISO-8859-8 (Hebrew)",
        "windows-1256" => "Windows-1256 (Arabic)",
        "ISO-8859-6" => "ISO-8859-6 (Arabic)",
        "windows-874" => "Windows-874 (Thai)",
        "windows-1258" => "Windows-1258 (Vietnamese)",
        "Shift_JIS" => "Shift_JIS (Japanese)",
        "EUC-JP" => "EUC-JP (Japanese)",
        "ISO-2022-JP" => "ISO-2022-JP (Japanese)",
        "EUC-KR" => "EUC-KR (Korean)",
        "GBK" => "GBK (Simplified Chinese)",
        "gb18030" => "GB18030 (Simplified Chinese)",
        "Big5" => "Big5 (Traditional Chinese)",
        other => other,
    };
    what.to_owned()
}

/// A file for a reader that works on bytes (vCard, whose properties may each declare a
/// character set): the bytes to read, with a UTF-8 byte-order mark dropped and UTF-16 turned
/// into UTF-8.
#[derive(Debug)]
pub(crate) struct RawText<'a> {
    pub bytes: std::borrow::Cow<'a, [u8]>,
    /// The file was UTF-16: its text is Unicode now, whatever it declares inside.
    pub transcoded: bool,
    pub note: Option<String>,
}

/// Checks the size and that `bytes` are text (see [`decode`]), without decoding them, except
/// for UTF-16, which is decoded.
pub(crate) fn raw_text<'a>(bytes: &'a [u8], path: &str) -> Result<RawText<'a>> {
    let utf16 = bytes.starts_with(b"\xFF\xFE")
        || bytes.starts_with(b"\xFE\xFF")
        || (!bytes.starts_with(b"\xEF\xBB\xBF") && looks_like_utf16(bytes).is_some());
    if utf16 || bytes.len() > MAX_IMPORT_BYTES {
        let decoded = decode(bytes, path)?;
        return Ok(RawText {
            bytes: std::borrow::Cow::Owned(decoded.text.into_bytes()),
            transcoded: true,
            note: decoded.note,
        });
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    check_not_binary(bytes, path)?;
    Ok(RawText {
        bytes: std::borrow::Cow::Borrowed(bytes),
        transcoded: false,
        note: None,
    })
}

fn utf8(bytes: &[u8], path: &str, note: Option<String>) -> Result<Decoded> {
    check_not_binary(bytes, path)?;
    let text = match std::str::from_utf8(bytes) {
        Ok(s) => s.to_owned(),
        Err(e) => {
            return Err(Error::Io {
                path: path.to_owned(),
                message: format!(
                    "the file says it is UTF-8 but byte {} is not; save it as UTF-8 and try again",
                    e.valid_up_to() + 1
                ),
            })
        }
    };
    Ok(Decoded { text, note })
}

fn utf16(bytes: &[u8], enc: &'static Encoding, path: &str, what: &str) -> Result<Decoded> {
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    if had_errors {
        return Err(Error::Io {
            path: path.to_owned(),
            message: format!("the file looks like {what} but is not valid {what}"),
        });
    }
    let text = text.into_owned();
    check_not_binary(text.as_bytes(), path)?;
    Ok(Decoded {
        text,
        note: Some(format!("the file was read as {what}")),
    })
}

/// `Some(true)` for UTF-16LE, `Some(false)` for UTF-16BE: ASCII text in UTF-16 has a zero
/// byte in every other position.
fn looks_like_utf16(bytes: &[u8]) -> Option<bool> {
    let sample = &bytes[..bytes.len().min(4096) & !1];
    if sample.len() < 4 {
        return None;
    }
    let pairs = sample.len() / 2;
    let even_zero = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd_zero = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|&&b| b == 0)
        .count();
    if odd_zero * 10 >= pairs * 7 && even_zero * 10 <= pairs {
        Some(true)
    } else if even_zero * 10 >= pairs * 7 && odd_zero * 10 <= pairs {
        Some(false)
    } else {
        None
    }
}

/// Refuses data with NUL bytes or many control characters: not a text export.
fn check_not_binary(bytes: &[u8], path: &str) -> Result<()> {
    let sample = &bytes[..bytes.len().min(64 * 1024)];
    let control = |b: &u8| *b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c | 0x1a);
    let first = sample.iter().position(|b| *b == 0);
    let count = sample.iter().filter(|b| control(b)).count();
    if first.is_some() || count * 100 > sample.len().max(1) * 2 {
        let at = first
            .or_else(|| sample.iter().position(control))
            .unwrap_or(0);
        return Err(Error::Io {
            path: path.to_owned(),
            message: format!(
                "this is not a text file (binary data at byte {}): export your contacts as \
                 vCard (.vcf), CSV or Kith JSON and import that",
                at + 1
            ),
        });
    }
    Ok(())
}

/// Collapses a value meant for one line (a name, a company) to one line.
pub(crate) fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Appends one content line of vCard or iCalendar, folded at 75 octets (never inside a
/// character).
pub(crate) fn push_line(out: &mut String, line: &str) {
    let mut width = 0;
    for ch in line.chars() {
        let len = ch.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(ch);
        width += len;
    }
    out.push_str("\r\n");
}

/// Escapes a TEXT value of vCard (RFC 6350 3.4) and iCalendar (RFC 5545 3.3.11): backslash,
/// comma, semicolon and line break; the other characters `dropped` says are left out.
pub(crate) fn escape_text(s: &str, dropped: impl Fn(char) -> bool) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            ',' => out.push_str("\\,"),
            ';' => out.push_str("\\;"),
            '\n' => out.push_str("\\n"),
            c if dropped(c) => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_common_encoding() {
        let utf16le: Vec<u8> = "Name,Müller\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(decode(&utf16le, "f").unwrap().text, "Name,Müller\n");
        let mut bom = vec![0xFE, 0xFF];
        bom.extend("Zoë".encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(decode(&bom, "f").unwrap().text, "Zoë");
        assert_eq!(decode(b"\xEF\xBB\xBFAna", "f").unwrap().text, "Ana");
        let latin1 = decode(b"M\xfcller", "f").unwrap();
        assert_eq!(latin1.text, "Müller");
        assert!(latin1.note.unwrap().contains("Windows-1252"));
    }

    /// Text in a legacy code page: decoded in the code page detected from its bytes, and the
    /// note says which.
    fn read_as(text: &str, encoding: &'static Encoding) -> Decoded {
        let (bytes, _, unmappable) = encoding.encode(text);
        assert!(!unmappable, "{text} in {}", encoding.name());
        let decoded = decode(&bytes, "f").unwrap();
        assert_eq!(decoded.text, text, "read as {}", encoding.name());
        decoded
    }

    #[test]
    fn detects_the_windows_code_page_and_cyrillic_koi8_r() {
        let cases = [
            (
                "First Name,Last Name,Company,City\r\nAntonín,Dvořák,Dvořák a syn,Praha\r\n\
                 Jiří,Šťastný,Šťastný & Růžička,Brno\r\nŁukasz,Żółw,Wytwórnia,Łódź\r\n",
                encoding_rs::WINDOWS_1250,
                "Windows-1250 (Central European)",
            ),
            (
                "First Name,Last Name,City\r\nСергей,Иванов,Москва\r\nОльга,Петренко,Київ\r\n",
                encoding_rs::WINDOWS_1251,
                "Windows-1251 (Cyrillic)",
            ),
            (
                "Имя,Фамилия,Город\nСергей,Иванов,Москва\nАнна,Смирнова,Санкт-Петербург\n",
                encoding_rs::KOI8_R,
                "KOI8-R / KOI8-U (Cyrillic)",
            ),
            (
                "Vorname;Nachname;Straße privat\r\nJürgen;Müller;Königstraße 12\r\n",
                encoding_rs::WINDOWS_1252,
                "Windows-1252 (Western European)",
            ),
        ];
        for (text, encoding, named) in cases {
            let decoded = read_as(text, encoding);
            let note = decoded.note.unwrap_or_default();
            assert!(note.contains(&format!("read as {named}")), "{note}");
        }
    }

    #[test]
    fn refuses_binary() {
        let err = decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "x.csv").unwrap_err();
        assert!(err.to_string().contains("not a text file"), "{err}");
    }
}
