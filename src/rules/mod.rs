//! The rules of play, written once.
//!
//! Which choices are on offer, the order they are shown in, how a decision
//! moves the customer's mood, when the mood collapses, how escalating would be
//! judged at a moment, and how good a choice is against the others on offer.
//! The engine plays these rules one decision at a time for a trainee; the
//! analysis explores and audits them over every path. Neither writes a rule of
//! its own, so what `frontline analyze` promises is what a trainee gets.
//!
//! A scenario is compiled once into [`Rules`]: flags and nodes become indices,
//! so exploring hundreds of thousands of steps stays fast.

mod judge;

use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use crate::scenario::validate::MAX_SETS;
use crate::scenario::{Condition, Effects, Scenario, SkillWeights, Verdict};
pub use judge::{
    ChoiceVerdict, EscalationClass, Skill, classify_escalation, earned_on_turn, judge_choice,
    quality, skill_ranges,
};

/// The ChaCha stream the choice order is drawn from. Line variants use stream
/// 0, so shuffling left every seed's lines as they were.
const ORDER_STREAM: u64 = 1;

/// The random source of the order choices are shown in for an attempt with
/// `seed`. Anything that predicts what a trainee sees (the engine, the audit)
/// draws from this, in the same sequence: one [`Rules::order`] per node entered.
pub fn order_rng(seed: u64) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(ORDER_STREAM);
    rng
}

/// How escalating would be judged at the moment of a decision, taken before
/// the decision's own effects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Hash)]
pub struct EscalationMoment {
    /// The rubric's `appropriate_when` held.
    pub appropriate: bool,
    /// The rubric's `too_late_when` held.
    pub too_late: bool,
    /// Earlier, escalating was appropriate and on offer, and the trainee
    /// kept the call instead. Only then can `too_late_when` make an
    /// escalation late: a turn spent recovering from a mistake does not.
    #[serde(default)]
    pub declined_before: bool,
}

/// A condition with flag names and node ids resolved to indices.
#[derive(Debug, Clone)]
enum Cond {
    Flag(Option<usize>),
    Visited(Option<usize>),
    MoodAtLeast(i32),
    MoodBelow(i32),
    TurnAtLeast(u32),
    TurnBelow(u32),
    All(Vec<Cond>),
    Any(Vec<Cond>),
    Not(Box<Cond>),
}

/// One thing the trainee can do at a node: a choice, or letting the time run out.
#[derive(Debug, Clone)]
pub struct Move {
    /// Position in the node's `choices`; `None` for the timeout.
    pub choice_index: Option<usize>,
    /// Skill points and mood change, as authored.
    pub effects: Effects,
    /// Flags it sets, as indices into [`Rules::flag_name`].
    pub sets: Vec<usize>,
    /// The node it leads to; `None` when the scenario names a node it does not have.
    pub next: Option<usize>,
    /// Whether it hands the problem to a manager.
    pub escalates: bool,
    /// Whether it is a critical error.
    pub critical: bool,
    /// Whether it keeps its written position when choices are shuffled.
    pub pinned: bool,
    when: Option<Cond>,
}

/// A node as the rules see it.
#[derive(Debug, Clone)]
pub struct NodeRules {
    /// The verdict of the ending, on ending nodes.
    pub ending: Option<Verdict>,
    /// The node's choices, in written order.
    pub choices: Vec<Move>,
    /// What letting the time run out does, on a timed node.
    pub timeout: Option<Move>,
}

/// The escalation facts gathered along a conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct EscalationTrack {
    /// Decision number and moment of the first escalation.
    pub first: Option<(u32, EscalationMoment)>,
    /// An appropriate escalation was on offer and declined before the first escalation.
    pub declined_appropriate: bool,
    /// Decisions, before the first escalation, at which escalating was on offer.
    pub offered_turns: u32,
}

