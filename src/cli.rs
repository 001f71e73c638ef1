//! The command line: clap derive structs. The `///` comments are the help text.

use std::path::PathBuf;

use clap::{ArgMatches, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

use crate::model::{Date, DecisionRule, Stance};

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

impl Cli {
    /// Parses the process's arguments, exiting with clap's message on bad usage.
    /// Unlike `Cli::parse`, it keeps the order in which what-if changes were typed
    /// ([`WhatifArgs::changes`]), which clap's one list per flag loses.
    pub fn parse_ordered() -> Self {
        Self::parse_ordered_from(std::env::args_os())
    }

    /// [`Cli::parse_ordered`] on the given arguments (the first is the program name).
    pub fn parse_ordered_from<I, T>(args: I) -> Self
    where
        I: IntoIterator<Item = T>,
        T: Into<std::ffi::OsString> + Clone,
    {
        let matches = Self::command().get_matches_from(args);
        let mut cli = match Self::from_arg_matches(&matches) {
            Ok(cli) => cli,
            Err(e) => e.exit(),
        };
        if let (Command::Whatif(args), Some(("whatif", m))) =
            (&mut cli.command, matches.subcommand())
        {
            args.typed = typed_changes(m);
        }
        cli
    }
}

/// The what-if change flags, as `(flag, value)` in the order they were typed.
fn typed_changes(m: &ArgMatches) -> Vec<(String, String)> {
    let mut changes: Vec<(usize, String, String)> = Vec::new();
    for flag in WHATIF_CHANGES {
        // clap names each argument after its field: `drop-point` is `drop_point`.
        let id = flag.replace('-', "_");
        let (Some(values), Some(at)) = (m.get_many::<String>(&id), m.indices_of(&id)) else {
            continue;
        };
        for (v, i) in values.zip(at) {
            changes.push((i, (*flag).to_owned(), v.clone()));
        }
    }
    changes.sort_by_key(|(i, _, _)| *i);
    changes.into_iter().map(|(_, f, v)| (f, v)).collect()
}

/// The what-if change flags, in the order [`WhatifArgs::by_flag`] lists them.
const WHATIF_CHANGES: [&str; 7] = [
    "set",
    "say",
    "join",
    "leave",
    "influence",
    "rule",
    "drop-point",
];

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
    /// Export a graph as Graphviz DOT, JSON, GraphML, Cypher, CSV or an HTML page.
    ///
    /// DOT draws actors boxed by country or bloc, one arrow per actor and target
    /// with the effective stance (support: green solid; skeptical: amber dashed;
    /// non-starter: red bold with a bar), evidence in tooltips, and a legend. Render
    /// it with `dot -Tsvg`. JSON follows the stancegraph/1 contract
    /// (schemas/stancegraph-1.schema.json). GraphML, Cypher and CSV hold the same
    /// property graph: actors, proposals, points and claims as nodes; statements,
    /// affiliations, revisions, counterproposals, proponents and points as edges.
    /// The Cypher script merges by id, so loading it twice changes nothing. CSV
    /// writes actors.csv, proposals.csv, points.csv, claims.csv and
    /// relationships.csv into the folder -o names, for `neo4j-admin database import
    /// full --nodes=actors.csv ... --relationships=relationships.csv
    /// --multiline-fields=true`. HTML is one self-contained page (the map drawn with
    /// `dot`, which must be installed) with a stance filter, a date slider, actor
    /// search and each arrow's evidence.
    #[command(
        after_help = "Examples:\n  stancegraph export graphs/geneva-talks-2025-11.ron --format dot -o map.dot\n  stancegraph export graphs/geneva-talks-2025-11.ron --format json --proposal us-28-point-plan\n  stancegraph export graphs/geneva-talks-2025-11.ron --focus Zelenskyy --as-of 2025-11-21\n  stancegraph export graphs/geneva-talks-2025-11.ron --format graphml -o map.graphml\n  stancegraph export graphs/geneva-talks-2025-11.ron --format cypher -o map.cypher\n  stancegraph export graphs/geneva-talks-2025-11.ron --format csv -o neo4j-import"
    )]
    Export {
        /// The graph file.
        #[arg(value_name = "GRAPH")]
        graph: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Dot)]
        format: Format,
        /// Write here (atomically) instead of to standard output; for CSV, the
        /// folder to write the files into.
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
    /// Ask a graph a question: stances, blocs, support, movers, history, changes,
    /// thin evidence.
    ///
    /// Each query prints a readable table, or JSON with --format json (the shapes
    /// are in the README). Actors and targets may be named by id, name or alias.
    /// Blocs are actors of kind Bloc and any actor with members (MemberOf,
    /// directly or through a member).
    #[command(
        after_help = "Examples:\n  stancegraph query graphs/geneva-talks-2025-11.ron matrix --as-of 2025-11-21\n  stancegraph query graphs/geneva-talks-2025-11.ron who us-28-point-plan support\n  stancegraph query graphs/geneva-talks-2025-11.ron blocs us-28-point-plan --format json\n  stancegraph query graphs/geneva-talks-2025-11.ron support us-28-point-plan --bloc nato\n  stancegraph query graphs/geneva-talks-2025-11.ron movers us-28-point-plan --bloc eu\n  stancegraph query graphs/geneva-talks-2025-11.ron timeline european-leaders\n  stancegraph query graphs/geneva-talks-2025-11.ron diff --from 2025-11-21 --to 2025-11-22\n  stancegraph query graphs/geneva-talks-2025-11.ron audit --min-confidence 0.7"
    )]
    Query(QueryArgs),
    /// Try a what-if: set stances, move actors into or out of blocs, change
    /// weights or rules, drop points, add hypothetical statements; see what a
    /// query would then say, beside what it says now.
    ///
    /// The graph file is never changed. Changes apply in the order of the options
    /// below (--set, --say, --join, --leave, --influence, --rule, --drop-point).
    #[command(
        after_help = "Examples:\n  stancegraph whatif graphs/geneva-talks-2025-11.ron --set france=support@us-28-point-plan\n  stancegraph whatif graphs/geneva-talks-2025-11.ron --set Zelensky=support@us-28-point-plan\n  stancegraph whatif graphs/geneva-talks-2025-11.ron --join uk@eu --target us-28-point-plan\n  stancegraph whatif graphs/geneva-talks-2025-11.ron --say italy=support@us-28-point-plan"
    )]
    Whatif(WhatifArgs),
    /// Run a Rhai script that loads graphs, tries what-ifs, prints answers and
    /// asserts them.
    ///
    /// A failed assertion or a script error exits 1 naming FILE:LINE:COL. Scripts
    /// reach files only through `load_graph(path)`: graphs in the script's folder,
    /// the folder of --graph, or a folder --allow-dir names. A runaway script is
    /// stopped by its time limit, its operation limit or the size limits on
    /// strings, arrays and maps. The functions scripts see are listed in the README.
    #[command(
        after_help = "Examples:\n  stancegraph run examples/eu-unanimity.rhai --graph graphs/geneva-talks-2025-11.ron\n  stancegraph run examples/thin-evidence.rhai --graph graphs/geneva-talks-2025-11.ron"
    )]
    Run(RunArgs),
    /// Draft statements from news articles: who said what about which proposal.
    ///
    /// Reads each article (a file, or `-` for standard input) against the actors,
    /// aliases, proposals and claims of --graph, if given. Without -o it prints only
    /// what was extracted (new statements and the actors, proposals and source they
    /// refer to); with -o it writes the base graph plus the new statements, merged:
    /// running it again on the same article adds nothing. -o onto an existing graph
    /// (the --graph itself, or any graph when --graph is not given) merges into it,
    /// under its lock, so concurrent runs all land.
    #[command(
        after_help = "Examples:\n  stancegraph extract tests/fixtures/articles/state-budget.txt --format json\n  stancegraph extract tests/fixtures/articles --format jsonl\n  stancegraph extract tests/fixtures/articles/water-treaty.txt -o draft.ron"
    )]
    Extract {
        /// Article files (plain UTF-8 text; the first line may be a headline), folders
        /// of `.txt` articles, or `-` for standard input.
        #[arg(required = true, value_name = "ARTICLE")]
        articles: Vec<PathBuf>,
        /// A graph whose actors, proposals and claims the articles are read against.
        #[arg(long, value_name = "BASE.ron")]
        graph: Option<PathBuf>,
        /// Write the base graph plus the new statements here (atomically).
        #[arg(short, long, value_name = "OUT.ron")]
        output: Option<PathBuf>,
        /// What to print without -o: RON, one JSON document, or one JSON statement per
        /// line as articles are read.
        #[arg(long, value_enum, default_value_t = ExtractFormat::Ron)]
        format: ExtractFormat,
        /// The articles' URL, recorded on their source.
        #[arg(long, value_name = "URL")]
        source_url: Option<String>,
        /// The articles' publication date (YYYY-MM-DD): "on Friday" resolves against it.
        #[arg(long, value_name = "DATE")]
        published: Option<Date>,
        /// A cue lexicon to use instead of the built-in one (RON, like
        /// src/extract/lexicon.ron).
        #[arg(long, value_name = "FILE")]
        lexicon: Option<PathBuf>,
        /// Attribution model weights to use instead of the built-in ones (with
        /// --format attributions or --claims), as `stancegraph train attribution -o
        /// FILE` writes them.
        #[arg(long, value_name = "FILE")]
        model: Option<PathBuf>,
        /// Let the stance model decide where each actor a sentence names stands
        /// (narrative stances, "the members voted down the offer", as well as
        /// quoted ones), beside the rules: the built-in model, trained on real news.
        #[arg(long)]
        learned: bool,
        /// Stance model weights to use with --learned instead of the built-in
        /// ones, as `stancegraph train stance -o FILE` writes them.
        #[arg(long, value_name = "FILE", requires = "learned")]
        stance_model: Option<PathBuf>,
        /// Also make claims: each attribution that is not a stance on a proposal
        /// becomes a claim (its content) and a statement of its speaker asserting,
        /// doubting or denying it. The same assertion in two articles is one claim.
        #[arg(long)]
        claims: bool,
    },
    /// Combine statements (JSON lines, as `extract --format jsonl` writes them) and
    /// graphs into one graph.
    ///
    /// Each INPUT is a graph (`.ron`), a file of JSON lines (any other name, or `-`
    /// for standard input), or a folder, whose `.ron`, `.json`, `.jsonl` and `.txt`
    /// files are read, in subfolders too (Spark writes its text parts as `.txt`;
    /// files starting with `_` or `.`, like `_SUCCESS` and checksums, are skipped).
    /// The result depends only on the statements, not on their order, on how they
    /// are split into files, or on repeats: the same statement twice is one. The
    /// graph is the one `extract ARTICLES -o OUT.ron` writes for the same articles.
    /// --base is kept as it is and the statements are merged onto it; -o replaces
    /// OUT.ron (atomically, under its lock).
    #[command(
        after_help = "Examples:\n  stancegraph merge statements.jsonl -o merged.ron\n  stancegraph merge statements.jsonl --base graphs/geneva-talks-2025-11.ron\n  stancegraph merge merged.ron draft.ron"
    )]
    Merge {
        /// Graphs, files of JSON lines, folders of them, or `-`.
        #[arg(required = true, value_name = "INPUT")]
        inputs: Vec<PathBuf>,
        /// A graph to merge onto, kept as it is.
        #[arg(long, value_name = "BASE.ron")]
        base: Option<PathBuf>,
        /// Write the merged graph here instead of printing it.
        #[arg(short, long, value_name = "OUT.ron")]
        output: Option<PathBuf>,
    },
    /// Rebuild a model's weights from its training data.
    ///
    /// The same data and command give the same bytes. Prints the model's accuracy
    /// on the data's development split.
    #[command(
        after_help = "Examples:\n  stancegraph train pos\n  stancegraph train attribution\n  stancegraph train pos --data ../shared/ud-english-ewt -o src/learn/pos.model"
    )]
    Train {
        /// Which model.
        #[arg(value_enum)]
        model: TrainModel,
        /// The training data's folder [default: ../shared/ud-english-ewt for `pos`,
        /// ../shared/polnear for `attribution`].
        #[arg(long, value_name = "DIR")]
        data: Option<PathBuf>,
        /// Where to write the weights [default: src/learn/MODEL.model].
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// For `stance`: leave out the train articles whose number leaves this
        /// remainder divided by 5 (1 to 4), to measure on them; dev (remainder 0) is
        /// never trained on.
        #[arg(long, value_name = "K", value_parser = clap::value_parser!(u8).range(1..5))]
        hold_out: Option<u8>,
    },
    /// Score extraction against annotated articles: precision, recall and F1.
    ///
    /// With no arguments, scores the project's annotated set (tests/fixtures/articles,
    /// tuning and held-out splits reported apart). With an ARTICLE and --gold GRAPH,
    /// scores that article against that graph. The extractor reads each article
    /// against its annotation's actors, proposals and claims, never its statements.
    /// Every miss and false hit is listed.
    #[command(
        after_help = "Examples:\n  stancegraph eval\n  stancegraph eval tests/fixtures/articles"
    )]
    Eval {
        /// An annotated folder (with index.ron), or one article with --gold.
        #[arg(value_name = "PATH")]
        path: Option<PathBuf>,
        /// The annotation of the article.
        #[arg(long, value_name = "GRAPH.ron")]
        gold: Option<PathBuf>,
        /// A cue lexicon to use instead of the built-in one.
        #[arg(long, value_name = "FILE")]
        lexicon: Option<PathBuf>,
        /// Score the built-in part-of-speech tagger instead: its UPOS accuracy on
        /// this CoNLL-U treebank file.
        #[arg(long, value_name = "FILE.conllu", conflicts_with_all = ["path", "gold", "lexicon"])]
        pos: Option<PathBuf>,
    },
}

