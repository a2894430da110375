//! Cohort CSV: one row per attempt, safe to open in a spreadsheet.

use crate::records::AttemptRecord;

/// Columns of the cohort CSV, in order.
pub const COLUMNS: [&str; 16] = [
    "attempt_id",
    "trainee",
    "trainee_id",
    "scenario_id",
    "scenario_title",
    "started_at",
    "finished",
    "outcome",
    "listening",
    "problem_solving",
    "compassion",
    "escalation",
    "escalation_verdict",
    "overall",
    "passed",
    "seed",
];

/// Makes a cell inert in spreadsheets: text starting with `=`, `+`, `-`, `@`
/// (or a tab or carriage return) would run as a formula, so it gets a leading
/// apostrophe, which spreadsheets show as plain text.
pub fn neutralise(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

fn opt(v: Option<u8>) -> String {
    v.map_or_else(String::new, |v| v.to_string())
}

/// The cohort CSV for these attempts.
pub fn cohort_csv(attempts: &[AttemptRecord]) -> Result<String, ::csv::Error> {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    w.write_record(COLUMNS)?;
    for a in attempts {
        let s = &a.scorecard;
        let row = [
            a.attempt_id.clone(),
            a.profile.name.clone(),
            a.profile.id.clone(),
            a.scenario_id.clone(),
            a.scenario_title.clone(),
            a.started_at.clone(),
            a.finished.to_string(),
            a.outcome.map(|o| o.label().to_string()).unwrap_or_default(),
            opt(s.skills.listening.score),
            opt(s.skills.problem_solving.score),
            opt(s.skills.compassion.score),
            s.skills.escalation.to_string(),
            s.escalation.class.label().to_string(),
            s.overall.to_string(),
            s.passed.to_string(),
            a.seed.to_string(),
        ];
        w.write_record(row.iter().map(|c| neutralise(c)))?;
    }
    let bytes = w.into_inner().map_err(|e| e.into_error())?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}
