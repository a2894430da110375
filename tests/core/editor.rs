//! The scenario editor's model, as an author lives it: every built-in
//! scenario survives a round trip, edits undo and redo, nothing on disk is
//! overwritten without asking, and a draft survives a crash.

use frontline::editor::{
    EditDoc, SaveError, Saved, Selected, draft_path, has_comments, layered_layout, template, to_ron,
};
use frontline::scenario::validate::validate;
use frontline::scenario::{Channel, Persona, load_str};

use super::support::{root, shipped_files};

fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("frontline-editor-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn every_built_in_scenario_round_trips_through_the_editor() {
    for path in shipped_files() {
        let source = std::fs::read_to_string(&path).unwrap();
        let name = path.display().to_string();
        let original = load_str(&name, &source).scenario.unwrap();
        let written = to_ron(&original);
        let loaded = load_str("written.ron", &written);
        let again = loaded
            .scenario
            .unwrap_or_else(|| panic!("{name} wrote text that does not load:\n{written}"));
        assert_eq!(*again, *original, "{name} changed in the round trip");
        assert_eq!(
            validate(&again).len(),
            validate(&original).len(),
            "{name}: the same diagnostics"
        );
        assert!(
            written.starts_with("Scenario(\n    format_version: 1,"),
            "{name}"
        );
        assert!(
            !written.contains("narration: false") && !written.contains("sets: []"),
            "defaults are left out, as a person writes them: {name}"
        );
    }
}

#[test]
fn a_new_scenario_from_the_template_checks_clean_apart_from_what_the_author_must_write() {
    let s = template("late-parcel", Persona::Upset, Channel::Chat, "parcel depot").unwrap();
    assert_eq!(s.channel, Channel::Chat);
    let errors: Vec<_> = validate(&s)
        .into_iter()
        .filter(|d| d.severity == frontline::scenario::Severity::Error)
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    // A setting with quotes and non-ASCII survives the template.
    let odd = template(
        "odd",
        Persona::Angry,
        Channel::Social,
        "caf\u{e9} \"Le Zinc\"",
    )
    .unwrap();
    assert_eq!(odd.setting, "caf\u{e9} \"Le Zinc\"");
}

#[test]
fn adding_nodes_and_choices_renaming_and_undoing_keep_the_story_connected() {
    let mut doc = EditDoc::new(template("t", Persona::Confused, Channel::Phone, "desk").unwrap());
    let node = doc.add_node("follow_up");
    assert_eq!(doc.selected, Selected::Node(node.clone()));
    let i = doc.add_choice("opening", &node).unwrap();
    assert_eq!(doc.selected, Selected::Choice("opening".into(), i));
    // Mid-way states are allowed: the new node has no answers yet.
    assert!(doc.diagnostics().iter().any(|d| d.code == "dead-end"));
    doc.add_choice(&node, "resolved").unwrap();
    assert!(doc.rename_node(&node, "checks_details"));
    let s = doc.scenario();
    assert!(s.node("checks_details").is_some());
    assert_eq!(s.node("opening").unwrap().choices[i].next, "checks_details");
    assert!(!doc.rename_node("opening", "resolved"), "ids stay unique");
    // Undo the rename, then the added choice; redo the rename.
    assert_eq!(doc.undo_label(), Some("Rename node"));
    assert!(doc.undo());
    assert_eq!(
        doc.scenario().node("opening").unwrap().choices[i].next,
        node
    );
    assert!(doc.undo());
    assert!(doc.scenario().node(&node).unwrap().choices.is_empty());
    assert!(doc.redo());
    assert_eq!(doc.redo_label(), Some("Rename node"));
    assert!(doc.redo());
    assert!(doc.scenario().node("checks_details").is_some());
    let layout = layered_layout(doc.scenario());
    assert_eq!(layout.cells["opening"].0, 0);
    assert_eq!(layout.cells["checks_details"].0, 1);
}

#[test]
fn removing_a_node_leaves_its_callers_pointing_at_it_as_a_problem_to_fix() {
    let mut doc = EditDoc::new(template("t", Persona::Charming, Channel::Email, "inbox").unwrap());
    doc.remove_node("resolved");
    assert!(doc.diagnostics().iter().any(|d| d.code == "unknown-node"));
    assert!(doc.undo());
    assert!(!doc.diagnostics().iter().any(|d| d.code == "unknown-node"));
}

