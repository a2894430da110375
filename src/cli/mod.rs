//! The `frontline` command line: one file per subcommand, all on top of the core.

mod analyze;
mod check;
mod error;
mod export;
mod graph;
mod play;
mod report;
mod sync;
mod tracks;
pub mod workshop;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand, ValueEnum};

pub use error::CliError;

use crate::scenario::library::{self, Library};
use crate::scenario::{FileReport, Scenario};

/// Output format for reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Human-readable text.
    Text,
    /// JSON for tools and editors.
    Json,
}

/// frontline: practise difficult customer conversations.
///
/// With no subcommand, frontline opens the desktop app with the built-in
/// scenario library.
#[derive(Debug, Parser)]
#[command(name = "frontline", version, about, long_about)]
pub struct Cli {
    /// What to do; with none, start the desktop app.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Extra folder of scenarios for the app (added to the built-in library and the user folder).
    #[arg(long, value_name = "DIR", global = false)]
    pub scenarios: Vec<PathBuf>,
    /// Where the app keeps settings, profiles, attempts and your scenarios (default: the platform data directory).
    #[arg(long, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check scenario and track files and report every problem with its location.
    #[command(
        after_help = "Examples:\n  frontline check scenarios/\n  frontline check my-pack/ --format json\n  frontline check            # the built-in library"
    )]
    Check(check::CheckArgs),
    /// Play a scenario in the terminal, interactively or from a list of choices.
    #[command(
        after_help = "Examples:\n  frontline play tutorial-first-shift\n  frontline play scenarios/returns-desk-leaking-kettle.ron --seed 7 --choices 4,1,1,2,5,2,1,2\n  frontline play returns-desk-leaking-kettle --seed 1 --format json   # the first turn, numbered as shown\n  frontline play returns-desk-leaking-kettle --seed 7 --choices 4,1,t --format json   # t = let the time run out"
    )]
    Play(play::PlayArgs),
    /// Analyse a scenario: its shape, paths, reachable scores and the timely escalation window.
    #[command(
        after_help = "Examples:\n  frontline analyze scenarios/returns-desk-leaking-kettle.ron\n  frontline analyze tutorial-first-shift --format json"
    )]
    Analyze(analyze::AnalyzeArgs),
    /// Draw a scenario's dialogue graph as Graphviz DOT or Mermaid.
    #[command(
        after_help = "Examples:\n  frontline graph tutorial-first-shift --format mermaid\n  frontline graph scenarios/returns-desk-leaking-kettle.ron | dot -Tsvg > kettle.svg"
    )]
    Graph(graph::GraphArgs),
    /// Summarise attempt records for a coach: trainees × skills, spread, missed decisions, verdicts, tracks.
    #[command(
        after_help = "Examples:\n  frontline report ~/.local/share/frontline/attempts\n  frontline report laptop-a/ laptop-b/ --format html > cohort.html\n  frontline report records/ --format csv > cohort.csv"
    )]
    Report(report::ReportArgs),
    /// Export attempts: one attempt as HTML or Markdown, or xAPI statements.
    #[command(
        after_help = "Examples:\n  frontline export records/ --attempt 5b0c… --format html > attempt.html\n  frontline export records/ --format xapi --home-page https://academy.example.com > statements.json"
    )]
    Export(export::ExportArgs),
    /// Send xAPI statements for every saved attempt to a Learning Record Store, through an offline queue.
    #[command(
        after_help = "Examples:\n  frontline sync --endpoint https://lrs.example.com/xAPI/ --user KEY --password SECRET\n  frontline sync                      # later: sends whatever is new or still queued"
    )]
    Sync(sync::SyncArgs),
    /// List the training tracks and their scenarios.
    #[command(
        after_help = "Examples:\n  frontline tracks\n  frontline tracks my-pack/ --format json"
    )]
    Tracks(tracks::TracksArgs),
    /// Run a scenario for a room: the presenter view here, and a page the room votes on from their phones.
    #[command(
        after_help = "Examples:\n  frontline workshop returns-desk-leaking-kettle\n  frontline workshop scenarios/my-scenario.ron --port 8080\n\nThe phones need to be on the same network as this computer (the venue's Wi-Fi, or a phone hotspot)."
    )]
    Workshop(workshop::WorkshopArgs),
}

/// Runs a parsed command line that has a subcommand.
pub fn run(command: Command) -> ExitCode {
    let result = match command {
        Command::Check(a) => check::run(&a),
        Command::Play(a) => play::run(&a),
        Command::Analyze(a) => analyze::run(&a),
        Command::Graph(a) => graph::run(&a),
        Command::Tracks(a) => tracks::run(&a),
        Command::Report(a) => report::run(&a),
        Command::Export(a) => export::run(&a),
        Command::Sync(a) => sync::run(&a),
        // The app opens a workshop (see `main.rs`); a build without it cannot.
        Command::Workshop(_) => Err(CliError::NoApp),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            use std::io::IsTerminal;
            let colour = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            let _ = write!(std::io::stderr(), "{}", e.render(colour));
            ExitCode::from(2)
        }
    }
}

/// A scenario named on the command line: a file path or the id of a built-in scenario.
pub(crate) fn resolve_scenario(arg: &str) -> Result<Arc<Scenario>, CliError> {
    let path = PathBuf::from(arg);
    if path.exists() {
        let lib = library::load_paths(std::slice::from_ref(&path));
        let loaded = lib.scenarios.into_iter().next();
        return match loaded {
            Some(l) => match l.scenario {
                Some(s) => Ok(s),
                None => Err(CliError::ScenarioHasErrors {
                    file: arg.to_string(),
                    report: Box::new(l.report),
                }),
            },
            None => {
                let why = lib
                    .unreadable
                    .first()
                    .map(FileReport::render_plain)
                    .unwrap_or_else(|| "it is not a scenario file".into());
                Err(CliError::Unreadable {
                    file: arg.to_string(),
                    why,
                })
            }
        };
    }
    let lib = library::load_builtin();
    if let Some(s) = lib
        .scenarios
        .iter()
        .filter_map(|l| l.scenario.as_ref())
        .find(|s| s.id == arg)
    {
        return Ok(Arc::clone(s));
    }
    let ids = lib.scenario_ids();
    // A word from the id ("kettle") is how people remember a scenario.
    let needle = arg.to_lowercase();
    let containing: Vec<&str> = ids
        .iter()
        .copied()
        .filter(|id| !needle.is_empty() && id.contains(needle.as_str()))
        .collect();
    let suggestion = match containing.as_slice() {
        [one] => format!("did you mean `{one}`?\n"),
        [] => crate::scenario::suggest::closest(arg, &ids)
            .map(|c| format!("did you mean `{c}`?\n"))
            .unwrap_or_default(),
        many => format!("did you mean one of: {}?\n", many.join(", ")),
    };
    Err(CliError::UnknownScenario {
        arg: arg.to_string(),
        suggestion,
        ids: ids.iter().map(|s| s.to_string()).collect(),
    })
}

/// Whether stdout should get colours.
pub(crate) fn colour() -> bool {
    use std::io::IsTerminal;
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// Loads the given paths, or the built-in library when none are given.
pub(crate) fn load_library(paths: &[PathBuf]) -> Library {
    if paths.is_empty() {
        library::load_builtin()
    } else {
        library::load_paths_knowing_builtin(paths)
    }
}
