//! The conversation engine: plays a scenario one decision at a time.
//!
//! It hands out plain values describing what to show ([`Step`]) and takes the
//! trainee's decision back ([`Conversation::choose`], [`Conversation::time_out`]).
//! All randomness comes from a ChaCha RNG seeded by the caller, so the same
//! scenario, seed and decisions always give the same conversation. No I/O
//! happens here.

pub mod social;
mod transcript;

use std::sync::Arc;

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

pub use crate::rules::EscalationMoment;
use crate::rules::{
    ChoiceVerdict, Facts, Move, Rules, classify_escalation, judge_choice, order_rng,
};
use crate::scenario::{Condition, Outcome, Scenario, Verdict};
pub use transcript::{Action, EndRecord, OfferedOption, Transcript, TurnRecord};

/// A choice the trainee can make now.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OfferedChoice {
    /// Position in the scenario node's `choices` list (the authored choice).
    pub choice_index: usize,
    /// What the trainee would say.
    pub text: String,
}

/// What to show while the trainee has to decide.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TurnView {
    /// Current node id.
    pub node_id: String,
    /// The customer's line for this turn (one variant, picked by the seeded RNG).
    pub line: String,
    /// Whether the line is narration rather than the customer's words.
    pub narration: bool,
    /// The choices on offer, in the order shown; the trainee picks by position.
    pub choices: Vec<OfferedChoice>,
    /// Current mood 0–100.
    pub mood: i32,
    /// Seconds the trainee has, if the node is timed.
    pub time_limit: Option<u32>,
    /// Decisions made so far.
    pub turn: u32,
}

/// What to show once the conversation is over.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EndView {
    /// Ending node id.
    pub node_id: String,
    /// The customer's last line, if any.
    pub line: Option<String>,
    /// Whether the last line is narration rather than the customer's words.
    pub narration: bool,
    /// The outcome.
    pub outcome: Outcome,
    /// Whether the ending is a good, acceptable or failed result.
    pub verdict: Verdict,
    /// Closing narration.
    #[serde(rename = "text")]
    pub closing: String,
    /// Final mood.
    pub mood: i32,
    /// Whether the conversation ended because the mood collapsed.
    pub collapsed: bool,
}

impl EndView {
    /// The same ending as it is kept in the transcript.
    pub fn record(&self) -> EndRecord {
        EndRecord {
            node_id: self.node_id.clone(),
            customer_line: self.line.clone(),
            narration: self.narration,
            outcome: self.outcome,
            verdict: Some(self.verdict),
            closing: self.closing.clone(),
            mood: self.mood,
            collapsed: self.collapsed,
        }
    }
}

/// Where the conversation is.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Step {
    /// Waiting for the trainee.
    Turn(TurnView),
    /// Over.
    Ended(EndView),
}

/// What one decision did: the record of the turn, the author's feedback on
/// it, and the core's verdict of the choice against what was on offer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TurnResult {
    /// The turn as the transcript keeps it.
    pub record: TurnRecord,
    /// The author's feedback on what was done.
    pub feedback: String,
    /// How the decision compares with the other options on offer.
    pub verdict: ChoiceVerdict,
}

/// A decision the engine cannot take.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EngineError {
    /// The conversation is already over.
    #[error("the conversation is already over")]
    Finished,
    /// There is no offered choice at this position.
    #[error("there is no choice {number} on this turn (choices 1 to {offered} are on offer)")]
    NoSuchChoice {
        /// 1-based number asked for.
        number: usize,
        /// How many are on offer.
        offered: usize,
    },
    /// This turn has no time limit, so it cannot time out.
    #[error("this turn has no time limit, so it cannot time out")]
    NotTimed,
    /// The scenario refers to a node it does not have (validation would have said so).
    #[error("the scenario has no node {0:?}; check it with `frontline check`")]
    BrokenScenario(String),
}

/// A conversation in progress or finished.
#[derive(Debug, Clone)]
pub struct Conversation {
    scenario: Arc<Scenario>,
    rules: Arc<Rules>,
    seed: u64,
    rng: ChaCha8Rng,
    order_rng: ChaCha8Rng,
    facts: Facts,
    /// The choices on offer, as indices into the node's `choices`, in the order shown.
    offered: Vec<usize>,
    step: Step,
    transcript: Transcript,
}

