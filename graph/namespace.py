"""The project's vocabularies, declared once.

``EV`` is our own vocabulary (``data/ontology.ttl``); ``NIF``, ``DOCO`` and ``ITSRDF`` hold the
terms of NIF 2.1 Core, DoCO and ITS 2.0 that the data uses, which rdflib does not ship
(:data:`NIF_TERMS` is the list of NIF terms checked by ``validate``). All are closed: a typo such as ``EV.Natoin``
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

from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SDO, SKOS, XSD, DefinedNamespace, Namespace
from rdflib.term import URIRef

__all__ = ["EV", "TRUTHY", "NIF", "NIF_TERMS", "DOCO", "ITSRDF", "KG", "ART", "CLAIM", "PREFIXES", "PILLARS", "LABELS", "bind_prefixes", "namespaces_of", "sparql_prologue", "compact", "Compactor"]


class EV(DefinedNamespace):
    """The EV manufacturing knowledge graph vocabulary (``data/ontology.ttl``)."""

    _fail = True
    _NS = Namespace("https://example.org/ev-kg/ontology#")

    # Classes
    Concept: URIRef  # Anything the article speaks of: the nodes of the knowledge graph.
    Actor: URIRef  # A nation, company, facility, institution or industry that acts in the article.
    Nation: URIRef  # A country that the article names. One of the four pillars.
    NationGroup: URIRef  # Nations that the article describes rather than names ("nations investing in electric vehicle technologies"). Not a nation, and not counted as one.
    Technology: URIRef  # A technology or technical field. One of the four pillars.
    Challenge: URIRef  # Something the article calls a challenge, uncertainty, tension, constraint or complexity that actors confront. One of the four pillars.
    Situation: URIRef  # A state of affairs or juncture in which an actor stands or acts: a crossroads, a landscape.
    Impact: URIRef  # An effect or consequence of an activity: what production leaves behind and is reduced or minimized (waste, carbon footprint, environmental impact, inefficiencies), or the ramifications of a development.
    Workforce: URIRef  # The human side of manufacturing. One of the four pillars; its members belong to one of its kinds: ev:WorkerGroup, ev:Skill, ev:Training.
    WorkerGroup: URIRef  # People who work or will work in manufacturing: workers, talent, the workforce.
    Skill: URIRef  # A skill or field of expertise that workers have or are trained in.
    Training: URIRef  # Education or training of workers: curricula, retraining.
    Manufacturer: URIRef  # A company, or a group of companies, that makes vehicles.
    Facility: URIRef  # A factory, production center or laboratory.
    EducationalInstitution: URIRef  # A school, university or other body that educates.
    Industry: URIRef  # An industry, sector, or industrial ecosystem or hub.
    Material: URIRef  # A material or component that goes into manufacturing.
    Process: URIRef  # A production process, method, technique or principle.
    SustainabilityPractice: URIRef  # A practice or method that makes production more sustainable.
    Strategy: URIRef  # A strategy, plan, approach, activity or model that actors pursue.
    Goal: URIRef  # An end that the article says is worked towards, fostered or prioritized.
    Quality: URIRef  # A measurable property of a product or process: energy density, charging speed, precision, efficiency.
    Capability: URIRef  # A capacity that an actor shows or gains: resilience, innovation, manufacturing capabilities.
    Product: URIRef  # Something that is made: vehicles, mobility solutions.
    Trend: URIRef  # A shift, force or development in the world that the article describes.

    # Relations between concepts (owl:ObjectProperty)
    investsIn: URIRef  # invests in (Actor -> Concept)
    attracts: URIRef  # attracts (Concept -> Concept)
    creates: URIRef  # creates (Actor -> Concept)
    develops: URIRef  # develops (Actor -> Concept)
    produces: URIRef  # produces (Actor -> Product)
    uses: URIRef  # uses (Actor -> Concept)
    integrates: URIRef  # integrates (Product -> Concept)
    replaces: URIRef  # replaces (Material -> Material)
    constrains: URIRef  # constrains (Concept -> Concept)
    requires: URIRef  # requires (Concept -> Concept)
    isRetrainedIn: URIRef  # is retrained in (WorkerGroup -> Skill)
    collaboratesWith: URIRef  # collaborates with (Actor -> Actor)
    faces: URIRef  # faces (Concept -> Challenge)
    addresses: URIRef  # addresses (Concept -> Challenge)
    reduces: URIRef  # reduces (Concept -> Impact)
    increases: URIRef  # increases (Concept -> Impact): owl:propertyDisjointWith ev:reduces
    hinders: URIRef  # hinders (Concept -> Capability | Quality): owl:propertyDisjointWith ev:enables
    worsens: URIRef  # worsens (Concept -> Concept): owl:propertyDisjointWith ev:improves
    improves: URIRef  # improves (Concept -> Concept)
    enables: URIRef  # enables (Concept -> Capability | Quality)
    advances: URIRef  # advances (Concept -> Concept)
    fosters: URIRef  # fosters (Concept -> Concept)
    aimsAt: URIRef  # aims at (Concept -> Concept)
    aimsToImprove: URIRef  # aims to improve (Concept -> Quality)
    aimsToReduce: URIRef  # aims to reduce (Concept -> Impact)
    leads: URIRef  # leads (Concept -> Trend | Process)
    pioneers: URIRef  # pioneers (Actor -> Concept)
    challenges: URIRef  # challenges (Concept -> Concept)
    transcends: URIRef  # transcends (Concept -> Concept)
    setsBenchmarkFor: URIRef  # sets benchmarks for (Actor -> Goal)
    standsAt: URIRef  # stands at (Concept -> Situation)
    operatesAmid: URIRef  # operates amid (Concept -> Trend | Situation)
    adaptsTo: URIRef  # adapts to (Concept -> Trend)
    undergoes: URIRef  # undergoes (Concept -> Trend)
    transforms: URIRef  # transforms (Concept -> Concept)
    shapes: URIRef  # shapes (Concept -> Concept)
    causes: URIRef  # causes (Concept -> Concept)
    involves: URIRef  # involves (Concept -> Concept)
    prioritizes: URIRef  # prioritizes (Concept -> Goal)
    demonstrates: URIRef  # demonstrates (Actor -> Capability)
    showsCommitmentTo: URIRef  # shows commitment to (Concept -> Goal)
    ensures: URIRef  # ensures (Concept -> Concept)
    bringsTogether: URIRef  # brings together (Concept -> Concept)
    isDescribedAs: URIRef  # is described as (Concept -> Concept)
    isDesignedAs: URIRef  # is designed as (Facility -> Concept)
    operates: URIRef  # operates (Manufacturer -> Facility)
    assesses: URIRef  # assesses (Concept -> Process)
    isKindOf: URIRef  # is a kind of (Concept -> Concept)
    isPartOf: URIRef  # is part of (Concept -> Concept)

    # Properties of a statement (rdf:Property): how it is said, and which words say it
    modality: URIRef  # How the sentence holds the statement: exactly one concept of ev:ModalityScheme.
    subjectMention: URIRef  # The words of the statement's sentence that name its subject (a nif:Phrase whose itsrdf:taIdentRef is the rdf:subject).
    objectMention: URIRef  # The words of the statement's sentence that name its object (a nif:Phrase whose itsrdf:taIdentRef is the rdf:object).
    relationMention: URIRef  # The words of the statement's sentence that carry the relation, where there are such words.

    # The modality scheme (skos:ConceptScheme) and its concepts
    ModalityScheme: URIRef  # Modality of a statement
    AssertedFact: URIRef  # asserted as fact
    AimOrPurpose: URIRef  # aim or purpose
    TrendOrChange: URIRef  # trend or ongoing change
    SignalOrIndication: URIRef  # signal or indication
    EvaluationOrOpinion: URIRef  # evaluation or opinion
    AspirationOrPositioning: URIRef  # aspiration or positioning
    Denied: URIRef  # denied: the relation is said not to be so (its triple is not asserted)

    noClaimBecause: URIRef  # Why a sentence holds no claim (a document's own record of what the article's coverage exclusions say)

    # Curation (documents other than the article): a statement's or mention's status
    status: URIRef  # where a statement or mention stands in curation (absent: curated)
    StatusScheme: URIRef  # Curation status of a statement or mention
    Proposed: URIRef  # proposed: written by a tool, not yet curated
    Accepted: URIRef  # accepted: a proposal a curator accepted


#: The modalities whose statements also stand as plain triples (``kg:S ev:p kg:O``): what the text
#: holds to be so (a fact, a change under way) or what an agent acts for (the aim predicates, such as
#: ``ev:aimsAt``, say the aim themselves). A statement held as an evaluation, a signal, an aspiration
#: or a denial is reachable only through its ``rdf:Statement`` (docs/annotation-guide.md §2, "Plain
#: triples"), as Wikidata gives its direct ("truthy") property to best-ranked statements only.
#: Every place that writes or checks plain triples reads this set.
TRUTHY = frozenset({EV.AssertedFact, EV.TrendOrChange, EV.AimOrPurpose})


class NIF(DefinedNamespace):
    """The terms of NIF 2.1 Core that the project uses: text, sentences, titles, mentions, offsets.

    :data:`NIF_TERMS` lists the terms the data may use; a test compares it with the published
    ontology (``../shared/reference/nif-core.ttl``) and ``validate`` reports any other ``nif:``
    term found in the data.
    """

    _fail = True
    _NS = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")

    Context: URIRef  # the whole text of a document
    Sentence: URIRef  # one sentence of the text
    Phrase: URIRef  # a chunk of words: here a mention of a concept, or the words carrying a relation
    OffsetBasedString: URIRef  # a string identified by its begin and end offsets in its context
    Title: URIRef  # a title within a text: here a section's heading
    isString: URIRef  # the text of a Context
    anchorOf: URIRef  # the exact text of a string
    beginIndex: URIRef  # code point offset where the string starts in its context
    endIndex: URIRef  # code point offset just after the string ends
    referenceContext: URIRef  # the Context a string's offsets refer to
    superString: URIRef  # a string that contains this one (sentence -> section -> section or document)
    sentence: URIRef  # the sentence a phrase stands in


#: The NIF Core terms that the data may use (``validate`` reports any other ``nif:`` term).
NIF_TERMS = frozenset(NIF[name] for name in NIF.__annotations__)


class DOCO(DefinedNamespace):
    """The terms of the SPAR Document Components Ontology (DoCO) that the data uses."""

    _fail = True
    _NS = Namespace("http://purl.org/spar/doco/")

    Section: URIRef  # a part of a document under a heading
    SectionTitle: URIRef  # the heading of a section


class ITSRDF(DefinedNamespace):
    """The terms of the ITS 2.0 RDF vocabulary that the data uses, to link a mention to what it names."""

    _fail = True
    _NS = Namespace("http://www.w3.org/2005/11/its/rdf#")

    taIdentRef: URIRef  # the concept that a span of text refers to
    taClassRef: URIRef  # the class of the thing the span refers to, as the words show it


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
    "itsrdf": ITSRDF._NS,
    "doco": DOCO._NS,
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

#: The label rule, declared once: where a resource's label comes from, best first (the least value
#: of the first predicate it has); its IRI's local name when it has none. Every reader uses it:
#: :func:`graph.evidence.model.label`, the concept network, the viewer, an endpoint's fetch.
LABELS = (SKOS.prefLabel, RDFS.label, Namespace("http://schema.org/").name, SDO.name, FOAF.name, DCTERMS.title)


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
    """{prefix: namespace}: :data:`PREFIXES` and the graph's own bindings (``graph``: an rdflib graph,
    or its ``(prefix, namespace)`` pairs).

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
    for prefix, namespace in (graph.namespaces() if hasattr(graph, "namespaces") else graph):
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
