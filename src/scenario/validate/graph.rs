//! The shape of the conversation: what cannot be reached, and what cannot end.

use std::collections::{HashSet, VecDeque};

use crate::scenario::diagnostic::Diagnostic;
use crate::scenario::graph::{reachable, successors};
use crate::scenario::locate::FieldPath;
use crate::scenario::model::Scenario;

pub(super) fn check_graph(s: &Scenario, out: &mut Vec<Diagnostic>) {
    let succ = successors(s);
    let seen = reachable(s, &succ);
    // Nodes that can reach an ending, found backwards from the endings.
    let mut pred: Vec<Vec<usize>> = vec![Vec::new(); s.nodes.len()];
    for (i, next) in succ.iter().enumerate() {
        for &j in next {
            pred[j].push(i);
        }
    }
    let mut exits = vec![false; s.nodes.len()];
    let mut queue: VecDeque<usize> = s
        .nodes
        .iter()
        .enumerate()
        .filter(|(_, n)| n.is_ending())
        .map(|(i, _)| i)
        .collect();
    for &i in &queue {
        exits[i] = true;
    }
    while let Some(i) = queue.pop_front() {
        for &p in &pred[i] {
            if !exits[p] {
                exits[p] = true;
                queue.push_back(p);
            }
        }
    }
    let mut reported = HashSet::new();
    for (i, node) in s.nodes.iter().enumerate() {
        if !reported.insert(node.id.as_str()) {
            continue;
        }
        let path = FieldPath::node(&node.id);
        if !seen[i] {
            if node.is_ending() {
                let why = if node.id == s.mood.collapse_ending {
                    "no choice lowers the mood, so the customer can never walk out"
                } else {
                    "no choice or timeout leads to it"
                };
                out.push(
                    Diagnostic::warning(
                        "unreachable-ending",
                        format!("ending {:?} is never reached: {why}", node.id),
                    )
                    .at(path)
                    .hint("point a choice's `next` at it, or remove it"),
                );
            } else {
                out.push(
                    Diagnostic::warning(
                        "unreachable-node",
                        format!("node {:?} cannot be reached from the start", node.id),
                    )
                    .at(path)
                    .hint("point a choice's `next` at it, or remove it"),
                );
            }
        } else if !exits[i] && !node.choices.is_empty() {
            out.push(
                Diagnostic::error(
                    "no-way-out",
                    format!("no ending can be reached from node {:?}", node.id),
                )
                .at(path)
                .hint("the conversation would loop for ever: give one of its paths an ending"),
            );
        }
    }
}
