//! The scenario editor screen: the core's [`EditDoc`] in a resource that
//! lives while the author edits (and while they try a node out in a test
//! conversation), checked after every edit and audited a moment after
//! typing stops, with the work kept as a draft beside the file.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, channel};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use super::{Screen, ScreenUi, Selection};
use crate::app::assets::{Catalogue, LibraryFolders, Origin};
use crate::app::keys::BACK_KEY;
use crate::app::redraw::Animation;
use crate::app::ui::editor::{Change, EditorAction, EditorView, PlayFrom, editor_ui};
use crate::app::ui::root_ui;
use crate::editor::{EditDoc, Layout, SaveError, Saved, Selected, layered_layout, template};
use crate::scenario::{Channel, Diagnostic, Persona, Scenario, load_str};

/// What to open in the editor.
#[derive(Debug, Clone, Resource)]
pub enum EditRequest {
    /// A new scenario from the template.
    New,
    /// The library file with this key (a built-in one is copied first).
    Entry(String),
}

/// A request in the editor, by click or key.
#[derive(Debug, Clone, Message)]
pub struct EditorCommand(pub EditorAction);

/// Seconds without an edit before the analysis and the audit run.
const ANALYSIS_DELAY: f64 = 0.7;
/// Seconds between drafts while there are unsaved edits.
const DRAFT_EVERY: f64 = 5.0;

/// The scenario being edited, while the editor (or a test conversation
/// started from it) is open.
#[derive(Resource)]
pub struct EditorSession {
    /// The document.
    pub doc: EditDoc,
    user_folder: PathBuf,
    diagnostics: Vec<Diagnostic>,
    layout: Layout,
    analysis: Option<Vec<String>>,
    job: Option<Mutex<Receiver<Vec<String>>>>,
    last_edit: f64,
    last_draft: f64,
    scene_rect: egui::Rect,
    message: Option<String>,
    question: Option<String>,
    draft: Option<String>,
    play: PlayFrom,
    /// Set while a test conversation runs: leaving it comes back here.
    pub testing: bool,
}

impl EditorSession {
    fn new(doc: EditDoc, user_folder: PathBuf, draft: Option<String>) -> Self {
        let mut session = EditorSession {
            play: PlayFrom {
                mood: doc.scenario().customer.mood.unwrap_or(50),
                ..Default::default()
            },
            doc,
            user_folder,
            diagnostics: Vec::new(),
            layout: Layout::default(),
            analysis: None,
            job: None,
            last_edit: 0.0,
            last_draft: 0.0,
            scene_rect: egui::Rect::ZERO,
            message: None,
            question: None,
            draft,
            testing: false,
        };
        session.refresh();
        session
    }

    /// Re-runs the quick checks and the layout after an edit.
    fn refresh(&mut self) {
        self.diagnostics = self.doc.diagnostics();
        self.layout = layered_layout(self.doc.scenario());
        self.analysis = None;
        self.job = None;
    }

    fn free_path(&self, id: &str) -> (String, PathBuf) {
        let mut n = 1;
        loop {
            let candidate = if n == 1 {
                id.to_string()
            } else {
                format!("{id}-{n}")
            };
            let path = self.user_folder.join(format!("{candidate}.ron"));
            if !path.exists() {
                return (candidate, path);
            }
            n += 1;
        }
    }
}

pub(super) fn plugin(app: &mut App) {
    app.add_message::<EditorCommand>();
    app.add_systems(OnEnter(Screen::Editor), open_editor);
    app.add_systems(OnEnter(Screen::Library), close_editor);
    app.add_systems(
        EguiPrimaryContextPass,
        draw_editor
            .in_set(ScreenUi)
            .run_if(in_state(Screen::Editor).and_then(resource_exists::<EditorSession>)),
    );
    app.add_systems(
        Update,
        (
            read_editor_keys,
            apply_editor_commands,
            run_checks_when_idle,
        )
            .chain()
            .run_if(in_state(Screen::Editor).and_then(resource_exists::<EditorSession>)),
    );
}

