//! Benchmarks for the core, with the goals from the project's issues:
//!
//! - loading and validating a generated library of 1,000 scenarios of about 40
//!   nodes each, against parsing the same content as JSON with serde_json (the
//!   practical limit): goal within 3× the JSON parse;
//! - analysing a generated 10,000-node scenario: goal under 50 ms.
//!
//! Run with `cargo bench --no-default-features --bench core`; docs/performance.md
//! records the figures.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use frontline::analysis::analyze;
use frontline::scenario::library::{SourceFile, load_files};
use frontline::scenario::{Scenario, load_str};

/// RON text for a scenario of `n` nodes: each talking node offers three
/// choices that lead one, two or three nodes further on, some gated by flags
/// set earlier, with a timed node every so often; the last nodes are endings.
fn generated(id: &str, n: usize) -> String {
    use std::fmt::Write;
    let endings = 4;
    let talking = n - endings;
    let target = |i: usize, step: usize| {
        let j = i + step;
        if j < talking {
            format!("n{j}")
        } else {
            // Spread the last links over every ending so all of them are reachable.
            format!("end_{}", (j - talking + i % 2) % endings)
        }
    };
    let mut out = format!(
        r#"Scenario(
    format_version: 1,
    id: "{id}",
    title: "Generated {id}",
    premise: "A generated scenario for benchmarks.",
    briefing: "A generated scenario whose shape resembles the library's.",
    persona: upset,
    channel: phone,
    setting: "benchmark",
    difficulty: 3,
    estimated_minutes: 5,
    objectives: ["Measure"],
    tags: ["generated"],
    customer: (name: "Pat", description: "Generated.", mood: 50),
    mood: (collapse_ending: "end_0"),
    start: "n0",
    nodes: [
"#
    );
    for i in 0..talking {
        let _ = writeln!(out, "        (\n            id: \"n{i}\",");
        let _ = writeln!(
            out,
            "            say: [\"Customer line {i}, first variant, long enough to look like speech.\", \"Customer line {i}, second variant, worded differently.\"],"
        );
        if i % 13 == 5 {
            let _ = writeln!(
                out,
                "            time_limit: (seconds: 20, on_timeout: (listening: -1, mood: -5, feedback: \"Silence costs trust.\", next: \"{}\")),",
                target(i, 1)
            );
        }
        out.push_str("            choices: [\n");
        for step in 1..=3usize {
            let l = (step as i32 * 2 + i as i32) % 5 - 2;
            let p = (step as i32 + i as i32 * 3) % 5 - 2;
            let c = (i as i32 + step as i32 * 5) % 5 - 2;
            let mood = if step == 3 { -4 } else { 3 };
            let sets = if step == 1 {
                format!("sets: [\"f{}\"], ", i % 16)
            } else {
                String::new()
            };
            let when = if step == 2 && i > 20 {
                format!(
                    "when: Any([Flag(\"f{}\"), MoodAtLeast(40)]), ",
                    (i - 1) % 16
                )
            } else {
                String::new()
            };
            let _ = writeln!(
                out,
                "                (text: \"Option {step} at step {i}: a reasonably long sentence a trainee might say.\", listening: {l}, problem_solving: {p}, compassion: {c}, mood: {mood}, {sets}{when}feedback: \"Feedback that explains the practice behind this choice in a sentence or two.\", next: \"{}\"),",
                target(i, step)
            );
        }
        out.push_str("            ],\n        ),\n");
    }
    for k in 0..endings {
        let (outcome, verdict) = if k == 0 {
            ("customer_left", "failed")
        } else {
            ("resolved", "good")
        };
        let _ = writeln!(
            out,
            "        (id: \"end_{k}\", say: [\"Thanks.\"], ending: (outcome: {outcome}, verdict: {verdict}, text: \"The conversation ends.\")),"
        );
    }
    out.push_str("    ],\n    escalation: (required: false),\n)\n");
    out
}

fn parsed(text: &str) -> Scenario {
    let loaded = load_str("generated.ron", text);
    match loaded.scenario {
        Some(s) => (*s).clone(),
        None => panic!("{}", loaded.report.render_plain()),
    }
}

fn library_benches(c: &mut Criterion) {
    let texts: Vec<String> = (0..1000)
        .map(|i| generated(&format!("gen-{i}"), 40))
        .collect();
    let ron_files: Vec<SourceFile> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| SourceFile {
            name: format!("gen-{i}.ron"),
            path: None,
            bytes: t.clone().into_bytes(),
        })
        .collect();
    // The same content as JSON: what serde_json makes of the parsed scenarios.
    let json_files: Vec<String> = texts
        .iter()
        .map(|t| serde_json::to_string_pretty(&parsed(t)).unwrap())
        .collect();
    let total: usize = ron_files.iter().map(|f| f.bytes.len()).sum();
    eprintln!("library: 1000 scenarios, {} KiB of RON", total / 1024);
    // Every generated file must load cleanly, or the benchmark measures error paths.
    let lib = load_files(ron_files.clone(), Vec::new());
    assert_eq!(
        lib.counts(),
        (0, 0),
        "{}",
        lib.scenarios[0].report.render_plain()
    );

    let mut group = c.benchmark_group("library_1000x40");
    group.sample_size(10);
    group.bench_function("load_and_validate_ron", |b| {
        b.iter_batched(
            || ron_files.clone(),
            |files| black_box(load_files(files, Vec::new())),
            criterion::BatchSize::LargeInput,
        )
    });
    group.bench_function("parse_ron_only_parallel", |b| {
        use rayon::prelude::*;
        b.iter(|| {
            texts.par_iter().for_each(|t| {
                black_box(frontline::scenario::load::parse_str("x.ron", t).unwrap());
            })
        })
    });
    group.bench_function("load_str_parallel", |b| {
        use rayon::prelude::*;
        b.iter(|| {
            let v: Vec<_> = texts.par_iter().map(|t| load_str("x.ron", t)).collect();
            black_box(v)
        })
    });
    group.bench_function("validate_only", |b| {
        let parsed: Vec<Scenario> = texts.iter().map(|t| parsed(t)).collect();
        b.iter(|| {
            for s in &parsed {
                black_box(frontline::scenario::validate::validate(s));
            }
        })
    });
    group.bench_function("parse_ron_only_one_thread", |b| {
        b.iter(|| {
            for t in &texts {
                black_box(frontline::scenario::load::parse_str("x.ron", t).unwrap());
            }
        })
    });
    group.bench_function("parse_json_serde", |b| {
        b.iter(|| {
            for f in &json_files {
                black_box(serde_json::from_str::<Scenario>(black_box(f)).unwrap());
            }
        })
    });
    group.finish();
}

