//! Helpers shared by the integration tests.

#![allow(dead_code)]

pub mod cli;
pub mod damage;
pub mod meaning;
pub mod sync;

use std::path::Path;

/// The names of the files in `dir`, sorted.
pub fn file_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("read_dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}
