"""Read the article's model out of a graph: concepts, their class and labels, and relations.

A *concept* is a node typed with a class of our vocabulary (:class:`~graph.namespace.EV`). A
*relation* is a triple whose predicate is declared an ``owl:ObjectProperty`` in the loaded
vocabulary. Each relation carries its provenance in an ``rdf:Statement``
(:mod:`graph.evidence.reader`). A label follows the one rule of :data:`graph.namespace.LABELS`.
"""

import functools

from rdflib import Graph
from rdflib.namespace import OWL, RDF, RDFS

from ..namespace import EV, LABELS
from ..resources import ONTOLOGY

__all__ = ["vocabulary_classes", "relation_predicates", "symmetric_predicates", "concepts", "relations", "label",
           "pillar_of"]

_EV = str(EV._NS)


def vocabulary_classes(graph):
    """The classes of our vocabulary that the graph declares (``owl:Class`` in the ``ev:`` namespace)."""
    return {c for c in graph.subjects(RDF.type, OWL.Class) if str(c).startswith(_EV)}


def relation_predicates(graph):
    """The predicates declared ``owl:ObjectProperty`` in the graph.

    Examples
    --------
    >>> from graph import load
    >>> EV.investsIn in relation_predicates(load())
    True
    """
    return set(graph.subjects(RDF.type, OWL.ObjectProperty))


@functools.cache
def symmetric_predicates():
    """The IRIs (strings) of the predicates our vocabulary (``data/ontology.ttl``) declares
    ``owl:SymmetricProperty``: their plain triples are stated both ways, one statement says the claim
    (docs/annotation-guide.md §1). Read from the vocabulary, so that a graph read without it (a
    document alone) still knows them.

    Examples
    --------
    >>> str(EV.collaboratesWith) in symmetric_predicates()
    True
    """
    vocabulary = Graph().parse(ONTOLOGY, format="turtle")
    return frozenset(str(p) for p in vocabulary.subjects(RDF.type, OWL.SymmetricProperty))


def concepts(graph):
    """Map every concept to its class of our vocabulary (the first, if it has several).

    Examples
    --------
    >>> from graph import load
    >>> from graph.namespace import KG
    >>> concepts(load())[KG.China] == EV.Nation
    True
    """
    found = {}
    for node, cls in graph.subject_objects(RDF.type):
        if str(cls).startswith(_EV) and (node not in found or str(cls) < str(found[node])):
            found[node] = cls
    return found


def relations(graph):
    """The relation triples of the graph, sorted, as ``(subject, predicate, object)`` tuples."""
    predicates = relation_predicates(graph)
    return sorted(t for p in predicates for t in graph.triples((None, p, None)))


def label(graph, node):
    """The best label of a node, by the label rule (:data:`graph.namespace.LABELS`: ``skos:prefLabel``,
    else ``rdfs:label``, else ``schema:name``...; the least value of the first found), else its local name.

    Examples
    --------
    >>> from graph import load
    >>> from graph.namespace import KG
    >>> g = load()
    >>> label(g, KG.UnitedStates), label(g, EV.investsIn)
    ('United States', 'invests in')
    """
    for prop in LABELS:
        values = sorted(graph.objects(node, prop))
        if values:
            return str(values[0])
    text = str(node)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1] or text


def pillar_of(superclasses, cls, pillars):
    """The pillar class that ``cls`` is, or is a subclass of, or ``None``.

    ``superclasses`` is an rdflib graph (its ``rdfs:subClassOf``) or a mapping from a class to
    its superclasses (as :class:`graph.network.ConceptNetwork` keeps them); ``pillars`` holds
    the pillar classes, as the same kind of key.
    """
    if hasattr(superclasses, "objects"):
        graph = superclasses
        superclasses = {}
        up = lambda c: graph.objects(c, RDFS.subClassOf)  # noqa: E731
    else:
        up = lambda c: superclasses.get(c, ())  # noqa: E731
    seen, todo = set(), [cls]
    while todo:
        c = todo.pop()
        if c in pillars:
            return c
        if c not in seen:
            seen.add(c)
            todo.extend(up(c))
    return None
