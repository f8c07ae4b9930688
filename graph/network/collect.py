"""One pass over ``(subject, predicate, object, object_is_literal)`` strings into compact arrays.

The rule of :mod:`graph.network`, applied to a stream of triples: from a file being parsed, a
store, an endpoint's answer or rdflib's memory (:meth:`graph.source.Source.triples`). Every
resource gets an integer the first time it is seen; relations are kept as three integer arrays;
labels and types are kept per integer; the provenance model's triples go to an
:class:`~graph.evidence.reader.Evidence` on the way, which then gives each relation its statement,
modality and sentences. Nothing of rdflib is made per concept: the concepts' terms and compact
names are computed when asked for (:class:`~graph.network.Lazy`), so that a million-triple graph
costs what its arrays cost.

:func:`collect_network` runs the steps in turn: :func:`_read` (the pass), :func:`_concepts` (what
is a concept, and its class), :func:`_nodes` (labels, classes), :func:`_edges` (relations, sorted,
each once), :func:`_provenance` (what supports each edge) and :func:`_facts` (counts).
"""

from array import array
from collections import defaultdict
from itertools import count

from rdflib import URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SH, SKOS

from ..evidence.model import symmetric_predicates
from ..evidence.reader import KEPT, TYPES, Evidence, offset, term
from ..namespace import DOCO, EV, LABELS, NIF, Compactor
from . import ConceptNetwork, Lazy, compact_names, local_name

__all__ = ["collect_network"]

_RDF, _RDFS, _OWL, _SKOS = str(RDF), str(RDFS), str(OWL), str(SKOS)
_SHACL, _DOCO, _PROV, _NIF = str(SH), str(DOCO._NS), str(PROV), str(NIF._NS)
_SCHEMA_NAMESPACES = (_RDF, _RDFS, _OWL, _NIF, _SHACL)
_NOT_CONCEPT_TYPES = frozenset([_RDF + "Statement", _RDF + "Property", _RDFS + "Class", _RDFS + "Datatype"] + [
    _OWL + t for t in ("Class", "ObjectProperty", "DatatypeProperty", "AnnotationProperty", "SymmetricProperty",
                       "TransitiveProperty", "FunctionalProperty", "InverseFunctionalProperty", "Ontology")] + [
    _SKOS + t for t in ("ConceptScheme", "Collection", "OrderedCollection")])
#: A resource with a type from these vocabularies (text, document structure, provenance) is no concept.
_NOT_CONCEPT_TYPE_NAMESPACES = (_NIF, _PROV, _DOCO, _SHACL)
_TYPE, _ALT, _SUBCLASS, _DERIVED = str(RDF.type), str(SKOS.altLabel), str(RDFS.subClassOf), str(PROV.wasDerivedFrom)
_STATEMENT, _SENTENCE, _OURS = str(RDF.Statement), str(NIF.Sentence), str(EV._NS)
_SYMMETRIC = str(OWL.SymmetricProperty)
_ANCHOR, _BEGIN, _MODALITY = str(NIF.anchorOf), str(NIF.beginIndex), str(EV.modality)
#: The label rule (:data:`graph.namespace.LABELS`): predicate -> rank, best first.
_LABELS = {str(p): rank for rank, p in enumerate(LABELS)}


class _Pass:
    """What one pass over the triples keeps."""

    def __init__(self):
        self.ids = defaultdict(count().__next__)  # key -> id, given in the order the keys come
        self.seen, self.pred_ids, self.class_ids = set(), {}, {}  # predicates used; predicate, class -> id
        self.src, self.dst, self.pid = array("l"), array("l"), array("l")  # the relations
        self.type_node, self.type_class = array("l"), array("l")  # the rdf:type triples
        self.named, self.alt, self.supers = {}, {}, {}  # id -> [(rank, label)], id -> [labels], class -> [classes]
        self.distinct = set()  # the hashes of the triples: a graph is a set, a file may say a triple twice
        self.evidence = Evidence()

    def label_of(self, key):
        """The label of a key: the best kind of label it has, then the least; else its local name."""
        i = self.ids.get(key)
        values = self.named.get(i) if i is not None else None
        return min(values)[1] if values else local_name(key)


