//! Attribution: who said (or thinks, or reported) what, learned from PolNeAR.
//!
//! Three decisions, each a linear model over sparse features, all in one weights
//! file:
//!
//! 1. **Cue**: each token of a sentence is tagged `O`, `B` or `I` (the start or
//!    the rest of a cue: "said", "according to", "told reporters"), greedily, left
//!    to right, with the tag before it as a feature.
//! 2. **Content**: for each cue, rules propose spans (the rest of the sentence, the
//!    quotation that opens after the cue or closes before it, across sentences,
//!    the clause before it, the clause after a comma, the sentence, the one before
//!    or after) and a ranker picks one.
//! 3. **Source**: rules propose the sentence's noun phrases and pronouns (and "no
//!    source"), and a ranker picks one, knowing where the content is.
//!
//! The rankers are trained on the gold cues, the tagger on its own guesses, each by
//! the averaged perceptron, in an order fixed by a seed. Every decision can name the
//! features that weighed most for it.

use std::ops::Range;
use std::path::Path;

use super::tagger::Tagger;
use super::tokens::{Token, is_quote, sentences, tokenize};
use super::{Manifest, Trainer, Weights, best, feature, shuffle};
use crate::error::{Error, Result};

/// The feature set's version: weights trained on another mean nothing to this code.
pub const FEATURES: &str = "attribution-4";

/// What the rules' lexicon knows of a word, as the bits of a mask: the classes
/// below, in this order. The extractor's lexicon supplies them (see
/// `extract::attributions`); the model learns how much each weighs.
pub const LEXICON_CLASSES: [&str; 10] = [
    "speech-verb",
    "stance-cue",
    "hedge",
    "unnamed-source",
    "spokesperson",
    "urge-verb",
    "criticism-noun",
    "claim-noun",
    "actor-noun",
    "people-noun",
];

/// The lexicon's classes of a lowercased word, as a mask over [`LEXICON_CLASSES`].
pub type Lexical<'a> = &'a dyn Fn(&str) -> u32;

/// Classes: the cue tags, then one score each for the two rankers.
const CLASSES: [&str; 5] = ["O", "B", "I", "content", "source"];
const O: usize = 0;
const B: usize = 1;
const I: usize = 2;
const CONTENT: usize = 3;
const SOURCE: usize = 4;

/// One attribution found in a text. Spans are `[start, end)` in Unicode code
/// points, and in bytes for slicing.
#[derive(Clone, Debug, PartialEq)]
pub struct Found {
    /// The words that attribute ("said", "according to").
    pub cue: Span,
    /// What is attributed.
    pub content: Span,
    /// Who, as the text names them, if it does.
    pub source: Option<Span>,
    /// The name the source stands for in its own sentence, where the source is a
    /// relative pronoun or a role with the name in apposition ("Its chief
    /// scientist, Lena Ortiz, said").
    pub source_name: Option<Span>,
    /// A quotation: a quote mark in the content or next to it.
    pub direct: bool,
    /// The rule that proposed the content ("after", "before-quote", ...).
    pub pattern: &'static str,
    /// The parts of the content that are the speaker's: the content itself, or the
    /// two halves of a quotation split by its attribution ("...," he said, "...")
    /// and the quotations that continue it in the sentences after.
    pub fragments: Vec<Span>,
    /// The features that weighed most for the content and the source, strongest
    /// first.
    pub why: Vec<(String, f64)>,
    /// How far the chosen content's score is ahead of the runner-up's (of zero when
    /// it has none): the ranker's certainty, in its own units.
    pub margin: f64,
}

/// The attributions with none inside another: PolNeAR annotates no cue within
/// another attribution's content, and such a cue is most often a word of the
/// quotation ("lying about", "showing") taken for a cue. Where two conflict, the
/// one whose content the ranker is surer of stays; ties go to the earlier.
fn unnested(found: Vec<Found>) -> Vec<Found> {
    let inside = |a: &Span, b: &Span| b.start <= a.start && a.end <= b.end;
    let mut order: Vec<usize> = (0..found.len()).collect();
    order.sort_by(|&a, &b| found[b].margin.total_cmp(&found[a].margin).then(a.cmp(&b)));
    let mut keep = vec![false; found.len()];
    let mut kept: Vec<usize> = Vec::new();
    for i in order {
        let f = &found[i];
        let conflict = kept
            .iter()
            .any(|&k| inside(&f.cue, &found[k].content) || inside(&found[k].cue, &f.content));
        if !conflict {
            keep[i] = true;
            kept.push(i);
        }
    }
    found
        .into_iter()
        .zip(keep)
        .filter_map(|(f, k)| k.then_some(f))
        .collect()
}

/// A span of a text, in code points and in bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
    /// First byte.
    pub byte_start: usize,
    /// One past the last byte.
    pub byte_end: usize,
}

impl Span {
    /// The span's text in `text`.
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        &text[self.byte_start..self.byte_end]
    }
}

/// A text read for attribution: tokens, tags, sentences and quotations.
struct Doc<'t, 'm> {
    text: &'t str,
    tokens: Vec<Token>,
    lower: Vec<String>,
    tags: Vec<&'m str>,
    sentences: Vec<Range<usize>>,
    /// For each token, its sentence.
    sentence_of: Vec<usize>,
    /// For an opening quote mark, the token that ends its quotation (its closing
    /// mark, or the end of the paragraph); for a closing one, its opening mark.
    partner: Vec<Option<usize>>,
    in_quote: Vec<bool>,
    /// The lexicon's classes of each token.
    lex: Vec<u32>,
    /// How many quote marks come before each token (and, last, in all).
    quotes_before: Vec<u32>,
}

impl<'t, 'm> Doc<'t, 'm> {
    fn new(text: &'t str, tagger: &'m Tagger, lexical: Lexical) -> Self {
        let tokens = tokenize(text);
        let sentences = sentences(text, &tokens);
        let lower: Vec<String> = tokens
            .iter()
            .map(|t| t.text(text).to_lowercase().replace('\u{2019}', "'"))
            .collect();
        let mut tags = Vec::with_capacity(tokens.len());
        let mut sentence_of = vec![0; tokens.len()];
        for (k, s) in sentences.iter().enumerate() {
            let words: Vec<&str> = tokens[s.clone()].iter().map(|t| t.text(text)).collect();
            tags.extend(tagger.tag(&words));
            sentence_of[s.clone()].fill(k);
        }
        let (partner, in_quote) = quotations(text, &tokens);
        let lex = lower.iter().map(|w| lexical(w)).collect();
        let mut quotes_before = Vec::with_capacity(tokens.len() + 1);
        let mut n = 0u32;
        quotes_before.push(0);
        for t in &tokens {
            n += u32::from(is_quote(t.text(text)));
            quotes_before.push(n);
        }
        Self {
            lex,
            quotes_before,
            text,
            tokens,
            lower,
            tags,
            sentences,
            sentence_of,
            partner,
            in_quote,
        }
    }

