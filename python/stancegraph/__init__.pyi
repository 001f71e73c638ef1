"""Type stubs of stancegraph's Python API."""

from os import PathLike
from typing import Any, Iterable, Literal, Mapping, Sequence

Stance = Literal["support", "skeptical", "non-starter"]
Statement = dict[str, Any]
"""One statement: the fields of a ``stancegraph extract --format jsonl`` line."""

class StanceGraphError(Exception):
    """An error of stancegraph, with the message the command line prints
    (``file:line:col`` first where the error has a place)."""

class Graph:
    """A stance graph: actors, proposals and their points, claims, sources and
    statements, as a graph file holds them."""

    def __init__(self) -> None:
        """An empty graph."""
    @staticmethod
    def load(path: str | PathLike[str]) -> Graph:
        """Reads a graph file (RON); a malformed or invalid one raises
        StanceGraphError naming file:line:col."""
    @staticmethod
    def loads(text: str) -> Graph:
        """A graph from RON text (a graph file's contents)."""
    def dumps(self) -> str:
        """The graph's canonical RON text: what ``save`` writes."""
    def save(self, path: str | PathLike[str]) -> None:
        """Writes the graph in canonical form, atomically: a failed save leaves the
        old file intact."""
    def statements(self) -> list[Statement]:
        """Every statement, in file order."""
    def stance(self, actor: str, target: str, as_of: str | None = None) -> Stance | None:
        """The effective stance of an actor (id, name or alias) on a target
        (proposal, point or claim), as of a date (YYYY-MM-DD), or None."""
    def query(self, name: str, *args: str, **options: Any) -> dict[str, Any]:
        """Any query of ``stancegraph query`` (matrix, who, blocs, support, movers,
        timeline, diff, audit), answered with the same JSON. Positional arguments
        may be given in order or by name (``target=``, ``stance=``, ``subject=``);
        other options are the command's flags (``as_of="2025-11-21"``, ``bloc="nato"``)."""
    def whatif(
        self,
        changes: str | Sequence[str | tuple[str, str]] | Mapping[str, str | Sequence[str]],
        query: Literal["blocs", "support", "movers", "matrix"] = "blocs",
        target: str | None = None,
        bloc: str | None = None,
        as_of: str | None = None,
    ) -> dict[str, Any]:
        """A what-if, as ``stancegraph whatif``: the query before and after the
        changes. A change is ``"Germany=support@us-28-point-plan"`` (as ``--set``),
        or a (kind, value) pair of any of the command's changes (``("join",
        "finland@nato")``), or a dict from kind to value(s). The graph is not changed."""
    def to_json(
        self, proposal: str | None = None, as_of: str | None = None, focus: str | None = None
    ) -> str:
        """The graph as ``stancegraph export --format json`` writes it."""
    def __len__(self) -> int:
        """How many statements the graph holds."""

class Extractor:
    """One extractor reused over many texts (what a Spark partition holds): reads
    against a base graph's actors, proposals and claims, if given."""

    def __init__(
        self, graph: Graph | str | PathLike[str] | None = None, lexicon: str | PathLike[str] | None = None
    ) -> None: ...
    def extract(
        self,
        text: str,
        source: str | None = None,
        url: str | None = None,
        published: str | None = None,
        claims: bool = False,
    ) -> list[Statement]:
        """The statements of one article; ``source`` names it (as a file's stem does
        on the command line), ``published`` (YYYY-MM-DD) dates relative mentions.
        Runs without the interpreter lock, so threads extract in parallel."""
    def extract_lines(
        self,
        text: str,
        source: str | None = None,
        url: str | None = None,
        published: str | None = None,
        claims: bool = False,
    ) -> list[str]:
        """The same statements as JSON text, one ``--format jsonl`` line each."""
    def attributions(self, text: str, source: str | None = None) -> list[dict[str, Any]]:
        """Who said what: the records of ``extract --format attributions``."""

def extract(
    text: str,
    source: str | None = None,
    url: str | None = None,
    published: str | None = None,
    graph: Graph | str | PathLike[str] | None = None,
    claims: bool = False,
) -> list[Statement]:
    """The statements of one article, as ``stancegraph extract --format jsonl``."""

def attributions(text: str, source: str | None = None) -> list[dict[str, Any]]:
    """Who said what in one text, as ``stancegraph extract --format attributions``."""

def merge(
    statements: Iterable[Statement | str | Graph],
    base: Graph | str | PathLike[str] | None = None,
) -> Graph:
    """Statements merged onto ``base`` into one graph, as ``stancegraph merge`` does.

    Each item is a statement dict (as :func:`extract` gives it), its JSON text (a
    line of ``--format jsonl``), or a :class:`Graph`. The result depends only on the
    statements: any order, grouping or repeats give the same graph, the one
    ``stancegraph extract ARTICLES -o OUT.ron`` writes for the same articles.
    ``base`` is kept as it is.
    """
