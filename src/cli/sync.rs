//! `frontline sync`: send xAPI statements for every saved attempt to a Learning Record Store.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use crate::records::Store;
use crate::records::lrs::{LrsConfig, Outbox};
use crate::report::xapi::{XapiConfig, statements};
use crate::scenario::library::load_builtin;

/// Arguments of `frontline sync`.
#[derive(Debug, Args)]
pub struct SyncArgs {
    /// The data folder whose attempts to send (default: the platform data directory).
    #[arg(long, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Save this LRS endpoint (the xAPI base, e.g. https://lrs.example.com/xAPI/) for this and later syncs.
    #[arg(long, requires_all = ["user", "password"])]
    pub endpoint: Option<String>,
    /// The LRS client key (basic-auth user).
    #[arg(long)]
    pub user: Option<String>,
    /// The LRS client secret (basic-auth password).
    #[arg(long)]
    pub password: Option<String>,
    /// `homePage` of trainee accounts in the statements.
    #[arg(long)]
    pub home_page: Option<String>,
}

pub(super) fn run(args: &SyncArgs) -> Result<ExitCode, super::CliError> {
    let data_dir = args
        .data_dir
        .clone()
        .unwrap_or_else(crate::records::data_dir);
    let outbox = Outbox::open(&data_dir);
    if let (Some(endpoint), Some(user), Some(password)) =
        (&args.endpoint, &args.user, &args.password)
    {
        let config = LrsConfig {
            endpoint: endpoint.clone(),
            username: user.clone(),
            password: password.clone(),
        };
        outbox.save_config(&config)?;
    }
    let Some(config) = outbox.config() else {
        return Err(super::CliError::NoLrs {
            data_dir: data_dir.display().to_string(),
        });
    };
    let mut xapi = XapiConfig::default();
    if let Some(h) = &args.home_page {
        xapi.home_page = h.clone();
    }
    let loaded = Store::open(&data_dir).load_attempts();
    for p in loaded.set_aside.iter().chain(&loaded.newer) {
        eprintln!("warning: {p}");
    }
    let lib = load_builtin();
    let mut queued = 0;
    for a in &loaded.attempts {
        let s = lib
            .scenarios
            .iter()
            .filter_map(|l| l.scenario.as_ref())
            .find(|s| s.id == a.scenario_id);
        queued += outbox.enqueue(&statements(a, s.map(|s| s.as_ref()), &xapi))?;
    }
    let report = outbox.sync(&config)?;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(
        out,
        "{queued} new statement(s) queued; {} sent, {} rejected, {} waiting",
        report.sent, report.rejected, report.waiting
    );
    for (id, message) in outbox.rejected() {
        let _ = writeln!(out, "rejected {id}: {message}");
    }
    match report.stopped {
        Some(why) => {
            let _ = writeln!(
                out,
                "stopped: {why}\nEverything not sent stays queued; run `frontline sync` again later."
            );
            Ok(ExitCode::from(1))
        }
        None => Ok(ExitCode::SUCCESS),
    }
}
