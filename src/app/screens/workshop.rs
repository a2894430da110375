//! The workshop screen: the core's [`Workshop`] shared with the web server
//! the room's phones use, presented for a projector and driven by the
//! coach's keys. The server runs only while this screen is open.

use std::net::{IpAddr, Ipv4Addr};
use std::sync::Arc;
use std::time::Duration;

use bevy::camera::RenderTarget;
use bevy::ecs::schedule::ScheduleLabel;
use bevy::prelude::*;
use bevy::window::{WindowRef, WindowResolution};
use bevy_egui::{
    EguiContext, EguiContexts, EguiPrimaryContextPass, EguiSchedule, PrimaryEguiContext,
};

use super::{Screen, ScreenUi, Selection};
use crate::app::keys::{
    AUDIENCE_WINDOW_KEY, BACK_KEY, CHOICE_KEYS, CLASS_DEBRIEF_KEY, CLOSE_VOTE_KEY, COACH_NOTES_KEY,
    LIVE_SPLIT_KEY, OPEN_VOTE_KEY, PLAY_ROOM_CHOICE_KEY, REVEAL_SPLIT_KEY, SAVE_DEBRIEF_KEY,
    SAVE_STATEMENTS_KEY,
};
use crate::app::records::Records;
use crate::app::redraw::Animation;
use crate::app::settings::Settings;
use crate::app::ui::root_ui;
use crate::app::ui::workshop::{WorkshopAction, WorkshopView, audience_ui, workshop_ui};
use crate::serve::{Room, WorkshopServer, join_link, lan_address, short_link};
use crate::workshop::{CoachNote, Workshop};

/// Where the workshop page is served: the room's network, on the port in
/// the settings. Tests serve on loopback and let the system pick a port.
#[derive(Debug, Clone, Copy, Resource)]
pub struct WorkshopHost {
    /// Address to listen on.
    pub host: IpAddr,
    /// Port to listen on; `None` takes the one in the settings.
    pub port: Option<u16>,
}

impl Default for WorkshopHost {
    fn default() -> Self {
        WorkshopHost {
            host: IpAddr::V4(Ipv4Addr::UNSPECIFIED),
            port: None,
        }
    }
}

/// A workshop to open as soon as the app starts (`frontline workshop`),
/// kept apart from [`Selection`], which the library clears when it opens.
#[derive(Debug, Clone, Resource)]
pub struct WorkshopOnStart(pub Selection);

/// The workshop while its screen is open; removing it stops the server.
#[derive(Resource)]
pub struct RunningWorkshop {
    /// The workshop, shared with the server.
    pub room: Arc<Room>,
    server: Option<WorkshopServer>,
    join_link: String,
    short_link: String,
    network_note: Option<String>,
    show_notes: bool,
    show_debrief: bool,
    confirm_end: bool,
    message: Option<String>,
    escalation_window: Option<Option<(u32, u32)>>,
    started_at: String,
    /// The audience's own window and its camera, when open.
    audience: Option<(Entity, Entity)>,
}

impl RunningWorkshop {
    /// The audience's own window, when open.
    pub fn audience_window(&self) -> Option<Entity> {
        self.audience.map(|(window, _)| window)
    }

    /// Where the server listens, when it is running.
    pub fn addr(&self) -> Option<std::net::SocketAddr> {
        self.server.as_ref().map(WorkshopServer::addr)
    }
}

/// The egui pass that draws the audience's window.
#[derive(ScheduleLabel, Clone, Debug, PartialEq, Eq, Hash)]
pub struct AudiencePass;

/// A request on the workshop screen, by click or key.
#[derive(Debug, Clone, Copy, Message)]
pub struct WorkshopCommand(pub WorkshopAction);

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<WorkshopHost>();
    app.add_message::<WorkshopCommand>();
    app.add_systems(OnEnter(Screen::Workshop), start_workshop);
    app.add_systems(OnExit(Screen::Workshop), stop_workshop);
    app.add_systems(
        EguiPrimaryContextPass,
        draw_workshop
            .in_set(ScreenUi)
            .run_if(in_state(Screen::Workshop).and_then(resource_exists::<RunningWorkshop>)),
    );
    app.add_systems(
        AudiencePass,
        draw_audience_window.run_if(resource_exists::<RunningWorkshop>),
    );
    app.add_systems(
        Update,
        (
            read_workshop_keys,
            apply_workshop_commands,
            forget_closed_audience_window,
            watch_the_room,
        )
            .chain()
            .run_if(in_state(Screen::Workshop).and_then(resource_exists::<RunningWorkshop>)),
    );
}

