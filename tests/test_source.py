"""graph.source: the one front door for files, stores and endpoints."""

import pytest
from fakes import Fake, count_answer

from graph.engine import engine_of, triple_count
from graph.errors import DataError, StoreError
from graph.network import concept_network
from graph.source import build_store, default_output_name, open_graph

TINY = "<http://ex/a> <http://ex/p> <http://ex/b> .\n<http://ex/b> <http://ex/p> <http://ex/c> .\n"


def test_no_source_is_the_article(graph):
    from rdflib.compare import isomorphic

    g = open_graph()
    assert engine_of(g) == "rdflib" and isomorphic(g, graph)


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_files_on_either_engine(tmp_path, engine):
    path = tmp_path / "tiny.nt"
    path.write_text(TINY, encoding="utf-8")
    g = open_graph(data=[str(path)], engine=engine)
    assert engine_of(g) == engine and triple_count(g) == 2


def test_one_source_only():
    with pytest.raises(DataError, match="give one source"):
        open_graph(data=["a.ttl"], endpoint="http://127.0.0.1:9/query")


def test_a_built_store_opens_with_the_same_triples(tmp_path, graph):
    n = build_store(None, tmp_path / "s")
    g = open_graph(store=tmp_path / "s")
    assert n == len(graph) == triple_count(g) and engine_of(g) == "oxigraph"
    assert dict(g.namespaces())["kg"] == dict(graph.namespaces())["kg"]


def test_a_failed_build_leaves_nothing(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("<http://ex/a> <http://ex/p> .\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"bad\.ttl:1:"):
        build_store([bad], tmp_path / "new")
    assert not (tmp_path / "new").exists()
    (tmp_path / "empty").mkdir()
    with pytest.raises(DataError):
        build_store([bad], tmp_path / "empty")
    assert (tmp_path / "empty").is_dir() and not any((tmp_path / "empty").iterdir())


def test_a_missing_file_is_refused_before_a_store_is_made(tmp_path):
    with pytest.raises(DataError, match="no such file"):
        build_store([tmp_path / "nope.ttl"], tmp_path / "s")
    assert not (tmp_path / "s").exists()


def test_store_errors_are_store_errors(tmp_path):
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("x")
    with pytest.raises(StoreError, match="not an empty folder"):
        build_store(None, tmp_path / "full")
    with pytest.raises(StoreError, match="not a store made by"):
        open_graph(store=tmp_path / "full")


def test_an_endpoint_graph_fetches_nothing_until_its_network_is_needed():
    nt = b"<http://ex/a> <http://ex/p> <http://ex/b> .\n"
    with Fake(count_answer(1560), count_answer(1), (200, "application/n-triples", nt)) as fake:
        g = open_graph(endpoint=fake.url + "/query")
        assert fake.requests == [] and engine_of(g) == "remote"
        assert triple_count(g) == 1560  # counted by the endpoint
        cn = concept_network(g)  # counts the network, then fetches it
    assert (len(cn), cn.edge_count) == (2, 1) and len(fake.requests) == 3


def test_an_endpoint_network_above_the_bound_is_refused():
    with Fake(count_answer(5000)) as fake:
        g = open_graph(endpoint=fake.url + "/query", max_triples=100)
        with pytest.raises(DataError, match=r"5,000 triples, above the bound of 100"):
            concept_network(g)


def test_default_output_name():
    assert str(default_output_name(["dir/mine.ttl"])) == "mine.html"
    assert str(default_output_name(store="stores/big")) == "big.html"
    assert str(default_output_name(endpoint="http://h/q")) == "endpoint.html"
    assert default_output_name() is None


def test_a_streamed_network_counts_a_triple_said_twice_once(tmp_path):
    from graph.source import open_network

    path = tmp_path / "twice.ttl"
    path.write_text("@prefix ex: <http://ex.org/> .\nex:a ex:p ex:b .\nex:a ex:p ex:b .\nex:b ex:name \"x\" , \"x\" .\n",
                    encoding="utf-8")
    streamed, loaded = (open_network(data=[str(path)], engine=e) for e in ("auto", "rdflib"))
    assert streamed.facts["triples"] == loaded.facts["triples"] == 2
    assert streamed.edge_count == loaded.edge_count == 1