    fn word(&self, i: isize) -> &str {
        match usize::try_from(i) {
            Ok(i) if i < self.lower.len() => &self.lower[i],
            Ok(_) => "-END-",
            Err(_) => "-START-",
        }
    }

    fn tag(&self, i: isize) -> &str {
        match usize::try_from(i) {
            Ok(i) if i < self.tags.len() => self.tags[i],
            Ok(_) => "-END-",
            Err(_) => "-START-",
        }
    }

    /// Adds one feature per lexicon class of token `i`, named by `what`.
    fn lexicon_features(&self, i: usize, what: &str, extra: &str, f: &mut Features) {
        let mask = self.lex.get(i).copied().unwrap_or(0);
        for (bit, name) in LEXICON_CLASSES.iter().enumerate() {
            if mask & (1 << bit) != 0 {
                f.add(&[what, name, extra]);
            }
        }
    }

    fn is_open(&self, i: usize) -> bool {
        is_quote(self.tokens[i].text(self.text)) && self.partner[i].is_some_and(|p| p > i)
    }

    fn is_close(&self, i: usize) -> bool {
        is_quote(self.tokens[i].text(self.text)) && self.partner[i].is_some_and(|p| p < i)
    }

    fn is_punct(&self, i: usize) -> bool {
        self.tags[i] == "PUNCT"
    }

    /// The span of tokens `r`, without punctuation at either end.
    fn span(&self, r: Range<usize>) -> Option<Span> {
        let (mut s, mut e) = (r.start, r.end.min(self.tokens.len()));
        while s < e && self.is_punct(s) {
            s += 1;
        }
        while e > s && self.is_punct(e - 1) {
            e -= 1;
        }
        (s < e).then(|| Span {
            start: self.tokens[s].cstart,
            end: self.tokens[e - 1].cend,
            byte_start: self.tokens[s].start,
            byte_end: self.tokens[e - 1].end,
        })
    }

    /// True when a quote mark is in the span or within two characters of it, the
    /// scorer's rule for a direct quotation.
    fn direct(&self, span: &Span) -> bool {
        let from = self.text[..span.byte_start]
            .char_indices()
            .rev()
            .nth(1)
            .map_or(0, |(i, _)| i);
        let to = self.text[span.byte_end..]
            .char_indices()
            .nth(2)
            .map_or(self.text.len(), |(i, _)| span.byte_end + i);
        let near = &self.text[from..to];
        near.contains(['"', '\u{201c}', '\u{201d}', '\u{201e}', '\u{ab}', '\u{bb}'])
            || near.contains("''")
            || near.contains("``")
    }
}

/// Pairs the quote marks of a text: curly ones by their shape, straight ones in
/// turn; a quotation not closed by the end of its paragraph ends there (news
/// reopens a quotation continued in the next paragraph with a fresh mark).
fn quotations(text: &str, tokens: &[Token]) -> (Vec<Option<usize>>, Vec<bool>) {
    let mut partner = vec![None; tokens.len()];
    let mut in_quote = vec![false; tokens.len()];
    let mut open: Option<usize> = None;
    for i in 0..tokens.len() {
        if tokens[i].line_start
            && let Some(o) = open.take()
        {
            partner[o] = Some(i);
        }
        let t = tokens[i].text(text);
        if is_quote(t) {
            let opening = match t {
                "\u{201c}" | "\u{201e}" | "``" | "\u{ab}" => true,
                "\u{201d}" | "''" | "\u{bb}" => false,
                _ => open.is_none(),
            };
            match (opening, open) {
                (true, Some(o)) => {
                    partner[o] = Some(i);
                    open = Some(i);
                }
                (true, None) => open = Some(i),
                (false, Some(o)) => {
                    partner[o] = Some(i);
                    partner[i] = Some(o);
                    open = None;
                }
                (false, None) => {}
            }
        } else if open.is_some() {
            in_quote[i] = true;
        }
    }
    if let Some(o) = open {
        partner[o] = Some(tokens.len());
    }
    (partner, in_quote)
}

/// A bucket for a count, so that features generalise over lengths and distances.
fn bucket(n: usize) -> &'static str {
    match n {
        0 => "0",
        1 => "1",
        2 => "2",
        3..=4 => "3-4",
        5..=8 => "5-8",
        9..=16 => "9-16",
        _ => "17+",
    }
}

/// Collects features, and their names when a decision is to be explained.
struct Features {
    hashes: Vec<u64>,
    names: Option<Vec<String>>,
}

impl Features {
    fn new(explain: bool) -> Self {
        Self {
            hashes: Vec::with_capacity(32),
            names: explain.then(Vec::new),
        }
    }

    fn clear(&mut self) {
        self.hashes.clear();
        if let Some(n) = &mut self.names {
            n.clear();
        }
    }

    fn add(&mut self, parts: &[&str]) {
        self.hashes.push(feature(parts));
        if let Some(n) = &mut self.names {
            n.push(parts.join(" "));
        }
    }
}

