"""The W3C SPARQL query test suite: its manifests, ways to run a test, and how to compare answers.

Used by ``tests/test_w3c.py`` and ``bench/w3c_conformance.py``. The suite is read from
``../shared/w3c-sparql-tests`` (next to the repository; ``W3C_SPARQL_TESTS`` overrides it).
A test is run on a *path*: the project in process on each engine (:func:`graph.query.run_query`,
the function ``python -m graph query`` calls), the project's endpoint (``serve``), plain
pyoxigraph or plain rdflib. :func:`run` returns ``(outcome, detail)``: ``"pass"``, ``"fail"``,
``"refused"`` (SERVICE or FROM: refused by design), ``"skipped"`` (named graphs on rdflib's engine),
or ``"traceback"`` (an exception that is not one of the project's errors).
"""

import io
import os
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(os.environ.get("W3C_SPARQL_TESTS") or Path(__file__).resolve().parents[2] / "shared" / "w3c-sparql-tests")
MF = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
QT = "http://www.w3.org/2001/sw/DataAccess/tests/test-query#"
DAWGT = "http://www.w3.org/2001/sw/DataAccess/tests/test-dawg#"
RS = "http://www.w3.org/2001/sw/DataAccess/tests/result-set#"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
SYNTAX = {"PositiveSyntaxTest": True, "PositiveSyntaxTest11": True, "NegativeSyntaxTest": False,
          "NegativeSyntaxTest11": False}
PATHS = ("rdflib", "oxigraph", "endpoint", "plain-pyoxigraph", "plain-rdflib")


@dataclass
class Case:
    id: str  # folder/name
    folder: str  # sparql10/basic, sparql11/syntax-query...
    kind: str  # "syntax+", "syntax-", "eval"
    query: Path
    data: list = field(default_factory=list)
    graph_data: list = field(default_factory=list)
    result: Path = None

    @property
    def base(self):
        return self.query.resolve().as_uri()


def available():
    return (ROOT / "sparql11" / "manifest-sparql11-query.ttl").is_file()


def _path(uri):
    return Path(urllib.parse.unquote(urllib.parse.urlsplit(str(uri)).path))


def cases():
    """Every syntax test and every query evaluation test of the copy, approved or proposed."""
    from rdflib import RDF, Graph, URIRef
    from rdflib.collection import Collection

    found = []
    for manifest in sorted(ROOT.glob("sparql1*/*/manifest.ttl")):
        folder = manifest.parent.relative_to(ROOT).as_posix()
        g = Graph().parse(manifest, format="turtle", publicID=manifest.resolve().as_uri())
        for m in g.subjects(RDF.type, URIRef(MF + "Manifest")):
            for lst in g.objects(m, URIRef(MF + "entries")):
                for test in Collection(g, lst):
                    if (test, URIRef(DAWGT + "approval"), URIRef(DAWGT + "NotApproved")) in g:
                        continue
                    kind = str(g.value(test, RDF.type)).rsplit("#", 1)[-1]
                    name = str(g.value(test, URIRef(MF + "name")) or test.rsplit("#", 1)[-1])
                    tid = f"{folder}/{test.rsplit('/', 1)[-1].split('#')[-1] or name}"
                    action = g.value(test, URIRef(MF + "action"))
                    if kind in SYNTAX:
                        found.append(Case(tid, folder, "syntax+" if SYNTAX[kind] else "syntax-", _path(action)))
                    elif kind == "QueryEvaluationTest":
                        found.append(Case(tid, folder, "eval", _path(g.value(action, URIRef(QT + "query"))),
                                          sorted(_path(d) for d in g.objects(action, URIRef(QT + "data"))),
                                          sorted(_path(d) for d in g.objects(action, URIRef(QT + "graphData"))),
                                          _path(g.value(test, URIRef(MF + "result")))))
    return found


# ---- terms, solutions and graphs, compared as the suite defines them

def term(t):
    """A hashable form of a pyoxigraph term: bnodes as ("bnode", id), literals with lang lowered."""
    if t is None:
        return None
    if isinstance(t, ox.NamedNode):
        return ("uri", t.value)
    if isinstance(t, ox.BlankNode):
        return ("bnode", t.value)
    if t.language:
        return ("literal", t.value, None, t.language.lower())
    return ("literal", t.value, t.datatype.value if t.datatype else XSD_STRING, None)


