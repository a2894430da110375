//! The scenario editor as a coach uses it: a new scenario from the template,
//! edits by keyboard, undo, save into their own folder (where the library
//! picks it up), and a test conversation from a node that comes back.

use bevy::prelude::*;
use frontline::app::Screen;
use frontline::app::assets::Catalogue;
use frontline::app::screens::conversation::{ConversationCommand, Session};
use frontline::app::screens::editor::{EditRequest, EditorSession};
use frontline::app::ui::conversation::ConversationAction;
use frontline::editor::Selected;

use super::support::{data_dir, headless_app, press, press_with_ctrl, run_until, screen};

fn session(app: &App) -> &EditorSession {
    app.world().resource::<EditorSession>()
}

#[test]
fn a_coach_writes_a_new_scenario_saves_it_and_finds_it_in_the_library() {
    // The coach's scenario folder, as the app keeps it: `scenarios/` in the data folder.
    let folder = data_dir("editor-new-data").join("scenarios");
    std::fs::create_dir_all(&folder).unwrap();
    let mut app = headless_app("editor-new", folder.clone());
    run_until(&mut app, 400, "the library", |app| {
        !app.world().resource::<Catalogue>().entries.is_empty()
    });
    app.insert_resource(EditRequest::New);
    app.world_mut()
        .resource_mut::<NextState<Screen>>()
        .set(Screen::Editor);
    run_until(&mut app, 20, "the editor", |app| {
        screen(app) == Screen::Editor && app.world().contains_resource::<EditorSession>()
    });
    let path = session(&app).doc.path().unwrap().to_path_buf();
    assert!(path.starts_with(&folder), "saved in the coach's own folder");
    let nodes = session(&app).doc.scenario().nodes.len();
    // Ctrl+N adds a node (with no answers yet: a problem the checks show).
    press_with_ctrl(&mut app, KeyCode::KeyN);
    assert_eq!(session(&app).doc.scenario().nodes.len(), nodes + 1);
    assert!(matches!(session(&app).doc.selected, Selected::Node(_)));
    // Ctrl+Z takes it back.
    press_with_ctrl(&mut app, KeyCode::KeyZ);
    assert_eq!(session(&app).doc.scenario().nodes.len(), nodes);
    // A new answer, given a condition and a place to go, as the form sends them.
    use frontline::app::screens::editor::EditorCommand;
    use frontline::app::ui::editor::{Change, EditorAction};
    let send = |app: &mut App, a: EditorAction| {
        app.world_mut().write_message(EditorCommand(a));
        app.update();
    };
    send(&mut app, EditorAction::AddChoice("opening".into()));
    let index = session(&app)
        .doc
        .scenario()
        .node("opening")
        .unwrap()
        .choices
        .len()
        - 1;
    let mut answer = session(&app)
        .doc
        .scenario()
        .node("opening")
        .unwrap()
        .choices[index]
        .clone();
    answer.text = "Can I take your order number?".into();
    answer.next = "resolved".into();
    answer.listening = 1;
    answer.when = Some(frontline::scenario::Condition::MoodAtLeast(40));
    send(
        &mut app,
        EditorAction::Edit {
            label: "Edit answer",
            field: "answer".into(),
            change: Change::Choice("opening".into(), index, Box::new(answer)),
        },
    );
    // Ctrl+S saves a file that loads and checks clean of errors.
    press_with_ctrl(&mut app, KeyCode::KeyS);
    let text = std::fs::read_to_string(&path).expect("saved");
    let loaded = frontline::scenario::load_str("saved.ron", &text);
    assert!(
        loaded.scenario.is_some(),
        "{}",
        loaded.report.render_plain()
    );
    press(&mut app, KeyCode::Escape);
    run_until(&mut app, 10, "the library", |app| {
        screen(app) == Screen::Library
    });
    assert!(!app.world().contains_resource::<EditorSession>());
    // The library reads it from the folder (the desktop app watches the
    // folder; the headless test app reads it when it starts).
    let mut app = headless_app("editor-new-again", folder);
    run_until(&mut app, 600, "the new scenario in the library", |app| {
        app.world()
            .resource::<Catalogue>()
            .find("my-scenario")
            .is_some()
    });
}

#[test]
fn playing_from_a_node_tries_it_out_and_comes_back_to_the_editor() {
    let folder = data_dir("editor-play-data").join("scenarios");
    std::fs::create_dir_all(&folder).unwrap();
    let mut app = headless_app("editor-play", folder);
    run_until(&mut app, 400, "the library", |app| {
        app.world()
            .resource::<Catalogue>()
            .find("returns-desk-leaking-kettle")
            .is_some()
    });
    let key = app
        .world()
        .resource::<Catalogue>()
        .find("returns-desk-leaking-kettle")
        .unwrap()
        .key
        .clone();
    app.insert_resource(EditRequest::Entry(key));
    app.world_mut()
        .resource_mut::<NextState<Screen>>()
        .set(Screen::Editor);
    run_until(&mut app, 20, "the editor", |app| {
        app.world().contains_resource::<EditorSession>()
    });
    // A built-in scenario is edited as a copy.
    assert_eq!(
        session(&app).doc.scenario().id,
        "returns-desk-leaking-kettle-copy"
    );
    app.world_mut().resource_mut::<EditorSession>().doc.selected = Selected::Node("options".into());
    press(&mut app, KeyCode::F5);
    run_until(&mut app, 10, "the test conversation", |app| {
        screen(app) == Screen::Conversation
    });
    {
        let mut q = app.world_mut().query::<&Session>();
        let s = q.single(app.world()).unwrap();
        assert!(s.trial, "an author's test is not a trainee's attempt");
        let frontline::engine::Step::Turn(view) = s.conversation.step() else {
            panic!("a turn")
        };
        assert_eq!(view.node_id, "options");
    }
    app.world_mut()
        .write_message(ConversationCommand(ConversationAction::Library));
    run_until(&mut app, 10, "back in the editor", |app| {
        screen(app) == Screen::Editor
    });
    assert_eq!(
        session(&app).doc.scenario().id,
        "returns-desk-leaking-kettle-copy",
        "where the author left off"
    );
}

