//! The `frontline` binary: the desktop app, or a subcommand of the CLI.

use std::process::ExitCode;

use clap::Parser;
use frontline::cli::{Cli, run};

fn main() -> ExitCode {
    #[cfg(feature = "dev_tools")]
    frontline::app::probe::mark_process_start();
    let cli = Cli::parse();
    match cli.command {
        #[cfg(feature = "app")]
        Some(frontline::cli::Command::Workshop(args)) => {
            match frontline::cli::workshop::prepare(&args) {
                Ok(start) => frontline::app::run_workshop(start, args.data_dir),
                Err(e) => {
                    eprint!("{}", e.render(false));
                    ExitCode::from(2)
                }
            }
        }
        Some(command) => run(command),
        None => start_app(cli.scenarios, cli.data_dir),
    }
}

#[cfg(feature = "app")]
fn start_app(folders: Vec<std::path::PathBuf>, data_dir: Option<std::path::PathBuf>) -> ExitCode {
    frontline::app::run(folders, data_dir)
}

#[cfg(not(feature = "app"))]
fn start_app(_folders: Vec<std::path::PathBuf>, _data_dir: Option<std::path::PathBuf>) -> ExitCode {
    eprintln!(
        "This frontline was built without the desktop app (`--no-default-features`).\n\
         Use a subcommand such as `frontline check` or `frontline play`; see `frontline --help`."
    );
    ExitCode::from(2)
}
