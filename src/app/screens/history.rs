//! The History screen: past attempts, trends, best scores and track progress;
//! any past debrief reopens from its record.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use super::title_bar::TitleBar;
use super::{DebriefData, MenuOpen, Screen, ScreenUi};
use crate::app::assets::Catalogue;
use crate::app::records::Records;
use crate::app::ui::history::{HistoryAction, history_ui, track_progress};
use crate::app::ui::root_ui;
use crate::report::files::CohortExport;
use std::sync::{Arc, Mutex};

use crate::app::redraw::Animation;
use crate::app::ui::lrs::{LrsStatus, lrs_panel};
use crate::records::lrs::{LrsConfig, Outbox};
use crate::records::replay;

/// The LRS form, its status, and a sync running in the background.
#[derive(Resource, Default)]
pub struct LrsState {
    /// The form as edited.
    pub form: LrsConfig,
    /// Queue counts and the last result.
    pub status: LrsStatus,
    running: Option<Arc<Mutex<Option<String>>>>,
}

/// A request made on the History screen.
#[derive(Debug, Clone, Message)]
pub struct HistoryCommand(pub HistoryAction);

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<LrsState>();
    app.add_systems(OnEnter(Screen::History), load_lrs_state);
    app.add_systems(
        Update,
        collect_sync_result.run_if(in_state(Screen::History)),
    );
    app.add_message::<HistoryCommand>();
    app.add_systems(OnEnter(Screen::History), spawn_history_screen);
    app.add_systems(
        EguiPrimaryContextPass,
        draw_history
            .in_set(ScreenUi)
            .run_if(in_state(Screen::History)),
    );
    app.add_systems(
        Update,
        (read_history_keys, apply_history_commands)
            .chain()
            .run_if(in_state(Screen::History)),
    );
}

fn spawn_history_screen(mut commands: Commands) {
    commands.spawn((Name::new("History screen"), DespawnOnExit(Screen::History)));
}

fn draw_history(
    mut contexts: EguiContexts,
    library: Res<Catalogue>,
    mut bar: TitleBar,
    mut lrs: ResMut<LrsState>,
    mut commands: MessageWriter<HistoryCommand>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut root = root_ui(ctx);
    bar.draw(&mut root, "history");
    let (records, trainee) = (&bar.records, &bar.trainee);
    let tracks: Vec<_> = library
        .tracks
        .iter()
        .filter_map(|t| t.track.clone())
        .collect();
    // Sending records to a Learning Record Store is a coach's job: it sits at
    // the foot of the screen, folded, under a heading that says who it is for.
    egui::Panel::bottom("coach-lrs").show(&mut root, |ui| {
        let lrs = &mut *lrs;
        if let Some(config) = lrs_panel(ui, &mut lrs.form, &lrs.status) {
            start_sync(lrs, records.store.root(), config);
        }
    });
    egui::CentralPanel::default().show(&mut root, |ui| {
        let Some(profile) = &trainee.profile else {
            ui.label("Choose who is training from the Trainee menu to see their progress.");
            return;
        };
        let attempts: Vec<_> = records.of(profile).collect();
        let progress = track_progress(&tracks, &attempts);
        if !lrs.status.message.is_empty() {
            ui.label(egui::RichText::new(&lrs.status.message).strong());
        }
        if let Some(action) = history_ui(ui, &profile.name, &attempts, &progress, &records.problems)
        {
            commands.write(HistoryCommand(action));
        }
    });
    Ok(())
}

fn read_history_keys(
    keys: Res<ButtonInput<KeyCode>>,
    menu: Res<MenuOpen>,
    mut commands: MessageWriter<HistoryCommand>,
) {
    if menu.screen_key(&keys, KeyCode::Escape) {
        commands.write(HistoryCommand(HistoryAction::Library));
    }
}

