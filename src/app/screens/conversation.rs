//! The conversation screen: the core engine held in a component, presented and
//! fed the trainee's choices. Nothing is decided here that the engine does not say.

use std::sync::Arc;
use std::time::Duration;

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass};

use super::{DebriefData, Screen, ScreenUi, Selection};
use crate::app::assets::Catalogue;
use crate::app::keys::{BACK_KEY, CHOICE_KEYS, CONTINUE_KEY, REVEAL_KEY};
use crate::app::pause::{PausableSystems, Pause, is_paused, unpause};
use crate::app::records::{CurrentTrainee, Records};
use crate::app::redraw::Animation;
use crate::app::settings::{FeedbackMode, Settings};
use crate::app::ui::conversation::{
    ConversationAction, ConversationView, LastFeedback, conversation_ui,
};
use crate::app::ui::root_ui;
use crate::engine::{Conversation, Step};
use crate::records::AttemptRecord;
use crate::scenario::Scenario;
use crate::scoring::score;

/// How fast the customer's line is typed out, in characters per second.
pub const TYPING_SPEED: f32 = 55.0;
/// A test conversation an author starts from a node in the editor: where,
/// and as if what had happened. It is not saved as an attempt, and leaving
/// it goes back to the editor.
#[derive(Debug, Clone, Resource)]
pub struct PlayFromHere {
    /// The node to start at.
    pub node: String,
    /// The customer's mood.
    pub mood: i32,
    /// Flags taken as set.
    pub flags: Vec<String>,
    /// Decisions taken as made.
    pub turn: u32,
}

/// The running conversation: the core engine plus presentation state.
#[derive(Component)]
pub struct Session {
    /// Library key of the scenario file.
    pub key: String,
    /// The engine.
    pub conversation: Conversation,
    /// Seconds of conversation so far, not counting pauses.
    pub clock: f32,
    /// When the current line started being typed.
    pub line_started: f32,
    /// Whether the trainee asked to see the whole line.
    pub revealed_all: bool,
    /// Feedback on the last choice (learning mode).
    pub feedback: Option<LastFeedback>,
    /// Whether the scenario file changed on disk since the start.
    pub reload_offer: bool,
    /// When the attempt started (RFC 3339).
    pub started_at: String,
    /// When each decision was made and how long it took, in order.
    pub timings: Vec<(String, u64)>,
    /// Whether the attempt has been saved.
    pub saved: bool,
    /// The id of the saved attempt.
    pub attempt_id: Option<String>,
    /// An author's test from the editor: never saved, and it returns there.
    pub trial: bool,
}

impl Session {
    fn start(key: String, scenario: Arc<Scenario>, seed: u64) -> Option<Self> {
        let conversation = match Conversation::start(scenario, seed) {
            Ok(c) => c,
            Err(e) => {
                error!("cannot start the conversation: {e}");
                return None;
            }
        };
        Some(Session {
            key,
            conversation,
            clock: 0.0,
            line_started: 0.0,
            revealed_all: false,
            feedback: None,
            reload_offer: false,
            started_at: crate::records::now_rfc3339(),
            timings: Vec::new(),
            saved: false,
            attempt_id: None,
            trial: false,
        })
    }

    fn note_decision(&mut self) {
        let response_ms = ((self.clock - self.line_started).max(0.0) * 1000.0) as u64;
        self.timings
            .push((crate::records::now_rfc3339(), response_ms));
    }

    /// Saves the attempt once, finished or abandoned, if the trainee made any decision.
    pub fn save(&mut self, records: &mut Records, trainee: &CurrentTrainee) {
        if self.trial || self.saved || self.conversation.transcript().turns.is_empty() {
            return;
        }
        let Some(profile) = &trainee.profile else {
            return;
        };
        let record = AttemptRecord::new(
            profile,
            &self.conversation,
            self.started_at.clone(),
            &self.timings,
        );
        self.attempt_id = Some(record.attempt_id.clone());
        records.save(record);
        self.saved = true;
    }

    fn line_len(&self) -> usize {
        match self.conversation.step() {
            Step::Turn(t) => t.line.chars().count(),
            Step::Ended(e) => e.line.as_ref().map_or(0, |l| l.chars().count()),
        }
    }

    /// Characters of the current line shown so far.
    pub fn revealed(&self) -> usize {
        if self.revealed_all {
            return usize::MAX;
        }
        ((self.clock - self.line_started).max(0.0) * TYPING_SPEED) as usize
    }

    /// Whether the line is still being typed.
    pub fn is_typing(&self) -> bool {
        self.revealed() < self.line_len()
    }

    /// Seconds left on a timed turn.
    pub fn remaining(&self) -> Option<f32> {
        match self.conversation.step() {
            Step::Turn(t) => t
                .time_limit
                .map(|limit| limit as f32 - (self.clock - self.line_started)),
            Step::Ended(_) => None,
        }
    }

