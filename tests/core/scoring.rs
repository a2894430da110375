//! Scoring stories: what a coach would tell a trainee about their score.

use frontline::scenario::{Outcome, Verdict, load_str};
use frontline::scoring::{EscalationClass, FAILED_CEILING, score};

use super::support::{fixture, fixture_path, play, play_shown, scored, shipped};

#[test]
fn angry_customer_escalated_before_any_attempt_is_premature() {
    let s = fixture("valid/escalation-required.ron");
    let card = scored(&s, 1, &[2]);
    assert_eq!(card.escalation.class, EscalationClass::Premature);
    assert_eq!(card.escalation.turn, Some(1));
    assert_eq!(card.skills.escalation, 40);
    assert!(card.escalation.explanation.contains("premature"));
    assert!(
        card.escalation
            .explanation
            .ends_with("Refunds above £100 need a manager's approval.")
    );
}

#[test]
fn escalating_after_listening_but_before_trying_anything_is_still_premature() {
    let s = fixture("valid/escalation-required.ron");
    assert_eq!(
        scored(&s, 1, &[1, 2]).escalation.class,
        EscalationClass::Premature
    );
}

#[test]
fn hearing_out_trying_then_taking_it_up_yourself_is_timely() {
    let s = fixture("valid/escalation-required.ron");
    let card = scored(&s, 1, &[1, 1, 1]);
    assert_eq!(card.escalation.class, EscalationClass::Timely);
    assert_eq!(card.skills.escalation, 100);
    assert_eq!(card.overall, 100);
    assert!(card.passed);
    assert_eq!(card.outcome, Some(Outcome::Escalated));
}

#[test]
fn clinging_on_past_the_point_only_a_manager_can_help_is_late() {
    let s = fixture("valid/escalation-required.ron");
    let card = scored(&s, 1, &[1, 1, 2, 1]);
    assert_eq!(card.escalation.class, EscalationClass::Late);
    let offer = &card.turns[2];
    assert_eq!(
        offer.better.as_ref().map(|b| b.text.as_str()),
        Some("Then I'll take this to my manager myself and stay with you."),
        "the debrief points at the moment escalating was right"
    );
}

#[test]
fn never_taking_a_manager_only_problem_to_a_manager_is_missed() {
    let s = fixture("valid/escalation-required.ron");
    let card = scored(&s, 1, &[1, 1, 2, 2]);
    assert_eq!(card.escalation.class, EscalationClass::Missed);
    assert_eq!(card.skills.escalation, 0);
    assert!(!card.passed);
}

#[test]
fn fetching_a_manager_for_a_refund_the_desk_could_give_is_unnecessary() {
    let s = shipped("returns-desk-leaking-kettle");
    let card = scored(&s, 1, &[4]);
    assert_eq!(card.escalation.class, EscalationClass::Unnecessary);
    let better = card.turns[0].better.as_ref().expect("a better option");
    assert!(
        better.text.starts_with("I'm sorry it's happened twice"),
        "{better:?}"
    );
}

#[test]
fn solving_it_at_the_desk_is_correctly_not_escalated() {
    let s = shipped("returns-desk-leaking-kettle");
    let card = scored(&s, 1, &[2, 3, 2, 1, 3, 2, 1, 2]);
    assert_eq!(
        card.escalation.class,
        EscalationClass::CorrectlyNotEscalated
    );
    assert!(card.passed);
    assert_eq!(card.outcome, Some(Outcome::Resolved));
    assert!(
        card.turns.iter().all(|t| t.better.is_none()),
        "the best path needs no better option"
    );
}

#[test]
fn asking_for_the_receipt_first_shows_the_better_opening() {
    let s = shipped("returns-desk-leaking-kettle");
    let card = scored(&s, 1, &[1, 1]);
    let first = &card.turns[0];
    assert_eq!(first.choice, "Have you got your receipt with you?");
    assert!(first.feedback.contains("paperwork"));
    assert!(
        first
            .better
            .as_ref()
            .unwrap()
            .text
            .starts_with("I'm sorry it's happened twice")
    );
}

