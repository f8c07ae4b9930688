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

from array import array
from dataclasses import dataclass, field

from rdflib import BNode, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS

from .namespace import EV, NIF, Compactor, namespaces_of

__all__ = ["ConceptNetwork", "concept_network", "to_networkx"]

_SCHEMA_NAMESPACES = (str(RDF._NS), str(RDFS._NS), str(OWL._NS), str(NIF._NS), "http://www.w3.org/ns/shacl#")
_NOT_CONCEPT_TYPES = frozenset(str(t) for t in (
    RDF.Statement, RDF.Property, RDFS.Class, RDFS.Datatype, OWL.Class, OWL.ObjectProperty,
    OWL.DatatypeProperty, OWL.AnnotationProperty, OWL.SymmetricProperty, OWL.TransitiveProperty,
    OWL.FunctionalProperty, OWL.InverseFunctionalProperty, OWL.Ontology, SKOS.ConceptScheme, SKOS.Collection,
    SKOS.OrderedCollection,
))
#: A resource with a type from these vocabularies (text, document structure, provenance) is no concept.
_NOT_CONCEPT_TYPE_NAMESPACES = (str(NIF._NS), str(PROV._NS), "http://purl.org/spar/doco/",
                                "http://www.w3.org/ns/shacl#")
_TYPE, _ALT = str(RDF.type), str(SKOS.altLabel)
#: Where a concept's label comes from, best first; the local name of its IRI when none is given.
_LABELS = {str(p): rank for rank, p in enumerate((
    SKOS.prefLabel, RDFS.label, "http://schema.org/name", "https://schema.org/name", FOAF.name, DCTERMS.title,
))}
_ANCHOR, _BEGIN = str(NIF.anchorOf), str(NIF.beginIndex)
_SUBJECT, _PREDICATE, _OBJECT = str(RDF.subject), str(RDF.predicate), str(RDF.object)
_DERIVED, _STATEMENT = str(PROV.wasDerivedFrom), str(RDF.Statement)
_EV = str(EV._NS)


@dataclass
class ConceptNetwork:
    """Concepts and relations, indexed by integers, in a stable order (by IRI).

    Node ``i`` is ``nodes[i]`` (an rdflib ``URIRef`` or ``BNode``) with ``names[i]`` (compact
    IRI), ``labels[i]`` and ``classes[i]`` (compact name of its class, ``""`` when untyped;
    ``class_iris[i]`` the IRI or ``None``). Edge ``j`` goes from ``sources[j]`` to
    ``targets[j]`` with predicate ``predicates[predicate_ids[j]]``; ``predicate_names`` and
    ``predicate_labels`` run parallel to ``predicates``. ``sentences`` maps an edge to its
    supporting sentences, ``(sentence name, text)`` pairs in text order, and ``statements`` to
    the compact name of the ``rdf:Statement`` that carries them. ``alt_labels`` maps a node to
    its other labels (``skos:altLabel``), sorted, where it has any.
    """

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

    def __len__(self):
        return len(self.nodes)

    @property
    def edge_count(self):
        return len(self.sources)


