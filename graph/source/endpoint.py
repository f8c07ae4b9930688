"""A plain client for a remote SPARQL endpoint (SPARQL 1.1 Protocol) and the Graph Store Protocol.

:class:`Endpoint` sends requests with ``urllib`` and turns every failure (unreachable host,
HTTP error, time-out) into one :class:`~graph.errors.EndpointError` line naming the URL. The
password for ``user`` comes from the environment variable ``EVKG_PASSWORD``
(:data:`graph.defaults.PASSWORD_VARIABLE`), never from the command line. The project's prefixes
are declared before every query sent. :func:`push` uploads a graph.
"""

import base64
import json
import os
import urllib.error
import urllib.parse
import urllib.request

from ..defaults import PASSWORD_VARIABLE
from ..errors import EndpointError, one_line
from ..namespace import sparql_prologue

__all__ = ["Endpoint", "push", "query_url_for"]

_RESULTS, _TRIPLES = "application/sparql-results+json", "application/n-triples"


class Endpoint:
    """A SPARQL endpoint at ``url``, with optional basic authentication.

    Examples
    --------
    >>> Endpoint("http://127.0.0.1:1/query", timeout=2).count("?s ?p ?o")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    graph.errors.EndpointError: http://127.0.0.1:1/query: cannot connect: ...
    """

    def __init__(self, url, user=None, timeout=60):
        self.url, self.user, self.timeout = url, user, timeout
        self._auth = None
        if user:
            password = os.environ.get(PASSWORD_VARIABLE)
            if password is None:
                raise EndpointError(f"--user {user}: set the password in the environment variable {PASSWORD_VARIABLE}")
            self._auth = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()

    def request(self, url, data=None, headers=None, method=None):
        """Send one HTTP request; return ``(content type, body)``."""
        headers = dict(headers or {})
        if self._auth:
            headers["Authorization"] = self._auth
        request = urllib.request.Request(url, data=data, headers=headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.headers.get("Content-Type", ""), response.read()
        except urllib.error.HTTPError as e:
            detail = one_line(e.read().decode("utf-8", "replace"), 300)
            raise EndpointError(f"{url}: HTTP {e.code} {e.reason}" + (f": {detail}" if detail else "")) from e
        except urllib.error.URLError as e:
            reason = e.reason
            if isinstance(reason, OSError) and "timed out" in str(reason):
                raise EndpointError(f"{url}: no answer within {self.timeout} s") from e
            raise EndpointError(f"{url}: cannot connect: {getattr(reason, 'strerror', None) or reason}") from e
        except TimeoutError as e:
            raise EndpointError(f"{url}: no answer within {self.timeout} s") from e
        except OSError as e:
            raise EndpointError(f"{url}: {e.strerror or one_line(e)}") from e

    def query(self, sparql, graph=False):
        """Send a query (with the project's prefixes declared); return the body of the answer:
        SPARQL JSON results, or N-Triples when ``graph`` (CONSTRUCT, DESCRIBE)."""
        data = urllib.parse.urlencode({"query": sparql_prologue() + sparql}).encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": _TRIPLES if graph else _RESULTS}
        return self.request(self.url, data, headers, "POST")[1]

    def construct(self, where):
        """N-Triples of ``CONSTRUCT { ?s ?p ?o } WHERE { where }``."""
        return self.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {where} }}", graph=True)

    def count(self, where):
        """How many solutions ``where`` (a group graph pattern) has at the endpoint."""
        body = self.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}")
        try:
            return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])
        except (ValueError, KeyError, IndexError, TypeError) as e:
            raise EndpointError(f"{self.url}: unexpected answer to a COUNT query ({one_line(e)})") from e


def push(endpoint, store_url, data, graph_iri=None):
    """Upload N-Triples ``data`` (bytes) with the Graph Store Protocol (HTTP POST to ``store_url``,
    into the default graph or ``graph_iri``); return how many triples the store then holds there,
    counted at ``endpoint`` (its query endpoint)."""
    target = store_url + ("&" if "?" in store_url else "?") + (
        urllib.parse.urlencode({"graph": graph_iri}) if graph_iri else "default")
    endpoint.request(target, data, {"Content-Type": "application/n-triples"}, "POST")
    return endpoint.count(f"GRAPH <{graph_iri}> {{ ?s ?p ?o }}" if graph_iri else "?s ?p ?o")


def query_url_for(store_url):
    """The query endpoint that goes with a Graph Store endpoint: a final ``/store`` becomes ``/query``.

    Examples
    --------
    >>> query_url_for("http://127.0.0.1:7879/store")
    'http://127.0.0.1:7879/query'
    """
    return store_url[: -len("/store")] + "/query" if store_url.endswith("/store") else store_url
