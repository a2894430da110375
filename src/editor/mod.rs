//! Editing a scenario: the model an editor works on, with no Bevy.
//!
//! An [`EditDoc`] holds a scenario being edited (which may be invalid while
//! the author is mid-way: a `next` pointing nowhere is allowed and shown as
//! a diagnostic), what is selected, an undo and redo history, and where the
//! file came from. It writes readable RON in the built-in library's layout,
//! keeps a draft beside the file as the author goes, and never overwrites a
//! file that changed on disk since it was opened, or drops hand-written
//! comments, without being told to. Checking reuses the core: the loader's
//! validation and, a moment later, the analysis and the audit.

mod layout;
mod write;

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

pub use layout::{Layout, layered_layout};
pub use write::to_ron;

use crate::analysis::{analyze, check_warnings};
use crate::records::{StoreError, write_atomically};
use crate::scenario::{Channel, Choice, Diagnostic, FORMAT_VERSION, Node, Persona, Scenario};

/// The most edits kept for undo.
pub const UNDO_LIMIT: usize = 500;

/// What the author has selected.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Selected {
    /// The scenario's details (title, customer, rubric, scoring).
    #[default]
    Details,
    /// A node, by id.
    Node(String),
    /// A choice: the node's id and the choice's index.
    Choice(String, usize),
}

/// Why saving did not happen.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    /// The file changed on disk since it was opened: saving would lose those changes.
    #[error("{0} changed on disk since you opened it")]
    ChangedOnDisk(PathBuf),
    /// The file has hand-written comments that saving would drop.
    #[error("{0} has comments written by hand, which saving would drop")]
    WouldDropComments(PathBuf),
    /// The document has no file yet.
    #[error("choose where to save it first")]
    NoPath,
    /// Writing failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What a save did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Saved {
    /// The scenario file was written.
    File(PathBuf),
    /// The scenario still has errors, so it was kept as a draft beside the
    /// file (the library would only show a broken card); the file is untouched.
    DraftWithErrors {
        /// Where the draft is.
        draft: PathBuf,
        /// How many errors are left to fix.
        errors: usize,
    },
}

/// A scenario being edited.
#[derive(Debug, Clone)]
pub struct EditDoc {
    scenario: Scenario,
    /// What is selected.
    pub selected: Selected,
    undo: Vec<(String, Scenario)>,
    redo: Vec<(String, Scenario)>,
    /// What the last edit changed, so that typing into one field is one undo step.
    typing_in: Option<String>,
    path: Option<PathBuf>,
    /// Hash of the file's text when it was opened or last saved.
    on_disk: Option<String>,
    has_comments: bool,
    dirty: bool,
}

fn hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether RON text has `//` or `/*` comments outside strings.
pub fn has_comments(source: &str) -> bool {
    let bytes = source.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    if bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
            }
            b'/' if matches!(bytes.get(i + 1), Some(b'/' | b'*')) => return true,
            _ => {}
        }
        i += 1;
    }
    false
}

/// The draft kept beside `path` while it is edited (`kettle.ron.draft`);
/// the library does not read it.
pub fn draft_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".draft");
    path.with_file_name(name)
}

