"""validate(): SHACL shapes, declared vocabulary, offsets against the article, coverage."""

import pytest
from rdflib.namespace import SKOS

from graph.errors import DataError
from graph.source import load
from graph.resources import ARTICLE
from graph.namespace import ART, EV
from graph.network.analysis import stats
from graph.evidence.validation import validate


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
    assert s["statements"] > 100
    # what the text asserts stands as a plain triple: the statements held as fact, trend or aim
    from rdflib import RDF, Graph

    from graph.namespace import EV, TRUTHY
    from graph.resources import TRIPLES

    article = Graph().parse(TRIPLES)
    held = sum(1 for st in article.subjects(RDF.type, RDF.Statement) if article.value(st, EV.modality) in TRUTHY)
    assert s["statements_as_plain_triples"] == held < s["statements"]
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
    assert ("claim:China-investsIn-ResearchAndDevelopment: held as ev:AssertedFact, so its triple must stand as a "
            "plain triple, and it does not") in problems


def test_an_evaluation_stated_as_a_plain_triple_is_reported(data_copy, article_text):
    """What the text only judges does not stand as a plain triple (docs/annotation-guide.md §2)."""
    paths = data_copy("    ev:operatesAmid kg:GeopoliticalTransformation .\n",
                      "    ev:operatesAmid kg:GeopoliticalTransformation ;\n    ev:standsAt kg:CriticalCrossroads .\n")
    problems = check(paths, article_text).problems
    assert problems == ["claim:EVIndustry-standsAt-CriticalCrossroads: held as ev:EvaluationOrOpinion, so its triple "
                        "must not stand as a plain triple (only what the text asserts does), and it does"]


def test_a_symmetric_relation_stated_one_way_is_reported(data_copy, article_text):
    paths = data_copy(" ;\n    ev:collaboratesWith kg:EducationalInstitutions .\n", " .\n")
    problems = check(paths, article_text).problems
    assert ("kg:EducationalInstitutions: ev:collaboratesWith kg:Manufacturers: the predicate is symmetric, but the "
            "triple is not stated the other way") in problems


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
    assert not [p for p in excused.problems if "supports no statement" in p or "listed in" in p]
    assert excused.summary["sentences_excluded"] == 1
    # the statement moved to s20 keeps its words in s19: its mentions say so
    assert sorted(p.split(": ", 1)[1] for p in excused.problems) == [
        "ev:objectMention art:m3518-3532 stands in art:s19, which the statement is not derived from",
        "ev:relationMention art:m3533-3618 stands in art:s19, which the statement is not derived from",
        "ev:subjectMention art:m3619-3635 stands in art:s19, which the statement is not derived from",
    ]


def test_exclusion_of_a_covered_sentence_is_a_problem(article_text):
    report = validate(load(), text=article_text, exclusions={ART.s01: "not really"})
    assert any(p.startswith("art:s01: listed in") and p.endswith("but supports statements") for p in report.problems)


