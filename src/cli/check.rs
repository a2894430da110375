//! `frontline check`: validate scenario and track files.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use serde::Serialize;

use super::{Format, colour, load_library};
use crate::analysis::{analyze, check_warnings};
use crate::scenario::load::place;
use crate::scenario::{Diagnostic, Severity};

/// Arguments of `frontline check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Scenario or track files, or folders to search for `.ron` files. The built-in library when none.
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Also fail (exit 1) on warnings.
    #[arg(long)]
    pub deny_warnings: bool,
    /// Leave out warnings with this code (repeatable), e.g. `--allow gameable`
    /// while a pack is being rewritten. Errors cannot be allowed.
    #[arg(long, value_name = "CODE")]
    pub allow: Vec<String>,
}

#[derive(Serialize)]
struct JsonFile<'a> {
    file: &'a str,
    kind: &'a str,
    id: Option<&'a str>,
    errors: usize,
    warnings: usize,
    diagnostics: &'a [Diagnostic],
}

#[derive(Serialize)]
struct JsonReport<'a> {
    files: Vec<JsonFile<'a>>,
    errors: usize,
    warnings: usize,
}

pub(super) fn run(args: &CheckArgs) -> Result<ExitCode, super::CliError> {
    let mut lib = load_library(&args.paths);
    // Playable scenarios also get the analysis warnings (cannot pass, cannot fail, …).
    for loaded in &mut lib.scenarios {
        if let Some(s) = &loaded.scenario {
            let mut extra = check_warnings(s, &analyze(s));
            place(&loaded.report.source, &mut extra);
            loaded.report.diagnostics.extend(extra);
        }
    }
    if !args.allow.is_empty() {
        let allowed = |d: &Diagnostic| {
            d.severity == Severity::Warning && args.allow.iter().any(|a| a == d.code)
        };
        for loaded in &mut lib.scenarios {
            loaded.report.diagnostics.retain(|d| !allowed(d));
        }
        for t in &mut lib.tracks {
            t.report.diagnostics.retain(|d| !allowed(d));
        }
    }
    let (errors, warnings) = lib.counts();
    let mut out = std::io::stdout().lock();
    match args.format {
        Format::Json => {
            let mut files: Vec<JsonFile> = lib
                .scenarios
                .iter()
                .map(|s| JsonFile {
                    file: &s.report.file,
                    kind: "scenario",
                    id: s.scenario.as_ref().map(|s| s.id.as_str()),
                    errors: s.report.error_count(),
                    warnings: s.report.warning_count(),
                    diagnostics: &s.report.diagnostics,
                })
                .collect();
            files.extend(lib.tracks.iter().map(|t| JsonFile {
                file: &t.report.file,
                kind: "track",
                id: t.track.as_ref().map(|t| t.id.as_str()),
                errors: t.report.error_count(),
                warnings: t.report.warning_count(),
                diagnostics: &t.report.diagnostics,
            }));
            files.extend(lib.unreadable.iter().map(|r| JsonFile {
                file: &r.file,
                kind: "unreadable",
                id: None,
                errors: r.error_count(),
                warnings: 0,
                diagnostics: &r.diagnostics,
            }));
            let report = JsonReport {
                files,
                errors,
                warnings,
            };
            let text = serde_json::to_string_pretty(&report)?;
            let _ = writeln!(out, "{text}");
        }
        Format::Text => {
            let colour = colour();
            let mut checked = 0;
            for report in lib.reports() {
                checked += 1;
                if !report.diagnostics.is_empty() {
                    let _ = write!(out, "{}", report.render_terminal(colour));
                }
            }
            let verdict = if errors == 0 && warnings == 0 {
                "all clean".to_string()
            } else {
                format!(
                    "{errors} error{}, {warnings} warning{}",
                    if errors == 1 { "" } else { "s" },
                    if warnings == 1 { "" } else { "s" }
                )
            };
            let _ = writeln!(
                out,
                "checked {checked} file{}: {verdict}",
                if checked == 1 { "" } else { "s" }
            );
        }
    }
    let failed = errors > 0 || (args.deny_warnings && warnings > 0);
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
