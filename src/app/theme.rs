//! Looks: applies the light or dark visuals of [`palette`](super::palette),
//! the UI scale and the text sizes, before any screen draws.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use super::palette::visuals;
use super::settings::Settings;

/// Applies the settings to an egui context.
pub fn apply(ctx: &egui::Context, settings: &Settings) {
    ctx.set_visuals(visuals(settings.dark));
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

/// The system set that applies the theme; the screens draw after it.
#[derive(SystemSet, Debug, Clone, PartialEq, Eq, Hash)]
pub struct ThemeApplied;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(EguiPrimaryContextPass, apply_theme.in_set(ThemeApplied));
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