/// The state the rules read and change.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Facts {
    /// Index of the current node.
    pub node: usize,
    /// Which flags are set, by index.
    pub flags: Vec<bool>,
    /// Which nodes have been visited, including the current one.
    pub visited: Vec<bool>,
    /// Current mood 0–100.
    pub mood: i32,
    /// Decisions made so far.
    pub turn: u32,
    /// Escalation so far.
    pub escalation: EscalationTrack,
    /// The first critical error chosen: its decision number and node.
    pub critical: Option<(u32, usize)>,
}

/// What one decision changed, enough to undo it exactly.
#[derive(Debug, Clone, Copy)]
pub struct Applied {
    /// The node the decision was made at.
    pub from: usize,
    /// The node entered.
    pub to: usize,
    /// Mood before the decision.
    pub mood_before: i32,
    /// Whether the mood collapsed and the collapse ending was entered instead of `next`.
    pub collapsed: bool,
    /// How escalating would have been judged, when an escalating choice was on offer.
    pub moment: Option<EscalationMoment>,
    first_visit: bool,
    newly_set: u64,
    escalation_before: EscalationTrack,
    critical_before: Option<(u32, usize)>,
}

/// A scenario compiled for play.
#[derive(Debug, Clone)]
pub struct Rules {
    nodes: Vec<NodeRules>,
    flag_names: Vec<String>,
    appropriate: Option<Cond>,
    too_late: Option<Cond>,
    collapse_ending: Option<usize>,
    collapse_at: i32,
    reactivity: f64,
    starting_mood: i32,
    start: Option<usize>,
    shuffle: bool,
    weights: SkillWeights,
}

impl Rules {
    /// Compiles a scenario. Broken references (which validation reports) become
    /// `None` and never panic.
    pub fn new(s: &Scenario) -> Rules {
        let mut flag_names: Vec<String> = Vec::new();
        let flag = |name: &str, names: &mut Vec<String>| match names.iter().position(|f| f == name)
        {
            Some(i) => i,
            None => {
                names.push(name.to_string());
                names.len() - 1
            }
        };
        // Flags that something sets get indices first; a condition on any
        // other flag can never hold.
        for n in &s.nodes {
            for c in &n.choices {
                for f in &c.sets {
                    flag(f, &mut flag_names);
                }
            }
            if let Some(t) = &n.time_limit {
                for f in &t.on_timeout.sets {
                    flag(f, &mut flag_names);
                }
            }
        }
        let compile = |c: &Condition| compile(s, &flag_names, c);
        let nodes = s
            .nodes
            .iter()
            .map(|n| NodeRules {
                ending: n.ending.as_ref().map(|e| e.verdict()),
                choices: n
                    .choices
                    .iter()
                    .enumerate()
                    .map(|(i, c)| Move {
                        choice_index: Some(i),
                        effects: c.effects(),
                        sets: c
                            .sets
                            .iter()
                            .filter_map(|f| index_of(&flag_names, f))
                            .collect(),
                        next: s.node_index(&c.next),
                        escalates: c.escalates,
                        critical: c.critical.is_some(),
                        pinned: c.pinned,
                        when: c.when.as_ref().map(compile),
                    })
                    .collect(),
                timeout: n.time_limit.as_ref().map(|t| Move {
                    choice_index: None,
                    effects: t.on_timeout.effects(),
                    sets: t
                        .on_timeout
                        .sets
                        .iter()
                        .filter_map(|f| index_of(&flag_names, f))
                        .collect(),
                    next: s.node_index(&t.on_timeout.next),
                    escalates: false,
                    critical: false,
                    pinned: false,
                    when: None,
                }),
            })
            .collect();
        Rules {
            nodes,
            appropriate: s.escalation.appropriate_when.as_ref().map(compile),
            too_late: s.escalation.too_late_when.as_ref().map(compile),
            flag_names,
            collapse_ending: s.node_index(&s.mood.collapse_ending),
            collapse_at: s.mood.collapse_at,
            reactivity: s.reactivity(),
            starting_mood: s.starting_mood().clamp(0, 100),
            start: s.node_index(&s.start),
            shuffle: s.keep_choice_order.is_none(),
            weights: s.scoring.weights,
        }
    }

