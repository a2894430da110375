//! The `frontline` command line as a coach or author uses it.

use std::process::{Command, Output};

use super::support::{fixture_path, root};

fn frontline(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_frontline"))
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .output()
        .expect("frontline runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// What CI allows in the built-in library until the library rewrite (issue
/// 10) lands: the gameability audit's warnings, listed in docs/authoring.md.
const LIBRARY_ALLOWANCES: [&str; 4] = ["--allow", "gameable", "--allow", "longest-is-best"];

#[test]
fn checking_the_shipped_library_is_clean_and_exits_zero() {
    let mut args = vec!["check", "scenarios/", "--deny-warnings"];
    args.extend(LIBRARY_ALLOWANCES);
    let o = frontline(&args);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("all clean"), "{}", stdout(&o));
}

#[test]
fn a_scenario_written_to_be_gamed_by_length_fails_the_ci_gate() {
    let path = fixture_path("invalid/gamed-by-length.ron");
    let p = path.to_str().unwrap();
    let o = frontline(&["check", p, "--deny-warnings", "--format", "json"]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let out = stdout(&o);
    assert!(
        out.contains("always the longest answer (overall 100, passes)"),
        "{out}"
    );
    assert!(
        out.contains("the best option is also the longest at 4 of 4 decision points"),
        "{out}"
    );
    // Allowing the audit's codes is how a pack under rewrite opts out, one code at a time.
    let allowed = frontline(&[
        "check",
        p,
        "--deny-warnings",
        "--allow",
        "gameable",
        "--allow",
        "longest-is-best",
    ]);
    assert_eq!(allowed.status.code(), Some(0), "{}", stdout(&allowed));
}

#[test]
fn analyze_shows_how_each_shallow_strategy_scores() {
    let path = fixture_path("invalid/gamed-by-length.ron");
    let out = stdout(&frontline(&["analyze", path.to_str().unwrap()]));
    for needle in [
        "gameability audit",
        "always the longest answer            overall 100  PASSES",
        "always the shortest answer           overall  17  fails",
        "a random answer",
        "of 200 runs",
        "the answer that apologises",
        "closest to passing: always the longest answer (mean 100)",
        "best option is also the longest at 4 of 4 decision points (100%)",
    ] {
        assert!(out.contains(needle), "missing {needle:?} in:\n{out}");
    }
}

/// Plays `written` (1-based numbers in the written order of the choices on
/// offer; 0 = timeout) one decision at a time, the way an external tool
/// drives frontline: each run's `pending` turn says which number to type next.
fn drive(scenario: &str, seed: &str, written: &[usize]) -> (Vec<String>, serde_json::Value) {
    let mut typed: Vec<String> = Vec::new();
    for &n in written {
        let choices = typed.join(",");
        let mut args = vec!["play", scenario, "--seed", seed, "--format", "json"];
        if !typed.is_empty() {
            args.extend(["--choices", choices.as_str()]);
        }
        let o = frontline(&args);
        assert!(o.status.success(), "{}", stderr(&o));
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let pending = &v["pending"];
        assert!(
            pending.is_object(),
            "a turn is pending after {choices}: {v}"
        );
        if n == 0 {
            assert!(pending["time_limit"].is_u64(), "a timed turn");
            typed.push("t".into());
            continue;
        }
        let mut offered: Vec<(u64, u64)> = pending["choices"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c["choice_index"].as_u64().unwrap(),
                    c["number"].as_u64().unwrap(),
                )
            })
            .collect();
        offered.sort_unstable();
        typed.push(offered[n - 1].1.to_string());
    }
    let choices = typed.join(",");
    let o = frontline(&[
        "play",
        scenario,
        "--seed",
        seed,
        "--choices",
        &choices,
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    (typed, serde_json::from_slice(&o.stdout).unwrap())
}

#[test]
fn checking_a_file_with_errors_exits_one_and_reports_each_with_its_place() {
    let path = fixture_path("invalid/several-mistakes.ron");
    let o = frontline(&["check", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    for needle in [
        "several-mistakes.ron:11:17",
        "several-mistakes.ron:22:98",
        "several-mistakes.ron:27:19",
        "several-mistakes.ron:29:73",
        "4 errors, 0 warnings",
    ] {
        assert!(out.contains(needle), "missing {needle} in:\n{out}");
    }
}

#[test]
fn check_speaks_json_for_editors() {
    let path = fixture_path("invalid/unknown-node.ron");
    let o = frontline(&["check", path.to_str().unwrap(), "--format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("valid JSON");
    let d = &v["files"][0]["diagnostics"][0];
    assert_eq!(d["code"], "unknown-node");
    assert_eq!(d["path"], r#"nodes["hello"].choices[1].next"#);
    assert_eq!(d["location"]["line"], 22);
    assert_eq!(d["location"]["column"], 98);
    assert_eq!(v["errors"], 1);
}

#[test]
fn warnings_fail_only_when_asked() {
    let path = fixture_path("invalid/unreachable-node.ron");
    let p = path.to_str().unwrap();
    assert_eq!(frontline(&["check", p]).status.code(), Some(0));
    assert_eq!(
        frontline(&["check", p, "--deny-warnings"]).status.code(),
        Some(1)
    );
}

#[test]
fn two_scripted_plays_with_the_same_seed_print_identical_json() {
    let (typed, _) = drive(
        "returns-desk-leaking-kettle",
        "11",
        &[2, 3, 0, 1, 3, 2, 1, 2],
    );
    let choices = typed.join(",");
    let args = [
        "play",
        "returns-desk-leaking-kettle",
        "--seed",
        "11",
        "--choices",
        &choices,
        "--format",
        "json",
    ];
    let a = frontline(&args);
    let b = frontline(&args);
    assert!(a.status.success(), "{}", stderr(&a));
    assert_eq!(a.stdout, b.stdout);
    let v: serde_json::Value = serde_json::from_slice(&a.stdout).unwrap();
    assert!(v["pending"].is_null(), "the conversation is over");
    // Each typed number is tied to the authored choice it was.
    let first = &v["decisions"][0];
    assert_eq!(first["number"].as_u64().unwrap().to_string(), typed[0]);
    assert_eq!(
        first["choice_index"],
        v["transcript"]["turns"][0]["action"]["choice_index"]
    );
    assert_eq!(v["seed"], 11);
    assert_eq!(v["scenario_id"], "returns-desk-leaking-kettle");
    assert_eq!(v["outcome"], "resolved");
    assert_eq!(
        v["scorecard"]["escalation"]["class"],
        "correctly_not_escalated"
    );
    assert!(v["scorecard"]["skills"]["listening"]["score"].is_u64());
    assert_eq!(v["transcript"]["turns"][2]["action"]["kind"], "timed_out");
}

#[test]
fn an_interactive_play_reads_choices_from_the_keyboard_and_keeps_the_attempt() {
    use std::io::Write;
    // Where the escalating answer ("fetch my manager", written 4th) is shown with seed 3.
    let (typed, _) = drive("returns-desk-leaking-kettle", "3", &[4]);
    let (sorry, _) = drive("returns-desk-leaking-kettle", "3", &[2]);
    let data = std::env::temp_dir().join(format!("frontline-play-save-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    let mut child = Command::new(env!("CARGO_BIN_EXE_frontline"))
        .args(["play", "returns-desk-leaking-kettle", "--seed", "3"])
        .env("FRONTLINE_DATA_DIR", &data)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("9\n{}\n", typed[0]).as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Gary Doyle"), "{text}");
    assert!(
        text.contains(&format!("  {}. I'm sorry it's happened twice", sorry[0])),
        "numbered choices in the order shown: {text}"
    );
    assert!(
        text.contains("Weak choice."),
        "feedback follows each choice: {text}"
    );
    let saved: Vec<_> = std::fs::read_dir(data.join("attempts"))
        .expect("the attempt was saved")
        .flatten()
        .collect();
    assert_eq!(saved.len(), 1, "one attempt saved: {text}");
    assert!(text.contains("Saved this attempt for Me"), "{text}");
    let _ = std::fs::remove_dir_all(&data);
    assert!(
        text.contains("mood [###.......] 30"),
        "the mood is shown: {text}"
    );
    assert!(
        text.contains("there is no choice 9"),
        "a wrong number is explained: {text}"
    );
    assert!(
        text.contains("Escalation timing   20  (unnecessary)"),
        "{text}"
    );
}

#[test]
fn play_with_no_save_leaves_the_records_alone() {
    use std::io::Write;
    let data = std::env::temp_dir().join(format!("frontline-play-nosave-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    let mut child = Command::new(env!("CARGO_BIN_EXE_frontline"))
        .args([
            "play",
            "returns-desk-leaking-kettle",
            "--seed",
            "3",
            "--no-save",
        ])
        .env("FRONTLINE_DATA_DIR", &data)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"1\nq\n").unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    assert!(!data.join("attempts").exists(), "nothing saved");
}

#[test]
fn a_word_from_the_id_is_enough_to_be_pointed_at_the_scenario() {
    let o = frontline(&["play", "kettle"]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("did you mean `returns-desk-leaking-kettle`?"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_wrong_choice_list_gets_a_clear_message() {
    let o = frontline(&["play", "returns-desk-leaking-kettle", "--choices", "1,x"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("`x` is not a choice number"),
        "{}",
        stderr(&o)
    );
    let o = frontline(&[
        "play",
        "returns-desk-leaking-kettle",
        "--seed",
        "1",
        "--choices",
        "1,9",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("decision 2 (9): there is no choice 9"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn playing_a_broken_file_shows_each_problem_where_it_is() {
    let file = super::support::fixture_path("invalid/unknown-node.ron");
    let o = frontline(&["play", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("has errors and cannot be played"), "{err}");
    assert!(
        err.contains("unknown-node.ron:"),
        "the file and line: {err}"
    );
    // On one line, however long the path, so it can be copied.
    assert!(
        err.contains(&format!("frontline check {}", file.display())),
        "what to do next: {err}"
    );
}

#[test]
fn a_mistyped_scenario_id_suggests_the_right_one() {
    let o = frontline(&["play", "returns-desk-leaking-kettel"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("did you mean `returns-desk-leaking-kettle`?"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn an_unknown_subcommand_or_flag_is_explained() {
    let o = frontline(&["chek"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("check"),
        "clap suggests the right subcommand: {}",
        stderr(&o)
    );
    let o = frontline(&["play", "x", "--sede", "3"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--seed"), "{}", stderr(&o));
}

#[test]
fn every_subcommand_has_help_with_an_example() {
    for sub in ["check", "play", "analyze", "graph", "tracks"] {
        let o = frontline(&[sub, "--help"]);
        assert!(o.status.success());
        assert!(
            stdout(&o).contains("Examples:"),
            "{sub} --help:\n{}",
            stdout(&o)
        );
    }
}

#[test]
fn analyze_reports_shape_paths_scores_and_the_escalation_window() {
    let path = fixture_path("valid/escalation-required.ron");
    let o = frontline(&["analyze", path.to_str().unwrap()]);
    let out = stdout(&o);
    for needle in [
        "7 nodes, 11 choices, 3 endings",
        "distinct paths: 22",
        "shortest 1, longest 4",
        "pass reachable: yes; fail reachable: yes",
        "timely escalation: at decision 3",
        "best path (3 decisions, 100): --seed 0 --choices",
    ] {
        assert!(out.contains(needle), "missing {needle:?} in:\n{out}");
    }
}

#[test]
fn graph_marks_endings_and_escalations_in_dot_and_mermaid() {
    let path = fixture_path("valid/escalation-required.ron");
    let p = path.to_str().unwrap();
    let dot = stdout(&frontline(&["graph", p]));
    assert!(dot.starts_with("digraph"));
    assert!(dot.contains("doubleoctagon"), "endings marked");
    assert!(dot.contains("⇧ I'll put you through"), "escalations marked");
    let mermaid = stdout(&frontline(&["graph", p, "--format", "mermaid"]));
    assert!(mermaid.starts_with("flowchart LR"));
    assert!(mermaid.contains(":::ending"));
    assert!(mermaid.contains("linkStyle"));
}

#[test]
fn tracks_lists_each_track_with_its_scenarios() {
    let o = frontline(&["tracks"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("First week on the floor"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn sync_without_a_configured_lrs_says_how_to_configure_one() {
    let dir = std::env::temp_dir().join(format!("frontline-sync-cli-{}", std::process::id()));
    let o = frontline(&["sync", "--data-dir", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("--endpoint URL --user KEY --password SECRET"),
        "{}",
        stderr(&o)
    );
    let o = frontline(&["sync", "--endpoint", "http://127.0.0.1:9/xAPI/"]);
    assert_eq!(
        o.status.code(),
        Some(2),
        "an endpoint needs its credentials"
    );
    assert!(stderr(&o).contains("--user"), "{}", stderr(&o));
}
