//! The coach's cohort summary: trainees × skills, averages and spread, the
//! decisions most often missed, escalation verdicts and track progress.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::records::AttemptRecord;
use crate::scenario::track::Track;
use crate::scoring::{EscalationClass, SKILL_LABELS};

/// Skill names in table order.
pub const SKILLS: [&str; 5] = [
    SKILL_LABELS[0],
    SKILL_LABELS[1],
    SKILL_LABELS[2],
    SKILL_LABELS[3],
    "Overall",
];

fn values(a: &AttemptRecord) -> [Option<f64>; 5] {
    let s = &a.scorecard;
    [
        s.skills.listening.score.map(f64::from),
        s.skills.problem_solving.score.map(f64::from),
        s.skills.compassion.score.map(f64::from),
        Some(f64::from(s.skills.escalation)),
        Some(f64::from(s.overall)),
    ]
}

/// Mean and standard deviation of some values.
pub fn mean_spread(v: &[f64]) -> Option<(f64, f64)> {
    if v.is_empty() {
        return None;
    }
    let n = v.len() as f64;
    let mean = v.iter().sum::<f64>() / n;
    let var = v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n;
    Some((mean, var.sqrt()))
}

/// A decision point where trainees often chose worse than they could have.
#[derive(Debug, Clone, PartialEq)]
pub struct Missed {
    /// Scenario title.
    pub scenario: String,
    /// Node id.
    pub node: String,
    /// How many attempts missed it.
    pub count: usize,
    /// The better choice.
    pub better: String,
}

/// The summary behind every format.
#[derive(Debug, Clone, Default)]
pub struct Cohort {
    /// Per trainee: name, attempts, and mean per skill.
    pub trainees: Vec<(String, usize, [Option<f64>; 5])>,
    /// Mean and spread per skill over all attempts.
    pub skills: [Option<(f64, f64)>; 5],
    /// Decisions most often missed, most frequent first.
    pub missed: Vec<Missed>,
    /// How often each escalation verdict was given.
    pub verdicts: Vec<(EscalationClass, usize)>,
    /// Per trainee and track: scenarios passed of those in the track, and whether the targets are met.
    pub tracks: Vec<(String, String, usize, usize, bool)>,
}

/// Summarises attempts (already merged by attempt id).
pub fn summarise(attempts: &[AttemptRecord], tracks: &[Track]) -> Cohort {
    let mut by_trainee: BTreeMap<(String, String), Vec<&AttemptRecord>> = BTreeMap::new();
    for a in attempts {
        by_trainee
            .entry((a.profile.name.clone(), a.profile.id.clone()))
            .or_default()
            .push(a);
    }
    let mut cohort = Cohort::default();
    for ((name, _), list) in &by_trainee {
        let means = std::array::from_fn(|k| {
            let v: Vec<f64> = list.iter().filter_map(|a| values(a)[k]).collect();
            mean_spread(&v).map(|(m, _)| m)
        });
        cohort.trainees.push((name.clone(), list.len(), means));
    }
    cohort.skills = std::array::from_fn(|k| {
        let v: Vec<f64> = attempts.iter().filter_map(|a| values(a)[k]).collect();
        mean_spread(&v)
    });
    let mut missed: BTreeMap<(String, String), (usize, String)> = BTreeMap::new();
    for a in attempts {
        for t in &a.scorecard.turns {
            if let Some(b) = &t.better {
                let e = missed
                    .entry((a.scenario_title.clone(), t.node_id.clone()))
                    .or_insert((0, b.text.clone()));
                e.0 += 1;
            }
        }
    }
    cohort.missed = missed
        .into_iter()
        .map(|((scenario, node), (count, better))| Missed {
            scenario,
            node,
            count,
            better,
        })
        .collect();
    cohort
        .missed
        .sort_by(|a, b| b.count.cmp(&a.count).then(a.scenario.cmp(&b.scenario)));
    cohort.missed.truncate(10);
    for class in EscalationClass::ALL {
        let n = attempts
            .iter()
            .filter(|a| a.scorecard.escalation.class == class)
            .count();
        cohort.verdicts.push((class, n));
    }
    for ((name, _), list) in &by_trainee {
        for t in tracks {
            let p = crate::records::progress::progress_on(t, list);
            let (passed, met) = (p.passed, p.met);
            if p.started {
                cohort.tracks.push((
                    name.clone(),
                    t.title.clone(),
                    passed,
                    t.scenarios.len(),
                    met,
                ));
            }
        }
    }
    cohort
}

fn cell(v: Option<f64>) -> String {
    v.map_or_else(|| "–".to_string(), |v| format!("{v:.0}"))
}

