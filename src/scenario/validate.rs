//! Semantic checks on a parsed scenario. Every rule reports every problem it
//! finds, each with a field path; the loader adds line and column.

use std::collections::{HashMap, HashSet, VecDeque};

use super::diagnostic::Diagnostic;
use super::load::{closest, node_path};
use super::locate::FieldPath;
use super::model::{Condition, Effects, FORMAT_VERSION, Scenario};

/// Skill points a single choice may give or take.
pub const SKILL_RANGE: std::ops::RangeInclusive<i32> = -5..=5;
/// Mood change a single choice may cause, before reactivity.
pub const MOOD_DELTA_RANGE: std::ops::RangeInclusive<i32> = -50..=50;
/// Mood values.
pub const MOOD_RANGE: std::ops::RangeInclusive<i32> = 0..=100;
/// Seconds a time limit may give.
pub const SECONDS_RANGE: std::ops::RangeInclusive<u32> = 1..=600;
/// The most flags one choice or timeout may set: the rules undo a move's
/// flags from a 64-bit mask.
pub const MAX_SETS: usize = 64;
/// Deepest condition nesting accepted.
pub const MAX_CONDITION_DEPTH: usize = 16;

/// Runs every semantic rule and returns all problems found.
pub fn validate(s: &Scenario) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    check_metadata(s, &mut out);
    check_nodes(s, &mut out);
    check_graph(s, &mut out);
    check_flags(s, &mut out);
    check_escalation(s, &mut out);
    super::assessment_checks::check_assessment(s, &mut out);
    out
}

fn root() -> FieldPath {
    FieldPath::root()
}

// Paths are built only when there is something to report: validation of a
// clean library allocates almost nothing.
fn empty(out: &mut Vec<Diagnostic>, text: &str, path: impl FnOnce() -> FieldPath, what: &str) {
    if text.trim().is_empty() {
        out.push(
            Diagnostic::error("empty-text", format!("{what} is empty"))
                .at(path())
                .hint(format!("write the {what}")),
        );
    }
}

fn range<T: PartialOrd + std::fmt::Display + Copy>(
    out: &mut Vec<Diagnostic>,
    value: T,
    allowed: std::ops::RangeInclusive<T>,
    path: impl FnOnce() -> FieldPath,
    what: &str,
) {
    if !allowed.contains(&value) {
        out.push(
            Diagnostic::error(
                "out-of-range",
                format!(
                    "{what} is {value}, outside {}..={}",
                    allowed.start(),
                    allowed.end()
                ),
            )
            .at(path())
            .hint(format!(
                "use a value from {} to {}",
                allowed.start(),
                allowed.end()
            )),
        );
    }
}

