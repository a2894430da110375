//! `frontline workshop`: run a scenario for a room, the presenter view on
//! this screen and the voting page on the room's network.

use std::path::PathBuf;

use clap::Args;

use super::{CliError, resolve_scenario};
use crate::workshop::WorkshopStart;

/// Arguments of `frontline workshop`.
#[derive(Debug, Args)]
pub struct WorkshopArgs {
    /// A scenario file or built-in scenario id.
    pub scenario: String,
    /// The port the room's page is served on (default: the one in the app's settings, 7878 at first).
    #[arg(long)]
    pub port: Option<u16>,
    /// Seed for the order the answers are shown in (default: a fresh one).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Where the app keeps settings and saves the class debrief.
    #[arg(long, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
}

/// Resolves the scenario and the options.
pub fn prepare(args: &WorkshopArgs) -> Result<WorkshopStart, CliError> {
    Ok(WorkshopStart {
        scenario: resolve_scenario(&args.scenario)?,
        seed: args.seed.unwrap_or_else(crate::engine::fresh_seed),
        port: args.port,
    })
}
