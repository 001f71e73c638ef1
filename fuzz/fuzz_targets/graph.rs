//! Any bytes as a graph file: parsing, validation, canonical writing and the
//! graph's index never panic, and a graph that loads and validates writes text that
//! loads again to the same document.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use stancegraph::{StanceGraph, store, validate};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(parsed) = store::parse(text.to_owned(), Path::new("fuzz.ron")) else {
        return;
    };
    if !validate::validate(&parsed).is_empty() {
        return;
    }
    let canonical = store::to_canonical_string(&parsed.doc).expect("a valid graph writes");
    let again = store::parse(canonical, Path::new("again.ron")).expect("written text loads");
    assert_eq!(again.doc, parsed.doc, "writing and reading keeps the document");
    let _ = StanceGraph::from_document(parsed.doc);
});
