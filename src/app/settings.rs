//! Preferences that survive a restart: UI scale, theme and feedback mode.

use std::path::{Path, PathBuf};

use bevy::prelude::*;
use serde::{Deserialize, Serialize};

pub use crate::records::{DATA_DIR_ENV, data_dir};

/// When the trainee sees each choice's feedback.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum FeedbackMode {
    /// Right after each choice: for learning.
    #[default]
    Learning,
    /// Only in the debrief: for assessment.
    Assessment,
}

/// The persisted preferences.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Resource)]
#[serde(default)]
pub struct Settings {
    /// UI zoom, 0.75–2.0. A projector wants 1.5 or more.
    pub ui_scale: f32,
    /// Dark theme when true.
    pub dark: bool,
    /// Learning or assessment mode.
    pub feedback: FeedbackMode,
    /// The window size the user last chose, in logical pixels; `None` opens
    /// the window maximised on the screen it is on.
    pub window: Option<WindowSize>,
    /// The port the workshop page is served on.
    pub workshop_port: u16,
}

/// A window size in logical pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct WindowSize {
    /// Width.
    pub width: u32,
    /// Height.
    pub height: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            ui_scale: 1.0,
            dark: true,
            feedback: FeedbackMode::Learning,
            window: None,
            workshop_port: crate::serve::DEFAULT_PORT,
        }
    }
}

impl Settings {
    /// Smallest and largest UI scale offered.
    pub const SCALE_RANGE: std::ops::RangeInclusive<f32> = 0.75..=2.0;
}

/// Where the settings file lives, and the last version written.
#[derive(Debug, Clone, Resource)]
pub struct SettingsStore {
    path: PathBuf,
    saved: Settings,
}

impl SettingsStore {
    /// Opens the settings under `data_dir`. A missing or damaged file gives
    /// the defaults; a damaged file is kept aside so nothing is lost silently.
    pub fn open(data_dir: &Path) -> Self {
        let path = data_dir.join("settings.json");
        let saved = match std::fs::read(&path) {
            Ok(bytes) => match serde_json::from_slice::<Settings>(&bytes) {
                Ok(s) => s,
                Err(e) => {
                    let aside = path.with_extension("json.damaged");
                    let _ = std::fs::rename(&path, &aside);
                    warn!(
                        "settings file {} was damaged ({e}); moved it to {} and started from the defaults",
                        path.display(),
                        aside.display()
                    );
                    Settings::default()
                }
            },
            Err(_) => Settings::default(),
        };
        SettingsStore { path, saved }
    }

    /// The settings as last loaded or saved.
    pub fn settings(&self) -> Settings {
        self.saved
    }
}

pub(super) fn plugin(app: &mut App) {
    let initial = app.world().resource::<SettingsStore>().settings();
    app.insert_resource(initial);
    app.add_systems(Last, save_changed_settings);
}

fn save_changed_settings(settings: Res<Settings>, mut store: ResMut<SettingsStore>) {
    if !settings.is_changed() || *settings == store.saved {
        return;
    }
    match serde_json::to_vec_pretty(&*settings) {
        Ok(bytes) => match crate::records::write_atomically(&store.path, &bytes) {
            Ok(()) => store.saved = *settings,
            Err(e) => warn!("cannot save settings to {}: {e}", store.path.display()),
        },
        Err(e) => warn!("cannot encode settings: {e}"),
    }
}
