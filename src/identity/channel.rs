//! Which value a contact's channel is an identity under: the one place that decides it, for
//! the store (through the `normalized` column), imports and capture sources.

use super::normalize;
use crate::model::{Channel, ChannelKind};

/// The normalised value `ch` is an identity under (`None` when it cannot identify anyone):
/// emails case-folded, phones in E.164 (numbers written without a country code read in
/// `region`), profile links without scheme, `www.` or trailing slash.
pub fn value(ch: &Channel, region: Option<&str>) -> Option<String> {
    match ch.kind {
        ChannelKind::Email => normalize::email(&ch.value),
        ChannelKind::Phone => normalize::phone(&ch.value, region).map(|p| p.key()),
        ChannelKind::Link => normalize::profile_url(&ch.value),
    }
}
