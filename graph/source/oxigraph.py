"""Oxigraph behind a source: its store as a backend, its parser and its query engine.

The only module that imports ``pyoxigraph`` and ``oxrdflib``. :class:`Oxigraph` is the backend of
files held by Oxigraph (ten times faster than rdflib's memory on large data) and of on-disk
stores (:func:`create_store`, :func:`open_store`); :func:`stream` reads files through Oxigraph's
parser without any store; :func:`check_query`, :func:`evaluate` and :func:`answer` are the
query engine of every backend (rdflib's memory is copied into a store of Oxigraph's to be
queried, so that every source answers the same); :func:`write_results` writes answers in the
W3C formats.
"""

import io
import json
import os
import re
from contextlib import contextmanager
from itertools import islice
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import XSD

from ..defaults import STORE_META
from ..errors import DataError, NeedsOxigraph, NetworkRefused, QueryError, QuerySyntaxError, StoreError, one_line
from ..limits import Capped, check_input
from ..namespace import PREFIXES
from ..progress import Counting
from .files import exact_literals
from .offline import offline

__all__ = ["Oxigraph", "backend_of", "check_store", "stream", "read_into", "check_query", "evaluate", "answer", "write_results",
           "create_store", "open_store", "oxigraph_copy"]

_GRAPH_WORD = re.compile(r"\bgraph\b", re.IGNORECASE)

_OX_FORMATS = {"turtle": "TURTLE", "nt": "N_TRIPLES", "n3": "N3", "json-ld": "JSON_LD", "xml": "RDF_XML",
               "trig": "TRIG", "nquads": "N_QUADS"}
_KINDS = {"QuerySolutions": "SELECT", "QueryBoolean": "ASK", "QueryTriples": "CONSTRUCT"}
_XSD_STRING = str(XSD.string)


def _rdflib_store(native):
    """oxrdflib's store for rdflib's ``Graph`` on ``native``, which names it (``.native``)."""
    from oxrdflib import OxigraphStore  # lazy: 90 ms of start-up that only an rdflib view of a store needs

    store = OxigraphStore(store=native)
    store.native = native
    return store


def backend_of(graph):
    """The :class:`Oxigraph` backend of an rdflib ``graph`` on a store of Oxigraph's (one this module made), or ``None``."""
    native = getattr(graph.store, "native", None)
    return Oxigraph(native, graph) if isinstance(native, ox.Store) else None