def _read(triples):
    """The pass itself: every triple is looked at once."""
    r = _Pass()
    ids, seen, pred_ids, class_ids = r.ids, r.seen, r.pred_ids, r.class_ids
    src, dst, pid, type_node, type_class = r.src, r.dst, r.pid, r.type_node, r.type_class
    named, alt, supers, remember = r.named, r.alt, r.supers, r.distinct.add
    values, members = r.evidence.values, r.evidence.members
    for s, p, o, lit in triples:
        remember(hash((s, p, o, lit)))
        if p in KEPT:  # the provenance model (Evidence.add, inlined: this loop is the hot path)
            values.setdefault(s, {}).setdefault(p, []).append(o)
        if lit:
            seen.add(p)
            if p in _LABELS:
                named.setdefault(ids[s], []).append((_LABELS[p], o))
            elif p == _ALT:
                alt.setdefault(ids[s], []).append(o)
        elif p == _TYPE:
            type_node.append(ids[s])
            type_class.append(class_ids.setdefault(o, len(class_ids)))
            if o in TYPES:
                members[o].append(s)
        elif p.startswith(_SCHEMA_NAMESPACES):
            seen.add(p)
            if p == _SUBCLASS:
                supers.setdefault(s, []).append(o)
        elif p == _DERIVED:
            seen.add(p)
        else:
            src.append(ids[s])
            dst.append(ids[o])
            pid.append(pred_ids.setdefault(p, len(pred_ids)))
    _statement_edges(r)
    seen.update(pred_ids)
    seen.add(_TYPE)
    return r


def _statement_edges(r):
    """A statement whose triple the graph does not assert (an evaluation, a signal, an aspiration, a
    denial: docs/annotation-guide.md §2, "Plain triples", and §9) is still a relation of the network:
    its edge is added, and marked as not asserted. A symmetric relation's plain triple stated the other
    way round from its statement is the same claim: it makes no second edge."""
    r.unasserted = set()
    statements = r.evidence.statements()
    wanted = sorted((s, p, o) for s, p, o in statements
                    if not p.startswith(_SCHEMA_NAMESPACES) and p not in (_TYPE, _DERIVED))
    if not wanted:
        return
    keys = list(r.ids)
    _drop_symmetric_twins(r, keys, statements)
    pids = {r.pred_ids[p] for _, p, _ in wanted if p in r.pred_ids}
    asserted = {(keys[r.src[j]], r.pid[j], keys[r.dst[j]]) for j in range(len(r.src)) if r.pid[j] in pids}
    for s, p, o in wanted:
        if (s, r.pred_ids.get(p), o) not in asserted:
            r.unasserted.add((s, p, o))
            r.src.append(r.ids[s])
            r.dst.append(r.ids[o])
            r.pid.append(r.pred_ids.setdefault(p, len(r.pred_ids)))


def _drop_symmetric_twins(r, keys, statements):
    """Remove the edges of plain triples ``o p s`` whose predicate is ``owl:SymmetricProperty`` (in the
    graph, or in our vocabulary) and that no statement reifies, when a statement reifies ``s p o``."""
    cid = r.class_ids.get(_SYMMETRIC)
    declared = {keys[n] for n, c in zip(r.type_node, r.type_class) if c == cid} if cid is not None else set()
    symmetric = {r.pred_ids[p] for p in declared | symmetric_predicates() if p in r.pred_ids}
    if not symmetric:
        return
    names = {q: p for p, q in r.pred_ids.items() if q in symmetric}
    keep = [j for j in range(len(r.src)) if r.pid[j] not in symmetric
            or (keys[r.src[j]], names[r.pid[j]], keys[r.dst[j]]) in statements
            or (keys[r.dst[j]], names[r.pid[j]], keys[r.src[j]]) not in statements]
    if len(keep) < len(r.src):
        r.src, r.dst, r.pid = (array("l", (a[j] for j in keep)) for a in (r.src, r.dst, r.pid))