fn check_metadata(s: &Scenario, out: &mut Vec<Diagnostic>) {
    if s.format_version != FORMAT_VERSION {
        out.push(
            Diagnostic::error(
                "unsupported-version",
                format!(
                    "format_version {} is not supported by this frontline",
                    s.format_version
                ),
            )
            .at(root().field("format_version"))
            .hint(format!("this build reads format_version {FORMAT_VERSION}")),
        );
    }
    if s.id.is_empty()
        || !s
            .id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
    {
        out.push(
            Diagnostic::error(
                "bad-id",
                format!("the scenario id {:?} is not usable", s.id),
            )
            .at(root().field("id"))
            .hint("use lower-case letters, digits and dashes, e.g. \"bank-branch-fee\""),
        );
    }
    empty(out, &s.title, || root().field("title"), "title");
    empty(out, &s.briefing, || root().field("briefing"), "briefing");
    if s.premise.trim().is_empty() {
        out.push(
            Diagnostic::warning(
                "no-premise",
                "the scenario has no premise for its library card",
            )
            .at(root().field("premise"))
            .hint("add `premise: \"...\"`: one line that makes a trainee want to play it"),
        );
    }
    empty(out, &s.setting, || root().field("setting"), "setting");
    empty(
        out,
        &s.customer.name,
        || root().field("customer").field("name"),
        "customer name",
    );
    empty(
        out,
        &s.customer.description,
        || root().field("customer").field("description"),
        "customer description",
    );
    range(
        out,
        s.difficulty,
        1..=5,
        || root().field("difficulty"),
        "difficulty",
    );
    range(
        out,
        s.estimated_minutes,
        1..=120,
        || root().field("estimated_minutes"),
        "estimated_minutes",
    );
    for (i, o) in s.objectives.iter().enumerate() {
        empty(
            out,
            o,
            || root().field("objectives").index(i),
            "learning objective",
        );
    }
    if let Some(m) = s.customer.mood {
        range(
            out,
            m,
            MOOD_RANGE,
            || root().field("customer").field("mood"),
            "starting mood",
        );
    }
    if let Some(r) = s.mood.reactivity
        && !(r.is_finite() && (0.1..=3.0).contains(&r))
    {
        out.push(
            Diagnostic::error(
                "out-of-range",
                format!("reactivity is {r}, outside 0.1..=3.0"),
            )
            .at(root().field("mood").field("reactivity"))
            .hint("1.0 is an average customer; the persona presets use 0.8 to 1.5"),
        );
    }
    range(
        out,
        s.mood.collapse_at,
        0..=90,
        || root().field("mood").field("collapse_at"),
        "collapse_at",
    );
    if s.starting_mood() <= s.mood.collapse_at {
        out.push(
            Diagnostic::error(
                "collapse-at-start",
                format!(
                    "the starting mood {} is already at or below collapse_at {}",
                    s.starting_mood(),
                    s.mood.collapse_at
                ),
            )
            .at(root().field("mood").field("collapse_at"))
            .hint("raise the customer's starting mood or lower collapse_at"),
        );
    }
    range(
        out,
        s.scoring.pass_mark,
        0..=100,
        || root().field("scoring").field("pass_mark"),
        "pass_mark",
    );
    let w = s.scoring.weights;
    let weights = [
        ("listening", w.listening),
        ("problem_solving", w.problem_solving),
        ("compassion", w.compassion),
        ("escalation", w.escalation),
    ];
    for (name, value) in weights {
        if !(value.is_finite() && (0.0..=10.0).contains(&value)) {
            out.push(
                Diagnostic::error(
                    "out-of-range",
                    format!("the weight of {name} is {value}, outside 0..=10"),
                )
                .at(root().field("scoring").field("weights"))
                .hint("weights are relative; 1.0 each counts every skill the same"),
            );
        }
    }
    if weights.iter().all(|(_, v)| *v <= 0.0) {
        out.push(
            Diagnostic::error("out-of-range", "every skill weight is zero")
                .at(root().field("scoring").field("weights"))
                .hint("give at least one skill a positive weight"),
        );
    }
}

fn check_effects(out: &mut Vec<Diagnostic>, e: Effects, path: &dyn Fn() -> FieldPath) {
    range(
        out,
        e.listening,
        SKILL_RANGE,
        || path().field("listening"),
        "listening",
    );
    range(
        out,
        e.problem_solving,
        SKILL_RANGE,
        || path().field("problem_solving"),
        "problem_solving",
    );
    range(
        out,
        e.compassion,
        SKILL_RANGE,
        || path().field("compassion"),
        "compassion",
    );
    range(
        out,
        e.mood,
        MOOD_DELTA_RANGE,
        || path().field("mood"),
        "mood change",
    );
}

fn unknown_node(
    s: &Scenario,
    target: &str,
    path: impl FnOnce() -> FieldPath,
    out: &mut Vec<Diagnostic>,
) {
    if s.node(target).is_none() {
        let ids: Vec<&str> = s.nodes.iter().map(|n| n.id.as_str()).collect();
        let hint = match closest(target, &ids) {
            Some(c) => format!("did you mean \"{c}\"?"),
            None => "add a node with this id or point to an existing one".to_string(),
        };
        out.push(
            Diagnostic::error(
                "unknown-node",
                format!("there is no node with id {target:?}"),
            )
            .at(path())
            .hint(hint),
        );
    }
}

