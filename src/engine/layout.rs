//! Where each person sits on the network map: a ForceAtlas2 layout (Jacomy et al. 2014)
//! computed in the core, so the UI only draws the map.
//!
//! Why here and not in the page: in the app's WebKit one ForceAtlas2 iteration over 2,000
//! people and ~7,000 links cost 0.3–0.45 s, so a layout run in the page kept the map at about
//! two frames a second for over a minute (docs/PERFORMANCE.md). The same algorithm, from the
//! `fa2` crate (by the authors of graphology's ForceAtlas2, which the UI used before), runs
//! in native code in a small fraction of that.
//!
//! Contract: pure and deterministic. The same rings and edges, in the same order, give the
//! same positions: people start on rings by closeness (the inner circle nearest the middle),
//! spread by the golden angle, with no randomness, and the layout runs on one thread. Linked
//! people pull together, everyone repels, and gravity keeps unlinked people near the middle.
//! Positions are finite and scaled into [-1, 1] (the drawing scales them to the view anyway),
//! rounded to 1e-4 to keep the map's JSON small.

use fa2::{FA2Data, FA2Settings};

/// From this many people on, repulsion is approximated by a Barnes-Hut tree (O(n log n)),
/// the layout runs on every core, and it runs fewer iterations.
const LARGE: usize = 300;
/// ForceAtlas2 iterations for a small map (below [`LARGE`]) and for a large one. A hundred
/// give 2,000 people the same picture as three hundred (looked at side by side) in a third
/// of the time; small maps are cheap, so they get more.
const ITERATIONS: (usize, usize) = (300, 100);
/// The Barnes-Hut approximation's θ (Gephi's default is 1.2; 0.5 costs twice as much here
/// for no visible difference).
const THETA: f32 = 1.0;

/// Positions for people at `rings` (a start radius each: smaller is closer to the middle)
/// linked by `edges` (indices into `rings`, and a weight: how strongly they pull together).
/// Edges naming an index out of range, or a person to themselves, are ignored.
pub fn lay_out(rings: &[f32], edges: &[(usize, usize, f32)]) -> Vec<(f32, f32)> {
    let n = rings.len();
    if n == 0 {
        return Vec::new();
    }
    if n == 1 {
        return vec![(0.0, 0.0)];
    }
    let golden = std::f32::consts::PI * (3.0 - 5f32.sqrt());
    let mut data = FA2Data::<f32>::with_capacity(n, edges.len());
    for (i, &ring) in rings.iter().enumerate() {
        // A small deterministic jitter, so that people on one ring do not start on a circle.
        let jitter = 0.85 + 0.3 * ((i * 7919) % 100) as f32 / 100.0;
        let r = ring.max(0.1) * jitter;
        let angle = i as f32 * golden;
        data.add_node_with_position(r * angle.cos(), r * angle.sin());
    }
    for &(a, b, w) in edges {
        if a < n && b < n && a != b && w.is_finite() && w > 0.0 {
            data.add_edge_with_weight(a, b, w);
        }
    }
    let settings = FA2Settings::<f32>::from_graph_order(n);
    let (settings, iterations) = if n >= LARGE {
        let s = settings.with_barnes_hut_theta(THETA).parallel(true);
        (s, ITERATIONS.1)
    } else {
        (settings.with_pairwise_repulsion(), ITERATIONS.0)
    };
    let mut layout = settings.build(data);
    layout.run(iterations);
    let mut pos: Vec<(f32, f32)> = layout.data().positions().collect();
    normalise(&mut pos);
    pos
}

