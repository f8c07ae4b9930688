"""The stores behind a graph, sealed: rdflib's memory store, Oxigraph, or a remote endpoint.

Every command works on an rdflib ``Graph``. For small data (the article) rdflib's memory store
is the quickest to start. For large data the graph is backed by Oxigraph (through oxrdflib):
it parses about ten times faster than rdflib, holds the data in less memory, answers SPARQL
natively, and can keep the data on disk (``python -m graph load``) so that a later command opens
it in milliseconds. A graph opened on a remote endpoint holds nothing until its concept network
is needed; its counts and queries are answered by the endpoint.

This is the only module that knows Oxigraph exists (it alone imports ``pyoxigraph`` and
``oxrdflib``) and the only one that asks which store backs a graph. The rest of the package
uses the functions below, which work the same whichever store it is: :func:`parse` (with the
position of a syntax error), :func:`stream` (every triple of files, no store), :func:`scan` (every triple, fast), :func:`triple_count`,
:func:`evaluate` (a checked query, natively where the store can) and :func:`serialize`.
"""

import json
import os
import weakref
from contextlib import contextmanager
from pathlib import Path

from ._offline import offline
from .defaults import AUTO_BYTES, ENGINES, MAX_TRIPLES, STORE_META
from .errors import DataError, NetworkRefused, QueryError, StoreError, one_line

__all__ = ["ENGINES", "AUTO_BYTES", "choose", "new_graph", "engine_of", "parse", "stream", "scan", "triple_count", "evaluate",
           "serialize", "create_store", "finish_store", "open_store", "remote_graph"]

_NATIVE = weakref.WeakKeyDictionary()  # oxrdflib store -> its pyoxigraph.Store
_REMOTE = weakref.WeakKeyDictionary()  # memory store of a remote graph -> _Remote


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
    """Parse the file ``path`` in ``fmt`` (an rdflib parser name) into ``graph``, offline.

    ``progress``, if given, is called with the bytes of the file read so far (Oxigraph only).
    A syntax error raises :class:`~graph.errors.DataError` as ``FILE:LINE:COLUMN: reason``.
    Into Oxigraph, the triples go in batches of 100,000 through its bulk loader, so that
    memory stays bounded whatever the file's size.
    """
    store = _native(graph)
    if store is None:
        from ._syntax import parse_rdflib

        return parse_rdflib(graph, path, fmt)
    from itertools import islice

    with _reading(path, fmt, progress) as parser:
        while True:
            batch = list(islice(parser, _BATCH))
            if not batch:
                break
            store.bulk_extend(batch)
            del batch
        prefixes = dict(parser.prefixes) if hasattr(parser, "prefixes") else {}
    for prefix, namespace in sorted(prefixes.items()):
        if prefix and graph.store.namespace(prefix) is None:
            graph.bind(prefix, namespace, override=False)


#: Triples handed to Oxigraph's bulk loader at a time (100,000: about 150 MB at most).
_BATCH = 100_000


@contextmanager
def _reading(path, fmt, progress):
    """A pyoxigraph parser over the file ``path``, offline, with its errors as :class:`DataError`."""
    import re

    import pyoxigraph

    from ._progress import Counting

    report = progress or (lambda n: None)
    try:
        with open(path, "rb") as f, offline():
            yield pyoxigraph.parse(input=Counting(f, report), format=getattr(pyoxigraph.RdfFormat, _OX_FORMATS[fmt]),
                                   base_iri=Path(path).resolve().as_uri())
    except SyntaxError as e:  # "Parser error between line 3 column 11 and ...: <reason> (file, line 3)"
        why = re.sub(r"^Parser error (?:at|between) .*?: ", "", e.msg or str(e).rsplit(" (", 1)[0])
        where = f":{e.lineno}:{e.offset}" if e.lineno else ""
        raise DataError(f"{path}{where}: bad syntax: {why}") from e
    except NetworkRefused as e:
        raise DataError(f"{path}: {e}") from e
    except (OSError, ValueError) as e:
        raise DataError(f"{path}: {one_line(e)}") from e


def stream(files, progress=None, prefixes=None):
    """Every triple of the files ``files`` (``(path, fmt)`` pairs) as :func:`scan` gives them,
    straight from Oxigraph's parser: no store is built. A triple repeated in the files comes
    as often as it is written. ``prefixes``, a dict if given, receives the files' prefixes.
    ``progress`` is called with the bytes read so far, over all the files.
    """
    import pyoxigraph

    named, blank = pyoxigraph.NamedNode, pyoxigraph.BlankNode
    done = 0
    for path, fmt in files:
        report = (lambda n, done=done: progress(done + n)) if progress else None
        with _reading(path, fmt, report) as parser:
            for quad in parser:
                s, o = quad.subject, quad.object
                otype = type(o)
                yield (s.value if type(s) is named else "_:" + s.value, quad.predicate.value,
                       "_:" + o.value if otype is blank else o.value, otype is not named and otype is not blank)
            if prefixes is not None and hasattr(parser, "prefixes"):
                prefixes.update((p, ns) for p, ns in parser.prefixes.items() if p)
        done += os.path.getsize(path)


