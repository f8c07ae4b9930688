"""The stores behind a graph, sealed: rdflib's memory store, Oxigraph, or a remote endpoint.

Every command works on an rdflib ``Graph``: rdflib's memory store for small data, Oxigraph's for
large data (ten times faster, and on disk with ``load``); a remote graph holds nothing at first.
The only module that imports ``pyoxigraph``/``oxrdflib`` or asks which store backs a graph; the
rest uses these, the same on every store: :func:`parse`, :func:`scan`, :func:`triple_count`,
:func:`check_query` (Oxigraph's parser decides what runs), :func:`evaluate` and :func:`answer`
(Oxigraph runs every query, on a copy of an rdflib store), :func:`write_results`, :func:`serialize`.
"""

import json
import os
import weakref
from contextlib import contextmanager
from pathlib import Path

from .._offline import offline
from ..defaults import AUTO_BYTES, ENGINES, MAX_TRIPLES, STORE_META
from ..errors import DataError, NetworkRefused, QueryError, StoreError, one_line

__all__ = ["ENGINES", "AUTO_BYTES", "choose", "new_graph", "engine_of", "parse", "stream", "scan", "triple_count", "check_query",
           "evaluate", "answer", "write_results", "serialize", "create_store", "finish_store", "open_store", "remote_graph"]

_NATIVE, _REMOTE = weakref.WeakKeyDictionary(), weakref.WeakKeyDictionary()  # store -> pyoxigraph.Store, Remote


def choose(engine, paths):
    """The engine to use for ``paths``: ``engine`` itself, or for ``"auto"`` by total size.

    Examples
    --------
    >>> from graph.resources import DEFAULT_FILES
    >>> choose("auto", DEFAULT_FILES)
    'rdflib'
    """
    if engine not in ENGINES:
        raise DataError(f"unknown engine {engine!r} (known: {', '.join(ENGINES)})")
    if engine != "auto":
        return engine
    size = sum(os.path.getsize(p) for p in paths if os.path.isfile(p))
    return "oxigraph" if size >= AUTO_BYTES else "rdflib"


def new_graph(engine="rdflib", _store=None):
    """An empty rdflib ``Graph`` on ``engine`` (``"rdflib"`` or ``"oxigraph"``)."""
    from rdflib import Graph

    if engine == "rdflib":
        return Graph()
    import pyoxigraph
    from oxrdflib import OxigraphStore
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    ox = _store if _store is not None else pyoxigraph.Store()
    backend = OxigraphStore(store=ox)
    _NATIVE[backend] = ox
    return Graph(store=backend, identifier=DATASET_DEFAULT_GRAPH_ID)


def engine_of(graph):
    """Which store backs ``graph``: ``"rdflib"``, ``"oxigraph"`` or ``"remote"`` (for messages and tests).

    Examples
    --------
    >>> engine_of(new_graph("rdflib")), engine_of(new_graph("oxigraph"))
    ('rdflib', 'oxigraph')
    """
    return "remote" if _remote(graph) is not None else "oxigraph" if _native(graph) is not None else "rdflib"


def _native(graph):
    try:
        return _NATIVE.get(graph.store)
    except TypeError:  # a store that cannot be weakly referenced is not ours
        return None


def _remote(graph):
    try:
        return _REMOTE.get(graph.store)
    except TypeError:
        return None


# ---- parsing

_OX_FORMATS = {"turtle": "TURTLE", "nt": "N_TRIPLES", "n3": "N3", "json-ld": "JSON_LD", "xml": "RDF_XML"}


