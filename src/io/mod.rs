//! Import and export: bring a network in from where it lives today, take all of it out.
//!
//! File formats only: bytes in, model values out, and back. Nothing here opens the database
//! or calls `ops`; `ops::import` and `ops::export` do that with what these return.
//!
//! Importers (`vcard`, `csv_contacts`, `interactions_csv`, `json`) turn a file's bytes into
//! [`Incoming`] records (or rows) and say what they had to leave out; `ops::import` then
//! matches each record against the contacts already in Kith and says what would be created,
//! merged or skipped and why ([`ImportPlan`]).
//!
//! Exporters: vCard 4.0 (`vcard`), iCalendar (`ics`) and the complete JSON export (`json`,
//! documented in `docs/EXPORT.md`). Every file Kith writes is private to the user (mode
//! 0600 on Unix, see [`write_private`]).
//!
//! Nothing here reads the clock: `now` comes from the caller.

pub mod calendar;
pub mod convo;
pub mod csv_contacts;
pub mod ics;
pub mod interactions_csv;
pub mod json;
pub mod mail;
pub mod text;
pub mod vcard;

use std::path::Path;

use serde::{Deserialize, Serialize};
use strum::{AsRefStr, Display, EnumString, IntoStaticStr, VariantArray};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::model::{ContactInput, ContactRef, Photo};

/// The kinds of file `kith import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[derive(AsRefStr, Display, EnumString, IntoStaticStr, VariantArray)]
#[strum(serialize_all = "lowercase")]
pub enum ImportFormat {
    /// vCard 2.1, 3.0 or 4.0 (`.vcf`), as Google, Apple, Outlook and Android export it.
    Vcard,
    /// LinkedIn's `Connections.csv`.
    Linkedin,
    /// Google Contacts' CSV export.
    Google,
    /// Outlook's "Export to a file → Comma Separated Values" (any language, `,` or `;`).
    Outlook,
    /// Thunderbird's address book exported as CSV (comma or tab separated).
    Thunderbird,
    /// Kith's interactions CSV.
    Interactions,
    /// Kith's complete JSON export (into an empty database only).
    Json,
}

/// The kinds of file `kith export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[derive(AsRefStr, Display, EnumString, IntoStaticStr, VariantArray)]
#[strum(serialize_all = "lowercase")]
pub enum ExportFormat {
    Vcard,
    Ics,
    Json,
}

impl ExportFormat {
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Vcard => "vcf",
            ExportFormat::Ics => "ics",
            ExportFormat::Json => "json",
        }
    }
}

/// Largest photo kept, in bytes (decoded). Larger ones are left out and reported.
pub const PHOTO_MAX_BYTES: usize = 1024 * 1024;

/// One person read from a file, before it is matched against the database.
#[derive(Debug, Clone, PartialEq)]
pub struct Incoming {
    /// The line of the file where the record starts (1-based).
    pub line: u64,
    pub contact: ContactInput,
    pub photo: Option<Photo>,
}

/// What an importer read: the records, and what it had to leave out.
#[derive(Debug, Default)]
pub struct Parsed {
    pub records: Vec<Incoming>,
    pub skipped: Vec<Skipped>,
    pub notes: Vec<String>,
}

/// A record, or one field of a record, that an import leaves out, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Skipped {
    /// The line of the file (1-based) where the record starts.
    pub line: u64,
    /// The field left out (`email`, `photo`, `BDAY`...), or `None` when the whole record is.
    pub field: Option<String>,
    /// The record's name, when it has one.
    pub name: Option<String>,
    pub reason: String,
}

impl Skipped {
    pub fn record(line: u64, name: Option<&str>, reason: impl Into<String>) -> Self {
        Self {
            line,
            field: None,
            name: name.map(str::to_owned),
            reason: reason.into(),
        }
    }

    pub fn field(line: u64, field: &str, name: Option<&str>, reason: impl Into<String>) -> Self {
        Self {
            line,
            field: Some(field.to_owned()),
            name: name.map(str::to_owned),
            reason: reason.into(),
        }
    }
}

/// What an import does with one record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[derive(AsRefStr, Display, EnumString, IntoStaticStr, VariantArray)]
#[strum(serialize_all = "lowercase")]
pub enum PlanAction {
    /// A new contact.
    Create,
    /// Adds what is new to a contact already in Kith (or to an earlier record of the file).
    Merge,
    /// Nothing to do: Kith already knows all of it.
    Skip,
}

/// One record of a planned import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PlanItem {
    pub line: u64,
    pub name: String,
    pub action: PlanAction,
    /// Why, with the evidence: "not in Kith yet", "same person as Ana Ruiz (id 3): same email
    /// ana@acme.com", "not merged: possibly Bo Chen (id 2) — same name; check before merging".
    pub reason: String,
    /// The contact already in Kith it matched, if any.
    pub target: Option<ContactRef>,
    /// What a merge adds: "email ana@acme.com", "company Acme", "photo"...
    pub changes: Vec<String>,
    /// True when the record may be `target` but the evidence is not enough to merge (a
    /// shared address with different names, the same name and nothing else): it is created
    /// unless the person chooses to merge it.
    #[serde(default)]
    pub possible: bool,
}

/// The person's choice for one record of an import, overriding the plan's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportDecision {
    /// The record's line.
    pub line: u64,
    pub action: PlanAction,
    /// For a merge: the contact to merge into.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub into: Option<i64>,
}

