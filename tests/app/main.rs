//! Headless tests of the desktop app: no window, no GPU. They drive the app with
//! the inputs a trainee gives (key presses through Bevy's keyboard messages) and
//! check what it shows against the core.

mod contrast;
mod editor;
mod journey;
mod keyboard;
mod layout;
mod panels;
mod redraw;
mod support;
mod workshop;