#[test]
fn saving_never_overwrites_a_file_changed_on_disk_or_drops_comments_without_asking() {
    let dir = temp_dir("conflict");
    let path = dir.join("kettle.ron");
    let source =
        std::fs::read_to_string(root().join("scenarios/returns-desk-leaking-kettle.ron")).unwrap();
    std::fs::write(&path, &source).unwrap();
    let scenario = load_str("kettle.ron", &source).scenario.unwrap();
    let (mut doc, draft) = EditDoc::open(&path, &source, (*scenario).clone());
    assert!(draft.is_none());
    assert!(has_comments(&source) && doc.had_comments());
    doc.edit("Retitle", |s| s.title = "The third leaking kettle".into());
    // The file has hand-written comments.
    assert!(matches!(
        doc.save(false),
        Err(SaveError::WouldDropComments(_))
    ));
    // Someone changes the file meanwhile.
    std::fs::write(&path, source.replace("Gary Doyle", "Gareth Doyle")).unwrap();
    assert!(matches!(doc.save(false), Err(SaveError::ChangedOnDisk(_))));
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .contains("Gareth Doyle"),
        "the other change is still there"
    );
    // Save as a copy instead: the original stays as it is.
    let copy = dir.join("kettle-copy.ron");
    doc.set_path(copy.clone());
    assert_eq!(doc.save(false).unwrap(), Saved::File(copy.clone()));
    let saved = std::fs::read_to_string(&copy).unwrap();
    let reloaded = load_str("kettle-copy.ron", &saved);
    assert_eq!(reloaded.scenario.unwrap().title, "The third leaking kettle");
    assert!(reloaded.report.diagnostics.is_empty());
}

#[test]
fn a_scenario_with_errors_is_saved_as_a_draft_and_the_file_is_untouched() {
    let dir = temp_dir("errors");
    let path = dir.join("new.ron");
    let mut doc = EditDoc::new(template("new", Persona::Upset, Channel::Phone, "desk").unwrap());
    doc.set_path(path.clone());
    assert!(matches!(doc.save(false).unwrap(), Saved::File(_)));
    let good = std::fs::read_to_string(&path).unwrap();
    doc.edit("Point at a missing node", |s| {
        s.nodes[0].choices[0].next = "nowhere".into();
    });
    match doc.save(false).unwrap() {
        Saved::DraftWithErrors { draft, errors } => {
            assert_eq!(errors, 1);
            assert_eq!(draft, draft_path(&path));
            assert!(std::fs::read_to_string(&draft).unwrap().contains("nowhere"));
        }
        other => panic!("saved {other:?}"),
    }
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        good,
        "the file is untouched"
    );
}

#[test]
fn a_draft_left_by_a_crash_is_offered_when_the_file_is_opened_again() {
    let dir = temp_dir("draft");
    let path = dir.join("mine.ron");
    let mut doc = EditDoc::new(template("mine", Persona::Angry, Channel::Chat, "chat").unwrap());
    doc.set_path(path.clone());
    doc.save(false).unwrap();
    doc.edit("Retitle", |s| s.title = "Work in progress".into());
    doc.save_draft().unwrap();
    drop(doc); // the app is killed here
    let source = std::fs::read_to_string(&path).unwrap();
    let scenario = load_str("mine.ron", &source).scenario.unwrap();
    let (_, draft) = EditDoc::open(&path, &source, (*scenario).clone());
    let draft = draft.expect("the draft is offered");
    assert!(draft.contains("Work in progress"));
    assert!(load_str("draft.ron", &draft).scenario.is_some());
}

#[test]
fn typing_into_one_field_is_one_undo_step() {
    let mut doc = EditDoc::new(template("t", Persona::Upset, Channel::Chat, "chat").unwrap());
    for title in ["A", "A l", "A late", "A late parcel"] {
        doc.edit_typing("Edit title", "title", |s| s.title = title.into());
    }
    doc.edit_typing("Edit premise", "premise", |s| s.premise = "Short.".into());
    assert!(doc.undo());
    assert_eq!(doc.scenario().title, "A late parcel");
    assert!(doc.undo());
    assert_eq!(
        doc.scenario().title,
        "A new conversation",
        "the whole run at once"
    );
}

#[test]
fn an_author_can_try_a_node_with_the_mood_and_flags_they_choose() {
    let s = std::sync::Arc::new(
        load_str(
            "kettle.ron",
            &std::fs::read_to_string(root().join("scenarios/returns-desk-leaking-kettle.ron"))
                .unwrap(),
        )
        .scenario
        .unwrap()
        .as_ref()
        .clone(),
    );
    let c = frontline::engine::Conversation::start_at(
        s.clone(),
        1,
        "options",
        55,
        &["heard".to_string(), "no-such-flag".to_string()],
        4,
    )
    .unwrap();
    let frontline::engine::Step::Turn(view) = c.step() else {
        panic!("a turn")
    };
    assert_eq!(view.node_id, "options");
    assert_eq!(view.mood, 55);
    assert_eq!(view.turn, 4);
    assert!(
        frontline::engine::Conversation::start_at(s, 1, "nowhere", 50, &[], 0).is_err(),
        "an unknown node is refused, not a panic"
    );
}