/// The cue tagger's features for token `i` of a sentence starting at `start`.
fn cue_features(doc: &Doc, i: usize, start: usize, end: usize, prev: &str, f: &mut Features) {
    f.clear();
    let k = i as isize;
    let (w, t) = (doc.word(k), doc.tag(k));
    let (p1, n1, p2, n2) = (
        doc.word(k - 1),
        doc.word(k + 1),
        doc.word(k - 2),
        doc.word(k + 2),
    );
    let (tp1, tn1) = (doc.tag(k - 1), doc.tag(k + 1));
    let first = if i == start { "first" } else { "-" };
    let last = if i + 2 >= end { "last" } else { "-" };
    let quoted = if doc.in_quote[i] { "q" } else { "-" };
    let suffix = w.char_indices().rev().nth(2).map_or(w, |(at, _)| &w[at..]);
    f.add(&["bias"]);
    f.add(&["w", w]);
    f.add(&["t", t]);
    f.add(&["wt", w, t]);
    f.add(&["s3", suffix, t]);
    f.add(&["prev", prev]);
    f.add(&["prev w", prev, w]);
    f.add(&["w-1", p1]);
    f.add(&["w+1", n1]);
    f.add(&["w-2", p2]);
    f.add(&["w+2", n2]);
    f.add(&["w-1 w", p1, w]);
    f.add(&["w w+1", w, n1]);
    f.add(&["t-1 t", tp1, t]);
    f.add(&["t t+1", t, tn1]);
    f.add(&["t-1 t t+1", tp1, t, tn1]);
    f.add(&["w t+1", w, tn1]);
    f.add(&["t-1 w", tp1, w]);
    f.add(&["q", quoted, t]);
    f.add(&["q w", quoted, w]);
    f.add(&["first", first, w]);
    f.add(&["last", last, w]);
    f.add(&["prev t", prev, t]);
    f.add(&["stem", stem(w)]);
    f.add(&["stem t+1", stem(w), tn1]);
    let quote_near = |k: isize| {
        usize::try_from(k)
            .ok()
            .filter(|&k| k < doc.tokens.len())
            .map_or("-", |k| {
                if is_quote(doc.tokens[k].text(doc.text)) {
                    "q"
                } else {
                    "-"
                }
            })
    };
    f.add(&["quote-1 quote+1", quote_near(k - 1), quote_near(k + 1), t]);
    f.add(&["quote-2", quote_near(k - 2), w]);
    f.add(&["quote+2", quote_near(k + 2), w]);
    let quoted_before = doc.quotes_before[i] > doc.quotes_before[start];
    let quoted_after = doc.quotes_before[end] > doc.quotes_before[i + 1];
    let around = match (quoted_before, quoted_after) {
        (true, true) => "both",
        (true, false) => "before",
        (false, true) => "after",
        (false, false) => "none",
    };
    f.add(&["quotes", around, t]);
    f.add(&["quotes w", around, w]);
    // What a cue needs around it: a clause after ("that", a quotation) and someone
    // before it in the clause.
    let ahead = (i + 1..end.min(i + 5)).find_map(|k| match doc.lower[k].as_str() {
        "that" => Some("that"),
        "," | ":" => Some("punct"),
        _ if doc.is_open(k) => Some("quote"),
        _ => None,
    });
    f.add(&["ahead", ahead.unwrap_or("-"), t]);
    let subject = (start..i)
        .rev()
        .take_while(|&k| !matches!(doc.tags[k], "VERB" | "AUX") || k + 1 == i)
        .find(|&k| matches!(doc.tags[k], "PRON" | "PROPN" | "NOUN"))
        .map_or("none", |k| bucket(i - k));
    f.add(&["subject", subject, t]);
    f.add(&["subject w", subject, stem(w)]);
    doc.lexicon_features(i, "lex", t, f);
    doc.lexicon_features(i, "lex around", around, f);
    if i + 1 < end {
        doc.lexicon_features(i + 1, "lex+1", "-", f);
    }
    if i > start {
        doc.lexicon_features(i - 1, "lex-1", "-", f);
    }
}

/// False for the words that (almost) never start a cue: names, pronouns,
/// determiners, numbers, conjunctions and punctuation other than a colon or a
/// dash. They are tagged `O` unscored, which saves the tagger most of its work.
fn may_start_cue(doc: &Doc, i: usize) -> bool {
    match doc.tags[i] {
        "PROPN" | "PRON" | "DET" | "NUM" | "CCONJ" | "SYM" | "X" | "INTJ" => false,
        "PUNCT" => matches!(
            doc.lower[i].as_str(),
            ":" | "\u{2014}" | "\u{2015}" | "\u{2013}" | "-" | "--"
        ),
        _ => true,
    }
}

/// A word without its inflection ("says", "said", "saying": "say" is not
/// recovered, but "claims", "claimed", "claiming" all give "claim").
fn stem(w: &str) -> &str {
    for end in ["ing", "ed", "es", "s"] {
        if let Some(s) = w.strip_suffix(end)
            && s.len() >= 3
        {
            return s;
        }
    }
    w
}

/// True when token `i` is a dash that attributes the quotation before it (a
/// pull quote: "...\u{201d} \u{2015} Sonya Herridge"): a rule, as such lines are
/// too rare in the training data to be learned.
fn quote_dash(doc: &Doc, i: usize, end: usize) -> bool {
    matches!(
        doc.tokens[i].text(doc.text),
        "\u{2014}" | "\u{2015}" | "\u{2013}" | "-" | "--"
    ) && i > 0
        && doc.is_close(i - 1)
        && i + 1 < end
        && doc.tags[i + 1] == "PROPN"
}

/// A content span the rules propose for a cue, and the rule.
struct Candidate {
    kind: &'static str,
    tokens: Range<usize>,
}

/// The content spans the rules propose for the cue `cue` (tokens).
fn content_candidates(doc: &Doc, cue: &Range<usize>) -> Vec<Candidate> {
    let s = doc.sentence_of[cue.start];
    let sent = doc.sentences[s].clone();
    let mut out: Vec<Candidate> = Vec::new();
    let mut push = |kind: &'static str, r: Range<usize>| {
        if r.start < r.end && doc.span(r.clone()).is_some() && !out.iter().any(|c| c.tokens == r) {
            out.push(Candidate { kind, tokens: r });
        }
    };
    // After the cue: skip a comma, a colon, "that".
    let mut after = cue.end;
    while after < sent.end && matches!(doc.lower[after].as_str(), "," | ":" | "that") {
        after += 1;
    }
    push("after", after..sent.end);
    // "said on Tuesday that ...", "told reporters that ...": the clause after a
    // "that" a few words on, with no verb before it (in "said the survey counted
    // fish that ..." the "that" is a relative pronoun).
    if let Some(that) = (after..sent.end.min(after + 6))
        .take_while(|&k| !matches!(doc.tags[k], "VERB" | "AUX"))
        .find(|&k| doc.lower[k] == "that")
    {
        push("after-that", that + 1..sent.end);
    }
    if after < sent.end
        && doc.is_open(after)
        && let Some(close) = doc.partner[after]
    {
        push("after-quote", after + 1..close);
    }
    if let Some(comma) = (after..sent.end).find(|&k| matches!(doc.lower[k].as_str(), "," | ";")) {
        push("after-clause", after..comma);
        push("after-comma", comma + 1..sent.end);
    }
    // Before the cue: back to the last comma or closing quote before it (with
    // neither, what comes before the cue is its subject, not its content).
    let before = (sent.start..cue.start)
        .rev()
        .find(|&k| matches!(doc.lower[k].as_str(), "," | ";" | ":") || doc.is_close(k));
    if let Some(b) = before {
        push("before", sent.start..b);
        let close = if doc.is_close(b) {
            Some(b)
        } else if b > sent.start && doc.is_close(b - 1) {
            Some(b - 1)
        } else {
            None
        };
        if let Some(c) = close
            && let Some(open) = doc.partner[c]
        {
            push("before-quote", open + 1..c);
            // "...," he said, "...": the quotation after the cue too.
            if after < sent.end
                && doc.is_open(after)
                && let Some(close2) = doc.partner[after]
            {
                push("split-quote", open + 1..close2);
            }
        }
        if let Some(comma) = (sent.start..b).find(|&k| doc.lower[k] == ",") {
            push("before-clause", comma + 1..b);
        }
    }
    push("sentence", sent.clone());
    // A neighbouring sentence, where this one has little else to attribute: the
    // quotation just before ("That is what he said."), or what follows a cue that
    // ends its sentence ("She put it this way:").
    let words_left = (sent.clone())
        .filter(|&k| !cue.contains(&k) && !doc.is_punct(k))
        .count();
    if s > 0 {
        let prev = doc.sentences[s - 1].clone();
        let quoted = (prev.start..prev.end)
            .rev()
            .take(3)
            .any(|k| doc.is_close(k));
        if quoted || words_left <= 4 {
            push("previous", prev);
        }
    }
    let rest = (after..sent.end).filter(|&k| !doc.is_punct(k)).count();
    if s + 1 < doc.sentences.len() && (rest == 0 || words_left <= 4) {
        push("next", doc.sentences[s + 1].clone());
    }
    out
}

