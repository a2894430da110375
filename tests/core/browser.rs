//! A real browser on the phone page: Debian's Chromium driven by Playwright
//! (tests/browser/phones.cjs) joins a workshop as five phones and votes while
//! this test plays the coach. `.ci/run` installs chromium and playwright-core;
//! elsewhere the test says how to get them and passes only if CI is not set.

use std::io::{BufRead, BufReader};
use std::net::{IpAddr, Ipv4Addr};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use frontline::serve::{Room, WorkshopServer};
use frontline::workshop::Workshop;

use super::support::{root, shipped};

const CODE: &str = "PHN8QZ";

/// Where playwright-core is installed, if it is.
fn playwright() -> Option<PathBuf> {
    let dir = std::env::var_os("FRONTLINE_PLAYWRIGHT_DIR")
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME")
                .map(|h| PathBuf::from(h).join(".cache/frontline-npm/node_modules"))
        })?;
    let chromium = std::env::var_os("CHROMIUM")
        .map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from);
    (dir.join("playwright-core").is_dir() && chromium.exists()).then_some(dir)
}

fn wait_for(what: &str, limit: Duration, mut done: impl FnMut() -> bool) {
    let started = Instant::now();
    while !done() {
        assert!(started.elapsed() < limit, "gave up waiting for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn five_phones_in_a_real_browser_join_vote_and_see_the_split() {
    let Some(modules) = playwright() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must run the browser test: .ci/run installs chromium and playwright-core"
        );
        eprintln!(
            "browser test skipped: install Debian's chromium and `npm install playwright-core` \
             under ~/.cache/frontline-npm (or set FRONTLINE_PLAYWRIGHT_DIR)"
        );
        return;
    };
    let w = Workshop::with_code(shipped("returns-desk-leaking-kettle"), 5, CODE.into()).unwrap();
    let room = Room::new(w);
    let server = WorkshopServer::start(room.clone(), IpAddr::V4(Ipv4Addr::LOCALHOST), 0).unwrap();
    let base = format!("http://{}/", server.addr());
    let shots = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("phones");
    let _ = std::fs::create_dir_all(&shots);
    let mut node = Command::new("node")
        .arg(root().join("tests/browser/phones.cjs"))
        .arg(&modules)
        .arg(&base)
        .arg(CODE)
        .arg(&shots)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("node runs");
    let mut lines = BufReader::new(node.stdout.take().unwrap()).lines();
    let mut next_line = || lines.next().and_then(Result::ok).unwrap_or_default();
    assert_eq!(next_line(), "joined 5");
    assert_eq!(room.read(Workshop::devices), 5);
    // The coach opens the vote; each phone votes (one changes its mind).
    room.update(|w| w.open_vote()).unwrap();
    let mut voted = Vec::new();
    for _ in 0..5 {
        let line = next_line();
        let n: usize = line
            .strip_prefix("voted ")
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("a phone said {line:?}"));
        voted.push(n);
    }
    wait_for("the five votes", Duration::from_secs(10), || {
        room.read(|w| w.tally().iter().sum::<u32>()) == 5
    });
    let tally = room.read(Workshop::tally);
    for (i, count) in tally.iter().enumerate() {
        let expected = voted.iter().filter(|&&n| n == i + 1).count() as u32;
        assert_eq!(
            *count,
            expected,
            "choice {}: {tally:?} from {voted:?}",
            i + 1
        );
    }
    room.update(|w| w.reveal()).unwrap();
    assert_eq!(next_line(), "revealed");
    let status = node.wait().unwrap();
    let mut err = String::new();
    if let Some(mut e) = node.stderr.take() {
        use std::io::Read;
        let _ = e.read_to_string(&mut err);
    }
    assert!(status.success(), "the phones' script failed: {err}");
    assert!(shots.join("phone-revealed.png").exists());
    println!("phone screenshots in {}", shots.display());
    server.stop();
}
