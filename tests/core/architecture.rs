//! The floors of docs/architecture.md, checked: a newcomer can trust the
//! table, because a module that reaches up a floor fails this test.

use std::path::Path;

use super::support::root;

/// Each core module and its floor; a module may use its own floor's
/// neighbours only where the table says so, and any floor below.
const FLOORS: [(&str, u8); 12] = [
    ("scenario", 1),
    ("rules", 2),
    ("engine", 3),
    ("scoring", 4),
    ("analysis", 5),
    ("records", 5),
    ("workshop", 5),
    ("editor", 6),
    ("report", 6),
    ("serve", 6),
    ("cli", 7),
    ("app", 7),
];

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn no_module_reaches_up_a_floor() {
    let mut problems = Vec::new();
    for (module, own) in FLOORS {
        let mut files = Vec::new();
        rust_files(&root().join("src").join(module), &mut files);
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            for (other, theirs) in FLOORS {
                let used = text.contains(&format!("crate::{other}::"))
                    || text.contains(&format!("crate::{other}}}"))
                    || text.contains(&format!("crate::{other};"));
                // Same-floor neighbours (analysis and records; cli and app)
                // stay apart too: neither is built on the other.
                if other != module && used && theirs >= own {
                    problems.push(format!(
                        "{} (floor {own}) uses crate::{other} (floor {theirs})",
                        file.strip_prefix(root()).unwrap().display()
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_core_never_mentions_bevy_or_clap() {
    for module in [
        "scenario", "rules", "engine", "scoring", "analysis", "records", "report",
    ] {
        let mut files = Vec::new();
        rust_files(&root().join("src").join(module), &mut files);
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            for framework in ["bevy", "clap::"] {
                assert!(
                    !text.contains(framework),
                    "{} mentions {framework}: the core is presented by the app and the CLI, never tied to them",
                    file.display()
                );
            }
        }
    }
}
