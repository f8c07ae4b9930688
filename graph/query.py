"""SPARQL over the graph: read-only, offline, with the project's prefixes bound.

A query may come as text or by the name of a file in ``queries/`` (:func:`named_queries`).
:func:`prepare` refuses what a read-only, offline query must not do, before anything is parsed
or run: updates (``INSERT``, ``DELETE``, ``LOAD``...), ``SERVICE`` calls and ``FROM``/``FROM
NAMED`` clauses (which name graphs to fetch); then Oxigraph's parser, the one that evaluates the
query, checks it (:func:`graph.engine.check_query`). :func:`run_query` evaluates it with
Oxigraph and returns an :class:`Answer`.
"""

import re
from dataclasses import dataclass
from pathlib import Path

from .defaults import QUERY_TIMEOUT
from .errors import QueryError
from .resources import QUERIES_DIR, display_path

__all__ = ["NamedQuery", "Answer", "named_queries", "read_query", "query_text", "keywords", "prepare", "run_query"]

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
    'Which nations, or described groups of nations, invest, and in what?'
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
    graph.errors.QueryError: unknown query 'nations-invest' (did you mean nations-investing?); known queries: aims, battery-bottleneck, ...
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


#: SPARQL tokens that may hold a keyword-like word which is no keyword, and bare words (group 1).
_TOKENS = re.compile(r"""#[^\n\r]*|'{3}(?:[^'\\]|\\.|'(?!''))*'{3}|"{3}(?:[^"\\]|\\.|"(?!""))*"{3}"""
                     r"""|'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*"|<[^<>"{}|^`\\\x00-\x20]*>|[?$]\w+"""
                     r"""|@[A-Za-z]+(?:-[A-Za-z0-9]+)*|(?:[^\W\d][\w.-]*)?:[^\s{}()\[\];,"'<>#]*|([^\W\d]\w*)""")
_UPDATES = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}


def keywords(sparql):
    """The bare words of ``sparql``, upper-cased: its keywords and function names, with nothing
    from comments, strings, IRIs, variables, prefixed names or language tags.

    Examples
    --------
    >>> keywords('SELECT ?from WHERE { ?s ex:service "SERVICE" } # FROM')
    ['SELECT', 'WHERE']
    """
    return [m.group(1).upper() for m in _TOKENS.finditer(sparql) if m.group(1)]


