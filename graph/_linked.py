"""The exports that stay RDF: JSON-LD, W3C Web Annotations and RDF 1.2 Turtle.

- ``jsonld``: every triple of the graph, compacted with the project's prefixes (one node object
  per subject, sorted); a JSON-LD processor expands it back to the same graph.
- ``web-annotation``: an ``AnnotationCollection`` with one ``Annotation`` per ``rdf:Statement``,
  its target each supporting sentence of the article (``TextQuoteSelector`` with exact, prefix
  and suffix; ``TextPositionSelector`` with the code point offsets), its body the statement
  (subject, predicate, object, label, modality and mentions).
- ``turtle12``: every triple of the graph in Turtle, then each statement again as an RDF 1.2
  reifier of its triple term, ``<< s p o ~ statement >>``.
"""

import json
import re

from rdflib import BNode, Literal
from rdflib.namespace import XSD

__all__ = ["WRITERS", "ANNOTATION_CONTEXT"]

#: The W3C Web Annotation JSON-LD context.
ANNOTATION_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
_PN_LOCAL = re.compile(r"[A-Za-z0-9_]([A-Za-z0-9_.\-]*[A-Za-z0-9_\-])?\Z")
_AROUND = 32  # characters of prefix and suffix around a quote


def _prefixes(graph):
    from .namespace import namespaces_of

    found = namespaces_of(graph, ours_first=True)
    # the longest namespace first: kg: before a shorter prefix of the same IRI
    return sorted(((p, str(ns)) for p, ns in found.items() if p), key=lambda x: (-len(x[1]), x[0]))


class _Names:
    """Compact names for IRIs, blank node labels stable for the same graph."""

    def __init__(self, prefixes):
        self.prefixes, self.used, self.blank = prefixes, {}, {}

    def iri(self, iri, turtle=False):
        for prefix, ns in self.prefixes:
            if iri.startswith(ns) and len(iri) > len(ns):
                local = iri[len(ns):]
                if (not turtle and not local.startswith("//")) or (turtle and _PN_LOCAL.match(local)):
                    self.used[prefix] = ns
                    return f"{prefix}:{local}"
        return f"<{iri}>" if turtle else iri

    def node(self, term, turtle=False):
        if isinstance(term, BNode):
            return self.blank.setdefault(term, f"_:b{len(self.blank)}")
        return self.iri(str(term), turtle)


def _sorted_triples(graph):
    """The graph's triples sorted by their text, blank nodes after being numbered in that order."""
    def key(t):
        return tuple("" if isinstance(x, BNode) else (x.n3() if isinstance(x, Literal) else str(x)) for x in t)

    return sorted(graph, key=key)


def _jsonld(graph, network, evidence):
    names = _Names(_prefixes(graph))
    nodes = {}
    for s, p, o in _sorted_triples(graph):
        node = nodes.setdefault(names.node(s), {})
        if str(p) == "http://www.w3.org/1999/02/22-rdf-syntax-ns#type" and not isinstance(o, Literal):
            node.setdefault("@type", []).append(names.node(o))
            continue
        if isinstance(o, Literal):
            if o.language:
                value = {"@value": str(o), "@language": o.language}
            elif o.datatype is None or o.datatype == XSD.string:
                value = str(o)
            else:
                value = {"@value": str(o), "@type": names.iri(str(o.datatype))}
        else:
            value = {"@id": names.node(o)}
        node.setdefault(names.iri(str(p)), []).append(value)
    items = []
    for subject in sorted(nodes):
        node = {"@id": subject}
        for k, v in sorted(nodes[subject].items(), key=lambda kv: (kv[0] != "@type", kv[0])):
            node[k] = v[0] if len(v) == 1 else v
        items.append(node)
    doc = {"@context": dict(sorted(names.used.items())), "@graph": items}
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


def _literal(value):
    text = str(value)
    for a, b in (("\\", "\\\\"), ('"', '\\"'), ("\n", "\\n"), ("\r", "\\r"), ("\t", "\\t")):
        text = text.replace(a, b)
    return f'"{text}"'


def _turtle_term(term, names):
    if isinstance(term, Literal):
        if term.language:
            return f"{_literal(term)}@{term.language}"
        if term.datatype is None or term.datatype == XSD.string:
            return _literal(term)
        return f"{_literal(term)}^^{names.iri(str(term.datatype), turtle=True)}"
    return names.node(term, turtle=True)


