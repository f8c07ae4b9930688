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

        self.backend.url = f"http://127.0.0.1:{free_port()}"
        try:  # listen first: a port that cannot be had starts no engine
            self.httpd = make_guard(self.host, self.port, self.backend.url, self.timeout, self.log)
        except (OSError, OverflowError) as e:
            raise StoreError(f"cannot listen on {self.host}:{self.port}: {getattr(e, 'strerror', None) or e}") from e
        self.port = self.httpd.server_address[1]
        try:
            self.backend.start()
        except BaseException:
            self.httpd.server_close()
            raise
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
    """Make SIGTERM and SIGHUP stop the server like Ctrl-C does (main thread only); return the old handlers."""
    if threading.current_thread() is not threading.main_thread():
        return None

    def stop(signum, frame):
        raise KeyboardInterrupt

    return {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGHUP)}


def _clean_stale(prefix="ev-kg-serve-"):
    """Remove the temporary stores of servers that were killed (``kill -9``) before they could."""
    import os

    for folder in Path(tempfile.gettempdir()).glob(prefix + "*"):
        pid = folder.name[len(prefix):].split("-", 1)[0]
        if not pid.isdigit():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            pass


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
            import os

            _clean_stale()
            temporary = tempfile.mkdtemp(prefix=f"ev-kg-serve-{os.getpid()}-")
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
            for sig, handler in (previous or {}).items():
                signal.signal(sig, handler)
    finally:
        if temporary:
            shutil.rmtree(temporary, ignore_errors=True)
    return 0
