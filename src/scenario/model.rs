//! The scenario format: the Rust types a scenario RON file deserialises into.
//!
//! Every field is documented in `docs/scenario-format.md`; keep the two in step.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

/// Whether a number is zero: such fields are left out when a scenario is written.
fn is_zero(v: &i32) -> bool {
    *v == 0
}

/// The format version this build reads and writes.
pub const FORMAT_VERSION: u32 = 1;

/// One scripted conversation between a trainee and a customer.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Version of the scenario format; must be [`FORMAT_VERSION`].
    pub format_version: u32,
    /// Stable identifier used by tracks and records, e.g. `returns-desk-kettle`.
    pub id: String,
    /// Title shown on the library card.
    pub title: String,
    /// One-line premise shown on the library card.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub premise: String,
    /// One-paragraph situation briefing shown before the conversation starts.
    pub briefing: String,
    /// How the customer behaves, which also picks mood presets.
    pub persona: Persona,
    /// How the conversation happens.
    pub channel: Channel,
    /// Where it happens, e.g. "bank branch".
    pub setting: String,
    /// 1 (gentle) to 5 (hardest).
    pub difficulty: u8,
    /// How long a careful playthrough takes.
    pub estimated_minutes: u32,
    /// What the trainee should practise.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub objectives: Vec<String>,
    /// Free-form labels for searching.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Who wrote the scenario.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub author: String,
    /// The customer the trainee talks to.
    pub customer: Customer,
    /// How the customer's mood reacts and what happens when it collapses.
    pub mood: MoodModel,
    /// Id of the first node.
    pub start: String,
    /// The dialogue graph.
    pub nodes: Vec<Node>,
    /// When, if ever, taking the problem to a manager is right.
    pub escalation: EscalationRubric,
    /// Skill weights and pass mark.
    #[serde(default, skip_serializing_if = "ScoringRules::is_default")]
    pub scoring: ScoringRules,
    /// Show the choices in the order written instead of shuffling them per
    /// attempt, with the reason (for example, a tutorial whose lines refer to
    /// "the first answer"). Shuffling is on when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keep_choice_order: Option<String>,
    /// Who is talking in public, and how many people can see it, on
    /// `channel: social`. Ignored (with a warning) on other channels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub social: Option<SocialThread>,
    /// Node id → position in `nodes`, filled by [`Scenario::reindex`].
    #[serde(skip)]
    index: HashMap<String, usize>,
}

impl Scenario {
    /// Rebuilds the node lookup table. The loader calls it; code that builds a
    /// scenario in memory should call it after changing `nodes`.
    pub fn reindex(&mut self) {
        self.index.clear();
        for (i, node) in self.nodes.iter().enumerate() {
            // The first of duplicate ids wins; validation reports the rest.
            self.index.entry(node.id.clone()).or_insert(i);
        }
    }

    /// The node with this id, if there is one.
    pub fn node(&self, id: &str) -> Option<&Node> {
        if self.index.is_empty() && !self.nodes.is_empty() {
            return self.nodes.iter().find(|n| n.id == id);
        }
        self.index.get(id).map(|&i| &self.nodes[i])
    }

    /// Position of the node with this id in `nodes`.
    pub fn node_index(&self, id: &str) -> Option<usize> {
        if self.index.is_empty() && !self.nodes.is_empty() {
            return self.nodes.iter().position(|n| n.id == id);
        }
        self.index.get(id).copied()
    }

    /// The customer's starting mood: the explicit one or the persona preset.
    pub fn starting_mood(&self) -> i32 {
        self.customer
            .mood
            .unwrap_or_else(|| self.persona.preset().starting_mood)
    }

    /// How strongly the customer reacts: the explicit factor or the persona preset.
    pub fn reactivity(&self) -> f64 {
        self.mood
            .reactivity
            .unwrap_or_else(|| self.persona.preset().reactivity)
    }
}

/// The four customer personas.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Persona {
    /// Friendly, and may use the friendliness to get an exception.
    Charming,
    /// Hurt or worried; needs compassion more than speed.
    Upset,
    /// Angry; reacts strongly to every misstep.
    Angry,
    /// Lost; needs clarity, checking and patience.
    Confused,
}

/// Starting mood and reactivity a persona gets unless the scenario overrides them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PersonaPreset {
    /// Mood (0–100) at the start of the conversation.
    pub starting_mood: i32,
    /// Factor applied to every mood change.
    pub reactivity: f64,
}