class Oxigraph:
    """A backend on a store of Oxigraph's: in memory (new), or on disk (:func:`create_store`,
    :func:`open_store`). ``graph`` is an rdflib ``Graph`` on the same store (through oxrdflib), made
    when first asked for: streaming, counting, querying and serializing go to the store itself."""

    name = "oxigraph"

    def __init__(self, native=None, graph=None):
        self.native = native if native is not None else ox.Store()
        self._graph, self._merged, self.on_disk = graph, {}, False
        # what rdflib binds on a new graph, then the project's and the files' (or the store's saved ones)
        self.prefixes = {p: str(n) for p, n in (graph if graph is not None else Graph()).namespaces()}

    @property
    def graph(self):
        """rdflib's view: the store itself (oxrdflib), or for a dataset a copy of every triple of
        every graph (rdflib's Graph shows one graph; the project reads a dataset as one), but those
        with an RDF 1.2 triple term, which rdflib's memory cannot hold (its queries, streams and
        exports come from the store, which holds them)."""
        if self._graph is None and self._graphs() is None:
            self._graph = Graph()
            with exact_literals():
                self._graph.addN((s, p, o, self._graph) for s, p, o in _rdflib_terms(
                    self.native.quads_for_pattern(None, None, None, None), union=True))
            for prefix, namespace in self.prefixes.items():
                self._graph.bind(prefix, namespace, override=True, replace=True)
        if self._graph is None:
            self._graph = Graph(store=_rdflib_store(self.native), identifier=DATASET_DEFAULT_GRAPH_ID)
            for prefix, namespace in self.prefixes.items():
                self._graph.bind(prefix, namespace, override=True, replace=True)
        return self._graph

    def bind(self, prefixes):
        """Bind ``prefixes`` ({prefix: namespace}), replacing earlier bindings of those names."""
        self.prefixes.update((p, str(n)) for p, n in prefixes.items())
        if self._graph is not None:
            for prefix, namespace in prefixes.items():
                self._graph.bind(prefix, namespace, override=True, replace=True)

    def bindings(self):
        """The prefixes bound: ``(prefix, namespace)`` pairs."""
        return self._graph.namespaces() if self._graph is not None else self.prefixes.items()

    def parse(self, path, fmt, progress=None, done=0, total=None, graph_name=None, part=None):
        """Bulk-load the file ``path`` in ``fmt`` (rdflib's name), 100,000 triples at a time; its prefixes are
        bound. ``progress`` is told of the bytes read, after ``done`` bytes of ``total``. A dataset's
        named graphs are kept; ``graph_name`` (an IRI) puts a file of triples into that named graph.
        ``part``: the file's number among several read together (its blank nodes are its own)."""
        into = ox.NamedNode(graph_name) if graph_name else None
        with _reading(path, fmt, progress, done, total) as parser:
            quads, self._merged = _apart(parser, part), {}
            while batch := list(islice(quads, 100_000)):
                if into is not None:
                    batch = [ox.Quad(q.subject, q.predicate, q.object, into) for q in batch]
                self.native.bulk_extend(batch)
            prefixes = dict(parser.prefixes) if hasattr(parser, "prefixes") else {}
        for prefix, namespace in sorted(prefixes.items()):
            if prefix and prefix not in self.prefixes:  # the first file to bind a prefix keeps it
                self.prefixes[prefix] = namespace
                if self._graph is not None:
                    self._graph.bind(prefix, namespace, override=False)

    def triples(self):
        """Every triple, as the stream's strings, straight from the store (no rdflib term is made): of
        every graph of a dataset (a triple in two graphs comes twice)."""
        return _tuples(self.native.quads_for_pattern(None, None, None, self._graphs()))

    def _graphs(self):
        """The graphs a reader sees: the default graph, or every graph where there are named ones."""
        return None if next(iter(self.native.named_graphs()), None) is not None else ox.DefaultGraph()

    def __len__(self):
        return len(self.native)  # oxrdflib counts with a query: slow

    def evaluate(self, sparql, kind, namespaces, origin="query", base=None, deadline=None, timeout=None, union=True):
        """The answer's bytes (SPARQL JSON results, N-Triples graphs), cut at its size cap or ``deadline``;
        ``union``: the default graph is every graph of the dataset (its named graphs are still
        there for ``GRAPH``); else the default graph alone, as SPARQL's datasets define it."""
        native = self.native
        if union and not self.on_disk and self._graphs() is None:
            # the named graphs are copied too only where the query may name one (a word GRAPH anywhere in
            # it, comments and strings included: a false alarm costs time, never a wrong answer)
            native, union = self._merge(named=_GRAPH_WORD.search(sparql) is not None), False
        return evaluate(native, sparql, kind, namespaces, origin, base, deadline, timeout, union)

    def _merge(self, named=True):
        """A copy of the dataset whose default graph is the RDF merge of all its graphs: each triple
        once (Oxigraph 0.5's own union counts a triple once per graph that holds it, oxigraph#1919,
        fixed after 0.5.13; a store on disk keeps that union rather than be copied into memory); with
        ``named``, the named graphs too. Each graph is dumped by Oxigraph as N-Triples (lines of the
        default graph in N-Quads) and the dumps read back as one N-Quads stream, in Oxigraph's own
        code: one parse, so a blank node shared by two graphs stays one node."""
        if named not in self._merged:
            native = self.native

            def dumps():
                if named:
                    yield native.dump(format=ox.RdfFormat.N_QUADS)
                for graph in [ox.DefaultGraph(), *native.named_graphs()]:
                    yield native.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph)

            merged = ox.Store()
            merged.bulk_load(io.BufferedReader(_Chain(dumps()), 1 << 20), format=ox.RdfFormat.N_QUADS)
            self._merged[named] = merged
        return self._merged[named]

    def serialize(self, fmt="nt"):
        """The graph as bytes of ``fmt`` (``"nt"`` natively, other formats through rdflib)."""
        if fmt == "nt":  # every triple once, whatever graph holds it
            triples = self.native.quads_for_pattern(None, None, None, self._graphs())
            return ox.serialize(dict.fromkeys(ox.Triple(q.subject, q.predicate, q.object) for q in triples),
                                format=ox.RdfFormat.N_TRIPLES)
        if fmt in ("trig", "nquads"):  # the dataset, its graphs named
            return ox.serialize(self.native.quads_for_pattern(None, None, None, None),
                                format=getattr(ox.RdfFormat, _OX_FORMATS[fmt]),
                                **({"prefixes": {p: str(n) for p, n in self.bindings() if p}} if fmt == "trig" else {}))
        return self.graph.serialize(format=fmt, encoding="utf-8")

    def flush(self):
        self.native.flush()


