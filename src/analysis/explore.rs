//! Exhaustive exploration of playthroughs under the real rules, with undo
//! instead of cloning so that large scenarios stay fast.

use serde::Serialize;

use crate::engine::{Decision, EscalationMoment};
use crate::scenario::{Condition, Effects, Scenario};
use crate::scoring::{EscalationClass, Skill, classify_escalation, overall, skill_percent};

/// Choices per node handled without allocating.
const MAX_FAST_CHOICES: usize = 16;

/// Longest playthrough followed, in decisions; longer ones are cut and counted.
pub const MAX_DECISIONS: u32 = 80;

/// Lowest and highest value seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Range {
    /// Lowest.
    pub min: u8,
    /// Highest.
    pub max: u8,
}

impl Range {
    fn widen(range: &mut Option<Range>, v: u8) {
        *range = Some(match *range {
            None => Range { min: v, max: v },
            Some(r) => Range {
                min: r.min.min(v),
                max: r.max.max(v),
            },
        });
    }
}

/// One explored playthrough worth keeping: the best or the worst.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PathSummary {
    /// Overall score.
    pub overall: u8,
    /// Whether it passes.
    pub passed: bool,
    /// The decisions, as 1-based choice numbers or timeouts: feed them to `frontline play --choices`.
    pub decisions: Vec<Decision>,
    /// Ending node id.
    pub ending: String,
}

/// What exploring the playthroughs found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Exploration {
    /// Playthroughs followed to an ending.
    pub playthroughs: u64,
    /// Whether every playthrough was followed (the budget did not run out).
    pub complete: bool,
    /// Playthroughs cut because they exceeded [`MAX_DECISIONS`].
    pub cut: u64,
    /// Range of listening, problem solving and compassion scores (in [`Skill::ALL`] order).
    pub skills: [Option<Range>; 3],
    /// Range of escalation-timing scores.
    pub escalation: Option<Range>,
    /// Range of overall scores.
    pub overall: Option<Range>,
    /// Whether some playthrough passes.
    pub pass_reachable: bool,
    /// Whether some playthrough fails.
    pub fail_reachable: bool,
    /// The highest-scoring playthrough (the first found on ties).
    pub best: Option<PathSummary>,
    /// The lowest-scoring playthrough.
    pub worst: Option<PathSummary>,
    /// Decision numbers at which escalating was judged timely, if any.
    pub timely_turns: Option<(u32, u32)>,
    /// Every ending and whether some playthrough reached it.
    pub endings_reached: Vec<(String, bool)>,
    /// Nodes where some playthrough stalled: no choice's condition held and there was no time limit.
    pub stalls: Vec<String>,
}

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

struct Compiled {
    flag_names: Vec<String>,
}

impl Compiled {
    fn flag(&mut self, name: &str) -> usize {
        match self.flag_names.iter().position(|f| f == name) {
            Some(i) => i,
            None => {
                self.flag_names.push(name.to_string());
                self.flag_names.len() - 1
            }
        }
    }

    fn cond(&mut self, s: &Scenario, c: &Condition) -> Cond {
        match c {
            Condition::Flag(f) => Cond::Flag(self.flag_names.iter().position(|n| n == f)),
            Condition::Visited(id) => Cond::Visited(s.node_index(id)),
            Condition::MoodAtLeast(m) => Cond::MoodAtLeast(*m),
            Condition::MoodBelow(m) => Cond::MoodBelow(*m),
            Condition::TurnAtLeast(t) => Cond::TurnAtLeast(*t),
            Condition::TurnBelow(t) => Cond::TurnBelow(*t),
            Condition::All(items) => Cond::All(items.iter().map(|i| self.cond(s, i)).collect()),
            Condition::Any(items) => Cond::Any(items.iter().map(|i| self.cond(s, i)).collect()),
            Condition::Not(inner) => Cond::Not(Box::new(self.cond(s, inner))),
        }
    }
}

struct Option_ {
    effects: Effects,
    sets: Vec<usize>,
    next: usize,
    escalates: bool,
    when: Option<Cond>,
}

struct NodeInfo {
    ending: bool,
    options: Vec<Option_>,
    timeout: Option<Option_>,
    any_escalates: bool,
}

struct State {
    node: usize,
    flags: Vec<bool>,
    visited: Vec<bool>,
    mood: i32,
    turn: u32,
    earned: [i32; 3],
    possible: [i32; 3],
    first_escalation: Option<(u32, Option<EscalationMoment>)>,
    path: Vec<Decision>,
}

struct Explorer<'a> {
    s: &'a Scenario,
    nodes: Vec<NodeInfo>,
    appropriate: Option<Cond>,
    too_late: Option<Cond>,
    collapse: Option<usize>,
    reactivity: f64,
    budget: u64,
    steps: u64,
    out: Exploration,
    reached: Vec<bool>,
}

