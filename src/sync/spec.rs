//! What replicates: the tables, their single-value columns and their sets, as the sync layer
//! names them. Capture (the triggers that record a local write as changes) and apply (a
//! remote change written into the tables) are both made from this list, so what one device
//! writes out the other reads back.
//!
//! - An **entity** table has a `gid` column (the row's global id, schema 18) and is synced
//!   column by column: each column in [`Entity::columns`] is a single value, last writer wins.
//!   A column that refers to another entity ([`Column::refers`]) travels as that row's gid.
//! - A **set** is a child table whose rows are elements of a set of their parent row
//!   (a contact's tags, an interaction's participants): an element is its value as JSON
//!   ([`SetSpec::element`]), added and removed (adds win).
//!
//! Not synced: what each device derives (sort and match keys, `last_interaction_at`, the
//! search index, health, knows), what belongs to one machine (sources and what was read from
//! them, backups, settings of the app), and `updated_at` (every edit would conflict on it).
//! A merge syncs as the changes it makes and as its mark (`contact_merge`, see
//! [`redirect`](super::redirect)). Not synced yet (see docs/SYNC.md, "What syncs"): the record
//! of merges that an undo reads.

/// A single-value column of an entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub name: &'static str,
    /// The entity table this column's integer id points into: it is written as that row's gid.
    pub refers: Option<&'static str>,
    /// What a new row gets when no change has set this column yet (it is `NOT NULL` and has no
    /// default in the schema); `None` for a column that may be null or has a default.
    pub fill: Option<&'static str>,
}

const fn col(name: &'static str) -> Column {
    Column {
        name,
        refers: None,
        fill: None,
    }
}

const fn required(name: &'static str, fill: &'static str) -> Column {
    Column {
        name,
        refers: None,
        fill: Some(fill),
    }
}

const fn refers(name: &'static str, table: &'static str) -> Column {
    Column {
        name,
        refers: Some(table),
        fill: None,
    }
}

/// How a set's elements are read from and written to its child table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Element {
    /// One text column of the child row (`contact_tag.tag`, `interest_alias.alias`), as a JSON
    /// string.
    Text { column: &'static str },
    /// `contact_channel`: `{"kind", "label", "types", "value"}`.
    Channel,
    /// A child row of fields (`contact_date`, `contact_address`, `help`…): `{column: value}`
    /// of `columns`, listed in alphabetical order. `positioned`: the table orders its rows by
    /// a `position` column, which is not part of the element. `refs`: columns of `columns`
    /// that point into an entity table (column, table), carried as that row's gid.
    Row {
        columns: &'static [&'static str],
        positioned: bool,
        refs: &'static [(&'static str, &'static str)],
    },
    /// `contact_photo`: `{"data": <the image's bytes in hex>, "mime"}`. A contact has one
    /// photo: where two are in the set (changed on two devices at once), the greatest is the
    /// one written, on every device.
    Photo,
    /// A link table to another entity (`contact_interest`, `interaction_participant`,
    /// `ask_interest`): the other row's gid as a JSON string.
    Link {
        /// The link table's column holding the other row's id.
        column: &'static str,
        /// The entity table it points into.
        target: &'static str,
    },
}

/// A set of an entity: the rows of `table` whose `parent` column is the entity's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SetSpec {
    /// The set's name in changes (`tag`, `channel`…).
    pub name: &'static str,
    pub table: &'static str,
    pub parent: &'static str,
    pub element: Element,
}

/// An entity table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entity {
    pub table: &'static str,
    pub columns: &'static [Column],
    pub sets: &'static [SetSpec],
}

impl Entity {
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }

    pub fn set(&self, name: &str) -> Option<&SetSpec> {
        self.sets.iter().find(|s| s.name == name)
    }
}