fn open_editor(
    mut commands: Commands,
    request: Option<Res<EditRequest>>,
    existing: Option<ResMut<EditorSession>>,
    catalogue: Res<Catalogue>,
    folders: Res<LibraryFolders>,
    mut next: ResMut<NextState<Screen>>,
) {
    commands.spawn((Name::new("Editor screen"), DespawnOnExit(Screen::Editor)));
    if let Some(mut session) = existing {
        // Back from a test conversation.
        session.testing = false;
        return;
    }
    let user_folder = folders
        .0
        .first()
        .map(|f| f.dir.clone())
        .unwrap_or_else(|| crate::app::settings::data_dir().join("scenarios"));
    let Some(request) = request else {
        next.set(Screen::Library);
        return;
    };
    commands.remove_resource::<EditRequest>();
    let session = match &*request {
        EditRequest::New => {
            let Ok(s) = template("my-scenario", Persona::Upset, Channel::Phone, "help desk") else {
                next.set(Screen::Library);
                return;
            };
            let mut session = EditorSession::new(EditDoc::new(s), user_folder, None);
            let (id, path) = session.free_path("my-scenario");
            session.doc.edit("Name the scenario", |s| s.id = id);
            session.doc.set_path(path);
            session.refresh();
            session
        }
        EditRequest::Entry(key) => {
            let Some(entry) = catalogue.by_key(key) else {
                next.set(Screen::Library);
                return;
            };
            let Some(scenario) = entry.scenario() else {
                next.set(Screen::Library);
                return;
            };
            match &entry.origin {
                Origin::BuiltIn => {
                    // The built-in library never changes: edit a copy in the user's folder.
                    let mut session =
                        EditorSession::new(EditDoc::new((**scenario).clone()), user_folder, None);
                    let (id, path) = session.free_path(&format!("{}-copy", scenario.id));
                    let title = format!("{} (my copy)", scenario.title);
                    session.doc.edit("Copy the scenario", |s| {
                        s.id = id;
                        s.title = title;
                    });
                    session.doc.set_path(path);
                    session.message = Some(
                        "This is your copy of a built-in scenario; the original stays as it is."
                            .into(),
                    );
                    session.refresh();
                    session
                }
                Origin::Folder(_) => {
                    let path = PathBuf::from(&entry.loaded.report.file);
                    let source = std::fs::read_to_string(&path)
                        .unwrap_or_else(|_| entry.loaded.report.source.clone());
                    let (doc, draft) = EditDoc::open(&path, &source, (**scenario).clone());
                    let mut session = EditorSession::new(doc, user_folder, draft);
                    if session.doc.had_comments() {
                        session.message = Some(
                            "This file has comments written by hand: saving will ask before dropping them."
                                .into(),
                        );
                    }
                    session
                }
            }
        }
    };
    commands.insert_resource(session);
}

/// Back at the library the editor is closed; its draft stays on disk.
fn close_editor(mut commands: Commands, session: Option<Res<EditorSession>>) {
    if let Some(s) = session
        && !s.testing
    {
        if s.doc.is_dirty() {
            let _ = s.doc.save_draft();
        }
        commands.remove_resource::<EditorSession>();
    }
}

fn draw_editor(
    mut contexts: EguiContexts,
    mut session: ResMut<EditorSession>,
    mut requests: MessageWriter<EditorCommand>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut root = root_ui(ctx);
    let s = &mut *session;
    let mut scene_rect = s.scene_rect;
    let mut play = s.play.clone();
    let actions = {
        let mut view = EditorView {
            doc: &s.doc,
            diagnostics: &s.diagnostics,
            analysis: s.analysis.as_deref(),
            layout: &s.layout,
            scene_rect: &mut scene_rect,
            message: s.message.as_deref(),
            question: s.question.as_deref(),
            draft_found: s.draft.is_some(),
            play: &mut play,
        };
        editor_ui(&mut root, &mut view)
    };
    s.scene_rect = scene_rect;
    s.play = play;
    for a in actions {
        requests.write(EditorCommand(a));
    }
    Ok(())
}