def parse(graph, path, fmt, progress=None):
    """Parse the file ``path`` in ``fmt`` (rdflib's name) into ``graph``, offline; ``progress(bytes_read)``.
    Syntax errors: :class:`DataError` ``FILE:LINE:COLUMN: reason``. Oxigraph bulk-loads 100,000 at a time."""
    store = _native(graph)
    if store is None and fmt not in ("turtle", "nt"):
        from .._syntax import parse_rdflib

        return parse_rdflib(graph, path, fmt)
    if store is None:  # Oxigraph's parser (three times as fast as rdflib's): both engines accept the same files
        from .._syntax import exact_literals, parse_rdflib

        try:
            with _reading(path, fmt, progress) as parser, exact_literals():
                graph.addN((s, p, o, graph) for s, p, o in rdflib_triples(parser))
        except DataError:
            parse_rdflib(new_graph("rdflib"), path, fmt)  # rdflib's message says more, where it has one
            raise
        for prefix, namespace in getattr(parser, "prefixes", {}).items():
            graph.bind(prefix, namespace)  # as rdflib's own parsers bind them
        return None
    from itertools import islice

    with _reading(path, fmt, progress) as parser:
        while batch := list(islice(parser, 100_000)):
            store.bulk_extend(batch)
        prefixes = dict(parser.prefixes) if hasattr(parser, "prefixes") else {}
    for prefix, namespace in sorted((p, n) for p, n in prefixes.items() if p and graph.store.namespace(p) is None):
        graph.bind(prefix, namespace, override=False)


@contextmanager
def _reading(path, fmt, progress):
    import pyoxigraph
    from .._limits import check_input
    from .._progress import Counting
    from .._syntax import oxigraph_errors
    check_input(path, fmt)  # hostile forms are refused before the parser sees a byte
    with open(path, "rb") as f, oxigraph_errors(path), offline():
        yield pyoxigraph.parse(input=Counting(f, progress or (lambda n: None)), base_iri=Path(path).resolve().as_uri(),
                               format=getattr(pyoxigraph.RdfFormat, _OX_FORMATS[fmt]))


def stream(files, progress=None, prefixes=None):
    """Every triple of ``files`` (``(path, fmt)`` pairs) as :func:`scan` gives them, from Oxigraph's parser, no
    store (a triple written twice comes twice); ``prefixes`` (a dict) gets the files'; ``progress(bytes_read)``."""
    done = 0
    for path, fmt in files:
        with _reading(path, fmt, (lambda n, done=done: progress(done + n)) if progress else None) as parser:
            yield from _tuples(parser)
            prefixes is not None and prefixes.update((p, n) for p, n in getattr(parser, "prefixes", {}).items() if p)
        done += os.path.getsize(path)


# ---- reading

def scan(graph):
    """Every triple of ``graph`` as ``(subject, predicate, object, object_is_literal)`` strings.

    IRIs are their text, blank nodes ``_:`` and their id, literals their lexical form. Straight
    from Oxigraph's store when it backs the graph (no rdflib terms are made); for a remote graph,
    the triples the concept network needs, fetched once within its bound.
    """
    remote = _remote(graph)
    if remote is not None and not remote.fetched:
        del _REMOTE[graph.store]  # parse into the memory store, then mark it again
        try:
            remote.fetch(graph)
        finally:
            _REMOTE[graph.store] = remote
    store = _native(graph)
    if store is None:
        from .._syntax import scan_rdflib

        return scan_rdflib(graph)
    import pyoxigraph

    return _tuples(store.quads_for_pattern(None, None, None, pyoxigraph.DefaultGraph()))


def _tuples(quads):
    import pyoxigraph

    named, blank = pyoxigraph.NamedNode, pyoxigraph.BlankNode
    for quad in quads:
        s, o = quad.subject, quad.object
        otype = type(o)
        yield (s.value if type(s) is named else "_:" + s.value, quad.predicate.value,
               "_:" + o.value if otype is blank else o.value, otype is not named and otype is not blank)


def triple_count(graph):
    """How many triples the graph holds (for a remote graph, as the endpoint counts them)."""
    remote = _remote(graph)
    if remote is not None:
        if remote.total is None:  # counted once
            remote.total = remote.endpoint.count("?s ?p ?o")
        return remote.total
    store = _native(graph)
    return len(store) if store is not None else len(graph)  # oxrdflib counts with a query: slow


