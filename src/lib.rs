#![doc = include_str!("../README.md")]

pub mod app;
pub mod cli;
mod error;
pub mod export;
mod graph;
mod locate;
mod model;
pub mod store;
pub mod validate;

pub use error::{Error, Result};
pub use export::{ExportOptions, export_dot, export_json};
pub use graph::{Edge, Effective, Node, StanceGraph};
pub use locate::Location;
pub use model::*;
pub use validate::Problem;
