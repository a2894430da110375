//! Scoring: four skills, escalation timing, the overall score and per-turn feedback.
//!
//! Every turn is judged against what the trainee could have chosen at that
//! turn, so scenarios with different point scales score alike, and a skill a
//! scenario gives no room for is "not assessed" rather than capped or inflated.
//! `docs/scoring.md` explains the formulas with a worked example.

mod escalation;

use serde::{Deserialize, Serialize};

use crate::engine::{Action, Transcript, TurnRecord};
use crate::scenario::{Effects, Outcome, Scenario, SkillWeights};
pub use escalation::{EscalationClass, EscalationVerdict, classify_escalation, judge_escalation};

/// The three skills that choices carry points for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Hash, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Skill {
    /// Hearing the customer out before answering.
    Listening,
    /// Solving what is within the trainee's authority.
    ProblemSolving,
    /// Staying kind with every kind of customer.
    Compassion,
}

impl Skill {
    /// The three point-carrying skills.
    pub const ALL: [Skill; 3] = [Skill::Listening, Skill::ProblemSolving, Skill::Compassion];

    /// Name for people.
    pub fn label(self) -> &'static str {
        match self {
            Skill::Listening => "Listening",
            Skill::ProblemSolving => "Problem solving",
            Skill::Compassion => "Compassion",
        }
    }

    /// This skill's points in `effects`.
    pub fn of(self, effects: &Effects) -> i32 {
        match self {
            Skill::Listening => effects.listening,
            Skill::ProblemSolving => effects.problem_solving,
            Skill::Compassion => effects.compassion,
        }
    }

    fn weight(self, w: &SkillWeights) -> f64 {
        match self {
            Skill::Listening => w.listening,
            Skill::ProblemSolving => w.problem_solving,
            Skill::Compassion => w.compassion,
        }
    }
}

/// One skill's result.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SkillScore {
    /// 0–100, or `None` when no turn gave any room for this skill.
    pub score: Option<u8>,
    /// Points earned above the weakest option, summed over turns.
    pub earned: i32,
    /// Points between the weakest and the best option, summed over turns.
    pub possible: i32,
    /// Turns where the options differed in this skill.
    pub turns_assessed: u32,
}

/// The four skill scores.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SkillScores {
    /// Listening.
    pub listening: SkillScore,
    /// Problem solving.
    pub problem_solving: SkillScore,
    /// Compassion.
    pub compassion: SkillScore,
    /// Escalation timing, 0–100 (always assessed).
    pub escalation: u8,
}

impl SkillScores {
    /// The score of one point-carrying skill.
    pub fn get(&self, skill: Skill) -> &SkillScore {
        match skill {
            Skill::Listening => &self.listening,
            Skill::ProblemSolving => &self.problem_solving,
            Skill::Compassion => &self.compassion,
        }
    }
}

/// A better option than the one taken.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BetterOption {
    /// What the trainee could have said.
    pub text: String,
    /// Its effects.
    pub effects: Effects,
    /// The author's feedback on it.
    pub feedback: String,
}

/// Feedback on one decision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TurnFeedback {
    /// 1-based decision number.
    pub turn: u32,
    /// Node id.
    pub node_id: String,
    /// What the customer said.
    pub customer_line: String,
    /// What the trainee said, or a note that time ran out.
    pub choice: String,
    /// Whether the time ran out.
    pub timed_out: bool,
    /// The decision's effects as authored.
    pub effects: Effects,
    /// Mood before and after.
    pub mood_before: i32,
    /// Mood after, with reactivity applied.
    pub mood_after: i32,
    /// The author's feedback on the decision.
    pub feedback: String,
    /// Whether it escalated.
    pub escalated: bool,
    /// The better option, where one existed.
    pub better: Option<BetterOption>,
}

/// The result of a finished (or abandoned) conversation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scorecard {
    /// Scenario id.
    pub scenario_id: String,
    /// Seed.
    pub seed: u64,
    /// The four skills.
    pub skills: SkillScores,
    /// Weighted overall score 0–100.
    pub overall: u8,
    /// The pass mark used.
    pub pass_mark: u8,
    /// Whether `overall >= pass_mark`.
    pub passed: bool,
    /// Escalation verdict.
    pub escalation: EscalationVerdict,
    /// Outcome; `None` when the conversation was abandoned before an ending.
    pub outcome: Option<Outcome>,
    /// Per-turn feedback.
    pub turns: Vec<TurnFeedback>,
}

/// Rounds half away from zero, the way a coach rounds by hand.
fn percent(earned: f64, possible: f64) -> u8 {
    if possible <= 0.0 {
        return 0;
    }
    (100.0 * earned / possible).round().clamp(0.0, 100.0) as u8
}

/// Lowest and highest points for `skill` among the options of a turn, timeout included.
fn turn_range(turn: &TurnRecord, skill: Skill) -> (i32, i32) {
    range_of(
        turn.offered
            .iter()
            .map(|o| &o.effects)
            .chain(turn.timeout.iter()),
        skill,
    )
}

/// Lowest and highest points for `skill` among some options' effects.
pub fn range_of<'a>(options: impl Iterator<Item = &'a Effects>, skill: Skill) -> (i32, i32) {
    options
        .map(|e| skill.of(e))
        .fold((i32::MAX, i32::MIN), |(lo, hi), v| (lo.min(v), hi.max(v)))
}

