//! The class debrief of a workshop as Markdown, a printable HTML page and CSV.

use std::fmt::Write as _;

use super::csv::neutralise;
use super::esc;
use crate::rules::ChoiceVerdict;
use crate::workshop::{ClassDebrief, ClassTurn};

fn percent(n: u32, of: u32) -> String {
    if of == 0 {
        "–".to_string()
    } else {
        format!("{:.0}%", 100.0 * f64::from(n) / f64::from(of))
    }
}

fn why_it_matters(t: &ClassTurn) -> String {
    if t.room_went_wrong() {
        format!(
            "the room's choice was judged {}; {} of the votes went to weak options",
            verdict_word(t.majority.map(|m| t.options[m].1)),
            percent(
                (t.wrong_share() * f64::from(t.voted)).round() as u32,
                t.voted
            )
        )
    } else {
        format!(
            "the room split: the most popular option had {} of the votes",
            percent((t.agreement() * f64::from(t.voted)).round() as u32, t.voted)
        )
    }
}

fn verdict_word(v: Option<ChoiceVerdict>) -> &'static str {
    match v {
        Some(ChoiceVerdict::Best) => "best",
        Some(ChoiceVerdict::Reasonable) => "reasonable",
        Some(ChoiceVerdict::Weak) => "weak",
        Some(ChoiceVerdict::Critical) => "a critical error",
        None => "unknown",
    }
}

fn marks(t: &ClassTurn, i: usize) -> String {
    let mut m = Vec::new();
    if t.majority == Some(i) {
        m.push("room's choice");
    }
    if t.played == i {
        m.push("played");
    }
    m.join(", ")
}

/// The class debrief as Markdown.
pub fn markdown(d: &ClassDebrief) -> String {
    let s = &d.scorecard;
    let mut out = String::new();
    let _ = writeln!(out, "# Workshop: {}\n", d.title);
    if let Some(h) = s.headline() {
        let _ = writeln!(out, "> **{h}**\n");
    }
    let _ = writeln!(
        out,
        "The path the room played scores **{}** ({}, pass mark {}).\n",
        s.overall,
        if s.passed { "pass" } else { "not yet" },
        s.pass_mark
    );
    let highlights = d.highlights();
    if !highlights.is_empty() {
        let _ = writeln!(out, "## Talk about these first\n");
        for t in highlights.iter().take(3) {
            let _ = writeln!(out, "- Turn {}: {}.", t.turn, why_it_matters(t));
        }
        let _ = writeln!(out);
    }
    let _ = writeln!(out, "## Turn by turn\n");
    for t in &d.turns {
        if t.narration {
            let _ = writeln!(out, "### {}. _({})_\n", t.turn, t.customer_line);
        } else {
            let _ = writeln!(out, "### {}. Customer: \"{}\"\n", t.turn, t.customer_line);
        }
        let _ = writeln!(out, "| Option | Verdict | Votes | |\n|---|---|---|---|");
        for (i, ((text, verdict), votes)) in t.options.iter().zip(&t.tally).enumerate() {
            let _ = writeln!(
                out,
                "| {} | {} | {} ({}) | {} |",
                text.replace('|', "\\|"),
                verdict.label(),
                votes,
                percent(*votes, t.voted),
                marks(t, i)
            );
        }
        let _ = writeln!(out);
    }
    out
}

/// The class debrief as one printable HTML page with its styles inline.
pub fn html(d: &ClassDebrief) -> String {
    let s = &d.scorecard;
    let mut body = String::new();
    let highlights = d.highlights();
    if !highlights.is_empty() {
        body.push_str("<h2>Talk about these first</h2><ul>");
        for t in highlights.iter().take(3) {
            let _ = write!(
                body,
                "<li>Turn {}: {}.</li>",
                t.turn,
                esc(&why_it_matters(t))
            );
        }
        body.push_str("</ul>");
    }
    body.push_str("<h2>Turn by turn</h2>");
    for t in &d.turns {
        let line = if t.narration {
            format!("<i>{}</i>", esc(&t.customer_line))
        } else {
            format!("Customer: “{}”", esc(&t.customer_line))
        };
        let _ = write!(body, "<h3>{}. {line}</h3><table>", t.turn);
        for (i, ((text, verdict), votes)) in t.options.iter().zip(&t.tally).enumerate() {
            let share = if t.voted == 0 {
                0.0
            } else {
                100.0 * f64::from(*votes) / f64::from(t.voted)
            };
            let _ = write!(
                body,
                "<tr class=\"{}\"><td>{}</td><td>{}</td><td><div class=\"bar\"><div style=\"width:{share:.0}%\"></div></div>{} ({})</td><td>{}</td></tr>",
                match verdict {
                    ChoiceVerdict::Best => "best",
                    ChoiceVerdict::Reasonable => "fair",
                    ChoiceVerdict::Weak | ChoiceVerdict::Critical => "poor",
                },
                esc(text),
                verdict.label(),
                votes,
                percent(*votes, t.voted),
                marks(t, i)
            );
        }
        body.push_str("</table>");
    }
    format!(
        r#"<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><title>Workshop – {title}</title>
<style>
body{{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}}
table{{border-collapse:collapse;width:100%;margin-bottom:1.5rem}}
td{{border-top:1px solid #ccc;padding:.4rem;vertical-align:top}}
tr.best td:nth-child(2){{color:#1b6e20}} tr.poor td:nth-child(2){{color:#a32020}}
.bar{{background:#eee;width:8rem;height:.6rem;display:inline-block;margin-right:.4rem}}
.bar div{{background:#2f6fb0;height:100%}}
@media print{{body{{margin:0}}}}
</style></head><body>
<h1>Workshop: {title}</h1>
{headline}<p>The path the room played scores <b>{overall}</b> ({verdict}, pass mark {pass_mark}).</p>
{body}
</body></html>
"#,
        title = esc(&d.title),
        headline = s
            .headline()
            .map(|h| format!("<p><strong>{}</strong></p>\n", esc(&h)))
            .unwrap_or_default(),
        overall = s.overall,
        verdict = if s.passed { "pass" } else { "not yet" },
        pass_mark = s.pass_mark,
        body = body,
    )
}

/// Columns of the class debrief CSV.
pub const COLUMNS: [&str; 8] = [
    "turn",
    "position",
    "option",
    "verdict",
    "votes",
    "voted",
    "room_choice",
    "played",
];

/// The class debrief as CSV: one row per option on every turn, safe to open
/// in a spreadsheet.
pub fn csv(d: &ClassDebrief) -> Result<String, ::csv::Error> {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    w.write_record(COLUMNS)?;
    for t in &d.turns {
        for (i, ((text, verdict), votes)) in t.options.iter().zip(&t.tally).enumerate() {
            let row = [
                t.turn.to_string(),
                (i + 1).to_string(),
                text.clone(),
                verdict.label().to_string(),
                votes.to_string(),
                t.voted.to_string(),
                (t.majority == Some(i)).to_string(),
                (t.played == i).to_string(),
            ];
            w.write_record(row.iter().map(|c| neutralise(c)))?;
        }
    }
    let bytes = w.into_inner().map_err(|e| e.into_error())?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}
