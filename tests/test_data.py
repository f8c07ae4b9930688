"""The claims of the article: concepts, relations, statements, sentences, sections.

These tests read the data with plain rdflib and re-derive what they check from the article's
text on their own (sentence split, headings), so that they catch a wrong offset, a missed
sentence or an invented concept.
"""

import re
from collections import Counter

import pytest
from rdflib import URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from graph.evidence.model import concepts, pillar_of, relations
from graph.namespace import ART, DOCO, EV, ITSRDF, KG, NIF, PILLARS

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
        for s in graph.subjects(RDF.type, DOCO.Section)
    )
    assert [title for _, title, _ in sections] == HEADINGS
    for begin, title, section in sections:
        assert article[begin : begin + len(title)] == title
        heading = [t for t in graph.subjects(NIF.superString, section) if (t, RDF.type, DOCO.SectionTitle) in graph]
        assert len(heading) == 1 and str(graph.value(heading[0], NIF.anchorOf)) == title
        assert int(graph.value(heading[0], NIF.beginIndex)) == begin
    first = min(graph.subjects(RDF.type, NIF.Sentence), key=lambda s: int(graph.value(s, NIF.beginIndex)))
    assert str(graph.value(first, NIF.anchorOf)).startswith("In an era of unprecedented")
    assert graph.value(first, NIF.superString) == sections[0][2]
    line = article.splitlines()[2]
    assert line.startswith(HEADINGS[0] + " In an era")  # the source runs them together


def test_no_term_outside_nif_core_is_used(graph):
    nif_section = URIRef(str(NIF._NS) + "Section")  # no NIF Core term: sections are doco:Section
    assert not list(graph.subjects(RDF.type, nif_section))
    assert not any(nif_section in t for t in graph)


def test_section_3_has_no_text_of_its_own_and_contains_sections_4_to_9(graph, article):
    """"Powering the Future" is followed at once by the next heading: it heads sections 4-9."""
    by_title = {str(graph.value(s, DCTERMS.title)): s for s in graph.subjects(RDF.type, DOCO.Section)}
    third = by_title[HEADINGS[2]]
    after = article.index(HEADINGS[2]) + len(HEADINGS[2])
    assert article[after:].lstrip().startswith(HEADINGS[3])
    assert int(graph.value(third, NIF.endIndex)) == len(article)
    for title in HEADINGS[:3]:
        assert graph.value(by_title[title], NIF.superString) == ART.document
    for title in HEADINGS[3:]:
        section = by_title[title]
        assert graph.value(section, NIF.superString) == third, title
        assert int(graph.value(third, NIF.beginIndex)) < int(graph.value(section, NIF.beginIndex))


def test_each_sentence_stands_in_the_section_whose_heading_precedes_it(graph):
    starts = sorted((int(graph.value(s, NIF.beginIndex)), s) for s in graph.subjects(RDF.type, DOCO.Section))
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
    per_pillar = Counter(pillar_of(graph, c, PILLARS) for c in concepts(graph).values())
    for pillar in PILLARS:
        assert per_pillar[pillar] >= 3, pillar
    per_class = Counter(concepts(graph).values())
    assert per_class[EV.Workforce] == 0  # the pillar is abstract: its members are of its kinds
    assert per_class[EV.WorkerGroup] and per_class[EV.Skill] and per_class[EV.Training]


def test_nations_are_named_countries(graph):
    nations = {str(graph.value(n, SKOS.prefLabel)) for n, c in concepts(graph).items() if c == EV.Nation}
    assert nations == {"China", "United States", "Germany"}
    assert (KG.EVInvestingNations, RDF.type, EV.NationGroup) in graph


@pytest.mark.parametrize("node, wrong", [
    (KG.Waste, EV.Challenge), (KG.CarbonFootprint, EV.Challenge), (KG.EnvironmentalImpact, EV.Challenge),
    (KG.Inefficiencies, EV.Challenge), (KG.CriticalCrossroads, EV.Challenge), (KG.EVInvestingNations, EV.Nation),
    (KG.SpecializedCurricula, EV.WorkerGroup), (KG.DigitalSkills, EV.WorkerGroup),
])
def test_classes_are_not_bent_to_ranges(graph, node, wrong):
    assert (node, RDF.type, wrong) not in graph


