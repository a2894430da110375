//! Sending xAPI statements to a Learning Record Store, through a queue on
//! disk that survives restarts and a network that comes and goes.
//!
//! `xapi/queue/<id>.json` waits to be sent; `xapi/sent/<id>` marks what the
//! LRS accepted; `xapi/rejected/<id>.json` keeps a statement the LRS refused,
//! with its message. Statement ids are stable, so enqueuing twice or retrying
//! never sends one twice.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::store::{StoreError, write_atomically};

/// Where statements go and who sends them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LrsConfig {
    /// The xAPI endpoint, e.g. `https://lrs.example.com/xAPI/` (`statements` is appended).
    pub endpoint: String,
    /// Basic-auth user (the LRS client key).
    pub username: String,
    /// Basic-auth password (the LRS client secret).
    pub password: String,
}

/// What a sync did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncReport {
    /// Statements the LRS accepted (or already had).
    pub sent: usize,
    /// Statements the LRS refused, kept with its message.
    pub rejected: usize,
    /// Statements still waiting.
    pub waiting: usize,
    /// Why sending stopped early, e.g. the LRS was unreachable.
    pub stopped: Option<String>,
}

/// The queue under a data directory.
#[derive(Debug, Clone)]
pub struct Outbox {
    root: PathBuf,
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> StoreError + '_ {
    move |source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    }
}

impl Outbox {
    /// The outbox of a data directory.
    pub fn open(data_dir: &Path) -> Self {
        Outbox {
            root: data_dir.join("xapi"),
        }
    }

    fn dir(&self, name: &str) -> PathBuf {
        self.root.join(name)
    }

    fn config_path(&self) -> PathBuf {
        self.root.join("lrs.json")
    }

    /// The saved LRS configuration, if any.
    pub fn config(&self) -> Option<LrsConfig> {
        let bytes = std::fs::read(self.config_path()).ok()?;
        serde_json::from_slice(&bytes).ok()
    }

    /// Saves the LRS configuration.
    pub fn save_config(&self, config: &LrsConfig) -> Result<(), StoreError> {
        let bytes =
            serde_json::to_vec_pretty(config).map_err(|e| StoreError::Encode(e.to_string()))?;
        write_atomically(&self.config_path(), &bytes)
    }

    /// Queues statements that are not already queued, sent or rejected; returns how many were added.
    pub fn enqueue(&self, statements: &[Value]) -> Result<usize, StoreError> {
        let mut added = 0;
        for st in statements {
            let Some(id) = st.get("id").and_then(Value::as_str) else {
                continue;
            };
            let known = self.dir("queue").join(format!("{id}.json")).exists()
                || self.dir("sent").join(id).exists()
                || self.dir("rejected").join(format!("{id}.json")).exists();
            if known {
                continue;
            }
            let bytes = serde_json::to_vec(st).map_err(|e| StoreError::Encode(e.to_string()))?;
            write_atomically(&self.dir("queue").join(format!("{id}.json")), &bytes)?;
            added += 1;
        }
        Ok(added)
    }

    /// Ids waiting to be sent, in name order.
    pub fn waiting(&self) -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(self.dir("queue"))
            .map(|d| {
                d.flatten()
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|e| e == "json"))
                    .collect()
            })
            .unwrap_or_default();
        files.sort();
        files
    }

    /// Statements the LRS refused, each with its message.
    pub fn rejected(&self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = std::fs::read_dir(self.dir("rejected"))
            .map(|d| {
                d.flatten()
                    .filter_map(|e| std::fs::read(e.path()).ok())
                    .filter_map(|b| serde_json::from_slice::<Value>(&b).ok())
                    .map(|v| {
                        let id = v["statement"]["id"]
                            .as_str()
                            .unwrap_or_default()
                            .to_string();
                        (id, v["message"].as_str().unwrap_or_default().to_string())
                    })
                    .collect()
            })
            .unwrap_or_default();
        out.sort();
        out
    }

    /// Sends everything waiting, one statement per request so one bad
    /// statement cannot hold back the others. Stops at the first network
    /// failure or server error and leaves the rest queued.
    pub fn sync(&self, config: &LrsConfig) -> Result<SyncReport, StoreError> {
        use base64::Engine;
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_global(Some(Duration::from_secs(20)))
            .http_status_as_error(false)
            .build()
            .into();
        let url = format!("{}/statements", config.endpoint.trim_end_matches('/'));
        let auth = format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD
                .encode(format!("{}:{}", config.username, config.password))
        );
        let mut report = SyncReport::default();
        let files = self.waiting();
        for (i, file) in files.iter().enumerate() {
            let body = std::fs::read(file).map_err(io(file))?;
            let id = file
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let response = agent
                .post(&url)
                .header("X-Experience-API-Version", "1.0.3")
                .header("Authorization", &auth)
                .header("Content-Type", "application/json")
                .send(&body[..]);
            match response {
                Err(e) => {
                    report.stopped = Some(format!("the LRS at {url} could not be reached: {e}"));
                    report.waiting = files.len() - i;
                    return Ok(report);
                }
                Ok(mut r) => {
                    let status = r.status().as_u16();
                    let text = r.body_mut().read_to_string().unwrap_or_default();
                    match status {
                        // 409: the LRS already has a statement with this id, so it was sent before.
                        200..=299 | 409 => {
                            write_atomically(&self.dir("sent").join(&id), b"")?;
                            std::fs::remove_file(file).map_err(io(file))?;
                            report.sent += 1;
                        }
                        400..=499 if status != 401 && status != 403 && status != 429 => {
                            let statement: Value =
                                serde_json::from_slice(&body).unwrap_or(Value::Null);
                            let kept = serde_json::json!({ "statement": statement, "status": status, "message": text });
                            let bytes = serde_json::to_vec_pretty(&kept)
                                .map_err(|e| StoreError::Encode(e.to_string()))?;
                            write_atomically(
                                &self.dir("rejected").join(format!("{id}.json")),
                                &bytes,
                            )?;
                            std::fs::remove_file(file).map_err(io(file))?;
                            report.rejected += 1;
                        }
                        _ => {
                            report.stopped =
                                Some(format!("the LRS answered {status}: {}", text.trim()));
                            report.waiting = files.len() - i;
                            return Ok(report);
                        }
                    }
                }
            }
        }
        Ok(report)
    }
}
