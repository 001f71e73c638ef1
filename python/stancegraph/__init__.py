"""stancegraph: who stands where on proposals under negotiation.

Extract statements (who said what, and their stance on which proposal) from news
text, keep them as a graph, and ask it questions, as the ``stancegraph`` command
does. Statements are dicts with the fields of ``stancegraph extract --format
jsonl``; query answers are the documents ``stancegraph query --format json``
prints. Errors raise :class:`StanceGraphError` with the command line's message.

    >>> import stancegraph
    >>> g = stancegraph.Graph.load("graphs/geneva-talks-2025-11.ron")
    >>> g.stance("Zelenskyy", "us-28-point-plan")
    'skeptical'
    >>> g.query("who", target="us-28-point-plan", stance="support")["actors"][0]["actor"]
    'usa'
"""

from ._stancegraph import Extractor, Graph, StanceGraphError, attributions, extract, merge

__all__ = ["Extractor", "Graph", "StanceGraphError", "attributions", "extract", "merge"]