fn start_workshop(
    mut commands: Commands,
    selection: Option<Res<Selection>>,
    on_start: Option<Res<WorkshopOnStart>>,
    settings: Res<Settings>,
    host: Res<WorkshopHost>,
    mut next: ResMut<NextState<Screen>>,
) {
    commands.spawn((
        Name::new("Workshop screen"),
        DespawnOnExit(Screen::Workshop),
    ));
    let selection = match (on_start, selection) {
        (Some(pending), _) => {
            commands.remove_resource::<WorkshopOnStart>();
            commands.insert_resource(pending.0.clone());
            pending.0.clone()
        }
        (None, Some(s)) => s.clone(),
        (None, None) => {
            next.set(Screen::Library);
            return;
        }
    };
    let workshop = match Workshop::new(selection.scenario.clone(), selection.seed) {
        Ok(w) => w,
        Err(e) => {
            error!("cannot start the workshop: {e}");
            next.set(Screen::Library);
            return;
        }
    };
    let code = workshop.code().to_string();
    let room = Room::new(workshop);
    let port = host.port.unwrap_or(settings.workshop_port);
    let mut note = None;
    // The port the coach chose may be taken (another app, a second workshop):
    // then any free port, said plainly, beats no workshop at all.
    let server = match WorkshopServer::start(room.clone(), host.host, port) {
        Ok(s) => Some(s),
        Err(first) => match WorkshopServer::start(room.clone(), host.host, 0) {
            Ok(s) => {
                note = Some(format!("{first}; using port {} instead.", s.addr().port()));
                Some(s)
            }
            Err(e) => {
                note = Some(format!("The phones cannot join: {e}."));
                None
            }
        },
    };
    let port = server.as_ref().map_or(port, |s| s.addr().port());
    let shown_host = if host.host.is_unspecified() {
        match lan_address() {
            Some(ip) => ip,
            None => {
                note.get_or_insert_with(|| {
                    "No network found: only this computer can join. Connect to the room's Wi-Fi, \
                     or share a phone hotspot and join that."
                        .to_string()
                });
                IpAddr::V4(Ipv4Addr::LOCALHOST)
            }
        }
    } else {
        host.host
    };
    commands.insert_resource(RunningWorkshop {
        room,
        server,
        join_link: join_link(shown_host, port, &code),
        short_link: short_link(shown_host, port),
        network_note: note,
        show_notes: false,
        show_debrief: false,
        confirm_end: false,
        message: None,
        escalation_window: None,
        started_at: crate::records::now_rfc3339(),
        audience: None,
    });
}

/// Leaving the screen ends the workshop: the server stops and the page with it.
fn stop_workshop(mut commands: Commands) {
    commands.remove_resource::<RunningWorkshop>();
}

fn draw_workshop(
    mut contexts: EguiContexts,
    running: Res<RunningWorkshop>,
    mut commands: MessageWriter<WorkshopCommand>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut root = root_ui(ctx);
    // A copy to draw from, so the phones' requests never wait on a frame.
    let workshop = running.room.read(Workshop::clone);
    let notes: Option<Vec<CoachNote>> = running.show_notes.then(|| workshop.coach_notes());
    let debrief = running.show_debrief.then(|| workshop.debrief());
    let message = if running.confirm_end {
        Some("Press Esc again to end the workshop: the room's page stops.")
    } else {
        running.message.as_deref()
    };
    let view = WorkshopView {
        workshop: &workshop,
        join_link: &running.join_link,
        short_link: &running.short_link,
        network_note: running.network_note.as_deref(),
        notes: notes.as_deref(),
        escalation_window: running.escalation_window.flatten(),
        debrief: debrief.as_ref(),
        message,
        audience_window: running.audience.is_some(),
        port: running.addr().map(|a| a.port()),
    };
    if let Some(action) = workshop_ui(&mut root, &view) {
        commands.write(WorkshopCommand(action));
    }
    Ok(())
}