/// The models `train` builds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum TrainModel {
    /// The part-of-speech tagger (UD English EWT).
    Pos,
    /// The attribution model: cues, content and source (PolNeAR; uses the tagger).
    Attribution,
    /// The stance model: where each actor a sentence names stands (realnews train,
    /// through the extractor's own candidates).
    Stance,
}

/// What `extract` prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExtractFormat {
    /// A stancegraph RON document.
    Ron,
    /// One JSON document (stancegraph/1).
    Json,
    /// One self-contained JSON statement per line, streamed.
    Jsonl,
    /// One JSON attribution per line (who said what, with code-point spans),
    /// streamed.
    Attributions,
}

/// Export formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Graphviz DOT.
    Dot,
    /// JSON (stancegraph/1).
    Json,
    /// GraphML, for Gephi, yEd and NetworkX.
    Graphml,
    /// A Cypher script that merges the graph into Neo4j, FalkorDB or Memgraph.
    Cypher,
    /// CSV files for `neo4j-admin database import`, written to the folder -o names.
    Csv,
    /// One self-contained HTML page: the map (drawn with Graphviz `dot`) with a
    /// stance filter, a date slider, actor search and the evidence of each arrow.
    Html,
}

/// How `query` and `whatif` print their answers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// A readable table.
    #[default]
    Table,
    /// JSON (shapes in the README).
    Json,
}

