//! `frontline graph`: the dialogue graph for Graphviz or Mermaid.

use std::io::Write;
use std::process::ExitCode;

use clap::Args;

use super::resolve_scenario;
use crate::analysis::graph::{GraphFormat, render};

/// Arguments of `frontline graph`.
#[derive(Debug, Args)]
pub struct GraphArgs {
    /// A scenario file or built-in scenario id.
    pub scenario: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = GraphFormat::Dot)]
    pub format: GraphFormat,
}

pub(super) fn run(args: &GraphArgs) -> Result<ExitCode, String> {
    let s = resolve_scenario(&args.scenario)?;
    let _ = write!(std::io::stdout().lock(), "{}", render(&s, args.format));
    Ok(ExitCode::SUCCESS)
}
