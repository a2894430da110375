//! The conversation engine as a trainee experiences it.

use std::sync::Arc;

use frontline::engine::{Action, Conversation, EngineError, Step};
use frontline::scenario::Outcome;

use super::support::{fixture, play, shipped};

#[test]
fn the_same_seed_and_choices_replay_the_same_conversation() {
    let s = shipped("returns-desk-leaking-kettle");
    let a = play(&s, 42, &[2, 3, 2, 1, 3, 2, 1, 2]);
    let b = play(&s, 42, &[2, 3, 2, 1, 3, 2, 1, 2]);
    assert_eq!(a.transcript(), b.transcript());
}

#[test]
fn another_seed_changes_the_customers_wording_but_not_the_story() {
    let s = shipped("returns-desk-leaking-kettle");
    let base = play(&s, 0, &[2, 3, 2, 1, 3, 2, 1, 2]);
    let lines = |c: &Conversation| {
        c.transcript()
            .turns
            .iter()
            .map(|t| t.customer_line.clone())
            .collect::<Vec<_>>()
    };
    let differs =
        (1..50).any(|seed| lines(&play(&s, seed, &[2, 3, 2, 1, 3, 2, 1, 2])) != lines(&base));
    assert!(differs, "some seed should pick other line variants");
    let other = play(&s, 7, &[2, 3, 2, 1, 3, 2, 1, 2]);
    assert_eq!(other.transcript().actions(), base.transcript().actions());
    assert_eq!(
        other.transcript().mood_curve(),
        base.transcript().mood_curve()
    );
}

#[test]
fn each_step_says_what_to_show() {
    let s = shipped("returns-desk-leaking-kettle");
    let c = Conversation::start(Arc::clone(&s), 3).unwrap();
    let Step::Turn(view) = c.step() else {
        panic!("starts with a turn")
    };
    assert_eq!(view.node_id, "opening");
    assert!(s.nodes[0].say.contains(&view.line));
    assert_eq!(view.choices.len(), 5);
    assert_eq!(view.mood, 30, "Gary's starting mood");
    assert_eq!(view.time_limit, None);
    assert_eq!(view.turn, 0);
}

#[test]
fn letting_the_queue_timer_run_out_applies_the_timeout_consequence() {
    let s = shipped("returns-desk-leaking-kettle");
    let mut c = play(&s, 1, &[2, 3]);
    let Step::Turn(view) = c.step().clone() else {
        panic!()
    };
    assert_eq!(view.node_id, "queue");
    assert_eq!(view.time_limit, Some(15));
    let mood = view.mood;
    c.time_out().unwrap();
    let last = c.transcript().turns.last().unwrap();
    assert_eq!(last.action, Action::TimedOut);
    assert_eq!(last.effects.listening, -1);
    assert_eq!(
        last.mood_after,
        mood - 15,
        "-10 mood at the angry preset's 1.5 reactivity"
    );
    let Step::Turn(next) = c.step() else { panic!() };
    assert_eq!(next.node_id, "receipt");
}

#[test]
fn an_untimed_turn_cannot_time_out() {
    let s = shipped("returns-desk-leaking-kettle");
    let mut c = play(&s, 1, &[]);
    assert_eq!(c.time_out(), Err(EngineError::NotTimed));
}

#[test]
fn a_customer_pushed_past_their_limit_walks_out() {
    let s = fixture("valid/escalation-required.ron");
    let c = play(&s, 1, &[3, 1, 2]);
    let Step::Ended(end) = c.step() else {
        panic!("should have ended")
    };
    assert!(end.collapsed);
    assert_eq!(end.outcome, Outcome::CustomerLeft);
    assert_eq!(end.node_id, "hung_up");
    assert_eq!(c.transcript().end.as_ref().unwrap().mood, 0);
}

#[test]
fn a_choice_that_depends_on_having_listened_is_not_offered_to_someone_who_did_not() {
    let s = shipped("returns-desk-leaking-kettle");
    let listened = play(&s, 1, &[2, 3, 2, 1]);
    let skipped = play(&s, 1, &[1, 2, 1]);
    let offered = |c: &Conversation| match c.step() {
        Step::Turn(v) => {
            assert_eq!(v.node_id, "options");
            v.choices.iter().map(|c| c.text.clone()).collect::<Vec<_>>()
        }
        Step::Ended(_) => panic!("still talking"),
    };
    let second = "Since this is the second one to fail";
    assert!(offered(&listened).iter().any(|t| t.starts_with(second)));
    assert!(!offered(&skipped).iter().any(|t| t.starts_with(second)));
}

#[test]
fn asking_for_a_choice_that_is_not_on_offer_is_refused_and_changes_nothing() {
    let s = shipped("returns-desk-leaking-kettle");
    let mut c = play(&s, 1, &[]);
    assert_eq!(
        c.choose(9),
        Err(EngineError::NoSuchChoice {
            number: 10,
            offered: 5
        })
    );
    assert!(c.transcript().turns.is_empty());
}

