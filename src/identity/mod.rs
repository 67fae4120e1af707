//! Identity matching (draft).
pub mod normalize;
