//! Measurement hooks for docs/performance.md, off unless their environment
//! variable is set:
//!
//! - `FRONTLINE_STARTUP_PROBE=1`: print the time from process start until the
//!   library is interactive (loaded, with at least ten frames drawn), then quit;
//! - `FRONTLINE_FRAME_LOG=1`: print one line per frame, so a script can count
//!   redraws while the app should be idle.

use std::sync::OnceLock;
use std::time::Instant;

use bevy::prelude::*;

use super::assets::Catalogue;

/// Environment variable for the start-up probe.
pub const STARTUP_PROBE_ENV: &str = "FRONTLINE_STARTUP_PROBE";
/// Environment variable for the per-frame log.
pub const FRAME_LOG_ENV: &str = "FRONTLINE_FRAME_LOG";
/// Frames drawn before the library counts as interactive, as for the empty-app baseline.
pub const FRAMES_TO_INTERACTIVE: u32 = 10;

static PROCESS_START: OnceLock<Instant> = OnceLock::new();

/// Records the start of the process; call first thing in `main`.
pub fn mark_process_start() {
    let _ = PROCESS_START.set(Instant::now());
}

pub(super) fn plugin(app: &mut App) {
    if std::env::var_os(STARTUP_PROBE_ENV).is_some() {
        app.add_systems(Update, keep_drawing);
        app.add_systems(Last, report_startup);
    }
    if std::env::var_os(FRAME_LOG_ENV).is_some() {
        app.add_systems(Last, log_frame);
    }
}

/// Frames are counted like the empty app's: without this, a reactive app
/// would wait for input before drawing its tenth frame.
fn keep_drawing(mut animation: ResMut<super::redraw::Animation>) {
    animation.continuous = true;
}

fn report_startup(
    library: Res<Catalogue>,
    mut frames: Local<u32>,
    mut first_with_library: Local<Option<(u32, f64)>>,
    mut exit: MessageWriter<AppExit>,
) {
    *frames += 1;
    let elapsed = PROCESS_START
        .get()
        .map_or(0.0, |t| t.elapsed().as_secs_f64());
    if first_with_library.is_none() && !library.entries.is_empty() {
        *first_with_library = Some((*frames, elapsed));
    }
    if *frames >= FRAMES_TO_INTERACTIVE
        && let Some((first_frame, first_at)) = *first_with_library
    {
        println!(
            "startup: library interactive ({} scenario files) after {elapsed:.3} s, frame {}; library first drawn at frame {first_frame}, {first_at:.3} s",
            library.entries.len(),
            *frames
        );
        exit.write(AppExit::Success);
    }
}

fn log_frame(mut frames: Local<u64>) {
    *frames += 1;
    println!("frame {}", *frames);
}
