//! The scenario editor: the dialogue graph on a canvas you can pan and zoom,
//! a form for what is selected, and the live checks beneath. It draws the
//! core's [`EditDoc`] and hands back what the author did; the screen applies
//! it through the document, so every change can be undone.

use std::collections::BTreeSet;

use bevy_egui::egui::{self, Color32, RichText, Stroke};

use crate::app::palette::{ACCENT, colours};
use crate::editor::{EditDoc, Layout, Selected};
use crate::scenario::{
    Channel, Choice, Condition, CriticalError, CriticalKind, Diagnostic, Ending, Node, Outcome,
    Persona, Scenario, Severity, Verdict,
};

/// Where a test conversation starts, as the author sets it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PlayFrom {
    /// The customer's mood.
    pub mood: i32,
    /// Flags taken as set.
    pub flags: BTreeSet<String>,
    /// Decisions taken as already made.
    pub turn: u32,
}

/// A change the author made in a form.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// The scenario's details.
    Details(Box<Scenario>),
    /// A node, replaced whole.
    Node(String, Box<Node>),
    /// A choice, replaced whole.
    Choice(String, usize, Box<Choice>),
    /// A node's id, with every reference to it.
    Rename(String, String),
}

/// What the author asked for.
#[derive(Debug, Clone, PartialEq)]
pub enum EditorAction {
    /// Select something.
    Select(Selected),
    /// A form changed; `field` names it, so typing is one undo step.
    Edit {
        /// For the undo history.
        label: &'static str,
        /// Which field.
        field: String,
        /// The change.
        change: Change,
    },
    /// A new node where the customer speaks.
    AddNode,
    /// A new ending.
    AddEnding,
    /// A new choice on this node.
    AddChoice(String),
    /// A new node for this answer to lead to, made in place.
    NewNodeFor(String, usize),
    /// Move an answer up one place (node, index).
    MoveChoiceUp(String, usize),
    /// Remove what is selected.
    RemoveSelected,
    /// Undo.
    Undo,
    /// Redo.
    Redo,
    /// Save.
    Save,
    /// Save even though the file changed on disk or has comments.
    SaveAnyway,
    /// Save to a new file in the user's folder instead.
    SaveCopy,
    /// Forget the question about saving.
    DismissQuestion,
    /// Restore the draft found beside the file.
    RestoreDraft,
    /// Try the selected node in a test conversation.
    PlayFromHere,
    /// Fit the graph to the canvas.
    FitGraph,
    /// Back to the library.
    Close,
}

/// Everything the editor shows.
pub struct EditorView<'a> {
    /// The document.
    pub doc: &'a EditDoc,
    /// The quick checks, after every edit.
    pub diagnostics: &'a [Diagnostic],
    /// The checks from playing every path, when they have run.
    pub analysis: Option<&'a [String]>,
    /// The canvas layout.
    pub layout: &'a Layout,
    /// The part of the canvas in view (egui's `Scene` pans and zooms it).
    pub scene_rect: &'a mut egui::Rect,
    /// A message for the author.
    pub message: Option<&'a str>,
    /// A question that blocks saving (a file changed on disk, comments).
    pub question: Option<&'a str>,
    /// Whether a draft was found beside the file.
    pub draft_found: bool,
    /// Where "play from here" starts.
    pub play: &'a mut PlayFrom,
}

const BOX: egui::Vec2 = egui::vec2(210.0, 74.0);
const GAP: egui::Vec2 = egui::vec2(90.0, 26.0);

/// Draws the editor; returns the author's actions, in order.
pub fn editor_ui(root: &mut egui::Ui, view: &mut EditorView) -> Vec<EditorAction> {
    let mut actions = Vec::new();
    let s = view.doc.scenario();
    egui::Panel::top("editor-bar").show(root, |ui| {
        toolbar(ui, view, &mut actions);
    });
    egui::Panel::bottom("editor-checks")
        .resizable(true)
        .default_size(170.0)
        .show(root, |ui| checks(ui, view, &mut actions));
    egui::Panel::right("editor-form")
        .resizable(true)
        .default_size(430.0)
        .show(root, |ui| {
            egui::ScrollArea::vertical()
                .id_salt("editor-form-scroll")
                .auto_shrink([false, false])
                .show(ui, |ui| form(ui, s, view, &mut actions));
        });
    egui::CentralPanel::default().show(root, |ui| graph(ui, view, &mut actions));
    actions
}

