//! The window's icon, drawn by the app: a speech bubble in the accent colour.

use bevy::ecs::system::NonSendMarker;
use bevy::prelude::*;
use bevy::winit::WINIT_WINDOWS;

/// Icon edge in pixels.
const ICON_SIZE: u32 = 64;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(Update, set_window_icon);
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
