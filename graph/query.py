"""SPARQL over the graph: read-only, offline, with the project's prefixes bound.

A query may come as text or by the name of a file in ``queries/`` (:func:`named_queries`).
:func:`prepare` refuses what a read-only, offline query must not do, before anything is parsed
or run: updates (``INSERT``, ``DELETE``, ``LOAD``...), ``SERVICE`` calls and ``FROM``/``FROM
NAMED`` clauses (which name graphs to fetch), with :class:`~graph.errors.QueryRefused`; then
Oxigraph's parser, the one that evaluates the query, checks it
(:func:`graph.source.oxigraph.check_query`): :class:`~graph.errors.QuerySyntaxError` with the line
and column, :class:`~graph.errors.UnknownPrefix` for a prefix neither declared nor bound.
:func:`run_query` evaluates it on a source and returns an :class:`Answer`.
"""

import difflib
import json
import re
import time
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.query import ResultRow

from .defaults import QUERY_TIMEOUT
from .errors import QueryError, QueryRefused, QuerySyntaxError, UnknownPrefix
from .limits import bounded, check_query_depth
from .namespace import PREFIXES
from .resources import QUERIES_DIR, display_path, read_text
from .source import Source
from .source.files import exact_literals
from .evidence.reader import TripleTerm
from .source.oxigraph import check_query

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
    """Return ``(sparql, origin)`` for a query's text or the name of a named query.

    ``origin`` names where the query came from, for error messages: the file of a named
    query, or ``"query"``. A word that is not a SPARQL query and no known name raises
    :class:`~graph.errors.QueryError` listing the known names.

    Examples
    --------
    >>> text, origin = read_query("nations-investing")
    >>> origin.endswith("nations-investing.rq"), "ev:investsIn" in text
    (True, True)
    >>> read_query("nations-invest")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    graph.errors.QueryError: unknown query 'nations-invest' (did you mean nations-investing?); known queries: aims, asserted, battery-bottleneck, ...
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
    close = difflib.get_close_matches(candidate, known, n=1)
    hint = f" (did you mean {close[0]}?)" if close else ""
    raise QueryError(f"unknown query {candidate!r}{hint}; known queries: {', '.join(known)}")


def query_text(query=None, file=None, stdin=None):
    """``(sparql, origin)`` from one of: ``query`` (SPARQL text or a query's name; ``"-"``
    means ``stdin``), ``file`` (a path), or ``stdin`` (a text stream, read when it is not a
    terminal). Raise :class:`~graph.errors.QueryError` when there is none, or it is empty.

    Examples
    --------
    >>> query_text("ASK {}")
    ('ASK {}', 'query')
    >>> query_text("   ")
    Traceback (most recent call last):
    ...
    graph.errors.QuerySyntaxError: query: the query is empty
    """
    if file and query:
        raise QueryError("give the query as an argument or with -f FILE, not both")
    if file:
        text, origin = read_text(file), file
    elif query is not None and query != "-":
        text, origin = read_query(query)
    elif stdin is not None and not stdin.isatty():
        text, origin = stdin.read(), "stdin"
    else:
        raise QueryError("no query: give SPARQL text, a query name (see 'python -m graph queries'), -f FILE, or pipe it in")
    if not text.strip():
        raise QuerySyntaxError(f"{origin}: the query is empty")
    return text, origin


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


def prepare(sparql, origin="query", namespaces=None, base=None):
    """Check a read-only query, with ``namespaces`` (default: the project's prefixes) bound;
    return its kind (``"SELECT"``, ``"ASK"``, ``"CONSTRUCT"`` or ``"DESCRIBE"``). Raise
    :class:`~graph.errors.QueryRefused` for an update, a ``SERVICE`` call or a ``FROM`` clause
    (before anything is parsed or run), :class:`~graph.errors.QuerySyntaxError` with its line and
    column, :class:`~graph.errors.UnknownPrefix` for a prefix neither declared nor bound.

    Examples
    --------
    >>> prepare("SELECT * WHERE { ?s ?p }")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    graph.errors.QuerySyntaxError: query:1:25: SPARQL syntax error: ...: SELECT * WHERE { ?s ?p }
    >>> prepare("DELETE WHERE { ?s ?p ?o }")
    Traceback (most recent call last):
    ...
    graph.errors.QueryRefused: query: updates are refused: queries are read-only
    >>> prepare("ASK { kg:China nope:investsIn ?x }")
    Traceback (most recent call last):
    ...
    graph.errors.UnknownPrefix: query:1:16: SPARQL syntax error: unknown prefix nope: (declare it: PREFIX nope: <...>): ASK { kg:China nope:investsIn ?x }
    >>> prepare("ASK { kg:China ev:investsIn ?x }")
    'ASK'
    """
    if not sparql.strip():
        raise QuerySyntaxError(f"{origin}: the query is empty")
    check_query_depth(sparql, origin)
    words = keywords(sparql)
    if words[:1] and words[0] in _UPDATES:
        raise QueryRefused(f"{origin}: updates are refused: queries are read-only")
    namespaces = dict(namespaces or PREFIXES)
    for word, why in _REFUSED:
        if word in words or _is_keyword(sparql, word, namespaces, origin, base):
            raise QueryRefused(f"{origin}: {why}")
    try:
        kind = _parse(sparql, namespaces, origin, base)
    except QuerySyntaxError:
        _check_prefixes(sparql, namespaces, origin)
        raise
    first = next((w for w in words if w in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")), "SELECT")
    return first if first == "DESCRIBE" or kind is None else kind


def _parse(sparql, namespaces, origin, base):
    """Oxigraph's parser on ``sparql`` (:func:`graph.source.oxigraph.check_query`), without evaluating it:
    Oxigraph answers an ASK as soon as it has parsed it, even on an empty store, and its BINDs and
    VALUES can be made to cost time and memory without bound. So an ASK is parsed as a SELECT of
    one constant (the same pattern, never evaluated); if that does not parse, the query itself is
    parsed, for its own error and positions."""
    for m in _TOKENS.finditer(sparql):
        word = (m.group(1) or "").upper()
        if word in ("SELECT", "CONSTRUCT", "DESCRIBE"):
            break
        if word == "ASK":
            try:
                check_query(sparql[:m.start(1)] + "SELECT (1 AS ?ev_kg_ask_check)" + sparql[m.end(1):],
                            namespaces, origin, base)
                return "ASK"
            except QueryError:
                break
    return check_query(sparql, namespaces, origin, base)


def _check_prefixes(sparql, namespaces, origin):
    """Raise :class:`~graph.errors.UnknownPrefix` at the first prefixed name whose prefix the query
    does not declare and ``namespaces`` do not bind (called once the parser has failed: it names
    the fault where the parser's own message does not)."""
    declared, declaring = set(namespaces) | {"_"}, False  # _: is a blank node's label
    for m in _TOKENS.finditer(sparql):
        text = m.group()
        if m.group(1):
            declaring = m.group(1).upper() == "PREFIX"
            continue
        prefix = text.split(":", 1)[0] if ":" in text and text[0] not in "<\"'#?$@" else None
        if declaring and prefix is not None:
            declared.add(prefix)
        elif prefix is not None and prefix not in declared:
            line = sparql.count("\n", 0, m.start()) + 1
            column = m.start() - (sparql.rfind("\n", 0, m.start()) + 1) + 1
            shown = sparql.splitlines()[line - 1].strip()
            raise UnknownPrefix(f"{origin}:{line}:{column}: SPARQL syntax error: unknown prefix {prefix}: "
                                f"(declare it: PREFIX {prefix}: <...>): {shown[:120]}", line, column)
        declaring = False


_REFUSED = (("SERVICE", "SERVICE is refused: queries run offline, over the loaded data"),
            ("FROM", "FROM and FROM NAMED are refused: a query runs over the loaded data (choose it with --data)"))


def _is_keyword(sparql, word, namespaces, origin, base):
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
        _parse(found.sub(blank, sparql), renamed, origin, base)
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
        """The rdflib term (a literal keeps its lexical form; a triple term is a
        :class:`~graph.evidence.reader.TripleTerm`)."""
        if self.kind == "triple":
            return TripleTerm(self.value)
        if self.kind == "uri":
            return URIRef(self.value)
        if self.kind == "bnode":
            return BNode(self.value)
        return Literal(self.value, lang=self.language, datatype=self.datatype, normalize=False)


def _term(binding):
    if binding is None:
        return None
    kind = "literal" if binding["type"] == "typed-literal" else binding["type"]
    if kind == "triple":  # an RDF 1.2 triple term: its parts, each a binding
        return Term(kind, "<<( " + " ".join(_ntriples(_term(binding["value"][part]))
                                             for part in ("subject", "predicate", "object")) + " )>>")
    return Term(kind, binding["value"], binding.get("datatype"), binding.get("xml:lang"))


def _ntriples(term):
    """A term of an answer as N-Triples spells it (inside a triple term)."""
    if term.kind in ("uri",):
        return f"<{term.value}>"
    if term.kind in ("bnode",):
        return f"_:{term.value}"
    if term.kind == "triple":
        return term.value
    return Literal(term.value, lang=term.language, datatype=term.datatype).n3()


def run_query(source, sparql, origin="query", base=None, timeout=QUERY_TIMEOUT):
    """Run a read-only SPARQL query on ``source`` (a :class:`~graph.source.Source`, an rdflib graph, or
    ``None`` for the article's graph); return its :class:`Answer`.

    The project's prefixes (:data:`graph.namespace.PREFIXES`) and the graph's own (with rdflib's
    usual ones, ``foaf:``, ``schema:``..., on files and stores) are bound, so a query needs no
    PREFIX lines for them; relative IRIs resolve against ``base``.
    Nothing is written and nothing is fetched from the network. Oxigraph evaluates every
    query (:mod:`graph.source.oxigraph`), except on an endpoint, which answers itself. A query that
    runs longer than ``timeout`` seconds (``None``: no limit) raises :class:`~graph.errors.QueryTimeout`,
    one whose answer grows past :data:`graph.defaults.MAX_RESULT_BYTES`
    :class:`~graph.errors.AnswerTooLarge`; Ctrl-C stops the wait at once. Oxigraph cannot be
    interrupted: the evaluation, left in a daemon thread, stops at its next row of output, but a
    query that computes long before its first row (an aggregate over a cross join) keeps a core
    busy until then (:func:`graph.limits.abandoned` says so). The command line ends the process;
    ``serve`` kills the query's worker process.

    Examples
    --------
    >>> from graph import load
    >>> rows = run_query(load(), "SELECT ?n WHERE { ?n ev:investsIn kg:ResearchAndDevelopment } ORDER BY ?n")
    >>> [str(r.n) for r in rows]
    ['https://example.org/ev-kg/id/China', 'https://example.org/ev-kg/id/Germany', 'https://example.org/ev-kg/id/UnitedStates']
    """
    source = Source.of(source)
    namespaces = source.namespaces(ours_first=True)
    deadline = None if timeout is None else time.monotonic() + timeout

    def check_and_run():  # the check too runs within the time limit, on a thread with a deep stack
        kind = prepare(sparql, origin, namespaces, base)
        return kind, source.query(sparql, kind, namespaces, origin, base, deadline, timeout)

    return Answer(*bounded(check_and_run, timeout, origin))
