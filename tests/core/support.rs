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

/// Runs Learning Locker's validator (npm `@learninglocker/xapi-validation`)
/// over `statements`. `.ci/run` installs it and sets `FRONTLINE_XAPI_VALIDATOR`
/// to its `node_modules` folder; without it this says so and returns, except
/// under CI, where it fails.
pub fn assert_valid_xapi(statements: &[serde_json::Value], name: &str) {
    let Some(modules) = std::env::var_os("FRONTLINE_XAPI_VALIDATOR") else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must set FRONTLINE_XAPI_VALIDATOR"
        );
        eprintln!(
            "skipped: set FRONTLINE_XAPI_VALIDATOR to a node_modules folder with @learninglocker/xapi-validation"
        );
        return;
    };
    let dir = std::env::temp_dir().join(format!("frontline-xapi-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("statements.json");
    std::fs::write(&file, serde_json::to_vec(statements).unwrap()).unwrap();
    let script = r#"
const validate = require('@learninglocker/xapi-validation').default;
const statements = JSON.parse(require('fs').readFileSync(process.argv[1], 'utf8'));
let bad = 0;
statements.forEach((s, i) => {
  const warnings = validate(s);
  if (warnings.length) { bad++; console.log(i, JSON.stringify(warnings.map(w => [w.path, w.name]))); }
});
console.log(`${statements.length} statements, ${bad} invalid`);
process.exit(bad ? 1 : 0);
"#;
    let out = std::process::Command::new("node")
        .arg("-e")
        .arg(script)
        .arg(&file)
        .env("NODE_PATH", &modules)
        .output()
        .expect("node runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.contains(&format!("{} statements, 0 invalid", statements.len())),
        "{text}"
    );
}