fn toolbar(ui: &mut egui::Ui, view: &EditorView, actions: &mut Vec<EditorAction>) {
    let doc = view.doc;
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new("Editing").weak());
        ui.label(RichText::new(&doc.scenario().title).strong().size(18.0));
        if let Some(p) = doc.path() {
            ui.label(RichText::new(p.display().to_string()).small().weak());
        }
        if doc.is_dirty() {
            ui.label(RichText::new("unsaved").small().color(colours(ui).fair));
        }
        ui.separator();
        let mut button = |ui: &mut egui::Ui, label: &str, enabled: bool, a: EditorAction| {
            if ui.add_enabled(enabled, egui::Button::new(label)).clicked() {
                actions.push(a);
            }
        };
        button(ui, "Save  (Ctrl+S)", true, EditorAction::Save);
        let undo = doc
            .undo_label()
            .map_or("Undo".to_string(), |l| format!("Undo {l}  (Ctrl+Z)"));
        button(ui, &undo, doc.undo_label().is_some(), EditorAction::Undo);
        let redo = doc
            .redo_label()
            .map_or("Redo".to_string(), |l| format!("Redo {l}  (Ctrl+Y)"));
        button(ui, &redo, doc.redo_label().is_some(), EditorAction::Redo);
        ui.separator();
        button(ui, "New node  (Ctrl+N)", true, EditorAction::AddNode);
        button(ui, "New ending", true, EditorAction::AddEnding);
        button(
            ui,
            "Delete  (Del)",
            !matches!(doc.selected, Selected::Details),
            EditorAction::RemoveSelected,
        );
        button(ui, "Fit  (F)", true, EditorAction::FitGraph);
        button(ui, "Back to the library  (Esc)", true, EditorAction::Close);
    });
    if view.draft_found {
        ui.horizontal_wrapped(|ui| {
            ui.label(
                RichText::new("Unsaved work from a previous session was found beside this file.")
                    .color(colours(ui).fair),
            );
            if ui.button("Restore it").clicked() {
                actions.push(EditorAction::RestoreDraft);
            }
        });
    }
    if let Some(q) = view.question {
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(q).strong().color(colours(ui).fair));
            if ui.button("Save a copy instead").clicked() {
                actions.push(EditorAction::SaveCopy);
            }
            if ui.button("Save anyway").clicked() {
                actions.push(EditorAction::SaveAnyway);
            }
            if ui.button("Cancel").clicked() {
                actions.push(EditorAction::DismissQuestion);
            }
        });
    }
    if let Some(m) = view.message {
        ui.label(m);
    }
}

/// The node a diagnostic's field path points into, and the choice, if any.
pub fn target_of(path: &str) -> Option<Selected> {
    let rest = path.strip_prefix("nodes[\"")?;
    let end = rest.find("\"]")?;
    let id = rest[..end].to_string();
    let after = &rest[end + 2..];
    if let Some(c) = after.strip_prefix(".choices[") {
        let close = c.find(']')?;
        if let Ok(i) = c[..close].parse() {
            return Some(Selected::Choice(id, i));
        }
    }
    Some(Selected::Node(id))
}

fn checks(ui: &mut egui::Ui, view: &EditorView, actions: &mut Vec<EditorAction>) {
    let p = colours(ui);
    ui.horizontal(|ui| {
        let errors = view
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        let warnings = view.diagnostics.len() - errors;
        let summary = if view.diagnostics.is_empty() {
            "Checks: no problems".to_string()
        } else {
            format!("Checks: {errors} errors, {warnings} warnings (click one to go to it)")
        };
        ui.label(RichText::new(summary).strong());
    });
    egui::ScrollArea::vertical()
        .id_salt("editor-checks-scroll")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for d in view.diagnostics {
                let colour = if d.severity == Severity::Error {
                    p.poor
                } else {
                    p.fair
                };
                let text = format!(
                    "{}[{}] {}{}",
                    if d.severity == Severity::Error {
                        "error"
                    } else {
                        "warning"
                    },
                    d.code,
                    d.message,
                    d.hint
                        .as_ref()
                        .map(|h| format!(" — {h}"))
                        .unwrap_or_default()
                );
                let r = ui.add(
                    egui::Label::new(RichText::new(text).color(colour))
                        .wrap()
                        .sense(egui::Sense::click()),
                );
                if r.clicked()
                    && let Some(t) = d.path.as_deref().and_then(target_of)
                {
                    actions.push(EditorAction::Select(t));
                }
            }
            ui.separator();
            match view.analysis {
                Some(lines) => {
                    for l in lines {
                        ui.label(l);
                    }
                }
                None => {
                    ui.label(
                        RichText::new(
                            "Playing every path and the gameability audit run a moment after you stop typing, once there are no errors.",
                        )
                        .weak(),
                    );
                }
            }
        });
}

fn node_colour(ui: &egui::Ui, n: &Node) -> Color32 {
    let p = colours(ui);
    match &n.ending {
        Some(e) => match e.verdict() {
            Verdict::Good => p.good,
            Verdict::Acceptable => p.fair,
            Verdict::Failed => p.poor,
        },
        None => ui.visuals().widgets.noninteractive.bg_stroke.color,
    }
}

