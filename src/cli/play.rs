//! `frontline play`: a conversation in the terminal, typed or scripted.

use std::io::{BufRead, Write};
use std::process::ExitCode;
use std::time::Instant;

use clap::Args;
use serde::Serialize;

use super::{Format, resolve_scenario};
use crate::engine::{Action, Conversation, Decision, Step, Transcript};
use crate::records::{AttemptRecord, Store, data_dir, now_rfc3339};
use crate::report::text::{render_scorecard, render_transcript, said};
use crate::rules::ChoiceVerdict;
use crate::scoring::{Scorecard, score};

/// Arguments of `frontline play`.
#[derive(Debug, Args)]
pub struct PlayArgs {
    /// A scenario file, or the id of a built-in scenario.
    pub scenario: String,
    /// Seed for the customer's line variants and the order the choices are shown in; the same seed
    /// and choices replay exactly. Random when absent.
    #[arg(long)]
    pub seed: Option<u64>,
    /// Play these decisions instead of asking: 1-based numbers in the order the choices are shown
    /// with this seed, `t` to let a time limit run out. With `--format json` and no choices, the
    /// first turn is printed as `pending`.
    #[arg(long, value_delimiter = ',', value_parser = parse_decision)]
    pub choices: Option<Vec<Decision>>,
    /// Output format for the transcript and scorecard.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Don't save an interactive attempt to the trainee's records (scripted
    /// runs with `--choices` are never saved).
    #[arg(long)]
    pub no_save: bool,
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
    /// Each decision as numbered on the command line and the authored choice it was.
    decisions: Vec<JsonDecision>,
    /// The turn waiting for a decision, when the conversation is not over.
    pending: Option<JsonPending<'a>>,
    transcript: &'a Transcript,
    scorecard: &'a Scorecard,
}

#[derive(Serialize)]
struct JsonDecision {
    /// 1-based number in the order shown, as `--choices` takes it; `None` for a timeout.
    number: Option<usize>,
    /// Index of the authored choice in the node's `choices`; `None` for a timeout.
    choice_index: Option<usize>,
    /// The core's verdict of the choice against what was on offer.
    verdict: ChoiceVerdict,
}

#[derive(Serialize)]
struct JsonPending<'a> {
    node_id: &'a str,
    line: &'a str,
    narration: bool,
    mood: i32,
    /// Seconds to answer, on a timed turn; `t` in `--choices` lets it run out.
    time_limit: Option<u32>,
    choices: Vec<JsonPendingChoice<'a>>,
}

#[derive(Serialize)]
struct JsonPendingChoice<'a> {
    /// What to pass in `--choices`.
    number: usize,
    choice_index: usize,
    text: &'a str,
}

fn pending(step: &Step) -> Option<JsonPending<'_>> {
    let Step::Turn(view) = step else {
        return None;
    };
    Some(JsonPending {
        node_id: &view.node_id,
        line: &view.line,
        narration: view.narration,
        mood: view.mood,
        time_limit: view.time_limit,
        choices: view
            .choices
            .iter()
            .enumerate()
            .map(|(i, c)| JsonPendingChoice {
                number: i + 1,
                choice_index: c.choice_index,
                text: &c.text,
            })
            .collect(),
    })
}

