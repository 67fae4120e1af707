//! The Map: people as nodes; shared interests, introductions, recorded relationships and
//! who was seen with whom as edges, placed by `engine::layout`, so that people who know each
//! other end up together.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::Evaluated;
use crate::engine::layout;
use crate::model::{Circle, Knows};

/// On the map, each member of an interest is linked to this many next members.
pub const MAP_RING: usize = 2;
/// On the map, each person is linked to at most this many of the people they were seen with
/// (the ones they shared the most interactions with): enough to pull a group together,
/// without drawing every pair of a big meeting.
pub const MAP_KNOWS: usize = 5;
/// The most people on the map by default.
pub const MAP_LIMIT: usize = 2000;

/// A person on the map.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MapNode {
    pub id: i64,
    pub name: String,
    pub circle: Option<Circle>,
    pub health: u32,
    pub fading: bool,
    /// Where to draw them, in [-1, 1] (see [`layout`]).
    pub x: f32,
    pub y: f32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum EdgeKind {
    Interest,
    Introduction,
    /// A relationship the user recorded (family, work, friends).
    Relationship,
    /// They took part in interactions together (`shared` says how many).
    Knows,
}

/// A link between two people on the map: shared interests, one introduced the other, a
/// relationship the user recorded, or interactions they took part in together.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MapEdge {
    pub source: i64,
    pub target: i64,
    pub kind: EdgeKind,
    /// The shared interests (empty for the other kinds).
    pub interests: Vec<String>,
    /// For a relationship: what `source` is to `target` (a `manager`, a `partner`).
    pub role: Option<crate::model::Role>,
    /// For who was seen with whom: how many interactions they took part in together.
    pub shared: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NetworkMap {
    pub nodes: Vec<MapNode>,
    pub edges: Vec<MapEdge>,
    /// People left off the map (beyond the limit), the least close first.
    pub left_off: u32,
}

/// Where a circle starts on the map before the layout: the closest in the middle.
fn start_ring(c: Option<Circle>) -> f32 {
    f32::from(circle_rank(c)) + 1.0
}

fn circle_rank(c: Option<Circle>) -> u8 {
    match c {
        Some(Circle::Inner) => 0,
        Some(Circle::Close) => 1,
        Some(Circle::Network) => 2,
        Some(Circle::Wider) => 3,
        None => 4,
    }
}

/// The map of at most `limit` people (closest circles first, then healthiest), linked by
/// shared interests (`interests[contact]`), `introductions` (introducer, introduced),
/// `relationships` (`a` is `b`'s role) and who was seen with whom (`knows`: each person's
/// [`MAP_KNOWS`] strongest on the map).
pub fn map(
    evals: &[Evaluated],
    interests: &HashMap<i64, Vec<String>>,
    introductions: &[(i64, i64)],
    relationships: &[(i64, crate::model::Role, i64)],
    knows: &[Knows],
    fading_ids: &[i64],
    limit: usize,
) -> NetworkMap {
    let mut chosen: Vec<&Evaluated> = evals.iter().collect();
    chosen.sort_by(|a, b| {
        circle_rank(a.circle)
            .cmp(&circle_rank(b.circle))
            .then(b.health.cmp(&a.health))
            .then(a.id.cmp(&b.id))
    });
    let left_off = chosen.len().saturating_sub(limit) as u32;
    chosen.truncate(limit);
    chosen.sort_by_key(|e| e.id);
    let mut nodes: Vec<MapNode> = chosen
        .iter()
        .map(|e| MapNode {
            id: e.id,
            name: e.name.clone(),
            circle: e.circle,
            health: e.health,
            fading: fading_ids.contains(&e.id),
            x: 0.0,
            y: 0.0,
        })
        .collect();
    let on_map: std::collections::HashSet<i64> = nodes.iter().map(|n| n.id).collect();
    let mut edges = interest_edges(&nodes, interests);
    for &(by, whom) in introductions {
        if by != whom && on_map.contains(&by) && on_map.contains(&whom) {
            edges.push(MapEdge {
                source: by,
                target: whom,
                kind: EdgeKind::Introduction,
                interests: Vec::new(),
                role: None,
                shared: None,
            });
        }
    }
    for &(a, role, b) in relationships {
        if a != b && on_map.contains(&a) && on_map.contains(&b) {
            edges.push(MapEdge {
                source: a,
                target: b,
                kind: EdgeKind::Relationship,
                interests: Vec::new(),
                role: Some(role),
                shared: None,
            });
        }
    }
    edges.extend(
        strongest_known(knows, &on_map)
            .into_iter()
            .map(|k| MapEdge {
                source: k.a,
                target: k.b,
                kind: EdgeKind::Knows,
                interests: Vec::new(),
                role: None,
                shared: Some(k.shared),
            }),
    );
    let index: HashMap<i64, usize> = nodes.iter().enumerate().map(|(i, n)| (n.id, i)).collect();
    let rings: Vec<f32> = nodes.iter().map(|n| start_ring(n.circle)).collect();
    let links: Vec<(usize, usize, f32)> = edges
        .iter()
        .filter_map(|e| {
            let weight = match e.kind {
                EdgeKind::Introduction => 2.0,
                EdgeKind::Relationship => 3.0,
                EdgeKind::Interest => e.interests.len() as f32,
                // One shared meeting pulls like one shared interest; many, like a relationship.
                EdgeKind::Knows => (1.0 + (e.shared.unwrap_or(1) as f32).ln()).min(3.0),
            };
            Some((*index.get(&e.source)?, *index.get(&e.target)?, weight))
        })
        .collect();
    for (n, (x, y)) in nodes.iter_mut().zip(layout::lay_out(&rings, &links)) {
        n.x = x;
        n.y = y;
    }
    NetworkMap {
        nodes,
        edges,
        left_off,
    }
}

