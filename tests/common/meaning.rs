//! The meaning model for the tests that need it (`tests/meaning.rs`, `tests/help_eval.rs`).

use std::sync::Arc;

use kith::meaning::Model;

/// The shared model; `None` (the test then says so and passes) only off CI, where a missing
/// model fails it.
#[allow(clippy::print_stderr)]
pub fn model() -> Option<Arc<Model>> {
    let m = Model::shared();
    if m.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "the meaning model is not installed (scripts/setup.sh installs it)"
        );
        eprintln!("skipped: the meaning model is not installed (scripts/setup.sh installs it)");
    }
    m
}
