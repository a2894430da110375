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

/// On the briefing: run the scenario as a workshop, with the room voting.
pub const WORKSHOP_KEY: KeyCode = KeyCode::KeyW;
/// Workshop: open the vote on the current turn.
pub const OPEN_VOTE_KEY: KeyCode = KeyCode::KeyO;
/// Workshop: close the vote.
pub const CLOSE_VOTE_KEY: KeyCode = KeyCode::KeyC;
/// Workshop: show the room's split.
pub const REVEAL_SPLIT_KEY: KeyCode = KeyCode::KeyR;
/// Workshop: play the room's choice.
pub const PLAY_ROOM_CHOICE_KEY: KeyCode = KeyCode::KeyP;
/// Workshop: show the split live while votes arrive, or hide it again.
pub const LIVE_SPLIT_KEY: KeyCode = KeyCode::KeyL;
/// Workshop: show or hide the coach's notes.
pub const COACH_NOTES_KEY: KeyCode = KeyCode::KeyN;
/// Workshop: the class debrief.
pub const CLASS_DEBRIEF_KEY: KeyCode = KeyCode::KeyD;
/// Workshop debrief: save it as HTML, Markdown and CSV.
pub const SAVE_DEBRIEF_KEY: KeyCode = KeyCode::KeyS;
/// Workshop debrief: save one xAPI statement per turn for the room.
pub const SAVE_STATEMENTS_KEY: KeyCode = KeyCode::KeyX;
/// Workshop: open the audience view in its own window (drag it to the projector), or close it.
pub const AUDIENCE_WINDOW_KEY: KeyCode = KeyCode::KeyA;
/// On the briefing: open the scenario in the editor.
pub const EDIT_KEY: KeyCode = KeyCode::KeyE;