fn graph(ui: &mut egui::Ui, view: &mut EditorView, actions: &mut Vec<EditorAction>) {
    let s = view.doc.scenario();
    let layout = view.layout;
    let troubled: BTreeSet<String> = view
        .diagnostics
        .iter()
        .filter_map(|d| d.path.as_deref().and_then(target_of))
        .filter_map(|t| match t {
            Selected::Node(id) | Selected::Choice(id, _) => Some(id),
            Selected::Details => None,
        })
        .collect();
    let pos = |id: &str| -> Option<egui::Pos2> {
        layout
            .cells
            .get(id)
            .map(|&(c, r)| egui::pos2(c as f32 * (BOX.x + GAP.x), r as f32 * (BOX.y + GAP.y)))
    };
    let selected_node = match &view.doc.selected {
        Selected::Node(id) | Selected::Choice(id, _) => Some(id.clone()),
        Selected::Details => None,
    };
    // At first, and after Fit, show the whole graph.
    if *view.scene_rect == egui::Rect::ZERO || !view.scene_rect.is_finite() {
        let size = egui::vec2(
            layout.columns.max(1) as f32 * (BOX.x + GAP.x),
            layout.rows.max(1) as f32 * (BOX.y + GAP.y),
        );
        *view.scene_rect =
            egui::Rect::from_min_size(egui::pos2(-40.0, -40.0), size + egui::vec2(80.0, 80.0));
    }
    let scene = egui::Scene::new().zoom_range(0.1..=2.0);
    scene.show(ui, view.scene_rect, |ui| {
        let painter = ui.painter().clone();
        let p = colours(ui);
        // Arrows first, under the boxes.
        for n in &s.nodes {
            let Some(from) = pos(&n.id) else { continue };
            let start = from + egui::vec2(BOX.x, BOX.y / 2.0);
            let targets = n
                .choices
                .iter()
                .map(|c| (c.next.as_str(), c.escalates, c.critical.is_some()))
                .chain(
                    n.time_limit
                        .iter()
                        .map(|t| (t.on_timeout.next.as_str(), false, false)),
                );
            for (next, escalates, critical) in targets {
                let Some(to) = pos(next) else { continue };
                let end = to + egui::vec2(0.0, BOX.y / 2.0);
                let colour = if critical {
                    p.poor
                } else if escalates {
                    p.fair
                } else {
                    p.weak
                };
                let width = if critical || escalates { 2.5 } else { 1.2 };
                painter.line_segment([start, end], Stroke::new(width, colour));
                let dir = (end - start).normalized();
                let side = egui::vec2(-dir.y, dir.x) * 5.0;
                painter.line_segment([end, end - dir * 10.0 + side], Stroke::new(width, colour));
                painter.line_segment([end, end - dir * 10.0 - side], Stroke::new(width, colour));
            }
        }
        // Each answer's label sits on its arrow just past the node it leaves:
        // its number and the start of its text; click it to edit the answer.
        let mut labels = Vec::new();
        for n in &s.nodes {
            let Some(from) = pos(&n.id) else { continue };
            let start = from + egui::vec2(BOX.x, BOX.y / 2.0);
            for (i, c) in n.choices.iter().enumerate() {
                let Some(to) = pos(&c.next) else { continue };
                let end = to + egui::vec2(0.0, BOX.y / 2.0);
                let along = (end - start).length().min(120.0) * 0.45;
                let at = start + (end - start).normalized() * along;
                let short: String = c.text.chars().take(14).collect();
                let text = if c.text.chars().count() > 14 {
                    format!("{} {short}…", i + 1)
                } else {
                    format!("{} {short}", i + 1)
                };
                labels.push((n.id.clone(), i, at, text, c.text.clone()));
            }
        }
        for (node, i, at, text, full) in labels {
            let galley = painter.layout_no_wrap(text, egui::FontId::proportional(10.0), p.text);
            let rect = egui::Rect::from_center_size(at, galley.size() + egui::vec2(6.0, 2.0));
            let response = ui
                .interact(
                    rect,
                    egui::Id::new(("editor-answer", &node, i)),
                    egui::Sense::click(),
                )
                .on_hover_text(full);
            if response.clicked() {
                actions.push(EditorAction::Select(Selected::Choice(node.clone(), i)));
            }
            let selected = view.doc.selected == Selected::Choice(node.clone(), i);
            painter.rect_filled(
                rect,
                3.0,
                if selected {
                    ACCENT
                } else {
                    ui.visuals().window_fill
                },
            );
            painter.galley(rect.min + egui::vec2(3.0, 1.0), galley, p.text);
        }
        for n in &s.nodes {
            let Some(at) = pos(&n.id) else { continue };
            let rect = egui::Rect::from_min_size(at, BOX);
            let response = ui.interact(
                rect,
                egui::Id::new(("editor-node", &n.id)),
                egui::Sense::click(),
            );
            if response.clicked() {
                actions.push(EditorAction::Select(Selected::Node(n.id.clone())));
            }
            let selected = selected_node.as_deref() == Some(n.id.as_str());
            let stroke = if selected {
                Stroke::new(3.0, ACCENT)
            } else if troubled.contains(&n.id) {
                Stroke::new(2.5, p.poor)
            } else {
                Stroke::new(1.5, node_colour(ui, n))
            };
            painter.rect(
                rect,
                6.0,
                ui.visuals().extreme_bg_color,
                stroke,
                egui::StrokeKind::Inside,
            );
            let mut title = n.id.clone();
            if n.id == s.start {
                title = format!("▶ {title}");
            }
            if n.time_limit.is_some() {
                title.push_str("  ⏱");
            }
            painter.text(
                rect.min + egui::vec2(8.0, 6.0),
                egui::Align2::LEFT_TOP,
                title,
                egui::FontId::proportional(14.0),
                if n.is_ending() {
                    node_colour(ui, n)
                } else {
                    p.accent
                },
            );
            let line = match &n.ending {
                Some(e) => format!("ending: {}", e.outcome.label()),
                None => n.say.first().cloned().unwrap_or_default(),
            };
            let galley =
                painter.layout(line, egui::FontId::proportional(12.0), p.text, BOX.x - 16.0);
            let clipped = painter.with_clip_rect(rect.shrink(4.0));
            clipped.galley(rect.min + egui::vec2(8.0, 26.0), galley, p.text);
        }
    });
    if s.nodes.is_empty() {
        ui.label("No nodes yet: add one with New node.");
    }
}