/// A new scenario from a short template: a customer of `persona` on
/// `channel` in `setting`, with an opening turn, two answers and two
/// endings, ready to be filled in.
pub fn template(
    id: &str,
    persona: Persona,
    channel: Channel,
    setting: &str,
) -> Result<Scenario, Box<Diagnostic>> {
    let text = format!(
        r#"Scenario(
    format_version: {FORMAT_VERSION},
    id: {id:?},
    title: "A new conversation",
    premise: "One line for the library card: who, and what has gone wrong.",
    briefing: "Where the trainee is, and what is and is not within their authority.",
    persona: {persona},
    channel: {channel},
    setting: {setting:?},
    difficulty: 2,
    estimated_minutes: 5,
    customer: (name: "Sam Carter", description: "Who they are, in a sentence."),
    mood: (collapse_at: 10, collapse_ending: "walked_out"),
    start: "opening",
    nodes: [
        (
            id: "opening",
            say: ["What the customer says first.", "The same, in other words, for a replay."],
            choices: [
                (text: "Go on.", listening: 2, compassion: 2, mood: 10, feedback: "Why this is right, in a sentence a trainer would say.", next: "resolved"),
                (text: "That's not my department.", listening: -2, compassion: -2, mood: -30, feedback: "Why this goes wrong.", next: "walked_out"),
            ],
        ),
        (id: "resolved", ending: (outcome: resolved, verdict: good, text: "How it ends when it goes well.")),
        (id: "walked_out", ending: (outcome: customer_left, verdict: failed, text: "How it ends when the customer gives up.")),
    ],
    escalation: (required: false, reason: "Everything here is within the trainee's authority."),
)"#,
        persona = persona.name(),
        channel = channel.name(),
    );
    // The id and setting are quoted as Rust quotes them, which RON reads back.
    crate::scenario::load::parse_str("template.ron", &text)
}

impl EditDoc {
    /// A new, unsaved scenario.
    pub fn new(scenario: Scenario) -> Self {
        EditDoc {
            scenario,
            selected: Selected::Details,
            undo: Vec::new(),
            redo: Vec::new(),
            typing_in: None,
            path: None,
            on_disk: None,
            has_comments: false,
            dirty: true,
        }
    }

    /// Opens a scenario file that loads (its errors, if any, are still shown
    /// once editing starts). Returns the document and, if a draft newer than
    /// the file is beside it, that draft's text to offer for restoring.
    pub fn open(path: &Path, source: &str, scenario: Scenario) -> (Self, Option<String>) {
        let draft = std::fs::read_to_string(draft_path(path))
            .ok()
            .filter(|d| d != source);
        let doc = EditDoc {
            scenario,
            selected: Selected::Details,
            undo: Vec::new(),
            redo: Vec::new(),
            typing_in: None,
            path: Some(path.to_path_buf()),
            on_disk: Some(hash(source)),
            has_comments: has_comments(source),
            dirty: false,
        };
        (doc, draft)
    }

    /// The scenario as it stands.
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// The file, once it has one.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Saves to a new file from now on (a copy of a built-in scenario, or a
    /// copy that keeps a commented original intact).
    pub fn set_path(&mut self, path: PathBuf) {
        self.path = Some(path);
        self.on_disk = None;
        self.has_comments = false;
        self.dirty = true;
    }

    /// Whether there are edits not yet saved.
    pub fn is_dirty(&self) -> bool {
        self.dirty
    }

    /// Whether the opened file had hand-written comments.
    pub fn had_comments(&self) -> bool {
        self.has_comments
    }

    /// Changes the scenario; `label` names the edit for undo ("Rename node").
    pub fn edit(&mut self, label: &str, change: impl FnOnce(&mut Scenario)) {
        self.typing_in = None;
        self.change(label, change);
    }

    /// Like [`EditDoc::edit`], for typing into one field (`field` names it,
    /// e.g. `nodes["opening"].say[0]`): a run of keystrokes in the same field
    /// is one undo step.
    pub fn edit_typing(&mut self, label: &str, field: &str, change: impl FnOnce(&mut Scenario)) {
        if self.typing_in.as_deref() == Some(field) && !self.undo.is_empty() {
            let before = self.scenario.clone();
            change(&mut self.scenario);
            if self.scenario != before {
                self.scenario.reindex();
                self.redo.clear();
                self.dirty = true;
            }
            return;
        }
        self.typing_in = Some(field.to_string());
        self.change(label, change);
    }

    fn change(&mut self, label: &str, change: impl FnOnce(&mut Scenario)) {
        let before = self.scenario.clone();
        change(&mut self.scenario);
        if self.scenario == before {
            return;
        }
        self.scenario.reindex();
        self.undo.push((label.to_string(), before));
        if self.undo.len() > UNDO_LIMIT {
            self.undo.remove(0);
        }
        self.redo.clear();
        self.dirty = true;
    }