def _concepts(r):
    """``(concept, best)``: a flag per id (is it a concept?) and each typed node's class id (ours
    first, then the least IRI). Predicates, classes, resources of the schema, text and provenance
    types, the project's vocabulary (``ev:``), statements and what annotates them are no concepts;
    a relation's two ends are."""
    ids, keys_count = r.ids, len(r.ids)
    mask = bytearray(keys_count)
    for x in r.seen:
        i = ids.get(x)
        if i is not None:
            mask[i] = 1
    classes = list(r.class_ids)
    not_concept = [c in _NOT_CONCEPT_TYPES or c.startswith(_NOT_CONCEPT_TYPE_NAMESPACES) for c in classes]
    for c in classes:
        i = ids.get(c)
        if i is not None:
            mask[i] = 1
    for key, i in ids.items():  # the project's vocabulary (its modalities, statuses) holds no concept
        if key.startswith(_OURS):
            mask[i] = 1
    statement_cid = r.class_ids.get(_STATEMENT)
    statement_nodes, best = set(), {}
    for node, cid in zip(r.type_node, r.type_class):
        if not_concept[cid]:
            mask[node] = 1
            if cid == statement_cid:
                statement_nodes.add(node)
        old = best.get(node)
        if old is None or (not classes[cid].startswith(_OURS), classes[cid]) < (not classes[old].startswith(_OURS),
                                                                                 classes[old]):
            best[node] = cid
    if statement_nodes:  # what annotates a statement (its modality, its mentions) is no concept
        for s, o in zip(r.src, r.dst):
            if s in statement_nodes:
                mask[o] = 1
    concept = bytearray(keys_count)
    for node in best:
        if not mask[node]:
            concept[node] = 1
    r.kept = [j for j in range(len(r.src)) if not mask[r.src[j]] and not mask[r.dst[j]]]
    for j in r.kept:
        concept[r.src[j]] = concept[r.dst[j]] = 1
    r.statement_count = len(statement_nodes)
    return concept, best


def _nodes(cn, r, concept, best, compact):
    """The concepts, ordered by key: keys, labels, classes, alternative labels; returns their ids in order."""
    keys = list(r.ids)  # id -> key: a dict keeps its insertion order
    order = sorted((i for i in range(len(keys)) if concept[i]), key=keys.__getitem__)
    cn.keys = [keys[i] for i in order]
    cn.labels = [r.label_of(keys[i]) for i in order]
    classes = list(r.class_ids)
    class_terms = [term(c) for c in classes]
    class_names = [compact(t) for t in class_terms]
    cn.classes = [class_names[best[i]] if i in best else "" for i in order]
    cn.class_iris = [class_terms[best[i]] if i in best and not classes[best[i]].startswith("_:") else None
                     for i in order]
    used, todo = set(), [classes[best[i]] for i in order if i in best]
    while todo:  # the concepts' classes and every class above them
        c = todo.pop()
        if c not in used:
            used.add(c)
            todo.extend(r.supers.get(c, ()))
    cn.class_labels = {c: r.label_of(c) for c in sorted(used) if r.ids.get(c) in r.named}
    for k, i in enumerate(order):
        if i in r.alt:
            others = sorted(set(r.alt[i]) - {cn.labels[k]})
            if others:
                cn.alt_labels[k] = others
    cn.nodes = Lazy(cn.keys, term)
    cn.names = compact_names(cn.keys, compact)
    cn.superclasses = {c: sorted(set(v)) for c, v in r.supers.items()}
    return order


