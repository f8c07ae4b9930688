"""Datasets: TriG and N-Quads read and written, a document in each named graph, GRAPH queries,
the default graph as every graph or as its own, and files read together sharing no blank node.

The small datasets here are written for the tests."""

import json

import pytest

from graph.errors import NeedsOxigraph
from graph.exports import export
from graph.source import Source

DATASET = """@prefix ex: <http://ex.org/> .
ex:a ex:p ex:b .
ex:g1 { ex:a ex:p ex:c . ex:c ex:q ex:d . _:x ex:q ex:d . }
ex:g2 { ex:a ex:p ex:c . }
"""


@pytest.fixture
def dataset(tmp_path):
    path = tmp_path / "ds.trig"
    path.write_text(DATASET, encoding="utf-8")
    return path


def _select(source, sparql):
    from graph.query import run_query

    answer = json.loads(run_query(source, sparql).body)
    return [{k: v["value"] for k, v in row.items()} for row in answer["results"]["bindings"]]


def test_a_dataset_keeps_its_graphs_and_graph_queries_reach_them(dataset):
    source = Source(data=[dataset])
    rows = _select(source, "SELECT ?g (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g")
    assert rows == [{"g": "http://ex.org/g1", "n": "3"}, {"g": "http://ex.org/g2", "n": "1"}]


def test_the_default_graph_is_every_graph_unless_told_otherwise(dataset):
    count = "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"
    # as one graph: 4 distinct triples (ex:a ex:p ex:c is in two graphs, and counts once)
    assert _select(Source(data=[dataset]), count) == [{"n": "4"}]
    assert _select(Source(data=[dataset], union=False), count) == [{"n": "1"}]


def test_union_counts_each_triple_once(dataset):
    rows = _select(Source(data=[dataset]), "SELECT ?s ?o { ?s <http://ex.org/p> ?o } ORDER BY ?o")
    assert [r["o"] for r in rows] == ["http://ex.org/b", "http://ex.org/c"]


def test_a_blank_node_in_two_graphs_stays_one_in_their_merge(tmp_path):
    """The merged default graph is built from each graph's dump; a blank node the dataset shares
    between graphs (N-Quads may) is one node there too, with or without GRAPH in the query."""
    path = tmp_path / "shared.nq"
    path.write_text('_:x <http://ex.org/p> "1" <http://ex.org/g1> .\n'
                    '_:x <http://ex.org/q> "2" <http://ex.org/g2> .\n'
                    '_:x <http://ex.org/r> "3" .\n', encoding="utf-8")
    source = Source(data=[path])
    join = "SELECT ?a ?b ?c { ?s <http://ex.org/p> ?a ; <http://ex.org/q> ?b ; <http://ex.org/r> ?c }"
    assert _select(source, join) == [{"a": "1", "b": "2", "c": "3"}]
    # the word GRAPH makes the named graphs part of the copy: the same merge, and GRAPH reaches them
    with_graph = join[:-1] + "GRAPH <http://ex.org/g1> { ?s <http://ex.org/p> ?a } }"
    assert _select(source, with_graph) == [{"a": "1", "b": "2", "c": "3"}]
    assert _select(source, "SELECT (COUNT(DISTINCT ?s) AS ?n) { ?s ?p ?o }") == [{"n": "1"}]


def test_nquads_and_trig_round_trip_to_the_same_bytes(dataset, tmp_path):
    nq = export(Source(data=[dataset]), "nquads")
    assert export(Source(data=[dataset]), "nquads") == nq  # the same input, the same bytes
    lines = nq.splitlines()
    assert len(lines) == 5 and lines[0] == "<http://ex.org/a> <http://ex.org/p> <http://ex.org/b> ."  # default first
    assert "<http://ex.org/a> <http://ex.org/p> <http://ex.org/c> <http://ex.org/g2> ." in lines
    assert "_:b0 <http://ex.org/q> <http://ex.org/d> <http://ex.org/g1> ." in lines  # blank nodes named by the graph
    trig = export(Source(data=[dataset]), "trig")
    assert "ex:g1 {" in trig and "@prefix ex: <http://ex.org/> ." in trig
    (tmp_path / "back.trig").write_text(trig, encoding="utf-8")
    (tmp_path / "back.nq").write_text(nq, encoding="utf-8")
    assert export(Source(data=[tmp_path / "back.trig"]), "nquads") == nq
    assert export(Source(data=[tmp_path / "back.nq"]), "nquads") == nq


