"""The one reader of the provenance model: documents, sections, sentences, statements, mentions, modality.

Every relation triple has an ``rdf:Statement`` that points with ``prov:wasDerivedFrom`` to the
``nif:Sentence`` (or sentences) saying it. A sentence holds its exact text (``nif:anchorOf``),
its code point offsets into its document (``nif:beginIndex``, ``nif:endIndex``, into the
``nif:isString`` of its ``nif:referenceContext``) and the section it stands in
(``nif:superString``, a ``doco:Section`` with a ``dcterms:title``). A statement also says how the
sentence holds it (``ev:modality``, a concept of ``ev:ModalityScheme``) and which words name its
subject and object (``ev:subjectMention``, ``ev:objectMention``) and carry the relation
(``ev:relationMention``): *mentions*, ``nif:Phrase`` strings with their own offsets, their
``nif:sentence``, and ``itsrdf:taIdentRef`` (the concept named) and ``itsrdf:taClassRef`` (the
class the words show). See ``docs/annotation-guide.md``.

:class:`Evidence` reads all of this, and nothing else, from a stream of ``(subject, predicate,
object, object_is_literal)`` strings: a file being parsed, a store, an rdflib graph
(:func:`rdflib_triples`), or the pass that reads the concept network
(:func:`graph.network.collect.collect_network` feeds it). Everything that shows or checks the
evidence reads it here: the viewer, the exports, ``compare``, ``stats`` and ``validate``; the
functions below give it as rdflib terms for a graph.
"""

from dataclasses import dataclass

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, SKOS

from ..namespace import DOCO, EV, ITSRDF, LABELS, NIF, Compactor, namespaces_of

__all__ = [
    "offset",
    "term",
    "key_of",
    "TripleTerm",
    "rdflib_triples",
    "Evidence",
    "Sentence",
    "Mention",
    "EDGE_FIELDS",
    "MENTION_ROLES",
    "CLASSES",
    "sentences",
    "statements",
    "sources",
    "mentions",
    "statement_mentions",
    "modalities",
    "document",
]

_SUBJECT, _PREDICATE, _OBJECT, _TYPE = map(str, (RDF.subject, RDF.predicate, RDF.object, RDF.type))
_DERIVED, _TITLE, _MODALITY = map(str, (PROV.wasDerivedFrom, DCTERMS.title, EV.modality))
_ANCHOR, _BEGIN, _END, _SUPER, _STRING, _REFERENCE, _IN_SENTENCE = map(str, (
    NIF.anchorOf, NIF.beginIndex, NIF.endIndex, NIF.superString, NIF.isString, NIF.referenceContext, NIF.sentence))
_IDENT, _CLASS, _IN_SCHEME = str(ITSRDF.taIdentRef), str(ITSRDF.taClassRef), str(SKOS.inScheme)
_CONTEXT, _SENTENCE, _PHRASE, _STATEMENT, _SECTION = map(str, (
    NIF.Context, NIF.Sentence, NIF.Phrase, RDF.Statement, DOCO.Section))
_SCHEME = str(EV.ModalityScheme)
_DISJOINT, _DENIED, _NO_CLAIM = str(OWL.propertyDisjointWith), str(EV.Denied), str(EV.noClaimBecause)

#: The roles of a statement's mentions, and the property that links each.
MENTION_ROLES = {"subject": str(EV.subjectMention), "object": str(EV.objectMention),
                 "relation": str(EV.relationMention)}
#: The predicates whose triples the model is made of.
KEPT = frozenset([_SUBJECT, _PREDICATE, _OBJECT, _DERIVED, _TITLE, _ANCHOR, _BEGIN, _END, _SUPER, _STRING,
                  _REFERENCE, _IN_SENTENCE, _MODALITY, _IDENT, _CLASS, _IN_SCHEME, _DISJOINT, _NO_CLAIM,
                  *MENTION_ROLES.values()])
#: The label rule (:data:`graph.namespace.LABELS`), predicate -> rank: a modality's label is read by it.
_LABEL_RANK = {str(p): rank for rank, p in enumerate(LABELS)}
#: The classes of the model, by name, as the stream spells them.
CLASSES = {"Context": _CONTEXT, "Sentence": _SENTENCE, "Phrase": _PHRASE, "Statement": _STATEMENT, "Section": _SECTION}
#: The classes whose members the model lists (``rdf:type`` triples with these objects are kept).
TYPES = frozenset([_CONTEXT, _SENTENCE, _PHRASE, _STATEMENT, _SECTION])

