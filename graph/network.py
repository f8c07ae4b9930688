"""The concept network: an RDF graph as a NetworkX MultiDiGraph.

Nodes are the concepts (every typed resource that is not vocabulary, and every end of a
relation), edges the relations between them. rdflib's own
``rdflib_to_networkx_multidigraph`` turns every literal into a node and merges equal literals
(two concepts labelled "innovation" would meet in one node); here literals, vocabulary terms,
statements and the text's sentences stay out of the network and become attributes instead.

The rule works on any RDF graph, with or without our vocabulary: an edge is a triple whose
object is an IRI or blank node, whose predicate is not part of the RDF, RDFS or OWL schema
(``rdf:type``, ``rdfs:subClassOf``, ...) or of the statements' reification
(``rdf:subject``...), and whose two ends are not classes, properties, ontologies, statements
or NIF strings.
"""

from rdflib import BNode, Literal, URIRef  # noqa: F401 (Literal: doctest)
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS

from .namespace import NIF, PREFIXES, compact

__all__ = ["to_networkx", "is_relation"]

_SCHEMA_NAMESPACES = (str(RDF._NS), str(RDFS._NS), str(OWL._NS), str(NIF._NS), "http://www.w3.org/ns/shacl#")
_NOT_CONCEPT_TYPES = {
    RDF.Statement,
    RDF.Property,
    RDFS.Class,
    RDFS.Datatype,
    OWL.Class,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
    OWL.SymmetricProperty,
    OWL.TransitiveProperty,
    OWL.FunctionalProperty,
    OWL.InverseFunctionalProperty,
    OWL.Ontology,
    NIF.Context,
    NIF.Section,
    NIF.Sentence,
}


def _excluded_nodes(graph):
    excluded = set()
    for cls in _NOT_CONCEPT_TYPES:
        excluded.update(graph.subjects(RDF.type, cls))
    # whatever is used as a class or a predicate is vocabulary, not a concept
    excluded.update(graph.objects(None, RDF.type))
    excluded.update(graph.predicates())
    return excluded


def is_relation(triple, excluded=frozenset()):
    """True when ``(s, p, o)`` is an edge of the concept network (see the module docstring).

    Examples
    --------
    >>> from graph.namespace import EV, KG
    >>> is_relation((KG.China, EV.investsIn, KG.ResearchAndDevelopment))
    True
    >>> is_relation((KG.China, RDF.type, EV.Nation)), is_relation((KG.China, SKOS.prefLabel, Literal("China")))
    (False, False)
    """
    s, p, o = triple
    if not isinstance(o, (URIRef, BNode)) or str(p).startswith(_SCHEMA_NAMESPACES):
        return False
    return s not in excluded and o not in excluded


def to_networkx(graph):
    """Build the concept network of an RDF graph.

    Parameters
    ----------
    graph : rdflib.Graph

    Returns
    -------
    networkx.MultiDiGraph
        One node per concept, keyed by its IRI (``rdflib.URIRef``), with attributes ``label``
        (``skos:prefLabel``, ``rdfs:label`` or the local name), ``name`` (compact IRI such as
        ``kg:China``) and ``class`` (compact name of its class, ``""`` when untyped). One edge
        per relation triple, keyed by the predicate's compact name, with attributes
        ``predicate`` (the IRI), ``label`` (the predicate's label) and ``sentences`` (the
        supporting sentences, as ``(sentence IRI, text)`` pairs in text order).

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

    from .model import concepts, label
    from .provenance import sentences, statements

    namespaces = dict(PREFIXES)
    namespaces.update({p: n for p, n in graph.namespaces() if p})
    excluded = _excluded_nodes(graph)
    classes = concepts(graph)
    texts = {s.iri: s for s in sentences(graph)}
    reified = statements(graph)

    net = nx.MultiDiGraph()
    labels = {}

    def add_node(node):
        if node not in net:
            cls = classes.get(node) or next(iter(sorted(graph.objects(node, RDF.type))), None)
            net.add_node(node, label=label(graph, node), name=compact(node, namespaces),
                         **{"class": compact(cls, namespaces) if cls is not None else ""})

    for node in sorted(set(graph.subjects(RDF.type, None)) - excluded):  # typed: a node even without relations
        add_node(node)
    for s, p, o in sorted(graph):
        if not is_relation((s, p, o), excluded):
            continue
        add_node(s)
        add_node(o)
        if p not in labels:
            labels[p] = label(graph, p)
        found = set()
        for st in reified.get((s, p, o), []):
            found.update(graph.objects(st, PROV.wasDerivedFrom))
        support = sorted((texts[x] for x in found if x in texts), key=lambda x: x.begin)
        net.add_edge(s, o, key=compact(p, namespaces), predicate=p, label=labels[p],
                     sentences=[(compact(x.iri, namespaces), x.text) for x in support])
    return net
