//! A trainee's way through the app, driven by key presses.

use std::sync::Arc;

use bevy::prelude::*;
use frontline::app::assets::Catalogue;
use frontline::app::screens::{DebriefData, Screen, Selection, Session};
use frontline::app::settings::{FeedbackMode, Settings, SettingsStore};
use frontline::engine::{Action, Conversation};
use frontline::scoring::score;

use super::support::{
    FRAME, digit, fixture_folder, headless_app, open_by_search, paused, press, press_written,
    run_until, screen, wait_for_library,
};

const KETTLE_BEST: [usize; 8] = [2, 3, 2, 1, 3, 2, 1, 2];

fn session(app: &mut App) -> &Session {
    let mut q = app.world_mut().query::<&Session>();
    q.single(app.world()).expect("a running conversation")
}

fn start_kettle(app: &mut App) {
    wait_for_library(app);
    open_by_search(app, "leaking kettle");
    let selected = app.world().resource::<Selection>();
    assert_eq!(selected.scenario.id, "returns-desk-leaking-kettle");
    press(app, KeyCode::Enter);
    run_until(app, 5, "the conversation", |app| {
        screen(app) == Screen::Conversation
    });
}

/// Plays the kettle scenario's shortest ending (fetching the manager at once) and opens the debrief.
fn fetch_the_manager_and_open_the_debrief(app: &mut App) {
    start_kettle(app);
    press_written(app, 4);
    press(app, KeyCode::Enter);
    press(app, KeyCode::Enter);
    run_until(app, 5, "the debrief", |app| screen(app) == Screen::Debrief);
}

#[test]
fn a_trainee_plays_by_keyboard_and_the_debrief_shows_exactly_the_cores_scores() {
    let mut app = headless_app("journey", fixture_folder());
    start_kettle(&mut app);
    for n in KETTLE_BEST {
        press(&mut app, KeyCode::Space);
        press_written(&mut app, n);
    }
    assert!(session(&mut app).conversation.is_over());
    // The first Enter shows Gary's last line in full, the second moves on.
    press(&mut app, KeyCode::Enter);
    assert_eq!(screen(&app), Screen::Conversation);
    press(&mut app, KeyCode::Enter);
    run_until(&mut app, 5, "the debrief", |app| {
        screen(app) == Screen::Debrief
    });

    let shown = app.world().resource::<DebriefData>().clone();
    // Replay the same scenario, seed and choices through the core alone.
    let mut core = Conversation::start(Arc::clone(&shown.scenario), shown.scorecard.seed).unwrap();
    for n in KETTLE_BEST {
        let position = core.position_of_written(n).expect("on offer");
        core.choose(position).unwrap();
    }
    let expected = score(&shown.scenario, core.transcript());
    assert_eq!(
        shown.scorecard, expected,
        "the debrief must show the core's scorecard"
    );
    assert_eq!(&shown.transcript, core.transcript());
    assert!(shown.scorecard.passed);
}

#[test]
fn letting_the_countdown_run_out_applies_the_timeout() {
    let mut app = headless_app("timeout", fixture_folder());
    start_kettle(&mut app);
    press_written(&mut app, 2);
    press_written(&mut app, 3);
    assert_eq!(
        session(&mut app).remaining().map(|r| r > 14.0),
        Some(true),
        "the queue node gives 15 s"
    );
    // 16 seconds of simulated time with no key pressed.
    let frames = (16.0 / FRAME.as_secs_f32()) as usize;
    for _ in 0..frames {
        app.update();
    }
    let turns = &session(&mut app).conversation.transcript().turns;
    assert_eq!(turns.len(), 3);
    assert_eq!(turns[2].action, Action::TimedOut);
    assert_eq!(turns[2].node_id, "queue");
}

#[test]
fn the_pause_menu_stops_the_clock_and_ignores_choices() {
    let mut app = headless_app("pause", fixture_folder());
    start_kettle(&mut app);
    press(&mut app, KeyCode::Escape);
    assert!(paused(&app));
    let clock = session(&mut app).clock;
    press(&mut app, digit(1));
    for _ in 0..20 {
        app.update();
    }
    assert!(
        session(&mut app).conversation.transcript().turns.is_empty(),
        "no choice while paused"
    );
    assert_eq!(session(&mut app).clock, clock, "the clock is stopped");
    press(&mut app, KeyCode::Escape);
    assert!(!paused(&app));
    press(&mut app, digit(1));
    assert_eq!(session(&mut app).conversation.transcript().turns.len(), 1);
}

