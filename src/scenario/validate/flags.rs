//! Flags: every flag a condition tests must be set somewhere.

use std::collections::HashSet;

use super::root;
use crate::scenario::diagnostic::Diagnostic;
use crate::scenario::locate::FieldPath;
use crate::scenario::model::{Condition, Scenario};
use crate::scenario::suggest::closest;

fn collect_flags<'a>(c: &'a Condition, path: FieldPath, out: &mut Vec<(&'a str, FieldPath)>) {
    match c {
        Condition::Flag(f) => out.push((f, path)),
        Condition::All(items) | Condition::Any(items) => {
            for (i, item) in items.iter().enumerate() {
                collect_flags(item, path.index(i), out);
            }
        }
        Condition::Not(inner) => collect_flags(inner, path.index(0), out),
        _ => {}
    }
}

pub(super) fn check_flags(s: &Scenario, out: &mut Vec<Diagnostic>) {
    let mut set: HashSet<&str> = HashSet::new();
    for n in &s.nodes {
        for c in &n.choices {
            set.extend(c.sets.iter().map(String::as_str));
        }
        if let Some(t) = &n.time_limit {
            set.extend(t.on_timeout.sets.iter().map(String::as_str));
        }
    }
    let mut used = Vec::new();
    for n in &s.nodes {
        for (i, c) in n.choices.iter().enumerate() {
            if let Some(cond) = &c.when {
                collect_flags(
                    cond,
                    FieldPath::node(&n.id)
                        .field("choices")
                        .index(i)
                        .field("when"),
                    &mut used,
                );
            }
        }
    }
    let rubric = root().field("escalation");
    if let Some(c) = &s.escalation.appropriate_when {
        collect_flags(c, rubric.field("appropriate_when"), &mut used);
    }
    if let Some(c) = &s.escalation.too_late_when {
        collect_flags(c, rubric.field("too_late_when"), &mut used);
    }
    let known: Vec<&str> = set.iter().copied().collect();
    for (flag, path) in used {
        if !set.contains(flag) {
            let hint = match closest(flag, &known) {
                Some(c) => format!("did you mean \"{c}\"?"),
                None => "add the flag to some choice's `sets`, or remove the condition".into(),
            };
            out.push(
                Diagnostic::error(
                    "unset-flag",
                    format!("no choice ever sets the flag {flag:?}"),
                )
                .at(path)
                .hint(hint),
            );
        }
    }
}
