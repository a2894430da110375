//! The briefing screen: the situation, the customer, the channel and what to practise.

use bevy_egui::egui::{self, RichText};

use super::portrait::{Expression, portrait};
use super::widgets::difficulty;
use crate::app::palette::{ACCENT, NOTICE, persona_colour};
use crate::scenario::Scenario;

/// What the trainee asked for on the briefing screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BriefingAction {
    /// Begin the conversation.
    Start,
    /// Run it as a workshop, with the room voting from their phones.
    Workshop,
    /// Open it in the editor (a built-in scenario as a copy).
    Edit,
    /// Back to the library.
    Back,
    /// Take the version of the scenario that was just saved on disk.
    Reload,
}

/// Draws the briefing. `updated` is true when the file changed on disk since it was opened.
pub fn briefing_ui(ui: &mut egui::Ui, s: &Scenario, updated: bool) -> Option<BriefingAction> {
    let mut action = None;
    if updated {
        egui::Frame::new()
            .fill(NOTICE)
            .inner_margin(egui::Margin::same(8))
            .corner_radius(6.0)
            .show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.label(
                        RichText::new("This scenario was changed on disk.")
                            .strong()
                            .color(egui::Color32::BLACK),
                    );
                    if ui.button("Use the new version").clicked() {
                        action = Some(BriefingAction::Reload);
                    }
                });
            });
        ui.add_space(6.0);
    }
    egui::ScrollArea::vertical()
        .id_salt("briefing-scroll")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            let size = (ui.available_width() * 0.25).clamp(80.0, 150.0);
            ui.horizontal_top(|ui| {
                let expression =
                    Expression::from_mood(s.starting_mood(), s.starting_mood(), s.persona);
                portrait(ui, &s.customer.name, expression, size);
                ui.vertical(|ui| {
                    // Wrap at the window's edge, not at the width of the longest line.
                    ui.set_max_width(ui.available_width());
                    ui.label(
                        RichText::new(format!(
                            "{} · {} · {}",
                            s.persona.name().to_uppercase(),
                            s.channel.label(),
                            s.setting
                        ))
                        .strong()
                        .color(persona_colour(ui.visuals().dark_mode, s.persona)),
                    );
                    ui.heading(RichText::new(&s.title).size(30.0));
                    ui.horizontal(|ui| {
                        difficulty(ui, s.difficulty);
                        ui.label(format!("about {} minutes", s.estimated_minutes));
                    });
                    ui.add_space(4.0);
                    ui.label(RichText::new(format!("You will meet {}", s.customer.name)).strong());
                    ui.add(egui::Label::new(&s.customer.description).wrap());
                });
            });
            ui.add_space(10.0);
            ui.label(RichText::new("The situation").strong().size(18.0));
            ui.label(RichText::new(&s.briefing).size(17.0));
            ui.add_space(8.0);
            if !s.objectives.is_empty() {
                ui.label(RichText::new("What to practise").strong().size(18.0));
                for o in &s.objectives {
                    ui.label(format!("•  {o}"));
                }
            }
            ui.add_space(8.0);
            ui.label(RichText::new(channel_hint(s)).italics().weak());
            ui.add_space(14.0);
            ui.horizontal_wrapped(|ui| {
                let start = ui.add(
                    egui::Button::new(
                        RichText::new("Start the conversation  (Enter)")
                            .strong()
                            .size(18.0),
                    )
                    .fill(ACCENT),
                );
                if start.clicked() {
                    action = Some(BriefingAction::Start);
                }
                if ui
                    .button("Run it as a workshop  (W)")
                    .on_hover_text("On a projector, with the room voting from their phones")
                    .clicked()
                {
                    action = Some(BriefingAction::Workshop);
                }
                if ui
                    .button("Edit  (E)")
                    .on_hover_text("Change it in the editor; a built-in scenario is copied first")
                    .clicked()
                {
                    action = Some(BriefingAction::Edit);
                }
                if ui.button("Back to the library  (Esc)").clicked() {
                    action = Some(BriefingAction::Back);
                }
            });
        });
    action
}

fn channel_hint(s: &Scenario) -> &'static str {
    use crate::scenario::Channel;
    match s.channel {
        Channel::Phone => {
            "On the phone: the customer cannot see you, so your words carry everything."
        }
        Channel::FaceToFace => {
            "Face to face: the customer is at your counter, and others may be waiting."
        }
        Channel::Chat => {
            "Live chat: the customer is waiting for each reply, and silence feels long."
        }
        Channel::Email => {
            "Email: the customer reads every word you write, and may reread it twice."
        }
        Channel::Social => {
            "Social media: the customer posted in public, and everyone watching reads your replies too."
        }
    }
}
