"""The concept network: an RDF graph as nodes (concepts) and edges (relations).

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

:func:`concept_network` reads the graph in one pass (:func:`graph.engine.scan`, straight from
Oxigraph's store when the graph is backed by it) into a compact :class:`ConceptNetwork` of integer-indexed nodes and
edges, from which :func:`to_networkx` builds NetworkX's graph and :mod:`graph.stats` igraph's.
"""

import json
from array import array
from dataclasses import dataclass, field

from .namespace import Compactor, namespaces_of

__all__ = ["ConceptNetwork", "concept_network", "collect_network", "to_networkx", "save_network", "read_network"]


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
    ``superclasses`` each class's ``rdfs:subClassOf`` (IRIs), and ``namespaces`` the prefixes.
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

    def __len__(self):
        return len(self.keys)

    @property
    def edge_count(self):
        return len(self.sources)


def concept_network(graph, tap=None):
    """Read the concept network of an RDF graph in one pass (:func:`graph.engine.scan`);
    ``tap``, a function of the stream of triples that yields them on, sees them on the way.

    Examples
    --------
    >>> from graph import load
    >>> cn = concept_network(load())
    >>> len(cn), cn.edge_count
    (123, 122)
    >>> i = cn.names.index("kg:China")
    >>> cn.labels[i], cn.classes[i]
    ('China', 'ev:Nation')
    """
    from .engine import scan, triple_count

    triples = scan(graph)
    cn = collect_network(tap(triples) if tap else triples, namespaces_of(graph))
    cn.facts["triples"] = triple_count(graph)  # a remote graph's scan holds only what the network needs
    return cn


def collect_network(triples, namespaces):
    """The concept network of a stream of ``(subject, predicate, object, object_is_literal)``
    strings (:func:`graph.engine.scan` or :func:`graph.engine.stream`), read in one pass into
    integer arrays. ``namespaces`` ({prefix: IRI}, or a function that gives them once the
    triples are read) make the compact names."""
    from ._collect import collect

    return collect(triples, ConceptNetwork(), namespaces if callable(namespaces) else lambda: namespaces)


_SAVED = ("keys", "labels", "classes", "predicates", "predicate_labels", "facts", "superclasses", "namespaces",
          "alt_labels", "statements", "sentences", "modalities", "modality_labels")
_BY_EDGE = ("alt_labels", "statements", "sentences", "modalities")  # {int: ...}, kept as {str: ...} in JSON


def save_network(cn, path):
    """Write ``cn`` to ``path`` (JSON, then the three arrays): :func:`read_network` reads it back."""
    head = {k: getattr(cn, k) for k in _SAVED}
    head["class_iris"] = sorted({str(c) for c in cn.class_iris if c is not None})
    for k in _BY_EDGE:
        head[k] = {str(i): v for i, v in getattr(cn, k).items()}
    head["edges"] = len(cn.sources)
    with open(path, "wb") as f:
        f.write(json.dumps(head, ensure_ascii=False, default=str).encode("utf-8") + b"\n")
        for a in (cn.sources, cn.targets, cn.predicate_ids):
            array("q", a).tofile(f)


def read_network(path):
    """The :class:`ConceptNetwork` that :func:`save_network` wrote to ``path``."""
    from rdflib import URIRef

    from ._collect import Lazy, term

    with open(path, "rb") as f:
        head = json.loads(f.readline())
        arrays = []
        for _ in range(3):
            a = array("q")
            a.fromfile(f, head["edges"])
            arrays.append(array("l", a))
    cn = ConceptNetwork(**{k: head.get(k, {}) for k in _SAVED if k not in _BY_EDGE})
    cn.sources, cn.targets, cn.predicate_ids = arrays
    for k in _BY_EDGE:
        setattr(cn, k, {int(i): v for i, v in head.get(k, {}).items()})
    cn.sentences = {i: [tuple(x) for x in v] for i, v in cn.sentences.items()}
    cn.predicates = [URIRef(p) for p in cn.predicates]
    compact = Compactor(cn.namespaces)
    cn.predicate_names = [compact(p) for p in cn.predicates]
    iris = {compact(URIRef(c)): URIRef(c) for c in head["class_iris"]}
    cn.class_iris = [iris.get(c) for c in cn.classes]
    cn.nodes = Lazy(cn.keys, term)
    cn.names = Lazy(cn.keys, lambda key: compact(term(key)))
    return cn


def to_networkx(graph, network=None):
    """Build the concept network of an RDF graph as NetworkX's ``MultiDiGraph``.

    Parameters
    ----------
    graph : rdflib.Graph
    network : ConceptNetwork, optional
        Its :func:`concept_network`, when already read.

    Returns
    -------
    networkx.MultiDiGraph
        One node per concept, keyed by its IRI (``rdflib.URIRef``), with attributes ``label``
        (``skos:prefLabel``, ``rdfs:label`` or the local name), ``name`` (compact IRI such as
        ``kg:China``) and ``class`` (compact name of its class, ``""`` when untyped). One edge
        per relation triple, keyed by the predicate's compact name, with attributes
        ``predicate`` (the IRI), ``label`` (the predicate's label) and ``sentences`` (the
        supporting sentences, as ``(sentence name, text)`` pairs in text order).

    Examples
    --------
    >>> from graph import load
    >>> from graph.namespace import KG
    >>> net = to_networkx(load())
    >>> net.nodes[KG.China]["label"], net.nodes[KG.China]["class"]
    ('China', 'ev:Nation')
    >>> edge = net.edges[KG.China, KG.ResearchAndDevelopment, "ev:investsIn"]
    >>> edge["label"], edge["sentences"][0][1][:30]
    ('invests in', 'Nations like China, the United')
    """
    import networkx as nx

    cn = network if network is not None else concept_network(graph)
    net = nx.MultiDiGraph()
    for i, node in enumerate(cn.nodes):
        net.add_node(node, label=cn.labels[i], name=cn.names[i], **{"class": cn.classes[i]})
    for j in range(cn.edge_count):
        pi = cn.predicate_ids[j]
        net.add_edge(cn.nodes[cn.sources[j]], cn.nodes[cn.targets[j]], key=cn.predicate_names[pi],
                     predicate=cn.predicates[pi], label=cn.predicate_labels[pi],
                     sentences=list(cn.sentences.get(j, [])))
    return net