#: The evidence fields of every relation, in the order the tabular exports write them.
EDGE_FIELDS = ("statement", "modality", "modality_label", "document", "document_title", "sentence", "text", "begin",
               "end", "section", "statements", "modalities", "documents", "sentences",
               *(f"{role}_mention{x}" for role in MENTION_ROLES for x in ("", "_begin", "_end")))
_EMPTY = {k: None if k in ("begin", "end") or k.endswith(("_begin", "_end")) else "" for k in EDGE_FIELDS}


def offset(value, default=None):
    """A ``nif:beginIndex`` or ``nif:endIndex`` as an int, or ``default`` when it is none or no
    number (``validate`` reports it; reading never fails on it).

    Examples
    --------
    >>> offset("164"), offset("x", -1), offset(None)
    (164, -1, None)
    """
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


class TripleTerm(str):
    """An RDF 1.2 triple term, as the stream spells it: ``<<( s p o )>>`` in N-Triples. rdflib has no
    such term: it stands for one where the package shows or counts it (its compact name is itself)."""

    def n3(self, namespace_manager=None):
        return str(self)


def term(key):
    """The rdflib term of a key of the stream: ``_:id`` is a blank node, ``<<( ... )>>`` an RDF 1.2
    triple term (:class:`TripleTerm`), anything else an IRI.

    Examples
    --------
    >>> term("_:b0"), term("https://example.org/ev-kg/id/China")
    (rdflib.term.BNode('b0'), rdflib.term.URIRef('https://example.org/ev-kg/id/China'))
    """
    if key.startswith("_:"):
        return BNode(key[2:])
    return TripleTerm(key) if key.startswith("<<(") else URIRef(key)


def _nt(node):
    """A term as N-Triples 1.2 spells it, inside a triple term."""
    if isinstance(node, tuple):
        return "<<( " + " ".join(map(_nt, node)) + " )>>"
    return node.n3() if not isinstance(node, BNode) else "_:" + str(node)


def rdflib_triples(graph):
    """Every triple of an rdflib graph as the stream's ``(subject, predicate, object, object_is_literal)``
    strings: IRIs are their text, blank nodes ``_:`` and their id, literals their lexical form, RDF 1.2
    triple terms (tuples, as oxrdflib gives them) ``<<( s p o )>>`` in N-Triples."""
    for s, p, o in graph:
        lit = isinstance(o, Literal)
        if isinstance(o, tuple):
            o = _nt(o)
        elif not lit and not isinstance(o, URIRef):
            o = "_:" + str(o)
        yield (str(s) if isinstance(s, URIRef) else "_:" + str(s), str(p), str(o), lit)


@dataclass(frozen=True)
class Sentence:
    """One sentence of a document, as the graph records it."""

    iri: URIRef
    begin: int
    end: int
    text: str
    section: str = ""  # the heading it stands under


@dataclass(frozen=True)
class Mention:
    """Words of a sentence, as the graph records them: a ``nif:Phrase`` with its offsets."""

    iri: URIRef
    begin: int
    end: int
    text: str
    sentence: URIRef = None  # its nif:sentence
    concept: URIRef = None  # itsrdf:taIdentRef: the concept the words name (None for relation words)
    cls: URIRef = None  # itsrdf:taClassRef: the class the words show