# ---- reading


def scan(graph):
    """Every triple of ``graph`` as ``(subject, predicate, object, object_is_literal)`` strings.

    IRIs are their text, blank nodes ``_:`` and their id, literals their lexical form. Straight
    from Oxigraph's store when it backs the graph (no rdflib terms are made); for a remote graph,
    the triples the concept network needs, fetched once within its bound.
    """
    remote = _remote(graph)
    if remote is not None:
        remote.fetch(graph)
    store = _native(graph)
    if store is None:
        return _scan_rdflib(graph)
    return _scan_oxigraph(store)


def _scan_rdflib(graph):
    from rdflib import Literal, URIRef

    for s, p, o in graph:
        lit = isinstance(o, Literal)
        yield (str(s) if isinstance(s, URIRef) else "_:" + str(s), str(p),
               str(o) if lit or isinstance(o, URIRef) else "_:" + str(o), lit)


def _scan_oxigraph(store):
    import pyoxigraph

    named, blank = pyoxigraph.NamedNode, pyoxigraph.BlankNode
    for quad in store.quads_for_pattern(None, None, None, pyoxigraph.DefaultGraph()):
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


def evaluate(graph, prepared, sparql, namespaces, source="query"):
    """Evaluate a query checked by :func:`graph.query.prepare`; return rdflib's ``Result``.

    rdflib's store evaluates the checked algebra ``prepared``; Oxigraph evaluates the text
    ``sparql`` natively, with ``namespaces`` bound; a remote graph sends the text to its endpoint.
    """
    remote = _remote(graph)
    if remote is not None:
        return remote.query(prepared, sparql)
    if _native(graph) is not None:
        query, extra = sparql, {"initNs": namespaces}
    else:
        query, extra = prepared, {}
    try:
        with offline():
            result = graph.query(query, **extra)
            if result.type == "SELECT":
                result.bindings  # evaluate now, inside offline(), not lazily later
            return result
    except NetworkRefused as e:
        raise QueryError(f"{source}: {e}") from e
    except Exception as e:
        raise QueryError(f"{source}: the query failed: {one_line(e)}") from e


def serialize(graph, fmt="nt"):
    """The graph as bytes of ``fmt`` (``"nt"`` or ``"turtle"``), natively where the store can."""
    store = _native(graph)
    if store is not None and fmt == "nt":
        import pyoxigraph

        return pyoxigraph.serialize(store.quads_for_pattern(None, None, None, pyoxigraph.DefaultGraph()),
                                    format=pyoxigraph.RdfFormat.N_QUADS)
    return graph.serialize(format=fmt, encoding="utf-8")


# ---- on-disk stores


def create_store(folder):
    """A new on-disk Oxigraph store in ``folder`` (new or empty), as an rdflib ``Graph``."""
    import pyoxigraph

    folder = Path(folder)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise StoreError(f"{folder}: exists and is not an empty folder; choose a new one")
    try:
        return new_graph("oxigraph", pyoxigraph.Store(str(folder)))
    except OSError as e:
        raise StoreError(f"{folder}: cannot create a store: {one_line(e)}") from e


def finish_store(graph, folder, files):
    """Flush a store made by :func:`create_store` to disk and mark it as ours; return its size."""
    store = _native(graph)
    store.flush()
    n = len(store)
    meta = {"files": [str(Path(f).resolve()) for f in files], "triples": n,
            "prefixes": {p: str(ns) for p, ns in graph.namespaces() if p}}
    Path(folder, STORE_META).write_text(json.dumps(meta, indent=2, sort_keys=True), encoding="utf-8")
    return n


def open_store(folder):
    """Open a store made by ``python -m graph load``, read-only, as an rdflib ``Graph``."""
    import pyoxigraph

    from .namespace import bind_prefixes

    folder = Path(folder)
    meta_path = folder / STORE_META
    if not meta_path.is_file():
        what = "no such folder" if not folder.exists() else "not a store made by 'python -m graph load --out'"
        raise StoreError(f"{folder}: {what}")
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        ox = pyoxigraph.Store.read_only(str(folder))
    except (OSError, ValueError, RuntimeError) as e:
        raise StoreError(f"{folder}: cannot open the store: {one_line(e)}") from e
    graph = new_graph("oxigraph", ox)
    prefixes = meta.get("prefixes", {}) if isinstance(meta, dict) else {}
    for prefix, namespace in sorted(prefixes.items()):
        graph.bind(prefix, namespace, override=True, replace=True)
    return bind_prefixes(graph)


# ---- remote endpoints

def remote_graph(endpoint, max_triples=MAX_TRIPLES):
    """A graph whose data stay at ``endpoint`` (a :class:`graph.endpoint.Endpoint`).

    Its counts and queries go to the endpoint; :func:`scan` fetches the concept network (every
    triple between resources, with the labels, types and texts) once, refusing more than
    ``max_triples``.
    """
    from rdflib import Graph

    from .namespace import bind_prefixes

    from ._remote import Remote

    graph = bind_prefixes(Graph())
    _REMOTE[graph.store] = Remote(endpoint, max_triples, _REMOTE)
    return graph
