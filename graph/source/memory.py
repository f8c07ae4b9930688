"""rdflib's memory behind a source: quick to start, for small graphs and for graphs built in Python.

:class:`Memory` holds an rdflib ``Graph``. Turtle and N-Triples files are read by Oxigraph's parser
(three times as fast as rdflib's, and the same files are accepted on both backends; rdflib's
message is kept for a bad file, where it says more); other formats by rdflib's. Queries run on a
copy in Oxigraph's engine, so that every backend answers alike.
"""

from rdflib import Graph

from ..errors import DataError, NeedsOxigraph
from ..evidence.reader import rdflib_triples
from .files import parse_rdflib
from .oxigraph import evaluate, oxigraph_copy, read_into

__all__ = ["Memory"]


class Memory:
    """A backend on an rdflib ``graph`` (new and empty by default)."""

    name = "rdflib"

    def __init__(self, graph=None):
        self.graph = graph if graph is not None else Graph()

    def parse(self, path, fmt, progress=None, done=0, total=None):
        """Parse the file ``path`` in ``fmt`` (rdflib's name) into the graph, offline (``progress``: as
        :meth:`graph.source.oxigraph.Oxigraph.parse`)."""
        if fmt not in ("turtle", "nt", "trig", "nquads"):
            return parse_rdflib(self.graph, path, fmt)
        try:
            read_into(self.graph, path, fmt, progress, done, total)
        except NeedsOxigraph:
            raise
        except DataError:
            parse_rdflib(Graph(), path, fmt)  # rdflib's message says more, where it has one
            raise
        return None

    def bind(self, prefixes):
        """Bind ``prefixes`` ({prefix: namespace}), replacing earlier bindings of those names."""
        for prefix, namespace in prefixes.items():
            self.graph.bind(prefix, namespace, override=True, replace=True)

    def bindings(self):
        """The prefixes bound: ``(prefix, namespace)`` pairs."""
        return self.graph.namespaces()

    def triples(self):
        """Every triple, as the stream's strings."""
        return rdflib_triples(self.graph)

    def __len__(self):
        return len(self.graph)

    def evaluate(self, sparql, kind, namespaces, origin="query", base=None, deadline=None, timeout=None, union=True):
        """The answer's bytes, from Oxigraph's engine on a copy of the graph (made for each query: the
        graph may have changed since the last). One graph: ``union`` changes nothing."""
        return evaluate(oxigraph_copy(self.graph), sparql, kind, namespaces, origin, base, deadline, timeout)

    def serialize(self, fmt="nt"):
        """The graph as bytes of ``fmt``; one graph, so its N-Quads are its N-Triples."""
        return self.graph.serialize(format="nt" if fmt == "nquads" else fmt, encoding="utf-8")
