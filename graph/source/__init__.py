"""Where a graph comes from, as one value: files, an on-disk store, or a remote endpoint.

A :class:`Source` is built once from the options (the files, the store, the endpoint, the engine
that holds files, credentials, the fetch bound, a progress display) and handed to every command;
every library function takes one (or an rdflib ``Graph``, or nothing: the article's graph, see
:meth:`Source.of`). It knows its name for messages and output files, and gives the graph, its
triples, the concept network, counts, query answers and serializations, reading each once and
the quickest way. Behind it, one backend per kind of store, with the same small interface
(``graph``, ``triples()``, ``len()``, ``evaluate(...)``, ``serialize(fmt)``):
:class:`~graph.source.memory.Memory` (rdflib's memory), :class:`~graph.source.oxigraph.Oxigraph`
(Oxigraph's store, in memory or on disk) and :class:`~graph.source.remote.Remote` (an endpoint).
:func:`graph.source.store.build_store` makes on-disk stores.

Examples
--------
>>> source = Source()
>>> source.name, source.backend.name, source.count() > 1000
("the article's graph", 'rdflib', True)
>>> network = source.network()                  # read once, the quickest way
>>> network.labels[network.names.index("kg:China")]
'China'
>>> Source(data=["a.ttl"], store="s")
Traceback (most recent call last):
...
graph.errors.DataError: give one source: files, a store or an endpoint
"""

import os
from pathlib import Path

from rdflib import Graph

from ..defaults import AUTO_BYTES, ENGINES, MAX_TRIPLES, STORE_NETWORK
from ..errors import DataError, NeedsOxigraph
from ..evidence.reader import Evidence
from ..namespace import PREFIXES, namespaces_of
from ..network import read_network
from ..network.collect import collect_network
from ..progress import Silent
from ..resources import DEFAULT_FILES, display_path
from .files import check_files
from .memory import Memory
from .oxigraph import Oxigraph, backend_of, check_store, open_store, stream

__all__ = ["Source", "choose", "read_files", "load", "open_graph", "concept_network"]


