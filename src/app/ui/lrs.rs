//! The Learning Record Store panel: where statements go, and how many wait.

use bevy_egui::egui::{self, RichText};

use crate::records::lrs::LrsConfig;

/// What the panel shows besides the form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LrsStatus {
    /// Statements waiting in the queue.
    pub waiting: usize,
    /// Statements the LRS refused.
    pub rejected: usize,
    /// The last sync's result, or that one is running.
    pub message: String,
}

/// Draws the form; returns the configuration to save and send with, when asked.
pub fn lrs_panel(ui: &mut egui::Ui, form: &mut LrsConfig, status: &LrsStatus) -> Option<LrsConfig> {
    let mut send = None;
    egui::CollapsingHeader::new(
        RichText::new("For coaches: send attempts to a Learning Record Store (xAPI)").strong(),
    )
        .id_salt("lrs-panel")
        .show(ui, |ui| {
            ui.label("Attempts are queued as xAPI statements on this computer and sent when the LRS is reachable.");
            egui::Grid::new("lrs-form").num_columns(2).show(ui, |ui| {
                ui.label("Endpoint");
                ui.add(egui::TextEdit::singleline(&mut form.endpoint).hint_text("https://lrs.example.com/xAPI/").desired_width(360.0));
                ui.end_row();
                ui.label("Key");
                ui.add(egui::TextEdit::singleline(&mut form.username).desired_width(360.0));
                ui.end_row();
                ui.label("Secret");
                ui.add(egui::TextEdit::singleline(&mut form.password).password(true).desired_width(360.0));
                ui.end_row();
            });
            ui.horizontal(|ui| {
                let ready = !form.endpoint.trim().is_empty();
                if ui.add_enabled(ready, egui::Button::new("Save and send now")).clicked() {
                    send = Some(form.clone());
                }
                ui.label(format!("{} waiting, {} rejected", status.waiting, status.rejected));
            });
            if !status.message.is_empty() {
                ui.label(RichText::new(&status.message).weak());
            }
        });
    send
}
