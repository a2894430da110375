//! The class debrief: the path the room played, scored as any attempt is,
//! and for every turn the room's split against the core's verdict of each
//! option, with the turns worth talking about first.

use serde::Serialize;

use crate::engine::Conversation;
use crate::rules::ChoiceVerdict;
use crate::scoring::{Scorecard, score};

/// One turn the room played.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClassTurn {
    /// 1-based decision number.
    pub turn: u32,
    /// The node the turn was played at.
    pub node_id: String,
    /// What the customer said.
    pub customer_line: String,
    /// Whether the line was narration.
    pub narration: bool,
    /// Every option in the order the room saw it, with the core's verdict.
    pub options: Vec<(String, ChoiceVerdict)>,
    /// Each option's place among the node's written choices, in the order shown.
    pub choice_indexes: Vec<usize>,
    /// Votes per option.
    pub tally: Vec<u32>,
    /// Devices that voted.
    pub voted: u32,
    /// The room's choice (0-based), if anyone voted.
    pub majority: Option<usize>,
    /// What the coach played (0-based): the room's choice, or another to discuss.
    pub played: usize,
}

impl ClassTurn {
    /// Share of the votes on options the core judges best, 0–1.
    pub fn best_share(&self) -> f64 {
        self.share(|v| v == ChoiceVerdict::Best)
    }

    /// Share of the votes on weak options or critical errors, 0–1.
    pub fn wrong_share(&self) -> f64 {
        self.share(|v| matches!(v, ChoiceVerdict::Weak | ChoiceVerdict::Critical))
    }

    fn share(&self, pick: impl Fn(ChoiceVerdict) -> bool) -> f64 {
        if self.voted == 0 {
            return 0.0;
        }
        let n: u32 = self
            .options
            .iter()
            .zip(&self.tally)
            .filter(|((_, v), _)| pick(*v))
            .map(|(_, &n)| n)
            .sum();
        f64::from(n) / f64::from(self.voted)
    }

    /// Share of the votes on the most popular option, 0–1: the lower, the
    /// more the room split.
    pub fn agreement(&self) -> f64 {
        if self.voted == 0 {
            return 1.0;
        }
        f64::from(self.tally.iter().copied().max().unwrap_or(0)) / f64::from(self.voted)
    }

    /// Whether the room's choice was a weak option or a critical error.
    pub fn room_went_wrong(&self) -> bool {
        self.majority
            .and_then(|m| self.options.get(m))
            .is_some_and(|(_, v)| matches!(v, ChoiceVerdict::Weak | ChoiceVerdict::Critical))
    }

    /// Whether the coach played something other than the room's choice.
    pub fn what_if(&self) -> bool {
        self.majority.is_some_and(|m| m != self.played)
    }
}

/// The debrief of a workshop.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClassDebrief {
    /// Scenario id.
    pub scenario_id: String,
    /// Scenario title.
    pub title: String,
    /// The path played, scored as any attempt is.
    pub scorecard: Scorecard,
    /// Every turn, in order.
    pub turns: Vec<ClassTurn>,
    /// A random id for this workshop, the xAPI registration of its statements.
    pub workshop_id: String,
}

impl ClassDebrief {
    pub(super) fn new(conversation: &Conversation, turns: &[ClassTurn], id: &str) -> Self {
        let scenario = conversation.scenario();
        ClassDebrief {
            scenario_id: scenario.id.clone(),
            title: scenario.title.clone(),
            scorecard: score(scenario, conversation.transcript()),
            turns: turns.to_vec(),
            workshop_id: id.to_string(),
        }
    }

    /// The turns a coach talks about first: where the room went wrong (most
    /// of the room on weak options first), then where it split most. Turns
    /// nobody voted on are left out.
    pub fn highlights(&self) -> Vec<&ClassTurn> {
        let mut voted: Vec<&ClassTurn> = self.turns.iter().filter(|t| t.voted > 0).collect();
        voted.sort_by(|a, b| {
            b.room_went_wrong()
                .cmp(&a.room_went_wrong())
                .then(b.wrong_share().total_cmp(&a.wrong_share()))
                .then(a.agreement().total_cmp(&b.agreement()))
                .then(a.turn.cmp(&b.turn))
        });
        voted
    }
}
