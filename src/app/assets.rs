//! Scenarios and tracks as Bevy assets.
//!
//! The [`LibraryFileLoader`] calls the core loader and keeps its diagnostics,
//! so a broken file becomes a card that says what is wrong instead of
//! disappearing. The built-in library is put into Bevy's embedded asset
//! source; the user's folder and `--scenarios` folders are file sources that
//! Bevy watches, so saving a file updates the library without a restart.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use bevy::asset::io::embedded::EmbeddedAssetRegistry;
use bevy::asset::io::{AssetSourceBuilder, Reader};
use bevy::asset::{AssetLoader, LoadContext};
use bevy::prelude::*;

use crate::scenario::library::{TRACK_SUFFIX, builtin_files, mark_duplicate_ids};
use crate::scenario::track::{LoadedTrack, load_track_str};
use crate::scenario::{LoadedScenario, Scenario, load_bytes};

/// One `.ron` file of the library, as loaded.
#[derive(Asset, TypePath, Debug, Clone)]
pub enum LibraryFile {
    /// A scenario, playable or with diagnostics.
    Scenario(LoadedScenario),
    /// A track's text, checked once the scenario ids are known.
    Track {
        /// Display name.
        name: String,
        /// The file's text.
        source: String,
    },
}

/// Loads `.ron` files through the core loader.
#[derive(Default, TypePath)]
pub struct LibraryFileLoader;

impl AssetLoader for LibraryFileLoader {
    type Asset = LibraryFile;
    type Settings = ();
    type Error = std::io::Error;

    async fn load(
        &self,
        reader: &mut dyn Reader,
        _settings: &(),
        load_context: &mut LoadContext<'_>,
    ) -> Result<LibraryFile, std::io::Error> {
        let mut bytes = Vec::new();
        reader.read_to_end(&mut bytes).await?;
        let name = load_context.path().to_string();
        if name.ends_with(TRACK_SUFFIX) {
            return Ok(LibraryFile::Track {
                name,
                source: String::from_utf8_lossy(&bytes).into_owned(),
            });
        }
        Ok(LibraryFile::Scenario(load_bytes(&name, &bytes)))
    }

    fn extensions(&self) -> &[&str] {
        &["ron"]
    }
}

/// A folder of scenarios read through a Bevy asset source.
#[derive(Debug, Clone)]
pub struct FolderSource {
    /// The asset source name; `None` is the default source.
    pub source: Option<String>,
    /// The folder on disk, for showing to the user.
    pub dir: PathBuf,
}

impl FolderSource {
    /// The asset path of `rel`, a file inside this folder.
    fn asset_path_of(&self, rel: &Path) -> String {
        let rel = rel.to_string_lossy().replace('\\', "/");
        match &self.source {
            Some(s) => format!("{s}://{rel}"),
            None => rel,
        }
    }
}

/// The most files a folder scan looks at, and how deep: a coach's folder
/// is small, and a wrong folder (a whole home directory) must not stall the app.
const SCAN_LIMIT: usize = 5000;
const SCAN_DEPTH: usize = 8;

/// The `.ron` files under `dir`, relative to it, in name order. Other files
/// (notes, spreadsheets, the editor's drafts) are left alone: one of them
/// once stopped the whole folder from loading. Hidden files and folders are
/// skipped.
pub fn scenario_files_in(dir: &Path) -> Vec<PathBuf> {
    fn walk(root: &Path, dir: &Path, depth: usize, out: &mut Vec<PathBuf>, seen: &mut usize) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            *seen += 1;
            if *seen > SCAN_LIMIT {
                return;
            }
            let path = entry.path();
            let hidden = entry.file_name().to_string_lossy().starts_with('.');
            if hidden {
                continue;
            }
            if path.is_dir() {
                if depth < SCAN_DEPTH {
                    walk(root, &path, depth + 1, out, seen);
                }
            } else if path.extension().is_some_and(|e| e == "ron")
                && let Ok(rel) = path.strip_prefix(root)
            {
                out.push(rel.to_path_buf());
            }
        }
    }
    let mut out = Vec::new();
    let mut seen = 0;
    walk(dir, dir, 0, &mut out, &mut seen);
    out.sort();
    out
}