fn read_workshop_keys(
    keys: Res<ButtonInput<KeyCode>>,
    mut commands: MessageWriter<WorkshopCommand>,
) {
    let bindings = [
        (OPEN_VOTE_KEY, WorkshopAction::OpenVote),
        (CLOSE_VOTE_KEY, WorkshopAction::CloseVote),
        (REVEAL_SPLIT_KEY, WorkshopAction::Reveal),
        (PLAY_ROOM_CHOICE_KEY, WorkshopAction::PlayRoomChoice),
        (LIVE_SPLIT_KEY, WorkshopAction::ToggleLive),
        (COACH_NOTES_KEY, WorkshopAction::ToggleNotes),
        (CLASS_DEBRIEF_KEY, WorkshopAction::ToggleDebrief),
        (SAVE_DEBRIEF_KEY, WorkshopAction::SaveDebrief),
        (SAVE_STATEMENTS_KEY, WorkshopAction::SaveStatements),
        (AUDIENCE_WINDOW_KEY, WorkshopAction::ToggleAudienceWindow),
        (BACK_KEY, WorkshopAction::End),
    ];
    for (key, action) in bindings {
        if keys.just_pressed(key) {
            commands.write(WorkshopCommand(action));
        }
    }
    for (i, (digit, numpad)) in CHOICE_KEYS.iter().enumerate() {
        if keys.just_pressed(*digit) || keys.just_pressed(*numpad) {
            commands.write(WorkshopCommand(WorkshopAction::Play(i)));
        }
    }
}

fn apply_workshop_commands(
    mut requests: MessageReader<WorkshopCommand>,
    mut running: ResMut<RunningWorkshop>,
    records: Res<Records>,
    mut next: ResMut<NextState<Screen>>,
    mut commands: Commands,
    (host, mut settings): (Res<WorkshopHost>, ResMut<Settings>),
) {
    for WorkshopCommand(action) in requests.read() {
        let ending = *action == WorkshopAction::End;
        if !ending {
            running.confirm_end = false;
        }
        let room = running.room.clone();
        let outcome: Result<(), String> = match *action {
            WorkshopAction::OpenVote => room.update(Workshop::open_vote).map_err(|e| e.to_string()),
            WorkshopAction::CloseVote => {
                room.update(Workshop::close_vote).map_err(|e| e.to_string())
            }
            WorkshopAction::Reveal => room.update(Workshop::reveal).map_err(|e| e.to_string()),
            WorkshopAction::PlayRoomChoice => room
                .update(Workshop::play_majority)
                .map_err(|e| e.to_string())
                .and_then(|played| {
                    played
                        .map(|_| ())
                        .ok_or_else(|| "Nobody has voted yet.".to_string())
                }),
            WorkshopAction::Play(i) => room
                .update(|w| w.play(i))
                .map(|_| ())
                .map_err(|e| e.to_string()),
            WorkshopAction::ToggleLive => {
                room.update(|w| {
                    let live = !w.shows_live();
                    w.set_live(live);
                });
                Ok(())
            }
            WorkshopAction::ToggleNotes => {
                running.show_notes = !running.show_notes;
                if running.show_notes && running.escalation_window.is_none() {
                    let scenario = room.read(|w| w.conversation().scenario().clone());
                    running.escalation_window =
                        Some(crate::analysis::analyze(&scenario).exploration.timely_turns);
                }
                Ok(())
            }
            WorkshopAction::ToggleDebrief => {
                running.show_debrief = !running.show_debrief;
                Ok(())
            }
            WorkshopAction::SaveDebrief => {
                let debrief = room.read(Workshop::debrief);
                crate::report::files::save_class_debrief(
                    &debrief,
                    &records.reports_dir(),
                    &running.started_at,
                )
                .map(|paths| {
                    running.message = Some(format!(
                        "Saved the class debrief: {}",
                        paths
                            .iter()
                            .map(|p| p.display().to_string())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ));
                })
                .map_err(|e| format!("Could not save the debrief: {e}"))
            }
            WorkshopAction::SaveStatements => {
                let debrief = room.read(Workshop::debrief);
                crate::report::files::save_workshop_statements(
                    &debrief,
                    &records.reports_dir(),
                    &running.started_at,
                )
                .map(|path| {
                    running.message = Some(format!(
                        "Saved xAPI statements for the room: {}",
                        path.display()
                    ));
                })
                .map_err(|e| format!("Could not save the statements: {e}"))
            }
            WorkshopAction::SetPort(port) => {
                // Stop first: the new port may be the same address family.
                running.server = None;
                match WorkshopServer::start(room.clone(), host.host, port) {
                    Ok(server) => {
                        let code = room.read(|w| w.code().to_string());
                        let shown = running
                            .join_link
                            .split("://")
                            .nth(1)
                            .and_then(|rest| rest.split('/').next())
                            .and_then(|hostport| {
                                hostport.rsplit_once(':').map(|(h, _)| h.to_string())
                            })
                            .and_then(|h| h.trim_matches(['[', ']']).parse::<IpAddr>().ok())
                            .unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST));
                        running.join_link = join_link(shown, port, &code);
                        running.short_link = short_link(shown, port);
                        running.server = Some(server);
                        running.network_note = None;
                        settings.workshop_port = port;
                        Ok(())
                    }
                    Err(e) => {
                        running.network_note = Some(format!("The phones cannot join: {e}."));
                        Err(format!("{e}"))
                    }
                }
            }
            WorkshopAction::ToggleAudienceWindow => {
                match running.audience.take() {
                    Some((window, camera)) => {
                        commands.entity(camera).despawn();
                        commands.entity(window).despawn();
                    }
                    None => running.audience = Some(open_audience_window(&mut commands)),
                }
                Ok(())
            }
            WorkshopAction::End => {
                if running.confirm_end {
                    next.set(Screen::Library);
                } else {
                    running.confirm_end = true;
                }
                Ok(())
            }
        };
        match outcome {
            Ok(())
                if !matches!(
                    action,
                    WorkshopAction::SaveDebrief | WorkshopAction::SaveStatements
                ) =>
            {
                running.message = None
            }
            Ok(()) => {}
            Err(message) => running.message = Some(message),
        }
    }
}