fn check_nodes(s: &Scenario, out: &mut Vec<Diagnostic>) {
    unknown_node(s, &s.start, || root().field("start"), out);
    match s.node(&s.mood.collapse_ending) {
        None => unknown_node(
            s,
            &s.mood.collapse_ending,
            || root().field("mood").field("collapse_ending"),
            out,
        ),
        Some(n) if !n.is_ending() => out.push(
            Diagnostic::error(
                "collapse-not-ending",
                format!(
                    "collapse_ending {:?} is not an ending node",
                    s.mood.collapse_ending
                ),
            )
            .at(root().field("mood").field("collapse_ending"))
            .hint("point it at an ending whose outcome is customer_left"),
        ),
        Some(_) => {}
    }

    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, node) in s.nodes.iter().enumerate() {
        let path = root().field("nodes").index(i);
        if node.id.trim().is_empty() {
            empty(out, &node.id, || path.field("id"), "node id");
            continue;
        }
        if let Some(first) = seen.insert(node.id.as_str(), i) {
            out.push(
                Diagnostic::error(
                    "duplicate-id",
                    format!(
                        "node id {:?} is used twice (first by nodes[{first}])",
                        node.id
                    ),
                )
                .at(path.field("id"))
                .hint("rename one of the nodes; ids must be unique"),
            );
        }
    }

    for node in &s.nodes {
        let path = node_path(&node.id);
        for (v, text) in node.say.iter().enumerate() {
            empty(out, text, || path.field("say").index(v), "customer line");
        }
        if let Some(ending) = &node.ending {
            empty(
                out,
                &ending.text,
                || path.field("ending").field("text"),
                "ending text",
            );
            if !node.choices.is_empty() {
                out.push(
                    Diagnostic::error(
                        "ending-with-choices",
                        format!("ending {:?} also has choices", node.id),
                    )
                    .at(path.field("choices"))
                    .hint("an ending closes the conversation: remove its choices or its `ending`"),
                );
            }
            if node.time_limit.is_some() {
                out.push(
                    Diagnostic::warning(
                        "ending-with-time-limit",
                        format!("ending {:?} has a time limit that never runs", node.id),
                    )
                    .at(path.field("time_limit"))
                    .hint("remove the time_limit"),
                );
            }
            continue;
        }
        if node.say.is_empty() {
            out.push(
                Diagnostic::error(
                    "no-line",
                    format!("node {:?} has nothing for the customer to say", node.id),
                )
                .at(path.field("say"))
                .hint("add at least one line: say: [\"...\"]"),
            );
        }
        if node.choices.is_empty() {
            out.push(
                Diagnostic::error(
                    "dead-end",
                    format!("node {:?} is not an ending and offers no choices", node.id),
                )
                .at(path.clone())
                .hint("add choices, or make it an ending with `ending: (outcome: ..., text: \"...\")`"),
            );
        }
        let mut texts = HashSet::new();
        for (c, choice) in node.choices.iter().enumerate() {
            let cpath = || path.field("choices").index(c);
            empty(out, &choice.text, || cpath().field("text"), "choice text");
            empty(
                out,
                &choice.feedback,
                || cpath().field("feedback"),
                "feedback",
            );
            check_effects(out, choice.effects(), &cpath);
            unknown_node(s, &choice.next, || cpath().field("next"), out);
            if !texts.insert(choice.text.trim()) {
                out.push(
                    Diagnostic::warning(
                        "duplicate-choice",
                        format!("two choices in {:?} say the same thing", node.id),
                    )
                    .at(cpath().field("text"))
                    .hint("every choice on a turn should read differently"),
                );
            }
            if let Some(cond) = &choice.when {
                check_condition(s, cond, cpath().field("when"), 0, out);
            }
        }
        if let Some(limit) = &node.time_limit {
            let tpath = path.field("time_limit");
            range(
                out,
                limit.seconds,
                SECONDS_RANGE,
                || tpath.field("seconds"),
                "seconds",
            );
            let t = &limit.on_timeout;
            let opath = || tpath.field("on_timeout");
            empty(
                out,
                &t.feedback,
                || opath().field("feedback"),
                "timeout feedback",
            );
            check_effects(out, t.effects(), &opath);
            unknown_node(s, &t.next, || opath().field("next"), out);
        }
    }
}