fn form(ui: &mut egui::Ui, s: &Scenario, view: &mut EditorView, actions: &mut Vec<EditorAction>) {
    ui.horizontal(|ui| {
        if ui
            .selectable_label(
                matches!(view.doc.selected, Selected::Details),
                "Scenario details",
            )
            .clicked()
        {
            actions.push(EditorAction::Select(Selected::Details));
        }
    });
    ui.separator();
    match view.doc.selected.clone() {
        Selected::Details => details_form(ui, s, actions),
        Selected::Node(id) => {
            if let Some(n) = s.node(&id) {
                node_form(ui, s, n, view.play, actions);
            }
        }
        Selected::Choice(id, i) => {
            if let Some(c) = s.node(&id).and_then(|n| n.choices.get(i)) {
                if ui.link(format!("← node {id}")).clicked() {
                    actions.push(EditorAction::Select(Selected::Node(id.clone())));
                }
                choice_form(ui, s, &id, i, c, actions);
            }
        }
    }
}

fn text_field(ui: &mut egui::Ui, label: &str, value: &mut String, multiline: bool) -> bool {
    ui.label(RichText::new(label).strong());
    let edit = if multiline {
        egui::TextEdit::multiline(value).desired_rows(3)
    } else {
        egui::TextEdit::singleline(value)
    };
    ui.add(edit.desired_width(f32::INFINITY)).changed()
}

fn details_form(ui: &mut egui::Ui, s: &Scenario, actions: &mut Vec<EditorAction>) {
    let mut d = s.clone();
    let mut field = String::new();
    let mut track = |changed: bool, name: &str| {
        if changed {
            field = name.to_string();
        }
    };
    track(text_field(ui, "Title", &mut d.title, false), "title");
    track(
        text_field(ui, "Premise (the library card)", &mut d.premise, false),
        "premise",
    );
    track(
        text_field(ui, "Briefing", &mut d.briefing, true),
        "briefing",
    );
    track(text_field(ui, "Setting", &mut d.setting, false), "setting");
    track(
        text_field(ui, "Customer's name", &mut d.customer.name, false),
        "customer.name",
    );
    track(
        text_field(ui, "Customer", &mut d.customer.description, true),
        "customer.description",
    );
    ui.horizontal_wrapped(|ui| {
        ui.label("Persona");
        egui::ComboBox::from_id_salt("persona")
            .selected_text(d.persona.name())
            .show_ui(ui, |ui| {
                for p in Persona::ALL {
                    ui.selectable_value(&mut d.persona, p, p.name());
                }
            });
        ui.label("Channel");
        egui::ComboBox::from_id_salt("channel")
            .selected_text(d.channel.label())
            .show_ui(ui, |ui| {
                for c in Channel::ALL {
                    ui.selectable_value(&mut d.channel, c, c.label());
                }
            });
    });
    ui.horizontal(|ui| {
        ui.label("Difficulty");
        ui.add(egui::Slider::new(&mut d.difficulty, 1..=5));
        ui.label("Minutes");
        ui.add(egui::DragValue::new(&mut d.estimated_minutes).range(1..=120));
    });
    let mut objectives = d.objectives.join("\n");
    if text_field(ui, "What to practise (one per line)", &mut objectives, true) {
        d.objectives = objectives
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(String::from)
            .collect();
        track(true, "objectives");
    }
    let mut tags = d.tags.join(", ");
    if text_field(ui, "Tags (comma-separated)", &mut tags, false) {
        d.tags = tags
            .split(',')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(String::from)
            .collect();
        track(true, "tags");
    }
    track(text_field(ui, "Author", &mut d.author, false), "author");
    ui.horizontal(|ui| {
        ui.label("Pass mark");
        ui.add(egui::Slider::new(&mut d.scoring.pass_mark, 0..=100));
    });
    ui.label(RichText::new("Mood").strong());
    ui.horizontal_wrapped(|ui| {
        let mut start = d.customer.mood.unwrap_or(50);
        ui.label("Starts at");
        if ui
            .add(egui::DragValue::new(&mut start).range(0..=100))
            .changed()
        {
            d.customer.mood = Some(start);
        }
        let mut reactivity = d.mood.reactivity.unwrap_or(1.0);
        ui.label("Reactivity");
        if ui
            .add(
                egui::DragValue::new(&mut reactivity)
                    .range(0.1..=3.0)
                    .speed(0.05),
            )
            .changed()
        {
            d.mood.reactivity = Some(reactivity);
        }
        ui.label("Gives up at");
        ui.add(egui::DragValue::new(&mut d.mood.collapse_at).range(0..=90));
        ui.label("then");
        egui::ComboBox::from_id_salt("collapse-ending")
            .selected_text(&d.mood.collapse_ending)
            .show_ui(ui, |ui| {
                for n in s.nodes.iter().filter(|n| n.is_ending()) {
                    ui.selectable_value(&mut d.mood.collapse_ending, n.id.clone(), &n.id);
                }
            });
    });
    ui.label(RichText::new("Skill weights").strong());
    egui::Grid::new("weights").num_columns(2).show(ui, |ui| {
        for (label, w) in [
            ("Listening", &mut d.scoring.weights.listening),
            ("Problem solving", &mut d.scoring.weights.problem_solving),
            ("Compassion", &mut d.scoring.weights.compassion),
            ("Escalation timing", &mut d.scoring.weights.escalation),
        ] {
            ui.label(label);
            ui.add(egui::Slider::new(w, 0.0..=3.0).step_by(0.25));
            ui.end_row();
        }
    });
    ui.checkbox(
        &mut d.escalation.required,
        "Only a manager can finish this (escalation is required)",
    );
    track(
        text_field(
            ui,
            "Why (shown in the debrief)",
            &mut d.escalation.reason,
            true,
        ),
        "escalation.reason",
    );
    if d != *s {
        let name = if field.is_empty() {
            "details".to_string()
        } else {
            field
        };
        actions.push(EditorAction::Edit {
            label: "Edit details",
            field: name,
            change: Change::Details(Box::new(d)),
        });
    }
}

