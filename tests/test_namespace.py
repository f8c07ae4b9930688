"""Our vocabulary is declared once, and everything of ours that the data uses is declared."""

import pytest
from rdflib import URIRef
from rdflib.namespace import OWL, RDF, RDFS

from graph.load import load
from graph.resources import DATA_DIR, ONTOLOGY
from graph.namespace import EV, NIF, PREFIXES, compact

EV_NS = str(EV._NS)


def _ev_terms(graph):
    return {t for triple in graph for t in triple if isinstance(t, URIRef) and str(t).startswith(EV_NS)}


@pytest.fixture(scope="module")
def ontology():
    return load([ONTOLOGY])


def _declared(ontology):
    return {s for s in ontology.subjects(RDF.type, None) if str(s).startswith(EV_NS)}


def test_namespace_class_and_ontology_declare_the_same_terms(ontology):
    in_class = {EV[name] for name in EV.__annotations__}
    assert in_class == _declared(ontology)


@pytest.mark.parametrize("name", ["triples.ttl", "shapes.ttl", "ontology.ttl"])
def test_every_term_of_ours_used_in_data_is_declared(ontology, name):
    used = _ev_terms(load([DATA_DIR / name]))
    assert used, f"{name} uses no ev: term"
    assert used <= _declared(ontology)
    for term in used:  # and the closed namespace knows it
        assert EV[str(term)[len(EV_NS):]] == term


def test_typo_fails_at_once():
    with pytest.raises(AttributeError):
        EV.Natoin
    with pytest.raises(AttributeError):
        NIF.sentence


def test_nif_terms_are_the_ones_the_data_uses():
    data = load()
    nif = str(NIF._NS)
    used = {t for triple in data for t in triple if str(t).startswith(nif)}
    assert used == {NIF[name] for name in NIF.__annotations__}


def test_every_class_and_relation_is_documented(ontology):
    classes = set(ontology.subjects(RDF.type, OWL.Class))
    relations = set(ontology.subjects(RDF.type, OWL.ObjectProperty))
    assert {EV.Nation, EV.Technology, EV.Challenge, EV.Workforce} <= classes
    assert {EV.investsIn, EV.attracts, EV.integrates, EV.replaces, EV.constrains, EV.requires,
            EV.isRetrainedIn, EV.collaboratesWith} <= relations
    for term in classes | relations:
        assert ontology.value(term, RDFS.label) is not None, term
        assert ontology.value(term, RDFS.comment) is not None, term
    for term in relations:
        assert ontology.value(term, RDFS.domain) in classes, term
        assert ontology.value(term, RDFS.range) in classes, term
    for term in classes - {EV.Concept}:
        assert ontology.value(term, RDFS.subClassOf) in classes, term


def test_no_generic_related_to_relation(ontology):
    names = {str(p)[len(EV_NS):].lower() for p in ontology.subjects(RDF.type, OWL.ObjectProperty)}
    assert not {n for n in names if "related" in n}


def test_standard_vocabularies_are_not_redeclared():
    for prefix in ("rdf", "rdfs", "owl", "skos", "prov", "dcterms", "xsd"):
        assert not str(PREFIXES[prefix]).startswith("https://example.org/")


def test_compact_uses_the_longest_matching_prefix():
    assert compact(EV.Nation) == "ev:Nation"
    assert compact(RDF.type, {"w3": "http://www.w3.org/", "rdf": str(RDF)}) == "rdf:type"
    assert compact(URIRef("http://example.com/a b")) == "<http://example.com/a b>"
