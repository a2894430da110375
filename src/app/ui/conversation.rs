//! The conversation screen: portrait, mood, a frame that fits the channel, the
//! customer's line as it is typed, the choices, a countdown and the transcript.

use bevy_egui::egui::{self, Align, Color32, Layout, RichText, Stroke};

use super::portrait::{Expression, portrait};
use super::widgets::{countdown, mood_meter, readable_column};
use crate::app::palette::{ACCENT, NOTICE, colours};
use crate::engine::social::{self, Reactions};
use crate::engine::{Step, Transcript, TurnRecord, TurnResult};
use crate::rules::ChoiceVerdict;
use crate::scenario::Verdict;
use crate::scenario::{Channel, Effects, Scenario};

/// Feedback on the choice just made, shown in learning mode.
#[derive(Debug, Clone, PartialEq)]
pub struct LastFeedback {
    /// What the trainee said.
    pub choice: String,
    /// The author's feedback.
    pub feedback: String,
    /// Its effects.
    pub effects: Effects,
    /// The core's verdict of the choice against what was on offer: the colour comes from this.
    pub verdict: ChoiceVerdict,
    /// The reason, when the choice was a critical error.
    pub critical: Option<String>,
}

impl LastFeedback {
    /// Learning-mode feedback from what the engine said about a decision.
    pub fn from_result(scenario: &Scenario, result: &TurnResult) -> Self {
        let critical = match result.record.action {
            crate::engine::Action::Chose { choice_index } => scenario
                .node(&result.record.node_id)
                .and_then(|n| n.choices.get(choice_index))
                .and_then(|c| c.critical.as_ref())
                .map(|c| c.reason.clone()),
            crate::engine::Action::TimedOut => None,
        };
        LastFeedback {
            choice: result.record.said.clone(),
            feedback: result.feedback.clone(),
            effects: result.record.effects,
            verdict: result.verdict,
            critical,
        }
    }
}

/// The colour learning mode gives a verdict, in the theme's palette.
pub fn verdict_colour(ui: &egui::Ui, v: ChoiceVerdict) -> egui::Color32 {
    let p = colours(ui);
    match v {
        ChoiceVerdict::Best => p.good,
        ChoiceVerdict::Reasonable => p.fair,
        ChoiceVerdict::Weak | ChoiceVerdict::Critical => p.poor,
    }
}

/// Everything the conversation screen shows.
pub struct ConversationView<'a> {
    /// The scenario.
    pub scenario: &'a Scenario,
    /// The engine's current step.
    pub step: &'a Step,
    /// What has been said so far.
    pub transcript: &'a Transcript,
    /// How many characters of the current line are shown.
    pub revealed: usize,
    /// Seconds left on a timed turn.
    pub remaining: Option<f32>,
    /// Seconds since the conversation began (the phone's call timer).
    pub elapsed: f32,
    /// Feedback on the last choice, in learning mode.
    pub feedback: Option<&'a LastFeedback>,
    /// Whether the pause menu is open.
    pub paused: bool,
    /// Whether the scenario file changed on disk during the conversation.
    pub reload_offer: bool,
}

/// What the trainee asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConversationAction {
    /// The choice at this position (0-based) among those on offer.
    Choose(usize),
    /// Show the whole line now.
    RevealAll,
    /// Open the pause menu.
    Pause,
    /// Close the pause menu.
    Resume,
    /// Start again from the beginning with the same seed.
    Restart,
    /// Leave for the library.
    Library,
    /// Go to the debrief (after the ending).
    Debrief,
    /// Restart with the version of the file just saved.
    RestartWithNewVersion,
}

/// Where egui's memory keeps the rectangles of this frame's answer buttons
/// and the visible part of their panel (`(Vec<Rect>, Rect)`).
pub fn answers_on_screen_id() -> egui::Id {
    egui::Id::new("frontline-answers-on-screen")
}

