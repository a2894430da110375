//! The library screen: scenario cards, filters, search, tracks, and cards for
//! files that need fixing.

use std::collections::BTreeSet;

use bevy_egui::egui::{self, Color32, RichText, Stroke};

use super::widgets::{chip, difficulty};
use crate::app::assets::{Catalogue, LibraryEntry, Origin};
use crate::app::palette::{ACCENT, colours, persona_colour};
use crate::app::settings::{FeedbackMode, Settings};
use crate::records::progress::BestScore;
use crate::scenario::{Channel, Persona, Scenario};

/// What the trainee has narrowed the library to.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LibraryFilter {
    /// Free text matched against title, premise, setting, customer and tags.
    pub search: String,
    /// Personas to show; all when empty.
    pub personas: BTreeSet<Persona>,
    /// Channels to show; all when empty.
    pub channels: BTreeSet<Channel>,
    /// Difficulty levels to show; all when empty.
    pub difficulties: BTreeSet<u8>,
}

impl LibraryFilter {
    /// Whether a scenario passes the filter.
    pub fn matches(&self, s: &Scenario) -> bool {
        let text_ok = {
            let needle = self.search.trim().to_lowercase();
            needle.is_empty()
                || [
                    &s.title,
                    &s.premise,
                    &s.setting,
                    &s.customer.name,
                    &s.briefing,
                ]
                .iter()
                .any(|t| t.to_lowercase().contains(&needle))
                || s.tags.iter().any(|t| t.to_lowercase().contains(&needle))
        };
        text_ok
            && (self.personas.is_empty() || self.personas.contains(&s.persona))
            && (self.channels.is_empty() || self.channels.contains(&s.channel))
            && (self.difficulties.is_empty() || self.difficulties.contains(&s.difficulty))
    }

    /// Whether anything is filtered.
    pub fn is_active(&self) -> bool {
        *self != LibraryFilter::default()
    }
}

/// What the trainee asked for on the library screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LibraryAction {
    /// Open the briefing of the scenario with this library key.
    Open(String),
    /// Write a new scenario in the editor.
    NewScenario,
}

/// Card width: three columns at 1280 px, four at 1920 px.
const CARD_WIDTH: f32 = 370.0;

fn toggle<T: Ord + Copy>(set: &mut BTreeSet<T>, v: T) {
    if !set.remove(&v) {
        set.insert(v);
    }
}

/// The settings strip: scale, theme and feedback mode.
pub fn settings_bar(ui: &mut egui::Ui, settings: &mut Settings) {
    // The text-size controls stay on one line together: start a new row
    // rather than leave A+ alone on the next one.
    if ui.available_width() < TEXT_SIZE_GROUP_WIDTH {
        ui.end_row();
    }
    ui.label("Text size");
    if ui
        .small_button("A−")
        .on_hover_text("Smaller text")
        .clicked()
    {
        settings.ui_scale = (settings.ui_scale - 0.125).max(*Settings::SCALE_RANGE.start());
    }
    // A fixed width, so that A− and A+ stay under the pointer as the number changes.
    let height = ui.spacing().interact_size.y;
    ui.add_sized(
        [44.0, height],
        egui::Label::new(format!("{:.0}%", settings.ui_scale * 100.0)),
    );
    if ui
        .small_button("A+")
        .on_hover_text("Larger text, for a projector")
        .clicked()
    {
        settings.ui_scale = (settings.ui_scale + 0.125).min(*Settings::SCALE_RANGE.end());
    }
    ui.separator();
    let theme = if settings.dark {
        "Light theme"
    } else {
        "Dark theme"
    };
    if ui.button(theme).clicked() {
        settings.dark = !settings.dark;
    }
    ui.separator();
    let mut learning = settings.feedback == FeedbackMode::Learning;
    if ui
        .checkbox(&mut learning, "Instant feedback")
        .on_hover_text("On: learning mode. Off: assessment mode, feedback only in the debrief.")
        .changed()
    {
        settings.feedback = if learning {
            FeedbackMode::Learning
        } else {
            FeedbackMode::Assessment
        };
    }
}

/// Width of "Text size A− 100% A+" in points, with its spacing.
const TEXT_SIZE_GROUP_WIDTH: f32 = 210.0;

