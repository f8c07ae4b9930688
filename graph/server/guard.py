"""The guard in front of the SPARQL engine: the HTTP side of ``serve``.

It serves the offline query page (``page.html``) at ``/`` with the named queries one click away,
and ``/query`` (SPARQL 1.1 Protocol, GET or POST). It refuses updates, dataset parameters and
malformed requests itself, and hands each query to the query workers (:class:`graph.server.workers.Workers`),
whose workers check it (syntax with line and column; no ``SERVICE`` or ``FROM``) and answer in
the format the client's ``Accept`` header prefers: the guard never parses a query, so no query
can make it crash, grow or spin. It holds every answer to the time limit and the size cap, lets
go of idle or stalled clients, and holds at most :data:`graph.defaults.MAX_CONNECTIONS`
connections. One log line per request.
"""

import heapq
import html
import json
import re
import socket
import struct
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from ..defaults import IDLE_TIMEOUT, MAX_CONNECTIONS, MAX_QUERY_BYTES, MAX_RESULT_BYTES
from ..namespace import PREFIXES
from ..output import escape_controls
from ..query import named_queries
from .workers import Failed, Stopped

__all__ = ["Bounded", "requested_host", "render_page", "Guard", "Handler", "make_guard"]

_PAGE = Path(__file__).resolve().parent / "page.html"
#: The charsets a request body may be in (text encodings only: no codec that unescapes or transforms).
_CHARSETS = {"utf-8", "utf8", "us-ascii", "ascii", "iso-8859-1", "latin-1", "latin1", "iso-8859-15",
             "windows-1252", "cp1252", "utf-16", "utf-16le", "utf-16be"}
_READ_ONLY = b"updates are refused: this endpoint is read-only\n"


def render_page():
    """The query page, with the named queries filled in (every text escaped)."""
    items = []
    for q in named_queries().values():
        text = q.path.read_text(encoding="utf-8")
        items.append(f'<li><button type="button" data-query="{html.escape(text, quote=True)}">'
                     f'{html.escape(q.name)}</button>{html.escape(q.question)}</li>')
    bound = json.dumps({p: str(ns) for p, ns in PREFIXES.items()})
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        bound = bound.replace(char, escape)
    page = _PAGE.read_text(encoding="utf-8").replace("{{prefixes}}", bound)
    return page.replace("{{queries}}", "\n".join(items)).encode("utf-8")


class Watchdog:
    """One thread that ends connections at their deadlines: :meth:`watch` a socket until a time
    (``time.monotonic()``), :meth:`release` it when its work is done in time. At the deadline the
    socket is shut down, so that a read or write blocked on it (a client that trickles its request,
    or reads an answer at 300 bytes a second) returns at once, and the handler lets go; when the
    handler closes it, it is reset (``SO_LINGER`` 0), so no answer trickles on from the kernel's buffer."""

    def __init__(self):
        self.deadlines, self.lock, self.wake = [], threading.Lock(), threading.Event()
        self.count, self.stopped = 0, False
        threading.Thread(target=self._run, name="guard-watchdog", daemon=True).start()

    def watch(self, connection, deadline):
        with self.lock:
            self.count += 1
            entry = [deadline, self.count, connection]
            heapq.heappush(self.deadlines, entry)
        self.wake.set()
        return entry

    def release(self, entry):
        if entry is not None:
            entry[2] = None  # done in time: nothing to cut

    def stop(self):
        self.stopped = True
        self.wake.set()

    def _run(self):
        while not self.stopped:
            with self.lock:
                while self.deadlines and self.deadlines[0][2] is None:
                    heapq.heappop(self.deadlines)
                wait = self.deadlines[0][0] - time.monotonic() if self.deadlines else None
                if wait is not None and wait <= 0:
                    connection = heapq.heappop(self.deadlines)[2]
                    _reset(connection)  # a reset, not a goodbye: what the kernel holds for a slow reader is dropped
                    try:
                        connection.shutdown(socket.SHUT_RDWR)
                    except OSError:
                        pass
                    continue
            self.wake.wait(wait)
            self.wake.clear()


