"""graph.evidence.model: concepts, relations, labels and pillars read from small inline graphs."""

from rdflib import Graph, URIRef

from graph.evidence.model import concepts, label, pillar_of, relation_predicates, relations, vocabulary_classes
from graph.namespace import EV, PILLARS

TTL = """
@prefix ev: <https://example.org/ev-kg/ontology#> . @prefix ex: <http://ex.org/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
ev:Nation a owl:Class . ev:Technology a owl:Class . ev:Facility a owl:Class ; rdfs:subClassOf ev:Technology .
ex:Other a owl:Class .
ev:investsIn a owl:ObjectProperty ; rdfs:label "invests in"@en .
ex:a a ev:Nation , ev:Technology ; skos:prefLabel "A"@en ; rdfs:label "not this" ; ev:investsIn ex:b .
ex:b a ev:Facility ; rdfs:label "B" ; ex:unrelated ex:c .
ex:c a ex:Other .
"""


def _graph():
    return Graph().parse(data=TTL, format="turtle")


def test_vocabulary_classes_are_ours_only():
    assert vocabulary_classes(_graph()) == {EV.Nation, EV.Technology, EV.Facility}


def test_concepts_take_the_least_class_of_ours():
    found = concepts(_graph())
    assert found == {URIRef("http://ex.org/a"): EV.Nation, URIRef("http://ex.org/b"): EV.Facility}


def test_relations_are_triples_of_declared_object_properties():
    assert relation_predicates(_graph()) == {EV.investsIn}
    assert relations(_graph()) == [(URIRef("http://ex.org/a"), EV.investsIn, URIRef("http://ex.org/b"))]


def test_label_prefers_pref_label_then_label_then_local_name():
    g = _graph()
    assert [label(g, URIRef(f"http://ex.org/{x}")) for x in "abc"] == ["A", "B", "c"]
    assert label(g, EV.investsIn) == "invests in"


def test_pillar_of_follows_subclasses():
    g = _graph()
    assert pillar_of(g, EV.Facility, PILLARS) == EV.Technology
    assert pillar_of(g, URIRef("http://ex.org/Other"), PILLARS) is None
