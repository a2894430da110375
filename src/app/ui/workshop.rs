//! The workshop's presenter view, for a projector: the customer and their
//! line in large type, the room's votes, a join panel with a QR code, the
//! coach's controls along the bottom, and the class debrief. Everything it
//! shows comes from the core's [`Workshop`]; it only hands actions back.

use bevy_egui::egui::{self, Color32, RichText, Stroke};

use super::portrait::{Expression, portrait};
use crate::app::palette::{ACCENT, colours};
use crate::rules::ChoiceVerdict;
use crate::workshop::{ClassDebrief, CoachNote, Phase, Workshop};

/// What the coach can ask for, by key or click.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkshopAction {
    /// Open the vote on this turn.
    OpenVote,
    /// Close the vote.
    CloseVote,
    /// Show the split.
    Reveal,
    /// Play the room's choice.
    PlayRoomChoice,
    /// Play the option at this 0-based position (to discuss "what if").
    Play(usize),
    /// Show the split live, or hide it until the reveal.
    ToggleLive,
    /// Show or hide the coach's notes.
    ToggleNotes,
    /// Show or hide the class debrief.
    ToggleDebrief,
    /// Save the class debrief.
    SaveDebrief,
    /// Save xAPI statements for the room, one per turn.
    SaveStatements,
    /// Open the audience view in its own window (for the projector), or close it.
    ToggleAudienceWindow,
    /// Serve the page on this port instead (and remember it).
    SetPort(u16),
    /// End the workshop and stop serving the page.
    End,
}

/// Everything the presenter view shows.
pub struct WorkshopView<'a> {
    /// The workshop.
    pub workshop: &'a Workshop,
    /// The link with the room code in it, for the QR code.
    pub join_link: &'a str,
    /// The link without the code, to read off the screen.
    pub short_link: &'a str,
    /// A note about the network (no network found, or the server failed).
    pub network_note: Option<&'a str>,
    /// The coach's notes on this turn, when shown.
    pub notes: Option<&'a [CoachNote]>,
    /// Decision numbers where escalating is timely, if any.
    pub escalation_window: Option<(u32, u32)>,
    /// The class debrief, when shown.
    pub debrief: Option<&'a ClassDebrief>,
    /// A message for the coach (a saved debrief, say).
    pub message: Option<&'a str>,
    /// Whether the audience view is open in its own window.
    pub audience_window: bool,
    /// The port the page is served on; `None` hides the port setting (the audience's window).
    pub port: Option<u16>,
}

/// Text sizes for a projector at the back of a room.
const LINE_SIZE: f32 = 30.0;
const OPTION_SIZE: f32 = 23.0;
const CODE_SIZE: f32 = 44.0;

/// The audience's window on a second display: what the room sees, without
/// the coach's controls or notes.
pub fn audience_ui(root: &mut egui::Ui, view: &WorkshopView) {
    let side = (root.available_width() * 0.26).clamp(240.0, 380.0);
    egui::Panel::right("audience-join")
        .resizable(false)
        .exact_size(side)
        .show(root, |ui| {
            let _ = join_panel(ui, view, side - 24.0);
        });
    egui::CentralPanel::default().show(root, |ui| {
        let mut ignored = None;
        let view = WorkshopView {
            notes: None,
            ..*view
        };
        egui::ScrollArea::vertical()
            .id_salt("audience-scroll")
            .auto_shrink([false, false])
            .show(ui, |ui| match view.debrief {
                Some(d) => class_debrief(ui, d),
                None => stage(ui, &view, &mut ignored),
            });
    });
}

/// Draws the presenter view; returns what the coach clicked.
pub fn workshop_ui(root: &mut egui::Ui, view: &WorkshopView) -> Option<WorkshopAction> {
    let mut action = None;
    let w = view.workshop;
    egui::Panel::bottom("workshop-controls").show(root, |ui| {
        ui.add_space(6.0);
        controls(ui, w, view, &mut action);
        ui.add_space(6.0);
    });
    let side = (root.available_width() * 0.26).clamp(240.0, 380.0);
    if let Some(a) = egui::Panel::right("workshop-join")
        .resizable(false)
        .exact_size(side)
        .show(root, |ui| join_panel(ui, view, side - 24.0))
        .inner
    {
        action = Some(a);
    }
    egui::CentralPanel::default().show(root, |ui| {
        egui::ScrollArea::vertical()
            .id_salt("workshop-scroll")
            .auto_shrink([false, false])
            .show(ui, |ui| match view.debrief {
                Some(d) => class_debrief(ui, d),
                None => stage(ui, view, &mut action),
            });
    });
    action
}

