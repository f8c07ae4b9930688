"""The guard in front of the SPARQL engine: an HTTP server that checks every query first.

It serves the offline query page (``page.html``) at ``/`` with the named queries one click away,
and ``/query`` (SPARQL 1.1 Protocol, GET or POST): a syntax error is answered with its line and
column, updates, ``SERVICE`` and ``FROM`` are refused, the project's prefixes are declared, and
the query goes on to the engine (:class:`graph.serve.runner.Backend`). One log line per request.
"""

import html
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from ..errors import QueryError

__all__ = ["render_page", "make_guard"]

_PAGE = Path(__file__).resolve().parent / "page.html"
_READ_ONLY = b"updates are refused: this endpoint is read-only\n"


def render_page():
    """The query page, with the named queries filled in (every text escaped)."""
    from ..query import named_queries

    items = []
    for q in named_queries().values():
        text = q.path.read_text(encoding="utf-8")
        items.append(f'<li><button type="button" data-query="{html.escape(text, quote=True)}">'
                     f'{html.escape(q.name)}</button>{html.escape(q.question)}</li>')
    from ..namespace import PREFIXES

    bound = json.dumps({p: str(ns) for p, ns in PREFIXES.items()})
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        bound = bound.replace(char, escape)
    page = _PAGE.read_text(encoding="utf-8").replace("{{prefixes}}", bound)
    return page.replace("{{queries}}", "\n".join(items)).encode("utf-8")


def make_guard(host, port, backend_url, timeout, log):
    """An HTTP server on ``host:port`` that checks queries and passes them to ``backend_url``."""
    httpd = ThreadingHTTPServer((host, port), _handler(backend_url, timeout, log))
    httpd.daemon_threads = True
    return httpd


def _handler(backend_url, timeout, log):
    page = render_page()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "ev-kg"

        def log_message(self, fmt, *args):  # one line per request, through log()
            pass

        def _send(self, status, body, content_type="text/plain; charset=utf-8"):
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            self._status, self._size = status, len(body)

        def _done(self, started):
            log(f'{self.client_address[0]} "{self.command} {self.path[:120]}" {getattr(self, "_status", 0)} '
                f'{getattr(self, "_size", 0)} {1000 * (time.monotonic() - started):.0f} ms')

        def do_GET(self):
            started = time.monotonic()
            try:
                url = urllib.parse.urlsplit(self.path)
                if url.path == "/":
                    self._send(200, page, "text/html; charset=utf-8")
                elif url.path == "/query":
                    self._params(urllib.parse.parse_qs(url.query), b"no query: give ?query=...\n")
                elif url.path == "/queries":
                    from ..query import named_queries

                    listing = {q.name: q.question for q in named_queries().values()}
                    self._send(200, json.dumps(listing, indent=2).encode(), "application/json")
                else:
                    self._send(404, b"not found: the endpoint is /query\n")
            finally:
                self._done(started)

        do_HEAD = do_GET

        def do_POST(self):
            started = time.monotonic()
            try:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode("utf-8", "replace")
                kind = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
                path = urllib.parse.urlsplit(self.path).path
                if path in ("/update", "/store") or kind == "application/sparql-update":
                    self._send(403, _READ_ONLY)
                elif path != "/query":
                    self._send(404, b"not found: the endpoint is /query\n")
                elif kind == "application/sparql-query":
                    self._query(body)
                elif kind in ("application/x-www-form-urlencoded", ""):
                    self._params(urllib.parse.parse_qs(body),
                                 b"no query: send query=... or an application/sparql-query body\n")
                else:
                    self._send(415, f"unsupported Content-Type {kind}\n".encode())
            finally:
                self._done(started)

        def _params(self, params, missing):
            if "update" in params:
                self._send(403, _READ_ONLY)
            elif "query" not in params:
                self._send(400, missing)
            else:
                self._query(params["query"][0])

        def _query(self, text):
            from ..namespace import sparql_prologue
            from ..query import prepare

            try:
                prepare(text)
            except QueryError as e:
                self._send(403 if "refused" in str(e) else 400, (str(e) + "\n").encode())
                return
            data = urllib.parse.urlencode({"query": sparql_prologue() + text}).encode()
            request = urllib.request.Request(f"{backend_url}/query", data=data, method="POST", headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept": self.headers.get("Accept") or "application/sparql-results+json",
            })
            too_long = f"the query ran longer than the time limit of {timeout} s\n".encode()
            try:
                with urllib.request.urlopen(request, timeout=timeout + 10) as response:
                    body = response.read()
                if b"operation has been cancelled" in body[-300:]:
                    # Oxigraph had begun streaming the results when its time limit struck
                    self._send(503, too_long)
                else:
                    self._send(response.status, body, response.headers.get("Content-Type", "application/octet-stream"))
            except urllib.error.HTTPError as e:
                body = e.read()
                if e.code >= 500 and b"timeout" in body.lower():
                    self._send(503, too_long)
                else:
                    self._send(e.code, body, e.headers.get("Content-Type", "text/plain; charset=utf-8"))
            except (urllib.error.URLError, OSError) as e:
                self._send(502, f"the SPARQL engine did not answer: {e}\n".encode())

    return Handler
