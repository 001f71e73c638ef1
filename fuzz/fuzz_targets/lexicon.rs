//! Any bytes as a lexicon file: loading it never panics, and a lexicon that loads
//! can read an article.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use stancegraph::SourceId;
use stancegraph::extract::lexicon::Lexicon;
use stancegraph::extract::{Article, Extractor};

const ARTICLE: &str = "Leaders reject the plan\nThe minister said on Friday that the plan was \"unacceptable\", but officials welcomed the draft.\n";

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(lexicon) = Lexicon::from_ron(text, Path::new("fuzz-lexicon.ron")) else {
        return;
    };
    let _ = Extractor::new(None, lexicon).extract(&Article {
        text: ARTICLE,
        source: SourceId::from_text("fuzz"),
        url: None,
        published: None,
    });
});