fn holds(c: &Cond, st: &State) -> bool {
    match c {
        Cond::Flag(i) => i.is_some_and(|i| st.flags[i]),
        Cond::Visited(i) => i.is_some_and(|i| st.visited[i]),
        Cond::MoodAtLeast(m) => st.mood >= *m,
        Cond::MoodBelow(m) => st.mood < *m,
        Cond::TurnAtLeast(t) => st.turn >= *t,
        Cond::TurnBelow(t) => st.turn < *t,
        Cond::All(items) => items.iter().all(|c| holds(c, st)),
        Cond::Any(items) => items.iter().any(|c| holds(c, st)),
        Cond::Not(inner) => !holds(inner, st),
    }
}

/// Explores the playthroughs of a valid scenario within `budget` steps.
pub fn explore(s: &Scenario, budget: u64) -> Exploration {
    let mut compiled = Compiled {
        flag_names: Vec::new(),
    };
    // Flags that something sets get indices first; a condition on any other
    // flag can never hold.
    for n in &s.nodes {
        for c in &n.choices {
            for f in &c.sets {
                compiled.flag(f);
            }
        }
        if let Some(t) = &n.time_limit {
            for f in &t.on_timeout.sets {
                compiled.flag(f);
            }
        }
    }
    let mut nodes = Vec::with_capacity(s.nodes.len());
    for n in &s.nodes {
        let mut options = Vec::with_capacity(n.choices.len());
        let mut broken = false;
        for c in &n.choices {
            let Some(next) = s.node_index(&c.next) else {
                broken = true;
                continue;
            };
            options.push(Option_ {
                effects: c.effects(),
                sets: c.sets.iter().map(|f| compiled.flag(f)).collect(),
                next,
                escalates: c.escalates,
                when: c.when.as_ref().map(|w| compiled.cond(s, w)),
            });
        }
        let timeout = n.time_limit.as_ref().and_then(|t| {
            let next = s.node_index(&t.on_timeout.next)?;
            Some(Option_ {
                effects: t.on_timeout.effects(),
                sets: t.on_timeout.sets.iter().map(|f| compiled.flag(f)).collect(),
                next,
                escalates: false,
                when: None,
            })
        });
        let _ = broken;
        nodes.push(NodeInfo {
            ending: n.is_ending(),
            any_escalates: options.iter().any(|o| o.escalates),
            options,
            timeout,
        });
    }
    let appropriate = s
        .escalation
        .appropriate_when
        .as_ref()
        .map(|c| compiled.cond(s, c));
    let too_late = s
        .escalation
        .too_late_when
        .as_ref()
        .map(|c| compiled.cond(s, c));
    let mut ex = Explorer {
        s,
        nodes,
        appropriate,
        too_late,
        collapse: s.node_index(&s.mood.collapse_ending),
        reactivity: s.reactivity(),
        budget,
        steps: 0,
        out: Exploration {
            playthroughs: 0,
            complete: true,
            cut: 0,
            skills: [None; 3],
            escalation: None,
            overall: None,
            pass_reachable: false,
            fail_reachable: false,
            best: None,
            worst: None,
            timely_turns: None,
            endings_reached: Vec::new(),
            stalls: Vec::new(),
        },
        reached: vec![false; s.nodes.len()],
    };
    if let Some(start) = s.node_index(&s.start) {
        let mut st = State {
            node: start,
            flags: vec![false; compiled.flag_names.len()],
            visited: vec![false; s.nodes.len()],
            mood: s.starting_mood().clamp(0, 100),
            turn: 0,
            earned: [0; 3],
            possible: [0; 3],
            first_escalation: None,
            path: Vec::new(),
        };
        st.visited[start] = true;
        ex.visit(&mut st);
    }
    ex.out.endings_reached = s
        .nodes
        .iter()
        .enumerate()
        .filter(|(_, n)| n.is_ending())
        .map(|(i, n)| (n.id.clone(), ex.reached[i]))
        .collect();
    ex.out
}

