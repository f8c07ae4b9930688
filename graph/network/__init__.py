"""The concept network: an RDF graph as nodes (concepts) and edges (relations), in integer arrays.

Nodes are the concepts: every typed resource that is not vocabulary, and every end of a
relation. Edges are the relations. rdflib's own ``rdflib_to_networkx_multidigraph`` turns every
literal into a node and merges equal literals (two concepts labelled "innovation" would meet in
one node); here literals, vocabulary terms, statements and the text's sentences stay out of
the network and become attributes instead.

The rule works on any RDF graph, with or without our vocabulary: an edge is a triple whose
object is an IRI or blank node, whose predicate is not part of the RDF, RDFS or OWL schema
(``rdf:type``, ``rdfs:subClassOf``, ...) or of the statements' reification
(``rdf:subject``...), and whose two ends are not vocabulary (classes, properties, ontologies,
concept schemes), statements or what annotates them (their modality, their mentions), nor
resources typed in the vocabularies of text and provenance (NIF strings, DoCO's document
parts, PROV's activities, agents and entities).

:func:`graph.network.collect.collect_network` reads a stream of triples into a
:class:`ConceptNetwork` in one pass; a :class:`graph.source.Source` gives the network of any
source (:meth:`graph.source.Source.network`); :mod:`graph.network.analysis` computes its figures
(with NetworkX or igraph) and builds NetworkX's graph; :mod:`graph.network.centrality` its PageRank
and betweenness.
"""

import json
from array import array
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from pathlib import Path

from rdflib import URIRef

from ..errors import StoreError, one_line
from ..evidence.reader import term
from ..namespace import Compactor

__all__ = ["ConceptNetwork", "Lazy", "compact_names", "local_name", "degrees", "save_network", "read_network"]


def local_name(key):
    """The last part of an IRI, after its last ``#`` or ``/`` (the label of a resource that has none).

    Examples
    --------
    >>> local_name("https://example.org/ev-kg/id/China"), local_name("http://x.org/a#b")
    ('China', 'b')
    """
    if key.startswith("<<("):  # an RDF 1.2 triple term: its whole text
        return key
    return key.rsplit("#", 1)[-1].rsplit("/", 1)[-1] or key


class Lazy(Sequence):
    """A read-only list whose item ``i`` is ``make(keys[i])``, computed when asked for."""

    def __init__(self, keys, make):
        self._keys, self._make = keys, make

    def __len__(self):
        return len(self._keys)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self._make(k) for k in self._keys[i]]
        return self._make(self._keys[i])

    def __eq__(self, other):
        return list(self) == list(other)


class _CompactKey:
    """A key's compact name: ``compact(term(key))``."""

    def __init__(self, compact):
        self.compact = compact

    def __call__(self, key):
        return self.compact(term(key))


def compact_names(keys, compact):
    """The compact names of ``keys`` (a :class:`Lazy` list), made by the :class:`~graph.namespace.Compactor`
    ``compact`` when asked for."""
    return Lazy(keys, _CompactKey(compact))


