"""The project's vocabularies, declared once.

``EV`` is our own vocabulary (``data/ontology.ttl``); ``NIF`` holds the terms of NIF 2.0 Core
that the data uses, which rdflib does not ship. Both are closed: a typo such as ``EV.Natoin``
raises ``AttributeError`` at once instead of minting a new IRI. Standard vocabularies (RDF,
RDFS, OWL, SKOS, PROV, DCTERMS, XSD) come from :mod:`rdflib.namespace`.

Examples
--------
>>> from graph.namespace import EV, KG
>>> EV.Nation
rdflib.term.URIRef('https://example.org/ev-kg/ontology#Nation')
>>> KG.China
rdflib.term.URIRef('https://example.org/ev-kg/id/China')
>>> EV.Natoin
Traceback (most recent call last):
...
AttributeError: term 'Natoin' not in namespace 'https://example.org/ev-kg/ontology#'
"""

import re

from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace, Namespace
from rdflib.term import URIRef

__all__ = ["EV", "NIF", "KG", "ART", "CLAIM", "PREFIXES", "PILLARS", "bind_prefixes", "namespaces_of", "sparql_prologue", "compact", "Compactor"]


class EV(DefinedNamespace):
    """The EV manufacturing knowledge graph vocabulary (``data/ontology.ttl``)."""

    _fail = True
    _NS = Namespace("https://example.org/ev-kg/ontology#")

    # Classes
    Concept: URIRef  # Anything the article speaks of: the nodes of the knowledge graph.
    Actor: URIRef  # A nation, company, facility, institution or industry that acts in the article.
    Nation: URIRef  # A country, or a group of countries the article speaks of together. One of the four pillars.
    Technology: URIRef  # A technology or technical field. One of the four pillars.
    Challenge: URIRef  # A difficulty, pressure, risk or critical juncture that the article says the industry faces. One of the four pillars.
    Workforce: URIRef  # The human side of manufacturing: groups of workers, their skills, and their training. One of the four pillars.
    Manufacturer: URIRef  # A company, or a group of companies, that makes vehicles.
    Facility: URIRef  # A factory or laboratory.
    EducationalInstitution: URIRef  # A school, university or other body that educates.
    Industry: URIRef  # An industry, sector, or industrial ecosystem or hub.
    Material: URIRef  # A material or component that goes into manufacturing.
    Process: URIRef  # A production process, method, technique or principle.
    SustainabilityPractice: URIRef  # A practice or method that makes production more sustainable.
    Strategy: URIRef  # A strategy, plan, approach, activity or model that actors pursue.
    Goal: URIRef  # An end or a quality that the article says the industry works towards.
    Capability: URIRef  # A quality or capacity that an actor shows or gains.
    Product: URIRef  # Something that is made: vehicles, mobility solutions.
    Trend: URIRef  # A shift, force or development in the world that the article describes.

    # Relations between concepts (owl:ObjectProperty)
    investsIn: URIRef  # invests in (Actor -> Concept)
    attracts: URIRef  # attracts (Concept -> Concept)
    creates: URIRef  # creates (Actor -> Concept)
    develops: URIRef  # develops (Actor -> Concept)
    produces: URIRef  # produces (Actor -> Product)
    uses: URIRef  # uses (Actor -> Concept)
    integrates: URIRef  # integrates (Concept -> Concept)
    replaces: URIRef  # replaces (Material -> Material)
    constrains: URIRef  # constrains (Concept -> Concept)
    requires: URIRef  # requires (Concept -> Concept)
    isRetrainedIn: URIRef  # is retrained in (Workforce -> Workforce)
    collaboratesWith: URIRef  # collaborates with (Actor -> Actor)
    faces: URIRef  # faces (Concept -> Challenge)
    addresses: URIRef  # addresses (Concept -> Challenge)
    reduces: URIRef  # reduces (Concept -> Challenge)
    improves: URIRef  # improves (Concept -> Concept)
    enables: URIRef  # enables (Concept -> Capability)
    advances: URIRef  # advances (Concept -> Concept)
    aimsAt: URIRef  # aims at (Concept -> Goal)
    leads: URIRef  # leads (Concept -> Trend)
    pioneers: URIRef  # pioneers (Actor -> Concept)
    challenges: URIRef  # challenges (Concept -> Concept)
    transcends: URIRef  # transcends (Concept -> Concept)
    setsBenchmarkFor: URIRef  # sets benchmarks for (Actor -> Goal)
    operatesAmid: URIRef  # operates amid (Concept -> Trend)
    adaptsTo: URIRef  # adapts to (Concept -> Trend)
    undergoes: URIRef  # undergoes (Concept -> Trend)
    transforms: URIRef  # transforms (Concept -> Concept)
    shapes: URIRef  # shapes (Concept -> Concept)
    causes: URIRef  # causes (Concept -> Concept)
    involves: URIRef  # involves (Concept -> Concept)
    prioritizes: URIRef  # prioritizes (Concept -> Goal)
    demonstrates: URIRef  # demonstrates (Concept -> Capability)
    operates: URIRef  # operates (Manufacturer -> Facility)
    trains: URIRef  # trains (Concept -> Workforce)
    assesses: URIRef  # assesses (Concept -> Process)
    isKindOf: URIRef  # is a kind of (Concept -> Concept)
    isPartOf: URIRef  # is part of (Concept -> Concept)