fn apply_editor_commands(
    mut requests: MessageReader<EditorCommand>,
    mut session: ResMut<EditorSession>,
    time: Res<Time>,
    mut commands: Commands,
    mut next: ResMut<NextState<Screen>>,
) {
    let now = time.elapsed_secs_f64();
    for EditorCommand(a) in requests.read() {
        apply(&mut session, a.clone(), now, &mut commands, &mut next);
    }
}

/// Applies one action through the document.
fn apply(
    s: &mut EditorSession,
    action: EditorAction,
    now: f64,
    commands: &mut Commands,
    next: &mut NextState<Screen>,
) {
    let mut edited = false;
    match action {
        EditorAction::Select(sel) => s.doc.selected = sel,
        EditorAction::Edit {
            label,
            field,
            change,
        } => {
            match change {
                Change::Details(d) => s.doc.edit_typing(label, &field, |sc| {
                    let nodes = std::mem::take(&mut sc.nodes);
                    *sc = *d;
                    sc.nodes = nodes;
                }),
                Change::Node(id, node) => s.doc.edit_typing(label, &field, |sc| {
                    if let Some(i) = sc.node_index(&id) {
                        sc.nodes[i] = *node;
                    }
                }),
                Change::Choice(id, index, choice) => s.doc.edit_typing(label, &field, |sc| {
                    if let Some(c) = sc
                        .node_index(&id)
                        .and_then(|i| sc.nodes[i].choices.get_mut(index))
                    {
                        *c = *choice;
                    }
                }),
                Change::Rename(from, to) => {
                    if !s.doc.rename_node(&from, &to) {
                        s.message = Some(format!(
                            "\"{to}\" is empty or already used by another node."
                        ));
                    }
                }
            }
            edited = true;
        }
        EditorAction::AddNode => {
            s.doc.add_node("node");
            edited = true;
        }
        EditorAction::AddEnding => {
            let id = s.doc.add_node("ending");
            s.doc.edit("Make it an ending", |sc| {
                if let Some(i) = sc.node_index(&id) {
                    sc.nodes[i].say.clear();
                    sc.nodes[i].ending = Some(crate::scenario::Ending {
                        outcome: crate::scenario::Outcome::Resolved,
                        verdict: Some(crate::scenario::Verdict::Good),
                        text: "How it ends.".into(),
                    });
                }
            });
            edited = true;
        }
        EditorAction::AddChoice(node) => {
            let target = s.doc.scenario().start.clone();
            s.doc.add_choice(&node, &target);
            edited = true;
        }
        EditorAction::NewNodeFor(node, index) => {
            let id = s.doc.add_node("node");
            s.doc.edit("Lead the answer to the new node", |sc| {
                if let Some(c) = sc
                    .node_index(&node)
                    .and_then(|i| sc.nodes[i].choices.get_mut(index))
                {
                    c.next = id.clone();
                }
            });
            s.doc.selected = Selected::Node(id);
            edited = true;
        }
        EditorAction::MoveChoiceUp(node, index) => {
            s.doc.edit("Move answer up", |sc| {
                if let Some(i) = sc.node_index(&node)
                    && index > 0
                    && index < sc.nodes[i].choices.len()
                {
                    sc.nodes[i].choices.swap(index - 1, index);
                }
            });
            edited = true;
        }
        EditorAction::RemoveSelected => {
            match s.doc.selected.clone() {
                Selected::Node(id) => s.doc.remove_node(&id),
                Selected::Choice(id, i) => {
                    s.doc.edit("Remove answer", |sc| {
                        if let Some(n) = sc.node_index(&id) {
                            sc.nodes[n].choices.remove(i);
                        }
                    });
                    s.doc.selected = Selected::Node(id);
                }
                Selected::Details => {}
            }
            edited = true;
        }
        EditorAction::Undo => edited = s.doc.undo(),
        EditorAction::Redo => edited = s.doc.redo(),
        EditorAction::Save => save(s, false),
        EditorAction::SaveAnyway => save(s, true),
        EditorAction::SaveCopy => {
            let (id, path) = s.free_path(&format!("{}-copy", s.doc.scenario().id));
            s.doc.edit("Save as a copy", |sc| sc.id = id);
            s.doc.set_path(path);
            save(s, false);
            edited = true;
        }
        EditorAction::DismissQuestion => s.question = None,
        EditorAction::RestoreDraft => {
            if let Some(text) = s.draft.take() {
                match load_str("draft.ron", &text).scenario {
                    Some(d) => {
                        let restored: Scenario = (*d).clone();
                        s.doc.edit("Restore the draft", |sc| *sc = restored);
                        edited = true;
                    }
                    None => {
                        s.message =
                            Some("The draft no longer loads; it was left beside the file.".into());
                    }
                }
            }
        }
        EditorAction::PlayFromHere => {
            let node = match &s.doc.selected {
                Selected::Node(id) | Selected::Choice(id, _) => id.clone(),
                Selected::Details => s.doc.scenario().start.clone(),
            };
            let errors = s
                .diagnostics
                .iter()
                .any(|d| d.severity == crate::scenario::Severity::Error);
            if errors {
                s.message = Some(
                    "Fix the errors first: a test conversation needs a scenario that loads.".into(),
                );
            } else {
                commands.insert_resource(Selection {
                    key: format!("editor:{}", s.doc.scenario().id),
                    scenario: Arc::new(s.doc.scenario().clone()),
                    seed: crate::engine::fresh_seed(),
                });
                commands.insert_resource(super::conversation::PlayFromHere {
                    node,
                    mood: s.play.mood,
                    flags: s.play.flags.iter().cloned().collect(),
                    turn: s.play.turn,
                });
                s.testing = true;
                next.set(Screen::Conversation);
            }
        }
        EditorAction::FitGraph => s.scene_rect = egui::Rect::ZERO,
        EditorAction::Close => next.set(Screen::Library),
    }
    if edited {
        s.last_edit = now;
        s.refresh();
    }
}