impl Persona {
    /// All personas, in display order.
    pub const ALL: [Persona; 4] = [
        Persona::Charming,
        Persona::Upset,
        Persona::Angry,
        Persona::Confused,
    ];

    /// The mood preset for this persona.
    pub fn preset(self) -> PersonaPreset {
        let (starting_mood, reactivity) = match self {
            Persona::Charming => (70, 0.8),
            Persona::Upset => (35, 1.2),
            Persona::Angry => (20, 1.5),
            Persona::Confused => (50, 1.0),
        };
        PersonaPreset {
            starting_mood,
            reactivity,
        }
    }

    /// Lower-case name as written in scenario files.
    pub fn name(self) -> &'static str {
        match self {
            Persona::Charming => "charming",
            Persona::Upset => "upset",
            Persona::Angry => "angry",
            Persona::Confused => "confused",
        }
    }
}

/// The five conversation channels.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// A phone call.
    Phone,
    /// At a counter or desk.
    FaceToFace,
    /// Live text chat.
    Chat,
    /// An email thread.
    Email,
    /// A public post on social media, answered in public and, when it
    /// should be, taken to direct messages.
    Social,
}

impl Channel {
    /// All channels, in display order.
    pub const ALL: [Channel; 5] = [
        Channel::Phone,
        Channel::FaceToFace,
        Channel::Chat,
        Channel::Email,
        Channel::Social,
    ];

    /// Name as written in scenario files.
    pub fn name(self) -> &'static str {
        match self {
            Channel::Phone => "phone",
            Channel::FaceToFace => "face_to_face",
            Channel::Chat => "chat",
            Channel::Email => "email",
            Channel::Social => "social",
        }
    }

    /// Name for people.
    pub fn label(self) -> &'static str {
        match self {
            Channel::Phone => "Phone",
            Channel::FaceToFace => "Face to face",
            Channel::Chat => "Chat",
            Channel::Email => "Email",
            Channel::Social => "Social media",
        }
    }
}

/// A conversation that starts in public on social media.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SocialThread {
    /// The customer's handle, e.g. `@rosie_b`.
    pub handle: String,
    /// The account the trainee answers from, e.g. `@NorthlineHelp`.
    pub brand: String,
    /// How many people can see the public thread (the customer's followers
    /// and the brand's): the audience every public reply is written for.
    pub audience: u32,
}

/// The customer the trainee meets.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Customer {
    /// The customer's name.
    pub name: String,
    /// A short description for the briefing.
    pub description: String,
    /// Starting mood 0–100; the persona preset when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mood: Option<i32>,
}

/// How the customer's mood moves and when it collapses.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct MoodModel {
    /// Factor applied to every mood change (0.1–3.0); the persona preset when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reactivity: Option<f64>,
    /// The conversation collapses when mood falls to this value or below.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub collapse_at: i32,
    /// Ending node reached when the mood collapses (the customer hangs up or walks out).
    pub collapse_ending: String,
}

/// One step of the dialogue: the customer speaks, then the trainee chooses, or it ends.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Node {
    /// Unique id within the scenario.
    pub id: String,
    /// What the customer says; one variant is picked at random each time.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub say: Vec<String>,
    /// The `say` lines describe what happens ("A queue forms behind him.")
    /// rather than words the customer speaks, so they are shown as narration.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub narration: bool,
    /// What the trainee can answer. Empty on endings.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<Choice>,
    /// An optional response-time limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_limit: Option<TimeLimit>,
    /// Present on ending nodes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ending: Option<Ending>,
    /// On `channel: social`: this line comes by direct message, so it and the
    /// trainee's answer are out of public view. Public when absent.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub private: bool,
}

impl Node {
    /// Whether the conversation stops here.
    pub fn is_ending(&self) -> bool {
        self.ending.is_some()
    }
}

/// How a conversation ended.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Ending {
    /// The kind of outcome.
    pub outcome: Outcome,
    /// Whether this ending is a good, acceptable or failed result for this
    /// scenario; [`Outcome::default_verdict`] when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verdict: Option<Verdict>,
    /// Closing narration shown after the customer's last line.
    pub text: String,
}