class Bounded(ThreadingHTTPServer):
    """An HTTP server with a thread per connection, at most ``self.slots`` (a ``BoundedSemaphore``) at
    once: past that, 503 at once (a crowd of idle connections cannot take every thread and file the
    process has); an error is one escaped line of ``self.log``, never a traceback (none while
    ``self.stopping``); ``self.watchdog`` stops with it. Used by ``serve`` and by ``annotate``."""

    daemon_threads = True
    request_queue_size = 1024  # a crowd waits in the kernel's queue rather than being reset
    _BUSY = b"too many connections: try again\n"

    def process_request(self, request, client_address):
        if not self.slots.acquire(blocking=False):
            try:
                request.sendall(b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
                                b"Content-Length: %d\r\nConnection: close\r\n\r\n%s" % (len(self._BUSY), self._BUSY))
            except OSError:
                pass
            self.shutdown_request(request)
            return
        super().process_request(request, client_address)

    def process_request_thread(self, request, client_address):
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.slots.release()

    def handle_error(self, request, client_address):  # one line, never a traceback
        error = sys.exc_info()[1]
        if not isinstance(error, (ConnectionError, TimeoutError)) and not self.stopping:
            self.log(f"{client_address[0]} error: {escape_controls(f'{type(error).__name__}: {error}', keep='')}")

    def server_close(self):
        watchdog = getattr(self, "watchdog", None)  # none yet when the address could not be had
        if watchdog is not None:
            watchdog.stop()
        super().server_close()


class Guard(Bounded):
    """The guard's HTTP server: a thread per connection, up to ``max_connections``; it holds what
    every :class:`Handler` reads: the ``workers``, the time limit, the size cap, the log, the page."""

    def __init__(self, address, handler, workers, timeout, log, max_bytes=MAX_RESULT_BYTES, max_connections=None,
                 hosts=()):
        super().__init__(address, handler)
        self.slots = threading.BoundedSemaphore(max_connections or MAX_CONNECTIONS)
        self.workers, self.query_timeout, self.log, self.max_bytes = workers, timeout, log, max_bytes
        self.idle_timeout, self.page, self.stopping = IDLE_TIMEOUT, render_page(), False
        self.watchdog = Watchdog()
        self.answering, self.answered = 0, threading.Condition()  # requests between their head and their log line
        self.hosts = _host_names(address[0], hosts)
        self.too_long = f"the query ran longer than the time limit of {timeout:g} s\n".encode()
        self.too_big = f"the answer is larger than {max_bytes:,} bytes: ask for fewer rows (LIMIT)\n".encode()

    def begin(self):
        with self.answered:
            self.answering += 1

    def end(self):
        with self.answered:
            self.answering -= 1
            self.answered.notify_all()

    def wait_answered(self, wait):
        """Wait up to ``wait`` seconds for the requests being answered to be answered and logged."""
        with self.answered:
            self.answered.wait_for(lambda: self.answering <= 0, wait)


def requested_host(headers, path):
    """``(host, given)``: the one server a request names, lower-cased, or ``""`` when it names none,
    several ``Host`` headers, or an absolute-form target (``GET http://NAME/...``, which RFC 9112 puts
    before ``Host``) whose authority is not its Host's; and the ``Host`` headers as given."""
    given = headers.get_all("Host") or []
    host = given[0].strip().lower() if len(given) == 1 else ""
    if "://" in path[:16] and urllib.parse.urlsplit(path).netloc.lower() != host:
        host = ""
    return host, given


def _host_names(host, allowed=()):
    """The names a ``Host`` header may give: the address listened on, the loopback's names when it is
    the loopback, and ``allowed`` (``--allow-host``)."""
    names = {host.lower().strip("[]"), *(name.lower().strip("[]") for name in allowed)}
    if names & {"127.0.0.1", "localhost", "::1"}:
        names |= {"127.0.0.1", "localhost", "::1"}
    return names


def make_guard(host, port, workers, timeout, log, max_bytes=MAX_RESULT_BYTES, hosts=()):
    """An HTTP server on ``host:port`` that has ``workers`` (:class:`graph.server.workers.Workers`) check
    and answer queries; an answer is cut at ``timeout`` seconds (wall clock) or ``max_bytes``,
    whichever comes first, however slowly the client reads it. It answers requests that name it as
    ``host`` (or the loopback's names, or ``hosts``) only: a page whose name was rebound to this
    address cannot read it. The guard itself never parses a query: a worker does, under the limits."""
    return Guard((host, port), Handler, workers, timeout, log, max_bytes, hosts=hosts)


def _sent(connection, deadline):
    """Whether the kernel has sent the whole answer (its queue of unsent bytes is empty) by ``deadline``:
    a small answer leaves Python at once but may trickle from the kernel's buffer to a slow reader."""
    try:
        import fcntl
        import termios
    except ImportError:  # no such queue to ask about: the watchdog's reset is the bound
        return True
    while True:
        try:
            if struct.unpack("i", fcntl.ioctl(connection.fileno(), termios.TIOCOUTQ, b"\0\0\0\0"))[0] == 0:
                return True
        except OSError:
            return False
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.02)


