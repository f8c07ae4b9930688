"""Storage engines behind the rdflib ``Graph`` interface: rdflib's own memory store, or Oxigraph.

Every command works on an rdflib ``Graph``. For small data (the article) rdflib's memory store
is the quickest to start. For large data the graph is backed by Oxigraph (through oxrdflib's
store): Oxigraph parses about ten times faster than rdflib, holds the data in less memory,
answers SPARQL natively, and can keep the data on disk (``python -m graph load --store DIR``)
so that a later command opens it in milliseconds instead of parsing again.

``engine="auto"`` picks Oxigraph when the input files add up to :data:`AUTO_BYTES` or more.
"""

import json
import os
import weakref
from pathlib import Path

from .errors import DataError

__all__ = ["ENGINES", "AUTO_BYTES", "STORE_META", "choose", "new_graph", "native_store", "open_store",
           "create_store", "ox_format"]

ENGINES = ("auto", "rdflib", "oxigraph")
#: Inputs of this many bytes or more are loaded into Oxigraph by ``engine="auto"``.
AUTO_BYTES = 2_000_000
#: The file that marks a folder as a store of this project, with its prefixes and sources.
STORE_META = "ev-kg-store.json"

_NATIVE = weakref.WeakKeyDictionary()  # oxrdflib store -> its pyoxigraph.Store


def choose(engine, paths):
    """The engine to use for ``paths``: ``engine`` itself, or for ``"auto"`` by total size.

    Examples
    --------
    >>> from graph.load import DEFAULT_FILES
    >>> choose("auto", DEFAULT_FILES)
    'rdflib'
    """
    if engine not in ENGINES:
        raise DataError(f"unknown engine {engine!r} (known: {', '.join(ENGINES)})")
    if engine != "auto":
        return engine
    size = sum(os.path.getsize(p) for p in paths if os.path.isfile(p))
    return "oxigraph" if size >= AUTO_BYTES else "rdflib"


def new_graph(engine, store=None):
    """An empty rdflib ``Graph`` on ``engine`` (``store``: an open ``pyoxigraph.Store``)."""
    from rdflib import Graph

    if engine == "rdflib":
        return Graph()
    import pyoxigraph
    from oxrdflib import OxigraphStore
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    ox = store if store is not None else pyoxigraph.Store()
    backend = OxigraphStore(store=ox)
    _NATIVE[backend] = ox
    return Graph(store=backend, identifier=DATASET_DEFAULT_GRAPH_ID)


def native_store(graph):
    """The ``pyoxigraph.Store`` behind ``graph``, or ``None`` for rdflib's own store."""
    try:
        return _NATIVE.get(graph.store)
    except TypeError:  # a store that cannot be weakly referenced is not ours
        return None


def ox_format(rdflib_format):
    """The pyoxigraph format for an rdflib parser name."""
    import pyoxigraph

    return {
        "turtle": pyoxigraph.RdfFormat.TURTLE,
        "nt": pyoxigraph.RdfFormat.N_TRIPLES,
        "n3": pyoxigraph.RdfFormat.N3,
        "json-ld": pyoxigraph.RdfFormat.JSON_LD,
        "xml": pyoxigraph.RdfFormat.RDF_XML,
    }[rdflib_format]


def create_store(folder):
    """Create an empty on-disk Oxigraph store in ``folder`` (new or empty)."""
    import pyoxigraph

    folder = Path(folder)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise DataError(f"{folder}: exists and is not an empty folder; choose a new one")
    try:
        return pyoxigraph.Store(str(folder))
    except OSError as e:
        raise DataError(f"{folder}: cannot create a store: {e}") from None


def write_meta(folder, meta):
    Path(folder, STORE_META).write_text(json.dumps(meta, indent=2, sort_keys=True), encoding="utf-8")


def open_store(folder):
    """Open a store made by ``python -m graph load --store``, read-only, as an rdflib Graph."""
    import pyoxigraph

    from .namespace import bind_prefixes

    folder = Path(folder)
    meta_path = folder / STORE_META
    if not meta_path.is_file():
        what = "no such folder" if not folder.exists() else "not a store made by 'python -m graph load --store'"
        raise DataError(f"{folder}: {what}")
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        ox = pyoxigraph.Store.read_only(str(folder))
    except (OSError, ValueError, RuntimeError) as e:
        raise DataError(f"{folder}: cannot open the store: {' '.join(str(e).split())}") from None
    graph = new_graph("oxigraph", ox)
    for prefix, namespace in sorted(meta.get("prefixes", {}).items()):
        graph.bind(prefix, namespace, override=True, replace=True)
    return bind_prefixes(graph)
