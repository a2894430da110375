//! `frontline export`: one attempt as a report, or attempts as xAPI statements.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use crate::records::read_records;
use crate::report::files::{AttemptReport, cohort_statements};
use crate::report::xapi::XapiConfig;
use crate::scenario::library::load_builtin;

/// Export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// A self-contained, printable HTML page for one attempt.
    Html,
    /// Markdown for one attempt.
    Md,
    /// xAPI 1.0.3 statements (a JSON array) for every attempt given.
    Xapi,
}

/// Arguments of `frontline export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Attempt record files or folders.
    #[arg(required = true)]
    pub records: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ExportFormat::Html)]
    pub format: ExportFormat,
    /// Only the attempt with this id.
    #[arg(long)]
    pub attempt: Option<String>,
    /// `homePage` of trainee accounts in xAPI statements.
    #[arg(long)]
    pub home_page: Option<String>,
}

/// The folders and files given, for a message: "a/, b.json".
pub(super) fn paths_text(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

pub(super) fn run(args: &ExportArgs) -> Result<ExitCode, super::CliError> {
    let loaded = read_records(&args.records);
    for p in loaded.set_aside.iter().chain(&loaded.newer) {
        eprintln!("warning: {p}");
    }
    let mut attempts = loaded.attempts;
    if let Some(id) = &args.attempt {
        attempts.retain(|a| &a.attempt_id == id);
    }
    if attempts.is_empty() {
        return Err(super::CliError::NoRecords {
            what: "matching attempt records",
            place: paths_text(&args.records),
        });
    }
    let mut out = std::io::stdout().lock();
    match args.format {
        ExportFormat::Html | ExportFormat::Md => {
            if attempts.len() > 1 {
                return Err(super::CliError::AmbiguousAttempt {
                    count: attempts.len(),
                });
            }
            let a = &attempts[0];
            let text = if args.format == ExportFormat::Html {
                AttemptReport::Html
            } else {
                AttemptReport::Markdown
            }
            .render(a);
            let _ = write!(out, "{text}");
        }
        ExportFormat::Xapi => {
            let mut cfg = XapiConfig::default();
            if let Some(h) = &args.home_page {
                cfg.home_page = h.clone();
            }
            let lib = load_builtin();
            let scenario = |id: &str| {
                lib.scenarios
                    .iter()
                    .filter_map(|l| l.scenario.as_deref())
                    .find(|s| s.id == id)
            };
            let all = cohort_statements(&attempts, scenario, &cfg);
            let text = serde_json::to_string_pretty(&all)?;
            let _ = writeln!(out, "{text}");
        }
    }
    Ok(ExitCode::SUCCESS)
}