fn node_form(
    ui: &mut egui::Ui,
    s: &Scenario,
    n: &Node,
    play: &mut PlayFrom,
    actions: &mut Vec<EditorAction>,
) {
    let mut id = n.id.clone();
    ui.label(RichText::new("Node id").strong());
    let r = ui.add(egui::TextEdit::singleline(&mut id).desired_width(f32::INFINITY));
    if r.lost_focus() && id != n.id {
        actions.push(EditorAction::Edit {
            label: "Rename node",
            field: format!("{}.id", n.id),
            change: Change::Rename(n.id.clone(), id),
        });
    }
    let mut node = n.clone();
    let key = |f: &str| format!("nodes[{:?}].{f}", n.id);
    let mut field = String::new();
    ui.label(RichText::new("What the customer says (one variant is picked each time)").strong());
    let mut remove = None;
    let mut up = None;
    for (i, line) in node.say.iter_mut().enumerate() {
        ui.horizontal(|ui| {
            if ui
                .add(
                    egui::TextEdit::multiline(line)
                        .desired_rows(2)
                        .desired_width(ui.available_width() - 30.0),
                )
                .changed()
            {
                field = key(&format!("say[{i}]"));
            }
            if i > 0 && ui.small_button("↑").on_hover_text("Move up").clicked() {
                up = Some(i);
            }
            if ui
                .small_button("✕")
                .on_hover_text("Remove this variant")
                .clicked()
            {
                remove = Some(i);
            }
        });
    }
    if let Some(i) = remove {
        node.say.remove(i);
        field = key("say");
    }
    if let Some(i) = up {
        node.say.swap(i - 1, i);
        field = key("say");
    }
    if ui.button("+ Line variant").clicked() {
        node.say.push(String::new());
        field = key("say");
    }
    ui.checkbox(
        &mut node.narration,
        "Narration (what happens, not the customer's words)",
    );
    if s.channel == Channel::Social {
        ui.checkbox(&mut node.private, "In direct messages (out of public view)");
    }
    if node.ending.is_none() {
        let mut timed = node.time_limit.is_some();
        if ui
            .checkbox(&mut timed, "Timed: the trainee must answer within a time")
            .changed()
        {
            node.time_limit = timed.then(|| crate::scenario::TimeLimit {
                seconds: 20,
                on_timeout: crate::scenario::Timeout {
                    listening: -1,
                    problem_solving: 0,
                    compassion: 0,
                    mood: -10,
                    sets: Vec::new(),
                    feedback: "What letting the time run out cost.".into(),
                    next: n.id.clone(),
                },
            });
        }
        if let Some(t) = &mut node.time_limit {
            ui.horizontal_wrapped(|ui| {
                ui.label("Seconds");
                ui.add(egui::DragValue::new(&mut t.seconds).range(1..=600));
                ui.label("then");
                egui::ComboBox::from_id_salt("timeout-next")
                    .selected_text(&t.on_timeout.next)
                    .show_ui(ui, |ui| {
                        for other in &s.nodes {
                            ui.selectable_value(
                                &mut t.on_timeout.next,
                                other.id.clone(),
                                &other.id,
                            );
                        }
                    });
            });
            ui.horizontal_wrapped(|ui| {
                ui.label("Listening");
                ui.add(egui::DragValue::new(&mut t.on_timeout.listening).range(-5..=5));
                ui.label("Problem solving");
                ui.add(egui::DragValue::new(&mut t.on_timeout.problem_solving).range(-5..=5));
                ui.label("Compassion");
                ui.add(egui::DragValue::new(&mut t.on_timeout.compassion).range(-5..=5));
                ui.label("Mood");
                ui.add(egui::DragValue::new(&mut t.on_timeout.mood).range(-50..=50));
            });
            if text_field(
                ui,
                "Feedback when the time runs out",
                &mut t.on_timeout.feedback,
                true,
            ) {
                field = key("time_limit.on_timeout.feedback");
            }
        }
    }
    let mut is_ending = node.ending.is_some();
    if ui.checkbox(&mut is_ending, "This is an ending").changed() {
        node.ending = is_ending.then(|| Ending {
            outcome: Outcome::Resolved,
            verdict: Some(Verdict::Good),
            text: "How it ends.".into(),
        });
        if is_ending {
            node.choices.clear();
            node.time_limit = None;
        }
    }
    if let Some(e) = &mut node.ending {
        ui.horizontal_wrapped(|ui| {
            ui.label("Outcome");
            egui::ComboBox::from_id_salt("outcome")
                .selected_text(e.outcome.label())
                .show_ui(ui, |ui| {
                    for o in [
                        Outcome::Resolved,
                        Outcome::ResolvedWithCallback,
                        Outcome::Escalated,
                        Outcome::CustomerLeft,
                        Outcome::Unresolved,
                    ] {
                        ui.selectable_value(&mut e.outcome, o, o.label());
                    }
                });
            ui.label("Verdict");
            let mut v = e.verdict();
            for (label, value) in [
                ("good", Verdict::Good),
                ("acceptable", Verdict::Acceptable),
                ("failed", Verdict::Failed),
            ] {
                ui.selectable_value(&mut v, value, label);
            }
            e.verdict = Some(v);
        });
        if text_field(ui, "Ending text", &mut e.text, true) {
            field = key("ending.text");
        }
    }
    if node != *n {
        actions.push(EditorAction::Edit {
            label: "Edit node",
            field: if field.is_empty() { key("") } else { field },
            change: Change::Node(n.id.clone(), Box::new(node)),
        });
    }
    if !n.is_ending() {
        ui.separator();
        ui.label(RichText::new("Answers").strong());
        for (i, c) in n.choices.iter().enumerate() {
            let mut label = format!("{}. {}  → {}", i + 1, c.text, c.next);
            if c.critical.is_some() {
                label.push_str("  (critical)");
            }
            ui.horizontal_wrapped(|ui| {
                if ui
                    .add_enabled(i > 0, egui::Button::new("↑").small())
                    .on_hover_text("Move up (the written order; trainees see a shuffled one)")
                    .clicked()
                {
                    actions.push(EditorAction::MoveChoiceUp(n.id.clone(), i));
                }
                if ui.link(label).clicked() {
                    actions.push(EditorAction::Select(Selected::Choice(n.id.clone(), i)));
                }
            });
        }
        if ui.button("+ Answer").clicked() {
            actions.push(EditorAction::AddChoice(n.id.clone()));
        }
        ui.separator();
        ui.label(RichText::new("Play from here").strong());
        ui.horizontal(|ui| {
            ui.label("Mood");
            ui.add(egui::Slider::new(&mut play.mood, 0..=100));
            ui.label("Turn");
            ui.add(egui::DragValue::new(&mut play.turn).range(0..=60));
        });
        let flags: BTreeSet<&str> = s
            .nodes
            .iter()
            .flat_map(|n| {
                n.choices
                    .iter()
                    .flat_map(|c| c.sets.iter().map(String::as_str))
            })
            .collect();
        if !flags.is_empty() {
            ui.horizontal_wrapped(|ui| {
                ui.label("Flags set:");
                for f in flags {
                    let mut on = play.flags.contains(f);
                    if ui.checkbox(&mut on, f).changed() {
                        if on {
                            play.flags.insert(f.to_string());
                        } else {
                            play.flags.remove(f);
                        }
                    }
                }
            });
        }
        if ui
            .add(egui::Button::new(RichText::new("▶ Play from here  (F5)").strong()).fill(ACCENT))
            .clicked()
        {
            actions.push(EditorAction::PlayFromHere);
        }
    }
}

