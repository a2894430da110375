//! Semantic checks on a parsed scenario, one file per concern. Every rule
//! reports every problem it finds, each with a field path; the loader adds
//! line and column.

mod assessment;
mod escalation;
mod flags;
mod graph;
mod metadata;
mod nodes;
mod social;

use super::diagnostic::Diagnostic;
use super::locate::FieldPath;
use super::model::{Condition, Effects, Scenario};
use super::suggest::closest;

pub use social::MAX_AUDIENCE;

/// Skill points a single choice may give or take.
pub const SKILL_RANGE: std::ops::RangeInclusive<i32> = -5..=5;
/// Mood change a single choice may cause, before reactivity.
pub const MOOD_DELTA_RANGE: std::ops::RangeInclusive<i32> = -50..=50;
/// Mood values.
pub const MOOD_RANGE: std::ops::RangeInclusive<i32> = 0..=100;
/// Seconds a time limit may give.
pub const SECONDS_RANGE: std::ops::RangeInclusive<u32> = 1..=600;
/// The most flags one choice or timeout may set: the rules undo a move's
/// flags from a 64-bit mask.
pub const MAX_SETS: usize = 64;
/// Deepest condition nesting accepted.
pub const MAX_CONDITION_DEPTH: usize = 16;

/// Runs every semantic rule and returns all problems found.
pub fn validate(s: &Scenario) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    metadata::check_metadata(s, &mut out);
    nodes::check_nodes(s, &mut out);
    graph::check_graph(s, &mut out);
    flags::check_flags(s, &mut out);
    escalation::check_escalation(s, &mut out);
    assessment::check_assessment(s, &mut out);
    social::check_social(s, &mut out);
    out
}

pub(super) fn root() -> FieldPath {
    FieldPath::root()
}

// Paths are built only when there is something to report: validation of a
// clean library allocates almost nothing.
pub(super) fn empty(
    out: &mut Vec<Diagnostic>,
    text: &str,
    path: impl FnOnce() -> FieldPath,
    what: &str,
) {
    if text.trim().is_empty() {
        out.push(
            Diagnostic::error("empty-text", format!("{what} is empty"))
                .at(path())
                .hint(format!("write the {what}")),
        );
    }
}

pub(super) fn range<T: PartialOrd + std::fmt::Display + Copy>(
    out: &mut Vec<Diagnostic>,
    value: T,
    allowed: std::ops::RangeInclusive<T>,
    path: impl FnOnce() -> FieldPath,
    what: &str,
) {
    if !allowed.contains(&value) {
        out.push(
            Diagnostic::error(
                "out-of-range",
                format!(
                    "{what} is {value}, outside {}..={}",
                    allowed.start(),
                    allowed.end()
                ),
            )
            .at(path())
            .hint(format!(
                "use a value from {} to {}",
                allowed.start(),
                allowed.end()
            )),
        );
    }
}

pub(super) fn check_effects(out: &mut Vec<Diagnostic>, e: Effects, path: &dyn Fn() -> FieldPath) {
    range(
        out,
        e.listening,
        SKILL_RANGE,
        || path().field("listening"),
        "listening",
    );
    range(
        out,
        e.problem_solving,
        SKILL_RANGE,
        || path().field("problem_solving"),
        "problem_solving",
    );
    range(
        out,
        e.compassion,
        SKILL_RANGE,
        || path().field("compassion"),
        "compassion",
    );
    range(
        out,
        e.mood,
        MOOD_DELTA_RANGE,
        || path().field("mood"),
        "mood change",
    );
}

pub(super) fn unknown_node(
    s: &Scenario,
    target: &str,
    path: impl FnOnce() -> FieldPath,
    out: &mut Vec<Diagnostic>,
) {
    if s.node(target).is_none() {
        let ids: Vec<&str> = s.nodes.iter().map(|n| n.id.as_str()).collect();
        let hint = match closest(target, &ids) {
            Some(c) => format!("did you mean \"{c}\"?"),
            None => "add a node with this id or point to an existing one".to_string(),
        };
        out.push(
            Diagnostic::error(
                "unknown-node",
                format!("there is no node with id {target:?}"),
            )
            .at(path())
            .hint(hint),
        );
    }
}

pub(super) fn check_condition(
    s: &Scenario,
    c: &Condition,
    path: FieldPath,
    depth: usize,
    out: &mut Vec<Diagnostic>,
) {
    if depth > MAX_CONDITION_DEPTH {
        out.push(
            Diagnostic::error(
                "condition-too-deep",
                format!("this condition nests more than {MAX_CONDITION_DEPTH} levels"),
            )
            .at(path)
            .hint("flatten it: All([...]) and Any([...]) take many items"),
        );
        return;
    }
    match c {
        Condition::Visited(id) => unknown_node(s, id, || path, out),
        Condition::MoodAtLeast(m) | Condition::MoodBelow(m) => {
            range(out, *m, MOOD_RANGE, || path, "mood threshold");
        }
        Condition::All(items) | Condition::Any(items) => {
            for (i, item) in items.iter().enumerate() {
                check_condition(s, item, path.index(i), depth + 1, out);
            }
        }
        Condition::Not(inner) => check_condition(s, inner, path.index(0), depth + 1, out),
        Condition::Flag(_) | Condition::TurnAtLeast(_) | Condition::TurnBelow(_) => {}
    }
}