/// Scores one skill over a transcript.
pub fn score_skill(transcript: &Transcript, skill: Skill) -> SkillScore {
    let mut earned = 0;
    let mut possible = 0;
    let mut assessed = 0;
    for turn in &transcript.turns {
        let (lo, hi) = turn_range(turn, skill);
        if hi > lo {
            earned += skill.of(&turn.effects).clamp(lo, hi) - lo;
            possible += hi - lo;
            assessed += 1;
        }
    }
    SkillScore {
        score: skill_percent(earned, possible),
        earned,
        possible,
        turns_assessed: assessed,
    }
}

/// How good an option is on a turn, 0–1 per skill, weighted: used to find a better option.
fn quality(turn: &TurnRecord, effects: &Effects, weights: &SkillWeights) -> f64 {
    Skill::ALL
        .iter()
        .map(|&s| {
            let (lo, hi) = turn_range(turn, s);
            if hi > lo {
                s.weight(weights) * f64::from(s.of(effects) - lo) / f64::from(hi - lo)
            } else {
                0.0
            }
        })
        .sum()
}

fn better_option(
    scenario: &Scenario,
    turn: &TurnRecord,
    verdict_class_here: Option<EscalationClass>,
) -> Option<BetterOption> {
    let node = scenario.node(&turn.node_id)?;
    let weights = &scenario.scoring.weights;
    let chosen = match turn.action {
        Action::Chose { choice_index } => Some(choice_index),
        Action::TimedOut => None,
    };
    let mine = quality(turn, &turn.effects, weights);
    let best_of = |filter: &dyn Fn(&crate::engine::OfferedOption) -> bool| {
        turn.offered
            .iter()
            .filter(|o| Some(o.choice_index) != chosen && filter(o))
            .map(|o| (quality(turn, &o.effects, weights), o))
            .fold(
                None::<(f64, &crate::engine::OfferedOption)>,
                |best, (q, o)| match best {
                    Some((bq, _)) if bq >= q => best,
                    _ => Some((q, o)),
                },
            )
    };
    let pick = match verdict_class_here {
        // Escalating was the mistake: the better move was to keep working on it.
        Some(EscalationClass::Premature | EscalationClass::Unnecessary) => {
            best_of(&|o| !o.escalates).map(|(_, o)| o)
        }
        // Escalating was due and on offer, and the trainee held on.
        Some(EscalationClass::Late | EscalationClass::Missed) => {
            best_of(&|o| o.escalates).map(|(_, o)| o)
        }
        _ => best_of(&|_| true)
            .filter(|(q, _)| *q > mine + 1e-9)
            .map(|(_, o)| o),
    }?;
    let choice = node.choices.get(pick.choice_index)?;
    Some(BetterOption {
        text: pick.text.clone(),
        effects: pick.effects,
        feedback: choice.feedback.clone(),
    })
}

/// The weighted overall score from the three point-carrying skills (in
/// [`Skill::ALL`] order; `None` = not assessed, left out with its weight) and
/// the escalation score.
pub fn overall(weights: &SkillWeights, skills: [Option<u8>; 3], escalation: u8) -> u8 {
    let mut weighted = f64::from(escalation) * weights.escalation;
    let mut total_weight = weights.escalation;
    for (skill, score) in Skill::ALL.iter().zip(skills) {
        if let Some(v) = score {
            weighted += skill.weight(weights) * f64::from(v);
            total_weight += skill.weight(weights);
        }
    }
    percent(weighted, 100.0 * total_weight)
}

/// A skill's percentage from earned and possible points; `None` when nothing was possible.
pub fn skill_percent(earned: i32, possible: i32) -> Option<u8> {
    (possible > 0).then(|| percent(f64::from(earned), f64::from(possible)))
}

/// Scores a transcript against its scenario.
pub fn score(scenario: &Scenario, transcript: &Transcript) -> Scorecard {
    let listening = score_skill(transcript, Skill::Listening);
    let problem_solving = score_skill(transcript, Skill::ProblemSolving);
    let compassion = score_skill(transcript, Skill::Compassion);
    let escalation = judge_escalation(scenario, transcript);
    let overall = overall(
        &scenario.scoring.weights,
        [listening.score, problem_solving.score, compassion.score],
        escalation.score,
    );
    let pass_mark = scenario.scoring.pass_mark;

    let turns = transcript
        .turns
        .iter()
        .map(|t| {
            let feedback = match t.action {
                Action::Chose { choice_index } => scenario
                    .node(&t.node_id)
                    .and_then(|n| n.choices.get(choice_index))
                    .map(|c| c.feedback.clone())
                    .unwrap_or_default(),
                Action::TimedOut => scenario
                    .node(&t.node_id)
                    .and_then(|n| n.time_limit.as_ref())
                    .map(|l| l.on_timeout.feedback.clone())
                    .unwrap_or_default(),
            };
            let class_here = escalation::class_at_turn(scenario, transcript, t);
            TurnFeedback {
                turn: t.turn,
                node_id: t.node_id.clone(),
                customer_line: t.customer_line.clone(),
                choice: t.text.clone(),
                timed_out: t.action == Action::TimedOut,
                effects: t.effects,
                mood_before: t.mood_before,
                mood_after: t.mood_after,
                feedback,
                escalated: t.escalated,
                better: better_option(scenario, t, class_here),
            }
        })
        .collect();

    Scorecard {
        scenario_id: transcript.scenario_id.clone(),
        seed: transcript.seed,
        skills: SkillScores {
            listening,
            problem_solving,
            compassion,
            escalation: escalation.score,
        },
        overall,
        pass_mark,
        passed: overall >= pass_mark,
        escalation,
        outcome: transcript.end.as_ref().map(|e| e.outcome),
        turns,
    }
}
