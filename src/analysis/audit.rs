//! The gameability audit: how a trainee who reads nothing of the customer,
//! only the shape of the answers, would score.
//!
//! Each shallow strategy plays the scenario under the real rules (the rules
//! kernel, with choices shown in the order a trainee with that seed sees
//! them) and is scored as a trainee would be. A scenario where one of them
//! passes, or where the best answer is usually the longest, teaches a trick
//! instead of a skill; `frontline check` warns about both.

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

use super::explore::{MAX_DECISIONS, Tally};
use crate::engine::Decision;
use crate::rules::{Rules, order_rng, quality, skill_ranges};
use crate::scenario::Scenario;

/// Runs of the strategies whose choice depends on the order shown.
pub const POSITION_RUNS: u32 = 32;
/// Runs of the random strategy.
pub const RANDOM_RUNS: u32 = 200;
/// A shallow strategy that passes more often than this makes the scenario gameable.
pub const MAX_SHALLOW_PASS_RATE: f64 = 0.10;
/// The best option may be the longest at no more than this share of decision points.
pub const MAX_LONGEST_IS_BEST: f64 = 0.5;

/// A way to choose without reading the customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Strategy {
    /// Always the longest answer.
    Longest,
    /// Always the shortest answer.
    Shortest,
    /// Always the first answer shown.
    FirstShown,
    /// Always the last answer shown.
    LastShown,
    /// A random answer each time.
    Random,
    /// The answer that apologises (the longest of those), else the longest.
    Apologises,
    /// The answer that names a feeling ("I understand", "that must be…"), else the longest.
    Empathises,
    /// The answer that asks a question, else the longest.
    AsksQuestions,
    /// The answer that promises to act ("I'll", "let me"), else the longest.
    PromisesAction,
}

impl Strategy {
    /// Every strategy, in the order reports list them.
    pub const ALL: [Strategy; 9] = [
        Strategy::Longest,
        Strategy::Shortest,
        Strategy::FirstShown,
        Strategy::LastShown,
        Strategy::Random,
        Strategy::Apologises,
        Strategy::Empathises,
        Strategy::AsksQuestions,
        Strategy::PromisesAction,
    ];

    /// What the strategy does, in words.
    pub fn label(self) -> &'static str {
        match self {
            Strategy::Longest => "always the longest answer",
            Strategy::Shortest => "always the shortest answer",
            Strategy::FirstShown => "always the first answer shown",
            Strategy::LastShown => "always the last answer shown",
            Strategy::Random => "a random answer",
            Strategy::Apologises => "the answer that apologises",
            Strategy::Empathises => "the answer that names a feeling",
            Strategy::AsksQuestions => "the answer that asks a question",
            Strategy::PromisesAction => "the answer that promises action",
        }
    }

    fn runs(self) -> u32 {
        match self {
            Strategy::FirstShown | Strategy::LastShown => POSITION_RUNS,
            Strategy::Random => RANDOM_RUNS,
            // The others never look at the order, and the rules are otherwise
            // deterministic: one run says everything.
            _ => 1,
        }
    }

    /// Words the strategy looks for, lower case.
    fn words(self) -> &'static [&'static str] {
        match self {
            Strategy::Apologises => &["sorry", "apolog"],
            Strategy::Empathises => &[
                "understand",
                "i hear",
                "frustrat",
                "must be",
                "i can see",
                "i can imagine",
                "that sounds",
                "upsetting",
                "worrying",
            ],
            Strategy::AsksQuestions => &["?"],
            Strategy::PromisesAction => &["i'll ", "i will", "let me", "i can "],
            _ => &[],
        }
    }
}

/// A run that reproduces a result: `frontline play <scenario> --seed S --choices …`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Example {
    /// The seed.
    pub seed: u64,
    /// The decisions, numbered as shown with that seed.
    pub decisions: Vec<Decision>,
    /// Its overall score.
    pub overall: u8,
}

/// How one strategy fared.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StrategyResult {
    /// The strategy.
    pub strategy: Strategy,
    /// Runs that reached an ending.
    pub runs: u32,
    /// Runs that passed.
    pub passes: u32,
    /// Mean overall score over the runs.
    pub mean_overall: f64,
    /// Highest overall score of a run.
    pub best_overall: u8,
    /// Runs cut because they went on for more than the explorer's decision limit.
    pub cut: u32,
    /// The best-scoring run, to replay.
    pub example: Option<Example>,
}

