"""The data of a remote endpoint, as :mod:`graph.engine` keeps them: fetched once, within a bound.

A graph opened on an endpoint (:func:`graph.engine.remote_graph`) holds nothing until its concept
network is needed; then :meth:`Remote.fetch` copies the triples the network needs into its memory
store. Queries go to the endpoint as they are (:meth:`Remote.query`).
"""

from .errors import DataError, one_line

__all__ = ["Remote"]

#: Literal-valued predicates the concept network and the viewer need; other literals stay remote.
_LITERALS = ("rdf:type", "skos:prefLabel", "rdfs:label", "skos:altLabel", "nif:anchorOf", "nif:beginIndex",
             "nif:endIndex", "nif:isString", "dcterms:title", "<http://schema.org/name>", "<https://schema.org/name>",
             "<http://xmlns.com/foaf/0.1/name>")


class Remote:
    """An endpoint (:class:`graph.endpoint.Endpoint`) and the bound on what is fetched from it."""

    def __init__(self, endpoint, max_triples):
        self.endpoint, self.max_triples, self.fetched, self.total = endpoint, max_triples, False, None

    @classmethod
    def graph(cls, endpoint, max_triples, registry):
        """A new rdflib graph on ``endpoint``, registered in ``registry`` (memory store -> Remote)."""
        from rdflib import Graph

        from .namespace import bind_prefixes

        graph = bind_prefixes(Graph())
        registry[graph.store] = cls(endpoint, max_triples)
        return graph

    def fetch(self, graph):
        """Fetch what the concept network needs into ``graph`` (an rdflib memory graph), once."""
        if self.fetched:
            return
        where = f"?s ?p ?o . FILTER (!isLiteral(?o) || ?p IN ({', '.join(_LITERALS)}))"
        size = self.endpoint.count(where)
        if size > self.max_triples:
            raise DataError(f"{self.endpoint.url}: the concept network has {size:,} triples, above the bound of "
                            f"{self.max_triples:,}; raise it with --max-triples, or query the store directly")
        body = self.endpoint.construct(where)
        try:
            graph.parse(data=body.decode("utf-8"), format="nt")
        except Exception as e:
            raise DataError(f"{self.endpoint.url}: the answer is not N-Triples ({one_line(e, 120)})") from e
        self.fetched = True

    def query(self, sparql, kind):
        """The endpoint's answer to ``sparql``: SPARQL JSON results, or N-Triples for a graph ``kind``."""
        return self.endpoint.query(sparql, graph=kind in ("CONSTRUCT", "DESCRIBE"))
