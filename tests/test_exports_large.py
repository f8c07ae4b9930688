"""Every export of a 100,000-triple generated graph (bench/generate.py), read back by its
consumer: marked slow (about a minute), run by ``python -m pytest -m slow`` (.ci/run does)."""

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from consumer_tools import FalkorDB, cytoscape_counts, graphology
from graph.exports import FORMATS, export, write_export
from graph.source import Source

pytestmark = pytest.mark.slow
GENERATE = Path(__file__).resolve().parent.parent / "bench" / "generate.py"


@pytest.fixture(scope="module")
def large(tmp_path_factory):
    """The graph file, its concept network and every export of it, written by the library."""
    folder = tmp_path_factory.mktemp("large")
    data = folder / "g100k.ttl"
    with open(data, "w", encoding="utf-8") as f:
        subprocess.run([sys.executable, str(GENERATE), "--triples", "100000"], stdout=f, check=True)
    paths = {}
    for fmt in FORMATS:
        paths[fmt] = folder / ("neo4j" if fmt == "neo4j-csv" else f"g.{fmt}")
        write_export(export(Source(data=[str(data)]), fmt), paths[fmt], fmt)
    return data, Source(data=[str(data)]).network(), paths


def test_networkx(large):
    import networkx as nx

    _, cn, paths = large
    for net in (nx.read_graphml(paths["graphml"]), nx.read_gexf(paths["gexf"])):
        assert (net.number_of_nodes(), net.number_of_edges()) == (len(cn), cn.edge_count)


@pytest.mark.parametrize("fmt", ["gexf", "graphml"])
def test_graphology(large, fmt):
    _, cn, paths = large
    read = graphology(fmt, paths[fmt])
    assert (read["order"], read["size"]) == (len(cn), cn.edge_count)


def test_cytoscape_js(large):
    _, cn, paths = large
    read = cytoscape_counts(paths["cytoscape"])
    assert (read["nodes"], read["edges"], read["dangling"]) == (len(cn), cn.edge_count, 0)


def test_falkordb(large, tmp_path):
    _, cn, paths = large
    server = FalkorDB(tmp_path)
    try:
        g = server.run_script("large", paths["cypher"].read_text(encoding="utf-8"))
        assert g.query("MATCH (n:Concept) RETURN count(n)").result_set == [[len(cn)]]
        assert g.query("MATCH ()-[r]->() RETURN count(r)").result_set == [[cn.edge_count]]
    finally:
        server.close()


def test_neo4j_csv_and_csv(large):
    _, cn, paths = large
    with open(paths["neo4j-csv"] / "relationships.csv", encoding="utf-8", newline="") as f:
        assert sum(1 for _ in csv.reader(f)) == cn.edge_count + 1
    with open(paths["csv"], encoding="utf-8", newline="") as f:
        assert sum(1 for _ in csv.reader(f)) == cn.edge_count + 1


def test_jsonld_with_pyld(large):
    from pyld import jsonld
    from rdflib import Graph
    from rdflib.compare import isomorphic

    data, _, paths = large
    doc = json.loads(paths["jsonld"].read_text(encoding="utf-8"))
    back = Graph().parse(data=jsonld.to_rdf(doc, {"format": "application/n-quads"}), format="nquads")
    assert isomorphic(back, Graph().parse(data, format="turtle"))


def test_turtle12_and_web_annotation(large):
    import pyoxigraph as ox

    data, _, paths = large
    store = ox.Store()
    store.load(path=str(paths["turtle12"]), format=ox.RdfFormat.TURTLE)
    assert len(store) == len(list(ox.parse(path=str(data), format=ox.RdfFormat.TURTLE)))
    doc = json.loads(paths["web-annotation"].read_text(encoding="utf-8"))
    assert doc["total"] == 0 and doc["first"]["items"] == []  # the generated graph has no statements
