//! The Circles panel: per circle, how many people and how healthy they are.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{round1, Evaluated};
use crate::model::Circle;

/// How many people a circle holds and how healthy they are.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CircleShape {
    /// `None`: people in no circle.
    pub circle: Option<Circle>,
    pub people: u32,
    /// People per health band: 0–19, 20–39, 40–59, 60–79, 80–100.
    pub bands: [u32; 5],
    /// Of them, never contacted (in the 0–19 band, health 0).
    pub never: u32,
    pub median: u32,
    pub mean: f64,
}

const CIRCLES: [Option<Circle>; 5] = [
    Some(Circle::Inner),
    Some(Circle::Close),
    Some(Circle::Network),
    Some(Circle::Wider),
    None,
];

pub fn circles(evals: &[Evaluated]) -> Vec<CircleShape> {
    CIRCLES
        .iter()
        .map(|&circle| {
            let mut hs: Vec<u32> = evals
                .iter()
                .filter(|e| e.circle == circle)
                .map(|e| e.health)
                .collect();
            hs.sort_unstable();
            let mut bands = [0; 5];
            for &h in &hs {
                bands[(h as usize / 20).min(4)] += 1;
            }
            let never = evals
                .iter()
                .filter(|e| e.circle == circle && e.series[e.series.len() - 1].is_none())
                .count() as u32;
            let n = hs.len();
            CircleShape {
                circle,
                people: n as u32,
                bands,
                never,
                median: if n == 0 { 0 } else { hs[n / 2] },
                mean: if n == 0 {
                    0.0
                } else {
                    round1(hs.iter().map(|&h| f64::from(h)).sum::<f64>() / n as f64)
                },
            }
        })
        .collect()
}
