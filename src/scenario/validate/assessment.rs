//! Checks on what decides an attempt beyond the points: ending verdicts,
//! critical errors, the choice order, and escalation windows that only one
//! answer can open.

use super::MAX_SETS;
use crate::scenario::diagnostic::Diagnostic;
use crate::scenario::locate::FieldPath;
use crate::scenario::model::{Condition, Scenario, Verdict};

/// Runs the assessment checks on `s`, adding what they find to `out`.
pub(super) fn check_assessment(s: &Scenario, out: &mut Vec<Diagnostic>) {
    for n in &s.nodes {
        if let Some(e) = &n.ending
            && e.verdict.is_none()
            && e.outcome.default_verdict() == Verdict::Failed
        {
            out.push(
                Diagnostic::warning(
                    "verdict-defaulted",
                    format!(
                        "ending {:?} has no verdict, so its outcome `{}` fails the attempt whatever the points",
                        n.id,
                        e.outcome.name()
                    ),
                )
                .at(FieldPath::node(&n.id).field("ending").field("outcome"))
                .hint("say what this ending means: `verdict: failed`, `verdict: acceptable` (caps the score) or `verdict: good`"),
            );
        }
        for (i, c) in n.choices.iter().enumerate() {
            if c.sets.len() > MAX_SETS {
                out.push(
                    Diagnostic::error(
                        "too-many-flags",
                        format!(
                            "this choice sets {} flags; a choice may set at most {}",
                            c.sets.len(),
                            MAX_SETS
                        ),
                    )
                    .at(FieldPath::node(&n.id)
                        .field("choices")
                        .index(i)
                        .field("sets"))
                    .hint("set one flag that stands for the whole outcome, and test that one"),
                );
            }
            if let Some(critical) = &c.critical
                && critical.reason.trim().is_empty()
            {
                out.push(
                    Diagnostic::error(
                        "critical-without-reason",
                        "a critical error needs a reason: the debrief shows it first",
                    )
                    .at(FieldPath::node(&n.id)
                        .field("choices")
                        .index(i)
                        .field("critical")
                        .field("reason"))
                    .hint("one plain sentence, e.g. \"Leaving a child with an allergic reaction alone put her at risk.\""),
                );
            }
        }
        if let Some(t) = &n.time_limit
            && t.on_timeout.sets.len() > MAX_SETS
        {
            out.push(
                Diagnostic::error(
                    "too-many-flags",
                    format!(
                        "this timeout sets {} flags; a timeout may set at most {MAX_SETS}",
                        t.on_timeout.sets.len()
                    ),
                )
                .at(FieldPath::node(&n.id)
                    .field("time_limit")
                    .field("on_timeout")
                    .field("sets"))
                .hint("set one flag that stands for the whole outcome, and test that one"),
            );
        }
        if n.choices.len() > 1 && n.choices.iter().all(|c| c.pinned) {
            out.push(
                Diagnostic::warning(
                    "all-pinned",
                    format!("every choice of node {:?} is pinned, so their order never changes", n.id),
                )
                .at(FieldPath::node(&n.id).field("choices"))
                .hint("pin only the choices that must keep their place, or set `keep_choice_order` with a reason"),
            );
        }
    }
    if let Some(reason) = &s.keep_choice_order
        && reason.trim().is_empty()
    {
        out.push(
            Diagnostic::error(
                "empty-text",
                "keep_choice_order needs a reason: without shuffling, a retry tests memory rather than judgment",
            )
            .at(FieldPath::root().field("keep_choice_order"))
            .hint("say why the order matters, e.g. \"The tutorial's lines refer to the first answer.\""),
        );
    }
    check_fragile_window(s, out);
}

/// The flags `c` cannot hold without, where each is set by a single answer
/// (given as `setters`): for `All`, any of its items' such flags; for `Any`,
/// only when every branch hangs on one.
fn fragile_flags<'a>(
    c: &'a Condition,
    setters: &dyn Fn(&str) -> Vec<String>,
    out: &mut Vec<(&'a str, String)>,
) {
    match c {
        Condition::Flag(f) => {
            if let [only] = setters(f).as_slice() {
                out.push((f, only.clone()));
            }
        }
        Condition::All(items) => {
            for item in items {
                fragile_flags(item, setters, out);
            }
        }
        Condition::Any(items) => {
            let mut branches = Vec::new();
            for item in items {
                let mut b = Vec::new();
                fragile_flags(item, setters, &mut b);
                if b.is_empty() {
                    return;
                }
                branches.extend(b);
            }
            out.extend(branches);
        }
        _ => {}
    }
}

/// A rubric whose `appropriate_when` needs a flag that a single answer sets
/// makes "heard the customer out" reachable only through that answer: a
/// trainee who listened another way is marked down for the answer and again
/// for escalating "prematurely".
fn check_fragile_window(s: &Scenario, out: &mut Vec<Diagnostic>) {
    let Some(cond) = &s.escalation.appropriate_when else {
        return;
    };
    let setters = |flag: &str| {
        let mut found = Vec::new();
        for n in &s.nodes {
            for (i, c) in n.choices.iter().enumerate() {
                if c.sets.iter().any(|f| f == flag) {
                    found.push(format!("{}.choices[{i}]", n.id));
                }
            }
            if let Some(t) = &n.time_limit
                && t.on_timeout.sets.iter().any(|f| f == flag)
            {
                found.push(format!("{}.on_timeout", n.id));
            }
        }
        found
    };
    let mut fragile = Vec::new();
    fragile_flags(cond, &setters, &mut fragile);
    fragile.sort();
    fragile.dedup();
    for (flag, only) in fragile {
        out.push(
            Diagnostic::warning(
                "fragile-escalation-window",
                format!(
                    "appropriate_when needs flag {flag:?}, which only {only} sets: a trainee who listened or tried another reasonable way can never escalate on time"
                ),
            )
            .at(FieldPath::root().field("escalation").field("appropriate_when"))
            .hint("set the flag on every reasonable choice that hears the customer out or tries a fix, not only the best one"),
        );
    }
}
