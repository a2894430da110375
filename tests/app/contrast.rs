//! Contrast: every colour the app draws text in reads at 4.5:1 or more
//! against what it is drawn on, in both themes (WCAG AA for body text). On a
//! projector anything less washes out.

use bevy_egui::egui::Color32;
use frontline::app::palette::{
    ACCENT, FAIR, GOOD, NOTICE, POOR, contrast, palette, persona_colour, visuals,
};
use frontline::scenario::Persona;

const BODY_TEXT: f32 = 4.5;

#[test]
fn every_text_colour_reads_at_four_and_a_half_to_one_in_both_themes() {
    let mut failures = Vec::new();
    for dark in [true, false] {
        let theme = if dark { "dark" } else { "light" };
        let v = visuals(dark);
        let p = palette(dark);
        let backgrounds = [
            ("panel", v.panel_fill),
            ("window", v.window_fill),
            ("text field", v.extreme_bg_color),
        ];
        let mut texts = vec![
            ("body text", p.text),
            ("secondary text", p.weak),
            ("secondary text as egui draws it", v.weak_text_color()),
            (
                "label text as egui draws it",
                v.widgets.noninteractive.fg_stroke.color,
            ),
            ("accent", p.accent),
            ("good", p.good),
            ("fair", p.fair),
            ("poor", p.poor),
        ];
        for persona in Persona::ALL {
            texts.push((persona.name(), persona_colour(dark, persona)));
        }
        for (what, colour) in &texts {
            for (on, bg) in backgrounds {
                let c = contrast(*colour, bg);
                if c < BODY_TEXT {
                    failures.push(format!("{theme}: {what} on {on}: {c:.2}:1"));
                }
            }
        }
        let button = &v.widgets.inactive;
        let c = contrast(button.fg_stroke.color, button.weak_bg_fill);
        if c < BODY_TEXT {
            failures.push(format!("{theme}: button text: {c:.2}:1"));
        }
    }
    for (what, fill) in [
        ("accent", ACCENT),
        ("good", GOOD),
        ("fair", FAIR),
        ("poor", POOR),
    ] {
        let c = contrast(Color32::WHITE, fill);
        if c < BODY_TEXT {
            failures.push(format!("white text on the {what} fill: {c:.2}:1"));
        }
    }
    let c = contrast(Color32::BLACK, NOTICE);
    if c < BODY_TEXT {
        failures.push(format!("black text on a notice: {c:.2}:1"));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_contrast_formula_matches_wcag() {
    assert!((contrast(Color32::BLACK, Color32::WHITE) - 21.0).abs() < 0.01);
    assert!((contrast(Color32::WHITE, Color32::WHITE) - 1.0).abs() < 0.01);
    // #777 on white is the classic 4.48:1 just-fail.
    assert!((contrast(Color32::from_gray(0x77), Color32::WHITE) - 4.48).abs() < 0.02);
}
