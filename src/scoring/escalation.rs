//! Escalation timing: was the problem taken to a manager at the right moment?

use serde::{Deserialize, Serialize};

use crate::engine::{Transcript, TurnRecord};
use crate::rules::{EscalationClass, classify_escalation};
use crate::scenario::Scenario;

impl EscalationClass {
    /// Every class, in the order the debrief lists them.
    pub const ALL: [EscalationClass; 6] = [
        EscalationClass::Timely,
        EscalationClass::CorrectlyNotEscalated,
        EscalationClass::Late,
        EscalationClass::Premature,
        EscalationClass::Unnecessary,
        EscalationClass::Missed,
    ];

    /// The escalation-timing score this class earns. Late and premature are
    /// the right call at the wrong moment, so they rank above unnecessary (the
    /// wrong call) and missed (a customer who needed a manager never got one).
    pub fn score(self) -> u8 {
        match self {
            EscalationClass::Timely | EscalationClass::CorrectlyNotEscalated => 100,
            EscalationClass::Late => 50,
            EscalationClass::Premature => 40,
            EscalationClass::Unnecessary => 20,
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
                "You handed the problem on before you had heard the customer out and tried what was within your authority: premature."
            }
            EscalationClass::Timely => {
                "You handed the problem on yourself, to the person or team who can solve it, once you had heard the customer out and tried what you could: timely."
            }
            EscalationClass::Late => {
                "You did hand it on, but only after turning down the right moment and holding on past the point where only someone with more authority could help: late."
            }
            EscalationClass::Missed => {
                "This problem needed someone with more authority than yours (a manager, or the team who can solve it), and you never handed it on: missed."
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
    /// The share (0–1) of the scenario's escalation weight that counts in
    /// the overall score: all of it, except when no manager was needed and
    /// none was called, where it is the share of decisions on which
    /// escalating was on offer (see [`escalation_weight`]).
    #[serde(default = "full_weight")]
    pub weight: f64,
    /// Plain words for the debrief, with the scenario's reason.
    pub explanation: String,
}

fn full_weight() -> f64 {
    1.0
}

/// The share of the escalation weight that counts. Keeping a problem that
/// needed no manager earns credit only as far as the trainee was tempted:
/// the share of decisions on which escalating was on offer (none on offer,
/// nothing to judge). Every other class counts in full.
pub fn escalation_weight(class: EscalationClass, offered_turns: u32, turns: u32) -> f64 {
    match class {
        EscalationClass::CorrectlyNotEscalated if turns == 0 => 0.0,
        EscalationClass::CorrectlyNotEscalated => {
            f64::from(offered_turns.min(turns)) / f64::from(turns)
        }
        _ => 1.0,
    }
}

/// Judges the first escalation in the transcript, or its absence.
pub fn judge_escalation(scenario: &Scenario, transcript: &Transcript) -> EscalationVerdict {
    let first = transcript.turns.iter().find(|t| t.escalated);
    let class = match first {
        Some(t) => classify_escalation(scenario.escalation.required, t.escalation),
        None if scenario.escalation.required => EscalationClass::Missed,
        None => EscalationClass::CorrectlyNotEscalated,
    };
    let mut explanation = class.sentence().to_string();
    let reason = scenario.escalation.reason.trim();
    if !reason.is_empty() {
        explanation.push(' ');
        explanation.push_str(reason);
    }
    let offered_turns = transcript
        .turns
        .iter()
        .take_while(|t| !t.escalated)
        .filter(|t| t.escalation.is_some())
        .count() as u32;
    EscalationVerdict {
        class,
        turn: first.map(|t| t.turn),
        score: class.score(),
        weight: escalation_weight(class, offered_turns, transcript.turns.len() as u32),
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
        return (first == Some(turn.turn))
            .then(|| classify_escalation(scenario.escalation.required, turn.escalation));
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
