//! Track progress: which scenarios of a track a trainee has passed and their
//! best score per skill against the track's targets. The History screen and
//! the cohort report both use this, so they never disagree.

use super::AttemptRecord;
use crate::rules::Skill;
use crate::scenario::track::Track;

/// Per-track progress of one trainee.
#[derive(Debug, Clone, PartialEq)]
pub struct TrackProgress {
    /// Track title.
    pub title: String,
    /// Scenarios passed (by a finished attempt), of the track's.
    pub passed: usize,
    /// Scenarios in the track.
    pub total: usize,
    /// Best score per skill so far in the track (0 when none), with its target.
    pub skills: [(&'static str, u8, u8); 4],
    /// Whether every scenario is passed and every target met.
    pub met: bool,
    /// Whether the trainee has attempted any scenario of the track.
    pub started: bool,
}

/// Whether an attempt counts as passing its scenario: it reached an ending
/// and passed. An abandoned attempt never counts, whatever its score so far.
pub fn counts_as_passed(a: &AttemptRecord) -> bool {
    a.finished && a.scorecard.passed
}

/// Progress on one track from one trainee's attempts.
pub fn progress_on(track: &Track, attempts: &[&AttemptRecord]) -> TrackProgress {
    let in_track: Vec<&AttemptRecord> = attempts
        .iter()
        .copied()
        .filter(|a| track.scenarios.contains(&a.scenario_id))
        .collect();
    let passed = track
        .scenarios
        .iter()
        .filter(|id| {
            in_track
                .iter()
                .any(|a| &a.scenario_id == *id && counts_as_passed(a))
        })
        .count();
    let best = |f: &dyn Fn(&AttemptRecord) -> Option<u8>| {
        in_track.iter().filter_map(|a| f(a)).max().unwrap_or(0)
    };
    let g = track.targets;
    let skills = [
        (
            Skill::Listening.label(),
            best(&|a| a.scorecard.skills.listening.score),
            g.listening,
        ),
        (
            Skill::ProblemSolving.label(),
            best(&|a| a.scorecard.skills.problem_solving.score),
            g.problem_solving,
        ),
        (
            Skill::Compassion.label(),
            best(&|a| a.scorecard.skills.compassion.score),
            g.compassion,
        ),
        (
            crate::scoring::ESCALATION_LABEL,
            best(&|a| Some(a.scorecard.skills.escalation)),
            g.escalation,
        ),
    ];
    TrackProgress {
        title: track.title.clone(),
        passed,
        total: track.scenarios.len(),
        met: passed == track.scenarios.len() && skills.iter().all(|(_, b, t)| b >= t),
        started: !in_track.is_empty(),
        skills,
    }
}

/// Progress on every track.
pub fn track_progress(tracks: &[Track], attempts: &[&AttemptRecord]) -> Vec<TrackProgress> {
    tracks.iter().map(|t| progress_on(t, attempts)).collect()
}

/// A trainee's best score on a scenario, with the scoring rules it was given under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BestScore {
    /// The overall score.
    pub overall: u8,
    /// The scoring rules version it was computed under.
    pub rules_version: u32,
}

impl BestScore {
    /// How a library card shows it: old-rules scores say so.
    pub fn label(&self) -> String {
        if self.rules_version < crate::scoring::RULES_VERSION {
            format!("best {} (rules v{})", self.overall, self.rules_version)
        } else {
            format!("best {}", self.overall)
        }
    }
}

/// The best finished attempt's score among `attempts`: under today's rules
/// when there is one, since an old-rules score is not comparable (it may
/// have passed a walk-out); otherwise the best old score, labelled.
pub fn best_score<'a>(attempts: impl Iterator<Item = &'a AttemptRecord>) -> Option<BestScore> {
    attempts
        .filter(|a| a.finished)
        .map(|a| BestScore {
            overall: a.scorecard.overall,
            rules_version: a.scorecard.rules_version,
        })
        .max_by_key(|b| (b.rules_version >= crate::scoring::RULES_VERSION, b.overall))
}
