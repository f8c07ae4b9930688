"""Serve the graph at a SPARQL 1.1 Protocol endpoint: Oxigraph's server, behind a thin guard.

The SPARQL engine and the HTTP protocol are Oxigraph's (the ``oxigraph`` server that
``pip install oxigraph`` ships), started read-only (``serve-read-only``) with its query time
limit (``--timeout-s``), on a loopback port of its own. In front of it, this module's small
HTTP server, on the address the user asks for:

- serves an offline query page at ``/`` with the named queries of ``queries/`` one click away
  (Oxigraph's own page loads its editor from a CDN);
- checks each query before passing it on: a syntax error is answered with its line and column,
  and updates, ``SERVICE`` and ``FROM`` are refused (Oxigraph would call a ``SERVICE`` over the
  network);
- binds the project's prefixes, so a query needs no PREFIX lines for them;
- logs each request on one line, and stops Oxigraph with it.

Results come from Oxigraph as the client's ``Accept`` header asks: SPARQL JSON, XML, CSV and
TSV for SELECT and ASK; Turtle, N-Triples and JSON-LD (and RDF/XML) for CONSTRUCT and DESCRIBE.
"""

import html
import json
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from .errors import DataError, QueryError

__all__ = ["oxigraph_binary", "free_port", "Server", "serve"]


def oxigraph_binary():
    """The path of the ``oxigraph`` server program (from the ``oxigraph`` package)."""
    here = Path(sys.executable).parent / "oxigraph"
    found = str(here) if here.exists() else shutil.which("oxigraph")
    if not found:
        raise DataError("the oxigraph server program is not installed (pip install oxigraph)")
    return found


def free_port(host="127.0.0.1"):
    """A TCP port that is free on ``host`` now."""
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


