//! The integration tests: one binary, a module per topic.

// Tests may unwrap: a failure there is the test failing.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

mod claims;
mod cli;
mod concurrency;
mod curated;
mod export_dot;
mod export_html;
mod export_json;
mod export_network;
mod extract;
mod golden;
mod graph;
mod learn;
mod merge;
mod query;
mod readme;
mod scenario;
mod script;
mod store;
mod validate;
