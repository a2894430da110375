//! Judging one decision against the others on offer: the skills, how good an
//! option is for its turn, the class of an escalation, and the verdict that
//! learning mode colours a choice with and the debrief agrees with.

use serde::{Deserialize, Serialize};

use super::EscalationMoment;
use crate::scenario::{Effects, SkillWeights};

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
    pub const fn label(self) -> &'static str {
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

    /// This skill's weight.
    pub fn weight(self, w: &SkillWeights) -> f64 {
        match self {
            Skill::Listening => w.listening,
            Skill::ProblemSolving => w.problem_solving,
            Skill::Compassion => w.compassion,
        }
    }
}

/// Lowest and highest points per skill (in [`Skill::ALL`] order) among the
/// options of a turn, timeout included: what each decision is judged against.
pub fn skill_ranges<'e>(options: impl IntoIterator<Item = &'e Effects>) -> [(i32, i32); 3] {
    let mut ranges = [(i32::MAX, i32::MIN); 3];
    for e in options {
        for (k, &sk) in Skill::ALL.iter().enumerate() {
            let v = sk.of(e);
            ranges[k] = (ranges[k].0.min(v), ranges[k].1.max(v));
        }
    }
    ranges
}

/// Points earned above the weakest option, and the points between the
/// weakest and the best, for `chosen` points on a turn whose options span
/// `range`; `None` when the turn gave no room for the skill.
pub fn earned_on_turn(range: (i32, i32), chosen: i32) -> Option<(i32, i32)> {
    let (lo, hi) = range;
    (hi > lo).then(|| (chosen.clamp(lo, hi) - lo, hi - lo))
}

/// How good `effects` is on a turn whose options (timeout included) are
/// `options`: for each skill with room on the turn, the share of the range
/// between the weakest and the best option, times the skill's weight.
pub fn quality(options: &[Effects], effects: &Effects, weights: &SkillWeights) -> f64 {
    let ranges = skill_ranges(options);
    Skill::ALL
        .iter()
        .zip(ranges)
        .filter_map(|(&s, range)| {
            let (earned, possible) = earned_on_turn(range, s.of(effects))?;
            Some(s.weight(weights) * f64::from(earned) / f64::from(possible))
        })
        .sum()
}

/// The six ways an attempt can handle escalation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Hash, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum EscalationClass {
    /// Escalated before hearing the customer out and trying what was within authority.
    Premature,
    /// Escalated once it was appropriate and before it was too late.
    Timely,
    /// Escalated, but after declining an appropriate chance and holding on past the rubric's limit.
    Late,
    /// Escalation was needed and never happened.
    Missed,
    /// Escalated a problem the trainee could have solved.
    Unnecessary,
    /// No escalation was needed and none happened.
    CorrectlyNotEscalated,
}

/// The class of an escalation made at a moment judged as `moment`, in a
/// scenario whose problem does (`required`) or does not need a manager.
pub fn classify_escalation(required: bool, moment: Option<EscalationMoment>) -> EscalationClass {
    if !required {
        return EscalationClass::Unnecessary;
    }
    match moment {
        // Past the limit, after turning down an appropriate chance (or without
        // ever having made escalating appropriate): late.
        Some(m) if m.too_late && (m.declined_before || !m.appropriate) => EscalationClass::Late,
        // Appropriate, and the first chance taken: timely, even if a recovery
        // turn moved the clock past the limit.
        Some(m) if m.appropriate => EscalationClass::Timely,
        _ => EscalationClass::Premature,
    }
}

/// The core's verdict on one decision relative to what was on offer. Learning
/// mode colours the choice with it; the debrief's suggestions agree with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Hash)]
#[serde(rename_all = "snake_case")]
pub enum ChoiceVerdict {
    /// The best option on offer (or as good as it), or a timely escalation.
    Best,
    /// Better than most of what was on offer, but a better option existed.
    Reasonable,
    /// Among the weaker options, or an escalation that was premature or unnecessary.
    Weak,
    /// A critical error: it fails the attempt.
    Critical,
}

impl ChoiceVerdict {
    /// Plain words for learning mode.
    pub fn label(self) -> &'static str {
        match self {
            ChoiceVerdict::Best => "Strong choice",
            ChoiceVerdict::Reasonable => "Reasonable, but there was a better option",
            ChoiceVerdict::Weak => "Weak choice",
            ChoiceVerdict::Critical => "Critical error",
        }
    }
}

/// Judges a decision with `chosen` effects among `options` (the effects of
/// everything on offer, timeout included). `escalation` is the class the
/// decision's escalation earns, when it escalated.
pub fn judge_choice(
    options: &[Effects],
    chosen: &Effects,
    weights: &SkillWeights,
    critical: bool,
    escalation: Option<EscalationClass>,
) -> ChoiceVerdict {
    if critical {
        return ChoiceVerdict::Critical;
    }
    match escalation {
        Some(EscalationClass::Premature | EscalationClass::Unnecessary) => {
            return ChoiceVerdict::Weak;
        }
        Some(EscalationClass::Timely) => return ChoiceVerdict::Best,
        Some(EscalationClass::Late) => return ChoiceVerdict::Reasonable,
        _ => {}
    }
    let qs: Vec<f64> = options
        .iter()
        .map(|e| quality(options, e, weights))
        .collect();
    let hi = qs.iter().copied().fold(f64::MIN, f64::max);
    let lo = qs.iter().copied().fold(f64::MAX, f64::min);
    let q = quality(options, chosen, weights);
    const EPS: f64 = 1e-9;
    if hi - lo < EPS || q >= hi - EPS {
        ChoiceVerdict::Best
    } else if (q - lo) / (hi - lo) >= 0.5 {
        ChoiceVerdict::Reasonable
    } else {
        ChoiceVerdict::Weak
    }
}