@dataclass
class ConceptNetwork:
    """Concepts and relations, indexed by integers, in a stable order (by IRI).

    Node ``i`` has the key ``keys[i]`` (its IRI, or ``_:`` and a blank node's id), the term
    ``nodes[i]`` (an rdflib ``URIRef`` or ``BNode``) and ``names[i]`` (compact IRI), both made
    when asked for, ``labels[i]`` and ``classes[i]`` (compact name of its class, ``""`` when
    untyped; ``class_iris[i]`` the IRI or ``None``). Edge ``j`` goes from ``sources[j]`` to
    ``targets[j]`` with predicate ``predicates[predicate_ids[j]]``; ``predicate_names`` and
    ``predicate_labels`` run parallel to ``predicates``. ``sentences`` maps an edge to its
    supporting sentences, ``(sentence name, text)`` pairs in text order, and ``statements`` to
    the compact name of the ``rdf:Statement`` that carries them. ``alt_labels`` maps a node to
    its other labels (``skos:altLabel``), sorted, where it has any. ``modalities`` maps an edge
    to the compact name of its statement's ``ev:modality``, and ``modality_labels`` each such
    name to its label. ``facts`` holds what the same pass counted in the whole graph
    (``triples``, ``statements``, ``modalities``: statements per modality, ``sentences``),
    ``superclasses`` each class's ``rdfs:subClassOf`` (IRIs), ``class_labels`` the label of each
    class that has one (by IRI, as :data:`graph.namespace.LABELS` gives it), and ``namespaces`` the
    prefixes. ``documents`` maps an edge to the compact names of the documents (``nif:Context``)
    its sentences stand in; ``unasserted`` holds the edges that only a statement carries (the graph
    does not assert their triple: a denial). ``evidence`` is the
    :class:`graph.evidence.reader.Evidence` read in the same pass (``None`` for a network read back
    from a file: ask its source).
    """

    keys: list = field(default_factory=list)
    nodes: list = field(default_factory=list)
    names: list = field(default_factory=list)
    labels: list = field(default_factory=list)
    classes: list = field(default_factory=list)
    class_iris: list = field(default_factory=list)
    sources: array = field(default_factory=lambda: array("l"))
    targets: array = field(default_factory=lambda: array("l"))
    predicate_ids: array = field(default_factory=lambda: array("l"))
    predicates: list = field(default_factory=list)
    predicate_names: list = field(default_factory=list)
    predicate_labels: list = field(default_factory=list)
    sentences: dict = field(default_factory=dict)
    statements: dict = field(default_factory=dict)
    alt_labels: dict = field(default_factory=dict)
    modalities: dict = field(default_factory=dict)
    modality_labels: dict = field(default_factory=dict)
    facts: dict = field(default_factory=dict)
    superclasses: dict = field(default_factory=dict)
    namespaces: dict = field(default_factory=dict)
    class_labels: dict = field(default_factory=dict)
    documents: dict = field(default_factory=dict)
    unasserted: set = field(default_factory=set)
    evidence: object = None

    def __len__(self):
        return len(self.keys)

    @property
    def edge_count(self):
        return len(self.sources)

    def class_counts(self):
        """``{compact class name: concepts}``, largest first, then by name; an untyped concept counts under
        ``"(no class)"``. What ``stats`` and ``validate`` both report.

        Examples
        --------
        >>> ConceptNetwork(keys=["a", "b", "c"], classes=["ex:B", "", "ex:B"]).class_counts()
        {'ex:B': 2, '(no class)': 1}
        """
        counts = Counter(c or "(no class)" for c in self.classes)
        return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def degrees(cn):
    """The degree of every concept of ``cn``, by index: its in- and out-edges, parallel edges counted.

    Examples
    --------
    >>> cn = ConceptNetwork(keys=["a", "b"], sources=array("l", [0, 0]), targets=array("l", [1, 1]))
    >>> degrees(cn)
    [2, 2]
    """
    found = [0] * len(cn)
    for s, o in zip(cn.sources, cn.targets):
        found[s] += 1
        found[o] += 1
    return found


_SAVED = ("keys", "labels", "classes", "predicates", "predicate_labels", "facts", "superclasses", "namespaces",
          "alt_labels", "statements", "sentences", "modalities", "modality_labels", "class_labels", "documents")
_BY_EDGE = ("alt_labels", "statements", "sentences", "modalities", "documents")  # {int: ...}, {str: ...} in JSON


def save_network(cn, path):
    """Write ``cn`` to ``path`` (JSON, then the three arrays): :func:`read_network` reads it back."""
    head = {k: getattr(cn, k) for k in _SAVED}
    head["class_iris"] = sorted({str(c) for c in cn.class_iris if c is not None})
    for k in _BY_EDGE:
        head[k] = {str(i): v for i, v in getattr(cn, k).items()}
    head["edges"] = len(cn.sources)
    head["unasserted"] = sorted(cn.unasserted)
    with open(path, "wb") as f:
        f.write(json.dumps(head, ensure_ascii=False, default=str).encode("utf-8") + b"\n")
        for a in (cn.sources, cn.targets, cn.predicate_ids):
            array("q", a).tofile(f)


