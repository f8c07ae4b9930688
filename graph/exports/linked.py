"""The exports that stay RDF: JSON-LD, W3C Web Annotations and RDF 1.2 Turtle.

- ``jsonld``: every triple of the graph, compacted with the project's prefixes (one node object
  per subject, sorted); a JSON-LD processor expands it back to the same graph.
- ``web-annotation``: an ``AnnotationCollection`` with one ``Annotation`` per ``rdf:Statement``,
  its target each supporting sentence of the article (``TextQuoteSelector`` with exact, prefix
  and suffix; ``TextPositionSelector`` with the code point offsets), its body the statement
  (subject, predicate, object, label, modality and mentions).
- ``turtle12``: every triple of the graph in Turtle, then each statement again as an RDF 1.2
  reifier of its triple term, ``<< s p o ~ statement >>``.
- ``nquads`` and ``trig``: the dataset, each named graph (a document) kept: sorted N-Quads lines,
  or TriG with the project's prefixes, the default graph first and then each named graph.
"""

import hashlib
import json
import re

from rdflib.namespace import RDF, XSD

from ..errors import DataError
from ..evidence.reader import MENTION_ROLES
from ..namespace import ITSRDF, PREFIXES

__all__ = ["jsonld", "turtle12", "nquads", "trig", "annotations", "ANNOTATION_CONTEXT"]

#: The W3C Web Annotation JSON-LD context.
ANNOTATION_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
_PN_LOCAL = re.compile(r"[A-Za-z0-9_]([A-Za-z0-9_.\-]*[A-Za-z0-9_\-])?\Z")
_AROUND = 32  # characters of prefix and suffix around a quote


def _prefixes(source):
    found = source.namespaces(ours_first=True)
    # the longest namespace first: kg: before a shorter prefix of the same IRI
    return sorted(((p, str(ns)) for p, ns in found.items() if p), key=lambda x: (-len(x[1]), x[0]))


class _Names:
    """Compact names for IRIs (JSON-LD's, or Turtle's when the local part allows)."""

    def __init__(self, prefixes):
        self.prefixes, self.used, self.cache = prefixes, {}, ({}, {})

    def iri(self, iri, turtle=False):
        cache = self.cache[turtle]
        found = cache.get(iri)
        if found is None:
            found = cache[iri] = self._compact(iri, turtle)
        return found

    def _compact(self, iri, turtle):
        for prefix, ns in self.prefixes:
            if iri.startswith(ns) and len(iri) > len(ns):
                local = iri[len(ns):]
                if (not turtle and not local.startswith("//")) or (turtle and _PN_LOCAL.match(local)):
                    self.used[prefix] = ns
                    return f"{prefix}:{local}"
        return f"<{iri}>" if turtle else iri


_LINE = re.compile(r"(<[^>]*>|_:\S+) <([^>]*)> (.*) \.\s*\Z")
_BLANK = re.compile(r"_:[^\s\"<>]+")
_ESCAPE = re.compile(r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)")
_CHARS = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def _lines(source):
    """The source's triples as N-Triples lines (:meth:`graph.source.Source.serialize`), sorted; blank
    nodes renamed ``_:b0``, ``_:b1`` ... in an order that depends on the graph only
    (:func:`_blank_order`), so the same graph gives the same lines whatever ids a parser gave."""
    lines = [x for x in source.serialize("nt").decode("utf-8").split("\n") if x.strip() and not x.startswith("#")]
    if not any("_:" in x for x in lines):
        return sorted(lines)
    order = _blank_order([_parts(x) for x in lines])
    names = {b: f"_:b{n}" for n, b in enumerate(order)}
    return sorted(_BLANK.sub(lambda m: names[m.group(0)], x) for x in lines)


def _blank_order(triples):
    """Blank nodes ordered by their surroundings: each starts with one colour, then takes the
    sorted colours of its triples (the triple's text, each other blank node written as its colour
    and itself as ``*``: a blank node inside a triple term counts as any other) until the colours
    stop splitting (colour refinement). Blank nodes that keep one colour are alike as far as the
    graph can tell; among them the order cannot change the text."""
    having = [(t, sorted(set(_BLANK.findall(" ".join(t))))) for t in triples]
    having = [(t, found) for t, found in having if found]
    blank = {b for _, found in having for b in found}
    colour = dict.fromkeys(blank, "")
    for _ in range(len(blank) + 1):
        seen = {b: [] for b in blank}
        for t, found in having:
            for b in found:
                seen[b].append(tuple(_BLANK.sub(lambda m, b=b: "*" if m.group(0) == b else "_:" + colour[m.group(0)],
                                                x) for x in t))
        new = {b: hashlib.sha256(repr(sorted(v)).encode("utf-8")).hexdigest() for b, v in seen.items()}
        if len(set(new.values())) == len(set(colour.values())):
            break
        colour = new
    return sorted(blank, key=lambda b: colour[b])