impl StrategyResult {
    /// Share of runs that passed, 0–1.
    pub fn pass_rate(&self) -> f64 {
        if self.runs == 0 {
            0.0
        } else {
            f64::from(self.passes) / f64::from(self.runs)
        }
    }

    /// Whether the strategy passes often enough to make the scenario gameable.
    pub fn games_it(&self) -> bool {
        self.passes > 0 && self.pass_rate() > MAX_SHALLOW_PASS_RATE
    }
}

/// A decision point where the best option is also the longest.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LengthTell {
    /// Node id.
    pub node_id: String,
    /// Characters in the best option.
    pub best_chars: usize,
    /// Characters in the longest of the other options.
    pub next_chars: usize,
}

/// What the audit found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Audit {
    /// Every strategy's result, in [`Strategy::ALL`] order.
    pub strategies: Vec<StrategyResult>,
    /// Nodes with two or more choices.
    pub decision_points: usize,
    /// Decision points where the best option is also the longest, biggest
    /// margin first.
    pub longest_is_best: Vec<LengthTell>,
}

impl Audit {
    /// The strategy with the highest mean overall: the one that comes closest to passing.
    pub fn closest(&self) -> Option<&StrategyResult> {
        // On a tie the strategy listed first is named.
        self.strategies
            .iter()
            .rev()
            .max_by(|a, b| a.mean_overall.total_cmp(&b.mean_overall))
    }

    /// The strategies that pass too often.
    pub fn gaming(&self) -> impl Iterator<Item = &StrategyResult> {
        self.strategies.iter().filter(|r| r.games_it())
    }

    /// Share of decision points where the best option is the longest.
    pub fn longest_share(&self) -> f64 {
        if self.decision_points == 0 {
            0.0
        } else {
            self.longest_is_best.len() as f64 / self.decision_points as f64
        }
    }
}

/// The text features of one choice that strategies read.
struct Shape {
    chars: usize,
    lower: String,
}

/// Audits a valid scenario.
pub fn audit(s: &Scenario) -> Audit {
    let rules = Rules::new(s);
    let shapes: Vec<Vec<Shape>> = s
        .nodes
        .iter()
        .map(|n| {
            n.choices
                .iter()
                .map(|c| Shape {
                    chars: c.text.chars().count(),
                    lower: c.text.to_lowercase(),
                })
                .collect()
        })
        .collect();
    let strategies = Strategy::ALL
        .iter()
        .map(|&strategy| run_strategy(s, &rules, &shapes, strategy))
        .collect();
    let (decision_points, longest_is_best) = length_tells(s, &rules, &shapes);
    Audit {
        strategies,
        decision_points,
        longest_is_best,
    }
}

fn run_strategy(
    s: &Scenario,
    rules: &Rules,
    shapes: &[Vec<Shape>],
    strategy: Strategy,
) -> StrategyResult {
    let mut result = StrategyResult {
        strategy,
        runs: 0,
        passes: 0,
        mean_overall: 0.0,
        best_overall: 0,
        cut: 0,
        example: None,
    };
    let mut sum = 0u64;
    for seed in 0..u64::from(strategy.runs()) {
        // The random strategy's own dice, apart from the order shown.
        let mut dice = ChaCha8Rng::seed_from_u64(seed);
        let pick = |node: usize, shown: &[usize]| -> usize {
            let shape = &shapes[node];
            let by_length = |longest: bool, among: &mut dyn Iterator<Item = usize>| {
                // Ties go to the choice written first, so the order shown never matters.
                among
                    .map(|p| (p, &shape[shown[p]]))
                    .fold(None::<(usize, usize, usize)>, |best, (p, sh)| {
                        let key = (sh.chars, shown[p]);
                        match best {
                            Some((_, chars, idx))
                                if (longest
                                    && (chars, usize::MAX - idx)
                                        >= (key.0, usize::MAX - key.1))
                                    || (!longest && (chars, idx) <= key) =>
                            {
                                best
                            }
                            _ => Some((p, key.0, key.1)),
                        }
                    })
                    .map_or(0, |(p, _, _)| p)
            };
            match strategy {
                Strategy::Longest => by_length(true, &mut (0..shown.len())),
                Strategy::Shortest => by_length(false, &mut (0..shown.len())),
                Strategy::FirstShown => 0,
                Strategy::LastShown => shown.len() - 1,
                Strategy::Random => dice.random_range(0..shown.len()),
                _ => {
                    let words = strategy.words();
                    let matching = (0..shown.len())
                        .filter(|&p| words.iter().any(|w| shape[shown[p]].lower.contains(w)))
                        .count();
                    if matching == 0 {
                        by_length(true, &mut (0..shown.len()))
                    } else {
                        by_length(
                            true,
                            &mut (0..shown.len()).filter(|&p| {
                                words.iter().any(|w| shape[shown[p]].lower.contains(w))
                            }),
                        )
                    }
                }
            }
        };
        match play(s, rules, seed, pick) {
            Some((overall, passed, decisions)) => {
                result.runs += 1;
                sum += u64::from(overall);
                result.passes += u32::from(passed);
                if result.example.is_none() || overall > result.best_overall {
                    result.best_overall = overall;
                    result.example = Some(Example {
                        seed,
                        decisions,
                        overall,
                    });
                }
            }
            None => result.cut += 1,
        }
    }
    if result.runs > 0 {
        result.mean_overall = sum as f64 / f64::from(result.runs);
    }
    result
}