fn save(s: &mut EditorSession, force: bool) {
    s.question = None;
    match s.doc.save(force) {
        Ok(Saved::File(path)) => {
            s.message = Some(format!(
                "Saved {}. The library picks it up by itself.",
                path.display()
            ));
        }
        Ok(Saved::DraftWithErrors { draft, errors }) => {
            s.message = Some(format!(
                "{errors} errors left, so this was kept as a draft ({}); the scenario file is unchanged until they are fixed.",
                draft.display()
            ));
        }
        Err(SaveError::ChangedOnDisk(path)) => {
            s.question = Some(format!(
                "{} changed on disk since you opened it. Saving would overwrite those changes.",
                path.display()
            ));
        }
        Err(SaveError::WouldDropComments(path)) => {
            s.question = Some(format!(
                "{} has comments written by hand, which saving would drop.",
                path.display()
            ));
        }
        Err(e) => s.message = Some(format!("Could not save: {e}")),
    }
}

fn read_editor_keys(
    keys: Res<ButtonInput<KeyCode>>,
    mut contexts: EguiContexts,
    mut requests: MessageWriter<EditorCommand>,
) -> Result {
    let typing = contexts.ctx_mut()?.text_edit_focused();
    let ctrl = keys.any_pressed([KeyCode::ControlLeft, KeyCode::ControlRight]);
    let shift = keys.any_pressed([KeyCode::ShiftLeft, KeyCode::ShiftRight]);
    let mut actions = Vec::new();
    if ctrl && keys.just_pressed(KeyCode::KeyS) {
        actions.push(EditorAction::Save);
    }
    if ctrl && keys.just_pressed(KeyCode::KeyZ) {
        actions.push(if shift {
            EditorAction::Redo
        } else {
            EditorAction::Undo
        });
    }
    if ctrl && keys.just_pressed(KeyCode::KeyY) {
        actions.push(EditorAction::Redo);
    }
    if ctrl && keys.just_pressed(KeyCode::KeyN) {
        actions.push(EditorAction::AddNode);
    }
    if keys.just_pressed(KeyCode::F5) {
        actions.push(EditorAction::PlayFromHere);
    }
    // Plain keys only when no text field has the keyboard.
    if !typing {
        if keys.just_pressed(KeyCode::Delete) {
            actions.push(EditorAction::RemoveSelected);
        }
        if keys.just_pressed(KeyCode::KeyF) {
            actions.push(EditorAction::FitGraph);
        }
        if keys.just_pressed(BACK_KEY) {
            actions.push(EditorAction::Close);
        }
    }
    for a in actions {
        requests.write(EditorCommand(a));
    }
    Ok(())
}