/// Height (points) the title and the last lines of the conversation keep,
/// however much the answers need; on a very small view (a laptop at 200 %
/// text) at most [`TRANSCRIPT_MIN_SHARE`] of it, so five answers still fit.
const TRANSCRIPT_MIN_HEIGHT: f32 = 130.0;
/// The most of the view the transcript's minimum may take.
const TRANSCRIPT_MIN_SHARE: f32 = 0.2;
/// Below this height (points) the title is a line of text, not a heading:
/// the answers need the room more.
const SHORT_VIEW: f32 = 450.0;
/// What the transcript keeps on a short view: the title line and a line or two.
const SHORT_TRANSCRIPT_MIN: f32 = 76.0;

/// The widest a line of the conversation runs, in points: about 110
/// characters, so eyes need not travel the width of a projector.
const READABLE_WIDTH: f32 = 980.0;

/// Where egui's memory keeps this frame's rectangles of the customer, answer
/// and transcript panels (`[Rect; 3]`).
pub fn panels_on_screen_id() -> egui::Id {
    egui::Id::new("frontline-conversation-panels")
}

/// Draws the conversation screen into a root `Ui`.
pub fn conversation_ui(root: &mut egui::Ui, view: &ConversationView) -> Option<ConversationAction> {
    let mut action = None;
    let s = view.scenario;
    let mood = match view.step {
        Step::Turn(t) => t.mood,
        Step::Ended(e) => e.mood,
    };
    let previous = view.transcript.turns.last().map_or(mood, |t| t.mood_before);

    // The customer's column takes less of a small screen, so the words keep their room.
    let column = (root.available_width() * 0.26).clamp(140.0, 300.0);
    let portrait_size = (column - 90.0).clamp(80.0, 210.0);
    let customer_panel = egui::Panel::left("customer")
        .resizable(false)
        .exact_size(column)
        .show(root, |ui| {
            ui.add_space(8.0);
            channel_header(ui, s, view.elapsed, view.step);
            ui.add_space(6.0);
            ui.vertical_centered(|ui| {
                portrait(
                    ui,
                    &s.customer.name,
                    Expression::from_mood(mood, previous, s.persona),
                    portrait_size,
                );
                ui.label(RichText::new(&s.customer.name).strong().size(19.0));
                ui.label(RichText::new(&s.setting).weak());
            });
            if s.channel == Channel::FaceToFace {
                counter(ui);
            }
            ui.add_space(8.0);
            mood_meter(ui, mood, column - 30.0);
            if let (Some(remaining), Step::Turn(t)) = (view.remaining, view.step)
                && let Some(total) = t.time_limit
            {
                ui.add_space(8.0);
                countdown(ui, remaining, total as f32);
            }
            ui.with_layout(Layout::bottom_up(Align::Min), |ui| {
                ui.add_space(6.0);
                if ui.button("Pause  (Esc)").clicked() {
                    action = Some(ConversationAction::Pause);
                }
            });
        })
        .response
        .rect;

    // The answers never leave the screen: the transcript above yields its
    // room first, and past 80 % of the height the answer panel scrolls,
    // brought to the answers whenever a new turn begins.
    // The title and a few lines of the conversation keep their room above.
    let height = root.available_height();
    let short_view = height < SHORT_VIEW;
    let transcript_min = if short_view {
        SHORT_TRANSCRIPT_MIN
    } else {
        TRANSCRIPT_MIN_HEIGHT.min(height * TRANSCRIPT_MIN_SHARE)
    };
    let max_answer_height = height - transcript_min;
    let answer_panel = egui::Panel::bottom("answer")
        .resizable(false)
        .max_size(max_answer_height)
        .show(root, |ui| {
          egui::ScrollArea::vertical()
            .id_salt("answer-scroll")
            .max_height(max_answer_height)
            // When the answers need scrolling, take all the room allowed, not a sliver.
            .min_scrolled_height(max_answer_height)
            .auto_shrink([false, true])
            .show(ui, |ui| {
            readable_column(ui, READABLE_WIDTH, |ui| {
            ui.add_space(8.0);
            if view.reload_offer {
                egui::Frame::new().fill(NOTICE).inner_margin(egui::Margin::same(6)).corner_radius(6.0).show(ui, |ui| {
                    ui.horizontal(|ui| {
                        ui.label(RichText::new("This scenario was changed on disk. Your conversation carries on with the version you started.").color(Color32::BLACK));
                        if ui.button("Restart with the new version").clicked() {
                            action = Some(ConversationAction::RestartWithNewVersion);
                        }
                    });
                });
            }
            if let Some(f) = view.feedback {
                feedback_box(ui, f);
            }
            match view.step {
                Step::Turn(turn) => {
                    let line = typed(&turn.line, view.revealed);
                    let full = view.revealed >= turn.line.chars().count();
                    current_line(ui, s, &line, turn.narration);
                    if !full {
                        ui.label(RichText::new("Space: show it all").small().weak());
                    }
                    ui.add_space(4.0);
                    let keys = match turn.choices.len() {
                        0 | 1 => "press 1".to_string(),
                        n => format!("press 1–{}", n.min(9)),
                    };
                    if s.channel == Channel::Social {
                        // Who will read it, so the trainee writes for the right reader.
                        ui.label(RichText::new(format!("{} ({keys}):", answer_prompt(s, &turn.node_id))).strong().color(colours(ui).accent));
                    } else {
                        ui.label(RichText::new(format!("Your answer ({keys}):")).strong());
                    }
                    let mut last = None;
                    let mut rects = Vec::new();
                    for (i, c) in turn.choices.iter().enumerate() {
                        let text = RichText::new(format!("{}   {}", i + 1, c.text)).size(16.0);
                        let button = egui::Button::new(text).wrap().min_size(egui::vec2(ui.available_width(), 34.0));
                        let response = ui.add_enabled(!view.paused, button);
                        if response.clicked() {
                            action = Some(ConversationAction::Choose(i));
                        }
                        last = Some(response.rect);
                        rects.push(response.rect);
                    }
                    // Where the answers are and what of the panel is visible, for
                    // the layout tests (a trainee must never answer blind).
                    let visible = ui.clip_rect();
                    ui.data_mut(|d| {
                        d.insert_temp(answers_on_screen_id(), (rects.clone(), visible));
                    });
                    // Once per turn, scroll so that every answer is in view.
                    let shown_turn = egui::Id::new("answers-shown-for-turn");
                    // Again once the line is shown in full: it may have pushed them down.
                    let seen = ui.data(|d| d.get_temp::<(u32, usize, bool)>(shown_turn));
                    let this_turn = (turn.turn, view.transcript.turns.len(), full);
                    if let Some(rect) = last
                        && seen != Some(this_turn)
                    {
                        ui.scroll_to_rect(rect, Some(Align::Max));
                        ui.data_mut(|d| d.insert_temp(shown_turn, this_turn));
                    }
                    if turn.choices.is_empty() {
                        ui.label(RichText::new("(Nothing you could say fits here. Wait and see what happens.)").italics());
                    }
                }
                Step::Ended(end) => {
                    if let Some(line) = &end.line {
                        current_line(ui, s, line, end.narration);
                    }
                    ui.add_space(6.0);
                    let p = colours(ui);
                    let colour = match end.verdict {
                        Verdict::Good => p.good,
                        Verdict::Acceptable => p.fair,
                        Verdict::Failed => p.poor,
                    };
                    ui.label(RichText::new(end.outcome.label()).strong().size(20.0).color(colour));
                    ui.label(RichText::new(&end.closing).size(16.0));
                    ui.add_space(6.0);
                    let go = ui.add(egui::Button::new(RichText::new("See your debrief  (Enter)").strong().size(18.0)).fill(ACCENT));
                    if go.clicked() {
                        action = Some(ConversationAction::Debrief);
                    }
                }
            }
            ui.add_space(8.0);
            });
            });
        })
        .response
        .rect;

    let transcript_panel = egui::CentralPanel::default()
        .show(root, |ui| {
            if short_view {
                ui.label(RichText::new(&s.title).strong());
            } else {
                ui.label(RichText::new(&s.title).heading());
            }
            // The conversation sits just above the answers, as in a chat, instead
            // of at the top of a tall empty area on a big screen: the space above
            // it is what the viewport has to spare (measured on the last frame).
            let pad_id = egui::Id::new("transcript-top-space");
            let pad = ui.data(|d| d.get_temp::<f32>(pad_id)).unwrap_or(0.0);
            let out = egui::ScrollArea::vertical()
                .id_salt("transcript-scroll")
                .min_scrolled_height(if short_view { 30.0 } else { 40.0 })
                .stick_to_bottom(true)
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    ui.add_space(pad);
                    readable_column(ui, READABLE_WIDTH, |ui| {
                        transcript_ui(ui, s, view.transcript);
                    });
                });
            let spare = (out.inner_rect.height() - (out.content_size.y - pad)).max(0.0);
            if (spare - pad).abs() > 0.5 {
                ui.data_mut(|d| d.insert_temp(pad_id, spare));
                ui.ctx().request_repaint();
            }
        })
        .response
        .rect;
    // For the layout tests: the three panels must never overlap.
    root.ctx().data_mut(|d| {
        d.insert_temp(
            panels_on_screen_id(),
            [customer_panel, answer_panel, transcript_panel],
        );
    });

    if view.paused {
        let modal = egui::Modal::new(egui::Id::new("pause")).show(root.ctx(), |ui| {
            ui.set_width(320.0);
            ui.heading("Paused");
            ui.label("The clock is stopped.");
            ui.add_space(8.0);
            let resume =
                ui.add(egui::Button::new("Resume  (Esc)").min_size(egui::vec2(300.0, 32.0)));
            // Focus starts on Resume; after that Tab and the arrows move it freely.
            if ui.ctx().memory(|m| m.focused().is_none()) {
                resume.request_focus();
            }
            if resume.clicked() {
                action = Some(ConversationAction::Resume);
            }
            if ui
                .add(
                    egui::Button::new("Restart this conversation")
                        .min_size(egui::vec2(300.0, 32.0)),
                )
                .clicked()
            {
                action = Some(ConversationAction::Restart);
            }
            if ui
                .add(egui::Button::new("Back to the library").min_size(egui::vec2(300.0, 32.0)))
                .clicked()
            {
                action = Some(ConversationAction::Library);
            }
        });
        if modal.should_close() && action.is_none() {
            action = Some(ConversationAction::Resume);
        }
    }
    action
}

