//! A library of scenarios and tracks: the built-in one embedded in the binary,
//! plus any folders or files the user adds.

use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};
use rayon::prelude::*;

use super::diagnostic::{Diagnostic, FileReport};
use super::load::{LoadedScenario, load_bytes};
use super::locate::FieldPath;
use super::track::{LoadedTrack, load_track_str};

/// The scenarios and tracks shipped with frontline, embedded at build time.
pub static BUILTIN: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/scenarios");

/// Files ending in this are tracks; other `.ron` files are scenarios.
pub const TRACK_SUFFIX: &str = ".track.ron";

/// A source file: where it came from and its bytes.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Display name: a path on disk, or `builtin:<path>` for embedded files.
    pub name: String,
    /// The file on disk, when it has one (for hot reload).
    pub path: Option<PathBuf>,
    /// Contents.
    pub bytes: Vec<u8>,
}

/// Loaded scenarios and tracks.
#[derive(Debug, Clone, Default)]
pub struct Library {
    /// Every scenario file, playable or not, in name order.
    pub scenarios: Vec<LoadedScenario>,
    /// Every track file, in name order.
    pub tracks: Vec<LoadedTrack>,
    /// Files that could not be read at all.
    pub unreadable: Vec<FileReport>,
}

impl Library {
    /// Ids of the playable scenarios.
    pub fn scenario_ids(&self) -> Vec<&str> {
        self.scenarios
            .iter()
            .filter_map(|s| s.scenario.as_ref().map(|s| s.id.as_str()))
            .collect()
    }

    /// Every report, scenarios then tracks then unreadable files.
    pub fn reports(&self) -> impl Iterator<Item = &FileReport> {
        self.scenarios
            .iter()
            .map(|s| &s.report)
            .chain(self.tracks.iter().map(|t| &t.report))
            .chain(self.unreadable.iter())
    }

    /// Total errors and warnings.
    pub fn counts(&self) -> (usize, usize) {
        self.reports().fold((0, 0), |(e, w), r| {
            (e + r.error_count(), w + r.warning_count())
        })
    }
}

/// The embedded files.
pub fn builtin_files() -> Vec<SourceFile> {
    let mut files = Vec::new();
    collect_embedded(&BUILTIN, &mut files);
    files.sort_by(|a, b| a.name.cmp(&b.name));
    files
}

fn collect_embedded(dir: &Dir<'static>, out: &mut Vec<SourceFile>) {
    for file in dir.files() {
        if file.path().extension().is_some_and(|e| e == "ron") {
            out.push(SourceFile {
                name: format!("builtin:{}", file.path().display()),
                path: None,
                bytes: file.contents().to_vec(),
            });
        }
    }
    for sub in dir.dirs() {
        collect_embedded(sub, out);
    }
}

/// Reads `.ron` files from files and folders (recursively). Unreadable paths
/// become reports instead of stopping the rest.
pub fn read_paths(paths: &[PathBuf]) -> (Vec<SourceFile>, Vec<FileReport>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for path in paths {
        collect_disk(path, true, &mut files, &mut problems);
    }
    files.sort_by(|a, b| a.name.cmp(&b.name));
    (files, problems)
}

fn unreadable(path: &Path, message: String, hint: &str) -> FileReport {
    FileReport {
        file: path.display().to_string(),
        diagnostics: vec![Diagnostic::error("unreadable", message).hint(hint)],
        source: String::new(),
    }
}

fn collect_disk(
    path: &Path,
    explicit: bool,
    files: &mut Vec<SourceFile>,
    problems: &mut Vec<FileReport>,
) {
    match std::fs::metadata(path) {
        Err(e) => problems.push(unreadable(
            path,
            format!("cannot read {}: {e}", path.display()),
            "check the path",
        )),
        Ok(meta) if meta.is_dir() => match std::fs::read_dir(path) {
            Err(e) => problems.push(unreadable(
                path,
                format!("cannot list the folder {}: {e}", path.display()),
                "check the folder's permissions",
            )),
            Ok(entries) => {
                let mut children: Vec<PathBuf> =
                    entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
                children.sort();
                for child in children {
                    collect_disk(&child, false, files, problems);
                }
            }
        },
        Ok(meta) => {
            let is_ron = path.extension().is_some_and(|e| e == "ron");
            if !is_ron && !explicit {
                return;
            }
            if meta.len() > super::load::MAX_FILE_BYTES as u64 {
                problems.push(unreadable(
                    path,
                    format!(
                        "{} is {} bytes; scenario files are limited to {} bytes",
                        path.display(),
                        meta.len(),
                        super::load::MAX_FILE_BYTES
                    ),
                    "split it into several scenarios",
                ));
                return;
            }
            match std::fs::read(path) {
                Ok(bytes) => files.push(SourceFile {
                    name: path.display().to_string(),
                    path: Some(path.to_path_buf()),
                    bytes,
                }),
                Err(e) => problems.push(unreadable(
                    path,
                    format!("cannot read {}: {e}", path.display()),
                    "check the file's permissions",
                )),
            }
        }
    }
}

