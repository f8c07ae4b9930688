"""The SPARQL engine behind ``serve``: query workers that only the guard can reach.

Each worker (:mod:`graph.serve.worker`) is a process that opens the store read-only and talks
through two pipes the guard holds; no engine listens on any port, so no other process, local or
not, can send it a query past the guard. A query that outlives its time limit, or whose answer
grows past its cap, is stopped by killing its worker (the CPU is free at once) and a new one takes
its place. Workers die with their parent: the kernel sends them SIGKILL when the thread that
started them ends (``PR_SET_PDEATHSIG``), and they are all started by one thread that lives as
long as the engine, so ``kill -9`` of ``serve`` leaves no worker behind.

:func:`oxigraph_binary` and :func:`free_port` serve the tests and benchmarks that run Oxigraph's
own server next to ours.
"""

import json
import os
import queue
import select
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from ..errors import StoreError
from .worker import HEAD, read_frame

__all__ = ["oxigraph_binary", "free_port", "Engine", "Stopped"]

_ROOT = str(Path(__file__).resolve().parent.parent.parent)  # where the package ``graph`` is


def oxigraph_binary():
    """The path of the ``oxigraph`` server program (from the ``oxigraph`` package)."""
    here = Path(sys.executable).parent / "oxigraph"
    found = str(here) if here.exists() else shutil.which("oxigraph")
    if not found:
        raise StoreError("the oxigraph server program is not installed (pip install oxigraph)")
    return found


def free_port(host="127.0.0.1"):
    """A TCP port that is free on ``host`` now."""
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def _die_with(parent):
    """In the child, before ``exec``: ask the kernel for SIGKILL when the parent ends."""
    def arm():
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
        if os.getppid() != parent:  # the parent ended before the request took effect
            os._exit(1)

    return arm if sys.platform.startswith("linux") else None


class Stopped(Exception):
    """A query stopped: ``why`` is ``"time"`` (its deadline passed) or ``"size"`` (its answer too large)."""

    def __init__(self, why):
        super().__init__(why)
        self.why = why


class _Worker:
    def __init__(self, process):
        self.process, self.fd = process, process.stdout.fileno()
        self.buffer = b""

    def read(self, n, deadline):
        """``n`` bytes from the worker, waiting at most until ``deadline``."""
        while len(self.buffer) < n:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self.fd], [], [], left)[0]:
                raise Stopped("time")
            chunk = os.read(self.fd, 1 << 20)
            if not chunk:
                raise EOFError("the worker ended")
            self.buffer += chunk
        data, self.buffer = self.buffer[:n], self.buffer[n:]
        return data

    def frame(self, deadline):
        kind, size = HEAD.unpack(self.read(HEAD.size, deadline))
        return kind, self.read(size, deadline)

    def kill(self):
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        self.process.stdin.close()
        self.process.stdout.close()


class Engine:
    """``workers`` query workers on the store in ``store_dir`` (default: the cores, plus one).

    :meth:`run` sends a checked query to an idle worker and yields its answer in chunks, raising
    :class:`Stopped` when the deadline passes or the answer grows past ``max_bytes``.
    """

    def __init__(self, store_dir, workers=None):
        self.store_dir = str(store_dir)
        self.size = workers or (os.cpu_count() or 1) + 1
        self.idle, self.wanted, self.live = queue.LifoQueue(), queue.Queue(), set()
        self.failure, self.keeper = None, None

    def start(self, wait=60):
        self.keeper = threading.Thread(target=self._keep, name="engine-keeper", daemon=True)
        self.keeper.start()
        for _ in range(self.size):
            self.wanted.put(True)
        try:
            first = self.idle.get(timeout=wait)
        except queue.Empty:
            self.stop()
            raise StoreError(self.failure or f"no query worker started within {wait} s") from None
        self.idle.put(first)
        return self

    def _keep(self):
        """The one thread that starts workers (so that they die with it, and so with us)."""
        while self.wanted.get():
            batch = 1
            while not self.wanted.empty() and self.wanted.queue[0]:
                self.wanted.get()
                batch += 1
            started = [self._spawn() for _ in range(batch)]
            for process in started:
                kind, payload = read_frame(process.stdout)
                if kind == b"R":
                    worker = _Worker(process)
                    self.live.add(worker)
                    self.idle.put(worker)
                else:
                    self.failure = payload.decode("utf-8", "replace") or "a query worker could not start"
                    process.kill()
                    process.wait()

    def _spawn(self):
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [_ROOT, os.environ.get("PYTHONPATH")])))
        return subprocess.Popen([sys.executable, "-m", "graph.serve.worker", self.store_dir], env=env,
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                preexec_fn=_die_with(os.getpid()), close_fds=True)

    def run(self, query, kind, fmt, deadline, max_bytes):
        """Yield the answer's chunks; raise :class:`Stopped`, or :class:`RuntimeError` with the
        worker's one-line message when the query fails."""
        try:
            worker = self.idle.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            raise Stopped("time") from None
        done = False
        try:
            payload = json.dumps({"query": query, "kind": kind, "format": fmt}).encode()
            worker.process.stdin.write(HEAD.pack(b"Q", len(payload)) + payload)
            worker.process.stdin.flush()
            size = 0
            while True:
                tag, data = worker.frame(deadline)
                if tag == b"D":
                    size += len(data)
                    if size > max_bytes:
                        raise Stopped("size")
                    yield data
                elif tag == b"E":
                    done = True
                    return
                else:
                    done = True
                    raise RuntimeError(data.decode("utf-8", "replace"))
        finally:
            if done:
                self.idle.put(worker)
            else:  # stopped, failed, or its client went away mid-answer: this worker's work is void
                self._replace(worker)

    def _replace(self, worker):
        worker.kill()
        self.live.discard(worker)
        if self.keeper is not None and self.keeper.is_alive():
            self.wanted.put(True)

    def stop(self):
        self.wanted.put(False)
        for worker in list(self.live):
            worker.kill()
        self.live.clear()