/// The token ranges of the chosen content: the two halves of a split quotation
/// when the ranker chose either half or the whole, and then each quotation that
/// opens the next sentence, closes in it and has no cue of its own.
fn quoted_parts(
    doc: &Doc,
    candidates: &[Candidate],
    chosen: &Candidate,
    has_cue: &[bool],
) -> Vec<Range<usize>> {
    let split = candidates.iter().find(|c| c.kind == "split-quote");
    let mut parts = match (chosen.kind, split) {
        ("before-quote" | "split-quote", Some(split)) => {
            let first = candidates
                .iter()
                .find(|c| c.kind == "before-quote")
                .map_or(split.tokens.clone(), |c| c.tokens.clone());
            let second = candidates
                .iter()
                .find(|c| c.kind == "after-quote")
                .map_or(split.tokens.clone(), |c| c.tokens.clone());
            vec![first, second]
        }
        _ => vec![chosen.tokens.clone()],
    };
    let last = parts[parts.len() - 1].clone();
    let quoted = last.end < doc.tokens.len() && doc.is_close(last.end);
    if !quoted {
        return parts;
    }
    let mut s = doc.sentence_of[last.end];
    while s + 1 < doc.sentences.len() && !has_cue[s + 1] {
        let next = doc.sentences[s + 1].clone();
        match doc.partner[next.start] {
            Some(close) if doc.is_open(next.start) && close < next.end => {
                parts.push(next.start + 1..close);
                s += 1;
            }
            _ => break,
        }
    }
    parts
}

/// The content ranker's features for candidate `c` of cue `cue`.
fn content_features(doc: &Doc, cue: &Range<usize>, c: &Candidate, f: &mut Features) {
    f.clear();
    let s = doc.sentence_of[cue.start];
    let sent = &doc.sentences[s];
    let head = cue_head(doc, cue);
    let w = doc.lower[head].as_str();
    let t = doc.tags[head];
    let k = c.kind;
    let n1 = doc.word(cue.end as isize);
    let p1 = doc.word(cue.start as isize - 1);
    let at_start = if cue.start == sent.start {
        "start"
    } else {
        "-"
    };
    let rest_punct = (cue.end..sent.end).all(|i| doc.is_punct(i));
    let at_end = if rest_punct { "end" } else { "-" };
    let len = bucket(c.tokens.len());
    let first = doc.word(c.tokens.start as isize);
    let first_t = doc.tag(c.tokens.start as isize);
    let open = if c.tokens.start > 0 && doc.is_open(c.tokens.start - 1) {
        "open"
    } else {
        "-"
    };
    let quoted = if doc.in_quote[head] { "q" } else { "-" };
    let contains_cue = if c.tokens.start <= cue.start && cue.end <= c.tokens.end {
        "over-cue"
    } else {
        "-"
    };
    let comma_before = if (sent.start..cue.start).any(|i| doc.lower[i] == ",") {
        "comma"
    } else {
        "-"
    };
    f.add(&["k", k]);
    f.add(&["k w", k, w]);
    f.add(&["k t", k, t]);
    f.add(&["k w+1", k, n1]);
    f.add(&["k w-1", k, p1]);
    f.add(&["k w w+1", k, w, n1]);
    f.add(&["k start", k, at_start]);
    f.add(&["k end", k, at_end]);
    f.add(&["k start end w", k, at_start, at_end, w]);
    f.add(&["k len", k, len]);
    f.add(&["k first", k, first]);
    f.add(&["k first t", k, first_t]);
    f.add(&["k open", k, open]);
    f.add(&["k open w", k, open, w]);
    f.add(&["k q", k, quoted]);
    f.add(&["k over", k, contains_cue]);
    f.add(&["k comma", k, comma_before, at_end]);
    let has_verb = c
        .tokens
        .clone()
        .any(|i| matches!(doc.tags[i], "VERB" | "AUX"));
    let touches = if c.tokens.end == cue.start || c.tokens.start == cue.end {
        "touches"
    } else {
        "-"
    };
    let last_t = doc.tag(c.tokens.end as isize - 1);
    f.add(&["k verb", k, if has_verb { "verb" } else { "-" }]);
    f.add(&[
        "k verb touches",
        k,
        if has_verb { "verb" } else { "-" },
        touches,
    ]);
    f.add(&["k last t", k, last_t]);
}

/// The cue's main word: its first verb, else its first word.
fn cue_head(doc: &Doc, cue: &Range<usize>) -> usize {
    cue.clone()
        .find(|&i| doc.tags[i] == "VERB")
        .unwrap_or(cue.start)
}

/// Pronouns that stand for a speaker on their own; possessives start a phrase.
const SUBJECT_PRONOUNS: &[&str] = &[
    "he", "she", "they", "i", "we", "you", "it", "who", "which", "that", "this", "these", "those",
    "one", "someone", "some", "others", "many", "both", "all",
];

