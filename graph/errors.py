"""The exceptions of the ``graph`` package.

Library code raises these, with the cause chained (``raise ... from e``); only the command line
turns them into messages and exit codes (``graph.cli``). Each message is one line that names
the file and line, the store, the endpoint, or the query position that is at fault.

::

    GraphError
    ├── DataError          a data file: missing, unknown format, not valid RDF
    │   └── StoreError     an on-disk store: missing, damaged, in use, not ours
    ├── EndpointError      a remote endpoint: unreachable, HTTP error, time-out, odd answer
    ├── QueryError         a SPARQL query: malformed, unknown, or not allowed
    └── NetworkRefused     something tried to reach the network while working offline
"""

__all__ = ["GraphError", "DataError", "StoreError", "EndpointError", "QueryError", "NetworkRefused", "one_line"]


class GraphError(Exception):
    """Base class of every error this package raises on purpose."""


class DataError(GraphError):
    """A data file is missing, of an unknown format, or not valid RDF."""


class StoreError(DataError):
    """An on-disk store cannot be created, opened or read."""


class EndpointError(GraphError):
    """A remote SPARQL endpoint or Graph Store cannot be reached, or answers with an error."""


class QueryError(GraphError):
    """A SPARQL query is malformed, unknown, or not allowed (updates, remote fetches)."""


class NetworkRefused(GraphError):
    """Something tried to reach the network while the package works offline."""


def one_line(error, limit=None):
    """The text of ``error`` (an exception or a string) on one line, cut at ``limit`` characters.

    Examples
    --------
    >>> one_line(ValueError("bad\\n   thing"))
    'bad thing'
    >>> one_line("a long message", limit=6)
    'a lon…'
    """
    text = " ".join(str(error).split()) or (type(error).__name__ if isinstance(error, BaseException) else "")
    if limit is not None and len(text) > limit:
        text = text[: limit - 1] + "…"
    return text