/// The first `n` characters of a line.
pub fn typed(line: &str, n: usize) -> String {
    line.chars().take(n).collect()
}

fn channel_header(ui: &mut egui::Ui, s: &Scenario, elapsed: f32, step: &Step) {
    let (icon, text) = match s.channel {
        Channel::Phone => {
            let secs = elapsed.max(0.0) as u32;
            let status = if matches!(step, Step::Ended(_)) {
                "Call ended"
            } else {
                "On call"
            };
            ("📞", format!("{status}  {:02}:{:02}", secs / 60, secs % 60))
        }
        Channel::FaceToFace => ("", "At the counter".to_string()),
        Channel::Chat => ("💬", "Live chat".to_string()),
        Channel::Email => ("✉", "Email thread".to_string()),
        Channel::Social => {
            let node = match step {
                Step::Turn(t) => t.node_id.as_str(),
                Step::Ended(e) => e.node_id.as_str(),
            };
            if social::in_public(s, node) {
                ("📣", format!("In public · {}", audience_text(s)))
            } else {
                ("✉", "Direct messages".to_string())
            }
        }
    };
    egui::Frame::new()
        .fill(ACCENT)
        .corner_radius(8.0)
        .inner_margin(egui::Margin::symmetric(10, 6))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            let label = if icon.is_empty() {
                text
            } else {
                format!("{icon}  {text}")
            };
            ui.label(
                RichText::new(label)
                    .color(Color32::WHITE)
                    .strong()
                    .size(17.0),
            );
        });
}

