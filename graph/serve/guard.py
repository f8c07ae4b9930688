"""The guard in front of the SPARQL engine: an HTTP server that checks every query first.

It serves the offline query page (``page.html``) at ``/`` with the named queries one click away,
and ``/query`` (SPARQL 1.1 Protocol, GET or POST): a syntax error is answered with its line and
column, updates, ``SERVICE`` and ``FROM`` are refused, the project's prefixes are declared, and
the query goes on to the engine (:class:`graph.serve.runner.Engine`), in the format the client's
``Accept`` header prefers (:func:`negotiate`). One log line per request.
"""

import html
import json
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from .._limits import escape_controls
from ..defaults import MAX_QUERY_BYTES, MAX_RESULT_BYTES
from ..errors import QueryError
from .runner import Stopped

__all__ = ["render_page", "make_guard", "negotiate"]

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


class _Guard(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024  # a crowd waits in the kernel's queue rather than being reset

    def handle_error(self, request, client_address):  # one line, never a traceback
        import sys

        error = sys.exc_info()[1]
        if not isinstance(error, (ConnectionError, TimeoutError)):
            self.log(f"{client_address[0]} error: {escape_controls(type(error).__name__ + ': ' + str(error))}")


def make_guard(host, port, engine, timeout, log, max_bytes=MAX_RESULT_BYTES, namespaces=None):
    """An HTTP server on ``host:port`` that checks queries (with ``namespaces`` bound) and has ``engine``
    (:class:`graph.serve.runner.Engine`) answer them; an answer is cut at ``timeout`` seconds (wall
    clock) or ``max_bytes``, whichever comes first."""
    httpd = _Guard((host, port), _handler(engine, timeout, log, max_bytes, namespaces))
    httpd.log = log
    return httpd


_RESULTS = {"application/sparql-results+json": "JSON", "application/json": "JSON",
            "application/sparql-results+xml": "XML", "application/xml": "XML", "text/xml": "XML",
            "text/csv": "CSV", "text/tab-separated-values": "TSV"}
_GRAPHS = {"text/turtle": "TURTLE", "application/x-turtle": "TURTLE", "application/n-triples": "N_TRIPLES",
           "text/plain": "N_TRIPLES", "application/ld+json": "JSON_LD", "application/rdf+xml": "RDF_XML",
           "application/n-quads": "N_QUADS", "application/trig": "TRIG", "text/n3": "N3"}


def negotiate(kind, accept):
    """The ``(format, media type)`` of an answer of ``kind`` that the ``Accept`` header prefers, or
    ``None`` if it accepts none that the engine writes (the first of each table is the default).

    Examples
    --------
    >>> negotiate("SELECT", "text/csv;q=0.5, application/sparql-results+xml")
    ('XML', 'application/sparql-results+xml')
    >>> negotiate("CONSTRUCT", "*/*"), negotiate("ASK", "image/png")
    (('TURTLE', 'text/turtle'), None)
    """
    table = _GRAPHS if kind in ("CONSTRUCT", "DESCRIBE") else _RESULTS
    ranked = []
    for i, item in enumerate((accept or "*/*").split(",")):
        media, *params = [p.strip().lower() for p in item.split(";")]
        q = next((p.split("=", 1)[1] for p in params if p.startswith("q=")), "1")
        try:
            ranked.append((-float(q), i, media))
        except ValueError:
            continue
    for q, _, media in sorted(ranked):
        if q >= 0:
            break
        if media in table:
            return table[media], media
        for known, fmt in table.items():
            if media == "*/*" or (media.endswith("/*") and known.startswith(media[:-1])):
                return fmt, known
    return None


def _handler(engine, timeout, log, max_bytes, namespaces):
    import functools

    from ..query import prepare

    page = render_page()
    check = functools.lru_cache(maxsize=4096)(lambda text: prepare(text, namespaces=namespaces))  # a query asked
    # again is checked once (a refusal raises, and is not kept)
    too_long = f"the query ran longer than the time limit of {timeout:g} s\n".encode()
    too_big = f"the answer is larger than {max_bytes:,} bytes: ask for fewer rows (LIMIT)\n".encode()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "ev-kg"
        disable_nagle_algorithm = True  # else a small answer waits for the client's delayed ACK (40 ms)
        wbufsize = 1 << 16  # headers and a small body leave in one packet (flushed after each request)

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
            request = escape_controls(f"{self.command} {self.path[:120]}", keep="")
            log(f'{self.client_address[0]} "{request}" {getattr(self, "_status", 0)} '
                f'{getattr(self, "_size", 0)} {1000 * (time.monotonic() - started):.0f} ms')

        def setup_request(self):
            self._status, self._size, self._streaming = 0, 0, False

        def do_GET(self):
            self.setup_request()
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
            self.setup_request()
            started = time.monotonic()
            try:
                length = (self.headers.get("Content-Length") or "0").strip()
                if not length.isdigit():
                    self.close_connection = True
                    return self._send(400, b"bad Content-Length: a number of bytes is expected\n")
                if int(length) > MAX_QUERY_BYTES:
                    self.close_connection = True
                    return self._send(413, f"the request is larger than {MAX_QUERY_BYTES:,} bytes\n".encode())
                body = self.rfile.read(int(length)).decode("utf-8", "replace")
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
            try:
                kind = check(text)
            except QueryError as e:
                self._send(403 if "refused" in str(e) else 400, (str(e) + "\n").encode())
                return
            chosen = negotiate(kind, self.headers.get("Accept"))
            if chosen is None:
                return self._send(406, b"none of the accepted media types can hold this answer\n")
            deadline = time.monotonic() + timeout
            chunks = engine.run(text, kind, chosen[0], deadline, max_bytes)
            try:
                self._relay(chunks, chosen[1])
            except Stopped as e:
                self._cut(503 if e.why == "time" else 507, too_long if e.why == "time" else too_big)
            except RuntimeError as e:  # the query failed while it ran
                self._cut(500, (str(e) + "\n").encode())
            except EOFError:
                self._cut(502, b"the query worker ended without an answer\n")
            finally:
                chunks.close()  # a client that went away mid-answer frees its worker

        def _cut(self, status, message):
            """Answer ``status`` if nothing was sent yet; else end the stream unfinished (no last chunk)."""
            if self._streaming:
                self.close_connection = True
                self._status = status
            else:
                self._send(status, message)

        def _relay(self, chunks, content_type, buffered=1 << 20):
            """Pass the answer on: whole if it is small, else streamed in chunks (the engine holds the
            deadline and the size cap, and raises :class:`Stopped` past either)."""
            parts, size = [], 0
            for chunk in chunks:
                size += len(chunk)
                parts.append(chunk)
                if size > buffered:
                    if not self._streaming:
                        self._streaming = True
                        self.send_response(200)
                        self.send_header("Content-Type", content_type)
                        self.send_header("Transfer-Encoding", "chunked")
                        self.end_headers()
                        self._status = 200
                    for part in parts:
                        self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
                    parts, self._size = [], size
            body = b"".join(parts)
            if not self._streaming:
                return self._send(200, body, content_type)
            if body:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(body), body))
            self.wfile.write(b"0\r\n\r\n")
            self._size = size

    return Handler