#[test]
fn a_finished_conversation_takes_no_more_choices() {
    let s = fixture("valid/minimal.ron");
    let mut c = play(&s, 1, &[1, 1]);
    assert!(c.is_over());
    assert_eq!(c.choose(0), Err(EngineError::Finished));
}

#[test]
fn recorded_actions_replay_to_the_same_transcript() {
    let s = shipped("returns-desk-leaking-kettle");
    let original = play(&s, 99, &[1, 1, 3, 0, 1, 3, 3, 1, 2]);
    let mut replay = Conversation::start(Arc::clone(&s), 99).unwrap();
    for a in original.transcript().actions() {
        replay.apply_action(a).unwrap();
    }
    assert_eq!(replay.transcript(), original.transcript());
}

fn shown_order(c: &Conversation) -> Vec<usize> {
    match c.step() {
        Step::Turn(v) => v.choices.iter().map(|o| o.choice_index).collect(),
        Step::Ended(_) => Vec::new(),
    }
}

#[test]
fn the_same_seed_shows_the_choices_in_the_same_order() {
    let s = shipped("returns-desk-leaking-kettle");
    for seed in [0, 1, 99] {
        let a = Conversation::start(Arc::clone(&s), seed).unwrap();
        let b = Conversation::start(Arc::clone(&s), seed).unwrap();
        assert_eq!(shown_order(&a), shown_order(&b));
    }
}

#[test]
fn a_retry_with_a_new_seed_is_a_new_test_not_a_memory_test() {
    let s = shipped("returns-desk-leaking-kettle");
    let orders: std::collections::BTreeSet<Vec<usize>> = (0..20)
        .map(|seed| shown_order(&Conversation::start(Arc::clone(&s), seed).unwrap()))
        .collect();
    assert!(
        orders.len() >= 6,
        "20 seeds show only {} orders",
        orders.len()
    );
    // The customer's wording for a seed did not change when shuffling came in:
    // lines and order are drawn from separate streams.
    let a = play(&s, 5, &[2, 3, 2, 1, 3, 2, 1, 2]);
    let b = play(&s, 5, &[2, 3, 2, 1, 3, 2, 1, 2]);
    assert_eq!(a.transcript(), b.transcript());
}

#[test]
fn a_pinned_choice_keeps_its_place_and_a_scenario_can_keep_the_written_order() {
    let text = std::fs::read_to_string(super::support::fixture_path(
        "valid/escalation-required.ron",
    ))
    .unwrap();
    let pinned = text.replace(
        r#"(text: "Go on.", listening: 1,"#,
        r#"(text: "Go on.", pinned: true, listening: 1,"#,
    );
    let s = frontline::scenario::load_str("pinned.ron", &pinned)
        .scenario
        .expect("valid");
    for seed in 0..30 {
        let order = shown_order(&Conversation::start(Arc::clone(&s), seed).unwrap());
        assert_eq!(
            order[3], 3,
            "\"Go on.\" stays last with seed {seed}: {order:?}"
        );
    }
    let kept = text.replace(
        "    escalation: (\n",
        "    keep_choice_order: \"The fixture's comments refer to positions.\",\n    escalation: (\n",
    );
    let s = frontline::scenario::load_str("kept.ron", &kept)
        .scenario
        .expect("valid");
    for seed in 0..10 {
        assert_eq!(
            shown_order(&Conversation::start(Arc::clone(&s), seed).unwrap()),
            vec![0, 1, 2, 3]
        );
    }
}

#[test]
fn each_decision_says_what_happened_and_agrees_with_the_debrief() {
    let s = shipped("returns-desk-leaking-kettle");
    let mut c = Conversation::start(Arc::clone(&s), 3).unwrap();
    let mut verdicts = Vec::new();
    for n in [2, 1, 2, 1, 1, 4] {
        let p = c.position_of_written(n).unwrap();
        let result = c.choose(p).unwrap();
        assert_eq!(&result.record, c.transcript().turns.last().unwrap());
        assert!(!result.feedback.is_empty());
        verdicts.push(Some(result.verdict));
    }
    let card = frontline::scoring::score(&s, c.transcript());
    let debrief: Vec<_> = card.turns.iter().map(|t| t.verdict).collect();
    assert_eq!(verdicts, debrief, "learning mode and the debrief agree");
    use frontline::rules::ChoiceVerdict::*;
    assert_eq!(verdicts[0], Some(Best), "the apology and invitation");
    assert_eq!(verdicts[5], Some(Weak), "the unnecessary manager");
    // Wherever the debrief suggests a better option, the choice was not the best.
    for t in &card.turns {
        if t.better.is_some() {
            assert_ne!(t.verdict, Some(Best), "turn {}", t.turn);
        }
    }
}
