//! One story per validation rule, each with its own broken fixture under
//! tests/fixtures/invalid/, plus the promise that every problem in a file is
//! reported in one run.

use frontline::analysis::{analyze, check_warnings};
use frontline::scenario::load::place;
use frontline::scenario::{Diagnostic, Severity};

use super::support::{fixture_path, load};

/// Loads a fixture, adds the analysis warnings as `frontline check` does, and returns every diagnostic.
fn diagnostics(name: &str) -> Vec<Diagnostic> {
    let path = fixture_path(&format!("invalid/{name}.ron"));
    let mut loaded = load(&path);
    if let Some(s) = &loaded.scenario {
        let mut extra = check_warnings(s, &analyze(s));
        place(&loaded.report.source, &mut extra);
        loaded.report.diagnostics.extend(extra);
    }
    loaded.report.diagnostics
}

/// Asserts the fixture reports `code` with a location, and returns that diagnostic.
fn reports(name: &str, code: &str, severity: Severity) -> Diagnostic {
    let all = diagnostics(name);
    let d = all
        .iter()
        .find(|d| d.code == code)
        .unwrap_or_else(|| panic!("{name}.ron should report `{code}`, got {all:#?}"))
        .clone();
    assert_eq!(d.severity, severity, "severity of `{code}` in {name}.ron");
    assert!(
        d.location.is_some(),
        "`{code}` in {name}.ron should have a line and column: {d:#?}"
    );
    assert!(
        d.hint.is_some(),
        "`{code}` in {name}.ron should carry a hint"
    );
    d
}

fn line_of(d: &Diagnostic) -> usize {
    d.location.expect("located").line
}

#[test]
fn a_missing_comma_is_reported_at_its_line_with_a_hint() {
    let d = reports("syntax", "syntax", Severity::Error);
    assert_eq!(
        line_of(&d),
        6,
        "ron reports the token after the missing comma"
    );
    assert!(d.message.contains("comma"), "{d:?}");
}

#[test]
fn a_misspelt_field_suggests_the_right_name() {
    let d = reports("unknown-field", "syntax", Severity::Error);
    assert_eq!(line_of(&d), 11);
    assert!(
        d.hint
            .as_deref()
            .unwrap()
            .contains("did you mean `difficulty`"),
        "{d:?}"
    );
}

#[test]
fn a_missing_required_field_is_named() {
    let d = reports("missing-field", "syntax", Severity::Error);
    assert!(d.message.contains("setting"), "{d:?}");
}

#[test]
fn an_unknown_persona_lists_the_allowed_ones() {
    let d = reports("unknown-persona", "syntax", Severity::Error);
    assert!(d.hint.as_deref().unwrap().contains("charming"), "{d:?}");
}

#[test]
fn a_duplicate_node_id_points_at_the_second_node() {
    let d = reports("duplicate-id", "duplicate-id", Severity::Error);
    assert_eq!(line_of(&d), 34);
}