/// The folders the library reads besides the built-in one.
#[derive(Debug, Clone, Resource, Default)]
pub struct LibraryFolders(pub Vec<FolderSource>);

/// The folders the library reads: the user's own scenario folder (the default
/// asset source, which `AssetPlugin::file_path` must point at), then one
/// watched asset source per `--scenarios` folder, registered here. Must run
/// before `AssetPlugin`.
pub fn register_folder_sources(
    app: &mut App,
    user_folder: &Path,
    extra: &[PathBuf],
) -> Vec<FolderSource> {
    let mut sources = vec![FolderSource {
        source: None,
        dir: user_folder.to_path_buf(),
    }];
    for (i, dir) in extra.iter().enumerate() {
        let name = format!("folder{i}");
        let path = dir.display().to_string();
        app.register_asset_source(
            name.clone(),
            AssetSourceBuilder::platform_default(&path, None),
        );
        sources.push(FolderSource {
            source: Some(name),
            dir: dir.clone(),
        });
    }
    sources
}

/// Where a library entry comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Shipped inside the binary.
    BuiltIn,
    /// A folder on disk.
    Folder(PathBuf),
}

/// One scenario file in the library.
#[derive(Debug, Clone)]
pub struct LibraryEntry {
    /// The asset path: stable across reloads, used to follow a file.
    pub key: String,
    /// Where it comes from.
    pub origin: Origin,
    /// The loaded scenario or its diagnostics.
    pub loaded: LoadedScenario,
}

impl LibraryEntry {
    /// The playable scenario, if any.
    pub fn scenario(&self) -> Option<&Arc<Scenario>> {
        self.loaded.scenario.as_ref()
    }
}

/// The library as the screens see it, rebuilt whenever a file loads or
/// changes (the core's [`crate::scenario::library::Library`] is one load of it).
#[derive(Debug, Clone, Resource, Default)]
pub struct Catalogue {
    /// Scenario files: built-in first, then folders, each sorted by title or file name.
    pub entries: Vec<LibraryEntry>,
    /// Track files, checked against the playable scenario ids.
    pub tracks: Vec<LoadedTrack>,
    /// Counts rebuilds, so screens can tell that something changed.
    pub generation: u64,
}

impl Catalogue {
    /// The playable scenario with this id.
    pub fn find(&self, id: &str) -> Option<&LibraryEntry> {
        self.entries
            .iter()
            .find(|e| e.scenario().is_some_and(|s| s.id == id))
    }

    /// The entry with this asset key.
    pub fn by_key(&self, key: &str) -> Option<&LibraryEntry> {
        self.entries.iter().find(|e| e.key == key)
    }
}

/// Handles that keep the library's assets alive.
#[derive(Debug, Resource, Default)]
struct LibraryHandles {
    builtin: Vec<Handle<LibraryFile>>,
    /// Each folder's scenario files, by path inside the folder.
    folders: Vec<(FolderSource, BTreeMap<PathBuf, Handle<LibraryFile>>)>,
    /// Set when a scan found files added or removed.
    changed: bool,
}

/// Seconds between looks at the folders for files added or removed (changes
/// to a file already known are reported by the asset watcher at once).
const RESCAN_EVERY: f32 = 2.0;

/// Built-in files go into the embedded source under this folder.
const EMBEDDED_ROOT: &str = "frontline";

pub(super) fn plugin(app: &mut App) {
    app.init_asset::<LibraryFile>();
    app.init_asset_loader::<LibraryFileLoader>();
    app.init_resource::<Catalogue>();
    app.init_resource::<LibraryFolders>();
    app.init_resource::<LibraryHandles>();
    app.add_systems(Startup, load_library_files);
    app.add_systems(Update, rescan_folders);
    app.add_systems(PreUpdate, rebuild_library.run_if(library_files_changed));
}

fn load_library_files(
    server: Res<AssetServer>,
    embedded: Option<Res<EmbeddedAssetRegistry>>,
    folders: Res<LibraryFolders>,
    mut handles: ResMut<LibraryHandles>,
) {
    if let Some(embedded) = embedded {
        for file in builtin_files() {
            let rel = file.name.trim_start_matches("builtin:").to_string();
            let asset_path = Path::new(EMBEDDED_ROOT).join(&rel);
            embedded.insert_asset(PathBuf::new(), &asset_path, file.bytes);
            handles
                .builtin
                .push(server.load(format!("embedded://{EMBEDDED_ROOT}/{rel}")));
        }
    } else {
        warn!("no embedded asset source: the built-in library is unavailable");
    }
    for folder in &folders.0 {
        handles.folders.push((folder.clone(), BTreeMap::new()));
    }
    scan_folders(&server, &mut handles);
}