/// Draws the library and returns the trainee's request, if any.
pub fn library_ui(
    ui: &mut egui::Ui,
    library: &Catalogue,
    filter: &mut LibraryFilter,
    best: &dyn Fn(&str) -> Option<BestScore>,
) -> Option<LibraryAction> {
    let mut action = None;
    let search_submitted = filters_ui(ui, filter);
    if ui
        .button("✏ New scenario")
        .on_hover_text("Write your own in the editor: it checks and audits as you go")
        .clicked()
    {
        action = Some(LibraryAction::NewScenario);
    }
    // Forget last frame's first card: the filter may have changed which one it is.
    ui.data_mut(|d| d.remove::<egui::Id>(first_card_id()));
    ui.add_space(6.0);
    egui::ScrollArea::vertical().id_salt("library-scroll").auto_shrink([false, false]).show(ui, |ui| {
        tracks_ui(ui, library, &mut action);
        let shown: Vec<&LibraryEntry> = library
            .entries
            .iter()
            .filter(|e| e.scenario().is_some_and(|s| filter.matches(s)))
            .collect();
        if search_submitted && let Some(first) = shown.first() {
            // Enter in the search box opens the first match: keyboard users need no mouse.
            action = Some(LibraryAction::Open(first.key.clone()));
        }
        let broken: Vec<&LibraryEntry> = library.entries.iter().filter(|e| e.scenario().is_none()).collect();
        let playable = library.entries.iter().filter(|e| e.scenario().is_some()).count();
        ui.add_space(4.0);
        ui.label(
            RichText::new(if filter.is_active() {
                format!("{} of {playable} scenarios match", shown.len())
            } else {
                format!("{playable} scenarios")
            })
            .weak(),
        );
        if library.entries.is_empty() {
            ui.label("Loading the scenario library…");
        } else if shown.is_empty() && playable > 0 {
            ui.label("No scenario matches these filters. Clear them to see the whole library.");
        }
        // Lay cards out in as many columns as fit: horizontal_wrapped does not wrap frames.
        let gap = 14.0;
        let columns = (((ui.available_width() + gap) / (CARD_WIDTH + 24.0 + gap)).floor() as usize).max(1);
        for row in shown.chunks(columns) {
            ui.horizontal_top(|ui| {
                ui.spacing_mut().item_spacing.x = gap;
                for entry in row {
                    if let Some(a) = scenario_card(ui, entry, best) {
                        action = Some(a);
                    }
                }
            });
            ui.add_space(gap - 8.0);
        }
        if !broken.is_empty() {
            ui.add_space(12.0);
            ui.heading(RichText::new(format!("Files that need fixing ({})", broken.len())).color(colours(ui).poor));
            ui.label("These scenario files have problems, so they cannot be played yet. Fix them and save: the library updates by itself.");
            for entry in broken {
                diagnostic_card(ui, entry);
            }
        }
    });
    action
}

/// Where egui's memory keeps the Open button of the first card drawn this frame.
fn first_card_id() -> egui::Id {
    egui::Id::new("library-first-card-open")
}

/// Id of the search box, so `/` can focus it.
pub fn search_id() -> egui::Id {
    egui::Id::new("library-search")
}

/// Draws the filters; returns true when Enter was pressed in the search box.
fn filters_ui(ui: &mut egui::Ui, filter: &mut LibraryFilter) -> bool {
    let mut submitted = false;
    // `/` jumps to the search box from anywhere but a text field (a focused
    // button or chip included).
    if !ui.ctx().text_edit_focused() && ui.input(|i| i.key_pressed(egui::Key::Slash)) {
        ui.ctx().memory_mut(|m| m.request_focus(search_id()));
        // The slash only moves focus; it must not end up in the search text.
        ui.input_mut(|i| {
            i.events
                .retain(|e| !matches!(e, egui::Event::Text(t) if t == "/"))
        });
        // The last search is selected, so typing starts a new one (as a
        // browser's address bar does) while Enter still opens the old one.
        let mut state =
            egui::text_edit::TextEditState::load(ui.ctx(), search_id()).unwrap_or_default();
        state
            .cursor
            .set_char_range(Some(egui::text::CCursorRange::two(
                egui::text::CCursor::new(0),
                egui::text::CCursor::new(filter.search.chars().count()),
            )));
        state.store(ui.ctx(), search_id());
    }
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new("🔍").size(18.0));
        let search = ui.add(
            egui::TextEdit::singleline(&mut filter.search)
                .id(search_id())
                .hint_text("Search (/), then Enter opens the first match")
                .desired_width(300.0),
        );
        submitted = search.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        // Down from the search box goes straight to the first card's Open
        // button, past the filter chips and tracks that Tab would visit first.
        if search.has_focus()
            && ui.input(|i| i.key_pressed(egui::Key::ArrowDown))
            && let Some(first) = ui.data(|d| d.get_temp::<egui::Id>(first_card_id()))
        {
            ui.memory_mut(|m| m.request_focus(first));
        }
        ui.separator();
        for p in Persona::ALL {
            if chip(
                ui,
                p.name(),
                filter.personas.contains(&p),
                persona_colour(ui.visuals().dark_mode, p),
            ) {
                toggle(&mut filter.personas, p);
            }
        }
        ui.separator();
        for c in Channel::ALL {
            if chip(ui, c.label(), filter.channels.contains(&c), ACCENT) {
                toggle(&mut filter.channels, c);
            }
        }
        ui.separator();
        for d in 1..=5u8 {
            if chip(
                ui,
                &format!("Level {d}"),
                filter.difficulties.contains(&d),
                ACCENT,
            ) {
                toggle(&mut filter.difficulties, d);
            }
        }
        if filter.is_active() && ui.button("Clear filters").clicked() {
            *filter = LibraryFilter::default();
        }
    });
    submitted
}