def read_network(path):
    """The :class:`ConceptNetwork` that :func:`save_network` wrote to ``path``; a file that is not
    one (truncated, grown, garbage, indices out of range) raises :class:`~graph.errors.StoreError`."""
    path = Path(path)
    try:
        size = path.stat().st_size
        with open(path, "rb") as f:
            head = json.loads(f.readline())
            edges = head["edges"]
            if not isinstance(head, dict) or not isinstance(edges, int) or edges < 0 or \
                    f.tell() + 3 * 8 * edges != size:
                raise ValueError(f"{size:,} bytes do not hold {edges!r} relations")
            arrays = []
            for _ in range(3):
                a = array("q")
                a.fromfile(f, edges)
                arrays.append(array("l", a))
        cn = _network_of(head, arrays)
    except (OSError, EOFError, ValueError, KeyError, TypeError, AttributeError, OverflowError) as e:
        raise StoreError(f"{path}: the saved concept network is damaged ({one_line(e, 120)}); "
                         "build the store again with 'python -m graph load'") from e
    return cn


class _Maybe:
    def __init__(self, inner):
        self.inner = inner


_STRINGS, _COUNTS = {str: str}, {str: int}
#: What each saved part must be: a type, ``[shape]`` (a list of), ``{str: shape}`` (a mapping of), a
#: dict of named parts (each one that is there must fit), or :class:`_Maybe` (``None`` allowed).
_SHAPES = {
    "keys": [str], "labels": [str], "classes": [str], "predicates": [str], "predicate_labels": [str],
    "facts": {"triples": int, "statements": int, "modalities": _COUNTS, "sentences": {"total": int, "covered": int},
              "documents": int, "corroborated": int, "contradictions": int, "shared_concepts": int,
              "per_document": [{"document": str, "title": _Maybe(str), "sentences": int, "statements": int,
                                "modalities": _COUNTS}]},
    "superclasses": {str: [str]}, "namespaces": _STRINGS, "alt_labels": {str: [str]}, "statements": _STRINGS,
    "sentences": {str: [[str]]}, "modalities": _STRINGS, "modality_labels": _STRINGS, "class_labels": _STRINGS,
    "documents": {str: [str]}, "class_iris": [str], "unasserted": [int], "edges": int,
}


def _fits(value, shape):
    """Whether the JSON ``value`` has the ``shape`` of :data:`_SHAPES` (``True`` and ``False`` are no numbers)."""
    if isinstance(shape, _Maybe):
        return value is None or _fits(value, shape.inner)
    if isinstance(shape, type):
        return isinstance(value, shape) and not (shape is int and isinstance(value, bool))
    if isinstance(shape, list):
        return isinstance(value, list) and all(_fits(v, shape[0]) for v in value)
    if not isinstance(value, dict):
        return False
    if len(shape) == 1 and next(iter(shape)) is str:  # a mapping
        inner = shape[str]
        return all(isinstance(k, str) and _fits(v, inner) for k, v in value.items())
    return all(_fits(value[k], part) for k, part in shape.items() if k in value)


def _network_of(head, arrays):
    bad = [k for k, shape in _SHAPES.items() if k in head and not _fits(head[k], shape)]
    if bad:
        raise ValueError(f"its {', '.join(bad)} {'is' if len(bad) == 1 else 'are'} not what the store writes")
    cn = ConceptNetwork(**{k: head.get(k, {}) for k in _SAVED if k not in _BY_EDGE})
    cn.sources, cn.targets, cn.predicate_ids = arrays
    n, m = len(cn.keys), len(cn.predicates)
    if not (all(isinstance(k, str) for k in cn.keys) and len(cn.labels) == len(cn.classes) == n
            and len(cn.predicate_labels) == m and (not cn.sources or (min(cn.sources) >= 0 and max(cn.sources) < n
            and min(cn.targets) >= 0 and max(cn.targets) < n and min(cn.predicate_ids) >= 0
            and max(cn.predicate_ids) < m))):
        raise ValueError("its parts do not fit together")
    for k in _BY_EDGE:
        setattr(cn, k, {int(i): v for i, v in head.get(k, {}).items()})
    cn.sentences = {i: [tuple(x) for x in v] for i, v in cn.sentences.items()}
    cn.unasserted = {int(j) for j in head.get("unasserted", [])}
    cn.predicates = [URIRef(p) for p in cn.predicates]
    compact = Compactor(cn.namespaces)
    cn.predicate_names = [compact(p) for p in cn.predicates]
    iris = {compact(URIRef(c)): URIRef(c) for c in head["class_iris"]}
    cn.class_iris = [iris.get(c) for c in cn.classes]
    cn.nodes = Lazy(cn.keys, term)
    cn.names = compact_names(cn.keys, compact)
    return cn
