#![doc = include_str!("../README.md")]

pub mod app;
pub mod cli;
mod error;
pub mod eval;
pub mod export;
pub mod extract;
mod graph;
pub mod learn;
mod locate;
mod merge;
mod model;
#[cfg(feature = "python")]
mod python;
pub mod query;
mod scenario;
pub mod script;
mod spelling;
pub mod store;
pub mod validate;

pub use error::{Error, Result};
pub use export::{
    ExportOptions, export_csv, export_cypher, export_dot, export_graphml, export_html, export_json,
    write_export_json,
};
pub use graph::{Edge, Effective, Node, StanceGraph};
pub use locate::Location;
pub use merge::{merge_all, unit};
pub use model::*;
pub use query::{Answer, Comparison};
pub use scenario::{Basis, Change, Held, Membership, Scenario, Situation};
pub use validate::Problem;
