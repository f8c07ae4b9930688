"""graph.source: one value for files, stores and endpoints, with one backend per kind of store."""

import pytest
from fakes import Fake, count_answer
from rdflib import Graph, URIRef

from graph.errors import DataError, StoreError
from graph.source import Source, concept_network, load, open_graph
from graph.source.store import build_store

TINY = "<http://ex/a> <http://ex/p> <http://ex/b> .\n<http://ex/b> <http://ex/p> <http://ex/c> .\n"


@pytest.fixture
def tiny(tmp_path):
    path = tmp_path / "tiny.nt"
    path.write_text(TINY, encoding="utf-8")
    return path


def test_no_source_is_the_article(graph):
    from rdflib.compare import isomorphic

    source = Source()
    assert source.default and source.kind == "files" and source.name == "the article's graph"
    assert source.backend.name == "rdflib" and isomorphic(source.graph(), graph)


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_files_on_either_engine(tiny, engine):
    source = Source(data=[tiny], engine=engine)
    assert source.backend.name == engine and source.count() == 2
    assert sorted(source.triples()) == [("http://ex/a", "http://ex/p", "http://ex/b", False),
                                        ("http://ex/b", "http://ex/p", "http://ex/c", False)]


@pytest.mark.parametrize("options", [{"data": ["a.ttl"], "endpoint": "http://127.0.0.1:9/query"},
                                     {"store": "s", "graph": Graph()}])
def test_one_source_only(options):
    with pytest.raises(DataError, match="give one source"):
        Source(**options)


def test_an_unknown_engine_is_refused():
    with pytest.raises(DataError, match="unknown engine 'fast'"):
        Source(engine="fast")


def test_of_takes_a_source_a_graph_a_path_or_nothing(tiny):
    source = Source()
    assert Source.of(source) is source
    g = Graph()
    assert Source.of(g).graph() is g and Source.of(g).kind == "graph"
    assert Source.of(tiny).files == [str(tiny)] and Source.of([tiny, tiny]).files == [str(tiny)] * 2
    assert Source.of(None).default


def test_a_graph_keeps_its_backend():
    oxigraph = Source(engine="oxigraph").graph()
    assert Source.of(oxigraph).backend.name == "oxigraph" and Source.of(Graph()).backend.name == "rdflib"
    assert Source.of(oxigraph).count() == len(load())


def test_a_built_store_opens_with_the_same_triples(tmp_path, graph):
    n = build_store(None, tmp_path / "s")
    source = Source(store=tmp_path / "s")
    assert n == len(graph) == source.count() and source.backend.name == "oxigraph"
    assert str(source.namespaces()["kg"]) == str(dict(graph.namespaces())["kg"])
    assert source.name == f"the store {tmp_path / 's'}" and source.inputs == (tmp_path / "s",)


def test_a_stores_network_comes_saved_and_its_evidence_from_the_store(tmp_path):
    build_store(None, tmp_path / "s")
    source = Source(store=tmp_path / "s")
    network = source.network()
    assert source._backend is None and network.evidence is None  # read from the saved file only
    assert len(network) == len(concept_network()) and source.evidence().statements() == concept_network().evidence.statements()


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


def test_an_endpoint_is_asked_nothing_until_it_must_answer():
    nt = b"<http://ex/a> <http://ex/p> <http://ex/b> .\n"
    with Fake(count_answer(1560), count_answer(1), (200, "application/n-triples", nt)) as fake:
        source = Source(endpoint=fake.url + "/query").open()
        assert fake.requests == [] and source.backend.name == "remote"
        assert source.count() == 1560  # counted by the endpoint
        cn = source.network()  # counts what the network needs, then fetches it
    assert (len(cn), cn.edge_count) == (2, 1) and len(fake.requests) == 3
    assert cn.facts["triples"] == 1560 and source.graph().value(URIRef("http://ex/a"), URIRef("http://ex/p")) is not None


def test_an_endpoint_network_above_the_bound_is_refused():
    with Fake(count_answer(5000)) as fake:
        with pytest.raises(DataError, match=r"5,000 triples, above the bound of 100"):
            Source(endpoint=fake.url + "/query", max_triples=100).network()


def test_output_names():
    assert str(Source(data=["dir/mine.ttl"]).output_name()) == "mine.html"
    assert str(Source(store="stores/big").output_name(".csv")) == "big.csv"
    assert str(Source(endpoint="http://h/q").output_name()) == "endpoint.html"
    assert Source().output_name() is None


def test_inputs_are_every_file_read_the_default_ones_too():
    from graph.resources import DEFAULT_FILES

    assert Source().inputs == tuple(DEFAULT_FILES)


def test_a_streamed_network_counts_a_triple_said_twice_once(tmp_path):
    path = tmp_path / "twice.ttl"
    path.write_text("@prefix ex: <http://ex.org/> .\nex:a ex:p ex:b .\nex:a ex:p ex:b .\nex:b ex:name \"x\" , \"x\" .\n",
                    encoding="utf-8")
    streamed, loaded = (Source(data=[str(path)], engine=e).network() for e in ("auto", "rdflib"))
    assert streamed.facts["triples"] == loaded.facts["triples"] == 2
    assert streamed.edge_count == loaded.edge_count == 1


def test_the_network_is_read_once_and_the_open_graph_is_scanned(tiny):
    source = Source(data=[tiny])
    assert source.network() is source.network()
    opened = Source(data=[tiny]).open()
    assert opened.network().facts["triples"] == 2  # from the graph already read, not the file again


def test_load_of_no_files_is_an_error():
    with pytest.raises(DataError, match="no data files given"):
        load([])


def test_offline_refuses_the_blocks_own_thread_only():
    """A block left open in one thread (a query abandoned at its time limit) once cut every other
    thread of the process off the network: a local server's client in a test got NetworkRefused."""
    import socket
    import threading
    import urllib.request

    from graph.errors import NetworkRefused
    from graph.source.offline import offline

    inside, leave = threading.Event(), threading.Event()

    def hold():
        with offline():
            inside.set()
            leave.wait(10)

    holder = threading.Thread(target=hold)
    holder.start()
    listener = socket.create_server(("127.0.0.1", 0))
    try:
        assert inside.wait(10)
        socket.create_connection(listener.getsockname(), timeout=5).close()  # another thread: allowed
        with offline(), pytest.raises(NetworkRefused):
            urllib.request.urlopen(f"http://127.0.0.1:{listener.getsockname()[1]}/")
    finally:
        leave.set()
        holder.join()
        listener.close()