_TERM = r'<<\(.*\)>>|<[^>]*>|_:[^\s"<>]+|"(?:[^"\\]|\\.)*"(?:@[A-Za-z0-9-]+|\^\^<[^>]*>)?'
_QUAD = re.compile(rf"({_TERM}) <([^>]*)> ({_TERM})(?: (<[^>]*>|_:[^\s\"<>]+))? \.\s*\Z")


def _quads(source, owners=None):
    """The source's quads ``(subject, predicate IRI, object, graph or "")``, terms as N-Quads writes
    them, sorted by graph and then by line; blank nodes renamed as :func:`_lines` does. A source of
    triples only (files of Turtle) is cut into graphs by ``owners`` (``{IRI: document IRI}``,
    :meth:`graph.evidence.reader.Evidence.owners`): each triple goes to its subject's document."""
    lines = [x for x in source.serialize("nquads").decode("utf-8").split("\n") if x.strip() and not x.startswith("#")]
    quads = []
    for line in lines:
        m = _QUAD.match(line)
        if m is None:
            raise ValueError(f"not an N-Quads line: {line[:80]!r}")
        quads.append((m.group(1), m.group(2), m.group(3), m.group(4) or ""))
    if owners and not any(q[3] for q in quads):
        graphs = {f"<{k}>": f"<{d}>" for k, d in owners.items()}
        quads = [(s, p, o, graphs.get(s, "")) for s, p, o, _ in quads]
    if any("_:" in x for x in lines):
        # a blank graph name is tied to the triples it holds, so its colour follows theirs
        order = _blank_order([(s, p, o) for s, p, o, _ in quads] + [(g, "graph", s) for s, _, _, g in quads
                                                                      if g.startswith("_:")])
        names = {b: f"_:b{n}" for n, b in enumerate(order)}
        rename = lambda t: _BLANK.sub(lambda m: names[m.group(0)], t) if "_:" in t else t  # noqa: E731
        quads = [tuple(rename(t) for t in q) for q in quads]
    return sorted(set(quads), key=lambda q: (q[3] != "", q[3], q[0], q[1], q[2]))


def nquads(source, owners=None):
    """Every quad of ``source`` as N-Quads: sorted by graph (the default graph first), then by triple
    (``owners``: as :func:`_quads`)."""
    return "".join(f"{s} <{p}> {o}{' ' + g if g else ''} .\n" for s, p, o, g in _quads(source, owners))


def trig(source, owners=None):
    """Every quad of ``source`` as TriG: the project's prefixes, the default graph's triples, then
    each named graph in a block ``<graph> { ... }`` (``owners``: as :func:`_quads`)."""
    names = _Names(_prefixes(source))
    body, current = [], ""
    for s, p, o, g in _quads(source, owners):
        if g != current:
            body += (["}"] if current else []) + ["", f"{_turtle_term(g, names)} {{"]
            current = g
        indent = "    " if g else ""
        body.append(f"{indent}{_turtle_term(s, names)} {names.iri(p, turtle=True)} {_turtle_term(o, names)} .")
    if current:
        body.append("}")
    head = [f"@prefix {p}: <{ns}> ." for p, ns in sorted(names.used.items())]
    return "\n".join(["# TriG (python -m graph export --format trig)", *head, "", *body]) + "\n"


def _parts(line):
    """``(subject, predicate IRI, object)`` of an N-Triples line: terms as written."""
    m = _LINE.match(line)
    if m is None:
        raise ValueError(f"not an N-Triples line: {line[:80]!r}")
    return m.group(1), m.group(2), m.group(3)


def _unescape(text):
    if "\\" not in text:
        return text
    return _ESCAPE.sub(lambda m: chr(int(m.group(1)[1:], 16)) if m.group(1)[0] in "uU" and len(m.group(1)) > 1
                       else _CHARS.get(m.group(1), m.group(1)), text)


def jsonld(source):
    """Every triple of ``source``, as one JSON-LD document."""
    names = _Names(_prefixes(source))
    nodes = {}
    xsd_string = str(XSD.string)
    for line in _lines(source):
        s, p, o = _parts(line)
        if o.startswith("<<("):
            raise DataError("JSON-LD cannot hold RDF 1.2 triple terms (the graph has some): export it with "
                            "--format turtle12")
        node = nodes.setdefault(s[1:-1] if s[0] == "<" else s, {})
        if o[0] == '"':
            end = o.rindex('"')
            value, rest = _unescape(o[1:end]), o[end + 1:]
            if rest.startswith("@"):
                value = {"@value": value, "@language": rest[1:]}
            elif rest.startswith("^^") and rest[3:-1] != xsd_string:
                value = {"@value": value, "@type": names.iri(rest[3:-1])}
        elif p == str(RDF.type):
            node.setdefault("@type", []).append(names.iri(o[1:-1]) if o[0] == "<" else o)
            continue
        else:
            value = {"@id": names.iri(o[1:-1]) if o[0] == "<" else o}
        node.setdefault(names.iri(p), []).append(value)
    items = []
    for subject in sorted(nodes):
        node = {"@id": names.iri(subject) if not subject.startswith("_:") else subject}
        for k, v in sorted(nodes[subject].items(), key=lambda kv: (kv[0] != "@type", kv[0])):
            node[k] = v[0] if len(v) == 1 else v
        items.append(node)
    encode = json.JSONEncoder(ensure_ascii=False).encode  # one node object a line, by the C encoder
    return ('{"@context": ' + encode(dict(sorted(names.used.items()))) + ',\n "@graph": [\n'
            + ",\n".join(encode(x) for x in items) + "\n]}\n")