#[test]
fn learning_mode_shows_feedback_after_each_choice_and_assessment_mode_does_not() {
    let mut app = headless_app("feedback", fixture_folder());
    start_kettle(&mut app);
    press_written(&mut app, 2);
    let fb = session(&mut app)
        .feedback
        .clone()
        .expect("learning mode is the default");
    assert!(
        fb.feedback
            .starts_with("You acknowledged the repeat failure")
    );
    // The colour comes from the core's verdict, the same one the debrief shows.
    let s = session(&mut app);
    let card = score(s.conversation.scenario(), s.conversation.transcript());
    assert_eq!(Some(fb.verdict), card.turns[0].verdict);
    assert_eq!(fb.verdict, frontline::rules::ChoiceVerdict::Best);
    // A weak answer is coloured as weak, even though it carries no negative points.
    press_written(&mut app, 1); // "That model does seem to have trouble with its seal."
    let fb = session(&mut app).feedback.clone().unwrap();
    let s = session(&mut app);
    let card = score(s.conversation.scenario(), s.conversation.transcript());
    assert_eq!(Some(fb.verdict), card.turns[1].verdict);
    assert_ne!(fb.verdict, frontline::rules::ChoiceVerdict::Best);
    app.world_mut().resource_mut::<Settings>().feedback = FeedbackMode::Assessment;
    press_written(&mut app, 3);
    assert!(session(&mut app).feedback.is_none());
}

#[test]
fn retry_with_the_same_seed_replays_the_same_conversation() {
    let mut app = headless_app("retry", fixture_folder());
    start_kettle(&mut app);
    press_written(&mut app, 4); // fetch the manager: the conversation ends at once
    press(&mut app, KeyCode::Space);
    press(&mut app, KeyCode::Enter);
    run_until(&mut app, 5, "the debrief", |app| {
        screen(app) == Screen::Debrief
    });
    let first = app.world().resource::<DebriefData>().clone();
    press(&mut app, KeyCode::KeyR);
    run_until(&mut app, 5, "the conversation again", |app| {
        screen(app) == Screen::Conversation
    });
    assert_eq!(session(&mut app).conversation.seed(), first.scorecard.seed);
    let line = session(&mut app).conversation.transcript().clone();
    assert!(line.turns.is_empty());
    press(&mut app, KeyCode::Escape);
    press(&mut app, digit(1)); // ignored while paused
    assert!(session(&mut app).conversation.transcript().turns.is_empty());
}

#[test]
fn esc_on_the_briefing_goes_back_to_the_library() {
    let mut app = headless_app("back", fixture_folder());
    wait_for_library(&mut app);
    open_by_search(&mut app, "leaking kettle");
    press(&mut app, KeyCode::Escape);
    run_until(&mut app, 5, "the library", |app| {
        screen(app) == Screen::Library
    });
}

#[test]
fn a_broken_scenario_shows_up_as_a_card_with_its_diagnostics_and_the_rest_stays_playable() {
    let mut app = headless_app("broken", fixture_folder());
    wait_for_library(&mut app);
    let lib = app.world().resource::<Catalogue>();
    let broken = lib
        .entries
        .iter()
        .find(|e| e.loaded.report.file.ends_with("broken-draft.ron"))
        .expect("the broken file is listed, not dropped");
    assert!(broken.scenario().is_none());
    let text = broken.loaded.report.render_plain();
    assert!(
        text.contains("broken-draft.ron:22:98: error[unknown-node]"),
        "{text}"
    );
    assert_eq!(broken.loaded.report.error_count(), 4);
    let playable = lib
        .entries
        .iter()
        .filter(|e| e.scenario().is_some())
        .count();
    let (scenarios, tracks) = super::support::builtin_counts();
    assert_eq!(
        playable, scenarios,
        "the built-in library is still playable ({playable})"
    );
    assert_eq!(
        lib.tracks.iter().filter(|t| t.track.is_some()).count(),
        tracks
    );
}

