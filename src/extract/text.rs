//! Text handling: where the story ends, sentences, quotations and words.
//!
//! News text is full of full stops that do not end sentences (U.S., Sen., Nov. 24,
//! J. R. Smith, 2.5 percent) and of quotations that run across sentence ends. A
//! sentence here never ends inside an open double quotation, so a quote split by its
//! attribution, or one of several sentences, stays with the words that attribute it.
//! Offsets are byte offsets into the article; evidence spans are converted to
//! Unicode characters at the end. The abbreviations and the boilerplate markers are
//! the lexicon's.

use super::lexicon::Vocab;

/// Where a sentence is in the article: its text, offset and paragraph.
#[derive(Clone, Debug)]
pub struct Segment<'a> {
    /// The sentence's text.
    pub text: &'a str,
    /// Byte offset of its first character in the article.
    pub start: usize,
    /// Index of its paragraph (line) in the article.
    pub paragraph: usize,
}

/// A quotation inside a sentence: the words between a pair of double quote marks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Quote {
    /// Byte range of the quoted words (without the marks) within the sentence.
    pub start: usize,
    /// End of the quoted words.
    pub end: usize,
}

/// Where the story ends: the first line that is boilerplate, or a price list.
pub fn story_end(text: &str, lex: &Vocab) -> usize {
    let mut offset = 0;
    for line in lines(text) {
        let trimmed = line.trim();
        // Markers are at the start of a line, in any case.
        let boiler = lex.boilerplate.iter().any(|b| {
            trimmed
                .get(..b.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(b))
                && trimmed[b.len()..]
                    .chars()
                    .next()
                    .is_none_or(|c| !c.is_alphanumeric())
        }) || looks_like_price_line(trimmed);
        // A boilerplate marker only counts once the story has begun (not in a headline).
        if boiler && offset > 0 {
            return offset;
        }
        offset += line.len();
    }
    text.len()
}

/// A short line with prices in it and no sentence (`Gel$59.56$29.78 -`) is a shop
/// widget; a story's sentence about "$48.2 billion" is not.
fn looks_like_price_line(line: &str) -> bool {
    // The cheap tests first: a story's paragraphs end as sentences and run long.
    if line.ends_with(['.', '?', '!', '"', '\u{201d}']) || line.split_whitespace().nth(12).is_some()
    {
        return false;
    }
    let prices: Vec<usize> = line
        .match_indices(['$', '€', '£'])
        .filter(|(i, sign)| {
            line[i + sign.len()..]
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_digit())
        })
        .map(|(i, _)| i)
        .collect();
    let glued = prices.iter().any(|i| {
        line[..*i]
            .chars()
            .last()
            .is_some_and(|c| c.is_alphanumeric())
    });
    !prices.is_empty() && (glued || prices.len() >= 2)
}

fn is_open_quote(c: char) -> bool {
    matches!(c, '\u{201c}' | '\u{201e}' | '\u{00ab}')
}

fn is_close_quote(c: char) -> bool {
    matches!(c, '\u{201d}' | '\u{00bb}')
}

/// The lines of `text`, each with its line feed (`split_inclusive('\n')`, with the
/// vectorised search of memchr: every byte of a story is scanned for line ends).
fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut start = 0;
    let mut ends = memchr::memchr_iter(b'\n', text.as_bytes());
    std::iter::from_fn(move || {
        let end = ends.next().map_or(text.len(), |i| i + 1);
        (start < end).then(|| {
            let line = &text[start..end];
            start = end;
            line
        })
    })
}

/// Splits the story into sentences, paragraph by paragraph.
pub fn sentences<'a>(text: &'a str, lex: &Vocab) -> Vec<Segment<'a>> {
    let mut out = Vec::new();
    let mut offset = 0;
    for (paragraph, line) in lines(text).enumerate() {
        split_paragraph(line, offset, paragraph, lex, &mut out);
        offset += line.len();
    }
    out
}

