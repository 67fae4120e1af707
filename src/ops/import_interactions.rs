//! `Store::import_interactions_csv`: a history from a CSV file, all or nothing.

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset, Utc};

use crate::error::{Error, FieldError, Result};
use crate::io::interactions_csv::{self, ImportReport};
use crate::model::ContactInput;
use crate::ops::interactions::write_interaction;
use crate::store::contacts;
use crate::Store;

/// The CSV column behind a field of `NewInteraction` or `ContactInput`.
fn column(field: &str) -> &str {
    match field {
        "occurredAt" => "when",
        "participants" | "name" => "participants",
        other => other,
    }
}

impl Store {
    /// Imports the interactions of a CSV file (see [`interactions_csv`] for the format) in
    /// one transaction: every row is checked first, and any problem (named `line N, column`)
    /// means nothing is written. Unknown participants become contacts. With `dry_run`,
    /// nothing is written either way and the report says what would have been.
    pub fn import_interactions_csv(
        &mut self,
        data: &[u8],
        offset: FixedOffset,
        dry_run: bool,
        now: DateTime<Utc>,
    ) -> Result<ImportReport> {
        self.untracked(|store| store.write_interactions_csv(data, offset, dry_run, now))
    }

    /// [`Store::import_interactions_csv`], with health tracking off (a bulk write).
    fn write_interactions_csv(
        &mut self,
        data: &[u8],
        offset: FixedOffset,
        dry_run: bool,
        now: DateTime<Utc>,
    ) -> Result<ImportReport> {
        let parsed = interactions_csv::parse(data, offset)?;
        let tx = self.conn.transaction()?;
        let mut by_name: HashMap<String, Vec<i64>> = HashMap::new();
        for (id, name) in contacts::list_contact_names(&tx)? {
            by_name
                .entry(name.trim().to_lowercase())
                .or_default()
                .push(id);
        }
        let mut created: HashMap<String, i64> = HashMap::new();
        let mut matched: Vec<i64> = Vec::new();
        let mut errors: Vec<FieldError> = Vec::new();
        let mut inputs = Vec::new();
        for row in parsed.rows {
            let at = |col: &str| format!("line {}, {col}", row.line);
            let mut ids = Vec::new();
            let before = errors.len();
            for name in &row.participants {
                let key = name.to_lowercase();
                match by_name.get(&key).map(Vec::as_slice) {
                    Some([id]) => {
                        ids.push(*id);
                        matched.push(*id);
                    }
                    Some(many) if many.len() > 1 => {
                        let list: Vec<String> = many.iter().map(i64::to_string).collect();
                        errors.push(FieldError::new(
                            &at("participants"),
                            format!(
                                "\"{name}\" is the name of several contacts (ids {}): rename one first",
                                list.join(", ")
                            ),
                        ));
                    }
                    _ => {
                        if let Some(id) = created.get(&key) {
                            ids.push(*id);
                            continue;
                        }
                        let input = ContactInput {
                            name: name.clone(),
                            ..Default::default()
                        };
                        match input.validated(now) {
                            Ok(input) => {
                                let id = contacts::insert_contact(&tx, &input, false, now)?;
                                created.insert(key, id);
                                ids.push(id);
                            }
                            Err(Error::Invalid { fields }) => {
                                errors.extend(fields.into_iter().map(|f| {
                                    FieldError::new(
                                        &at(column(&f.field)),
                                        format!("\"{name}\": {}", f.message),
                                    )
                                }));
                            }
                            Err(e) => return Err(e),
                        }
                    }
                }
            }
            let named_badly = errors.len() > before;
            let mut input = row.interaction;
            input.participants = ids;
            match input.validated(now) {
                Ok(input) => inputs.push(input),
                Err(Error::Invalid { fields }) => errors.extend(
                    fields
                        .into_iter()
                        .filter(|f| f.field != "participants" || !named_badly)
                        .map(|f| FieldError::new(&at(column(&f.field)), f.message)),
                ),
                Err(e) => return Err(e),
            }
            if errors.len() >= interactions_csv::MAX_ERRORS {
                break;
            }
        }
        if !errors.is_empty() {
            return Err(Error::Invalid { fields: errors });
        }
        for input in &inputs {
            write_interaction(&tx, input, now)?;
        }
        if !dry_run {
            tx.commit()?;
        }
        matched.sort_unstable();
        matched.dedup();
        Ok(ImportReport {
            format: "interactions".into(),
            dry_run,
            interactions_created: inputs.len() as u32,
            contacts_created: created.len() as u32,
            contacts_matched: matched.len() as u32,
            ignored_columns: parsed.ignored_columns,
        })
    }
}
