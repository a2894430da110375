//! Analysis of a scenario: its shape, how many paths it has, and what scores
//! and outcomes a trainee can reach.
//!
//! Structural figures come from the graph alone (conditions ignored) in linear
//! time. Score ranges come from exploring every playthrough with the real
//! rules (conditions, mood, collapse, timeouts) up to a step budget; when the
//! budget runs out the report says so and the ranges cover what was explored.

pub mod audit;
mod explore;
pub mod graph;

use serde::Serialize;

use crate::scenario::Scenario;
use crate::scenario::diagnostic::Diagnostic;
use crate::scenario::graph::{reachable, successors};
use crate::scenario::locate::FieldPath;
pub use audit::{Audit, Strategy, StrategyResult, audit};
pub use explore::{ANALYSIS_SEED, Exploration, PathSummary, Range, explore, shown_decisions};

/// How many distinct paths the graph has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum PathCount {
    /// Exactly this many choice sequences lead from the start to an ending.
    Exact(u64),
    /// More than this many (the count overflowed).
    MoreThan(u64),
    /// The graph has a cycle, so paths can be arbitrarily long.
    Unbounded,
}

/// Everything `frontline analyze` reports about one scenario.
#[derive(Debug, Clone, Serialize)]
pub struct Analysis {
    /// Scenario id.
    pub scenario_id: String,
    /// Number of nodes.
    pub nodes: usize,
    /// Number of choices over all nodes.
    pub choices: usize,
    /// Number of ending nodes.
    pub endings: usize,
    /// Distinct paths in the graph, ignoring conditions.
    pub paths: PathCount,
    /// Fewest decisions from the start to any ending, ignoring conditions.
    pub shortest_path: Option<u32>,
    /// Most decisions from the start to an ending; `None` when a cycle makes it unbounded.
    pub longest_path: Option<u32>,
    /// What playing every path under the real rules found.
    pub exploration: Exploration,
    /// How shallow strategies score.
    pub audit: Audit,
}

/// Step budget for exploration in `analyze` and `check`.
pub const DEFAULT_STEP_BUDGET: u64 = 400_000;

/// Analyses a valid scenario.
pub fn analyze(scenario: &Scenario) -> Analysis {
    analyze_with_budget(scenario, DEFAULT_STEP_BUDGET)
}

/// Analyses with an explicit exploration step budget.
pub fn analyze_with_budget(scenario: &Scenario, budget: u64) -> Analysis {
    let succ = successors(scenario);
    let start = scenario.node_index(&scenario.start);
    let (paths, longest) = count_paths(scenario, &succ, start);
    Analysis {
        scenario_id: scenario.id.clone(),
        nodes: scenario.nodes.len(),
        choices: scenario.nodes.iter().map(|n| n.choices.len()).sum(),
        endings: scenario.nodes.iter().filter(|n| n.is_ending()).count(),
        paths,
        shortest_path: shortest(scenario, &succ, start),
        longest_path: longest,
        exploration: explore(scenario, budget),
        audit: audit(scenario),
    }
}

fn shortest(scenario: &Scenario, succ: &[Vec<usize>], start: Option<usize>) -> Option<u32> {
    let start = start?;
    let mut dist = vec![u32::MAX; succ.len()];
    let mut queue = std::collections::VecDeque::from([start]);
    dist[start] = 0;
    while let Some(i) = queue.pop_front() {
        if scenario.nodes[i].is_ending() {
            return Some(dist[i]);
        }
        for &j in &succ[i] {
            if dist[j] == u32::MAX {
                dist[j] = dist[i] + 1;
                queue.push_back(j);
            }
        }
    }
    None
}

/// Path count and longest path over the graph reachable from the start,
/// by a depth-first topological order (iterative, so a 10,000-node chain
/// cannot overflow the stack).
fn count_paths(
    scenario: &Scenario,
    succ: &[Vec<usize>],
    start: Option<usize>,
) -> (PathCount, Option<u32>) {
    let Some(start) = start else {
        return (PathCount::Exact(0), None);
    };
    const WHITE: u8 = 0;
    const GREY: u8 = 1;
    const BLACK: u8 = 2;
    let n = succ.len();
    let mut colour = vec![WHITE; n];
    let mut order = Vec::with_capacity(n);
    let mut stack = vec![(start, 0usize)];
    colour[start] = GREY;
    while let Some(&mut (node, ref mut next)) = stack.last_mut() {
        if *next < succ[node].len() {
            let child = succ[node][*next];
            *next += 1;
            match colour[child] {
                WHITE => {
                    colour[child] = GREY;
                    stack.push((child, 0));
                }
                GREY => return (PathCount::Unbounded, None),
                _ => {}
            }
        } else {
            colour[node] = BLACK;
            order.push(node);
            stack.pop();
        }
    }
    // `order` is a post-order: children before parents.
    let mut count = vec![0u128; n];
    let mut longest = vec![None::<u32>; n];
    for &i in &order {
        if scenario.nodes[i].is_ending() {
            count[i] = 1;
            longest[i] = Some(0);
            continue;
        }
        let mut c: u128 = 0;
        let mut l: Option<u32> = None;
        for &j in &succ[i] {
            c = c.saturating_add(count[j]);
            if let Some(lj) = longest[j] {
                l = Some(l.map_or(lj + 1, |x: u32| x.max(lj + 1)));
            }
        }
        count[i] = c;
        longest[i] = l;
    }
    let total = count[start];
    let paths = match u64::try_from(total) {
        Ok(v) if total < u128::MAX => PathCount::Exact(v),
        _ => PathCount::MoreThan(u64::MAX),
    };
    (paths, longest[start])
}

