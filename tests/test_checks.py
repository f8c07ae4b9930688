"""graph.evidence.checks: the checks of mentions and classes against the text, on small inline graphs."""

import pytest
from test_reader import DATA, TEXT, graph_of

from graph.evidence.checks import check_classes, check_mentions


@pytest.fixture
def good():
    return graph_of(DATA)


def test_a_good_graph_has_no_problem(good):
    assert check_mentions(good, TEXT) == []
    assert check_mentions(good) == []  # against the document's own nif:isString
    assert check_classes(good) == []


def test_words_that_are_not_the_text(good):
    bad = graph_of(DATA.replace('nif:anchorOf "workers"', 'nif:anchorOf "Workers"'))
    assert check_mentions(bad, TEXT, "t.txt") == ["art:m19-26: t.txt[19:26] is 'workers', not its nif:anchorOf 'Workers'"]


def test_a_mention_outside_its_sentence(good):
    bad = graph_of(DATA.replace("""nif:anchorOf "workers" ; nif:sentence art:s01""", """nif:anchorOf "workers" ; nif:sentence art:s02"""))
    assert check_mentions(bad, TEXT) == [
        "art:m19-26: offsets [19:26] lie outside its sentence art:s02 [28:44]",
        "claim:Robots-enables-Workers: ev:objectMention art:m19-26 stands in art:s02, which the statement is not derived from",
    ]


def test_a_pronoun_must_name_the_referent(good):
    text = DATA + """
art:m28-32 a nif:Phrase ; nif:anchorOf "They" ; nif:sentence art:s01 ; nif:referenceContext art:document ;
    nif:beginIndex "28"^^xsd:nonNegativeInteger ; nif:endIndex "32"^^xsd:nonNegativeInteger ;
    itsrdf:taIdentRef kg:Workers ; itsrdf:taClassRef ev:WorkerGroup .
claim:Robots-enables-Workers ev:subjectMention art:m28-32 .
"""
    problems = check_mentions(graph_of(text), TEXT)
    assert "claim:Robots-enables-Workers: ev:subjectMention art:m28-32 'They' names kg:Workers, not its rdf:subject kg:Robots" in problems
    assert "art:m28-32: offsets [28:32] lie outside its sentence art:s01 [7:27]" in problems


def test_a_class_no_mention_records(good):
    bad = graph_of(DATA.replace("itsrdf:taIdentRef kg:Workers ; itsrdf:taClassRef ev:WorkerGroup", "itsrdf:taIdentRef kg:Workers"))
    assert check_classes(bad) == [
        "kg:Workers: no mention records its class ev:WorkerGroup (itsrdf:taClassRef), so only its relations' "
        "ranges and domains speak for it"
    ]
    unnamed = graph_of(DATA + "kg:Skills a ev:Skill .\n")
    assert check_classes(unnamed) == [
        "kg:Skills: no mention in the text names it, so only its relations' ranges and domains speak for its class ev:Skill"
    ]


def test_a_class_recorded_differently_from_the_concept(good):
    bad = graph_of(DATA.replace("itsrdf:taClassRef ev:WorkerGroup", "itsrdf:taClassRef ev:Skill"))
    assert "art:m19-26: itsrdf:taClassRef ev:Skill, but kg:Workers is an ev:WorkerGroup" in check_mentions(bad, TEXT)
