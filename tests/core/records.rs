//! Trainee records: never lost, replayable, exportable.

use std::sync::Arc;

use frontline::records::{AttemptRecord, Profile, Store, replay, scenario_hash};
use frontline::report::csv::cohort_csv;
use frontline::report::xapi::{XapiConfig, statements};
use frontline::scenario::Scenario;
use rand::{RngExt, SeedableRng};

use super::support::{play, shipped};

const KETTLE_BEST: [usize; 8] = [2, 3, 2, 1, 3, 2, 1, 2];

fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("frontline-records-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn profile(name: &str) -> Profile {
    Profile {
        id: "7d4f3b8e-9a51-4c0e-8b5e-2f1f4f7a9c10".into(),
        name: name.into(),
    }
}

fn record(s: &Arc<Scenario>, seed: u64, choices: &[usize], who: &Profile) -> AttemptRecord {
    let c = play(s, seed, choices);
    let timings: Vec<(String, u64)> = (0..choices.len())
        .map(|i| {
            (
                format!("2026-11-20T10:00:{:02}Z", 5 + i * 4),
                3_500 + i as u64 * 250,
            )
        })
        .collect();
    let mut r = AttemptRecord::new(who, &c, "2026-11-20T10:00:00Z".into(), &timings);
    r.ended_at = "2026-11-20T10:01:24Z".into();
    r
}

/// Fixed ids and times, so exports can be compared with golden files.
fn fixed(mut r: AttemptRecord) -> AttemptRecord {
    r.attempt_id = "0b9c6a52-3f1e-4d7a-9a8e-5c2d7f1e6b34".into();
    r.app_version = "test".into();
    r
}

#[test]
fn an_attempt_replays_to_exactly_the_recorded_scores() {
    let s = shipped("returns-desk-leaking-kettle");
    let dir = temp_dir("replay");
    let store = Store::open(&dir);
    let r = record(&s, 31, &KETTLE_BEST, &profile("Asha"));
    store.save_attempt(&r).unwrap();
    let loaded = store.load_attempts();
    assert_eq!(
        loaded.attempts,
        vec![r.clone()],
        "saved and loaded unchanged"
    );
    let again = replay(&loaded.attempts[0], &s).unwrap();
    assert!(!again.scenario_changed);
    assert_eq!(
        again.scorecard, r.scorecard,
        "replay reproduces the scores exactly"
    );
}

#[test]
fn a_record_of_a_scenario_that_changed_since_still_opens_and_says_so() {
    let s = shipped("returns-desk-leaking-kettle");
    let r = record(&s, 31, &KETTLE_BEST, &profile("Asha"));
    let mut edited = (*s).clone();
    edited.nodes[0].choices.remove(0);
    edited.reindex();
    let edited = Arc::new(edited);
    assert_ne!(scenario_hash(&edited), r.scenario_hash);
    let again = replay(&r, &edited).expect("opens anyway");
    assert!(again.scenario_changed);
}

#[test]
fn an_abandoned_attempt_is_recorded_as_unfinished() {
    let s = shipped("returns-desk-leaking-kettle");
    let r = record(&s, 2, &[2, 3], &profile("Asha"));
    assert!(!r.finished);
    assert_eq!(r.outcome, None);
    assert_eq!(r.decisions.len(), 2);
    assert_eq!(r.decisions[1].response_ms, 3_750);
}

#[test]
fn a_damaged_record_is_set_aside_with_a_message_and_the_rest_load() {
    let s = shipped("returns-desk-leaking-kettle");
    let dir = temp_dir("damage");
    let store = Store::open(&dir);
    let who = profile("Asha");
    let a = store
        .save_attempt(&record(&s, 1, &KETTLE_BEST, &who))
        .unwrap();
    store.save_attempt(&record(&s, 2, &[4], &who)).unwrap();
    store.save_attempt(&record(&s, 3, &[1, 1], &who)).unwrap();
    let bytes = std::fs::read(&a).unwrap();
    std::fs::write(&a, &bytes[..bytes.len() / 2]).unwrap();
    let loaded = store.load_attempts();
    assert_eq!(loaded.attempts.len(), 2, "the other records still load");
    assert_eq!(loaded.set_aside.len(), 1);
    assert!(
        loaded.set_aside[0].contains("could not be read"),
        "{:?}",
        loaded.set_aside
    );
    assert!(!a.exists(), "moved out of the way");
    let damaged: Vec<_> = std::fs::read_dir(dir.join("damaged")).unwrap().collect();
    assert_eq!(damaged.len(), 1, "kept for inspection, not deleted");
}

