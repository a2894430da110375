//! Small widgets the screens share.

use bevy_egui::egui::{self, Color32, RichText, Stroke, vec2};

use crate::app::palette::{ACCENT, score_colour};

/// A horizontal bar for a 0–100 score, with its label and number; `None` shows
/// "not assessed". The bar narrows and the detail wraps below it when space is short.
pub fn score_bar(ui: &mut egui::Ui, label: &str, score: Option<u8>, detail: &str) {
    let label_width = 150.0_f32.min(ui.available_width() * 0.35);
    let bar_width = (ui.available_width() - label_width - 20.0).clamp(80.0, 260.0);
    ui.horizontal_wrapped(|ui| {
        ui.add_sized(
            [label_width, 22.0],
            egui::Label::new(RichText::new(label).strong()),
        );
        match score {
            Some(v) => {
                let bar = egui::ProgressBar::new(f32::from(v) / 100.0)
                    .desired_width(bar_width)
                    .fill(score_colour(f32::from(v)))
                    .text(RichText::new(format!("{v}")).color(Color32::WHITE).strong());
                ui.add(bar);
            }
            None => {
                ui.add_sized(
                    [bar_width, 22.0],
                    egui::Label::new(RichText::new("not assessed").italics().weak()),
                );
            }
        }
        ui.label(RichText::new(detail).weak());
    });
}

/// The customer's mood as a labelled meter.
pub fn mood_meter(ui: &mut egui::Ui, mood: i32, width: f32) {
    let value = mood.clamp(0, 100) as f32;
    let word = match mood {
        m if m >= 70 => "happy",
        m if m >= 50 => "settled",
        m if m >= 30 => "tense",
        m if m >= 15 => "upset",
        _ => "about to leave",
    };
    ui.vertical(|ui| {
        ui.label(RichText::new(format!("Mood: {word}")).strong());
        ui.add(
            egui::ProgressBar::new(value / 100.0)
                .desired_width(width)
                .fill(score_colour(value))
                .text(format!("{mood}")),
        )
        .on_hover_text("How the customer feels (0–100). At the bottom they hang up or walk out.");
    });
}

/// The time left to answer, draining from full to empty.
pub fn countdown(ui: &mut egui::Ui, remaining: f32, total: f32) {
    let fraction = (remaining / total.max(0.001)).clamp(0.0, 1.0);
    let colour = if fraction > 0.5 {
        ACCENT
    } else if fraction > 0.25 {
        score_colour(50.0)
    } else {
        score_colour(0.0)
    };
    ui.add(
        egui::ProgressBar::new(fraction)
            .fill(colour)
            .text(RichText::new(format!("{:.0} s to answer", remaining.max(0.0).ceil())).strong()),
    );
}

/// A pill-shaped, toggleable filter chip; returns true when clicked.
pub fn chip(ui: &mut egui::Ui, text: &str, selected: bool, colour: Color32) -> bool {
    let rich = if selected {
        RichText::new(text).color(Color32::WHITE)
    } else {
        RichText::new(text)
    };
    let button = egui::Button::new(rich)
        .selected(selected)
        .fill(if selected {
            colour
        } else {
            ui.visuals().widgets.inactive.weak_bg_fill
        })
        .stroke(Stroke::new(1.0, colour))
        .corner_radius(12.0)
        .min_size(vec2(0.0, 26.0));
    ui.add(button).clicked()
}

/// Difficulty as five dots, filled up to the level.
pub fn difficulty(ui: &mut egui::Ui, level: u8) {
    let size = vec2(5.0 * 14.0, 14.0);
    let (rect, response) = ui.allocate_exact_size(size, egui::Sense::hover());
    let painter = ui.painter_at(rect);
    for i in 0..5u8 {
        let centre = egui::pos2(rect.left() + 7.0 + f32::from(i) * 14.0, rect.center().y);
        if i < level {
            painter.circle_filled(centre, 5.0, ACCENT);
        } else {
            painter.circle_stroke(centre, 4.5, Stroke::new(1.5, ACCENT));
        }
    }
    response.on_hover_text(format!("Difficulty {level} of 5"));
}

/// Lays out `add` in a column at most `max_width` wide, centred: lines of a
/// comfortable length on a wide screen, and the whole width (so text wraps at
/// the window's edge) on a narrow one.
pub fn readable_column<R>(
    ui: &mut egui::Ui,
    max_width: f32,
    add: impl FnOnce(&mut egui::Ui) -> R,
) -> R {
    let width = ui.available_width().min(max_width);
    let margin = ((ui.available_width() - width) / 2.0).max(0.0);
    ui.horizontal_top(|ui| {
        ui.add_space(margin);
        ui.vertical(|ui| {
            ui.set_width(width);
            add(ui)
        })
        .inner
    })
    .inner
}