fn key_button(ui: &mut egui::Ui, label: &str, enabled: bool) -> bool {
    ui.add_enabled(
        enabled,
        egui::Button::new(RichText::new(label).size(17.0)).min_size(egui::vec2(0.0, 36.0)),
    )
    .clicked()
}

fn controls(
    ui: &mut egui::Ui,
    w: &Workshop,
    view: &WorkshopView,
    action: &mut Option<WorkshopAction>,
) {
    let phase = w.phase();
    let over = w.conversation().is_over();
    ui.horizontal_wrapped(|ui| {
        let mut ask = |ui: &mut egui::Ui, label: &str, enabled: bool, a: WorkshopAction| {
            if key_button(ui, label, enabled) {
                *action = Some(a);
            }
        };
        ask(
            ui,
            "Open the vote  (O)",
            !over && phase == Phase::Waiting && view.debrief.is_none(),
            WorkshopAction::OpenVote,
        );
        ask(
            ui,
            "Close  (C)",
            phase == Phase::Open,
            WorkshopAction::CloseVote,
        );
        ask(
            ui,
            "Reveal the split  (R)",
            matches!(phase, Phase::Open | Phase::Closed),
            WorkshopAction::Reveal,
        );
        ask(
            ui,
            "Play the room's choice  (P)",
            !over && phase != Phase::Open && w.majority().is_some(),
            WorkshopAction::PlayRoomChoice,
        );
        ui.separator();
        let live = if w.shows_live() {
            "Hide the split until the reveal  (L)"
        } else {
            "Show the split live  (L)"
        };
        ask(ui, live, true, WorkshopAction::ToggleLive);
        let notes = if view.notes.is_some() {
            "Hide coach's notes  (N)"
        } else {
            "Coach's notes  (N)"
        };
        ask(ui, notes, !over, WorkshopAction::ToggleNotes);
        let debrief = if view.debrief.is_some() {
            "Back to the conversation  (D)"
        } else {
            "Class debrief  (D)"
        };
        ask(ui, debrief, true, WorkshopAction::ToggleDebrief);
        let audience = if view.audience_window {
            "Close the audience window  (A)"
        } else {
            "Audience window  (A)"
        };
        ask(ui, audience, true, WorkshopAction::ToggleAudienceWindow);
        if view.debrief.is_some() {
            ask(
                ui,
                "Save the debrief  (S)",
                true,
                WorkshopAction::SaveDebrief,
            );
        }
        ask(ui, "End the workshop  (Esc)", true, WorkshopAction::End);
    });
    let hint = match (over, phase) {
        (true, _) => "The conversation is over: show the class debrief (D).".to_string(),
        (false, Phase::Waiting) => {
            "Press O to open the vote, or a number key to play an answer yourself.".into()
        }
        (false, Phase::Open) => format!(
            "Voting is open: {} of {} phones have voted. C closes, R reveals.",
            w.room_view(None).votes,
            w.devices()
        ),
        (false, Phase::Closed) => "Voting is closed. R reveals the split.".into(),
        (false, Phase::Revealed) => {
            "P plays the room's choice; a number key plays another to discuss \"what if\".".into()
        }
    };
    ui.label(RichText::new(hint).size(16.0).color(colours(ui).weak));
    if let Some(m) = view.message {
        ui.label(RichText::new(m).size(16.0).strong());
    }
}

fn join_panel(ui: &mut egui::Ui, view: &WorkshopView, width: f32) -> Option<WorkshopAction> {
    let mut action = None;
    ui.add_space(10.0);
    ui.vertical_centered(|ui| {
        ui.label(RichText::new("Join from your phone").size(22.0).strong());
        ui.add_space(6.0);
        qr_code(ui, view.join_link, width.min(300.0));
        ui.add_space(6.0);
        ui.label(RichText::new(view.short_link).size(20.0).monospace());
        ui.label(
            RichText::new("Room code")
                .size(16.0)
                .color(colours(ui).weak),
        );
        ui.label(
            RichText::new(view.workshop.code())
                .size(CODE_SIZE)
                .strong()
                .monospace()
                .color(colours(ui).accent),
        );
        let n = view.workshop.devices();
        ui.label(
            RichText::new(format!(
                "{n} {} in the room",
                if n == 1 { "phone" } else { "phones" }
            ))
            .size(18.0),
        );
        if let Some(note) = view.network_note {
            ui.add_space(6.0);
            ui.label(RichText::new(note).size(15.0).color(colours(ui).poor));
        }
        if let Some(port) = view.port {
            ui.add_space(6.0);
            let id = egui::Id::new("workshop-port");
            let mut wanted: u16 = ui.data(|d| d.get_temp(id)).unwrap_or(port);
            ui.horizontal(|ui| {
                ui.label(RichText::new("Port").size(15.0));
                ui.add(egui::DragValue::new(&mut wanted).range(1024..=65535));
                if ui
                    .add_enabled(wanted != port, egui::Button::new("Use it"))
                    .on_hover_text("If the venue's network blocks this port; phones that joined scan the new code")
                    .clicked()
                {
                    action = Some(WorkshopAction::SetPort(wanted));
                }
            });
            ui.data_mut(|d| d.insert_temp(id, wanted));
        }
        ui.add_space(8.0);
        ui.label(
            RichText::new("No names, no accounts: votes are anonymous.")
                .size(14.0)
                .color(colours(ui).weak),
        );
    });
    action
}