def test_alternative_labels_are_words_of_the_article(graph, article):
    lower = article.lower()
    for node in concepts(graph):
        for alt in graph.objects(node, SKOS.altLabel):
            assert str(alt).lower() in lower, (node, str(alt))


def test_alternative_labels_are_synonyms_not_pronouns_subsets_or_descriptions(graph):
    alts = {str(a).lower() for n in concepts(graph) for a in graph.objects(n, SKOS.altLabel)}
    for word in ("they", "it", "their", "these facilities", "factories", "manufacturers", "innovative manufacturers",
                 "forward-thinking ev factories", "modern ev factories", "challenges", "technological transition",
                 "holistic approach", "technological laboratories", "research",
                 "international dynamics", "future of transportation"):  # near-synonyms are two concepts
        assert word not in alts, word


def test_every_concept_is_in_the_scheme_and_mentioned_in_the_text(graph):
    scheme = graph.value(None, RDF.type, SKOS.ConceptScheme)
    named = set(graph.objects(None, ITSRDF.taIdentRef))
    for node in concepts(graph):
        assert (node, SKOS.inScheme, ART.concepts) in graph, node
        assert node in named, node
    assert (ART.concepts, RDF.type, SKOS.ConceptScheme) in graph and scheme is not None


def test_the_graph_says_how_it_was_made(graph):
    activity = graph.value(ART.graph, PROV.wasGeneratedBy)
    assert (activity, RDF.type, PROV.Activity) in graph
    agent = graph.value(activity, PROV.wasAssociatedWith)
    assert (agent, RDF.type, PROV.Agent) in graph
    assert graph.value(activity, DCTERMS.date).datatype == XSD.date
    assert (ART.graph, PROV.wasDerivedFrom, ART.document) in graph


def _statements_of(graph, s, p, o):
    return [st for st in graph.subjects(RDF.subject, s) if (st, RDF.predicate, p) in graph and (st, RDF.object, o) in graph]


def test_every_relation_has_exactly_one_statement_with_its_sentences(graph):
    """Every plain relation triple has one statement (a symmetric one stated the other way has its
    statement one way); every statement is derived from sentences."""
    symmetric = set(graph.subjects(RDF.type, OWL.SymmetricProperty))
    rels = relations(graph)
    assert len(rels) > 50
    for s, p, o in rels:
        stmts = _statements_of(graph, s, p, o) or (_statements_of(graph, o, p, s) if p in symmetric else [])
        assert len(stmts) == 1, (s, p, o)
        assert (stmts[0], RDF.type, RDF.Statement) in graph
    statements = set(graph.subjects(RDF.type, RDF.Statement))
    assert len(statements) > 100
    for st in statements:
        derived = list(graph.objects(st, PROV.wasDerivedFrom))
        assert derived and all((d, RDF.type, NIF.Sentence) in graph for d in derived), st


#: The rule of docs/annotation-guide.md §2 ("Plain triples"), written out here on its own so that the
#: test does not read it from the code under test: what the text holds stands as a plain triple.
_HOLDS = {EV.AssertedFact, EV.TrendOrChange, EV.AimOrPurpose}
_DOES_NOT_HOLD = {EV.EvaluationOrOpinion, EV.SignalOrIndication, EV.AspirationOrPositioning, EV.Denied}


def test_a_plain_triple_is_what_the_text_asserts(graph):
    """No statement held as a judgement, a signal, an aspiration or a denial stands as a plain triple
    (an aim does: its predicate says the aim); every other statement does. Read with rdflib alone."""
    scheme = set(graph.subjects(SKOS.inScheme, EV.ModalityScheme))
    assert _HOLDS | _DOES_NOT_HOLD == scheme and not _HOLDS & _DOES_NOT_HOLD
    seen = {m: 0 for m in scheme}
    for st in graph.subjects(RDF.type, RDF.Statement):
        triple = (graph.value(st, RDF.subject), graph.value(st, RDF.predicate), graph.value(st, RDF.object))
        modality = graph.value(st, EV.modality)
        seen[modality] += 1
        if modality in _DOES_NOT_HOLD:
            assert triple not in graph, (st, modality)
        else:
            assert modality in _HOLDS and triple in graph, (st, modality)
    # the article has statements held both ways, so the test checks both branches
    assert sum(seen[m] for m in _HOLDS) and sum(seen[m] for m in _DOES_NOT_HOLD)
    # the one place in code that says the same (graph.namespace.TRUTHY) agrees with the guide
    from graph.namespace import TRUTHY
    assert TRUTHY == _HOLDS