class Source:
    """A graph's source: ``data`` (RDF files, format by extension), ``store`` (a folder made by
    ``python -m graph load``), ``endpoint`` (the URL of a SPARQL endpoint) or ``graph`` (an rdflib
    ``Graph`` already in hand); with none, the article's graph.

    Parameters
    ----------
    engine : {"auto", "rdflib", "oxigraph"}
        What holds ``data`` while it is used: rdflib's memory (quick to start), Oxigraph's (fast
        on large data), or by size (:func:`choose`).
    user : str, optional
        For the endpoint's basic authentication; the password comes from the environment.
    max_triples : int
        The most triples fetched from an endpoint to read its concept network or evidence.
    progress : graph.progress.Progress, optional
        Told of each step (``step(name)``) and of the bytes read (``read(done, total)``).
    union : bool
        For a dataset (TriG, N-Quads: a document in each named graph), whether a query's default
        graph is every graph (the default: the documents read as one graph) or the default graph
        alone (as SPARQL's datasets define it; ``GRAPH`` reaches the named graphs either way).
    named : list of paths, optional
        Files each read into a named graph of its own, named by the file's IRI (``file:///...``),
        as SPARQL's ``FROM NAMED`` would: the data of a query over a dataset. They are kept in
        Oxigraph's store (the ``rdflib`` engine holds one graph).
    """

    def __init__(self, data=None, store=None, endpoint=None, *, graph=None, engine="auto", user=None,
                 max_triples=MAX_TRIPLES, progress=None, union=True, named=None):
        if sum(x is not None and x != [] for x in (data, store, endpoint, graph)) > 1:
            raise DataError("give one source: files, a store or an endpoint")
        if engine not in ENGINES:
            raise DataError(f"unknown engine {engine!r} (known: {', '.join(ENGINES)})")
        self.store, self.endpoint, self.engine, self.user, self.max_triples = store, endpoint, engine, user, max_triples
        self.default = data is None and not store and not endpoint and graph is None
        self.files = [str(p) for p in (DEFAULT_FILES if self.default else data or [])] if not (
            store or endpoint or graph is not None) else None
        self.progress, self.union = progress or Silent(), union
        self.named = [str(p) for p in named or []]
        if self.named and self.files is None:
            raise DataError("named graphs are read from files, with or without --data")
        self._graph, self._backend, self._network = graph, None, None

    @classmethod
    def of(cls, source=None, **options):
        """``source`` as a :class:`Source`: itself, an rdflib ``Graph``, a path or list of paths
        (files), or ``None`` (the article's graph, or ``options``)."""
        if isinstance(source, Source):
            return source
        if isinstance(source, Graph):
            return cls(graph=source, **options)
        if isinstance(source, (str, os.PathLike)):
            return cls(data=[source], **options)
        if source is not None:
            return cls(data=list(source), **options)
        return cls(**options)

    @property
    def kind(self):
        """``"files"``, ``"store"``, ``"endpoint"`` or ``"graph"``."""
        return "store" if self.store else "endpoint" if self.endpoint else "graph" if self._graph is not None else "files"

    @property
    def name(self):
        """How messages name the source."""
        if self.default:
            return "the article's graph"
        if self.kind == "files":
            return ", ".join(display_path(f) for f in self.files)
        return {"store": f"the store {self.store}", "endpoint": str(self.endpoint), "graph": "the graph"}[self.kind]

    def output_name(self, suffix=".html"):
        """The file a command writes by default for this source: ``NAME.html`` for ``--data NAME.ttl``,
        ``STORE.html`` for a store, ``endpoint.html`` for an endpoint, ``None`` for the article."""
        if self.default or self.kind == "graph":
            return None
        if self.kind == "files":
            return Path(Path(self.files[0]).stem + suffix)
        return Path(Path(self.store).name + suffix) if self.store else Path("endpoint" + suffix)

    @property
    def inputs(self):
        """The paths this source reads, which no output may replace: its files, or its store's folder."""
        if self.kind == "files":
            return tuple(Path(f) for f in self.files + self.named)
        return (Path(self.store),) if self.store else ()

    # ---- the backend, opened once

    @property
    def backend(self):
        """The store that holds the graph (:mod:`graph.source.memory`, :mod:`~graph.source.oxigraph`,
        :mod:`~graph.source.remote`), opened or read on first use."""
        if self._backend is None:
            self._backend = self._open()
        return self._backend

    def _open(self):
        kind = self.kind
        if kind == "graph":
            return backend_of(self._graph) or Memory(self._graph)
        if kind == "endpoint":
            from .remote import Remote  # lazy: its HTTP client costs 15 ms of start-up that only --endpoint needs

            return Remote(self.endpoint, self.user, self.max_triples)
        if kind == "store":
            self.progress.step(f"opening {self.store}")
            return open_store(self.store)
        checked = check_files(self.files) if self.files or not self.named else []
        checked += check_files(self.named) if self.named else []  # a file may be both: default and named
        engine = choose(self.engine, [p for p, _ in checked])
        if self.named:
            if self.engine == "rdflib":
                raise NeedsOxigraph("named graphs are kept in Oxigraph's store: use --engine oxigraph (or auto)")
            return read_files(self._oxigraph(), self.files, self.progress, self.named)
        backend = Oxigraph() if engine == "oxigraph" else Memory()
        backend.bind(PREFIXES)
        try:
            return read_files(backend, self.files, self.progress)
        except NeedsOxigraph:
            if self.engine != "auto":
                raise
        return read_files(self._oxigraph(), self.files, self.progress)  # triple terms, datasets: auto takes Oxigraph

    @staticmethod
    def _oxigraph():
        backend = Oxigraph()
        backend.bind(PREFIXES)
        return backend

    def open(self):
        """Open the backend now (files are read, a store opened; an endpoint is asked nothing yet);
        return the source. Every method opens it when first needed: this says when."""
        self.backend  # noqa: B018 -- the property opens it
        return self

    # ---- what it gives

    def graph(self):
        """The graph, as an rdflib ``Graph`` (for an endpoint: what the concept network and the
        evidence need, fetched once within ``max_triples``)."""
        return self.backend.graph

    def triples(self):
        """Every triple as ``(subject, predicate, object, object_is_literal)`` strings (for an endpoint,
        the fetched ones): IRIs as their text, blank nodes ``_:`` and their id, literals their lexical form."""
        return self.backend.triples()

    def count(self):
        """How many triples the source holds (an endpoint counts them)."""
        return len(self.backend)

    def namespaces(self, ours_first=False):
        """``{prefix: namespace}``: the project's prefixes and the source's own (which win, unless
        ``ours_first``). An endpoint's are the project's: nothing is fetched to name them."""
        if self.kind == "endpoint":
            return dict(PREFIXES)
        return namespaces_of(self.backend.bindings(), ours_first)

    def network(self):
        """The concept network (:class:`graph.network.ConceptNetwork`), read once, the quickest way:
        a store's saved with it; files for Oxigraph streamed through its parser (no store is
        built); else the backend's triples, in one pass. Its ``evidence`` comes with it, but for a
        saved network (:meth:`evidence`)."""
        if self._network is None:
            self._network = self._read_network()
        return self._network

    def _read_network(self):
        if self.kind == "store" and self._backend is None and check_store(self.store) and \
                Path(self.store, STORE_NETWORK).is_file():
            self.progress.step(f"reading the concept network of {self.store}")
            return read_network(Path(self.store, STORE_NETWORK))
        if self.kind == "files" and self._backend is None and self.engine != "rdflib":
            prefixes = dict(PREFIXES)  # and the files', as namespaces() gives them: known once they are read
            return collect_network(stream(check_files(self.files), self.progress, prefixes), prefixes)
        self.progress.step("reading the concept network")
        cn = collect_network(self.triples(), self.namespaces())
        if self.kind == "endpoint":
            cn.facts["triples"] = self.count()  # what was fetched is only what the network needs
        return cn

    def evidence(self):
        """The provenance model (:class:`graph.evidence.reader.Evidence`): the network's, or read
        from the source's triples when the network came saved."""
        network = self.network()
        if network.evidence is None:
            self.progress.step("reading the evidence")
            network.evidence = Evidence().read(self.triples())
        return network.evidence

    def query(self, sparql, kind, namespaces, origin="query", base=None, deadline=None, timeout=None):
        """The answer's bytes to a checked query (:func:`graph.query.run_query` checks and reads it)."""
        return self.backend.evaluate(sparql, kind, namespaces, origin, base, deadline, timeout, self.union)

    def serialize(self, fmt="nt"):
        """Every triple, as bytes of ``fmt`` (``"nt"``, ``"turtle"``...)."""
        return self.backend.serialize(fmt)


