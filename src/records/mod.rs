//! Trainee records: profiles and attempts, stored so that nothing already
//! saved is ever lost.
//!
//! Every write goes to a temporary file that is synced and then renamed over
//! the target, so a crash leaves either the old or the new file. Each attempt
//! is its own file named by its attempt id, so records from several machines
//! merge by copying folders, without duplicates. A file that cannot be read is
//! moved into `damaged/` with a message, and everything else still loads.
//! The layout is documented in docs/records.md.

pub mod lrs;
pub mod progress;
mod store;

use serde::{Deserialize, Serialize};

use crate::engine::{Action, Conversation, EngineError, Transcript};
use crate::scenario::{Outcome, Scenario};
use crate::scoring::{Scorecard, score};
pub use store::{LoadReport, Store, StoreError, read_records, write_atomically};

/// Environment variable that moves all of frontline's data (tests, portable installs).
pub const DATA_DIR_ENV: &str = "FRONTLINE_DATA_DIR";

/// Where frontline keeps its data: `$FRONTLINE_DATA_DIR`, or the platform data directory.
pub fn data_dir() -> std::path::PathBuf {
    if let Some(dir) = std::env::var_os(DATA_DIR_ENV) {
        return std::path::PathBuf::from(dir);
    }
    directories::ProjectDirs::from("org", "frontline", "frontline")
        .map(|d| d.data_dir().to_path_buf())
        .unwrap_or_else(|| std::path::PathBuf::from(".frontline"))
}

/// Version of the record format written by this build. Version 2 added the
/// scoring rules version, ending verdicts, critical errors and turns' options
/// in the order shown; version 1 records still load with their scores.
pub const RECORD_VERSION: u32 = 2;

/// A trainee sharing the machine.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    /// Stable id (a UUID), kept when the name changes.
    pub id: String,
    /// The name shown and used in reports.
    pub name: String,
}

/// One decision with its timing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DecisionRecord {
    /// What the trainee did.
    pub action: Action,
    /// When, as RFC 3339 UTC.
    pub at: String,
    /// How long the trainee took to answer, in milliseconds.
    pub response_ms: u64,
}

/// One attempt at a scenario, finished or abandoned.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttemptRecord {
    /// Record format version.
    pub format_version: u32,
    /// Globally unique attempt id (a UUID).
    pub attempt_id: String,
    /// Who played.
    pub profile: Profile,
    /// Scenario id.
    pub scenario_id: String,
    /// Scenario title, for reports.
    pub scenario_title: String,
    /// SHA-256 of the scenario's content when played, to tell whether it changed since.
    pub scenario_hash: String,
    /// Seed of the conversation.
    pub seed: u64,
    /// When the attempt started (RFC 3339 UTC).
    pub started_at: String,
    /// When it ended or was abandoned (RFC 3339 UTC).
    pub ended_at: String,
    /// Whether the conversation reached an ending.
    pub finished: bool,
    /// Every decision in order.
    pub decisions: Vec<DecisionRecord>,
    /// The scores and verdicts as computed when played.
    pub scorecard: Scorecard,
    /// The outcome, when finished.
    pub outcome: Option<Outcome>,
    /// The frontline version that wrote it.
    pub app_version: String,
}

/// SHA-256 of a scenario's content, as lower-case hex: the serialised
/// scenario, so formatting and comments in the file do not count as changes.
pub fn scenario_hash(s: &Scenario) -> String {
    use sha2::{Digest, Sha256};
    let canonical = serde_json::to_vec(s).unwrap_or_default();
    let digest = Sha256::digest(&canonical);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The current time as RFC 3339 UTC.
pub fn now_rfc3339() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// A fresh attempt id.
pub fn new_attempt_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

impl AttemptRecord {
    /// Builds the record of a conversation. `decisions` pairs each action in
    /// the transcript with its timestamp and response time.
    pub fn new(
        profile: &Profile,
        conversation: &Conversation,
        started_at: String,
        timings: &[(String, u64)],
    ) -> Self {
        let scenario = conversation.scenario();
        let transcript = conversation.transcript();
        let decisions = transcript
            .actions()
            .into_iter()
            .enumerate()
            .map(|(i, action)| {
                let (at, response_ms) = timings
                    .get(i)
                    .cloned()
                    .unwrap_or_else(|| (now_rfc3339(), 0));
                DecisionRecord {
                    action,
                    at,
                    response_ms,
                }
            })
            .collect();
        let scorecard = score(scenario, transcript);
        AttemptRecord {
            format_version: RECORD_VERSION,
            attempt_id: new_attempt_id(),
            profile: profile.clone(),
            scenario_id: scenario.id.clone(),
            scenario_title: scenario.title.clone(),
            scenario_hash: scenario_hash(scenario),
            seed: conversation.seed(),
            started_at,
            ended_at: now_rfc3339(),
            finished: conversation.is_over(),
            decisions,
            outcome: scorecard.outcome,
            scorecard,
            app_version: env!("CARGO_PKG_VERSION").to_string(),
        }
    }

    /// Seconds from start to end, when both timestamps parse.
    pub fn duration_secs(&self) -> Option<f64> {
        use time::format_description::well_known::Rfc3339;
        let a = time::OffsetDateTime::parse(&self.started_at, &Rfc3339).ok()?;
        let b = time::OffsetDateTime::parse(&self.ended_at, &Rfc3339).ok()?;
        Some((b - a).as_seconds_f64().max(0.0))
    }
}

/// What replaying a record found.
#[derive(Debug, Clone, PartialEq)]
pub struct Replay {
    /// The transcript rebuilt from the seed and the decisions.
    pub transcript: Transcript,
    /// The scores the current scenario gives that transcript.
    pub scorecard: Scorecard,
    /// Whether the scenario's content differs from the one played.
    pub scenario_changed: bool,
}

/// Replays a record against a scenario. With the same content the scorecard
/// equals the recorded one exactly; if the scenario changed since, the replay
/// may stop early and `scenario_changed` says so.
pub fn replay(
    record: &AttemptRecord,
    scenario: &std::sync::Arc<Scenario>,
) -> Result<Replay, EngineError> {
    let scenario_changed = scenario_hash(scenario) != record.scenario_hash;
    let mut c = Conversation::start(std::sync::Arc::clone(scenario), record.seed)?;
    for d in &record.decisions {
        match c.apply_action(d.action) {
            Ok(_) => {}
            Err(e) if scenario_changed => {
                let _ = e;
                break;
            }
            Err(e) => return Err(e),
        }
    }
    let scorecard = score(scenario, c.transcript());
    Ok(Replay {
        transcript: c.transcript().clone(),
        scorecard,
        scenario_changed,
    })
}