def test_a_plain_query_does_not_take_a_positioning_for_a_fact(graph):
    """The reader's example: s34's "are positioning themselves at the forefront" is no plain ev:leads."""
    leaders = {row[0] for row in graph.query("SELECT ?s WHERE { ?s ev:leads ?o }", initNs={"ev": EV})}
    positioned = {graph.value(st, RDF.subject) for st in graph.subjects(EV.modality, EV.AspirationOrPositioning)}
    assert positioned and not leaders & positioned


def test_no_symmetric_property_is_stated_one_way(graph):
    """A property the vocabulary declares owl:SymmetricProperty is stated both ways, so a query without
    a reasoner finds each party (docs/annotation-guide.md §1)."""
    symmetric = set(graph.subjects(RDF.type, OWL.SymmetricProperty))
    assert EV.collaboratesWith in symmetric
    used = 0
    for p in symmetric:
        for s, o in graph.subject_objects(p):
            used += 1
            assert (o, p, s) in graph, (s, p, o)
    assert used


def test_each_statement_has_its_words_in_its_sentences(graph, article):
    """The subject, the object (and relation words, if any) are exact words of a source sentence."""
    for st in graph.subjects(RDF.type, RDF.Statement):
        spans = {}
        for sentence in graph.objects(st, PROV.wasDerivedFrom):
            b, e = int(graph.value(sentence, NIF.beginIndex)), int(graph.value(sentence, NIF.endIndex))
            spans[sentence] = (b, e)
        for prop, end in ((EV.subjectMention, RDF.subject), (EV.objectMention, RDF.object), (EV.relationMention, None)):
            found = list(graph.objects(st, prop))
            assert found or end is None, (st, prop)
            for m in found:
                b, e = int(graph.value(m, NIF.beginIndex)), int(graph.value(m, NIF.endIndex))
                assert article[b:e] == str(graph.value(m, NIF.anchorOf)), m
                sb, se = spans[graph.value(m, NIF.sentence)]
                assert sb <= b < e <= se, m
                if end is not None:
                    assert graph.value(m, ITSRDF.taIdentRef) == graph.value(st, end), (st, m)


MODALITIES = {EV.AssertedFact, EV.AimOrPurpose, EV.TrendOrChange, EV.SignalOrIndication, EV.EvaluationOrOpinion,
              EV.AspirationOrPositioning, EV.Denied}  # ev:Denied: the scheme's, for other documents (guide, section 9)


def test_every_statement_has_exactly_one_modality_from_the_scheme(graph):
    assert set(graph.subjects(SKOS.inScheme, EV.ModalityScheme)) == MODALITIES
    used = Counter()
    for st in graph.subjects(RDF.type, RDF.Statement):
        values = list(graph.objects(st, EV.modality))
        assert len(values) == 1 and values[0] in MODALITIES, (st, values)
        used[values[0]] += 1
    assert set(used) == MODALITIES - {EV.Denied}  # the article uses each way of saying a claim, and denies none


