//! Placeholder until the identity module lands.
pub mod channel;
pub mod normalize;