impl Ending {
    /// The verdict the author gave, or the default for the outcome.
    pub fn verdict(&self) -> Verdict {
        self.verdict
            .unwrap_or_else(|| self.outcome.default_verdict())
    }
}

/// What an ending means for the attempt, whatever the points.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The right result for this situation; the points decide the score.
    Good,
    /// A result a coach would accept but not hold up as the goal: the overall
    /// score is capped (see `scoring::ACCEPTABLE_CEILING`).
    Acceptable,
    /// The customer was failed: the attempt fails whatever the points.
    Failed,
}

impl Verdict {
    /// Lower-case name as written in scenario files.
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Good => "good",
            Verdict::Acceptable => "acceptable",
            Verdict::Failed => "failed",
        }
    }

    /// Plain words for the debrief.
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Good => "A good outcome",
            Verdict::Acceptable => "An acceptable outcome",
            Verdict::Failed => "A failed outcome",
        }
    }
}

/// Outcome categories of an ending.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Solved on the spot.
    Resolved,
    /// Details taken and a callback promised at a stated time.
    ResolvedWithCallback,
    /// Handed to a manager or supervisor.
    Escalated,
    /// The customer hung up or walked out.
    CustomerLeft,
    /// The conversation ended with the problem still open.
    Unresolved,
}

impl Outcome {
    /// The verdict an ending with this outcome gets when its author gives
    /// none: a customer who left, or a problem left open, fails the attempt.
    pub fn default_verdict(self) -> Verdict {
        match self {
            Outcome::Resolved | Outcome::ResolvedWithCallback | Outcome::Escalated => Verdict::Good,
            Outcome::CustomerLeft | Outcome::Unresolved => Verdict::Failed,
        }
    }

    /// Name as written in scenario files.
    pub fn name(self) -> &'static str {
        match self {
            Outcome::Resolved => "resolved",
            Outcome::ResolvedWithCallback => "resolved_with_callback",
            Outcome::Escalated => "escalated",
            Outcome::CustomerLeft => "customer_left",
            Outcome::Unresolved => "unresolved",
        }
    }

    /// Plain words for the debrief.
    pub fn label(self) -> &'static str {
        match self {
            Outcome::Resolved => "Resolved",
            Outcome::ResolvedWithCallback => "Resolved with a callback promised",
            Outcome::Escalated => "Escalated to a manager",
            Outcome::CustomerLeft => "Customer left",
            Outcome::Unresolved => "Unresolved",
        }
    }
}

/// Skill and mood effects of a choice or a timeout.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Effects {
    /// Listening points (−5 to 5).
    pub listening: i32,
    /// Problem-solving points (−5 to 5).
    pub problem_solving: i32,
    /// Compassion points (−5 to 5).
    pub compassion: i32,
    /// Change to the customer's mood (−50 to 50), before reactivity.
    pub mood: i32,
}

impl Effects {
    /// The points in words, as the feedback and the debrief show them:
    /// "listening +2 · problem solving +1 · compassion +0".
    pub fn points_text(&self) -> String {
        format!(
            "listening {:+} · problem solving {:+} · compassion {:+}",
            self.listening, self.problem_solving, self.compassion
        )
    }
}

/// Something the trainee can say.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    /// What the trainee says.
    pub text: String,
    /// Listening points (−5 to 5).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub listening: i32,
    /// Problem-solving points (−5 to 5).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub problem_solving: i32,
    /// Compassion points (−5 to 5).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub compassion: i32,
    /// Change to the customer's mood (−50 to 50), before reactivity.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub mood: i32,
    /// Flags set when chosen.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sets: Vec<String>,
    /// The choice is only offered when this holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<Condition>,
    /// Why this is good or bad, in customer-service terms.
    pub feedback: String,
    /// The node that follows.
    pub next: String,
    /// Whether this hands the problem to a manager or supervisor.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub escalates: bool,
    /// Marks a choice that fails the attempt on its own: a danger to someone's
    /// safety, a legal or privacy breach, discrimination.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub critical: Option<CriticalError>,
    /// Keeps this choice at its written position when the others are shuffled
    /// (for example "say nothing" last).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub pinned: bool,
}

/// Why a choice fails the attempt on its own.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct CriticalError {
    /// What kind of line it crosses.
    pub kind: CriticalKind,
    /// One sentence, in plain words, that the debrief shows first.
    pub reason: String,
}