@pytest.mark.parametrize("s, p, o, modality, sentence", [
    (KG.BatteryResearch, EV.aimsToImprove, KG.EnergyDensity, EV.AimOrPurpose, "Battery technology remains"),
    (KG.Manufacturers, EV.aimsToReduce, KG.EnvironmentalImpact, EV.AimOrPurpose, "Manufacturers are developing"),
    (KG.ForwardThinkingEVFactories, EV.aimsAt, KG.FutureOfTransportation, EV.AimOrPurpose, "They are transforming"),
    (KG.ForwardThinkingEVFactories, EV.adaptsTo, KG.InternationalDynamics, EV.TrendOrChange, "As international dynamics"),
    (KG.ForwardThinkingEVFactories, EV.addresses, KG.Challenges, EV.AssertedFact, "They are transforming"),
    (KG.Robotics, EV.transforms, KG.AssemblyLines, EV.TrendOrChange, "Traditional assembly lines"),
    (KG.Robotics, EV.enables, KG.ManufacturingCapabilities, EV.AssertedFact, "Traditional assembly lines"),
    # "more than", "not just", "beyond", "transcend" with a noun: one rule, the writer's judgement (§1)
    (KG.ModernEVFactories, EV.transcends, KG.IndustrialFacilities, EV.EvaluationOrOpinion, "Modern EV factories"),
    (KG.ShiftToEVProduction, EV.transcends, KG.TechnologicalTransition, EV.EvaluationOrOpinion, "The shift towards"),
    (KG.EVFactories, EV.transcends, KG.ProductionCenters, EV.EvaluationOrOpinion, "These facilities are not just"),
    (KG.GlobalEVRace, EV.transcends, KG.IndustrialCompetition, EV.EvaluationOrOpinion, "The global race"),
    (KG.CreativeSolutions, EV.transcends, KG.TraditionalManufacturingApproaches, EV.EvaluationOrOpinion, "Geopolitical"),
    # "are being retrained" and "are being reimagined": one rule, a change (§2)
    (KG.TraditionalAutomotiveWorkers, EV.isRetrainedIn, KG.DigitalSkills, EV.TrendOrChange, "Traditional automotive"),
    (KG.Manufacturers, EV.develops, KG.ComprehensiveMobilitySolutions, EV.TrendOrChange, "Manufacturers are no longer"),
    (KG.Manufacturers, EV.produces, KG.Vehicles, EV.AssertedFact, "Manufacturers are no longer"),
    # the participle after the purpose stays in it (§2)
    (KG.EducationalInstitutions, EV.aimsAt, KG.WorkforceRemainsAdaptable, EV.AimOrPurpose, "Educational institutions"),
    (KG.Manufacturers, EV.aimsAt, KG.WorkforceRemainsAdaptable, EV.AimOrPurpose, "Educational institutions"),
    # a figurative noun is relation words (§1)
    (KG.ModernEVFactories, EV.bringsTogether, KG.PracticalEngineering, EV.EvaluationOrOpinion, "Modern EV factories"),
    (KG.RecycledAluminum, EV.replaces, KG.TraditionalManufacturingInputs, EV.TrendOrChange, "Advanced materials like"),
    (KG.Factories, EV.isDesignedAs, KG.ClosedLoopSystems, EV.TrendOrChange, "Factories are increasingly"),
    (KG.ForwardThinkingEVFactories, EV.advances, KG.EVTechnology, EV.SignalOrIndication, "Their ongoing progress signals"),
    (KG.ShiftToEVProduction, EV.transforms, KG.EVWorkforce, EV.SignalOrIndication, "The shift towards"),
    (KG.EVInvestingNations, EV.leads, KG.IndustrialInnovation, EV.AspirationOrPositioning, "Nations investing"),
    (KG.CarbonFiberComposites, EV.showsCommitmentTo, KG.EnvironmentalStewardship, EV.SignalOrIndication, "Advanced materials like"),
    (KG.ForwardThinkingEVFactories, EV.leads, KG.GlobalTransition, EV.EvaluationOrOpinion, "From advanced battery"),
    (KG.GlobalEVRace, EV.causes, KG.Ramifications, EV.AssertedFact, "It represents a strategic"),
    (KG.China, EV.investsIn, KG.ResearchAndDevelopment, EV.AssertedFact, "Nations like China"),
])
def test_hedges_are_kept(graph, s, p, o, modality, sentence):
    _has(graph, s, p, o, sentence)
    st = next(x for x in graph.subjects(RDF.subject, s) if (x, RDF.predicate, p) in graph and (x, RDF.object, o) in graph)
    assert graph.value(st, EV.modality) == modality


