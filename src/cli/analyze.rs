//! `frontline analyze`: what a scenario lets a trainee do.

use std::io::Write;
use std::process::ExitCode;

use clap::Args;

use super::{Format, resolve_scenario};
use crate::analysis::{Analysis, Audit, PathCount, Range, analyze};
use crate::engine::Decision;

/// Arguments of `frontline analyze`.
#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// Scenario files or built-in scenario ids.
    #[arg(required = true)]
    pub scenarios: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

pub(super) fn run(args: &AnalyzeArgs) -> Result<ExitCode, super::CliError> {
    let mut results = Vec::new();
    for arg in &args.scenarios {
        let s = resolve_scenario(arg)?;
        results.push(analyze(&s));
    }
    let mut out = std::io::stdout().lock();
    match args.format {
        Format::Json => {
            let text = serde_json::to_string_pretty(&results)?;
            let _ = writeln!(out, "{text}");
        }
        Format::Text => {
            for a in &results {
                let _ = write!(out, "{}", render(a));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn range(r: Option<Range>) -> String {
    r.map_or_else(
        || "n/a".to_string(),
        |r| format!("{:>3} – {:>3}", r.min, r.max),
    )
}

fn decisions(d: &[Decision]) -> String {
    crate::engine::choices_text(d)
}

/// The analysis as text.
pub fn render(a: &Analysis) -> String {
    let e = &a.exploration;
    let mut out = format!("Analysis of {}\n", a.scenario_id);
    out.push_str(&format!(
        "  {} nodes, {} choices, {} endings\n",
        a.nodes, a.choices, a.endings
    ));
    out.push_str(&format!(
        "  distinct paths: {}\n",
        match a.paths {
            PathCount::Exact(n) => n.to_string(),
            PathCount::MoreThan(n) => format!("more than {n}"),
            PathCount::Unbounded => "unbounded (the graph has a cycle)".into(),
        }
    ));
    out.push_str(&format!(
        "  decisions to an ending: shortest {}, longest {}\n",
        a.shortest_path.map_or("none".into(), |n| n.to_string()),
        a.longest_path.map_or("unbounded".into(), |n| n.to_string())
    ));
    out.push_str(&format!(
        "  playthroughs explored: {}{}\n",
        e.playthroughs,
        if e.complete {
            " (all of them)"
        } else {
            " (budget reached: ranges cover these only)"
        }
    ));
    out.push_str("  reachable scores (worst – best):\n");
    out.push_str(&format!("    listening          {}\n", range(e.skills[0])));
    out.push_str(&format!("    problem solving    {}\n", range(e.skills[1])));
    out.push_str(&format!("    compassion         {}\n", range(e.skills[2])));
    out.push_str(&format!("    escalation timing  {}\n", range(e.escalation)));
    out.push_str(&format!("    overall            {}\n", range(e.overall)));
    out.push_str(&format!(
        "  pass reachable: {}; fail reachable: {}\n",
        yes(e.pass_reachable),
        yes(e.fail_reachable)
    ));
    out.push_str(&format!(
        "  timely escalation: {}\n",
        match e.timely_turns {
            Some((a, b)) if a == b => format!("at decision {a}"),
            Some((a, b)) => format!("from decision {a} to {b}"),
            None => "never (escalating is not the right call here)".into(),
        }
    ));
    if let Some(b) = &e.best {
        out.push_str(&format!(
            "  best path ({} decisions, {}): --seed 0 --choices {}\n",
            b.decisions.len(),
            b.overall,
            decisions(&b.decisions)
        ));
    }
    if let Some(w) = &e.worst {
        out.push_str(&format!(
            "  worst path ({} decisions, {}): --seed 0 --choices {}\n",
            w.decisions.len(),
            w.overall,
            decisions(&w.decisions)
        ));
    }
    let missing: Vec<&str> = e
        .endings_reached
        .iter()
        .filter(|(_, r)| !r)
        .map(|(id, _)| id.as_str())
        .collect();
    if !missing.is_empty() {
        out.push_str(&format!(
            "  endings no explored playthrough reaches: {}\n",
            missing.join(", ")
        ));
    }
    out.push_str(&render_audit(&a.audit));
    out.push('\n');
    out
}

/// The gameability audit as text: each shallow strategy's result, the one
/// closest to passing, and how often the best option is the longest.
fn render_audit(a: &Audit) -> String {
    let mut out =
        String::from("  gameability audit (strategies that read nothing of the customer):\n");
    for r in &a.strategies {
        let verdict = if r.runs == 0 {
            "never reaches an ending".to_string()
        } else if r.runs == 1 {
            format!(
                "overall {:>3}  {}",
                r.best_overall,
                if r.passes > 0 { "PASSES" } else { "fails" }
            )
        } else {
            format!(
                "mean {:>3.0}  passes {:>3.0}% of {} runs{}",
                r.mean_overall,
                100.0 * r.pass_rate(),
                r.runs,
                if r.games_it() { "  TOO OFTEN" } else { "" }
            )
        };
        out.push_str(&format!("    {:<36} {verdict}\n", r.strategy.label()));
    }
    if let Some(c) = a.closest() {
        out.push_str(&format!(
            "    closest to passing: {} (mean {:.0})",
            c.strategy.label(),
            c.mean_overall
        ));
        if let Some(e) = &c.example {
            out.push_str(&format!(
                "; its best run: --seed {} --choices {}",
                e.seed,
                decisions(&e.decisions)
            ));
        }
        out.push('\n');
    }
    out.push_str(&format!(
        "    best option is also the longest at {} of {} decision points ({:.0}%)\n",
        a.longest_is_best.len(),
        a.decision_points,
        100.0 * a.longest_share()
    ));
    out
}

fn yes(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}