def _turtle12(graph, network, evidence):
    names = _Names(_prefixes(graph))
    body = [" ".join(_turtle_term(x, names) for x in t) + " ." for t in _sorted_triples(graph)]
    reifiers = []
    for (s, p, o), statements in sorted(evidence.statements().items()):
        terms = " ".join(_key_term(x, names) for x in (s, p, o))
        reifiers += [f"<< {terms} ~ {_key_term(st, names)} >> ." for st in statements]
    head = [f"@prefix {p}: <{ns}> ." for p, ns in sorted(names.used.items())]
    note = ["", "# Each rdf:Statement above is also the RDF 1.2 reifier of its triple term:",
            "# <<( s p o )>> rdf:reifies by the statement (the same IRI, so its evidence applies to both).", ""]
    return "\n".join(["# RDF 1.2 Turtle (python -m graph export --format turtle12)", *head, "", *body,
                      *(note + reifiers if reifiers else [])]) + "\n"


def _key_term(key, names):
    """A term from the evidence's strings (IRIs, or ``_:`` and an id) as Turtle."""
    if key.startswith("_:"):
        return names.node(BNode(key[2:]), turtle=True)
    return names.iri(key, turtle=True)


def _annotations(graph, network, evidence):
    from .namespace import PREFIXES

    labels = dict(zip(network.keys, network.labels))
    predicate_labels = {str(p): label for p, label in zip(network.predicates, network.predicate_labels)}
    document, text = evidence.document()
    items = []
    for (s, p, o), statements in sorted(evidence.statements().items()):
        for number, st in enumerate(statements):
            items.append(_annotation(evidence, st, (s, p, o), labels, predicate_labels, document, text, len(items)))
    ours = {k: str(v) for k, v in PREFIXES.items() if k in ("ev", "kg", "art", "claim", "nif", "prov", "dcterms")}
    ours["itsrdf"] = "http://www.w3.org/2005/11/its/rdf#"
    base = document or "urn:ev-kg:annotations"
    doc = {"@context": [ANNOTATION_CONTEXT, dict(sorted(ours.items()))],
           "id": f"{base}#annotations", "type": "AnnotationCollection",
           "label": "The statements of the graph, each anchored in the text that says it", "total": len(items),
           "first": {"id": f"{base}#annotations-page-1", "type": "AnnotationPage", "startIndex": 0, "items": items}}
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


def _iri_or_blank(key, fallback):
    return key if not key.startswith("_:") else fallback


def _annotation(evidence, st, triple, labels, predicate_labels, document, text, index):
    s, p, o = triple
    anchor = f"urn:ev-kg:annotation:{index}"
    ident = _iri_or_blank(st, anchor)
    ident = ident + ("-annotation" if "#" in ident else "#annotation") if ident != anchor else anchor
    said = " ".join(x for x in (labels.get(s, ""), predicate_labels.get(p, ""), labels.get(o, "")) if x)
    body = {"id": _iri_or_blank(st, anchor + "-statement"), "type": "rdf:Statement",
            "rdf:subject": {"id": s}, "rdf:predicate": {"id": p}, "rdf:object": {"id": o}}
    if said:
        body["label"] = said
    modality = evidence.one(st, "https://example.org/ev-kg/ontology#modality")
    if modality:
        body["ev:modality"] = {"id": modality, "skos:prefLabel": evidence.one(
            modality, "http://www.w3.org/2004/02/skos/core#prefLabel", "")}
    for role in ("subject", "object", "relation"):
        phrase = evidence.one(st, f"https://example.org/ev-kg/ontology#{role}Mention")
        if phrase:
            words, begin, end, concept = evidence.mention(st, role)
            mention = {"id": _iri_or_blank(phrase, f"{anchor}-{role}"), "nif:anchorOf": words}
            if begin is not None and end is not None:
                mention.update({"nif:beginIndex": begin, "nif:endIndex": end})
            if concept:
                mention["itsrdf:taIdentRef"] = {"id": concept}
            body[f"ev:{role}Mention"] = mention
    targets = []
    for sentence, quote, begin, end, _section in evidence.sentences_of(st):
        selectors = [{"type": "TextQuoteSelector", "exact": quote}]
        if text is not None and begin is not None and end is not None and text[begin:end] == quote:
            selectors[0]["prefix"] = text[max(0, begin - _AROUND):begin]
            selectors[0]["suffix"] = text[end:end + _AROUND]
        if begin is not None and end is not None:
            selectors.append({"type": "TextPositionSelector", "start": begin, "end": end})
        target = {"type": "SpecificResource", "source": document or sentence, "selector": selectors}
        if document and not sentence.startswith("_:"):
            target["id"] = sentence
        targets.append(target)
    return {"id": ident, "type": "Annotation", "motivation": "describing", "body": body,
            "target": targets if len(targets) != 1 else targets[0] if targets else s}


WRITERS = {"jsonld": _jsonld, "turtle12": _turtle12, "web-annotation": _annotations}