def _edges(cn, r, order, compact):
    """The relations, ordered by (source, predicate's compact name, target), each once; returns
    the predicates' IRIs in the order of ``cn.predicates``."""
    position = array("l", [-1]) * len(r.ids)
    for k, i in enumerate(order):
        position[i] = k
    predicates = list(r.pred_ids)
    by_name = sorted(range(len(predicates)), key=lambda q: compact(URIRef(predicates[q])))
    rank = array("l", [0]) * len(predicates)
    for n, q in enumerate(by_name):
        rank[q] = n
        cn.predicates.append(URIRef(predicates[q]))
        cn.predicate_names.append(compact(cn.predicates[-1]))
        cn.predicate_labels.append(r.label_of(predicates[q]))
    n, width = len(order), max(1, len(predicates))
    src, dst, pid = r.src, r.dst, r.pid
    packed = sorted({(position[src[j]] * width + rank[pid[j]]) * n + position[dst[j]] for j in r.kept})
    r.kept = None
    cn.sources = array("l", [x // (width * n) for x in packed])
    cn.predicate_ids = array("l", [x // n % width for x in packed])
    cn.targets = array("l", [x % n for x in packed])
    return [predicates[q] for q in by_name]


def _provenance(cn, r, predicates, compact):
    """Each relation's statement, modality, supporting sentences and their documents, from the
    evidence; the relations only a statement carries (not asserted)."""
    evidence = r.evidence
    statements = evidence.statements()
    if not statements:
        return
    for number in range(len(cn.sources)):
        key = (cn.keys[cn.sources[number]], predicates[cn.predicate_ids[number]], cn.keys[cn.targets[number]])
        if key in r.unasserted:
            cn.unasserted.add(number)
        reifying = statements.get(key, ())
        if reifying:
            cn.statements[number] = compact(term(reifying[0]))
            modality = evidence.one(reifying[0], _MODALITY)
            if modality:
                cn.modalities[number] = compact(term(modality))
        found = {x for st in reifying for x in evidence.derived(st)}
        if found:
            support = sorted((offset(evidence.one(x, _BEGIN), -1), compact(term(x)), evidence.one(x, _ANCHOR, ""))
                             for x in found)
            cn.sentences[number] = [(name, text) for _, name, text in support]
            documents = sorted({evidence.reference(x) for x in found} - {None})
            if documents:
                cn.documents[number] = [compact(term(d)) for d in documents]


def _facts(cn, r, compact):
    """What the pass counted in the whole graph: triples, statements, statements per modality, sentences."""
    evidence = r.evidence
    used = {}
    for st in evidence.typed(_STATEMENT):
        m = evidence.one(st, _MODALITY)
        if m is not None:
            used[m] = used.get(m, 0) + 1
    ranked = sorted(used, key=lambda m: (-used[m], m))
    for m in ranked:
        cn.modality_labels[compact(term(m))] = r.label_of(m)
    # the evidence's labels: the modalities' only (the network keeps every other; a million concepts' twice would cost)
    evidence.labels = {m: (0, r.label_of(m)) for st in evidence.typed(_STATEMENT) for m in evidence.all(st, _MODALITY)}
    sentences = set(evidence.typed(_SENTENCE))
    covered = {x for st in evidence.typed(_STATEMENT) for x in evidence.derived(st) if x in sentences}
    plain = sum(len(v) for k, v in evidence.statements().items() if k not in r.unasserted)
    cn.facts = {"triples": len(r.distinct), "statements": r.statement_count, "plain_statements": plain,
                "modalities": {compact(term(m)): used[m] for m in ranked},
                "sentences": {"total": len(sentences), "covered": len(covered)}, **_corpus(evidence, compact)}


def _corpus(evidence, compact):
    """The documents and what they share: ``documents`` (how many), ``per_document`` (each one's title,
    sentences, statements and statements per modality), ``corroborated`` (claims two or more make),
    ``contradictions`` (pairs of statements that cannot both hold), ``shared_concepts``."""
    per = evidence.per_document()
    return {"documents": len(per),
            "per_document": [{"document": compact(term(d)), "title": row["title"], "sentences": row["sentences"],
                              "statements": row["statements"],
                              "modalities": {compact(term(m)): n for m, n in sorted(row["modalities"].items())}}
                             for d, row in per.items()],
            "corroborated": len(evidence.corroborated()), "contradictions": len(evidence.contradictions()),
            "shared_concepts": len(evidence.shared_concepts())}


def collect_network(triples, namespaces):
    """The :class:`~graph.network.ConceptNetwork` of a stream of ``(subject, predicate, object,
    object_is_literal)`` strings, read in one pass, with the evidence read on the way.

    ``namespaces`` ({prefix: IRI}) make the compact names; they are read once the triples are (a
    parser fills in a file's prefixes as it reads it).

    Examples
    --------
    >>> triples = [("http://x.org/a", "http://x.org/knows", "http://x.org/b", False),
    ...            ("http://x.org/a", "http://www.w3.org/2000/01/rdf-schema#label", "Ann", True)]
    >>> cn = collect_network(triples, {"x": "http://x.org/"})
    >>> cn.labels, cn.names[:], cn.predicate_names, cn.edge_count
    (['Ann', 'b'], ['x:a', 'x:b'], ['x:knows'], 1)
    """
    r = _read(triples)
    cn = ConceptNetwork()
    cn.namespaces = dict(namespaces)
    compact = Compactor(cn.namespaces)
    concept, best = _concepts(r)
    order = _nodes(cn, r, concept, best, compact)
    predicates = _edges(cn, r, order, compact)
    _provenance(cn, r, predicates, compact)
    _facts(cn, r, compact)
    cn.evidence = r.evidence
    return cn