/// Loads files new in the folders and lets go of files that are gone.
fn scan_folders(server: &AssetServer, handles: &mut LibraryHandles) {
    let mut changed = false;
    for (folder, files) in &mut handles.folders {
        let now = scenario_files_in(&folder.dir);
        let before = files.len();
        files.retain(|rel, _| now.contains(rel));
        changed |= files.len() != before;
        for rel in now {
            if let std::collections::btree_map::Entry::Vacant(slot) = files.entry(rel) {
                let handle = server.load(folder.asset_path_of(slot.key()));
                slot.insert(handle);
                changed = true;
            }
        }
    }
    handles.changed |= changed;
}

fn rescan_folders(
    server: Res<AssetServer>,
    mut handles: ResMut<LibraryHandles>,
    time: Res<Time>,
    mut since: Local<f32>,
) {
    *since += time.delta_secs();
    if *since < RESCAN_EVERY {
        return;
    }
    *since = 0.0;
    scan_folders(&server, &mut handles);
}

fn library_files_changed(
    mut files: MessageReader<AssetEvent<LibraryFile>>,
    handles: Res<LibraryHandles>,
) -> bool {
    // Read the queue so it does not keep old events around.
    let loaded = files.read().count() > 0;
    loaded || handles.changed
}

fn rebuild_library(
    files: Res<Assets<LibraryFile>>,
    mut handles: ResMut<LibraryHandles>,
    mut library: ResMut<Catalogue>,
) {
    handles.changed = false;
    let handles = &*handles;
    let mut scenarios: Vec<(String, Origin, LoadedScenario)> = Vec::new();
    let mut tracks: Vec<(String, String)> = Vec::new();
    let mut take = |key: String, origin: Origin, file: &LibraryFile| match file {
        LibraryFile::Scenario(l) => scenarios.push((key, origin, l.clone())),
        LibraryFile::Track { name, source } => tracks.push((name.clone(), source.clone())),
    };
    for h in &handles.builtin {
        if let Some(file) = files.get(h) {
            let key = h.path().map(|p| p.to_string()).unwrap_or_default();
            take(key, Origin::BuiltIn, file);
        }
    }
    for (folder, folder_files) in &handles.folders {
        for (rel, handle) in folder_files {
            if let Some(file) = files.get(handle) {
                let key = handle.path().map(|p| p.to_string()).unwrap_or_default();
                let mut file = file.clone();
                // Show authors the real path of their file.
                if let LibraryFile::Scenario(l) = &mut file {
                    l.report.file = folder.dir.join(rel).display().to_string();
                }
                take(key, Origin::Folder(folder.dir.clone()), &file);
            }
        }
    }
    // The tutorial first, then gentle to hard, so a new trainee sees where to begin.
    let sort_key = |(_, origin, l): &(String, Origin, LoadedScenario)| match &l.scenario {
        Some(s) => (
            *origin != Origin::BuiltIn,
            !s.tags.iter().any(|t| t == "tutorial"),
            s.difficulty,
            s.title.clone(),
        ),
        None => (
            *origin != Origin::BuiltIn,
            true,
            u8::MAX,
            l.report.file.clone(),
        ),
    };
    scenarios.sort_by_key(sort_key);
    let mut loaded: Vec<LoadedScenario> = scenarios.iter().map(|(_, _, l)| l.clone()).collect();
    mark_duplicate_ids(&mut loaded);
    let ids: Vec<String> = loaded
        .iter()
        .filter_map(|l| l.scenario.as_ref().map(|s| s.id.clone()))
        .collect();
    let id_refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    library.tracks = tracks
        .iter()
        .map(|(name, source)| load_track_str(name, source, &id_refs))
        .collect();
    library.entries = scenarios
        .into_iter()
        .zip(loaded)
        .map(|((key, origin, _), loaded)| LibraryEntry {
            key,
            origin,
            loaded,
        })
        .collect();
    library.generation += 1;
}
