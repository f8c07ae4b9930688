"""The guard in front of the SPARQL engine: an HTTP server that checks every query first.

It serves the offline query page (``page.html``) at ``/`` with the named queries one click away,
and ``/query`` (SPARQL 1.1 Protocol, GET or POST): a syntax error is answered with its line and
column, updates, ``SERVICE`` and ``FROM`` are refused, the project's prefixes are declared, and
the query goes on to the engine (:class:`graph.serve.runner.Backend`). One log line per request.
"""

import html
import http.client
import json
import queue
import socket
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from .._limits import escape_controls
from ..defaults import MAX_QUERY_BYTES, MAX_RESULT_BYTES
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


class _Guard(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024  # a crowd waits in the kernel's queue rather than being reset

    def handle_error(self, request, client_address):  # one line, never a traceback
        import sys

        error = sys.exc_info()[1]
        if not isinstance(error, (ConnectionError, TimeoutError)):
            self.log(f"{client_address[0]} error: {escape_controls(type(error).__name__ + ': ' + str(error))}")


def make_guard(host, port, backend_url, timeout, log, max_bytes=MAX_RESULT_BYTES):
    """An HTTP server on ``host:port`` that checks queries and passes them to ``backend_url``;
    an answer is cut at ``timeout`` seconds (wall clock) or ``max_bytes``, whichever comes first."""
    httpd = _Guard((host, port), _handler(backend_url, timeout, log, max_bytes))
    httpd.log = log
    return httpd


class _Backends:
    """Keep-alive connections to the engine, reused by the guard's threads."""

    def __init__(self, url):
        parts = urllib.parse.urlsplit(url)
        self.host, self.port, self.idle = parts.hostname, parts.port, queue.LifoQueue()

    def get(self):
        try:
            return self.idle.get_nowait()
        except queue.Empty:
            return http.client.HTTPConnection(self.host, self.port, timeout=30)

    def put(self, connection):
        self.idle.put(connection)


def _handler(backend_url, timeout, log, max_bytes):
    page = render_page()
    backends = _Backends(backend_url)
    too_long = f"the query ran longer than the time limit of {timeout:g} s\n".encode()
    too_big = f"the answer is larger than {max_bytes:,} bytes: ask for fewer rows (LIMIT)\n".encode()

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
            from ..namespace import sparql_prologue
            from ..query import prepare

            try:
                prepare(text)
            except QueryError as e:
                self._send(403 if "refused" in str(e) else 400, (str(e) + "\n").encode())
                return
            data = urllib.parse.urlencode({"query": sparql_prologue() + text}).encode()
            headers = {"Content-Type": "application/x-www-form-urlencoded",
                       "Accept": self.headers.get("Accept") or "application/sparql-results+json"}
            deadline = time.monotonic() + timeout
            backend = backends.get()
            try:
                backend.request("POST", "/query", data, headers)
                backend.sock.settimeout(max(0.01, deadline - time.monotonic()))
                response = backend.getresponse()
                self._relay(response, deadline, backend.sock)
            except (TimeoutError, socket.timeout):
                backend.close()  # Oxigraph stops the query when its client goes
                self._cut(503, too_long)
                return
            except (http.client.HTTPException, OSError) as e:
                backend.close()
                if isinstance(e, (BrokenPipeError, ConnectionResetError)) and getattr(self, "_status", 0):
                    raise  # the client went away
                self._cut(502, f"the SPARQL engine did not answer: {e}\n".encode())
                return
            if response.isclosed() and not response.will_close:
                backends.put(backend)
            else:
                backend.close()

        def _cut(self, status, message):
            """Answer ``status`` if nothing was sent yet; else end the stream unfinished (no last chunk)."""
            if getattr(self, "_streaming", False):
                self.close_connection = True
                self._status = status
            else:
                self._send(status, message)

        def _relay(self, response, deadline, sock, buffered=1 << 20):
            """Pass the engine's answer on: whole if it is small, else streamed in chunks, while the
            deadline and the size cap hold (each read waits only for the time that is left)."""
            content_type = response.getheader("Content-Type", "application/octet-stream")
            parts, size = [], 0
            while True:
                sock.settimeout(max(0.01, deadline - time.monotonic()))
                chunk = response.read1(65536)
                if time.monotonic() > deadline:
                    raise TimeoutError
                if not chunk:
                    break
                size += len(chunk)
                if size > max_bytes:
                    response.close()
                    self._cut(507, too_big)
                    return
                parts.append(chunk)
                if size > buffered:
                    if not getattr(self, "_streaming", False):
                        self._streaming = True
                        self.send_response(response.status)
                        self.send_header("Content-Type", content_type)
                        self.send_header("Transfer-Encoding", "chunked")
                        self.end_headers()
                        self._status = response.status
                    for part in parts:
                        self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
                    parts, self._size = [], size
            body = b"".join(parts)
            if getattr(self, "_streaming", False):
                if b"operation has been cancelled" in body[-300:] or b"timeout" in body[-300:].lower():
                    self.close_connection = True  # cut: the client sees an unfinished answer
                    self._status = 503
                    return
                if body:
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(body), body))
                self.wfile.write(b"0\r\n\r\n")
                self._size = size
            elif b"operation has been cancelled" in body[-300:] or (response.status >= 500 and b"timeout" in body.lower()):
                self._send(503, too_long)
            else:
                self._send(response.status, body, content_type)

    return Handler
