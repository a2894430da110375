//! The scenario's details: version, id, texts, difficulty, mood model, weights.

use super::MOOD_RANGE;
use super::{empty, range, root};
use crate::scenario::diagnostic::Diagnostic;
use crate::scenario::model::{FORMAT_VERSION, Scenario};

pub(super) fn check_metadata(s: &Scenario, out: &mut Vec<Diagnostic>) {
    if s.format_version != FORMAT_VERSION {
        out.push(
            Diagnostic::error(
                "unsupported-version",
                format!(
                    "format_version {} is not supported by this frontline",
                    s.format_version
                ),
            )
            .at(root().field("format_version"))
            .hint(format!("this build reads format_version {FORMAT_VERSION}")),
        );
    }
    if s.id.is_empty()
        || !s
            .id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
    {
        out.push(
            Diagnostic::error(
                "bad-id",
                format!("the scenario id {:?} is not usable", s.id),
            )
            .at(root().field("id"))
            .hint("use lower-case letters, digits and dashes, e.g. \"bank-branch-fee\""),
        );
    }
    empty(out, &s.title, || root().field("title"), "title");
    empty(out, &s.briefing, || root().field("briefing"), "briefing");
    if s.premise.trim().is_empty() {
        out.push(
            Diagnostic::warning(
                "no-premise",
                "the scenario has no premise for its library card",
            )
            .at(root().field("premise"))
            .hint("add `premise: \"...\"`: one line that makes a trainee want to play it"),
        );
    }
    empty(out, &s.setting, || root().field("setting"), "setting");
    empty(
        out,
        &s.customer.name,
        || root().field("customer").field("name"),
        "customer name",
    );
    empty(
        out,
        &s.customer.description,
        || root().field("customer").field("description"),
        "customer description",
    );
    range(
        out,
        s.difficulty,
        1..=5,
        || root().field("difficulty"),
        "difficulty",
    );
    range(
        out,
        s.estimated_minutes,
        1..=120,
        || root().field("estimated_minutes"),
        "estimated_minutes",
    );
    for (i, o) in s.objectives.iter().enumerate() {
        empty(
            out,
            o,
            || root().field("objectives").index(i),
            "learning objective",
        );
    }
    if let Some(m) = s.customer.mood {
        range(
            out,
            m,
            MOOD_RANGE,
            || root().field("customer").field("mood"),
            "starting mood",
        );
    }
    if let Some(r) = s.mood.reactivity
        && !(r.is_finite() && (0.1..=3.0).contains(&r))
    {
        out.push(
            Diagnostic::error(
                "out-of-range",
                format!("reactivity is {r}, outside 0.1..=3.0"),
            )
            .at(root().field("mood").field("reactivity"))
            .hint("1.0 is an average customer; the persona presets use 0.8 to 1.5"),
        );
    }
    range(
        out,
        s.mood.collapse_at,
        0..=90,
        || root().field("mood").field("collapse_at"),
        "collapse_at",
    );
    if s.starting_mood() <= s.mood.collapse_at {
        out.push(
            Diagnostic::error(
                "collapse-at-start",
                format!(
                    "the starting mood {} is already at or below collapse_at {}",
                    s.starting_mood(),
                    s.mood.collapse_at
                ),
            )
            .at(root().field("mood").field("collapse_at"))
            .hint("raise the customer's starting mood or lower collapse_at"),
        );
    }
    range(
        out,
        s.scoring.pass_mark,
        0..=100,
        || root().field("scoring").field("pass_mark"),
        "pass_mark",
    );
    let w = s.scoring.weights;
    let weights = [
        ("listening", w.listening),
        ("problem_solving", w.problem_solving),
        ("compassion", w.compassion),
        ("escalation", w.escalation),
    ];
    for (name, value) in weights {
        if !(value.is_finite() && (0.0..=10.0).contains(&value)) {
            out.push(
                Diagnostic::error(
                    "out-of-range",
                    format!("the weight of {name} is {value}, outside 0..=10"),
                )
                .at(root().field("scoring").field("weights"))
                .hint("weights are relative; 1.0 each counts every skill the same"),
            );
        }
    }
    if weights.iter().all(|(_, v)| *v <= 0.0) {
        out.push(
            Diagnostic::error("out-of-range", "every skill weight is zero")
                .at(root().field("scoring").field("weights"))
                .hint("give at least one skill a positive weight"),
        );
    }
}
