//! UI as plain functions over `&mut egui::Ui`: each takes what it shows and
//! returns what the trainee asked for, so tests can drive it without Bevy.

pub mod briefing;
pub mod conversation;
pub mod debrief;
pub mod editor;
pub mod history;
pub mod library;
pub mod lrs;
pub mod portrait;
pub mod profiles;
pub mod widgets;
pub mod workshop;

use bevy_egui::egui;

/// A root `Ui` covering the whole window, for screens drawn with panels.
pub fn root_ui(ctx: &egui::Context) -> egui::Ui {
    egui::Ui::new(
        ctx.clone(),
        "frontline-root".into(),
        egui::UiBuilder::new()
            .layer_id(egui::LayerId::background())
            .max_rect(ctx.viewport_rect()),
    )
}