def _match(expected, actual, ordered):
    """Do two lists of rows (tuples of terms) match, blank nodes up to a consistent renaming?"""
    if len(expected) != len(actual):
        return False
    has_b = lambda row: any(x and x[0] == "bnode" for x in row)  # noqa: E731
    if not ordered:
        plain_e, plain_a = Counter(r for r in expected if not has_b(r)), Counter(r for r in actual if not has_b(r))
        if plain_e != plain_a:
            return False
        expected, actual = [r for r in expected if has_b(r)], [r for r in actual if has_b(r)]

    def unify(e, a, m, inv):
        m, inv = dict(m), dict(inv)
        for x, y in zip(e, a):
            if x is not None and y is not None and x[0] == "bnode" == y[0]:
                if m.setdefault(x, y) != y or inv.setdefault(y, x) != x:
                    return None
            elif x != y:
                return None
        return m, inv

    def search(i, left, m, inv):
        if i == len(expected):
            return True
        options = [left[0]] if ordered else left
        for j, a in enumerate(options):
            got = unify(expected[i], a, m, inv)
            if got and search(i + 1, left[:j] + left[j + 1:] if not ordered else left[1:], *got):
                return True
        return False

    return search(0, list(actual), {}, {})


@dataclass
class Answer:
    kind: str  # "bindings", "boolean", "graph"
    vars: list = field(default_factory=list)
    rows: list = field(default_factory=list)
    boolean: bool = None


def from_results(results):
    """An :class:`Answer` from pyoxigraph's QuerySolutions / QueryBoolean / QueryTriples."""
    if isinstance(results, ox.QueryBoolean):
        return Answer("boolean", boolean=bool(results))
    if isinstance(results, ox.QueryTriples) or isinstance(results, (list, ox.QuadParser)):
        return Answer("graph", rows=list({(term(t.subject), term(t.predicate), term(t.object)) for t in results}))
    names = [v.value for v in results.variables]
    return Answer("bindings", names, [tuple(term(s[v]) for v in names) for s in results])


def expected(case):
    """The answer the suite expects for an evaluation test (None for a format it states as text)."""
    path, suffix = case.result, case.result.suffix
    formats = {".srx": ox.QueryResultsFormat.XML, ".srj": ox.QueryResultsFormat.JSON, ".tsv": ox.QueryResultsFormat.TSV}
    if suffix in formats:
        return from_results(ox.parse_query_results(path.read_bytes(), format=formats[suffix]))
    if suffix == ".csv":
        return None
    triples = list(ox.parse(path.read_bytes(), format=ox.RdfFormat.TURTLE if suffix == ".ttl" else ox.RdfFormat.RDF_XML,
                            base_iri=path.resolve().as_uri()))
    roots = [t.subject for t in triples if t.object == ox.NamedNode(RS + "ResultSet")]
    if not roots:
        return from_results(triples)
    by = {}
    for t in triples:
        by.setdefault(t.subject, []).append(t)
    root = roots[0]
    props = {t.predicate.value[len(RS):]: t.object for t in by[root] if t.predicate.value.startswith(RS)}
    if "boolean" in props:
        return Answer("boolean", boolean=props["boolean"].value == "true")
    names = [t.object.value for t in by[root] if t.predicate.value == RS + "resultVariable"]
    rows = []
    for sol in (t.object for t in by[root] if t.predicate.value == RS + "solution"):
        values, index = {}, 0
        for t in by.get(sol, []):
            if t.predicate.value == RS + "index":
                index = int(t.object.value)
            elif t.predicate.value == RS + "binding":
                got = {x.predicate.value[len(RS):]: x.object for x in by[t.object]}
                values[got["variable"].value] = term(got["value"])
        rows.append((index, tuple(values.get(v) for v in names)))
    return Answer("bindings", names, [r for _, r in sorted(rows, key=lambda r: r[0])])


def ordered(case):
    from graph.query import keywords

    words = keywords(case.query.read_text(encoding="utf-8"))
    return any(a == "ORDER" and b == "BY" for a, b in zip(words, words[1:]))


def same(exp, got, is_ordered):
    """``(True, "")`` when ``got`` is the answer ``exp``, else ``(False, why)``."""
    if exp.kind != got.kind:
        return False, f"a {got.kind} answer, not {exp.kind}"
    if exp.kind == "boolean":
        return exp.boolean == got.boolean, f"{got.boolean}, not {exp.boolean}"
    rows = got.rows
    if exp.kind == "bindings":
        if set(exp.vars) != set(got.vars):
            return False, f"variables {got.vars}, not {exp.vars}"
        rows = [tuple(dict(zip(got.vars, r)).get(v) for v in exp.vars) for r in got.rows]
    if _match(exp.rows, rows, is_ordered and exp.kind == "bindings"):
        return True, ""
    if is_ordered and _match(exp.rows, rows, False):
        return False, "the right solutions in another order"
    return False, f"{len(rows)} rows, expected {len(exp.rows)}"