#[test]
fn a_choice_pointing_nowhere_gets_its_field_path_and_a_suggestion() {
    let d = reports("unknown-node", "unknown-node", Severity::Error);
    assert_eq!(d.path.as_deref(), Some(r#"nodes["hello"].choices[1].next"#));
    let loc = d.location.unwrap();
    assert_eq!((loc.line, loc.column), (22, 98));
    assert_eq!(d.hint.as_deref(), Some(r#"did you mean "ask"?"#));
}

#[test]
fn a_node_nothing_leads_to_is_unreachable() {
    let d = reports("unreachable-node", "unreachable-node", Severity::Warning);
    assert_eq!(d.path.as_deref(), Some(r#"nodes["orphan"]"#));
}

#[test]
fn an_ending_no_path_reaches_is_reported_once() {
    let all = diagnostics("unreachable-ending");
    reports(
        "unreachable-ending",
        "unreachable-ending",
        Severity::Warning,
    );
    let about: Vec<_> = all
        .iter()
        .filter(|d| d.message.contains("\"forgotten\""))
        .collect();
    assert_eq!(about.len(), 1, "one warning, not one per rule: {all:#?}");
}

#[test]
fn a_node_without_choices_that_is_not_an_ending_is_a_dead_end() {
    let d = reports("dead-end", "dead-end", Severity::Error);
    assert_eq!(d.path.as_deref(), Some(r#"nodes["stuck"]"#));
}

#[test]
fn a_loop_with_no_ending_is_a_trap() {
    let all = diagnostics("no-way-out");
    let trapped: Vec<_> = all.iter().filter(|d| d.code == "no-way-out").collect();
    assert_eq!(trapped.len(), 2, "both nodes of the loop: {all:#?}");
}

#[test]
fn a_condition_on_a_flag_nothing_sets_suggests_the_flag_that_exists() {
    let d = reports("unset-flag", "unset-flag", Severity::Error);
    assert_eq!(d.hint.as_deref(), Some(r#"did you mean "heard"?"#));
}

#[test]
fn values_out_of_range_are_each_reported() {
    let all = diagnostics("out-of-range");
    let paths: Vec<_> = all
        .iter()
        .filter(|d| d.code == "out-of-range")
        .filter_map(|d| d.path.clone())
        .collect();
    assert_eq!(paths, ["difficulty", r#"nodes["hello"].choices[0].mood"#]);
}

#[test]
fn empty_texts_are_each_reported() {
    let all = diagnostics("empty-text");
    let n = all.iter().filter(|d| d.code == "empty-text").count();
    assert_eq!(n, 2, "{all:#?}");
    reports("empty-text", "empty-text", Severity::Error);
}

#[test]
fn required_escalation_with_no_escalating_choice_contradicts_the_graph() {
    reports(
        "escalation-impossible",
        "escalation-impossible",
        Severity::Error,
    );
}

#[test]
fn required_escalation_must_say_when_it_becomes_appropriate() {
    reports(
        "escalation-rubric-incomplete",
        "escalation-rubric-incomplete",
        Severity::Error,
    );
}

#[test]
fn a_rubric_timing_an_escalation_that_is_not_required_is_flagged() {
    reports(
        "escalation-rubric-contradiction",
        "escalation-rubric-contradiction",
        Severity::Warning,
    );
}

#[test]
fn the_collapse_ending_must_be_an_ending() {
    reports(
        "collapse-not-ending",
        "collapse-not-ending",
        Severity::Error,
    );
}

#[test]
fn a_customer_who_starts_collapsed_is_an_error() {
    reports("collapse-at-start", "collapse-at-start", Severity::Error);
}

#[test]
fn an_ending_with_choices_is_an_error() {
    reports(
        "ending-with-choices",
        "ending-with-choices",
        Severity::Error,
    );
}

#[test]
fn a_newer_format_version_is_refused_clearly() {
    reports(
        "unsupported-version",
        "unsupported-version",
        Severity::Error,
    );
}

#[test]
fn a_scenario_id_with_spaces_is_refused() {
    reports("bad-id", "bad-id", Severity::Error);
}

#[test]
fn two_choices_with_the_same_text_are_flagged() {
    reports("duplicate-choice", "duplicate-choice", Severity::Warning);
}

#[test]
fn a_node_where_the_customer_says_nothing_is_an_error() {
    reports("no-line", "no-line", Severity::Error);
}

#[test]
fn a_condition_nested_too_deep_is_refused() {
    reports("condition-too-deep", "condition-too-deep", Severity::Error);
}

#[test]
fn brackets_nested_beyond_the_limit_are_refused_before_parsing() {
    reports("nesting-too-deep", "nesting-too-deep", Severity::Error);
}

#[test]
fn a_file_that_is_not_utf8_is_reported_not_panicked_on() {
    let d = reports("not-utf8", "not-utf8", Severity::Error);
    assert_eq!(line_of(&d), 5);
}

#[test]
fn a_file_larger_than_the_limit_is_refused() {
    let big = format!(
        "// {}\n",
        "x".repeat(frontline::scenario::load::MAX_FILE_BYTES)
    );
    let loaded = frontline::scenario::load_str("big.ron", &big);
    assert_eq!(loaded.report.diagnostics[0].code, "file-too-large");
    assert!(loaded.scenario.is_none());
}

#[test]
fn a_scenario_no_one_can_fail_is_flagged_by_check() {
    reports("cannot-fail", "cannot-fail", Severity::Warning);
}

#[test]
fn a_scenario_no_one_can_pass_is_flagged_by_check() {
    reports("cannot-pass", "cannot-pass", Severity::Warning);
}

#[test]
fn a_file_with_several_mistakes_gets_all_of_them_each_with_its_location() {
    let all = diagnostics("several-mistakes");
    let found: Vec<(&str, usize)> = all.iter().map(|d| (d.code, line_of(d))).collect();
    assert_eq!(
        found,
        [
            ("out-of-range", 11),
            ("unknown-node", 22),
            ("empty-text", 27),
            ("unset-flag", 29)
        ],
        "every mistake, in file order, each with its line"
    );
}

#[test]
fn the_plain_rendering_shows_file_line_column_the_line_and_a_caret() {
    let loaded = load(&fixture_path("invalid/unknown-node.ron"));
    let text = loaded.report.render_plain();
    let mut lines = text.lines();
    let first = lines.next().unwrap();
    assert!(
        first.ends_with(
            r#"unknown-node.ron:22:98: error[unknown-node]: there is no node with id "aks""#
        ),
        "{text}"
    );
    assert!(
        text.contains(r#"next: "aks""#),
        "shows the offending line: {text}"
    );
    let caret = text
        .lines()
        .find(|l| l.contains('^'))
        .expect("a caret line");
    assert_eq!(
        caret.trim_end().chars().filter(|c| *c == '^').count(),
        5,
        "caret under \"aks\": {text}"
    );
    assert!(text.contains("hint: did you mean \"ask\"?"), "{text}");
}

#[test]
fn every_broken_fixture_fails_to_load_or_warns() {
    for entry in std::fs::read_dir(fixture_path("invalid")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        assert!(
            !diagnostics(&name).is_empty(),
            "{name}.ron should report something"
        );
    }
}

#[test]
fn the_valid_fixtures_are_clean() {
    for name in ["valid/minimal.ron", "valid/escalation-required.ron"] {
        let loaded = load(&fixture_path(name));
        let s = loaded.scenario.as_ref().expect("playable");
        // Two-turn fixtures are gameable by chance by their nature; the audit
        // has its own stories in tests/core/audit.rs.
        let warnings: Vec<_> = check_warnings(s, &analyze(s))
            .into_iter()
            .filter(|d| d.code != "gameable" && d.code != "longest-is-best")
            .collect();
        assert!(
            loaded.report.diagnostics.is_empty() && warnings.is_empty(),
            "{name}: {}\n{warnings:#?}",
            loaded.report.render_plain()
        );
    }
}

#[test]
fn a_node_where_no_choice_can_be_offered_is_flagged_as_a_stall() {
    let d = reports("stall", "stall", Severity::Warning);
    assert_eq!(d.path.as_deref(), Some(r#"nodes["ask"]"#));
}

#[test]
fn an_old_pack_whose_walk_out_has_no_verdict_is_told_it_now_fails() {
    let d = reports("verdict-defaulted", "verdict-defaulted", Severity::Warning);
    assert_eq!(d.path.as_deref(), Some(r#"nodes["left"].ending.outcome"#));
    assert!(d.message.contains("customer_left"), "{}", d.message);
}

#[test]
fn a_critical_error_without_a_reason_is_an_error() {
    let d = reports(
        "critical-without-reason",
        "critical-without-reason",
        Severity::Error,
    );
    assert_eq!(
        d.path.as_deref(),
        Some(r#"nodes["ask"].choices[1].critical.reason"#)
    );
}

#[test]
fn a_window_only_the_single_best_answer_opens_is_flagged() {
    let d = reports(
        "fragile-escalation-window",
        "fragile-escalation-window",
        Severity::Warning,
    );
    assert!(d.message.contains(r#""heard""#), "{}", d.message);
    assert_eq!(d.path.as_deref(), Some("escalation.appropriate_when"));
}

#[test]
fn a_window_with_another_way_in_through_any_is_not_flagged() {
    // escalation-required.ron: "heard" and "checked" are each set by two answers.
    let loaded = load(&fixture_path("valid/escalation-required.ron"));
    assert!(
        !loaded
            .report
            .diagnostics
            .iter()
            .any(|d| d.code == "fragile-escalation-window"),
        "{}",
        loaded.report.render_plain()
    );
}

#[test]
fn a_notepad_file_with_a_byte_order_mark_loads_cleanly() {
    let plain = std::fs::read(fixture_path("valid/minimal.ron")).unwrap();
    let mut with_bom = vec![0xEF, 0xBB, 0xBF];
    with_bom.extend_from_slice(&plain);
    let loaded = frontline::scenario::load_bytes("bom.ron", &with_bom);
    assert!(
        loaded.scenario.is_some() && loaded.report.diagnostics.is_empty(),
        "{}",
        loaded.report.render_plain()
    );
    // And a mistake in such a file is still placed where the author sees it.
    let d = reports("bom-unknown-node", "unknown-node", Severity::Error);
    let plain_line = diagnostics("unknown-node")
        .into_iter()
        .find(|d| d.code == "unknown-node")
        .unwrap()
        .location
        .unwrap();
    assert_eq!(d.location.unwrap().line, plain_line.line);
    assert_eq!(d.location.unwrap().column, plain_line.column);
}

#[test]
fn a_windows_file_with_crlf_line_endings_keeps_its_lines_and_columns() {
    let d = reports("crlf-unknown-node", "unknown-node", Severity::Error);
    let plain = diagnostics("unknown-node")
        .into_iter()
        .find(|d| d.code == "unknown-node")
        .unwrap()
        .location
        .unwrap();
    let crlf = d.location.unwrap();
    assert_eq!((crlf.line, crlf.column), (plain.line, plain.column));
    let text = std::fs::read(fixture_path("invalid/crlf-unknown-node.ron")).unwrap();
    assert!(
        text.windows(2).any(|w| w == b"\r\n"),
        "the fixture keeps its CRLF endings"
    );
}

#[test]
fn a_choice_that_sets_more_flags_than_the_rules_can_undo_is_an_error() {
    let text = std::fs::read_to_string(fixture_path("valid/minimal.ron")).unwrap();
    let many: Vec<String> = (0..65).map(|i| format!("\"f{i}\"")).collect();
    let broken = text.replace(
        r#"sets: ["heard"]"#,
        &format!(r#"sets: ["heard", {}]"#, many.join(", ")),
    );
    let loaded = frontline::scenario::load_str("many-flags.ron", &broken);
    assert!(loaded.scenario.is_none(), "not playable");
    let d = loaded
        .report
        .diagnostics
        .iter()
        .find(|d| d.code == "too-many-flags")
        .expect("too-many-flags");
    assert_eq!(d.path.as_deref(), Some(r#"nodes["hello"].choices[0].sets"#));
    assert!(d.location.is_some());
}

#[test]
fn a_handle_without_an_at_sign_is_named_at_its_field() {
    let d = reports("bad-handle", "bad-handle", Severity::Error);
    assert_eq!(d.path.as_deref(), Some("social.handle"));
    assert!(d.message.contains("rosie b"), "{d:?}");
}

#[test]
fn a_private_node_in_a_chat_is_pointed_out() {
    let d = reports(
        "private-off-social",
        "private-off-social",
        Severity::Warning,
    );
    assert_eq!(d.path.as_deref(), Some(r#"nodes["ask"].private"#));
}

#[test]
fn a_social_media_scenario_without_its_thread_is_warned_about() {
    reports(
        "social-thread-missing",
        "social-thread-missing",
        Severity::Warning,
    );
}