class Server:
    """Oxigraph (read-only, with a time limit) on a private port, and the guard in front of it.

    Use as a context manager, or call :meth:`start` and :meth:`stop`.
    """

    def __init__(self, store_dir, host="127.0.0.1", port=7878, timeout=10, log=None):
        self.store_dir, self.host, self.port, self.timeout = str(store_dir), host, port, timeout
        self.log = log or (lambda line: None)
        self.backend = None
        self.httpd = None

    def start(self):
        backend_port = free_port()
        self.backend_url = f"http://127.0.0.1:{backend_port}"
        self.backend = subprocess.Popen(
            [oxigraph_binary(), "serve-read-only", "--location", self.store_dir,
             "--bind", f"127.0.0.1:{backend_port}", "--timeout-s", str(self.timeout)],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 20
        while True:
            try:
                urllib.request.urlopen(f"{self.backend_url}/query?query=ASK%7B%7D", timeout=1).read()
                break
            except (urllib.error.URLError, OSError):
                if self.backend.poll() is not None:
                    raise DataError(f"oxigraph did not start: {self.backend.stderr.read().decode().strip()}")
                if time.monotonic() > deadline:
                    self.stop()
                    raise DataError("oxigraph did not answer within 20 s")
                time.sleep(0.05)
        try:
            self.httpd = ThreadingHTTPServer((self.host, self.port), _handler(self))
        except OSError as e:
            self.stop()
            raise DataError(f"cannot listen on {self.host}:{self.port}: {e.strerror}") from None
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        return self

    @property
    def url(self):
        return f"http://{self.host}:{self.port}"

    def serve_forever(self):
        self.httpd.serve_forever(poll_interval=0.2)

    def stop(self):
        if self.httpd is not None:
            self.httpd.server_close()
        if self.backend is not None and self.backend.poll() is None:
            self.backend.terminate()
            try:
                self.backend.wait(5)
            except subprocess.TimeoutExpired:
                self.backend.kill()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def _page():
    from .query import named_queries

    items = []
    for q in named_queries().values():
        text = q.path.read_text(encoding="utf-8")
        items.append(f'<li><button type="button" data-query="{html.escape(text, quote=True)}">'
                     f'{html.escape(q.name)}</button> {html.escape(q.question)}</li>')
    return _PAGE.replace("{{queries}}", "\n".join(items)).encode("utf-8")


_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'">
<title>EV knowledge graph: SPARQL</title>
<style>
body { font: 14px/1.45 system-ui, sans-serif; margin: 20px auto; max-width: 1100px; color: #1f2933; }
textarea { width: 100%; height: 180px; font: 13px ui-monospace, monospace; }
table { border-collapse: collapse; margin-top: 10px; } td, th { border: 1px solid #d9e2ec; padding: 3px 6px; text-align: left; }
ul { padding-left: 18px; } li { margin: 3px 0; } button { cursor: pointer; }
#error { color: #b00020; white-space: pre-wrap; }
</style></head><body>
<h1>EV knowledge graph: SPARQL endpoint</h1>
<p>Ask at <code>/query</code> (SPARQL 1.1 Protocol, GET or POST). The prefixes ev:, kg:, art:, claim:, nif:, prov:,
skos:, dcterms:, rdf:, rdfs:, owl:, xsd: are bound. Read-only.</p>
<form id="form"><textarea id="q" spellcheck="false">SELECT ?nation ?what WHERE {
  ?n a ev:Nation ; skos:prefLabel ?nation ; ev:investsIn ?x . ?x skos:prefLabel ?what .
}</textarea><br><button type="submit">Run</button></form>
<div id="error"></div><div id="out"></div>
<h2>Named queries</h2><ul id="named">{{queries}}</ul>
<script>
(function () {
  var q = document.getElementById("q"), out = document.getElementById("out"), err = document.getElementById("error");
  function cell(v) { return v ? v.value : ""; }
  function run() {
    err.textContent = ""; while (out.firstChild) out.removeChild(out.firstChild);
    fetch("query", { method: "POST", headers: { "Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json, text/turtle;q=0.9" }, body: q.value })
      .then(function (r) { return r.text().then(function (t) { return [r, t]; }); })
      .then(function (rt) {
        var r = rt[0], text = rt[1];
        if (!r.ok) { err.textContent = text; return; }
        if ((r.headers.get("Content-Type") || "").indexOf("json") < 0) { var pre = document.createElement("pre"); pre.textContent = text; out.append(pre); return; }
        var data = JSON.parse(text);
        if ("boolean" in data) { out.textContent = String(data.boolean); return; }
        var table = document.createElement("table"), head = document.createElement("tr");
        data.head.vars.forEach(function (v) { var th = document.createElement("th"); th.textContent = v; head.append(th); });
        table.append(head);
        data.results.bindings.forEach(function (b) {
          var tr = document.createElement("tr");
          data.head.vars.forEach(function (v) { var td = document.createElement("td"); td.textContent = cell(b[v]); tr.append(td); });
          table.append(tr);
        });
        out.append(table);
      }).catch(function (e) { err.textContent = String(e); });
  }
  document.getElementById("form").addEventListener("submit", function (e) { e.preventDefault(); run(); });
  Array.prototype.forEach.call(document.querySelectorAll("#named button"), function (b) {
    b.addEventListener("click", function () { q.value = b.getAttribute("data-query"); run(); });
  });
})();
</script></body></html>
"""


def _handler(server):
    page = _page()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "ev-kg"

        def log_message(self, fmt, *args):  # one line per request, through serve()'s log
            pass

        def _send(self, status, body, content_type="text/plain; charset=utf-8", extra=()):
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for k, v in extra:
                self.send_header(k, v)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            self._status, self._size = status, len(body)

        def _done(self, started):
            server.log(f'{self.client_address[0]} "{self.command} {self.path[:120]}" {getattr(self, "_status", 0)} '
                       f'{getattr(self, "_size", 0)} {1000 * (time.monotonic() - started):.0f} ms')

        def do_GET(self):
            started = time.monotonic()
            try:
                url = urllib.parse.urlsplit(self.path)
                if url.path == "/":
                    self._send(200, page, "text/html; charset=utf-8")
                elif url.path == "/query":
                    params = urllib.parse.parse_qs(url.query)
                    if "update" in params:
                        self._send(403, b"updates are refused: this endpoint is read-only\n")
                    elif "query" not in params:
                        self._send(400, b"no query: give ?query=...\n")
                    else:
                        self._query(params["query"][0])
                elif url.path == "/queries":
                    from .query import named_queries

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
                    self._send(403, b"updates are refused: this endpoint is read-only\n")
                elif path != "/query":
                    self._send(404, b"not found: the endpoint is /query\n")
                elif kind == "application/sparql-query":
                    self._query(body)
                elif kind in ("application/x-www-form-urlencoded", ""):
                    params = urllib.parse.parse_qs(body)
                    if "update" in params:
                        self._send(403, b"updates are refused: this endpoint is read-only\n")
                    elif "query" not in params:
                        self._send(400, b"no query: send query=... or an application/sparql-query body\n")
                    else:
                        self._query(params["query"][0])
                else:
                    self._send(415, f"unsupported Content-Type {kind}\n".encode())
            finally:
                self._done(started)

        def _query(self, text):
            from .query import prepare

            try:
                prepare(text)
            except QueryError as e:
                status = 403 if "refused" in str(e) else 400
                self._send(status, (str(e) + "\n").encode())
                return
            from .namespace import sparql_prologue

            data = urllib.parse.urlencode({"query": sparql_prologue() + text}).encode()
            request = urllib.request.Request(f"{server.backend_url}/query", data=data, method="POST", headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept": self.headers.get("Accept") or "application/sparql-results+json",
            })
            try:
                with urllib.request.urlopen(request, timeout=server.timeout + 10) as response:
                    body = response.read()
                if b"operation has been cancelled" in body[-300:]:
                    # Oxigraph had begun streaming the results when its time limit struck
                    self._send(503, f"the query ran longer than the time limit of {server.timeout} s\n".encode())
                else:
                    self._send(response.status, body, response.headers.get("Content-Type", "application/octet-stream"))
            except urllib.error.HTTPError as e:
                body = e.read()
                if e.code >= 500 and b"timeout" in body.lower():
                    body = f"the query ran longer than the time limit of {server.timeout} s\n".encode()
                    self._send(503, body)
                else:
                    self._send(e.code, body, e.headers.get("Content-Type", "text/plain; charset=utf-8"))
            except (urllib.error.URLError, OSError) as e:
                self._send(502, f"the SPARQL engine did not answer: {e}\n".encode())

    return Handler


def _stop_on_sigterm():
    """Make SIGTERM stop the server like Ctrl-C does (main thread only); return the old handler."""
    if threading.current_thread() is not threading.main_thread():
        return None

    def stop(signum, frame):
        raise KeyboardInterrupt

    return signal.signal(signal.SIGTERM, stop)


def serve(paths=None, store=None, host="127.0.0.1", port=7878, timeout=10, log=print, ready=None):
    """Serve the graph until interrupted (Ctrl-C), then stop cleanly.

    Parameters
    ----------
    paths : list of paths, optional
        RDF files to serve (default: the article's graph), loaded into a temporary store.
    store : path, optional
        A store made by ``python -m graph load --store``, served as it is.
    host, port : where to listen (default 127.0.0.1:7878; port 0 picks a free one).
    timeout : seconds a query may run before Oxigraph stops it.
    log : called with one line per request.
    ready : called with the server once it listens.
    """
    from .engine import create_store, open_store
    from .load import load

    temporary = None
    try:
        if store is None:
            temporary = tempfile.mkdtemp(prefix="ev-kg-serve-")
            folder = Path(temporary) / "store"
            ox = create_store(folder)
            from .engine import new_graph

            graph = load(paths, graph=new_graph("oxigraph", ox))
            n = len(ox)
            ox.flush()
            del graph, ox
            import gc

            gc.collect()
            store = folder
        else:
            n = len(open_store(store))
        server = Server(store, host, port, timeout, log).start()
        log(f"Serving {n:,} triples at {server.url}/query (page: {server.url}/); read-only, "
            f"queries stop after {timeout} s. Ctrl-C stops.")
        if ready:
            ready(server)
        previous = _stop_on_sigterm()
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            log("Stopping.")
        finally:
            server.stop()
            if previous is not None:
                signal.signal(signal.SIGTERM, previous)
    finally:
        if temporary:
            shutil.rmtree(temporary, ignore_errors=True)
    return 0