@contextmanager
def _reading(path, fmt, progress=None, done=0, total=None):
    check_input(path, fmt)  # hostile forms are refused before the parser sees a byte
    with open(path, "rb") as f, _errors(path), offline():
        yield ox.parse(input=Counting(f, progress, done, total), base_iri=Path(path).resolve().as_uri(),
                       format=getattr(ox.RdfFormat, _OX_FORMATS[fmt]))


@contextmanager
def _errors(path):
    """Oxigraph's parse errors on the file ``path`` as :class:`DataError`, ``FILE:LINE:COLUMN: reason``."""
    try:
        yield
    except SyntaxError as e:  # "Parser error between line 3 column 11 and ...: <reason> (file, line 3)"
        why = re.sub(r"^Parser error (?:at|between) .*?: ", "", e.msg or str(e).rsplit(" (", 1)[0])
        where = f":{e.lineno}:{e.offset}" if e.lineno else ""
        raise DataError(f"{path}{where}: bad syntax: {why}") from e
    except NetworkRefused as e:
        raise DataError(f"{path}: {e}") from e
    except (OSError, ValueError) as e:
        raise DataError(f"{path}: {one_line(e)}") from e


def stream(files, progress=None, prefixes=None):
    """Every triple of ``files`` (``(path, fmt)`` pairs) as the stream's strings, from Oxigraph's parser,
    no store (a triple written twice comes twice); ``prefixes`` (a dict) gets the files' as they are
    read; ``progress`` is told of the bytes read."""
    done, total = 0, sum(os.path.getsize(p) for p, _ in files)
    for n, (path, fmt) in enumerate(files):
        with _reading(path, fmt, progress, done, total) as parser:
            yield from _tuples(_apart(parser, n if len(files) > 1 else None))
            if prefixes is not None:
                prefixes.update((p, n) for p, n in getattr(parser, "prefixes", {}).items() if p)
        done += os.path.getsize(path)


def read_into(graph, path, fmt, progress=None, done=0, total=None):
    """Parse a Turtle or N-Triples file into the rdflib ``graph`` with Oxigraph's parser (three times
    as fast as rdflib's, and the same files accepted on both backends); its prefixes are bound."""
    try:
        with _reading(path, fmt, progress, done, total) as parser, exact_literals():
            graph.addN((s, p, o, graph) for s, p, o in _rdflib_terms(parser))
    except NeedsOxigraph as e:
        raise NeedsOxigraph(f"{path}: {e}") from None
    for prefix, namespace in getattr(parser, "prefixes", {}).items():
        graph.bind(prefix, namespace)  # as rdflib's own parsers bind them


class _Chain(io.RawIOBase):
    """A readable stream of the byte strings ``parts`` one after the other (one at a time in memory)."""

    def __init__(self, parts):
        self.parts, self.rest = parts, b""

    def readable(self):
        return True

    def readinto(self, buffer):
        while not self.rest:
            self.rest = next(self.parts, None)
            if self.rest is None:
                self.rest = b""
                return 0
        n = min(len(buffer), len(self.rest))
        buffer[:n], self.rest = self.rest[:n], self.rest[n:]
        return n


def _apart(quads, part):
    """``quads`` with each blank node label ``L`` made ``f{part}xL``: files read together share no
    blank node (RDF merges them; Oxigraph's parser keeps the labels as written). The names depend
    on the files only, so the same files give the same names."""
    if part is None:
        yield from quads
        return
    blank, quad, names, prefix = ox.BlankNode, ox.Quad, {}, f"f{part}x"

    def rename(node):
        found = names.get(node)
        if found is None:
            found = names[node] = blank(prefix + node.value)
        return found

    for q in quads:
        s, o, g = q.subject, q.object, q.graph_name
        if type(s) is blank or type(o) is blank or type(g) is blank:
            q = quad(rename(s) if type(s) is blank else s, q.predicate, rename(o) if type(o) is blank else o,
                     rename(g) if type(g) is blank else g)
        yield q