/// The editor's panels for `doc` at 1920×1080, with the labels in `clicks`
/// clicked in order; returns what the author asked for.
fn click_through(
    doc: &frontline::editor::EditDoc,
    clicks: &[&str],
) -> Vec<frontline::app::ui::editor::EditorAction> {
    use bevy_egui::egui;
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;
    use frontline::app::ui::editor::{EditorView, PlayFrom, editor_ui};
    let layout = frontline::editor::layered_layout(doc.scenario());
    let diagnostics = doc.diagnostics();
    let actions = std::cell::RefCell::new(Vec::new());
    let mut rect = egui::Rect::ZERO;
    let mut play = PlayFrom::default();
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1920.0, 1080.0))
        .build_ui(|ui| {
            let mut view = EditorView {
                doc,
                diagnostics: &diagnostics,
                analysis: None,
                layout: &layout,
                scene_rect: &mut rect,
                message: None,
                question: None,
                draft_found: false,
                play: &mut play,
            };
            actions.borrow_mut().extend(editor_ui(ui, &mut view));
        });
    harness.run();
    for label in clicks {
        harness.get_by_label(label).click();
        harness.run();
    }
    drop(harness);
    actions.into_inner()
}

#[test]
fn the_condition_builder_puts_a_condition_on_an_answer_without_typing_ron() {
    use frontline::app::ui::editor::{Change, EditorAction};
    use frontline::editor::{EditDoc, template};
    use frontline::scenario::{Channel, Condition, Persona};

    let mut doc = EditDoc::new(template("t", Persona::Upset, Channel::Phone, "desk").unwrap());
    doc.selected = Selected::Choice("opening".into(), 0);
    let actions = click_through(&doc, &["only under a condition", "➕ a new node"]);
    assert!(
        actions.contains(&EditorAction::NewNodeFor("opening".into(), 0)),
        "a new node made in place from the answer"
    );
    let edited = actions.iter().find_map(|a| match a {
        EditorAction::Edit {
            change: Change::Choice(node, 0, choice),
            ..
        } if node == "opening" => Some(choice.when.clone()),
        _ => None,
    });
    assert_eq!(edited, Some(Some(Condition::MoodAtLeast(50))));
}

#[test]
fn after_a_crash_the_editor_offers_the_draft_and_restores_it() {
    use frontline::app::screens::editor::EditorCommand;
    use frontline::app::ui::editor::EditorAction;
    let folder = data_dir("editor-draft-data").join("scenarios");
    std::fs::create_dir_all(&folder).unwrap();
    let mut doc = frontline::editor::EditDoc::new(
        frontline::editor::template(
            "my-draft",
            frontline::scenario::Persona::Upset,
            frontline::scenario::Channel::Chat,
            "chat",
        )
        .unwrap(),
    );
    let path = folder.join("my-draft.ron");
    doc.set_path(path.clone());
    doc.save(false).unwrap();
    doc.edit("Retitle", |s| s.title = "Half-written title".into());
    doc.save_draft().unwrap();
    drop(doc); // the app was killed with this unsaved
    let mut app = headless_app("editor-draft", folder);
    run_until(&mut app, 600, "the file in the library", |app| {
        app.world()
            .resource::<Catalogue>()
            .find("my-draft")
            .is_some()
    });
    let key = app
        .world()
        .resource::<Catalogue>()
        .find("my-draft")
        .unwrap()
        .key
        .clone();
    app.insert_resource(EditRequest::Entry(key));
    app.world_mut()
        .resource_mut::<NextState<Screen>>()
        .set(Screen::Editor);
    run_until(&mut app, 20, "the editor", |app| {
        app.world().contains_resource::<EditorSession>()
    });
    assert_eq!(session(&app).doc.scenario().title, "A new conversation");
    app.world_mut()
        .write_message(EditorCommand(EditorAction::RestoreDraft));
    app.update();
    assert_eq!(session(&app).doc.scenario().title, "Half-written title");
    assert!(session(&app).doc.is_dirty(), "restored, not yet saved");
    assert_eq!(session(&app).doc.path(), Some(path.as_path()));
}

#[test]
fn an_answer_can_set_a_flag_already_in_use_by_picking_it() {
    use frontline::app::ui::editor::{Change, EditorAction};
    use frontline::editor::{EditDoc, template};
    use frontline::scenario::{Channel, Persona};

    let mut doc = EditDoc::new(template("t", Persona::Upset, Channel::Phone, "desk").unwrap());
    doc.edit("Set a flag", |s| {
        s.nodes[0].choices[0].sets = vec!["heard".into()]
    });
    doc.selected = Selected::Choice("opening".into(), 1);
    let actions = click_through(&doc, &["heard"]);
    let sets = actions.iter().find_map(|a| match a {
        EditorAction::Edit {
            change: Change::Choice(_, 1, choice),
            ..
        } => Some(choice.sets.clone()),
        _ => None,
    });
    assert_eq!(sets, Some(vec!["heard".to_string()]));
}