/// The noun phrases and pronouns of sentence `s`, outside the cue: the sources the
/// rules propose.
fn source_candidates(doc: &Doc, cue: &Range<usize>) -> Vec<Range<usize>> {
    let sent = doc.sentences[doc.sentence_of[cue.start]].clone();
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for i in sent.clone() {
        let t = doc.tags[i];
        let w = doc.lower[i].as_str();
        let nominal = !cue.contains(&i)
            && (matches!(t, "PROPN" | "NOUN" | "PRON" | "DET" | "ADJ" | "NUM")
                || (w == "'s" && start.is_some())
                || (w == "." && start.is_some()));
        let alone = !cue.contains(&i) && t == "PRON" && SUBJECT_PRONOUNS.contains(&w);
        if alone {
            if let Some(s) = start.take() {
                out.push(s..i);
            }
            out.push(i..i + 1);
            continue;
        }
        match (nominal, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(s..i);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(s..sent.end);
    }
    // A phrase of only determiners or adjectives names no one.
    out.retain(|r| {
        r.clone()
            .any(|i| matches!(doc.tags[i], "PROPN" | "NOUN" | "PRON" | "NUM"))
    });
    out
}

/// The chosen source chunk `k`, or the name it stands for in its own sentence: the
/// antecedent of a relative pronoun ("Tom\u{e1}s Herrera, who leads the union,
/// denied ...") and the name in apposition to a role ("Its chief scientist, Lena
/// Ortiz, said ...").
fn named_source(doc: &Doc, chunks: &[Range<usize>], k: usize) -> Range<usize> {
    let chunk = chunks[k].clone();
    let comma = |i: usize| doc.lower.get(i).is_some_and(|w| w == ",");
    let proper = |r: &Range<usize>| r.clone().any(|i| doc.tags[i] == "PROPN");
    if chunk.len() == 1
        && matches!(doc.lower[chunk.start].as_str(), "who" | "which")
        && chunk.start > 0
        && comma(chunk.start - 1)
        && let Some(before) = chunks[..k].iter().rev().find(|r| r.end == chunk.start - 1)
        && proper(before)
    {
        return before.clone();
    }
    if !proper(&chunk)
        && comma(chunk.end)
        && let Some(name) = chunks.get(k + 1)
        && name.start == chunk.end + 1
        && comma(name.end)
        && name.clone().all(|i| doc.tags[i] == "PROPN")
    {
        return name.clone();
    }
    chunk
}

/// The source ranker's features for `chunk` (None: no source) of cue `cue` whose
/// content is `content`.
fn source_features(
    doc: &Doc,
    cue: &Range<usize>,
    content: &Range<usize>,
    chunk: Option<&Range<usize>>,
    rank: usize,
    f: &mut Features,
) {
    f.clear();
    let head = cue_head(doc, cue);
    let w = doc.lower[head].as_str();
    let t = doc.tags[head];
    let Some(r) = chunk else {
        f.add(&["none"]);
        f.add(&["none w", w]);
        f.add(&["none t", t]);
        f.add(&["none w-1", doc.word(cue.start as isize - 1)]);
        return;
    };
    let left = r.end <= cue.start;
    let dir = if left { "L" } else { "R" };
    let dist = if left {
        cue.start.saturating_sub(r.end)
    } else {
        r.start.saturating_sub(cue.end)
    };
    let last = r.end - 1;
    let h = doc.lower[last].as_str();
    let ht = doc.tags[last];
    let first = doc.lower[r.start].as_str();
    let between = if dist <= 3 {
        let gap = if left {
            r.end..cue.start
        } else {
            cue.end..r.start
        };
        gap.map(|i| doc.lower[i].as_str())
            .collect::<Vec<_>>()
            .join("_")
    } else {
        "far".to_owned()
    };
    let inside = if content.start <= r.start && r.end <= content.end {
        "in"
    } else if r.end <= content.start || content.end <= r.start {
        "out"
    } else {
        "cross"
    };
    let quoted = if doc.in_quote[r.start] { "q" } else { "-" };
    let rank = bucket(rank);
    let before = doc.word(r.start as isize - 1);
    let after = doc.word(r.end as isize);
    f.add(&["dir", dir]);
    f.add(&["dir dist", dir, bucket(dist)]);
    f.add(&["dir rank", dir, rank]);
    f.add(&["dir rank w", dir, rank, w]);
    f.add(&["dir w", dir, w]);
    f.add(&["dir t", dir, t]);
    f.add(&["head", h]);
    f.add(&["head t", ht]);
    f.add(&["dir head t", dir, ht]);
    f.add(&["dir head", dir, h]);
    f.add(&["first", first]);
    f.add(&["between", dir, &between]);
    f.add(&["between w", dir, &between, w]);
    f.add(&["inside", inside]);
    f.add(&["dir inside", dir, inside, rank]);
    f.add(&["q", quoted, dir]);
    f.add(&["before", before, dir]);
    f.add(&["after", after, dir]);
    f.add(&["len", bucket(r.len())]);
    doc.lexicon_features(last, "lex head", dir, f);
    doc.lexicon_features(r.start, "lex first", dir, f);
}

/// The attribution model: cue tagger and the two rankers.
#[derive(Debug)]
pub struct Attributor {
    weights: Weights,
}

/// The weights this build carries: `stancegraph train attribution` rebuilds them.
const BUILTIN: &[u8] = include_bytes!("attribution.model");

impl Attributor {
    /// The model trained on PolNeAR train that ships with this build.
    pub fn builtin() -> &'static Attributor {
        static MODEL: std::sync::OnceLock<Attributor> = std::sync::OnceLock::new();
        MODEL.get_or_init(|| {
            match Self::from_bytes(BUILTIN, Path::new("src/learn/attribution.model")) {
                Ok((model, _)) => model,
                // The embedded file is checked by a test; a build without it cannot exist.
                Err(e) => unreachable!("the embedded attribution model loads: {e}"),
            }
        })
    }

    /// Reads a weights file written by `stancegraph train attribution`; a missing,
    /// truncated or foreign file is one error naming it.
    pub fn load(path: &Path) -> Result<Self> {
        let bytes = std::fs::read(path).map_err(|source| Error::Io {
            path: path.to_owned(),
            source,
        })?;
        Ok(Self::from_bytes(&bytes, path)?.0)
    }

    /// The attributions of `text`, in text order.
    pub fn find(&self, text: &str, tagger: &Tagger, lexical: Lexical) -> Vec<Found> {
        let doc = Doc::new(text, tagger, lexical);
        let mut f = Features::new(false);
        let mut scores = [0.0f32; CLASSES.len()];
        let cues: Vec<Vec<Range<usize>>> = doc
            .sentences
            .iter()
            .map(|sent| self.cues(&doc, sent.clone(), &mut f, &mut scores))
            .collect();
        let has_cue: Vec<bool> = cues.iter().map(|c| !c.is_empty()).collect();
        let found: Vec<Found> = cues
            .iter()
            .flatten()
            .filter_map(|cue| self.attribute(&doc, cue, &has_cue))
            .collect();
        unnested(found)
    }

    /// The cues of one sentence, as token ranges.
    fn cues(
        &self,
        doc: &Doc,
        sent: Range<usize>,
        f: &mut Features,
        scores: &mut [f32],
    ) -> Vec<Range<usize>> {
        let mut tags = Vec::with_capacity(sent.len());
        let mut prev = "O";
        for i in sent.clone() {
            if prev == "O" && !may_start_cue(doc, i) {
                tags.push(O);
                continue;
            }
            cue_features(doc, i, sent.start, sent.end, prev, f);
            self.weights.scores(&f.hashes, scores);
            let mut tag = if quote_dash(doc, i, sent.end) {
                B
            } else {
                best(scores[..=I].iter().copied())
            };
            if tag == I && prev == "O" {
                tag = B;
            }
            tags.push(tag);
            prev = CLASSES[tag];
        }
        spans_of(&tags, sent.start)
    }

    /// Content and source for one cue; `has_cue` tells which sentences have cues
    /// of their own (a quotation continued into one of them is not this cue's).
    fn attribute(&self, doc: &Doc, cue: &Range<usize>, has_cue: &[bool]) -> Option<Found> {
        let mut f = Features::new(false);
        let candidates = content_candidates(doc, cue);
        let scored: Vec<f32> = candidates
            .iter()
            .map(|c| {
                content_features(doc, cue, c, &mut f);
                self.score(&f.hashes, CONTENT)
            })
            .collect();
        if candidates.is_empty() {
            return None;
        }
        let top = best(scored.iter().copied());
        let chosen = &candidates[top];
        let fragments = quoted_parts(doc, &candidates, chosen, has_cue);
        let runner_up = scored
            .iter()
            .enumerate()
            .filter(|(k, _)| *k != top)
            .map(|(_, s)| *s)
            .reduce(f32::max)
            .unwrap_or(0.0);
        let margin = f64::from(scored[top] - runner_up);
        let whole = fragments[0].start..fragments[fragments.len() - 1].end;
        let content = doc.span(whole)?;
        let chunks = source_candidates(doc, cue);
        let (source, _) = self.source(doc, cue, &chosen.tokens, &chunks, &mut f);
        // Explain: the strongest features of the two choices.
        let mut why = Vec::new();
        let mut named = Features::new(true);
        content_features(doc, cue, chosen, &mut named);
        self.strongest(&named, CONTENT, &mut why);
        let rank = source.map_or(0, |k| rank_of(&chunks, k, cue));
        source_features(
            doc,
            cue,
            &chosen.tokens,
            source.map(|k| &chunks[k]),
            rank,
            &mut named,
        );
        self.strongest(&named, SOURCE, &mut why);
        Some(Found {
            cue: doc.span(cue.clone()).unwrap_or(content),
            direct: doc.direct(&content),
            pattern: chosen.kind,
            content,
            source: source.and_then(|k| doc.span(chunks[k].clone())),
            source_name: source
                .map(|k| named_source(doc, &chunks, k))
                .filter(|r| source.is_some_and(|k| chunks[k] != *r))
                .and_then(|r| doc.span(r)),
            fragments: fragments.into_iter().filter_map(|r| doc.span(r)).collect(),
            why,
            margin,
        })
    }

    /// The best source among `chunks` (None: no source), and its score.
    fn source(
        &self,
        doc: &Doc,
        cue: &Range<usize>,
        content: &Range<usize>,
        chunks: &[Range<usize>],
        f: &mut Features,
    ) -> (Option<usize>, f32) {
        source_features(doc, cue, content, None, 0, f);
        let mut top = (None, self.score(&f.hashes, SOURCE));
        for (k, r) in chunks.iter().enumerate() {
            source_features(doc, cue, content, Some(r), rank_of(chunks, k, cue), f);
            let s = self.score(&f.hashes, SOURCE);
            if s > top.1 {
                top = (Some(k), s);
            }
        }
        top
    }

    fn score(&self, hashes: &[u64], class: usize) -> f32 {
        hashes.iter().map(|&h| self.weights.weight(h, class)).sum()
    }

    /// Adds the three features of `f` that weigh most for `class` to `why`.
    fn strongest(&self, f: &Features, class: usize, why: &mut Vec<(String, f64)>) {
        let Some(names) = &f.names else { return };
        let mut weighed: Vec<(String, f64)> = f
            .hashes
            .iter()
            .zip(names)
            .map(|(&h, n)| {
                (
                    format!("{}: {n}", CLASSES[class]),
                    f64::from(self.weights.weight(h, class)),
                )
            })
            .filter(|(_, w)| *w != 0.0)
            .collect();
        weighed.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        why.extend(weighed.into_iter().take(3));
    }

    /// Trains the model on `docs` for `iterations` passes in an order fixed by `seed`.
    pub fn train(
        docs: &[GoldDoc],
        tagger: &Tagger,
        lexical: Lexical,
        iterations: usize,
        seed: u64,
    ) -> Self {
        let prepared: Vec<(Doc, Vec<Example>)> = docs
            .iter()
            .map(|d| {
                let doc = Doc::new(&d.text, tagger, lexical);
                let examples = examples(&doc, d);
                (doc, examples)
            })
            .collect();
        let mut trainer = Trainer::new(CLASSES.len());
        let mut order: Vec<usize> = (0..prepared.len()).collect();
        let mut f = Features::new(false);
        let mut g = Features::new(false);
        let mut scratch = vec![0i64; CLASSES.len()];
        for pass in 0..iterations {
            shuffle(&mut order, seed.wrapping_add(pass as u64));
            for &d in &order {
                let (doc, examples) = &prepared[d];
                let gold_tags = cue_tags(doc, examples);
                for sent in &doc.sentences {
                    let mut prev = "O";
                    for i in sent.clone() {
                        if prev == "O" && !may_start_cue(doc, i) {
                            continue;
                        }
                        cue_features(doc, i, sent.start, sent.end, prev, &mut f);
                        trainer.scores(&f.hashes, &mut scratch);
                        let guess = best(scratch[..=I].iter().copied());
                        trainer.update(&f.hashes, gold_tags[i], guess);
                        prev = CLASSES[guess];
                    }
                }
                for ex in examples {
                    train_content(doc, ex, &mut trainer, &mut f, &mut g);
                    train_source(doc, ex, &mut trainer, &mut f, &mut g);
                }
            }
        }
        let classes = CLASSES.iter().map(|c| (*c).to_owned()).collect();
        Self {
            // Features touched by fewer than three updates left out: half the
            // weights, the same F1 on PolNeAR dev (0.672 and 0.675 approximate).
            weights: trainer.average(classes, 3),
        }
    }

    /// The weights file's bytes, with `manifest`.
    pub fn to_bytes(&self, manifest: &Manifest) -> Vec<u8> {
        self.weights.to_bytes(manifest)
    }

    /// Reads a weights file; a file of another model or feature set is an error
    /// naming `path`.
    pub fn from_bytes(bytes: &[u8], path: &Path) -> Result<(Self, Manifest)> {
        let (weights, manifest) = Weights::from_bytes(bytes, path)?;
        if manifest.name != "attribution" || manifest.features != FEATURES {
            return Err(Error::Model {
                path: path.to_owned(),
                message: format!(
                    "this is a `{}` model with features `{}`; the attribution model with features `{FEATURES}` was expected",
                    manifest.name, manifest.features
                ),
            });
        }
        if weights.classes() != CLASSES {
            return Err(Error::Model {
                path: path.to_owned(),
                message: format!("its classes are {:?}, not {CLASSES:?}", weights.classes()),
            });
        }
        Ok((Self { weights }, manifest))
    }
}

