"""Commands against a remote SPARQL endpoint (SPARQL 1.1 Protocol) and the Graph Store Protocol.

:class:`Endpoint` sends queries with ``urllib`` and turns every failure (unreachable host,
HTTP error, time-out, refusal) into one :class:`~graph.errors.DataError` line naming the URL.
The password for ``--user`` comes from the environment variable :data:`PASSWORD_VARIABLE`,
never from the command line.
"""

import base64
import io
import os
import urllib.error
import urllib.parse
import urllib.request

from .errors import DataError
from .namespace import sparql_prologue

__all__ = ["PASSWORD_VARIABLE", "Endpoint", "remote_query", "fetch_network_graph", "remote_stats", "push"]

#: The environment variable that holds the password for ``--user``.
PASSWORD_VARIABLE = "EVKG_PASSWORD"

_ACCEPT = {
    "SELECT": "application/sparql-results+json",
    "ASK": "application/sparql-results+json",
    "CONSTRUCT": "application/n-triples",
    "DESCRIBE": "application/n-triples",
}


class Endpoint:
    """A SPARQL endpoint at ``url``, with optional basic authentication."""

    def __init__(self, url, user=None, timeout=60):
        self.url, self.user, self.timeout = url, user, timeout
        self._auth = None
        if user:
            password = os.environ.get(PASSWORD_VARIABLE)
            if password is None:
                raise DataError(f"--user {user}: set the password in the environment variable {PASSWORD_VARIABLE}")
            self._auth = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()

    def request(self, url, data=None, headers=None, method=None):
        headers = dict(headers or {})
        if self._auth:
            headers["Authorization"] = self._auth
        request = urllib.request.Request(url, data=data, headers=headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.headers.get("Content-Type", ""), response.read()
        except urllib.error.HTTPError as e:
            detail = " ".join(e.read().decode("utf-8", "replace").split())[:300]
            raise DataError(f"{url}: HTTP {e.code} {e.reason}" + (f": {detail}" if detail else "")) from None
        except urllib.error.URLError as e:
            reason = e.reason
            if isinstance(reason, (TimeoutError, OSError)) and "timed out" in str(reason):
                raise DataError(f"{url}: no answer within {self.timeout} s") from None
            raise DataError(f"{url}: cannot connect: {getattr(reason, 'strerror', None) or reason}") from None
        except TimeoutError:
            raise DataError(f"{url}: no answer within {self.timeout} s") from None
        except OSError as e:
            raise DataError(f"{url}: {e.strerror or e}") from None

    def query(self, sparql, accept):
        data = urllib.parse.urlencode({"query": sparql}).encode()
        return self.request(self.url, data, {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept},
                            "POST")

    def count(self, where):
        _, body = self.query(sparql_prologue() + f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}", _ACCEPT["SELECT"])
        import json

        try:
            return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])
        except (ValueError, KeyError, IndexError) as e:
            raise DataError(f"{self.url}: unexpected answer to a COUNT query ({e})") from None


def _query_type(sparql, source):
    from .query import prepare

    algebra = prepare(sparql, source).algebra.name
    return {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT",
            "DescribeQuery": "DESCRIBE"}[algebra]


def remote_query(endpoint, sparql, source="query"):
    """Run a checked, read-only query at the endpoint; return an rdflib ``Result``.

    The query is checked here first (syntax with its position, no update, no SERVICE, no FROM),
    and the project's prefixes are declared for the endpoint.
    """
    from rdflib import Graph
    from rdflib.query import Result

    kind = _query_type(sparql, source)
    content_type, body = endpoint.query(sparql_prologue() + sparql, _ACCEPT[kind])
    if kind in ("SELECT", "ASK"):
        try:
            return Result.parse(io.BytesIO(body), format="json")
        except Exception as e:
            raise DataError(f"{endpoint.url}: the answer is not SPARQL JSON results ({' '.join(str(e).split())[:120]})") from None
    graph = Graph()
    try:
        graph.parse(data=body.decode("utf-8"), format="nt")
    except Exception as e:
        raise DataError(f"{endpoint.url}: the answer is not N-Triples ({' '.join(str(e).split())[:120]})") from None
    result = Result(kind)
    result.graph = graph
    return result


#: Literal-valued predicates the concept network and the viewer need; other literals stay remote.
_LITERALS = ("rdf:type", "skos:prefLabel", "rdfs:label", "skos:altLabel", "nif:anchorOf", "nif:beginIndex",
             "nif:endIndex", "nif:isString", "dcterms:title")


def fetch_network_graph(endpoint, max_triples=2_000_000):
    """Fetch what the concept network needs (every triple between resources, and the labels,
    types and sentence texts) into a local rdflib Graph; refuse above ``max_triples``."""
    from rdflib import Graph

    where = f"?s ?p ?o . FILTER (!isLiteral(?o) || ?p IN ({', '.join(_LITERALS)}))"
    size = endpoint.count(where)
    if size > max_triples:
        raise DataError(f"{endpoint.url}: the concept network has {size:,} triples, above the bound of "
                        f"{max_triples:,}; raise it with --max-triples, or query the store directly")
    _, body = endpoint.query(sparql_prologue() + f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {where} }}", "application/n-triples")
    graph = Graph()
    from .namespace import bind_prefixes

    bind_prefixes(graph)
    try:
        graph.parse(data=body.decode("utf-8"), format="nt")
    except Exception as e:
        raise DataError(f"{endpoint.url}: the answer is not N-Triples ({' '.join(str(e).split())[:120]})") from None
    return graph


def remote_stats(endpoint, top=10, max_triples=2_000_000, progress=None):
    """:func:`graph.stats.stats` of the graph behind an endpoint: the counts come from SPARQL
    aggregates run by the store; only the concept network is fetched for the network figures."""
    from .stats import stats

    step = progress or (lambda name: None)
    step("counting at the endpoint")
    triples = endpoint.count("?s ?p ?o")
    statements = endpoint.count("?s a rdf:Statement")
    total = endpoint.count("?s a nif:Sentence")
    covered = endpoint.count("{ SELECT DISTINCT ?s WHERE { ?st prov:wasDerivedFrom ?s . ?s a nif:Sentence } }")
    step("fetching the concept network")
    graph = fetch_network_graph(endpoint, max_triples)
    result = stats(graph, top=top, progress=progress)
    result["triples"] = triples
    result["statements"] = statements
    result["sentences"] = {"total": total, "covered": covered}
    return result


def push(endpoint, store_url, paths=None, graph_iri=None, graph=None):
    """Upload RDF files (default: the article's graph), or ``graph``, with the Graph Store
    Protocol (HTTP POST of N-Triples to ``store_url``, into the default graph or ``graph_iri``);
    return how many triples were sent and how many the store then holds (in that graph),
    counted at the query endpoint."""
    from .load import load

    if graph is None:
        graph = load(paths, engine="rdflib")
    data = graph.serialize(format="nt", encoding="utf-8")
    target = store_url + ("&" if "?" in store_url else "?") + (
        urllib.parse.urlencode({"graph": graph_iri}) if graph_iri else "default")
    endpoint.request(target, data, {"Content-Type": "application/n-triples"}, "POST")
    where = f"GRAPH <{graph_iri}> {{ ?s ?p ?o }}" if graph_iri else "?s ?p ?o"
    return len(graph), endpoint.count(where)