def concept_network(graph):
    """Read the concept network of an RDF graph in one pass.

    Examples
    --------
    >>> from graph import load
    >>> cn = concept_network(load())
    >>> len(cn), cn.edge_count
    (102, 109)
    >>> i = cn.names.index("kg:China")
    >>> cn.labels[i], cn.classes[i]
    ('China', 'ev:Nation')
    """
    from .engine import scan

    types, named, alt = {}, {}, {}
    anchors, begins, reified, derived = {}, {}, {}, {}
    predicates_seen = set()
    candidates = []
    for s, p, o, lit in scan(graph):
        predicates_seen.add(p)
        if p == _TYPE:
            types.setdefault(s, []).append(o)
        elif lit:
            if p in _LABELS:
                named.setdefault(s, []).append((_LABELS[p], o))
            elif p == _ALT:
                alt.setdefault(s, []).append(o)
            elif p == _ANCHOR:
                anchors[s] = o
            elif p == _BEGIN:
                begins[s] = o
        elif p in (_SUBJECT, _PREDICATE, _OBJECT):
            reified.setdefault(s, {})[p] = o
        elif p == _DERIVED:
            derived.setdefault(s, []).append(o)
        elif not p.startswith(_SCHEMA_NAMESPACES):
            candidates.append((s, p, o))

    excluded = set(predicates_seen)
    statement_nodes = set()
    for node, classes in types.items():
        excluded.update(classes)
        if not _NOT_CONCEPT_TYPES.isdisjoint(classes) or any(c.startswith(_NOT_CONCEPT_TYPE_NAMESPACES) for c in classes):
            excluded.add(node)
            if _STATEMENT in classes:
                statement_nodes.add(node)
    excluded.update(o for s, _, o in candidates if s in statement_nodes)  # what annotates a statement
    edges = [(s, p, o) for s, p, o in candidates if s not in excluded and o not in excluded]
    del candidates
    keys = {s for s in types if s not in excluded}
    keys.update(s for s, _, _ in edges)
    keys.update(o for _, _, o in edges)

    namespaces = namespaces_of(graph)
    compact = Compactor(namespaces)
    term = lambda key: BNode(key[2:]) if key.startswith("_:") else URIRef(key)  # noqa: E731

    def label_of(key):
        values = named.get(key)
        if values:
            return min(values)[1]  # the best kind of label, then the first in order
        return key.rsplit("#", 1)[-1].rsplit("/", 1)[-1] or key

    class_names = {c: compact(term(c)) for c in {c for cs in types.values() for c in cs}}
    cn = ConceptNetwork()
    index = {}
    for key in sorted(keys):
        index[key] = len(cn.nodes)
        node = term(key)
        cn.nodes.append(node)
        cn.names.append(compact(node))
        cn.labels.append(label_of(key))
        if key in alt:
            others = sorted(set(alt[key]) - {cn.labels[-1]})
            if others:
                cn.alt_labels[index[key]] = others
        classes = types.get(key, ())
        ours = [c for c in classes if c.startswith(_EV)]
        cls = min(ours or classes, default=None)
        cn.class_iris.append(URIRef(cls) if cls is not None and not cls.startswith("_:") else None)
        cn.classes.append(class_names[cls] if cls is not None else "")

    statements = {}
    for st, parts in reified.items():
        if len(parts) == 3:
            statements.setdefault((parts[_SUBJECT], parts[_PREDICATE], parts[_OBJECT]), []).append(st)
    predicate_index = {}
    rows = []
    for s, p, o in edges:
        if p not in predicate_index:
            predicate_index[p] = len(cn.predicates)
            cn.predicates.append(URIRef(p))
            cn.predicate_names.append(compact(URIRef(p)))
            cn.predicate_labels.append(label_of(p))
        rows.append((index[s], cn.predicate_names[predicate_index[p]], index[o], predicate_index[p], s, p, o))
    del edges
    rows.sort(key=lambda r: (r[0], r[1], r[2]))
    for number, (si, _, oi, pi, s, p, o) in enumerate(rows):
        cn.sources.append(si)
        cn.targets.append(oi)
        cn.predicate_ids.append(pi)
        reifying = statements.get((s, p, o), ())
        if reifying:
            cn.statements[number] = compact(term(min(reifying)))
        found = {x for st in reifying for x in derived.get(st, ())}
        if found:
            support = sorted((int(begins.get(x, -1)), compact(term(x)), anchors.get(x, "")) for x in found)
            cn.sentences[number] = [(name, text) for _, name, text in support]
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
        (``skos:prefLabel``, ``rdfs:label``, ``schema:name``, ``foaf:name``, ``dcterms:title``,
        the first found, or the local name), ``name`` (compact IRI such as
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
