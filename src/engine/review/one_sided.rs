//! The One-sided panel: ties where the effort or the help flows mostly one way.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[cfg(doc)]
use super::snoozes;
use super::{Evaluated, HelpEntry, History, MAX_LISTED};
use crate::engine::health::{balance, round3};
use crate::model::{Circle, ContactRef};

/// The fewest started conversations (of the last 20) that can make a tie one-sided.
pub const MIN_ONE_SIDED: u32 = 3;

/// Which way a one-sided tie leans.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Lean {
    /// I start the conversations.
    IStart,
    /// They start them.
    TheyStart,
    /// I help them, they do not help me.
    IHelp,
    /// They help me.
    TheyHelp,
}

/// A tie where the effort or the help flows mostly one way, with its help ledger.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OneSidedTie {
    pub contact: ContactRef,
    pub circle: Option<Circle>,
    pub health: u32,
    pub lean: Lean,
    /// 1 balanced, towards 0 one-sided.
    pub balance: f64,
    /// Of the last 20 interactions: started by me, by them.
    pub i_started: u32,
    pub they_started: u32,
    pub help_given: u32,
    pub help_received: u32,
    /// The help exchanged, newest first.
    pub ledger: Vec<HelpEntry>,
    pub reason: String,
    /// Until when the user put off reaching out to them (see [`snoozes`]).
    pub snoozed_until: Option<NaiveDate>,
}

pub fn one_sided(evals: &[Evaluated], histories: &[History]) -> Vec<OneSidedTie> {
    let mut out: Vec<OneSidedTie> = evals
        .iter()
        .filter_map(|e| {
            let (mine, theirs) = e.started;
            let (g, r) = (e.help_given, e.help_received);
            let init = (mine + theirs >= MIN_ONE_SIDED)
                .then(|| balance(f64::from(mine), f64::from(theirs)))
                .filter(|b| *b <= 0.5);
            let help = (g + r >= 2)
                .then(|| balance(f64::from(g), f64::from(r)))
                .filter(|b| *b <= 0.5);
            let (lean, bal, reason) = match (init, help) {
                (Some(i), h) if h.is_none_or(|h| i <= h) => {
                    if mine >= theirs {
                        (
                            Lean::IStart,
                            i,
                            format!(
                                "you started {mine} of the last {} conversations",
                                mine + theirs
                            ),
                        )
                    } else {
                        (
                            Lean::TheyStart,
                            i,
                            format!(
                                "they started {theirs} of the last {} conversations",
                                mine + theirs
                            ),
                        )
                    }
                }
                (_, Some(h)) => {
                    if g >= r {
                        (
                            Lean::IHelp,
                            h,
                            format!("you helped them {g} times, they helped you {r}"),
                        )
                    } else {
                        (
                            Lean::TheyHelp,
                            h,
                            format!("they helped you {r} times, you helped them {g}"),
                        )
                    }
                }
                _ => return None,
            };
            let ledger = histories[e.index].help.iter().rev().cloned().collect();
            Some(OneSidedTie {
                contact: ContactRef {
                    id: e.id,
                    name: e.name.clone(),
                },
                circle: e.circle,
                health: e.health,
                lean,
                balance: round3(bal),
                i_started: mine,
                they_started: theirs,
                help_given: g,
                help_received: r,
                ledger,
                reason,
                snoozed_until: None,
            })
        })
        .collect();
    out.sort_by(|a, b| {
        a.balance
            .total_cmp(&b.balance)
            .then(a.contact.id.cmp(&b.contact.id))
    });
    out.truncate(MAX_LISTED);
    out
}
