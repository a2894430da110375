//! Reachability in a scenario's dialogue graph, shared by validation and analysis.

use std::collections::VecDeque;

use super::model::Scenario;

/// Node indices each node leads to, through choices and timeouts.
pub(crate) fn successors(s: &Scenario) -> Vec<Vec<usize>> {
    s.nodes
        .iter()
        .map(|n| {
            let mut next: Vec<usize> = n
                .choices
                .iter()
                .filter_map(|c| s.node_index(&c.next))
                .collect();
            if let Some(t) = &n.time_limit
                && let Some(i) = s.node_index(&t.on_timeout.next)
            {
                next.push(i);
            }
            next
        })
        .collect()
}

/// Whether any choice or timeout can lower the mood, so the collapse ending can happen.
pub(crate) fn mood_can_fall(s: &Scenario) -> bool {
    s.nodes.iter().any(|n| {
        n.choices.iter().any(|c| c.mood < 0)
            || n.time_limit.as_ref().is_some_and(|t| t.on_timeout.mood < 0)
    })
}

/// Nodes reachable from the start, counting the collapse ending when mood can fall.
pub(crate) fn reachable(s: &Scenario, succ: &[Vec<usize>]) -> Vec<bool> {
    let mut seen = vec![false; s.nodes.len()];
    let mut queue = VecDeque::new();
    let mut roots = vec![s.node_index(&s.start)];
    if mood_can_fall(s) {
        roots.push(s.node_index(&s.mood.collapse_ending));
    }
    for r in roots.into_iter().flatten() {
        if !seen[r] {
            seen[r] = true;
            queue.push_back(r);
        }
    }
    while let Some(i) = queue.pop_front() {
        for &j in &succ[i] {
            if !seen[j] {
                seen[j] = true;
                queue.push_back(j);
            }
        }
    }
    seen
}