fn analysis_benches(c: &mut Criterion) {
    // Larger than the loader's limit for untrusted files, so parse it directly.
    let mut big: Scenario = ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .without_recursion_limit()
        .from_str(&generated("big", 10_000))
        .unwrap();
    big.reindex();
    assert!(
        frontline::scenario::validate::validate(&big)
            .iter()
            .all(|d| !d.is_error())
    );
    let mut group = c.benchmark_group("analysis");
    group.sample_size(20);
    group.bench_function("analyze_10000_nodes", |b| {
        b.iter(|| black_box(analyze(black_box(&big))))
    });
    group.finish();
}

/// The editor while an author types into a 500-node scenario: one edit
/// (undo snapshot included) plus the checks that run after every edit, then
/// the analysis and audit that run a moment later on another thread.
fn editor_benches(c: &mut Criterion) {
    use frontline::editor::EditDoc;
    let scenario = parsed(&generated("editing", 500));
    let mut doc = EditDoc::new(scenario);
    let mut group = c.benchmark_group("editor");
    let mut n = 0u64;
    group.bench_function("edit_and_check_500_nodes", |b| {
        b.iter(|| {
            n += 1;
            // A new field each time, so every edit takes an undo snapshot.
            doc.edit_typing("Edit line", &n.to_string(), |s| {
                s.nodes[0].say[0] = format!("Line {n}");
            });
            black_box(doc.diagnostics())
        })
    });
    group.sample_size(20);
    group.bench_function("analysis_after_typing_500_nodes", |b| {
        b.iter(|| black_box(analyze(black_box(doc.scenario()))))
    });
    group.finish();
}

criterion_group!(benches, library_benches, analysis_benches, editor_benches);
criterion_main!(benches);
