//! The library screen.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use super::title_bar::{ProfileCommand, TitleBar};
use super::{Screen, ScreenUi, Selection};
use crate::app::assets::Catalogue;
use crate::app::ui::library::{LibraryAction, LibraryFilter, library_ui};
use crate::app::ui::profiles::who_is_training;
use crate::app::ui::root_ui;
use crate::engine::fresh_seed;

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

fn draw_library(
    mut contexts: EguiContexts,
    library: Res<Catalogue>,
    mut bar: TitleBar,
    mut filter: ResMut<LibraryState>,
    mut commands: MessageWriter<LibraryCommand>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut root = root_ui(ctx);
    bar.draw(&mut root, "practise difficult customer conversations");
    let TitleBar {
        records,
        trainee,
        draft,
        profiles,
        ..
    } = &mut bar;
    let best = |id: &str| trainee.profile.as_ref().and_then(|p| records.best(p, id));
    egui::CentralPanel::default().show(&mut root, |ui| {
        if let Some(action) = library_ui(ui, &library, &mut filter.filter, &best) {
            commands.write(LibraryCommand(action));
        }
    });
    if !trainee.confirmed {
        let last = trainee.profile.as_ref();
        if let Some(p) = who_is_training(ctx, &records.profiles, last, &mut draft.0) {
            profiles.write(ProfileCommand(p));
        }
    }
    Ok(())
}

fn open_selected_scenario(
    mut requests: MessageReader<LibraryCommand>,
    library: Res<Catalogue>,
    mut commands: Commands,
    mut next: ResMut<NextState<Screen>>,
) {
    for LibraryCommand(action) in requests.read() {
        let key = match action {
            LibraryAction::Open(key) => key,
            LibraryAction::NewScenario => {
                commands.insert_resource(super::editor::EditRequest::New);
                next.set(Screen::Editor);
                continue;
            }
        };
        if let Some(scenario) = library.by_key(key).and_then(|e| e.scenario()) {
            commands.insert_resource(Selection {
                key: key.clone(),
                scenario: scenario.clone(),
                seed: fresh_seed(),
            });
            next.set(Screen::Briefing);
        }
    }
}
