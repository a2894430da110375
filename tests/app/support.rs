//! A headless frontline app and helpers to drive it like a trainee.

use std::path::PathBuf;
use std::time::Duration;

use bevy::asset::AssetMetaCheck;
use bevy::input::ButtonState;
use bevy::input::InputPlugin;
use bevy::input::keyboard::{Key, KeyboardInput};
use bevy::prelude::*;
use bevy::state::app::StatesPlugin;
use bevy::time::TimeUpdateStrategy;
use bevy::window::PrimaryWindow;
use bevy_egui::{EguiPlugin, EguiPostUpdateSet, EguiRenderOutput};
use frontline::app::assets::{Catalogue, register_folder_sources};
use frontline::app::records::{CurrentTrainee, Records};
use frontline::app::{FrontlinePlugin, Screen};

/// Seconds per update: 20 frames a second of simulated time.
pub const FRAME: Duration = Duration::from_millis(50);

/// A fixture folder added to the library, like a coach's `--scenarios` folder.
pub fn fixture_folder() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/app-folder")
}

/// Where a test's data directory is.
pub fn data_dir_path(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("frontline-app-test-{name}-{}", std::process::id()))
}

/// A fresh data directory for one test.
pub fn data_dir(name: &str) -> PathBuf {
    let dir = data_dir_path(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Builds the app without a window or renderer; `folder` is its scenario folder.
pub fn headless_app(name: &str, folder: PathBuf) -> App {
    let mut app = App::new();
    // The same composition as the desktop app: `folder` is the user's own
    // scenario folder, the default asset source.
    let folders = register_folder_sources(&mut app, &folder, &[]);
    app.add_plugins((
        MinimalPlugins,
        StatesPlugin,
        InputPlugin,
        WindowPlugin::default(),
        AssetPlugin {
            file_path: folder.display().to_string(),
            meta_check: AssetMetaCheck::Never,
            watch_for_changes_override: Some(false),
            ..default()
        },
    ));
    // bevy_egui registers its shaders even when nothing renders.
    app.init_asset::<bevy::shader::Shader>();
    app.init_asset::<Image>();
    app.add_plugins(EguiPlugin::default());
    app.insert_resource(TimeUpdateStrategy::ManualDuration(FRAME));
    app.add_plugins(FrontlinePlugin {
        folders,
        data_dir: data_dir(name),
    });
    // Without a renderer nothing consumes egui's texture updates; drop them
    // as the renderer would, or debug builds complain on the second frame.
    app.add_systems(
        PostUpdate,
        clear_texture_updates.after(EguiPostUpdateSet::ProcessOutput),
    );
    app.world_mut().spawn(Camera2d);
    // Most stories start with someone already training; see `with_nobody_training`.
    let trainee = {
        let mut records = app.world_mut().resource_mut::<Records>();
        let profile = records
            .create(&format!("Trainee {name}"))
            .expect("a profile");
        CurrentTrainee {
            profile: Some(profile),
            confirmed: true,
        }
    };
    app.insert_resource(trainee);
    app
}

/// The app as on a first start: nobody has trained on this machine yet.
pub fn with_nobody_training(name: &str, folder: PathBuf) -> App {
    let mut app = headless_app(name, folder);
    let dir = data_dir(&format!("{name}-fresh"));
    app.insert_resource(Records::open(frontline::records::Store::open(&dir)));
    app.insert_resource(CurrentTrainee::default());
    app
}

fn clear_texture_updates(mut outputs: Query<&mut EguiRenderOutput>) {
    for mut o in &mut outputs {
        o.textures_delta.clear();
    }
}

/// Runs frames until `done` holds, or fails after `max` frames with `what`.
pub fn run_until(app: &mut App, max: usize, what: &str, done: impl Fn(&mut App) -> bool) {
    for _ in 0..max {
        app.update();
        if done(app) {
            return;
        }
    }
    panic!("gave up after {max} frames waiting for {what}");
}

/// How many scenario and track files the built-in library has.
pub fn builtin_counts() -> (usize, usize) {
    static COUNTS: std::sync::OnceLock<(usize, usize)> = std::sync::OnceLock::new();
    *COUNTS.get_or_init(|| {
        let lib = frontline::scenario::library::load_builtin();
        (lib.scenarios.len(), lib.tracks.len())
    })
}

/// Waits for the library, including the fixture folder's one file, to load.
pub fn wait_for_library(app: &mut App) {
    let expected = builtin_counts().0 + 1;
    run_until(app, 400, "the library to load", |app| {
        let lib = app.world().resource::<Catalogue>();
        lib.entries.len() >= expected
    });
}

/// The current screen.
pub fn screen(app: &App) -> Screen {
    *app.world().resource::<State<Screen>>().get()
}

fn window(app: &mut App) -> Entity {
    app.world_mut()
        .query_filtered::<Entity, With<PrimaryWindow>>()
        .single(app.world())
        .expect("a primary window")
}

fn key_message(window: Entity, code: KeyCode, key: Key, state: ButtonState) -> KeyboardInput {
    let text = match (&key, state) {
        (Key::Character(s), ButtonState::Pressed) => Some(s.clone()),
        (Key::Space, ButtonState::Pressed) => Some(" ".into()),
        _ => None,
    };
    KeyboardInput {
        key_code: code,
        logical_key: key,
        state,
        text,
        repeat: false,
        window,
    }
}

/// The logical key a key code types on a UK keyboard.
fn logical(code: KeyCode) -> Key {
    match code {
        KeyCode::Enter => Key::Enter,
        KeyCode::Space => Key::Space,
        KeyCode::Escape => Key::Escape,
        KeyCode::Tab => Key::Tab,
        KeyCode::ArrowDown => Key::ArrowDown,
        KeyCode::ArrowUp => Key::ArrowUp,
        KeyCode::Slash => Key::Character("/".into()),
        KeyCode::KeyR => Key::Character("r".into()),
        KeyCode::KeyN => Key::Character("n".into()),
        KeyCode::Digit1 => Key::Character("1".into()),
        KeyCode::Digit2 => Key::Character("2".into()),
        KeyCode::Digit3 => Key::Character("3".into()),
        KeyCode::Digit4 => Key::Character("4".into()),
        KeyCode::Digit5 => Key::Character("5".into()),
        _ => Key::Unidentified(bevy::input::keyboard::NativeKey::Unidentified),
    }
}

/// Presses and releases a key, as a keyboard would, over two frames.
pub fn press(app: &mut App, code: KeyCode) {
    let w = window(app);
    app.world_mut()
        .write_message(key_message(w, code, logical(code), ButtonState::Pressed));
    app.update();
    app.world_mut()
        .write_message(key_message(w, code, logical(code), ButtonState::Released));
    app.update();
}

/// Presses a key with Ctrl held, as a writer's shortcut (Ctrl+S, Ctrl+Z).
pub fn press_with_ctrl(app: &mut App, code: KeyCode) {
    let w = window(app);
    let ctrl = KeyCode::ControlLeft;
    app.world_mut()
        .write_message(key_message(w, ctrl, Key::Control, ButtonState::Pressed));
    app.update();
    press(app, code);
    app.world_mut()
        .write_message(key_message(w, ctrl, Key::Control, ButtonState::Released));
    app.update();
}

/// Types text into whatever has keyboard focus.
pub fn type_text(app: &mut App, text: &str) {
    let w = window(app);
    for c in text.chars() {
        let s: String = c.to_string();
        let code = if c == ' ' {
            KeyCode::Space
        } else {
            KeyCode::KeyA
        };
        let key = if c == ' ' {
            Key::Space
        } else {
            Key::Character(s.as_str().into())
        };
        app.world_mut()
            .write_message(key_message(w, code, key.clone(), ButtonState::Pressed));
        app.update();
        app.world_mut()
            .write_message(key_message(w, code, key, ButtonState::Released));
        app.update();
    }
}

/// The number key for a 1-based choice.
pub fn digit(n: usize) -> KeyCode {
    [
        KeyCode::Digit1,
        KeyCode::Digit2,
        KeyCode::Digit3,
        KeyCode::Digit4,
        KeyCode::Digit5,
        KeyCode::Digit6,
        KeyCode::Digit7,
        KeyCode::Digit8,
        KeyCode::Digit9,
    ][n - 1]
}

/// From the library, finds a scenario by typing into the search box and opens its briefing.
pub fn open_by_search(app: &mut App, text: &str) {
    press(app, KeyCode::Slash);
    type_text(app, text);
    press(app, KeyCode::Enter);
    run_until(app, 10, "the briefing", |app| {
        screen(app) == Screen::Briefing
    });
}

/// The number key that picks the `n`-th (1-based) choice on offer in the
/// scenario's *written* order, wherever this attempt's seed shows it, so a
/// test reads against the scenario file.
pub fn written(app: &mut App, n: usize) -> KeyCode {
    let mut q = app.world_mut().query::<&frontline::app::screens::Session>();
    let session = q.single(app.world()).expect("a running conversation");
    let position = session.conversation.position_of_written(n).unwrap_or(n - 1);
    digit(position + 1)
}

/// Presses the number key of the `n`-th choice in written order (see [`written`]).
pub fn press_written(app: &mut App, n: usize) {
    let key = written(app, n);
    press(app, key);
}

/// Whether the pause menu is open.
pub fn paused(app: &App) -> bool {
    app.world()
        .resource::<State<frontline::app::pause::Pause>>()
        .get()
        .0
}
