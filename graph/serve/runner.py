"""The SPARQL engine behind ``serve``: Oxigraph's server program as a child process.

It runs read-only (``serve-read-only``) with Oxigraph's own query time limit, on a loopback
port of its own that the guard (:mod:`graph.serve.guard`) talks to. It dies with its parent:
the kernel sends it SIGKILL when the process that started it ends, however it ends
(``PR_SET_PDEATHSIG``), so ``kill -9`` of ``serve`` leaves no server behind.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from ..errors import StoreError

__all__ = ["oxigraph_binary", "free_port", "Backend"]


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


class Backend:
    """Oxigraph's server on the store in ``store_dir``, read-only, stopping queries after ``timeout`` s."""

    def __init__(self, store_dir, timeout):
        self.store_dir, self.timeout = str(store_dir), timeout
        self.process = None
        self.url = None

    def start(self, wait=20):
        port = int(self.url.rsplit(":", 1)[1]) if self.url else free_port()  # the guard may have chosen it
        self.url = f"http://127.0.0.1:{port}"
        self.process = subprocess.Popen(
            [oxigraph_binary(), "serve-read-only", "--location", self.store_dir,
             "--bind", f"127.0.0.1:{port}", "--timeout-s", str(max(1, round(self.timeout + 0.5)))],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
            # the death signal follows the thread that forks: only the main thread lives as long as we do
            preexec_fn=_die_with(os.getpid()) if threading.current_thread() is threading.main_thread() else None,
        )
        deadline = time.monotonic() + wait
        while True:
            try:
                urllib.request.urlopen(f"{self.url}/query?query=ASK%7B%7D", timeout=1).read()
                return self
            except (urllib.error.URLError, OSError):
                if self.process.poll() is not None:
                    raise StoreError(f"oxigraph did not start: {self.process.stderr.read().decode().strip()}") from None
                if time.monotonic() > deadline:
                    self.stop()
                    raise StoreError(f"oxigraph did not answer within {wait} s") from None
                time.sleep(0.05)

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
