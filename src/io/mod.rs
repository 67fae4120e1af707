//! Bringing data in and out of Kith: one file per format. Parsers here turn bytes into
//! validated records and name the line and field of every problem; writing them is the
//! store's job (`crate::ops`), in one transaction, so an import is all or nothing.

pub mod interactions_csv;