def read_files(backend, files, progress=None, named=()):
    """Parse ``files`` into ``backend``, in turn, then ``named`` each into a named graph of its file's
    IRI (Oxigraph's backend only), telling ``progress`` of the bytes read; return the backend."""
    checked = (check_files(files) if files else []) + (check_files(named) if named else [])
    into = len(files)
    total, done = sum(os.path.getsize(p) for p, _ in checked), 0
    for n, (path, fmt) in enumerate(checked):
        options = {"graph_name": Path(path).resolve().as_uri()} if n >= into else {}
        if len(checked) > 1 and isinstance(backend, Oxigraph):  # each file's blank nodes its own
            options["part"] = n
        backend.parse(path, fmt, progress, done, total, **options)
        done += os.path.getsize(path)
    return backend


def choose(engine, paths):
    """The engine to hold ``paths``: ``engine`` itself, or for ``"auto"`` by total size.

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


def load(paths=None, engine="auto", progress=None):
    """Parse RDF files (default: the article's graph and its vocabulary) into one rdflib ``Graph``,
    with the project's prefixes bound.

    Raises
    ------
    DataError
        A file is missing or unreadable, its extension is unknown, or it is not valid RDF.
        The message names the file, and the line and column where the parser says.

    Examples
    --------
    >>> g = load()
    >>> from graph.namespace import EV, KG
    >>> (KG.China, EV.investsIn, KG.ResearchAndDevelopment) in g
    True
    >>> load(["no/such/file.ttl"])
    Traceback (most recent call last):
    ...
    graph.errors.DataError: no/such/file.ttl: no such file
    """
    if paths is not None:
        paths = list(paths)
        if not paths:
            raise DataError("no data files given")
    return Source(data=paths, engine=engine, progress=progress).graph()


def open_graph(data=None, store=None, endpoint=None, engine="auto", user=None, max_triples=MAX_TRIPLES, progress=None):
    """The graph of a source (:class:`Source`'s options), as an rdflib ``Graph``.

    Examples
    --------
    >>> len(open_graph()) > 1000
    True
    """
    return Source(data, store, endpoint, engine=engine, user=user, max_triples=max_triples, progress=progress).graph()


def concept_network(source=None):
    """The concept network of a source (:meth:`Source.network`): a graph, files, or the article's.

    Examples
    --------
    >>> from graph.evidence.model import concepts
    >>> from graph.evidence.reader import statements
    >>> g = load()
    >>> cn = concept_network(g)  # every claim is an edge, whether or not its triple stands plain
    >>> len(cn) == len(concepts(g)), cn.edge_count == len(statements(g))
    (True, True)
    >>> i = cn.names.index("kg:China")
    >>> cn.labels[i], cn.classes[i]
    ('China', 'ev:Nation')
    """
    return Source.of(source).network()
