//! The dialogue graph as Graphviz DOT or Mermaid, with endings and escalation
//! choices marked.

use std::fmt::Write as _;

use crate::scenario::Scenario;

/// Output formats for `frontline graph`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GraphFormat {
    /// Graphviz DOT.
    Dot,
    /// Mermaid flowchart.
    Mermaid,
}

fn short(text: &str, max: usize) -> String {
    let mut out: String = text.chars().take(max).collect();
    if text.chars().count() > max {
        out.push('…');
    }
    out
}

fn dot_escape(text: &str) -> String {
    text.replace('\\', "\\\\").replace('"', "\\\"")
}

fn mermaid_escape(text: &str) -> String {
    text.replace('"', "#quot;")
}

/// Renders the graph.
pub fn render(s: &Scenario, format: GraphFormat) -> String {
    match format {
        GraphFormat::Dot => dot(s),
        GraphFormat::Mermaid => mermaid(s),
    }
}

fn dot(s: &Scenario) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "digraph \"{}\" {{", dot_escape(&s.id));
    let _ = writeln!(
        out,
        "  rankdir=LR;\n  node [fontname=\"Helvetica\", fontsize=10];\n  edge [fontname=\"Helvetica\", fontsize=9];"
    );
    let _ = writeln!(
        out,
        "  \"__start\" [shape=point];\n  \"__start\" -> \"{}\";",
        dot_escape(&s.start)
    );
    for n in &s.nodes {
        let id = dot_escape(&n.id);
        match &n.ending {
            Some(e) => {
                let _ = writeln!(
                    out,
                    "  \"{id}\" [shape=doubleoctagon, style=filled, fillcolor=\"#e8f0fe\", label=\"{id}\\n({})\"];",
                    e.outcome.label()
                );
            }
            None => {
                let timed = n
                    .time_limit
                    .as_ref()
                    .map(|t| format!("\\n⏱ {} s", t.seconds))
                    .unwrap_or_default();
                let _ = writeln!(
                    out,
                    "  \"{id}\" [shape=box, style=rounded, label=\"{id}{timed}\"];"
                );
            }
        }
        for (i, c) in n.choices.iter().enumerate() {
            let label = dot_escape(&short(&c.text, 40));
            let style = if c.escalates {
                ", color=\"#c62828\", fontcolor=\"#c62828\", penwidth=2"
            } else {
                ""
            };
            let mark = if c.escalates { "⇧ " } else { "" };
            let _ = writeln!(
                out,
                "  \"{id}\" -> \"{}\" [label=\"{}. {mark}{label}\"{style}];",
                dot_escape(&c.next),
                i + 1
            );
        }
        if let Some(t) = &n.time_limit {
            let _ = writeln!(
                out,
                "  \"{id}\" -> \"{}\" [label=\"timeout\", style=dashed];",
                dot_escape(&t.on_timeout.next)
            );
        }
    }
    out.push_str("}\n");
    out
}

fn mermaid(s: &Scenario) -> String {
    // Mermaid ids must be simple, so nodes are numbered and labelled.
    let mut out = String::from("flowchart LR\n");
    let id_of = |name: &str| {
        s.node_index(name)
            .map_or_else(|| "missing".to_string(), |i| format!("n{i}"))
    };
    let _ = writeln!(out, "  start((start)) --> {}", id_of(&s.start));
    for (i, n) in s.nodes.iter().enumerate() {
        match &n.ending {
            Some(e) => {
                let _ = writeln!(
                    out,
                    "  n{i}[[\"{}<br/>({})\"]]:::ending",
                    mermaid_escape(&n.id),
                    e.outcome.label()
                );
            }
            None => {
                let timed = n
                    .time_limit
                    .as_ref()
                    .map(|t| format!("<br/>⏱ {} s", t.seconds))
                    .unwrap_or_default();
                let _ = writeln!(out, "  n{i}(\"{}{timed}\")", mermaid_escape(&n.id));
            }
        }
    }
    let mut escalation_edges = Vec::new();
    let mut edge = 0;
    for (i, n) in s.nodes.iter().enumerate() {
        for (k, c) in n.choices.iter().enumerate() {
            let mark = if c.escalates { "⇧ " } else { "" };
            let _ = writeln!(
                out,
                "  n{i} -->|\"{}. {mark}{}\"| {}",
                k + 1,
                mermaid_escape(&short(&c.text, 40)),
                id_of(&c.next)
            );
            if c.escalates {
                escalation_edges.push(edge);
            }
            edge += 1;
        }
        if let Some(t) = &n.time_limit {
            let _ = writeln!(out, "  n{i} -.->|timeout| {}", id_of(&t.on_timeout.next));
            edge += 1;
        }
    }
    out.push_str("  classDef ending fill:#e8f0fe,stroke:#1a73e8\n");
    for e in escalation_edges {
        let _ = writeln!(out, "  linkStyle {e} stroke:#c62828,stroke-width:2px");
    }
    out
}
