//! Hybrid logical clocks: the time stamp every synced change carries, so that all devices
//! order the same changes the same way, whatever order they arrive in.
//!
//! An [`Hlc`] is a wall-clock time in milliseconds since 1970 (UTC) and a counter that breaks
//! ties within one millisecond and keeps the clock moving forward when the wall clock does
//! not. Stamps compare by time, then counter; two changes with the same stamp (from two
//! devices) are ordered by device id, compared as text: `(hlc, device)` is a total order
//! (see [`super::Change::stamp`]).
//!
//! A [`Clock`] makes the stamps of one device (Kulkarni et al., "Logical Physical Clocks",
//! 2014):
//! - [`Clock::now`] stamps a local change: the wall clock if it is ahead of the last stamp,
//!   otherwise the last stamp with its counter plus one. A wall clock that goes backwards
//!   (a correction, a dead battery) never makes a stamp go backwards.
//! - [`Clock::update`] takes in a stamp read from another device, so that every later local
//!   stamp orders after it: a change made after seeing another device's edit wins over it
//!   even if this device's clock is behind. It never refuses a stamp. A remote stamp more
//!   than [`NOTE_AHEAD_MS`] ahead of the wall clock is reported ([`Received::ahead_ms`]) so
//!   the caller can say "the laptop's clock is 3 hours ahead"; one more than
//!   [`MAX_AHEAD_MS`] ahead is clamped — this clock moves to the wall clock plus that bound,
//!   not further — and reported as clamped ([`Received::clamped`]).
//!
//! Why a day: a clock hours off (a wrong time zone on a clock kept in local time, a laptop
//! whose clock drifted while off) is common, and adopting such a stamp keeps "an edit made
//! after seeing that one wins over it", which is what the person meant. A stamp further
//! ahead is most likely a clock set wrong by years; adopting it would pin every device's
//! stamps far in the future, where they would stay. The stamp of the remote change itself is
//! kept as written (it is what the other device stamped); the merge decides what to do with
//! it.
//!
//! Only the clock of another device can be judged ahead; a remote stamp in the past is
//! normal (the change was made before it arrived) and is never a skew.
//!
//! Why not the `uhlc` crate: it reads the clock itself (a function pointer, no `now` passed
//! in, against this codebase's rule that only the app and CLI read the clock), and its
//! `update_with_timestamp` refuses a remote stamp more than 500 ms ahead — the failure mode
//! (refusing to sync over clock skew) this design exists to avoid. The clock is thirty lines.
//!
//! Text form ([`Hlc`]'s `Display`/`FromStr`, and serde): 16 hex digits of milliseconds, a
//! dash, 8 hex digits of counter, e.g. `0000019ade53c400-00000002`. Fixed width, so stamps
//! sort as text the way they sort as values (in SQLite, in a file listing).

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A remote stamp further ahead of the wall clock than this (one minute) is reported.
pub const NOTE_AHEAD_MS: u64 = 60 * 1000;

/// A remote stamp further ahead of the wall clock than this (one day) is clamped.
pub const MAX_AHEAD_MS: u64 = 24 * 60 * 60 * 1000;

/// A hybrid logical clock stamp: milliseconds since 1970 (UTC) and a counter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Hlc {
    pub ms: u64,
    pub counter: u32,
}

impl Hlc {
    pub const fn new(ms: u64, counter: u32) -> Self {
        Self { ms, counter }
    }

    /// The smallest stamp after this one.
    #[must_use]
    pub fn next(self) -> Self {
        match self.counter.checked_add(1) {
            Some(counter) => Self { counter, ..self },
            None => Self {
                ms: self.ms.saturating_add(1),
                counter: 0,
            },
        }
    }

    /// The stamp `i` counts after this one in the same millisecond (a stamp of
    /// [`Clock::now_range`]); saturates at the counter's end.
    #[must_use]
    pub fn plus(self, i: u32) -> Self {
        Self {
            counter: self.counter.saturating_add(i),
            ..self
        }
    }

    /// The stamp `i` counts before this one in the same millisecond (the first stamps of a
    /// [`Clock::now_range`] from its last); saturates at zero.
    #[must_use]
    pub fn minus(self, i: u32) -> Self {
        Self {
            counter: self.counter.saturating_sub(i),
            ..self
        }
    }
}

