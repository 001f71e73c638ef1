//! `matrix`: actors by targets, each cell the actor's effective stance.

use std::io::{self, Write};

use serde::ser::{SerializeMap, SerializeStruct};
use serde::{Serialize, Serializer};

use super::{Table, as_of_text, in_memory, show};
use crate::error::{Error, Result};
use crate::graph::StanceGraph;
use crate::model::{ActorId, Date, PointId, ProposalId, Stance, Target};
use crate::scenario::{Situation, find_target};

/// What the columns of a matrix are.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Axis {
    /// Whole proposals.
    #[default]
    Proposals,
    /// The numbered points of proposals.
    Points,
    /// Claims.
    Claims,
}

impl Axis {
    fn as_str(self) -> &'static str {
        match self {
            Axis::Proposals => "proposals",
            Axis::Points => "points",
            Axis::Claims => "claims",
        }
    }
}

/// What a matrix shows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MatrixOptions {
    /// The columns.
    pub by: Axis,
    /// Only this proposal (its own column, or its points).
    pub proposal: Option<ProposalId>,
    /// Stances as of this date.
    pub as_of: Option<Date>,
    /// Keep actors with no stance on any column (left out by default).
    pub all_actors: bool,
}

impl MatrixOptions {
    /// The options from names as a user types them (the command line, a script):
    /// `proposal` is an id, title or alias of one of `graph`'s proposals.
    pub fn from_names(
        graph: &StanceGraph,
        by: Axis,
        proposal: Option<&str>,
        as_of: Option<Date>,
        all_actors: bool,
    ) -> Result<Self> {
        let proposal = match proposal {
            Some(name) => match find_target(graph, name)? {
                Target::Proposal(p) => Some(p),
                _ => return Err(Error::Usage(format!("`{name}` is not a proposal"))),
            },
            None => None,
        };
        Ok(Self {
            by,
            proposal,
            as_of,
            all_actors,
        })
    }
}

/// Actors by targets with the effective stance in each cell.
#[derive(Clone, Debug, PartialEq)]
pub struct Matrix {
    /// The columns.
    pub by: Axis,
    /// The date stances are taken at.
    pub as_of: Option<Date>,
    /// The columns' targets, in file order.
    pub targets: Vec<Target>,
    /// One row per actor, in file order.
    pub rows: Vec<MatrixRow>,
}

/// One actor's row: a stance (or none) per column.
#[derive(Clone, Debug, PartialEq)]
pub struct MatrixRow {
    /// The actor.
    pub actor: ActorId,
    /// Its name.
    pub name: String,
    /// Its stance on each of [`Matrix::targets`], in the same order.
    pub stances: Vec<Option<Stance>>,
}

/// The matrix of effective stances.
pub fn matrix(situation: &Situation, opts: &MatrixOptions) -> Result<Matrix> {
    let graph = situation.graph();
    if let Some(p) = &opts.proposal
        && graph.proposal(p).is_none()
    {
        return Err(Error::UnknownTarget(p.to_string()));
    }
    let wanted = |p: &ProposalId| opts.proposal.as_ref().is_none_or(|q| q == p);
    let targets: Vec<Target> = match opts.by {
        Axis::Proposals => graph
            .proposals()
            .filter(|(id, _)| wanted(id))
            .map(|(id, _)| Target::Proposal(id.clone()))
            .collect(),
        Axis::Points => graph
            .proposals()
            .filter(|(id, _)| wanted(id))
            .flat_map(|(id, p)| {
                p.points
                    .keys()
                    .map(|n| Target::Point(PointId::new(id.clone(), *n)))
            })
            .filter(|t| situation.has_target(t))
            .collect(),
        Axis::Claims => graph
            .claims()
            .map(|(id, _)| Target::Claim(id.clone()))
            .collect(),
    };
    let column: std::collections::HashMap<&Target, usize> =
        targets.iter().enumerate().map(|(i, t)| (t, i)).collect();
    let actors = &graph.document().actors;
    let mut cells: Vec<Vec<Option<Stance>>> = vec![Vec::new(); actors.len()];
    let mut fill = |actor: &ActorId, target: &Target, stance: Option<Stance>| {
        let (Some(&c), Some(a)) = (column.get(target), actors.get_index_of(actor)) else {
            return;
        };
        let row = &mut cells[a];
        if row.is_empty() {
            row.resize(targets.len(), None);
        }
        row[c] = stance;
    };
    // The graph's own one-pass ranking, then the scenario's settings on top (a
    // dropped point has no column, so its stances fall away by themselves).
    for ((actor, target), e) in graph.effective_stances(opts.as_of) {
        fill(&actor, &target, Some(e.stance));
    }
    for (actor, target, stance) in situation.settings() {
        fill(actor, target, stance);
    }
    let rows = actors
        .iter()
        .zip(cells)
        .filter(|(_, row)| opts.all_actors || row.iter().any(Option::is_some))
        .map(|((id, a), mut row)| {
            row.resize(targets.len(), None);
            MatrixRow {
                actor: id.clone(),
                name: a.name.clone(),
                stances: row,
            }
        })
        .collect();
    Ok(Matrix {
        by: opts.by,
        as_of: opts.as_of,
        targets,
        rows,
    })
}