def test_exclusions_file_format(tmp_path):
    from graph.evidence.checks import read_exclusions

    path = tmp_path / "ex.tsv"
    path.write_text("# comment\nart:s05\tonly rhetoric\n<https://example.org/ev-kg/article/s06>\tx\n", encoding="utf-8")
    assert read_exclusions(path) == {ART.s05: "only rhetoric", ART.s06: "x"}
    path.write_text("art:s05 no tab\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"ex.tsv:1: expected"):
        read_exclusions(path)


def test_exclusions_file_of_the_project_is_valid():
    from graph.resources import EXCLUSIONS
    from graph.evidence.checks import read_exclusions

    assert EXCLUSIONS.exists()
    read_exclusions(EXCLUSIONS)  # raises on a malformed line


# ---- modality, mentions, classes and declared terms (issue 10)

AIM = "claim:BatteryResearch-aimsToImprove-EnergyDensity"
RESEARCH = 'art:m4510-4518 a nif:Phrase , nif:OffsetBasedString ;\n    nif:anchorOf "research" ;\n'


def test_the_summary_counts_modalities_mentions_and_classes():
    s = validate().summary
    assert sum(s["statements_per_modality"].values()) == s["statements"]
    # by label, as stats says them, every modality of the scheme kept (zeros too), largest first
    g = load()
    scheme = {str(g.value(m, SKOS.prefLabel)) for m in g.subjects(SKOS.inScheme, EV.ModalityScheme)}
    assert len(scheme) == 7 and set(s["statements_per_modality"]) == scheme
    said = stats(g)["statements_per_modality"]
    assert {k: v for k, v in s["statements_per_modality"].items() if v} == said
    assert list(s["statements_per_modality"].values()) == sorted(s["statements_per_modality"].values(), reverse=True)
    assert s["mentions"] > 2 * s["statements"] / 2 and s["statements_with_mentions"] == s["statements"]
    assert s["concepts_class_only_from_range"] == 0


def test_a_mention_off_by_one_is_reported(data_copy, article_text):
    paths = data_copy(RESEARCH + '    nif:beginIndex "4510"', RESEARCH + '    nif:beginIndex "4511"')
    problems = check(paths, article_text).problems
    assert "art:m4510-4518: data/article.txt[4511:4518] is 'esearch', not its nif:anchorOf 'research'" in problems
    assert "art:m4510-4518: nif:endIndex - nif:beginIndex is 7, but nif:anchorOf is 8 characters long" in problems


def test_a_mention_outside_its_sentence_is_reported(data_copy, article_text):
    old = RESEARCH + '    nif:beginIndex "4510"^^xsd:nonNegativeInteger ; nif:endIndex "4518"^^xsd:nonNegativeInteger ;\n    nif:sentence art:s25'
    paths = data_copy(old, old[: -len("s25")] + "s24")
    problems = check(paths, article_text).problems
    assert "art:m4510-4518: offsets [4510:4518] lie outside its sentence art:s24 [4300:4419]" in problems
    assert f"{AIM}: ev:subjectMention art:m4510-4518 stands in art:s24, which the statement is not derived from" in problems


def test_a_statement_without_modality_is_reported(data_copy, article_text):
    old = "    rdf:object kg:EnergyDensity ;\n    ev:modality ev:AimOrPurpose ;\n"
    paths = data_copy(old, "    rdf:object kg:EnergyDensity ;\n")
    problems = check(paths, article_text).problems
    assert f"{AIM}: a statement needs exactly one ev:modality, a concept of ev:ModalityScheme" in problems
    assert f"{AIM}: the predicate ev:aimsToImprove states an aim, so the modality must be ev:AimOrPurpose" in problems


def test_a_statement_with_two_modalities_is_reported(data_copy, article_text):
    old = "    rdf:object kg:EnergyDensity ;\n    ev:modality ev:AimOrPurpose ;\n"
    paths = data_copy(old, old.replace("ev:AimOrPurpose", "ev:AimOrPurpose , ev:TrendOrChange"))
    problems = check(paths, article_text).problems
    assert f"{AIM}: a statement needs exactly one ev:modality, a concept of ev:ModalityScheme" in problems


def test_a_modality_outside_the_scheme_and_a_hardened_aim_are_reported(data_copy, article_text):
    old = "    rdf:object kg:EnergyDensity ;\n    ev:modality ev:AimOrPurpose ;\n"
    problems = check(data_copy(old, old.replace("ev:AimOrPurpose", "kg:China")), article_text).problems
    assert f"{AIM}: ev:modality kg:China is not a concept of ev:ModalityScheme" in problems
    problems = check(data_copy(old, old.replace("ev:AimOrPurpose", "ev:AssertedFact")), article_text).problems
    assert f"{AIM}: the predicate ev:aimsToImprove states an aim, so the modality must be ev:AimOrPurpose" in problems
    old = "claim:China-investsIn-ResearchAndDevelopment a rdf:Statement ;\n    rdf:subject kg:China ;\n    rdf:predicate ev:investsIn ;\n    rdf:object kg:ResearchAndDevelopment ;\n    ev:modality ev:AssertedFact ;"
    problems = check(data_copy(old, old.replace("ev:AssertedFact", "ev:AimOrPurpose")), article_text).problems
    assert "claim:China-investsIn-ResearchAndDevelopment: modality ev:AimOrPurpose needs ev:aimsAt or one of its kinds, not ev:investsIn" in problems


def test_a_mention_naming_another_concept_or_missing_is_reported(data_copy, article_text):
    old = "    ev:subjectMention art:m4510-4518 ; ev:objectMention art:m4530-4544 ;"
    problems = check(data_copy(old, "    ev:subjectMention art:m4530-4544 ; ev:objectMention art:m4530-4544 ;"), article_text).problems
    assert (f"{AIM}: ev:subjectMention art:m4530-4544 'energy density' names kg:EnergyDensity, "
            "not its rdf:subject kg:BatteryResearch") in problems
    problems = check(data_copy(old, "    ev:subjectMention art:m4510-4518 ;"), article_text).problems
    assert f"{AIM}: a statement needs an ev:objectMention, a nif:Phrase of its sentence naming its object" in problems


def test_a_class_that_no_mention_records_is_reported_as_from_a_range(data_copy, article_text):
    old = "itsrdf:taIdentRef kg:EnergyDensity ; itsrdf:taClassRef ev:Quality"
    report = check(data_copy(old, "itsrdf:taIdentRef kg:EnergyDensity"), article_text)
    assert ("kg:EnergyDensity: no mention records its class ev:Quality (itsrdf:taClassRef), so only its "
            "relations' ranges and domains speak for it") in report.problems
    assert report.summary["concepts_class_only_from_range"] == 1
    problems = check(data_copy(old, "itsrdf:taIdentRef kg:EnergyDensity ; itsrdf:taClassRef ev:Goal"), article_text).problems
    assert "art:m4530-4544: itsrdf:taClassRef ev:Goal, but kg:EnergyDensity is an ev:Quality" in problems


@pytest.mark.parametrize("old, new, line", [
    ("art:s01 a nif:Sentence ;", "art:s01 a nif:Sentence , nif:Section ;",
     "nif:Section: used in the data, but not a term of NIF Core that the project declares (graph.namespace.NIF_TERMS)"),
    ("art:s01 a nif:Sentence ;", "art:s01 a nif:Sentence , nif:Sentense ;",
     "nif:Sentense: used in the data, but not a term of NIF Core that the project declares (graph.namespace.NIF_TERMS)"),
    ("prov:wasGeneratedBy art:curation", "prov:wasGenerBy art:curation",
     "prov:wasGenerBy: used in the data, but not a term of PROV-O (rdflib.namespace.PROV)"),
    ("skos:inScheme art:concepts", "skos:inSchema art:concepts",
     "skos:inSchema: used in the data, but not a term of SKOS (rdflib.namespace.SKOS)"),
    ('dcterms:date "2026', 'dcterms:dated "2026',
     "dcterms:dated: used in the data, but not a term of DCMI Metadata Terms (rdflib.namespace.DCTERMS)"),
    ("itsrdf:taIdentRef kg:China", "itsrdf:taIdentRef kg:China ; itsrdf:taIdent kg:China",
     "itsrdf:taIdent: used in the data, but not an ITS term that the project declares (graph.namespace.ITSRDF)"),
])
def test_undeclared_standard_terms_are_reported(data_copy, article_text, old, new, line):
    assert line in check(data_copy(old, new), article_text).problems