impl fmt::Display for Hlc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:016x}-{:08x}", self.ms, self.counter)
    }
}

/// The text of a stamp was not `<16 hex digits>-<8 hex digits>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadHlc(pub String);

impl fmt::Display for BadHlc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "\"{}\" is not a clock stamp (16 hex digits, a dash, 8 hex digits)",
            self.0
        )
    }
}

impl std::error::Error for BadHlc {}

impl FromStr for Hlc {
    type Err = BadHlc;

    fn from_str(s: &str) -> Result<Self, BadHlc> {
        let bad = || BadHlc(s.to_owned());
        let (ms, counter) = s.split_once('-').ok_or_else(bad)?;
        let hex = |t: &str, len: usize| {
            t.len() == len && t.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
        };
        if !hex(ms, 16) || !hex(counter, 8) {
            return Err(bad());
        }
        Ok(Hlc {
            ms: u64::from_str_radix(ms, 16).map_err(|_| bad())?,
            counter: u32::from_str_radix(counter, 16).map_err(|_| bad())?,
        })
    }
}

impl Serialize for Hlc {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Hlc {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// What [`Clock::update`] did with a remote stamp.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Received {
    /// This clock's stamp after taking the remote one in.
    pub hlc: Hlc,
    /// How far the remote stamp was ahead of this device's wall clock, in milliseconds (0
    /// when it was not ahead).
    pub ahead_ms: u64,
    /// The remote stamp was more than [`MAX_AHEAD_MS`] ahead: this clock moved only that
    /// far past the wall clock.
    pub clamped: bool,
}

impl Received {
    /// Whether the remote clock is far enough ahead (more than [`NOTE_AHEAD_MS`]) to tell
    /// the person.
    pub fn noteworthy(&self) -> bool {
        self.ahead_ms > NOTE_AHEAD_MS
    }
}

/// The clock of one device: the last stamp it gave or saw. Keep it with the device's state
/// (restore it with [`Clock::new`]) so that stamps keep increasing across restarts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Clock {
    last: Hlc,
}

impl Clock {
    /// A clock whose last stamp was `last` (`Hlc::default()` for a new device).
    pub fn new(last: Hlc) -> Self {
        Self { last }
    }

    /// The last stamp this clock gave or took in.
    pub fn last(&self) -> Hlc {
        self.last
    }

    /// A stamp for a local change at wall-clock time `wall`: after every stamp this clock
    /// gave or took in before.
    pub fn now(&mut self, wall: DateTime<Utc>) -> Hlc {
        let pt = wall_ms(wall);
        self.last = if pt > self.last.ms {
            Hlc::new(pt, 0)
        } else {
            self.last.next()
        };
        self.last
    }

    /// `n` stamps in a row for local changes made at once (a new row's columns): the first is
    /// [`Clock::now`]'s, the others follow it in its millisecond ([`Hlc::plus`] of the first),
    /// and the clock's last stamp is the last of them.
    pub fn now_range(&mut self, wall: DateTime<Utc>, n: u32) -> (Hlc, Hlc) {
        let mut first = self.now(wall);
        let span = n.saturating_sub(1);
        if first.counter.checked_add(span).is_none() {
            first = Hlc::new(first.ms.saturating_add(1), 0);
        }
        self.last = first.plus(span);
        (first, self.last)
    }

    /// Takes in a stamp read from another device at wall-clock time `wall`; every later
    /// [`Clock::now`] is after it (after the clamp, see the module doc). Never refuses.
    pub fn update(&mut self, remote: Hlc, wall: DateTime<Utc>) -> Received {
        let pt = wall_ms(wall);
        let ahead_ms = remote.ms.saturating_sub(pt);
        let limit = pt.saturating_add(MAX_AHEAD_MS);
        let clamped = remote.ms > limit;
        let remote = if clamped { Hlc::new(limit, 0) } else { remote };
        let last = self.last;
        let ms = last.ms.max(remote.ms).max(pt);
        self.last = if ms == last.ms && ms == remote.ms {
            Hlc::new(ms, last.counter.max(remote.counter)).next()
        } else if ms == last.ms {
            last.next()
        } else if ms == remote.ms {
            remote.next()
        } else {
            Hlc::new(ms, 0)
        };
        Received {
            hlc: self.last,
            ahead_ms,
            clamped,
        }
    }
}