fn counter(ui: &mut egui::Ui) {
    // A desk edge under the portrait: the customer is across the counter from you.
    let (rect, _) =
        ui.allocate_exact_size(egui::vec2(ui.available_width(), 14.0), egui::Sense::hover());
    ui.painter()
        .rect_filled(rect, 3.0, Color32::from_rgb(0x8a, 0x65, 0x45));
    ui.vertical_centered(|ui| {
        ui.label(RichText::new("the counter between you").small().weak());
    });
}

fn current_line(ui: &mut egui::Ui, s: &Scenario, line: &str, narration: bool) {
    egui::Frame::new()
        .fill(ui.visuals().extreme_bg_color)
        .corner_radius(8.0)
        .inner_margin(egui::Margin::same(10))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            if narration {
                ui.label(RichText::new(line).italics().size(18.0));
            } else {
                ui.label(
                    RichText::new(format!("{}:", s.customer.name))
                        .strong()
                        .color(colours(ui).accent),
                );
                ui.label(RichText::new(format!("“{line}”")).size(19.0));
            }
        });
}

fn feedback_box(ui: &mut egui::Ui, f: &LastFeedback) {
    let colour = verdict_colour(ui, f.verdict);
    egui::Frame::new()
        .stroke(Stroke::new(2.0, colour))
        .corner_radius(8.0)
        .inner_margin(egui::Margin::same(8))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(RichText::new(f.verdict.label()).strong().color(colour));
            if let Some(reason) = &f.critical {
                ui.label(
                    RichText::new(format!("{reason} This fails the attempt."))
                        .strong()
                        .color(colours(ui).poor),
                );
            }
            ui.label(RichText::new(format!("You said: {}", f.choice)).weak());
            ui.label(RichText::new(&f.feedback).size(15.0));
            ui.label(RichText::new(f.effects.points_text()).small().color(colour));
        });
    ui.add_space(6.0);
}

