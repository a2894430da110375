//! The egui panels on their own, driven with egui_kittest: what a trainee sees and clicks.

use std::sync::Arc;

use bevy_egui::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use frontline::app::assets::{Catalogue, LibraryEntry, Origin};
use frontline::app::ui::conversation::{ConversationAction, ConversationView, conversation_ui};
use frontline::app::ui::debrief::{DebriefAction, debrief_ui};
use frontline::app::ui::library::{LibraryAction, LibraryFilter, library_ui};
use frontline::engine::Conversation;
use frontline::scenario::library::load_builtin;
use frontline::scenario::{Persona, Scenario};
use frontline::scoring::score;

fn library() -> Catalogue {
    let lib = load_builtin();
    Catalogue {
        entries: lib
            .scenarios
            .into_iter()
            .map(|l| LibraryEntry {
                key: l.report.file.clone(),
                origin: Origin::BuiltIn,
                loaded: l,
            })
            .collect(),
        tracks: lib.tracks,
        generation: 1,
    }
}

fn kettle() -> Arc<Scenario> {
    library()
        .find("returns-desk-leaking-kettle")
        .and_then(|e| e.scenario().cloned())
        .unwrap()
}

#[test]
fn the_library_shows_a_card_per_scenario_and_opens_the_one_clicked() {
    let lib = library();
    let count = format!("{} scenarios", lib.entries.len());
    let mut opened = None;
    let mut filter = LibraryFilter::default();
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 2400.0))
        .build_ui(|ui| {
            if let Some(a) = library_ui(ui, &lib, &mut filter, &|_| None) {
                opened = Some(a);
            }
        });
    harness.run();
    harness.get_by_label("The second leaking kettle");
    harness.get_by_label(&count);
    drop(harness);
    let _ = opened;
}

#[test]
fn filtering_by_persona_keeps_only_those_customers() {
    let lib = library();
    let mut filter = LibraryFilter::default();
    filter.personas.insert(Persona::Angry);
    let angry = lib
        .entries
        .iter()
        .filter_map(|e| e.scenario())
        .filter(|s| filter.matches(s))
        .count();
    assert!(angry >= 4);
    assert!(
        lib.entries
            .iter()
            .filter_map(|e| e.scenario())
            .filter(|s| filter.matches(s))
            .all(|s| s.persona == Persona::Angry)
    );
    let search = LibraryFilter {
        search: "kettle".into(),
        ..Default::default()
    };
    let found: Vec<_> = lib
        .entries
        .iter()
        .filter_map(|e| e.scenario())
        .filter(|s| search.matches(s))
        .collect();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].id, "returns-desk-leaking-kettle");
}

#[test]
fn clicking_a_cards_open_button_asks_for_that_scenario() {
    let lib = library();
    let mut filter = LibraryFilter {
        search: "kettle".into(),
        ..Default::default()
    };
    let mut action = None;
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_ui(|ui| {
            if let Some(a) = library_ui(ui, &lib, &mut filter, &|_| None) {
                action = Some(a);
            }
        });
    harness.run();
    harness.get_by_label("Open").click();
    harness.run();
    drop(harness);
    let key = lib.find("returns-desk-leaking-kettle").unwrap().key.clone();
    assert_eq!(action, Some(LibraryAction::Open(key)));
}

#[test]
fn clicking_a_choice_on_the_conversation_screen_chooses_it() {
    let s = kettle();
    let c = Conversation::start(Arc::clone(&s), 1).unwrap();
    let mut action = None;
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 720.0))
        .build_ui(|ui| {
            let view = ConversationView {
                scenario: &s,
                step: c.step(),
                transcript: c.transcript(),
                revealed: usize::MAX,
                remaining: None,
                elapsed: 3.0,
                feedback: None,
                paused: false,
                reload_offer: false,
            };
            if let Some(a) = conversation_ui(ui, &view) {
                action = Some(a);
            }
        });
    harness.run();
    harness.get_by_label("At the counter");
    harness
        .get_by_label_contains("I'm sorry it's happened twice")
        .click();
    harness.run();
    drop(harness);
    // The apology is written second; seed 1 shows it wherever the shuffle put it.
    let shown = c.position_of(1).expect("on offer");
    assert_eq!(action, Some(ConversationAction::Choose(shown)));
}

#[test]
fn the_debrief_shows_the_scores_the_verdict_and_the_better_choice() {
    let s = kettle();
    let mut c = Conversation::start(Arc::clone(&s), 7).unwrap();
    // The worked example of docs/scoring.md, typed as seed 7 shows the choices.
    for n in [4, 2, 1, 2, 2, 3] {
        c.choose(n - 1).unwrap();
    }
    let card = score(&s, c.transcript());
    let mut action = None;
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1920.0, 3000.0))
        .build_ui(|ui| {
            if let Some(a) = debrief_ui(ui, &s, c.transcript(), &card) {
                action = Some(a);
            }
        });
    harness.run();
    // What decided the attempt comes first, in plain words.
    harness.get_by_label_contains("An acceptable ending (Escalated to a manager)");
    harness.get_by_label("59");
    harness.get_by_label("NOT YET");
    harness.get_by_label("67");
    harness.get_by_label("79");
    harness.get_by_label("71");
    harness.get_by_label_contains(
        "You handed over a problem you had the authority to solve yourself: unnecessary.",
    );
    harness.get_by_label_contains("Better: That's one for Customer Relations");
    harness.get_by_label("Retry, same seed  (R)").click();
    harness.run();
    drop(harness);
    assert_eq!(action, Some(DebriefAction::RetrySameSeed));
}
