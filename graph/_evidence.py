"""The evidence of each relation, gathered from the same pass of triples as the concept network.

:class:`Evidence` taps the stream of ``(subject, predicate, object, object_is_literal)`` strings
that :func:`graph.source.open_network` reads (a file being parsed, a store, rdflib's memory) and
keeps only the triples of the provenance model: the ``rdf:Statement`` of a relation, its
``prov:wasDerivedFrom`` sentences (``nif:anchorOf``, ``nif:beginIndex``, ``nif:endIndex``), the
section a sentence stands in (``nif:superString`` and its ``dcterms:title``), the statement's
``ev:modality`` (a SKOS concept with its ``skos:prefLabel``) and its mentions
(``ev:subjectMention``, ``ev:objectMention``, ``ev:relationMention``: ``nif:Phrase`` strings).
Any RDF graph can be tapped: what it lacks stays empty.
"""

from .provenance import offset

__all__ = ["Evidence", "EDGE_FIELDS", "MENTION_ROLES"]

_RDF, _NIF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
_EV, _SKOS = "https://example.org/ev-kg/ontology#", "http://www.w3.org/2004/02/skos/core#"
_DERIVED, _TITLE = "http://www.w3.org/ns/prov#wasDerivedFrom", "http://purl.org/dc/terms/title"
_SUBJECT, _PREDICATE, _OBJECT, _TYPE = (_RDF + x for x in ("subject", "predicate", "object", "type"))
_ANCHOR, _BEGIN, _END, _SUPER, _STRING, _CONTEXT, _REFERENCE = (_NIF + x for x in (
    "anchorOf", "beginIndex", "endIndex", "superString", "isString", "Context", "referenceContext"))
_MODALITY, _LABEL, _IDENT = _EV + "modality", _SKOS + "prefLabel", "http://www.w3.org/2005/11/its/rdf#taIdentRef"
#: The roles of a statement's mentions, and the property that links each.
MENTION_ROLES = {"subject": _EV + "subjectMention", "object": _EV + "objectMention", "relation": _EV + "relationMention"}
_KEPT = frozenset([_SUBJECT, _PREDICATE, _OBJECT, _DERIVED, _TITLE, _ANCHOR, _BEGIN, _END, _SUPER, _STRING,
                   _REFERENCE, _MODALITY, _LABEL, _IDENT, *MENTION_ROLES.values()])

#: The evidence fields of every relation, in the order the tabular exports write them.
EDGE_FIELDS = ("statement", "modality", "modality_label", "sentence", "sentences", "text", "begin", "end", "section",
               *(f"{role}_mention{x}" for role in MENTION_ROLES for x in ("", "_begin", "_end")))


_EMPTY = {k: None if k in ("begin", "end") or k.endswith(("_begin", "_end")) else "" for k in EDGE_FIELDS}


class Evidence:
    """The provenance triples of a graph, by subject: ``Evidence().tap(triples)`` passes the
    triples on unchanged and keeps what :meth:`of` needs."""

    def __init__(self):
        self.values = {}  # subject -> {predicate: [objects]}
        self.contexts = []  # the nif:Context resources (the documents)
        self._statements = None

    def tap(self, triples):
        """Yield ``triples`` unchanged, keeping the provenance model's."""
        values, kept = self.values, _KEPT
        for t in triples:
            p = t[1]
            if p in kept:
                values.setdefault(t[0], {}).setdefault(p, []).append(t[2])
            elif p == _TYPE and t[2] == _CONTEXT:
                self.contexts.append(t[0])
            yield t

    def read(self, triples):
        """Keep the provenance triples of ``triples`` (when the network was not read from them)."""
        for _ in self.tap(triples):
            pass
        return self

    def one(self, subject, predicate, default=None):
        """The least value of ``predicate`` on ``subject``, or ``default``."""
        found = self.values.get(subject, {}).get(predicate)
        return min(found) if found else default

    def statements(self):
        """``{(subject, predicate, object): [statement, ...]}`` (sorted) for every complete ``rdf:Statement``."""
        if self._statements is None:
            found = {}
            for st, props in self.values.items():
                parts = [props.get(x) for x in (_SUBJECT, _PREDICATE, _OBJECT)]
                if all(parts):
                    found.setdefault(tuple(min(x) for x in parts), []).append(st)
            self._statements = {k: sorted(v) for k, v in found.items()}
        return self._statements

    def sentence(self, iri):
        """``(text, begin, end, section title)`` of a sentence (or any NIF string)."""
        section = self.one(iri, _SUPER)
        return (self.one(iri, _ANCHOR, ""), offset(self.one(iri, _BEGIN)), offset(self.one(iri, _END)),
                self.one(section, _TITLE, "") if section else "")

    def sentences_of(self, statement):
        """The sentences a statement was derived from, in text order, as ``(iri, text, begin, end, section)``."""
        found = [(iri, *self.sentence(iri)) for iri in set(self.values.get(statement, {}).get(_DERIVED, ()))]
        return sorted(found, key=lambda x: (x[2] if x[2] is not None else -1, x[0]))

    def mention(self, statement, role):
        """``(text, begin, end, concept)`` of a statement's mention in ``role``, or ``None``."""
        phrase = self.one(statement, MENTION_ROLES[role])
        if phrase is None:
            return None
        text, begin, end, _ = self.sentence(phrase)
        return text, begin, end, self.one(phrase, _IDENT, "")

    def document(self):
        """``(IRI, text)`` of the first ``nif:Context`` that holds a text, or ``(None, None)``."""
        for ctx in sorted(set(self.contexts)):
            text = self.one(ctx, _STRING)
            if text is not None:
                return ctx, text
        return None, None

    def of(self, triple):
        """The evidence fields (:data:`EDGE_FIELDS`) of a relation ``(subject, predicate, object)``
        (IRIs, or ``_:`` and a blank node's id): ``""`` or ``None`` where the graph says nothing."""
        reifying = self.statements().get(triple)
        found = dict(_EMPTY)
        if not reifying:
            return found
        st = reifying[0]
        found["statement"] = st
        modality = self.one(st, _MODALITY)
        if modality:
            found["modality"], found["modality_label"] = modality, self.one(modality, _LABEL, "")
        support = self.sentences_of(st)
        if support:
            found["sentence"] = support[0][0]
            found["sentences"] = " ".join(x[0] for x in support)
            found["text"], found["begin"], found["end"], found["section"] = support[0][1:]
        for role in MENTION_ROLES:
            m = self.mention(st, role)
            if m:
                found[f"{role}_mention"], found[f"{role}_mention_begin"], found[f"{role}_mention_end"] = m[:3]
        return found
