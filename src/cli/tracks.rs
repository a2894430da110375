//! `frontline tracks`: the training tracks and what they contain.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::{Format, colour, load_library};

/// Arguments of `frontline tracks`.
#[derive(Debug, Args)]
pub struct TracksArgs {
    /// Folders or files to read tracks from; the built-in library when none.
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

pub(super) fn run(args: &TracksArgs) -> Result<ExitCode, super::CliError> {
    let lib = load_library(&args.paths);
    let tracks: Vec<_> = lib.tracks.iter().filter_map(|t| t.track.as_ref()).collect();
    let mut out = std::io::stdout().lock();
    match args.format {
        Format::Json => {
            let text = serde_json::to_string_pretty(&tracks)?;
            let _ = writeln!(out, "{text}");
        }
        Format::Text => {
            let titles: std::collections::HashMap<&str, &str> = lib
                .scenarios
                .iter()
                .filter_map(|l| l.scenario.as_ref())
                .map(|s| (s.id.as_str(), s.title.as_str()))
                .collect();
            if tracks.is_empty() {
                let _ = writeln!(out, "No tracks found.");
            }
            for t in &tracks {
                let _ = writeln!(out, "{} ({})\n  {}", t.title, t.id, t.description);
                let g = t.targets;
                let _ = writeln!(
                    out,
                    "  targets: listening {}, problem solving {}, compassion {}, escalation {}",
                    g.listening, g.problem_solving, g.compassion, g.escalation
                );
                for (i, id) in t.scenarios.iter().enumerate() {
                    let title = titles
                        .get(id.as_str())
                        .copied()
                        .unwrap_or("(not in this library)");
                    let _ = writeln!(out, "  {:>2}. {title} [{id}]", i + 1);
                }
                let _ = writeln!(out);
            }
        }
    }
    let broken: Vec<_> = lib.tracks.iter().filter(|t| t.track.is_none()).collect();
    for t in &broken {
        let _ = write!(std::io::stderr(), "{}", t.report.render_terminal(colour()));
    }
    Ok(if broken.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
