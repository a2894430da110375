//! An attempt as a report: Markdown, and a self-contained printable HTML page.

use std::fmt::Write as _;

use super::esc;
use crate::records::AttemptRecord;
use crate::scoring::{SKILL_LABELS, SkillScore};

fn skill(s: &SkillScore) -> String {
    s.score
        .map_or_else(|| "not assessed".to_string(), |v| v.to_string())
}

/// The attempt as Markdown.
pub fn markdown(a: &AttemptRecord) -> String {
    let s = &a.scorecard;
    let mut out = String::new();
    let _ = writeln!(out, "# {}: {}\n", a.scenario_title, a.profile.name);
    if let Some(h) = s.headline() {
        let _ = writeln!(out, "> **{h}**\n");
    }
    let _ = writeln!(
        out,
        "- Attempt `{}`, started {}, seed {}\n- Outcome: {}\n- Overall: **{}** ({}, pass mark {})\n",
        a.attempt_id,
        a.started_at,
        a.seed,
        a.outcome.map_or("abandoned before the end", |o| o.label()),
        s.overall,
        if s.passed { "pass" } else { "not yet" },
        s.pass_mark
    );
    let _ = writeln!(out, "| Skill | Score |\n|---|---|");
    let _ = writeln!(out, "| Listening | {} |", skill(&s.skills.listening));
    let _ = writeln!(
        out,
        "| Problem solving | {} |",
        skill(&s.skills.problem_solving)
    );
    let _ = writeln!(out, "| Compassion | {} |", skill(&s.skills.compassion));
    let _ = writeln!(
        out,
        "| Escalation timing | {} ({}) |\n",
        s.skills.escalation,
        s.escalation.class.label()
    );
    let _ = writeln!(out, "{}\n\n## Turn by turn\n", s.escalation.explanation);
    for t in &s.turns {
        if t.narration {
            let _ = writeln!(out, "{}. _({})_", t.turn, t.customer_line);
        } else {
            let _ = writeln!(out, "{}. Customer: \"{}\"", t.turn, t.customer_line);
        }
        let _ = writeln!(
            out,
            "   - You: {}",
            if t.timed_out {
                "(no answer in time)"
            } else {
                &t.choice
            }
        );
        let _ = writeln!(out, "   - {}", t.feedback);
        if let Some(b) = &t.better {
            let _ = writeln!(out, "   - Better: {}", b.text);
        }
    }
    out
}

fn bar(label: &str, value: Option<u8>) -> String {
    match value {
        Some(v) => format!(
            "<div class=\"skill\"><span>{}</span><div class=\"track\"><div class=\"fill\" style=\"width:{v}%\"></div></div><b>{v}</b></div>",
            esc(label)
        ),
        None => format!(
            "<div class=\"skill\"><span>{}</span><i>not assessed</i></div>",
            esc(label)
        ),
    }
}

/// The attempt as one HTML page with its styles inline: no external assets, printable.
pub fn html(a: &AttemptRecord) -> String {
    let s = &a.scorecard;
    let mut turns = String::new();
    for t in &s.turns {
        let _ = write!(
            turns,
            "<li><p class=\"line\">{}</p><p><b>You:</b> {}</p><p>{}</p>{}</li>",
            if t.narration {
                format!("<i>{}</i>", esc(&t.customer_line))
            } else {
                format!("Customer: “{}”", esc(&t.customer_line))
            },
            if t.timed_out {
                "(no answer in time)".to_string()
            } else {
                esc(&t.choice)
            },
            esc(&t.feedback),
            t.better
                .as_ref()
                .map(|b| format!("<p class=\"better\"><b>Better:</b> {}</p>", esc(&b.text)))
                .unwrap_or_default()
        );
    }
    format!(
        r#"<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><title>{title} – {name}</title>
<style>
body{{font-family:system-ui,sans-serif;max-width:52rem;margin:2rem auto;color:#1d2327;line-height:1.45}}
h1{{color:#1f8a7a}} .overall{{font-size:3rem;font-weight:700}} .pass{{color:#2e9d52}} .fail{{color:#d0453a}} .note{{color:#8a5a00}}
.skill{{display:flex;align-items:center;gap:.75rem;margin:.3rem 0}} .skill span{{width:11rem}}
.track{{flex:1;max-width:20rem;height:.9rem;background:#e4e7ea;border-radius:.45rem;overflow:hidden}}
.fill{{height:100%;background:#1f8a7a}} .line{{color:#5b6670}} .better{{color:#2e6e45}}
ol li{{margin-bottom:1rem;break-inside:avoid}} .meta{{color:#5b6670;font-size:.9rem}}
@media print{{body{{margin:0}} .track{{border:1px solid #999}}}}
</style></head><body>
<h1>{title}</h1>
<p class="meta">{name} · attempt {id} · started {started} · seed {seed}</p>
{headline}<p><span class="overall {class}">{overall}</span> {verdict} (pass mark {pass_mark}) · {outcome}</p>
{bars}
<p>{explanation}</p>
<h2>Turn by turn</h2>
<ol>{turns}</ol>
</body></html>
"#,
        title = esc(&a.scenario_title),
        headline = s
            .headline()
            .map(|h| {
                let failed =
                    s.critical.is_some() || s.verdict == Some(crate::scenario::Verdict::Failed);
                format!(
                    "<p class=\"{}\"><strong>{}</strong></p>\n",
                    if failed { "fail" } else { "note" },
                    esc(&h)
                )
            })
            .unwrap_or_default(),
        name = esc(&a.profile.name),
        id = esc(&a.attempt_id),
        started = esc(&a.started_at),
        seed = a.seed,
        class = if s.passed { "pass" } else { "fail" },
        overall = s.overall,
        verdict = if s.passed { "PASS" } else { "NOT YET" },
        pass_mark = s.pass_mark,
        outcome = esc(a.outcome.map_or("abandoned before the end", |o| o.label())),
        bars = [
            bar(SKILL_LABELS[0], s.skills.listening.score),
            bar(SKILL_LABELS[1], s.skills.problem_solving.score),
            bar(SKILL_LABELS[2], s.skills.compassion.score),
            bar(SKILL_LABELS[3], Some(s.skills.escalation)),
        ]
        .join("\n"),
        explanation = esc(&s.escalation.explanation),
        turns = turns,
    )
}
