//! Identity matching (draft).
pub mod names;
pub mod nicknames;
pub mod normalize;