/// Which of the chunks on its side of the cue `k` is, nearest first.
fn rank_of(chunks: &[Range<usize>], k: usize, cue: &Range<usize>) -> usize {
    let r = &chunks[k];
    if r.end <= cue.start {
        chunks[k + 1..]
            .iter()
            .filter(|c| c.end <= cue.start)
            .count()
    } else {
        chunks[..k].iter().filter(|c| c.start >= cue.end).count()
    }
}

/// Runs of `B`, `I`... as token ranges offset by `start`.
fn spans_of(tags: &[usize], start: usize) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    for (k, &t) in tags.iter().enumerate() {
        match t {
            B => out.push(start + k..start + k + 1),
            I => {
                if let Some(last) = out.last_mut()
                    && last.end == start + k
                {
                    last.end += 1;
                }
            }
            _ => {}
        }
    }
    out
}

/// One article of PolNeAR with its attributions.
#[derive(Clone, Debug)]
pub struct GoldDoc {
    /// The article's name (its file's stem).
    pub name: String,
    /// Its text.
    pub text: String,
    /// Its attributions, in the gold file's order.
    pub attributions: Vec<Gold>,
}

/// One gold attribution, in code points.
#[derive(Clone, Debug)]
pub struct Gold {
    /// The source's span, if the attribution has one.
    pub source: Option<(usize, usize)>,
    /// The cue's span (one attribution in the corpus has none).
    pub cue: Option<(usize, usize)>,
    /// The content's fragments.
    pub content: Vec<(usize, usize)>,
}