#[test]
fn each_turn_is_judged_against_what_could_have_been_chosen_then() {
    // Listening: turn 1 offers +2 / -1, turn 2 offers 0 / 0 (no room, not counted).
    let s = fixture("valid/minimal.ron");
    let card = scored(&s, 1, &[1, 2]);
    assert_eq!(
        card.skills.listening.possible, 3,
        "only the first turn had room for listening"
    );
    assert_eq!(card.skills.listening.earned, 3);
    assert_eq!(card.skills.listening.score, Some(100));
    assert_eq!(card.skills.listening.turns_assessed, 1);
    let abrupt = scored(&s, 1, &[2]);
    assert_eq!(
        abrupt.skills.listening.score,
        Some(0),
        "the weakest option on the only listening turn"
    );
}

fn variant(edit: impl Fn(String) -> String) -> std::sync::Arc<frontline::scenario::Scenario> {
    let text = std::fs::read_to_string(fixture_path("valid/minimal.ron")).unwrap();
    load_str("variant.ron", &edit(text))
        .scenario
        .expect("variant is valid")
}

#[test]
fn a_scenario_with_no_room_for_compassion_neither_caps_nor_inflates_it() {
    let s = variant(|t| t.replace("compassion: 1, ", ""));
    let card = scored(&s, 1, &[1, 1]);
    assert_eq!(card.skills.compassion.score, None, "not assessed");
    assert_eq!(
        card.overall, 100,
        "the other skills alone make the overall score"
    );
    let weaker = scored(&s, 1, &[2]);
    assert_eq!(weaker.skills.compassion.score, None);
}

#[test]
fn scores_do_not_depend_on_the_authors_point_scale() {
    let plain = fixture("valid/minimal.ron");
    let doubled = variant(|t| {
        t.replace("listening: 2", "listening: 4")
            .replace("listening: -1", "listening: -2")
            .replace("compassion: 1", "compassion: 2")
            .replace("problem_solving: 2", "problem_solving: 4")
            .replace("problem_solving: -1", "problem_solving: -2")
    });
    for choices in [&[1, 1][..], &[2], &[1, 2]] {
        let a = scored(&plain, 1, choices);
        let b = scored(&doubled, 1, choices);
        assert_eq!(a.overall, b.overall, "{choices:?}");
        assert_eq!(a.skills.listening.score, b.skills.listening.score);
        assert_eq!(
            a.skills.problem_solving.score,
            b.skills.problem_solving.score
        );
    }
}

#[test]
fn a_timeout_is_judged_like_a_choice_on_that_turn() {
    let s = shipped("returns-desk-leaking-kettle");
    let card = scored(&s, 1, &[2, 3, 0, 1, 3, 2, 1, 2]);
    let queue = &card.turns[2];
    assert!(queue.timed_out);
    assert!(queue.feedback.starts_with("Freezing while the queue grows"));
    assert!(queue.better.is_some());
}

#[test]
fn an_abandoned_attempt_is_scored_as_far_as_it_went() {
    let s = shipped("returns-desk-leaking-kettle");
    let c = play(&s, 1, &[2, 3]);
    let card = score(&s, c.transcript());
    assert_eq!(card.outcome, None);
    assert_eq!(card.turns.len(), 2);
}

/// The worked example in docs/scoring.md: keep the two in step.
#[test]
fn the_worked_example_in_the_scoring_guide_adds_up() {
    let s = shipped("returns-desk-leaking-kettle");
    let card = scored(&s, 1, &[2, 1, 2, 1, 1, 4]);
    let l = card.skills.listening;
    let p = card.skills.problem_solving;
    let c = card.skills.compassion;
    let summary = (
        (l.earned, l.possible, l.score),
        (p.earned, p.possible, p.score),
        (c.earned, c.possible, c.score),
        card.skills.escalation,
        card.overall,
        card.passed,
    );
    assert_eq!(
        summary,
        (
            (10, 15, Some(67)),
            (15, 19, Some(79)),
            (12, 17, Some(71)),
            20,
            59,
            false
        )
    );
    assert_eq!(card.escalation.class, EscalationClass::Unnecessary);
    assert_eq!(card.verdict, Some(Verdict::Acceptable));
    assert_eq!(
        card.points_overall,
        Some(59),
        "under the acceptable ceiling"
    );
    // The command line in the guide, with the numbers as seed 7 shows them.
    let shown = play_shown(&s, 7, &[4, 2, 1, 2, 2, 3]);
    assert_eq!(score(&s, shown.transcript()).overall, 59);
    assert_eq!(
        shown.transcript().actions(),
        play(&s, 7, &[2, 1, 2, 1, 1, 4]).transcript().actions()
    );
}

