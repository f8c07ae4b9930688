"""The query workers behind ``serve``: processes running Oxigraph's engine that only the guard can reach.

Each worker (:mod:`graph.server.worker`) is a process that opens the store read-only and talks
through two pipes the guard holds; no worker listens on any port, so no other process, local or
not, can send it a query past the guard. A query that outlives its time limit, or whose answer
grows past its cap, is stopped by killing its worker (the CPU is free at once) and a new one takes
its place. Workers die with their parent: the kernel sends them SIGKILL when the thread that
started them ends (``PR_SET_PDEATHSIG``), and they are all started by one thread that lives as
long as the :class:`Workers`, so ``kill -9`` of ``serve`` leaves no worker behind.

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

from ..defaults import MAX_WORKERS, WORKER_MEMORY, workers_bound
from ..errors import StoreError
from ..limits import die_with_parent
from .worker import HEAD, read_frame

__all__ = ["oxigraph_binary", "free_port", "Workers", "Stopped", "Failed"]

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


def _die_with(parent, memory):
    """In the child, before ``exec``: ask the kernel for SIGKILL when the parent ends, and cap the
    memory the process may allocate at ``memory`` bytes (``RLIMIT_DATA``: its heap, not its files)."""
    def arm():
        import resource  # lazy: a Unix module, for the Linux child only

        die_with_parent(parent)
        if memory:
            soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
            cap = memory if hard == resource.RLIM_INFINITY else min(memory, hard)
            resource.setrlimit(resource.RLIMIT_DATA, (cap, hard))

    return arm if sys.platform.startswith("linux") else None


class Stopped(Exception):
    """A query stopped: ``why`` is ``"time"`` (its deadline passed) or ``"size"`` (its answer too large)."""

    def __init__(self, why):
        super().__init__(why)
        self.why = why


class Failed(Exception):
    """A query that gets no answer: ``status`` (HTTP) and the one-line ``message``."""

    def __init__(self, status, message):
        super().__init__(message)
        self.status, self.message = status, message


class _Worker:
    def __init__(self, process):
        self.process, self.fd = process, process.stdout.fileno()
        self.buffer = b""

    def send(self, payload):
        """Write a request; ``False`` if the worker is gone (its pipe is broken)."""
        try:
            os.write(self.process.stdin.fileno(), HEAD.pack(b"Q", len(payload)) + payload)
            return True
        except OSError:
            return False

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
        """End the process and close its pipes, whatever state they are in; return its exit code."""
        if self.process.poll() is None:
            self.process.kill()
        code = self.process.wait()
        for pipe in (self.process.stdin, self.process.stdout):
            try:
                pipe.close()
            except OSError:
                pass
        return code


class Workers:
    """``workers`` query workers on the store in ``store_dir`` (default: twice the cores plus two, at most 8), each
    allowed ``memory`` bytes (default :data:`graph.defaults.WORKER_MEMORY`).

    :meth:`run` has an idle worker check and answer a query, and yields the answer: its media type,
    then its bytes; it raises :class:`Stopped` when the deadline passes or the answer grows past
    ``max_bytes``, and :class:`Failed` when the query is refused, malformed or fails. A worker that
    dies, or is killed for a query, is replaced; a worker that cannot be started is tried again.
    """

    def __init__(self, store_dir, workers=None, memory=None, log=None):
        self.store_dir = str(store_dir)
        self.size = workers or min(MAX_WORKERS, 2 * (os.cpu_count() or 1) + 2)  # a worker waits on the guard too
        if not 1 <= self.size <= workers_bound():
            raise StoreError(f"{self.size} query workers: from 1 to {workers_bound()} on this machine (4 per core)")
        self.memory = WORKER_MEMORY if memory is None else memory
        self.log = log or (lambda line: None)
        self.idle, self.wanted, self.live = queue.LifoQueue(), queue.Queue(), set()
        self.failure, self.keeper, self.stopping = None, None, False

    def start(self, wait=60):
        self.keeper = threading.Thread(target=self._keep, name="workers-keeper", daemon=True)
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
        """The one thread that starts workers (so that they die with it, and so with us). A worker
        that cannot start is tried again a second later; the reason is logged once."""
        while self.wanted.get():
            batch = 1
            while not self.wanted.empty() and self.wanted.queue[0]:
                self.wanted.get()
                batch += 1
            missing = 0
            for _ in range(batch):
                try:
                    process = self._spawn()
                    kind, payload = read_frame(process.stdout)
                except OSError as e:  # no process or pipe to be had (too many open files...)
                    process, kind, payload = None, None, json.dumps({"message": str(e)}).encode()
                if kind == b"R" and self.stopping:
                    _Worker(process).kill()
                    continue
                if kind == b"R":
                    worker = _Worker(process)
                    self.live.add(worker)
                    self.idle.put(worker)
                    self.failure = None
                    continue
                code = _Worker(process).kill() if process is not None else None
                reason = _message(payload) or f"it ended before it was ready (exit code {code})"
                if reason != self.failure:
                    self.log(f"a query worker could not start: {reason}")
                self.failure, missing = reason, missing + 1
            if missing and not self.stopping:
                threading.Timer(1.0, lambda n=missing: [self.wanted.put(True) for _ in range(n)]).start()

    def _spawn(self):
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [_ROOT, os.environ.get("PYTHONPATH")])))
        return subprocess.Popen([sys.executable, "-m", "graph.server.worker", self.store_dir], env=env,
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                preexec_fn=_die_with(os.getpid(), self.memory), close_fds=True)

    def _acquire(self, deadline):
        """An idle worker that is alive, waiting until ``deadline``."""
        while True:
            try:
                worker = self.idle.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                if self.failure and not self.live:
                    raise Failed(503, f"no query worker is running: {self.failure}") from None
                raise Failed(503, "every query worker stayed busy until the query's time limit: try again") from None
            if worker.process.poll() is None:
                return worker
            self._replace(worker)  # it died while idle (killed from outside, out of memory)

    def run(self, query, accept, deadline, max_bytes):
        """Yield the media type of the answer, then its bytes (see the class)."""
        done = False
        worker = self._acquire(deadline)
        try:
            payload = json.dumps({"query": query, "accept": accept}).encode()
            while not worker.send(payload):
                self._replace(worker)
                worker = self._acquire(deadline)
            size = 0
            while True:
                try:
                    tag, data = worker.frame(deadline)
                except EOFError:
                    raise self._crashed(worker) from None
                if tag == b"D":
                    size += len(data)
                    if size > max_bytes:
                        raise Stopped("size")
                    yield data
                elif tag == b"H":
                    yield data.decode("ascii")
                elif tag == b"E":
                    done = True
                    return
                else:
                    done = True
                    found = json.loads(data)
                    status, message = found.get("status", 500), found.get("message", "the query failed")
                    raise Failed(status, message + (f" ({self.memory >> 20:,} MB)" if status == 507 else ""))
        finally:
            if done:
                self.idle.put(worker)
            else:  # stopped, failed, or its client went away mid-answer: this worker's work is void
                self._replace(worker)

    def _crashed(self, worker):
        if self.stopping:
            worker.kill()
            return Failed(503, "the server is stopping")
        try:
            worker.process.wait(5)  # an abort may still be writing its core: let it end by itself
        except subprocess.TimeoutExpired:
            pass
        code = worker.kill()
        if code == -signal.SIGABRT and self.memory:  # Rust aborts when an allocation fails
            return Failed(507, f"the query needs more memory than a query worker may use ({self.memory >> 20:,} MB)")
        return Failed(502, f"the query worker ended without an answer (exit code {code})")

    def _replace(self, worker):
        worker.kill()
        self.live.discard(worker)
        if not self.stopping and self.keeper is not None and self.keeper.is_alive():
            self.wanted.put(True)

    def drain(self, wait):
        """Wait up to ``wait`` seconds for the workers that run a query to finish it."""
        end = time.monotonic() + wait
        while self.idle.qsize() < len(self.live) and time.monotonic() < end:
            time.sleep(0.02)

    def stop(self):
        self.stopping = True
        self.wanted.put(False)
        if self.keeper is not None and self.keeper is not threading.current_thread():
            self.keeper.join(10)  # a worker it is starting is ended, not left behind
        for worker in list(self.live):
            worker.kill()
        self.live.clear()


def _message(payload):
    try:
        return json.loads(payload).get("message")
    except (ValueError, AttributeError):
        return None
