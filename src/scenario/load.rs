//! Reading scenario files: RON parsing with limits for untrusted input, then validation.

use std::sync::Arc;

use ron::error::Error as RonError;
use ron::extensions::Extensions;

use super::diagnostic::{Diagnostic, FileReport, location_of, offset_of};
use super::locate::{FieldPath, SpanTree};
use super::model::Scenario;
use super::suggest::closest;
use super::validate::validate;

/// Largest scenario file accepted, in bytes. A real scenario is tens of kilobytes.
pub const MAX_FILE_BYTES: usize = 2 * 1024 * 1024;
/// Deepest nesting of brackets accepted. Real scenarios nest about ten deep;
/// the limit keeps a hostile file from exhausting the stack.
pub const MAX_NESTING: usize = 64;
/// Most nodes accepted in one scenario.
pub const MAX_NODES: usize = 20_000;

/// A scenario file after loading: the scenario if it is playable, and every problem found.
#[derive(Debug, Clone)]
pub struct LoadedScenario {
    /// The scenario, present when there are no errors (warnings allowed).
    pub scenario: Option<Arc<Scenario>>,
    /// All diagnostics with the file's text.
    pub report: FileReport,
}

impl LoadedScenario {
    /// Whether the scenario can be played.
    pub fn is_playable(&self) -> bool {
        self.scenario.is_some()
    }
}

pub(crate) fn ron_options() -> ron::Options {
    ron::Options::default()
        .with_default_extension(Extensions::IMPLICIT_SOME)
        .with_recursion_limit(MAX_NESTING)
}

/// The byte-order mark some Windows editors (Notepad) put at the start of a UTF-8 file.
const BOM: char = '\u{feff}';

/// `source` without a leading byte-order mark: it is invisible to the author,
/// so it must not be a syntax error or move any line or column.
pub(crate) fn without_bom(source: &str) -> &str {
    source.strip_prefix(BOM).unwrap_or(source)
}

/// Parses and validates scenario text. Never panics; every problem ends up in the report.
pub fn load_str(file: &str, source: &str) -> LoadedScenario {
    let source = without_bom(source);
    match parse_str(file, source) {
        Err(diagnostic) => LoadedScenario {
            scenario: None,
            report: FileReport {
                file: file.to_string(),
                diagnostics: vec![*diagnostic],
                source: source.to_string(),
            },
        },
        Ok(scenario) => {
            let mut diagnostics = validate(&scenario);
            place(source, &mut diagnostics);
            diagnostics.sort_by_key(|d| d.severity);
            let playable = !diagnostics.iter().any(Diagnostic::is_error);
            LoadedScenario {
                scenario: playable.then(|| Arc::new(scenario)),
                report: FileReport {
                    file: file.to_string(),
                    diagnostics,
                    source: source.to_string(),
                },
            }
        }
    }
}

/// Reads bytes that may not be UTF-8 (a file from disk) and loads them.
pub fn load_bytes(file: &str, bytes: &[u8]) -> LoadedScenario {
    match std::str::from_utf8(bytes) {
        Ok(text) => load_str(file, text),
        Err(e) => {
            let valid = &bytes[..e.valid_up_to()];
            let text = String::from_utf8_lossy(bytes).into_owned();
            let prefix = String::from_utf8_lossy(valid);
            let mut d = Diagnostic::error("not-utf8", "the file is not valid UTF-8 text")
                .hint("save the file as UTF-8 in your editor");
            d.location = Some(location_of(&text, prefix.len(), 1));
            LoadedScenario {
                scenario: None,
                report: FileReport {
                    file: file.to_string(),
                    diagnostics: vec![d],
                    source: text,
                },
            }
        }
    }
}

/// Parses without validating: the syntax and type check only.
pub fn parse_str(file: &str, source: &str) -> Result<Scenario, Box<Diagnostic>> {
    let _ = file;
    let source = without_bom(source);
    if source.len() > MAX_FILE_BYTES {
        return Err(Box::new(
            Diagnostic::error(
                "file-too-large",
                format!(
                    "the file is {} bytes; scenarios are limited to {} bytes",
                    source.len(),
                    MAX_FILE_BYTES
                ),
            )
            .hint("split the conversation into several scenarios"),
        ));
    }
    if let Some(offset) = too_deep(source) {
        let mut d = Diagnostic::error(
            "nesting-too-deep",
            format!("brackets nest more than {MAX_NESTING} levels deep here"),
        )
        .hint("flatten the condition: `All([...])` and `Any([...])` take many items at one level");
        d.location = Some(location_of(source, offset, 1));
        return Err(Box::new(d));
    }
    let mut scenario: Scenario = ron_options()
        .from_str(source)
        .map_err(|e| Box::new(syntax_diagnostic(source, &e)))?;
    if scenario.nodes.len() > MAX_NODES {
        return Err(Box::new(
            Diagnostic::error(
                "too-many-nodes",
                format!(
                    "the scenario has {} nodes; the limit is {MAX_NODES}",
                    scenario.nodes.len()
                ),
            )
            .at(FieldPath::root().field("nodes")),
        ));
    }
    scenario.reindex();
    Ok(scenario)
}