_KINDS = {"QuerySolutions": "SELECT", "QueryBoolean": "ASK", "QueryTriples": "CONSTRUCT"}


def _query(store, sparql, namespaces, source, base):
    """Oxigraph's result of ``sparql`` on ``store``; its errors as one-line QueryErrors."""
    import re
    try:
        with offline():
            return store.query(sparql, prefixes={p: str(n) for p, n in namespaces.items()}, base_iri=base)
    except SyntaxError as e:  # "error at 1:25: expected one of ..."
        found = re.match(r"error at (\d+):(\d+): (.*)", str(e), re.S) or re.match("()()(.*)", str(e), re.S)
        line, why = int(found.group(1) or 0), "unknown prefix" if "Prefix not found" in str(e) else found.group(3)
        text = (sparql.splitlines()[line - 1:line] or [""])[0].strip()
        raise QueryError(f"{source}:{line}:{found.group(2)}: SPARQL syntax error: {one_line(why, 100)}: {one_line(text, 120)}") from None
    except NetworkRefused as e:
        raise QueryError(f"{source}: {e}") from e
    except (OSError, ValueError, RuntimeError, TypeError) as e:
        raise QueryError(f"{source}: the query failed: {one_line(e)}") from e


def check_query(sparql, namespaces, source="query", base=None):
    """Parse ``sparql`` with Oxigraph's parser, which evaluates it: ``"SELECT"``, ``"ASK"`` or ``"CONSTRUCT"`` (DESCRIBE
    too; ``None`` if it fails on no data), or a QueryError with line and column. Refuse ``SERVICE`` first."""
    import pyoxigraph
    try:
        return _KINDS[type(_query(pyoxigraph.Store(), sparql, namespaces, source, base)).__name__]
    except QueryError as e:  # an ASK with an unknown function fails on no data, yet it is valid SPARQL
        if "syntax error" in str(e):
            raise
    return None


def evaluate(graph, sparql, kind, namespaces, source="query", base=None, deadline=None, timeout=None):
    """The bytes of :func:`answer` (JSON results, N-Triples graphs) through :class:`graph._limits.Capped`:
    past its size or ``deadline`` the query stops. A remote graph asks its endpoint."""
    remote = _remote(graph)
    if remote is not None:
        return remote.query(sparql, kind)
    from .._limits import Capped
    out = Capped(source, deadline=deadline, timeout=timeout)
    answer(graph, sparql, kind, namespaces, out, None, source, base)
    return out.getvalue()


def answer(graph, sparql, kind, namespaces, out, fmt=None, source="query", base=None):
    """Evaluate ``sparql`` (checked, of ``kind``) on ``graph``'s Oxigraph store (or a copy) and write the
    answer to the binary writer ``out`` in ``fmt``, a name of Oxigraph's formats (``"JSON"``, ``"XML"``,
    ``"CSV"``, ``"TSV"`` for results; ``"TURTLE"``, ``"N_TRIPLES"``, ``"JSON_LD"``... for graphs)."""
    import pyoxigraph
    store = _native(graph)
    result = _query(store if store is not None else oxigraph_copy(graph), sparql, namespaces, source, base)
    try:
        with offline():
            if kind in ("SELECT", "ASK", None) and not isinstance(result, pyoxigraph.QueryTriples):
                result.serialize(out, format=getattr(pyoxigraph.QueryResultsFormat, fmt or "JSON"))
            else:
                pyoxigraph.serialize(result, out, format=getattr(pyoxigraph.RdfFormat, fmt or "N_TRIPLES"))
    except (OSError, ValueError, RuntimeError, TypeError, AttributeError) as e:
        raise QueryError(f"{source}: the query failed: {one_line(e)}") from e


_RESULT_FORMATS = {"csv": "CSV", "tsv": "TSV", "json": "JSON", "xml": "XML"}
_GRAPH_FORMATS = {"table": "TURTLE", "json": "JSON_LD", "xml": "RDF_XML"}


