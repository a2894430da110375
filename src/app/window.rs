//! The window: a size that fits the screen it opens on (or the size the user
//! chose last time), remembered when the user resizes it, and its icon, drawn
//! by the app: a speech bubble in the accent colour.

use std::time::Duration;

use bevy::ecs::system::NonSendMarker;
use bevy::prelude::*;
use bevy::window::{
    Monitor, MonitorSelection, PrimaryMonitor, PrimaryWindow, WindowPosition, WindowResized,
};
use bevy::winit::WINIT_WINDOWS;

use super::redraw::Animation;
use super::settings::{Settings, WindowSize};

/// Icon edge in pixels.
const ICON_SIZE: u32 = 64;

/// The smallest window the layouts are made for.
pub const MIN_SIZE: (f32, f32) = (800.0, 600.0);

/// How long a size must hold before it is saved: a drag sends dozens of sizes a second.
const SAVE_AFTER: Duration = Duration::from_millis(600);

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        Update,
        (set_window_icon, fit_window_to_screen, remember_window_size),
    );
}

/// The window size for a screen of `screen` logical pixels: the size the user
/// chose last time, or the whole screen, never larger than the screen nor
/// smaller than [`MIN_SIZE`].
pub fn fitted_size(saved: Option<WindowSize>, screen: (f32, f32)) -> (f32, f32) {
    let want = saved.map_or(screen, |w| (w.width as f32, w.height as f32));
    (
        want.0.min(screen.0).max(MIN_SIZE.0.min(screen.0)),
        want.1.min(screen.1).max(MIN_SIZE.1.min(screen.1)),
    )
}

/// Once the screen is known, sizes the window to fit it: a 1024×768 laptop
/// or a projector gets a window it can show whole.
fn fit_window_to_screen(
    mut windows: Query<&mut Window, With<PrimaryWindow>>,
    monitors: Query<&Monitor, With<PrimaryMonitor>>,
    settings: Res<Settings>,
    mut done: Local<bool>,
) {
    if *done {
        return;
    }
    let (Ok(monitor), Ok(mut window)) = (monitors.single(), windows.single_mut()) else {
        return;
    };
    let scale = monitor.scale_factor.max(0.5) as f32;
    let screen = (
        monitor.physical_width as f32 / scale,
        monitor.physical_height as f32 / scale,
    );
    let (w, h) = fitted_size(settings.window, screen);
    window.resolution.set(w, h);
    window.position = WindowPosition::Centered(MonitorSelection::Primary);
    if settings.window.is_none() {
        window.set_maximized(true);
    }
    *done = true;
}

/// Saves the size the user gives the window, once they stop dragging.
fn remember_window_size(
    mut resized: MessageReader<WindowResized>,
    primary: Query<Entity, With<PrimaryWindow>>,
    time: Res<Time<Real>>,
    mut pending: Local<Option<(WindowSize, Duration)>>,
    mut settings: ResMut<Settings>,
    mut animation: ResMut<Animation>,
) {
    let primary = primary.single().ok();
    for e in resized.read() {
        if Some(e.window) == primary && e.width >= 1.0 && e.height >= 1.0 {
            let size = WindowSize {
                width: e.width.round() as u32,
                height: e.height.round() as u32,
            };
            *pending = Some((size, time.elapsed()));
        }
    }
    if let Some((size, at)) = *pending {
        if time.elapsed().saturating_sub(at) >= SAVE_AFTER {
            if settings.window != Some(size) {
                settings.window = Some(size);
            }
            *pending = None;
        } else {
            animation.wake_within(SAVE_AFTER);
        }
    }
}

/// RGBA pixels of the icon: a rounded speech bubble with three dots.
pub fn icon_pixels() -> Vec<u8> {
    let n = ICON_SIZE as i32;
    let mut px = vec![0u8; (n * n * 4) as usize];
    let accent = [0x1f, 0x8a, 0x7a, 0xff];
    let white = [0xff, 0xff, 0xff, 0xff];
    for y in 0..n {
        for x in 0..n {
            let (fx, fy) = (x as f32, y as f32);
            // Bubble: an ellipse in the upper part plus a tail at the bottom left.
            let dx = (fx - 32.0) / 29.0;
            let dy = (fy - 27.0) / 22.0;
            let in_bubble = dx * dx + dy * dy <= 1.0;
            let in_tail = (40.0..=60.0).contains(&fy)
                && (12.0..=30.0).contains(&fx)
                && (fx - 12.0) >= (fy - 40.0) * 0.2
                && (30.0 - fx) >= (fy - 40.0) * 0.9;
            let dot = [20.0f32, 32.0, 44.0]
                .iter()
                .any(|cx| (fx - cx).powi(2) + (fy - 27.0).powi(2) <= 16.0);
            let colour = if in_bubble && dot {
                white
            } else if in_bubble || in_tail {
                accent
            } else {
                continue;
            };
            let i = ((y * n + x) * 4) as usize;
            px[i..i + 4].copy_from_slice(&colour);
        }
    }
    px
}

fn set_window_icon(_main_thread: NonSendMarker, mut done: Local<bool>) {
    // The window appears a frame or two after start-up; try until it exists.
    if *done {
        return;
    }
    let Ok(icon) = winit::window::Icon::from_rgba(icon_pixels(), ICON_SIZE, ICON_SIZE) else {
        *done = true;
        return;
    };
    WINIT_WINDOWS.with_borrow(|windows| {
        for window in windows.windows.values() {
            window.set_window_icon(Some(icon.clone()));
            *done = true;
        }
    });
}