impl Explorer<'_> {
    fn visit(&mut self, st: &mut State) {
        let node = st.node;
        if self.nodes[node].ending {
            self.finish(st, node);
            return;
        }
        // Small fixed buffers instead of vectors: this loop runs hundreds of
        // thousands of times on big scenarios.
        let mut offered_buf = [0usize; MAX_FAST_CHOICES];
        let mut offered_vec = Vec::new();
        let mut count = 0;
        for (i, o) in self.nodes[node].options.iter().enumerate() {
            if o.when.as_ref().is_none_or(|w| holds(w, st)) {
                if count < MAX_FAST_CHOICES {
                    offered_buf[count] = i;
                } else {
                    if offered_vec.is_empty() {
                        offered_vec.extend_from_slice(&offered_buf);
                    }
                    offered_vec.push(i);
                }
                count += 1;
            }
        }
        let offered: &[usize] = if count <= MAX_FAST_CHOICES {
            &offered_buf[..count]
        } else {
            &offered_vec
        };
        let has_timeout = self.nodes[node].timeout.is_some();
        if offered.is_empty() && !has_timeout {
            // The engine ends a stalled conversation as unresolved.
            let id = &self.s.nodes[node].id;
            if !self.out.stalls.contains(id) {
                self.out.stalls.push(id.clone());
            }
            self.finish(st, node);
            return;
        }
        if st.turn >= MAX_DECISIONS {
            self.out.cut += 1;
            return;
        }
        let info = &self.nodes[node];
        let mut ranges = [(i32::MAX, i32::MIN); 3];
        let all_effects = offered
            .iter()
            .map(|&i| &info.options[i].effects)
            .chain(info.timeout.iter().map(|t| &t.effects));
        for e in all_effects {
            for (k, &sk) in Skill::ALL.iter().enumerate() {
                let v = sk.of(e);
                ranges[k] = (ranges[k].0.min(v), ranges[k].1.max(v));
            }
        }
        let moment =
            (info.any_escalates && st.first_escalation.is_none()).then(|| EscalationMoment {
                appropriate: self.appropriate.as_ref().is_some_and(|c| holds(c, st)),
                too_late: self.too_late.as_ref().is_some_and(|c| holds(c, st)),
            });
        let total = offered.len() + usize::from(has_timeout);
        for k in 0..total {
            if self.steps >= self.budget {
                self.out.complete = false;
                return;
            }
            self.steps += 1;
            let (opt, decision) = if k < offered.len() {
                (
                    &self.nodes[node].options[offered[k]],
                    Decision::Choice(k + 1),
                )
            } else {
                (
                    self.nodes[node].timeout.as_ref().expect("timeout counted"),
                    Decision::Timeout,
                )
            };
            let effects = opt.effects;
            let escalates = opt.escalates;
            let next = opt.next;
            // Which of the choice's flags this step sets for the first time, as a bit mask, to undo exactly those.
            let mut newly: u64 = 0;
            for (k, &f) in opt.sets.iter().enumerate().take(64) {
                if !st.flags[f] {
                    newly |= 1 << k;
                }
            }

            let saved_mood = st.mood;
            let saved_earned = st.earned;
            let saved_possible = st.possible;
            let saved_escalation = st.first_escalation;

            for (i, &sk) in Skill::ALL.iter().enumerate() {
                let (lo, hi) = ranges[i];
                if hi > lo {
                    st.earned[i] += sk.of(&effects).clamp(lo, hi) - lo;
                    st.possible[i] += hi - lo;
                }
            }
            let applied = (f64::from(effects.mood) * self.reactivity).round() as i32;
            st.mood = st.mood.saturating_add(applied).clamp(0, 100);
            for &f in &opt.sets {
                st.flags[f] = true;
            }
            st.turn += 1;
            if escalates && st.first_escalation.is_none() {
                st.first_escalation = Some((st.turn, moment));
            }
            st.path.push(decision);
            let collapsed = st.mood <= self.s.mood.collapse_at && !self.nodes[next].ending;
            let target = match (collapsed, self.collapse) {
                (true, Some(c)) => c,
                _ => next,
            };
            let first_visit = !st.visited[target];
            st.visited[target] = true;
            st.node = target;

            self.visit(st);

            st.node = node;
            if first_visit {
                st.visited[target] = false;
            }
            st.path.pop();
            st.turn -= 1;
            let info = &self.nodes[node];
            let sets = if k < offered.len() {
                &info.options[offered[k]].sets
            } else {
                &info.timeout.as_ref().expect("timeout counted").sets
            };
            for (bit, &f) in sets.iter().enumerate().take(64) {
                if newly & (1 << bit) != 0 {
                    st.flags[f] = false;
                }
            }
            st.mood = saved_mood;
            st.earned = saved_earned;
            st.possible = saved_possible;
            st.first_escalation = saved_escalation;
        }
    }

    fn finish(&mut self, st: &State, node: usize) {
        self.reached[node] = true;
        let skills: [Option<u8>; 3] =
            std::array::from_fn(|i| skill_percent(st.earned[i], st.possible[i]));
        let class = match st.first_escalation {
            Some((_, moment)) => classify_escalation(self.s, moment),
            None if self.s.escalation.required => EscalationClass::Missed,
            None => EscalationClass::CorrectlyNotEscalated,
        };
        if class == EscalationClass::Timely
            && let Some((turn, _)) = st.first_escalation
        {
            self.out.timely_turns = Some(match self.out.timely_turns {
                None => (turn, turn),
                Some((a, b)) => (a.min(turn), b.max(turn)),
            });
        }
        let esc = class.score();
        let total = overall(&self.s.scoring.weights, skills, esc);
        let passed = total >= self.s.scoring.pass_mark;
        let out = &mut self.out;
        out.playthroughs += 1;
        for (range, v) in out.skills.iter_mut().zip(skills) {
            if let Some(v) = v {
                Range::widen(range, v);
            }
        }
        Range::widen(&mut out.escalation, esc);
        Range::widen(&mut out.overall, total);
        out.pass_reachable |= passed;
        out.fail_reachable |= !passed;
        let summary = || PathSummary {
            overall: total,
            passed,
            decisions: st.path.clone(),
            ending: self.s.nodes[node].id.clone(),
        };
        if out.best.as_ref().is_none_or(|b| total > b.overall) {
            out.best = Some(summary());
        }
        if out.worst.as_ref().is_none_or(|w| total < w.overall) {
            out.worst = Some(summary());
        }
    }
}
