//! The conversation engine: plays a scenario one decision at a time.
//!
//! It hands out plain values describing what to show ([`Step`]) and takes the
//! trainee's decision back ([`Conversation::choose`], [`Conversation::time_out`]).
//! All randomness comes from a ChaCha RNG seeded by the caller, so the same
//! scenario, seed and decisions always give the same conversation. No I/O
//! happens here.

mod transcript;

use std::collections::BTreeSet;
use std::sync::Arc;

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use crate::scenario::{Condition, Effects, Outcome, Scenario};
pub use transcript::{Action, EndRecord, EscalationMoment, OfferedOption, Transcript, TurnRecord};

/// The state conditions are evaluated against.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct State {
    /// Index of the current node.
    pub node: usize,
    /// Flags set so far.
    pub flags: BTreeSet<String>,
    /// Nodes visited so far, including the current one.
    pub visited: BTreeSet<usize>,
    /// Current mood 0–100.
    pub mood: i32,
    /// Decisions made so far.
    pub turn: u32,
}

/// A choice the trainee can make now.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OfferedChoice {
    /// Position in the scenario node's `choices` list.
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
    /// The choices on offer, in order; the trainee picks by position.
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
    /// Closing narration.
    pub text: String,
    /// Final mood.
    pub mood: i32,
    /// Whether the conversation ended because the mood collapsed.
    pub collapsed: bool,
}

