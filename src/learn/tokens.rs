//! Tokens and sentences as the trained models see them.
//!
//! The tagger was trained on UD English EWT, whose words split off punctuation and
//! the clitics of contractions ("don't" is "do" + "n't", "Trump's" is "Trump" +
//! "'s"); the tokens here split the same way, so that the tagger meets the words it
//! learned. Each token keeps its place in the text twice: in bytes, to slice, and
//! in Unicode code points, which is how attribution spans are reported.

use std::ops::Range;

/// One token of a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// First code point.
    pub cstart: usize,
    /// One past the last code point.
    pub cend: usize,
    /// The first token after a line break.
    pub line_start: bool,
}

impl Token {
    /// The token's text in `text`, the text it was read from.
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.end]
    }
}

/// Abbreviations that keep their final period ("Mr.", "Sen.", "Jan.").
const ABBREVIATIONS: &[&str] = &[
    "adm", "ave", "capt", "cmdr", "co", "col", "corp", "dept", "dr", "feb", "gen", "gov", "inc",
    "jan", "jr", "lt", "ltd", "maj", "messrs", "mr", "mrs", "ms", "mt", "nov", "oct", "prof",
    "rep", "reps", "rev", "sen", "sens", "sept", "sgt", "sr", "st", "supt", "vs", "aug", "dec",
];

/// Clitics split from the end of a word, longest first ("n't" before "'t").
const CLITICS: &[&str] = &["n't", "'s", "'re", "'ve", "'ll", "'d", "'m"];

fn is_punct(c: char) -> bool {
    !c.is_alphanumeric()
        && !matches!(
            c,
            '-' | '_' | '&' | '@' | '#' | '%' | '$' | '\'' | '\u{2019}'
        )
}

/// Splits `text` into tokens.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::with_capacity(text.len() / 5);
    let mut chars = 0usize;
    let mut line_start = true;
    let mut rest = text;
    let mut at = 0usize;
    while !rest.is_empty() {
        let ws = rest
            .find(|c: char| !c.is_whitespace())
            .unwrap_or(rest.len());
        let gap = &rest[..ws];
        if gap.contains('\n') {
            line_start = true;
        }
        chars += gap.chars().count();
        at += ws;
        rest = &rest[ws..];
        if rest.is_empty() {
            break;
        }
        let len = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let before = out.len();
        split_chunk(&rest[..len], at, chars, &mut out);
        if out.len() > before {
            out[before].line_start = line_start;
            line_start = false;
        }
        chars += rest[..len].chars().count();
        at += len;
        rest = &rest[len..];
    }
    out
}

/// Splits one whitespace-free chunk starting at byte `at`, code point `chars`.
fn split_chunk(chunk: &str, at: usize, chars: usize, out: &mut Vec<Token>) {
    let mut start = 0usize;
    let mut end = chunk.len();
    let push = |out: &mut Vec<Token>, s: usize, e: usize| {
        let cs = chars + chunk[..s].chars().count();
        let ce = cs + chunk[s..e].chars().count();
        out.push(Token {
            start: at + s,
            end: at + e,
            cstart: cs,
            cend: ce,
            line_start: false,
        });
    };
    // Leading punctuation, one mark per token ("(", "\u{201c}", "'").
    while let Some(c) = chunk[start..end].chars().next() {
        let quote = matches!(c, '\'' | '\u{2018}' | '`');
        if (is_punct(c) || quote) && start + c.len_utf8() < end {
            push(out, start, start + c.len_utf8());
            start += c.len_utf8();
        } else {
            break;
        }
    }
    // Trailing punctuation and clitics, collected from the end.
    let mut tail: Vec<(usize, usize)> = Vec::new();
    loop {
        let word = &chunk[start..end];
        let Some(c) = word.chars().next_back() else {
            break;
        };
        if c == '.' && keeps_period(&word[..word.len() - 1]) {
            break;
        }
        let quote = matches!(c, '\'' | '\u{2019}');
        if (is_punct(c) || (quote && !word.ends_with("s'"))) && word.len() > c.len_utf8() {
            tail.push((end - c.len_utf8(), end));
            end -= c.len_utf8();
            continue;
        }
        if quote && word.len() > 1 && word.ends_with("s'") && word.len() > 2 {
            // "players'": the possessive mark is a token of its own.
            tail.push((end - 1, end));
            end -= 1;
            break;
        }
        let lower = word.replace('\u{2019}', "'").to_lowercase();
        if let Some(clitic) = CLITICS
            .iter()
            .find(|c| lower.ends_with(*c) && lower.len() > c.len())
        {
            let n = clitic.chars().count();
            let cut = word.char_indices().rev().nth(n - 1).map_or(0, |(i, _)| i);
            if cut > 0 {
                tail.push((start + cut, end));
                end = start + cut;
            }
        }
        break;
    }
    // Dashes inside a word ("deal\u{2014}and") split it.
    let mut s = start;
    for (i, c) in chunk[start..end].char_indices() {
        let i = start + i;
        if matches!(c, '\u{2014}' | '\u{2013}') || (c == '"' || c == '\u{201c}' || c == '\u{201d}')
        {
            if i > s {
                push(out, s, i);
            }
            push(out, i, i + c.len_utf8());
            s = i + c.len_utf8();
        }
    }
    if end > s {
        push(out, s, end);
    }
    for &(s, e) in tail.iter().rev() {
        push(out, s, e);
    }
}

