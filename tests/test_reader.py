"""graph.evidence.reader: mentions, modalities and the document, on small inline graphs."""

import pytest
from rdflib import Graph

from graph.namespace import ART, CLAIM, EV, KG, bind_prefixes
from graph.evidence.reader import mentions, modalities, statement_mentions

TEXT = "Title\n\nRobots help workers. They train them."

PROLOGUE = """
@prefix ev: <https://example.org/ev-kg/ontology#> .
@prefix kg: <https://example.org/ev-kg/id/> .
@prefix art: <https://example.org/ev-kg/article/> .
@prefix claim: <https://example.org/ev-kg/claim/> .
@prefix nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .
@prefix itsrdf: <http://www.w3.org/2005/11/its/rdf#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""

DATA = PROLOGUE + """
ev:ModalityScheme a skos:ConceptScheme .
ev:AssertedFact a skos:Concept ; skos:inScheme ev:ModalityScheme .
ev:AimOrPurpose a skos:Concept ; skos:inScheme ev:ModalityScheme .

art:document a nif:Context ; nif:isString "Title\\n\\nRobots help workers. They train them." .
art:s01 a nif:Sentence ; nif:referenceContext art:document ; nif:anchorOf "Robots help workers." ;
    nif:beginIndex "7"^^xsd:nonNegativeInteger ; nif:endIndex "27"^^xsd:nonNegativeInteger .
art:s02 a nif:Sentence ; nif:referenceContext art:document ; nif:anchorOf "They train them." ;
    nif:beginIndex "28"^^xsd:nonNegativeInteger ; nif:endIndex "44"^^xsd:nonNegativeInteger .

kg:Robots a ev:Technology . kg:Workers a ev:WorkerGroup .
kg:Robots ev:enables kg:Workers .

art:m7-13 a nif:Phrase ; nif:anchorOf "Robots" ; nif:sentence art:s01 ; nif:referenceContext art:document ;
    nif:beginIndex "7"^^xsd:nonNegativeInteger ; nif:endIndex "13"^^xsd:nonNegativeInteger ;
    itsrdf:taIdentRef kg:Robots ; itsrdf:taClassRef ev:Technology .
art:m14-18 a nif:Phrase ; nif:anchorOf "help" ; nif:sentence art:s01 ; nif:referenceContext art:document ;
    nif:beginIndex "14"^^xsd:nonNegativeInteger ; nif:endIndex "18"^^xsd:nonNegativeInteger .
art:m19-26 a nif:Phrase ; nif:anchorOf "workers" ; nif:sentence art:s01 ; nif:referenceContext art:document ;
    nif:beginIndex "19"^^xsd:nonNegativeInteger ; nif:endIndex "26"^^xsd:nonNegativeInteger ;
    itsrdf:taIdentRef kg:Workers ; itsrdf:taClassRef ev:WorkerGroup .

claim:Robots-enables-Workers a rdf:Statement ;
    rdf:subject kg:Robots ; rdf:predicate ev:enables ; rdf:object kg:Workers ;
    ev:modality ev:AssertedFact ;
    ev:subjectMention art:m7-13 ; ev:objectMention art:m19-26 ; ev:relationMention art:m14-18 ;
    prov:wasDerivedFrom art:s01 .
"""


def graph_of(text):
    return bind_prefixes(Graph().parse(data=text, format="turtle"))


@pytest.fixture
def good():
    return graph_of(DATA)


def test_mentions_in_text_order(good):
    found = mentions(good)
    assert [(m.text, m.begin, m.end) for m in found] == [("Robots", 7, 13), ("help", 14, 18), ("workers", 19, 26)]
    assert found[0].concept == KG.Robots and found[0].cls == EV.Technology and found[0].sentence == ART.s01
    assert found[1].concept is None


def test_statement_mentions_by_role(good):
    words = statement_mentions(good)[CLAIM["Robots-enables-Workers"]]
    assert {role: [m.text for m in ms] for role, ms in words.items()} == {
        "subject": ["Robots"], "object": ["workers"], "relation": ["help"]}


def test_modalities_keep_zeros(good):
    assert modalities(good) == {EV.AimOrPurpose: 0, EV.AssertedFact: 1}


def test_document_holds_the_text_its_sections_and_sentences(good):
    from graph.evidence.reader import document

    doc = document(good)
    assert doc["text"] == TEXT and doc["sections"] == []
    assert [(x["id"], x["begin"], x["end"]) for x in doc["sentences"]] == [("art:s01", 7, 27), ("art:s02", 28, 44)]
    assert document(Graph()) is None