fn choice_form(
    ui: &mut egui::Ui,
    s: &Scenario,
    node_id: &str,
    index: usize,
    c: &Choice,
    actions: &mut Vec<EditorAction>,
) {
    let mut choice = c.clone();
    let key = |f: &str| format!("nodes[{node_id:?}].choices[{index}].{f}");
    let mut field = String::new();
    if text_field(ui, "What the trainee says", &mut choice.text, true) {
        field = key("text");
    }
    ui.label(RichText::new("Points (−5 to 5) and mood change").strong());
    egui::Grid::new("points").num_columns(2).show(ui, |ui| {
        for (label, value, range) in [
            ("Listening", &mut choice.listening, -5..=5),
            ("Problem solving", &mut choice.problem_solving, -5..=5),
            ("Compassion", &mut choice.compassion, -5..=5),
            ("Mood", &mut choice.mood, -50..=50),
        ] {
            ui.label(label);
            ui.add(egui::Slider::new(value, range));
            ui.end_row();
        }
    });
    ui.horizontal_wrapped(|ui| {
        ui.label("Leads to");
        egui::ComboBox::from_id_salt("next")
            .selected_text(&choice.next)
            .show_ui(ui, |ui| {
                for n in &s.nodes {
                    ui.selectable_value(&mut choice.next, n.id.clone(), &n.id);
                }
            });
        if ui
            .small_button("➕ a new node")
            .on_hover_text("Make a new node and lead this answer to it")
            .clicked()
        {
            actions.push(EditorAction::NewNodeFor(node_id.to_string(), index));
        }
    });
    ui.checkbox(
        &mut choice.escalates,
        "Escalates (hands the problem to a manager)",
    );
    ui.checkbox(
        &mut choice.pinned,
        "Pinned (keeps its place; the others are shuffled)",
    );
    let mut critical = choice.critical.is_some();
    if ui
        .checkbox(
            &mut critical,
            "Critical error (fails the attempt whatever the points)",
        )
        .changed()
    {
        choice.critical = critical.then(|| CriticalError {
            kind: CriticalKind::Safety,
            reason: "What went wrong, as the debrief says it first.".into(),
        });
    }
    if let Some(cr) = &mut choice.critical {
        ui.horizontal_wrapped(|ui| {
            ui.label("Kind");
            egui::ComboBox::from_id_salt("critical-kind")
                .selected_text(cr.kind.label())
                .show_ui(ui, |ui| {
                    for k in CriticalKind::ALL {
                        ui.selectable_value(&mut cr.kind, k, k.label());
                    }
                });
        });
        if text_field(ui, "Reason", &mut cr.reason, true) {
            field = key("critical.reason");
        }
    }
    let mut sets = choice.sets.join(", ");
    if text_field(ui, "Sets flags (comma-separated)", &mut sets, false) {
        choice.sets = sets
            .split(',')
            .map(str::trim)
            .filter(|f| !f.is_empty())
            .map(String::from)
            .collect();
        field = key("sets");
    }
    let unused: Vec<String> = known_flags(s)
        .into_iter()
        .filter(|f| !choice.sets.contains(f))
        .collect();
    if !unused.is_empty() {
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new("Add a flag in use:").small());
            for f in unused {
                if ui.small_button(&f).clicked() {
                    choice.sets.push(f);
                    field = key("sets");
                }
            }
        });
    }
    if optional_condition(
        ui,
        s,
        "Offered only when",
        &mut choice.when,
        &format!("{node_id}.{index}"),
    ) {
        field = key("when");
        // The typed form below follows the builder.
        ui.data_mut(|d| d.remove::<String>(egui::Id::new(("condition", node_id, index))));
    }
    ui.collapsing("…or type the condition", |ui| {
        condition_field(ui, node_id, index, &mut choice.when, &mut field);
    });
    if text_field(
        ui,
        "Feedback (why, in a sentence a trainer would say)",
        &mut choice.feedback,
        true,
    ) {
        field = key("feedback");
    }
    if choice != *c {
        actions.push(EditorAction::Edit {
            label: "Edit answer",
            field: if field.is_empty() { key("") } else { field },
            change: Change::Choice(node_id.to_string(), index, Box::new(choice)),
        });
    }
}

