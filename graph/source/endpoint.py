"""A plain client for a remote SPARQL endpoint (SPARQL 1.1 Protocol) and the Graph Store Protocol.

:class:`Endpoint` sends requests with ``urllib`` and turns every failure (unreachable host,
HTTP error, time-out) into one :class:`~graph.errors.EndpointError` line naming the URL. The
password for ``user`` comes from the environment variable ``EVKG_PASSWORD``
(:data:`graph.defaults.PASSWORD_VARIABLE`), never from the command line. The project's prefixes
are declared before every query sent. :func:`push` uploads a graph.
"""

import base64
import http.client
import json
import os
import time
import urllib.error
import urllib.parse
import urllib.request

from ..defaults import MAX_RESULT_BYTES, PASSWORD_VARIABLE, QUERY_TIMEOUT
from ..errors import EndpointError, QueryTimeout, one_line
from ..limits import bounded
from ..namespace import sparql_prologue

__all__ = ["Endpoint", "push", "query_url_for"]

_RESULTS, _TRIPLES = "application/sparql-results+json", "application/n-triples"


def _origin(url):
    """``(scheme, host, port)`` of a URL, the port made explicit."""
    parts = urllib.parse.urlsplit(url)
    return parts.scheme.lower(), (parts.hostname or "").lower(), parts.port or {"http": 80, "https": 443}.get(parts.scheme.lower())


class _SameOrigin(urllib.request.HTTPRedirectHandler):
    """Follow a redirect only to the same scheme, host and port while the request carries credentials
    (urllib would send them to wherever the answer points)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if req.has_header("Authorization") and _origin(newurl) != _origin(req.full_url):
            raise EndpointError(f"{req.full_url}: redirected ({code}) to {newurl}, another scheme, host or port: not "
                                "followed, so that the credentials of --user stay with the endpoint they are for")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


class Endpoint:
    """A SPARQL endpoint at ``url`` (http or https), with optional basic authentication. Every answer
    is read within ``timeout`` seconds in all (however slowly it comes) and up to ``max_bytes``.

    Examples
    --------
    >>> Endpoint("http://127.0.0.1:1/query", timeout=2).count("?s ?p ?o")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    graph.errors.EndpointError: http://127.0.0.1:1/query: cannot connect: ...
    >>> Endpoint("file:///etc/passwd")
    Traceback (most recent call last):
    ...
    graph.errors.EndpointError: file:///etc/passwd: not an http or https URL
    """

    def __init__(self, url, user=None, timeout=QUERY_TIMEOUT, max_bytes=MAX_RESULT_BYTES):
        try:
            scheme, host, _ = _origin(url)
        except ValueError as e:  # a port out of range, a bracket left open
            raise EndpointError(f"{url}: not a URL ({one_line(e)})") from e
        if scheme not in ("http", "https") or not host:
            raise EndpointError(f"{url}: not an http or https URL")
        self.url, self.user, self.timeout, self.max_bytes = url, user, timeout, max_bytes
        self._auth = None
        self._opener = urllib.request.build_opener(_SameOrigin)
        if user:
            password = os.environ.get(PASSWORD_VARIABLE)
            if password is None:
                raise EndpointError(f"--user {user}: set the password in the environment variable {PASSWORD_VARIABLE}")
            self._auth = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()

    def request(self, url, data=None, headers=None, method=None, timeout=None):
        """Send one HTTP request; return ``(content type, body)``. The answer must come whole within the
        time limit (``timeout``, or the endpoint's) and the size cap: one line says which was passed."""
        headers = dict(headers or {})
        if self._auth:
            headers["Authorization"] = self._auth
        timeout = timeout or self.timeout
        deadline = time.monotonic() + timeout
        try:  # the whole exchange within the limit, however slowly its head or an error's body trickles
            return bounded(lambda: self._exchange(url, data, headers, method, timeout, deadline), timeout + 0.5, url)
        except QueryTimeout as e:
            raise EndpointError(f"{url}: no whole answer within {timeout} s (it came too slowly)") from e

    def _exchange(self, url, data, headers, method, timeout, deadline):
        try:
            request = urllib.request.Request(url, data=data, headers=headers, method=method)
            with self._opener.open(request, timeout=timeout) as response:
                return response.headers.get("Content-Type", ""), self._read(url, response, deadline, timeout)
        except urllib.error.HTTPError as e:
            detail = one_line(e.read(4096).decode("utf-8", "replace"), 300)
            raise EndpointError(f"{url}: HTTP {e.code} {e.reason}" + (f": {detail}" if detail else "")) from e
        except urllib.error.URLError as e:
            reason = e.reason
            if isinstance(reason, TimeoutError):
                raise EndpointError(f"{url}: no answer within {timeout} s") from e
            raise EndpointError(f"{url}: cannot connect: {getattr(reason, 'strerror', None) or reason}") from e
        except TimeoutError as e:
            raise EndpointError(f"{url}: no answer within {timeout} s") from e
        except (OSError, ValueError, http.client.HTTPException) as e:
            raise EndpointError(f"{url}: {getattr(e, 'strerror', None) or one_line(e)}") from e

    def _read(self, url, response, deadline, timeout):
        parts, size = [], 0
        while chunk := response.read1(1 << 16):
            size += len(chunk)
            if size > self.max_bytes:
                raise EndpointError(f"{url}: the answer is larger than {self.max_bytes:,} bytes: refused")
            if time.monotonic() > deadline:
                raise EndpointError(f"{url}: no whole answer within {timeout} s (it came too slowly)")
            parts.append(chunk)
        return b"".join(parts)

    def query(self, sparql, graph=False, timeout=None):
        """Send a query (with the project's prefixes declared); return the body of the answer:
        SPARQL JSON results, or N-Triples when ``graph`` (CONSTRUCT, DESCRIBE)."""
        data = urllib.parse.urlencode({"query": sparql_prologue() + sparql}).encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": _TRIPLES if graph else _RESULTS}
        return self.request(self.url, data, headers, "POST", timeout)[1]

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
