"""Where each relation comes from: sentences, statements, mentions, modality, the document.

Every relation triple has one ``rdf:Statement`` that points with ``prov:wasDerivedFrom`` to the
``nif:Sentence`` (or sentences) saying it. A sentence holds its exact text (``nif:anchorOf``)
and its code point offsets into the article (``nif:beginIndex``, ``nif:endIndex``).

A statement also says how the sentence holds it (``ev:modality``) and which words name its
subject and object (``ev:subjectMention``, ``ev:objectMention``) and carry the relation
(``ev:relationMention``): *mentions*, ``nif:Phrase`` strings with their own offsets, their
``nif:sentence``, and ``itsrdf:taIdentRef`` (the concept named) and ``itsrdf:taClassRef`` (the
class the words show). See ``docs/annotation-guide.md``. The checks of all this against the
text are in :mod:`graph.checks`.
"""

from dataclasses import dataclass

from rdflib import URIRef
from rdflib.namespace import DCTERMS, PROV, RDF

from .namespace import EV, ITSRDF, NIF, compact

__all__ = [
    "offset",
    "Sentence",
    "Mention",
    "sentences",
    "statements",
    "sources",
    "mentions",
    "statement_mentions",
    "modalities",
    "document",
]


@dataclass(frozen=True)
class Sentence:
    """One sentence of the article, as the graph records it."""

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


def offset(value, default=None):
    """A ``nif:beginIndex`` or ``nif:endIndex`` as an int, or ``default`` when it is none or no
    number (``validate`` reports it; reading never fails on it)."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def sentences(graph):
    """Every ``nif:Sentence`` of the graph, in text order.

    Examples
    --------
    >>> from graph import load
    >>> first = sentences(load())[0]
    >>> first.text[:26], first.begin, first.section[:24]
    ('In an era of unprecedented', 164, 'Navigating the Electrifi')
    """
    found = []
    for s in graph.subjects(RDF.type, NIF.Sentence):
        section = next(graph.objects(s, NIF.superString), None)
        title = next(graph.objects(section, DCTERMS.title), "") if section is not None else ""
        begin = offset(next(graph.objects(s, NIF.beginIndex), None))
        end = offset(next(graph.objects(s, NIF.endIndex), None))
        text = str(next(graph.objects(s, NIF.anchorOf), ""))
        found.append(Sentence(s, begin if begin is not None else -1, end if end is not None else -1, text, str(title)))
    return sorted(found, key=lambda x: (x.begin, str(x.iri)))


def statements(graph):
    """Map each ``(subject, predicate, object)`` to the statements that reify it."""
    found = {}
    for st in graph.subjects(RDF.type, RDF.Statement):
        key = (
            next(graph.objects(st, RDF.subject), None),
            next(graph.objects(st, RDF.predicate), None),
            next(graph.objects(st, RDF.object), None),
        )
        found.setdefault(key, []).append(st)
    return found


def sources(graph, subject, predicate, obj):
    """The sentences a relation triple was derived from, in text order.

    Examples
    --------
    >>> from graph import load
    >>> from graph.namespace import EV, KG
    >>> [s.text[:40] for s in sources(load(), KG.China, EV.investsIn, KG.ResearchAndDevelopment)]
    ['Nations like China, the United States, a']
    """
    by_iri = {s.iri: s for s in sentences(graph)}
    found = set()
    for st in statements(graph).get((subject, predicate, obj), []):
        found.update(graph.objects(st, PROV.wasDerivedFrom))
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
    found = []
    for m in set(graph.subjects(RDF.type, NIF.Phrase)):
        begin = offset(next(graph.objects(m, NIF.beginIndex), None))
        end = offset(next(graph.objects(m, NIF.endIndex), None))
        found.append(Mention(
            m, begin if begin is not None else -1, end if end is not None else -1,
            str(next(graph.objects(m, NIF.anchorOf), "")),
            next(graph.objects(m, NIF.sentence), None),
            next(graph.objects(m, ITSRDF.taIdentRef), None),
            next(graph.objects(m, ITSRDF.taClassRef), None),
        ))
    return sorted(found, key=lambda x: (x.begin, x.end, str(x.iri)))


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
    by_iri = {m.iri: m for m in mentions(graph)}
    roles = (("subject", EV.subjectMention), ("object", EV.objectMention), ("relation", EV.relationMention))
    found = {}
    for st in graph.subjects(RDF.type, RDF.Statement):
        found[st] = {
            role: sorted((by_iri[m] for m in graph.objects(st, prop) if m in by_iri), key=lambda x: (x.begin, x.end))
            for role, prop in roles
        }
    return found


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
    from rdflib.namespace import SKOS

    counts = {m: 0 for m in sorted(graph.subjects(SKOS.inScheme, EV.ModalityScheme))}
    for st in graph.subjects(RDF.type, RDF.Statement):
        for m in graph.objects(st, EV.modality):
            counts[m] = counts.get(m, 0) + 1
    return counts


def document(graph):
    """The text the graph reads, for display: ``{"title", "text", "sections", "sentences"}``
    (sections with ``id``, ``title``, ``begin``, ``end``, nested ones too; sentences with
    ``id``, ``begin``, ``end``, ``section``), or ``None`` when the graph holds no text.

    Examples
    --------
    >>> from graph import load
    >>> doc = document(load())
    >>> doc["title"][:24], len(doc["sentences"]), doc["sections"][0]["title"][:10]
    ('Electrifying Foundations', 36, 'Navigating')
    """
    from .namespace import DOCO, namespaces_of

    contexts = sorted(graph.subjects(RDF.type, NIF.Context))
    text = next(graph.objects(contexts[0], NIF.isString), None) if contexts else None
    if text is None:
        return None
    names = namespaces_of(graph)
    title = next(graph.objects(contexts[0], DCTERMS.title), None)
    sections = []
    for sec in graph.subjects(RDF.type, DOCO.Section):
        begin, end = offset(graph.value(sec, NIF.beginIndex)), offset(graph.value(sec, NIF.endIndex))
        if begin is not None and end is not None:
            sections.append({"id": compact(sec, names), "title": str(graph.value(sec, DCTERMS.title) or ""),
                             "begin": begin, "end": end})
    sections.sort(key=lambda x: (x["begin"], -x["end"]))
    return {"title": str(title) if title else None, "text": str(text), "sections": sections,
            "sentences": [{"id": compact(s.iri, names), "begin": s.begin, "end": s.end, "section": s.section}
                          for s in sentences(graph) if s.begin >= 0]}