    /// The compiled nodes, in the scenario's order.
    pub fn nodes(&self) -> &[NodeRules] {
        &self.nodes
    }

    /// The name of the flag with this index.
    /// The index of the flag called `name`, if any condition or choice uses it.
    pub fn flag_index(&self, name: &str) -> Option<usize> {
        self.flag_names.iter().position(|f| f == name)
    }

    /// The name of flag `index`.
    pub fn flag_name(&self, index: usize) -> &str {
        &self.flag_names[index]
    }

    /// The skill weights, for judging choices.
    pub fn weights(&self) -> &SkillWeights {
        &self.weights
    }

    /// The state at the start, or `None` when the start node does not exist.
    pub fn start(&self) -> Option<Facts> {
        let start = self.start?;
        let mut visited = vec![false; self.nodes.len()];
        visited[start] = true;
        Some(Facts {
            node: start,
            flags: vec![false; self.flag_names.len()],
            visited,
            mood: self.starting_mood,
            turn: 0,
            escalation: EscalationTrack::default(),
            critical: None,
        })
    }

    /// Whether a scenario condition holds in `facts`.
    pub fn holds(&self, s: &Scenario, condition: &Condition, facts: &Facts) -> bool {
        holds(&compile(s, &self.flag_names, condition), facts)
    }

    /// Whether the choice at `choice_index` of the current node is on offer.
    pub fn is_offered(&self, facts: &Facts, choice_index: usize) -> bool {
        self.nodes[facts.node].choices[choice_index]
            .when
            .as_ref()
            .is_none_or(|w| holds(w, facts))
    }

    /// The choices on offer at the current node, as indices into its `choices`, in written order.
    pub fn offered<'a>(&'a self, facts: &'a Facts) -> impl Iterator<Item = usize> + 'a {
        (0..self.nodes[facts.node].choices.len()).filter(move |&i| self.is_offered(facts, i))
    }

    /// Puts the offered choices in the order the trainee sees them: shuffled
    /// with `rng`, except pinned choices, which keep their place in the list,
    /// and scenarios that keep the written order.
    pub fn order(&self, node: usize, offered: &mut [usize], rng: &mut impl Rng) {
        if !self.shuffle || offered.len() < 2 {
            return;
        }
        let choices = &self.nodes[node].choices;
        let free: Vec<usize> = (0..offered.len())
            .filter(|&p| !choices[offered[p]].pinned)
            .collect();
        let mut items: Vec<usize> = free.iter().map(|&p| offered[p]).collect();
        items.shuffle(rng);
        for (&p, item) in free.iter().zip(items) {
            offered[p] = item;
        }
    }

    /// How escalating would be judged now.
    pub fn moment(&self, facts: &Facts) -> EscalationMoment {
        EscalationMoment {
            appropriate: self.appropriate.as_ref().is_some_and(|c| holds(c, facts)),
            too_late: self.too_late.as_ref().is_some_and(|c| holds(c, facts)),
            declined_before: facts.escalation.declined_appropriate,
        }
    }

    /// The mood after a change of `delta`, with the customer's reactivity.
    pub fn mood_after(&self, mood: i32, delta: i32) -> i32 {
        let applied = (f64::from(delta) * self.reactivity).round() as i32;
        mood.saturating_add(applied).clamp(0, 100)
    }

