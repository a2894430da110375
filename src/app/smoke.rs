//! A scripted run for the rendered smoke test: when `FRONTLINE_SMOKE_DIR` is
//! set, the app plays a scenario to its debrief by simulated key presses and
//! saves a screenshot of each screen there, then quits. The test that runs it
//! (tests/smoke.rs) judges the screenshots, because exit codes under winit
//! are not reliable.

use std::collections::VecDeque;
use std::path::PathBuf;

use bevy::input::ButtonState;
use bevy::input::keyboard::{Key, KeyboardInput};
use bevy::prelude::*;
use bevy::render::view::window::screenshot::{Screenshot, save_to_disk};
use bevy::window::PrimaryWindow;

use super::assets::Catalogue;
use super::keys::CHOICE_KEYS;
use super::redraw::Animation;
use super::screens::{Screen, Session};
use super::settings::Settings;
use crate::analysis::analyze;
use crate::engine::Action;

/// Environment variable naming the folder for the screenshots.
pub const SMOKE_DIR_ENV: &str = "FRONTLINE_SMOKE_DIR";
/// Frames a step may take before the run gives up.
const STEP_TIMEOUT_FRAMES: u32 = 900;

#[derive(Debug, Clone)]
enum ScriptStep {
    /// Wait for this many frames.
    Wait(u32),
    /// Wait until the library has loaded.
    LibraryLoaded,
    /// Wait until the app is on this screen.
    On(Screen),
    /// Press and release a key; `text` is what it types.
    Press(KeyCode, Key, Option<&'static str>),
    /// Press the number key of the n-th (1-based) choice in the scenario's
    /// written order, wherever this attempt's seed shows it.
    ChooseWritten(usize),
    /// Press the number key of the next choice on the scenario's best path,
    /// as the core's analysis finds it.
    ChooseBest,
    /// Go straight to a screen (as a click on "Back to the library" would).
    Goto(Screen),
    /// In a running workshop: this many phones join, vote, and the split is revealed.
    FillRoom(usize),
    /// Save a screenshot with this name and wait for the file.
    Shot(&'static str),
    /// The same, of the workshop's audience window.
    ShotAudience(&'static str),
    /// Quit.
    Exit,
}

#[derive(Resource)]
struct Script {
    dir: PathBuf,
    steps: VecDeque<ScriptStep>,
    frames_in_step: u32,
    release: Option<(KeyCode, Key)>,
    shot_pending: Option<PathBuf>,
    /// The best path of the scenario being played: (scenario id, authored choices).
    best: Option<(String, Vec<Action>)>,
}

fn press(key: KeyCode) -> ScriptStep {
    let logical = match key {
        KeyCode::Enter => Key::Enter,
        KeyCode::Space => Key::Space,
        KeyCode::Escape => Key::Escape,
        _ => Key::Unidentified(bevy::input::keyboard::NativeKey::Unidentified),
    };
    let text = match key {
        KeyCode::Digit1 => Some("1"),
        KeyCode::Digit2 => Some("2"),
        KeyCode::Digit3 => Some("3"),
        KeyCode::Digit4 => Some("4"),
        KeyCode::Digit5 => Some("5"),
        KeyCode::Digit6 => Some("6"),
        KeyCode::Space => Some(" "),
        _ => None,
    };
    ScriptStep::Press(key, logical, text)
}

fn type_text(text: &'static str) -> Vec<ScriptStep> {
    text.char_indices()
        .map(|(i, c)| {
            let s = &text[i..i + c.len_utf8()];
            let code = if c == ' ' {
                KeyCode::Space
            } else {
                KeyCode::KeyA
            };
            ScriptStep::Press(code, Key::Character(s.into()), Some(s))
        })
        .collect()
}

/// From the library: `/`, the search text, Enter, and wait for the briefing.
fn open_by_search(text: &'static str) -> Vec<ScriptStep> {
    let mut s = vec![
        ScriptStep::Press(KeyCode::Slash, Key::Character("/".into()), None),
        ScriptStep::Wait(5),
    ];
    s.extend(type_text(text));
    s.extend([
        ScriptStep::Wait(5),
        press(KeyCode::Enter),
        ScriptStep::On(Screen::Briefing),
    ]);
    s
}

/// What the scripted run types to find its social-media scenario.
const SOCIAL_SEARCH: &str = "third cancellation";
/// Decisions it makes there before the screenshot: past the public replies
/// and into direct messages.
const SOCIAL_TURNS: usize = 3;

/// The scripted run: the leaking-kettle scenario along its best path, then
/// a social-media conversation along its best path.
fn script() -> VecDeque<ScriptStep> {
    let mut s = vec![ScriptStep::LibraryLoaded, ScriptStep::Wait(20)];
    // A fresh data folder: the app first asks who is training.
    s.push(ScriptStep::Shot("who-is-training"));
    s.extend(type_text("Sam"));
    s.push(press(KeyCode::Enter));
    s.push(ScriptStep::Wait(20));
    s.push(ScriptStep::Shot("library"));
    s.extend(open_by_search("leaking kettle"));
    s.push(ScriptStep::Wait(20));
    s.push(ScriptStep::Shot("briefing"));
    s.push(press(KeyCode::Enter));
    s.push(ScriptStep::On(Screen::Conversation));
    // The best path: see `frontline analyze returns-desk-leaking-kettle`.
    let best = [2, 3, 2, 1, 3, 2, 1, 2];
    for (turn, choice) in best.into_iter().enumerate() {
        s.push(ScriptStep::Wait(10));
        s.push(press(KeyCode::Space));
        s.push(ScriptStep::Wait(10));
        if turn == 3 {
            s.push(ScriptStep::Shot("conversation"));
        }
        s.push(ScriptStep::ChooseWritten(choice));
    }
    s.push(ScriptStep::Wait(10));
    s.push(press(KeyCode::Space));
    s.push(ScriptStep::Wait(10));
    s.push(press(KeyCode::Enter));
    s.push(ScriptStep::On(Screen::Debrief));
    s.push(ScriptStep::Wait(30));
    s.push(ScriptStep::Shot("debrief"));
    // Then a conversation on social media: a public thread, then direct messages.
    s.push(press(KeyCode::Escape));
    s.push(ScriptStep::On(Screen::Library));
    s.push(ScriptStep::Wait(10));
    s.extend(open_by_search(SOCIAL_SEARCH));
    s.push(ScriptStep::Wait(10));
    s.push(press(KeyCode::Enter));
    s.push(ScriptStep::On(Screen::Conversation));
    for _ in 0..SOCIAL_TURNS {
        s.push(ScriptStep::Wait(10));
        s.push(press(KeyCode::Space));
        s.push(ScriptStep::Wait(10));
        s.push(ScriptStep::ChooseBest);
    }
    s.push(ScriptStep::Wait(10));
    s.push(press(KeyCode::Space));
    s.push(ScriptStep::Wait(20));
    s.push(ScriptStep::Shot("social"));
    // Then the kettle as a workshop, with a room of phones voting.
    s.push(ScriptStep::Goto(Screen::Library));
    s.push(ScriptStep::On(Screen::Library));
    s.push(ScriptStep::Wait(10));
    s.extend(open_by_search("leaking kettle"));
    s.push(ScriptStep::Wait(10));
    s.push(press(KeyCode::KeyW));
    s.push(ScriptStep::On(Screen::Workshop));
    s.push(ScriptStep::Wait(10));
    s.push(ScriptStep::FillRoom(14));
    s.push(ScriptStep::Wait(20));
    s.push(ScriptStep::Shot("workshop"));
    s.push(press(KeyCode::KeyA));
    s.push(ScriptStep::Wait(40));
    s.push(ScriptStep::ShotAudience("audience"));
    // Then the kettle in the editor, as a coach opens it to make their own.
    s.push(ScriptStep::Goto(Screen::Library));
    s.push(ScriptStep::On(Screen::Library));
    s.push(ScriptStep::Wait(10));
    s.extend(open_by_search("leaking kettle"));
    s.push(ScriptStep::Wait(10));
    s.push(press(KeyCode::KeyE));
    s.push(ScriptStep::On(Screen::Editor));
    // Long enough for the analysis to come back from its thread.
    s.push(ScriptStep::Wait(60));
    s.push(ScriptStep::Shot("editor"));
    s.push(ScriptStep::Exit);
    s.into()
}

/// A room's worth of phones join and vote (mostly for the first two
/// answers, as a real room splits), and the split is revealed.
fn fill_room(room: &crate::serve::Room, phones: usize) {
    room.update(|w| {
        let code = w.code().to_string();
        let _ = w.open_vote();
        let turn = w.turn();
        for i in 0..phones {
            if let Ok(token) = w.join(&code) {
                let _ = w.vote(&code, &token, turn, [0, 1, 1, 2, 0, 1, 3][i % 7]);
            }
        }
        let _ = w.reveal();
    });
}

/// Environment variable giving the text size of a smoke run (1.0 = 100 %).
pub const SMOKE_SCALE_ENV: &str = "FRONTLINE_SMOKE_SCALE";

pub(super) fn plugin(app: &mut App) {
    let Some(dir) = std::env::var_os(SMOKE_DIR_ENV).map(PathBuf::from) else {
        return;
    };
    if let Some(scale) = std::env::var(SMOKE_SCALE_ENV)
        .ok()
        .and_then(|v| v.parse::<f32>().ok())
    {
        app.add_systems(Startup, move |mut settings: ResMut<Settings>| {
            settings.ui_scale = scale;
        });
    }
    let _ = std::fs::create_dir_all(&dir);
    app.insert_resource(Script {
        dir,
        steps: script(),
        frames_in_step: 0,
        release: None,
        shot_pending: None,
        best: None,
    });
    app.add_systems(Update, run_smoke_script);
}

fn key_message(
    window: Entity,
    code: KeyCode,
    key: Key,
    state: ButtonState,
    text: Option<&str>,
) -> KeyboardInput {
    KeyboardInput {
        key_code: code,
        logical_key: key,
        state,
        text: text.map(Into::into),
        repeat: false,
        window,
    }
}

#[allow(
    clippy::too_many_arguments,
    reason = "a Bevy system reads what it needs"
)]
fn run_smoke_script(
    mut script: ResMut<Script>,
    mut commands: Commands,
    mut keys: MessageWriter<KeyboardInput>,
    mut exit: MessageWriter<AppExit>,
    mut animation: ResMut<Animation>,
    window: Query<Entity, With<PrimaryWindow>>,
    library: Res<Catalogue>,
    screen: Res<State<Screen>>,
    sessions: Query<&Session>,
    (mut next, workshop): (
        ResMut<NextState<Screen>>,
        Option<Res<super::screens::workshop::RunningWorkshop>>,
    ),
) {
    // Keep frames coming: a scripted run has no real input to wake the app.
    animation.continuous = true;
    let Ok(window) = window.single() else { return };
    if let Some((code, key)) = script.release.take() {
        keys.write(key_message(window, code, key, ButtonState::Released, None));
        return;
    }
    script.frames_in_step += 1;
    if script.frames_in_step > STEP_TIMEOUT_FRAMES {
        error!(
            "smoke run stuck at {:?} on {:?}",
            script.steps.front(),
            screen.get()
        );
        exit.write(AppExit::error());
        return;
    }
    // A choice by written order becomes the key press for where this attempt shows it.
    if let Some(&ScriptStep::ChooseWritten(n)) = script.steps.front() {
        let Some(position) = sessions
            .single()
            .ok()
            .and_then(|s| s.conversation.position_of_written(n))
        else {
            return;
        };
        script.steps[0] = press(CHOICE_KEYS[position].0);
    }
    // The best path's next choice, found once per scenario by the core.
    if let Some(ScriptStep::ChooseBest) = script.steps.front() {
        let Ok(session) = sessions.single() else {
            return;
        };
        let scenario = session.conversation.scenario();
        if script
            .best
            .as_ref()
            .is_none_or(|(id, _)| *id != scenario.id)
        {
            let actions = analyze(scenario)
                .exploration
                .best
                .map(|b| b.actions)
                .unwrap_or_default();
            script.best = Some((scenario.id.clone(), actions));
        }
        let turn = session.conversation.transcript().turns.len();
        let next = script.best.as_ref().and_then(|(_, a)| a.get(turn).copied());
        let Some(Action::Chose { choice_index }) = next else {
            error!(
                "smoke run: no best choice for turn {turn} of {}",
                scenario.id
            );
            exit.write(AppExit::error());
            return;
        };
        let Some(position) = session.conversation.position_of(choice_index) else {
            return;
        };
        script.steps[0] = press(CHOICE_KEYS[position].0);
    }
    let Some(step) = script.steps.front().cloned() else {
        return;
    };
    let done = match step {
        ScriptStep::Wait(n) => script.frames_in_step >= n,
        ScriptStep::ChooseWritten(_) | ScriptStep::ChooseBest => false,
        ScriptStep::Goto(target) => {
            next.set(target);
            true
        }
        ScriptStep::FillRoom(phones) => match &workshop {
            None => false,
            Some(running) => {
                fill_room(&running.room, phones);
                true
            }
        },
        ScriptStep::LibraryLoaded => !library.entries.is_empty(),
        ScriptStep::On(target) => *screen.get() == target,
        ScriptStep::Press(code, key, text) => {
            keys.write(key_message(
                window,
                code,
                key.clone(),
                ButtonState::Pressed,
                text,
            ));
            script.release = Some((code, key));
            true
        }
        ScriptStep::Shot(name) | ScriptStep::ShotAudience(name) => match &script.shot_pending {
            None => {
                let path = script.dir.join(format!("{name}.png"));
                let _ = std::fs::remove_file(&path);
                let shot = match step {
                    ScriptStep::ShotAudience(_) => {
                        match workshop.as_ref().and_then(|w| w.audience_window()) {
                            Some(window) => Screenshot::window(window),
                            None => return,
                        }
                    }
                    _ => Screenshot::primary_window(),
                };
                commands.spawn(shot).observe(save_to_disk(path.clone()));
                script.shot_pending = Some(path);
                false
            }
            Some(path) => {
                let written = std::fs::metadata(path).is_ok_and(|m| m.len() > 0);
                if written {
                    info!("smoke screenshot saved: {}", path.display());
                    script.shot_pending = None;
                }
                written
            }
        },
        ScriptStep::Exit => {
            exit.write(AppExit::Success);
            true
        }
    };
    if done {
        script.steps.pop_front();
        script.frames_in_step = 0;
    }
}
