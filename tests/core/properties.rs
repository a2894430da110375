//! Properties over every shipped scenario and over damaged files.

use std::sync::{Arc, OnceLock};

use frontline::engine::{Conversation, Step};
use frontline::scenario::{Scenario, load_bytes};
use frontline::scoring::score;
use proptest::prelude::*;

use super::support::{fixture_path, playable, shipped_files};

/// No conversation in the library should need more decisions than this.
const DECISION_BOUND: usize = 100;

fn library() -> &'static Vec<Arc<Scenario>> {
    static LIB: OnceLock<Vec<Arc<Scenario>>> = OnceLock::new();
    LIB.get_or_init(|| {
        let mut all: Vec<Arc<Scenario>> = shipped_files().iter().map(|p| playable(p)).collect();
        all.push(playable(&fixture_path("valid/minimal.ron")));
        all.push(playable(&fixture_path("valid/escalation-required.ron")));
        all
    })
}

/// Plays `picks` (each taken modulo the options on offer, the last option
/// being the timeout on a timed turn) until the conversation ends.
fn random_play(s: &Arc<Scenario>, seed: u64, picks: &[u16]) -> Conversation {
    let mut c = Conversation::start(Arc::clone(s), seed).unwrap();
    for &pick in picks.iter().cycle().take(DECISION_BOUND * 2) {
        let Step::Turn(view) = c.step().clone() else {
            break;
        };
        let options = view.choices.len() + usize::from(view.time_limit.is_some());
        let k = usize::from(pick) % options;
        if k < view.choices.len() {
            c.choose(k).unwrap();
        } else {
            c.time_out().unwrap();
        }
    }
    c
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    #[test]
    fn random_playthroughs_end_within_a_bound_with_scores_in_range_and_replay_identically(
        which in any::<prop::sample::Index>(),
        seed in any::<u64>(),
        picks in prop::collection::vec(any::<u16>(), 1..40),
    ) {
        let lib = library();
        let s = &lib[which.index(lib.len())];
        let c = random_play(s, seed, &picks);
        prop_assert!(c.is_over(), "{} did not end within {DECISION_BOUND} decisions", s.id);
        prop_assert!(c.transcript().turns.len() <= DECISION_BOUND);
        let card = score(s, c.transcript());
        for v in [card.skills.listening.score, card.skills.problem_solving.score, card.skills.compassion.score].into_iter().flatten() {
            prop_assert!(v <= 100);
        }
        prop_assert!(card.skills.escalation <= 100 && card.overall <= 100);
        for m in c.transcript().mood_curve() {
            prop_assert!((0..=100).contains(&m));
        }
        let again = random_play(s, seed, &picks);
        prop_assert_eq!(again.transcript(), c.transcript());
        prop_assert_eq!(score(s, again.transcript()), card);
    }

    #[test]
    fn the_analysis_range_contains_every_random_playthrough(
        which in any::<prop::sample::Index>(),
        picks in prop::collection::vec(any::<u16>(), 1..40),
    ) {
        let lib = library();
        let s = &lib[which.index(lib.len())];
        let a = analysis_of(s);
        let c = random_play(s, 0, &picks);
        let card = score(s, c.transcript());
        if a.exploration.complete {
            let r = a.exploration.overall.unwrap();
            prop_assert!(r.min <= card.overall && card.overall <= r.max,
                "{}: {} outside {}..={}", s.id, card.overall, r.min, r.max);
            prop_assert!(!card.passed || a.exploration.pass_reachable);
            prop_assert!(card.passed || a.exploration.fail_reachable);
            let e = card.skills.escalation;
            let er = a.exploration.escalation.unwrap();
            prop_assert!(er.min <= e && e <= er.max, "{}: escalation {e}", s.id);
        }
    }

    #[test]
    fn a_walk_out_or_a_critical_error_never_passes_and_the_debrief_leads_with_it(
        which in any::<prop::sample::Index>(),
        seed in any::<u64>(),
        picks in prop::collection::vec(any::<u16>(), 1..40),
    ) {
        let lib = library();
        let s = &lib[which.index(lib.len())];
        let c = random_play(s, seed, &picks);
        let card = score(s, c.transcript());
        let failed = card.verdict == Some(frontline::scenario::Verdict::Failed)
            || card.critical.is_some();
        if failed {
            prop_assert!(!card.passed, "{}: passed with {:?}", s.id, card.verdict);
            prop_assert!(card.overall <= frontline::scoring::FAILED_CEILING);
            prop_assert!(card.headline().is_some());
        }
        if card.verdict == Some(frontline::scenario::Verdict::Acceptable) {
            prop_assert!(card.overall <= frontline::scoring::ACCEPTABLE_CEILING);
        }
    }

    #[test]
    fn the_audit_plays_exactly_what_a_trainee_with_that_seed_would_see(
        which in any::<prop::sample::Index>(),
        seed in 0u64..32,
    ) {
        // "Always the first answer shown" replayed through the engine gives
        // the audit's own figure for that seed.
        let lib = library();
        let s = &lib[which.index(lib.len())];
        let mut c = Conversation::start(Arc::clone(s), seed).unwrap();
        while !c.is_over() && c.transcript().turns.len() < 80 {
            let Step::Turn(view) = c.step().clone() else { break };
            if view.choices.is_empty() {
                c.time_out().unwrap();
            } else {
                c.choose(0).unwrap();
            }
        }
        prop_assume!(c.is_over());
        let card = score(s, c.transcript());
        let a = analysis_of(s);
        let first = a.audit.strategies.iter()
            .find(|r| r.strategy == frontline::analysis::Strategy::FirstShown)
            .unwrap();
        prop_assert!(card.overall <= first.best_overall, "{}: seed {seed}", s.id);
        if seed == first.example.as_ref().unwrap().seed {
            prop_assert_eq!(card.overall, first.best_overall);
        }
    }
}