class NIF(DefinedNamespace):
    """The terms of NIF 2.0 Core used by the data: text, sentences, sections, offsets."""

    _fail = True
    _NS = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")

    Context: URIRef  # the whole text of a document
    Section: URIRef  # a part of a document under a heading
    Sentence: URIRef  # one sentence of the text
    isString: URIRef  # the text of a Context
    anchorOf: URIRef  # the exact text of a string
    beginIndex: URIRef  # code point offset where the string starts in its context
    endIndex: URIRef  # code point offset just after the string ends
    referenceContext: URIRef  # the Context a string's offsets refer to
    superString: URIRef  # a string that contains this one (sentence -> section)


#: Concepts of the article.
KG = Namespace("https://example.org/ev-kg/id/")
#: The article's document, sections and sentences.
ART = Namespace("https://example.org/ev-kg/article/")
#: The rdf:Statement nodes that carry each relation's provenance.
CLAIM = Namespace("https://example.org/ev-kg/claim/")

#: Prefixes bound in every graph this package loads, and in every query it runs.
PREFIXES = {
    "ev": EV._NS,
    "kg": KG,
    "art": ART,
    "claim": CLAIM,
    "nif": NIF._NS,
    "prov": PROV._NS,
    "dcterms": DCTERMS._NS,
    "skos": SKOS._NS,
    "rdf": RDF._NS,
    "rdfs": RDFS._NS,
    "owl": OWL._NS,
    "xsd": XSD._NS,
}

#: The four pillars of the graph, in the order reports list them.
PILLARS = (EV.Nation, EV.Technology, EV.Challenge, EV.Workforce)


def bind_prefixes(graph):
    """Bind :data:`PREFIXES` on ``graph`` (replacing other bindings of those names) and return it.

    Examples
    --------
    >>> from rdflib import Graph
    >>> g = bind_prefixes(Graph())
    >>> g.namespace_manager.normalizeUri(KG.China)
    'kg:China'
    """
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


def namespaces_of(graph, ours_first=False):
    """{prefix: namespace}: :data:`PREFIXES` and the graph's own bindings.

    The graph's bindings win, unless ``ours_first`` (for queries, where ``ev:`` must mean ours).

    Examples
    --------
    >>> from rdflib import Graph
    >>> g = Graph()
    >>> g.bind("ex", "http://ex.org/")
    >>> namespaces_of(g)["ex"], namespaces_of(g)["kg"] == KG
    (rdflib.term.URIRef('http://ex.org/'), True)
    """
    found = dict(PREFIXES)
    for prefix, namespace in graph.namespaces():
        if prefix and not (ours_first and prefix in PREFIXES):
            found[prefix] = namespace
    return found


def sparql_prologue():
    """PREFIX declarations of :data:`PREFIXES`, to put before a query sent to another engine."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


def compact(term, namespaces=None):
    """A short ``prefix:name`` for an IRI, or the IRI in angle brackets when no prefix fits.

    ``namespaces`` maps prefixes to namespace IRIs (for example ``dict(graph.namespaces())``);
    :data:`PREFIXES` is used when it is not given. Literals and blank nodes come back as their
    N-Triples form. For many terms, make a :class:`Compactor` once and call it.

    Examples
    --------
    >>> compact(KG.China)
    'kg:China'
    >>> compact(URIRef("http://example.com/x"))
    '<http://example.com/x>'
    """
    return Compactor(namespaces)(term)


_LOCAL = re.compile(r"[\w\-.]*[\w\-]\Z")


class Compactor:
    """:func:`compact` with its namespaces prepared, for many terms.

    The namespace is the IRI up to its last ``#`` or ``/`` when a prefix is bound to exactly
    that; otherwise the longest bound namespace that leaves a valid local name.
    """

    def __init__(self, namespaces=None):
        items = [(p, str(n)) for p, n in (namespaces or PREFIXES).items() if p]
        self._exact = {}
        for prefix, namespace in sorted(items):
            self._exact.setdefault(namespace, prefix)
        self._all = sorted(items, key=lambda pn: -len(pn[1]))

    def __call__(self, term):
        if not isinstance(term, URIRef):
            return term.n3()
        text = str(term)
        cut = max(text.rfind("#"), text.rfind("/")) + 1
        prefix = self._exact.get(text[:cut])
        if prefix is not None and _LOCAL.match(text, cut):
            return f"{prefix}:{text[cut:]}"
        for prefix, namespace in self._all:
            if text.startswith(namespace) and _LOCAL.match(text, len(namespace)):
                return f"{prefix}:{text[len(namespace):]}"
        return f"<{text}>"