    /// What undo would undo.
    pub fn undo_label(&self) -> Option<&str> {
        self.undo.last().map(|(l, _)| l.as_str())
    }

    /// What redo would redo.
    pub fn redo_label(&self) -> Option<&str> {
        self.redo.last().map(|(l, _)| l.as_str())
    }

    /// Undoes the last edit.
    pub fn undo(&mut self) -> bool {
        self.typing_in = None;
        let Some((label, before)) = self.undo.pop() else {
            return false;
        };
        let after = std::mem::replace(&mut self.scenario, before);
        self.redo.push((label, after));
        self.dirty = true;
        self.keep_selection_valid();
        true
    }

    /// Redoes the last undone edit.
    pub fn redo(&mut self) -> bool {
        self.typing_in = None;
        let Some((label, after)) = self.redo.pop() else {
            return false;
        };
        let before = std::mem::replace(&mut self.scenario, after);
        self.undo.push((label, before));
        self.dirty = true;
        self.keep_selection_valid();
        true
    }

    fn keep_selection_valid(&mut self) {
        let valid = match &self.selected {
            Selected::Details => true,
            Selected::Node(id) => self.scenario.node(id).is_some(),
            Selected::Choice(id, i) => self.scenario.node(id).is_some_and(|n| *i < n.choices.len()),
        };
        if !valid {
            self.selected = Selected::Details;
        }
    }

    /// A node id not yet used, from `base` ("node", "node_2", …).
    pub fn fresh_id(&self, base: &str) -> String {
        let base = if base.is_empty() { "node" } else { base };
        if self.scenario.node(base).is_none() {
            return base.to_string();
        }
        (2..)
            .map(|n| format!("{base}_{n}"))
            .find(|id| self.scenario.node(id).is_none())
            .unwrap_or_default()
    }

    /// Adds a node the customer speaks at, selects it and returns its id.
    pub fn add_node(&mut self, base: &str) -> String {
        let id = self.fresh_id(base);
        let node = Node {
            id: id.clone(),
            say: vec!["What the customer says.".into()],
            narration: false,
            choices: Vec::new(),
            time_limit: None,
            ending: None,
            private: false,
        };
        self.edit("Add node", |s| s.nodes.push(node));
        self.selected = Selected::Node(id.clone());
        id
    }

    /// Adds a choice to `node` leading to `next` (which may not exist yet),
    /// selects it and returns its index.
    pub fn add_choice(&mut self, node: &str, next: &str) -> Option<usize> {
        let at = self.scenario.node_index(node)?;
        let index = self.scenario.nodes[at].choices.len();
        let choice = Choice {
            text: "What the trainee says.".into(),
            listening: 0,
            problem_solving: 0,
            compassion: 0,
            mood: 0,
            sets: Vec::new(),
            when: None,
            feedback: "Why this works, or doesn't.".into(),
            next: next.into(),
            escalates: false,
            critical: None,
            pinned: false,
        };
        self.edit("Add choice", |s| s.nodes[at].choices.push(choice));
        self.selected = Selected::Choice(node.to_string(), index);
        Some(index)
    }

    /// Renames a node and every reference to it (`start`, `next`, timeouts,
    /// the collapse ending, `Visited` conditions).
    pub fn rename_node(&mut self, from: &str, to: &str) -> bool {
        if from == to || to.trim().is_empty() || self.scenario.node(to).is_some() {
            return false;
        }
        let (from, to) = (from.to_string(), to.trim().to_string());
        self.edit("Rename node", |s| rename_everywhere(s, &from, &to));
        if self.selected == Selected::Node(from.clone()) {
            self.selected = Selected::Node(to);
        }
        true
    }