def _tuples(quads):
    named, blank, triple = ox.NamedNode, ox.BlankNode, ox.Triple
    for quad in quads:
        s, o = quad.subject, quad.object
        otype = type(o)
        if otype is triple:  # an RDF 1.2 triple term: its N-Triples text is its key
            yield (s.value if type(s) is named else "_:" + s.value, quad.predicate.value, f"<<( {o} )>>", False)
            continue
        yield (s.value if type(s) is named else "_:" + s.value, quad.predicate.value,
               "_:" + o.value if otype is blank else o.value, otype is not named and otype is not blank)


def _rdflib_terms(quads, union=False):
    """The quads of Oxigraph's parser as rdflib triples, each term made once: literals as spelled
    (within :func:`graph.source.files.exact_literals`), a plain string with no datatype (as rdflib's
    own parsers give it), a blank node label mapped to one new blank node per call. A quad of a named
    graph is an error (rdflib's memory holds no dataset here), unless ``union``: its triple then comes
    as any other (a triple of two graphs comes twice)."""
    named, blank, cache = ox.NamedNode, ox.BlankNode, {}

    def term(t):
        found = cache.get(t)
        if found is None:
            kind = type(t)
            if kind is named:
                found = URIRef(t.value)
            elif kind is blank:
                found = BNode()
            elif kind is ox.Triple:
                raise NeedsOxigraph(f"it holds RDF 1.2 triple terms ({str(t)[:60]}...), which rdflib's store cannot "
                                    "hold: use --engine oxigraph (or auto)")
            elif t.language:
                if t.direction:  # RDF 1.2's base direction: rdflib's Literal has no place for it
                    raise NeedsOxigraph(f"it holds a literal with a base direction (\"{t.value[:30]}\"@{t.language}--"
                                        f"{t.direction}), which rdflib's store cannot hold: use --engine oxigraph (or auto)")
                found = Literal(t.value, lang=t.language)
            else:
                datatype = t.datatype.value
                found = Literal(t.value, datatype=None if datatype == _XSD_STRING else URIRef(datatype))
            cache[t] = found
        return found

    for quad in quads:
        if not union and type(quad.graph_name) is not ox.DefaultGraph:
            raise NeedsOxigraph("it holds named graphs (a dataset), which this project keeps in Oxigraph's store: "
                                "use --engine oxigraph (or auto)")
        if union and (type(quad.object) is ox.Triple or type(quad.subject) is ox.Triple):
            continue  # rdflib's view of a dataset leaves triple terms out: the store and its queries hold them
        yield term(quad.subject), term(quad.predicate), term(quad.object)


# ---- queries

_POSITION = re.compile(r"error at (\d+):(\d+): (.*)", re.S)


def _query(store, sparql, namespaces, origin, base, union=False):
    """Oxigraph's result of ``sparql`` on ``store``; its errors as one-line QueryErrors."""
    try:
        with offline():
            return store.query(sparql, prefixes={p: str(n) for p, n in namespaces.items()}, base_iri=base,
                               use_default_graph_as_union=union)
    except SyntaxError as e:  # the position is in the text only: "error at 1:25: expected one of ..."
        found = _POSITION.match(str(e))
        line, column, why = (int(found.group(1)), int(found.group(2)), found.group(3)) if found else (0, 0, str(e))
        text = (sparql.splitlines()[line - 1:line] or [""])[0].strip()
        hint = _hint(why, sparql, line, column)
        raise QuerySyntaxError(f"{origin}:{line}:{column}: SPARQL syntax error: {one_line(why, 100)}"
                               f"{f' (hint: {hint})' if hint else ''}: {one_line(text, 120)}", line, column) from None
    except NetworkRefused as e:
        raise QueryError(f"{origin}: {e}") from e
    except (OSError, ValueError, RuntimeError, TypeError) as e:
        raise QueryError(f"{origin}: the query failed: {one_line(e)}") from e


#: The tokens of SPARQL that matter to a hint: strings, IRIs, delimiters, and any other run of characters (a term).
_TOKENS = re.compile(r'''"(?:[^"\\\n]|\\.)*"\S*|'(?:[^'\\\n]|\\.)*'\S*|<[^<>\s]*>|#[^\n]*|[{}.;,]|[^\s{}.;,]+(?:\.[^\s{}.;,]+)*''')
#: Oxigraph's words where a triple pattern stops short (after one or two terms, at a "." or "}").
_SHORT_PATTERN = re.compile(r"expected (one of (LATERAL, SERVICE|BIND), \[_\]|OPTIONAL)$")
_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "PREFIX", "BASE")