fn split_paragraph<'a>(
    line: &'a str,
    base: usize,
    paragraph: usize,
    lex: &Vocab,
    out: &mut Vec<Segment<'a>>,
) {
    let mut in_quote = false;
    let mut start = 0;
    // Marks taken with a sentence's end are not read again.
    let mut skip_to = 0;
    for (at, c) in marks(line, &SENTENCE_MARKS) {
        if at < skip_to {
            continue;
        }
        match c {
            '"' => in_quote = !in_quote,
            c if is_open_quote(c) => in_quote = true,
            c if is_close_quote(c) => in_quote = false,
            '.' | '?' | '!' if !in_quote || closes_quote(line, at + 1) => {
                // Take closing quote marks and brackets with the sentence.
                let mut end = at + 1;
                for (j, d) in line[end..].char_indices() {
                    if is_close_quote(d) || matches!(d, '"' | '\'' | '\u{2019}' | ')') {
                        if d == '"' {
                            in_quote = false;
                        }
                        end = at + 1 + j + d.len_utf8();
                    } else {
                        break;
                    }
                }
                if is_boundary(line, at, end, lex) {
                    push(line, base, paragraph, start, end, out);
                    start = end;
                    in_quote = false;
                }
                skip_to = end;
            }
            _ => {}
        }
    }
    push(line, base, paragraph, start, line.len(), out);
}

/// The characters of `text` whose first byte is marked in `wanted`, with their
/// offsets. Scanning bytes against a table and decoding only the few characters
/// asked for is several times faster than decoding every character (or than an
/// iterator chain over the bytes); every non-ASCII character starts with a byte of
/// 0xc0 or more.
fn marks<'a>(text: &'a str, wanted: &'static [bool; 256]) -> Marks<'a> {
    Marks {
        text,
        at: 0,
        wanted,
    }
}

struct Marks<'a> {
    text: &'a str,
    at: usize,
    wanted: &'static [bool; 256],
}

impl Iterator for Marks<'_> {
    type Item = (usize, char);

    fn next(&mut self) -> Option<(usize, char)> {
        let bytes = self.text.as_bytes();
        let mut i = self.at;
        while i < bytes.len() && !self.wanted[usize::from(bytes[i])] {
            i += 1;
        }
        let c = self.text.get(i..)?.chars().next()?;
        self.at = i + c.len_utf8();
        Some((i, c))
    }
}

/// A byte table: `byte_set(bytes)[b]` is true for the bytes listed.
const fn byte_set(bytes: &[u8]) -> [bool; 256] {
    let mut t = [false; 256];
    let mut i = 0;
    while i < bytes.len() {
        t[bytes[i] as usize] = true;
        i += 1;
    }
    t
}

/// First bytes of what may end a sentence or open or close a quotation: `"`, `.`,
/// `?`, `!` and the lead bytes of «, », “, ”, „ (0xc2, 0xe2).
static SENTENCE_MARKS: [bool; 256] = byte_set(b"\".?!\xc2\xe2");

/// True when the text at byte `at` starts with a closing quote, so the quotation
/// ends with the sentence even if quote marks were unbalanced before.
fn closes_quote(line: &str, at: usize) -> bool {
    line[at..]
        .chars()
        .next()
        .is_some_and(|c| is_close_quote(c) || c == '"')
}

/// Decides whether the punctuation at byte `at` (with trailing marks up to `end`)
/// ends a sentence: it must be followed by space and then a capital, a digit or a
/// quote, and not be the full stop of an abbreviation, an initial or a decimal.
fn is_boundary(line: &str, at: usize, end: usize, lex: &Vocab) -> bool {
    let rest = &line[end..];
    if rest.chars().next().is_some_and(|c| !c.is_whitespace()) {
        return false;
    }
    let Some(next) = rest.chars().find(|c| !c.is_whitespace()) else {
        return true;
    };
    let starts_sentence = next.is_uppercase()
        || next.is_ascii_digit()
        || is_open_quote(next)
        || next == '"'
        || next == '\u{2018}';
    if !starts_sentence {
        return false;
    }
    if !line[at..].starts_with('.') {
        return true;
    }
    // The word before the full stop.
    let before = &line[..at];
    let word_start = before
        .rfind(|c: char| c.is_whitespace() || c == '(' || is_open_quote(c) || c == '"')
        .map_or(0, |p| {
            p + before[p..].chars().next().map_or(1, char::len_utf8)
        });
    let word = &before[word_start..];
    let lower = word.to_lowercase();
    // "Art. 6", "Sec. 4": a numbered reference to a text, not a sentence end.
    if lex.reference_abbreviations.contains(&lower)
        && rest.trim_start().starts_with(|c: char| c.is_ascii_digit())
    {
        return false;
    }
    if lex.abbreviations.contains(&lower) {
        // "in the U.S. The next day" does end a sentence; a name after an honorific
        // ("Sen. Shaheen") does not. Country abbreviations end one only before a
        // word that cannot follow them in a name.
        return lex.ending_abbreviations.contains(&lower) && starts_new_clause(rest);
    }
    // An initial: a single capital letter ("J. R. Smith").
    let mut letters = word.chars();
    if let (Some(c), None) = (letters.next(), letters.next())
        && c.is_uppercase()
    {
        return false;
    }
    true
}

