//! How a failure reaches the user: exactly one line on stderr, `kith: error: ...`, or with
//! `--json` one JSON object `{"error": {"type", "data"}, "message"}` whose `error` is the
//! core's [`kith::Error`] as the app receives it (failures outside the core have type
//! `other`). The caller then exits with status 1.
//!
//! The core names invalid fields as the app's forms do (`occurredAt`, `channels[1]`); the
//! human message names the flag the user typed instead (`--at`, `--email`), while the JSON
//! `error` keeps the core's field names, which scripts may match on.

use std::fmt;
use std::io::Write;

use kith::stderr_log::escape_controls;
use kith::Error;

/// A core error, with its message rewritten to name the CLI's flags.
#[derive(Debug)]
pub struct Failure {
    pub error: Error,
    pub message: String,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Failure {}

/// Renames the fields of an `Invalid` error to flags, with `flag` (which returns `None` to
/// keep a field's own name).
pub trait WithFlags<T> {
    fn flags(self, flag: &dyn Fn(&str) -> Option<String>) -> anyhow::Result<T>;
}

impl<T> WithFlags<T> for kith::Result<T> {
    fn flags(self, flag: &dyn Fn(&str) -> Option<String>) -> anyhow::Result<T> {
        self.map_err(|error| match &error {
            Error::Invalid { fields } => {
                let message = fields
                    .iter()
                    .map(|f| {
                        let name = flag(&f.field)
                            .or_else(|| common_flag(&f.field).map(str::to_owned))
                            .unwrap_or_else(|| f.field.clone());
                        format!("{name}: {}", f.message)
                    })
                    .collect::<Vec<_>>()
                    .join("; ");
                anyhow::Error::new(Failure { error, message })
            }
            _ => error.into(),
        })
    }
}

/// The flag behind a core field name that means the same in every verb.
pub fn common_flag(field: &str) -> Option<&'static str> {
    Some(match split_index(field).0 {
        "company" => "--company",
        "role" => "--role",
        "location" => "--location",
        "metHow" => "--met-how",
        "metOn" => "--met-on",
        "cadenceDays" => "--cadence",
        "introducedBy" => "--introduced-by",
        "tags" => "--tag",
        "interests" => "--interest",
        "participants" => "--with",
        "occurredAt" => "--at",
        "summary" => "--summary",
        "quality" => "--quality",
        "followUp" => "--follow-up",
        "limit" => "--limit",
        "offset" => "--offset",
        _ => return None,
    })
}

/// `channels[2].label` -> (`channels`, Some(2), `.label`); `name` -> (`name`, None, ``).
pub fn split_index(field: &str) -> (&str, Option<usize>, &str) {
    let Some((base, rest)) = field.split_once('[') else {
        return (field, None, "");
    };
    match rest.split_once(']') {
        Some((index, tail)) => (base, index.parse().ok(), tail),
        None => (field, None, ""),
    }
}

/// Writes `err` to stderr as one line (or one JSON object).
pub fn report(err: &anyhow::Error, json: bool) {
    let (error, message) = if let Some(failure) = err.downcast_ref::<Failure>() {
        (to_json(&failure.error), failure.message.clone())
    } else if let Some(core) = err.downcast_ref::<Error>() {
        (to_json(core), format!("{err:#}"))
    } else {
        let message = format!("{err:#}");
        (
            serde_json::json!({ "type": "other", "data": { "message": message } }),
            message,
        )
    };
    let mut stderr = std::io::stderr().lock();
    let _ = if json {
        let value = serde_json::json!({ "error": error, "message": message });
        writeln!(stderr, "{value}")
    } else {
        writeln!(stderr, "kith: error: {}", escape_controls(&message))
    };
}

/// A problem that does not stop the verb (the daily backup failed): one line on stderr.
pub fn warn(message: &str) {
    let _ = writeln!(
        std::io::stderr().lock(),
        "kith: warning: {}",
        escape_controls(message)
    );
}

fn to_json(error: &Error) -> serde_json::Value {
    serde_json::to_value(error).unwrap_or_default()
}

/// True when `err` comes from writing to a pipe whose reader went away (`kith ... | head`):
/// not a failure worth reporting.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_indexed_field_names() {
        assert_eq!(split_index("name"), ("name", None, ""));
        assert_eq!(split_index("channels[2]"), ("channels", Some(2), ""));
        assert_eq!(
            split_index("channels[10].label"),
            ("channels", Some(10), ".label")
        );
    }

    #[test]
    fn renames_fields_to_flags_but_keeps_the_core_error() {
        let err: kith::Result<()> = Err(Error::Invalid {
            fields: vec![
                kith::FieldError::new("occurredAt", "too late"),
                kith::FieldError::new("notes", "too long"),
                kith::FieldError::new("help[0]", "same person"),
            ],
        });
        let err = err
            .flags(&|f| (f == "help[0]").then(|| "--gave-help".to_owned()))
            .unwrap_err();
        let failure = err.downcast_ref::<Failure>().unwrap();
        assert_eq!(
            failure.message,
            "--at: too late; notes: too long; --gave-help: same person"
        );
        assert!(matches!(failure.error, Error::Invalid { .. }));
    }

    #[test]
    fn escapes_line_breaks() {
        assert_eq!(escape_controls("a\nb\tc"), "a\\nb\\tc");
    }
}
