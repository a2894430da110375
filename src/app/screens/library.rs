//! The library screen.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use super::super::assets::Library;
use super::super::settings::Settings;
use super::super::ui::library::{LibraryAction, LibraryFilter, library_ui, settings_bar};
use super::super::ui::root_ui;
use super::{Screen, ScreenUi, Selection, new_seed};

/// The library's filters; kept while the trainee visits other screens.
#[derive(Debug, Resource, Default)]
pub struct LibraryState {
    /// Current filters and search text.
    pub filter: LibraryFilter,
}

/// A request made on the library screen, by click or key.
#[derive(Debug, Clone, Message)]
pub struct LibraryCommand(pub LibraryAction);

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<LibraryState>();
    app.add_message::<LibraryCommand>();
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

/// Draws the title bar with the settings, used by the library and debrief screens.
pub fn title_bar(root: &mut egui::Ui, settings: &mut Settings, subtitle: &str) {
    egui::Panel::top("title").show(root, |ui| {
        ui.add_space(4.0);
        ui.horizontal(|ui| {
            ui.label(
                egui::RichText::new("frontline")
                    .size(24.0)
                    .strong()
                    .color(super::super::theme::ACCENT),
            );
            ui.label(egui::RichText::new(subtitle).size(16.0).weak());
            ui.add_space(ui.available_width() - 640.0);
            settings_bar(ui, settings);
        });
        ui.add_space(4.0);
    });
}

fn draw_library(
    mut contexts: EguiContexts,
    library: Res<Library>,
    mut state: ResMut<LibraryState>,
    mut settings: ResMut<Settings>,
    mut commands: MessageWriter<LibraryCommand>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut root = root_ui(ctx);
    let mut changed = *settings;
    title_bar(
        &mut root,
        &mut changed,
        "practise difficult customer conversations",
    );
    if changed != *settings {
        *settings = changed;
    }
    egui::CentralPanel::default().show(&mut root, |ui| {
        if let Some(action) = library_ui(ui, &library, &mut state.filter) {
            commands.write(LibraryCommand(action));
        }
    });
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