/// Turns a RON error into a diagnostic with a location and a hint.
pub(crate) fn syntax_diagnostic(source: &str, e: &ron::error::SpannedError) -> Diagnostic {
    let start = offset_of(source, e.span.start.line, e.span.start.col);
    let end = offset_of(source, e.span.end.line, e.span.end.col).max(start);
    let len = if end > start { end - start } else { 1 };
    let (message, hint) = describe(&e.code);
    let mut d = Diagnostic::error("syntax", message);
    if let Some(hint) = hint {
        d = d.hint(hint);
    }
    d.location = Some(location_of(source, start, len));
    d
}

fn describe(code: &RonError) -> (String, Option<String>) {
    match code {
        RonError::NoSuchStructField {
            expected, found, ..
        } => (
            format!("unknown field `{found}`"),
            Some(format!(
                "{}the fields allowed here are: {}",
                closest(found, expected)
                    .map(|s| format!("did you mean `{s}`? "))
                    .unwrap_or_default(),
                expected.join(", ")
            )),
        ),
        RonError::NoSuchEnumVariant {
            expected, found, ..
        } => (
            format!("`{found}` is not one of the allowed values"),
            Some(format!(
                "{}use one of: {}",
                closest(found, expected)
                    .map(|s| format!("did you mean `{s}`? "))
                    .unwrap_or_default(),
                expected.join(", ")
            )),
        ),
        RonError::MissingStructField { field, outer } => (
            match outer {
                Some(o) => format!("`{o}` is missing the required field `{field}`"),
                None => format!("missing the required field `{field}`"),
            },
            Some(format!(
                "add `{field}: ...` before the closing bracket; docs/scenario-format.md lists every field"
            )),
        ),
        RonError::DuplicateStructField { field, .. } => (
            format!("the field `{field}` is given twice"),
            Some("keep one of them".into()),
        ),
        RonError::ExpectedComma => (
            "expected a comma".into(),
            Some("separate fields and list items with commas".into()),
        ),
        RonError::ExpectedStringEnd => (
            "this string is never closed".into(),
            Some("add the closing `\"`".into()),
        ),
        RonError::ExceededRecursionLimit => (
            format!("brackets nest more than {MAX_NESTING} levels deep"),
            Some("flatten deeply nested conditions".into()),
        ),
        RonError::Eof => (
            "the file ends too early".into(),
            Some("a bracket is probably not closed".into()),
        ),
        RonError::ExpectedString => (
            "expected text in double quotes".into(),
            Some("write text as \"...\"".into()),
        ),
        RonError::ExpectedInteger | RonError::IntegerOutOfBounds => (
            code.to_string(),
            Some("write a whole number, e.g. 3 or -2".into()),
        ),
        other => (other.to_string(), None),
    }
}

/// Offset of the first bracket deeper than [`MAX_NESTING`], outside strings and comments.
fn too_deep(source: &str) -> Option<usize> {
    let bytes = source.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    if bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'(' | b'[' | b'{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some(i);
                }
            }
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    None
}

/// Gives every diagnostic that has a field path but no location a line and column in `source`.
pub fn place(source: &str, diagnostics: &mut [Diagnostic]) {
    // Read the text's structure once, and only if something needs placing.
    let mut tree = None;
    for d in diagnostics.iter_mut().filter(|d| d.location.is_none()) {
        let Some(path) = &d.field_path else {
            continue;
        };
        let tree = tree.get_or_insert_with(|| SpanTree::new(source));
        if let Some((start, end)) = tree.locate(path) {
            let first_line_end = source[start..end].find('\n').map_or(end, |i| start + i);
            d.location = Some(location_of(source, start, (first_line_end - start).max(1)));
        }
    }
}
