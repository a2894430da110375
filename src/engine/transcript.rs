//! What happened in a conversation, turn by turn: everything scoring and the
//! debrief need, without going back to the engine.

use serde::{Deserialize, Serialize};

use crate::rules::EscalationMoment;
use crate::scenario::{Effects, Outcome, Verdict};

/// What the trainee did on a turn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Action {
    /// Picked a choice, identified by its position in the node's `choices`.
    Chose {
        /// Index into the node's `choices`.
        choice_index: usize,
    },
    /// Let the time limit run out.
    TimedOut,
}

/// An option that was on offer on a turn, with what it would have done.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OfferedOption {
    /// Index into the node's `choices`.
    pub choice_index: usize,
    /// Its text.
    pub text: String,
    /// Its effects.
    pub effects: Effects,
    /// Whether it escalates.
    pub escalates: bool,
}

/// One decision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TurnRecord {
    /// 1-based decision number.
    pub turn: u32,
    /// Node the decision was made at.
    pub node_id: String,
    /// What the customer said.
    pub customer_line: String,
    /// Whether the line was narration rather than the customer's words.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub narration: bool,
    /// Every option on offer, in the order shown (records written before
    /// choices were shuffled showed them in written order).
    pub offered: Vec<OfferedOption>,
    /// Effects of letting the time run out, on a timed node.
    pub timeout: Option<Effects>,
    /// What the trainee did.
    pub action: Action,
    /// What the trainee said (or a note that time ran out).
    #[serde(rename = "text")]
    pub said: String,
    /// Effects of what was done, as authored.
    pub effects: Effects,
    /// Mood before the decision.
    pub mood_before: i32,
    /// Mood after the decision, with reactivity applied.
    pub mood_after: i32,
    /// Whether the decision escalated to a manager.
    pub escalated: bool,
    /// How escalating would be judged at this moment; present when an escalating option was on offer.
    pub escalation: Option<EscalationMoment>,
    /// Whether the choice was a critical error.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub critical: bool,
}

impl TurnRecord {
    /// The effects of everything that was on offer on this turn, timeout
    /// included: what the decision is judged against.
    pub fn options(&self) -> Vec<Effects> {
        self.offered
            .iter()
            .map(|o| o.effects)
            .chain(self.timeout)
            .collect()
    }
}

/// How the conversation ended.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EndRecord {
    /// Ending node id.
    pub node_id: String,
    /// The customer's last line.
    pub customer_line: Option<String>,
    /// Whether the last line was narration.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub narration: bool,
    /// Outcome.
    pub outcome: Outcome,
    /// The ending's verdict; absent in records written before endings had verdicts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verdict: Option<Verdict>,
    /// Closing narration.
    #[serde(rename = "text")]
    pub closing: String,
    /// Final mood.
    pub mood: i32,
    /// Whether the mood collapsed.
    pub collapsed: bool,
}

/// The whole conversation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Transcript {
    /// Scenario id.
    pub scenario_id: String,
    /// Seed.
    pub seed: u64,
    /// Mood at the start.
    pub starting_mood: i32,
    /// Decisions in order.
    pub turns: Vec<TurnRecord>,
    /// The ending, once reached.
    pub end: Option<EndRecord>,
}

impl Transcript {
    /// Mood after each decision, starting with the starting mood.
    pub fn mood_curve(&self) -> Vec<i32> {
        std::iter::once(self.starting_mood)
            .chain(self.turns.iter().map(|t| t.mood_after))
            .collect()
    }

    /// The first critical error, if the trainee made one.
    pub fn critical_turn(&self) -> Option<&TurnRecord> {
        self.turns.iter().find(|t| t.critical)
    }

    /// The actions taken, in order: enough to replay the conversation.
    pub fn actions(&self) -> Vec<Action> {
        self.turns.iter().map(|t| t.action).collect()
    }
}
