"""The exceptions of the ``graph`` package.

Library code raises these; only the command line turns them into messages and exit codes
(``graph.cli``). Each message is one line that names the file and line, or the query
position, that is at fault.
"""

__all__ = ["GraphError", "DataError", "QueryError", "NetworkRefused"]


class GraphError(Exception):
    """Base class of every error this package raises on purpose."""


class DataError(GraphError):
    """A data file is missing, of an unknown format, or not valid RDF."""


class QueryError(GraphError):
    """A SPARQL query is malformed, unknown, or not allowed (updates, remote fetches)."""


class NetworkRefused(GraphError):
    """Something tried to reach the network while the package works offline."""
