"""A graph whose data stay at a SPARQL endpoint: what :func:`graph.engine.remote_graph` keeps."""

from .errors import DataError, one_line

__all__ = ["Remote"]

#: Literal-valued predicates the concept network and the viewer need; other literals stay remote.
_LITERALS = ("rdf:type", "skos:prefLabel", "rdfs:label", "skos:altLabel", "nif:anchorOf", "nif:beginIndex",
             "nif:endIndex", "nif:isString", "dcterms:title")


class Remote:
    """The endpoint behind a remote graph; ``registry`` maps the graph's memory store to it."""

    def __init__(self, endpoint, max_triples, registry):
        self.endpoint, self.max_triples, self.fetched, self._registry = endpoint, max_triples, False, registry
        self.total = None

    def fetch(self, graph):
        """Fetch what the concept network needs into the graph's memory store, once."""
        if self.fetched:
            return
        where = f"?s ?p ?o . FILTER (!isLiteral(?o) || ?p IN ({', '.join(_LITERALS)}))"
        size = self.endpoint.count(where)
        if size > self.max_triples:
            raise DataError(f"{self.endpoint.url}: the concept network has {size:,} triples, above the bound of "
                            f"{self.max_triples:,}; raise it with --max-triples, or query the store directly")
        body = self.endpoint.construct(where)
        self._registry.pop(graph.store, None)  # parse into the memory store, then mark it again
        try:
            graph.parse(data=body.decode("utf-8"), format="nt")
        except Exception as e:
            raise DataError(f"{self.endpoint.url}: the answer is not N-Triples ({one_line(e, 120)})") from e
        finally:
            self._registry[graph.store] = self
        self.fetched = True

    def query(self, prepared, sparql):
        import io

        from rdflib import Graph
        from rdflib.query import Result

        kind = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT",
                "DescribeQuery": "DESCRIBE"}[prepared.algebra.name]
        body = self.endpoint.query(sparql, graph=kind in ("CONSTRUCT", "DESCRIBE"))
        url = self.endpoint.url
        if kind in ("SELECT", "ASK"):
            try:
                return Result.parse(io.BytesIO(body), format="json")
            except Exception as e:
                raise DataError(f"{url}: the answer is not SPARQL JSON results ({one_line(e, 120)})") from e
        graph = Graph()
        try:
            graph.parse(data=body.decode("utf-8"), format="nt")
        except Exception as e:
            raise DataError(f"{url}: the answer is not N-Triples ({one_line(e, 120)})") from e
        result = Result(kind)
        result.graph = graph
        return result
