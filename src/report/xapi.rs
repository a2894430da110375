//! xAPI 1.0.3 statements: one per decision and one per attempt, with ids that
//! are stable for a given attempt so a Learning Record Store never stores one twice.

use serde_json::{Value, json};

use crate::engine::Action;
use crate::records::AttemptRecord;
use crate::scenario::Scenario;

/// Where the project's IRIs and the trainees' accounts live; configurable per programme.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct XapiConfig {
    /// `homePage` of the trainees' accounts, e.g. the programme's site.
    pub home_page: String,
    /// Base IRI for activities and extensions, owned by the project.
    pub iri_base: String,
}

impl Default for XapiConfig {
    fn default() -> Self {
        XapiConfig {
            home_page: "https://frontline-training.org".into(),
            iri_base: "https://frontline-training.org/xapi".into(),
        }
    }
}

const ADL: &str = "http://adlnet.gov/expapi/verbs/";

fn verb(name: &str) -> Value {
    json!({ "id": format!("{ADL}{name}"), "display": { "en-US": name } })
}

/// A UUID derived from the attempt id and a position, the same every export.
fn stable_id(attempt_id: &str, index: usize) -> String {
    let namespace = uuid::Uuid::parse_str(attempt_id).unwrap_or(uuid::Uuid::NAMESPACE_OID);
    uuid::Uuid::new_v5(&namespace, format!("statement-{index}").as_bytes()).to_string()
}

/// ISO 8601 duration in seconds, e.g. `PT84.25S`.
pub fn iso_duration(secs: f64) -> String {
    let secs = (secs.max(0.0) * 100.0).round() / 100.0;
    format!("PT{secs}S")
}

fn actor(a: &AttemptRecord, cfg: &XapiConfig) -> Value {
    json!({
        "objectType": "Agent",
        "name": a.profile.name,
        "account": { "homePage": cfg.home_page, "name": a.profile.id },
    })
}

fn scenario_activity(a: &AttemptRecord, cfg: &XapiConfig) -> Value {
    json!({
        "objectType": "Activity",
        "id": format!("{}/scenarios/{}", cfg.iri_base, a.scenario_id),
        "definition": {
            "name": { "en-GB": a.scenario_title },
            "type": "http://adlnet.gov/expapi/activities/simulation",
        },
    })
}

/// Every statement for an attempt: one `answered` per decision, then one for
/// the attempt (`passed` or `failed` when finished, `attempted` when abandoned).
pub fn statements(a: &AttemptRecord, scenario: Option<&Scenario>, cfg: &XapiConfig) -> Vec<Value> {
    let ext = |name: &str| format!("{}/extensions/{name}", cfg.iri_base);
    let registration = uuid::Uuid::parse_str(&a.attempt_id)
        .map(|u| u.to_string())
        .unwrap_or_else(|_| stable_id(&a.attempt_id, usize::MAX));
    let context = json!({
        "registration": registration,
        "contextActivities": { "parent": [ scenario_activity(a, cfg) ] },
        "extensions": { ext("seed"): a.seed, ext("scenario-hash"): a.scenario_hash },
    });
    let mut out = Vec::new();
    for (i, d) in a.decisions.iter().enumerate() {
        let turn = a.scorecard.turns.get(i);
        let node = turn.map_or("unknown", |t| t.node_id.as_str());
        let response = match d.action {
            Action::TimedOut => "timeout".to_string(),
            Action::Chose { choice_index } => format!("choice-{}", choice_index + 1),
        };
        let text = turn.map_or_else(String::new, |t| t.choice.clone());
        let choices: Vec<Value> = scenario
            .and_then(|s| s.node(node))
            .map(|n| {
                n.choices
                    .iter()
                    .enumerate()
                    .map(|(k, c)| json!({ "id": format!("choice-{}", k + 1), "description": { "en-GB": c.text } }))
                    .collect()
            })
            .unwrap_or_default();
        let mut definition = json!({
            "name": { "en-GB": format!("{}: {}", a.scenario_title, node) },
            "type": "http://adlnet.gov/expapi/activities/cmi.interaction",
            "interactionType": "choice",
        });
        if !choices.is_empty() {
            definition["choices"] = Value::Array(choices);
        }
        let mut result = json!({
            "response": response,
            "duration": iso_duration(d.response_ms as f64 / 1000.0),
            "extensions": { ext("choice-text"): text },
        });
        if let Some(t) = turn {
            result["extensions"][ext("effects")] = json!({
                "listening": t.effects.listening,
                "problem_solving": t.effects.problem_solving,
                "compassion": t.effects.compassion,
            });
            result["extensions"][ext("escalated")] = json!(t.escalated);
        }
        out.push(json!({
            "id": stable_id(&a.attempt_id, i),
            "actor": actor(a, cfg),
            "verb": verb("answered"),
            "object": {
                "objectType": "Activity",
                "id": format!("{}/scenarios/{}/nodes/{}", cfg.iri_base, a.scenario_id, node),
                "definition": definition,
            },
            "result": result,
            "context": context,
            "timestamp": d.at,
        }));
    }
    let s = &a.scorecard;
    let verb_name = if !a.finished {
        "attempted"
    } else if s.passed {
        "passed"
    } else {
        "failed"
    };
    let mut extensions = serde_json::Map::new();
    for (name, v) in [
        ("listening", s.skills.listening.score),
        ("problem-solving", s.skills.problem_solving.score),
        ("compassion", s.skills.compassion.score),
        ("escalation-timing", Some(s.skills.escalation)),
    ] {
        extensions.insert(ext(name), v.map_or(Value::Null, |v| json!(v)));
    }
    extensions.insert(ext("escalation-verdict"), json!(s.escalation.class.label()));
    extensions.insert(
        ext("outcome"),
        json!(a.outcome.map(|o| o.label()).unwrap_or("abandoned")),
    );
    let mut result = json!({
        "score": { "scaled": f64::from(s.overall) / 100.0, "raw": s.overall, "min": 0, "max": 100 },
        "completion": a.finished,
        "extensions": extensions,
    });
    if a.finished {
        result["success"] = json!(s.passed);
    }
    if let Some(d) = a.duration_secs() {
        result["duration"] = json!(iso_duration(d));
    }
    out.push(json!({
        "id": stable_id(&a.attempt_id, a.decisions.len()),
        "actor": actor(a, cfg),
        "verb": verb(verb_name),
        "object": scenario_activity(a, cfg),
        "result": result,
        "context": { "registration": registration, "extensions": { ext("seed"): a.seed, ext("scenario-hash"): a.scenario_hash } },
        "timestamp": a.ended_at,
    }));
    out
}