def write_results(kind, body, fmt, namespaces):
    """``body`` of :func:`evaluate` in ``fmt`` by Oxigraph's serializers, every term as spelled: results
    as csv, tsv, json, xml; graphs as Turtle (``table``), JSON-LD, RDF/XML with ``namespaces`` used."""
    import pyoxigraph

    if kind in ("SELECT", "ASK"):
        results = pyoxigraph.parse_query_results(body, format=pyoxigraph.QueryResultsFormat.JSON)
        out = results.serialize(format=getattr(pyoxigraph.QueryResultsFormat, _RESULT_FORMATS[fmt]))
    else:
        text = body.decode("utf-8")
        used = {p: str(n) for p, n in namespaces.items() if p and f"<{n}" in text}
        triples = pyoxigraph.parse(body, format=pyoxigraph.RdfFormat.N_TRIPLES)
        out = pyoxigraph.serialize(triples, format=getattr(pyoxigraph.RdfFormat, _GRAPH_FORMATS[fmt]),
                                   prefixes=used)
    return out.decode("utf-8").rstrip("\n")


def serialize(graph, fmt="nt"):
    """The graph as bytes of ``fmt`` (``"nt"`` or ``"turtle"``), natively where the store can."""
    store = _native(graph)
    if store is not None and fmt == "nt":
        import pyoxigraph

        return pyoxigraph.serialize(store.quads_for_pattern(None, None, None, pyoxigraph.DefaultGraph()),
                                    format=pyoxigraph.RdfFormat.N_QUADS)
    return graph.serialize(format=fmt, encoding="utf-8")


def _disk_store(folder, read_only=False):
    """Oxigraph's on-disk store in ``folder``, new or read-only (for :mod:`graph.engine._stores`)."""
    import pyoxigraph

    return pyoxigraph.Store.read_only(str(folder)) if read_only else pyoxigraph.Store(str(folder))


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def oxigraph_copy(graph):
    """An in-memory Oxigraph store holding the triples of ``graph`` (on rdflib's store)."""
    import pyoxigraph as ox
    from rdflib import BNode, Literal
    cache = {}

    def term(t):
        found = cache.get(t)
        if found is None:
            if isinstance(t, Literal):
                found = ox.Literal(str(t), language=t.language) if t.language else ox.Literal(
                    str(t), datatype=ox.NamedNode(t.datatype) if t.datatype else None)
            elif isinstance(t, BNode):
                found = ox.BlankNode(str(t)) if str(t).isalnum() else ox.BlankNode()
            else:
                found = ox.NamedNode(t)
            cache[t] = found
        return found

    try:
        (store := ox.Store()).bulk_extend([ox.Quad(term(s), term(p), term(o)) for s, p, o in graph])
    except ValueError as e:
        raise QueryError(f"the graph cannot be queried: {one_line(e)}") from e
    return store


def rdflib_triples(quads):
    """The quads of Oxigraph's parser as rdflib triples, each term made once: literals as spelled
    (call within :func:`graph._syntax.exact_literals`), a plain string with no datatype (as rdflib's
    own parsers give it), a blank node label mapped to one new blank node per call."""
    import pyoxigraph as ox
    from rdflib import BNode, Literal, URIRef

    named, blank, cache = ox.NamedNode, ox.BlankNode, {}

    def term(t):
        found = cache.get(t)
        if found is None:
            kind = type(t)
            if kind is named:
                found = URIRef(t.value)
            elif kind is blank:
                found = BNode()
            elif t.language:
                found = Literal(t.value, lang=t.language)
            else:
                datatype = t.datatype.value
                found = Literal(t.value, datatype=None if datatype == _XSD_STRING else URIRef(datatype))
            cache[t] = found
        return found

    for quad in quads:
        yield term(quad.subject), term(quad.predicate), term(quad.object)


from ._stores import create_store, finish_store, open_store, remote_graph  # noqa: E402
