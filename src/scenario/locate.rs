//! Finds where a field path such as `nodes["greeting"].choices[2].next` sits in
//! RON text, so semantic problems found after parsing can point at a line and
//! column.
//!
//! serde forgets positions once a value is built, so this reads the already
//! parsed text a second time with a small, forgiving scanner that keeps byte
//! spans. It only runs when there is something to report.

use std::fmt;

/// One step of a field path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    /// A named struct field.
    Field(&'static str),
    /// A position in a list.
    Index(usize),
    /// The element of a list whose `id` field is this string.
    Id(String),
}

/// A field path into a scenario or track file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldPath(pub Vec<Segment>);

impl FieldPath {
    /// The empty path: the whole file.
    pub fn root() -> Self {
        FieldPath(Vec::new())
    }

    /// This path followed by a field.
    pub fn field(&self, name: &'static str) -> Self {
        let mut p = self.clone();
        p.0.push(Segment::Field(name));
        p
    }

    /// This path followed by a list index.
    pub fn index(&self, i: usize) -> Self {
        let mut p = self.clone();
        p.0.push(Segment::Index(i));
        p
    }

    /// The node with this id: `nodes["id"]`.
    pub fn node(id: &str) -> Self {
        FieldPath::root().field("nodes").id(id)
    }

    /// This path followed by the list element with this id.
    pub fn id(&self, id: &str) -> Self {
        let mut p = self.clone();
        p.0.push(Segment::Id(id.to_string()));
        p
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        for seg in &self.0 {
            match seg {
                Segment::Field(name) if first => write!(f, "{name}")?,
                Segment::Field(name) => write!(f, ".{name}")?,
                Segment::Index(i) => write!(f, "[{i}]")?,
                Segment::Id(id) => write!(f, "[{id:?}]")?,
            }
            first = false;
        }
        Ok(())
    }
}

/// A value in the text with its byte span.
#[derive(Debug)]
struct Spanned {
    start: usize,
    end: usize,
    kind: Kind,
}

#[derive(Debug)]
enum Kind {
    /// `Name(field: v, ...)` or `(field: v, ...)`; positional elements have no name.
    Fields(Vec<(Option<String>, usize, Spanned)>),
    /// `[a, b]`.
    List(Vec<Spanned>),
    /// A string literal, unescaped as far as this scanner understands.
    Str(String),
    /// Anything else: numbers, identifiers, maps.
    Atom,
}

/// Deepest nesting the scanner follows; the loader's own limit is lower.
const MAX_DEPTH: usize = 256;