    /// Removes a node; choices that led to it are left pointing at its id,
    /// and shown as problems until the author points them elsewhere.
    pub fn remove_node(&mut self, id: &str) {
        let id = id.to_string();
        self.edit("Remove node", |s| s.nodes.retain(|n| n.id != id));
        self.keep_selection_valid();
    }

    /// Every problem `frontline check` reports without playing the scenario:
    /// quick enough to run on every edit.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        crate::scenario::validate::validate(&self.scenario)
    }

    /// The problems found by playing every path (reachable scores, stalls,
    /// the gameability audit): run a moment after typing stops. Only for a
    /// scenario without errors, as `frontline check` does.
    pub fn analysis_warnings(&self) -> Option<Vec<Diagnostic>> {
        let errors = self
            .diagnostics()
            .iter()
            .any(|d| d.severity == crate::scenario::Severity::Error);
        if errors {
            return None;
        }
        Some(check_warnings(&self.scenario, &analyze(&self.scenario)))
    }

    /// Keeps the work in progress beside the file, for restoring after a crash.
    pub fn save_draft(&self) -> Result<Option<PathBuf>, StoreError> {
        let Some(path) = &self.path else {
            return Ok(None);
        };
        let draft = draft_path(path);
        write_atomically(&draft, to_ron(&self.scenario).as_bytes())?;
        Ok(Some(draft))
    }

    /// Saves the scenario to its file. A file that changed on disk since it
    /// was opened, or that has hand-written comments, is not overwritten
    /// unless `force` (the author said so); a scenario with errors is kept as
    /// a draft instead.
    pub fn save(&mut self, force: bool) -> Result<Saved, SaveError> {
        let path = self.path.clone().ok_or(SaveError::NoPath)?;
        if !force {
            if let Some(expected) = &self.on_disk {
                let now = std::fs::read_to_string(&path).map(|t| hash(&t)).ok();
                if now.as_ref() != Some(expected) {
                    return Err(SaveError::ChangedOnDisk(path));
                }
            }
            if self.has_comments {
                return Err(SaveError::WouldDropComments(path));
            }
        }
        let errors = self
            .diagnostics()
            .iter()
            .filter(|d| d.severity == crate::scenario::Severity::Error)
            .count();
        if errors > 0 {
            let draft = draft_path(&path);
            write_atomically(&draft, to_ron(&self.scenario).as_bytes())?;
            return Ok(Saved::DraftWithErrors { draft, errors });
        }
        let text = to_ron(&self.scenario);
        write_atomically(&path, text.as_bytes())?;
        let _ = std::fs::remove_file(draft_path(&path));
        self.on_disk = Some(hash(&text));
        self.has_comments = false;
        self.dirty = false;
        Ok(Saved::File(path))
    }
}

fn rename_condition(c: &mut crate::scenario::Condition, from: &str, to: &str) {
    use crate::scenario::Condition;
    match c {
        Condition::Visited(id) if id == from => *id = to.to_string(),
        Condition::All(items) | Condition::Any(items) => {
            for item in items {
                rename_condition(item, from, to);
            }
        }
        Condition::Not(inner) => rename_condition(inner, from, to),
        _ => {}
    }
}

fn rename_everywhere(s: &mut Scenario, from: &str, to: &str) {
    let swap = |id: &mut String| {
        if id == from {
            *id = to.to_string();
        }
    };
    swap(&mut s.start);
    swap(&mut s.mood.collapse_ending);
    for n in &mut s.nodes {
        swap(&mut n.id);
        for c in &mut n.choices {
            swap(&mut c.next);
            if let Some(w) = &mut c.when {
                rename_condition(w, from, to);
            }
        }
        if let Some(t) = &mut n.time_limit {
            swap(&mut t.on_timeout.next);
        }
    }
    for c in [
        &mut s.escalation.appropriate_when,
        &mut s.escalation.too_late_when,
    ]
    .into_iter()
    .flatten()
    {
        rename_condition(c, from, to);
    }
}