/// One statement per turn of a workshop, for the room as a group: what it
/// was asked, what it answered (the choice played), and how it split. The
/// group is anonymous: an account named after the workshop, no members.
pub fn workshop_statements(d: &crate::workshop::ClassDebrief, cfg: &XapiConfig) -> Vec<Value> {
    let ext = |name: &str| format!("{}/extensions/{name}", cfg.iri_base);
    let scenario = json!({
        "objectType": "Activity",
        "id": format!("{}/scenarios/{}", cfg.iri_base, d.scenario_id),
        "definition": {
            "name": { "en-GB": d.title },
            "type": "http://adlnet.gov/expapi/activities/simulation",
        },
    });
    let group = json!({
        "objectType": "Group",
        "name": format!("Workshop room: {}", d.title),
        "account": { "homePage": cfg.home_page, "name": format!("workshop-{}", d.workshop_id) },
    });
    d.turns
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let choices: Vec<Value> = t
                .options
                .iter()
                .zip(&t.choice_indexes)
                .map(|((text, _), k)| {
                    json!({ "id": format!("choice-{}", k + 1), "description": { "en-GB": text } })
                })
                .collect();
            let played = t.choice_indexes.get(t.played).map_or(0, |k| k + 1);
            let split: serde_json::Map<String, Value> = t
                .choice_indexes
                .iter()
                .zip(&t.tally)
                .map(|(k, n)| (format!("choice-{}", k + 1), json!(n)))
                .collect();
            json!({
                "id": stable_id(&d.workshop_id, i),
                "actor": group,
                "verb": verb("answered"),
                "object": {
                    "objectType": "Activity",
                    "id": format!("{}/scenarios/{}/nodes/{}", cfg.iri_base, d.scenario_id, t.node_id),
                    "definition": {
                        "name": { "en-GB": format!("{}: {}", d.title, t.node_id) },
                        "type": "http://adlnet.gov/expapi/activities/cmi.interaction",
                        "interactionType": "choice",
                        "choices": choices,
                    },
                },
                "result": {
                    "response": format!("choice-{played}"),
                    "extensions": {
                        ext("room-split"): split,
                        ext("voted"): t.voted,
                        ext("room-choice-played"): !t.what_if(),
                    },
                },
                "context": {
                    "registration": d.workshop_id,
                    "contextActivities": { "parent": [scenario] },
                },
            })
        })
        .collect()
}