/// Plays one conversation choosing with `pick(node, shown)` (a position in
/// `shown`), exactly as the engine would show it with `seed`. Returns the
/// overall, whether it passed and the decisions; `None` when cut.
fn play(
    s: &Scenario,
    rules: &Rules,
    seed: u64,
    mut pick: impl FnMut(usize, &[usize]) -> usize,
) -> Option<(u8, bool, Vec<Decision>)> {
    let mut facts = rules.start()?;
    let mut order = order_rng(seed);
    let mut tally = Tally::default();
    let mut decisions = Vec::new();
    loop {
        let node = facts.node;
        if rules.is_ending(node) {
            break;
        }
        let mut shown: Vec<usize> = rules.offered(&facts).collect();
        rules.order(node, &mut shown, &mut order);
        let info = &rules.nodes()[node];
        if shown.is_empty() && info.timeout.is_none() {
            break; // stalled: the engine ends it unresolved
        }
        if facts.turn >= MAX_DECISIONS {
            return None;
        }
        // With nothing to say, a strategy lets the time run out.
        let (mv, decision) = if shown.is_empty() {
            (info.timeout.as_ref()?, Decision::Timeout)
        } else {
            let p = pick(node, &shown).min(shown.len() - 1);
            (&info.choices[shown[p]], Decision::Choice(p + 1))
        };
        let ranges = skill_ranges(
            shown
                .iter()
                .map(|&i| &info.choices[i].effects)
                .chain(info.timeout.iter().map(|t| &t.effects)),
        );
        tally.add(&ranges, &mv.effects);
        rules.apply(&mut facts, mv, &shown)?;
        decisions.push(decision);
    }
    let score = tally.score(s, rules, &facts, facts.node);
    Some((score.overall, score.passed, decisions))
}

/// Decision points, and those where the best option (by the same quality the
/// debrief's "Better" uses) is also the longest.
fn length_tells(s: &Scenario, rules: &Rules, shapes: &[Vec<Shape>]) -> (usize, Vec<LengthTell>) {
    let mut points = 0;
    let mut tells = Vec::new();
    for (i, n) in s.nodes.iter().enumerate() {
        if n.choices.len() < 2 {
            continue;
        }
        points += 1;
        let info = &rules.nodes()[i];
        let options: Vec<_> = info
            .choices
            .iter()
            .map(|m| m.effects)
            .chain(info.timeout.iter().map(|t| t.effects))
            .collect();
        let qs: Vec<f64> = info
            .choices
            .iter()
            .map(|m| {
                if m.critical {
                    f64::MIN
                } else {
                    quality(&options, &m.effects, rules.weights())
                }
            })
            .collect();
        let top = qs.iter().copied().fold(f64::MIN, f64::max);
        let longest = shapes[i].iter().map(|sh| sh.chars).max().unwrap_or(0);
        let best_long = (0..n.choices.len())
            .filter(|&k| qs[k] >= top - 1e-9 && shapes[i][k].chars == longest)
            .max_by_key(|&k| shapes[i][k].chars);
        if let Some(k) = best_long {
            let next = (0..n.choices.len())
                .filter(|&o| o != k)
                .map(|o| shapes[i][o].chars)
                .max()
                .unwrap_or(0);
            tells.push(LengthTell {
                node_id: n.id.clone(),
                best_chars: shapes[i][k].chars,
                next_chars: next,
            });
        }
    }
    tells.sort_by_key(|t| std::cmp::Reverse(t.best_chars as i64 - t.next_chars as i64));
    (points, tells)
}
