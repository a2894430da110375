//! The screens as a `Screen` state, one plugin per screen, and what they share.

mod briefing;
pub mod conversation;
pub mod debrief;
pub mod editor;
pub mod history;
pub mod library;
pub mod title_bar;
pub mod workshop;

use std::sync::Arc;

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use crate::engine::Transcript;
use crate::scenario::Scenario;
use crate::scoring::Scorecard;

pub use conversation::Session;

/// Where the trainee is.
#[derive(States, Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Screen {
    /// Choosing a scenario.
    #[default]
    Library,
    /// Reading about it.
    Briefing,
    /// Talking to the customer.
    Conversation,
    /// Seeing how it went.
    Debrief,
    /// Past attempts and progress.
    History,
    /// A coach runs the scenario on the projector while the room votes.
    Workshop,
    /// An author writes or changes a scenario.
    Editor,
}

/// The system set that draws the screens, after the theme is applied.
#[derive(SystemSet, Debug, Clone, PartialEq, Eq, Hash)]
pub struct ScreenUi;

/// Whether an egui menu or popup (the trainee menu, say) was open when the
/// last frame was drawn. Esc then closes that menu and must not also leave
/// the screen.
#[derive(Debug, Default, Resource)]
pub struct MenuOpen(pub bool);

impl MenuOpen {
    /// Whether `key` was just pressed for the screen itself: Esc that closed
    /// a menu is spent.
    pub fn screen_key(&self, keys: &ButtonInput<KeyCode>, key: KeyCode) -> bool {
        keys.just_pressed(key) && !(key == KeyCode::Escape && self.0)
    }
}

fn note_open_menus(mut contexts: EguiContexts, mut open: ResMut<MenuOpen>) -> Result {
    let now = egui::Popup::is_any_open(contexts.ctx_mut()?);
    if open.0 != now {
        open.0 = now;
    }
    Ok(())
}

/// The scenario the trainee picked, with the seed for the next attempt.
#[derive(Debug, Clone, Resource)]
pub struct Selection {
    /// Library key of the file, to follow it through reloads.
    pub key: String,
    /// The scenario as it was when picked.
    pub scenario: Arc<Scenario>,
    /// Seed for the next conversation.
    pub seed: u64,
}

/// The finished (or abandoned) attempt the debrief shows.
#[derive(Debug, Clone, Resource)]
pub struct DebriefData {
    /// Library key.
    pub key: String,
    /// The scenario as played.
    pub scenario: Arc<Scenario>,
    /// What happened.
    pub transcript: Transcript,
    /// The core's scores for it.
    pub scorecard: Scorecard,
    /// A note shown above the debrief, e.g. when a past attempt's scenario has changed since.
    pub note: Option<String>,
    /// The saved attempt this debrief shows, when it was saved.
    pub attempt_id: Option<String>,
}

/// The debrief's attempt belongs to the debrief: a later visit starts from
/// whatever attempt the trainee opens next.
fn forget_debrief(mut commands: Commands) {
    commands.remove_resource::<DebriefData>();
}

/// The selection spans briefing, conversation and debrief (a retry keeps
/// it); back at the library nothing is selected.
fn forget_selection(mut commands: Commands) {
    commands.remove_resource::<Selection>();
}

pub(super) fn plugin(app: &mut App) {
    app.init_state::<Screen>();
    super::redraw::init(app);
    app.configure_sets(
        EguiPrimaryContextPass,
        ScreenUi.after(crate::app::theme::ThemeApplied),
    );
    app.init_resource::<MenuOpen>();
    // Screen resources live only as long as the screens that use them.
    app.add_systems(OnExit(Screen::Debrief), forget_debrief);
    app.add_systems(OnEnter(Screen::Library), forget_selection);
    app.add_systems(EguiPrimaryContextPass, note_open_menus.after(ScreenUi));
    app.add_plugins((
        title_bar::plugin,
        library::plugin,
        briefing::plugin,
        conversation::plugin,
        debrief::plugin,
        history::plugin,
        workshop::plugin,
        editor::plugin,
    ));
}