/// Starts a conversation. Equivalent to [`Conversation::start`].
pub fn start(scenario: Arc<Scenario>, seed: u64) -> Result<Conversation, EngineError> {
    Conversation::start(scenario, seed)
}

impl Conversation {
    /// Starts `scenario` with the RNG seeded by `seed`.
    pub fn start(scenario: Arc<Scenario>, seed: u64) -> Result<Self, EngineError> {
        let rules = Arc::new(Rules::new(&scenario));
        Self::start_with(scenario, rules, seed)
    }

    /// Starts `scenario` with rules already compiled from it (the audit plays
    /// many conversations of one scenario).
    pub fn start_with(
        scenario: Arc<Scenario>,
        rules: Arc<Rules>,
        seed: u64,
    ) -> Result<Self, EngineError> {
        let facts = rules
            .start()
            .ok_or_else(|| EngineError::BrokenScenario(scenario.start.clone()))?;
        let order_rng = order_rng(seed);
        let node = facts.node;
        let mood = facts.mood;
        let mut conversation = Conversation {
            seed,
            rng: ChaCha8Rng::seed_from_u64(seed),
            order_rng,
            facts,
            offered: Vec::new(),
            step: Step::Turn(TurnView {
                node_id: String::new(),
                line: String::new(),
                narration: false,
                choices: Vec::new(),
                mood,
                time_limit: None,
                turn: 0,
            }),
            transcript: Transcript {
                scenario_id: scenario.id.clone(),
                seed,
                starting_mood: mood,
                turns: Vec::new(),
                end: None,
            },
            scenario,
            rules,
        };
        conversation.enter(node, false);
        Ok(conversation)
    }

    /// Starts `scenario` part-way through, at `node`, as if the customer's
    /// mood were `mood`, `flags` were set and `turn` decisions had been made:
    /// for an author trying a node out ("play from here"). Flags nothing in
    /// the scenario uses are ignored.
    pub fn start_at(
        scenario: Arc<Scenario>,
        seed: u64,
        node: &str,
        mood: i32,
        flags: &[String],
        turn: u32,
    ) -> Result<Self, EngineError> {
        let mut c = Self::start(Arc::clone(&scenario), seed)?;
        let index = scenario
            .node_index(node)
            .ok_or_else(|| EngineError::BrokenScenario(node.to_string()))?;
        c.facts.node = index;
        c.facts.mood = mood.clamp(0, 100);
        c.facts.turn = turn;
        c.facts.visited[index] = true;
        for f in flags {
            if let Some(i) = c.rules.flag_index(f) {
                c.facts.flags[i] = true;
            }
        }
        c.transcript.starting_mood = c.facts.mood;
        c.enter(index, false);
        Ok(c)
    }

    /// The scenario being played.
    pub fn scenario(&self) -> &Arc<Scenario> {
        &self.scenario
    }

    /// The seed the conversation was started with.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// What to show now.
    pub fn step(&self) -> &Step {
        &self.step
    }

    /// The state the rules see: flags, visited nodes, mood, turn.
    pub fn facts(&self) -> &Facts {
        &self.facts
    }

    /// Whether the conversation has ended.
    pub fn is_over(&self) -> bool {
        matches!(self.step, Step::Ended(_))
    }

    /// Everything said and chosen so far.
    pub fn transcript(&self) -> &Transcript {
        &self.transcript
    }

    /// Evaluates a condition against the current state.
    pub fn holds(&self, condition: &Condition) -> bool {
        self.rules.holds(&self.scenario, condition, &self.facts)
    }

    /// Takes the choice at `position` (0-based) in the order shown.
    pub fn choose(&mut self, position: usize) -> Result<TurnResult, EngineError> {
        if self.is_over() {
            return Err(EngineError::Finished);
        }
        let Some(&choice_index) = self.offered.get(position) else {
            return Err(EngineError::NoSuchChoice {
                number: position + 1,
                offered: self.offered.len(),
            });
        };
        let rules = Arc::clone(&self.rules);
        let mv = &rules.nodes()[self.facts.node].choices[choice_index];
        self.apply(Action::Chose { choice_index }, mv)
    }

