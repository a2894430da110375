//! `frontline play`: a conversation in the terminal, typed or scripted.

use std::io::{BufRead, Write};
use std::process::ExitCode;
use std::time::Instant;

use clap::Args;
use serde::Serialize;

use super::{Format, resolve_scenario};
use crate::engine::{Conversation, Decision, Step, Transcript};
use crate::report::text::{render_scorecard, render_transcript, said};
use crate::scoring::{Scorecard, score};

/// Arguments of `frontline play`.
#[derive(Debug, Args)]
pub struct PlayArgs {
    /// A scenario file, or the id of a built-in scenario.
    pub scenario: String,
    /// Seed for the customer's line variants; the same seed and choices replay exactly. Random when absent.
    #[arg(long)]
    pub seed: Option<u64>,
    /// Play these decisions instead of asking: 1-based choice numbers, `t` to let a time limit run out.
    #[arg(long, value_delimiter = ',', value_parser = parse_decision)]
    pub choices: Option<Vec<Decision>>,
    /// Output format for the transcript and scorecard.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

fn parse_decision(text: &str) -> Result<Decision, String> {
    let t = text.trim();
    if t.eq_ignore_ascii_case("t") || t.eq_ignore_ascii_case("timeout") {
        return Ok(Decision::Timeout);
    }
    match t.parse::<usize>() {
        Ok(0) => Err("choices are numbered from 1".into()),
        Ok(n) => Ok(Decision::Choice(n)),
        Err(_) => Err(format!(
            "`{t}` is not a choice number; use numbers like 2,1,3 and `t` for a timeout"
        )),
    }
}

#[derive(Serialize)]
struct JsonPlay<'a> {
    scenario_id: &'a str,
    seed: u64,
    outcome: Option<crate::scenario::Outcome>,
    transcript: &'a Transcript,
    scorecard: &'a Scorecard,
}

pub(super) fn run(args: &PlayArgs) -> Result<ExitCode, String> {
    let scenario = resolve_scenario(&args.scenario)?;
    let seed = args.seed.unwrap_or_else(random_seed);
    let mut conversation =
        Conversation::start(scenario.clone(), seed).map_err(|e| e.to_string())?;
    match &args.choices {
        Some(decisions) => {
            for (i, d) in decisions.iter().enumerate() {
                if conversation.is_over() {
                    return Err(format!(
                        "the conversation ended after {i} decisions, but {} were given",
                        decisions.len()
                    ));
                }
                conversation
                    .decide(*d)
                    .map_err(|e| format!("decision {} ({}): {e}", i + 1, show(*d)))?;
            }
        }
        None => interactive(&mut conversation)?,
    }
    let card = score(&scenario, conversation.transcript());
    let mut out = std::io::stdout().lock();
    match args.format {
        Format::Json => {
            let json = JsonPlay {
                scenario_id: &scenario.id,
                seed,
                outcome: card.outcome,
                transcript: conversation.transcript(),
                scorecard: &card,
            };
            let text = serde_json::to_string_pretty(&json).map_err(|e| e.to_string())?;
            let _ = writeln!(out, "{text}");
        }
        Format::Text => {
            let _ = write!(
                out,
                "{}",
                render_transcript(&scenario, conversation.transcript())
            );
            let _ = write!(out, "{}", render_scorecard(&card));
            if !conversation.is_over() {
                let _ = writeln!(
                    out,
                    "\n(The conversation is not over: it was scored as far as it went.)"
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn show(d: Decision) -> String {
    match d {
        Decision::Choice(n) => n.to_string(),
        Decision::Timeout => "t".into(),
    }
}

fn random_seed() -> u64 {
    // Only the choice of seed is random; the seed is printed so the run replays.
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    (nanos as u64) ^ u64::from(std::process::id()).rotate_left(32)
}

fn interactive(conversation: &mut Conversation) -> Result<(), String> {
    let stdin = std::io::stdin();
    let mut lines = stdin.lock().lines();
    let mut out = std::io::stdout();
    let s = conversation.scenario().clone();
    let _ = writeln!(
        out,
        "{}\n{}\n\n{} ({}, {}): {}\nSeed {}. Type a choice number, or q to stop.\n",
        s.title,
        "=".repeat(s.title.chars().count()),
        s.customer.name,
        s.persona.name(),
        s.channel.label(),
        s.briefing,
        conversation.seed()
    );
    while let Step::Turn(view) = conversation.step().clone() {
        let _ = writeln!(out, "{}", said(&s, &view.line, view.narration));
        let _ = writeln!(out, "   mood {} {}", mood_bar(view.mood), view.mood);
        for (i, c) in view.choices.iter().enumerate() {
            let _ = writeln!(out, "  {}. {}", i + 1, c.text);
        }
        if let Some(limit) = view.time_limit {
            let _ = writeln!(out, "  (You have {limit} seconds to answer.)");
        }
        let asked = Instant::now();
        loop {
            let _ = write!(out, "> ");
            let _ = out.flush();
            let Some(Ok(line)) = lines.next() else {
                let _ = writeln!(out, "\n(stopped)");
                return Ok(());
            };
            let line = line.trim();
            if line.eq_ignore_ascii_case("q") {
                return Ok(());
            }
            if let Some(limit) = view.time_limit
                && asked.elapsed().as_secs() >= u64::from(limit)
            {
                let _ = writeln!(
                    out,
                    "  Too slow: {limit} seconds went by without an answer."
                );
                conversation.time_out().map_err(|e| e.to_string())?;
                break;
            }
            match parse_decision(line) {
                Ok(d) => match conversation.decide(d) {
                    Ok(()) => break,
                    Err(e) => {
                        let _ = writeln!(out, "  {e}");
                    }
                },
                Err(e) => {
                    let _ = writeln!(out, "  {e}");
                }
            }
        }
        let _ = writeln!(out);
    }
    Ok(())
}

fn mood_bar(mood: i32) -> String {
    let filled = (mood.clamp(0, 100) / 10) as usize;
    format!("[{}{}]", "#".repeat(filled), ".".repeat(10 - filled))
}