def prepare(sparql, source="query", namespaces=None, base=None):
    """Check a read-only query, with ``namespaces`` (default: the project's prefixes) bound;
    return its kind (``"SELECT"``, ``"ASK"``, ``"CONSTRUCT"`` or ``"DESCRIBE"``). Raise
    :class:`~graph.errors.QueryError` for an update, a ``SERVICE`` call or a ``FROM`` clause
    (before anything is parsed or run), or a syntax error with its line and column.

    Examples
    --------
    >>> prepare("SELECT * WHERE { ?s ?p }")
    Traceback (most recent call last):
    ...
    graph.errors.QueryError: query:1:25: SPARQL syntax error: expected one of LATERAL, SERVICE, [_]: SELECT * WHERE { ?s ?p }
    >>> prepare("DELETE WHERE { ?s ?p ?o }")
    Traceback (most recent call last):
    ...
    graph.errors.QueryError: query: updates are refused: queries are read-only
    >>> prepare("ASK { kg:China ev:investsIn ?x }")
    'ASK'
    """
    from ._limits import check_query_depth
    from .engine import check_query
    from .namespace import PREFIXES

    if not sparql.strip():
        raise QueryError(f"{source}: the query is empty")
    check_query_depth(sparql, source)
    words = keywords(sparql)
    if words[:1] and words[0] in _UPDATES:
        raise QueryError(f"{source}: updates are refused: queries are read-only")
    namespaces = dict(namespaces or PREFIXES)
    for word, why in _REFUSED:
        if word in words or _is_keyword(sparql, word, namespaces, source, base):
            raise QueryError(f"{source}: {why}")
    kind = _parse(sparql, namespaces, source, base)
    first = next((w for w in words if w in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")), "SELECT")
    return first if first == "DESCRIBE" or kind is None else kind


def _parse(sparql, namespaces, source, base):
    """Oxigraph's parser on ``sparql`` (:func:`graph.engine.check_query`), without evaluating it:
    Oxigraph answers an ASK as soon as it has parsed it, even on an empty store, and its BINDs and
    VALUES can be made to cost time and memory without bound. So an ASK is parsed as a SELECT of
    one constant (the same pattern, never evaluated); if that does not parse, the query itself is
    parsed, for its own error and positions."""
    from .engine import check_query

    for m in _TOKENS.finditer(sparql):
        word = (m.group(1) or "").upper()
        if word in ("SELECT", "CONSTRUCT", "DESCRIBE"):
            break
        if word == "ASK":
            try:
                check_query(sparql[:m.start(1)] + "SELECT (1 AS ?ev_kg_ask_check)" + sparql[m.end(1):],
                            namespaces, source, base)
                return "ASK"
            except QueryError:
                break
    return check_query(sparql, namespaces, source, base)


_REFUSED = (("SERVICE", "SERVICE is refused: queries run offline, over the loaded data"),
            ("FROM", "FROM and FROM NAMED are refused: a query runs over the loaded data (choose it with --data)"))


def _is_keyword(sparql, word, namespaces, source, base):
    """Whether Oxigraph's parser reads ``word`` as a keyword of ``sparql``, wherever it hides
    (escapes, odd spacing, whatever a lexer of ours might read differently): the query with
    every occurrence of the word blanked out (in any case, even inside strings, IRIs and names,
    where that changes nothing) must parse; if the word was a keyword, it no longer does."""
    found = re.compile(word, re.I)
    if not found.search(sparql):
        return False
    blank = "X" * len(word)
    renamed = {found.sub(blank, p): n for p, n in namespaces.items()}
    try:
        _parse(found.sub(blank, sparql), renamed, source, base)
    except QueryError:
        return True
    return False


class Answer:
    """The answer to a query, as the engine wrote it: ``body`` holds SPARQL JSON results (for
    SELECT and ASK) or N-Triples (CONSTRUCT, DESCRIBE), every term spelled as the engine has it.

    ``vars`` and ``rows`` (tuples of :class:`Term` or ``None``), ``askAnswer`` and ``graph`` (an
    rdflib ``Graph``) read it; iterating gives rdflib rows, as rdflib's ``Result`` does.
    """

    def __init__(self, type, body):
        self.type, self.body = type, body
        self._json = None

    def _results(self):
        if self._json is None:
            import json

            self._json = json.loads(self.body) if self.type in ("SELECT", "ASK") else {}
        return self._json

    @property
    def vars(self):
        return list(self._results().get("head", {}).get("vars", []))

    @property
    def askAnswer(self):
        return self._results().get("boolean")

    @property
    def rows(self):
        names = self.vars
        return [tuple(_term(b.get(v)) for v in names) for b in self._results().get("results", {}).get("bindings", [])]

    @property
    def graph(self):
        from rdflib import Graph

        from ._syntax import exact_literals

        graph = Graph()
        if self.type in ("CONSTRUCT", "DESCRIBE"):
            with exact_literals():
                graph.parse(data=self.body.decode("utf-8"), format="nt")
        return graph

    def __iter__(self):
        if self.type in ("CONSTRUCT", "DESCRIBE"):
            return iter(self.graph)
        if self.type == "ASK":
            return iter([self.askAnswer])
        from rdflib import Variable
        from rdflib.query import ResultRow

        from ._syntax import exact_literals

        names = [Variable(v) for v in self.vars]
        with exact_literals():
            rows = [ResultRow({n: t.rdflib() for n, t in zip(names, row) if t is not None}, names) for row in self.rows]
        return iter(rows)

    def __len__(self):
        return len(self.graph) if self.type in ("CONSTRUCT", "DESCRIBE") else len(self.rows) if self.type == "SELECT" else 1

    def __bool__(self):
        return bool(self.askAnswer) if self.type == "ASK" else len(self) > 0


@dataclass(frozen=True)
class Term:
    """A term of an :class:`Answer`: ``kind`` is ``"uri"``, ``"bnode"`` or ``"literal"``;
    ``value`` its IRI, id or lexical form, as the engine spelled it."""

    kind: str
    value: str
    datatype: str = None
    language: str = None

    def __str__(self):
        return self.value

    def rdflib(self):
        """The rdflib term (a literal keeps its lexical form)."""
        from rdflib import BNode, Literal, URIRef

        if self.kind == "uri":
            return URIRef(self.value)
        if self.kind == "bnode":
            return BNode(self.value)
        return Literal(self.value, lang=self.language, datatype=self.datatype, normalize=False)


def _term(binding):
    if binding is None:
        return None
    kind = "literal" if binding["type"] == "typed-literal" else binding["type"]
    return Term(kind, binding["value"], binding.get("datatype"), binding.get("xml:lang"))


def run_query(graph, sparql, source="query", base=None, timeout=QUERY_TIMEOUT):
    """Run a read-only SPARQL query on ``graph``; return its :class:`Answer`.

    The project's prefixes (``ev:``, ``kg:``, ``art:``, ``claim:``, ``nif:``, ``prov:``,
    ``skos:``, ``dcterms:``, ``rdf:``, ``rdfs:``, ``owl:``, ``xsd:``) and the graph's own are
    bound, so a query needs no PREFIX lines for them; relative IRIs resolve against ``base``.
    Nothing is written and nothing is fetched from the network. Oxigraph evaluates every
    query (:mod:`graph.engine`), except on a remote graph, whose endpoint answers. A query that
    runs longer than ``timeout`` seconds (``None``: no limit), or whose answer grows past
    :data:`graph.defaults.MAX_RESULT_BYTES`, raises :class:`~graph.errors.QueryError`; Ctrl-C
    stops the wait at once. Oxigraph cannot be interrupted: the evaluation, left in a daemon
    thread, stops at its next row of output, but a query that computes long before its first row
    (an aggregate over a cross join) keeps a core busy until then. The command line ends the
    process; ``serve`` kills the query's worker process.

    Examples
    --------
    >>> from graph import load
    >>> rows = run_query(load(), "SELECT ?n WHERE { ?n ev:investsIn kg:ResearchAndDevelopment } ORDER BY ?n")
    >>> [str(r.n) for r in rows]
    ['https://example.org/ev-kg/id/China', 'https://example.org/ev-kg/id/Germany', 'https://example.org/ev-kg/id/UnitedStates']
    """
    import time

    from ._limits import bounded
    from .engine import evaluate
    from .namespace import namespaces_of

    namespaces = namespaces_of(graph, ours_first=True)
    deadline = None if timeout is None else time.monotonic() + timeout

    def check_and_run():  # the check too runs within the time limit, on a thread with a deep stack
        kind = prepare(sparql, source, namespaces, base)
        return kind, evaluate(graph, sparql, kind, namespaces, source, base, deadline, timeout)

    return Answer(*bounded(check_and_run, timeout, source))