/// Where the conversation is.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Step {
    /// Waiting for the trainee.
    Turn(TurnView),
    /// Over.
    Ended(EndView),
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
    seed: u64,
    rng: ChaCha8Rng,
    state: State,
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
        let node = scenario
            .node_index(&scenario.start)
            .ok_or_else(|| EngineError::BrokenScenario(scenario.start.clone()))?;
        let mood = scenario.starting_mood().clamp(0, 100);
        let mut conversation = Conversation {
            seed,
            rng: ChaCha8Rng::seed_from_u64(seed),
            state: State {
                node,
                flags: BTreeSet::new(),
                visited: BTreeSet::new(),
                mood,
                turn: 0,
            },
            step: Step::Ended(EndView {
                node_id: String::new(),
                line: None,
                narration: false,
                outcome: Outcome::Unresolved,
                text: String::new(),
                mood,
                collapsed: false,
            }),
            transcript: Transcript {
                scenario_id: scenario.id.clone(),
                seed,
                starting_mood: mood,
                turns: Vec::new(),
                end: None,
            },
            scenario,
        };
        conversation.enter(node, false);
        Ok(conversation)
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

    /// The state conditions see.
    pub fn state(&self) -> &State {
        &self.state
    }

    /// Whether the conversation has ended.
    pub fn is_over(&self) -> bool {
        matches!(self.step, Step::Ended(_))
    }

    /// Everything said and chosen so far.
    pub fn transcript(&self) -> &Transcript {
        &self.transcript
    }

    /// Takes the choice at `position` (0-based) among those on offer.
    pub fn choose(&mut self, position: usize) -> Result<(), EngineError> {
        let Step::Turn(view) = &self.step else {
            return Err(EngineError::Finished);
        };
        let Some(offered) = view.choices.get(position) else {
            return Err(EngineError::NoSuchChoice {
                number: position + 1,
                offered: view.choices.len(),
            });
        };
        let choice_index = offered.choice_index;
        let scenario = Arc::clone(&self.scenario);
        let choice = &scenario.nodes[self.state.node].choices[choice_index];
        let next = scenario
            .node_index(&choice.next)
            .ok_or_else(|| EngineError::BrokenScenario(choice.next.clone()))?;
        self.apply(
            Action::Chose { choice_index },
            &choice.text,
            choice.effects(),
            &choice.sets,
            choice.escalates,
            next,
        );
        Ok(())
    }

    /// Applies the node's timeout consequence: the trainee let the time run out.
    pub fn time_out(&mut self) -> Result<(), EngineError> {
        if self.is_over() {
            return Err(EngineError::Finished);
        }
        let scenario = Arc::clone(&self.scenario);
        let Some(limit) = &scenario.nodes[self.state.node].time_limit else {
            return Err(EngineError::NotTimed);
        };
        let t = &limit.on_timeout;
        let next = scenario
            .node_index(&t.next)
            .ok_or_else(|| EngineError::BrokenScenario(t.next.clone()))?;
        self.apply(
            Action::TimedOut,
            "(no answer in time)",
            t.effects(),
            &t.sets,
            false,
            next,
        );
        Ok(())
    }

    /// Takes a recorded action again: the way records are replayed.
    pub fn apply_action(&mut self, action: Action) -> Result<(), EngineError> {
        match action {
            Action::TimedOut => self.time_out(),
            Action::Chose { choice_index } => {
                let position = match &self.step {
                    Step::Turn(view) => view
                        .choices
                        .iter()
                        .position(|c| c.choice_index == choice_index),
                    Step::Ended(_) => return Err(EngineError::Finished),
                };
                match position {
                    Some(p) => self.choose(p),
                    None => Err(EngineError::NoSuchChoice {
                        number: choice_index + 1,
                        offered: self.offered_count(),
                    }),
                }
            }
        }
    }

    fn offered_count(&self) -> usize {
        match &self.step {
            Step::Turn(v) => v.choices.len(),
            Step::Ended(_) => 0,
        }
    }

    fn apply(
        &mut self,
        action: Action,
        text: &str,
        effects: Effects,
        sets: &[String],
        escalates: bool,
        next: usize,
    ) {
        let Step::Turn(view) = &self.step else {
            return;
        };
        let scenario = Arc::clone(&self.scenario);
        let node = &scenario.nodes[self.state.node];
        let offered = view
            .choices
            .iter()
            .map(|o| {
                let c = &node.choices[o.choice_index];
                OfferedOption {
                    choice_index: o.choice_index,
                    text: c.text.clone(),
                    effects: c.effects(),
                    escalates: c.escalates,
                }
            })
            .collect();
        let timeout = node.time_limit.as_ref().map(|t| t.on_timeout.effects());
        let escalation = node
            .choices
            .iter()
            .any(|c| c.escalates)
            .then(|| self.escalation_moment());

        let mood_before = self.state.mood;
        let applied = (f64::from(effects.mood) * scenario.reactivity()).round() as i32;
        self.state.mood = mood_before.saturating_add(applied).clamp(0, 100);
        self.state.flags.extend(sets.iter().cloned());
        self.state.turn += 1;

        self.transcript.turns.push(TurnRecord {
            turn: self.state.turn,
            node_id: node.id.clone(),
            customer_line: view.line.clone(),
            narration: view.narration,
            offered,
            timeout,
            action,
            text: text.to_string(),
            effects,
            mood_before,
            mood_after: self.state.mood,
            escalated: escalates,
            escalation,
        });

        let collapsed = self.state.mood <= scenario.mood.collapse_at
            && !scenario.nodes[next].is_ending()
            && scenario
                .node_index(&scenario.mood.collapse_ending)
                .is_some();
        let target = if collapsed {
            scenario
                .node_index(&scenario.mood.collapse_ending)
                .unwrap_or(next)
        } else {
            next
        };
        self.enter(target, collapsed);
    }

    /// Whether escalating now would be appropriate and whether it would be too late.
    fn escalation_moment(&self) -> EscalationMoment {
        let rubric = &self.scenario.escalation;
        EscalationMoment {
            appropriate: rubric
                .appropriate_when
                .as_ref()
                .is_some_and(|c| self.holds(c)),
            too_late: rubric.too_late_when.as_ref().is_some_and(|c| self.holds(c)),
        }
    }

    /// Evaluates a condition against the current state.
    pub fn holds(&self, condition: &Condition) -> bool {
        evaluate(condition, &self.state, &self.scenario)
    }

    fn enter(&mut self, index: usize, collapsed: bool) {
        self.state.node = index;
        self.state.visited.insert(index);
        let scenario = Arc::clone(&self.scenario);
        let node = &scenario.nodes[index];
        let line = if node.say.is_empty() {
            None
        } else {
            let pick = self.rng.random_range(0..node.say.len());
            Some(node.say[pick].clone())
        };
        if let Some(ending) = &node.ending {
            let end = EndView {
                node_id: node.id.clone(),
                line: line.clone(),
                narration: node.narration,
                outcome: ending.outcome,
                text: ending.text.clone(),
                mood: self.state.mood,
                collapsed,
            };
            self.transcript.end = Some(EndRecord {
                node_id: node.id.clone(),
                customer_line: line,
                narration: node.narration,
                outcome: ending.outcome,
                text: ending.text.clone(),
                mood: self.state.mood,
                collapsed,
            });
            self.step = Step::Ended(end);
            return;
        }
        let choices: Vec<OfferedChoice> = node
            .choices
            .iter()
            .enumerate()
            .filter(|(_, c)| c.when.as_ref().is_none_or(|w| self.holds(w)))
            .map(|(i, c)| OfferedChoice {
                choice_index: i,
                text: c.text.clone(),
            })
            .collect();
        let time_limit = node.time_limit.as_ref().map(|t| t.seconds);
        if choices.is_empty() && time_limit.is_none() {
            // Every choice is conditional and none holds: the author left the
            // trainee with nothing to say. End rather than hang.
            let end = EndView {
                node_id: node.id.clone(),
                line: line.clone(),
                narration: node.narration,
                outcome: Outcome::Unresolved,
                text: "The conversation stalls: none of the answers you could give apply here."
                    .to_string(),
                mood: self.state.mood,
                collapsed: false,
            };
            self.transcript.end = Some(EndRecord {
                node_id: node.id.clone(),
                customer_line: line,
                narration: node.narration,
                outcome: Outcome::Unresolved,
                text: end.text.clone(),
                mood: self.state.mood,
                collapsed: false,
            });
            self.step = Step::Ended(end);
            return;
        }
        self.step = Step::Turn(TurnView {
            node_id: node.id.clone(),
            line: line.unwrap_or_default(),
            narration: node.narration,
            choices,
            mood: self.state.mood,
            time_limit,
            turn: self.state.turn,
        });
    }
}

