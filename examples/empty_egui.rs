//! The baseline for docs/performance.md: an empty bevy_egui app with the same
//! Bevy features as frontline, a camera and one label. With
//! `FRONTLINE_STARTUP_PROBE=1` it prints the time to its tenth frame and quits;
//! otherwise it runs in `desktop_app` mode for idle measurements.
//!
//! `cargo run --release --example empty_egui`

use std::time::Instant;

use bevy::prelude::*;
use bevy::winit::WinitSettings;
use bevy_egui::{EguiContexts, EguiPlugin, EguiPrimaryContextPass, egui};

#[derive(Resource)]
struct Started(Instant);

fn main() {
    let started = Instant::now();
    App::new()
        .insert_resource(Started(started))
        .add_plugins(DefaultPlugins)
        .insert_resource(WinitSettings::desktop_app())
        .add_plugins(EguiPlugin::default())
        .add_systems(Startup, |mut commands: Commands| {
            commands.spawn(Camera2d);
        })
        .add_systems(EguiPrimaryContextPass, draw)
        .add_systems(Last, probe)
        .run();
}

fn draw(mut contexts: EguiContexts) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut root = egui::Ui::new(
        ctx.clone(),
        "root".into(),
        egui::UiBuilder::new()
            .layer_id(egui::LayerId::background())
            .max_rect(ctx.viewport_rect()),
    );
    egui::CentralPanel::default().show(&mut root, |ui| {
        ui.label("empty");
    });
    Ok(())
}

fn probe(started: Res<Started>, mut frames: Local<u32>, mut exit: MessageWriter<AppExit>) {
    *frames += 1;
    if std::env::var_os("FRONTLINE_STARTUP_PROBE").is_some() && *frames >= 10 {
        println!(
            "startup: empty app frame 10 after {:.3} s",
            started.0.elapsed().as_secs_f64()
        );
        exit.write(AppExit::Success);
    }
    if std::env::var_os("FRONTLINE_FRAME_LOG").is_some() {
        println!("frame {}", *frames);
    }
}