/// The conversation so far, styled for the channel.
pub fn transcript_ui(ui: &mut egui::Ui, s: &Scenario, t: &Transcript) {
    if t.turns.is_empty() {
        ui.label(RichText::new("The conversation starts below.").weak());
    }
    if s.channel == Channel::Social {
        social_transcript(ui, s, t);
        return;
    }
    for turn in &t.turns {
        message(ui, s, &turn.customer_line, turn.narration, false);
        message(ui, s, &turn.said, false, true);
    }
}

/// "2,400 people can see this", from the scenario's audience.
fn audience_text(s: &Scenario) -> String {
    match &s.social {
        Some(t) => format!("{} can see this", social::people(t.audience)),
        None => "anyone can see this".to_string(),
    }
}

/// On social media, the answer prompt says where the answer goes: out in
/// public to everyone watching, or by direct message.
fn answer_prompt(s: &Scenario, node_id: &str) -> String {
    if social::in_public(s, node_id) {
        format!("📣 Your public reply, {}", audience_text(s))
    } else {
        "✉ Your direct message, only the customer sees it".to_string()
    }
}

/// The account names on a social thread: the customer's handle and yours.
fn handles(s: &Scenario) -> (String, String) {
    match &s.social {
        Some(t) => (t.handle.clone(), t.brand.clone()),
        None => (s.customer.name.clone(), "You".to_string()),
    }
}

/// A social-media conversation: public posts as cards with their reactions
/// and the audience, then, once it moves, direct messages as chat bubbles.
fn social_transcript(ui: &mut egui::Ui, s: &Scenario, t: &Transcript) {
    let audience = s.social.as_ref().map_or(0, |t| t.audience);
    let (customer, brand) = handles(s);
    let mut in_dms = false;
    for turn in &t.turns {
        if social::in_public(s, &turn.node_id) {
            let r = social::customer_post(audience, turn.mood_before, turn.turn);
            public_post(ui, &customer, &s.customer.name, turn, r, false);
            let r = social::brand_reply(audience, turn.mood_before, turn.mood_after);
            public_post(ui, &brand, "You", turn, r, true);
        } else {
            if !in_dms {
                ui.add_space(4.0);
                ui.vertical_centered(|ui| {
                    ui.label(
                        RichText::new("✉ Direct messages: only the two of you")
                            .small()
                            .strong(),
                    );
                });
                in_dms = true;
            }
            message(ui, s, &turn.customer_line, turn.narration, false);
            message(ui, s, &turn.said, false, true);
        }
    }
}

