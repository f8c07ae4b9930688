"""compare: the article's graph against itself, and the naive extractor's candidate counted by hand."""

import json
from pathlib import Path

import pytest

from graph.compare import compare, normalize, read_candidate_csv
from graph.errors import DataError
from graph.resources import ONTOLOGY, TRIPLES

NAIVE = Path(__file__).parent / "fixtures" / "naive-extractor.csv"
SCORES = ("concepts", "relations", "relations_with_predicate", "evidence")


def test_the_article_against_itself_is_one_everywhere(tmp_path, graph):
    for candidate in ([str(TRIPLES), str(ONTOLOGY)], str(TRIPLES)):
        r = compare(candidate)
        for part in SCORES:
            assert (r[part]["precision"], r[part]["recall"], r[part]["f1"]) == (1.0, 1.0, 1.0), part
        for group in ("per_class", "per_predicate"):
            assert all((s["precision"], s["recall"], s["f1"]) == (1.0, 1.0, 1.0) for s in r[group].values())
        assert r["missing"] == r["extra"] == {"concepts": [], "relations": []}


def test_our_own_csv_export_scores_one(tmp_path, graph):
    from graph.export import export

    path = tmp_path / "article.csv"
    path.write_text(export(graph, "csv"), encoding="utf-8")
    r = compare(path)
    assert all(r[part]["f1"] == 1.0 for part in SCORES)


# The hand count of tests/fixtures/naive-extractor.csv (ten rows; docs/compare.md walks through it):
# concepts: 19 distinct names, 16 match (all but "critical bottleneck", "Tesla", "gigafactories"),
#   and they are 16 distinct reference concepts of 102;
# relations (pairs, either direction): 10, 8 match (not battery technology-critical bottleneck,
#   Tesla-gigafactories) of 108 reference pairs;
# with the predicate: 10, 6 match (not those two, "optimizes" for improves, and workforce "trains"
#   specialized curricula, reversed) of 109 reference relations;
# evidence: 7 rows cite a span, 4 overlap the reference sentence (China's, closed-loop systems',
#   manufacturers', machine learning's offsets); United States cites the wrong sentence, the two
#   unmatched pairs cannot be right; 108 reference pairs have a sentence.
HAND_COUNT = {
    "concepts": (16, 19, 16, 102),
    "relations": (8, 10, 8, 108),
    "relations_with_predicate": (6, 10, 6, 109),
    "evidence": (4, 7, 4, 108),
}


@pytest.mark.parametrize("part", SCORES)
def test_the_naive_extractor_gets_the_hand_counted_figures(part):
    r = compare(NAIVE)[part]
    tp_c, c, tp_r, ref = HAND_COUNT[part]
    assert (r["matched_candidate"], r["candidate"], r["matched_reference"], r["reference"]) == HAND_COUNT[part]
    p, rec = tp_c / c, tp_r / ref
    assert (r["precision"], r["recall"], r["f1"]) == (round(p, 4), round(rec, 4), round(2 * p * rec / (p + rec), 4))


def test_the_naive_extractor_per_class_and_predicate_and_lists():
    r = compare(NAIVE)
    assert r["per_class"]["ev:Nation"] == {"precision": 1.0, "recall": 0.75, "f1": 0.8571, "candidate": 3,
                                           "reference": 4, "matched_candidate": 3, "matched_reference": 3}
    assert r["per_class"]["(none)"]["candidate"] == 3 and r["per_class"]["(none)"]["precision"] == 0.0
    assert (r["per_predicate"]["investsIn"]["precision"], r["per_predicate"]["investsIn"]["recall"]) == (1.0, 0.6)
    assert r["extra"]["concepts"] == ["Tesla", "critical bottleneck", "gigafactories"]
    assert len(r["missing"]["concepts"]) == 102 - 16 and len(r["missing"]["relations"]) == 109 - 6
    missing = {(m["subject"], m["predicate"], m["object"]): m["sentence"] for m in r["missing"]["relations"]}
    assert missing[("machine learning", "improves", "production workflows")].startswith("Advanced automation systems")
    extra = {(m["subject"], m["predicate"], m["object"]) for m in r["extra"]["relations"]}
    assert ("workforce", "trains", "specialized curricula") in extra and ("Tesla", "builds", "gigafactories") in extra


def test_the_cli_prints_text_and_json(cli):
    code, out, _ = cli("compare", str(NAIVE))
    assert code == 0 and "concepts" in out and "0.842" in out and "Missing relations (103)" in out
    code, out, _ = cli("compare", str(NAIVE), "--format", "json")
    assert code == 0 and json.loads(out)["evidence"]["precision"] == 0.5714


@pytest.mark.parametrize("text, expected", [
    ("The EV Factories", "ev factory"), ("ResearchAndDevelopment", "research and development"),
    ("https://example.org/ev-kg/id/ClosedLoopSystems", "closed loop system"), ("closed-loop systems", "closed loop system"),
    ("batteries", "battery"), ("processes", "process"), ("a", "a"),
])
def test_normalize(text, expected):
    assert normalize(text) == expected


def test_a_csv_without_header_and_bad_rows(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("China,invests in,research and development,2915,3116\n", encoding="utf-8")
    assert read_candidate_csv(path) == [{"subject": "China", "predicate": "invests in",
                                         "object": "research and development", "begin": "2915", "end": "3116"}]
    assert compare(path)["evidence"]["precision"] == 1.0
    path.write_text("subject,predicate,object\nChina,,x\n", encoding="utf-8")
    with pytest.raises(DataError, match="c.csv:2: expected subject, predicate and object"):
        read_candidate_csv(path)


def test_a_missing_candidate_is_an_error(cli, tmp_path):
    code, _, err = cli("compare", str(tmp_path / "none.csv"))
    assert code == 2 and "no such file" in err