def _hint(why, sparql, line, column):
    """A hint for a syntax error Oxigraph's words leave unclear, or ``None``: a triple pattern short of a
    term, a ``{`` never closed, a ``}`` that closes nothing, a query that begins with no query form. Each
    is recognised by Oxigraph's message and confirmed on the query's text up to the error.

    Examples
    --------
    >>> _hint("expected one of LATERAL, SERVICE, [_]", "SELECT * WHERE { ?s ?p }", 1, 25)
    'a triple pattern needs a subject, a predicate and an object; this one has 2 terms'
    >>> _hint("expected one of BIND, [_]", "ASK { ?s ?p ?o ; ?q }", 1, 21)
    'after ";" come a predicate and an object; this one has 1 term'
    >>> _hint("expected CONSTRUCT", "SELEC * { ?s ?p ?o }", 1, 7) is not None, _hint("expected [_]", "ASK { } }", 1, 10)
    (True, 'a "}" that closes no "{"')
    """
    lines = sparql.splitlines()
    before = "\n".join(lines[:line - 1] + [lines[line - 1][:column]] if 0 < line <= len(lines) else lines)
    tokens = [t for t in _TOKENS.findall(before) if not t.startswith("#")]
    if _SHORT_PATTERN.match(why) or before.rstrip()[-1:] in (".", "}"):  # stopped where a pattern ends
        pattern = list(tokens)
        while pattern and pattern[-1] in (".", "}"):  # where the parser stopped: the pattern ends before it
            pattern.pop()
        terms = 0
        while pattern and pattern[-1] not in ("{", "}", ".", ";", ","):
            terms, _ = terms + 1, pattern.pop()
        after = pattern[-1] if pattern else "{"
        if 0 < terms < {";": 2, ",": 1}.get(after, 3):
            have = f"this one has {terms} term{'s' if terms != 1 else ''}"
            if after == ";":
                return f'after ";" come a predicate and an object; {have}'
            return f"a triple pattern needs a subject, a predicate and an object; {have}"
    opened = sum(t == "{" for t in tokens) - sum(t == "}" for t in tokens)
    if opened < 0:
        return 'a "}" that closes no "{"'
    if opened > 0 and not sparql[len(before):].strip() and why.startswith("expected"):
        return f'{opened} "{{" not closed' if opened > 1 else 'a "{" not closed'
    first = next((t for t in _TOKENS.findall(sparql) if not t.startswith("#")), "")
    if why == "expected CONSTRUCT" and first.upper() not in _FORMS:
        return "a query begins with SELECT, ASK, CONSTRUCT or DESCRIBE, after its PREFIX and BASE lines"
    return None


def check_query(sparql, namespaces, origin="query", base=None):
    """Parse ``sparql`` with Oxigraph's parser, which evaluates it: ``"SELECT"``, ``"ASK"`` or ``"CONSTRUCT"``
    (DESCRIBE too; ``None`` if it fails on no data), or a :class:`QuerySyntaxError` with line and column."""
    try:
        return _KINDS[type(_query(ox.Store(), sparql, namespaces, origin, base)).__name__]
    except QuerySyntaxError:
        raise
    except QueryError:  # an ASK with an unknown function fails on no data, yet it is valid SPARQL
        return None


def evaluate(native, sparql, kind, namespaces, origin="query", base=None, deadline=None, timeout=None, union=True):
    """The bytes of :func:`answer` on the pyoxigraph store ``native`` through :class:`graph.limits.Capped`."""
    out = Capped(origin, deadline=deadline, timeout=timeout)
    answer(native, sparql, kind, namespaces, out, None, origin, base, union)
    return out.getvalue()