    /// Applies the node's timeout consequence: the trainee let the time run out.
    pub fn time_out(&mut self) -> Result<TurnResult, EngineError> {
        if self.is_over() {
            return Err(EngineError::Finished);
        }
        let rules = Arc::clone(&self.rules);
        let Some(mv) = &rules.nodes()[self.facts.node].timeout else {
            return Err(EngineError::NotTimed);
        };
        self.apply(Action::TimedOut, mv)
    }

    /// Takes a recorded action again: the way records are replayed. Actions
    /// name the authored choice, so replays do not depend on the order shown.
    pub fn apply_action(&mut self, action: Action) -> Result<TurnResult, EngineError> {
        match action {
            Action::TimedOut => self.time_out(),
            Action::Chose { choice_index } => {
                if self.is_over() {
                    return Err(EngineError::Finished);
                }
                match self.offered.iter().position(|&c| c == choice_index) {
                    Some(p) => self.choose(p),
                    None => Err(EngineError::NoSuchChoice {
                        number: choice_index + 1,
                        offered: self.offered.len(),
                    }),
                }
            }
        }
    }

    /// The position (0-based, in the order shown) of an authored choice, if it is on offer.
    pub fn position_of(&self, choice_index: usize) -> Option<usize> {
        self.offered.iter().position(|&c| c == choice_index)
    }

    /// The position (0-based, in the order shown) of the `n`-th (1-based)
    /// choice on offer counted in the scenario's written order: how scripted
    /// runs that read against the file (tests, the smoke run) find it.
    pub fn position_of_written(&self, n: usize) -> Option<usize> {
        let mut written = self.offered.clone();
        written.sort_unstable();
        self.position_of(*written.get(n.checked_sub(1)?)?)
    }

    fn apply(&mut self, action: Action, mv: &Move) -> Result<TurnResult, EngineError> {
        let Step::Turn(view) = &self.step else {
            return Err(EngineError::Finished);
        };
        let scenario = Arc::clone(&self.scenario);
        let node = &scenario.nodes[self.facts.node];
        let (text, feedback, critical) = match action {
            Action::Chose { choice_index } => {
                let c = &node.choices[choice_index];
                (c.text.clone(), c.feedback.clone(), c.critical.is_some())
            }
            Action::TimedOut => (
                "(no answer in time)".to_string(),
                node.time_limit
                    .as_ref()
                    .map(|t| t.on_timeout.feedback.clone())
                    .unwrap_or_default(),
                false,
            ),
        };
        let missing = || match action {
            Action::Chose { choice_index } => node.choices[choice_index].next.clone(),
            Action::TimedOut => node
                .time_limit
                .as_ref()
                .map(|t| t.on_timeout.next.clone())
                .unwrap_or_default(),
        };
        let offered: Vec<OfferedOption> = self
            .offered
            .iter()
            .map(|&i| {
                let c = &node.choices[i];
                OfferedOption {
                    choice_index: i,
                    text: c.text.clone(),
                    effects: c.effects(),
                    escalates: c.escalates,
                }
            })
            .collect();
        let timeout = node.time_limit.as_ref().map(|t| t.on_timeout.effects());
        let customer_line = view.line.clone();
        let narration = view.narration;
        let shown = self.offered.clone();
        let applied = self
            .rules
            .apply(&mut self.facts, mv, &shown)
            .ok_or_else(|| EngineError::BrokenScenario(missing()))?;

        let record = TurnRecord {
            turn: self.facts.turn,
            node_id: node.id.clone(),
            customer_line,
            narration,
            offered,
            timeout,
            action,
            said: text,
            effects: mv.effects,
            mood_before: applied.mood_before,
            mood_after: self.facts.mood,
            escalated: mv.escalates,
            escalation: applied.moment,
            critical,
        };
        let verdict = judge_turn(&scenario, &record);
        self.transcript.turns.push(record.clone());
        self.enter(applied.to, applied.collapsed);
        Ok(TurnResult {
            record,
            feedback,
            verdict,
        })
    }