/// `stancegraph query GRAPH <QUERY> ...`
#[derive(Debug, clap::Args)]
pub struct QueryArgs {
    /// The graph file.
    #[arg(value_name = "GRAPH")]
    pub graph: PathBuf,
    /// Print a table or JSON.
    #[arg(long, value_enum, default_value_t = ReportFormat::Table, global = true)]
    pub format: ReportFormat,
    /// The question.
    #[command(subcommand)]
    pub query: QueryCommand,
}

/// The queries.
#[derive(Debug, Subcommand)]
pub enum QueryCommand {
    /// Actors by proposals (or points, or claims), each cell the effective stance.
    #[command(
        after_help = "Examples:\n  stancegraph query graphs/geneva-talks-2025-11.ron matrix --by claims"
    )]
    Matrix {
        /// What the columns are.
        #[arg(long, value_enum, default_value_t = MatrixAxis::Proposals)]
        by: MatrixAxis,
        /// Only this proposal (id, title or alias), or its points with --by points.
        #[arg(long, value_name = "PROPOSAL")]
        proposal: Option<String>,
        /// Stances as of this date (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        as_of: Option<Date>,
        /// Also list actors with no stance on any column.
        #[arg(long)]
        all: bool,
    },
    /// The actors holding a stance on a target, each with the statement behind it.
    #[command(
        after_help = "Examples:\n  stancegraph query graphs/geneva-talks-2025-11.ron who us-28-point-plan skeptical"
    )]
    Who {
        /// The proposal, point or claim (id, title or alias).
        target: String,
        /// support, skeptical or non-starter.
        stance: Stance,
        /// Stances as of this date (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        as_of: Option<Date>,
    },
    /// Per bloc: its members by stance, and whether it backs the target under its
    /// rule (unanimity, majority, or a weighted threshold over influence).
    #[command(
        after_help = "Examples:\n  stancegraph query graphs/geneva-talks-2025-11.ron blocs eu-counterproposal"
    )]
    Blocs {
        /// The proposal, point or claim (id, title or alias).
        target: String,
        /// Only this bloc.
        #[arg(long, value_name = "BLOC")]
        bloc: Option<String>,
        /// Stances and memberships as of this date (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        as_of: Option<Date>,
    },
    /// Influence summed over supporters, skeptics and non-starters, and the
    /// influence-weighted median stance.
    #[command(
        after_help = "Examples:\n  stancegraph query graphs/geneva-talks-2025-11.ron support us-28-point-plan"
    )]
    Support {
        /// The proposal, point or claim (id, title or alias).
        target: String,
        /// Count only this bloc's members (every actor by default).
        #[arg(long, value_name = "BLOC")]
        bloc: Option<String>,
        /// Stances as of this date (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        as_of: Option<Date>,
    },
    /// The smallest set of members (fewest, then least influence) whose move to
    /// support would make each bloc back the target.
    ///
    /// Exact for unanimity and majority, and for weighted rules up to 25
    /// non-supporting members; beyond that a stated heuristic, labelled as such.
    #[command(
        after_help = "Examples:\n  stancegraph query graphs/geneva-talks-2025-11.ron movers us-28-point-plan --rule majority"
    )]
    Movers {
        /// The proposal, point or claim (id, title or alias).
        target: String,
        /// Only this bloc.
        #[arg(long, value_name = "BLOC")]
        bloc: Option<String>,
        /// Use this rule instead of each bloc's own: unanimity, majority, weighted:T.
        #[arg(long, value_name = "RULE", conflicts_with = "threshold")]
        rule: Option<DecisionRule>,
        /// A weighted threshold (a share of influence from 0 to 1) instead of each
        /// bloc's own rule.
        #[arg(long, value_name = "SHARE", value_parser = crate::query::parse_threshold)]
        threshold: Option<f64>,
        /// Stances and memberships as of this date (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        as_of: Option<Date>,
    },
    /// An actor's stance changes over time, or the changes on a target, each with
    /// its evidence.
    #[command(
        after_help = "Examples:\n  stancegraph query graphs/geneva-talks-2025-11.ron timeline us-28-point-plan"
    )]
    Timeline {
        /// An actor (id, name or alias), or else a proposal, point or claim.
        subject: String,
    },
    /// What changed between two graph files, or one graph at two dates:
    /// statements added, removed and edited, effective stances changed.
    #[command(
        after_help = "Examples:\n  stancegraph query graphs/geneva-talks-2025-11.ron diff --to 2025-11-21"
    )]
    Diff {
        /// The newer graph file (default: GRAPH itself, at another date).
        #[arg(value_name = "NEW")]
        other: Option<PathBuf>,
        /// Read GRAPH as of this date (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        from: Option<Date>,
        /// Read NEW (or GRAPH) as of this date (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        to: Option<Date>,
    },
    /// Statements resting on relayed, anonymous, inferred or unsourced reports,
    /// with low confidence, or contradicting the same actor; and the conclusions
    /// that rest on a single source or only on such statements.
    #[command(
        after_help = "Examples:\n  stancegraph query graphs/geneva-talks-2025-11.ron audit --actor driscoll"
    )]
    Audit {
        /// Flag statements below this confidence.
        #[arg(long, value_name = "SHARE", default_value_t = 0.7)]
        min_confidence: f64,
        /// Only statements by or for this actor.
        #[arg(long, value_name = "ACTOR")]
        actor: Option<String>,
        /// Only statements on this target (a proposal includes its points).
        #[arg(long, value_name = "TARGET")]
        target: Option<String>,
        /// Only statements up to this date (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        as_of: Option<Date>,
    },
}

