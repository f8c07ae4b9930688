"""Keep the package offline: refuse network access while local work runs.

rdflib fetches from the network on its own in a few places (a JSON-LD ``@context`` given as a
URL, a SPARQL ``SERVICE`` clause, ``FROM <http://...>``). Nothing this package does with local
files should ever do that, so :func:`offline` installs a Python audit hook (once per process)
that refuses every outgoing URL request and socket connection the block's thread makes while it
runs. Per thread: a query abandoned at its time limit goes on in its own thread until its next
row, and must not take the network from the rest of the process (a server's client, a test's).
"""

import contextlib
import sys
import threading

from ..errors import NetworkRefused

__all__ = ["offline"]

_local = threading.local()  # depth: how many offline blocks this thread is in
_installed = False


def _hook(event, args):
    if not getattr(_local, "depth", 0):
        return
    if event == "urllib.Request":
        raise NetworkRefused(f"refused to fetch {args[0]}: this command works offline")
    if event == "socket.connect":
        raise NetworkRefused(f"refused to connect to {args[1]}: this command works offline")


@contextlib.contextmanager
def offline():
    """Run the block with network access refused (:class:`~graph.errors.NetworkRefused`).

    Examples
    --------
    >>> import urllib.request
    >>> with offline():
    ...     urllib.request.urlopen("http://example.org/")
    Traceback (most recent call last):
    ...
    graph.errors.NetworkRefused: refused to fetch http://example.org/: this command works offline
    """
    global _installed
    if not _installed:
        sys.addaudithook(_hook)
        _installed = True
    _local.depth = getattr(_local, "depth", 0) + 1
    try:
        yield
    finally:
        _local.depth -= 1