/// A QR code for `text`, dark on white with its quiet zone, `size` points wide.
pub fn qr_code(ui: &mut egui::Ui, text: &str, size: f32) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(size, size), egui::Sense::hover());
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 4.0, Color32::WHITE);
    let Ok(code) = qrcode::QrCode::new(text.as_bytes()) else {
        painter.text(
            rect.center(),
            egui::Align2::CENTER_CENTER,
            "link too long for a QR code",
            egui::FontId::proportional(14.0),
            Color32::BLACK,
        );
        return;
    };
    const QUIET: usize = 4;
    let n = code.width();
    let module = size / (n + 2 * QUIET) as f32;
    for (i, c) in code.to_colors().into_iter().enumerate() {
        if c == qrcode::Color::Dark {
            let (x, y) = ((i % n + QUIET) as f32, (i / n + QUIET) as f32);
            let min = rect.min + egui::vec2(x * module, y * module);
            painter.rect_filled(
                egui::Rect::from_min_size(min, egui::vec2(module + 0.5, module + 0.5)),
                0.0,
                Color32::BLACK,
            );
        }
    }
}

fn verdict_colour(ui: &egui::Ui, v: ChoiceVerdict) -> Color32 {
    let p = colours(ui);
    match v {
        ChoiceVerdict::Best => p.good,
        ChoiceVerdict::Reasonable => p.fair,
        ChoiceVerdict::Weak | ChoiceVerdict::Critical => p.poor,
    }
}

fn stage(ui: &mut egui::Ui, view: &WorkshopView, action: &mut Option<WorkshopAction>) {
    let w = view.workshop;
    let s = w.conversation().scenario();
    let room = w.room_view(None);
    ui.horizontal(|ui| {
        let mood = w.conversation().facts().mood;
        portrait(
            ui,
            &s.customer.name,
            Expression::from_mood(mood, mood, s.persona),
            120.0,
        );
        ui.vertical(|ui| {
            ui.label(RichText::new(&s.title).size(20.0).color(colours(ui).weak));
            ui.label(
                RichText::new(format!("{} · turn {}", s.customer.name, room.turn))
                    .size(24.0)
                    .strong()
                    .color(colours(ui).accent),
            );
        });
    });
    ui.add_space(8.0);
    if let Some(last) = &room.last {
        egui::Frame::new()
            .stroke(Stroke::new(2.0, colours(ui).weak))
            .corner_radius(8.0)
            .inner_margin(egui::Margin::same(10))
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.label(
                    RichText::new(format!("You said: {}", last.choice))
                        .size(19.0)
                        .strong(),
                );
                ui.label(RichText::new(&last.verdict).size(18.0).strong());
                ui.label(RichText::new(&last.feedback).size(18.0));
            });
        ui.add_space(8.0);
    }
    egui::Frame::new()
        .fill(ui.visuals().extreme_bg_color)
        .corner_radius(8.0)
        .inner_margin(egui::Margin::same(14))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            let line = if room.narration {
                RichText::new(&room.line).italics()
            } else {
                RichText::new(format!("“{}”", room.line))
            };
            ui.label(line.size(LINE_SIZE));
        });
    ui.add_space(10.0);
    if let Some(ending) = &room.ending {
        ui.label(
            RichText::new(ending)
                .size(OPTION_SIZE)
                .color(colours(ui).accent),
        );
        return;
    }
    let tally = room.tally.clone();
    let total: u32 = tally.iter().flatten().sum();
    let majority = (room.phase == Phase::Revealed)
        .then(|| w.majority())
        .flatten();
    for (i, text) in room.choices.iter().enumerate() {
        let note = view.notes.and_then(|n| n.get(i));
        egui::Frame::new()
            .stroke(Stroke::new(
                if majority == Some(i) { 3.0 } else { 1.0 },
                if majority == Some(i) {
                    ACCENT
                } else {
                    ui.visuals().widgets.noninteractive.bg_stroke.color
                },
            ))
            .corner_radius(8.0)
            .inner_margin(egui::Margin::same(10))
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                let clicked = ui
                    .add(
                        egui::Label::new(
                            RichText::new(format!("{}   {text}", i + 1)).size(OPTION_SIZE),
                        )
                        .wrap()
                        .sense(egui::Sense::click()),
                    )
                    .on_hover_text("Click (or press its number) to play this answer")
                    .clicked();
                if clicked && room.phase != Phase::Open {
                    *action = Some(WorkshopAction::Play(i));
                }
                if let Some(t) = &tally {
                    let n = t.get(i).copied().unwrap_or(0);
                    let share = if total == 0 {
                        0.0
                    } else {
                        n as f32 / total as f32
                    };
                    ui.horizontal(|ui| {
                        let bar_w = (ui.available_width() - 200.0).max(80.0);
                        let (rect, _) =
                            ui.allocate_exact_size(egui::vec2(bar_w, 16.0), egui::Sense::hover());
                        ui.painter()
                            .rect_filled(rect, 4.0, ui.visuals().extreme_bg_color);
                        let mut filled = rect;
                        filled.set_width(rect.width() * share);
                        ui.painter().rect_filled(filled, 4.0, ACCENT);
                        ui.label(RichText::new(format!("{n} ({:.0}%)", 100.0 * share)).size(20.0));
                        if majority == Some(i) {
                            let tie = if w.tied() { " (tie: shown first)" } else { "" };
                            ui.label(
                                RichText::new(format!("room's choice{tie}"))
                                    .size(18.0)
                                    .strong(),
                            );
                        }
                    });
                }
                if let Some(n) = note {
                    ui.label(
                        RichText::new(n.verdict.label())
                            .size(17.0)
                            .strong()
                            .color(verdict_colour(ui, n.verdict)),
                    );
                    ui.label(RichText::new(&n.feedback).size(16.0));
                }
            });
        ui.add_space(6.0);
    }
    let status = match room.phase {
        Phase::Waiting => "The vote is not open yet.".to_string(),
        Phase::Open => format!(
            "{} {} so far{}",
            room.votes,
            if room.votes == 1 { "vote" } else { "votes" },
            if tally.is_some() {
                ""
            } else {
                ": the split stays hidden until the reveal"
            }
        ),
        Phase::Closed => format!("Voting closed: {} votes.", room.votes),
        Phase::Revealed => format!("{} votes.", room.votes),
    };
    ui.label(RichText::new(status).size(20.0).strong());
    if view.notes.is_some() {
        let window = match view.escalation_window {
            Some((a, b)) => format!("Escalating is timely at decisions {a} to {b}."),
            None => "Escalating is never timely in this scenario.".to_string(),
        };
        ui.label(RichText::new(window).size(16.0).color(colours(ui).weak));
    }
}