/// A gold attribution mapped onto a document's tokens.
struct Example {
    cue: Range<usize>,
    source: Option<Range<usize>>,
    content: Vec<(usize, usize)>,
}

/// The tokens overlapping `[start, end)` code points.
fn token_range(doc: &Doc, (start, end): (usize, usize)) -> Option<Range<usize>> {
    let first = doc.tokens.partition_point(|t| t.cend <= start);
    let mut last = first;
    while last < doc.tokens.len() && doc.tokens[last].cstart < end {
        last += 1;
    }
    (first < last).then_some(first..last)
}

fn examples(doc: &Doc, gold: &GoldDoc) -> Vec<Example> {
    gold.attributions
        .iter()
        .filter_map(|g| {
            let cue = token_range(doc, g.cue?)?;
            // A cue across a sentence break is a tokenisation miss; keep its first
            // sentence.
            let s = doc.sentence_of[cue.start];
            let cue = cue.start..cue.end.min(doc.sentences[s].end);
            Some(Example {
                cue,
                source: g.source.and_then(|s| token_range(doc, s)),
                content: g.content.clone(),
            })
        })
        .collect()
}

fn cue_tags(doc: &Doc, examples: &[Example]) -> Vec<usize> {
    let mut tags = vec![O; doc.tokens.len()];
    for ex in examples {
        if tags[ex.cue.clone()].iter().any(|&t| t != O) {
            continue;
        }
        tags[ex.cue.start] = B;
        for t in &mut tags[ex.cue.start + 1..ex.cue.end] {
            *t = I;
        }
    }
    tags
}

/// How well a predicted span matches gold content: the overlap over the shorter of
/// the two, as the scorer measures it.
fn content_ratio(span: &Span, gold: &[(usize, usize)]) -> f64 {
    let overlap: usize = gold
        .iter()
        .map(|&(s, e)| e.min(span.end).saturating_sub(s.max(span.start)))
        .sum();
    let gold_len: usize = gold.iter().map(|(s, e)| e - s).sum();
    let shorter = (span.end - span.start).min(gold_len);
    if shorter == 0 {
        0.0
    } else {
        overlap as f64 / shorter as f64
    }
}

/// The candidate closest to the gold content, if any matches it.
fn gold_candidate(doc: &Doc, candidates: &[Candidate], gold: &[(usize, usize)]) -> Option<usize> {
    let ratios: Vec<f64> = candidates
        .iter()
        .map(|c| {
            doc.span(c.tokens.clone())
                .map_or(0.0, |s| content_ratio(&s, gold))
        })
        .collect();
    // Among spans that match, the tightest: the longest overlap per length.
    let k = best(ratios.iter().enumerate().map(|(k, &r)| {
        let len = candidates[k].tokens.len() as f64;
        if r >= 0.5 { r * 1000.0 - len } else { f64::MIN }
    }));
    (ratios.get(k).is_some_and(|&r| r >= 0.5)).then_some(k)
}

fn train_content(
    doc: &Doc,
    ex: &Example,
    trainer: &mut Trainer,
    f: &mut Features,
    g: &mut Features,
) {
    let candidates = content_candidates(doc, &ex.cue);
    let Some(truth) = gold_candidate(doc, &candidates, &ex.content) else {
        return;
    };
    let mut scratch = vec![0i64; CLASSES.len()];
    let guess = best(candidates.iter().map(|c| {
        content_features(doc, &ex.cue, c, f);
        trainer.scores(&f.hashes, &mut scratch);
        scratch[CONTENT]
    }));
    if guess != truth {
        content_features(doc, &ex.cue, &candidates[truth], f);
        content_features(doc, &ex.cue, &candidates[guess], g);
        trainer.update_rank(&f.hashes, &g.hashes, CONTENT);
    }
}