/// After "U.S." and the like: does a new clause start (a pronoun, an article, a
/// sentence-opening word), rather than a name or noun that the abbreviation modifies?
fn starts_new_clause(rest: &str) -> bool {
    let rest = rest.trim_start();
    let word: String = rest.chars().take_while(|c| c.is_alphabetic()).collect();
    matches!(
        word.as_str(),
        "The"
            | "A"
            | "An"
            | "He"
            | "She"
            | "It"
            | "They"
            | "We"
            | "I"
            | "In"
            | "On"
            | "But"
            | "And"
            | "This"
            | "That"
            | "There"
            | "His"
            | "Her"
            | "Its"
            | "Their"
            | "When"
            | "After"
            | "Before"
            | "Some"
            | "Many"
            | "Officials"
    ) || rest.starts_with('"')
        || rest.starts_with('\u{201c}')
}

fn push<'a>(
    line: &'a str,
    base: usize,
    paragraph: usize,
    start: usize,
    end: usize,
    out: &mut Vec<Segment<'a>>,
) {
    let raw = &line[start..end];
    let lead = raw.len() - raw.trim_start().len();
    let text = raw.trim();
    if !text.is_empty() {
        out.push(Segment {
            text,
            start: base + start + lead,
            paragraph,
        });
    }
}

/// The double-quoted passages of a sentence. Curly quotes pair by direction;
/// straight quotes pair in order. An unclosed quotation runs to the sentence end.
/// Single quotes are left alone: inside a quotation they are nested quotes, and
/// elsewhere they are usually apostrophes.
pub fn quotes(sentence: &str) -> Vec<Quote> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    // Every quote mark is '"' or starts with 0xc2 («, ») or 0xe2 (“, ”, „); most
    // sentences have none or two, so a vectorised search finds them.
    for i in memchr::memchr3_iter(b'"', 0xc2, 0xe2, sentence.as_bytes()) {
        let Some(c) = sentence.get(i..).and_then(|rest| rest.chars().next()) else {
            continue;
        };
        match (c, open) {
            (c, None) if is_open_quote(c) || c == '"' => open = Some(i + c.len_utf8()),
            (c, Some(s)) if is_close_quote(c) || c == '"' => {
                out.push(Quote { start: s, end: i });
                open = None;
            }
            _ => {}
        }
    }
    if let Some(s) = open {
        out.push(Quote {
            start: s,
            end: sentence.len(),
        });
    }
    out
}

/// A word of a sentence with its byte range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Word<'a> {
    /// The word, with inner apostrophes, hyphens and full stops kept (`U.S.`, `Moreno-Bright`, `don't`).
    pub text: &'a str,
    /// Byte offset in the sentence.
    pub start: usize,
    /// Byte offset just past the word.
    pub end: usize,
}

impl Word<'_> {
    /// True when the word starts with a capital letter.
    pub fn is_capitalized(&self) -> bool {
        match self.text.as_bytes().first() {
            Some(b) if b.is_ascii() => b.is_ascii_uppercase(),
            _ => self.text.chars().next().is_some_and(char::is_uppercase),
        }
    }
}