#[test]
fn profiles_can_be_created_renamed_and_remembered() {
    let dir = temp_dir("profiles");
    let store = Store::open(&dir);
    let a = store.create_profile("Asha").unwrap();
    let b = store.create_profile("Ben").unwrap();
    assert_eq!(store.last_profile(), Some(b.clone()));
    store.select_profile(&a.id).unwrap();
    let renamed = store.rename_profile(&a.id, "Asha K.").unwrap();
    assert_eq!(renamed.id, a.id, "the id stays");
    assert_eq!(Store::open(&dir).last_profile(), Some(renamed));
    assert_eq!(store.profiles().len(), 2);
    assert!(store.create_profile("  ").is_err());
}

#[test]
fn spreadsheet_formulas_in_names_are_neutralised_in_the_csv() {
    let s = shipped("returns-desk-leaking-kettle");
    let evil = Profile {
        id: "=1+1".into(),
        name: "=HYPERLINK(\"http://x\",\"click\")".into(),
    };
    let r = record(&s, 1, &KETTLE_BEST, &evil);
    let text = cohort_csv(&[r]).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let row = reader.records().next().unwrap().unwrap();
    assert_eq!(&row[1], "'=HYPERLINK(\"http://x\",\"click\")");
    assert_eq!(&row[2], "'=1+1");
    for cell in row.iter() {
        assert!(!cell.starts_with(['=', '+', '-', '@']), "{cell}");
    }
}

fn is_uuid(v: &serde_json::Value) -> bool {
    v.as_str().is_some_and(|s| uuid::Uuid::parse_str(s).is_ok())
}

fn is_rfc3339(v: &serde_json::Value) -> bool {
    v.as_str().is_some_and(|s| {
        time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339).is_ok()
    })
}

fn is_iso_duration(v: &serde_json::Value) -> bool {
    v.as_str().is_some_and(|s| {
        s.strip_prefix("PT")
            .and_then(|r| r.strip_suffix('S'))
            .is_some_and(|n| n.parse::<f64>().is_ok_and(|x| x >= 0.0))
    })
}

#[test]
fn xapi_statements_have_every_required_field_within_range() {
    let s = shipped("returns-desk-leaking-kettle");
    let r = record(&s, 1, &KETTLE_BEST, &profile("Asha"));
    let cfg = XapiConfig {
        home_page: "https://academy.example.com".into(),
        iri_base: "https://academy.example.com/xapi".into(),
    };
    let all = statements(&r, Some(&s), &cfg);
    assert_eq!(
        all.len(),
        KETTLE_BEST.len() + 1,
        "one per decision and one per attempt"
    );
    let adl = ["attempted", "answered", "completed", "passed", "failed"]
        .map(|v| format!("http://adlnet.gov/expapi/verbs/{v}"));
    let mut ids = std::collections::HashSet::new();
    for st in &all {
        assert!(is_uuid(&st["id"]), "{st}");
        assert!(
            ids.insert(st["id"].as_str().unwrap().to_string()),
            "ids are unique"
        );
        assert_eq!(
            st["actor"]["account"]["homePage"],
            "https://academy.example.com"
        );
        assert_eq!(st["actor"]["account"]["name"], r.profile.id);
        assert!(adl.contains(&st["verb"]["id"].as_str().unwrap().to_string()));
        assert!(st["object"]["id"].as_str().unwrap().starts_with("https://"));
        assert!(is_rfc3339(&st["timestamp"]), "{}", st["timestamp"]);
        assert!(is_uuid(&st["context"]["registration"]));
        if let Some(d) = st["result"].get("duration") {
            assert!(is_iso_duration(d), "{d}");
        }
        if let Some(ext) = st["result"].get("extensions") {
            for k in ext.as_object().unwrap().keys() {
                assert!(
                    k.starts_with("https://academy.example.com/xapi/extensions/"),
                    "{k}"
                );
            }
        }
    }
    let attempt = all.last().unwrap();
    assert_eq!(
        attempt["verb"]["id"],
        "http://adlnet.gov/expapi/verbs/passed"
    );
    let scaled = attempt["result"]["score"]["scaled"].as_f64().unwrap();
    assert!((-1.0..=1.0).contains(&scaled));
    assert_eq!(scaled, f64::from(r.scorecard.overall) / 100.0);
    assert_eq!(attempt["result"]["success"], true);
    assert_eq!(attempt["result"]["completion"], true);
    assert_eq!(attempt["result"]["duration"], "PT84S");
    let ext = &attempt["result"]["extensions"];
    assert_eq!(
        ext["https://academy.example.com/xapi/extensions/escalation-verdict"],
        "correctly not escalated"
    );
    assert_eq!(
        statements(&r, Some(&s), &cfg),
        all,
        "exporting twice gives the same ids, so nothing is sent twice"
    );
}