    /// Takes `mv` (one of the current node's moves) with `offered` the
    /// choices that were on offer. Returns `None`, changing nothing, when the
    /// move leads to a node the scenario does not have.
    pub fn apply(&self, facts: &mut Facts, mv: &Move, offered: &[usize]) -> Option<Applied> {
        let next = mv.next?;
        let from = facts.node;
        let node = &self.nodes[from];
        let escalation_before = facts.escalation;
        let critical_before = facts.critical;
        let moment = offered
            .iter()
            .any(|&i| node.choices[i].escalates)
            .then(|| self.moment(facts));

        let mood_before = facts.mood;
        facts.mood = self.mood_after(mood_before, mv.effects.mood);
        let mut newly_set: u64 = 0;
        for (k, &f) in mv.sets.iter().enumerate() {
            if !facts.flags[f] {
                // Validation allows at most `MAX_SETS` flags per choice, so the
                // mask records exactly which ones this move set for the first time.
                newly_set |= 1u64.checked_shl(k as u32).unwrap_or(0);
                facts.flags[f] = true;
            }
        }
        facts.turn += 1;
        if let Some(m) = moment
            && facts.escalation.first.is_none()
        {
            facts.escalation.offered_turns += 1;
            if mv.escalates {
                facts.escalation.first = Some((facts.turn, m));
            } else if m.appropriate {
                facts.escalation.declined_appropriate = true;
            }
        }
        if mv.critical && facts.critical.is_none() {
            facts.critical = Some((facts.turn, from));
        }
        let collapsed = facts.mood <= self.collapse_at
            && self.nodes[next].ending.is_none()
            && self.collapse_ending.is_some();
        let to = if collapsed {
            self.collapse_ending.unwrap_or(next)
        } else {
            next
        };
        let first_visit = !facts.visited[to];
        facts.visited[to] = true;
        facts.node = to;
        Some(Applied {
            from,
            to,
            mood_before,
            collapsed,
            moment,
            first_visit,
            newly_set,
            escalation_before,
            critical_before,
        })
    }

    /// Undoes what [`Rules::apply`] did with `mv`.
    pub fn undo(&self, facts: &mut Facts, mv: &Move, applied: &Applied) {
        if applied.first_visit {
            facts.visited[applied.to] = false;
        }
        facts.node = applied.from;
        facts.turn -= 1;
        for (k, &f) in mv.sets.iter().enumerate() {
            if k < MAX_SETS && applied.newly_set & (1 << k) != 0 {
                facts.flags[f] = false;
            }
        }
        facts.mood = applied.mood_before;
        facts.escalation = applied.escalation_before;
        facts.critical = applied.critical_before;
    }

    /// Whether `node` is an ending.
    pub fn is_ending(&self, node: usize) -> bool {
        self.nodes[node].ending.is_some()
    }
}

fn index_of(names: &[String], name: &str) -> Option<usize> {
    names.iter().position(|n| n == name)
}

fn compile(s: &Scenario, flags: &[String], c: &Condition) -> Cond {
    match c {
        Condition::Flag(f) => Cond::Flag(index_of(flags, f)),
        Condition::Visited(id) => Cond::Visited(s.node_index(id)),
        Condition::MoodAtLeast(m) => Cond::MoodAtLeast(*m),
        Condition::MoodBelow(m) => Cond::MoodBelow(*m),
        Condition::TurnAtLeast(t) => Cond::TurnAtLeast(*t),
        Condition::TurnBelow(t) => Cond::TurnBelow(*t),
        Condition::All(items) => Cond::All(items.iter().map(|i| compile(s, flags, i)).collect()),
        Condition::Any(items) => Cond::Any(items.iter().map(|i| compile(s, flags, i)).collect()),
        Condition::Not(inner) => Cond::Not(Box::new(compile(s, flags, inner))),
    }
}

fn holds(c: &Cond, f: &Facts) -> bool {
    match c {
        Cond::Flag(i) => i.is_some_and(|i| f.flags[i]),
        Cond::Visited(i) => i.is_some_and(|i| f.visited[i]),
        Cond::MoodAtLeast(m) => f.mood >= *m,
        Cond::MoodBelow(m) => f.mood < *m,
        Cond::TurnAtLeast(t) => f.turn >= *t,
        Cond::TurnBelow(t) => f.turn < *t,
        Cond::All(items) => items.iter().all(|c| holds(c, f)),
        Cond::Any(items) => items.iter().any(|c| holds(c, f)),
        Cond::Not(inner) => !holds(inner, f),
    }
}
