"""Serve the graph at a SPARQL 1.1 Protocol endpoint: Oxigraph's server, behind a thin guard.

The SPARQL engine and the HTTP protocol are Oxigraph's (:mod:`graph.serve.runner`: the
``oxigraph`` program that ``pip install oxigraph`` ships), read-only, with its query time
limit, on a loopback port of its own. In front of it, the guard (:mod:`graph.serve.guard`), on
the address the user asks for, serves an offline query page (``page.html``), checks each query
(syntax with its position; no update, ``SERVICE`` or ``FROM``), binds the project's prefixes
and logs each request on one line.

Results come from Oxigraph as the client's ``Accept`` header asks: SPARQL JSON, XML, CSV and
TSV for SELECT and ASK; Turtle, N-Triples and JSON-LD (and RDF/XML) for CONSTRUCT and DESCRIBE.
"""

import shutil
import signal
import tempfile
import threading
from pathlib import Path

from ..defaults import HOST, PORT, TIMEOUT
from ..errors import StoreError
from .runner import Backend, free_port, oxigraph_binary

__all__ = ["Server", "serve", "free_port", "oxigraph_binary"]


class Server:
    """Oxigraph on a private port, and the guard in front of it on ``host:port``.

    Use as a context manager, or call :meth:`start` and :meth:`stop`.
    """

    def __init__(self, store_dir, host=HOST, port=PORT, timeout=TIMEOUT, log=None):
        self.host, self.port, self.timeout = host, port, timeout
        self.log = log or (lambda line: None)
        self.backend = Backend(store_dir, timeout)
        self.httpd = None

    @property
    def backend_url(self):
        return self.backend.url

    def start(self):
        from .guard import make_guard

        self.backend.start()
        try:
            self.httpd = make_guard(self.host, self.port, self.backend.url, self.timeout, self.log)
        except OSError as e:
            self.stop()
            raise StoreError(f"cannot listen on {self.host}:{self.port}: {e.strerror}") from e
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
        self.backend.stop()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def _stop_on_sigterm():
    """Make SIGTERM stop the server like Ctrl-C does (main thread only); return the old handler."""
    if threading.current_thread() is not threading.main_thread():
        return None

    def stop(signum, frame):
        raise KeyboardInterrupt

    return signal.signal(signal.SIGTERM, stop)


def serve(paths=None, store=None, host=HOST, port=PORT, timeout=TIMEOUT, log=print, ready=None):
    """Serve the graph until interrupted (Ctrl-C or SIGTERM), then stop cleanly.

    Parameters
    ----------
    paths : list of paths, optional
        RDF files to serve (default: the article's graph), loaded into a temporary store.
    store : path, optional
        A store made by ``python -m graph load``, served as it is.
    host, port : where to listen (port 0 picks a free one).
    timeout : seconds a query may run before Oxigraph stops it.
    log : called with one line per request.
    ready : called with the server once it listens.
    """
    from ..engine import triple_count
    from ..source import build_store, open_graph

    temporary = None
    try:
        if store is None:
            temporary = tempfile.mkdtemp(prefix="ev-kg-serve-")
            store = Path(temporary) / "store"
            n = build_store(paths, store)
        else:
            n = triple_count(open_graph(store=store))
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
