//! The screen matrix: every screen at the sizes trainees and coaches use
//! (1024×768, 1280×720, 1920×1080), at 100 % and 200 % text, in both themes.
//! Nothing may be cut off at the right edge of the window or of its panel,
//! and the conversation's answers must be on screen.

use bevy::prelude::*;
use bevy::window::PrimaryWindow;
use bevy_egui::egui::epaint::Primitive;
use bevy_egui::{EguiRenderOutput, egui};
use frontline::app::Screen;
use frontline::app::settings::Settings;

use super::support::{
    fixture_folder, headless_app, open_by_search, press, press_written, run_until, screen,
    wait_for_library,
};

const SIZES: [(f32, f32); 4] = [
    (1024.0, 768.0),
    (1280.0, 720.0),
    (1920.0, 1080.0),
    (2560.0, 1440.0),
];
const SCALES: [f32; 3] = [0.75, 1.0, 2.0];
/// Points a shape may reach past its clip edge: the feathering of a stroke.
const TOLERANCE: f32 = 2.5;

fn set_view(app: &mut App, (w, h): (f32, f32), scale: f32, dark: bool) {
    let mut q = app
        .world_mut()
        .query_filtered::<&mut Window, With<PrimaryWindow>>();
    q.single_mut(app.world_mut()).unwrap().resolution.set(w, h);
    // Without a renderer egui takes its screen from the camera's viewport.
    let mut cams = app.world_mut().query::<&mut Camera>();
    for mut cam in cams.iter_mut(app.world_mut()) {
        cam.viewport = Some(bevy::camera::Viewport {
            physical_position: UVec2::ZERO,
            physical_size: UVec2::new(w as u32, h as u32),
            ..default()
        });
    }
    let mut settings = app.world_mut().resource_mut::<Settings>();
    settings.ui_scale = scale;
    settings.dark = dark;
}

/// Lets layout settle (egui sizes some things a frame late).
fn settle(app: &mut App) {
    for _ in 0..6 {
        app.update();
    }
}

/// Something drawn beyond the right (or left) edge of the window or of the
/// panel that clips it: text or a widget the trainee cannot see.
fn cut_off(app: &mut App, (w, _): (f32, f32), scale: f32) -> Option<String> {
    let width = w / scale;
    let mut q = app.world_mut().query::<&EguiRenderOutput>();
    for o in q.iter(app.world()) {
        for job in &o.paint_jobs {
            let Primitive::Mesh(mesh) = &job.primitive else {
                continue;
            };
            let right = job.clip_rect.max.x.min(width);
            let left = job.clip_rect.min.x.max(0.0);
            if let Some(v) = mesh
                .vertices
                .iter()
                // A stroke's anti-aliasing may reach a pixel or two past its edge.
                .find(|v| v.pos.x > right + TOLERANCE || v.pos.x < left - TOLERANCE)
            {
                let (mut lo, mut hi) = (v.pos, v.pos);
                for w in &mesh.vertices {
                    lo = lo.min(w.pos);
                    hi = hi.max(w.pos);
                }
                return Some(format!(
                    "a shape at x = {:.0} (y = {:.0}) outside {:.0}..{:.0} (its mesh spans {:.0},{:.0} to {:.0},{:.0}, {} vertices)",
                    v.pos.x,
                    v.pos.y,
                    left,
                    right,
                    lo.x,
                    lo.y,
                    hi.x,
                    hi.y,
                    mesh.vertices.len()
                ));
            }
        }
    }
    None
}

/// Whether two of the conversation's panels overlap (the feedback box once
/// covered the title at 150 %).
fn panels_overlap(app: &mut App) -> Option<String> {
    let mut q = app.world_mut().query::<&mut bevy_egui::EguiContext>();
    let ctx = q.single_mut(app.world_mut()).unwrap().get_mut().clone();
    let panels = ctx.data(|d| {
        d.get_temp::<[egui::Rect; 3]>(frontline::app::ui::conversation::panels_on_screen_id())
    })?;
    let names = ["customer", "answers", "transcript"];
    for i in 0..3 {
        for j in i + 1..3 {
            // Panels share an edge; more than a pixel in common is an overlap.
            let common = panels[i].intersect(panels[j]);
            if common.width() > 1.0 && common.height() > 1.0 {
                return Some(format!(
                    "the {} and {} panels overlap: {:?} and {:?}",
                    names[i], names[j], panels[i], panels[j]
                ));
            }
        }
    }
    None
}

/// Whether any answer button lies outside the window or the visible part of its panel.
fn answers_hidden(app: &mut App, (w, h): (f32, f32), scale: f32) -> Option<String> {
    let mut q = app.world_mut().query::<&mut bevy_egui::EguiContext>();
    let ctx = q.single_mut(app.world_mut()).unwrap().get_mut().clone();
    let Some((rects, visible)) = ctx.data(|d| {
        d.get_temp::<(Vec<egui::Rect>, egui::Rect)>(
            frontline::app::ui::conversation::answers_on_screen_id(),
        )
    }) else {
        return Some("no answers were drawn".into());
    };
    let screen = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(w / scale, h / scale));
    let shown = visible.intersect(screen);
    rects
        .iter()
        .position(|r| !shown.expand(1.0).contains_rect(*r))
        .map(|i| {
            format!(
                "answer {} at {:?} is outside the visible {:?}",
                i + 1,
                rects[i],
                shown
            )
        })
}

