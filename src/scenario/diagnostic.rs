//! Problems found in a scenario or track file, as data.
//!
//! A diagnostic knows its field path and, where the source is at hand, its
//! line and column. How it is shown (terminal, JSON, an app card) is decided
//! by whoever presents it.

use std::fmt::Write as _;

use serde::Serialize;

use super::locate::FieldPath;

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The scenario cannot be played.
    Error,
    /// The scenario plays, but something is probably a mistake.
    Warning,
}

/// A place in a source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Location {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// Byte offset of the start.
    pub offset: usize,
    /// Length in bytes of the marked text (at least 1 where the file has text there).
    pub len: usize,
}

/// One problem.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// A stable, kebab-case name for the rule, e.g. `unknown-node`.
    pub code: &'static str,
    /// What is wrong.
    pub message: String,
    /// Field path such as `nodes["greeting"].choices[2].next`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The same path as data, for finding it in the text.
    #[serde(skip)]
    pub field_path: Option<FieldPath>,
    /// Where in the file, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// How to fix it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

impl Diagnostic {
    /// A new error.
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            path: None,
            field_path: None,
            location: None,
            hint: None,
        }
    }

    /// A new warning.
    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message)
        }
    }

    /// Sets the field path.
    pub fn at(mut self, path: FieldPath) -> Self {
        self.path = Some(path.to_string());
        self.field_path = Some(path);
        self
    }

    /// Sets the hint.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Whether this is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// The diagnostics of one file together with its text.
#[derive(Debug, Clone, Serialize)]
pub struct FileReport {
    /// The file name as given to the loader.
    pub file: String,
    /// Every problem found, errors first.
    pub diagnostics: Vec<Diagnostic>,
    /// The text, kept so problems can be shown in context.
    #[serde(skip)]
    pub source: String,
}

impl FileReport {
    /// Number of errors.
    pub fn error_count(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    /// Number of warnings.
    pub fn warning_count(&self) -> usize {
        self.diagnostics.len() - self.error_count()
    }

    /// Plain text in compiler style: `file:line:col: error[code]: message`,
    /// the offending line with a caret under the spot, then the hint.
    /// Used by the app's diagnostic cards and by `--format text` output.
    pub fn render_plain(&self) -> String {
        let mut out = String::new();
        for d in &self.diagnostics {
            let _ = self.render_one(&mut out, d);
        }
        out
    }

    fn render_one(&self, out: &mut String, d: &Diagnostic) -> std::fmt::Result {
        let kind = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        match d.location {
            Some(loc) => write!(out, "{}:{}:{}: ", self.file, loc.line, loc.column)?,
            None => write!(out, "{}: ", self.file)?,
        }
        writeln!(out, "{kind}[{}]: {}", d.code, d.message)?;
        if let Some(path) = &d.path {
            writeln!(out, "  at {path}")?;
        }
        if let Some(loc) = d.location
            && let Some(text) = self.source.lines().nth(loc.line - 1)
        {
            let gutter = loc.line.to_string();
            writeln!(out, "  {gutter} | {text}")?;
            let line_chars = text.chars().count();
            let width = d
                .location
                .map(|l| self.source.get(l.offset..l.offset + l.len).unwrap_or(""))
                .map(|s| s.lines().next().unwrap_or("").chars().count())
                .unwrap_or(1)
                .clamp(1, line_chars.saturating_sub(loc.column - 1).max(1));
            writeln!(
                out,
                "  {} | {}{}",
                " ".repeat(gutter.len()),
                " ".repeat(loc.column.saturating_sub(1)),
                "^".repeat(width)
            )?;
        }
        if let Some(hint) = &d.hint {
            writeln!(out, "  hint: {hint}")?;
        }
        Ok(())
    }

    /// Renders for a terminal with miette: coloured, with the source excerpt
    /// and labels. `colour` false gives the same layout in plain characters.
    pub fn render_terminal(&self, colour: bool) -> String {
        use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic};
        let theme = if colour {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        let handler = GraphicalReportHandler::new_themed(theme).with_width(100);
        let mut out = String::new();
        for d in &self.diagnostics {
            let mut md = MietteDiagnostic::new(d.message.clone())
                .with_code(d.code)
                .with_severity(match d.severity {
                    Severity::Error => miette::Severity::Error,
                    Severity::Warning => miette::Severity::Warning,
                });
            let mut help = String::new();
            if let Some(path) = &d.path {
                help.push_str(&format!("at {path}"));
            }
            if let Some(hint) = &d.hint {
                if !help.is_empty() {
                    help.push('\n');
                }
                help.push_str(hint);
            }
            if !help.is_empty() {
                md = md.with_help(help);
            }
            if let Some(loc) = d.location {
                let len = loc.len.min(self.source.len().saturating_sub(loc.offset));
                md = md.with_label(LabeledSpan::at(loc.offset..loc.offset + len, "here"));
            }
            let report = miette::Report::new(md).with_source_code(miette::NamedSource::new(
                self.file.clone(),
                self.source.clone(),
            ));
            let _ = handler.render_report(&mut out, report.as_ref());
        }
        out
    }
}

/// Line and column (1-based, column in characters) of a byte offset.
pub fn line_column(source: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(source, offset.min(source.len()));
    let before = &source[..offset];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = source[line_start..offset].chars().count() + 1;
    (line, column)
}

/// Byte offset of a 1-based line and character column.
pub fn offset_of(source: &str, line: usize, column: usize) -> usize {
    let mut offset = 0;
    for (i, text) in source.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            let col_bytes: usize = text
                .chars()
                .take(column.saturating_sub(1))
                .map(char::len_utf8)
                .sum();
            return (offset + col_bytes).min(source.len());
        }
        offset += text.len();
    }
    source.len()
}

/// A location for a byte span.
pub fn location_of(source: &str, offset: usize, len: usize) -> Location {
    let (line, column) = line_column(source, offset);
    Location {
        line,
        column,
        offset: floor_char_boundary(source, offset.min(source.len())),
        len,
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}