class Evidence:
    """The provenance model of a graph, read from its stream of triples.

    ``Evidence().read(triples)`` keeps what it needs; :meth:`tap` does the same while passing the
    triples on; :meth:`add` takes one triple (the concept network's reader calls it in its own
    pass). Any RDF graph can be read: what it lacks stays empty.

    Examples
    --------
    >>> from graph import load
    >>> ev = Evidence.of_graph(load())
    >>> fields = ev.of(("https://example.org/ev-kg/id/China", "https://example.org/ev-kg/ontology#investsIn",
    ...                 "https://example.org/ev-kg/id/ResearchAndDevelopment"))
    >>> fields["modality_label"], fields["text"][:30], fields["subject_mention"]
    ('asserted as fact', 'Nations like China, the United', 'China')
    """

    def __init__(self):
        self.values = {}  # subject -> {predicate: [objects]}
        self.members = {t: [] for t in TYPES}  # class -> its members, as they came
        self.labels = {}  # subject -> (rank, label): the best label by the label rule (a modality's is shown)
        self._statements = None

    def add(self, s, p, o):
        """Keep the triple ``(s, p, o)`` if it belongs to the model."""
        if p in KEPT:
            self.values.setdefault(s, {}).setdefault(p, []).append(o)
        elif p == _TYPE and o in TYPES:
            self.members[o].append(s)
        elif p in _LABEL_RANK:
            label, old = (_LABEL_RANK[p], o), self.labels.get(s)
            if old is None or label < old:
                self.labels[s] = label

    def tap(self, triples):
        """Yield ``triples`` unchanged, keeping the model's (:meth:`add`, inlined: a hot path)."""
        values, kept, members, labels, ranks = self.values, KEPT, self.members, self.labels, _LABEL_RANK
        for t in triples:
            s, p, o = t[0], t[1], t[2]
            if p in kept:
                values.setdefault(s, {}).setdefault(p, []).append(o)
            elif p == _TYPE:
                if o in members:
                    members[o].append(s)
            elif p in ranks:
                label, old = (ranks[p], o), labels.get(s)
                if old is None or label < old:
                    labels[s] = label
            yield t

    def read(self, triples):
        """Keep the model's triples of ``triples``; return self."""
        for _ in self.tap(triples):
            pass
        return self

    @classmethod
    def of_graph(cls, graph):
        """The evidence of an rdflib graph."""
        return cls().read(rdflib_triples(graph))

    # ---- the model, as strings (keys of the stream)

    def one(self, subject, predicate, default=None):
        """The least value of ``predicate`` on ``subject``, or ``default``."""
        found = self.values.get(subject, {}).get(predicate)
        return min(found) if found else default

    def all(self, subject, predicate):
        """Every value of ``predicate`` on ``subject``."""
        return self.values.get(subject, {}).get(predicate, ())

    def typed(self, cls):
        """The members of one of :data:`TYPES` (an IRI string), sorted, each once."""
        return sorted(set(self.members.get(cls, ())))

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

    def modality(self, statement):
        """``(modality, its label)`` of a statement, or ``(None, None)``."""
        m = self.one(statement, _MODALITY)
        return (m, self.labels.get(m, (0, ""))[1]) if m else (None, None)

    def derived(self, statement):
        """The strings (sentences) a statement was derived from."""
        return self.all(statement, _DERIVED)

    def sentence(self, iri):
        """``(text, begin, end, section title)`` of a sentence (or any NIF string)."""
        section = self.one(iri, _SUPER)
        return (self.one(iri, _ANCHOR, ""), offset(self.one(iri, _BEGIN)), offset(self.one(iri, _END)),
                self.one(section, _TITLE, "") if section else "")

    def sentences_of(self, statement):
        """The sentences a statement was derived from, in text order, as ``(iri, text, begin, end, section)``."""
        found = [(iri, *self.sentence(iri)) for iri in set(self.derived(statement))]
        return sorted(found, key=lambda x: (x[2] if x[2] is not None else -1, x[0]))

    def mention(self, statement, role):
        """``(text, begin, end, concept, phrase)`` of a statement's (first) mention in ``role``, or ``None``."""
        phrase = self.one(statement, MENTION_ROLES[role])
        if phrase is None:
            return None
        text, begin, end, _ = self.sentence(phrase)
        return text, begin, end, self.one(phrase, _IDENT, ""), phrase

    def document(self):
        """``(IRI, text)`` of the first ``nif:Context`` that holds a text, or ``(None, None)``."""
        for ctx in self.typed(_CONTEXT):
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
        modality, label = self.modality(st)
        if modality:
            found["modality"], found["modality_label"] = modality, label
        support = self.sentences_of(st)
        if support:
            found["sentence"] = support[0][0]
            found["text"], found["begin"], found["end"], found["section"] = support[0][1:]
            found["document"] = self.reference(support[0][0]) or ""
            found["document_title"] = self.one(found["document"], _TITLE, "") if found["document"] else ""
        # every piece of evidence, from every document: statements with their modalities, sentences
        # with their documents, position by position
        every = [(x, y[0]) for x in reifying for y in self.sentences_of(x)]
        found["statements"] = " ".join(reifying)
        found["modalities"] = " ".join(self.one(x, _MODALITY, "-") for x in reifying)
        found["sentences"] = " ".join(sentence for _, sentence in every)
        found["documents"] = " ".join(self.reference(sentence) or "-" for _, sentence in every)
        for role in MENTION_ROLES:
            m = self.mention(st, role)
            if m:
                found[f"{role}_mention"], found[f"{role}_mention_begin"], found[f"{role}_mention_end"] = m[:3]
        return found

    # ---- many documents: where each claim is said, and what agrees or disagrees

    def no_claim(self):
        """``{sentence: why}`` for the sentences a document says hold no claim (``ev:noClaimBecause``)."""
        return {s: self.one(s, _NO_CLAIM) for s in self.typed(_SENTENCE) if self.one(s, _NO_CLAIM)}

    def documents(self):
        """The documents: every ``nif:Context`` that holds a text, sorted."""
        return [c for c in self.typed(_CONTEXT) if self.text_of(c) is not None]

    def documents_of(self, statement):
        """The documents a statement's sentences stand in."""
        return {self.reference(x) for x in self.derived(statement)} - {None}

    def denied(self, statement):
        """Whether the statement is a denial (``ev:Denied``: the text says it is not so)."""
        return self.one(statement, _MODALITY) == _DENIED

    def per_document(self):
        """``{document: {"title", "sentences", "statements", "modalities": {modality: n}}}``."""
        found = {d: {"title": self.one(d, _TITLE), "sentences": 0, "statements": 0, "modalities": {}}
                 for d in self.documents()}
        for sentence in self.typed(_SENTENCE):
            row = found.get(self.reference(sentence))
            if row is not None:
                row["sentences"] += 1
        for st in self.typed(_STATEMENT):
            modality = self.one(st, _MODALITY)
            for d in self.documents_of(st):
                if d in found:
                    found[d]["statements"] += 1
                    if modality:
                        found[d]["modalities"][modality] = found[d]["modalities"].get(modality, 0) + 1
        return found

    def corroborated(self):
        """``{(subject, predicate, object): [document, ...]}`` for the claims that two or more documents
        make (a denial corroborates nothing)."""
        said = {}
        for triple, statements in self.statements().items():
            for st in statements:
                if not self.denied(st):
                    said.setdefault(triple, set()).update(self.documents_of(st))
        return {t: sorted(docs) for t, docs in sorted(said.items()) if len(docs) >= 2}

    def contradictions(self):
        """Pairs of statements that cannot both hold, each ``(kind, statement, statement)`` sorted:
        ``"denied"``, the same claim made and denied; ``"opposite"``, the same two concepts joined by
        predicates the vocabulary declares incompatible (``owl:propertyDisjointWith``)."""
        disjoint = {(p, q) for p, values in ((s, v.get(_DISJOINT, ())) for s, v in self.values.items())
                    for q in values}
        disjoint |= {(q, p) for p, q in disjoint}
        by_ends, found = {}, set()
        for (s, p, o), statements in self.statements().items():
            for st in statements:
                by_ends.setdefault((s, o), []).append((p, st))
        for (s, o), said in by_ends.items():
            for i, (p, a) in enumerate(said):
                for q, b in said[i + 1:]:
                    if p == q and self.denied(a) != self.denied(b):
                        found.add(("denied", *sorted((a, b))))
                    elif (p, q) in disjoint and not self.denied(a) and not self.denied(b):
                        found.add(("opposite", *sorted((a, b))))
        return sorted(found)

    def owners(self):
        """``{resource: document}`` for what belongs to one document: the document itself, its strings
        (sentences, sections, mentions, titles: by ``nif:referenceContext``) and the statements derived
        from its sentences alone. A dataset's named graph of a document holds their triples; the
        concepts and the claims they share stay in the default graph (``docs/vocabulary.md``)."""
        documents = self.documents()
        found, known = {d: d for d in documents}, set(documents)
        for s, props in self.values.items():
            reference = set(props.get(_REFERENCE, ()))
            if len(reference) == 1 and not reference.isdisjoint(known):
                found[s] = next(iter(reference))
        for st in self.typed(_STATEMENT):
            docs = self.documents_of(st) & known
            if len(docs) == 1:
                found[st] = next(iter(docs))
        return found

    def shared_concepts(self):
        """The concepts that mentions in two or more documents name, sorted."""
        named = {}
        for phrase in self.typed(_PHRASE):
            concept, document = self.one(phrase, _IDENT), self.reference(phrase)
            if concept and document:
                named.setdefault(concept, set()).add(document)
        return sorted(c for c, docs in named.items() if len(docs) >= 2)

    # ---- the model, as rdflib terms

    def sentence_list(self):
        """Every ``nif:Sentence``, as :class:`Sentence`, in text order."""
        found = []
        for s in self.typed(_SENTENCE):
            text, begin, end, section = self.sentence(s)
            found.append(Sentence(term(s), begin if begin is not None else -1, end if end is not None else -1,
                                  text, section))
        return sorted(found, key=lambda x: (x.begin, str(x.iri)))

    def string(self, key):
        """Any NIF string (a mention, a title) as a :class:`Mention`: its offsets (-1 where it has none),
        words, sentence, and the concept and class it names."""
        begin, end = offset(self.one(key, _BEGIN)), offset(self.one(key, _END))
        return Mention(term(key), begin if begin is not None else -1, end if end is not None else -1,
                       self.one(key, _ANCHOR, ""), *(_term_or_none(self.one(key, p)) for p in (_IN_SENTENCE, _IDENT, _CLASS)))

    def strings(self):
        """The keys of every NIF string that has words (``nif:anchorOf``): sentences, mentions, titles."""
        return sorted(s for s, props in self.values.items() if _ANCHOR in props)

    def reference(self, key):
        """The ``nif:referenceContext`` of a string (the document its offsets count in), or ``None``."""
        return self.one(key, _REFERENCE)

    def text_of(self, context):
        """The ``nif:isString`` of a context (the document's full text), or ``None``."""
        return self.one(context, _STRING)

    def part(self, statement, which):
        """The ``rdf:subject``, ``rdf:predicate`` or ``rdf:object`` (``which``) of a statement, or ``None``."""
        return self.one(statement, {"subject": _SUBJECT, "predicate": _PREDICATE, "object": _OBJECT}[which])

    def mention_list(self):
        """Every ``nif:Phrase``, as :class:`Mention`, in text order."""
        return sorted((self.string(m) for m in self.typed(_PHRASE)), key=_text_order)

    def statement_terms(self):
        """``{(subject, predicate, object): [statement, ...]}`` as rdflib terms, for every ``rdf:Statement``
        (a part it lacks is ``None``)."""
        found = {}
        for st in self.typed(_STATEMENT):
            key = tuple(_term_or_none(self.one(st, p)) for p in (_SUBJECT, _PREDICATE, _OBJECT))
            found.setdefault(key, []).append(term(st))
        return found

    def mentions_by_statement(self):
        """``{statement: {"subject": [...], "object": [...], "relation": [...]}}`` of :class:`Mention`, in text order."""
        phrases = {m: self.string(m) for m in self.typed(_PHRASE)}
        return {term(st): {role: sorted((phrases[m] for m in set(self.all(st, prop)) if m in phrases), key=_text_order)
                           for role, prop in MENTION_ROLES.items()}
                for st in self.typed(_STATEMENT)}

    def modality_counts(self):
        """``{modality: number of statements}`` over the concepts of ``ev:ModalityScheme`` (zeros kept), and
        any other modality a statement uses."""
        counts = {term(m): 0 for m in sorted(s for s, props in self.values.items() if _SCHEME in props.get(_IN_SCHEME, ()))}
        for st in self.typed(_STATEMENT):
            for m in set(self.all(st, _MODALITY)):
                counts[term(m)] = counts.get(term(m), 0) + 1
        return counts

    def text_document(self, namespaces=None, context=None):
        """The text of one document, for display: ``{"title", "text", "sections", "sentences"}`` (sections
        with ``id``, ``title``, ``begin``, ``end``, nested ones too; sentences with ``id``, ``begin``,
        ``end``, ``section``), or ``None`` when the graph holds no text. ``context`` is the document
        (default: the first ``nif:Context``); its sections and sentences are those whose
        ``nif:referenceContext`` it is, or that name none (offsets count in one text only)."""
        contexts = self.typed(_CONTEXT)
        if context is None and contexts:
            context = contexts[0]
        text = self.one(context, _STRING) if context is not None else None
        if text is None:
            return None
        compact = Compactor(namespaces)

        def own(key):
            return self.reference(key) in (None, context)

        sections = []
        for sec in self.typed(_SECTION):
            begin, end = offset(self.one(sec, _BEGIN)), offset(self.one(sec, _END))
            if begin is not None and end is not None and own(sec):
                sections.append({"id": compact(term(sec)), "title": self.one(sec, _TITLE, ""), "begin": begin,
                                 "end": end})
        sections.sort(key=lambda x: (x["begin"], -x["end"]))
        return {"title": self.one(context, _TITLE), "text": text, "sections": sections,
                "sentences": [{"id": compact(s.iri), "begin": s.begin, "end": s.end, "section": s.section}
                              for s in self.sentence_list() if s.begin >= 0 and own(key_of(s.iri))]}