/// Every entity that syncs, in an order where a row's references come before it (a new row
/// is written after the rows it points to, in one pass).
pub const ENTITIES: &[Entity] = &[
    // First: where merged-away contacts are (`redirect`) is known before anything that refers
    // to them is written.
    Entity {
        table: "contact_merge",
        columns: &[
            required("other_gid", "''"),
            required("kept_gid", "''"),
            required("merged_at", "0"),
            col("undone_at"),
        ],
        sets: &[],
    },
    // "Not the same person" marks, by the two contacts' gids (schema 19).
    Entity {
        table: "not_duplicate",
        columns: &[
            required("first_gid", "''"),
            required("second_gid", "''"),
            required("decided_at", "0"),
        ],
        sets: &[],
    },
    Entity {
        table: "interest",
        columns: &[required("name", "'?'"), required("created_at", "0")],
        sets: &[SetSpec {
            name: "alias",
            table: "interest_alias",
            parent: "interest_id",
            element: Element::Text { column: "alias" },
        }],
    },
    Entity {
        table: "contact",
        columns: &[
            required("name", "'?'"),
            col("company"),
            col("role"),
            col("location"),
            col("met_how"),
            col("met_on"),
            refers("introduced_by", "contact"),
            col("circle"),
            col("cadence_days"),
            col("notes"),
            col("is_self"),
            col("archived"),
            col("deleted_at"),
            required("created_at", "0"),
            col("name_prefix"),
            col("given_name"),
            col("additional_names"),
            col("family_name"),
            col("name_suffix"),
            col("nickname"),
            col("department"),
            col("connected_on"),
        ],
        sets: &[
            SetSpec {
                name: "tag",
                table: "contact_tag",
                parent: "contact_id",
                element: Element::Text { column: "tag" },
            },
            SetSpec {
                name: "channel",
                table: "contact_channel",
                parent: "contact_id",
                element: Element::Channel,
            },
            SetSpec {
                name: "date",
                table: "contact_date",
                parent: "contact_id",
                element: Element::Row {
                    columns: &["day", "label", "month", "recurring", "year"],
                    positioned: false,
                    refs: &[],
                },
            },
            SetSpec {
                name: "title",
                table: "contact_title",
                parent: "contact_id",
                element: Element::Row {
                    columns: &["kind", "value"],
                    positioned: true,
                    refs: &[],
                },
            },
            SetSpec {
                name: "address",
                table: "contact_address",
                parent: "contact_id",
                element: Element::Row {
                    columns: &[
                        "country", "extended", "label", "locality", "po_box", "postcode", "region",
                        "street", "types",
                    ],
                    positioned: true,
                    refs: &[],
                },
            },
            SetSpec {
                name: "past_job",
                table: "contact_past_job",
                parent: "contact_id",
                element: Element::Row {
                    columns: &["company", "role", "until_on"],
                    positioned: true,
                    refs: &[],
                },
            },
            SetSpec {
                name: "interest",
                table: "contact_interest",
                parent: "contact_id",
                element: Element::Link {
                    column: "interest_id",
                    target: "interest",
                },
            },
            SetSpec {
                name: "photo",
                table: "contact_photo",
                parent: "contact_id",
                element: Element::Photo,
            },
            SetSpec {
                name: "feedback",
                table: "suggestion_feedback",
                parent: "contact_id",
                element: Element::Row {
                    columns: &["action", "at", "lane", "until"],
                    positioned: false,
                    refs: &[],
                },
            },
        ],
    },
    Entity {
        table: "ask",
        columns: &[
            refers("contact_id", "contact"),
            required("kind", "'need'"),
            required("text", "'?'"),
            col("status"),
            required("created_at", "0"),
            col("resolved_at"),
            refers("helped_by", "contact"),
        ],
        sets: &[SetSpec {
            name: "interest",
            table: "ask_interest",
            parent: "ask_id",
            element: Element::Link {
                column: "interest_id",
                target: "interest",
            },
        }],
    },
    Entity {
        table: "interaction",
        columns: &[
            required("occurred_at", "0"),
            col("has_time"),
            required("kind", "'note'"),
            col("summary"),
            col("notes"),
            col("initiated_by"),
            col("quality"),
            required("created_at", "0"),
            col("deleted_at"),
        ],
        sets: &[
            SetSpec {
                name: "participant",
                table: "interaction_participant",
                parent: "interaction_id",
                element: Element::Link {
                    column: "contact_id",
                    target: "contact",
                },
            },
            SetSpec {
                name: "help",
                table: "help",
                parent: "interaction_id",
                element: Element::Row {
                    columns: &["ask_id", "giver_id", "receiver_id", "text"],
                    positioned: false,
                    refs: &[
                        ("ask_id", "ask"),
                        ("giver_id", "contact"),
                        ("receiver_id", "contact"),
                    ],
                },
            },
        ],
    },
    Entity {
        table: "relationship",
        columns: &[
            refers("a", "contact"),
            required("kind", "'knows'"),
            refers("b", "contact"),
            col("note"),
            col("since"),
            required("created_at", "0"),
        ],
        sets: &[],
    },
    Entity {
        table: "reminder",
        columns: &[
            refers("contact_id", "contact"),
            required("due_on", "'1970-01-01'"),
            required("text", "'?'"),
            required("source", "'manual'"),
            refers("interaction_id", "interaction"),
            col("status"),
            col("snoozed_until"),
            required("created_at", "0"),
            col("resolved_at"),
        ],
        sets: &[],
    },
];

/// The entity table named `table`, if it syncs.
pub fn entity(table: &str) -> Option<&'static Entity> {
    ENTITIES.iter().find(|e| e.table == table)
}

/// Columns a row cannot be written without: references that are `NOT NULL` in the schema.
/// A row whose required reference has not arrived yet waits (see `apply`).
pub fn required_refs(entity: &Entity) -> &'static [&'static str] {
    match entity.table {
        "ask" => &["contact_id"],
        "relationship" => &["a", "b"],
        "reminder" => &["contact_id"],
        _ => &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_point_to_entities_listed_before_or_at_the_table() {
        for (i, e) in ENTITIES.iter().enumerate() {
            for c in e.columns {
                if let Some(target) = c.refers {
                    let at = ENTITIES.iter().position(|x| x.table == target);
                    assert!(at.is_some_and(|at| at <= i), "{}.{}", e.table, c.name);
                }
            }
            for s in e.sets {
                if let Element::Link { target, .. } = s.element {
                    assert!(entity(target).is_some(), "{}.{}", e.table, s.name);
                }
            }
            for s in e.sets {
                if let Element::Row { columns, refs, .. } = s.element {
                    assert!(
                        columns.windows(2).all(|w| w[0] < w[1]),
                        "{}: sorted",
                        s.name
                    );
                    for (c, target) in refs {
                        assert!(columns.contains(c), "{}.{c}", s.name);
                        let at = ENTITIES.iter().position(|x| x.table == *target);
                        assert!(at.is_some_and(|at| at < i), "{}.{c}: before", s.name);
                    }
                }
            }
            for r in required_refs(e) {
                assert!(e.column(r).is_some_and(|c| c.refers.is_some()));
            }
        }
    }
}
