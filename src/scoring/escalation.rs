//! Escalation timing: was the problem taken to a manager at the right moment?

use serde::{Deserialize, Serialize};

use crate::engine::{Transcript, TurnRecord};
use crate::scenario::Scenario;

/// The six ways an attempt can handle escalation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Hash, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum EscalationClass {
    /// Escalated before hearing the customer out and trying what was within authority.
    Premature,
    /// Escalated once it was appropriate and before it was too late.
    Timely,
    /// Escalated, but after it had become too late.
    Late,
    /// Escalation was needed and never happened.
    Missed,
    /// Escalated a problem the trainee could have solved.
    Unnecessary,
    /// No escalation was needed and none happened.
    CorrectlyNotEscalated,
}

impl EscalationClass {
    /// Every class, in the order the debrief lists them.
    pub const ALL: [EscalationClass; 6] = [
        EscalationClass::Timely,
        EscalationClass::CorrectlyNotEscalated,
        EscalationClass::Late,
        EscalationClass::Unnecessary,
        EscalationClass::Premature,
        EscalationClass::Missed,
    ];

    /// The escalation-timing score this class earns.
    pub fn score(self) -> u8 {
        match self {
            EscalationClass::Timely | EscalationClass::CorrectlyNotEscalated => 100,
            EscalationClass::Late => 50,
            EscalationClass::Unnecessary => 30,
            EscalationClass::Premature => 20,
            EscalationClass::Missed => 0,
        }
    }

    /// One word for tables.
    pub fn label(self) -> &'static str {
        match self {
            EscalationClass::Premature => "premature",
            EscalationClass::Timely => "timely",
            EscalationClass::Late => "late",
            EscalationClass::Missed => "missed",
            EscalationClass::Unnecessary => "unnecessary",
            EscalationClass::CorrectlyNotEscalated => "correctly not escalated",
        }
    }

    fn sentence(self) -> &'static str {
        match self {
            EscalationClass::Premature => {
                "You called a manager before you had heard the customer out and tried what was within your authority: premature."
            }
            EscalationClass::Timely => {
                "You took the problem to a manager yourself once you had heard the customer out and tried what you could: timely."
            }
            EscalationClass::Late => {
                "You did take it to a manager, but only after holding on past the point where only a manager could help: late."
            }
            EscalationClass::Missed => {
                "This problem needed a manager, and you never took it to one: missed."
            }
            EscalationClass::Unnecessary => {
                "You handed over a problem you had the authority to solve yourself: unnecessary."
            }
            EscalationClass::CorrectlyNotEscalated => {
                "You kept a problem you could solve yourself instead of passing it on: correctly not escalated."
            }
        }
    }
}

/// The escalation judgement of an attempt.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EscalationVerdict {
    /// The class.
    pub class: EscalationClass,
    /// Decision number at which the trainee escalated, if they did.
    pub turn: Option<u32>,
    /// 0–100.
    pub score: u8,
    /// Plain words for the debrief, with the scenario's reason.
    pub explanation: String,
}

/// The class of an escalation made at a moment judged as `moment`.
pub fn classify_escalation(
    scenario: &Scenario,
    moment: Option<crate::engine::EscalationMoment>,
) -> EscalationClass {
    let rubric = &scenario.escalation;
    if !rubric.required {
        return EscalationClass::Unnecessary;
    }
    match moment {
        Some(m) if m.too_late => EscalationClass::Late,
        Some(m) if m.appropriate => EscalationClass::Timely,
        _ => EscalationClass::Premature,
    }
}

/// Judges the first escalation in the transcript, or its absence.
pub fn judge_escalation(scenario: &Scenario, transcript: &Transcript) -> EscalationVerdict {
    let first = transcript.turns.iter().find(|t| t.escalated);
    let class = match first {
        Some(t) => classify_escalation(scenario, t.escalation),
        None if scenario.escalation.required => EscalationClass::Missed,
        None => EscalationClass::CorrectlyNotEscalated,
    };
    let mut explanation = class.sentence().to_string();
    let reason = scenario.escalation.reason.trim();
    if !reason.is_empty() {
        explanation.push(' ');
        explanation.push_str(reason);
    }
    EscalationVerdict {
        class,
        turn: first.map(|t| t.turn),
        score: class.score(),
        explanation,
    }
}

/// How this particular turn bears on escalation, for choosing a better option:
/// the class its escalation earned, or `Late`/`Missed` when escalating was due,
/// on offer and not taken.
pub(crate) fn class_at_turn(
    scenario: &Scenario,
    transcript: &Transcript,
    turn: &TurnRecord,
) -> Option<EscalationClass> {
    let first = transcript
        .turns
        .iter()
        .find(|t| t.escalated)
        .map(|t| t.turn);
    if turn.escalated {
        return (first == Some(turn.turn)).then(|| classify_escalation(scenario, turn.escalation));
    }
    let moment = turn.escalation?;
    let before_first = first.is_none_or(|f| f > turn.turn);
    let offered = turn.offered.iter().any(|o| o.escalates);
    // Escalating was appropriate here, on offer and not taken, and the
    // attempt went on to escalate late or not at all.
    let verdict = judge_escalation(scenario, transcript).class;
    (matches!(verdict, EscalationClass::Late | EscalationClass::Missed)
        && before_first
        && offered
        && moment.appropriate)
        .then_some(EscalationClass::Late)
}
