"""A progress display on stderr for steps that can take a while; silent when not on a terminal."""

import sys
import time

__all__ = ["Progress", "Silent", "Counting"]


class Progress:
    """Show the current step, and a bar while bytes are read, on one line of stderr.

    Nothing is written unless ``stream`` is a terminal (or ``enabled=True``), so pipes, files
    and tests see clean output. :meth:`close` clears the line.
    """

    def __init__(self, stream=None, enabled=None):
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.started = time.monotonic()
        self._last = 0.0
        self._step = ""

    def _show(self, text, force=False):
        now = time.monotonic()
        if not self.enabled or (not force and now - self._last < 0.1):
            return
        self._last = now
        from .output import escape_controls  # a step may name a path: no terminal obeys what it holds

        self.stream.write("\r\x1b[K" + escape_controls(text, keep="")[:150])
        self.stream.flush()

    def step(self, name):
        """A new step has started."""
        self._step = name
        self._show(f"{name}… ({time.monotonic() - self.started:.1f} s)", force=True)

    def read(self, done, total):
        """``done`` of ``total`` bytes have been read."""
        share = done / total if total else 1.0
        bar = "#" * int(30 * share)
        self._show(f"reading [{bar:<30}] {100 * share:3.0f}%  {done / 1e6:.1f} of {total / 1e6:.1f} MB"
                   f"  ({time.monotonic() - self.started:.1f} s)")

    def close(self):
        if self.enabled:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


class Silent:
    """The progress display of work nobody watches: it shows nothing."""

    def step(self, name):
        pass

    def read(self, done, total):
        pass

    def close(self):
        pass


class Counting:
    """A binary file that tells ``progress`` (a :class:`Progress`, or ``None``) how far it has been
    read: ``progress.read(done + bytes read, total)``, for the ``done`` bytes of the files before it."""

    def __init__(self, f, progress=None, done=0, total=None):
        self._f, self.progress, self.done, self.total, self.read_bytes = f, progress, done, total, 0

    def read(self, size=-1):
        data = self._f.read(size)
        self.read_bytes += len(data)
        if self.progress is not None:
            self.progress.read(self.done + self.read_bytes, self.total)
        return data

    def readable(self):
        return True