fn check_condition(
    s: &Scenario,
    c: &Condition,
    path: FieldPath,
    depth: usize,
    out: &mut Vec<Diagnostic>,
) {
    if depth > MAX_CONDITION_DEPTH {
        out.push(
            Diagnostic::error(
                "condition-too-deep",
                format!("this condition nests more than {MAX_CONDITION_DEPTH} levels"),
            )
            .at(path)
            .hint("flatten it: All([...]) and Any([...]) take many items"),
        );
        return;
    }
    match c {
        Condition::Visited(id) => unknown_node(s, id, || path, out),
        Condition::MoodAtLeast(m) | Condition::MoodBelow(m) => {
            range(out, *m, MOOD_RANGE, || path, "mood threshold");
        }
        Condition::All(items) | Condition::Any(items) => {
            for (i, item) in items.iter().enumerate() {
                check_condition(s, item, path.index(i), depth + 1, out);
            }
        }
        Condition::Not(inner) => check_condition(s, inner, path.index(0), depth + 1, out),
        Condition::Flag(_) | Condition::TurnAtLeast(_) | Condition::TurnBelow(_) => {}
    }
}

/// Node indices each node leads to, through choices and timeouts.
pub(crate) fn successors(s: &Scenario) -> Vec<Vec<usize>> {
    s.nodes
        .iter()
        .map(|n| {
            let mut next: Vec<usize> = n
                .choices
                .iter()
                .filter_map(|c| s.node_index(&c.next))
                .collect();
            if let Some(t) = &n.time_limit
                && let Some(i) = s.node_index(&t.on_timeout.next)
            {
                next.push(i);
            }
            next
        })
        .collect()
}

/// Whether any choice or timeout can lower the mood, so the collapse ending can happen.
pub(crate) fn mood_can_fall(s: &Scenario) -> bool {
    s.nodes.iter().any(|n| {
        n.choices.iter().any(|c| c.mood < 0)
            || n.time_limit.as_ref().is_some_and(|t| t.on_timeout.mood < 0)
    })
}

/// Nodes reachable from the start, counting the collapse ending when mood can fall.
pub(crate) fn reachable(s: &Scenario, succ: &[Vec<usize>]) -> Vec<bool> {
    let mut seen = vec![false; s.nodes.len()];
    let mut queue = VecDeque::new();
    let mut roots = vec![s.node_index(&s.start)];
    if mood_can_fall(s) {
        roots.push(s.node_index(&s.mood.collapse_ending));
    }
    for r in roots.into_iter().flatten() {
        if !seen[r] {
            seen[r] = true;
            queue.push_back(r);
        }
    }
    while let Some(i) = queue.pop_front() {
        for &j in &succ[i] {
            if !seen[j] {
                seen[j] = true;
                queue.push_back(j);
            }
        }
    }
    seen
}

fn check_graph(s: &Scenario, out: &mut Vec<Diagnostic>) {
    let succ = successors(s);
    let seen = reachable(s, &succ);
    // Nodes that can reach an ending, found backwards from the endings.
    let mut pred: Vec<Vec<usize>> = vec![Vec::new(); s.nodes.len()];
    for (i, next) in succ.iter().enumerate() {
        for &j in next {
            pred[j].push(i);
        }
    }
    let mut exits = vec![false; s.nodes.len()];
    let mut queue: VecDeque<usize> = s
        .nodes
        .iter()
        .enumerate()
        .filter(|(_, n)| n.is_ending())
        .map(|(i, _)| i)
        .collect();
    for &i in &queue {
        exits[i] = true;
    }
    while let Some(i) = queue.pop_front() {
        for &p in &pred[i] {
            if !exits[p] {
                exits[p] = true;
                queue.push_back(p);
            }
        }
    }
    let mut reported = HashSet::new();
    for (i, node) in s.nodes.iter().enumerate() {
        if !reported.insert(node.id.as_str()) {
            continue;
        }
        let path = node_path(&node.id);
        if !seen[i] {
            if node.is_ending() {
                let why = if node.id == s.mood.collapse_ending {
                    "no choice lowers the mood, so the customer can never walk out"
                } else {
                    "no choice or timeout leads to it"
                };
                out.push(
                    Diagnostic::warning(
                        "unreachable-ending",
                        format!("ending {:?} is never reached: {why}", node.id),
                    )
                    .at(path)
                    .hint("point a choice's `next` at it, or remove it"),
                );
            } else {
                out.push(
                    Diagnostic::warning(
                        "unreachable-node",
                        format!("node {:?} cannot be reached from the start", node.id),
                    )
                    .at(path)
                    .hint("point a choice's `next` at it, or remove it"),
                );
            }
        } else if !exits[i] && !node.choices.is_empty() {
            out.push(
                Diagnostic::error(
                    "no-way-out",
                    format!("no ending can be reached from node {:?}", node.id),
                )
                .at(path)
                .hint("the conversation would loop for ever: give one of its paths an ending"),
            );
        }
    }
}