fn tracks_ui(ui: &mut egui::Ui, library: &Catalogue, action: &mut Option<LibraryAction>) {
    let tracks: Vec<_> = library
        .tracks
        .iter()
        .filter_map(|t| t.track.as_ref())
        .collect();
    if tracks.is_empty() {
        return;
    }
    egui::CollapsingHeader::new(
        RichText::new(format!("Training tracks ({})", tracks.len())).strong(),
    )
    .default_open(false)
    .show(ui, |ui| {
        for t in tracks {
            ui.group(|ui| {
                ui.set_width(ui.available_width());
                ui.label(RichText::new(&t.title).strong().size(18.0));
                ui.label(&t.description);
                let g = t.targets;
                ui.label(
                    RichText::new(format!(
                        "Targets: listening {}, problem solving {}, compassion {}, escalation {}",
                        g.listening, g.problem_solving, g.compassion, g.escalation
                    ))
                    .weak(),
                );
                ui.horizontal_wrapped(|ui| {
                    for (i, id) in t.scenarios.iter().enumerate() {
                        if let Some(entry) = library.find(id) {
                            let title = entry.scenario().map_or(id.as_str(), |s| s.title.as_str());
                            if ui.button(format!("{}. {title}", i + 1)).clicked() {
                                *action = Some(LibraryAction::Open(entry.key.clone()));
                            }
                        }
                    }
                });
            });
        }
    });
}

fn card_frame(ui: &egui::Ui, stroke: Color32) -> egui::Frame {
    egui::Frame::group(ui.style())
        .fill(ui.visuals().faint_bg_color)
        .stroke(Stroke::new(1.5, stroke))
        .corner_radius(10.0)
        .inner_margin(egui::Margin::same(12))
}

fn scenario_card(
    ui: &mut egui::Ui,
    entry: &LibraryEntry,
    best: &dyn Fn(&str) -> Option<BestScore>,
) -> Option<LibraryAction> {
    let s = entry.scenario()?;
    let mut action = None;
    card_frame(ui, persona_colour(ui.visuals().dark_mode, s.persona)).show(ui, |ui| {
        ui.set_width(CARD_WIDTH);
        ui.set_min_height(150.0);
        ui.vertical(|ui| {
            ui.horizontal(|ui| {
                ui.label(
                    RichText::new(s.persona.name().to_uppercase())
                        .small()
                        .strong()
                        .color(persona_colour(ui.visuals().dark_mode, s.persona)),
                );
                ui.label(RichText::new(format!("· {} · {}", s.channel.label(), s.setting)).small());
            });
            ui.label(RichText::new(&s.title).size(19.0).strong());
            ui.label(&s.premise);
            ui.horizontal(|ui| {
                difficulty(ui, s.difficulty);
                ui.label(RichText::new(format!("~{} min", s.estimated_minutes)).weak());
                if let Some(b) = best(&s.id) {
                    ui.label(
                        RichText::new(b.label())
                            .strong()
                            .color(crate::app::palette::score_text(ui, f32::from(b.overall))),
                    );
                }
                if matches!(entry.origin, Origin::Folder(_)) {
                    ui.label(
                        RichText::new("your folder")
                            .small()
                            .color(colours(ui).accent),
                    );
                }
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    let open =
                        ui.add(egui::Button::new(RichText::new("Open").strong()).fill(ACCENT));
                    if ui
                        .data(|d| d.get_temp::<egui::Id>(first_card_id()))
                        .is_none()
                    {
                        ui.data_mut(|d| d.insert_temp(first_card_id(), open.id));
                    }
                    if open.clicked() {
                        action = Some(LibraryAction::Open(entry.key.clone()));
                    }
                });
            });
        });
    });
    action
}

fn diagnostic_card(ui: &mut egui::Ui, entry: &LibraryEntry) {
    let report = &entry.loaded.report;
    card_frame(ui, colours(ui).poor).show(ui, |ui| {
        ui.set_width(ui.available_width() - 8.0);
        ui.label(
            RichText::new(format!("⚠ {}", report.file))
                .strong()
                .color(colours(ui).poor),
        );
        ui.label(format!(
            "{} error{}, {} warning{}",
            report.error_count(),
            if report.error_count() == 1 { "" } else { "s" },
            report.warning_count(),
            if report.warning_count() == 1 { "" } else { "s" }
        ));
        egui::ScrollArea::vertical()
            .id_salt(&report.file)
            .max_height(220.0)
            .show(ui, |ui| {
                ui.label(RichText::new(report.render_plain()).monospace());
            });
    });
}