/// The columns of a matrix.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum MatrixAxis {
    /// Whole proposals.
    Proposals,
    /// Numbered points.
    Points,
    /// Claims.
    Claims,
}

/// The queries `whatif` can compare.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum WhatifQuery {
    /// Actors by proposals.
    Matrix,
    /// Each bloc's members and decision.
    Blocs,
    /// Influence by stance and the weighted median.
    Support,
    /// Who would have to move for each bloc.
    Movers,
}

/// `stancegraph whatif GRAPH --set ACTOR=STANCE[@TARGET] ...`
#[derive(Debug, clap::Args)]
pub struct WhatifArgs {
    /// The graph file (never changed).
    #[arg(value_name = "GRAPH")]
    pub graph: PathBuf,
    /// The actor holds STANCE (support, skeptical, non-starter, or none) on the
    /// target; without @TARGET the graph must have exactly one proposal.
    #[arg(long = "set", value_name = "ACTOR=STANCE[@TARGET]")]
    pub set: Vec<String>,
    /// A hypothetical statement, ranked with the real ones by its date.
    #[arg(long, value_name = "ACTOR=STANCE@TARGET[@DATE]")]
    pub say: Vec<String>,
    /// The actor (and its members) joins the bloc.
    #[arg(long, value_name = "ACTOR@BLOC")]
    pub join: Vec<String>,
    /// The actor (and its members) leaves the bloc it is directly a member of.
    #[arg(long, value_name = "ACTOR@BLOC")]
    pub leave: Vec<String>,
    /// The actor's influence weight becomes WEIGHT.
    #[arg(long, value_name = "ACTOR=WEIGHT")]
    pub influence: Vec<String>,
    /// The bloc decides by RULE: unanimity, majority or weighted:T.
    #[arg(long, value_name = "BLOC=RULE")]
    pub rule: Vec<String>,
    /// The point is struck, with the statements on it.
    #[arg(long, value_name = "PROPOSAL/N")]
    pub drop_point: Vec<String>,
    /// The query to compare.
    #[arg(long, value_enum, default_value_t = WhatifQuery::Blocs)]
    pub query: WhatifQuery,
    /// The target of blocs, support and movers (default: the one target the
    /// changes name, or the graph's only proposal).
    #[arg(long, value_name = "TARGET")]
    pub target: Option<String>,
    /// Only this bloc (blocs, movers), or only its members (support).
    #[arg(long, value_name = "BLOC")]
    pub bloc: Option<String>,
    /// Stances as of this date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<Date>,
    /// Print a table or JSON.
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    pub format: ReportFormat,
    /// Every change above as `(flag, value)`, in the order typed; filled in by
    /// [`Cli::parse_ordered`].
    #[arg(skip)]
    pub typed: Vec<(String, String)>,
}