/// The kinds of condition, as the builder names them.
const CONDITION_KINDS: [&str; 9] = [
    "flag is set",
    "node was visited",
    "mood at least",
    "mood below",
    "turn at least",
    "turn below",
    "all of",
    "any of",
    "not",
];

fn kind_of(c: &Condition) -> usize {
    match c {
        Condition::Flag(_) => 0,
        Condition::Visited(_) => 1,
        Condition::MoodAtLeast(_) => 2,
        Condition::MoodBelow(_) => 3,
        Condition::TurnAtLeast(_) => 4,
        Condition::TurnBelow(_) => 5,
        Condition::All(_) => 6,
        Condition::Any(_) => 7,
        Condition::Not(_) => 8,
    }
}

/// A fresh condition of kind `k`, keeping what it can of `old`.
fn condition_of_kind(k: usize, old: &Condition, s: &Scenario) -> Condition {
    let first_flag = known_flags(s).into_iter().next().unwrap_or_default();
    match k {
        0 => Condition::Flag(first_flag),
        1 => Condition::Visited(s.start.clone()),
        2 => Condition::MoodAtLeast(50),
        3 => Condition::MoodBelow(30),
        4 => Condition::TurnAtLeast(3),
        5 => Condition::TurnBelow(3),
        6 | 7 => {
            let items = match old {
                Condition::All(i) | Condition::Any(i) => i.clone(),
                other => vec![other.clone()],
            };
            if k == 6 {
                Condition::All(items)
            } else {
                Condition::Any(items)
            }
        }
        _ => Condition::Not(Box::new(old.clone())),
    }
}

/// Every flag some answer or timeout sets.
fn known_flags(s: &Scenario) -> BTreeSet<String> {
    s.nodes
        .iter()
        .flat_map(|n| {
            n.choices.iter().flat_map(|c| c.sets.iter().cloned()).chain(
                n.time_limit
                    .iter()
                    .flat_map(|t| t.on_timeout.sets.iter().cloned()),
            )
        })
        .collect()
}

