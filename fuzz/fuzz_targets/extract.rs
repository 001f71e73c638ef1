//! Any text as an article, read cold and against the curated graph: extraction
//! never panics and its statements always make a graph that validates.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use stancegraph::extract::lexicon::Lexicon;
use stancegraph::extract::{Article, Extractor};
use stancegraph::{SourceId, validate};

const CURATED: &str = include_str!("../../graphs/geneva-talks-2025-11.ron");

fn extractors() -> &'static [Extractor; 2] {
    static BOTH: OnceLock<[Extractor; 2]> = OnceLock::new();
    BOTH.get_or_init(|| {
        let base = stancegraph::store::parse(CURATED.to_owned(), "curated.ron".as_ref())
            .expect("the curated graph loads")
            .doc;
        [
            Extractor::new(None, Lexicon::default()),
            Extractor::new(Some(&base), Lexicon::default()),
        ]
    })
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for extractor in extractors() {
        let found = extractor.extract(&Article {
            text: &text,
            source: SourceId::from_text("fuzz"),
            url: None,
            published: Some("2025-11-22".parse().expect("a date")),
        });
        let problems = validate::check(&found);
        assert!(problems.is_empty(), "extraction made an invalid graph: {problems:?}");
    }
});