def test_the_article_as_a_dataset_has_a_graph_for_its_document(counts, tmp_path):
    import pyoxigraph as ox

    nq = export(None, "nquads")
    quads = list(ox.parse(nq.encode("utf-8"), format=ox.RdfFormat.N_QUADS))
    document = ox.NamedNode("https://example.org/ev-kg/article/document")
    assert {q.graph_name for q in quads if not isinstance(q.graph_name, ox.DefaultGraph)} == {document}
    in_document = [q for q in quads if q.graph_name == document]
    kinds = {q.object.value.rsplit("#", 1)[-1] for q in in_document if q.predicate.value.endswith("#type")}
    # the document's graph holds its text, sentences, mentions and statements; concepts stay in the default graph
    assert {"Context", "Sentence", "Phrase", "Statement"} <= kinds
    assert not any(q.subject.value.startswith("https://example.org/ev-kg/id/") for q in in_document)
    path = tmp_path / "article.nq"
    path.write_text(nq, encoding="utf-8")
    source = Source(data=[path])
    assert len(set(source.triples())) == counts["triples"]
    from graph.network.analysis import stats

    assert stats(source) == stats(Source())  # the same concepts, relations, statements and measures


def test_named_files_are_graphs_of_their_own(tmp_path):
    default, named = tmp_path / "default.ttl", tmp_path / "named.ttl"
    default.write_text("<http://ex.org/a> <http://ex.org/p> 1 .\n", encoding="utf-8")
    named.write_text("<http://ex.org/a> <http://ex.org/p> 2 .\n", encoding="utf-8")
    source = Source(data=[default], named=[named], union=False)
    assert _select(source, "SELECT ?o { ?s ?p ?o }") == [{"o": "1"}]
    assert _select(source, "SELECT ?g ?o { GRAPH ?g { ?s ?p ?o } }") == [{"g": named.resolve().as_uri(), "o": "2"}]
    with pytest.raises(NeedsOxigraph):
        Source(data=[default], named=[named], engine="rdflib").open()


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_files_read_together_share_no_blank_node(tmp_path, engine):
    # the same label in two files is two blank nodes (RDF merges files; it does not join their blank nodes)
    one, two = tmp_path / "one.ttl", tmp_path / "two.ttl"
    one.write_text("_:x <http://ex.org/p> 1 .\n", encoding="utf-8")
    two.write_text("_:x <http://ex.org/p> 2 .\n", encoding="utf-8")
    source = Source(data=[one, two], engine=engine)
    assert _select(source, "SELECT (COUNT(DISTINCT ?s) AS ?n) { ?s ?p ?o }") == [{"n": "2"}]
    assert len({t[0] for t in source.triples()}) == 2
    again = Source(data=[one, two], engine=engine)
    assert export(again, "nquads") == export(source, "nquads")


def test_the_rdflib_engine_says_a_dataset_needs_oxigraph(dataset, cli):
    code, out, err = cli("stats", "--data", str(dataset), "--engine", "rdflib")
    assert code == 2 and out == ""
    assert err.startswith(f"Error: {dataset}") and "named graphs" in err and err.count("\n") == 1
    code, out, err = cli("query", "--data", str(dataset), "SELECT ?g { GRAPH ?g { } } ORDER BY ?g", "--format", "csv")
    assert code == 0 and out.split() == ["g", "http://ex.org/g1", "http://ex.org/g2"]