/// The analysis and the audit play every path: run them on another thread
/// once the author has stopped typing, and keep drafts as they go.
fn run_checks_when_idle(
    mut session: ResMut<EditorSession>,
    time: Res<Time>,
    mut animation: ResMut<Animation>,
) {
    let now = time.elapsed_secs_f64();
    let s = &mut *session;
    let done = s
        .job
        .as_ref()
        .and_then(|job| job.lock().ok().and_then(|rx| rx.try_recv().ok()));
    if let Some(lines) = done {
        s.analysis = Some(lines);
        s.job = None;
        animation.continuous = true;
    }
    let errors = s
        .diagnostics
        .iter()
        .any(|d| d.severity == crate::scenario::Severity::Error);
    if s.analysis.is_none() && s.job.is_none() && !errors && now - s.last_edit >= ANALYSIS_DELAY {
        let scenario = s.doc.scenario().clone();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let _ = tx.send(analysis_lines(&scenario));
        });
        s.job = Some(Mutex::new(rx));
    }
    if s.job.is_some() || s.analysis.is_none() {
        animation.wake_within(Duration::from_millis(200));
    }
    if s.doc.is_dirty() && s.doc.path().is_some() && now - s.last_draft >= DRAFT_EVERY {
        let _ = s.doc.save_draft();
        s.last_draft = now;
    }
}

/// What playing every path says, in lines for the checks panel.
fn analysis_lines(s: &Scenario) -> Vec<String> {
    let a = crate::analysis::analyze(s);
    let e = &a.exploration;
    let range = e.overall.map_or("no ending reached".to_string(), |r| {
        format!("overall {} to {}", r.min, r.max)
    });
    let mut lines = vec![format!(
        "Every path: {range}; {} and {}; {} playthroughs{}.",
        if e.pass_reachable {
            "a pass is reachable"
        } else {
            "no path passes"
        },
        if e.fail_reachable {
            "a fail is reachable"
        } else {
            "no path fails"
        },
        e.playthroughs,
        if e.complete {
            ""
        } else {
            " (not all explored)"
        }
    )];
    lines.push(match e.timely_turns {
        Some((a, b)) => format!("Escalating is timely at decisions {a} to {b}."),
        None => "Escalating is never timely.".to_string(),
    });
    let gaming: Vec<String> = a
        .audit
        .strategies
        .iter()
        .filter(|r| r.games_it())
        .map(|r| r.strategy.label().to_string())
        .collect();
    lines.push(if gaming.is_empty() {
        "Gameability audit: no shallow strategy passes.".to_string()
    } else {
        format!(
            "Gameability audit: passed without reading the customer by {}.",
            gaming.join("; ")
        )
    });
    let tells = &a.audit.longest_is_best;
    lines.push(format!(
        "The best answer is also the longest at {} of {} decision points{}.",
        tells.len(),
        a.audit.decision_points,
        tells
            .first()
            .map(|t| format!(" (most of all at \"{}\")", t.node_id))
            .unwrap_or_default()
    ));
    for w in crate::analysis::check_warnings(s, &a) {
        lines.push(format!("warning[{}] {}", w.code, w.message));
    }
    lines
}
