//! Where each node goes on the editor's canvas: a layered layout that reads
//! from the start node outwards, one column per step away from the start.

use std::collections::{HashMap, VecDeque};

use crate::scenario::Scenario;

/// Each node's column (steps from the start) and row within its column.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Layout {
    /// Node id → (column, row).
    pub cells: HashMap<String, (usize, usize)>,
    /// How many columns there are.
    pub columns: usize,
    /// The most rows in any column.
    pub rows: usize,
}

/// Lays out `s`: breadth-first from the start (choices in written order,
/// then timeouts), so a node sits one column after the first node that
/// leads to it; nodes nothing reaches go in a last column of their own.
pub fn layered_layout(s: &Scenario) -> Layout {
    let mut column: HashMap<&str, usize> = HashMap::new();
    let mut queue = VecDeque::new();
    if s.node(&s.start).is_some() {
        column.insert(s.start.as_str(), 0);
        queue.push_back(s.start.as_str());
    }
    let mut order: Vec<&str> = Vec::new();
    while let Some(id) = queue.pop_front() {
        order.push(id);
        let Some(n) = s.node(id) else { continue };
        let here = column[id];
        let nexts = n
            .choices
            .iter()
            .map(|c| c.next.as_str())
            .chain(n.time_limit.iter().map(|t| t.on_timeout.next.as_str()));
        for next in nexts {
            if s.node(next).is_some() && !column.contains_key(next) {
                column.insert(next, here + 1);
                queue.push_back(next);
            }
        }
    }
    let reached_columns = column.values().copied().max().map_or(0, |c| c + 1);
    for n in &s.nodes {
        if !column.contains_key(n.id.as_str()) {
            column.insert(n.id.as_str(), reached_columns);
            order.push(n.id.as_str());
        }
    }
    let mut rows: HashMap<usize, usize> = HashMap::new();
    let mut cells = HashMap::new();
    for id in order {
        let c = column[id];
        let r = rows.entry(c).or_insert(0);
        cells.insert(id.to_string(), (c, *r));
        *r += 1;
    }
    Layout {
        columns: column.values().copied().max().map_or(0, |c| c + 1),
        rows: rows.values().copied().max().unwrap_or(0),
        cells,
    }
}
