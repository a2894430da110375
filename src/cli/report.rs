//! `frontline report`: a coach's cohort summary from attempt records.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use crate::records::read_records;
use crate::report::cohort::{html, markdown, summarise};
use crate::report::csv::cohort_csv;
use crate::scenario::library::load_builtin;

/// Formats of the cohort summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Markdown tables.
    Md,
    /// A self-contained HTML page.
    Html,
    /// One row per attempt, safe to open in a spreadsheet.
    Csv,
}

/// Arguments of `frontline report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Attempt record files, or folders of them (for example data folders copied from several machines).
    #[arg(required = true)]
    pub records: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Md)]
    pub format: ReportFormat,
}

pub(super) fn run(args: &ReportArgs) -> Result<ExitCode, super::CliError> {
    let loaded = read_records(&args.records);
    for p in loaded.set_aside.iter().chain(&loaded.newer) {
        eprintln!("warning: {p}");
    }
    if loaded.attempts.is_empty() {
        return Err(super::CliError::NoRecords {
            what: "attempt records",
            place: super::export::paths_text(&args.records),
        });
    }
    let tracks: Vec<_> = load_builtin()
        .tracks
        .into_iter()
        .filter_map(|t| t.track)
        .collect();
    let text = match args.format {
        ReportFormat::Csv => cohort_csv(&loaded.attempts)?,
        ReportFormat::Md => markdown(&summarise(&loaded.attempts, &tracks)),
        ReportFormat::Html => html(&summarise(&loaded.attempts, &tracks)),
    };
    let _ = write!(std::io::stdout().lock(), "{text}");
    Ok(ExitCode::SUCCESS)
}
