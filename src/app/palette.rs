//! The colours the screens share, per theme, chosen for contrast on a
//! washed-out projector as much as on a laptop.

use bevy_egui::egui;

use crate::scenario::Persona;

/// Colours for text and marks on the panels, chosen per theme so every text
/// colour keeps at least 4.5:1 contrast with the panel behind it (a test
/// checks this): a projector washes out anything less.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Palette {
    /// Body text.
    pub text: egui::Color32,
    /// Secondary text (hints, the customer's earlier lines, "You said").
    pub weak: egui::Color32,
    /// The accent as text or a line.
    pub accent: egui::Color32,
    /// Good results as text.
    pub good: egui::Color32,
    /// Middling results as text.
    pub fair: egui::Color32,
    /// Poor results and errors as text.
    pub poor: egui::Color32,
}

/// The dark theme's palette (panels are grey 27).
pub const DARK: Palette = Palette {
    text: egui::Color32::from_gray(210),
    weak: egui::Color32::from_gray(160),
    accent: egui::Color32::from_rgb(0x3f, 0xbf, 0xa9),
    good: egui::Color32::from_rgb(0x5b, 0xc9, 0x7a),
    fair: egui::Color32::from_rgb(0xe5, 0xab, 0x3a),
    poor: egui::Color32::from_rgb(0xf2, 0x7a, 0x6e),
};

/// The light theme's palette (panels are grey 248).
pub const LIGHT: Palette = Palette {
    text: egui::Color32::from_gray(30),
    weak: egui::Color32::from_gray(92),
    accent: egui::Color32::from_rgb(0x11, 0x69, 0x5c),
    good: egui::Color32::from_rgb(0x1b, 0x7a, 0x3e),
    fair: egui::Color32::from_rgb(0x8a, 0x58, 0x00),
    poor: egui::Color32::from_rgb(0xb3, 0x26, 0x1e),
};

/// The palette of a theme.
pub fn palette(dark: bool) -> &'static Palette {
    if dark { &DARK } else { &LIGHT }
}

/// The palette of the theme `ui` is drawn in.
pub fn colours(ui: &egui::Ui) -> &'static Palette {
    palette(ui.visuals().dark_mode)
}

/// Fill for primary buttons and the accent bars: white text on it keeps 4.5:1.
pub const ACCENT: egui::Color32 = LIGHT.accent;
/// Fill for good results (bars, badges) under white text.
pub const GOOD: egui::Color32 = LIGHT.good;
/// Fill for middling results under white text.
pub const FAIR: egui::Color32 = LIGHT.fair;
/// Fill for poor results under white text.
pub const POOR: egui::Color32 = LIGHT.poor;

/// Fill for notices drawn with black text (a file changed on disk), in both themes.
pub const NOTICE: egui::Color32 = egui::Color32::from_rgb(0xf5, 0xd7, 0x8e);

/// Fill for a 0–100 score or mood (bars with white text).
pub fn score_colour(value: f32) -> egui::Color32 {
    if value >= 70.0 {
        GOOD
    } else if value >= 45.0 {
        FAIR
    } else {
        POOR
    }
}

/// Text colour for a 0–100 score shown as a number.
pub fn score_text(ui: &egui::Ui, value: f32) -> egui::Color32 {
    let p = colours(ui);
    if value >= 70.0 {
        p.good
    } else if value >= 45.0 {
        p.fair
    } else {
        p.poor
    }
}

/// The contrast ratio of two colours, as WCAG 2 defines it (1 to 21).
pub fn contrast(a: egui::Color32, b: egui::Color32) -> f32 {
    fn luminance(c: egui::Color32) -> f32 {
        let lin = |v: u8| {
            let v = f32::from(v) / 255.0;
            if v <= 0.04045 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * lin(c.r()) + 0.7152 * lin(c.g()) + 0.0722 * lin(c.b())
    }
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// The egui visuals of a theme, with the palette's text colours.
pub fn visuals(dark: bool) -> egui::Visuals {
    let p = palette(dark);
    let mut visuals = if dark {
        egui::Visuals::dark()
    } else {
        egui::Visuals::light()
    };
    visuals.widgets.noninteractive.fg_stroke.color = p.text;
    visuals.weak_text_color = Some(p.weak);
    visuals.selection.bg_fill = ACCENT;
    visuals.hyperlink_color = p.accent;
    visuals
}

/// A colour that tells the personas apart on cards.
/// Used as text and as a card's border, so it is chosen per theme like the palette.
pub fn persona_colour(dark: bool, p: Persona) -> egui::Color32 {
    let (r, g, b) = match (dark, p) {
        (true, Persona::Charming) => (0xe0, 0x7c, 0xcb),
        (true, Persona::Upset) => (0x7a, 0xa7, 0xf0),
        (true, Persona::Angry) => (0xf2, 0x7a, 0x6e),
        (true, Persona::Confused) => (0xe5, 0xab, 0x3a),
        (false, Persona::Charming) => (0x9a, 0x3a, 0x85),
        (false, Persona::Upset) => (0x2f, 0x5f, 0xa8),
        (false, Persona::Angry) => (0xb3, 0x26, 0x1e),
        (false, Persona::Confused) => (0x8a, 0x58, 0x00),
    };
    egui::Color32::from_rgb(r, g, b)
}