#[test]
fn saving_a_scenario_during_a_conversation_offers_a_restart_and_keeps_the_conversation() {
    let folder = std::env::temp_dir().join(format!("frontline-hot-reload-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).unwrap();
    let original =
        std::fs::read_to_string(super::support::fixture_folder().join("../valid/minimal.ron"))
            .unwrap();
    std::fs::write(folder.join("mine.ron"), &original).unwrap();

    let mut app = headless_app("reload", folder.clone());
    run_until(&mut app, 400, "the folder to load", |app| {
        app.world()
            .resource::<Catalogue>()
            .find("minimal")
            .is_some()
    });
    open_by_search(&mut app, "Minimal");
    press(&mut app, KeyCode::Enter);
    run_until(&mut app, 5, "the conversation", |app| {
        screen(app) == Screen::Conversation
    });
    press_written(&mut app, 1);

    // The author saves a new version; Bevy's watcher would trigger this reload.
    std::fs::write(
        folder.join("mine.ron"),
        original.replace("It was a present.", "It was a gift."),
    )
    .unwrap();
    app.world().resource::<AssetServer>().reload("mine.ron");
    run_until(&mut app, 200, "the reload offer", |app| {
        let mut q = app.world_mut().query::<&Session>();
        q.single(app.world()).is_ok_and(|s| s.reload_offer)
    });
    let s = session(&mut app);
    assert_eq!(
        s.conversation.transcript().turns.len(),
        1,
        "the running conversation is untouched"
    );
    let frontline::engine::Step::Turn(turn) = s.conversation.step() else {
        panic!()
    };
    assert_eq!(
        turn.line, "It was a present.",
        "it keeps the version it started with"
    );
    let _ = std::fs::remove_dir_all(&folder);
}

#[test]
fn settings_survive_a_restart_and_a_damaged_file_is_set_aside() {
    let mut app = headless_app("settings", fixture_folder());
    app.update();
    {
        let mut settings = app.world_mut().resource_mut::<Settings>();
        settings.ui_scale = 1.5;
        settings.dark = false;
    }
    app.update();
    let dir = super::support::data_dir_path("settings");
    let reopened = SettingsStore::open(&dir).settings();
    assert_eq!(reopened.ui_scale, 1.5);
    assert!(!reopened.dark);

    std::fs::write(dir.join("settings.json"), b"{ not json").unwrap();
    let recovered = SettingsStore::open(&dir).settings();
    assert_eq!(recovered, Settings::default());
    assert!(
        dir.join("settings.json.damaged").exists(),
        "the damaged file is kept for inspection"
    );
}

#[test]
fn a_first_start_asks_who_is_training_and_remembers_the_answer() {
    let mut app = super::support::with_nobody_training("first-start", fixture_folder());
    wait_for_library(&mut app);
    assert!(
        !app.world()
            .resource::<frontline::app::records::CurrentTrainee>()
            .confirmed
    );
    // The name field has focus from the start: just type.
    super::support::type_text(&mut app, "Asha");
    press(&mut app, KeyCode::Enter);
    let trainee = app
        .world()
        .resource::<frontline::app::records::CurrentTrainee>()
        .clone();
    assert!(trainee.confirmed);
    assert_eq!(
        trainee.profile.as_ref().map(|p| p.name.as_str()),
        Some("Asha")
    );
    let store = app
        .world()
        .resource::<frontline::app::records::Records>()
        .store
        .clone();
    assert_eq!(
        store.last_profile().map(|p| p.name),
        Some("Asha".to_string()),
        "remembered for next time"
    );
}

#[test]
fn every_attempt_is_saved_finished_or_abandoned_and_reopens_from_history() {
    use frontline::app::records::Records;
    let mut app = headless_app("saved", fixture_folder());
    start_kettle(&mut app);
    for n in KETTLE_BEST {
        press_written(&mut app, n);
    }
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    run_until(&mut app, 5, "the debrief", |app| {
        screen(app) == Screen::Debrief
    });
    let shown = app.world().resource::<DebriefData>().scorecard.clone();
    // Retry and abandon after two answers.
    press(&mut app, KeyCode::KeyR);
    run_until(&mut app, 5, "the conversation", |app| {
        screen(app) == Screen::Conversation
    });
    press_written(&mut app, 2);
    press_written(&mut app, 3);
    press(&mut app, KeyCode::Escape);
    app.world_mut()
        .write_message(frontline::app::screens::conversation::ConversationCommand(
            frontline::app::ui::conversation::ConversationAction::Library,
        ));
    run_until(&mut app, 5, "the library", |app| {
        screen(app) == Screen::Library
    });

    let records = app.world().resource::<Records>().clone();
    let loaded = records.store.load_attempts();
    assert_eq!(loaded.attempts.len(), 2, "both attempts are on disk");
    assert!(loaded.attempts[0].finished && !loaded.attempts[1].finished);
    assert_eq!(loaded.attempts[0].scorecard, shown);
    assert_eq!(loaded.attempts[1].decisions.len(), 2);

    app.world_mut()
        .resource_mut::<NextState<Screen>>()
        .set(Screen::History);
    app.update();
    app.update();
    let first = loaded.attempts[0].attempt_id.clone();
    app.world_mut()
        .write_message(frontline::app::screens::history::HistoryCommand(
            frontline::app::ui::history::HistoryAction::Open(first),
        ));
    run_until(&mut app, 5, "the reopened debrief", |app| {
        screen(app) == Screen::Debrief
    });
    assert_eq!(app.world().resource::<DebriefData>().scorecard, shown);
}

#[test]
fn the_debrief_saves_a_printable_report_of_the_attempt() {
    use frontline::app::records::Records;
    use frontline::app::screens::debrief::DebriefCommand;
    use frontline::app::ui::debrief::DebriefAction;
    let mut app = headless_app("report", fixture_folder());
    fetch_the_manager_and_open_the_debrief(&mut app);
    app.world_mut()
        .write_message(DebriefCommand(DebriefAction::SaveHtml));
    app.update();
    app.update();
    let note = app
        .world()
        .resource::<DebriefData>()
        .note
        .clone()
        .unwrap_or_default();
    let dir = app.world().resource::<Records>().reports_dir();
    let saved: Vec<_> = std::fs::read_dir(&dir)
        .expect("a reports folder")
        .flatten()
        .collect();
    assert_eq!(saved.len(), 1, "{note}");
    let html = std::fs::read_to_string(saved[0].path()).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("The second leaking kettle"));
    assert!(note.starts_with("Report saved to"), "{note}");
}

#[test]
fn a_saved_attempt_queues_its_xapi_statements_for_the_lrs() {
    use frontline::app::records::Records;
    use frontline::records::lrs::Outbox;
    let mut app = headless_app("queue", fixture_folder());
    fetch_the_manager_and_open_the_debrief(&mut app);
    let root = app.world().resource::<Records>().store.root().to_path_buf();
    assert_eq!(
        Outbox::open(&root).waiting().len(),
        2,
        "one statement for the decision, one for the attempt"
    );
}

#[test]
fn the_history_screen_exports_the_cohort_as_csv_and_xapi() {
    use frontline::app::records::Records;
    use frontline::app::screens::history::HistoryCommand;
    use frontline::app::ui::history::HistoryAction;
    let mut app = headless_app("export", fixture_folder());
    fetch_the_manager_and_open_the_debrief(&mut app);
    app.world_mut()
        .resource_mut::<NextState<Screen>>()
        .set(Screen::History);
    app.update();
    app.update();
    app.world_mut()
        .write_message(HistoryCommand(HistoryAction::ExportCsv));
    app.update();
    app.world_mut()
        .write_message(HistoryCommand(HistoryAction::ExportXapi));
    app.update();
    let dir = app.world().resource::<Records>().reports_dir();
    let csv = std::fs::read_to_string(dir.join("cohort.csv")).expect("the CSV");
    assert_eq!(csv.lines().count(), 2, "a header and one attempt:\n{csv}");
    let xapi: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("statements.json")).unwrap())
            .unwrap();
    assert_eq!(xapi.as_array().map(Vec::len), Some(2));
}