    fn next_line(&mut self) {
        self.line_started = self.clock;
        self.revealed_all = false;
    }
}

/// A request made on the conversation screen, by click or key.
#[derive(Debug, Clone, Copy, Message)]
pub struct ConversationCommand(pub ConversationAction);

pub(super) fn plugin(app: &mut App) {
    app.add_message::<ConversationCommand>();
    app.add_systems(OnEnter(Screen::Conversation), spawn_session);
    app.add_systems(
        OnExit(Screen::Conversation),
        (save_abandoned_attempt, unpause),
    );
    app.add_systems(
        EguiPrimaryContextPass,
        draw_conversation
            .in_set(ScreenUi)
            .run_if(in_state(Screen::Conversation)),
    );
    app.add_systems(
        Update,
        (
            toggle_pause,
            read_conversation_keys.in_set(PausableSystems),
            apply_conversation_commands,
            advance_session_clock.in_set(PausableSystems),
            notice_scenario_reload.run_if(resource_changed::<Catalogue>),
        )
            .chain()
            .run_if(in_state(Screen::Conversation)),
    );
}

fn spawn_session(
    mut commands: Commands,
    selection: Option<Res<Selection>>,
    from: Option<Res<PlayFromHere>>,
    mut next: ResMut<NextState<Screen>>,
) {
    let mut session =
        selection.and_then(|s| Session::start(s.key.clone(), s.scenario.clone(), s.seed));
    if let (Some(session), Some(from)) = (session.as_mut(), from) {
        commands.remove_resource::<PlayFromHere>();
        let scenario = session.conversation.scenario().clone();
        let seed = session.conversation.seed();
        match Conversation::start_at(
            scenario,
            seed,
            &from.node,
            from.mood,
            &from.flags,
            from.turn,
        ) {
            Ok(c) => {
                session.conversation = c;
                session.trial = true;
            }
            Err(e) => error!("cannot start at {}: {e}", from.node),
        }
    }
    match session {
        Some(session) => {
            commands.spawn((
                Name::new("Conversation screen"),
                session,
                DespawnOnExit(Screen::Conversation),
            ));
        }
        None => next.set(Screen::Library),
    }
}

fn draw_conversation(
    mut contexts: EguiContexts,
    sessions: Query<&Session>,
    pause: Res<State<Pause>>,
    mut commands: MessageWriter<ConversationCommand>,
) -> Result {
    let Ok(session) = sessions.single() else {
        return Ok(());
    };
    let ctx = contexts.ctx_mut()?;
    let mut root = root_ui(ctx);
    let view = ConversationView {
        scenario: session.conversation.scenario(),
        step: session.conversation.step(),
        transcript: session.conversation.transcript(),
        revealed: session.revealed(),
        remaining: session.remaining(),
        elapsed: session.clock,
        feedback: session.feedback.as_ref(),
        paused: is_paused(&pause),
        reload_offer: session.reload_offer,
    };
    if let Some(action) = conversation_ui(&mut root, &view) {
        commands.write(ConversationCommand(action));
    }
    Ok(())
}

/// Esc opens the pause menu, and closes it again.
fn toggle_pause(
    keys: Res<ButtonInput<KeyCode>>,
    pause: Res<State<Pause>>,
    mut commands: MessageWriter<ConversationCommand>,
) {
    if keys.just_pressed(BACK_KEY) {
        let action = if is_paused(&pause) {
            ConversationAction::Resume
        } else {
            ConversationAction::Pause
        };
        commands.write(ConversationCommand(action));
    }
}

fn read_conversation_keys(
    keys: Res<ButtonInput<KeyCode>>,
    sessions: Query<&Session>,
    mut commands: MessageWriter<ConversationCommand>,
) {
    let Ok(session) = sessions.single() else {
        return;
    };
    if keys.just_pressed(BACK_KEY) {
        // Esc is the pause key (see `toggle_pause`).
        return;
    }
    if keys.just_pressed(REVEAL_KEY) {
        commands.write(ConversationCommand(ConversationAction::RevealAll));
    }
    if keys.just_pressed(CONTINUE_KEY) {
        // Enter first finishes the line; once the conversation is over it moves on.
        let action = if session.is_typing() || !session.conversation.is_over() {
            ConversationAction::RevealAll
        } else {
            ConversationAction::Debrief
        };
        commands.write(ConversationCommand(action));
    }
    for (i, (digit, numpad)) in CHOICE_KEYS.iter().enumerate() {
        if keys.just_pressed(*digit) || keys.just_pressed(*numpad) {
            commands.write(ConversationCommand(ConversationAction::Choose(i)));
        }
    }
}

