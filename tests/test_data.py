"""The claims of the article: concepts, relations, statements, sentences, sections.

These tests read the data with plain rdflib and re-derive what they check from the article's
text on their own (sentence split, headings), so that they catch a wrong offset, a missed
sentence or an invented concept.
"""

import re
from collections import Counter

import pytest
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from graph.model import concepts, relations
from graph.namespace import ART, EV, KG, NIF

HEADINGS = [  # the article's headings, in order, as a reader sees them
    "Navigating the Electrification Landscape: Innovation Amidst Global Shifts",
    "Electric Revolution: Transforming Global Manufacturing Through Next-Generation EV Factories",
    "Powering the Future: How Electric Vehicle Factories Are Redefining Industrial Innovation",
    "The Technological Metamorphosis of EV Manufacturing",
    "Global Manufacturing Strategies and Technological Convergence",
    "Sustainable Innovation: Beyond Traditional Manufacturing Paradigms",
    "Technological Challenges and Future Horizons",
    "The Human Element: Workforce Transformation in EV Manufacturing",
    "Economic and Geopolitical Implications",
]


def split_sentences(article):
    """An independent sentence split: drop the title and headings, split at '. ' + capital."""
    body = article.split("\n", 1)[1]
    for h in HEADINGS:
        body = body.replace(h, "\n")
    found = []
    for paragraph in body.split("\n"):
        found += [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", paragraph.strip()) if s]
    return found


def labels(graph, node):
    return [str(x) for p in (SKOS.prefLabel, SKOS.altLabel) for x in graph.objects(node, p)]


def test_every_sentence_of_the_article_is_in_the_graph(graph, article):
    expected = split_sentences(article)
    assert len(expected) == 36
    recorded = sorted(
        (int(graph.value(s, NIF.beginIndex)), str(graph.value(s, NIF.anchorOf)))
        for s in graph.subjects(RDF.type, NIF.Sentence)
    )
    assert [text for _, text in recorded] == expected


def test_offsets_are_code_points_into_the_article(graph, article):
    assert "—" in article  # the article has non-ASCII characters: bytes and code points differ
    for s in graph.subjects(RDF.type, NIF.Sentence):
        begin, end = int(graph.value(s, NIF.beginIndex)), int(graph.value(s, NIF.endIndex))
        assert article[begin:end] == str(graph.value(s, NIF.anchorOf)), s
        assert graph.value(s, NIF.beginIndex).datatype == XSD.nonNegativeInteger
        assert graph.value(s, NIF.referenceContext) == ART.document


def test_document_holds_the_article(graph, article):
    assert str(graph.value(ART.document, NIF.isString)) == article
    assert str(graph.value(ART.document, DCTERMS.title)) == article.split("\n", 1)[0]
    assert int(graph.value(ART.document, NIF.endIndex)) == len(article)


def test_headings_are_sections_and_the_first_is_split_from_its_sentence(graph, article):
    sections = sorted(
        (int(graph.value(s, NIF.beginIndex)), str(graph.value(s, DCTERMS.title)), s)
        for s in graph.subjects(RDF.type, NIF.Section)
    )
    assert [title for _, title, _ in sections] == HEADINGS
    for begin, title, _ in sections:
        assert article[begin : begin + len(title)] == title
    first = min(graph.subjects(RDF.type, NIF.Sentence), key=lambda s: int(graph.value(s, NIF.beginIndex)))
    assert str(graph.value(first, NIF.anchorOf)).startswith("In an era of unprecedented")
    assert graph.value(first, NIF.superString) == sections[0][2]
    line = article.splitlines()[2]
    assert line.startswith(HEADINGS[0] + " In an era")  # the source runs them together


def test_each_sentence_stands_in_the_section_whose_heading_precedes_it(graph):
    starts = sorted((int(graph.value(s, NIF.beginIndex)), s) for s in graph.subjects(RDF.type, NIF.Section))
    for s in graph.subjects(RDF.type, NIF.Sentence):
        begin = int(graph.value(s, NIF.beginIndex))
        expected = [sec for start, sec in starts if start <= begin][-1]
        assert graph.value(s, NIF.superString) == expected, s


def test_every_concept_has_one_class_and_labels(graph):
    vocabulary = {c for c in graph.subjects(RDF.type, OWL.Class) if str(c).startswith(str(EV._NS))}
    nodes = {s for s in graph.subjects(RDF.type, None) if str(s).startswith(str(KG))}
    assert len(nodes) > 90
    for node in nodes:
        classes = [c for c in graph.objects(node, RDF.type) if c in vocabulary]
        assert len(classes) == 1, (node, classes)
        assert len(list(graph.objects(node, SKOS.prefLabel))) == 1, node
        assert graph.value(node, RDFS.label) == graph.value(node, SKOS.prefLabel), node


def test_the_four_pillars_are_populated(graph):
    per_class = Counter(concepts(graph).values())
    for pillar in (EV.Nation, EV.Technology, EV.Challenge, EV.Workforce):
        assert per_class[pillar] >= 3, pillar


def test_alternative_labels_are_words_of_the_article(graph, article):
    lower = article.lower()
    for node in concepts(graph):
        for alt in graph.objects(node, SKOS.altLabel):
            assert str(alt).lower() in lower, (node, str(alt))


def test_every_relation_has_exactly_one_statement_with_its_sentences(graph):
    rels = relations(graph)
    assert len(rels) > 100
    for s, p, o in rels:
        stmts = [st for st in graph.subjects(RDF.subject, s) if (st, RDF.predicate, p) in graph and (st, RDF.object, o) in graph]
        assert len(stmts) == 1, (s, p, o)
        assert (stmts[0], RDF.type, RDF.Statement) in graph
        derived = list(graph.objects(stmts[0], PROV.wasDerivedFrom))
        assert derived and all((d, RDF.type, NIF.Sentence) in graph for d in derived)
    assert len(set(graph.subjects(RDF.type, RDF.Statement))) == len(rels)


def test_each_statement_names_one_of_its_ends_in_its_sentence(graph):
    """A claim's sentence names its subject or its object (the other end may be 'they', 'it')."""
    for st in graph.subjects(RDF.type, RDF.Statement):
        s, o = graph.value(st, RDF.subject), graph.value(st, RDF.object)
        for sentence in graph.objects(st, PROV.wasDerivedFrom):
            text = str(graph.value(sentence, NIF.anchorOf)).lower()
            named = [x for x in labels(graph, s) + labels(graph, o) if x.lower() in text]
            assert named, (st, text)


def test_no_invented_factories(graph, article):
    """The title promises ten factories that the text never names: none is made up."""
    facilities = [n for n, c in concepts(graph).items() if c == EV.Facility]
    for node in facilities:
        assert any(label.lower() in article.lower() for label in labels(graph, node))
    assert not any(re.search(r"\d", str(label)) for n in concepts(graph) for label in labels(graph, n) if "21st" not in str(label))


def _has(graph, s, p, o, sentence_start):
    assert (s, p, o) in graph, (s, p, o)
    sentences = [str(graph.value(x, NIF.anchorOf)) for st in graph.subjects(RDF.subject, s)
                 if (st, RDF.predicate, p) in graph and (st, RDF.object, o) in graph
                 for x in graph.objects(st, PROV.wasDerivedFrom)]
    assert any(x.startswith(sentence_start) for x in sentences), sentences


@pytest.mark.parametrize(
    "s, p, o, sentence",
    [
        (KG.China, EV.investsIn, KG.ResearchAndDevelopment, "Nations like China"),
        (KG.UnitedStates, EV.investsIn, KG.ResearchAndDevelopment, "Nations like China"),
        (KG.Germany, EV.investsIn, KG.ResearchAndDevelopment, "Nations like China"),
        (KG.ManufacturingHubs, EV.attracts, KG.TopEngineeringTalent, "Nations like China"),
        # hedged and evaluative claims are claims too
        (KG.BatteryTechnology, EV.constrains, KG.EVManufacturing, "Battery technology remains a critical bottleneck"),
        (KG.SupplyChainComplexity, EV.requires, KG.InnovativeProcurement, "Supply chain complexities"),
        (KG.SupplyChainComplexity, EV.involves, KG.RareEarthMinerals, "Supply chain complexities"),
        (KG.EVManufacturing, EV.faces, KG.CriticalCrossroads, "In an era of unprecedented"),
        (KG.TraditionalAutomotiveWorkers, EV.isRetrainedIn, KG.SoftwareEngineering, "Traditional automotive workers"),
        (KG.EducationalInstitutions, EV.collaboratesWith, KG.EVManufacturers, "Educational institutions"),
        (KG.RecycledAluminum, EV.replaces, KG.TraditionalManufacturingInputs, "Advanced materials like"),
        (KG.ManufacturingHubs, EV.integrates, KG.RenewableEnergy, "By integrating renewable"),
        (KG.GeopoliticalTensions, EV.requires, KG.CreativeSolutions, "Geopolitical tensions"),
        (KG.EmergingTechnologicalLeaders, EV.challenges, KG.TraditionalAutomotivePowerhouses, "Economic models"),
    ],
)
def test_claims_of_the_text(graph, s, p, o, sentence):
    _has(graph, s, p, o, sentence)