#[test]
fn the_html_report_matches_its_reviewed_golden_file() {
    let s = shipped("returns-desk-leaking-kettle");
    let r = fixed(record(&s, 7, &[2, 1, 2, 1, 1, 4], &profile("Asha Patel")));
    let html = frontline::report::attempt::html(&r);
    assert!(
        !html.contains("http://") && !html.contains("src="),
        "no external assets"
    );
    insta::assert_snapshot!("attempt_report_html", html);
}

/// Run by the crash-safety test as a child process: writes records until killed.
#[test]
#[ignore = "a helper run by a_writer_killed_at_random_moments_never_loses_earlier_records"]
fn child_keeps_writing_records() {
    let Some(dir) = std::env::var_os("FRONTLINE_CRASH_DIR") else {
        return;
    };
    let s = shipped("returns-desk-leaking-kettle");
    let store = Store::open(std::path::Path::new(&dir));
    let who = profile("Crash test");
    for i in 0u64.. {
        store
            .save_attempt(&record(&s, i, &KETTLE_BEST, &who))
            .unwrap();
    }
}

#[test]
fn a_writer_killed_at_random_moments_never_loses_earlier_records() {
    let dir = temp_dir("crash");
    let exe = std::env::current_exe().unwrap();
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(2026);
    let mut seen: Vec<String> = Vec::new();
    for round in 0..25 {
        let mut child = std::process::Command::new(&exe)
            .args([
                "records::child_keeps_writing_records",
                "--exact",
                "--ignored",
                "--quiet",
            ])
            .env("FRONTLINE_CRASH_DIR", &dir)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(rng.random_range(20..120)));
        child.kill().unwrap();
        child.wait().unwrap();
        let loaded = Store::open(&dir).load_attempts();
        assert!(
            loaded.set_aside.is_empty(),
            "round {round}: {:?}",
            loaded.set_aside
        );
        let ids: Vec<String> = loaded
            .attempts
            .iter()
            .map(|a| a.attempt_id.clone())
            .collect();
        for earlier in &seen {
            assert!(
                ids.contains(earlier),
                "round {round}: record {earlier} was lost"
            );
        }
        seen = ids;
    }
    assert!(
        seen.len() > 25,
        "the children did write records ({})",
        seen.len()
    );
}

/// Learning Locker's validator (see `support::assert_valid_xapi`) over the
/// statements of a finished and an abandoned attempt.
#[test]
fn exported_statements_pass_learning_lockers_validator() {
    let s = shipped("returns-desk-leaking-kettle");
    let who = profile("Asha");
    let mut all = statements(
        &record(&s, 1, &KETTLE_BEST, &who),
        Some(&s),
        &XapiConfig::default(),
    );
    all.extend(statements(
        &record(&s, 2, &[2, 3, 0], &who),
        Some(&s),
        &XapiConfig::default(),
    ));
    all.extend(statements(
        &record(&s, 3, &[4], &who),
        Some(&s),
        &XapiConfig::default(),
    ));
    super::support::assert_valid_xapi(&all, "attempts");
}

