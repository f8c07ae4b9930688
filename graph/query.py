"""SPARQL over the graph: read-only, offline, with the project's prefixes bound.

A query may come as text or by the name of a file in ``queries/`` (:func:`named_queries`).
:func:`prepare` parses it and refuses what a read-only, offline query must not do: updates
(``INSERT``, ``DELETE``, ``LOAD``...), ``SERVICE`` calls and ``FROM``/``FROM NAMED`` clauses
(which would make rdflib fetch graphs from the web). :func:`run_query` evaluates it.
"""

import re
from dataclasses import dataclass
from pathlib import Path

from .errors import QueryError
from .resources import QUERIES_DIR, display_path

__all__ = ["NamedQuery", "named_queries", "read_query", "query_text", "prepare", "run_query"]

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


@dataclass(frozen=True)
class NamedQuery:
    """A query of ``queries/``: its name, file and the question its first comment asks."""

    name: str
    path: Path
    question: str


def named_queries(folder=QUERIES_DIR):
    """The named queries, by name, sorted.

    Examples
    --------
    >>> q = named_queries()["nations-investing"]
    >>> q.question
    'Which nations invest, and in what?'
    """
    found = {}
    for path in sorted(Path(folder).glob("*.rq")):
        first = path.read_text(encoding="utf-8").lstrip().splitlines()[:1]
        question = first[0].lstrip("#").strip() if first and first[0].startswith("#") else ""
        found[path.stem] = NamedQuery(path.stem, path, question)
    return found


def read_query(text_or_name, folder=QUERIES_DIR):
    """Return ``(sparql, source)`` for a query's text or the name of a named query.

    ``source`` names where the query came from, for error messages: the file of a named
    query, or ``"query"``. A word that is not a SPARQL query and no known name raises
    :class:`~graph.errors.QueryError` listing the known names.

    Examples
    --------
    >>> text, source = read_query("nations-investing")
    >>> source.endswith("nations-investing.rq"), "ev:investsIn" in text
    (True, True)
    >>> read_query("nations-invest")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    graph.errors.QueryError: unknown query 'nations-invest' (did you mean nations-investing?); known queries: battery-bottleneck, ...
    """
    candidate = text_or_name.strip()
    if not _NAME.match(candidate):
        return text_or_name, "query"
    known = named_queries(folder)
    if candidate.endswith(".rq"):
        candidate = candidate[:-3]
    if candidate in known:
        path = known[candidate].path
        return path.read_text(encoding="utf-8"), display_path(path)
    import difflib

    close = difflib.get_close_matches(candidate, known, n=1)
    hint = f" (did you mean {close[0]}?)" if close else ""
    raise QueryError(f"unknown query {candidate!r}{hint}; known queries: {', '.join(known)}")


def query_text(query=None, file=None, stdin=None):
    """``(sparql, source)`` from one of: ``query`` (SPARQL text or a query's name; ``"-"``
    means ``stdin``), ``file`` (a path), or ``stdin`` (a text stream, read when it is not a
    terminal). Raise :class:`~graph.errors.QueryError` when there is none, or it is empty.

    Examples
    --------
    >>> query_text("ASK {}")
    ('ASK {}', 'query')
    >>> query_text("   ")
    Traceback (most recent call last):
    ...
    graph.errors.QueryError: query: the query is empty
    """
    if file and query:
        raise QueryError("give the query as an argument or with -f FILE, not both")
    if file:
        from .resources import read_text

        text, source = read_text(file), file
    elif query is not None and query != "-":
        text, source = read_query(query)
    elif stdin is not None and not stdin.isatty():
        text, source = stdin.read(), "stdin"
    else:
        raise QueryError("no query: give SPARQL text, a query name (see 'python -m graph queries'), -f FILE, or pipe it in")
    if not text.strip():
        raise QueryError(f"{source}: the query is empty")
    return text, source


def prepare(sparql, source="query", namespaces=None):
    """Parse a read-only query and translate it, with ``namespaces`` (default: the project's
    prefixes) bound. Raise :class:`~graph.errors.QueryError` with the position of a syntax
    error, or for an update, a ``SERVICE`` call or a ``FROM`` clause.

    Examples
    --------
    >>> prepare("SELECT * WHERE { ?s ?p }")
    Traceback (most recent call last):
    ...
    graph.errors.QueryError: query:1:18: SPARQL syntax error at '?': SELECT * WHERE { ?s ?p }
    >>> prepare("DELETE WHERE { ?s ?p ?o }")
    Traceback (most recent call last):
    ...
    graph.errors.QueryError: query: updates are refused: queries are read-only
    """
    from pyparsing import ParseException
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    from .namespace import PREFIXES

    try:
        tree = parseQuery(sparql)
    except ParseException as e:
        try:
            parseUpdate(sparql)
        except ParseException:
            pass
        else:
            raise QueryError(f"{source}: updates are refused: queries are read-only") from None
        found = re.search(r"found '((?:[^'\\]|\\.)*)'", str(e))
        near = f" at '{found.group(1)}'" if found else ""
        line = e.line.strip() if e.line else ""
        raise QueryError(f"{source}:{e.lineno}:{e.col}: SPARQL syntax error{near}: {line}") from None
    if "datasetClause" in tree[1] and tree[1]["datasetClause"]:
        raise QueryError(f"{source}: FROM and FROM NAMED are refused: a query runs over the loaded data "
                         "(choose it with --data)")
    if _has_service(tree):
        raise QueryError(f"{source}: SERVICE is refused: queries run offline, over the loaded data")
    try:
        return translateQuery(tree, initNs=dict(namespaces or PREFIXES))
    except Exception as e:  # rdflib raises a plain Exception for an unknown prefix
        raise QueryError(f"{source}: {' '.join(str(e).split())}") from None


def _has_service(node):
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(node, CompValue):
        if node.name == "ServiceGraphPattern":
            return True
        return any(_has_service(v) for v in node.values())
    if isinstance(node, (list, tuple, ParseResults)):
        return any(_has_service(v) for v in node)
    return False


def run_query(graph, sparql, source="query"):
    """Run a read-only SPARQL query on ``graph`` and return rdflib's ``Result``.

    The project's prefixes (``ev:``, ``kg:``, ``art:``, ``claim:``, ``nif:``, ``prov:``,
    ``skos:``, ``dcterms:``, ``rdf:``, ``rdfs:``, ``owl:``, ``xsd:``) and the graph's own are
    bound, so a query needs no PREFIX lines for them. Nothing is written and nothing is
    fetched from the network. On a graph backed by Oxigraph (:mod:`graph.engine`), Oxigraph
    evaluates the query; on a remote graph, its endpoint; otherwise rdflib.

    Examples
    --------
    >>> from graph import load
    >>> rows = run_query(load(), "SELECT ?n WHERE { ?n ev:investsIn kg:ResearchAndDevelopment } ORDER BY ?n")
    >>> [str(r.n) for r in rows]
    ['https://example.org/ev-kg/id/China', 'https://example.org/ev-kg/id/Germany', 'https://example.org/ev-kg/id/UnitedStates']
    """
    from .engine import evaluate
    from .namespace import namespaces_of

    namespaces = namespaces_of(graph, ours_first=True)
    return evaluate(graph, prepare(sparql, source, namespaces), sparql, namespaces, source)