/// The second worked example in docs/scoring.md: the kettle played well
/// until the end, then a flat goodbye.
#[test]
fn the_acceptable_ending_example_in_the_scoring_guide_adds_up() {
    let s = shipped("returns-desk-leaking-kettle");
    let card = scored(&s, 7, &[2, 3, 2, 1, 3, 2, 1, 1]);
    assert_eq!(card.verdict, Some(Verdict::Acceptable));
    assert_eq!(
        (card.points_overall, card.overall, card.passed),
        (Some(94), 75, true)
    );
    assert_eq!(
        card.escalation.class,
        EscalationClass::CorrectlyNotEscalated
    );
    assert!(card.escalation.weight < 0.5, "{}", card.escalation.weight);
}

/// Worked example 4 in docs/scoring.md: the broadband walk-out that passed under the first rules.
#[test]
fn the_walk_out_example_in_the_scoring_guide_adds_up() {
    let s = shipped("telecom-broadband-outage");
    let c = play_shown(&s, 7, &[3, 2, 1, 2, 2, 1, 2]);
    let card = score(&s, c.transcript());
    assert_eq!(card.outcome, Some(Outcome::CustomerLeft));
    assert_eq!(
        (
            card.points_overall,
            card.overall,
            card.pass_mark,
            card.passed
        ),
        (Some(74), FAILED_CEILING, 70, false)
    );
}

#[test]
fn a_walk_out_fails_the_attempt_whatever_the_points() {
    let s = walk_out_variant();
    // Kind, careful answers, then the customer leaves anyway at "ask".
    let card = scored(&s, 1, &[1, 3]);
    assert_eq!(card.outcome, Some(Outcome::CustomerLeft));
    assert_eq!(card.verdict, Some(Verdict::Failed));
    assert!(card.points_overall.unwrap() >= 60, "{card:#?}");
    assert!(!card.passed, "a walk-out fails");
    assert_eq!(card.overall, FAILED_CEILING, "the overall shows it");
    let headline = card.headline().expect("the debrief leads with it");
    assert!(headline.contains("failed the customer"), "{headline}");
}

#[test]
fn an_author_can_rule_a_by_the_book_ending_good() {
    let s = variant(|t| {
        t.replace(
            r#"ending: (outcome: customer_left, verdict: failed, text: "Gone.")"#,
            r#"ending: (outcome: customer_left, verdict: good, text: "Gone.")"#,
        )
    });
    let good = s.node("left").unwrap().ending.as_ref().unwrap().verdict();
    assert_eq!(good, Verdict::Good);
}

#[test]
fn a_critical_error_fails_the_attempt_and_leads_the_debrief() {
    let s = shipped("restaurant-allergy-complaint");
    // Fetch the manager at once, then walk off when the father asks you to check on his son.
    let card = scored(&s, 1, &[1, 1]);
    let critical = card.critical.as_ref().expect("a critical error");
    assert_eq!(critical.turn, 2);
    assert_eq!(critical.kind, frontline::scenario::CriticalKind::Safety);
    assert!(!card.passed);
    assert!(card.overall <= FAILED_CEILING);
    let headline = card.headline().unwrap();
    assert!(
        headline.starts_with("Critical error (safety) at decision 2: You walked off"),
        "{headline}"
    );
    assert_eq!(
        card.turns[1].verdict,
        Some(frontline::rules::ChoiceVerdict::Critical)
    );
}

