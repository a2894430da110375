//! The briefing screen.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use super::{MenuOpen, Screen, ScreenUi, Selection};
use crate::app::assets::Catalogue;
use crate::app::keys::{BACK_KEY, EDIT_KEY, START_KEY, WORKSHOP_KEY};
use crate::app::ui::briefing::{BriefingAction, briefing_ui};
use crate::app::ui::root_ui;
use crate::app::ui::widgets::readable_column;

/// A request made on the briefing screen, by click or key.
#[derive(Debug, Clone, Copy, Message)]
pub struct BriefingCommand(pub BriefingAction);

pub(super) fn plugin(app: &mut App) {
    app.add_message::<BriefingCommand>();
    app.add_systems(OnEnter(Screen::Briefing), spawn_briefing_screen);
    app.add_systems(
        EguiPrimaryContextPass,
        draw_briefing
            .in_set(ScreenUi)
            .run_if(in_state(Screen::Briefing).and_then(resource_exists::<Selection>)),
    );
    app.add_systems(
        Update,
        (read_briefing_keys, apply_briefing_commands)
            .chain()
            .run_if(in_state(Screen::Briefing)),
    );
}

fn spawn_briefing_screen(mut commands: Commands) {
    commands.spawn((
        Name::new("Briefing screen"),
        DespawnOnExit(Screen::Briefing),
    ));
}

/// Whether the library now holds a different version of the selected file.
pub fn scenario_changed_on_disk(library: &Catalogue, selection: &Selection) -> bool {
    library
        .by_key(&selection.key)
        .and_then(|e| e.scenario())
        .is_some_and(|s| **s != *selection.scenario)
}

/// The briefing's widest line, in points: a comfortable reading width on a wide screen.
const BRIEFING_WIDTH: f32 = 900.0;

fn draw_briefing(
    mut contexts: EguiContexts,
    selection: Res<Selection>,
    library: Res<Catalogue>,
    mut commands: MessageWriter<BriefingCommand>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut root = root_ui(ctx);
    let updated = scenario_changed_on_disk(&library, &selection);
    egui::CentralPanel::default().show(&mut root, |ui| {
        if let Some(action) = readable_column(ui, BRIEFING_WIDTH, |ui| {
            briefing_ui(ui, &selection.scenario, updated)
        }) {
            commands.write(BriefingCommand(action));
        }
    });
    Ok(())
}

fn read_briefing_keys(
    keys: Res<ButtonInput<KeyCode>>,
    menu: Res<MenuOpen>,
    mut commands: MessageWriter<BriefingCommand>,
) {
    if keys.just_pressed(START_KEY) {
        commands.write(BriefingCommand(BriefingAction::Start));
    }
    if keys.just_pressed(WORKSHOP_KEY) {
        commands.write(BriefingCommand(BriefingAction::Workshop));
    }
    if keys.just_pressed(EDIT_KEY) {
        commands.write(BriefingCommand(BriefingAction::Edit));
    }
    if menu.screen_key(&keys, BACK_KEY) {
        commands.write(BriefingCommand(BriefingAction::Back));
    }
}

fn apply_briefing_commands(
    mut commands: Commands,
    mut requests: MessageReader<BriefingCommand>,
    mut selection: Option<ResMut<Selection>>,
    library: Res<Catalogue>,
    mut next: ResMut<NextState<Screen>>,
) {
    // One screen change per frame: a click and a key in the same frame must not both act.
    if let Some(BriefingCommand(action)) = requests.read().last() {
        match action {
            BriefingAction::Start if selection.is_some() => next.set(Screen::Conversation),
            BriefingAction::Workshop if selection.is_some() => next.set(Screen::Workshop),
            BriefingAction::Edit => {
                if let Some(sel) = selection.as_ref() {
                    commands.insert_resource(super::editor::EditRequest::Entry(sel.key.clone()));
                    next.set(Screen::Editor);
                }
            }
            BriefingAction::Start | BriefingAction::Workshop => next.set(Screen::Library),
            BriefingAction::Back => next.set(Screen::Library),
            BriefingAction::Reload => {
                if let Some(sel) = selection.as_mut()
                    && let Some(s) = library.by_key(&sel.key).and_then(|e| e.scenario())
                {
                    sel.scenario = s.clone();
                }
            }
        }
    }
}