/// The words of a sentence. Punctuation is dropped except inside words; a trailing
/// full stop is kept only for abbreviations and initials (`Sen.`, `J.`).
pub fn words<'a>(sentence: &'a str, lex: &Vocab) -> Vec<Word<'a>> {
    let bytes = sentence.as_bytes();
    let n = bytes.len();
    let mut out = Vec::with_capacity(n / 5);
    let mut i = 0;
    while i < n {
        let (c, len) = char_at(sentence, i);
        if !is_word_char(c) {
            i += len;
            continue;
        }
        let start = i;
        loop {
            // Runs of ASCII letters and digits, most of a word, byte by byte.
            while i < n && ASCII_ALNUM[usize::from(bytes[i])] {
                i += 1;
            }
            if i >= n {
                break;
            }
            let (c, len) = char_at(sentence, i);
            let joins = is_word_char(c)
                || (matches!(c, '\'' | '\u{2019}' | '-' | '.' | '&' | ',')
                    && i + len < n
                    && is_word_char(char_at(sentence, i + len).0)
                    && (c != ',' || bytes[i - 1].is_ascii_digit()));
            if !joins {
                break;
            }
            i += len;
        }
        let end = if i < n && bytes[i] == b'.' && is_abbreviation(&sentence[start..i], lex) {
            i + 1
        } else {
            i
        };
        out.push(Word {
            text: &sentence[start..end],
            start,
            end,
        });
        i = end;
    }
    out
}

/// A letter or digit. Curly quotes and dashes (General Punctuation, U+2000 to
/// U+206F) are most of a story's non-ASCII characters and are answered without
/// Unicode's tables.
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        !('\u{2000}'..='\u{206f}').contains(&c) && c.is_alphanumeric()
    }
}

/// `ASCII_ALNUM[b]`: byte `b` is an ASCII letter or digit. A table lookup is the
/// cheapest test in the loop that reads every byte of the text.
const ASCII_ALNUM: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    table
};

/// The character at byte `i` (a character boundary) and its length; ASCII, most of
/// a story, without decoding.
fn char_at(text: &str, i: usize) -> (char, usize) {
    match text.as_bytes()[i] {
        b if b.is_ascii() => (char::from(b), 1),
        _ => text[i..]
            .chars()
            .next()
            .map_or((' ', 1), |c| (c, c.len_utf8())),
    }
}

/// An initial ("J") or one of the lexicon's abbreviations ("Sen", "U.S").
fn is_abbreviation(word: &str, lex: &Vocab) -> bool {
    let mut chars = word.chars();
    if let (Some(c), None) = (chars.next(), chars.next())
        && c.is_uppercase()
    {
        return true;
    }
    lex.abbreviations.contains(word) || lex.abbreviations.contains(&word.to_lowercase())
}

/// Lowercases a word for matching, folds curly apostrophes and drops a possessive.
/// Most words of a story need none of that and are borrowed as they are.
pub(crate) fn norm(word: &str) -> std::borrow::Cow<'_, str> {
    if is_plain(word) {
        std::borrow::Cow::Borrowed(word)
    } else {
        std::borrow::Cow::Owned(norm_owned(word))
    }
}

/// True when [`norm`] leaves the word as it is.
pub(crate) fn is_plain(word: &str) -> bool {
    word.bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.')
}

/// [`norm`] as an owned string, for building the gazetteer and target indexes.
pub(crate) fn norm_owned(word: &str) -> String {
    let mut w = String::with_capacity(word.len());
    norm_into(word, &mut w);
    w
}