    fn enter(&mut self, index: usize, collapsed: bool) {
        let scenario = Arc::clone(&self.scenario);
        let node = &scenario.nodes[index];
        let line = if node.say.is_empty() {
            None
        } else {
            let pick = self.rng.random_range(0..node.say.len());
            Some(node.say[pick].clone())
        };
        if let Some(ending) = &node.ending {
            self.end(EndView {
                node_id: node.id.clone(),
                line,
                narration: node.narration,
                outcome: ending.outcome,
                verdict: ending.verdict(),
                closing: ending.text.clone(),
                mood: self.facts.mood,
                collapsed,
            });
            return;
        }
        let mut offered: Vec<usize> = self.rules.offered(&self.facts).collect();
        self.rules.order(index, &mut offered, &mut self.order_rng);
        let time_limit = node.time_limit.as_ref().map(|t| t.seconds);
        if offered.is_empty() && time_limit.is_none() {
            // Every choice is conditional and none holds: the author left the
            // trainee with nothing to say. End rather than hang.
            self.end(EndView {
                node_id: node.id.clone(),
                line,
                narration: node.narration,
                outcome: Outcome::Unresolved,
                verdict: Outcome::Unresolved.default_verdict(),
                closing: "The conversation stalls: none of the answers you could give apply here."
                    .to_string(),
                mood: self.facts.mood,
                collapsed: false,
            });
            return;
        }
        self.step = Step::Turn(TurnView {
            node_id: node.id.clone(),
            line: line.unwrap_or_default(),
            narration: node.narration,
            choices: offered
                .iter()
                .map(|&i| OfferedChoice {
                    choice_index: i,
                    text: node.choices[i].text.clone(),
                })
                .collect(),
            mood: self.facts.mood,
            time_limit,
            turn: self.facts.turn,
        });
        self.offered = offered;
    }

    fn end(&mut self, view: EndView) {
        self.offered.clear();
        self.transcript.end = Some(view.record());
        self.step = Step::Ended(view);
    }
}

/// The core's verdict on a recorded turn: how the decision compares with what
/// was on offer, whether it was a critical error, and whether its escalation
/// was well timed. Scoring and learning mode both use this.
pub fn judge_turn(scenario: &Scenario, turn: &TurnRecord) -> ChoiceVerdict {
    let options = turn.options();
    let escalation = turn
        .escalated
        .then(|| classify_escalation(scenario.escalation.required, turn.escalation));
    judge_choice(
        &options,
        &turn.effects,
        &scenario.scoring.weights,
        turn.critical,
        escalation,
    )
}

/// A decision as typed on the command line: a 1-based choice number or a timeout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Decision {
    /// The choice at this 1-based position among those on offer.
    Choice(usize),
    /// Let the time run out.
    Timeout,
}

impl std::fmt::Display for Decision {
    /// As `--choices` takes it: the number, or `t` for a timeout.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Decision::Choice(n) => write!(f, "{n}"),
            Decision::Timeout => f.write_str("t"),
        }
    }
}

/// Decisions as `--choices` takes them: `3,1,t,2`.
pub fn choices_text(decisions: &[Decision]) -> String {
    decisions
        .iter()
        .map(Decision::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

/// A fresh seed for a new attempt. Only the choice of seed is random (it
/// reads the clock and the process id); the seed is recorded with the
/// attempt, so the conversation replays exactly.
pub fn fresh_seed() -> u64 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    // Spread the bits so that seeds taken a moment apart are not neighbours.
    (nanos as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)
        ^ u64::from(std::process::id()).rotate_left(32)
}

impl Conversation {
    /// Applies a [`Decision`].
    pub fn decide(&mut self, decision: Decision) -> Result<TurnResult, EngineError> {
        match decision {
            Decision::Choice(0) => Err(EngineError::NoSuchChoice {
                number: 0,
                offered: self.offered.len(),
            }),
            Decision::Choice(n) => self.choose(n - 1),
            Decision::Timeout => self.time_out(),
        }
    }
}