/// Evaluates `condition` in `state`.
pub fn evaluate(condition: &Condition, state: &State, scenario: &Scenario) -> bool {
    match condition {
        Condition::Flag(f) => state.flags.contains(f),
        Condition::Visited(id) => scenario
            .node_index(id)
            .is_some_and(|i| state.visited.contains(&i)),
        Condition::MoodAtLeast(m) => state.mood >= *m,
        Condition::MoodBelow(m) => state.mood < *m,
        Condition::TurnAtLeast(t) => state.turn >= *t,
        Condition::TurnBelow(t) => state.turn < *t,
        Condition::All(items) => items.iter().all(|c| evaluate(c, state, scenario)),
        Condition::Any(items) => items.iter().any(|c| evaluate(c, state, scenario)),
        Condition::Not(inner) => !evaluate(inner, state, scenario),
    }
}

/// A decision as typed on the command line: a 1-based choice number or a timeout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Decision {
    /// The choice at this 1-based position among those on offer.
    Choice(usize),
    /// Let the time run out.
    Timeout,
}

impl Conversation {
    /// Applies a [`Decision`].
    pub fn decide(&mut self, decision: Decision) -> Result<(), EngineError> {
        match decision {
            Decision::Choice(0) => Err(EngineError::NoSuchChoice {
                number: 0,
                offered: self.offered_count(),
            }),
            Decision::Choice(n) => self.choose(n - 1),
            Decision::Timeout => self.time_out(),
        }
    }
}