impl WhatifArgs {
    /// Each change flag with its values.
    fn by_flag(&self) -> impl Iterator<Item = (&'static str, &Vec<String>)> {
        WHATIF_CHANGES.into_iter().zip([
            &self.set,
            &self.say,
            &self.join,
            &self.leave,
            &self.influence,
            &self.rule,
            &self.drop_point,
        ])
    }

    /// Every change as `(flag, value)`: in the order typed when the arguments came
    /// through [`Cli::parse_ordered`], else flag by flag.
    pub fn changes(&self) -> Vec<(String, String)> {
        if !self.typed.is_empty() {
            return self.typed.clone();
        }
        self.by_flag()
            .flat_map(|(flag, values)| values.iter().map(move |v| (flag.to_owned(), v.clone())))
            .collect()
    }
}

/// `stancegraph run SCRIPT.rhai [--graph GRAPH.ron]`
#[derive(Debug, clap::Args)]
pub struct RunArgs {
    /// The Rhai script.
    #[arg(value_name = "SCRIPT.rhai")]
    pub script: PathBuf,
    /// The graph the script's `load_graph()` (with no path) returns.
    #[arg(long, value_name = "GRAPH.ron")]
    pub graph: Option<PathBuf>,
    /// Stop the script after this many operations (at least 1).
    #[arg(long, value_name = "N", default_value_t = crate::script::DEFAULT_MAX_OPERATIONS,
          value_parser = clap::value_parser!(u64).range(1..))]
    pub max_operations: u64,
    /// Stop the script after this many seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = crate::script::DEFAULT_TIMEOUT.as_secs_f64(),
          value_parser = parse_seconds)]
    pub timeout: f64,
    /// Let `load_graph` read graphs in this folder too (besides the script's folder
    /// and that of --graph); may be given more than once.
    #[arg(long, value_name = "DIR")]
    pub allow_dir: Vec<PathBuf>,
    /// Load at most this many megabytes of graph files in all.
    #[arg(long, value_name = "MB", default_value_t = crate::script::DEFAULT_MAX_GRAPH_BYTES / (1024 * 1024))]
    pub max_graph_mb: u64,
}

/// A positive number of seconds.
fn parse_seconds(text: &str) -> std::result::Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(s) if s.is_finite() && s > 0.0 && s <= 1e9 => Ok(s),
        _ => Err(format!("`{text}` is not a number of seconds above 0")),
    }
}
