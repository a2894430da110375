//! Exhaustive exploration of playthroughs under the real rules (the rules
//! kernel the engine plays), with undo instead of cloning so that large
//! scenarios stay fast.

use std::sync::Arc;

use serde::Serialize;

use crate::engine::{Action, Conversation, Decision};
use crate::rules::{Facts, Rules, Skill, classify_escalation, earned_on_turn, skill_ranges};
use crate::scenario::{Effects, Outcome, Scenario};
use crate::scoring::{EscalationClass, escalation_weight, overall, settle, skill_percent};

/// Choices per node handled without allocating.
const MAX_FAST_CHOICES: usize = 16;

/// Longest playthrough followed, in decisions; longer ones are cut and counted.
pub const MAX_DECISIONS: u32 = 80;

/// The seed whose choice order `frontline analyze` numbers its paths in.
pub const ANALYSIS_SEED: u64 = 0;

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
    /// The authored choices taken (independent of the order shown).
    pub actions: Vec<Action>,
    /// The decisions as shown with seed [`ANALYSIS_SEED`], as 1-based choice
    /// numbers or timeouts: feed them to `frontline play --seed 0 --choices`.
    pub decisions: Vec<Decision>,
    /// Ending node id.
    pub ending: String,
}

/// The decisions, numbered as shown in a conversation with `seed`, that take `actions`.
pub fn shown_decisions(scenario: &Arc<Scenario>, seed: u64, actions: &[Action]) -> Vec<Decision> {
    let Ok(mut c) = Conversation::start(Arc::clone(scenario), seed) else {
        return Vec::new();
    };
    let mut out = Vec::with_capacity(actions.len());
    for &a in actions {
        let d = match a {
            Action::TimedOut => Decision::Timeout,
            Action::Chose { choice_index } => match c.position_of(choice_index) {
                Some(p) => Decision::Choice(p + 1),
                None => break,
            },
        };
        if c.apply_action(a).is_err() {
            break;
        }
        out.push(d);
    }
    out
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

struct Walk {
    facts: Facts,
    tally: Tally,
    path: Vec<Action>,
}

/// Skill points earned and possible along one path, as `score_skill` counts them.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Tally {
    earned: [i32; 3],
    possible: [i32; 3],
}

/// How one finished path scores.
#[derive(Debug, Clone, Copy)]
pub(super) struct PathScore {
    pub skills: [Option<u8>; 3],
    pub class: EscalationClass,
    pub escalation: u8,
    pub overall: u8,
    pub passed: bool,
}

impl Tally {
    /// Counts a decision with `effects` on a turn whose options span `ranges`.
    pub(super) fn add(&mut self, ranges: &[(i32, i32); 3], effects: &Effects) {
        for (i, &sk) in Skill::ALL.iter().enumerate() {
            if let Some((e, p)) = earned_on_turn(ranges[i], sk.of(effects)) {
                self.earned[i] += e;
                self.possible[i] += p;
            }
        }
    }

    /// Scores a path that ended at `node` with `facts`, as `scoring::score` would.
    pub(super) fn score(
        &self,
        s: &Scenario,
        rules: &Rules,
        facts: &Facts,
        node: usize,
    ) -> PathScore {
        let skills: [Option<u8>; 3] =
            std::array::from_fn(|i| skill_percent(self.earned[i], self.possible[i]));
        let track = facts.escalation;
        let class = match track.first {
            Some((_, moment)) => classify_escalation(s.escalation.required, Some(moment)),
            None if s.escalation.required => EscalationClass::Missed,
            None => EscalationClass::CorrectlyNotEscalated,
        };
        let escalation = class.score();
        let share = escalation_weight(class, track.offered_turns, facts.turn);
        let points = overall(&s.scoring.weights, skills, escalation, share);
        // A stalled conversation ends unresolved, as the engine ends it.
        let verdict = rules.nodes()[node]
            .ending
            .unwrap_or_else(|| Outcome::Unresolved.default_verdict());
        let (overall, passed) = settle(
            points,
            s.scoring.pass_mark,
            Some(verdict),
            facts.critical.is_some(),
        );
        PathScore {
            skills,
            class,
            escalation,
            overall,
            passed,
        }
    }
}