struct Scanner<'a> {
    src: &'a str,
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Scanner<'a> {
    fn skip_trivia(&mut self) {
        loop {
            while self.pos < self.bytes.len() && self.bytes[self.pos].is_ascii_whitespace() {
                self.pos += 1;
            }
            let rest = &self.bytes[self.pos..];
            if rest.starts_with(b"//") {
                while self.pos < self.bytes.len() && self.bytes[self.pos] != b'\n' {
                    self.pos += 1;
                }
            } else if rest.starts_with(b"/*") {
                self.pos += 2;
                let mut depth = 1;
                while self.pos < self.bytes.len() && depth > 0 {
                    if self.bytes[self.pos..].starts_with(b"/*") {
                        depth += 1;
                        self.pos += 2;
                    } else if self.bytes[self.pos..].starts_with(b"*/") {
                        depth -= 1;
                        self.pos += 2;
                    } else {
                        self.pos += 1;
                    }
                }
            } else if rest.starts_with(b"#!") {
                // An inner attribute such as `#![enable(implicit_some)]`.
                while self.pos < self.bytes.len() && self.bytes[self.pos] != b']' {
                    self.pos += 1;
                }
                self.pos = (self.pos + 1).min(self.bytes.len());
            } else {
                return;
            }
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn ident(&mut self) -> Option<&'a str> {
        let start = self.pos;
        while let Some(b) = self.peek() {
            if b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80 {
                self.pos += 1;
            } else {
                break;
            }
        }
        (self.pos > start).then(|| &self.src[start..self.pos])
    }

    fn string(&mut self) -> String {
        // At a '"' or an 'r#"' raw string.
        let mut out = String::new();
        if self.peek() == Some(b'r') {
            self.pos += 1;
            let mut hashes = 0;
            while self.peek() == Some(b'#') {
                hashes += 1;
                self.pos += 1;
            }
            self.pos += 1;
            let close: String = std::iter::once('"')
                .chain(std::iter::repeat_n('#', hashes))
                .collect();
            let rest = &self.src[self.pos.min(self.src.len())..];
            let end = rest.find(&close).unwrap_or(rest.len());
            out.push_str(&rest[..end]);
            self.pos = (self.pos + end + close.len()).min(self.bytes.len());
            return out;
        }
        self.pos += 1;
        let mut chars = self.src[self.pos..].char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '"' => {
                    self.pos += i + 1;
                    return out;
                }
                '\\' => {
                    if let Some((_, e)) = chars.next() {
                        out.push(match e {
                            'n' => '\n',
                            't' => '\t',
                            other => other,
                        });
                    }
                }
                c => out.push(c),
            }
        }
        self.pos = self.bytes.len();
        out
    }

    fn value(&mut self, depth: usize) -> Spanned {
        self.skip_trivia();
        let start = self.pos;
        if depth > MAX_DEPTH {
            self.pos = self.bytes.len();
            return Spanned {
                start,
                end: self.pos,
                kind: Kind::Atom,
            };
        }
        let kind = match self.peek() {
            Some(b'"') => Kind::Str(self.string()),
            Some(b'r') if matches!(self.bytes.get(self.pos + 1), Some(b'"' | b'#')) => {
                Kind::Str(self.string())
            }
            Some(b'(') => self.fields(depth),
            Some(b'[') => self.list(depth),
            Some(b'{') => {
                self.skip_group(b'{', b'}');
                Kind::Atom
            }
            Some(b'\'') => {
                self.pos += 1;
                while let Some(b) = self.peek() {
                    self.pos += 1;
                    if b == b'\\' {
                        self.pos += 1;
                    } else if b == b'\'' {
                        break;
                    }
                }
                Kind::Atom
            }
            Some(b) if b.is_ascii_alphabetic() || b == b'_' => {
                self.ident();
                self.skip_trivia();
                if self.peek() == Some(b'(') {
                    self.fields(depth)
                } else {
                    Kind::Atom
                }
            }
            Some(_) => {
                while let Some(b) = self.peek() {
                    if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'+' | b'_') {
                        self.pos += 1;
                    } else {
                        break;
                    }
                }
                if self.pos == start {
                    self.pos += 1;
                }
                Kind::Atom
            }
            None => Kind::Atom,
        };
        Spanned {
            start,
            end: self.pos.min(self.bytes.len()),
            kind,
        }
    }

    fn skip_group(&mut self, open: u8, close: u8) {
        let mut depth = 0usize;
        while let Some(b) = self.peek() {
            match b {
                b'"' => {
                    self.string();
                    continue;
                }
                b if b == open => depth += 1,
                b if b == close => {
                    depth -= 1;
                    if depth == 0 {
                        self.pos += 1;
                        return;
                    }
                }
                _ => {}
            }
            self.pos += 1;
        }
    }

    fn fields(&mut self, depth: usize) -> Kind {
        self.pos += 1; // '('
        let mut items = Vec::new();
        loop {
            self.skip_trivia();
            match self.peek() {
                None => break,
                Some(b')') => {
                    self.pos += 1;
                    break;
                }
                Some(b',') => {
                    self.pos += 1;
                    continue;
                }
                _ => {}
            }
            let before = self.pos;
            // A field is `name:`; anything else is a positional value.
            let name = self.ident();
            self.skip_trivia();
            if let Some(name) = name
                && self.peek() == Some(b':')
            {
                self.pos += 1;
                let value = self.value(depth + 1);
                items.push((Some(name.to_string()), before, value));
            } else {
                self.pos = before;
                let value = self.value(depth + 1);
                items.push((None, before, value));
            }
            if self.pos == before {
                self.pos += 1;
            }
        }
        Kind::Fields(items)
    }

    fn list(&mut self, depth: usize) -> Kind {
        self.pos += 1; // '['
        let mut items = Vec::new();
        loop {
            self.skip_trivia();
            match self.peek() {
                None => break,
                Some(b']') => {
                    self.pos += 1;
                    break;
                }
                Some(b',') => {
                    self.pos += 1;
                    continue;
                }
                _ => {}
            }
            let before = self.pos;
            items.push(self.value(depth + 1));
            if self.pos == before {
                self.pos += 1;
            }
        }
        Kind::List(items)
    }
}

