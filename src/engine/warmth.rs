//! Warmth: how fresh a tie is, as the FSRS forgetting curve of the time since last contact.
//!
//! R(t, S) = (1 + F·t/S)^(−d), with d = 0.5 and F = 0.9^(−1/d) − 1, so R = 1 right after
//! contact, R = 0.9 exactly when the cadence S has elapsed (the tie is due), and it decays
//! ever more slowly after that. t and S are in days.

/// The decay exponent d.
pub const DECAY: f64 = 0.5;
/// Warmth when a tie is exactly due.
pub const DUE_WARMTH: f64 = 0.9;

/// F = 0.9^(−1/d) − 1 (= 0.2345679… for d = 0.5).
pub fn factor() -> f64 {
    DUE_WARMTH.powf(-1.0 / DECAY) - 1.0
}

/// R after `t_days` without contact at cadence `s_days`. A negative t counts as 0.
pub fn warmth(t_days: f64, s_days: f64) -> f64 {
    let t = t_days.max(0.0);
    let s = s_days.max(f64::MIN_POSITIVE);
    (1.0 + factor() * t / s).powf(-DECAY)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_factor_is_81_over_100_inverted() {
        // 0.9^-2 - 1 = 1/0.81 - 1 = 19/81.
        assert!((factor() - 19.0 / 81.0).abs() < 1e-12);
    }

    #[test]
    fn fresh_is_one_and_due_is_exactly_nine_tenths() {
        assert_eq!(warmth(0.0, 30.0), 1.0);
        for s in [1.0, 7.0, 30.0, 90.0, 365.0] {
            assert!((warmth(s, s) - 0.9).abs() < 1e-12, "S = {s}");
        }
    }

    #[test]
    fn hand_computed_points() {
        // t = 3S: (1 + 3·19/81)^-0.5 = (138/81)^-0.5 = 9/sqrt(138).
        assert!((warmth(90.0, 30.0) - 9.0 / 138f64.sqrt()).abs() < 1e-12);
        // t = 94, S = 30: (1 + 94·19/(81·30))^-0.5.
        let want = (1.0 + 94.0 * 19.0 / 2430.0f64).powf(-0.5);
        assert!((warmth(94.0, 30.0) - want).abs() < 1e-12);
        assert_eq!(warmth(-5.0, 30.0), 1.0);
    }
}
