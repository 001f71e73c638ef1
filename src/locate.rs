//! Finds where things are in a RON text.
//!
//! serde hands us values without positions, and it keeps the last of two equal map
//! keys silently. This scanner walks the text once, tracking the path of keys and
//! field names down to every value, so that validation can point at
//! `file:line:col` and the loader can catch duplicate keys. It is deliberately
//! forgiving: it runs only on text that ron has already parsed.

use std::collections::{HashMap, HashSet};

/// A 1-based line and column (in characters), as editors count them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    /// Line, from 1.
    pub line: usize,
    /// Column in characters, from 1.
    pub col: usize,
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.line, self.col)
    }
}

/// A key that appears twice in one map.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DuplicateKey {
    /// Path of keys down to the map (`["statements"]`).
    pub map: Vec<String>,
    /// The repeated key, unquoted.
    pub key: String,
    /// Where it first appears.
    pub first: Location,
    /// Where it appears again.
    pub again: Location,
}

#[derive(PartialEq)]
enum Open {
    Map,
    Paren,
    Seq,
}

struct Frame<'a> {
    open: Open,
    /// The key or field name whose value is being read in this frame.
    key: Option<&'a str>,
    /// Keys seen so far, in maps only.
    seen: HashMap<&'a str, Location>,
}

/// Calls `on_key(path, location)` for every map key and struct field name, where
/// `path` runs from the top of the document down to and including that key, and
/// returns every duplicate map key found on the way.
pub fn scan<'a>(text: &'a str, mut on_key: impl FnMut(&[&'a str], Location)) -> Vec<DuplicateKey> {
    let mut dups = Vec::new();
    let mut stack: Vec<Frame<'a>> = Vec::new();
    let mut path: Vec<&'a str> = Vec::new();
    let mut pending: Option<(&'a str, Location)> = None;
    let mut lexer = Lexer::new(text);
    while let Some((tok, loc)) = lexer.next_token() {
        match tok {
            Tok::Open(open) => {
                pending = None;
                stack.push(Frame {
                    open,
                    key: None,
                    seen: HashMap::new(),
                });
            }
            Tok::Close => {
                pending = None;
                if let Some(frame) = stack.pop()
                    && frame.key.is_some()
                {
                    path.pop();
                }
            }
            Tok::Comma => {
                pending = None;
                if let Some(frame) = stack.last_mut()
                    && frame.key.take().is_some()
                {
                    path.pop();
                }
            }
            Tok::Colon => {
                let Some((key, key_loc)) = pending.take() else {
                    continue;
                };
                let Some(frame) = stack.last_mut() else {
                    continue;
                };
                if frame.open == Open::Seq {
                    continue;
                }
                if frame.key.replace(key).is_some() {
                    path.pop();
                }
                path.push(key);
                if frame.open == Open::Map
                    && let Some(first) = frame.seen.insert(key, key_loc)
                {
                    dups.push(DuplicateKey {
                        map: path[..path.len() - 1]
                            .iter()
                            .map(|s| s.to_string())
                            .collect(),
                        key: key.to_string(),
                        first,
                        again: key_loc,
                    });
                }
                on_key(&path, key_loc);
            }
            Tok::Atom(atom) => {
                let expecting_key = stack
                    .last()
                    .is_some_and(|f| f.open != Open::Seq && f.key.is_none());
                pending = expecting_key.then_some((atom, loc));
            }
        }
    }
    dups
}

/// Finds the location of each wanted path (as produced by [`scan`]).
pub fn locate(text: &str, wanted: &HashSet<Vec<String>>) -> HashMap<Vec<String>, Location> {
    let mut found = HashMap::new();
    if wanted.is_empty() {
        return found;
    }
    let depth = wanted.iter().map(Vec::len).max().unwrap_or(0);
    scan(text, |path, loc| {
        if path.len() <= depth {
            let owned: Vec<String> = path.iter().map(|s| s.to_string()).collect();
            if wanted.contains(&owned) {
                // The last occurrence wins, as it does for serde.
                found.insert(owned, loc);
            }
        }
    });
    found
}

enum Tok<'a> {
    Open(Open),
    Close,
    Comma,
    Colon,
    /// A string (unquoted, raw text between the quotes), identifier or number.
    Atom(&'a str),
}

struct Lexer<'a> {
    text: &'a str,
    pos: usize,
    line: usize,
    col: usize,
}

impl<'a> Lexer<'a> {
    fn new(text: &'a str) -> Self {
        Self {
            text,
            pos: 0,
            line: 1,
            col: 1,
        }
    }

    fn peek(&self) -> Option<char> {
        self.text[self.pos..].chars().next()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        if c == '\n' {
            self.line += 1;
            self.col = 1;
        } else {
            self.col += 1;
        }
        Some(c)
    }

    fn starts_with(&self, s: &str) -> bool {
        self.text[self.pos..].starts_with(s)
    }

    fn skip_trivia(&mut self) {
        loop {
            match self.peek() {
                Some(c) if c.is_whitespace() => {
                    self.bump();
                }
                Some('/') if self.starts_with("//") => {
                    while self.peek().is_some_and(|c| c != '\n') {
                        self.bump();
                    }
                }
                Some('/') if self.starts_with("/*") => {
                    // RON block comments nest.
                    let mut depth = 0usize;
                    while self.peek().is_some() {
                        if self.starts_with("/*") {
                            depth += 1;
                            self.bump();
                            self.bump();
                        } else if self.starts_with("*/") {
                            depth = depth.saturating_sub(1);
                            self.bump();
                            self.bump();
                            if depth == 0 {
                                break;
                            }
                        } else {
                            self.bump();
                        }
                    }
                }
                Some('#') if self.starts_with("#!") => {
                    // An attribute such as #![enable(implicit_some)].
                    while self.peek().is_some_and(|c| c != ']') {
                        self.bump();
                    }
                    self.bump();
                }
                _ => return,
            }
        }
    }

    fn next_token(&mut self) -> Option<(Tok<'a>, Location)> {
        self.skip_trivia();
        let loc = Location {
            line: self.line,
            col: self.col,
        };
        let c = self.peek()?;
        let tok = match c {
            '(' | '[' | '{' => {
                self.bump();
                Tok::Open(match c {
                    '(' => Open::Paren,
                    '[' => Open::Seq,
                    _ => Open::Map,
                })
            }
            ')' | ']' | '}' => {
                self.bump();
                Tok::Close
            }
            ',' => {
                self.bump();
                Tok::Comma
            }
            ':' => {
                self.bump();
                Tok::Colon
            }
            '"' => {
                self.bump();
                let start = self.pos;
                while let Some(c) = self.bump() {
                    match c {
                        '\\' => {
                            self.bump();
                        }
                        '"' => break,
                        _ => {}
                    }
                }
                Tok::Atom(&self.text[start..self.pos.saturating_sub(1).max(start)])
            }
            'r' if self.starts_with("r\"") || self.starts_with("r#") => {
                self.bump();
                let mut hashes = 0;
                while self.peek() == Some('#') {
                    hashes += 1;
                    self.bump();
                }
                self.bump();
                let start = self.pos;
                let close: String = std::iter::once('"')
                    .chain(std::iter::repeat_n('#', hashes))
                    .collect();
                let end = self.text[start..]
                    .find(&close)
                    .map_or(self.text.len(), |i| start + i);
                while self.pos < end {
                    self.bump();
                }
                for _ in 0..close.chars().count() {
                    self.bump();
                }
                Tok::Atom(&self.text[start..end])
            }
            '\'' => {
                self.bump();
                if self.peek() == Some('\\') {
                    self.bump();
                }
                self.bump();
                self.bump();
                Tok::Atom("")
            }
            _ => {
                let start = self.pos;
                while self
                    .peek()
                    .is_some_and(|c| !c.is_whitespace() && !"()[]{},:\"/".contains(c))
                {
                    self.bump();
                }
                if self.pos == start {
                    self.bump();
                }
                Tok::Atom(&self.text[start..self.pos])
            }
        };
        Some((tok, loc))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = r#"#![enable(implicit_some)]
(
    schema: 1, // a comment: with a colon
    actors: {
        "a": (name: "A \"quoted\" name", kind: Person, aliases: ["x", "y"]),
        "b": (name: "B", kind: Person),
        "a": (name: "A again", kind: Person),
    },
    proposals: { "p": (title: "P", points: { 1: (text: "one"), 1: (text: "dup") }) },
)
"#;

    #[test]
    fn finds_keys_and_fields() {
        let mut keys = Vec::new();
        scan(TEXT, |path, loc| {
            keys.push((path.join("."), loc.line, loc.col))
        });
        assert!(keys.contains(&("actors".into(), 4, 5)));
        assert!(keys.contains(&("actors.a".into(), 5, 9)));
        assert!(keys.contains(&("actors.a.kind".into(), 5, 42)));
        assert!(keys.contains(&("actors.b.name".into(), 6, 15)));
        assert!(keys.contains(&("proposals.p.points.1.text".into(), 9, 50)));
    }

    #[test]
    fn reports_duplicate_map_keys_at_any_depth() {
        let dups = scan(TEXT, |_, _| {});
        assert_eq!(dups.len(), 2);
        assert_eq!(dups[0].key, "a");
        assert_eq!(dups[0].map, vec!["actors"]);
        assert_eq!((dups[0].first.line, dups[0].again.line), (5, 7));
        assert_eq!(dups[1].map, vec!["proposals", "p", "points"]);
    }
}