fn apply_history_commands(
    mut requests: MessageReader<HistoryCommand>,
    records: Res<Records>,
    library: Res<Catalogue>,
    mut lrs: ResMut<LrsState>,
    mut commands: Commands,
    mut next: ResMut<NextState<Screen>>,
) {
    let Some(HistoryCommand(action)) = requests.read().last() else {
        return;
    };
    match action {
        HistoryAction::Library => next.set(Screen::Library),
        HistoryAction::ExportCsv | HistoryAction::ExportXapi => {
            let export = if *action == HistoryAction::ExportCsv {
                CohortExport::Csv
            } else {
                CohortExport::Xapi
            };
            let scenario = |id: &str| {
                library
                    .find(id)
                    .and_then(|e| e.scenario())
                    .map(|s| s.as_ref())
            };
            lrs.status.message =
                match export.save(&records.attempts, scenario, &records.reports_dir()) {
                    Ok(path) => format!(
                        "Exported {} attempts to {}",
                        records.attempts.len(),
                        path.display()
                    ),
                    Err(e) => format!("Could not export: {e}"),
                };
        }
        HistoryAction::Open(id) => {
            let Some(record) = records.attempts.iter().find(|a| &a.attempt_id == id) else {
                return;
            };
            let Some(entry) = library.find(&record.scenario_id) else {
                warn!(
                    "the scenario {} of this attempt is no longer in the library",
                    record.scenario_id
                );
                return;
            };
            let Some(scenario) = entry.scenario().cloned() else {
                return;
            };
            match replay(record, &scenario) {
                Ok(r) => {
                    let note = r.scenario_changed.then(|| {
                        "This scenario has changed since this attempt: the scores are the ones recorded then, the timeline is replayed on today's version.".to_string()
                    });
                    commands.insert_resource(DebriefData {
                        key: entry.key.clone(),
                        scenario,
                        transcript: r.transcript,
                        // Recorded scores are what the trainee saw; with unchanged content replay gives the same.
                        scorecard: record.scorecard.clone(),
                        note,
                        attempt_id: Some(record.attempt_id.clone()),
                    });
                    next.set(Screen::Debrief);
                }
                Err(e) => warn!("cannot replay attempt {id}: {e}"),
            }
        }
    }
}

fn load_lrs_state(records: Res<Records>, mut lrs: ResMut<LrsState>) {
    let outbox = Outbox::open(records.store.root());
    if let Some(config) = outbox.config() {
        lrs.form = config;
    }
    lrs.status.waiting = outbox.waiting().len();
    lrs.status.rejected = outbox.rejected().len();
}

/// Saves the configuration and sends in a background thread, so a slow or
/// unreachable LRS never freezes the window.
fn start_sync(lrs: &mut LrsState, data_dir: &std::path::Path, config: LrsConfig) {
    if lrs.running.is_some() {
        return;
    }
    let outbox = Outbox::open(data_dir);
    if let Err(e) = outbox.save_config(&config) {
        lrs.status.message = format!("Could not save the settings: {e}");
        return;
    }
    lrs.status.message = "Sending…".into();
    let slot = Arc::new(Mutex::new(None));
    lrs.running = Some(Arc::clone(&slot));
    std::thread::spawn(move || {
        let message = match outbox.sync(&config) {
            Ok(r) => match r.stopped {
                None => format!("Sent {}, rejected {}.", r.sent, r.rejected),
                Some(why) => format!(
                    "Sent {}, then stopped: {why}. The rest stays queued.",
                    r.sent
                ),
            },
            Err(e) => format!("Could not send: {e}"),
        };
        if let Ok(mut s) = slot.lock() {
            *s = Some(message);
        }
    });
}

fn collect_sync_result(
    records: Res<Records>,
    mut lrs: ResMut<LrsState>,
    mut animation: ResMut<Animation>,
) {
    let Some(slot) = lrs.running.clone() else {
        return;
    };
    // Look again shortly: the result arrives from another thread, not as input.
    animation.wake_within(std::time::Duration::from_millis(250));
    let done = slot.lock().ok().and_then(|mut s| s.take());
    if let Some(message) = done {
        let outbox = Outbox::open(records.store.root());
        lrs.status = LrsStatus {
            waiting: outbox.waiting().len(),
            rejected: outbox.rejected().len(),
            message,
        };
        lrs.running = None;
    }
}