#[test]
fn records_from_several_machines_merge_without_duplicates_into_a_cohort_summary() {
    let s = shipped("returns-desk-leaking-kettle");
    let laptop_a = temp_dir("merge-a");
    let laptop_b = temp_dir("merge-b");
    let asha = profile("Asha");
    let ben = Profile {
        id: "1c2d3e4f-0000-4000-8000-000000000002".into(),
        name: "Ben".into(),
    };
    let shared = record(&s, 1, &KETTLE_BEST, &asha);
    Store::open(&laptop_a).save_attempt(&shared).unwrap();
    Store::open(&laptop_a)
        .save_attempt(&record(&s, 2, &[4], &asha))
        .unwrap();
    // The same attempt copied to the second machine, plus one of its own.
    Store::open(&laptop_b).save_attempt(&shared).unwrap();
    Store::open(&laptop_b)
        .save_attempt(&record(&s, 3, &[1, 1], &ben))
        .unwrap();

    let merged = frontline::records::read_records(&[laptop_a, laptop_b]);
    assert_eq!(merged.attempts.len(), 3, "the shared attempt counts once");
    let cohort = frontline::report::cohort::summarise(&merged.attempts, &[]);
    assert_eq!(cohort.trainees.len(), 2);
    assert_eq!(cohort.verdicts.iter().map(|(_, n)| n).sum::<usize>(), 3);
    let md = frontline::report::cohort::markdown(&cohort);
    for section in [
        "## Trainees",
        "## Average and spread per skill",
        "## Decisions most often missed",
        "## Escalation verdicts",
    ] {
        assert!(md.contains(section), "{md}");
    }
    assert!(
        md.contains("I'm sorry it's happened twice"),
        "the better choice at a missed decision:\n{md}"
    );
    assert!(md.contains("| unnecessary | 1 |"), "{md}");
}

#[test]
fn a_record_scored_under_the_first_rules_keeps_its_score_and_says_so() {
    let dir = temp_dir("v1");
    std::fs::create_dir_all(dir.join("attempts")).unwrap();
    let file = dir.join("attempts/5e0c2a11-7b3d-4e8f-9c1a-2d6b8f4e0a71.json");
    std::fs::copy(
        super::support::fixture_path("records/v1-kettle.json"),
        &file,
    )
    .unwrap();
    let loaded = Store::open(&dir).load_attempts();
    assert!(loaded.set_aside.is_empty(), "{:?}", loaded.set_aside);
    let r = &loaded.attempts[0];
    assert_eq!(r.format_version, 1);
    assert_eq!(r.scorecard.rules_version, 1, "labelled with its rules");
    assert_eq!(
        (r.scorecard.overall, r.scorecard.passed),
        (62, true),
        "the score it was given, not today's"
    );
    assert_eq!(r.scorecard.points_overall, None);
    // Re-scoring on demand gives today's rules' view of the same decisions.
    let s = shipped("returns-desk-leaking-kettle");
    let now = replay(r, &s).unwrap();
    assert_eq!(
        now.scorecard.rules_version,
        frontline::scoring::RULES_VERSION
    );
    assert_eq!((now.scorecard.overall, now.scorecard.passed), (59, false));
    assert!(file.exists(), "left in place");
}