def _term_or_none(key):
    return term(key) if key is not None else None


def key_of(node):
    """The stream's key of an rdflib IRI or blank node (the inverse of :func:`term`)."""
    return "_:" + str(node) if isinstance(node, BNode) else str(node)


def _text_order(m):
    return m.begin, m.end, str(m.iri)


def _of(graph):
    return graph if isinstance(graph, Evidence) else Evidence.of_graph(graph)


def sentences(graph):
    """Every ``nif:Sentence`` of ``graph`` (an rdflib graph, or its :class:`Evidence`), in text order.

    Examples
    --------
    >>> from graph import load
    >>> first = sentences(load())[0]
    >>> first.text[:26], first.begin, first.section[:24]
    ('In an era of unprecedented', 164, 'Navigating the Electrifi')
    """
    return _of(graph).sentence_list()


def statements(graph):
    """Map each ``(subject, predicate, object)`` to the statements that reify it."""
    return _of(graph).statement_terms()


def sources(graph, subject, predicate, obj):
    """The sentences a relation triple was derived from, in text order.

    Examples
    --------
    >>> from graph import load
    >>> from graph.namespace import EV, KG
    >>> [s.text[:40] for s in sources(load(), KG.China, EV.investsIn, KG.ResearchAndDevelopment)]
    ['Nations like China, the United States, a']
    """
    evidence = _of(graph)
    by_iri = {s.iri: s for s in evidence.sentence_list()}
    found = {term(x) for st in evidence.statements().get(tuple(map(key_of, (subject, predicate, obj))), ())
             for x in evidence.derived(st)}
    return sorted((by_iri[s] for s in found if s in by_iri), key=lambda x: x.begin)


