//! The customer's face, drawn with the egui painter: its expression follows the mood.

use bevy_egui::egui::{self, Color32, Pos2, Stroke, Vec2, pos2, vec2};

use crate::scenario::Persona;

/// The expressions the portrait can show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expression {
    /// Settled and fine.
    Calm,
    /// Irritated.
    Annoyed,
    /// Angry.
    Angry,
    /// Things just got better.
    Relieved,
    /// Lost.
    Confused,
}

impl Expression {
    /// Picks the expression for a mood, the mood before the last decision, and the persona.
    pub fn from_mood(mood: i32, previous: i32, persona: Persona) -> Self {
        if mood >= 60 && mood - previous >= 8 {
            Expression::Relieved
        } else if mood < 25 {
            Expression::Angry
        } else if persona == Persona::Confused && mood < 70 {
            Expression::Confused
        } else if mood < 50 {
            Expression::Annoyed
        } else {
            Expression::Calm
        }
    }

    /// A word for screen readers and the caption.
    pub fn label(self) -> &'static str {
        match self {
            Expression::Calm => "calm",
            Expression::Annoyed => "annoyed",
            Expression::Angry => "angry",
            Expression::Relieved => "relieved",
            Expression::Confused => "confused",
        }
    }
}

/// Skin and hair tones picked from the customer's name, so each customer looks the same every time.
fn tones(name: &str) -> (Color32, Color32) {
    const SKIN: [Color32; 5] = [
        Color32::from_rgb(0xf1, 0xc2, 0x9c),
        Color32::from_rgb(0xe0, 0xa8, 0x7e),
        Color32::from_rgb(0xc6, 0x8a, 0x5c),
        Color32::from_rgb(0x9a, 0x66, 0x40),
        Color32::from_rgb(0x6e, 0x46, 0x2c),
    ];
    const HAIR: [Color32; 5] = [
        Color32::from_rgb(0x2b, 0x1d, 0x14),
        Color32::from_rgb(0x6b, 0x43, 0x26),
        Color32::from_rgb(0xb0, 0x8a, 0x4e),
        Color32::from_rgb(0x9a, 0x9a, 0x9a),
        Color32::from_rgb(0x1a, 0x1a, 0x1a),
    ];
    let h = name
        .bytes()
        .fold(7u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b)));
    (SKIN[(h % 5) as usize], HAIR[((h / 5) % 5) as usize])
}