/// Centres the positions and scales them into [-1, 1]; anything not finite goes to the middle.
fn normalise(pos: &mut [(f32, f32)]) {
    for p in pos.iter_mut() {
        if !(p.0.is_finite() && p.1.is_finite()) {
            *p = (0.0, 0.0);
        }
    }
    let n = pos.len() as f32;
    let (cx, cy) = pos
        .iter()
        .fold((0.0, 0.0), |(x, y), p| (x + p.0 / n, y + p.1 / n));
    let extent = pos
        .iter()
        .map(|p| (p.0 - cx).abs().max((p.1 - cy).abs()))
        .fold(0.0f32, f32::max);
    let scale = if extent > 0.0 { 1.0 / extent } else { 1.0 };
    let round = |v: f32| (v * 10_000.0).round() / 10_000.0;
    for p in pos.iter_mut() {
        *p = (round((p.0 - cx) * scale), round((p.1 - cy) * scale));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dist(a: (f32, f32), b: (f32, f32)) -> f32 {
        ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt()
    }

    /// Two cliques of 12 joined by one link, plus loners: a shape with a known answer.
    fn two_groups() -> (Vec<f32>, Vec<(usize, usize, f32)>) {
        let rings: Vec<f32> = (0..30).map(|i| 1.0 + (i % 4) as f32).collect();
        let mut edges = Vec::new();
        for g in [0usize, 12] {
            for a in g..g + 12 {
                for b in a + 1..g + 12 {
                    edges.push((a, b, 1.0));
                }
            }
        }
        edges.push((0, 12, 1.0));
        (rings, edges)
    }

    #[test]
    fn linked_people_end_up_near_each_other_and_apart_from_the_other_group() {
        let (rings, edges) = two_groups();
        let pos = lay_out(&rings, &edges);
        assert_eq!(pos.len(), 30);
        let mean = |pairs: &mut dyn Iterator<Item = (usize, usize)>| {
            let (sum, k) = pairs.fold((0.0, 0.0), |(s, k), (a, b)| {
                (s + dist(pos[a], pos[b]), k + 1.0)
            });
            sum / k
        };
        let within =
            mean(&mut (0..12).flat_map(|a| (0..12).filter(move |&b| b > a).map(move |b| (a, b))));
        let across = mean(&mut (0..12).flat_map(|a| (12..24).map(move |b| (a, b))));
        assert!(
            within * 2.0 < across,
            "a group should be tighter than the distance between groups: {within} vs {across}"
        );
    }

    #[test]
    fn the_same_input_gives_the_same_positions_finite_and_within_bounds() {
        let (rings, edges) = two_groups();
        let a = lay_out(&rings, &edges);
        assert_eq!(a, lay_out(&rings, &edges));
        assert!(a.iter().all(|p| p.0.is_finite() && p.1.is_finite()));
        assert!(a.iter().all(|p| p.0.abs() <= 1.0 && p.1.abs() <= 1.0));
        assert!(a.iter().any(|p| p.0.abs() == 1.0 || p.1.abs() == 1.0));
    }

    #[test]
    fn large_maps_use_the_tree_and_still_separate_everyone() {
        // 600 people in 30 interest rings: Barnes-Hut repulsion; no two people on one spot.
        let rings: Vec<f32> = (0..600).map(|i| 1.0 + (i % 5) as f32).collect();
        let edges: Vec<(usize, usize, f32)> = (0..600)
            .flat_map(|i| [(i, (i + 30) % 600, 1.0), (i, (i + 60) % 600, 1.0)])
            .collect();
        let pos = lay_out(&rings, &edges);
        assert_eq!(
            pos,
            lay_out(&rings, &edges),
            "threads must not change the result"
        );
        let mut keys: Vec<(i32, i32)> = pos
            .iter()
            .map(|p| ((p.0 * 10_000.0) as i32, (p.1 * 10_000.0) as i32))
            .collect();
        keys.sort_unstable();
        keys.dedup();
        assert!(
            keys.len() > 590,
            "only {} distinct positions of 600",
            keys.len()
        );
    }

    #[test]
    fn degenerate_input_is_handled() {
        assert!(lay_out(&[], &[]).is_empty());
        assert_eq!(lay_out(&[2.0], &[(0, 0, 1.0)]), vec![(0.0, 0.0)]);
        let pos = lay_out(&[1.0, 1.0], &[(0, 5, 1.0), (0, 1, f32::NAN), (1, 1, 1.0)]);
        assert_eq!(pos.len(), 2);
        assert!(pos.iter().all(|p| p.0.is_finite() && p.1.is_finite()));
        assert_ne!(pos[0], pos[1]);
    }
}
