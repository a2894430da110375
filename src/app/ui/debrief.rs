//! The debrief: four skill bars, the overall score, the escalation verdict in
//! plain words, the outcome, the mood over time and a turn-by-turn timeline.

use bevy_egui::egui::{self, RichText, Stroke};
use egui_plot::{Line, Plot, PlotPoints, VLine};

use super::widgets::score_bar;
use crate::app::palette::{ACCENT, colours, score_text};
use crate::engine::Transcript;
use crate::scenario::{Scenario, Verdict};
use crate::scoring::{RULES_VERSION, SKILL_LABELS, Scorecard, SkillScore};

/// What the trainee asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DebriefAction {
    /// Play again with the same seed.
    RetrySameSeed,
    /// Play again with a new seed.
    RetryNewSeed,
    /// The next scenario in the library.
    Next,
    /// Back to the library.
    Library,
    /// Save this attempt's report as a self-contained HTML page.
    SaveHtml,
    /// Save this attempt's report as Markdown.
    SaveMarkdown,
}

fn detail(s: &SkillScore) -> String {
    if s.score.is_some() {
        format!(
            "{} of {} points over {} turns",
            s.earned, s.possible, s.turns_assessed
        )
    } else {
        "this scenario gave no room for it".to_string()
    }
}

/// Width (in points) from which the summary and the mood chart sit side by side.
const TWO_COLUMNS: f32 = 1100.0;

/// Draws the debrief.
pub fn debrief_ui(
    ui: &mut egui::Ui,
    s: &Scenario,
    t: &Transcript,
    card: &Scorecard,
) -> Option<DebriefAction> {
    let mut action = None;
    // Wrapped, so no button is lost off the edge at a large text size.
    ui.horizontal_wrapped(|ui| {
        let retry =
            ui.add(egui::Button::new(RichText::new("Retry, same seed  (R)").strong()).fill(ACCENT));
        if retry.clicked() {
            action = Some(DebriefAction::RetrySameSeed);
        }
        if ui.button("Retry, new seed  (N)").clicked() {
            action = Some(DebriefAction::RetryNewSeed);
        }
        if ui.button("Next scenario  (Enter)").clicked() {
            action = Some(DebriefAction::Next);
        }
        if ui.button("Library  (Esc)").clicked() {
            action = Some(DebriefAction::Library);
        }
        ui.separator();
        if ui
            .button("Save report (HTML)")
            .on_hover_text("A printable page to share with a coach")
            .clicked()
        {
            action = Some(DebriefAction::SaveHtml);
        }
        if ui.button("Markdown").clicked() {
            action = Some(DebriefAction::SaveMarkdown);
        }
    });
    ui.separator();
    egui::ScrollArea::vertical()
        .id_salt(("debrief-scroll", card.seed, t.turns.len()))
        .auto_shrink([false, false])
        .show(ui, |ui| {
            // Scores on the left and the mood chart on the right where there
            // is room for both; one above the other on a small screen or at a
            // large text size.
            if ui.available_width() >= TWO_COLUMNS {
                ui.columns(2, |columns| {
                    let (left, right) = columns.split_at_mut(1);
                    summary(&mut left[0], s, t, card);
                    let ui = &mut right[0];
                    ui.label(RichText::new("Mood over the conversation").strong());
                    mood_chart(ui, t);
                });
            } else {
                summary(ui, s, t, card);
                ui.add_space(8.0);
                ui.label(RichText::new("Mood over the conversation").strong());
                mood_chart(ui, t);
            }
            ui.add_space(12.0);
            ui.heading("Turn by turn");
            for (i, turn) in card.turns.iter().enumerate() {
                let narration = t.turns.get(i).is_some_and(|r| r.narration);
                egui::Frame::group(ui.style())
                    .corner_radius(8.0)
                    .show(ui, |ui| {
                        ui.set_width(ui.available_width());
                        let line = if turn.customer_line.is_empty() {
                            "…".to_string()
                        } else {
                            turn.customer_line.clone()
                        };
                        // Narration describes what happens; only speech is the customer's.
                        let heard = if narration {
                            RichText::new(format!("{}. {line}", turn.turn)).italics()
                        } else {
                            RichText::new(format!("{}. {}: “{line}”", turn.turn, s.customer.name))
                        };
                        ui.label(heard.weak());
                        let said = if turn.timed_out {
                            "You let the time run out.".to_string()
                        } else {
                            format!("You: {}", turn.choice)
                        };
                        ui.label(RichText::new(said).strong());
                        ui.label(&turn.feedback);
                        ui.label(
                            RichText::new(format!(
                                "{} · mood {} to {}{}",
                                turn.effects.points_text(),
                                turn.mood_before,
                                turn.mood_after,
                                if turn.escalated { " · escalated" } else { "" }
                            ))
                            .small()
                            .color(colours(ui).accent),
                        );
                        if let Some(b) = &turn.better {
                            ui.label(
                                RichText::new(format!("Better: {}", b.text))
                                    .color(colours(ui).good),
                            );
                            ui.label(RichText::new(&b.feedback).small().weak());
                        }
                    });
            }
        });
    action
}

