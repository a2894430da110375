//! Scoring: four skills, escalation timing, the overall score and per-turn feedback.
//!
//! Every turn is judged against what the trainee could have chosen at that
//! turn, so scenarios with different point scales score alike, and a skill a
//! scenario gives no room for is "not assessed" rather than capped or inflated.
//! `docs/scoring.md` explains the formulas with a worked example.

mod escalation;

use serde::{Deserialize, Serialize};

use crate::engine::{Action, Transcript, TurnRecord, judge_turn};
use crate::rules::{ChoiceVerdict, earned_on_turn, quality, skill_ranges};
pub use crate::rules::{EscalationClass, Skill, classify_escalation};
use crate::scenario::{CriticalKind, Effects, Outcome, Scenario, SkillWeights, Verdict};
pub use escalation::{EscalationVerdict, escalation_weight, judge_escalation};

/// The version of the scoring rules this build applies. Records keep the
/// scorecard they were given, labelled with the version it was computed under.
/// Version 1 had no ending verdicts, critical errors or shuffled choices, and
/// gave "correctly not escalated" its full weight.
pub const RULES_VERSION: u32 = 2;

/// The fourth skill's name for people: whether escalating came at the right time.
pub const ESCALATION_LABEL: &str = "Escalation timing";

/// The four debrief skills' names, in the order every screen and report lists them.
pub const SKILL_LABELS: [&str; 4] = [
    Skill::Listening.label(),
    Skill::ProblemSolving.label(),
    Skill::Compassion.label(),
    ESCALATION_LABEL,
];

/// The highest overall score an attempt that ended acceptably (not well) can get.
pub const ACCEPTABLE_CEILING: u8 = 75;

/// The highest overall score an attempt with a failed ending or a critical error can get.
pub const FAILED_CEILING: u8 = 40;

fn first_rules_version() -> u32 {
    1
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
    /// Whether the line was narration (what happened) rather than the customer's words.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub narration: bool,
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
    /// How the decision compared with the options on offer (absent in old records).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verdict: Option<ChoiceVerdict>,
    /// Whether it escalated.
    pub escalated: bool,
    /// The better option, where one existed.
    pub better: Option<BetterOption>,
}

/// A critical error the trainee made: it fails the attempt whatever the points.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CriticalFinding {
    /// Decision number.
    pub turn: u32,
    /// Node id.
    pub node_id: String,
    /// What the trainee said.
    pub choice: String,
    /// The kind of line crossed.
    pub kind: CriticalKind,
    /// The author's one-sentence reason.
    pub reason: String,
}

/// The result of a finished (or abandoned) conversation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scorecard {
    /// The scoring rules version it was computed under ([`RULES_VERSION`] now).
    #[serde(default = "first_rules_version")]
    pub rules_version: u32,
    /// Scenario id.
    pub scenario_id: String,
    /// Seed.
    pub seed: u64,
    /// The four skills.
    pub skills: SkillScores,
    /// Weighted overall score 0–100, after any ceiling the ending or a critical error set.
    pub overall: u8,
    /// The weighted overall score of the choices alone, before any ceiling
    /// (absent in records scored under rules version 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub points_overall: Option<u8>,
    /// The pass mark used.
    pub pass_mark: u8,
    /// Whether the attempt passed: overall at least the pass mark, no critical
    /// error, and an ending that is not failed.
    pub passed: bool,
    /// The ending's verdict; `None` when abandoned (or scored under rules version 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verdict: Option<Verdict>,
    /// The first critical error, which fails the attempt.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub critical: Option<CriticalFinding>,
    /// Escalation verdict.
    pub escalation: EscalationVerdict,
    /// Outcome; `None` when the conversation was abandoned before an ending.
    pub outcome: Option<Outcome>,
    /// Per-turn feedback.
    pub turns: Vec<TurnFeedback>,
}

impl Scorecard {
    /// What decided the attempt beyond the points, in plain words: a
    /// critical error first, then a failed or merely acceptable ending. Every
    /// debrief (app, terminal, reports) leads with it, before any number.
    pub fn headline(&self) -> Option<String> {
        if let Some(c) = &self.critical {
            return Some(format!(
                "Critical error ({}) at decision {}: {} This fails the attempt whatever the points.",
                c.kind.label().to_lowercase(),
                c.turn,
                c.reason.trim()
            ));
        }
        let outcome = self.outcome.map_or("", |o| o.label());
        match self.verdict {
            Some(Verdict::Failed) => Some(format!(
                "The conversation failed the customer ({outcome}), so the attempt fails whatever the points; the overall score is capped at {FAILED_CEILING}."
            )),
            Some(Verdict::Acceptable) => Some(match self.points_overall {
                Some(points) if points > ACCEPTABLE_CEILING => format!(
                    "An acceptable ending ({outcome}), but not the one this situation called for: your choices earned {points}, and an ending like this is capped at {ACCEPTABLE_CEILING}."
                ),
                _ => format!(
                    "An acceptable ending ({outcome}), but not the one this situation called for: an ending like this scores at most {ACCEPTABLE_CEILING}."
                ),
            }),
            _ => None,
        }
    }
}

