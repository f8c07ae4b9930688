"""validate(): SHACL shapes, declared vocabulary, offsets against the article, coverage."""

import pytest

from graph.errors import DataError
from graph.load import load
from graph.resources import ARTICLE
from graph.namespace import ART
from graph.validate import validate


@pytest.fixture(scope="module")
def article_text():
    return ARTICLE.read_text(encoding="utf-8")


def check(paths, article_text, **kwargs):
    return validate(load(paths), text=article_text, text_name="data/article.txt", **kwargs)


def test_the_article_graph_conforms_and_covers_every_sentence():
    report = validate()
    assert report.conforms, report.problems
    s = report.summary
    assert s["sentences"] == 36 and s["sentences_covered"] == 36
    assert s["statements"] == s["relations"] > 100
    assert sum(s["concepts_per_class"].values()) == s["concepts"]


def test_an_offset_moved_by_one_is_reported_with_its_statements(data_copy, article_text):
    paths = data_copy('nif:beginIndex "2915"', 'nif:beginIndex "2916"')
    report = check(paths, article_text)
    assert not report.conforms
    offsets = [p for p in report.problems if p.startswith("art:s16: data/article.txt[2916:3116]")]
    assert len(offsets) == 1
    assert "claim:China-investsIn-ResearchAndDevelopment" in offsets[0]
    assert any("art:s16: nif:endIndex - nif:beginIndex is 200" in p for p in report.problems)


def test_offsets_checked_against_the_document_text_when_no_article_is_given(data_copy):
    paths = data_copy('nif:endIndex "287"', 'nif:endIndex "288"')
    report = validate(load(paths))
    assert any(p.startswith("art:s01: the document's nif:isString[164:288]") for p in report.problems)


def test_a_changed_article_is_reported(article_text):
    report = validate(load(), text=article_text.replace("China", "Chine"), text_name="a.txt")
    assert any(p.startswith("art:document: nif:isString differs from a.txt at character") for p in report.problems)


def test_relation_without_statement(data_copy, article_text):
    paths = data_copy("    ev:investsIn kg:ResearchAndDevelopment ;", "    ev:investsIn kg:ResearchAndDevelopment , kg:BatteryResearch ;")
    problems = check(paths, article_text).problems
    assert "kg:China: ev:investsIn kg:BatteryResearch: this relation has no rdf:Statement saying where it comes from" in problems


def test_statement_whose_triple_is_missing(data_copy, article_text):
    paths = data_copy("    ev:investsIn kg:ResearchAndDevelopment ;\n", "")
    problems = check(paths, article_text).problems
    assert "claim:China-investsIn-ResearchAndDevelopment: the statement's triple is not in the graph" in problems


def test_domain_and_range_and_one_class(data_copy, article_text):
    paths = data_copy("kg:China a ev:Nation ;", "kg:China a ev:Nation , ev:Technology ;")
    problems = check(paths, article_text).problems
    assert any(p.startswith("kg:China: a concept has exactly one class of the vocabulary") for p in problems)
    paths = data_copy("    rdf:object kg:ResearchAndDevelopment ;", "    rdf:object kg:Resilience ;")
    problems = check(paths, article_text).problems
    assert any("claim:China-investsIn-ResearchAndDevelopment" in p for p in problems)


def test_undeclared_term_is_reported(data_copy, article_text):
    paths = data_copy("kg:China a ev:Nation ;", "kg:China a ev:Natoin ;")
    problems = check(paths, article_text).problems
    assert "ev:Natoin: used in the data, but not declared in the vocabulary" in problems


def test_missing_label(data_copy, article_text):
    paths = data_copy('    skos:prefLabel "China"@en ;\n', "")
    problems = check(paths, article_text).problems
    assert "kg:China: a concept needs exactly one skos:prefLabel" in problems


def test_uncovered_sentence_is_listed_unless_excluded_with_a_reason(data_copy, article_text):
    paths = data_copy("prov:wasDerivedFrom art:s19 .", "prov:wasDerivedFrom art:s20 .")
    report = check(paths, article_text)
    assert [p for p in report.problems if "supports no statement" in p] == [
        "art:s19: supports no statement, and is not listed in data/coverage-exclusions.tsv with a reason"
    ]
    excused = check(paths, article_text, exclusions={ART.s19: "a test"})
    assert excused.conforms, excused.problems
    assert excused.summary["sentences_excluded"] == 1


def test_exclusion_of_a_covered_sentence_is_a_problem(article_text):
    report = validate(load(), text=article_text, exclusions={ART.s01: "not really"})
    assert any(p.startswith("art:s01: listed in") and p.endswith("but supports statements") for p in report.problems)


def test_exclusions_file_format(tmp_path):
    from graph.provenance import read_exclusions

    path = tmp_path / "ex.tsv"
    path.write_text("# comment\nart:s05\tonly rhetoric\n<https://example.org/ev-kg/article/s06>\tx\n", encoding="utf-8")
    assert read_exclusions(path) == {ART.s05: "only rhetoric", ART.s06: "x"}
    path.write_text("art:s05 no tab\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"ex.tsv:1: expected"):
        read_exclusions(path)


def test_exclusions_file_of_the_project_is_valid():
    from graph.resources import EXCLUSIONS
    from graph.provenance import read_exclusions

    assert EXCLUSIONS.exists()
    read_exclusions(EXCLUSIONS)  # raises on a malformed line
