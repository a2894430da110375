//! Pausing a conversation, as a state (the bevy_new_2d pattern): systems that
//! must stand still while the pause menu is open join [`PausableSystems`],
//! instead of each checking a flag by hand.

use bevy::prelude::*;

/// Whether the app is paused. Only the conversation screen pauses, and it
/// unpauses whenever it is left.
#[derive(States, Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Pause(pub bool);

/// Systems that do not run while paused: the conversation's clock and keys.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PausableSystems;

pub(super) fn plugin(app: &mut App) {
    app.init_state::<Pause>();
    app.configure_sets(Update, PausableSystems.run_if(in_state(Pause(false))));
}

/// Closes the pause menu.
pub fn unpause(mut next: ResMut<NextState<Pause>>) {
    next.set(Pause(false));
}

/// Whether the pause menu is open.
pub fn is_paused(pause: &State<Pause>) -> bool {
    pause.get().0
}