fn summary(ui: &mut egui::Ui, s: &Scenario, t: &Transcript, card: &Scorecard) {
    ui.heading(RichText::new(format!("Debrief: {}", s.title)).size(26.0));
    // What decided the attempt beyond the points comes first, before any number.
    if let Some(headline) = card.headline() {
        let colour = if card.critical.is_some() || card.verdict == Some(Verdict::Failed) {
            colours(ui).poor
        } else {
            colours(ui).fair
        };
        egui::Frame::new()
            .stroke(Stroke::new(2.0, colour))
            .corner_radius(8.0)
            .inner_margin(egui::Margin::same(10))
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.label(RichText::new(headline).size(18.0).strong().color(colour));
            });
        ui.add_space(6.0);
    }
    let verdict = if card.passed {
        ("PASS", colours(ui).good)
    } else {
        ("NOT YET", colours(ui).poor)
    };
    ui.horizontal(|ui| {
        ui.label(
            RichText::new(format!("{}", card.overall))
                .size(54.0)
                .strong()
                .color(score_text(ui, f32::from(card.overall))),
        );
        ui.vertical(|ui| {
            ui.label(
                RichText::new(verdict.0)
                    .size(24.0)
                    .strong()
                    .color(verdict.1),
            );
            ui.label(format!("overall, pass mark {}", card.pass_mark));
            if let Some(points) = card.points_overall.filter(|&p| p != card.overall) {
                ui.label(format!("your choices alone earned {points}"));
            }
            ui.label(RichText::new(format!("seed {}", card.seed)).small().weak());
            if card.rules_version < RULES_VERSION {
                ui.label(
                    RichText::new(format!(
                        "scored under scoring rules version {} (today: {RULES_VERSION})",
                        card.rules_version
                    ))
                    .small(),
                );
            }
        });
    });
    let outcome = card.outcome.map_or("Stopped before the end", |o| o.label());
    let outcome_colour = match card.verdict {
        Some(Verdict::Good) => colours(ui).good,
        Some(Verdict::Acceptable) => colours(ui).fair,
        Some(Verdict::Failed) => colours(ui).poor,
        None => ui.visuals().text_color(),
    };
    ui.label(
        RichText::new(format!(
            "Outcome: {outcome}{}",
            card.verdict
                .map(|v| format!(" · {}", v.label().to_lowercase()))
                .unwrap_or_default()
        ))
        .strong()
        .size(17.0)
        .color(outcome_colour),
    );
    if let Some(end) = &t.end {
        ui.label(&end.closing);
    }
    ui.add_space(8.0);
    score_bar(
        ui,
        SKILL_LABELS[0],
        card.skills.listening.score,
        &detail(&card.skills.listening),
    );
    score_bar(
        ui,
        SKILL_LABELS[1],
        card.skills.problem_solving.score,
        &detail(&card.skills.problem_solving),
    );
    score_bar(
        ui,
        SKILL_LABELS[2],
        card.skills.compassion.score,
        &detail(&card.skills.compassion),
    );
    let escalation_detail = if card.escalation.weight < 1.0 {
        format!(
            "{} · counts {:.0}%: escalating was on offer that often",
            card.escalation.class.label(),
            100.0 * card.escalation.weight
        )
    } else {
        card.escalation.class.label().to_string()
    };
    score_bar(
        ui,
        SKILL_LABELS[3],
        Some(card.skills.escalation),
        &escalation_detail,
    );
    ui.add_space(6.0);
    egui::Frame::new()
        .stroke(Stroke::new(1.5, colours(ui).accent))
        .corner_radius(8.0)
        .inner_margin(egui::Margin::same(10))
        .show(ui, |ui| {
            ui.label(RichText::new("Escalation").strong());
            ui.label(RichText::new(&card.escalation.explanation).size(16.0));
        });
}

fn mood_chart(ui: &mut egui::Ui, t: &Transcript) {
    // The decision that was a critical error, marked where the mood line shows it.
    let critical = t.critical_turn().map(|c| f64::from(c.turn));
    let (accent, poor) = (colours(ui).accent, colours(ui).poor);
    let points: PlotPoints = t
        .mood_curve()
        .iter()
        .enumerate()
        .map(|(i, m)| [i as f64, f64::from(*m)])
        .collect();
    Plot::new("mood")
        .width(ui.available_width().clamp(160.0, 480.0))
        .height(220.0)
        .include_y(0.0)
        .include_y(100.0)
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .x_axis_label("decision")
        .y_axis_label("mood")
        .show(ui, |plot| {
            plot.line(Line::new("mood", points).color(accent).width(2.5));
            if let Some(x) = critical {
                plot.vline(
                    VLine::new(format!("critical error at decision {x}"), x)
                        .color(poor)
                        .width(2.0),
                );
            }
        });
}