#[test]
fn a_record_from_a_newer_frontline_is_reported_and_left_where_it_is() {
    let s = shipped("returns-desk-leaking-kettle");
    let dir = temp_dir("newer");
    let store = Store::open(&dir);
    store
        .save_attempt(&record(&s, 1, &KETTLE_BEST, &profile("Asha")))
        .unwrap();
    let newer = dir.join("attempts/9f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9.json");
    std::fs::write(
        &newer,
        r#"{"format_version": 99, "attempt_id": "9f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9", "something_new": true}"#,
    )
    .unwrap();
    let loaded = store.load_attempts();
    assert_eq!(loaded.attempts.len(), 1, "today's records still load");
    assert!(
        loaded.set_aside.is_empty(),
        "not damaged: {:?}",
        loaded.set_aside
    );
    assert_eq!(loaded.newer.len(), 1);
    assert!(
        loaded.newer[0].contains("from a newer version of frontline"),
        "{:?}",
        loaded.newer
    );
    assert!(newer.exists(), "left where it is");
    assert!(!dir.join("damaged").exists());
    // The coach's read-only view says the same.
    let coach = frontline::records::read_records(&[dir.join("attempts")]);
    assert_eq!(coach.newer.len(), 1);
    assert_eq!(coach.attempts.len(), 1);
}

#[test]
fn records_keep_the_choices_in_the_order_the_trainee_saw_them() {
    let s = shipped("returns-desk-leaking-kettle");
    let r = record(&s, 12, &KETTLE_BEST, &profile("Asha"));
    let again = replay(&r, &s).unwrap();
    let c = play(&s, 12, &KETTLE_BEST);
    assert_eq!(again.transcript, *c.transcript(), "replays exactly");
    let first = &again.transcript.turns[0];
    let shown: Vec<usize> = first.offered.iter().map(|o| o.choice_index).collect();
    let mut written = shown.clone();
    written.sort_unstable();
    assert_ne!(shown, written, "seed 12 shuffles the first turn");
}

#[test]
fn an_abandoned_attempt_never_counts_toward_a_track_in_history_or_cohort() {
    use frontline::records::progress::progress_on;
    use frontline::scenario::track::{SkillTargets, Track};
    let s = shipped("returns-desk-leaking-kettle");
    let who = profile("Asha");
    // Two strong answers, then the trainee walks away from the screen.
    let abandoned = record(&s, 2, &[2, 3], &who);
    assert!(!abandoned.finished);
    assert!(
        abandoned.scorecard.passed,
        "scored as far as it went, it would pass"
    );
    let track = Track {
        format_version: 1,
        id: "desk".into(),
        title: "Desk".into(),
        description: "One scenario.".into(),
        scenarios: vec![s.id.clone()],
        targets: SkillTargets {
            listening: 0,
            problem_solving: 0,
            compassion: 0,
            escalation: 0,
        },
    };
    let p = progress_on(&track, &[&abandoned]);
    assert_eq!((p.passed, p.met, p.started), (0, false, true));
    let cohort = frontline::report::cohort::summarise(
        std::slice::from_ref(&abandoned),
        std::slice::from_ref(&track),
    );
    assert_eq!(cohort.tracks[0].2, 0, "the cohort report agrees");
    let finished = record(&s, 2, &KETTLE_BEST, &who);
    assert_eq!(progress_on(&track, &[&abandoned, &finished]).passed, 1);
}

#[test]
fn a_report_on_a_record_with_a_strange_id_gets_a_safe_name_and_is_saved() {
    use frontline::report::files::AttemptReport;
    let dir = temp_dir("strange-id");
    std::fs::create_dir_all(dir.join("attempts")).unwrap();
    std::fs::copy(
        super::support::fixture_path("records/v1-kettle.json"),
        dir.join("attempts/a.json"),
    )
    .unwrap();
    let mut r = Store::open(&dir).load_attempts().attempts.remove(0);
    // A record copied in by hand: a short id with a path in it, once a panic.
    r.attempt_id = "../é".into();
    r.scenario_id = "../../etc/passwd".into();
    let name = AttemptReport::Markdown.file_name(&r);
    assert!(!name.contains('/') && !name.contains(".."), "{name}");
    let path = AttemptReport::Html.save(&r, &dir.join("reports")).unwrap();
    assert!(path.starts_with(dir.join("reports")));
    assert!(
        std::fs::read_to_string(path)
            .unwrap()
            .contains("<!DOCTYPE html>")
    );
}