def answer(native, sparql, kind, namespaces, out, fmt=None, origin="query", base=None, union=True):
    """Evaluate ``sparql`` (checked, of ``kind``) on the pyoxigraph store ``native`` and write the answer to
    the binary writer ``out`` in ``fmt``, a name of Oxigraph's formats (``"JSON"``, ``"XML"``, ``"CSV"``,
    ``"TSV"`` for results; ``"TURTLE"``, ``"N_TRIPLES"``, ``"JSON_LD"``... for graphs)."""
    result = _query(native, sparql, namespaces, origin, base, union)
    try:
        with offline():
            if kind in ("SELECT", "ASK", None) and not isinstance(result, ox.QueryTriples):
                result.serialize(out, format=getattr(ox.QueryResultsFormat, fmt or "JSON"))
            else:
                ox.serialize(result, out, format=getattr(ox.RdfFormat, fmt or "N_TRIPLES"))
    except (OSError, ValueError, RuntimeError, TypeError, AttributeError) as e:
        raise QueryError(f"{origin}: the query failed: {one_line(e)}") from e


_RESULT_FORMATS = {"csv": "CSV", "tsv": "TSV", "json": "JSON", "xml": "XML"}
_GRAPH_FORMATS = {"table": "TURTLE", "json": "JSON_LD", "xml": "RDF_XML"}


def write_results(kind, body, fmt, namespaces):
    """``body`` of an answer in ``fmt`` by Oxigraph's serializers, every term as spelled: results
    as csv, tsv, json, xml; graphs as Turtle (``table``), JSON-LD, RDF/XML with ``namespaces`` used."""
    if kind in ("SELECT", "ASK"):
        results = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
        out = results.serialize(format=getattr(ox.QueryResultsFormat, _RESULT_FORMATS[fmt]))
    else:
        text = body.decode("utf-8")
        used = {p: str(n) for p, n in namespaces.items() if p and f"<{n}" in text}
        triples = ox.parse(body, format=ox.RdfFormat.N_TRIPLES)
        out = ox.serialize(triples, format=getattr(ox.RdfFormat, _GRAPH_FORMATS[fmt]), prefixes=used)
    return out.decode("utf-8").rstrip("\n")


def oxigraph_copy(graph):
    """An in-memory pyoxigraph store holding the triples of the rdflib ``graph``."""
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


# ---- on-disk stores

def create_store(folder):
    """A new on-disk store in ``folder`` (new, or an empty folder), as an :class:`Oxigraph` backend."""
    folder = Path(folder)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise StoreError(f"{folder}: exists and is not an empty folder; choose a new one")
    if not folder.parent.is_dir():
        raise StoreError(f"{folder}: cannot create a store: no folder {folder.parent}")
    try:
        backend = Oxigraph(ox.Store(str(folder)))
    except OSError as e:
        raise StoreError(f"{folder}: cannot create a store: {one_line(e)}") from e
    backend.on_disk = True
    return backend


def finish_store(backend, folder, files):
    """Flush a store made by :func:`create_store` to disk and mark it as ours; return its size."""
    backend.flush()
    n = len(backend)
    meta = {"files": [str(Path(f).resolve()) for f in files], "triples": n,
            "prefixes": {p: str(ns) for p, ns in backend.bindings() if p}}
    Path(folder, STORE_META).write_text(json.dumps(meta, indent=2, sort_keys=True), encoding="utf-8")
    return n


def check_store(folder):
    """Raise :class:`StoreError` unless ``folder`` is a store made by ``python -m graph load`` (its mark
    file is there: a load that died leaves none); return the mark file's path."""
    folder = Path(folder)
    meta_path = folder / STORE_META
    if not meta_path.is_file():
        what = "no such folder" if not folder.exists() else "not a store made by 'python -m graph load --out'"
        raise StoreError(f"{folder}: {what}")
    return meta_path


def open_store(folder):
    """Open a store made by ``python -m graph load``, read-only, as an :class:`Oxigraph` backend
    whose graph has the store's prefixes (and the project's) bound."""
    folder = Path(folder)
    meta_path = check_store(folder)
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        backend = Oxigraph(ox.Store.read_only(str(folder)))
        backend.on_disk = True
    except (OSError, ValueError, RuntimeError) as e:
        raise StoreError(f"{folder}: cannot open the store: {one_line(e)}") from e
    prefixes = meta.get("prefixes", {}) if isinstance(meta, dict) else None
    if not isinstance(prefixes, dict) or not all(isinstance(v, str) for v in prefixes.values()):
        raise StoreError(f"{folder}: cannot open the store: its {STORE_META} is damaged")
    backend.bind(prefixes)
    backend.bind(PREFIXES)  # ours win
    return backend