/// Warnings `frontline check` adds from the analysis: a scenario that cannot
/// be passed or failed, or an ending that no playthrough reaches.
pub fn check_warnings(scenario: &Scenario, analysis: &Analysis) -> Vec<Diagnostic> {
    let e = &analysis.exploration;
    let mut out = Vec::new();
    let scope = if e.complete {
        "no playthrough".to_string()
    } else {
        format!("none of the {} playthroughs explored", e.playthroughs)
    };
    if e.playthroughs > 0 && e.best.as_ref().is_none_or(|b| !b.passed) {
        out.push(
            Diagnostic::warning("cannot-pass", format!("{scope} reaches the pass mark"))
                .at(FieldPath::root().field("scoring").field("pass_mark"))
                .hint("lower the pass mark or make sure the best choices lead to a good ending"),
        );
    }
    if e.playthroughs > 0 && e.worst.as_ref().is_none_or(|w| w.passed) {
        out.push(
            Diagnostic::warning("cannot-fail", format!("{scope} falls below the pass mark"))
                .at(FieldPath::root().field("scoring").field("pass_mark"))
                .hint("add plausible but wrong choices, or raise the pass mark"),
        );
    }
    for id in &e.stalls {
        out.push(
            Diagnostic::warning(
                "stall",
                format!("a playthrough reaches {id:?} when none of its choices' conditions hold"),
            )
            .at(FieldPath::root().field("nodes").id(id))
            .hint("add a choice without a `when`, or make the conditions cover every way into this node"),
        );
    }
    if scenario.escalation.required && e.complete && e.timely_turns.is_none() && e.playthroughs > 0
    {
        out.push(
            Diagnostic::warning(
                "escalation-never-timely",
                "escalation is required, but no playthrough can escalate at a timely moment",
            )
            .at(FieldPath::root().field("escalation").field("appropriate_when"))
            .hint("check that the flags in appropriate_when are set before an escalating choice is offered"),
        );
    }
    out.extend(audit_warnings(&analysis.audit));
    if e.complete {
        // Endings the graph cannot reach at all already have their own warning.
        let structural = reachable(scenario, &successors(scenario));
        for (id, reached) in &e.endings_reached {
            let in_graph = scenario.node_index(id).is_some_and(|i| structural[i]);
            if !reached && in_graph {
                let (why, hint) = if *id == scenario.mood.collapse_ending {
                    (
                        "no playthrough lowers the mood to collapse_at, so the customer never walks out",
                        "make the worst choices cost more mood, or raise collapse_at",
                    )
                } else {
                    (
                        "the conditions on the way rule it out",
                        "check the `when` conditions of the choices that lead there",
                    )
                };
                out.push(
                    Diagnostic::warning(
                        "ending-never-reached",
                        format!("no playthrough ends at {id:?}: {why}"),
                    )
                    .at(FieldPath::root().field("nodes").id(id))
                    .hint(hint),
                );
            }
        }
    }
    out
}

/// Warnings from the gameability audit: a shallow strategy passes, or the
/// best option gives itself away by its length.
pub fn audit_warnings(a: &Audit) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let gaming: Vec<String> = a
        .gaming()
        .map(|r| {
            if r.runs == 1 {
                format!(
                    "{} (overall {}, passes)",
                    r.strategy.label(),
                    r.best_overall
                )
            } else {
                format!(
                    "{} (passes {:.0}% of {} runs)",
                    r.strategy.label(),
                    100.0 * r.pass_rate(),
                    r.runs
                )
            }
        })
        .collect();
    if !gaming.is_empty() {
        out.push(
            Diagnostic::warning(
                "gameable",
                format!(
                    "a trainee who reads nothing of the customer can pass: {}",
                    gaming.join("; ")
                ),
            )
            .at(FieldPath::root().field("scoring").field("pass_mark"))
            .hint("make some long or apologetic answers wrong and some short ones right; `frontline analyze` shows each strategy's path, and docs/authoring.md explains the audit"),
        );
    }
    if a.decision_points > 0 && a.longest_share() > audit::MAX_LONGEST_IS_BEST {
        let worst: Vec<String> = a
            .longest_is_best
            .iter()
            .take(3)
            .map(|t| {
                format!(
                    "{:?} ({} characters against {})",
                    t.node_id, t.best_chars, t.next_chars
                )
            })
            .collect();
        let mut d = Diagnostic::warning(
            "longest-is-best",
            format!(
                "the best option is also the longest at {} of {} decision points; worst: {}",
                a.longest_is_best.len(),
                a.decision_points,
                worst.join(", ")
            ),
        )
        .hint("write a long answer that is wrong (an information dump, an over-apology, a confident wrong policy) or a short one that is right (\"Go on.\")");
        if let Some(t) = a.longest_is_best.first() {
            d = d.at(FieldPath::root().field("nodes").id(&t.node_id));
        }
        out.push(d);
    }
    out
}
