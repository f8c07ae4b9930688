"""Our vocabulary is declared once, and everything of ours that the data uses is declared."""

from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from graph.source import load
from graph.namespace import DOCO, EV, ITSRDF, NIF, NIF_TERMS, PREFIXES, compact
from graph.resources import DATA_DIR, ONTOLOGY

NIF_CORE = Path(__file__).resolve().parent.parent.parent / "shared" / "reference" / "nif-core.ttl"

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
        NIF.sentense
    with pytest.raises(AttributeError):
        DOCO.Sectoin


def test_nif_terms_are_the_ones_the_data_uses():
    data = load()
    nif = str(NIF._NS)
    used = {t for triple in data for t in triple if str(t).startswith(nif)}
    assert used == NIF_TERMS
    with pytest.raises(AttributeError):  # no NIF Core term: sections are doco:Section
        NIF.Section


@pytest.mark.skipif(not NIF_CORE.exists(), reason=f"the published NIF Core ontology is not at {NIF_CORE}")
def test_nif_terms_are_declared_by_nif_core():
    core = Graph().parse(NIF_CORE, format="turtle")
    nif = str(NIF._NS)
    declared = {s for s in core.subjects(RDF.type, None) if isinstance(s, URIRef) and str(s).startswith(nif)}
    assert len(declared) > 50  # the real ontology, not an empty file
    assert NIF_TERMS <= declared, sorted(NIF_TERMS - declared)
    assert URIRef(nif + "Section") not in declared  # why the data moved to doco:Section


def test_external_terms_are_declared_in_the_ontology(ontology):
    for vocabulary, defined_by in ((DOCO, "http://purl.org/spar/doco"), (ITSRDF, "http://www.w3.org/2005/11/its/rdf#")):
        for name in vocabulary.__annotations__:
            term = vocabulary[name]
            assert ontology.value(term, RDFS.comment) is not None, term
            assert str(ontology.value(term, RDFS.isDefinedBy)) == defined_by, term


def test_every_class_and_relation_is_documented(ontology):
    classes = {c for c in ontology.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef)}  # not the unions
    relations = set(ontology.subjects(RDF.type, OWL.ObjectProperty))
    assert {EV.Nation, EV.Technology, EV.Challenge, EV.Workforce} <= classes
    assert {EV.investsIn, EV.attracts, EV.integrates, EV.replaces, EV.constrains, EV.requires,
            EV.isRetrainedIn, EV.collaboratesWith} <= relations
    for term in classes | relations:
        assert ontology.value(term, RDFS.label) is not None, term
        assert ontology.value(term, RDFS.comment) is not None, term
    for term in relations:
        for end in (RDFS.domain, RDFS.range):
            value = ontology.value(term, end)
            members = list(ontology.items(ontology.value(value, OWL.unionOf))) if (value, OWL.unionOf, None) in ontology else [value]
            assert members and all(m in classes for m in members), (term, end)
    for term in {c for c in classes if str(c).startswith(EV_NS)} - {EV.Concept}:
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
