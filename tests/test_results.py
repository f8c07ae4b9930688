"""Result formats: the table, and the W3C formats parsed back."""

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
from rdflib import Graph

from graph.errors import QueryError
from graph.query import run_query
from graph.results import FORMATS, format_result

SELECT = "SELECT ?nation ?label WHERE { ?nation ev:investsIn kg:ResearchAndDevelopment ; skos:prefLabel ?label } ORDER BY ?label"


@pytest.fixture(scope="module")
def result(graph):
    return run_query(graph, SELECT)


def test_table_is_aligned_with_compact_names(result):
    lines = format_result(result, "table").splitlines()
    assert lines[0].split() == ["nation", "label"]
    assert lines[2].split() == ["kg:China", "China"]
    assert lines[-1] == "(3 rows)"
    assert len({line.index("label") if "label" in line else None for line in lines[:1]}) == 1
    column = lines[0].index("label")
    assert all(line[column - 2 : column] == "  " for line in lines[2:-1])


def test_csv(result):
    rows = list(csv.reader(io.StringIO(format_result(result, "csv"))))
    assert rows[0] == ["nation", "label"]
    assert rows[1] == ["https://example.org/ev-kg/id/China", "China"]


def test_tsv(result):
    lines = format_result(result, "tsv").splitlines()
    assert lines[0] == "?nation\t?label"
    assert lines[1] == '<https://example.org/ev-kg/id/China>\t"China"@en'


def test_json(result):
    data = json.loads(format_result(result, "json"))
    assert data["head"]["vars"] == ["nation", "label"]
    assert data["results"]["bindings"][2]["label"] == {"type": "literal", "value": "United States", "xml:lang": "en"}


def test_xml(result):
    root = ET.fromstring(format_result(result, "xml"))
    ns = {"s": "http://www.w3.org/2005/sparql-results#"}
    assert [v.get("name") for v in root.findall("s:head/s:variable", ns)] == ["nation", "label"]
    assert len(root.findall("s:results/s:result", ns)) == 3


@pytest.mark.parametrize("fmt", FORMATS)
def test_ask_in_every_format(graph, fmt):
    out = format_result(run_query(graph, "ASK { kg:Germany ev:investsIn kg:ResearchAndDevelopment }"), fmt)
    assert "true" in out


def test_construct_prints_turtle_that_parses(graph):
    out = format_result(run_query(graph, "CONSTRUCT { ?n ev:investsIn ?x } WHERE { ?n ev:investsIn ?x }"))
    assert "kg:China ev:investsIn kg:ResearchAndDevelopment" in out
    assert len(Graph().parse(data=out, format="turtle")) == 5
    assert json.loads(format_result(run_query(graph, "DESCRIBE kg:China"), "json"))
    with pytest.raises(QueryError, match="results are graphs"):
        format_result(run_query(graph, "DESCRIBE kg:China"), "csv")


def test_empty_result_table(graph):
    out = format_result(run_query(graph, "SELECT ?x WHERE { ?x ev:investsIn kg:Nothing }"))
    assert out.splitlines() == ["x", "-", "(0 rows)"]
