//! The library screen.

use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use super::super::assets::Library;
use super::super::records::{CurrentTrainee, Records};
use super::super::settings::Settings;
use super::super::ui::library::{LibraryAction, LibraryFilter, library_ui, settings_bar};
use super::super::ui::profiles::{ProfileAction, trainee_menu, who_is_training};
use super::super::ui::root_ui;
use super::{Screen, ScreenUi, Selection, new_seed};

/// The library's filters; kept while the trainee visits other screens.
#[derive(Debug, Resource, Default)]
pub struct LibraryState {
    /// Current filters and search text.
    pub filter: LibraryFilter,
    /// A trainee name being typed.
    pub draft_name: String,
}

/// A change of trainee, from the start-up question or the trainee menu.
#[derive(Debug, Clone, Message)]
pub struct ProfileCommand(pub ProfileAction);

/// A request made on the library screen, by click or key.
#[derive(Debug, Clone, Message)]
pub struct LibraryCommand(pub LibraryAction);

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<LibraryState>();
    app.add_message::<LibraryCommand>();
    app.add_message::<ProfileCommand>();
    app.add_systems(Update, apply_profile_commands);
    app.add_systems(OnEnter(Screen::Library), spawn_library_screen);
    app.add_systems(
        EguiPrimaryContextPass,
        draw_library
            .in_set(ScreenUi)
            .run_if(in_state(Screen::Library)),
    );
    app.add_systems(
        Update,
        open_selected_scenario.run_if(in_state(Screen::Library)),
    );
}

fn spawn_library_screen(mut commands: Commands) {
    commands.spawn((Name::new("Library screen"), DespawnOnExit(Screen::Library)));
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
                    .color(super::super::theme::colours(ui).accent),
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
    /// The library's state, including a name being typed.
    pub state: ResMut<'w, LibraryState>,
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
            &mut self.state.draft_name,
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

fn draw_library(
    mut contexts: EguiContexts,
    library: Res<Library>,
    mut bar: TitleBar,
    mut commands: MessageWriter<LibraryCommand>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut root = root_ui(ctx);
    bar.draw(&mut root, "practise difficult customer conversations");
    let TitleBar {
        records,
        trainee,
        state,
        profiles,
        ..
    } = &mut bar;
    let best = |id: &str| trainee.profile.as_ref().and_then(|p| records.best(p, id));
    egui::CentralPanel::default().show(&mut root, |ui| {
        if let Some(action) = library_ui(ui, &library, &mut state.filter, &best) {
            commands.write(LibraryCommand(action));
        }
    });
    if !trainee.confirmed {
        let last = trainee.profile.as_ref();
        if let Some(p) = who_is_training(ctx, &records.profiles, last, &mut state.draft_name) {
            profiles.write(ProfileCommand(p));
        }
    }
    Ok(())
}

fn open_selected_scenario(
    mut requests: MessageReader<LibraryCommand>,
    library: Res<Library>,
    mut commands: Commands,
    mut next: ResMut<NextState<Screen>>,
) {
    for LibraryCommand(LibraryAction::Open(key)) in requests.read() {
        if let Some(scenario) = library.by_key(key).and_then(|e| e.scenario()) {
            commands.insert_resource(Selection {
                key: key.clone(),
                scenario: scenario.clone(),
                seed: new_seed(),
            });
            next.set(Screen::Briefing);
        }
    }
}

fn apply_profile_commands(
    mut requests: MessageReader<ProfileCommand>,
    mut records: ResMut<Records>,
    mut trainee: ResMut<CurrentTrainee>,
    mut state: ResMut<LibraryState>,
) {
    for ProfileCommand(action) in requests.read() {
        let result = match action {
            ProfileAction::Select(id) => records
                .store
                .select_profile(id)
                .map_err(|e| e.to_string())
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
                state.draft_name.clear();
            }
            Err(e) => {
                error!("{e}");
                records.problems.push(e);
            }
        }
    }
}
