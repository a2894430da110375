//! Rendered smoke test: starts the real app under Xvfb with Mesa's software
//! Vulkan, lets it play a scenario to its debrief by simulated key presses
//! (src/app/smoke.rs) and checks a screenshot of every screen.
//!
//! Winit does not report failures through the exit code reliably, so the
//! verdict comes from the screenshots: each must exist and must not be blank.
//! Runs as its own process (`harness = false`) because lavapipe is happier on
//! a main thread. Without `xvfb-run` it is skipped, except under CI, where
//! that is a failure.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

const SCREENS: [&str; 8] = [
    "library",
    "briefing",
    "conversation",
    "debrief",
    "social",
    "workshop",
    "audience",
    "editor",
];
const TIME_LIMIT: Duration = Duration::from_secs(600);

/// Screen sizes and text scales the run covers: a laptop, a full-HD projector,
/// and a coach's 200 % on a small screen.
const CONFIGS: [(u32, u32, f32); 3] = [(1280, 720, 1.0), (1920, 1080, 1.0), (1280, 720, 2.0)];

fn main() -> ExitCode {
    if Command::new("xvfb-run").arg("--help").output().is_err() {
        if std::env::var_os("CI").is_some() {
            eprintln!(
                "smoke: xvfb-run is missing; .ci/run installs xvfb, xauth and mesa-vulkan-drivers"
            );
            return ExitCode::FAILURE;
        }
        println!("smoke: skipped (no xvfb-run; install xvfb xauth mesa-vulkan-drivers to run it)");
        return ExitCode::SUCCESS;
    }
    let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("smoke");
    let _ = std::fs::remove_dir_all(&root);
    let mut failures = Vec::new();
    for (w, h, scale) in CONFIGS {
        let name = format!("{w}x{h}-{:.0}", scale * 100.0);
        let out = root.join(&name);
        let data = root.join(format!("{name}-data"));
        let started = Instant::now();
        let status = Command::new("timeout")
            .arg(TIME_LIMIT.as_secs().to_string())
            .args(["xvfb-run", "-a", "-s", &format!("-screen 0 {w}x{h}x24")])
            .arg(env!("CARGO_BIN_EXE_frontline"))
            .env("FRONTLINE_SMOKE_DIR", &out)
            .env("FRONTLINE_SMOKE_SCALE", scale.to_string())
            .env("FRONTLINE_DATA_DIR", &data)
            .env("WGPU_ADAPTER_NAME", "llvmpipe")
            .status();
        println!(
            "smoke {name}: the app ran for {:.1} s ({status:?})",
            started.elapsed().as_secs_f32()
        );
        for screen in SCREENS {
            let path = out.join(format!("{screen}.png"));
            // The audience window is a second window of its own size; the
            // main window always fits the screen.
            let fills = (screen != "audience").then_some((w, h));
            match judge(&path, fills) {
                Ok(colours) => {
                    println!("smoke {name}: {screen}.png ok ({colours} distinct colours)")
                }
                Err(why) => failures.push(format!("{name}/{screen}.png: {why}")),
            }
        }
    }
    let out = root.join("1280x720-100");
    if failures.is_empty() {
        if std::env::var_os("FRONTLINE_UPDATE_SCREENSHOTS").is_some() {
            let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/screenshots");
            let _ = std::fs::create_dir_all(&docs);
            for name in SCREENS {
                let _ = std::fs::copy(
                    out.join(format!("{name}.png")),
                    docs.join(format!("{name}.png")),
                );
            }
            println!("smoke: copied the screenshots to {}", docs.display());
        }
        println!("smoke: passed; screenshots in {}", root.display());
        ExitCode::SUCCESS
    } else {
        for f in &failures {
            eprintln!("smoke: FAILED {f}");
        }
        ExitCode::FAILURE
    }
}

/// Checks that a screenshot exists, fills the screen it was taken on (the
/// window fits the screen), and shows something: many colours and no single
/// colour covering almost everything.
fn judge(path: &Path, screen: Option<(u32, u32)>) -> Result<usize, String> {
    let file = std::fs::File::open(path).map_err(|e| format!("missing ({e})"))?;
    let decoder = png::Decoder::new(std::io::BufReader::new(file));
    let mut reader = decoder
        .read_info()
        .map_err(|e| format!("not a PNG ({e})"))?;
    let mut buf = vec![0; reader.output_buffer_size().ok_or("image too large")?];
    let info = reader
        .next_frame(&mut buf)
        .map_err(|e| format!("unreadable ({e})"))?;
    if let Some(screen) = screen
        && (info.width, info.height) != screen
    {
        return Err(format!(
            "the window is {}×{} on a {}×{} screen",
            info.width, info.height, screen.0, screen.1
        ));
    }
    let channels = info.color_type.samples();
    let pixels = &buf[..info.buffer_size()];
    let mut counts = std::collections::HashMap::new();
    for px in pixels.chunks_exact(channels) {
        *counts.entry(&px[..3.min(channels)]).or_insert(0usize) += 1;
    }
    let total = pixels.len() / channels;
    let dominant = counts.values().copied().max().unwrap_or(0);
    if counts.len() < 50 {
        return Err(format!("blank: only {} colours", counts.len()));
    }
    if dominant * 100 > total * 97 {
        return Err("blank: one colour covers over 97% of it".into());
    }
    Ok(counts.len())
}
