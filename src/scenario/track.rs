//! Tracks: ordered curricula of scenarios with a target level per skill.

use serde::{Deserialize, Serialize};

use super::diagnostic::{Diagnostic, FileReport};
use super::load::{MAX_FILE_BYTES, place, ron_options, syntax_diagnostic};
use super::locate::FieldPath;
use super::model::FORMAT_VERSION;
use super::suggest::closest;

/// An ordered curriculum.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Track {
    /// Version of the format; must be [`FORMAT_VERSION`].
    pub format_version: u32,
    /// Stable identifier.
    pub id: String,
    /// Title.
    pub title: String,
    /// What the track is for.
    pub description: String,
    /// Scenario ids in the order to play them.
    pub scenarios: Vec<String>,
    /// The level to reach in each skill.
    pub targets: SkillTargets,
}

/// Target score (0–100) for each skill.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct SkillTargets {
    /// Listening.
    pub listening: u8,
    /// Problem solving.
    pub problem_solving: u8,
    /// Compassion.
    pub compassion: u8,
    /// Escalation timing.
    pub escalation: u8,
}

/// A track file after loading.
#[derive(Debug, Clone)]
pub struct LoadedTrack {
    /// The track, when it has no errors.
    pub track: Option<Track>,
    /// Every problem found.
    pub report: FileReport,
}

/// Parses a track and checks it against the scenario ids that exist.
pub fn load_track_str(file: &str, source: &str, known_scenarios: &[&str]) -> LoadedTrack {
    let source = super::load::without_bom(source);
    let mut diagnostics = Vec::new();
    let parsed = if source.len() > MAX_FILE_BYTES {
        diagnostics.push(Diagnostic::error(
            "file-too-large",
            format!("the file is larger than {MAX_FILE_BYTES} bytes"),
        ));
        None
    } else {
        match ron_options().from_str::<Track>(source) {
            Ok(t) => Some(t),
            Err(e) => {
                diagnostics.push(syntax_diagnostic(source, &e));
                None
            }
        }
    };
    if let Some(track) = &parsed {
        diagnostics.extend(validate_track(track, known_scenarios));
        place(source, &mut diagnostics);
    }
    diagnostics.sort_by_key(|d| d.severity);
    let ok = !diagnostics.iter().any(Diagnostic::is_error);
    LoadedTrack {
        track: parsed.filter(|_| ok),
        report: FileReport {
            file: file.to_string(),
            diagnostics,
            source: source.to_string(),
        },
    }
}

/// Every problem with a track.
pub fn validate_track(track: &Track, known_scenarios: &[&str]) -> Vec<Diagnostic> {
    let root = FieldPath::root();
    let mut out = Vec::new();
    if track.format_version != FORMAT_VERSION {
        out.push(
            Diagnostic::error(
                "unsupported-version",
                format!("format_version {} is not supported", track.format_version),
            )
            .at(root.field("format_version"))
            .hint(format!("this build reads format_version {FORMAT_VERSION}")),
        );
    }
    for (value, field, what) in [
        (&track.id, "id", "track id"),
        (&track.title, "title", "title"),
        (&track.description, "description", "description"),
    ] {
        if value.trim().is_empty() {
            out.push(
                Diagnostic::error("empty-text", format!("the {what} is empty"))
                    .at(root.field(field))
                    .hint(format!("write the {what}")),
            );
        }
    }
    if track.scenarios.is_empty() {
        out.push(
            Diagnostic::error("empty-track", "the track lists no scenarios")
                .at(root.field("scenarios"))
                .hint("list scenario ids in the order to play them"),
        );
    }
    let mut seen = std::collections::HashSet::new();
    for (i, id) in track.scenarios.iter().enumerate() {
        let path = root.field("scenarios").index(i);
        if !known_scenarios.contains(&id.as_str()) {
            let hint = match closest(id, known_scenarios) {
                Some(c) => format!("did you mean \"{c}\"?"),
                None => "use the `id` of a scenario in the library (`frontline check` lists them)"
                    .into(),
            };
            out.push(
                Diagnostic::error(
                    "unknown-scenario",
                    format!("there is no scenario with id {id:?}"),
                )
                .at(path.clone())
                .hint(hint),
            );
        }
        if !seen.insert(id) {
            out.push(
                Diagnostic::warning("duplicate-scenario", format!("{id:?} is listed twice"))
                    .at(path)
                    .hint("list each scenario once"),
            );
        }
    }
    let t = track.targets;
    for (name, v) in [
        ("listening", t.listening),
        ("problem_solving", t.problem_solving),
        ("compassion", t.compassion),
        ("escalation", t.escalation),
    ] {
        if v > 100 {
            out.push(
                Diagnostic::error(
                    "out-of-range",
                    format!("the {name} target is {v}, above 100"),
                )
                .at(root.field("targets"))
                .hint("targets are scores from 0 to 100"),
            );
        }
    }
    out
}
