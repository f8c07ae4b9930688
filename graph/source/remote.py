"""A remote SPARQL endpoint behind a source: queries and counts go there; what is read, is fetched once.

:class:`Remote` sends every query to the endpoint as it is. What must be read here (the concept
network, the evidence the viewer and the exports show) is fetched once, within ``max_triples``:
the triples whose object is an IRI or a blank node, and the literals of the predicates the
network and the evidence read (:data:`FETCHED`); the whole graph is fetched, within the same
bound, only to be written out (:meth:`Remote.serialize`).
"""

from rdflib import Graph
from rdflib.namespace import SKOS

from ..errors import DataError, one_line
from ..evidence.reader import KEPT, rdflib_triples
from ..namespace import LABELS, bind_prefixes
from .endpoint import Endpoint

__all__ = ["Remote", "FETCHED"]

_ALT = str(SKOS.altLabel)
#: The literal-valued predicates fetched for the concept network and the evidence (others stay remote).
FETCHED = tuple(dict.fromkeys([*map(str, LABELS), _ALT, *sorted(KEPT)]))


class Remote:
    """A backend on the endpoint at ``url`` (basic authentication for ``user``), fetching at most
    ``max_triples`` triples of what is read here."""

    name = "remote"

    def __init__(self, url, user=None, max_triples=None):
        self.endpoint, self.max_triples = Endpoint(url, user), max_triples
        self._graph, self._total, self._all = None, None, None

    @property
    def graph(self):
        """An rdflib graph of what the concept network and the evidence need, fetched on first use."""
        if self._graph is None:
            iris = " ".join(f"<{p}>" for p in FETCHED)
            self._graph = self._fetch(f"?s ?p ?o . FILTER (!isLiteral(?o) || ?p IN ({iris.replace('> <', '>, <')}))",
                                      "the concept network")
        return self._graph

    def _fetch(self, where, what):
        size = self.endpoint.count(where)
        if self.max_triples is not None and size > self.max_triples:
            raise DataError(f"{self.endpoint.url}: {what} has {size:,} triples, above the bound of "
                            f"{self.max_triples:,}; raise it with --max-triples, or query the store directly")
        body = self.endpoint.construct(where)
        graph = bind_prefixes(Graph())
        try:
            graph.parse(data=body.decode("utf-8"), format="nt")
        except Exception as e:  # rdflib's N-Triples parser raises several types
            raise DataError(f"{self.endpoint.url}: the answer is not N-Triples ({one_line(e, 120)})") from e
        return graph

    def triples(self):
        """The fetched triples, as the stream's strings."""
        return rdflib_triples(self.graph)

    def __len__(self):
        """How many triples the endpoint holds, as it counts them (asked once)."""
        if self._total is None:
            self._total = self.endpoint.count("?s ?p ?o")
        return self._total

    def evaluate(self, sparql, kind, namespaces, origin="query", base=None, deadline=None, timeout=None, union=True):
        """The endpoint's answer: SPARQL JSON results, or N-Triples for a CONSTRUCT or DESCRIBE."""
        return self.endpoint.query(sparql, graph=kind in ("CONSTRUCT", "DESCRIBE"), timeout=timeout)

    def serialize(self, fmt="nt"):
        """Every triple of the endpoint (within the bound), in ``fmt``."""
        if self._all is None:
            self._all = self._fetch("?s ?p ?o", "the graph")
        return self._all.serialize(format="nt" if fmt == "nquads" else fmt, encoding="utf-8")