/// The pairs of `knows` with both on the map that are among the [`MAP_KNOWS`] strongest of
/// either person (most shared first, then the smaller ids), by `a` then `b`.
fn strongest_known(knows: &[Knows], on_map: &std::collections::HashSet<i64>) -> Vec<Knows> {
    let mut mine: HashMap<i64, Vec<usize>> = HashMap::new();
    for (i, k) in knows.iter().enumerate() {
        if on_map.contains(&k.a) && on_map.contains(&k.b) {
            mine.entry(k.a).or_default().push(i);
            mine.entry(k.b).or_default().push(i);
        }
    }
    let mut kept: Vec<usize> = Vec::new();
    for list in mine.values_mut() {
        list.sort_by_key(|&i| (std::cmp::Reverse(knows[i].shared), knows[i].a, knows[i].b));
        kept.extend(list.iter().take(MAP_KNOWS));
    }
    kept.sort_unstable_by_key(|&i| (knows[i].a, knows[i].b));
    kept.dedup();
    kept.into_iter().map(|i| knows[i]).collect()
}

/// Each member of an interest linked to the next [`MAP_RING`] members in id order, one edge
/// per pair with every interest they share.
fn interest_edges(nodes: &[MapNode], interests: &HashMap<i64, Vec<String>>) -> Vec<MapEdge> {
    let mut members: BTreeMap<&str, Vec<i64>> = BTreeMap::new();
    for n in nodes {
        for i in interests.get(&n.id).into_iter().flatten() {
            members.entry(i.as_str()).or_default().push(n.id);
        }
    }
    let mut pairs: BTreeMap<(i64, i64), Vec<String>> = BTreeMap::new();
    for (name, ids) in &members {
        if ids.len() < 2 {
            continue;
        }
        let ring = MAP_RING.min(ids.len() - 1);
        for (k, &a) in ids.iter().enumerate() {
            for step in 1..=ring {
                let b = ids[(k + step) % ids.len()];
                let labels = pairs.entry((a.min(b), a.max(b))).or_default();
                if !labels.iter().any(|l| l == name) {
                    labels.push((*name).to_owned());
                }
            }
        }
    }
    pairs
        .into_iter()
        .map(|((source, target), interests)| MapEdge {
            source,
            target,
            kind: EdgeKind::Interest,
            interests,
            role: None,
            shared: None,
        })
        .collect()
}
