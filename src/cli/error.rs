//! What can go wrong on the command line, as typed errors: each says what
//! happened and, where there is one, what to do about it. `run` renders them
//! with miette, as `frontline check` renders an author's diagnostics.

use miette::Diagnostic;
use thiserror::Error;

use crate::engine::EngineError;
use crate::records::StoreError;
use crate::scenario::FileReport;

/// A command that could not do what was asked.
#[derive(Debug, Error, Diagnostic)]
pub enum CliError {
    /// A scenario file that does not load.
    #[error("{file} has errors and cannot be played")]
    #[diagnostic(
        code(frontline::scenario_has_errors),
        help("the problems are listed above; `frontline check {file}` lists them again")
    )]
    ScenarioHasErrors {
        /// The file as given.
        file: String,
        /// Everything wrong with it, with locations.
        report: Box<FileReport>,
    },
    /// A file that is not a scenario at all.
    #[error("cannot load {file}: {why}")]
    #[diagnostic(code(frontline::unreadable))]
    Unreadable {
        /// The file as given.
        file: String,
        /// Why.
        why: String,
    },
    /// Neither a file nor a built-in id.
    #[error("`{arg}` is neither a file nor a built-in scenario id")]
    #[diagnostic(code(frontline::unknown_scenario), help("{suggestion}built-in scenarios:\n  {}", ids.join("\n  ")))]
    UnknownScenario {
        /// What was typed.
        arg: String,
        /// "Did you mean …? " or nothing.
        suggestion: String,
        /// Every built-in id.
        ids: Vec<String>,
    },
    /// `--choices` goes on after the conversation ended.
    #[error("the conversation ended after {ended_after} decisions, but {given} were given")]
    #[diagnostic(
        code(frontline::too_many_choices),
        help("drop the extra numbers; `--format json` shows each decision's number and choice")
    )]
    TooManyChoices {
        /// Decisions played before the ending.
        ended_after: usize,
        /// Decisions given.
        given: usize,
    },
    /// A decision the engine refused.
    #[error("decision {number} ({decision}): {source}")]
    #[diagnostic(
        code(frontline::bad_decision),
        help(
            "choices are numbered in the order shown for this seed; play without --choices to see them"
        )
    )]
    BadDecision {
        /// 1-based position in `--choices`.
        number: usize,
        /// As typed.
        decision: String,
        /// What the engine said.
        source: EngineError,
    },
    /// The engine refused to start or go on.
    #[error(transparent)]
    #[diagnostic(code(frontline::engine))]
    Engine(#[from] EngineError),
    /// No attempt records where they were looked for.
    #[error("no {what} found in {place}")]
    #[diagnostic(
        code(frontline::no_records),
        help(
            "attempts are saved under the data folder's `attempts/`; give that folder, or a copy of it"
        )
    )]
    NoRecords {
        /// "attempt records" or "matching attempt records".
        what: &'static str,
        /// Where.
        place: String,
    },
    /// A one-attempt report asked of several attempts.
    #[error("{count} attempts match")]
    #[diagnostic(
        code(frontline::ambiguous_attempt),
        help(
            "choose one with --attempt <id>, or use `frontline report` for a summary of them all"
        )
    )]
    AmbiguousAttempt {
        /// How many matched.
        count: usize,
    },
    /// `sync` without a learning record store.
    #[error("no Learning Record Store is configured for {data_dir}")]
    #[diagnostic(
        code(frontline::no_lrs),
        help(
            "run once with --endpoint URL --user KEY --password SECRET; they are kept for next time"
        )
    )]
    NoLrs {
        /// The data folder.
        data_dir: String,
    },
    /// Saved data that could not be read or written.
    #[error(transparent)]
    #[diagnostic(code(frontline::store))]
    Store(#[from] StoreError),
    /// A command that needs the desktop app, in a build without it.
    #[error("this frontline was built without the desktop app (`--no-default-features`)")]
    #[diagnostic(
        code(frontline::no_app),
        help("build it with the app (the default) to run a workshop")
    )]
    NoApp,
    /// Output that could not be encoded.
    #[error("cannot encode the output: {0}")]
    #[diagnostic(code(frontline::encode))]
    Encode(String),
}

impl From<serde_json::Error> for CliError {
    fn from(e: serde_json::Error) -> Self {
        CliError::Encode(e.to_string())
    }
}

impl From<::csv::Error> for CliError {
    fn from(e: ::csv::Error) -> Self {
        CliError::Encode(e.to_string())
    }
}

impl CliError {
    /// The error as the terminal shows it: any author diagnostics first, then
    /// the error itself with its help.
    pub fn render(&self, colour: bool) -> String {
        use miette::{GraphicalReportHandler, GraphicalTheme};
        let mut out = String::new();
        if let CliError::ScenarioHasErrors { report, .. } = self {
            out.push_str(&report.render_terminal(colour));
        }
        let theme = if colour {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        // Not wrapped: a path or a command split across lines cannot be copied.
        let handler = GraphicalReportHandler::new_themed(theme).with_wrap_lines(false);
        let _ = handler.render_report(&mut out, self);
        out
    }
}