def mentions(graph):
    """Every mention (``nif:Phrase``) of the graph, in text order.

    Examples
    --------
    >>> from graph import load
    >>> from graph.namespace import KG
    >>> m = [m for m in mentions(load()) if m.concept == KG.BatteryResearch][0]
    >>> m.text, m.begin, m.end, m.sentence.rsplit("/", 1)[-1]
    ('research', 4510, 4518, 's25')
    """
    return _of(graph).mention_list()


def statement_mentions(graph):
    """``{statement: {"subject": [...], "object": [...], "relation": [...]}}``: each statement's words.

    The lists hold :class:`Mention` objects in text order: the words of its sentence(s) that
    name its subject and object, and those that carry the relation (often none). This is what a
    viewer highlights in a statement's sentence.

    Examples
    --------
    >>> from graph import load
    >>> from graph.namespace import CLAIM
    >>> words = statement_mentions(load())[CLAIM["Manufacturers-investsIn-BatteryResearch"]]
    >>> [(role, [m.text for m in ms]) for role, ms in words.items()]
    [('subject', ['manufacturers']), ('object', ['research']), ('relation', ['investing heavily in'])]
    """
    return _of(graph).mentions_by_statement()


def modalities(graph):
    """``{modality: number of statements}`` over the concepts of ``ev:ModalityScheme`` (zeros kept).

    A modality used by a statement but missing from the scheme is counted too (``validate``
    reports it).

    Examples
    --------
    >>> from graph import load
    >>> counts = modalities(load())
    >>> counts[EV.AimOrPurpose] > 0, sum(counts.values()) == len(set(load().subjects(RDF.type, RDF.Statement)))
    (True, True)
    """
    return _of(graph).modality_counts()


def document(graph, namespaces=None):
    """The text the graph reads, for display: ``{"title", "text", "sections", "sentences"}``, or
    ``None`` when the graph holds no text (:meth:`Evidence.text_document`).

    Examples
    --------
    >>> from graph import load
    >>> doc = document(load())
    >>> doc["title"][:24], len(doc["sentences"]), doc["sections"][0]["title"][:10]
    ('Electrifying Foundations', 36, 'Navigating')
    """
    if namespaces is None and not isinstance(graph, Evidence):
        namespaces = namespaces_of(graph)
    return _of(graph).text_document(namespaces)
