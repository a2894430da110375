//! Nodes and choices: ids, lines, endings, time limits, points and conditions.

use std::collections::{HashMap, HashSet};

use super::{SECONDS_RANGE, check_condition, check_effects, empty, range, root, unknown_node};
use crate::scenario::diagnostic::Diagnostic;
use crate::scenario::locate::FieldPath;
use crate::scenario::model::Scenario;

pub(super) fn check_nodes(s: &Scenario, out: &mut Vec<Diagnostic>) {
    unknown_node(s, &s.start, || root().field("start"), out);
    match s.node(&s.mood.collapse_ending) {
        None => unknown_node(
            s,
            &s.mood.collapse_ending,
            || root().field("mood").field("collapse_ending"),
            out,
        ),
        Some(n) if !n.is_ending() => out.push(
            Diagnostic::error(
                "collapse-not-ending",
                format!(
                    "collapse_ending {:?} is not an ending node",
                    s.mood.collapse_ending
                ),
            )
            .at(root().field("mood").field("collapse_ending"))
            .hint("point it at an ending whose outcome is customer_left"),
        ),
        Some(_) => {}
    }

    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, node) in s.nodes.iter().enumerate() {
        let path = root().field("nodes").index(i);
        if node.id.trim().is_empty() {
            empty(out, &node.id, || path.field("id"), "node id");
            continue;
        }
        if let Some(first) = seen.insert(node.id.as_str(), i) {
            out.push(
                Diagnostic::error(
                    "duplicate-id",
                    format!(
                        "node id {:?} is used twice (first by nodes[{first}])",
                        node.id
                    ),
                )
                .at(path.field("id"))
                .hint("rename one of the nodes; ids must be unique"),
            );
        }
    }

    for node in &s.nodes {
        let path = FieldPath::node(&node.id);
        for (v, text) in node.say.iter().enumerate() {
            empty(out, text, || path.field("say").index(v), "customer line");
        }
        if let Some(ending) = &node.ending {
            empty(
                out,
                &ending.text,
                || path.field("ending").field("text"),
                "ending text",
            );
            if !node.choices.is_empty() {
                out.push(
                    Diagnostic::error(
                        "ending-with-choices",
                        format!("ending {:?} also has choices", node.id),
                    )
                    .at(path.field("choices"))
                    .hint("an ending closes the conversation: remove its choices or its `ending`"),
                );
            }
            if node.time_limit.is_some() {
                out.push(
                    Diagnostic::warning(
                        "ending-with-time-limit",
                        format!("ending {:?} has a time limit that never runs", node.id),
                    )
                    .at(path.field("time_limit"))
                    .hint("remove the time_limit"),
                );
            }
            continue;
        }
        if node.say.is_empty() {
            out.push(
                Diagnostic::error(
                    "no-line",
                    format!("node {:?} has nothing for the customer to say", node.id),
                )
                .at(path.field("say"))
                .hint("add at least one line: say: [\"...\"]"),
            );
        }
        if node.choices.is_empty() {
            out.push(
                Diagnostic::error(
                    "dead-end",
                    format!("node {:?} is not an ending and offers no choices", node.id),
                )
                .at(path.clone())
                .hint("add choices, or make it an ending with `ending: (outcome: ..., text: \"...\")`"),
            );
        }
        let mut texts = HashSet::new();
        for (c, choice) in node.choices.iter().enumerate() {
            let cpath = || path.field("choices").index(c);
            empty(out, &choice.text, || cpath().field("text"), "choice text");
            empty(
                out,
                &choice.feedback,
                || cpath().field("feedback"),
                "feedback",
            );
            check_effects(out, choice.effects(), &cpath);
            unknown_node(s, &choice.next, || cpath().field("next"), out);
            if !texts.insert(choice.text.trim()) {
                out.push(
                    Diagnostic::warning(
                        "duplicate-choice",
                        format!("two choices in {:?} say the same thing", node.id),
                    )
                    .at(cpath().field("text"))
                    .hint("every choice on a turn should read differently"),
                );
            }
            if let Some(cond) = &choice.when {
                check_condition(s, cond, cpath().field("when"), 0, out);
            }
        }
        if let Some(limit) = &node.time_limit {
            let tpath = path.field("time_limit");
            range(
                out,
                limit.seconds,
                SECONDS_RANGE,
                || tpath.field("seconds"),
                "seconds",
            );
            let t = &limit.on_timeout;
            let opath = || tpath.field("on_timeout");
            empty(
                out,
                &t.feedback,
                || opath().field("feedback"),
                "timeout feedback",
            );
            check_effects(out, t.effects(), &opath);
            unknown_node(s, &t.next, || opath().field("next"), out);
        }
    }
}
