//! Plain-text transcripts and scorecards, as `frontline play` prints them.

use crate::engine::Transcript;
use crate::scenario::Scenario;
use crate::scoring::Scorecard;

/// A line as the customer's words or as narration.
pub fn said(s: &Scenario, line: &str, narration: bool) -> String {
    if narration {
        format!("({line})")
    } else {
        format!("{}: \"{line}\"", s.customer.name)
    }
}

/// Who answered, and on social media where everyone could see it or not.
pub fn you(s: &Scenario, node_id: &str) -> &'static str {
    if s.channel != crate::scenario::Channel::Social {
        "You"
    } else if crate::engine::social::in_public(s, node_id) {
        "You (public reply)"
    } else {
        "You (direct message)"
    }
}

/// The transcript as text.
pub fn render_transcript(s: &Scenario, t: &Transcript) -> String {
    let mut out = format!("Transcript: {} (seed {})\n\n", s.title, t.seed);
    for turn in &t.turns {
        out.push_str(&format!(
            "{:>2}. {}\n",
            turn.turn,
            said(s, &turn.customer_line, turn.narration)
        ));
        out.push_str(&format!("    {}: {}\n", you(s, &turn.node_id), turn.said));
        out.push_str(&format!(
            "    mood {} -> {}\n",
            turn.mood_before, turn.mood_after
        ));
    }
    if let Some(end) = &t.end {
        if let Some(line) = &end.customer_line {
            out.push_str(&format!("    {}\n", said(s, line, end.narration)));
        }
        out.push_str(&format!(
            "\nEnding: {}\n{}\n",
            end.outcome.label(),
            end.closing
        ));
        if end.collapsed {
            out.push_str("(The customer's patience ran out.)\n");
        }
    }
    out
}

/// The scorecard as text.
pub fn render_scorecard(card: &Scorecard) -> String {
    let skill = |s: &crate::scoring::SkillScore| match s.score {
        Some(v) => format!("{v:>3}  ({} of {} points)", s.earned, s.possible),
        None => "n/a  (this scenario gave no room for it)".to_string(),
    };
    let mut out = String::from("\nScorecard\n---------\n");
    if let Some(headline) = card.headline() {
        out.push_str(&format!("{headline}\n\n"));
    }
    out.push_str(&format!(
        "Listening          {}\n",
        skill(&card.skills.listening)
    ));
    out.push_str(&format!(
        "Problem solving    {}\n",
        skill(&card.skills.problem_solving)
    ));
    out.push_str(&format!(
        "Compassion         {}\n",
        skill(&card.skills.compassion)
    ));
    let share = if card.escalation.weight < 1.0 {
        format!(
            "; counts {:.0}% of its weight, as often as escalating was on offer",
            100.0 * card.escalation.weight
        )
    } else {
        String::new()
    };
    out.push_str(&format!(
        "Escalation timing  {:>3}  ({}{share})\n",
        card.skills.escalation,
        card.escalation.class.label()
    ));
    out.push_str(&format!(
        "Overall            {:>3}  {} (pass mark {})\n",
        card.overall,
        if card.passed { "PASS" } else { "FAIL" },
        card.pass_mark
    ));
    if let Some(points) = card.points_overall.filter(|&p| p != card.overall) {
        out.push_str(&format!(
            "                        (the choices alone earned {points})\n"
        ));
    }
    out.push_str(&format!("\n{}\n", card.escalation.explanation));
    out.push_str("\nTurn by turn\n");
    for t in &card.turns {
        out.push_str(&format!(
            "{:>2}. {}\n    {}\n    ({} · mood {:+})\n",
            t.turn,
            t.choice,
            t.feedback,
            t.effects.points_text(),
            t.mood_after - t.mood_before
        ));
        if let Some(b) = &t.better {
            out.push_str(&format!("    Better: {}\n", b.text));
        }
    }
    out
}