/// Loads scenario and track files into a library: scenarios in parallel,
/// then tracks against the playable scenario ids. A scenario id used by two
/// files is an error on the second.
pub fn load_files(files: Vec<SourceFile>, unreadable: Vec<FileReport>) -> Library {
    load_files_knowing(files, unreadable, &[])
}

/// Like [`load_files`], with more scenario ids that tracks may refer to.
fn load_files_knowing(
    files: Vec<SourceFile>,
    unreadable: Vec<FileReport>,
    extra_ids: &[String],
) -> Library {
    let (track_files, scenario_files): (Vec<_>, Vec<_>) = files
        .into_iter()
        .partition(|f| f.name.ends_with(TRACK_SUFFIX));
    let mut scenarios: Vec<LoadedScenario> = scenario_files
        .par_iter()
        .map(|f| load_bytes(&f.name, &f.bytes))
        .collect();
    mark_duplicate_ids(&mut scenarios);
    let mut ids: Vec<String> = scenarios
        .iter()
        .filter_map(|s| s.scenario.as_ref().map(|s| s.id.clone()))
        .collect();
    ids.extend(extra_ids.iter().cloned());
    let id_refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    let tracks = track_files
        .iter()
        .map(|f| load_track_str(&f.name, &String::from_utf8_lossy(&f.bytes), &id_refs))
        .collect();
    Library {
        scenarios,
        tracks,
        unreadable,
    }
}

/// Makes the second and later files that use an already used scenario id
/// unplayable, with an error saying which file has the id first.
pub fn mark_duplicate_ids(scenarios: &mut [LoadedScenario]) {
    let mut seen = std::collections::HashMap::new();
    for loaded in scenarios {
        let Some(s) = &loaded.scenario else { continue };
        if let Some(first) = seen.insert(s.id.clone(), loaded.report.file.clone()) {
            let mut d = Diagnostic::error(
                "duplicate-scenario-id",
                format!("the scenario id {:?} is already used by {first}", s.id),
            )
            .at(FieldPath::root().field("id"))
            .hint("give each scenario its own id");
            super::load::place(&loaded.report.source, std::slice::from_mut(&mut d));
            loaded.report.diagnostics.insert(0, d);
            loaded.scenario = None;
        }
    }
}

/// The built-in library.
pub fn load_builtin() -> Library {
    load_files(builtin_files(), Vec::new())
}

/// The built-in library plus files and folders on disk.
pub fn load_with(paths: &[PathBuf]) -> Library {
    let mut files = builtin_files();
    let (disk, problems) = read_paths(paths);
    files.extend(disk);
    load_files(files, problems)
}

/// Only the given files and folders.
pub fn load_paths(paths: &[PathBuf]) -> Library {
    let (files, problems) = read_paths(paths);
    load_files(files, problems)
}

/// Only the given files and folders, but tracks among them may also refer to
/// built-in scenarios (a coach's pack that reuses the shipped library).
pub fn load_paths_knowing_builtin(paths: &[PathBuf]) -> Library {
    let builtin: Vec<String> = builtin_files()
        .iter()
        .filter(|f| !f.name.ends_with(TRACK_SUFFIX))
        .filter_map(|f| super::load::parse_str(&f.name, &String::from_utf8_lossy(&f.bytes)).ok())
        .map(|s| s.id)
        .collect();
    let (files, problems) = read_paths(paths);
    load_files_knowing(files, problems, &builtin)
}