def read_csv_rows(text):
    import csv

    return [tuple(r) for r in csv.reader(io.StringIO(text.replace("\r\n", "\n")))]


def json_answer(kind, body):
    if kind in ("SELECT", "ASK"):
        return from_results(ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON))
    return from_results(list(ox.parse(body, format=ox.RdfFormat.N_TRIPLES)))


def text(case):
    return case.query.read_text(encoding="utf-8")


def loadable(case, engine="oxigraph"):
    """Why the project cannot run an evaluation test as the suite states it on ``engine``, or None."""
    if case.graph_data and engine == "rdflib":
        return "needs named graphs (qt:graphData): rdflib's engine holds one graph (Oxigraph's runs them)"
    return None


# ---- running a test on a path

def _check(case, answer_of):
    """Compare what ``answer_of(fmt)`` gives with the expected result of ``case``."""
    exp = expected(case)
    if exp is None:  # CSV: compared as text rows, written by the path
        got, want = read_csv_rows(answer_of("csv")), read_csv_rows(case.result.read_text(encoding="utf-8"))
        return ("pass", "") if Counter(got) == Counter(want) else ("fail", "other CSV rows")
    got = answer_of("tsv" if case.result.suffix == ".tsv" else None)
    ok, why = same(exp, got, ordered(case))
    return ("pass", "") if ok else ("fail", why)


def run_project(case, engine):
    """Run ``case`` through :func:`graph.query.run_query` on a graph of ``engine``'s store."""
    from rdflib import Graph

    from graph.errors import DataError, QueryError, QueryRefused
    from graph.namespace import bind_prefixes
    from graph.query import prepare, run_query
    from graph.source import Source
    from graph.source.oxigraph import Oxigraph
    from graph.results import format_result

    why = loadable(case, engine) if case.kind == "eval" else None
    if why:
        return "skipped", why
    try:
        empty = Graph() if engine == "rdflib" else Oxigraph().graph
        if case.data or case.graph_data:  # the dataset as the test states it: FROM NAMED's graphs, by file IRI
            graph = Source(data=case.data, engine=engine, named=case.graph_data, union=False)
        else:
            graph = Source(graph=bind_prefixes(empty))
        if case.kind != "eval":  # a syntax test: is it accepted (it may then fail on no data)?
            prepare(text(case), "query", graph.namespaces(ours_first=True), case.base)
        else:
            answer = run_query(graph, text(case), "query", case.base)
    except QueryError as e:
        refused = isinstance(e, QueryRefused)
        if case.kind == "syntax-":
            return "pass", str(e)
        return ("refused" if refused else "fail"), str(e)
    except DataError as e:
        return "fail", str(e)
    except Exception as e:  # noqa: BLE001 - a traceback is what this looks for
        return "traceback", f"{type(e).__name__}: {e}"
    if case.kind != "eval":
        return ("pass", "") if case.kind == "syntax+" else ("fail", "an invalid query was accepted")

    def answer_of(fmt):
        if fmt == "csv":
            return format_result(answer, "csv")
        if fmt == "tsv":
            body = format_result(answer, "tsv").encode("utf-8")
            return from_results(ox.parse_query_results(body, format=ox.QueryResultsFormat.TSV))
        return json_answer(answer.type, answer.body)

    try:
        return _check(case, answer_of)
    except Exception as e:  # noqa: BLE001
        return "traceback", f"{type(e).__name__}: {e}"


def _network(case):
    from graph.query import keywords

    words = keywords(text(case))
    return "SERVICE" in words or "FROM" in words


def run_plain_pyoxigraph(case):
    if _network(case):
        return "refused", "SERVICE or FROM: not run (no network)"
    store = ox.Store()
    try:
        for d in case.data + case.graph_data:
            graph = ox.NamedNode(d.resolve().as_uri()) if d in case.graph_data else ox.DefaultGraph()
            store.load(path=str(d), format=ox.RdfFormat.from_extension(d.suffix[1:]), base_iri=d.resolve().as_uri(),
                       to_graph=graph)
        result = store.query(text(case), base_iri=case.base)
        if case.kind != "eval":
            return ("pass", "") if case.kind == "syntax+" else ("fail", "an invalid query was accepted")
        answer = from_results(result)
    except SyntaxError as e:
        return ("pass" if case.kind == "syntax-" else "fail"), str(e)
    except Exception as e:  # noqa: BLE001
        return "fail", f"{type(e).__name__}: {e}"

    def answer_of(fmt):
        if fmt == "csv":
            return ox.Store.query(store, text(case), base_iri=case.base).serialize(
                format=ox.QueryResultsFormat.CSV).decode()
        return answer

    try:
        return _check(case, answer_of)
    except Exception as e:  # noqa: BLE001
        return "fail", f"{type(e).__name__}: {e}"


