//! The title bar the library, debrief and history screens share: the name,
//! the trainee menu, History and the settings, and the changes of trainee it
//! (or the start-up question) asks for.

use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use bevy_egui::egui;

use super::Screen;
use crate::app::records::{CurrentTrainee, Records};
use crate::app::settings::Settings;
use crate::app::ui::library::settings_bar;
use crate::app::ui::profiles::{ProfileAction, trainee_menu};

/// A trainee name being typed in the trainee menu or the start-up question.
#[derive(Debug, Resource, Default)]
pub struct TraineeDraft(pub String);

/// A change of trainee, from the start-up question or the trainee menu.
#[derive(Debug, Clone, Message)]
pub struct ProfileCommand(pub ProfileAction);

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<TraineeDraft>();
    app.add_message::<ProfileCommand>();
    app.add_systems(Update, apply_profile_commands);
}

/// What the title bar asked for besides settings changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TitleAction {
    /// A change of trainee.
    Profile(ProfileAction),
    /// Open the History screen.
    History,
}

/// Draws the title bar: name, trainee menu, History, and the settings.
pub fn title_bar(
    root: &mut egui::Ui,
    settings: &mut Settings,
    subtitle: &str,
    records: &Records,
    trainee: &CurrentTrainee,
    draft: &mut String,
) -> Option<TitleAction> {
    let mut action = None;
    egui::Panel::top("title").show(root, |ui| {
        ui.add_space(4.0);
        // Wrapped, so that on a small screen or at a large text size the
        // settings move to a second line instead of running off the edge.
        ui.horizontal_wrapped(|ui| {
            ui.label(
                egui::RichText::new("frontline")
                    .size(24.0)
                    .strong()
                    .color(crate::app::palette::colours(ui).accent),
            );
            ui.label(egui::RichText::new(subtitle).size(16.0).weak());
            ui.separator();
            if let Some(p) = trainee_menu(ui, &records.profiles, trainee.profile.as_ref(), draft) {
                action = Some(TitleAction::Profile(p));
            }
            if ui
                .button("History")
                .on_hover_text("Your attempts, trends and track progress")
                .clicked()
            {
                action = Some(TitleAction::History);
            }
            ui.separator();
            settings_bar(ui, settings);
        });
        ui.add_space(4.0);
    });
    action
}

/// Everything the title bar reads and changes, for the screens that show it.
#[derive(SystemParam)]
pub struct TitleBar<'w> {
    /// The preferences the bar changes.
    pub settings: ResMut<'w, Settings>,
    /// Trainees and their attempts.
    pub records: Res<'w, Records>,
    /// Who is training.
    pub trainee: Res<'w, CurrentTrainee>,
    /// A trainee name being typed.
    pub draft: ResMut<'w, TraineeDraft>,
    /// Where changes of trainee go.
    pub profiles: MessageWriter<'w, ProfileCommand>,
    /// Where screen changes go.
    pub next: ResMut<'w, NextState<Screen>>,
}

impl TitleBar<'_> {
    /// Draws the bar and applies what it asks for.
    pub fn draw(&mut self, root: &mut egui::Ui, subtitle: &str) {
        let mut changed = *self.settings;
        let action = title_bar(
            root,
            &mut changed,
            subtitle,
            &self.records,
            &self.trainee,
            &mut self.draft.0,
        );
        if let Some(a) = action {
            apply_title_action(a, &mut self.profiles, &mut self.next);
        }
        if changed != *self.settings {
            *self.settings = changed;
        }
    }
}

/// Applies a title-bar request.
pub fn apply_title_action(
    action: TitleAction,
    profiles: &mut MessageWriter<ProfileCommand>,
    next: &mut NextState<Screen>,
) {
    match action {
        TitleAction::Profile(p) => {
            profiles.write(ProfileCommand(p));
        }
        TitleAction::History => next.set(Screen::History),
    }
}

fn apply_profile_commands(
    mut requests: MessageReader<ProfileCommand>,
    mut records: ResMut<Records>,
    mut trainee: ResMut<CurrentTrainee>,
    mut draft: ResMut<TraineeDraft>,
) {
    for ProfileCommand(action) in requests.read() {
        let result = match action {
            ProfileAction::Select(id) => records
                .store
                .select_profile(id)
                .map(|()| records.profiles.iter().find(|p| &p.id == id).cloned()),
            ProfileAction::Create(name) => records.create(name).map(Some),
            ProfileAction::Rename(id, name) => records.rename(id, name).map(Some),
        };
        match result {
            Ok(profile) => {
                if profile.is_some() {
                    trainee.profile = profile;
                }
                trainee.confirmed = true;
                draft.0.clear();
            }
            Err(e) => {
                error!("{e}");
                records.problems.push(e.to_string());
            }
        }
    }
}