#[test]
fn a_scenario_dropped_into_the_users_own_folder_appears_in_the_library() {
    // The data directory's scenarios/ folder, as FRONTLINE_DATA_DIR or the
    // platform directory gives it; the desktop app composes its folders with
    // the same `register_folder_sources` the test app uses.
    let data = std::env::temp_dir().join(format!("frontline-user-folder-{}", std::process::id()));
    let user_folder = data.join("scenarios");
    let _ = std::fs::remove_dir_all(&data);
    std::fs::create_dir_all(&user_folder).unwrap();
    std::fs::copy(
        super::support::fixture_folder().join("../valid/minimal.ron"),
        user_folder.join("my-own.ron"),
    )
    .unwrap();
    let mut app = headless_app("user-folder", user_folder.clone());
    run_until(&mut app, 400, "the user's folder to load", |app| {
        app.world()
            .resource::<Catalogue>()
            .find("minimal")
            .is_some()
    });
    let lib = app.world().resource::<Catalogue>();
    let entry = lib.find("minimal").unwrap();
    assert_eq!(
        entry.origin,
        frontline::app::assets::Origin::Folder(user_folder.clone())
    );
    assert!(entry.scenario().is_some());
    let _ = std::fs::remove_dir_all(&data);
}

#[test]
fn other_files_in_the_users_folder_do_not_hide_their_scenarios() {
    // Coaches keep notes, spreadsheets and drafts beside their scenarios.
    let data = std::env::temp_dir().join(format!("frontline-other-files-{}", std::process::id()));
    let user_folder = data.join("scenarios");
    let _ = std::fs::remove_dir_all(&data);
    std::fs::create_dir_all(&user_folder).unwrap();
    std::fs::copy(
        super::support::fixture_folder().join("../valid/minimal.ron"),
        user_folder.join("my-own.ron"),
    )
    .unwrap();
    std::fs::write(user_folder.join("notes.txt"), "ideas for next week").unwrap();
    std::fs::write(user_folder.join("cohort.json"), "{}").unwrap();
    std::fs::write(user_folder.join("my-own.ron.draft"), "Scenario(").unwrap();
    let mut app = headless_app("other-files", user_folder.clone());
    run_until(&mut app, 400, "the user's folder to load", |app| {
        app.world()
            .resource::<Catalogue>()
            .find("minimal")
            .is_some()
    });
    let _ = std::fs::remove_dir_all(&data);
}