fn train_source(
    doc: &Doc,
    ex: &Example,
    trainer: &mut Trainer,
    f: &mut Features,
    g: &mut Features,
) {
    let chunks = source_candidates(doc, &ex.cue);
    // The content the source ranker sees at run time is the ranker's; in training,
    // the best candidate's.
    let candidates = content_candidates(doc, &ex.cue);
    let content = gold_candidate(doc, &candidates, &ex.content)
        .map_or(ex.cue.clone(), |k| candidates[k].tokens.clone());
    let truth: Option<Option<usize>> = match &ex.source {
        None => Some(None),
        Some(s) => chunks
            .iter()
            .position(|c| c.start < s.end && s.start < c.end)
            .map(Some),
    };
    let Some(truth) = truth else { return };
    let mut scratch = vec![0i64; CLASSES.len()];
    let mut score = |k: Option<usize>, f: &mut Features| {
        let rank = k.map_or(0, |k| rank_of(&chunks, k, &ex.cue));
        source_features(doc, &ex.cue, &content, k.map(|k| &chunks[k]), rank, f);
        trainer.scores(&f.hashes, &mut scratch);
        scratch[SOURCE]
    };
    let mut guess = (None, score(None, f));
    for k in 0..chunks.len() {
        let s = score(Some(k), f);
        if s > guess.1 {
            guess = (Some(k), s);
        }
    }
    if guess.0 != truth {
        for (k, out) in [(truth, &mut *f), (guess.0, &mut *g)] {
            let rank = k.map_or(0, |k| rank_of(&chunks, k, &ex.cue));
            source_features(doc, &ex.cue, &content, k.map(|k| &chunks[k]), rank, out);
        }
        trainer.update_rank(&f.hashes, &g.hashes, SOURCE);
    }
}

/// Reads a PolNeAR split: `docs.tsv`, `gold.jsonl` and `texts/`.
pub fn read_polnear(dir: &Path) -> Result<Vec<GoldDoc>> {
    let read = |p: &Path| {
        std::fs::read_to_string(p).map_err(|source| Error::Io {
            path: p.to_owned(),
            source,
        })
    };
    let docs_path = dir.join("docs.tsv");
    let gold_path = dir.join("gold.jsonl");
    let names: Vec<String> = read(&docs_path)?
        .lines()
        .skip(1)
        .filter_map(|l| l.split('\t').next())
        .filter(|n| !n.is_empty())
        .map(str::to_owned)
        .collect();
    let mut docs: Vec<GoldDoc> = Vec::with_capacity(names.len());
    for name in &names {
        docs.push(GoldDoc {
            name: name.clone(),
            text: read(&dir.join("texts").join(format!("{name}.txt")))?,
            attributions: Vec::new(),
        });
    }
    let index: rustc_hash::FxHashMap<&str, usize> = names
        .iter()
        .enumerate()
        .map(|(k, n)| (n.as_str(), k))
        .collect();
    let bad = |line: usize, why: String| Error::Model {
        path: gold_path.clone(),
        message: format!("line {line}: {why}"),
    };
    for (n, line) in read(&gold_path)?.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value =
            serde_json::from_str(line).map_err(|e| bad(n + 1, e.to_string()))?;
        let doc = v["doc"].as_str().unwrap_or_default();
        let Some(&k) = index.get(doc) else {
            return Err(bad(n + 1, format!("document `{doc}` is not in docs.tsv")));
        };
        let pair = |x: &serde_json::Value, a: usize, b: usize| -> Option<(usize, usize)> {
            Some((x.get(a)?.as_u64()? as usize, x.get(b)?.as_u64()? as usize))
        };
        let content = v["content"]
            .as_array()
            .map(|a| a.iter().filter_map(|f| pair(f, 0, 1)).collect())
            .unwrap_or_default();
        docs[k].attributions.push(Gold {
            source: pair(&v["source"], 1, 2),
            cue: pair(&v["cue"], 1, 2),
            content,
        });
    }
    Ok(docs)
}

/// A quick score of `model` on `docs`: content and attribution precision, recall
/// and F1 with greedy one-to-one matching (the shared scorer matches optimally and
/// also accepts a speaker by its words, so its figures are a little higher).
pub fn approximate_score(
    model: &Attributor,
    tagger: &Tagger,
    lexical: Lexical,
    docs: &[GoldDoc],
) -> String {
    let (mut pred, mut gold, mut gold_src) = (0usize, 0usize, 0usize);
    let (mut content_tp, mut attr_tp) = (0usize, 0usize);
    for d in docs {
        let found = model.find(&d.text, tagger, lexical);
        pred += found.len();
        gold += d.attributions.len();
        gold_src += d.attributions.iter().filter(|g| g.source.is_some()).count();
        let mut taken = vec![false; d.attributions.len()];
        for p in &found {
            let hit = d
                .attributions
                .iter()
                .enumerate()
                .filter(|(k, g)| !taken[*k] && content_ratio(&p.content, &g.content) >= 0.5)
                .max_by(|a, b| {
                    let speaker = |g: &Gold| speaker_right(p, g);
                    speaker(a.1).cmp(&speaker(b.1)).then(b.0.cmp(&a.0))
                });
            if let Some((k, g)) = hit {
                taken[k] = true;
                content_tp += 1;
                attr_tp += usize::from(speaker_right(p, g));
            }
        }
    }
    let prf = |tp: usize, p: usize, g: usize| {
        let precision = tp as f64 / p.max(1) as f64;
        let recall = tp as f64 / g.max(1) as f64;
        let f1 = if precision + recall > 0.0 {
            2.0 * precision * recall / (precision + recall)
        } else {
            0.0
        };
        format!("P {precision:.3} R {recall:.3} F1 {f1:.3}")
    };
    format!(
        "content {}; attribution {} ({pred} predicted, {gold} gold)",
        prf(content_tp, pred, gold),
        prf(attr_tp, pred, gold_src)
    )
}

fn speaker_right(p: &Found, g: &Gold) -> bool {
    match (&p.source, g.source) {
        (Some(s), Some((gs, ge))) => s.start < ge && gs < s.end,
        _ => false,
    }
}