def _reset(connection):
    """End the connection with a reset when it closes: nothing more is sent from the kernel's buffer."""
    try:
        connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    except OSError:
        pass


_HOST = re.compile(r"(\[[0-9a-f:.]+\]|[a-z0-9._-]+)(:[0-9]{1,5})?")  # a name or [IPv6], and a port: nothing else


def _host_name(host):
    """The name of a ``Host`` value (``[::1]:7878`` is ``::1``, ``localhost:7878`` is ``localhost``)."""
    return host[1:host.index("]")] if host.startswith("[") else host.split(":", 1)[0]


class Handler(BaseHTTPRequestHandler):
    """One connection to the guard: the page, the list of named queries, and ``/query``. What the
    server holds (its workers, time limit, size cap, log, page) is read from ``self.server``."""

    protocol_version = "HTTP/1.1"
    server_version = "ev-kg"
    disable_nagle_algorithm = True  # else a small answer waits for the client's delayed ACK (40 ms)
    wbufsize = 1 << 16  # headers and a small body leave in one packet (flushed after each request)

    def setup(self):
        self.timeout = self.server.idle_timeout  # a client that sends or reads nothing for this long is let go
        super().setup()

    def handle_one_request(self):
        """One request: its head and body must come within the idle limit in all (a client that
        trickles a byte at a time is let go at that deadline, not kept for as long as it trickles)."""
        self._reading = self.server.watchdog.watch(self.connection, time.monotonic() + self.server.idle_timeout)
        try:
            super().handle_one_request()
        finally:
            self.server.watchdog.release(self._reading)

    def _read_done(self):
        """The request is read: its deadline ends, and the answer's begins: written and flushed in
        full within the idle limit (a query's answer has its own, shorter deadline too)."""
        self.server.watchdog.release(self._reading)
        self._reading = self.server.watchdog.watch(self.connection, time.monotonic() + self.server.idle_timeout)

    def _misdirected(self):
        """Answer 421 unless the request names this server: one ``Host`` header, a name this server
        answers as and at most a port (digits), and the same authority in an absolute-form target
        (``GET http://NAME/...``, which RFC 9112 puts before ``Host``). A page elsewhere whose name
        was rebound to this address must not read the graph. Return whether it was answered."""
        host, hosts = requested_host(self.headers, self.path)
        if _HOST.fullmatch(host) and _host_name(host) in self.server.hosts:
            return False
        self.close_connection = True
        shown = escape_controls(" ".join(hosts)[:80], keep="") or "(none)"
        self._send(421, f"this server answers as {', '.join(sorted(self.server.hosts))}, not {shown}: start it with "
                        f"--allow-host NAME to answer as NAME\n".encode())
        return True

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

    def send_error(self, code, message=None, explain=None):
        """Errors of the HTTP layer itself (a bad request line, a long URL): plain text, one line."""
        self.setup_request()
        self.close_connection = True
        self._send(code, f"{code} {message or self.responses.get(code, ('',))[0]}\n".encode())
        self._done(time.monotonic())

    def _done(self, started):
        self.server.end()
        request = escape_controls(f"{getattr(self, 'command', None) or '-'} {getattr(self, 'path', '')[:120]}", keep="")
        self.server.log(f'{self.client_address[0]} "{request}" {getattr(self, "_status", 0)} '
            f'{getattr(self, "_size", 0)} {1000 * (time.monotonic() - started):.0f} ms')

    def setup_request(self):
        self._status, self._size, self._streaming = 0, 0, False
        self.server.begin()

    def do_GET(self):
        self.setup_request()
        started = time.monotonic()
        try:
            url = urllib.parse.urlsplit(self.path)
            self._read_done()
            if self._misdirected():
                pass
            elif self.headers.get("Content-Length") or self.headers.get("Transfer-Encoding"):
                self.close_connection = True  # a body on a GET is never read as the next request
                self._send(400, b"a GET request has no body\n")
            elif self.command == "HEAD" and url.path == "/query":
                self._send(405, b"HEAD is not answered at /query: use GET or POST\n")
            elif url.path == "/":
                self._send(200, self.server.page, "text/html; charset=utf-8")
            elif url.path == "/query":
                self._params(urllib.parse.parse_qs(url.query), b"no query: give ?query=...\n")
            elif url.path == "/queries":
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
            lengths = self.headers.get_all("Content-Length") or []
            length = lengths[0].strip() if lengths else ""
            if self._misdirected():
                return None
            if self.headers.get("Transfer-Encoding"):
                self.close_connection = True
                return self._send(411, b"a request body must have a Content-Length (no chunked encoding)\n")
            if not lengths:
                self.close_connection = True
                return self._send(411, b"a request body must have a Content-Length\n")
            if not (length.isascii() and length.isdigit()) or len(set(v.strip() for v in lengths)) > 1:
                self.close_connection = True
                return self._send(400, b"bad Content-Length: one number of bytes is expected\n")
            if int(length) > MAX_QUERY_BYTES:
                self.close_connection = True
                return self._send(413, f"the request is larger than {MAX_QUERY_BYTES:,} bytes\n".encode())
            raw = self.rfile.read(int(length))
            self._read_done()
            if len(raw) < int(length):
                self.close_connection = True
                return self._send(400, b"the request body ended before its Content-Length\n")
            kind, _, options = (self.headers.get("Content-Type") or "").partition(";")
            kind = kind.strip().lower()
            charset = next((o.split("=", 1)[1].strip().strip('"') for o in options.split(";")
                            if o.strip().lower().startswith("charset=")), "utf-8")
            if charset.lower().replace("_", "-") not in _CHARSETS:
                return self._send(415, f"unsupported charset {escape_controls(charset[:40])}: use UTF-8\n".encode())
            try:
                body = raw.decode(charset)
            except UnicodeError as e:
                return self._send(400, f"the body is not {escape_controls(charset)} text: {type(e).__name__}\n".encode())
            path = urllib.parse.urlsplit(self.path).path
            if path in ("/update", "/store") or kind == "application/sparql-update":
                self._send(403, _READ_ONLY)
            elif path != "/query":
                self._send(404, b"not found: the endpoint is /query\n")
            elif kind == "application/sparql-query":
                self._query(body)
            elif kind in ("application/x-www-form-urlencoded", ""):
                self._params(urllib.parse.parse_qs(body, encoding=charset, errors="replace"),
                             b"no query: send query=... or an application/sparql-query body\n")
            else:
                self._send(415, f"unsupported Content-Type {kind}\n".encode())
        finally:
            self._done(started)

    def _params(self, params, missing):
        if "update" in params:
            self._send(403, _READ_ONLY)
        elif "default-graph-uri" in params or "named-graph-uri" in params:
            self._send(403, b"default-graph-uri and named-graph-uri are refused: a query runs over the loaded data\n")
        elif "query" not in params:
            self._send(400, missing)
        else:
            self._query(params["query"][0])

    def _query(self, text):
        server = self.server
        deadline = time.monotonic() + server.query_timeout
        # however slowly the client reads, its answer ends at the deadline (a second later: past the
        # deadline itself, a query that has sent nothing yet is answered 503 by the workers' own limit)
        cut = server.watchdog.watch(self.connection, deadline + 1.0)
        chunks = server.workers.run(text, self.headers.get("Accept"), deadline, server.max_bytes)
        try:
            content_type = next(chunks)
            self._relay(chunks, content_type)
        except Stopped as e:
            self._cut(503 if e.why == "time" else 507, server.too_long if e.why == "time" else server.too_big)
        except Failed as e:
            self._cut(e.status, (e.message + "\n").encode())
        except OSError:  # the client went away, stopped reading, or read too slowly to finish in time
            self._status = 499  # logged as nginx does
            self.close_connection = True
        finally:
            try:
                self.wfile.flush()  # the last of the answer leaves within its deadline, or not at all
                if not _sent(self.connection, deadline + 1.0):
                    raise OSError("the answer was not read in time")
            except OSError:
                self._status, self.close_connection = 499, True
                _reset(self.connection)
            server.watchdog.release(cut)
            chunks.close()  # a client that went away mid-answer frees its worker

    def _cut(self, status, message):
        """Answer ``status`` if nothing was sent yet; else end the stream unfinished (no last chunk)."""
        if self._streaming:
            self.close_connection = True
            self._status = status
        else:
            self._send(status, message)

    def _relay(self, chunks, content_type, buffered=1 << 20):
        """Pass the answer on: whole if it is small, else streamed in chunks (the workers hold the
        deadline and the size cap, and raise :class:`Stopped` past either)."""
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