/// Milliseconds since 1970 of a wall-clock time; 0 before 1970.
fn wall_ms(wall: DateTime<Utc>) -> u64 {
    u64::try_from(wall.timestamp_millis()).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeDelta;

    fn at(ms: i64) -> DateTime<Utc> {
        DateTime::from_timestamp_millis(ms).expect("a valid time")
    }

    const T0: i64 = 1_764_676_800_000; // 2025-12-02 12:00 UTC

    #[test]
    fn a_range_of_stamps_follows_the_last_and_the_next_stamp_follows_the_range() {
        let mut clock = Clock::new(Hlc::new(T0 as u64, 7));
        let (first, last) = clock.now_range(at(T0 - 10), 9);
        assert_eq!(first, Hlc::new(T0 as u64, 8));
        assert_eq!(last, Hlc::new(T0 as u64, 16));
        assert_eq!(clock.last(), last);
        assert!(clock.now(at(T0)) > last);
        // A range that would run past the counter's end starts in the next millisecond.
        let mut clock = Clock::new(Hlc::new(T0 as u64, u32::MAX - 2));
        let (first, last) = clock.now_range(at(0), 9);
        assert_eq!(first, Hlc::new(T0 as u64 + 1, 0));
        assert_eq!(last, first.plus(8));
        assert_eq!(last.minus(8), first);
        // One stamp is `now`'s.
        let mut clock = Clock::new(Hlc::new(T0 as u64, 1));
        assert_eq!(
            clock.now_range(at(T0 + 3), 1),
            (Hlc::new(T0 as u64 + 3, 0), Hlc::new(T0 as u64 + 3, 0))
        );
    }

    #[test]
    fn stamps_increase_when_the_wall_clock_goes_backwards_or_stands_still() {
        let mut clock = Clock::default();
        let walls = [T0, T0, T0 - 3_600_000, T0 - 1, T0 + 5, T0 + 5, 0, T0 + 6];
        let mut prev = Hlc::default();
        for wall in walls {
            let stamp = clock.now(at(wall));
            assert!(stamp > prev, "{stamp} after {prev} at wall {wall}");
            prev = stamp;
        }
        assert_eq!(prev, Hlc::new(T0 as u64 + 6, 0));
        // Before 1970 reads as 1970: still increasing.
        let before_1970 = clock.now(at(-5_000));
        assert!(before_1970 > prev);
    }

    #[test]
    fn the_counter_overflowing_moves_to_the_next_millisecond() {
        assert_eq!(Hlc::new(7, u32::MAX).next(), Hlc::new(8, 0));
        let mut clock = Clock::new(Hlc::new(T0 as u64, u32::MAX));
        assert_eq!(clock.now(at(T0)), Hlc::new(T0 as u64 + 1, 0));
    }

    #[test]
    fn a_remote_stamp_hours_ahead_is_taken_in_and_reported() {
        let mut clock = Clock::default();
        let three_hours = 3 * 3_600_000;
        let remote = Hlc::new((T0 + three_hours) as u64, 4);
        let got = clock.update(remote, at(T0));
        assert_eq!(got.ahead_ms, three_hours as u64);
        assert!(got.noteworthy() && !got.clamped);
        assert!(got.hlc > remote);
        // An edit made after seeing the remote one orders after it.
        assert!(clock.now(at(T0 + 1000)) > remote);
    }

    #[test]
    fn a_remote_stamp_days_ahead_is_clamped_and_reported() {
        let mut clock = Clock::default();
        let remote = Hlc::new((T0 + 3 * 86_400_000) as u64, 0);
        let got = clock.update(remote, at(T0));
        assert!(got.clamped && got.noteworthy());
        assert_eq!(got.ahead_ms, 3 * 86_400_000);
        assert_eq!(got.hlc, Hlc::new(T0 as u64 + MAX_AHEAD_MS, 1));
        // Local stamps go on from the clamp, still increasing.
        let next = clock.now(at(T0 + 10));
        assert!(next > got.hlc && next < remote);
    }

    #[test]
    fn a_remote_stamp_hours_behind_is_taken_in_without_moving_the_clock_back() {
        let mut clock = Clock::default();
        let mine = clock.now(at(T0));
        let remote = Hlc::new((T0 - 5 * 3_600_000) as u64, 9);
        let got = clock.update(remote, at(T0));
        assert_eq!(got.ahead_ms, 0);
        assert!(!got.noteworthy() && !got.clamped);
        assert!(got.hlc > mine && got.hlc > remote);
        assert!(clock.now(at(T0 - 7_200_000)) > got.hlc);
    }

    #[test]
    fn small_skews_are_not_noteworthy() {
        let mut clock = Clock::default();
        let got = clock.update(Hlc::new(T0 as u64 + 59_000, 0), at(T0));
        assert_eq!(got.ahead_ms, 59_000);
        assert!(!got.noteworthy());
    }

    #[test]
    fn update_follows_the_larger_counter_at_the_same_millisecond() {
        let ms = T0 as u64 + 100;
        let mut clock = Clock::new(Hlc::new(ms, 3));
        assert_eq!(clock.update(Hlc::new(ms, 8), at(T0)).hlc, Hlc::new(ms, 9));
        let mut clock = Clock::new(Hlc::new(ms, 8));
        assert_eq!(clock.update(Hlc::new(ms, 3), at(T0)).hlc, Hlc::new(ms, 9));
        let mut clock = Clock::new(Hlc::new(ms, 8));
        assert_eq!(
            clock.update(Hlc::new(ms - 50, 30), at(T0)).hlc,
            Hlc::new(ms, 9)
        );
        let mut clock = Clock::new(Hlc::new(ms - 50, 8));
        assert_eq!(clock.update(Hlc::new(ms, 3), at(T0)).hlc, Hlc::new(ms, 4));
        let mut clock = Clock::new(Hlc::new(ms - 50, 8));
        assert_eq!(
            clock.update(Hlc::new(ms - 60, 3), at(T0 + 200)).hlc,
            Hlc::new(T0 as u64 + 200, 0)
        );
    }

    #[test]
    fn text_form_sorts_like_the_values_and_round_trips() {
        let stamps = [
            Hlc::new(0, 0),
            Hlc::new(0, 1),
            Hlc::new(1, 0),
            Hlc::new(T0 as u64, u32::MAX),
            Hlc::new(T0 as u64 + 1, 0),
            Hlc::new(u64::MAX, u32::MAX),
        ];
        for pair in stamps.windows(2) {
            assert!(pair[0] < pair[1]);
            assert!(pair[0].to_string() < pair[1].to_string());
        }
        for stamp in stamps {
            let text = stamp.to_string();
            assert_eq!(text.len(), 25);
            assert_eq!(text.parse::<Hlc>(), Ok(stamp));
            let json = serde_json::to_string(&stamp).expect("serialize");
            assert_eq!(json, format!("\"{text}\""));
            assert_eq!(serde_json::from_str::<Hlc>(&json).expect("parse"), stamp);
        }
        for bad in [
            "",
            "0-0",
            "0000019ade53c400",
            "0000019ADE53C400-00000002",
            "0000019ade53c400-0000002",
            "+000019ade53c400-00000002",
            "0000019ade53c400_00000002",
        ] {
            assert!(bad.parse::<Hlc>().is_err(), "{bad}");
        }
    }

    #[test]
    fn two_devices_with_clocks_apart_stay_causal() {
        // The laptop's clock is two hours behind the desktop's.
        let (mut desktop, mut laptop) = (Clock::default(), Clock::default());
        let real = at(T0);
        let d1 = desktop.now(real);
        let got = laptop.update(d1, real - TimeDelta::hours(2));
        assert!(got.noteworthy() && !got.clamped);
        let l1 = laptop.now(real - TimeDelta::hours(2) + TimeDelta::seconds(1));
        assert!(
            l1 > d1,
            "the laptop's later edit orders after the desktop's"
        );
        desktop.update(l1, real + TimeDelta::seconds(2));
        assert!(desktop.now(real + TimeDelta::seconds(2)) > l1);
    }
}