/// Appends [`norm`] of `word` to `out`: the words of a sentence are lowered into
/// one buffer, reused from sentence to sentence, instead of a string each.
pub(crate) fn norm_into(word: &str, out: &mut String) {
    let start = out.len();
    if word.is_ascii() {
        out.push_str(word);
        out[start..].make_ascii_lowercase();
    } else {
        for c in word.chars() {
            match c {
                '\u{2019}' => out.push('\''),
                c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
                c => out.extend(c.to_lowercase()),
            }
        }
    }
    if out[start..].ends_with("'s") {
        out.truncate(out.len() - 2);
    }
    while out.len() > start && out.ends_with('\'') {
        out.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::Lexicon;

    fn lex() -> Vocab {
        Vocab::new(&Lexicon::default())
    }

    fn split(text: &str) -> Vec<&str> {
        sentences(text, &lex())
            .into_iter()
            .map(|s| s.text)
            .collect()
    }

    #[test]
    fn the_lexicon_says_which_abbreviations_end_no_sentence() {
        let text = "Talks resumed under Cllr. Ana Ruiz. Nothing was agreed.\n";
        assert_eq!(split(text).len(), 3);
        let mut lexicon = Lexicon::default();
        lexicon.abbreviations.push("cllr".into());
        let lex = Vocab::new(&lexicon);
        let split: Vec<&str> = sentences(text, &lex).into_iter().map(|s| s.text).collect();
        assert_eq!(
            split,
            ["Talks resumed under Cllr. Ana Ruiz.", "Nothing was agreed."]
        );
        let words: Vec<&str> = words(split[0], &lex).iter().map(|w| w.text).collect();
        assert_eq!(words[3], "Cllr.");
    }

    #[test]
    fn abbreviations_initials_and_decimals_do_not_end_sentences() {
        let text = "Sen. Jeanne Shaheen (D-N.H.) met Col. J. R. Smith on Nov. 24 in the U.S. Capitol. Growth was 2.5 percent. The U.S. Army agreed.\n";
        assert_eq!(
            split(text),
            [
                "Sen. Jeanne Shaheen (D-N.H.) met Col. J. R. Smith on Nov. 24 in the U.S. Capitol.",
                "Growth was 2.5 percent.",
                "The U.S. Army agreed."
            ]
        );
        assert_eq!(
            split("It was made in the U.S. The next day it sold."),
            ["It was made in the U.S.", "The next day it sold."]
        );
    }

    #[test]
    fn quotations_stay_whole() {
        let text = "He said the chief \u{201c}discussed intentions. It was positive.\u{201d} Then he left.";
        assert_eq!(
            split(text),
            [
                "He said the chief \u{201c}discussed intentions. It was positive.\u{201d}",
                "Then he left."
            ]
        );
        let straight = "\"No deal is perfect. It must be done,\" he said. \"Now.\"";
        assert_eq!(
            split(straight),
            [
                "\"No deal is perfect. It must be done,\" he said.",
                "\"Now.\""
            ]
        );
    }

    #[test]
    fn quotes_are_found_with_nested_single_quotes() {
        let s = "\u{201c}This so-called \u{2018}peace plan\u{2019} has real problems,\u{201d} he said, \"and more.\"";
        let q: Vec<&str> = quotes(s).iter().map(|q| &s[q.start..q.end]).collect();
        assert_eq!(
            q,
            [
                "This so-called \u{2018}peace plan\u{2019} has real problems,",
                "and more."
            ]
        );
    }

    #[test]
    fn boilerplate_ends_the_story() {
        let text = "Headline\nStory line.\nPopular Products\n-\nGel$59.56$29.78 -\n";
        assert_eq!(&text[..story_end(text, &lex())], "Headline\nStory line.\n");
        let prices = "Headline\nStory.\nPet Toothpaste Gel$59.56$29.78 -\n";
        assert_eq!(&prices[..story_end(prices, &lex())], "Headline\nStory.\n");
    }

    #[test]
    fn lines_are_those_of_split_inclusive() {
        for text in [
            "",
            "\n",
            "a",
            "a\n",
            "a\nb",
            "a\n\nb\n",
            "\u{201c}x\u{201d}\ny",
        ] {
            assert_eq!(
                lines(text).collect::<Vec<_>>(),
                text.split_inclusive('\n').collect::<Vec<_>>(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn words_keep_abbreviations_and_hyphens() {
        let w: Vec<&str> = words(
            "Sen. Moreno-Bright's U.S. plan, 2.5 percent, $48.2 billion.",
            &lex(),
        )
        .iter()
        .map(|w| w.text)
        .collect();
        assert_eq!(
            w,
            [
                "Sen.",
                "Moreno-Bright's",
                "U.S.",
                "plan",
                "2.5",
                "percent",
                "48.2",
                "billion"
            ]
        );
    }
}
