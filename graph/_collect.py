"""One pass over ``(subject, predicate, object, object_is_literal)`` strings into compact arrays.

The rule of :mod:`graph.network`, applied to a stream of triples: from a file being parsed
(:func:`graph.engine.stream`, no store built), from a store (:func:`graph.engine.scan`) or
from rdflib's memory store. Every resource gets an integer the first time it is seen; relations
are kept as three integer arrays; labels and types are kept per integer. Nothing of rdflib is
made per concept: the concepts' terms and compact names are computed when asked for
(:class:`Lazy`), so that a million-triple graph costs what its arrays cost.
"""

from array import array
from collections import defaultdict
from itertools import count
from collections.abc import Sequence

from rdflib import BNode, URIRef

from .provenance import offset

__all__ = ["collect", "Lazy"]

_RDF, _RDFS, _OWL = ("http://www.w3.org/1999/02/22-rdf-syntax-ns#", "http://www.w3.org/2000/01/rdf-schema#",
                     "http://www.w3.org/2002/07/owl#")
_SKOS, _PROV, _NIF = ("http://www.w3.org/2004/02/skos/core#", "http://www.w3.org/ns/prov#",
                      "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
_SHACL, _DOCO = "http://www.w3.org/ns/shacl#", "http://purl.org/spar/doco/"
_EV = "https://example.org/ev-kg/ontology#"
_SCHEMA_NAMESPACES = (_RDF, _RDFS, _OWL, _NIF, _SHACL)
_NOT_CONCEPT_TYPES = frozenset([_RDF + "Statement", _RDF + "Property", _RDFS + "Class", _RDFS + "Datatype"] + [
    _OWL + t for t in ("Class", "ObjectProperty", "DatatypeProperty", "AnnotationProperty", "SymmetricProperty",
                       "TransitiveProperty", "FunctionalProperty", "InverseFunctionalProperty", "Ontology")] + [
    _SKOS + t for t in ("ConceptScheme", "Collection", "OrderedCollection")])
#: A resource with a type from these vocabularies (text, document structure, provenance) is no concept.
_NOT_CONCEPT_TYPE_NAMESPACES = (_NIF, _PROV, _DOCO, _SHACL)
_TYPE, _ALT = _RDF + "type", _SKOS + "altLabel"
#: Where a concept's label comes from, best first; the local name of its IRI when none is given.
_LABELS = {p: rank for rank, p in enumerate((
    _SKOS + "prefLabel", _RDFS + "label", "http://schema.org/name", "https://schema.org/name",
    "http://xmlns.com/foaf/0.1/name", "http://purl.org/dc/terms/title",
))}
_ANCHOR, _BEGIN, _SENTENCE = _NIF + "anchorOf", _NIF + "beginIndex", _NIF + "Sentence"
_SUBJECT, _PREDICATE, _OBJECT = _RDF + "subject", _RDF + "predicate", _RDF + "object"
_DERIVED, _STATEMENT, _SUBCLASS = _PROV + "wasDerivedFrom", _RDF + "Statement", _RDFS + "subClassOf"
_MODALITY = _EV + "modality"  # how the text holds a statement (docs/annotation-guide.md)


def term(key):
    """The rdflib term of a key: ``_:id`` is a blank node, anything else an IRI."""
    return BNode(key[2:]) if key.startswith("_:") else URIRef(key)


def local_name(key):
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


def collect(triples, network, namespaces):
    """Fill the empty :class:`~graph.network.ConceptNetwork` ``network`` from ``triples`` in one pass.

    ``namespaces()`` gives the prefixes for the compact names once the triples are read (a
    parser knows a file's prefixes when it has read it).
    """
    from .namespace import Compactor

    ids = defaultdict(count().__next__)  # key -> id, given in the order the keys come
    seen, pred_ids = set(), {}
    src, dst, pid = array("l"), array("l"), array("l")
    type_node, type_class, class_ids = array("l"), array("l"), {}
    named, alt = {}, {}
    anchors, begins, reified, derived, supers, modality_of = {}, {}, {}, {}, {}, {}
    distinct = set()  # the hashes of the triples: a graph is a set, a file may say a triple twice
    remember = distinct.add
    for s, p, o, lit in triples:
        remember(hash((s, p, o, lit)))
        if lit:
            seen.add(p)
            if p in _LABELS:
                named.setdefault(ids[s], []).append((_LABELS[p], o))
            elif p == _ALT:
                alt.setdefault(ids[s], []).append(o)
            elif p == _ANCHOR:
                anchors[s] = o
            elif p == _BEGIN:
                begins[s] = o
        elif p == _TYPE:
            type_node.append(ids[s])
            type_class.append(class_ids.setdefault(o, len(class_ids)))
        elif p.startswith(_SCHEMA_NAMESPACES):
            seen.add(p)
            if p in (_SUBJECT, _PREDICATE, _OBJECT):
                reified.setdefault(s, {})[p] = o
            elif p == _SUBCLASS:
                supers.setdefault(s, []).append(o)
        elif p == _DERIVED:
            seen.add(p)
            derived.setdefault(s, []).append(o)
        else:
            src.append(ids[s])
            dst.append(ids[o])
            pid.append(pred_ids.setdefault(p, len(pred_ids)))
            if p == _MODALITY:
                modality_of[s] = o
    network.namespaces = dict(namespaces())
    compact = Compactor(network.namespaces)
    keys = list(ids)  # id -> key: a dict keeps its insertion order
    seen.update(pred_ids)
    seen.add(_TYPE)

    # what is not a concept: predicates, classes, resources of the schema, text and provenance types
    mask = bytearray(len(keys))
    for x in seen:
        i = ids.get(x)
        if i is not None:
            mask[i] = 1
    classes = list(class_ids)
    not_concept = [c in _NOT_CONCEPT_TYPES or c.startswith(_NOT_CONCEPT_TYPE_NAMESPACES) for c in classes]
    for c in classes:
        i = ids.get(c)
        if i is not None:
            mask[i] = 1
    statement_cid, sentence_cid = class_ids.get(_STATEMENT), class_ids.get(_SENTENCE)
    statement_nodes, sentence_nodes = set(), set()
    best = {}  # node -> class id: ours first, then the least IRI
    for node, cid in zip(type_node, type_class):
        if not_concept[cid]:
            mask[node] = 1
            if cid == statement_cid:
                statement_nodes.add(node)
            elif cid == sentence_cid:
                sentence_nodes.add(node)
        old = best.get(node)
        if old is None or (not classes[cid].startswith(_EV), classes[cid]) < (not classes[old].startswith(_EV),
                                                                               classes[old]):
            best[node] = cid
    if statement_nodes:  # what annotates a statement (its modality, its mentions) is no concept
        for s, o in zip(src, dst):
            if s in statement_nodes:
                mask[o] = 1
    concept = bytearray(len(keys))
    for node in best:
        if not mask[node]:
            concept[node] = 1
    kept = [j for j in range(len(src)) if not mask[src[j]] and not mask[dst[j]]]
    for j in kept:
        concept[src[j]] = concept[dst[j]] = 1

    cn = network
    order = sorted((i for i in range(len(keys)) if concept[i]), key=keys.__getitem__)
    position = array("l", [-1]) * len(keys)
    for k, i in enumerate(order):
        position[i] = k
    cn.keys = [keys[i] for i in order]

    def label_of(i, key):
        values = named.get(i)
        return min(values)[1] if values else local_name(key)  # the best kind of label, then the least

    cn.labels = [label_of(i, keys[i]) for i in order]
    class_terms = [term(c) for c in classes]
    class_names = [compact(t) for t in class_terms]
    cn.classes = [class_names[best[i]] if i in best else "" for i in order]
    cn.class_iris = [class_terms[best[i]] if i in best and not classes[best[i]].startswith("_:") else None
                     for i in order]
    for k, i in enumerate(order):
        if i in alt:
            others = sorted(set(alt[i]) - {cn.labels[k]})
            if others:
                cn.alt_labels[k] = others
    cn.nodes = Lazy(cn.keys, term)
    cn.names = Lazy(cn.keys, lambda key: compact(term(key)))

    # relations, ordered by (source, predicate's compact name, target), each once
    predicates = list(pred_ids)
    by_name = sorted(range(len(predicates)), key=lambda q: compact(URIRef(predicates[q])))
    rank = array("l", [0]) * len(predicates)
    for r, q in enumerate(by_name):
        rank[q] = r
        cn.predicates.append(URIRef(predicates[q]))
        cn.predicate_names.append(compact(cn.predicates[-1]))
        i = ids.get(predicates[q])
        cn.predicate_labels.append(label_of(i, predicates[q]) if i is not None else local_name(predicates[q]))
    n, width = len(order), max(1, len(predicates))
    packed = sorted({(position[src[j]] * width + rank[pid[j]]) * n + position[dst[j]] for j in kept})
    del kept
    cn.sources = array("l", [x // (width * n) for x in packed])
    cn.predicate_ids = array("l", [x // n % width for x in packed])
    cn.targets = array("l", [x % n for x in packed])
    del packed

    statements = {}
    for st, parts in reified.items():
        if len(parts) == 3:
            statements.setdefault((parts[_SUBJECT], parts[_PREDICATE], parts[_OBJECT]), []).append(st)
    if statements:
        for number in range(len(cn.sources)):
            key = (cn.keys[cn.sources[number]], predicates[by_name[cn.predicate_ids[number]]],
                   cn.keys[cn.targets[number]])
            reifying = statements.get(key, ())
            if reifying:
                cn.statements[number] = compact(term(min(reifying)))
                if min(reifying) in modality_of:
                    cn.modalities[number] = compact(term(modality_of[min(reifying)]))
            found = {x for st in reifying for x in derived.get(st, ())}
            if found:
                support = sorted((offset(begins.get(x), -1), compact(term(x)), anchors.get(x, "")) for x in found)
                cn.sentences[number] = [(name, text) for _, name, text in support]

    sentence_keys = {keys[i] for i in sentence_nodes}
    covered = {o for values in derived.values() for o in values if o in sentence_keys}
    used = {}
    for m in modality_of.values():
        used[m] = used.get(m, 0) + 1
    for m in sorted(used, key=lambda m: (-used[m], m)):
        name = compact(term(m))
        cn.modality_labels[name] = label_of(ids[m], m) if m in ids else local_name(m)
    cn.facts = {"triples": len(distinct), "statements": len(statement_nodes),
                "modalities": {compact(term(m)): used[m] for m in sorted(used, key=lambda m: (-used[m], m))},
                "sentences": {"total": len(sentence_keys), "covered": len(covered)}}
    cn.superclasses = {c: sorted(set(v)) for c, v in supers.items()}
    return cn

