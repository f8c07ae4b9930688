"""Serve the graph at a SPARQL 1.1 Protocol endpoint: Oxigraph's engine, behind a thin guard.

The guard (:mod:`graph.server.guard`), on the address the user asks for, speaks HTTP: it serves an
offline query page (``page.html``), has each query checked (syntax with its position; no update,
``SERVICE`` or ``FROM``), binds the project's prefixes and logs each request on one line. The
engine is Oxigraph's, in query workers (:mod:`graph.server.workers`, :mod:`graph.server.worker`):
processes that open the store read-only and that only the guard can reach, through pipes.

Answers come as the client's ``Accept`` header asks: SPARQL JSON, XML, CSV and TSV for SELECT
and ASK; Turtle, N-Triples, JSON-LD, RDF/XML, N-Quads, TriG and N3 for CONSTRUCT and DESCRIBE.
"""

import os
import queue
import shutil
import signal
import sys
import tempfile
import threading
import time
from pathlib import Path

from ..defaults import HOST, PORT, TIMEOUT
from ..errors import DataError, StoreError
from ..source import Source
from ..source.store import build_store
from .guard import make_guard
from .workers import Workers, free_port, oxigraph_binary

__all__ = ["Server", "serve", "free_port", "oxigraph_binary", "write_line"]


class Server:
    """The query workers on the store in ``store_dir``, and the guard in front of them on ``host:port``.

    Use as a context manager, or call :meth:`start` and :meth:`stop`.
    """

    def __init__(self, store_dir, host=HOST, port=PORT, timeout=TIMEOUT, log=None, workers=None, memory=None, hosts=()):
        self.host, self.port, self.timeout, self.hosts = host, port, timeout, tuple(hosts)
        self.log = log or (lambda line: None)
        self.store_dir, self.httpd = store_dir, None
        self.workers = Workers(store_dir, workers, memory, log=self.log)

    def start(self):
        if not str(self.host).strip():  # "" would listen on every address
            raise StoreError("--host: give the address to listen on (the default is 127.0.0.1)")
        try:  # listen first: a port that cannot be had starts no worker
            self.httpd = make_guard(self.host, self.port, self.workers, self.timeout, self.log, hosts=self.hosts)
        except (OSError, OverflowError) as e:
            raise StoreError(f"cannot listen on {self.host}:{self.port}: {getattr(e, 'strerror', None) or e}") from e
        self.port = self.httpd.server_address[1]
        try:
            self.workers.start()
        except BaseException:
            self.httpd.server_close()
            raise
        return self

    @property
    def url(self):
        return f"http://{self.host}:{self.port}"

    def serve_forever(self):
        self.httpd.serve_forever(poll_interval=0.2)

    def stop(self, grace=2.0):
        """Stop listening, give the queries that run ``grace`` seconds to finish, then stop the workers."""
        if self.httpd is not None:
            self.httpd.stopping = True
            self.httpd.server_close()
            self.httpd.wait_answered(grace)  # an answer sent is logged before the process ends
        self.workers.drain(grace)
        self.workers.stop()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


class _Log:
    """Request lines handed to a thread that writes them, so that a log nobody reads (a full pipe)
    never stops the server: past ``backlog`` waiting lines, lines are dropped, and counted."""

    def __init__(self, write, backlog=10_000):
        self.write, self.lines, self.dropped = write, queue.Queue(backlog), 0
        threading.Thread(target=self._run, name="serve-log", daemon=True).start()

    def __call__(self, line):
        try:
            self.lines.put_nowait(line)
        except queue.Full:
            self.dropped += 1

    def _run(self):
        while True:
            line = self.lines.get()
            if self.dropped:
                dropped, self.dropped = self.dropped, 0
                self.write(f"({dropped:,} request lines were dropped: the log was not being read)")
            self.write(line)
            self.lines.task_done()

    def drain(self, wait=1.0):
        """Wait up to ``wait`` seconds for the lines still queued to be written."""
        end = time.monotonic() + wait
        while self.lines.unfinished_tasks and time.monotonic() < end:
            time.sleep(0.01)


def _stop_on_sigterm():
    """Make SIGTERM and SIGHUP stop the server like Ctrl-C does (main thread only); return the old handlers."""
    if threading.current_thread() is not threading.main_thread():
        return None

    def stop(signum, frame):
        raise KeyboardInterrupt

    return {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGHUP)}


def _clean_stale(prefix="ev-kg-serve-"):
    """Remove the temporary stores of servers that were killed (``kill -9``) before they could."""
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


def write_line(line):
    """Write one log line to standard error, in one write (lines from many threads never interleave)."""
    sys.stderr.write(line + "\n")
    sys.stderr.flush()


def serve(source=None, host=HOST, port=PORT, timeout=TIMEOUT, log=write_line, ready=None, workers=None, hosts=()):
    """Serve the graph until interrupted (Ctrl-C or SIGTERM), then stop cleanly.

    Parameters
    ----------
    source : graph.source.Source, optional
        Files (default: the article's graph), loaded into a temporary store, or a store made by
        ``python -m graph load``, served as it is.
    host, port : where to listen (port 0 picks a free one).
    timeout : seconds a query may run before it is stopped (its worker killed).
    log : called with each line to log: what is served, then one line per request (default:
        :func:`write_line`, to standard error).
    ready : called with the server once it listens.
    workers : query worker processes (default: twice the cores, plus two, at most 8; at most
        :func:`graph.defaults.workers_bound`).
    hosts : names besides ``host`` (and the loopback's) that a request's ``Host`` may give.
    """
    source = Source.of(source)
    if source.kind not in ("files", "store"):
        raise DataError(f"serve serves files or a store, not {source.name}")
    temporary, store = None, source.store
    try:
        if store is None:
            _clean_stale()
            temporary = tempfile.mkdtemp(prefix=f"ev-kg-serve-{os.getpid()}-")
            store = Path(temporary) / "store"
            n = build_store(source.files, store)
        else:
            n = source.count()
        requests = _Log(log)
        server = Server(store, host, port, timeout, requests, workers, hosts=hosts).start()
        log(f"Serving {n:,} triples at {server.url}/query (page: {server.url}/); read-only, "
            f"queries stop after {timeout} s. Ctrl-C stops.")
        if ready:
            ready(server)
        previous = _stop_on_sigterm()
        interrupted = False
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            interrupted = True
        finally:
            server.stop()
            requests.drain()
            if interrupted:
                log("Stopping.")
            for sig, handler in (previous or {}).items():
                signal.signal(sig, handler)
    finally:
        if temporary:
            shutil.rmtree(temporary, ignore_errors=True)
    return 0
