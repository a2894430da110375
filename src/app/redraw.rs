//! Redraw only when something changed.
//!
//! Two things kept an idle bevy_egui 0.42 window redrawing about 36 times a
//! second. First, bevy_egui pushes a `ModifiersChanged` event into egui's
//! input on every frame, changed or not; egui treats any input event as a
//! reason to repaint at once, so every frame asked for the next one. Here
//! that event is dropped unless the modifier keys really changed.
//!
//! Second, bevy_egui sends `RequestRedraw` whenever egui has asked for a repaint
//! *at any time in the future* (`repaint_delay < Duration::MAX`), for example
//! a tooltip or cursor-blink timer a few hundred milliseconds away. Bevy's
//! reactive mode turns that into an immediate frame, egui asks again, and an
//! idle window redraws about 36 times a second. Here the request is replaced
//! by what egui actually wants: a frame now when the delay is zero, otherwise
//! a wake-up after the delay. Screens that animate (typing, a countdown, a
//! call timer) say so through [`Animation`]. docs/performance.md has the
//! measurements.
//!
//! Replacing the requests must not lose a frame egui needs. Two needs do not
//! show in egui's repaint delay: new glyphs or a new font size change egui's
//! font texture, which bevy_egui uploads through Bevy's image assets and so
//! reaches the GPU a frame later than the text that uses it (a freshly opened
//! screen showed missing letters until the mouse moved); and a pass that egui
//! asked to discard for layout. Both get [`SETTLE_FRAMES`] more frames. And
//! some layout settles a frame late without egui asking again (a new text
//! size changes panel heights remembered from the last frame), so a frame
//! whose picture differs from the one before gets one more: the app only
//! falls idle on a picture that a further frame would not change.

use std::time::Duration;

use bevy::platform::collections::HashMap;
use bevy::prelude::*;
use bevy::window::RequestRedraw;
use bevy::winit::{UpdateMode, WinitSettings};
use bevy_egui::{
    EguiFullOutput, EguiInput, EguiPostUpdateSet, EguiPreUpdateSet, EguiRenderOutput, egui,
};

/// How long an idle app sleeps before its next update.
pub const IDLE_WAIT: Duration = Duration::from_secs(60);

/// What the screens need from the next frames; reset every frame.
#[derive(Debug, Resource, Default)]
pub struct Animation {
    /// Something moves every frame (typing, a countdown bar).
    pub continuous: bool,
    /// Something changes at this time from now (a once-a-second call timer).
    pub wake_after: Option<Duration>,
}

impl Animation {
    /// Asks for a frame within `after`.
    pub fn wake_within(&mut self, after: Duration) {
        self.wake_after = Some(self.wake_after.map_or(after, |w| w.min(after)));
    }
}

/// Frames drawn after egui's textures change, so the upload is on screen.
pub const SETTLE_FRAMES: u8 = 2;

/// egui's own wish for the next repaint, read before bevy_egui consumes the
/// output, and the frames still owed to a texture change or a discarded pass.
#[derive(Debug, Resource, Default)]
struct EguiRepaint {
    delay: Option<Duration>,
    settle: u8,
}

/// The redraw policy: used by the desktop app, and by tests that emulate its
/// reactive loop.
pub fn plugin(app: &mut App) {
    app.init_resource::<EguiRepaint>();
    app.add_systems(First, reset_animation);
    app.add_systems(
        PreUpdate,
        drop_unchanged_modifiers
            .after(EguiPreUpdateSet::ProcessInput)
            .before(EguiPreUpdateSet::BeginPass),
    );
    app.add_systems(
        PostUpdate,
        (
            read_egui_repaint_delay.before(EguiPostUpdateSet::ProcessOutput),
            (note_changed_picture, replace_redraw_requests)
                .chain()
                .after(EguiPostUpdateSet::ProcessOutput),
        ),
    );
}

/// Registers [`Animation`] for the screens (also used without a window).
pub fn init(app: &mut App) {
    app.init_resource::<Animation>();
}

fn reset_animation(mut animation: ResMut<Animation>) {
    *animation = Animation::default();
}

/// Keeps a `ModifiersChanged` event only when the modifiers differ from the last ones egui saw.
fn drop_unchanged_modifiers(
    mut inputs: Query<(Entity, &mut EguiInput)>,
    mut last: Local<HashMap<Entity, egui::Modifiers>>,
) {
    for (entity, mut input) in &mut inputs {
        let mut seen = last.get(&entity).copied();
        input.events.retain(|event| match event {
            egui::Event::ModifiersChanged(m) if seen == Some(*m) => false,
            egui::Event::ModifiersChanged(m) => {
                seen = Some(*m);
                true
            }
            _ => true,
        });
        if let Some(m) = seen {
            last.insert(entity, m);
        }
    }
}

fn read_egui_repaint_delay(outputs: Query<&EguiFullOutput>, mut repaint: ResMut<EguiRepaint>) {
    let full: Vec<_> = outputs.iter().filter_map(|o| o.0.as_ref()).collect();
    repaint.delay = full
        .iter()
        .flat_map(|o| o.viewport_output.values())
        .map(|v| v.repaint_delay)
        .min();
    if full
        .iter()
        .any(|o| !o.textures_delta.is_empty() || o.platform_output.requested_discard())
    {
        repaint.settle = SETTLE_FRAMES;
    }
}

/// Asks for one more frame when this frame drew something other than the last.
fn note_changed_picture(
    outputs: Query<&EguiRenderOutput>,
    mut last: Local<u64>,
    mut repaint: ResMut<EguiRepaint>,
) {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for job in outputs.iter().flat_map(|o| o.paint_jobs.iter()) {
        let r = job.clip_rect;
        [r.min.x, r.min.y, r.max.x, r.max.y]
            .map(f32::to_bits)
            .hash(&mut h);
        if let egui::epaint::Primitive::Mesh(m) = &job.primitive {
            m.indices.hash(&mut h);
            m.texture_id.hash(&mut h);
            for v in &m.vertices {
                [v.pos.x, v.pos.y, v.uv.x, v.uv.y]
                    .map(f32::to_bits)
                    .hash(&mut h);
                v.color.to_array().hash(&mut h);
            }
        }
    }
    let now = h.finish();
    if now != *last {
        repaint.settle = repaint.settle.max(1);
        *last = now;
    }
}

fn replace_redraw_requests(
    mut requests: ResMut<Messages<RequestRedraw>>,
    mut repaint: ResMut<EguiRepaint>,
    animation: Res<Animation>,
    mut winit: ResMut<WinitSettings>,
) {
    requests.clear();
    let egui_delay = repaint.delay.unwrap_or(Duration::MAX);
    let settling = repaint.settle > 0;
    repaint.settle = repaint.settle.saturating_sub(1);
    if animation.continuous || egui_delay.is_zero() || settling {
        requests.write(RequestRedraw);
    }
    let wait = [Some(egui_delay), animation.wake_after, Some(IDLE_WAIT)]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(IDLE_WAIT);
    let mode = UpdateMode::reactive_low_power(wait);
    if winit.focused_mode != mode {
        winit.focused_mode = mode;
        winit.unfocused_mode = mode;
    }
}