def run_plain_rdflib(case):
    import logging

    from rdflib import ConjunctiveGraph, URIRef
    from rdflib.plugins.sparql import prepareQuery

    from graph.source.offline import offline

    logging.getLogger("rdflib").setLevel(logging.CRITICAL)
    if _network(case):
        return "refused", "SERVICE or FROM: not run (no network)"
    try:
        with offline():
            if case.kind != "eval":
                prepareQuery(text(case), base=case.base)
                return ("pass", "") if case.kind == "syntax+" else ("fail", "an invalid query was accepted")
            g = ConjunctiveGraph()
            for d in case.data:
                g.default_context.parse(d, publicID=d.resolve().as_uri(), format=_rdflib_format(d))
            for d in case.graph_data:
                g.get_context(URIRef(d.resolve().as_uri())).parse(d, format=_rdflib_format(d))
            res = g.query(text(case), base=case.base)
            if res.type in ("CONSTRUCT", "DESCRIBE"):
                answer = from_results(list(ox.parse(res.graph.serialize(format="nt", encoding="utf-8"),
                                                    format=ox.RdfFormat.N_TRIPLES)))
            else:
                answer = from_results(ox.parse_query_results(res.serialize(format="json"),
                                                             format=ox.QueryResultsFormat.JSON))
    except Exception as e:  # noqa: BLE001
        return ("pass" if case.kind == "syntax-" else "fail"), f"{type(e).__name__}: {e}"

    def answer_of(fmt):
        return res.serialize(format="csv").decode() if fmt == "csv" else answer

    try:
        return _check(case, answer_of)
    except Exception as e:  # noqa: BLE001
        return "fail", f"{type(e).__name__}: {e}"


def _rdflib_format(path):
    return {".ttl": "turtle", ".nt": "nt", ".rdf": "xml", ".n3": "n3"}.get(path.suffix, "turtle")


class Served:
    """``serve`` (the guard and one query worker) on ``data``, in this process; ask with :meth:`run`."""

    def __init__(self, data, folder):
        from graph.server import Server
        from graph.source.store import build_store

        self.folder = Path(folder)
        if data:
            build_store([str(d) for d in data], self.folder)
        else:  # an empty store: the article then removed is not possible read-only; build from an empty file
            empty = self.folder.parent / f"{self.folder.name}-empty.nt"
            empty.write_text("", encoding="utf-8")
            build_store([str(empty)], self.folder)
        self.server = Server(self.folder, port=0, workers=1).start()
        import threading

        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.httpd.shutdown()
        self.server.stop()

    def run(self, case):
        import urllib.error
        import urllib.request

        if case.kind == "eval" and case.graph_data:
            return "skipped", "needs named graphs (qt:graphData): the store is built from default-graph files here"
        body = urllib.parse.urlencode({"query": f"BASE <{case.base}>\n" + text(case)}).encode()

        def ask(accept):
            request = urllib.request.Request(f"{self.server.url}/query", data=body, method="POST", headers={
                "Content-Type": "application/x-www-form-urlencoded", "Accept": accept})
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.read(), response.headers.get("Content-Type", "")

        try:
            got, kind = ask("application/sparql-results+json, application/n-triples;q=0.9")
        except urllib.error.HTTPError as e:
            message = e.read().decode("utf-8", "replace")
            if case.kind == "syntax-" and e.code in (400, 403):
                return "pass", message
            if e.code == 403:
                return "refused", message
            return "fail", f"HTTP {e.code}: {message.strip()[:200]}"
        if case.kind != "eval":
            return ("pass", "") if case.kind == "syntax+" else ("fail", "an invalid query was accepted")

        def answer_of(fmt):
            if fmt == "csv":
                return ask("text/csv")[0].decode("utf-8")
            if fmt == "tsv":
                return from_results(ox.parse_query_results(ask("text/tab-separated-values")[0],
                                                           format=ox.QueryResultsFormat.TSV))
            return json_answer("SELECT" if "json" in kind else "CONSTRUCT", got)

        try:
            return _check(case, answer_of)
        except Exception as e:  # noqa: BLE001
            return "traceback", f"{type(e).__name__}: {e}"
