//! `frontline graph`: the dialogue graph for Graphviz or Mermaid.

use std::io::Write;
use std::process::ExitCode;

use clap::Args;

use super::resolve_scenario;
use crate::analysis::graph::{GraphFormat, render};

/// `--format` as the command line spells it; the core's [`GraphFormat`]
/// knows nothing of clap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum GraphFormatArg {
    /// Graphviz DOT.
    Dot,
    /// Mermaid flowchart.
    Mermaid,
}

impl From<GraphFormatArg> for GraphFormat {
    fn from(f: GraphFormatArg) -> Self {
        match f {
            GraphFormatArg::Dot => GraphFormat::Dot,
            GraphFormatArg::Mermaid => GraphFormat::Mermaid,
        }
    }
}

/// Arguments of `frontline graph`.
#[derive(Debug, Args)]
pub struct GraphArgs {
    /// A scenario file or built-in scenario id.
    pub scenario: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = GraphFormatArg::Dot)]
    pub format: GraphFormatArg,
}

pub(super) fn run(args: &GraphArgs) -> Result<ExitCode, super::CliError> {
    let s = resolve_scenario(&args.scenario)?;
    let _ = write!(
        std::io::stdout().lock(),
        "{}",
        render(&s, args.format.into())
    );
    Ok(ExitCode::SUCCESS)
}