def _turtle_term(term, names):
    if term[0] == "<":
        return names.iri(term[1:-1], turtle=True)
    if term[0] == '"':
        end = term.rindex('"')
        if term[end + 1:end + 4] == "^^<":
            return term[:end + 3] + names.iri(term[end + 4:-1], turtle=True)
    return term


_REIFIED = {f"http://www.w3.org/1999/02/22-rdf-syntax-ns#{x}": x for x in ("subject", "predicate", "object")}
_STATEMENT = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#Statement>"


def turtle12(source):
    """Every triple of ``source`` in Turtle, then each ``rdf:Statement`` as an RDF 1.2 reifier of its
    triple term: its terms as the graph has them (an IRI, a blank node, a literal, a triple term)."""
    names = _Names(_prefixes(source))
    body, parts, statements = [], {}, set()
    for line in _lines(source):
        s, p, o = _parts(line)
        body.append(f"{_turtle_term(s, names)} {names.iri(p, turtle=True)} {_turtle_term(o, names)} .")
        if p in _REIFIED:
            parts.setdefault(s, {}).setdefault(_REIFIED[p], []).append(o)
        elif p.endswith("22-rdf-syntax-ns#type") and o == _STATEMENT:
            statements.add(s)
    reifiers = []
    for st in sorted(statements):
        found = {k: min(v) for k, v in parts.get(st, {}).items()}
        if len(found) == 3 and found["subject"][0] in "<_" and found["predicate"][0] == "<" \
                and not found["subject"].startswith("<<"):  # else no triple term can be made of it
            terms = " ".join(_turtle_term(found[k], names) for k in ("subject", "predicate", "object"))
            reifiers.append(f"<< {terms} ~ {_turtle_term(st, names)} >> .")
    head = [f"@prefix {p}: <{ns}> ." for p, ns in sorted(names.used.items())]
    note = ["", "# Each rdf:Statement above is also the RDF 1.2 reifier of its triple term:",
            "# <<( s p o )>> rdf:reifies by the statement (the same node, so its evidence applies to both).", ""]
    return "\n".join(["# RDF 1.2 Turtle (python -m graph export --format turtle12)", *head, "", *body,
                      *(note + reifiers if reifiers else [])]) + "\n"


def annotations(network, evidence):
    """An ``AnnotationCollection`` of every statement of ``evidence``, its labels from ``network``."""
    labels = dict(zip(network.keys, network.labels))
    predicate_labels = {str(p): label for p, label in zip(network.predicates, network.predicate_labels)}
    document, text = evidence.document()
    items = []
    for (s, p, o), statements in sorted(evidence.statements().items()):
        for number, st in enumerate(statements):
            items.append(_annotation(evidence, st, (s, p, o), labels, predicate_labels, document, text, len(items)))
    base = document or "urn:ev-kg:annotations"
    if items:
        ours = {k: str(v) for k, v in PREFIXES.items() if k in ("ev", "kg", "art", "claim", "nif", "prov", "dcterms")}
        ours["itsrdf"] = str(ITSRDF._NS)
        context = [ANNOTATION_CONTEXT, dict(sorted(ours.items()))]
        said = "The statements of the graph, each anchored in the text that says it"
    else:  # a graph without statements: nothing to annotate, and no word of a model it does not use
        context, said = [ANNOTATION_CONTEXT], "Nothing to annotate: no relation of this graph is anchored in a document"
    doc = {"@context": context,
           "id": f"{base}#annotations", "type": "AnnotationCollection",
           "label": said, "total": len(items),
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
    modality, modality_label = evidence.modality(st)
    if modality:
        body["ev:modality"] = {"id": modality, "skos:prefLabel": modality_label}
    for role in MENTION_ROLES:
        found = evidence.mention(st, role)
        if found:
            words, begin, end, concept, phrase = found
            mention = {"id": _iri_or_blank(phrase, f"{anchor}-{role}"), "nif:anchorOf": words}
            if begin is not None and end is not None:
                mention.update({"nif:beginIndex": begin, "nif:endIndex": end})
            if concept:
                mention["itsrdf:taIdentRef"] = {"id": concept}
            body[f"ev:{role}Mention"] = mention
    targets = []
    for sentence, quote, begin, end, _section in evidence.sentences_of(st):
        own = evidence.reference(sentence)  # many documents: each sentence's own, and its text
        if own is not None and own != document and evidence.text_of(own) is not None:
            document, text = own, evidence.text_of(own)
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