/// What an import will do (a preview, or `--dry-run`), or did (`committed`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportPlan {
    pub format: ImportFormat,
    /// True once the import was written; false for a preview.
    pub committed: bool,
    pub items: Vec<PlanItem>,
    /// Records and fields left out, with their line and the reason.
    pub skipped: Vec<Skipped>,
    /// About the file as a whole ("read as Windows-1252").
    pub notes: Vec<String>,
    pub created: u32,
    pub merged: u32,
    pub unchanged: u32,
    /// Interactions added (LinkedIn's "Connected on LinkedIn").
    pub interactions: u32,
    /// For a JSON import: the rows restored, per table.
    pub tables: Vec<TableCount>,
    /// Once written: the import's record, to undo it (`kith import undo ID`).
    #[serde(default)]
    pub import_id: Option<i64>,
}

/// How many rows of a table a JSON import restored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TableCount {
    pub table: String,
    pub rows: u64,
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExportReport {
    pub format: ExportFormat,
    pub path: String,
    /// Contacts (vCard), events (iCalendar) or rows (JSON) written.
    pub count: u32,
    pub bytes: u64,
}

/// The format of a file to import, from its name and its first bytes; `None` when neither
/// says.
pub fn detect_format(path: &Path, bytes: &[u8]) -> Option<ImportFormat> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(8192)]).replace('\0', "");
    let head = head.trim_start_matches(['\u{feff}', '\u{fffd}', ' ', '\r', '\n', '\t']);
    let upper = head.get(..11).unwrap_or(head).to_ascii_uppercase();
    if upper.starts_with("BEGIN:VCARD") {
        return Some(ImportFormat::Vcard);
    }
    if head.starts_with('{') {
        return Some(ImportFormat::Json);
    }
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    match ext.as_deref() {
        Some("vcf" | "vcard") => return Some(ImportFormat::Vcard),
        Some("json") => return Some(ImportFormat::Json),
        _ => {}
    }
    csv_contacts::detect(&sniff_text(bytes))
}

/// The start of a file as text for sniffing a CSV header: decoded as an import decodes it
/// (UTF-16, the detected code page), so localized column names ("Prénom", "Straße") read.
fn sniff_text(bytes: &[u8]) -> String {
    let mut sample = &bytes[..bytes.len().min(8192)];
    if let Err(e) = std::str::from_utf8(sample) {
        if e.error_len().is_none() {
            // Cut inside a character: end before it.
            sample = &sample[..e.valid_up_to()];
        }
    }
    let even = sample.len() & !1;
    text::decode(sample, "")
        .or_else(|_| text::decode(&sample[..even], ""))
        .map(|d| d.text)
        .unwrap_or_else(|_| String::from_utf8_lossy(sample).replace('\0', ""))
}

/// Reads a file to import, refusing one too large before reading it.
pub fn read_import_file(path: &Path) -> Result<Vec<u8>> {
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, &e))?;
    if meta.is_dir() {
        let err = std::io::Error::from(std::io::ErrorKind::IsADirectory);
        return Err(Error::io(path, &err));
    }
    if meta.len() > text::MAX_IMPORT_BYTES as u64 {
        return Err(Error::Io {
            path: path.display().to_string(),
            message: format!(
                "the file is {} MB; Kith imports files of up to {} MB",
                meta.len() / (1024 * 1024),
                text::MAX_IMPORT_BYTES / (1024 * 1024)
            ),
        });
    }
    std::fs::read(path).map_err(|e| Error::io(path, &e))
}

/// Parses `bytes` as `format` (no database needed).
pub fn parse(bytes: &[u8], format: ImportFormat, path: &str) -> Result<Parsed> {
    match format {
        ImportFormat::Vcard => vcard::parse(bytes, path),
        ImportFormat::Linkedin
        | ImportFormat::Google
        | ImportFormat::Outlook
        | ImportFormat::Thunderbird => {
            let decoded = text::decode(bytes, path)?;
            let mut parsed = csv_contacts::parse(&decoded.text, format, path)?;
            parsed.notes.extend(decoded.note);
            Ok(parsed)
        }
        // Interactions are not contacts: `Store::import_interactions_csv` reads them.
        ImportFormat::Interactions => Err(Error::invalid(
            "format",
            "a CSV of interactions is imported with `kith import FILE --format interactions`",
        )),
        ImportFormat::Json => Err(Error::invalid(
            "format",
            "a JSON export is restored whole, not parsed as contacts",
        )),
    }
}

/// Writes `bytes` to `path` atomically (a temporary file beside it, then a rename) and
/// readable by the user only (mode 0600 on Unix): exports hold private data.
pub fn write_private(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| Error::Io {
            path: path.display().to_string(),
            message: "is not a file name".into(),
        })?;
    let tmp = dir.join(format!(".{name}.kith-tmp"));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let result = (|| {
        let mut file = options.open(&tmp)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
        }
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    result.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Error::io(path, &e)
    })
}

#[cfg(test)]
mod tests {
    use crate::model::tests::text_is_serde_name;

    #[test]
    fn format_text_forms_are_the_serde_names() {
        text_is_serde_name::<super::ImportFormat>();
        text_is_serde_name::<super::ExportFormat>();
        text_is_serde_name::<super::PlanAction>();
    }
}
