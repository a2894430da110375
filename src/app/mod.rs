//! The desktop app: Bevy + bevy_egui presenting what the core computes.
//!
//! [`FrontlinePlugin`] holds everything that works without a window (screens,
//! scenario assets, settings, input), so headless tests can drive it;
//! [`run`] adds the window, rendering and the redraw policy around it.

pub mod assets;
pub mod keys;
pub mod palette;
pub mod pause;
#[cfg(feature = "dev_tools")]
pub mod probe;
pub mod records;
pub mod redraw;
pub mod screens;
pub mod settings;
#[cfg(feature = "dev_tools")]
pub mod smoke;
pub mod theme;
pub mod ui;
pub mod window;

use std::path::PathBuf;
use std::process::ExitCode;

use bevy::asset::AssetMetaCheck;
use bevy::prelude::*;
use bevy::winit::WinitSettings;
use bevy_egui::EguiPlugin;

pub use screens::Screen;

/// Starts the desktop app with the built-in library, the user's scenario
/// folder and any `--scenarios` folders; `data_dir` overrides where data lives.
pub fn run(extra_folders: Vec<PathBuf>, data_dir: Option<PathBuf>) -> ExitCode {
    #[cfg(feature = "dev_tools")]
    probe::mark_process_start();
    let data_dir = data_dir.unwrap_or_else(settings::data_dir);
    let mut app = App::new();
    app.add_plugins(DesktopPlugin {
        user_folder: data_dir.join("scenarios"),
        extra_folders,
        data_dir,
    });
    match app.run() {
        AppExit::Success => ExitCode::SUCCESS,
        AppExit::Error(code) => ExitCode::from(code.get()),
    }
}

/// Starts the desktop app straight into a workshop on one scenario: what
/// `frontline workshop` runs.
pub fn run_workshop(start: crate::workshop::WorkshopStart, data_dir: Option<PathBuf>) -> ExitCode {
    let data_dir = data_dir.unwrap_or_else(settings::data_dir);
    let mut app = App::new();
    app.add_plugins(DesktopPlugin {
        user_folder: data_dir.join("scenarios"),
        extra_folders: Vec::new(),
        data_dir,
    });
    app.insert_resource(screens::workshop::WorkshopOnStart(screens::Selection {
        key: format!("workshop:{}", start.scenario.id),
        scenario: start.scenario,
        seed: start.seed,
    }));
    if let Some(port) = start.port {
        app.insert_resource(screens::workshop::WorkshopHost {
            port: Some(port),
            ..Default::default()
        });
    }
    app.add_systems(Startup, |mut next: ResMut<NextState<Screen>>| {
        next.set(Screen::Workshop);
    });
    match app.run() {
        AppExit::Success => ExitCode::SUCCESS,
        AppExit::Error(code) => ExitCode::from(code.get()),
    }
}

/// The app with its window: what `frontline` with no subcommand runs.
pub struct DesktopPlugin {
    /// The user's own scenario folder (created if missing), watched for changes.
    pub user_folder: PathBuf,
    /// Folders given with `--scenarios`, also watched.
    pub extra_folders: Vec<PathBuf>,
    /// Where settings live.
    pub data_dir: PathBuf,
}

impl Plugin for DesktopPlugin {
    fn build(&self, app: &mut App) {
        if let Err(e) = std::fs::create_dir_all(&self.user_folder) {
            warn!(
                "cannot create the scenario folder {}: {e}",
                self.user_folder.display()
            );
        }
        // Asset sources must exist before the AssetPlugin starts.
        let sources = assets::register_folder_sources(app, &self.user_folder, &self.extra_folders);
        app.add_plugins(
            DefaultPlugins
                .set(WindowPlugin {
                    primary_window: Some(Window {
                        title: "frontline — customer conversation trainer".into(),
                        // A size any screen shows whole; `window` fits it to the
                        // screen (or the user's last size) once the screen is known.
                        resolution: (1024, 700).into(),
                        ..default()
                    }),
                    ..default()
                })
                .set(AssetPlugin {
                    file_path: self.user_folder.display().to_string(),
                    meta_check: AssetMetaCheck::Never,
                    watch_for_changes_override: Some(true),
                    ..default()
                }),
        );
        // Redraw only on input or when something animates; see `redraw`.
        app.insert_resource(WinitSettings::desktop_app());
        app.add_plugins(EguiPlugin::default());
        app.add_plugins(FrontlinePlugin {
            folders: sources,
            data_dir: self.data_dir.clone(),
        });
        app.add_plugins((window::plugin, redraw::plugin));
        #[cfg(feature = "dev_tools")]
        app.add_plugins((smoke::plugin, probe::plugin));
        app.add_systems(Startup, spawn_camera);
    }
}

/// Everything that works without a window: assets, settings, screens and their UI.
pub struct FrontlinePlugin {
    /// Asset sources to load scenario folders from, besides the built-in library.
    pub folders: Vec<assets::FolderSource>,
    /// Where settings are kept.
    pub data_dir: PathBuf,
}

impl Plugin for FrontlinePlugin {
    fn build(&self, app: &mut App) {
        app.insert_resource(settings::SettingsStore::open(&self.data_dir));
        app.insert_resource(records::Records::open(crate::records::Store::open(
            &self.data_dir,
        )));
        app.insert_resource(assets::LibraryFolders(self.folders.clone()));
        app.add_plugins((
            settings::plugin,
            records::plugin,
            assets::plugin,
            theme::plugin,
            screens::plugin,
            pause::plugin,
        ));
    }
}

fn spawn_camera(mut commands: Commands) {
    commands.spawn((Name::new("Camera"), Camera2d));
}
