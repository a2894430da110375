//! The escalation rubric: whether escalating is possible, and whether the
//! rubric says when it is right.

use super::{check_condition, empty, root};
use crate::scenario::diagnostic::Diagnostic;
use crate::scenario::model::Scenario;

pub(super) fn check_escalation(s: &Scenario, out: &mut Vec<Diagnostic>) {
    let r = &s.escalation;
    let path = root().field("escalation");
    let escalating = s
        .nodes
        .iter()
        .any(|n| n.choices.iter().any(|c| c.escalates));
    if let Some(c) = &r.appropriate_when {
        check_condition(s, c, path.field("appropriate_when"), 0, out);
    }
    if let Some(c) = &r.too_late_when {
        check_condition(s, c, path.field("too_late_when"), 0, out);
    }
    if r.required {
        if !escalating {
            out.push(
                Diagnostic::error(
                    "escalation-impossible",
                    "the rubric requires escalation, but no choice escalates",
                )
                .at(path.field("required"))
                .hint("mark the choice that takes the problem to a manager with `escalates: true`"),
            );
        }
        if r.appropriate_when.is_none() {
            out.push(
                Diagnostic::error(
                    "escalation-rubric-incomplete",
                    "escalation is required, but the rubric does not say from when it is appropriate",
                )
                .at(path.clone())
                .hint("add `appropriate_when`, e.g. All([Flag(\"heard_out\"), Flag(\"offered_refund\")])"),
            );
        }
        if r.reason.trim().is_empty() {
            empty(out, &r.reason, || path.field("reason"), "escalation reason");
        }
    } else if r.appropriate_when.is_some() || r.too_late_when.is_some() {
        out.push(
            Diagnostic::warning(
                "escalation-rubric-contradiction",
                "escalation is not required, yet the rubric says when it is appropriate or too late",
            )
            .at(path.field("required"))
            .hint("set `required: true`, or remove appropriate_when and too_late_when"),
        );
    }
}
