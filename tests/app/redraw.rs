//! The redraw policy as the desktop app runs it: a frame only when something
//! asked for one. These tests emulate that reactive loop (no input, another
//! frame only while one is requested) and check that what is on screen once
//! the app falls idle is the complete picture: a forced extra frame draws
//! exactly the same thing.

use bevy::prelude::*;
use bevy::window::RequestRedraw;
use bevy::winit::WinitSettings;
use bevy_egui::EguiRenderOutput;
use frontline::app::Screen;
use frontline::app::settings::Settings;

use super::support::{fixture_folder, headless_app, open_by_search, screen, wait_for_library};

/// Frames an idle screen may take to settle before the test calls it a busy loop.
const SETTLE_LIMIT: usize = 30;

fn reactive_app(name: &str) -> App {
    let mut app = headless_app(name, fixture_folder());
    app.insert_resource(WinitSettings::desktop_app());
    app.add_plugins(frontline::app::redraw::plugin);
    app
}

fn redraw_requested(app: &App) -> bool {
    app.world()
        .resource::<Messages<RequestRedraw>>()
        .iter_current_update_messages()
        .next()
        .is_some()
}

/// Runs frames as the reactive loop would with no input: the next frame only
/// while the last one asked for it. Returns how many frames ran.
fn settle(app: &mut App) -> usize {
    for n in 1..=SETTLE_LIMIT {
        app.update();
        if !redraw_requested(app) {
            return n;
        }
    }
    panic!(
        "still redrawing after {SETTLE_LIMIT} frames with no input: an idle window would burn CPU"
    );
}

/// What the last frame drew: every clip rectangle and mesh egui handed to the renderer.
fn drawn(app: &mut App) -> Vec<(bevy_egui::egui::Rect, Option<bevy_egui::egui::Mesh>)> {
    let mut q = app.world_mut().query::<&EguiRenderOutput>();
    q.iter(app.world())
        .flat_map(|o| o.paint_jobs.iter())
        .map(|job| {
            let mesh = match &job.primitive {
                bevy_egui::egui::epaint::Primitive::Mesh(m) => Some(m.clone()),
                bevy_egui::egui::epaint::Primitive::Callback(_) => None,
            };
            (job.clip_rect, mesh)
        })
        .collect()
}

/// Settles, then checks that a forced frame draws the same picture.
fn assert_settled_frame_is_complete(app: &mut App, what: &str) {
    settle(app);
    let idle = drawn(app);
    assert!(!idle.is_empty(), "{what}: something is drawn");
    app.update();
    assert!(
        drawn(app) == idle,
        "{what}: the frame left on screen when the app fell idle differs from a forced repaint"
    );
}

#[test]
fn an_idle_library_stops_redrawing_and_shows_the_whole_screen() {
    let mut app = reactive_app("redraw-idle");
    wait_for_library(&mut app);
    assert_settled_frame_is_complete(&mut app, "library");
    // Idle means idle: with nothing to do, no frame asks for another.
    assert_eq!(settle(&mut app), 1, "an idle screen draws no extra frames");
}

#[test]
fn a_newly_opened_briefing_is_complete_without_moving_the_mouse() {
    let mut app = reactive_app("redraw-briefing");
    wait_for_library(&mut app);
    settle(&mut app);
    open_by_search(&mut app, "leaking kettle");
    assert_eq!(screen(&app), Screen::Briefing);
    assert_settled_frame_is_complete(&mut app, "briefing");
}

#[test]
fn switching_theme_or_text_size_redraws_fully_with_no_further_input() {
    let mut app = reactive_app("redraw-theme");
    wait_for_library(&mut app);
    settle(&mut app);
    // The title bar's click changes the settings; the click's own frame is
    // the last input the app gets.
    app.world_mut().resource_mut::<Settings>().dark = false;
    app.update();
    assert_settled_frame_is_complete(&mut app, "light theme");
    app.world_mut().resource_mut::<Settings>().ui_scale = 1.5;
    app.update();
    assert_settled_frame_is_complete(&mut app, "text at 150 %");
}
