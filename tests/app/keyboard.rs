//! The keyboard, as a trainee without a mouse (or a coach at a lectern) uses it.

use bevy::prelude::*;
use frontline::app::Screen;
use frontline::app::ui::library::LibraryFilter;

use super::support::{
    fixture_folder, headless_app, open_by_search, paused, press, run_until, screen, type_text,
    wait_for_library,
};

#[test]
fn the_pause_menu_can_be_worked_with_tab_and_enter() {
    let mut app = headless_app("keys-pause", fixture_folder());
    wait_for_library(&mut app);
    open_by_search(&mut app, "leaking kettle");
    press(&mut app, KeyCode::Enter);
    run_until(&mut app, 5, "the conversation", |app| {
        screen(app) == Screen::Conversation
    });
    press(&mut app, KeyCode::Escape);
    assert!(paused(&app));
    // Resume has the focus; Tab twice reaches "Back to the library".
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Enter);
    run_until(&mut app, 5, "the library", |app| {
        screen(app) == Screen::Library
    });
}

#[test]
fn slash_finds_the_search_box_even_when_a_button_has_focus() {
    let mut app = headless_app("keys-slash", fixture_folder());
    wait_for_library(&mut app);
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Slash);
    type_text(&mut app, "kettle");
    let filter = app
        .world()
        .resource::<frontline::app::screens::library::LibraryState>();
    assert_eq!(filter_text(&filter.filter), "kettle");
}

fn filter_text(f: &LibraryFilter) -> &str {
    &f.search
}

#[test]
fn down_from_the_search_box_reaches_the_first_card() {
    let mut app = headless_app("keys-down", fixture_folder());
    wait_for_library(&mut app);
    press(&mut app, KeyCode::Slash);
    type_text(&mut app, "leaking kettle");
    press(&mut app, KeyCode::ArrowDown);
    press(&mut app, KeyCode::Enter);
    run_until(&mut app, 5, "the briefing", |app| {
        screen(app) == Screen::Briefing
    });
    let selected = app.world().resource::<frontline::app::screens::Selection>();
    assert_eq!(selected.scenario.id, "returns-desk-leaking-kettle");
}

#[test]
fn esc_closes_an_open_menu_without_leaving_the_screen() {
    let mut app = headless_app("keys-menu", fixture_folder());
    wait_for_library(&mut app);
    app.world_mut()
        .resource_mut::<NextState<Screen>>()
        .set(Screen::History);
    run_until(&mut app, 5, "the history", |app| {
        screen(app) == Screen::History
    });
    // The trainee menu is the title bar's first control: Tab, then Enter opens it.
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Enter);
    app.update();
    assert!(
        app.world()
            .resource::<frontline::app::screens::MenuOpen>()
            .0,
        "the trainee menu is open"
    );
    press(&mut app, KeyCode::Escape);
    app.update();
    assert_eq!(
        screen(&app),
        Screen::History,
        "the Esc that closed the menu does not also leave the screen"
    );
    assert!(
        !app.world()
            .resource::<frontline::app::screens::MenuOpen>()
            .0
    );
    press(&mut app, KeyCode::Escape);
    run_until(&mut app, 5, "the library", |app| {
        screen(app) == Screen::Library
    });
}

#[test]
fn searching_again_after_a_conversation_starts_a_new_search() {
    let mut app = headless_app("keys-search-again", fixture_folder());
    wait_for_library(&mut app);
    open_by_search(&mut app, "leaking kettle");
    press(&mut app, KeyCode::Escape);
    run_until(&mut app, 5, "the library", |app| {
        screen(app) == Screen::Library
    });
    // The old search is still shown, so the trainee sees where they were…
    let filter = app
        .world()
        .resource::<frontline::app::screens::library::LibraryState>();
    assert_eq!(filter_text(&filter.filter), "leaking kettle");
    // …and `/` then typing replaces it instead of appending to it.
    open_by_search(&mut app, "third cancellation");
    let selected = app.world().resource::<frontline::app::screens::Selection>();
    assert_eq!(selected.scenario.id, "rail-delay-social-complaint");
}
