//! The keyboard: one place for every key a screen answers to, so the screens,
//! their hints and the smoke test agree.

use bevy::prelude::KeyCode;

/// Start the conversation.
pub const START_KEY: KeyCode = KeyCode::Enter;
/// Back to the library (and pause, on the conversation screen).
pub const BACK_KEY: KeyCode = KeyCode::Escape;
/// Shows the whole line at once.
pub const REVEAL_KEY: KeyCode = KeyCode::Space;
/// Shows the whole line, or goes on to the debrief once the conversation is over.
pub const CONTINUE_KEY: KeyCode = KeyCode::Enter;
/// Number keys for choices 1 to 9.
pub const CHOICE_KEYS: [(KeyCode, KeyCode); 9] = [
    (KeyCode::Digit1, KeyCode::Numpad1),
    (KeyCode::Digit2, KeyCode::Numpad2),
    (KeyCode::Digit3, KeyCode::Numpad3),
    (KeyCode::Digit4, KeyCode::Numpad4),
    (KeyCode::Digit5, KeyCode::Numpad5),
    (KeyCode::Digit6, KeyCode::Numpad6),
    (KeyCode::Digit7, KeyCode::Numpad7),
    (KeyCode::Digit8, KeyCode::Numpad8),
    (KeyCode::Digit9, KeyCode::Numpad9),
];
