//! Golden transcripts and scorecards for the example scenarios, reviewed by
//! hand. A change to wording, scoring or rendering shows up as a diff here.

use frontline::report::text::{render_scorecard, render_transcript};

use super::support::{fixture, play, shipped};
use frontline::scoring::score;

fn golden(id: &str, seed: u64, choices: &[usize]) -> String {
    let s = match id.strip_prefix("fixture:") {
        Some(rel) => fixture(rel),
        None => shipped(id),
    };
    let c = play(&s, seed, choices);
    let card = score(&s, c.transcript());
    format!(
        "{}{}",
        render_transcript(&s, c.transcript()),
        render_scorecard(&card)
    )
}

#[test]
fn kettle_best_path_transcript_and_scorecard() {
    insta::assert_snapshot!(golden(
        "returns-desk-leaking-kettle",
        7,
        &[2, 3, 2, 1, 3, 2, 1, 2]
    ));
}

#[test]
fn kettle_manager_fetched_at_the_options_transcript_and_scorecard() {
    insta::assert_snapshot!(golden(
        "returns-desk-leaking-kettle",
        7,
        &[2, 1, 2, 1, 1, 4]
    ));
}

#[test]
fn insurance_callback_best_path_transcript_and_scorecard() {
    let s = shipped("insurance-storm-claim-callback");
    let best = frontline::analysis::analyze(&s)
        .exploration
        .best
        .expect("a best path");
    // The explorer's best path names the authored choices; play them with seed 7.
    let mut c = frontline::engine::Conversation::start(s.clone(), 7).unwrap();
    for &a in &best.actions {
        c.apply_action(a).unwrap();
    }
    let card = score(&s, c.transcript());
    insta::assert_snapshot!(format!(
        "{}{}",
        render_transcript(&s, c.transcript()),
        render_scorecard(&card)
    ));
}

#[test]
fn refund_over_the_limit_late_escalation_as_json() {
    let s = fixture("valid/escalation-required.ron");
    let c = play(&s, 5, &[1, 1, 2, 1]);
    let card = score(&s, c.transcript());
    insta::assert_json_snapshot!(
        serde_json::json!({ "transcript": c.transcript(), "scorecard": card })
    );
}