#[allow(
    clippy::too_many_arguments,
    reason = "a Bevy system reads what it needs"
)]
fn apply_conversation_commands(
    mut requests: MessageReader<ConversationCommand>,
    mut sessions: Query<&mut Session>,
    mut selection: Option<ResMut<Selection>>,
    library: Res<Catalogue>,
    settings: Res<Settings>,
    mut records: ResMut<Records>,
    trainee: Res<CurrentTrainee>,
    (pause, mut next_pause): (Res<State<Pause>>, ResMut<NextState<Pause>>),
    mut commands: Commands,
    mut next: ResMut<NextState<Screen>>,
) {
    let Ok(mut session) = sessions.single_mut() else {
        return;
    };
    // A pause asked for in this frame counts at once: a click on an answer
    // in the same frame as Esc must not slip through.
    let mut paused = is_paused(&pause);
    for ConversationCommand(action) in requests.read() {
        match *action {
            ConversationAction::Choose(position) => {
                if paused || session.conversation.is_over() {
                    continue;
                }
                if let Ok(result) = session.conversation.choose(position) {
                    session.note_decision();
                    session.feedback = (settings.feedback == FeedbackMode::Learning).then(|| {
                        LastFeedback::from_result(session.conversation.scenario(), &result)
                    });
                    session.next_line();
                }
            }
            ConversationAction::RevealAll => session.revealed_all = true,
            ConversationAction::Pause => {
                paused = true;
                next_pause.set(Pause(true));
            }
            ConversationAction::Resume => {
                paused = false;
                next_pause.set(Pause(false));
            }
            ConversationAction::Restart => {
                session.save(&mut records, &trainee);
                let scenario = session.conversation.scenario().clone();
                let seed = session.conversation.seed();
                if let Some(fresh) = Session::start(session.key.clone(), scenario, seed) {
                    *session = fresh;
                }
            }
            ConversationAction::RestartWithNewVersion => {
                session.save(&mut records, &trainee);
                if let Some(sel) = selection.as_mut()
                    && let Some(s) = library.by_key(&sel.key).and_then(|e| e.scenario())
                {
                    sel.scenario = s.clone();
                    if let Some(fresh) = Session::start(sel.key.clone(), s.clone(), sel.seed) {
                        *session = fresh;
                    }
                }
            }
            ConversationAction::Library if session.trial => next.set(Screen::Editor),
            ConversationAction::Library => next.set(Screen::Library),
            ConversationAction::Debrief => {
                if !session.conversation.is_over() {
                    continue;
                }
                if session.trial {
                    // An author's test goes back to the editor.
                    next.set(Screen::Editor);
                    continue;
                }
                session.save(&mut records, &trainee);
                let scenario = session.conversation.scenario().clone();
                let transcript = session.conversation.transcript().clone();
                let scorecard = score(&scenario, &transcript);
                commands.insert_resource(DebriefData {
                    key: session.key.clone(),
                    scenario,
                    transcript,
                    scorecard,
                    note: None,
                    attempt_id: session.attempt_id.clone(),
                });
                next.set(Screen::Debrief);
            }
        }
    }
}

fn advance_session_clock(
    time: Res<Time>,
    mut sessions: Query<&mut Session>,
    settings: Res<Settings>,
    mut animation: ResMut<Animation>,
) {
    let Ok(mut session) = sessions.single_mut() else {
        return;
    };
    session.clock += time.delta_secs();
    if session.is_typing() {
        animation.continuous = true;
    }
    if let Some(remaining) = session.remaining() {
        animation.continuous = true;
        if remaining <= 0.0
            && let Ok(result) = session.conversation.time_out()
        {
            session.note_decision();
            session.feedback = (settings.feedback == FeedbackMode::Learning)
                .then(|| LastFeedback::from_result(session.conversation.scenario(), &result));
            session.next_line();
        }
    }
    if session.conversation.scenario().channel == crate::scenario::Channel::Phone
        && !session.conversation.is_over()
    {
        // The call timer changes once a second.
        let into_second = session.clock.fract();
        animation.wake_within(Duration::from_secs_f32((1.0 - into_second).max(0.05)));
    }
}

fn notice_scenario_reload(
    library: Res<Catalogue>,
    selection: Option<Res<Selection>>,
    mut sessions: Query<&mut Session>,
) {
    let (Some(selection), Ok(mut session)) = (selection, sessions.single_mut()) else {
        return;
    };
    let running = session.conversation.scenario().clone();
    let changed = library
        .by_key(&selection.key)
        .and_then(|e| e.scenario())
        .is_some_and(|s| **s != *running);
    session.reload_offer = changed;
}

/// Leaving a conversation before its end still records the attempt.
fn save_abandoned_attempt(
    mut sessions: Query<&mut Session>,
    mut records: ResMut<Records>,
    trainee: Res<CurrentTrainee>,
) {
    for mut session in &mut sessions {
        session.save(&mut records, &trainee);
    }
}
