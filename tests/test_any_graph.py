"""Any graph described as it is: on a graph of someone else's vocabulary, no command speaks of the
article's model (pillars, modalities, claims, sentences...), and validate and stats count alike."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from graph.evidence.validation import validate
from graph.exports import FORMATS
from graph.network.analysis import stats as analyse
from graph.results import format_report, format_stats
from graph.source import Source
from graph.viewer.payload import build_payload

ROOT = Path(__file__).resolve().parent.parent

# Written for the tests: ten triples of FOAF, none of the article's vocabulary.
PEOPLE = """@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix ex: <http://example.org/people/> .
ex:alice a foaf:Person ; foaf:name "Alice" ; foaf:knows ex:bob , ex:carol .
ex:bob a foaf:Person ; foaf:name "Bob" ; foaf:knows ex:dave .
ex:carol a foaf:Person ; foaf:name "Carol" ; foaf:member ex:club .
ex:club a foaf:Organization .
"""

#: Words of the article's model and vocabulary, none of which the FOAF graph uses. "statement" is not
#: among them: a Cypher script's statements are Cypher's.
ARTICLE_WORDS = ("pillar", "modalit", "claim", "sentence", "article", "nation", "technology", "workforce",
                 "challenge", "dashed", "mention", "evidence", "supports")
#: The article's prefixes, where they are prefixes (``urn:ev-kg:`` is the project's name, not ``kg:``).
_PREFIX = re.compile(r"(?<![\w-])(ev|kg|art|claim|nif|itsrdf|doco):")


@pytest.fixture
def people(tmp_path):
    path = tmp_path / "people.ttl"
    path.write_text(PEOPLE, encoding="utf-8")
    return path


def _words(text):
    """The article's words and prefixes in ``text``."""
    text = text.lower()
    return [w for w in ARTICLE_WORDS if w in text] + sorted({m.group() for m in _PREFIX.finditer(text)})


@pytest.mark.parametrize("command", ["stats", "validate"])
@pytest.mark.parametrize("fmt", ["text", "json"])
def test_stats_and_validate_speak_only_of_what_the_graph_has(cli, people, command, fmt):
    code, out, err = cli(command, "--data", str(people), "--format", fmt)
    assert code == 0 and err == ""
    assert _words(out) == [], out


def test_stats_and_validate_count_the_same_concepts_and_relations(cli, people):
    for data in (["--data", str(people)], []):  # a graph of someone else's, and the article's
        stats = json.loads(cli("stats", *data, "--format", "json")[1])
        report = json.loads(cli("validate", *data, "--format", "json")[1])["summary"]
        for key in ("triples", "concepts", "relations", "concepts_per_class"):
            assert report[key] == stats[key], key
    # the article's, counted with rdflib: its concepts (a class of the vocabulary), one relation a statement
    from rdflib import RDF, Graph, URIRef

    from graph.namespace import EV, KG
    from graph.resources import TRIPLES

    article = Graph().parse(TRIPLES)
    concepts = {s for s, c in article.subject_objects(RDF.type) if str(s).startswith(str(KG)) and str(c).startswith(str(EV))}
    assert (stats["concepts"], stats["relations"]) == (len(concepts), len(set(article.subjects(RDF.type, RDF.Statement))))
    # the FOAF graph's, counted by hand: five people and a club (dave has no class), four relations
    stats = json.loads(cli("stats", "--data", str(people), "--format", "json")[1])
    assert (stats["concepts"], stats["relations"]) == (5, 4)
    assert stats["concepts_per_class"] == {"foaf:Person": 3, "(no class)": 1, "foaf:Organization": 1}
    _, out, _ = cli("validate", "--data", str(people))
    assert out.splitlines()[0] == "Conforms: 5 concepts, 4 relations."


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_export_speaks_only_of_what_the_graph_has(cli, people, tmp_path, fmt):
    out_path = tmp_path / ("neo4j" if fmt == "neo4j-csv" else f"people.{fmt}")
    code, _, err = cli("export", "--data", str(people), "--format", fmt, "--out", str(out_path))
    assert code == 0, err
    files = sorted(out_path.iterdir()) if out_path.is_dir() else [out_path]
    for path in files:
        assert _words(path.read_text(encoding="utf-8")) == [], (path.name, _words(path.read_text(encoding="utf-8")))


def test_the_article_keeps_its_words(cli):
    """The same commands on the article's graph say all of it: the rule hides only what a graph lacks."""
    _, out, _ = cli("stats")
    assert "Statements per modality" in out and "Concepts that bridge the pillars" in out
    _, out, _ = cli("validate")
    assert "sentences support a statement" in out and "Statements per modality:" in out
    _, out, _ = cli("export", "--format", "csv")
    assert out.splitlines()[0].split(",")[8:11] == ["statement", "modality", "modality_label"]


def test_the_viewer_of_a_foreign_graph_has_no_pillar_or_text(cli, people, tmp_path):
    """What the page is given; what it shows is tested in a browser
    (tests/test_viewer_browser.py::test_a_foreign_graph_speaks_only_of_what_it_has)."""
    code, out, err = cli("viz", "--data", str(people), "--out", str(tmp_path / "people.html"))
    assert code == 0 and _words(out + err) == []
    data = build_payload(Source(data=[str(people)]))
    assert data["classes"] and not any(c["pillar"] or c["kindOf"] for c in data["classes"])


@pytest.mark.slow
def test_a_generated_graph_of_100000_triples_is_described_as_it_is(tmp_path):
    """bench/generate.py's graph (its own vocabulary, no provenance): validate and stats agree, and
    neither speaks of the article's model."""
    data = tmp_path / "g100k.ttl"
    with open(data, "w", encoding="utf-8") as f:
        subprocess.run([sys.executable, str(ROOT / "bench" / "generate.py"), "--triples", "100000"], stdout=f,
                       check=True)
    stats, report = analyse(Source(data=[str(data)])), validate(Source(data=[str(data)]))
    assert report.conforms, report.problems[:5]
    for text in (format_stats(stats), format_stats(stats, "json"), format_report(report), format_report(report, "json")):
        assert _words(text) == [], _words(text)
    report = report.summary
    lines = data.read_text(encoding="utf-8").splitlines()  # the generator writes a concept or a relation a line
    concepts = sum(" a exv:Class" in line for line in lines)
    relations = sum(line.startswith("ex:c") and " exv:rel" in line for line in lines)
    assert stats["triples"] == report["triples"] == 100_000
    assert (report["concepts"], report["relations"]) == (stats["concepts"], stats["relations"]) == (concepts, relations)
    assert report["concepts_per_class"] == stats["concepts_per_class"]
