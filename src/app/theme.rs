//! Looks: light or dark visuals, UI scale, and the colours the screens share.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use super::settings::Settings;
use crate::scenario::Persona;

/// Accent for primary actions.
pub const ACCENT: egui::Color32 = egui::Color32::from_rgb(0x1f, 0x8a, 0x7a);
/// Good results.
pub const GOOD: egui::Color32 = egui::Color32::from_rgb(0x2e, 0x9d, 0x52);
/// Middling results.
pub const FAIR: egui::Color32 = egui::Color32::from_rgb(0xd8, 0x9b, 0x1c);
/// Poor results and errors.
pub const POOR: egui::Color32 = egui::Color32::from_rgb(0xd0, 0x45, 0x3a);

/// Colour for a 0–100 score or mood.
pub fn score_colour(value: f32) -> egui::Color32 {
    if value >= 70.0 {
        GOOD
    } else if value >= 45.0 {
        FAIR
    } else {
        POOR
    }
}

/// A colour that tells the personas apart on cards.
pub fn persona_colour(p: Persona) -> egui::Color32 {
    match p {
        Persona::Charming => egui::Color32::from_rgb(0xc0, 0x5c, 0xa8),
        Persona::Upset => egui::Color32::from_rgb(0x4a, 0x7d, 0xc9),
        Persona::Angry => egui::Color32::from_rgb(0xd0, 0x45, 0x3a),
        Persona::Confused => egui::Color32::from_rgb(0xc7, 0x8a, 0x12),
    }
}

/// Applies the settings to an egui context.
pub fn apply(ctx: &egui::Context, settings: &Settings) {
    let mut visuals = if settings.dark {
        egui::Visuals::dark()
    } else {
        egui::Visuals::light()
    };
    visuals.selection.bg_fill = ACCENT;
    visuals.hyperlink_color = ACCENT;
    ctx.set_visuals(visuals);
    ctx.set_zoom_factor(
        settings
            .ui_scale
            .clamp(*Settings::SCALE_RANGE.start(), *Settings::SCALE_RANGE.end()),
    );
    ctx.all_styles_mut(|style| {
        use egui::{FontFamily, FontId, TextStyle};
        style.text_styles = [
            (
                TextStyle::Heading,
                FontId::new(26.0, FontFamily::Proportional),
            ),
            (TextStyle::Body, FontId::new(16.0, FontFamily::Proportional)),
            (
                TextStyle::Monospace,
                FontId::new(14.0, FontFamily::Monospace),
            ),
            (
                TextStyle::Button,
                FontId::new(16.0, FontFamily::Proportional),
            ),
            (
                TextStyle::Small,
                FontId::new(13.0, FontFamily::Proportional),
            ),
        ]
        .into();
        style.spacing.item_spacing = egui::vec2(10.0, 8.0);
        style.spacing.button_padding = egui::vec2(12.0, 7.0);
    });
}

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        apply_theme.before(super::screens::ScreenUi),
    );
}

fn apply_theme(
    mut contexts: EguiContexts,
    settings: Res<Settings>,
    mut applied: Local<Option<Settings>>,
) -> Result {
    if applied.as_ref() != Some(&*settings) {
        let ctx = contexts.ctx_mut()?;
        apply(ctx, &settings);
        // A new style is only fully drawn on the next pass; without this an
        // idle window kept the old theme (or a blank frame) until the mouse moved.
        ctx.request_repaint();
        *applied = Some(*settings);
    }
    Ok(())
}
