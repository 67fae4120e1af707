//! Plain data types shared by the store, the CLI and the UI.
//!
//! These are the source of truth for the front end: `tests/bindings.rs` generates
//! `ui/src/bindings.ts` from them and fails when the committed file is stale. Field names
//! cross the IPC boundary in camelCase. Input types (`New*`) carry their own validation, so
//! the app and the CLI accept and refuse exactly the same things.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, FieldError, Result};

/// Longest name, company or role accepted, in characters. Long enough for any real name
/// (the longest in common use are well under 100), short enough to keep lists legible.
pub const NAME_MAX_CHARS: usize = 200;
/// RFC 5321's limit on the length of an address in a mail path.
pub const EMAIL_MAX_CHARS: usize = 254;

/// A person the user knows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Contact {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub company: Option<String>,
    pub role: Option<String>,
    pub email: Option<String>,
    #[ts(type = "string")]
    pub created_at: DateTime<Utc>,
    #[ts(type = "string")]
    pub updated_at: DateTime<Utc>,
}

/// What the user typed to create a contact. Validate with [`NewContact::validated`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NewContact {
    pub name: String,
    #[serde(default)]
    #[ts(optional = nullable)]
    pub company: Option<String>,
    #[serde(default)]
    #[ts(optional = nullable)]
    pub role: Option<String>,
    #[serde(default)]
    #[ts(optional = nullable)]
    pub email: Option<String>,
}

impl NewContact {
    /// Trims every field, turns blank optional fields into `None`, and checks every field,
    /// reporting all invalid fields at once so a form can mark each of them.
    pub fn validated(self) -> Result<Self> {
        let mut errors = Vec::new();
        let name = self.name.trim().to_owned();
        if name.is_empty() {
            errors.push(FieldError::new("name", "a name is required"));
        } else {
            check_text("name", &name, NAME_MAX_CHARS, &mut errors);
        }
        let company = optional(self.company);
        if let Some(c) = &company {
            check_text("company", c, NAME_MAX_CHARS, &mut errors);
        }
        let role = optional(self.role);
        if let Some(r) = &role {
            check_text("role", r, NAME_MAX_CHARS, &mut errors);
        }
        let email = optional(self.email);
        if let Some(e) = &email {
            if let Some(message) = email_problem(e) {
                errors.push(FieldError::new("email", message));
            }
        }
        if errors.is_empty() {
            Ok(Self {
                name,
                company,
                role,
                email,
            })
        } else {
            Err(Error::Invalid { fields: errors })
        }
    }
}

fn optional(value: Option<String>) -> Option<String> {
    value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

fn check_text(field: &str, value: &str, max_chars: usize, errors: &mut Vec<FieldError>) {
    let chars = value.chars().count();
    if chars > max_chars {
        errors.push(FieldError::new(
            field,
            format!("too long: {chars} characters (the limit is {max_chars})"),
        ));
    } else if value.chars().any(char::is_control) {
        errors.push(FieldError::new(
            field,
            "line breaks, tabs and other control characters are not allowed",
        ));
    }
}

fn email_problem(email: &str) -> Option<String> {
    let chars = email.chars().count();
    if chars > EMAIL_MAX_CHARS {
        return Some(format!(
            "too long: {chars} characters (an email address has at most {EMAIL_MAX_CHARS})"
        ));
    }
    let options = email_address::Options::default().without_display_text();
    match email_address::EmailAddress::parse_with_options(email, options) {
        // The crate accepts dotless domains (`a@localhost`), which are never a person's
        // address in a CRM and almost always a typo.
        Ok(parsed) if !parsed.domain().contains('.') => Some(format!(
            "\"{email}\" is not a valid email address (the domain has no dot)"
        )),
        Ok(_) => None,
        Err(e) => Some(format!(
            "\"{email}\" is not a valid email address ({})",
            e.to_string().trim_end_matches('.').to_lowercase()
        )),
    }
}

/// Which slice of the contact list to return. Lists are always paged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ContactQuery {
    pub limit: u32,
    pub offset: u32,
}

impl ContactQuery {
    /// The largest page a caller may ask for: a screenful is ~50 rows.
    pub const MAX_LIMIT: u32 = 1000;
}

impl Default for ContactQuery {
    fn default() -> Self {
        Self {
            limit: 100,
            offset: 0,
        }
    }
}

/// One page of a list, with the total number of matching rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: u32,
    pub offset: u32,
}

/// Which database the app or CLI has open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DatabaseInfo {
    pub path: String,
    #[ts(type = "number")]
    pub schema_version: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(err: Error) -> Vec<String> {
        match err {
            Error::Invalid { fields } => fields.into_iter().map(|f| f.field).collect(),
            other => panic!("expected Invalid, got {other:?}"),
        }
    }

    #[test]
    fn trims_and_drops_blank_optional_fields() {
        let c = NewContact {
            name: "  Ana Ruiz ".into(),
            company: Some("  ".into()),
            role: Some(" CTO ".into()),
            email: Some(" ana@acme.com ".into()),
        }
        .validated()
        .expect("valid");
        assert_eq!(c.name, "Ana Ruiz");
        assert_eq!(c.company, None);
        assert_eq!(c.role.as_deref(), Some("CTO"));
        assert_eq!(c.email.as_deref(), Some("ana@acme.com"));
    }

    #[test]
    fn reports_every_invalid_field_at_once() {
        let err = NewContact {
            name: " \t ".into(),
            company: Some("x".repeat(NAME_MAX_CHARS + 1)),
            role: None,
            email: Some("ana at acme".into()),
        }
        .validated()
        .unwrap_err();
        assert_eq!(fields(err), ["name", "company", "email"]);
    }

    #[test]
    fn limits_count_characters_not_bytes() {
        // 200 CJK characters are 600 bytes: still a valid name.
        let name = "李".repeat(NAME_MAX_CHARS);
        assert!(NewContact {
            name,
            ..Default::default()
        }
        .validated()
        .is_ok());
        let err = NewContact {
            name: "a".repeat(10_000),
            ..Default::default()
        }
        .validated()
        .unwrap_err();
        assert!(err.to_string().contains("10000 characters"), "{err}");
    }

    #[test]
    fn rejects_malformed_emails() {
        for bad in [
            "ana",
            "ana@",
            "@acme.com",
            "ana@@acme.com",
            "ana@localhost",
            "a b@c.com",
        ] {
            let err = NewContact {
                name: "Ana".into(),
                email: Some(bad.into()),
                ..Default::default()
            }
            .validated()
            .unwrap_err();
            assert_eq!(fields(err), ["email"], "{bad} should be refused");
        }
    }

    #[test]
    fn rejects_control_characters_in_a_name() {
        let err = NewContact {
            name: "Ana\nRuiz".into(),
            ..Default::default()
        }
        .validated()
        .unwrap_err();
        assert_eq!(fields(err), ["name"]);
    }
}