fn visit(app: &mut App, view: &str, (size, scale): ((f32, f32), f32), failures: &mut Vec<String>) {
    settle(app);
    if let Some(why) = cut_off(app, size, scale) {
        failures.push(format!(
            "{view} at {}×{} and {:.0} %: {why}",
            size.0,
            size.1,
            scale * 100.0
        ));
    }
}

#[test]
fn no_screen_cuts_anything_off_at_any_size_scale_or_theme() {
    let mut failures = Vec::new();
    for dark in [true, false] {
        for size in SIZES {
            for scale in SCALES {
                let mut app = headless_app("layout", fixture_folder());
                set_view(&mut app, size, scale, dark);
                wait_for_library(&mut app);
                let config = (size, scale);
                let theme = if dark { "dark" } else { "light" };
                visit(
                    &mut app,
                    &format!("library ({theme})"),
                    config,
                    &mut failures,
                );
                open_by_search(&mut app, "leaking kettle");
                visit(
                    &mut app,
                    &format!("briefing ({theme})"),
                    config,
                    &mut failures,
                );
                press(&mut app, KeyCode::Enter);
                run_until(&mut app, 5, "the conversation", |app| {
                    screen(app) == Screen::Conversation
                });
                press(&mut app, KeyCode::Space);
                press_written(&mut app, 2);
                press(&mut app, KeyCode::Space);
                visit(
                    &mut app,
                    &format!("conversation ({theme})"),
                    config,
                    &mut failures,
                );
                if let Some(why) =
                    answers_hidden(&mut app, size, scale).or_else(|| panels_overlap(&mut app))
                {
                    failures.push(format!(
                        "conversation ({theme}) at {}×{} and {:.0} %: {why}",
                        size.0,
                        size.1,
                        scale * 100.0
                    ));
                }
                // The rest of the best path, to the ending and the debrief.
                for n in [3, 2, 1, 3, 2, 1, 2] {
                    press(&mut app, KeyCode::Space);
                    press_written(&mut app, n);
                }
                press(&mut app, KeyCode::Enter);
                press(&mut app, KeyCode::Enter);
                run_until(&mut app, 10, "the debrief", |app| {
                    screen(app) == Screen::Debrief
                });
                visit(
                    &mut app,
                    &format!("debrief ({theme})"),
                    config,
                    &mut failures,
                );
                app.world_mut()
                    .resource_mut::<NextState<Screen>>()
                    .set(Screen::History);
                visit(
                    &mut app,
                    &format!("history ({theme})"),
                    config,
                    &mut failures,
                );
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn chat_bubbles_wrap_inside_the_window() {
    // A chat scenario: each message is a bubble that once ran off both edges.
    let mut failures = Vec::new();
    for (size, scale) in [
        ((1024.0, 768.0), 1.0),
        ((1280.0, 720.0), 2.0),
        ((1920.0, 1080.0), 1.0),
    ] {
        let mut app = headless_app("layout-chat", fixture_folder());
        set_view(&mut app, size, scale, true);
        wait_for_library(&mut app);
        open_by_search(&mut app, "never left the warehouse");
        press(&mut app, KeyCode::Enter);
        run_until(&mut app, 5, "the conversation", |app| {
            screen(app) == Screen::Conversation
        });
        for n in [1, 1] {
            press(&mut app, KeyCode::Space);
            press_written(&mut app, n);
        }
        press(&mut app, KeyCode::Space);
        visit(&mut app, "chat", (size, scale), &mut failures);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_social_media_thread_wraps_inside_the_window_in_public_and_in_direct_messages() {
    // Public posts are cards with reactions; once the conversation moves to
    // direct messages they are bubbles. A card once ran off the right edge
    // and pushed the trainee's own messages out of sight.
    use frontline::analysis::analyze;
    use frontline::engine::Action;
    let rail = frontline::scenario::library::load_builtin()
        .scenarios
        .into_iter()
        .filter_map(|l| l.scenario)
        .find(|s| s.id == "rail-delay-social-complaint")
        .unwrap();
    let best: Vec<usize> = analyze(&rail)
        .exploration
        .best
        .unwrap()
        .actions
        .iter()
        .map(|a| match a {
            Action::Chose { choice_index } => choice_index + 1,
            Action::TimedOut => panic!("the best path has no timeout"),
        })
        .collect();
    let mut failures = Vec::new();
    for (size, scale) in [
        ((1024.0, 768.0), 1.0),
        ((1280.0, 720.0), 2.0),
        ((1920.0, 1080.0), 1.0),
    ] {
        let mut app = headless_app("layout-social", fixture_folder());
        set_view(&mut app, size, scale, true);
        wait_for_library(&mut app);
        open_by_search(&mut app, "third cancellation");
        press(&mut app, KeyCode::Enter);
        run_until(&mut app, 5, "the conversation", |app| {
            screen(app) == Screen::Conversation
        });
        // One public reply, then into direct messages.
        for &n in &best[..3] {
            press(&mut app, KeyCode::Space);
            press_written(&mut app, n);
        }
        press(&mut app, KeyCode::Space);
        visit(&mut app, "social", (size, scale), &mut failures);
        if let Some(why) = answers_hidden(&mut app, size, scale) {
            failures.push(format!("social at {size:?} and {scale}: {why}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