@pytest.mark.parametrize("s, p, o", [
    (KG.BatteryResearch, EV.improves, KG.EnergyDensity),  # "to improve": an aim
    (KG.LifecycleAssessment, EV.reduces, KG.EnvironmentalImpact),  # "to minimize": an aim, of the manufacturers
    (KG.EVFactories, EV.uses, KG.ClosedLoopSystems),  # "increasingly designed as"
    (KG.EVManufacturers, EV.develops, KG.SpecializedCurricula),  # generic manufacturers, and an aim
    (KG.SpecializedCurricula, URIRef(str(EV._NS) + "trains"), KG.EVWorkforce),  # not said; ev:trains is gone
    (KG.GlobalEVRace, EV.involves, KG.EVManufacturing),  # "race for EV manufacturing supremacy" is one concept
    (KG.CarbonFiberComposites, EV.isKindOf, KG.AdvancedMaterials),  # "X like A": the claims are A's, X names the class
    (KG.GeopoliticalTensions, EV.isKindOf, KG.ManufacturingChallenges),  # s27 does not say which challenges they are
    (KG.WorkforceRemainsAdaptable, EV.isKindOf, KG.EVWorkforce),  # s30: a state, not a subgroup
    (KG.Manufacturers, EV.ensures, KG.WorkforceRemainsAdaptable),  # s30: the curricula's effect is an aim too
    (KG.GlobalEVRace, EV.isDescribedAs, KG.StrategicImperative),  # s33: an evaluative noun alone is no claim
    (KG.ModernEVFactories, EV.isDescribedAs, KG.TechnologicalLaboratories),  # s13: a figure, relation words
])
def test_hardened_or_invented_claims_are_gone(graph, s, p, o):
    assert (s, p, o) not in graph
    assert not any((st, RDF.predicate, p) in graph and (st, RDF.object, o) in graph
                   for st in graph.subjects(RDF.subject, s)), "not even as a statement"


@pytest.mark.parametrize("s, p, o, sentences", [
    (KG.TraditionalAutomotiveWorkers, EV.isPartOf, KG.EVWorkforce, {"s28", "s29"}),
    (KG.SupplyChainComplexity, EV.isKindOf, KG.ManufacturingChallenges, {"s24", "s26"}),
    (KG.Retraining, EV.isPartOf, KG.HumanCentricApproach, {"s29", "s31"}),
    (KG.SpecializedCurricula, EV.isPartOf, KG.HumanCentricApproach, {"s30", "s31"}),
    (KG.ForwardThinkingEVFactories, EV.isKindOf, KG.EVFactories, {"s04"}),
    (KG.InnovativeManufacturers, EV.isKindOf, KG.Manufacturers, {"s09"}),
])
def test_links_the_text_makes_are_recorded_with_their_sentences(graph, s, p, o, sentences):
    st = next(x for x in graph.subjects(RDF.subject, s) if (x, RDF.predicate, p) in graph and (x, RDF.object, o) in graph)
    assert {str(x).rsplit("/", 1)[-1] for x in graph.objects(st, PROV.wasDerivedFrom)} == sentences


def test_no_invented_factories(graph, article):
    """The title promises ten factories that the text never names: none is made up."""
    facilities = [n for n, c in concepts(graph).items() if c == EV.Facility]
    for node in facilities:
        assert any(label.lower() in article.lower() for label in labels(graph, node))
    assert not any(re.search(r"\d", str(label)) for n in concepts(graph) for label in labels(graph, n) if "21st" not in str(label))


def _has(graph, s, p, o, sentence_start):
    """A statement of ``s p o`` (whether or not its triple stands plain) derives from the sentence."""
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
        (KG.EVIndustry, EV.standsAt, KG.CriticalCrossroads, "In an era of unprecedented"),
        (KG.TraditionalAutomotiveWorkers, EV.isRetrainedIn, KG.SoftwareEngineering, "Traditional automotive workers"),
        (KG.EducationalInstitutions, EV.collaboratesWith, KG.Manufacturers, "Educational institutions"),
        (KG.RecycledAluminum, EV.replaces, KG.TraditionalManufacturingInputs, "Advanced materials like"),
        (KG.ManufacturingHubs, EV.uses, KG.RenewableEnergy, "By integrating renewable"),
        (KG.GlobalEVRace, EV.causes, KG.Ramifications, "It represents a strategic imperative"),
        (KG.GeopoliticalTensions, EV.requires, KG.CreativeSolutions, "Geopolitical tensions"),
        (KG.EmergingTechnologicalLeaders, EV.challenges, KG.TraditionalAutomotivePowerhouses, "Economic models"),
    ],
)
def test_claims_of_the_text(graph, s, p, o, sentence):
    _has(graph, s, p, o, sentence)
