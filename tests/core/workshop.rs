//! A workshop as a coach and a room of phones live it: one story per rule
//! about votes, and the class debrief.

use frontline::rules::ChoiceVerdict;
use frontline::workshop::{Phase, Workshop, WorkshopError};

use super::support::shipped;

const CODE: &str = "K7MQ2X";

fn kettle_room() -> Workshop {
    Workshop::with_code(shipped("returns-desk-leaking-kettle"), 3, CODE.into()).unwrap()
}

/// A room where `n` phones have joined.
fn room_with(n: usize) -> (Workshop, Vec<String>) {
    let mut w = kettle_room();
    let phones = (0..n).map(|_| w.join(CODE).unwrap()).collect();
    (w, phones)
}

#[test]
fn a_changed_vote_replaces_the_first() {
    let (mut w, phones) = room_with(2);
    w.open_vote().unwrap();
    w.vote(CODE, &phones[0], 1, 0).unwrap();
    w.vote(CODE, &phones[0], 1, 2).unwrap();
    w.vote(CODE, &phones[1], 1, 2).unwrap();
    let tally = w.tally();
    assert_eq!(tally.iter().sum::<u32>(), 2, "one vote per phone");
    assert_eq!(tally[2], 2);
    assert_eq!(w.room_view(Some(&phones[0])).my_vote, Some(2));
}

#[test]
fn a_vote_after_the_close_is_refused_and_changes_nothing() {
    let (mut w, phones) = room_with(2);
    w.open_vote().unwrap();
    w.vote(CODE, &phones[0], 1, 1).unwrap();
    w.close_vote().unwrap();
    let before = (w.tally(), w.version());
    assert_eq!(
        w.vote(CODE, &phones[1], 1, 0),
        Err(WorkshopError::VotingClosed)
    );
    assert_eq!(
        w.vote(CODE, &phones[0], 1, 0),
        Err(WorkshopError::VotingClosed),
        "not even a change of mind"
    );
    assert_eq!((w.tally(), w.version()), before);
}

#[test]
fn a_wrong_code_an_unknown_phone_or_a_missing_choice_changes_nothing() {
    let (mut w, phones) = room_with(1);
    w.open_vote().unwrap();
    let before = (w.tally(), w.version());
    assert_eq!(
        w.vote("AAAAAA", &phones[0], 1, 0),
        Err(WorkshopError::WrongCode)
    );
    assert_eq!(
        w.vote(CODE, "made-up-token", 1, 0),
        Err(WorkshopError::UnknownDevice)
    );
    assert_eq!(
        w.vote(CODE, &phones[0], 1, 99),
        Err(WorkshopError::NoSuchChoice(100))
    );
    assert_eq!(w.join("WRONG1"), Err(WorkshopError::WrongCode));
    assert_eq!((w.tally(), w.version()), before);
    assert_eq!(w.devices(), 1);
}

#[test]
fn a_phone_still_showing_the_last_turn_cannot_vote_on_the_next() {
    let (mut w, phones) = room_with(1);
    w.open_vote().unwrap();
    w.vote(CODE, &phones[0], 1, 0).unwrap();
    w.close_vote().unwrap();
    w.play_majority().unwrap();
    w.open_vote().unwrap();
    assert_eq!(
        w.vote(CODE, &phones[0], 1, 1),
        Err(WorkshopError::WrongTurn { got: 1, current: 2 })
    );
    assert_eq!(w.tally().iter().sum::<u32>(), 0);
}

#[test]
fn the_room_code_is_typed_in_any_case_and_with_spaces() {
    let mut w = kettle_room();
    assert!(w.join("k7m q2x").is_ok());
    let fresh = frontline::workshop::new_room_code();
    assert_eq!(fresh.len(), frontline::workshop::CODE_LEN);
    assert!(
        !fresh.contains(['0', 'O', '1', 'I', 'L', '5', 'S']),
        "nothing to misread on a projector: {fresh}"
    );
}

#[test]
fn the_split_stays_hidden_until_the_reveal_unless_the_coach_shows_it_live() {
    let (mut w, phones) = room_with(3);
    w.open_vote().unwrap();
    for p in &phones {
        w.vote(CODE, p, 1, 1).unwrap();
    }
    let view = w.room_view(Some(&phones[0]));
    assert_eq!(view.tally, None, "hidden while the vote is open");
    assert_eq!(view.votes, 3, "but the count arrives");
    w.set_live(true);
    assert!(w.room_view(None).tally.is_some());
    w.set_live(false);
    w.close_vote().unwrap();
    assert_eq!(w.room_view(None).tally, None, "closed is not revealed");
    w.reveal().unwrap();
    let view = w.room_view(None);
    assert_eq!(view.phase, Phase::Revealed);
    assert_eq!(view.tally.unwrap()[1], 3);
}

#[test]
fn the_rooms_choice_is_played_and_a_tie_goes_to_the_option_shown_first() {
    let (mut w, phones) = room_with(4);
    w.open_vote().unwrap();
    w.vote(CODE, &phones[0], 1, 2).unwrap();
    w.vote(CODE, &phones[1], 1, 2).unwrap();
    w.vote(CODE, &phones[2], 1, 1).unwrap();
    w.vote(CODE, &phones[3], 1, 1).unwrap();
    assert!(w.tied());
    assert_eq!(w.majority(), Some(1), "shown first among the tied");
    w.reveal().unwrap();
    let played = w.play_majority().unwrap().unwrap();
    let shown_second = w.debrief().turns[0].options[1].0.clone();
    assert_eq!(played.record.said, shown_second);
    assert_eq!(w.phase(), Phase::Waiting);
    assert_eq!(w.turn(), 2);
}