/// How far a public reply is indented under the post it answers.
const REPLY_INDENT: f32 = 28.0;

/// One public post: the account, the words and what onlookers did with it.
fn public_post(
    ui: &mut egui::Ui,
    handle: &str,
    name: &str,
    turn: &TurnRecord,
    r: Reactions,
    mine: bool,
) {
    let text = if mine {
        &turn.said
    } else {
        &turn.customer_line
    };
    if !mine && turn.narration {
        ui.label(RichText::new(text).italics().weak());
        return;
    }
    let p = colours(ui);
    let border = if mine {
        ACCENT
    } else {
        ui.visuals().widgets.noninteractive.bg_stroke.color
    };
    let card = |ui: &mut egui::Ui| {
        egui::Frame::group(ui.style())
            .corner_radius(8.0)
            .stroke(Stroke::new(1.0, border))
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.horizontal_wrapped(|ui| {
                    ui.label(RichText::new(name).strong());
                    ui.label(RichText::new(handle).weak());
                    if mine {
                        ui.label(RichText::new("· public reply").small().color(p.accent));
                    }
                });
                ui.add(egui::Label::new(text.as_str()).wrap());
                ui.label(
                    RichText::new(format!(
                        "♥ {}    ⟲ {} shares    💬 {} replies",
                        r.likes, r.shares, r.replies
                    ))
                    .small()
                    .weak(),
                );
            });
    };
    if mine {
        // A reply sits under the post it answers, indented as a thread shows it.
        let width = ui.available_width() - REPLY_INDENT;
        ui.horizontal(|ui| {
            ui.add_space(REPLY_INDENT);
            ui.vertical(|ui| {
                ui.set_width(width);
                card(ui);
            });
        });
    } else {
        card(ui);
    }
    ui.add_space(4.0);
}

fn message(ui: &mut egui::Ui, s: &Scenario, text: &str, narration: bool, mine: bool) {
    if narration {
        ui.label(RichText::new(text).italics().weak());
        return;
    }
    let who = if mine {
        "You"
    } else {
        s.customer.name.as_str()
    };
    match s.channel {
        // Direct messages on social media read like a chat.
        Channel::Chat | Channel::Social => {
            let layout = if mine {
                Layout::right_to_left(Align::Min)
            } else {
                Layout::left_to_right(Align::Min)
            };
            ui.with_layout(layout, |ui| {
                let fill = if mine {
                    ACCENT
                } else {
                    ui.visuals().widgets.inactive.bg_fill
                };
                let colour = if mine {
                    Color32::WHITE
                } else {
                    ui.visuals().text_color()
                };
                egui::Frame::new()
                    .fill(fill)
                    .corner_radius(12.0)
                    .inner_margin(egui::Margin::symmetric(12, 8))
                    .show(ui, |ui| {
                        // A readable bubble: at most 70 % of the transcript, and the
                        // text wraps inside it (a label in a horizontal layout would not).
                        ui.set_max_width((ui.available_width() * 0.7).min(560.0));
                        ui.add(egui::Label::new(RichText::new(text).color(colour)).wrap());
                    });
            });
        }
        Channel::Email => {
            egui::Frame::group(ui.style())
                .corner_radius(6.0)
                .show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    ui.label(RichText::new(format!("From: {who}")).small().strong());
                    ui.separator();
                    ui.label(text);
                });
        }
        Channel::Phone | Channel::FaceToFace => {
            ui.horizontal_wrapped(|ui| {
                let colour = if mine {
                    colours(ui).accent
                } else {
                    ui.visuals().strong_text_color()
                };
                ui.label(RichText::new(format!("{who}:")).strong().color(colour));
                ui.label(text);
            });
        }
    }
    ui.add_space(4.0);
}
