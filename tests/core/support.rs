//! Shared helpers for the core tests.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use frontline::engine::{Conversation, Decision};
use frontline::scenario::{LoadedScenario, Scenario, load_bytes};
use frontline::scoring::{Scorecard, score};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A file under tests/fixtures.
pub fn fixture_path(rel: &str) -> PathBuf {
    root().join("tests/fixtures").join(rel)
}

/// Loads a file and reports what happened.
pub fn load(path: &Path) -> LoadedScenario {
    let bytes =
        std::fs::read(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    load_bytes(&path.display().to_string(), &bytes)
}

/// Loads a file that must be playable.
pub fn playable(path: &Path) -> Arc<Scenario> {
    let loaded = load(path);
    loaded.scenario.unwrap_or_else(|| {
        panic!(
            "{} should be playable:\n{}",
            path.display(),
            loaded.report.render_plain()
        )
    })
}

/// A fixture that must be playable.
pub fn fixture(rel: &str) -> Arc<Scenario> {
    playable(&fixture_path(rel))
}

/// A shipped scenario by file stem.
pub fn shipped(id: &str) -> Arc<Scenario> {
    playable(&root().join("scenarios").join(format!("{id}.ron")))
}

/// Plays 1-based numbers counted in the *written* order of the choices on
/// offer (0 = let the time run out), whatever order the seed shows them in,
/// so a test reads against the scenario file. Returns the conversation.
pub fn play(s: &Arc<Scenario>, seed: u64, choices: &[usize]) -> Conversation {
    let mut c = Conversation::start(Arc::clone(s), seed).expect("scenario starts");
    for (i, &n) in choices.iter().enumerate() {
        let d = if n == 0 {
            Decision::Timeout
        } else {
            Decision::Choice(shown_number(&c, n))
        };
        c.decide(d)
            .unwrap_or_else(|e| panic!("decision {} ({n}) in {}: {e}", i + 1, s.id));
    }
    c
}

/// The number shown for the `n`-th (1-based) choice on offer in written order;
/// `n` itself when there is no such choice, so the engine reports the mistake.
pub fn shown_number(c: &Conversation, n: usize) -> usize {
    c.position_of_written(n).map_or(n, |p| p + 1)
}

/// Plays 1-based numbers as shown with this seed (0 = timeout).
pub fn play_shown(s: &Arc<Scenario>, seed: u64, choices: &[usize]) -> Conversation {
    let mut c = Conversation::start(Arc::clone(s), seed).expect("scenario starts");
    for (i, &n) in choices.iter().enumerate() {
        let d = if n == 0 {
            Decision::Timeout
        } else {
            Decision::Choice(n)
        };
        c.decide(d)
            .unwrap_or_else(|e| panic!("decision {} ({n}) in {}: {e}", i + 1, s.id));
    }
    c
}

/// Plays and scores.
pub fn scored(s: &Arc<Scenario>, seed: u64, choices: &[usize]) -> Scorecard {
    let c = play(s, seed, choices);
    score(s, c.transcript())
}

/// Every scenario file shipped under scenarios/ (not tracks).
pub fn shipped_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("scenarios"))
        .expect("scenarios/ exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .collect();
    files.sort();
    files
}