fn collect_flags<'a>(c: &'a Condition, path: FieldPath, out: &mut Vec<(&'a str, FieldPath)>) {
    match c {
        Condition::Flag(f) => out.push((f, path)),
        Condition::All(items) | Condition::Any(items) => {
            for (i, item) in items.iter().enumerate() {
                collect_flags(item, path.index(i), out);
            }
        }
        Condition::Not(inner) => collect_flags(inner, path.index(0), out),
        _ => {}
    }
}

fn check_flags(s: &Scenario, out: &mut Vec<Diagnostic>) {
    let mut set: HashSet<&str> = HashSet::new();
    for n in &s.nodes {
        for c in &n.choices {
            set.extend(c.sets.iter().map(String::as_str));
        }
        if let Some(t) = &n.time_limit {
            set.extend(t.on_timeout.sets.iter().map(String::as_str));
        }
    }
    let mut used = Vec::new();
    for n in &s.nodes {
        for (i, c) in n.choices.iter().enumerate() {
            if let Some(cond) = &c.when {
                collect_flags(
                    cond,
                    node_path(&n.id).field("choices").index(i).field("when"),
                    &mut used,
                );
            }
        }
    }
    let rubric = root().field("escalation");
    if let Some(c) = &s.escalation.appropriate_when {
        collect_flags(c, rubric.field("appropriate_when"), &mut used);
    }
    if let Some(c) = &s.escalation.too_late_when {
        collect_flags(c, rubric.field("too_late_when"), &mut used);
    }
    let known: Vec<&str> = set.iter().copied().collect();
    for (flag, path) in used {
        if !set.contains(flag) {
            let hint = match closest(flag, &known) {
                Some(c) => format!("did you mean \"{c}\"?"),
                None => "add the flag to some choice's `sets`, or remove the condition".into(),
            };
            out.push(
                Diagnostic::error(
                    "unset-flag",
                    format!("no choice ever sets the flag {flag:?}"),
                )
                .at(path)
                .hint(hint),
            );
        }
    }
}

fn check_escalation(s: &Scenario, out: &mut Vec<Diagnostic>) {
    let r = &s.escalation;
    let path = root().field("escalation");
    let escalating = s
        .nodes
        .iter()
        .any(|n| n.choices.iter().any(|c| c.escalates));
    if let Some(c) = &r.appropriate_when {
        check_condition(s, c, path.field("appropriate_when"), 0, out);
    }
    if let Some(c) = &r.too_late_when {
        check_condition(s, c, path.field("too_late_when"), 0, out);
    }
    if r.required {
        if !escalating {
            out.push(
                Diagnostic::error(
                    "escalation-impossible",
                    "the rubric requires escalation, but no choice escalates",
                )
                .at(path.field("required"))
                .hint("mark the choice that takes the problem to a manager with `escalates: true`"),
            );
        }
        if r.appropriate_when.is_none() {
            out.push(
                Diagnostic::error(
                    "escalation-rubric-incomplete",
                    "escalation is required, but the rubric does not say from when it is appropriate",
                )
                .at(path.clone())
                .hint("add `appropriate_when`, e.g. All([Flag(\"heard_out\"), Flag(\"offered_refund\")])"),
            );
        }
        if r.reason.trim().is_empty() {
            empty(out, &r.reason, || path.field("reason"), "escalation reason");
        }
    } else if r.appropriate_when.is_some() || r.too_late_when.is_some() {
        out.push(
            Diagnostic::warning(
                "escalation-rubric-contradiction",
                "escalation is not required, yet the rubric says when it is appropriate or too late",
            )
            .at(path.field("required"))
            .hint("set `required: true`, or remove appropriate_when and too_late_when"),
        );
    }
}