#[test]
fn with_nobody_voting_there_is_no_majority_and_the_coach_plays_any_option() {
    let (mut w, _) = room_with(0);
    w.open_vote().unwrap();
    w.close_vote().unwrap();
    assert_eq!(w.majority(), None);
    assert!(w.play_majority().unwrap().is_none());
    w.play(0).unwrap();
    assert_eq!(w.turn(), 2);
}

#[test]
fn the_coach_cannot_play_while_the_room_is_still_voting() {
    let (mut w, _) = room_with(1);
    w.open_vote().unwrap();
    assert!(matches!(w.play(0), Err(WorkshopError::OutOfOrder { .. })));
    assert!(matches!(
        w.open_vote(),
        Err(WorkshopError::OutOfOrder { .. })
    ));
}

#[test]
fn the_coachs_notes_say_what_the_debrief_says_of_each_option() {
    let (mut w, _) = room_with(0);
    let notes = w.coach_notes();
    assert!(notes.iter().any(|n| n.verdict == ChoiceVerdict::Best));
    for n in &notes {
        let mut trial = w.clone();
        let result = trial.play(n.position).unwrap();
        assert_eq!(result.verdict, n.verdict, "{}", n.text);
        assert_eq!(result.feedback, n.feedback);
    }
    // Play the best option and check the debrief agrees.
    let best = notes
        .iter()
        .find(|n| n.verdict == ChoiceVerdict::Best)
        .unwrap();
    w.play(best.position).unwrap();
    let card = w.debrief().scorecard;
    assert_eq!(card.turns[0].verdict, Some(ChoiceVerdict::Best));
}

#[test]
fn the_class_debrief_leads_with_the_turn_where_the_room_went_wrong() {
    let (mut w, phones) = room_with(5);
    // Turn 1: everyone picks the best option.
    let best = |w: &Workshop| {
        w.coach_notes()
            .into_iter()
            .find(|n| n.verdict == ChoiceVerdict::Best)
            .unwrap()
            .position
    };
    let weak = |w: &Workshop| {
        w.coach_notes()
            .into_iter()
            .find(|n| matches!(n.verdict, ChoiceVerdict::Weak | ChoiceVerdict::Critical))
            .map(|n| n.position)
    };
    w.open_vote().unwrap();
    let b = best(&w);
    for p in &phones {
        w.vote(CODE, p, 1, b).unwrap();
    }
    w.reveal().unwrap();
    w.play_majority().unwrap();
    // Turn 2: most of the room picks a weak option; the coach plays the best
    // one instead, to discuss.
    w.open_vote().unwrap();
    let wrong = weak(&w).expect("turn 2 has a weak option");
    let b = best(&w);
    for p in &phones[..4] {
        w.vote(CODE, p, 2, wrong).unwrap();
    }
    w.vote(CODE, &phones[4], 2, b).unwrap();
    w.reveal().unwrap();
    w.play(b).unwrap();
    let d = w.debrief();
    let first = d.highlights()[0];
    assert_eq!(first.turn, 2);
    assert!(first.room_went_wrong());
    assert!(first.what_if(), "the coach played something else");
    assert!((first.wrong_share() - 0.8).abs() < 1e-9);
    let md = frontline::report::workshop::markdown(&d);
    assert!(md.contains("Talk about these first"), "{md}");
    assert!(
        md.contains("- Turn 2: the room's choice was judged"),
        "{md}"
    );
    let csv = frontline::report::workshop::csv(&d).unwrap();
    assert!(csv.starts_with("turn,position,option,verdict,votes,voted,room_choice,played"));
    assert!(frontline::report::workshop::html(&d).contains("<h2>Talk about these first</h2>"));
}

#[test]
fn the_rooms_statements_are_one_per_turn_and_pass_learning_lockers_validator() {
    let (mut w, phones) = room_with(3);
    for turn in 1..=3 {
        w.open_vote().unwrap();
        for p in &phones {
            w.vote(CODE, p, turn, 0).unwrap();
        }
        w.reveal().unwrap();
        let best = w
            .coach_notes()
            .into_iter()
            .find(|n| n.verdict == ChoiceVerdict::Best)
            .unwrap()
            .position;
        w.play(best).unwrap();
    }
    let d = w.debrief();
    let all = frontline::report::xapi::workshop_statements(
        &d,
        &frontline::report::xapi::XapiConfig::default(),
    );
    assert_eq!(all.len(), 3);
    assert_eq!(all[0]["actor"]["objectType"], "Group");
    assert!(
        all[0]["actor"].get("member").is_none(),
        "no names: the room is one anonymous group"
    );
    let split = &all[0]["result"]["extensions"]["https://frontline-training.org/xapi/extensions/room-split"];
    assert_eq!(
        split
            .as_object()
            .unwrap()
            .values()
            .filter_map(|v| v.as_u64())
            .sum::<u64>(),
        3
    );
    super::support::assert_valid_xapi(&all, "workshop");
}