/// A second window showing what the room sees, to drag onto the projector;
/// the coach's window keeps the controls and notes.
fn open_audience_window(commands: &mut Commands) -> (Entity, Entity) {
    let window = commands
        .spawn((
            Name::new("Audience window"),
            Window {
                title: "frontline — audience view (drag to the projector)".into(),
                resolution: WindowResolution::new(1280, 720),
                ..default()
            },
            DespawnOnExit(Screen::Workshop),
        ))
        .id();
    let camera = commands
        .spawn((
            Name::new("Audience camera"),
            Camera2d,
            RenderTarget::Window(WindowRef::Entity(window)),
            EguiSchedule::new(AudiencePass),
            DespawnOnExit(Screen::Workshop),
        ))
        .id();
    (window, camera)
}

/// Closing the audience window with its own close button leaves its camera
/// behind; forget both.
fn forget_closed_audience_window(
    mut running: ResMut<RunningWorkshop>,
    windows: Query<(), With<Window>>,
    mut commands: Commands,
) {
    if let Some((window, camera)) = running.audience
        && windows.get(window).is_err()
    {
        if let Ok(mut c) = commands.get_entity(camera) {
            c.despawn();
        }
        running.audience = None;
    }
}

fn draw_audience_window(
    mut contexts: Query<&mut EguiContext, Without<PrimaryEguiContext>>,
    running: Res<RunningWorkshop>,
    settings: Res<Settings>,
    mut applied: Local<Option<Settings>>,
) {
    let Ok(mut context) = contexts.single_mut() else {
        return;
    };
    let ctx = context.get_mut().clone();
    if applied.as_ref() != Some(&*settings) {
        crate::app::theme::apply(&ctx, &settings);
        *applied = Some(*settings);
    }
    let workshop = running.room.read(Workshop::clone);
    let debrief = running.show_debrief.then(|| workshop.debrief());
    let view = WorkshopView {
        workshop: &workshop,
        join_link: &running.join_link,
        short_link: &running.short_link,
        network_note: running.network_note.as_deref(),
        notes: None,
        escalation_window: None,
        debrief: debrief.as_ref(),
        message: None,
        audience_window: true,
        port: None,
    };
    let mut root = root_ui(&ctx);
    audience_ui(&mut root, &view);
}

/// Votes arrive from the phones without any input on this computer: look
/// at the room a few times a second while the screen is open.
fn watch_the_room(
    running: Res<RunningWorkshop>,
    mut seen: Local<u64>,
    mut animation: ResMut<Animation>,
) {
    let version = running.room.read(Workshop::version);
    if version != *seen {
        *seen = version;
        animation.continuous = true;
    }
    animation.wake_within(Duration::from_millis(250));
}