struct Explorer<'a> {
    s: &'a Scenario,
    rules: &'a Rules,
    budget: u64,
    steps: u64,
    out: Exploration,
    reached: Vec<bool>,
}

/// Explores the playthroughs of a valid scenario within `budget` steps.
pub fn explore(s: &Scenario, budget: u64) -> Exploration {
    let rules = Rules::new(s);
    let start = rules.start();
    let mut ex = Explorer {
        s,
        reached: vec![false; s.nodes.len()],
        rules: &rules,
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
    };
    if let Some(facts) = start {
        let mut st = Walk {
            facts,
            tally: Tally::default(),
            path: Vec::new(),
        };
        ex.visit(&mut st);
    }
    ex.out.endings_reached = s
        .nodes
        .iter()
        .enumerate()
        .filter(|(_, n)| n.is_ending())
        .map(|(i, n)| (n.id.clone(), ex.reached[i]))
        .collect();
    // Number the kept paths as a trainee would see them with the analysis seed.
    if ex.out.best.is_some() || ex.out.worst.is_some() {
        let shared = Arc::new(s.clone());
        for p in [&mut ex.out.best, &mut ex.out.worst].into_iter().flatten() {
            p.decisions = shown_decisions(&shared, ANALYSIS_SEED, &p.actions);
        }
    }
    ex.out
}

impl<'a> Explorer<'a> {
    fn visit(&mut self, st: &mut Walk) {
        let node = st.facts.node;
        let rules: &'a Rules = self.rules;
        if rules.is_ending(node) {
            self.finish(st, node);
            return;
        }
        // A small fixed buffer instead of a vector: this loop runs hundreds
        // of thousands of times on big scenarios.
        let mut offered_buf = [0usize; MAX_FAST_CHOICES];
        let mut offered_vec = Vec::new();
        let mut count = 0;
        for i in rules.offered(&st.facts) {
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
        let offered: &[usize] = if count <= MAX_FAST_CHOICES {
            &offered_buf[..count]
        } else {
            &offered_vec
        };
        let info = &rules.nodes()[node];
        let has_timeout = info.timeout.is_some();
        if offered.is_empty() && !has_timeout {
            // The engine ends a stalled conversation as unresolved.
            let id = &self.s.nodes[node].id;
            if !self.out.stalls.contains(id) {
                self.out.stalls.push(id.clone());
            }
            self.finish(st, node);
            return;
        }
        if st.facts.turn >= MAX_DECISIONS {
            self.out.cut += 1;
            return;
        }
        let ranges = skill_ranges(
            offered
                .iter()
                .map(|&i| &info.choices[i].effects)
                .chain(info.timeout.iter().map(|t| &t.effects)),
        );
        let total = offered.len() + usize::from(has_timeout);
        for k in 0..total {
            if self.steps >= self.budget {
                self.out.complete = false;
                return;
            }
            self.steps += 1;
            let (mv, action) = if k < offered.len() {
                (
                    &info.choices[offered[k]],
                    Action::Chose {
                        choice_index: offered[k],
                    },
                )
            } else {
                (
                    info.timeout.as_ref().expect("timeout counted"),
                    Action::TimedOut,
                )
            };
            let saved = st.tally;
            let Some(applied) = rules.apply(&mut st.facts, mv, offered) else {
                continue;
            };
            st.tally.add(&ranges, &mv.effects);
            st.path.push(action);
            self.visit(st);
            st.path.pop();
            rules.undo(&mut st.facts, mv, &applied);
            st.tally = saved;
        }
    }

    fn finish(&mut self, st: &Walk, node: usize) {
        self.reached[node] = true;
        let PathScore {
            skills,
            class,
            escalation: esc,
            overall: total,
            passed,
        } = st.tally.score(self.s, self.rules, &st.facts, node);
        if class == EscalationClass::Timely
            && let Some((turn, _)) = st.facts.escalation.first
        {
            self.out.timely_turns = Some(match self.out.timely_turns {
                None => (turn, turn),
                Some((a, b)) => (a.min(turn), b.max(turn)),
            });
        }
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
            actions: st.path.clone(),
            decisions: Vec::new(),
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
