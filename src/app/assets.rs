//! Scenarios and tracks as Bevy assets.
//!
//! The [`LibraryFileLoader`] calls the core loader and keeps its diagnostics,
//! so a broken file becomes a card that says what is wrong instead of
//! disappearing. The built-in library is put into Bevy's embedded asset
//! source; the user's folder and `--scenarios` folders are file sources that
//! Bevy watches, so saving a file updates the library without a restart.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use bevy::asset::io::embedded::EmbeddedAssetRegistry;
use bevy::asset::io::{AssetSourceBuilder, Reader};
use bevy::asset::{AssetLoader, LoadContext, LoadedFolder};
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
    fn asset_path(&self) -> String {
        match &self.source {
            Some(s) => format!("{s}://"),
            None => String::new(),
        }
    }
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
    folders: Vec<(FolderSource, Handle<LoadedFolder>)>,
}

/// Built-in files go into the embedded source under this folder.
const EMBEDDED_ROOT: &str = "frontline";

pub(super) fn plugin(app: &mut App) {
    app.init_asset::<LibraryFile>();
    app.init_asset_loader::<LibraryFileLoader>();
    app.init_resource::<Catalogue>();
    app.init_resource::<LibraryFolders>();
    app.init_resource::<LibraryHandles>();
    app.add_systems(Startup, load_library_files);
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
        handles
            .folders
            .push((folder.clone(), server.load_folder(folder.asset_path())));
    }
}

fn library_files_changed(
    mut files: MessageReader<AssetEvent<LibraryFile>>,
    mut folders: MessageReader<AssetEvent<LoadedFolder>>,
) -> bool {
    // Read both so neither queue keeps old events around.
    let a = files.read().count() > 0;
    let b = folders.read().count() > 0;
    a || b
}

fn rebuild_library(
    files: Res<Assets<LibraryFile>>,
    loaded_folders: Res<Assets<LoadedFolder>>,
    handles: Res<LibraryHandles>,
    mut library: ResMut<Catalogue>,
) {
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
    for (folder, handle) in &handles.folders {
        let Some(loaded) = loaded_folders.get(handle) else {
            continue;
        };
        for untyped in &loaded.handles {
            let Ok(typed) = untyped.clone().try_typed::<LibraryFile>() else {
                continue;
            };
            if let Some(file) = files.get(&typed) {
                let key = typed.path().map(|p| p.to_string()).unwrap_or_default();
                let mut file = file.clone();
                // Show authors the real path of their file.
                if let LibraryFile::Scenario(l) = &mut file
                    && let Some(rel) = typed.path().map(|p| p.path().to_path_buf())
                {
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