/// The kinds of critical error.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum CriticalKind {
    /// Puts someone's health or safety at risk.
    Safety,
    /// Breaks the law or a regulated procedure.
    Legal,
    /// Discloses or acts on personal data without the right checks.
    Privacy,
    /// Treats a customer worse because of who they are.
    Discrimination,
}

impl CriticalKind {
    /// Every kind, in the order an editor lists them.
    pub const ALL: [CriticalKind; 4] = [
        CriticalKind::Safety,
        CriticalKind::Legal,
        CriticalKind::Privacy,
        CriticalKind::Discrimination,
    ];

    /// Name for people.
    pub fn label(self) -> &'static str {
        match self {
            CriticalKind::Safety => "Safety",
            CriticalKind::Legal => "Legal",
            CriticalKind::Privacy => "Privacy",
            CriticalKind::Discrimination => "Discrimination",
        }
    }
}

impl Choice {
    /// The skill and mood effects as one value.
    pub fn effects(&self) -> Effects {
        Effects {
            listening: self.listening,
            problem_solving: self.problem_solving,
            compassion: self.compassion,
            mood: self.mood,
        }
    }
}

/// A response-time limit on a node.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct TimeLimit {
    /// Seconds the trainee has to answer (1–600).
    pub seconds: u32,
    /// What happens when the time runs out.
    pub on_timeout: Timeout,
}

/// The consequence of letting a time limit run out.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Timeout {
    /// Listening points (−5 to 5).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub listening: i32,
    /// Problem-solving points (−5 to 5).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub problem_solving: i32,
    /// Compassion points (−5 to 5).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub compassion: i32,
    /// Change to the customer's mood (−50 to 50), before reactivity.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub mood: i32,
    /// Flags set when the time runs out.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sets: Vec<String>,
    /// What the silence cost, in customer-service terms.
    pub feedback: String,
    /// The node that follows.
    pub next: String,
}

impl Timeout {
    /// The skill and mood effects as one value.
    pub fn effects(&self) -> Effects {
        Effects {
            listening: self.listening,
            problem_solving: self.problem_solving,
            compassion: self.compassion,
            mood: self.mood,
        }
    }
}

/// A test on the conversation state that decides whether a choice is offered.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub enum Condition {
    /// A flag has been set.
    Flag(String),
    /// A node has been visited.
    Visited(String),
    /// Mood is at least this value.
    MoodAtLeast(i32),
    /// Mood is below this value.
    MoodBelow(i32),
    /// At least this many decisions have been made.
    TurnAtLeast(u32),
    /// Fewer than this many decisions have been made.
    TurnBelow(u32),
    /// Every condition holds.
    All(Vec<Condition>),
    /// At least one condition holds.
    Any(Vec<Condition>),
    /// The condition does not hold.
    Not(Box<Condition>),
}

/// When, if ever, escalating to a manager is the right call.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct EscalationRubric {
    /// Whether the problem can only be solved by a manager.
    pub required: bool,
    /// From when escalating is appropriate: the customer is heard out and what is within the trainee's authority is tried.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub appropriate_when: Option<Condition>,
    /// After when escalating comes too late.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub too_late_when: Option<Condition>,
    /// Why, in a sentence the debrief can show.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
}

/// How the skills add up to an overall score.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct ScoringRules {
    /// Relative weight of each skill in the overall score.
    pub weights: SkillWeights,
    /// Overall score needed to pass (0–100).
    pub pass_mark: u8,
}

impl Default for ScoringRules {
    fn default() -> Self {
        ScoringRules {
            weights: SkillWeights::default(),
            pass_mark: 60,
        }
    }
}

impl ScoringRules {
    /// Whether these are the defaults (equal weights, pass mark 60): then a
    /// written scenario leaves `scoring` out.
    pub fn is_default(&self) -> bool {
        *self == ScoringRules::default()
    }
}

/// Weight of each skill in the overall score.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct SkillWeights {
    /// Weight of listening.
    pub listening: f64,
    /// Weight of problem solving.
    pub problem_solving: f64,
    /// Weight of compassion.
    pub compassion: f64,
    /// Weight of escalation timing.
    pub escalation: f64,
}

impl Default for SkillWeights {
    fn default() -> Self {
        SkillWeights {
            listening: 1.0,
            problem_solving: 1.0,
            compassion: 1.0,
            escalation: 1.0,
        }
    }
}