pub(super) fn run(args: &PlayArgs) -> Result<ExitCode, super::CliError> {
    let scenario = resolve_scenario(&args.scenario)?;
    let seed = args.seed.unwrap_or_else(crate::engine::fresh_seed);
    let mut conversation = Conversation::start(scenario.clone(), seed)?;
    let mut decided = Vec::new();
    // JSON is for tools: without `--choices` it shows the first turn as pending instead of asking.
    let scripted = match (&args.choices, args.format) {
        (Some(d), _) => Some(d.as_slice()),
        (None, Format::Json) => Some(&[][..]),
        (None, Format::Text) => None,
    };
    match scripted {
        Some(decisions) => {
            for (i, d) in decisions.iter().enumerate() {
                if conversation.is_over() {
                    return Err(super::CliError::TooManyChoices {
                        ended_after: i,
                        given: decisions.len(),
                    });
                }
                let result =
                    conversation
                        .decide(*d)
                        .map_err(|source| super::CliError::BadDecision {
                            number: i + 1,
                            decision: d.to_string(),
                            source,
                        })?;
                decided.push(JsonDecision {
                    number: match d {
                        Decision::Choice(n) => Some(*n),
                        Decision::Timeout => None,
                    },
                    choice_index: match result.record.action {
                        Action::Chose { choice_index } => Some(choice_index),
                        Action::TimedOut => None,
                    },
                    verdict: result.verdict,
                });
            }
        }
        None => {
            let started_at = now_rfc3339();
            let timings = interactive(&mut conversation)?;
            if !args.no_save && !conversation.transcript().turns.is_empty() {
                save_attempt(&conversation, started_at, &timings);
            }
        }
    }
    let card = score(&scenario, conversation.transcript());
    let mut out = std::io::stdout().lock();
    match args.format {
        Format::Json => {
            let json = JsonPlay {
                scenario_id: &scenario.id,
                seed,
                outcome: card.outcome,
                decisions: decided,
                pending: pending(conversation.step()),
                transcript: conversation.transcript(),
                scorecard: &card,
            };
            let text = serde_json::to_string_pretty(&json)?;
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

/// Saves an interactive attempt under the trainee who trained last on this
/// machine (a terminal user is asked for no name: "Me" until they pick one in
/// the app), so a self-learner practising in a terminal keeps their history.
fn save_attempt(conversation: &Conversation, started_at: String, timings: &[(String, u64)]) {
    let store = Store::open(&data_dir());
    let profile = match store.last_profile() {
        Some(p) => Ok(p),
        None => store.create_profile("Me"),
    };
    let saved = profile.and_then(|p| {
        let record = AttemptRecord::new(&p, conversation, started_at, timings);
        store.save_attempt(&record).map(|path| (p, path))
    });
    match saved {
        Ok((p, path)) => println!(
            "Saved this attempt for {} ({}); `--no-save` skips this.",
            p.name,
            path.display()
        ),
        Err(e) => eprintln!("warning: could not save this attempt: {e}"),
    }
}

/// Plays at the terminal; returns each decision's time and response time.
fn interactive(conversation: &mut Conversation) -> Result<Vec<(String, u64)>, super::CliError> {
    let mut timings = Vec::new();
    let stdin = std::io::stdin();
    let mut lines = stdin.lock().lines();
    let mut out = std::io::stdout();
    let s = conversation.scenario().clone();
    let _ = writeln!(
        out,
        "{}\n{}\n\n{}\nSeed {}. Type a choice number, or q to stop.\n",
        s.title,
        "=".repeat(s.title.chars().count()),
        wrap(
            &format!(
                "{} ({}, {}): {}",
                s.customer.name,
                s.persona.name(),
                s.channel.label(),
                s.briefing
            ),
            "",
            ""
        ),
        conversation.seed()
    );
    while let Step::Turn(view) = conversation.step().clone() {
        let _ = writeln!(
            out,
            "{}",
            wrap(&said(&s, &view.line, view.narration), "", "  ")
        );
        let _ = writeln!(out, "   mood {} {}", mood_bar(view.mood), view.mood);
        if s.channel == crate::scenario::Channel::Social {
            let place = if crate::engine::social::in_public(&s, &view.node_id) {
                let seen = s.social.as_ref().map_or(0, |t| t.audience);
                format!(
                    "in public: {} can see your reply",
                    crate::engine::social::people(seen)
                )
            } else {
                "by direct message: only the customer sees your reply".to_string()
            };
            let _ = writeln!(out, "   ({place})");
        }
        for (i, c) in view.choices.iter().enumerate() {
            let _ = writeln!(out, "{}", wrap(&c.text, &format!("  {}. ", i + 1), "     "));
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
                return Ok(timings);
            };
            let line = line.trim();
            if line.eq_ignore_ascii_case("q") {
                return Ok(timings);
            }
            let response_ms = asked.elapsed().as_millis() as u64;
            if let Some(limit) = view.time_limit
                && asked.elapsed().as_secs() >= u64::from(limit)
            {
                let _ = writeln!(
                    out,
                    "  Too slow: {limit} seconds went by without an answer."
                );
                let result = conversation.time_out()?;
                let _ = writeln!(out, "{}", wrap(&result.feedback, "  ", "  "));
                timings.push((now_rfc3339(), response_ms));
                break;
            }
            match parse_decision(line) {
                Ok(d) => match conversation.decide(d) {
                    Ok(result) => {
                        let _ = writeln!(
                            out,
                            "{}",
                            wrap(
                                &format!("{}. {}", result.verdict.label(), result.feedback),
                                "  ",
                                "  "
                            )
                        );
                        timings.push((now_rfc3339(), response_ms));
                        break;
                    }
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
    Ok(timings)
}

/// `text` wrapped at word boundaries to the terminal's width (at most 100
/// columns, for reading), the first line after `first` and the rest after `rest`.
fn wrap(text: &str, first: &str, rest: &str) -> String {
    let width = textwrap::termwidth().clamp(40, 100);
    textwrap::fill(
        text,
        textwrap::Options::new(width)
            .initial_indent(first)
            .subsequent_indent(rest),
    )
}

fn mood_bar(mood: i32) -> String {
    let filled = (mood.clamp(0, 100) / 10) as usize;
    format!("[{}{}]", "#".repeat(filled), ".".repeat(10 - filled))
}