#[test]
fn keeping_a_problem_no_manager_was_needed_for_earns_credit_only_as_often_as_it_was_tempting() {
    // minimal.ron offers escalating at one of its two decisions.
    let s = fixture("valid/minimal.ron");
    let card = scored(&s, 1, &[1, 1]);
    assert_eq!(
        card.escalation.class,
        EscalationClass::CorrectlyNotEscalated
    );
    assert!((card.escalation.weight - 0.5).abs() < 1e-9);
    // With no escalating answer anywhere there is nothing to judge.
    let never = variant(|t| t.replace(", escalates: true", ""));
    let card = scored(&never, 1, &[1, 1]);
    assert_eq!(card.escalation.weight, 0.0);
}

#[test]
fn weak_answers_do_not_pass_on_the_strength_of_not_escalating() {
    // Before, never escalating was worth a quarter of the overall on its own.
    // In every built-in scenario that needs no manager, take the weakest
    // answer that does not escalate at every turn: it must fail.
    for path in super::support::shipped_files() {
        let s = super::support::playable(&path);
        if s.escalation.required {
            continue;
        }
        let mut c = frontline::engine::Conversation::start(s.clone(), 1).unwrap();
        while let frontline::engine::Step::Turn(view) = c.step().clone() {
            let node = s.node(&view.node_id).unwrap();
            let options: Vec<_> = view
                .choices
                .iter()
                .map(|o| node.choices[o.choice_index].effects())
                .collect();
            let weakest = view
                .choices
                .iter()
                .enumerate()
                .filter(|(_, o)| !node.choices[o.choice_index].escalates)
                .map(|(p, o)| {
                    let q = frontline::rules::quality(
                        &options,
                        &node.choices[o.choice_index].effects(),
                        &s.scoring.weights,
                    );
                    (p, q)
                })
                .min_by(|a, b| a.1.total_cmp(&b.1));
            match weakest {
                Some((p, _)) => c.choose(p).unwrap(),
                None => c.choose(0).unwrap(),
            };
        }
        let card = score(&s, c.transcript());
        assert!(
            !card.passed,
            "{}: the weakest non-escalating answers pass with {}",
            s.id, card.overall
        );
    }
}

#[test]
fn late_and_premature_rank_above_unnecessary_and_missed() {
    let scores: Vec<u8> = [
        EscalationClass::Timely,
        EscalationClass::Late,
        EscalationClass::Premature,
        EscalationClass::Unnecessary,
        EscalationClass::Missed,
    ]
    .iter()
    .map(|c| c.score())
    .collect();
    assert!(scores.windows(2).all(|w| w[0] > w[1]), "{scores:?}");
}

#[test]
fn a_recovery_turn_does_not_make_a_first_chance_escalation_late() {
    use frontline::rules::{EscalationMoment, classify_escalation};
    let at = |appropriate, too_late, declined_before| {
        classify_escalation(
            true,
            Some(EscalationMoment {
                appropriate,
                too_late,
                declined_before,
            }),
        )
    };
    // The clock ran past the limit while recovering, but this is the first
    // moment escalating was right: timely.
    assert_eq!(at(true, true, false), EscalationClass::Timely);
    // Having turned down the right moment before: late.
    assert_eq!(at(true, true, true), EscalationClass::Late);
    assert_eq!(at(false, true, false), EscalationClass::Late);
    assert_eq!(at(false, false, false), EscalationClass::Premature);
}

#[test]
fn hearing_out_with_a_shorter_answer_still_opens_the_window() {
    let s = fixture("valid/escalation-required.ron");
    // "Go on." (written 4th) instead of the fuller apology, then ask what would help.
    let card = scored(&s, 1, &[4, 3, 1]);
    assert_eq!(card.escalation.class, EscalationClass::Timely, "{card:#?}");
}

fn walk_out_variant() -> std::sync::Arc<frontline::scenario::Scenario> {
    variant(|t| {
        t.replace(
            r#"(text: "I'll get my manager.", problem_solving: -1, feedback: "Not needed.", next: "done", escalates: true),"#,
            r#"(text: "I'll get my manager.", problem_solving: -1, feedback: "Not needed.", next: "done", escalates: true),
                (text: "I can't refund it, but I can reorder it.", problem_solving: 1, compassion: 1, feedback: "Kind, but not what they came for.", next: "left"),"#,
        )
    })
}