/// The summary as Markdown.
pub fn markdown(c: &Cohort) -> String {
    let mut out = String::from("# Cohort summary\n\n## Trainees\n\n| Trainee | Attempts |");
    for s in SKILLS {
        let _ = write!(out, " {s} |");
    }
    out.push_str("\n|---|---|---|---|---|---|---|\n");
    for (name, n, v) in &c.trainees {
        let _ = write!(out, "| {name} | {n} |");
        for x in v {
            let _ = write!(out, " {} |", cell(*x));
        }
        out.push('\n');
    }
    out.push_str(
        "\n## Average and spread per skill\n\n| Skill | Average | Spread (SD) |\n|---|---|---|\n",
    );
    for (s, v) in SKILLS.iter().zip(&c.skills) {
        match v {
            Some((m, sd)) => {
                let _ = writeln!(out, "| {s} | {m:.0} | {sd:.1} |");
            }
            None => {
                let _ = writeln!(out, "| {s} | – | – |");
            }
        }
    }
    out.push_str("\n## Decisions most often missed\n\n| Scenario | Decision point | Times | Better choice |\n|---|---|---|---|\n");
    for m in &c.missed {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            m.scenario, m.node, m.count, m.better
        );
    }
    out.push_str("\n## Escalation verdicts\n\n| Verdict | Attempts |\n|---|---|\n");
    for (class, n) in &c.verdicts {
        let _ = writeln!(out, "| {} | {n} |", class.label());
    }
    if !c.tracks.is_empty() {
        out.push_str("\n## Track progress\n\n| Trainee | Track | Passed | Targets met |\n|---|---|---|---|\n");
        for (name, track, passed, total, met) in &c.tracks {
            let _ = writeln!(
                out,
                "| {name} | {track} | {passed} of {total} | {} |",
                if *met { "yes" } else { "not yet" }
            );
        }
    }
    out
}

/// The summary as a self-contained HTML page (no external assets).
pub fn html(c: &Cohort) -> String {
    fn esc(t: &str) -> String {
        t.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    }
    let mut body = String::from(
        "<h1>Cohort summary</h1><h2>Trainees</h2><table><tr><th>Trainee</th><th>Attempts</th>",
    );
    for s in SKILLS {
        let _ = write!(body, "<th>{s}</th>");
    }
    body.push_str("</tr>");
    for (name, n, v) in &c.trainees {
        let _ = write!(body, "<tr><td>{}</td><td>{n}</td>", esc(name));
        for x in v {
            let _ = write!(body, "<td>{}</td>", cell(*x));
        }
        body.push_str("</tr>");
    }
    body.push_str("</table><h2>Average and spread per skill</h2><table><tr><th>Skill</th><th>Average</th><th>Spread (SD)</th></tr>");
    for (s, v) in SKILLS.iter().zip(&c.skills) {
        let (m, sd) = v.map_or(("–".into(), "–".into()), |(m, sd)| {
            (format!("{m:.0}"), format!("{sd:.1}"))
        });
        let _ = write!(body, "<tr><td>{s}</td><td>{m}</td><td>{sd}</td></tr>");
    }
    body.push_str("</table><h2>Decisions most often missed</h2><table><tr><th>Scenario</th><th>Decision point</th><th>Times</th><th>Better choice</th></tr>");
    for m in &c.missed {
        let _ = write!(
            body,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&m.scenario),
            esc(&m.node),
            m.count,
            esc(&m.better)
        );
    }
    body.push_str(
        "</table><h2>Escalation verdicts</h2><table><tr><th>Verdict</th><th>Attempts</th></tr>",
    );
    for (class, n) in &c.verdicts {
        let _ = write!(body, "<tr><td>{}</td><td>{n}</td></tr>", class.label());
    }
    body.push_str("</table>");
    if !c.tracks.is_empty() {
        body.push_str("<h2>Track progress</h2><table><tr><th>Trainee</th><th>Track</th><th>Passed</th><th>Targets met</th></tr>");
        for (name, track, passed, total, met) in &c.tracks {
            let _ = write!(
                body,
                "<tr><td>{}</td><td>{}</td><td>{passed} of {total}</td><td>{}</td></tr>",
                esc(name),
                esc(track),
                if *met { "yes" } else { "not yet" }
            );
        }
        body.push_str("</table>");
    }
    format!(
        "<!DOCTYPE html><html lang=\"en-GB\"><head><meta charset=\"utf-8\"><title>Cohort summary</title><style>body{{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;color:#1d2327}}h1{{color:#1f8a7a}}table{{border-collapse:collapse;margin-bottom:1.5rem}}th,td{{border:1px solid #ccd2d6;padding:.3rem .6rem;text-align:left}}th{{background:#eef2f3}}</style></head><body>{body}</body></html>\n"
    )
}