/// True when a word ending in a period keeps it: an abbreviation, an initial
/// ("J."), or a word with periods inside ("U.S.").
fn keeps_period(stem: &str) -> bool {
    if stem.is_empty() {
        return false;
    }
    if stem.contains('.') && stem.chars().all(|c| c.is_alphabetic() || c == '.') {
        return true;
    }
    if stem.chars().count() == 1 && stem.chars().all(char::is_uppercase) {
        return true;
    }
    let lower = stem.to_lowercase();
    ABBREVIATIONS.contains(&lower.as_str())
}

/// True when `token` is a quotation mark.
pub fn is_quote(token: &str) -> bool {
    matches!(
        token,
        "\"" | "\u{201c}" | "\u{201d}" | "\u{201e}" | "``" | "''" | "\u{ab}" | "\u{bb}"
    )
}

/// The sentences of `tokens`, as token ranges: a sentence ends at a full stop, a
/// question or exclamation mark (and any closing quote or bracket after it) before
/// a word that does not start in lower case, and at every line break.
pub fn sentences(text: &str, tokens: &[Token]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 0..tokens.len() {
        let next = tokens.get(i + 1);
        let end = match next {
            None => true,
            Some(n) if n.line_start => true,
            Some(n) => {
                let t = tokens[i].text(text);
                let nt = n.text(text);
                let terminal = matches!(t, "." | "!" | "?" | "...")
                    || ((is_quote(t) || t == ")" || t == "'" || t == "\u{2019}")
                        && i > start
                        && matches!(tokens[i - 1].text(text), "." | "!" | "?"));
                let closes = is_quote(nt) || nt == ")" || nt == "\u{2019}";
                terminal
                    && !(closes && matches!(t, "." | "!" | "?"))
                    && !nt.starts_with(|c: char| c.is_lowercase())
            }
        };
        if end {
            out.push(start..i + 1);
            start = i + 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        tokenize(text).iter().map(|t| t.text(text)).collect()
    }

    #[test]
    fn punctuation_and_clitics_are_tokens_of_their_own() {
        assert_eq!(
            words("\u{201c}We don't,\u{201d} said Mr. Trump's aide (U.S.)."),
            [
                "\u{201c}", "We", "do", "n't", ",", "\u{201d}", "said", "Mr.", "Trump", "'s",
                "aide", "(", "U.S.", ")", "."
            ]
        );
        assert_eq!(
            words("the players' union"),
            ["the", "players", "'", "union"]
        );
        assert_eq!(
            words("a deal\u{2014}and more"),
            ["a", "deal", "\u{2014}", "and", "more"]
        );
    }

    #[test]
    fn offsets_count_code_points() {
        let text = "Zelensky \u{201c}r\u{e9}fused\u{201d}.";
        let t = tokenize(text);
        assert_eq!((t[1].cstart, t[1].cend), (9, 10));
        assert_eq!(t[2].text(text), "r\u{e9}fused");
        assert_eq!((t[2].cstart, t[2].cend), (10, 17));
    }

    #[test]
    fn sentences_end_after_closing_quotes_and_at_line_breaks() {
        let text = "\u{201c}No.\u{201d} He left. Mr. Smith stayed\nA new line";
        let t = tokenize(text);
        let s: Vec<String> = sentences(text, &t)
            .into_iter()
            .map(|r| text[t[r.start].start..t[r.end - 1].end].to_owned())
            .collect();
        assert_eq!(
            s,
            [
                "\u{201c}No.\u{201d}",
                "He left.",
                "Mr. Smith stayed",
                "A new line"
            ]
        );
    }
}