fn analysis_of(s: &Arc<Scenario>) -> Arc<frontline::analysis::Analysis> {
    use std::collections::HashMap;
    use std::sync::Mutex;
    static CACHE: OnceLock<Mutex<HashMap<String, Arc<frontline::analysis::Analysis>>>> =
        OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let mut map = cache.lock().unwrap();
    Arc::clone(
        map.entry(s.id.clone())
            .or_insert_with(|| Arc::new(frontline::analysis::analyze(s))),
    )
}

#[derive(Debug, Clone)]
enum Mutation {
    Flip(usize, u8),
    Delete(usize, usize),
    Insert(usize, Vec<u8>),
    Duplicate(usize, usize, usize),
    Truncate(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let bits = any::<usize>();
    prop_oneof![
        (bits, any::<u8>()).prop_map(|(p, b)| Mutation::Flip(p, b)),
        (bits, 1usize..40).prop_map(|(p, n)| Mutation::Delete(p, n)),
        (
            bits,
            prop::collection::vec(
                prop::sample::select(b"()[]{},:\"\\ 0123456789-aZ_\n/*#!r".to_vec()),
                1..12
            )
        )
            .prop_map(|(p, v)| Mutation::Insert(p, v)),
        (bits, bits, 1usize..200).prop_map(|(a, b, n)| Mutation::Duplicate(a, b, n)),
        bits.prop_map(Mutation::Truncate),
    ]
}

fn apply(bytes: &mut Vec<u8>, m: &Mutation) {
    let len = bytes.len().max(1);
    match m {
        Mutation::Flip(p, b) => {
            let i = p % len;
            if i < bytes.len() {
                bytes[i] ^= b;
            }
        }
        Mutation::Delete(p, n) => {
            let i = p % len;
            let end = (i + n).min(bytes.len());
            bytes.drain(i.min(end)..end);
        }
        Mutation::Insert(p, v) => {
            let i = p % (bytes.len() + 1);
            bytes.splice(i..i, v.iter().copied());
        }
        Mutation::Duplicate(a, b, n) => {
            let from = a % len;
            let end = (from + n).min(bytes.len());
            let chunk: Vec<u8> = bytes[from.min(end)..end].to_vec();
            let at = b % (bytes.len() + 1);
            bytes.splice(at..at, chunk);
        }
        Mutation::Truncate(p) => bytes.truncate(p % len),
    }
}

fn sources() -> &'static Vec<Vec<u8>> {
    static SRC: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
    SRC.get_or_init(|| {
        let mut files = shipped_files();
        files.push(fixture_path("valid/minimal.ron"));
        files.push(fixture_path("valid/escalation-required.ron"));
        files.iter().map(|p| std::fs::read(p).unwrap()).collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, .. ProptestConfig::default() })]

    #[test]
    fn the_loader_never_panics_on_a_damaged_scenario_file(
        which in any::<prop::sample::Index>(),
        mutations in prop::collection::vec(mutation(), 1..6),
        picks in prop::collection::vec(any::<u16>(), 1..10),
    ) {
        let src = sources();
        let mut bytes = src[which.index(src.len())].clone();
        for m in &mutations {
            apply(&mut bytes, m);
        }
        let loaded = load_bytes("mutated.ron", &bytes);
        // Whatever was loaded must be fully usable: renderable and, if valid, playable.
        let _ = loaded.report.render_plain();
        let _ = loaded.report.render_terminal(false);
        if let Some(s) = &loaded.scenario {
            let c = random_play(s, 1, &picks);
            let _ = score(s, c.transcript());
            let _ = frontline::analysis::analyze_with_budget(s, 2_000);
        } else {
            prop_assert!(loaded.report.error_count() > 0, "refused without saying why");
        }
    }
}