/// Rounds half away from zero, the way a coach rounds by hand.
fn percent(earned: f64, possible: f64) -> u8 {
    if possible <= 0.0 {
        return 0;
    }
    (100.0 * earned / possible).round().clamp(0.0, 100.0) as u8
}

/// Scores one skill over a transcript.
pub fn score_skill(transcript: &Transcript, skill: Skill) -> SkillScore {
    let mut earned = 0;
    let mut possible = 0;
    let mut assessed = 0;
    let k = Skill::ALL.iter().position(|&s| s == skill).unwrap_or(0);
    for turn in &transcript.turns {
        let range = skill_ranges(&turn.options())[k];
        if let Some((e, p)) = earned_on_turn(range, skill.of(&turn.effects)) {
            earned += e;
            possible += p;
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
    let options = turn.options();
    let mine = quality(&options, &turn.effects, weights);
    // Candidates in written order, so that a tie goes to the option written
    // first whatever order this attempt showed them in.
    let mut written: Vec<&crate::engine::OfferedOption> = turn.offered.iter().collect();
    written.sort_by_key(|o| o.choice_index);
    let best_of = |filter: &dyn Fn(&crate::engine::OfferedOption) -> bool| {
        written
            .iter()
            .copied()
            .filter(|o| Some(o.choice_index) != chosen && filter(o))
            // A critical error is never the better answer, whatever its points.
            .filter(|o| {
                node.choices
                    .get(o.choice_index)
                    .is_none_or(|c| c.critical.is_none())
            })
            .map(|o| (quality(&options, &o.effects, weights), o))
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
/// the escalation score, whose weight counts `escalation_share` (0–1) of
/// the scenario's (see [`escalation_weight`]).
pub fn overall(
    weights: &SkillWeights,
    skills: [Option<u8>; 3],
    escalation: u8,
    escalation_share: f64,
) -> u8 {
    let escalation_weight = weights.escalation * escalation_share;
    let mut weighted = f64::from(escalation) * escalation_weight;
    let mut total_weight = escalation_weight;
    for (skill, score) in Skill::ALL.iter().zip(skills) {
        if let Some(v) = score {
            weighted += skill.weight(weights) * f64::from(v);
            total_weight += skill.weight(weights);
        }
    }
    percent(weighted, 100.0 * total_weight)
}

/// The final overall score and whether the attempt passed, from the points'
/// overall, the ending's verdict (`None` when abandoned) and whether a
/// critical error was made: the one place the ceilings and the pass rule live.
pub fn settle(
    points_overall: u8,
    pass_mark: u8,
    verdict: Option<Verdict>,
    critical: bool,
) -> (u8, bool) {
    let ceiling = match verdict {
        _ if critical => FAILED_CEILING,
        Some(Verdict::Failed) => FAILED_CEILING,
        Some(Verdict::Acceptable) => ACCEPTABLE_CEILING,
        Some(Verdict::Good) | None => 100,
    };
    let overall = points_overall.min(ceiling);
    let passed = overall >= pass_mark && !critical && verdict != Some(Verdict::Failed);
    (overall, passed)
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
    let points_overall = overall(
        &scenario.scoring.weights,
        [listening.score, problem_solving.score, compassion.score],
        escalation.score,
        escalation.weight,
    );
    let pass_mark = scenario.scoring.pass_mark;
    let verdict = transcript
        .end
        .as_ref()
        .map(|e| e.verdict.unwrap_or_else(|| e.outcome.default_verdict()));
    let critical = transcript.critical_turn().and_then(|t| {
        let Action::Chose { choice_index } = t.action else {
            return None;
        };
        let choice = scenario.node(&t.node_id)?.choices.get(choice_index)?;
        let c = choice.critical.as_ref()?;
        Some(CriticalFinding {
            turn: t.turn,
            node_id: t.node_id.clone(),
            choice: t.said.clone(),
            kind: c.kind,
            reason: c.reason.clone(),
        })
    });
    let (overall, passed) = settle(points_overall, pass_mark, verdict, critical.is_some());

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
                narration: t.narration,
                choice: t.said.clone(),
                timed_out: t.action == Action::TimedOut,
                effects: t.effects,
                mood_before: t.mood_before,
                mood_after: t.mood_after,
                feedback,
                verdict: Some(judge_turn(scenario, t)),
                escalated: t.escalated,
                better: better_option(scenario, t, class_here),
            }
        })
        .collect();

    Scorecard {
        rules_version: RULES_VERSION,
        scenario_id: transcript.scenario_id.clone(),
        seed: transcript.seed,
        skills: SkillScores {
            listening,
            problem_solving,
            compassion,
            escalation: escalation.score,
        },
        overall,
        points_overall: Some(points_overall),
        pass_mark,
        passed,
        verdict,
        critical,
        escalation,
        outcome: transcript.end.as_ref().map(|e| e.outcome),
        turns,
    }
}
