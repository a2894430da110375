//! Choosing who is training: the start-up question and the trainee menu.

use bevy_egui::egui::{self, RichText};

use crate::app::palette::ACCENT;
use crate::records::Profile;

/// What the trainee asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProfileAction {
    /// Train as this profile.
    Select(String),
    /// Create a profile with this name and train as it.
    Create(String),
    /// Rename the current profile.
    Rename(String, String),
}

/// The question asked at start-up: who is training? `draft` holds a new name being typed.
pub fn who_is_training(
    ctx: &egui::Context,
    profiles: &[Profile],
    last: Option<&Profile>,
    draft: &mut String,
) -> Option<ProfileAction> {
    let mut action = None;
    egui::Modal::new(egui::Id::new("who-is-training")).show(ctx, |ui| {
        ui.set_width(420.0);
        ui.heading("Who is training?");
        ui.label("Your attempts and progress are kept under your name on this computer.");
        ui.add_space(8.0);
        for p in profiles {
            let text = if last.is_some_and(|l| l.id == p.id) {
                format!("{}  (last time)", p.name)
            } else {
                p.name.clone()
            };
            let button = ui.add(
                egui::Button::new(RichText::new(text).size(17.0)).min_size(egui::vec2(400.0, 32.0)),
            );
            if last.is_some_and(|l| l.id == p.id) && !ui.ctx().memory(|m| m.focused().is_some()) {
                button.request_focus();
            }
            if button.clicked() {
                action = Some(ProfileAction::Select(p.id.clone()));
            }
        }
        ui.add_space(8.0);
        ui.label(if profiles.is_empty() {
            "Your name:"
        } else {
            "Someone new:"
        });
        ui.horizontal(|ui| {
            let field = ui.add(
                egui::TextEdit::singleline(draft)
                    .hint_text("Name")
                    .desired_width(280.0),
            );
            let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            if !enter && profiles.is_empty() && ui.ctx().memory(|m| m.focused().is_none()) {
                // On a first start the name is the only thing to do: type straight away.
                field.request_focus();
            }
            let create = ui.add_enabled(
                !draft.trim().is_empty(),
                egui::Button::new(RichText::new("Start").strong()).fill(ACCENT),
            );
            if (create.clicked() || enter) && !draft.trim().is_empty() {
                action = Some(ProfileAction::Create(draft.trim().to_string()));
            }
        });
    });
    action
}

/// The trainee menu in the title bar: switch, add or rename.
pub fn trainee_menu(
    ui: &mut egui::Ui,
    profiles: &[Profile],
    current: Option<&Profile>,
    draft: &mut String,
) -> Option<ProfileAction> {
    let mut action = None;
    let name = current.map_or("nobody yet", |p| p.name.as_str());
    ui.menu_button(format!("Trainee: {name}"), |ui| {
        for p in profiles {
            if ui
                .selectable_label(current.is_some_and(|c| c.id == p.id), &p.name)
                .clicked()
            {
                action = Some(ProfileAction::Select(p.id.clone()));
                ui.close();
            }
        }
        ui.separator();
        ui.label("New trainee, or a new name for the current one:");
        ui.add(
            egui::TextEdit::singleline(draft)
                .hint_text("Name")
                .desired_width(220.0),
        );
        ui.horizontal(|ui| {
            if ui
                .add_enabled(!draft.trim().is_empty(), egui::Button::new("Add trainee"))
                .clicked()
            {
                action = Some(ProfileAction::Create(draft.trim().to_string()));
                ui.close();
            }
            if let Some(c) = current
                && ui
                    .add_enabled(!draft.trim().is_empty(), egui::Button::new("Rename"))
                    .clicked()
            {
                action = Some(ProfileAction::Rename(
                    c.id.clone(),
                    draft.trim().to_string(),
                ));
                ui.close();
            }
        });
    });
    action
}