/// A small builder for a condition: pick its kind, then its flag, node or
/// number; "all of", "any of" and "not" hold further conditions. Returns
/// whether anything changed.
pub fn condition_builder(ui: &mut egui::Ui, s: &Scenario, c: &mut Condition, salt: &str) -> bool {
    let mut changed = false;
    ui.horizontal_wrapped(|ui| {
        let mut kind = kind_of(c);
        egui::ComboBox::from_id_salt(("cond-kind", salt))
            .selected_text(CONDITION_KINDS[kind])
            .show_ui(ui, |ui| {
                for (i, label) in CONDITION_KINDS.iter().enumerate() {
                    ui.selectable_value(&mut kind, i, *label);
                }
            });
        if kind != kind_of(c) {
            *c = condition_of_kind(kind, c, s);
            changed = true;
        }
        match c {
            Condition::Flag(f) => {
                egui::ComboBox::from_id_salt(("cond-flag", salt))
                    .selected_text(f.as_str())
                    .show_ui(ui, |ui| {
                        for known in known_flags(s) {
                            changed |= ui.selectable_value(f, known.clone(), known).changed();
                        }
                    });
                changed |= ui
                    .add(
                        egui::TextEdit::singleline(f)
                            .desired_width(110.0)
                            .hint_text("or a new flag"),
                    )
                    .changed();
            }
            Condition::Visited(id) => {
                egui::ComboBox::from_id_salt(("cond-node", salt))
                    .selected_text(id.as_str())
                    .show_ui(ui, |ui| {
                        for n in &s.nodes {
                            changed |= ui.selectable_value(id, n.id.clone(), &n.id).changed();
                        }
                    });
            }
            Condition::MoodAtLeast(m) | Condition::MoodBelow(m) => {
                changed |= ui.add(egui::DragValue::new(m).range(0..=100)).changed();
            }
            Condition::TurnAtLeast(t) | Condition::TurnBelow(t) => {
                changed |= ui.add(egui::DragValue::new(t).range(0..=80)).changed();
            }
            Condition::All(_) | Condition::Any(_) | Condition::Not(_) => {}
        }
    });
    match c {
        Condition::All(items) | Condition::Any(items) => {
            ui.indent(("cond-items", salt), |ui| {
                let mut remove = None;
                for (i, item) in items.iter_mut().enumerate() {
                    ui.horizontal(|ui| {
                        if ui.small_button("✕").on_hover_text("Remove").clicked() {
                            remove = Some(i);
                        }
                        ui.vertical(|ui| {
                            changed |= condition_builder(ui, s, item, &format!("{salt}.{i}"));
                        });
                    });
                }
                if let Some(i) = remove {
                    items.remove(i);
                    changed = true;
                }
                if ui.small_button("+ condition").clicked() {
                    items.push(Condition::MoodAtLeast(50));
                    changed = true;
                }
            });
        }
        Condition::Not(inner) => {
            ui.indent(("cond-not", salt), |ui| {
                changed |= condition_builder(ui, s, inner, &format!("{salt}.not"));
            });
        }
        _ => {}
    }
    changed
}

/// An optional condition: "always" or a built condition.
fn optional_condition(
    ui: &mut egui::Ui,
    s: &Scenario,
    label: &str,
    when: &mut Option<Condition>,
    salt: &str,
) -> bool {
    ui.label(RichText::new(label).strong());
    let mut changed = false;
    let mut on = when.is_some();
    if ui.checkbox(&mut on, "only under a condition").changed() {
        *when = on.then_some(Condition::MoodAtLeast(50));
        changed = true;
    }
    if let Some(c) = when {
        changed |= condition_builder(ui, s, c, salt);
    }
    changed
}

/// The condition as RON text (`All([Flag("heard"), MoodAtLeast(40)])`),
/// applied once it parses; the text being typed is kept between frames.
fn condition_field(
    ui: &mut egui::Ui,
    node_id: &str,
    index: usize,
    when: &mut Option<Condition>,
    field: &mut String,
) {
    let id = egui::Id::new(("condition", node_id, index));
    let current = when
        .as_ref()
        .and_then(|c| ron::to_string(c).ok())
        .unwrap_or_default();
    let mut text: String = ui
        .data(|d| d.get_temp::<String>(id))
        .unwrap_or_else(|| current.clone());
    let r = ui.add(
        egui::TextEdit::singleline(&mut text)
            .hint_text("always; e.g. All([Flag(\"heard\"), MoodAtLeast(40)])")
            .desired_width(f32::INFINITY),
    );
    if r.changed() {
        if text.trim().is_empty() {
            *when = None;
            *field = format!("nodes[{node_id:?}].choices[{index}].when");
        } else if let Ok(c) = ron::from_str::<Condition>(&text) {
            *when = Some(c);
            *field = format!("nodes[{node_id:?}].choices[{index}].when");
        }
    }
    let parses = text.trim().is_empty() || ron::from_str::<Condition>(&text).is_ok();
    if !parses {
        ui.label(
            RichText::new("Not a condition yet: Flag, Visited, MoodAtLeast, MoodBelow, TurnAtLeast, TurnBelow, All([...]), Any([...]), Not(...)")
                .small()
                .color(colours(ui).fair),
        );
    }
    ui.data_mut(|d| d.insert_temp(id, text));
}
