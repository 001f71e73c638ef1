//! The command line: clap derive structs. The `///` comments are the help text.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::model::Date;

/// Track who stands where on proposals under negotiation.
///
/// A graph is a RON file of actors, proposals, claims, sources and statements (an
/// actor's stance on a target, with its evidence). Check it, keep it canonical for
/// git, and draw it with Graphviz.
#[derive(Debug, Parser)]
#[command(name = "stancegraph", version, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check graph files and list every problem with file:line:col.
    ///
    /// Exits 0 when every file is valid, 1 when any is invalid, 2 when a file
    /// cannot be read or is not well-formed RON.
    #[command(after_help = "Examples:\n  stancegraph validate graphs/geneva-talks-2025-11.ron")]
    Validate {
        /// Graph files to check.
        #[arg(required = true, value_name = "GRAPH")]
        graphs: Vec<PathBuf>,
    },
    /// Rewrite graph files in canonical form, in place.
    ///
    /// The canonical form is what every save writes, so formatted files diff
    /// cleanly in git. An invalid graph is refused with its problems listed.
    /// Comments are not kept: use `note` fields for remarks that must survive.
    #[command(
        after_help = "Examples:\n  stancegraph fmt graphs/geneva-talks-2025-11.ron\n  stancegraph fmt --check graphs/geneva-talks-2025-11.ron"
    )]
    Fmt {
        /// Graph files to format.
        #[arg(required = true, value_name = "GRAPH")]
        graphs: Vec<PathBuf>,
        /// Change nothing; exit 1 if any file is not in canonical form.
        #[arg(long)]
        check: bool,
    },
    /// Export a graph as Graphviz DOT or JSON.
    ///
    /// DOT draws actors boxed by country or bloc, one arrow per actor and target
    /// with the effective stance (support: green solid; skeptical: amber dashed;
    /// non-starter: red bold with a bar), evidence in tooltips, and a legend. Render
    /// it with `dot -Tsvg`. JSON follows the stancegraph/1 contract.
    #[command(
        after_help = "Examples:\n  stancegraph export graphs/geneva-talks-2025-11.ron --format dot -o map.dot\n  stancegraph export graphs/geneva-talks-2025-11.ron --format json --proposal us-28-point-plan\n  stancegraph export graphs/geneva-talks-2025-11.ron --focus Zelenskyy --as-of 2025-11-21"
    )]
    Export {
        /// The graph file.
        #[arg(value_name = "GRAPH")]
        graph: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Dot)]
        format: Format,
        /// Write here (atomically) instead of to standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Only this proposal (id, title or alias), its points, and who has a stance on it.
        #[arg(long, value_name = "ID")]
        proposal: Option<String>,
        /// Stances as of this date (YYYY-MM-DD): later statements are left out.
        #[arg(long, value_name = "DATE")]
        as_of: Option<Date>,
        /// Only this actor (id, name or alias), what it belongs to, its members, and
        /// their stances.
        #[arg(long, value_name = "ACTOR")]
        focus: Option<String>,
    },
}

/// Export formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Graphviz DOT.
    Dot,
    /// JSON (stancegraph/1).
    Json,
}
