"""The exceptions of the ``graph`` package.

Library code raises these where the fault is found, with the cause chained (``raise ... from e``);
only the command line and the endpoint turn them into messages, exit codes and HTTP statuses, and
they choose by the exception's class, never by its text. Each message is one line that names the
file and line, the store, the endpoint, or the query position that is at fault.

::

    GraphError
    ├── DataError              a data file: missing, unknown format, not valid RDF
    │   ├── StoreError         an on-disk store: missing, damaged, in use, not ours
    │   └── NeedsOxigraph      RDF that rdflib's store cannot hold (RDF 1.2 triple terms)
    ├── EndpointError          a remote endpoint: unreachable, HTTP error, time-out, odd answer
    ├── QueryError             a SPARQL query that cannot be answered (the engine failed)
    │   ├── QuerySyntaxError   malformed, with its line and column (or empty)
    │   │   └── UnknownPrefix  a prefixed name whose prefix is neither declared nor bound
    │   ├── QueryRefused       not allowed: an update, SERVICE, FROM, dataset parameters
    │   │   └── QueryTooComplex    nested too deep, or too many operators, for any parser
    │   ├── QueryTimeout       ran past its time limit
    │   └── AnswerTooLarge     its answer grew past the size cap
    └── NetworkRefused         something tried to reach the network while working offline
"""

__all__ = ["GraphError", "DataError", "StoreError", "NeedsOxigraph", "EndpointError", "QueryError", "QuerySyntaxError",
           "UnknownPrefix", "QueryRefused", "QueryTooComplex", "QueryTimeout", "AnswerTooLarge",
           "NetworkRefused", "one_line"]


class GraphError(Exception):
    """Base class of every error this package raises on purpose."""


class DataError(GraphError):
    """A data file is missing, of an unknown format, or not valid RDF."""


class StoreError(DataError):
    """An on-disk store cannot be created, opened or read."""


class NeedsOxigraph(DataError):
    """Data that rdflib's memory store cannot hold (RDF 1.2 triple terms): Oxigraph's can."""


class EndpointError(GraphError):
    """A remote SPARQL endpoint or Graph Store cannot be reached, or answers with an error."""


class QueryError(GraphError):
    """A SPARQL query that cannot be answered; its subclasses say why."""


class QuerySyntaxError(QueryError):
    """A query that is not valid SPARQL (or is empty): ``line`` and ``column`` (1-based) where the
    parser stopped, ``None`` where it cannot say."""

    def __init__(self, message, line=None, column=None):
        super().__init__(message)
        self.line, self.column = line, column


class UnknownPrefix(QuerySyntaxError):
    """A prefixed name whose prefix the query does not declare and the project does not bind."""


class QueryRefused(QueryError):
    """A query that is valid but not allowed here: updates, ``SERVICE``, ``FROM``, dataset parameters."""


class QueryTooComplex(QueryRefused):
    """A query nested deeper, or holding more operators, than any parser is allowed to see."""


class QueryTimeout(QueryError):
    """A query that ran past its time limit."""


class AnswerTooLarge(QueryError):
    """A query whose answer grew past the size cap."""


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