impl Matrix {
    /// The stance in a cell, by actor and target.
    pub fn cell(&self, actor: &ActorId, target: &Target) -> Option<Stance> {
        let c = self.targets.iter().position(|t| t == target)?;
        let row = self.rows.iter().find(|r| &r.actor == actor)?;
        row.stances.get(c).copied().flatten()
    }

    /// The matrix as a table.
    pub fn table(&self) -> String {
        in_memory(|out| self.write_table(out))
    }

    /// Writes the matrix as a table row by row, never holding its text: a matrix of
    /// thousands of actors by thousands of proposals is larger as text than as data.
    pub fn write_table(&self, out: &mut dyn Write) -> io::Result<()> {
        let names: Vec<String> = self.targets.iter().map(ToString::to_string).collect();
        let mut headers = vec!["actor"];
        headers.extend(names.iter().map(String::as_str));
        let t = Table::new(
            format!(
                "Effective stances on {}{}",
                self.by.as_str(),
                as_of_text(self.as_of)
            ),
            &headers,
        )
        .when_empty(if self.targets.is_empty() {
            format!("(no {} in the graph)", self.by.as_str())
        } else {
            "(no actor holds a stance on these)".into()
        });
        let rows = || {
            self.rows.iter().map(|r| {
                std::iter::once(r.actor.as_str()).chain(r.stances.iter().map(|s| show(*s)))
            })
        };
        t.write_rows(rows, out)
    }

    pub(crate) fn facts(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for r in &self.rows {
            for (t, s) in self.targets.iter().zip(&r.stances) {
                if let Some(s) = s {
                    out.push((format!("{} on {t}", r.actor), s.as_str().to_owned()));
                }
            }
        }
        out
    }
}

/// A row serialises its stances as a map from target id to stance (or null).
struct RowJson<'a> {
    row: &'a MatrixRow,
    targets: &'a [Target],
}

impl Serialize for RowJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        struct Cells<'a>(&'a [Target], &'a [Option<Stance>]);
        impl Serialize for Cells<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
                let mut m = s.serialize_map(Some(self.0.len()))?;
                for (t, v) in self.0.iter().zip(self.1) {
                    m.serialize_entry(&t.to_string(), &v.map(|v| v.as_str()))?;
                }
                m.end()
            }
        }
        let mut st = s.serialize_struct("MatrixRow", 3)?;
        st.serialize_field("actor", &self.row.actor)?;
        st.serialize_field("name", &self.row.name)?;
        st.serialize_field("stances", &Cells(self.targets, &self.row.stances))?;
        st.end()
    }
}

impl Serialize for Matrix {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Matrix", 4)?;
        st.serialize_field("by", &self.by)?;
        st.serialize_field("as_of", &self.as_of)?;
        st.serialize_field(
            "targets",
            &self
                .targets
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>(),
        )?;
        let rows: Vec<RowJson> = self
            .rows
            .iter()
            .map(|row| RowJson {
                row,
                targets: &self.targets,
            })
            .collect();
        st.serialize_field("rows", &rows)?;
        st.end()
    }
}
