//! The History screen: a trainee's attempts, skill trends, best scores and track progress.

use bevy_egui::egui::{self, RichText};
use egui_plot::{Line, Plot, PlotPoints, Points};

use crate::app::palette::{colours, score_text};
use crate::records::AttemptRecord;
use crate::scoring::SKILL_LABELS;

/// What the trainee asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HistoryAction {
    /// Reopen the debrief of this attempt.
    Open(String),
    /// Back to the library.
    Library,
    /// Save every attempt on this computer as a cohort CSV.
    ExportCsv,
    /// Save every attempt on this computer as xAPI statements (JSON).
    ExportXapi,
}

pub use crate::records::progress::{TrackProgress, track_progress};

/// Draws the history of one trainee (attempts oldest first).
pub fn history_ui(
    ui: &mut egui::Ui,
    name: &str,
    attempts: &[&AttemptRecord],
    tracks: &[TrackProgress],
    problems: &[String],
) -> Option<HistoryAction> {
    let mut action = None;
    ui.horizontal_wrapped(|ui| {
        ui.heading(format!("{name}'s progress"));
        if ui.button("Library  (Esc)").clicked() {
            action = Some(HistoryAction::Library);
        }
        if ui
            .button("Export cohort CSV")
            .on_hover_text("Every trainee's attempts on this computer, one row each")
            .clicked()
        {
            action = Some(HistoryAction::ExportCsv);
        }
        if ui
            .button("Export xAPI")
            .on_hover_text("Every attempt as xAPI 1.0.3 statements")
            .clicked()
        {
            action = Some(HistoryAction::ExportXapi);
        }
    });
    for p in problems {
        ui.label(RichText::new(p).color(colours(ui).poor));
    }
    if attempts.is_empty() {
        ui.label("No attempts yet. Play a scenario from the library and it will show up here.");
        return action;
    }
    egui::ScrollArea::vertical()
        .id_salt("history-scroll")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            let track_list = |ui: &mut egui::Ui| {
                ui.label(RichText::new("Tracks").strong());
                for t in tracks {
                    ui.group(|ui| {
                        ui.set_width(ui.available_width());
                        ui.label(
                            RichText::new(format!(
                                "{}: {} of {} passed",
                                t.title, t.passed, t.total
                            ))
                            .strong(),
                        );
                        ui.horizontal_wrapped(|ui| {
                            for (skill, best, target) in t.skills {
                                let colour = if best >= target {
                                    colours(ui).good
                                } else {
                                    ui.visuals().weak_text_color()
                                };
                                ui.label(
                                    RichText::new(format!("{skill} {best}/{target}")).color(colour),
                                );
                            }
                        });
                    });
                }
            };
            // Side by side where there is room, one above the other otherwise.
            if ui.available_width() >= 800.0 {
                ui.columns(2, |cols| {
                    let (left, right) = cols.split_at_mut(1);
                    left[0].label(RichText::new("Skills over your attempts").strong());
                    trend_chart(&mut left[0], attempts);
                    track_list(&mut right[0]);
                });
            } else {
                ui.label(RichText::new("Skills over your attempts").strong());
                trend_chart(ui, attempts);
                ui.add_space(8.0);
                track_list(ui);
            }
            ui.add_space(10.0);
            ui.label(
                RichText::new("Attempts, newest first (click to reopen the debrief)").strong(),
            );
            // One row per attempt that wraps on a narrow screen, instead of a
            // grid whose columns would run off the edge.
            for a in attempts.iter().rev() {
                ui.separator();
                ui.horizontal_wrapped(|ui| {
                    let when = a
                        .started_at
                        .get(..16)
                        .unwrap_or(&a.started_at)
                        .replace('T', " ");
                    ui.label(RichText::new(when).weak());
                    if ui.link(&a.scenario_title).clicked() {
                        action = Some(HistoryAction::Open(a.attempt_id.clone()));
                    }
                    let old = a.scorecard.rules_version < crate::scoring::RULES_VERSION;
                    ui.label(
                        RichText::new(if old {
                            format!(
                                "{} (rules v{})",
                                a.scorecard.overall, a.scorecard.rules_version
                            )
                        } else {
                            a.scorecard.overall.to_string()
                        })
                        .strong()
                        .color(score_text(ui, f32::from(a.scorecard.overall))),
                    );
                    ui.label(if !a.finished {
                        "abandoned"
                    } else if crate::records::progress::counts_as_passed(a) {
                        "pass"
                    } else {
                        "not yet"
                    });
                    ui.label(
                        RichText::new(format!(
                            "escalation: {}",
                            a.scorecard.escalation.class.label()
                        ))
                        .weak(),
                    );
                });
            }
        });
    action
}

fn trend_chart(ui: &mut egui::Ui, attempts: &[&AttemptRecord]) {
    let series = |f: &dyn Fn(&AttemptRecord) -> Option<u8>| -> Vec<[f64; 2]> {
        attempts
            .iter()
            .enumerate()
            .filter_map(|(i, a)| f(a).map(|v| [i as f64 + 1.0, f64::from(v)]))
            .collect()
    };
    let p = colours(ui);
    let lines: [(&str, egui::Color32, Vec<[f64; 2]>); 5] = [
        (
            SKILL_LABELS[0],
            egui::Color32::from_rgb(0x5b, 0x8d, 0xef),
            series(&|a| a.scorecard.skills.listening.score),
        ),
        (
            SKILL_LABELS[1],
            egui::Color32::from_rgb(0xa0, 0x6c, 0xd5),
            series(&|a| a.scorecard.skills.problem_solving.score),
        ),
        (
            SKILL_LABELS[2],
            egui::Color32::from_rgb(0xd9, 0x6c, 0xa8),
            series(&|a| a.scorecard.skills.compassion.score),
        ),
        (
            SKILL_LABELS[3],
            p.fair,
            series(&|a| Some(a.scorecard.skills.escalation)),
        ),
        ("Overall", p.accent, series(&|a| Some(a.scorecard.overall))),
    ];
    // The key sits above the chart, where it can never hide the newest points.
    // One wrapping label (a row of separate labels ran past a narrow column).
    let mut key = egui::text::LayoutJob::default();
    let font = egui::TextStyle::Body.resolve(ui.style());
    for (name, colour, _) in &lines {
        key.append("━ ", 0.0, egui::TextFormat::simple(font.clone(), *colour));
        key.append(
            &format!("{name}    "),
            0.0,
            egui::TextFormat::simple(font.clone(), p.text),
        );
    }
    ui.add(egui::Label::new(key).wrap());
    let n = attempts.len().max(1) as f64;
    Plot::new("trend")
        .height(240.0)
        .include_y(0.0)
        .include_y(100.0)
        // Whole attempts on the axis, half an attempt of margin either side,
        // so that a single attempt sits in the middle, not on an edge.
        .include_x(0.5)
        .include_x(n + 0.5)
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .x_axis_label("attempt")
        .show(ui, |plot| {
            for (name, colour, points) in lines {
                let width = if name == "Overall" { 3.0 } else { 1.5 };
                plot.line(
                    Line::new(name, PlotPoints::from(points.clone()))
                        .color(colour)
                        .width(width),
                );
                // Dots as well as lines: one attempt is a point, not an invisible line.
                plot.points(
                    Points::new(name, PlotPoints::from(points))
                        .color(colour)
                        .radius(3.5),
                );
            }
        });
}
