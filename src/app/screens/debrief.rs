//! The debrief screen.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use super::title_bar::TitleBar;
use super::{DebriefData, MenuOpen, Screen, ScreenUi, Selection};
use crate::app::assets::Catalogue;
use crate::app::records::Records;
use crate::app::ui::debrief::{DebriefAction, debrief_ui};
use crate::app::ui::root_ui;
use crate::engine::fresh_seed;
use crate::report::files::AttemptReport;

/// Retry with the same seed.
pub const RETRY_KEY: KeyCode = KeyCode::KeyR;
/// Retry with a new seed.
pub const NEW_SEED_KEY: KeyCode = KeyCode::KeyN;
/// Next scenario.
pub const NEXT_KEY: KeyCode = KeyCode::Enter;

/// A request made on the debrief screen, by click or key.
#[derive(Debug, Clone, Copy, Message)]
pub struct DebriefCommand(pub DebriefAction);

pub(super) fn plugin(app: &mut App) {
    app.add_message::<DebriefCommand>();
    app.add_systems(OnEnter(Screen::Debrief), spawn_debrief_screen);
    app.add_systems(
        EguiPrimaryContextPass,
        draw_debrief
            .in_set(ScreenUi)
            .run_if(in_state(Screen::Debrief).and_then(resource_exists::<DebriefData>)),
    );
    app.add_systems(
        Update,
        (read_debrief_keys, apply_debrief_commands)
            .chain()
            .run_if(in_state(Screen::Debrief)),
    );
}

fn spawn_debrief_screen(mut commands: Commands) {
    commands.spawn((Name::new("Debrief screen"), DespawnOnExit(Screen::Debrief)));
}

fn draw_debrief(
    mut contexts: EguiContexts,
    data: Res<DebriefData>,
    mut bar: TitleBar,
    mut commands: MessageWriter<DebriefCommand>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut root = root_ui(ctx);
    bar.draw(&mut root, "debrief");
    egui::CentralPanel::default().show(&mut root, |ui| {
        if let Some(note) = &data.note {
            ui.label(
                egui::RichText::new(note)
                    .strong()
                    .color(crate::app::palette::colours(ui).fair),
            );
        }
        if let Some(action) = debrief_ui(ui, &data.scenario, &data.transcript, &data.scorecard) {
            commands.write(DebriefCommand(action));
        }
    });
    Ok(())
}

fn read_debrief_keys(
    keys: Res<ButtonInput<KeyCode>>,
    menu: Res<MenuOpen>,
    mut commands: MessageWriter<DebriefCommand>,
) {
    let pressed = [
        (RETRY_KEY, DebriefAction::RetrySameSeed),
        (NEW_SEED_KEY, DebriefAction::RetryNewSeed),
        (NEXT_KEY, DebriefAction::Next),
        (KeyCode::Escape, DebriefAction::Library),
    ];
    for (key, action) in pressed {
        if menu.screen_key(&keys, key) {
            commands.write(DebriefCommand(action));
        }
    }
}

fn apply_debrief_commands(
    mut requests: MessageReader<DebriefCommand>,
    data: Option<Res<DebriefData>>,
    library: Res<Catalogue>,
    records: Res<Records>,
    mut commands: Commands,
    mut next: ResMut<NextState<Screen>>,
) {
    let Some(DebriefCommand(action)) = requests.read().last() else {
        return;
    };
    let Some(data) = data else {
        next.set(Screen::Library);
        return;
    };
    match action {
        DebriefAction::RetrySameSeed | DebriefAction::RetryNewSeed => {
            // Retry the version that was played, so "same seed" means the same conversation.
            let seed = if *action == DebriefAction::RetrySameSeed {
                data.scorecard.seed
            } else {
                fresh_seed()
            };
            commands.insert_resource(Selection {
                key: data.key.clone(),
                scenario: data.scenario.clone(),
                seed,
            });
            next.set(Screen::Conversation);
        }
        DebriefAction::Next => {
            let playable: Vec<_> = library
                .entries
                .iter()
                .filter(|e| e.scenario().is_some())
                .collect();
            let here = playable.iter().position(|e| e.key == data.key);
            let following = here.map_or(0, |i| (i + 1) % playable.len().max(1));
            match playable
                .get(following)
                .and_then(|e| e.scenario().map(|s| (e.key.clone(), s.clone())))
            {
                Some((key, scenario)) => {
                    commands.insert_resource(Selection {
                        key,
                        scenario,
                        seed: fresh_seed(),
                    });
                    next.set(Screen::Briefing);
                }
                None => next.set(Screen::Library),
            }
        }
        DebriefAction::Library => next.set(Screen::Library),
        DebriefAction::SaveHtml | DebriefAction::SaveMarkdown => {
            let record = data
                .attempt_id
                .as_ref()
                .and_then(|id| records.attempts.iter().find(|a| &a.attempt_id == id));
            let note = match record {
                None => {
                    "Only saved attempts have reports: choose who is training first.".to_string()
                }
                Some(a) => {
                    let report = if *action == DebriefAction::SaveHtml {
                        AttemptReport::Html
                    } else {
                        AttemptReport::Markdown
                    };
                    match report.save(a, &records.reports_dir()) {
                        Ok(path) => format!("Report saved to {}", path.display()),
                        Err(e) => format!("Could not save the report: {e}"),
                    }
                }
            };
            commands.insert_resource(DebriefData {
                note: Some(note),
                ..(*data).clone()
            });
        }
    }
}