fn class_debrief(ui: &mut egui::Ui, d: &ClassDebrief) {
    ui.label(
        RichText::new(format!("Class debrief: {}", d.title))
            .size(28.0)
            .strong(),
    );
    if let Some(h) = d.scorecard.headline() {
        ui.label(RichText::new(h).size(19.0).strong());
    }
    ui.label(
        RichText::new(format!(
            "The path the room played scores {} ({}).",
            d.scorecard.overall,
            if d.scorecard.passed {
                "pass"
            } else {
                "not yet"
            }
        ))
        .size(20.0),
    );
    ui.add_space(8.0);
    let highlights = d.highlights();
    if !highlights.is_empty() {
        ui.label(RichText::new("Talk about these first").size(22.0).strong());
        for t in highlights.iter().take(3) {
            let why = if t.room_went_wrong() {
                "the room went for a weak option"
            } else {
                "the room split"
            };
            ui.label(RichText::new(format!("Turn {}: {why}", t.turn)).size(19.0));
        }
        ui.add_space(8.0);
    }
    for t in &d.turns {
        ui.separator();
        let line = if t.narration {
            format!("{}. ({})", t.turn, t.customer_line)
        } else {
            format!("{}. “{}”", t.turn, t.customer_line)
        };
        ui.label(RichText::new(line).size(18.0).italics());
        for (i, ((text, verdict), votes)) in t.options.iter().zip(&t.tally).enumerate() {
            let mut marks = Vec::new();
            if t.majority == Some(i) {
                marks.push("room's choice");
            }
            if t.played == i {
                marks.push("played");
            }
            ui.horizontal_wrapped(|ui| {
                ui.label(
                    RichText::new(verdict.label())
                        .size(16.0)
                        .strong()
                        .color(verdict_colour(ui, *verdict)),
                );
                ui.label(RichText::new(format!("{votes} votes")).size(16.0));
                ui.label(RichText::new(text).size(16.0));
                if !marks.is_empty() {
                    ui.label(RichText::new(format!("({})", marks.join(", "))).size(16.0));
                }
            });
        }
    }
}