/// Draws the portrait in a square of `size` points and returns its response.
pub fn portrait(
    ui: &mut egui::Ui,
    name: &str,
    expression: Expression,
    size: f32,
) -> egui::Response {
    let (rect, response) = ui.allocate_exact_size(Vec2::splat(size), egui::Sense::hover());
    let painter = ui.painter_at(rect);
    let c = rect.center();
    let r = size * 0.38;
    let (skin, hair) = tones(name);
    let ink = Color32::from_rgb(0x30, 0x22, 0x1a);
    let line = Stroke::new((size / 45.0).max(1.5), ink);

    // Backdrop tinted by expression, so the mood reads at a glance from the back of a room.
    let backdrop = match expression {
        Expression::Calm => Color32::from_rgb(0x3d, 0x6e, 0x8f),
        Expression::Annoyed => Color32::from_rgb(0x9a, 0x7a, 0x2a),
        Expression::Angry => Color32::from_rgb(0xa8, 0x36, 0x2e),
        Expression::Relieved => Color32::from_rgb(0x2e, 0x8a, 0x52),
        Expression::Confused => Color32::from_rgb(0x6d, 0x55, 0x9a),
    };
    painter.circle_filled(c, size * 0.48, backdrop);
    // Shoulders.
    painter.circle_filled(
        pos2(c.x, c.y + size * 0.62),
        size * 0.36,
        Color32::from_rgb(0x34, 0x3a, 0x48),
    );
    // Hair behind the head, then the head.
    painter.circle_filled(pos2(c.x, c.y - r * 0.12), r * 1.05, hair);
    painter.circle_filled(c, r, skin);
    let flush = if expression == Expression::Angry {
        Color32::from_rgba_unmultiplied(0xe0, 0x30, 0x20, 60)
    } else {
        Color32::TRANSPARENT
    };
    painter.circle_filled(c, r, flush);

    let eye_y = c.y - r * 0.12;
    let eye_dx = r * 0.38;
    let eye_r = r * 0.09;
    for side in [-1.0f32, 1.0] {
        let eye = pos2(c.x + side * eye_dx, eye_y);
        match expression {
            Expression::Relieved => {
                // Closed, smiling eyes.
                arc(&painter, eye, eye_r * 1.4, 200.0, 340.0, line);
            }
            _ => {
                painter.circle_filled(eye, eye_r, ink);
            }
        }
        // Brows carry most of the expression.
        let (inner_dy, outer_dy) = match expression {
            Expression::Calm => (-0.30, -0.30),
            Expression::Annoyed => (-0.20, -0.30),
            Expression::Angry => (-0.10, -0.36),
            Expression::Relieved => (-0.36, -0.32),
            Expression::Confused => {
                if side < 0.0 {
                    (-0.40, -0.46)
                } else {
                    (-0.24, -0.24)
                }
            }
        };
        let inner = pos2(c.x + side * r * 0.18, eye_y + inner_dy * r);
        let outer = pos2(c.x + side * r * 0.58, eye_y + outer_dy * r);
        painter.line_segment([inner, outer], Stroke::new(line.width * 1.6, hair));
    }

    let mouth_y = c.y + r * 0.45;
    let w = r * 0.42;
    match expression {
        Expression::Calm => curve(
            &painter,
            pos2(c.x - w, mouth_y),
            pos2(c.x, mouth_y + r * 0.10),
            pos2(c.x + w, mouth_y),
            line,
        ),
        Expression::Relieved => curve(
            &painter,
            pos2(c.x - w * 1.1, mouth_y - r * 0.04),
            pos2(c.x, mouth_y + r * 0.30),
            pos2(c.x + w * 1.1, mouth_y - r * 0.04),
            line,
        ),
        Expression::Annoyed => {
            painter.line_segment(
                [
                    pos2(c.x - w * 0.8, mouth_y + r * 0.04),
                    pos2(c.x + w * 0.8, mouth_y),
                ],
                line,
            );
        }
        Expression::Angry => curve(
            &painter,
            pos2(c.x - w, mouth_y + r * 0.12),
            pos2(c.x, mouth_y - r * 0.16),
            pos2(c.x + w, mouth_y + r * 0.12),
            Stroke::new(line.width * 1.3, ink),
        ),
        Expression::Confused => {
            // A wavy, uncertain mouth and a question mark.
            let pts: Vec<Pos2> = (0..=12)
                .map(|i| {
                    let t = i as f32 / 12.0;
                    pos2(
                        c.x - w * 0.8 + t * w * 1.6,
                        mouth_y + (t * std::f32::consts::TAU).sin() * r * 0.05,
                    )
                })
                .collect();
            painter.add(egui::Shape::line(pts, line));
            painter.text(
                pos2(c.x + r * 1.05, c.y - r * 0.95),
                egui::Align2::CENTER_CENTER,
                "?",
                egui::FontId::proportional(size * 0.22),
                Color32::WHITE,
            );
        }
    }
    response.on_hover_text(format!("{name} looks {}", expression.label()))
}

fn curve(painter: &egui::Painter, a: Pos2, control: Pos2, b: Pos2, stroke: Stroke) {
    let pts: Vec<Pos2> = (0..=16)
        .map(|i| {
            let t = i as f32 / 16.0;
            let u = 1.0 - t;
            pos2(
                u * u * a.x + 2.0 * u * t * control.x + t * t * b.x,
                u * u * a.y + 2.0 * u * t * control.y + t * t * b.y,
            )
        })
        .collect();
    painter.add(egui::Shape::line(pts, stroke));
}

fn arc(
    painter: &egui::Painter,
    centre: Pos2,
    radius: f32,
    from_deg: f32,
    to_deg: f32,
    stroke: Stroke,
) {
    let pts: Vec<Pos2> = (0..=12)
        .map(|i| {
            let a = (from_deg + (to_deg - from_deg) * i as f32 / 12.0).to_radians();
            centre + vec2(a.cos(), a.sin()) * radius
        })
        .collect();
    painter.add(egui::Shape::line(pts, stroke));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_expression_follows_the_mood() {
        assert_eq!(
            Expression::from_mood(15, 30, Persona::Angry),
            Expression::Angry
        );
        assert_eq!(
            Expression::from_mood(40, 40, Persona::Upset),
            Expression::Annoyed
        );
        assert_eq!(
            Expression::from_mood(75, 50, Persona::Upset),
            Expression::Relieved
        );
        assert_eq!(
            Expression::from_mood(75, 74, Persona::Upset),
            Expression::Calm
        );
        assert_eq!(
            Expression::from_mood(55, 55, Persona::Confused),
            Expression::Confused
        );
    }
}
