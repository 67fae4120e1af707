//! Turning an imported file's bytes into text.
//!
//! Exports in the wild come in UTF-8 (with or without a byte-order mark), UTF-16 (Excel's
//! "Unicode text", some Windows tools) and Windows-1252 / Latin-1 (older Outlook and Excel
//! CSVs). UTF-16 is recognised by its byte-order mark or by the pattern of zero bytes ASCII
//! text leaves in it; bytes that are not valid UTF-8 are read as Windows-1252 (a superset of
//! the printable Latin-1) and the import says so. Binary data (an image, a zip, a database
//! renamed `.csv`) is refused with a message naming the byte where it was found.
//!
//! Also the two line helpers the readers and writers share: [`one_line`] for a value meant
//! for one line, and [`push_line`] for a folded content line of vCard and iCalendar (with
//! [`escape_text`] for its value).

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
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            Ok(Decoded {
                text: text.into_owned(),
                note: Some(
                    "the file is not UTF-8: it was read as Windows-1252 (Western European); \
                     if names look wrong, save it as UTF-8 and import it again"
                        .into(),
                ),
            })
        }
    }
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

fn utf16(
    bytes: &[u8],
    enc: &'static encoding_rs::Encoding,
    path: &str,
    what: &str,
) -> Result<Decoded> {
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

    #[test]
    fn refuses_binary() {
        let err = decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "x.csv").unwrap_err();
        assert!(err.to_string().contains("not a text file"), "{err}");
    }
}
