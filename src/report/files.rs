//! Reports written to disk: where each one goes and what it is called, for
//! the app's buttons and the command line alike.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::xapi::{XapiConfig, statements};
use crate::records::{AttemptRecord, StoreError, write_atomically};
use crate::scenario::Scenario;
use crate::workshop::ClassDebrief;

/// `text` made safe for a file name: letters, digits, `-` and `_` kept, anything
/// else (a slash, a dot, a colon) a `-`, at most 80 characters. Records and
/// stamps come from disk and clocks: they must never pick the folder.
fn file_safe(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .take(80)
        .collect()
}

/// A report on one attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttemptReport {
    /// One printable HTML page.
    Html,
    /// Markdown, for pasting into notes or a learning platform.
    Markdown,
}

impl AttemptReport {
    /// The report's text.
    pub fn render(self, a: &AttemptRecord) -> String {
        match self {
            AttemptReport::Html => super::attempt::html(a),
            AttemptReport::Markdown => super::attempt::markdown(a),
        }
    }

    /// The file name: the scenario and the start of the attempt id, so
    /// reports on different attempts never overwrite each other.
    pub fn file_name(self, a: &AttemptRecord) -> String {
        let ext = match self {
            AttemptReport::Html => "html",
            AttemptReport::Markdown => "md",
        };
        // A record read from disk may carry any id: keep the name short and safe.
        let id: String = a
            .attempt_id
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .take(8)
            .collect();
        let scenario = file_safe(&a.scenario_id);
        format!("{scenario}-{id}.{ext}")
    }

    /// Writes the report into `dir`; returns where.
    pub fn save(self, a: &AttemptRecord, dir: &Path) -> Result<PathBuf, StoreError> {
        let path = dir.join(self.file_name(a));
        write_atomically(&path, self.render(a).as_bytes())?;
        Ok(path)
    }
}

/// Every attempt's xAPI statements, each with its scenario when `scenario`
/// finds it (the statements then name the scenario's title and skills).
pub fn cohort_statements<'s>(
    attempts: &[AttemptRecord],
    scenario: impl Fn(&str) -> Option<&'s Scenario>,
    cfg: &XapiConfig,
) -> Vec<Value> {
    attempts
        .iter()
        .flat_map(|a| statements(a, scenario(&a.scenario_id), cfg))
        .collect()
}

/// An export of every attempt for a coach.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CohortExport {
    /// One row per attempt (`cohort.csv`).
    Csv,
    /// xAPI statements for a learning record store (`statements.json`).
    Xapi,
}

impl CohortExport {
    /// The file the export is written to.
    pub fn file_name(self) -> &'static str {
        match self {
            CohortExport::Csv => "cohort.csv",
            CohortExport::Xapi => "statements.json",
        }
    }

    /// Writes the export into `dir`; returns where.
    pub fn save<'s>(
        self,
        attempts: &[AttemptRecord],
        scenario: impl Fn(&str) -> Option<&'s Scenario>,
        dir: &Path,
    ) -> Result<PathBuf, StoreError> {
        let text = match self {
            CohortExport::Csv => {
                super::csv::cohort_csv(attempts).map_err(|e| StoreError::Encode(e.to_string()))?
            }
            CohortExport::Xapi => serde_json::to_string_pretty(&cohort_statements(
                attempts,
                scenario,
                &XapiConfig::default(),
            ))
            .map_err(|e| StoreError::Encode(e.to_string()))?,
        };
        let path = dir.join(self.file_name());
        write_atomically(&path, text.as_bytes())?;
        Ok(path)
    }
}

/// Writes a workshop's class debrief into `dir` as HTML, Markdown and CSV,
/// named after the scenario and `stamp` (when the workshop ran, e.g.
/// `2026-12-02T10-15`); returns the three paths.
pub fn save_class_debrief(
    d: &ClassDebrief,
    dir: &Path,
    stamp: &str,
) -> Result<Vec<PathBuf>, StoreError> {
    let base = format!(
        "workshop-{}-{}",
        file_safe(&d.scenario_id),
        file_safe(stamp)
    );
    let csv = super::workshop::csv(d).map_err(|e| StoreError::Encode(e.to_string()))?;
    let mut paths = Vec::new();
    for (ext, text) in [
        ("html", super::workshop::html(d)),
        ("md", super::workshop::markdown(d)),
        ("csv", csv),
    ] {
        let path = dir.join(format!("{base}.{ext}"));
        write_atomically(&path, text.as_bytes())?;
        paths.push(path);
    }
    Ok(paths)
}

/// Writes one xAPI statement per turn of a workshop, for the room as a group,
/// into `dir`; returns where.
pub fn save_workshop_statements(
    d: &ClassDebrief,
    dir: &Path,
    stamp: &str,
) -> Result<PathBuf, StoreError> {
    let text = serde_json::to_string_pretty(&super::xapi::workshop_statements(
        d,
        &super::xapi::XapiConfig::default(),
    ))
    .map_err(|e| StoreError::Encode(e.to_string()))?;
    let path = dir.join(format!(
        "workshop-{}-{}-statements.json",
        file_safe(&d.scenario_id),
        file_safe(stamp)
    ));
    write_atomically(&path, text.as_bytes())?;
    Ok(path)
}