impl Spanned {
    fn field(&self, name: &str) -> Option<(usize, &Spanned)> {
        match &self.kind {
            Kind::Fields(items) => items
                .iter()
                .find(|(n, _, _)| n.as_deref() == Some(name))
                .map(|(_, at, v)| (*at, v)),
            _ => None,
        }
    }

    fn element(&self, i: usize) -> Option<&Spanned> {
        match &self.kind {
            Kind::List(items) => items.get(i),
            // A newtype enum such as `Not(...)` or `All([...])` holds one positional value.
            Kind::Fields(items) => match items.as_slice() {
                [(None, _, inner)] => inner.element(i),
                _ => None,
            },
            _ => None,
        }
    }

    fn with_id(&self, id: &str) -> Option<&Spanned> {
        match &self.kind {
            Kind::List(items) => items.iter().find(|item| {
                matches!(item.field("id"), Some((_, v)) if matches!(&v.kind, Kind::Str(s) if s == id))
            }),
            _ => None,
        }
    }
}

/// The text read once for finding many paths in it.
pub struct SpanTree {
    root: Spanned,
}

impl SpanTree {
    /// Reads the structure of RON text.
    pub fn new(source: &str) -> Self {
        let mut scanner = Scanner {
            src: source,
            bytes: source.as_bytes(),
            pos: 0,
        };
        SpanTree {
            root: scanner.value(0),
        }
    }

    /// Byte span `(start, end)` of the value at `path`, or of the deepest part
    /// of it that exists in the text (a defaulted field is absent, so the
    /// problem is shown on its parent).
    pub fn locate(&self, path: &FieldPath) -> Option<(usize, usize)> {
        locate_in(&self.root, path)
    }
}

/// Byte span of the value at `path` in `source`; see [`SpanTree::locate`].
pub fn locate(source: &str, path: &FieldPath) -> Option<(usize, usize)> {
    SpanTree::new(source).locate(path)
}

fn locate_in(root: &Spanned, path: &FieldPath) -> Option<(usize, usize)> {
    let mut current = root;
    let mut span = (root.start, root.end);
    for seg in &path.0 {
        let next = match seg {
            Segment::Field(name) => current.field(name).map(|(at, v)| {
                span = (at, v.end);
                v
            }),
            Segment::Index(i) => current.element(*i),
            Segment::Id(id) => current.with_id(id),
        };
        match next {
            Some(v) => {
                current = v;
                if !matches!(seg, Segment::Field(_)) {
                    span = (v.start, v.end);
                } else {
                    // Point at the value itself; the field name is context.
                    span = (v.start, v.end.max(v.start));
                }
            }
            None => break,
        }
    }
    Some(span)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = r#"Scenario(
    id: "x",
    nodes: [
        (id: "a", choices: [(text: "hi", next: "b"), (text: "yo", next: "zz")]),
        (id: "b", ending: (outcome: resolved, text: "done")),
    ],
)"#;

    #[test]
    fn a_choice_target_is_found_by_node_id_and_index() {
        let path = FieldPath::root()
            .field("nodes")
            .id("a")
            .field("choices")
            .index(1)
            .field("next");
        assert_eq!(path.to_string(), r#"nodes["a"].choices[1].next"#);
        let (start, end) = locate(TEXT, &path).unwrap();
        assert_eq!(&TEXT[start..end], "\"zz\"");
    }

    #[test]
    fn a_missing_field_points_at_its_parent() {
        let path = FieldPath::root().field("nodes").id("b").field("choices");
        let (start, _) = locate(TEXT, &path).unwrap();
        assert!(TEXT[start..].starts_with("(id: \"b\""));
    }
}
